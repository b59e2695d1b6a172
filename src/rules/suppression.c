/* suppression.c: the "suppression" kind: findings about kblint's own suppressions (an expired
 * one, an unknown rule id, a comment kblint cannot read, one that held back nothing). Its rules
 * neither read articles nor run after them: src/engine/suppress.c reports through them, so each
 * finding has a rule that `kblint rules` lists and the config can level or turn off. */
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

const kb_kind kb_kind_suppression = {
	.name = "suppression",
	.keys = keys,
	.default_scope = 0,
	.compile = compile,
	.check = NULL,
	.check_corpus = NULL,
	.free = NULL,
};
