/* clean.c: the blocks of an article's content that hold given lines (kblint export --content
 * clean): the paragraph, heading or other leaf block a line is in; a table row alone when the
 * paragraph is a table (CommonMark reads a pipe table as a paragraph); the innermost list item
 * or block quote around it, which holds the statement together with its context. */
#include <cmark.h>
#include <stdlib.h>
#include <string.h>

#include "export.h"
#include "util.h"

/* The start of content line `line` (from 1) and its length without the line break. */
static const char *line_at(const char *s, size_t len, int line, size_t *n)
{
	const char *p = s, *end = s + len;
	for (int l = 1; l < line && p < end; l++) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		p = nl ? nl + 1 : end;
	}
	const char *nl = memchr(p, '\n', (size_t)(end - p));
	*n = (size_t)((nl ? nl : end) - p);
	return p;
}

/* A GFM table's delimiter row: only '|', '-', ':' and spaces, with at least one '-'. */
static bool delimiter_row(const char *s, size_t n)
{
	bool dash = false;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '-')
			dash = true;
		else if (!strchr("|: \t\r", s[i]))
			return false;
	}
	return dash;
}

/* True when the paragraph on content lines first..last is a pipe table: its second line is a
 * delimiter row and its first holds a '|'. */
static bool is_table(const char *s, size_t len, int first, int last)
{
	if (last <= first)
		return false;
	size_t n1, n2;
	const char *l1 = line_at(s, len, first, &n1), *l2 = line_at(s, len, first + 1, &n2);
	return memchr(l1, '|', n1) && delimiter_row(l2, n2);
}

/* The deepest leaf block that holds line, or NULL. */
static cmark_node *leaf_at(cmark_node *n, int line)
{
	for (cmark_node *c = cmark_node_first_child(n); c; c = cmark_node_next(c)) {
		int a = cmark_node_get_start_line(c), b = cmark_node_get_end_line(c);
		if (line < a || line > b)
			continue;
		cmark_node *in = cmark_node_first_child(c) && cmark_node_get_type(c) != CMARK_NODE_PARAGRAPH
			&& cmark_node_get_type(c) != CMARK_NODE_HEADING
			? leaf_at(c, line) : NULL;
		return in ? in : c;
	}
	return NULL;
}

static int cmp_range(const void *pa, const void *pb)
{
	const int *x = pa, *y = pb;
	return x[0] != y[0] ? (x[0] > y[0]) - (x[0] < y[0]) : (x[1] > y[1]) - (x[1] < y[1]);
}

size_t kb_export_blocks(const char *content, size_t len, const int *lines, size_t nlines,
			int (**out)[2])
{
	*out = NULL;
	if (!nlines)
		return 0;
	int (*v)[2] = xcalloc(nlines, sizeof *v);
	size_t n = 0;
	cmark_node *doc = cmark_parse_document(content, len, CMARK_OPT_DEFAULT);
	for (size_t i = 0; i < nlines; i++) {
		int line = lines[i];
		cmark_node *leaf = leaf_at(doc, line);
		if (!leaf)
			continue; /* a blank line between blocks: nothing to remove */
		int a = cmark_node_get_start_line(leaf), b = cmark_node_get_end_line(leaf);
		if (cmark_node_get_type(leaf) == CMARK_NODE_PARAGRAPH && is_table(content, len, a, b) &&
		    line > a + 1) {
			/* a body row of a table: that row alone */
			v[n][0] = v[n][1] = line;
			n++;
			continue;
		}
		/* the innermost list item or block quote around the leaf, else the leaf */
		cmark_node *unit = leaf;
		for (cmark_node *p = cmark_node_parent(leaf); p && p != doc; p = cmark_node_parent(p)) {
			cmark_node_type t = cmark_node_get_type(p);
			if (t == CMARK_NODE_ITEM || t == CMARK_NODE_BLOCK_QUOTE) {
				unit = p;
				break;
			}
		}
		v[n][0] = cmark_node_get_start_line(unit);
		v[n][1] = cmark_node_get_end_line(unit);
		n++;
	}
	cmark_node_free(doc);
	qsort(v, n, sizeof *v, cmp_range);
	/* merge overlapping ranges */
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		if (k && v[i][0] <= v[k - 1][1]) {
			if (v[i][1] > v[k - 1][1])
				v[k - 1][1] = v[i][1];
			continue;
		}
		v[k][0] = v[i][0];
		v[k][1] = v[i][1];
		k++;
	}
	if (!k) {
		free(v);
		return 0;
	}
	*out = v;
	return k;
}
