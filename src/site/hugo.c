/* hugo.c: Hugo (hugo.toml, hugo.yaml, hugo.json, or config.* beside content/): pages in content/, pretty URLs. */
#include <stdlib.h>
#include <string.h>

#include "site_int.h"

static char *find(const char *dir)
{
	static const char *const names[] = {"hugo.toml", "hugo.yaml", "hugo.yml", "hugo.json"};
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
	char *src = file ? site_display(file) : xstrdup("hugo defaults");
	kb_strv inc = {0};
	static const char *const pages[] = {"content/**/*.md", "content/**/*.markdown"};
	for (size_t i = 0; i < 2; i++) {
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

const site_gen site_hugo = {"hugo", "Hugo", find, apply};
