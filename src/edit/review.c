/* review.c: the edit behind `kblint verify`: sets the reviewed date and the verifier of one
 * article, replacing only the bytes of their values or adding one line per missing field, and
 * proves the result by parsing it again. */
#include <assert.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ascii.h"
#include "edit.h"
#include "frontmatter.h"
#include "linemap.h"
#include "yamltree.h"

/* src[off..end) becomes text. */
typedef struct {
	size_t off, end;
	char *text;
} edit;

/* Where the article's fields are. */
typedef struct {
	const kb_ynode *map;   /* its mapping; NULL when the front matter is empty or absent */
	bool new_fm;           /* a Markdown file without front matter: one is made at `at` */
	bool at_known;         /* at is set (always for Markdown; found on demand for YAML) */
	size_t at;             /* where lines for missing fields go: a line start, or the end */
	int line, col;         /* the article, for messages */
} target;

typedef struct {
	const char *src;
	size_t len;
	kb_linemap lm;
	const kb_review *rv;
	kb_review_result *res;
	edit edits[3];
	size_t nedits;
	kb_buf added;          /* "key: value" lines for the missing fields, with their line ends */
} ctx;

/* Records the refusal (the first one wins) and returns -1. */
static int refuse(ctx *c, int line, int col, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static int refuse(ctx *c, int line, int col, const char *fmt, ...)
{
	if (c->res->err)
		return -1;
	kb_buf b = {0};
	va_list ap;
	va_start(ap, fmt);
	kb_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	c->res->err = kb_buf_take(&b);
	c->res->err_line = line;
	c->res->err_col = line > 0 ? col : 0;
	return -1;
}

/* The byte offset of a line and character column of the file. */
static size_t offset_of(const ctx *c, int line, int col)
{
	return kb_linemap_offset(&c->lm, line, col);
}

/* The names of a role joined with ", ", for messages. Caller frees. */
static char *role_list(const kb_config *cfg, kb_role r)
{
	kb_buf b = {0};
	for (size_t i = 0; i < cfg->fields[r].n; i++)
		kb_buf_printf(&b, "%s%s", i ? ", " : "", cfg->fields[r].v[i]);
	return kb_buf_take(&b);
}

/* ---- writing values ---- */

/* True when s can stand as a plain YAML scalar and read back as the same text. typed: also
 * quote what YAML would read as a number, a boolean or null. flow: inside [...] or {...}. */
static bool plain_ok(const char *s, bool typed, bool flow)
{
	size_t n = strlen(s);
	if (n == 0 || s[0] == ' ' || s[n - 1] == ' ' || s[n - 1] == ':' ||
	    strchr("-?:,[]{}#&*!|>'\"%@`", s[0]))
		return false;
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)s[i];
		if (ch < 0x20 || ch == 0x7F || (flow && strchr(",[]{}", ch)))
			return false;
		if ((ch == ':' && s[i + 1] == ' ') || (ch == ' ' && s[i + 1] == '#'))
			return false;
	}
	if (!typed)
		return true;
	static const char *const special[] = {"null", "true", "false", "yes", "no", "on", "off",
					      "y", "n", "~"};
	for (size_t i = 0; i < sizeof special / sizeof *special; i++)
		if (kb_strcasecmp(s, special[i]) == 0)
			return false;
	return !kb_isdigit(s[0]) && s[0] != '.' && s[0] != '+';
}

/* Appends value written in a quoting style: 0 (plain, or single quotes when plain cannot hold
 * it), '\'' or '"'. */
static void render(kb_buf *out, const char *value, char quote, bool typed, bool flow)
{
	if (quote == 0 && plain_ok(value, typed, flow)) {
		kb_buf_puts(out, value);
		return;
	}
	if (quote == 0)
		quote = '\'';
	kb_buf_putc(out, quote);
	for (const char *p = value; *p; p++) {
		if (quote == '\'' && *p == '\'')
			kb_buf_putc(out, '\'');
		else if (quote == '"' && (*p == '"' || *p == '\\'))
			kb_buf_putc(out, '\\');
		kb_buf_putc(out, *p);
	}
	kb_buf_putc(out, quote);
}

void kb_date_format_as(kb_date dt, const char *fmt, kb_buf *out)
{
	int y, m, d;
	kb_date_to_ymd(dt, &y, &m, &d);
	for (const char *f = fmt; *f; f++) {
		if (*f != '%' || !f[1]) {
			kb_buf_putc(out, *f);
			continue;
		}
		const kb_date_directive *dd = kb_date_directive_of(*++f);
		if (!dd) {
			kb_buf_putc(out, '%');
			kb_buf_putc(out, *f);
		} else if (dd->part == KB_DIR_PERCENT) {
			kb_buf_putc(out, '%');
		} else if (dd->name && dd->full) {
			kb_buf_puts(out, kb_month_names[m - 1]);
		} else if (dd->name) {
			kb_buf_put(out, kb_month_names[m - 1], 3);
		} else if (dd->part == KB_DIR_YEAR && dd->width == 4) {
			kb_buf_printf(out, "%04d", y);
		} else if (dd->part == KB_DIR_YEAR) {
			kb_buf_printf(out, "%02d", y % 100);
		} else if (dd->pad_space) {
			kb_buf_printf(out, "%2d", dd->part == KB_DIR_MONTH ? m : d);
		} else {
			kb_buf_printf(out, "%02d", dd->part == KB_DIR_MONTH ? m : d);
		}
	}
}

/* The new review date as text: in the date format the old value was written in, when it was
 * one of the forms the config reads (its date_formats, then the default forms) and the new date
 * reads back the same through it; else YYYY-MM-DD. Caller frees. */
static char *date_text(const kb_review *rv, const kb_ynode *old)
{
	kb_buf b = {0};
	kb_date d;
	if (old && old->type == KB_Y_SCALAR && old->len &&
	    kb_date_parse_iso(old->str, old->len, &d) != 0) {
		const char *fmt;
		for (size_t i = 0; (fmt = kb_config_date_format(rv->cfg, i)); i++) {
			if (kb_date_parse_format(old->str, old->len, fmt, &d) != 0)
				continue;
			kb_date_format_as(rv->date, fmt, &b);
			kb_date back;
			if (kb_config_parse_date(rv->cfg, b.data, b.len, &back) == 0 &&
			    back == rv->date)
				return kb_buf_take(&b);
			b.len = 0;
			break;
		}
	}
	kb_buf_free(&b);
	char iso[16];
	kb_date_format(rv->date, iso);
	return xstrdup(iso);
}

/* ---- line ends ---- */

/* The line end nearest before off, else the first one after it, else "\n". */
static const char *eol_near(const ctx *c, size_t off)
{
	for (size_t p = off; p-- > 0;) {
		if (c->src[p] == '\n')
			return p > 0 && c->src[p - 1] == '\r' ? "\r\n" : "\n";
		if (c->src[p] == '\r')
			return "\r";
	}
	for (size_t p = off; p < c->len; p++) {
		if (c->src[p] == '\n')
			return "\n";
		if (c->src[p] == '\r')
			return p + 1 < c->len && c->src[p + 1] == '\n' ? "\r\n" : "\r";
	}
	return "\n";
}

/* ---- where a value ends ---- */

/* Spaces and line ends: what a line of a block value may hold and still be blank. */
static bool blank_byte(char ch)
{
	return ch == ' ' || kb_ct(ch, KB_CT_EOL);
}

/* The last line with text of a literal or folded block value, or 0 when the block keeps its
 * trailing lines ("|+"): a line added after its text would then become part of it. */
static int block_last_line(const ctx *c, const kb_ynode *v, size_t off)
{
	size_t i = off;
	if (i >= c->len || (c->src[i] != '|' && c->src[i] != '>'))
		return 0;
	for (i++; i < c->len && (c->src[i] == '+' || c->src[i] == '-' ||
				 kb_isdigit(c->src[i])); i++)
		if (c->src[i] == '+')
			return 0;
	size_t end = offset_of(c, v->end_line, v->end_col);
	int last = v->line;
	for (int ln = v->line + 1; ln <= (int)c->lm.n; ln++) {
		size_t s = kb_linemap_line_start(&c->lm, ln);
		size_t e = kb_linemap_line_start(&c->lm, ln + 1);
		if (s >= end)
			break;
		for (size_t j = s; j < e && j < end; j++)
			if (!blank_byte(c->src[j])) {
				last = ln;
				break;
			}
	}
	return last;
}

/* The last line that v takes (the value of key k, or a list item when k is NULL), or 0 when
 * that cannot be told safely. A node that starts before `after` is an alias: 0. */
static int last_line(const ctx *c, const kb_ynode *k, const kb_ynode *v, size_t after, int depth)
{
	size_t off = offset_of(c, v->line, v->col), end = offset_of(c, v->end_line, v->end_col);
	if (v->type == KB_Y_SCALAR && v->style == KB_YS_PLAIN && v->len == 0 && off == end)
		return k ? k->end_line : 0; /* an empty value: libyaml places it at what follows */
	if (off < after || depth > KB_YAML_MAX_DEPTH || off >= c->len)
		return 0;
	if (v->type == KB_Y_SCALAR) {
		if (v->style == KB_YS_PLAIN || v->style == KB_YS_QUOTED)
			return v->end_line;
		return block_last_line(c, v, off);
	}
	char ch = c->src[off];
	if (v->type == KB_Y_SEQ) {
		if (ch == '[')
			return v->end_line;
		if (ch != '-' || v->n == 0)
			return 0;
		return last_line(c, NULL, v->items[v->n - 1], off, depth + 1);
	}
	if (ch == '{')
		return v->end_line;
	if (v->n == 0 || offset_of(c, v->items[0]->line, v->items[0]->col) != off)
		return 0; /* an anchor or a tag before a block mapping */
	const kb_ynode *lk = v->items[2 * v->n - 2];
	return last_line(c, lk, v->items[2 * v->n - 1], offset_of(c, lk->end_line, lk->end_col),
			 depth + 1);
}

/* True when the mapping is written in flow style ({...}). */
static bool is_flow(const ctx *c, const kb_ynode *map)
{
	size_t off = offset_of(c, map->line, map->col);
	return off < c->len && c->src[off] == '{';
}

/* Finds where new lines go in a YAML mapping: after the last line of its last value whose end
 * can be told (a value in a "|+" block cannot), and before the next key. */
static int find_insert_point(ctx *c, target *t, const char *key)
{
	const kb_ynode *map = t->map;
	assert(map); /* only a YAML entry, always a mapping, has no insert point known ahead */
	for (size_t i = map->n; i-- > 0;) {
		const kb_ynode *k = map->items[2 * i];
		size_t kend = offset_of(c, k->end_line, k->end_col);
		int last = last_line(c, k, map->items[2 * i + 1], kend, 0);
		if (last <= 0 || (i + 1 < map->n && map->items[2 * i + 2]->line <= last))
			continue;
		t->at = kb_linemap_line_start(&c->lm, last + 1);
		t->at_known = true;
		return 0;
	}
	return refuse(c, t->line, t->col,
		      "cannot tell where this entry ends, to add '%s'; add it by hand", key);
}

/* ---- setting fields ---- */

/* The first field of role present in map (its key node in *k), else the role's first name. */
static const char *pick_key(const kb_config *cfg, const kb_ynode *map, kb_role role,
			    const kb_ynode **k)
{
	*k = NULL;
	for (size_t i = 0; i < cfg->fields[role].n; i++)
		if ((*k = kb_ymap_key_node(map, cfg->fields[role].v[i])))
			return (*k)->str;
	return cfg->fields[role].v[0];
}

/* Queues the replacement of src[off..end) by text, whose buffer the edit takes over. */
static void add_edit(ctx *c, size_t off, size_t end, kb_buf *text)
{
	c->edits[c->nedits++] = (edit){off, end, kb_buf_take(text)};
}

/* Replaces the value v of key k with value, in v's own quoting style. */
static int replace_value(ctx *c, const target *t, const char *key, const kb_ynode *k,
			 const kb_ynode *v, const char *value, bool typed)
{
	if (v->type != KB_Y_SCALAR)
		return refuse(c, v->line, v->col,
			      "'%s' is %s, not one value; kblint verify replaces only a single "
			      "value", key, kb_ynode_type_name(v));
	size_t kend = offset_of(c, k->end_line, k->end_col);
	size_t off = offset_of(c, v->line, v->col), end = offset_of(c, v->end_line, v->end_col);
	if (off < kend)
		return refuse(c, k->line, k->col,
			      "'%s' is an alias of another value; kblint verify does not change "
			      "shared values", key);
	if (v->style == KB_YS_LITERAL || v->style == KB_YS_FOLDED)
		return refuse(c, v->line, v->col,
			      "'%s' is a block value ('|' or '>'); kblint verify replaces only a "
			      "one-line value", key);
	bool flow = t->map && is_flow(c, t->map);
	kb_buf text = {0};
	if (v->style == KB_YS_PLAIN && v->len == 0 && off == end) {
		/* an empty value: the new one goes right after the colon */
		size_t i = kend;
		while (i < c->len && (c->src[i] == ' ' || c->src[i] == '\t'))
			i++;
		if (i >= c->len || c->src[i] != ':')
			return refuse(c, k->line, k->col, "cannot find the colon after '%s'", key);
		kb_buf_putc(&text, ' ');
		render(&text, value, 0, typed, flow);
		add_edit(c, i + 1, i + 1, &text);
		return 0;
	}
	char quote = 0;
	if (v->style == KB_YS_PLAIN) {
		if (v->line != v->end_line || end - off != v->len ||
		    memcmp(c->src + off, v->str, v->len) != 0)
			return refuse(c, v->line, v->col,
				      "cannot find the text of '%s' in the file (an anchor, a tag "
				      "or a value on several lines?); change it by hand", key);
	} else {
		quote = off < c->len ? c->src[off] : 0;
		if ((quote != '\'' && quote != '"') || end - off < 2 || c->src[end - 1] != quote)
			return refuse(c, v->line, v->col,
				      "cannot find the quotes of '%s' in the file (an anchor or a "
				      "tag?); change it by hand", key);
	}
	render(&text, value, quote, typed, flow);
	add_edit(c, off, end, &text);
	return 0;
}

/* Sets one field of the target: replaces its value, or queues a new line for it. The key
 * used is returned in *used (heap). */
static int set_field(ctx *c, target *t, kb_role role, const char *by, char **used)
{
	const kb_ynode *k;
	const char *key = pick_key(c->rv->cfg, t->map, role, &k);
	*used = xstrdup(key);
	/* a field found only as a nested path ("metadata.ms.date") is not one to add at the top */
	for (size_t i = 0; !k && i < c->rv->cfg->fields[role].n; i++) {
		const kb_ynode *nk;
		const char *f = c->rv->cfg->fields[role].v[i];
		if (kb_meta_path(t->map, f, &nk), nk)
			return refuse(c, nk->line, nk->col, "'%s' is a nested field, which kblint "
				      "verify does not set; change it by hand", f);
	}
	if (k) {
		assert(t->map); /* k is one of its keys */
		size_t seen = 0;
		for (size_t i = 0; i < t->map->n; i++) {
			const kb_ynode *o = t->map->items[2 * i];
			if (o->type == KB_Y_SCALAR && strcmp(o->str, key) == 0 && ++seen == 2)
				return refuse(c, o->line, o->col, "'%s' is given twice in this "
					      "mapping; remove one first", key);
		}
	}
	const kb_ynode *v = k ? kb_ymap_get(t->map, key) : NULL;
	char *value = by ? xstrdup(by) : date_text(c->rv, v);
	int ret = 0;
	if (k) {
		ret = replace_value(c, t, key, k, v, value, by != NULL);
	} else if (t->map && is_flow(c, t->map)) {
		ret = refuse(c, t->map->line, t->map->col,
			     "'%s' is missing and this mapping is written as {...}; add it by hand",
			     key);
	} else if (!t->at_known && find_insert_point(c, t, key) != 0) {
		ret = -1;
	} else {
		int indent = t->map && t->map->n ? t->map->items[0]->col - 1 : 0;
		for (int i = 0; i < indent; i++)
			kb_buf_putc(&c->added, ' ');
		render(&c->added, key, 0, true, false);
		kb_buf_puts(&c->added, ": ");
		render(&c->added, value, 0, by != NULL, false);
		kb_buf_puts(&c->added, eol_near(c, t->new_fm ? 0 : t->at));
	}
	free(value);
	return ret;
}

/* Turns the queued lines into one insertion at t->at. */
static void place_added(ctx *c, const target *t)
{
	if (!c->added.len)
		return;
	kb_buf text = {0};
	const char *eol = eol_near(c, t->new_fm ? 0 : t->at);
	if (t->new_fm) {
		kb_buf_printf(&text, "---%s", eol);
		kb_buf_put(&text, c->added.data, c->added.len);
		kb_buf_printf(&text, "---%s", eol);
	} else if (t->at == c->len && c->len && c->src[c->len - 1] != '\n' &&
		   c->src[c->len - 1] != '\r') {
		/* the last line has no line end: give it one, and the new last line none */
		kb_buf_puts(&text, eol);
		kb_buf_put(&text, c->added.data, c->added.len - strlen(eol));
	} else {
		kb_buf_put(&text, c->added.data, c->added.len);
	}
	add_edit(c, t->at, t->at, &text);
}

/* ---- choosing the article ---- */

/* Index of the loaded article whose metadata starts where map does, or -1. */
static long article_index(const kb_loaded *l, const kb_ynode *map)
{
	for (size_t i = 0; i < l->narticles; i++) {
		const kb_ynode *m = l->articles[i]->meta;
		if (m && m->line == map->line && m->col == map->col)
			return (long)i;
	}
	return -1;
}

/* The lines where the given maps start: "2, 9, 17". Caller frees. */
static char *lines_of(const kb_ynode *const *maps, size_t n)
{
	kb_buf b = {0};
	for (size_t i = 0; i < n; i++)
		kb_buf_printf(&b, "%s%d", i ? ", " : "", maps[i]->line);
	return kb_buf_take(&b);
}

/* Picks the entry of a YAML file to edit (see kb_review.line). Returns its loaded index, or -1
 * after a refusal. */
static long yaml_entry(ctx *c, const kb_ynode *root, const kb_loaded *l, target *t)
{
	const kb_config *cfg = c->rv->cfg;
	size_t n = 0;
	const kb_ynode **ents = xcalloc(root && root->type == KB_Y_SEQ ? root->n + 1 : 1,
					sizeof *ents);
	if (root && root->type == KB_Y_MAP)
		ents[n++] = root;
	else if (root && root->type == KB_Y_SEQ)
		for (size_t i = 0; i < root->n; i++)
			if (root->items[i]->type == KB_Y_MAP)
				ents[n++] = root->items[i];
	char *bodies = role_list(cfg, KB_ROLE_BODY);
	long idx = -1;
	const kb_ynode *e = NULL;
	int line = c->rv->line;
	/* a YamlMime:FAQ file: its articles (questions) share the file's metadata, edited once */
	const kb_ynode *m0 = l->narticles ? l->articles[0]->meta : NULL;
	bool shared = l->narticles > 0;
	for (size_t i = 1; i < l->narticles; i++)
		shared = shared && l->articles[i]->meta == m0;
	for (size_t i = 0; shared && m0 && i < n; i++) /* an entry's own metadata is no FAQ's */
		shared = ents[i]->line != m0->line || ents[i]->col != m0->col;
	const kb_ynode *meta = shared ? kb_ymap_get(root, "metadata") : NULL;
	if (meta && meta->type == KB_Y_MAP && l->articles[0]->meta) {
		e = meta; /* the node of this parse that the loader took as the metadata */
		idx = 0;
	} else if (shared) {
		refuse(c, 0, 0, "this FAQ file has no 'metadata' mapping to record the review in; "
		       "add one");
	} else if (l->narticles == 0) {
		refuse(c, 0, 0, "no article in this file (an article is a mapping with one of the "
		       "fields %s)", bodies);
	} else if (line > 0 && line > (int)c->lm.n) {
		refuse(c, 0, 0, "line %d is past the end of the file", line);
	} else if (line > 0 && root && root->type == KB_Y_SEQ) {
		for (size_t i = 0; i < n && ents[i]->line <= line; i++)
			e = ents[i];
		if (!e) {
			char *ls = lines_of(ents, n);
			refuse(c, line, 0, "no entry starts at or contains line %d (entries start "
			       "on lines %s)", line, ls);
			free(ls);
		} else if ((idx = article_index(l, e)) < 0) {
			refuse(c, e->line, e->col, "the entry on line %d is not an article (it has "
			       "none of the fields %s)", e->line, bodies);
		}
	} else if (line > 0 || l->narticles == 1) {
		/* one article (a mapping, or a list with one article) */
		for (size_t i = 0; i < n && !e; i++)
			if (article_index(l, ents[i]) == 0)
				e = ents[i];
		if (e)
			idx = 0;
		else
			refuse(c, 0, 0, "cannot find the article in this file");
	} else {
		const kb_ynode **arts = xcalloc(l->narticles, sizeof *arts);
		for (size_t i = 0; i < l->narticles; i++)
			arts[i] = l->articles[i]->meta;
		char *ls = lines_of(arts, l->narticles);
		refuse(c, 0, 0, "%zu articles in this file; name one as %s:LINE (they start on "
		       "lines %s)", l->narticles, c->rv->display, ls);
		free(ls);
		free(arts);
	}
	if (idx >= 0) {
		t->map = e;
		t->line = e->line;
		t->col = e->col;
		if (root && root->type == KB_Y_SEQ)
			c->res->entry_line = e->line;
	}
	free(bodies);
	free(ents);
	return idx;
}

/* ---- proving the result ---- */

/* A set of node pointers, so that a node shared through aliases is compared once. */
typedef struct {
	const void **v;
	size_t cap, n;
} ptrset;

/* Adds p; returns false when it was there already. */
static bool ptrset_add(ptrset *s, const void *p)
{
	if (2 * (s->n + 1) > s->cap) {
		ptrset old = *s;
		s->cap = s->cap ? s->cap * 2 : 64;
		s->v = xcalloc(s->cap, sizeof *s->v);
		s->n = 0;
		for (size_t i = 0; i < old.cap; i++)
			if (old.v[i])
				ptrset_add(s, old.v[i]);
		free(old.v);
	}
	size_t h = ((uintptr_t)p >> 4) * 0x9E3779B97F4A7C15u & (s->cap - 1);
	while (s->v[h]) {
		if (s->v[h] == p)
			return false;
		h = (h + 1) & (s->cap - 1);
	}
	s->v[h] = p;
	s->n++;
	return true;
}

typedef struct {
	const kb_ynode *target;      /* the edited mapping in the old tree (NULL: there was none) */
	const kb_ynode *new_target;  /* its counterpart in the new tree */
	const char *keys[2];
	size_t nkeys;
	ptrset seen;
} cmp;

/* True when k is one of the keys being set. */
static bool is_set_key(const cmp *x, const kb_ynode *k)
{
	for (size_t i = 0; i < x->nkeys; i++)
		if (k->type == KB_Y_SCALAR && strcmp(k->str, x->keys[i]) == 0)
			return true;
	return false;
}

static bool same_node(cmp *x, const kb_ynode *a, const kb_ynode *b, int depth);

/* The pairs of two mappings are the same, but for the keys being set. */
static bool same_pairs(cmp *x, const kb_ynode *a, const kb_ynode *b, int depth)
{
	size_t i = 0, j = 0, an = a ? a->n : 0;
	for (;;) {
		while (i < an && is_set_key(x, a->items[2 * i]))
			i++;
		while (j < b->n && is_set_key(x, b->items[2 * j]))
			j++;
		if (i == an || j == b->n)
			return i == an && j == b->n;
		if (!same_node(x, a->items[2 * i], b->items[2 * j], depth + 1) ||
		    !same_node(x, a->items[2 * i + 1], b->items[2 * j + 1], depth + 1))
			return false;
		i++;
		j++;
	}
}

/* Two trees hold the same values (positions aside), the edited mapping's set keys aside. */
static bool same_node(cmp *x, const kb_ynode *a, const kb_ynode *b, int depth)
{
	if (depth > KB_YAML_MAX_DEPTH + 1)
		return false;
	if (a == x->target) {
		x->new_target = b;
		return b->type == KB_Y_MAP && same_pairs(x, a, b, depth);
	}
	if (a->type != b->type)
		return false;
	if (a->type == KB_Y_SCALAR)
		return a->style == b->style && a->len == b->len &&
		       memcmp(a->str, b->str, a->len) == 0;
	if (!ptrset_add(&x->seen, a))
		return true;
	if (a->n != b->n)
		return false;
	size_t items = a->type == KB_Y_MAP ? 2 * a->n : a->n;
	for (size_t i = 0; i < items; i++)
		if (!same_node(x, a->items[i], b->items[i], depth + 1))
			return false;
	return true;
}

/* The value of key in map, when key is there exactly once and its value is a scalar. */
static const kb_ynode *single_scalar(const kb_ynode *map, const char *key)
{
	const kb_ynode *v = NULL;
	for (size_t i = 0; i < map->n; i++) {
		const kb_ynode *k = map->items[2 * i];
		if (k->type != KB_Y_SCALAR || strcmp(k->str, key) != 0)
			continue;
		if (v)
			return NULL;
		v = map->items[2 * i + 1];
	}
	return v && v->type == KB_Y_SCALAR ? v : NULL;
}

/* Parses the new text as the old one was parsed and checks that only the set fields differ,
 * that the body is untouched, and that kblint's own loader reads the new values. */
static bool proven(ctx *c, const kb_ynode *old_root, const target *t, const kb_loaded *l,
		   long idx, const char *out, size_t out_len)
{
	const kb_review *rv = c->rv;
	kb_review_result *res = c->res;
	kb_arena arena = {0};
	kb_ynode *root = NULL;
	kb_yerror ye;
	bool ok = false;
	cmp x = {.target = t->map, .keys = {res->reviewed_key, res->verifier_key},
		 .nkeys = res->verifier_key ? 2 : 1};
	if (rv->type == KB_TYPE_MARKDOWN) {
		kb_frontmatter a, b;
		kb_frontmatter_split(c->src, c->len, &a);
		if (kb_frontmatter_split(out, out_len, &b) != 0 || !b.present ||
		    c->len - a.body_off != out_len - b.body_off ||
		    memcmp(c->src + a.body_off, out + b.body_off, c->len - a.body_off) != 0 ||
		    (c->len >= 3 && memcmp(c->src, "\xEF\xBB\xBF", 3) == 0) !=
			    (out_len >= 3 && memcmp(out, "\xEF\xBB\xBF", 3) == 0))
			goto out;
		if (kb_yaml_parse(out + b.fm_off, b.fm_len, b.fm_line - 1, &arena, &root, &ye) != 0)
			goto out;
	} else if (kb_yaml_parse(out, out_len, 0, &arena, &root, &ye) != 0) {
		goto out;
	}
	if (!root)
		goto out;
	if (old_root) {
		if (!same_node(&x, old_root, root, 0))
			goto out;
	} else {
		/* the front matter was empty or absent: now it holds the set fields only */
		if (root->type != KB_Y_MAP || !same_pairs(&x, NULL, root, 0))
			goto out;
		x.new_target = root;
	}
	if (!x.new_target)
		goto out;
	const kb_ynode *rev = single_scalar(x.new_target, res->reviewed_key);
	kb_date d;
	if (!rev || kb_config_parse_date(rv->cfg, rev->str, rev->len, &d) != 0 || d != rv->date)
		goto out;
	if (rv->by) {
		assert(res->verifier_key); /* set_field recorded where --by went */
		const kb_ynode *by = single_scalar(x.new_target, res->verifier_key);
		if (!by || strcmp(by->str, rv->by) != 0)
			goto out;
	}
	/* what `kblint check` will read */
	char *copy = xmalloc(out_len + 1);
	memcpy(copy, out, out_len);
	copy[out_len] = '\0';
	kb_loaded *nl = kb_load_buffer(copy, out_len, rv->display, 0, rv->type, rv->cfg);
	if (!nl->err && nl->narticles == l->narticles && idx >= 0 && (size_t)idx < nl->narticles) {
		const kb_field *f = &nl->articles[idx]->reviewed;
		ok = f->state == KB_FIELD_OK && f->date == rv->date &&
		     strcmp(f->key, res->reviewed_key) == 0;
	}
	kb_loaded_free(nl);
out:
	free(x.seen.v);
	kb_arena_free(&arena);
	return ok;
}

/* ---- the whole edit ---- */

/* qsort order of edits: by offset. */
static int cmp_edits(const void *a, const void *b)
{
	const edit *x = a, *y = b;
	return x->off < y->off ? -1 : x->off > y->off;
}

int kb_review_apply(const char *src, size_t len, const kb_review *rv, kb_review_result *res)
{
	memset(res, 0, sizeof *res);
	ctx c = {.src = src, .len = len, .rv = rv, .res = res};
	kb_linemap_init(&c.lm, src, len);
	kb_arena arena = {0};
	target t = {.line = 1, .col = 1};
	kb_ynode *root = NULL;
	kb_yerror ye;
	char *copy = xmalloc(len + 1);
	memcpy(copy, src, len);
	copy[len] = '\0';
	kb_loaded *l = kb_load_buffer(copy, len, rv->display, 0, rv->type, rv->cfg);
	long idx = 0;
	if (l->err) {
		refuse(&c, l->err_line, l->err_col, "%s", l->err);
		goto out;
	}
	if (rv->type == KB_TYPE_MARKDOWN) {
		kb_frontmatter fm;
		kb_frontmatter_split(src, len, &fm);
		t.at_known = true;
		if (fm.fence == '+') {
			refuse(&c, fm.fm_line - 1, 1, "TOML front matter ('+++') is not edited: set "
			       "the date by hand");
			goto out;
		}
		if (!fm.present) {
			t.new_fm = true;
			t.at = fm.body_off; /* after a BOM */
		} else {
			t.at = fm.fm_off + fm.fm_len; /* the closing fence */
			if (kb_yaml_parse(src + fm.fm_off, fm.fm_len, fm.fm_line - 1, &arena, &root,
					  &ye) != 0) {
				refuse(&c, ye.line, ye.col, "invalid YAML in front matter: %s",
				       ye.message);
				goto out;
			}
			if (root && root->type != KB_Y_MAP) {
				refuse(&c, root->line, root->col,
				       "front matter must be a mapping of fields, not %s",
				       kb_ynode_type_name(root));
				goto out;
			}
			t.map = root;
		}
	} else {
		if (kb_yaml_parse(src, len, 0, &arena, &root, &ye) != 0) {
			refuse(&c, ye.line, ye.col, "invalid YAML: %s", ye.message);
			goto out;
		}
		if ((idx = yaml_entry(&c, root, l, &t)) < 0)
			goto out;
	}
	if (set_field(&c, &t, KB_ROLE_REVIEWED, NULL, &res->reviewed_key) != 0)
		goto out;
	if (rv->by) {
		if (set_field(&c, &t, KB_ROLE_VERIFIER, rv->by, &res->verifier_key) != 0)
			goto out;
		if (strcmp(res->reviewed_key, res->verifier_key) == 0) {
			refuse(&c, 0, 0, "fields.reviewed and fields.verifier both name '%s'",
			       res->reviewed_key);
			goto out;
		}
	}
	place_added(&c, &t);
	qsort(c.edits, c.nedits, sizeof *c.edits, cmp_edits);
	kb_buf out = {0};
	size_t pos = 0;
	for (size_t i = 0; i < c.nedits; i++) {
		if (c.edits[i].off < pos) {
			kb_buf_free(&out);
			refuse(&c, t.line, t.col, "the fields to set overlap; change them by hand");
			goto out;
		}
		kb_buf_put(&out, src + pos, c.edits[i].off - pos);
		kb_buf_puts(&out, c.edits[i].text);
		pos = c.edits[i].end;
	}
	kb_buf_put(&out, src + pos, len - pos);
	kb_buf_putc(&out, '\0');
	res->out_len = out.len - 1;
	res->out = kb_buf_take(&out);
	if (!proven(&c, root, &t, l, idx, res->out, res->out_len)) {
		free(res->out);
		res->out = NULL;
		refuse(&c, t.line, t.col, "kblint verify could not set %s here without changing "
		       "anything else; set it by hand", res->reviewed_key);
	}
out:
	for (size_t i = 0; i < c.nedits; i++)
		free(c.edits[i].text);
	kb_buf_free(&c.added);
	kb_loaded_free(l);
	kb_arena_free(&arena);
	kb_linemap_free(&c.lm);
	return res->err ? -1 : 0;
}

void kb_review_result_free(kb_review_result *res)
{
	free(res->out);
	free(res->reviewed_key);
	free(res->verifier_key);
	free(res->err);
	memset(res, 0, sizeof *res);
}
