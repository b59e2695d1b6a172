/* engine.h: runs a rule set over paths and collects the results; used by the CLI. */
#ifndef KB_ENGINE_H
#define KB_ENGINE_H

#include <stdbool.h>

#include "config.h"
#include "diag.h"
#include "rule.h"

typedef struct {
	const kb_config *cfg;
	const kb_ruleset *rules;
	kb_date today;
	bool follow_symlinks;
	kb_strv skip;    /* absolute paths never linted as articles (config, rule files) */
} kb_engine;

/* Checks every path (files or folders). Results go to out. */
void kb_engine_run(kb_engine *e, char *const *paths, size_t npaths, kb_results *out);
/* Checks one in-memory article text as if it were the file display (used by examples). */
void kb_engine_check_text(kb_engine *e, const char *display, const char *text, size_t len,
			  kb_results *out);

#endif
