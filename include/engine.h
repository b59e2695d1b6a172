/* engine.h: runs a rule set over paths and collects the results; used by the CLI. */
#ifndef KB_ENGINE_H
#define KB_ENGINE_H

#include <stdbool.h>

#include "config.h"
#include "diag.h"
#include "rule.h"

struct kb_corpus;
struct kb_index;

/* Where a run's time goes (kblint check --timings): seconds per rule, by its index in the rule
 * set, and per stage, each summed over the threads that did it. */
typedef struct {
	double *rule;       /* one per rule of the set */
	double walk;        /* finding the files: the walk of the paths, on the calling thread */
	double load;        /* reading and parsing files */
	double prefilter;   /* one pass over each block for every prose pattern (prefilter.h) */
	double prefilter_build; /* compiling the prefilter's database */
	double statements;  /* gathering the sentences that state quantities (sentence-conflict) */
	double summaries;   /* the articles' summaries for the cross-article passes: anchors, links */
	double commit;      /* taking the files back in walk order: findings, summaries, sentences */
	double corpus;      /* the cross-article passes */
	unsigned threads;   /* the workers that checked files (1: the calling thread alone) */
	double wall;        /* the whole run, on the clock */
} kb_timings;

typedef struct {
	const kb_config *cfg;
	const kb_ruleset *rules;
	kb_date today;
	bool follow_symlinks;
	/* worker threads for kb_engine_run (0: one per CPU this process may run on). The results
	 * are the same for every number. */
	unsigned jobs;
	kb_timings *timings; /* when set, kb_engine_run adds its times here */
	/* the prefilter (prefilter.h): KB_PREFILTER_AUTO builds it for runs of
	 * KB_PREFILTER_MIN_BYTES of files or more; ALWAYS and NEVER are for tests and benchmarks
	 * ($KBLINT_PREFILTER). The findings are the same in every mode. */
	enum { KB_PREFILTER_AUTO, KB_PREFILTER_ALWAYS, KB_PREFILTER_NEVER } prefilter;
	/* where the prefilter's compiled database is kept between runs (cache.h; borrowed);
	 * NULL: it is compiled every run */
	const char *cache_dir;
	/* --report-unused-disables: a suppression that held back no finding is a finding
	 * (suppression-unused). Rule examples (kb_engine_check_texts) always report them. */
	bool report_unused;
	kb_strv skip;    /* absolute paths never linted as articles (config, rule files) */
	/* when set, called with every article after its rules ran (kblint facts) */
	void (*visit)(void *ud, const kb_article *a);
	void *visit_ud;
	/* when set, called with the cross-article summaries after the cross-article passes ran
	 * (kblint check --changed-since: which links name a changed file; resolve.h) */
	void (*corpus_done)(void *ud, struct kb_corpus *corpus, const kb_config *cfg);
	void *corpus_done_ud;
} kb_engine;

/* The CPUs this process may run on (its affinity mask, else the online CPUs): the default jobs. */
unsigned kb_engine_default_jobs(void);
/* Checks every path (files or folders). Results go to out. */
void kb_engine_run(kb_engine *e, char *const *paths, size_t npaths, kb_results *out);
/* Checks in-memory article texts as if they were files in one folder (used by rule examples):
 * names[i] holds texts[i]. Unused suppressions are reported, whatever report_unused says. */
void kb_engine_check_texts(kb_engine *e, char *const *names, char *const *texts, size_t n,
			   kb_results *out);
/* Checks text (len bytes) as if it were the file at abs (absolute, normalized), named display in
 * the findings (kblint check --stdin). The files under paths are read only as its neighbours for
 * the cross-article passes (links, conflicts); only the text's own findings go to out. */
void kb_engine_check_text_as(kb_engine *e, char *const *paths, size_t npaths, const char *abs,
			     const char *display, const char *text, size_t len, kb_results *out);

/* Fills ix (its old contents ignored: free them first) with what the cross-article passes need
 * of every file under paths: their articles' summaries and statements, made on e->jobs workers
 * without any per-article rule. Nothing is kept when the rules have no cross-article pass. */
void kb_engine_index(kb_engine *e, char *const *paths, size_t npaths, struct kb_index *ix);
/* Makes the index's entry for the file at abs (absolute, normalized) what text[0..len) says
 * when text is set (an editor's buffer), else what the file on disk says; a file that no longer
 * exists is marked gone. A file the index did not hold is added at its end when it exists and
 * the walk of the config's folder would take it (kb_walk_includes), named display. Returns
 * whether the index changed (false: a file it neither holds nor takes). */
bool kb_engine_index_update(kb_engine *e, struct kb_index *ix, const char *abs,
			    const char *display, const char *text, size_t len);
/* kb_engine_check_text_as with the neighbours taken from ix instead of the disk: the same
 * findings when ix is current, in a time that grows with the text and the index's size, not
 * with the knowledge base's bytes. The index's entry for abs, if any, is left out. */
void kb_engine_check_text_indexed(kb_engine *e, struct kb_index *ix, const char *abs,
				  const char *display, const char *text, size_t len,
				  kb_results *out);

#endif
