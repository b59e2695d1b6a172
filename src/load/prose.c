/* prose.c: turns cmark's tree into prose blocks and links, and maps text offsets back to the
 * file through the positions cmark kept. */
#include <cmark.h>
#include <stdlib.h>
#include <string.h>

#include "article.h"
#include "ascii.h"
#include "labels.h"
#include "load.h"
#include "markup.h"
#include "util.h"

typedef struct {
	size_t s, e;               /* file offsets */
} src_range;

typedef struct {
	kb_article *a;
	kb_buf text;
	kb_piece *pieces;
	size_t npieces, cappieces;
	bool in_block;
	int heading;               /* the level of the heading being read, 0 in a paragraph */
	kb_marker *markers;
	size_t nmarkers, capmarkers;
	bool marker_pending;       /* a valid-until comment (line 0 so far) waits for its block */
	kb_directive *directives;  /* kblint-disable comments (their text is in the arena) */
	size_t ndirectives, capdirectives;
	bool *dir_pending;         /* per directive: line:col are cmark's (inline), not yet placed */
	kb_strv anchors;           /* ids named in HTML */
	int block_line, block_col; /* where the paragraph or heading starts (cmark: byte column) */
	int *shift;                /* per line of the block: what cmark's columns need added */
	bool *anchored;            /* per line: shift found from the line's first inline */
	size_t caplines;
	size_t block_links;        /* the block's links start here */
	int last_line;             /* latest line an inline of the block started on */
	int cover_line;            /* last line that a code span or raw HTML reaches */
	int line_fix;              /* lines cmark lost to backslash hard breaks so far */
	bool after_break;          /* a hard break was the last inline */
	int link_depth;
	kb_block *blocks;
	size_t nblocks, capblocks;
	kb_link *links;
	size_t nlinks, caplinks;
	src_range *regions;        /* template and directive markup found so far, in file order */
	size_t nregions, capregions;
	size_t open_from;          /* regions before this one end before the current block */
	kb_markup_memo memo;       /* closing delimiters looked for in vain (markup.c) */
	kb_include *includes;
	size_t nincludes, capincludes;
	src_range *bolds;          /* the block's outermost bold spans (text offsets) */
	size_t nbolds, capbolds;
	size_t bold_from;          /* where the open bold span starts */
	int bold_depth;
	int quote_depth;           /* block quotes open */
	int quoting;               /* the depth of the open block quote that quotes a message
				    * (labels.c), 0 when none does */
} builder;

/* File byte offset of a body position, or -1 for articles mapped to one fixed position. */
static long body_offset(const kb_article *a, int line, int bytecol)
{
	if (!a->body_lines || line < 1 || (size_t)line > a->nbody_lines)
		return -1;
	size_t off = a->body_lines[line - 1] + (size_t)(bytecol > 0 ? bytecol - 1 : 0);
	return (long)(off <= a->file->len ? off : a->file->len);
}

static size_t utf8_len(unsigned char c)
{
	return c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
}

/* Length of an entity reference ("&amp;", "&#x27;") at s, or 0. */
static size_t entity_len(const char *s, const char *end)
{
	const char *p = s + 1;
	if (p < end && *p == '#')
		p++;
	const char *q = p;
	while (q < end && q - s < 34 && kb_isalnum(*q))
		q++;
	return q > p && q < end && *q == ';' ? (size_t)(q - s + 1) : 0;
}

/* True for the references that stand for '&' itself ("&amp;", "&#38;", "&#x26;"). */
static bool is_amp_entity(const char *s, size_t el)
{
	if (el == 5 && (!strncmp(s, "&amp;", 5) || !strncmp(s, "&AMP;", 5)))
		return true;
	if (s[1] != '#')
		return false;
	bool hex = s[2] == 'x' || s[2] == 'X';
	long v = 0;
	for (size_t k = hex ? 3 : 2; k + 1 < el && v <= 0x10FFFF; k++) {
		char c = s[k];
		int d = hex ? kb_hexval(c) : kb_isdigit(c) ? c - '0' : -1;
		if (d < 0)
			return false;
		v = v * (hex ? 16 : 10) + d;
	}
	return v == '&';
}

/* Walks a text node's literal and its source together, so an offset in the literal finds its
 * byte in the source across backslash escapes and entity references. *got is how much of the
 * literal was matched. */
static size_t align(const char *lit, size_t upto, const char *src, const char *end, size_t *got)
{
	size_t i = 0;
	const char *s = src;
	while (i < upto && s < end && *s != '\n' && *s != '\r') {
		size_t el;
		if (*s == '\\' && s + 1 < end && s[1] == lit[i] && s[1] != '\n') {
			s += 2;
			i++;
		} else if (*s == '&' && (el = entity_len(s, end)) > 0) {
			/* cmark keeps a name it does not know ("&foo;") as it is; only a reference
			 * that reads as its own text and is not '&' itself can be one */
			bool kept = !strncmp(lit + i, s, el) && !is_amp_entity(s, el);
			s += el;
			i += kept ? el : utf8_len((unsigned char)lit[i]);
		} else if (*s == lit[i]) {
			s++;
			i++;
		} else {
			break; /* the source says something else; stay at the last known byte */
		}
	}
	*got = i;
	return (size_t)(s - src);
}

/* cmark (0.30) gives an inline on a paragraph's later lines the column of its offset in the
 * content cmark kept of that line, plus the block's own start column, as if every line began
 * where the first one does. That content starts after the container prefix ('>' markers, list
 * indentation) and, unless the line is a lazy continuation, after the leading blanks too; in a
 * lazy line the blanks are kept. Either way the line's first inline starts at its first
 * character that is not a blank or '>' (a '>' there would have opened a block quote), so that
 * inline anchors the line: the others keep their distance from it. A line that starts inside a
 * code span or raw HTML begun on an earlier line has no such anchor: its first text is looked
 * for where the line's content may start (that character, or one of the blanks before it),
 * ordinary line first. A line with neither is taken to be an ordinary one. */
static int *line_shift(builder *b, int line)
{
	size_t i = (size_t)(line - b->block_line);
	if (i >= b->caplines) {
		size_t cap = b->caplines ? b->caplines : 16;
		while (cap <= i)
			cap *= 2;
		b->shift = xrealloc(b->shift, cap * sizeof *b->shift);
		b->anchored = xrealloc(b->anchored, cap * sizeof *b->anchored);
		memset(b->anchored + b->caplines, 0, (cap - b->caplines) * sizeof *b->anchored);
		b->caplines = cap;
	}
	return &b->shift[i];
}

/* Where the content of body line line may start: *first is the byte column of its first
 * character that is not a blank or '>', *blanks the number of blanks just before it. */
static bool content_start(const builder *b, int line, int *first, int *blanks)
{
	long s = body_offset(b->a, line, 1);
	if (s < 0)
		return false;
	const char *src = b->a->file->src, *end = src + b->a->file->len, *p = src + s;
	while (p < end && (*p == ' ' || *p == '\t' || *p == '>'))
		p++;
	*first = (int)(p - (src + s)) + 1;
	*blanks = 0;
	while (*blanks < *first - 1 && (p[-1 - *blanks] == ' ' || p[-1 - *blanks] == '\t'))
		(*blanks)++;
	return true;
}

/* Anchors a continuation line on inline n at cmark's line:col; lead tells that nothing of the
 * line comes before n. A text is anchored only where its literal reads in the source. */
static void anchor(builder *b, cmark_node *n, int line, int col, bool lead)
{
	if (!b->in_block || line <= b->block_line)
		return;
	int *sh = line_shift(b, line);
	bool *done = &b->anchored[line - b->block_line];
	int first, blanks;
	if (*done || !content_start(b, line, &first, &blanks))
		return;
	if (cmark_node_get_type(n) != CMARK_NODE_TEXT) {
		if (!lead)
			return;
		if (cmark_node_get_type(n) == CMARK_NODE_CODE) {
			/* cmark places a code span after its opening backticks */
			const char *p = b->a->file->src + body_offset(b->a, line, first);
			while (*p++ == '`')
				first++;
		}
		*sh = first - col;
		*done = true;
		return;
	}
	const char *lit = cmark_node_get_literal(n);
	size_t len = strlen(lit);
	const char *src = b->a->file->src, *end = src + b->a->file->len;
	long s = body_offset(b->a, line, 1);
	size_t got;
	if (lead) {
		/* after a backslash hard break cmark keeps the next line's leading blanks */
		size_t lb = strspn(lit, " \t");
		align(lit + lb, len - lb, src + s + first - 1, end, &got);
		if (got == len - lb) {
			*sh = first - (col + (int)lb);
			*done = true;
			return;
		}
	}
	for (int k = 0; k <= blanks; k++) {
		int start = first - k; /* byte column where cmark's content of the line starts */
		long at = s + (start - 1) + (col - b->block_col);
		if (col < b->block_col || at > (long)b->a->file->len)
			continue;
		align(lit, len, src + at, end, &got);
		if (got == len) {
			*sh = start - b->block_col;
			*done = true;
			return;
		}
	}
}

/* The byte column of an inline that cmark puts at line:col. */
static int inline_col(builder *b, int line, int col)
{
	if (line <= b->block_line)
		return col;
	int *sh = line_shift(b, line);
	int first, blanks;
	if (!b->anchored[line - b->block_line]) {
		if (!content_start(b, line, &first, &blanks))
			return col;
		*sh = first - b->block_col;
	}
	return col + *sh;
}

static void add_piece(builder *b, const char *s, size_t n, unsigned scope, int line, int col)
{
	if (!n)
		return;
	if (b->npieces == b->cappieces) {
		b->cappieces = b->cappieces ? b->cappieces * 2 : 16;
		b->pieces = xrealloc(b->pieces, b->cappieces * sizeof *b->pieces);
	}
	b->pieces[b->npieces++] = (kb_piece){b->text.len, n, scope, line, col};
	kb_buf_put(&b->text, s, n);
}

static void push_block(builder *b);
static void mark_markup(builder *b);
static void mark_labels(builder *b);

/* True when a comment's text t[0..n) is a kblint directive: it starts, after blanks, with
 * "kblint-" ("kblint:" is the valid-until marker). */
static bool directive_text(const char *t, size_t n)
{
	size_t i = 0;
	while (i < n && (t[i] == ' ' || t[i] == '\t' || t[i] == '\n' || t[i] == '\r'))
		i++;
	return n - i >= 7 && strncmp(t + i, "kblint-", 7) == 0;
}

/* Gives directive d, whose "<!--" is at body line:bytecol, its file position, the file line
 * where it ends, and the file offset of its text (what follows "<!--") when the source holds
 * the comment verbatim there. */
static void place_directive(builder *b, kb_directive *d, int line, int bytecol)
{
	const kb_article *a = b->a;
	int ends = line, col;
	size_t n = strlen(d->text);
	for (size_t i = 0; i < n; i++)
		ends += d->text[i] == '\n';
	kb_article_body_pos(a, line, bytecol, &d->line, &d->col);
	kb_article_body_pos(a, ends, 1, &d->end_line, &col);
	long off = body_offset(a, line, bytecol);
	d->off = -1;
	if (off >= 0 && (size_t)off + 4 + n <= a->file->len &&
	    !memcmp(a->file->src + off, "<!--", 4) && !memcmp(a->file->src + off + 4, d->text, n))
		d->off = off + 4;
}

/* Records the comment whose text is t[0..n) (after its "<!--") as a directive at body
 * line:bytecol; pending: an inline comment, placed when its block ends (end_block). */
static kb_directive *add_directive(builder *b, const char *t, size_t n, int line, int bytecol,
				   bool pending)
{
	if (b->ndirectives == b->capdirectives) {
		b->capdirectives = b->capdirectives ? b->capdirectives * 2 : 4;
		b->directives = xrealloc(b->directives, b->capdirectives * sizeof *b->directives);
		b->dir_pending = xrealloc(b->dir_pending, b->capdirectives * sizeof *b->dir_pending);
	}
	kb_directive *d = &b->directives[b->ndirectives];
	b->dir_pending[b->ndirectives++] = pending;
	memset(d, 0, sizeof *d);
	d->text = kb_arena_strndup(&b->a->arena, t, n);
	if (pending) {
		d->line = line;
		d->col = bytecol;
	} else {
		place_directive(b, d, line, bytecol);
	}
	return d;
}

/* Ends the current block: its pieces and links get their true columns (every line's shift is
 * known now), and its text becomes a block. */
static void end_block(builder *b)
{
	if (b->in_block) {
		for (size_t i = 0; i < b->npieces; i++)
			if (b->pieces[i].scope)
				b->pieces[i].col = inline_col(b, b->pieces[i].line, b->pieces[i].col);
		for (size_t i = b->block_links; i < b->nlinks; i++) {
			kb_link *l = &b->links[i];
			kb_article_body_pos(b->a, l->line, inline_col(b, l->line, l->col), &l->line,
					    &l->col);
		}
		for (size_t i = 0; i < b->ndirectives; i++)
			if (b->dir_pending[i]) {
				kb_directive *d = &b->directives[i];
				place_directive(b, d, d->line, inline_col(b, d->line, d->col));
				b->dir_pending[i] = false;
			}
		mark_markup(b);
		if (!b->heading)
			mark_labels(b);
	}
	push_block(b);
}

/* Makes the text read so far a block, and starts afresh. */
static void push_block(builder *b)
{
	if (b->in_block && b->text.len) {
		if (b->nblocks == b->capblocks) {
			b->capblocks = b->capblocks ? b->capblocks * 2 : 16;
			b->blocks = xrealloc(b->blocks, b->capblocks * sizeof *b->blocks);
		}
		kb_block *blk = &b->blocks[b->nblocks++];
		blk->text = kb_arena_strndup(&b->a->arena, b->text.data, b->text.len);
		blk->len = b->text.len;
		blk->pieces = kb_arena_alloc(&b->a->arena, b->npieces * sizeof *blk->pieces);
		memcpy(blk->pieces, b->pieces, b->npieces * sizeof *blk->pieces);
		blk->npieces = b->npieces;
		blk->heading = b->heading;
	}
	b->text.len = 0;
	b->npieces = 0;
	b->nbolds = 0;
	b->bold_depth = 0;
	b->in_block = false;
	b->block_links = b->nlinks;
	if (b->caplines)
		memset(b->anchored, 0, b->caplines * sizeof *b->anchored);
}

/* Where a link or image starts. cmark gives a link whose text spans lines the line where the
 * text ends, and an autolink ("<https://...>") a column counted from its paragraph's start; the
 * link's first child still knows where it starts, just after the "[", "![" or "<". */
static void link_start(cmark_node *n, bool image, int *line, int *col)
{
	cmark_node *c = cmark_node_first_child(n);
	int cl = c ? cmark_node_get_start_line(c) : 0, cc = c ? cmark_node_get_start_column(c) : 0;
	if (cl <= 0)
		return;
	const char *url = cmark_node_get_url(n), *lit = cmark_node_get_literal(c);
	bool autolink = url && lit && cmark_node_get_type(c) == CMARK_NODE_TEXT &&
			(!strcmp(url, lit) || (!strncmp(url, "mailto:", 7) && !strcmp(url + 7, lit)));
	if (autolink || cl < *line) {
		*line = cl;
		*col = cc - (image ? 2 : 1);
	}
}

static kb_link *new_link(builder *b)
{
	if (b->nlinks == b->caplinks) {
		b->caplinks = b->caplinks ? b->caplinks * 2 : 8;
		b->links = xrealloc(b->links, b->caplinks * sizeof *b->links);
	}
	kb_link *l = &b->links[b->nlinks++];
	memset(l, 0, sizeof *l);
	return l;
}

/* The file a Jekyll "{% link path %}" tag u[0..n) names, from the site's root ("/path"), or
 * NULL; caller frees. */
static char *link_tag(const char *u, size_t n)
{
	size_t i = 2, e = n;
	if (i < e && u[i] == '-')
		i++;
	while (i < e && (u[i] == ' ' || u[i] == '\t'))
		i++;
	if (e - i < 5 || strncmp(u + i, "link", 4) != 0 || (u[i + 4] != ' ' && u[i + 4] != '\t'))
		return NULL;
	i += 4;
	while (i < e && (u[i] == ' ' || u[i] == '\t'))
		i++;
	size_t pe = i;
	while (pe < e && u[pe] != ' ' && u[pe] != '\t' && u[pe] != '%')
		pe++;
	if (pe < e && u[pe] == '%' && pe > i && u[pe - 1] == '-')
		pe--; /* "{% link a.md-%}" */
	size_t q = pe;
	while (q < e && (u[q] == ' ' || u[q] == '\t' || u[q] == '-'))
		q++;
	if (pe == i || n - q != 2 || u[q] != '%' || u[q + 1] != '}' || memchr(u + i, '{', pe - i))
		return NULL;
	char *r = xmalloc(pe - i + 2);
	r[0] = '/';
	memcpy(r + 1, u + i + (u[i] == '/'), pe - i - (u[i] == '/'));
	r[pe - i + 1 - (u[i] == '/')] = '\0';
	return r;
}

/* The page (and "#anchor") that a link target u (n bytes) naming a Hugo "ref" or "relref"
 * shortcode names ("{{< relref "a.md#x" >}}", "{{< ref "a.md" >}}#x"), or a Jekyll "link" tag,
 * or NULL; caller frees. */
static char *ref_target(const char *u, size_t n)
{
	if (n >= 4 && u[0] == '{' && u[1] == '%')
		return link_tag(u, n);
	if (n < 7 || strncmp(u, "{{", 2) != 0 || (u[2] != '<' && u[2] != '%'))
		return NULL;
	const char *close = NULL;
	for (size_t i = 3; !close && i + 3 <= n; i++)
		if (u[i] == (u[2] == '<' ? '>' : '%') && u[i + 1] == '}' && u[i + 2] == '}')
			close = u + i;
	size_t po, pl;
	if (!close || !kb_markup_ref(u, (size_t)(close + 3 - u), &po, &pl))
		return NULL;
	const char *tail = close + 3;
	size_t tl = n - (size_t)(tail - u);
	if (tl && *tail != '#')
		return NULL;
	char *r = xmalloc(pl + tl + 1);
	memcpy(r, u + po, pl);
	memcpy(r + pl, tail, tl);
	r[pl + tl] = '\0';
	return r;
}

/* Adds a link at cmark's (corrected) position; end_block maps it to the file. */
static void add_link(builder *b, cmark_node *n, bool image, int line, int col)
{
	const char *url = cmark_node_get_url(n);
	if (!url)
		return;
	char *ref = NULL;
	if (kb_markup_url(url) && !(ref = ref_target(url, strlen(url))))
		return; /* a template expression ("{{ site.baseurl }}/a") is no path */
	if (b->heading && !strncmp(url, "#tab/", 5) && url[5])
		kb_strv_push(&b->anchors, url + 1); /* docfx tabbed section: "# [Tab](#tab/id)" */
	kb_link *l = new_link(b);
	l->url = kb_arena_strdup(&b->a->arena, ref ? ref : url);
	l->image = image;
	l->ref = ref != NULL;
	l->line = line;
	l->col = col;
	free(ref);
}

/* ---- template and directive markup (markup.c): kept in the text, never matched ---- */

enum { TEXT_SCOPES = KB_SCOPE_PROSE | KB_SCOPE_HEADINGS | KB_SCOPE_LINK_TEXT };

/* A walk through a text piece: text offset k (in the block's text) is at file offset src. It
 * only moves forward, one character (or escape, or entity reference) at a time, so reading a
 * piece costs its length once. */
typedef struct {
	const kb_piece *p;
	size_t k;
	long src;
} cursor;

static void cur_init(const builder *b, const kb_piece *p, cursor *c)
{
	c->p = p;
	c->k = p->off;
	c->src = body_offset(b->a, p->line, p->col);
}

/* Moves c to the first offset at or after k (the piece's end at most). */
static void cur_to(const builder *b, cursor *c, size_t k)
{
	const char *src = b->a->file->src, *end = src + b->a->file->len;
	size_t pend = c->p->off + c->p->len;
	if (k > pend)
		k = pend;
	while (c->k < k) {
		size_t got, moved = align(b->text.data + c->k, 1, src + c->src, end, &got);
		/* where the source says something else, the rest of the piece stays at the last
		 * byte known, as kb_article_text_pos has it */
		c->k += got ? got : 1;
		c->src += (long)moved;
	}
	if (c->k > pend)
		c->k = pend;
}

/* Moves c to the first offset whose file offset is at or after x (the piece's end at most). */
static void cur_to_src(const builder *b, cursor *c, size_t x)
{
	size_t pend = c->p->off + c->p->len;
	while (c->k < pend && (size_t)c->src < x)
		cur_to(b, c, c->k + 1);
}

static void push_piece(kb_piece **v, size_t *n, size_t *cap, kb_piece p)
{
	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 16;
		*v = xrealloc(*v, *cap * sizeof **v);
	}
	(*v)[(*n)++] = p;
}

/* Makes what of the block's pieces lies in the markup regions (file bytes) from b->open_from on
 * markup: a text piece is split where a region starts and ends, each part placed where its bytes
 * are. One pass: pieces and regions are both in file order. */
static void apply_regions(builder *b)
{
	size_t nout = 0, capout = b->npieces + 2, r0 = b->open_from;
	kb_piece *out = xmalloc(capout * sizeof *out);
	for (size_t i = 0; i < b->npieces; i++) {
		kb_piece p = b->pieces[i];
		long base = body_offset(b->a, p.line, p.col);
		size_t r = r0;
		if (!p.scope || (p.scope & KB_SCOPE_MARKUP) || base < 0 || r >= b->nregions) {
			push_piece(&out, &nout, &capout, p);
			continue;
		}
		if (p.scope & KB_SCOPE_CODE) {
			/* inline HTML inside a shortcode ("{{<figure src=x>}}") */
			while (r < b->nregions && b->regions[r].e <= (size_t)base)
				r++;
			if (r < b->nregions && b->regions[r].s <= (size_t)base)
				p.scope |= KB_SCOPE_MARKUP;
			push_piece(&out, &nout, &capout, p);
			continue;
		}
		cursor c;
		cur_init(b, &b->pieces[i], &c);
		size_t pend = p.off + p.len;
		while (c.k < pend) {
			while (r < b->nregions && b->regions[r].e <= (size_t)c.src)
				r++;
			size_t k0 = c.k;
			long s0 = c.src;
			if (r < b->nregions)
				cur_to_src(b, &c, b->regions[r].s);
			else
				cur_to(b, &c, pend);
			if (c.k > k0)
				push_piece(&out, &nout, &capout,
					   (kb_piece){k0, c.k - k0, p.scope, p.line, p.col + (int)(s0 - base)});
			if (c.k >= pend)
				break;
			k0 = c.k;
			s0 = c.src;
			cur_to_src(b, &c, b->regions[r].e);
			if (c.k > k0)
				push_piece(&out, &nout, &capout,
					   (kb_piece){k0, c.k - k0, KB_SCOPE_CODE | KB_SCOPE_MARKUP,
						      p.line, p.col + (int)(s0 - base)});
		}
	}
	free(b->pieces);
	b->pieces = out;
	b->npieces = nout;
	b->cappieces = capout;
}

/* A link target cmark did not read as one ("[x]({{< ref "a.md" >}})", the shortcode holds
 * blanks): a ref is still a link, at the shortcode. */
static void ref_link(builder *b, const kb_markup *m)
{
	const char *src = b->a->file->src;
	char *ref = ref_target(src + m->start, m->end - m->start);
	if (!ref)
		return;
	kb_link *l = new_link(b);
	l->url = kb_arena_strdup(&b->a->arena, ref);
	l->ref = true;
	kb_linemap_pos(&b->a->file->lines, m->start, &l->line, &l->col);
	free(ref);
}

/* True when markup m is all of a link target: "](" before it and ")" after it, or "](<" and
 * ">)", or a link reference definition's ("[x]: {{< ref "a.md" >}}", its "<>" too). */
static bool link_target(const builder *b, const kb_markup *m)
{
	const char *src = b->a->file->src;
	size_t n = b->a->file->len, s = m->start, e = m->end;
	bool pointy = s >= 1 && src[s - 1] == '<';
	if (pointy) {
		if (e >= n || src[e] != '>')
			return false;
		s--;
		e++;
	}
	if (s >= 2 && src[s - 2] == ']' && src[s - 1] == '(')
		return e < n && src[e] == ')';
	while (s > 0 && (src[s - 1] == ' ' || src[s - 1] == '\t'))
		s--;
	if (s < 2 || src[s - 1] != ':' || src[s - 2] != ']')
		return false;
	while (e < n && (src[e] == ' ' || src[e] == '\t'))
		e++;
	return e == n || src[e] == '\n' || src[e] == '\r';
}

static void add_include(builder *b, const kb_markup *m)
{
	if (b->nincludes == b->capincludes) {
		b->capincludes = b->capincludes ? b->capincludes * 2 : 4;
		b->includes = xrealloc(b->includes, b->capincludes * sizeof *b->includes);
	}
	kb_include *in = &b->includes[b->nincludes++];
	in->path = kb_arena_strndup(&b->a->arena, b->a->file->src + m->path_off, m->path_len);
	kb_linemap_pos(&b->a->file->lines, m->start, &in->line, &in->col);
}

/* Finds the markup that starts in the block's text pieces (none starts in code), and makes it
 * and what is left open of markup begun in an earlier block (a shortcode whose ">}}" line cmark
 * read as a block quote) markup pieces. */
static void mark_markup(builder *b)
{
	const kb_file *f = b->a->file;
	const char *t = b->text.data;
	long last = -1; /* the block's last known file offset */
	for (size_t i = 0; i < b->npieces; i++) {
		const kb_piece *p = &b->pieces[i];
		long base = body_offset(b->a, p->line, p->col);
		if (base > last)
			last = base;
		if (!(p->scope & TEXT_SCOPES) || base < 0)
			continue;
		cursor c;
		cur_init(b, p, &c);
		for (size_t k = p->off; k < p->off + p->len; k++) {
			char ch = t[k], d = k + 1 < b->text.len ? t[k + 1] : '\0';
			if (!((ch == '{' && (d == '{' || d == '%')) || (ch == '<' && d == '%') ||
			      (ch == '[' && d == '!') || (ch == ':' && d == ':')))
				continue;
			cur_to(b, &c, k);
			if (c.k != k)
				continue; /* inside an entity reference */
			kb_markup m;
			if (b->nregions && (size_t)c.src < b->regions[b->nregions - 1].e)
				continue;
			if (!kb_markup_at(f->src, f->len, (size_t)c.src, b->a->markup, &b->memo, &m))
				continue;
			if (b->nregions == b->capregions) {
				b->capregions = b->capregions ? b->capregions * 2 : 8;
				b->regions = xrealloc(b->regions, b->capregions * sizeof *b->regions);
			}
			b->regions[b->nregions++] = (src_range){m.start, m.end};
			if (m.kind == KB_MARKUP_INCLUDE)
				add_include(b, &m);
			else if ((m.kind == KB_MARKUP_SHORTCODE || m.kind == KB_MARKUP_TEMPLATE) &&
				 link_target(b, &m))
				ref_link(b, &m);
		}
	}
	if (b->open_from >= b->nregions)
		return; /* no markup is open: where the block ends does not matter */
	/* where the text pieces end in the file: following a piece to its end costs a step per
	 * byte, so only blocks with markup open pay it */
	for (size_t i = 0; i < b->npieces; i++) {
		const kb_piece *p = &b->pieces[i];
		if (!(p->scope & TEXT_SCOPES) || body_offset(b->a, p->line, p->col) < 0)
			continue;
		cursor c;
		cur_init(b, p, &c);
		cur_to(b, &c, p->off + p->len);
		if (c.src > last)
			last = c.src;
	}
	apply_regions(b);
	while (b->open_from < b->nregions && (long)b->regions[b->open_from].e <= last)
		b->open_from++;
}

/* Makes the prose pieces in text offsets [s, e) labels. */
static void make_label(builder *b, size_t s, size_t e)
{
	for (size_t i = 0; i < b->npieces; i++) {
		kb_piece *p = &b->pieces[i];
		if (p->off >= s && p->off + p->len <= e && p->scope == KB_SCOPE_PROSE)
			p->scope |= KB_SCOPE_LABEL;
	}
}

/* True when body line line is a table's delimiter row ("| --- | --- |"). */
static bool delimiter_line(const builder *b, int line)
{
	long s = body_offset(b->a, line, 1);
	if (s < 0 || line > (int)b->a->nbody_lines)
		return false;
	const char *src = b->a->file->src + s, *end = b->a->file->src + b->a->file->len;
	const char *e = memchr(src, '\n', (size_t)(end - src));
	return kb_label_delimiter_row(src, (size_t)((e ? e : end) - src));
}

/* The paragraph's labels (labels.c): all of it in a block quote that quotes a message, else its
 * bold UI names, and the header row of a table, which cmark (no table extension) reads as a
 * paragraph: the line above a delimiter row. */
static void mark_labels(builder *b)
{
	if (b->quoting && !kb_label_alert(b->text.data, b->text.len)) {
		make_label(b, 0, b->text.len);
		return;
	}
	for (size_t i = 0; i < b->nbolds; i++)
		if (kb_label_bold(b->text.data, b->text.len, b->bolds[i].s, b->bolds[i].e))
			make_label(b, b->bolds[i].s, b->bolds[i].e);
	int checked = 0;
	bool header = false;
	for (size_t i = 0; i < b->npieces; i++) {
		kb_piece *p = &b->pieces[i];
		if (!p->scope || p->line < 1)
			continue;
		if (p->line != checked) {
			checked = p->line;
			header = delimiter_line(b, p->line + 1);
		}
		if (header && p->scope == KB_SCOPE_PROSE)
			p->scope |= KB_SCOPE_LABEL;
	}
}

/* Ids that HTML gives a link to: id="x" and name="x" (or single-quoted) in s[0..n). */
static void html_ids(builder *b, const char *s, size_t n)
{
	for (size_t i = 0; i + 4 < n; i++) {
		size_t k;
		if ((i == 0 || s[i - 1] == ' ' || s[i - 1] == '\t' || s[i - 1] == '\n') &&
		    (!strncmp(s + i, "id=", 3) || !strncmp(s + i, "name=", 5))) {
			k = i + (s[i] == 'i' ? 3 : 5);
			char q = s[k];
			if (q != '"' && q != '\'')
				continue;
			size_t e = k + 1;
			while (e < n && s[e] != q && s[e] != '\n')
				e++;
			if (e < n && s[e] == q && e > k + 1) {
				char *id = xstrndup(s + k + 1, e - k - 1);
				kb_strv_push(&b->anchors, id);
				free(id);
			}
			i = e;
		}
	}
}

/* "<!-- kblint: valid-until 2026-06-30 -->": returns true and the date when c is one: *dlen
 * is its first word (a note may follow it), *llen the rest of its line, to quote a date that
 * does not read ("June 2026") whole. */
static bool marker_date(const char *c, size_t n, const char **date, size_t *dlen, size_t *llen)
{
	size_t i = 0;
	while (i < n && (c[i] == ' ' || c[i] == '\t' || c[i] == '\n' || c[i] == '\r'))
		i++;
	if (n - i < 7 || strncmp(c + i, "kblint:", 7) != 0)
		return false;
	i += 7;
	while (i < n && (c[i] == ' ' || c[i] == '\t'))
		i++;
	if (n - i < 11 || strncmp(c + i, "valid-until", 11) != 0)
		return false;
	i += 11;
	while (i < n && (c[i] == ' ' || c[i] == '\t' || c[i] == '\n' || c[i] == '\r'))
		i++;
	size_t e = i;
	while (e < n && c[e] != ' ' && c[e] != '\t' && c[e] != '\n' && c[e] != '\r')
		e++;
	*date = c + i;
	*dlen = e - i;
	while (e < n && c[e] != '\n' && c[e] != '\r')
		e++;
	while (e > i && (c[e - 1] == ' ' || c[e - 1] == '\t'))
		e--;
	*llen = e - i;
	return true;
}

/* The byte column of p, on body line ln, in the literal lit[0..len) of an HTML block that starts
 * at line:col. A later line of the literal is the end of its source line: cmark stripped only the
 * container prefix ('>' markers, list indentation) in front of it. */
static int html_col(const builder *b, const char *lit, size_t len, int line, int col, int ln,
		    const char *p)
{
	const char *lstart = p;
	while (lstart > lit && lstart[-1] != '\n')
		lstart--;
	long so = body_offset(b->a, ln, 1), eo = body_offset(b->a, ln + 1, 1);
	if (ln == line || so < 0)
		return col + (int)(p - lstart);
	size_t srclen = (size_t)((eo >= 0 ? eo : (long)b->a->file->len) - so);
	const char *src = b->a->file->src + so;
	while (srclen && (src[srclen - 1] == '\n' || src[srclen - 1] == '\r'))
		srclen--;
	/* the whole literal line, "-->" and all, as the source line has it */
	const char *lend = memchr(lstart, '\n', (size_t)(lit + len - lstart));
	if (!lend)
		lend = lit + len;
	while (lend > lstart && lend[-1] == '\r')
		lend--;
	size_t litline = (size_t)(lend - lstart);
	return srclen >= litline ? (int)(srclen - litline) + 1 + (int)(p - lstart) : 1;
}

/* An HTML block: its ids, a valid-until marker, and the text of its comments, which becomes a
 * block of its own (scope "comments") with a piece per line. */
static void html_block(builder *b, cmark_node *n, int line, int col)
{
	const char *lit = cmark_node_get_literal(n);
	size_t len = lit ? strlen(lit) : 0;
	html_ids(b, lit, len);
	for (const char *p = lit; p && (p = strstr(p, "<!--"));) {
		const char *start = p + 4, *end = strstr(start, "-->");
		if (!end)
			end = lit + len;
		const char *date;
		size_t dlen, llen;
		if (directive_text(start, (size_t)(end - start))) {
			/* a suppression: read by suppressions.c, never by a rule */
			int ln = line;
			for (const char *q = lit; q < p; q++)
				ln += *q == '\n';
			add_directive(b, start, (size_t)(end - start), ln,
				      html_col(b, lit, len, line, col, ln, p), false);
		} else if (marker_date(start, (size_t)(end - start), &date, &dlen, &llen)) {
			if (b->nmarkers == b->capmarkers) {
				b->capmarkers = b->capmarkers ? b->capmarkers * 2 : 4;
				b->markers = xrealloc(b->markers, b->capmarkers * sizeof *b->markers);
			}
			kb_marker *m = &b->markers[b->nmarkers++];
			memset(m, 0, sizeof *m);
			m->valid = kb_date_parse_iso(date, dlen, &m->valid_until) == 0;
			m->text = kb_arena_strndup(&b->a->arena, date, m->valid ? dlen : llen);
			if (m->valid) {
				b->marker_pending = true;
			} else {
				/* a date that does not read is reported where it is to be fixed */
				int ln = line;
				for (const char *q = lit; q < date; q++)
					ln += *q == '\n';
				kb_article_body_pos(b->a, ln, html_col(b, lit, len, line, col, ln, date),
						    &m->line, &m->col);
			}
		} else {
			/* one piece per line, each placed where its bytes are in the source */
			b->in_block = true;
			b->heading = 0;
			b->block_line = b->last_line = 0;
			int ln = line;
			for (const char *q = lit; q < start; q++)
				ln += *q == '\n';
			const char *ls = start;
			while (ls < end) {
				const char *le = memchr(ls, '\n', (size_t)(end - ls));
				if (!le)
					le = end;
				int c = html_col(b, lit, len, line, col, ln, ls);
				if (le > ls) {
					if (b->text.len)
						add_piece(b, "\n", 1, 0, ln, c);
					add_piece(b, ls, (size_t)(le - ls), KB_SCOPE_COMMENTS, ln, c);
				}
				ls = le + 1;
				ln++;
			}
			push_block(b); /* the columns are exact already */
		}
		p = end;
	}
}

/* "<!-- kblint-... -->" that Markdown shows as text: CommonMark 0.30 (cmark, GitHub) ends no
 * inline comment that holds "--", so "text <!-- kblint-disable-line R -- why -->" is prose.
 * Each one becomes a directive marked shown, for suppressions.c to read. */
static void shown_directives(builder *b)
{
	const unsigned seen = KB_SCOPE_PROSE | KB_SCOPE_HEADINGS | KB_SCOPE_LINK_TEXT;
	for (size_t i = 0; i < b->nblocks; i++) {
		const kb_block *blk = &b->blocks[i];
		for (const char *p = blk->text; (p = strstr(p, "<!--")); p += 4) {
			size_t off = (size_t)(p - blk->text);
			const char *t = p + 4, *end = strstr(t, "-->");
			size_t n = end ? (size_t)(end - t) : strlen(t);
			if (!directive_text(t, n) || (kb_block_scopes(blk, off, 4) & ~seen) ||
			    !(kb_block_scopes(blk, off, 4) & seen))
				continue;
			kb_directive *d = add_directive(b, t, n, 0, 0, false);
			kb_article_text_pos(b->a, blk, off, &d->line, &d->col);
			int col;
			kb_article_text_pos(b->a, blk, off + 4 + n, &d->end_line, &col);
			d->off = -1;
			d->shown = true;
		}
	}
}

/* Moves the directives into the article (arena), in file order. */
static void keep_directives(builder *b)
{
	kb_article *a = b->a;
	size_t n = b->ndirectives;
	a->directives = kb_arena_alloc(&a->arena, (n ? n : 1) * sizeof *a->directives);
	for (size_t i = 0; i < n; i++) {
		/* insertion sort: stable, and the list is nearly sorted already */
		size_t k = i;
		while (k > 0 && (a->directives[k - 1].line > b->directives[i].line ||
				 (a->directives[k - 1].line == b->directives[i].line &&
				  a->directives[k - 1].col > b->directives[i].col))) {
			a->directives[k] = a->directives[k - 1];
			k--;
		}
		a->directives[k] = b->directives[i];
	}
	a->ndirectives = n;
}

/* One walk over the document's tree, building the blocks, links and markers into b
 * (kb_cmark_fn). */
static void walk_tree(void *ud, cmark_node *doc)
{
	builder *b = ud;
	kb_article *a = b->a;
	cmark_iter *it = cmark_iter_new(doc);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		cmark_node_type t = cmark_node_get_type(n);
		bool enter = ev == CMARK_EVENT_ENTER;
		int line = cmark_node_get_start_line(n), col = cmark_node_get_start_column(n);
		if (t == CMARK_NODE_LINK || t == CMARK_NODE_IMAGE)
			link_start(n, t == CMARK_NODE_IMAGE, &line, &col);
		unsigned text_scope = b->link_depth ? KB_SCOPE_LINK_TEXT
				      : b->heading ? KB_SCOPE_HEADINGS
						  : KB_SCOPE_PROSE;
		/* cmark does not count the line end of a backslash hard break: the lines after one
		 * come one short, which shows as the next inline starting on the break's line */
		if (line > 0 && b->in_block && t != CMARK_NODE_PARAGRAPH && t != CMARK_NODE_HEADING) {
			line += b->line_fix;
			if (enter && b->after_break && line <= b->last_line) {
				b->line_fix++;
				line++;
			}
			b->after_break = b->after_break && !enter;
		}
		/* the first inline that starts on a line anchors it */
		if (enter && b->in_block && line > 0 && t != CMARK_NODE_SOFTBREAK &&
		    t != CMARK_NODE_LINEBREAK) {
			anchor(b, n, line, col, line > b->last_line && line > b->cover_line);
			if (line > b->last_line)
				b->last_line = line;
		}
		if (enter && (t == CMARK_NODE_CODE || t == CMARK_NODE_HTML_INLINE) &&
		    cmark_node_get_end_line(n) + b->line_fix > b->cover_line)
			b->cover_line = cmark_node_get_end_line(n) + b->line_fix;
		if (enter && b->marker_pending && t != CMARK_NODE_HTML_BLOCK && t != CMARK_NODE_DOCUMENT &&
		    t < CMARK_NODE_FIRST_INLINE) {
			/* the block the valid-until markers stand before (two in a row mark it both) */
			for (size_t i = 0; i < b->nmarkers; i++)
				if (!b->markers[i].line)
					kb_article_body_pos(a, line, col, &b->markers[i].line,
							    &b->markers[i].col);
			b->marker_pending = false;
		}
		switch (t) {
		case CMARK_NODE_PARAGRAPH:
		case CMARK_NODE_HEADING:
			if (enter) {
				end_block(b);
				b->in_block = true;
				b->heading = t == CMARK_NODE_HEADING ? cmark_node_get_heading_level(n) : 0;
				b->block_line = b->last_line = line;
				b->block_col = col;
				b->cover_line = b->line_fix = 0;
				b->after_break = false;
			} else {
				end_block(b);
				b->heading = 0;
			}
			break;
		case CMARK_NODE_HTML_BLOCK:
			html_block(b, n, line, col);
			break;
		case CMARK_NODE_TEXT: {
			const char *lit = cmark_node_get_literal(n);
			add_piece(b, lit, strlen(lit), text_scope, line, col);
			break;
		}
		case CMARK_NODE_CODE:
		case CMARK_NODE_HTML_INLINE: {
			const char *lit = cmark_node_get_literal(n);
			if (t == CMARK_NODE_HTML_INLINE) {
				size_t ll = strlen(lit);
				html_ids(b, lit, ll);
				if (ll >= 7 && !strncmp(lit, "<!--", 4) && directive_text(lit + 4, ll - 7))
					add_directive(b, lit + 4, ll - 7, line, col, true);
			}
			add_piece(b, lit, strlen(lit), KB_SCOPE_CODE, line, col);
			break;
		}
		case CMARK_NODE_SOFTBREAK:
			add_piece(b, " ", 1, 0, line, col);
			break;
		case CMARK_NODE_LINEBREAK:
			add_piece(b, "\n", 1, 0, line, col);
			b->after_break = true;
			break;
		case CMARK_NODE_BLOCK_QUOTE:
			if (enter) {
				/* "you receive the following error message:" then "> ..." */
				cmark_node *prev = cmark_node_previous(n);
				b->quote_depth++;
				if (!b->quoting && prev && b->nblocks &&
				    cmark_node_get_type(prev) == CMARK_NODE_PARAGRAPH &&
				    kb_label_quote_intro(b->blocks[b->nblocks - 1].text,
							 b->blocks[b->nblocks - 1].len))
					b->quoting = b->quote_depth;
			} else {
				if (b->quoting == b->quote_depth)
					b->quoting = 0;
				b->quote_depth--;
			}
			break;
		case CMARK_NODE_STRONG:
			if (enter && b->bold_depth++ == 0) {
				b->bold_from = b->text.len;
			} else if (!enter && --b->bold_depth == 0 && b->in_block) {
				if (b->nbolds == b->capbolds) {
					b->capbolds = b->capbolds ? b->capbolds * 2 : 8;
					b->bolds = xrealloc(b->bolds, b->capbolds * sizeof *b->bolds);
				}
				b->bolds[b->nbolds++] = (src_range){b->bold_from, b->text.len};
			}
			break;
		case CMARK_NODE_LINK:
		case CMARK_NODE_IMAGE:
			if (enter) {
				add_link(b, n, t == CMARK_NODE_IMAGE, line, col);
				b->link_depth++;
			} else {
				b->link_depth--;
			}
			break;
		default:
			break;
		}
	}
	end_block(b);
	cmark_iter_free(it);
}

int kb_article_parse_body(kb_article *a)
{
	builder b = {.a = a};
	/* the tree lives in a region of its own, freed whole once walked (cmark_region.c) */
	if (kb_cmark_parse(a->body, a->body_len, CMARK_OPT_SOURCEPOS, walk_tree, &b) != 0)
		return -1;
	shown_directives(&b);
	keep_directives(&b);
	a->blocks = kb_arena_alloc(&a->arena, (b.nblocks ? b.nblocks : 1) * sizeof *a->blocks);
	if (b.nblocks)
		memcpy(a->blocks, b.blocks, b.nblocks * sizeof *a->blocks);
	a->nblocks = b.nblocks;
	a->links = kb_arena_alloc(&a->arena, (b.nlinks ? b.nlinks : 1) * sizeof *a->links);
	if (b.nlinks)
		memcpy(a->links, b.links, b.nlinks * sizeof *a->links);
	a->nlinks = b.nlinks;
	/* a marker with nothing after it marks nothing */
	size_t kept = 0;
	for (size_t i = 0; i < b.nmarkers; i++)
		if (b.markers[i].line)
			b.markers[kept++] = b.markers[i];
	b.nmarkers = kept;
	a->markers = kb_arena_alloc(&a->arena, (b.nmarkers ? b.nmarkers : 1) * sizeof *a->markers);
	if (b.nmarkers)
		memcpy(a->markers, b.markers, b.nmarkers * sizeof *a->markers);
	a->nmarkers = b.nmarkers;
	a->anchors = kb_arena_alloc(&a->arena, (b.anchors.n ? b.anchors.n : 1) * sizeof *a->anchors);
	for (size_t i = 0; i < b.anchors.n; i++)
		a->anchors[i] = kb_arena_strdup(&a->arena, b.anchors.v[i]);
	a->nanchors = b.anchors.n;
	a->includes = kb_arena_alloc(&a->arena, (b.nincludes ? b.nincludes : 1) * sizeof *a->includes);
	if (b.nincludes)
		memcpy(a->includes, b.includes, b.nincludes * sizeof *a->includes);
	a->nincludes = b.nincludes;
	free(b.includes);
	free(b.bolds);
	free(b.regions);
	free(b.markers);
	free(b.directives);
	free(b.dir_pending);
	kb_strv_free(&b.anchors);
	free(b.blocks);
	free(b.links);
	free(b.pieces);
	free(b.shift);
	free(b.anchored);
	kb_buf_free(&b.text);
	return 0;
}

void kb_article_body_pos(const kb_article *a, int line, int bytecol, int *fline, int *fcol)
{
	long off = body_offset(a, line, bytecol);
	if (off < 0) {
		*fline = a->fixed_line;
		*fcol = a->fixed_col;
		return;
	}
	kb_linemap_pos(&a->file->lines, (size_t)off, fline, fcol);
}

void kb_article_text_pos(const kb_article *a, const kb_block *b, size_t off, int *line, int *col)
{
	size_t lo = 0, hi = b->npieces;
	if (!hi) {
		*line = a->line;
		*col = a->col;
		return;
	}
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (b->pieces[mid].off <= off)
			lo = mid;
		else
			hi = mid;
	}
	const kb_piece *p = &b->pieces[lo];
	size_t delta = off > p->off ? off - p->off : 0;
	long base = body_offset(a, p->line, p->col);
	if (base >= 0 && (p->scope & KB_SCOPE_COMMENTS)) {
		/* a comment's piece is one line of its source bytes as they are (html_block), so
		 * the offset counts on from the piece's start; a date in "<!-- Below was last
		 * updated 2023-12-27. -->" is then found at the date, not at the comment's start */
		size_t d = delta < p->len ? delta : p->len;
		if ((size_t)base + d <= a->file->len && !memcmp(a->file->src + base, b->text + p->off, d)) {
			kb_linemap_pos(&a->file->lines, (size_t)base + d, line, col);
			return;
		}
	}
	if (base < 0 || !(p->scope & (KB_SCOPE_PROSE | KB_SCOPE_HEADINGS | KB_SCOPE_LINK_TEXT))) {
		kb_article_body_pos(a, p->line, p->col, line, col);
		return;
	}
	const char *src = a->file->src + base, *end = a->file->src + a->file->len;
	size_t got;
	size_t moved = align(b->text + p->off, delta < p->len ? delta : p->len, src, end, &got);
	kb_linemap_pos(&a->file->lines, (size_t)base + moved, line, col);
}

unsigned kb_block_scopes(const kb_block *b, size_t off, size_t len)
{
	unsigned s = 0;
	for (size_t i = 0; i < b->npieces; i++) {
		const kb_piece *p = &b->pieces[i];
		if (p->off >= off + len && len)
			break;
		if (p->off + p->len > off && (p->off < off + len || (!len && p->off <= off)))
			s |= p->scope;
	}
	return s;
}
