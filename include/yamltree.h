/* yamltree.h: a YAML document as a tree of nodes that keep their source positions; used by the
 * config, rule and facts loaders and for front matter and YAML articles. */
#ifndef KB_YAMLTREE_H
#define KB_YAMLTREE_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"

typedef enum { KB_Y_SCALAR, KB_Y_SEQ, KB_Y_MAP } kb_ynode_type;
typedef enum { KB_YS_PLAIN, KB_YS_QUOTED, KB_YS_LITERAL, KB_YS_FOLDED } kb_ystyle;

/* Nodes live in the arena given to kb_yaml_parse. An alias is the node it names (shared). */
typedef struct kb_ynode {
	kb_ynode_type type;
	kb_ystyle style;           /* scalars only */
	int line, col;             /* 1-based, in the whole file (see line_base) */
	int end_line, end_col;
	const char *str;           /* scalars: NUL-terminated value */
	size_t len;
	struct kb_ynode **items;   /* seq: n items; map: 2*n nodes, key then value */
	size_t n;
	size_t weight;             /* nodes in this subtree, itself too, with aliases expanded */
} kb_ynode;

typedef struct {
	int line, col;
	char message[256];
} kb_yerror;

/* Limits, so hostile documents cannot cost unbounded time or memory. */
enum {
	KB_YAML_MAX_DEPTH = 256,     /* deeper nesting is refused: nothing sane nests this deep */
	KB_YAML_MAX_ALIASES = 1000,  /* aliases are shared, never copied, but each costs a lookup */
	/* Shared aliases cost no memory, but whatever walks the tree (front-matter rules, schemas,
	 * the owner list) visits a node once per alias: a "billion laughs" of nine levels would
	 * be billions of visits. The nodes that aliases add, all counted, are capped. */
	KB_YAML_MAX_EXPANDED = 100000,
};

/* Parses text[0..len) (one document; an empty text gives *root = NULL). line_base is added to
 * every line (1 for text starting on the file's second line, and so on). Returns 0, or -1 with
 * err filled. */
int kb_yaml_parse(const char *text, size_t len, int line_base, kb_arena *arena, kb_ynode **root,
		  kb_yerror *err);

/* Mapping helpers. The key compare is exact. */
kb_ynode *kb_ymap_get(const kb_ynode *map, const char *key);
kb_ynode *kb_ymap_key_node(const kb_ynode *map, const char *key);
/* First key that repeats an earlier one, or NULL. */
const kb_ynode *kb_ymap_duplicate(const kb_ynode *map);
/* A key given more than once in one mapping: its nodes where it is written, in document
 * order; the mapping keeps the last one and its value. */
typedef struct {
	const char *key;
	const kb_ynode **keys;
	size_t n;
} kb_ydup;
/* Makes every mapping under root keep, of a key given more than once, the last pair only (the
 * last value wins, as Ruby's and Python's YAML loaders have it), in place. Returns how many
 * keys were repeated; *dups (NULL when none) is an array of them in the arena, as are their
 * key lists. Time is linear in the tree's nodes, aliases expanded. */
size_t kb_ytree_keep_last(kb_ynode *root, kb_arena *arena, kb_ydup **dups);
bool kb_yscalar_is_null(const kb_ynode *n); /* "", "~", "null" plain */
const char *kb_ynode_type_name(const kb_ynode *n);

#endif
