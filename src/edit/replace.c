/* replace.c: replaces a file atomically, and only when it did not change since it was read. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "edit.h"

/* Writes data[0..len) to fd; returns 0, or -1 with errno set. */
static int write_all(int fd, const char *data, size_t len)
{
	size_t off = 0;
	while (off < len) {
		ssize_t w = write(fd, data + off, len - off);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		off += (size_t)w;
	}
	return 0;
}

/* True when the file at path holds exactly expect[0..n). */
static bool holds(const char *path, const char *expect, size_t n)
{
	char *now = NULL, err[256];
	size_t len = 0;
	if (kb_read_file(path, n + 1, &now, &len, err, sizeof err) != 0)
		return false;
	bool same = len == n && memcmp(now, expect, n) == 0;
	free(now);
	return same;
}

/* Makes the rename itself durable; a folder that cannot be synced is not an error. */
static void sync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
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
	/* the temporary file is hidden, so that a check running meanwhile never reads it */
	char *dir = xstrdup(target);
	char *slash = strrchr(dir, '/');
	if (slash == dir)
		dir[1] = '\0'; /* a file in / */
	else if (slash)
		*slash = '\0';
	else
		strcpy(dir, ".");
	kb_buf tmp = {0};
	kb_buf_printf(&tmp, "%s/.kblint-XXXXXX", dir);
	int ret = -1;
	int fd = mkstemp(tmp.data);
	if (fd < 0) {
		snprintf(err, errlen, "%s", strerror(errno));
		goto out;
	}
	if (write_all(fd, data, len) != 0 || fchmod(fd, st.st_mode & 07777) != 0)
		goto fail;
	if ((st.st_uid != geteuid() || st.st_gid != getegid()) &&
	    fchown(fd, st.st_uid, st.st_gid) != 0) {
		/* keeping the owner is best effort: only root may give a file away */
	}
	if (fsync(fd) != 0)
		goto fail;
	if (close(fd) != 0) {
		fd = -1;
		goto fail;
	}
	fd = -1;
	if (!holds(target, expect, expect_len)) {
		unlink(tmp.data);
		ret = 1;
		goto out;
	}
	if (rename(tmp.data, target) != 0)
		goto fail;
	sync_dir(dir);
	ret = 0;
	goto out;
fail:
	snprintf(err, errlen, "%s", strerror(errno));
	if (fd >= 0)
		close(fd);
	unlink(tmp.data);
out:
	kb_buf_free(&tmp);
	free(dir);
	free(real);
	return ret;
}
