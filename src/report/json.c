/* json.c: one JSON object with the findings and the files that could not be loaded. */
#include <stdio.h>
#include <string.h>

#include "report.h"
#include "textout.h"

void kb_json_string(FILE *out, const char *s)
{
	s = s ? s : "";
	kb_json_string_n(out, s, strlen(s));
}

void kb_json_string_n(FILE *out, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + n;
	fputc('"', out);
	while (p < end) {
		unsigned char c = *p;
		/* a run of printable ASCII that needs no escape, written at once */
		const unsigned char *run = p;
		while (run < end && *run >= 0x20 && *run < 0x7F && *run != '"' && *run != '\\')
			run++;
		if (run > p) {
			fwrite(p, 1, (size_t)(run - p), out);
			p = run;
			continue;
		}
		if (c == '"' || c == '\\') {
			fputc('\\', out);
			fputc(c, out);
			p++;
		} else if (c == '\n') {
			fputs("\\n", out);
			p++;
		} else if (c == '\r') {
			fputs("\\r", out);
			p++;
		} else if (c == '\t') {
			fputs("\\t", out);
			p++;
		} else if (c < 0x20 || c == 0x7F) {
			fprintf(out, "\\u%04x", c);
			p++;
		} else if (c < 0x80) {
			fputc(c, out);
			p++;
		} else {
			/* copy a valid UTF-8 sequence; replace anything else with U+FFFD */
			size_t need = c >= 0xC2 && c <= 0xDF ? 1 : c >= 0xE0 && c <= 0xEF ? 2
				      : c >= 0xF0 && c <= 0xF4 ? 3 : 0;
			size_t k = 1;
			while (need && k <= need && p + k < end && (p[k] & 0xC0) == 0x80)
				k++;
			unsigned long cp = c & (need == 1 ? 0x1F : need == 2 ? 0x0F : 0x07);
			for (size_t i = 1; i < k; i++)
				cp = cp << 6 | (p[i] & 0x3F);
			if (need && k == need + 1 && kb_codepoint_hostile(cp)) {
				/* a C1 or bidi control: escaped, so the value is kept but never
				 * reaches a terminal that shows the document */
				fprintf(out, "\\u%04lx", cp);
				p += k;
			} else if (need && k == need + 1) {
				fwrite(p, 1, k, out);
				p += k;
			} else {
				fputs("\\ufffd", out);
				p++;
			}
		}
	}
	fputc('"', out);
}

int kb_report_json(FILE *out, const kb_results *r, const kb_report_opts *o)
{
	fputs("{\n  \"tool\": \"kblint\",\n  \"version\": ", out);
	kb_json_string(out, o->version);
	fputs(",\n  \"today\": ", out);
	kb_json_string(out, r->today);
	if (o->site_name) {
		/* only when a generator was used: reports of other runs stay as they were */
		fputs(",\n  \"site\": {\"generator\": ", out);
		kb_json_string(out, o->site_name);
		fputs(", \"config\": ", out);
		if (o->site_file)
			kb_json_string(out, o->site_file);
		else
			fputs("null", out);
		fputc('}', out);
	}
	fprintf(out, ",\n  \"files_checked\": %zu,\n  \"findings\": [", r->files_checked);
	const char *sep = "\n";
	for (size_t i = 0; i < r->nfindings; i++) {
		const kb_finding *f = &r->findings[i];
		if (f->severity < o->min_severity)
			continue;
		fprintf(out, "%s    {\"file\": ", sep);
		kb_json_string(out, f->file);
		fprintf(out, ", \"line\": %d, \"column\": %d, ", f->line, f->col);
		if (f->end_line)
			fprintf(out, "\"end_line\": %d, \"end_column\": %d, ", f->end_line, f->end_col);
		fputs("\"rule\": ", out);
		kb_json_string(out, f->rule);
		fprintf(out, ", \"category\": \"%s\", \"severity\": \"%s\", \"message\": ",
			kb_category_name(f->category), kb_severity_name(f->severity));
		kb_json_string(out, f->message);
		if (f->owner) {
			fputs(", \"owner\": ", out);
			kb_json_string(out, f->owner);
		}
		if (f->fix && f->end_line) {
			/* its edits: the text from line:column to end_line:end_column becomes the
			 * replacement (one edit today) */
			fprintf(out, ", \"fix\": {\"safety\": \"%s\", \"edits\": [{\"line\": %d, "
				     "\"column\": %d, \"end_line\": %d, \"end_column\": %d, "
				     "\"replacement\": ",
				f->fix_safe ? "safe" : "unsafe", f->line, f->col, f->end_line, f->end_col);
			kb_json_string(out, f->fix);
			fputs("}]}", out);
		}
		fputs(", \"related\": [", out);
		for (size_t k = 0; k < f->nrelated; k++) {
			const kb_related *rel = &f->related[k];
			fputs(k ? ", {\"file\": " : "{\"file\": ", out);
			kb_json_string(out, rel->file);
			fprintf(out, ", \"line\": %d, \"column\": %d, \"message\": ", rel->line, rel->col);
			kb_json_string(out, rel->message);
			fputc('}', out);
		}
		fputs("]}", out);
		sep = ",\n";
	}
	fputs(*sep == ',' ? "\n  ],\n  \"errors\": [" : "],\n  \"errors\": [", out);
	sep = "\n";
	for (size_t i = 0; i < r->nerrors; i++) {
		const kb_loaderr *e = &r->errors[i];
		fprintf(out, "%s    {\"file\": ", sep);
		kb_json_string(out, e->file);
		fprintf(out, ", \"line\": %d, \"message\": ", e->line);
		kb_json_string(out, e->message);
		fputc('}', out);
		sep = ",\n";
	}
	fputs(*sep == ',' ? "\n  ]\n}\n" : "]\n}\n", out);
	return ferror(out) ? -1 : 0;
}
