/* statements.h: sentences that state quantities, grouped by their skeleton (the sentence with
 * each quantity masked) across the knowledge base; used by the engine and the facts kind.
 * Memory grows with the number of distinct skeletons: each value keeps a count and at most
 * KB_STMT_MAX_LOCS locations. */
#ifndef KB_STATEMENTS_H
#define KB_STATEMENTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "article.h"
#include "strset.h"

struct kb_regex_scratch;

enum {
	KB_STMT_MAX_LOCS = 16,     /* locations kept per value: enough to list in a report */
	/* A sentence stated with more distinct values than this is a template ("the <V> plan
	 * includes <V> of storage"), not a claim that one value can contradict: its group keeps
	 * no values from then on (only the count), and no conflict is reported for it. This bounds
	 * a group's memory, and knowledge bases generated from templates (a page per plan, region
	 * or release) have such groups by the thousand. */
	KB_STMT_MAX_VALUES = 256,
	KB_STMT_MIN_WORDS = 5,     /* shorter skeletons are too common to mean one thing */
	KB_STMT_MAX_QUANTITIES = 8 /* a sentence with more is a table or a list, not a claim */
};

typedef struct {
	size_t file_index;
	const char *file;
	const char *owner;
	int line, col;
	int col_byte, col_utf16; /* the column in other units (kb_pos, linemap.h) */
} kb_stmt_loc;

typedef struct {
	const char *value;   /* normalized values, " / " between them */
	const char *raw;     /* as first written */
	size_t count;
	kb_stmt_loc *locs;   /* the first KB_STMT_MAX_LOCS places, grown as they come: most
			      * values are stated in one or two */
	size_t nlocs, caplocs;
} kb_stmt_value;

typedef struct {
	const char *skeleton;
	kb_stmt_value *values;
	size_t nvalues, capvalues;
	size_t total;
	bool canonical;      /* a canonical fact's pattern matches the sentence */
	kb_strmap vindex;    /* value -> index in values, once a group has more than a few */
	bool template;       /* more than KB_STMT_MAX_VALUES values: values dropped */
} kb_stmt_group;

typedef struct kb_statements {
	kb_arena arena;
	kb_strmap names;     /* the file paths and owners of locations, one copy of each */
	kb_strmap index;     /* skeleton -> group */
	kb_stmt_group *v;
	size_t n, cap;
} kb_statements;

void kb_statements_init(kb_statements *s);
void kb_statements_free(kb_statements *s);
/* Adds the quantity-stating sentences of a's prose, and its front matter's `facts`. */
void kb_statements_add(kb_statements *s, const kb_article *a, const kb_config *cfg);

/* The statements of one file's articles, gathered on a worker thread, then added to the run's
 * statements on the main thread in walk order (kb_statements_add_list), so the groups come out
 * the same for every number of workers. Each item carries its place resolved (file, owner,
 * position in every unit), so adding needs no article and the main thread only hashes. Strings
 * live in the list's arena. */
typedef struct {
	const char *skeleton, *value, *raw;
	kb_stmt_loc at;
	bool canonical;
	uint64_t hskeleton, hvalue; /* kb_strmap_hash of each: the worker hashes, not the main thread */
} kb_stmt_item;

typedef struct {
	kb_arena arena;
	kb_stmt_item *v;
	size_t n, cap;
} kb_stmt_list;

/* Appends the statements of a, the article-th of its file, to l; x is the calling thread's
 * matching state (regex.h). */
void kb_stmt_list_collect(kb_stmt_list *l, const kb_article *a, const kb_config *cfg,
			  struct kb_regex_scratch *x);
/* Adds l's statements to s (strings copied: l may be freed afterwards). file, when not NULL,
 * is the name of l's file, which s borrows (it must outlive s) instead of keeping a copy. */
void kb_statements_add_list(kb_statements *s, const kb_stmt_list *l, const char *file);
/* Adds one of them (copied), as kb_statements_add_list adds each. */
void kb_statements_add_item(kb_statements *s, const kb_stmt_item *it);
void kb_stmt_list_free(kb_stmt_list *l);

/* The pieces, exposed for tests and `kblint facts`: calls fn for each statement of a, also those
 * kb_statements_add leaves out because a repeats the sentence with another value in another
 * section (two settings, not a contradiction). */
typedef void (*kb_stmt_fn)(void *ud, const char *skeleton, const char *value, const char *raw,
			   int line, int col, bool canonical);
void kb_statements_each(const kb_article *a, const kb_config *cfg, kb_stmt_fn fn, void *ud);

#endif
