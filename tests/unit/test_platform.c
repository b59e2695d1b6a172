/* test_platform.c: the calls with POSIX fallbacks (src/util/platform.c): cgroup CPU quotas from
 * files of a fake cgroup tree, the executable's path from argv[0] and $PATH, pipes and sockets
 * that close on exec, random bytes. Run against a -Dposix_only=true build too (.ci/run). */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "harness.h"
#include "platform.h"
#include "util.h"

static char dir[64];

/* dir/name, made in a static buffer */
static const char *at(const char *name)
{
	static char out[512];
	snprintf(out, sizeof out, "%s/%s", dir, name);
	return out;
}

static void put(const char *name, const char *text)
{
	FILE *f = fopen(at(name), "w");
	if (!f) {
		kb_test_fail(__FILE__, __LINE__, "cannot write %s", at(name));
		return;
	}
	fputs(text, f);
	fclose(f);
}

static void folder(const char *name)
{
	mkdir(at(name), 0700);
}

static unsigned v2(const char *text)
{
	put("cpu.max", text);
	return kb_cpu_quota_v2(at("cpu.max"));
}

static unsigned v1(const char *quota, const char *period)
{
	put("q", quota);
	put("p", period);
	char q[512];
	snprintf(q, sizeof q, "%s", at("q"));
	return kb_cpu_quota_v1(q, at("p"));
}

static void test_quota_files(void)
{
	CHECK_EQ_INT(v2("max 100000\n"), 0);      /* no limit */
	CHECK_EQ_INT(v2("150000 100000\n"), 2);   /* 1.5 CPUs: rounded up */
	CHECK_EQ_INT(v2("50000 100000\n"), 1);    /* half a CPU is still one worker */
	CHECK_EQ_INT(v2("200000 100000\n"), 2);
	CHECK_EQ_INT(v2("400000 100000"), 4);     /* no line end */
	CHECK_EQ_INT(v2("garbage\n"), 0);
	CHECK_EQ_INT(v2(""), 0);
	CHECK_EQ_INT(v2("150000\n"), 0);          /* no period */
	CHECK_EQ_INT(v2("150000 0\n"), 0);        /* a zero period divides nothing */
	CHECK_EQ_INT(v2("0 100000\n"), 0);
	CHECK_EQ_INT(v2("-5 100000\n"), 0);
	CHECK_EQ_INT(v2("150000 100000 7\n"), 0); /* more than two numbers */
	CHECK_EQ_INT(v2("99999999999999999999999 100000\n"), 0); /* overflows */
	CHECK_EQ_INT(v2("999999999999 1\n"), 65536);              /* capped */
	CHECK_EQ_INT(kb_cpu_quota_v2(at("no-such-file")), 0);

	CHECK_EQ_INT(v1("-1\n", "100000\n"), 0);
	CHECK_EQ_INT(v1("150000\n", "100000\n"), 2);
	CHECK_EQ_INT(v1("50000\n", "100000\n"), 1);
	CHECK_EQ_INT(v1("garbage\n", "100000\n"), 0);
	CHECK_EQ_INT(v1("150000\n", "0\n"), 0);
}

static void test_quota_tree(void)
{
	char self[512], root[512];
	snprintf(root, sizeof root, "%s", at("fs"));
	snprintf(self, sizeof self, "%s", at("self"));
	folder("fs");

	/* cgroup v2: the tightest of the cgroup and its ancestors; missing files are skipped */
	folder("fs/kb.slice");
	folder("fs/kb.slice/job");
	folder("fs/kb.slice/job/leaf");
	put("self", "0::/kb.slice/job/leaf\n");
	CHECK_EQ_INT(kb_cpu_quota(root, self), 0);
	put("fs/kb.slice/job/leaf/cpu.max", "max 100000\n");
	CHECK_EQ_INT(kb_cpu_quota(root, self), 0);
	put("fs/kb.slice/cpu.max", "300000 100000\n");
	CHECK_EQ_INT(kb_cpu_quota(root, self), 3);
	put("fs/kb.slice/job/cpu.max", "150000 100000\n");
	CHECK_EQ_INT(kb_cpu_quota(root, self), 2);
	put("fs/kb.slice/job/leaf/cpu.max", "garbage\n");
	CHECK_EQ_INT(kb_cpu_quota(root, self), 2);
	put("fs/cpu.max", "50000 100000\n");
	CHECK_EQ_INT(kb_cpu_quota(root, self), 1);
	/* a container shows a path its own cgroupfs does not have: its root still counts */
	put("self", "0::/docker/abc123\n");
	CHECK_EQ_INT(kb_cpu_quota(root, self), 1);
	put("self", "0::/\n");
	CHECK_EQ_INT(kb_cpu_quota(root, self), 1);
	unlink(at("fs/cpu.max"));
	CHECK_EQ_INT(kb_cpu_quota(root, self), 0);

	/* cgroup v1: the cpu controller's hierarchy (cpu,cpuacct), others ignored */
	put("self", "12:pids:/x\n4:cpu,cpuacct:/kb\n2:cpuacct:/kb\n0::/\n");
	CHECK_EQ_INT(kb_cpu_quota(root, self), 0);
	folder("fs/cpu,cpuacct");
	folder("fs/cpu,cpuacct/kb");
	put("fs/cpu,cpuacct/kb/cpu.cfs_quota_us", "250000\n");
	put("fs/cpu,cpuacct/kb/cpu.cfs_period_us", "100000\n");
	CHECK_EQ_INT(kb_cpu_quota(root, self), 3);
	put("fs/cpu,cpuacct/kb/cpu.cfs_quota_us", "-1\n");
	CHECK_EQ_INT(kb_cpu_quota(root, self), 0);

	/* garbage in the list itself, or no list */
	put("self", "garbage\n::\n1:cpu\n\n");
	CHECK_EQ_INT(kb_cpu_quota(root, self), 0);
	CHECK_EQ_INT(kb_cpu_quota(root, at("no-such-file")), 0);

	/* whatever the machine says, at least one worker */
	CHECK(kb_cpus_available() >= 1);
}

static void test_exe_path(void)
{
	char real[PATH_MAX];
	CHECK(realpath(dir, real) != NULL);
	folder("bin");
	put("bin/tool", "#!/bin/sh\n");
	chmod(at("bin/tool"), 0755);
	put("bin/plain", "not executable\n");
	char bin[512], want[PATH_MAX + 16];
	snprintf(bin, sizeof bin, "%s", at("bin"));
	snprintf(want, sizeof want, "%s/bin/tool", real);
#ifdef KB_HAVE_PROC_SELF_EXE
	/* /proc/self/exe wins over argv[0]: this test program, not the tool */
	char *self = kb_exe_path("tool", bin);
	CHECK(self && strstr(self, "test_platform") != NULL);
	free(self);
#else
	char *p = kb_exe_path("tool", "/nonexistent::/also-not"); /* "" is the current folder */
	CHECK(p == NULL);
	free(p);
	char path_env[1024];
	snprintf(path_env, sizeof path_env, "/nonexistent:%s", bin);
	p = kb_exe_path("tool", path_env);
	CHECK_EQ_STR(p, want);
	free(p);
	p = kb_exe_path("plain", path_env); /* not executable: not it */
	CHECK(p == NULL);
	free(p);
	p = kb_exe_path(at("bin/tool"), NULL); /* with a slash: that file */
	CHECK_EQ_STR(p, want);
	free(p);
	p = kb_exe_path(at("bin/missing"), NULL);
	CHECK(p == NULL);
	free(p);
	CHECK(kb_exe_path(NULL, path_env) == NULL);
	CHECK(kb_exe_path("", path_env) == NULL);
#endif
}

static bool cloexec(int fd)
{
	int flags = fcntl(fd, F_GETFD);
	return flags >= 0 && (flags & FD_CLOEXEC);
}

static void test_fds(void)
{
	int p[2];
	CHECK_EQ_INT(kb_pipe_cloexec(p), 0);
	CHECK(cloexec(p[0]) && cloexec(p[1]));
	CHECK_EQ_INT(write(p[1], "x", 1), 1);
	char c = 0;
	CHECK_EQ_INT(read(p[0], &c, 1), 1);
	CHECK_EQ_INT(c, 'x');
	close(p[0]);
	close(p[1]);

	/* writing to a socket whose peer has gone is EPIPE, and no SIGPIPE kills us */
	int sv[2];
	CHECK_EQ_INT(kb_socketpair_cloexec(sv), 0);
	CHECK(cloexec(sv[0]) && cloexec(sv[1]));
	CHECK_EQ_INT(kb_send_nosignal(sv[0], "hi", 2), 2);
	CHECK_EQ_INT(read(sv[1], &c, 1), 1);
	close(sv[1]);
	errno = 0;
	CHECK_EQ_INT(kb_send_nosignal(sv[0], "hi", 2), -1);
	CHECK_EQ_INT(errno, EPIPE);
	sigset_t pending;
	sigemptyset(&pending);
	sigpending(&pending);
	CHECK(!sigismember(&pending, SIGPIPE)); /* nothing left to arrive later */
	close(sv[0]);

	unsigned char a[32] = {0}, b[32] = {0}, zero[32] = {0};
	CHECK_EQ_INT(kb_random_bytes(a, sizeof a), 0);
	CHECK_EQ_INT(kb_random_bytes(b, sizeof b), 0);
	CHECK(memcmp(a, b, sizeof a) != 0 && memcmp(a, zero, sizeof a) != 0);
}

int main(int argc, char **argv)
{
	(void)argc;
	snprintf(dir, sizeof dir, "/tmp/kb-platform-XXXXXX");
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	test_quota_files();
	test_quota_tree();
	test_exe_path();
	test_fds();
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", dir);
	return kb_test_report(argv[0]);
}
