/* fix.c: kblint check --fix, --unsafe-fixes and --diff: the findings' fixes applied to their
 * files, or shown as a unified diff. A file is written atomically, byte for byte outside the
 * edits, and only when it still holds what the run read (the verify machinery, edit.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "../edit/edit.h"

/* One edit of a file: bytes [from, to) of what the run read become text. */
typedef struct {
	size_t from, to;
	const char *text;
	const char *of;   /* what the run read there */
	size_t finding;   /* its finding's index in the results */
} edit;

static int cmp_edit(const void *pa, const void *pb)
{
	const edit *a = pa, *b = pb;
	if (a->from != b->from)
		return a->from < b->from ? -1 : 1;
	if (a->to != b->to)
		return a->to < b->to ? -1 : 1;
	return (a->finding > b->finding) - (a->finding < b->finding);
}

/* Whether finding f's fix is one this run applies. */
static bool wanted(const kb_finding *f, const kb_fix_opts *o)
{
	return f->fix && f->end_line > 0 && f->severity >= o->min_severity &&
	       (f->fix_safe || o->unsafe);
}

/* Fixes the file of the findings res->findings[first..last) (one file), counting into st;
 * fixed[i] is set for each finding fixed. Returns 0, or -1 when the file could not be written
 * (said on stderr). */
static int fix_file(const kb_results *res, size_t first, size_t last, const kb_fix_opts *o,
		    bool *fixed, kb_fix_stats *st, kb_buf *diff)
{
	const char *path = res->findings[first].file;
	char *src = NULL, err[600];
	size_t len = 0;
	if (kb_read_file(path, KB_MAX_FILE_BYTES, &src, &len, err, sizeof err) != 0) {
		fprintf(stderr, "kblint: %s: cannot read it to fix it: %s\n", path, err);
		return -1;
	}
	kb_linemap lines;
	kb_linemap_init(&lines, src, len);
	edit *v = xcalloc(last - first, sizeof *v);
	size_t n = 0;
	bool stale = false;
	for (size_t i = first; i < last; i++) {
		const kb_finding *f = &res->findings[i];
		if (!wanted(f, o))
			continue;
		edit e = {kb_linemap_offset(&lines, f->line, f->col),
			  kb_linemap_offset(&lines, f->end_line, f->end_col), f->fix, f->fix_of, i};
		size_t k = strlen(e.of);
		/* the file must hold what the run read, where it read it */
		if (e.to < e.from || e.to - e.from != k || memcmp(src + e.from, e.of, k) != 0)
			stale = true;
		v[n++] = e;
	}
	int ret = 0;
	if (stale) {
		fprintf(stderr, "kblint: %s: changed since it was read; not fixed\n", path);
		n = 0;
	}
	qsort(v, n, sizeof *v, cmp_edit);
	kb_buf out = {0};
	size_t at = 0, applied = 0;
	for (size_t i = 0; i < n; i++) {
		if (v[i].from < at) {
			/* overlaps an edit made: the same edit of another finding is that one's too */
			if (i && v[i].from == v[i - 1].from && v[i].to == v[i - 1].to &&
			    strcmp(v[i].text, v[i - 1].text) == 0 && fixed[v[i - 1].finding - first]) {
				fixed[v[i].finding - first] = true;
				st->fixed++;
			}
			continue;
		}
		kb_buf_put(&out, src + at, v[i].from - at);
		kb_buf_puts(&out, v[i].text);
		at = v[i].to;
		fixed[v[i].finding - first] = true;
		st->fixed++;
		applied++;
	}
	kb_buf_put(&out, src + at, len - at);
	bool changes = applied && (out.len != len || memcmp(out.data, src, len) != 0);
	if (changes && o->diff) {
		kb_buf la = {0}, lb = {0};
		kb_buf_printf(&la, "a/%s", path);
		kb_buf_printf(&lb, "b/%s", path);
		kb_udiff(src, len, out.data ? out.data : "", out.len, la.data, lb.data, diff);
		kb_buf_free(&la);
		kb_buf_free(&lb);
		st->files++;
	} else if (changes) {
		int w = kb_replace_file(path, out.data ? out.data : "", out.len, src, len, err,
					sizeof err);
		if (w == 0) {
			st->files++;
		} else {
			if (w == 1)
				fprintf(stderr, "kblint: %s: changed since it was read; not fixed\n", path);
			else
				fprintf(stderr, "kblint: %s: cannot write the fixes: %s\n", path, err);
			for (size_t i = 0; i < last - first; i++)
				st->fixed -= fixed[i];
			memset(fixed, 0, (last - first) * sizeof *fixed);
			ret = w == 1 ? 0 : -1;
		}
	}
	kb_buf_free(&out);
	free(v);
	kb_linemap_free(&lines);
	free(src);
	return ret;
}

int kb_fix_run(const kb_results *res, const kb_fix_opts *o, kb_fix_stats *st, kb_buf *diff)
{
	memset(st, 0, sizeof *st);
	bool *fixed = xcalloc(res->nfindings + 1, sizeof *fixed);
	int ret = 0;
	/* findings come sorted by file: one file at a time */
	for (size_t i = 0; i < res->nfindings;) {
		size_t j = i, want = 0;
		while (j < res->nfindings && res->findings[j].file_index == res->findings[i].file_index)
			want += wanted(&res->findings[j++], o);
		if (want && fix_file(res, i, j, o, fixed + i, st, diff) != 0)
			ret = -1;
		i = j;
	}
	for (size_t i = 0; i < res->nfindings; i++) {
		const kb_finding *f = &res->findings[i];
		if (!fixed[i] && f->fix && f->end_line > 0 && f->severity >= o->min_severity)
			st->unsafe_left += !f->fix_safe && !o->unsafe;
	}
	free(fixed);
	return ret;
}
