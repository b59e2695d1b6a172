/* audit_email.c: `kblint audit --email`: checks the e-mail options, builds one message per
 * owner (src/mail/audit_mail.c) and delivers each as .eml files (the default), by sendmail or
 * by SMTP, printing one line per message; a failed delivery does not stop the others. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "cli.h"
#include "mail.h"
#include "textout.h"

/* The folder of the .eml files when --email has neither --send nor --out-dir. */
static const char default_out_dir[] = "kblint-mail";

int kb_audit_email_check(const kb_options *o)
{
	if (!o->email) {
		const char *opt = o->send ? "--send" : o->smtp_url ? "--smtp-url"
					       : o->out_dir ? "--out-dir" : NULL;
		if (opt)
			return kb_cli_usage_error("%s needs --email", opt);
		return 0;
	}
	if (o->output)
		return kb_cli_usage_error("%s", "--output cannot be used with --email: the reports go "
						"to the owners");
	if (o->send && strcmp(o->send, "sendmail") != 0 && strcmp(o->send, "smtp") != 0)
		return kb_cli_usage_error("--send must be sendmail or smtp, not '%s'", o->send);
	if (o->send && o->out_dir)
		return kb_cli_usage_error("%s", "--out-dir writes files instead of sending: it "
						"cannot be used with --send");
	bool smtp = o->send && strcmp(o->send, "smtp") == 0;
	char why[400];
	if (smtp && !kb_mail_smtp_ready(why, sizeof why)) { /* meson -Dsmtp=disabled, or no libcurl */
		fputs("kblint: ", stderr);
		kb_put_clean(stderr, why); /* dlerror's text names a path from the environment */
		fputs("; use --send sendmail, or leave out --send to write .eml files\n", stderr);
		return EXIT_USAGE;
	}
	if (smtp && !o->smtp_url)
		return kb_cli_usage_error("%s", "--send smtp needs --smtp-url smtp://HOST:PORT");
	if (!smtp && o->smtp_url)
		return kb_cli_usage_error("%s", "--smtp-url needs --send smtp");
	if (smtp && strncmp(o->smtp_url, "smtp://", 7) != 0 &&
	    strncmp(o->smtp_url, "smtps://", 8) != 0)
		return kb_cli_usage_error("--smtp-url must start with smtp:// or smtps://, not '%s'",
					  o->smtp_url);
	return 0;
}

/* Appends the addr-specs of m's recipients, joined with ", ". */
static void put_recipients(kb_buf *b, const kb_mail *m)
{
	for (size_t i = 0; i < m->to.n; i++) {
		char *addr = NULL, err[256];
		if (kb_mail_addr_parse(m->to.v[i], NULL, &addr, err, sizeof err) != 0)
			continue;
		kb_buf_printf(b, "%s%s", b->len ? ", " : "", addr);
		free(addr);
	}
}

int kb_audit_email(const kb_options *o, const kb_audit *a, const kb_config *cfg)
{
	kb_mail_transport t = {.mode = KB_MAIL_FILES, .out_dir = o->out_dir ? o->out_dir
									   : default_out_dir};
	if (o->send && strcmp(o->send, "sendmail") == 0) {
		t.mode = KB_MAIL_SENDMAIL;
		t.sendmail = cfg->audit.sendmail; /* NULL: sendmail -t -i */
	} else if (o->send) {
		t.mode = KB_MAIL_SMTP;
		t.smtp_url = o->smtp_url;
	}
	kb_audit_message *msgs;
	size_t n;
	char err[4096];
	if (kb_audit_messages(a, cfg, o->owner, 0, &msgs, &n, err, sizeof err) != 0) {
		fputs("kblint: ", stderr);
		kb_put_clean_line(stderr, err);
		return -1;
	}
	int failed = 0;
	for (size_t i = 0; i < n; i++) {
		kb_audit_message *m = &msgs[i];
		kb_buf to = {0};
		put_recipients(&to, &m->mail);
		/* owners' names and addresses come from articles and the config: printed cleaned */
		char *label = kb_clean(m->label, KB_CLEAN_TEXT), *rcpt = kb_clean(to.data, KB_CLEAN_TEXT);
		if (m->error) {
			fprintf(stderr, "kblint: mail for %s: not delivered: ", label);
			kb_put_clean_line(stderr, m->error);
			failed++;
		} else if (kb_mail_deliver(&t, &m->mail, m->name, err, sizeof err) != 0) {
			fprintf(stderr, "kblint: mail for %s to %s: not delivered: ", label, rcpt);
			kb_put_clean_line(stderr, err);
			failed++;
		} else if (t.mode == KB_MAIL_FILES) {
			char *path = kb_path_join(t.out_dir, m->name);
			printf("mail for %s to %s: written to ", label, rcpt);
			kb_put_clean(stdout, path);
			fputs(".eml\n", stdout);
			free(path);
		} else {
			printf("mail for %s: sent to %s\n", label, rcpt);
		}
		free(label);
		free(rcpt);
		fflush(stdout);
		kb_buf_free(&to);
	}
	if (n == 0)
		printf("no mail: no owner has overdue or due-soon articles\n");
	kb_audit_messages_free(msgs, n);
	return failed;
}
