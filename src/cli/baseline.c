/* baseline.c: `kblint check --write-baseline FILE` and `--baseline FILE`: the findings a team
 * has accepted, kept in a sorted JSON file (one finding per line) and matched by fingerprint. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "report.h"
#include "textout.h"

/* Baselines larger than this are refused rather than read. */
enum { MAX_BASELINE_BYTES = 64 * 1024 * 1024, MAX_DEPTH = 64 };

/* A JSON reader just strict enough to say where a baseline stops being JSON; it keeps only the
 * fingerprints of the top-level "findings" array. */
typedef struct {
	const char *s, *end, *p;
	const char *bad;      /* where the error is */
	char why[160];
	kb_baseline *out;
} reader;

static bool fail(reader *r, const char *at, const char *why)
{
	if (!r->bad) {
		r->bad = at;
		const char *end = "the file ends too early";
		snprintf(r->why, sizeof r->why, "%s", at >= r->end ? end : why);
	}
	return false;
}

/* Moves r->p past JSON whitespace. */
static void skip_ws(reader *r)
{
	while (r->p < r->end && (*r->p == ' ' || *r->p == '\t' || *r->p == '\n' || *r->p == '\r'))
		r->p++;
}

/* A string at r->p; its raw contents (escapes left as written) are [*start, *start + *len). */
static bool read_string(reader *r, const char **start, size_t *len)
{
	if (r->p >= r->end || *r->p != '"')
		return fail(r, r->p, "expected a string");
	const char *open = r->p++;
	*start = r->p;
	while (r->p < r->end && *r->p != '"') {
		unsigned char c = (unsigned char)*r->p;
		if (c < 0x20)
			return fail(r, r->p, "control character in a string");
		if (c == '\\') {
			r->p++;
			if (r->p >= r->end || !strchr("\"\\/bfnrtu", *r->p))
				return fail(r, r->p, "invalid escape in a string");
		}
		r->p++;
	}
	if (r->p >= r->end)
		return fail(r, open, "string never ends");
	*len = (size_t)(r->p - *start);
	r->p++;
	return true;
}

static bool read_value(reader *r, int depth, bool findings, bool finding);

/* A fingerprint's value at r->p: a string of 16 lower-case hex digits, added to r->out. */
static bool read_fingerprint(reader *r)
{
	const char *v, *at = r->p;
	size_t n;
	if (r->p >= r->end || *r->p != '"')
		return fail(r, at, "\"fingerprint\" must be a string");
	if (!read_string(r, &v, &n))
		return false;
	uint64_t fp = 0;
	bool hex = n == 16;
	for (size_t i = 0; hex && i < n; i++) {
		int d = v[i] >= '0' && v[i] <= '9'   ? v[i] - '0'
			: v[i] >= 'a' && v[i] <= 'f' ? v[i] - 'a' + 10
						     : -1;
		hex = d >= 0;
		fp = fp << 4 | (uint64_t)(hex ? d : 0);
	}
	if (!hex)
		return fail(r, at, "a fingerprint is 16 lower-case hex digits");
	kb_baseline *b = r->out;
	if (b->n == b->cap) {
		b->cap = b->cap ? b->cap * 2 : 256;
		b->v = xrealloc(b->v, b->cap * sizeof *b->v);
	}
	b->v[b->n++] = fp;
	return true;
}

/* An object at r->p. top: the baseline itself, which must have "findings"; finding: an entry of
 * "findings", which must have a "fingerprint". False after fail(). */
static bool read_object(reader *r, int depth, bool top, bool finding)
{
	const char *open = r->p++;
	bool has_findings = false, has_fp = false;
	skip_ws(r);
	if (r->p < r->end && *r->p == '}') {
		r->p++;
	} else {
		for (;;) {
			skip_ws(r);
			if (r->p < r->end && *r->p == '}')
				return fail(r, r->p, "a comma before '}'");
			const char *key;
			size_t klen;
			if (!read_string(r, &key, &klen))
				return false;
			skip_ws(r);
			if (r->p >= r->end || *r->p != ':')
				return fail(r, r->p, "expected ':'");
			r->p++;
			skip_ws(r);
			bool is_findings = top && kb_streq_n(key, klen, "findings");
			bool is_fp = finding && kb_streq_n(key, klen, "fingerprint");
			if (is_findings && (r->p >= r->end || *r->p != '['))
				return fail(r, r->p, "\"findings\" must be a list");
			if (is_fp) {
				if (!read_fingerprint(r))
					return false;
			} else if (!read_value(r, depth + 1, is_findings, false)) {
				return false;
			}
			has_findings |= is_findings;
			has_fp |= is_fp;
			skip_ws(r);
			if (r->p < r->end && *r->p == ',') {
				r->p++;
				continue;
			}
			if (r->p < r->end && *r->p == '}') {
				r->p++;
				break;
			}
			return fail(r, r->p, "expected ',' or '}'");
		}
	}
	if (top && !has_findings)
		return fail(r, open, "no \"findings\" list");
	if (finding && !has_fp)
		return fail(r, open, "a finding without a \"fingerprint\"");
	return true;
}

/* Any JSON value at r->p. findings: it is the top-level "findings" value (a list of objects);
 * finding: it is one of that list's objects. False after fail(). */
static bool read_value(reader *r, int depth, bool findings, bool finding)
{
	if (depth > MAX_DEPTH)
		return fail(r, r->p, "nested too deep");
	skip_ws(r);
	if (r->p >= r->end)
		return fail(r, r->p, "expected a value");
	char c = *r->p;
	if (c == '{')
		return read_object(r, depth, false, finding);
	if (findings && c != '[')
		return fail(r, r->p, "\"findings\" must be a list");
	if (c == '[') {
		r->p++;
		skip_ws(r);
		if (r->p < r->end && *r->p == ']') {
			r->p++;
			return true;
		}
		for (;;) {
			skip_ws(r);
			if (r->p < r->end && *r->p == ']')
				return fail(r, r->p, "a comma before ']'");
			if (findings && (r->p >= r->end || *r->p != '{'))
				return fail(r, r->p, "each finding must be an object");
			if (!read_value(r, depth + 1, false, findings))
				return false;
			skip_ws(r);
			if (r->p < r->end && *r->p == ',') {
				r->p++;
				continue;
			}
			if (r->p < r->end && *r->p == ']') {
				r->p++;
				return true;
			}
			return fail(r, r->p, "expected ',' or ']'");
		}
	}
	if (c == '"') {
		const char *s;
		size_t n;
		return read_string(r, &s, &n);
	}
	static const char *const words[] = {"true", "false", "null"};
	for (size_t i = 0; i < 3; i++) {
		size_t n = strlen(words[i]);
		if ((size_t)(r->end - r->p) >= n && memcmp(r->p, words[i], n) == 0) {
			r->p += n;
			return true;
		}
	}
	if (c == '-' || (c >= '0' && c <= '9')) {
		const char *st = r->p;
		if (*r->p == '-')
			r->p++;
		size_t digits = 0;
		while (r->p < r->end && ((*r->p >= '0' && *r->p <= '9') || strchr(".eE+-", *r->p)))
			digits += *r->p++ != '-';
		if (!digits)
			return fail(r, st, "invalid number");
		return true;
	}
	return fail(r, r->p, "expected a value");
}

/* Ascending order of fingerprints, for qsort and bsearch. */
static int cmp_u64(const void *pa, const void *pb)
{
	uint64_t a = *(const uint64_t *)pa, b = *(const uint64_t *)pb;
	return (a > b) - (a < b);
}

/* Prints "path:line:col: error: invalid baseline: why" for where the reader failed. */
static void print_syntax_error(const char *path, const reader *r)
{
	int line = 1, col = 1;
	for (const char *q = r->s; q < r->bad && q < r->end; q++) {
		if (*q == '\n') {
			line++;
			col = 1;
		} else if (((unsigned char)*q & 0xC0) != 0x80) {
			col++;
		}
	}
	kb_put_clean(stderr, path);
	fprintf(stderr, ":%d:%d: error: invalid baseline: ", line, col);
	kb_put_clean_line(stderr, r->why);
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
	reader r = {.s = src, .end = src + len, .p = src, .out = b};
	skip_ws(&r);
	bool ok;
	if (r.p >= r.end)
		ok = fail(&r, r.p, "the file is empty");
	else if (*r.p != '{')
		ok = fail(&r, r.p, "expected an object with a \"findings\" list");
	else
		ok = read_object(&r, 0, true, false);
	if (ok) {
		skip_ws(&r);
		if (r.p < r.end)
			ok = fail(&r, r.p, "text after the end of the baseline");
	}
	if (!ok) {
		print_syntax_error(path, &r);
		free(src);
		kb_baseline_free(b);
		return -1;
	}
	free(src);
	if (b->n)
		qsort(b->v, b->n, sizeof *b->v, cmp_u64);
	return 0;
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
