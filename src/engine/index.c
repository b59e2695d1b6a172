/* index.c: the places of a knowledge base's index (index.h); the engine fills them. */
#include "index.h"

#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "util.h"

void kb_index_file_clear(kb_index_file *f)
{
	kb_arena_free(&f->arena);
	kb_stmt_list_free(&f->stmts);
	f->sums = NULL;
	f->nsums = 0;
	f->gone = f->buffer = false;
}

void kb_index_free(kb_index *ix)
{
	for (size_t i = 0; i < ix->n; i++) {
		kb_index_file_clear(&ix->v[i]);
		free(ix->v[i].abs);
		free(ix->v[i].display);
	}
	free(ix->v);
	kb_strmap_free(&ix->by_path);
	kb_strmap_free(&ix->files);
	memset(ix, 0, sizeof *ix);
}

kb_index_file *kb_index_find(kb_index *ix, const char *abs)
{
	size_t i = kb_strmap_get(&ix->by_path, abs);
	return i == (size_t)-1 ? NULL : &ix->v[i];
}

kb_index_file *kb_index_append(kb_index *ix, const char *abs, const char *display)
{
	if (ix->n == ix->cap) {
		ix->cap = ix->cap ? ix->cap * 2 : 256;
		ix->v = xrealloc(ix->v, ix->cap * sizeof *ix->v);
	}
	kb_index_file *f = &ix->v[ix->n];
	memset(f, 0, sizeof *f);
	f->abs = xstrdup(abs);
	f->display = xstrdup(display);
	kb_strmap_put(&ix->by_path, abs, ix->n);
	ix->n++;
	return f;
}

void kb_index_forget_file(kb_index *ix, const char *abs)
{
	if (kb_strmap_get(&ix->files, abs) == (size_t)-1)
		return;
	/* the map has no removal: it is made again without the key (files are deleted rarely) */
	kb_strmap keep = {0};
	for (size_t i = 0; i < ix->files.cap; i++)
		if (ix->files.keys[i] && strcmp(ix->files.keys[i], abs) != 0)
			kb_strmap_put(&keep, ix->files.keys[i], ix->files.values[i]);
	kb_strmap_free(&ix->files);
	ix->files = keep;
}

static uint64_t mix_str(uint64_t h, const char *s)
{
	return s ? kb_hash_bytes(h, s, strlen(s) + 1) : kb_hash_bytes(h, "\x01", 1);
}

static uint64_t mix_int(uint64_t h, long long v)
{
	return kb_hash_bytes(h, &v, sizeof v);
}

uint64_t kb_index_file_hash(const kb_index_file *f)
{
	uint64_t h = mix_int(KB_HASH_INIT, f->gone);
	h = mix_int(h, (long long)f->nsums);
	for (size_t i = 0; i < f->nsums; i++) {
		const kb_summary *s = &f->sums[i];
		h = mix_str(mix_str(mix_str(h, s->path), s->owner), s->status);
		h = mix_int(h, s->retired * 4 + s->page * 2 + s->has_due);
		h = mix_int(h, s->has_due ? (long long)s->due : 0);
		h = mix_str(mix_str(h, s->url), s->slug);
		for (size_t k = 0; k < s->naliases; k++)
			h = mix_str(h, s->aliases[k]);
		h = mix_int(h, (long long)s->nanchors);
		for (size_t k = 0; k < s->nanchors; k++)
			h = mix_int(h, (long long)s->anchors[k]);
		for (size_t k = 0; k < s->nlinks; k++) {
			h = mix_str(h, s->links[k].url);
			h = mix_int(h, s->links[k].file);
			h = mix_int(h, s->links[k].line * 65536LL + s->links[k].col);
			h = mix_int(h, s->links[k].image * 2 + s->links[k].ref);
		}
		for (size_t k = 0; k < s->nincludes; k++)
			h = mix_str(h, s->includes[k]);
	}
	for (size_t k = 0; k < f->stmts.n; k++) {
		const kb_stmt_item *it = &f->stmts.v[k];
		h = mix_str(mix_str(mix_str(h, it->skeleton), it->value), it->raw);
		h = mix_int(h, it->at.line * 65536LL + it->at.col);
		h = mix_int(h, it->canonical);
	}
	return h;
}
