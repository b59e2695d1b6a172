/* cache.h: bytes kept between runs under a key, in the user's cache folder
 * ($KBLINT_CACHE_DIR, else $XDG_CACHE_HOME/kblint, else ~/.cache/kblint). What kblint keeps there
 * costs time to make and is the same for every run with the same input (the prefilter's compiled
 * database): losing it, or finding it damaged, costs that time once and changes nothing else.
 * A file holds its whole key, and is used only when the key is the same byte for byte; files
 * are written atomically, and the oldest are removed past KB_CACHE_KEEP of a kind. */
#ifndef KB_CACHE_H
#define KB_CACHE_H

#include <stdbool.h>
#include <stddef.h>

/* Files of one kind (name) kept at most; older ones are removed when one is written. */
#define KB_CACHE_KEEP 8

/* The cache folder from the environment (caller frees), or NULL when there is none or
 * KBLINT_CACHE_DIR is set and empty (the cache is off). Nothing is created. */
char *kb_cache_dir(void);
/* The data kept for key[0..keylen) under name ("prefilter") in dir (heap, caller frees: *data,
 * *len), or false when there is none, or it cannot be read or does not hold that key. */
bool kb_cache_get(const char *dir, const char *name, const char *key, size_t keylen, char **data,
		  size_t *len);
/* Keeps data[0..len) for key under name in dir, making dir (mode 0700) when missing. Quiet:
 * a cache that cannot be written is no error. */
void kb_cache_put(const char *dir, const char *name, const char *key, size_t keylen,
		  const char *data, size_t len);

#endif
