/* suppressions.c: reads an article's suppressions (article.h's kb_suppression) from its kblint
 * comments (kb_directive, found by prose.c) and its metadata's kblint key, into the article. A
 * mistake in how one is written is kept as a kb_sup_mistake, with the message
 * suppression-invalid gives, and makes it suppress nothing; rule ids are kept as written. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "ascii.h"
#include "load.h"
#include "util.h"

const char *const kb_sup_names[KB_SUP_COUNT] = {"kblint-disable", "kblint-enable",
						 "kblint-disable-line", "kblint-disable-next-line",
						 "kblint.disable"};

bool kb_suppression_active(const kb_suppression *d, kb_date today)
{
	return d->ok && !(d->has_until && today > d->until);
}

/* What an article's suppressions are read into, before they move to its arena. */
typedef struct {
	kb_article *a;
	kb_suppression *v;
	size_t n, cap;
	kb_sup_mistake *m;
	size_t nm, capm;
} reader;

/* A mistake (printf-style) at file line:col of the article. */
static void mistake(reader *r, int line, int col, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void mistake(reader *r, int line, int col, const char *fmt, ...)
{
	kb_buf problem = {0};
	va_list ap;
	va_start(ap, fmt);
	kb_buf_vprintf(&problem, fmt, ap);
	va_end(ap);
	if (r->nm == r->capm) {
		r->capm = r->capm ? r->capm * 2 : 4;
		r->m = xrealloc(r->m, r->capm * sizeof *r->m);
	}
	r->m[r->nm++] = (kb_sup_mistake){kb_linemap_at(&r->a->file->lines, line, col),
					 kb_arena_strdup(&r->a->arena, problem.data ? problem.data : "")};
	kb_buf_free(&problem);
}

/* A suppression's entries while it is read (heap; moved to the arena by push). */
typedef struct {
	kb_sup_entry *v;
	size_t n, cap;
} entries;

/* Adds an entry for rule id (NULL: every rule) written at line:col. */
static void add_entry(reader *r, entries *es, const char *id, size_t idlen, int line, int col)
{
	if (es->n == es->cap) {
		es->cap = es->cap ? es->cap * 2 : 4;
		es->v = xrealloc(es->v, es->cap * sizeof *es->v);
	}
	es->v[es->n++] = (kb_sup_entry){id ? kb_arena_strndup(&r->a->arena, id, idlen) : NULL,
					kb_linemap_at(&r->a->file->lines, line, col), false};
}

/* Appends d, with the entries es (freed), to the article's suppressions. */
static void push(reader *r, kb_suppression *d, entries *es)
{
	d->entries = kb_arena_alloc(&r->a->arena, (es->n ? es->n : 1) * sizeof *d->entries);
	if (es->n)
		memcpy(d->entries, es->v, es->n * sizeof *es->v);
	d->nentries = es->n;
	free(es->v);
	if (r->n == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 4;
		r->v = xrealloc(r->v, r->cap * sizeof *r->v);
	}
	r->v[r->n++] = *d;
}

/* The first line after line after that holds more than blanks and '>' (a block quote's empty
 * line), up to last; 0 when there is none. */
static int next_line(const kb_file *file, int after, int last)
{
	for (int ln = after + 1; ln <= last && (size_t)ln <= file->lines.n; ln++) {
		size_t b = kb_linemap_line_start(&file->lines, ln);
		size_t e = kb_linemap_line_start(&file->lines, ln + 1);
		for (size_t k = b; k < e; k++)
			if (!kb_iswhite(file->src[k]) && file->src[k] != '>')
				return ln;
	}
	return 0;
}

/* File position of byte off of directive c's text: exact when the file holds the comment
 * verbatim, else the comment's own position. */
static void text_pos(const kb_article *a, const kb_directive *c, size_t off, int *line, int *col)
{
	if (c->off >= 0) {
		kb_linemap_pos(&a->file->lines, (size_t)c->off + off, line, col);
	} else {
		*line = c->line;
		*col = c->col;
	}
}

/* The reason after "--", on one line: blank runs become one space (in the article's arena, or
 * NULL when none). */
static const char *one_line(kb_article *a, const char *t, size_t n)
{
	kb_buf b = {0};
	for (size_t i = 0; i < n; i++) {
		if (kb_iswhite(t[i])) {
			while (i + 1 < n && kb_iswhite(t[i + 1]))
				i++;
			if (b.len && i + 1 < n)
				kb_buf_putc(&b, ' ');
			continue;
		}
		kb_buf_putc(&b, t[i]);
	}
	const char *s = b.len ? kb_arena_strdup(&a->arena, b.data) : NULL;
	kb_buf_free(&b);
	return s;
}

/* Reads comment c (the article covers lines first..last): "DIRECTIVE [RULE[,RULE]...]
 * [until=DATE] [-- REASON]". */
static void read_comment(reader *r, const kb_directive *c, int first, int last)
{
	kb_article *a = r->a;
	const char *t = c->text;
	size_t n = strlen(t), i = 0;
	while (i < n && kb_iswhite(t[i]))
		i++;
	size_t ws = i;
	while (i < n && !kb_iswhite(t[i]))
		i++;
	int kind = -1;
	for (int k = 0; k < KB_SUP_ARTICLE; k++)
		if (kb_streq_n(t + ws, i - ws, kb_sup_names[k]))
			kind = k;
	int line, col;
	text_pos(a, c, ws, &line, &col);
	if (kind < 0) {
		mistake(r, line, col,
			"unknown directive '%.*s' (expected kblint-disable, kblint-enable, "
			"kblint-disable-line or kblint-disable-next-line)", (int)(i - ws), t + ws);
		return;
	}
	if (c->shown) {
		mistake(r, c->line, c->col,
			"this %s comment shows as text: inside a paragraph, Markdown ends no comment "
			"that holds '--' (put the comment on a line of its own, with "
			"kblint-disable-next-line)", kb_sup_names[kind]);
		return;
	}
	kb_suppression d = {.kind = (kb_sup_kind)kind,
			    .at = kb_linemap_at(&a->file->lines, c->line, c->col), .ok = true,
			    .owner = a->owner};
	entries es = {0};
	while (i < n) {
		while (i < n && (kb_iswhite(t[i]) || t[i] == ','))
			i++;
		if (i >= n)
			break;
		size_t ts = i;
		while (i < n && !kb_iswhite(t[i]) && t[i] != ',')
			i++;
		const char *tok = t + ts;
		size_t tl = i - ts;
		text_pos(a, c, ts, &line, &col);
		if (tl >= 2 && tok[0] == '-' && tok[1] == '-') {
			d.reason = one_line(a, tok + 2, n - ts - 2);
			break;
		}
		if (tl >= 6 && strncmp(tok, "until=", 6) == 0) {
			if (kind == KB_SUP_ENABLE) {
				mistake(r, line, col, "kblint-enable takes no until=");
			} else if (d.has_until) {
				mistake(r, line, col, "until= is given twice");
			} else if (kb_date_parse_iso(tok + 6, tl - 6, &d.until) != 0) {
				int dl, dc;
				text_pos(a, c, ts + 6, &dl, &dc);
				mistake(r, dl, dc,
					"until date '%.*s' is not a valid date (expected YYYY-MM-DD)",
					(int)(tl - 6), tok + 6);
			} else {
				d.has_until = true;
				continue;
			}
			d.ok = false;
		} else if (memchr(tok, '=', tl)) {
			mistake(r, line, col, "unknown option '%.*s' (expected until=YYYY-MM-DD)",
				(int)tl, tok);
			d.ok = false;
		} else {
			add_entry(r, &es, tok, tl, line, col);
		}
	}
	if (!es.n)
		add_entry(r, &es, NULL, 0, c->line, c->col);
	switch (d.kind) {
	case KB_SUP_LINE:
		d.from = c->line;
		d.to = c->end_line;
		break;
	case KB_SUP_NEXT_LINE:
		d.from = d.to = next_line(a->file, c->end_line, last);
		break;
	default:
		d.from = first;
		d.to = last;
		break;
	}
	push(r, &d, &es);
}

/* Reads the kblint key of the article's metadata (k its key node, v its value): {disable: RULE
 * or [RULE, ...], until: DATE, reason: TEXT}, covering the whole article (lines first..last). */
static void read_meta(reader *r, const kb_ynode *k, const kb_ynode *v, int first, int last)
{
	static const char *const keys[] = {"disable", "until", "reason", NULL};
	if (v->type != KB_Y_MAP) {
		mistake(r, v->line, v->col,
			"'kblint' must be a mapping such as {disable: [RULE, ...]}, not %s",
			kb_ynode_type_name(v));
		return;
	}
	kb_suppression d = {.kind = KB_SUP_ARTICLE,
			    .at = kb_linemap_at(&r->a->file->lines, k->line, k->col), .ok = true,
			    .from = first, .to = last, .owner = r->a->owner};
	for (size_t i = 0; i < v->n; i++) {
		const kb_ynode *key = v->items[2 * i];
		bool known = false;
		for (size_t j = 0; keys[j]; j++)
			known = known || (key->type == KB_Y_SCALAR && !strcmp(key->str, keys[j]));
		if (!known) {
			mistake(r, key->line, key->col,
				"unknown key '%s' in 'kblint' (expected one of: disable, until, reason)",
				key->type == KB_Y_SCALAR ? key->str : "?");
			d.ok = false;
		}
	}
	const kb_ynode *dis = kb_ymap_get(v, "disable"), *u = kb_ymap_get(v, "until");
	const kb_ynode *rs = kb_ymap_get(v, "reason");
	if (u && (u->type != KB_Y_SCALAR || kb_date_parse_iso(u->str, u->len, &d.until) != 0)) {
		mistake(r, u->line, u->col, "'kblint.until' must be a date YYYY-MM-DD, not %s%s%s",
			u->type == KB_Y_SCALAR ? "'" : "",
			u->type == KB_Y_SCALAR ? u->str : kb_ynode_type_name(u),
			u->type == KB_Y_SCALAR ? "'" : "");
		d.ok = false;
	} else {
		d.has_until = u != NULL;
	}
	if (rs && rs->type != KB_Y_SCALAR) {
		mistake(r, rs->line, rs->col, "'kblint.reason' must be text, not %s",
			kb_ynode_type_name(rs));
		d.ok = false;
	}
	d.reason = rs && rs->type == KB_Y_SCALAR && rs->len ? rs->str : NULL;
	if (!dis) {
		mistake(r, k->line, k->col, "'kblint' needs 'disable', a list of rule ids");
		return;
	}
	entries es = {0};
	size_t nitems = dis->type == KB_Y_SEQ ? dis->n : 1;
	for (size_t i = 0; i < nitems; i++) {
		const kb_ynode *it = dis->type == KB_Y_SEQ ? dis->items[i] : dis;
		if (it->type != KB_Y_SCALAR || !it->len) {
			mistake(r, it->line, it->col,
				"'kblint.disable' must be a rule id or a list of rule ids, not %s",
				it->type == KB_Y_SCALAR ? "an empty string" : kb_ynode_type_name(it));
			d.ok = false;
			continue;
		}
		add_entry(r, &es, it->str, strlen(it->str), it->line, it->col);
	}
	if (!es.n)
		return; /* "disable: []" disables nothing */
	push(r, &d, &es);
}

void kb_article_read_suppressions(kb_article *a, int first, int last)
{
	reader r = {.a = a};
	if (a->meta && a->meta->type == KB_Y_MAP) {
		const kb_ynode *k = kb_ymap_key_node(a->meta, "kblint");
		if (k)
			read_meta(&r, k, kb_ymap_get(a->meta, "kblint"), first, last);
	}
	for (size_t i = 0; i < a->ndirectives; i++)
		read_comment(&r, &a->directives[i], first, last);
	if (r.n) {
		a->suppressions = kb_arena_alloc(&a->arena, r.n * sizeof *a->suppressions);
		memcpy(a->suppressions, r.v, r.n * sizeof *r.v);
		a->nsuppressions = r.n;
	}
	if (r.nm) {
		a->sup_mistakes = kb_arena_alloc(&a->arena, r.nm * sizeof *a->sup_mistakes);
		memcpy(a->sup_mistakes, r.m, r.nm * sizeof *r.m);
		a->nsup_mistakes = r.nm;
	}
	free(r.v);
	free(r.m);
}
