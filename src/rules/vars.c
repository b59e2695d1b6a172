/* vars.c: message variables and the one-of choice shared by the data-driven kinds. */
#include "vars.h"

#include <stdlib.h>
#include <string.h>

void kb_vars_setn(kb_vars *v, const char *name, const char *value, size_t len)
{
	if (v->n == KB_VARS_MAX)
		return; /* a programming error, caught by the kinds' tests: no message uses so many */
	v->names[v->n] = name;
	v->values[v->n] = value;
	v->lens[v->n++] = len;
}

void kb_vars_set(kb_vars *v, const char *name, const char *value)
{
	kb_vars_setn(v, name, value, value ? strlen(value) : 0);
}

const char *kb_vars_lookup(void *ud, const char *name, size_t len, size_t *outlen)
{
	const kb_vars *v = ud;
	for (size_t i = 0; i < v->n; i++)
		if (v->values[i] && kb_streq_n(name, len, v->names[i])) {
			*outlen = v->lens[i];
			return v->values[i];
		}
	return NULL;
}

void kb_emit_vars(kb_check *c, const kb_rule *rule, const kb_vars *v, int line, int col)
{
	kb_buf msg = {0};
	kb_template_expand(rule->message, kb_vars_lookup, (void *)v, &msg);
	kb_emit(c, rule, line, col, msg.data ? msg.data : "");
	kb_buf_free(&msg);
}

int kb_rule_choice(kb_rule *rule, const kb_ynode *map, const char *key, const char *kind,
		   const char *const *names, const char *const *messages, size_t n,
		   kb_compile_ctx *ctx)
{
	const kb_ynode *v = kb_ymap_get(map, key);
	for (size_t i = 0; v && v->type == KB_Y_SCALAR && i < n; i++) {
		if (strcmp(v->str, names[i]) != 0)
			continue;
		if (!rule->message[0]) {
			free(rule->message);
			rule->message = xstrdup(messages[i]);
		}
		return (int)i;
	}
	kb_buf list = {0};
	for (size_t i = 0; i < n; i++)
		kb_buf_printf(&list, "%s%s", i ? ", " : "", names[i]);
	const kb_ynode *at = v ? v : map;
	if (v && v->type == KB_Y_SCALAR)
		kb_errs_at(ctx->errs, ctx->file, at,
			    "unknown %s %s '%s' in rule '%s' (expected one of: %s)", kind, key, v->str,
			    rule->id, list.data);
	else
		kb_errs_at(ctx->errs, ctx->file, at,
			    "%s rule '%s' needs '%s', one of: %s", kind, rule->id, key, list.data);
	kb_buf_free(&list);
	return -1;
}
