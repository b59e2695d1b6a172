/* render.c: kb_audit_render's dispatch to the formats, the subject line, and the helpers the
 * renderers share. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit_int.h"

/* The formats, written once: the dispatch table and the list messages give. */
#define FORMATS(X) \
	X("text", kb_audit_render_text) X("markdown", kb_audit_render_markdown) \
	X("json", kb_audit_render_json) X("html", kb_audit_render_html)

static const struct {
	const char *name;
	int (*render)(FILE *out, const kb_audit_view *v);
} formats[] = {
#define X(name, fn) {name, fn},
	FORMATS(X)
#undef X
};

/* ", text, markdown, ...": each name after ", " (kb_audit_formats skips the first) */
static const char format_names[] =
#define X(name, fn) ", " name
	FORMATS(X)
#undef X
	;

const char *kb_audit_formats(void)
{
	return format_names + 2;
}

bool kb_audit_format_known(const char *format)
{
	for (size_t i = 0; format && i < sizeof formats / sizeof formats[0]; i++)
		if (strcmp(formats[i].name, format) == 0)
			return true;
	return false;
}

const char *kb_audit_plural(size_t n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

void kb_audit_item_dates(const kb_audit_item *it, char due[16], char rev[32])
{
	kb_date_format(it->due, due);
	rev[0] = '\0';
	if (it->has_reviewed)
		kb_date_format(it->reviewed, rev);
	if (it->reviewed_git)
		strcat(rev, " (git)");
}

int kb_audit_render(const kb_audit *a, const char *format, const char *owner, kb_buf *out)
{
	int (*render)(FILE *, const kb_audit_view *) = NULL;
	for (size_t i = 0; format && i < sizeof formats / sizeof formats[0]; i++)
		if (strcmp(formats[i].name, format) == 0)
			render = formats[i].render;
	if (!render)
		return -1;
	kb_audit_view v = {.a = a, .counts = &a->total, .limit = a->cfg->audit.limit_per_owner};
	const kb_audit_owner *one = NULL;
	if (owner) {
		one = kb_audit_owner_find(a, owner);
		if (!one)
			return -1;
		v.only = one;
		v.counts = &one->counts;
		v.owners = &one;
		v.nowners = 1;
	}
	const kb_audit_owner **all = NULL;
	if (!owner) {
		all = xcalloc(a->nowners + 1, sizeof *all);
		for (size_t i = 0; i < a->nowners; i++)
			all[i] = &a->owners[i];
		v.owners = all;
		v.nowners = a->nowners;
	}
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	int ret = -1;
	if (f) {
		ret = render(f, &v);
		if (fclose(f) != 0)
			ret = -1;
		if (ret == 0)
			kb_buf_put(out, buf, len);
	}
	free(buf);
	free(all);
	return ret;
}

int kb_audit_subject(const kb_audit *a, const char *owner, kb_buf *out)
{
	const kb_audit_counts *c = &a->total;
	if (owner) {
		const kb_audit_owner *o = kb_audit_owner_find(a, owner);
		if (!o)
			return -1;
		c = &o->counts;
	}
	char date[16];
	kb_date_format(a->today, date);
	kb_buf_printf(out, "Knowledge-base audit %s: %zu overdue", date, c->overdue);
	if (a->compared && c->new_overdue)
		kb_buf_printf(out, " (%zu new)", c->new_overdue);
	kb_buf_printf(out, ", %zu due soon", c->due_soon);
	if (owner) {
		kb_buf_puts(out, " (");
		for (const unsigned char *p = (const unsigned char *)owner; *p; p++)
			kb_buf_putc(out, *p < 0x20 || *p == 0x7F ? ' ' : (char)*p);
		kb_buf_putc(out, ')');
	}
	return 0;
}
