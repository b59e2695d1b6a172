/* test_frontmatter.c: kb_frontmatter_split (src/load/frontmatter.c). */
#include <string.h>

#include "frontmatter.h"
#include "harness.h"

static kb_frontmatter fm;
static const char *src_;

static int split(const char *s)
{
	src_ = s;
	memset(&fm, 0xA5, sizeof fm); /* garbage in: every field must be set */
	return kb_frontmatter_split(s, strlen(s), &fm);
}

/* The YAML text and the body as strings, to compare. */
static char yaml_buf[256], body_buf[256];
static const char *yaml(void)
{
	if (fm.fm_off + fm.fm_len > strlen(src_) || fm.fm_len >= sizeof yaml_buf)
		return "(out of range)";
	memcpy(yaml_buf, src_ + fm.fm_off, fm.fm_len);
	yaml_buf[fm.fm_len] = '\0';
	return yaml_buf;
}
static const char *body(void)
{
	size_t n = strlen(src_);
	if (fm.body_off > n || n - fm.body_off >= sizeof body_buf)
		return "(out of range)";
	memcpy(body_buf, src_ + fm.body_off, n - fm.body_off);
	body_buf[n - fm.body_off] = '\0';
	return body_buf;
}

static void test_none(void)
{
	CHECK_EQ_INT(split("# Title\n\nText.\n"), 0);
	CHECK(!fm.present);
	CHECK_EQ_INT(fm.body_off, 0);
	CHECK_EQ_INT(fm.body_line, 1);
	CHECK_EQ_INT(fm.fm_len, 0);
	CHECK_EQ_INT(fm.error_line, 0);

	CHECK_EQ_INT(split(""), 0);
	CHECK(!fm.present);
	CHECK_EQ_INT(fm.body_off, 0);
	CHECK_EQ_INT(fm.body_line, 1);

	/* a thematic break later in the body is not front matter */
	CHECK_EQ_INT(split("# Title\n\n---\n\na: b\n---\n"), 0);
	CHECK(!fm.present);
	CHECK_EQ_INT(fm.body_off, 0);
	CHECK_EQ_INT(fm.error_line, 0);

	/* the fence must be on the very first line, with nothing before it */
	CHECK_EQ_INT(split("\n---\na: 1\n---\n"), 0);
	CHECK(!fm.present);
	CHECK_EQ_INT(split(" ---\na: 1\n---\n"), 0);
	CHECK(!fm.present);
	/* four dashes, or dashes followed by text, are not a fence */
	CHECK_EQ_INT(split("----\na: 1\n----\n"), 0);
	CHECK(!fm.present);
	CHECK_EQ_INT(split("--- x\na: 1\n---\n"), 0);
	CHECK(!fm.present);
	CHECK_EQ_INT(split("--\n"), 0);
	CHECK(!fm.present);
	/* "..." only closes */
	CHECK_EQ_INT(split("...\na: 1\n...\n"), 0);
	CHECK(!fm.present);
}

static void test_basic(void)
{
	CHECK_EQ_INT(split("---\ntitle: T\nowner: ann\n---\n# Body\n"), 0);
	CHECK(fm.present);
	CHECK_EQ_INT(fm.fm_off, 4);
	CHECK_EQ_STR(yaml(), "title: T\nowner: ann\n");
	CHECK_EQ_INT(fm.fm_line, 2);
	CHECK_EQ_STR(body(), "# Body\n");
	CHECK_EQ_INT(fm.body_off, 28);
	CHECK_EQ_INT(fm.body_line, 5);
	CHECK_EQ_INT(fm.error_line, 0);

	/* the closing fence is the last line, without a line end */
	CHECK_EQ_INT(split("---\na: 1\n---"), 0);
	CHECK(fm.present);
	CHECK_EQ_STR(yaml(), "a: 1\n");
	CHECK_EQ_STR(body(), "");
	CHECK_EQ_INT(fm.body_line, 4);

	/* "..." closes too */
	CHECK_EQ_INT(split("---\na: 1\n...\nbody\n"), 0);
	CHECK(fm.present);
	CHECK_EQ_STR(yaml(), "a: 1\n");
	CHECK_EQ_STR(body(), "body\n");
	CHECK_EQ_INT(fm.body_line, 4);

	/* trailing spaces and tabs after either fence */
	CHECK_EQ_INT(split("---  \na: 1\n--- \t\nbody\n"), 0);
	CHECK(fm.present);
	CHECK_EQ_STR(yaml(), "a: 1\n");
	CHECK_EQ_STR(body(), "body\n");
	CHECK_EQ_INT(split("---\t\na: 1\n...  \nbody\n"), 0);
	CHECK(fm.present);
	CHECK_EQ_STR(body(), "body\n");

	/* empty front matter */
	CHECK_EQ_INT(split("---\n---\nbody"), 0);
	CHECK(fm.present);
	CHECK_EQ_INT(fm.fm_off, 4);
	CHECK_EQ_INT(fm.fm_len, 0);
	CHECK_EQ_INT(fm.fm_line, 2);
	CHECK_EQ_STR(body(), "body");
	CHECK_EQ_INT(fm.body_off, 8);
	CHECK_EQ_INT(fm.body_line, 3);

	/* the first closing fence wins; a later "---" is a thematic break in the body */
	CHECK_EQ_INT(split("---\na: 1\n---\ntext\n\n---\n\nmore\n"), 0);
	CHECK_EQ_STR(yaml(), "a: 1\n");
	CHECK_EQ_STR(body(), "text\n\n---\n\nmore\n");
	CHECK_EQ_INT(fm.body_line, 4);

	/* blank lines inside the front matter count */
	CHECK_EQ_INT(split("---\n\na: 1\n\n---\n\nbody\n"), 0);
	CHECK_EQ_STR(yaml(), "\na: 1\n\n");
	CHECK_EQ_INT(fm.body_line, 6);
	CHECK_EQ_STR(body(), "\nbody\n");

	/* an indented "---" does not close */
	CHECK_EQ_INT(split("---\na: |\n  ---\n---\nb\n"), 0);
	CHECK_EQ_STR(yaml(), "a: |\n  ---\n");
	CHECK_EQ_STR(body(), "b\n");
}

static void test_bom(void)
{
	CHECK_EQ_INT(split("\xEF\xBB\xBF---\na: 1\n---\nbody\n"), 0);
	CHECK(fm.present);
	CHECK_EQ_INT(fm.fm_off, 7);
	CHECK_EQ_STR(yaml(), "a: 1\n");
	CHECK_EQ_INT(fm.fm_line, 2);
	CHECK_EQ_STR(body(), "body\n");
	CHECK_EQ_INT(fm.body_line, 4);

	/* no front matter: the body starts after the BOM */
	CHECK_EQ_INT(split("\xEF\xBB\xBF# Title\n"), 0);
	CHECK(!fm.present);
	CHECK_EQ_INT(fm.body_off, 3);
	CHECK_EQ_INT(fm.body_line, 1);
	CHECK_EQ_STR(body(), "# Title\n");

	/* a BOM alone */
	CHECK_EQ_INT(split("\xEF\xBB\xBF"), 0);
	CHECK(!fm.present);
	CHECK_EQ_INT(fm.body_off, 3);
}

static void test_line_ends(void)
{
	CHECK_EQ_INT(split("---\r\na: 1\r\nb: 2\r\n---\r\nbody\r\n"), 0);
	CHECK(fm.present);
	CHECK_EQ_INT(fm.fm_off, 5);
	CHECK_EQ_STR(yaml(), "a: 1\r\nb: 2\r\n");
	CHECK_EQ_INT(fm.fm_line, 2);
	CHECK_EQ_STR(body(), "body\r\n");
	CHECK_EQ_INT(fm.body_line, 5);

	CHECK_EQ_INT(split("---\ra: 1\rb: 2\r---\rbody\r"), 0);
	CHECK(fm.present);
	CHECK_EQ_INT(fm.fm_off, 4);
	CHECK_EQ_STR(yaml(), "a: 1\rb: 2\r");
	CHECK_EQ_STR(body(), "body\r");
	CHECK_EQ_INT(fm.body_line, 5);

	/* mixed: each of \n, \r\n and \r ends one line; "\n\r" is two */
	CHECK_EQ_INT(split("---\r\na: 1\rb: 2\n\r---\nbody"), 0);
	CHECK(fm.present);
	CHECK_EQ_STR(yaml(), "a: 1\rb: 2\n\r");
	CHECK_EQ_STR(body(), "body");
	CHECK_EQ_INT(fm.body_line, 6);

	/* CRLF with trailing spaces on the fences, and a BOM */
	CHECK_EQ_INT(split("\xEF\xBB\xBF--- \r\na: 1\r\n...\t\r\nbody"), 0);
	CHECK(fm.present);
	CHECK_EQ_STR(yaml(), "a: 1\r\n");
	CHECK_EQ_STR(body(), "body");
	CHECK_EQ_INT(fm.body_line, 4);
}

static void test_unterminated(void)
{
	CHECK_EQ_INT(split("---\na: 1\nb: 2\n"), -1);
	CHECK_EQ_INT(fm.error_line, 1);
	CHECK(!fm.present);

	CHECK_EQ_INT(split("---\na: 1\n----\n"), -1);
	CHECK_EQ_INT(fm.error_line, 1);

	/* a file that is only an opening fence */
	CHECK_EQ_INT(split("---"), -1);
	CHECK_EQ_INT(fm.error_line, 1);
	CHECK(!fm.present);
	CHECK_EQ_INT(split("---\n"), -1);
	CHECK_EQ_INT(fm.error_line, 1);
	CHECK_EQ_INT(split("---\r\n"), -1);
	CHECK_EQ_INT(fm.error_line, 1);
	CHECK_EQ_INT(split("\xEF\xBB\xBF---"), -1);
	CHECK_EQ_INT(fm.error_line, 1);
	CHECK_EQ_INT(split("---  "), -1);
	CHECK_EQ_INT(fm.error_line, 1);

	/* only s[0..len) is read: the closing fence past len does not count */
	const char *s = "---\na: 1\n---\n";
	CHECK_EQ_INT(kb_frontmatter_split(s, 9, &fm), -1);
	CHECK_EQ_INT(fm.error_line, 1);
	CHECK_EQ_INT(kb_frontmatter_split(s, 12, &fm), 0);
	CHECK(fm.present);
	CHECK_EQ_INT(fm.body_off, 12);
}

int main(int argc, char **argv)
{
	(void)argc;
	test_none();
	test_basic();
	test_bom();
	test_line_ends();
	test_unterminated();
	return kb_test_report(argv[0]);
}
