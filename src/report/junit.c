/* junit.c: JUnit XML (the Ant schema Jenkins and GitLab read): a testsuite per file, a
 * testcase per rule that fired in it, one failure listing that rule's findings. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "util.h"

static int cmp_rule(const void *pa, const void *pb)
{
	const kb_finding *a = *(const kb_finding *const *)pa, *b = *(const kb_finding *const *)pb;
	int c = strcmp(a->rule, b->rule);
	if (c)
		return c;
	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	return (a->col > b->col) - (a->col < b->col);
}

/* The classname of a file's testcases: its path with every '.' as '_'. Jenkins reads a
 * classname as "package.Class", cutting at the last dot, so "docs/pricing.md" would be class
 * "md" of package "docs/pricing" and every article would be one class "md"; "docs/pricing_md"
 * is a class of its own in Jenkins and reads the same in GitLab. The exact path stays in the
 * testsuite's name. A leading "./" is dropped ("./kb/a.md" is "kb/a_md"). */
static void classname(FILE *out, const char *path)
{
	while (path[0] == '.' && path[1] == '/')
		path += 2;
	char *name = xstrdup(path);
	for (char *p = name; *p; p++)
		if (*p == '.')
			*p = '_';
	kb_xml_string(out, name);
	free(name);
}

int kb_report_junit(FILE *out, const kb_results *r, const kb_report_opts *o)
{
	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n", out);
	const kb_finding **mine = xmalloc((r->nfindings ? r->nfindings : 1) * sizeof *mine);
	size_t fi = 0, ei = 0;
	for (size_t file = 0; file < r->nfiles; file++) {
		size_t n = 0;
		while (fi < r->nfindings && r->findings[fi].file_index == file) {
			if (r->findings[fi].severity >= o->min_severity)
				mine[n++] = &r->findings[fi];
			fi++;
		}
		const kb_loaderr *err = NULL;
		while (ei < r->nerrors && r->errors[ei].file_index == file)
			err = &r->errors[ei++];
		if (r->file_skipped[file] && !n && !err)
			continue; /* a YAML file that holds no article was not checked: no test */
		if (n)
			qsort(mine, n, sizeof *mine, cmp_rule);
		size_t cases = 0;
		for (size_t i = 0; i < n; i++)
			cases += i == 0 || strcmp(mine[i]->rule, mine[i - 1]->rule) != 0;
		size_t tests = cases ? cases : 1;
		fprintf(out, "  <testsuite package=\"kblint\" id=\"%zu\" name=\"", file);
		kb_xml_string(out, r->files[file]);
		fprintf(out, "\" timestamp=\"%sT00:00:00\" hostname=\"localhost\" tests=\"%zu\" "
			     "failures=\"%zu\" errors=\"%d\" time=\"0\">\n    <properties/>\n",
			r->today, tests + (err != NULL), cases, err != NULL);
		if (err) {
			fputs("    <testcase name=\"load\" classname=\"", out);
			classname(out, r->files[file]);
			fputs("\" time=\"0\"><error type=\"load-error\" message=\"", out);
			kb_xml_string(out, err->message);
			fputs("\">", out);
			kb_xml_string(out, err->message);
			fputs("</error></testcase>\n", out);
		}
		if (!cases && !err) {
			fputs("    <testcase name=\"kblint\" classname=\"", out);
			classname(out, r->files[file]);
			fputs("\" time=\"0\"/>\n", out);
		}
		for (size_t i = 0; i < n;) {
			size_t j = i;
			while (j < n && strcmp(mine[j]->rule, mine[i]->rule) == 0)
				j++;
			fputs("    <testcase name=\"", out);
			kb_xml_string(out, mine[i]->rule);
			fputs("\" classname=\"", out);
			classname(out, r->files[file]);
			fputs("\" time=\"0\"><failure type=\"", out);
			fputs(kb_severity_name(mine[i]->severity), out);
			fputs("\" message=\"", out);
			kb_xml_string(out, mine[i]->message);
			fputs("\">", out);
			for (size_t k = i; k < j; k++) {
				kb_xml_string(out, mine[k]->file);
				fprintf(out, ":%d:%d: %s: ", mine[k]->line, mine[k]->col,
					kb_severity_name(mine[k]->severity));
				kb_xml_string(out, mine[k]->message);
				fputs("&#10;", out);
			}
			fputs("</failure></testcase>\n", out);
			i = j;
		}
		fputs("    <system-out/>\n    <system-err/>\n  </testsuite>\n", out);
	}
	if (o->nfailures) {
		/* the run itself failed (a PATH that does not exist, no article checked): a suite
		 * of errors, so that the build does not pass on what was never checked */
		fprintf(out, "  <testsuite package=\"kblint\" id=\"%zu\" name=\"kblint\" "
			     "timestamp=\"%sT00:00:00\" hostname=\"localhost\" tests=\"%zu\" "
			     "failures=\"0\" errors=\"%zu\" time=\"0\">\n    <properties/>\n",
			r->nfiles, r->today, o->nfailures, o->nfailures);
		for (size_t i = 0; i < o->nfailures; i++) {
			fprintf(out, "    <testcase name=\"run %zu\" classname=\"kblint\" time=\"0\">"
				     "<error type=\"run-error\" message=\"", i + 1);
			kb_xml_string(out, o->failures[i]);
			fputs("\">", out);
			kb_xml_string(out, o->failures[i]);
			fputs("</error></testcase>\n", out);
		}
		fputs("    <system-out/>\n    <system-err/>\n  </testsuite>\n", out);
	}
	fputs("</testsuites>\n", out);
	free(mine);
	return ferror(out) ? -1 : 0;
}
