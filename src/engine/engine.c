/* engine.c: loads each file, runs every enabled rule on each of its articles, keeps what the
 * cross-article passes need, then runs those passes. */
#include "engine.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "corpus.h"
#include "suppress.h"
#include "walk.h"

static bool wants_corpus(const kb_engine *e)
{
	for (size_t r = 0; r < e->rules->n; r++)
		if (kb_rule_may_report(e->cfg, e->rules->v[r]) && e->rules->v[r]->kind->check_corpus)
			return true;
	return false;
}

static bool wants_statements(const kb_engine *e)
{
	for (size_t r = 0; r < e->rules->n; r++)
		if (kb_rule_may_report(e->cfg, e->rules->v[r]) &&
		    e->rules->v[r]->kind->needs_statements)
			return true;
	return false;
}

/* Records the suppressions of every article of l in the run's store (out->suppress, when there is
 * one). An article covers the file's lines from where it starts to where the next one starts;
 * the first one from line 1 and the last one to the end. */
static void record_suppressions(kb_loaded *l, kb_results *out)
{
	for (size_t i = 0; out->suppress && i < l->narticles; i++) {
		int first = i ? l->articles[i]->line : 1;
		int last = i + 1 < l->narticles ? l->articles[i + 1]->line - 1 : INT_MAX;
		kb_suppress_article(out->suppress, l->articles[i], first, last > first ? last : first,
				    out);
	}
}

/* True when rule is to check the articles of file file_index. */
static bool rule_on(const kb_rule *rule, size_t file_index, const kb_results *out)
{
	return out->suppress ? kb_suppress_rule_on(out->suppress, rule, file_index)
			     : rule->enabled;
}

static void check_loaded(kb_engine *e, kb_loaded *l, kb_results *out, kb_corpus *corpus,
			 const char *abs)
{
	if (l->err) {
		kb_results_add_error(out, l->file->index, l->file->path, l->err_line, l->err_col, "%s",
				     l->err);
		return;
	}
	record_suppressions(l, out);
	for (size_t i = 0; i < l->narticles; i++) {
		kb_check c = {.cfg = e->cfg, .today = e->today, .art = l->articles[i], .out = out};
		for (size_t r = 0; r < e->rules->n; r++) {
			const kb_rule *rule = e->rules->v[r];
			if (rule->kind->check && rule_on(rule, l->file->index, out))
				rule->kind->check(rule, &c);
		}
		if (corpus)
			kb_corpus_add(corpus, l->articles[i], abs, e->cfg);
		if (e->visit)
			e->visit(e->visit_ud, l->articles[i]);
	}
}

static void check_corpus(kb_engine *e, kb_corpus *corpus, kb_results *out)
{
	kb_corpus_check c = {.cfg = e->cfg, .today = e->today, .corpus = corpus, .out = out};
	for (size_t r = 0; r < e->rules->n; r++) {
		const kb_rule *rule = e->rules->v[r];
		if (rule->kind->check_corpus && kb_rule_may_report(e->cfg, rule))
			rule->kind->check_corpus(rule, &c);
	}
}

/* Starts the run's suppressions: the emitter asks out->suppress from now on. */
static void begin_suppress(const kb_engine *e, kb_results *out)
{
	out->suppress = kb_suppress_new(e->rules, e->cfg, e->today);
}

/* Ends them after the run's last finding: reports the unused ones when asked, then frees them. */
static void end_suppress(kb_results *out, bool report_unused)
{
	if (report_unused)
		kb_suppress_report_unused(out->suppress, out);
	kb_suppress_free(out->suppress);
	out->suppress = NULL;
}

void kb_engine_run(kb_engine *e, char *const *paths, size_t npaths, kb_results *out)
{
	kb_file_id *skip = xcalloc(e->skip.n + 1, sizeof *skip);
	size_t nskip = 0;
	for (size_t i = 0; i < e->skip.n; i++) {
		struct stat st;
		if (stat(e->skip.v[i], &st) == 0)
			skip[nskip++] = (kb_file_id){st.st_dev, st.st_ino};
	}
	kb_corpus corpus;
	kb_corpus_init(&corpus);
	bool cross = wants_corpus(e);
	corpus.want_statements = wants_statements(e);
	kb_walk_opts o = {.cfg = e->cfg, .follow_symlinks = e->follow_symlinks, .skip = skip,
			  .nskip = nskip, .seen = cross ? &corpus.files : NULL};
	kb_walk_list files = {0};
	kb_walk(&o, paths, npaths, &files);
	begin_suppress(e, out);
	for (size_t i = 0; i < files.n; i++) {
		const kb_walk_entry *f = &files.v[i];
		out->files_checked++;
		kb_results_add_file(out, f->display);
		if (f->error) {
			kb_results_add_error(out, i, f->display, 0, 0, "%s", f->error);
			continue;
		}
		kb_suppress_file(out->suppress, i, f->fs_path);
		kb_loaded *l = kb_load_file(f->fs_path, f->display, i, f->type, e->cfg);
		char *abs = cross ? kb_path_absolute(f->fs_path) : NULL;
		check_loaded(e, l, out, cross ? &corpus : NULL, abs);
		free(abs);
		kb_loaded_free(l);
	}
	if (cross)
		check_corpus(e, &corpus, out);
	end_suppress(out, e->report_unused);
	kb_corpus_free(&corpus);
	kb_walk_list_free(&files);
	free(skip);
	kb_results_sort(out);
}

/* Checks text (len bytes, copied) as the file at abs (its absolute normalized path), named display
 * in the findings. The files under paths are its neighbours: they are loaded only for the
 * cross-article passes, without the per-article rules, and a neighbour that is the file itself
 * (its dev and inode are in self, when it exists) is left out. Only the text's findings and
 * load error go to out, with file index 0. */
void kb_engine_check_text_as(kb_engine *e, char *const *paths, size_t npaths, const char *abs,
			     const char *display, const char *text, size_t len, kb_results *out)
{
	kb_corpus corpus;
	kb_corpus_init(&corpus);
	bool cross = wants_corpus(e);
	corpus.want_statements = wants_statements(e);
	kb_walk_list files = {0};
	kb_file_id *skip = NULL;
	if (cross) {
		struct stat st;
		skip = xcalloc(e->skip.n + 2, sizeof *skip);
		size_t nskip = 0;
		for (size_t i = 0; i < e->skip.n; i++)
			if (stat(e->skip.v[i], &st) == 0)
				skip[nskip++] = (kb_file_id){st.st_dev, st.st_ino};
		if (stat(abs, &st) == 0)
			skip[nskip++] = (kb_file_id){st.st_dev, st.st_ino};
		kb_walk_opts o = {.cfg = e->cfg, .follow_symlinks = e->follow_symlinks,
				  .skip = skip, .nskip = nskip, .seen = &corpus.files};
		kb_walk(&o, paths, npaths, &files);
		kb_strmap_put(&corpus.files, abs, 0);
	}
	out->files_checked++;
	kb_results_add_file(out, display);
	begin_suppress(e, out);
	kb_suppress_file(out->suppress, 0, abs);
	kb_loaded *l = kb_load_buffer(xstrndup(text, len), len, display, 0, kb_filetype_of(display),
				      e->cfg);
	check_loaded(e, l, out, cross ? &corpus : NULL, abs);
	kb_loaded_free(l);
	for (size_t i = 0; i < files.n; i++) {
		const kb_walk_entry *f = &files.v[i];
		if (f->error)
			continue;
		kb_loaded *n = kb_load_file(f->fs_path, f->display, i + 1, f->type, e->cfg);
		char *nabs = kb_path_absolute(f->fs_path);
		for (size_t a = 0; !n->err && a < n->narticles; a++)
			kb_corpus_add(&corpus, n->articles[a], nabs, e->cfg);
		free(nabs);
		kb_loaded_free(n);
	}
	if (cross)
		check_corpus(e, &corpus, out);
	end_suppress(out, e->report_unused);
	/* the neighbours' own findings are not asked for */
	size_t k = 0;
	for (size_t i = 0; i < out->nfindings; i++)
		if (out->findings[i].file_index == 0)
			out->findings[k++] = out->findings[i];
	out->nfindings = k;
	kb_corpus_free(&corpus);
	kb_walk_list_free(&files);
	free(skip);
	kb_results_sort(out);
}

void kb_engine_check_texts(kb_engine *e, char *const *names, char *const *texts, size_t n,
			   kb_results *out)
{
	kb_corpus corpus;
	kb_corpus_init(&corpus);
	bool cross = wants_corpus(e);
	corpus.want_statements = wants_statements(e);
	for (size_t i = 0; i < n; i++) {
		/* the texts stand alone: their links resolve only among themselves */
		char *abs = kb_path_join("/kblint-example", names[i]);
		kb_strmap_put(&corpus.files, abs, 0);
		free(abs);
	}
	begin_suppress(e, out);
	for (size_t i = 0; i < n; i++) {
		size_t len = strlen(texts[i]);
		kb_loaded *l = kb_load_buffer(xstrndup(texts[i], len), len, names[i], i,
					      kb_filetype_of(names[i]), e->cfg);
		char *abs = kb_path_join("/kblint-example", names[i]);
		out->files_checked++;
		check_loaded(e, l, out, cross ? &corpus : NULL, abs);
		free(abs);
		kb_loaded_free(l);
	}
	if (cross)
		check_corpus(e, &corpus, out);
	/* rule examples show every suppression rule, suppression-unused too */
	end_suppress(out, true);
	kb_corpus_free(&corpus);
	kb_results_sort(out);
}
