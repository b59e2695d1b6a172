/* resolve.h: the one link resolver: where a link in an article leads, as the published site
 * serves it (relative links from pretty-URL pages, site-absolute links, URL prefixes, the front
 * matter's url/slug/aliases, redirects, ".." clamped at the site's root, targets the site
 * resolves itself). Used by the links kind and by kblint check --changed-since/--changed-files,
 * so that both agree on what a link names. The rules are in docs/links.md. */
#ifndef KB_RESOLVE_H
#define KB_RESOLVE_H

#include <stdbool.h>
#include <stddef.h>

#include "config.h"
#include "corpus.h"

typedef enum {
	KB_LINK_SKIP,    /* not checked: this article, another site, or what the site resolves */
	KB_LINK_MISSING, /* names nothing: no file, article, page URL or redirect */
	KB_LINK_FILE,    /* a file or folder that is not an article, or a redirect to another site */
	KB_LINK_ARTICLE, /* an article (target) */
} kb_link_kind;

typedef struct {
	kb_link_kind kind;
	const kb_summary *target; /* KB_LINK_ARTICLE: the article it names */
	size_t plen;              /* the link's path part as written: its first plen bytes */
	char *fragment;           /* the #fragment, %XX decoded, or NULL */
	char *redirect;           /* the redirect the link went through: where it sends the reader
				   * ("/new/page/", a URL, or the article's path), or NULL */
	bool case_only;           /* KB_LINK_MISSING, but a file or article matches when letter
				   * case is ignored (links.case_sensitive is true) */
} kb_link_res;

typedef struct kb_resolver kb_resolver;

/* A resolver over corpus (which must outlive it), with the URL map of its articles and the
 * redirects of cfg and of the articles' aliases built once. Free with kb_resolver_free. */
kb_resolver *kb_resolver_new(const kb_corpus *corpus, const kb_config *cfg);
/* A resolver for another thread that reads owner's maps (which must outlive it and not change
 * meanwhile) and keeps only what it looks up itself: several may resolve links at once, one per
 * thread. The lower-cased path map is made once, by whichever needs it first. Free with
 * kb_resolver_free, before owner. */
kb_resolver *kb_resolver_view(kb_resolver *owner);
void kb_resolver_free(kb_resolver *r);
/* The corpus's resolver, made on its first use and freed with the corpus. */
kb_resolver *kb_corpus_resolver(kb_corpus *corpus, const kb_config *cfg);

/* Resolves link, a link in from, into out (free with kb_link_res_free); a Hugo ref/relref
 * (link->ref) Hugo's way. When tried is set, it is called with every absolute file path the
 * link may name, in the order they are looked up, and with the path of the article it resolves
 * to (changed.c matches them to changed files). */
void kb_resolve_link(kb_resolver *r, const kb_summary *from, const kb_sum_link *link,
		     kb_link_res *out, void (*tried)(void *ud, const char *path), void *ud);
void kb_link_res_free(kb_link_res *res);
/* The parts of a link's url as kb_resolve_link reads them: returns the length of its path
 * part (before any '?' or '#'), and sets *fragment, when fragment is not NULL, to its
 * #fragment %XX decoded (caller frees), or NULL when it has none. */
size_t kb_link_parts(const char *url, char **fragment);

/* Whether target's page has the anchor fragment: an anchor every page has (links.anchors); a
 * heading slug or explicit anchor, as written or in lower case, of target or of another article
 * of its file (a YAML file's articles are one page), or of the files they include (docfx
 * [!INCLUDE], Hugo include shortcodes, 4 deep); any anchor of a page that is no article. */
bool kb_resolver_anchor_ok(kb_resolver *r, const kb_summary *target, const char *fragment);

/* Whether one of the files paths names (absolute, normalized: an article's includes, docfx
 * [!INCLUDE[..](path)] and Hugo include shortcodes) has the anchor, or one of the files they
 * include. A file that is not checked (a headless fragment, an includes/ folder) is read once,
 * when an anchor is first looked for in it. */
bool kb_resolver_included_anchor(kb_resolver *r, const char *const *paths, size_t n,
				 const char *fragment);

#endif
