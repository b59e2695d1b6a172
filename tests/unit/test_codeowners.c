/* test_codeowners.c: CODEOWNERS patterns and sections (src/load/codeowners.c), and the reading of
 * git log's output for freshness.fallback: git (src/load/gitdates.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "codeowners.h"
#include "gitdates.h"
#include "harness.h"

/* The owners of rel under the CODEOWNERS text src ("" when none). */
static char got[256];
static const char *owners(const char *src, const char *rel)
{
	kb_codeowners *c = kb_codeowners_parse(src, strlen(src), "CODEOWNERS", "/repo");
	char *o = kb_codeowners_owners(c, rel);
	snprintf(got, sizeof got, "%s", o ? o : "");
	free(o);
	kb_codeowners_free(c);
	return got;
}

static void test_last_match_wins(void)
{
	const char *f = "# comment\n"
			"*       @all\n"
			"*.md    @writers\n"
			"/docs/  @docs-team @alice\n";
	CHECK_EQ_STR(owners(f, "src/main.c"), "@all");
	CHECK_EQ_STR(owners(f, "README.md"), "@writers");
	CHECK_EQ_STR(owners(f, "docs/guide/a.md"), "@docs-team, @alice");
	/* the same lines in the other order: the later line wins */
	const char *g = "/docs/ @docs-team\n*.md @writers\n";
	CHECK_EQ_STR(owners(g, "docs/a.md"), "@writers");
	CHECK_EQ_STR(owners(g, "docs/a.txt"), "@docs-team");
	/* a later line with no owner: nobody owns the file */
	CHECK_EQ_STR(owners("* @all\n/docs/generated/\n", "docs/generated/x.md"), "");
	CHECK_EQ_STR(owners("* @all\n/docs/generated/\n", "docs/x.md"), "@all");
	/* no line matches */
	CHECK_EQ_STR(owners("/src/ @dev\n", "docs/x.md"), "");
	CHECK_EQ_STR(owners("", "docs/x.md"), "");
}

static void test_anchors_and_folders(void)
{
	/* no '/': any depth, a file or a folder */
	CHECK_EQ_STR(owners("apps @a\n", "apps/x.md"), "@a");
	CHECK_EQ_STR(owners("apps @a\n", "kb/apps/x.md"), "@a");
	CHECK_EQ_STR(owners("apps @a\n", "kb/apps"), "@a");
	/* a trailing '/': folders only, at any depth */
	CHECK_EQ_STR(owners("apps/ @a\n", "kb/apps/x.md"), "@a");
	CHECK_EQ_STR(owners("apps/ @a\n", "kb/apps"), "");
	/* a leading '/': from the root only */
	CHECK_EQ_STR(owners("/apps/ @a\n", "apps/x.md"), "@a");
	CHECK_EQ_STR(owners("/apps/ @a\n", "kb/apps/x.md"), "");
	/* a '/' inside anchors too */
	CHECK_EQ_STR(owners("docs/billing @b\n", "docs/billing/x.md"), "@b");
	CHECK_EQ_STR(owners("docs/billing @b\n", "kb/docs/billing/x.md"), "");
	/* a file named exactly */
	CHECK_EQ_STR(owners("/docs/faq.md @f\n", "docs/faq.md"), "@f");
	CHECK_EQ_STR(owners("/docs/faq.md @f\n", "docs/faq.mdx"), "");
	/* "docs/" + "*": the files directly in docs/, not deeper */
	CHECK_EQ_STR(owners("docs/* @d\n", "docs/a.md"), "@d");
	CHECK_EQ_STR(owners("docs/* @d\n", "docs/sub/a.md"), "");
	/* "**": any number of folders */
	CHECK_EQ_STR(owners("docs/** @d\n", "docs/sub/deeper/a.md"), "@d");
	CHECK_EQ_STR(owners("**/logs @l\n", "a/b/logs/x.log"), "@l");
	CHECK_EQ_STR(owners("**/logs @l\n", "logs/x.log"), "@l");
	CHECK_EQ_STR(owners("/docs/**/*.md @m\n", "docs/a/b/c.md"), "@m");
	CHECK_EQ_STR(owners("/docs/**/*.md @m\n", "docs/c.md"), "@m");
	CHECK_EQ_STR(owners("/docs/**/*.md @m\n", "docs/a/c.txt"), "");
	/* '*' and '?' stay within a segment; classes */
	CHECK_EQ_STR(owners("/docs/*.md @m\n", "docs/a/b.md"), "");
	CHECK_EQ_STR(owners("/docs/?.md @m\n", "docs/a.md"), "@m");
	CHECK_EQ_STR(owners("/docs/?.md @m\n", "docs/ab.md"), "");
	CHECK_EQ_STR(owners("/v[0-9].md @v\n", "v2.md"), "@v");
	CHECK_EQ_STR(owners("/v[!0-9].md @v\n", "v2.md"), "");
	/* the whole path, not a prefix of a name */
	CHECK_EQ_STR(owners("/doc @d\n", "docs/a.md"), "");
	/* escapes: a space in a name, a leading '#' */
	CHECK_EQ_STR(owners("/my\\ docs/ @s\n", "my docs/a.md"), "@s");
	CHECK_EQ_STR(owners("\\#notes.md @h\n", "#notes.md"), "@h");
	/* inline comments and CRLF line ends */
	CHECK_EQ_STR(owners("*.md @a @b # the writers\r\n", "x.md"), "@a, @b");
	/* "!" patterns are supported by neither GitHub nor GitLab: skipped */
	CHECK_EQ_STR(owners("* @a\n!x.md @b\n", "x.md"), "@a");
	/* a pathological pattern gives up rather than taking a power of the path's length */
	CHECK_EQ_STR(owners("*a*a*a*a*a*a*a*a*a*a*a*a*b @p\n",
			    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
			    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"),
		     "");
	/* e-mail owners, and an owner listed twice */
	CHECK_EQ_STR(owners("* docs@example.com @a docs@example.com\n", "x.md"),
		     "docs@example.com, @a");
}

static void test_gitlab_sections(void)
{
	const char *f = "* @admins\n"
			"\n"
			"[Documentation] @docs-team\n"
			"docs/\n"
			"docs/api/ @api-writers\n"
			"\n"
			"^[Legal][2] @legal\n"
			"/docs/terms.md\n"
			"\n"
			"[documentation]\n"
			"/docs/old/ @archivists\n";
	/* each section's last match, joined in section order; defaults for lines with none */
	CHECK_EQ_STR(owners(f, "src/x.c"), "@admins");
	CHECK_EQ_STR(owners(f, "docs/a.md"), "@admins, @docs-team");
	CHECK_EQ_STR(owners(f, "docs/api/x.md"), "@admins, @api-writers");
	CHECK_EQ_STR(owners(f, "docs/terms.md"), "@admins, @docs-team, @legal");
	/* a section named again (case ignored) goes on: its later line wins there */
	CHECK_EQ_STR(owners(f, "docs/old/x.md"), "@admins, @archivists");
	/* GitLab: a pattern without a leading '/' matches at any depth, a '/' inside or not */
	CHECK_EQ_STR(owners(f, "kb/docs/api/x.md"), "@admins, @api-writers");
	CHECK_EQ_STR(owners("[Docs]\n/docs/api/ @api\n", "kb/docs/api/x.md"), "");
	/* "[abc]*.md @x" is a pattern, not a section */
	CHECK_EQ_STR(owners("[abc]*.md @x\n", "a1.md"), "@x");
}

/* A file in .gitlab/ reads patterns as GitLab does, without sections too. */
static void test_gitlab_file(void)
{
	const char *f = "docs/api/ @api\n";
	kb_codeowners *c = kb_codeowners_parse(f, strlen(f), "repo/.gitlab/CODEOWNERS", "/repo");
	char *o = kb_codeowners_owners(c, "kb/docs/api/x.md");
	CHECK_EQ_STR(o, "@api");
	free(o);
	kb_codeowners_free(c);
	/* GitHub's reading of the same line: anchored */
	CHECK_EQ_STR(owners(f, "kb/docs/api/x.md"), "");
	CHECK_EQ_STR(owners(f, "docs/api/x.md"), "@api");
}

static void test_owners_of(void)
{
	const char *f = "/kb/ @kb\n";
	kb_codeowners *c = kb_codeowners_parse(f, strlen(f), "CODEOWNERS", "/repo");
	char *o = kb_codeowners_owners_of(c, "/repo/kb/a.md");
	CHECK_EQ_STR(o, "@kb");
	free(o);
	CHECK(kb_codeowners_owners_of(c, "/repository/kb/a.md") == NULL);
	CHECK(kb_codeowners_owners_of(c, "/other/kb/a.md") == NULL);
	kb_codeowners_free(c);
}

/* git log's output as kb_gitdates_load asks for it, newest commit first. */
static void test_gitdates(void)
{
	static const char out[] = "\0C2024-04-01\0DHEAD\0"     /* an empty commit */
				  "\0C2024-03-01\0D\0\ndocs/a.md\0Csv.md\0"
				  "\0C2024-02-01\0Dgrafted\0\ndocs/a.md\0docs/b.md\0";
	kb_gitdates g = {0};
	g.root = strdup("/repo");
	kb_gitdates_parse(&g, out, sizeof out - 1);
	kb_date d = 0;
	CHECK_EQ_INT(kb_gitdates_lookup_rel(&g, "docs/a.md", &d), KB_GITDATE_OK);
	CHECK_EQ_INT(d, kb_date_from_ymd(2024, 3, 1));
	/* a name starting with 'C' is a name */
	CHECK_EQ_INT(kb_gitdates_lookup_rel(&g, "Csv.md", &d), KB_GITDATE_OK);
	/* first seen at the shallow boundary: too shallow to tell */
	CHECK_EQ_INT(kb_gitdates_lookup_rel(&g, "docs/b.md", &d), KB_GITDATE_SHALLOW);
	CHECK_EQ_INT(kb_gitdates_lookup_rel(&g, "docs/c.md", &d), KB_GITDATE_NONE);
	CHECK_EQ_INT(kb_gitdates_lookup(&g, "/repo/docs/a.md", &d), KB_GITDATE_OK);
	CHECK_EQ_INT(kb_gitdates_lookup(&g, "/repo/docs/c.md", &d), KB_GITDATE_NONE);
	CHECK_EQ_INT(kb_gitdates_lookup(&g, "/repox/docs/a.md", &d), KB_GITDATE_OUTSIDE);
	kb_gitdates_free(&g);
}

int main(int argc, char **argv)
{
	(void)argc;
	test_last_match_wins();
	test_anchors_and_folders();
	test_gitlab_sections();
	test_gitlab_file();
	test_owners_of();
	test_gitdates();
	return kb_test_report(argv[0]);
}
