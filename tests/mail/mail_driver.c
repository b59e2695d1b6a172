/* mail_driver.c: drives include/mail.h for tests/mail/test_mail.py: builds messages from the
 * command line and delivers them, printing one line per message.
 *
 * usage: mail_driver [OPTION | -m NAME TO SUBJECT TEXT HTML]...
 *   --from ADDR       the sender of the messages that follow (default ops@example.com)
 *   --date EPOCH      their Date (default now)
 *   --print           write the next messages to stdout, formatted, and nothing else
 *   --files DIR       write them to DIR/NAME.eml (the default, in ".")
 *   --sendmail CMD    pipe them to CMD ("" for the default command)
 *   --smtp URL        send them by SMTP to URL
 *   -m NAME TO SUBJECT TEXT HTML
 *                     one message: TO holds addresses separated by the byte 0x1F, HTML "<none>"
 *                     makes a text/plain message
 * Options apply to the messages after them. Prints "NAME: ok" or "NAME: error: REASON" for
 * each message (not with --print) and exits 1 when one failed, 2 on a usage error. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mail.h"

/* Fills m from the five words of a -m group; m's strings are owned by m. */
static void build(kb_mail *m, char **w, const char *from, int64_t date)
{
	memset(m, 0, sizeof *m);
	m->from = xstrdup(from);
	for (const char *p = w[1];;) {
		const char *sep = strchr(p, '\x1f');
		char *a = xstrndup(p, sep ? (size_t)(sep - p) : strlen(p));
		kb_strv_push(&m->to, a);
		free(a);
		if (!sep)
			break;
		p = sep + 1;
	}
	m->subject = xstrdup(w[2]);
	m->text = xstrdup(w[3]);
	m->html = strcmp(w[4], "<none>") == 0 ? NULL : xstrdup(w[4]);
	m->date = date;
}

int main(int argc, char **argv)
{
	kb_mail_transport t = {.mode = KB_MAIL_FILES, .out_dir = "."};
	const char *from = "ops@example.com";
	int64_t date = 0;
	bool print = false;
	int failed = 0;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		bool has_arg = i + 1 < argc;
		if (strcmp(a, "--from") == 0 && has_arg) {
			from = argv[++i];
		} else if (strcmp(a, "--date") == 0 && has_arg) {
			date = strtoll(argv[++i], NULL, 10);
		} else if (strcmp(a, "--print") == 0) {
			print = true;
		} else if (strcmp(a, "--files") == 0 && has_arg) {
			t.mode = KB_MAIL_FILES, t.out_dir = argv[++i], print = false;
		} else if (strcmp(a, "--sendmail") == 0 && has_arg) {
			t.mode = KB_MAIL_SENDMAIL, t.sendmail = *argv[++i] ? argv[i] : NULL;
			print = false;
		} else if (strcmp(a, "--smtp") == 0 && has_arg) {
			t.mode = KB_MAIL_SMTP, t.smtp_url = argv[++i], print = false;
		} else if (strcmp(a, "-m") == 0 && i + 5 < argc) {
			kb_mail m;
			build(&m, argv + i + 1, from, date);
			const char *name = argv[i + 1];
			char err[4096];
			if (print) {
				kb_buf out = {0};
				if (kb_mail_format(&m, &out, err, sizeof err) == 0) {
					fwrite(out.data, 1, out.len, stdout);
				} else {
					printf("%s: error: %s\n", name, err);
					failed++;
				}
				kb_buf_free(&out);
			} else {
				char *stem = kb_mail_file_name(name);
				if (kb_mail_deliver(&t, &m, stem, err, sizeof err) == 0) {
					printf("%s: ok\n", name);
				} else {
					printf("%s: error: %s\n", name, err);
					failed++;
				}
				free(stem);
			}
			fflush(stdout);
			kb_mail_free(&m);
			i += 5;
		} else {
			fprintf(stderr, "mail_driver: bad argument '%s'\n", a);
			return 2;
		}
	}
	return failed ? 1 : 0;
}
