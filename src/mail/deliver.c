/* deliver.c: audit e-mail delivery other than SMTP: a sendmail-compatible command run without
 * a shell (posix_spawnp, the message on its standard input), .eml files written atomically,
 * and kb_mail_deliver, which formats a message and hands it to the chosen transport. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "mail.h"
#include "platform.h"

extern char **environ;

/* How long a sendmail command may take to accept one message before it is killed: a local
 * mail submission takes well under a second, so this only ends a command that hangs. */
enum { SENDMAIL_TIMEOUT_MS = 120 * 1000 };
/* Bytes of a command's output kept (its complaint is in the first lines). */
enum { OUTPUT_MAX = 64 * 1024 };
/* The longest .eml name stem. */
enum { NAME_MAX_STEM = 100 };

int kb_mail_split_command(const char *cmd, kb_strv *argv, char *err, size_t errlen)
{
	kb_buf w = {0};
	bool in_word = false;
	size_t pushed = 0;
	for (const char *p = cmd ? cmd : ""; ; p++) {
		char c = *p;
		if (c == '\0' || c == ' ' || c == '\t' || c == '\n') {
			if (in_word) {
				kb_strv_push(argv, w.data ? w.data : "");
				pushed++;
				w.len = 0;
				if (w.data)
					w.data[0] = '\0';
				in_word = false;
			}
			if (c == '\0')
				break;
			continue;
		}
		in_word = true;
		if (c == '\'') {
			const char *q = strchr(p + 1, '\'');
			if (!q) {
				snprintf(err, errlen, "unclosed ' in the command");
				goto fail;
			}
			kb_buf_put(&w, p + 1, (size_t)(q - p - 1));
			if (!w.data)
				kb_buf_puts(&w, "");
			p = q;
		} else if (c == '"') {
			for (p++; *p != '"'; p++) {
				if (*p == '\0') {
					snprintf(err, errlen, "unclosed \" in the command");
					goto fail;
				}
				if (*p == '\\' && (p[1] == '"' || p[1] == '\\'))
					p++;
				kb_buf_putc(&w, *p);
			}
			if (!w.data)
				kb_buf_puts(&w, "");
		} else if (c == '\\' && p[1]) {
			kb_buf_putc(&w, *++p);
		} else {
			kb_buf_putc(&w, c);
		}
	}
	kb_buf_free(&w);
	if (pushed == 0) {
		snprintf(err, errlen, "the command is empty");
		return -1;
	}
	return 0;
fail:
	kb_buf_free(&w);
	return -1;
}

/* Appends to err (at most errlen) what a command printed: its non-empty lines joined with
 * "; ", controls as spaces, at most KB_MAIL_MAX_REPLY bytes. */
static void append_output(char *err, size_t errlen, const kb_buf *out)
{
	kb_buf s = {0};
	const char *p = out->data ? out->data : "", *end = p + out->len;
	while (p < end && s.len < KB_MAIL_MAX_REPLY) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *e = nl ? nl : end;
		while (e > p && (e[-1] == '\r' || e[-1] == ' '))
			e--;
		if (e > p) {
			if (s.len)
				kb_buf_puts(&s, "; ");
			for (const char *q = p; q < e; q++)
				kb_buf_putc(&s, (unsigned char)*q < 0x20 || *q == 0x7F ? ' ' : *q);
		}
		p = nl ? nl + 1 : end;
	}
	if (s.len) {
		size_t l = strlen(err);
		snprintf(err + l, errlen > l ? errlen - l : 0, ": %s", s.data);
	}
	kb_buf_free(&s);
}

/* Milliseconds of a monotonic clock. */
static long long now_ms(void)
{
	return (long long)(kb_monotonic_seconds() * 1000);
}

int kb_mail_send_sendmail(const char *cmd, const kb_buf *msg, char *err, size_t errlen)
{
	int ret = -1;
	kb_strv argv = {0};
	kb_buf in = {0}, out = {0};
	int sv[2] = {-1, -1}, po[2] = {-1, -1};
	if (!cmd)
		cmd = KB_MAIL_SENDMAIL_DEFAULT;
	if (kb_mail_split_command(cmd, &argv, err, errlen) != 0)
		goto done;
	/* posix_spawnp wants argv to end with NULL: push a slot, then empty it (kb_strv_free
	 * frees NULL harmlessly) */
	kb_strv_push(&argv, "");
	free(argv.v[argv.n - 1]);
	argv.v[argv.n - 1] = NULL;

	/* sendmail reads local line ends: each CRLF goes as LF */
	for (size_t i = 0; i < msg->len; i++)
		if (!(msg->data[i] == '\r' && i + 1 < msg->len && msg->data[i + 1] == '\n'))
			kb_buf_putc(&in, msg->data[i]);

	/* a socket for its standard input, so that writing after it exits is EPIPE and never
	 * SIGPIPE (MSG_NOSIGNAL); a pipe for what it prints */
	if (kb_socketpair_cloexec(sv) != 0 || kb_pipe_cloexec(po) != 0) {
		snprintf(err, errlen, "cannot run '%s': %s", argv.v[0], strerror(errno));
		goto done;
	}
	shutdown(sv[1], SHUT_WR);
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, sv[1], 0);
	posix_spawn_file_actions_adddup2(&fa, po[1], 1);
	posix_spawn_file_actions_adddup2(&fa, po[1], 2);
	pid_t pid;
	int rc = posix_spawnp(&pid, argv.v[0], &fa, NULL, argv.v, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(sv[1]);
	close(po[1]);
	sv[1] = po[1] = -1;
	if (rc != 0) {
		snprintf(err, errlen, "cannot run '%s': %s", argv.v[0], strerror(rc));
		goto done;
	}
	fcntl(sv[0], F_SETFL, fcntl(sv[0], F_GETFL) | O_NONBLOCK);
	size_t off = 0;
	bool timed_out = false;
	long long deadline = now_ms() + SENDMAIL_TIMEOUT_MS;
	if (in.len == 0)
		shutdown(sv[0], SHUT_WR);
	/* write the message and read what it prints at once, so neither side can block */
	while (po[0] >= 0) {
		struct pollfd fds[2] = {{.fd = po[0], .events = POLLIN},
					{.fd = off < in.len ? sv[0] : -1, .events = POLLOUT}};
		long long left = deadline - now_ms();
		if (left <= 0) {
			timed_out = true;
			break;
		}
		int r = poll(fds, 2, (int)left);
		if (r < 0 && errno != EINTR)
			break;
		if (r <= 0)
			continue;
		if (fds[1].revents) {
			ssize_t w = kb_send_nosignal(sv[0], in.data + off, in.len - off);
			if (w > 0)
				off += (size_t)w;
			else if (w < 0 && errno != EAGAIN && errno != EINTR)
				off = in.len; /* it stopped reading: its exit status tells why */
			if (off == in.len)
				shutdown(sv[0], SHUT_WR);
		}
		if (fds[0].revents) {
			char chunk[4096];
			ssize_t n = read(po[0], chunk, sizeof chunk);
			if (n < 0 && errno == EINTR)
				continue;
			if (n <= 0) {
				close(po[0]);
				po[0] = -1;
			} else if (out.len < OUTPUT_MAX) {
				kb_buf_put(&out, chunk, (size_t)n);
			}
		}
	}
	if (timed_out)
		kill(pid, SIGKILL);
	int st = 0;
	while (waitpid(pid, &st, 0) < 0) {
		if (errno != EINTR) {
			snprintf(err, errlen, "'%s': %s", argv.v[0], strerror(errno));
			goto done;
		}
	}
	if (timed_out) {
		snprintf(err, errlen, "'%s' did not finish in %d seconds", argv.v[0],
			 SENDMAIL_TIMEOUT_MS / 1000);
	} else if (WIFEXITED(st) && WEXITSTATUS(st) == 0) {
		ret = 0;
	} else if (WIFEXITED(st)) {
		snprintf(err, errlen, "'%s' exited with status %d", argv.v[0], WEXITSTATUS(st));
		append_output(err, errlen, &out);
	} else {
		snprintf(err, errlen, "'%s' was killed by signal %d", argv.v[0],
			 WIFSIGNALED(st) ? WTERMSIG(st) : 0);
		append_output(err, errlen, &out);
	}
done:
	for (int i = 0; i < 2; i++) {
		if (sv[i] >= 0)
			close(sv[i]);
		if (po[i] >= 0)
			close(po[i]);
	}
	kb_strv_free(&argv);
	kb_buf_free(&in);
	kb_buf_free(&out);
	return ret;
}

char *kb_mail_file_name(const char *label)
{
	kb_buf b = {0};
	for (const char *p = label ? label : ""; *p && b.len < NAME_MAX_STEM; p++) {
		char c = *p;
		bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
			  c == '_' || c == '-' || (c == '.' && b.len > 0);
		kb_buf_putc(&b, ok ? c : '_');
	}
	if (b.len == 0)
		kb_buf_puts(&b, "mail");
	return kb_buf_take(&b);
}

int kb_mail_write_eml(const char *dir, const char *name, const kb_buf *msg, char *err,
		      size_t errlen)
{
	if (!name || !*name || name[0] == '.' || strchr(name, '/')) {
		snprintf(err, errlen, "'%s' is not a file name for a message", name ? name : "");
		return -1;
	}
	struct stat st;
	if (stat(dir, &st) != 0) {
		if (errno != ENOENT || mkdir(dir, 0777) != 0) {
			snprintf(err, errlen, "cannot make the folder %s: %s", dir, strerror(errno));
			return -1;
		}
	} else if (!S_ISDIR(st.st_mode)) {
		snprintf(err, errlen, "%s is not a folder", dir);
		return -1;
	}
	kb_buf file = {0};
	kb_buf_printf(&file, "%s.eml", name);
	char *path = kb_path_join(dir, file.data);
	int rc = kb_write_file_atomic(path, msg->data ? msg->data : "", msg->len, err, errlen);
	free(path);
	kb_buf_free(&file);
	return rc;
}

int kb_mail_deliver(const kb_mail_transport *t, const kb_mail *m, const char *name, char *err,
		    size_t errlen)
{
	kb_buf msg = {0};
	int rc = kb_mail_format(m, &msg, err, errlen);
	if (rc == 0) {
		switch (t->mode) {
		case KB_MAIL_FILES:
			rc = kb_mail_write_eml(t->out_dir, name, &msg, err, errlen);
			break;
		case KB_MAIL_SENDMAIL:
			rc = kb_mail_send_sendmail(t->sendmail, &msg, err, errlen);
			break;
		case KB_MAIL_SMTP:
			rc = kb_mail_send_smtp(t->smtp_url, m, &msg, err, errlen);
			break;
		}
	}
	kb_buf_free(&msg);
	return rc;
}
