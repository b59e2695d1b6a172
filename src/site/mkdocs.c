/* mkdocs.c: MkDocs (mkdocs.yml): pages in docs_dir, directory URLs. */
#include <stdlib.h>
#include <string.h>

#include "site_int.h"

static char *find(const char *dir)
{
	char *f = site_file_in(dir, "mkdocs.yml");
	return f ? f : site_file_in(dir, "mkdocs.yaml");
}

static int apply(kb_config *cfg, const char *root, const char *file, kb_errs *errs)
{
	(void)errs;
	char *src = file ? site_display(file) : xstrdup("mkdocs defaults");
	kb_strv inc = {0};
	char *g = site_glob(cfg, root, "docs/**/*.md");
	if (g)
		kb_strv_push(&inc, g);
	free(g);
	if (inc.n)
		site_set_strv(cfg, "include", &cfg->include, &inc, src);
	kb_strv_free(&inc);
	site_set_bool(cfg, "links.pretty_urls", &cfg->pretty_urls, true, src);
	free(src);
	return 0;
}

const site_gen site_mkdocs = {"mkdocs", "MkDocs", find, apply};
