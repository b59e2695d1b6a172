/* load.h: internal to src/load: the pieces the Markdown and YAML loaders share. */
#ifndef KB_LOAD_H
#define KB_LOAD_H

#include "article.h"

kb_loaded *kb_load_markdown(kb_loaded *l, const kb_config *cfg);
kb_loaded *kb_load_yaml(kb_loaded *l, const kb_config *cfg);
kb_article *kb_loaded_new_article(kb_loaded *l);
void kb_loaded_fail(kb_loaded *l, int line, int col, const char *msg);
/* Parses a's body into blocks, links, anchors and markers (prose.c); -1 when cmark fails. */
int kb_article_parse_body(kb_article *a);
/* Parses text[0..len) with cmark (options: CMARK_OPT_*) and calls fn with the document's tree;
 * every allocation of the parser and the tree comes from one region, freed whole after fn
 * returns (no node outlives fn). Returns 0, or -1 when cmark gave no document. */
struct cmark_node;
typedef void (*kb_cmark_fn)(void *ud, struct cmark_node *doc);
int kb_cmark_parse(const char *text, size_t len, int options, kb_cmark_fn fn, void *ud);
/* Reads a's suppressions (its metadata's kblint key, then its directives) into a, with their
 * mistakes (suppressions.c); a covers file lines first..last. Call it after the body is parsed
 * and the roles resolved. */
void kb_article_read_suppressions(kb_article *a, int first, int last);
/* Resolves a's metadata roles through cfg's fields (meta.c). */
void kb_article_resolve(kb_article *a, const kb_config *cfg);

/* yamlart.c: the first body field of map (fields.body) that holds text, or NULL. */
const kb_ynode *kb_yaml_body_node(const kb_ynode *map, const kb_config *cfg);
/* A new article of l: metadata meta, Markdown body in the scalar body (its positions mapped
 * into the file), starting at line:col. Owned by l. */
kb_article *kb_yaml_add_article(kb_loaded *l, const kb_ynode *meta, const kb_ynode *body,
				int line, int col, const kb_config *cfg);
/* Maps the body lines of a (its body the text of scalar v) to the file (article.h). */
void kb_yaml_map_body(kb_article *a, const kb_ynode *v);
/* True when scalar v is one line that stands in the file verbatim from byte *off (a plain
 * value, or a quoted one without escapes, *off after its quote). */
bool kb_yaml_value_offset(const kb_file *f, const kb_ynode *v, size_t *off);
/* Fails l with "no article found: WHY" at node at (line 1 when NULL); a NULL why says that
 * none of the fields.body fields is there ("no 'answer' field; see fields.body"). */
void kb_yaml_no_article(kb_loaded *l, const kb_ynode *at, const kb_config *cfg, const char *why);

/* faq.c: a "### YamlMime:FAQ" file, or one shaped as one (sections of questions). */
bool kb_faq_is(const kb_file *f, const kb_ynode *root);
kb_loaded *kb_load_faq(kb_loaded *l, const kb_ynode *root, const kb_config *cfg);

/* yamlpage.c: another YamlMime file (landing page, hub) or a docfx TOC: no article, links. */
bool kb_yaml_page_is(const kb_file *f, const kb_ynode *root);
kb_loaded *kb_load_yaml_page(kb_loaded *l, const kb_ynode *root);

/* The YamlMime type on the file's first line ("### YamlMime:FAQ" gives "FAQ"), its length in
 * *n; NULL when the file has none. */
const char *kb_yaml_mime(const kb_file *f, size_t *n);

#endif
