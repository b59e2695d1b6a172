/* smtp_none.c: stands in for smtp.c in a build without libcurl (meson -Dsmtp=disabled, or
 * -Dsmtp=auto with no libcurl found): there is no SMTP delivery, and asking for it fails with
 * KB_MAIL_NO_SMTP. The .eml files and sendmail (deliver.c) need nothing of libcurl. */
#include <stdio.h>

#include "mail.h"

bool kb_mail_smtp_ready(char *err, size_t errlen)
{
	snprintf(err, errlen, "%s", KB_MAIL_NO_SMTP);
	return false;
}

int kb_mail_send_smtp(const char *url, const kb_mail *m, const kb_buf *msg, char *err,
		      size_t errlen)
{
	(void)url;
	(void)m;
	(void)msg;
	snprintf(err, errlen, "%s", KB_MAIL_NO_SMTP);
	return -1;
}
