/* ydata.h: YAML data files (rule files, the facts file, the owners roster): one mapping whose
 * one key holds a list, read from a buffer or a file, and errors placed at the node they are
 * about. Every loader of a YAML data file goes through here, so each reports the same mistakes
 * with the same words. */
#ifndef KB_YDATA_H
#define KB_YDATA_H

#include <stddef.h>

#include "errs.h"
#include "yamltree.h"

/* Adds "file:line:col: error: message" at node at to e (just "file: error: message" when at is
 * NULL). The one way a data-file loader reports a mistake. */
void kb_errs_at(kb_errs *e, const char *file, const kb_ynode *at, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* What a kind of data file looks like: `{KEY: [ITEM, ...]}`. */
typedef struct {
	const char *what;    /* "a rule file": in "a rule file must be a mapping with a ..." */
	const char *key;     /* "rules": the one top-level key */
	const char *items;   /* "rules": in "'rules' must be a list of rules, not ..." */
	const char *read_as; /* NULL: a read error is given as it is; else "the owners roster": */
			     /* "cannot read the owners roster: <why>" */
} kb_ydata_kind;

/* A loaded data file. The nodes live in arena; root and list stay valid until kb_ydata_free. */
typedef struct {
	kb_arena arena;
	const kb_ynode *root;
	const kb_ynode *list; /* root's KEY value: a sequence */
} kb_ydata;

/* Parses src[0..len), named file in messages, as a data file of kind k. Returns 0 with d->list
 * set, or -1 with the reason in errs (d still needs kb_ydata_free). The checks, in order: YAML
 * syntax; a mapping with KEY; no other key; KEY's value a list. */
int kb_ydata_parse(kb_ydata *d, const kb_ydata_kind *k, const char *file, const char *src,
		   size_t len, kb_errs *errs);
/* kb_ydata_parse of the file at path (at most max bytes). */
int kb_ydata_load(kb_ydata *d, const kb_ydata_kind *k, const char *path, size_t max, kb_errs *errs);
void kb_ydata_free(kb_ydata *d);

#endif
