/* gitdates.h: the date of each file's last commit, read from git in one `git log` pass for
 * freshness.fallback: git; loaded by the CLI, read by the loader (src/load/meta.c) through
 * kb_config.gitdates. */
#ifndef KB_GITDATES_H
#define KB_GITDATES_H

#include "date.h"
#include "strset.h"
#include "util.h"

typedef enum {
	KB_GITDATE_NONE,    /* git has no commit of the file: untracked, or not committed yet */
	KB_GITDATE_OK,      /* the date of the last commit that changed it */
	KB_GITDATE_SHALLOW, /* a shallow clone's history starts after its last change */
	KB_GITDATE_OUTSIDE, /* the file is not below the folder whose history was read */
} kb_gitdate_state;

typedef struct kb_gitdates {
	char *root;        /* the folder the names are relative to (absolute, links resolved) */
	kb_strmap names;   /* name -> its date and whether it was seen first at the shallow
			    * boundary (see gitdates.c) */
} kb_gitdates;

/* Runs git once in the folder dir: `git log` of the whole history of what is below dir, each
 * file's newest commit kept. Returns 0 (a work tree with no commit yet gives an empty set), or
 * -1 with git's reason in err (git missing, dir in no work tree). Free g with kb_gitdates_free
 * either way. */
int kb_gitdates_load(kb_gitdates *g, const char *dir, kb_buf *err);
/* Reads out[0..len), the output of kb_gitdates_load's git command, into g (root set by the
 * caller): the first commit listing a name is its newest. */
void kb_gitdates_parse(kb_gitdates *g, const char *out, size_t len);
/* What git says of the file at abs (absolute, links resolved): its date goes to *date when
 * KB_GITDATE_OK. */
kb_gitdate_state kb_gitdates_lookup(const kb_gitdates *g, const char *abs, kb_date *date);
/* The same for a name relative to the root. */
kb_gitdate_state kb_gitdates_lookup_rel(const kb_gitdates *g, const char *rel, kb_date *date);
void kb_gitdates_free(kb_gitdates *g);

#endif
