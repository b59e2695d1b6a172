/* jekyll.c: Jekyll (_config.yml): pages anywhere but _site, _drafts and the folders Jekyll skips. */
#include <stdlib.h>
#include <string.h>

#include "site_int.h"

static char *find(const char *dir)
{
	return site_file_in(dir, "_config.yml");
}

static int apply(kb_config *cfg, const char *root, const char *file, kb_errs *errs)
{
	(void)errs;
	char *src = file ? site_display(file) : xstrdup("jekyll defaults");
	static const char *const skip[] = {"_site/**", "_drafts/**", "vendor/**", "node_modules/**",
					   ".jekyll-cache/**"};
	for (size_t i = 0; i < 5; i++) {
		char *g = site_glob(cfg, root, skip[i]);
		if (g)
			site_add_str(cfg, "exclude", &cfg->exclude, g, src);
		free(g);
	}
	free(src);
	return 0;
}

const site_gen site_jekyll = {"jekyll", "Jekyll", find, apply};
