/* model.c: the audit's model: articles recorded while the engine runs, then findings mapped to
 * them by file and line, owners grouped, lists sorted, and what is new since the last run. */
#include <stdlib.h>
#include <string.h>

#include "audit_int.h"
#include "roster.h"
#include "yamltree.h"

static const char *const age_names[] = {
#define X(e, s) s,
	KB_AUDIT_AGES(X)
#undef X
};

const char *kb_audit_age_name(kb_audit_age b)
{
	return b < KB_AUDIT_AGE_COUNT ? age_names[b] : "?";
}

void kb_audit_init(kb_audit *a, const kb_config *cfg, kb_date today)
{
	memset(a, 0, sizeof *a);
	a->cfg = cfg;
	a->today = today;
	a->priv = xcalloc(1, sizeof *a->priv);
}

void kb_audit_free(kb_audit *a)
{
	if (a->priv) {
		free(a->priv->recs);
		free(a->priv->runs);
		free(a->priv);
	}
	kb_arena_free(&a->arena);
	memset(a, 0, sizeof *a);
}

/* s[0..n) with every run of whitespace made one space and the ends trimmed, in the arena; NULL
 * when nothing is left. */
static const char *squeeze(kb_arena *ar, const char *s, size_t n)
{
	char *out = kb_arena_alloc(ar, n + 1);
	size_t k = 0;
	bool space = false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
			space = k > 0;
			continue;
		}
		if (space)
			out[k++] = ' ';
		space = false;
		out[k++] = c;
	}
	out[k] = '\0';
	return k ? out : NULL;
}

/* The article's title: front matter `title` (for a YAML entry `question` too), else its first
 * heading; NULL when it has neither. */
const char *kb_audit_title(kb_arena *ar, const kb_article *art)
{
	static const char *const keys[] = {"title", "question"};
	for (size_t i = 0; art->meta && art->meta->type == KB_Y_MAP && i < 2; i++) {
		const kb_ynode *v = kb_ymap_get(art->meta, keys[i]);
		if (v && v->type == KB_Y_SCALAR && !kb_yscalar_is_null(v)) {
			const char *t = squeeze(ar, v->str, v->len);
			if (t)
				return t;
		}
	}
	for (size_t i = 0; i < art->nblocks; i++)
		if (art->blocks[i].heading) {
			const char *t = squeeze(ar, art->blocks[i].text, art->blocks[i].len);
			if (t)
				return t;
		}
	return NULL;
}

/* The display path relative to the config's folder, when the file is below it; else the display
 * path without a leading "./". In the arena. */
const char *kb_audit_rel_path(kb_arena *ar, const kb_config *cfg, const char *display)
{
	char *abs = kb_path_absolute(display);
	size_t n = cfg->dir ? strlen(cfg->dir) : 0;
	const char *rel = display;
	while (rel[0] == '.' && rel[1] == '/')
		rel += 2;
	const char *out;
	if (n && strncmp(abs, cfg->dir, n) == 0 && (abs[n] == '/' || cfg->dir[n - 1] == '/'))
		out = kb_arena_strdup(ar, abs + n + (abs[n] == '/'));
	else
		out = kb_arena_strdup(ar, rel);
	free(abs);
	return out;
}

typedef struct {
	kb_arena *ar;
	kb_strv names;
} split_ctx;

/* kb_roster_fn: collects one owner name (once). */
static void add_name(void *ud, const char *name, size_t len, const kb_owner *owner)
{
	(void)owner;
	split_ctx *s = ud;
	char *n = xstrndup(name, len);
	if (!kb_strv_contains(&s->names, n))
		kb_strv_push(&s->names, n);
	free(n);
}

void kb_audit_visit(void *ud, const kb_article *art)
{
	kb_audit *a = ud;
	struct kb_audit_priv *p = a->priv;
	if (art->page || art->meta_shared)
		return; /* no article, or one whose metadata an earlier one of its file has */
	if (p->nrecs == p->caprecs) {
		p->caprecs = p->caprecs ? p->caprecs * 2 : 64;
		p->recs = xrealloc(p->recs, p->caprecs * sizeof *p->recs);
	}
	kb_audit_rec *r = &p->recs[p->nrecs];
	memset(r, 0, sizeof *r);
	r->file_index = art->file->index;
	r->line = art->line;
	r->entry = p->nrecs && p->recs[p->nrecs - 1].file_index == r->file_index
			   ? p->recs[p->nrecs - 1].entry + 1 : 1;
	p->nrecs++;
	r->title = kb_audit_title(&a->arena, art);
	r->path = kb_arena_strdup(&a->arena, art->file->path);
	r->rel = kb_audit_rel_path(&a->arena, a->cfg, art->file->path);
	r->owner = art->owner ? kb_arena_strdup(&a->arena, art->owner) : NULL;
	split_ctx sc = {.ar = &a->arena};
	if (art->owner)
		kb_roster_check(a->cfg->owners, art->owner, add_name, &sc);
	if (sc.names.n == 0)
		kb_strv_push(&sc.names, a->cfg->audit.default_owner ? a->cfg->audit.default_owner
								    : "unowned");
	r->names = kb_arena_alloc(&a->arena, sc.names.n * sizeof *r->names);
	for (size_t i = 0; i < sc.names.n; i++)
		r->names[i] = kb_arena_strdup(&a->arena, sc.names.v[i]);
	r->nnames = sc.names.n;
	kb_strv_free(&sc.names);
	r->retired = kb_article_retired(art);
	/* a date from git (freshness.fallback: git) stands in for a review date here too */
	r->has_reviewed = art->reviewed.state == KB_FIELD_OK || art->reviewed.state == KB_FIELD_GIT;
	r->reviewed = art->reviewed.date;
	r->reviewed_git = art->reviewed.state == KB_FIELD_GIT;
	r->has_due = kb_article_due(art, a->cfg, &r->due);
}

/* The record a finding at (file_index, line) belongs to: the last article of that file that
 * starts at or before line, else the file's first; NULL when the file has none. */
static kb_audit_rec *rec_at(struct kb_audit_priv *p, size_t file_index, int line)
{
	/* records are in walk order: the first one of the file by binary search */
	size_t lo = 0, hi = p->nrecs;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (p->recs[mid].file_index < file_index)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == p->nrecs || p->recs[lo].file_index != file_index)
		return NULL;
	kb_audit_rec *best = &p->recs[lo];
	for (size_t i = lo + 1; i < p->nrecs && p->recs[i].file_index == file_index; i++)
		if (p->recs[i].line <= line)
			best = &p->recs[i];
	return best;
}

/* An owner being built: its lists grow on the heap until they are copied into the arena. */
typedef struct {
	const char *name;
	kb_audit_counts counts;
	kb_audit_item *overdue, *due_soon;
	size_t noverdue, capoverdue, ndue_soon, capdue_soon;
} builder;

static void push_item(kb_audit_item **v, size_t *n, size_t *cap, const kb_audit_item *it)
{
	if (!v || !n || !cap)
		abort(); /* every caller passes a builder's own fields: never NULL */
	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 16;
		*v = xrealloc(*v, *cap * sizeof **v);
	}
	(*v)[(*n)++] = *it;
}

static int cmp_item_path(const kb_audit_item *x, const kb_audit_item *y)
{
	int c = strcmp(x->path, y->path);
	if (c)
		return c;
	return (x->line > y->line) - (x->line < y->line);
}

/* Most overdue first. */
static int cmp_overdue(const void *pa, const void *pb)
{
	const kb_audit_item *x = pa, *y = pb;
	if (x->days != y->days)
		return x->days > y->days ? -1 : 1;
	return cmp_item_path(x, y);
}

/* Soonest first. */
static int cmp_due_soon(const void *pa, const void *pb)
{
	const kb_audit_item *x = pa, *y = pb;
	if (x->days != y->days)
		return x->days < y->days ? -1 : 1;
	return cmp_item_path(x, y);
}

static int cmp_str(const void *pa, const void *pb)
{
	return strcmp(*(const char *const *)pa, *(const char *const *)pb);
}

static int cmp_owner(const void *pa, const void *pb)
{
	const kb_audit_owner *x = pa, *y = pb;
	return strcmp(x->name, y->name);
}

/* The age bucket of a live article. */
static kb_audit_age age_of(const kb_audit_rec *r, kb_date today)
{
	if (!r->has_reviewed || r->reviewed > today)
		return KB_AUDIT_AGE_UNKNOWN;
	int d = kb_audit_days(r->reviewed, today);
	return d <= 30 ? KB_AUDIT_AGE_MONTH : d <= 91 ? KB_AUDIT_AGE_QUARTER
	       : d <= 182 ? KB_AUDIT_AGE_HALF : d <= 365 ? KB_AUDIT_AGE_YEAR
	       : d <= 730 ? KB_AUDIT_AGE_TWO_YEARS : KB_AUDIT_AGE_OLDER;
}

/* Percent-encodes s into b: unreserved characters and '/' are kept. */
static void put_url_path(kb_buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		    strchr("-._~/", *p))
			kb_buf_putc(b, (char)*p);
		else
			kb_buf_printf(b, "%%%c%c", hex[*p >> 4], hex[*p & 15]);
	}
}

/* The path a site generator serves the page rel (relative to the config's folder) at, appended
 * to b: below links.root, with the ending a link names (".html" for ".html.md.erb",
 * links.extensions), or as a folder with pretty URLs (a/b.md at a/b/, a/index.md at a/).
 * Without a site generator, rel as it is. */
static void put_served_path(kb_buf *b, const kb_config *cfg, const char *rel)
{
	kb_buf p = {0};
	kb_buf_puts(&p, rel);
	size_t dn = strlen(cfg->dir);
	const char *root = cfg->links_root;
	if (cfg->site_name && root && strncmp(root, cfg->dir, dn) == 0 && root[dn] == '/') {
		const char *sub = root + dn + 1;
		size_t sn = strlen(sub);
		if (strncmp(rel, sub, sn) == 0 && rel[sn] == '/') {
			p.len = 0;
			kb_buf_puts(&p, rel + sn + 1);
		}
	}
	bool mapped = false;
	for (size_t i = 0; cfg->site_name && !mapped && i < cfg->ext_to.n; i++) {
		size_t tl = strlen(cfg->ext_to.v[i]);
		if (p.len > tl && strcmp(p.data + p.len - tl, cfg->ext_to.v[i]) == 0) {
			p.len -= tl;
			p.data[p.len] = '\0';
			kb_buf_puts(&p, cfg->ext_from.v[i]);
			mapped = true;
		}
	}
	if (cfg->site_name && !cfg->pretty_urls && !mapped) {
		/* ugly URLs (Hugo's uglyURLs, MkDocs' use_directory_urls: false): a/b.md at a/b.html */
		static const char *const md[] = {".md", ".markdown"};
		for (size_t i = 0; i < 2; i++) {
			size_t ml = strlen(md[i]);
			if (p.len > ml && strcmp(p.data + p.len - ml, md[i]) == 0) {
				p.len -= ml;
				p.data[p.len] = '\0';
				kb_buf_puts(&p, ".html");
				break;
			}
		}
	}
	if (cfg->site_name && cfg->pretty_urls && !mapped) {
		char *slash = strrchr(p.data, '/');
		char *base = slash ? slash + 1 : p.data;
		char *dot = strrchr(base, '.');
		if (dot && dot != base) {
			*dot = '\0';
			if (strcmp(base, "index") == 0 || strcmp(base, "_index") == 0)
				*base = '\0';
			else
				strcat(base, "/");
			p.len = strlen(p.data);
		}
	}
	put_url_path(b, p.data);
	kb_buf_free(&p);
}

bool kb_audit_page_url(kb_buf *b, const kb_config *cfg, const char *rel)
{
	const char *base = cfg->audit.base_url;
	if (!base)
		return false;
	size_t bl = strlen(base);
	kb_buf_puts(b, base);
	if (bl && base[bl - 1] != '/')
		kb_buf_putc(b, '/');
	put_served_path(b, cfg, rel);
	return true;
}

/* The key of record r: its relative path, and "#N" when its file holds several articles. */
static const char *key_of(kb_audit *a, const kb_audit_rec *r, bool several)
{
	if (!several)
		return r->rel;
	kb_buf b = {0};
	kb_buf_printf(&b, "%s#%zu", r->rel, r->entry);
	const char *k = kb_arena_strdup(&a->arena, b.data);
	kb_buf_free(&b);
	return k;
}

/* The title shown for r: its own, else the file name (with "#N" for an entry of a file with
 * several). */
static const char *shown_title(kb_audit *a, const kb_audit_rec *r, bool several)
{
	if (r->title)
		return r->title;
	const char *slash = strrchr(r->path, '/');
	const char *base = slash ? slash + 1 : r->path;
	if (!several)
		return base;
	kb_buf b = {0};
	kb_buf_printf(&b, "%s #%zu", base, r->entry);
	const char *t = kb_arena_strdup(&a->arena, b.data);
	kb_buf_free(&b);
	return t;
}

/* The keys of the previous run (the latest one before today) when it lists them. */
static const kb_audit_srun *previous_run(const struct kb_audit_priv *p, kb_date today)
{
	const kb_audit_srun *prev = NULL;
	for (size_t i = 0; i < p->nruns; i++)
		if (p->runs[i].run.date < today)
			prev = &p->runs[i];
	return prev;
}

/* Adds the counts of record r to c (its findings included). */
static void count_rec(kb_audit_counts *c, const kb_audit_rec *r, int state, bool is_new,
		      kb_date today)
{
	c->articles++;
	for (int k = 0; k < KB_CAT_COUNT; k++)
		c->findings[k] += r->findings[k];
	if (r->retired)
		return;
	c->live++;
	c->ages[age_of(r, today)]++;
	if (state == 1) {
		c->overdue++;
		c->new_overdue += is_new;
	} else if (r->has_due) {
		c->fresh++;
		c->due_soon += state == 2;
	}
}

/* Builds the trend and the runs to write: the state's runs, this one replacing a run of the
 * same date, at most KB_AUDIT_STATE_RUNS; only the latest two keep their overdue keys. */
static void merge_runs(kb_audit *a, const char **keys, size_t nkeys)
{
	struct kb_audit_priv *p = a->priv;
	kb_audit_srun *v = xcalloc(p->nruns + 1, sizeof *v);
	size_t n = 0;
	kb_audit_srun self = {
		.run = {a->today, a->total.articles, a->total.live, a->total.fresh, a->total.overdue,
			a->total.due_soon},
		.has_keys = true,
		.keys = keys,
		.nkeys = nkeys,
	};
	bool placed = false;
	for (size_t i = 0; i < p->nruns; i++) {
		if (!placed && p->runs[i].run.date >= a->today) {
			v[n++] = self;
			placed = true;
		}
		if (p->runs[i].run.date != a->today)
			v[n++] = p->runs[i];
	}
	if (!placed)
		v[n++] = self;
	size_t first = n > KB_AUDIT_STATE_RUNS ? n - KB_AUDIT_STATE_RUNS : 0;
	memmove(v, v + first, (n - first) * sizeof *v);
	n -= first;
	for (size_t i = 0; i + 2 < n; i++) {
		v[i].has_keys = false;
		v[i].keys = NULL;
		v[i].nkeys = 0;
	}
	free(p->runs);
	p->runs = v;
	p->nruns = n;
	size_t shown = 0;
	for (size_t i = 0; i < n; i++)
		shown += v[i].run.date <= a->today;
	a->runs = kb_arena_alloc(&a->arena, shown * sizeof *a->runs);
	for (size_t i = 0; i < n; i++)
		if (v[i].run.date <= a->today)
			a->runs[a->nruns++] = v[i].run;
}

void kb_audit_finish(kb_audit *a, const kb_results *res)
{
	struct kb_audit_priv *p = a->priv;
	if (p->finished)
		return;
	p->finished = true;
	kb_date today = a->today;
	kb_date soon_end = kb_date_add(today, a->cfg->audit.due_within);
	a->files = res->nfiles; /* read or tried, as audit.h says */
	a->unreadable = kb_arena_alloc(&a->arena, (res->nerrors + 1) * sizeof *a->unreadable);
	for (size_t i = 0; i < res->nerrors; i++) {
		const char *f = res->errors[i].file;
		if (!a->nunreadable || strcmp(a->unreadable[a->nunreadable - 1], f) != 0)
			a->unreadable[a->nunreadable++] = kb_arena_strdup(&a->arena, f);
	}

	/* findings: to the article they are in; the rare one outside any recorded article counts
	 * in the total only */
	for (size_t i = 0; i < res->nfindings; i++) {
		const kb_finding *f = &res->findings[i];
		kb_audit_rec *r = rec_at(p, f->file_index, f->line);
		if (r)
			r->findings[f->category]++;
		else
			a->total.findings[f->category]++;
	}

	/* the previous run's overdue keys, to mark what is new */
	const kb_audit_srun *prev = previous_run(p, today);
	kb_strmap prev_keys = {0}, now_keys = {0};
	if (prev) {
		a->has_previous = true;
		a->previous = prev->run;
		a->compared = prev->has_keys;
		for (size_t i = 0; prev->has_keys && i < prev->nkeys; i++)
			kb_strmap_put(&prev_keys, prev->keys[i], 0);
	}

	kb_strmap index = {0};
	builder *bs = NULL;
	size_t nb = 0, capb = 0;
	const char **keys = kb_arena_alloc(&a->arena, (p->nrecs + 1) * sizeof *keys);
	size_t nkeys = 0;
	for (size_t i = 0; i < p->nrecs; i++) {
		kb_audit_rec *r = &p->recs[i];
		bool several = (i > 0 && p->recs[i - 1].file_index == r->file_index) ||
			       (i + 1 < p->nrecs && p->recs[i + 1].file_index == r->file_index);
		/* 1 overdue, 2 due soon, 0 neither */
		int state = 0;
		if (!r->retired && r->has_due)
			state = r->due < today ? 1 : r->due <= soon_end ? 2 : 0;
		kb_audit_item it = {
			.title = shown_title(a, r, several),
			.path = r->path,
			.key = key_of(a, r, several),
			.owner = r->owner,
			.line = r->line,
			.has_reviewed = r->has_reviewed,
			.reviewed = r->reviewed,
			.reviewed_git = r->reviewed_git,
			.due = r->due,
		};
		if (state == 1) {
			it.days = kb_audit_days(r->due, today);
			it.is_new = a->compared && kb_strmap_get(&prev_keys, it.key) == (size_t)-1;
			if (kb_strmap_put(&now_keys, it.key, 0))
				keys[nkeys++] = it.key;
		} else if (state == 2) {
			it.days = kb_audit_days(today, r->due);
		}
		if (a->cfg->audit.base_url && state) {
			kb_buf u = {0};
			kb_audit_page_url(&u, a->cfg, r->rel);
			it.url = kb_arena_strdup(&a->arena, u.data);
			kb_buf_free(&u);
		}
		count_rec(&a->total, r, state, it.is_new, today);
		for (size_t k = 0; k < r->nnames; k++) {
			size_t bi = kb_strmap_get(&index, r->names[k]);
			if (bi == (size_t)-1) {
				if (nb == capb) {
					capb = capb ? capb * 2 : 16;
					bs = xrealloc(bs, capb * sizeof *bs);
				}
				bi = nb++;
				memset(&bs[bi], 0, sizeof bs[bi]);
				bs[bi].name = r->names[k];
				kb_strmap_put(&index, r->names[k], bi);
			}
			builder *b = &bs[bi];
			count_rec(&b->counts, r, state, it.is_new, today);
			if (state == 1)
				push_item(&b->overdue, &b->noverdue, &b->capoverdue, &it);
			else if (state == 2)
				push_item(&b->due_soon, &b->ndue_soon, &b->capdue_soon, &it);
		}
	}
	if (a->compared)
		for (size_t i = 0; i < prev->nkeys; i++)
			a->resolved += kb_strmap_get(&now_keys, prev->keys[i]) == (size_t)-1;

	a->owners = kb_arena_alloc(&a->arena, (nb + 1) * sizeof *a->owners);
	a->nowners = nb;
	for (size_t i = 0; i < nb; i++) {
		kb_audit_owner *o = &a->owners[i];
		builder *b = &bs[i];
		o->name = b->name;
		o->counts = b->counts;
		o->noverdue = b->noverdue;
		o->ndue_soon = b->ndue_soon;
		o->overdue = kb_arena_alloc(&a->arena, (b->noverdue + 1) * sizeof *o->overdue);
		o->due_soon = kb_arena_alloc(&a->arena, (b->ndue_soon + 1) * sizeof *o->due_soon);
		if (b->noverdue)
			memcpy(o->overdue, b->overdue, b->noverdue * sizeof *o->overdue);
		if (b->ndue_soon)
			memcpy(o->due_soon, b->due_soon, b->ndue_soon * sizeof *o->due_soon);
		qsort(o->overdue, o->noverdue, sizeof *o->overdue, cmp_overdue);
		qsort(o->due_soon, o->ndue_soon, sizeof *o->due_soon, cmp_due_soon);
		free(b->overdue);
		free(b->due_soon);
	}
	if (nb)
		qsort(a->owners, nb, sizeof *a->owners, cmp_owner);
	free(bs);
	kb_strmap_free(&index);
	kb_strmap_free(&prev_keys);
	kb_strmap_free(&now_keys);

	/* the state's keys: this run's, sorted so the file diffs well */
	qsort(keys, nkeys, sizeof *keys, cmp_str);
	merge_runs(a, keys, nkeys);
}

const kb_audit_owner *kb_audit_owner_find(const kb_audit *a, const char *name)
{
	for (size_t i = 0; name && i < a->nowners; i++)
		if (strcmp(a->owners[i].name, name) == 0)
			return &a->owners[i];
	return NULL;
}

int kb_audit_freshness(const kb_audit_counts *c)
{
	if (!c->live)
		return -1;
	return (int)((c->fresh * 200 + c->live) / (2 * c->live));
}

/* Most overdue first, then by name. */
static int cmp_top(const void *pa, const void *pb)
{
	const kb_audit_owner *x = *(const kb_audit_owner *const *)pa;
	const kb_audit_owner *y = *(const kb_audit_owner *const *)pb;
	if (x->noverdue != y->noverdue)
		return x->noverdue > y->noverdue ? -1 : 1;
	return strcmp(x->name, y->name);
}

size_t kb_audit_top_owners(const kb_audit *a, const kb_audit_owner **out, size_t max)
{
	const kb_audit_owner **all = xcalloc(a->nowners + 1, sizeof *all);
	size_t n = 0;
	for (size_t i = 0; i < a->nowners; i++)
		if (a->owners[i].noverdue)
			all[n++] = &a->owners[i];
	qsort(all, n, sizeof *all, cmp_top);
	if (n > max)
		n = max;
	memcpy(out, all, n * sizeof *out);
	free(all);
	return n;
}
