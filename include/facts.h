/* facts.h: the canonical facts file (config key `facts`); used by the CLI and the facts kind. */
#ifndef KB_FACTS_H
#define KB_FACTS_H

#include <stdbool.h>

#include "date.h"
#include "diag.h"
#include "regex.h"

/* One canonical fact. Patterns each have a named group "value". */
typedef struct {
	char *key;
	char *value;         /* as written in the facts file */
	char *source;        /* NULL when none */
	bool has_updated;
	kb_date updated;
	kb_regex *patterns;
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
void kb_facts_free(kb_facts *f);
/* Calls fn for every value the article states of a canonical fact (its patterns over prose
 * and headings, and the front matter's `facts:`); agrees tells whether it means the same as
 * the canonical value. */
typedef void (*kb_fact_fn)(void *ud, const kb_fact *fact, const char *raw, size_t len, int line,
			   int col, bool agrees);
void kb_facts_each(const kb_article *a, const kb_config *cfg, kb_fact_fn fn, void *ud);

/* The fact with this key, or NULL. */
const kb_fact *kb_facts_find(const kb_facts *f, const char *key);

#endif
