/* prosedate.h: dates as people write them in prose; used by the temporal rule kind. */
#ifndef KB_PROSEDATE_H
#define KB_PROSEDATE_H

#include <stddef.h>

#include "config.h"
#include "date.h"
#include "util.h"

typedef enum { KB_GRAN_DAY, KB_GRAN_MONTH, KB_GRAN_QUARTER, KB_GRAN_YEAR } kb_granularity;

/* A date in prose covers a span: a day, a month, a quarter or a year. */
typedef struct {
	kb_date first, last;
	kb_granularity gran;
} kb_span;

/* Appends to out a PCRE2 pattern (no capture groups, case-insensitive use) for the dates
 * kb_prose_date_parse reads: 2025-03-31, March 31, 2025, 31 March 2025, Mar 31 2025,
 * March 2025, Q1 2025, the forms of cfg's date_formats, and, when years is set, a year alone
 * (1900-2099). */
void kb_prose_date_pattern(kb_buf *out, const kb_config *cfg, bool years);
/* Parses a date matched by that pattern. Returns 0 on success. */
int kb_prose_date_parse(const char *s, size_t n, const kb_config *cfg, kb_span *out);

#endif
