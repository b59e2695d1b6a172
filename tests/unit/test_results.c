/* Unit tests for the results' sort (diag.c): findings in the order of file, line, column, rule
 * and message, stably, whatever runs they come in; the same fingerprint numbered in position
 * order. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "diag.h"
#include "harness.h"

/* A finding to add: its file, line, column, rule, message, severity and fingerprint. */
typedef struct {
	size_t file;
	int line, col;
	const char *rule, *msg;
	kb_severity sev;
	uint64_t fp;
} row;

/* A new r holding the rows' findings, in the rows' order. */
static void add_rows(kb_results *r, const row *rows, size_t n)
{
	kb_results_init(r);
	for (size_t i = 0; i < n; i++) {
		kb_finding f = {.file_index = rows[i].file, .file = rows[i].file ? "b.md" : "a.md",
				.line = rows[i].line, .col = rows[i].col, .rule = rows[i].rule,
				.message = rows[i].msg, .severity = rows[i].sev,
				.fingerprint = rows[i].fp};
		kb_results_add(r, &f);
	}
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
	/* file 0 in order; then a cross-article rule's run over both files; then one out of
	 * place; two equal but for severity (stability: the first added stays first) */
	static const row rows[] = {
		{0, 1, 1, "a", "x", KB_SEV_ERROR, 1},     {0, 3, 1, "a", "x", KB_SEV_ERROR, 2},
		{1, 2, 5, "b", "y", KB_SEV_ERROR, 3},     {0, 2, 1, "link", "m", KB_SEV_WARNING, 4},
		{0, 3, 1, "a", "x", KB_SEV_INFO, 5},      {1, 1, 1, "link", "m", KB_SEV_WARNING, 6},
		{1, 2, 5, "b", "w", KB_SEV_ERROR, 7},     {0, 1, 1, "a", "w", KB_SEV_ERROR, 8},
	};
	kb_results r;
	add_rows(&r, rows, sizeof rows / sizeof rows[0]);
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
	row reversed[10];
	for (int i = 0; i < 10; i++)
		reversed[i] = (row){0, 10 - i, 1, "a", "x", KB_SEV_ERROR, (uint64_t)i + 100};
	add_rows(&r, reversed, 10);
	kb_results_sort(&r);
	for (size_t i = 0; i < r.nfindings; i++)
		CHECK_EQ_INT(r.findings[i].line, (long long)i + 1);
	/* in order already (a file's findings, mostly): left as they are, equal ones too */
	r.findings[3].severity = KB_SEV_INFO;
	r.findings[3].line = r.findings[4].line;
	kb_results_order(&r);
	CHECK_EQ_INT(r.findings[3].severity, KB_SEV_INFO);
	CHECK_EQ_INT(r.findings[4].severity, KB_SEV_ERROR);
	CHECK_EQ_INT(r.findings[9].line, 10);
	kb_results_free(&r);
}

static void test_fingerprints(void)
{
	/* the same fingerprint three times, added last line first; another one once */
	static const row rows[] = {
		{0, 30, 1, "a", "x", KB_SEV_ERROR, 42},
		{0, 20, 1, "a", "x", KB_SEV_ERROR, 42},
		{0, 5, 1, "a", "y", KB_SEV_ERROR, 7},
		{0, 10, 1, "a", "x", KB_SEV_ERROR, 42},
	};
	kb_results r;
	add_rows(&r, rows, sizeof rows / sizeof rows[0]);
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
