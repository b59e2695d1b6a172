/* errs.h: errors in config, rule and facts files: "file:line:col: error: message" lines, printed
 * by the CLI before it exits with status 2. Every loader of a data file collects its errors here. */
#ifndef KB_ERRS_H
#define KB_ERRS_H

#include <stdarg.h>
#include <stddef.h>

/* The messages, in the order added; each owned by the list. */
typedef struct {
	char **v;
	size_t n, cap;
} kb_errs;

void kb_errs_add(kb_errs *e, const char *file, int line, int col, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
/* kb_errs_add with the message's arguments in ap. */
void kb_errs_vadd(kb_errs *e, const char *file, int line, int col, const char *fmt, va_list ap)
	__attribute__((format(printf, 5, 0)));
void kb_errs_free(kb_errs *e);

#endif
