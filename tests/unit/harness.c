/* harness.c: failure counting and printing for the unit tests (see harness.h). */
#include "harness.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

int kb_test_failures;
int kb_test_checks;

void kb_test_fail(const char *file, int line, const char *fmt, ...)
{
	va_list ap;
	kb_test_failures++;
	fprintf(stderr, "%s:%d: FAIL: ", file, line);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

bool kb_test_check(bool ok, const char *file, int line, const char *expr)
{
	kb_test_checks++;
	if (!ok)
		kb_test_fail(file, line, "CHECK(%s)", expr);
	return ok;
}

bool kb_test_eq_int(long long got, long long want, const char *file, int line, const char *gexpr,
		    const char *wexpr)
{
	kb_test_checks++;
	if (got == want)
		return true;
	kb_test_fail(file, line, "%s == %s: got %lld, want %lld", gexpr, wexpr, got, want);
	return false;
}

/* Prints s as a C string literal so that control characters and trailing spaces show. */
static void put_quoted(const char *s)
{
	if (!s) {
		fputs("NULL", stderr);
		return;
	}
	fputc('"', stderr);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\')
			fprintf(stderr, "\\%c", *p);
		else if (*p == '\n')
			fputs("\\n", stderr);
		else if (*p == '\r')
			fputs("\\r", stderr);
		else if (*p == '\t')
			fputs("\\t", stderr);
		else if (*p < 0x20 || *p == 0x7F)
			fprintf(stderr, "\\x%02X", *p);
		else
			fputc(*p, stderr);
	}
	fputc('"', stderr);
}

bool kb_test_eq_str(const char *got, const char *want, const char *file, int line,
		    const char *gexpr, const char *wexpr)
{
	kb_test_checks++;
	if (got == want || (got && want && strcmp(got, want) == 0))
		return true;
	kb_test_fail(file, line, "%s == %s:", gexpr, wexpr);
	fputs("    got:  ", stderr);
	put_quoted(got);
	fputs("\n    want: ", stderr);
	put_quoted(want);
	fputc('\n', stderr);
	return false;
}

int kb_test_report(const char *name)
{
	const char *base = strrchr(name, '/');
	base = base ? base + 1 : name;
	if (kb_test_checks == 0) {
		fprintf(stderr, "%s: no checks ran\n", base);
		return 1;
	}
	printf("%s: %d checks, %d failed\n", base, kb_test_checks, kb_test_failures);
	return kb_test_failures ? 1 : 0;
}

const char *kb_test_slurp(const char *path)
{
	static char buf[4096];
	FILE *f = fopen(path, "rb");
	size_t n = f ? fread(buf, 1, sizeof buf - 1, f) : 0;
	if (f)
		fclose(f);
	buf[n] = '\0';
	return buf;
}

void kb_test_put(const char *path, const char *text)
{
	FILE *f = fopen(path, "wb");
	if (f) {
		fputs(text, f);
		fclose(f);
	}
}
