/* status.c: the "status" kind: what an article's metadata says about whether it may be trusted.
 * Checks: unverified (the `verified` role says false), draft (a draft status in an article the
 * config's `publish` globs publish) and owner-missing (no `owner` role: nobody is told when the
 * article goes stale). Retired articles (archived, deprecated, obsolete) get none of these, but
 * for duplicate-key (a key given twice in the metadata; the loader kept the last value), which
 * may be what makes them retired. */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "glob.h"
#include "rule.h"

#define CHECKS(X)                                                                                \
	X(UNVERIFIED, "unverified", "${field} is ${value}: nobody has checked the facts in this article") \
	X(DRAFT, "draft", "status '${value}' in a published article (publish: '${glob}')")        \
	X(OWNER_MISSING, "owner-missing", "no owner: nobody will be told when it goes stale")    \
	X(DUPLICATE_KEY, "duplicate-key", "duplicate key '${key}': ${lines}; the last value is used")

#include "checks.h"

/* The values of the verified role that mean "not verified". */
static const char *const false_values[] = {"false", "no", "off"};

typedef struct {
	check_id check;
	kb_strv statuses; /* draft: the status values that mark a draft */
} status_data;

static const char *const keys[] = {"check", "statuses", NULL};

/* Validates `check` and `statuses` and fills rule->data (freed by free_data, also after an
 * error); a rule with no message gets its check's default. Returns 0 or -1. */
static int compile(kb_rule *rule, const kb_ynode *map, kb_compile_ctx *ctx)
{
	const kb_ynode *v = kb_ymap_get(map, "check");
	int found = -1;
	for (int i = 0; v && v->type == KB_Y_SCALAR && i < NCHECKS; i++)
		if (strcmp(v->str, check_names[i]) == 0)
			found = i;
	if (found < 0) {
		const kb_ynode *at = v ? v : map;
		kb_buf list = {0};
		for (int i = 0; i < NCHECKS; i++)
			kb_buf_printf(&list, "%s%s", i ? ", " : "", check_names[i]);
		kb_errs_at(ctx->errs, ctx->file, at,
			    "status rule '%s' needs 'check', one of: %s", rule->id, list.data);
		kb_buf_free(&list);
		return -1;
	}
	status_data *d = xcalloc(1, sizeof *d);
	d->check = (check_id)found;
	rule->data = d;
	if (!rule->message[0]) {
		free(rule->message);
		rule->message = xstrdup(default_messages[found]);
	}
	const kb_ynode *st = kb_ymap_get(map, "statuses");
	if (st && d->check != CHECK_DRAFT) {
		kb_errs_at(ctx->errs, ctx->file, st,
			    "'statuses' belongs to a rule with check: draft");
		return -1;
	}
	if (st)
		return kb_rule_strings(st, "statuses", &d->statuses, ctx);
	if (d->check == CHECK_DRAFT)
		kb_strv_push(&d->statuses, "draft");
	return 0;
}

/* The value of the first field of role r the article has, and its name via *key; or NULL. */
static const kb_ynode *role_field(const kb_check *c, kb_role r, const char **key)
{
	const kb_strv *names = &c->cfg->fields[r];
	for (size_t i = 0; c->art->meta && i < names->n; i++) {
		const kb_ynode *k, *v = kb_meta_path(c->art->meta, names->v[i], &k);
		if (k) {
			*key = names->v[i];
			return v;
		}
	}
	return NULL;
}

/* Message variables by name; the values are borrowed. */
/* Adds a variable (at most four). */
/* The template lookup over vars. */
/* Reports the rule's message, expanded with v, at line:col. */
static void emit(const kb_rule *rule, kb_check *c, int line, int col, kb_vars *v)
{
	kb_buf msg = {0};
	kb_template_expand(rule->message, kb_vars_lookup, v, &msg);
	kb_emit(c, rule, line, col, msg.data ? msg.data : "");
	kb_buf_free(&msg);
}

/* verified: false (or no, off) in the first field of the verified role, at its value. */
static void check_unverified(const kb_rule *rule, kb_check *c)
{
	const char *key = NULL;
	const kb_ynode *v = role_field(c, KB_ROLE_VERIFIED, &key);
	if (!v || v->type != KB_Y_SCALAR)
		return;
	for (size_t i = 0; i < sizeof false_values / sizeof false_values[0]; i++) {
		if (kb_strcasecmp(v->str, false_values[i]) != 0)
			continue;
		kb_vars vs = {0};
		kb_vars_set(&vs, "field", key);
		kb_vars_set(&vs, "value", v->str);
		emit(rule, c, v->line, v->col, &vs);
		return;
	}
}

/* A draft status in a published article, at the status value. */
static void check_draft(const kb_rule *rule, const status_data *d, kb_check *c)
{
	const char *key = NULL;
	const kb_ynode *v = role_field(c, KB_ROLE_STATUS, &key);
	if (!v || v->type != KB_Y_SCALAR)
		return;
	bool draft = false;
	for (size_t i = 0; !draft && i < d->statuses.n; i++)
		draft = kb_strcasecmp(v->str, d->statuses.v[i]) == 0;
	const char *glob = draft ? kb_article_published(c->cfg, c->art) : NULL;
	if (!glob)
		return;
	kb_vars vs = {0};
	kb_vars_set(&vs, "field", key);
	kb_vars_set(&vs, "value", v->str);
	kb_vars_set(&vs, "glob", glob);
	emit(rule, c, v->line, v->col, &vs);
}

/* Each key the metadata gives more than once, at its second place: "line 3 and line 7",
 * "line 2, line 5 and line 7"; more than three places as "line 2, line 5, ... and line 90 (40
 * times)", so that a hostile file does not make a message as long as itself. */
static void check_duplicate_keys(const kb_rule *rule, kb_check *c)
{
	for (size_t i = 0; i < c->art->ndups; i++) {
		const kb_ydup *d = c->art->dups[i];
		kb_buf lines = {0};
		if (d->n > 3)
			kb_buf_printf(&lines, "line %d, line %d, ... and line %d (%zu times)",
				      d->keys[0]->line, d->keys[1]->line, d->keys[d->n - 1]->line, d->n);
		for (size_t k = 0; d->n <= 3 && k < d->n; k++)
			kb_buf_printf(&lines, "%sline %d", k == 0 ? "" : k + 1 == d->n ? " and " : ", ",
				      d->keys[k]->line);
		kb_vars vs = {0};
		kb_vars_set(&vs, "key", d->key);
		kb_vars_set(&vs, "lines", lines.data);
		emit(rule, c, d->keys[1]->line, d->keys[1]->col, &vs);
		kb_buf_free(&lines);
	}
}

/* Runs the rule's check on one article; retired articles get none but duplicate-key. */
static void check(const kb_rule *rule, kb_check *c)
{
	const status_data *d = rule->data;
	if (d->check == CHECK_DUPLICATE_KEY) {
		check_duplicate_keys(rule, c);
		return;
	}
	if (kb_article_retired(c->art))
		return;
	switch (d->check) {
	case CHECK_UNVERIFIED:
		check_unverified(rule, c);
		break;
	case CHECK_DRAFT:
		check_draft(rule, d, c);
		break;
	case CHECK_DUPLICATE_KEY:
		break; /* above */
	case CHECK_OWNER_MISSING:
		if (!c->art->owner) {
			kb_vars vs = {0};
			kb_buf names = {0};
			const kb_strv *f = &c->cfg->fields[KB_ROLE_OWNER];
			for (size_t i = 0; i < f->n; i++)
				kb_buf_printf(&names, "%s%s", i ? ", " : "", f->v[i]);
			kb_vars_set(&vs, "expected", names.data);
			emit(rule, c, c->art->line, c->art->col, &vs);
			kb_buf_free(&names);
		}
		break;
	}
}

/* Frees what compile put in rule->data. */
static void free_data(kb_rule *rule)
{
	status_data *d = rule->data;
	if (!d)
		return;
	kb_strv_free(&d->statuses);
	free(d);
	rule->data = NULL;
}

const kb_kind kb_kind_status = {
	.name = "status",
	.metadata = true,
	.keys = keys,
	.default_scope = KB_SCOPE_FRONT_MATTER,
	.compile = compile,
	.check = check,
	.free = free_data,
};
