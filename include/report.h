/* report.h: output formats; one file per format in src/report/. */
#ifndef KB_REPORT_H
#define KB_REPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "diag.h"

typedef struct {
	bool color;
	kb_severity min_severity;  /* findings below are not shown */
	bool quiet;                /* text: no summary */
	const char *version;
} kb_report_opts;

typedef struct {
	const char *name;
	int (*write)(FILE *out, const kb_results *r, const kb_report_opts *o);
} kb_reporter;

const kb_reporter *kb_reporter_find(const char *name);
const char *kb_reporter_names(void); /* "text, json" */

int kb_report_text(FILE *out, const kb_results *r, const kb_report_opts *o);
int kb_report_json(FILE *out, const kb_results *r, const kb_report_opts *o);

/* JSON string escaping shared by JSON-based formats: quotes added, invalid UTF-8 replaced. */
void kb_json_string(FILE *out, const char *s);

#endif
