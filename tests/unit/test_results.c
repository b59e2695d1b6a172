/* Unit tests for the results' sort (diag.c): findings in the order of file, line, column, rule
 * and message, stably, whatever runs they come in; the same fingerprint numbered in position
 * order. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "diag.h"
#include "harness.h"

static void add(kb_results *r, size_t file, int line, int col, const char *rule, const char *msg,
		kb_severity sev, uint64_t fp)
{
	kb_finding f = {.file_index = file, .file = file ? "b.md" : "a.md", .line = line,
			.col = col, .rule = rule, .message = msg, .severity = sev,
			.fingerprint = fp};
	kb_results_add(r, &f);
}

/* "file:line:col rule message severity" of each finding, one line each, into buf. */
static const char *order_of(const kb_results *r, char *buf, size_t n)
{
	size_t at = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < r->nfindings && at < n; i++) {
		const kb_finding *f = &r->findings[i];
		at += (size_t)snprintf(buf + at, n - at, "%zu:%d:%d %s %s %d\n", f->file_index,
				       f->line, f->col, f->rule, f->message, (int)f->severity);
	}
	return buf;
}

static void test_order(void)
{
	kb_results r;
	kb_results_init(&r);
	/* file 0 in order; then a cross-article rule's run over both files; then one out of
	 * place; two equal but for severity (stability: the first added stays first) */
	add(&r, 0, 1, 1, "a", "x", KB_SEV_ERROR, 1);
	add(&r, 0, 3, 1, "a", "x", KB_SEV_ERROR, 2);
	add(&r, 1, 2, 5, "b", "y", KB_SEV_ERROR, 3);
	add(&r, 0, 2, 1, "link", "m", KB_SEV_WARNING, 4);
	add(&r, 0, 3, 1, "a", "x", KB_SEV_INFO, 5);
	add(&r, 1, 1, 1, "link", "m", KB_SEV_WARNING, 6);
	add(&r, 1, 2, 5, "b", "w", KB_SEV_ERROR, 7);
	add(&r, 0, 1, 1, "a", "w", KB_SEV_ERROR, 8);
	kb_results_sort(&r);
	char buf[512];
	CHECK_EQ_STR(order_of(&r, buf, sizeof buf),
		     "0:1:1 a w 2\n"
		     "0:1:1 a x 2\n"
		     "0:2:1 link m 1\n"
		     "0:3:1 a x 2\n"
		     "0:3:1 a x 0\n"
		     "1:1:1 link m 1\n"
		     "1:2:5 b w 2\n"
		     "1:2:5 b y 2\n");
	kb_results_free(&r);

	/* reversed: every finding a run of its own */
	kb_results_init(&r);
	for (int i = 9; i >= 0; i--)
		add(&r, 0, i + 1, 1, "a", "x", KB_SEV_ERROR, (uint64_t)i + 100);
	kb_results_sort(&r);
	for (size_t i = 0; i < r.nfindings; i++)
		CHECK_EQ_INT(r.findings[i].line, (long long)i + 1);
	kb_results_free(&r);
}

static void test_fingerprints(void)
{
	kb_results r;
	kb_results_init(&r);
	/* the same fingerprint three times, added last line first; another one once */
	add(&r, 0, 30, 1, "a", "x", KB_SEV_ERROR, 42);
	add(&r, 0, 20, 1, "a", "x", KB_SEV_ERROR, 42);
	add(&r, 0, 5, 1, "a", "y", KB_SEV_ERROR, 7);
	add(&r, 0, 10, 1, "a", "x", KB_SEV_ERROR, 42);
	kb_results_sort(&r);
	const uint64_t p = 1099511628211ULL;
	CHECK_EQ_INT(r.findings[0].fingerprint, 7);
	CHECK(r.findings[1].fingerprint == 42);                /* line 10: the first */
	CHECK(r.findings[2].fingerprint == (42ULL ^ 1) * p);   /* line 20 */
	CHECK(r.findings[3].fingerprint == (42ULL ^ 2) * p);   /* line 30 */
	kb_results_free(&r);
}

int main(int argc, char **argv)
{
	(void)argc;
	test_order();
	test_fingerprints();
	return kb_test_report(argv[0]);
}
