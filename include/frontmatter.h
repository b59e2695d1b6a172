/* frontmatter.h: splits a Markdown file into front matter (YAML, or TOML as Hugo writes it) and
 * body; used by src/load, src/edit and src/site. */
#ifndef KB_FRONTMATTER_H
#define KB_FRONTMATTER_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "yamltree.h"

typedef struct {
	bool present;
	char fence;             /* '-': YAML between "---" lines; '+': TOML between "+++" lines;
				 * 0 when there is no front matter */
	size_t fm_off, fm_len;  /* the YAML text between the fences */
	int fm_line;            /* file line of the YAML text's first line */
	size_t body_off;        /* where the body starts */
	int body_line;          /* file line of the body's first line */
	int error_line;         /* when unterminated: the opening fence's line, else 0 */
} kb_frontmatter;

/* src[0..len) is the whole file; a UTF-8 BOM is skipped. A front matter opens with a "---" line
 * at the very top and closes with a "---" or "..." line, or (TOML, as Hugo writes it) opens and
 * closes with "+++" lines; CRLF and CR line ends are accepted.
 * Returns 0, or -1 when the front matter never closes (error_line set). */
int kb_frontmatter_split(const char *src, size_t len, kb_frontmatter *out);

/* TOML front matter text[0..len) (between "+++" lines; line_base as kb_yaml_parse takes it) as
 * the node tree YAML gives (src/load/tomlfm.c): tables are mappings, arrays of tables and of
 * strings sequences, values scalars (strings quoted, others plain, as written) at their
 * positions. What the TOML subset reader (toml.h) skips is absent. Nodes live in arena; *root
 * is NULL when nothing was read. Returns 0: it never fails. */
int kb_toml_front_matter(const char *text, size_t len, int line_base, kb_arena *arena,
			 kb_ynode **root);

#endif
