/* corpus.h: compact summaries of checked articles, kept after each article is freed, for the
 * cross-article passes (links between articles); used by the engine and cross-article kinds. */
#ifndef KB_CORPUS_H
#define KB_CORPUS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "article.h"
#include "statements.h"
#include "strset.h"
#include "util.h"

/* A link, its url as written packed when it can be (kb_summary_pack_links): read it with
 * kb_sum_link_url. 24 bytes, as there is one for every link of the knowledge base. */
typedef struct {
	const char *url;   /* as written; when file is set, only what follows its path: its
			    * "?query" and "#fragment", or "" */
	int line, col;     /* where the link is; read with its other columns by kb_sum_link_at */
	uint16_t byte_more, utf16_more; /* its column in bytes and in UTF-16 units, less col;
					 * KB_SUM_UNKNOWN when not known or too far */
	uint32_t file : 30; /* 0, or 1 + the index in the corpus's paths of the file whose path,
			     * relative to the article's folder, the link's path is */
	uint32_t image : 1;
	uint32_t ref : 1;   /* a Hugo ref/relref: url is a page path resolved Hugo's way (kb_link) */
} kb_sum_link;

enum { KB_SUM_UNKNOWN = 0xFFFF, KB_SUM_FILES_MAX = (1 << 30) - 1 };
#define KB_SUM_NONE UINT32_MAX

/* Where l is, its column in every unit (linemap.h); 0 for a unit whose column was not known,
 * or is more than 65,534 past the column in characters. */
kb_pos kb_sum_link_at(const kb_sum_link *l);
void kb_sum_link_set_at(kb_sum_link *l, kb_pos at);

/* What the cross-article passes need of one article. Strings live in the corpus arena. */
typedef struct kb_summary {
	size_t file_index;
	const char *file;       /* display path */
	const char *path;       /* absolute, lexically normalized: the key links resolve to */
	const char *owner;
	const char *status;
	bool retired;
	bool page;              /* no article (article.h): its anchors are not known */
	bool has_due;
	kb_date due;            /* review due date (reviewed + interval) when known */
	/* how the site serves it (the front matter's url, slug and aliases roles), or NULL/0 */
	const char *url;        /* "url"/"permalink": an absolute site path such as "/about/" */
	const char *slug;       /* replaces the last segment of the path the site derives */
	const char **aliases;   /* old site paths that redirect here ("/old/", or relative) */
	uint64_t *anchors;      /* hashes of the heading slugs and explicit ids, sorted: 8 bytes
				 * each, whatever their length (kb_summary_has_anchor) */
	kb_sum_link *links;     /* the links that may point into the knowledge base (not to
				 * other sites: kb_url_external) */
	const char **includes;  /* absolute normalized paths of the files it includes (docfx
				 * "[!INCLUDE]"): their headings are anchors of this article too */
	/* how many of each: 32 bits, as there is a summary for every article */
	uint32_t naliases, nanchors, nlinks, nincludes;
} kb_summary;

typedef struct kb_corpus {
	kb_arena arena;
	kb_summary *v;
	size_t n, cap;
	kb_strmap files;        /* every file seen while walking (absolute paths) -> the order
				 * it was seen in */
	const char **paths;     /* files' keys by their order (kb_corpus_number_files), or NULL */
	size_t npaths;
	/* the first summary of each file: of file paths[k] at first[k] (KB_SUM_NONE: none), 4
	 * bytes a file; of a file that is not one of paths, in articles (its path -> it) */
	uint32_t *first;
	kb_strmap articles;
	kb_strmap names;        /* the summaries' owners and statuses, one copy of each */
	bool want_statements;
	kb_statements statements; /* sentence skeletons, when a rule needs them */
	/* what a cross-article kind computes once and shares between its rules */
	void *cache;
	void (*cache_free)(void *cache);
	/* the link resolver (resolve.h, kb_corpus_resolver), made on first use */
	void *resolver;
	void (*resolver_free)(void *resolver);
} kb_corpus;

void kb_corpus_init(kb_corpus *c);
void kb_corpus_free(kb_corpus *c);
/* Takes what the passes need from a (which may be freed afterwards). abs is the file's
 * absolute normalized path. */
void kb_corpus_add(kb_corpus *c, const kb_article *a, const char *abs, const kb_config *cfg);
/* The summary of a, made into s with its strings in ar (a worker's own arena), for a later
 * kb_corpus_put. Thread-safe. */
void kb_summary_make(kb_summary *s, kb_arena *ar, const kb_article *a, const char *abs,
		     const kb_config *cfg);
/* Adds a copy of s (made by kb_summary_make, whose arena may be freed afterwards) to c. Its
 * display path is file when they are the same, which c borrows (it must outlive c): the run's
 * results keep one copy of every walked file's name. Its absolute path is the walk's copy
 * when the walk saw it (c->files), else c's own. */
void kb_corpus_put(kb_corpus *c, const kb_summary *s, const char *file);
/* Adds s itself, not a copy: its strings and arrays must outlive c (a kb_index's). */
void kb_corpus_put_shared(kb_corpus *c, const kb_summary *s);
/* Makes c->paths from c->files, whose values must be the order they were added in (a walk's
 * seen map: walk.h): the links of later summaries may then be packed. */
void kb_corpus_number_files(kb_corpus *c);
/* Packs the links of s (made by kb_summary_make) that name a file of c->paths the way a
 * relative path is written from the article's folder ("x.md", "../a/x.md#part"): each keeps
 * only the index of that file and what follows its path, which kb_sum_link_url makes again
 * exactly as written. Most links of a knowledge base are written so: each keeps a few bytes,
 * not its whole url. The rest are left as they are. Thread-safe (reads c). */
void kb_summary_pack_links(kb_summary *s, const kb_corpus *c);
/* The url of link l of summary s in c as written: l->url, or, for a packed link, made in *b
 * (the caller's, which it frees) and valid until b is next used. */
const char *kb_sum_link_url(const kb_corpus *c, const kb_summary *s, const kb_sum_link *l,
			    kb_buf *b);
/* The summary for an absolute normalized path, or NULL. */
const kb_summary *kb_corpus_find(const kb_corpus *c, const char *path);
bool kb_summary_has_anchor(const kb_summary *s, const char *anchor);

#endif
