/* dates.c: the date forms a config reads: ISO 8601, its date_formats, then the default forms
 * that neither repeat nor contradict them; and the date_formats entry to suggest for a date
 * written some other way. */
#include <string.h>

#include "config.h"

/* True when fmt reads the same text as one of cfg's date_formats, or reads it the other way
 * round (day and month swapped). Swapping twice spells %e as %d, which reads the same. */
static bool clashes(const kb_config *cfg, const char *fmt)
{
	char swapped[64], same[64], entry[64], tmp[64];
	kb_date_format_swap(fmt, swapped, sizeof swapped);
	kb_date_format_swap(swapped, same, sizeof same);
	for (size_t i = 0; cfg && i < cfg->date_formats.n; i++) {
		kb_date_format_swap(cfg->date_formats.v[i], tmp, sizeof tmp);
		kb_date_format_swap(tmp, entry, sizeof entry);
		if (strcmp(entry, same) == 0 || strcmp(entry, swapped) == 0)
			return true;
	}
	return false;
}

const char *kb_config_date_format(const kb_config *cfg, size_t i)
{
	size_t nuser = cfg ? cfg->date_formats.n : 0;
	if (i < nuser)
		return cfg->date_formats.v[i];
	i -= nuser;
	for (size_t k = 0; k < KB_DATE_NDEFAULTS; k++) {
		if (clashes(cfg, kb_date_defaults[k].format))
			continue;
		if (i-- == 0)
			return kb_date_defaults[k].format;
	}
	return NULL;
}

int kb_config_parse_date(const kb_config *cfg, const char *s, size_t n, kb_date *out)
{
	if (kb_date_parse_iso(s, n, out) == 0)
		return 0;
	const char *fmt;
	for (size_t i = 0; (fmt = kb_config_date_format(cfg, i)); i++)
		if (kb_date_parse_format(s, n, fmt, out) == 0)
			return 0;
	return -1;
}

void kb_config_date_forms(const kb_config *cfg, kb_buf *out)
{
	kb_buf_puts(out, "YYYY-MM-DD");
	const char *fmt, *next = kb_config_date_format(cfg, 0);
	for (size_t i = 0; (fmt = next); i++) {
		next = kb_config_date_format(cfg, i + 1);
		kb_buf_puts(out, next ? ", " : " or ");
		const char *human = NULL;
		for (size_t k = 0; k < KB_DATE_NDEFAULTS; k++)
			if (strcmp(fmt, kb_date_defaults[k].format) == 0)
				human = kb_date_defaults[k].human;
		char shown[128];
		if (!human) {
			kb_date_format_human(fmt, shown, sizeof shown);
			human = shown;
		}
		kb_buf_puts(out, human);
	}
}

bool kb_config_date_hint(const kb_config *cfg, const char *s, size_t n, char fmt[32],
			 char human[48])
{
	return kb_date_guess_format(s, n, fmt, 32, human, 48) && !clashes(cfg, fmt);
}
