/* regex.h: PCRE2 patterns as rule kinds use them: compiled once, JIT when available, limits set,
 * matched over prose blocks with code excluded. Included by src/rules/. */
#ifndef KB_REGEX_H
#define KB_REGEX_H

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdbool.h>

#include "article.h"
#include "rule.h"

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
} kb_regex;

/* The calling thread's match context, with the limits above: one per worker thread, made on
 * first use, so patterns (compiled once, shared read-only) never share one between threads. */
pcre2_match_context *kb_regex_mctx(void);
/* Frees the calling thread's match context and match data; a worker calls it before it ends. */
void kb_regex_thread_end(void);

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
/* Runs re over subject[0..len) and calls fn for every non-overlapping match. Returns 0, or -1
 * when a limit was hit (matching stops). */
int kb_regex_each(const kb_regex *re, const char *subject, size_t len, kb_match_fn fn, void *ud);
/* The same, and also stops with -2 once budget has used up KB_RE_TIME_LIMIT_MS. */
int kb_regex_each_budget(const kb_regex *re, const char *subject, size_t len, kb_match_fn fn,
			 void *ud, kb_re_budget *budget);


/* inflect.c: the regular forms of a term's last word ("use", "uses", "used", "using"). */
typedef enum { KB_INFLECT_BASE, KB_INFLECT_S, KB_INFLECT_ED, KB_INFLECT_ING } kb_inflection;
/* Appends to out a pattern matching term (a literal) in each of its forms. */
void kb_inflect_pattern(const char *term, kb_buf *out);
/* Which form of term the matched text m[0..mlen) is (letter case ignored); BASE when none. */
kb_inflection kb_inflection_of(const char *term, const char *m, size_t mlen);
/* Appends word (a term or its replacement) in form f to out. */
void kb_inflect(const char *word, kb_inflection f, kb_buf *out);

/* Wraps a pattern so it matches whole words only (no word character just before or after). */
void kb_word_wrap(kb_buf *out, const char *inner);

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

#endif
