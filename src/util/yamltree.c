/* yamltree.c: builds a positioned node tree from libyaml events, without recursion. */
#include "yamltree.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "strset.h"
#include "util.h"

typedef struct {
	kb_ynode *node;
	size_t cap;
} open_node;

typedef struct {
	const char *name;
	kb_ynode *node;
} anchor;

typedef struct {
	kb_arena *arena;
	int line_base;
	open_node stack[KB_YAML_MAX_DEPTH];
	size_t depth;
	anchor *anchors;
	size_t nanchors, capanchors;
	size_t naliases;
	size_t expanded; /* nodes the aliases so far add when expanded (KB_YAML_MAX_EXPANDED) */
	kb_ynode *root;
} builder;

static kb_ynode *new_node(builder *b, kb_ynode_type t, yaml_mark_t start, yaml_mark_t end)
{
	kb_ynode *n = kb_arena_alloc(b->arena, sizeof *n);
	n->type = t;
	n->line = (int)start.line + 1 + b->line_base;
	n->col = (int)start.column + 1;
	n->end_line = (int)end.line + 1 + b->line_base;
	n->end_col = (int)end.column + 1;
	n->weight = 1;
	return n;
}

static void set_error(kb_yerror *err, int line, int col, const char *fmt, const char *a,
		      const char *b)
{
	err->line = line;
	err->col = col;
	snprintf(err->message, sizeof err->message, fmt, a ? a : "", b ? b : "");
}

/* Appends child to the innermost open container, or makes it the root. */
static void attach(builder *b, kb_ynode *child)
{
	if (b->depth == 0) {
		if (!b->root)
			b->root = child;
		return;
	}
	open_node *o = &b->stack[b->depth - 1];
	kb_ynode *p = o->node;
	if (p->n == o->cap) {
		size_t cap = o->cap ? o->cap * 2 : 8;
		kb_ynode **items = kb_arena_alloc(b->arena, cap * sizeof *items);
		if (p->n)
			memcpy(items, p->items, p->n * sizeof *items);
		p->items = items;
		o->cap = cap;
	}
	p->items[p->n++] = child;
}

static void remember_anchor(builder *b, const yaml_char_t *name, kb_ynode *n)
{
	if (!name)
		return;
	if (b->nanchors == b->capanchors) {
		b->capanchors = b->capanchors ? b->capanchors * 2 : 8;
		b->anchors = xrealloc(b->anchors, b->capanchors * sizeof *b->anchors);
	}
	b->anchors[b->nanchors].name = kb_arena_strdup(b->arena, (const char *)name);
	b->anchors[b->nanchors++].node = n;
}

static kb_ynode *find_anchor(builder *b, const char *name)
{
	for (size_t i = b->nanchors; i-- > 0;)
		if (strcmp(b->anchors[i].name, name) == 0)
			return b->anchors[i].node;
	return NULL;
}

int kb_yaml_parse(const char *text, size_t len, int line_base, kb_arena *arena, kb_ynode **root,
		  kb_yerror *err)
{
	yaml_parser_t parser;
	yaml_event_t ev;
	builder b = {.arena = arena, .line_base = line_base};
	int ret = -1;
	bool done = false;
	int documents = 0;

	*root = NULL;
	memset(err, 0, sizeof *err);
	if (!yaml_parser_initialize(&parser)) {
		set_error(err, line_base + 1, 1, "cannot initialise the YAML parser%s%s", NULL, NULL);
		return -1;
	}
	yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
	while (!done) {
		if (!yaml_parser_parse(&parser, &ev)) {
			int line = (int)parser.problem_mark.line + 1 + line_base;
			int col = (int)parser.problem_mark.column + 1;
			if (parser.context) {
				char where[64];
				snprintf(where, sizeof where, " started at line %d, column %d",
					 (int)parser.context_mark.line + 1 + line_base,
					 (int)parser.context_mark.column + 1);
				set_error(err, line, col, "%s %s", parser.problem, parser.context);
				size_t used = strlen(err->message);
				snprintf(err->message + used, sizeof err->message - used, "%s", where);
			}
			else
				set_error(err, line, col, "%s%s", parser.problem ? parser.problem : "invalid YAML",
					  NULL);
			goto out;
		}
		kb_ynode *n = NULL;
		switch (ev.type) {
		case YAML_STREAM_END_EVENT:
			done = true;
			break;
		case YAML_DOCUMENT_START_EVENT:
			if (++documents > 1) {
				set_error(err, (int)ev.start_mark.line + 1 + line_base,
					  (int)ev.start_mark.column + 1,
					  "more than one YAML document (a second '---')%s%s", NULL, NULL);
				yaml_event_delete(&ev);
				goto out;
			}
			break;
		case YAML_SCALAR_EVENT:
			n = new_node(&b, KB_Y_SCALAR, ev.start_mark, ev.end_mark);
			n->str = kb_arena_strndup(arena, (const char *)ev.data.scalar.value,
						  ev.data.scalar.length);
			n->len = ev.data.scalar.length;
			switch (ev.data.scalar.style) {
			case YAML_SINGLE_QUOTED_SCALAR_STYLE:
			case YAML_DOUBLE_QUOTED_SCALAR_STYLE:
				n->style = KB_YS_QUOTED;
				break;
			case YAML_LITERAL_SCALAR_STYLE:
				n->style = KB_YS_LITERAL;
				break;
			case YAML_FOLDED_SCALAR_STYLE:
				n->style = KB_YS_FOLDED;
				break;
			default:
				n->style = KB_YS_PLAIN;
			}
			remember_anchor(&b, ev.data.scalar.anchor, n);
			attach(&b, n);
			break;
		case YAML_SEQUENCE_START_EVENT:
		case YAML_MAPPING_START_EVENT:
			if (b.depth == KB_YAML_MAX_DEPTH) {
				char lim[16];
				snprintf(lim, sizeof lim, "%d", KB_YAML_MAX_DEPTH);
				set_error(err, (int)ev.start_mark.line + 1 + line_base,
					  (int)ev.start_mark.column + 1,
					  "YAML nested deeper than %s levels%s", lim, NULL);
				yaml_event_delete(&ev);
				goto out;
			}
			n = new_node(&b, ev.type == YAML_SEQUENCE_START_EVENT ? KB_Y_SEQ : KB_Y_MAP,
				     ev.start_mark, ev.end_mark);
			remember_anchor(&b, ev.type == YAML_SEQUENCE_START_EVENT
						    ? ev.data.sequence_start.anchor
						    : ev.data.mapping_start.anchor,
					n);
			attach(&b, n);
			b.stack[b.depth].node = n;
			b.stack[b.depth++].cap = 0;
			break;
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT:
			if (b.depth > 0) {
				kb_ynode *c = b.stack[--b.depth].node;
				/* every child is closed by now, so its weight is final; the
				 * sum cannot overflow, since what aliases add is capped below */
				for (size_t i = 0; i < c->n; i++)
					c->weight += c->items[i]->weight;
				c->end_line = (int)ev.end_mark.line + 1 + line_base;
				c->end_col = (int)ev.end_mark.column + 1;
				if (c->type == KB_Y_MAP)
					c->n /= 2; /* pairs */
			}
			break;
		case YAML_ALIAS_EVENT: {
			kb_ynode *target = find_anchor(&b, (const char *)ev.data.alias.anchor);
			char lim[16];
			snprintf(lim, sizeof lim, "%d", KB_YAML_MAX_ALIASES);
			if (++b.naliases > KB_YAML_MAX_ALIASES) {
				set_error(err, (int)ev.start_mark.line + 1 + line_base,
					  (int)ev.start_mark.column + 1,
					  "too many YAML aliases (more than %s)%s", lim, NULL);
				yaml_event_delete(&ev);
				goto out;
			}
			if (!target) {
				set_error(err, (int)ev.start_mark.line + 1 + line_base,
					  (int)ev.start_mark.column + 1, "unknown YAML alias '*%s'%s",
					  (const char *)ev.data.alias.anchor, NULL);
				yaml_event_delete(&ev);
				goto out;
			}
			for (size_t i = 0; i < b.depth; i++) {
				if (b.stack[i].node == target) {
					set_error(err, (int)ev.start_mark.line + 1 + line_base,
						  (int)ev.start_mark.column + 1,
						  "YAML alias '*%s' refers to a node that contains it%s",
						  (const char *)ev.data.alias.anchor, NULL);
					yaml_event_delete(&ev);
					goto out;
				}
			}
			if (target->weight > KB_YAML_MAX_EXPANDED - b.expanded) {
				snprintf(lim, sizeof lim, "%d", KB_YAML_MAX_EXPANDED);
				set_error(err, (int)ev.start_mark.line + 1 + line_base,
					  (int)ev.start_mark.column + 1,
					  "YAML aliases expand to more than %s nodes (a 'billion "
					  "laughs' document?)%s",
					  lim, NULL);
				yaml_event_delete(&ev);
				goto out;
			}
			b.expanded += target->weight;
			attach(&b, target);
			break;
		}
		default:
			break;
		}
		yaml_event_delete(&ev);
	}
	*root = b.root;
	ret = 0;
out:
	free(b.anchors);
	yaml_parser_delete(&parser);
	return ret;
}

kb_ynode *kb_ymap_key_node(const kb_ynode *map, const char *key)
{
	if (!map || map->type != KB_Y_MAP)
		return NULL;
	for (size_t i = 0; i < map->n; i++) {
		kb_ynode *k = map->items[2 * i];
		if (k->type == KB_Y_SCALAR && strcmp(k->str, key) == 0)
			return k;
	}
	return NULL;
}

kb_ynode *kb_ymap_get(const kb_ynode *map, const char *key)
{
	if (!map || map->type != KB_Y_MAP)
		return NULL;
	for (size_t i = 0; i < map->n; i++) {
		kb_ynode *k = map->items[2 * i];
		if (k->type == KB_Y_SCALAR && strcmp(k->str, key) == 0)
			return map->items[2 * i + 1];
	}
	return NULL;
}

const kb_ynode *kb_ymap_duplicate(const kb_ynode *map)
{
	if (!map || map->type != KB_Y_MAP)
		return NULL;
	/* Mappings in front matter and config are small: compare pairwise. A large one, which a
	 * hostile file can hold (a YAML article's keys are checked too), goes through a hash set,
	 * so that it costs linear time; both give the first key that repeats an earlier one. */
	enum { PAIRWISE_MAX = 32 };
	if (map->n <= PAIRWISE_MAX) {
		for (size_t i = 1; i < map->n; i++) {
			const kb_ynode *k = map->items[2 * i];
			if (k->type != KB_Y_SCALAR)
				continue;
			for (size_t j = 0; j < i; j++) {
				const kb_ynode *o = map->items[2 * j];
				if (o->type == KB_Y_SCALAR && strcmp(o->str, k->str) == 0)
					return k;
			}
		}
		return NULL;
	}
	kb_strmap seen = {0};
	const kb_ynode *dup = NULL;
	for (size_t i = 0; i < map->n && !dup; i++) {
		const kb_ynode *k = map->items[2 * i];
		if (k->type == KB_Y_SCALAR && !kb_strmap_put(&seen, k->str, i))
			dup = k;
	}
	kb_strmap_free(&seen);
	return dup;
}

/* Repeated keys found so far, on the heap until they are copied to the arena. */
typedef struct {
	kb_ydup *v;
	size_t n, cap;
} dupvec;

/* The pairs of map whose key is a scalar equal to an earlier one's: grp[i] is the index of
 * the first pair with pair i's key (i itself when none). Pairwise for small mappings, through
 * a hash map for large ones, so that a hostile file costs linear time. */
static void group_keys(const kb_ynode *map, size_t *grp)
{
	enum { PAIRWISE_MAX = 32 };
	kb_strmap seen = {0};
	for (size_t i = 0; i < map->n; i++) {
		const kb_ynode *k = map->items[2 * i];
		grp[i] = i;
		if (k->type != KB_Y_SCALAR)
			continue;
		if (map->n <= PAIRWISE_MAX) {
			for (size_t j = 0; j < i; j++) {
				const kb_ynode *o = map->items[2 * j];
				if (o->type == KB_Y_SCALAR && strcmp(o->str, k->str) == 0) {
					grp[i] = grp[j];
					break;
				}
			}
		} else if (!kb_strmap_put(&seen, k->str, i)) {
			grp[i] = kb_strmap_get(&seen, k->str);
		}
	}
	kb_strmap_free(&seen);
}

/* Keeps the last pair of each repeated key of map, recording the repeats in out. */
static void keep_last(kb_ynode *map, kb_arena *arena, dupvec *out)
{
	size_t n = map->n;
	if (n < 2)
		return;
	size_t *grp = xmalloc(n * sizeof *grp), *count = xcalloc(n, sizeof *count);
	size_t *last = xmalloc(n * sizeof *last), *next = xmalloc(n * sizeof *next);
	group_keys(map, grp);
	bool any = false;
	for (size_t i = 0; i < n; i++) {
		next[i] = SIZE_MAX;
		if (count[grp[i]]++)
			next[last[grp[i]]] = i, any = true;
		last[grp[i]] = i;
	}
	for (size_t g = 0; any && g < n; g++) {
		if (grp[g] != g || count[g] < 2)
			continue;
		if (out->n == out->cap) {
			out->cap = out->cap ? 2 * out->cap : 8;
			out->v = xrealloc(out->v, out->cap * sizeof *out->v);
		}
		kb_ydup *d = &out->v[out->n++];
		d->key = map->items[2 * g]->str;
		d->n = count[g];
		d->keys = kb_arena_alloc(arena, d->n * sizeof *d->keys);
		size_t k = 0;
		for (size_t i = g; i != SIZE_MAX; i = next[i])
			d->keys[k++] = map->items[2 * i];
	}
	size_t kept = 0;
	for (size_t i = 0; any && i < n; i++) {
		if (last[grp[i]] != i)
			continue;
		map->items[2 * kept] = map->items[2 * i];
		map->items[2 * kept + 1] = map->items[2 * i + 1];
		kept++;
	}
	if (any)
		map->n = kept;
	free(grp);
	free(count);
	free(last);
	free(next);
}

size_t kb_ytree_keep_last(kb_ynode *root, kb_arena *arena, kb_ydup **dups)
{
	dupvec out = {0};
	*dups = NULL;
	/* an explicit stack, as the builder has: nesting may be KB_YAML_MAX_DEPTH deep, and an
	 * alias's node is visited once per alias (their expansion is capped when parsing) */
	kb_ynode **stack = NULL;
	size_t depth = 0, cap = 0;
	if (root) {
		cap = 16;
		stack = xmalloc(cap * sizeof *stack);
		stack[depth++] = root;
	}
	while (depth) {
		kb_ynode *node = stack[--depth];
		if (node->type == KB_Y_SCALAR)
			continue;
		if (node->type == KB_Y_MAP)
			keep_last(node, arena, &out);
		size_t step = node->type == KB_Y_MAP ? 2 : 1, first = step - 1;
		for (size_t i = first; i < node->n * step; i += step) {
			if (node->items[i]->type == KB_Y_SCALAR)
				continue;
			if (depth == cap) {
				cap *= 2;
				stack = xrealloc(stack, cap * sizeof *stack);
			}
			stack[depth++] = node->items[i];
		}
	}
	free(stack);
	if (out.n) {
		*dups = kb_arena_alloc(arena, out.n * sizeof **dups);
		memcpy(*dups, out.v, out.n * sizeof **dups);
	}
	free(out.v);
	return out.n;
}

bool kb_yscalar_is_null(const kb_ynode *n)
{
	if (!n)
		return true;
	if (n->type != KB_Y_SCALAR || n->style != KB_YS_PLAIN)
		return false;
	return n->len == 0 || strcmp(n->str, "~") == 0 || strcmp(n->str, "null") == 0 ||
	       strcmp(n->str, "Null") == 0 || strcmp(n->str, "NULL") == 0;
}

const char *kb_ynode_type_name(const kb_ynode *n)
{
	if (!n)
		return "nothing";
	switch (n->type) {
	case KB_Y_SCALAR:
		return "a scalar";
	case KB_Y_SEQ:
		return "a list";
	default:
		return "a mapping";
	}
}
