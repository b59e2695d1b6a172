/* audit_int.h: internal to src/audit: what the model, the state file and the renderers share. */
#ifndef KB_AUDIT_INT_H
#define KB_AUDIT_INT_H

#include <stdio.h>

#include "audit.h"
#include "strset.h"

/* One article as kb_audit_visit recorded it. Strings live in the audit's arena. */
typedef struct {
	size_t file_index;
	int line;
	size_t entry;            /* 1 for a file's first article, 2 for its second, ... */
	const char *title;       /* as written, or NULL: the file name is used */
	const char *path;        /* display path */
	const char *rel;         /* relative to the config's folder */
	const char *owner;       /* the role's text, or NULL */
	const char **names;      /* the owners it is split into (default owner when none) */
	size_t nnames;
	bool retired, has_due, has_reviewed;
	bool reviewed_git;       /* reviewed is the last commit's date (freshness.fallback: git) */
	kb_date due, reviewed;
	size_t findings[KB_CAT_COUNT];
} kb_audit_rec;

/* A run of the state file, with the keys of its overdue articles when it lists them. */
typedef struct {
	kb_audit_run run;
	bool has_keys;
	const char **keys;
	size_t nkeys;
} kb_audit_srun;

struct kb_audit_priv {
	kb_audit_rec *recs;
	size_t nrecs, caprecs;
	/* the state as read (sorted by date), then, after kb_audit_finish, as it is to be written */
	kb_audit_srun *runs;
	size_t nruns;
	bool finished;
};

/* Days from a to b (b - a). */
static inline int kb_audit_days(kb_date a, kb_date b)
{
	return (int)(b - a);
}

/* Renderers (render.c, html.c, json.c): the owners shown (all, or the one asked for) and the
 * counts of the summary. */
typedef struct {
	const kb_audit *a;
	const kb_audit_owner *const *owners;
	size_t nowners;
	const kb_audit_owner *only;   /* set when one owner's report is rendered */
	const kb_audit_counts *counts;
	size_t limit;                 /* 0: no limit */
} kb_audit_view;

int kb_audit_render_text(FILE *out, const kb_audit_view *v);
int kb_audit_render_markdown(FILE *out, const kb_audit_view *v);
int kb_audit_render_json(FILE *out, const kb_audit_view *v);
int kb_audit_render_html(FILE *out, const kb_audit_view *v);

/* The owners with the most overdue work (at most max, most first, ties by name); returns how
 * many were put in out. */
size_t kb_audit_top_owners(const kb_audit *a, const kb_audit_owner **out, size_t max);
/* "1 article" / "2 articles". */
const char *kb_audit_plural(size_t n, const char *one, const char *many);
/* An item's due date and last review as the tables show them ("2026-01-31", "2025-12-01 (git)"
 * or "" when never reviewed), into the caller's buffers. */
void kb_audit_item_dates(const kb_audit_item *it, char due[16], char rev[32]);

#endif
