/* strset.h: a hash map from strings to indexes; used by the cross-article passes. */
#ifndef KB_STRSET_H
#define KB_STRSET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Keys are copied and owned by the map, unless borrowed is set before the first key: then the
 * map keeps the caller's pointers, which must outlive it. */
typedef struct {
	char **keys;
	size_t *values;
	uint32_t *hashes; /* each slot's key's hash, its low 32 bits */
	size_t cap, n;
	bool borrowed;
} kb_strmap;

/* Sets key to value when key is new; returns true when it was new. */
bool kb_strmap_put(kb_strmap *m, const char *key, size_t value);
/* The value of key, or (size_t)-1. */
size_t kb_strmap_get(const kb_strmap *m, const char *key);
/* The hash the map uses, of key's bytes (kb_strmap_hash_n: of its first n, which hold no NUL).
 * A caller that has it already (computed on another thread) passes it to the _h forms, which
 * are the same as the ones above. Kept in memory only: it may differ between builds. */
uint64_t kb_strmap_hash(const char *key);
uint64_t kb_strmap_hash_n(const char *key, size_t n);
bool kb_strmap_put_h(kb_strmap *m, const char *key, uint64_t h, size_t value);
size_t kb_strmap_get_h(const kb_strmap *m, const char *key, uint64_t h);
/* The map's own copy of key, added (with value 0) when new: one copy of a string that many
 * records name (a file path, an owner), valid until the map is freed. */
const char *kb_strmap_intern(kb_strmap *m, const char *key);
/* The map's own pointer to key (its copy, or the caller's when borrowed), or NULL when key is
 * not in the map. */
const char *kb_strmap_key(const kb_strmap *m, const char *key);
void kb_strmap_free(kb_strmap *m);

#endif
