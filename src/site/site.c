/* site.c: which site generator builds the knowledge base, found from its config file. */
#include "site.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "site_int.h"

/* In the order they are tried in each folder: a tech-docs site is also a Middleman site, and a
 * folder may hold a stray _config.yml beside a more specific generator's file. */
static const site_gen *const gens[] = {
	&site_techdocs, &site_docfx, &site_hugo, &site_mkdocs, &site_docusaurus, &site_jekyll,
	&site_middleman,
};
enum { NGENS = sizeof gens / sizeof gens[0] };

static const site_gen *gen_named(const char *name)
{
	for (size_t i = 0; name && i < NGENS; i++)
		if (strcmp(gens[i]->name, name) == 0)
			return gens[i];
	return NULL;
}

const char *kb_site_label(const char *name)
{
	const site_gen *g = gen_named(name);
	return g ? g->label : NULL;
}

bool site_may(const kb_config *cfg, const char *key)
{
	return !kb_config_user_set(cfg, key);
}

void site_set_strv(kb_config *cfg, const char *key, kb_strv *dst, const kb_strv *vals,
		   const char *source)
{
	if (!site_may(cfg, key))
		return;
	kb_strv_clear(dst);
	for (size_t i = 0; i < vals->n; i++)
		kb_strv_push(dst, vals->v[i]);
	kb_config_set_origin(cfg, key, source);
}

void site_add_str(kb_config *cfg, const char *key, kb_strv *dst, const char *s,
		  const char *source)
{
	if (!site_may(cfg, key))
		return;
	kb_strv_push(dst, s);
	kb_config_set_origin(cfg, key, source);
}

void site_set_text(kb_config *cfg, const char *key, char **dst, const char *s, const char *source)
{
	if (!site_may(cfg, key))
		return;
	free(*dst);
	*dst = s ? xstrdup(s) : NULL;
	kb_config_set_origin(cfg, key, source);
}

void site_set_base_url(kb_config *cfg, const char *url, const char *path, const char *source)
{
	if (!url || !*url)
		return;
	kb_buf b = {0};
	kb_buf_puts(&b, url);
	if (path && *path) {
		while (b.len && b.data[b.len - 1] == '/')
			b.data[--b.len] = '\0';
		kb_buf_printf(&b, "%s%s", path[0] == '/' ? "" : "/", path);
	}
	if (kb_config_url_ok(b.data))
		site_set_text(cfg, "audit.base_url", &cfg->audit.base_url, b.data, source);
	kb_buf_free(&b);
}

void site_set_bool(kb_config *cfg, const char *key, bool *dst, bool v, const char *source)
{
	if (!site_may(cfg, key))
		return;
	*dst = v;
	kb_config_set_origin(cfg, key, source);
}

void site_add_prefix(kb_config *cfg, const char *from, const char *root, const char *dir,
		     const char *source)
{
	if (!site_may(cfg, "links.prefixes") || kb_strv_contains(&cfg->prefix_from, from))
		return;
	char *joined = kb_path_join(root, dir), *abs = kb_path_absolute(joined);
	kb_strv_push(&cfg->prefix_from, from);
	kb_strv_push(&cfg->prefix_to, abs);
	kb_config_set_origin(cfg, "links.prefixes", source);
	free(joined);
	free(abs);
}

void site_set_markup(kb_config *cfg, unsigned markup, const char *source)
{
	if (!site_may(cfg, "markup"))
		return;
	cfg->markup |= markup;
	kb_config_set_origin(cfg, "markup", source);
}

void site_add_redirect(kb_config *cfg, const char *from, const char *to, const char *source)
{
	for (size_t i = 0; i < cfg->redirect_from.n; i++)
		if (strcmp(cfg->redirect_from.v[i], from) == 0)
			return;
	kb_strv_push(&cfg->redirect_from, from);
	kb_strv_push(&cfg->redirect_to, to);
	if (!kb_config_user_set(cfg, "redirects"))
		kb_config_set_origin(cfg, "redirects", source);
}

void site_add_default(kb_config *cfg, const kb_strv *files, const char *field, const char *value,
		      const char *source)
{
	cfg->defaults = xrealloc(cfg->defaults, (cfg->ndefaults + 1) * sizeof *cfg->defaults);
	kb_meta_default *d = &cfg->defaults[cfg->ndefaults++];
	memset(d, 0, sizeof *d);
	for (size_t i = 0; i < files->n; i++)
		kb_strv_push(&d->files, files->v[i]);
	kb_strv_push(&d->keys, field);
	kb_strv_push(&d->values, value);
	if (!kb_config_user_set(cfg, "defaults"))
		kb_config_set_origin(cfg, "defaults", source);
}

char *site_glob(const kb_config *cfg, const char *root, const char *glob)
{
	size_t dn = strlen(cfg->dir), rn = strlen(root);
	if (strcmp(cfg->dir, root) == 0)
		return xstrdup(glob);
	/* the config above the site: prefix the site's folder */
	if (dn < rn && strncmp(root, cfg->dir, dn) == 0 && (root[dn] == '/' || dn == 1)) {
		kb_buf b = {0};
		kb_buf_printf(&b, "%s/%s", root + dn + (dn > 1), glob);
		return kb_buf_take(&b);
	}
	/* the config below the site: drop the config's folder from the glob's front */
	if (rn < dn && strncmp(cfg->dir, root, rn) == 0 && (cfg->dir[rn] == '/' || rn == 1)) {
		const char *sub = cfg->dir + rn + (rn > 1);
		size_t sn = strlen(sub);
		if (strncmp(glob, "**/", 3) == 0)
			return xstrdup(glob);
		if (strncmp(glob, sub, sn) == 0 && glob[sn] == '/')
			return xstrdup(glob + sn + 1);
	}
	return NULL;
}

void site_push_glob(const kb_config *cfg, const char *root, const char *dir, const char *glob,
		    kb_strv *out)
{
	kb_buf b = {0};
	kb_buf_printf(&b, "%s%s%s", dir ? dir : "", dir && *dir ? "/" : "", glob);
	char *g = site_glob(cfg, root, b.data);
	if (g)
		kb_strv_push(out, g);
	free(g);
	kb_buf_free(&b);
}

char *site_display(const char *file)
{
	char cwd[PATH_MAX];
	if (getcwd(cwd, sizeof cwd)) {
		size_t n = strlen(cwd);
		if (strncmp(file, cwd, n) == 0 && file[n] == '/')
			return xstrdup(file + n + 1);
	}
	return xstrdup(file);
}

char *site_file_in(const char *dir, const char *name)
{
	char *p = kb_path_join(dir, name);
	struct stat st;
	if (stat(p, &st) == 0 && S_ISREG(st.st_mode))
		return p;
	free(p);
	return NULL;
}

bool site_step_up(char *dir)
{
	char *git = kb_path_join(dir, ".git");
	struct stat st;
	bool top = stat(git, &st) == 0;
	free(git);
	char *slash = strrchr(dir, '/');
	if (top || !slash || (slash == dir && dir[1] == '\0'))
		return false;
	if (slash == dir)
		dir[1] = '\0';
	else
		*slash = '\0';
	return true;
}

/* Looks for g's file (any generator's when g is NULL) in dir and its ancestors; sets *found to
 * the generator and *where to the folder it was found in (heap). Returns the file (heap) or
 * NULL. */
static char *detect(const char *dir, const site_gen *g, const site_gen **found, char **where)
{
	char buf[PATH_MAX];
	snprintf(buf, sizeof buf, "%s", dir);
	for (;;) {
		for (size_t i = 0; i < NGENS; i++) {
			if (g && gens[i] != g)
				continue;
			char *f = gens[i]->find(buf);
			if (f) {
				*found = gens[i];
				*where = xstrdup(buf);
				return f;
			}
		}
		if (!site_step_up(buf))
			return NULL;
	}
}

int kb_site_apply(kb_config *cfg, const char *start, kb_errs *errs)
{
	if (cfg->site && strcmp(cfg->site, "none") == 0)
		return 0;
	char abs[PATH_MAX];
	if (!realpath(start ? start : ".", abs))
		return 0; /* a missing path is reported by the command */
	struct stat st;
	if (stat(abs, &st) == 0 && !S_ISDIR(st.st_mode)) {
		char *slash = strrchr(abs, '/');
		if (slash)
			slash[slash == abs] = '\0';
	}
	const site_gen *named = gen_named(cfg->site), *g = NULL;
	char *root = NULL;
	char *file = detect(abs, named, &g, &root);
	if (!g)
		g = named;
	if (!g)
		return 0;
	if (!root)
		root = xstrdup(abs);
	if (!cfg->path) {
		/* no .kblint.yaml: the site's folder is what globs are relative to */
		free(cfg->dir);
		cfg->dir = xstrdup(root);
	}
	free(cfg->site_name);
	cfg->site_name = xstrdup(g->name);
	free(cfg->site_file);
	cfg->site_file = file ? site_display(file) : NULL;
	int ret = g->apply(cfg, root, file, errs);
	if (g->markup)
		site_set_markup(cfg, g->markup, cfg->site_file ? cfg->site_file : g->name);
	free(root);
	free(file);
	return ret;
}
