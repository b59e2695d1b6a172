/* smtp.c: delivering one audit message by SMTP with libcurl: STARTTLS when offered (required
 * with credentials), implicit TLS for smtps://, certificates and host names verified, the user
 * and password only from the environment, and the server's last reply kept for the error.
 * libcurl is loaded when it is first needed (dlopen), not linked: it and the libraries it
 * needs made most of what every run loaded before main. */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

#include "mail.h"

/* The libcurl calls smtp.c makes, looked up in the library once. */
static struct {
	bool tried;
	void *lib;
	char why[300]; /* why it could not be loaded */
	CURLcode (*global_init)(long);
	void (*global_cleanup)(void);
	CURL *(*easy_init)(void);
	CURLcode (*easy_setopt)(CURL *, CURLoption, ...);
	CURLcode (*easy_perform)(CURL *);
	const char *(*easy_strerror)(CURLcode);
	void (*easy_cleanup)(CURL *);
	struct curl_slist *(*slist_append)(struct curl_slist *, const char *);
	void (*slist_free_all)(struct curl_slist *);
} lc;

/* Sets *fn to the library's symbol name; false when it has none. (A function pointer is set
 * through its bytes: POSIX's way, since C does not convert void * to one.) */
static bool sym(void *fn, const char *name)
{
	void *p = dlsym(lc.lib, name);
	if (!p) {
		snprintf(lc.why, sizeof lc.why, "it has no %s", name);
		return false;
	}
	memcpy(fn, &p, sizeof p);
	return true;
}

/* Loads libcurl once: $KBLINT_LIBCURL when set (a file name or path), else libcurl.so.4, else
 * Debian's libcurl-gnutls.so.4 (the same interface). Returns false with lc.why set when it
 * cannot. For one thread (audit e-mail is sent from the main one). */
static bool load_curl(void)
{
	if (lc.tried)
		return lc.lib != NULL;
	lc.tried = true;
	const char *own = getenv("KBLINT_LIBCURL");
	const char *first = own && *own ? own : "libcurl.so.4";
	lc.lib = dlopen(first, RTLD_NOW | RTLD_LOCAL);
	if (!lc.lib) {
		const char *e = dlerror(); /* the first name's reason is the one told */
		snprintf(lc.why, sizeof lc.why, "%s", e ? e : first);
		if (first != own)
			lc.lib = dlopen("libcurl-gnutls.so.4", RTLD_NOW | RTLD_LOCAL);
		if (!lc.lib)
			return false;
	}
	if (!sym(&lc.global_init, "curl_global_init") ||
	    !sym(&lc.global_cleanup, "curl_global_cleanup") ||
	    !sym(&lc.easy_init, "curl_easy_init") || !sym(&lc.easy_setopt, "curl_easy_setopt") ||
	    !sym(&lc.easy_perform, "curl_easy_perform") ||
	    !sym(&lc.easy_strerror, "curl_easy_strerror") ||
	    !sym(&lc.easy_cleanup, "curl_easy_cleanup") ||
	    !sym(&lc.slist_append, "curl_slist_append") ||
	    !sym(&lc.slist_free_all, "curl_slist_free_all")) {
		dlclose(lc.lib);
		lc.lib = NULL;
		return false;
	}
	return true;
}

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

bool kb_mail_smtp_ready(char *err, size_t errlen)
{
	if (load_curl())
		return true;
	snprintf(err, errlen, KB_MAIL_NO_LIBCURL " (%s)", lc.why);
	return false;
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

	if (!kb_mail_smtp_ready(err, errlen))
		return -1;
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
		rcpt = lc.slist_append(rcpt, b.data);
		kb_buf_free(&b);
		if (!rcpt) {
			snprintf(err, errlen, "out of memory");
			goto done;
		}
	}
	kb_buf envelope_from = {0};
	kb_buf_printf(&envelope_from, "<%s>", from);

	if (lc.global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		snprintf(err, errlen, "cannot start libcurl");
		kb_buf_free(&envelope_from);
		goto done;
	}
	CURL *h = lc.easy_init();
	if (!h) {
		snprintf(err, errlen, "cannot start libcurl");
		kb_buf_free(&envelope_from);
		lc.global_cleanup();
		goto done;
	}
	lc.easy_setopt(h, CURLOPT_URL, url);
	lc.easy_setopt(h, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
	lc.easy_setopt(h, CURLOPT_ERRORBUFFER, cerr);
	lc.easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	lc.easy_setopt(h, CURLOPT_CONNECTTIMEOUT, (long)CONNECT_TIMEOUT_S);
	lc.easy_setopt(h, CURLOPT_TIMEOUT, (long)TRANSFER_TIMEOUT_S);
	/* a password never goes in clear: with one, plain smtp:// must upgrade with STARTTLS */
	if (!smtps)
		lc.easy_setopt(h, CURLOPT_USE_SSL,
			       user ? (long)CURLUSESSL_ALL : (long)CURLUSESSL_TRY);
	lc.easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L);
	lc.easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L);
	if (user) {
		lc.easy_setopt(h, CURLOPT_USERNAME, user);
		lc.easy_setopt(h, CURLOPT_PASSWORD, password);
	}
	lc.easy_setopt(h, CURLOPT_MAIL_FROM, envelope_from.data);
	lc.easy_setopt(h, CURLOPT_MAIL_RCPT, rcpt);
	lc.easy_setopt(h, CURLOPT_UPLOAD, 1L);
	lc.easy_setopt(h, CURLOPT_INFILESIZE_LARGE, (curl_off_t)msg->len);
	lc.easy_setopt(h, CURLOPT_READFUNCTION, read_msg);
	lc.easy_setopt(h, CURLOPT_READDATA, &c);
	lc.easy_setopt(h, CURLOPT_DEBUGFUNCTION, debug_hook);
	lc.easy_setopt(h, CURLOPT_DEBUGDATA, &c);
	lc.easy_setopt(h, CURLOPT_VERBOSE, 1L);
	CURLcode rc = lc.easy_perform(h);
	if (rc == CURLE_OK) {
		ret = 0;
	} else {
		const char *why = *cerr ? cerr : lc.easy_strerror(rc);
		if (c.refusal.len)
			snprintf(err, errlen, "the server replied %s (%s)", c.refusal.data, why);
		else if (c.reply.len)
			snprintf(err, errlen, "%s (the server's last reply: %s)", why, c.reply.data);
		else
			snprintf(err, errlen, "%s", why);
	}
	lc.easy_cleanup(h);
	lc.global_cleanup();
	kb_buf_free(&envelope_from);
done:
	free(from);
	lc.slist_free_all(rcpt);
	kb_buf_free(&c.reply);
	kb_buf_free(&c.refusal);
	return ret;
}
