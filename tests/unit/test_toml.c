/* test_toml.c: the TOML subset reader (src/util/toml.c) and TOML front matter (src/load/tomlfm.c): what it reads, and that what it does
 * not read is skipped, never a crash. */
#include <stdlib.h>
#include <string.h>

#include "frontmatter.h"
#include "harness.h"
#include "toml.h"
#include "yamltree.h"

static kb_toml t;

static void parse(const char *s)
{
	kb_toml_free(&t);
	kb_toml_parse(s, strlen(s), &t);
}

static void test_values(void)
{
	parse("# comment\n"
	      "baseURL = \"https://example.org/docs/\"  # trailing\n"
	      "title = 'C:\\path'\n"
	      "esc = \"tab\\tq\\\"u\\u00e9\\U0001F600\"\n"
	      "uglyURLs = true\n"
	      "n = -1_000\n"
	      "hex = 0xff\n"
	      "list = ['a', \"b\",\n  # inside\n  'c',\n]\n"
	      "\"quoted key\" = 'x'\n"
	      "a.b . c = 'dotted'\n"
	      "inline = { x = 'y', z = { w = true } }\n");
	CHECK_EQ_STR(kb_toml_str(&t, "baseURL"), "https://example.org/docs/");
	CHECK_EQ_STR(kb_toml_str(&t, "title"), "C:\\path");
	CHECK_EQ_STR(kb_toml_str(&t, "esc"), "tab\tq\"u\xC3\xA9\xF0\x9F\x98\x80");
	CHECK_EQ_INT(kb_toml_bool(&t, "uglyURLs"), 1);
	CHECK_EQ_INT(kb_toml_get(&t, "n")->num, -1000);
	CHECK_EQ_INT(kb_toml_get(&t, "hex")->num, 255);
	const kb_toml_entry *l = kb_toml_get(&t, "list");
	CHECK(l && l->type == KB_TOML_STRINGS && l->strs.n == 3);
	if (l && l->strs.n == 3)
		CHECK_EQ_STR(l->strs.v[2], "c");
	CHECK_EQ_STR(kb_toml_str(&t, "quoted key"), "x");
	CHECK_EQ_STR(kb_toml_str(&t, "a.b.c"), "dotted");
	CHECK_EQ_STR(kb_toml_str(&t, "inline.x"), "y");
	CHECK_EQ_INT(kb_toml_bool(&t, "inline.z.w"), 1);
	CHECK_EQ_INT(t.skipped, 0);
	CHECK_EQ_INT(kb_toml_get(&t, "title")->line, 3);
}

static void test_tables(void)
{
	parse("top = 1\n"
	      "[languages.en]\n  contentDir = 'content/en'\n"
	      "[languages.'fr']\ncontentDir = \"content/fr\"\n"
	      "[[module.mounts]]\nsource = 'assets'\ntarget = 'assets'\n"
	      "[[module.mounts]]\nsource = 'content/en'\ntarget = 'content'\n"
	      "[module.mounts.sites.matrix]\nlanguages = ['en']\n"
	      "[module.hugoVersion]\nmin = '0.1'\n");
	CHECK_EQ_STR(kb_toml_str(&t, "languages.en.contentDir"), "content/en");
	CHECK_EQ_STR(kb_toml_str(&t, "languages.fr.contentDir"), "content/fr");
	CHECK_EQ_STR(kb_toml_str(&t, "module.mounts.0.source"), "assets");
	CHECK_EQ_STR(kb_toml_str(&t, "module.mounts.1.source"), "content/en");
	CHECK_EQ_STR(kb_toml_str(&t, "module.mounts.1.target"), "content");
	CHECK(kb_toml_get(&t, "module.mounts.1.sites.matrix.languages") != NULL);
	CHECK_EQ_STR(kb_toml_str(&t, "module.hugoVersion.min"), "0.1");
	CHECK_EQ_INT(kb_toml_get(&t, "top")->num, 1);
}

static void test_multiline(void)
{
	parse("a = \"\"\"\nline one\nline two\\\n    joined\"\"\"\n"
	      "b = '''\nraw \\n ''''\n"
	      "c = \"\"\"x\"\"\"\"\"\n"
	      "after = 'ok'\n");
	CHECK_EQ_STR(kb_toml_str(&t, "a"), "line one\nline twojoined");
	CHECK_EQ_STR(kb_toml_str(&t, "b"), "raw \\n '");
	CHECK_EQ_STR(kb_toml_str(&t, "c"), "x\"\"");
	CHECK_EQ_STR(kb_toml_str(&t, "after"), "ok");
	CHECK_EQ_INT(t.skipped, 0);
}

/* Floats, dates and times are kept as written; arrays of other values are skipped to their
 * end, and what follows is still read. */
static void test_skipped(void)
{
	parse("f = 1.5\n"
	      "d = 1979-05-27T07:32:00Z\n"
	      "nested = [['\\[', '\\]'],\n  ['$$', '$$']]\n"
	      "mixed = [1, 'a']\n"
	      "ok = 'yes'\n"
	      "sp = 1979-05-27 07:32:00.5-07:00\n"
	      "t = 07:32:00\n"
	      "e = -3e2_0\n"
	      "notdate = 1979-05-27x\n");
	CHECK_EQ_INT(t.skipped, 3);
	CHECK_EQ_INT(t.skipped_line, 3);
	CHECK_EQ_STR(kb_toml_str(&t, "f"), "1.5");
	CHECK_EQ_INT(kb_toml_get(&t, "f")->type, KB_TOML_FLOAT);
	CHECK_EQ_STR(kb_toml_str(&t, "d"), "1979-05-27T07:32:00Z");
	CHECK_EQ_INT(kb_toml_get(&t, "d")->type, KB_TOML_DATE);
	CHECK_EQ_STR(kb_toml_str(&t, "sp"), "1979-05-27 07:32:00.5-07:00");
	CHECK_EQ_STR(kb_toml_str(&t, "t"), "07:32:00");
	CHECK_EQ_STR(kb_toml_str(&t, "e"), "-3e2_0");
	CHECK(kb_toml_get(&t, "notdate") == NULL);
	CHECK(kb_toml_get(&t, "nested") == NULL);
	CHECK(kb_toml_get(&t, "mixed") == NULL);
	CHECK_EQ_STR(kb_toml_str(&t, "ok"), "yes");
	CHECK_EQ_INT(kb_toml_get(&t, "ok")->line, 6);
}

/* Where each value stands, for messages that point at it. */
static void test_positions(void)
{
	parse("a = 'x'\n  b.c =   \"\\u00e9y\"\n\xC3\xA9 = 1\n[s]\nl = [\n 'p',\n]\nm = '''\nz'''\n");
	const kb_toml_entry *e = kb_toml_get(&t, "a");
	CHECK(e && e->col == 5 && e->vline == 1 && e->quoted && !e->multiline);
	e = kb_toml_get(&t, "b.c");
	CHECK(e && e->col == 11 && e->line == 2 && e->quoted);
	CHECK_EQ_INT(t.skipped, 1); /* a bare key is ASCII */
	e = kb_toml_get(&t, "s.l");
	CHECK(e && e->line == 5 && e->col == 5 && !e->quoted);
	e = kb_toml_get(&t, "s.m");
	CHECK(e && e->line == 8 && e->multiline && !e->quoted);
	CHECK_EQ_STR(kb_toml_str(&t, "s.m"), "z");
}

/* Malformed input: skipped line by line, never a crash; a bad header's keys are not read. */
static void test_malformed(void)
{
	parse("= 'no key'\n"
	      "key 'no equals'\n"
	      "s = \"unclosed\n"
	      "e = \"bad \\q escape\"\n"
	      "u = \"\\uD800\"\n"
	      "junk = 'x' y\n"
	      "[unclosed\nlost = 'x'\n"
	      "[ok]\nkept = 'x'\n"
	      "big = 99999999999999999999\n"
	      "m = '''never closed\n");
	CHECK(kb_toml_get(&t, "junk") == NULL);
	CHECK(kb_toml_get(&t, "lost") == NULL);
	CHECK(kb_toml_get(&t, "unclosed.lost") == NULL);
	CHECK_EQ_STR(kb_toml_str(&t, "ok.kept"), "x");
	CHECK(kb_toml_get(&t, "ok.big") == NULL);
	CHECK(kb_toml_get(&t, "ok.m") == NULL);
	CHECK(t.skipped >= 9);
	/* not NUL-terminated, and cut in the middle of everything */
	static const char src[] = "a = \"x\\u12\"\n[[b]]\nc = { d = [ 'e', \"\"\"f";
	for (size_t n = 0; n <= sizeof src - 1; n++) {
		kb_toml_free(&t);
		char *copy = xstrndup(src, n);
		kb_toml_parse(copy, n, &t);
		free(copy);
	}
	CHECK(1);
	/* deep inline tables are skipped, not recursed without end */
	char deep[4 * KB_TOML_MAX_DEPTH + 64] = "x = ";
	for (int i = 0; i < KB_TOML_MAX_DEPTH + 5; i++)
		strcat(deep, "{a=");
	strcat(deep, "1\n");
	parse(deep);
	CHECK_EQ_INT(t.n, 0);
	CHECK_EQ_INT(t.skipped, 1);
}

/* "+++" front matter: split as YAML's is, and read into the tree YAML front matter gives. */
static void test_front_matter(void)
{
	static const char src[] = "+++\ntitle = 'T'\nlast_reviewed = 2025-01-10\ntags = ['a', 'b']\n"
				  "[[cascade]]\n  [cascade.build]\n  render = 'never'\n+++\nBody.\n";
	kb_frontmatter fm;
	CHECK_EQ_INT(kb_frontmatter_split(src, strlen(src), &fm), 0);
	CHECK(fm.present && fm.fence == '+' && fm.fm_line == 2 && fm.body_line == 9);
	kb_arena arena = {0};
	kb_ynode *root = NULL;
	CHECK_EQ_INT(kb_toml_front_matter(src + fm.fm_off, fm.fm_len, fm.fm_line - 1, &arena, &root),
		     0);
	CHECK(root && root->type == KB_Y_MAP && root->n == 4);
	const kb_ynode *v = kb_ymap_get(root, "title");
	CHECK(v && v->style == KB_YS_QUOTED && v->line == 2 && v->col == 9);
	v = kb_ymap_get(root, "last_reviewed");
	CHECK(v && v->style == KB_YS_PLAIN && v->line == 3 && strcmp(v->str, "2025-01-10") == 0);
	v = kb_ymap_get(root, "tags");
	CHECK(v && v->type == KB_Y_SEQ && v->n == 2);
	v = kb_ymap_get(root, "cascade");
	CHECK(v && v->type == KB_Y_SEQ && v->n == 1);
	if (v && v->type == KB_Y_SEQ && v->n == 1) {
		const kb_ynode *b = kb_ymap_get(v->items[0], "build");
		const kb_ynode *r = b ? kb_ymap_get(b, "render") : NULL;
		CHECK(r && strcmp(r->str, "never") == 0 && r->line == 7);
	}
	kb_arena_free(&arena);
	/* unclosed, and "+++" alone */
	CHECK_EQ_INT(kb_frontmatter_split("+++\na = 1\n", 10, &fm), -1);
	CHECK(fm.fence == '+' && fm.error_line == 1);
	CHECK_EQ_INT(kb_frontmatter_split("+++", 3, &fm), -1);
	/* "---" is closed by "---", never by "+++" */
	CHECK_EQ_INT(kb_frontmatter_split("---\na: 1\n+++\n", 14, &fm), -1);
}

int main(int argc, char **argv)
{
	(void)argc;
	test_values();
	test_tables();
	test_multiline();
	test_skipped();
	test_positions();
	test_malformed();
	test_front_matter();
	kb_toml_free(&t);
	return kb_test_report(argv[0]);
}
