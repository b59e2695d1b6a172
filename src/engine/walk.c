/* walk.c: folder traversal with include/exclude globs. */
#include "walk.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
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
	/* kb_walk_survey_folder: count every file instead of listing the included ones, and go
	 * into excluded folders too (what is listed then is thrown away) */
	kb_walk_survey *survey;
} walker;

/* A new entry at the end of l, for the caller to fill. */
static kb_walk_entry *next_entry(kb_walk_list *l)
{
	if (l->n == l->nchunks * KB_WALK_CHUNK) {
		l->chunks = xrealloc(l->chunks, (l->nchunks + 1) * sizeof *l->chunks);
		l->chunks[l->nchunks++] = xmalloc(KB_WALK_CHUNK * sizeof **l->chunks);
	}
	return kb_walk_at(l, l->n++);
}

static void push(kb_walk_list *l, const char *fs, const char *display, const char *error)
{
	kb_walk_entry *e = next_entry(l);
	/* one allocation: display is fs_path itself when they are the same, else follows it */
	size_t nf = strlen(fs) + 1, nd = strcmp(fs, display) ? strlen(display) + 1 : 0;
	e->fs_path = xmalloc(nf + nd);
	memcpy(e->fs_path, fs, nf);
	e->display = nd ? memcpy(e->fs_path + nf, display, nd) : e->fs_path;
	e->type = kb_filetype_of(fs);
	e->kept = false;
	e->error = error ? xstrdup(error) : NULL;
}

/* Adds abs (freed) to o->seen: a copy in o->seen_keys when set, else the map's own. Returns
 * the copy in o->seen_keys, or NULL. */
static char *see(const kb_walk_opts *o, char *abs)
{
	uint64_t h = kb_strmap_hash(abs);
	size_t order = o->seen->n; /* kb_corpus_number_files */
	char *kept = NULL;
	if (!o->seen_keys)
		kb_strmap_put_h(o->seen, abs, h, order);
	else if (kb_strmap_get_h(o->seen, abs, h) == (size_t)-1)
		kb_strmap_put_h(o->seen, kept = kb_arena_strdup(o->seen_keys, abs), h, order);
	free(abs);
	return kept;
}

/* push(l, fs, display, NULL), the entry's paths the ends of key (a file's absolute path that
 * the walk keeps, or NULL) when they are ("x/y.md" of "/kb/x/y.md"): no copy of them. */
static void push_kept(kb_walk_list *l, const char *fs, const char *display, char *key)
{
	const char *f = key ? kb_str_ending(key, fs) : NULL;
	const char *d = f ? kb_str_ending(key, display) : NULL;
	if (!d) {
		push(l, fs, display, NULL);
		return;
	}
	/* the entry's paths are char * for the ones it owns: these it never changes or frees */
	*next_entry(l) = (kb_walk_entry){.fs_path = key + (f - key), .display = key + (d - key),
					 .type = kb_filetype_of(f), .kept = true};
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

/* A folder's entry as listed: its name and its type as the listing gives it (DT_UNKNOWN when
 * the file system does not say). */
typedef struct {
	char *name;
	unsigned char type;
} dir_entry;

static int cmp_entry(const void *a, const void *b)
{
	return strcmp(((const dir_entry *)a)->name, ((const dir_entry *)b)->name);
}

/* Whether a regular file named name may be one of o->skip: it is stat'ed to know. The others
 * are not (a stat per file is half of a walk): a file that is never an article is found by its
 * name, or the name of the file its path leads to (kb_file_id.name); NULL names one of them
 * that is always looked up. */
static bool may_skip(const kb_walk_opts *o, const char *name)
{
	for (size_t i = 0; i < o->nskip; i++)
		if (!o->skip[i].name || strcmp(o->skip[i].name, name) == 0)
			return true;
	return false;
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

static char *reversed_ext(const char *name);

/* Counts a file of a survey: out says exclude left it out. */
static void survey_file(walker *w, const char *fs, const char *name, const char *grel,
			const struct stat *st, bool out)
{
	kb_walk_survey *s = w->survey;
	if (++s->files >= KB_SURVEY_MAX_FILES)
		s->truncated = true;
	if (out) {
		s->excluded++;
	} else if (skipped(w->o, st)) {
		s->own++;
	} else if (any_match(&w->o->cfg->include, grel)) {
		s->included++;
		s->yaml += kb_filetype_of(fs) == KB_TYPE_YAML;
	} else {
		char *ext = reversed_ext(name);
		kb_strv_push(&s->others, ext);
		free(ext);
	}
}

/* rel is the path below the argument; the globs see it relative to the config's folder.
 * excluded: a folder above was left out by exclude (only a survey goes into one). */
static void walk_dir(walker *w, const char *fs, const char *display, const char *rel,
		     bool excluded)
{
	DIR *d = opendir(fs);
	if (!d) {
		char msg[300];
		snprintf(msg, sizeof msg, "cannot read folder: %s", strerror(errno));
		push(w->out, fs, display, msg);
		return;
	}
	dir_entry *ents = NULL;
	size_t nents = 0, cap = 0;
	struct dirent *de;
	while ((de = readdir(d))) {
		const char *n = de->d_name;
		if (n[0] == '.' || strcmp(n, "node_modules") == 0)
			continue; /* ".", "..", hidden files and folders, dependencies */
		if (nents == cap) {
			cap = cap ? cap * 2 : 64;
			ents = xrealloc(ents, cap * sizeof *ents);
		}
		ents[nents++] = (dir_entry){xstrdup(n), de->d_type};
	}
	/* the entries are looked at relative to the open folder: the kernel does not walk the
	 * whole path again for each */
	int dfd = dirfd(d);
	if (nents)
		qsort(ents, nents, sizeof *ents, cmp_entry);
	for (size_t i = 0; i < nents && !(w->survey && w->survey->truncated); i++) {
		const char *name = ents[i].name;
		char *cfs = kb_path_join(fs, name);
		char *cdisp = kb_path_join(display, name);
		char *crel = *rel ? kb_path_join(rel, name) : xstrdup(name);
		char *grel = w->cfg_prefix ? kb_path_join(w->cfg_prefix, crel) : xstrdup(crel);
		struct stat st;
		bool ok;
		if (ents[i].type == DT_REG && !w->survey && !may_skip(w->o, name)) {
			/* a regular file, as the listing says: nothing more to learn from a stat */
			memset(&st, 0, sizeof st);
			st.st_mode = S_IFREG;
			ok = true;
		} else {
			ok = fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW) == 0;
		}
		char broken[300] = "";
		if (ok && S_ISLNK(st.st_mode)) {
			if (!w->o->follow_symlinks)
				ok = false;
			else if (fstatat(dfd, name, &st, 0) != 0) {
				ok = false;
				link_error(broken, sizeof broken, errno);
			}
		}
		bool out = excluded || any_match(&w->o->cfg->exclude, grel);
		if (broken[0]) {
			/* a followed link that leads nowhere, named like an article, is reported
			 * as a file that cannot be read: skipping it would hide an article */
			if (!out && any_match(&w->o->cfg->include, grel))
				push(w->out, cfs, cdisp, broken);
		} else if (w->survey && ok && S_ISREG(st.st_mode)) {
			survey_file(w, cfs, name, grel, &st, out);
		} else if (!ok || (out && !w->survey) || skipped(w->o, &st)) {
			/* not followed, excluded, gone since the listing, or kblint's own */
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
				w->stack[w->depth++] = (kb_file_id){.dev = st.st_dev, .ino = st.st_ino};
				walk_dir(w, cfs, cdisp, crel, out);
				w->depth--;
			}
		} else {
			char *key = w->o->seen ? see(w->o, kb_path_join(w->abs_root, crel)) : NULL;
			if (any_match(&w->o->cfg->include, grel))
				push_kept(w->out, cfs, cdisp, key);
		}
		free(cfs);
		free(cdisp);
		free(crel);
		free(grel);
	}
	closedir(d);
	for (size_t i = 0; i < nents; i++)
		free(ents[i].name);
	free(ents);
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
			if (o->seen)
				see(o, kb_path_absolute(p));
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
		w.stack[w.depth++] = (kb_file_id){.dev = st.st_dev, .ino = st.st_ino};
		walk_dir(&w, p, p, "", false);
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

static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? slash + 1 : path;
}

/* Adds the file at path to skip when it exists: under its base name, and under the base name of
 * the file it leads to when that is another (a symbolic link). */
static void skip_file(kb_file_id *skip, size_t *n, kb_strv *names, const char *path)
{
	struct stat st;
	if (stat(path, &st) != 0)
		return;
	kb_strv_push(names, base_name(path));
	skip[(*n)++] = (kb_file_id){st.st_dev, st.st_ino, names->v[names->n - 1]};
	char *real = realpath(path, NULL);
	if (real && strcmp(base_name(real), base_name(path)) != 0) {
		kb_strv_push(names, base_name(real));
		skip[(*n)++] = (kb_file_id){st.st_dev, st.st_ino, names->v[names->n - 1]};
	}
	free(real);
}

kb_file_id *kb_walk_skip_list(const kb_strv *paths, const char *extra, size_t *n, kb_strv *names)
{
	kb_file_id *skip = xcalloc(2 * (paths->n + 1), sizeof *skip);
	*n = 0;
	for (size_t i = 0; i < paths->n; i++)
		skip_file(skip, n, names, paths->v[i]);
	if (extra)
		skip_file(skip, n, names, extra);
	return skip;
}

void kb_walk_entry_free(kb_walk_entry *e)
{
	if (!e->kept)
		free(e->fs_path); /* display too (push) */
	free(e->error);
	e->fs_path = e->display = e->error = NULL;
}

void kb_walk_list_free(kb_walk_list *l)
{
	kb_walk_list_release(l, l->n);
	free(l->chunks);
	memset(l, 0, sizeof *l);
}

void kb_walk_list_release(kb_walk_list *l, size_t upto)
{
	size_t whole = upto == l->n ? l->nchunks : upto / KB_WALK_CHUNK;
	for (size_t c = 0; c < whole && c < l->nchunks; c++) {
		if (!l->chunks[c])
			continue;
		size_t end = (c + 1) * KB_WALK_CHUNK < l->n ? (c + 1) * KB_WALK_CHUNK : l->n;
		for (size_t i = c * KB_WALK_CHUNK; i < end; i++)
			kb_walk_entry_free(&l->chunks[c][i % KB_WALK_CHUNK]);
		free(l->chunks[c]);
		l->chunks[c] = NULL;
	}
}

/* Extension parts are short words: "md", "erb", "yaml"; not numbers ("v1.2") or phrases. */
enum { MAX_EXT_PARTS = 4, MAX_EXT_PART = 16 };

static bool ext_part(const char *p, size_t n)
{
	if (n == 0 || n > MAX_EXT_PART)
		return false;
	bool letter = false;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)p[i];
		bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
		if (!alpha && !(c >= '0' && c <= '9') && c != '_' && c != '-' && c != '+')
			return false;
		letter |= alpha;
	}
	return letter;
}

/* The extension of the file name, parts in reverse order joined by '.': "erb.md.html" for
 * "a.html.md.erb"; "" when it has none. The first part of the name is never one. Caller frees. */
static char *reversed_ext(const char *name)
{
	kb_buf b = {0};
	const char *end = name + strlen(name);
	for (int k = 0; k < MAX_EXT_PARTS; k++) {
		const char *dot = end;
		while (dot > name && dot[-1] != '.')
			dot--;
		if (dot <= name + 1) /* no dot, or the name's first part */
			break;
		if (!ext_part(dot, (size_t)(end - dot)))
			break;
		if (b.len)
			kb_buf_putc(&b, '.');
		kb_buf_put(&b, dot, (size_t)(end - dot));
		end = dot - 1;
	}
	return b.data ? kb_buf_take(&b) : xstrdup("");
}

void kb_walk_survey_folder(const kb_walk_opts *o, const char *path, kb_walk_survey *s)
{
	memset(s, 0, sizeof *s);
	struct stat st;
	if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode))
		return;
	kb_walk_opts so = *o;
	so.seen = NULL;
	kb_walk_list scratch = {0}; /* folders that could not be read: not counted */
	walker w = {.o = &so, .out = &scratch, .survey = s};
	w.cfg_prefix = kb_config_relative_dir(o->cfg, path);
	if (w.cfg_prefix && !*w.cfg_prefix) {
		free(w.cfg_prefix);
		w.cfg_prefix = NULL;
	}
	w.stack[w.depth++] = (kb_file_id){.dev = st.st_dev, .ino = st.st_ino};
	walk_dir(&w, path, path, "", false);
	free(w.cfg_prefix);
	kb_walk_list_free(&scratch);
}

void kb_walk_survey_free(kb_walk_survey *s)
{
	kb_strv_free(&s->others);
	memset(s, 0, sizeof *s);
}

/* The length of the longest run of whole parts that a and b start with. */
static size_t common_parts(const char *a, const char *b)
{
	size_t n = 0, i = 0;
	for (;; i++) {
		if ((a[i] == '.' || !a[i]) && (b[i] == '.' || !b[i])) {
			n = i;
			if (!a[i] || !b[i])
				break;
		} else if (a[i] != b[i]) {
			break;
		}
	}
	return n;
}

/* True when an extension part (reversed, as in kb_walk_survey.others) names Markdown or YAML. */
static bool looks_like_articles(const char *rev)
{
	static const char *const words[] = {"md", "markdown", "mdown", "mkd", "mkdn", "mdx",
					    "yml", "yaml"};
	for (const char *p = rev; *p;) {
		size_t n = strcspn(p, ".");
		for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
			if (strlen(words[i]) == n && strncmp(p, words[i], n) == 0)
				return true;
		p += n + (p[n] == '.');
	}
	return false;
}

typedef struct {
	char *ext;    /* reversed, as in kb_walk_survey.others */
	size_t files;
} ext_group;

static int cmp_group(const void *pa, const void *pb)
{
	const ext_group *a = pa, *b = pb;
	if (a->files != b->files)
		return a->files > b->files ? -1 : 1;
	return strcmp(a->ext, b->ext);
}

/* Writes the reversed extension rev as it ends a file name: ".html.md.erb". */
static void put_ext(kb_buf *out, const char *rev)
{
	const char *end = rev + strlen(rev);
	while (end > rev) {
		const char *p = end;
		while (p > rev && p[-1] != '.')
			p--;
		kb_buf_putc(out, '.');
		kb_buf_put(out, p, (size_t)(end - p));
		end = p > rev ? p - 1 : p;
	}
}


/* How many groups a hint names; the rest are counted together. */
enum { SHOWN_GROUPS = 3 };

size_t kb_walk_survey_groups(const kb_walk_survey *s, kb_buf *out, kb_strv *suggest)
{
	size_t n = s->others.n;
	if (!n)
		return 0;
	char **v = xmalloc(n * sizeof *v);
	memcpy(v, s->others.v, n * sizeof *v);
	qsort(v, n, sizeof *v, cmp_str);
	/* the files whose extensions end alike (their first reversed part) form a group, named by
	 * the longest extension they all end in (sorted, that is what the first and last share);
	 * but a group never loses the part that names articles: ".html.md.erb" and ".md.erb" are
	 * ".md.erb", while ".html.md.erb" and ".erb" stay two groups, as ".en.txt" and ".fr.txt"
	 * are one, ".txt" */
	ext_group *g = xmalloc(n * sizeof *g);
	size_t ng = 0;
	for (size_t i = 0; i < n;) {
		size_t first = strcspn(v[i], ".");
		size_t j = i + 1;
		while (j < n && strcspn(v[j], ".") == first && strncmp(v[j], v[i], first) == 0) {
			if (looks_like_articles(v[i]) || looks_like_articles(v[j])) {
				char *shared = xstrndup(v[i], common_parts(v[i], v[j]));
				bool articles = looks_like_articles(shared);
				free(shared);
				if (!articles)
					break;
			}
			j++;
		}
		size_t len = common_parts(v[i], v[j - 1]);
		g[ng].ext = xstrndup(v[i], len);
		g[ng++].files = j - i;
		i = j;
	}
	qsort(g, ng, sizeof *g, cmp_group);
	size_t shown = 0;
	for (size_t i = 0; i < ng; i++) {
		if (i < SHOWN_GROUPS) {
			if (i)
				kb_buf_puts(out, i + 1 == ng ? " and " : ", ");
			kb_buf_printf(out, "%zu%s", g[i].files,
				      i ? "" : g[i].files == 1 ? " file" : " files");
			if (*g[i].ext) {
				kb_buf_puts(out, " ending in ");
				put_ext(out, g[i].ext);
			} else {
				kb_buf_puts(out, " with no extension");
			}
			shown += g[i].files;
			if (*g[i].ext && looks_like_articles(g[i].ext)) {
				kb_buf b = {0};
				kb_buf_puts(&b, "**/*");
				put_ext(&b, g[i].ext);
				kb_strv_push(suggest, b.data);
				kb_buf_free(&b);
			}
		}
		free(g[i].ext);
	}
	if (ng > SHOWN_GROUPS)
		kb_buf_printf(out, " and %zu more", n - shown);
	free(g);
	free(v);
	return ng;
}
