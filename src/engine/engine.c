/* engine.c: loads each file, runs every enabled rule on each of its articles, keeps what the
 * cross-article passes need, then runs those passes. */
#include "engine.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "corpus.h"
#include "walk.h"

static bool wants_corpus(const kb_engine *e)
{
	for (size_t r = 0; r < e->rules->n; r++)
		if (e->rules->v[r]->enabled && e->rules->v[r]->kind->check_corpus)
			return true;
	return false;
}

static bool wants_statements(const kb_engine *e)
{
	for (size_t r = 0; r < e->rules->n; r++)
		if (e->rules->v[r]->enabled && e->rules->v[r]->kind->needs_statements)
			return true;
	return false;
}

static void check_loaded(kb_engine *e, kb_loaded *l, kb_results *out, kb_corpus *corpus,
			 const char *abs)
{
	if (l->err) {
		kb_results_add_error(out, l->file->index, l->file->path, l->err_line, l->err_col, "%s",
				     l->err);
		return;
	}
	for (size_t i = 0; i < l->narticles; i++) {
		kb_check c = {.cfg = e->cfg, .today = e->today, .art = l->articles[i], .out = out};
		for (size_t r = 0; r < e->rules->n; r++) {
			const kb_rule *rule = e->rules->v[r];
			if (rule->enabled && rule->kind->check)
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
		if (rule->enabled && rule->kind->check_corpus)
			rule->kind->check_corpus(rule, &c);
	}
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
	for (size_t i = 0; i < files.n; i++) {
		const kb_walk_entry *f = &files.v[i];
		out->files_checked++;
		kb_results_add_file(out, f->display);
		if (f->error) {
			kb_results_add_error(out, i, f->display, 0, 0, "%s", f->error);
			continue;
		}
		kb_loaded *l = kb_load_file(f->fs_path, f->display, i, f->type, e->cfg);
		char *abs = cross ? kb_path_absolute(f->fs_path) : NULL;
		check_loaded(e, l, out, cross ? &corpus : NULL, abs);
		free(abs);
		kb_loaded_free(l);
	}
	if (cross)
		check_corpus(e, &corpus, out);
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
	kb_corpus_free(&corpus);
	kb_results_sort(out);
}
