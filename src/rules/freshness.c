/* freshness.c: the "freshness" kind: review dates, intervals and expiry from metadata. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rule.h"

/* With a hint (a date_formats entry that reads the value as written) or without. */
#define INVALID_DATE_MESSAGE                                                                   \
	"${field} '${value}' ${expected:+is not a valid date (expected ${expected})}"              \
	"${format:+is not in an accepted date form: for ${form}, add '${format}' to date_formats " \
	"in ${config}}"

#define CHECKS(X)                                                                                \
	X(OVERDUE, "overdue", "review was due ${due} (${ago})${owner:+; owner: ${owner}}")         \
	X(DUE_SOON, "due-soon", "review is due ${due} (${in})${owner:+; owner: ${owner}}")         \
	X(EXPIRED, "expired", "expired on ${expires} (${ago})${owner:+; owner: ${owner}}")         \
	X(MISSING_REVIEWED, "missing-reviewed", "no review date (add one of: ${expected})")        \
	X(INVALID_DATE, "invalid-date", INVALID_DATE_MESSAGE)                                     \
	X(INVALID_INTERVAL, "invalid-interval",                                                    \
	  "${field} '${value}' is not a valid interval (expected e.g. '90 days', '6 months', '1 year')") \
	X(FUTURE_REVIEWED, "future-reviewed", "${field} ${reviewed} is after today (${today})")

#define CHECKS_KIND "freshness"
#include "checks.h"

static void report(const kb_rule *rule, kb_check *c, kb_vars *v, int line, int col)
{
	char today[16];
	kb_date_format(c->today, today);
	kb_vars_set(v, "today", today);
	kb_vars_set(v, "owner", c->art->owner);
	kb_emit_vars(c, rule, v, line, col);
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
	kb_vars v = {0};
	kb_buf expected = {0};
	char format[32], form[48];
	bool scalar = f->node->type == KB_Y_SCALAR;
	if (!interval && scalar &&
	    kb_config_date_hint(c->cfg, f->node->str, f->node->len, format, form)) {
		kb_vars_set(&v, "format", format);
		kb_vars_set(&v, "form", form);
		kb_vars_set(&v, "config", c->cfg->path ? c->cfg->path : kb_config_default_name);
	} else if (!interval) {
		kb_config_date_forms(c->cfg, &expected);
		kb_vars_set(&v, "expected", expected.data);
	}
	kb_vars_set(&v, "field", f->key);
	kb_vars_set(&v, "value", scalar ? f->node->str : "(not a single value)");
	report(rule, c, &v, f->node->line, f->node->col);
	kb_buf_free(&expected);
}

static void check(const kb_rule *rule, kb_check *c)
{
	const kb_article *a = c->art;
	check_id which = check_of(rule);
	if (kb_article_retired(a))
		return;
	kb_vars v = {0};
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
		kb_vars_set(&v, "due", due);
		kb_date_format(a->reviewed.date, reviewed);
		kb_vars_set(&v, "reviewed", reviewed);
		if (which == CHECK_OVERDUE && d < c->today) {
			days_text(when, sizeof when, (long)c->today - d, true);
			kb_vars_set(&v, "ago", when);
			report(rule, c, &v, a->reviewed.node->line, a->reviewed.node->col);
		} else if (which == CHECK_DUE_SOON && d >= c->today &&
			   d <= kb_date_add(c->today, c->cfg->due_soon)) {
			days_text(when, sizeof when, (long)d - c->today, false);
			kb_vars_set(&v, "in", when);
			report(rule, c, &v, a->reviewed.node->line, a->reviewed.node->col);
		}
		return;
	}
	case CHECK_EXPIRED:
		if (a->expires.state != KB_FIELD_OK || a->expires.date >= c->today)
			return;
		kb_date_format(a->expires.date, expires);
		kb_vars_set(&v, "expires", expires);
		days_text(when, sizeof when, (long)c->today - a->expires.date, true);
		kb_vars_set(&v, "ago", when);
		report(rule, c, &v, a->expires.node->line, a->expires.node->col);
		return;
	case CHECK_MISSING_REVIEWED: {
		if (a->reviewed.state != KB_FIELD_MISSING && a->reviewed.state != KB_FIELD_EMPTY)
			return;
		kb_buf expected = {0};
		join(&expected, &c->cfg->fields[KB_ROLE_REVIEWED], NULL);
		kb_vars_set(&v, "expected", expected.data);
		kb_vars_set(&v, "field", a->reviewed.key);
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
		kb_vars_set(&v, "reviewed", reviewed);
		kb_vars_set(&v, "field", a->reviewed.key);
		report(rule, c, &v, a->reviewed.node->line, a->reviewed.node->col);
		return;
	}
}

const kb_kind kb_kind_freshness = {
	.name = "freshness",
	.metadata = true,
	.keys = keys,
	.default_scope = KB_SCOPE_FRONT_MATTER,
	.compile = compile,
	.check = check,
	.free = NULL,
};
