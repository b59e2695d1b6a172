/* cmark_region.c: cmark's memory for one document, from one region (load.h). */
#include <cmark.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "load.h"
#include "util.h"

/* A region: blocks of REGION_BLOCK bytes (bigger for a bigger request), each allocation led by
 * its size so that realloc can copy it; the newest allocation grows in place while its block
 * has room (cmark grows its buffers a line at a time). */
enum { REGION_BLOCK = 64 * 1024, HEAD = 16 };

typedef struct region_block {
	struct region_block *next;
	size_t used, cap;
	_Alignas(16) unsigned char data[];
} region_block;

typedef struct {
	region_block *head;
	unsigned char *last; /* the newest allocation, which may grow in place */
} region;

/* The region of the document this thread is parsing: cmark's allocator has no context. */
static _Thread_local region *current;

static size_t size_of(const unsigned char *p)
{
	size_t n;
	memcpy(&n, p - HEAD, sizeof n);
	return n;
}

static void *take(size_t n)
{
	region *r = current;
	size_t need = HEAD + ((n + 15) & ~(size_t)15);
	if (need < n)
		abort(); /* overflow */
	region_block *b = r->head;
	if (!b || b->cap - b->used < need) {
		size_t cap = need > REGION_BLOCK / 2 ? need : REGION_BLOCK;
		region_block *nb = xmalloc(sizeof *nb + cap);
		nb->used = 0;
		nb->cap = cap;
		nb->next = b;
		r->head = b = nb;
	}
	unsigned char *p = b->data + b->used + HEAD;
	b->used += need;
	memcpy(p - HEAD, &n, sizeof n);
	r->last = p;
	return p;
}

static void *region_calloc(size_t count, size_t size)
{
	if (size && count > SIZE_MAX / size)
		abort();
	void *p = take(count * size);
	memset(p, 0, count * size);
	return p;
}

static void *region_realloc(void *ptr, size_t n)
{
	unsigned char *p = ptr;
	if (!p)
		return take(n);
	size_t old = size_of(p);
	if (n <= old)
		return p;
	if (n > SIZE_MAX / 2)
		abort();
	region_block *b = current->head;
	size_t room = (size_t)(b->data + b->cap - p);
	if (p == current->last && ((n + 15) & ~(size_t)15) <= room) {
		/* the newest allocation: grows where it is */
		b->used = (size_t)(p - b->data) + ((n + 15) & ~(size_t)15);
		memcpy(p - HEAD, &n, sizeof n);
		return p;
	}
	unsigned char *q = take(n);
	memcpy(q, p, old);
	return q;
}

static void region_free(void *p)
{
	(void)p; /* the region is freed whole */
}

static cmark_mem region_mem = {region_calloc, region_realloc, region_free};

int kb_cmark_parse(const char *text, size_t len, int options, kb_cmark_fn fn, void *ud)
{
	region r = {NULL, NULL};
	region *outer = current;
	current = &r;
	cmark_parser *parser = cmark_parser_new_with_mem(options, &region_mem);
	cmark_parser_feed(parser, text, len);
	cmark_node *doc = cmark_parser_finish(parser);
	int ret = -1;
	if (doc) {
		fn(ud, doc);
		ret = 0;
	}
	/* the parser, the tree and every string cmark made: one region, freed whole */
	current = outer;
	while (r.head) {
		region_block *next = r.head->next;
		free(r.head);
		r.head = next;
	}
	return ret;
}
