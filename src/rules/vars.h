/* vars.h: internal to src/rules: message variables and the one-of choice ("check:", "mode:")
 * that the data-driven kinds share. */
#ifndef KB_VARS_H
#define KB_VARS_H

#include "rule.h"

enum { KB_VARS_MAX = 16 }; /* more variables than any message template uses */

/* Named values a kind knows about one finding; values are borrowed, NULL means unset. */
typedef struct {
	const char *names[KB_VARS_MAX];
	const char *values[KB_VARS_MAX];
	size_t lens[KB_VARS_MAX];
	size_t n;
} kb_vars;

void kb_vars_set(kb_vars *v, const char *name, const char *value);
void kb_vars_setn(kb_vars *v, const char *name, const char *value, size_t len);
/* A kb_lookup_fn over a kb_vars. */
const char *kb_vars_lookup(void *ud, const char *name, size_t len, size_t *outlen);
/* Expands rule's message with v and emits it at line:col. */
void kb_emit_vars(kb_check *c, const kb_rule *rule, const kb_vars *v, int line, int col);

/* Reads the rule's `key`, which must be one of names[0..n): returns its index, and gives a rule
 * with no message messages[index]; or reports "FILE:LINE:COL: error: ..." and returns -1. */
int kb_rule_choice(kb_rule *rule, const kb_ynode *map, const char *key, const char *kind,
		   const char *const *names, const char *const *messages, size_t n,
		   kb_compile_ctx *ctx);

#endif
