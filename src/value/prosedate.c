/* prosedate.c: reads the dates of prose: days, months, quarters and years. */
#include "prosedate.h"

#include <string.h>

#include "ascii.h"
#include "regex.h"

/* English month names, full or abbreviated ("Sept" and "Sep" both), as a pattern. */
static const char month_pat[] =
	"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
	"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\.?";

/* A strftime-style format as a pattern. */
static void format_pattern(kb_buf *out, const char *f)
{
	kb_buf_puts(out, "(?<!\\d)");
	for (; *f; f++) {
		if (*f == '%' && f[1]) {
			const kb_date_directive *dd = kb_date_directive_of(*++f);
			if (!dd || dd->part == KB_DIR_PERCENT)
				kb_buf_puts(out, "%");
			else if (dd->name)
				kb_buf_puts(out, month_pat);
			else if (dd->part == KB_DIR_YEAR)
				kb_buf_printf(out, "\\d{%d}", dd->width);
			else
				kb_buf_puts(out, dd->pad_space ? " ?\\d{1,2}" : "\\d{1,2}");
			continue;
		}
		char lit[2] = {*f, 0};
		kb_regex_quote(lit, out);
	}
	kb_buf_puts(out, "(?!\\d)");
}

void kb_prose_date_pattern(kb_buf *out, const kb_config *cfg, bool years)
{
	kb_buf_puts(out, "(?<![\\w])(?:(?<!\\d)\\d{4}-\\d{2}-\\d{2}(?!\\d)");
	/* March 31, 2025 / Mar 31 2025 / March 31st, 2025 */
	kb_buf_printf(out, "|%s\\s+\\d{1,2}(?:st|nd|rd|th)?,?\\s+\\d{4}", month_pat);
	/* 31 March 2025 / 31st of March, 2025 */
	kb_buf_printf(out, "|(?<!\\d)\\d{1,2}(?:st|nd|rd|th)?\\s+(?:of\\s+)?%s,?\\s+\\d{4}", month_pat);
	/* March 2025 / March, 2025 / March of 2025 */
	kb_buf_printf(out, "|%s,?\\s+(?:of\\s+)?\\d{4}", month_pat);
	/* Q1 2025 / Q1-2025 / Q1 of 2025 */
	kb_buf_puts(out, "|q[1-4][\\s-]*(?:of\\s+)?\\d{4}");
	for (size_t i = 0; i < cfg->date_formats.n; i++) {
		kb_buf_putc(out, '|');
		format_pattern(out, cfg->date_formats.v[i]);
	}
	/* a year alone; after a '-' only when no digit comes before it: "mid-2024" is a date,
	 * the "2024" of "2023-2024" or "555-2024" is not one of its own */
	if (years)
		kb_buf_puts(out, "|(?<![\\d.,$£€])(?<!\\d-)(?:19|20)\\d{2}(?![\\d%,.]\\d|\\d)");
	kb_buf_puts(out, ")(?![\\w])");
}

/* A month name at s[*i], full or abbreviated (kb_month_at, date.h), and a '.' after it. */
static int month_at(const char *s, size_t n, size_t *i)
{
	int m = kb_month_at(s, n, i);
	if (m && *i < n && s[*i] == '.')
		(*i)++;
	return m;
}

static void skip(const char *s, size_t n, size_t *i, const char *chars)
{
	bool blank = strchr(chars, ' ') != NULL;
	for (;;) {
		if (*i < n && strchr(chars, s[*i]))
			(*i)++;
		/* the pattern's \s also takes a no-break space (U+00A0, or U+202F), which keeps
		 * "31 March 2025" on one line ("31&nbsp;March&nbsp;2025") */
		else if (blank && *i + 1 < n && s[*i] == '\xC2' && s[*i + 1] == '\xA0')
			*i += 2;
		else if (blank && *i + 2 < n && s[*i] == '\xE2' && s[*i + 1] == '\x80' &&
			 s[*i + 2] == '\xAF')
			*i += 3;
		else
			break;
	}
}

static bool word(const char *s, size_t n, size_t *i, const char *w)
{
	size_t l = strlen(w);
	if (*i + l > n)
		return false;
	for (size_t k = 0; k < l; k++)
		if (kb_tolower(s[*i + k]) != w[k])
			return false;
	*i += l;
	return true;
}

static int number(const char *s, size_t n, size_t *i, int maxdigits)
{
	int v = 0, d = 0;
	while (*i < n && kb_isdigit(s[*i]) && d < maxdigits) {
		v = v * 10 + (s[(*i)++] - '0');
		d++;
	}
	return d ? v : -1;
}

static void ordinal(const char *s, size_t n, size_t *i)
{
	if (*i + 2 <= n) {
		char a = kb_tolower(s[*i]), b = kb_tolower(s[*i + 1]);
		if ((a == 's' && b == 't') || (a == 'n' && b == 'd') || (a == 'r' && b == 'd') ||
		    (a == 't' && b == 'h'))
			*i += 2;
	}
}

static int make(kb_span *out, int y, int m, int d, kb_granularity g)
{
	if (y < KB_DATE_MIN_YEAR || y > KB_DATE_MAX_YEAR)
		return -1;
	out->gran = g;
	switch (g) {
	case KB_GRAN_DAY:
		if (!kb_date_valid(y, m, d))
			return -1;
		out->first = out->last = kb_date_from_ymd(y, m, d);
		return 0;
	case KB_GRAN_MONTH:
		out->first = kb_date_from_ymd(y, m, 1);
		out->last = kb_date_from_ymd(y, m, kb_days_in_month(y, m));
		return 0;
	case KB_GRAN_QUARTER:
		out->first = kb_date_from_ymd(y, m, 1);
		out->last = kb_date_from_ymd(y, m + 2, kb_days_in_month(y, m + 2));
		return 0;
	case KB_GRAN_YEAR:
		out->first = kb_date_from_ymd(y, 1, 1);
		out->last = kb_date_from_ymd(y, 12, 31);
		return 0;
	}
	return -1;
}

int kb_prose_date_parse(const char *s, size_t n, const kb_config *cfg, kb_span *out)
{
	kb_date d;
	if (kb_date_parse_iso(s, n, &d) == 0) {
		out->first = out->last = d;
		out->gran = KB_GRAN_DAY;
		return 0;
	}
	size_t i = 0;
	int m, day, y;
	if (kb_tolower(s[0]) == 'q' && n > 1 && s[1] >= '1' && s[1] <= '4') {
		int q = s[1] - '0';
		i = 2;
		skip(s, n, &i, " \t\n-");
		if (word(s, n, &i, "of"))
			skip(s, n, &i, " \t\n");
		y = number(s, n, &i, 4);
		return i == n && y >= 0 ? make(out, y, 3 * q - 2, 1, KB_GRAN_QUARTER) : -1;
	}
	if ((m = month_at(s, n, &i))) {
		skip(s, n, &i, " \t\n,");
		if (word(s, n, &i, "of"))
			skip(s, n, &i, " \t\n");
		size_t at = i;
		int v = number(s, n, &i, 4);
		if (i - at == 4 && i == n)
			return make(out, v, m, 1, KB_GRAN_MONTH);
		day = v;
		ordinal(s, n, &i);
		skip(s, n, &i, " \t\n,");
		y = number(s, n, &i, 4);
		return i == n && day > 0 && y >= 0 ? make(out, y, m, day, KB_GRAN_DAY) : -1;
	}
	if (kb_isdigit(s[0])) {
		size_t at = i;
		int v = number(s, n, &i, 4);
		if (i - at == 4 && i == n)
			return make(out, v, 1, 1, KB_GRAN_YEAR);
		ordinal(s, n, &i);
		skip(s, n, &i, " \t\n");
		if (word(s, n, &i, "of"))
			skip(s, n, &i, " \t\n");
		if ((m = month_at(s, n, &i))) {
			skip(s, n, &i, " \t\n,");
			y = number(s, n, &i, 4);
			if (i == n && y >= 0)
				return make(out, y, m, v, KB_GRAN_DAY);
		}
	}
	for (size_t k = 0; k < cfg->date_formats.n; k++) {
		if (kb_date_parse_format(s, n, cfg->date_formats.v[k], &d) == 0) {
			out->first = out->last = d;
			out->gran = KB_GRAN_DAY;
			return 0;
		}
	}
	return -1;
}
