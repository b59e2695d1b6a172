/* docusaurus.c: Docusaurus (docusaurus.config.js/ts): docs/, blog/, versioned_docs/. */
#include <stdlib.h>
#include <string.h>

#include "site_int.h"

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

static int apply(kb_config *cfg, const char *root, const char *file, kb_errs *errs)
{
	(void)errs;
	char *src = file ? site_display(file) : xstrdup("docusaurus defaults");
	kb_strv inc = {0};
	static const char *const pages[] = {"docs/**/*.md", "docs/**/*.mdx", "blog/**/*.md",
					    "blog/**/*.mdx", "versioned_docs/**/*.md",
					    "versioned_docs/**/*.mdx"};
	for (size_t i = 0; i < 6; i++) {
		char *g = site_glob(cfg, root, pages[i]);
		if (g)
			kb_strv_push(&inc, g);
		free(g);
	}
	if (inc.n)
		site_set_strv(cfg, "include", &cfg->include, &inc, src);
	kb_strv_free(&inc);
	site_set_bool(cfg, "links.pretty_urls", &cfg->pretty_urls, true, src);
	free(src);
	return 0;
}

const site_gen site_docusaurus = {"docusaurus", "Docusaurus", find, apply};
