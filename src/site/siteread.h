/* siteread.h: internal to src/site: generators' config files and pages' front matter read into
 * flat key tables (toml.h), whatever their language; folder walks; warnings. */
#ifndef KB_SITEREAD_H
#define KB_SITEREAD_H

#include <stdbool.h>

#include "config.h"
#include "toml.h"
#include "util.h"
#include "yamltree.h"

/* Limits: a site's pages are walked once when its generator is applied. */
enum {
	SITE_MAX_DEPTH = 64,           /* folders deeper than this are not walked */
	SITE_MAX_FRONT = 1 << 20,      /* a page larger than this is not read for front matter */
	SITE_MAX_CONFIG = 4 << 20,     /* a generator config larger than this is not read */
};

/* Prints "FILE:LINE: warning: MESSAGE" on stderr (cleaned for the terminal); LINE is left out
 * when 0. What a generator cannot read never stops a check: it warns and goes on. */
void site_warn(const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Reads a config file by its ending: .toml with the TOML subset reader, .json with jansson,
 * anything else as YAML (unknown tags such as !!python/name: are read as plain values).
 * Returns 0, or -1 after a warning naming file:line (unreadable, not valid YAML or JSON); t
 * then holds what was read before (nothing). The caller frees t. */
int site_read_config(const char *file, kb_toml *t);
/* The front matter of the page at path: YAML between "---" lines, TOML between "+++" lines or
 * a JSON object at the top. Returns 0 (also when there is none), -1 when it cannot be read. */
int site_read_front(const char *path, kb_toml *t);
/* Adds n's scalars to t below key ("" at the top): maps by key, sequences by number ("a.0.b"),
 * and a sequence of scalars also as one KB_TOML_STRINGS entry. */
void site_flatten_yaml(const kb_ynode *n, const char *key, kb_toml *t);
/* Calls fn(rel, ctx) for each regular file below dir, rel relative to dir, names starting
 * with '.' left out, in sorted order within each folder. */
typedef void (*site_file_fn)(const char *rel, void *ctx);
void site_walk(const char *dir, site_file_fn fn, void *ctx);
/* The path part of a URL or path ("https://x.org/docs" -> "/docs/"), with a leading and a
 * trailing '/'; heap, caller frees. */
char *site_url_path(const char *url);
/* True when t has keys below prefix ("plugins.0.redirects" has "plugins.0.redirects.x"). */
bool site_has_below(const kb_toml *t, const char *prefix);

/* The pages a generator found and whether it publishes each (paths relative to the site's
 * root). site_pages_exclude turns the unpublished into exclude globs: a folder whose pages are
 * all unpublished as one glob (the folder and all below it), the others one path each. */
typedef struct {
	kb_strv files;
	bool *published;
} site_pages;
void site_pages_add(site_pages *p, const char *rel, bool published);
size_t site_pages_count(const site_pages *p, bool published);
void site_pages_exclude(const site_pages *p, kb_config *cfg, const char *root, const char *src);
void site_pages_free(site_pages *p);

/* Adds to links.ignore (when .kblint.yaml leaves it unset) each bare link target (letters,
 * digits, '-', '_'; no '/' or '.') that at least 5 published pages of pages use
 * and that names no page or folder: a target the site's link render hook resolves ("g" for a
 * glossary term), as one typo is not repeated across pages. src is the origin noted. */
void site_bare_targets(kb_config *cfg, const char *root, const site_pages *pages,
		       const char *src);

#endif
