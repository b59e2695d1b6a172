/* walk.h: which files a check reads, in a stable order; used by the engine. */
#ifndef KB_WALK_H
#define KB_WALK_H

#include <stdbool.h>
#include <sys/types.h>

#include "article.h"
#include "config.h"
#include "diag.h"
#include "strset.h"
#include "util.h"

typedef struct {
	char *fs_path;   /* path to open */
	char *display;   /* path to show: the argument joined with the path below it; in
			  * fs_path's allocation (fs_path itself when they are the same) */
	kb_filetype type;
	bool kept;       /* fs_path and display are the ends of the walk's copy of the file's
			  * absolute path (kb_walk_opts.seen_keys): not the entry's own */
	char *error;     /* set when the path could not be listed or read */
} kb_walk_entry;

/* The files a walk lists, in chunks of KB_WALK_CHUNK entries: a run checks them in order, and
 * gives back each chunk whose files are all done (kb_walk_list_release). */
enum { KB_WALK_CHUNK = 1024 };
typedef struct {
	kb_walk_entry **chunks; /* entry i: chunks[i / KB_WALK_CHUNK][i % KB_WALK_CHUNK]; a chunk
				 * given back is NULL */
	size_t n, nchunks;
} kb_walk_list;

/* Entry i of l (i < l->n, in a chunk not given back). */
static inline kb_walk_entry *kb_walk_at(const kb_walk_list *l, size_t i)
{
	return &l->chunks[i / KB_WALK_CHUNK][i % KB_WALK_CHUNK];
}

typedef struct {
	dev_t dev;
	ino_t ino;
	/* in a walk's skip list: the file's base name, or NULL; a regular file of another name is
	 * taken not to be this one without a stat (a hard link under another name would be) */
	const char *name;
} kb_file_id;

typedef struct {
	const kb_config *cfg;
	bool follow_symlinks;
	const kb_file_id *skip; /* files that are never articles (config, rules) */
	size_t nskip;
	kb_strmap *seen;        /* when set: gets the absolute path of every file walked past,
				 * with the order it was first seen in (0, 1, ...) */
	kb_arena *seen_keys;    /* when set: seen borrows its keys (seen->borrowed), copied here */
} kb_walk_opts;

/* Lists the files under paths: folders recursively in byte order of names, skipping hidden
 * folders and node_modules, keeping what include matches and exclude does not (relative to the
 * config's folder). Files named directly are always kept. */
void kb_walk(const kb_walk_opts *o, char *const *paths, size_t npaths, kb_walk_list *out);
/* Whether a walk of the config's folder would list the file at path (which need not exist): it
 * is below that folder, under no hidden folder or node_modules, and include matches it and
 * exclude matches neither it nor a folder above it. */
bool kb_walk_includes(const kb_config *cfg, const char *path);
void kb_walk_list_free(kb_walk_list *l);
/* Frees the chunks of l that hold only entries below upto: nothing reads those again. */
void kb_walk_list_release(kb_walk_list *l, size_t upto);
/* The skip list (kb_walk_opts.skip) of the files at paths and at extra (when set) that exist,
 * with their names (kb_file_id.name) kept in names: free it, then names (kb_strv_free). Sets
 * *n. */
kb_file_id *kb_walk_skip_list(const kb_strv *paths, const char *extra, size_t *n, kb_strv *names);
/* Frees e's paths and error early, when nothing reads them again (kb_walk_list_free then
 * skips them). */
void kb_walk_entry_free(kb_walk_entry *e);

/* What a folder holds, for the hint of a run that found no article in it (kb_walk_survey). */
typedef struct {
	size_t files;     /* files below the folder (hidden ones and node_modules left out) */
	size_t excluded;  /* of those, left out by exclude (themselves or a folder above them) */
	size_t own;       /* of those, kblint's own: the config, rule, facts and owners files */
	size_t included;  /* of those, matched by include and not excluded */
	size_t yaml;      /* of the included ones, YAML files */
	kb_strv others;   /* the extensions of the rest (not included, not excluded), parts in
			   * reverse order ("erb.md.html" for a.html.md.erb; "" for none), one a file */
	bool truncated;   /* more than KB_SURVEY_MAX_FILES files: counts stop there */
} kb_walk_survey;

enum { KB_SURVEY_MAX_FILES = 100000 }; /* a hint is not worth reading a whole disk */

/* Counts what the folder path holds as kb_walk would walk it, but into excluded folders too.
 * Free s with kb_walk_survey_free. */
void kb_walk_survey_folder(const kb_walk_opts *o, const char *path, kb_walk_survey *s);
void kb_walk_survey_free(kb_walk_survey *s);
/* Writes to out (appended) the groups of s->others by their longest common extension, most
 * files first, the largest three named: "65 files ending in .html.md.erb, 3 ending in .txt,
 * 2 with no extension and 4 more". Sets *suggest (caller
 * frees kb_strv_free) to include globs for the groups that look like articles (Markdown or
 * YAML: a part md, markdown, mdx, yml, yaml ...). Returns how many groups there are. */
size_t kb_walk_survey_groups(const kb_walk_survey *s, kb_buf *out, kb_strv *suggest);

#endif
