/* value.c: stated facts as typed values (durations, money, percentages, times of day, dates,
 * counts), and the quantities of a prose sentence. See value.h.
 *
 * One scanner reads both: kb_value_parse runs it over a whole string, kb_find_quantities at
 * each word start of a sentence with stricter rules (no bare numbers, no "a week", no rates). */
#include "value.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ascii.h"
#include "prosedate.h"

enum {
	MAX_DIGITS = 18,       /* digits in one number; longer runs are identifiers */
	MAX_NUMBER_WORDS = 16, /* words in one spelled-out number */
	MAX_NOUN = 20,         /* bytes in one word of a counted noun */
	MAX_NOUN_WORDS = 3,    /* words of a counted-noun phrase (kb_value_parse only) */
	MAX_PERIODS = 3,       /* rate parts after money: "/user/month" */
	MAX_DATE_TOKENS = 7,   /* "31st of March, 2025" */
	MAX_HOUR_DIGITS = 2,
};

/* Relative tolerance of kb_value_equal, and the limit below which a double is an integer. */
static const double REL_EPS = 1e-9;
static const double INT_LIMIT = 1e15;

/* ---- characters ---- */

/* A read-only view of the text being scanned. */
typedef struct {
	const char *s;
	size_t n;
	bool find; /* kb_find_quantities: stricter rules */
} scan;

/* The same tests on s[i]; false past the end. */
static bool at(const scan *sc, size_t i, char c)
{
	return i < sc->n && sc->s[i] == c;
}

static bool digit_at(const scan *sc, size_t i)
{
	return i < sc->n && kb_isdigit(sc->s[i]);
}

static bool alpha_at(const scan *sc, size_t i)
{
	return i < sc->n && kb_isalpha(sc->s[i]);
}

static bool alnum_at(const scan *sc, size_t i)
{
	return i < sc->n && kb_isalnum(sc->s[i]);
}

/* Whether s[i..] starts with the bytes lit. */
static bool lit_at(const scan *sc, size_t i, const char *lit)
{
	if (i >= sc->n || sc->s[i] != lit[0])
		return !lit[0] && i <= sc->n; /* most calls end here, before the strlen */
	size_t l = strlen(lit);
	return i <= sc->n && sc->n - i >= l && memcmp(sc->s + i, lit, l) == 0;
}

/* Length of the whitespace character at s[i]: ASCII space, tab, newline, CR, and the no-break,
 * thin, hair and narrow no-break spaces of UTF-8; 0 when there is none. */
static size_t space_len(const char *s, size_t n, size_t i)
{
	if (i >= n)
		return 0;
	char c = s[i];
	if (kb_isspace(c))
		return 1;
	if (c == '\xC2' && i + 1 < n && s[i + 1] == '\xA0')
		return 2;
	if (c == '\xE2' && i + 2 < n && s[i + 1] == '\x80' &&
	    (s[i + 2] == '\x89' || s[i + 2] == '\x8A' || s[i + 2] == '\xAF'))
		return 3;
	return 0;
}

/* The offset after the whitespace starting at i. */
static size_t skip_ws(const scan *sc, size_t i)
{
	size_t l;
	while ((l = space_len(sc->s, sc->n, i)) > 0)
		i += l;
	return i;
}

/* Length of a dash at s[i]: '-', en dash, em dash or minus sign; 0 when there is none. */
static size_t dash_len(const scan *sc, size_t i)
{
	if (at(sc, i, '-'))
		return 1;
	if (lit_at(sc, i, "\xE2\x80\x93") || lit_at(sc, i, "\xE2\x80\x94") ||
	    lit_at(sc, i, "\xE2\x88\x92"))
		return 3;
	return 0;
}

/* The end of the run of ASCII letters at i (i itself when there is none). */
static size_t letters_end(const scan *sc, size_t i)
{
	while (alpha_at(sc, i))
		i++;
	return i;
}

/* Whether the letters s[i..e) are the word w, ignoring case. */
static bool word_eq(const scan *sc, size_t i, size_t e, const char *w)
{
	/* one pass, no strlen: most calls fail at the first letter (the word lists are long) */
	size_t k = 0;
	for (; i + k < e; k++)
		if (!w[k] || kb_tolower(sc->s[i + k]) != w[k])
			return false;
	return w[k] == '\0';
}

/* When the whole run of letters at *p is the word w (not followed by a digit), moves *p past
 * it and returns true. */
static bool take_word(const scan *sc, size_t *p, const char *w)
{
	size_t e = letters_end(sc, *p);
	if (e == *p || digit_at(sc, e) || !word_eq(sc, *p, e, w))
		return false;
	*p = e;
	return true;
}

/* The index of the letters s[i..e) in the NULL-terminated list words, or -1. */
static int word_index(const scan *sc, size_t i, size_t e, const char *const *words)
{
	char c = i < e ? kb_tolower(sc->s[i]) : '\0'; /* the first letter first (no word is empty) */
	for (int k = 0; words[k]; k++)
		if (words[k][0] == c && word_eq(sc, i, e, words[k]))
			return k;
	return -1;
}

/* ---- small numeric helpers (no libm) ---- */

/* |x|. */
static double dabs(double x)
{
	return x < 0 ? -x : x;
}

/* Whether a and b agree to within rounding. */
static bool approx_eq(double a, double b)
{
	double m = dabs(a) > dabs(b) ? dabs(a) : dabs(b);
	return a == b || dabs(a - b) <= REL_EPS * m;
}

/* Whether x is (within rounding) a whole number small enough to print as one. */
static bool whole(double x)
{
	if (!(dabs(x) < INT_LIMIT))
		return false;
	double r = (double)(long long)(x < 0 ? x - 0.5 : x + 0.5);
	return approx_eq(x, r) || dabs(x - r) < REL_EPS;
}

/* ---- tables ---- */

static const char *const small_words[] = {
	"zero",    "one",     "two",       "three",    "four",     "five",    "six",
	"seven",   "eight",   "nine",      "ten",      "eleven",   "twelve",  "thirteen",
	"fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", NULL};
static const char *const tens_words[] = {"twenty", "thirty",  "forty",  "fifty",
					 "sixty",  "seventy", "eighty", "ninety", NULL};
static const char *const scale_words[] = {"thousand", "million", "billion", "trillion", NULL};
static const double scale_values[] = {1e3, 1e6, 1e9, 1e12};

enum unit_flags {
	U_PLURAL = 1,   /* the last word may take an "s" */
	U_ATTACHED = 2, /* only directly after the digits: "48h" */
	U_RATE = 4,     /* may name the period of a rate ("/month") */
	U_SIZE = 8,     /* a data size (kb_value_unit_is_size) */
};

/* A unit word or phrase: value = number * num / den, in unit. Words in text may be separated
 * by spaces or one hyphen ("business-day"). */
typedef struct {
	const char *words;
	kb_value_kind kind;
	const char *unit;
	double num, den;
	unsigned flags;
} unit_def;

static const unit_def units[] = {
	{"business day", KB_VAL_DURATION, "business-day", 1, 1, U_PLURAL},
	{"business week", KB_VAL_DURATION, "business-day", 5, 1, U_PLURAL},
	{"working day", KB_VAL_DURATION, "business-day", 1, 1, U_PLURAL},
	{"working week", KB_VAL_DURATION, "business-day", 5, 1, U_PLURAL},
	{"work day", KB_VAL_DURATION, "business-day", 1, 1, U_PLURAL},
	{"workday", KB_VAL_DURATION, "business-day", 1, 1, U_PLURAL},
	{"weekday", KB_VAL_DURATION, "business-day", 1, 1, U_PLURAL},
	{"business hour", KB_VAL_DURATION, "business-hour", 1, 1, U_PLURAL},
	{"working hour", KB_VAL_DURATION, "business-hour", 1, 1, U_PLURAL},
	{"calendar day", KB_VAL_DURATION, "calendar-day", 1, 1, U_PLURAL},
	{"calendar week", KB_VAL_DURATION, "calendar-day", 7, 1, U_PLURAL},
	{"calendar month", KB_VAL_DURATION, "month", 1, 1, U_PLURAL},
	{"calendar year", KB_VAL_DURATION, "month", 12, 1, U_PLURAL},
	{"millisecond", KB_VAL_DURATION, "hour", 1, 3600000, U_PLURAL},
	{"ms", KB_VAL_DURATION, "hour", 1, 3600000, 0},
	{"second", KB_VAL_DURATION, "hour", 1, 3600, U_PLURAL},
	{"sec", KB_VAL_DURATION, "hour", 1, 3600, U_PLURAL},
	{"minute", KB_VAL_DURATION, "hour", 1, 60, U_PLURAL},
	{"min", KB_VAL_DURATION, "hour", 1, 60, U_PLURAL},
	{"hour", KB_VAL_DURATION, "hour", 1, 1, U_PLURAL | U_RATE},
	{"hr", KB_VAL_DURATION, "hour", 1, 1, U_PLURAL | U_RATE},
	{"h", KB_VAL_DURATION, "hour", 1, 1, U_ATTACHED},
	{"day", KB_VAL_DURATION, "hour", 24, 1, U_PLURAL | U_RATE},
	{"d", KB_VAL_DURATION, "hour", 24, 1, U_ATTACHED},
	{"week", KB_VAL_DURATION, "hour", 168, 1, U_PLURAL | U_RATE},
	{"wk", KB_VAL_DURATION, "hour", 168, 1, U_PLURAL | U_RATE},
	{"w", KB_VAL_DURATION, "hour", 168, 1, U_ATTACHED},
	{"fortnight", KB_VAL_DURATION, "hour", 336, 1, U_PLURAL},
	{"month", KB_VAL_DURATION, "month", 1, 1, U_PLURAL | U_RATE},
	{"mo", KB_VAL_DURATION, "month", 1, 1, U_PLURAL | U_RATE},
	{"mth", KB_VAL_DURATION, "month", 1, 1, U_PLURAL | U_RATE},
	{"quarter", KB_VAL_DURATION, "month", 3, 1, U_PLURAL | U_RATE},
	{"year", KB_VAL_DURATION, "month", 12, 1, U_PLURAL | U_RATE},
	{"yr", KB_VAL_DURATION, "month", 12, 1, U_PLURAL | U_RATE},
	{"annum", KB_VAL_DURATION, "month", 12, 1, U_RATE},
	{"y", KB_VAL_DURATION, "month", 12, 1, U_ATTACHED},
	{"percent", KB_VAL_PERCENT, "", 1, 1, 0},
	{"per cent", KB_VAL_PERCENT, "", 1, 1, 0},
	{"us dollar", KB_VAL_MONEY, "USD", 1, 1, U_PLURAL},
	{"dollar", KB_VAL_MONEY, "USD", 1, 1, U_PLURAL},
	{"euro", KB_VAL_MONEY, "EUR", 1, 1, U_PLURAL},
	{"pound sterling", KB_VAL_MONEY, "GBP", 1, 1, 0},
	{"pounds sterling", KB_VAL_MONEY, "GBP", 1, 1, 0},
	{"yen", KB_VAL_MONEY, "JPY", 1, 1, 0},
	{"byte", KB_VAL_NUMBER, "byte", 1, 1, U_PLURAL | U_SIZE},
	{"kilobyte", KB_VAL_NUMBER, "kb", 1, 1, U_PLURAL | U_SIZE},
	{"megabyte", KB_VAL_NUMBER, "mb", 1, 1, U_PLURAL | U_SIZE},
	{"gigabyte", KB_VAL_NUMBER, "gb", 1, 1, U_PLURAL | U_SIZE},
	{"terabyte", KB_VAL_NUMBER, "tb", 1, 1, U_PLURAL | U_SIZE},
	{"kb", KB_VAL_NUMBER, "kb", 1, 1, U_SIZE},
	{"kib", KB_VAL_NUMBER, "kib", 1, 1, U_SIZE},
	{"mb", KB_VAL_NUMBER, "mb", 1, 1, U_SIZE},
	{"mib", KB_VAL_NUMBER, "mib", 1, 1, U_SIZE},
	{"gb", KB_VAL_NUMBER, "gb", 1, 1, U_SIZE},
	{"gib", KB_VAL_NUMBER, "gib", 1, 1, U_SIZE},
	{"tb", KB_VAL_NUMBER, "tb", 1, 1, U_SIZE},
	{"tib", KB_VAL_NUMBER, "tib", 1, 1, U_SIZE},
};

bool kb_value_unit_is_size(const char *unit)
{
	for (size_t i = 0; i < sizeof units / sizeof units[0]; i++)
		if ((units[i].flags & U_SIZE) && strcmp(units[i].unit, unit) == 0)
			return true;
	return false;
}

/* Currency symbols written before (or after) an amount. Longest first. */
static const struct {
	const char *sym;
	const char *code;
} currency_symbols[] = {
	{"US$", "USD"}, {"CA$", "CAD"}, {"AU$", "AUD"}, {"NZ$", "NZD"}, {"HK$", "HKD"},
	{"C$", "CAD"},  {"A$", "AUD"},  {"S$", "SGD"},  {"R$", "BRL"},  {"$", "USD"},
	{"\xE2\x82\xAC", "EUR"}, {"\xC2\xA3", "GBP"}, {"\xC2\xA5", "JPY"}, {"\xE2\x82\xB9", "INR"},
};

static const char *const currency_codes[] = {"USD", "EUR", "GBP", "CAD", "AUD", "NZD", "JPY",
					     "CHF", "INR", "CNY", "SEK", "NOK", "DKK", "PLN",
					     "BRL", "MXN", "ZAR", "SGD", "HKD", NULL};

/* Time zones read after a time of day; matched case-sensitively. */
static const char *const time_zones[] = {"UTC",  "GMT", "ET",  "EST", "EDT", "CT",  "CST",
					 "CDT",  "MT",  "MST", "MDT", "PT",  "PST", "PDT",
					 "AKST", "HST", "CET", "CEST", "BST", "IST", "JST",
					 "AEST", "AEDT", "SGT", NULL};

/* Words that are never a counted noun. */
static const char *const stop_words[] = {
	"a",      "an",       "the",     "and",    "or",     "nor",     "but",     "of",
	"to",     "in",       "on",      "at",     "by",     "for",     "from",    "with",
	"within", "without",  "per",     "via",    "vs",     "into",    "onto",    "than",
	"then",   "is",       "are",     "was",    "were",   "be",      "been",    "being",
	"has",    "have",     "had",     "do",     "does",   "did",     "will",    "would",
	"can",    "could",    "may",     "might",  "must",   "shall",   "should",  "it",
	"its",    "this",     "that",    "these",  "those",  "as",      "if",      "so",
	"not",    "no",       "more",    "less",   "most",   "least",   "other",   "others",
	"another", "times",   "plus",    "minus",  "each",   "every",   "all",     "any",
	"some",   "only",     "also",    "after",  "before", "since",   "until",   "till",
	"ago",    "later",    "earlier", "out",    "up",     "down",    "over",    "under",
	"about",  "us",       "yes",     "always", "sometimes", "unless", "thus",  "his",
	"hers",   "ours",     "yours",   "theirs", "am",     "pm",      "x",       "th",
	"st",     "nd",       "rd",      "through", "thru",  "around",  "across",  "whereas",
	"etc",    "ie",       "eg",      NULL};

/* Words before a number that make it a label or name, not a count: "section 3", "step 2". */
static const char *const label_words[] = {
	"version", "ver",    "v",       "release", "build",   "section", "sec",     "chapter",
	"figure",  "fig",    "table",   "step",    "page",    "item",    "line",    "rule",
	"article", "appendix", "part",  "phase",   "level",   "tier",    "option",  "method",
	"error",   "code",   "status",  "http",    "port",    "issue",   "ticket",  "case",
	"no",      "number", "id",      "kb",      "model",   "series",  "gen",     "generation",
	"stage",   "round",  "grade",   "room",    "floor",   "unit",    "note",    "footnote",
	"exhibit", "clause", "paragraph", "verse", "episode", "season",  "volume",  "vol",
	"day",     "week",   "year",    "plan",    "windows", "server",  "office",
	"ios",     "android", "macos",  "python",  "node",    "java",    "php",     "powershell",
	"iphone",  "ipad",   "pixel",   "galaxy",  "sql",     "net",     NULL};

/* Words before a year-like number that make it a year: "in 2020 users...". */
static const char *const year_words[] = {"in",     "since",  "by",    "until", "till",
					 "before", "after", "during", "circa", "from", NULL};

static const char *const month_words[] = {"jan", "january",  "feb", "february", "mar",
					  "march", "apr", "april", "may", "jun", "june", "jul",
					  "july", "aug", "august", "sep", "sept", "september",
					  "oct", "october", "nov", "november", "dec", "december",
					  NULL};

/* ---- numbers ---- */

/* A number as read: its value, where it ends, and how it was written. */
typedef struct {
	double v;
	size_t end;
	bool integer; /* no fraction */
	bool words;   /* spelled out */
} number;

/* Reads digits at i: "30", "1,000", "1.5". Fails on more than MAX_DIGITS digits and on
 * numbers that go on with '.', ',', ':' or '/' and a digit (versions, addresses, ratios). */
static bool read_digits(const scan *sc, size_t i, number *out)
{
	static const double powers_of_ten[] = {1,    1e1,  1e2,  1e3,  1e4,  1e5,  1e6,
				       1e7,  1e8,  1e9,  1e10, 1e11, 1e12, 1e13,
				       1e14, 1e15, 1e16, 1e17, 1e18};
	size_t p = i, run = 0;
	uint64_t m = 0;
	int nd = 0, nf = 0;
	while (digit_at(sc, i + run))
		run++;
	if (run == 0)
		return false;
	bool grouped = run <= 3 && at(sc, i + run, ',') && digit_at(sc, i + run + 1) &&
		       digit_at(sc, i + run + 2) && digit_at(sc, i + run + 3) &&
		       !digit_at(sc, i + run + 4);
	for (;;) {
		while (digit_at(sc, p)) {
			if (++nd > MAX_DIGITS)
				return false;
			m = m * 10 + (uint64_t)(sc->s[p++] - '0');
		}
		if (!(grouped && at(sc, p, ',') && digit_at(sc, p + 1) && digit_at(sc, p + 2) &&
		      digit_at(sc, p + 3) && !digit_at(sc, p + 4)))
			break;
		p++;
	}
	if (at(sc, p, '.') && digit_at(sc, p + 1)) {
		p++;
		while (digit_at(sc, p)) {
			if (++nd > MAX_DIGITS)
				return false;
			m = m * 10 + (uint64_t)(sc->s[p++] - '0');
			nf++;
		}
	}
	if ((at(sc, p, '.') || at(sc, p, ',') || at(sc, p, ':') || at(sc, p, '/')) &&
	    digit_at(sc, p + 1))
		return false;
	out->v = (double)m / powers_of_ten[nf];
	out->end = p;
	out->integer = nf == 0;
	out->words = false;
	return true;
}

enum { W_NONE, W_A, W_SMALL, W_TENS, W_HUNDRED, W_SCALE };

/* Reads a spelled-out number at i: "thirty", "twenty-five", "one hundred and five",
 * "a thousand", "two dozen", "one and a half". */
static bool read_words(const scan *sc, size_t i, number *out)
{
	size_t p = i, end = i;
	double total = 0, cur = 0, last_scale = 1e300;
	int last = W_NONE;
	bool half = false;
	for (int guard = 0; guard < MAX_NUMBER_WORDS && !half; guard++) {
		size_t e = letters_end(sc, p);
		if (e == p || digit_at(sc, e))
			break;
		int sm = word_index(sc, p, e, small_words);
		int tn = word_index(sc, p, e, tens_words);
		int sl = word_index(sc, p, e, scale_words);
		bool hundred = word_eq(sc, p, e, "hundred"), dozen = word_eq(sc, p, e, "dozen");
		if (last == W_NONE && (word_eq(sc, p, e, "a") || word_eq(sc, p, e, "an"))) {
			size_t q = skip_ws(sc, e), qe = letters_end(sc, q);
			bool magnitude = word_eq(sc, q, qe, "hundred") ||
					 word_eq(sc, q, qe, "dozen") ||
					 word_index(sc, q, qe, scale_words) >= 0;
			if (q == e || !magnitude)
				break;
			cur = 1;
			last = W_A;
			p = q;
			continue;
		}
		if (sm >= 0) {
			if (last == W_SMALL || last == W_A ||
			    (last == W_TENS && (sm == 0 || sm >= 10)))
				break;
			cur += sm;
			last = W_SMALL;
		} else if (tn >= 0) {
			if (last == W_SMALL || last == W_TENS || last == W_A)
				break;
			cur += (tn + 2) * 10;
			last = W_TENS;
		} else if (hundred) {
			if (last == W_NONE || last == W_HUNDRED || last == W_SCALE || cur < 1 ||
			    cur >= 100)
				break;
			cur *= 100;
			last = W_HUNDRED;
		} else if (sl >= 0) {
			if (last == W_NONE || last == W_SCALE || cur < 1 ||
			    scale_values[sl] >= last_scale)
				break;
			total += cur * scale_values[sl];
			last_scale = scale_values[sl];
			cur = 0;
			last = W_SCALE;
		} else if (dozen) {
			if (last == W_NONE || last == W_SCALE || cur < 1 || cur >= 100)
				break;
			cur *= 12;
			last = W_HUNDRED;
		} else if (word_eq(sc, p, e, "and")) {
			if (last == W_NONE || last == W_A)
				break;
			size_t q = skip_ws(sc, e), qe = letters_end(sc, q);
			if (q == e)
				break;
			if ((last == W_HUNDRED || last == W_SCALE) &&
			    (word_index(sc, q, qe, small_words) >= 0 ||
			     word_index(sc, q, qe, tens_words) >= 0)) {
				p = q;
				continue;
			}
			size_t r = skip_ws(sc, qe), re = letters_end(sc, r);
			if (word_eq(sc, q, qe, "a") && r > qe && word_eq(sc, r, re, "half") &&
			    !digit_at(sc, re)) {
				cur += 0.5;
				half = true;
				e = re;
			} else {
				break;
			}
		} else {
			break;
		}
		end = e;
		if (half)
			break;
		if (at(sc, e, '-') && alpha_at(sc, e + 1)) {
			p = e + 1;
		} else {
			p = skip_ws(sc, e);
			if (p == e)
				break;
		}
	}
	if (end == i)
		return false;
	out->v = total + cur;
	out->end = end;
	out->integer = !half;
	out->words = true;
	return true;
}

/* Reads a number in digits or words, with a scale word after digits ("1.5 million") and an
 * echo in the other form ("thirty (30)", "30 (thirty)"), which must agree. */
static bool read_number(const scan *sc, size_t i, number *out)
{
	if (digit_at(sc, i)) {
		if (!read_digits(sc, i, out))
			return false;
		size_t q = skip_ws(sc, out->end), qe = letters_end(sc, q);
		int sl = word_index(sc, q, qe, scale_words);
		if (q > out->end && sl >= 0 && !digit_at(sc, qe)) {
			out->v *= scale_values[sl];
			out->end = qe;
		}
	} else if (alpha_at(sc, i)) {
		if (!read_words(sc, i, out))
			return false;
	} else {
		return false;
	}
	size_t q = skip_ws(sc, out->end);
	if (at(sc, q, '(')) {
		number inner;
		size_t r = skip_ws(sc, q + 1);
		bool ok = digit_at(sc, r) ? read_digits(sc, r, &inner) : read_words(sc, r, &inner);
		if (ok && inner.words != out->words) {
			size_t c = skip_ws(sc, inner.end);
			if (at(sc, c, ')')) {
				if (!approx_eq(inner.v, out->v))
					return false; /* "thirty (20)": which is it? */
				out->end = c + 1;
			}
		}
	}
	return true;
}

/* ---- units, currencies, nouns ---- */

/* Matches the unit phrase u at i; returns the end or 0. */
static size_t match_unit_at(const scan *sc, size_t i, const unit_def *u)
{
	const char *w = u->words;
	size_t p = i;
	/* the first letter first: most units are not at i, and the loop below would measure the
	 * word and find the unit's words before it saw that */
	if (i >= sc->n || kb_tolower(sc->s[i]) != w[0])
		return 0;
	for (;;) {
		const char *sp = strchr(w, ' ');
		size_t wl = sp ? (size_t)(sp - w) : strlen(w);
		size_t e = letters_end(sc, p);
		if (e == p || digit_at(sc, e))
			return 0;
		size_t l = e - p;
		bool plural = !sp && (u->flags & U_PLURAL) && l == wl + 1 &&
			      kb_tolower(sc->s[e - 1]) == 's';
		if (l != wl && !plural)
			return 0;
		for (size_t k = 0; k < wl; k++)
			if (kb_tolower(sc->s[p + k]) != w[k])
				return 0;
		if (!sp)
			return e;
		w = sp + 1;
		if (at(sc, e, '-') && alpha_at(sc, e + 1)) {
			p = e + 1;
		} else {
			p = skip_ws(sc, e);
			if (p == e)
				return 0;
		}
	}
}

/* The longest unit at i. attached: right after the digits (U_ATTACHED units allowed);
 * only_kind: a kind to require, or -1. */
static const unit_def *match_unit(const scan *sc, size_t i, bool attached, int only_kind,
				  size_t *end)
{
	const unit_def *best = NULL;
	size_t best_end = 0;
	for (size_t k = 0; k < sizeof units / sizeof units[0]; k++) {
		const unit_def *u = &units[k];
		if ((u->flags & U_ATTACHED) && (!attached || !(i < sc->n && kb_islower(sc->s[i]))))
			continue; /* "48h", but not "3D" */
		if (only_kind >= 0 && (int)u->kind != only_kind)
			continue;
		size_t e = match_unit_at(sc, i, u);
		if (e > best_end) {
			best = u;
			best_end = e;
		}
	}
	if (best)
		*end = best_end;
	return best;
}

/* A currency symbol at i ("$", "US$", "€"...): its code, with *end after it; or NULL. */
static const char *currency_symbol(const scan *sc, size_t i, size_t *end)
{
	for (size_t k = 0; k < sizeof currency_symbols / sizeof currency_symbols[0]; k++) {
		if (lit_at(sc, i, currency_symbols[k].sym)) {
			*end = i + strlen(currency_symbols[k].sym);
			return currency_symbols[k].code;
		}
	}
	return NULL;
}

/* A currency code at i ("USD", "eur"), a whole word: the code, with *end after it; or NULL. */
static const char *currency_code(const scan *sc, size_t i, size_t *end)
{
	size_t e = letters_end(sc, i);
	if (e - i != 3)
		return NULL;
	for (int k = 0; currency_codes[k]; k++) {
		const char *c = currency_codes[k];
		if (kb_tolower(sc->s[i]) == kb_tolower(c[0]) &&
		    kb_tolower(sc->s[i + 1]) == kb_tolower(c[1]) &&
		    kb_tolower(sc->s[i + 2]) == kb_tolower(c[2])) {
			*end = e;
			return c;
		}
	}
	return NULL;
}

/* Appends w[0..l) lower-cased to dst (size cap); false when it does not fit. */
static bool append(char *dst, size_t cap, const char *w, size_t l)
{
	size_t dl = strlen(dst);
	if (dl + l + 1 > cap)
		return false;
	for (size_t k = 0; k < l; k++)
		dst[dl + k] = kb_tolower(w[k]);
	dst[dl + l] = 0;
	return true;
}

/* Turns the lower-case word w (NUL-terminated, in place) into its singular; returns whether
 * it looked plural. */
static bool singularize(char *w)
{
	static const char *const irregular[][2] = {{"people", "person"}, {"children", "child"},
						   {"men", "man"},       {"women", "woman"},
						   {"feet", "foot"},     {"mice", "mouse"}};
	size_t l = strlen(w);
	for (size_t k = 0; k < sizeof irregular / sizeof irregular[0]; k++) {
		if (strcmp(w, irregular[k][0]) == 0) {
			strcpy(w, irregular[k][1]); /* never longer */
			return true;
		}
	}
	if (l < 3 || w[l - 1] != 's')
		return false;
	char p = w[l - 2];
	if (p == 's' || p == 'u' || p == 'i' || p == '\'')
		return false; /* access, status, analysis */
	if (l > 4 && strcmp(w + l - 3, "ies") == 0) {
		strcpy(w + l - 3, "y");
		return true;
	}
	if (l > 4 && (strcmp(w + l - 4, "ches") == 0 || strcmp(w + l - 4, "shes") == 0 ||
		      strcmp(w + l - 4, "sses") == 0 || strcmp(w + l - 3, "xes") == 0)) {
		w[l - 2] = 0;
		return true;
	}
	w[l - 1] = 0;
	return true;
}

/* Reads one noun word at i (letters, inner hyphens: "add-ons"); returns its end, or i. */
static size_t noun_word(const scan *sc, size_t i)
{
	size_t e = letters_end(sc, i);
	while (e > i && at(sc, e, '-') && alpha_at(sc, e + 1))
		e = letters_end(sc, e + 1);
	if (e == i || e - i > MAX_NOUN || digit_at(sc, e) ||
	    word_index(sc, i, e, stop_words) >= 0 || word_index(sc, i, e, small_words) >= 0 ||
	    word_index(sc, i, e, tens_words) >= 0 || word_index(sc, i, e, scale_words) >= 0 ||
	    word_index(sc, i, e, month_words) >= 0 || word_eq(sc, i, e, "hundred") ||
	    word_eq(sc, i, e, "dozen") || word_eq(sc, i, e, "half"))
		return i;
	return e;
}

/* Reads a counted noun at i into unit (singular, lower case): one word in prose, up to
 * MAX_NOUN_WORDS when parsing a value ("concurrent users"). Returns the end, or i. */
static size_t read_noun(const scan *sc, size_t i, char unit[KB_VALUE_UNIT_MAX], bool *plural)
{
	char buf[KB_VALUE_UNIT_MAX] = "";
	size_t p = i, end = i, last = 0;
	int maxw = sc->find ? 1 : MAX_NOUN_WORDS;
	for (int w = 0; w < maxw; w++) {
		size_t q = w ? skip_ws(sc, p) : p;
		if (w && q == p)
			break;
		size_t e = noun_word(sc, q);
		if (e == q)
			break;
		if (w && !append(buf, sizeof buf, " ", 1))
			return i;
		last = strlen(buf);
		if (!append(buf, sizeof buf, sc->s + q, e - q))
			return i;
		end = p = e;
	}
	if (end == i)
		return i;
	*plural = singularize(buf + last);
	memcpy(unit, buf, sizeof buf);
	return end;
}

/* ---- quantities ---- */

/* One number with what follows or precedes it: "$49", "14 days", "99.9%", "10 seats". */
typedef struct {
	double raw, num, den; /* the value is raw * num / den, in unit */
	kb_value_kind kind;   /* KB_VAL_NUMBER when no unit matched */
	char unit[KB_VALUE_UNIT_MAX];
	bool has_unit, prefix, noun, plural, integer, words;
	size_t end;
} atom;

/* A quantity as read: a kb_value without text, and facts kb_find_quantities weighs. */
typedef struct {
	kb_value_kind kind;
	double lo, hi;
	char unit[KB_VALUE_UNIT_MAX];
	bool noun, plural, integer, words;
	size_t end;
} qty;

/* The value of a in its unit. */
static double atom_value(const atom *a)
{
	return a->raw * a->num / a->den;
}

/* Gives a its kind and unit; its value is then raw * num / den. */
static void set_unit(atom *a, kb_value_kind kind, const char *unit, double num, double den)
{
	a->kind = kind;
	snprintf(a->unit, sizeof a->unit, "%s", unit);
	a->num = num;
	a->den = den;
	a->has_unit = true;
}

/* Reads an atom at i: a currency symbol or code and a number ("$49", "USD 49", "$10k"), or a
 * number and what follows it: "%", a unit attached ("48h", "5GB") or hyphenated ("30-day"), or
 * after a space a unit, a currency, or a counted noun. A number with nothing after it is a bare
 * KB_VAL_NUMBER; digits running into other letters ("x64", "1st") are no atom. */
static bool read_atom(const scan *sc, size_t i, atom *a)
{
	memset(a, 0, sizeof *a);
	a->kind = KB_VAL_NUMBER;
	a->num = a->den = 1;
	size_t p = i, e = 0;
	const char *code = currency_symbol(sc, p, &e);
	if (!code && (code = currency_code(sc, p, &e)) != NULL) {
		size_t q = skip_ws(sc, e);
		if (!digit_at(sc, q))
			code = NULL;
	}
	if (code)
		p = skip_ws(sc, e);
	number num;
	if (!read_number(sc, p, &num) || (code && num.words))
		return false;
	a->raw = num.v;
	a->integer = num.integer;
	a->words = num.words;
	p = num.end;
	if (code) {
		size_t le = letters_end(sc, p);
		if (le > p) { /* "$10k", "$5M", "$2bn" */
			if (word_eq(sc, p, le, "k"))
				a->raw *= 1e3;
			else if (word_eq(sc, p, le, "m") || word_eq(sc, p, le, "mm"))
				a->raw *= 1e6;
			else if (word_eq(sc, p, le, "b") || word_eq(sc, p, le, "bn"))
				a->raw *= 1e9;
			else
				return false;
			if (digit_at(sc, le))
				return false;
			p = le;
		}
		set_unit(a, KB_VAL_MONEY, code, 1, 1);
		a->prefix = true;
		a->end = p;
		return true;
	}
	const unit_def *u;
	a->end = p;
	if (!num.words && alpha_at(sc, p)) { /* "48h", "5GB", "49USD"; else a number in a word */
		if ((u = match_unit(sc, p, true, -1, &e)) != NULL) {
			set_unit(a, u->kind, u->unit, u->num, u->den);
		} else if ((code = currency_code(sc, p, &e)) != NULL) {
			set_unit(a, KB_VAL_MONEY, code, 1, 1);
		} else {
			return false;
		}
		a->end = e;
		return true;
	}
	if (at(sc, p, '-') && alpha_at(sc, p + 1)) { /* "30-day" */
		if ((u = match_unit(sc, p + 1, false, KB_VAL_DURATION, &e)) != NULL) {
			set_unit(a, u->kind, u->unit, u->num, u->den);
			a->end = e;
		}
		return true;
	}
	size_t q = skip_ws(sc, p);
	if (at(sc, q, '%') && (q == p || !num.words)) {
		set_unit(a, KB_VAL_PERCENT, "", 1, 1);
		a->end = q + 1;
		return true;
	}
	if ((code = currency_symbol(sc, q, &e)) != NULL && !alnum_at(sc, e) &&
	    !digit_at(sc, skip_ws(sc, e))) { /* "49 €" */
		set_unit(a, KB_VAL_MONEY, code, 1, 1);
		a->end = e;
		return true;
	}
	if (q == p)
		return true;
	if ((u = match_unit(sc, q, false, -1, &e)) != NULL) {
		set_unit(a, u->kind, u->unit, u->num, u->den);
		a->end = e;
	} else if ((code = currency_code(sc, q, &e)) != NULL && !digit_at(sc, skip_ws(sc, e))) {
		set_unit(a, KB_VAL_MONEY, code, 1, 1);
		a->end = e;
	} else if ((e = read_noun(sc, q, a->unit, &a->plural)) > q) {
		a->has_unit = a->noun = true;
		a->end = e;
	}
	return true;
}

/* How a range is joined: any dash or "to", only "and" (after "between"), only "to" or a dash
 * (after "from"). */
enum { CONN_ANY, CONN_AND, CONN_TO };

/* After a range separator at p, the start of the second part; 0 when there is none. */
static size_t range_sep(const scan *sc, size_t p, int conn, bool time)
{
	size_t q = skip_ws(sc, p), d;
	if (conn != CONN_AND && (d = dash_len(sc, q)) > 0)
		return skip_ws(sc, q + d);
	if (q == p)
		return 0;
	size_t r = q;
	bool word;
	if (conn == CONN_AND)
		word = take_word(sc, &r, "and");
	else
		word = take_word(sc, &r, "to") || take_word(sc, &r, "through") ||
		       take_word(sc, &r, "thru") ||
		       (time && (take_word(sc, &r, "until") || take_word(sc, &r, "till")));
	if (word) {
		size_t t = skip_ws(sc, r);
		return t > r ? t : 0;
	}
	return 0;
}

/* Joins the two ends of a range into q; false when they do not make one. */
static bool merge(const atom *a, const atom *b, qty *q)
{
	const atom *u = a->has_unit ? a : b;
	if (a->has_unit && b->has_unit) {
		if (a->kind != b->kind || strcmp(a->unit, b->unit) != 0)
			return false;
	} else if (b->has_unit) {
		if (b->prefix)
			return false; /* "10-$20" */
	} else if (a->has_unit && !a->prefix) {
		return false; /* "3 days - 5" */
	}
	q->kind = u->kind;
	memcpy(q->unit, u->unit, sizeof q->unit);
	const atom *ua = a->has_unit ? a : u, *ub = b->has_unit ? b : u; /* "1 hour - 90 min" */
	q->lo = a->raw * ua->num / ua->den;
	q->hi = b->raw * ub->num / ub->den;
	q->noun = u->noun;
	q->plural = b->has_unit ? b->plural : a->plural;
	q->integer = a->integer && b->integer;
	q->words = a->words || b->words;
	return q->lo <= q->hi;
}

/* The period named at r after "/", "per", "a" or "each": a rate unit ("month", "year",
 * "week", "day", "hour"...) or a counted noun ("user"). Writes it to name and returns its end,
 * or r when there is none. */
static size_t period_word(const scan *sc, size_t r, char name[KB_VALUE_UNIT_MAX])
{
	size_t e = r;
	const unit_def *u = match_unit(sc, r, false, KB_VAL_DURATION, &e);
	if (u && (u->flags & U_RATE)) {
		const char *w = u->unit;
		if (strcmp(u->unit, "hour") == 0 && u->num != 1)
			w = u->num == 24 ? "day" : "week";
		else if (strcmp(u->unit, "month") == 0 && u->num != 1)
			w = u->num == 3 ? "quarter" : "year";
		snprintf(name, KB_VALUE_UNIT_MAX, "%s", w);
		return e;
	}
	bool plural;
	scan one = *sc;
	one.find = true; /* a single word */
	return read_noun(&one, r, name, &plural);
}

/* After money in kb_value_parse: "/month", "per user per month", "a month", "monthly". Appends
 * "/period" parts to unit and returns the end, or 0 when they do not fit in unit. */
static size_t read_periods(const scan *sc, size_t p, char unit[KB_VALUE_UNIT_MAX])
{
	static const char *const adverbs[][2] = {{"monthly", "month"}, {"yearly", "year"},
						 {"annually", "year"}, {"weekly", "week"},
						 {"daily", "day"},     {"hourly", "hour"}};
	for (int k = 0; k < MAX_PERIODS; k++) {
		size_t q = skip_ws(sc, p), r = q, e = q;
		char name[KB_VALUE_UNIT_MAX] = "";
		for (size_t a = 0; q > p && a < sizeof adverbs / sizeof adverbs[0]; a++) {
			r = q;
			if (take_word(sc, &r, adverbs[a][0])) {
				snprintf(name, sizeof name, "%s", adverbs[a][1]);
				e = r;
				break;
			}
		}
		if (!name[0]) {
			r = q;
			if (at(sc, q, '/')) {
				r = skip_ws(sc, q + 1);
			} else if (q > p &&
				   (take_word(sc, &r, "per") || take_word(sc, &r, "a") ||
				    take_word(sc, &r, "an") || take_word(sc, &r, "each"))) {
				size_t t = skip_ws(sc, r);
				r = t > r ? t : q;
			}
			if (r == q || (e = period_word(sc, r, name)) == r)
				break;
		}
		if (!append(unit, KB_VALUE_UNIT_MAX, "/", 1) ||
		    !append(unit, KB_VALUE_UNIT_MAX, name, strlen(name)))
			return 0;
		p = e;
	}
	return p;
}

/* Reads an amount at i: one atom or a range of two, with the unit of either. */
static bool scan_amount(const scan *sc, size_t i, int conn, qty *q)
{
	atom a, b;
	if (!read_atom(sc, i, &a))
		return false;
	size_t s2 = range_sep(sc, a.end, conn, false);
	if (s2 && read_atom(sc, s2, &b) && merge(&a, &b, q)) {
		q->end = b.end;
	} else {
		if (conn != CONN_ANY)
			return false;
		q->kind = a.kind;
		memcpy(q->unit, a.unit, sizeof q->unit);
		q->lo = q->hi = atom_value(&a);
		q->noun = a.noun;
		q->plural = a.plural;
		q->integer = a.integer;
		q->words = a.words;
		q->end = a.end;
	}
	if (q->kind == KB_VAL_MONEY && !sc->find) {
		size_t e = read_periods(sc, q->end, q->unit);
		if (!e)
			return false;
		q->end = e;
	}
	return true;
}

/* A time of day as read. */
typedef struct {
	double min;    /* minutes after midnight */
	bool marker;   /* am/pm */
	bool pm;
	bool complete; /* marker, colon, or noon/midnight: a time on its own */
	size_t end;
} tod;

/* Reads "9", "9 am", "9:00", "09:00", "9:00 AM", "9 a.m.", "17:30:15", "noon", "midnight",
 * "12 noon". A bare hour ("9") is not complete. */
static bool read_tod(const scan *sc, size_t i, tod *t)
{
	memset(t, 0, sizeof *t);
	size_t p = i;
	if (take_word(sc, &p, "noon") || take_word(sc, &p, "midnight")) {
		t->min = kb_tolower(sc->s[i]) == 'n' ? 720 : 0;
		t->complete = true;
		t->end = p;
		return true;
	}
	int h = 0, m = 0, s = 0, nd = 0;
	while (digit_at(sc, p) && nd < MAX_HOUR_DIGITS) {
		h = h * 10 + (sc->s[p++] - '0');
		nd++;
	}
	if (nd == 0 || digit_at(sc, p))
		return false;
	bool colon = false;
	if (at(sc, p, ':') && digit_at(sc, p + 1) && digit_at(sc, p + 2) && !digit_at(sc, p + 3)) {
		m = (sc->s[p + 1] - '0') * 10 + (sc->s[p + 2] - '0');
		p += 3;
		colon = true;
		if (at(sc, p, ':') && digit_at(sc, p + 1) && digit_at(sc, p + 2) &&
		    !digit_at(sc, p + 3)) {
			s = (sc->s[p + 1] - '0') * 10 + (sc->s[p + 2] - '0');
			p += 3;
		}
		if (m > 59 || s > 59)
			return false;
	}
	size_t q = skip_ws(sc, p), e = letters_end(sc, q);
	int mk = 0; /* 1 am, 2 pm */
	if (word_eq(sc, q, e, "am"))
		mk = 1;
	else if (word_eq(sc, q, e, "pm"))
		mk = 2;
	if (mk && !digit_at(sc, e)) {
		t->end = e;
	} else if (q + 3 <= sc->n && (kb_tolower(sc->s[q]) == 'a' || kb_tolower(sc->s[q]) == 'p') &&
		   sc->s[q + 1] == '.' && kb_tolower(sc->s[q + 2]) == 'm' && !alnum_at(sc, q + 3)) {
		mk = kb_tolower(sc->s[q]) == 'a' ? 1 : 2; /* "a.m." */
		t->end = q + 3 + (at(sc, q + 3, '.') ? 1 : 0);
	} else {
		mk = 0;
	}
	size_t r = q;
	if (!mk && !colon && h == 12 && q > p && take_word(sc, &r, "noon")) {
		t->min = 720;
		t->complete = true;
		t->end = r;
		return true;
	}
	if (mk) {
		if (h < 1 || h > 12)
			return false;
		t->marker = true;
		t->pm = mk == 2;
		t->complete = true;
		t->min = (h % 12 + (t->pm ? 12 : 0)) * 60 + m + s / 60.0;
		return true;
	}
	t->end = p;
	if (colon) {
		if (h > 24 || (h == 24 && (m || s)))
			return false;
		t->complete = true;
		t->min = h * 60 + m + s / 60.0;
		return true;
	}
	if (alpha_at(sc, p) || h > 12)
		return false;
	t->min = h * 60;
	return true;
}

/* Reads a time of day or a range of them at i, with a time zone after it. */
static bool scan_time(const scan *sc, size_t i, int conn, qty *q)
{
	tod a, b;
	if (!read_tod(sc, i, &a))
		return false;
	size_t s2 = range_sep(sc, a.end, conn, true);
	bool ranged = s2 && read_tod(sc, s2, &b) && b.complete && (a.complete || b.marker);
	if (!ranged && (conn != CONN_ANY || !a.complete))
		return false;
	memset(q, 0, sizeof *q);
	q->kind = KB_VAL_TIME;
	q->lo = q->hi = a.min;
	q->end = a.end;
	if (ranged) {
		if (!a.complete) { /* "9-5pm": the half of the day that keeps the range forward */
			double h = a.min + (b.pm ? 720 : 0);
			if (a.min == 720)
				h = b.pm ? 720 : 0;
			if (h > b.min)
				h = h >= 720 ? h - 720 : h + 720;
			q->lo = h;
		}
		q->hi = b.min;
		q->end = b.end;
	}
	size_t z = skip_ws(sc, q->end), ze = letters_end(sc, z);
	if (z > q->end && ze > z && !digit_at(sc, ze)) {
		for (int k = 0; time_zones[k]; k++) {
			size_t l = strlen(time_zones[k]);
			if (ze - z != l || memcmp(sc->s + z, time_zones[k], l) != 0)
				continue;
			snprintf(q->unit, sizeof q->unit, "%s", time_zones[k]);
			q->end = ze;
			size_t o = ze, d = 0;
			if (k < 2 && (at(sc, o, '+') || (d = dash_len(sc, o)) > 0) &&
			    digit_at(sc, o + (d ? d : 1))) {
				size_t x = o + (d ? d : 1), y = x;
				while (digit_at(sc, y) && y - x < 2)
					y++;
				if (at(sc, y, ':') && digit_at(sc, y + 1) && digit_at(sc, y + 2))
					y += 3;
				if (!alnum_at(sc, y)) {
					char buf[KB_VALUE_UNIT_MAX];
					snprintf(buf, sizeof buf, "%s%c%.*s", time_zones[k],
						 d ? '-' : '+', (int)(y - x), sc->s + x);
					memcpy(q->unit, buf, sizeof buf);
					q->end = y;
				}
			}
			break;
		}
	}
	return true;
}

/* Reads a date with a month or quarter at i ("March 31, 2025", "31 March 2025",
 * "2025-03-31", "March 2025", "Q1 2025"); a year alone is not one. */
static bool scan_date(const scan *sc, size_t i, qty *q)
{
	size_t ends[MAX_DATE_TOKENS], p = i;
	int nt = 0;
	bool named = false, iso = false;
	while (nt < MAX_DATE_TOKENS) {
		size_t e;
		if (digit_at(sc, p)) {
			e = p;
			while (digit_at(sc, e) && e - p < 4)
				e++;
			if (digit_at(sc, e))
				return false;
			if (nt == 0 && e - p == 4 && at(sc, e, '-'))
				iso = true;
			size_t le = letters_end(sc, e);
			if (le > e) {
				if (!(word_eq(sc, e, le, "st") || word_eq(sc, e, le, "nd") ||
				      word_eq(sc, e, le, "rd") || word_eq(sc, e, le, "th")))
					break;
				e = le;
			}
		} else if (alpha_at(sc, p)) {
			e = letters_end(sc, p);
			if (word_index(sc, p, e, month_words) >= 0) {
				named = true;
				if (at(sc, e, '.'))
					e++;
			} else if (e - p == 1 && kb_tolower(sc->s[p]) == 'q' && e < sc->n &&
				   sc->s[e] >= '1' && sc->s[e] <= '4' && !alnum_at(sc, e + 1)) {
				named = true;
				e++;
			} else if (!(nt > 0 && word_eq(sc, p, e, "of"))) {
				break;
			}
		} else {
			break;
		}
		ends[nt++] = e;
		size_t s2 = e;
		if (at(sc, s2, ',') || (at(sc, s2, '-') && alnum_at(sc, s2 + 1)))
			s2++;
		s2 = skip_ws(sc, s2);
		if (s2 == e)
			break;
		p = s2;
	}
	if (nt == 0 || (!named && !iso))
		return false;
	kb_config cfg;
	memset(&cfg, 0, sizeof cfg);
	for (int k = nt - 1; k >= 0; k--) {
		kb_span span;
		if (alnum_at(sc, ends[k]) ||
		    kb_prose_date_parse(sc->s + i, ends[k] - i, &cfg, &span) != 0 ||
		    span.gran == KB_GRAN_YEAR)
			continue;
		memset(q, 0, sizeof *q);
		q->kind = KB_VAL_DATE;
		q->lo = span.first;
		q->hi = span.last;
		q->end = ends[k];
		return true;
	}
	return false;
}

/* kb_value_parse only: "a week", "an hour", "half a day", "half an hour", "half". */
static bool scan_article(const scan *sc, size_t i, qty *q)
{
	size_t p = i, e;
	double v = 1;
	if (take_word(sc, &p, "half")) {
		v = 0.5;
		size_t r = skip_ws(sc, p);
		if (r == sc->n) {
			memset(q, 0, sizeof *q);
			q->kind = KB_VAL_NUMBER;
			q->lo = q->hi = v;
			q->end = p;
			return true;
		}
		if (r == p)
			return false;
		p = r;
		size_t a = p;
		if (take_word(sc, &a, "a") || take_word(sc, &a, "an")) {
			p = skip_ws(sc, a);
			if (p == a)
				return false;
		}
	} else if (take_word(sc, &p, "a") || take_word(sc, &p, "an")) {
		size_t r = skip_ws(sc, p);
		if (r == p)
			return false;
		p = r;
	} else {
		return false;
	}
	const unit_def *u = match_unit(sc, p, false, KB_VAL_DURATION, &e);
	if (!u)
		return false;
	memset(q, 0, sizeof *q);
	q->kind = u->kind;
	snprintf(q->unit, sizeof q->unit, "%s", u->unit);
	q->lo = q->hi = v * u->num / u->den;
	q->end = e;
	return true;
}

/* Reads one quantity at i into q. */
static bool scan_quantity(const scan *sc, size_t i, qty *q)
{
	size_t p = i, r = i;
	int conn = CONN_ANY;
	if (take_word(sc, &r, "between") || take_word(sc, &r, "from")) {
		if (skip_ws(sc, r) > r) {
			conn = kb_tolower(sc->s[i]) == 'b' ? CONN_AND : CONN_TO;
			p = skip_ws(sc, r);
		}
	}
	if (conn == CONN_ANY && sc->find && scan_date(sc, p, q))
		return true;
	if (scan_time(sc, p, conn, q))
		return true;
	memset(q, 0, sizeof *q);
	if (scan_amount(sc, p, conn, q))
		return true;
	return conn == CONN_ANY && !sc->find && scan_article(sc, p, q);
}

/* ---- prose context (kb_find_quantities) ---- */

/* The word just before i (ASCII spaces between), as [*ws, *we); false when there is none. */
static bool word_before(const scan *sc, size_t i, size_t *ws, size_t *we)
{
	size_t e = i;
	while (e > 0 && (sc->s[e - 1] == ' ' || sc->s[e - 1] == '\t'))
		e--;
	size_t b = e;
	while (b > 0 && kb_isalpha(sc->s[b - 1]))
		b--;
	if (b == e || (b > 0 && kb_isdigit(sc->s[b - 1])))
		return false;
	*ws = b;
	*we = e;
	return true;
}

/* Whether the word at b starts a sentence, a line or a list item. */
static bool sentence_start(const scan *sc, size_t b)
{
	while (b > 0 && (sc->s[b - 1] == ' ' || sc->s[b - 1] == '\t'))
		b--;
	return b == 0 || (sc->s[b - 1] && strchr(".!?:;\n\r\"'(*-#>|", sc->s[b - 1]));
}

/* Whether the quantity q found at i reads as one in prose. */
static bool prose_quantity(const scan *sc, size_t i, const qty *q)
{
	if (i > 0) {
		char c = sc->s[i - 1];
		if (c == '[' || c == '#' || c == '@' || c == '_')
			return false; /* [1], #42 */
		if (c && strchr("-/\\.:", c) && i > 1 && kb_isalnum(sc->s[i - 2]))
			return false; /* KB-1234, 10.0.0.1 */
	}
	if (q->kind != KB_VAL_NUMBER)
		return true;
	if (!q->unit[0])
		return false; /* a bare number */
	if (!q->noun)
		return true; /* a data size */
	if (!q->integer)
		return false; /* "7.2 adds" */
	bool one = q->lo == 1 && q->hi == 1;
	if (one ? q->plural || q->words : !q->plural)
		return false; /* "10 new", "no one knows", "one thing" */
	size_t ws, we;
	if (word_before(sc, i, &ws, &we)) {
		if (word_index(sc, ws, we, label_words) >= 0)
			return false; /* section 3 */
		if (kb_isupper(sc->s[ws]) && !sentence_start(sc, ws))
			return false; /* Windows 10, PowerShell 7 */
		if (!q->words && q->lo >= 1900 && q->hi <= 2099 &&
		    word_index(sc, ws, we, year_words) >= 0)
			return false; /* in 2020 sales... */
	}
	return true;
}

/* The words a quantity in prose may start with, besides numbers, months and currency codes:
 * scan_quantity's "between"/"from", read_tod's "noon"/"midnight", read_words' "a"/"an". */
static const char *const start_words[] = {"between", "from", "noon", "midnight", "a", "an", NULL};

/* Every word a quantity in prose may start with (numbers, months, currency codes and the words
 * above), lower-cased, in an open-addressing set made once (any thread may be first). */
enum { START_SLOTS = 256, START_MAX = 12 };
static char start_set[START_SLOTS][START_MAX];
/* start_pairs[first letter][length]: bit k set when a word of the set of that length starts
 * with that letter and the k-th letter of the alphabet (bit 26: the letter alone). One look
 * here turns away almost every word before it is hashed. */
static uint32_t start_pairs[26][START_MAX];
static pthread_once_t start_once = PTHREAD_ONCE_INIT;

static unsigned start_hash(const char *w, size_t n)
{
	unsigned h = 2166136261u;
	for (size_t k = 0; k < n; k++)
		h = (h ^ (unsigned char)w[k]) * 16777619u;
	return h % START_SLOTS;
}

static void start_add(const char *w)
{
	char low[START_MAX] = {0};
	size_t n = strlen(w);
	for (size_t k = 0; k < n; k++)
		low[k] = kb_tolower(w[k]);
	unsigned h = start_hash(low, n);
	while (start_set[h][0] && strcmp(start_set[h], low) != 0)
		h = (h + 1) % START_SLOTS;
	memcpy(start_set[h], low, n + 1);
	start_pairs[low[0] - 'a'][n] |= n == 1 ? 1u << 26 : 1u << (low[1] - 'a');
}

static void init_start_set(void)
{
	const char *const *lists[] = {small_words, tens_words, month_words, start_words,
				      currency_codes};
	for (size_t l = 0; l < sizeof lists / sizeof lists[0]; l++)
		for (const char *const *w = lists[l]; *w; w++)
			start_add(*w);
}

/* Whether scan_quantity may find a quantity at the letters at i. False only where it certainly
 * finds none: the words of a sentence are mostly not numbers, months, codes or the words above,
 * and one look in a set is much cheaper than trying each kind of quantity on them. */
static bool may_start_word(const scan *sc, size_t i)
{
	size_t e = letters_end(sc, i);
	if (at(sc, e, '$'))
		return true; /* "US$", "C$" */
	if (e - i == 1 && kb_tolower(sc->s[i]) == 'q')
		return true; /* "Q3" */
	if (e - i >= START_MAX)
		return false;
	pthread_once(&start_once, init_start_set);
	int c0 = kb_tolower(sc->s[i]) - 'a', c1 = e - i > 1 ? kb_tolower(sc->s[i + 1]) - 'a' : 26;
	if (!(start_pairs[c0][e - i] & 1u << c1))
		return false;
	char low[START_MAX];
	for (size_t k = 0; k < e - i; k++)
		low[k] = kb_tolower(sc->s[i + k]);
	low[e - i] = '\0';
	for (unsigned h = start_hash(low, e - i); start_set[h][0]; h = (h + 1) % START_SLOTS)
		if (strcmp(start_set[h], low) == 0)
			return true;
	return false;
}

/* Whether a quantity may start at i: a word start that is a digit, letter or symbol. */
static bool token_start(const scan *sc, size_t i)
{
	char c = sc->s[i];
	if (i > 0 && kb_isalnum(sc->s[i - 1]))
		return false;
	return kb_isalnum(c) || c == '$' || (unsigned char)c >= 0x80;
}

size_t kb_find_quantities(const char *s, size_t n, kb_qspan *out, size_t max)
{
	scan sc = {s, n, true};
	size_t count = 0, i = 0;
	if (!s || !out)
		return 0;
	while (i < n && count < max) {
		if (s[i] == '`') { /* code: skip to the matching run of backticks */
			size_t k = 0, j;
			while (i + k < n && s[i + k] == '`')
				k++;
			for (j = i + k; j < n; j++) {
				size_t r = 0;
				while (j + r < n && s[j + r] == '`')
					r++;
				if (r == k)
					break;
				j += r ? r - 1 : 0;
			}
			i = j < n ? j + k : i + k;
			continue;
		}
		qty q;
		if (token_start(&sc, i) && (!kb_isalpha(s[i]) || may_start_word(&sc, i)) &&
		    scan_quantity(&sc, i, &q) && q.end > i &&
		    prose_quantity(&sc, i, &q)) {
			out[count].start = i;
			out[count].end = q.end;
			count++;
			i = q.end;
			continue;
		}
		if (kb_isalnum(s[i])) { /* no quantity starts inside this word */
			while (i < n && kb_isalnum(s[i]))
				i++;
			continue;
		}
		i++;
	}
	return count;
}

/* ---- values ---- */

/* Sets v to TEXT: s[0..n) lower-cased, whitespace runs folded, trimmed. */
static void set_text(kb_value *v, const char *s, size_t n)
{
	kb_buf b = {0};
	bool space = false;
	for (size_t i = 0; i < n;) {
		size_t l = space_len(s, n, i);
		if (l) {
			space = true;
			i += l;
			continue;
		}
		if (space && b.len)
			kb_buf_putc(&b, ' ');
		space = false;
		kb_buf_putc(&b, kb_tolower(s[i++]));
	}
	memset(v, 0, sizeof *v);
	v->kind = KB_VAL_TEXT;
	v->text = kb_buf_take(&b);
}

/* The end of s[b..e) without its trailing whitespace. */
static size_t trim_end(const char *s, size_t b, size_t e)
{
	for (;;) {
		if (e > b && s[e - 1] && strchr(" \t\n\r\f\v", s[e - 1]))
			e--;
		else if (e >= b + 2 && space_len(s, e, e - 2) == 2)
			e -= 2;
		else if (e >= b + 3 && space_len(s, e, e - 3) == 3)
			e -= 3;
		else
			return e;
	}
}

int kb_value_parse(const char *s, size_t n, kb_value *out)
{
	if (!s)
		n = 0;
	scan sc = {s, n, false};
	size_t b = skip_ws(&sc, 0), e = trim_end(s, b, n);
	if (e > b && (s[e - 1] == '.' || s[e - 1] == ',' || s[e - 1] == ';'))
		e = trim_end(s, b, e - 1);
	memset(out, 0, sizeof *out);
	if (e > b) {
		scan whole = {s + b, e - b, false};
		kb_config cfg;
		kb_span span;
		memset(&cfg, 0, sizeof cfg);
		qty q;
		if (kb_prose_date_parse(s + b, e - b, &cfg, &span) == 0 &&
		    span.gran != KB_GRAN_YEAR) {
			out->kind = KB_VAL_DATE;
			out->lo = span.first;
			out->hi = span.last;
			return 0;
		}
		if (scan_quantity(&whole, 0, &q) && skip_ws(&whole, q.end) == whole.n) {
			out->kind = q.kind;
			out->lo = q.lo;
			out->hi = q.hi;
			memcpy(out->unit, q.unit, sizeof out->unit);
			return 0;
		}
	}
	set_text(out, s + b, e - b);
	return -1;
}

bool kb_value_equal(const kb_value *a, const kb_value *b)
{
	if (!a || !b || a->kind != b->kind)
		return false;
	if (a->kind == KB_VAL_TEXT)
		return strcmp(a->text ? a->text : "", b->text ? b->text : "") == 0;
	return strcmp(a->unit, b->unit) == 0 && approx_eq(a->lo, b->lo) && approx_eq(a->hi, b->hi);
}

/* Appends x: a whole number without a fraction, else up to 15 significant digits. */
static void put_num(kb_buf *out, double x)
{
	if (whole(x))
		kb_buf_printf(out, "%lld", (long long)(x < 0 ? x - 0.5 : x + 0.5));
	else
		kb_buf_printf(out, "%.15g", x);
}

/* Appends lo, or "lo-hi". */
static void put_range(kb_buf *out, double lo, double hi)
{
	put_num(out, lo);
	if (!approx_eq(lo, hi)) {
		kb_buf_putc(out, '-');
		put_num(out, hi);
	}
}

/* Appends the noun phrase unit, plural unless one. */
static void put_noun(kb_buf *out, const char *unit, bool one)
{
	kb_buf_puts(out, unit);
	if (one)
		return;
	size_t l = strlen(unit);
	if (l >= 6 && strcmp(unit + l - 6, "person") == 0) {
		out->len -= 6;
		kb_buf_puts(out, "people");
	} else if (l >= 2 && unit[l - 1] == 'y' && !strchr("aeiou", unit[l - 2])) {
		out->len--;
		kb_buf_puts(out, "ies");
	} else if (l >= 1 && (unit[l - 1] == 's' || unit[l - 1] == 'x' ||
			      (l >= 2 && (strcmp(unit + l - 2, "ch") == 0 ||
					  strcmp(unit + l - 2, "sh") == 0)))) {
		kb_buf_puts(out, "es");
	} else {
		kb_buf_putc(out, 's');
	}
}

/* Appends a duration in hours in the largest of days, hours, minutes, seconds that keeps it
 * whole. */
static void put_hours(kb_buf *out, double lo, double hi)
{
	static const struct {
		double per_hour;
		const char *name;
	} scales[] = {{1.0 / 24, "day"}, {1, "hour"}, {60, "minute"}, {3600, "second"},
		      {3600000, "millisecond"}};
	size_t k = lo == 0 && hi == 0 ? 1 : 0; /* "0 hours" */
	while (k + 1 < sizeof scales / sizeof scales[0] &&
	       !(whole(lo * scales[k].per_hour) && whole(hi * scales[k].per_hour)))
		k++;
	if (!(whole(lo * scales[k].per_hour) && whole(hi * scales[k].per_hour)))
		k = 1;
	double a = lo * scales[k].per_hour, b = hi * scales[k].per_hour;
	put_range(out, a, b);
	kb_buf_putc(out, ' ');
	put_noun(out, scales[k].name, approx_eq(a, 1) && approx_eq(b, 1));
}

/* Appends "HH:MM" (":SS" when there are seconds). */
static void put_clock(kb_buf *out, double min)
{
	long secs = (long)(min * 60 + 0.5);
	if (secs < 0)
		secs = 0;
	kb_buf_printf(out, "%02ld:%02ld", secs / 3600, secs / 60 % 60);
	if (secs % 60)
		kb_buf_printf(out, ":%02ld", secs % 60);
}

/* Appends a date range: a day, a whole month ("2025-03"), a quarter ("2025-Q1"), a year, or
 * "first..last". */
static void put_dates(kb_buf *out, double lo, double hi)
{
	double min = kb_date_from_ymd(KB_DATE_MIN_YEAR, 1, 1);
	double max = kb_date_from_ymd(KB_DATE_MAX_YEAR, 12, 31);
	if (!(lo >= min && lo <= max && hi >= min && hi <= max)) {
		kb_buf_puts(out, "?");
		return;
	}
	char a[16], b[16];
	kb_date first = (kb_date)lo, last = (kb_date)hi;
	int y1, m1, d1, y2, m2, d2;
	kb_date_to_ymd(first, &y1, &m1, &d1);
	kb_date_to_ymd(last, &y2, &m2, &d2);
	kb_date_format(first, a);
	kb_date_format(last, b);
	bool months = y1 == y2 && d1 == 1 && d2 == kb_days_in_month(y2, m2);
	if (first == last)
		kb_buf_puts(out, a);
	else if (months && m1 == m2)
		kb_buf_printf(out, "%.7s", a);
	else if (months && m1 == 1 && m2 == 12)
		kb_buf_printf(out, "%.4s", a);
	else if (months && m2 == m1 + 2 && m1 % 3 == 1)
		kb_buf_printf(out, "%.4s-Q%d", a, (m1 + 2) / 3);
	else
		kb_buf_printf(out, "%s..%s", a, b);
}

void kb_value_format(const kb_value *v, kb_buf *out)
{
	bool one = approx_eq(v->lo, 1) && approx_eq(v->hi, 1);
	switch (v->kind) {
	case KB_VAL_NUMBER:
		put_range(out, v->lo, v->hi);
		if (v->unit[0]) {
			kb_buf_putc(out, ' ');
			/* the multiples of a byte print upper case and without a plural */
			if (kb_value_unit_is_size(v->unit) && strcmp(v->unit, "byte") != 0) {
				for (const char *c = v->unit; *c; c++)
					kb_buf_putc(out, *c == 'i' ? 'i' : (char)(*c - 32));
			} else {
				put_noun(out, v->unit, one);
			}
		}
		return;
	case KB_VAL_DURATION:
		if (strcmp(v->unit, "hour") == 0) {
			put_hours(out, v->lo, v->hi);
			return;
		}
		put_range(out, v->lo, v->hi);
		kb_buf_putc(out, ' ');
		if (strcmp(v->unit, "business-day") == 0)
			put_noun(out, "business day", one);
		else if (strcmp(v->unit, "calendar-day") == 0)
			put_noun(out, "calendar day", one);
		else if (strcmp(v->unit, "business-hour") == 0)
			put_noun(out, "business hour", one);
		else
			put_noun(out, v->unit, one);
		return;
	case KB_VAL_MONEY: {
		const char *slash = strchr(v->unit, '/');
		size_t cl = slash ? (size_t)(slash - v->unit) : strlen(v->unit);
		kb_buf_printf(out, "%.*s %.2f", (int)cl, v->unit, v->lo);
		if (!approx_eq(v->lo, v->hi))
			kb_buf_printf(out, "-%.2f", v->hi);
		if (slash)
			kb_buf_puts(out, slash);
		return;
	}
	case KB_VAL_PERCENT:
		put_range(out, v->lo, v->hi);
		kb_buf_putc(out, '%');
		return;
	case KB_VAL_TIME:
		put_clock(out, v->lo);
		if (v->lo != v->hi) {
			kb_buf_putc(out, '-');
			put_clock(out, v->hi);
		}
		if (v->unit[0])
			kb_buf_printf(out, " %s", v->unit);
		return;
	case KB_VAL_DATE:
		put_dates(out, v->lo, v->hi);
		return;
	case KB_VAL_TEXT:
		kb_buf_puts(out, v->text ? v->text : "");
		return;
	}
}

void kb_value_free(kb_value *v)
{
	if (!v)
		return;
	free(v->text);
	memset(v, 0, sizeof *v);
	v->kind = KB_VAL_TEXT;
}
