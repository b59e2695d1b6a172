/* html.c: the audit as one self-contained HTML page: inline CSS, inline SVG charts (articles by
 * time since review, overdue articles per owner), no script and nothing fetched. Every string
 * from an article or the config is cleaned and escaped, and isolated in <bdi> in the text. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit_int.h"
#include "report.h"
#include "textout.h"

/* Bars of the per-owner chart; owners beyond are counted in a note. */
enum { MAX_BARS = 15, TOP_OWNERS = 5, LABEL_CHARS = 22 };
/* Bytes of a date in its span: <span class="date">YYYY-MM-DD</span>, with room to spare. */
enum { DATE_SPAN = 48 };

/* The page's style. Colours are written out for a light page, which is what mail programs without
 * media queries show, and a block for dark screens overrides them; the page declares
 * color-scheme, so Chromium's automatic dark mode leaves it alone. The SVG charts' text is filled
 * with currentColor (or the muted colour) by the style, so it follows the theme; the fill
 * attributes are for readers without the style. The page never scrolls sideways: on a phone an
 * article table becomes a block per article, and the owners table and the charts scroll inside
 * their own box; a chart keeps a minimum width so that its 13-unit text is never drawn under
 * 11 px. Dates do not wrap; paths break anywhere but keep a minimum width. The date columns are
 * the 3rd and 5th of an article table. Printed: light, headings kept with what follows them,
 * rows, cards and charts not cut across pages. */
static const char css[] =
	":root{color-scheme:light dark}\n"
	"body{margin:0;background:#f6f7f9;color:#1f2328;"
	"font:15px/1.45 -apple-system,'Segoe UI',Roboto,'Helvetica Neue',Arial,sans-serif}\n"
	"main{max-width:1120px;margin:0 auto;padding:24px}\n"
	"h1{font-size:26px;margin:0 0 16px}h1 .date{color:#57606a;font-weight:normal}"
	".date{white-space:nowrap}\n"
	"h2{font-size:20px;margin:28px 0 4px;padding-top:12px;border-top:1px solid #d0d7de}\n"
	"h2 .meta{font-size:14px;font-weight:normal;color:#57606a;margin-left:8px}\n"
	".cards{display:flex;flex-wrap:wrap;gap:12px;margin-bottom:12px}\n"
	".card{flex:1 1 150px;background:#fff;border:1px solid #d0d7de;border-top:4px solid #8c959f;"
	"border-radius:8px;padding:10px 14px;box-sizing:border-box}\n"
	".card .num{font-size:28px;font-weight:600}.card .lbl{color:#57606a;font-size:13px}\n"
	".good{border-top-color:#1a7f37}.warn{border-top-color:#bf8700}.bad{border-top-color:#cf222e}\n"
	".charts{display:flex;flex-wrap:wrap;gap:12px;margin:12px 0}\n"
	"figure{flex:1 1 486px;min-width:0;max-width:600px;margin:0;background:#fff;"
	"border:1px solid #d0d7de;border-radius:8px;padding:12px;box-sizing:border-box}\n"
	"figcaption{font-weight:600;margin-bottom:6px}\n"
	".chart{overflow-x:auto}svg{display:block;width:100%;min-width:460px;height:auto}\n"
	"svg text{fill:currentColor}svg .axis{fill:#57606a}\n"
	".scroll{overflow-x:auto;margin:8px 0;background:#fff;border:1px solid #d0d7de}\n"
	"table{border-collapse:collapse;width:100%}\n"
	"th,td{text-align:left;padding:6px 10px;border-bottom:1px solid #eaeef2;vertical-align:top}\n"
	"th{background:#f6f8fa;font-size:13px;color:#57606a;white-space:nowrap}.n{text-align:right;"
	"font-variant-numeric:tabular-nums}\n"
	".articles td:nth-child(3),.articles td:nth-child(5){white-space:nowrap}"
	".articles td:first-child{min-width:9em}.articles td:nth-child(2){min-width:8em}\n"
	"tr.overdue td:first-child{border-left:4px solid #cf222e}"
	"tr.soon td:first-child{border-left:4px solid #bf8700}\n"
	"code{font:13px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;overflow-wrap:anywhere}\n"
	".new{background:#cf222e;color:#fff;border-radius:10px;padding:0 7px;font-size:12px;"
	"font-weight:600;margin-left:6px;white-space:nowrap}\n"
	".muted,.more td{color:#57606a}.more td{font-style:italic}\n"
	"p{margin:6px 0}footer{margin-top:32px;color:#57606a;font-size:13px}a{color:#0969da}\n"
	"@media (max-width:600px){main{padding:12px}h1{font-size:22px}th,td{padding:5px 6px}\n"
	".articles,.articles tbody,.articles tr{display:block}.articles thead{display:none}\n"
	".articles tr{padding:6px 8px;border-bottom:1px solid #eaeef2}"
	".articles td{display:inline;padding:0;border:0;font-size:13px}\n"
	".articles td:first-child,.articles td:nth-child(2){display:block;font-size:15px}\n"
	".articles td:nth-child(3)::before{content:'due '}"
	".articles td:nth-child(4)::before{content:' \\b7  '}"
	".articles td:nth-child(5):not(:empty)::before{content:' \\b7  reviewed '}\n"
	"tr.overdue,tr.soon{border-left:4px solid #cf222e}tr.soon{border-left-color:#bf8700}"
	"tr.overdue td:first-child,tr.soon td:first-child{border-left:0}}\n"
	"@media screen and (prefers-color-scheme:dark){body{background:#0d1117;color:#e6edf3}\n"
	"h1 .date,h2 .meta,.card .lbl,th,.muted,.more td,footer,svg .axis{color:#9198a1;"
	"fill:#9198a1}\n"
	"h2,.card,figure,.scroll{border-color:#3d444d}.card,figure,.scroll{background:#151b23}\n"
	"th{background:#1c222b}th,td,.articles tr{border-bottom-color:#262c36}a{color:#4493f8}\n"
	"svg line{stroke:#3d444d}}\n"
	"@media print{body{background:#fff}main{max-width:none;padding:0}"
	"h1,h2,figcaption{break-after:avoid}tr,figure,.card{break-inside:avoid}"
	"thead{display:table-header-group}.scroll,.chart{overflow:visible}svg{min-width:0}}\n";

/* A string from an article or the config, where markup cannot go (an attribute, a <title>):
 * cleaned (textout.h: line breaks as spaces; controls, bidi controls and invalid UTF-8 as
 * U+FFFD), then escaped. */
static void esc(FILE *out, const char *s)
{
	char *clean = kb_clean(s, KB_CLEAN_SPACES);
	kb_xml_string(out, clean);
	free(clean);
}

/* The same string in the page's text, isolated in <bdi>: a right-to-left name cannot reorder
 * the text around it (the counts after an owner's name, the next cell's words). */
static void text(FILE *out, const char *s)
{
	fputs("<bdi>", out);
	esc(out, s);
	fputs("</bdi>", out);
}

/* dt as a date that does not wrap at its hyphens: <span class="date">YYYY-MM-DD</span>. */
static void date_span(kb_date dt, char out[DATE_SPAN])
{
	char d[16];
	kb_date_format(dt, d);
	snprintf(out, DATE_SPAN, "<span class=\"date\">%s</span>", d);
}

static size_t total_findings(const size_t *findings)
{
	size_t n = 0;
	for (int k = 0; k < KB_CAT_COUNT; k++)
		n += findings[k];
	return n;
}

static void categories(FILE *out, const size_t *findings)
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

static void card(FILE *out, const char *cls, const char *num, const char *label)
{
	fprintf(out, "<div class=\"card %s\"><div class=\"num\">%s</div><div class=\"lbl\">%s</div>"
		     "</div>\n", cls, num, label);
}

/* The summary cards and lines under the title. */
static void summary(FILE *out, const kb_audit_view *v)
{
	const kb_audit *a = v->a;
	const kb_audit_counts *c = v->counts;
	bool whole = !v->only;
	char num[64], label[256], within[32], prev[DATE_SPAN] = "";
	kb_interval_format(a->cfg->audit.due_within, within);
	if (a->has_previous)
		date_span(a->previous.date, prev);
	fputs("<section class=\"cards\">\n", out);
	snprintf(num, sizeof num, "%zu", c->articles);
	if (whole)
		snprintf(label, sizeof label, "articles checked in %zu %s%s", a->files,
			 kb_audit_plural(a->files, "file", "files"),
			 a->nunreadable ? " (some could not be checked)" : "");
	else
		snprintf(label, sizeof label, "%s", kb_audit_plural(c->articles, "article", "articles"));
	card(out, "", num, label);
	int pct = kb_audit_freshness(c);
	if (pct >= 0) {
		snprintf(num, sizeof num, "%d%%", pct);
		snprintf(label, sizeof label, "freshness: %zu of %zu live %s reviewed within %s interval",
			 c->fresh, c->live, kb_audit_plural(c->live, "article", "articles"),
			 kb_audit_plural(c->live, "its", "their"));
	} else {
		snprintf(num, sizeof num, "-");
		snprintf(label, sizeof label, "freshness: no live articles");
	}
	card(out, pct < 0 ? "" : pct >= 90 ? "good" : pct >= 70 ? "warn" : "bad", num, label);
	snprintf(num, sizeof num, "%zu", c->overdue);
	if (a->compared)
		snprintf(label, sizeof label, "overdue: %zu new since %s", c->new_overdue, prev);
	else if (a->has_previous && whole)
		snprintf(label, sizeof label, "overdue (%zu on %s)", a->previous.overdue, prev);
	else
		snprintf(label, sizeof label, "overdue");
	card(out, c->overdue ? "bad" : "good", num, label);
	snprintf(num, sizeof num, "%zu", c->due_soon);
	snprintf(label, sizeof label, "due within %s", within);
	card(out, c->due_soon ? "warn" : "good", num, label);
	snprintf(num, sizeof num, "%zu", total_findings(c->findings));
	card(out, "", num, "findings");
	fputs("</section>\n<p>Findings by category: ", out);
	categories(out, c->findings);
	fputs(".</p>\n", out);
	if (!whole)
		return;
	if (a->compared)
		fprintf(out, "<p>Since the run of %s: %zu newly overdue, %zu no longer overdue.</p>\n",
			prev, c->new_overdue, a->resolved);
	if (a->nruns > 1) {
		fputs("<p>Overdue per run: ", out);
		size_t first = a->nruns > 12 ? a->nruns - 12 : 0;
		for (size_t i = first; i < a->nruns; i++) {
			char d[16];
			kb_date_format(a->runs[i].date, d);
			fprintf(out, "%s<span title=\"%s\">%zu</span>", i > first ? " &#8594; " : "", d,
				a->runs[i].overdue);
		}
		char from[DATE_SPAN], to[DATE_SPAN];
		date_span(a->runs[first].date, from);
		date_span(a->runs[a->nruns - 1].date, to);
		fprintf(out, " <span class=\"muted\">(%s to %s)</span></p>\n", from, to);
	}
	const kb_audit_owner *top[TOP_OWNERS];
	size_t ntop = kb_audit_top_owners(a, top, TOP_OWNERS);
	if (ntop) {
		fputs("<p>Most overdue work: ", out);
		for (size_t i = 0; i < ntop; i++) {
			fputs(i ? ", " : "", out);
			text(out, top[i]->name);
			fprintf(out, " (%zu)", top[i]->noverdue);
		}
		fputs(".</p>\n", out);
	}
	if (a->nunreadable) {
		fputs("<p>Could not be checked: ", out);
		for (size_t i = 0; i < a->nunreadable; i++) {
			fputs(i ? ", " : "", out);
			fputs("<code>", out);
			text(out, a->unreadable[i]);
			fputs("</code>", out);
		}
		fputs(".</p>\n", out);
	}
}

/* Colours of the age buckets: recent is green, old is red, unknown is grey. */
static const char *const age_colors[KB_AUDIT_AGE_COUNT] = {
	"#1a7f37", "#4ac26b", "#bf8700", "#fb8f44", "#cf222e", "#82071e", "#8c959f",
};

/* The histogram of articles by time since their last review. */
static void age_chart(FILE *out, const kb_audit_counts *c)
{
	enum { W = 540, H = 230, LEFT = 10, TOP = 22, BOTTOM = 44 };
	size_t max = 1;
	for (int k = 0; k < KB_AUDIT_AGE_COUNT; k++)
		max = c->ages[k] > max ? c->ages[k] : max;
	int slot = (W - 2 * LEFT) / KB_AUDIT_AGE_COUNT, bw = slot - 14, ph = H - TOP - BOTTOM;
	fputs("<figure><figcaption>Live articles by time since their last review</figcaption>\n"
	      "<div class=\"chart\">", out);
	fprintf(out, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" width=\"%d\" "
		     "height=\"%d\" role=\"img\" aria-label=\"Live articles by time since their last "
		     "review\" font-family=\"sans-serif\" font-size=\"13\">\n",
		W, H, W, H);
	fprintf(out, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#d0d7de\"/>\n", LEFT,
		TOP + ph, W - LEFT, TOP + ph);
	for (int k = 0; k < KB_AUDIT_AGE_COUNT; k++) {
		int x = LEFT + k * slot + 7;
		int h = (int)((double)c->ages[k] * ph / (double)max + 0.5);
		if (c->ages[k] && h < 2)
			h = 2;
		fprintf(out, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\" rx=\"2\">"
			     "<title>%s: %zu</title></rect>\n",
			x, TOP + ph - h, bw, h, age_colors[k], kb_audit_age_name((kb_audit_age)k),
			c->ages[k]);
		fprintf(out, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" font-weight=\"600\">%zu"
			     "</text>\n", x + bw / 2, TOP + ph - h - 5, c->ages[k]);
		/* the label on two lines: "1-3" / "months" */
		const char *name = kb_audit_age_name((kb_audit_age)k);
		const char *sp = strchr(name, ' ');
		if (k == KB_AUDIT_AGE_UNKNOWN || k == KB_AUDIT_AGE_MONTH || k == KB_AUDIT_AGE_OLDER)
			sp = strrchr(name, ' ');
		fprintf(out, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" class=\"axis\" "
			     "fill=\"#57606a\">%.*s</text>\n", x + bw / 2, TOP + ph + 17,
			sp ? (int)(sp - name) : (int)strlen(name), name);
		if (sp)
			fprintf(out, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" class=\"axis\" "
				     "fill=\"#57606a\">%s</text>\n", x + bw / 2, TOP + ph + 32, sp + 1);
	}
	fputs("</svg></div></figure>\n", out);
}

/* name cut to LABEL_CHARS characters (with an ellipsis), escaped. */
static void label(FILE *out, const char *name)
{
	size_t chars = 0, i = 0;
	for (; name[i]; i++) {
		if (((unsigned char)name[i] & 0xC0) != 0x80 && ++chars > LABEL_CHARS)
			break;
	}
	if (!name[i]) {
		esc(out, name);
		return;
	}
	char cut[LABEL_CHARS * 4 + 1];
	size_t n = i < sizeof cut - 1 ? i : sizeof cut - 1;
	memcpy(cut, name, n);
	cut[n] = '\0';
	esc(out, cut);
	fputs("&#8230;", out);
}

/* Horizontal bars: overdue articles per owner, most first. */
static void owner_chart(FILE *out, const kb_audit *a)
{
	enum { W = 540, LABEL = 170, ROW = 24, TOP = 6 };
	const kb_audit_owner *top[MAX_BARS];
	size_t n = kb_audit_top_owners(a, top, MAX_BARS);
	size_t with = 0;
	for (size_t i = 0; i < a->nowners; i++)
		with += a->owners[i].noverdue > 0;
	fputs("<figure><figcaption>Overdue articles per owner</figcaption>\n", out);
	if (!n) {
		fputs("<p class=\"muted\">No article is overdue.</p></figure>\n", out);
		return;
	}
	size_t max = top[0]->noverdue;
	int h = TOP + (int)n * ROW + (with > n ? ROW : 0) + 4;
	fprintf(out, "<div class=\"chart\"><svg xmlns=\"http://www.w3.org/2000/svg\" "
		     "viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" role=\"img\" "
		     "aria-label=\"Overdue articles per owner\" "
		     "font-family=\"sans-serif\" font-size=\"13\">\n",
		W, h, W, h);
	for (size_t i = 0; i < n; i++) {
		int y = TOP + (int)i * ROW;
		int bw = (int)((double)top[i]->noverdue * (W - LABEL - 40) / (double)max + 0.5);
		fprintf(out, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">", LABEL - 8, y + 15);
		label(out, top[i]->name);
		fprintf(out, "</text>\n<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" "
			     "fill=\"#cf222e\" rx=\"2\"><title>", LABEL, y + 3, bw > 2 ? bw : 2, ROW - 8);
		esc(out, top[i]->name);
		fprintf(out, ": %zu</title></rect>\n<text x=\"%d\" y=\"%d\" font-weight=\"600\">%zu"
			     "</text>\n", top[i]->noverdue, LABEL + bw + 6, y + 15, top[i]->noverdue);
	}
	if (with > n)
		fprintf(out, "<text x=\"%d\" y=\"%d\" class=\"axis\" fill=\"#57606a\">and %zu more "
			     "%s</text>\n", LABEL, TOP + (int)n * ROW + 15, with - n,
			kb_audit_plural(with - n, "owner", "owners"));
	fputs("</svg></div></figure>\n", out);
}

/* Rows of one list (overdue or due soon), capped at limit. */
static void rows(FILE *out, const kb_audit_item *v, size_t n, size_t limit, bool overdue)
{
	size_t shown = limit && n > limit ? limit : n;
	for (size_t i = 0; i < shown; i++) {
		const kb_audit_item *it = &v[i];
		char due[16], rev[32];
		kb_audit_item_dates(it, due, rev);
		fprintf(out, "<tr class=\"%s\"><td>", overdue ? "overdue" : "soon");
		if (it->url) {
			fputs("<a href=\"", out);
			esc(out, it->url);
			fputs("\">", out);
			text(out, it->title);
			fputs("</a>", out);
		} else {
			text(out, it->title);
		}
		if (it->is_new)
			fputs("<span class=\"new\">new</span>", out);
		fputs("</td><td><code>", out);
		text(out, it->path);
		fprintf(out, "</code></td><td>%s</td><td class=\"n\">", due);
		if (overdue)
			fprintf(out, "%d %s overdue", it->days,
				kb_audit_plural((size_t)it->days, "day", "days"));
		else if (it->days == 0)
			fputs("due today", out);
		else
			fprintf(out, "in %d %s", it->days, kb_audit_plural((size_t)it->days, "day", "days"));
		fprintf(out, "</td><td>%s</td></tr>\n", rev);
	}
	if (shown < n)
		fprintf(out, "<tr class=\"more\"><td colspan=\"5\">and %zu more %s</td></tr>\n",
			n - shown, overdue ? "overdue" : "due soon");
}

/* One owner's section: heading (unless it is the whole page), table, findings. */
static void section(FILE *out, const kb_audit_view *v, const kb_audit_owner *o, size_t index)
{
	const kb_audit_counts *c = &o->counts;
	if (!v->only) {
		fprintf(out, "<h2 id=\"owner-%zu\">", index + 1);
		text(out, o->name);
		fprintf(out, "<span class=\"meta\">%zu overdue", c->overdue);
		if (v->a->compared && c->new_overdue)
			fprintf(out, " (%zu new)", c->new_overdue);
		fprintf(out, ", %zu due soon, %zu %s", c->due_soon, c->articles,
			kb_audit_plural(c->articles, "article", "articles"));
		int pct = kb_audit_freshness(c);
		if (pct >= 0)
			fprintf(out, ", freshness %d%%", pct);
		fputs("</span></h2>\n", out);
	} else {
		fputs("<h2>Articles to review</h2>\n", out);
	}
	if (o->noverdue || o->ndue_soon) {
		fputs("<div class=\"scroll\"><table class=\"articles\"><thead><tr><th>Article</th>"
		      "<th>Path</th><th>Due</th><th class=\"n\">Status</th><th>Last reviewed</th></tr>"
		      "</thead>\n<tbody>\n", out);
		rows(out, o->overdue, o->noverdue, v->limit, true);
		rows(out, o->due_soon, o->ndue_soon, v->limit, false);
		fputs("</tbody></table></div>\n", out);
	} else {
		fputs("<p class=\"muted\">Nothing overdue or due soon.</p>\n", out);
	}
	fputs("<p class=\"muted\">Findings on these articles: ", out);
	categories(out, c->findings);
	fputs(".</p>\n", out);
}

/* The table of owners, each linking to its section. */
static void owner_table(FILE *out, const kb_audit_view *v)
{
	fputs("<h2>Owners</h2>\n<div class=\"scroll\"><table class=\"owners\"><thead><tr><th>Owner</th>"
	      "<th class=\"n\">Articles</th><th class=\"n\">Overdue</th><th class=\"n\">New</th>"
	      "<th class=\"n\">Due soon</th><th class=\"n\">Freshness</th><th class=\"n\">Findings"
	      "</th></tr></thead>\n<tbody>\n", out);
	for (size_t i = 0; i < v->nowners; i++) {
		const kb_audit_owner *o = v->owners[i];
		int pct = kb_audit_freshness(&o->counts);
		fprintf(out, "<tr><td><a href=\"#owner-%zu\">", i + 1);
		text(out, o->name);
		fprintf(out, "</a></td><td class=\"n\">%zu</td><td class=\"n\">%zu</td><td class=\"n\">",
			o->counts.articles, o->counts.overdue);
		if (v->a->compared)
			fprintf(out, "%zu", o->counts.new_overdue);
		else
			fputs("-", out);
		fprintf(out, "</td><td class=\"n\">%zu</td><td class=\"n\">", o->counts.due_soon);
		if (pct >= 0)
			fprintf(out, "%d%%", pct);
		else
			fputs("-", out);
		fprintf(out, "</td><td class=\"n\">%zu</td></tr>\n", total_findings(o->counts.findings));
	}
	fputs("</tbody></table></div>\n", out);
}

int kb_audit_render_html(FILE *out, const kb_audit_view *v)
{
	char date[16];
	kb_date_format(v->a->today, date);
	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
	      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	      "<meta name=\"color-scheme\" content=\"light dark\">\n"
	      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
	      "style-src 'unsafe-inline'\">\n<title>Knowledge-base audit", out);
	if (v->only) {
		fputs(" for ", out);
		esc(out, v->only->name);
	}
	fprintf(out, ", %s</title>\n<style>\n%s</style>\n</head>\n<body>\n<main>\n", date, css);
	fputs("<h1>Knowledge-base audit", out);
	if (v->only) {
		fputs(" for ", out);
		text(out, v->only->name);
	}
	fprintf(out, " <span class=\"date\">%s</span></h1>\n", date);
	summary(out, v);
	fputs("<section class=\"charts\">\n", out);
	age_chart(out, v->counts);
	if (!v->only)
		owner_chart(out, v->a);
	fputs("</section>\n", out);
	if (!v->only && v->nowners)
		owner_table(out, v);
	for (size_t i = 0; i < v->nowners; i++)
		section(out, v, v->owners[i], i);
	fprintf(out, "<footer>Made by kblint %s on <span class=\"date\">%s</span>.</footer>\n</main>\n"
		     "</body>\n</html>\n",
		KBLINT_VERSION, date);
	return ferror(out) ? -1 : 0;
}
