/* middleman.c: Middleman sites (config.rb beside source/): pages *.html.md, *.html.md.erb, *.html.markerb. */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "site_int.h"

static char *find(const char *dir)
{
	char *f = site_file_in(dir, "config.rb");
	char *src = kb_path_join(dir, "source");
	struct stat st;
	bool ok = f && stat(src, &st) == 0 && S_ISDIR(st.st_mode);
	free(src);
	if (!ok) {
		free(f);
		return NULL;
	}
	return f;
}

static int apply(kb_config *cfg, const char *root, const char *file, kb_errs *errs)
{
	(void)errs;
	static const char *const pages[] = {"source/**/*.html.md.erb", "source/**/*.html.md",
					    "source/**/*.html.markerb", "source/**/*.md"};
	kb_strv inc = {0};
	for (size_t i = 0; i < 4; i++) {
		char *g = site_glob(cfg, root, pages[i]);
		if (g)
			kb_strv_push(&inc, g);
		free(g);
	}
	char *src = file ? site_display(file) : xstrdup("middleman defaults");
	if (inc.n)
		site_set_strv(cfg, "include", &cfg->include, &inc, src);
	free(src);
	kb_strv_free(&inc);
	return 0;
}

const site_gen site_middleman = {"middleman", "Middleman", find, apply};
