/* test_value.c: value normalization and quantities in prose (src/value/value.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "value.h"

enum { MAX_SPANS = 16, FUZZ_ROUNDS = 20000, FUZZ_MAX_LEN = 48 };

/* Parses both strings and compares the values. */
static bool same(const char *a, const char *b)
{
	kb_value va, vb;
	kb_value_parse(a, strlen(a), &va);
	kb_value_parse(b, strlen(b), &vb);
	bool eq = kb_value_equal(&va, &vb);
	kb_value_free(&va);
	kb_value_free(&vb);
	return eq;
}

/* The normalized form of s (static storage). */
static const char *fmt(const char *s)
{
	static char out[128];
	kb_value v;
	kb_buf b = {0};
	kb_value_parse(s, strlen(s), &v);
	kb_value_format(&v, &b);
	snprintf(out, sizeof out, "%s", b.data ? b.data : "");
	kb_buf_free(&b);
	kb_value_free(&v);
	return out;
}

static int kind(const char *s)
{
	kb_value v;
	kb_value_parse(s, strlen(s), &v);
	int k = v.kind;
	kb_value_free(&v);
	return k;
}

static const char *unit(const char *s)
{
	static char out[KB_VALUE_UNIT_MAX];
	kb_value v;
	kb_value_parse(s, strlen(s), &v);
	memcpy(out, v.unit, sizeof out);
	kb_value_free(&v);
	return out;
}

/* The quantities kb_find_quantities finds in s, as "[text][text]" (static storage). */
static const char *spans(const char *s)
{
	static char out[512];
	kb_qspan sp[MAX_SPANS];
	size_t n = kb_find_quantities(s, strlen(s), sp, MAX_SPANS);
	size_t len = 0;
	out[0] = 0;
	for (size_t i = 0; i < n && len < sizeof out; i++)
		len += (size_t)snprintf(out + len, sizeof out - len, "[%.*s]",
					(int)(sp[i].end - sp[i].start), s + sp[i].start);
	return out;
}

static void test_numbers(void)
{
	CHECK_EQ_INT(kind("30"), KB_VAL_NUMBER);
	CHECK_EQ_STR(unit("30"), "");
	CHECK(same("30", "thirty"));
	CHECK(same("30", "thirty (30)"));
	CHECK(same("30", "30 (thirty)"));
	CHECK(same("30", " 30 "));
	CHECK(same("1,000", "1000"));
	CHECK(same("1,000", "one thousand"));
	CHECK(same("1,000", "a thousand"));
	CHECK(same("25", "twenty-five"));
	CHECK(same("25", "twenty five"));
	CHECK(same("100", "a hundred"));
	CHECK(same("105", "one hundred and five"));
	CHECK(same("1,250,000", "one million two hundred fifty thousand"));
	CHECK(same("1500000", "1.5 million"));
	CHECK(same("12", "a dozen"));
	CHECK(same("1.5", "one and a half"));
	CHECK(same("0.5", "half")); /* judgement call: "half" alone is 0.5 */
	CHECK(same("1.50", "1.5"));
	CHECK(!same("30", "31"));
	CHECK(!same("30", "thirteen"));
	CHECK(!same("1,000", "1.000")); /* 1.000 is one, not a thousand */
	CHECK(!same("1.5", "15"));
	CHECK(!same("25", "twenty"));
	/* the echo must agree, else it is text */
	CHECK_EQ_INT(kind("thirty (20)"), KB_VAL_TEXT);
	CHECK_EQ_INT(kind("five five"), KB_VAL_TEXT);
	CHECK_EQ_INT(kind("twenty eleven"), KB_VAL_TEXT);
	CHECK_EQ_INT(kind("7.2.1"), KB_VAL_TEXT);
	CHECK_EQ_STR(fmt("1,000"), "1000");
	CHECK_EQ_STR(fmt("1.5"), "1.5");

	/* ranges */
	CHECK(same("3-5", "3\xE2\x80\x93" "5")); /* en dash */
	CHECK(same("3-5", "3 to 5"));
	CHECK(same("3-5", "between 3 and 5"));
	CHECK(same("3-5", "from 3 to 5"));
	CHECK(same("3-5", "3 - 5"));
	CHECK(same("3-5", "three to five"));
	CHECK(!same("3-5", "3"));
	CHECK(!same("3-5", "3-6"));
	CHECK(!same("3-5", "4-5"));
	CHECK_EQ_INT(kind("5-3"), KB_VAL_TEXT); /* backwards: not a range */
	CHECK_EQ_STR(fmt("3 to 5"), "3-5");

	/* counted nouns */
	CHECK_EQ_STR(unit("10 seats"), "seat");
	CHECK_EQ_STR(unit("1022 characters"), "character");
	CHECK_EQ_STR(unit("1 user"), "user");
	CHECK_EQ_STR(unit("3 replies"), "reply");
	CHECK_EQ_STR(unit("2 branches"), "branch");
	CHECK_EQ_STR(unit("4 people"), "person");
	CHECK_EQ_STR(unit("10 Concurrent Users"), "concurrent user");
	CHECK(same("10 seats", "ten seats"));
	CHECK(same("10 seats", "10 Seats"));
	CHECK(same("1 seat", "one seat"));
	CHECK(same("5 users", "five (5) users"));
	CHECK(same("3-5 users", "3 to 5 users"));
	CHECK(!same("10 seats", "10 users"));
	CHECK(!same("10 seats", "10"));
	CHECK(!same("10 seats", "11 seats"));
	CHECK(!same("10 users", "10 concurrent users"));
	CHECK_EQ_STR(fmt("10 seats"), "10 seats");
	CHECK_EQ_STR(fmt("1 seat"), "1 seat");
	CHECK_EQ_STR(fmt("4 people"), "4 people");
	CHECK_EQ_STR(fmt("2 replies"), "2 replies");
	CHECK_EQ_STR(fmt("2 branches"), "2 branches");

	/* data sizes keep their unit; no conversion between them */
	CHECK_EQ_STR(unit("5 GB"), "gb");
	CHECK(same("5 GB", "5GB"));
	CHECK(same("5 GB", "5 gigabytes"));
	CHECK(!same("5 GB", "5 GiB"));
	CHECK(!same("5 GB", "5000 MB"));
	CHECK_EQ_STR(fmt("5 gigabytes"), "5 GB");
	CHECK_EQ_STR(fmt("5 GiB"), "5 GiB");
}

static void test_durations(void)
{
	CHECK_EQ_INT(kind("14 days"), KB_VAL_DURATION);
	CHECK_EQ_STR(unit("14 days"), "hour");
	CHECK(same("2 weeks", "14 days"));
	CHECK(same("two weeks", "14 days"));
	CHECK(same("48 hours", "2 days"));
	CHECK(same("48h", "2 days"));
	CHECK(same("90 minutes", "1.5 hours"));
	CHECK(same("90 min", "one and a half hours"));
	CHECK(same("3600 seconds", "1 hour"));
	CHECK(same("30 minutes", "half an hour"));
	CHECK(same("12 hours", "half a day"));
	CHECK(same("1 year", "12 months"));
	CHECK(same("2 years", "24 months"));
	CHECK(same("1 quarter", "3 months"));
	CHECK(same("30-day", "30 days"));
	CHECK(same("thirty-day", "30 days"));
	CHECK(same("30-day", "thirty (30) days"));
	CHECK(same("a week", "7 days"));
	CHECK(same("an hour", "60 minutes"));
	CHECK(same("1 fortnight", "14 days"));
	CHECK(same("1 day", "24 hours"));
	CHECK(same("3-5 days", "3 to 5 days"));
	CHECK(same("3-5 days", "3 - 5 days"));
	CHECK(same("3-5 days", "3\xE2\x80\x93" "5 days"));
	CHECK(same("3-5 days", "between 3 and 5 days"));
	CHECK(same("3-5 days", "3 days - 5 days"));
	CHECK(same("1-2 days", "24-48 hours"));
	CHECK(same("1 hour to 90 minutes", "60-90 minutes"));
	CHECK(same("1 day - 36 hours", "24-36 hours"));
	CHECK(!same("2 weeks", "15 days"));
	CHECK(!same("1 year", "365 days")); /* months are not a fixed number of days */
	CHECK(!same("1 month", "30 days"));
	CHECK(!same("14 days", "14"));
	CHECK(!same("14 days", "14 hours"));
	CHECK(!same("3-5 days", "3-5 weeks"));

	/* business, working and calendar days never equal plain days, or each other */
	CHECK_EQ_STR(unit("5 business days"), "business-day");
	CHECK_EQ_STR(unit("5 working days"), "business-day");
	CHECK_EQ_STR(unit("30 calendar days"), "calendar-day");
	CHECK(same("5 business days", "5 working days"));
	CHECK(same("5 business days", "five business days"));
	CHECK(same("5 business days", "5-business-day"));
	CHECK(same("5 business days", "1 business week"));
	CHECK(same("10 business days", "2 business weeks"));
	CHECK(same("5 business days", "5 workdays"));
	CHECK(same("30 calendar days", "thirty calendar days"));
	CHECK(!same("5 business days", "5 days"));
	CHECK(!same("5 business days", "5 calendar days"));
	CHECK(!same("5 calendar days", "5 days"));
	CHECK(!same("5 business days", "1 week"));
	CHECK(!same("24 business hours", "24 hours"));
	CHECK(!same("24 business hours", "1 business day"));

	CHECK_EQ_STR(fmt("2 weeks"), "14 days");
	CHECK_EQ_STR(fmt("1 day"), "1 day");
	CHECK_EQ_STR(fmt("36 hours"), "36 hours");
	CHECK_EQ_STR(fmt("90 minutes"), "90 minutes");
	CHECK_EQ_STR(fmt("45 seconds"), "45 seconds");
	CHECK_EQ_STR(fmt("0 seconds"), "0 hours");
	CHECK_EQ_STR(fmt("two and a half hours"), "150 minutes");
	CHECK_EQ_STR(fmt("1 year"), "12 months");
	CHECK_EQ_STR(fmt("3 to 5 days"), "3-5 days");
	CHECK_EQ_STR(fmt("5 working days"), "5 business days");
	CHECK_EQ_STR(fmt("1 business day"), "1 business day");
	CHECK_EQ_STR(fmt("30 calendar days"), "30 calendar days");
	CHECK_EQ_STR(fmt("a week"), "7 days");
}

static void test_money(void)
{
	CHECK_EQ_INT(kind("$49"), KB_VAL_MONEY);
	CHECK_EQ_STR(unit("$49"), "USD");
	CHECK(same("$49", "49 USD"));
	CHECK(same("$49", "$49.00"));
	CHECK(same("$49", "US$49"));
	CHECK(same("$49", "USD 49"));
	CHECK(same("$49", "USD49"));
	CHECK(same("$49", "49 dollars"));
	CHECK(same("$49", "49 US dollars"));
	CHECK(same("$49", "$ 49"));
	CHECK(same("\xE2\x82\xAC" "49", "49 EUR"));
	CHECK(same("\xE2\x82\xAC" "49", "49 euros"));
	CHECK(same("\xE2\x82\xAC" "49", "49 \xE2\x82\xAC"));
	CHECK(same("\xC2\xA3" "49", "49 GBP"));
	CHECK(same("$1,000", "$1000"));
	CHECK(same("$1,000", "$1k"));
	CHECK(same("$2,000,000", "$2M"));
	CHECK(same("$2,000,000", "$2 million"));
	CHECK(same("$10-$20", "$10-20"));
	CHECK(same("$10-$20", "$10 to $20"));
	CHECK(same("$10-$20", "between $10 and $20"));
	CHECK(!same("$49", "\xE2\x82\xAC" "49"));
	CHECK(!same("$49", "49 EUR"));
	CHECK(!same("$49", "\xC2\xA3" "49"));
	CHECK(!same("$49", "C$49"));
	CHECK(!same("$49", "$49.50"));
	CHECK(!same("$49", "49"));
	CHECK_EQ_INT(kind("$49abc"), KB_VAL_TEXT);

	/* a rate keeps its period in the unit */
	CHECK_EQ_STR(unit("$49/month"), "USD/month");
	CHECK(same("$49/month", "$49 per month"));
	CHECK(same("$49/month", "$49/mo"));
	CHECK(same("$49/month", "$49 a month"));
	CHECK(same("$49/month", "$49 monthly"));
	CHECK(same("$49/month", "49 USD per month"));
	CHECK(same("$490/year", "$490 per annum"));
	CHECK(same("$490/year", "$490 annually"));
	CHECK(same("$49 per user per month", "$49/user/month"));
	CHECK(same("$49 per user per month", "$49 per user/month"));
	CHECK_EQ_STR(unit("$49 per user per month"), "USD/user/month");
	CHECK(!same("$49/month", "$49/year"));
	CHECK(!same("$49/month", "$49"));
	CHECK(!same("$49/month", "$49 per user per month"));

	CHECK_EQ_STR(fmt("$49"), "USD 49.00");
	CHECK_EQ_STR(fmt("49 euros"), "EUR 49.00");
	CHECK_EQ_STR(fmt("$1,000"), "USD 1000.00");
	CHECK_EQ_STR(fmt("$10 to $20"), "USD 10.00-20.00");
	CHECK_EQ_STR(fmt("$49 per month"), "USD 49.00/month");
	CHECK_EQ_STR(fmt("$49 per user per month"), "USD 49.00/user/month");
}

static void test_percent(void)
{
	CHECK_EQ_INT(kind("99.9%"), KB_VAL_PERCENT);
	CHECK(same("99.9%", "99.9 percent"));
	CHECK(same("99.9%", "99.9 per cent"));
	CHECK(same("99.9%", "99.9 %"));
	CHECK(same("50%", "fifty percent"));
	CHECK(same("10-20%", "10% to 20%"));
	CHECK(same("10-20%", "between 10 and 20 percent"));
	CHECK(!same("99.9%", "99.99%"));
	CHECK(!same("99.9%", "99.9"));
	CHECK(!same("50%", "0.5"));
	CHECK_EQ_STR(fmt("99.9 per cent"), "99.9%");
	CHECK_EQ_STR(fmt("10 to 20 percent"), "10-20%");
}

static void test_times(void)
{
	CHECK_EQ_INT(kind("9 am"), KB_VAL_TIME);
	CHECK(same("9 am", "9:00"));
	CHECK(same("9 am", "09:00"));
	CHECK(same("9 am", "9:00 AM"));
	CHECK(same("9 am", "9am"));
	CHECK(same("9 am", "9 a.m."));
	CHECK(same("5 pm", "17:00"));
	CHECK(same("5:30 pm", "17:30"));
	CHECK(same("9am-5pm", "09:00-17:00"));
	CHECK(same("9am-5pm", "9 am to 5 pm"));
	CHECK(same("9am-5pm", "9:00 AM \xE2\x80\x93 5:00 PM"));
	CHECK(same("9am-5pm", "between 9am and 5pm"));
	CHECK(same("9am-5pm", "from 9 a.m. until 5 p.m."));
	CHECK(same("9am-5pm", "9-5pm")); /* the bare hour takes the half that keeps order */
	CHECK(same("10am-11am", "10-11am"));
	CHECK(same("11am-1pm", "11-1pm"));
	CHECK(same("12 pm", "12:00"));
	CHECK(same("12 pm", "noon"));
	CHECK(same("12 pm", "12 noon"));
	CHECK(same("12 am", "00:00"));
	CHECK(same("12 am", "midnight"));
	CHECK(same("9am-5pm ET", "09:00-17:00 ET"));
	CHECK(!same("9 am", "9 pm"));
	CHECK(!same("9 am", "9"));
	CHECK(!same("12 am", "12 pm"));
	CHECK(!same("9am-5pm", "9am-6pm"));
	CHECK(!same("9am-5pm", "9 am"));
	CHECK(!same("9am-5pm ET", "9am-5pm PT"));
	CHECK(!same("9am-5pm ET", "9am-5pm"));
	CHECK_EQ_INT(kind("13 pm"), KB_VAL_TEXT);
	CHECK_EQ_INT(kind("9:75"), KB_VAL_TEXT);
	CHECK_EQ_STR(unit("9 am UTC+2"), "UTC+2");
	CHECK_EQ_STR(fmt("9am-5pm"), "09:00-17:00");
	CHECK_EQ_STR(fmt("noon"), "12:00");
	CHECK_EQ_STR(fmt("10:30:15 pm"), "22:30:15");
	CHECK_EQ_STR(fmt("9 a.m. to 5 p.m. ET"), "09:00-17:00 ET");
	CHECK_EQ_STR(fmt("10pm-2am"), "22:00-02:00"); /* overnight */
}

static void test_dates(void)
{
	CHECK_EQ_INT(kind("March 31, 2025"), KB_VAL_DATE);
	CHECK(same("March 31, 2025", "2025-03-31"));
	CHECK(same("March 31, 2025", "31 March 2025"));
	CHECK(same("March 31, 2025", "Mar 31st, 2025"));
	CHECK(same("March 2025", "Mar 2025"));
	CHECK(!same("March 31, 2025", "March 30, 2025"));
	CHECK(!same("March 31, 2025", "March 2025"));
	CHECK(!same("2025", "March 2025"));
	CHECK_EQ_INT(kind("2025"), KB_VAL_NUMBER); /* a year alone is a number */
	CHECK_EQ_STR(fmt("March 31, 2025"), "2025-03-31");
	CHECK_EQ_STR(fmt("March 2025"), "2025-03");
	CHECK_EQ_STR(fmt("Q2 2025"), "2025-Q2");
}

static void test_text(void)
{
	CHECK_EQ_INT(kind("Email  Support"), KB_VAL_TEXT);
	CHECK(same("Email  Support", "email support"));
	CHECK(same("Email\tSupport\n", " EMAIL SUPPORT"));
	CHECK(same("Email support.", "email support"));
	CHECK(!same("Email support", "Phone support"));
	CHECK(!same("emailsupport", "email support"));
	CHECK_EQ_STR(fmt("  Email \t Support  "), "email support");
	CHECK(same("", "   "));
	CHECK_EQ_STR(fmt(""), "");
	CHECK(!same("30", "thirty days"));
	CHECK(!same("14 days", "fourteen days later"));

	kb_value v;
	CHECK_EQ_INT(kb_value_parse("Email Support", 13, &v), -1);
	CHECK_EQ_STR(v.text, "email support");
	kb_value_free(&v);
	CHECK(v.text == NULL);
	CHECK_EQ_INT(kb_value_parse("14 days", 7, &v), 0);
	CHECK(v.text == NULL);
	kb_value_free(&v);
	CHECK_EQ_INT(kb_value_parse(NULL, 0, &v), -1);
	kb_value_free(&v);
	/* only n bytes are read */
	CHECK_EQ_INT(kb_value_parse("14 days later", 7, &v), 0);
	CHECK_EQ_INT(v.kind, KB_VAL_DURATION);
	kb_value_free(&v);
	CHECK(!kb_value_equal(NULL, NULL));
}

static void test_bad_input(void)
{
	char big[420];
	memset(big, '9', 400);
	big[400] = 0;
	CHECK_EQ_INT(kind(big), KB_VAL_TEXT);
	strcpy(big + 400, " days");
	CHECK_EQ_INT(kind(big), KB_VAL_TEXT);
	CHECK_EQ_INT(kind("1e999"), KB_VAL_TEXT);
	CHECK_EQ_INT(kind("1e999 days"), KB_VAL_TEXT);
	CHECK_EQ_INT(kind("999999999999999999"), KB_VAL_NUMBER); /* 18 digits: the limit */
	CHECK_EQ_INT(kind("9999999999999999999"), KB_VAL_TEXT);
	CHECK_EQ_INT(kind("$"), KB_VAL_TEXT);
	CHECK_EQ_INT(kind("-"), KB_VAL_TEXT);
	CHECK_EQ_INT(kind("%"), KB_VAL_TEXT);
	CHECK_EQ_INT(kind("between"), KB_VAL_TEXT);
	CHECK_EQ_INT(kind("between 3 and"), KB_VAL_TEXT);
	CHECK_EQ_INT(kind("a"), KB_VAL_TEXT);
	CHECK_EQ_INT(kind("thirty ("), KB_VAL_TEXT);
	CHECK_EQ_INT(kind("9:"), KB_VAL_TEXT);
	CHECK_EQ_INT(kind("$49 per per per per"), KB_VAL_TEXT);
	CHECK_EQ_INT(kind("$49/a/b/c/d"), KB_VAL_TEXT); /* more rate parts than allowed */
	CHECK_EQ_INT(kind("$49 per superextraordinarylongword"), KB_VAL_TEXT);
	CHECK_EQ_INT(kind("one thousand thousand"), KB_VAL_TEXT);
	CHECK_EQ_INT(kind("\xE2\x80\x93\xE2\x82"), KB_VAL_TEXT); /* cut in a UTF-8 sequence */
	kb_value v;
	kb_buf b = {0};
	kb_value_parse("999 trillion dollars", 20, &v);
	kb_value_format(&v, &b); /* huge but finite */
	CHECK(b.len > 0);
	kb_buf_free(&b);
	kb_value_free(&v);
	CHECK_EQ_INT(kb_find_quantities(big, strlen(big), NULL, 4), 0);
	kb_qspan sp[2];
	CHECK_EQ_INT(kb_find_quantities(big, strlen(big), sp, 0), 0);
	CHECK_EQ_INT(kb_find_quantities("5 days, 6 days, 7 days", 22, sp, 2), 2);
}

/* Quantities that start with a word: the quick test on a sentence's words (may_start_word)
 * must let every one of these through, in any case. */
static void test_find_word_starts(void)
{
	CHECK_EQ_STR(spans("Delivery takes between 3 and 5 business days."), "[between 3 and 5 business days]");
	CHECK_EQ_STR(spans("Support answers FROM 9am to 5pm every day."), "[FROM 9am to 5pm]");
	CHECK_EQ_STR(spans("The office closes at noon on Fridays."), "[noon]");
	CHECK_EQ_STR(spans("Backups run at Midnight in every region."), "[Midnight]");
	CHECK_EQ_STR(spans("Over a hundred customers use it daily."), "[a hundred customers]");
	CHECK_EQ_STR(spans("It took an hour for the page to load."), "");
	CHECK_EQ_STR(spans("Refunds take thirty days in total."), "[thirty days]");
	CHECK_EQ_STR(spans("Refunds take Twenty-One days in total."), "[Twenty-One days]");
	CHECK_EQ_STR(spans("Orders placed on March 5, 2024 ship late."), "[March 5, 2024]");
	CHECK_EQ_STR(spans("The plan launched in Q3 2024 for teams."), "[Q3 2024]");
	CHECK_EQ_STR(spans("The add-on costs US$ 10 for each seat."), "[US$ 10]");
	CHECK_EQ_STR(spans("The add-on costs C$10 for each seat."), "[C$10]");
	CHECK_EQ_STR(spans("The add-on costs usd 49 for each seat."), "[usd 49]");
	CHECK_EQ_STR(spans("Seventeen agents answer the phone."), "[Seventeen agents]");
	CHECK_EQ_STR(spans("Customers and admins read the release notes."), "");
}

static void test_find(void)
{
	CHECK_EQ_STR(spans("Standard shipping takes 5 business days within the continental US."),
		     "[5 business days]");
	CHECK_EQ_STR(spans("This parameter was introduced in PowerShell 7.2."), "");
	CHECK_EQ_STR(spans("`Read-Host` has a limit of 1022 characters."), "[1022 characters]");
	CHECK_EQ_STR(spans("Refunds are issued within thirty (30) days."), "[thirty (30) days]");
	CHECK_EQ_STR(spans("The Team plan costs $49 per user per month."), "[$49]");
	CHECK_EQ_STR(spans("Support is open 9am-5pm on weekdays."), "[9am-5pm]");
	CHECK_EQ_STR(spans("See section 3 and figure 4."), "");
	CHECK_EQ_STR(spans("Windows 10 and Server 2019"), "");

	/* more quantities */
	CHECK_EQ_STR(spans("The Team plan includes 10 seats."), "[10 seats]");
	CHECK_EQ_STR(spans("Tokens expire after 48 hours."), "[48 hours]");
	CHECK_EQ_STR(spans("Delivery takes 3-5 days."), "[3-5 days]");
	CHECK_EQ_STR(spans("Delivery takes 3 \xE2\x80\x93 5 days."), "[3 \xE2\x80\x93 5 days]");
	CHECK_EQ_STR(spans("Delivery takes between 3 and 5 days."), "[between 3 and 5 days]");
	CHECK_EQ_STR(spans("Start a 30-day trial today."), "[30-day]");
	CHECK_EQ_STR(spans("Uptime is 99.9% or better."), "[99.9%]");
	CHECK_EQ_STR(spans("Uptime is 99.9 per cent."), "[99.9 per cent]");
	CHECK_EQ_STR(spans("It costs 49 USD, or \xE2\x82\xAC" "45."),
		     "[49 USD][\xE2\x82\xAC" "45]");
	CHECK_EQ_STR(spans("Call us from 9:00 AM to 5:00 PM ET."), "[from 9:00 AM to 5:00 PM ET]");
	CHECK_EQ_STR(spans("Lines open at 09:00."), "[09:00]");
	CHECK_EQ_STR(spans("The offer ends March 31, 2025 at noon."), "[March 31, 2025][noon]");
	CHECK_EQ_STR(spans("Released on 2025-03-31."), "[2025-03-31]");
	CHECK_EQ_STR(spans("Planned for Q3 2025."), "[Q3 2025]");
	CHECK_EQ_STR(spans("Since March 2024, plans include 5 GB."), "[March 2024][5 GB]");
	CHECK_EQ_STR(spans("Add up to 25 users, then 1 user at a time."), "[25 users][1 user]");
	CHECK_EQ_STR(spans("Allow two weeks and 1,000 characters."),
		     "[two weeks][1,000 characters]");
	CHECK_EQ_STR(spans("Keep 3 copies."), "[3 copies]");
	CHECK_EQ_STR(spans("Respond within 2h and resolve within 3d."), "[2h][3d]");
	CHECK_EQ_STR(spans("Between 9 and 10 people attended."), "[Between 9 and 10 people]");
	CHECK_EQ_STR(spans("Open from 8am until 8pm."), "[from 8am until 8pm]");
	CHECK_EQ_STR(spans("Updated on Jan. 5, 2025."), "[Jan. 5, 2025]");
	CHECK_EQ_STR(spans("Save 15 % and a hundred users get $1.5M."),
		     "[15 %][a hundred users][$1.5M]");

	/* not quantities */
	CHECK_EQ_STR(spans("See [1] and [2] for details."), "");
	CHECK_EQ_STR(spans("1. Open the app. 2. Sign in."), "");
	CHECK_EQ_STR(spans("Use the x64 build or utf8 encoding."), "");
	CHECK_EQ_STR(spans("Choose the 1st option, not the 2nd one."), "");
	CHECK_EQ_STR(spans("It was fixed in 2021 and again in 2023."), "");
	CHECK_EQ_STR(spans("In 2020 users asked for this."), "");
	CHECK_EQ_STR(spans("Python 3 supports this; version 2 uses the old API."), "");
	CHECK_EQ_STR(spans("Follow step 2 instructions in KB-1234 articles."), "");
	CHECK_EQ_STR(spans("The server at 10.0.0.1 runs 7.2.1 builds."), "");
	CHECK_EQ_STR(spans("One of the reasons is a week of outages."), "");
	CHECK_EQ_STR(spans("Set `timeout: 30 days` in the config."), "");
	CHECK_EQ_STR(spans("The ratio is 16:9 and the date 03/31/2025."), "");
	CHECK_EQ_STR(spans("Refunds take thirty (20) days."), "");
	CHECK_EQ_STR(spans("No one knows why. Pick one thing. Press 1 for sales."), "");
	CHECK_EQ_STR(spans("The 3D printer and 2FA codes are new."), "");
	CHECK_EQ_STR(spans("Rated 4.5 stars by iOS 17 users."), "");
	CHECK_EQ_STR(spans("Call 1-800-555-0199 or see page 12 notes."), "");
	CHECK_EQ_STR(spans(""), "");
}

/* A tiny fixed-seed generator, so a failure reproduces. */
static unsigned long next_rand(unsigned long *state)
{
	*state = *state * 6364136223846793005UL + 1442695040888963407UL;
	return *state >> 33;
}

static void test_fuzz(void)
{
	static const char *const pieces[] = {
		"5",   "30", "1,000", ".", ",",  "-",   "\xE2\x80\x93", " ",  "days", "business",
		"$",   "%",  "am",    "pm", ":",  "00",  "thirty",       "(",  ")",    "a",
		"and", "to", "between", "March", "2025", "Q1", "\xE2\x82\xAC", "`", "per", "/",
		"hundred", "half", "9", "12", "noon", "ET", "UTC", "+", "\xC2\xA0", "\xE2\x80"};
	unsigned long st = 20250331UL;
	int bad = 0;
	for (int round = 0; round < FUZZ_ROUNDS; round++) {
		char s[FUZZ_MAX_LEN * 12 + 1];
		size_t n = 0, len = next_rand(&st) % FUZZ_MAX_LEN;
		bool tokens = round % 2 == 0;
		for (size_t k = 0; k < len; k++) {
			if (tokens) {
				size_t pick = next_rand(&st) % (sizeof pieces / sizeof *pieces);
				const char *p = pieces[pick];
				memcpy(s + n, p, strlen(p));
				n += strlen(p);
			} else {
				char c = (char)(next_rand(&st) % 255 + 1); /* NUL-free bytes */
				s[n++] = c;
			}
		}
		s[n] = 0;
		kb_value v;
		kb_buf b = {0};
		kb_value_parse(s, n, &v);
		kb_value_format(&v, &b);
		if (v.kind > KB_VAL_TEXT || (v.kind == KB_VAL_TEXT) != (v.text != NULL) ||
		    !kb_value_equal(&v, &v) || memchr(v.unit, 0, sizeof v.unit) == NULL)
			bad++;
		kb_buf_free(&b);
		kb_value_free(&v);
		kb_qspan sp[MAX_SPANS];
		size_t found = kb_find_quantities(s, n, sp, MAX_SPANS), prev = 0;
		for (size_t k = 0; k < found; k++) {
			if (sp[k].start < prev || sp[k].end <= sp[k].start || sp[k].end > n)
				bad++;
			prev = sp[k].end;
			/* every span parses as a value on its own */
			kb_value_parse(s + sp[k].start, sp[k].end - sp[k].start, &v);
			kb_value_free(&v);
		}
		if (found > MAX_SPANS)
			bad++;
	}
	CHECK_EQ_INT(bad, 0);
}

/* Every span found in a sentence parses to a typed value, and to the expected one. */
static void test_spans_parse(void)
{
	static const char *const sentences[] = {
		"Standard shipping takes 5 business days within the continental US.",
		"Refunds are issued within thirty (30) days.",
		"The Team plan costs $49 per user per month.",
		"Support is open 9am-5pm on weekdays.",
		"Call us from 9:00 AM to 5:00 PM ET.",
		"Delivery takes between 3 and 5 days.",
		"The offer ends March 31, 2025 at noon.",
		"Uptime is 99.9 per cent.",
		"Start a 30-day trial today.",
	};
	for (size_t i = 0; i < sizeof sentences / sizeof *sentences; i++) {
		const char *s = sentences[i];
		kb_qspan sp[MAX_SPANS];
		size_t found = kb_find_quantities(s, strlen(s), sp, MAX_SPANS);
		CHECK(found > 0);
		for (size_t k = 0; k < found; k++) {
			kb_value v;
			size_t len = sp[k].end - sp[k].start;
			if (!CHECK_EQ_INT(kb_value_parse(s + sp[k].start, len, &v), 0))
				fprintf(stderr, "    span %zu of \"%s\"\n", k, s);
			kb_value_free(&v);
		}
	}
	CHECK(same("thirty (30) days", "30 days"));
	CHECK(same("5 business days", "five working days"));
}

int main(int argc, char **argv)
{
	(void)argc;
	test_numbers();
	test_durations();
	test_money();
	test_percent();
	test_times();
	test_dates();
	test_text();
	test_bad_input();
	test_find();
	test_find_word_starts();
	test_spans_parse();
	test_fuzz();
	return kb_test_report(argv[0]);
}
