/* facts.h: the canonical facts file (config key `facts`), loaded (src/config/factsfile.c) for the
 * CLI and the facts kind; scan.h finds the facts an article states. */
#ifndef KB_FACTS_H
#define KB_FACTS_H

#include <stdbool.h>

#include "date.h"
#include "errs.h"
#include "regex.h"

struct kb_prefilter;

/* One canonical fact. Patterns each have a named group "value". */
typedef struct {
	char *key;
	char *value;         /* as written in the facts file */
	char *source;        /* NULL when none */
	bool has_updated;
	kb_date updated;
	kb_regex *patterns;
	char **sources;      /* each pattern as written */
	size_t npatterns;
	int line, col;       /* where the fact starts in the facts file */
} kb_fact;

typedef struct kb_facts {
	char *path;          /* as displayed */
	kb_fact *v;
	size_t n;
} kb_facts;

/* Loads a facts file. Returns 0, or -1 with "FILE:LINE:COL: error: ..." messages in errs.
 * Free with kb_facts_free either way. */
int kb_facts_load(kb_facts *f, const char *path, kb_errs *errs);
/* kb_facts_load of the text src[0..len), named path in messages. */
int kb_facts_parse(kb_facts *f, const char *path, const char *src, size_t len, kb_errs *errs);
void kb_facts_free(kb_facts *f);
/* Registers every fact's patterns with the rule set's prefilter (prefilter.h), so that the facts
 * kind scans only the blocks where one may match. */
void kb_facts_prefilter(kb_facts *f, struct kb_prefilter *pf);
/* The fact with this key, or NULL. */
const kb_fact *kb_facts_find(const kb_facts *f, const char *key);

#endif
