/* links.c: the "links" kind: links between articles, checked after every article is loaded.
 * Each link is resolved once (cached in the corpus) and each rule reads the resolution. */
#include <pthread.h>
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
	link_res *v;   /* link j of summary i: v[first[i] + j] */
	size_t *first; /* one per summary */
} cache;

static void cache_free(void *p)
{
	cache *c = p;
	free(c->v);
	free(c->first);
	free(c);
}

/* The links of summaries [from, to) of a corpus, resolved into a cache with the corpus's
 * resolver (part 0, on the calling thread) or a view of it (the others). */
typedef struct {
	kb_corpus_check *cc;
	cache *c;
	size_t from, to;
	kb_resolver *res;
	bool view;
} part;

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
	kb_corpus *corpus = p->cc->corpus;
	kb_resolver *res = p->view ? kb_resolver_view(p->res) : p->res;
	for (size_t i = p->from; i < p->to; i++) {
		const kb_summary *s = &corpus->v[i];
		if (p->cc->only != KB_ALL_FILES && s->file_index != p->cc->only)
			continue; /* its findings are not wanted: its links stay unresolved (skipped) */
		for (size_t j = 0; j < s->nlinks; j++) {
			kb_link_res r;
			kb_resolve_link(res, s, &s->links[j], &r, NULL, NULL);
			p->c->v[p->c->first[i] + j] = compact(res, corpus, &r);
			kb_link_res_free(&r);
		}
	}
	if (p->view)
		kb_resolver_free(res);
	return NULL;
}

enum { PART_MAX = 16, PART_MIN_LINKS = 4096 }; /* fewer links: one thread is quicker */

/* Every link of the corpus resolved once (resolve.h), shared by the kind's rules. With several
 * jobs the summaries are cut into parts of about as many links, each resolved on a thread with
 * a view of the corpus's resolver (which keeps what it looked up); each link's resolution
 * depends only on the corpus, so the cache is the same for any number of parts. */
static cache *resolve_all(kb_corpus_check *cc)
{
	kb_corpus *corpus = cc->corpus;
	if (corpus->cache && corpus->cache_free == cache_free)
		return corpus->cache;
	cache *c = xcalloc(1, sizeof *c);
	c->first = xmalloc((corpus->n ? corpus->n : 1) * sizeof *c->first);
	size_t links = 0;
	for (size_t i = 0; i < corpus->n; i++) {
		c->first[i] = links;
		links += corpus->v[i].nlinks;
	}
	c->v = xcalloc(links ? links : 1, sizeof *c->v); /* zero: KB_LINK_SKIP */
	if (corpus->n >= 1u << TARGET_BITS) {
		corpus->cache = c; /* 134 million articles: more than kblint keeps in memory */
		corpus->cache_free = cache_free;
		return c;
	}
	size_t nparts = cc->jobs > 1 && cc->only == KB_ALL_FILES && links >= PART_MIN_LINKS
				? (cc->jobs < PART_MAX ? cc->jobs : PART_MAX)
				: 1;
	kb_resolver *res = kb_corpus_resolver(corpus, cc->cfg);
	part parts[PART_MAX];
	pthread_t threads[PART_MAX];
	bool started[PART_MAX] = {false};
	size_t at = 0;
	for (size_t k = 0; k < nparts; k++) {
		size_t want = links * (k + 1) / nparts; /* links in parts 0..k */
		size_t to = at;
		while (to < corpus->n && (k + 1 == nparts || c->first[to] < want))
			to++;
		/* part 0 on this thread with the corpus's resolver, the others with views of it
		 * (their own stat cache: a view is used by one thread) */
		parts[k] = (part){cc, c, at, to, res, k > 0};
		at = to;
	}
	/* a part whose thread cannot be started is resolved here, after part 0 */
	for (size_t k = 1; k < nparts; k++)
		started[k] = pthread_create(&threads[k], NULL, resolve_part, &parts[k]) == 0;
	resolve_part(&parts[0]);
	for (size_t k = 1; k < nparts; k++) {
		if (started[k])
			pthread_join(threads[k], NULL);
		else
			resolve_part(&parts[k]);
	}
	corpus->cache = c;
	corpus->cache_free = cache_free;
	return c;
}

static kb_resolver *corpus_resolver(kb_corpus_check *cc)
{
	return kb_corpus_resolver(cc->corpus, cc->cfg);
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

static void check_corpus(const kb_rule *rule, kb_corpus_check *cc)
{
	check_id which = check_of(rule);
	cache *c = resolve_all(cc);
	const kb_summary *v = cc->corpus->v;
	for (size_t i = 0; i < cc->corpus->n; i++) {
		const kb_summary *s = &v[i];
		const link_res *links = &c->v[c->first[i]];
		for (size_t j = 0; j < s->nlinks; j++) {
			const link_res *r = &links[j];
			const kb_summary *t = r->kind == KB_LINK_ARTICLE ? &v[r->target] : NULL;
			const kb_sum_link *l = &s->links[j];
			kb_link_res again = {0};
			kb_vars vars = {0};
			char days[48], count[32];
			bool hit = false;
			switch (which) {
			case CHECK_MISSING_FILE:
				hit = r->kind == KB_LINK_MISSING && !(r->flags & RES_CASE_ONLY);
				break;
			case CHECK_CASE_MISMATCH:
				hit = r->kind == KB_LINK_MISSING && (r->flags & RES_CASE_ONLY);
				break;
			case CHECK_MISSING_ANCHOR:
				hit = r->flags & RES_NO_ANCHOR;
				break;
			case CHECK_RETIRED_TARGET:
				hit = t && t != s && t->retired;
				if (hit)
					kb_vars_set(&vars, "status", t->status);
				break;
			case CHECK_REDIRECTED:
				hit = (r->flags & RES_REDIRECTED) && r->kind != KB_LINK_MISSING;
				if (hit) {
					kb_resolve_link(corpus_resolver(cc), s, l, &again, NULL, NULL);
					kb_vars_set(&vars, "redirect", again.redirect);
				}
				break;
			case CHECK_STALE_TARGET:
				/* a page (a TOC) lists overdue articles: their own findings say so */
				hit = t && t != s && !s->page && !t->retired && t->has_due &&
				      t->due < cc->today;
				size_t more = 0;
				if (hit && stale_seen(links, s->nlinks, j, &more))
					hit = false;
				if (hit) {
					long d = (long)cc->today - t->due;
					if (more > 1) {
						snprintf(count, sizeof count, "%zu links", more);
						kb_vars_set(&vars, "links", count);
					}
					snprintf(days, sizeof days, "%ld day%s", d, d == 1 ? "" : "s");
					kb_vars_set(&vars, "overdue", days);
				}
				break;
			}
			if (hit) { /* most links: nothing to say, so nothing to set */
				char *fragment;
				kb_buf ub = {0};
				const char *url = kb_sum_link_url(cc->corpus, s, l, &ub);
				size_t plen = kb_link_parts(url, &fragment);
				kb_vars_set(&vars, "url", url);
				kb_vars_set(&vars, "fragment", fragment);
				char *path = xstrndup(url, plen);
				kb_vars_set(&vars, "target",
					    t == s && which != CHECK_REDIRECTED ? "this article" : path);
				kb_buf msg = {0};
				kb_template_expand(rule->message, kb_vars_lookup, &vars, &msg);
				free(path);
				kb_buf_free(&ub);
				kb_emit_summary(cc, rule, s, kb_sum_link_at(l), msg.data ? msg.data : "");
				kb_buf_free(&msg);
				free(fragment);
			}
			kb_link_res_free(&again);
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
