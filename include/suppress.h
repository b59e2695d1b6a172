/* suppress.h: what keeps a finding from being reported, and the level it is reported at: inline
 * suppressions (kblint-disable comments, a front-matter kblint.disable) and the config's
 * per-file overrides. The engine records each file's and applies them to the findings it takes
 * back (the emitter only appends), and the rules of kind "suppression" report the suppressions'
 * own mistakes. */
#ifndef KB_SUPPRESS_H
#define KB_SUPPRESS_H

#include <stdbool.h>
#include <stddef.h>

#include "article.h"
#include "config.h"
#include "date.h"
#include "diag.h"
#include "rule.h"

/* One run's suppressions and per-file overrides, by file index. */
typedef struct kb_suppress kb_suppress;

/* A new, empty store; free it with kb_suppress_free. rules and cfg must outlive it. A
 * suppression with until=DATE stops suppressing when today is after DATE. */
kb_suppress *kb_suppress_new(const kb_ruleset *rules, const kb_config *cfg, kb_date today);
void kb_suppress_free(kb_suppress *s);

/* Starts file file_index: finds the config's overrides whose globs match its path relative to the
 * config's folder. fs_path is where the file is (or stands) on disk; NULL for a text that is no
 * file (a rule example), which no override matches. */
void kb_suppress_file(kb_suppress *s, size_t file_index, const char *fs_path);

/* Records the suppressions of article a, which covers file lines first..last of its file: its
 * kblint comments and its front matter's (or YAML entry's) kblint.disable. Mistakes (an unknown
 * rule id, a bad date) and expired suppressions are reported into out at once. Everything needed
 * later is copied, so a may be freed afterwards. */
void kb_suppress_article(kb_suppress *s, const kb_article *a, int first, int last,
			 kb_results *out);

/* Drops or levels the findings r->findings[from..] as the suppressions and per-file overrides
 * say: a finding is kept at its file's override level for its rule if any, else at its own
 * (when its rule is enabled); it is dropped when its rule is off for the file, or a suppression
 * covers its line (that suppression then counts as used). The suppression rules' own findings
 * are never suppressed, only leveled. Call it once for every finding, before
 * kb_suppress_report_unused. */
void kb_suppress_apply(kb_suppress *s, kb_results *r, size_t from);

/* True when rule is to run on file file_index: it is enabled and no override turns it off for
 * the file, or an override turns it on there. */
bool kb_suppress_rule_on(const kb_suppress *s, const kb_rule *rule, size_t file_index);

/* True when rule may report anywhere: it is enabled, or an override turns it on for some files. */
bool kb_rule_may_report(const kb_config *cfg, const kb_rule *rule);

/* Reports every suppression that held back no finding (suppression-unused) into out (to be
 * leveled by kb_suppress_apply like any finding). Call it after the last finding of the run was
 * applied. */
void kb_suppress_report_unused(kb_suppress *s, kb_results *out);

#endif
