/* prefilter.h (included by the rules and the engine): one pass over an article's prose for
 * every pattern of the rule set. The patterns the kinds scan prose with are registered when the
 * rules compile; kb_prefilter_build compiles them into one Vectorscan database in prefilter mode
 * (a superset of what each pattern matches); kb_prefilter_article scans each block of an article
 * once and records which patterns may match in it. A kind then runs PCRE2 only on the blocks
 * where its pattern may match, so PCRE2 stays the authority and findings cannot change. Built
 * without Vectorscan (-Dvectorscan=disabled), or for a pattern Vectorscan cannot take, every
 * pattern may match everywhere: the same findings, PCRE2 on every block. */
#ifndef KB_PREFILTER_H
#define KB_PREFILTER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "regex.h"
#include "util.h"

typedef struct kb_prefilter kb_prefilter;

/* A new, empty set of patterns; free it with kb_prefilter_free. */
kb_prefilter *kb_prefilter_new(void);
void kb_prefilter_free(kb_prefilter *p);
/* Registers re (compiled from pattern, re->icase as it was compiled) with p, owned by the rule
 * whose enabled flag is *enabled (read when the set is built). Sets re->pf. p NULL: nothing. */
void kb_prefilter_add(kb_prefilter *p, kb_regex *re, const char *pattern, const bool *enabled);
/* The prefilter's form of a PCRE2 pattern (compiled with PCRE2_UTF | PCRE2_UCP, caseless when
 * icase) appended to out: a pattern Vectorscan compiles byte by byte that matches wherever the
 * pattern matches, and maybe more. Whatever could match a character beyond ASCII (\w, \s, \d
 * and their negations, classes, '.', a literal when caseless) takes any run of non-ASCII bytes;
 * word boundaries and lookarounds are left out; bounded repeats lose their bound. *caseless is
 * set when any part of the pattern is caseless. False (out half written) when the pattern has a
 * construct the form cannot take (\p, POSIX classes, back references, (*ACCEPT), free spacing
 * switched on after the start): that pattern is not prefiltered. */
bool kb_prefilter_form(const char *pattern, bool icase, kb_buf *out, bool *caseless);
/* The number of patterns registered so far; kb_prefilter_truncate(p, n) forgets those after the
 * first n (a rule that failed to compile). */
size_t kb_prefilter_count(const kb_prefilter *p);
void kb_prefilter_truncate(kb_prefilter *p, size_t n);
/* The bytes of articles a run must have for the engine to build the database: below, compiling
 * it (about 0.35 s) costs more than it saves (measured: 1.7 MB of Hugo's docs lose 0.1 s, 4.3 MB
 * of the tldr pages gain 0.25 s, 33 MB of the PowerShell docs 0.65 s, at -j2). */
#define KB_PREFILTER_MIN_BYTES (3u << 20)
/* Pattern i (in the order registered): its PCRE2 source, whether it is caseless and its form
 * (NULL when it has none); NULL past the last. For tests. */
const char *kb_prefilter_source(const kb_prefilter *p, size_t i, bool *icase, const char **form);
/* Compiles the registered patterns of enabled rules into one database (once; patterns
 * Vectorscan refuses are left out, and always may match). With a cache folder (cache.h,
 * kb_cache_dir; NULL: none), a database compiled before for the same patterns by the same
 * Vectorscan is read from it instead, and one compiled here is kept there. Not thread-safe:
 * call before the workers start. Returns the number of patterns in the database (0 without
 * Vectorscan). */
size_t kb_prefilter_build(kb_prefilter *p, const char *cache_dir);
/* True when p has a database to scan with (built, with at least one pattern). */
bool kb_prefilter_ready(const kb_prefilter *p);
/* True when kblint was built with Vectorscan. */
bool kb_prefilter_available(void);

/* One article's answers: for each of nunits texts, a bit per registered pattern. */
typedef struct kb_prefilter_hits {
	uint64_t *bits;
	size_t words; /* uint64_t per text */
	size_t n;     /* texts answered */
	size_t cap;   /* texts bits has room for */
} kb_prefilter_hits;

/* Makes room in h for the answers for n texts (its memory is reused between calls; free it with
 * kb_prefilter_hits_free); until a text is scanned, every pattern may match in it. Without a
 * database, h->n is 0 and every pattern may match everywhere. */
void kb_prefilter_start(const kb_prefilter *p, kb_prefilter_hits *h, size_t n);
/* Scans text i, text[0..len), once with p's database into h, using the thread's scratch x. */
void kb_prefilter_scan(const kb_prefilter *p, kb_regex_scratch *x, size_t i, const char *text,
		       size_t len, kb_prefilter_hits *h);
void kb_prefilter_hits_free(kb_prefilter_hits *h);

/* False when re cannot match in text i of the last scan into h; true when it may, when re is
 * not in the database, or when h holds no answer for text i. */
static inline bool kb_prefilter_may(const kb_prefilter_hits *h, size_t i, const kb_regex *re)
{
	if (!h || re->pf == 0 || i >= h->n)
		return true;
	size_t id = (size_t)re->pf - 1;
	return (h->bits[i * h->words + id / 64] >> (id % 64)) & 1u;
}

#endif
