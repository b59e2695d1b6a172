/* init_cmd.c: kblint init [PATH]: the settings detected from the site generator's files,
 * written as a commented .kblint.yaml in PATH, which must not have one. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "site.h"
#include "textout.h"

/* "# SOURCE" after a written key, or nothing for a default. */
static void origin_note(kb_buf *b, const kb_config *cfg, const char *key)
{
	const char *o = kb_config_origin(cfg, key);
	if (!o) {
		kb_buf_putc(b, '\n');
		return;
	}
	kb_buf_puts(b, "  # from ");
	kb_buf_put_clean(b, o, strlen(o), KB_CLEAN_TEXT);
	kb_buf_putc(b, '\n');
}

static void flow_list(kb_buf *b, const kb_strv *v)
{
	kb_buf_putc(b, '[');
	for (size_t i = 0; i < v->n; i++) {
		if (i)
			kb_buf_puts(b, ", ");
		kb_yaml_quote(b, v->v[i]);
	}
	kb_buf_putc(b, ']');
}

/* key: [..]  # from SOURCE, when a generator set key */
static void list_key(kb_buf *b, const kb_config *cfg, const char *indent, const char *name,
		     const char *key, const kb_strv *v)
{
	if (!kb_config_origin(cfg, key))
		return;
	kb_buf_printf(b, "%s%s: ", indent, name);
	flow_list(b, v);
	origin_note(b, cfg, key);
}

static bool any_links(const kb_config *cfg)
{
	static const char *const keys[] = {"links.root", "links.extensions", "links.pretty_urls",
					   "links.prefixes", "links.ignore", "links.anchors"};
	for (size_t i = 0; i < sizeof keys / sizeof *keys; i++)
		if (kb_config_origin(cfg, keys[i]))
			return true;
	return false;
}

static void write_links(kb_buf *b, const kb_config *cfg)
{
	if (!any_links(cfg))
		return;
	kb_buf_puts(b, "links:\n");
	if (kb_config_origin(cfg, "links.root") && cfg->links_root) {
		kb_buf_puts(b, "  root: ");
		kb_yaml_quote(b, kb_cli_below_dir(cfg, cfg->links_root));
		origin_note(b, cfg, "links.root");
	}
	if (kb_config_origin(cfg, "links.extensions")) {
		kb_buf_puts(b, "  extensions: ");
		kb_yaml_extensions(b, cfg);
		origin_note(b, cfg, "links.extensions");
	}
	if (kb_config_origin(cfg, "links.pretty_urls")) {
		kb_buf_printf(b, "  pretty_urls: %s", cfg->pretty_urls ? "true" : "false");
		origin_note(b, cfg, "links.pretty_urls");
	}
	if (kb_config_origin(cfg, "links.prefixes")) {
		kb_buf_puts(b, "  prefixes: {");
		for (size_t i = 0; i < cfg->prefix_from.n; i++) {
			kb_buf_puts(b, i ? ", " : "");
			kb_yaml_quote(b, cfg->prefix_from.v[i]);
			kb_buf_puts(b, ": ");
			kb_yaml_quote(b, kb_cli_below_dir(cfg, cfg->prefix_to.v[i]));
		}
		kb_buf_putc(b, '}');
		origin_note(b, cfg, "links.prefixes");
	}
	list_key(b, cfg, "  ", "ignore", "links.ignore", &cfg->link_ignore);
	list_key(b, cfg, "  ", "anchors", "links.anchors", &cfg->link_anchors);
}

static void write_fields(kb_buf *b, const kb_config *cfg)
{
	bool any = false;
	for (int r = 0; r < KB_ROLE_COUNT; r++) {
		char key[64];
		snprintf(key, sizeof key, "fields.%s", kb_role_name((kb_role)r));
		if (!kb_config_origin(cfg, key))
			continue;
		if (!any)
			kb_buf_puts(b, "fields:\n");
		any = true;
		list_key(b, cfg, "  ", kb_role_name((kb_role)r), key, &cfg->fields[r]);
	}
}

/* What the generator gives on every run and is not copied: redirects and per-file metadata. */
static void write_live(kb_buf *b, const kb_config *cfg)
{
	size_t n = cfg->redirect_from.n;
	if (n || cfg->ndefaults)
		kb_buf_puts(b, "\n# Read from the site's files on every run (not copied here, so "
			       "that they stay\n# up to date):\n");
	if (n) {
		const char *o = kb_config_origin(cfg, "redirects");
		kb_buf_printf(b, "#   %zu redirect%s, from ", n, n == 1 ? "" : "s");
		kb_buf_put_clean(b, o ? o : "?", strlen(o ? o : "?"), KB_CLEAN_TEXT);
		kb_buf_putc(b, '\n');
	}
	for (size_t i = 0; i < cfg->ndefaults; i++) {
		const kb_meta_default *d = &cfg->defaults[i];
		for (size_t k = 0; k < d->keys.n; k++) {
			kb_buf_puts(b, "#   ");
			kb_buf_put_clean(b, d->keys.v[k], strlen(d->keys.v[k]), KB_CLEAN_TEXT);
			kb_buf_puts(b, ": ");
			kb_buf_put_clean(b, d->values.v[k], strlen(d->values.v[k]), KB_CLEAN_TEXT);
			kb_buf_puts(b, " for ");
			for (size_t j = 0; j < d->files.n; j++) {
				kb_buf_puts(b, j ? ", " : "");
				const char *g = d->files.v[j];
				kb_buf_put_clean(b, g, strlen(g), KB_CLEAN_TEXT);
			}
			kb_buf_puts(b, " unless the page sets it\n");
		}
	}
}

/* The commented-out keys a user most often changes, with their defaults: those the file does
 * not set already (uncommenting one must not repeat a key). */
static void write_commented(kb_buf *b, const kb_config *cfg)
{
	kb_buf_puts(b, "\n# Keys you may want to change (remove the '#' to use one; see "
		       "docs/configuration.md):\n");
	if (!kb_config_origin(cfg, "exclude"))
		kb_buf_puts(b, "# exclude: [\"drafts/**\"]          # files that are not "
			       "articles\n");
	if (!kb_config_origin(cfg, "publish"))
		kb_buf_puts(b, "# publish: [\"**\"]                 # the articles readers see\n");
	kb_buf_puts(b, "# freshness:\n"
		       "#   default_interval: 6 months    # review interval when an article names "
		       "none\n"
		       "#   due_soon: 14 days             # 'review due soon' this long before\n"
		       "# owners: owners.yaml             # the roster of valid owners\n"
		       "# severity:                       # a rule's level: off, info, warning, "
		       "error\n"
		       "#   plain-words: off\n");
	if (!kb_config_origin(cfg, "audit.base_url"))
		kb_buf_puts(b, "# audit:\n#   default_owner: unowned\n");
}

/* The config text for cfg (detected in dir); caller frees. */
static char *render(const kb_config *cfg)
{
	kb_buf b = {0};
	kb_buf_puts(&b, "# kblint configuration, written by 'kblint init'.\n");
	if (cfg->site_name) {
		const char *file = cfg->site_file ? cfg->site_file : "no config file";
		kb_buf_puts(&b, "# Site generator: ");
		kb_buf_puts(&b, kb_site_label(cfg->site_name));
		kb_buf_puts(&b, ", detected from ");
		kb_buf_put_clean(&b, file, strlen(file), KB_CLEAN_TEXT);
		kb_buf_puts(&b, ".\n# The keys below are what kblint read from it; a key you "
				"set here wins over\n# the site's. 'site: none' turns detection "
				"off.\n");
		kb_buf_printf(&b, "site: %s\n", cfg->site_name);
	} else {
		kb_buf_puts(&b, "# No site generator detected: every Markdown and YAML file is "
				"checked.\n");
	}
	list_key(&b, cfg, "", "include", "include", &cfg->include);
	list_key(&b, cfg, "", "exclude", "exclude", &cfg->exclude);
	list_key(&b, cfg, "", "publish", "publish", &cfg->publish);
	write_fields(&b, cfg);
	list_key(&b, cfg, "", "date_formats", "date_formats", &cfg->date_formats);
	write_links(&b, cfg);
	if (kb_config_origin(cfg, "audit.base_url") && cfg->audit.base_url) {
		kb_buf_puts(&b, "audit:\n  base_url: ");
		kb_yaml_quote(&b, cfg->audit.base_url);
		origin_note(&b, cfg, "audit.base_url");
		kb_buf_puts(&b, "  # default_owner: unowned       # owner of articles that name "
				"none\n");
	}
	write_live(&b, cfg);
	write_commented(&b, cfg);
	return kb_buf_take(&b);
}

int kb_cmd_init(const kb_options *o, char **paths, int npaths)
{
	(void)o;
	if (npaths > 1)
		return kb_cli_usage_error("'init' takes at most one folder, not also '%s'",
					  paths[1]);
	const char *dir = npaths ? paths[0] : ".";
	struct stat st;
	if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
		fputs("kblint: ", stderr);
		kb_put_clean(stderr, dir);
		fputs(stat(dir, &st) != 0 ? ": no such folder\n" : ": not a folder\n", stderr);
		return EXIT_USAGE;
	}
	char *target = strcmp(dir, ".") == 0 ? xstrdup(kb_config_default_name)
					     : kb_path_join(dir, kb_config_default_name);
	char abs[PATH_MAX];
	if (!realpath(dir, abs)) {
		fprintf(stderr, "kblint: cannot read %s: %s\n", dir, strerror(errno));
		free(target);
		return EXIT_USAGE;
	}
	/* from the folder itself, so that the files the comments name are relative to it */
	if (chdir(abs) != 0) {
		fprintf(stderr, "kblint: cannot read %s: %s\n", dir, strerror(errno));
		free(target);
		return EXIT_USAGE;
	}
	kb_config cfg;
	kb_config_defaults(&cfg, abs);
	/* globs relative to the folder the config goes in, not the site's root */
	cfg.path = xstrdup(target);
	kb_errs errs = {0};
	int ret = EXIT_CLEAN;
	char *text = NULL;
	if (kb_site_apply(&cfg, abs, &errs) != 0) {
		for (size_t i = 0; i < errs.n; i++)
			kb_put_clean_line(stderr, errs.v[i]);
		ret = EXIT_USAGE;
		goto out;
	}
	text = render(&cfg);
	char err[600];
	char *where = kb_path_join(abs, kb_config_default_name);
	int w = kb_write_file_new(where, text, strlen(text), err, sizeof err);
	free(where);
	if (w == 1) {
		fputs("kblint: ", stderr);
		kb_put_clean(stderr, target);
		fputs(" already exists; kblint init never overwrites it (edit it, or remove it and "
		      "run kblint init again)\n", stderr);
		ret = EXIT_USAGE;
	} else if (w != 0) {
		fputs("kblint: cannot write ", stderr);
		kb_put_clean(stderr, target);
		fputs(": ", stderr);
		kb_put_clean_line(stderr, err);
		ret = EXIT_USAGE;
	} else {
		fputs("Wrote ", stdout);
		kb_put_clean(stdout, target);
		fputs(":\n\n", stdout);
		kb_put_clean_mode(stdout, text, KB_CLEAN_LINES);
	}
out:
	free(text);
	kb_errs_free(&errs);
	kb_config_free(&cfg);
	free(target);
	return ret;
}
