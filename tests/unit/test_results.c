/* Unit tests for the results (diag.c): findings in the order of file, line, column, rule and
 * message, stably, whatever runs they come in; the same fingerprint numbered in position order;
 * findings filled in parts on threads (kb_results_part) as if added one by one. */
#include <pthread.h>
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
		at += (size_t)snprintf(buf + at, n - at, "%zu:%d:%d %s %s %d\n",
				       (size_t)f->file_index, f->line, f->col, f->rule, f->message,
				       (int)f->severity);
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

/* One part of test_parts: findings [from, to) of its rows, added on a thread of its own. */
typedef struct {
	kb_results part;
	const row *rows;
	size_t from, to;
} filler;

static void *fill(void *ud)
{
	filler *f = ud;
	for (size_t i = f->from; i < f->to; i++) {
		const row *w = &f->rows[i];
		kb_finding x = {.file_index = w->file, .file = w->file ? "b.md" : "a.md",
				.line = w->line, .col = w->col, .rule = w->rule, .message = w->msg,
				.severity = w->sev, .fingerprint = w->fp};
		kb_results_add(&f->part, &x);
	}
	return NULL;
}

static void test_parts(void)
{
	/* 300 findings after 5 already there, in three parts of 100, 0 and 200, filled on
	 * threads: the same findings, strings and room as 305 added one by one */
	enum { BEFORE = 5, N = 300 };
	static row rows[BEFORE + N];
	static char msgs[BEFORE + N][16];
	for (size_t i = 0; i < BEFORE + N; i++) {
		snprintf(msgs[i], sizeof msgs[i], "m%zu", i);
		rows[i] = (row){i % 2, (int)i + 1, 1, i % 3 ? "a" : "b", msgs[i], KB_SEV_WARNING, i};
	}
	kb_results one, parts;
	add_rows(&one, rows, BEFORE + N);
	add_rows(&parts, rows, BEFORE);
	kb_results_reserve(&parts, N);
	CHECK_EQ_INT(parts.capfindings, one.capfindings);
	CHECK_EQ_INT(parts.nfindings, BEFORE);
	const size_t cut[] = {0, 100, 100, N};
	filler f[3];
	pthread_t t[3];
	for (size_t k = 0; k < 3; k++) {
		f[k] = (filler){.rows = rows + BEFORE, .from = cut[k], .to = cut[k + 1]};
		kb_results_part(&parts, cut[k], cut[k + 1] - cut[k], &f[k].part);
		CHECK(pthread_create(&t[k], NULL, fill, &f[k]) == 0);
	}
	for (size_t k = 0; k < 3; k++)
		pthread_join(t[k], NULL);
	for (size_t k = 0; k < 3; k++)
		kb_results_join(&parts, &f[k].part);
	CHECK_EQ_INT(parts.nfindings, BEFORE + N);
	CHECK_EQ_INT(parts.capfindings, one.capfindings);
	static char a[16384], b[16384];
	CHECK_EQ_STR(order_of(&parts, a, sizeof a), order_of(&one, b, sizeof b));
	for (size_t k = 0; k < 3; k++)
		CHECK(f[k].part.strings.head == NULL); /* moved into parts: freed with it */
	kb_results_free(&parts);
	kb_results_free(&one);
}

int main(int argc, char **argv)
{
	(void)argc;
	test_order();
	test_fingerprints();
	test_parts();
	return kb_test_report(argv[0]);
}
