/* scan.h: patterns run over articles, as rule kinds use them (src/rules/scan.c): prose blocks
 * with code excluded, link targets, front-matter values, each match with its file position; and
 * the inflected forms of a term (src/rules/inflect.c). */
#ifndef KB_SCAN_H
#define KB_SCAN_H

#include "article.h"
#include "facts.h"
#include "regex.h"
#include "rule.h"

/* inflect.c: the regular forms of a term's last word ("use", "uses", "used", "using"). */
typedef enum { KB_INFLECT_BASE, KB_INFLECT_S, KB_INFLECT_ED, KB_INFLECT_ING } kb_inflection;
/* Appends to out a pattern matching term (a literal) in each of its forms. */
void kb_inflect_pattern(const char *term, kb_buf *out);
/* Which form of term the matched text m[0..mlen) is (letter case ignored); BASE when none. */
kb_inflection kb_inflection_of(const char *term, const char *m, size_t mlen);
/* Appends word (a term or its replacement) in form f to out. */
void kb_inflect(const char *word, kb_inflection f, kb_buf *out);

/* A match found by kb_regex_scan, with its file position. */
typedef struct {
	const char *subject;
	size_t len;
	const size_t *ov; /* ovector: 2 * n offsets into subject, (size_t)-1 when unset */
	int n;
	int line, col;
	unsigned scope;   /* where it was found (one kb_scope bit) */
	const kb_article *art;
	const kb_block *block; /* the prose block, or NULL for a value (link target, metadata) */
	bool exact;       /* for a value: columns within it map one to one */
} kb_hit;

/* The file position of offset off of hit->subject (the start of a group, say). */
void kb_hit_pos(const kb_hit *hit, size_t off, int *line, int *col);
/* The file position of hit->subject[off] in *line, *col, and in *x the end and text of
 * hit->subject[off..end) (no fix): what kb_emit_span needs to give a finding its end. */
void kb_hit_extent(const kb_hit *hit, size_t off, size_t end, int *line, int *col, kb_extent *x);

typedef void (*kb_hit_fn)(void *ud, const kb_hit *hit);

/* Runs re over every part of the article that scope names: prose and headings block by block
 * (matches touching code are dropped; a match belongs to the scope where it starts), link
 * targets, and front-matter values. When a match limit or the time limit stops the pattern,
 * reports that once for rule through the emitter and moves on. */
void kb_regex_scan(const kb_regex *re, unsigned scope, const kb_rule *rule, kb_check *c,
		   kb_hit_fn fn, void *ud);
/* The lookup for message templates over a hit: "$0".."$9" and "${name}" for named groups. */
const char *kb_hit_lookup(const kb_regex *re, const kb_hit *hit, const char *name, size_t len,
			  size_t *outlen);

/* facts.c: the canonical facts an article states. */
/* Calls fn for every value the article states of a canonical fact (its patterns over prose
 * and headings, and the front matter's `facts:`); agrees tells whether it means the same as
 * the canonical value. */
typedef void (*kb_fact_fn)(void *ud, const kb_fact *fact, const char *raw, size_t len, int line,
			   int col, bool agrees);
void kb_facts_each(const kb_article *a, const kb_config *cfg, kb_fact_fn fn, void *ud);

#endif
