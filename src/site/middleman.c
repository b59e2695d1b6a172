/* middleman.c: Middleman sites (config.rb beside the source folder, source/ unless config.rb
 * says `set :source, "docs"`): pages *.html.md, *.html.md.erb and *.html.markerb, served as
 * .html (or as folders with `activate :directory_indexes`). The tech-docs gem builds on it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "site_int.h"

/* Page templates as Middleman renders them: NAME.html.md is served at NAME.html. */
static const char *const page_ends[] = {".html.md.erb", ".html.md", ".html.markerb"};
enum { NPAGE_ENDS = sizeof page_ends / sizeof page_ends[0] };

/* What config.rb says that matters here. */
typedef struct {
	char *source;         /* `set :source, "docs"`: the pages' folder (heap), or NULL */
	bool directory_index; /* `activate :directory_indexes`: a/b.html.md is served at a/b/ */
} rb_settings;

/* The quoted string after pos in line (heap), or NULL. */
static char *quoted(const char *p)
{
	while (*p == ' ' || *p == '\t')
		p++;
	if (*p != '"' && *p != '\'')
		return NULL;
	const char *end = strchr(p + 1, *p);
	if (!end || end == p + 1)
		return NULL;
	return xstrndup(p + 1, (size_t)(end - p - 1));
}

/* Reads the two settings from config.rb in root: a line at a time, comments skipped. This is no
 * Ruby parser: a setting made in a block or a condition is read as if it held everywhere. */
static void read_rb(const char *root, rb_settings *rb)
{
	char *path = kb_path_join(root, "config.rb");
	char *text = NULL, err[256];
	size_t len = 0;
	if (kb_read_file(path, 1 << 20, &text, &len, err, sizeof err) != 0) {
		free(path);
		return;
	}
	free(path);
	for (char *line = text; line && *line;) {
		char *nl = strchr(line, '\n');
		if (nl)
			*nl = '\0';
		char *p = line + strspn(line, " \t");
		if (strncmp(p, "activate :directory_indexes", 27) == 0 &&
		    (p[27] == '\0' || strchr(" \t\r#", p[27])))
			rb->directory_index = true;
		if (strncmp(p, "set :source", 11) == 0) {
			p += 11 + strspn(p + 11, " \t");
			if (*p == ',') {
				char *s = quoted(p + 1);
				/* a folder below the site: no '..', not absolute */
				if (s && s[0] != '/' && !strstr(s, "..")) {
					free(rb->source);
					rb->source = s;
				} else {
					free(s);
				}
			}
		}
		line = nl ? nl + 1 : NULL;
	}
	free(text);
}

static char *find(const char *dir)
{
	char *f = site_file_in(dir, "config.rb");
	if (!f)
		return NULL;
	rb_settings rb = {0};
	read_rb(dir, &rb);
	char *src = kb_path_join(dir, rb.source ? rb.source : "source");
	free(rb.source);
	struct stat st;
	bool ok = stat(src, &st) == 0 && S_ISDIR(st.st_mode);
	free(src);
	if (!ok) {
		free(f);
		return NULL;
	}
	return f;
}

/* The settings every Middleman site gets, the tech-docs gem's too: which files are pages,
 * partials (_name) and layouts left out, site-absolute links from the source folder, and
 * NAME.html naming the page NAME.html.md. source names the file they come from. */
static void pages(kb_config *cfg, const char *root, const char *source)
{
	rb_settings rb = {0};
	read_rb(root, &rb);
	const char *folder = rb.source ? rb.source : "source";
	kb_strv inc = {0};
	for (size_t i = 0; i < NPAGE_ENDS; i++) {
		kb_buf pat = {0};
		kb_buf_printf(&pat, "%s/**/*%s", folder, page_ends[i]);
		char *g = site_glob(cfg, root, pat.data);
		kb_buf_free(&pat);
		if (g)
			kb_strv_push(&inc, g);
		free(g);
	}
	if (inc.n) {
		site_set_strv(cfg, "include", &cfg->include, &inc, source);
		/* partials (_footer.html.md.erb) are pieces of pages, and layouts wrap them */
		static const char *const out[] = {"**/_*", "FOLDER/layouts/**"};
		for (size_t i = 0; i < 2; i++) {
			kb_buf pat = {0};
			if (i == 0)
				kb_buf_puts(&pat, out[0]);
			else
				kb_buf_printf(&pat, "%s/layouts/**", folder);
			char *g = site_glob(cfg, root, pat.data);
			kb_buf_free(&pat);
			if (g)
				site_add_str(cfg, "exclude", &cfg->exclude, g, source);
			free(g);
		}
	}
	kb_strv_free(&inc);
	if (site_may(cfg, "links.root")) {
		char *r = kb_path_join(root, folder);
		free(cfg->links_root);
		cfg->links_root = r;
		kb_config_set_origin(cfg, "links.root", source);
	}
	if (site_may(cfg, "links.extensions")) {
		kb_strv_clear(&cfg->ext_from);
		kb_strv_clear(&cfg->ext_to);
		for (size_t i = 0; i < NPAGE_ENDS; i++) {
			kb_strv_push(&cfg->ext_from, ".html");
			kb_strv_push(&cfg->ext_to, page_ends[i]);
		}
		kb_config_set_origin(cfg, "links.extensions", source);
	}
	if (rb.directory_index)
		site_set_bool(cfg, "links.pretty_urls", &cfg->pretty_urls, true, source);
	free(rb.source);
}

static int apply(kb_config *cfg, const char *root, const char *file, kb_errs *errs)
{
	(void)errs;
	char *src = file ? site_display(file) : xstrdup("middleman defaults");
	pages(cfg, root, src);
	free(src);
	return 0;
}

const site_gen site_middleman = {"middleman", "Middleman", find, apply, KB_MARKUP_ERB};
