/* test_edit.c: the pieces behind `kblint verify` (src/edit/): replacing a file only when it did
 * not change, unified diffs, and dates written in a format. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../src/edit/edit.h"
#include "../unit/harness.h"

static char dir[64];

/* Nothing but path is left in the folder (no temporary file). */
static int entries(void)
{
	int n = 0;
	char cmd[128];
	snprintf(cmd, sizeof cmd, "ls -A %s | wc -l", dir);
	FILE *p = popen(cmd, "r");
	if (p) {
		if (fscanf(p, "%d", &n) != 1)
			n = -1;
		pclose(p);
	}
	return n;
}

static void test_replace(void)
{
	char p[128], err[256];
	snprintf(p, sizeof p, "%s/a.md", dir);
	kb_test_put(p, "old\n");
	chmod(p, 0600);
	CHECK_EQ_INT(kb_replace_file(p, "new\n", 4, "old\n", 4, err, sizeof err), 0);
	CHECK_EQ_STR(kb_test_slurp(p), "new\n");
	struct stat st;
	CHECK(stat(p, &st) == 0 && (st.st_mode & 07777) == 0600);
	CHECK_EQ_INT(entries(), 1);

	/* somebody wrote the file after it was read: nothing is written */
	CHECK_EQ_INT(kb_replace_file(p, "mine\n", 5, "old\n", 4, err, sizeof err), 1);
	CHECK_EQ_STR(kb_test_slurp(p), "new\n");
	CHECK_EQ_INT(entries(), 1);
	/* a file that grew is changed too */
	CHECK_EQ_INT(kb_replace_file(p, "mine\n", 5, "new", 3, err, sizeof err), 1);
	CHECK_EQ_STR(kb_test_slurp(p), "new\n");

	/* through a symbolic link: the link stays, its target changes */
	char l[128];
	snprintf(l, sizeof l, "%s/link.md", dir);
	CHECK(symlink("a.md", l) == 0);
	CHECK_EQ_INT(kb_replace_file(l, "linked\n", 7, "new\n", 4, err, sizeof err), 0);
	CHECK(lstat(l, &st) == 0 && S_ISLNK(st.st_mode));
	CHECK_EQ_STR(kb_test_slurp(p), "linked\n");
	unlink(l);

	char bad[160];
	snprintf(bad, sizeof bad, "%s/no/such.md", dir);
	CHECK_EQ_INT(kb_replace_file(bad, "x", 1, "", 0, err, sizeof err), -1);
	CHECK_EQ_STR(err, "No such file or directory");
	unlink(p);
}

static const char *diff(const char *a, const char *b)
{
	static char out[1024];
	kb_buf d = {0};
	kb_udiff(a, strlen(a), b, strlen(b), "a/f", "b/f", &d);
	snprintf(out, sizeof out, "%s", d.data ? d.data : "");
	kb_buf_free(&d);
	return out;
}

static void test_udiff(void)
{
	CHECK_EQ_STR(diff("same\n", "same\n"), "");
	CHECK_EQ_STR(diff("", ""), "");
	CHECK_EQ_STR(diff("", "a\nb\n"), "--- a/f\n+++ b/f\n@@ -0,0 +1,2 @@\n+a\n+b\n");
	CHECK_EQ_STR(diff("a\n", ""), "--- a/f\n+++ b/f\n@@ -1 +0,0 @@\n-a\n");
	CHECK_EQ_STR(diff("a\nb\nc\n", "a\nB\nc\n"),
		     "--- a/f\n+++ b/f\n@@ -1,3 +1,3 @@\n a\n-b\n+B\n c\n");
	CHECK_EQ_STR(diff("a", "a\n"),
		     "--- a/f\n+++ b/f\n@@ -1 +1 @@\n-a\n\\ No newline at end of file\n+a\n");
	/* two changes 6 lines apart share a hunk; 7 apart they do not */
	CHECK_EQ_STR(diff("x\n1\n2\n3\n4\n5\n6\ny\n", "X\n1\n2\n3\n4\n5\n6\nY\n"),
		     "--- a/f\n+++ b/f\n@@ -1,8 +1,8 @@\n-x\n+X\n 1\n 2\n 3\n 4\n 5\n 6\n-y\n+Y\n");
	CHECK_EQ_STR(diff("x\n1\n2\n3\n4\n5\n6\n7\ny\n", "X\n1\n2\n3\n4\n5\n6\n7\nY\n"),
		     "--- a/f\n+++ b/f\n@@ -1,4 +1,4 @@\n-x\n+X\n 1\n 2\n 3\n"
		     "@@ -6,4 +6,4 @@\n 5\n 6\n 7\n-y\n+Y\n");
	/* an insertion between repeated lines, and a deletion */
	CHECK_EQ_STR(diff("a\na\na\nb\n", "a\na\nn\na\n"),
		     "--- a/f\n+++ b/f\n@@ -1,4 +1,4 @@\n a\n a\n+n\n a\n-b\n");
}

static const char *fmt(int y, int m, int d, const char *f)
{
	static char out[64];
	kb_buf b = {0};
	kb_date_format_as(kb_date_from_ymd(y, m, d), f, &b);
	snprintf(out, sizeof out, "%s", b.data ? b.data : "");
	kb_buf_free(&b);
	return out;
}

static void test_date_format(void)
{
	CHECK_EQ_STR(fmt(2026, 11, 5, "%m/%d/%Y"), "11/05/2026");
	CHECK_EQ_STR(fmt(2026, 9, 5, "%e %b %y"), " 5 Sep 26");
	CHECK_EQ_STR(fmt(2026, 2, 28, "%B %d, %Y (100%%)"), "February 28, 2026 (100%)");
	CHECK_EQ_STR(fmt(2026, 2, 28, "%Q"), "%Q");
}

int main(int argc, char **argv)
{
	(void)argc;
	snprintf(dir, sizeof dir, "/tmp/kblint-test-edit-XXXXXX");
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 2;
	}
	test_replace();
	test_udiff();
	test_date_format();
	rmdir(dir);
	return kb_test_report(argv[0]);
}
