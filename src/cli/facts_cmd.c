/* facts_cmd.c: `kblint facts`: every place a fact's value is stated, for editors about to
 * change one. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "report.h"
#include "scan.h"
#include "statements.h"
#include "textout.h"
#include "value.h"

typedef struct {
	char *key;       /* the fact's key, or the sentence skeleton */
	char *value;     /* normalized */
	char *raw;
	char *file;
	size_t file_index;
	int line, col;
	int agrees;      /* 1 agrees, 0 differs, -1 no canonical value */
	size_t seq;      /* order found: a canonical fact before the sentence that states it */
} row;

typedef struct {
	row *v;
	size_t n, cap;
	const kb_config *cfg;
	const kb_article *art;
} rows;

static void push(rows *r, const char *key, const char *value, const char *raw, int line, int col,
		 int agrees)
{
	if (r->n == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 64;
		r->v = xrealloc(r->v, r->cap * sizeof *r->v);
	}
	row *x = &r->v[r->n++];
	x->key = xstrdup(key);
	x->value = xstrdup(value);
	x->raw = xstrdup(raw);
	x->file = xstrdup(r->art->file->path);
	x->file_index = r->art->file->index;
	x->line = line;
	x->col = col;
	x->agrees = agrees;
	x->seq = r->n - 1;
}

static void on_fact(void *ud, const kb_fact *f, const char *raw, size_t len, int line, int col,
		    bool agrees)
{
	rows *r = ud;
	kb_value v;
	kb_value_parse(raw, len, &v);
	kb_buf norm = {0};
	kb_value_format(&v, &norm);
	kb_value_free(&v);
	char *text = xstrndup(raw, len);
	push(r, f->key, norm.data ? norm.data : "", text, line, col, agrees);
	free(text);
	kb_buf_free(&norm);
}

static void on_statement(void *ud, const char *skeleton, const char *value, const char *raw,
			 int line, int col, bool canonical)
{
	rows *r = ud;
	(void)canonical;
	if (strncmp(skeleton, "facts: ", 7) == 0 && kb_facts_find(r->cfg->facts, skeleton + 7))
		return; /* a front-matter fact with a canonical value is listed by on_fact */
	push(r, skeleton, value, raw, line, col, -1);
}

static void visit(void *ud, const kb_article *a)
{
	rows *r = ud;
	r->art = a;
	kb_facts_each(a, r->cfg, on_fact, r);
	kb_statements_each(a, r->cfg, on_statement, r);
}

static int cmp(const void *pa, const void *pb)
{
	const row *a = pa, *b = pb;
	if (a->file_index != b->file_index)
		return a->file_index < b->file_index ? -1 : 1;
	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	if (a->col != b->col)
		return a->col < b->col ? -1 : 1;
	/* qsort is not stable: rows at one place keep the order they were found in */
	return (a->seq > b->seq) - (a->seq < b->seq);
}

static const char *agreement(int a)
{
	return a == 1 ? "agrees" : a == 0 ? "differs" : "";
}

int kb_cmd_facts(const kb_options *o, char **paths, int npaths)
{
	if (strcmp(o->format, "text") != 0 && strcmp(o->format, "json") != 0 &&
	    strcmp(o->format, "csv") != 0) {
		fputs("kblint: unknown format '", stderr);
		kb_put_clean(stderr, o->format);
		fputs("' for facts (expected one of: text, json, csv)\n", stderr);
		fputs(kb_cli_usage, stderr);
		return EXIT_USAGE;
	}
	/* a PATH that does not exist: exit 2, after listing what the others state */
	bool failed;
	kb_setup s;
	if (kb_cli_begin(o, &paths, &npaths, &s, &failed) != 0)
		return EXIT_USAGE;
	kb_ruleset none = {0};
	rows r = {.cfg = &s.cfg};
	kb_engine e = s.engine;
	e.rules = &none;
	e.visit = visit;
	e.visit_ud = &r;
	kb_results res;
	kb_results_init(&res);
	kb_cli_walk(&s, &e, paths, npaths, &res, &failed);
	if (r.n)
		qsort(r.v, r.n, sizeof *r.v, cmp);
	FILE *out = stdout;
	if (!strcmp(o->format, "json")) {
		fputs("[", out);
		for (size_t i = 0; i < r.n; i++) {
			row *x = &r.v[i];
			fputs(i ? ",\n  {\"key\": " : "\n  {\"key\": ", out);
			kb_json_string(out, x->key);
			fputs(", \"value\": ", out);
			kb_json_string(out, x->value);
			fputs(", \"raw\": ", out);
			kb_json_string(out, x->raw);
			fputs(", \"file\": ", out);
			kb_json_string(out, x->file);
			fprintf(out, ", \"line\": %d, \"column\": %d, \"canonical\": %s}", x->line, x->col,
				x->agrees == 1 ? "\"agrees\"" : x->agrees == 0 ? "\"differs\"" : "null");
		}
		fputs(r.n ? "\n]\n" : "]\n", out);
	} else if (!strcmp(o->format, "csv")) {
		fputs("key,value,raw,file,line,column,canonical\n", out);
		for (size_t i = 0; i < r.n; i++) {
			row *x = &r.v[i];
			kb_put_csv_cell(out, x->key, strlen(x->key), false);
			fputc(',', out);
			kb_put_csv_cell(out, x->value, strlen(x->value), false);
			fputc(',', out);
			kb_put_csv_cell(out, x->raw, strlen(x->raw), false);
			fputc(',', out);
			kb_put_csv_cell(out, x->file, strlen(x->file), false);
			fprintf(out, ",%d,%d,%s\n", x->line, x->col, agreement(x->agrees));
		}
	} else {
		for (size_t i = 0; i < r.n; i++) {
			row *x = &r.v[i];
			kb_put_clean(out, x->file);
			fprintf(out, ":%d:%d: ", x->line, x->col);
			kb_put_clean(out, x->key);
			fputs(" = ", out);
			kb_put_clean(out, x->value);
			fputs(" (\"", out);
			kb_put_clean(out, x->raw);
			fprintf(out, "\")%s%s\n", x->agrees >= 0 ? " " : "", agreement(x->agrees));
		}
	}
	/* as `kblint check` prints them: file:line:column, or the file alone with no line */
	for (size_t i = 0; i < res.nerrors; i++) {
		const kb_loaderr *le = &res.errors[i];
		kb_put_clean(stderr, le->file);
		if (le->line > 0)
			fprintf(stderr, ":%d:%d", le->line, le->col > 0 ? le->col : 1);
		fputs(": error: ", stderr);
		kb_put_clean_line(stderr, le->message);
	}
	int status = failed ? EXIT_USAGE : res.nerrors ? EXIT_FINDINGS : EXIT_CLEAN;
	for (size_t i = 0; i < r.n; i++) {
		free(r.v[i].key);
		free(r.v[i].value);
		free(r.v[i].raw);
		free(r.v[i].file);
	}
	free(r.v);
	kb_results_free(&res);
	kb_cli_setup_free(&s);
	return status;
}
