/* file.c: reads one file, checks its encoding, and hands it to the Markdown or YAML loader. */
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "load.h"
#include "util.h"

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && kb_strcasecmp(s + n - m, suffix) == 0;
}

kb_filetype kb_filetype_of(const char *path)
{
	return ends_with(path, ".yaml") || ends_with(path, ".yml") ? KB_TYPE_YAML : KB_TYPE_MARKDOWN;
}

static kb_loaded *fail(kb_loaded *l, int line, int col, const char *fmt, const char *detail)
{
	char msg[512];
	snprintf(msg, sizeof msg, fmt, detail);
	l->err = xstrdup(msg);
	l->err_line = line;
	l->err_col = col;
	return l;
}

/* The line an article's metadata starts on (its start when it has none). */
static int meta_line(const kb_article *a)
{
	return a->meta ? a->meta->line : a->line;
}

/* Hands each repeated key to the article whose metadata mapping holds it (articles come in
 * the order of their metadata in the file). One in no article's metadata (a YAML entry that is
 * no article) is not reported. */
static void give_dups(kb_loaded *l)
{
	if (!l->ndups || !l->narticles)
		return;
	size_t *owner = xmalloc(l->ndups * sizeof *owner), *count = xcalloc(l->narticles,
									   sizeof *count);
	for (size_t d = 0; d < l->ndups; d++) {
		int line = l->dups[d].keys[0]->line;
		size_t lo = 0, hi = l->narticles; /* the last article starting at or before line */
		while (hi - lo > 1) {
			size_t mid = lo + (hi - lo) / 2;
			if (meta_line(l->articles[mid]) <= line)
				lo = mid;
			else
				hi = mid;
		}
		const kb_ynode *m = l->articles[lo]->meta;
		owner[d] = m && m->line <= line && line <= m->end_line ? lo : SIZE_MAX;
		if (owner[d] != SIZE_MAX)
			count[lo]++;
	}
	for (size_t i = 0; i < l->narticles; i++) {
		kb_article *a = l->articles[i];
		if (count[i])
			a->dups = kb_arena_alloc(&a->arena, count[i] * sizeof *a->dups);
	}
	for (size_t d = 0; d < l->ndups; d++)
		if (owner[d] != SIZE_MAX) {
			kb_article *a = l->articles[owner[d]];
			a->dups[a->ndups++] = &l->dups[d];
		}
	free(owner);
	free(count);
}

/* Reads the suppressions of every article of l. An article covers the file's lines from where
 * it starts to where the next one starts; the first one from line 1 and the last one to the
 * end. */
static void read_suppressions(kb_loaded *l)
{
	for (size_t i = 0; i < l->narticles; i++) {
		int first = i ? l->articles[i]->line : 1;
		int last = i + 1 < l->narticles ? l->articles[i + 1]->line - 1 : INT_MAX;
		kb_article_read_suppressions(l->articles[i], first, last > first ? last : first);
	}
}

static kb_loaded *new_loaded(const char *display, size_t index)
{
	kb_loaded *l = xcalloc(1, sizeof *l);
	kb_file *f = xcalloc(1, sizeof *f);
	l->file = f;
	f->path = xstrdup(display);
	f->index = index;
	return l;
}

kb_loaded *kb_load_buffer(char *src, size_t len, const char *display, size_t index,
			  kb_filetype type, const kb_config *cfg)
{
	kb_loaded *l = new_loaded(display, index);
	kb_file *f = l->file;
	f->src = src;
	f->len = len;
	kb_linemap_init(&f->lines, f->src, f->len);
	const unsigned char *u = (const unsigned char *)f->src;
	if (f->len >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF)))
		return fail(l, 1, 1, "%s",
			    "file is UTF-16; kblint reads UTF-8 (convert it with: iconv -f UTF-16 -t UTF-8)");
	const char *nul = memchr(f->src, '\0', f->len);
	int line, col;
	if (nul) {
		kb_linemap_pos(&f->lines, (size_t)(nul - f->src), &line, &col);
		return fail(l, line, col, "%s", "file contains a NUL byte (is it binary?)");
	}
	size_t bad = kb_utf8_invalid(f->src, f->len);
	if (bad < f->len) {
		char detail[64];
		snprintf(detail, sizeof detail, "invalid UTF-8 (byte 0x%02X)", u[bad]);
		kb_linemap_pos(&f->lines, bad, &line, &col);
		return fail(l, line, col, "%s", detail);
	}
	if (f->len >= 3 && memcmp(f->src, "\xEF\xBB\xBF", 3) == 0)
		f->bom = 3;
	if (type == KB_TYPE_YAML)
		kb_load_yaml(l, cfg);
	else
		kb_load_markdown(l, cfg);
	if (!l->err) {
		give_dups(l);
		read_suppressions(l);
	}
	return l;
}

kb_loaded *kb_load_file(const char *fs_path, const char *display, size_t index, kb_filetype type,
			const kb_config *cfg)
{
	char err[512];
	char *src;
	size_t len;
	if (kb_read_file(fs_path, KB_MAX_FILE_BYTES, &src, &len, err, sizeof err) != 0) {
		kb_loaded *l = new_loaded(display, index);
		l->file->src = xstrdup("");
		kb_linemap_init(&l->file->lines, l->file->src, 0);
		return fail(l, 0, 0, "%s", err);
	}
	return kb_load_buffer(src, len, display, index, type, cfg);
}

void kb_loaded_free(kb_loaded *l)
{
	if (!l)
		return;
	for (size_t i = 0; i < l->narticles; i++) {
		kb_arena_free(&l->articles[i]->arena);
		free(l->articles[i]);
	}
	free(l->articles);
	kb_arena_free(&l->arena);
	if (l->file) {
		kb_linemap_free(&l->file->lines);
		free(l->file->src);
		free(l->file->path);
		free(l->file);
	}
	free(l->err);
	free(l);
}

kb_article *kb_loaded_new_article(kb_loaded *l)
{
	l->articles = xrealloc(l->articles, (l->narticles + 1) * sizeof *l->articles);
	kb_article *a = xcalloc(1, sizeof *a);
	a->file = l->file;
	a->line = a->col = 1;
	l->articles[l->narticles++] = a;
	return a;
}

void kb_loaded_fail(kb_loaded *l, int line, int col, const char *msg)
{
	free(l->err);
	l->err = xstrdup(msg);
	l->err_line = line;
	l->err_col = col;
}
