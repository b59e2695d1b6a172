/* checkstyle.c: Checkstyle XML, for Jenkins (Warnings NG) and reviewdog. */
#include <stdio.h>

#include "report.h"
#include "util.h"

int kb_report_checkstyle(FILE *out, const kb_results *r, const kb_report_opts *o)
{
	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<checkstyle version=\"4.3\">\n", out);
	size_t fi = 0, ei = 0;
	for (size_t file = 0; file < r->nfiles; file++) {
		bool any = false;
		for (; ei < r->nerrors && r->errors[ei].file_index == file; ei++) {
			if (!any) {
				fputs("  <file name=\"", out);
				kb_xml_string(out, r->files[file]);
				fputs("\">\n", out);
				any = true;
			}
			fprintf(out, "    <error line=\"%d\" severity=\"error\" message=\"",
				r->errors[ei].line > 0 ? r->errors[ei].line : 1);
			kb_xml_string(out, r->errors[ei].message);
			fputs("\" source=\"kblint.load-error\"/>\n", out);
		}
		for (; fi < r->nfindings && r->findings[fi].file_index == file; fi++) {
			const kb_finding *f = &r->findings[fi];
			if (f->severity < o->min_severity)
				continue;
			if (!any) {
				fputs("  <file name=\"", out);
				kb_xml_string(out, r->files[file]);
				fputs("\">\n", out);
				any = true;
			}
			fprintf(out, "    <error line=\"%d\" column=\"%d\" severity=\"%s\" message=\"", f->line,
				f->col, kb_severity_name(f->severity));
			kb_xml_string(out, f->message);
			fputs("\" source=\"kblint.", out);
			kb_xml_string(out, f->rule);
			fputs("\"/>\n", out);
		}
		if (any)
			fputs("  </file>\n", out);
	}
	fputs("</checkstyle>\n", out);
	return ferror(out) ? -1 : 0;
}
