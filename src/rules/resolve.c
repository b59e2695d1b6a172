/* resolve.c: the one link resolver (resolve.h). A link is resolved in one of two spaces:
 * - files: a relative link from its article's folder, as on a file system (and as render hooks,
 *   MkDocs and docfx resolve links to source files);
 * - site paths ("/a/b/"): a site-absolute link, or a relative one from a pretty-URL page's served
 *   URL; ".." stops at the site's root, as browsers do. A site path names the article served
 *   there (the URL map), a file under a links.prefixes folder or under links.root, or a
 *   redirect (redirects: and the articles' aliases), followed to its target.
 * The URL map and the redirects are keyed by site paths, "/a/b" (site_key), so that "/a/b/",
 * "/a/b.html", "/a/b/index.html" and a source path "a/b.md" meet. The rules are in
 * docs/links.md. */
#include "resolve.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "ascii.h"
#include "glob.h"
#include "util.h"

typedef struct {
	const kb_summary *article; /* an alias: the article itself; else NULL */
	char *to;                  /* a configured redirect's target as written */
} redirect;

struct kb_resolver {
	const kb_corpus *corpus;
	const kb_config *cfg;
	char *root;            /* the site's root folder: links.root, else the config's folder */
	char *dir;             /* the config's folder, absolute */
	bool fold;             /* links.case_sensitive is false */
	bool case_hit;         /* the link being resolved named a file in another case */
	kb_strmap stat_cache;  /* paths looked up on disk: 1 exists, 0 not */
	kb_strmap folded;      /* lower-cased path -> summary index, or (size_t)-2 for a file;
				* made when a path is first not found as written (folded_map).
				* Its keys are the corpus's paths when they are in lower case,
				* else copies in folded_keys */
	kb_arena folded_keys;
	atomic_bool folded_made; /* set once folded is whole: read without the lock */
	pthread_mutex_t folded_lock; /* its views (below) may make folded from their threads */
	/* a view (kb_resolver_view): the resolver whose maps it reads, and which owns them; the
	 * view's own are only what it looked up (stat_cache, case_hit, extra). NULL: itself */
	kb_resolver *owner;
	const char **served;   /* per summary: the site path it is served at, or NULL: the end of
				* its path when that is it (served_at), else in served_keys */
	kb_arena served_keys;
	kb_strmap urls;        /* site_key of a served path -> summary index */
	kb_strmap redirects;   /* site_key of a redirected path -> index in redir */
	redirect *redir;
	size_t nredir;
	/* included files that are not in the corpus (a site's headless fragments), read when a
	 * link's anchor is looked for in them: path -> index in extra, or (size_t)-2 when the file
	 * gives no article */
	kb_strmap extra_index;
	kb_summary *extra;
	size_t nextra;
	kb_arena extra_arena;
};

enum { MAX_HOPS = 8 }; /* redirects followed from one link, so that a loop ends */

static bool ends_with(const char *s, size_t n, const char *tail)
{
	size_t k = strlen(tail);
	return n > k && strcmp(s + n - k, tail) == 0;
}

/* %XX decoded copy of s[0..n); caller frees. */
static char *decode(const char *s, size_t n)
{
	char *out = xmalloc(n + 1), *o = out;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '%' && i + 2 < n && kb_hexval(s[i + 1]) >= 0 &&
		    kb_hexval(s[i + 2]) >= 0) {
			int v = kb_hexval(s[i + 1]) * 16 + kb_hexval(s[i + 2]);
			*o++ = v ? (char)v : '%';
			i += 2;
		} else {
			*o++ = s[i];
		}
	}
	*o = '\0';
	return out;
}

/* A shortcode or template expression ({{< ref >}}, {% link %}, <%= url %>): the generator
 * writes the target, so it is never a path. */
static bool templated(const char *s)
{
	if (strstr(s, "{{") || strstr(s, "{%") || strstr(s, "<%"))
		return true;
	/* "<%= url %>" is a pointy destination to CommonMark: the link's target is "%= url %"
	 * ("%=" is no %XX escape) */
	return s[0] == '%' && (s[1] == '=' || s[1] == '-' || s[1] == ' ' || s[1] == '#');
}

/* Whether the path of a link (as written, decoded) matches one of links.ignore: a pattern is
 * matched against the whole target ("g" is the target "g", not a folder "g" deeper down); one
 * starting with '/' only against site-absolute targets. */
static bool ignored(const kb_config *cfg, const char *path)
{
	for (size_t i = 0; i < cfg->link_ignore.n; i++) {
		const char *pat = cfg->link_ignore.v[i];
		if ((pat[0] == '/') != (path[0] == '/'))
			continue;
		kb_buf anchored = {0};
		kb_buf_printf(&anchored, "/%s", pat + (pat[0] == '/'));
		bool hit = kb_glob_match(anchored.data, path + (path[0] == '/'));
		kb_buf_free(&anchored);
		if (hit)
			return true;
	}
	return false;
}

/* The key of site path p in the URL map and the redirects: ".." clamped at the root, the
 * trailing '/' and an index page or page ending dropped, lower case when links ignore case.
 * Caller frees. */
static char *site_key(const kb_resolver *r, const char *p)
{
	char *k = kb_path_absolute(p); /* p starts with '/': ".." stops at the root */
	size_t n = strlen(k);
	for (size_t i = 0; i < r->cfg->ext_to.n; i++)
		if (ends_with(k, n, r->cfg->ext_to.v[i]))
			n -= strlen(r->cfg->ext_to.v[i]);
	k[n] = '\0';
	static const char *const tails[] = {"/index.html", "/index.htm", "/index.md", "/_index.md",
					    "/README.md", ".html", ".htm", ".md", ".markdown"};
	for (size_t i = 0; i < sizeof tails / sizeof *tails; i++) {
		if (ends_with(k, n, tails[i])) {
			n -= strlen(tails[i]);
			k[n] = '\0';
			break;
		}
	}
	if (!n) {
		k[0] = '/';
		k[1] = '\0';
	}
	if (r->fold)
		kb_strlower(k); /* Hugo lower-cases the paths it derives: its generator says so */
	return k;
}

/* Whether abs is folder dir or below it: the rest ("" or "/x/y"), else NULL. */
static const char *below(const char *abs, const char *dir)
{
	if (!abs || !dir)
		return NULL;
	size_t n = strlen(dir);
	if (n == 1 && dir[0] == '/')
		return abs;
	if (strncmp(abs, dir, n) != 0 || (abs[n] && abs[n] != '/'))
		return NULL;
	return abs + n;
}

/* The site path of the file at abs: under a links.prefixes folder the prefix, else below the
 * site's root; NULL when it is under neither. Caller frees. */
static char *site_of_file(const kb_resolver *r, const char *abs)
{
	const kb_config *cfg = r->cfg;
	for (size_t i = 0; i < cfg->prefix_from.n; i++) {
		const char *rest = below(abs, cfg->prefix_to.v[i]);
		if (!rest)
			continue;
		kb_buf b = {0};
		const char *pf = cfg->prefix_from.v[i];
		size_t pl = strlen(pf);
		while (pl > 1 && pf[pl - 1] == '/')
			pl--;
		kb_buf_put(&b, pf, pl);
		kb_buf_puts(&b, *rest ? rest : "/");
		return kb_buf_take(&b);
	}
	const char *rest = below(abs, r->root);
	return rest ? xstrdup(*rest ? rest : "/") : NULL;
}

/* The site path s is served at: its url field (or a slug that starts with '/'), else its path
 * below the site's root, made pretty ("/a/b/" for a/b.md, "/a/" for a/index.md and
 * a/_index.md) when links.pretty_urls is set, with its slug replacing the last segment. NULL
 * when unknown. Caller frees. */
static char *served_of(const kb_resolver *r, const kb_summary *s)
{
	/* a url, or a slug that is a whole path (Docusaurus' "/x"); not a pattern (":title") */
	const char *url = s->url && *s->url ? s->url : s->slug && s->slug[0] == '/' ? s->slug : NULL;
	if (url && !kb_url_external(url) && !strchr(url, ':')) {
		kb_buf b = {0};
		kb_buf_printf(&b, "%s%s", url[0] == '/' ? "" : "/", url);
		return kb_buf_take(&b);
	}
	char *site = site_of_file(r, s->path);
	if (!site || (!r->cfg->pretty_urls && !s->slug))
		return site;
	char *slash = strrchr(site, '/'), *base = slash + 1;
	*slash = '\0'; /* site is now the folder: "" for the root, "/a" */
	const char *dot = strchr(base + 1, '.');
	size_t stem = dot ? (size_t)(dot - base) : strlen(base);
	bool index = r->cfg->pretty_urls &&
		     (kb_streq_n(base, stem, "index") || kb_streq_n(base, stem, "_index"));
	kb_buf b = {0};
	if (index && s->slug && *site) {
		*strrchr(site, '/') = '\0'; /* the folder's own name is what the slug replaces */
		kb_buf_printf(&b, "%s/%s/", site, s->slug);
	} else if (index) {
		kb_buf_printf(&b, "%s/", site);
	} else if (r->cfg->pretty_urls) {
		kb_buf_printf(&b, "%s/", site);
		if (s->slug)
			kb_buf_puts(&b, s->slug);
		else
			kb_buf_put(&b, base, stem);
		kb_buf_putc(&b, '/');
	} else {
		kb_buf_printf(&b, "%s/%s%s", site, s->slug, base + stem);
	}
	free(site);
	char *out = kb_path_absolute(b.data);
	if (b.data[b.len - 1] == '/' && strcmp(out, "/") != 0) {
		kb_buf_free(&b);
		kb_buf_printf(&b, "%s/", out);
		free(out);
		return kb_buf_take(&b);
	}
	kb_buf_free(&b);
	return out;
}

/* The key of a file path (absolute) in the redirects: a source path, for the files that are
 * not below the site's root. Caller frees. */
static char *file_key(const kb_resolver *r, const char *abs)
{
	char *k = site_key(r, abs), *out = xmalloc(strlen(k) + 2);
	out[0] = '\001';
	strcpy(out + 1, k);
	free(k);
	return out;
}

/* Redirects site (a site path), or the source file abs when site is NULL, to an article or to
 * the path or URL to. */
static void add_redirect(kb_resolver *r, const char *site, const char *abs,
			 const kb_summary *article, const char *to)
{
	char *key = site ? site_key(r, site) : file_key(r, abs);
	if (kb_strmap_get(&r->redirects, key) == (size_t)-1) {
		r->redir = xrealloc(r->redir, (r->nredir + 1) * sizeof *r->redir);
		r->redir[r->nredir] = (redirect){article, to ? xstrdup(to) : NULL};
		kb_strmap_put(&r->redirects, key, r->nredir++);
	}
	free(key);
}

/* served_of(r, s), kept: most articles are served at their path below the site's root, which
 * is the end of their path (s->path, which outlives r); the others are copied. */
static const char *served_at(kb_resolver *r, const kb_summary *s)
{
	char *site = served_of(r, s);
	if (!site)
		return NULL;
	const char *kept = kb_str_ending(s->path, site);
	if (!kept)
		kept = kb_arena_strdup(&r->served_keys, site);
	free(site);
	return kept;
}

kb_resolver *kb_resolver_new(const kb_corpus *corpus, const kb_config *cfg)
{
	kb_resolver *r = xcalloc(1, sizeof *r);
	pthread_mutex_init(&r->folded_lock, NULL);
	atomic_init(&r->folded_made, false);
	r->corpus = corpus;
	r->cfg = cfg;
	r->dir = kb_path_absolute(cfg->dir ? cfg->dir : ".");
	r->root = cfg->links_root ? kb_path_absolute(cfg->links_root) : xstrdup(r->dir);
	r->fold = !cfg->links_case_sensitive;
	/* where each article is served; a url, a slug or a pretty URL is a page the file
	 * system does not show */
	r->served = xcalloc(corpus->n ? corpus->n : 1, sizeof *r->served);
	for (size_t i = 0; i < corpus->n; i++) {
		const kb_summary *s = &corpus->v[i];
		r->served[i] = served_at(r, s);
		if (r->served[i] && (cfg->pretty_urls || s->url || s->slug)) {
			char *key = site_key(r, r->served[i]);
			kb_strmap_put(&r->urls, key, i);
			free(key);
		}
	}
	/* redirects: the config's (site paths, or source paths relative to its folder), then
	 * the articles' aliases (site paths, or relative to the article's folder) */
	for (size_t i = 0; i < cfg->redirect_from.n; i++) {
		const char *from = cfg->redirect_from.v[i];
		if (kb_url_external(from) || !*from)
			continue;
		if (from[0] == '/') {
			add_redirect(r, from, NULL, NULL, cfg->redirect_to.v[i]);
			continue;
		}
		char *joined = kb_path_join(cfg->dir ? cfg->dir : ".", from);
		char *abs = kb_path_absolute(joined);
		char *site = site_of_file(r, abs);
		add_redirect(r, site, abs, NULL, cfg->redirect_to.v[i]);
		free(site);
		free(abs);
		free(joined);
	}
	for (size_t i = 0; i < corpus->n; i++) {
		const kb_summary *s = &corpus->v[i];
		for (size_t k = 0; k < s->naliases; k++) {
			const char *a = s->aliases[k];
			if (kb_url_external(a))
				continue;
			if (a[0] == '/') {
				add_redirect(r, a, NULL, s, NULL);
				continue;
			}
			/* relative: from the article's folder */
			char *site = site_of_file(r, s->path);
			const char *dir = site ? site : s->path;
			const char *slash = strrchr(dir, '/');
			kb_buf b = {0};
			kb_buf_put(&b, dir, (size_t)(slash - dir));
			kb_buf_printf(&b, "/%s", a);
			add_redirect(r, site ? b.data : NULL, b.data, s, NULL);
			kb_buf_free(&b);
			free(site);
		}
	}
	return r;
}

kb_resolver *kb_resolver_view(kb_resolver *owner)
{
	kb_resolver *v = xcalloc(1, sizeof *v);
	v->owner = owner;
	v->corpus = owner->corpus;
	v->cfg = owner->cfg;
	v->root = owner->root;
	v->dir = owner->dir;
	v->fold = owner->fold;
	v->served = owner->served;
	v->urls = owner->urls; /* the same arrays: read only */
	v->redirects = owner->redirects;
	v->redir = owner->redir;
	v->nredir = owner->nredir;
	return v;
}

void kb_resolver_free(kb_resolver *r)
{
	if (!r)
		return;
	kb_strmap_free(&r->stat_cache);
	kb_strmap_free(&r->extra_index);
	free(r->extra);
	kb_arena_free(&r->extra_arena);
	if (r->owner) { /* a view: the rest is its owner's */
		free(r);
		return;
	}
	pthread_mutex_destroy(&r->folded_lock);
	free(r->served);
	kb_arena_free(&r->served_keys);
	for (size_t i = 0; i < r->nredir; i++)
		free(r->redir[i].to);
	free(r->redir);
	kb_strmap_free(&r->folded);
	kb_arena_free(&r->folded_keys);
	kb_strmap_free(&r->urls);
	kb_strmap_free(&r->redirects);
	free(r->root);
	free(r->dir);
	free(r);
}

static void corpus_resolver_free(void *p)
{
	kb_resolver_free(p);
}

kb_resolver *kb_corpus_resolver(kb_corpus *corpus, const kb_config *cfg)
{
	if (!corpus->resolver) {
		corpus->resolver = kb_resolver_new(corpus, cfg);
		corpus->resolver_free = corpus_resolver_free;
	}
	return corpus->resolver;
}

/* What a lookup reports to kb_resolve_link's caller. */
typedef struct {
	void (*fn)(void *ud, const char *path);
	void *ud;
} tracer;

static void trace(const tracer *t, const char *path)
{
	if (t->fn)
		t->fn(t->ud, path);
}

static void make_folded(kb_resolver *r);

/* r's map of lower-cased paths, made on first use: most links name a path as it is written, and
 * a knowledge base whose links all resolve never needs it. Made for case-sensitive sites too: a
 * link that matches a file only when case is ignored is told apart from one that names nothing
 * (kb_link_res.case_only). */
static const kb_strmap *folded_map(kb_resolver *r)
{
	if (r->owner)
		r = r->owner;
	if (!atomic_load_explicit(&r->folded_made, memory_order_acquire)) {
		pthread_mutex_lock(&r->folded_lock);
		if (!atomic_load_explicit(&r->folded_made, memory_order_relaxed)) {
			make_folded(r);
			atomic_store_explicit(&r->folded_made, true, memory_order_release);
		}
		pthread_mutex_unlock(&r->folded_lock);
	}
	return &r->folded;
}

/* Adds path (which outlives r) to r's folded map, lower-cased, with value v. */
static void put_folded(kb_resolver *r, const char *path, size_t v)
{
	const char *p = path;
	while (*p && kb_tolower(*p) == *p)
		p++;
	if (!*p) { /* in lower case already: the key is path itself */
		kb_strmap_put(&r->folded, path, v);
		return;
	}
	char *l = xstrdup(path);
	kb_strlower(l);
	if (kb_strmap_get(&r->folded, l) == (size_t)-1)
		kb_strmap_put(&r->folded, kb_arena_strdup(&r->folded_keys, l), v);
	free(l);
}

/* Makes r's folded map (folded_map, under r->folded_lock). */
static void make_folded(kb_resolver *r)
{
	r->folded.borrowed = true;
	const kb_corpus *corpus = r->corpus;
	/* articles first: a key keeps the first value it is given */
	for (size_t i = 0; i < corpus->n; i++)
		put_folded(r, corpus->v[i].path, i);
	for (size_t i = 0; i < corpus->files.cap; i++)
		if (corpus->files.keys[i])
			put_folded(r, corpus->files.keys[i], (size_t)-2);
}

/* The value of path, lower-cased, in r's folded map: a summary index, (size_t)-2 for a file,
 * or (size_t)-1. */
static size_t folded_get(kb_resolver *r, const char *path)
{
	char *l = xstrdup(path);
	kb_strlower(l);
	size_t v = kb_strmap_get(folded_map(r), l);
	free(l);
	return v;
}

static bool on_disk(kb_resolver *r, const char *path)
{
	size_t v = kb_strmap_get(&r->stat_cache, path);
	if (v != (size_t)-1)
		return v == 1;
	struct stat st;
	bool ok = stat(path, &st) == 0;
	kb_strmap_put(&r->stat_cache, path, ok);
	return ok;
}

/* Finds path as an article, then as any file, then as a folder. */
static kb_link_kind lookup(kb_resolver *r, const char *path, const kb_summary **t,
			   const tracer *tr)
{
	trace(tr, path);
	const kb_corpus *corpus = r->corpus;
	*t = kb_corpus_find(corpus, path);
	if (*t)
		return KB_LINK_ARTICLE;
	if (kb_strmap_get(&corpus->files, path) != (size_t)-1)
		return KB_LINK_FILE;
	size_t v = folded_get(r, path);
	if (!r->fold && v != (size_t)-1)
		r->case_hit = true; /* there, but in another case */
	if (r->fold) {
		if (v == (size_t)-2)
			return KB_LINK_FILE;
		if (v != (size_t)-1) {
			*t = &corpus->v[v];
			return KB_LINK_ARTICLE;
		}
	}
	return on_disk(r, path) ? KB_LINK_FILE : KB_LINK_MISSING;
}

/* lookup, then the configured endings: a site's link may name the page a source file becomes
 * (".html" for ".html.md.erb") */
static kb_link_kind find(kb_resolver *r, const char *abs, const kb_summary **t, const tracer *tr)
{
	const kb_config *cfg = r->cfg;
	kb_link_kind k = lookup(r, abs, t, tr);
	size_t alen = strlen(abs);
	for (size_t i = 0; k == KB_LINK_MISSING && i < cfg->ext_from.n; i++) {
		const char *from = cfg->ext_from.v[i];
		size_t fl = strlen(from);
		if (alen < fl || strcmp(abs + alen - fl, from) != 0)
			continue;
		kb_buf cand = {0};
		kb_buf_put(&cand, abs, alen - fl);
		kb_buf_puts(&cand, cfg->ext_to.v[i]);
		k = lookup(r, cand.data, t, tr);
		kb_buf_free(&cand);
	}
	return k;
}

/* The file (or folder) at abs, as links named files before sites were known: the path, its
 * configured endings, "page" for "page.html", a folder's index.md or README.md (and _index.md
 * on a pretty-URL site), "page" for "page.md". */
static void resolve_file(kb_resolver *r, const char *abs, kb_link_res *out, const tracer *tr)
{
	const kb_config *cfg = r->cfg;
	out->kind = find(r, abs, &out->target, tr);
	const char *base = strrchr(abs, '/');
	if (out->kind == KB_LINK_MISSING && !strchr(base ? base : abs, '.')) {
		for (size_t i = 0; out->kind == KB_LINK_MISSING && i < cfg->ext_from.n; i++) {
			kb_buf cand = {0};
			kb_buf_printf(&cand, "%s%s", abs, cfg->ext_from.v[i]);
			out->kind = find(r, cand.data, &out->target, tr);
			kb_buf_free(&cand);
		}
	}
	static const char *const pages[] = {"/index.md", "/README.md", ".md", "/_index.md"};
	size_t npages = cfg->pretty_urls ? 4 : 3;
	for (size_t i = 0; i < npages && out->kind != KB_LINK_ARTICLE; i++) {
		kb_buf cand = {0};
		kb_buf_puts(&cand, abs);
		kb_buf_puts(&cand, pages[i]);
		trace(tr, cand.data);
		const kb_summary *t = kb_corpus_find(r->corpus, cand.data);
		if (t) {
			out->kind = KB_LINK_ARTICLE;
			out->target = t;
		}
		kb_buf_free(&cand);
	}
}

static void resolve_site(kb_resolver *r, const char *site, bool relative, kb_link_res *out,
			 const tracer *tr, int hops);

static bool is_folder(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* Whether the site serves t somewhere else than its file's path says (its url or slug). */
static bool moved(const kb_resolver *r, const kb_summary *t)
{
	return (t->url && *t->url) || (t->slug && *t->slug && r->cfg->pretty_urls);
}

/* The rest of site path sp below URL prefix pf ("/docs/" for "/docs/a/b": "/a/b"), or NULL. */
static const char *prefixed(const char *pf, const char *sp)
{
	if (!pf || !sp)
		return NULL;
	size_t pl = strlen(pf);
	while (pl > 1 && pf[pl - 1] == '/')
		pl--;
	if (pl == 1)
		return sp; /* "/": every path */
	if (strncmp(sp, pf, pl) != 0 || (sp[pl] && sp[pl] != '/'))
		return NULL;
	return sp + pl;
}

/* The article key names in the URL map, or its redirect followed; false when neither. */
static bool from_maps(kb_resolver *r, const char *key, kb_link_res *out, const tracer *tr,
		      int hops)
{
	size_t i = kb_strmap_get(&r->urls, key);
	if (i != (size_t)-1) {
		out->kind = KB_LINK_ARTICLE;
		out->target = &r->corpus->v[i];
		trace(tr, out->target->path);
		return true;
	}
	i = kb_strmap_get(&r->redirects, key);
	if (i == (size_t)-1)
		return false;
	const redirect *d = &r->redir[i];
	if (d->article) {
		size_t idx = (size_t)(d->article - r->corpus->v);
		if (!out->redirect)
			out->redirect = xstrdup(r->served[idx] ? r->served[idx] : d->article->file);
		out->kind = KB_LINK_ARTICLE;
		out->target = d->article;
		trace(tr, d->article->path);
		return true;
	}
	if (!out->redirect)
		out->redirect = xstrdup(d->to);
	if (kb_url_external(d->to)) {
		out->kind = KB_LINK_FILE; /* another site: never fetched */
		return true;
	}
	if (hops >= MAX_HOPS) {
		out->kind = KB_LINK_SKIP;
		return true;
	}
	char *to = decode(d->to, strcspn(d->to, "?#"));
	if (!*to) {
		out->kind = KB_LINK_SKIP;
	} else if (to[0] == '/') {
		resolve_site(r, to, false, out, tr, hops + 1);
	} else {
		char *joined = kb_path_join(r->cfg->dir ? r->cfg->dir : ".", to);
		char *abs = kb_path_absolute(joined);
		resolve_file(r, abs, out, tr);
		free(abs);
		free(joined);
	}
	free(to);
	return true;
}

/* A site path ("/a/b/"): the article served there, a file under a matching links.prefixes
 * folder or under the site's root, or a redirect. A site-absolute link is checked only against
 * links.root or a matching prefix, and skipped without them (relative says it came from a
 * page's own URL, which is below the root). */
static void resolve_site(kb_resolver *r, const char *site, bool relative, kb_link_res *out,
			 const tracer *tr, int hops)
{
	const kb_config *cfg = r->cfg;
	char *sp = kb_path_absolute(site); /* ".." above the root stays at the root */
	char *key = site_key(r, sp);
	out->target = NULL;
	bool rooted = relative || cfg->links_root;
	for (size_t i = 0; !rooted && i < cfg->prefix_from.n; i++)
		rooted = prefixed(cfg->prefix_from.v[i], sp) != NULL;
	if (!rooted) {
		/* site-absolute, and no root to resolve it against: the site's own paths are
		 * unknown (a page's path below the config's folder is not its URL) */
		out->kind = KB_LINK_SKIP;
		goto done;
	}
	if (kb_strmap_get(&r->urls, key) != (size_t)-1) {
		from_maps(r, key, out, tr, hops);
		goto done;
	}
	for (size_t i = 0; i < cfg->prefix_from.n; i++) {
		const char *rest = prefixed(cfg->prefix_from.v[i], sp);
		if (!rest)
			continue;
		char *abs = kb_path_join(cfg->prefix_to.v[i], rest);
		resolve_file(r, abs, out, tr);
		free(abs);
		if (out->kind == KB_LINK_ARTICLE && moved(r, out->target))
			out->kind = KB_LINK_MISSING;
		if (out->kind != KB_LINK_MISSING)
			goto done;
	}
	if (cfg->links_root || relative) {
		char *abs = kb_path_join(r->root, sp);
		char *norm = kb_path_absolute(abs);
		resolve_file(r, norm, out, tr);
		bool folder = out->kind == KB_LINK_FILE && is_folder(norm);
		free(norm);
		free(abs);
		if (out->kind == KB_LINK_ARTICLE && moved(r, out->target))
			out->kind = KB_LINK_MISSING; /* its url or slug serves it elsewhere */
		/* a folder with no index page is no page: a redirect there (an alias) wins */
		if (folder && kb_strmap_get(&r->redirects, key) != (size_t)-1)
			out->kind = KB_LINK_MISSING;
		if (out->kind != KB_LINK_MISSING)
			goto done;
	}
	if (from_maps(r, key, out, tr, hops))
		goto done;
	out->kind = KB_LINK_MISSING;
done:
	free(key);
	free(sp);
}

/* A file path (a relative link from its article's folder): as a file, else the page or
 * redirect its site path names. */
static void resolve_path(kb_resolver *r, const char *abs, kb_link_res *out, const tracer *tr)
{
	resolve_file(r, abs, out, tr);
	if (out->kind != KB_LINK_MISSING)
		return;
	char *site = site_of_file(r, abs);
	char *key = site ? site_key(r, site) : file_key(r, abs);
	from_maps(r, key, out, tr, 0);
	free(key);
	free(site);
}

/* The last segment of path ends in a source file's ending (".md", a links.extensions target):
 * a link to a file, resolved from the article's folder even on a pretty-URL site. */
static bool source_link(const kb_config *cfg, const char *path)
{
	size_t n = strlen(path);
	if (ends_with(path, n, ".md") || ends_with(path, n, ".markdown"))
		return true;
	for (size_t i = 0; i < cfg->ext_to.n; i++)
		if (ends_with(path, n, cfg->ext_to.v[i]))
			return true;
	return false;
}

/* A relative link from a page of a pretty-URL site, tried in turn until one names something:
 * from the page's URL ("/a/b/" for a/b.md: what a browser does; first for a link to a page's
 * URL or a non-source file), from the source file's folder (a link to a source file; a render
 * hook's or Hugo's GetPage lookup), then from the site's root (GetPage's second try). */
static void resolve_pretty(kb_resolver *r, const kb_summary *from, const char *served,
			   const char *rel, kb_link_res *out, const tracer *tr)
{
	bool source = source_link(r->cfg, rel);
	for (int step = 0; step < 4; step++) {
		kb_link_res got = {0};
		kb_buf b = {0};
		if (step == 0 || step == 2) {
			if ((step == 0) == source)
				continue;
			const char *slash = strrchr(served, '/');
			kb_buf_put(&b, served, (size_t)(slash - served) + 1);
			kb_buf_puts(&b, rel);
			resolve_site(r, b.data, true, &got, tr, 0);
		} else if (step == 1) {
			const char *fs = strrchr(from->path, '/');
			kb_buf_put(&b, from->path, fs ? (size_t)(fs - from->path) : 0);
			kb_buf_printf(&b, "/%s", rel);
			char *abs = kb_path_absolute(b.data);
			resolve_path(r, abs, &got, tr);
			free(abs);
		} else {
			kb_buf_printf(&b, "/%s", rel);
			resolve_site(r, b.data, true, &got, tr, 0);
		}
		kb_buf_free(&b);
		out->kind = got.kind;
		out->target = got.target;
		free(out->redirect);
		out->redirect = got.redirect;
		got.redirect = NULL;
		kb_link_res_free(&got);
		if (out->kind != KB_LINK_MISSING)
			return;
	}
}

/* The first article whose path is p when ASCII letter case is ignored, or NULL. */
static const kb_summary *find_folded(kb_resolver *r, const char *p)
{
	size_t v = folded_get(r, p);
	return v < r->corpus->n ? &r->corpus->v[v] : NULL;
}

/* The page Hugo's content file abs names: itself, or abs ".md", abs "/index.md" or abs
 * "/_index.md" (a bundle), in that case or (a second pass) in any case. */
static kb_link_kind ref_page(kb_resolver *r, const char *abs, const kb_summary **t,
			     const tracer *tr)
{
	static const char *const ends[] = {"", ".md", "/index.md", "/_index.md"};
	kb_link_kind k = KB_LINK_MISSING;
	for (size_t i = 0; i < 8 && k != KB_LINK_ARTICLE; i++) {
		kb_buf cand = {0};
		kb_buf_printf(&cand, "%s%s", abs, ends[i % 4]);
		if (i == 0) {
			k = find(r, cand.data, t, tr);
		} else {
			if (i < 4)
				trace(tr, cand.data);
			if ((*t = i < 4 ? kb_corpus_find(r->corpus, cand.data)
					: find_folded(r, cand.data)))
				k = KB_LINK_ARTICLE;
		}
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
 * '/', else relative to the page's folder and then to the content root, and at last, a bare
 * name, the one page of that name. The content root is links.root, else the page's nearest
 * folder named "content"; its first folder below it (a language's, "content/en") is tried
 * after it. */
static void resolve_ref(kb_resolver *r, const kb_summary *s, const char *path, kb_link_res *out,
			const tracer *tr)
{
	const kb_config *cfg = r->cfg;
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
	out->kind = bases[0] ? KB_LINK_MISSING : KB_LINK_SKIP;
	for (size_t i = 0; i < 3 && out->kind == KB_LINK_MISSING; i++) {
		if (!bases[i])
			continue;
		char *joined = kb_path_join(bases[i], path[0] == '/' ? path + 1 : path);
		char *abs = kb_path_absolute(joined);
		out->kind = ref_page(r, abs, &out->target, tr);
		free(abs);
		free(joined);
	}
	if ((out->kind == KB_LINK_MISSING || out->kind == KB_LINK_SKIP) && !strchr(path, '/') &&
	    (out->target = ref_by_name(r->corpus, path)))
		out->kind = KB_LINK_ARTICLE;
	free(lang);
	free(dir);
	free(root);
}

/* A link that is not a ref: rel is its path, decoded ('\\' made '/' here). */
/* packed: the file rel names from the article's folder when the link is packed and its path
 * has nothing to decode (kb_summary_pack_links): what joining rel to that folder gives, known
 * without joining; or NULL. */
static void resolve_plain(kb_resolver *r, const kb_summary *from, char *rel, const char *packed,
			  kb_link_res *out, const tracer *tr)
{
	for (char *b = rel; *b; b++)
		if (*b == '\\')
			*b = '/'; /* as browsers (WHATWG URL) and docfx read it */
	if (templated(rel) || ignored(r->cfg, rel))
		return;
	const kb_corpus *c = r->corpus;
	const char *served = NULL;
	if (from >= c->v && from < c->v + c->n)
		served = r->served[from - c->v];
	if (rel[0] == '/') {
		resolve_site(r, rel, false, out, tr, 0);
	} else if (r->cfg->pretty_urls && served) {
		resolve_pretty(r, from, served, rel, out, tr);
	} else if (packed) {
		resolve_path(r, packed, out, tr);
	} else {
		const char *slash = strrchr(from->path, '/');
		char *dir = xstrndup(from->path, slash ? (size_t)(slash - from->path) : 0);
		char *joined = kb_path_join(*dir ? dir : "/", rel);
		char *abs = kb_path_absolute(joined);
		resolve_path(r, abs, out, tr);
		free(abs);
		free(joined);
		free(dir);
	}
}

size_t kb_link_parts(const char *url, char **fragment)
{
	const char *hash = strchr(url, '#');
	size_t plen = hash ? (size_t)(hash - url) : strlen(url);
	const char *q = memchr(url, '?', plen);
	if (q)
		plen = (size_t)(q - url);
	if (fragment)
		*fragment = hash && hash[1] ? decode(hash + 1, strlen(hash + 1)) : NULL;
	return plen;
}

void kb_resolve_link(kb_resolver *r, const kb_summary *from, const kb_sum_link *link,
		     kb_link_res *out, void (*tried)(void *ud, const char *path), void *ud)
{
	kb_buf ub = {0};
	const char *u = kb_sum_link_url(r->corpus, from, link, &ub);
	tracer tr = {tried, ud};
	memset(out, 0, sizeof *out);
	if (!*u || kb_url_external(u) || templated(u)) {
		kb_buf_free(&ub);
		return; /* another site, never fetched; or what the generator writes */
	}
	size_t plen = kb_link_parts(u, &out->fragment);
	out->plen = plen;
	if (plen == 0) {
		out->kind = strchr(u, '#') ? KB_LINK_ARTICLE : KB_LINK_SKIP;
		out->target = from;
		kb_buf_free(&ub);
		return;
	}
	char *rel = decode(u, plen);
	const char *packed = link->file && !memchr(u, '%', plen) && !memchr(u, '\\', plen)
				     ? r->corpus->paths[link->file - 1]
				     : NULL;
	kb_buf_free(&ub);
	r->case_hit = false;
	if (link->ref) {
		resolve_ref(r, from, rel, out, &tr);
	} else {
		resolve_plain(r, from, rel, packed, out, &tr);
	}
	out->case_only = out->kind == KB_LINK_MISSING && r->case_hit;
	if (out->kind == KB_LINK_ARTICLE && out->target) {
		trace(&tr, out->target->path);
		/* its anchors come from the files it includes too */
		for (size_t i = 0; i < out->target->nincludes; i++)
			trace(&tr, out->target->includes[i]);
	}
	free(rel);
}

/* The summary of the included file at path: its article's, or, for a file that is not checked
 * (a headless fragment, an includes/ folder), one made from the file once; NULL when it gives
 * none. */
static const kb_summary *included_summary(kb_resolver *r, const char *path)
{
	const kb_summary *t = kb_corpus_find(r->corpus, path);
	if (t)
		return t;
	size_t i = kb_strmap_get(&r->extra_index, path);
	if (i == (size_t)-2)
		return NULL;
	if (i != (size_t)-1)
		return &r->extra[i];
	struct stat st;
	kb_loaded *l = NULL;
	/* only what the knowledge base holds: an include names no file outside it */
	bool inside = below(path, r->root) || below(path, r->dir);
	if (inside && stat(path, &st) == 0 && S_ISREG(st.st_mode))
		l = kb_load_file(path, path, 0, kb_filetype_of(path), r->cfg);
	if (!l || l->err || !l->narticles) {
		kb_strmap_put(&r->extra_index, path, (size_t)-2);
		if (l)
			kb_loaded_free(l);
		return NULL;
	}
	r->extra = xrealloc(r->extra, (r->nextra + 1) * sizeof *r->extra);
	kb_summary_make(&r->extra[r->nextra], &r->extra_arena, l->articles[0], path, r->cfg);
	kb_loaded_free(l);
	kb_strmap_put(&r->extra_index, path, r->nextra);
	return &r->extra[r->nextra++];
}

/* One of the files paths names (an article's includes) has the anchor, or one of the files it
 * includes, at most 4 deep. */
static bool included(kb_resolver *r, const char *const *paths, size_t n,
		     const char *fragment, int depth)
{
	for (size_t i = 0; depth < 4 && i < n; i++) {
		const kb_summary *t = included_summary(r, paths[i]);
		if (t && (kb_summary_has_anchor(t, fragment) ||
			  included(r, t->includes, t->nincludes, fragment, depth + 1)))
			return true;
	}
	return false;
}

void kb_link_res_free(kb_link_res *res)
{
	free(res->fragment);
	free(res->redirect);
	res->fragment = res->redirect = NULL;
}

bool kb_resolver_included_anchor(kb_resolver *r, const char *const *paths, size_t n,
				 const char *fragment)
{
	return included(r, paths, n, fragment, 0);
}

/* One summary's anchors: fragment or low (its lower case) among its own or its includes'. */
static bool anchor_in(kb_resolver *r, const kb_summary *t, const char *fragment, const char *low)
{
	return kb_summary_has_anchor(t, fragment) || kb_summary_has_anchor(t, low) ||
	       included(r, t->includes, t->nincludes, fragment, 0) ||
	       included(r, t->includes, t->nincludes, low, 0);
}

bool kb_resolver_anchor_ok(kb_resolver *r, const kb_summary *target, const char *fragment)
{
	if (kb_strv_contains(&r->cfg->link_anchors, fragment))
		return true;
	char *low = xstrdup(fragment);
	kb_strlower(low);
	/* the anchor is on the target's page: in any article of its file (a YAML file's articles
	 * are one page; their summaries are next to each other in the corpus). A page that is no
	 * article (a landing page) has anchors kblint does not know: any is taken. */
	const kb_corpus *c = r->corpus;
	const kb_summary *first = target, *end = c->v + c->n;
	bool in = target >= c->v && target < end, ok = false;
	while (in && first > c->v && strcmp(first[-1].path, target->path) == 0)
		first--;
	for (const kb_summary *s = first; !ok && s < (in ? end : target + 1); s++) {
		if (s != target && (!in || strcmp(s->path, target->path) != 0))
			break;
		ok = s->page || anchor_in(r, s, fragment, low);
	}
	free(low);
	return ok;
}
