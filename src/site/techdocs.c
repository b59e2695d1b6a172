/* techdocs.c: the GOV.UK tech-docs gem (config/tech-docs.yml), a Middleman site: its pages,
 * link endings and partials as Middleman's (middleman.c); from tech-docs.yml the default owner
 * (default_owner_slack), the redirects and the host; front matter old_paths as redirects; the
 * anchors its layouts always have. */
#include <stdlib.h>
#include <string.h>

#include "site_int.h"
#include "ydata.h"

#define TECHDOCS_MAX_CONFIG (1 << 20) /* a site's settings; larger is no tech-docs.yml */

/* Ids of the gem's layouts (lib/source/layouts/core.erb): "content" (the main element, the
 * skip link's target) is on every page; "toc" and "toc-heading" on every page with a sidebar,
 * which the default layout always has. */
static const char *const layout_anchors[] = {"content", "toc", "toc-heading"};

static char *find(const char *dir)
{
	return site_file_in(dir, "config/tech-docs.yml");
}

/* True for a value that may be copied into the config: a non-empty string with no control
 * character. */
static bool plain(const kb_ynode *v)
{
	if (!v || v->type != KB_Y_SCALAR || !v->len || strlen(v->str) != v->len)
		return false;
	for (size_t i = 0; i < v->len; i++)
		if ((unsigned char)v->str[i] < 0x20 || v->str[i] == 0x7F)
			return false;
	return true;
}

/* What tech-docs.yml says: default owner, redirects, host. Returns 0, or -1 with a message in
 * errs when the file cannot be read or is no YAML mapping. */
static int read_yml(kb_config *cfg, const char *file, const char *src, kb_errs *errs)
{
	char *text = NULL, err[512];
	size_t len = 0;
	if (kb_read_file(file, TECHDOCS_MAX_CONFIG, &text, &len, err, sizeof err) != 0) {
		kb_errs_add(errs, src, 0, 0, "%s", err);
		return -1;
	}
	kb_arena arena = {0};
	kb_ynode *root = NULL;
	kb_yerror yerr;
	int ret = 0;
	if (kb_yaml_parse(text, len, 0, &arena, &root, &yerr) != 0) {
		kb_errs_add(errs, src, yerr.line, yerr.col, "invalid YAML: %s", yerr.message);
		ret = -1;
		goto out;
	}
	if (!root || kb_yscalar_is_null(root))
		goto out; /* an empty file: the gem's defaults */
	if (root->type != KB_Y_MAP) {
		kb_errs_at(errs, src, root,
			    "the tech-docs settings must be a mapping of keys, not %s",
			    kb_ynode_type_name(root));
		ret = -1;
		goto out;
	}
	const kb_ynode *v = kb_ymap_get(root, "default_owner_slack");
	if (plain(v)) {
		/* every page, unless its own owner_slack says otherwise (the gem's rule) */
		kb_strv all = {0};
		kb_strv_push(&all, "**");
		site_add_default(cfg, &all, "owner_slack", v->str, src);
		kb_strv_free(&all);
	}
	v = kb_ymap_get(root, "redirects");
	for (size_t i = 0; v && v->type == KB_Y_MAP && i < v->n; i++) {
		const kb_ynode *from = v->items[2 * i], *to = v->items[2 * i + 1];
		if (plain(from) && plain(to))
			site_add_redirect(cfg, from->str, to->str, src);
	}
	v = kb_ymap_get(root, "host");
	if (plain(v) && kb_config_url_ok(v->str) && site_may(cfg, "audit.base_url")) {
		free(cfg->audit.base_url);
		cfg->audit.base_url = xstrdup(v->str);
		kb_config_set_origin(cfg, "audit.base_url", src);
	}
out:
	kb_arena_free(&arena);
	free(text);
	return ret;
}

static int apply(kb_config *cfg, const char *root, const char *file, kb_errs *errs)
{
	char *src = file ? site_display(file) : xstrdup("techdocs defaults");
	/* pages, partials, link root and endings: the gem is a Middleman template */
	int ret = site_middleman.apply(cfg, root, file, errs);
	for (size_t i = 0; !file && i < cfg->origin_sources.n; i++)
		if (strcmp(cfg->origin_sources.v[i], "middleman defaults") == 0) {
			free(cfg->origin_sources.v[i]);
			cfg->origin_sources.v[i] = xstrdup(src);
		}
	for (size_t i = 0; i < sizeof layout_anchors / sizeof *layout_anchors; i++)
		site_add_str(cfg, "links.anchors", &cfg->link_anchors, layout_anchors[i], src);
	/* front matter old_paths: "any paths of pages that should redirect to this page" */
	if (site_may(cfg, "fields")) {
		kb_strv_push(&cfg->fields[KB_ROLE_ALIASES], "old_paths");
		kb_config_set_origin(cfg, "fields.aliases", src);
	}
	if (ret == 0 && file && read_yml(cfg, file, src, errs) != 0)
		ret = -1;
	free(src);
	return ret;
}

const site_gen site_techdocs = {"techdocs", "GOV.UK tech-docs", find, apply, KB_MARKUP_ERB};
