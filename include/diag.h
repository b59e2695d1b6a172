/* diag.h: findings and load errors, the results of a run that reporters read; the names of
 * severities and categories. The emitter that makes findings is rule.h's kb_emit. */
#ifndef KB_DIAG_H
#define KB_DIAG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "errs.h"
#include "linemap.h"

typedef enum { KB_SEV_INFO, KB_SEV_WARNING, KB_SEV_ERROR, KB_SEV_COUNT } kb_severity;

#define KB_CATEGORIES(X) \
	X(STALE, "stale") X(CONTRADICTION, "contradiction") X(UNVERIFIED, "unverified") \
	X(LINK, "link") X(METADATA, "metadata") X(STYLE, "style")
typedef enum {
#define X(e, s) KB_CAT_##e,
	KB_CATEGORIES(X)
#undef X
	KB_CAT_COUNT
} kb_category;

const char *kb_severity_name(kb_severity s);
const char *kb_category_name(kb_category c);
int kb_severity_parse(const char *s);  /* -1 when unknown */
int kb_category_parse(const char *s);  /* -1 when unknown */
/* The category names in table order, "stale, contradiction, ..., style" (static storage). */
const char *kb_category_names(void);

typedef struct {
	const char *file; /* display path */
	int line, col;
	const char *message;
} kb_related;

/* The units a column can be printed in (kblint check --column-unit). */
typedef enum { KB_COL_CHAR, KB_COL_BYTE, KB_COL_UTF16 } kb_col_unit;

/* One finding. Strings belong to the kb_results that holds it. 112 bytes: a run keeps every
 * finding until it reports them, and a knowledge base can have one for every article. */
typedef struct {
	const char *file;
	const char *rule;
	const char *message;
	const char *owner; /* NULL when unknown */
	kb_related *related;
	/* the fix: what replaces the text from line:col to end_line:end_col, or NULL for none;
	 * safe fixes are applied by --fix, unsafe ones only with --unsafe-fixes */
	const char *fix;
	const char *fix_of; /* the text the fix replaces, as the run read it */
	/* Stable identity for baselines and CI tools: a hash of the rule, the file and the text
	 * the finding is about (its source line, or its message), not its line number. */
	uint64_t fingerprint;
	int line, col;
	int col_byte, col_utf16; /* the column in other units, 0 when unknown (kb_pos, linemap.h) */
	/* where the text the finding is about ends (exclusive), in the same units as line and
	 * col; end_line is 0 when that is not known (a finding about a whole article, a value
	 * that does not stand in the file as it is) */
	int end_line, end_col, end_col_byte, end_col_utf16;
	uint32_t file_index; /* order of the file in the walk: the first sort key */
	uint32_t nrelated;
	kb_category category : 8;
	kb_severity severity : 8;
	bool fix_safe;
} kb_finding;

_Static_assert(sizeof(kb_finding) <= 112, "kb_finding is kept for every finding of a run");

/* A file that could not be loaded, or an entry of one. */
typedef struct {
	size_t file_index;
	const char *file;
	int line, col;
	int col_byte, col_utf16; /* the column in other units, 0 when unknown (kb_pos, linemap.h) */
	const char *message;
} kb_loaderr;

/* Everything a run produced; reporters only read this. */
typedef struct {
	kb_arena strings;
	kb_finding *findings;
	size_t nfindings, capfindings;
	kb_loaderr *errors;
	size_t nerrors, caperrors;
	size_t files_checked; /* files that held an article and were loaded */
	size_t files_skipped; /* files loaded that held no article (YAML without one): not checked */
	const char **files;  /* display path of every file walked, in walk order */
	bool *file_skipped;  /* per file: it held no article (counted in files_skipped) */
	size_t nfiles, capfiles;
	char today[16];
	bool part; /* a part of another's findings (kb_results_part): it never grows */
} kb_results;

void kb_results_init(kb_results *r);
void kb_results_free(kb_results *r);
/* Appends a copy of f (strings copied into r). */
void kb_results_add(kb_results *r, const kb_finding *f);
/* Findings filled in parts on several threads, in r's order: kb_results_reserve makes room for
 * n more findings in r; kb_results_part sets part to findings [at, at + n) of those (at counted
 * from r->nfindings), to be filled with exactly n findings by kb_results_add, on one thread;
 * kb_results_join then appends the filled part to r (its strings moved into r). Parts are
 * joined in order, each after the one before it. */
void kb_results_reserve(kb_results *r, size_t n);
void kb_results_part(const kb_results *r, size_t at, size_t n, kb_results *part);
void kb_results_join(kb_results *r, kb_results *part);
void kb_results_add_error(kb_results *r, size_t file_index, const char *file, int line, int col,
			  const char *fmt, ...) __attribute__((format(printf, 6, 7)));
/* Appends a copy of e (strings copied into r), with its columns in every unit. */
void kb_results_copy_error(kb_results *r, const kb_loaderr *e, size_t file_index);
/* Sets every finding's and load error's column to the one counted in unit, where known
 * (kblint check --column-unit); related locations keep characters. */
void kb_results_column_unit(kb_results *r, kb_col_unit unit);
/* Records a walked file (copied), in walk order; skipped: it held no article. */
void kb_results_add_file(kb_results *r, const char *file, bool skipped);
/* The same for a file name that r->strings holds already (or that outlives r): not copied. */
void kb_results_add_file_kept(kb_results *r, const char *file, bool skipped);
/* Sorts findings and errors by file, line, column, rule; then numbers findings that share a
 * fingerprint, so each fingerprint is unique. */
void kb_results_sort(kb_results *r);
/* Sorts the findings alone, as kb_results_sort does (the same order, stably), and numbers none:
 * a file's findings on the worker that checked it, so that the run's sort finds them in order. */
void kb_results_order(kb_results *r);
/* FNV-1a over n bytes of s, continuing from h (start with KB_HASH_INIT). Whitespace runs count
 * as one space, so re-wrapped text keeps its hash. */
#define KB_HASH_INIT 1469598103934665603ULL
uint64_t kb_hash_text(uint64_t h, const char *s, size_t n);
/* FNV-1a over n bytes of p, every byte counted, continuing from h (start with KB_HASH_INIT). */
uint64_t kb_hash_bytes(uint64_t h, const void *p, size_t n);

#endif
