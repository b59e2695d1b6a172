/* regex.h: the PCRE2 wrapper: patterns compiled once (and JIT-compiled, where PCRE2 can, on
 * their first match), every match under limits with the caller's matching state
 * (kb_regex_scratch), and the text a match must contain checked first. Knows nothing of
 * articles: scan.h runs patterns over them. */
#ifndef KB_REGEX_H
#define KB_REGEX_H

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdatomic.h>
#include <stdbool.h>

#include "util.h"

/* Limits on each match, so one pathological pattern cannot stall a run. */
enum {
	KB_RE_MATCH_LIMIT = 1000000, /* backtracking steps; far above what prose rules need */
	KB_RE_DEPTH_LIMIT = 10000,
	KB_RE_HEAP_LIMIT_KB = 20000,
	/* CPU time one pattern may spend on one article, every match counted. The match limit
	 * bounds one match, but an article of 40,000 paragraphs that each stay just under it
	 * would take minutes. Only a pathological pattern gets near this. */
	KB_RE_TIME_LIMIT_MS = 3000,
	KB_RE_CLOCK_EVERY = 16, /* matches between looks at the clock, which costs a system call */
	KB_RE_LITERAL_MAX = 24, /* longest required text kept for kb_regex_may_match */
	KB_RE_LITERAL_MIN = 3,  /* shorter required text rules out too little to be worth a look */
};

typedef struct {
	pcre2_code *code;
	uint32_t pairs;   /* ovector pairs a match fills: its capture groups and the whole match */
	bool icase;
	/* text every match contains (lower case when icase), when PCRE2 knows no character a
	 * match starts with: kb_regex_may_match looks for it first. litlen 0: none. */
	char lit[KB_RE_LITERAL_MAX];
	size_t litlen;
	bool digit;       /* every match contains an ASCII digit (when PCRE2 knows no first one) */
	const char *fact; /* the key of the fact whose pattern this is (for messages), or NULL */
	unsigned pf;      /* its number in the rule set's prefilter (prefilter.h) plus one; 0: none */
	atomic_bool jitted; /* JIT-compiled (kb_regex_jit): done once, by the first match */
} kb_regex;

/* The state matching needs: a match context with the limits above, and match data for each
 * nesting level (a match callback may run another pattern). Patterns are compiled once and
 * shared read-only; each thread that matches owns a scratch of its own and passes it to every
 * match: the engine makes one per worker and hands it to the kinds in kb_check.scratch. Never
 * used by two threads at once. No global state is left: this is all of it. */
typedef struct kb_regex_scratch kb_regex_scratch;

/* A new scratch (its parts are made on first use); free it with kb_regex_scratch_free. */
kb_regex_scratch *kb_regex_scratch_new(void);
void kb_regex_scratch_free(kb_regex_scratch *x);
/* One more piece of a thread's matching state, the prefilter's Vectorscan scratch: NULL until
 * set; once set, owned by x and freed with it by free_fn. */
void *kb_regex_scratch_slot(const kb_regex_scratch *x);
void kb_regex_scratch_set_slot(kb_regex_scratch *x, void *slot, void (*free_fn)(void *));
/* x's match context, with the limits above, for a pcre2_match of the caller's own. */
pcre2_match_context *kb_regex_mctx(kb_regex_scratch *x);

/* The CPU time a scan has spent, for KB_RE_TIME_LIMIT_MS: the calling thread's, so workers do
 * not spend each other's budgets. */
typedef struct {
	long long start_ns;
	unsigned matches;
} kb_re_budget;

void kb_re_budget_start(kb_re_budget *b);

/* Compiles pattern (UTF, Unicode properties). On error returns -1 and writes the reason and the
 * offset in the pattern into err. */
int kb_regex_compile(kb_regex *re, const char *pattern, bool ignore_case, char *err, size_t errlen);
void kb_regex_free(kb_regex *re);
/* JIT-compiles re's pattern, once, on any thread: kb_regex_compile leaves that to the first
 * match, since most patterns of a rule set never get to run on a given knowledge base (their
 * required text, or the prefilter, rules them out), and compiling all of them was half of
 * kblint's start. Call it before a pcre2_match of the caller's own; kb_regex_each does. */
void kb_regex_jit(const kb_regex *re);
/* The longest text every match of pattern must contain, read from its top level (literal.c):
 * its length (at most cap), written to out, lower-cased when icase; 0 when none is certain.
 * *digit is set when every match also contains an ASCII digit (a [0-9] that must occur), and
 * left alone otherwise. */
size_t kb_regex_required(const char *pattern, bool icase, char *out, size_t cap, bool *digit);
/* False when re cannot match in s[0..n): its required text, or a required digit, is not there.
 * True otherwise. */
bool kb_regex_may_match(const kb_regex *re, const char *s, size_t n);
/* Escapes s for use as a literal inside a pattern; appended to out. */
void kb_regex_quote(const char *s, kb_buf *out);

/* Called for each match; ov is the ovector (2 * n pairs). */
typedef void (*kb_match_fn)(void *ud, const char *subject, size_t len, const size_t *ov, int n);
/* Runs re over subject[0..len) with scratch x and calls fn for every non-overlapping match (fn
 * may match again with x). Returns 0, or -1 when a limit was hit (matching stops). */
int kb_regex_each(kb_regex_scratch *x, const kb_regex *re, const char *subject, size_t len,
		  kb_match_fn fn, void *ud);
/* The same, and also stops with -2 once budget has used up KB_RE_TIME_LIMIT_MS. */
int kb_regex_each_budget(kb_regex_scratch *x, const kb_regex *re, const char *subject,
			 size_t len, kb_match_fn fn, void *ud, kb_re_budget *budget);


/* Wraps a pattern so it matches whole words only (no word character just before or after). */
void kb_word_wrap(kb_buf *out, const char *inner);

#endif
