/* udiff.c: unified diffs of two texts, line by line, as `diff -u` prints them. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "edit.h"

enum { CONTEXT = 3 };

/* Above this many differing lines the middle is shown as one change: still a correct diff. */
enum { MAX_EDITS = 1024 };

typedef struct {
	const char *s;
	size_t len; /* with its '\n', when it has one */
} line;

typedef struct {
	line *v;
	size_t n;
} lines;

/* A run of changed lines: a[a0..a0+na) became b[b0..b0+nb). */
typedef struct {
	size_t a0, na, b0, nb;
} change;

typedef struct {
	change *v;
	size_t n, cap;
} changes;

/* Splits s[0..len) at '\n', as diff does (a lone '\r' stays inside its line). Caller frees. */
static lines split(const char *s, size_t len)
{
	lines l = {0};
	size_t cap = 16;
	l.v = xmalloc(cap * sizeof *l.v);
	for (size_t i = 0; i < len;) {
		const char *nl = memchr(s + i, '\n', len - i);
		size_t e = nl ? (size_t)(nl - s) + 1 : len;
		if (l.n == cap) {
			cap *= 2;
			l.v = xrealloc(l.v, cap * sizeof *l.v);
		}
		l.v[l.n++] = (line){s + i, e - i};
		i = e;
	}
	return l;
}

/* True when two lines hold the same bytes (their '\n' included). */
static bool same(const line *x, const line *y)
{
	return x->len == y->len && memcmp(x->s, y->s, x->len) == 0;
}

/* Adds one changed line pair to the run being built (extending the last run when adjacent). */
static void add(changes *c, size_t a0, size_t na, size_t b0, size_t nb)
{
	if (c->n) {
		change *last = &c->v[c->n - 1];
		if (last->a0 + last->na == a0 && last->b0 + last->nb == b0) {
			last->na += na;
			last->nb += nb;
			return;
		}
	}
	if (c->n == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 8;
		c->v = xrealloc(c->v, c->cap * sizeof *c->v);
	}
	c->v[c->n++] = (change){a0, na, b0, nb};
}

/* Myers' O((N+M)D) shortest edit script over a[0..n) and b[0..m), with the trace of each round
 * kept (O(D^2) memory). Appends the changes to out in order; returns -1 when more than
 * MAX_EDITS lines differ. */
static int myers(const line *a, size_t n, const line *b, size_t m, size_t ao, size_t bo,
		 changes *out)
{
	intptr_t N = (intptr_t)n, M = (intptr_t)m, max = N + M;
	if (max > MAX_EDITS)
		max = MAX_EDITS;
	intptr_t **trace = xcalloc((size_t)max + 1, sizeof *trace);
	intptr_t *v = xcalloc(2 * (size_t)max + 3, sizeof *v); /* v[k + max + 1] */
	intptr_t off = max + 1, dfound = -1;
	for (intptr_t d = 0; d <= max && dfound < 0; d++) {
		for (intptr_t k = -d; k <= d; k += 2) {
			intptr_t x;
			if (k == -d || (k != d && v[off + k - 1] < v[off + k + 1]))
				x = v[off + k + 1];
			else
				x = v[off + k - 1] + 1;
			intptr_t y = x - k;
			while (x < N && y < M && same(&a[x], &b[y])) {
				x++;
				y++;
			}
			v[off + k] = x;
			if (x >= N && y >= M) {
				dfound = d;
				break;
			}
		}
		trace[d] = xmalloc((2 * (size_t)d + 1) * sizeof **trace);
		memcpy(trace[d], v + off - d, (2 * (size_t)d + 1) * sizeof **trace);
	}
	int ret = 0;
	if (dfound < 0) {
		ret = -1;
	} else {
		/* walk back from (N, M), collecting the steps in reverse */
		size_t cap = (size_t)dfound + 1, nsteps = 0;
		intptr_t(*steps)[2] = xmalloc(cap * sizeof *steps); /* (x, y) before each edit */
		char *del = xmalloc(cap);
		intptr_t x = N, y = M;
		for (intptr_t d = dfound; d > 0; d--) {
			const intptr_t *pv = trace[d - 1]; /* pv[k + d - 1] */
			intptr_t k = x - y, pk;
			if (k == -d || (k != d && pv[k - 1 + d - 1] < pv[k + 1 + d - 1]))
				pk = k + 1; /* came down: an insertion */
			else
				pk = k - 1; /* came right: a deletion */
			intptr_t px = pv[pk + d - 1], py = px - pk;
			steps[nsteps][0] = px;
			steps[nsteps][1] = py;
			del[nsteps++] = pk == k - 1;
			x = px;
			y = py;
		}
		for (size_t i = nsteps; i-- > 0;) {
			size_t sx = (size_t)steps[i][0], sy = (size_t)steps[i][1];
			if (del[i])
				add(out, ao + sx, 1, bo + sy, 0);
			else
				add(out, ao + sx, 0, bo + sy, 1);
		}
		free(steps);
		free(del);
	}
	for (intptr_t d = 0; d <= max; d++)
		free(trace[d]);
	free(trace);
	free(v);
	return ret;
}

/* One line of a hunk, with diff's marker for a last line without '\n'. */
static void put_line(kb_buf *out, char mark, const line *l)
{
	kb_buf_putc(out, mark);
	kb_buf_put(out, l->s, l->len);
	if (l->len == 0 || l->s[l->len - 1] != '\n')
		kb_buf_puts(out, "\n\\ No newline at end of file\n");
}

/* "start,count" as diff -u writes a range: the count is left out when it is 1, and an empty
 * range names the line before it. */
static void put_range(kb_buf *out, size_t start, size_t count)
{
	if (count == 1)
		kb_buf_printf(out, "%zu", start + 1);
	else
		kb_buf_printf(out, "%zu,%zu", count ? start + 1 : start, count);
}

void kb_udiff(const char *a, size_t alen, const char *b, size_t blen, const char *label_a,
	      const char *label_b, kb_buf *out)
{
	lines la = split(a, alen), lb = split(b, blen);
	size_t pre = 0, suf = 0;
	while (pre < la.n && pre < lb.n && same(&la.v[pre], &lb.v[pre]))
		pre++;
	while (suf < la.n - pre && suf < lb.n - pre &&
	       same(&la.v[la.n - 1 - suf], &lb.v[lb.n - 1 - suf]))
		suf++;
	changes ch = {0};
	size_t na = la.n - pre - suf, nb = lb.n - pre - suf;
	if ((na || nb) && myers(la.v + pre, na, lb.v + pre, nb, pre, pre, &ch) != 0) {
		ch.n = 0;
		add(&ch, pre, na, pre, nb);
	}
	if (ch.n)
		kb_buf_printf(out, "--- %s\n+++ %s\n", label_a, label_b);
	for (size_t i = 0; i < ch.n;) {
		/* a hunk: changes whose gaps are at most twice the context */
		size_t j = i;
		while (j + 1 < ch.n && ch.v[j + 1].a0 - (ch.v[j].a0 + ch.v[j].na) <= 2 * CONTEXT)
			j++;
		size_t a0 = ch.v[i].a0 > CONTEXT ? ch.v[i].a0 - CONTEXT : 0;
		size_t b0 = a0 + ch.v[i].b0 - ch.v[i].a0;
		size_t aend = ch.v[j].a0 + ch.v[j].na + CONTEXT;
		if (aend > la.n)
			aend = la.n;
		size_t bend = aend + (ch.v[j].b0 + ch.v[j].nb) - (ch.v[j].a0 + ch.v[j].na);
		kb_buf_puts(out, "@@ -");
		put_range(out, a0, aend - a0);
		kb_buf_puts(out, " +");
		put_range(out, b0, bend - b0);
		kb_buf_puts(out, " @@\n");
		size_t x = a0;
		for (size_t c = i; c <= j; c++) {
			for (; x < ch.v[c].a0; x++)
				put_line(out, ' ', &la.v[x]);
			for (size_t k = 0; k < ch.v[c].na; k++)
				put_line(out, '-', &la.v[ch.v[c].a0 + k]);
			for (size_t k = 0; k < ch.v[c].nb; k++)
				put_line(out, '+', &lb.v[ch.v[c].b0 + k]);
			x = ch.v[c].a0 + ch.v[c].na;
		}
		for (; x < aend; x++)
			put_line(out, ' ', &la.v[x]);
		i = j + 1;
	}
	free(ch.v);
	free(la.v);
	free(lb.v);
}
