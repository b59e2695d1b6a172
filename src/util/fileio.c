/* fileio.c: whole-file reads and atomic writes. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

int kb_read_file(const char *path, size_t max, char **out, size_t *len, char *err, size_t errlen)
{
	/* O_NONBLOCK so that a FIFO named like an article cannot block the run */
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		snprintf(err, errlen, "cannot read: %s", strerror(errno));
		return -1;
	}
	struct stat st;
	if (fstat(fd, &st) != 0) {
		snprintf(err, errlen, "cannot read: %s", strerror(errno));
		close(fd);
		return -1;
	}
	if (S_ISDIR(st.st_mode)) {
		snprintf(err, errlen, "cannot read: is a directory");
		close(fd);
		return -1;
	}
	if (!S_ISREG(st.st_mode)) {
		snprintf(err, errlen, "cannot read: not a regular file");
		close(fd);
		return -1;
	}
	if ((size_t)st.st_size > max) {
		snprintf(err, errlen, "file is too large (%lld bytes; the limit is %zu)",
			 (long long)st.st_size, max);
		close(fd);
		return -1;
	}
	size_t cap = (size_t)st.st_size + 1, n = 0;
	char *buf = xmalloc(cap);
	for (;;) {
		if (n + 1 == cap) {
			/* the size fstat gave is read: probe for more before doubling the buffer */
			char probe[4096];
			ssize_t r = read(fd, probe, sizeof probe);
			if (r < 0 && errno == EINTR)
				continue;
			if (r <= 0) {
				if (r < 0) {
					snprintf(err, errlen, "cannot read: %s", strerror(errno));
					free(buf);
					close(fd);
					return -1;
				}
				break;
			}
			cap = cap * 2 + (size_t)r;
			buf = xrealloc(buf, cap);
			memcpy(buf + n, probe, (size_t)r);
			n += (size_t)r;
			if (n > max) {
				snprintf(err, errlen, "file is too large (the limit is %zu bytes)", max);
				free(buf);
				close(fd);
				return -1;
			}
			continue;
		}
		ssize_t r = read(fd, buf + n, cap - 1 - n);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			snprintf(err, errlen, "cannot read: %s", strerror(errno));
			free(buf);
			close(fd);
			return -1;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	close(fd);
	if (n > max) { /* it grew while being read */
		snprintf(err, errlen, "file is too large (the limit is %zu bytes)", max);
		free(buf);
		return -1;
	}
	buf[n] = '\0';
	*out = buf;
	*len = n;
	return 0;
}

/* The folder of path, as a string to open: "." for a bare name, "/" for a file in /; caller
 * frees. */
static char *dir_of(const char *path)
{
	char *dir = xstrdup(path);
	char *slash = strrchr(dir, '/');
	if (slash == dir)
		dir[1] = '\0';
	else if (slash)
		*slash = '\0';
	else
		strcpy(dir, ".");
	return dir;
}

/* Makes a rename durable; a folder that cannot be synced is not an error (some filesystems
 * refuse), the file itself is. */
static void sync_dir_of(const char *path)
{
	char *dir = dir_of(path);
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
	free(dir);
}

/* The mode a new file gets: what the umask allows. */
static mode_t new_file_mode(void)
{
	mode_t mask = umask(0);
	umask(mask);
	return 0666 & ~mask;
}

/* Writes data[0..len) to fd whole (retrying short writes). Returns 0, or -1 with errno set. */
static int write_whole(int fd, const char *data, size_t len)
{
	size_t off = 0;
	while (off < len) {
		ssize_t w = write(fd, data + off, len - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return -1;
		off += (size_t)w;
	}
	return 0;
}

/* Makes the temporary file tmp (a mkstemp template, filled in) holding data[0..len) with mode,
 * and the owner of *owner where one is given and the system allows it, synced and closed.
 * Returns 0, or -1 with errno set and no temporary file left. */
static int write_temp(kb_buf *tmp, const char *data, size_t len, mode_t mode,
		      const struct stat *owner)
{
	int fd = mkstemp(tmp->data);
	if (fd < 0)
		return -1;
	if (write_whole(fd, data, len) != 0)
		goto fail;
	if (fchmod(fd, mode) != 0)
		goto fail;
	if (owner && (owner->st_uid != geteuid() || owner->st_gid != getegid()) &&
	    fchown(fd, owner->st_uid, owner->st_gid) != 0) {
		/* keeping the owner is best effort: only root may give a file away */
	}
	if (fsync(fd) != 0)
		goto fail;
	int c = close(fd);
	fd = -1;
	if (c != 0)
		goto fail;
	return 0;
fail:;
	int e = errno;
	if (fd >= 0)
		close(fd);
	unlink(tmp->data);
	errno = e;
	return -1;
}

/* Writes data to the temporary file tmp (write_temp), then renames it over target when still
 * (NULL: always) agrees. Returns 0, 1 when still said no, or -1 with errno set; no temporary
 * file is left. */
static int replace_with_temp(kb_buf *tmp, const char *target, const char *data, size_t len,
			     mode_t mode, const struct stat *owner,
			     bool (*still)(const char *target, void *ud), void *ud)
{
	if (write_temp(tmp, data, len, mode, owner) != 0)
		return -1;
	if (still && !still(target, ud)) {
		unlink(tmp->data);
		return 1;
	}
	if (rename(tmp->data, target) != 0) {
		int e = errno;
		unlink(tmp->data);
		errno = e;
		return -1;
	}
	sync_dir_of(target);
	return 0;
}

int kb_write_file_atomic(const char *path, const char *data, size_t len, char *err, size_t errlen)
{
	/* a report named through a symbolic link replaces the file the link names, not the link */
	char *real = realpath(path, NULL);
	const char *target = real ? real : path;
	struct stat st;
	if (stat(target, &st) == 0 && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode)) {
		/* a device or a pipe (-o /dev/null, -o /dev/stdout, a FIFO) is written to, never
		 * replaced: renaming over /dev/null would make it a plain file for everybody */
		int fd = open(target, O_WRONLY | O_NOCTTY | O_CLOEXEC);
		int ret = fd < 0 ? -1 : write_whole(fd, data, len);
		if (fd >= 0 && close(fd) != 0 && ret == 0)
			ret = -1;
		if (ret != 0)
			snprintf(err, errlen, "cannot write %s: %s", path, strerror(errno));
		free(real);
		return ret;
	}
	kb_buf tmp = {0};
	kb_buf_printf(&tmp, "%s.kblint-XXXXXX", target);
	/* the file keeps its mode; a new one gets what the umask allows (mkstemp made it 0600) */
	mode_t mode = stat(target, &st) == 0 ? st.st_mode & 07777 : new_file_mode();
	/* the report replaces the old one whole or not at all */
	int ret = replace_with_temp(&tmp, target, data, len, mode, NULL, NULL, NULL);
	if (ret != 0)
		snprintf(err, errlen, "cannot write %s: %s", path, strerror(errno));
	kb_buf_free(&tmp);
	free(real);
	return ret;
}

int kb_replace_file_atomic(const char *target, const char *data, size_t len,
			   bool (*still)(const char *target, void *ud), void *ud, char *err,
			   size_t errlen)
{
	struct stat st;
	if (stat(target, &st) != 0) {
		snprintf(err, errlen, "%s", strerror(errno));
		return -1;
	}
	/* the temporary file is hidden, so that a check running meanwhile never reads it */
	char *dir = dir_of(target);
	kb_buf tmp = {0};
	kb_buf_printf(&tmp, "%s/.kblint-XXXXXX", dir);
	free(dir);
	int ret = replace_with_temp(&tmp, target, data, len, st.st_mode & 07777, &st, still, ud);
	if (ret < 0)
		snprintf(err, errlen, "%s", strerror(errno));
	kb_buf_free(&tmp);
	return ret;
}

/* Whether errno value e from link(2) says the file system has no hard links. */
static bool no_hard_links(int e)
{
	if (e == EPERM || e == ENOTSUP || e == ENOSYS || e == EMLINK)
		return true;
#if EOPNOTSUPP != ENOTSUP
	return e == EOPNOTSUPP;
#else
	return false;
#endif
}

int kb_write_file_new(const char *path, const char *data, size_t len, char *err, size_t errlen)
{
	struct stat st;
	if (lstat(path, &st) == 0)
		return 1;
	kb_buf tmp = {0};
	kb_buf_printf(&tmp, "%s.kblint-XXXXXX", path);
	if (write_temp(&tmp, data, len, new_file_mode(), NULL) != 0) {
		snprintf(err, errlen, "%s", strerror(errno));
		kb_buf_free(&tmp);
		return -1;
	}
	int ret = -1;
	/* link, unlike rename, never replaces: a file made since the check above stays. A file
	 * system without hard links (FAT, some network ones) gets a rename after a last check. */
	if (link(tmp.data, path) == 0) {
		unlink(tmp.data);
	} else {
		bool fallback = no_hard_links(errno);
		if (errno == EEXIST || (fallback && lstat(path, &st) == 0)) {
			ret = 1;
			goto fail;
		}
		if (!fallback || rename(tmp.data, path) != 0)
			goto fail;
	}
	sync_dir_of(path);
	kb_buf_free(&tmp);
	return 0;
fail:
	if (ret != 1)
		snprintf(err, errlen, "%s", strerror(errno));
	unlink(tmp.data);
	kb_buf_free(&tmp);
	return ret;
}
