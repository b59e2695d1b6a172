/* date.c: civil dates as day numbers (after Howard Hinnant's algorithms), parsing, intervals. */
#include "date.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "ascii.h"
#include "util.h"

static bool leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int kb_days_in_month(int y, int m)
{
	static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (m < 1 || m > 12)
		return 0;
	return m == 2 && leap(y) ? 29 : days[m - 1];
}

bool kb_date_valid(int y, int m, int d)
{
	return y >= KB_DATE_MIN_YEAR && y <= KB_DATE_MAX_YEAR && m >= 1 && m <= 12 && d >= 1 &&
	       d <= kb_days_in_month(y, m);
}

kb_date kb_date_from_ymd(int y, int m, int d)
{
	y -= m <= 2;
	int era = (y >= 0 ? y : y - 399) / 400;
	int yoe = y - era * 400;
	int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void kb_date_to_ymd(kb_date z, int *y, int *m, int *d)
{
	z += 719468;
	int era = (z >= 0 ? z : z - 146096) / 146097;
	int doe = z - era * 146097;
	int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int yy = yoe + era * 400;
	int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = yy + (*m <= 2);
}

void kb_date_format(kb_date dt, char out[16])
{
	int y, m, d;
	kb_date_to_ymd(dt, &y, &m, &d);
	snprintf(out, 16, "%04d-%02d-%02d", y, m, d);
}

kb_date kb_date_today_utc(void)
{
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	return kb_date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

/* Reads exactly k digits. */
static bool digits(const char *s, size_t n, size_t *i, int k, int *out)
{
	int v = 0;
	for (int j = 0; j < k; j++) {
		if (*i >= n || !kb_isdigit(s[*i]))
			return false;
		v = v * 10 + (s[(*i)++] - '0');
	}
	*out = v;
	return true;
}

/* Reads 1..k digits. */
static bool some_digits(const char *s, size_t n, size_t *i, int k, int *out)
{
	int v = 0, j = 0;
	while (j < k && *i < n && kb_isdigit(s[*i])) {
		v = v * 10 + (s[(*i)++] - '0');
		j++;
	}
	*out = v;
	return j > 0;
}

/* The time part of a YAML timestamp or an ISO 8601 date-time:
 * [Tt ]+HH:MM(:SS(.frac)?)?( *(Z|[+-]HH(:?MM)?))? */
static bool yaml_time(const char *s, size_t n, size_t i)
{
	if (i == n)
		return true;
	if (s[i] == 'T' || s[i] == 't')
		i++;
	else if (s[i] == ' ' || s[i] == '\t')
		while (i < n && (s[i] == ' ' || s[i] == '\t'))
			i++;
	else
		return false;
	int h, mi, se = 0;
	if (!some_digits(s, n, &i, 2, &h) || i >= n || s[i++] != ':' || !digits(s, n, &i, 2, &mi))
		return false;
	if (i < n && s[i] == ':') {
		i++;
		if (!digits(s, n, &i, 2, &se))
			return false;
		if (i < n && s[i] == '.') {
			i++;
			while (i < n && kb_isdigit(s[i]))
				i++;
		}
	}
	if (h > 23 || mi > 59 || se > 60)
		return false;
	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	if (i == n)
		return true;
	if (s[i] == 'Z' || s[i] == 'z')
		return i + 1 == n;
	if (s[i] != '+' && s[i] != '-')
		return false;
	i++;
	int th, tm = 0;
	if (!some_digits(s, n, &i, 2, &th))
		return false;
	if (i < n && s[i] == ':') {
		i++;
		if (!digits(s, n, &i, 2, &tm))
			return false;
	} else if (i < n && !digits(s, n, &i, 2, &tm)) { /* +0100 */
		return false;
	}
	return i == n && th <= 14 && tm <= 59;
}

int kb_date_parse_iso(const char *s, size_t n, kb_date *out)
{
	size_t i = 0;
	int y, m, d;
	if (!digits(s, n, &i, 4, &y) || i >= n || s[i++] != '-' || !digits(s, n, &i, 2, &m) ||
	    i >= n || s[i++] != '-' || !digits(s, n, &i, 2, &d))
		return -1;
	if (!yaml_time(s, n, i) || !kb_date_valid(y, m, d))
		return -1;
	*out = kb_date_from_ymd(y, m, d);
	return 0;
}

static const kb_date_directive directives[] = {
	{'Y', KB_DIR_YEAR, 4, false, false, false, "YYYY"},
	{'y', KB_DIR_YEAR, 2, false, false, false, "YY"},
	{'m', KB_DIR_MONTH, 2, false, false, false, "MM"},
	{'b', KB_DIR_MONTH, 0, true, false, false, "Mon"},
	{'h', KB_DIR_MONTH, 0, true, false, false, "Mon"},
	{'B', KB_DIR_MONTH, 0, true, true, false, "Month"},
	{'d', KB_DIR_DAY, 2, false, false, false, "DD"},
	{'e', KB_DIR_DAY, 2, false, false, true, "D"},
	{'%', KB_DIR_PERCENT, 0, false, false, false, "%"},
};

const kb_date_directive *kb_date_directive_of(char letter)
{
	for (size_t k = 0; k < sizeof directives / sizeof directives[0]; k++)
		if (directives[k].letter == letter)
			return &directives[k];
	return NULL;
}

const char *const kb_month_names[12] = {"January", "February", "March",     "April",
				       "May",     "June",     "July",      "August",
				       "September", "October", "November", "December"};

int kb_month_at(const char *s, size_t n, size_t *i)
{
	size_t j = *i;
	while (j < n && kb_isalpha(s[j]))
		j++;
	size_t len = j - *i;
	if (len < 3)
		return 0;
	for (int k = 0; k < 12; k++) {
		const char *name = kb_month_names[k];
		size_t nl = strlen(name);
		bool ok = len == nl || len == 3 || (k == 8 && len == 4);
		if (!ok || len > nl)
			continue;
		size_t x = 0;
		while (x < len && kb_tolower(s[*i + x]) == kb_tolower(name[x]))
			x++;
		if (x == len) {
			*i = j;
			return k + 1;
		}
	}
	return 0;
}

/* Reads an English month name (full or three-letter, "Sept" too) and a '.' after a short one. */
static bool month_name(const char *s, size_t n, size_t *i, int *m)
{
	size_t i0 = *i;
	*m = kb_month_at(s, n, i);
	if (!*m)
		return false;
	if (*i < n && s[*i] == '.' && *i - i0 < strlen(kb_month_names[*m - 1]))
		(*i)++;
	return true;
}

int kb_date_parse_format(const char *s, size_t n, const char *fmt, kb_date *out)
{
	size_t i = 0;
	int y = -1, m = -1, d = -1;
	for (const char *f = fmt; *f; f++) {
		if (*f == ' ') {
			if (i >= n || s[i] != ' ')
				return -1;
			while (i < n && s[i] == ' ')
				i++;
			continue;
		}
		if (*f != '%' || !f[1]) {
			if (i >= n || s[i] != *f)
				return -1;
			i++;
			continue;
		}
		const kb_date_directive *dd = kb_date_directive_of(*++f);
		if (!dd)
			return -1;
		if (dd->part == KB_DIR_PERCENT) {
			if (i >= n || s[i++] != '%')
				return -1;
			continue;
		}
		while (dd->pad_space && i < n && s[i] == ' ')
			i++;
		int *v = dd->part == KB_DIR_YEAR ? &y : dd->part == KB_DIR_MONTH ? &m : &d;
		bool ok;
		if (dd->name)
			ok = month_name(s, n, &i, v);
		else if (dd->part == KB_DIR_YEAR)
			ok = digits(s, n, &i, dd->width, v); /* exactly width digits */
		else
			ok = some_digits(s, n, &i, dd->width, v);
		if (!ok)
			return -1;
		if (dd->part == KB_DIR_YEAR && dd->width == 2)
			y += y < 69 ? 2000 : 1900; /* POSIX strptime's pivot */
	}
	if (i != n || y < 0 || m < 0 || d < 0 || !kb_date_valid(y, m, d))
		return -1;
	*out = kb_date_from_ymd(y, m, d);
	return 0;
}

const kb_date_form kb_date_defaults[KB_DATE_NDEFAULTS] = {
	{"%m/%d/%Y", "MM/DD/YYYY"},
	{"%d %B %Y", "D Month YYYY"},
	{"%B %d, %Y", "Month D, YYYY"},
};

void kb_date_format_human(const char *f, char *out, size_t n)
{
	size_t o = 0;
	for (; *f && n; f++) {
		const char *h = NULL;
		char lit[2] = {*f, '\0'};
		if (*f == '%' && f[1]) {
			const kb_date_directive *dd = kb_date_directive_of(*++f);
			if (dd) {
				h = dd->human;
			} else {
				f--; /* shown as written */
				h = lit;
			}
		} else {
			h = lit;
		}
		for (; *h && o + 1 < n; h++)
			out[o++] = *h;
	}
	if (n)
		out[o] = '\0';
}

void kb_date_format_swap(const char *f, char *out, size_t n)
{
	size_t o = 0;
	for (; *f && o + 1 < n; f++) {
		out[o++] = *f;
		if (*f != '%' || !f[1] || o + 1 >= n)
			continue;
		char c = *++f;
		out[o++] = c == 'm' ? 'd' : c == 'd' || c == 'e' ? 'm' : c;
	}
	if (n)
		out[o] = '\0';
}

/* One piece of a date as written: digits, letters or the characters between them. */
typedef struct {
	enum { TOK_NUM, TOK_WORD, TOK_SEP } type;
	size_t off, len;
	int value; /* TOK_NUM: its value; TOK_WORD: the month (0 when no month name) */
} tok;

enum { MAX_TOKS = 5 }; /* three parts and two separators */

/* Splits s[0..n) into alternating parts and separators; false when it is no such date. */
static bool tokenize(const char *s, size_t n, tok *t, size_t *nt)
{
	size_t i = 0;
	*nt = 0;
	while (i < n) {
		if (*nt == MAX_TOKS)
			return false;
		tok *k = &t[(*nt)++];
		k->off = i;
		k->value = 0;
		if (kb_isdigit(s[i])) {
			k->type = TOK_NUM;
			while (i < n && kb_isdigit(s[i]) && i - k->off < 4)
				k->value = k->value * 10 + (s[i++] - '0');
			if (i < n && kb_isdigit(s[i]))
				return false;
		} else if (kb_isalpha(s[i])) {
			k->type = TOK_WORD;
			size_t j = i;
			int m;
			if (!month_name(s, n, &j, &m))
				return false;
			k->value = m;
			i = j;
		} else {
			k->type = TOK_SEP;
			while (i < n && !kb_isdigit(s[i]) && !kb_isalpha(s[i])) {
				if (s[i] == '%' || (unsigned char)s[i] < ' ' || s[i] == '\'' ||
				    i - k->off > 2)
					return false;
				i++;
			}
		}
		k->len = i - k->off;
		if ((*nt % 2 == 1) != (k->type != TOK_SEP))
			return false; /* parts at 0, 2, 4; separators between */
	}
	return *nt == MAX_TOKS;
}

static void put_str(char *out, size_t outlen, size_t *o, const char *s, size_t n)
{
	for (size_t i = 0; i < n && *o + 1 < outlen; i++)
		out[(*o)++] = s[i];
}

/* A part as written: "D" for a one-digit day, "MM" for a two-digit month, "Month"... */
static const char *written(const char *dir, const tok *t)
{
	const kb_date_directive *dd = kb_date_directive_of(dir[1]);
	if (dd && (dd->part == KB_DIR_YEAR || dd->name))
		return dd->human;
	bool month = dd && dd->part == KB_DIR_MONTH;
	return t->len == 1 ? (month ? "M" : "D") : (month ? "MM" : "DD");
}

bool kb_date_guess_format(const char *s, size_t n, char *out, size_t outlen, char *human,
			  size_t humanlen)
{
	tok t[MAX_TOKS];
	size_t nt;
	if (outlen == 0 || !tokenize(s, n, t, &nt))
		return false;
	const char *dir[3] = {NULL, NULL, NULL}; /* the directive of each part */
	tok *p[3] = {&t[0], &t[2], &t[4]};
	int words = 0;
	for (int k = 0; k < 3; k++)
		if (p[k]->type == TOK_WORD) {
			words++;
			size_t letters = p[k]->len - (s[p[k]->off + p[k]->len - 1] == '.');
			dir[k] = letters == strlen(kb_month_names[p[k]->value - 1]) ? "%B" : "%b";
		}
	/* a year: four digits first or last, else two digits last */
	int year = -1;
	if (p[0]->type == TOK_NUM && p[0]->len == 4)
		year = 0;
	else if (p[2]->type == TOK_NUM && (p[2]->len == 4 || p[2]->len == 2))
		year = 2;
	if (year < 0 || words > 1)
		return false;
	dir[year] = p[year]->len == 4 ? "%Y" : "%y";
	int a = year == 0 ? 1 : 0, b = year == 0 ? 2 : 1; /* the other two, in order */
	if (words == 1) {
		if (p[a]->type == TOK_NUM && p[a]->len <= 2)
			dir[a] = "%d";
		else if (p[b]->type == TOK_NUM && p[b]->len <= 2)
			dir[b] = "%d";
	} else if (p[a]->len <= 2 && p[b]->len <= 2) {
		bool slash = t[1].len == 1 && s[t[1].off] == '/';
		bool a_day = p[a]->value > 12 || (p[b]->value <= 12 && !slash && year == 2);
		if (year == 0) /* YYYY-DD-MM is read only when nothing else can be */
			a_day = p[b]->value > 12 ? false : p[a]->value > 12;
		dir[a] = a_day ? "%d" : "%m";
		dir[b] = a_day ? "%m" : "%d";
	}
	if (!dir[0] || !dir[1] || !dir[2])
		return false;
	size_t o = 0, h = 0;
	for (int k = 0; k < 3; k++) {
		put_str(out, outlen, &o, dir[k], 2);
		if (human)
			put_str(human, humanlen, &h, written(dir[k], p[k]),
				strlen(written(dir[k], p[k])));
		if (k == 2)
			break;
		/* a month name takes its own '.' ("Mar."): the separator is what follows */
		put_str(out, outlen, &o, s + t[2 * k + 1].off, t[2 * k + 1].len);
		if (human)
			put_str(human, humanlen, &h, s + t[2 * k + 1].off, t[2 * k + 1].len);
	}
	out[o] = '\0';
	if (human && humanlen)
		human[h] = '\0';
	kb_date d;
	return o + 1 < outlen && (!human || h + 1 < humanlen) &&
	       kb_date_parse_format(s, n, out, &d) == 0;
}

static const struct {
	const char *name;
	int unit;   /* KB_UNIT_DAYS or KB_UNIT_MONTHS */
	int factor; /* multiplier of the count */
} units[] = {
	{"d", KB_UNIT_DAYS, 1},      {"day", KB_UNIT_DAYS, 1},      {"days", KB_UNIT_DAYS, 1},
	{"w", KB_UNIT_DAYS, 7},      {"wk", KB_UNIT_DAYS, 7},       {"wks", KB_UNIT_DAYS, 7},
	{"week", KB_UNIT_DAYS, 7},   {"weeks", KB_UNIT_DAYS, 7},    {"m", KB_UNIT_MONTHS, 1},
	{"mo", KB_UNIT_MONTHS, 1},   {"mos", KB_UNIT_MONTHS, 1},    {"mon", KB_UNIT_MONTHS, 1},
	{"month", KB_UNIT_MONTHS, 1}, {"months", KB_UNIT_MONTHS, 1}, {"y", KB_UNIT_MONTHS, 12},
	{"yr", KB_UNIT_MONTHS, 12},  {"yrs", KB_UNIT_MONTHS, 12},   {"year", KB_UNIT_MONTHS, 12},
	{"years", KB_UNIT_MONTHS, 12},
};

/* Intervals longer than this are not review intervals but typos. */
enum { MAX_INTERVAL_DAYS = 100 * 366, MAX_INTERVAL_MONTHS = 100 * 12 };

int kb_interval_parse(const char *s, size_t n, kb_interval *out)
{
	size_t i = 0;
	while (i < n && s[i] == ' ')
		i++;
	long v = 0;
	size_t d0 = i;
	while (i < n && kb_isdigit(s[i])) {
		v = v * 10 + (s[i++] - '0');
		if (v > 1000000)
			return -1;
	}
	if (i == d0)
		return -1;
	while (i < n && s[i] == ' ')
		i++;
	size_t u0 = i;
	while (i < n && kb_isalpha(s[i]))
		i++;
	size_t ulen = i - u0;
	while (i < n && s[i] == ' ')
		i++;
	if (i != n || ulen == 0 || ulen > 8)
		return -1;
	char u[9];
	for (size_t k = 0; k < ulen; k++)
		u[k] = kb_tolower(s[u0 + k]);
	u[ulen] = '\0';
	for (size_t k = 0; k < sizeof units / sizeof units[0]; k++) {
		if (strcmp(u, units[k].name) != 0)
			continue;
		long count = v * units[k].factor;
		if (count <= 0)
			return -1;
		if (units[k].unit == KB_UNIT_DAYS ? count > MAX_INTERVAL_DAYS : count > MAX_INTERVAL_MONTHS)
			return -1;
		out->count = (int32_t)count;
		out->unit = units[k].unit;
		return 0;
	}
	return -1;
}

kb_date kb_date_add(kb_date dt, kb_interval iv)
{
	if (iv.unit == KB_UNIT_DAYS)
		return dt + iv.count;
	int y, m, d;
	kb_date_to_ymd(dt, &y, &m, &d);
	int mm = (m - 1) + iv.count;
	y += mm / 12;
	m = mm % 12 + 1;
	int dim = kb_days_in_month(y, m);
	if (d > dim)
		d = dim;
	return kb_date_from_ymd(y, m, d);
}

void kb_interval_format(kb_interval iv, char out[32])
{
	const char *unit = iv.unit == KB_UNIT_DAYS ? "day" : "month";
	int c = iv.count;
	if (iv.unit == KB_UNIT_MONTHS && c % 12 == 0) {
		unit = "year";
		c /= 12;
	}
	snprintf(out, 32, "%d %s%s", c, unit, c == 1 ? "" : "s");
}
