/* suppression.c: the "suppression" kind: findings about kblint's own suppressions (an expired
 * one, an unknown rule id, a comment kblint cannot read, one that held back nothing). The loader
 * reads each article's suppressions and their mistakes into the article (article.h); the check
 * reports from there, like any kind, and the engine levels or drops its findings as any rule's
 * (a suppression never holds back a finding of this kind). Whether a suppression held back
 * anything is known only at the end of a run: kb_suppression_report_unused. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "rule.h"

static const char *const check_names[] = {
#define X(e, s) s,
	KB_SUPPRESSION_CHECKS(X)
#undef X
};

static const char *const keys[] = {"check", NULL};

/* Reads 'check' into rule->data, which points into check_names (static: nothing to free). */
static int compile(kb_rule *rule, const kb_ynode *map, kb_compile_ctx *ctx)
{
	const kb_ynode *v = kb_ymap_get(map, "check");
	for (size_t i = 0; v && v->type == KB_Y_SCALAR && i < KB_SUPCHECK_COUNT; i++)
		if (strcmp(v->str, check_names[i]) == 0) {
			rule->data = (void *)&check_names[i];
			return 0;
		}
	kb_buf names = {0};
	for (size_t i = 0; i < KB_SUPCHECK_COUNT; i++)
		kb_buf_printf(&names, "%s%s", i ? ", " : "", check_names[i]);
	const kb_ynode *at = v ? v : map;
	kb_errs_add(ctx->errs, ctx->file, at->line, at->col,
		    v ? "unknown suppression check '%s' (expected one of: %s)"
		      : "suppression rule '%s' needs 'check', one of: %s",
		    v ? (v->type == KB_Y_SCALAR ? v->str : "?") : rule->id, names.data);
	kb_buf_free(&names);
	return -1;
}

int kb_suppression_check(const kb_rule *rule)
{
	if (!rule->kind || strcmp(rule->kind->name, "suppression") != 0 || !rule->data)
		return -1;
	return (int)((const char *const *)rule->data - check_names);
}

enum {
	MAX_NEAR = 2,      /* an unknown id this many edits from a rule's id suggests that rule */
	MAX_ID = 64,       /* longer ids get no suggestion */
};

/* Template variables of the suppression rules' messages. */
typedef struct {
	const char *names[6];
	const char *values[6];
	size_t n;
} vars;

/* Sets variable name to value (not copied; NULL: unset). */
static void set(vars *v, const char *name, const char *value)
{
	v->names[v->n] = name;
	v->values[v->n++] = value;
}

/* kb_lookup_fn over a vars. */
static const char *lookup(void *ud, const char *name, size_t len, size_t *outlen)
{
	const vars *v = ud;
	for (size_t i = 0; i < v->n; i++)
		if (v->values[i] && kb_streq_n(name, len, v->names[i])) {
			*outlen = strlen(v->values[i]);
			return v->values[i];
		}
	return NULL;
}

/* Reports through rule, at of file file_index (display path file), its message with v. */
static void report(const kb_rule *rule, size_t file_index, const char *file, const char *owner,
		   kb_pos at, vars *v, kb_results *out)
{
	kb_buf msg = {0};
	kb_template_expand(rule->message, lookup, v, &msg);
	kb_emit_at(out, rule, file_index, file, owner, at, rule->severity, msg.data ? msg.data : "",
		   NULL, 0);
	kb_buf_free(&msg);
}

/* Edit distance between a and b (util.h), or MAX_NEAR + 1 when it is larger than MAX_NEAR or an
 * id is too long to compare. */
static int distance(const char *a, const char *b)
{
	size_t d = strlen(a) > MAX_ID || strlen(b) > MAX_ID ? SIZE_MAX : kb_edit_distance(a, b);
	return d > MAX_NEAR ? MAX_NEAR + 1 : (int)d;
}

/* The id of the rule of rules closest to id (MAX_NEAR edits at most), or NULL. */
static const char *nearest(const kb_ruleset *rules, const char *id)
{
	const char *best = NULL;
	int bd = MAX_NEAR + 1;
	for (size_t i = 0; i < rules->n; i++) {
		int d = distance(id, rules->v[i]->id);
		if (d < bd) {
			bd = d;
			best = rules->v[i]->id;
		}
	}
	return best;
}

/* True when e names every rule or a rule of rules (NULL: every id is known). */
static bool known(const kb_ruleset *rules, const kb_sup_entry *e)
{
	return !e->rule || !rules || kb_ruleset_find(rules, e->rule) != NULL;
}

/* The rules d names, joined with ", " (or "every rule"), for messages. Heap. */
static char *rule_list(const kb_suppression *d)
{
	kb_buf b = {0};
	for (size_t i = 0; i < d->nentries; i++)
		kb_buf_printf(&b, "%s%s", i ? ", " : "", d->entries[i].rule ? d->entries[i].rule
									    : "every rule");
	return kb_buf_take(&b);
}

/* invalid: every mistake in how the article's suppressions are written. */
static void check_invalid(const kb_rule *rule, kb_check *c)
{
	const kb_article *a = c->art;
	for (size_t i = 0; i < a->nsup_mistakes; i++) {
		vars v = {0};
		set(&v, "problem", a->sup_mistakes[i].problem);
		report(rule, a->file->index, a->file->path, a->owner, a->sup_mistakes[i].at, &v,
		       c->out);
	}
}

/* unknown-rule: every id no rule has, at the id. */
static void check_unknown(const kb_rule *rule, kb_check *c)
{
	const kb_article *a = c->art;
	for (size_t i = 0; i < a->nsuppressions; i++) {
		const kb_suppression *d = &a->suppressions[i];
		for (size_t k = 0; k < d->nentries; k++) {
			const kb_sup_entry *e = &d->entries[k];
			if (known(c->rules, e))
				continue;
			vars v = {0};
			set(&v, "rule", e->rule);
			set(&v, "near", nearest(c->rules, e->rule));
			set(&v, "directive", kb_sup_names[d->kind]);
			report(rule, a->file->index, a->file->path, d->owner, e->at, &v, c->out);
		}
	}
}

/* expired: every suppression read without a mistake whose until= date is past, at the
 * suppression. */
static void check_expired(const kb_rule *rule, kb_check *c)
{
	const kb_article *a = c->art;
	for (size_t i = 0; i < a->nsuppressions; i++) {
		const kb_suppression *d = &a->suppressions[i];
		if (!d->ok || !d->has_until || c->today <= d->until)
			continue;
		char date[16];
		kb_date_format(d->until, date);
		char *rules = rule_list(d);
		vars v = {0};
		set(&v, "rules", rules);
		set(&v, "until", date);
		set(&v, "reason", d->reason);
		set(&v, "directive", kb_sup_names[d->kind]);
		report(rule, a->file->index, a->file->path, d->owner, d->at, &v, c->out);
		free(rules);
	}
}

static void check(const kb_rule *rule, kb_check *c)
{
	switch (kb_suppression_check(rule)) {
	case KB_SUPCHECK_INVALID:
		check_invalid(rule, c);
		break;
	case KB_SUPCHECK_UNKNOWN_RULE:
		check_unknown(rule, c);
		break;
	case KB_SUPCHECK_EXPIRED:
		check_expired(rule, c);
		break;
	default:
		break; /* unused: kb_suppression_report_unused, at the end of the run */
	}
}

void kb_suppression_report_unused(const kb_rule *rule, const kb_ruleset *rules,
				  size_t file_index, const char *file, const kb_suppression *v,
				  size_t n, kb_date today, kb_results *out)
{
	if (kb_suppression_check(rule) != KB_SUPCHECK_UNUSED)
		return;
	for (size_t i = 0; i < n; i++) {
		const kb_suppression *d = &v[i];
		if (!kb_suppression_active(d, today) || d->kind == KB_SUP_ENABLE)
			continue;
		for (size_t k = 0; k < d->nentries; k++) {
			const kb_sup_entry *e = &d->entries[k];
			if (e->used || !known(rules, e))
				continue;
			vars vs = {0};
			set(&vs, "rule", e->rule);
			set(&vs, "directive", kb_sup_names[d->kind]);
			report(rule, file_index, file, d->owner, e->at, &vs, out);
		}
	}
}

const kb_kind kb_kind_suppression = {
	.name = "suppression",
	.keys = keys,
	.default_scope = 0,
	.compile = compile,
	.check = check,
	.check_corpus = NULL,
	.free = NULL,
};
