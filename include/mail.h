/* mail.h: audit e-mail (RFC 5322 messages with MIME parts) and their delivery by sendmail, by
 * SMTP (libcurl) or as .eml files; used by the audit command and tests/mail.
 *
 * Ownership: a kb_mail owns its strings (kb_mail_free frees them); every function that returns
 * a heap string says so, and the caller frees it with free(). Errors are a return of -1 with a
 * one-line reason in err (never containing a CR or LF). */
#ifndef KB_MAIL_H
#define KB_MAIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "util.h"

/* Limits, so that one odd input cannot make a message no server accepts. */
enum {
	KB_MAIL_MAX_TO = 100,          /* recipients of one message */
	KB_MAIL_MAX_SUBJECT = 400,     /* bytes of subject kept after cleaning (UTF-8 safe cut) */
	KB_MAIL_MAX_REPLY = 2000,      /* bytes of a server's or sendmail's reply kept for err */
};

/* One message. from and each of to are an addr-spec ("ops@example.com") or a display name
 * and an addr-spec ("Billing Team <billing@example.com>", the name may be quoted and may be
 * UTF-8). The addr-spec is validated with kb_email_valid, so one with a control character
 * is refused. subject, text and html are UTF-8 (invalid bytes become U+FFFD). In the subject
 * and display names every control character (CR, LF, TAB, DEL, C1, U+2028/9) becomes a
 * space, so nothing there can start a header line. */
typedef struct {
	char *from;
	kb_strv to;        /* at least one */
	char *subject;
	char *text;        /* the text/plain part; NULL is an empty part */
	char *html;        /* the text/html part; NULL: the message is text/plain only */
	int64_t date;      /* the Date header, seconds since 1970 (UTC); 0: now */
} kb_mail;

/* Frees what m holds (not m) and zeroes it. */
void kb_mail_free(kb_mail *m);

/* Splits an address as kb_mail takes it into its display name (cleaned as subjects are; ""
 * when none) and its addr-spec. name and addr may be NULL when not wanted; otherwise the
 * caller frees them. Returns 0, or -1 with a reason in err. */
int kb_mail_addr_parse(const char *s, char **name, char **addr, char *err, size_t errlen);

/* Appends to out the message m in RFC 5322 form with CRLF line ends: From, To, Subject
 * (RFC 2047 encoded words when it is not plain ASCII), Date, Message-ID (random, with the
 * domain of From), MIME-Version, Auto-Submitted, then multipart/alternative with a
 * text/plain and a text/html part (or text/plain alone), UTF-8, quoted-printable. Every line
 * is at most 78 characters and the message is 7-bit ASCII. Returns 0, or -1 with a reason
 * in err (an invalid address, no recipient); out is unchanged then. */
int kb_mail_format(const kb_mail *m, kb_buf *out, char *err, size_t errlen);

/* Splits a command line into words on blanks, with '...' and "..." quoting and \ escapes
 * outside single quotes, as a shell would but with no expansion of any kind. Pushes the
 * words to argv. Returns 0, or -1 with a reason in err (an unclosed quote, no word). */
int kb_mail_split_command(const char *cmd, kb_strv *argv, char *err, size_t errlen);

/* The default command of kb_mail_send_sendmail. */
#define KB_MAIL_SENDMAIL_DEFAULT "sendmail -t -i"

/* Pipes msg (as kb_mail_format makes it; CRLF line ends are given to the command as LF,
 * as sendmail expects locally) to cmd (NULL: KB_MAIL_SENDMAIL_DEFAULT), split with
 * kb_mail_split_command and run with posix_spawnp, no shell. Returns 0 when the command
 * exits with status 0, else -1 with its status and the last line it printed in err. */
int kb_mail_send_sendmail(const char *cmd, const kb_buf *msg, char *err, size_t errlen);

/* Environment variables that hold the SMTP user and password; nothing else sets them. */
#define KB_MAIL_SMTP_USER_ENV "KBLINT_SMTP_USER"
#define KB_MAIL_SMTP_PASSWORD_ENV "KBLINT_SMTP_PASSWORD"

/* Delivers msg (made from m by kb_mail_format) by SMTP with libcurl to url: smtp://HOST[:PORT]
 * uses STARTTLS when the server offers it (and requires it when a user is set, so a password
 * never crosses the network in clear); smtps://HOST[:PORT] is TLS from the start. TLS peers
 * and host names are always verified. The envelope is m's From and To addr-specs. The user
 * and password come only from KBLINT_SMTP_USER and KBLINT_SMTP_PASSWORD. Returns 0, or -1
 * with curl's reason and the server's last reply in err. */
int kb_mail_send_smtp(const char *url, const kb_mail *m, const kb_buf *msg, char *err,
		      size_t errlen);

/* Whether kblint can send by SMTP now. A build with meson's smtp feature (smtp.c) loads
 * libcurl when this or kb_mail_send_smtp is first called; when it cannot, err says
 * KB_MAIL_NO_LIBCURL and why. A build without it (smtp_none.c) never can: err says
 * KB_MAIL_NO_SMTP. */
bool kb_mail_smtp_ready(char *err, size_t errlen);
#define KB_MAIL_NO_SMTP "this build has no SMTP support (built without libcurl)"
#define KB_MAIL_NO_LIBCURL "cannot load libcurl, which SMTP needs"

/* A file name stem for label (an owner's name): ASCII letters, digits, '.', '_' and '-' are
 * kept, every other byte becomes '_', a leading '.' too, at most 100 bytes; "mail" when
 * nothing is left. Caller frees. */
char *kb_mail_file_name(const char *label);

/* Writes msg to DIR/NAME.eml atomically (a temporary file beside it, then a rename), making
 * dir (one level) when it does not exist. name must be a stem as kb_mail_file_name makes it.
 * Returns 0, or -1 with a reason in err. */
int kb_mail_write_eml(const char *dir, const char *name, const kb_buf *msg, char *err,
		      size_t errlen);

/* How kb_mail_deliver delivers. */
typedef enum { KB_MAIL_FILES, KB_MAIL_SENDMAIL, KB_MAIL_SMTP } kb_mail_mode;

typedef struct {
	kb_mail_mode mode;
	const char *out_dir;   /* KB_MAIL_FILES: the folder of the .eml files */
	const char *sendmail;  /* KB_MAIL_SENDMAIL: the command; NULL: the default */
	const char *smtp_url;  /* KB_MAIL_SMTP */
} kb_mail_transport;

/* Formats m and delivers it by t; name is the .eml file's stem in KB_MAIL_FILES mode
 * (unused otherwise). One message per call, so a caller delivering several can report each
 * failure and go on. Returns 0, or -1 with a reason in err. */
int kb_mail_deliver(const kb_mail_transport *t, const kb_mail *m, const char *name, char *err,
		    size_t errlen);

/* The messages of `kblint audit --email` (src/mail/audit_mail.c). */
struct kb_audit;

typedef struct {
	char *label;     /* the owner, or "owners without an address: A, B" for the digest */
	char *name;      /* the .eml stem: kb_mail_file_name of the owner ("digest"), unique */
	kb_mail mail;    /* the message, when error is NULL */
	char *error;     /* why there is no message: nobody to send it to; else NULL */
} kb_audit_message;

/* Builds the audit's messages, From audit.from: one for each owner with an overdue or
 * due-soon article (only the owner named only, when not NULL), To the owner's address in the
 * owners roster (cfg->owners), else in audit.owner_emails; the owners with neither share one
 * digest To audit.default_recipient (with no default recipient, that entry has error set
 * instead). Subjects are like "[kblint] 4 overdue articles for billing-team"; the bodies are
 * kb_audit_render's "text" and "html" of the owner (the digest's are each owner's, one after
 * the other). date is the Date (0: now). Sets *out (free with kb_audit_messages_free) and *n.
 * Returns 0, or -1 with a reason in err when audit.from is missing or invalid. */
int kb_audit_messages(const struct kb_audit *a, const kb_config *cfg, const char *only,
		      int64_t date, kb_audit_message **out, size_t *n, char *err, size_t errlen);
void kb_audit_messages_free(kb_audit_message *v, size_t n);

#endif
