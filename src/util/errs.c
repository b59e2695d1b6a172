/* errs.c: errors in config, rule and facts files, as "file:line:col: error: message" lines. */
#include "errs.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

void kb_errs_add(kb_errs *e, const char *file, int line, int col, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	kb_errs_vadd(e, file, line, col, fmt, ap);
	va_end(ap);
}

void kb_errs_vadd(kb_errs *e, const char *file, int line, int col, const char *fmt, va_list ap)
{
	kb_buf b = {0};
	if (line > 0)
		kb_buf_printf(&b, "%s:%d:%d: error: ", file, line, col > 0 ? col : 1);
	else
		kb_buf_printf(&b, "%s: error: ", file);
	kb_buf_vprintf(&b, fmt, ap);
	if (e->n == e->cap) {
		e->cap = e->cap ? e->cap * 2 : 8;
		e->v = xrealloc(e->v, e->cap * sizeof *e->v);
	}
	e->v[e->n++] = kb_buf_take(&b);
}

void kb_errs_free(kb_errs *e)
{
	for (size_t i = 0; i < e->n; i++)
		free(e->v[i]);
	free(e->v);
	memset(e, 0, sizeof *e);
}
