/* index.h: a knowledge base's cross-article summaries kept between checks, so that checking one
 * text against its neighbours reads nothing from disk (kblint lsp). Each file of the knowledge
 * base has its articles' summaries and statements (what the cross-article passes need of it),
 * made once on worker threads and then replaced one file at a time when it changes on disk or
 * in an editor's buffer. Used by the engine and the CLI. */
#ifndef KB_INDEX_H
#define KB_INDEX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "corpus.h"
#include "statements.h"
#include "strset.h"

/* One file of the knowledge base. Its file index in summaries and statements is its place in
 * the index plus 1 (0 is the text being checked). */
typedef struct {
	char *abs;        /* absolute, lexically normalized: the key */
	char *display;    /* as findings name it */
	kb_arena arena;   /* the summaries' strings */
	kb_summary *sums; /* one per article; none when it could not be loaded */
	size_t nsums;
	kb_stmt_list stmts; /* its articles' statements, when the rules need them */
	bool gone;        /* deleted: left out, its place kept so that indices do not move */
	bool buffer;      /* made from an editor's buffer, not from the file on disk */
} kb_index_file;

typedef struct kb_index {
	kb_index_file *v;
	size_t n, cap;
	kb_strmap by_path; /* abs -> place in v */
	kb_strmap files;   /* every file the walk saw (absolute): images and pages links name */
	bool cross;        /* the rules have cross-article passes: summaries are kept */
	bool statements;   /* the rules compare statements: they are kept too */
} kb_index;

/* Frees what the index holds (not ix itself). */
void kb_index_free(kb_index *ix);
/* The place of the file at abs in ix, or NULL. */
kb_index_file *kb_index_find(kb_index *ix, const char *abs);
/* A new, empty place at the end of ix for the file at abs (copied, as display is). The pointer
 * holds until the next append. */
kb_index_file *kb_index_append(kb_index *ix, const char *abs, const char *display);
/* Empties f's summaries and statements (its place, path and name stay; gone and buffer are
 * cleared). */
void kb_index_file_clear(kb_index_file *f);
/* Takes abs out of the files the walk saw (a file deleted since). */
void kb_index_forget_file(kb_index *ix, const char *abs);
/* A hash of what the cross-article passes see of f: two files with the same hash give the
 * other articles the same findings (in all likelihood). */
uint64_t kb_index_file_hash(const kb_index_file *f);

#endif
