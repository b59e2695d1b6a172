/* sarif.c: SARIF 2.1.0, one run; what GitHub code scanning and other SARIF viewers read. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "util.h"
#include "rule.h"

static const char *level(kb_severity s)
{
	return s == KB_SEV_ERROR ? "error" : s == KB_SEV_WARNING ? "warning" : "note";
}

/* A relative path as a URI: "./" dropped, characters outside the URI set percent-encoded. */
static void uri(FILE *out, const char *path)
{
	while (path[0] == '.' && path[1] == '/')
		path += 2;
	fputc('"', out);
	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		    strchr("/-._~!$&'()*+,;=:@", *p))
			fputc(*p, out);
		else
			fprintf(out, "%%%02X", *p);
	}
	fputc('"', out);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void location(FILE *out, const char *file, int line, int col)
{
	fputs("{\"physicalLocation\": {\"artifactLocation\": {\"uri\": ", out);
	uri(out, file);
	fprintf(out, "}, \"region\": {\"startLine\": %d, \"startColumn\": %d}}}", line > 0 ? line : 1,
		col > 0 ? col : 1);
}

int kb_report_sarif(FILE *out, const kb_results *r, const kb_report_opts *o)
{
	/* the rules that fired, sorted by id: tool.driver.rules, indexed by the results */
	const char **ids = xmalloc((r->nfindings ? r->nfindings : 1) * sizeof *ids);
	size_t nids = 0;
	for (size_t i = 0; i < r->nfindings; i++)
		if (r->findings[i].severity >= o->min_severity)
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
		if (rule) {
			/* the short description is the description's first sentence */
			const char *d = rule->description[0] ? rule->description : rule->id;
			kb_buf sum = {0};
			kb_rule_summary(rule, &sum);
			char *first = kb_buf_take(&sum);
			fputs(", \"shortDescription\": {\"text\": ", out);
			kb_json_string(out, first);
			fputs("}, \"fullDescription\": {\"text\": ", out);
			kb_json_string(out, d);
			fputs("}, \"help\": {\"text\": ", out);
			kb_json_string(out, d);
			fprintf(out, "}, \"defaultConfiguration\": {\"level\": \"%s\"}, "
				     "\"properties\": {\"category\": \"%s\", \"kind\": ",
				level(rule->severity), kb_category_name(rule->category));
			kb_json_string(out, rule->kind->name);
			fputs("}", out);
			free(first);
		}
		fputs("}", out);
	}
	fputs(nids ? "\n      ]\n    }},\n" : "]\n    }},\n", out);
	/* files that could not be loaded are notifications of the run, not results */
	/* a run that failed (a PATH that does not exist, no article checked) says so, with why:
	 * a consumer must not take its empty results for "no problems left" */
	fprintf(out, "    \"invocations\": [{\"executionSuccessful\": %s, "
		     "\"toolExecutionNotifications\": [",
		o->nfailures ? "false" : "true");
	for (size_t i = 0; i < o->nfailures; i++) {
		fputs(i ? ",\n      {\"level\": \"error\", \"message\": {\"text\": "
			: "\n      {\"level\": \"error\", \"message\": {\"text\": ",
		      out);
		kb_json_string(out, o->failures[i]);
		fputs("}}", out);
	}
	for (size_t i = 0; i < r->nerrors; i++) {
		const kb_loaderr *e = &r->errors[i];
		fputs(i || o->nfailures ? ",\n      {\"level\": \"error\", \"message\": {\"text\": "
			: "\n      {\"level\": \"error\", \"message\": {\"text\": ",
		      out);
		kb_json_string(out, e->message);
		fputs("}, \"locations\": [", out);
		location(out, e->file, e->line, e->col);
		fputs("]}", out);
	}
	fputs(r->nerrors || o->nfailures ? "\n    ]}],\n" : "]}],\n", out);
	fputs("    \"results\": [", out);
	const char *sep = "\n";
	for (size_t i = 0; i < r->nfindings; i++) {
		const kb_finding *f = &r->findings[i];
		if (f->severity < o->min_severity)
			continue;
		const char **hit = bsearch(&f->rule, ids, nids, sizeof *ids, cmp_str);
		fprintf(out, "%s      {\"ruleId\": ", sep);
		kb_json_string(out, f->rule);
		fprintf(out, ", \"ruleIndex\": %zu, \"level\": \"%s\", \"message\": {\"text\": ",
			hit ? (size_t)(hit - ids) : 0, level(f->severity));
		kb_json_string(out, f->message);
		fputs("},\n        \"locations\": [", out);
		location(out, f->file, f->line, f->col);
		fputs("]", out);
		if (f->nrelated) {
			fputs(",\n        \"relatedLocations\": [", out);
			for (size_t k2 = 0; k2 < f->nrelated; k2++) {
				const kb_related *rel = &f->related[k2];
				fprintf(out, "%s{\"id\": %zu, ", k2 ? ", " : "", k2 + 1);
				fputs("\"physicalLocation\": {\"artifactLocation\": {\"uri\": ", out);
				uri(out, rel->file);
				fprintf(out, "}, \"region\": {\"startLine\": %d, \"startColumn\": %d}}",
					rel->line > 0 ? rel->line : 1, rel->col > 0 ? rel->col : 1);
				if (rel->message) {
					fputs(", \"message\": {\"text\": ", out);
					kb_json_string(out, rel->message);
					fputs("}", out);
				}
				fputs("}", out);
			}
			fputs("]", out);
		}
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
		sep = ",\n";
	}
	fputs(*sep == ',' ? "\n    ]\n  }]\n}\n" : "]\n  }]\n}\n", out);
	free(ids);
	return ferror(out) ? -1 : 0;
}
