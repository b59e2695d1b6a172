/* gitrun.c: runs git with its output and errors collected through pipes (posix_spawnp). */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "gitrun.h"
#include "platform.h"

extern char **environ;

/* A kb_git_sink that appends to the kb_buf ud. */
static void to_buf(void *ud, const char *data, size_t n)
{
	kb_buf_put(ud, data, n);
}

int kb_git_run(char *const argv[], kb_buf *out, kb_buf *err)
{
	return kb_git_run_stream(argv, to_buf, out, err);
}

int kb_git_run_stream(char *const argv[], kb_git_sink sink, void *ud, kb_buf *err)
{
	int po[2], pe[2];
	if (kb_pipe_cloexec(po) != 0) {
		kb_buf_printf(err, "cannot run git: %s", strerror(errno));
		return -1;
	}
	if (kb_pipe_cloexec(pe) != 0) {
		kb_buf_printf(err, "cannot run git: %s", strerror(errno));
		close(po[0]);
		close(po[1]);
		return -1;
	}
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, po[1], 1);
	posix_spawn_file_actions_adddup2(&fa, pe[1], 2);
	pid_t pid;
	int rc = posix_spawnp(&pid, "git", &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(po[1]);
	close(pe[1]);
	if (rc != 0) {
		close(po[0]);
		close(pe[0]);
		kb_buf_printf(err, "cannot run git: %s", strerror(rc));
		return -1;
	}
	/* both pipes at once: git blocks when the one nobody reads is full */
	struct pollfd fds[2] = {{.fd = po[0], .events = POLLIN}, {.fd = pe[0], .events = POLLIN}};

	int open_fds = 2;
	while (open_fds) {
		if (poll(fds, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		for (int i = 0; i < 2; i++) {
			if (fds[i].fd < 0 || !fds[i].revents)
				continue;
			char chunk[8192];
			ssize_t n = read(fds[i].fd, chunk, sizeof chunk);
			if (n < 0 && errno == EINTR)
				continue;
			if (n <= 0) {
				close(fds[i].fd);
				fds[i].fd = -1;
				open_fds--;
				continue;
			}
			if (i == 0)
				sink(ud, chunk, (size_t)n);
			else
				kb_buf_put(err, chunk, (size_t)n);
		}
	}
	for (int i = 0; i < 2; i++)
		if (fds[i].fd >= 0)
			close(fds[i].fd);
	int st;
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

/* git's first line of complaint, without its "fatal: " or "error: "; points into e. */
const char *kb_git_message(kb_buf *e)
{
	if (!e->data || !e->len)
		return "git failed";
	char *m = e->data;
	char *nl = strchr(m, '\n');
	if (nl)
		*nl = '\0';
	if (strncmp(m, "fatal: ", 7) == 0 || strncmp(m, "error: ", 7) == 0)
		m += 7;
	return *m ? m : "git failed";
}
