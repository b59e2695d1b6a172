/* codeowners.c: reads CODEOWNERS files (GitHub's and GitLab's syntax) and finds the owners of a
 * path: the rules are in include/codeowners.h. */
#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "ascii.h"
#include "codeowners.h"
#include "util.h"

typedef struct {
	char *pat;       /* without the leading '/' and the trailing '/'; escapes kept */
	bool rooted;     /* written with a leading '/' */
	bool anchored;   /* matched from the root only (set once the file is read) */
	bool dir_only;   /* a trailing '/': matches folders (and what is below them) only */
	bool children;   /* the last segment is "*": the files directly in a folder, not deeper */
	kb_strv owners;  /* as written; empty: the section's defaults (or nobody) */
	size_t section;
	int line;
} entry;

typedef struct {
	char *name;      /* "" for the lines before any section header */
	kb_strv owners;  /* the default owners on the header line */
	int line;
} section;

struct kb_codeowners {
	char *path, *root;
	entry *v;
	size_t n, cap;
	section *sections;
	size_t nsections;
};

/* ---- matching ---- */

/* Each '*' tries every place it could end, so a pattern of many stars could take time that grows
 * as a power of the path's length; a pattern that needs more steps than this on one path is
 * taken not to match it (no real CODEOWNERS line comes near). */
enum { MATCH_STEPS = 100000 };

/* Whether p[0..] matches s[0..n) whole: '*' and '?' within a segment, "[...]" a class, '\' an
 * escape, and a whole-segment "**" any run of segments (none too). seg: p starts a segment. */
static bool gmatch(const char *p, bool seg, const char *s, size_t n, long *budget)
{
	if (--*budget < 0)
		return false;
	size_t i = 0;
	while (*p) {
		if (seg && p[0] == '*' && p[1] == '*' && (p[2] == '/' || !p[2])) {
			const char *rest = p[2] == '/' ? p + 3 : p + 2;
			if (!*rest)
				return true;
			for (size_t k = i; k <= n; k++)
				if ((k == i || s[k - 1] == '/') && gmatch(rest, true, s + k, n - k, budget))
					return true;
			return false;
		}
		if (*p == '*') {
			while (*p == '*')
				p++;
			for (size_t k = i;; k++) {
				if (gmatch(p, false, s + k, n - k, budget))
					return true;
				if (k == n || s[k] == '/')
					return false;
			}
		}
		if (i == n)
			return false;
		if (*p == '?') {
			if (s[i] == '/')
				return false;
		} else if (*p == '[' && strchr(p + 1, ']')) {
			const char *q = p + 1;
			bool neg = *q == '!' || *q == '^';
			if (neg)
				q++;
			bool hit = false;
			const char *first = q;
			for (; *q && (*q != ']' || q == first); q++) {
				if (q[1] == '-' && q[2] && q[2] != ']') {
					hit = hit || ((unsigned char)s[i] >= (unsigned char)q[0] &&
						      (unsigned char)s[i] <= (unsigned char)q[2]);
					q += 2;
				} else {
					hit = hit || *q == s[i];
				}
			}
			if (!*q || hit == neg || s[i] == '/')
				return false;
			p = q;
		} else {
			if (*p == '\\' && p[1])
				p++;
			if (*p != s[i])
				return false;
		}
		seg = *p == '/';
		p++;
		i++;
	}
	return i == n;
}

/* Whether e matches rel: the pattern matches rel itself, or (owning what is below) a folder
 * above it; unanchored patterns are tried from every segment. */
static bool entry_matches(const entry *e, const char *rel)
{
	size_t len = strlen(rel);
	long budget = MATCH_STEPS;
	for (size_t from = 0; from < len; from++) {
		if (from && rel[from - 1] != '/')
			continue;
		if (from && e->anchored)
			break;
		for (size_t end = from + 1; end <= len; end++) {
			if (end < len && rel[end] != '/')
				continue;
			bool folder = end < len;
			if (!folder && e->dir_only)
				continue;
			if (folder && e->children)
				continue; /* docs/\* owns docs/a.md, not docs/a/b.md */
			if (gmatch(e->pat, true, rel + from, end - from, &budget))
				return true;
		}
	}
	return false;
}

/* Appends the owners of sv to out, each once. */
static void add_owners(kb_strv *out, const kb_strv *sv)
{
	for (size_t i = 0; i < sv->n; i++)
		if (!kb_strv_contains(out, sv->v[i]))
			kb_strv_push(out, sv->v[i]);
}

char *kb_codeowners_owners(const kb_codeowners *c, const char *rel)
{
	while (rel[0] == '.' && rel[1] == '/')
		rel += 2;
	kb_strv all = {0};
	for (size_t s = 0; s < c->nsections; s++) {
		const entry *win = NULL;
		for (size_t i = c->n; i-- > 0;)
			if (c->v[i].section == s && entry_matches(&c->v[i], rel)) {
				win = &c->v[i];
				break;
			}
		if (win)
			add_owners(&all, win->owners.n ? &win->owners : &c->sections[s].owners);
	}
	kb_buf b = {0};
	for (size_t i = 0; i < all.n; i++)
		kb_buf_printf(&b, "%s%s", i ? ", " : "", all.v[i]);
	kb_strv_free(&all);
	return b.len ? kb_buf_take(&b) : (kb_buf_free(&b), NULL);
}

char *kb_codeowners_owners_of(const kb_codeowners *c, const char *abs)
{
	size_t n = strlen(c->root);
	if (n == 1 && c->root[0] == '/')
		return kb_codeowners_owners(c, abs + 1);
	if (strncmp(abs, c->root, n) != 0 || abs[n] != '/')
		return NULL;
	return kb_codeowners_owners(c, abs + n + 1);
}

/* ---- parsing ---- */

/* Splits line[0..n) into words at unescaped blanks, up to a word starting with an unescaped
 * '#' (a comment). */
static void words(const char *line, size_t n, kb_strv *out)
{
	size_t i = 0;
	for (;;) {
		while (i < n && kb_isblank(line[i]))
			i++;
		if (i == n || line[i] == '#')
			return;
		size_t s = i;
		while (i < n && !kb_isblank(line[i]))
			i += line[i] == '\\' && i + 1 < n ? 2 : 1;
		char *w = xstrndup(line + s, i - s);
		kb_strv_push(out, w);
		free(w);
	}
}

/* The section named name (compared ignoring ASCII case, as GitLab does), added when new. */
static size_t section_of(kb_codeowners *c, const char *name, size_t len, int line)
{
	char *nm = xstrndup(name, len);
	for (size_t i = 0; i < c->nsections; i++)
		if (kb_strcasecmp(c->sections[i].name, nm) == 0) {
			free(nm);
			return i;
		}
	c->sections = xrealloc(c->sections, (c->nsections + 1) * sizeof *c->sections);
	c->sections[c->nsections] = (section){.name = nm, .line = line};
	return c->nsections++;
}

/* A GitLab section header ("[Name]", "^[Name]", "[Name][2]", then default owners): sets *cur
 * and returns true. */
static bool header(kb_codeowners *c, const char *line, size_t n, int lineno, size_t *cur)
{
	size_t i = line[0] == '^' ? 1 : 0;
	if (i >= n || line[i] != '[')
		return false;
	const char *close = memchr(line + i, ']', n - i);
	if (!close || close == line + i + 1)
		return false;
	size_t k = (size_t)(close - line) + 1;
	if (k < n && line[k] == '[') { /* the number of approvals */
		const char *c2 = memchr(line + k, ']', n - k);
		if (!c2)
			return false;
		k = (size_t)(c2 - line) + 1;
	}
	if (k < n && !kb_isblank(line[k]) && line[k] != '#')
		return false; /* "[abc]*.md @x": a pattern */
	*cur = section_of(c, line + i + 1, (size_t)(close - line) - i - 1, lineno);
	words(line + k, n - k, &c->sections[*cur].owners);
	return true;
}

/* Adds the entry "PATTERN OWNER..." of line lineno. */
static void add_entry(kb_codeowners *c, const char *line, size_t n, int lineno, size_t cur)
{
	kb_strv w = {0};
	words(line, n, &w);
	if (!w.n || w.v[0][0] == '!') {
		kb_strv_free(&w);
		return;
	}
	if (c->n == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 32;
		c->v = xrealloc(c->v, c->cap * sizeof *c->v);
	}
	entry *e = &c->v[c->n++];
	memset(e, 0, sizeof *e);
	e->section = cur;
	e->line = lineno;
	const char *p = w.v[0];
	size_t pl = strlen(p);
	if (pl > 1 && p[pl - 1] == '/') {
		e->dir_only = true;
		pl--;
	}
	if (p[0] == '/') {
		p++;
		pl--;
		e->rooted = true;
	}
	e->pat = xstrndup(p, pl);
	const char *last = strrchr(e->pat, '/');
	e->children = last && strcmp(last, "/*") == 0;
	for (size_t i = 1; i < w.n; i++)
		kb_strv_push(&e->owners, w.v[i]);
	kb_strv_free(&w);
}

kb_codeowners *kb_codeowners_parse(const char *src, size_t len, const char *path,
				   const char *root)
{
	kb_codeowners *c = xcalloc(1, sizeof *c);
	c->path = xstrdup(path);
	c->root = xstrdup(root);
	size_t cur = section_of(c, "", 0, 0);
	int lineno = 0;
	for (size_t i = 0; i < len;) {
		const char *nl = memchr(src + i, '\n', len - i);
		size_t e = nl ? (size_t)(nl - src) : len;
		const char *line = src + i;
		size_t n = e - i;
		lineno++;
		i = e + 1;
		while (n && (line[n - 1] == '\r' || kb_isblank(line[n - 1])))
			n--;
		while (n && kb_isblank(*line)) {
			line++;
			n--;
		}
		if (!n || line[0] == '#')
			continue;
		if (!header(c, line, n, lineno, &cur))
			add_entry(c, line, n, lineno, cur);
	}
	/* GitHub reads patterns as .gitignore does: a '/' inside anchors one too. GitLab matches
	 * every pattern without a leading '/' at any depth; its files are the ones in .gitlab/
	 * and those with sections. */
	size_t pn = strlen(path);
	bool gitlab = c->nsections > 1 ||
		      (pn >= 18 && strcmp(path + pn - 18, ".gitlab/CODEOWNERS") == 0);
	for (size_t i = 0; i < c->n; i++)
		c->v[i].anchored = c->v[i].rooted || (!gitlab && strchr(c->v[i].pat, '/'));
	return c;
}

kb_codeowners *kb_codeowners_load(const char *path, const char *root, kb_errs *errs)
{
	char *src = NULL, err[256];
	size_t len = 0;
	if (kb_read_file(path, KB_CODEOWNERS_MAX_BYTES, &src, &len, err, sizeof err) != 0) {
		kb_errs_add(errs, path, 0, 0, "%s", err);
		return NULL;
	}
	kb_codeowners *c = kb_codeowners_parse(src, len, path, root);
	free(src);
	return c;
}

void kb_codeowners_free(kb_codeowners *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->n; i++) {
		free(c->v[i].pat);
		kb_strv_free(&c->v[i].owners);
	}
	for (size_t i = 0; i < c->nsections; i++) {
		free(c->sections[i].name);
		kb_strv_free(&c->sections[i].owners);
	}
	free(c->v);
	free(c->sections);
	free(c->path);
	free(c->root);
	free(c);
}

void kb_codeowners_each(const kb_codeowners *c, void (*fn)(void *ud, const char *owner, int line),
			void *ud)
{
	/* in file order: section headers and entries interleave by line */
	size_t s = 1, e = 0;
	while (s < c->nsections || e < c->n) {
		if (e == c->n || (s < c->nsections && c->sections[s].line < c->v[e].line)) {
			for (size_t i = 0; i < c->sections[s].owners.n; i++)
				fn(ud, c->sections[s].owners.v[i], c->sections[s].line);
			s++;
		} else {
			for (size_t i = 0; i < c->v[e].owners.n; i++)
				fn(ud, c->v[e].owners.v[i], c->v[e].line);
			e++;
		}
	}
}

const char *kb_codeowners_path(const kb_codeowners *c)
{
	return c->path;
}

/* ---- finding the file ---- */

static bool is_file(const char *dir, const char *name)
{
	char *p = kb_path_join(dir, name);
	struct stat st;
	bool yes = stat(p, &st) == 0 && S_ISREG(st.st_mode);
	free(p);
	return yes;
}

char *kb_codeowners_find(const char *dir, char **root)
{
	static const char *const places[] = {".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS",
					     ".gitlab/CODEOWNERS"};
	char buf[PATH_MAX];
	if (!realpath(dir, buf))
		return NULL;
	for (;;) {
		for (size_t i = 0; i < sizeof places / sizeof places[0]; i++)
			if (is_file(buf, places[i])) {
				*root = xstrdup(buf);
				return kb_path_join(buf, places[i]);
			}
		struct stat st;
		char *git = kb_path_join(buf, ".git");
		bool top = stat(git, &st) == 0;
		free(git);
		char *slash = strrchr(buf, '/');
		if (top || !slash || slash == buf)
			return NULL;
		*slash = '\0';
	}
}

char *kb_codeowners_root(const char *file)
{
	char *abs = kb_path_physical(file);
	char *slash = strrchr(abs, '/');
	if (slash == abs)
		slash[1] = '\0';
	else if (slash)
		*slash = '\0';
	/* the repository the file is in */
	char *dir = xstrdup(abs);
	for (;;) {
		struct stat st;
		char *git = kb_path_join(dir, ".git");
		bool top = stat(git, &st) == 0;
		free(git);
		if (top) {
			free(abs);
			return dir;
		}
		char *up = strrchr(dir, '/');
		if (!up || up == dir)
			break;
		*up = '\0';
	}
	free(dir);
	/* none: the folder that .github/CODEOWNERS, .gitlab/CODEOWNERS or docs/CODEOWNERS is in */
	slash = strrchr(abs, '/');
	if (slash && slash != abs &&
	    (!strcmp(slash, "/.github") || !strcmp(slash, "/.gitlab") || !strcmp(slash, "/docs")))
		*slash = '\0';
	return abs;
}
