/* baseline.c: `kblint check --write-baseline FILE` and `--baseline FILE`: the findings a team
 * has accepted, kept in a sorted JSON file (one finding per line) and matched by fingerprint. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ascii.h"
#include "cli.h"
#include "jsonread.h"
#include "report.h"
#include "textout.h"

/* Baselines larger than this are refused rather than read. */
enum { MAX_BASELINE_BYTES = 64 * 1024 * 1024 };

/* Ascending order of fingerprints, for qsort and bsearch. */
static int cmp_u64(const void *pa, const void *pb)
{
	uint64_t a = *(const uint64_t *)pa, b = *(const uint64_t *)pb;
	return (a > b) - (a < b);
}

/* Prints "path: error: invalid baseline: WHERE: why" (WHERE, the value's path, when not NULL)
 * and returns -1. */
static int invalid(const char *path, const char *where, const char *why)
{
	kb_put_clean(stderr, path);
	fputs(": error: invalid baseline: ", stderr);
	if (where)
		fprintf(stderr, "%s: ", where);
	kb_put_clean_line(stderr, why);
	return -1;
}

/* The fingerprints of the parsed baseline's "findings" (sorted) into b; extra keys and values
 * are ignored. Returns 0, or -1 after printing what is wrong. */
static int read_findings(const char *path, const json_t *root, kb_baseline *b)
{
	if (!json_is_object(root))
		return invalid(path, NULL, "expected an object with a \"findings\" list");
	const json_t *list = json_object_get(root, "findings");
	if (!list)
		return invalid(path, NULL, "no \"findings\" list");
	if (!json_is_array(list))
		return invalid(path, "findings", "must be a list");
	b->n = json_array_size(list);
	b->v = xmalloc((b->n ? b->n : 1) * sizeof *b->v);
	char where[128];
	for (size_t i = 0; i < b->n; i++) {
		const json_t *f = json_array_get(list, i);
		snprintf(where, sizeof where, "findings[%zu]", i);
		if (!json_is_object(f))
			return invalid(path, where, "must be an object");
		const json_t *fp = json_object_get(f, "fingerprint");
		if (!fp)
			return invalid(path, where, "a finding without a \"fingerprint\"");
		snprintf(where, sizeof where, "findings[%zu].fingerprint", i);
		if (!json_is_string(fp))
			return invalid(path, where, "must be a string");
		const char *hex = json_string_value(fp);
		bool ok = json_string_length(fp) == 16;
		uint64_t v = 0;
		for (size_t k = 0; ok && k < 16; k++) {
			int d = kb_hexval(hex[k]);
			ok = d >= 0 && !kb_isupper(hex[k]);
			v = v << 4 | (uint64_t)(ok ? d : 0);
		}
		if (!ok)
			return invalid(path, where, "a fingerprint is 16 lower-case hex digits");
		b->v[i] = v;
	}
	if (b->n)
		qsort(b->v, b->n, sizeof *b->v, cmp_u64);
	return 0;
}

/* The baseline s[0..n), read from path, into b (emptied first). Returns 0, or -1 after printing
 * what is wrong. */
static int baseline_parse(const char *path, const char *s, size_t n, kb_baseline *b)
{
	memset(b, 0, sizeof *b);
	kb_json_syntax syn;
	json_t *root = kb_json_parse(s, n, "text after the end of the baseline", &syn);
	if (!root) {
		kb_put_clean(stderr, path);
		fprintf(stderr, ":%d:%d: error: invalid baseline: ", syn.line, syn.col);
		kb_put_clean_line(stderr, syn.why);
		return -1;
	}
	int ret = read_findings(path, root, b);
	json_decref(root);
	if (ret != 0)
		kb_baseline_free(b);
	return ret;
}

int kb_baseline_load(const char *path, kb_baseline *b)
{
	memset(b, 0, sizeof *b);
	char *src, err[300];
	size_t len;
	if (kb_read_file(path, MAX_BASELINE_BYTES, &src, &len, err, sizeof err) != 0) {
		const char *why = strncmp(err, "cannot read: ", 13) == 0 ? err + 13 : err;
		char *shown = kb_clean(path, KB_CLEAN_TEXT);
		fprintf(stderr, "%s: error: cannot read the baseline: %s (write one with "
				"'kblint check --write-baseline %s')\n", shown, why, shown);
		free(shown);
		return -1;
	}
	int ret = baseline_parse(path, src, len, b);
	free(src);
	return ret;
}

void kb_baseline_apply(const kb_baseline *b, kb_results *res)
{
	size_t k = 0;
	for (size_t i = 0; i < res->nfindings; i++) {
		uint64_t fp = res->findings[i].fingerprint;
		if (!b->n || !bsearch(&fp, b->v, b->n, sizeof *b->v, cmp_u64))
			res->findings[k++] = res->findings[i];
	}
	res->nfindings = k;
}

void kb_baseline_free(kb_baseline *b)
{
	free(b->v);
	memset(b, 0, sizeof *b);
}

/* Baseline order: file, line, column, rule, fingerprint; the same on every run. */
static int cmp_entry(const void *pa, const void *pb)
{
	const kb_finding *a = *(const kb_finding *const *)pa, *b = *(const kb_finding *const *)pb;
	int c = strcmp(a->file, b->file);
	if (c)
		return c;
	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	if (a->col != b->col)
		return a->col < b->col ? -1 : 1;
	c = strcmp(a->rule, b->rule);
	if (c)
		return c;
	return (a->fingerprint > b->fingerprint) - (a->fingerprint < b->fingerprint);
}

int kb_baseline_write(const char *path, const kb_results *res)
{
	const kb_finding **v = xmalloc((res->nfindings ? res->nfindings : 1) * sizeof *v);
	for (size_t i = 0; i < res->nfindings; i++)
		v[i] = &res->findings[i];
	if (res->nfindings)
		qsort(v, res->nfindings, sizeof *v, cmp_entry);
	char *buf = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&buf, &len);
	if (!mem) {
		free(v);
		fprintf(stderr, "kblint: cannot write %s: out of memory\n", path);
		return -1;
	}
	fputs("{\n  \"tool\": \"kblint\",\n  \"baseline\": 1,\n  \"findings\": [", mem);
	for (size_t i = 0; i < res->nfindings; i++) {
		char fp[17];
		kb_fingerprint_hex(v[i]->fingerprint, fp);
		fprintf(mem, "%s\n    {\"fingerprint\": \"%s\", \"rule\": ", i ? "," : "", fp);
		kb_json_string(mem, v[i]->rule);
		fputs(", \"file\": ", mem);
		kb_json_string(mem, v[i]->file);
		fprintf(mem, ", \"line\": %d, \"message\": ", v[i]->line);
		kb_json_string(mem, v[i]->message);
		fputc('}', mem);
	}
	fputs(res->nfindings ? "\n  ]\n}\n" : "]\n}\n", mem);
	bool bad = ferror(mem) != 0;
	fclose(mem);
	free(v);
	char err[600];
	int ret = 0;
	if (bad || kb_write_file_atomic(path, buf, len, err, sizeof err) != 0) {
		fprintf(stderr, "kblint: %s\n", bad ? "cannot render the baseline" : err);
		ret = -1;
	}
	free(buf);
	return ret;
}
