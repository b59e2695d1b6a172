/* verify.c: `kblint verify`: records a review in an article's front matter or YAML entry. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../edit/edit.h"
#include "cli.h"
#include "textout.h"

/* An argument FILE, FILE:LINE or FILE:LINE:COL (as `kblint check` prints positions). A name
 * that exists as it is is always a FILE. */
typedef struct {
	char *path; /* heap */
	long line;  /* 0: none; -1: not a valid line number */
} target_arg;

/* Reads the decimal number s[0..n), or -1 when it is not one (or too large). */
static long number(const char *s, size_t n)
{
	if (n == 0 || n > 9)
		return -1;
	long v = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

/* Splits arg into a path and a line. Caller frees t->path. */
static void split_arg(const char *arg, target_arg *t)
{
	struct stat st;
	t->line = 0;
	const char *c1 = strrchr(arg, ':');
	if (stat(arg, &st) == 0 || !c1 || c1 == arg || number(c1 + 1, strlen(c1 + 1)) < 0) {
		t->path = xstrdup(arg);
		return;
	}
	/* FILE:LINE:COL: the column is not needed */
	const char *c2 = c1;
	while (c2 > arg && c2[-1] != ':')
		c2--;
	if (c2 > arg + 1 && number(c2, (size_t)(c1 - c2)) >= 0) {
		t->path = xstrndup(arg, (size_t)(c2 - 1 - arg));
		t->line = number(c2, (size_t)(c1 - c2));
	} else {
		t->path = xstrndup(arg, (size_t)(c1 - arg));
		t->line = number(c1 + 1, strlen(c1 + 1));
	}
	if (t->line == 0)
		t->line = -1;
}

/* Prints "FILE:LINE:COL: error: MESSAGE" to stderr, leaving out what is 0; the file name and
 * the message (which may quote the article) cleaned (textout.h). */
static void print_error(const char *file, int line, int col, const char *msg)
{
	kb_put_clean(stderr, file);
	if (line > 0 && col > 0)
		fprintf(stderr, ":%d:%d", line, col);
	else if (line > 0)
		fprintf(stderr, ":%d", line);
	fputs(": error: ", stderr);
	kb_put_clean_line(stderr, msg);
}

/* Verifies one FILE[:LINE]; returns EXIT_CLEAN or EXIT_FINDINGS (refused). */
static int verify_one(const kb_options *o, const kb_setup *s, kb_date date, const char *arg)
{
	target_arg t;
	split_arg(arg, &t);
	const char *file = t.path;
	int status = EXIT_FINDINGS;
	char *src = NULL;
	size_t len = 0;
	char err[512];
	kb_review_result res = {0};
	if (t.line < 0) {
		print_error(file, 0, 0, "line numbers start at 1");
		goto out;
	}
	if (kb_read_file(file, KB_MAX_FILE_BYTES, &src, &len, err, sizeof err) != 0) {
		print_error(file, 0, 0, err);
		goto out;
	}
	kb_review rv = {.cfg = &s->cfg, .display = file, .type = kb_filetype_of(file),
			.line = (int)t.line, .date = date, .by = o->by};
	if (kb_review_apply(src, len, &rv, &res) != 0) {
		print_error(file, res.err_line, res.err_col, res.err);
		goto out;
	}
	if (o->dry_run) {
		kb_buf a = {0}, b = {0}, diff = {0};
		kb_buf_printf(&a, "a/%s", file);
		kb_buf_printf(&b, "b/%s", file);
		kb_udiff(src, len, res.out, res.out_len, a.data, b.data, &diff);
		fwrite(diff.data ? diff.data : "", 1, diff.len, stdout);
		kb_buf_free(&a);
		kb_buf_free(&b);
		kb_buf_free(&diff);
		status = EXIT_CLEAN;
		goto out;
	}
	if (res.out_len != len || memcmp(res.out, src, len) != 0) {
		int w = kb_replace_file(file, res.out, res.out_len, src, len, err, sizeof err);
		if (w == 1) {
			print_error(file, 0, 0,
				    "changed while kblint was writing; nothing written");
			goto out;
		}
		if (w != 0) {
			char msg[600];
			snprintf(msg, sizeof msg, "cannot write: %s; nothing written", err);
			print_error(file, 0, 0, msg);
			goto out;
		}
	}
	char day[16];
	kb_date_format(date, day);
	kb_put_clean(stdout, file);
	if (res.entry_line)
		printf(":%d", res.entry_line);
	printf(": reviewed on %s (", day);
	kb_put_clean(stdout, res.reviewed_key);
	putchar(')');
	if (o->by) {
		fputs(" by ", stdout);
		kb_put_clean(stdout, o->by);
		fputs(" (", stdout);
		kb_put_clean(stdout, res.verifier_key);
		putchar(')');
	}
	putchar('\n');
	status = EXIT_CLEAN;
out:
	fflush(stdout);
	kb_review_result_free(&res);
	free(src);
	free(t.path);
	return status;
}

/* The verify command: checks --by, loads the config found from the first FILE, then verifies
 * each FILE[:LINE] in turn. Returns 0 when all were written (or diffed), 1 when any was refused,
 * 2 for a usage or config error. */
int kb_cmd_verify(const kb_options *o, char **files, int nfiles)
{
	if (!nfiles)
		return kb_cli_usage_error("%s", "'verify' needs at least one FILE");
	if (o->by) {
		size_t n = strlen(o->by);
		bool ok = n > 0 && kb_utf8_invalid(o->by, n) == n;
		for (const char *p = o->by; *p; p++)
			if ((unsigned char)*p < 0x20 || *p == 0x7F)
				ok = false;
		if (!ok)
			return kb_cli_usage_error("--by must be a name on one line, not '%s'",
						  o->by);
	}
	target_arg first;
	split_arg(files[0], &first);
	kb_setup s = {0};
	int ret = kb_cli_setup(&s, o, first.path);
	free(first.path);
	if (ret != 0) {
		kb_cli_setup_free(&s);
		return EXIT_USAGE;
	}
	kb_date date = s.engine.today;
	if (o->date)
		kb_date_parse_iso(o->date, strlen(o->date), &date);
	int status = EXIT_CLEAN;
	for (int i = 0; i < nfiles; i++)
		if (verify_one(o, &s, date, files[i]) != EXIT_CLEAN)
			status = EXIT_FINDINGS;
	kb_cli_setup_free(&s);
	return status;
}
