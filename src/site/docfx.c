/* docfx.c: docfx / Microsoft Learn: docfx.json (a docset), or a repository's
 * .openpublishing.publish.config.json naming its docsets' folders, each with a docfx.json;
 * .openpublishing.redirection.json gives redirects. JSON is read with jansson. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "site_int.h"

#define DOCFX_JSON "docfx.json"
#define PUBLISH_JSON ".openpublishing.publish.config.json"
#define REDIRECT_JSON ".openpublishing.redirection.json"

/* A brace group expands to at most this many globs ("{a,b}{c,d}" is 4): a config is not
 * worth an explosion. */
enum { MAX_EXPANSIONS = 256 };

/* What the docsets add up to, set into the config once all are read. */
typedef struct {
	kb_config *cfg;
	const char *source; /* origin: the display path of docfx.json or the publish config */
	kb_strv include, exclude;
	kb_errs *errs;
	int ret;
} reader;

/* The parsed JSON file (caller json_decref), or NULL with a message in errs when errs is set. */
static json_t *load(const char *file, kb_errs *errs)
{
	json_error_t err;
	json_t *j = json_load_file(file, JSON_DECODE_ANY, &err);
	if (!j && errs) {
		char *d = site_display(file);
		kb_errs_add(errs, d, err.line > 0 ? err.line : 1, err.column > 0 ? err.column : 1,
			    "cannot read this docfx file: %s", err.text);
		free(d);
	}
	return j;
}

/* The docset folders (absolute, heap) the publish config pub (folder dir) names that hold a
 * docfx.json, in its order. */
static void docsets(const json_t *pub, const char *dir, kb_strv *out)
{
	json_t *list = json_object_get(pub, "docsets_to_publish");
	size_t i;
	json_t *d;
	json_array_foreach(list, i, d) {
		const char *src = json_string_value(json_object_get(d, "build_source_folder"));
		if (!src)
			continue;
		char *j = kb_path_join(dir, src);
		char *folder = kb_path_absolute(j);
		char *f = site_file_in(folder, DOCFX_JSON);
		if (f && !kb_strv_contains(out, folder))
			kb_strv_push(out, folder);
		free(f);
		free(folder);
		free(j);
	}
}

/* A folder's publish config, when it names at least one docset with a docfx.json (or cannot be
 * read: apply says why), else its docfx.json. */
static char *find(const char *dir)
{
	char *pub = site_file_in(dir, PUBLISH_JSON);
	if (pub) {
		json_t *j = load(pub, NULL);
		kb_strv sets = {0};
		if (j)
			docsets(j, dir, &sets);
		bool ok = !j || sets.n > 0;
		kb_strv_free(&sets);
		json_decref(j);
		if (ok)
			return pub;
		free(pub);
	}
	return site_file_in(dir, DOCFX_JSON);
}

/* Appends to out the globs brace groups in pat stand for ("*.{md,yml}": "*.md", "*.yml"),
 * nested groups too, as docfx expands them. */
static void expand_braces(const char *pat, kb_strv *out)
{
	const char *open = strchr(pat, '{');
	const char *close = NULL;
	int depth = 0;
	for (const char *p = open; p && *p && !close; p++) {
		if (*p == '{')
			depth++;
		else if (*p == '}' && --depth == 0)
			close = p;
	}
	if (!open || !close) {
		if (out->n < MAX_EXPANSIONS && !kb_strv_contains(out, pat))
			kb_strv_push(out, pat);
		return;
	}
	/* each top-level alternative between open and close, with what follows */
	const char *alt = open + 1;
	depth = 0;
	for (const char *p = alt; p <= close; p++) {
		if (*p == '{')
			depth++;
		else if (*p == '}' && p != close)
			depth--;
		if ((*p == ',' && depth == 0) || p == close) {
			kb_buf b = {0};
			kb_buf_put(&b, pat, (size_t)(open - pat));
			kb_buf_put(&b, alt, (size_t)(p - alt));
			kb_buf_puts(&b, close + 1);
			char *s = kb_buf_take(&b);
			expand_braces(s, out);
			free(s);
			alt = p + 1;
		}
	}
}

/* pat in kblint's glob syntax (heap): docfx reads "**.md" at a segment's start as "**" and then
 * "*.md", and "a**b" within a segment as "a*b"; a leading "./" or "/" goes (docfx globs are
 * relative to their folder either way). */
static char *to_kblint(const char *pat)
{
	while (pat[0] == '.' && pat[1] == '/')
		pat += 2;
	while (pat[0] == '/')
		pat++;
	kb_buf b = {0};
	const char *seg = pat;
	for (const char *p = pat; *p;) {
		if (*p == '/') {
			kb_buf_putc(&b, '/');
			seg = ++p;
			continue;
		}
		if (*p != '*') {
			kb_buf_putc(&b, *p++);
			continue;
		}
		size_t n = strspn(p, "*");
		bool whole = p == seg && (p[n] == '/' || p[n] == '\0');
		if (whole && n >= 2)
			kb_buf_puts(&b, "**");
		else if (p == seg && n >= 2)
			kb_buf_puts(&b, "**/*");
		else
			kb_buf_putc(&b, '*');
		p += n;
	}
	char *s = kb_buf_take(&b);
	return s ? s : xstrdup("");
}

/* pat (a docfx glob relative to the folder base, absolute) as kblint globs relative to the
 * config's folder, appended to out: braces expanded, anchored to that folder. Globs that cannot
 * name files below the config's folder are dropped. */
static void add_globs(const kb_config *cfg, const char *base, const char *pat, kb_strv *out)
{
	if (!pat || !*pat || pat[0] == '!')
		return; /* a negated docfx glob ("!x": all files but x) is not followed */
	kb_strv alts = {0};
	expand_braces(pat, &alts);
	for (size_t i = 0; i < alts.n; i++) {
		char *g = to_kblint(alts.v[i]);
		char *r = site_glob(cfg, base, g);
		size_t dn = strlen(cfg->dir), bn = strlen(base);
		if (!r && strcmp(g, "**") == 0 && bn < dn && strncmp(cfg->dir, base, bn) == 0 &&
		    cfg->dir[bn] == '/')
			r = xstrdup("**"); /* everything below a folder above the config's */
		if (r && *r) {
			/* with no '/', kblint would match the name at any depth: anchor it */
			kb_buf b = {0};
			if (!strchr(r, '/'))
				kb_buf_putc(&b, '/');
			kb_buf_puts(&b, r);
			char *s = kb_buf_take(&b);
			if (!kb_strv_contains(out, s))
				kb_strv_push(out, s);
			free(s);
		}
		free(r);
		free(g);
	}
	kb_strv_free(&alts);
}

/* Each string of v (a string or an array of strings) as globs relative to base, into out. */
static void add_glob_list(const kb_config *cfg, const char *base, const json_t *v, kb_strv *out)
{
	if (json_is_string(v)) {
		add_globs(cfg, base, json_string_value(v), out);
		return;
	}
	size_t i;
	json_t *s;
	json_array_foreach(v, i, s)
		add_globs(cfg, base, json_string_value(s), out);
}

/* One of build.content's file mappings: a glob, or {files, exclude, src (or cwd)}. */
static void read_mapping(reader *r, const char *root, const json_t *m)
{
	if (json_is_string(m)) {
		add_globs(r->cfg, root, json_string_value(m), &r->include);
		return;
	}
	if (!json_is_object(m))
		return;
	const char *src = json_string_value(json_object_get(m, "src"));
	if (!src)
		src = json_string_value(json_object_get(m, "cwd"));
	char *base = NULL;
	if (src && *src) {
		char *j = kb_path_join(root, src);
		base = kb_path_absolute(j);
		free(j);
	}
	const char *b = base ? base : root;
	add_glob_list(r->cfg, b, json_object_get(m, "files"), &r->include);
	add_glob_list(r->cfg, b, json_object_get(m, "exclude"), &r->exclude);
	free(base);
}

/* A metadata value as text (heap): strings as they are, numbers and booleans as JSON writes
 * them, an array of those joined with ", "; NULL for objects, null and arrays holding them. */
static char *meta_text(const json_t *v)
{
	if (json_is_string(v))
		return xstrdup(json_string_value(v));
	if (json_is_integer(v) || json_is_real(v) || json_is_boolean(v))
		return json_dumps(v, JSON_ENCODE_ANY);
	if (!json_is_array(v) || json_array_size(v) == 0)
		return NULL;
	kb_buf b = {0};
	size_t i;
	json_t *x;
	json_array_foreach(v, i, x) {
		char *s = json_is_array(x) ? NULL : meta_text(x);
		if (!s) {
			kb_buf_free(&b);
			return NULL;
		}
		kb_buf_printf(&b, "%s%s", i ? ", " : "", s);
		free(s);
	}
	return kb_buf_take(&b);
}

/* Appends a 'defaults' entry setting several fields at once (site_add_default sets one). */
static void add_default(kb_config *cfg, const kb_strv *files, const kb_strv *keys,
			const kb_strv *values, const char *source)
{
	if (!files->n || !keys->n)
		return;
	cfg->defaults = xrealloc(cfg->defaults, (cfg->ndefaults + 1) * sizeof *cfg->defaults);
	kb_meta_default *d = &cfg->defaults[cfg->ndefaults++];
	memset(d, 0, sizeof *d);
	for (size_t i = 0; i < files->n; i++)
		kb_strv_push(&d->files, files->v[i]);
	for (size_t i = 0; i < keys->n; i++) {
		kb_strv_push(&d->keys, keys->v[i]);
		kb_strv_push(&d->values, values->v[i]);
	}
	if (!kb_config_user_set(cfg, "defaults"))
		kb_config_set_origin(cfg, "defaults", source);
}

/* build.fileMetadata ({field: {glob: value}}, globs relative to root) and build.globalMetadata
 * ({field: value}, every file of the docset) as 'defaults'. docfx's order is front matter, then
 * fileMetadata (the last glob that matches wins), then globalMetadata; 'defaults' lets the first
 * entry that sets a field win, so fileMetadata's globs come first, last one first. */
static void read_metadata(reader *r, const char *root, const json_t *build)
{
	const char *field;
	json_t *v;
	json_t *fm = json_object_get(build, "fileMetadata");
	json_object_foreach(fm, field, v) {
		if (!json_is_object(v))
			continue;
		size_t n = json_object_size(v), k = 0;
		const char **globs = xcalloc(n ? n : 1, sizeof *globs);
		json_t **vals = xcalloc(n ? n : 1, sizeof *vals);
		const char *glob;
		json_t *x;
		json_object_foreach(v, glob, x) {
			if (k < n) {
				globs[k] = glob;
				vals[k++] = x;
			}
		}
		while (k--) {
			char *text = meta_text(vals[k]);
			kb_strv files = {0};
			add_globs(r->cfg, root, globs[k], &files);
			if (text && files.n)
				site_add_default(r->cfg, &files, field, text, r->source);
			kb_strv_free(&files);
			free(text);
		}
		free(globs);
		free(vals);
	}
	kb_strv files = {0}, keys = {0}, values = {0};
	add_globs(r->cfg, root, "**", &files);
	json_object_foreach(json_object_get(build, "globalMetadata"), field, v) {
		char *text = meta_text(v);
		if (text) {
			kb_strv_push(&keys, field);
			kb_strv_push(&values, text);
		}
		free(text);
	}
	add_default(r->cfg, &files, &keys, &values, r->source);
	kb_strv_free(&files);
	kb_strv_free(&keys);
	kb_strv_free(&values);
}

/* Reads the docset at root (its docfx.json) into r. */
static void read_docset(reader *r, const char *root)
{
	char *file = kb_path_join(root, DOCFX_JSON);
	json_t *j = load(file, r->errs);
	free(file);
	if (!j) {
		r->ret = -1;
		return;
	}
	json_t *build = json_object_get(j, "build");
	json_t *content = json_object_get(build, "content");
	if (json_is_array(content)) {
		size_t i;
		json_t *m;
		json_array_foreach(content, i, m)
			read_mapping(r, root, m);
	} else {
		read_mapping(r, root, content);
	}
	read_metadata(r, root, build);
	json_decref(j);
}

/* The first folder from dir upward (to the one holding .git, or the file system's root) that
 * holds name, as the file's path (heap), or NULL. */
static char *find_up(const char *dir, const char *name)
{
	char *d = xstrdup(dir);
	for (;;) {
		char *f = site_file_in(d, name);
		if (f) {
			free(d);
			return f;
		}
		if (!site_step_up(d)) {
			free(d);
			return NULL;
		}
	}
}

/* path (absolute) relative to the config's folder (heap), or NULL when not below it. */
static char *below_cfg(const kb_config *cfg, const char *path)
{
	size_t n = strlen(cfg->dir);
	if (strcmp(cfg->dir, "/") == 0)
		return xstrdup(path + 1);
	if (strncmp(path, cfg->dir, n) == 0 && path[n] == '/')
		return xstrdup(path + n + 1);
	return NULL;
}

/* Reads the redirection file: redirections[] {source_path (relative to repo) or
 * source_path_from_root ("/..."), redirect_url}. Each becomes a redirect from the source file's
 * path relative to the config's folder to redirect_url as written. */
static int read_redirects(kb_config *cfg, const char *file, const char *repo, kb_errs *errs)
{
	json_t *j = load(file, errs);
	if (!j)
		return -1;
	char *src = site_display(file);
	size_t i;
	json_t *r;
	json_array_foreach(json_object_get(j, "redirections"), i, r) {
		const char *from = json_string_value(json_object_get(r, "source_path_from_root"));
		if (!from)
			from = json_string_value(json_object_get(r, "source_path"));
		const char *to = json_string_value(json_object_get(r, "redirect_url"));
		if (!from || !to || !*from || !*to)
			continue;
		while (*from == '/')
			from++;
		char *joined = kb_path_join(repo, from);
		char *abs = kb_path_absolute(joined);
		char *rel = below_cfg(cfg, abs);
		if (rel && *rel)
			site_add_redirect(cfg, rel, to, src);
		free(rel);
		free(abs);
		free(joined);
	}
	free(src);
	json_decref(j);
	return 0;
}

/* The redirects of the repository root holds: the publish config's redirection_files, or
 * .openpublishing.redirection.json beside it; with no publish config, the first
 * .openpublishing.redirection.json from root up to the repository's top. */
static int redirects(kb_config *cfg, const char *root, kb_errs *errs)
{
	if (!site_may(cfg, "redirects"))
		return 0;
	int ret = 0;
	char *pub = find_up(root, PUBLISH_JSON);
	if (pub) {
		char *repo = xstrdup(pub);
		*strrchr(repo, '/') = '\0';
		if (!*repo)
			strcpy(repo, "/");
		json_t *j = load(pub, NULL);
		json_t *files = json_object_get(j, "redirection_files");
		size_t i;
		json_t *f;
		bool listed = false;
		json_array_foreach(files, i, f) {
			const char *name = json_string_value(f);
			char *path = name ? kb_path_join(repo, name) : NULL;
			struct stat st;
			if (path && stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
				listed = true;
				if (read_redirects(cfg, path, repo, errs) != 0)
					ret = -1;
			}
			free(path);
		}
		if (!listed) {
			char *path = site_file_in(repo, REDIRECT_JSON);
			if (path && read_redirects(cfg, path, repo, errs) != 0)
				ret = -1;
			free(path);
		}
		json_decref(j);
		free(repo);
		free(pub);
		return ret;
	}
	char *path = find_up(root, REDIRECT_JSON);
	if (path) {
		char *repo = xstrdup(path);
		*strrchr(repo, '/') = '\0';
		ret = read_redirects(cfg, path, repo, errs);
		free(repo);
	}
	free(path);
	return ret;
}

static int apply(kb_config *cfg, const char *root, const char *file, kb_errs *errs)
{
	reader r = {.cfg = cfg, .errs = errs};
	char *src = NULL;
	const char *base = file ? strrchr(file, '/') : NULL;
	base = base ? base + 1 : file;
	if (base && strcmp(base, PUBLISH_JSON) == 0) {
		json_t *j = load(file, errs);
		if (!j)
			return -1;
		kb_strv sets = {0};
		docsets(j, root, &sets);
		json_decref(j);
		char *d = site_display(file);
		kb_buf b = {0};
		kb_buf_printf(&b, "%s (%zu docset%s' docfx.json)", d, sets.n, sets.n == 1 ? "" : "s");
		src = kb_buf_take(&b);
		free(d);
		r.source = src;
		for (size_t i = 0; i < sets.n; i++)
			read_docset(&r, sets.v[i]);
		kb_strv_free(&sets);
	} else {
		src = file ? site_display(file) : xstrdup("docfx defaults");
		r.source = src;
		if (file)
			read_docset(&r, root);
	}
	/* Microsoft Learn serves pages whatever the case of their URL, and docfx builds resolve
	 * file links on Windows' file systems */
	site_set_bool(cfg, "links.case_sensitive", &cfg->links_case_sensitive, false, src);
	/* includes/ folders hold fragments other articles include: their prose is checked once,
	 * but they are never articles */
	char *frag = site_glob(cfg, root, "**/includes/**");
	if (frag)
		site_add_str(cfg, "fragments", &cfg->fragments, frag, src);
	free(frag);
	if (r.include.n) {
		char *inc = site_glob(cfg, root, "**/includes/**/*.md");
		if (inc && !kb_strv_contains(&r.include, inc))
			kb_strv_push(&r.include, inc);
		free(inc);
		site_set_strv(cfg, "include", &cfg->include, &r.include, src);
	}
	for (size_t i = 0; i < r.exclude.n; i++)
		if (!kb_strv_contains(&cfg->exclude, r.exclude.v[i]) &&
		    !strstr(r.exclude.v[i], "includes/**")) /* fragments, read as above */
			site_add_str(cfg, "exclude", &cfg->exclude, r.exclude.v[i], src);
	if (redirects(cfg, root, errs) != 0)
		r.ret = -1;
	kb_strv_free(&r.include);
	kb_strv_free(&r.exclude);
	free(src);
	return r.ret;
}

const site_gen site_docfx = {"docfx", "docfx", find, apply, KB_MARKUP_DOCFX};
