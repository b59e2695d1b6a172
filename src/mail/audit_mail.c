/* audit_mail.c: the messages of `kblint audit --email`: one per owner with overdue or
 * due-soon articles, addressed from the owners roster, else audit.owner_emails; the owners with
 * neither share one digest to audit.default_recipient. Bodies come from kb_audit_render
 * ("text" and "html") of each owner. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "mail.h"
#include "roster.h"

/* The owner's address: the roster's, else audit.owner_emails', else NULL. */
static const char *owner_address(const kb_config *cfg, const char *owner)
{
	const kb_owner *o = kb_roster_find(cfg->owners, owner, strlen(owner));
	if (o && o->email && *o->email)
		return o->email;
	return kb_config_owner_email(cfg, owner);
}

/* Whether the owner has something to be told about. */
static bool has_news(const kb_audit_owner *o)
{
	return o->noverdue > 0 || o->ndue_soon > 0;
}

/* Appends the subject for overdue and due-soon counts, for whom (an owner, or a list). */
static void put_subject(kb_buf *s, size_t overdue, size_t due, const char *whom)
{
	kb_buf_puts(s, "[kblint] ");
	if (overdue) {
		kb_buf_printf(s, "%zu overdue article%s", overdue, overdue == 1 ? "" : "s");
		if (due)
			kb_buf_printf(s, " and %zu due soon", due);
	} else {
		kb_buf_printf(s, "%zu article%s due for review soon", due, due == 1 ? "" : "s");
	}
	kb_buf_printf(s, " for %s", whom);
}

/* The part of an HTML page between its <body ...> tag and </body>, as [*from, *to), or false
 * when the page has no such body. */
static bool html_body(const char *page, const char **from, const char **to)
{
	const char *b = strstr(page, "<body");
	const char *gt = b ? strchr(b, '>') : NULL;
	const char *e = gt ? strstr(gt, "</body>") : NULL;
	if (!e)
		return false;
	*from = gt + 1;
	*to = e;
	return true;
}

/* A copy of s with every control character a space, for one line of output; caller frees. */
static char *one_line(const char *s)
{
	char *r = xstrdup(s);
	for (char *p = r; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7F)
			*p = ' ';
	return r;
}

/* Adds stem (or stem-2, stem-3, ... when taken) to used and returns a copy; caller frees. */
static char *unique_stem(kb_strv *used, const char *label)
{
	char *stem = kb_mail_file_name(label);
	kb_buf b = {0};
	kb_buf_puts(&b, stem);
	for (int i = 2; kb_strv_contains(used, b.data); i++) {
		b.len = 0;
		kb_buf_printf(&b, "%s-%d", stem, i);
	}
	free(stem);
	kb_strv_push(used, b.data);
	return kb_buf_take(&b);
}

/* Starts the next message of *v: label and stem set, the rest of the mail left to the caller. */
static kb_audit_message *add_message(kb_audit_message **v, size_t *n, kb_strv *used,
				     const char *label, const char *from, int64_t date)
{
	*v = xrealloc(*v, (*n + 1) * sizeof **v);
	kb_audit_message *m = &(*v)[(*n)++];
	memset(m, 0, sizeof *m);
	m->label = one_line(label);
	m->name = unique_stem(used, label);
	m->mail.from = xstrdup(from);
	m->mail.date = date;
	return m;
}

int kb_audit_messages(const struct kb_audit *a, const kb_config *cfg, const char *only,
		      int64_t date, kb_audit_message **out, size_t *nout, char *err, size_t errlen)
{
	*out = NULL;
	*nout = 0;
	const char *from = cfg->audit.from;
	if (!from || !*from) {
		snprintf(err, errlen, "audit.from is not set: the config must name the sender of "
				      "audit e-mail (audit: {from: kblint@example.com})");
		return -1;
	}
	if (kb_mail_addr_parse(from, NULL, NULL, err, errlen) != 0)
		return -1;
	const char *fallback = cfg->audit.default_recipient;
	kb_strv used = {0};
	kb_buf digest_text = {0}, digest_html = {0}, whom = {0};
	const char *html_head = NULL, *html_tail = NULL; /* of the first page in the digest */
	bool digest_html_ok = true;
	size_t d_overdue = 0, d_due = 0, d_owners = 0;
	kb_buf first_page = {0};
	for (size_t i = 0; i < a->nowners; i++) {
		const kb_audit_owner *o = &a->owners[i];
		if (!has_news(o) || (only && strcmp(only, o->name) != 0))
			continue;
		const char *addr = owner_address(cfg, o->name);
		kb_buf text = {0}, html = {0};
		kb_audit_render(a, "text", o->name, &text);
		bool has_html = kb_audit_render(a, "html", o->name, &html) == 0;
		if (addr) {
			kb_audit_message *m = add_message(out, nout, &used, o->name, from, date);
			/* the owner's name as the display name: cleaned, so it cannot add a header */
			kb_buf to = {0};
			kb_buf_putc(&to, '"');
			for (const char *p = o->name; *p; p++) {
				if (*p == '"' || *p == '\\')
					kb_buf_putc(&to, '\\');
				kb_buf_putc(&to, *p);
			}
			kb_buf_printf(&to, "\" <%s>", addr);
			kb_strv_push(&m->mail.to, to.data);
			kb_buf_free(&to);
			kb_buf s = {0};
			put_subject(&s, o->noverdue, o->ndue_soon, o->name);
			m->mail.subject = kb_buf_take(&s);
			m->mail.text = kb_buf_take(&text);
			m->mail.html = has_html ? kb_buf_take(&html) : NULL;
		} else {
			/* no address: into the digest for the default recipient */
			d_overdue += o->noverdue;
			d_due += o->ndue_soon;
			if (d_owners++)
				kb_buf_puts(&whom, ", ");
			kb_buf_puts(&whom, o->name);
			if (digest_text.len)
				kb_buf_puts(&digest_text, "\n\n");
			kb_buf_put(&digest_text, text.data ? text.data : "", text.len);
			const char *b, *e;
			if (has_html && html_body(html.data ? html.data : "", &b, &e)) {
				if (!first_page.len)
					kb_buf_put(&first_page, html.data, html.len);
				kb_buf_put(&digest_html, b, (size_t)(e - b));
			} else {
				digest_html_ok = false;
			}
		}
		kb_buf_free(&text);
		kb_buf_free(&html);
	}
	if (d_owners) {
		kb_buf label = {0};
		kb_buf_printf(&label, "owners without an address: %s", whom.data);
		kb_audit_message *m = add_message(out, nout, &used, "digest", from, date);
		free(m->label);
		m->label = one_line(label.data);
		kb_buf_free(&label);
		if (fallback && *fallback) {
			kb_strv_push(&m->mail.to, fallback);
			kb_buf s = {0};
			put_subject(&s, d_overdue, d_due, whom.data);
			m->mail.subject = kb_buf_take(&s);
			kb_buf t = {0};
			char *names = one_line(whom.data);
			kb_buf_printf(&t, "These owners have no e-mail address in the owners roster or "
					  "audit.owner_emails: %s.\n\n", names);
			free(names);
			kb_buf_put(&t, digest_text.data ? digest_text.data : "", digest_text.len);
			m->mail.text = kb_buf_take(&t);
			if (digest_html_ok && first_page.len &&
			    html_body(first_page.data, &html_head, &html_tail)) {
				/* the first page's head and frame around every owner's body */
				kb_buf h = {0};
				kb_buf_put(&h, first_page.data, (size_t)(html_head - first_page.data));
				kb_buf_put(&h, digest_html.data, digest_html.len);
				kb_buf_puts(&h, html_tail);
				m->mail.html = kb_buf_take(&h);
			}
		} else {
			kb_buf e = {0};
			char *names = one_line(whom.data);
			kb_buf_printf(&e, "no e-mail address for %s (add one to the owners roster or "
					  "audit.owner_emails, or set audit.default_recipient)",
				      names);
			free(names);
			m->error = kb_buf_take(&e);
		}
	}
	kb_strv_free(&used);
	kb_buf_free(&digest_text);
	kb_buf_free(&digest_html);
	kb_buf_free(&whom);
	kb_buf_free(&first_page);
	return 0;
}

void kb_audit_messages_free(kb_audit_message *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].label);
		free(v[i].name);
		free(v[i].error);
		kb_mail_free(&v[i].mail);
	}
	free(v);
}
