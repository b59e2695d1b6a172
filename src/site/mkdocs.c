/* mkdocs.c: MkDocs (mkdocs.yml).
 *
 * What it reads (docs/sites.md, "MkDocs"): docs_dir (default docs); use_directory_urls
 * (default true: pretty URLs); exclude_docs and draft_docs (gitignore-style lines); the
 * redirects plugin's redirect_maps as redirects; site_url's path as a URL prefix. A mkdocs.yml
 * that is not valid YAML is warned about and the defaults are used. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "site_int.h"
#include "siteread.h"

static char *find(const char *dir)
{
	char *f = site_file_in(dir, "mkdocs.yml");
	return f ? f : site_file_in(dir, "mkdocs.yaml");
}

static void add_exclude(kb_config *cfg, const char *root, const char *docs, const char *glob,
			const char *src)
{
	kb_buf b = {0};
	kb_buf_printf(&b, "%s/%s", docs, glob);
	char *g = site_glob(cfg, root, b.data);
	if (g && !kb_strv_contains(&cfg->exclude, g))
		site_add_str(cfg, "exclude", &cfg->exclude, g, src);
	free(g);
	kb_buf_free(&b);
}

/* gitignore-style lines (exclude_docs, draft_docs) as exclude globs below docs. A '!' line
 * (put back) is not supported: it is warned about. */
static void gitignore_lines(kb_config *cfg, const char *root, const char *docs,
			    const kb_toml_entry *e, const char *file, const char *src)
{
	if (!e || !e->str)
		return;
	const char *p = e->str;
	int line = e->line;
	while (*p) {
		size_t n = strcspn(p, "\n");
		char *l = xstrndup(p, n);
		size_t k = strlen(l);
		while (k && (l[k - 1] == ' ' || l[k - 1] == '\t' || l[k - 1] == '\r'))
			l[--k] = '\0';
		const char *s = l;
		while (*s == ' ' || *s == '\t')
			s++;
		if (*s == '!') {
			site_warn(file, line, "'%s': a '!' line is not supported; the files it puts "
				  "back stay excluded (override with include in .kblint.yaml)", s);
		} else if (*s && *s != '#') {
			kb_buf g = {0};
			/* a pattern with a '/' before its end is anchored, else it matches at any depth */
			const char *slash = strchr(s, '/');
			if (slash && slash[1])
				kb_buf_puts(&g, s[0] == '/' ? s + 1 : s);
			else
				kb_buf_printf(&g, "**/%s", s);
			add_exclude(cfg, root, docs, g.data, src);
			kb_buf_free(&g);
		}
		free(l);
		p += n;
		if (*p == '\n') {
			p++;
			line++;
		}
	}
}

/* plugins: [redirects: {redirect_maps: {old.md: new.md}}] (a list or a map of plugins). */
static void redirects(kb_config *cfg, const kb_toml *t, const char *src)
{
	static const char marker[] = "redirects.redirect_maps.";
	for (size_t i = 0; i < t->n; i++) {
		const char *k = t->v[i].key;
		if (strncmp(k, "plugins.", 8) != 0 || !t->v[i].str || t->v[i].type != KB_TOML_STRING)
			continue;
		const char *rest = k + 8;
		while (*rest >= '0' && *rest <= '9')
			rest++;
		if (*rest == '.')
			rest++;
		if (strncmp(rest, marker, sizeof marker - 1) != 0 || !rest[sizeof marker - 1])
			continue;
		site_add_redirect(cfg, rest + sizeof marker - 1, t->v[i].str, src);
	}
}

static int apply(kb_config *cfg, const char *root, const char *file, kb_errs *errs)
{
	(void)errs;
	char *src = file ? site_display(file) : xstrdup("mkdocs defaults");
	kb_toml t = {0};
	if (file && site_read_config(file, &t) != 0)
		kb_toml_free(&t); /* warned: the defaults */
	const char *docs = kb_toml_str(&t, "docs_dir");
	char *d = xstrdup(docs && *docs ? docs : "docs");
	size_t dn = strlen(d);
	while (dn > 1 && d[dn - 1] == '/')
		d[--dn] = '\0';
	kb_strv inc = {0};
	static const char *const pats[] = {"**/*.md", "**/*.markdown"};
	for (size_t i = 0; i < 2; i++)
		site_push_glob(cfg, root, d, pats[i], &inc);
	if (inc.n)
		site_set_strv(cfg, "include", &cfg->include, &inc, src);
	kb_strv_free(&inc);
	/* MkDocs leaves out names starting with '.' and the templates folder by default */
	add_exclude(cfg, root, d, "templates/**", src);
	gitignore_lines(cfg, root, d, kb_toml_get(&t, "exclude_docs"), file, src);
	gitignore_lines(cfg, root, d, kb_toml_get(&t, "draft_docs"), file, src);
	site_set_bool(cfg, "links.pretty_urls", &cfg->pretty_urls,
		      kb_toml_bool(&t, "use_directory_urls") != 0, src);
	char *joined = kb_path_join(root, d), *abs = kb_path_absolute(joined);
	site_set_text(cfg, "links.root", &cfg->links_root, abs, src);
	const char *url = kb_toml_str(&t, "site_url");
	site_set_base_url(cfg, url, NULL, src);
	char *path = url && *url ? site_url_path(url) : NULL;
	if (path && strcmp(path, "/") != 0)
		site_add_prefix(cfg, path, abs, "", src);
	free(path);
	free(joined);
	free(abs);
	if (site_may(cfg, "redirects"))
		redirects(cfg, &t, src);
	kb_toml_free(&t);
	free(d);
	free(src);
	return 0;
}

const site_gen site_mkdocs = {"mkdocs", "MkDocs", find, apply, 0};
