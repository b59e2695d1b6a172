/* cli.h: internal to src/cli: what the commands share. */
#ifndef KB_CLI_H
#define KB_CLI_H

#include <stdbool.h>

#include "config.h"
#include "engine.h"
#include "facts.h"
#include "roster.h"
#include "rule.h"

enum { EXIT_CLEAN = 0, EXIT_FINDINGS = 1, EXIT_USAGE = 2 };

extern const char kb_cli_usage[];

typedef struct {
	const char *config;
	bool no_config;
	const char *today;
	const char *format;
	const char *output;
	int fail_on;       /* kb_severity, or KB_SEV_COUNT for never */
	int min_severity;
	bool follow_symlinks;
	int color;         /* -1 auto */
	bool quiet;
	bool check_examples;
	const char *by;      /* verify */
	const char *date;    /* verify */
	bool dry_run;        /* verify */
} kb_options;

/* Everything a command needs: config and rules, loaded and validated. */
typedef struct {
	kb_config cfg;
	kb_ruleset rules;
	kb_engine engine;
	kb_facts facts;
	kb_roster owners;  /* the config's owners roster; empty when none */
} kb_setup;

/* Prints "kblint: REASON" (fmt with arg) and the usage to stderr; returns EXIT_USAGE. */
int kb_cli_usage_error(const char *fmt, const char *arg);
/* Loads the config (found from first_path unless o says otherwise), the shipped and configured
 * rules and the date; config errors are printed. Returns 0, or -1 (free s either way). */
int kb_cli_setup(kb_setup *s, const kb_options *o, const char *first_path);
void kb_cli_setup_free(kb_setup *s);

int kb_cmd_verify(const kb_options *o, char **files, int nfiles);
int kb_cmd_facts(const kb_options *o, char **paths, int npaths);

#endif
