/* walk.c: folder traversal with include/exclude globs. */
#include "walk.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "corpus.h"
#include "glob.h"
#include "util.h"

/* Deeper folder trees are refused: a loop that escaped detection, or an attack. */
enum { MAX_DEPTH = 128 };

typedef struct {
	const kb_walk_opts *o;
	kb_walk_list *out;
	char *cfg_prefix;      /* the argument's folder relative to the config's folder, or NULL */
	char *abs_root;        /* the argument's folder, absolute (when o->seen is set) */
	kb_file_id stack[MAX_DEPTH];
	size_t depth;
} walker;

static void push(kb_walk_list *l, const char *fs, const char *display, const char *error)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 64;
		l->v = xrealloc(l->v, l->cap * sizeof *l->v);
	}
	kb_walk_entry *e = &l->v[l->n++];
	e->fs_path = xstrdup(fs);
	e->display = xstrdup(display);
	e->type = kb_filetype_of(fs);
	e->error = error ? xstrdup(error) : NULL;
}

static bool skipped(const kb_walk_opts *o, const struct stat *st)
{
	for (size_t i = 0; i < o->nskip; i++)
		if (o->skip[i].dev == st->st_dev && o->skip[i].ino == st->st_ino)
			return true;
	return false;
}

static bool any_match(const kb_strv *globs, const char *rel)
{
	for (size_t i = 0; i < globs->n; i++)
		if (kb_glob_match(globs->v[i], rel))
			return true;
	return false;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Why stat could not follow a symbolic link. */
static void link_error(char *buf, size_t n, int err)
{
	if (err == ELOOP)
		snprintf(buf, n, "symbolic link loop: the link leads back to itself");
	else if (err == ENOENT)
		snprintf(buf, n, "broken symbolic link: its target does not exist");
	else
		snprintf(buf, n, "cannot read: %s", strerror(err));
}

/* rel is the path below the argument; the globs see it relative to the config's folder. */
static void walk_dir(walker *w, const char *fs, const char *display, const char *rel)
{
	DIR *d = opendir(fs);
	if (!d) {
		char msg[300];
		snprintf(msg, sizeof msg, "cannot read folder: %s", strerror(errno));
		push(w->out, fs, display, msg);
		return;
	}
	kb_strv names = {0};
	struct dirent *de;
	while ((de = readdir(d))) {
		const char *n = de->d_name;
		if (n[0] == '.' || strcmp(n, "node_modules") == 0)
			continue; /* ".", "..", hidden files and folders, dependencies */
		kb_strv_push(&names, n);
	}
	closedir(d);
	if (names.n)
		qsort(names.v, names.n, sizeof *names.v, cmp_str);
	for (size_t i = 0; i < names.n; i++) {
		char *cfs = kb_path_join(fs, names.v[i]);
		char *cdisp = kb_path_join(display, names.v[i]);
		char *crel = *rel ? kb_path_join(rel, names.v[i]) : xstrdup(names.v[i]);
		char *grel = w->cfg_prefix ? kb_path_join(w->cfg_prefix, crel) : xstrdup(crel);
		struct stat st;
		bool ok = lstat(cfs, &st) == 0;
		char broken[300] = "";
		if (ok && S_ISLNK(st.st_mode)) {
			if (!w->o->follow_symlinks)
				ok = false;
			else if (stat(cfs, &st) != 0) {
				ok = false;
				link_error(broken, sizeof broken, errno);
			}
		}
		if (broken[0]) {
			/* a followed link that leads nowhere, named like an article, is reported
			 * as a file that cannot be read: skipping it would hide an article */
			const kb_config *cfg = w->o->cfg;
			if (!any_match(&cfg->exclude, grel) && any_match(&cfg->include, grel))
				push(w->out, cfs, cdisp, broken);
		} else if (!ok || any_match(&w->o->cfg->exclude, grel) || skipped(w->o, &st)) {
			/* not followed, excluded, or gone since the listing */
		} else if (S_ISDIR(st.st_mode)) {
			bool loop = false;
			for (size_t k = 0; k < w->depth; k++)
				if (w->stack[k].dev == st.st_dev && w->stack[k].ino == st.st_ino)
					loop = true;
			if (loop) {
				push(w->out, cfs, cdisp, "symbolic link loop: this folder contains itself");
			} else if (w->depth == MAX_DEPTH) {
				push(w->out, cfs, cdisp, "folders nested too deep (more than 128 levels)");
			} else {
				w->stack[w->depth++] = (kb_file_id){st.st_dev, st.st_ino};
				walk_dir(w, cfs, cdisp, crel);
				w->depth--;
			}
		} else {
			if (w->o->seen) {
				char *abs = kb_path_join(w->abs_root, crel);
				kb_strmap_put(w->o->seen, abs, 0);
				free(abs);
			}
			if (any_match(&w->o->cfg->include, grel))
				push(w->out, cfs, cdisp, NULL);
		}
		free(cfs);
		free(cdisp);
		free(crel);
		free(grel);
	}
	kb_strv_free(&names);
}

void kb_walk(const kb_walk_opts *o, char *const *paths, size_t npaths, kb_walk_list *out)
{
	for (size_t i = 0; i < npaths; i++) {
		const char *p = paths[i];
		struct stat st;
		if (stat(p, &st) != 0) {
			char msg[300];
			snprintf(msg, sizeof msg, "cannot read: %s", strerror(errno));
			push(out, p, p, msg);
			continue;
		}
		if (!S_ISDIR(st.st_mode)) {
			push(out, p, p, NULL); /* named on the command line: always checked */
			if (o->seen) {
				char *abs = kb_path_absolute(p);
				kb_strmap_put(o->seen, abs, 0);
				free(abs);
			}
			continue;
		}
		walker w = {.o = o, .out = out};
		if (o->seen)
			w.abs_root = kb_path_absolute(p);
		w.cfg_prefix = kb_config_relative_dir(o->cfg, p);
		if (w.cfg_prefix && !*w.cfg_prefix) {
			free(w.cfg_prefix);
			w.cfg_prefix = NULL;
		}
		w.stack[w.depth++] = (kb_file_id){st.st_dev, st.st_ino};
		walk_dir(&w, p, p, "");
		free(w.cfg_prefix);
		free(w.abs_root);
	}
}

bool kb_walk_includes(const kb_config *cfg, const char *path)
{
	char *rel = kb_config_relative(cfg, path);
	if (!rel)
		return false;
	/* as walk_dir meets it: each folder on the way, then the file */
	bool ok = true;
	for (char *seg = rel; ok && *seg;) {
		char *slash = strchr(seg, '/');
		if (slash)
			*slash = '\0'; /* rel is now the path down to this segment */
		if (seg[0] == '.' || strcmp(seg, "node_modules") == 0 ||
		    any_match(&cfg->exclude, rel))
			ok = false; /* hidden, dependencies, or excluded */
		if (!slash)
			break;
		*slash = '/';
		seg = slash + 1;
	}
	ok = ok && any_match(&cfg->include, rel);
	free(rel);
	return ok;
}

void kb_walk_list_free(kb_walk_list *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->v[i].fs_path);
		free(l->v[i].display);
		free(l->v[i].error);
	}
	free(l->v);
	memset(l, 0, sizeof *l);
}
