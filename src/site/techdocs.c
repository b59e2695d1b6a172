/* techdocs.c: the GOV.UK tech-docs gem (config/tech-docs.yml, pages in source/). */
#include <stdlib.h>
#include <string.h>

#include "site_int.h"

static char *find(const char *dir)
{
	return site_file_in(dir, "config/tech-docs.yml");
}

static int apply(kb_config *cfg, const char *root, const char *file, kb_errs *errs)
{
	(void)errs;
	static const char *const pages[] = {"source/**/*.html.md.erb", "source/**/*.html.md",
					    "source/**/*.html.markerb"};
	kb_strv inc = {0};
	for (size_t i = 0; i < 3; i++) {
		char *g = site_glob(cfg, root, pages[i]);
		if (g)
			kb_strv_push(&inc, g);
		free(g);
	}
	char *src = file ? site_display(file) : xstrdup("techdocs defaults");
	if (inc.n)
		site_set_strv(cfg, "include", &cfg->include, &inc, src);
	free(src);
	kb_strv_free(&inc);
	return 0;
}

const site_gen site_techdocs = {"techdocs", "GOV.UK tech-docs", find, apply};
