/* failwrite.c: an LD_PRELOAD shim that makes one file operation fail on demand, so the tests
 * can prove that kblint never leaves a partial file behind (tests/atomic/test_atomic.py).
 *
 * FAILWRITE_OP     write, fsync, close or rename: the call that fails (unset: nothing fails);
 *                  or vanish: a matching file is deleted just before kblint opens it, as if
 *                  someone deleted it between the folder listing and the read
 * FAILWRITE_MATCH  fail only for files whose path contains this (default ".kblint-", the
 *                  temporary files kblint writes before renaming them into place)
 * FAILWRITE_ERRNO  the errno to fail with, by name: ENOSPC (default), EIO, EDQUOT, EXDEV,
 *                  EACCES, EROFS
 * FAILWRITE_AFTER  write only: bytes that are written before the failure (default 0), so that
 *                  a partial temporary file exists when the write fails, as on a full disk
 *
 * Only the matching files are touched: stdout, stderr and reads behave as usual. */
/* meson builds with _FILE_OFFSET_BITS=64, which renames open to open64 in the headers: the
 * shim defines both names itself */
#undef _FILE_OFFSET_BITS
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* RTLD_NEXT */
#endif
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *op(void)
{
	const char *o = getenv("FAILWRITE_OP");
	return o ? o : "";
}

static int fail_errno(void)
{
	static const struct {
		const char *name;
		int value;
	} names[] = {
		{"ENOSPC", ENOSPC}, {"EIO", EIO},       {"EDQUOT", EDQUOT},
		{"EXDEV", EXDEV},   {"EACCES", EACCES}, {"EROFS", EROFS},
	};
	const char *e = getenv("FAILWRITE_ERRNO");
	for (size_t i = 0; e && i < sizeof names / sizeof names[0]; i++)
		if (strcmp(e, names[i].name) == 0)
			return names[i].value;
	return ENOSPC;
}

static bool matches_path(const char *path)
{
	const char *m = getenv("FAILWRITE_MATCH");
	return path && strstr(path, m && *m ? m : ".kblint-") != NULL;
}

/* The path an open descriptor names, from /proc. */
static bool matches_fd(int fd)
{
	char link[64], path[PATH_MAX];
	snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
	ssize_t n = readlink(link, path, sizeof path - 1);
	if (n < 0)
		return false;
	path[n] = '\0';
	return matches_path(path);
}

static void *next(const char *name)
{
	void *f = dlsym(RTLD_NEXT, name);
	if (!f) {
		/* stdio writes through libc's own write, not this one */
		fprintf(stderr, "failwrite: no next '%s'\n", name);
		abort();
	}
	return f;
}

ssize_t write(int fd, const void *buf, size_t count)
{
	static ssize_t (*real)(int, const void *, size_t);
	static size_t written; /* to matching files, for FAILWRITE_AFTER */
	if (!real)
		real = (ssize_t (*)(int, const void *, size_t))next("write");
	if (strcmp(op(), "write") != 0 || fd <= 2 || !matches_fd(fd))
		return real(fd, buf, count);
	const char *a = getenv("FAILWRITE_AFTER");
	size_t after = a ? strtoul(a, NULL, 10) : 0;
	if (written < after) {
		/* a short write first, as a filling disk gives */
		size_t n = after - written < count ? after - written : count;
		ssize_t w = real(fd, buf, n);
		if (w > 0)
			written += (size_t)w;
		return w;
	}
	errno = fail_errno();
	return -1;
}

int fsync(int fd)
{
	static int (*real)(int);
	if (!real)
		real = (int (*)(int))next("fsync");
	if (strcmp(op(), "fsync") == 0 && matches_fd(fd)) {
		errno = fail_errno();
		return -1;
	}
	return real(fd);
}

int fdatasync(int fd)
{
	static int (*real)(int);
	if (!real)
		real = (int (*)(int))next("fdatasync");
	if (strcmp(op(), "fsync") == 0 && matches_fd(fd)) {
		errno = fail_errno();
		return -1;
	}
	return real(fd);
}

int close(int fd)
{
	static int (*real)(int);
	if (!real)
		real = (int (*)(int))next("close");
	if (strcmp(op(), "close") == 0 && fd > 2 && matches_fd(fd)) {
		/* as NFS does: the descriptor is gone, but the data may not have been written */
		real(fd);
		errno = fail_errno();
		return -1;
	}
	return real(fd);
}

int rename(const char *from, const char *to)
{
	static int (*real)(const char *, const char *);
	if (!real)
		real = (int (*)(const char *, const char *))next("rename");
	if (strcmp(op(), "rename") == 0 && matches_path(from)) {
		errno = fail_errno();
		return -1;
	}
	return real(from, to);
}

/* open and open64 are the same call on 64-bit systems; a build may use either name. */
static int open_as(const char *name, const char *path, int flags, va_list ap)
{
	mode_t mode = (flags & (O_CREAT | O_TMPFILE)) ? (mode_t)va_arg(ap, int) : 0;
	int (*real)(const char *, int, ...) = (int (*)(const char *, int, ...))next(name);
	if (strcmp(op(), "vanish") == 0 && matches_path(path))
		unlink(path);
	return real(path, flags, mode);
}

int open(const char *path, int flags, ...)
{
	va_list ap;
	va_start(ap, flags);
	int fd = open_as("open", path, flags, ap);
	va_end(ap);
	return fd;
}

int open64(const char *path, int flags, ...)
{
	va_list ap;
	va_start(ap, flags);
	int fd = open_as("open64", path, flags, ap);
	va_end(ap);
	return fd;
}
