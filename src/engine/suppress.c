/* suppress.c: the run's suppressions and per-file overrides (suppress.h). The loader reads each
 * article's suppressions into it; the engine hands each file to the store where it commits the
 * file's findings, on the calling thread in walk order, and the store filters them there, once.
 * It keeps copies of the file's suppressions (by file index) until the run ends: findings across
 * articles come after the articles are freed, and unused suppressions are known only then. */
#include "suppress.h"

#include <stdlib.h>
#include <string.h>

#include "glob.h"
#include "strset.h"

enum {
	NO_OVERRIDE = -2,  /* override_level: no override names the rule */
};

typedef struct {
	const char *path;       /* display path */
	kb_suppression *v;      /* copies of its articles' suppressions, in the store's arena */
	size_t n;
	kb_overrides over;
} file_rec;

struct kb_suppress {
	const kb_ruleset *rules;
	const kb_config *cfg;
	kb_date today;
	kb_arena arena;    /* the copies of suppressions: entries and strings */
	file_rec **files;  /* by file index; NULL: no suppression and no override */
	size_t nfiles;
	kb_strmap by_id;   /* rule id -> index in rules */
};

void kb_overrides_find(kb_overrides *o, const kb_config *cfg, const char *fs_path)
{
	memset(o, 0, sizeof *o);
	char *rel = fs_path && cfg->noverrides ? kb_config_relative(cfg, fs_path) : NULL;
	if (!rel)
		return;
	o->v = xcalloc(cfg->noverrides, sizeof *o->v);
	for (size_t i = 0; i < cfg->noverrides; i++) {
		const kb_strv *g = &cfg->overrides[i].files;
		for (size_t k = 0; k < g->n; k++)
			if (kb_glob_match(g->v[k], rel)) {
				o->v[o->n++] = i;
				break;
			}
	}
	free(rel);
}

void kb_overrides_free(kb_overrides *o)
{
	free(o->v);
	memset(o, 0, sizeof *o);
}

/* The level the overrides o give rule id (the last one that names it wins): a kb_severity, -1
 * for off, or NO_OVERRIDE. */
static int override_level(const kb_config *cfg, const kb_overrides *o, const char *id)
{
	int level = NO_OVERRIDE;
	for (size_t i = 0; o && i < o->n; i++) {
		const kb_override *ov = &cfg->overrides[o->v[i]];
		for (size_t k = 0; k < ov->nseverity; k++)
			if (strcmp(ov->severity[k].rule, id) == 0)
				level = ov->severity[k].severity;
	}
	return level;
}

bool kb_overrides_rule_on(const kb_config *cfg, const kb_overrides *o, const kb_rule *rule)
{
	int level = override_level(cfg, o, rule->id);
	return level == NO_OVERRIDE ? rule->enabled : level >= 0;
}

bool kb_rule_may_report(const kb_config *cfg, const kb_rule *rule)
{
	if (rule->enabled)
		return true;
	for (size_t i = 0; i < cfg->noverrides; i++)
		for (size_t k = 0; k < cfg->overrides[i].nseverity; k++)
			if (cfg->overrides[i].severity[k].severity >= 0 &&
			    strcmp(cfg->overrides[i].severity[k].rule, rule->id) == 0)
				return true;
	return false;
}

kb_suppress *kb_suppress_new(const kb_ruleset *rules, const kb_config *cfg, kb_date today)
{
	kb_suppress *s = xcalloc(1, sizeof *s);
	s->rules = rules;
	s->cfg = cfg;
	s->today = today;
	for (size_t i = 0; i < rules->n; i++)
		kb_strmap_put(&s->by_id, rules->v[i]->id, i);
	return s;
}

void kb_suppress_free(kb_suppress *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->nfiles; i++)
		if (s->files[i]) {
			kb_overrides_free(&s->files[i]->over);
			free(s->files[i]);
		}
	free(s->files);
	kb_arena_free(&s->arena);
	kb_strmap_free(&s->by_id);
	free(s);
}

/* The record of file fi, made (empty) when there is none yet. The store owns it. */
static file_rec *file_at(kb_suppress *s, size_t fi)
{
	if (fi >= s->nfiles) {
		size_t n = s->nfiles ? s->nfiles : 16;
		while (n <= fi)
			n *= 2;
		s->files = xrealloc(s->files, n * sizeof *s->files);
		memset(s->files + s->nfiles, 0, (n - s->nfiles) * sizeof *s->files);
		s->nfiles = n;
	}
	if (!s->files[fi])
		s->files[fi] = xcalloc(1, sizeof *s->files[fi]);
	return s->files[fi];
}

/* The record of file fi, or NULL. */
static file_rec *file_get(const kb_suppress *s, size_t fi)
{
	return fi < s->nfiles ? s->files[fi] : NULL;
}

/* A copy of string p in the store's arena (NULL stays NULL). */
static const char *keep(kb_suppress *s, const char *p)
{
	return p ? kb_arena_strdup(&s->arena, p) : NULL;
}

/* Copies the suppressions of l's articles into f. */
static void keep_suppressions(kb_suppress *s, file_rec *f, const kb_loaded *l)
{
	size_t n = 0;
	for (size_t i = 0; i < l->narticles; i++)
		n += l->articles[i]->nsuppressions;
	f->v = kb_arena_alloc(&s->arena, n * sizeof *f->v);
	for (size_t i = 0; i < l->narticles; i++) {
		const kb_article *a = l->articles[i];
		for (size_t k = 0; k < a->nsuppressions; k++) {
			kb_suppression *d = &f->v[f->n++];
			*d = a->suppressions[k];
			d->reason = keep(s, d->reason);
			d->owner = keep(s, d->owner);
			d->entries = kb_arena_alloc(&s->arena, d->nentries * sizeof *d->entries);
			for (size_t e = 0; e < d->nentries; e++) {
				d->entries[e] = a->suppressions[k].entries[e];
				d->entries[e].rule = keep(s, d->entries[e].rule);
			}
		}
	}
}

void kb_suppress_commit(kb_suppress *s, size_t fi, const char *file, const kb_loaded *l,
			kb_overrides *o, kb_results *r, size_t from)
{
	bool any = false;
	for (size_t i = 0; l && !l->err && i < l->narticles; i++)
		any = any || l->articles[i]->nsuppressions;
	if (any || o->n) {
		file_rec *f = file_at(s, fi);
		if (!f->path)
			f->path = keep(s, file);
		if (any && !f->n)
			keep_suppressions(s, f, l);
		if (o->n && !f->over.n) {
			f->over = *o;
			memset(o, 0, sizeof *o);
		}
	}
	kb_overrides_free(o);
	kb_suppress_apply(s, r, from);
}

/* d's entry for rule id (a suppression of it, or of every rule), or NULL. An id no rule has
 * names no finding's rule, so it matches nothing. */
static kb_sup_entry *match(kb_suppression *d, const char *id)
{
	for (size_t i = 0; i < d->nentries; i++) {
		kb_sup_entry *e = &d->entries[i];
		if (!e->rule || strcmp(e->rule, id) == 0)
			return e;
	}
	return NULL;
}

/* True when a suppression of file f covers rule id at line; the ones that do count as used. A
 * block is what the last kblint-disable or kblint-enable before the line says about the rule,
 * within the article; an enable's own line is still inside the block. */
static bool suppressed(const kb_suppress *s, file_rec *f, const char *id, int line)
{
	bool hit = false;
	kb_sup_entry *block = NULL;
	for (size_t i = 0; i < f->n; i++) {
		kb_suppression *d = &f->v[i];
		if (line < d->from || line > d->to || !kb_suppression_active(d, s->today))
			continue;
		kb_sup_entry *e = match(d, id);
		if (d->kind == KB_SUP_DISABLE || d->kind == KB_SUP_ENABLE) {
			if (e && (d->at.line < line || (d->at.line == line && d->kind == KB_SUP_DISABLE)))
				block = d->kind == KB_SUP_DISABLE ? e : NULL;
		} else if (e) {
			e->used = true;
			hit = true;
		}
	}
	if (block) {
		block->used = true;
		hit = true;
	}
	return hit;
}

/* The level a finding of rule at line of file fi, made at sev, is reported at, or -1 when it is
 * not reported (kb_suppress_apply). */
static int level_of(kb_suppress *s, const kb_rule *rule, size_t fi, int line, kb_severity sev)
{
	file_rec *f = file_get(s, fi);
	int level = override_level(s->cfg, f ? &f->over : NULL, rule->id);
	if (level == NO_OVERRIDE)
		level = rule->enabled ? (int)sev : -1;
	if (level >= 0 && f && f->n && kb_suppression_check(rule) < 0 &&
	    suppressed(s, f, rule->id, line))
		level = -1;
	return level;
}

void kb_suppress_apply(kb_suppress *s, kb_results *r, size_t from)
{
	size_t k = from;
	for (size_t i = from; i < r->nfindings; i++) {
		kb_finding *f = &r->findings[i];
		size_t ri = kb_strmap_get(&s->by_id, f->rule);
		int level = ri == (size_t)-1 ? (int)f->severity
			    : level_of(s, s->rules->v[ri], f->file_index, f->line, f->severity);
		if (level < 0)
			continue;
		f->severity = (kb_severity)level;
		r->findings[k++] = *f;
	}
	r->nfindings = k;
}

void kb_suppress_report_unused(kb_suppress *s, kb_results *out)
{
	size_t from = out->nfindings;
	for (size_t fi = 0; fi < s->nfiles; fi++) {
		const file_rec *f = s->files[fi];
		for (size_t i = 0; f && f->n && i < s->rules->n; i++)
			kb_suppression_report_unused(s->rules->v[i], s->rules, fi, f->path, f->v, f->n,
						     s->today, out);
	}
	kb_suppress_apply(s, out, from);
}
