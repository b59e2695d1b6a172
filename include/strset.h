/* strset.h: a hash map from strings to indexes; used by the cross-article passes. */
#ifndef KB_STRSET_H
#define KB_STRSET_H

#include <stdbool.h>
#include <stddef.h>

/* Keys are copied and owned by the map. */
typedef struct {
	char **keys;
	size_t *values;
	size_t cap, n;
} kb_strmap;

/* Sets key to value when key is new; returns true when it was new. */
bool kb_strmap_put(kb_strmap *m, const char *key, size_t value);
/* The value of key, or (size_t)-1. */
size_t kb_strmap_get(const kb_strmap *m, const char *key);
void kb_strmap_free(kb_strmap *m);

#endif
