/* site_int.h: internal to src/site: the generators' table entry and what they share. */
#ifndef KB_SITE_INT_H
#define KB_SITE_INT_H

#include <stdbool.h>

#include "config.h"
#include "diag.h"
#include "util.h"

typedef struct {
	const char *name;  /* as 'site' names it: "hugo" */
	const char *label; /* as the summary names it: "Hugo" */
	/* The generator's config file in folder dir (heap, dir joined with its name), or NULL
	 * when dir holds none. */
	char *(*find)(const char *dir);
	/* Fills in cfg what the user left unset (site_may), from file (NULL: the generator's
	 * defaults, when .kblint.yaml names a generator whose file is not found). root is the
	 * site's folder (absolute): the folder the generator's file is read from. Returns 0, or -1
	 * with messages in errs. */
	int (*apply)(kb_config *cfg, const char *root, const char *file, kb_errs *errs);
	unsigned markup; /* KB_MARKUP_* the site's pages are written in, unless 'markup' says */
} site_gen;

/* One per file, as the table in site.c lists them. */
extern const site_gen site_techdocs, site_docfx, site_hugo, site_jekyll, site_mkdocs,
	site_docusaurus, site_middleman;

/* True when the config file did not set key: a generator may set it. */
bool site_may(const kb_config *cfg, const char *key);
/* Sets *dst to a copy of vals and notes source as key's origin, when site_may(key). */
void site_set_strv(kb_config *cfg, const char *key, kb_strv *dst, const kb_strv *vals,
		   const char *source);
/* Appends s to *dst (exclude, ignore: lists the generator adds to) and notes source, when
 * site_may(key). */
void site_add_str(kb_config *cfg, const char *key, kb_strv *dst, const char *s,
		  const char *source);
/* Sets the string *dst to a copy of s (or NULL) and notes source, when site_may(key). */
void site_set_text(kb_config *cfg, const char *key, char **dst, const char *s,
		   const char *source);
/* Sets audit.base_url (the address pages are served below: kblint audit's links, kblint
 * export's url) to url joined with path (NULL or "" for none), when it is an http(s) URL and
 * site_may("audit.base_url"). */
void site_set_base_url(kb_config *cfg, const char *url, const char *path, const char *source);
/* Sets the flag *dst and notes source, when site_may(key). */
void site_set_bool(kb_config *cfg, const char *key, bool *dst, bool v, const char *source);
/* Adds links.prefixes from -> the folder dir below root (dir "" or "." for root itself), and
 * notes source, when site_may("links.prefixes") and from has no folder yet. */
void site_add_prefix(kb_config *cfg, const char *from, const char *root, const char *dir,
		     const char *source);
/* Adds the KB_MARKUP_* bits markup to cfg->markup and notes source, when site_may("markup"). */
void site_set_markup(kb_config *cfg, unsigned markup, const char *source);
/* Adds a redirect from -> to unless the config already redirects from. from is a site path
 * starting with '/' or a file path relative to cfg->dir (see kb_config.redirect_from). */
void site_add_redirect(kb_config *cfg, const char *from, const char *to, const char *source);
/* Adds a 'defaults' entry: files (globs relative to cfg->dir) get field = value. Entries the
 * config file gave come first, so they win. */
void site_add_default(kb_config *cfg, const kb_strv *files, const char *field, const char *value,
		      const char *source);
/* A glob relative to the site's root made relative to cfg->dir (heap), or NULL when the site's
 * root and cfg->dir are unrelated or the glob cannot name files below cfg->dir. */
char *site_glob(const kb_config *cfg, const char *root, const char *glob);
/* Pushes onto out the glob dir/glob ("" or NULL dir: glob alone), relative to the site's root,
 * made relative to cfg->dir as site_glob does; nothing when site_glob gives nothing. */
void site_push_glob(const kb_config *cfg, const char *root, const char *dir, const char *glob,
		    kb_strv *out);
/* The path of file as shown in messages and origins (relative to the working folder when below
 * it); caller frees. */
char *site_display(const char *file);
/* dir joined with name (heap) when that is a regular file, else NULL. */
char *site_file_in(const char *dir, const char *name);
/* One step up from dir (an absolute path in a buffer the caller owns, changed in place): false,
 * leaving dir as it is, when dir holds .git (the top of a repository) or is the root. */
bool site_step_up(char *dir);

#endif
