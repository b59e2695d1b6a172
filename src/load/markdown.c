/* markdown.c: a Markdown article: front matter (YAML, or TOML between "+++" lines) and a
 * CommonMark body. */
#include <stdio.h>

#include "frontmatter.h"
#include "load.h"
#include "util.h"

kb_loaded *kb_load_markdown(kb_loaded *l, const kb_config *cfg)
{
	kb_file *f = l->file;
	kb_frontmatter fm;
	if (kb_frontmatter_split(f->src, f->len, &fm) != 0) {
		kb_loaded_fail(l, fm.error_line, 1, fm.fence == '+'
			       ? "front matter opened on this line never closes (no closing '+++' line)"
			       : "front matter opened on this line never closes (no closing '---' line)");
		return l;
	}
	kb_article *a = kb_loaded_new_article(l);
	if (fm.present) {
		kb_ynode *root;
		kb_yerror yerr;
		if (fm.fence == '+') {
			kb_toml_front_matter(f->src + fm.fm_off, fm.fm_len, fm.fm_line - 1, &a->arena,
					     &root);
		} else if (kb_yaml_parse(f->src + fm.fm_off, fm.fm_len, fm.fm_line - 1, &a->arena,
					 &root, &yerr) != 0) {
			char msg[400];
			snprintf(msg, sizeof msg, "invalid YAML in front matter: %s", yerr.message);
			kb_loaded_fail(l, yerr.line, yerr.col, msg);
			return l;
		}
		if (root && !kb_yscalar_is_null(root) && root->type != KB_Y_MAP) {
			char msg[200];
			snprintf(msg, sizeof msg, "front matter must be a mapping of fields, not %s",
				 kb_ynode_type_name(root));
			kb_loaded_fail(l, root->line, root->col, msg);
			return l;
		}
		/* YAML forbids a repeated key; the last value wins, as in Ruby's and Python's
		 * loaders (Jekyll, MkDocs) have it, and the key-duplicated rule reports it */
		l->ndups = kb_ytree_keep_last(root, &a->arena, &l->dups);
		a->meta = root && root->type == KB_Y_MAP ? root : NULL;
	}
	a->body = f->src + fm.body_off;
	a->body_len = f->len - fm.body_off;
	size_t first = (size_t)fm.body_line; /* body line 1 is this file line */
	a->nbody_lines = f->lines.n >= first ? f->lines.n - first + 1 : 1;
	if (first >= 1 && f->lines.n >= first && f->lines.start[first - 1] == fm.body_off) {
		/* the body's lines are the file's from its first on: one table for both */
		a->body_lines = f->lines.start + (first - 1);
	} else {
		size_t *lines = kb_arena_alloc(&a->arena, a->nbody_lines * sizeof *lines);
		for (size_t i = 0; i < a->nbody_lines; i++)
			lines[i] = kb_linemap_line_start(&f->lines, (int)(first + i));
		lines[0] = fm.body_off; /* after a BOM */
		a->body_lines = lines;
	}
	kb_article_resolve(a, cfg);
	a->markup = cfg->markup;
	if (kb_article_parse_body(a) != 0)
		kb_loaded_fail(l, 1, 1, "cannot parse the Markdown body");
	return l;
}
