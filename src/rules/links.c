/* links.c: the "links" kind: links between articles, checked after every article is loaded.
 * Each link is resolved once (cached in the corpus) and each rule reads the resolution. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "corpus.h"
#include "rule.h"

#define CHECKS(X)                                                                             \
	X(MISSING_FILE, "missing-file", "link target '${url}' does not exist")                \
	X(MISSING_ANCHOR, "missing-anchor", "no heading or anchor '#${fragment}' in ${target}") \
	X(RETIRED_TARGET, "retired-target", "links to ${status} article ${target}")           \
	X(STALE_TARGET, "stale-target", "links to ${target}, review overdue by ${overdue}")

#define CHECKS_KIND "links"
#include "checks.h"

typedef enum { RES_SKIP, RES_MISSING, RES_FILE, RES_ARTICLE } res_kind;

typedef struct {
	res_kind kind;
	const kb_summary *target;
	size_t plen;     /* the link's path part as written (its first plen bytes), for messages */
	char *fragment;  /* decoded, or NULL */
} resolution;

typedef struct {
	resolution **by_article; /* by_article[i][j]: link j of summary i */
	size_t *nlinks;
	size_t n;
	kb_strmap stat_cache;    /* paths looked up on disk: 1 exists, 0 not */
	bool fold;               /* links.case_sensitive is false */
	kb_strmap folded;        /* lower-cased path -> summary index, or (size_t)-2 for a file */
} cache;

static char *lower_copy(const char *s)
{
	char *l = xstrdup(s);
	for (char *p = l; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p + 32);
	return l;
}

static void cache_free(void *p)
{
	cache *c = p;
	for (size_t i = 0; i < c->n; i++) {
		for (size_t j = 0; j < c->nlinks[i]; j++) {
			free(c->by_article[i][j].fragment);
		}
		free(c->by_article[i]);
	}
	free(c->by_article);
	free(c->nlinks);
	kb_strmap_free(&c->stat_cache);
	kb_strmap_free(&c->folded);
	free(c);
}

static int hexval(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
				      : c >= 'A' && c <= 'F'   ? c - 'A' + 10
							       : -1;
}

/* %XX decoded copy of s[0..n); caller frees. */
static char *decode(const char *s, size_t n)
{
	char *out = xmalloc(n + 1), *o = out;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '%' && i + 2 < n && hexval(s[i + 1]) >= 0 && hexval(s[i + 2]) >= 0) {
			int v = hexval(s[i + 1]) * 16 + hexval(s[i + 2]);
			*o++ = v ? (char)v : '%';
			i += 2;
		} else {
			*o++ = s[i];
		}
	}
	*o = '\0';
	return out;
}

static bool on_disk(cache *c, const char *path)
{
	size_t v = kb_strmap_get(&c->stat_cache, path);
	if (v != (size_t)-1)
		return v == 1;
	struct stat st;
	bool ok = stat(path, &st) == 0;
	kb_strmap_put(&c->stat_cache, path, ok);
	return ok;
}

/* Finds path as an article, then as any file, then as a folder. */
static res_kind lookup(cache *c, const kb_corpus *corpus, const char *path, const kb_summary **t)
{
	*t = kb_corpus_find(corpus, path);
	if (*t)
		return RES_ARTICLE;
	if (kb_strmap_get(&corpus->files, path) != (size_t)-1)
		return RES_FILE;
	if (c->fold) {
		char *l = lower_copy(path);
		size_t v = kb_strmap_get(&c->folded, l);
		free(l);
		if (v == (size_t)-2)
			return RES_FILE;
		if (v != (size_t)-1) {
			*t = &corpus->v[v];
			return RES_ARTICLE;
		}
	}
	return on_disk(c, path) ? RES_FILE : RES_MISSING;
}

/* lookup, then the configured endings: a site's link may name the page a source file becomes
 * (".html" for ".html.md.erb") */
static res_kind find(cache *c, const kb_corpus *corpus, const kb_config *cfg, const char *abs,
		     const kb_summary **t)
{
	res_kind k = lookup(c, corpus, abs, t);
	size_t alen = strlen(abs);
	for (size_t i = 0; k == RES_MISSING && i < cfg->ext_from.n; i++) {
		const char *from = cfg->ext_from.v[i];
		size_t fl = strlen(from);
		if (alen < fl || strcmp(abs + alen - fl, from) != 0)
			continue;
		kb_buf cand = {0};
		kb_buf_put(&cand, abs, alen - fl);
		kb_buf_puts(&cand, cfg->ext_to.v[i]);
		k = lookup(c, corpus, cand.data, t);
		kb_buf_free(&cand);
	}
	return k;
}

/* The article whose path is p whatever its case (Hugo matches page paths so), or NULL. */
static const kb_summary *find_folded(const kb_corpus *corpus, const char *p)
{
	for (size_t i = 0; i < corpus->n; i++) {
		const char *a = corpus->v[i].path, *b = p;
		while (*a && *b && (*a == *b || ((*a | 32) == (*b | 32) && ((*a | 32) >= 'a' &&
									 (*a | 32) <= 'z'))))
			a++, b++;
		if (!*a && !*b)
			return &corpus->v[i];
	}
	return NULL;
}

/* The page Hugo's content file abs names: itself, or abs ".md", abs "/index.md" or abs
 * "/_index.md" (a bundle), in that case or (a second pass) in any case. */
static res_kind ref_page(cache *c, const kb_corpus *corpus, const kb_config *cfg, const char *abs,
			 const kb_summary **t)
{
	static const char *const ends[] = {"", ".md", "/index.md", "/_index.md"};
	res_kind k = RES_MISSING;
	for (size_t i = 0; i < 8 && k != RES_ARTICLE; i++) {
		kb_buf cand = {0};
		kb_buf_printf(&cand, "%s%s", abs, ends[i % 4]);
		if (i == 0)
			k = find(c, corpus, cfg, cand.data, t);
		else if ((*t = i < 4 ? kb_corpus_find(corpus, cand.data) : find_folded(corpus, cand.data)))
			k = RES_ARTICLE;
		kb_buf_free(&cand);
	}
	return k;
}

/* The one article whose file is name (or name.md), or whose bundle folder is name; NULL when
 * none or several are (Hugo reports an ambiguous name). */
static const kb_summary *ref_by_name(const kb_corpus *corpus, const char *name)
{
	const kb_summary *found = NULL;
	size_t nl = strlen(name);
	for (size_t i = 0; i < corpus->n; i++) {
		const char *p = corpus->v[i].path, *base = strrchr(p, '/');
		base = base ? base + 1 : p;
		bool hit = !strcmp(base, name) || (!strncmp(base, name, nl) && !strcmp(base + nl, ".md"));
		if (!hit && (!strcmp(base, "index.md") || !strcmp(base, "_index.md")) && base - p > 1) {
			const char *dir = base - 1;
			while (dir > p && dir[-1] != '/')
				dir--;
			hit = (size_t)(base - 1 - dir) == nl && !strncmp(dir, name, nl);
		}
		if (hit && found)
			return NULL;
		if (hit)
			found = &corpus->v[i];
	}
	return found;
}

/* A Hugo "ref"/"relref" path (decoded, no fragment): from the content root when it starts with
 * '/', else relative to the page's folder and then to the content root, and at last, a bare name,
 * the one page of that name. The content root is links.root, else the page's nearest folder
 * named "content"; its first folder below it (a language's, "content/en") is tried after it. */
static void resolve_ref(cache *c, const kb_corpus *corpus, const kb_config *cfg,
			const kb_summary *s, const char *path, resolution *r)
{
	char *root = cfg->links_root ? xstrdup(cfg->links_root) : NULL;
	for (const char *p = s->path; !root && (p = strstr(p, "/content/")); p++) {
		const char *next = strstr(p + 1, "/content/");
		if (!next)
			root = xstrndup(s->path, (size_t)(p - s->path) + 8);
	}
	const char *slash = strrchr(s->path, '/');
	char *dir = xstrndup(s->path, slash && slash > s->path ? (size_t)(slash - s->path) : 1);
	/* a multilingual site has a content root per language: its first folder ("content/en") */
	char *lang = NULL;
	size_t rl = root ? strlen(root) : 0;
	if (root && !strncmp(s->path, root, rl) && s->path[rl] == '/') {
		const char *next = strchr(s->path + rl + 1, '/');
		if (next)
			lang = xstrndup(s->path, (size_t)(next - s->path));
	}
	const char *bases[3] = {path[0] == '/' ? root : dir, path[0] == '/' ? lang : root,
				path[0] == '/' ? NULL : lang};
	/* from the content root, and no root known: not checked, as a site-absolute link */
	r->kind = bases[0] ? RES_MISSING : RES_SKIP;
	for (size_t i = 0; i < 3 && r->kind == RES_MISSING; i++) {
		if (!bases[i])
			continue;
		char *joined = kb_path_join(bases[i], path[0] == '/' ? path + 1 : path);
		char *abs = kb_path_absolute(joined);
		r->kind = ref_page(c, corpus, cfg, abs, &r->target);
		free(abs);
		free(joined);
	}
	if ((r->kind == RES_MISSING || r->kind == RES_SKIP) && !strchr(path, '/') &&
	    (r->target = ref_by_name(corpus, path)))
		r->kind = RES_ARTICLE;
	free(lang);
	free(dir);
	free(root);
}

static void resolve(cache *c, const kb_corpus *corpus, const kb_config *cfg, const kb_summary *s,
		    const kb_sum_link *l, resolution *r)
{
	const char *u = l->url;
	memset(r, 0, sizeof *r);
	if (!*u || kb_url_external(u))
		return; /* external links are never fetched */
	const char *hash = strchr(u, '#');
	size_t plen = hash ? (size_t)(hash - u) : strlen(u);
	const char *q = memchr(u, '?', plen);
	if (q)
		plen = (size_t)(q - u);
	r->plen = plen;
	if (hash && hash[1])
		r->fragment = decode(hash + 1, strlen(hash + 1));
	if (plen == 0) {
		r->kind = hash ? RES_ARTICLE : RES_SKIP;
		r->target = s;
		return;
	}
	char *rel = decode(u, plen), *joined;
	if (l->ref) {
		resolve_ref(c, corpus, cfg, s, rel, r);
		free(rel);
		return;
	}
	if (rel[0] == '/') {
		if (!cfg->links_root) {
			free(rel);
			return; /* site-absolute, and no root to resolve it against */
		}
		joined = kb_path_join(cfg->links_root, rel + 1);
	} else {
		const char *slash = strrchr(s->path, '/');
		char *dir = xstrndup(s->path, slash ? (size_t)(slash - s->path) : 0);
		joined = kb_path_join(*dir ? dir : "/", rel);
		free(dir);
	}
	char *abs = kb_path_absolute(joined);
	free(joined);
	r->kind = find(c, corpus, cfg, abs, &r->target);
	const char *base = strrchr(abs, '/');
	if (r->kind == RES_MISSING && !strchr(base ? base : abs, '.')) {
		/* "page" may be served as "page.html", a configured ending */
		for (size_t i = 0; r->kind == RES_MISSING && i < cfg->ext_from.n; i++) {
			kb_buf cand = {0};
			kb_buf_printf(&cand, "%s%s", abs, cfg->ext_from.v[i]);
			r->kind = find(c, corpus, cfg, cand.data, &r->target);
			kb_buf_free(&cand);
		}
	}
	if (r->kind != RES_ARTICLE) {
		/* "guide/" or "guide" may name guide/index.md, guide/README.md or guide.md */
		static const char *const pages[] = {"/index.md", "/README.md", ".md"};
		for (size_t i = 0; i < 3 && r->kind != RES_ARTICLE; i++) {
			kb_buf cand = {0};
			kb_buf_puts(&cand, abs);
			kb_buf_puts(&cand, pages[i]);
			const kb_summary *t = kb_corpus_find(corpus, cand.data);
			if (t) {
				r->kind = RES_ARTICLE;
				r->target = t;
			}
			kb_buf_free(&cand);
		}
	}
	free(abs);
	free(rel);
}

static cache *resolve_all(kb_corpus_check *cc)
{
	kb_corpus *corpus = cc->corpus;
	if (corpus->cache && corpus->cache_free == cache_free)
		return corpus->cache;
	cache *c = xcalloc(1, sizeof *c);
	c->n = corpus->n;
	c->fold = !cc->cfg->links_case_sensitive;
	/* articles first: a key keeps the first value it is given */
	for (size_t i = 0; c->fold && i < corpus->n; i++) {
		char *l = lower_copy(corpus->v[i].path);
		kb_strmap_put(&c->folded, l, i);
		free(l);
	}
	for (size_t i = 0; c->fold && i < corpus->files.cap; i++) {
		if (!corpus->files.keys[i])
			continue;
		char *l = lower_copy(corpus->files.keys[i]);
		kb_strmap_put(&c->folded, l, (size_t)-2);
		free(l);
	}
	c->by_article = xcalloc(c->n ? c->n : 1, sizeof *c->by_article);
	c->nlinks = xcalloc(c->n ? c->n : 1, sizeof *c->nlinks);
	for (size_t i = 0; i < corpus->n; i++) {
		const kb_summary *s = &corpus->v[i];
		c->nlinks[i] = s->nlinks;
		c->by_article[i] = xcalloc(s->nlinks ? s->nlinks : 1, sizeof *c->by_article[i]);
		for (size_t j = 0; j < s->nlinks; j++)
			resolve(c, corpus, cc->cfg, s, &s->links[j], &c->by_article[i][j]);
	}
	corpus->cache = c;
	corpus->cache_free = cache_free;
	return c;
}

/* The anchor is one of the target's, or of a file it includes (docfx), at most 4 deep. */
static bool has_anchor(const kb_corpus *corpus, const kb_summary *t, const char *frag, int depth)
{
	if (kb_summary_has_anchor(t, frag))
		return true;
	for (size_t i = 0; depth < 4 && i < t->nincludes; i++) {
		const kb_summary *in = kb_corpus_find(corpus, t->includes[i]);
		if (in && in != t && has_anchor(corpus, in, frag, depth + 1))
			return true;
	}
	return false;
}

/* The anchor as written, or lower-cased, is one of the target's. */
static bool anchor_ok(const kb_corpus *corpus, const kb_summary *t, const char *frag)
{
	if (has_anchor(corpus, t, frag, 0))
		return true;
	char *low = xstrdup(frag);
	for (char *p = low; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p + 32);
	bool ok = has_anchor(corpus, t, low, 0);
	free(low);
	return ok;
}

static void check_corpus(const kb_rule *rule, kb_corpus_check *cc)
{
	check_id which = check_of(rule);
	cache *c = resolve_all(cc);
	for (size_t i = 0; i < cc->corpus->n; i++) {
		const kb_summary *s = &cc->corpus->v[i];
		for (size_t j = 0; j < s->nlinks; j++) {
			const resolution *r = &c->by_article[i][j];
			const kb_sum_link *l = &s->links[j];
			kb_vars v = {0};
			char days[48];
			bool hit = false;
			kb_vars_set(&v, "url", l->url);
			kb_vars_set(&v, "fragment", r->fragment);
			switch (which) {
			case CHECK_MISSING_FILE:
				hit = r->kind == RES_MISSING;
				break;
			case CHECK_MISSING_ANCHOR:
				hit = r->kind == RES_ARTICLE && r->fragment &&
				      !anchor_ok(cc->corpus, r->target, r->fragment);
				break;
			case CHECK_RETIRED_TARGET:
				hit = r->kind == RES_ARTICLE && r->target != s && r->target->retired;
				if (hit)
					kb_vars_set(&v, "status", r->target->status);
				break;
			case CHECK_STALE_TARGET:
				hit = r->kind == RES_ARTICLE && r->target != s && !r->target->retired &&
				      r->target->has_due && r->target->due < cc->today;
				if (hit) {
					long d = (long)cc->today - r->target->due;
					snprintf(days, sizeof days, "%ld day%s", d, d == 1 ? "" : "s");
					kb_vars_set(&v, "overdue", days);
				}
				break;
			}
			if (!hit)
				continue;
			char *path = xstrndup(l->url, r->plen);
			kb_vars_set(&v, "target", r->target == s ? "this article" : path);
			kb_buf msg = {0};
			kb_template_expand(rule->message, kb_vars_lookup, &v, &msg);
			free(path);
			kb_emit_summary(cc, rule, s, l->at, msg.data ? msg.data : "");
			kb_buf_free(&msg);
		}
	}
}

const kb_kind kb_kind_links = {
	.name = "links",
	.keys = keys,
	.default_scope = KB_SCOPE_LINK_TARGET,
	.compile = compile,
	.check = NULL,
	.check_corpus = check_corpus,
	.free = NULL,
};
