/* suppress.h: engine only: what keeps a finding from being reported, and the level it is reported
 * at: inline suppressions (read into each article by the loader, article.h's kb_suppression) and
 * the config's per-file overrides. The engine filters each file's findings once, where it
 * commits them (on one thread: the store has no lock), and keeps what the cross-article
 * findings and the unused suppressions need after the file is freed. The emitter only appends;
 * the rules of kind "suppression" report the suppressions' own mistakes. */
#ifndef KB_SUPPRESS_H
#define KB_SUPPRESS_H

#include <stdbool.h>
#include <stddef.h>

#include "article.h"
#include "config.h"
#include "date.h"
#include "diag.h"
#include "rule.h"

/* The config's overrides whose globs match one file (indices into cfg->overrides, in order).
 * Found on a worker, before its rules run; then handed to the store with the file's findings. */
typedef struct {
	size_t *v;
	size_t n;
} kb_overrides;

/* Finds the overrides of cfg that match the file at fs_path (where it is, or stands, on disk),
 * relative to the config's folder; none for NULL (a text that is no file: a rule example). Free
 * with kb_overrides_free. */
void kb_overrides_find(kb_overrides *o, const kb_config *cfg, const char *fs_path);
void kb_overrides_free(kb_overrides *o);

/* True when rule is to run on the file whose overrides o are: it is enabled and no override
 * turns it off there, or an override turns it on there. */
bool kb_overrides_rule_on(const kb_config *cfg, const kb_overrides *o, const kb_rule *rule);

/* True when rule may report anywhere: it is enabled, or an override turns it on for some files. */
bool kb_rule_may_report(const kb_config *cfg, const kb_rule *rule);

/* One run's suppressions and per-file overrides, by file index. Used from one thread. */
typedef struct kb_suppress kb_suppress;

/* A new, empty store; free it with kb_suppress_free. rules and cfg must outlive it. A
 * suppression with until=DATE stops suppressing when today is after DATE. */
kb_suppress *kb_suppress_new(const kb_ruleset *rules, const kb_config *cfg, kb_date today);
void kb_suppress_free(kb_suppress *s);

/* Commits file file_index (display path file): keeps the suppressions of l's articles (copied;
 * l may be NULL, or have failed to load) and its overrides o (taken over: o is left empty), then
 * filters r->findings[from..] as kb_suppress_apply does. Once per file, before the findings of
 * the cross-article passes are applied. */
void kb_suppress_commit(kb_suppress *s, size_t file_index, const char *file, const kb_loaded *l,
			kb_overrides *o, kb_results *r, size_t from);

/* Drops or levels the findings r->findings[from..] as the committed files' suppressions and
 * overrides say: a finding is kept at its file's override level for its rule if any, else at
 * its own (when its rule is enabled); it is dropped when its rule is off for the file, or a
 * suppression covers its line (that suppression then counts as used). The suppression rules'
 * own findings are never suppressed, only leveled. Call it once for every finding, before
 * kb_suppress_report_unused. */
void kb_suppress_apply(kb_suppress *s, kb_results *r, size_t from);

/* Reports, through the rules of kind suppression with check unused, every suppression that held
 * back no finding into out, and levels those findings as kb_suppress_apply does. Call it after
 * the last finding of the run was applied. */
void kb_suppress_report_unused(kb_suppress *s, kb_results *out);

#endif
