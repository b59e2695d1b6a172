/* suppress.c: inline suppressions and per-file overrides (suppress.h). Each file keeps its
 * directives (one per kblint comment or front-matter kblint key, each naming some rules or every
 * rule) and the overrides that match its path, by file index, until the run ends: findings across
 * articles come after the articles are freed, and unused suppressions are known only then.
 * Worker threads share one store: every public function holds its lock. The emitter knows
 * nothing of it: findings are appended as they are made, and kb_suppress_apply drops or levels
 * them where the engine takes a file's (or a pass's) findings. Each file is one worker's, so the
 * order workers run in changes nothing. */
#include "suppress.h"

#include <limits.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ascii.h"
#include "glob.h"
#include "strset.h"

typedef enum { D_DISABLE, D_ENABLE, D_LINE, D_NEXT_LINE, D_ARTICLE, D_COUNT } dkind;

/* How each directive is written; the comment forms first, in dkind order. */
static const char *const dnames[D_COUNT] = {"kblint-disable", "kblint-enable",
					    "kblint-disable-line", "kblint-disable-next-line",
					    "kblint.disable"};

enum {
	NO_OVERRIDE = -2,  /* override_level: no override names the rule */
	MAX_NEAR = 2,      /* an unknown id this many edits from a rule's id suggests that rule */
	MAX_ID = 64,       /* longer ids get no suggestion */
};

/* One rule a directive names, or every rule (rule NULL). */
typedef struct {
	const char *rule;
	kb_pos at;         /* where the id is written; for every rule, where the directive is */
	bool known;        /* a loaded rule's id (an unknown one is reported and matches nothing) */
	bool used;         /* it held back a finding */
} entry;

typedef struct {
	dkind kind;
	int line, col;     /* the comment's "<!--", or the front matter's kblint key */
	int from, to;      /* file lines covered: a block's bounds (its article), an article's
			    * lines, a line comment's own lines, or the line after (none: to < from) */
	bool active;       /* read without a mistake and not expired: it suppresses */
	const char *owner; /* the article's owner, for findings about the directive */
	entry *entries;
	size_t nentries;
} directive;

typedef struct {
	const char *path;  /* display path */
	directive *v;
	size_t n, cap;
	size_t *overrides; /* indices of the config's overrides that match the file, in order */
	size_t noverrides;
} file_rec;

struct kb_suppress {
	const kb_ruleset *rules;
	const kb_config *cfg;
	kb_date today;
	kb_arena arena;    /* strings and entries */
	file_rec **files;  /* by file index; NULL: nothing recorded */
	size_t nfiles;
	kb_strmap by_id;   /* rule id -> index in rules */
	pthread_mutex_t lock;
};

static void lock(const kb_suppress *s)
{
	pthread_mutex_lock((pthread_mutex_t *)&s->lock);
}

static void unlock(const kb_suppress *s)
{
	pthread_mutex_unlock((pthread_mutex_t *)&s->lock);
}

kb_suppress *kb_suppress_new(const kb_ruleset *rules, const kb_config *cfg, kb_date today)
{
	kb_suppress *s = xcalloc(1, sizeof *s);
	s->rules = rules;
	s->cfg = cfg;
	s->today = today;
	for (size_t i = 0; i < rules->n; i++)
		kb_strmap_put(&s->by_id, rules->v[i]->id, i);
	pthread_mutex_init(&s->lock, NULL);
	return s;
}

void kb_suppress_free(kb_suppress *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->nfiles; i++)
		if (s->files[i]) {
			free(s->files[i]->v);
			free(s->files[i]->overrides);
			free(s->files[i]);
		}
	free(s->files);
	kb_arena_free(&s->arena);
	kb_strmap_free(&s->by_id);
	pthread_mutex_destroy(&s->lock);
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

void kb_suppress_file(kb_suppress *s, size_t fi, const char *fs_path)
{
	/* resolved outside the lock: it asks the file system */
	char *rel = fs_path && s->cfg->noverrides ? kb_config_relative(s->cfg, fs_path) : NULL;
	lock(s);
	file_rec *f = file_at(s, fi);
	if (rel && !f->overrides) {
		f->overrides = xcalloc(s->cfg->noverrides, sizeof *f->overrides);
		for (size_t i = 0; i < s->cfg->noverrides; i++) {
			const kb_strv *g = &s->cfg->overrides[i].files;
			for (size_t k = 0; k < g->n; k++)
				if (kb_glob_match(g->v[k], rel)) {
					f->overrides[f->noverrides++] = i;
					break;
				}
		}
	}
	unlock(s);
	free(rel);
}

/* The level the file's overrides give rule id (the last one that names it wins): a kb_severity,
 * -1 for off, or NO_OVERRIDE. */
static int override_level(const kb_suppress *s, const file_rec *f, const char *id)
{
	int level = NO_OVERRIDE;
	for (size_t i = 0; f && i < f->noverrides; i++) {
		const kb_override *o = &s->cfg->overrides[f->overrides[i]];
		for (size_t k = 0; k < o->nseverity; k++)
			if (strcmp(o->severity[k].rule, id) == 0)
				level = o->severity[k].severity;
	}
	return level;
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

bool kb_suppress_rule_on(const kb_suppress *s, const kb_rule *rule, size_t fi)
{
	lock(s);
	int level = override_level(s, file_get(s, fi), rule->id);
	unlock(s);
	return level == NO_OVERRIDE ? rule->enabled : level >= 0;
}

/* Template variables of the suppression rules' messages. */
typedef struct {
	const char *names[6];
	const char *values[6];
	size_t n;
} vars;

/* Sets variable name to value (not copied; NULL: unset). */
static void set(vars *v, const char *name, const char *value)
{
	v->names[v->n] = name;
	v->values[v->n++] = value;
}

/* kb_lookup_fn over a vars. */
static const char *lookup(void *ud, const char *name, size_t len, size_t *outlen)
{
	const vars *v = ud;
	for (size_t i = 0; i < v->n; i++)
		if (v->values[i] && kb_streq_n(name, len, v->names[i])) {
			*outlen = strlen(v->values[i]);
			return v->values[i];
		}
	return NULL;
}

/* Reports through every rule of kind suppression with check, at of file fi (display path
 * file). kb_suppress_apply levels the finding afterwards, or drops it when the rule is off. */
static void report(kb_suppress *s, kb_supcheck check, size_t fi, const char *file,
		   const char *owner, kb_pos at, vars *v, kb_results *out)
{
	for (size_t i = 0; i < s->rules->n; i++) {
		const kb_rule *r = s->rules->v[i];
		if (kb_suppression_check(r) != (int)check)
			continue;
		kb_buf msg = {0};
		kb_template_expand(r->message, lookup, v, &msg);
		kb_emit_at(out, r, fi, file, owner, at, r->severity, msg.data ? msg.data : "",
			   NULL, 0);
		kb_buf_free(&msg);
	}
}

/* A suppression-invalid finding: problem (printf-style) at line:col of a's file. */
static void invalid(kb_suppress *s, const kb_article *a, int line, int col, kb_results *out,
		    const char *fmt, ...) __attribute__((format(printf, 6, 7)));
static void invalid(kb_suppress *s, const kb_article *a, int line, int col, kb_results *out,
		    const char *fmt, ...)
{
	kb_buf problem = {0};
	va_list ap;
	va_start(ap, fmt);
	kb_buf_vprintf(&problem, fmt, ap);
	va_end(ap);
	vars v = {0};
	set(&v, "problem", problem.data);
	report(s, KB_SUPCHECK_INVALID, a->file->index, a->file->path, a->owner,
	       kb_linemap_at(&a->file->lines, line, col), &v, out);
	kb_buf_free(&problem);
}

/* Edit distance between a and b (util.h), or MAX_NEAR + 1 when it is larger than MAX_NEAR or an
 * id is too long to compare. */
static int distance(const char *a, const char *b)
{
	size_t d = strlen(a) > MAX_ID || strlen(b) > MAX_ID ? SIZE_MAX : kb_edit_distance(a, b);
	return d > MAX_NEAR ? MAX_NEAR + 1 : (int)d;
}

/* The id of the loaded rule closest to id (MAX_NEAR edits at most), or NULL. */
static const char *nearest(const kb_suppress *s, const char *id)
{
	const char *best = NULL;
	int bd = MAX_NEAR + 1;
	for (size_t i = 0; i < s->rules->n; i++) {
		int d = distance(id, s->rules->v[i]->id);
		if (d < bd) {
			bd = d;
			best = s->rules->v[i]->id;
		}
	}
	return best;
}

/* Adds to d an entry for rule id (NULL: every rule) written at line:col; an unknown id is
 * reported. The entries live in the store's arena; cap is d's room for them. */
static void add_entry(kb_suppress *s, directive *d, size_t *cap, const kb_article *a,
		      const char *id, int line, int col, kb_results *out)
{
	if (d->nentries == *cap) {
		size_t ncap = *cap ? *cap * 2 : 4;
		entry *e = kb_arena_alloc(&s->arena, ncap * sizeof *e);
		if (d->nentries)
			memcpy(e, d->entries, d->nentries * sizeof *e);
		d->entries = e;
		*cap = ncap;
	}
	entry *e = &d->entries[d->nentries++];
	e->rule = id ? kb_arena_strdup(&s->arena, id) : NULL;
	e->at = kb_linemap_at(&a->file->lines, line, col);
	e->known = !id || kb_ruleset_find(s->rules, id) != NULL;
	if (e->known)
		return;
	vars v = {0};
	set(&v, "rule", id);
	set(&v, "near", nearest(s, id));
	set(&v, "directive", dnames[d->kind]);
	report(s, KB_SUPCHECK_UNKNOWN_RULE, a->file->index, a->file->path, a->owner, e->at, &v, out);
}

/* The rules d names, joined with ", " (or "every rule"), for messages. Heap. */
static char *rule_list(const directive *d)
{
	kb_buf b = {0};
	for (size_t i = 0; i < d->nentries; i++)
		kb_buf_printf(&b, "%s%s", i ? ", " : "", d->entries[i].rule ? d->entries[i].rule
									    : "every rule");
	return kb_buf_take(&b);
}

/* Reports d, which stopped suppressing on until, as expired (reason: NULL or the reason given). */
static void expired(kb_suppress *s, const kb_article *a, const directive *d, kb_date until,
		    const char *reason, kb_results *out)
{
	char date[16];
	kb_date_format(until, date);
	char *rules = rule_list(d);
	vars v = {0};
	set(&v, "rules", rules);
	set(&v, "until", date);
	set(&v, "reason", reason);
	set(&v, "directive", dnames[d->kind]);
	report(s, KB_SUPCHECK_EXPIRED, a->file->index, a->file->path, a->owner,
	       kb_linemap_at(&a->file->lines, d->line, d->col), &v, out);
	free(rules);
}

/* Appends d to file f (copied). */
static void push(file_rec *f, const directive *d)
{
	if (f->n == f->cap) {
		f->cap = f->cap ? f->cap * 2 : 8;
		f->v = xrealloc(f->v, f->cap * sizeof *f->v);
	}
	f->v[f->n++] = *d;
}

/* The first line after line after that holds more than blanks and '>' (a block quote's empty
 * line), up to last; 0 when there is none. */
static int next_line(const kb_file *file, int after, int last)
{
	for (int ln = after + 1; ln <= last && (size_t)ln <= file->lines.n; ln++) {
		size_t b = kb_linemap_line_start(&file->lines, ln);
		size_t e = kb_linemap_line_start(&file->lines, ln + 1);
		for (size_t k = b; k < e; k++)
			if (!kb_iswhite(file->src[k]) && file->src[k] != '>')
				return ln;
	}
	return 0;
}

/* File position of byte off of directive c's text: exact when the file holds the comment
 * verbatim, else the comment's own position. */
static void text_pos(const kb_article *a, const kb_directive *c, size_t off, int *line, int *col)
{
	if (c->off >= 0) {
		kb_linemap_pos(&a->file->lines, (size_t)c->off + off, line, col);
	} else {
		*line = c->line;
		*col = c->col;
	}
}

/* The reason after "--", on one line: blank runs become one space (heap, or NULL when none). */
static char *one_line(const char *t, size_t n)
{
	kb_buf b = {0};
	for (size_t i = 0; i < n; i++) {
		if (kb_iswhite(t[i])) {
			while (i + 1 < n && kb_iswhite(t[i + 1]))
				i++;
			if (b.len && i + 1 < n)
				kb_buf_putc(&b, ' ');
			continue;
		}
		kb_buf_putc(&b, t[i]);
	}
	return b.len ? kb_buf_take(&b) : NULL;
}

/* Reads comment c of article a (lines first..last): "DIRECTIVE [RULE[,RULE]...] [until=DATE]
 * [-- REASON]". A mistake is reported and makes the comment suppress nothing; an unknown rule id
 * is reported and ignored. */
static void read_comment(kb_suppress *s, file_rec *f, const kb_article *a, const kb_directive *c,
			 int first, int last, kb_results *out)
{
	const char *t = c->text;
	size_t n = strlen(t), i = 0;
	while (i < n && kb_iswhite(t[i]))
		i++;
	size_t ws = i;
	while (i < n && !kb_iswhite(t[i]))
		i++;
	int kind = -1;
	for (int k = 0; k < D_ARTICLE; k++)
		if (kb_streq_n(t + ws, i - ws, dnames[k]))
			kind = k;
	int line, col;
	text_pos(a, c, ws, &line, &col);
	if (kind < 0) {
		invalid(s, a, line, col, out,
			"unknown directive '%.*s' (expected kblint-disable, kblint-enable, "
			"kblint-disable-line or kblint-disable-next-line)", (int)(i - ws), t + ws);
		return;
	}
	if (c->shown) {
		invalid(s, a, c->line, c->col, out,
			"this %s comment shows as text: inside a paragraph, Markdown ends no comment "
			"that holds '--' (put the comment on a line of its own, with "
			"kblint-disable-next-line)", dnames[kind]);
		return;
	}
	directive d = {.kind = (dkind)kind, .line = c->line, .col = c->col, .active = true,
		       .owner = a->owner ? kb_arena_strdup(&s->arena, a->owner) : NULL};
	size_t cap = 0;
	bool has_until = false;
	kb_date until = 0;
	char *reason = NULL;
	while (i < n) {
		while (i < n && (kb_iswhite(t[i]) || t[i] == ','))
			i++;
		if (i >= n)
			break;
		size_t ts = i;
		while (i < n && !kb_iswhite(t[i]) && t[i] != ',')
			i++;
		const char *tok = t + ts;
		size_t tl = i - ts;
		text_pos(a, c, ts, &line, &col);
		if (tl >= 2 && tok[0] == '-' && tok[1] == '-') {
			reason = one_line(tok + 2, n - ts - 2);
			break;
		}
		if (tl >= 6 && strncmp(tok, "until=", 6) == 0) {
			if (kind == D_ENABLE) {
				invalid(s, a, line, col, out, "kblint-enable takes no until=");
			} else if (has_until) {
				invalid(s, a, line, col, out, "until= is given twice");
			} else if (kb_date_parse_iso(tok + 6, tl - 6, &until) != 0) {
				int dl, dc;
				text_pos(a, c, ts + 6, &dl, &dc);
				invalid(s, a, dl, dc, out,
					"until date '%.*s' is not a valid date (expected YYYY-MM-DD)",
					(int)(tl - 6), tok + 6);
			} else {
				has_until = true;
				continue;
			}
			d.active = false;
		} else if (memchr(tok, '=', tl)) {
			invalid(s, a, line, col, out, "unknown option '%.*s' (expected until=YYYY-MM-DD)",
				(int)tl, tok);
			d.active = false;
		} else {
			char *id = xstrndup(tok, tl);
			add_entry(s, &d, &cap, a, id, line, col, out);
			free(id);
		}
	}
	if (!d.nentries)
		add_entry(s, &d, &cap, a, NULL, c->line, c->col, out);
	switch (d.kind) {
	case D_LINE:
		d.from = c->line;
		d.to = c->end_line;
		break;
	case D_NEXT_LINE:
		d.from = d.to = next_line(a->file, c->end_line, last);
		break;
	default:
		d.from = first;
		d.to = last;
		break;
	}
	if (d.active && has_until && s->today > until) {
		expired(s, a, &d, until, reason, out);
		d.active = false;
	}
	free(reason);
	push(f, &d);
}

/* Reads the kblint key of a's metadata (k its key node, v its value): {disable: RULE or [RULE,
 * ...], until: DATE, reason: TEXT}, covering the whole article (lines first..last). */
static void read_meta(kb_suppress *s, file_rec *f, const kb_article *a, const kb_ynode *k,
		      const kb_ynode *v, int first, int last, kb_results *out)
{
	static const char *const keys[] = {"disable", "until", "reason", NULL};
	if (v->type != KB_Y_MAP) {
		invalid(s, a, v->line, v->col, out,
			"'kblint' must be a mapping such as {disable: [RULE, ...]}, not %s",
			kb_ynode_type_name(v));
		return;
	}
	directive d = {.kind = D_ARTICLE, .line = k->line, .col = k->col, .active = true,
		       .from = first, .to = last,
		       .owner = a->owner ? kb_arena_strdup(&s->arena, a->owner) : NULL};
	for (size_t i = 0; i < v->n; i++) {
		const kb_ynode *key = v->items[2 * i];
		bool known = false;
		for (size_t j = 0; keys[j]; j++)
			known = known || (key->type == KB_Y_SCALAR && !strcmp(key->str, keys[j]));
		if (!known) {
			invalid(s, a, key->line, key->col, out,
				"unknown key '%s' in 'kblint' (expected one of: disable, until, reason)",
				key->type == KB_Y_SCALAR ? key->str : "?");
			d.active = false;
		}
	}
	const kb_ynode *dis = kb_ymap_get(v, "disable"), *u = kb_ymap_get(v, "until");
	const kb_ynode *r = kb_ymap_get(v, "reason");
	kb_date until = 0;
	if (u && (u->type != KB_Y_SCALAR || kb_date_parse_iso(u->str, u->len, &until) != 0)) {
		invalid(s, a, u->line, u->col, out, "'kblint.until' must be a date YYYY-MM-DD, not %s%s%s",
			u->type == KB_Y_SCALAR ? "'" : "",
			u->type == KB_Y_SCALAR ? u->str : kb_ynode_type_name(u),
			u->type == KB_Y_SCALAR ? "'" : "");
		d.active = false;
	}
	if (r && r->type != KB_Y_SCALAR) {
		invalid(s, a, r->line, r->col, out, "'kblint.reason' must be text, not %s",
			kb_ynode_type_name(r));
		d.active = false;
	}
	size_t cap = 0;
	if (!dis) {
		invalid(s, a, k->line, k->col, out, "'kblint' needs 'disable', a list of rule ids");
		return;
	}
	size_t nitems = dis->type == KB_Y_SEQ ? dis->n : 1;
	for (size_t i = 0; i < nitems; i++) {
		const kb_ynode *it = dis->type == KB_Y_SEQ ? dis->items[i] : dis;
		if (it->type != KB_Y_SCALAR || !it->len) {
			invalid(s, a, it->line, it->col, out,
				"'kblint.disable' must be a rule id or a list of rule ids, not %s",
				it->type == KB_Y_SCALAR ? "an empty string" : kb_ynode_type_name(it));
			d.active = false;
			continue;
		}
		add_entry(s, &d, &cap, a, it->str, it->line, it->col, out);
	}
	if (!d.nentries)
		return; /* "disable: []" disables nothing */
	if (d.active && u && s->today > until)
		expired(s, a, &d, until, r && r->type == KB_Y_SCALAR && r->len ? r->str : NULL, out);
	d.active = d.active && !(u && s->today > until);
	push(f, &d);
}

void kb_suppress_article(kb_suppress *s, const kb_article *a, int first, int last,
			 kb_results *out)
{
	lock(s);
	file_rec *f = file_at(s, a->file->index);
	if (!f->path)
		f->path = kb_arena_strdup(&s->arena, a->file->path);
	if (a->meta && a->meta->type == KB_Y_MAP) {
		const kb_ynode *k = kb_ymap_key_node(a->meta, "kblint");
		if (k)
			read_meta(s, f, a, k, kb_ymap_get(a->meta, "kblint"), first, last, out);
	}
	for (size_t i = 0; i < a->ndirectives; i++)
		read_comment(s, f, a, &a->directives[i], first, last, out);
	unlock(s);
}

/* d's entry for rule id (a known one naming it, or its every-rule entry), or NULL. */
static entry *match(directive *d, const char *id)
{
	for (size_t i = 0; i < d->nentries; i++) {
		entry *e = &d->entries[i];
		if (e->known && (!e->rule || strcmp(e->rule, id) == 0))
			return e;
	}
	return NULL;
}

/* True when a suppression of file f covers rule id at line; the ones that do count as used. A
 * block is what the last kblint-disable or kblint-enable before the line says about the rule,
 * within the article; an enable's own line is still inside the block. */
static bool suppressed(file_rec *f, const char *id, int line)
{
	bool hit = false;
	entry *block = NULL;
	for (size_t i = 0; i < f->n; i++) {
		directive *d = &f->v[i];
		if (!d->active || line < d->from || line > d->to)
			continue;
		entry *e = match(d, id);
		if (d->kind == D_DISABLE || d->kind == D_ENABLE) {
			if (e && (d->line < line || (d->line == line && d->kind == D_DISABLE)))
				block = d->kind == D_DISABLE ? e : NULL;
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
 * not reported (kb_suppress_apply). The caller holds the lock. */
static int level_of(kb_suppress *s, const kb_rule *rule, size_t fi, int line, kb_severity sev)
{
	file_rec *f = file_get(s, fi);
	int level = override_level(s, f, rule->id);
	if (level == NO_OVERRIDE)
		level = rule->enabled ? (int)sev : -1;
	if (level >= 0 && f && kb_suppression_check(rule) < 0 && suppressed(f, rule->id, line))
		level = -1;
	return level;
}

void kb_suppress_apply(kb_suppress *s, kb_results *r, size_t from)
{
	lock(s);
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
	unlock(s);
}

void kb_suppress_report_unused(kb_suppress *s, kb_results *out)
{
	lock(s);
	for (size_t fi = 0; fi < s->nfiles; fi++) {
		file_rec *f = s->files[fi];
		for (size_t i = 0; f && i < f->n; i++) {
			const directive *d = &f->v[i];
			if (!d->active || d->kind == D_ENABLE)
				continue;
			for (size_t k = 0; k < d->nentries; k++) {
				const entry *e = &d->entries[k];
				if (!e->known || e->used)
					continue;
				vars v = {0};
				set(&v, "rule", e->rule);
				set(&v, "directive", dnames[d->kind]);
				report(s, KB_SUPCHECK_UNUSED, fi, f->path, d->owner, e->at, &v, out);
			}
		}
	}
	unlock(s);
}
