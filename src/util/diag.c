/* diag.c: the results of a run: findings, load errors, the files walked; and the names of
 * severities and categories. */
#include "diag.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

static const char *const sev_names[] = {"info", "warning", "error"};
static const char *const cat_names[] = {
#define X(e, s) s,
	KB_CATEGORIES(X)
#undef X
};

/* ", stale, contradiction, ...": each name after ", " (kb_category_names skips the first) */
static const char cat_list[] =
#define X(e, s) ", " s
	KB_CATEGORIES(X)
#undef X
	;

const char *kb_category_names(void)
{
	return cat_list + 2;
}

const char *kb_severity_name(kb_severity s)
{
	return s < KB_SEV_COUNT ? sev_names[s] : "?";
}

const char *kb_category_name(kb_category c)
{
	return c < KB_CAT_COUNT ? cat_names[c] : "?";
}

int kb_severity_parse(const char *s)
{
	for (int i = 0; i < KB_SEV_COUNT; i++)
		if (strcmp(s, sev_names[i]) == 0)
			return i;
	return -1;
}

int kb_category_parse(const char *s)
{
	for (int i = 0; i < KB_CAT_COUNT; i++)
		if (strcmp(s, cat_names[i]) == 0)
			return i;
	return -1;
}

void kb_results_init(kb_results *r)
{
	memset(r, 0, sizeof *r);
}

void kb_results_free(kb_results *r)
{
	kb_arena_free(&r->strings);
	free(r->findings);
	free(r->errors);
	free(r->files);
	free(r->file_skipped);
	memset(r, 0, sizeof *r);
}

static const char *keep(kb_results *r, const char *s)
{
	return s ? kb_arena_strdup(&r->strings, s) : NULL;
}

/* s kept once: the previous finding's copy when it says the same (findings come file by file,
 * and a file's findings share their file and often their owner and rule). */
static const char *keep_again(kb_results *r, const char *prev, const char *s)
{
	return prev && s && strcmp(prev, s) == 0 ? prev : keep(r, s);
}

/* Makes room in r for n more findings: its room doubled as often as that takes. */
static void room_for(kb_results *r, size_t n)
{
	if (r->capfindings - r->nfindings >= n)
		return;
	if (r->part) { /* its room is another's: a caller counted wrong */
		fprintf(stderr, "kblint: internal error: a part of the findings overflowed\n");
		abort();
	}
	size_t cap = r->capfindings ? r->capfindings : 64;
	while (cap - r->nfindings < n)
		cap *= 2;
	r->capfindings = cap;
	r->findings = xrealloc(r->findings, cap * sizeof *r->findings);
}

void kb_results_add(kb_results *r, const kb_finding *f)
{
	room_for(r, 1);
	const kb_finding *prev = r->nfindings ? &r->findings[r->nfindings - 1] : NULL;
	kb_finding *d = &r->findings[r->nfindings++];
	*d = *f;
	/* the walked file's own copy (kb_results_add_file) when the finding is about it */
	if (f->file && f->file_index < r->nfiles && strcmp(r->files[f->file_index], f->file) == 0)
		d->file = r->files[f->file_index];
	else
		d->file = keep_again(r, prev ? prev->file : NULL, f->file);
	d->rule = keep_again(r, prev ? prev->rule : NULL, f->rule);
	d->message = keep(r, f->message);
	d->owner = keep_again(r, prev ? prev->owner : NULL, f->owner);
	d->fix = keep(r, f->fix);
	d->fix_of = keep(r, f->fix_of);
	if (f->nrelated) {
		d->related = kb_arena_alloc(&r->strings, f->nrelated * sizeof *d->related);
		for (size_t i = 0; i < f->nrelated; i++) {
			d->related[i] = f->related[i];
			d->related[i].file = keep(r, f->related[i].file);
			d->related[i].message = keep(r, f->related[i].message);
		}
	}
}

void kb_results_reserve(kb_results *r, size_t n)
{
	room_for(r, n); /* the room adding them one by one would end with */
}

void kb_results_part(const kb_results *r, size_t at, size_t n, kb_results *part)
{
	kb_results_init(part);
	part->findings = r->findings + r->nfindings + at;
	part->capfindings = n;
	part->files = r->files; /* read only, for the walked file's copy of a finding's file */
	part->nfiles = r->nfiles;
	part->part = true;
}

void kb_results_join(kb_results *r, kb_results *part)
{
	if (part->findings != r->findings + r->nfindings || part->nfindings != part->capfindings) {
		fprintf(stderr, "kblint: internal error: a part of the findings joined out of order\n");
		abort();
	}
	r->nfindings += part->nfindings;
	kb_arena_adopt(&r->strings, &part->strings);
	kb_results_init(part);
}

void kb_results_add_error(kb_results *r, size_t file_index, const char *file, int line, int col,
			  const char *fmt, ...)
{
	if (r->nerrors == r->caperrors) {
		r->caperrors = r->caperrors ? r->caperrors * 2 : 16;
		r->errors = xrealloc(r->errors, r->caperrors * sizeof *r->errors);
	}
	kb_buf msg = {0};
	va_list ap;
	va_start(ap, fmt);
	kb_buf_vprintf(&msg, fmt, ap);
	va_end(ap);
	kb_loaderr *e = &r->errors[r->nerrors++];
	e->file_index = file_index;
	e->file = keep(r, file);
	e->line = line;
	e->col = col;
	e->col_byte = 0;
	e->col_utf16 = 0;
	e->message = keep(r, msg.data ? msg.data : "");
	kb_buf_free(&msg);
}

void kb_results_copy_error(kb_results *r, const kb_loaderr *e, size_t file_index)
{
	kb_results_add_error(r, file_index, e->file, e->line, e->col, "%s", e->message);
	r->errors[r->nerrors - 1].col_byte = e->col_byte;
	r->errors[r->nerrors - 1].col_utf16 = e->col_utf16;
}

/* The column of one position in unit: the character column when the other is not known. */
static int column_in(kb_col_unit unit, int col, int col_byte, int col_utf16)
{
	int c = unit == KB_COL_BYTE ? col_byte : unit == KB_COL_UTF16 ? col_utf16 : col;
	return c > 0 ? c : col;
}

void kb_results_column_unit(kb_results *r, kb_col_unit unit)
{
	for (size_t i = 0; i < r->nfindings; i++) {
		kb_finding *f = &r->findings[i];
		f->col = column_in(unit, f->col, f->col_byte, f->col_utf16);
		if (f->end_line)
			f->end_col = column_in(unit, f->end_col, f->end_col_byte, f->end_col_utf16);
	}
	for (size_t i = 0; i < r->nerrors; i++) {
		kb_loaderr *e = &r->errors[i];
		e->col = column_in(unit, e->col, e->col_byte, e->col_utf16);
	}
}

static int cmp_finding(const void *pa, const void *pb)
{
	const kb_finding *a = pa, *b = pb;
	if (a->file_index != b->file_index)
		return a->file_index < b->file_index ? -1 : 1;
	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	if (a->col != b->col)
		return a->col < b->col ? -1 : 1;
	int c = strcmp(a->rule, b->rule);
	if (c)
		return c;
	return strcmp(a->message, b->message);
}

static int cmp_error(const void *pa, const void *pb)
{
	const kb_loaderr *a = pa, *b = pb;
	if (a->file_index != b->file_index)
		return a->file_index < b->file_index ? -1 : 1;
	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	return strcmp(a->message, b->message);
}

uint64_t kb_hash_bytes(uint64_t h, const void *p, size_t n)
{
	const unsigned char *b = p;
	for (size_t i = 0; i < n; i++)
		h = (h ^ b[i]) * 1099511628211ULL;
	return h;
}

uint64_t kb_hash_text(uint64_t h, const char *s, size_t n)
{
	bool space = false;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
			space = true;
			continue;
		}
		if (space)
			h = (h ^ ' ') * 1099511628211ULL;
		space = false;
		h = (h ^ c) * 1099511628211ULL;
	}
	return h;
}

void kb_results_add_file_kept(kb_results *r, const char *file, bool skipped)
{
	if (r->nfiles == r->capfiles) {
		r->capfiles = r->capfiles ? r->capfiles * 2 : 64;
		r->files = xrealloc(r->files, r->capfiles * sizeof *r->files);
		r->file_skipped = xrealloc(r->file_skipped, r->capfiles * sizeof *r->file_skipped);
	}
	r->file_skipped[r->nfiles] = skipped;
	r->files[r->nfiles++] = file;
}

void kb_results_add_file(kb_results *r, const char *file, bool skipped)
{
	kb_results_add_file_kept(r, keep(r, file), skipped);
}

/* Merges the sorted runs v[a..m) and v[m..b) into to[a..b), stably. */
static void merge(const kb_finding **v, const kb_finding **to, size_t a, size_t m, size_t b)
{
	size_t i = a, j = m, k = a;
	while (i < m && j < b)
		to[k++] = cmp_finding(v[j], v[i]) < 0 ? v[j++] : v[i++];
	while (i < m)
		to[k++] = v[i++];
	while (j < b)
		to[k++] = v[j++];
}

/* The end of the run of findings in order that starts at v[i] (v[0..n)). */
static size_t run_end(const kb_finding **v, size_t i, size_t n)
{
	while (++i < n && cmp_finding(v[i - 1], v[i]) <= 0)
		;
	return i;
}

/* r's findings in the order of cmp_finding, stably: the runs already in order are found and
 * merged pairwise, pass after pass. A run's findings come file by file, each file's in order
 * (kb_results_order on the workers), then each cross-article rule's in file order: a few long
 * runs, merged in a few passes, where a sort from scratch compares every finding log n times.
 * Memory: two pointers per finding, as glibc's qsort takes for findings this size. */
void kb_results_order(kb_results *r)
{
	size_t n = r->nfindings, i = 1;
	while (i < n && cmp_finding(&r->findings[i - 1], &r->findings[i]) <= 0)
		i++;
	if (i >= n)
		return; /* in order already, as most files' findings are: nothing to allocate */
	const kb_finding **v = xmalloc(n * sizeof *v), **to = xmalloc(n * sizeof *to);
	for (i = 0; i < n; i++)
		v[i] = &r->findings[i];
	while (run_end(v, 0, n) < n) {
		for (i = 0; i < n;) {
			size_t m = run_end(v, i, n), e = m < n ? run_end(v, m, n) : n;
			merge(v, to, i, m, e); /* a last run alone is copied */
			i = e;
		}
		const kb_finding **t = v;
		v = to;
		to = t;
	}
	/* v[i] is the finding that goes to place i: moved there in place, a cycle at a time
	 * (a copy of all of them would touch as much new memory) */
	kb_finding *f = r->findings;
	for (i = 0; i < n; i++) {
		if (v[i] == &f[i])
			continue;
		kb_finding first = f[i];
		size_t j = i;
		for (;;) {
			size_t k = (size_t)(v[j] - f);
			v[j] = &f[j];
			if (k == i) {
				f[j] = first;
				break;
			}
			f[j] = f[k];
			j = k;
		}
	}
	free(to);
	free(v);
}

/* A fingerprint seen: the finding that had it first (which keeps it), and how many had it. */
typedef struct {
	uint32_t first, count; /* count 0: a free slot (fewer than 2^32 findings: 512 GB) */
} fp_seen;

void kb_results_sort(kb_results *r)
{
	kb_results_order(r);
	if (r->nerrors)
		qsort(r->errors, r->nerrors, sizeof *r->errors, cmp_error);
	/* the same text twice in a file: the second, third ... get their order mixed in, counted
	 * in position order so an inserted line elsewhere does not renumber them (a table of
	 * the fingerprints seen, at most three quarters full) */
	size_t cap = 16;
	while (cap * 3 < 4 * r->nfindings)
		cap *= 2;
	fp_seen *seen = xcalloc(cap, sizeof *seen);
	for (size_t i = 0; i < r->nfindings; i++) {
		kb_finding *f = &r->findings[i];
		size_t j = (size_t)(f->fingerprint ^ f->fingerprint >> 29) & (cap - 1);
		while (seen[j].count && r->findings[seen[j].first].fingerprint != f->fingerprint)
			j = (j + 1) & (cap - 1);
		if (!seen[j].count)
			seen[j].first = (uint32_t)i;
		else
			f->fingerprint = (f->fingerprint ^ seen[j].count) * 1099511628211ULL;
		seen[j].count++;
	}
	free(seen);
}
