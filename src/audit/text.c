/* text.c: the audit as plain text (for terminals and the text part of e-mail) and as Markdown
 * (for issues, wikis and $GITHUB_STEP_SUMMARY). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit_int.h"
#include "textout.h"

/* How many trend points the text and Markdown formats show. */
enum { TREND_SHOWN = 12, TOP_OWNERS = 5 };

/* A title, path, URL or name from an article or the config, on one line of text: line breaks
 * and tabs as spaces, controls, bidi controls and invalid UTF-8 as U+FFFD (textout.h). */
static void put(FILE *out, const char *s)
{
	kb_put_clean_mode(out, s, KB_CLEAN_SPACES);
}

/* "stale 3, unverified 1", the categories with findings, or "none". */
static void put_categories(FILE *out, const size_t *findings)
{
	bool any = false;
	for (int k = 0; k < KB_CAT_COUNT; k++) {
		if (!findings[k])
			continue;
		fprintf(out, "%s%s %zu", any ? ", " : "", kb_category_name((kb_category)k),
			findings[k]);
		any = true;
	}
	if (!any)
		fputs("none", out);
}

static size_t total_findings(const size_t *findings)
{
	size_t n = 0;
	for (int k = 0; k < KB_CAT_COUNT; k++)
		n += findings[k];
	return n;
}

/* "64% (7 of 11 live articles reviewed within their interval)", or a note when none is live. */
static void put_freshness(FILE *out, const kb_audit_counts *c)
{
	int pct = kb_audit_freshness(c);
	if (pct < 0)
		fputs("no live articles", out);
	else
		fprintf(out, "%d%% (%zu of %zu live %s reviewed within %s interval)", pct, c->fresh,
			c->live, kb_audit_plural(c->live, "article", "articles"),
			kb_audit_plural(c->live, "its", "their"));
}

/* The overdue count with what changed since the previous run. */
static void put_overdue(FILE *out, const kb_audit *a, const kb_audit_counts *c, bool whole)
{
	fprintf(out, "%zu", c->overdue);
	if (!a->has_previous)
		return;
	char prev[16];
	kb_date_format(a->previous.date, prev);
	if (!a->compared) {
		if (whole)
			fprintf(out, " (%zu on %s)", a->previous.overdue, prev);
		return;
	}
	fprintf(out, " (%zu newly overdue since %s", c->new_overdue, prev);
	if (whole)
		fprintf(out, ", %zu no longer overdue", a->resolved);
	fputc(')', out);
}

/* The trend line's values, oldest first: "2, 3, 3, 4 (2026-11-04 to 2026-11-25)". */
static void put_trend(FILE *out, const kb_audit *a)
{
	size_t first = a->nruns > TREND_SHOWN ? a->nruns - TREND_SHOWN : 0;
	for (size_t i = first; i < a->nruns; i++)
		fprintf(out, "%s%zu", i > first ? ", " : "", a->runs[i].overdue);
	char from[16], to[16];
	kb_date_format(a->runs[first].date, from);
	kb_date_format(a->runs[a->nruns - 1].date, to);
	fprintf(out, " (%zu runs, %s to %s)", a->nruns - first, from, to);
}

/* "due 2026-12-01 (in 6 days)" / "due 2025-07-10, 503 days overdue", then the last review. */
static void put_when(FILE *out, const kb_audit_item *it, bool overdue)
{
	char due[16], rev[16];
	kb_date_format(it->due, due);
	if (overdue)
		fprintf(out, "due %s, %d %s overdue", due, it->days,
			kb_audit_plural((size_t)it->days, "day", "days"));
	else if (it->days == 0)
		fprintf(out, "due %s (today)", due);
	else
		fprintf(out, "due %s (in %d %s)", due, it->days,
			kb_audit_plural((size_t)it->days, "day", "days"));
	if (it->has_reviewed) {
		kb_date_format(it->reviewed, rev);
		fprintf(out, it->reviewed_git ? ", last changed %s (git)" : ", last reviewed %s", rev);
	}
}

/* One list of an owner's section in text, capped at limit. */
static void text_list(FILE *out, const char *heading, const kb_audit_item *v, size_t n,
		      size_t limit, bool overdue)
{
	if (!n)
		return;
	fprintf(out, "  %s:\n", heading);
	size_t shown = limit && n > limit ? limit : n;
	for (size_t i = 0; i < shown; i++) {
		const kb_audit_item *it = &v[i];
		fputs("    - ", out);
		put(out, it->title);
		fputs(it->is_new ? " [new]\n      " : "\n      ", out);
		put(out, it->path);
		fputs(": ", out);
		put_when(out, it, overdue);
		fputc('\n', out);
		if (it->url) {
			fputs("      ", out);
			put(out, it->url);
			fputc('\n', out);
		}
	}
	if (shown < n)
		fprintf(out, "    - and %zu more\n", n - shown);
}

/* "2 overdue (1 new), 1 due soon, freshness 33% (1 of 3)" for an owner's heading line. */
static void owner_line(FILE *out, const kb_audit *a, const kb_audit_counts *c)
{
	fprintf(out, "%zu overdue", c->overdue);
	if (a->compared && c->new_overdue)
		fprintf(out, " (%zu new)", c->new_overdue);
	fprintf(out, ", %zu due soon, %zu %s", c->due_soon, c->articles,
		kb_audit_plural(c->articles, "article", "articles"));
	int pct = kb_audit_freshness(c);
	if (pct >= 0)
		fprintf(out, ", freshness %d%%", pct);
}

static void text_section(FILE *out, const kb_audit_view *v, const kb_audit_owner *o)
{
	char within[32];
	kb_interval_format(v->a->cfg->audit.due_within, within);
	char heading[64];
	snprintf(heading, sizeof heading, "Due within %s", within);
	text_list(out, "Overdue", o->overdue, o->noverdue, v->limit, true);
	text_list(out, heading, o->due_soon, o->ndue_soon, v->limit, false);
	if (!o->noverdue && !o->ndue_soon)
		fputs("  Nothing overdue or due soon.\n", out);
	fputs("  Findings on these articles: ", out);
	put_categories(out, o->counts.findings);
	fputc('\n', out);
}

/* How the summary is written: as aligned text lines, or as a Markdown list. */
typedef struct {
	bool markdown;
	void (*put)(FILE *out, const char *s); /* a name or path, made safe for the format */
} summary_style;

/* Starts a summary line: "Name:" padded to the values' column (aligned) or followed by one
 * space, in text; "- **Name:** " in Markdown. */
static void label(FILE *out, const summary_style *st, const char *name, bool aligned)
{
	if (st->markdown) {
		fprintf(out, "- **%s:** ", name);
		return;
	}
	char l[40];
	snprintf(l, sizeof l, "%s:", name);
	fprintf(out, aligned ? "%-12s" : "%s ", l);
}

/* The summary lines, for the whole knowledge base or one owner. */
static void summary(FILE *out, const kb_audit_view *v, const summary_style *st)
{
	const kb_audit *a = v->a;
	const kb_audit_counts *c = v->counts;
	bool whole = v->only == NULL;
	char within[32];
	kb_interval_format(a->cfg->audit.due_within, within);
	label(out, st, "Articles", true);
	fprintf(out, "%zu", c->articles);
	if (whole) {
		fprintf(out, " checked in %zu %s", a->files, kb_audit_plural(a->files, "file", "files"));
		if (a->nunreadable)
			fprintf(out, " (%zu %s could not be checked)", a->nunreadable,
				kb_audit_plural(a->nunreadable, "file", "files"));
	}
	if (c->live != c->articles) {
		fputc('\n', out);
		label(out, st, "Retired", true);
		fprintf(out, "%zu archived, deprecated or obsolete (not listed)", c->articles - c->live);
	}
	fputc('\n', out);
	label(out, st, "Freshness", true);
	put_freshness(out, c);
	fputc('\n', out);
	label(out, st, "Overdue", true);
	put_overdue(out, a, c, whole);
	fputc('\n', out);
	label(out, st, "Due soon", true);
	fprintf(out, "%zu within %s\n", c->due_soon, within);
	if (whole && a->nruns > 1) {
		label(out, st, "Trend", true);
		fputs("overdue per run: ", out);
		put_trend(out, a);
		fputc('\n', out);
	}
	label(out, st, "Findings", true);
	fprintf(out, "%zu", total_findings(c->findings));
	if (total_findings(c->findings)) {
		fputs(": ", out);
		put_categories(out, c->findings);
	}
	fputc('\n', out);
	if (!whole)
		return;
	const kb_audit_owner *top[TOP_OWNERS];
	size_t ntop = kb_audit_top_owners(a, top, TOP_OWNERS);
	if (ntop) {
		label(out, st, "Most overdue work", false);
		for (size_t i = 0; i < ntop; i++) {
			fputs(i ? ", " : "", out);
			st->put(out, top[i]->name);
			fprintf(out, " (%zu)", top[i]->noverdue);
		}
		fputc('\n', out);
	}
	if (a->nunreadable) {
		label(out, st, "Could not be checked", false);
		for (size_t i = 0; i < a->nunreadable; i++) {
			fputs(i ? ", " : "", out);
			st->put(out, a->unreadable[i]);
		}
		fputc('\n', out);
	}
}

int kb_audit_render_text(FILE *out, const kb_audit_view *v)
{
	char date[16];
	kb_date_format(v->a->today, date);
	if (v->only) {
		fputs("Knowledge-base audit for ", out);
		put(out, v->only->name);
		fprintf(out, ", %s\n\n", date);
	} else {
		fprintf(out, "Knowledge-base audit, %s\n\n", date);
	}
	summary(out, v, &(summary_style){false, put});
	for (size_t i = 0; i < v->nowners; i++) {
		const kb_audit_owner *o = v->owners[i];
		fputc('\n', out);
		if (!v->only) {
			put(out, o->name);
			fputs(": ", out);
			owner_line(out, v->a, &o->counts);
			fputc('\n', out);
		}
		text_section(out, v, o);
	}
	return ferror(out) ? -1 : 0;
}

/* Markdown text: cleaned as put() cleans it, then characters Markdown or HTML would read
 * escaped with '\'. Safe in table cells and headings. */
static void md(FILE *out, const char *s)
{
	char *clean = kb_clean(s, KB_CLEAN_SPACES);
	for (const char *p = clean; *p; p++) {
		if (strchr("\\`*_[]<>|&~", *p))
			fputc('\\', out);
		fputc(*p, out);
	}
	free(clean);
}

/* A URL in a Markdown link target: the characters that would end it percent-encoded (audit.
 * base_url has none of them, and paths are percent-encoded already). */
static void md_url(FILE *out, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p <= 0x20 || *p >= 0x7F || strchr("()<>[]\\`\"'", *p))
			fprintf(out, "%%%02X", *p);
		else
			fputc(*p, out);
	}
}

static void md_list(FILE *out, const char *heading, const kb_audit_item *v, size_t n, size_t limit,
		    bool overdue)
{
	if (!n)
		return;
	fprintf(out, "**%s**\n\n| Article | Path | Due | %s | Last reviewed |\n"
		     "| --- | --- | --- | ---: | --- |\n",
		heading, overdue ? "Overdue by" : "Due in");
	size_t shown = limit && n > limit ? limit : n;
	for (size_t i = 0; i < shown; i++) {
		const kb_audit_item *it = &v[i];
		fputs("| ", out);
		if (it->url) {
			fputc('[', out);
			md(out, it->title);
			fputs("](", out);
			md_url(out, it->url);
			fputc(')', out);
		} else {
			md(out, it->title);
		}
		if (it->is_new)
			fputs(" **new**", out);
		fputs(" | ", out);
		md(out, it->path);
		char due[16], rev[32];
		kb_audit_item_dates(it, due, rev);
		if (overdue || it->days)
			fprintf(out, " | %s | %d %s | %s |\n", due, it->days,
				kb_audit_plural((size_t)it->days, "day", "days"), rev);
		else
			fprintf(out, " | %s | today | %s |\n", due, rev);
	}
	if (shown < n)
		fprintf(out, "| and %zu more | | | | |\n", n - shown);
	fputc('\n', out);
}

int kb_audit_render_markdown(FILE *out, const kb_audit_view *v)
{
	char date[16], within[32];
	kb_date_format(v->a->today, date);
	kb_interval_format(v->a->cfg->audit.due_within, within);
	if (v->only) {
		fputs("# Knowledge-base audit for ", out);
		md(out, v->only->name);
		fprintf(out, ", %s\n\n", date);
	} else {
		fprintf(out, "# Knowledge-base audit, %s\n\n", date);
	}
	summary(out, v, &(summary_style){true, md});
	if (!v->only && v->nowners) {
		fputs("\n| Owner | Articles | Overdue | New | Due soon | Freshness | Findings |\n"
		      "| --- | ---: | ---: | ---: | ---: | ---: | ---: |\n", out);
		for (size_t i = 0; i < v->nowners; i++) {
			const kb_audit_owner *o = v->owners[i];
			int pct = kb_audit_freshness(&o->counts);
			fputs("| ", out);
			md(out, o->name);
			fprintf(out, " | %zu | %zu | ", o->counts.articles, o->counts.overdue);
			if (v->a->compared)
				fprintf(out, "%zu", o->counts.new_overdue);
			else
				fputs("-", out);
			fprintf(out, " | %zu | ", o->counts.due_soon);
			if (pct >= 0)
				fprintf(out, "%d%%", pct);
			else
				fputs("-", out);
			fprintf(out, " | %zu |\n", total_findings(o->counts.findings));
		}
	}
	char heading[64];
	snprintf(heading, sizeof heading, "Due within %s", within);
	for (size_t i = 0; i < v->nowners; i++) {
		const kb_audit_owner *o = v->owners[i];
		fputs("\n", out);
		if (!v->only) {
			fputs("## ", out);
			md(out, o->name);
			fputs("\n\n", out);
			owner_line(out, v->a, &o->counts);
			fputs("\n\n", out);
		}
		md_list(out, "Overdue", o->overdue, o->noverdue, v->limit, true);
		md_list(out, heading, o->due_soon, o->ndue_soon, v->limit, false);
		if (!o->noverdue && !o->ndue_soon)
			fputs("Nothing overdue or due soon.\n\n", out);
		fputs("Findings on these articles: ", out);
		put_categories(out, o->counts.findings);
		fputc('\n', out);
	}
	return ferror(out) ? -1 : 0;
}
