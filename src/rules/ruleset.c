/* ruleset.c: reads rule files into typed rules; each kind validates its own keys. */
#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "platform.h"
#include "prefilter.h"
#include "rule.h"

/* Keys every rule may have; the kind lists the rest. */
static const char *const common_keys[] = {"id", "kind", "category", "severity", "message",
					  "description", "scope", "examples", "url", NULL};

static const struct {
	const char *name;
	unsigned bit;
} scopes[] = {
	{"prose", KB_SCOPE_PROSE},
	{"headings", KB_SCOPE_HEADINGS},
	{"link_text", KB_SCOPE_LINK_TEXT},
	{"link_target", KB_SCOPE_LINK_TARGET},
	{"front_matter", KB_SCOPE_FRONT_MATTER},
	{"comments", KB_SCOPE_COMMENTS},
	{"labels", KB_SCOPE_LABEL},
};

static bool listed(const char *const *keys, const char *k)
{
	for (size_t i = 0; keys && keys[i]; i++)
		if (strcmp(keys[i], k) == 0)
			return true;
	return false;
}

int kb_rule_strings(const kb_ynode *n, const char *key, kb_strv *out, kb_compile_ctx *ctx)
{
	if (n->type == KB_Y_SCALAR && n->len) {
		kb_strv_push(out, n->str);
		return 0;
	}
	if (n->type == KB_Y_SEQ && n->n) {
		size_t before = out->n;
		for (size_t i = 0; i < n->n; i++) {
			const kb_ynode *it = n->items[i];
			if (it->type != KB_Y_SCALAR || !it->len) {
				kb_errs_at(ctx->errs, ctx->file, it, "'%s' must hold non-empty strings, not %s", key,
				    it->type == KB_Y_SCALAR ? "an empty string" : kb_ynode_type_name(it));
				/* on failure nothing is added: callers free only what succeeded */
				while (out->n > before)
					free(out->v[--out->n]);
				if (before == 0)
					kb_strv_free(out);
				return -1;
			}
			kb_strv_push(out, it->str);
		}
		return 0;
	}
	kb_errs_at(ctx->errs, ctx->file, n, "'%s' must be a string or a non-empty list of strings", key);
	return -1;
}

/* A YAML boolean; -1 when absent, -2 when not a boolean. */
int kb_rule_bool(const kb_ynode *map, const char *key)
{
	const kb_ynode *v = kb_ymap_get(map, key);
	if (!v)
		return -1;
	if (v->type == KB_Y_SCALAR && v->style == KB_YS_PLAIN) {
		if (!strcmp(v->str, "true") || !strcmp(v->str, "True") || !strcmp(v->str, "yes"))
			return 1;
		if (!strcmp(v->str, "false") || !strcmp(v->str, "False") || !strcmp(v->str, "no"))
			return 0;
	}
	return -2;
}

int kb_rule_fix_safety(kb_rule *rule, const kb_ynode *map, bool dflt, kb_compile_ctx *ctx)
{
	const kb_ynode *v = kb_ymap_get(map, "fix_safety");
	rule->fix_safe = dflt;
	if (!v)
		return 0;
	if (v->type == KB_Y_SCALAR && (!strcmp(v->str, "safe") || !strcmp(v->str, "unsafe"))) {
		rule->fix_safe = !strcmp(v->str, "safe");
		return 0;
	}
	kb_errs_at(ctx->errs, ctx->file, v,
		   "'fix_safety' must be safe (kblint check --fix applies the fix) or unsafe (only "
		   "--unsafe-fixes does)");
	return -1;
}

static const char *scalar(const kb_ynode *map, const char *key, kb_compile_ctx *ctx, bool required,
			  const kb_ynode *where, int *bad)
{
	const kb_ynode *v = kb_ymap_get(map, key);
	if (!v) {
		if (required) {
			kb_errs_at(ctx->errs, ctx->file, where, "rule has no '%s'", key);
			(*bad)++;
		}
		return NULL;
	}
	if (v->type != KB_Y_SCALAR || !v->len) {
		kb_errs_at(ctx->errs, ctx->file, v, "'%s' must be a non-empty string, not %s", key,
		    v->type == KB_Y_SCALAR ? "an empty one" : kb_ynode_type_name(v));
		(*bad)++;
		return NULL;
	}
	return v->str;
}

static bool valid_id(const char *s)
{
	if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9')))
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '-' || *s == '_' ||
		      *s == '.'))
			return false;
	return true;
}

static void free_rule(kb_rule *r)
{
	if (r->kind && r->kind->free && r->data)
		r->kind->free(r);
	free(r->id);
	free(r->message);
	free(r->description);
	free(r->help_uri);
	free(r->file);
	for (size_t i = 0; i < r->nexamples; i++) {
		free(r->examples[i].text);
		free(r->examples[i].today);
		kb_strv_free(&r->examples[i].with_names);
		kb_strv_free(&r->examples[i].with_texts);
		free(r->examples[i].facts);
	}
	free(r->examples);
	free(r);
}

static int read_examples(kb_rule *r, const kb_ynode *v, kb_compile_ctx *ctx)
{
	if (v->type != KB_Y_SEQ) {
		kb_errs_at(ctx->errs, ctx->file, v, "'examples' must be a list of {bad: TEXT} or {good: TEXT}");
		return -1;
	}
	r->examples = xcalloc(v->n, sizeof *r->examples);
	for (size_t i = 0; i < v->n; i++) {
		const kb_ynode *e = v->items[i];
		static const char *const keys[] = {"bad", "good", "today", "with", "facts", NULL};
		const kb_ynode *bad = kb_ymap_get(e, "bad"), *good = kb_ymap_get(e, "good");
		const kb_ynode *today = kb_ymap_get(e, "today");
		if (e->type != KB_Y_MAP || (!bad == !good)) {
			kb_errs_at(ctx->errs, ctx->file, e, "an example needs exactly one of 'bad' or 'good'");
			return -1;
		}
		for (size_t k = 0; k < e->n; k++) {
			const kb_ynode *key = e->items[2 * k];
			if (key->type != KB_Y_SCALAR || !listed(keys, key->str)) {
				kb_errs_at(ctx->errs, ctx->file, key, "unknown key '%s' in an example (expected one of: bad, good, today, with, facts)",
				    key->type == KB_Y_SCALAR ? key->str : "?");
				return -1;
			}
		}
		const kb_ynode *text = bad ? bad : good;
		if (text->type != KB_Y_SCALAR) {
			kb_errs_at(ctx->errs, ctx->file, text, "an example's text must be a string");
			return -1;
		}
		kb_date d;
		if (today && (today->type != KB_Y_SCALAR || kb_date_parse_iso(today->str, today->len, &d))) {
			kb_errs_at(ctx->errs, ctx->file, today, "an example's 'today' must be a date YYYY-MM-DD");
			return -1;
		}
		const kb_ynode *facts = kb_ymap_get(e, "facts");
		if (facts && facts->type != KB_Y_SCALAR) {
			kb_errs_at(ctx->errs, ctx->file, facts, "an example's 'facts' must be the text of a facts file");
			return -1;
		}
		const kb_ynode *with = kb_ymap_get(e, "with");
		if (with && with->type != KB_Y_MAP) {
			kb_errs_at(ctx->errs, ctx->file, with, "an example's 'with' must map file names to article texts");
			return -1;
		}
		for (size_t k = 0; with && k < with->n; k++) {
			const kb_ynode *wn = with->items[2 * k], *wt = with->items[2 * k + 1];
			if (wn->type != KB_Y_SCALAR || wt->type != KB_Y_SCALAR || strchr(wn->str, '/') ||
			    !wn->len || wn->str[0] == '.') {
				kb_errs_at(ctx->errs, ctx->file, wn, "an example's 'with' must map plain file names to article texts");
				/* this example is not counted in nexamples: free what it holds here */
				kb_strv_free(&r->examples[i].with_names);
				kb_strv_free(&r->examples[i].with_texts);
				return -1;
			}
			kb_strv_push(&r->examples[i].with_names, wn->str);
			kb_strv_push(&r->examples[i].with_texts, wt->str);
		}
		r->examples[i].facts = facts ? xstrdup(facts->str) : NULL;
		r->examples[i].text = xstrdup(text->str);
		r->examples[i].bad = bad != NULL;
		r->examples[i].today = today ? xstrdup(today->str) : NULL;
		r->nexamples++;
	}
	return 0;
}

/* An http or https URL with no space, control character, non-ASCII byte or character a URI
 * may not hold as written ('"', '<', '>', '\\', '^', '`', '{', '|', '}'). */
static bool url_ok(const char *s)
{
	if (strncmp(s, "https://", 8) != 0 && strncmp(s, "http://", 7) != 0)
		return false;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p <= 0x20 || *p >= 0x7F || strchr("\"<>\\^`{|}", *p))
			return false;
	return true;
}

static kb_rule *compile_rule(const kb_ynode *m, kb_compile_ctx *ctx)
{
	if (m->type != KB_Y_MAP) {
		kb_errs_at(ctx->errs, ctx->file, m, "a rule must be a mapping, not %s", kb_ynode_type_name(m));
		return NULL;
	}
	int bad = 0;
	const kb_ynode *dup = kb_ymap_duplicate(m);
	if (dup) {
		kb_errs_at(ctx->errs, ctx->file, dup, "duplicate key '%s' in rule", dup->str);
		bad++;
	}
	const char *id = scalar(m, "id", ctx, true, m, &bad);
	const char *kind = scalar(m, "kind", ctx, true, m, &bad);
	const char *cat = scalar(m, "category", ctx, true, m, &bad);
	const char *sev = scalar(m, "severity", ctx, true, m, &bad);
	const char *msg = scalar(m, "message", ctx, false, m, &bad);
	const char *desc = scalar(m, "description", ctx, false, m, &bad);
	const char *url = scalar(m, "url", ctx, false, m, &bad);
	if (bad)
		return NULL;
	if (url && !url_ok(url)) {
		kb_errs_at(ctx->errs, ctx->file, kb_ymap_get(m, "url"),
		    "'url' must be an http or https URL with no space or quote, such as "
		    "'https://wiki.example.com/kb-rules#my-rule'");
		return NULL;
	}
	if (!valid_id(id)) {
		kb_errs_at(ctx->errs, ctx->file, kb_ymap_get(m, "id"),
		    "rule id '%s' must start with a lower-case letter or digit and hold only a-z, 0-9, '-', '_', '.'",
		    id);
		return NULL;
	}
	const kb_kind *k = kb_kind_find(kind);
	if (!k) {
		char names[256];
		snprintf(names, sizeof names, "%s", kb_kind_names());
		names[strlen(names) - 2] = '\0';
		kb_errs_at(ctx->errs, ctx->file, kb_ymap_get(m, "kind"), "unknown rule kind '%s' (expected one of: %s)", kind, names);
		return NULL;
	}
	for (size_t i = 0; i < m->n; i++) {
		const kb_ynode *key = m->items[2 * i];
		if (key->type == KB_Y_SCALAR && (listed(common_keys, key->str) || listed(k->keys, key->str)))
			continue;
		kb_buf list = {0};
		for (size_t j = 0; k->keys && k->keys[j]; j++)
			kb_buf_printf(&list, "%s%s", j ? ", " : "", k->keys[j]);
		kb_errs_at(ctx->errs, ctx->file, key, "unknown key '%s' in %s rule '%s' (the kind's keys are: %s)",
		    key->type == KB_Y_SCALAR ? key->str : "?", k->name, id, list.data ? list.data : "none");
		kb_buf_free(&list);
		bad++;
	}
	int c = kb_category_parse(cat);
	if (c < 0) {
		kb_errs_at(ctx->errs, ctx->file, kb_ymap_get(m, "category"),
		    "unknown category '%s' (expected one of: %s)", cat, kb_category_names());
		bad++;
	}
	int s = kb_severity_parse(sev);
	if (s < 0) {
		kb_errs_at(ctx->errs, ctx->file, kb_ymap_get(m, "severity"),
		    "unknown severity '%s' (expected one of: error, warning, info)", sev);
		bad++;
	}
	unsigned scope = k->default_scope;
	const kb_ynode *sc = kb_ymap_get(m, "scope");
	if (sc) {
		kb_strv names = {0};
		if (kb_rule_strings(sc, "scope", &names, ctx) != 0) {
			bad++;
		} else {
			scope = 0;
			for (size_t i = 0; i < names.n; i++) {
				unsigned bit = 0;
				for (size_t j = 0; j < sizeof scopes / sizeof scopes[0]; j++)
					if (strcmp(names.v[i], scopes[j].name) == 0)
						bit = scopes[j].bit;
				if (!bit) {
					kb_errs_at(ctx->errs, ctx->file, sc->type == KB_Y_SEQ ? sc->items[i] : sc,
					    "unknown scope '%s' (expected any of: prose, headings, link_text, link_target, front_matter, comments, labels)",
					    names.v[i]);
					bad++;
				}
				scope |= bit;
			}
		}
		kb_strv_free(&names);
	}
	if (bad)
		return NULL;
	kb_rule *r = xcalloc(1, sizeof *r);
	r->id = xstrdup(id);
	r->kind = k;
	r->category = (kb_category)c;
	r->severity = (kb_severity)s;
	r->enabled = true;
	r->message = xstrdup(msg ? msg : "");
	r->description = xstrdup(desc ? desc : "");
	r->help_uri = url ? xstrdup(url) : NULL;
	r->scope = scope;
	r->file = xstrdup(ctx->file);
	r->line = m->line;
	r->col = m->col;
	const kb_ynode *ex = kb_ymap_get(m, "examples");
	if ((ex && read_examples(r, ex, ctx) != 0) || k->compile(r, m, ctx) != 0) {
		free_rule(r);
		return NULL;
	}
	if (!msg && !r->message[0]) {
		kb_errs_at(ctx->errs, ctx->file, m, "rule '%s' has no 'message'", id);
		free_rule(r);
		return NULL;
	}
	return r;
}

void kb_rule_summary(const kb_rule *r, kb_buf *out)
{
	const char *s = r->description[0] ? r->description : r->id;
	for (; *s; s++) {
		if (*s == '.' && (s[1] == ' ' || s[1] == '\n' || !s[1])) {
			kb_buf_putc(out, '.');
			return;
		}
		kb_buf_putc(out, *s == '\n' ? ' ' : *s);
	}
}

kb_rule *kb_ruleset_find(const kb_ruleset *rs, const char *id)
{
	for (size_t i = 0; i < rs->n; i++)
		if (strcmp(rs->v[i]->id, id) == 0)
			return rs->v[i];
	return NULL;
}

static void add(kb_ruleset *rs, kb_rule *r)
{
	if (rs->n == rs->cap) {
		rs->cap = rs->cap ? rs->cap * 2 : 32;
		rs->v = xrealloc(rs->v, rs->cap * sizeof *rs->v);
	}
	rs->v[rs->n++] = r;
}

static const kb_ydata_kind rule_file = {"a rule file", "rules", "rules", NULL};

/* Compiles the rules of a loaded rule file into rs. Returns 0, or -1 after adding errors. */
static int add_rules(kb_ruleset *rs, const kb_ydata *d, const char *path, const kb_config *cfg,
		     kb_errs *errs)
{
	if (!rs->pf)
		rs->pf = kb_prefilter_new();
	kb_compile_ctx ctx = {.file = path, .errs = errs, .cfg = cfg, .pf = rs->pf};
	size_t before = errs->n;
	for (size_t i = 0; i < d->list->n; i++) {
		size_t registered = kb_prefilter_count(rs->pf);
		kb_rule *r = compile_rule(d->list->items[i], &ctx);
		kb_rule *old = r ? kb_ruleset_find(rs, r->id) : NULL;
		if (old) {
			kb_errs_add(errs, path, r->line, r->col,
				    "rule id '%s' is already defined at %s:%d:%d", r->id, old->file,
				    old->line, old->col);
			free_rule(r);
			r = NULL;
		}
		if (!r) { /* a rule not kept: its patterns go with it */
			kb_prefilter_truncate(rs->pf, registered);
			continue;
		}
		add(rs, r);
	}
	return errs->n == before ? 0 : -1;
}

int kb_ruleset_parse(kb_ruleset *rs, const char *path, const char *src, size_t len,
		     const kb_config *cfg, kb_errs *errs)
{
	kb_ydata d;
	int ret = kb_ydata_parse(&d, &rule_file, path, src, len, errs);
	if (ret == 0)
		ret = add_rules(rs, &d, path, cfg, errs);
	kb_ydata_free(&d);
	return ret;
}

static int load_file(kb_ruleset *rs, const char *path, const kb_config *cfg, kb_errs *errs)
{
	kb_ydata d;
	int ret = kb_ydata_load(&d, &rule_file, path, 16 << 20, errs);
	if (ret == 0)
		ret = add_rules(rs, &d, path, cfg, errs);
	kb_ydata_free(&d);
	return ret;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool yaml_name(const char *n)
{
	size_t l = strlen(n);
	return n[0] != '.' && ((l > 5 && strcmp(n + l - 5, ".yaml") == 0) ||
			       (l > 4 && strcmp(n + l - 4, ".yml") == 0));
}

int kb_ruleset_load(kb_ruleset *rs, const char *path, const kb_config *cfg, kb_errs *errs)
{
	struct stat st;
	if (stat(path, &st) != 0) {
		kb_errs_add(errs, path, 0, 0, "cannot read rules: no such file or folder");
		return -1;
	}
	if (!S_ISDIR(st.st_mode))
		return load_file(rs, path, cfg, errs);
	DIR *d = opendir(path);
	if (!d) {
		kb_errs_add(errs, path, 0, 0, "cannot read the rules folder");
		return -1;
	}
	kb_strv names = {0};
	struct dirent *de;
	while ((de = readdir(d)))
		if (yaml_name(de->d_name))
			kb_strv_push(&names, de->d_name);
	closedir(d);
	if (names.n)
		qsort(names.v, names.n, sizeof *names.v, cmp_str);
	int ret = 0;
	for (size_t i = 0; i < names.n; i++) {
		char *p = kb_path_join(path, names.v[i]);
		if (load_file(rs, p, cfg, errs) != 0)
			ret = -1;
		free(p);
	}
	kb_strv_free(&names);
	return ret;
}

int kb_ruleset_configure(kb_ruleset *rs, const kb_config *cfg, kb_errs *errs)
{
	int ret = 0;
	for (size_t i = 0; i < cfg->nseverity; i++) {
		const kb_sev_override *o = &cfg->severity[i];
		kb_rule *r = kb_ruleset_find(rs, o->rule);
		if (!r) {
			kb_errs_add(errs, cfg->path ? cfg->path : "config", o->line, o->col,
				    "severity: unknown rule '%s' (see 'kblint rules')", o->rule);
			ret = -1;
			continue;
		}
		r->enabled = o->severity >= 0;
		if (o->severity >= 0)
			r->severity = (kb_severity)o->severity;
	}
	/* overrides apply per file when findings are made (suppress.c); only their ids are
	 * checked here, now that every rule is known */
	for (size_t i = 0; i < cfg->noverrides; i++)
		for (size_t k = 0; k < cfg->overrides[i].nseverity; k++) {
			const kb_sev_override *o = &cfg->overrides[i].severity[k];
			if (kb_ruleset_find(rs, o->rule))
				continue;
			kb_errs_add(errs, cfg->path ? cfg->path : "config", o->line, o->col,
				    "overrides: unknown rule '%s' (see 'kblint rules')", o->rule);
			ret = -1;
		}
	return ret;
}

void kb_ruleset_free(kb_ruleset *rs)
{
	for (size_t i = 0; i < rs->n; i++)
		free_rule(rs->v[i]);
	free(rs->v);
	kb_prefilter_free(rs->pf);
	memset(rs, 0, sizeof *rs);
}

/* folder's physical path when it is a folder (caller frees), else NULL */
static char *folder_at(const char *folder)
{
	char real[PATH_MAX];
	struct stat st;
	if (stat(folder, &st) != 0 || !S_ISDIR(st.st_mode) || !realpath(folder, real))
		return NULL;
	return xstrdup(real);
}

/* The folder that the file KB_RULES_MARKER in dir names (relative to dir), if it is one; caller
 * frees. */
static char *marked_rules(const char *dir)
{
	char *marker = kb_path_join(dir, KB_RULES_MARKER), *text = NULL, err[128];
	size_t len;
	char *found = NULL;
	if (kb_read_file(marker, PATH_MAX, &text, &len, err, sizeof err) == 0) {
		text[strcspn(text, "\r\n")] = '\0';
		if (*text) {
			char *p = text[0] == '/' ? xstrdup(text) : kb_path_join(dir, text);
			found = folder_at(p);
			free(p);
		}
	}
	free(text);
	free(marker);
	return found;
}

char *kb_rules_dir(const char *argv0)
{
	const char *env = getenv("KBLINT_RULES_DIR");
	if (env && *env)
		return xstrdup(env);
	char *exe = kb_exe_path(argv0, getenv("PATH")), *found = NULL;
	if (exe) {
		char *slash = strrchr(exe, '/');
		if (slash)
			slash[slash == exe ? 1 : 0] = '\0';
		/* the build folder: the source tree's rules, named in a file beside the binary */
		found = marked_rules(exe);
		/* an installed kblint, wherever its prefix was moved: <bindir>/../share/kblint/rules */
		if (!found) {
			char *p = kb_path_join(exe, KBLINT_RULES_FROM_BIN);
			found = folder_at(p);
			free(p);
		}
		free(exe);
	}
	return found ? found : xstrdup(KBLINT_INSTALLED_RULES);
}
