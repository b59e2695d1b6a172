/* date.h: calendar dates as day numbers, parsing, formatting, review intervals. */
#ifndef KB_DATE_H
#define KB_DATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Days since 1970-01-01 (proleptic Gregorian). Years 1..9999 only. */
typedef int32_t kb_date;

enum { KB_DATE_MIN_YEAR = 1, KB_DATE_MAX_YEAR = 9999 };

bool kb_date_valid(int y, int m, int d);
kb_date kb_date_from_ymd(int y, int m, int d); /* y/m/d must be valid */
void kb_date_to_ymd(kb_date dt, int *y, int *m, int *d);
int kb_days_in_month(int y, int m);
void kb_date_format(kb_date dt, char out[16]); /* YYYY-MM-DD */
kb_date kb_date_today_utc(void);

/* ISO 8601 calendar date "YYYY-MM-DD", optionally followed by a time as ISO 8601 or a YAML
 * timestamp writes it ("T10:00", "T10:00:00Z", "T10:00:00+0100", " 10:00:00.5 +01:00"); the
 * time is ignored. Returns 0 on success. */
int kb_date_parse_iso(const char *s, size_t n, kb_date *out);
/* Parses s[0..n) with a strftime-style format: %Y %m %d %e %b %B %y %%, other characters literal
 * (a space matches one or more spaces). Month names are English. Returns 0 on success. */
int kb_date_parse_format(const char *s, size_t n, const char *fmt, kb_date *out);

/* A date form read by default after ISO 8601: a format for kb_date_parse_format and the form
 * as people write it. */
typedef struct {
	const char *format, *human;
} kb_date_form;
enum { KB_DATE_NDEFAULTS = 3 };
/* The strftime directives kblint reads and writes dates with, one row each (date.c): every
 * format reader, writer, checker and pattern maker goes by this table. */
typedef enum { KB_DIR_YEAR, KB_DIR_MONTH, KB_DIR_DAY, KB_DIR_PERCENT } kb_date_part;
typedef struct {
	char letter;       /* the letter after '%' */
	kb_date_part part;
	int width;         /* digits: exactly 4 (%Y) or 2 (%y), at most 2 (%m %d %e); 0 otherwise */
	bool name;         /* a month name: %b %h (three letters), %B (full) */
	bool full;         /* %B: the full name */
	bool pad_space;    /* %e: a day padded with a space, not a zero */
	const char *human; /* as people write it: "YYYY", "Mon", "D" */
} kb_date_directive;
/* The row of %letter, or NULL when kblint does not know the directive. Static storage. */
const kb_date_directive *kb_date_directive_of(char letter);

/* The English month names, "January" to "December": the one table of them. */
extern const char *const kb_month_names[12];
/* The month (1 to 12) whose English name, full or its first three letters ("Sept" too), in any
 * case, is the run of ASCII letters at s[*i..n); *i is moved past it. 0, *i kept, when none. */
int kb_month_at(const char *s, size_t n, size_t *i);

/* MM/DD/YYYY (docfx's ms.date, M/D/YYYY too), D Month YYYY and Month D, YYYY (month names
 * full or three letters). Static storage. */
extern const kb_date_form kb_date_defaults[KB_DATE_NDEFAULTS];
/* Writes fmt as people write it, "%m/%d/%Y" as "MM/DD/YYYY", into out[0..n) (NUL-terminated,
 * cut short when it does not fit). */
void kb_date_format_human(const char *fmt, char *out, size_t n);
/* Writes fmt with its numeric day and month directives swapped ("%d/%m/%Y" for "%m/%d/%Y",
 * %e read as %d) into out[0..n): two formats that swap to each other read the same text two
 * ways. */
void kb_date_format_swap(const char *fmt, char *out, size_t n);
/* A format of the directives kb_date_parse_format reads that reads s[0..n) as a valid date
 * following how it is written ("14.03.2024": "%d.%m.%Y", "14-Mar-2024": "%d-%b-%Y"), written to
 * out[0..outlen), and, unless human is NULL, the form as written ("DD.MM.YYYY", "D.M.YYYY",
 * "DD-Mon-YYYY") to human[0..humanlen); false when none does (or it does not fit). A numeric day
 * and month that could be either are read day first, except around '/' (US order). */
bool kb_date_guess_format(const char *s, size_t n, char *out, size_t outlen, char *human,
			  size_t humanlen);

/* A review interval: a count of days or of months. */
typedef struct {
	int32_t count;
	enum { KB_UNIT_DAYS, KB_UNIT_MONTHS } unit;
} kb_interval;

/* "90 days", "90d", "2 weeks", "2w", "6 months", "6mo", "1 year", "1y" and the like.
 * Returns 0 on success. */
int kb_interval_parse(const char *s, size_t n, kb_interval *out);
/* dt plus iv; adding months keeps the day and clamps it to the month's end. */
kb_date kb_date_add(kb_date dt, kb_interval iv);
void kb_interval_format(kb_interval iv, char out[32]);

#endif
