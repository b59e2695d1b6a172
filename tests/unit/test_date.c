/* test_date.c: calendar arithmetic, ISO and strftime-style parsing, intervals (src/util/date.c). */
#include <stdio.h>
#include <string.h>

#include "date.h"
#include "harness.h"

/* kb_date_parse_iso on a C string; returns the date formatted, or "ERR". */
static const char *iso(const char *s)
{
	static char out[16];
	kb_date d = 12345; /* must stay untouched on failure */
	if (kb_date_parse_iso(s, strlen(s), &d) != 0) {
		if (d != 12345)
			return "ERR (output written)";
		return "ERR";
	}
	kb_date_format(d, out);
	return out;
}

static const char *fmt(const char *s, const char *f)
{
	static char out[16];
	kb_date d = 12345;
	if (kb_date_parse_format(s, strlen(s), f, &d) != 0)
		return d == 12345 ? "ERR" : "ERR (output written)";
	kb_date_format(d, out);
	return out;
}

/* kb_interval_parse on a C string, formatted as "N days" / "N months", or "ERR". */
static const char *interval(const char *s)
{
	static char out[64];
	kb_interval iv = {0, KB_UNIT_DAYS};
	if (kb_interval_parse(s, strlen(s), &iv) != 0)
		return "ERR";
	snprintf(out, sizeof out, "%d %s", (int)iv.count, iv.unit == KB_UNIT_DAYS ? "days" : "months");
	return out;
}

static kb_date ymd(int y, int m, int d)
{
	return kb_date_from_ymd(y, m, d);
}

static const char *add(int y, int m, int d, int count, int unit)
{
	static char out[16];
	kb_interval iv = {count, unit};
	kb_date_format(kb_date_add(ymd(y, m, d), iv), out);
	return out;
}

static void test_basics(void)
{
	CHECK_EQ_INT(ymd(1970, 1, 1), 0);
	CHECK_EQ_INT(ymd(1970, 1, 2), 1);
	CHECK_EQ_INT(ymd(1969, 12, 31), -1);
	CHECK_EQ_INT(ymd(2000, 3, 1) - ymd(2000, 2, 28), 2); /* 2000 is a leap year */
	CHECK_EQ_INT(ymd(1900, 3, 1) - ymd(1900, 2, 28), 1); /* 1900 is not */
	CHECK_EQ_INT(ymd(2025, 7, 10), 20279);
	CHECK_EQ_INT(kb_days_in_month(2024, 2), 29);
	CHECK_EQ_INT(kb_days_in_month(2023, 2), 28);
	CHECK_EQ_INT(kb_days_in_month(2100, 2), 28);
	CHECK_EQ_INT(kb_days_in_month(2000, 2), 29);
	CHECK_EQ_INT(kb_days_in_month(2025, 4), 30);
	CHECK_EQ_INT(kb_days_in_month(2025, 12), 31);
	CHECK_EQ_INT(kb_days_in_month(2025, 0), 0);
	CHECK_EQ_INT(kb_days_in_month(2025, 13), 0);
	CHECK(kb_date_valid(1, 1, 1));
	CHECK(kb_date_valid(9999, 12, 31));
	CHECK(!kb_date_valid(0, 12, 31));
	CHECK(!kb_date_valid(10000, 1, 1));
	CHECK(!kb_date_valid(2025, 4, 31));
	CHECK(!kb_date_valid(2025, 1, 0));

	char buf[16];
	kb_date_format(0, buf);
	CHECK_EQ_STR(buf, "1970-01-01");
	kb_date_format(ymd(1, 1, 1), buf);
	CHECK_EQ_STR(buf, "0001-01-01");
	kb_date_format(ymd(9999, 12, 31), buf);
	CHECK_EQ_STR(buf, "9999-12-31");
	kb_date_format(ymd(2024, 2, 29), buf);
	CHECK_EQ_STR(buf, "2024-02-29");

	/* today is some date in this program's lifetime */
	kb_date today = kb_date_today_utc();
	CHECK(today > ymd(2020, 1, 1) && today < ymd(2200, 1, 1));
}

/* Every day from 1900 to 2100 converts to a day number and back, and day numbers are
 * consecutive; so do a few days at the ends of the supported range. */
static void test_round_trip(void)
{
	int bad = 0;
	kb_date prev = ymd(1899, 12, 31);
	for (int y = 1900; y <= 2100 && bad < 5; y++)
		for (int m = 1; m <= 12; m++)
			for (int d = 1; d <= kb_days_in_month(y, m); d++) {
				kb_date dt = ymd(y, m, d);
				int yy, mm, dd;
				kb_date_to_ymd(dt, &yy, &mm, &dd);
				if (dt != prev + 1 || yy != y || mm != m || dd != d) {
					kb_test_fail(__FILE__, __LINE__,
						     "%04d-%02d-%02d -> %d -> %04d-%02d-%02d (previous %d)",
						     y, m, d, (int)dt, yy, mm, dd, (int)prev);
					bad++;
				}
				/* and through the text form */
				char text[16], want[32];
				kb_date_format(dt, text);
				snprintf(want, sizeof want, "%04d-%02d-%02d", y, m, d);
				kb_date back = -1;
				if (strcmp(text, want) != 0 ||
				    kb_date_parse_iso(text, strlen(text), &back) != 0 || back != dt) {
					kb_test_fail(__FILE__, __LINE__, "format/parse of %s gave %s", want,
						     text);
					bad++;
				}
				prev = dt;
			}
	CHECK_EQ_INT(bad, 0);
	CHECK_EQ_INT(prev, ymd(2100, 12, 31));
	CHECK_EQ_INT(ymd(2100, 12, 31) - ymd(1900, 1, 1) + 1, 73414); /* 201 years, 49 leap days */

	static const int ends[][3] = {{1, 1, 1}, {1, 2, 28}, {1, 3, 1}, {400, 2, 29}, {9999, 12, 31}};
	for (size_t i = 0; i < sizeof ends / sizeof ends[0]; i++) {
		int y, m, d;
		kb_date_to_ymd(ymd(ends[i][0], ends[i][1], ends[i][2]), &y, &m, &d);
		CHECK(y == ends[i][0] && m == ends[i][1] && d == ends[i][2]);
	}
	CHECK_EQ_INT(ymd(1, 3, 1) - ymd(1, 2, 28), 1);
}

static void test_parse_iso(void)
{
	CHECK_EQ_STR(iso("2025-07-10"), "2025-07-10");
	CHECK_EQ_STR(iso("2024-02-29"), "2024-02-29");
	CHECK_EQ_STR(iso("2000-02-29"), "2000-02-29");
	CHECK_EQ_STR(iso("0001-01-01"), "0001-01-01");
	CHECK_EQ_STR(iso("9999-12-31"), "9999-12-31");
	CHECK_EQ_STR(iso("2023-02-29"), "ERR");
	CHECK_EQ_STR(iso("1900-02-29"), "ERR");
	CHECK_EQ_STR(iso("2026-02-30"), "ERR");
	CHECK_EQ_STR(iso("2026-04-31"), "ERR");
	CHECK_EQ_STR(iso("2026-13-01"), "ERR");
	CHECK_EQ_STR(iso("2026-00-10"), "ERR");
	CHECK_EQ_STR(iso("2026-01-00"), "ERR");
	CHECK_EQ_STR(iso("2026-1-5"), "ERR");
	CHECK_EQ_STR(iso("2026-01-5"), "ERR");
	CHECK_EQ_STR(iso("0000-01-01"), "ERR");
	CHECK_EQ_STR(iso("99999-01-01"), "ERR");
	CHECK_EQ_STR(iso("10000-01-01"), "ERR");
	CHECK_EQ_STR(iso("-2025-01-01"), "ERR");
	CHECK_EQ_STR(iso("20250710"), "ERR");
	CHECK_EQ_STR(iso("2025/07/10"), "ERR");
	CHECK_EQ_STR(iso(""), "ERR");
	CHECK_EQ_STR(iso("2025-07"), "ERR");
	CHECK_EQ_STR(iso("2025-07-1"), "ERR");

	/* YAML timestamps: the time is accepted and ignored */
	CHECK_EQ_STR(iso("2025-07-10T10:00:00Z"), "2025-07-10");
	CHECK_EQ_STR(iso("2025-07-10 10:00:00 +01:00"), "2025-07-10");
	CHECK_EQ_STR(iso("2025-07-10t10:00:00.5z"), "2025-07-10");
	CHECK_EQ_STR(iso("2025-07-10T10:00:00"), "2025-07-10");
	CHECK_EQ_STR(iso("2025-07-10T10:00:00-05"), "2025-07-10");
	CHECK_EQ_STR(iso("2025-07-10T10:00:00+0100"), "2025-07-10"); /* ISO 8601 basic offset */
	CHECK_EQ_STR(iso("2025-07-10T10:00:00+01:0"), "ERR");
	CHECK_EQ_STR(iso("2025-07-10T10:00:00+010"), "ERR");
	CHECK_EQ_STR(iso("2025-07-10 1:02:03"), "2025-07-10");
	CHECK_EQ_STR(iso("2025-07-10\t\t10:00:00.123456 Z"), "2025-07-10");
	CHECK_EQ_STR(iso("2001-12-14t21:59:43.10-05:00"), "2001-12-14"); /* YAML spec example */
	CHECK_EQ_STR(iso("2025-07-10T25:00:00Z"), "ERR");
	CHECK_EQ_STR(iso("2025-07-10T10:60:00Z"), "ERR");
	CHECK_EQ_STR(iso("2025-07-10T10:00"), "2025-07-10"); /* ISO 8601: seconds may be left out */
	CHECK_EQ_STR(iso("2025-07-10T10:00Z"), "2025-07-10");
	CHECK_EQ_STR(iso("2025-07-10T10:00+02:00"), "2025-07-10");
	CHECK_EQ_STR(iso("2025-07-10T10"), "ERR");
	CHECK_EQ_STR(iso("2025-07-10T10:0"), "ERR");
	CHECK_EQ_STR(iso("2025-07-10T10:00:0"), "ERR");
	CHECK_EQ_STR(iso("2025-07-10T10:00.5"), "ERR"); /* a fraction only after seconds */
	CHECK_EQ_STR(iso("2024-02-29T23:59"), "2024-02-29");
	CHECK_EQ_STR(iso("2023-02-29T23:59"), "ERR");
	CHECK_EQ_STR(iso("2025-07-10T"), "ERR");
	CHECK_EQ_STR(iso("2025-07-10 "), "ERR");
	CHECK_EQ_STR(iso("2025-07-10TZ"), "ERR");
	CHECK_EQ_STR(iso("2025-07-10T10:00:00ZZ"), "ERR");
	CHECK_EQ_STR(iso("2025-07-10T10:00:00Z "), "ERR");
	CHECK_EQ_STR(iso("2025-07-10T10:00:00 +01:00x"), "ERR");

	/* trailing junk */
	CHECK_EQ_STR(iso("2025-07-10x"), "ERR");
	CHECK_EQ_STR(iso("2025-07-100"), "ERR");
	CHECK_EQ_STR(iso("2025-07-10 x"), "ERR");
	CHECK_EQ_STR(iso("2025-07-10\n"), "ERR");
	CHECK_EQ_STR(iso(" 2025-07-10"), "ERR");

	/* only s[0..n) is read */
	kb_date d = 0;
	CHECK_EQ_INT(kb_date_parse_iso("2025-07-10junk", 10, &d), 0);
	CHECK_EQ_INT(d, ymd(2025, 7, 10));
	CHECK_EQ_INT(kb_date_parse_iso("2025-07-10", 9, &d), -1);
}

static void test_parse_format(void)
{
	CHECK_EQ_STR(fmt("07/10/2025", "%m/%d/%Y"), "2025-07-10");
	CHECK_EQ_STR(fmt("7/10/2025", "%m/%d/%Y"), "2025-07-10");
	CHECK_EQ_STR(fmt("7/1/2025", "%m/%d/%Y"), "2025-07-01");
	CHECK_EQ_STR(fmt("02/29/2024", "%m/%d/%Y"), "2024-02-29");
	CHECK_EQ_STR(fmt("02/29/2023", "%m/%d/%Y"), "ERR");
	CHECK_EQ_STR(fmt("02/30/2024", "%m/%d/%Y"), "ERR");
	CHECK_EQ_STR(fmt("13/01/2025", "%m/%d/%Y"), "ERR");
	CHECK_EQ_STR(fmt("00/01/2025", "%m/%d/%Y"), "ERR");
	CHECK_EQ_STR(fmt("07/00/2025", "%m/%d/%Y"), "ERR");
	CHECK_EQ_STR(fmt("07/32/2025", "%m/%d/%Y"), "ERR");
	CHECK_EQ_STR(fmt("07/10/25", "%m/%d/%Y"), "ERR");
	CHECK_EQ_STR(fmt("07/10/2025 ", "%m/%d/%Y"), "ERR");
	CHECK_EQ_STR(fmt("07-10-2025", "%m/%d/%Y"), "ERR");
	CHECK_EQ_STR(fmt("007/10/2025", "%m/%d/%Y"), "ERR");
	CHECK_EQ_STR(fmt("", "%m/%d/%Y"), "ERR");
	CHECK_EQ_STR(fmt("2025-07-10", "%m/%d/%Y"), "ERR");

	CHECK_EQ_STR(fmt("31 March 2025", "%d %B %Y"), "2025-03-31");
	CHECK_EQ_STR(fmt("1 march 2025", "%d %B %Y"), "2025-03-01");
	CHECK_EQ_STR(fmt("31   March 2025", "%d %B %Y"), "2025-03-31"); /* a space matches several */
	CHECK_EQ_STR(fmt("31March 2025", "%d %B %Y"), "ERR");
	CHECK_EQ_STR(fmt("31 April 2025", "%d %B %Y"), "ERR");
	CHECK_EQ_STR(fmt("29 February 2025", "%d %B %Y"), "ERR");
	CHECK_EQ_STR(fmt("29 February 2024", "%d %B %Y"), "2024-02-29");
	CHECK_EQ_STR(fmt("31 Marc 2025", "%d %B %Y"), "ERR");
	CHECK_EQ_STR(fmt("31 Smarch 2025", "%d %B %Y"), "ERR");
	CHECK_EQ_STR(fmt("31 Ma 2025", "%d %B %Y"), "ERR");

	CHECK_EQ_STR(fmt("Mar 31, 2025", "%b %d, %Y"), "2025-03-31");
	CHECK_EQ_STR(fmt("Mar. 31, 2025", "%b %d, %Y"), "2025-03-31");
	CHECK_EQ_STR(fmt("Sept 30, 2025", "%b %d, %Y"), "2025-09-30");
	CHECK_EQ_STR(fmt("Sep 30, 2025", "%b %d, %Y"), "2025-09-30");
	CHECK_EQ_STR(fmt("DEC 25, 2025", "%b %d, %Y"), "2025-12-25");
	CHECK_EQ_STR(fmt("Feb 30, 2025", "%b %d, %Y"), "ERR");
	CHECK_EQ_STR(fmt("Jun 31, 2025", "%b %d, %Y"), "ERR");
	CHECK_EQ_STR(fmt("Mar 31 2025", "%b %d, %Y"), "ERR");

	CHECK_EQ_STR(fmt(" 5.7.25", "%e.%m.%y"), "2025-07-05");
	CHECK_EQ_STR(fmt("5.7.69", "%e.%m.%y"), "1969-07-05"); /* POSIX pivot */
	CHECK_EQ_STR(fmt("5.7.68", "%e.%m.%y"), "2068-07-05");
	CHECK_EQ_STR(fmt("2025%07%10", "%Y%%%m%%%d"), "2025-07-10");
	CHECK_EQ_STR(fmt("2025-07", "%Y-%m"), "ERR"); /* no day */
	CHECK_EQ_STR(fmt("2025-07-10", "%Y-%m-%d %H"), "ERR");
	CHECK_EQ_STR(fmt("2025-07-10", "%Y-%m-%q"), "ERR");
}

/* Parses s with each default form in turn, as a config with no date_formats does. */
static const char *dflt(const char *s)
{
	for (size_t i = 0; i < KB_DATE_NDEFAULTS; i++) {
		const char *r = fmt(s, kb_date_defaults[i].format);
		if (strcmp(r, "ERR") != 0)
			return r;
	}
	return "ERR";
}

static void test_default_forms(void)
{
	/* docfx's ms.date: MM/DD/YYYY and M/D/YYYY, US order */
	CHECK_EQ_STR(dflt("03/14/2024"), "2024-03-14");
	CHECK_EQ_STR(dflt("3/4/2024"), "2024-03-04");
	CHECK_EQ_STR(dflt("03/04/2024"), "2024-03-04"); /* March 4, never 3 April */
	CHECK_EQ_STR(dflt("12/31/2024"), "2024-12-31");
	CHECK_EQ_STR(dflt("1/1/0001"), "0001-01-01");
	CHECK_EQ_STR(dflt("12/31/9999"), "9999-12-31");
	/* leap days */
	CHECK_EQ_STR(dflt("02/29/2024"), "2024-02-29");
	CHECK_EQ_STR(dflt("2/29/2000"), "2000-02-29");
	CHECK_EQ_STR(dflt("02/29/1900"), "ERR");
	CHECK_EQ_STR(dflt("02/29/2023"), "ERR");
	CHECK_EQ_STR(dflt("29 February 2024"), "2024-02-29");
	CHECK_EQ_STR(dflt("29 Feb 2023"), "ERR");
	CHECK_EQ_STR(dflt("Feb 29, 2024"), "2024-02-29");
	CHECK_EQ_STR(dflt("February 29, 2100"), "ERR");
	/* days that do not exist, and two-digit days at the month's edge */
	CHECK_EQ_STR(dflt("02/30/2024"), "ERR");
	CHECK_EQ_STR(dflt("04/31/2024"), "ERR");
	CHECK_EQ_STR(dflt("04/30/2024"), "2024-04-30");
	CHECK_EQ_STR(dflt("01/31/2024"), "2024-01-31");
	CHECK_EQ_STR(dflt("01/32/2024"), "ERR");
	CHECK_EQ_STR(dflt("00/10/2024"), "ERR");
	CHECK_EQ_STR(dflt("03/00/2024"), "ERR");
	CHECK_EQ_STR(dflt("14/03/2024"), "ERR"); /* day first is not read by default */
	CHECK_EQ_STR(dflt("31 June 2024"), "ERR");
	CHECK_EQ_STR(dflt("30 June 2024"), "2024-06-30");
	CHECK_EQ_STR(dflt("June 31, 2024"), "ERR");
	/* not these shapes */
	CHECK_EQ_STR(dflt("003/14/2024"), "ERR");
	CHECK_EQ_STR(dflt("03/14/24"), "ERR");
	CHECK_EQ_STR(dflt("03/14/02024"), "ERR");
	CHECK_EQ_STR(dflt("03-14-2024"), "ERR");
	CHECK_EQ_STR(dflt("03/14/2024 10:00"), "ERR");
	CHECK_EQ_STR(dflt("3/4"), "ERR");
	CHECK_EQ_STR(dflt("March 2024"), "ERR");
	CHECK_EQ_STR(dflt("14.03.2024"), "ERR");
	/* D Month YYYY and Month D, YYYY, full or short month names */
	CHECK_EQ_STR(dflt("14 March 2024"), "2024-03-14");
	CHECK_EQ_STR(dflt("4 Mar 2024"), "2024-03-04");
	CHECK_EQ_STR(dflt("04 mar 2024"), "2024-03-04");
	CHECK_EQ_STR(dflt("4 Sept 2024"), "2024-09-04");
	CHECK_EQ_STR(dflt("March 14, 2024"), "2024-03-14");
	CHECK_EQ_STR(dflt("Mar 4, 2024"), "2024-03-04");
	CHECK_EQ_STR(dflt("Mar. 4, 2024"), "2024-03-04");
	CHECK_EQ_STR(dflt("MAY 1, 2024"), "2024-05-01");
	CHECK_EQ_STR(dflt("March 14 2024"), "ERR"); /* the comma is part of the form */
	CHECK_EQ_STR(dflt("14 March, 2024"), "ERR");
	CHECK_EQ_STR(dflt("Mars 14, 2024"), "ERR");
	CHECK_EQ_STR(dflt("14 Ma 2024"), "ERR");
	CHECK_EQ_STR(dflt("March 114, 2024"), "ERR");

	char h[64];
	CHECK_EQ_STR(kb_date_defaults[0].human, "MM/DD/YYYY");
	kb_date_format_human("%d.%m.%Y", h, sizeof h);
	CHECK_EQ_STR(h, "DD.MM.YYYY");
	kb_date_format_human("%e %b %y, %B %%", h, sizeof h);
	CHECK_EQ_STR(h, "D Mon YY, Month %");
	kb_date_format_human("%q%", h, sizeof h);
	CHECK_EQ_STR(h, "%q%");
	kb_date_format_human("%Y-%m-%d", h, 6);
	CHECK_EQ_STR(h, "YYYY-");
	kb_date_format_swap("%m/%d/%Y", h, sizeof h);
	CHECK_EQ_STR(h, "%d/%m/%Y");
	kb_date_format_swap("%e.%m.%y %%d", h, sizeof h);
	CHECK_EQ_STR(h, "%m.%d.%y %%d");
}

/* kb_date_guess_format on a C string, or "NONE". */
static const char *guess(const char *s)
{
	static char out[32];
	if (!kb_date_guess_format(s, strlen(s), out, sizeof out, NULL, 0))
		return "NONE";
	return out;
}

/* The form as written that kb_date_guess_format gives, or "NONE". */
static const char *written(const char *s)
{
	static char human[48];
	char out[32];
	if (!kb_date_guess_format(s, strlen(s), out, sizeof out, human, sizeof human))
		return "NONE";
	return human;
}

static void test_guess(void)
{
	CHECK_EQ_STR(guess("14.03.2024"), "%d.%m.%Y");
	CHECK_EQ_STR(guess("03.04.2024"), "%d.%m.%Y"); /* dots: day first */
	CHECK_EQ_STR(guess("4.3.2024"), "%d.%m.%Y");
	CHECK_EQ_STR(guess("14/03/2024"), "%d/%m/%Y");
	CHECK_EQ_STR(guess("03/14/2024"), "%m/%d/%Y");
	CHECK_EQ_STR(guess("03/04/2024"), "%m/%d/%Y"); /* slashes: US order */
	CHECK_EQ_STR(guess("14-03-2024"), "%d-%m-%Y");
	CHECK_EQ_STR(guess("03-14-2024"), "%m-%d-%Y");
	CHECK_EQ_STR(guess("2024/03/14"), "%Y/%m/%d");
	CHECK_EQ_STR(guess("2024.3.4"), "%Y.%m.%d");
	CHECK_EQ_STR(guess("2024-14-03"), "%Y-%d-%m"); /* only when nothing else reads it */
	CHECK_EQ_STR(guess("14.03.24"), "%d.%m.%y");
	CHECK_EQ_STR(guess("14-Mar-2024"), "%d-%b-%Y");
	CHECK_EQ_STR(guess("14. März 2024"), "NONE");
	CHECK_EQ_STR(guess("14. March 2024"), "%d. %B %Y");
	CHECK_EQ_STR(guess("Mar 14 2024"), "%b %d %Y");
	CHECK_EQ_STR(guess("March 14 2024"), "%B %d %Y");
	CHECK_EQ_STR(guess("Mar. 4 2024"), "%b %d %Y");
	CHECK_EQ_STR(guess("2024 March 14"), "%Y %B %d");
	CHECK_EQ_STR(guess("14 March, 2024"), "%d %B, %Y");
	/* no valid date, or no date at all */
	CHECK_EQ_STR(guess("30.02.2024"), "NONE");
	CHECK_EQ_STR(guess("29.02.2023"), "NONE");
	CHECK_EQ_STR(guess("29.02.2024"), "%d.%m.%Y");
	CHECK_EQ_STR(guess("13/15/2026"), "NONE");
	CHECK_EQ_STR(guess("32.01.2024"), "NONE");
	CHECK_EQ_STR(guess("14.03.2024 10:00"), "NONE");
	CHECK_EQ_STR(guess("14.03"), "NONE");
	CHECK_EQ_STR(guess("March 2024"), "NONE");
	CHECK_EQ_STR(guess("next spring"), "NONE");
	CHECK_EQ_STR(guess("Q1 2024"), "NONE");
	CHECK_EQ_STR(guess("14%03%2024"), "NONE");
	CHECK_EQ_STR(guess("14\t03\t2024"), "NONE");
	CHECK_EQ_STR(guess("14 03 2024 x"), "NONE");
	CHECK_EQ_STR(guess("114.03.2024"), "NONE");
	CHECK_EQ_STR(guess("14.03.20245"), "NONE");
	CHECK_EQ_STR(guess("March 14 April"), "NONE");
	CHECK_EQ_STR(guess(""), "NONE");
	char small[4], fits[32];
	CHECK(!kb_date_guess_format("14.03.2024", 10, small, sizeof small, NULL, 0));
	CHECK(!kb_date_guess_format("14.03.2024", 10, fits, sizeof fits, small, sizeof small));

	CHECK_EQ_STR(written("14.03.2024"), "DD.MM.YYYY");
	CHECK_EQ_STR(written("4.3.2024"), "D.M.YYYY");
	CHECK_EQ_STR(written("2024-3-14"), "YYYY-M-DD");
	CHECK_EQ_STR(written("14-Mar-24"), "DD-Mon-YY");
	CHECK_EQ_STR(written("Mar. 4 2024"), "Mon D YYYY");
	CHECK_EQ_STR(written("March 14 2024"), "Month DD YYYY");
	CHECK_EQ_STR(written("30.02.2024"), "NONE");
}

static void test_interval(void)
{
	CHECK_EQ_STR(interval("90 days"), "90 days");
	CHECK_EQ_STR(interval("90d"), "90 days");
	CHECK_EQ_STR(interval("1 day"), "1 days");
	CHECK_EQ_STR(interval("2 weeks"), "14 days");
	CHECK_EQ_STR(interval("2w"), "14 days");
	CHECK_EQ_STR(interval("6 months"), "6 months");
	CHECK_EQ_STR(interval("6mo"), "6 months");
	CHECK_EQ_STR(interval("1 year"), "12 months");
	CHECK_EQ_STR(interval("1y"), "12 months");
	CHECK_EQ_STR(interval("2 years"), "24 months");
	CHECK_EQ_STR(interval("12 months"), "12 months");
	CHECK_EQ_STR(interval(" 3 Months "), "3 months");
	CHECK_EQ_STR(interval("3 MONTHS"), "3 months");
	CHECK_EQ_STR(interval("100 years"), "1200 months");

	CHECK_EQ_STR(interval("6 mnths"), "ERR");
	CHECK_EQ_STR(interval("six months"), "ERR");
	CHECK_EQ_STR(interval("0 days"), "ERR");
	CHECK_EQ_STR(interval("0y"), "ERR");
	CHECK_EQ_STR(interval("-1 days"), "ERR");
	CHECK_EQ_STR(interval("+1 days"), "ERR");
	CHECK_EQ_STR(interval("90"), "ERR");
	CHECK_EQ_STR(interval(""), "ERR");
	CHECK_EQ_STR(interval("   "), "ERR");
	CHECK_EQ_STR(interval("days"), "ERR");
	CHECK_EQ_STR(interval("1.5 years"), "ERR");
	CHECK_EQ_STR(interval("6 months ago"), "ERR");
	CHECK_EQ_STR(interval("6 months,"), "ERR");
	CHECK_EQ_STR(interval("101 years"), "ERR"); /* longer than any review interval */
	CHECK_EQ_STR(interval("99999999999999999999 days"), "ERR");

	kb_interval iv = {0, KB_UNIT_DAYS};
	CHECK_EQ_INT(kb_interval_parse("6 monthsXYZ", 8, &iv), 0); /* only s[0..n) is read */
	CHECK_EQ_INT(iv.count, 6);
	CHECK_EQ_INT(iv.unit, KB_UNIT_MONTHS);

	char out[32];
	kb_interval_format((kb_interval){90, KB_UNIT_DAYS}, out);
	CHECK_EQ_STR(out, "90 days");
	kb_interval_format((kb_interval){1, KB_UNIT_DAYS}, out);
	CHECK_EQ_STR(out, "1 day");
	kb_interval_format((kb_interval){6, KB_UNIT_MONTHS}, out);
	CHECK_EQ_STR(out, "6 months");
	kb_interval_format((kb_interval){12, KB_UNIT_MONTHS}, out);
	CHECK_EQ_STR(out, "1 year");
	kb_interval_format((kb_interval){36, KB_UNIT_MONTHS}, out);
	CHECK_EQ_STR(out, "3 years");
}

static void test_add(void)
{
	CHECK_EQ_STR(add(2025, 8, 31, 6, KB_UNIT_MONTHS), "2026-02-28");
	CHECK_EQ_STR(add(2023, 8, 31, 6, KB_UNIT_MONTHS), "2024-02-29");
	CHECK_EQ_STR(add(2024, 2, 29, 12, KB_UNIT_MONTHS), "2025-02-28");
	CHECK_EQ_STR(add(2024, 2, 29, 48, KB_UNIT_MONTHS), "2028-02-29");
	CHECK_EQ_STR(add(2025, 1, 31, 1, KB_UNIT_MONTHS), "2025-02-28");
	CHECK_EQ_STR(add(2025, 3, 31, 1, KB_UNIT_MONTHS), "2025-04-30");
	CHECK_EQ_STR(add(2025, 1, 15, 1, KB_UNIT_MONTHS), "2025-02-15");
	CHECK_EQ_STR(add(2025, 12, 15, 1, KB_UNIT_MONTHS), "2026-01-15");
	CHECK_EQ_STR(add(2025, 11, 30, 2, KB_UNIT_MONTHS), "2026-01-30");
	CHECK_EQ_STR(add(2025, 7, 10, 6, KB_UNIT_MONTHS), "2026-01-10");
	CHECK_EQ_STR(add(2025, 7, 10, 1200, KB_UNIT_MONTHS), "2125-07-10");
	CHECK_EQ_STR(add(2025, 12, 20, 14, KB_UNIT_DAYS), "2026-01-03");
	CHECK_EQ_STR(add(2024, 12, 31, 1, KB_UNIT_DAYS), "2025-01-01");
	CHECK_EQ_STR(add(2024, 2, 28, 1, KB_UNIT_DAYS), "2024-02-29");
	CHECK_EQ_STR(add(2025, 7, 10, 90, KB_UNIT_DAYS), "2025-10-08");
	CHECK_EQ_STR(add(2024, 1, 1, 366, KB_UNIT_DAYS), "2025-01-01");

	/* parse and add together, as freshness does */
	kb_interval iv;
	CHECK_EQ_INT(kb_interval_parse("1 year", 6, &iv), 0);
	char out[16];
	kb_date_format(kb_date_add(ymd(2024, 2, 29), iv), out);
	CHECK_EQ_STR(out, "2025-02-28");
}

int main(int argc, char **argv)
{
	(void)argc;
	test_basics();
	test_round_trip();
	test_parse_iso();
	test_parse_format();
	test_default_forms();
	test_guess();
	test_interval();
	test_add();
	return kb_test_report(argv[0]);
}
