/* jekyll.c: Jekyll (_config.yml).
 *
 * What it reads (docs/sites.md, "Jekyll"): source; exclude and include; collections (and
 * collections_dir): _posts and collections with 'output: true' are pages, other collections
 * and _drafts are not; files and folders starting with '_' or '.' are not pages; a page with
 * 'published: false' is not published, nor a post dated in the future (unless future: true); permalink (pretty or ending in '/': pretty URLs, else
 * ".html" links name the Markdown files); baseurl as a URL prefix; defaults (scope path and
 * type) as metadata defaults. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "glob.h"
#include "site_int.h"
#include "siteread.h"

static char *find(const char *dir)
{
	return site_file_in(dir, "_config.yml");
}

/* What Jekyll leaves out even when the config does not say so. */
static const char *const default_exclude[] = {
	"Gemfile", "Gemfile.lock", "node_modules", "vendor/bundle/", "vendor/cache/",
	"vendor/gems/", "vendor/ruby/", ".sass-cache/", ".jekyll-cache/", "gemfiles/", "_site",
};

typedef struct {
	const kb_toml *t;
	const char *source;   /* relative to the site's folder, "" for itself */
	const char *coll_dir; /* collections_dir, "" when none */
	const char *root;
	bool future;          /* future: true publishes posts dated after today */
	kb_date today;
	site_pages pages;
} walk_ctx;

static bool is_page(const char *rel)
{
	size_t n = strlen(rel);
	return (n > 3 && strcmp(rel + n - 3, ".md") == 0) ||
	       (n > 9 && strcmp(rel + n - 9, ".markdown") == 0);
}

/* True when the config's list key holds a pattern that matches rel or one of its folders. */
static bool listed(const kb_toml *t, const char *key, const char *rel)
{
	const kb_toml_entry *e = kb_toml_get(t, key);
	for (size_t i = 0; e && e->type == KB_TOML_STRINGS && i < e->strs.n; i++) {
		char *pat = xstrdup(e->strs.v[i]);
		size_t n = strlen(pat);
		while (n > 1 && pat[n - 1] == '/')
			pat[--n] = '\0';
		/* a name or a pattern anchored at the source folder, as Jekyll compares them */
		kb_buf b = {0};
		kb_buf_printf(&b, "%s%s", pat[0] == '/' ? "" : "/", pat);
		bool hit = kb_glob_match(b.data, rel);
		kb_buf_free(&b);
		free(pat);
		if (hit)
			return true;
	}
	if (strcmp(key, "exclude") == 0)
		for (size_t i = 0; i < sizeof default_exclude / sizeof *default_exclude; i++) {
			kb_buf b = {0};
			kb_buf_printf(&b, "/%s", default_exclude[i]);
			bool hit = kb_glob_match(b.data, rel);
			kb_buf_free(&b);
			if (hit)
				return true;
		}
	return false;
}

/* Whether collection name ("posts", "recipes") is written out as pages. */
static bool collection_output(const kb_toml *t, const char *name)
{
	if (strcmp(name, "posts") == 0)
		return true;
	kb_buf k = {0};
	kb_buf_printf(&k, "collections.%s.output", name);
	int v = kb_toml_bool(t, k.data);
	kb_buf_free(&k);
	return v == 1;
}

/* True when the file opens with a "---" line (Jekyll renders only such files; GitHub Pages'
 * jekyll-optional-front-matter renders the others too, but not the files below). */
static bool has_front_matter(const char *path)
{
	FILE *f = fopen(path, "rb");
	char head[8] = {0};
	size_t n = f ? fread(head, 1, sizeof head - 1, f) : 0;
	if (f)
		fclose(f);
	const char *h = n >= 3 && memcmp(head, "\xEF\xBB\xBF", 3) == 0 ? head + 3 : head;
	return strncmp(h, "---", 3) == 0;
}

/* A repository's own file that jekyll-optional-front-matter leaves out when it has no front
 * matter (its FILENAME_BLACKLIST): README, LICENSE, CONTRIBUTING... */
static bool repo_file(const char *rel)
{
	static const char *const names[] = {"README", "LICENSE", "LICENCE", "COPYING",
					    "CODE_OF_CONDUCT", "CONTRIBUTING", "ISSUE_TEMPLATE",
					    "PULL_REQUEST_TEMPLATE"};
	const char *b = strrchr(rel, '/');
	b = b ? b + 1 : rel;
	size_t n = strcspn(b, ".");
	for (size_t i = 0; i < sizeof names / sizeof *names; i++)
		if (strlen(names[i]) == n && strncasecmp(b, names[i], n) == 0)
			return true;
	return false;
}

static bool is_post(const char *in)
{
	return strncmp(in, "_posts/", 7) == 0 || strstr(in, "/_posts/") != NULL;
}

/* A post's date: its front matter's date, else the YYYY-MM-DD its file name starts with;
 * INT32_MIN when it has none. */
static kb_date post_date(const char *in, const kb_toml *fm)
{
	kb_date d;
	const char *v = kb_toml_str(fm, "date");
	if (v && kb_date_parse_iso(v, strlen(v), &d) == 0)
		return d;
	const char *b = strrchr(in, '/');
	b = b ? b + 1 : in;
	if (strlen(b) >= 10 && kb_date_parse_iso(b, 10, &d) == 0)
		return d;
	return INT32_MIN;
}

static void collect(const char *rel, void *p)
{
	walk_ctx *c = p;
	if (!is_page(rel))
		return;
	bool published = true;
	/* relative to collections_dir when the file is below it */
	const char *in = rel;
	size_t cn = strlen(c->coll_dir);
	if (cn && strncmp(rel, c->coll_dir, cn) == 0 && rel[cn] == '/')
		in = rel + cn + 1;
	if (in[0] == '_') {
		const char *slash = strchr(in, '/');
		char *name = slash ? xstrndup(in + 1, (size_t)(slash - in - 1)) : NULL;
		published = name && strcmp(name, "drafts") != 0 &&
			    (collection_output(c->t, name) || listed(c->t, "include", rel));
		free(name);
	}
	/* any other name starting with '_' or '.' on the way is left out, unless included */
	for (const char *s = in; published && s; s = strchr(s, '/')) {
		if (*s == '/')
			s++;
		if ((s != in && s[0] == '_') || s[0] == '.')
			published = listed(c->t, "include", rel);
	}
	if (published && listed(c->t, "exclude", rel) && !listed(c->t, "include", rel))
		published = false;
	if (published) {
		kb_buf path = {0};
		kb_buf_printf(&path, "%s/%s%s%s", c->root, c->source, *c->source ? "/" : "", rel);
		kb_toml fm = {0};
		site_read_front(path.data, &fm);
		published = kb_toml_bool(&fm, "published") != 0;
		if (published && !c->future && is_post(in) && post_date(in, &fm) > c->today)
			published = false; /* a post dated in the future (future: false) */
		if (published && !has_front_matter(path.data))
			published = !repo_file(rel);
		kb_toml_free(&fm);
		kb_buf_free(&path);
	}
	kb_buf b = {0};
	kb_buf_printf(&b, "%s%s%s", c->source, *c->source ? "/" : "", rel);
	site_pages_add(&c->pages, b.data, published);
	kb_buf_free(&b);
}

/* defaults: [{scope: {path, type}, values: {field: value}}] as 'defaults' entries. */
static void add_defaults(kb_config *cfg, const kb_toml *t, const char *source, const char *root,
			 const char *src)
{
	for (size_t n = 0; n < 1000; n++) {
		char pre[64];
		snprintf(pre, sizeof pre, "defaults.%zu", n);
		if (!site_has_below(t, pre))
			break;
		kb_buf k = {0};
		kb_buf_printf(&k, "%s.scope.path", pre);
		const char *path = kb_toml_str(t, k.data);
		k.len = 0;
		kb_buf_printf(&k, "%s.scope.type", pre);
		const char *type = kb_toml_str(t, k.data);
		kb_buf_free(&k);
		kb_buf g = {0};
		if (*source)
			kb_buf_printf(&g, "%s/", source);
		if (path && *path) {
			kb_buf_puts(&g, path[0] == '/' ? path + 1 : path);
			if (!strchr(path, '*'))
				kb_buf_puts(&g, "/**");
		} else if (type && strcmp(type, "pages") != 0) {
			kb_buf_printf(&g, "_%s/**", type);
		} else {
			kb_buf_puts(&g, "**");
		}
		char *glob = site_glob(cfg, root, g.data);
		kb_buf_free(&g);
		if (!glob)
			continue;
		kb_strv files = {0};
		kb_strv_push(&files, glob);
		if (path && *path && !strchr(path, '*')) { /* the path may name a file */
			char *exact = xstrndup(glob, strlen(glob) - 3);
			kb_strv_push(&files, exact);
			free(exact);
		}
		free(glob);
		size_t vn = strlen(pre) + 8; /* "defaults.N.values." */
		for (size_t i = 0; i < t->n; i++) {
			const kb_toml_entry *e = &t->v[i];
			if (strncmp(e->key, pre, strlen(pre)) != 0 ||
			    strncmp(e->key + strlen(pre), ".values.", 8) != 0 || !e->str)
				continue;
			site_add_default(cfg, &files, e->key + vn, e->str, src);
		}
		kb_strv_free(&files);
	}
}

static int apply(kb_config *cfg, const char *root, const char *file, kb_errs *errs)
{
	(void)errs;
	char *src = file ? site_display(file) : xstrdup("jekyll defaults");
	kb_toml t = {0};
	if (file)
		site_read_config(file, &t);
	const char *source = kb_toml_str(&t, "source");
	if (!source || strcmp(source, ".") == 0 || strcmp(source, "./") == 0)
		source = "";
	const char *cdir = kb_toml_str(&t, "collections_dir");
	walk_ctx c = {.t = &t, .source = source, .coll_dir = cdir ? cdir : "", .root = root};
	c.future = kb_toml_bool(&t, "future") == 1;
	c.today = cfg->has_today ? cfg->today : kb_date_today_utc();
	char *sdir = kb_path_join(root, *source ? source : ".");
	site_walk(sdir, collect, &c);
	kb_strv inc = {0};
	static const char *const pats[] = {"**/*.md", "**/*.markdown"};
	for (size_t i = 0; i < 2; i++)
		site_push_glob(cfg, root, source, pats[i], &inc);
	if (inc.n)
		site_set_strv(cfg, "include", &cfg->include, &inc, src);
	kb_strv_free(&inc);
	site_pages_exclude(&c.pages, cfg, root, src);
	site_pages_free(&c.pages);
	/* permalink: pretty, or a pattern ending in '/', serves a/b.md at a/b/; date (the
	 * default), ordinal, none and other patterns at a/b.html */
	const char *perm = kb_toml_str(&t, "permalink");
	size_t pn = perm ? strlen(perm) : 0;
	bool pretty = perm && (strcmp(perm, "pretty") == 0 || (pn && perm[pn - 1] == '/'));
	site_set_bool(cfg, "links.pretty_urls", &cfg->pretty_urls, pretty, src);
	if (!pretty && site_may(cfg, "links.extensions") &&
	    !kb_strv_contains(&cfg->ext_from, ".html")) {
		kb_strv_push(&cfg->ext_from, ".html");
		kb_strv_push(&cfg->ext_to, ".md");
		kb_strv_push(&cfg->ext_from, ".html");
		kb_strv_push(&cfg->ext_to, ".markdown");
		kb_config_set_origin(cfg, "links.extensions", src);
	}
	char *abs = kb_path_absolute(sdir);
	site_set_text(cfg, "links.root", &cfg->links_root, abs, src);
	const char *base = kb_toml_str(&t, "baseurl");
	site_set_base_url(cfg, kb_toml_str(&t, "url"), base, src);
	char *path = base && *base ? site_url_path(base) : NULL;
	if (path && strcmp(path, "/") != 0)
		site_add_prefix(cfg, path, abs, "", src);
	free(path);
	free(abs);
	free(sdir);
	if (site_may(cfg, "defaults"))
		add_defaults(cfg, &t, source, root, src);
	kb_toml_free(&t);
	free(src);
	return 0;
}

const site_gen site_jekyll = {"jekyll", "Jekyll", find, apply, KB_MARKUP_LIQUID};
