/* test_glob.c: kb_glob_match (src/util/glob.c). */
#include "glob.h"
#include "harness.h"

#define MATCH(pat, path) CHECK_EQ_INT(kb_glob_match(pat, path), 1)
#define NO_MATCH(pat, path) CHECK_EQ_INT(kb_glob_match(pat, path), 0)

static void test_doublestar(void)
{
	MATCH("**/*.md", "a.md");
	MATCH("**/*.md", "x/a.md");
	MATCH("**/*.md", "x/y/a.md");
	NO_MATCH("**/*.md", "a.mdx");
	NO_MATCH("**/*.md", "x/a.md.txt");
	NO_MATCH("**/*.md", "x/amd");

	MATCH("docs/**", "docs/a.md");
	MATCH("docs/**", "docs/x/y/z.md");
	NO_MATCH("docs/**", "docs");   /* what is under docs, not docs itself */
	NO_MATCH("docs/**", "docsx/a.md");
	NO_MATCH("docs/**", "x/docs/a.md");

	MATCH("**/drafts/**", "drafts/a.md");
	MATCH("**/drafts/**", "x/drafts/a.md");
	MATCH("**/drafts/**", "x/y/drafts/z/a.md");
	NO_MATCH("**/drafts/**", "drafts.md");
	NO_MATCH("**/drafts/**", "x/mydrafts/a.md");
	NO_MATCH("**/drafts/**", "x/drafts-old/a.md");

	MATCH("a/**/b.md", "a/b.md");   /* "**" may match no segment */
	MATCH("a/**/b.md", "a/x/b.md");
	MATCH("a/**/b.md", "a/x/y/b.md");
	NO_MATCH("a/**/b.md", "ab.md");
	NO_MATCH("a/**/b.md", "x/a/b.md");
	MATCH("docs/**/*.md", "docs/a.md");
	MATCH("docs/**/*.md", "docs/x/a.md");
	NO_MATCH("docs/**/*.md", "docs/x/a.txt");

	MATCH("**", "a");
	MATCH("**", "a/b/c");
}

static void test_no_slash(void)
{
	/* a pattern with no '/' matches at any depth */
	MATCH("*.md", "a.md");
	MATCH("*.md", "x/a.md");
	MATCH("*.md", "x/y/z/a.md");
	NO_MATCH("*.md", "x/a.txt");
	NO_MATCH("*.md", "x/a.md~");
	MATCH("*.html.md.erb", "a.html.md.erb");
	MATCH("*.html.md.erb", "x/y/index.html.md.erb");
	NO_MATCH("*.html.md.erb", "index.html.md");
	NO_MATCH("*.html.md.erb", "x/index.md.erb");
	MATCH("README.md", "x/README.md");
	NO_MATCH("README.md", "x/README.mdx");
	NO_MATCH("README.md", "x/XREADME.md");

	/* "drafts" matches a folder segment, so excluding it excludes what is inside */
	MATCH("drafts", "drafts");
	MATCH("drafts", "drafts/a.md");
	MATCH("drafts", "x/drafts/y/a.md");
	NO_MATCH("drafts", "x/drafts.md");
	NO_MATCH("drafts", "mydrafts/a.md");
	NO_MATCH("drafts", "drafts2/a.md");
}

static void test_segments(void)
{
	MATCH("docs/*.md", "docs/a.md");
	NO_MATCH("docs/*.md", "docs/x/y.md"); /* '*' stays within one segment */
	NO_MATCH("docs/*.md", "x/docs/a.md"); /* a pattern with a '/' is anchored */
	NO_MATCH("docs/*.md", "docs.md");
	MATCH("docs/a.md", "docs/a.md");
	NO_MATCH("docs/a.md", "docs/b.md");
	/* a path prefix names a folder and everything under it, as in .gitignore */
	MATCH("docs/x", "docs/x/y.md");
	NO_MATCH("docs/x", "docs/xy/y.md");

	NO_MATCH("a?b", "a/b");         /* '?' never matches '/' */
	NO_MATCH("a*b", "a/b");
	NO_MATCH("x/a*b", "x/a/b");
}

static void test_wildcards(void)
{
	MATCH("?.md", "a.md");
	MATCH("?.md", "x/a.md");
	NO_MATCH("?.md", "ab.md");
	NO_MATCH("?.md", ".md");
	MATCH("a??.md", "abc.md");
	NO_MATCH("a??.md", "ab.md");

	MATCH("*", "anything");
	MATCH("a*", "a");
	MATCH("*a*b*", "xaybz");
	NO_MATCH("*a*b*", "xbya");
	MATCH("*.*", "a.b");
	NO_MATCH("*.*", "ab");
	MATCH("a*b*c", "abbbbc");
	NO_MATCH("a*b*c", "abbbbcd");

	MATCH("[ab].md", "a.md");
	MATCH("[ab].md", "b.md");
	NO_MATCH("[ab].md", "c.md");
	NO_MATCH("[ab].md", "ab.md");
	MATCH("[!a].md", "b.md");
	NO_MATCH("[!a].md", "a.md");
	MATCH("[^a].md", "b.md");
	NO_MATCH("[^a].md", "a.md");
	MATCH("[a-c].md", "b.md");
	NO_MATCH("[a-c].md", "d.md");
	NO_MATCH("[a-c].md", "-.md");
	MATCH("[!a-c].md", "d.md");
	NO_MATCH("[!a-c].md", "b.md");
	MATCH("[a-].md", "-.md");        /* a '-' at the end is literal */
	MATCH("[]a].md", "].md");        /* a ']' first is literal */
	MATCH("[0-9][0-9]-*.md", "07-intro.md");
	NO_MATCH("[0-9][0-9]-*.md", "7-intro.md");
	MATCH("a[.md", "a[.md");         /* an unclosed '[' is literal */
	NO_MATCH("a[.md", "ab.md");
	MATCH("\\*.md", "*.md");         /* a backslash escapes */
	NO_MATCH("\\*.md", "a.md");
}

static void test_prefixes(void)
{
	/* "./" in a path or pattern is ignored */
	MATCH("**/*.md", "./a.md");
	MATCH("docs/*.md", "./docs/a.md");
	MATCH("./docs/*.md", "docs/a.md");

	/* a leading "/" (or "./") anchors a pattern to the top, as in .gitignore */
	MATCH("/drafts", "drafts");
	MATCH("/drafts", "drafts/a.md");
	NO_MATCH("/drafts", "x/drafts/a.md");
	MATCH("./drafts", "drafts/a.md");
	NO_MATCH("./drafts", "x/drafts/a.md");
	MATCH("/*.md", "a.md");
	NO_MATCH("/*.md", "x/a.md");
	MATCH("/docs/*.md", "docs/a.md");

	/* a trailing "/" names a folder (at any depth when there is no other '/') */
	MATCH("drafts/", "drafts");
	MATCH("drafts/", "drafts/a.md");
	MATCH("drafts/", "x/drafts/a.md");
	NO_MATCH("drafts/", "drafts.md");
	MATCH("docs/old/", "docs/old/a.md");
	NO_MATCH("docs/old/", "x/docs/old/a.md");
	MATCH("/drafts/", "drafts/a.md");
	NO_MATCH("/drafts/", "x/drafts/a.md");

	NO_MATCH("", "a.md");
	NO_MATCH("/", "a.md");
}

static void test_name_ending(void)
{
	/* two stars, a slash and a segment literal but for one star are matched without
	 * match_path's search: the same answers as the same pattern with one more "**" segment
	 * (the same set of paths, which takes the search), on every path */
	static const char *const paths[] = {
		"a.md", "x/a.md", "./x/y/a.md", ".md", "a.mdx", "x/a.md.txt", "x/amd",
		"notes.md/readme.txt", "x/notes.md/y/z.txt", "a//b.md", "x/", "", "A.MD", "md", "x/.md", "a.md/",
		"LICENSE.md", "x/LICENSE-CODE.md", "LICENSE", "LICENSEmd", "x/CODE_OF_CONDUCT.md/y",
		"CODE_OF_CONDUCT.mdx", "docs/CODE_OF_CONDUCT.md", "./CODE_OF_CONDUCT.md",
	};
	static const char *const pats[][2] = {
		{"**/*.md", "**/**/*.md"}, {"**/*.yml", "**/**/*.yml"}, {"**/*d", "**/**/*d"},
		{"**/*a.md", "**/**/*a.md"}, {"**/CODE_OF_CONDUCT.md", "**/**/CODE_OF_CONDUCT.md"},
		{"**/LICENSE*.md", "**/**/LICENSE*.md"}, {"**/*", "**/**/*"},
		{"**/LICENSE*", "**/**/LICENSE*"}, {"./**/*.md", "./**/**/*.md"},
		{"/**/CODE_OF_CONDUCT.md", "/**/**/CODE_OF_CONDUCT.md"},
	};
	for (size_t i = 0; i < sizeof pats / sizeof pats[0]; i++)
		for (size_t k = 0; k < sizeof paths / sizeof paths[0]; k++)
			CHECK_EQ_INT(kb_glob_match(pats[i][0], paths[k]),
				     kb_glob_match(pats[i][1], paths[k]));
	MATCH("**/*.md", "notes.md/readme.txt"); /* a folder named like the pattern */
	NO_MATCH("**/*.md", "x/a.md.txt");
	MATCH("**/*.md", ".md");
	MATCH("**/LICENSE*.md", "x/LICENSE-CODE.md");
	NO_MATCH("**/LICENSE*.md", "LICENSEmd");
	NO_MATCH("**/CODE_OF_CONDUCT.md", "CODE_OF_CONDUCT.mdx");
}

int main(int argc, char **argv)
{
	(void)argc;
	test_doublestar();
	test_no_slash();
	test_segments();
	test_wildcards();
	test_prefixes();
	test_name_ending();
	return kb_test_report(argv[0]);
}
