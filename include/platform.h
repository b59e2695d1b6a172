/* platform.h: the calls that differ between Linux, macOS and the BSDs, each with a POSIX fallback
 * (meson.build checks which exist: KB_HAVE_* defines; -Dposix_only=true uses only the fallbacks);
 * any module may include it. */
#ifndef KB_PLATFORM_H
#define KB_PLATFORM_H

#include <stddef.h>
#include <sys/types.h>

/* A pipe whose two ends close on exec (pipe2 with O_CLOEXEC, else pipe and fcntl). Returns 0, or
 * -1 with errno set. */
int kb_pipe_cloexec(int fds[2]);

/* A connected pair of AF_UNIX stream sockets that close on exec and never raise SIGPIPE when
 * written with kb_send_nosignal. Returns 0, or -1 with errno set. */
int kb_socketpair_cloexec(int sv[2]);

/* send(2) that fails with EPIPE instead of raising SIGPIPE when the peer has gone (MSG_NOSIGNAL,
 * else SO_NOSIGPIPE set by kb_socketpair_cloexec, else SIGPIPE blocked in this thread for the
 * call and a SIGPIPE it raised taken back). */
ssize_t kb_send_nosignal(int fd, const void *buf, size_t len);

/* Fills p[0..n) with random bytes from the system (getrandom, arc4random_buf or /dev/urandom).
 * Returns 0, or -1 when none could be read (p is then unchanged or partly filled). */
int kb_random_bytes(void *p, size_t n);

/* The running executable's physical path: /proc/self/exe where there is one, else argv0 made
 * absolute (a name without a slash is looked up in path_env, $PATH's value). NULL when it cannot
 * be found. Caller frees. */
char *kb_exe_path(const char *argv0, const char *path_env);

/* The CPUs this process may run on: the affinity mask's size (or the online CPUs), lowered to
 * the cgroup CPU quota (kb_cpu_quota) when there is one; at least 1. */
unsigned kb_cpus_available(void);

/* The CPUs the cgroup v2 file cpu_max ("QUOTA PERIOD" or "max PERIOD") allows:
 * ceil(QUOTA / PERIOD); 0 when it sets no limit, or cannot be read or understood. */
unsigned kb_cpu_quota_v2(const char *cpu_max);
/* The same for cgroup v1's cpu.cfs_quota_us ("-1" for no limit) and cpu.cfs_period_us. */
unsigned kb_cpu_quota_v1(const char *quota_file, const char *period_file);
/* The tightest CPU quota over the cgroups this process is in and their ancestors: self is the
 * process's cgroup list (/proc/self/cgroup), root where cgroupfs is mounted (/sys/fs/cgroup;
 * v1 controllers in root/cpu,cpuacct or root/cpu). 0 when there is none. */
unsigned kb_cpu_quota(const char *root, const char *self);

/* Gives the pages of memory that are free again back to the system (glibc's malloc_trim), so
 * that a run's peak does not keep what it freed; nothing where there is no such call. */
void kb_release_free_memory(void);

#endif
