/* links.c: the "links" kind: links between articles, checked after every article is loaded.
 * Each link is resolved once (cached in the corpus) and each rule reads the resolution. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "corpus.h"
#include "resolve.h"
#include "rule.h"

#define CHECKS(X)                                                                             \
	X(MISSING_FILE, "missing-file", "link target '${url}' does not exist")                \
	X(MISSING_ANCHOR, "missing-anchor", "no heading or anchor '#${fragment}' in ${target}") \
	X(RETIRED_TARGET, "retired-target", "links to ${status} article ${target}")           \
	X(STALE_TARGET, "stale-target",                                                       \
	  "links to ${target}${links:+ (${links})}, review overdue by ${overdue}")             \
	X(REDIRECTED, "redirected", "links to '${target}', which redirects to '${redirect}'") \
	X(CASE_MISMATCH, "case-mismatch",                                                     \
	  "link target '${url}' matches a file only when letter case is ignored")

#define CHECKS_KIND "links"
#include "checks.h"

/* One link's resolution as the rules read it, 4 bytes for every link of the corpus, with
 * whether its #fragment names no anchor of its target. What only a finding needs is made again
 * from the link when a rule reports it: its fragment from its url (kb_link_parts), the
 * redirect's target by resolving it again (a link resolves the same every time). */
enum { TARGET_BITS = 27 }; /* a corpus of more articles is not resolved (KB_LINK_SKIP) */
typedef struct {
	uint32_t target : TARGET_BITS; /* KB_LINK_ARTICLE: the target's index in the corpus */
	uint32_t kind : 2;             /* kb_link_kind */
	uint32_t flags : 3;            /* RES_* */
} link_res;

enum { RES_CASE_ONLY = 1, RES_REDIRECTED = 2, RES_NO_ANCHOR = 4 };
_Static_assert(KB_LINK_ARTICLE < 4 && KB_LINK_FILE < 4, "a link's kind takes two bits");

typedef struct {
	link_res *v;     /* link j of summary i: v[first[i] + j] */
	uint32_t *first; /* one per summary */
} cache;

static void cache_free(void *p)
{
	cache *c = p;
	free(c->v);
	free(c->first);
	free(c);
}

/* The resolution of a corpus's links on several threads: each takes the next CHUNK summaries
 * that no thread has taken (next) until none is left, and resolves their links with the
 * corpus's resolver (the calling thread) or a view of it (the others: their own stat cache, as
 * a view is used by one thread). A link can cost a stat and another nothing, so parts cut in
 * advance finish far apart. */
typedef struct {
	kb_corpus_check *cc;
	cache *c;
	kb_resolver *res;
	atomic_size_t next;
} resolution;

typedef struct {
	resolution *all;
	bool view;
} part;

enum { CHUNK = 32 };

/* r in 4 bytes; the anchor looked up with res, the resolver r was made with. */
static link_res compact(kb_resolver *res, const kb_corpus *corpus, const kb_link_res *r)
{
	link_res k = {.kind = (unsigned)r->kind & 3u};
	bool no_anchor = false;
	if (r->kind == KB_LINK_ARTICLE) {
		k.target = (uint32_t)(r->target - corpus->v) & ((1u << TARGET_BITS) - 1);
		no_anchor = r->fragment && !kb_resolver_anchor_ok(res, r->target, r->fragment);
	}
	k.flags = (r->case_only ? RES_CASE_ONLY : 0u) | (r->redirect ? RES_REDIRECTED : 0u) |
		  (no_anchor ? RES_NO_ANCHOR : 0u);
	return k;
}

static void *resolve_part(void *ud)
{
	part *p = ud;
	resolution *all = p->all;
	const kb_corpus_check *cc = all->cc;
	kb_corpus *corpus = cc->corpus;
	kb_resolver *res = p->view ? kb_resolver_view(all->res) : all->res;
	for (;;) {
		size_t from = atomic_fetch_add(&all->next, CHUNK);
		if (from >= corpus->n)
			break;
		size_t to = corpus->n - from > CHUNK ? from + CHUNK : corpus->n;
		for (size_t i = from; i < to; i++) {
			const kb_summary *s = &corpus->v[i];
			if (cc->only != KB_ALL_FILES && s->file_index != cc->only)
				continue; /* its findings are not wanted: its links stay unresolved */
			for (size_t j = 0; j < s->nlinks; j++) {
				kb_link_res r;
				kb_resolve_link(res, s, &s->links[j], &r, NULL, NULL);
				all->c->v[all->c->first[i] + j] = compact(res, corpus, &r);
				kb_link_res_free(&r);
			}
		}
	}
	if (p->view)
		kb_resolver_free(res);
	return NULL;
}

enum { PART_MAX = 16, PART_MIN_LINKS = 4096 }; /* fewer links: one thread is quicker */

/* The threads a pass over the whole corpus may take: the run's jobs, at most PART_MAX; one
 * when only one file's findings are wanted. */
static size_t threads_for(const kb_corpus_check *cc)
{
	if (cc->jobs <= 1 || cc->only != KB_ALL_FILES)
		return 1;
	return cc->jobs < PART_MAX ? cc->jobs : PART_MAX;
}

/* Every link of the corpus resolved once (resolve.h), shared by the kind's rules. With several
 * jobs and enough links, on as many threads (resolution); each link's resolution depends only
 * on the corpus, so the cache is the same for any number of threads. */
static cache *resolve_all(kb_corpus_check *cc)
{
	kb_corpus *corpus = cc->corpus;
	if (corpus->cache && corpus->cache_free == cache_free)
		return corpus->cache;
	cache *c = xcalloc(1, sizeof *c);
	c->first = xmalloc((corpus->n ? corpus->n : 1) * sizeof *c->first);
	size_t links = 0;
	for (size_t i = 0; i < corpus->n; i++) {
		c->first[i] = (uint32_t)links; /* all of them unresolved when that wraps (below) */
		links += corpus->v[i].nlinks;
	}
	c->v = xcalloc(links ? links : 1, sizeof *c->v); /* zero: KB_LINK_SKIP */
	if (corpus->n >= 1u << TARGET_BITS || links > UINT32_MAX) {
		corpus->cache = c; /* 134 million articles: more than kblint keeps in memory */
		corpus->cache_free = cache_free;
		return c;
	}
	size_t nparts = links >= PART_MIN_LINKS ? threads_for(cc) : 1;
	resolution all = {cc, c, kb_corpus_resolver(corpus, cc->cfg), 0};
	part parts[PART_MAX];
	pthread_t threads[PART_MAX];
	bool started[PART_MAX] = {false};
	/* the calling thread takes summaries until none is left, whether the others start or not */
	for (size_t k = 1; k < nparts; k++) {
		parts[k] = (part){&all, true};
		started[k] = pthread_create(&threads[k], NULL, resolve_part, &parts[k]) == 0;
	}
	parts[0] = (part){&all, false};
	resolve_part(&parts[0]);
	for (size_t k = 1; k < nparts; k++)
		if (started[k])
			pthread_join(threads[k], NULL);
	corpus->cache = c;
	corpus->cache_free = cache_free;
	return c;
}

/* True when link j of an article (its resolutions links[0..n)) is a stale-target link whose
 * target an earlier link of the article already names: one finding per linking article and
 * target (docs/links.md). *more counts the links to that target from j on, j itself
 * included, when j is the first. */
static bool stale_seen(const link_res *links, size_t n, size_t j, size_t *more)
{
	uint32_t t = links[j].target;
	for (size_t k = 0; k < j; k++)
		if (links[k].kind == KB_LINK_ARTICLE && links[k].target == t)
			return true;
	*more = 0;
	for (size_t k = j; k < n; k++)
		*more += links[k].kind == KB_LINK_ARTICLE && links[k].target == t;
	return false;
}

/* Whether link j of summary i is a finding of check which; *more as stale_seen sets it. */
static bool is_hit(check_id which, const kb_corpus_check *cc, const cache *c, size_t i,
		   size_t j, size_t *more)
{
	const kb_summary *v = cc->corpus->v, *s = &v[i];
	const link_res *links = &c->v[c->first[i]], *r = &links[j];
	const kb_summary *t = r->kind == KB_LINK_ARTICLE ? &v[r->target] : NULL;
	switch (which) {
	case CHECK_MISSING_FILE:
		return r->kind == KB_LINK_MISSING && !(r->flags & RES_CASE_ONLY);
	case CHECK_CASE_MISMATCH:
		return r->kind == KB_LINK_MISSING && (r->flags & RES_CASE_ONLY);
	case CHECK_MISSING_ANCHOR:
		return r->flags & RES_NO_ANCHOR;
	case CHECK_RETIRED_TARGET:
		return t && t != s && t->retired;
	case CHECK_REDIRECTED:
		return (r->flags & RES_REDIRECTED) && r->kind != KB_LINK_MISSING;
	case CHECK_STALE_TARGET:
		/* a page (a TOC) lists overdue articles: their own findings say so */
		return t && t != s && !s->page && !t->retired && t->has_due &&
		       t->due < cc->today && !stale_seen(links, s->nlinks, j, more);
	}
	return false;
}

/* One part of a rule's findings: those of summaries [from, to), emitted into cc.out. A
 * redirected link is resolved again with the corpus's resolver on the thread that owns it
 * (view false), or with a view of it made on first use. */
typedef struct {
	const kb_rule *rule;
	kb_corpus_check cc;
	const cache *c;
	size_t from, to;
	kb_resolver *owner, *view;
	bool own_thread;
} emission;

static kb_resolver *resolver_of(emission *p)
{
	if (!p->own_thread)
		return p->owner;
	if (!p->view)
		p->view = kb_resolver_view(p->owner);
	return p->view;
}

/* The finding of link j of summary i, which is a hit of p's rule (is_hit). */
static void emit_hit(emission *p, check_id which, size_t i, size_t j, size_t more)
{
	kb_corpus_check *cc = &p->cc;
	const kb_summary *v = cc->corpus->v, *s = &v[i];
	const link_res *r = &p->c->v[p->c->first[i] + j];
	const kb_summary *t = r->kind == KB_LINK_ARTICLE ? &v[r->target] : NULL;
	const kb_sum_link *l = &s->links[j];
	kb_link_res again = {0};
	kb_vars vars = {0};
	char days[48], count[32];
	if (which == CHECK_RETIRED_TARGET && t) { /* a hit has a target article (is_hit) */
		kb_vars_set(&vars, "status", t->status);
	} else if (which == CHECK_REDIRECTED) {
		kb_resolve_link(resolver_of(p), s, l, &again, NULL, NULL);
		kb_vars_set(&vars, "redirect", again.redirect);
	} else if (which == CHECK_STALE_TARGET && t) {
		long d = (long)cc->today - t->due;
		if (more > 1) {
			snprintf(count, sizeof count, "%zu links", more);
			kb_vars_set(&vars, "links", count);
		}
		snprintf(days, sizeof days, "%ld day%s", d, d == 1 ? "" : "s");
		kb_vars_set(&vars, "overdue", days);
	}
	char *fragment;
	kb_buf ub = {0};
	const char *url = kb_sum_link_url(cc->corpus, s, l, &ub);
	size_t plen = kb_link_parts(url, &fragment);
	kb_vars_set(&vars, "url", url);
	kb_vars_set(&vars, "fragment", fragment);
	char *path = xstrndup(url, plen);
	kb_vars_set(&vars, "target", t == s && which != CHECK_REDIRECTED ? "this article" : path);
	kb_buf msg = {0};
	kb_template_expand(p->rule->message, kb_vars_lookup, &vars, &msg);
	free(path);
	kb_buf_free(&ub);
	kb_emit_summary(cc, p->rule, s, kb_sum_link_at(l), msg.data ? msg.data : "");
	kb_buf_free(&msg);
	free(fragment);
	kb_link_res_free(&again);
}

static void *emit_part(void *ud)
{
	emission *p = ud;
	check_id which = check_of(p->rule);
	for (size_t i = p->from; i < p->to; i++)
		for (size_t j = 0; j < p->cc.corpus->v[i].nlinks; j++) {
			size_t more = 0;
			if (is_hit(which, &p->cc, p->c, i, j, &more))
				emit_hit(p, which, i, j, more);
		}
	if (p->view)
		kb_resolver_free(p->view);
	return NULL;
}

enum { EMIT_MIN_HITS = 512 }; /* fewer findings: one thread is quicker */
enum { BLOCK = 64 };         /* summaries counted together, and never cut apart */

/* The rule's findings, in the order of the corpus's summaries. A finding (its message made, its
 * fingerprint hashed, its strings copied) costs more than a link resolved, and a knowledge base
 * of overdue articles has tens of thousands: with several jobs and enough of them, they are
 * counted first, the summaries cut into parts of about as many findings, and each part emitted
 * on a thread straight into its own room in cc->out (kb_results_part), so that they take no
 * more memory than on one thread and come in the same order. */
static void check_corpus(const kb_rule *rule, kb_corpus_check *cc)
{
	cache *c = resolve_all(cc);
	check_id which = check_of(rule);
	size_t n = cc->corpus->n;
	size_t nparts = threads_for(cc);
	kb_resolver *owner = kb_corpus_resolver(cc->corpus, cc->cfg);
	/* the hits of each BLOCK summaries, and in all */
	size_t nblocks = (n + BLOCK - 1) / BLOCK, total = 0;
	size_t *hits = NULL;
	if (nparts > 1) {
		hits = xcalloc(nblocks ? nblocks : 1, sizeof *hits);
		for (size_t i = 0; i < n; i++)
			for (size_t j = 0; j < cc->corpus->v[i].nlinks; j++) {
				size_t more;
				hits[i / BLOCK] += is_hit(which, cc, c, i, j, &more);
			}
		for (size_t b = 0; b < nblocks; b++)
			total += hits[b];
		if (total < EMIT_MIN_HITS)
			nparts = 1;
	}
	if (nparts == 1) {
		emission one = {rule, *cc, c, 0, n, owner, NULL, false};
		emit_part(&one);
		free(hits);
		return;
	}
	kb_results_reserve(cc->out, total);
	emission parts[PART_MAX];
	kb_results outs[PART_MAX];
	pthread_t threads[PART_MAX];
	bool started[PART_MAX] = {false};
	size_t b = 0, done = 0;
	for (size_t k = 0; k < nparts; k++) {
		size_t want = total * (k + 1) / nparts, from = b, first = done; /* hits in 0..k */
		while (b < nblocks && (k + 1 == nparts || done < want))
			done += hits[b++];
		kb_results_part(cc->out, first, done - first, &outs[k]);
		size_t to = b * BLOCK < n ? b * BLOCK : n;
		parts[k] = (emission){rule, *cc, c, from * BLOCK < n ? from * BLOCK : n, to, owner,
				      NULL, k > 0};
		parts[k].cc.out = &outs[k];
	}
	free(hits);
	/* a part whose thread cannot be started is emitted here, after part 0 */
	for (size_t k = 1; k < nparts; k++)
		started[k] = pthread_create(&threads[k], NULL, emit_part, &parts[k]) == 0;
	emit_part(&parts[0]);
	for (size_t k = 1; k < nparts; k++) {
		if (started[k])
			pthread_join(threads[k], NULL);
		else
			emit_part(&parts[k]);
	}
	for (size_t k = 0; k < nparts; k++)
		kb_results_join(cc->out, &outs[k]);
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
