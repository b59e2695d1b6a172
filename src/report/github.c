/* github.c: GitHub Actions workflow commands, which show as annotations on the pull request:
 * "::error file=F,line=L,col=C,title=T::MESSAGE", escaped as GitHub's toolkit escapes them. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "textout.h"
#include "util.h"

/* The message: cleaned as textout.h says (controls but tab, CR and LF, bidi controls and invalid
 * UTF-8 become U+FFFD), then '%', CR and LF are escaped. Properties also escape ':' and ','. */
static void escaped(FILE *out, const char *str, bool property)
{
	char *clean = kb_clean(str, KB_CLEAN_LINES);
	for (const char *s = clean; *s; s++) {
		switch (*s) {
		case '%':
			fputs("%25", out);
			break;
		case '\r':
			fputs("%0D", out);
			break;
		case '\n':
			fputs("%0A", out);
			break;
		case ':':
			fputs(property ? "%3A" : ":", out);
			break;
		case ',':
			fputs(property ? "%2C" : ",", out);
			break;
		default:
			fputc(*s, out);
		}
	}
	free(clean);
}

static const char *command(kb_severity s)
{
	return s == KB_SEV_ERROR ? "error" : s == KB_SEV_WARNING ? "warning" : "notice";
}

/* One finding as an annotation. */
static void annotation(FILE *out, const kb_finding *f)
{
	fprintf(out, "::%s file=", command(f->severity));
	escaped(out, f->file, true);
	fprintf(out, ",line=%d,col=%d,title=", f->line, f->col);
	escaped(out, f->rule, true);
	fputs("::", out);
	escaped(out, f->message, false);
	fputc('\n', out);
}

/* Appends the Markdown report to the step summary file and returns 0, or -1 with a warning
 * on o->err. A blank line parts it from what earlier steps wrote there. */
static int step_summary(const kb_results *r, const kb_report_opts *o)
{
	FILE *f = fopen(o->step_summary, "a");
	int ret = -1;
	if (!f)
		goto out;
	if (fseek(f, 0, SEEK_END) == 0 && ftell(f) > 0)
		fputc('\n', f);
	ret = kb_report_markdown(f, r, o);
	if (fclose(f) != 0)
		ret = -1;
out:
	if (ret != 0 && o->err)
		fprintf(o->err, "kblint: warning: cannot append the report to the step summary "
				"(GITHUB_STEP_SUMMARY) %s: %s\n", o->step_summary, strerror(errno));
	return ret;
}

/* Annotations most severe first: files that could not be loaded, errors, warnings, then
 * notices, each in report order, since GitHub shows only the first 10 errors and 10 warnings
 * of a step. With a step summary, the whole report goes there too, and a last notice says so. */
int kb_report_github(FILE *out, const kb_results *r, const kb_report_opts *o)
{
	for (size_t i = 0; i < r->nerrors; i++) {
		const kb_loaderr *e = &r->errors[i];
		fputs("::error file=", out);
		escaped(out, e->file, true);
		if (e->line > 0)
			fprintf(out, ",line=%d", e->line);
		fputs(",title=kblint::", out);
		escaped(out, e->message, false);
		fputc('\n', out);
	}
	size_t by_sev[KB_SEV_COUNT] = {0}, shown = 0;
	for (int s = KB_SEV_ERROR; s >= (int)o->min_severity; s--)
		for (size_t i = 0; i < r->nfindings; i++)
			if ((int)r->findings[i].severity == s) {
				annotation(out, &r->findings[i]);
				by_sev[s]++;
				shown++;
			}
	if (o->step_summary && *o->step_summary && step_summary(r, o) == 0) {
		fprintf(out, "::notice title=kblint::The step summary lists all %zu finding%s "
			     "(%zu error%s, %zu warning%s, %zu info)",
			shown, shown == 1 ? "" : "s", by_sev[KB_SEV_ERROR],
			by_sev[KB_SEV_ERROR] == 1 ? "" : "s", by_sev[KB_SEV_WARNING],
			by_sev[KB_SEV_WARNING] == 1 ? "" : "s", by_sev[KB_SEV_INFO]);
		if (r->nerrors)
			fprintf(out, " and %zu file%s that could not be checked", r->nerrors,
				r->nerrors == 1 ? "" : "s");
		fputs("; GitHub shows at most 10 error and 10 warning annotations per step\n", out);
	}
	return ferror(out) ? -1 : 0;
}
