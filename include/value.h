/* value.h: stated facts as typed values, so two articles can be compared by meaning rather than
 * by text ("14 days" = "2 weeks", "$49" = "49 USD", "business days" never = "days"), and the
 * quantities of a prose sentence found for masking. Pure functions, no global state. */
#ifndef KB_VALUE_H
#define KB_VALUE_H

#include <stdbool.h>
#include <stddef.h>

#include "util.h"

enum { KB_VALUE_UNIT_MAX = 24 }; /* bytes of kb_value.unit, NUL included */

typedef enum {
	KB_VAL_NUMBER,   /* a count, with its counted noun in unit when there is one */
	KB_VAL_DURATION, /* a length of time, in the unit named by unit */
	KB_VAL_MONEY,    /* an amount of a currency */
	KB_VAL_PERCENT,  /* 99.9 for "99.9%" */
	KB_VAL_TIME,     /* a time of day, in minutes after midnight */
	KB_VAL_DATE,     /* a calendar date, as kb_date day numbers */
	KB_VAL_TEXT      /* anything else: folded text */
} kb_value_kind;

/* A normalized value. lo..hi is the value, or a range (lo == hi for one value); two values are
 * equal when kind, unit and text match and lo and hi agree to within rounding.
 *
 * unit, by kind:
 *   DURATION "hour"          seconds, minutes, hours, days, weeks (all converted to hours)
 *            "month"         months, quarters (3), years (12)
 *            "business-day"  business/working days, workdays, weekdays; business weeks (5)
 *            "calendar-day"  calendar days; calendar weeks (7)
 *            "business-hour" business/working hours
 *   MONEY    ISO 4217 code ("USD", "EUR", "GBP"...), then one "/period" per rate part:
 *            "$49/month" -> "USD/month", "$49 per user per month" -> "USD/user/month"
 *   NUMBER   the counted noun, singular and lower case ("seat", "character", "concurrent
 *            user"), a data size ("gb", "mb", "byte"...), or "" for a bare number
 *   TIME     a time zone as written ("ET", "UTC", "UTC+2") or ""
 *   DATE, PERCENT, TEXT: ""
 * DATE: lo and hi are the first and last day (a month, "March 2025", is a range).
 * TIME: lo and hi are minutes after midnight; a range may wrap past midnight (lo > hi). */
typedef struct {
	kb_value_kind kind;
	double lo, hi;
	char unit[KB_VALUE_UNIT_MAX];
	char *text; /* TEXT only: lower-case text, whitespace runs folded to one space, trimmed;
		     * heap, freed by kb_value_free. NULL for the other kinds. */
} kb_value;

/* Parses all of s[0..n) (surrounding whitespace and one trailing '.', ',' or ';' ignored) as one
 * value. Always fills *out, which is overwritten without being freed (free an earlier value
 * first); the caller releases it with kb_value_free. Returns 0 when s is a quantity, or -1 when
 * it fell back to KB_VAL_TEXT. s may be NULL when n is 0. */
int kb_value_parse(const char *s, size_t n, kb_value *out);
/* Whether a and b state the same value (see kb_value above). */
bool kb_value_equal(const kb_value *a, const kb_value *b);
/* Appends v in normalized form, for messages: "14 days", "36 hours", "12 months", "5 business
 * days", "USD 49.00", "USD 49.00/month", "99.9%", "09:00-17:00", "2025-03-31", "2025-03",
 * "10 seats", "3-5 days", or the folded text. */
void kb_value_format(const kb_value *v, kb_buf *out);
/* Frees v's text and leaves v an empty TEXT value; v itself belongs to the caller. */
void kb_value_free(kb_value *v);

/* A quantity found in a sentence: the bytes s[start..end). */
typedef struct {
	size_t start, end;
} kb_qspan;

/* Finds the quantities of a prose sentence, in order and without overlaps: money ("$49",
 * "49 USD"), percentages, times of day and ranges of them ("9am-5pm"), dates with a month or
 * quarter ("March 31, 2025", "2025-03-31", "Q1 2025"), and numbers with a unit or a counted
 * noun ("5 business days", "1022 characters", "10 seats", "48 hours", "3-5 days",
 * "thirty (30) days", "between 3 and 5 days"). Not quantities: bare numbers, versions (7.2),
 * identifiers, years alone, reference labels ([1]), list numbers, numbers inside words (x64,
 * utf8), ordinals (1st), numbers after a label or name ("section 3", "Windows 10"), "a week",
 * rates after money ("$49 per user" gives "$49"), and text inside `backticks`.
 * Writes at most max spans to out and returns how many it wrote. */
size_t kb_find_quantities(const char *s, size_t n, kb_qspan *out, size_t max);

/* True when unit (a kb_value's unit) is a data size: bytes and their multiples ("kb", "gib"). */
bool kb_value_unit_is_size(const char *unit);

#endif
