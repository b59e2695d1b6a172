/* show_config.c: kblint check --show-config: the effective config as YAML, each value followed
 * by where it came from (default, a site generator's file, .kblint.yaml:LINE). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "site.h"
#include "textout.h"

/* At most this many redirects are listed: a docfx repository has thousands, and the count says
 * how many were left out. */
#define SHOW_MAX_REDIRECTS 20

void kb_yaml_quote(kb_buf *b, const char *s)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	size_t n = strlen((const char *)p);
	kb_buf_putc(b, '"');
	for (size_t i = 0; i < n;) {
		unsigned long cp = 0;
		size_t len = kb_utf8_decode(p + i, n - i, &cp);
		if (!len) {
			kb_buf_puts(b, "\\uFFFD"); /* invalid UTF-8: replaced, as textout.h does */
			i++;
			continue;
		}
		if (cp == '"' || cp == '\\')
			kb_buf_printf(b, "\\%c", (char)cp);
		else if (kb_codepoint_hostile(cp))
			kb_buf_printf(b, cp < 0x100 ? "\\x%02lX" : "\\u%04lX", cp);
		else
			kb_buf_put(b, (const char *)p + i, len);
		i += len;
	}
	kb_buf_putc(b, '"');
}

void kb_yaml_extensions(kb_buf *b, const kb_config *cfg)
{
	kb_buf_putc(b, '{');
	for (size_t i = 0; i < cfg->ext_from.n;) {
		/* the endings one link ending may name, together */
		const char *from = cfg->ext_from.v[i];
		kb_buf_puts(b, i ? ", " : "");
		kb_yaml_quote(b, from);
		kb_buf_puts(b, ": [");
		size_t first = i;
		for (; i < cfg->ext_from.n && strcmp(cfg->ext_from.v[i], from) == 0; i++) {
			kb_buf_puts(b, i > first ? ", " : "");
			kb_yaml_quote(b, cfg->ext_to.v[i]);
		}
		kb_buf_putc(b, ']');
	}
	kb_buf_putc(b, '}');
}

const char *kb_cli_below_dir(const kb_config *cfg, const char *path)
{
	size_t n = strlen(cfg->dir);
	if (strcmp(path, cfg->dir) == 0)
		return ".";
	if (strncmp(path, cfg->dir, n) == 0 && path[n] == '/')
		return path + n + 1;
	return path;
}

/* Writes the YAML string of s. */
static void put_str(FILE *out, const char *s)
{
	kb_buf b = {0};
	kb_yaml_quote(&b, s);
	fputs(b.data, out);
	kb_buf_free(&b);
}

/* "  # SOURCE\n": source cleaned (it is a path, which may hold anything). */
static void put_origin(FILE *out, const char *source)
{
	fputs("  # ", out);
	kb_put_clean(out, source ? source : "default");
	fputc('\n', out);
}

/* "name:" opening a mapping, with the config's line when the config file set it (its keys say
 * where each of their values came from). */
static void put_parent(FILE *out, const kb_config *cfg, const char *name)
{
	const char *o = kb_config_origin(cfg, name);
	fprintf(out, "%s:", name);
	if (o)
		put_origin(out, o);
	else
		fputc('\n', out);
}

static const char *origin(const kb_config *cfg, const char *key)
{
	const char *o = kb_config_origin(cfg, key);
	return o ? o : "default";
}

/* path made relative to the config's folder when it is below it ("source"), else as it is. */
static void put_path(FILE *out, const kb_config *cfg, const char *path)
{
	put_str(out, kb_cli_below_dir(cfg, path));
}

/* key: ["a", "b"]  # origin */
static void put_list(FILE *out, const char *indent, const char *name, const kb_strv *v,
		     const char *source)
{
	fprintf(out, "%s%s: [", indent, name);
	for (size_t i = 0; i < v->n; i++) {
		if (i)
			fputs(", ", out);
		put_str(out, v->v[i]);
	}
	fputc(']', out);
	put_origin(out, source);
}

static void put_interval(FILE *out, const char *name, kb_interval iv, const char *source)
{
	char buf[32];
	kb_interval_format(iv, buf);
	fprintf(out, "  %s: ", name);
	put_str(out, buf);
	put_origin(out, source);
}

/* key: "value"  # origin, or key: null when value is NULL */
static void put_text(FILE *out, const char *indent, const char *name, const char *value,
		     const char *source)
{
	fprintf(out, "%s%s: ", indent, name);
	if (value)
		put_str(out, value);
	else
		fputs("null", out);
	put_origin(out, source);
}

static void show_site(FILE *out, const kb_config *cfg)
{
	fputs("site: ", out);
	put_str(out, cfg->site_name ? cfg->site_name : cfg->site ? cfg->site : "none");
	const char *set = kb_config_origin(cfg, "site");
	if (set) {
		put_origin(out, set);
	} else if (cfg->site_file) {
		kb_buf b = {0};
		kb_buf_printf(&b, "detected: %s", cfg->site_file);
		put_origin(out, b.data);
		kb_buf_free(&b);
	} else {
		put_origin(out, "default: none detected");
	}
	if (cfg->site_name) {
		fputs("# ", out);
		kb_put_clean(out, kb_site_label(cfg->site_name));
		fputs(cfg->site_file ? " settings read from " : " defaults (no config file found)",
		      out);
		kb_put_clean(out, cfg->site_file ? cfg->site_file : "");
		fputc('\n', out);
	}
}

static void show_fields(FILE *out, const kb_config *cfg)
{
	put_parent(out, cfg, "fields");
	for (int r = 0; r < KB_ROLE_COUNT; r++) {
		char key[64];
		snprintf(key, sizeof key, "fields.%s", kb_role_name((kb_role)r));
		put_list(out, "  ", kb_role_name((kb_role)r), &cfg->fields[r], origin(cfg, key));
	}
}

static void show_links(FILE *out, const kb_config *cfg)
{
	put_parent(out, cfg, "links");
	fputs("  root: ", out);
	if (cfg->links_root)
		put_path(out, cfg, cfg->links_root);
	else
		fputs("null", out);
	put_origin(out, origin(cfg, "links.root"));
	kb_buf x = {0};
	kb_yaml_extensions(&x, cfg);
	fprintf(out, "  extensions: %s", x.data);
	kb_buf_free(&x);
	put_origin(out, origin(cfg, "links.extensions"));
	fprintf(out, "  case_sensitive: %s", cfg->links_case_sensitive ? "true" : "false");
	put_origin(out, origin(cfg, "links.case_sensitive"));
	fprintf(out, "  pretty_urls: %s", cfg->pretty_urls ? "true" : "false");
	put_origin(out, origin(cfg, "links.pretty_urls"));
	fputs("  prefixes: {", out);
	for (size_t i = 0; i < cfg->prefix_from.n; i++) {
		fputs(i ? ", " : "", out);
		put_str(out, cfg->prefix_from.v[i]);
		fputs(": ", out);
		put_path(out, cfg, cfg->prefix_to.v[i]);
	}
	fputc('}', out);
	put_origin(out, origin(cfg, "links.prefixes"));
	put_list(out, "  ", "ignore", &cfg->link_ignore, origin(cfg, "links.ignore"));
	put_list(out, "  ", "anchors", &cfg->link_anchors, origin(cfg, "links.anchors"));
}

static void show_redirects(FILE *out, const kb_config *cfg)
{
	size_t n = cfg->redirect_from.n;
	if (!n) {
		fputs("redirects: {}", out);
		put_origin(out, origin(cfg, "redirects"));
		return;
	}
	kb_buf b = {0};
	kb_buf_printf(&b, "%s; %zu redirect%s", origin(cfg, "redirects"), n, n == 1 ? "" : "s");
	fputs("redirects:", out);
	put_origin(out, b.data);
	kb_buf_free(&b);
	for (size_t i = 0; i < n && i < SHOW_MAX_REDIRECTS; i++) {
		fputs("  ", out);
		put_str(out, cfg->redirect_from.v[i]);
		fputs(": ", out);
		put_str(out, cfg->redirect_to.v[i]);
		fputc('\n', out);
	}
	if (n > SHOW_MAX_REDIRECTS)
		fprintf(out, "  # ... and %zu more\n", n - SHOW_MAX_REDIRECTS);
}

static void show_defaults(FILE *out, const kb_config *cfg)
{
	fputs(cfg->ndefaults ? "defaults:" : "defaults: []", out);
	put_origin(out, origin(cfg, "defaults"));
	for (size_t i = 0; i < cfg->ndefaults; i++) {
		const kb_meta_default *d = &cfg->defaults[i];
		fputs("  - files: [", out);
		for (size_t j = 0; j < d->files.n; j++) {
			fputs(j ? ", " : "", out);
			put_str(out, d->files.v[j]);
		}
		fputc(']', out);
		kb_buf src = {0};
		if (d->line)
			kb_buf_printf(&src, "%s:%d", cfg->path ? cfg->path : "?", d->line);
		else
			kb_buf_puts(&src, cfg->site_file ? cfg->site_file : "site defaults");
		put_origin(out, src.data);
		kb_buf_free(&src);
		fputs("    values: {", out);
		for (size_t j = 0; j < d->keys.n; j++) {
			fputs(j ? ", " : "", out);
			put_str(out, d->keys.v[j]);
			fputs(": ", out);
			put_str(out, d->values.v[j]);
		}
		fputs("}\n", out);
	}
}

static void show_levels(FILE *out, const char *indent, const kb_sev_override *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		fputs(indent, out);
		put_str(out, v[i].rule);
		fprintf(out, ": %s\n",
			v[i].severity < 0 ? "off" : kb_severity_name((kb_severity)v[i].severity));
	}
}

static void show_audit(FILE *out, const kb_config *cfg)
{
	const kb_audit_config *au = &cfg->audit;
	put_parent(out, cfg, "audit");
	put_text(out, "  ", "default_owner", au->default_owner, origin(cfg, "audit.default_owner"));
	put_text(out, "  ", "base_url", au->base_url, origin(cfg, "audit.base_url"));
	char buf[32];
	kb_interval_format(au->due_within, buf);
	put_text(out, "  ", "due_within", buf, origin(cfg, "audit.due_within"));
	fprintf(out, "  limit_per_owner: %zu", au->limit_per_owner);
	put_origin(out, origin(cfg, "audit.limit_per_owner"));
	fprintf(out, "  owner_emails: {");
	for (size_t i = 0; i < au->owner_names.n; i++) {
		fputs(i ? ", " : "", out);
		put_str(out, au->owner_names.v[i]);
		fputs(": ", out);
		put_str(out, au->owner_emails.v[i]);
	}
	fputc('}', out);
	put_origin(out, origin(cfg, "audit.owner_emails"));
	put_text(out, "  ", "sendmail", au->sendmail, origin(cfg, "audit.sendmail"));
	put_text(out, "  ", "from", au->from, origin(cfg, "audit.from"));
	put_text(out, "  ", "default_recipient", au->default_recipient,
		 origin(cfg, "audit.default_recipient"));
}

/* "{categories: [stale, ...], severity: error" (the caller closes the mapping). */
static void put_when(FILE *out, const kb_export_when *w)
{
	fputs("{categories: [", out);
	bool first = true;
	for (int c = 0; c < KB_CAT_COUNT; c++)
		if (w->categories >> c & 1u) {
			fprintf(out, "%s%s", first ? "" : ", ", kb_category_name((kb_category)c));
			first = false;
		}
	fprintf(out, "], severity: %s", kb_severity_name((kb_severity)w->severity));
}

static void show_export(FILE *out, const kb_config *cfg)
{
	static const char *const contents[] = {"none", "full", "clean"};
	const kb_export_config *ex = &cfg->export_;
	put_parent(out, cfg, "export");
	fputs("  untrusted_on: ", out);
	put_when(out, &ex->untrusted_on);
	fputc('}', out);
	put_origin(out, origin(cfg, "export.untrusted_on"));
	fputs("  review_on: ", out);
	put_when(out, &ex->review_on);
	fprintf(out, ", due_soon: %s}", ex->review_due_soon ? "true" : "false");
	put_origin(out, origin(cfg, "export.review_on"));
	fputs(ex->exclude_fields.n ? "  exclude: [" : "  exclude: []", out);
	for (size_t i = 0; i < ex->exclude_fields.n; i++) {
		bool starts = i == 0 ||
			      strcmp(ex->exclude_fields.v[i], ex->exclude_fields.v[i - 1]) != 0;
		bool ends = i + 1 == ex->exclude_fields.n ||
			    strcmp(ex->exclude_fields.v[i], ex->exclude_fields.v[i + 1]) != 0;
		if (starts) {
			fputs(i ? ", {field: " : "{field: ", out);
			put_str(out, ex->exclude_fields.v[i]);
			fputs(", values: [", out);
		} else {
			fputs(", ", out);
		}
		put_str(out, ex->exclude_values.v[i]);
		if (ends)
			fputs("]}", out);
	}
	if (ex->exclude_fields.n)
		fputc(']', out);
	put_origin(out, origin(cfg, "export.exclude"));
	put_text(out, "  ", "content", contents[ex->content], origin(cfg, "export.content"));
}

int kb_cli_show_config(FILE *out, const kb_config *cfg)
{
	fputs("# kblint's effective config; after each value, where it came from: default, a site\n"
	      "# generator's file, or the config file and line\n", out);
	fputs("# config file: ", out);
	kb_put_clean(out, cfg->path ? cfg->path : "none");
	fputs("\n# folder: ", out);
	kb_put_clean(out, cfg->dir);
	fputc('\n', out);
	show_site(out, cfg);
	if (cfg->has_today) {
		char d[16];
		kb_date_format(cfg->today, d);
		put_text(out, "", "today", d, origin(cfg, "today"));
	}
	put_list(out, "", "include", &cfg->include, origin(cfg, "include"));
	put_list(out, "", "exclude", &cfg->exclude, origin(cfg, "exclude"));
	put_list(out, "", "publish", &cfg->publish, origin(cfg, "publish"));
	put_list(out, "", "fragments", &cfg->fragments, origin(cfg, "fragments"));
	show_fields(out, cfg);
	put_list(out, "", "date_formats", &cfg->date_formats, origin(cfg, "date_formats"));
	static const char *const langs[] = {"hugo", "liquid", "jinja", "erb", "docfx"};
	kb_strv markup = {0};
	for (size_t i = 0; i < 5; i++)
		if (cfg->markup & (1u << i))
			kb_strv_push(&markup, langs[i]);
	put_list(out, "", "markup", &markup, origin(cfg, "markup"));
	kb_strv_free(&markup);
	put_parent(out, cfg, "freshness");
	put_interval(out, "default_interval", cfg->default_interval,
		     origin(cfg, "freshness.default_interval"));
	put_interval(out, "due_soon", cfg->due_soon, origin(cfg, "freshness.due_soon"));
	put_interval(out, "prose_max_age", cfg->prose_max_age,
		     origin(cfg, "freshness.prose_max_age"));
	put_text(out, "  ", "fallback", cfg->fallback_git ? "git" : "none",
		 origin(cfg, "freshness.fallback"));
	show_links(out, cfg);
	show_redirects(out, cfg);
	show_defaults(out, cfg);
	put_text(out, "", "owners", cfg->owners_path, origin(cfg, "owners"));
	put_text(out, "", "facts", cfg->facts_path, origin(cfg, "facts"));
	if (cfg->codeowners_path)
		put_text(out, "", "codeowners", cfg->codeowners_path, origin(cfg, "codeowners"));
	else
		put_text(out, "", "codeowners", cfg->use_codeowners ? "true" : "false",
			 origin(cfg, "codeowners"));
	put_list(out, "", "rules", &cfg->rules, origin(cfg, "rules"));
	put_text(out, "", "rules_docs_url", cfg->rules_docs_url, origin(cfg, "rules_docs_url"));
	fputs(cfg->nseverity ? "severity:" : "severity: {}", out);
	put_origin(out, origin(cfg, "severity"));
	show_levels(out, "  ", cfg->severity, cfg->nseverity);
	fputs(cfg->noverrides ? "overrides:" : "overrides: []", out);
	put_origin(out, origin(cfg, "overrides"));
	for (size_t i = 0; i < cfg->noverrides; i++) {
		const kb_override *o = &cfg->overrides[i];
		fputs("  - files: [", out);
		for (size_t j = 0; j < o->files.n; j++) {
			fputs(j ? ", " : "", out);
			put_str(out, o->files.v[j]);
		}
		fputs("]\n    severity:\n", out);
		show_levels(out, "      ", o->severity, o->nseverity);
	}
	show_audit(out, cfg);
	show_export(out, cfg);
	return ferror(out) ? -1 : 0;
}
