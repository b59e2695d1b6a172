/* model.c: kblint export's records: articles recorded while the engine runs, then files that
 * could not be loaded, findings mapped to articles, and the verdict of each under the config's
 * export policy. */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "audit.h"
#include "export.h"
#include "strset.h"
#include "util.h"
#include "yamltree.h"

static const char *const trust_names[] = {
#define X(e, s) s,
	KB_TRUSTS(X)
#undef X
};

const char *kb_trust_name(kb_trust t)
{
	return t < KB_TRUST_COUNT ? trust_names[t] : "?";
}

int kb_trust_parse_list(const char *s, unsigned *out, const char **bad)
{
	unsigned set = 0;
	const char *p = s;
	for (;;) {
		const char *comma = strchr(p, ',');
		size_t n = comma ? (size_t)(comma - p) : strlen(p);
		int found = -1;
		for (int t = 0; t < KB_TRUST_COUNT; t++)
			if (strlen(trust_names[t]) == n && strncmp(p, trust_names[t], n) == 0)
				found = t;
		if (found < 0) {
			*bad = p;
			return -1;
		}
		set |= 1u << found;
		if (!comma)
			break;
		p = comma + 1;
	}
	*out = set;
	return 0;
}

/* A record being built: the record and what only the builder needs. */
typedef struct {
	kb_export_record r;
	size_t entry;            /* 1 for a file's first article, 2 for its second, ... */
	size_t group;            /* the entry of its file's first record that shares its
				  * metadata (its own entry when it shares none) */
	const char *anchor;      /* an FAQ entry's anchor, or NULL */
	kb_date dates[4];        /* due, expires, the earliest valid marker, the text's deadline */
	int *lines;              /* with content: file line of each content line */
	size_t nlines;
	size_t nreasons_cap;
	int *hits;               /* with content clean: content lines that hold a removable finding */
	const char **hit_rules;
	size_t nhits, caphits;
} rec;

struct kb_export {
	kb_arena arena;
	const kb_config *cfg;
	const kb_ruleset *rules;
	kb_date today;
	char checked_at[16];
	kb_content_mode content;
	rec *recs;
	size_t nrecs, caprecs;
	size_t nsorted;          /* recs[0..nsorted) are in walk order: rec_at searches them */
	kb_export_record *out;   /* after finish: the records, in order */
	kb_strv roots;           /* absolute folders named on the command line */
	bool finished;
};

kb_export *kb_export_new(const kb_config *cfg, const kb_ruleset *rules, kb_date today,
			 kb_content_mode content)
{
	kb_export *x = xcalloc(1, sizeof *x);
	x->cfg = cfg;
	x->rules = rules;
	x->today = today;
	x->content = content;
	kb_date_format(today, x->checked_at);
	return x;
}

void kb_export_free(kb_export *x)
{
	if (!x)
		return;
	for (size_t i = 0; i < x->nrecs; i++) {
		free(x->recs[i].r.reasons);
		free(x->recs[i].r.removed);
		free(x->recs[i].lines);
		free(x->recs[i].hits);
		free(x->recs[i].hit_rules);
	}
	free(x->recs);
	free(x->out);
	kb_strv_free(&x->roots);
	kb_arena_free(&x->arena);
	free(x);
}

size_t kb_export_count(const kb_export *x)
{
	return x->finished ? x->nrecs : 0;
}

const kb_export_record *kb_export_get(const kb_export *x, size_t i)
{
	return &x->out[i];
}

kb_content_mode kb_export_content(const kb_export *x)
{
	return x->content;
}

const char *kb_export_checked_at(const kb_export *x)
{
	return x->checked_at;
}

void kb_export_roots(kb_export *x, char *const *paths, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		struct stat st;
		if (stat(paths[i], &st) != 0 || !S_ISDIR(st.st_mode))
			continue;
		char *abs = kb_path_absolute(paths[i]);
		kb_strv_push(&x->roots, abs);
		free(abs);
	}
}

/* The article's path relative to the config's folder; outside it, when that path is absolute
 * or starts with "../", relative to the command-line folder it is in. In x's arena. */
static const char *rel_of(kb_export *x, const char *display)
{
	const char *rel = kb_audit_rel_path(&x->arena, x->cfg, display);
	if (rel[0] != '/' && strncmp(rel, "../", 3) != 0)
		return rel;
	char *abs = kb_path_absolute(display);
	const char *best = NULL;
	size_t bestn = 0;
	for (size_t i = 0; i < x->roots.n; i++) {
		const char *root = x->roots.v[i];
		size_t n = strlen(root);
		if (n > 1 && n > bestn && strncmp(abs, root, n) == 0 && abs[n] == '/') {
			best = abs + n + 1;
			bestn = n;
		}
	}
	if (best)
		rel = kb_arena_strdup(&x->arena, best);
	free(abs);
	return rel;
}

static rec *new_rec(kb_export *x)
{
	if (x->nrecs == x->caprecs || !x->recs) {
		x->caprecs = x->caprecs ? x->caprecs * 2 : 64;
		x->recs = xrealloc(x->recs, x->caprecs * sizeof *x->recs);
	}
	rec *r = &x->recs[x->nrecs++];
	memset(r, 0, sizeof *r);
	return r;
}

/* An FAQ question's anchor as Microsoft Learn renders it ("Why can't I sign in?" is
 * "why-can-t-i-sign-in-": every character but an ASCII letter or digit is '-'). In ar. */
static const char *question_anchor(kb_arena *ar, const char *q)
{
	size_t n = strlen(q);
	char *s = kb_arena_alloc(ar, n + 1);
	for (size_t i = 0; i < n; i++) {
		char c = q[i] >= 'A' && q[i] <= 'Z' ? (char)(q[i] + 32) : q[i];
		bool word = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (unsigned char)c >= 0x80;
		s[i] = word ? c : '-';
	}
	s[n] = '\0';
	return s;
}

/* True when the scalar v is value, or v is a list holding it (case ignored). */
static bool field_is(const kb_ynode *v, const char *value)
{
	if (!v)
		return false;
	if (v->type == KB_Y_SCALAR)
		return kb_strcasecmp(v->str, value) == 0;
	for (size_t i = 0; v->type == KB_Y_SEQ && i < v->n; i++)
		if (v->items[i]->type == KB_Y_SCALAR && kb_strcasecmp(v->items[i]->str, value) == 0)
			return true;
	return false;
}

/* Why the article is not for assistants at all, or NULL. In x's arena. */
static const char *excluded_by(kb_export *x, const kb_article *art)
{
	const kb_ynode *draft = art->meta ? kb_ymap_get(art->meta, "draft") : NULL;
	if ((art->status && kb_strcasecmp(art->status, "draft") == 0) || field_is(draft, "true"))
		return "draft";
	if (kb_article_retired(art))
		return "retired";
	if (!kb_article_published(x->cfg, art))
		return "unpublished";
	const kb_export_config *ex = &x->cfg->export_;
	for (size_t i = 0; art->meta && i < ex->exclude_fields.n; i++) {
		const kb_ynode *v = kb_meta_path(art->meta, ex->exclude_fields.v[i], NULL);
		if (!field_is(v, ex->exclude_values.v[i]))
			continue;
		kb_buf b = {0};
		kb_buf_printf(&b, "%s: %s", ex->exclude_fields.v[i], ex->exclude_values.v[i]);
		const char *why = kb_arena_strdup(&x->arena, b.data);
		kb_buf_free(&b);
		return why;
	}
	return NULL;
}

/* With content: the article's text (an FAQ entry's answer), the file line of each of its
 * lines, and a Markdown file's front matter as written. */
static void keep_content(kb_export *x, rec *r, const kb_article *art)
{
	const kb_file *f = art->file;
	size_t skip = art->question ? art->answer_off : 0;
	if (skip > art->body_len)
		skip = art->body_len;
	const char *s = art->body + skip;
	size_t n = art->body_len - skip;
	r->r.content = kb_arena_strndup(&x->arena, s, n);
	r->r.content_len = n;
	/* body lines skipped before the content */
	size_t first = 0;
	for (size_t i = 0; i < skip; i++)
		first += art->body[i] == '\n';
	size_t lines = 1;
	for (size_t i = 0; i < n; i++)
		lines += s[i] == '\n';
	r->lines = xcalloc(lines, sizeof *r->lines);
	r->nlines = lines;
	for (size_t i = 0; i < lines; i++) {
		int line = art->fixed_line, col;
		if (art->body_lines && first + i < art->nbody_lines)
			kb_linemap_pos(&f->lines, art->body_lines[first + i], &line, &col);
		else if (art->body_lines && art->nbody_lines)
			line = i ? r->lines[i - 1] + 1 : art->line;
		r->lines[i] = line;
	}
	r->r.front = "";
	if (!r->r.yaml && art->body >= f->src && art->body <= f->src + f->len) {
		size_t start = f->bom, end = (size_t)(art->body - f->src);
		if (end > start)
			r->r.front = kb_arena_strndup(&x->arena, f->src + start, end - start);
	}
}

void kb_export_visit(void *ud, const kb_article *art)
{
	kb_export *x = ud;
	if (art->page)
		return; /* a landing page or table of contents: no article */
	const rec *prev = x->nrecs ? &x->recs[x->nrecs - 1] : NULL;
	bool same_file = prev && prev->r.file_index == art->file->index;
	size_t entry = same_file ? prev->entry + 1 : 1;
	size_t group = art->meta_shared && same_file ? prev->group : entry;
	rec *r = new_rec(x); /* prev is stale from here */
	kb_export_record *o = &r->r;
	o->file_index = art->file->index;
	o->line = art->line;
	r->entry = entry;
	r->group = group;
	o->path = kb_arena_strdup(&x->arena, art->file->path);
	o->yaml = kb_filetype_of(art->file->path) == KB_TYPE_YAML;
	o->rel = rel_of(x, art->file->path);
	o->title = art->question ? kb_arena_strdup(&x->arena, art->question)
				 : kb_audit_title(&x->arena, art);
	if (art->question) {
		r->anchor = question_anchor(&x->arena, art->question);
	} else if (art->meta && !art->meta_shared && o->yaml) {
		/* an entry of a YAML list that names itself: `id: reset-password`, `anchor: x` */
		static const char *const keys[] = {"id", "anchor"};
		for (size_t i = 0; !r->anchor && i < 2; i++) {
			const kb_ynode *v = kb_ymap_get(art->meta, keys[i]);
			if (v && v->type == KB_Y_SCALAR && v->len && !kb_yscalar_is_null(v))
				r->anchor = kb_arena_strdup(&x->arena, v->str);
		}
	}
	kb_buf u = {0};
	if (kb_audit_page_url(&u, x->cfg, o->rel))
		o->url = kb_arena_strdup(&x->arena, u.data);
	kb_buf_free(&u);
	o->owner = art->owner ? kb_arena_strdup(&x->arena, art->owner) : NULL;
	o->status = art->status ? kb_arena_strdup(&x->arena, art->status) : NULL;
	o->has_reviewed = art->reviewed.state == KB_FIELD_OK || art->reviewed.state == KB_FIELD_GIT;
	o->reviewed = art->reviewed.date;
	o->has_due = kb_article_due(art, x->cfg, &o->due);
	o->has_expires = art->expires.state == KB_FIELD_OK;
	o->expires = art->expires.date;
	o->excluded_by = excluded_by(x, art);
	/* what dates the article: the dates still ahead count (those passed made findings) */
	if (o->has_due)
		r->dates[0] = o->due;
	if (o->has_expires)
		r->dates[1] = o->expires;
	for (size_t i = 0; i < art->nmarkers; i++)
		if (art->markers[i].valid && (!r->dates[2] || art->markers[i].valid_until < r->dates[2]))
			r->dates[2] = art->markers[i].valid_until;
	r->dates[3] = art->deadline_ahead;
	if (x->content != KB_CONTENT_NONE)
		keep_content(x, r, art);
}

/* The record a finding at (file_index, line) belongs to: the last record of that file that
 * starts at or before line, else the file's first; NULL when the file has none. */
static rec *rec_at(kb_export *x, size_t file_index, int line)
{
	size_t lo = 0, hi = x->nsorted;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (x->recs[mid].r.file_index < file_index)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == x->nsorted || x->recs[lo].r.file_index != file_index)
		return NULL;
	rec *best = &x->recs[lo];
	for (size_t i = lo + 1; i < x->nsorted && x->recs[i].r.file_index == file_index; i++)
		if (x->recs[i].r.line <= line)
			best = &x->recs[i];
	return best;
}

static bool counts(const kb_export_when *w, const kb_finding *f)
{
	return (w->categories >> f->category & 1u) && (int)f->severity >= w->severity;
}

static void add_reason(rec *r, const kb_finding *f, int line, int col, const kb_related *other)
{
	kb_export_record *o = &r->r;
	if (o->nreasons == r->nreasons_cap) {
		r->nreasons_cap = r->nreasons_cap ? r->nreasons_cap * 2 : 4;
		o->reasons = xrealloc(o->reasons, r->nreasons_cap * sizeof *o->reasons);
	}
	kb_export_reason *e = &o->reasons[o->nreasons++];
	*e = (kb_export_reason){.rule = f->rule, .category = f->category, .severity = f->severity,
				.line = line, .col = col, .message = f->message};
	if (other) {
		e->other = other->file;
		e->other_line = other->line;
		e->other_col = other->col;
	}
}

/* Notes a content line that holds a finding --content clean removes. */
static void add_hit(rec *r, int file_line, const char *rule)
{
	for (size_t i = 0; i < r->nlines; i++) {
		if (r->lines[i] != file_line)
			continue;
		if (r->nhits == r->caphits) {
			r->caphits = r->caphits ? r->caphits * 2 : 4;
			r->hits = xrealloc(r->hits, r->caphits * sizeof *r->hits);
			r->hit_rules = xrealloc(r->hit_rules, r->caphits * sizeof *r->hit_rules);
		}
		r->hits[r->nhits] = (int)i + 1;
		r->hit_rules[r->nhits++] = rule;
		return;
	}
}

/* True when the rule judges an article's metadata alone (its findings on an FAQ file's shared
 * metadata are every entry's). */
static bool metadata_rule(const kb_export *x, const char *id)
{
	const kb_rule *rule = kb_ruleset_find(x->rules, id);
	return rule && rule->kind->default_scope == KB_SCOPE_FRONT_MATTER;
}

/* Maps one finding (strings owned by the results, copied into the arena first) to its
 * article, the articles sharing its metadata, and the other article of a contradiction. */
static void map_finding(kb_export *x, const kb_finding *f, const kb_strmap *by_path)
{
	const kb_export_when *u = &x->cfg->export_.untrusted_on, *rv = &x->cfg->export_.review_on;
	if (!counts(u, f) && !counts(rv, f))
		return;
	rec *r = rec_at(x, f->file_index, f->line);
	if (!r)
		return;
	kb_finding c = *f;
	c.rule = kb_arena_strdup(&x->arena, f->rule);
	c.message = kb_arena_strdup(&x->arena, f->message);
	kb_related rel = {0};
	bool cross = f->nrelated && f->category == KB_CAT_CONTRADICTION && f->related[0].file;
	if (cross) {
		rel = f->related[0];
		rel.file = kb_arena_strdup(&x->arena, rel.file);
	}
	size_t first = (size_t)(r - x->recs), last = first;
	if (metadata_rule(x, f->rule)) {
		while (first > 0 && x->recs[first - 1].r.file_index == r->r.file_index &&
		       x->recs[first - 1].group == r->group)
			first--;
		while (last + 1 < x->nsorted && x->recs[last + 1].r.file_index == r->r.file_index &&
		       x->recs[last + 1].group == r->group)
			last++;
	}
	for (size_t i = first; i <= last; i++)
		add_reason(&x->recs[i], &c, f->line, f->col, cross ? &rel : NULL);
	bool removes = (f->category == KB_CAT_STALE || f->category == KB_CAT_CONTRADICTION) &&
		       f->severity == KB_SEV_ERROR && x->content == KB_CONTENT_CLEAN;
	if (removes)
		add_hit(r, f->line, c.rule);
	/* the other article of a contradiction is as much in doubt */
	for (size_t k = 0; cross && k < f->nrelated; k++) {
		const kb_related *o = &f->related[k];
		size_t fi = o->file ? kb_strmap_get(by_path, o->file) : (size_t)-1;
		rec *t = fi == (size_t)-1 ? NULL : rec_at(x, fi, o->line);
		if (!t || t == r)
			continue;
		kb_related back = {.file = kb_arena_strdup(&x->arena, f->file), .line = f->line,
				   .col = f->col};
		add_reason(t, &c, o->line, o->col, &back);
		if (removes)
			add_hit(t, o->line, c.rule);
	}
}

/* A file that could not be loaded (or an entry of one): the record at that line when the file
 * has articles, else a record of its own. */
static void map_error(kb_export *x, const kb_loaderr *e)
{
	rec *r = rec_at(x, e->file_index, e->line);
	if (!r) {
		r = new_rec(x);
		r->r.file_index = e->file_index;
		r->r.line = e->line;
		r->r.path = kb_arena_strdup(&x->arena, e->file);
		r->r.rel = rel_of(x, e->file);
		r->group = r->entry = 1;
		if (x->content != KB_CONTENT_NONE) {
			r->r.content = "";
			r->r.front = "";
		}
	}
	if (r->r.error)
		return; /* the first error of a record is the one it shows */
	r->r.error = kb_arena_strdup(&x->arena, e->message);
	r->r.error_line = e->line;
	r->r.error_col = e->col;
}

static int cmp_reason(const void *pa, const void *pb)
{
	const kb_export_reason *a = pa, *b = pb;
	if (a->severity != b->severity)
		return a->severity > b->severity ? -1 : 1;
	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	if (a->col != b->col)
		return a->col < b->col ? -1 : 1;
	int c = strcmp(a->rule, b->rule);
	if (c)
		return c;
	return strcmp(a->message, b->message);
}

static int cmp_rec(const void *pa, const void *pb)
{
	const rec *a = pa, *b = pb;
	if (a->r.file_index != b->r.file_index)
		return a->r.file_index < b->r.file_index ? -1 : 1;
	if (a->r.line != b->r.line)
		return a->r.line < b->r.line ? -1 : 1;
	return (a->entry > b->entry) - (a->entry < b->entry);
}

/* --content clean: drops the blocks that hold a removable finding, keeping the rest byte for
 * byte, and lists them. */
static void clean(kb_export *x, rec *r)
{
	kb_export_record *o = &r->r;
	int(*blocks)[2];
	size_t n = kb_export_blocks(o->content, o->content_len, r->hits, r->nhits, &blocks);
	if (!n)
		return;
	kb_buf b = {0};
	const char *p = o->content, *end = o->content + o->content_len;
	int line = 1;
	size_t k = 0;
	o->removed = xcalloc(n * r->nhits, sizeof *o->removed);
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *next = nl ? nl + 1 : end;
		while (k < n && blocks[k][1] < line)
			k++;
		if (!(k < n && blocks[k][0] <= line && line <= blocks[k][1]))
			kb_buf_put(&b, p, (size_t)(next - p));
		p = next;
		line++;
	}
	/* one entry per block and rule, in order */
	for (size_t i = 0; i < n; i++) {
		int a = blocks[i][0] - 1, z = blocks[i][1] - 1;
		int fa = a < (int)r->nlines ? r->lines[a] : o->line;
		int fz = z < (int)r->nlines ? r->lines[z] : fa;
		for (size_t h = 0; h < r->nhits; h++) {
			if (r->hits[h] < blocks[i][0] || r->hits[h] > blocks[i][1])
				continue;
			bool dup = false;
			for (size_t j = 0; j < o->nremoved; j++)
				dup |= o->removed[j].line == fa && strcmp(o->removed[j].rule, r->hit_rules[h]) == 0;
			if (!dup)
				o->removed[o->nremoved++] = (kb_export_removed){fa, fz, r->hit_rules[h]};
		}
	}
	free(blocks);
	o->content = b.data ? kb_arena_strndup(&x->arena, b.data, b.len) : "";
	o->content_len = b.len;
	kb_buf_free(&b);
}

/* The verdict, valid_until and id of a record, once its reasons are in. */
static void judge(kb_export *x, rec *r, bool several)
{
	kb_export_record *o = &r->r;
	const kb_export_config *ex = &x->cfg->export_;
	if (o->nreasons)
		qsort(o->reasons, o->nreasons, sizeof *o->reasons, cmp_reason);
	bool untrusted = o->error != NULL, review = false;
	for (size_t i = 0; i < o->nreasons; i++) {
		kb_finding f = {.category = o->reasons[i].category, .severity = o->reasons[i].severity};
		untrusted |= counts(&ex->untrusted_on, &f);
		review |= counts(&ex->review_on, &f);
	}
	if (ex->review_due_soon && o->has_due && o->due >= x->today &&
	    o->due <= kb_date_add(x->today, x->cfg->due_soon))
		review = true;
	o->trust = o->excluded_by ? KB_TRUST_EXCLUDED : untrusted ? KB_TRUST_UNTRUSTED
		   : review ? KB_TRUST_REVIEW : KB_TRUST_TRUSTED;
	for (size_t i = 0; i < 4; i++)
		if (r->dates[i] >= x->today && r->dates[i] &&
		    (!o->valid_until || r->dates[i] < o->valid_until))
			o->valid_until = r->dates[i];
	o->several = several;
	if (!several) {
		o->id = o->rel;
	} else {
		kb_buf b = {0};
		if (r->anchor && *r->anchor)
			kb_buf_printf(&b, "%s#%s", o->rel, r->anchor);
		else
			kb_buf_printf(&b, "%s#%zu", o->rel, r->entry);
		o->id = kb_arena_strdup(&x->arena, b.data);
		kb_buf_free(&b);
	}
	if (!o->title) {
		const char *slash = strrchr(o->path, '/');
		o->title = slash ? slash + 1 : o->path;
	}
	if (x->content == KB_CONTENT_CLEAN && r->nhits)
		clean(x, r);
}

void kb_export_finish(kb_export *x, const kb_results *res)
{
	x->nsorted = x->nrecs; /* the articles, in walk order */
	for (size_t i = 0; i < res->nerrors; i++)
		map_error(x, &res->errors[i]);
	if (x->nrecs)
		qsort(x->recs, x->nrecs, sizeof *x->recs, cmp_rec);
	x->nsorted = x->nrecs;
	kb_strmap by_path = {0};
	for (size_t i = 0; i < x->nrecs; i++)
		kb_strmap_put(&by_path, x->recs[i].r.path, x->recs[i].r.file_index);
	for (size_t i = 0; i < res->nfindings; i++)
		map_finding(x, &res->findings[i], &by_path);
	kb_strmap_free(&by_path);
	x->out = xcalloc(x->nrecs + 1, sizeof *x->out);
	for (size_t i = 0; i < x->nrecs; i++) {
		/* several: the file holds more than one record */
		bool several = (i && x->recs[i - 1].r.file_index == x->recs[i].r.file_index) ||
			       (i + 1 < x->nrecs && x->recs[i + 1].r.file_index == x->recs[i].r.file_index);
		judge(x, &x->recs[i], several);
		x->out[i] = x->recs[i].r;
	}
	x->finished = true;
}
