/* prose.c: turns cmark's tree into prose blocks and links, and maps text offsets back to the
 * file through the positions cmark kept. */
#include <cmark.h>
#include <stdlib.h>
#include <string.h>

#include "article.h"
#include "util.h"

typedef struct {
	kb_article *a;
	kb_buf text;
	kb_piece *pieces;
	size_t npieces, cappieces;
	bool in_block, heading;
	int link_depth;
	kb_block *blocks;
	size_t nblocks, capblocks;
	kb_link *links;
	size_t nlinks, caplinks;
} builder;

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

static void end_block(builder *b)
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
	b->in_block = false;
}

static void add_link(builder *b, cmark_node *n, bool image)
{
	const char *url = cmark_node_get_url(n);
	if (!url)
		return;
	if (b->nlinks == b->caplinks) {
		b->caplinks = b->caplinks ? b->caplinks * 2 : 8;
		b->links = xrealloc(b->links, b->caplinks * sizeof *b->links);
	}
	kb_link *l = &b->links[b->nlinks++];
	l->url = kb_arena_strdup(&b->a->arena, url);
	l->image = image;
	kb_article_body_pos(b->a, cmark_node_get_start_line(n), cmark_node_get_start_column(n),
			    &l->line, &l->col);
}

int kb_article_parse_body(kb_article *a)
{
	cmark_node *doc = cmark_parse_document(a->body, a->body_len, CMARK_OPT_SOURCEPOS);
	if (!doc)
		return -1;
	builder b = {.a = a};
	cmark_iter *it = cmark_iter_new(doc);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		cmark_node_type t = cmark_node_get_type(n);
		bool enter = ev == CMARK_EVENT_ENTER;
		int line = cmark_node_get_start_line(n), col = cmark_node_get_start_column(n);
		unsigned text_scope = b.link_depth ? KB_SCOPE_LINK_TEXT
				      : b.heading ? KB_SCOPE_HEADINGS
						  : KB_SCOPE_PROSE;
		switch (t) {
		case CMARK_NODE_PARAGRAPH:
		case CMARK_NODE_HEADING:
			if (enter) {
				end_block(&b);
				b.in_block = true;
				b.heading = t == CMARK_NODE_HEADING;
			} else {
				end_block(&b);
				b.heading = false;
			}
			break;
		case CMARK_NODE_TEXT: {
			const char *lit = cmark_node_get_literal(n);
			add_piece(&b, lit, strlen(lit), text_scope, line, col);
			break;
		}
		case CMARK_NODE_CODE:
		case CMARK_NODE_HTML_INLINE: {
			const char *lit = cmark_node_get_literal(n);
			add_piece(&b, lit, strlen(lit), KB_SCOPE_CODE, line, col);
			break;
		}
		case CMARK_NODE_SOFTBREAK:
			add_piece(&b, " ", 1, 0, line, col);
			break;
		case CMARK_NODE_LINEBREAK:
			add_piece(&b, "\n", 1, 0, line, col);
			break;
		case CMARK_NODE_LINK:
		case CMARK_NODE_IMAGE:
			if (enter) {
				add_link(&b, n, t == CMARK_NODE_IMAGE);
				b.link_depth++;
			} else {
				b.link_depth--;
			}
			break;
		default:
			break;
		}
	}
	end_block(&b);
	cmark_iter_free(it);
	cmark_node_free(doc);
	a->blocks = kb_arena_alloc(&a->arena, (b.nblocks ? b.nblocks : 1) * sizeof *a->blocks);
	if (b.nblocks)
		memcpy(a->blocks, b.blocks, b.nblocks * sizeof *a->blocks);
	a->nblocks = b.nblocks;
	a->links = kb_arena_alloc(&a->arena, (b.nlinks ? b.nlinks : 1) * sizeof *a->links);
	if (b.nlinks)
		memcpy(a->links, b.links, b.nlinks * sizeof *a->links);
	a->nlinks = b.nlinks;
	free(b.blocks);
	free(b.links);
	free(b.pieces);
	kb_buf_free(&b.text);
	return 0;
}

/* File byte offset of a body position, or -1 for articles mapped to one fixed position. */
static long body_offset(const kb_article *a, int line, int bytecol)
{
	if (!a->body_lines || line < 1 || (size_t)line > a->nbody_lines)
		return -1;
	size_t off = a->body_lines[line - 1] + (size_t)(bytecol > 0 ? bytecol - 1 : 0);
	return (long)(off <= a->file->len ? off : a->file->len);
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

static size_t utf8_len(unsigned char c)
{
	return c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
}

static bool is_alnum(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Length of an entity reference ("&amp;", "&#x27;") at s, or 0. */
static size_t entity_len(const char *s, const char *end)
{
	const char *p = s + 1;
	if (p < end && *p == '#')
		p++;
	const char *q = p;
	while (q < end && q - s < 34 && is_alnum(*q))
		q++;
	return q > p && q < end && *q == ';' ? (size_t)(q - s + 1) : 0;
}

/* Walks a text node's literal and its source together, so an offset in the literal finds its
 * byte in the source across backslash escapes and entity references. */
static size_t align(const char *lit, size_t upto, const char *src, const char *end)
{
	size_t i = 0;
	const char *s = src;
	while (i < upto && s < end && *s != '\n' && *s != '\r') {
		size_t el;
		if (*s == '\\' && s + 1 < end && s[1] == lit[i] && s[1] != '\n') {
			s += 2;
			i++;
		} else if (*s == '&' && (el = entity_len(s, end)) > 0) {
			s += el;
			i += utf8_len((unsigned char)lit[i]);
		} else if (*s == lit[i]) {
			s++;
			i++;
		} else {
			break; /* the source says something else; stay at the last known byte */
		}
	}
	return (size_t)(s - src);
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
	if (base < 0 || !(p->scope & (KB_SCOPE_PROSE | KB_SCOPE_HEADINGS | KB_SCOPE_LINK_TEXT))) {
		kb_article_body_pos(a, p->line, p->col, line, col);
		return;
	}
	const char *src = a->file->src + base, *end = a->file->src + a->file->len;
	size_t moved = align(b->text + p->off, delta < p->len ? delta : p->len, src, end);
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
