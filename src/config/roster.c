/* roster.c: reads the owners roster (config key `owners`) into typed owners, looks owners up
 * by name, and checks email addresses. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ascii.h"
#include "roster.h"
#include "util.h"
#include "ydata.h"

static const char *const owner_keys[] = {"name", "email", "slack", NULL};

/* True when k is one of the keys an owner may have. */
static bool known(const char *k)
{
	for (size_t i = 0; owner_keys[i]; i++)
		if (strcmp(owner_keys[i], k) == 0)
			return true;
	return false;
}

/* The non-empty string value of key in m, or NULL when it is absent or (with an error counted
 * in *bad) not a non-empty string. The result points into the YAML tree. */
static const char *string(const kb_ynode *m, const char *key, const char *who, kb_errs *errs,
			  const char *path, int *bad)
{
	const kb_ynode *v = kb_ymap_get(m, key);
	if (!v)
		return NULL;
	if (v->type != KB_Y_SCALAR || !v->len || kb_yscalar_is_null(v)) {
		if (who)
			kb_errs_at(errs, path, v, "owner '%s': '%s' must be a non-empty string, not %s", who, key,
			    v->type == KB_Y_SCALAR ? "an empty one" : kb_ynode_type_name(v));
		else
			kb_errs_at(errs, path, v, "an owner's '%s' must be a non-empty string, not %s", key,
			    v->type == KB_Y_SCALAR ? "an empty one" : kb_ynode_type_name(v));
		(*bad)++;
		return NULL;
	}
	return v->str;
}

/* Reads one entry of the list into o (strings copied; kb_roster_free frees them). Returns 0,
 * or -1 after adding errors. */
static int load_owner(kb_owner *o, const kb_ynode *m, kb_errs *errs, const char *path)
{
	int bad = 0;
	o->line = m->line;
	o->col = m->col;
	if (m->type != KB_Y_MAP) {
		kb_errs_at(errs, path, m, "an owner must be a mapping with 'name' and 'email', not %s",
		    m->type == KB_Y_SCALAR ? "a string" : kb_ynode_type_name(m));
		return -1;
	}
	const kb_ynode *dup = kb_ymap_duplicate(m);
	if (dup) {
		kb_errs_at(errs, path, dup, "duplicate key '%s' in an owner", dup->str);
		bad++;
	}
	for (size_t i = 0; i < m->n; i++) {
		const kb_ynode *k = m->items[2 * i];
		if (k->type != KB_Y_SCALAR || !known(k->str)) {
			kb_errs_at(errs, path, k, "unknown key '%s' in an owner (expected one of: name, email, slack)",
			    k->type == KB_Y_SCALAR ? k->str : "?");
			bad++;
		}
	}
	const char *name = string(m, "name", NULL, errs, path, &bad);
	const char *email = string(m, "email", name, errs, path, &bad);
	const char *slack = string(m, "slack", name, errs, path, &bad);
	if (!kb_ymap_get(m, "name")) {
		kb_errs_at(errs, path, m, "an owner needs a 'name'");
		bad++;
	}
	if (!kb_ymap_get(m, "email")) {
		if (name)
			kb_errs_at(errs, path, m, "owner '%s' needs an 'email'", name);
		else
			kb_errs_at(errs, path, m, "an owner needs an 'email'");
		bad++;
	}
	if (email && !kb_email_valid(email, strlen(email))) {
		const kb_ynode *at = kb_ymap_get(m, "email");
		if (name)
			kb_errs_at(errs, path, at,
			    "owner '%s': 'email' must be an email address such as "
			    "team@example.com, not '%s'",
			    name, email);
		else
			kb_errs_at(errs, path, at,
			    "an owner's 'email' must be an email address such as "
			    "team@example.com, not '%s'",
			    email);
		bad++;
	}
	o->name = name ? xstrdup(name) : NULL;
	o->email = email ? xstrdup(email) : NULL;
	o->slack = slack ? xstrdup(slack) : NULL;
	return bad ? -1 : 0;
}

static const kb_ydata_kind roster_file = {"a roster file", "owners", "owners", "the owners roster"};

/* Reads the owners of a loaded roster file into r. Returns 0, or -1 after adding errors. */
static int read_owners(kb_roster *r, const kb_ydata *d, const char *path, kb_errs *errs)
{
	const kb_ynode *list = d->list;
	r->v = xcalloc(list->n ? list->n : 1, sizeof *r->v);
	int bad = 0;
	for (size_t i = 0; i < list->n; i++) {
		kb_owner *o = &r->v[r->n++];
		if (load_owner(o, list->items[i], errs, path) != 0)
			bad++;
		for (size_t j = 0; o->name && j + 1 < r->n; j++) {
			if (r->v[j].name && strcmp(r->v[j].name, o->name) == 0) {
				kb_errs_at(errs, path, list->items[i],
					   "owner '%s' is already defined at line %d", o->name,
					   r->v[j].line);
				bad++;
				break;
			}
		}
	}
	return bad ? -1 : 0;
}

int kb_roster_parse(kb_roster *r, const char *path, const char *src, size_t len, kb_errs *errs)
{
	memset(r, 0, sizeof *r);
	r->path = xstrdup(path);
	kb_ydata d;
	int ret = kb_ydata_parse(&d, &roster_file, path, src, len, errs);
	if (ret == 0)
		ret = read_owners(r, &d, path, errs);
	kb_ydata_free(&d);
	return ret;
}

int kb_roster_load(kb_roster *r, const char *path, kb_errs *errs)
{
	memset(r, 0, sizeof *r);
	r->path = xstrdup(path);
	kb_ydata d;
	int ret = kb_ydata_load(&d, &roster_file, path, 16 << 20, errs);
	if (ret == 0)
		ret = read_owners(r, &d, path, errs);
	kb_ydata_free(&d);
	return ret;
}

void kb_roster_free(kb_roster *r)
{
	for (size_t i = 0; i < r->n; i++) {
		free(r->v[i].name);
		free(r->v[i].email);
		free(r->v[i].slack);
	}
	free(r->v);
	free(r->path);
	memset(r, 0, sizeof *r);
}

const kb_owner *kb_roster_find(const kb_roster *r, const char *name, size_t len)
{
	for (size_t i = 0; r && i < r->n; i++)
		if (r->v[i].name && kb_streq_n(name, len, r->v[i].name))
			return &r->v[i];
	return NULL;
}

size_t kb_roster_check(const kb_roster *r, const char *owners, kb_roster_fn fn, void *ud)
{
	size_t len = strlen(owners), missing = 0;
	const kb_owner *whole = kb_roster_find(r, owners, len);
	if (whole || !memchr(owners, ',', len)) {
		size_t s = 0, e = len;
		while (s < e && kb_iswhite(owners[s]))
			s++;
		while (e > s && kb_iswhite(owners[e - 1]))
			e--;
		if (!whole)
			whole = kb_roster_find(r, owners + s, e - s);
		if (s == e)
			return 0;
		if (fn)
			fn(ud, owners + s, e - s, whole);
		return whole ? 0 : 1;
	}
	for (size_t s = 0; s < len;) {
		size_t e = s;
		while (e < len && owners[e] != ',')
			e++;
		size_t next = e + 1, b = s;
		while (b < e && kb_iswhite(owners[b]))
			b++;
		while (e > b && kb_iswhite(owners[e - 1]))
			e--;
		if (e > b) {
			const kb_owner *o = kb_roster_find(r, owners + b, e - b);
			missing += !o;
			if (fn)
				fn(ud, owners + b, e - b, o);
		}
		s = next;
	}
	return missing;
}

/* Characters allowed in the local part besides letters and digits (dots are checked apart). */
static bool local_char(unsigned char c)
{
	return kb_isalnum((char)c) || (c && strchr("!#$%&'*+/=?^_`{|}~-", c));
}

bool kb_email_valid(const char *s, size_t n)
{
	if (n == 0 || n > 254)
		return false;
	const char *at = memchr(s, '@', n);
	if (!at || memchr(at + 1, '@', n - (size_t)(at - s) - 1))
		return false;
	size_t local = (size_t)(at - s);
	if (local == 0 || local > 64 || s[0] == '.' || s[local - 1] == '.')
		return false;
	for (size_t i = 0; i < local; i++) {
		if (s[i] == '.') {
			if (s[i + 1] == '.')
				return false;
		} else if (!local_char((unsigned char)s[i])) {
			return false;
		}
	}
	const char *d = at + 1, *end = s + n;
	size_t labels = 0;
	while (d <= end) {
		const char *e = d;
		while (e < end && *e != '.')
			e++;
		size_t l = (size_t)(e - d);
		if (l == 0 || l > 63 || d[0] == '-' || e[-1] == '-')
			return false;
		bool digits = true;
		for (const char *p = d; p < e; p++) {
			if (!kb_isalnum(*p) && *p != '-')
				return false;
			digits = digits && *p >= '0' && *p <= '9';
		}
		labels++;
		if (e == end) {
			if (labels < 2 || l < 2 || digits)
				return false;
			break;
		}
		d = e + 1;
	}
	return true;
}
