/* harness.h: a tiny assertion harness for the C unit tests.
 *
 * Each check prints "file:line: ..." with the values involved when it fails and counts the
 * failure; a test's main() ends with `return kb_test_report(argv[0]);`, which prints a summary
 * and returns nonzero when anything failed. Checks never abort, so one run shows every failure. */
#ifndef KB_TEST_HARNESS_H
#define KB_TEST_HARNESS_H

#include <stdbool.h>
#include <stddef.h>

extern int kb_test_failures;
extern int kb_test_checks;

void kb_test_fail(const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
bool kb_test_check(bool ok, const char *file, int line, const char *expr);
bool kb_test_eq_int(long long got, long long want, const char *file, int line, const char *gexpr,
		    const char *wexpr);
bool kb_test_eq_str(const char *got, const char *want, const char *file, int line,
		    const char *gexpr, const char *wexpr);
/* The contents of the file at path, in a static buffer (up to 4 KiB; "" when it cannot be read):
 * for checks of files a test wrote or changed. */
const char *kb_test_slurp(const char *path);
/* Writes text to the file at path, replacing it. */
void kb_test_put(const char *path, const char *text);
/* Prints "NAME: N checks, M failed" and returns 1 when any check failed, else 0. */
int kb_test_report(const char *name);

/* Each evaluates its arguments once and yields true when the check passed. */
#define CHECK(cond) kb_test_check((cond) ? true : false, __FILE__, __LINE__, #cond)
#define CHECK_EQ_INT(got, want) \
	kb_test_eq_int((long long)(got), (long long)(want), __FILE__, __LINE__, #got, #want)
#define CHECK_EQ_STR(got, want) kb_test_eq_str((got), (want), __FILE__, __LINE__, #got, #want)

#endif
