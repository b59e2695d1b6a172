/* platform.c: pipes, sockets, random bytes, the executable's path and the CPU count, with the
 * Linux (or BSD) call where meson.build found it (KB_HAVE_*) and a POSIX fallback everywhere
 * else, so that kblint builds on macOS and the BSDs (docs/installing.md, Other systems). */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>
#ifdef KB_HAVE_GETRANDOM
#include <sys/random.h>
#endif
#ifdef KB_HAVE_MALLOC_TRIM
#include <malloc.h>
#endif

#include "platform.h"
#include "util.h"

/* Where Linux shows the cgroups: the list of the process's, and the cgroup file system. */
#define CGROUP_SELF "/proc/self/cgroup"
#define CGROUP_ROOT "/sys/fs/cgroup"
/* /proc/self/cgroup is a line per hierarchy (a dozen at most), cpu.max one short line: more
 * than this is not a cgroup file */
#define CGROUP_FILE_MAX 65536
/* a quota of more CPUs than this is no limit worth keeping */
#define CPUS_MAX 65536u

#if !defined(KB_HAVE_PIPE2) || !defined(KB_HAVE_SOCK_CLOEXEC)
/* Sets close-on-exec on both fds; closes them on failure. Returns 0, or -1 with errno set.
 * (Between pipe() and this a fork in another thread could inherit them: kblint starts its
 * children from the main thread only.) */
static int set_cloexec(int fds[2])
{
	for (int i = 0; i < 2; i++) {
		int flags = fcntl(fds[i], F_GETFD);
		if (flags < 0 || fcntl(fds[i], F_SETFD, flags | FD_CLOEXEC) != 0) {
			int e = errno;
			close(fds[0]);
			close(fds[1]);
			errno = e;
			return -1;
		}
	}
	return 0;
}
#endif

int kb_pipe_cloexec(int fds[2])
{
#ifdef KB_HAVE_PIPE2
	return pipe2(fds, O_CLOEXEC);
#else
	if (pipe(fds) != 0)
		return -1;
	return set_cloexec(fds);
#endif
}

int kb_socketpair_cloexec(int sv[2])
{
#ifdef KB_HAVE_SOCK_CLOEXEC
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0)
		return -1;
#else
	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) != 0 || set_cloexec(sv) != 0)
		return -1;
#endif
#if !defined(KB_HAVE_MSG_NOSIGNAL) && defined(KB_HAVE_SO_NOSIGPIPE)
	int one = 1;
	for (int i = 0; i < 2; i++)
		if (setsockopt(sv[i], SOL_SOCKET, SO_NOSIGPIPE, &one, sizeof one) != 0) {
			int e = errno;
			close(sv[0]);
			close(sv[1]);
			errno = e;
			return -1;
		}
#endif
	return 0;
}

ssize_t kb_send_nosignal(int fd, const void *buf, size_t len)
{
#if defined(KB_HAVE_MSG_NOSIGNAL)
	return send(fd, buf, len, MSG_NOSIGNAL);
#elif defined(KB_HAVE_SO_NOSIGPIPE)
	return send(fd, buf, len, 0);
#else
	/* SIGPIPE goes to the thread that wrote: blocked here, it stays pending, and is taken
	 * back with sigwait unless one was pending before */
	sigset_t pipe_set, old, pending;
	sigemptyset(&pipe_set);
	sigaddset(&pipe_set, SIGPIPE);
	sigemptyset(&pending);
	sigpending(&pending);
	bool was_pending = sigismember(&pending, SIGPIPE) == 1;
	pthread_sigmask(SIG_BLOCK, &pipe_set, &old);
	ssize_t n = send(fd, buf, len, 0);
	int e = errno;
	if (n < 0 && e == EPIPE && !was_pending) {
		sigemptyset(&pending);
		sigpending(&pending);
		int sig;
		if (sigismember(&pending, SIGPIPE) == 1)
			sigwait(&pipe_set, &sig);
	}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	errno = e;
	return n;
#endif
}

#ifndef KB_HAVE_ARC4RANDOM_BUF
/* Reads all of fd into p[0..n); returns 0, or -1 on an error or an early end. */
static int read_full(int fd, unsigned char *p, size_t n)
{
	size_t got = 0;
	while (got < n) {
		ssize_t r = read(fd, p + got, n - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return -1;
		got += (size_t)r;
	}
	return 0;
}
#endif

int kb_random_bytes(void *p, size_t n)
{
#ifdef KB_HAVE_GETRANDOM
	size_t got = 0;
	while (got < n) {
		ssize_t r = getrandom((unsigned char *)p + got, n - got, 0);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		got += (size_t)r;
	}
	if (got == n)
		return 0;
#endif
#ifdef KB_HAVE_ARC4RANDOM_BUF
	arc4random_buf(p, n);
	return 0;
#else
	int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	int ret = read_full(fd, p, n);
	close(fd);
	return ret;
#endif
}

/* path if it names an executable regular file: its physical path (caller frees), else NULL. */
static char *executable_at(const char *path)
{
	struct stat st;
	char real[PATH_MAX];
	if (stat(path, &st) != 0 || !S_ISREG(st.st_mode) || access(path, X_OK) != 0 ||
	    !realpath(path, real))
		return NULL;
	return xstrdup(real);
}

char *kb_exe_path(const char *argv0, const char *path_env)
{
#ifdef KB_HAVE_PROC_SELF_EXE
	char buf[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
	if (n > 0 && buf[0] == '/') {
		buf[n] = '\0';
		return xstrdup(buf);
	}
#endif
	if (!argv0 || !*argv0)
		return NULL;
	if (strchr(argv0, '/'))
		return executable_at(argv0);
	/* a bare name was found on $PATH by the shell: look again, in the same order (an empty
	 * entry is the current folder) */
	const char *p = path_env ? path_env : "";
	while (p) {
		const char *colon = strchr(p, ':');
		size_t len = colon ? (size_t)(colon - p) : strlen(p);
		char *dir = len ? xstrndup(p, len) : xstrdup(".");
		char *cand = kb_path_join(dir, argv0);
		char *found = executable_at(cand);
		free(cand);
		free(dir);
		if (found)
			return found;
		p = colon ? colon + 1 : NULL;
	}
	return NULL;
}

/* Reads a small file into buf (NUL-terminated); returns 0, or -1 when it cannot be read or is
 * CGROUP_FILE_MAX bytes or longer. */
static int read_small(const char *path, kb_buf *buf)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return -1;
	char chunk[4096];
	size_t n;
	kb_buf_puts(buf, "");
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0 && buf->len < CGROUP_FILE_MAX)
		kb_buf_put(buf, chunk, n);
	bool bad = ferror(f) || buf->len >= CGROUP_FILE_MAX;
	fclose(f);
	return bad ? -1 : 0;
}

/* A decimal number above zero at *s (no sign), then *s past it; false when there is none or
 * it overflows. */
static bool parse_positive(const char **s, unsigned long long *out)
{
	const char *p = *s;
	unsigned long long v = 0;
	if (*p < '0' || *p > '9')
		return false;
	for (; *p >= '0' && *p <= '9'; p++) {
		if (v > (ULLONG_MAX - 9) / 10)
			return false;
		v = v * 10 + (unsigned)(*p - '0');
	}
	*s = p;
	*out = v;
	return v > 0;
}

/* Only spaces, tabs and line ends from s on. */
static bool rest_blank(const char *s)
{
	return s[strspn(s, " \t\r\n")] == '\0';
}

/* ceil(quota / period), at most CPUS_MAX. */
static unsigned cpus_of(unsigned long long quota, unsigned long long period)
{
	unsigned long long n = quota / period + (quota % period != 0);
	return n > CPUS_MAX ? CPUS_MAX : (unsigned)n;
}

unsigned kb_cpu_quota_v2(const char *cpu_max)
{
	kb_buf b = {0};
	unsigned ret = 0;
	unsigned long long quota, period;
	if (read_small(cpu_max, &b) == 0) {
		const char *p = b.data;
		if (parse_positive(&p, &quota) && (*p == ' ' || *p == '\t')) {
			p += strspn(p, " \t");
			if (parse_positive(&p, &period) && rest_blank(p))
				ret = cpus_of(quota, period);
		}
	}
	kb_buf_free(&b);
	return ret;
}

unsigned kb_cpu_quota_v1(const char *quota_file, const char *period_file)
{
	kb_buf q = {0}, per = {0};
	unsigned ret = 0;
	unsigned long long quota, period;
	if (read_small(quota_file, &q) == 0 && read_small(period_file, &per) == 0) {
		const char *a = q.data + strspn(q.data, " \t"), *b = per.data + strspn(per.data, " \t");
		if (parse_positive(&a, &quota) && rest_blank(a) && parse_positive(&b, &period) &&
		    rest_blank(b))
			ret = cpus_of(quota, period);
	}
	kb_buf_free(&q);
	kb_buf_free(&per);
	return ret;
}

/* The lower of two quotas, where 0 is none. */
static unsigned tighter(unsigned a, unsigned b)
{
	return a == 0 ? b : b == 0 ? a : a < b ? a : b;
}

/* The tightest quota on the cgroup at dir/path and its ancestors up to dir (the cgroup a
 * container sees as its root may show under a longer path: a missing folder is skipped). */
static unsigned quota_up(const char *dir, const char *path, bool v2)
{
	char *cur = xstrdup(path);
	unsigned best = 0;
	for (;;) {
		size_t n = strlen(cur);
		while (n && cur[n - 1] == '/')
			cur[--n] = '\0';
		kb_buf a = {0}, b = {0};
		if (v2) {
			kb_buf_printf(&a, "%s%s/cpu.max", dir, cur);
			best = tighter(best, kb_cpu_quota_v2(a.data));
		} else {
			kb_buf_printf(&a, "%s%s/cpu.cfs_quota_us", dir, cur);
			kb_buf_printf(&b, "%s%s/cpu.cfs_period_us", dir, cur);
			best = tighter(best, kb_cpu_quota_v1(a.data, b.data));
		}
		kb_buf_free(&a);
		kb_buf_free(&b);
		char *slash = strrchr(cur, '/');
		if (!slash)
			break;
		*slash = '\0';
	}
	free(cur);
	return best;
}

/* True when the comma-separated list names controller. */
static bool lists(const char *list, size_t len, const char *controller)
{
	size_t cl = strlen(controller);
	for (size_t i = 0; i < len;) {
		size_t j = i;
		while (j < len && list[j] != ',')
			j++;
		if (j - i == cl && memcmp(list + i, controller, cl) == 0)
			return true;
		i = j + 1;
	}
	return false;
}

unsigned kb_cpu_quota(const char *root, const char *self)
{
	kb_buf b = {0};
	unsigned best = 0;
	if (read_small(self, &b) != 0) {
		kb_buf_free(&b);
		return 0;
	}
	/* lines "ID:CONTROLLERS:PATH": "0::PATH" for cgroup v2, "N:cpu,cpuacct:PATH" for v1 */
	for (char *line = b.data; line && *line;) {
		char *nl = strchr(line, '\n');
		if (nl)
			*nl = '\0';
		char *c1 = strchr(line, ':'), *c2 = c1 ? strchr(c1 + 1, ':') : NULL;
		if (c2 && c2[1] == '/') {
			const char *path = c2 + 1;
			size_t clen = (size_t)(c2 - c1 - 1);
			if (clen == 0 && c1 - line == 1 && line[0] == '0') {
				best = tighter(best, quota_up(root, path, true));
			} else if (lists(c1 + 1, clen, "cpu")) {
				static const char *const mounts[] = {"cpu,cpuacct", "cpuacct,cpu", "cpu"};
				for (size_t i = 0; i < sizeof mounts / sizeof *mounts; i++) {
					kb_buf dir = {0};
					kb_buf_printf(&dir, "%s/%s", root, mounts[i]);
					struct stat st;
					bool found = stat(dir.data, &st) == 0 && S_ISDIR(st.st_mode);
					if (found)
						best = tighter(best, quota_up(dir.data, path, false));
					kb_buf_free(&dir);
					if (found)
						break;
				}
			}
		}
		line = nl ? nl + 1 : NULL;
	}
	kb_buf_free(&b);
	return best;
}

unsigned kb_cpus_available(void)
{
	unsigned n = 0;
#ifdef KB_HAVE_SCHED_GETAFFINITY
	cpu_set_t set;
	if (sched_getaffinity(0, sizeof set, &set) == 0 && CPU_COUNT(&set) > 0)
		n = (unsigned)CPU_COUNT(&set);
#endif
	if (n == 0) {
		long c = sysconf(_SC_NPROCESSORS_ONLN);
		n = c > 0 ? (unsigned)c : 1;
	}
	unsigned q = kb_cpu_quota(CGROUP_ROOT, CGROUP_SELF);
	return q && q < n ? q : n;
}

void kb_release_free_memory(void)
{
#ifdef KB_HAVE_MALLOC_TRIM
	malloc_trim(0);
#endif
}
