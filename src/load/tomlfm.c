/* tomlfm.c: TOML front matter (Hugo's "+++") as the node tree YAML front matter gives, so rules,
 * schemas and metadata roles read it the same way. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "frontmatter.h"
#include "toml.h"

/* A key's place while the tree is built (heap), before it is copied into the arena. */
typedef struct tnode {
	char *key;
	const kb_toml_entry *e; /* a value; NULL for a table */
	int line;               /* the first key below a table, or the value's key */
	struct tnode *kids;
	size_t n, cap;
} tnode;

static tnode *child(tnode *t, const char *key, size_t n, int line)
{
	for (size_t i = 0; i < t->n; i++)
		if (strlen(t->kids[i].key) == n && memcmp(t->kids[i].key, key, n) == 0)
			return &t->kids[i];
	if (t->n == t->cap) {
		t->cap = t->cap ? 2 * t->cap : 8;
		t->kids = xrealloc(t->kids, t->cap * sizeof *t->kids);
	}
	tnode *c = &t->kids[t->n++];
	memset(c, 0, sizeof *c);
	c->key = xstrndup(key, n);
	c->line = line;
	return c;
}

/* Places e by its dotted key; a key that is both a value and a table keeps what came first. */
static void place(tnode *root, const kb_toml_entry *e)
{
	tnode *t = root;
	const char *k = e->key;
	for (;;) {
		const char *dot = strchr(k, '.');
		size_t n = dot ? (size_t)(dot - k) : strlen(k);
		tnode *c = child(t, k, n, e->line);
		if (!dot) {
			if (!c->n)
				c->e = e; /* the last of repeated keys wins */
			return;
		}
		if (c->e)
			return;
		t = c;
		k = dot + 1;
	}
}

static void tfree(tnode *t)
{
	for (size_t i = 0; i < t->n; i++)
		tfree(&t->kids[i]);
	free(t->kids);
	free(t->key);
}

static kb_ynode *scalar(kb_arena *a, const char *s, kb_ystyle style, int line, int col)
{
	kb_ynode *y = kb_arena_alloc(a, sizeof *y);
	y->type = KB_Y_SCALAR;
	y->style = style;
	y->str = kb_arena_strdup(a, s);
	y->len = strlen(s);
	y->line = y->end_line = line;
	y->col = col;
	int chars = 0;
	for (const char *p = s; *p; p++) {
		if (*p == '\n') {
			y->end_line++;
			chars = 0;
		}
		chars += ((unsigned char)*p & 0xC0) != 0x80;
	}
	y->end_col = (y->end_line == line ? col : 1) + chars;
	y->weight = 1;
	return y;
}

/* True when t's keys are 0, 1, 2...: an array of tables. */
static bool numbered(const tnode *t)
{
	char num[32];
	for (size_t i = 0; i < t->n; i++) {
		snprintf(num, sizeof num, "%zu", i);
		if (strcmp(t->kids[i].key, num) != 0)
			return false;
	}
	return t->n > 0;
}

static kb_ynode *emit(kb_arena *a, const tnode *t, int base)
{
	const kb_toml_entry *e = t->e;
	if (e && e->type != KB_TOML_STRINGS) {
		kb_ystyle style = e->multiline ? KB_YS_LITERAL : e->quoted ? KB_YS_QUOTED : KB_YS_PLAIN;
		return scalar(a, e->str ? e->str : "", style, base + (e->vline ? e->vline : e->line),
			      e->col ? e->col : 1);
	}
	kb_ynode *y = kb_arena_alloc(a, sizeof *y);
	y->line = y->end_line = base + (e && e->vline ? e->vline : t->line);
	y->col = e && e->col ? e->col : 1;
	y->weight = 1;
	if (e) { /* an array of strings */
		y->type = KB_Y_SEQ;
		y->n = e->strs.n;
		y->items = kb_arena_alloc(a, (y->n ? y->n : 1) * sizeof *y->items);
		for (size_t i = 0; i < y->n; i++) {
			y->items[i] = scalar(a, e->strs.v[i], KB_YS_QUOTED, y->line, y->col);
			y->weight++;
		}
		return y;
	}
	bool seq = numbered(t);
	y->type = seq ? KB_Y_SEQ : KB_Y_MAP;
	y->n = t->n;
	y->items = kb_arena_alloc(a, (seq ? 1 : 2) * (t->n ? t->n : 1) * sizeof *y->items);
	for (size_t i = 0; i < t->n; i++) {
		kb_ynode *v = emit(a, &t->kids[i], base);
		y->weight += v->weight;
		if (seq) {
			y->items[i] = v;
			continue;
		}
		y->items[2 * i] = scalar(a, t->kids[i].key, KB_YS_PLAIN, base + t->kids[i].line, 1);
		y->items[2 * i + 1] = v;
		y->weight++;
	}
	return y;
}

int kb_toml_front_matter(const char *text, size_t len, int line_base, kb_arena *arena,
			 kb_ynode **root)
{
	kb_toml t = {0};
	kb_toml_parse(text, len, &t);
	*root = NULL;
	if (t.n) {
		tnode top = {0};
		for (size_t i = 0; i < t.n; i++)
			place(&top, &t.v[i]);
		top.line = t.v[0].line;
		*root = emit(arena, &top, line_base);
		tfree(&top);
	}
	kb_toml_free(&t);
	return 0;
}
