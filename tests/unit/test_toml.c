/* test_toml.c: the TOML subset reader (src/site/toml.c): what it reads, and that what it does
 * not read is skipped, never a crash. */
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "toml.h"

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

/* Values outside the subset are skipped to their end; what follows is still read. */
static void test_skipped(void)
{
	parse("f = 1.5\n"
	      "d = 1979-05-27T07:32:00Z\n"
	      "nested = [['\\[', '\\]'],\n  ['$$', '$$']]\n"
	      "mixed = [1, 'a']\n"
	      "ok = 'yes'\n");
	CHECK_EQ_INT(t.skipped, 4);
	CHECK_EQ_INT(t.skipped_line, 1);
	CHECK(kb_toml_get(&t, "f") == NULL);
	CHECK(kb_toml_get(&t, "nested") == NULL);
	CHECK(kb_toml_get(&t, "mixed") == NULL);
	CHECK_EQ_STR(kb_toml_str(&t, "ok"), "yes");
	CHECK_EQ_INT(kb_toml_get(&t, "ok")->line, 6);
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

int main(int argc, char **argv)
{
	(void)argc;
	test_values();
	test_tables();
	test_multiline();
	test_skipped();
	test_malformed();
	kb_toml_free(&t);
	return kb_test_report(argv[0]);
}
