/* roster.h: the owners roster (config key `owners`); used by the CLI, which loads it, and by
 * the schema kind, which checks owner fields against it. */
#ifndef KB_ROSTER_H
#define KB_ROSTER_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"

/* One owner: a team or a person who answers for articles. */
typedef struct {
	char *name;          /* unique in the roster; compared case-sensitively */
	char *email;         /* checked with kb_email_valid */
	char *slack;         /* NULL when none */
	int line, col;       /* where the entry starts in the roster file */
} kb_owner;

typedef struct kb_roster {
	char *path;          /* as displayed in messages */
	kb_owner *v;
	size_t n;
} kb_roster;

/* Loads a roster file ("owners:" and a list of {name, email, slack}). Returns 0, or -1 with
 * "FILE:LINE:COL: error: ..." messages in errs. Free with kb_roster_free either way. */
int kb_roster_load(kb_roster *r, const char *path, kb_errs *errs);
/* kb_roster_load of the text src[0..len), named path in messages. */
int kb_roster_parse(kb_roster *r, const char *path, const char *src, size_t len, kb_errs *errs);
/* Frees what r holds (not r itself) and zeroes it. */
void kb_roster_free(kb_roster *r);

/* The owner named name[0..len) exactly (case-sensitive), or NULL. r may be NULL. */
const kb_owner *kb_roster_find(const kb_roster *r, const char *name, size_t len);

/* Called by kb_roster_check for each name: where it starts in the text, its length, and the
 * owner it names (NULL when the roster does not have it). */
typedef void (*kb_roster_fn)(void *ud, const char *name, size_t len, const kb_owner *owner);
/* Checks an owners text against the roster: one name ("billing-team"), or several joined with
 * commas ("billing-team, logistics", as kb_article.owner joins a list). The whole text is
 * tried as one name first; otherwise each comma-separated part, trimmed, is a name (empty
 * parts are skipped). fn (may be NULL) is called for each name. Returns how many names the
 * roster does not have. */
size_t kb_roster_check(const kb_roster *r, const char *owners, kb_roster_fn fn, void *ud);

/* A simple check of an email address, s[0..n): at most 254 bytes with one '@'; before it, up
 * to 64 of letters, digits and !#$%&'*+/=?^_`{|}~.- with no leading, trailing or double dot;
 * after it, two or more labels of letters, digits and '-' (not at a label's ends) joined by
 * dots, the last one at least two characters and not all digits. Spaces, quoted local parts,
 * IP-address domains and non-ASCII addresses are refused. */
bool kb_email_valid(const char *s, size_t n);

#endif
