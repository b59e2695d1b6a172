/* yamlart.c: YAML article files: a mapping is one article, a sequence of mappings one article
 * per entry. The body is Markdown in the first present body field. */
#include <stdio.h>
#include <string.h>

#include "load.h"
#include "util.h"

static const kb_ynode *body_node(const kb_ynode *map, const kb_config *cfg)
{
	for (size_t i = 0; i < cfg->fields[KB_ROLE_BODY].n; i++) {
		const kb_ynode *v = kb_ymap_get(map, cfg->fields[KB_ROLE_BODY].v[i]);
		if (v && v->type == KB_Y_SCALAR)
			return v;
	}
	return NULL;
}

/* True when the value's text stands in the file as it is, from byte off: a quoted value with
 * escapes ("\t", 'it''s') is not, and offsets in the value would land on the wrong column. */
static bool verbatim(const kb_file *f, const kb_ynode *v, size_t off)
{
	return off <= f->len && f->len - off >= v->len && memcmp(f->src + off, v->str, v->len) == 0;
}

/* Maps body lines to the file. A literal block ("|") keeps its lines: body line i is file line
 * (header line + i) after the block's indentation. A one-line value maps exactly when it stands
 * in the file verbatim; anything folded or escaped points at the value's start. */
static void map_body(kb_article *a, const kb_ynode *v)
{
	const kb_linemap *lm = &a->file->lines;
	a->fixed_line = v->line;
	a->fixed_col = v->col;
	if (v->style == KB_YS_LITERAL) {
		size_t nlines = 1;
		for (size_t i = 0; i < v->len; i++)
			nlines += v->str[i] == '\n';
		int first = v->line + 1;
		/* the block's indentation: the spaces before its first line with text, less those
		 * the value keeps there (an indentation indicator, "|2", can leave some) */
		size_t indent = 0, li = 0, kept = 0;
		const char *p = v->str;
		for (;;) {
			size_t sp = 0;
			while (p[sp] == ' ')
				sp++;
			if (p[sp] && p[sp] != '\n') {
				kept = sp;
				break;
			}
			const char *nl = strchr(p, '\n');
			if (!nl)
				break;
			p = nl + 1;
			li++;
		}
		size_t ls = kb_linemap_line_start(lm, first + (int)li), k = ls;
		while (k < a->file->len && a->file->src[k] == ' ')
			k++;
		if (k - ls >= kept)
			indent = k - ls - kept;
		a->nbody_lines = nlines;
		a->body_lines = kb_arena_alloc(&a->arena, nlines * sizeof *a->body_lines);
		for (size_t i = 0; i < nlines; i++) {
			int ln = first + (int)i;
			size_t s = kb_linemap_line_start(lm, ln), e = kb_linemap_line_start(lm, ln + 1);
			a->body_lines[i] = s + indent < e ? s + indent : s;
		}
	} else if (v->line == v->end_line && v->style != KB_YS_FOLDED) {
		size_t off = kb_linemap_offset(lm, v->line, v->col) + (v->style == KB_YS_QUOTED);
		if (!verbatim(a->file, v, off))
			return;
		a->nbody_lines = 1;
		a->body_lines = kb_arena_alloc(&a->arena, sizeof *a->body_lines);
		a->body_lines[0] = off;
	}
}

static void add_entry(kb_loaded *l, const kb_ynode *map, const kb_config *cfg)
{
	const kb_ynode *body = body_node(map, cfg);
	if (!body)
		return; /* not an article */
	kb_article *a = kb_loaded_new_article(l);
	a->meta = map;
	a->line = map->line;
	a->col = map->col;
	a->body = body->str;
	a->body_len = body->len;
	map_body(a, body);
	kb_article_resolve(a, cfg);
	if (kb_article_parse_body(a) != 0)
		kb_loaded_fail(l, body->line, body->col, "cannot parse the Markdown body");
}

kb_loaded *kb_load_yaml(kb_loaded *l, const kb_config *cfg)
{
	kb_file *f = l->file;
	kb_ynode *root;
	kb_yerror yerr;
	if (kb_yaml_parse(f->src, f->len, 0, &l->arena, &root, &yerr) != 0) {
		char msg[400];
		snprintf(msg, sizeof msg, "invalid YAML: %s", yerr.message);
		kb_loaded_fail(l, yerr.line, yerr.col, msg);
		return l;
	}
	/* a repeated key: the last value wins, as in front matter; the articles whose entries
	 * hold one report it (a YAML file that holds no article is not kblint's to judge) */
	l->ndups = kb_ytree_keep_last(root, &l->arena, &l->dups);
	if (root && root->type == KB_Y_MAP)
		add_entry(l, root, cfg);
	else if (root && root->type == KB_Y_SEQ)
		for (size_t i = 0; i < root->n; i++)
			if (root->items[i]->type == KB_Y_MAP)
				add_entry(l, root->items[i], cfg);
	return l;
}
