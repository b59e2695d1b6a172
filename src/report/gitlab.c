/* gitlab.c: GitLab Code Quality (the subset of Code Climate JSON that GitLab reads). */
#include <stdio.h>

#include "report.h"
#include "util.h"

static const char *severity(kb_severity s)
{
	return s == KB_SEV_ERROR ? "major" : s == KB_SEV_WARNING ? "minor" : "info";
}

int kb_report_gitlab(FILE *out, const kb_results *r, const kb_report_opts *o)
{
	const char *sep = "\n";
	fputs("[", out);
	for (size_t i = 0; i < r->nfindings; i++) {
		const kb_finding *f = &r->findings[i];
		if (f->severity < o->min_severity)
			continue;
		char fp[17];
		kb_fingerprint_hex(f->fingerprint, fp);
		fprintf(out, "%s  {\"description\": ", sep);
		kb_json_string(out, f->message);
		fputs(", \"check_name\": ", out);
		kb_json_string(out, f->rule);
		fprintf(out, ", \"fingerprint\": \"%s\", \"severity\": \"%s\", \"categories\": [",
			fp, severity(f->severity));
		kb_json_string(out, kb_category_name(f->category));
		fputs("], \"location\": {\"path\": ", out);
		const char *p = f->file;
		while (p[0] == '.' && p[1] == '/')
			p += 2;
		kb_json_string(out, p);
		fprintf(out, ", \"lines\": {\"begin\": %d}}}", f->line);
		sep = ",\n";
	}
	for (size_t i = 0; i < r->nerrors; i++) {
		const kb_loaderr *e = &r->errors[i];
		fprintf(out, "%s  {\"description\": ", sep);
		kb_json_string(out, e->message);
		/* a file that could not be read has no finding to fingerprint: its path is stable */
		kb_buf key = {0};
		kb_buf_printf(&key, "load-error\n%s", e->file);
		char fp[17];
		kb_fingerprint_hex(kb_hash_text(KB_HASH_INIT, key.data, key.len), fp);
		kb_buf_free(&key);
		fprintf(out, ", \"check_name\": \"load-error\", \"fingerprint\": \"%s\", "
			     "\"severity\": \"critical\", \"location\": {\"path\": ", fp);
		kb_json_string(out, e->file);
		fprintf(out, ", \"lines\": {\"begin\": %d}}}", e->line > 0 ? e->line : 1);
		sep = ",\n";
	}
	fputs(*sep == ',' ? "\n]\n" : "]\n", out);
	return ferror(out) ? -1 : 0;
}
