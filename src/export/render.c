/* render.c: kblint export's records as JSON Lines, one JSON array, or CSV. Every string from an
 * article is escaped for its format: JSON escapes controls, C1 and bidi controls and replaces
 * invalid UTF-8 (kb_json_string); CSV cells are quoted, made one line of clean text, and a cell
 * a spreadsheet would read as a formula starts with "'". */
#include <stdlib.h>
#include <string.h>

#include "export.h"
#include "report.h"
#include "textout.h"
#include "util.h"

static const char formats[] = "jsonl, json, csv";

const char *kb_export_formats(void)
{
	return formats;
}

bool kb_export_format_known(const char *format)
{
	return !strcmp(format, "jsonl") || !strcmp(format, "json") || !strcmp(format, "csv");
}

static void key(FILE *out, const char *k, bool first)
{
	fprintf(out, "%s\"%s\":", first ? "" : ",", k);
}

static void str_or_null(FILE *out, const char *s)
{
	if (s)
		kb_json_string(out, s);
	else
		fputs("null", out);
}

static void date_or_null(FILE *out, bool has, kb_date d)
{
	if (!has) {
		fputs("null", out);
		return;
	}
	char s[16];
	kb_date_format(d, s);
	fprintf(out, "\"%s\"", s);
}

void kb_export_record_json(FILE *out, const kb_export *x, const kb_export_record *r,
			   bool content, const char *file)
{
	fputc('{', out);
	key(out, "id", true);
	kb_json_string(out, r->id);
	key(out, "path", false);
	kb_json_string(out, r->path);
	if (file) {
		key(out, "file", false);
		kb_json_string(out, file);
	}
	key(out, "title", false);
	kb_json_string(out, r->title);
	key(out, "url", false);
	str_or_null(out, r->url);
	key(out, "owner", false);
	str_or_null(out, r->owner);
	key(out, "reviewed", false);
	date_or_null(out, r->has_reviewed, r->reviewed);
	key(out, "due", false);
	date_or_null(out, r->has_due, r->due);
	key(out, "expires", false);
	date_or_null(out, r->has_expires, r->expires);
	key(out, "status", false);
	str_or_null(out, r->status);
	key(out, "trust", false);
	fprintf(out, "\"%s\"", kb_trust_name(r->trust));
	key(out, "excluded_by", false);
	str_or_null(out, r->excluded_by);
	key(out, "reasons", false);
	fputc('[', out);
	for (size_t i = 0; i < r->nreasons; i++) {
		const kb_export_reason *e = &r->reasons[i];
		fputs(i ? ",{" : "{", out);
		key(out, "rule", true);
		kb_json_string(out, e->rule);
		fprintf(out, ",\"category\":\"%s\",\"severity\":\"%s\",\"line\":%d,\"column\":%d",
			kb_category_name(e->category), kb_severity_name(e->severity), e->line, e->col);
		key(out, "message", false);
		kb_json_string(out, e->message);
		if (e->other) {
			key(out, "other", false);
			fputc('{', out);
			key(out, "path", true);
			kb_json_string(out, e->other);
			fprintf(out, ",\"line\":%d,\"column\":%d}", e->other_line, e->other_col);
		}
		fputc('}', out);
	}
	fputc(']', out);
	key(out, "valid_until", false);
	date_or_null(out, r->valid_until != 0, r->valid_until);
	key(out, "error", false);
	if (r->error) {
		fprintf(out, "{\"line\":%d,\"column\":%d,\"message\":", r->error_line, r->error_col);
		kb_json_string(out, r->error);
		fputc('}', out);
	} else {
		fputs("null", out);
	}
	if (content && r->content) {
		key(out, "content", false);
		kb_json_string_n(out, r->content, r->content_len);
	}
	if (r->content && kb_export_content(x) == KB_CONTENT_CLEAN) {
		key(out, "removed", false);
		fputc('[', out);
		for (size_t i = 0; i < r->nremoved; i++) {
			fprintf(out, "%s{\"line\":%d,\"end_line\":%d,\"rule\":", i ? "," : "",
				r->removed[i].line, r->removed[i].end_line);
			kb_json_string(out, r->removed[i].rule);
			fputc('}', out);
		}
		fputc(']', out);
	}
	key(out, "checked_at", false);
	fprintf(out, "\"%s\"", kb_export_checked_at(x));
	key(out, "kblint", false);
	kb_json_string(out, KBLINT_VERSION);
	fputc('}', out);
}

static void csv_str(FILE *out, const char *s)
{
	kb_csv_cell(out, s ? s : "", s ? strlen(s) : 0, false);
}

static void csv_date(FILE *out, bool has, kb_date d)
{
	char s[16] = "";
	if (has)
		kb_date_format(d, s);
	fprintf(out, "\"%s\"", s);
}

static void render_csv(const kb_export *x, unsigned only, FILE *out)
{
	bool content = kb_export_content(x) != KB_CONTENT_NONE;
	fputs("id,path,title,url,owner,reviewed,due,expires,status,trust,excluded_by,valid_until,"
	      "reasons,error,checked_at,kblint", out);
	fputs(content ? ",content\n" : "\n", out);
	for (size_t i = 0; i < kb_export_count(x); i++) {
		const kb_export_record *r = kb_export_get(x, i);
		if (!(only >> r->trust & 1u))
			continue;
		csv_str(out, r->id);
		fputc(',', out);
		csv_str(out, r->path);
		fputc(',', out);
		csv_str(out, r->title);
		fputc(',', out);
		csv_str(out, r->url);
		fputc(',', out);
		csv_str(out, r->owner);
		fputc(',', out);
		csv_date(out, r->has_reviewed, r->reviewed);
		fputc(',', out);
		csv_date(out, r->has_due, r->due);
		fputc(',', out);
		csv_date(out, r->has_expires, r->expires);
		fputc(',', out);
		csv_str(out, r->status);
		fprintf(out, ",\"%s\",", kb_trust_name(r->trust));
		csv_str(out, r->excluded_by);
		fputc(',', out);
		csv_date(out, r->valid_until != 0, r->valid_until);
		fputc(',', out);
		kb_buf b = {0};
		for (size_t k = 0; k < r->nreasons; k++)
			kb_buf_printf(&b, "%s%s (line %d)", k ? "; " : "", r->reasons[k].rule,
				      r->reasons[k].line);
		csv_str(out, b.data);
		kb_buf_free(&b);
		fputc(',', out);
		csv_str(out, r->error);
		fprintf(out, ",\"%s\",\"%s\"", kb_export_checked_at(x), KBLINT_VERSION);
		if (content) {
			fputc(',', out);
			kb_csv_cell(out, r->content ? r->content : "", r->content ? r->content_len : 0, true);
		}
		fputc('\n', out);
	}
}

int kb_export_render(const kb_export *x, const char *format, unsigned only, FILE *out)
{
	bool content = kb_export_content(x) != KB_CONTENT_NONE;
	if (strcmp(format, "csv") == 0) {
		render_csv(x, only, out);
		return 0;
	}
	bool array = strcmp(format, "json") == 0;
	if (!array && strcmp(format, "jsonl") != 0)
		return -1;
	size_t shown = 0;
	if (array)
		fputc('[', out);
	for (size_t i = 0; i < kb_export_count(x); i++) {
		const kb_export_record *r = kb_export_get(x, i);
		if (!(only >> r->trust & 1u))
			continue;
		if (array)
			fputs(shown ? ",\n" : "\n", out);
		kb_export_record_json(out, x, r, content, NULL);
		if (!array)
			fputc('\n', out);
		shown++;
	}
	if (array)
		fputs(shown ? "\n]\n" : "]\n", out);
	return 0;
}
