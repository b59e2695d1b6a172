/* sarif.c: SARIF 2.1.0, one run; what GitHub code scanning and other SARIF viewers read. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "report.h"
#include "util.h"
#include "rule.h"

/* GitHub code scanning takes at most 25,000 results in a run (its documented limit); past it the
 * report keeps the most severe, rather than let GitHub choose or refuse the upload. */
#define KB_SARIF_MAX_RESULTS 25000

typedef struct {
	FILE *out;
	char root[PATH_MAX];  /* the folder %SRCROOT% names, absolute, no trailing '/'; "" unknown */
	size_t nnotes;        /* toolExecutionNotifications written so far */
} sarif;

static const char *level(kb_severity s)
{
	return s == KB_SEV_ERROR ? "error" : s == KB_SEV_WARNING ? "warning" : "note";
}

/* Path bytes as a URI's path: characters outside RFC 3986's unreserved and sub-delims, '/'
 * and '@' percent-encoded, ':' too (so "a:b.md" is not read as a scheme). */
static void uri_path(FILE *out, const char *path)
{
	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		    strchr("/-._~!$&'()*+,;=@", *p))
			fputc(*p, out);
		else
			fprintf(out, "%%%02X", *p);
	}
}

/* path made absolute against root (when relative) with "." and ".." segments and repeated
 * '/' resolved on the text, not on disk. Heap; the caller frees. */
static char *absolute(const char *root, const char *path)
{
	kb_buf in = {0};
	if (path[0] != '/')
		kb_buf_printf(&in, "%s/", root);
	kb_buf_puts(&in, path);
	char *src = kb_buf_take(&in);
	char *dst = xmalloc(strlen(src) + 2);
	size_t n = 0;
	for (const char *p = src; *p;) {
		while (*p == '/')
			p++;
		const char *end = strchr(p, '/');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		if (len == 0 || (len == 1 && p[0] == '.')) {
		} else if (len == 2 && p[0] == '.' && p[1] == '.') {
			while (n > 0 && dst[n - 1] != '/')
				n--;
			if (n > 0)
				n--;
		} else {
			dst[n++] = '/';
			memcpy(dst + n, p, len);
			n += len;
		}
		p += len;
	}
	if (n == 0)
		dst[n++] = '/';
	dst[n] = '\0';
	free(src);
	return dst;
}

/* An artifactLocation: below the root, the path relative to it with uriBaseId %SRCROOT%;
 * elsewhere (an absolute path or "../" out of the root), an absolute file URI. */
static void artifact(sarif *c, const char *file)
{
	FILE *out = c->out;
	if (!c->root[0]) {
		/* no root known: the path as given */
		while (file[0] == '.' && file[1] == '/')
			file += 2;
		fputs(file[0] == '/' ? "{\"uri\": \"file://" : "{\"uri\": \"", out);
		uri_path(out, file);
		fputs("\"}", out);
		return;
	}
	char *abs = absolute(c->root, file);
	size_t n = strcmp(c->root, "/") == 0 ? 0 : strlen(c->root);
	if (strncmp(abs, c->root, n) == 0 && abs[n] == '/' && abs[n + 1]) {
		fputs("{\"uri\": \"", out);
		uri_path(out, abs + n + 1);
		fputs("\", \"uriBaseId\": \"%SRCROOT%\"}", out);
	} else {
		fputs("{\"uri\": \"file://", out);
		uri_path(out, abs);
		fputs("\"}", out);
	}
	free(abs);
}

static void region(FILE *out, int line, int col)
{
	fprintf(out, "\"region\": {\"startLine\": %d, \"startColumn\": %d}", line > 0 ? line : 1,
		col > 0 ? col : 1);
}

/* A region from line:col to the end of what f is about, when that is known. */
static void span_region(FILE *out, const char *name, const kb_finding *f)
{
	fprintf(out, "\"%s\": {\"startLine\": %d, \"startColumn\": %d", name,
		f->line > 0 ? f->line : 1, f->col > 0 ? f->col : 1);
	if (f->end_line)
		fprintf(out, ", \"endLine\": %d, \"endColumn\": %d", f->end_line, f->end_col);
	fputc('}', out);
}

static void location(sarif *c, const kb_finding *f)
{
	fputs("{\"physicalLocation\": {\"artifactLocation\": ", c->out);
	artifact(c, f->file);
	fputs(", ", c->out);
	span_region(c->out, "region", f);
	fputs("}}", c->out);
}

/* result.fixes: f's fix as one replacement, which code scanning and reviewdog offer as a
 * suggestion; its safety in the description and in properties. */
static void fixes(sarif *c, const kb_finding *f)
{
	FILE *out = c->out;
	fputs(",\n        \"fixes\": [{\"description\": {\"text\": ", out);
	kb_buf d = {0};
	kb_buf_printf(&d, "Replace with '%s' (%s fix)", f->fix, f->fix_safe ? "safe" : "unsafe");
	kb_json_string(out, d.data);
	kb_buf_free(&d);
	fputs("}, \"artifactChanges\": [{\"artifactLocation\": ", out);
	artifact(c, f->file);
	fputs(", \"replacements\": [{", out);
	span_region(out, "deletedRegion", f);
	fputs(", \"insertedContent\": {\"text\": ", out);
	kb_json_string(out, f->fix);
	fprintf(out, "}}]}], \"properties\": {\"safety\": \"%s\"}}]",
		f->fix_safe ? "safe" : "unsafe");
}

/* One entry of the invocation's toolExecutionNotifications (level "error", "warning" or
 * "note"), at file:line:col when file is not NULL. Call between notes_begin and notes_end. */
static void notification(sarif *c, const char *lvl, const char *text, const char *file, int line,
			 int col)
{
	fprintf(c->out, "%s      {\"level\": \"%s\", \"message\": {\"text\": ", c->nnotes ? ",\n" : "\n",
		lvl);
	kb_json_string(c->out, text);
	fputs("}", c->out);
	if (file) {
		fputs(", \"locations\": [", c->out);
		kb_finding at = {.file = file, .line = line, .col = col};
		location(c, &at);
		fputs("]", c->out);
	}
	fputs("}", c->out);
	c->nnotes++;
}

static void notes_begin(sarif *c, bool successful)
{
	fprintf(c->out, "    \"invocations\": [{\"executionSuccessful\": %s, "
			"\"toolExecutionNotifications\": [",
		successful ? "true" : "false");
	c->nnotes = 0;
}

static void notes_end(sarif *c)
{
	fputs(c->nnotes ? "\n    ]}],\n" : "]}],\n", c->out);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* keep[i]: whether finding i is in the report: shown by --min-severity and, past
 * KB_SARIF_MAX_RESULTS, among the most severe (errors, then warnings, then info, each in report
 * order). Returns how many are kept; *dropped[s] says how many of severity s are left out. */
static size_t select_results(const kb_results *r, const kb_report_opts *o, bool *keep,
			     size_t dropped[KB_SEV_COUNT])
{
	size_t quota[KB_SEV_COUNT] = {0}, room = KB_SARIF_MAX_RESULTS, kept = 0;
	for (size_t i = 0; i < r->nfindings; i++)
		if (r->findings[i].severity >= o->min_severity)
			quota[r->findings[i].severity]++;
	for (int s = KB_SEV_COUNT - 1; s >= 0; s--) {
		dropped[s] = quota[s] > room ? quota[s] - room : 0;
		quota[s] -= dropped[s];
		room -= quota[s];
	}
	for (size_t i = 0; i < r->nfindings; i++) {
		kb_severity s = r->findings[i].severity;
		keep[i] = s >= o->min_severity && quota[s] > 0;
		if (keep[i]) {
			quota[s]--;
			kept++;
		}
	}
	return kept;
}

/* The "rules" entry of one rule: descriptions, help (text, Markdown with a link to its
 * documentation) and helpUri when it is documented, its default level and kind. */
static void rule_entry(FILE *out, const kb_rule *rule)
{
	const char *d = rule->description[0] ? rule->description : rule->id;
	kb_buf sum = {0};
	kb_rule_summary(rule, &sum);
	char *first = kb_buf_take(&sum);
	fputs(", \"shortDescription\": {\"text\": ", out);
	kb_json_string(out, first);
	free(first);
	fputs("}, \"fullDescription\": {\"text\": ", out);
	kb_json_string(out, d);
	fputs("}", out);
	if (rule->help_uri) {
		fputs(",\n          \"helpUri\": ", out);
		kb_json_string(out, rule->help_uri);
	}
	fputs(",\n          \"help\": {\"text\": ", out);
	kb_json_string(out, d);
	char *md = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&md, &len);
	if (m) {
		kb_markdown_prose(m, d);
		if (rule->help_uri) {
			fputs("\n\n[", m);
			kb_markdown_prose(m, rule->id);
			fprintf(m, "](<%s>): examples and how to fix it.", rule->help_uri);
		}
		fclose(m);
		fputs(", \"markdown\": ", out);
		kb_json_string(out, md);
	}
	free(md);
	fprintf(out, "},\n          \"defaultConfiguration\": {\"level\": \"%s\"}, "
		     "\"properties\": {\"category\": \"%s\", \"kind\": ",
		level(rule->severity), kb_category_name(rule->category));
	kb_json_string(out, rule->kind->name);
	fputs("}", out);
}

static void result(sarif *c, const kb_finding *f, size_t rule_index)
{
	FILE *out = c->out;
	fputs("      {\"ruleId\": ", out);
	kb_json_string(out, f->rule);
	fprintf(out, ", \"ruleIndex\": %zu, \"level\": \"%s\", \"message\": {\"text\": ", rule_index,
		level(f->severity));
	kb_json_string(out, f->message);
	fputs("},\n        \"locations\": [", out);
	location(c, f);
	fputs("]", out);
	if (f->nrelated) {
		fputs(",\n        \"relatedLocations\": [", out);
		for (size_t k = 0; k < f->nrelated; k++) {
			const kb_related *rel = &f->related[k];
			fprintf(out, "%s{\"id\": %zu, \"physicalLocation\": {\"artifactLocation\": ",
				k ? ", " : "", k + 1);
			artifact(c, rel->file);
			fputs(", ", out);
			region(out, rel->line, rel->col);
			fputs("}", out);
			if (rel->message) {
				fputs(", \"message\": {\"text\": ", out);
				kb_json_string(out, rel->message);
				fputs("}", out);
			}
			fputs("}", out);
		}
		fputs("]", out);
	}
	if (f->fix && f->end_line)
		fixes(c, f);
	char fp[17];
	kb_fingerprint_hex(f->fingerprint, fp);
	fprintf(out, ",\n        \"partialFingerprints\": {\"kblint/v1\": \"%s\"}", fp);
	if (f->owner) {
		fputs(",\n        \"properties\": {\"owner\": ", out);
		kb_json_string(out, f->owner);
		fputs(", \"category\": ", out);
	} else {
		fputs(",\n        \"properties\": {\"category\": ", out);
	}
	kb_json_string(out, kb_category_name(f->category));
	fputs("}}", out);
}

int kb_report_sarif(FILE *out, const kb_results *r, const kb_report_opts *o)
{
	sarif c = {.out = out};
	if (o->root)
		snprintf(c.root, sizeof c.root, "%s", o->root);
	else if (!getcwd(c.root, sizeof c.root))
		c.root[0] = '\0';
	size_t rl = strlen(c.root);
	if (c.root[0] != '/')
		c.root[0] = '\0';
	else if (rl > 1 && c.root[rl - 1] == '/')
		c.root[rl - 1] = '\0';

	bool *keep = xmalloc((r->nfindings ? r->nfindings : 1) * sizeof *keep);
	size_t dropped[KB_SEV_COUNT];
	size_t kept = select_results(r, o, keep, dropped);

	/* the rules that fired, sorted by id: tool.driver.rules, indexed by the results */
	const char **ids = xmalloc((kept ? kept : 1) * sizeof *ids);
	size_t nids = 0;
	for (size_t i = 0; i < r->nfindings; i++)
		if (keep[i])
			ids[nids++] = r->findings[i].rule;
	if (nids)
		qsort(ids, nids, sizeof *ids, cmp_str);
	size_t k = 0;
	for (size_t i = 0; i < nids; i++)
		if (!k || strcmp(ids[k - 1], ids[i]) != 0)
			ids[k++] = ids[i];
	nids = k;

	fputs("{\n  \"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\",\n"
	      "  \"version\": \"2.1.0\",\n  \"runs\": [{\n    \"tool\": {\"driver\": {\n"
	      "      \"name\": \"kblint\",\n      \"version\": ",
	      out);
	kb_json_string(out, o->version);
	fputs(",\n      \"informationUri\": \"https://github.com/kblint/kblint\",\n"
	      "      \"rules\": [",
	      out);
	for (size_t i = 0; i < nids; i++) {
		const kb_rule *rule = o->rules ? kb_ruleset_find(o->rules, ids[i]) : NULL;
		fputs(i ? ",\n        {\"id\": " : "\n        {\"id\": ", out);
		kb_json_string(out, ids[i]);
		if (rule)
			rule_entry(out, rule);
		fputs("}", out);
	}
	fputs(nids ? "\n      ]\n    }},\n" : "]\n    }},\n", out);
	if (o->sarif_category) {
		/* GitHub's category is the id up to its last '/': one per upload in a repository */
		size_t n = strlen(o->sarif_category);
		kb_buf id = {0};
		kb_buf_printf(&id, "kblint/%s%s", o->sarif_category,
			      n && o->sarif_category[n - 1] == '/' ? "" : "/");
		fputs("    \"automationDetails\": {\"id\": ", out);
		kb_json_string(out, id.data);
		fputs("},\n", out);
		kb_buf_free(&id);
	}
	fputs("    \"columnKind\": \"unicodeCodePoints\",\n", out);
	if (c.root[0]) {
		fputs("    \"originalUriBaseIds\": {\"%SRCROOT%\": {\"uri\": \"file://", out);
		uri_path(out, strcmp(c.root, "/") == 0 ? "" : c.root);
		fputs("/\"}},\n", out);
	}

	/* why the run failed (a PATH that does not exist, no article checked: a consumer must not
	 * take its empty results for "no problems left"), files that could not be loaded, and what
	 * the report leaves out are notifications of the run, not results */
	notes_begin(&c, o->nfailures == 0);
	for (size_t i = 0; i < o->nfailures; i++)
		notification(&c, "error", o->failures[i], NULL, 0, 0);
	for (size_t i = 0; i < r->nerrors; i++) {
		const kb_loaderr *e = &r->errors[i];
		notification(&c, "error", e->message, e->file, e->line, e->col);
	}
	size_t left_out = dropped[KB_SEV_ERROR] + dropped[KB_SEV_WARNING] + dropped[KB_SEV_INFO];
	if (left_out) {
		kb_buf msg = {0};
		kb_buf_printf(&msg, "%zu results, more than the %d GitHub code scanning takes in a run: "
				    "this report keeps the %zu most severe and leaves out %zu (%zu "
				    "error%s, %zu warning%s, %zu info); the other formats list every finding",
			      kept + left_out, KB_SARIF_MAX_RESULTS, kept, left_out,
			      dropped[KB_SEV_ERROR], dropped[KB_SEV_ERROR] == 1 ? "" : "s",
			      dropped[KB_SEV_WARNING], dropped[KB_SEV_WARNING] == 1 ? "" : "s",
			      dropped[KB_SEV_INFO]);
		notification(&c, "warning", msg.data, NULL, 0, 0);
		if (o->err)
			fprintf(o->err, "kblint: warning: %s\n", msg.data);
		kb_buf_free(&msg);
	}
	notes_end(&c);

	fputs("    \"results\": [", out);
	const char *sep = "\n";
	for (size_t i = 0; i < r->nfindings; i++) {
		if (!keep[i])
			continue;
		const kb_finding *f = &r->findings[i];
		const char **hit = bsearch(&f->rule, ids, nids, sizeof *ids, cmp_str);
		fputs(sep, out);
		result(&c, f, hit ? (size_t)(hit - ids) : 0);
		sep = ",\n";
	}
	fputs(*sep == ',' ? "\n    ]\n  }]\n}\n" : "]\n  }]\n}\n", out);
	free(ids);
	free(keep);
	return ferror(out) ? -1 : 0;
}
