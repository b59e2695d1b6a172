/* paths.c: the PATHs of a run that are not there to check: missing ones, and folders where no
 * article was found (with a hint of what was found instead). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "textout.h"
#include "walk.h"

/* Prints "kblint: MESSAGE" to stderr and keeps MESSAGE in failures. */
static void fail(kb_strv *failures, const kb_buf *msg)
{
	fprintf(stderr, "kblint: %s\n", msg->data);
	kb_strv_push(failures, msg->data);
}

int kb_cli_existing_paths(char **paths, int npaths, kb_strv *failures)
{
	char **missing = xcalloc((size_t)npaths + 1, sizeof *missing);
	int n = 0, nmissing = 0;
	for (int i = 0; i < npaths; i++) {
		struct stat st;
		/* a broken symbolic link is there: the walk reports it as a file it cannot read */
		if (lstat(paths[i], &st) != 0 && (errno == ENOENT || errno == ENOTDIR)) {
			char *shown = kb_clean(paths[i], KB_CLEAN_TEXT);
			kb_buf msg = {0};
			kb_buf_printf(&msg, "%s: no such file or folder", shown);
			fail(failures, &msg);
			kb_buf_free(&msg);
			free(shown);
			missing[nmissing++] = paths[i];
		} else {
			paths[n++] = paths[i];
		}
	}
	for (int i = 0; i < nmissing; i++)
		paths[n + i] = missing[i];
	free(missing);
	return n;
}

static const char *plural(size_t n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

/* Appends to msg what the folder path holds instead of articles. */
static void explain_folder(const kb_setup *s, const kb_walk_opts *o, const char *path, kb_buf *msg)
{
	kb_walk_survey v;
	kb_walk_survey_folder(o, path, &v);
	if (!v.files) {
		kb_buf_puts(msg, "it holds no file (hidden files and folders and node_modules are not "
				 "looked in)");
		kb_walk_survey_free(&v);
		return;
	}
	const char *sep = "";
	kb_strv suggest = {0};
	if (v.others.n) {
		kb_buf_puts(msg, "found ");
		size_t groups = kb_walk_survey_groups(&v, msg, &suggest);
		kb_buf_puts(msg, v.others.n == 1 ? " and it did not match include"
				 : groups == 1 ? " and none matched include" : ", and none matched include");
		sep = "; ";
	}
	if (v.yaml) {
		kb_buf_printf(msg, "%sfound %zu YAML %s that %s no article (an article there is a "
			      "mapping, or a list of them, with a body field:", sep, v.yaml,
			      plural(v.yaml, "file", "files"), plural(v.yaml, "holds", "hold"));
		const kb_strv *body = &s->cfg.fields[KB_ROLE_BODY];
		for (size_t i = 0; i < body->n; i++) {
			char *f = kb_clean(body->v[i], KB_CLEAN_TEXT);
			kb_buf_printf(msg, "%s %s", i ? "," : "", f);
			free(f);
		}
		kb_buf_puts(msg, ")");
		sep = "; ";
	}
	if (v.excluded) {
		kb_buf_printf(msg, "%sexclude: [", sep);
		for (size_t i = 0; i < s->cfg.exclude.n; i++) {
			char *g = kb_clean(s->cfg.exclude.v[i], KB_CLEAN_TEXT);
			kb_buf_printf(msg, "%s'%s'", i ? ", " : "", g);
			free(g);
		}
		kb_buf_printf(msg, "] leaves out %zu %s", v.excluded, plural(v.excluded, "file", "files"));
		sep = "; ";
	}
	if (v.own) {
		kb_buf_printf(msg, "%s%zu %s kblint's own (config, rules, facts, owners)", sep, v.own,
			      plural(v.own, "file is", "files are"));
		sep = "; ";
	}
	if (suggest.n) {
		kb_buf_printf(msg, "%sadd include: [", sep);
		for (size_t i = 0; i < suggest.n; i++) {
			char *g = kb_clean(suggest.v[i], KB_CLEAN_TEXT);
			kb_buf_printf(msg, "%s'%s'", i ? ", " : "", g);
			free(g);
		}
		kb_buf_puts(msg, "]");
	}
	if (v.truncated)
		kb_buf_printf(msg, " (counted in the first %d files)", KB_SURVEY_MAX_FILES);
	kb_strv_free(&suggest);
	kb_walk_survey_free(&v);
}

void kb_cli_no_article(const kb_setup *s, char **paths, int npaths, kb_strv *failures)
{
	size_t nskip;
	kb_strv skip_names = {0};
	kb_file_id *skip = kb_walk_skip_list(&s->engine.skip, NULL, &nskip, &skip_names);
	kb_walk_opts o = {.cfg = &s->cfg, .follow_symlinks = s->engine.follow_symlinks,
			  .skip = skip, .nskip = nskip};
	for (int i = 0; i < npaths; i++) {
		struct stat st;
		if (stat(paths[i], &st) != 0 || !S_ISDIR(st.st_mode))
			continue; /* a file named on the command line was read: the summary says how */
		char *shown = kb_clean(paths[i], KB_CLEAN_TEXT);
		kb_buf msg = {0};
		kb_buf_printf(&msg, "no article to check in %s: ", shown);
		explain_folder(s, &o, paths[i], &msg);
		fail(failures, &msg);
		kb_buf_free(&msg);
		free(shown);
	}
	free(skip);
	kb_strv_free(&skip_names);
}

void kb_cli_walk(const kb_setup *s, kb_engine *e, char **paths, int npaths, kb_results *res,
		 bool *missing)
{
	kb_engine_run(e, paths, (size_t)npaths, res);
	if (res->files_checked == 0 && res->nerrors == 0) {
		kb_strv why = {0};
		kb_cli_no_article(s, paths, npaths, &why);
		*missing |= why.n > 0;
		kb_strv_free(&why);
	}
}
