/* smtp.c: delivering one audit message by SMTP with libcurl: STARTTLS when offered (required
 * with credentials), implicit TLS for smtps://, certificates and host names verified, the user
 * and password only from the environment, and the server's last reply kept for the error. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

#include "mail.h"

/* Connecting may wait for a slow server, but one message must not hang the run. */
enum { CONNECT_TIMEOUT_S = 30, TRANSFER_TIMEOUT_S = 300 };

/* What the upload reads from and what the debug hook keeps. */
typedef struct {
	const kb_buf *msg;
	size_t off;
	kb_buf reply;    /* the server's last reply: its lines, joined by "; " */
	kb_buf refusal;  /* the server's last 4xx or 5xx reply */
	bool reply_done; /* the next line from the server starts a new reply */
} smtp_ctx;

/* CURLOPT_READFUNCTION: copies the next part of the message. */
static size_t read_msg(char *buf, size_t size, size_t nitems, void *ud)
{
	smtp_ctx *c = ud;
	size_t n = size * nitems, left = c->msg->len - c->off;
	if (n > left)
		n = left;
	memcpy(buf, c->msg->data + c->off, n);
	c->off += n;
	return n;
}

/* CURLOPT_DEBUGFUNCTION: keeps what the server said last, and its last refusal (a 4xx or 5xx
 * reply), with controls as spaces (CURLINFO_HEADER_IN is the server's reply lines in SMTP);
 * ignores everything else, including what is sent (which holds the credentials). */
static int debug_hook(CURL *h, curl_infotype type, char *data, size_t size, void *ud)
{
	(void)h;
	smtp_ctx *c = ud;
	if (type != CURLINFO_HEADER_IN)
		return 0;
	while (size && (data[size - 1] == '\n' || data[size - 1] == '\r'))
		size--;
	if (c->reply_done) {
		c->reply.len = 0;
		if (c->reply.data)
			c->reply.data[0] = '\0';
	}
	/* "250-..." continues a multi-line reply; "250 ..." ends it */
	c->reply_done = !(size >= 4 && data[3] == '-');
	if (c->reply.len)
		kb_buf_puts(&c->reply, "; ");
	for (size_t i = 0; i < size && c->reply.len < KB_MAIL_MAX_REPLY; i++) {
		unsigned char ch = (unsigned char)data[i];
		kb_buf_putc(&c->reply, ch < 0x20 || ch == 0x7F ? ' ' : (char)ch);
	}
	if (c->reply_done && c->reply.len && (c->reply.data[0] == '4' || c->reply.data[0] == '5')) {
		c->refusal.len = 0;
		kb_buf_put(&c->refusal, c->reply.data, c->reply.len);
	}
	return 0;
}

bool kb_mail_smtp_available(void)
{
	return true;
}

int kb_mail_send_smtp(const char *url, const kb_mail *m, const kb_buf *msg, char *err,
		      size_t errlen)
{
	bool smtps = url && strncmp(url, "smtps://", 8) == 0;
	if (!url || (!smtps && strncmp(url, "smtp://", 7) != 0)) {
		snprintf(err, errlen, "the SMTP URL must start with smtp:// or smtps://");
		return -1;
	}
	for (const char *p = url; *p; p++) {
		if ((unsigned char)*p <= 0x20 || *p == 0x7F) {
			snprintf(err, errlen, "the SMTP URL must not contain spaces or controls");
			return -1;
		}
	}
	const char *user = getenv(KB_MAIL_SMTP_USER_ENV);
	const char *password = getenv(KB_MAIL_SMTP_PASSWORD_ENV);
	if (user && !*user)
		user = NULL;
	if (user && !password) {
		snprintf(err, errlen, "%s is set but %s is not", KB_MAIL_SMTP_USER_ENV,
			 KB_MAIL_SMTP_PASSWORD_ENV);
		return -1;
	}

	int ret = -1;
	char *from = NULL;
	struct curl_slist *rcpt = NULL;
	smtp_ctx c = {.msg = msg, .reply_done = true};
	char cerr[CURL_ERROR_SIZE] = "";
	if (kb_mail_addr_parse(m->from, NULL, &from, err, errlen) != 0)
		return -1;
	for (size_t i = 0; i < m->to.n; i++) {
		char *a;
		if (kb_mail_addr_parse(m->to.v[i], NULL, &a, err, errlen) != 0)
			goto done;
		kb_buf b = {0};
		kb_buf_printf(&b, "<%s>", a);
		free(a);
		rcpt = curl_slist_append(rcpt, b.data);
		kb_buf_free(&b);
		if (!rcpt) {
			snprintf(err, errlen, "out of memory");
			goto done;
		}
	}
	kb_buf envelope_from = {0};
	kb_buf_printf(&envelope_from, "<%s>", from);

	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		snprintf(err, errlen, "cannot start libcurl");
		kb_buf_free(&envelope_from);
		goto done;
	}
	CURL *h = curl_easy_init();
	if (!h) {
		snprintf(err, errlen, "cannot start libcurl");
		kb_buf_free(&envelope_from);
		curl_global_cleanup();
		goto done;
	}
	curl_easy_setopt(h, CURLOPT_URL, url);
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
	curl_easy_setopt(h, CURLOPT_ERRORBUFFER, cerr);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, (long)CONNECT_TIMEOUT_S);
	curl_easy_setopt(h, CURLOPT_TIMEOUT, (long)TRANSFER_TIMEOUT_S);
	/* a password never goes in clear: with one, plain smtp:// must upgrade with STARTTLS */
	if (!smtps)
		curl_easy_setopt(h, CURLOPT_USE_SSL, user ? (long)CURLUSESSL_ALL
							  : (long)CURLUSESSL_TRY);
	curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L);
	if (user) {
		curl_easy_setopt(h, CURLOPT_USERNAME, user);
		curl_easy_setopt(h, CURLOPT_PASSWORD, password);
	}
	curl_easy_setopt(h, CURLOPT_MAIL_FROM, envelope_from.data);
	curl_easy_setopt(h, CURLOPT_MAIL_RCPT, rcpt);
	curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(h, CURLOPT_INFILESIZE_LARGE, (curl_off_t)msg->len);
	curl_easy_setopt(h, CURLOPT_READFUNCTION, read_msg);
	curl_easy_setopt(h, CURLOPT_READDATA, &c);
	curl_easy_setopt(h, CURLOPT_DEBUGFUNCTION, debug_hook);
	curl_easy_setopt(h, CURLOPT_DEBUGDATA, &c);
	curl_easy_setopt(h, CURLOPT_VERBOSE, 1L);
	CURLcode rc = curl_easy_perform(h);
	if (rc == CURLE_OK) {
		ret = 0;
	} else {
		const char *why = *cerr ? cerr : curl_easy_strerror(rc);
		if (c.refusal.len)
			snprintf(err, errlen, "the server replied %s (%s)", c.refusal.data, why);
		else if (c.reply.len)
			snprintf(err, errlen, "%s (the server's last reply: %s)", why, c.reply.data);
		else
			snprintf(err, errlen, "%s", why);
	}
	curl_easy_cleanup(h);
	curl_global_cleanup();
	kb_buf_free(&envelope_from);
done:
	free(from);
	curl_slist_free_all(rcpt);
	kb_buf_free(&c.reply);
	kb_buf_free(&c.refusal);
	return ret;
}
