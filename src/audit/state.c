/* state.c: the audit's state file: the runs before this one (dates and counts, and the overdue
 * articles of the latest two), read strictly and written atomically. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "ascii.h"
#include "audit_int.h"
#include "report.h"

/* State files larger than this are refused rather than read. */
enum { MAX_STATE_BYTES = 64 * 1024 * 1024, MAX_DEPTH = 32, STATE_VERSION = 1 };

typedef enum { J_NULL, J_BOOL, J_NUM, J_STR, J_ARR, J_OBJ } jtype;

/* A parsed JSON value; everything lives in the reader's arena. */
typedef struct jv {
	jtype type;
	const char *at;        /* where it starts, for messages */
	const char *str;       /* J_STR: decoded, NUL-terminated; J_NUM: the text */
	size_t len;
	struct jv **items;     /* J_ARR, J_OBJ (values) */
	const char **keys;     /* J_OBJ */
	size_t n;
} jv;

typedef struct {
	const char *s, *end, *p;
	const char *bad;       /* where the error is */
	char why[200];
	kb_arena *ar;
} reader;

/* Records the first error (at where) and returns NULL. */
static jv *fail(reader *r, const char *at, const char *why)
{
	if (!r->bad) {
		r->bad = at;
		snprintf(r->why, sizeof r->why, "%s", at >= r->end ? "the file ends too early" : why);
	}
	return NULL;
}

static void skip_ws(reader *r)
{
	while (r->p < r->end && (*r->p == ' ' || *r->p == '\t' || *r->p == '\n' || *r->p == '\r'))
		r->p++;
}

/* Four hex digits at q (within the input), or -1. */
static long hex4(const reader *r, const char *q)
{
	if (r->end - q < 4)
		return -1;
	long v = 0;
	for (int i = 0; i < 4; i++) {
		int d = kb_hexval(q[i]);
		if (d < 0)
			return -1;
		v = v << 4 | d;
	}
	return v;
}

/* A string at r->p, decoded (escapes, surrogate pairs; a lone surrogate becomes U+FFFD). */
static jv *read_string(reader *r)
{
	const char *open = r->p++;
	kb_buf b = {0};
	while (r->p < r->end && *r->p != '"') {
		unsigned char c = (unsigned char)*r->p;
		if (c < 0x20) {
			kb_buf_free(&b);
			return fail(r, r->p, "control character in a string");
		}
		if (c != '\\') {
			kb_buf_putc(&b, (char)c);
			r->p++;
			continue;
		}
		const char *esc = r->p++;
		char e = r->p < r->end ? *r->p : '\0';
		const char *simple = strchr("\"\\/bfnrt", e);
		if (e && simple) {
			kb_buf_putc(&b, "\"\\/\b\f\n\r\t"[simple - "\"\\/bfnrt"]);
			r->p++;
			continue;
		}
		long cp = e == 'u' ? hex4(r, r->p + 1) : -1;
		if (cp < 0) {
			kb_buf_free(&b);
			return fail(r, esc, "invalid escape in a string");
		}
		r->p += 5;
		if (cp >= 0xD800 && cp <= 0xDBFF && r->end - r->p >= 6 && r->p[0] == '\\' &&
		    r->p[1] == 'u') {
			long lo = hex4(r, r->p + 2);
			if (lo >= 0xDC00 && lo <= 0xDFFF) {
				cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
				r->p += 6;
			}
		}
		kb_buf_put_utf8(&b, cp >= 0xD800 && cp <= 0xDFFF ? 0xFFFD : (unsigned long)cp);
	}
	if (r->p >= r->end) {
		kb_buf_free(&b);
		return fail(r, open, "a string never ends");
	}
	r->p++;
	jv *v = kb_arena_alloc(r->ar, sizeof *v);
	v->type = J_STR;
	v->at = open;
	v->len = b.len;
	v->str = kb_arena_strndup(r->ar, b.data ? b.data : "", b.len);
	kb_buf_free(&b);
	return v;
}

static jv *read_value(reader *r, int depth);

/* The items of an array or object, gathered on the heap and then copied into the arena. */
typedef struct {
	jv **items;
	const char **keys;
	size_t n, cap;
} gather;

static void gather_push(gather *g, const char *key, jv *item)
{
	if (g->n == g->cap) {
		g->cap = g->cap ? g->cap * 2 : 8;
		g->items = xrealloc(g->items, g->cap * sizeof *g->items);
		g->keys = xrealloc(g->keys, g->cap * sizeof *g->keys);
	}
	g->keys[g->n] = key;
	g->items[g->n++] = item;
}

/* An array (close ']') or object (close '}') at r->p. */
static jv *read_container(reader *r, int depth, char close)
{
	jv *v = kb_arena_alloc(r->ar, sizeof *v);
	v->type = close == ']' ? J_ARR : J_OBJ;
	v->at = r->p++;
	gather g = {0};
	skip_ws(r);
	bool ok = true;
	if (r->p < r->end && *r->p == close) {
		r->p++;
	} else {
		for (;;) {
			skip_ws(r);
			if (r->p < r->end && *r->p == close) {
				ok = fail(r, r->p, close == ']' ? "a comma before ']'"
							       : "a comma before '}'") != NULL;
				break;
			}
			const char *key = NULL;
			if (close == '}') {
				if (r->p >= r->end || *r->p != '"') {
					ok = fail(r, r->p, "expected a key in quotes") != NULL;
					break;
				}
				jv *k = read_string(r);
				if (!k) {
					ok = false;
					break;
				}
				key = k->str;
				skip_ws(r);
				if (r->p >= r->end || *r->p != ':') {
					ok = fail(r, r->p, "expected ':'") != NULL;
					break;
				}
				r->p++;
			}
			jv *item = read_value(r, depth + 1);
			if (!item) {
				ok = false;
				break;
			}
			gather_push(&g, key, item);
			skip_ws(r);
			if (r->p < r->end && *r->p == ',') {
				r->p++;
				continue;
			}
			if (r->p < r->end && *r->p == close) {
				r->p++;
				break;
			}
			ok = fail(r, r->p, close == ']' ? "expected ',' or ']'"
						       : "expected ',' or '}'") != NULL;
			break;
		}
	}
	if (ok && g.n) {
		v->n = g.n;
		v->items = kb_arena_alloc(r->ar, g.n * sizeof *v->items);
		v->keys = kb_arena_alloc(r->ar, g.n * sizeof *v->keys);
		memcpy(v->items, g.items, g.n * sizeof *v->items);
		memcpy(v->keys, g.keys, g.n * sizeof *v->keys);
	}
	free(g.items);
	free(g.keys);
	return ok ? v : NULL;
}

/* Any JSON value at r->p (after whitespace). */
static jv *read_value(reader *r, int depth)
{
	if (depth > MAX_DEPTH)
		return fail(r, r->p, "nested too deep");
	skip_ws(r);
	if (r->p >= r->end)
		return fail(r, r->p, "expected a value");
	char c = *r->p;
	if (c == '{')
		return read_container(r, depth, '}');
	if (c == '[')
		return read_container(r, depth, ']');
	if (c == '"')
		return read_string(r);
	jv *v = kb_arena_alloc(r->ar, sizeof *v);
	v->at = r->p;
	static const char *const words[] = {"true", "false", "null"};
	for (size_t i = 0; i < 3; i++) {
		size_t n = strlen(words[i]);
		if ((size_t)(r->end - r->p) >= n && memcmp(r->p, words[i], n) == 0) {
			r->p += n;
			v->type = i < 2 ? J_BOOL : J_NULL;
			v->str = words[i];
			return v;
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
		v->type = J_NUM;
		v->str = kb_arena_strndup(r->ar, st, (size_t)(r->p - st));
		v->len = (size_t)(r->p - st);
		return v;
	}
	return fail(r, r->p, "expected a value");
}

/* The member key of object o, or NULL (the last one wins when a key repeats). */
static const jv *member(const jv *o, const char *key)
{
	const jv *found = NULL;
	for (size_t i = 0; i < o->n; i++)
		if (strcmp(o->keys[i], key) == 0)
			found = o->items[i];
	return found;
}

/* A count: a whole number from 0 to 10^12 written with digits only. */
static bool read_count(reader *r, const jv *o, const char *key, size_t *out)
{
	const jv *v = member(o, key);
	char why[120];
	if (!v) {
		snprintf(why, sizeof why, "a run without \"%s\"", key);
		return fail(r, o->at, why) != NULL;
	}
	if (v->type != J_NUM || v->str[0] == '-' || strspn(v->str, "0123456789") != v->len ||
	    v->len > 12) {
		snprintf(why, sizeof why, "\"%s\" must be a whole number of 0 or more", key);
		return fail(r, v->at, why) != NULL;
	}
	*out = (size_t)strtoull(v->str, NULL, 10);
	return true;
}

/* Checks the parsed document and turns its runs into v (n of them, in the arena). */
static bool read_runs(reader *r, const jv *root, kb_audit_srun **out, size_t *nout)
{
	if (root->type != J_OBJ)
		return fail(r, root->at, "expected an object with \"kblint_audit_state\" and \"runs\"");
	const jv *ver = member(root, "kblint_audit_state");
	if (!ver)
		return fail(r, root->at, "no \"kblint_audit_state\" version");
	if (ver->type != J_NUM || strcmp(ver->str, "1") != 0)
		return fail(r, ver->at, "unknown version (this kblint reads version 1)");
	const jv *runs = member(root, "runs");
	if (!runs)
		return fail(r, root->at, "no \"runs\" list");
	if (runs->type != J_ARR)
		return fail(r, runs->at, "\"runs\" must be a list");
	kb_audit_srun *v = kb_arena_alloc(r->ar, (runs->n + 1) * sizeof *v);
	for (size_t i = 0; i < runs->n; i++) {
		const jv *o = runs->items[i];
		kb_audit_srun *s = &v[i];
		if (o->type != J_OBJ)
			return fail(r, o->at, "each run must be an object");
		const jv *d = member(o, "date");
		if (!d)
			return fail(r, o->at, "a run without \"date\"");
		if (d->type != J_STR || d->len != 10 ||
		    kb_date_parse_iso(d->str, d->len, &s->run.date) != 0)
			return fail(r, d->at, "\"date\" must be a date YYYY-MM-DD");
		if (i && s->run.date <= v[i - 1].run.date)
			return fail(r, d->at, "runs must be in date order, one per date");
		if (!read_count(r, o, "articles", &s->run.articles) ||
		    !read_count(r, o, "live", &s->run.live) ||
		    !read_count(r, o, "fresh", &s->run.fresh) ||
		    !read_count(r, o, "overdue", &s->run.overdue) ||
		    !read_count(r, o, "due_soon", &s->run.due_soon))
			return false;
		const jv *keys = member(o, "overdue_articles");
		if (!keys)
			continue;
		if (keys->type != J_ARR)
			return fail(r, keys->at, "\"overdue_articles\" must be a list of strings");
		s->has_keys = true;
		s->nkeys = keys->n;
		s->keys = kb_arena_alloc(r->ar, (keys->n + 1) * sizeof *s->keys);
		for (size_t k = 0; k < keys->n; k++) {
			if (keys->items[k]->type != J_STR)
				return fail(r, keys->items[k]->at,
					    "\"overdue_articles\" must be a list of strings");
			s->keys[k] = keys->items[k]->str;
		}
	}
	*out = v;
	*nout = runs->n;
	return true;
}

int kb_audit_state_read(kb_audit *a, const char *path, kb_buf *err)
{
	struct stat st;
	if (stat(path, &st) != 0 && errno == ENOENT)
		return 0; /* a first run */
	char *src, why[300];
	size_t len;
	if (kb_read_file(path, MAX_STATE_BYTES, &src, &len, why, sizeof why) != 0) {
		const char *w = strncmp(why, "cannot read: ", 13) == 0 ? why + 13 : why;
		kb_buf_printf(err, "%s: error: cannot read the audit state: %s", path, w);
		return -1;
	}
	kb_arena tmp = {0};
	reader r = {.s = src, .end = src + len, .p = src, .ar = &tmp};
	kb_audit_srun *runs = NULL;
	size_t nruns = 0;
	skip_ws(&r);
	jv *root = NULL;
	if (r.p >= r.end) {
		r.bad = r.p;
		snprintf(r.why, sizeof r.why, "the file is empty");
	}
	else if (kb_utf8_invalid(src, len) != len)
		fail(&r, src + kb_utf8_invalid(src, len), "invalid UTF-8");
	else
		root = read_value(&r, 0);
	if (root) {
		skip_ws(&r);
		if (r.p < r.end)
			fail(&r, r.p, "more after the state's object");
		else
			read_runs(&r, root, &runs, &nruns);
	}
	if (r.bad) {
		int line = 1, col = 1;
		for (const char *q = r.s; q < r.bad && q < r.end; q++) {
			if (*q == '\n') {
				line++;
				col = 1;
			} else if (((unsigned char)*q & 0xC0) != 0x80) {
				col++;
			}
		}
		kb_buf_printf(err, "%s:%d:%d: error: invalid audit state: %s", path, line, col, r.why);
		kb_arena_free(&tmp);
		free(src);
		return -1;
	}
	/* keep the runs: their strings move into the audit's arena */
	struct kb_audit_priv *p = a->priv;
	free(p->runs);
	p->runs = xcalloc(nruns + 1, sizeof *p->runs);
	p->nruns = nruns;
	for (size_t i = 0; i < nruns; i++) {
		p->runs[i] = runs[i];
		if (!runs[i].has_keys)
			continue;
		const char **keys = kb_arena_alloc(&a->arena, (runs[i].nkeys + 1) * sizeof *keys);
		for (size_t k = 0; k < runs[i].nkeys; k++)
			keys[k] = kb_arena_strdup(&a->arena, runs[i].keys[k]);
		p->runs[i].keys = keys;
	}
	kb_arena_free(&tmp);
	free(src);
	return 0;
}

int kb_audit_state_write(const kb_audit *a, const char *path, kb_buf *err)
{
	const struct kb_audit_priv *p = a->priv;
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	if (!f) {
		kb_buf_printf(err, "%s: error: cannot write the audit state: %s", path, strerror(errno));
		return -1;
	}
	fprintf(f, "{\n  \"kblint_audit_state\": %d,\n  \"runs\": [", STATE_VERSION);
	for (size_t i = 0; i < p->nruns; i++) {
		const kb_audit_srun *s = &p->runs[i];
		char date[16];
		kb_date_format(s->run.date, date);
		fprintf(f, "%s\n    {\"date\": \"%s\", \"articles\": %zu, \"live\": %zu, \"fresh\": %zu, "
			   "\"overdue\": %zu, \"due_soon\": %zu",
			i ? "," : "", date, s->run.articles, s->run.live, s->run.fresh, s->run.overdue,
			s->run.due_soon);
		if (s->has_keys) {
			fputs(", \"overdue_articles\": [", f);
			for (size_t k = 0; k < s->nkeys; k++) {
				fputs(k ? ",\n      " : "\n      ", f);
				kb_json_string(f, s->keys[k]);
			}
			fputs(s->nkeys ? "\n    ]" : "]", f);
		}
		fputc('}', f);
	}
	fputs(p->nruns ? "\n  ]\n}\n" : "]\n}\n", f);
	bool bad = ferror(f) != 0;
	fclose(f);
	char why[600];
	int ret = 0;
	if (bad) {
		kb_buf_printf(err, "%s: error: cannot write the audit state: out of memory", path);
		ret = -1;
	} else if (kb_write_file_atomic(path, buf, len, why, sizeof why) != 0) {
		/* its reason starts "cannot write PATH: " */
		static const char prefix[] = "cannot write ";
		const char *w = why;
		size_t pl = strlen(prefix), n = strlen(path);
		if (strncmp(w, prefix, pl) == 0 && strncmp(w + pl, path, n) == 0 &&
		    strncmp(w + pl + n, ": ", 2) == 0)
			w += pl + n + 2;
		kb_buf_printf(err, "%s: error: cannot write the audit state: %s", path, w);
		ret = -1;
	}
	free(buf);
	return ret;
}
