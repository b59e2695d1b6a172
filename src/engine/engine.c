/* engine.c: loads each file, runs every enabled rule on each of its articles, keeps results. */
#include "engine.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "walk.h"

static void check_loaded(kb_engine *e, kb_loaded *l, kb_results *out)
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
			if (rule->enabled)
				rule->kind->check(rule, &c);
		}
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
	kb_walk_opts o = {.cfg = e->cfg, .follow_symlinks = e->follow_symlinks, .skip = skip,
			  .nskip = nskip};
	kb_walk_list files = {0};
	kb_walk(&o, paths, npaths, &files);
	for (size_t i = 0; i < files.n; i++) {
		const kb_walk_entry *f = &files.v[i];
		out->files_checked++;
		if (f->error) {
			kb_results_add_error(out, i, f->display, 0, 0, "%s", f->error);
			continue;
		}
		kb_loaded *l = kb_load_file(f->fs_path, f->display, i, f->type, e->cfg);
		check_loaded(e, l, out);
		kb_loaded_free(l);
	}
	kb_walk_list_free(&files);
	free(skip);
	kb_results_sort(out);
}

void kb_engine_check_text(kb_engine *e, const char *display, const char *text, size_t len,
			  kb_results *out)
{
	kb_loaded *l = kb_load_buffer(xstrndup(text, len), len, display, 0, kb_filetype_of(display),
				      e->cfg);
	out->files_checked++;
	check_loaded(e, l, out);
	kb_loaded_free(l);
	kb_results_sort(out);
}
