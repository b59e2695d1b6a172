/* text.c: "file:line:col: severity: message [rule]" lines and a summary. File names and
 * messages carry article text, so they go through kb_put_clean (textout.h): a newline there would
 * forge a finding line for the editor reading this output, and an escape sequence would reach
 * the terminal. */
#include <assert.h>
#include <stdio.h>

#include "report.h"
#include "textout.h"

#define BOLD "\033[1m"
#define DIM "\033[2m"
#define RESET "\033[0m"

static const char *const sev_color[] = {"\033[1;36m", "\033[1;33m", "\033[1;31m"};

static void location(FILE *out, const char *file, int line, int col, bool color)
{
	if (color)
		fputs(BOLD, out);
	kb_put_clean(out, file);
	if (line > 0)
		fprintf(out, ":%d:%d:", line, col > 0 ? col : 1);
	else
		fputc(':', out);
	if (color)
		fputs(RESET, out);
}

static void severity(FILE *out, kb_severity s, bool color)
{
	if (color)
		fprintf(out, " %s%s" RESET ": ", sev_color[s], kb_severity_name(s));
	else
		fprintf(out, " %s: ", kb_severity_name(s));
}

static const char *plural(size_t n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

int kb_report_text(FILE *out, const kb_results *r, const kb_report_opts *o)
{
	size_t fi = 0, ei = 0, shown = 0, hidden = 0;
	size_t by_sev[KB_SEV_COUNT] = {0}, by_cat[KB_CAT_COUNT] = {0};
	/* findings and load errors merge in file order */
	while (fi < r->nfindings || ei < r->nerrors) {
		const kb_finding *f = fi < r->nfindings ? &r->findings[fi] : NULL;
		const kb_loaderr *e = ei < r->nerrors ? &r->errors[ei] : NULL;
		if (e && (!f || e->file_index <= f->file_index)) {
			location(out, e->file, e->line, e->col, o->color);
			severity(out, KB_SEV_ERROR, o->color);
			kb_put_clean(out, e->message);
			fputc('\n', out);
			ei++;
			continue;
		}
		assert(f); /* the loop goes on while either list has one left, and e did not */
		fi++;
		if (f->severity < o->min_severity) {
			hidden++;
			continue;
		}
		shown++;
		by_sev[f->severity]++;
		by_cat[f->category]++;
		location(out, f->file, f->line, f->col, o->color);
		severity(out, f->severity, o->color);
		kb_put_clean(out, f->message);
		fprintf(out, " %s[%s]%s\n", o->color ? DIM : "", f->rule, o->color ? RESET : "");
	}
	if (o->quiet)
		return ferror(out) ? -1 : 0;
	if (shown || r->nerrors)
		fputc('\n', out);
	if (o->site_label) {
		/* "Site: Hugo (hugo.toml)": whose settings decided what was checked */
		fputs("Site: ", out);
		kb_put_clean(out, o->site_label);
		fputs(" (", out);
		if (o->site_file)
			kb_put_clean(out, o->site_file);
		else
			fputs("its defaults: no config file found", out);
		fputs(")\n", out);
	}
	size_t files = r->files_checked;
	if (!shown && files) {
		fprintf(out, "No findings in %zu %s.", files, plural(files, "file", "files"));
	} else if (!shown && o->changed_since && !r->nerrors && !o->nfailures) {
		fputs("No findings: no article changed since ", out);
		kb_put_clean(out, o->changed_since);
		fputc('.', out);
	} else if (!shown) {
		fputs("No file checked.", out);
	} else {
		/* the files with findings, and of how many checked when some had none */
		size_t with = kb_report_files_with_findings(r, o->min_severity);
		fprintf(out, "%zu %s in %zu", shown, plural(shown, "finding", "findings"), with);
		if (files > with)
			fprintf(out, " of %zu", files);
		fprintf(out, " %s:", plural(files > with ? files : with, "file", "files"));
		const char *sep = " ";
		for (int s = KB_SEV_ERROR; s >= 0; s--) {
			if (!by_sev[s])
				continue;
			const char *name = s == KB_SEV_ERROR ? plural(by_sev[s], "error", "errors")
					   : s == KB_SEV_WARNING ? plural(by_sev[s], "warning", "warnings")
								 : "info";
			fprintf(out, "%s%zu %s", sep, by_sev[s], name);
			sep = ", ";
		}
		sep = " (";
		for (int c = 0; c < KB_CAT_COUNT; c++) {
			if (!by_cat[c])
				continue;
			fprintf(out, "%s%s %zu", sep, kb_category_name((kb_category)c), by_cat[c]);
			sep = ", ";
		}
		fputs(").", out);
	}
	if (hidden)
		fprintf(out, " %zu below %s not shown.", hidden, kb_severity_name(o->min_severity));
	fputc('\n', out);
	if (r->nerrors)
		fprintf(out, "%zu %s could not be checked.\n", r->nerrors,
			plural(r->nerrors, "file", "files"));
	if (r->files_skipped)
		fprintf(out, "Skipped %zu YAML %s that %s no article.\n", r->files_skipped,
			plural(r->files_skipped, "file", "files"), plural(r->files_skipped, "holds", "hold"));
	return ferror(out) ? -1 : 0;
}
