/* strset.c: open addressing with linear probing, keys hashed eight bytes at a step. Each slot
 * keeps the low 32 bits of its key's hash (enough to place it in any table this size), so a
 * probe compares strings only when the hashes agree: keys often share long prefixes (paths in
 * one folder, sentences from one template). */
#include "strset.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "util.h"

static uint64_t rotl(uint64_t x, unsigned k)
{
	return x << k | x >> (64 - k);
}

/* Keys are mostly paths, a hundred bytes that differ only near their ends: FNV-1a, a multiply
 * for every byte, was a third of the time spent resolving links. This takes a word at a step
 * and mixes the result (MurmurHash3's finalizer), so the low bits a table uses depend on every
 * byte. Only ever kept in memory: the value may differ between machines (byte order). */
uint64_t kb_strmap_hash_n(const char *key, size_t n)
{
	const uint64_t k1 = 0x9E3779B97F4A7C15ULL, k2 = 0xBF58476D1CE4E5B9ULL;
	uint64_t h = KB_HASH_INIT ^ (n * k2), w;
	for (; n >= 8; n -= 8, key += 8) {
		memcpy(&w, key, 8);
		h = rotl(h ^ (w * k1), 29) * k2;
	}
	w = 0;
	memcpy(&w, key, n);
	h = rotl(h ^ (w * k1), 29) * k2;
	h ^= h >> 33;
	h *= 0xFF51AFD7ED558CCDULL;
	h ^= h >> 33;
	h *= 0xC4CEB9FE1A85EC53ULL;
	return h ^ (h >> 33);
}

uint64_t kb_strmap_hash(const char *key)
{
	return kb_strmap_hash_n(key, strlen(key));
}

/* Doubles m's slots (16 at first: most maps are small, one per article). The three arrays are
 * one allocation, keys first: freeing m->keys frees them all. */
static void grow(kb_strmap *m)
{
	size_t cap = m->cap ? m->cap * 2 : 16;
	char *block = xcalloc(cap, sizeof(char *) + sizeof(size_t) + sizeof(uint32_t));
	char **keys = (char **)(void *)block;
	size_t *values = (size_t *)(void *)(block + cap * sizeof(char *));
	uint32_t *hashes = (uint32_t *)(void *)(block + cap * (sizeof(char *) + sizeof(size_t)));
	for (size_t i = 0; i < m->cap; i++) {
		if (!m->keys[i])
			continue;
		size_t j = m->hashes[i] & (cap - 1);
		while (keys[j])
			j = (j + 1) & (cap - 1);
		keys[j] = m->keys[i];
		values[j] = m->values[i];
		hashes[j] = m->hashes[i];
	}
	free(m->keys);
	m->keys = keys;
	m->values = values;
	m->hashes = hashes;
	m->cap = cap;
}

/* The slot of key (hash h) in m (m->cap > 0): where it is, or the empty slot where it would
 * go. */
static size_t slot_of(const kb_strmap *m, const char *key, uint64_t h)
{
	size_t j = h & (m->cap - 1);
	while (m->keys[j] && !(m->hashes[j] == (uint32_t)h && strcmp(m->keys[j], key) == 0))
		j = (j + 1) & (m->cap - 1);
	return j;
}

/* The slot of key (hash h) in m, taking it (value 0) when key is new; *added says which. */
static size_t take_slot(kb_strmap *m, const char *key, uint64_t h, bool *added)
{
	if ((m->n + 1) * 10 > m->cap * 7) /* at most 70% full */
		grow(m);
	size_t j = slot_of(m, key, h);
	*added = !m->keys[j];
	if (*added) {
		m->keys[j] = m->borrowed ? (char *)key : xstrdup(key);
		m->values[j] = 0;
		m->hashes[j] = (uint32_t)h;
		m->n++;
	}
	return j;
}

bool kb_strmap_put(kb_strmap *m, const char *key, size_t value)
{
	return kb_strmap_put_h(m, key, kb_strmap_hash(key), value);
}

bool kb_strmap_put_h(kb_strmap *m, const char *key, uint64_t h, size_t value)
{
	bool added;
	size_t j = take_slot(m, key, h, &added);
	if (added)
		m->values[j] = value;
	return added;
}

const char *kb_strmap_intern(kb_strmap *m, const char *key)
{
	bool added;
	size_t j = take_slot(m, key, kb_strmap_hash(key), &added); /* may move m->keys */
	return m->keys[j];
}

size_t kb_strmap_get(const kb_strmap *m, const char *key)
{
	return m->cap ? kb_strmap_get_h(m, key, kb_strmap_hash(key)) : (size_t)-1;
}

size_t kb_strmap_get_h(const kb_strmap *m, const char *key, uint64_t h)
{
	if (!m->cap)
		return (size_t)-1;
	size_t j = slot_of(m, key, h);
	return m->keys[j] ? m->values[j] : (size_t)-1;
}

const char *kb_strmap_key(const kb_strmap *m, const char *key)
{
	return m->cap ? m->keys[slot_of(m, key, kb_strmap_hash(key))] : NULL;
}

void kb_strmap_free(kb_strmap *m)
{
	for (size_t i = 0; !m->borrowed && i < m->cap; i++)
		free(m->keys[i]);
	free(m->keys); /* values and hashes too: one allocation */
	memset(m, 0, sizeof *m);
}
