/* config.c: .kblint.yaml read into a typed struct; every error names file:line:column. */
#include "config.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "glob.h"
#include "roster.h"
#include "ydata.h"

const char *const kb_config_default_name = ".kblint.yaml";

static const char *const role_names[] = {
#define X(e, s) s,
	KB_ROLES(X)
#undef X
	NULL,
};

static const char *const default_fields[KB_ROLE_COUNT][8] = {
	[KB_ROLE_REVIEWED] = {"last_reviewed_on", "last_reviewed", "last_verified", "reviewed_on",
			      "reviewed", "ms.date"},
	[KB_ROLE_INTERVAL] = {"review_in", "verify_every", "review_interval"},
	[KB_ROLE_EXPIRES] = {"expires", "expires_on", "review_by", "valid_until"},
	[KB_ROLE_OWNER] = {"owner", "owner_slack", "verified_by", "ms.author", "author"},
	[KB_ROLE_STATUS] = {"status"},
	[KB_ROLE_VERIFIED] = {"verified"},
	[KB_ROLE_VERIFIER] = {"reviewed_by", "verified_by"},
	[KB_ROLE_BODY] = {"answer", "body", "content", "text"},
	[KB_ROLE_URL] = {"url", "permalink"},
	[KB_ROLE_SLUG] = {"slug"},
	[KB_ROLE_ALIASES] = {"aliases", "redirect_from"},
};

const char *kb_role_name(kb_role r)
{
	return role_names[r];
}

void kb_config_defaults(kb_config *cfg, const char *dir)
{
	memset(cfg, 0, sizeof *cfg);
	cfg->dir = xstrdup(dir);
	static const char *const inc[] = {"**/*.md", "**/*.markdown", "**/*.yaml", "**/*.yml"};
	for (size_t i = 0; i < 4; i++)
		kb_strv_push(&cfg->include, inc[i]);
	/* a repository's own files (GitHub's community health files), never a site's pages */
	static const char *const repo_files[] = {
		"**/CODE_OF_CONDUCT.md", "**/CONTRIBUTING.md", "**/SECURITY.md", "**/SUPPORT.md",
		"**/LICENSE*.md", "**/ThirdPartyNotices.md", "**/PULL_REQUEST_TEMPLATE.md",
		"**/ISSUE_TEMPLATE/**"};
	for (size_t i = 0; i < sizeof repo_files / sizeof *repo_files; i++)
		kb_strv_push(&cfg->exclude, repo_files[i]);
	for (int r = 0; r < KB_ROLE_COUNT; r++)
		for (size_t i = 0; default_fields[r][i]; i++)
			kb_strv_push(&cfg->fields[r], default_fields[r][i]);
	cfg->default_interval = (kb_interval){6, KB_UNIT_MONTHS};
	cfg->due_soon = (kb_interval){14, KB_UNIT_DAYS};
	cfg->prose_max_age = (kb_interval){12, KB_UNIT_MONTHS};
	cfg->links_case_sensitive = true;
	kb_strv_push(&cfg->publish, "**");
	cfg->audit.default_owner = xstrdup("unowned");
	cfg->audit.due_within = (kb_interval){30, KB_UNIT_DAYS};
	kb_export_config *ex = &cfg->export_;
	ex->untrusted_on = (kb_export_when){
		1u << KB_CAT_STALE | 1u << KB_CAT_CONTRADICTION | 1u << KB_CAT_UNVERIFIED, KB_SEV_ERROR};
	ex->review_on = (kb_export_when){1u << KB_CAT_STALE | 1u << KB_CAT_CONTRADICTION,
					 KB_SEV_WARNING};
	ex->review_due_soon = true;
	kb_strv_push(&ex->exclude_fields, "ai");
	kb_strv_push(&ex->exclude_values, "exclude");
	kb_strv_push(&ex->exclude_fields, "tags");
	kb_strv_push(&ex->exclude_values, "llm-no-index");
}

/* Frees cfg->defaults and empties it. */
static void free_defaults(kb_config *cfg)
{
	for (size_t i = 0; i < cfg->ndefaults; i++) {
		kb_strv_free(&cfg->defaults[i].files);
		kb_strv_free(&cfg->defaults[i].keys);
		kb_strv_free(&cfg->defaults[i].values);
	}
	free(cfg->defaults);
	cfg->defaults = NULL;
	cfg->ndefaults = 0;
}

void kb_config_set_origin(kb_config *cfg, const char *key, const char *source)
{
	for (size_t i = 0; i < cfg->origin_keys.n; i++)
		if (strcmp(cfg->origin_keys.v[i], key) == 0) {
			free(cfg->origin_sources.v[i]);
			cfg->origin_sources.v[i] = xstrdup(source);
			return;
		}
	kb_strv_push(&cfg->origin_keys, key);
	kb_strv_push(&cfg->origin_sources, source);
}

const char *kb_config_origin(const kb_config *cfg, const char *key)
{
	for (size_t i = 0; i < cfg->origin_keys.n; i++)
		if (strcmp(cfg->origin_keys.v[i], key) == 0)
			return cfg->origin_sources.v[i];
	return NULL;
}

bool kb_config_user_set(const kb_config *cfg, const char *key)
{
	size_t n = strlen(key);
	size_t pl = cfg->path ? strlen(cfg->path) : 0;
	for (size_t i = 0; pl && i < cfg->origin_keys.n; i++) {
		const char *k = cfg->origin_keys.v[i], *src = cfg->origin_sources.v[i];
		if (strncmp(k, key, n) != 0 || (k[n] && k[n] != '.'))
			continue;
		if (strncmp(src, cfg->path, pl) == 0 && src[pl] == ':')
			return true;
	}
	return false;
}

const char *kb_config_default_meta(const kb_config *cfg, const char *rel, const char *field)
{
	for (size_t i = 0; i < cfg->ndefaults; i++) {
		const kb_meta_default *d = &cfg->defaults[i];
		bool match = false;
		for (size_t j = 0; j < d->files.n && !match; j++)
			match = kb_glob_match(d->files.v[j], rel);
		for (size_t j = 0; match && j < d->keys.n; j++)
			if (strcmp(d->keys.v[j], field) == 0)
				return d->values.v[j];
	}
	return NULL;
}

/* Frees what au holds and zeroes it. */
static void free_audit(kb_audit_config *au)
{
	free(au->default_owner);
	free(au->base_url);
	kb_strv_free(&au->owner_names);
	kb_strv_free(&au->owner_emails);
	free(au->sendmail);
	free(au->from);
	free(au->default_recipient);
	memset(au, 0, sizeof *au);
}

const char *kb_config_owner_email(const kb_config *cfg, const char *owner)
{
	for (size_t i = 0; owner && i < cfg->audit.owner_names.n; i++)
		if (strcmp(cfg->audit.owner_names.v[i], owner) == 0)
			return cfg->audit.owner_emails.v[i];
	return NULL;
}

/* Frees cfg->overrides and what each entry holds, leaving none. */
static void free_overrides(kb_config *cfg)
{
	for (size_t i = 0; i < cfg->noverrides; i++) {
		kb_override *o = &cfg->overrides[i];
		kb_strv_free(&o->files);
		for (size_t k = 0; k < o->nseverity; k++)
			free(o->severity[k].rule);
		free(o->severity);
	}
	free(cfg->overrides);
	cfg->overrides = NULL;
	cfg->noverrides = 0;
}

void kb_config_free(kb_config *cfg)
{
	free(cfg->path);
	free(cfg->dir);
	free(cfg->abs_path);
	kb_strv_free(&cfg->include);
	kb_strv_free(&cfg->exclude);
	for (int r = 0; r < KB_ROLE_COUNT; r++)
		kb_strv_free(&cfg->fields[r]);
	kb_strv_free(&cfg->date_formats);
	kb_strv_free(&cfg->rules);
	free(cfg->links_root);
	free(cfg->facts_path);
	free(cfg->owners_path);
	free(cfg->codeowners_path);
	free(cfg->rules_docs_url);
	kb_strv_free(&cfg->publish);
	kb_strv_free(&cfg->fragments);
	kb_strv_free(&cfg->ext_from);
	kb_strv_free(&cfg->ext_to);
	for (size_t i = 0; i < cfg->nseverity; i++)
		free(cfg->severity[i].rule);
	free(cfg->severity);
	free_overrides(cfg);
	free_audit(&cfg->audit);
	kb_strv_free(&cfg->export_.exclude_fields);
	kb_strv_free(&cfg->export_.exclude_values);
	free(cfg->site);
	free(cfg->site_name);
	free(cfg->site_file);
	kb_strv_free(&cfg->redirect_from);
	kb_strv_free(&cfg->redirect_to);
	kb_strv_free(&cfg->link_ignore);
	kb_strv_free(&cfg->link_anchors);
	kb_strv_free(&cfg->prefix_from);
	kb_strv_free(&cfg->prefix_to);
	free_defaults(cfg);
	kb_strv_free(&cfg->origin_keys);
	kb_strv_free(&cfg->origin_sources);
	memset(cfg, 0, sizeof *cfg);
}

char *kb_config_find(const char *start)
{
	char buf[PATH_MAX];
	if (!realpath(start, buf))
		return NULL;
	struct stat st;
	if (stat(buf, &st) == 0 && !S_ISDIR(st.st_mode)) {
		char *slash = strrchr(buf, '/');
		if (slash && slash != buf)
			*slash = '\0';
		else if (slash)
			slash[1] = '\0';
	}
	for (;;) {
		char *cand = kb_path_join(buf, kb_config_default_name);
		if (stat(cand, &st) == 0 && S_ISREG(st.st_mode))
			return cand;
		free(cand);
		char *slash = strrchr(buf, '/');
		if (!slash || (slash == buf && buf[1] == '\0'))
			return NULL;
		if (slash == buf)
			buf[1] = '\0';
		else
			*slash = '\0';
	}
}

typedef struct {
	const char *file;
	kb_errs *errs;
} ctx;

/* A string, or a list of strings, into out (replacing what was there). */
static void read_strings(ctx *c, const char *key, const kb_ynode *v, kb_strv *out, bool list_only)
{
	kb_strv_clear(out);
	if (kb_yscalar_is_null(v))
		return; /* "key:" with no value: an empty list */
	if (v->type == KB_Y_SCALAR && !list_only) {
		if (v->len == 0)
			kb_errs_at(c->errs, c->file, v, "'%s' must be a list of strings, not an empty string", key);
		else
			kb_strv_push(out, v->str);
		return;
	}
	if (v->type != KB_Y_SEQ) {
		kb_errs_at(c->errs, c->file, v, "'%s' must be a list of strings, not %s", key, kb_ynode_type_name(v));
		return;
	}
	for (size_t i = 0; i < v->n; i++) {
		const kb_ynode *it = v->items[i];
		if (it->type != KB_Y_SCALAR || it->len == 0) {
			kb_errs_at(c->errs, c->file, it, "'%s' must be a list of strings, not a list holding %s", key,
			    it->type == KB_Y_SCALAR ? "an empty string" : kb_ynode_type_name(it));
			continue;
		}
		kb_strv_push(out, it->str);
	}
}

/* The node of the k-th string read_strings kept from v, for messages about that string. */
static const kb_ynode *string_node(const kb_ynode *v, size_t k)
{
	if (v->type != KB_Y_SEQ)
		return v;
	for (size_t i = 0; i < v->n; i++) {
		const kb_ynode *it = v->items[i];
		if (it->type == KB_Y_SCALAR && it->len > 0 && k-- == 0)
			return it;
	}
	return v;
}

static bool check_keys(ctx *c, const kb_ynode *map, const char *where, const char *const *keys)
{
	bool ok = true;
	const kb_ynode *dup = kb_ymap_duplicate(map);
	if (dup) {
		kb_errs_at(c->errs, c->file, dup, "duplicate key '%s'%s%s", dup->str, where ? " in " : "", where ? where : "");
		ok = false;
	}
	for (size_t i = 0; i < map->n; i++) {
		const kb_ynode *k = map->items[2 * i];
		bool known = false;
		for (size_t j = 0; keys[j]; j++)
			if (k->type == KB_Y_SCALAR && strcmp(k->str, keys[j]) == 0)
				known = true;
		if (known)
			continue;
		kb_buf list = {0};
		for (size_t j = 0; keys[j]; j++)
			kb_buf_printf(&list, "%s%s", j ? ", " : "", keys[j]);
		kb_errs_at(c->errs, c->file, k, "unknown key '%s'%s%s (expected one of: %s)",
		    k->type == KB_Y_SCALAR ? k->str : "?", where ? " in " : "", where ? where : "",
		    list.data);
		kb_buf_free(&list);
		ok = false;
	}
	return ok;
}

static void read_interval(ctx *c, const char *key, const kb_ynode *v, kb_interval *out)
{
	if (v->type != KB_Y_SCALAR || kb_interval_parse(v->str, v->len, out) != 0)
		kb_errs_at(c->errs, c->file, v, "'%s' must be an interval such as '90 days', '6 months' or '1 year', not %s%s%s",
		    key, v->type == KB_Y_SCALAR ? "'" : "", v->type == KB_Y_SCALAR ? v->str : kb_ynode_type_name(v),
		    v->type == KB_Y_SCALAR ? "'" : "");
}

static bool format_ok(const char *f)
{
	bool y = false, m = false, d = false;
	for (; *f; f++) {
		if (*f != '%')
			continue;
		const kb_date_directive *dd = kb_date_directive_of(*++f);
		if (!dd)
			return false;
		y |= dd->part == KB_DIR_YEAR;
		m |= dd->part == KB_DIR_MONTH;
		d |= dd->part == KB_DIR_DAY;
	}
	return y && m && d;
}

static void read_fields(ctx *c, kb_config *cfg, const kb_ynode *v)
{
	if (v->type != KB_Y_MAP) {
		kb_errs_at(c->errs, c->file, v, "'fields' must be a mapping from role to field names, not %s",
		    kb_ynode_type_name(v));
		return;
	}
	check_keys(c, v, "'fields'", role_names);
	for (int r = 0; r < KB_ROLE_COUNT; r++) {
		const kb_ynode *f = kb_ymap_get(v, role_names[r]);
		if (!f)
			continue;
		char key[64];
		snprintf(key, sizeof key, "fields.%s", role_names[r]);
		size_t nerr = c->errs->n;
		read_strings(c, key, f, &cfg->fields[r], false);
		if (cfg->fields[r].n == 0 && c->errs->n == nerr)
			kb_errs_at(c->errs, c->file, f, "'%s' needs at least one field name", key);
		/* a dotted path into nested mappings (meta.c) has no empty part */
		for (size_t i = 0; c->errs->n == nerr && i < cfg->fields[r].n; i++) {
			const char *n = cfg->fields[r].v[i];
			size_t len = strlen(n);
			if (n[0] == '.' || n[len - 1] == '.' || strstr(n, ".."))
				kb_errs_at(c->errs, c->file, string_node(f, i), "'%s': '%s' has an empty part (a nested "
				    "field is keys joined by single dots: metadata.ms.date)", key, n);
		}
	}
}

/* A mapping from rule id to off, info, warning or error (the config's 'severity', or an
 * override's; key names it in messages) into a new array *out of *n entries (the caller frees
 * it, and each entry's rule). Rule ids are checked later, against the rules loaded. */
static void read_levels(ctx *c, const char *key, const kb_ynode *v, kb_sev_override **out,
			size_t *n)
{
	*out = NULL;
	*n = 0;
	if (v->type != KB_Y_MAP) {
		kb_errs_at(c->errs, c->file, v, "'%s' must be a mapping from rule id to a level, not %s", key,
		    kb_ynode_type_name(v));
		return;
	}
	const kb_ynode *dup = kb_ymap_duplicate(v);
	if (dup)
		kb_errs_at(c->errs, c->file, dup, "duplicate key '%s' in '%s'", dup->str, key);
	*out = xcalloc(v->n ? v->n : 1, sizeof **out);
	for (size_t i = 0; i < v->n; i++) {
		const kb_ynode *k = v->items[2 * i], *val = v->items[2 * i + 1];
		if (k->type != KB_Y_SCALAR)
			continue;
		int sev = val->type == KB_Y_SCALAR ? kb_severity_parse(val->str) : -2;
		if (sev == -1)
			sev = strcmp(val->str, "off") == 0 ? -1 : -2; /* -1 from the parse: unknown */
		if (sev == -2) {
			kb_errs_at(c->errs, c->file, val, "severity of '%s' must be one of off, info, warning, error, not %s%s%s",
			    k->str, val->type == KB_Y_SCALAR ? "'" : "",
			    val->type == KB_Y_SCALAR ? val->str : kb_ynode_type_name(val),
			    val->type == KB_Y_SCALAR ? "'" : "");
			continue;
		}
		kb_sev_override *o = &(*out)[(*n)++];
		o->rule = xstrdup(k->str);
		o->severity = sev;
		o->line = k->line;
		o->col = k->col;
	}
}

static const char *const override_keys[] = {"files", "severity", NULL};

/* overrides: [{files: [GLOBS], severity: {RULE: LEVEL}}, ...] into cfg->overrides (which owns
 * what it holds; kb_config_free frees it). */
static void read_overrides(ctx *c, kb_config *cfg, const kb_ynode *v)
{
	if (v->type != KB_Y_SEQ) {
		kb_errs_at(c->errs, c->file, v, "'overrides' must be a list of {files: [GLOBS], severity: {RULE: LEVEL}}, "
			  "not %s", kb_ynode_type_name(v));
		return;
	}
	free_overrides(cfg);
	cfg->overrides = xcalloc(v->n ? v->n : 1, sizeof *cfg->overrides);
	for (size_t i = 0; i < v->n; i++) {
		const kb_ynode *e = v->items[i];
		if (e->type != KB_Y_MAP) {
			kb_errs_at(c->errs, c->file, e, "an 'overrides' entry must be a mapping with 'files' and 'severity', "
				  "not %s", kb_ynode_type_name(e));
			continue;
		}
		kb_override *o = &cfg->overrides[cfg->noverrides++];
		o->line = e->line;
		o->col = e->col;
		/* in file order: what the entry lacks is reported where it starts */
		const kb_ynode *files = kb_ymap_get(e, "files"), *sev = kb_ymap_get(e, "severity");
		if (!files)
			kb_errs_at(c->errs, c->file, e, "an 'overrides' entry needs 'files', a list of globs");
		if (!sev)
			kb_errs_at(c->errs, c->file, e, "an 'overrides' entry needs 'severity', a mapping from rule id to a "
				  "level");
		check_keys(c, e, "an 'overrides' entry", override_keys);
		if (files) {
			size_t nerr = c->errs->n;
			read_strings(c, "overrides.files", files, &o->files, false);
			if (o->files.n == 0 && c->errs->n == nerr)
				kb_errs_at(c->errs, c->file, files, "'overrides.files' needs at least one pattern");
		}
		if (sev)
			read_levels(c, "overrides.severity", sev, &o->severity, &o->nseverity);
	}
}

static const char *const top_keys[] = {"today", "include", "exclude", "fields", "date_formats",
				       "facts", "freshness", "links", "owners", "publish", "rules",
				       "rules_docs_url", "severity", "overrides", "audit", "site",
				       "redirects", "defaults", "fragments", "codeowners", "markup",
				       "export", NULL};
static const char *const freshness_keys[] = {"default_interval", "due_soon", "prose_max_age",
					     "fallback", NULL};
static const char *const links_keys[] = {"root",   "extensions", "case_sensitive", "prefixes",
					 "ignore", "anchors",    "pretty_urls",    NULL};

/* A plain true or false into *out. */
static void read_bool(ctx *c, const char *key, const kb_ynode *v, bool *out)
{
	if (v->type == KB_Y_SCALAR && v->style == KB_YS_PLAIN && !strcmp(v->str, "true"))
		*out = true;
	else if (v->type == KB_Y_SCALAR && v->style == KB_YS_PLAIN && !strcmp(v->str, "false"))
		*out = false;
	else
		kb_errs_at(c->errs, c->file, v, "'%s' must be true or false", key);
}

/* links.prefixes: {"/docs/": "content"}: a site served under a URL prefix; the folder is
 * relative to the config's folder. */
static void read_prefixes(ctx *c, kb_config *cfg, const kb_ynode *v)
{
	if (v->type != KB_Y_MAP) {
		kb_errs_at(c->errs, c->file, v, "'links.prefixes' must map a URL prefix such as '/docs/' to a folder, not %s",
		    kb_ynode_type_name(v));
		return;
	}
	kb_strv_clear(&cfg->prefix_from);
	kb_strv_clear(&cfg->prefix_to);
	for (size_t i = 0; i < v->n; i++) {
		const kb_ynode *k = v->items[2 * i], *val = v->items[2 * i + 1];
		if (k->type != KB_Y_SCALAR || k->len < 1 || k->str[0] != '/') {
			kb_errs_at(c->errs, c->file, k, "'links.prefixes' keys must be URL paths starting with '/', such as "
				  "'/docs/'");
			continue;
		}
		if (val->type != KB_Y_SCALAR || !val->len) {
			kb_errs_at(c->errs, c->file, val, "'links.prefixes' values must be folders, not %s",
			    val->type == KB_Y_SCALAR ? "an empty string" : kb_ynode_type_name(val));
			continue;
		}
		char *joined = val->str[0] == '/' ? xstrdup(val->str) : kb_path_join(cfg->dir, val->str);
		kb_strv_push(&cfg->prefix_from, k->str);
		char *abs = kb_path_absolute(joined);
		kb_strv_push(&cfg->prefix_to, abs);
		free(abs);
		free(joined);
	}
}

static const char *const site_names[] = {"none", "techdocs", "docfx", "hugo", "jekyll", "mkdocs",
					 "docusaurus", "middleman", NULL};

/* site: a generator's name, or none */
static void read_site(ctx *c, kb_config *cfg, const kb_ynode *v)
{
	for (size_t i = 0; v->type == KB_Y_SCALAR && site_names[i]; i++)
		if (strcmp(v->str, site_names[i]) == 0) {
			free(cfg->site);
			cfg->site = xstrdup(v->str);
			return;
		}
	kb_buf list = {0};
	for (size_t i = 0; site_names[i]; i++)
		kb_buf_printf(&list, "%s%s", i ? ", " : "", site_names[i]);
	kb_errs_at(c->errs, c->file, v, "'site' must be one of %s, not %s%s%s", list.data,
	    v->type == KB_Y_SCALAR ? "'" : "", v->type == KB_Y_SCALAR ? v->str : kb_ynode_type_name(v),
	    v->type == KB_Y_SCALAR ? "'" : "");
	kb_buf_free(&list);
}

/* redirects: {"/old/page/": "/new/page/", "old.md": "https://example.com/x"} */
static void read_redirects(ctx *c, kb_config *cfg, const kb_ynode *v)
{
	if (v->type != KB_Y_MAP) {
		kb_errs_at(c->errs, c->file, v, "'redirects' must map an old path to its new path or URL, not %s",
		    kb_ynode_type_name(v));
		return;
	}
	kb_strv_clear(&cfg->redirect_from);
	kb_strv_clear(&cfg->redirect_to);
	for (size_t i = 0; i < v->n; i++) {
		const kb_ynode *k = v->items[2 * i], *val = v->items[2 * i + 1];
		if (k->type != KB_Y_SCALAR || !k->len || val->type != KB_Y_SCALAR || !val->len) {
			kb_errs_at(c->errs, c->file, k, "'redirects' must map an old path to its new path or URL, as strings");
			continue;
		}
		kb_strv_push(&cfg->redirect_from, k->str);
		kb_strv_push(&cfg->redirect_to, val->str);
	}
}

static const char *const default_keys[] = {"files", "values", NULL};

/* defaults: [{files: [GLOBS], values: {FIELD: VALUE}}] */
static void read_defaults(ctx *c, kb_config *cfg, const kb_ynode *v)
{
	if (v->type != KB_Y_SEQ) {
		kb_errs_at(c->errs, c->file, v, "'defaults' must be a list of {files: [GLOBS], values: {FIELD: VALUE}}, "
			  "not %s", kb_ynode_type_name(v));
		return;
	}
	free_defaults(cfg);
	cfg->defaults = xcalloc(v->n ? v->n : 1, sizeof *cfg->defaults);
	for (size_t i = 0; i < v->n; i++) {
		const kb_ynode *e = v->items[i];
		if (e->type != KB_Y_MAP) {
			kb_errs_at(c->errs, c->file, e, "a 'defaults' entry must be a mapping with 'files' and 'values', "
				  "not %s", kb_ynode_type_name(e));
			continue;
		}
		kb_meta_default *d = &cfg->defaults[cfg->ndefaults++];
		d->line = e->line;
		d->col = e->col;
		const kb_ynode *files = kb_ymap_get(e, "files"), *vals = kb_ymap_get(e, "values");
		if (!files)
			kb_errs_at(c->errs, c->file, e, "a 'defaults' entry needs 'files', a list of globs");
		if (!vals)
			kb_errs_at(c->errs, c->file, e, "a 'defaults' entry needs 'values', a mapping from field to value");
		check_keys(c, e, "a 'defaults' entry", default_keys);
		if (files)
			read_strings(c, "defaults.files", files, &d->files, false);
		if (vals && vals->type != KB_Y_MAP) {
			kb_errs_at(c->errs, c->file, vals, "'defaults.values' must map field names to values, not %s",
			    kb_ynode_type_name(vals));
			continue;
		}
		for (size_t j = 0; vals && j < vals->n; j++) {
			const kb_ynode *k = vals->items[2 * j], *val = vals->items[2 * j + 1];
			if (k->type != KB_Y_SCALAR || val->type != KB_Y_SCALAR) {
				kb_errs_at(c->errs, c->file, k, "'defaults.values' must map field names to plain values");
				continue;
			}
			kb_strv_push(&d->keys, k->str);
			kb_strv_push(&d->values, val->str);
		}
	}
}

/* Notes where each key of the config (and each key of a mapping below a top-level key) was set,
 * as "PATH:LINE". */
static void note_origins(kb_config *cfg, const char *path, const kb_ynode *root)
{
	for (size_t i = 0; i < root->n; i++) {
		const kb_ynode *k = root->items[2 * i], *val = root->items[2 * i + 1];
		if (k->type != KB_Y_SCALAR)
			continue;
		kb_buf src = {0};
		kb_buf_printf(&src, "%s:%d", path, k->line);
		kb_config_set_origin(cfg, k->str, src.data);
		kb_buf_free(&src);
		bool nested = val->type == KB_Y_MAP && strcmp(k->str, "severity") != 0 &&
			      strcmp(k->str, "redirects") != 0;
		for (size_t j = 0; nested && j < val->n; j++) {
			const kb_ynode *sk = val->items[2 * j];
			if (sk->type != KB_Y_SCALAR)
				continue;
			kb_buf key = {0};
			kb_buf_printf(&key, "%s.%s", k->str, sk->str);
			kb_buf_printf(&src, "%s:%d", path, sk->line);
			kb_config_set_origin(cfg, key.data, src.data);
			kb_buf_free(&key);
			kb_buf_free(&src);
		}
	}
}

/* links: {root: FOLDER, extensions: {".html": [".html.md", ".html.md.erb"]}} */
static void read_links(ctx *c, kb_config *cfg, const kb_ynode *v)
{
	if (v->type != KB_Y_MAP) {
		kb_errs_at(c->errs, c->file, v, "'links' must be a mapping, not %s", kb_ynode_type_name(v));
		return;
	}
	check_keys(c, v, "'links'", links_keys);
	const kb_ynode *r = kb_ymap_get(v, "root"), *x = kb_ymap_get(v, "extensions");
	const kb_ynode *cs = kb_ymap_get(v, "case_sensitive"), *f;
	if (cs)
		read_bool(c, "links.case_sensitive", cs, &cfg->links_case_sensitive);
	if ((f = kb_ymap_get(v, "pretty_urls")))
		read_bool(c, "links.pretty_urls", f, &cfg->pretty_urls);
	if ((f = kb_ymap_get(v, "prefixes")))
		read_prefixes(c, cfg, f);
	if ((f = kb_ymap_get(v, "ignore")))
		read_strings(c, "links.ignore", f, &cfg->link_ignore, false);
	if ((f = kb_ymap_get(v, "anchors")))
		read_strings(c, "links.anchors", f, &cfg->link_anchors, false);
	if (r) {
		if (r->type != KB_Y_SCALAR || !r->len) {
			kb_errs_at(c->errs, c->file, r, "'links.root' must be a folder, not %s",
			    r->type == KB_Y_SCALAR ? "an empty string" : kb_ynode_type_name(r));
		} else {
			free(cfg->links_root);
			char *joined = r->str[0] == '/' ? xstrdup(r->str) : kb_path_join(cfg->dir, r->str);
			cfg->links_root = kb_path_absolute(joined);
			free(joined);
		}
	}
	if (!x)
		return;
	if (x->type != KB_Y_MAP) {
		kb_errs_at(c->errs, c->file, x, "'links.extensions' must map a link's ending to the file endings it may name, not %s",
		    kb_ynode_type_name(x));
		return;
	}
	kb_strv_clear(&cfg->ext_from);
	kb_strv_clear(&cfg->ext_to);
	for (size_t i = 0; i < x->n; i++) {
		const kb_ynode *k = x->items[2 * i], *val = x->items[2 * i + 1];
		kb_strv tos = {0};
		if (k->type != KB_Y_SCALAR || !k->len) {
			kb_errs_at(c->errs, c->file, k, "'links.extensions' keys must be endings such as '.html'");
			continue;
		}
		read_strings(c, "links.extensions", val, &tos, false);
		for (size_t j = 0; j < tos.n; j++) {
			kb_strv_push(&cfg->ext_from, k->str);
			kb_strv_push(&cfg->ext_to, tos.v[j]);
		}
		kb_strv_free(&tos);
	}
}

static const char *const audit_keys[] = {"default_owner", "base_url", "due_within",
					 "limit_per_owner", "owner_emails", "sendmail", "from",
					 "default_recipient", NULL};

/* True when s[0..n) holds a control character (C0, DEL) or a NUL. */
static bool has_control(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7F)
			return true;
	return false;
}

/* A non-empty string with no control character into *out (replacing it; the config owns it).
 * what says what it must be in the message. Returns false after an error. */
static bool read_text(ctx *c, const char *key, const kb_ynode *v, const char *what, char **out)
{
	if (v->type != KB_Y_SCALAR || v->len == 0 || has_control(v->str, v->len)) {
		kb_errs_at(c->errs, c->file, v, "'%s' must be %s, not %s", key, what,
		    v->type != KB_Y_SCALAR ? kb_ynode_type_name(v)
		    : v->len == 0	   ? "an empty string"
				   : "a string with a control character");
		return false;
	}
	free(*out);
	*out = xstrdup(v->str);
	return true;
}

bool kb_config_url_ok(const char *s)
{
	size_t skip = strncmp(s, "https://", 8) == 0 ? 8 : strncmp(s, "http://", 7) == 0 ? 7 : 0;
	if (!skip || !s[skip] || s[skip] == '/')
		return false;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p <= 0x20 || *p >= 0x7F || strchr("\"'<>`\\^{}|?#", *p))
			return false;
	return true;
}

/* "addr" or "Display Name <addr>", the address checked with kb_email_valid and the name free of
 * '<', '>' and control characters. */
static bool from_ok(const char *s)
{
	const char *lt = strchr(s, '<');
	if (!lt)
		return kb_email_valid(s, strlen(s));
	size_t n = strlen(s);
	if (n < 2 || s[n - 1] != '>' || strchr(lt + 1, '<') || memchr(s, '>', (size_t)(lt - s)))
		return false;
	return kb_email_valid(lt + 1, (size_t)(s + n - 1 - (lt + 1)));
}

static const char *const export_keys[] = {"untrusted_on", "review_on", "exclude", "content", NULL};
static const char *const export_when_keys[] = {"categories", "severity", NULL};
static const char *const export_review_keys[] = {"categories", "severity", "due_soon", NULL};
static const char *const export_exclude_keys[] = {"field", "values", NULL};
static const char *const content_names[] = {"none", "full", "clean", NULL};

/* export.untrusted_on / export.review_on: {categories: [...], severity: LEVEL} into w (and
 * due_soon for review_on). */
static void read_export_when(ctx *c, const char *key, const kb_ynode *v, kb_export_when *w,
			     bool *due_soon)
{
	if (v->type != KB_Y_MAP) {
		kb_errs_at(c->errs, c->file, v, "'%s' must be a mapping with 'categories' and 'severity', not %s", key,
		    kb_ynode_type_name(v));
		return;
	}
	char where[64];
	snprintf(where, sizeof where, "'%s'", key);
	check_keys(c, v, where, due_soon ? export_review_keys : export_when_keys);
	const kb_ynode *f;
	if ((f = kb_ymap_get(v, "categories"))) {
		kb_strv cats = {0};
		snprintf(where, sizeof where, "%s.categories", key);
		size_t nerr = c->errs->n;
		read_strings(c, where, f, &cats, false);
		unsigned bits = 0;
		for (size_t i = 0; c->errs->n == nerr && i < cats.n; i++) {
			int cat = kb_category_parse(cats.v[i]);
			if (cat < 0)
				kb_errs_at(c->errs, c->file, string_node(f, i),
				    "unknown category '%s' in '%s' (expected one of: %s)", cats.v[i],
				    where, kb_category_names());
			else
				bits |= 1u << cat;
		}
		if (c->errs->n == nerr)
			w->categories = bits;
		kb_strv_free(&cats);
	}
	if ((f = kb_ymap_get(v, "severity"))) {
		int sev = f->type == KB_Y_SCALAR ? kb_severity_parse(f->str) : -1;
		if (sev < 0)
			kb_errs_at(c->errs, c->file, f, "'%s.severity' must be one of info, warning, error, not %s%s%s", key,
			    f->type == KB_Y_SCALAR ? "'" : "",
			    f->type == KB_Y_SCALAR ? f->str : kb_ynode_type_name(f),
			    f->type == KB_Y_SCALAR ? "'" : "");
		else
			w->severity = sev;
	}
	if (due_soon && (f = kb_ymap_get(v, "due_soon")))
		read_bool(c, "export.review_on.due_soon", f, due_soon);
}

/* export.exclude: a list of {field, values} into ex's parallel lists (replacing the defaults). */
static void read_export_exclude(ctx *c, kb_export_config *ex, const kb_ynode *v)
{
	kb_strv_clear(&ex->exclude_fields);
	kb_strv_clear(&ex->exclude_values);
	if (kb_yscalar_is_null(v))
		return; /* "exclude:" with nothing: no article opts out by a field */
	if (v->type != KB_Y_SEQ) {
		kb_errs_at(c->errs, c->file, v, "'export.exclude' must be a list of {field, values}, not %s",
		    kb_ynode_type_name(v));
		return;
	}
	for (size_t i = 0; i < v->n; i++) {
		const kb_ynode *e = v->items[i];
		if (e->type != KB_Y_MAP) {
			kb_errs_at(c->errs, c->file, e, "an 'export.exclude' entry must be a mapping with 'field' and "
				  "'values', not %s", kb_ynode_type_name(e));
			continue;
		}
		check_keys(c, e, "an 'export.exclude' entry", export_exclude_keys);
		const kb_ynode *field = kb_ymap_get(e, "field"), *values = kb_ymap_get(e, "values");
		char *name = NULL;
		if (!field)
			kb_errs_at(c->errs, c->file, e, "an 'export.exclude' entry needs 'field', the front-matter key "
				  "that opts an article out (such as 'ai')");
		else
			read_text(c, "export.exclude.field", field, "a front-matter key", &name);
		kb_strv vals = {0};
		if (!values) {
			kb_errs_at(c->errs, c->file, e, "an 'export.exclude' entry needs 'values', the values of its field "
				  "that opt an article out (such as [exclude])");
		} else {
			size_t nerr = c->errs->n;
			read_strings(c, "export.exclude.values", values, &vals, false);
			if (vals.n == 0 && c->errs->n == nerr)
				kb_errs_at(c->errs, c->file, values, "'export.exclude.values' needs at least one value");
		}
		for (size_t j = 0; name && j < vals.n; j++) {
			kb_strv_push(&ex->exclude_fields, name);
			kb_strv_push(&ex->exclude_values, vals.v[j]);
		}
		free(name);
		kb_strv_free(&vals);
	}
}

/* export: {untrusted_on, review_on, exclude, content} into cfg->export_. */
static void read_export(ctx *c, kb_config *cfg, const kb_ynode *v)
{
	if (v->type != KB_Y_MAP) {
		kb_errs_at(c->errs, c->file, v, "'export' must be a mapping, not %s", kb_ynode_type_name(v));
		return;
	}
	check_keys(c, v, "'export'", export_keys);
	kb_export_config *ex = &cfg->export_;
	const kb_ynode *f;
	if ((f = kb_ymap_get(v, "untrusted_on")))
		read_export_when(c, "export.untrusted_on", f, &ex->untrusted_on, NULL);
	if ((f = kb_ymap_get(v, "review_on")))
		read_export_when(c, "export.review_on", f, &ex->review_on, &ex->review_due_soon);
	if ((f = kb_ymap_get(v, "exclude")))
		read_export_exclude(c, ex, f);
	if ((f = kb_ymap_get(v, "content"))) {
		int found = -1;
		for (int i = 0; f->type == KB_Y_SCALAR && content_names[i]; i++)
			if (strcmp(f->str, content_names[i]) == 0)
				found = i;
		if (found < 0)
			kb_errs_at(c->errs, c->file, f, "'export.content' must be one of none, full, clean, not %s%s%s",
			    f->type == KB_Y_SCALAR ? "'" : "",
			    f->type == KB_Y_SCALAR ? f->str : kb_ynode_type_name(f),
			    f->type == KB_Y_SCALAR ? "'" : "");
		else
			ex->content = (kb_content_mode)found;
	}
}

/* audit: {default_owner, base_url, due_within, limit_per_owner, owner_emails, sendmail, from,
 * default_recipient} into cfg->audit. */
static void read_audit(ctx *c, kb_config *cfg, const kb_ynode *v)
{
	if (v->type != KB_Y_MAP) {
		kb_errs_at(c->errs, c->file, v, "'audit' must be a mapping, not %s", kb_ynode_type_name(v));
		return;
	}
	check_keys(c, v, "'audit'", audit_keys);
	kb_audit_config *au = &cfg->audit;
	const kb_ynode *f;
	if ((f = kb_ymap_get(v, "default_owner")))
		read_text(c, "audit.default_owner", f, "an owner's name", &au->default_owner);
	if ((f = kb_ymap_get(v, "base_url"))) {
		char *url = NULL;
		if (read_text(c, "audit.base_url", f, "an http or https URL", &url)) {
			if (!kb_config_url_ok(url)) {
				kb_errs_at(c->errs, c->file, f, "'audit.base_url' must be an http or https URL such as "
					  "'https://kb.example.com/articles/', with no space, quote, '?' "
					  "or '#', not '%s'", url);
				free(url);
			} else {
				free(au->base_url);
				au->base_url = url;
			}
		}
	}
	if ((f = kb_ymap_get(v, "due_within")))
		read_interval(c, "audit.due_within", f, &au->due_within);
	if ((f = kb_ymap_get(v, "limit_per_owner"))) {
		bool ok = f->type == KB_Y_SCALAR && f->style == KB_YS_PLAIN && f->len > 0 &&
			  f->len <= 7 && strspn(f->str, "0123456789") == f->len;
		long n = ok ? strtol(f->str, NULL, 10) : 0;
		if (!ok || n < 1)
			kb_errs_at(c->errs, c->file, f, "'audit.limit_per_owner' must be a whole number of at least 1 (and "
				  "below 10000000), not %s%s%s", f->type == KB_Y_SCALAR ? "'" : "",
			    f->type == KB_Y_SCALAR ? f->str : kb_ynode_type_name(f),
			    f->type == KB_Y_SCALAR ? "'" : "");
		else
			au->limit_per_owner = (size_t)n;
	}
	if ((f = kb_ymap_get(v, "owner_emails"))) {
		kb_strv_clear(&au->owner_names);
		kb_strv_clear(&au->owner_emails);
		if (f->type != KB_Y_MAP) {
			kb_errs_at(c->errs, c->file, f, "'audit.owner_emails' must map owner names to e-mail addresses, not %s",
			    kb_ynode_type_name(f));
		} else {
			const kb_ynode *dup = kb_ymap_duplicate(f);
			if (dup)
				kb_errs_at(c->errs, c->file, dup, "duplicate key '%s' in 'audit.owner_emails'", dup->str);
			for (size_t i = 0; i < f->n; i++) {
				const kb_ynode *k = f->items[2 * i], *val = f->items[2 * i + 1];
				if (k->type != KB_Y_SCALAR || !k->len || has_control(k->str, k->len)) {
					kb_errs_at(c->errs, c->file, k, "'audit.owner_emails' keys must be owner names");
					continue;
				}
				if (val->type != KB_Y_SCALAR || !kb_email_valid(val->str, val->len) ||
				    strlen(val->str) != val->len) {
					kb_errs_at(c->errs, c->file, val, "e-mail address of '%s' in 'audit.owner_emails' is not "
						    "valid: %s%s%s", k->str,
					    val->type == KB_Y_SCALAR ? "'" : "",
					    val->type == KB_Y_SCALAR ? val->str : kb_ynode_type_name(val),
					    val->type == KB_Y_SCALAR ? "'" : "");
					continue;
				}
				kb_strv_push(&au->owner_names, k->str);
				kb_strv_push(&au->owner_emails, val->str);
			}
		}
	}
	if ((f = kb_ymap_get(v, "sendmail")))
		read_text(c, "audit.sendmail", f, "a command such as '/usr/sbin/sendmail -t -i'",
			  &au->sendmail);
	if ((f = kb_ymap_get(v, "from"))) {
		char *from = NULL;
		if (read_text(c, "audit.from", f, "an e-mail address", &from)) {
			if (!from_ok(from)) {
				kb_errs_at(c->errs, c->file, f, "'audit.from' must be an e-mail address such as "
					  "'kb@example.com' or 'Knowledge Base <kb@example.com>', not '%s'",
				    from);
				free(from);
			} else {
				free(au->from);
				au->from = from;
			}
		}
	}
	if ((f = kb_ymap_get(v, "default_recipient"))) {
		char *to = NULL;
		if (read_text(c, "audit.default_recipient", f, "an e-mail address", &to)) {
			if (!kb_email_valid(to, strlen(to))) {
				kb_errs_at(c->errs, c->file, f, "'audit.default_recipient' must be an e-mail address such as "
					  "'kb-team@example.com', not '%s'", to);
				free(to);
			} else {
				free(au->default_recipient);
				au->default_recipient = to;
			}
		}
	}
}

/* markup: [hugo, liquid, jinja, erb, docfx] into cfg->markup (replacing it). */
static void read_markup(ctx *c, kb_config *cfg, const kb_ynode *v)
{
	static const char *const names[] = {"hugo", "liquid", "jinja", "erb", "docfx", NULL};
	kb_strv langs = {0};
	read_strings(c, "markup", v, &langs, false);
	cfg->markup = 0;
	for (size_t i = 0; i < langs.n; i++) {
		size_t k = 0;
		while (names[k] && strcmp(names[k], langs.v[i]) != 0)
			k++;
		if (names[k])
			cfg->markup |= 1u << k;
		else
			kb_errs_at(c->errs, c->file, string_node(v, i), "'markup' must list hugo, liquid, jinja, erb or docfx, "
						  "not '%s'", langs.v[i]);
	}
	kb_strv_free(&langs);
}

/* The folder of the config file as it was named (".", "/", "docs"); caller frees. */
static char *config_dir(const char *path)
{
	char *dir = xstrdup(path);
	char *slash = strrchr(dir, '/');
	if (slash)
		slash[slash == dir] = '\0';
	else
		strcpy(dir, ".");
	return dir;
}

/* A key naming a data file (facts, owners): relative to the config, spelled from where the
 * config was named, and it must exist. Replaces *out. */
static void read_file_key(ctx *c, const char *path, const kb_ynode *v, const char *key,
			  const char *what, const char *noun, char **out)
{
	if (v->type != KB_Y_SCALAR || !v->len) {
		kb_errs_at(c->errs, c->file, v, "'%s' must name %s, not %s", key, what,
		    v->type == KB_Y_SCALAR ? "an empty string" : kb_ynode_type_name(v));
		return;
	}
	char *dir = config_dir(path);
	free(*out);
	*out = v->str[0] == '/' ? xstrdup(v->str) : kb_path_join(dir, v->str);
	free(dir);
	struct stat st;
	if (stat(*out, &st) != 0)
		kb_errs_at(c->errs, c->file, v, "%s '%s' does not exist", noun, v->str);
}

/* True when v is the plain scalar word. */
static bool plain_is(const kb_ynode *v, const char *word)
{
	return v->type == KB_Y_SCALAR && v->style == KB_YS_PLAIN && strcmp(v->str, word) == 0;
}

/* codeowners: true (the repository's CODEOWNERS, found by the CLI), false, or a file's path. */
static void read_codeowners(ctx *c, const char *path, kb_config *cfg, const kb_ynode *v)
{
	free(cfg->codeowners_path);
	cfg->codeowners_path = NULL;
	cfg->use_codeowners = !plain_is(v, "false");
	if (plain_is(v, "true") || plain_is(v, "false"))
		return;
	read_file_key(c, path, v, "codeowners", "a CODEOWNERS file (or be true or false)",
		      "CODEOWNERS file", &cfg->codeowners_path);
}

/* freshness.fallback: git (the date of the file's last commit) or none. */
static void read_fallback(ctx *c, kb_config *cfg, const kb_ynode *v)
{
	if (plain_is(v, "git") || plain_is(v, "none"))
		cfg->fallback_git = plain_is(v, "git");
	else
		kb_errs_at(c->errs, c->file, v, "'freshness.fallback' must be git or none, not %s%s%s",
		    v->type == KB_Y_SCALAR ? "'" : "",
		    v->type == KB_Y_SCALAR ? v->str : kb_ynode_type_name(v),
		    v->type == KB_Y_SCALAR ? "'" : "");
}

int kb_config_load(kb_config *cfg, const char *path, kb_errs *errs)
{
	char err[512];
	char *src;
	size_t len;
	if (kb_read_file(path, 1 << 20, &src, &len, err, sizeof err) != 0) {
		kb_errs_add(errs, path, 0, 0, "%s", err);
		return -1;
	}
	int ret = kb_config_parse(cfg, path, src, len, errs);
	free(src);
	return ret;
}

int kb_config_parse(kb_config *cfg, const char *path, const char *src, size_t len, kb_errs *errs)
{
	ctx c = {.file = path, .errs = errs};
	size_t errs_before = errs->n;
	kb_arena arena = {0};
	int ret = -1;
	kb_ynode *root;
	kb_yerror yerr;
	if (kb_yaml_parse(src, len, 0, &arena, &root, &yerr) != 0) {
		kb_errs_add(errs, path, yerr.line, yerr.col, "invalid YAML: %s", yerr.message);
		goto out;
	}
	free(cfg->path);
	cfg->path = xstrdup(path);
	char abs[PATH_MAX];
	if (realpath(path, abs)) {
		free(cfg->abs_path);
		cfg->abs_path = xstrdup(abs);
		char *slash = strrchr(abs, '/');
		if (slash == abs)
			slash[1] = '\0';
		else if (slash)
			*slash = '\0';
		free(cfg->dir);
		cfg->dir = xstrdup(abs);
	}
	if (!root || kb_yscalar_is_null(root)) {
		ret = 0; /* an empty config keeps every default */
		goto out;
	}
	if (root->type != KB_Y_MAP) {
		kb_errs_at(c.errs, c.file, root, "the config must be a mapping of keys, not %s", kb_ynode_type_name(root));
		goto out;
	}
	check_keys(&c, root, NULL, top_keys);
	note_origins(cfg, path, root);

	const kb_ynode *v;
	if ((v = kb_ymap_get(root, "today"))) {
		if (v->type != KB_Y_SCALAR || kb_date_parse_iso(v->str, v->len, &cfg->today) != 0)
			kb_errs_at(c.errs, c.file, v, "'today' must be a date YYYY-MM-DD, not %s%s%s",
			    v->type == KB_Y_SCALAR ? "'" : "",
			    v->type == KB_Y_SCALAR ? v->str : kb_ynode_type_name(v),
			    v->type == KB_Y_SCALAR ? "'" : "");
		else
			cfg->has_today = true;
	}
	if ((v = kb_ymap_get(root, "include"))) {
		size_t nerr = errs->n;
		read_strings(&c, "include", v, &cfg->include, false);
		if (cfg->include.n == 0 && errs->n == nerr)
			kb_errs_at(c.errs, c.file, v, "'include' needs at least one pattern");
	}
	if ((v = kb_ymap_get(root, "exclude")))
		read_strings(&c, "exclude", v, &cfg->exclude, false);
	if ((v = kb_ymap_get(root, "fields")))
		read_fields(&c, cfg, v);
	if ((v = kb_ymap_get(root, "date_formats"))) {
		read_strings(&c, "date_formats", v, &cfg->date_formats, false);
		for (size_t i = 0; i < cfg->date_formats.n; i++)
			if (!format_ok(cfg->date_formats.v[i]))
				kb_errs_at(c.errs, c.file, string_node(v, i),
				    "date format '%s' needs a year (%%Y or %%y), a month (%%m, %%b or %%B) and a day (%%d or %%e), and no other %% directives",
				    cfg->date_formats.v[i]);
	}
	if ((v = kb_ymap_get(root, "freshness"))) {
		if (v->type != KB_Y_MAP) {
			kb_errs_at(c.errs, c.file, v, "'freshness' must be a mapping, not %s", kb_ynode_type_name(v));
		} else {
			check_keys(&c, v, "'freshness'", freshness_keys);
			const kb_ynode *f;
			if ((f = kb_ymap_get(v, "default_interval")))
				read_interval(&c, "freshness.default_interval", f, &cfg->default_interval);
			if ((f = kb_ymap_get(v, "due_soon")))
				read_interval(&c, "freshness.due_soon", f, &cfg->due_soon);
			if ((f = kb_ymap_get(v, "prose_max_age")))
				read_interval(&c, "freshness.prose_max_age", f, &cfg->prose_max_age);
			if ((f = kb_ymap_get(v, "fallback")))
				read_fallback(&c, cfg, f);
		}
	}
	if ((v = kb_ymap_get(root, "links")))
		read_links(&c, cfg, v);
	if ((v = kb_ymap_get(root, "owners")))
		read_file_key(&c, path, v, "owners", "an owners roster file", "owners file",
			      &cfg->owners_path);
	if ((v = kb_ymap_get(root, "codeowners")))
		read_codeowners(&c, path, cfg, v);
	if ((v = kb_ymap_get(root, "publish"))) {
		read_strings(&c, "publish", v, &cfg->publish, false);
		if (cfg->publish.n == 0)
			kb_errs_at(c.errs, c.file, v, "'publish' needs at least one pattern");
	}
	if ((v = kb_ymap_get(root, "facts")))
		read_file_key(&c, path, v, "facts", "a facts file", "facts file", &cfg->facts_path);
	if ((v = kb_ymap_get(root, "rules"))) {
		char *shown_dir = config_dir(path);
		kb_strv raw = {0};
		read_strings(&c, "rules", v, &raw, false);
		for (size_t i = 0; i < raw.n; i++) {
			/* relative to the config, spelled from where the config was named */
			char *p = raw.v[i][0] == '/' ? xstrdup(raw.v[i]) : kb_path_join(shown_dir, raw.v[i]);
			struct stat st;
			if (stat(p, &st) != 0)
				kb_errs_at(c.errs, c.file, string_node(v, i),
				    "rule file '%s' does not exist", raw.v[i]);
			else
				kb_strv_push(&cfg->rules, p);
			free(p);
		}
		kb_strv_free(&raw);
		free(shown_dir);
	}
	if ((v = kb_ymap_get(root, "severity"))) {
		for (size_t i = 0; i < cfg->nseverity; i++)
			free(cfg->severity[i].rule);
		free(cfg->severity);
		read_levels(&c, "severity", v, &cfg->severity, &cfg->nseverity);
	}
	if ((v = kb_ymap_get(root, "overrides")))
		read_overrides(&c, cfg, v);
	if ((v = kb_ymap_get(root, "audit")))
		read_audit(&c, cfg, v);
	if ((v = kb_ymap_get(root, "export")))
		read_export(&c, cfg, v);
	if ((v = kb_ymap_get(root, "site")))
		read_site(&c, cfg, v);
	if ((v = kb_ymap_get(root, "redirects")))
		read_redirects(&c, cfg, v);
	if ((v = kb_ymap_get(root, "defaults")))
		read_defaults(&c, cfg, v);
	if ((v = kb_ymap_get(root, "fragments")))
		read_strings(&c, "fragments", v, &cfg->fragments, false);
	if ((v = kb_ymap_get(root, "markup")))
		read_markup(&c, cfg, v);
	if ((v = kb_ymap_get(root, "rules_docs_url"))) {
		char *url = NULL;
		if (read_text(&c, "rules_docs_url", v, "an http or https URL", &url)) {
			if (!kb_config_url_ok(url)) {
				kb_errs_at(c.errs, c.file, v, "'rules_docs_url' must be an http or https URL of the rules' "
					   "documentation such as 'https://kb.example.com/kblint/rules.html', "
					   "with no space, quote, '?' or '#' (kblint adds '#RULE-ID'), not '%s'",
				    url);
				free(url);
			} else {
				free(cfg->rules_docs_url);
				cfg->rules_docs_url = url;
			}
		}
	}
	ret = errs->n == errs_before ? 0 : -1;
out:
	kb_arena_free(&arena);
	return ret;
}

char *kb_config_relative_dir(const kb_config *cfg, const char *folder)
{
	char abs[PATH_MAX];
	if (!cfg->dir || !realpath(folder, abs))
		return NULL;
	size_t n = strlen(cfg->dir);
	if (strcmp(abs, cfg->dir) == 0)
		return xstrdup("");
	if (strcmp(cfg->dir, "/") == 0)
		return xstrdup(abs + 1);
	if (strncmp(abs, cfg->dir, n) == 0 && abs[n] == '/')
		return xstrdup(abs + n + 1);
	return NULL;
}

char *kb_config_relative(const kb_config *cfg, const char *path)
{
	const char *slash = strrchr(path, '/');
	const char *base = slash ? slash + 1 : path;
	if (!*base)
		return NULL;
	char *folder = slash ? xstrndup(path, slash == path ? 1 : (size_t)(slash - path))
			     : xstrdup(".");
	char *dir = kb_config_relative_dir(cfg, folder);
	free(folder);
	char *rel = !dir ? NULL : *dir ? kb_path_join(dir, base) : xstrdup(base);
	free(dir);
	return rel;
}
