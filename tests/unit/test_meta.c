/* test_meta.c: kb_meta_path (src/load/meta.c): field paths of the config's `fields`. */
#include <string.h>

#include "article.h"
#include "harness.h"

static kb_arena arena;

static const kb_ynode *parse(const char *yaml)
{
	kb_ynode *root = NULL;
	kb_yerror err;
	CHECK_EQ_INT(kb_yaml_parse(yaml, strlen(yaml), 0, &arena, &root, &err), 0);
	return root;
}

/* The scalar at path, or "(none)"; also checks that the key node is given exactly then. */
static const char *at(const kb_ynode *map, const char *path)
{
	const kb_ynode *key = (const kb_ynode *)&key;
	const kb_ynode *v = kb_meta_path(map, path, &key);
	CHECK((v != NULL) == (key != NULL));
	return v && v->type == KB_Y_SCALAR ? v->str : v ? "(not a scalar)" : "(none)";
}

int main(int argc, char **argv)
{
	(void)argc;
	const kb_ynode *m = parse("ms.date: top\n"
				  "metadata:\n  ms.date: nested\n  review: {owner: team}\n"
				  "a.b: {c: longest}\n"
				  "a: {b: {c: shortest, d: only-here}}\n"
				  "list: [x]\n");
	CHECK_EQ_STR(at(m, "ms.date"), "top");                 /* a key with a dot, as it is */
	CHECK_EQ_STR(at(m, "metadata.ms.date"), "nested");     /* then the rest, ms.date, as one key */
	CHECK_EQ_STR(at(m, "metadata.review.owner"), "team");
	CHECK_EQ_STR(at(m, "a.b.c"), "longest");               /* the longest key first ... */
	CHECK_EQ_STR(at(m, "a.b.d"), "(none)");                /* ... and only that one */
	CHECK_EQ_STR(at(m, "metadata"), "(not a scalar)");
	CHECK_EQ_STR(at(m, "metadata.missing"), "(none)");
	CHECK_EQ_STR(at(m, "list.0"), "(none)");               /* lists are not indexed */
	CHECK_EQ_STR(at(m, "ms"), "(none)");
	CHECK_EQ_STR(at(NULL, "ms.date"), "(none)");
	kb_arena_free(&arena);
	return kb_test_report(argv[0]);
}
