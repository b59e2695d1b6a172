/* checks.h: the table of a kind whose rules each name one check (`check: overdue`), made from
 * the kind's list. Define CHECKS(X) as lines X(ENUM, "name", "default message") before including
 * it; it defines check_id (CHECK_ENUM, ...), check_names, default_messages and NCHECKS. When
 * CHECKS_KIND names the kind too, it also defines the kind's `keys` (just "check") and
 * `compile`, which leaves rule->data pointing at the check's name for check_of. Included once by
 * each such kind (freshness, links, facts, status): no include guard. */
#include "vars.h"

typedef enum {
#define X(e, name, msg) CHECK_##e,
	CHECKS(X)
#undef X
} check_id;

static const char *const check_names[] = {
#define X(e, name, msg) name,
	CHECKS(X)
#undef X
};

static const char *const default_messages[] = {
#define X(e, name, msg) msg,
	CHECKS(X)
#undef X
};

enum { NCHECKS = sizeof check_names / sizeof check_names[0] };

#ifdef CHECKS_KIND
/* CHECKS_FIXES: the kind's findings carry fixes, unsafe unless the rule says fix_safety: safe */
#ifdef CHECKS_FIXES
static const char *const keys[] = {"check", "fix_safety", NULL};
#else
static const char *const keys[] = {"check", NULL};
#endif

/* Reads the rule's check; a rule with no message gets the check's default. */
static int compile(kb_rule *rule, const kb_ynode *map, kb_compile_ctx *ctx)
{
	int found = kb_rule_choice(rule, map, "check", CHECKS_KIND, check_names, default_messages,
				   NCHECKS, ctx);
	if (found < 0)
		return -1;
#ifdef CHECKS_FIXES
	if (kb_rule_fix_safety(rule, map, false, ctx) != 0)
		return -1;
#endif
	rule->data = (void *)&check_names[found]; /* a static table: nothing to free */
	return 0;
}

/* The check a rule compiled by compile names. */
static inline check_id check_of(const kb_rule *rule)
{
	return (check_id)((const char *const *)rule->data - check_names);
}
#endif
