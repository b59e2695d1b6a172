/* audit.h: the audit report (`kblint audit`): one run's articles grouped by owner, with the
 * reviews that are overdue, those falling due soon and the findings on each owner's articles;
 * the state file that remembers earlier runs; and the renderers (text, markdown, json, html).
 * Used by the CLI (src/cli/audit_cmd.c) and by the e-mail sender (src/mail/), which renders
 * one owner's section per message.
 *
 * How to use it (what `kblint audit` does):
 *
 *	kb_audit a;
 *	kb_audit_init(&a, &setup.cfg, setup.engine.today);   // cfg must outlive a
 *	kb_buf err = {0};
 *	if (state && kb_audit_state_read(&a, state, &err) != 0)  // before finish
 *		... print err.data (one line, no newline), exit 2 ...
 *	setup.engine.visit = kb_audit_visit;                   // every article is recorded
 *	setup.engine.visit_ud = &a;
 *	kb_engine_run(&setup.engine, paths, npaths, &res);
 *	kb_audit_finish(&a, &res);                              // res may be freed afterwards
 *	kb_buf out = {0};
 *	kb_audit_render(&a, "text", NULL, &out);                // or one owner: "billing-team"
 *	kb_audit_state_write(&a, state, &err);                  // after the report is out
 *	kb_audit_free(&a);
 *
 * Ownership: a kb_audit owns every string and array it points to (in its arena); they live
 * until kb_audit_free. Renderers append to a kb_buf the caller owns and frees. No function
 * prints anything. */
#ifndef KB_AUDIT_H
#define KB_AUDIT_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "article.h"
#include "config.h"
#include "date.h"
#include "diag.h"
#include "util.h"

/* How many runs a state file keeps; older runs are dropped when it is written. */
enum { KB_AUDIT_STATE_RUNS = 52 };

/* Buckets of the time since an article's last review (the age histogram). A review date that
 * is missing, invalid or after today counts as "no review date". */
#define KB_AUDIT_AGES(X) \
	X(MONTH, "under 1 month") X(QUARTER, "1-3 months") X(HALF, "3-6 months") \
	X(YEAR, "6-12 months") X(TWO_YEARS, "1-2 years") X(OLDER, "over 2 years") \
	X(UNKNOWN, "no review date")
typedef enum {
#define X(e, s) KB_AUDIT_AGE_##e,
	KB_AUDIT_AGES(X)
#undef X
	KB_AUDIT_AGE_COUNT
} kb_audit_age;

/* The bucket's label, such as "1-3 months". */
const char *kb_audit_age_name(kb_audit_age b);

/* One article in an owner's list (overdue or due soon). */
typedef struct {
	const char *title;    /* front matter `title` (a YAML entry's `question` too), else the
			       * first heading, else the file name */
	const char *path;     /* as kblint shows it in findings (the display path) */
	const char *key;      /* stable identity in the state file: the path relative to the
			       * config's folder, with "#N" for the Nth entry (from 1) of a YAML
			       * file that holds several articles */
	const char *url;      /* audit.base_url + the key's path, percent-encoded; NULL when
			       * audit.base_url is not set */
	const char *owner;    /* the owner role's text as written (several owners joined with
			       * ", "), or NULL when the article names none */
	int line;             /* where the article starts in its file */
	bool has_reviewed;    /* false: no valid review date */
	kb_date reviewed;     /* the last review, when has_reviewed */
	bool reviewed_git;    /* reviewed is the file's last commit (freshness.fallback: git) */
	kb_date due;          /* the review's due date (last review + interval) */
	int days;             /* overdue list: days past due (>= 1); due-soon list: days until
			       * due (0 is today) */
	bool is_new;          /* overdue, and not overdue in the previous run (state file) */
} kb_audit_item;

/* Counts over a set of articles: the whole knowledge base, or one owner's articles. */
typedef struct {
	size_t articles;      /* articles (each entry of a YAML FAQ file counts as one) */
	size_t live;          /* of them, those not archived, deprecated or obsolete */
	size_t fresh;         /* live articles whose review is not overdue (due today or later) */
	size_t overdue;       /* live articles whose review is overdue (the stale count) */
	size_t due_soon;      /* live articles due within audit.due_within */
	size_t new_overdue;   /* overdue articles that the previous run did not list as overdue */
	size_t findings[KB_CAT_COUNT]; /* every finding on these articles, by kb_category: the
			       * same findings `kblint check` reports, review-overdue included */
	size_t ages[KB_AUDIT_AGE_COUNT]; /* live articles by time since their last review */
} kb_audit_counts;

/* One owner: a name of the owner role (a list of owners is split, so an article owned by
 * "billing-team, legal" is in both), or audit.default_owner for articles with none. */
typedef struct {
	const char *name;
	kb_audit_counts counts;
	kb_audit_item *overdue;     /* most overdue first (then by path and line) */
	size_t noverdue;            /* == counts.overdue */
	kb_audit_item *due_soon;    /* soonest first (then by path and line) */
	size_t ndue_soon;           /* == counts.due_soon */
} kb_audit_owner;

/* One run as the state file remembers it. */
typedef struct {
	kb_date date;               /* the run's today */
	size_t articles, live, fresh, overdue, due_soon;
} kb_audit_run;

typedef struct kb_audit {
	kb_arena arena;             /* everything below lives here */
	const kb_config *cfg;       /* not owned; gives audit.* and the config's folder */
	kb_date today;
	size_t files;               /* files read (or tried) */
	const char **unreadable;    /* display paths of the files that could not be loaded */
	size_t nunreadable;
	kb_audit_counts total;      /* the whole knowledge base (an article counts once) */
	kb_audit_owner *owners;     /* sorted by name (byte order) */
	size_t nowners;
	/* From the state file (kb_audit_state_read); all false/0 on a first run. */
	bool has_previous;          /* a run before today was read */
	kb_audit_run previous;      /* the latest run before today */
	bool compared;              /* the previous run listed its overdue articles, so is_new,
				     * new_overdue and resolved are known */
	size_t resolved;            /* overdue in the previous run and not overdue now (reviewed,
				     * retired, or gone) */
	kb_audit_run *runs;         /* the trend: the state's runs up to today, oldest first, this
				     * run last (nruns >= 1 after kb_audit_finish) */
	size_t nruns;
	struct kb_audit_priv *priv; /* the builder's and the state's internals */
} kb_audit;

/* Starts an empty audit of the articles checked on today. cfg (not copied) must outlive a. */
void kb_audit_init(kb_audit *a, const kb_config *cfg, kb_date today);

/* Reads the state file at path, written by an earlier kb_audit_state_write; call it before
 * kb_audit_finish. A file that does not exist is a first run (returns 0). Returns -1, with one
 * line in err (no newline) and a left unchanged, when the file cannot be read or is not a
 * valid state: "PATH:LINE:COLUMN: error: invalid audit state: REASON" when it is not JSON,
 * "PATH: error: invalid audit state: WHERE: REASON" for a value it cannot hold (WHERE is its
 * path, runs[2].date), or "PATH: error: cannot read the audit state: REASON". */
int kb_audit_state_read(kb_audit *a, const char *path, kb_buf *err);
/* The same for a state already in memory, s[0..n) (need not end in NUL), named name in err. */
int kb_audit_state_parse(kb_audit *a, const char *name, const char *s, size_t n, kb_buf *err);

/* The engine's visit hook (kb_engine.visit, with visit_ud = the kb_audit): records one
 * article (copied; the article may be freed afterwards). */
void kb_audit_visit(void *ud, const kb_article *art);

/* Ends the audit after kb_engine_run: maps res's findings to the owners of the articles they
 * are in (by file and line), counts, groups and sorts, marks what is new since the state's
 * previous run, and adds this run to the trend. res is not kept. Call it once. */
void kb_audit_finish(kb_audit *a, const kb_results *res);

/* Writes the state file: the runs read (at most KB_AUDIT_STATE_RUNS, the oldest dropped), this
 * run replacing any run of the same date, and the overdue articles of the latest two runs.
 * Atomic (a temporary file beside it, then a rename). Returns 0, or -1 with one line in err:
 * "PATH: error: cannot write the audit state: REASON". */
int kb_audit_state_write(const kb_audit *a, const char *path, kb_buf *err);

/* The owner named name exactly, or NULL. */
const kb_audit_owner *kb_audit_owner_find(const kb_audit *a, const char *name);

/* The share of live articles reviewed within their interval, as a whole percentage (rounded
 * half up), or -1 when c has no live article. */
int kb_audit_freshness(const kb_audit_counts *c);

/* The formats kb_audit_render knows: "text, markdown, json, html". */
const char *kb_audit_formats(void);
bool kb_audit_format_known(const char *format);

/* Appends the report to out in format ("text", "markdown", "json" or "html"; see
 * docs/audit.md for each one's layout, and the JSON schema).
 *  - owner NULL: everything: the knowledge-base summary (counts, freshness, what is new, the
 *    stale trend, the owners with the most overdue work, files that could not be checked),
 *    then every owner's section, in name order.
 *  - owner a name: that owner's report alone, as one e-mail holds it: a summary of their
 *    articles, then their section. The "html" page of one owner has its age histogram and
 *    no per-owner bar chart.
 * "text", "markdown" and "html" cap each list at audit.limit_per_owner ("and 12 more"); "json"
 * always lists everything. "html" is one self-contained page: inline CSS and SVG, no script,
 * nothing fetched. Every string that comes from an article is escaped for the format (and
 * control characters and invalid UTF-8 become U+FFFD). Returns 0, or -1 (out unchanged) for
 * an unknown format or an owner the audit does not have. */
int kb_audit_render(const kb_audit *a, const char *format, const char *owner, kb_buf *out);

/* Appends a one-line subject for the report (owner NULL) or one owner's report, such as
 * "Knowledge-base audit 2026-11-25: 2 overdue (1 new), 1 due soon (billing-team)". Strings
 * from articles are not escaped (an owner's name is taken as written, with control
 * characters replaced by spaces). Returns 0, or -1 (out unchanged) for an unknown owner. */
int kb_audit_subject(const kb_audit *a, const char *owner, kb_buf *out);

/* What the audit and kblint export both say about an article. */
/* The article's title: front matter `title` (a YAML entry's `question` too), else its first
 * heading, whitespace runs made one space; NULL when it has neither. In ar. */
const char *kb_audit_title(kb_arena *ar, const kb_article *art);
/* The display path relative to the config's folder when the file is below it, else the display
 * path without a leading "./". In ar. */
const char *kb_audit_rel_path(kb_arena *ar, const kb_config *cfg, const char *display);
/* Appends the page's address to b: audit.base_url joined with the path the site serves rel
 * (relative to the config's folder) at, percent-encoded. Returns false (b unchanged) when
 * audit.base_url is not set. */
bool kb_audit_page_url(kb_buf *b, const kb_config *cfg, const char *rel);

/* Frees what a holds (not a itself) and zeroes it. */
void kb_audit_free(kb_audit *a);

#endif
