/* meta.c: resolves the metadata roles (reviewed, interval, expires, owner, status) once per
 * article, through the field names the config lists for each role. */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "article.h"
#include "load.h"
#include "glob.h"
#include "codeowners.h"
#include "gitdates.h"
#include "util.h"

/* A scalar node in a's arena at the article's start (a value no line of the file holds). */
static kb_ynode *synthetic(kb_article *a, const char *s)
{
	kb_ynode *n = kb_arena_alloc(&a->arena, sizeof *n);
	memset(n, 0, sizeof *n);
	n->type = KB_Y_SCALAR;
	n->style = KB_YS_QUOTED;
	n->line = n->end_line = a->line;
	n->col = n->end_col = a->col;
	n->str = kb_arena_strdup(&a->arena, s);
	n->len = strlen(s);
	n->weight = 1;
	return n;
}

/* The config's 'defaults' (a site's per-folder metadata) for the fields a's metadata does not
 * set, added to a copy of its metadata mapping. */
static void apply_defaults(kb_article *a, const kb_config *cfg)
{
	if (!cfg->ndefaults || (a->meta && a->meta->type != KB_Y_MAP))
		return;
	char *rel = kb_config_relative(cfg, a->file->path);
	if (!rel)
		return;
	size_t n = a->meta ? a->meta->n : 0, cap = n + 8, extra = 0;
	kb_ynode **items = NULL;
	for (size_t i = 0; i < cfg->ndefaults; i++) {
		const kb_meta_default *d = &cfg->defaults[i];
		for (size_t k = 0; k < d->keys.n; k++) {
			const char *key = d->keys.v[k];
			if ((a->meta && kb_ymap_key_node(a->meta, key)) ||
			    kb_config_default_meta(cfg, rel, key) != d->values.v[k])
				continue; /* set by the article, or by an earlier entry */
			bool seen = false;
			for (size_t j = 0; j < extra && !seen; j++)
				seen = strcmp(items[2 * (n + j)]->str, key) == 0;
			if (seen)
				continue;
			if (!items) {
				items = kb_arena_alloc(&a->arena, 2 * cap * sizeof *items);
				for (size_t j = 0; j < 2 * n; j++)
					items[j] = a->meta->items[j];
			} else if (n + extra == cap) {
				kb_ynode **more = kb_arena_alloc(&a->arena, 4 * cap * sizeof *more);
				memcpy(more, items, 2 * cap * sizeof *items);
				items = more;
				cap *= 2;
			}
			items[2 * (n + extra)] = synthetic(a, key);
			items[2 * (n + extra) + 1] = synthetic(a, d->values.v[k]);
			extra++;
		}
	}
	free(rel);
	if (!extra)
		return;
	kb_ynode *m = kb_arena_alloc(&a->arena, sizeof *m);
	if (a->meta) {
		*m = *a->meta;
	} else {
		memset(m, 0, sizeof *m);
		m->type = KB_Y_MAP;
		m->line = m->end_line = a->line;
		m->col = m->end_col = a->col;
		m->weight = 1;
	}
	m->items = items;
	m->n = n + extra;
	m->weight += 2 * extra;
	a->meta = m;
}

/* The value of key k of map (k one of map's key nodes). */
static const kb_ynode *value_of(const kb_ynode *map, const kb_ynode *k)
{
	for (size_t i = 0; i < map->n; i++)
		if (map->items[2 * i] == k)
			return map->items[2 * i + 1];
	return NULL;
}

/* The key node of map named s[0..n), or NULL. */
static const kb_ynode *key_n(const kb_ynode *map, const char *s, size_t n)
{
	char small[128];
	char *name = n < sizeof small ? small : xmalloc(n + 1);
	memcpy(name, s, n);
	name[n] = '\0';
	const kb_ynode *k = kb_ymap_key_node(map, name);
	if (name != small)
		free(name);
	return k;
}

const kb_ynode *kb_meta_path(const kb_ynode *map, const char *path, const kb_ynode **key)
{
	size_t n = strlen(path);
	if (key)
		*key = NULL;
	/* each level consumes at least one character of path, so this ends */
	while (map && map->type == KB_Y_MAP && n) {
		size_t len = n;
		const kb_ynode *k;
		while (!(k = key_n(map, path, len))) {
			while (len && path[len - 1] != '.')
				len--;
			if (len < 2)
				return NULL; /* no prefix ending before a dot is a key */
			len--; /* the dot */
		}
		const kb_ynode *v = value_of(map, k);
		if (len == n) {
			if (key)
				*key = k;
			return v;
		}
		map = v;
		path += len + 1;
		n -= len + 1;
	}
	return NULL;
}

/* The first field of the role present in the metadata; its key name via *key. */
static const kb_ynode *role_value(const kb_article *a, const kb_config *cfg, kb_role r,
				  const char **key)
{
	for (size_t i = 0; i < cfg->fields[r].n; i++) {
		const kb_ynode *k;
		const kb_ynode *v = kb_meta_path(a->meta, cfg->fields[r].v[i], &k);
		if (k) {
			*key = cfg->fields[r].v[i];
			return v;
		}
	}
	return NULL;
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
	apply_defaults(a, cfg);
	const kb_ynode *topic = a->meta && a->meta->type == KB_Y_MAP ? kb_ymap_get(a->meta, "ms.topic")
								     : NULL;
	a->fragment = topic && topic->type == KB_Y_SCALAR && strcmp(topic->str, "include") == 0;
	if (!a->fragment && cfg->fragments.n) {
		char *rel = kb_config_relative(cfg, a->file->path);
		for (size_t i = 0; rel && i < cfg->fragments.n && !a->fragment; i++)
			a->fragment = kb_glob_match(cfg->fragments.v[i], rel);
		free(rel);
	}
	a->owner = text_of(a, role_value(a, cfg, KB_ROLE_OWNER, &key));
	a->status = text_of(a, role_value(a, cfg, KB_ROLE_STATUS, &key));
	resolve_field(a, cfg, KB_ROLE_REVIEWED, &a->reviewed);
	resolve_field(a, cfg, KB_ROLE_INTERVAL, &a->interval);
	resolve_field(a, cfg, KB_ROLE_EXPIRES, &a->expires);
	fallbacks(a, cfg);
}

bool kb_article_retired(const kb_article *a)
{
	static const char *const retired[] = {"archived", "deprecated", "obsolete", "retired",
					      "withdrawn"};
	if (!a->status)
		return false;
	for (size_t i = 0; i < 5; i++)
		if (kb_strcasecmp(a->status, retired[i]) == 0)
			return true;
	return false;
}

/* The article's file relative to the config's folder, as the publish globs see it; a file
 * outside that folder (or an example, which has no file) keeps its path as given, less a
 * leading "./" or "/". The caller frees. */
static char *publish_path(const kb_config *cfg, const char *path)
{
	char abs[PATH_MAX];
	if (cfg->dir && realpath(path, abs)) {
		size_t n = strlen(cfg->dir);
		if (strcmp(cfg->dir, "/") == 0)
			return xstrdup(abs + 1);
		if (strncmp(abs, cfg->dir, n) == 0 && abs[n] == '/')
			return xstrdup(abs + n + 1);
	}
	while (path[0] == '.' && path[1] == '/')
		path += 2;
	while (path[0] == '/')
		path++;
	return xstrdup(path);
}

const char *kb_article_published(const kb_config *cfg, const kb_article *a)
{
	for (size_t i = 0; i < cfg->publish.n; i++)
		if (strcmp(cfg->publish.v[i], "**") == 0)
			return cfg->publish.v[i]; /* everything: no path to resolve */
	char *rel = publish_path(cfg, a->file->path);
	const char *glob = NULL;
	for (size_t i = 0; !glob && i < cfg->publish.n; i++)
		if (kb_glob_match(cfg->publish.v[i], rel))
			glob = cfg->publish.v[i];
	free(rel);
	return glob;
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
