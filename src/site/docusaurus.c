/* docusaurus.c: Docusaurus (docusaurus.config.js|ts|mjs|cjs).
 *
 * The config is JavaScript: it is not run, only searched for what the docs and blog options of
 * the classic preset name as plain string literals (docs: {path: 'x', routeBasePath: 'y'},
 * blog: {...}, baseUrl), with the defaults where nothing is found (docs/ at /docs/, blog/ at
 * /blog/). Pages: the docs folder, the blog, src/pages, each versioned_docs/version-X folder (at
 * /docs/VERSION/); not i18n/ (translations), not names starting with '_' (partials), not
 * 'draft: true' pages. Front matter 'id' names the page in its URL when there is no 'slug'.
 * docs/sites.md, "Docusaurus". */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "ascii.h"
#include "site_int.h"
#include "siteread.h"

static char *find(const char *dir)
{
	static const char *const names[] = {"docusaurus.config.js", "docusaurus.config.ts",
					    "docusaurus.config.mjs", "docusaurus.config.cjs"};
	for (size_t i = 0; i < 4; i++) {
		char *f = site_file_in(dir, names[i]);
		if (f)
			return f;
	}
	return NULL;
}

static bool word_char(char c)
{
	return kb_isalnum(c) || c == '_' || c == '$';
}

/* The text between the braces of the object literal at q (heap), or NULL when it never closes. */
static char *object_at(const char *q)
{
	int depth = 0;
	for (const char *e = q; *e; e++) {
		if (*e == '{')
			depth++;
		else if (*e == '}' && --depth == 0)
			return xstrndup(q + 1, (size_t)(e - q - 1));
	}
	return NULL;
}

/* The text of the object literal that follows "name:" (a property), between its braces (heap),
 * or NULL; *is_false set when the property is false (blog: false). */
static char *object_after(const char *js, const char *name, bool *is_false)
{
	size_t n = strlen(name);
	for (const char *p = strstr(js, name); p; p = strstr(p + 1, name)) {
		if ((p > js && (word_char(p[-1]) || p[-1] == '.')) || word_char(p[n]))
			continue;
		const char *q = p + n;
		if (*q == '\'' || *q == '"')
			q++;
		while (*q == ' ' || *q == '\t')
			q++;
		if (*q != ':')
			continue;
		q++;
		while (*q == ' ' || *q == '\t' || *q == '\n' || *q == '\r')
			q++;
		if (is_false && strncmp(q, "false", 5) == 0 && !word_char(q[5])) {
			*is_false = true;
			return NULL;
		}
		if (*q != '{')
			continue;
		return object_at(q);
	}
	return NULL;
}

/* The string literal of property name at the top level of obj ('x', "x" or `x` without ${}),
 * heap, or NULL. */
static char *string_prop(const char *obj, const char *name)
{
	size_t n = strlen(name);
	int depth = 0;
	for (const char *p = obj; *p; p++) {
		if (*p == '{' || *p == '[' || *p == '(')
			depth++;
		else if ((*p == '}' || *p == ']' || *p == ')') && depth)
			depth--;
		if (depth || strncmp(p, name, n) != 0 || (p > obj && word_char(p[-1])) ||
		    word_char(p[n]))
			continue;
		const char *q = p + n;
		while (*q == ' ' || *q == '\t')
			q++;
		if (*q != ':')
			continue;
		q++;
		while (*q == ' ' || *q == '\t')
			q++;
		char quote = *q;
		if (quote != '\'' && quote != '"' && quote != '`')
			return NULL;
		const char *e = strchr(q + 1, quote);
		if (!e || memchr(q + 1, '\n', (size_t)(e - q - 1)) ||
		    (quote == '`' && memchr(q + 1, '$', (size_t)(e - q - 1))))
			return NULL;
		return xstrndup(q + 1, (size_t)(e - q - 1));
	}
	return NULL;
}

typedef struct {
	const char *root;
	const char *dir; /* the folder walked, relative to root */
	site_pages *pages;
} walk_ctx;

static void collect(const char *rel, void *p)
{
	walk_ctx *c = p;
	size_t n = strlen(rel);
	if (!(n > 3 && strcmp(rel + n - 3, ".md") == 0) && !(n > 4 && strcmp(rel + n - 4, ".mdx") == 0))
		return;
	/* partials: a name starting with '_' on the way */
	bool published = rel[0] != '_' && !strstr(rel, "/_");
	kb_buf path = {0};
	kb_buf_printf(&path, "%s/%s/%s", c->root, c->dir, rel);
	if (published) {
		kb_toml fm = {0};
		site_read_front(path.data, &fm);
		published = kb_toml_bool(&fm, "draft") != 1;
		kb_toml_free(&fm);
	}
	kb_buf_free(&path);
	kb_buf b = {0};
	kb_buf_printf(&b, "%s/%s", c->dir, rel);
	site_pages_add(c->pages, b.data, published);
	kb_buf_free(&b);
}

static bool is_dir(const char *root, const char *rel)
{
	char *p = kb_path_join(root, rel);
	struct stat st;
	bool ok = stat(p, &st) == 0 && S_ISDIR(st.st_mode);
	free(p);
	return ok;
}

/* "/base/" + "route" as a URL prefix with one '/' between parts and one at the end (heap). */
static char *route(const char *base, const char *r)
{
	kb_buf b = {0};
	kb_buf_puts(&b, base);
	if (b.len && b.data[b.len - 1] == '/')
		b.len--;
	kb_buf_printf(&b, "/%s", r[0] == '/' ? r + 1 : r);
	char *s = kb_buf_take(&b);
	char *out = site_url_path(s);
	free(s);
	return out;
}

static void versions(const char *rel, void *p)
{
	/* versioned_docs/version-1.0/x.md: note version folders through their files */
	kb_strv *v = p;
	if (strncmp(rel, "version-", 8) != 0)
		return;
	const char *slash = strchr(rel, '/');
	if (!slash)
		return;
	char *name = xstrndup(rel, (size_t)(slash - rel));
	if (!kb_strv_contains(v, name))
		kb_strv_push(v, name);
	free(name);
}

static int apply(kb_config *cfg, const char *root, const char *file, kb_errs *errs)
{
	(void)errs;
	char *src = file ? site_display(file) : xstrdup("docusaurus defaults");
	char *js = NULL, err[256];
	size_t len;
	if (file && kb_read_file(file, SITE_MAX_CONFIG, &js, &len, err, sizeof err) != 0)
		site_warn(src, 0, "cannot read it (%s); the Docusaurus defaults are used", err);
	bool no_blog = false;
	char *docs_obj = js ? object_after(js, "docs", NULL) : NULL;
	char *blog_obj = js ? object_after(js, "blog", &no_blog) : NULL;
	char *docs = docs_obj ? string_prop(docs_obj, "path") : NULL;
	char *docs_route = docs_obj ? string_prop(docs_obj, "routeBasePath") : NULL;
	char *blog = blog_obj ? string_prop(blog_obj, "path") : NULL;
	char *blog_route = blog_obj ? string_prop(blog_obj, "routeBasePath") : NULL;
	const char *bu = js ? strstr(js, "baseUrl") : NULL;
	char *base = bu ? string_prop(bu, "baseUrl") : NULL;
	const char *dirs[3] = {docs ? docs : "docs", no_blog ? NULL : blog ? blog : "blog",
			       "src/pages"};
	kb_strv vers = {0};
	if (is_dir(root, "versioned_docs")) {
		char *vd = kb_path_join(root, "versioned_docs");
		site_walk(vd, versions, &vers);
		free(vd);
	}
	/* the folders of pages and the route each is served at ("" for none known) */
	kb_strv folders = {0}, routes = {0};
	const char *dr = docs_route ? docs_route : "docs";
	kb_strv_push(&folders, dirs[0]);
	kb_strv_push(&routes, dr);
	if (dirs[1]) {
		kb_strv_push(&folders, dirs[1]);
		kb_strv_push(&routes, blog_route ? blog_route : "blog");
	}
	kb_strv_push(&folders, dirs[2]);
	kb_strv_push(&routes, "");
	for (size_t i = 0; i < vers.n; i++) {
		kb_buf f = {0}, r = {0};
		kb_buf_printf(&f, "versioned_docs/%s", vers.v[i]);
		kb_buf_printf(&r, "%s/%s", dr, vers.v[i] + 8);
		kb_strv_push(&folders, f.data);
		kb_strv_push(&routes, r.data);
		kb_buf_free(&f);
		kb_buf_free(&r);
	}
	/* more docs instances: plugins: [['@docusaurus/plugin-content-docs', {id, path, ...}]] */
	for (const char *p = js ? strstr(js, "plugin-content-docs") : NULL; p;
	     p = strstr(p + 1, "plugin-content-docs")) {
		const char *q = p + strcspn(p, "{]");
		char *obj = *q == '{' ? object_at(q) : NULL;
		char *path = obj ? string_prop(obj, "path") : NULL;
		char *rb = obj ? string_prop(obj, "routeBasePath") : NULL;
		if (obj && !kb_strv_contains(&folders, path ? path : "docs")) {
			kb_strv_push(&folders, path ? path : "docs");
			kb_strv_push(&routes, rb ? rb : "docs");
		}
		free(obj);
		free(path);
		free(rb);
	}
	site_pages pages = {0};
	kb_strv inc = {0};
	for (size_t i = 0; i < folders.n; i++) {
		const char *dir = folders.v[i];
		if (!is_dir(root, dir))
			continue;
		static const char *const pats[] = {"**/*.md", "**/*.mdx"};
		for (size_t k = 0; k < 2; k++)
			site_push_glob(cfg, root, dir, pats[k], &inc);
		walk_ctx c = {root, dir, &pages};
		char *abs = kb_path_join(root, dir);
		site_walk(abs, collect, &c);
		free(abs);
		if (!routes.v[i][0])
			continue;
		char *from = route(base ? base : "/", routes.v[i]);
		if (strcmp(from, "/") == 0) {
			char *j = kb_path_join(root, dir), *a = kb_path_absolute(j);
			site_set_text(cfg, "links.root", &cfg->links_root, a, src);
			free(j);
			free(a);
		} else {
			site_add_prefix(cfg, from, root, dir, src);
		}
		free(from);
	}
	kb_strv_free(&folders);
	kb_strv_free(&routes);
	if (inc.n)
		site_set_strv(cfg, "include", &cfg->include, &inc, src);
	kb_strv_free(&inc);
	site_pages_exclude(&pages, cfg, root, src);
	site_pages_free(&pages);
	site_set_bool(cfg, "links.pretty_urls", &cfg->pretty_urls, true, src);
	/* a doc's id replaces its file name in its URL when it has no slug */
	if (site_may(cfg, "fields.slug") && !kb_strv_contains(&cfg->fields[KB_ROLE_SLUG], "id"))
		site_add_str(cfg, "fields.slug", &cfg->fields[KB_ROLE_SLUG], "id", src);
	kb_strv_free(&vers);
	free(docs_obj);
	free(blog_obj);
	free(docs);
	free(docs_route);
	free(blog);
	free(blog_route);
	free(base);
	free(js);
	free(src);
	return 0;
}

const site_gen site_docusaurus = {"docusaurus", "Docusaurus", find, apply, 0};
