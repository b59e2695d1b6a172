/* arena.c: bump allocation in chained blocks. */
#include "arena.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

enum { ARENA_BLOCK = 16 * 1024 };

struct kb_arena_block {
	kb_arena_block *next;
	size_t used, cap;
	_Alignas(16) unsigned char data[];
};

enum { GRAIN = 16 };

static size_t round_up(size_t n)
{
	return (n + GRAIN - 1) & ~(size_t)(GRAIN - 1);
}

/* n bytes aligned to align (a power of two, at most GRAIN), not zeroed: strings take 1, so that
 * they are packed end to end. The bytes after them up to the next GRAIN boundary are in the
 * block and zeroed: vector code (PCRE2's JIT) reads whole aligned 16-byte chunks, and must find
 * only bytes that were written. */
static void *take(kb_arena *a, size_t n, size_t align)
{
	kb_arena_block *b = a->head;
	size_t at = b ? (b->used + align - 1) & ~(align - 1) : 0;
	if (!b || at > b->cap || round_up(at + n) > b->cap) {
		size_t cap = n > ARENA_BLOCK / 2 ? round_up(n) : ARENA_BLOCK;
		kb_arena_block *nb = xmalloc(sizeof *nb + cap);
		nb->used = 0;
		nb->cap = cap;
		if (b && n > ARENA_BLOCK / 2) {
			/* a big block goes behind the current one, which keeps its free space */
			nb->next = b->next;
			b->next = nb;
		} else {
			nb->next = b;
			a->head = nb;
		}
		b = nb;
		at = 0;
	}
	b->used = at + n;
	memset(b->data + b->used, 0, round_up(b->used) - b->used);
	return b->data + at;
}

void *kb_arena_alloc(kb_arena *a, size_t n)
{
	void *p = take(a, n, GRAIN);
	memset(p, 0, n);
	return p;
}

void *kb_arena_grow(kb_arena *a, void *p, size_t old, size_t n)
{
	if (!p)
		return kb_arena_alloc(a, n);
	if (n <= old)
		return p;
	kb_arena_block *b = a->head;
	if (b && (unsigned char *)p + old == b->data + b->used &&
	    n - old <= b->cap - b->used && round_up(b->used + (n - old)) <= b->cap) {
		/* the newest allocation: it grows where it is, its new bytes and tail zeroed */
		b->used += n - old;
		memset((unsigned char *)p + old, 0, round_up(b->used) - (b->used - (n - old)));
		return p;
	}
	void *q = kb_arena_alloc(a, n);
	memcpy(q, p, old);
	return q;
}

char *kb_arena_strndup(kb_arena *a, const char *s, size_t n)
{
	char *p = take(a, n + 1, 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *kb_arena_strdup(kb_arena *a, const char *s)
{
	return kb_arena_strndup(a, s, strlen(s));
}

void kb_arena_free(kb_arena *a)
{
	kb_arena_block *b = a->head;
	while (b) {
		kb_arena_block *next = b->next;
		free(b);
		b = next;
	}
	a->head = NULL;
}

void kb_arena_adopt(kb_arena *to, kb_arena *from)
{
	kb_arena_block *b = from->head;
	if (!b)
		return;
	while (b->next)
		b = b->next;
	if (to->head) { /* behind to's newest block, which keeps its free space */
		b->next = to->head->next;
		to->head->next = from->head;
	} else {
		to->head = from->head;
	}
	from->head = NULL;
}
