/* report.h: output formats; one file per format in src/report/. */
#ifndef KB_REPORT_H
#define KB_REPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "diag.h"

struct kb_ruleset;

typedef struct {
	bool color;
	const struct kb_ruleset *rules; /* descriptions for formats that list rules (SARIF) */
	kb_severity min_severity;  /* findings below are not shown */
	bool quiet;                /* text: no summary */
	const char *version;
	/* github: the file $GITHUB_STEP_SUMMARY names, where the whole report is appended in
	 * Markdown; NULL or "": none */
	const char *step_summary;
	/* sarif: the absolute folder paths are relative to (%SRCROOT%); NULL: the current one */
	const char *root;
	/* sarif: NAME of --sarif-category (automationDetails.id "kblint/NAME/"); NULL: none */
	const char *sarif_category;
	/* where a format says what it left out or could not write (warnings for the user, as
	 * "kblint: warning: ..." lines); NULL: nowhere */
	FILE *err;
	/* Why the run failed, one message each ("kbb: no such file or folder"): a PATH that does
	 * not exist, no article checked. SARIF and JUnit record them in the report (the run did
	 * not succeed); the other formats leave them to stderr and the exit status. */
	const char *const *failures;
	size_t nfailures;
	const char *changed_since; /* --changed-since REF: the summary says when nothing changed */
	/* The site generator whose settings were used (src/site): its name ("hugo"), label
	 * ("Hugo") and config file as displayed ("hugo.toml"; NULL when none was found); NULL
	 * name: none. text names it in the summary, json in "site". */
	const char *site_name, *site_label, *site_file;
} kb_report_opts;

typedef struct {
	const char *name;
	int (*write)(FILE *out, const kb_results *r, const kb_report_opts *o);
} kb_reporter;

const kb_reporter *kb_reporter_find(const char *name);
const char *kb_reporter_names(void); /* "text, json" */

int kb_report_text(FILE *out, const kb_results *r, const kb_report_opts *o);
int kb_report_json(FILE *out, const kb_results *r, const kb_report_opts *o);
int kb_report_sarif(FILE *out, const kb_results *r, const kb_report_opts *o);
int kb_report_junit(FILE *out, const kb_results *r, const kb_report_opts *o);
int kb_report_github(FILE *out, const kb_results *r, const kb_report_opts *o);
int kb_report_gitlab(FILE *out, const kb_results *r, const kb_report_opts *o);
int kb_report_checkstyle(FILE *out, const kb_results *r, const kb_report_opts *o);
int kb_report_markdown(FILE *out, const kb_results *r, const kb_report_opts *o);

/* XML text and attribute escaping shared by the XML formats: & < > " ' escaped, characters
 * XML 1.0 forbids, C1 and bidi controls (textout.h) and invalid UTF-8 replaced by U+FFFD. */
void kb_xml_string(FILE *out, const char *s);
/* The fingerprint as 16 hex digits. */
void kb_fingerprint_hex(uint64_t fp, char out[17]);

/* How many files hold a finding at or above min_severity (findings are sorted by file). */
size_t kb_report_files_with_findings(const kb_results *r, kb_severity min_severity);

/* Prose (a rule's description) as Markdown that shows it as written: code spans (`...`) kept,
 * elsewhere '&', '<', '>' as entities and '\\', '*', '_', '[', ']', '#', '|' backslash-escaped. */
void kb_markdown_prose(FILE *out, const char *s);

/* JSON string escaping shared by JSON-based formats: quotes added, invalid UTF-8 replaced;
 * controls, C1 and bidi controls (textout.h's kb_codepoint_hostile) escaped as \uXXXX. */
void kb_json_string(FILE *out, const char *s);
/* The same for s[0..n), which may hold NUL bytes (as \u0000). */
void kb_json_string_n(FILE *out, const char *s, size_t n);

#endif
