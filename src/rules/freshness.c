/* freshness.c: the "freshness" kind: review dates, intervals and expiry from metadata. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rule.h"

#define CHECKS(X)                                                                                \
	X(OVERDUE, "overdue", "review was due ${due} (${ago})${owner:+; owner: ${owner}}")         \
	X(DUE_SOON, "due-soon", "review is due ${due} (${in})${owner:+; owner: ${owner}}")         \
	X(EXPIRED, "expired", "expired on ${expires} (${ago})${owner:+; owner: ${owner}}")         \
	X(MISSING_REVIEWED, "missing-reviewed", "no review date (add one of: ${expected})")        \
	X(INVALID_DATE, "invalid-date", "${field} '${value}' is not a valid date (expected ${expected})") \
	X(INVALID_INTERVAL, "invalid-interval",                                                    \
	  "${field} '${value}' is not a valid interval (expected e.g. '90 days', '6 months', '1 year')") \
	X(FUTURE_REVIEWED, "future-reviewed", "${field} ${reviewed} is after today (${today})")

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

static const char *const keys[] = {"check", NULL};

static int compile(kb_rule *rule, const kb_ynode *map, kb_compile_ctx *ctx)
{
	const kb_ynode *v = kb_ymap_get(map, "check");
	kb_buf names = {0};
	for (size_t i = 0; i < NCHECKS; i++)
		kb_buf_printf(&names, "%s%s", i ? ", " : "", check_names[i]);
	int found = -1;
	for (size_t i = 0; v && v->type == KB_Y_SCALAR && i < NCHECKS; i++)
		if (strcmp(v->str, check_names[i]) == 0)
			found = (int)i;
	if (found < 0) {
		const kb_ynode *at = v ? v : map;
		if (v)
			kb_errs_add(ctx->errs, ctx->file, at->line, at->col,
				    "unknown freshness check '%s' (expected one of: %s)",
				    v->type == KB_Y_SCALAR ? v->str : "?", names.data);
		else
			kb_errs_add(ctx->errs, ctx->file, at->line, at->col,
				    "freshness rule '%s' needs 'check', one of: %s", rule->id, names.data);
		kb_buf_free(&names);
		return -1;
	}
	kb_buf_free(&names);
	rule->data = (void *)(&check_names[found]); /* points into a static table: nothing to free */
	if (!rule->message[0]) {
		free(rule->message);
		rule->message = xstrdup(default_messages[found]);
	}
	return 0;
}

typedef struct {
	const char *names[16];
	const char *values[16];
	size_t n;
} vars;

static void set(vars *v, const char *name, const char *value)
{
	v->names[v->n] = name;
	v->values[v->n++] = value;
}

static const char *lookup(void *ud, const char *name, size_t len, size_t *outlen)
{
	vars *v = ud;
	for (size_t i = 0; i < v->n; i++)
		if (v->values[i] && kb_streq_n(name, len, v->names[i])) {
			*outlen = strlen(v->values[i]);
			return v->values[i];
		}
	return NULL;
}

static void report(const kb_rule *rule, kb_check *c, vars *v, int line, int col)
{
	char today[16];
	kb_date_format(c->today, today);
	set(v, "today", today);
	set(v, "owner", c->art->owner);
	kb_buf msg = {0};
	kb_template_expand(rule->message, lookup, v, &msg);
	kb_emit(c, rule, line, col, msg.data ? msg.data : "");
	kb_buf_free(&msg);
}

static void days_text(char *out, size_t n, long days, bool past)
{
	if (days == 0)
		snprintf(out, n, "today");
	else if (days == 1)
		snprintf(out, n, past ? "1 day ago" : "tomorrow");
	else
		snprintf(out, n, past ? "%ld days ago" : "in %ld days", days);
}

/* A strftime-style date format as people write it: "%m/%d/%Y" is "MM/DD/YYYY". */
static void human_format(kb_buf *b, const char *f)
{
	for (; *f; f++) {
		const char *h = NULL;
		if (*f == '%' && f[1]) {
			switch (f[1]) {
			case 'Y': h = "YYYY"; break;
			case 'y': h = "YY"; break;
			case 'm': h = "MM"; break;
			case 'd': h = "DD"; break;
			case 'e': h = "D"; break;
			case 'b': case 'h': h = "Mon"; break;
			case 'B': h = "Month"; break;
			case '%': h = "%"; break;
			}
		}
		if (h) {
			kb_buf_puts(b, h);
			f++;
		} else {
			kb_buf_putc(b, *f);
		}
	}
}

static void join(kb_buf *b, const kb_strv *sv, const char *first)
{
	if (first)
		kb_buf_puts(b, first);
	for (size_t i = 0; i < sv->n; i++)
		kb_buf_printf(b, "%s%s", b->len ? ", " : "", sv->v[i]);
}

static void check_invalid(const kb_rule *rule, kb_check *c, const kb_field *f, bool interval)
{
	if (f->state != KB_FIELD_INVALID)
		return;
	vars v = {0};
	kb_buf expected = {0};
	kb_buf_puts(&expected, "YYYY-MM-DD");
	for (size_t i = 0; i < c->cfg->date_formats.n; i++) {
		kb_buf_puts(&expected, i + 1 == c->cfg->date_formats.n ? " or " : ", ");
		human_format(&expected, c->cfg->date_formats.v[i]);
	}
	set(&v, "field", f->key);
	set(&v, "value", f->node->type == KB_Y_SCALAR ? f->node->str : "(not a single value)");
	set(&v, "expected", interval ? NULL : expected.data);
	report(rule, c, &v, f->node->line, f->node->col);
	kb_buf_free(&expected);
}

static void check(const kb_rule *rule, kb_check *c)
{
	const kb_article *a = c->art;
	check_id which = (check_id)((const char *const *)rule->data - check_names);
	if (kb_article_retired(a))
		return;
	vars v = {0};
	char due[16], when[48], reviewed[16], expires[16];
	switch (which) {
	case CHECK_OVERDUE:
	case CHECK_DUE_SOON: {
		if (a->reviewed.state != KB_FIELD_OK || a->interval.state == KB_FIELD_INVALID)
			return;
		kb_interval iv = a->interval.state == KB_FIELD_OK ? a->interval.interval
								 : c->cfg->default_interval;
		kb_date d = kb_date_add(a->reviewed.date, iv);
		kb_date_format(d, due);
		set(&v, "due", due);
		kb_date_format(a->reviewed.date, reviewed);
		set(&v, "reviewed", reviewed);
		if (which == CHECK_OVERDUE && d < c->today) {
			days_text(when, sizeof when, (long)c->today - d, true);
			set(&v, "ago", when);
			report(rule, c, &v, a->reviewed.node->line, a->reviewed.node->col);
		} else if (which == CHECK_DUE_SOON && d >= c->today &&
			   d <= kb_date_add(c->today, c->cfg->due_soon)) {
			days_text(when, sizeof when, (long)d - c->today, false);
			set(&v, "in", when);
			report(rule, c, &v, a->reviewed.node->line, a->reviewed.node->col);
		}
		return;
	}
	case CHECK_EXPIRED:
		if (a->expires.state != KB_FIELD_OK || a->expires.date >= c->today)
			return;
		kb_date_format(a->expires.date, expires);
		set(&v, "expires", expires);
		days_text(when, sizeof when, (long)c->today - a->expires.date, true);
		set(&v, "ago", when);
		report(rule, c, &v, a->expires.node->line, a->expires.node->col);
		return;
	case CHECK_MISSING_REVIEWED: {
		if (a->reviewed.state != KB_FIELD_MISSING && a->reviewed.state != KB_FIELD_EMPTY)
			return;
		kb_buf expected = {0};
		join(&expected, &c->cfg->fields[KB_ROLE_REVIEWED], NULL);
		set(&v, "expected", expected.data);
		set(&v, "field", a->reviewed.key);
		if (a->reviewed.state == KB_FIELD_EMPTY)
			report(rule, c, &v, a->reviewed.node->line, a->reviewed.node->col);
		else
			report(rule, c, &v, a->line, a->col);
		kb_buf_free(&expected);
		return;
	}
	case CHECK_INVALID_DATE:
		check_invalid(rule, c, &a->reviewed, false);
		check_invalid(rule, c, &a->expires, false);
		return;
	case CHECK_INVALID_INTERVAL:
		check_invalid(rule, c, &a->interval, true);
		return;
	case CHECK_FUTURE_REVIEWED:
		if (a->reviewed.state != KB_FIELD_OK || a->reviewed.date <= c->today)
			return;
		kb_date_format(a->reviewed.date, reviewed);
		set(&v, "reviewed", reviewed);
		set(&v, "field", a->reviewed.key);
		report(rule, c, &v, a->reviewed.node->line, a->reviewed.node->col);
		return;
	}
}

const kb_kind kb_kind_freshness = {
	.name = "freshness",
	.keys = keys,
	.default_scope = KB_SCOPE_FRONT_MATTER,
	.compile = compile,
	.check = check,
	.free = NULL,
};
