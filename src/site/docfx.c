/* docfx.c: docfx / Microsoft Learn (docfx.json; .openpublishing.publish.config.json names the docsets). */
#include <stdlib.h>
#include <string.h>

#include "site_int.h"

static char *find(const char *dir)
{
	return site_file_in(dir, "docfx.json");
}

static int apply(kb_config *cfg, const char *root, const char *file, kb_errs *errs)
{
	(void)errs;
	char *src = file ? site_display(file) : xstrdup("docfx defaults");
	char *g = site_glob(cfg, root, "**/includes/**");
	if (g)
		site_add_str(cfg, "fragments", &cfg->fragments, g, src);
	free(g);
	free(src);
	return 0;
}

const site_gen site_docfx = {"docfx", "docfx", find, apply};
