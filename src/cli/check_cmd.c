/* check_cmd.c: kblint check, the default command. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "report.h"
#include "site.h"
#include "textout.h"

/* Whether the text report is coloured: --color or --no-color (opt 1 or 0), else only on a
 * terminal, and not when NO_COLOR is set to something (an empty NO_COLOR does not count, as
 * no-color.org says) or TERM is dumb. */
static bool use_color(int opt)
{
	if (opt != -1)
		return opt == 1;
	const char *no = getenv("NO_COLOR"), *term = getenv("TERM");
	return isatty(STDOUT_FILENO) && !(no && *no) && !(term && strcmp(term, "dumb") == 0);
}

/* The exit status of a run: 1 for a finding at or above --fail-on (or a file that could not be
 * loaded, unless --fail-on never), 2 whatever --fail-on says when a PATH failed. */
static int check_status(const kb_options *o, const kb_results *res, const kb_strv *failures)
{
	int status = EXIT_CLEAN;
	if (res->nerrors && o->fail_on <= KB_SEV_ERROR)
		status = EXIT_FINDINGS;
	for (size_t i = 0; i < res->nfindings; i++)
		if ((int)res->findings[i].severity >= o->fail_on)
			status = EXIT_FINDINGS;
	if (failures->n) /* whatever --fail-on says */
		status = EXIT_USAGE;
	return status;
}

/* One check of the PATHs (paths[0..nexist), all existing) or of standard input into res, the
 * --changed-since or --changed-files filter (changed) and the baseline (base) applied. Returns
 * 0, or -1 when standard input could not be read (said). */
static int run_check(const kb_options *o, kb_setup *s, char **paths, int nexist, bool nothing,
		     kb_changed *changed, const kb_baseline *base, kb_results *res,
		     kb_strv *failures)
{
	kb_date_format(s->engine.today, res->today);
	if (o->use_stdin) {
		if (kb_stdin_check(s, o->stdin_filename, res) != 0)
			return -1;
	} else if (!nothing && nexist) {
		kb_timings t = {0};
		if (o->timings) {
			t.rule = xcalloc(s->rules.n + 1, sizeof *t.rule);
			s->engine.timings = &t;
		}
		kb_engine_run(&s->engine, paths, (size_t)nexist, res);
		if (o->timings) {
			kb_timings_print(stderr, &t, &s->rules, res->nfiles);
			free(t.rule);
			s->engine.timings = NULL;
		}
		/* no article in the folders given (before --changed-since narrows them): a wrong
		 * path or include, not a clean run. Files that could not be loaded say so
		 * themselves. */
		if (res->files_checked == 0 && res->nerrors == 0 && !o->changed_files && failures)
			kb_cli_no_article(s, paths, nexist, failures);
	}
	if (changed)
		kb_changed_filter(changed, &s->rules, res);
	if (o->baseline && !o->write_baseline)
		kb_baseline_apply(base, res);
	return 0;
}

/* Ends the line that says what --fix or --diff did: how many fixes were left unapplied as
 * unsafe, when some were. */
static void unsafe_note(size_t n)
{
	if (n)
		fprintf(stderr, " (%zu more with --unsafe-fixes)", n);
	fputc('\n', stderr);
}

/* --fix, --unsafe-fixes, --diff over the findings of res. With --diff: prints the diff and
 * returns the exit status. Else applies the fixes and, when a file changed, checks again into
 * res (what remains, where it is now); returns -1 to go on to the report, or EXIT_USAGE when
 * a file could not be fixed and the report should still be written (*failed is set). */
static int fix_and_recheck(const kb_options *o, kb_setup *s, char **paths, int nexist,
			   bool nothing, kb_changed *changed, const kb_baseline *base,
			   kb_results *res, bool *failed)
{
	kb_fix_opts fo = {.unsafe = o->unsafe_fixes, .diff = o->diff,
			  .min_severity = (kb_severity)o->min_severity};
	kb_fix_stats st;
	kb_buf diff = {0};
	*failed = kb_fix_run(res, &fo, &st, &diff) != 0;
	if (o->diff) {
		int status = *failed ? EXIT_USAGE : diff.len ? EXIT_FINDINGS : EXIT_CLEAN;
		if (diff.len && (fwrite(diff.data, 1, diff.len, stdout) != diff.len ||
				 fflush(stdout) != 0)) {
			fprintf(stderr, "kblint: cannot write the diff: %s\n", strerror(errno));
			status = EXIT_USAGE;
		}
		fprintf(stderr, "kblint: the diff fixes %zu finding%s in %zu file%s", st.fixed,
			st.fixed == 1 ? "" : "s", st.files, st.files == 1 ? "" : "s");
		unsafe_note(st.unsafe_left);
		kb_buf_free(&diff);
		return status;
	}
	if (st.files) {
		/* the report is of the files as they are now: positions moved, fixes that made
		 * another finding, and what remains */
		kb_results_free(res);
		kb_results_init(res);
		run_check(o, s, paths, nexist, nothing, changed, base, res, NULL);
	}
	fprintf(stderr, "kblint: fixed %zu finding%s in %zu file%s", st.fixed,
		st.fixed == 1 ? "" : "s", st.files, st.files == 1 ? "" : "s");
	unsafe_note(st.unsafe_left);
	return -1;
}

int kb_cmd_check(const kb_options *o, char **paths, int npaths)
{
	const kb_reporter *rep = kb_reporter_find(o->format);
	if (!rep) {
		fputs("kblint: unknown format '", stderr);
		kb_put_clean(stderr, o->format);
		fprintf(stderr, "' (expected one of: %s)\n", kb_reporter_names());
		fputs(kb_cli_usage, stderr);
		return EXIT_USAGE;
	}
	if (o->use_stdin && npaths)
		return kb_cli_usage_error("--stdin takes no PATH, not '%s'", paths[0]);
	static char *dot[] = {"."};
	if (npaths == 0 && !o->changed_files) {
		paths = dot;
		npaths = 1;
	}
	/* everything below is freed at abort, whatever the way there */
	int status = EXIT_USAGE;
	kb_strv failures = {0};
	kb_setup s = {0};
	kb_baseline base = {0};
	kb_changed *changed = NULL;
	char *root = NULL;
	kb_results res;
	kb_results_init(&res);

	/* a PATH that does not exist fails the run; the others are still checked and reported
	 * (--changed-files: a named file that does not exist was deleted, which is no failure) */
	int nexist = o->use_stdin || o->changed_files ? npaths
						      : kb_cli_existing_paths(paths, npaths, &failures);
	/* the config is found from the file the text on stdin stands for; the changed files'
	 * from here, as for a check of the whole folder */
	char *folder = o->use_stdin ? kb_stdin_folder(o->stdin_filename) : NULL;
	int setup = kb_cli_setup(&s, o, folder ? folder : o->changed_files || !nexist ? "." : paths[0]);
	free(folder);
	if (setup != 0)
		goto abort;
	if (o->show_config) {
		/* the config check would use, and nothing checked */
		int wr = kb_cli_show_config(stdout, &s.cfg);
		if (fflush(stdout) != 0)
			wr = -1;
		status = wr == 0 ? EXIT_CLEAN : EXIT_USAGE;
		goto abort;
	}
	s.engine.report_unused = o->report_unused_disables;
	if (o->baseline && kb_baseline_load(o->baseline, &base) != 0)
		goto abort;
	if (o->changed_since && nexist) {
		changed = kb_changed_open(o->changed_since, paths[0], &s);
		if (!changed)
			goto abort;
		s.engine.corpus_done = kb_changed_corpus;
		s.engine.corpus_done_ud = changed;
	}
	/* --changed-files: the knowledge base is read whole, the named files only select; when none
	 * is an article the config includes, nothing is checked and nothing is said */
	bool nothing = false;
	if (o->changed_files) {
		bool any;
		changed = kb_changed_files(paths, (size_t)npaths, &s, &any);
		nothing = !any;
		root = kb_changed_root(&s.cfg);
		paths = &root;
		nexist = 1;
		s.engine.corpus_done = kb_changed_corpus;
		s.engine.corpus_done_ud = changed;
	}
	if (run_check(o, &s, paths, nexist, nothing, changed, &base, &res, &failures) != 0)
		goto abort;
	if (o->write_baseline) {
		/* every finding, whatever --min-severity hides: the baseline is about identity; a
		 * run that failed records nothing */
		int wr = failures.n ? -1 : kb_baseline_write(o->write_baseline, &res);
		if (wr == 0)
			printf("%s: recorded %zu finding%s\n", o->write_baseline, res.nfindings,
			       res.nfindings == 1 ? "" : "s");
		status = wr == 0 ? EXIT_CLEAN : EXIT_USAGE;
		goto abort;
	}
	bool fix_failed = false;
	if (o->fix || o->unsafe_fixes || o->diff) {
		int st = fix_and_recheck(o, &s, paths, nexist, nothing, changed, &base, &res,
					 &fix_failed);
		if (st >= 0) {
			status = st;
			goto abort;
		}
	}
	/* SARIF declares its columnKind: Unicode code points, whatever --column-unit says */
	if (strcmp(rep->name, "sarif") != 0)
		kb_results_column_unit(&res, o->column_unit);
	status = check_status(o, &res, &failures);
	if (fix_failed)
		status = EXIT_USAGE;

	/* the report is written even when the run failed: the paths that exist were checked, and
	 * SARIF and JUnit say that the run failed */
	kb_report_opts ro = {.min_severity = (kb_severity)o->min_severity, .version = KBLINT_VERSION,
			     .quiet = o->quiet || nothing, .rules = &s.rules, .err = stderr,
			     .step_summary = getenv("GITHUB_STEP_SUMMARY"),
			     .sarif_category = o->sarif_category,
			     .failures = (const char *const *)failures.v, .nfailures = failures.n,
			     .changed_since = o->changed_since, .site_name = s.cfg.site_name,
			     .site_label = kb_site_label(s.cfg.site_name), .site_file = s.cfg.site_file};
	if (o->output) {
		char *buf = NULL;
		size_t len = 0;
		FILE *mem = open_memstream(&buf, &len);
		int wr = mem ? rep->write(mem, &res, &ro) : -1;
		if (mem)
			fclose(mem);
		char err[600];
		if (wr != 0 || kb_write_file_atomic(o->output, buf, len, err, sizeof err) != 0) {
			fprintf(stderr, "kblint: %s\n", wr != 0 ? "cannot render the report" : err);
			status = EXIT_USAGE;
		}
		free(buf);
	} else {
		ro.color = use_color(o->color);
		if (rep->write(stdout, &res, &ro) != 0 || fflush(stdout) != 0) {
			fprintf(stderr, "kblint: cannot write the report: %s\n", strerror(errno));
			status = EXIT_USAGE;
		}
	}
abort:
	kb_changed_free(changed);
	free(root);
	kb_baseline_free(&base);
	kb_results_free(&res);
	kb_strv_free(&failures);
	kb_cli_setup_free(&s);
	return status;
}
