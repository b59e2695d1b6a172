/* meta.c: resolves the metadata roles (reviewed, interval, expires, owner, status) once per
 * article, through the field names the config lists for each role. */
#include <stdlib.h>
#include <string.h>

#include "article.h"
#include "codeowners.h"
#include "gitdates.h"
#include "util.h"

/* The first field of the role present in the metadata; its key name via *key. */
static const kb_ynode *role_value(const kb_article *a, const kb_config *cfg, kb_role r,
				  const char **key)
{
	for (size_t i = 0; i < cfg->fields[r].n; i++) {
		const kb_ynode *k = kb_ymap_key_node(a->meta, cfg->fields[r].v[i]);
		if (k) {
			*key = k->str;
			return kb_ymap_get(a->meta, k->str);
		}
	}
	return NULL;
}

int kb_config_parse_date(const kb_config *cfg, const char *s, size_t n, kb_date *out)
{
	if (kb_date_parse_iso(s, n, out) == 0)
		return 0;
	for (size_t i = 0; i < cfg->date_formats.n; i++)
		if (kb_date_parse_format(s, n, cfg->date_formats.v[i], out) == 0)
			return 0;
	return -1;
}

static void resolve_field(kb_article *a, const kb_config *cfg, kb_role r, kb_field *f)
{
	const char *key = NULL;
	const kb_ynode *v = role_value(a, cfg, r, &key);
	memset(f, 0, sizeof *f);
	if (!key) {
		f->state = KB_FIELD_MISSING;
		return;
	}
	f->key = key;
	f->node = v;
	if (kb_yscalar_is_null(v) || (v->type == KB_Y_SCALAR && v->len == 0)) {
		f->state = KB_FIELD_EMPTY;
		return;
	}
	int bad = v->type != KB_Y_SCALAR;
	if (!bad && r == KB_ROLE_INTERVAL)
		bad = kb_interval_parse(v->str, v->len, &f->interval) != 0;
	else if (!bad)
		bad = kb_config_parse_date(cfg, v->str, v->len, &f->date) != 0;
	f->state = bad ? KB_FIELD_INVALID : KB_FIELD_OK;
}

/* A scalar as text, a list of scalars joined with ", ", else NULL. */
static const char *text_of(kb_article *a, const kb_ynode *v)
{
	if (!v || kb_yscalar_is_null(v))
		return NULL;
	if (v->type == KB_Y_SCALAR)
		return v->len ? v->str : NULL;
	if (v->type != KB_Y_SEQ)
		return NULL;
	kb_buf b = {0};
	for (size_t i = 0; i < v->n; i++)
		if (v->items[i]->type == KB_Y_SCALAR && v->items[i]->len)
			kb_buf_printf(&b, "%s%s", b.len ? ", " : "", v->items[i]->str);
	const char *s = b.len ? kb_arena_strdup(&a->arena, b.data) : NULL;
	kb_buf_free(&b);
	return s;
}

/* What the metadata leaves out, from the files the config names: the owner from CODEOWNERS
 * (`codeowners`), the reviewed date from git (`freshness.fallback: git`). */
static void fallbacks(kb_article *a, const kb_config *cfg)
{
	bool owner = !a->owner && cfg->codeowners;
	bool date = a->reviewed.state == KB_FIELD_MISSING && cfg->gitdates;
	if (!owner && !date)
		return;
	char *abs = kb_path_physical(a->file->path);
	if (owner) {
		char *o = kb_codeowners_owners_of(cfg->codeowners, abs);
		if (o)
			a->owner = kb_arena_strdup(&a->arena, o);
		free(o);
	}
	if (date) {
		switch (kb_gitdates_lookup(cfg->gitdates, abs, &a->reviewed.date)) {
		case KB_GITDATE_OK:
			a->reviewed.state = KB_FIELD_GIT;
			a->history = KB_HISTORY_USED;
			break;
		case KB_GITDATE_SHALLOW:
			a->history = KB_HISTORY_SHALLOW;
			break;
		case KB_GITDATE_NONE:
			a->history = KB_HISTORY_NONE;
			break;
		case KB_GITDATE_OUTSIDE:
			break; /* git was not asked about it: nothing to say */
		}
	}
	free(abs);
}

void kb_article_resolve(kb_article *a, const kb_config *cfg)
{
	const char *key;
	a->owner = text_of(a, role_value(a, cfg, KB_ROLE_OWNER, &key));
	a->status = text_of(a, role_value(a, cfg, KB_ROLE_STATUS, &key));
	resolve_field(a, cfg, KB_ROLE_REVIEWED, &a->reviewed);
	resolve_field(a, cfg, KB_ROLE_INTERVAL, &a->interval);
	resolve_field(a, cfg, KB_ROLE_EXPIRES, &a->expires);
	fallbacks(a, cfg);
}

bool kb_article_retired(const kb_article *a)
{
	static const char *const retired[] = {"archived", "deprecated", "obsolete"};
	if (!a->status)
		return false;
	for (size_t i = 0; i < 3; i++)
		if (kb_strcasecmp(a->status, retired[i]) == 0)
			return true;
	return false;
}

bool kb_article_due(const kb_article *a, const kb_config *cfg, kb_date *due)
{
	if ((a->reviewed.state != KB_FIELD_OK && a->reviewed.state != KB_FIELD_GIT) ||
	    a->interval.state == KB_FIELD_INVALID)
		return false;
	kb_interval iv = a->interval.state == KB_FIELD_OK ? a->interval.interval : cfg->default_interval;
	*due = kb_date_add(a->reviewed.date, iv);
	return true;
}
