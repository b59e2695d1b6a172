/* report.c: the table of output formats. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

#include "report.h"
#include "textout.h"

/* The formats, written once: the dispatch table and the list messages give are both made
 * from it. */
#define REPORTERS(X) \
	X("text", kb_report_text) X("json", kb_report_json) X("sarif", kb_report_sarif) \
	X("junit", kb_report_junit) X("github", kb_report_github) X("gitlab", kb_report_gitlab) \
	X("checkstyle", kb_report_checkstyle) X("markdown", kb_report_markdown)

static const kb_reporter reporters[] = {
#define X(name, fn) {name, fn},
	REPORTERS(X)
#undef X
};

/* ", text, json, ...": the names, each after ", " (kb_reporter_names skips the first) */
static const char names[] =
#define X(name, fn) ", " name
	REPORTERS(X)
#undef X
	;

const kb_reporter *kb_reporter_find(const char *name)
{
	for (size_t i = 0; i < sizeof reporters / sizeof reporters[0]; i++)
		if (strcmp(reporters[i].name, name) == 0)
			return &reporters[i];
	return NULL;
}

const char *kb_reporter_names(void)
{
	return names + 2;
}

size_t kb_report_files_with_findings(const kb_results *r, kb_severity min_severity)
{
	bool *seen = xcalloc(r->nfiles + 1, sizeof *seen);
	size_t n = 0;
	for (size_t i = 0; i < r->nfindings; i++) {
		const kb_finding *f = &r->findings[i];
		size_t fi = f->file_index < r->nfiles ? f->file_index : r->nfiles;
		if (f->severity >= min_severity && !seen[fi]) {
			seen[fi] = true;
			n++;
		}
	}
	free(seen);
	return n;
}

void kb_fingerprint_hex(uint64_t fp, char out[17])
{
	snprintf(out, 17, "%016llx", (unsigned long long)fp);
}

void kb_xml_string(FILE *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	while (*p) {
		unsigned char c = *p;
		switch (c) {
		case '&':
			fputs("&amp;", out);
			p++;
			continue;
		case '<':
			fputs("&lt;", out);
			p++;
			continue;
		case '>':
			fputs("&gt;", out);
			p++;
			continue;
		case '"':
			fputs("&quot;", out);
			p++;
			continue;
		case '\'':
			fputs("&apos;", out);
			p++;
			continue;
		case '\n':
			fputs("&#10;", out);
			p++;
			continue;
		case '\r':
			fputs("&#13;", out);
			p++;
			continue;
		case '\t':
			fputs("&#9;", out);
			p++;
			continue;
		}
		if (c < 0x20 || c == 0x7F) {
			fputs("\xEF\xBF\xBD", out); /* not allowed in XML 1.0 */
			p++;
			continue;
		}
		if (c < 0x80) {
			fputc(c, out);
			p++;
			continue;
		}
		size_t need = c >= 0xC2 && c <= 0xDF ? 1 : c >= 0xE0 && c <= 0xEF ? 2
			      : c >= 0xF0 && c <= 0xF4 ? 3 : 0;
		size_t k = 1;
		while (need && k <= need && (p[k] & 0xC0) == 0x80)
			k++;
		unsigned long cp = c & (need == 1 ? 0x1F : need == 2 ? 0x0F : 0x07);
		for (size_t i = 1; i < k; i++)
			cp = cp << 6 | (p[i] & 0x3F);
		if (need && k == need + 1 && kb_utf8_invalid((const char *)p, k) == k &&
		    kb_codepoint_hostile(cp)) {
			fputs("\xEF\xBF\xBD", out); /* a C1 or bidi control (textout.h) */
			p += k;
		} else if (need && k == need + 1 && kb_utf8_invalid((const char *)p, k) == k) {
			fwrite(p, 1, k, out);
			p += k;
		} else {
			fputs("\xEF\xBF\xBD", out);
			p++;
		}
	}
}
