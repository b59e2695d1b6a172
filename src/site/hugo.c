/* hugo.c: Hugo (hugo.toml|yaml|yml|json; config.* or config/_default/ beside content/).
 *
 * What it reads (docs/sites.md, "Hugo"): the content folders (contentDir, each language's
 * contentDir, or the module mounts whose target is 'content'); which pages Hugo publishes (not
 * drafts, not pages dated in the future or expired, not headless bundles, not pages whose
 * build.render, or a cascade's, is 'never' or 'link', not the resources of a leaf bundle);
 * uglyURLs; baseURL's path and the languages' folders as URL prefixes; bare link targets a
 * render hook resolves ([term](g)). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "site_int.h"
#include "siteread.h"
#include "strset.h"


static const char *const exts[] = {"toml", "yaml", "yml", "json"};

static bool is_dir(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static char *find_named(const char *dir, const char *base)
{
	for (size_t i = 0; i < 4; i++) {
		kb_buf b = {0};
		kb_buf_printf(&b, "%s.%s", base, exts[i]);
		char *f = site_file_in(dir, b.data);
		kb_buf_free(&b);
		if (f)
			return f;
	}
	return NULL;
}

static char *find(const char *dir)
{
	char *f = find_named(dir, "hugo");
	if (f)
		return f;
	/* config.* and config/_default/ are common names: only beside a content folder */
	char *content = kb_path_join(dir, "content");
	bool has = is_dir(content);
	free(content);
	if (!has)
		return NULL;
	if ((f = find_named(dir, "config")))
		return f;
	char *def = kb_path_join(dir, "config/_default");
	if (!(f = find_named(def, "hugo")))
		f = find_named(def, "config");
	free(def);
	return f;
}

/* Reads file, and for a file in config/_default/ the other files there (languages.toml,
 * module.yaml: each one top-level key), into t. */
static void read_config(const char *file, kb_toml *t)
{
	site_read_config(file, t);
	const char *slash = strrchr(file, '/');
	size_t dn = slash ? (size_t)(slash - file) : 0;
	static const char def[] = "/config/_default";
	if (dn < sizeof def - 1 || memcmp(file + dn - (sizeof def - 1), def, sizeof def - 1) != 0)
		return;
	static const char *const parts[] = {"languages", "module", "permalinks", "markup"};
	char *dir = xstrndup(file, dn);
	for (size_t i = 0; i < 4; i++) {
		char *f = find_named(dir, parts[i]);
		kb_toml sub = {0};
		if (f && site_read_config(f, &sub) == 0)
			for (size_t j = 0; j < sub.n; j++) {
				kb_buf key = {0};
				kb_buf_printf(&key, "%s.%s", parts[i], sub.v[j].key);
				kb_toml_entry *e = kb_toml_add(t, key.data, sub.v[j].type, sub.v[j].str,
							       sub.v[j].line);
				e->flag = sub.v[j].flag;
				e->num = sub.v[j].num;
				for (size_t k = 0; k < sub.v[j].strs.n; k++)
					kb_strv_push(&e->strs, sub.v[j].strs.v[k]);
				kb_buf_free(&key);
			}
		kb_toml_free(&sub);
		free(f);
	}
	free(dir);
}

/* Hugo reads config and front matter keys whatever their case (baseurl, baseURL): the keys
 * of t lowercased, so lookups name them in lowercase. */
static void lower_keys(kb_toml *t)
{
	for (size_t i = 0; i < t->n; i++)
		for (char *k = t->v[i].key; *k; k++)
			if (*k >= 'A' && *k <= 'Z')
				*k = (char)(*k - 'A' + 'a');
}

/* "languages.en.contentdir" -> "en" (heap), or NULL when key is not a language's key k. */
static char *language_of(const char *key, const char *k)
{
	if (strncmp(key, "languages.", 10) != 0)
		return NULL;
	const char *lang = key + 10, *dot = strchr(lang, '.');
	if (!dot || dot == lang || strcmp(dot + 1, k) != 0)
		return NULL;
	return xstrndup(lang, (size_t)(dot - lang));
}

/* The content folders (relative to root) and, in langs, the language each serves ("" for the
 * default language's). */
static void content_dirs(const kb_toml *t, const char *root, kb_strv *dirs, kb_strv *langs)
{
	/* module mounts: defining one for content replaces the default content folder */
	for (size_t i = 0; i < t->n; i++) {
		const char *k = t->v[i].key;
		size_t n = strlen(k);
		if (strncmp(k, "module.mounts.", 14) != 0 || n < 7 || strcmp(k + n - 7, ".target") != 0 ||
		    !t->v[i].str || strcmp(t->v[i].str, "content") != 0)
			continue;
		kb_buf src = {0};
		kb_buf_put(&src, k, n - 7);
		kb_buf_puts(&src, ".source");
		const char *s = kb_toml_str(t, src.data);
		kb_buf_free(&src);
		if (s && !kb_strv_contains(dirs, s)) {
			kb_strv_push(dirs, s);
			kb_strv_push(langs, "");
		}
	}
	if (dirs->n)
		return;
	const char *def = kb_toml_str(t, "contentdir");
	kb_strv_push(dirs, def ? def : "content");
	kb_strv_push(langs, "");
	const char *deflang = kb_toml_str(t, "defaultcontentlanguage");
	if (!deflang)
		deflang = "en"; /* Hugo's default */
	for (size_t i = 0; i < t->n; i++) {
		char *lang = language_of(t->v[i].key, "contentdir");
		if (!lang)
			continue;
		const char *d = t->v[i].str;
		if (d && !kb_strv_contains(dirs, d)) {
			bool is_def = strcmp(deflang, lang) == 0;
			if (is_def) { /* the default language's folder replaces contentDir */
				free(dirs->v[0]);
				dirs->v[0] = xstrdup(d);
			} else {
				kb_strv_push(dirs, d);
				kb_strv_push(langs, lang);
			}
		}
		free(lang);
	}
	/* drop the folders that do not exist */
	for (size_t i = 0; i < dirs->n;) {
		char *abs = kb_path_join(root, dirs->v[i]);
		bool ok = is_dir(abs);
		free(abs);
		if (ok) {
			i++;
			continue;
		}
		free(dirs->v[i]);
		free(langs->v[i]);
		memmove(dirs->v + i, dirs->v + i + 1, (dirs->n - i - 1) * sizeof *dirs->v);
		memmove(langs->v + i, langs->v + i + 1, (langs->n - i - 1) * sizeof *langs->v);
		dirs->n--;
		langs->n--;
	}
}

/* How a page's front matter decides whether it is rendered. */
typedef enum { R_UNSET, R_RENDER, R_NEVER } render;

static render render_value(const char *v)
{
	if (!v)
		return R_UNSET;
	if (strcmp(v, "never") == 0 || strcmp(v, "link") == 0 || strcmp(v, "false") == 0)
		return R_NEVER;
	return R_RENDER;
}

/* The page's own build.render (or the older _build.render). */
static render own_render(const kb_toml *fm)
{
	render r = render_value(kb_toml_str(fm, "build.render"));
	return r != R_UNSET ? r : render_value(kb_toml_str(fm, "_build.render"));
}

/* What the page's cascade gives its descendants (and itself): a cascade map, or a list of
 * them; those with a target are left out (kblint does not match kinds and paths). */
static render cascade_render(const kb_toml *fm)
{
	static const char *const keys[] = {"cascade.build.render", "cascade._build.render"};
	bool targeted = site_has_below(fm, "cascade.target") || site_has_below(fm, "cascade._target");
	for (size_t i = 0; i < 2 && !targeted; i++) {
		render r = render_value(kb_toml_str(fm, keys[i]));
		if (r != R_UNSET)
			return r;
	}
	render found = R_UNSET;
	for (size_t n = 0; n < 64; n++) {
		char pre[64];
		snprintf(pre, sizeof pre, "cascade.%zu", n);
		if (!site_has_below(fm, pre))
			break;
		char k[96];
		snprintf(k, sizeof k, "%s.target", pre);
		bool tg = site_has_below(fm, k);
		snprintf(k, sizeof k, "%s._target", pre);
		tg = tg || site_has_below(fm, k);
		if (tg)
			continue;
		snprintf(k, sizeof k, "%s.build.render", pre);
		render r = render_value(kb_toml_str(fm, k));
		snprintf(k, sizeof k, "%s._build.render", pre);
		if (r == R_UNSET)
			r = render_value(kb_toml_str(fm, k));
		if (r != R_UNSET)
			found = r;
	}
	return found;
}

typedef struct {
	const char *root;    /* the site's folder */
	const char *cdir;    /* the content folder being walked, relative to root */
	bool drafts;         /* buildDrafts */
	bool future, expired; /* buildFuture, buildExpired */
	kb_date today;
	kb_strv publish, expiry; /* the fields of the publish and expiry dates */
	kb_strv files;       /* pages of this content folder, relative to it */
	kb_strmap folder_cascade; /* folder (relative to cdir, "" at the top) -> render + 1 */
	kb_strmap leaf;      /* folders holding index.md (leaf bundles) -> 1 when headless */
	kb_toml *fronts;     /* per file */
	size_t cap;
} walk_ctx;

static bool is_page(const char *rel)
{
	size_t n = strlen(rel);
	return (n > 3 && strcmp(rel + n - 3, ".md") == 0) ||
	       (n > 9 && strcmp(rel + n - 9, ".markdown") == 0);
}

static const char *base_name(const char *rel)
{
	const char *s = strrchr(rel, '/');
	return s ? s + 1 : rel;
}

static void collect(const char *rel, void *p)
{
	walk_ctx *c = p;
	if (!is_page(rel))
		return;
	if (c->files.n == c->cap) {
		c->cap = c->cap ? 2 * c->cap : 64;
		c->fronts = xrealloc(c->fronts, c->cap * sizeof *c->fronts);
	}
	kb_toml *fm = &c->fronts[c->files.n];
	memset(fm, 0, sizeof *fm);
	kb_buf path = {0};
	kb_buf_printf(&path, "%s/%s/%s", c->root, c->cdir, rel);
	site_read_front(path.data, fm);
	lower_keys(fm);
	kb_buf_free(&path);
	kb_strv_push(&c->files, rel);
	const char *b = base_name(rel);
	char *dir = xstrndup(rel, (size_t)(b - rel ? b - rel - 1 : 0));
	if (strncmp(b, "_index.", 7) == 0) {
		render r = cascade_render(fm);
		if (r != R_UNSET)
			kb_strmap_put(&c->folder_cascade, dir, (size_t)r);
	} else if (strncmp(b, "index.", 6) == 0) {
		kb_strmap_put(&c->leaf, dir, kb_toml_bool(fm, "headless") == 1);
	}
	free(dir);
}

/* Hugo's default front matter fields for a page's publish date and expiry date: a page whose
 * publish date is in the future, or whose expiry date is past, is not built (unless
 * buildFuture, buildExpired). */
static const char *const publish_keys[] = {"publishdate", "pubdate", "published", "date", NULL};
static const char *const expiry_keys[] = {"expirydate", "unpublishdate", NULL};
enum { NO_DATE = INT32_MIN };

/* The date of the first of keys that fm holds as a date, or NO_DATE. */
static kb_date date_of(const kb_toml *fm, const kb_strv *keys)
{
	for (size_t i = 0; i < keys->n; i++) {
		const char *v = kb_toml_str(fm, keys->v[i]);
		kb_date d;
		if (v && kb_date_parse_iso(v, strlen(v), &d) == 0)
			return d;
	}
	return NO_DATE;
}

/* The fields the config's [frontmatter] names for what (publishdate, expirydate), ":default"
 * standing for Hugo's, other ':' tokens (":git", ":filename") left out; Hugo's defaults when
 * the config names none. */
static void date_keys(const kb_toml *t, const char *what, const char *const *defaults,
		      kb_strv *out)
{
	kb_buf k = {0};
	kb_buf_printf(&k, "frontmatter.%s", what);
	const kb_toml_entry *e = kb_toml_get(t, k.data);
	kb_buf_free(&k);
	bool def = !e || e->type != KB_TOML_STRINGS;
	for (size_t i = 0; !def && i < e->strs.n; i++) {
		const char *f = e->strs.v[i];
		if (strcmp(f, ":default") == 0)
			def = true;
		else if (f[0] != ':') {
			char *low = xstrdup(f);
			for (char *c = low; *c; c++)
				if (*c >= 'A' && *c <= 'Z')
					*c = (char)(*c - 'A' + 'a');
			kb_strv_push(out, low);
			free(low);
		}
	}
	for (size_t i = 0; def && defaults[i]; i++)
		if (!kb_strv_contains(out, defaults[i]))
			kb_strv_push(out, defaults[i]);
}

/* Cuts folder path f ("a/b", "a", "" for the content root) to its parent in place; false when f
 * is already the root. */
static bool parent_folder(char *f)
{
	char *s = strrchr(f, '/');
	if (s)
		*s = '\0';
	else if (f[0])
		f[0] = '\0';
	else
		return false;
	return true;
}

/* Whether Hugo publishes the page rel (relative to the content folder). */
static bool published(const walk_ctx *c, size_t i)
{
	const char *rel = c->files.v[i];
	const kb_toml *fm = &c->fronts[i];
	const char *b = base_name(rel);
	bool is_index = strncmp(b, "index.", 6) == 0, is_branch = strncmp(b, "_index.", 7) == 0;
	/* inside a leaf bundle (a folder above holds index.md), a Markdown file is a resource */
	char *d = xstrdup(rel);
	char *slash = strrchr(d, '/');
	bool first = true;
	for (;;) {
		if (!slash) {
			d[0] = '\0';
		} else
			*slash = '\0';
		size_t leaf = kb_strmap_get(&c->leaf, d);
		if (leaf != (size_t)-1 && (!is_index || !first || leaf == 1)) {
			free(d);
			return false;
		}
		first = false;
		if (!slash)
			break;
		slash = strrchr(d, '/');
	}
	free(d);
	if (kb_toml_bool(fm, "draft") == 1 && !c->drafts)
		return false;
	if (!c->future && date_of(fm, &c->publish) > c->today)
		return false;
	kb_date exp = date_of(fm, &c->expiry);
	if (!c->expired && exp != NO_DATE && exp < c->today)
		return false;
	render r = own_render(fm);
	if (r == R_UNSET && is_branch)
		r = cascade_render(fm);
	/* the nearest cascade above: the page's own folder's _index.md, then its ancestors' */
	char *f = xstrndup(rel, (size_t)(b - rel ? b - rel - 1 : 0));
	/* a section's own cascade was taken: start at its parent */
	bool top = is_branch && !parent_folder(f);
	while (r == R_UNSET && !top) {
		size_t v = kb_strmap_get(&c->folder_cascade, f);
		if (v != (size_t)-1)
			r = (render)v;
		top = !parent_folder(f);
	}
	free(f);
	return r != R_NEVER;
}

static void hook_file(const char *rel, void *p)
{
	if (strstr(rel, "_markup/render-link"))
		*(bool *)p = true;
}

/* Whether a link render hook may be at work: the site's layouts hold one, or its layouts come
 * from a theme or module kblint does not see, or it has no layouts folder at all (a repository
 * holding only the content). */
static bool may_have_link_hook(const kb_toml *t, const char *root)
{
	if (kb_toml_get(t, "theme") || site_has_below(t, "module.imports"))
		return true;
	char *layouts = kb_path_join(root, "layouts");
	bool found = !is_dir(layouts);
	if (!found)
		site_walk(layouts, hook_file, &found);
	free(layouts);
	return found;
}

static int apply(kb_config *cfg, const char *root, const char *file, kb_errs *errs)
{
	(void)errs;
	char *src = file ? site_display(file) : xstrdup("hugo defaults");
	kb_toml t = {0};
	if (file)
		read_config(file, &t);
	lower_keys(&t);
	kb_strv dirs = {0}, langs = {0};
	content_dirs(&t, root, &dirs, &langs);
	kb_strv inc = {0};
	site_pages pages = {0};
	for (size_t d = 0; d < dirs.n; d++) {
		static const char *const pats[] = {"**/*.md", "**/*.markdown"};
		for (size_t i = 0; i < 2; i++) {
			kb_buf b = {0};
			kb_buf_printf(&b, "%s/%s", dirs.v[d], pats[i]);
			char *g = site_glob(cfg, root, b.data);
			if (g)
				kb_strv_push(&inc, g);
			free(g);
			kb_buf_free(&b);
		}
		walk_ctx c = {.root = root, .cdir = dirs.v[d]};
		c.drafts = kb_toml_bool(&t, "builddrafts") == 1;
		c.future = kb_toml_bool(&t, "buildfuture") == 1;
		c.expired = kb_toml_bool(&t, "buildexpired") == 1;
		c.today = cfg->has_today ? cfg->today : kb_date_today_utc();
		date_keys(&t, "publishdate", publish_keys, &c.publish);
		date_keys(&t, "expirydate", expiry_keys, &c.expiry);
		char *abs = kb_path_join(root, dirs.v[d]);
		site_walk(abs, collect, &c);
		free(abs);
		for (size_t i = 0; i < c.files.n; i++) {
			kb_buf b = {0};
			kb_buf_printf(&b, "%s/%s", dirs.v[d], c.files.v[i]);
			site_pages_add(&pages, b.data, published(&c, i));
			kb_buf_free(&b);
			kb_toml_free(&c.fronts[i]);
		}
		free(c.fronts);
		kb_strv_free(&c.files);
		kb_strmap_free(&c.folder_cascade);
		kb_strmap_free(&c.leaf);
		kb_strv_free(&c.publish);
		kb_strv_free(&c.expiry);
	}
	if (inc.n)
		site_set_strv(cfg, "include", &cfg->include, &inc, src);
	kb_strv_free(&inc);
	site_pages_exclude(&pages, cfg, root, src);
	/* uglyURLs: true serves a/b.md at a/b.html; a per-section map keeps pretty URLs */
	site_set_bool(cfg, "links.pretty_urls", &cfg->pretty_urls, kb_toml_bool(&t, "uglyurls") != 1,
		      src);
	/* Hugo lowercases URLs ("Build.md" is served at "build/") unless disablePathToLower */
	if (kb_toml_bool(&t, "disablepathtolower") != 1)
		site_set_bool(cfg, "links.case_sensitive", &cfg->links_case_sensitive, false, src);
	if (dirs.n) {
		/* site-absolute links ("/a/b/") name pages below the default content folder */
		char *joined = kb_path_join(root, dirs.v[0]);
		char *abs = kb_path_absolute(joined);
		site_set_text(cfg, "links.root", &cfg->links_root, abs, src);
		free(joined);
		free(abs);
		const char *base = kb_toml_str(&t, "baseurl");
		site_set_base_url(cfg, base, NULL, src);
		char *path = base ? site_url_path(base) : NULL;
		if (path && strcmp(path, "/") != 0)
			site_add_prefix(cfg, path, root, dirs.v[0], src);
		for (size_t d = 1; d < dirs.n; d++) {
			kb_buf b = {0};
			kb_buf_printf(&b, "%s%s/", path ? path : "/", langs.v[d]);
			if (langs.v[d][0])
				site_add_prefix(cfg, b.data, root, dirs.v[d], src);
			kb_buf_free(&b);
		}
		free(path);
	}
	if (may_have_link_hook(&t, root))
		site_bare_targets(cfg, root, &pages, src);
	site_pages_free(&pages);
	kb_strv_free(&dirs);
	kb_strv_free(&langs);
	kb_toml_free(&t);
	free(src);
	return 0;
}

const site_gen site_hugo = {"hugo", "Hugo", find, apply, KB_MARKUP_HUGO};
