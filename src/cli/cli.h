/* cli.h: internal to src/cli: what the commands share. */
#ifndef KB_CLI_H
#define KB_CLI_H

#include <stdbool.h>
#include <stdio.h>
#include <stdint.h>

#include "config.h"
#include "engine.h"
#include "facts.h"
#include "gitdates.h"
#include "roster.h"
#include "rule.h"

enum { EXIT_CLEAN = 0, EXIT_FINDINGS = 1, EXIT_USAGE = 2 };

extern const char kb_cli_usage[];

typedef struct {
	const char *argv0;   /* how kblint was started: finds the shipped rules beside it */
	const char *config;
	bool no_config;
	const char *today;
	const char *format;
	const char *output;
	int fail_on;       /* kb_severity, or KB_SEV_COUNT for never */
	int min_severity;
	bool follow_symlinks;
	unsigned jobs;     /* -j: worker threads; 0 for one per CPU */
	int color;         /* -1 auto */
	bool quiet;
	bool check_examples;
	const char *by;      /* verify */
	const char *date;    /* verify */
	bool dry_run;        /* verify */
	const char *baseline;        /* check: report only findings not in this baseline */
	const char *write_baseline;  /* check: record the findings here instead of reporting */
	const char *changed_since;   /* check: a git ref; only what changed since is reported */
	bool changed_files;          /* check: the PATHs are changed files (pre-commit hook) */
	bool use_stdin;              /* check: the article is on standard input ... */
	const char *stdin_filename;  /* ... and stands for this file */
	bool report_unused_disables; /* check: report suppressions that held back nothing */
	bool fix;                    /* check: apply the safe fixes to the files */
	bool unsafe_fixes;           /* check: the unsafe fixes too (implies fix) */
	bool diff;                   /* check: print the fixes as a unified diff, write nothing */
	bool timings;                /* check: print where the time went, to stderr */
	const char *sarif_category;  /* check: SARIF's automationDetails.id is kblint/NAME/ */
	kb_col_unit column_unit;     /* check: what the columns count (--column-unit) */
	const char *state;           /* audit: the state file of earlier runs */
	const char *owner;           /* audit: only this owner's report */
	/* audit e-mail (audit_email.c) */
	bool email;                  /* audit: mail each owner their report */
	const char *send;            /* audit: "sendmail" or "smtp"; NULL: .eml files */
	const char *smtp_url;        /* audit: smtp://HOST:PORT or smtps://HOST:PORT */
	const char *out_dir;         /* audit: the folder of the .eml files */
	bool show_config;            /* check: print the effective config and where it came from */
	bool format_set;             /* -f was given (export: jsonl by default, no -f with --out-dir) */
	unsigned only;               /* export: the verdicts emitted (1 << kb_trust); 0: all */
	int content;                 /* export: --content (kb_content_mode), -1 when not given */
} kb_options;

/* Everything a command needs: config and rules, loaded and validated. */
typedef struct {
	kb_config cfg;
	kb_ruleset rules;
	kb_engine engine;
	kb_facts facts;
	kb_roster owners;  /* the config's owners roster; empty when none */
	struct kb_codeowners *codeowners; /* the config's CODEOWNERS (`codeowners`); NULL: none */
	kb_gitdates gitdates;             /* freshness.fallback: git; empty when not asked for */
	char *cache_dir; /* kb_cache_dir(): the engine's cache_dir; NULL: no cache */
} kb_setup;

/* Prints the times of a run (kblint check --timings) to f, longest first. */
void kb_timings_print(FILE *f, const kb_timings *t, const kb_ruleset *rules, size_t files);

/* Prints "kblint: REASON" (fmt with arg) and the usage to stderr; returns EXIT_USAGE. */
int kb_cli_usage_error(const char *fmt, const char *arg);
/* Loads the config (found from first_path unless o says otherwise), the shipped and configured
 * rules and the date; config errors are printed. Returns 0, or -1 (free s either way). */
int kb_cli_setup(kb_setup *s, const kb_options *o, const char *first_path);
void kb_cli_setup_free(kb_setup *s);
/* The start of a command that walks PATHs (facts, audit, export): PATH defaults to "."; the
 * PATHs that do not exist are reported (kb_cli_existing_paths), left out, and *missing is set
 * (the command exits 2 after its report of the others); then kb_cli_setup. Returns 0, or -1
 * (s freed) when no PATH exists or the setup failed: the command exits 2. */
int kb_cli_begin(const kb_options *o, char ***paths, int *npaths, kb_setup *s, bool *missing);
/* Writes data[0..len) (NULL: nothing) to the file output, replaced atomically, or to stdout when
 * output is NULL. Returns 0, or -1 after printing why ("kblint: cannot write the WHAT: ..."). */
int kb_cli_write_output(const char *output, const char *data, size_t len, const char *what);

/* Sorts out the PATHs named on the command line that do not exist: for each, prints
 * "kblint: PATH: no such file or folder" to stderr and adds "PATH: no such file or folder" to
 * failures (the path made printable). The paths that exist are moved to the front of paths, in
 * their order. Returns how many exist. */
int kb_cli_existing_paths(char **paths, int npaths, kb_strv *failures);
/* For a run of check over paths (all existing) that checked no article and could load every
 * file: prints why to stderr for each folder among paths, "kblint: no article to check in
 * PATH: found ...; add include: [...]", and adds each message (without "kblint: ") to failures.
 * A file named on the command line that holds no article (a YAML file without one) is no
 * failure: the summary counts it as skipped. */
void kb_cli_no_article(const kb_setup *s, char **paths, int npaths, kb_strv *failures);
/* For a command that walks PATHs (facts, audit, export; all existing, from kb_cli_begin): runs e
 * (s's engine, or a copy) over them into res; when no article was checked and every file could
 * be loaded, says why (kb_cli_no_article: a wrong path or include, as for check) and sets
 * *missing. */
void kb_cli_walk(const kb_setup *s, kb_engine *e, char **paths, int npaths, kb_results *res,
		 bool *missing);

/* fix.c: kblint check --fix, --unsafe-fixes, --diff. */
typedef struct {
	bool unsafe;              /* the unsafe fixes too */
	bool diff;                /* a unified diff into the caller's buffer; no file written */
	kb_severity min_severity; /* findings below it are not reported, and not fixed */
} kb_fix_opts;
typedef struct {
	size_t fixed;       /* findings fixed (or, with diff, that the diff fixes) */
	size_t files;       /* files changed (or in the diff) */
	size_t unsafe_left; /* findings with an unsafe fix that was not applied */
} kb_fix_stats;
/* Applies the fixes of res's findings (sorted by file), the safe ones and with o->unsafe the
 * unsafe ones, to their files: each file read again and written atomically, every byte outside
 * the edits kept, and left alone (said on stderr) when it no longer holds what the run read.
 * Edits that overlap one made are skipped. With o->diff, appends a unified diff of what would
 * change to diff instead. Returns 0, or -1 when a file could not be read or written (said on
 * stderr; the other files are still fixed). */
int kb_fix_run(const kb_results *res, const kb_fix_opts *o, kb_fix_stats *st, kb_buf *diff);

/* baseline.c: fingerprints of accepted findings, sorted. */
typedef struct {
	uint64_t *v;
	size_t n, cap;
} kb_baseline;

/* Reads the baseline at path into b (free with kb_baseline_free). Returns 0, or -1 after printing
 * "path: error: ..." or "path:line:col: error: ..." to stderr. */
int kb_baseline_load(const char *path, kb_baseline *b);
/* Drops from res every finding whose fingerprint is in b. */
void kb_baseline_apply(const kb_baseline *b, kb_results *res);
void kb_baseline_free(kb_baseline *b);
/* Writes res's findings to path as a baseline (sorted JSON, one finding per line), atomically.
 * Returns 0, or -1 after printing why. */
int kb_baseline_write(const char *path, const kb_results *res);

/* changed.c: the files git says changed since a ref. */
typedef struct kb_changed kb_changed;

/* Asks git (in first_path's folder) what changed between ref and the work tree, untracked files
 * included. Returns a set to free with kb_changed_free, or NULL after printing why (not a work
 * tree, an unknown ref). s gives the config and the files it names. */
kb_changed *kb_changed_open(const char *ref, const char *first_path, const kb_setup *s);
/* The files named as changed (kblint check --changed-files), as they are on disk; a file that
 * does not exist was deleted. Sets *any when one of them is an article under the config's folder
 * that include matches and exclude does not (or was one), or is the config, a rule, the facts
 * or the owners file: when false, nothing can be reported. Free with kb_changed_free. */
kb_changed *kb_changed_files(char *const *files, size_t n, const kb_setup *s, bool *any);
/* The knowledge base --changed-files reads: the config's folder as a path from here ("." with
 * no config file, "kb", "..", or absolute when neither is below the other); caller frees. */
char *kb_changed_root(const kb_config *cfg);
/* The engine's corpus_done hook (ud is the kb_changed): notes the links that name a changed
 * file, resolved as the links kind resolves them (resolve.h: pretty URLs, redirects, aliases). */
void kb_changed_corpus(void *ud, struct kb_corpus *corpus, const kb_config *cfg);
/* Replaces res by the findings and load errors of changed files, and the cross-article findings
 * of other files that involve a changed file; only those files are listed. */
void kb_changed_filter(kb_changed *c, const kb_ruleset *rules, kb_results *res);
void kb_changed_free(kb_changed *c);

/* stdin.c: the folder of path ("." when it has none); caller frees. */
char *kb_stdin_folder(const char *path);
/* Reads standard input and checks it as the file path (named so in the findings), with the
 * knowledge base around it as neighbours for the cross-article checks. Returns 0, or -1 after
 * printing why. */
int kb_stdin_check(kb_setup *s, const char *path, kb_results *res);
/* Checks text[0..len) as the file path, as kb_stdin_check checks standard input. Returns 0. */
int kb_check_text(kb_setup *s, const char *path, const char *text, size_t len, kb_results *res);
/* The folder whose files are path's neighbours when it is checked with s (the config's folder,
 * else path's own, physical), and in *abs path's physical absolute path. Caller frees both. */
char *kb_check_root(const kb_setup *s, const char *path, char **abs);
/* lsp.c: kblint lsp, a language server on stdin and stdout; returns the exit status. */
int kb_cmd_lsp(const kb_options *o, char **args, int nargs);

/* check_cmd.c: kblint check over paths (or the text on stdin), then --changed-since, then the
 * baseline; writes the report (or the baseline) and returns the exit status. */
int kb_cmd_check(const kb_options *o, char **paths, int npaths);
/* rules_cmd.c: kblint rules (no arguments) and kblint explain RULE-ID; return the exit status. */
int kb_cmd_rules(const kb_options *o, char **args, int nargs);
int kb_cmd_explain(const kb_options *o, char **args, int nargs);

int kb_cmd_verify(const kb_options *o, char **files, int nfiles);
int kb_cmd_facts(const kb_options *o, char **paths, int npaths);
/* audit_cmd.c: kblint audit; returns the exit status (0, or 2 for usage, config and state
 * errors). */
int kb_cmd_audit(const kb_options *o, char **paths, int npaths);

/* audit_email.c: kblint audit --email. */
struct kb_audit;
/* Checks the e-mail options together (--send needs --email, and so on). Returns 0, or
 * EXIT_USAGE after printing why and the usage. */
int kb_audit_email_check(const kb_options *o);
/* Builds and delivers one message per owner (o->send, o->smtp_url, o->out_dir), printing one
 * line per message (failures to stderr). Returns how many could not be delivered, or -1 after
 * printing why no message could be built (audit.from missing). */
int kb_audit_email(const kb_options *o, const struct kb_audit *a, const kb_config *cfg);

/* export_cmd.c: kblint export; returns the exit status (0, or 2 for usage and config errors, a
 * PATH that does not exist, an --out-dir folder it may not write). */
int kb_cmd_export(const kb_options *o, char **paths, int npaths);

/* export_dir.c: kblint export --out-dir. */
struct kb_export;
/* Checks that dir may be written: it does not exist, is empty, or holds the marker file
 * .kblint-export; and that a manifest there can be read. Returns 0, or -1 after printing why. */
int kb_export_dir_check(const char *dir);
/* Writes x's records whose verdict is in only into dir (created when missing): the marker, one
 * Markdown file per record (not rewritten when its bytes are the same), manifest.jsonl, and
 * removes the files of the previous manifest that are no longer emitted. Every write atomic.
 * Prints a summary line to stdout. Returns 0, or -1 after printing why. */
int kb_export_dir_write(const char *dir, const struct kb_export *x, unsigned only);

/* show_config.c: kblint check --show-config. Writes cfg to out as YAML, each value followed by a
 * comment naming where it came from ("default", "hugo.toml", ".kblint.yaml:12"). Returns 0, or
 * -1 when out could not be written. */
int kb_cli_show_config(FILE *out, const kb_config *cfg);
/* Appends s to b as a YAML double-quoted string: '"' and '\\' escaped, controls, C1 and bidi
 * controls (textout.h) as \xNN or \uNNNN, invalid UTF-8 as \uFFFD; nothing unsafe is left for a
 * terminal. */
void kb_yaml_quote(kb_buf *b, const char *s);
/* Appends cfg's links.extensions to b as a YAML flow mapping: {".html": [".html.md", ...]}. */
void kb_yaml_extensions(kb_buf *b, const kb_config *cfg);
/* path (absolute) relative to cfg->dir when below it ("source", or "." for dir itself), else
 * path; points into path or is a constant. */
const char *kb_cli_below_dir(const kb_config *cfg, const char *path);

/* init_cmd.c: kblint init [PATH]: writes PATH/.kblint.yaml (never replacing one) with the
 * settings detected from the site generator; returns the exit status (2 when it exists). */
int kb_cmd_init(const kb_options *o, char **paths, int npaths);

#endif
