/* test_yamltree.c: repeated keys (kb_ytree_keep_last, src/util/yamltree.c): the last value kept
 * in place, every place recorded, nested mappings and aliases, large mappings; and YAML data
 * files (kb_ydata_parse, src/util/ydata.c): the checks and their order. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "util.h"
#include "ydata.h"
#include "yamltree.h"

static kb_arena arena;
static kb_ynode *root;
static kb_ydup *dups;

/* Parses text and keeps the last values; returns how many keys repeat, or -1. */
static long keep(const char *text)
{
	kb_arena_free(&arena);
	kb_yerror err;
	root = NULL;
	if (kb_yaml_parse(text, strlen(text), 0, &arena, &root, &err) != 0)
		return -1;
	return (long)kb_ytree_keep_last(root, &arena, &dups);
}

/* The mapping's keys in order, "a=1 b=2". */
static const char *pairs(const kb_ynode *map)
{
	static char out[256];
	size_t o = 0;
	out[0] = '\0';
	for (size_t i = 0; map && i < map->n && o < sizeof out; i++) {
		const kb_ynode *k = map->items[2 * i], *v = map->items[2 * i + 1];
		o += (size_t)snprintf(out + o, sizeof out - o, "%s%s=%s", i ? " " : "", k->str,
				      v->type == KB_Y_SCALAR ? v->str : "{}");
	}
	return out;
}

/* The lines of dups[i]: "1 3". */
static const char *lines(size_t i)
{
	static char out[128];
	size_t o = 0;
	out[0] = '\0';
	for (size_t k = 0; k < dups[i].n && o < sizeof out; k++)
		o += (size_t)snprintf(out + o, sizeof out - o, "%s%d", k ? " " : "",
				      dups[i].keys[k]->line);
	return out;
}

static void test_none(void)
{
	CHECK_EQ_INT(keep("a: 1\nb: 2\n"), 0);
	CHECK(dups == NULL);
	CHECK_EQ_STR(pairs(root), "a=1 b=2");
	CHECK_EQ_INT(keep(""), 0);
	CHECK_EQ_INT(keep("just a scalar\n"), 0);
	CHECK_EQ_INT(keep("- a: 1\n- a: 2\n"), 0); /* different mappings */
}

static void test_last_wins(void)
{
	CHECK_EQ_INT(keep("a: 1\nb: 2\na: 3\nc: 4\na: 5\nb: 6\n"), 2);
	CHECK_EQ_STR(pairs(root), "c=4 a=5 b=6"); /* the last pairs, where they are written */
	CHECK_EQ_STR(dups[0].key, "a");
	CHECK_EQ_STR(lines(0), "1 3 5");
	CHECK_EQ_STR(dups[1].key, "b");
	CHECK_EQ_STR(lines(1), "2 6");
	CHECK(kb_ymap_duplicate(root) == NULL);
	CHECK_EQ_STR(kb_ymap_get(root, "a")->str, "5");
}

static void test_nested(void)
{
	CHECK_EQ_INT(keep("- question: q\n  answer: one\n  answer: two\n"
			  "- metadata:\n    ms.date: 1\n    ms.date: 2\n  x: {k: 1, k: 2}\n"), 3);
	CHECK_EQ_STR(pairs(root->items[0]), "question=q answer=two");
	CHECK_EQ_STR(pairs(kb_ymap_get(root->items[1], "metadata")), "ms.date=2");
	CHECK_EQ_STR(pairs(kb_ymap_get(root->items[1], "x")), "k=2");
	CHECK_EQ_INT(dups[0].n + dups[1].n + dups[2].n, 6);
	/* a mapping an alias shares is changed once and reported once */
	CHECK_EQ_INT(keep("base: &b {a: 1, a: 2}\none: *b\ntwo: *b\n"), 1);
	CHECK_EQ_STR(pairs(kb_ymap_get(root, "two")), "a=2");
	/* keys that are not scalars are never the same key */
	CHECK_EQ_INT(keep("? [a]\n: 1\n? [a]\n: 2\n"), 0);
}

static void test_large(void)
{
	/* more than 32 keys: through the hash map; the same answer */
	kb_buf b = {0};
	for (int i = 0; i < 1000; i++)
		kb_buf_printf(&b, "k%d: %d\n", i % 400, i);
	CHECK_EQ_INT(keep(b.data), 400);
	CHECK_EQ_INT(root->n, 400);
	CHECK_EQ_STR(kb_ymap_get(root, "k0")->str, "800");
	CHECK_EQ_STR(kb_ymap_get(root, "k399")->str, "799");
	CHECK_EQ_STR(dups[0].key, "k0");
	CHECK_EQ_STR(lines(0), "1 401 801");
	CHECK_EQ_INT(dups[399].n, 2);
	kb_buf_free(&b);
}

/* One data file through kb_ydata_parse: 0 or -1, and the first error ("" when none). */
static const kb_ydata_kind things = {"a things file", "items", "things", NULL};
static char first_err[256];
static int ydata(const char *text)
{
	kb_ydata d;
	kb_errs errs = {0};
	int ret = kb_ydata_parse(&d, &things, "t.yaml", text, strlen(text), &errs);
	snprintf(first_err, sizeof first_err, "%s", errs.n ? errs.v[0] : "");
	if (ret == 0 && (!d.list || d.list->type != KB_Y_SEQ))
		ret = 99;
	kb_ydata_free(&d);
	kb_errs_free(&errs);
	return ret;
}

/* kb_ydata_parse checks, in order: YAML syntax, a mapping with the key, no other key, a list. */
static void test_ydata(void)
{
	CHECK_EQ_INT(ydata("items:\n  - a\n  - b\n"), 0);
	CHECK_EQ_STR(first_err, "");
	CHECK_EQ_INT(ydata("items: []\n"), 0);
	CHECK_EQ_INT(ydata(""), -1);
	CHECK_EQ_STR(first_err, "t.yaml:1:1: error: a things file must be a mapping with an 'items' list");
	CHECK_EQ_INT(ydata("- a\n"), -1);
	CHECK_EQ_STR(first_err, "t.yaml:1:1: error: a things file must be a mapping with an 'items' list");
	CHECK_EQ_INT(ydata("items: [\n"), -1);
	CHECK(strncmp(first_err, "t.yaml:2:1: error: invalid YAML: ", 33) == 0);
	CHECK_EQ_INT(ydata("items: []\nother: 1\n"), -1);
	CHECK_EQ_STR(first_err, "t.yaml:2:1: error: unknown key 'other' in a things file (expected: items)");
	/* an unknown key is named before a wrong value of the known one */
	CHECK_EQ_INT(ydata("items: x\nother: 1\n"), -1);
	CHECK_EQ_STR(first_err, "t.yaml:2:1: error: unknown key 'other' in a things file (expected: items)");
	CHECK_EQ_INT(ydata("items:\n  a: 1\n"), -1);
	CHECK_EQ_STR(first_err, "t.yaml:2:3: error: 'items' must be a list of things, not a mapping");
}

int main(int argc, char **argv)
{
	(void)argc;
	test_none();
	test_last_wins();
	test_nested();
	test_large();
	test_ydata();
	kb_arena_free(&arena);
	return kb_test_report(argv[0]);
}
