/* test_fix_run.c: kb_fix_run (src/cli/fix.c) on findings made by hand: a fix is applied byte
 * for byte, a file that no longer holds what the run read is left alone, and --diff writes
 * nothing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../src/cli/cli.h"
#include "../unit/harness.h"

/* One finding on path's line 1: columns [col, end) say of, and the fix says to. */
static void one(kb_results *r, const char *path, int col, int end, const char *of, const char *to,
		bool safe)
{
	kb_finding f = {.file = path, .line = 1, .col = col, .end_line = 1, .end_col = end,
			.rule = "r", .message = "m", .fix = to, .fix_of = of, .fix_safe = safe,
			.severity = KB_SEV_INFO};
	kb_results_add(r, &f);
}

int main(int argc, char **argv)
{
	(void)argc;
	char dir[] = "/tmp/kblint-fix-XXXXXX";
	if (!mkdtemp(dir))
		return 1;
	char path[128];
	snprintf(path, sizeof path, "%s/a.md", dir);
	kb_fix_opts o = {.min_severity = KB_SEV_INFO};
	kb_fix_stats st;

	/* applied: "Pay prior to it." -> "Pay before it.", the rest byte for byte */
	kb_test_put(path, "Pay prior to it.\r\nNext \xc3\xa9 line\n");
	kb_results r;
	kb_results_init(&r);
	one(&r, path, 5, 13, "prior to", "before", true);
	CHECK_EQ_INT(kb_fix_run(&r, &o, &st, NULL), 0);
	CHECK_EQ_STR(kb_test_slurp(path), "Pay before it.\r\nNext \xc3\xa9 line\n");
	CHECK_EQ_INT(st.fixed, 1);
	CHECK_EQ_INT(st.files, 1);

	/* the file changed since the run read it: left alone, nothing counted */
	kb_test_put(path, "Pay PRIOR to it.\n");
	CHECK_EQ_INT(kb_fix_run(&r, &o, &st, NULL), 0);
	CHECK_EQ_STR(kb_test_slurp(path), "Pay PRIOR to it.\n");
	CHECK_EQ_INT(st.fixed, 0);
	CHECK_EQ_INT(st.files, 0);
	kb_results_free(&r);

	/* unsafe: not without o.unsafe, and counted as left */
	kb_test_put(path, "Within 14 days.\n");
	kb_results_init(&r);
	one(&r, path, 8, 15, "14 days", "30 days", false);
	CHECK_EQ_INT(kb_fix_run(&r, &o, &st, NULL), 0);
	CHECK_EQ_STR(kb_test_slurp(path), "Within 14 days.\n");
	CHECK_EQ_INT(st.unsafe_left, 1);
	/* --diff: the diff, and the file as it was */
	kb_buf diff = {0};
	o.unsafe = o.diff = true;
	CHECK_EQ_INT(kb_fix_run(&r, &o, &st, &diff), 0);
	CHECK(diff.data && strstr(diff.data, "-Within 14 days.\n+Within 30 days.\n"));
	CHECK_EQ_STR(kb_test_slurp(path), "Within 14 days.\n");
	CHECK_EQ_INT(st.fixed, 1);
	kb_buf_free(&diff);
	kb_results_free(&r);

	unlink(path);
	rmdir(dir);
	return kb_test_report(argv[0]);
}
