/* arena.h: region allocator; one per article (and per loaded config/rule document). */
#ifndef KB_ARENA_H
#define KB_ARENA_H

#include <stddef.h>

/* Everything allocated from an arena is freed together by kb_arena_free. */
typedef struct kb_arena_block kb_arena_block;
typedef struct {
	kb_arena_block *head;
} kb_arena;

void *kb_arena_alloc(kb_arena *a, size_t n);  /* zeroed, 16-byte aligned */
char *kb_arena_strndup(kb_arena *a, const char *s, size_t n);
char *kb_arena_strdup(kb_arena *a, const char *s);
void kb_arena_free(kb_arena *a);

#endif
