/* replace.c: replaces a file atomically, and only when it did not change since it was read. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "edit.h"

typedef struct {
	const char *expect;
	size_t n;
} expected;

/* True when the file at path holds exactly the expected bytes. */
static bool holds(const char *path, void *ud)
{
	const expected *x = ud;
	char *now = NULL, err[256];
	size_t len = 0;
	if (kb_read_file(path, x->n + 1, &now, &len, err, sizeof err) != 0)
		return false;
	bool same = len == x->n && memcmp(now, x->expect, x->n) == 0;
	free(now);
	return same;
}

int kb_replace_file(const char *path, const char *data, size_t len, const char *expect,
		    size_t expect_len, char *err, size_t errlen)
{
	char *real = realpath(path, NULL); /* write through a symbolic link, not over it */
	const char *target = real ? real : path;
	struct stat st;
	if (stat(target, &st) != 0 || access(target, W_OK) != 0) {
		/* a file its owner made read-only is not replaced behind their back either */
		snprintf(err, errlen, "%s", strerror(errno));
		free(real);
		return -1;
	}
	expected x = {expect, expect_len};
	int ret = kb_replace_file_atomic(target, data, len, holds, &x, err, errlen);
	free(real);
	return ret;
}
