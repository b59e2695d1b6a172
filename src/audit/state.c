/* state.c: the audit's state file: the runs before this one (dates and counts, and the overdue
 * articles of the latest two), read strictly and written atomically. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "audit_int.h"
#include "jsonread.h"
#include "report.h"

/* State files larger than this are refused rather than read. */
enum { MAX_STATE_BYTES = 64 * 1024 * 1024, STATE_VERSION = 1 };

/* The largest count a run may hold: 10^12 - 1, twelve digits. */
static const json_int_t MAX_COUNT = 999999999999;

/* Sets err to "PATH: error: invalid audit state: WHERE: why" (WHERE, the value's path, when not
 * NULL) and returns false. */
static bool invalid(kb_buf *err, const char *path, const char *where, const char *why)
{
	kb_buf_printf(err, "%s: error: invalid audit state: %s%s%s", path, where ? where : "",
		      where ? ": " : "", why);
	return false;
}

/* A count of run o (runs[i]): a whole number from 0 to MAX_COUNT. */
static bool read_count(kb_buf *err, const char *path, const json_t *o, size_t i, const char *key,
		       size_t *out)
{
	const json_t *v = json_object_get(o, key);
	char where[128], why[64];
	if (!v) {
		snprintf(where, sizeof where, "runs[%zu]", i);
		snprintf(why, sizeof why, "a run without \"%s\"", key);
		return invalid(err, path, where, why);
	}
	if (!json_is_integer(v) || json_integer_value(v) < 0 || json_integer_value(v) > MAX_COUNT) {
		snprintf(where, sizeof where, "runs[%zu].%s", i, key);
		return invalid(err, path, where, "must be a whole number of 0 or more");
	}
	*out = (size_t)json_integer_value(v);
	return true;
}

/* Checks the parsed document and turns its runs into *out (*nout of them, their strings in
 * ar). False with the reason in err. */
static bool read_runs(kb_buf *err, const char *path, const json_t *root, kb_arena *ar,
		      kb_audit_srun **out, size_t *nout)
{
	if (!json_is_object(root))
		return invalid(err, path, NULL,
			       "expected an object with \"kblint_audit_state\" and \"runs\"");
	const json_t *ver = json_object_get(root, "kblint_audit_state");
	if (!ver)
		return invalid(err, path, NULL, "no \"kblint_audit_state\" version");
	if (!json_is_integer(ver) || json_integer_value(ver) != STATE_VERSION)
		return invalid(err, path, "kblint_audit_state",
			       "unknown version (this kblint reads version 1)");
	const json_t *runs = json_object_get(root, "runs");
	if (!runs)
		return invalid(err, path, NULL, "no \"runs\" list");
	if (!json_is_array(runs))
		return invalid(err, path, "runs", "must be a list");
	size_t n = json_array_size(runs);
	kb_audit_srun *v = kb_arena_alloc(ar, (n + 1) * sizeof *v);
	char where[128];
	for (size_t i = 0; i < n; i++) {
		const json_t *o = json_array_get(runs, i);
		kb_audit_srun *s = &v[i];
		snprintf(where, sizeof where, "runs[%zu]", i);
		if (!json_is_object(o))
			return invalid(err, path, where, "must be an object");
		const json_t *d = json_object_get(o, "date");
		if (!d)
			return invalid(err, path, where, "a run without \"date\"");
		snprintf(where, sizeof where, "runs[%zu].date", i);
		if (!json_is_string(d) || json_string_length(d) != 10 ||
		    kb_date_parse_iso(json_string_value(d), 10, &s->run.date) != 0)
			return invalid(err, path, where, "must be a date YYYY-MM-DD");
		if (i && s->run.date <= v[i - 1].run.date)
			return invalid(err, path, where, "runs must be in date order, one per date");
		if (!read_count(err, path, o, i, "articles", &s->run.articles) ||
		    !read_count(err, path, o, i, "live", &s->run.live) ||
		    !read_count(err, path, o, i, "fresh", &s->run.fresh) ||
		    !read_count(err, path, o, i, "overdue", &s->run.overdue) ||
		    !read_count(err, path, o, i, "due_soon", &s->run.due_soon))
			return false;
		const json_t *keys = json_object_get(o, "overdue_articles");
		if (!keys)
			continue;
		snprintf(where, sizeof where, "runs[%zu].overdue_articles", i);
		if (!json_is_array(keys))
			return invalid(err, path, where, "must be a list of strings");
		s->has_keys = true;
		s->nkeys = json_array_size(keys);
		s->keys = kb_arena_alloc(ar, (s->nkeys + 1) * sizeof *s->keys);
		for (size_t k = 0; k < s->nkeys; k++) {
			const json_t *key = json_array_get(keys, k);
			snprintf(where, sizeof where, "runs[%zu].overdue_articles[%zu]", i, k);
			if (!json_is_string(key))
				return invalid(err, path, where, "must be a string");
			s->keys[k] = kb_arena_strndup(ar, json_string_value(key),
						      json_string_length(key));
		}
	}
	*out = v;
	*nout = n;
	return true;
}

int kb_audit_state_parse(kb_audit *a, const char *name, const char *s, size_t n, kb_buf *err)
{
	kb_json_syntax syn;
	json_t *root = kb_json_parse(s, n, "more after the state's object", &syn);
	if (!root) {
		kb_buf_printf(err, "%s:%d:%d: error: invalid audit state: %s", name, syn.line, syn.col,
			      syn.why);
		return -1;
	}
	/* read into a temporary arena, so that a stays as it was when the state is not valid */
	kb_arena tmp = {0};
	kb_audit_srun *runs = NULL;
	size_t nruns = 0;
	bool ok = read_runs(err, name, root, &tmp, &runs, &nruns);
	json_decref(root);
	if (!ok) {
		kb_arena_free(&tmp);
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
	return 0;
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
	int ret = kb_audit_state_parse(a, path, src, len, err);
	free(src);
	return ret;
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
