/* export.h: kblint export: one verdict per article (per question of a YAML FAQ file) for the
 * pipelines that feed AI assistants: trusted, review, untrusted or excluded, the findings behind
 * it, the last day it holds, and optionally the article's content with the blocks that do not
 * hold removed. Used by the CLI (src/cli/export_cmd.c, export_dir.c); see docs/export.md.
 *
 * How to use it (what `kblint export` does):
 *
 *	kb_export *x = kb_export_new(&setup.cfg, &setup.rules, setup.engine.today, content);
 *	setup.engine.visit = kb_export_visit;             // every article is recorded
 *	setup.engine.visit_ud = x;
 *	kb_engine_run(&setup.engine, paths, npaths, &res);
 *	kb_export_finish(x, &res);                        // res may be freed afterwards
 *	for (size_t i = 0; i < kb_export_count(x); i++)
 *		... kb_export_get(x, i) ...
 *	kb_export_render(x, "jsonl", KB_TRUST_ALL, out);
 *	kb_export_free(x);
 *
 * Ownership: a kb_export owns every record and string it hands out; they live until
 * kb_export_free. Nothing here prints, except the renderers to the FILE they are given. */
#ifndef KB_EXPORT_H
#define KB_EXPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "article.h"
#include "config.h"
#include "date.h"
#include "diag.h"
#include "rule.h"

#define KB_TRUSTS(X) \
	X(TRUSTED, "trusted") X(REVIEW, "review") X(UNTRUSTED, "untrusted") X(EXCLUDED, "excluded")
typedef enum {
#define X(e, s) KB_TRUST_##e,
	KB_TRUSTS(X)
#undef X
	KB_TRUST_COUNT
} kb_trust;
/* --only: a set of verdicts, 1 << kb_trust each. */
#define KB_TRUST_ALL ((1u << KB_TRUST_COUNT) - 1)

const char *kb_trust_name(kb_trust t);
/* A comma-separated list of verdict names ("trusted,review") as a set; -1 when a word is not
 * one (its start in *bad). */
int kb_trust_parse_list(const char *s, unsigned *out, const char **bad);

/* A finding behind a verdict. */
typedef struct {
	const char *rule;
	kb_category category;
	kb_severity severity;
	int line, col;
	const char *message;
	const char *other;       /* a cross-article finding: the other article's display path */
	int other_line, other_col;
} kb_export_reason;

/* A block --content clean removed: file lines first..last, and the rule whose finding it held. */
typedef struct {
	int line, end_line;
	const char *rule;
} kb_export_removed;

typedef struct {
	size_t file_index;       /* walk order, then line: the order records are emitted in */
	int line;                /* where the article starts in its file */
	const char *id;          /* the path relative to the config's folder, "#ANCHOR" or "#N"
				  * for an entry of a file with several */
	const char *path;        /* display path, as findings name it */
	const char *rel;         /* relative to the config's folder */
	const char *title;       /* never NULL: the file name when nothing else names it */
	const char *url;         /* NULL when no base URL is known */
	const char *owner, *status;
	bool has_reviewed, has_due, has_expires;
	kb_date reviewed, due, expires;
	kb_date valid_until;     /* 0: nothing dates the article */
	kb_trust trust;
	const char *excluded_by; /* why, when trust is excluded: "draft", "retired",
				  * "unpublished" or "FIELD: VALUE" */
	kb_export_reason *reasons; /* most severe first */
	size_t nreasons;
	const char *error;       /* the file could not be loaded: why (error_line, error_col) */
	int error_line, error_col;
	/* With content (kb_export_new's content not none): */
	bool yaml;               /* the source is a YAML file: its front matter is made up */
	bool several;            /* one of several articles of its file (an FAQ entry) */
	const char *front;       /* a Markdown file's front matter as written, delimiters and
				  * all ("" when it has none) */
	const char *content;     /* the body (an FAQ answer), cleaned when asked */
	size_t content_len;
	kb_export_removed *removed;
	size_t nremoved;
} kb_export_record;

typedef struct kb_export kb_export;

/* Starts an export of the articles checked on today with cfg's export policy. cfg and rules
 * (not copied) must outlive it. content says whether records keep the article's text. Free
 * with kb_export_free. */
kb_export *kb_export_new(const kb_config *cfg, const kb_ruleset *rules, kb_date today,
			 kb_content_mode content);
/* The folders named on the command line (copied): an article outside the config's folder whose
 * path is absolute or climbs out with "../" gets its id relative to the folder it was found in,
 * so that ids do not depend on where the knowledge base is checked out. */
void kb_export_roots(kb_export *x, char *const *paths, size_t n);
/* The engine's visit hook (visit_ud = the kb_export): records one article (copied). */
void kb_export_visit(void *ud, const kb_article *art);
/* Ends the export after kb_engine_run: files that could not be loaded become untrusted
 * records; findings are mapped to their articles (a cross-article contradiction to both, a
 * finding on an FAQ file's shared metadata to every entry); verdicts, valid_until and the
 * cleaned content are made. res is not kept. Call it once. */
void kb_export_finish(kb_export *x, const kb_results *res);
size_t kb_export_count(const kb_export *x);
const kb_export_record *kb_export_get(const kb_export *x, size_t i);
/* What x keeps of the articles' text (kb_export_new's content). */
kb_content_mode kb_export_content(const kb_export *x);
/* The run's date as YYYY-MM-DD (static storage of x). */
const char *kb_export_checked_at(const kb_export *x);

/* The formats kb_export_render knows: "jsonl, json, csv". */
const char *kb_export_formats(void);
bool kb_export_format_known(const char *format);
/* Writes the records whose verdict is in only to out in format. Content goes with them when
 * x keeps it ("csv": a last column). Returns 0, or -1 for an unknown format. */
int kb_export_render(const kb_export *x, const char *format, unsigned only, FILE *out);
/* Writes one record as one line of JSON (no newline); file (or NULL) adds "file", the record's
 * path in an --out-dir folder; content false leaves out "content" ("removed" is there whenever
 * x cleans content). */
void kb_export_record_json(FILE *out, const kb_export *x, const kb_export_record *r,
			   bool content, const char *file);

void kb_export_free(kb_export *x);

/* clean.c: the blocks (paragraph, heading, list item, table row, block quote) of
 * content[0..len) that hold one of lines (content lines, from 1), as [first, last] content
 * line pairs into *out (heap, caller frees), in order, merged where they overlap. Returns
 * how many. */
size_t kb_export_blocks(const char *content, size_t len, const int *lines, size_t nlines,
			int (**out)[2]);

#endif
