/* yamlart.c: YAML article files: a mapping is one article, a sequence of mappings one article
 * per entry. The body is Markdown in the first present body field. Microsoft Learn's YamlMime
 * files are read by faq.c (FAQ pages) and yamlpage.c (landing pages, hubs, TOCs). */
#include <stdio.h>
#include <string.h>

#include "load.h"
#include "util.h"

/* The first body field of map that is text, or NULL. */
const kb_ynode *kb_yaml_body_node(const kb_ynode *map, const kb_config *cfg)
{
	for (size_t i = 0; i < cfg->fields[KB_ROLE_BODY].n; i++) {
		const kb_ynode *v = kb_meta_path(map, cfg->fields[KB_ROLE_BODY].v[i], NULL);
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

bool kb_yaml_value_offset(const kb_file *f, const kb_ynode *v, size_t *off)
{
	if (v->type != KB_Y_SCALAR || v->line != v->end_line || v->style == KB_YS_FOLDED ||
	    v->style == KB_YS_LITERAL)
		return false;
	*off = kb_linemap_offset(&f->lines, v->line, v->col) + (v->style == KB_YS_QUOTED);
	return verbatim(f, v, *off);
}

/* Maps body lines to the file. A literal block ("|") keeps its lines: body line i is file line
 * (header line + i) after the block's indentation. A one-line value maps exactly when it stands
 * in the file verbatim; anything folded or escaped points at the value's start. */
void kb_yaml_map_body(kb_article *a, const kb_ynode *v)
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
		size_t *lines = kb_arena_alloc(&a->arena, nlines * sizeof *lines);
		for (size_t i = 0; i < nlines; i++) {
			int ln = first + (int)i;
			size_t s = kb_linemap_line_start(lm, ln), e = kb_linemap_line_start(lm, ln + 1);
			lines[i] = s + indent < e ? s + indent : s;
		}
		a->body_lines = lines;
	} else {
		size_t off;
		if (!kb_yaml_value_offset(a->file, v, &off))
			return;
		a->nbody_lines = 1;
		size_t *line = kb_arena_alloc(&a->arena, sizeof *line);
		*line = off;
		a->body_lines = line;
	}
}

kb_article *kb_yaml_add_article(kb_loaded *l, const kb_ynode *meta, const kb_ynode *body,
				int line, int col, const kb_config *cfg)
{
	kb_article *a = kb_loaded_new_article(l);
	a->meta = meta;
	a->line = line;
	a->col = col;
	a->body = body->str;
	a->body_len = body->len;
	kb_yaml_map_body(a, body);
	kb_article_resolve(a, cfg);
	if (kb_article_parse_body(a) != 0)
		kb_loaded_fail(l, body->line, body->col, "cannot parse the Markdown body");
	return a;
}

void kb_yaml_no_article(kb_loaded *l, const kb_ynode *at, const kb_config *cfg, const char *why)
{
	kb_buf b = {0};
	kb_buf_puts(&b, "no article found: ");
	if (why) {
		kb_buf_puts(&b, why);
	} else {
		const kb_strv *f = &cfg->fields[KB_ROLE_BODY];
		kb_buf_puts(&b, "no ");
		for (size_t i = 0; i < f->n; i++)
			kb_buf_printf(&b, "%s'%s'", i == 0 ? "" : i + 1 == f->n ? " or " : ", ", f->v[i]);
		kb_buf_puts(&b, " field; see fields.body");
	}
	kb_loaded_fail(l, at ? at->line : 1, at ? at->col : 1, b.data);
	kb_buf_free(&b);
}

/* Why map, which gives no article, looks like one: a body field that holds no text ("'sections'
 * is a list, not Markdown text"), or a question without an answer (why stays NULL). False when
 * it looks like no article at all. why is in buf. */
static bool looks_like_article(const kb_ynode *map, const kb_config *cfg, kb_buf *buf,
			       const char **why)
{
	*why = NULL;
	for (size_t i = 0; i < cfg->fields[KB_ROLE_BODY].n; i++) {
		const char *f = cfg->fields[KB_ROLE_BODY].v[i];
		const kb_ynode *k, *v = kb_meta_path(map, f, &k);
		if (k && v && v->type != KB_Y_SCALAR) {
			buf->len = 0;
			kb_buf_printf(buf, "'%s' is a %s, not Markdown text; see fields.body", f,
				      v->type == KB_Y_SEQ ? "list" : "mapping");
			*why = buf->data;
			return true;
		}
	}
	return kb_ymap_key_node(map, "question") != NULL;
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
	 * hold one report it */
	l->ndups = kb_ytree_keep_last(root, &l->arena, &l->dups);
	if (kb_faq_is(f, root))
		return kb_load_faq(l, root, cfg);
	if (kb_yaml_page_is(f, root))
		return kb_load_yaml_page(l, root);
	/* A YAML file that holds no article is not kblint's to judge, unless it looks like one:
	 * then it is said once why it gives none. */
	size_t nentries = root && root->type == KB_Y_SEQ ? root->n : root ? 1 : 0;
	for (size_t i = 0; i < nentries; i++) {
		const kb_ynode *m = root->type == KB_Y_SEQ ? root->items[i] : root;
		const kb_ynode *body = m->type == KB_Y_MAP ? kb_yaml_body_node(m, cfg) : NULL;
		if (body)
			kb_yaml_add_article(l, m, body, m->line, m->col, cfg);
	}
	for (size_t i = 0; l->narticles == 0 && i < nentries; i++) {
		const kb_ynode *m = root->type == KB_Y_SEQ ? root->items[i] : root;
		kb_buf buf = {0};
		const char *why;
		if (m->type == KB_Y_MAP && looks_like_article(m, cfg, &buf, &why)) {
			kb_yaml_no_article(l, m, cfg, why);
			kb_buf_free(&buf);
			break;
		}
		kb_buf_free(&buf);
	}
	return l;
}
