/* walk.h: which files a check reads, in a stable order; used by the engine. */
#ifndef KB_WALK_H
#define KB_WALK_H

#include <stdbool.h>
#include <sys/types.h>

#include "article.h"
#include "config.h"
#include "diag.h"
#include "strset.h"

typedef struct {
	char *fs_path;   /* path to open */
	char *display;   /* path to show: the argument joined with the path below it */
	kb_filetype type;
	char *error;     /* set when the path could not be listed or read */
} kb_walk_entry;

typedef struct {
	kb_walk_entry *v;
	size_t n, cap;
} kb_walk_list;

typedef struct {
	dev_t dev;
	ino_t ino;
} kb_file_id;

typedef struct {
	const kb_config *cfg;
	bool follow_symlinks;
	const kb_file_id *skip; /* files that are never articles (config, rules) */
	size_t nskip;
	kb_strmap *seen;        /* when set: gets the absolute path of every file walked past */
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

#endif
