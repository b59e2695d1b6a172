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
/* p (an allocation of old bytes from a; NULL: none) with room for n bytes, the new bytes zeroed:
 * the newest allocation grows where it is when its block has room, any other is copied to a
 * new one (the old stays allocated until the arena is freed). */
void *kb_arena_grow(kb_arena *a, void *p, size_t old, size_t n);
/* Copies of strings, packed end to end (not aligned); the bytes after a copy up to the next
 * 16-byte boundary are zero until the next allocation writes them, so vector code that reads
 * whole aligned 16-byte chunks (PCRE2's JIT) finds no byte that was never written. */
char *kb_arena_strndup(kb_arena *a, const char *s, size_t n);
char *kb_arena_strdup(kb_arena *a, const char *s);
void kb_arena_free(kb_arena *a);
/* Moves everything from's blocks hold into to, which frees them; from is left empty. */
void kb_arena_adopt(kb_arena *to, kb_arena *from);

#endif
