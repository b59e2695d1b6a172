/* markdown.c: a summary table for pull-request comments and $GITHUB_STEP_SUMMARY. */
#include <stdio.h>
#include <stdlib.h>

#include "report.h"
#include "textout.h"
#include "util.h"

/* Writes c as Markdown text: '&', '<' and '>' as HTML entities (so no tag or entity is read as
 * HTML), '\\', '*', '_', '[', ']', '#', '|' backslash-escaped (so nothing formats the text or
 * ends a table cell), '`' too when code says so. */
static void put_char(FILE *out, char c, bool code)
{
	switch (c) {
	case '&':
		fputs("&amp;", out);
		return;
	case '<':
		fputs("&lt;", out);
		return;
	case '>':
		fputs("&gt;", out);
		return;
	case '\\': case '*': case '_': case '[': case ']': case '#': case '|':
		fputc('\\', out);
		break;
	case '`':
		if (code)
			fputc('\\', out);
		break;
	default:
		break;
	}
	fputc(c, out);
}

/* Table cell text: cleaned (textout.h: line ends as spaces; controls, C1 and bidi controls and
 * invalid UTF-8 as U+FFFD), then every Markdown and HTML mark escaped (put_char), backticks
 * too. */
static void cell(FILE *out, const char *str)
{
	char *clean = kb_clean(str, KB_CLEAN_SPACES);
	for (const char *s = clean; *s; s++)
		put_char(out, *s, true);
	free(clean);
}

/* The length of the run of backticks at s. */
static size_t ticks(const char *s)
{
	size_t n = 0;
	while (s[n] == '`')
		n++;
	return n;
}

void kb_markdown_prose(FILE *out, const char *s)
{
	while (*s) {
		size_t n = ticks(s);
		if (n) {
			/* a code span ends at the next run of exactly n backticks; without one the
			 * backticks are text */
			const char *end = s + n;
			while (*end && !(ticks(end) == n && end[-1] != '`'))
				end += *end == '`' ? ticks(end) : 1;
			if (*end) {
				fwrite(s, 1, (size_t)(end - s) + n, out);
				s = end + n;
			} else {
				for (size_t i = 0; i < n; i++)
					fputs("\\`", out);
				s += n;
			}
			continue;
		}
		put_char(out, *s, false); /* a backtick here starts a code span */
		s++;
	}
}

int kb_report_markdown(FILE *out, const kb_results *r, const kb_report_opts *o)
{
	size_t by_sev[KB_SEV_COUNT] = {0}, shown = 0;
	for (size_t i = 0; i < r->nfindings; i++)
		if (r->findings[i].severity >= o->min_severity) {
			by_sev[r->findings[i].severity]++;
			shown++;
		}
	fputs("## kblint\n\n", out);
	size_t files = r->files_checked;
	if (!shown && !r->nerrors) {
		if (files) {
			fprintf(out, "No findings in %zu file%s.\n", files, files == 1 ? "" : "s");
		} else if (o->changed_since && !o->nfailures) {
			fputs("No findings: no article changed since ", out);
			cell(out, o->changed_since);
			fputs(".\n", out);
		} else {
			fputs("No file checked.\n", out);
		}
		if (r->files_skipped)
			fprintf(out, "\nSkipped %zu YAML file%s that hold%s no article.\n",
				r->files_skipped, r->files_skipped == 1 ? "" : "s",
				r->files_skipped == 1 ? "s" : "");
		return ferror(out) ? -1 : 0;
	}
	size_t with = kb_report_files_with_findings(r, o->min_severity);
	/* the files with findings, and of how many checked when some had none */
	fprintf(out, "%zu finding%s in %zu", shown, shown == 1 ? "" : "s", with);
	if (files > with)
		fprintf(out, " of %zu", files);
	fprintf(out, " file%s: %zu error%s, %zu warning%s, %zu info", (files > with ? files : with) == 1 ? "" : "s",
		by_sev[KB_SEV_ERROR], by_sev[KB_SEV_ERROR] == 1 ? "" : "s", by_sev[KB_SEV_WARNING],
		by_sev[KB_SEV_WARNING] == 1 ? "" : "s", by_sev[KB_SEV_INFO]);
	if (r->nerrors)
		fprintf(out, "; %zu file%s could not be checked", r->nerrors, r->nerrors == 1 ? "" : "s");
	if (r->files_skipped)
		fprintf(out, "; skipped %zu YAML file%s that hold%s no article", r->files_skipped,
			r->files_skipped == 1 ? "" : "s", r->files_skipped == 1 ? "s" : "");
	fputs(".\n\n| Severity | Location | Rule | Message |\n| --- | --- | --- | --- |\n", out);
	for (size_t i = 0; i < r->nerrors; i++) {
		fputs("| error | ", out);
		cell(out, r->errors[i].file);
		if (r->errors[i].line > 0)
			fprintf(out, ":%d", r->errors[i].line);
		fputs(" | load | ", out);
		cell(out, r->errors[i].message);
		fputs(" |\n", out);
	}
	for (size_t i = 0; i < r->nfindings; i++) {
		const kb_finding *f = &r->findings[i];
		if (f->severity < o->min_severity)
			continue;
		fprintf(out, "| %s | ", kb_severity_name(f->severity));
		cell(out, f->file);
		fprintf(out, ":%d:%d | ", f->line, f->col);
		cell(out, f->rule);
		fputs(" | ", out);
		cell(out, f->message);
		fputs(" |\n", out);
	}
	return ferror(out) ? -1 : 0;
}
