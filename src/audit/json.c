/* json.c: the audit as one JSON object, for tools (the schema is in docs/audit.md). Every list
 * is complete: audit.limit_per_owner does not apply. */
#include <stdio.h>

#include "audit_int.h"
#include "report.h"

/* Keys of the age buckets, in kb_audit_age order. */
static const char *const age_keys[KB_AUDIT_AGE_COUNT] = {
	"under_1_month", "1_3_months", "3_6_months", "6_12_months", "1_2_years", "over_2_years",
	"no_review_date",
};

static void put_date(FILE *out, kb_date d)
{
	char s[16];
	kb_date_format(d, s);
	fprintf(out, "\"%s\"", s);
}

/* A counts object; compared: whether new_overdue is known (else null). */
static void put_counts(FILE *out, const kb_audit_counts *c, bool compared, const char *indent)
{
	int pct = kb_audit_freshness(c);
	fprintf(out, "{\n%s  \"articles\": %zu,\n%s  \"live\": %zu,\n%s  \"fresh\": %zu,\n"
		     "%s  \"freshness_percent\": ",
		indent, c->articles, indent, c->live, indent, c->fresh, indent);
	if (pct >= 0)
		fprintf(out, "%d", pct);
	else
		fputs("null", out);
	fprintf(out, ",\n%s  \"overdue\": %zu,\n%s  \"new_overdue\": ", indent, c->overdue, indent);
	if (compared)
		fprintf(out, "%zu", c->new_overdue);
	else
		fputs("null", out);
	fprintf(out, ",\n%s  \"due_soon\": %zu,\n%s  \"findings\": {", indent, c->due_soon, indent);
	for (int k = 0; k < KB_CAT_COUNT; k++)
		fprintf(out, "%s\"%s\": %zu", k ? ", " : "", kb_category_name((kb_category)k),
			c->findings[k]);
	fprintf(out, "},\n%s  \"ages\": {", indent);
	for (int k = 0; k < KB_AUDIT_AGE_COUNT; k++)
		fprintf(out, "%s\"%s\": %zu", k ? ", " : "", age_keys[k], c->ages[k]);
	fprintf(out, "}\n%s}", indent);
}

static void put_run(FILE *out, const kb_audit_run *r)
{
	fputs("{\"date\": ", out);
	put_date(out, r->date);
	fprintf(out, ", \"articles\": %zu, \"live\": %zu, \"fresh\": %zu, \"overdue\": %zu, "
		     "\"due_soon\": %zu}",
		r->articles, r->live, r->fresh, r->overdue, r->due_soon);
}

static void put_items(FILE *out, const kb_audit_item *v, size_t n, bool overdue)
{
	if (!n) {
		fputs("[]", out);
		return;
	}
	fputc('[', out);
	for (size_t i = 0; i < n; i++) {
		const kb_audit_item *it = &v[i];
		fputs(i ? ",\n        {\"title\": " : "\n        {\"title\": ", out);
		kb_json_string(out, it->title);
		fputs(", \"path\": ", out);
		kb_json_string(out, it->path);
		fputs(", \"key\": ", out);
		kb_json_string(out, it->key);
		fputs(", \"url\": ", out);
		if (it->url)
			kb_json_string(out, it->url);
		else
			fputs("null", out);
		fprintf(out, ", \"line\": %d, \"due\": ", it->line);
		put_date(out, it->due);
		fprintf(out, ", \"%s\": %d, \"last_reviewed\": ", overdue ? "days_overdue" : "days_left",
			it->days);
		if (it->has_reviewed)
			put_date(out, it->reviewed);
		else
			fputs("null", out);
		if (overdue)
			fprintf(out, ", \"new\": %s", it->is_new ? "true" : "false");
		fputc('}', out);
	}
	fputs("\n      ]", out);
}

int kb_audit_render_json(FILE *out, const kb_audit_view *v)
{
	const kb_audit *a = v->a;
	char within[32];
	kb_interval_format(a->cfg->audit.due_within, within);
	fputs("{\n  \"tool\": \"kblint\",\n  \"version\": ", out);
	kb_json_string(out, KBLINT_VERSION);
	fputs(",\n  \"today\": ", out);
	put_date(out, a->today);
	fprintf(out, ",\n  \"due_within\": \"%s\",\n  \"owner\": ", within);
	if (v->only)
		kb_json_string(out, v->only->name);
	else
		fputs("null", out);
	fprintf(out, ",\n  \"files_checked\": %zu,\n  \"unreadable\": [", a->files);
	for (size_t i = 0; i < a->nunreadable; i++) {
		fputs(i ? ", " : "", out);
		kb_json_string(out, a->unreadable[i]);
	}
	fputs("],\n  \"summary\": ", out);
	put_counts(out, v->counts, a->compared, "  ");
	fputs(",\n  \"previous\": ", out);
	if (a->has_previous)
		put_run(out, &a->previous);
	else
		fputs("null", out);
	fputs(",\n  \"resolved\": ", out);
	if (a->compared)
		fprintf(out, "%zu", a->resolved);
	else
		fputs("null", out);
	fputs(",\n  \"trend\": [", out);
	for (size_t i = 0; i < a->nruns; i++) {
		fputs(i ? ",\n    " : "\n    ", out);
		put_run(out, &a->runs[i]);
	}
	fputs(a->nruns ? "\n  ],\n  \"top_owners\": [" : "],\n  \"top_owners\": [", out);
	const kb_audit_owner *top[5];
	size_t ntop = kb_audit_top_owners(a, top, 5);
	for (size_t i = 0; i < ntop; i++) {
		fputs(i ? ", {\"owner\": " : "{\"owner\": ", out);
		kb_json_string(out, top[i]->name);
		fprintf(out, ", \"overdue\": %zu}", top[i]->noverdue);
	}
	fputs("],\n  \"owners\": [", out);
	for (size_t i = 0; i < v->nowners; i++) {
		const kb_audit_owner *o = v->owners[i];
		fputs(i ? ",\n    {\n      \"owner\": " : "\n    {\n      \"owner\": ", out);
		kb_json_string(out, o->name);
		fputs(",\n      \"summary\": ", out);
		put_counts(out, &o->counts, a->compared, "      ");
		fputs(",\n      \"overdue\": ", out);
		put_items(out, o->overdue, o->noverdue, true);
		fputs(",\n      \"due_soon\": ", out);
		put_items(out, o->due_soon, o->ndue_soon, false);
		fputs("\n    }", out);
	}
	fputs(v->nowners ? "\n  ]\n}\n" : "]\n}\n", out);
	return ferror(out) ? -1 : 0;
}
