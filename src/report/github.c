/* github.c: GitHub Actions workflow commands, which show as annotations on the pull request:
 * "::error file=F,line=L,col=C,title=T::MESSAGE", escaped as GitHub's toolkit escapes them. */
#include <stdio.h>
#include <stdlib.h>

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
	for (size_t i = 0; i < r->nfindings; i++) {
		const kb_finding *f = &r->findings[i];
		if (f->severity < o->min_severity)
			continue;
		fprintf(out, "::%s file=", command(f->severity));
		escaped(out, f->file, true);
		fprintf(out, ",line=%d,col=%d,title=", f->line, f->col);
		escaped(out, f->rule, true);
		fputs("::", out);
		escaped(out, f->message, false);
		fputc('\n', out);
	}
	return ferror(out) ? -1 : 0;
}
