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
	/* when set, called with every article after its rules ran (kblint facts) */
	void (*visit)(void *ud, const kb_article *a);
	void *visit_ud;
} kb_engine;

/* Checks every path (files or folders). Results go to out. */
void kb_engine_run(kb_engine *e, char *const *paths, size_t npaths, kb_results *out);
/* Checks in-memory article texts as if they were files in one folder (used by rule examples):
 * names[i] holds texts[i]. */
void kb_engine_check_texts(kb_engine *e, char *const *names, char *const *texts, size_t n,
			   kb_results *out);

#endif
