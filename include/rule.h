/* rule.h: rules as data, the rule-kind interface, and rule sets; used by the engine, the CLI
 * and every file in src/rules/. */
#ifndef KB_RULE_H
#define KB_RULE_H

#include <stdbool.h>

#include "article.h"
#include "config.h"
#include "diag.h"
#include "util.h"
#include "ydata.h"

typedef struct kb_rule kb_rule;
typedef struct kb_check kb_check;
typedef struct kb_corpus_check kb_corpus_check;
struct kb_summary;
struct kb_corpus;
struct kb_ruleset;
struct kb_regex_scratch;

typedef struct {
	char *text;   /* article text (Markdown, front matter allowed) */
	bool bad;     /* true: the rule must fire on it; false: it must not */
	char *today;  /* optional YYYY-MM-DD the example assumes */
	kb_strv with_names, with_texts; /* other articles beside it (cross-article rules) */
	char *facts;  /* a facts file's text the example assumes, or NULL */
} kb_example;

struct kb_rule {
	char *id;
	const struct kb_kind *kind;
	kb_category category;
	kb_severity severity;          /* after config overrides */
	bool enabled;                  /* false when the config says off */
	char *message;                 /* template, see kb_template_expand */
	char *description;
	/* where the rule is documented: the rule file's `url`, or for a shipped rule its section
	 * of docs/rules.md (set by the CLI); NULL when none (SARIF's helpUri) */
	char *help_uri;
	unsigned scope;                /* kb_scope bits */
	kb_example *examples;
	size_t nexamples;
	char *file;                    /* where the rule is defined */
	int line, col;
	void *data;                    /* the kind's compiled form */
	/* its findings' fixes may be applied by --fix (safe) or only with --unsafe-fixes: the
	 * rule file's fix_safety, else the kind's default (kb_rule_fix_safety) */
	bool fix_safe;
};

/* Passed to compile: where errors go and what the rule may need. */
typedef struct {
	const char *file;
	kb_errs *errs;
	const kb_config *cfg;
	/* the rule set's prefilter: a kind registers each pattern it scans prose with
	 * (kb_prefilter_add, prefilter.h); NULL: none */
	struct kb_prefilter *pf;
} kb_compile_ctx;

/* One rule kind: one file in src/rules/, one line in src/rules/kinds.def. */
typedef struct kb_kind {
	const char *name;
	const char *const *keys;   /* kind-specific YAML keys, NULL-terminated */
	unsigned default_scope;
	/* Validates the kind's keys of map and fills rule->data. Errors go to ctx->errs with the
	 * file:line:col of the offending value; returns 0 or -1. */
	int (*compile)(kb_rule *rule, const kb_ynode *map, kb_compile_ctx *ctx);
	/* Checks one article, reporting only through kb_emit; NULL for cross-article kinds. */
	void (*check)(const kb_rule *rule, kb_check *c);
	/* Checks the whole knowledge base after every article is loaded, from the summaries,
	 * reporting only through kb_emit_summary; NULL for per-article kinds. */
	void (*check_corpus)(const kb_rule *rule, kb_corpus_check *c);
	void (*free)(kb_rule *rule);
	bool needs_statements;     /* the corpus must collect sentence skeletons (statements.h) */
	bool metadata;             /* judges an article's metadata (freshness, owner, status,
				    * schema): not run on fragments (kb_article.fragment) */
} kb_kind;

/* The article being checked and where its findings go. */
struct kb_check {
	const kb_config *cfg;
	kb_date today;
	kb_article *art;
	kb_results *out;
	const struct kb_ruleset *rules; /* the run's rules (the suppression kind looks up the ids
					  * suppressions name); NULL: every id counts as known */
	struct kb_regex_scratch *scratch; /* the checking thread's matching state (regex.h) */
	/* for each of the article's blocks, the patterns that may match in it (prefilter.h);
	 * NULL: every pattern may match everywhere */
	const struct kb_prefilter_hits *pf;
};

/* The whole knowledge base, for cross-article kinds. */
struct kb_corpus_check {
	const kb_config *cfg;
	kb_date today;
	struct kb_corpus *corpus;
	kb_results *out;
	/* KB_ALL_FILES: every file's findings are wanted; else only those of the file with this
	 * index, and a kind may skip the work whose findings would be in other files (a check of
	 * one text against an index of its neighbours: kb_engine_check_text_indexed) */
	size_t only;
	unsigned jobs; /* threads a kind may use (0 or 1: only the calling one) */
};

#define KB_ALL_FILES ((size_t)-1)

/* The one emitter: appends a finding of rule at a file position. message is copied. */
void kb_emit(kb_check *c, const kb_rule *rule, int line, int col, const char *message);
/* What a finding is about, for its end and its fix (kb_emit_span). */
typedef struct {
	int end_line, end_col; /* its exclusive end, a file position in characters; 0: unknown */
	const char *text;      /* the text the rule read there (len bytes): the end and the fix
				* are kept only when the file holds exactly these bytes from the
				* finding's start to its end, so a fix never edits what it did not see */
	size_t len;
	const char *fix;       /* NULL, or the text that replaces it (copied) */
	bool safe;             /* the fix may be applied by --fix */
} kb_extent;
/* kb_emit, with the end of what the finding is about and its fix. */
void kb_emit_span(kb_check *c, const kb_rule *rule, int line, int col, const kb_extent *span,
		  const char *message);
/* The most general form: any file, an explicit severity (rules may escalate), related
 * locations (copied). */
void kb_emit_at(kb_results *out, const kb_rule *rule, size_t file_index, const char *file,
		const char *owner, kb_pos at, kb_severity severity, const char *message,
		const kb_related *related, size_t nrelated);
/* The same for a cross-article finding in the article that summary s describes. */
void kb_emit_summary(kb_corpus_check *c, const kb_rule *rule, const struct kb_summary *s,
		     kb_pos at, const char *message);

/* Message templates: "$0".."$9" and "${name}" are replaced through lookup (NULL or "" when
 * unset), "${name:+word}" gives word (itself expanded) when name is set and not empty, "$$" is
 * "$". The result is appended to out. */
typedef const char *(*kb_lookup_fn)(void *ud, const char *name, size_t len, size_t *outlen);
void kb_template_expand(const char *tmpl, kb_lookup_fn lookup, void *ud, kb_buf *out);

typedef struct kb_ruleset {
	kb_rule **v;
	size_t n, cap;
	/* every prose pattern of the rules, for one pass over each article (prefilter.h); made
	 * by the first load, built by kb_ruleset_configure */
	struct kb_prefilter *pf;
} kb_ruleset;

const kb_kind *kb_kind_find(const char *name);
/* The kind names, for messages ("pattern, substitution, ..."). Static storage. */
const char *kb_kind_names(void);

/* Loads one rule file (or every *.yaml and *.yml in a folder, sorted) into rs.
 * Returns 0, or -1 with messages in errs. */
int kb_ruleset_load(kb_ruleset *rs, const char *path, const kb_config *cfg, kb_errs *errs);
/* Adds the rules of the rule-file text src[0..len), named path in messages, to rs; as
 * kb_ruleset_load of one file. */
int kb_ruleset_parse(kb_ruleset *rs, const char *path, const char *src, size_t len,
		     const kb_config *cfg, kb_errs *errs);
/* Applies cfg->severity; unknown rule ids are errors. */
int kb_ruleset_configure(kb_ruleset *rs, const kb_config *cfg, kb_errs *errs);
kb_rule *kb_ruleset_find(const kb_ruleset *rs, const char *id);
/* The description's first sentence on one line (or the id when there is no description),
 * appended to out. */
void kb_rule_summary(const kb_rule *r, kb_buf *out);
void kb_ruleset_free(kb_ruleset *rs);

/* A file of this name beside an uninstalled kblint (the build folder) names the folder of the
 * shipped rule packs, relative to the build folder; meson writes it when it configures. */
#define KB_RULES_MARKER "kblint-rules"
/* The folder of shipped rule packs: $KBLINT_RULES_DIR; for a kblint in the build folder (found
 * from /proc/self/exe, else argv0 and $PATH) the folder KB_RULES_MARKER names; for an installed
 * one the data folder beside its bin folder (KBLINT_RULES_FROM_BIN), else the data folder it was
 * configured with. Nothing of the source or build folder is compiled in. Caller frees. */
char *kb_rules_dir(const char *argv0);

/* Shared helpers for kinds: a string or a list of strings. Appends to out; -1 on a type error. */
int kb_rule_strings(const kb_ynode *n, const char *key, kb_strv *out, kb_compile_ctx *ctx);
/* A YAML boolean option of a rule: 1, 0, -1 when absent, -2 when not a boolean. */
int kb_rule_bool(const kb_ynode *map, const char *key);
/* Sets rule->fix_safe from the rule's `fix_safety` (safe or unsafe), else to dflt. Returns 0, or
 * -1 after reporting a value that is neither. */
int kb_rule_fix_safety(kb_rule *rule, const kb_ynode *map, bool dflt, kb_compile_ctx *ctx);

/* What a rule of kind "suppression" reports (its 'check'). */
#define KB_SUPPRESSION_CHECKS(X)                                                         \
	X(EXPIRED, "expired") X(UNKNOWN_RULE, "unknown-rule") X(INVALID, "invalid") \
	X(UNUSED, "unused")
typedef enum {
#define X(e, s) KB_SUPCHECK_##e,
	KB_SUPPRESSION_CHECKS(X)
#undef X
	KB_SUPCHECK_COUNT
} kb_supcheck;

/* The check of a rule of kind "suppression" (a kb_supcheck), or -1 for a rule of another kind.
 * Defined with the kind, in src/rules/suppression.c. */
int kb_suppression_check(const kb_rule *rule);
/* Reports through rule, when its check is "unused", every entry of the suppressions v[0..n) of
 * file file_index (display path file) that held back no finding (kb_sup_entry.used unset), names
 * a rule of rules (or every rule), and belongs to a suppression active on today other than a
 * kblint-enable. The kind's check reports the rest; this one needs the whole run's findings
 * filtered first, so the engine calls it at the end of a run (--report-unused-disables). */
void kb_suppression_report_unused(const kb_rule *rule, const struct kb_ruleset *rules,
				  size_t file_index, const char *file, const kb_suppression *v,
				  size_t n, kb_date today, kb_results *out);

#endif
