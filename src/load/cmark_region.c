/* cmark_region.c: cmark's memory for one document, from one arena (load.h). */
#include <cmark.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "load.h"

/* Each allocation is led by its size, so that realloc knows how much to keep; the newest one
 * grows in place while its block has room (kb_arena_grow: cmark grows its buffers a line at a
 * time). free does nothing: the arena is freed whole. */
enum { HEAD = 16 };

/* The arena of the document this thread is parsing: cmark's allocator has no context. */
static _Thread_local kb_arena *current;

static void *region_calloc(size_t count, size_t size)
{
	if (size && count > (SIZE_MAX - HEAD) / size)
		abort(); /* as cmark's own allocator does when memory runs out */
	size_t n = count * size;
	unsigned char *h = kb_arena_alloc(current, HEAD + n); /* zeroed */
	memcpy(h, &n, sizeof n);
	return h + HEAD;
}

static void *region_realloc(void *ptr, size_t n)
{
	if (!ptr)
		return region_calloc(1, n);
	if (n > SIZE_MAX / 2)
		abort();
	unsigned char *h = (unsigned char *)ptr - HEAD;
	size_t old;
	memcpy(&old, h, sizeof old);
	if (n <= old)
		return ptr;
	h = kb_arena_grow(current, h, HEAD + old, HEAD + n);
	memcpy(h, &n, sizeof n);
	return h + HEAD;
}

static void region_free(void *p)
{
	(void)p;
}

static cmark_mem region_mem = {region_calloc, region_realloc, region_free};

int kb_cmark_parse(const char *text, size_t len, int options, kb_cmark_fn fn, void *ud)
{
	kb_arena arena = {NULL};
	kb_arena *outer = current;
	current = &arena;
	cmark_parser *parser = cmark_parser_new_with_mem(options, &region_mem);
	cmark_parser_feed(parser, text, len);
	cmark_node *doc = cmark_parser_finish(parser);
	int ret = -1;
	if (doc) {
		fn(ud, doc);
		ret = 0;
	}
	/* the parser, the tree and every string cmark made: one arena, freed whole */
	current = outer;
	kb_arena_free(&arena);
	return ret;
}
