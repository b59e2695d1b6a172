/* engine.c: loads each file, runs every enabled rule on each of its articles, keeps what the
 * cross-article passes need, then runs those passes. */
#include "prefilter.h"
#include "engine.h"

#include <limits.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "corpus.h"
#include "index.h"
#include "platform.h"
#include "regex.h"
#include "suppress.h"
#include "walk.h"

static bool wants_corpus(const kb_engine *e)
{
	for (size_t r = 0; r < e->rules->n; r++)
		if (kb_rule_may_report(e->cfg, e->rules->v[r]) && e->rules->v[r]->kind->check_corpus)
			return true;
	return false;
}

static bool wants_statements(const kb_engine *e)
{
	for (size_t r = 0; r < e->rules->n; r++)
		if (kb_rule_may_report(e->cfg, e->rules->v[r]) &&
		    e->rules->v[r]->kind->needs_statements)
			return true;
	return false;
}

/* Runs the per-article rules that are on for the file (its overrides o) over the articles of l,
 * matching with the calling thread's scratch x, or reports why it could not be loaded.
 * Thread-safe: everything goes to out, unfiltered (the store filters it where the file is
 * committed). When t is set, each rule's time is added to it. */
static void check_loaded(kb_engine *e, const kb_overrides *o, kb_loaded *l, kb_results *out,
			 kb_regex_scratch *x, kb_timings *t)
{
	if (l->err) {
		kb_results_add_error(out, l->file->index, l->file->path, l->err_line, l->err_col, "%s",
				     l->err);
		if (l->err_line > 0 && l->file->lines.start) {
			kb_pos at = kb_linemap_at(&l->file->lines, l->err_line,
						  l->err_col > 0 ? l->err_col : 1);
			out->errors[out->nerrors - 1].col_byte = at.col_byte;
			out->errors[out->nerrors - 1].col_utf16 = at.col_utf16;
		}
		return;
	}
	kb_prefilter_hits hits = {0};
	for (size_t i = 0; i < l->narticles; i++) {
		kb_check c = {.cfg = e->cfg, .today = e->today, .art = l->articles[i], .out = out,
			      .rules = e->rules, .scratch = x, .pf = &hits};
		if (c.art->page)
			continue; /* no article: only its links count, in the cross-article pass */
		/* one pass over each block for every prose pattern: the kinds run PCRE2 only where
		 * a pattern may match */
		if (kb_prefilter_ready(e->rules->pf)) {
			double p0 = t ? kb_monotonic_seconds() : 0;
			kb_prefilter_start(e->rules->pf, &hits, c.art->nblocks);
			for (size_t b = 0; b < c.art->nblocks; b++)
				kb_prefilter_scan(e->rules->pf, x, b, c.art->blocks[b].text,
						  c.art->blocks[b].len, &hits);
			if (t)
				t->prefilter += kb_monotonic_seconds() - p0;
		}
		for (size_t r = 0; r < e->rules->n; r++) {
			const kb_rule *rule = e->rules->v[r];
			if (!rule->kind->check || !kb_overrides_rule_on(e->cfg, o, rule))
				continue;
			if (c.art->fragment && rule->kind->metadata)
				continue; /* an included part: its prose only */
			/* the kinds that judge metadata alone judge shared metadata once */
			if (c.art->meta_shared && rule->kind->default_scope == KB_SCOPE_FRONT_MATTER)
				continue;
			double t0 = t ? kb_monotonic_seconds() : 0;
			rule->kind->check(rule, &c);
			if (t)
				t->rule[r] += kb_monotonic_seconds() - t0;
		}
	}
	kb_prefilter_hits_free(&hits);
}

/* check_loaded, the commit of its findings to sup (with the file's overrides o, taken over),
 * then the summaries and the visit hook, all on the calling thread (for the single texts of
 * --stdin and the rule examples). */
static void check_one(kb_engine *e, kb_suppress *sup, kb_overrides *o, kb_loaded *l,
		      kb_results *out, kb_corpus *corpus, const char *abs)
{
	size_t from = out->nfindings;
	kb_regex_scratch *x = kb_regex_scratch_new();
	check_loaded(e, o, l, out, x, NULL);
	kb_regex_scratch_free(x);
	kb_suppress_commit(sup, l->file->index, l->file->path, l, o, out, from);
	for (size_t i = 0; !l->err && i < l->narticles; i++) {
		if (corpus)
			kb_corpus_add(corpus, l->articles[i], abs, e->cfg);
		if (e->visit)
			e->visit(e->visit_ud, l->articles[i]);
	}
}

/* The threads a run of e uses: -j, else one per CPU it may use (which reads the cgroup's
 * files: once per run). */
static unsigned engine_jobs(const kb_engine *e)
{
	return e->jobs ? e->jobs : kb_engine_default_jobs();
}

/* The cross-article passes, on up to jobs threads; their findings are applied to sup like any. */
static void check_corpus(kb_engine *e, kb_suppress *sup, kb_corpus *corpus, kb_results *out,
			 size_t only, unsigned jobs)
{
	size_t from = out->nfindings;
	kb_corpus_check c = {.cfg = e->cfg, .today = e->today, .corpus = corpus, .out = out,
			     .only = only, .jobs = jobs};
	/* first the passes that read the sentence groups, which are then freed: the link pass,
	 * whose resolutions and findings make the run's peak, runs without them (findings are
	 * sorted afterwards, so the order of the passes does not show) */
	for (int groups = 1; groups >= 0; groups--) {
		for (size_t r = 0; r < e->rules->n; r++) {
			const kb_rule *rule = e->rules->v[r];
			if (rule->kind->check_corpus && rule->kind->needs_statements == groups &&
			    kb_rule_may_report(e->cfg, rule))
				rule->kind->check_corpus(rule, &c);
		}
		if (!groups)
			continue;
		kb_statements_free(&corpus->statements);
		/* they, and what the workers freed, are many small blocks that the C library
		 * keeps unless asked: given back before the link pass of a whole run (not of one
		 * file checked against an index, as an editor asks again and again) */
		if (only == KB_ALL_FILES)
			kb_release_free_memory();
	}
	kb_suppress_apply(sup, out, from);
	if (e->corpus_done)
		e->corpus_done(e->corpus_done_ud, corpus, e->cfg);
}

/* Ends the run's suppressions after its last finding was applied: reports the unused ones when
 * asked (leveled as any finding is), then frees them. */
static void end_suppress(kb_suppress *sup, kb_results *out, bool report_unused)
{
	if (report_unused)
		kb_suppress_report_unused(sup, out);
	kb_suppress_free(sup);
}

/* One run over walked files. Each file is checked on a thread (load, suppressions, the
 * per-article rules, its statements), then committed on the calling thread strictly in walk
 * order (its findings appended, its articles' summaries taken, the visit hook called, the file
 * freed). The results are therefore the same, byte for byte, for every number of workers. At
 * most 'window' files are between being claimed and being committed: memory does not grow with
 * the corpus. */
typedef struct {
	kb_results out;     /* the file's findings (unfiltered) and load errors */
	kb_overrides over;  /* the config's overrides that match it */
	kb_loaded *l;       /* kept until the commit; NULL when the walk could not read it */
	char *abs;          /* absolute path, when the cross-article passes run */
	kb_arena arena;     /* the summaries' strings, until the commit copies them */
	kb_summary *sums;   /* one per article, when the cross-article passes run */
	kb_stmt_list stmts; /* the statements of its articles, when a rule needs them */
	struct checker *owner; /* the thread that checked it, which frees it (checker) */
	bool done;
	bool spent; /* committed: what is left is freed by its owner (give_back) */
} job;

typedef struct {
	kb_engine *e;
	kb_walk_list *files; /* an entry is freed once its file is committed */
	kb_results *out;
	kb_corpus *corpus;  /* NULL: no cross-article pass runs */
	kb_index *index;    /* set: the files are indexed (kb_engine_index), not checked */
	kb_suppress *sup;   /* the run's suppressions: only the committing thread uses it */
	const char *cwd;    /* the current folder, read once (NULL: unknown) */
	job *slots;         /* file i is in slots[i % window] */
	size_t window;
	size_t next;        /* the next file to claim */
	size_t committed;   /* files committed so far */
	size_t ready;       /* files 0..ready-1 are checked (committed or waiting to be) */
	bool sleeping;      /* the committing thread waits for the next file to commit */
	pthread_mutex_t lock;
	pthread_cond_t done, room;
} run;

/* Frees what a committed file left in its slot, and empties the slot. */
static void release(job *j)
{
	if (j->spent) {
		kb_stmt_list_free(&j->stmts);
		kb_arena_free(&j->arena);
		free(j->abs);
		kb_loaded_free(j->l);
		kb_results_free(&j->out);
	}
	memset(j, 0, sizeof *j);
}

/* Checks file i into its slot (on a worker, or on the calling thread between its commits),
 * matching with that thread's scratch x; times go to t when set. The slot's last file, when it
 * was this thread's, is freed here, not by the commit: what must be done in order is all the
 * committing thread does for a file (another thread's was handed back to it: give_back). */
static void work(run *r, size_t i, kb_regex_scratch *x, kb_timings *t)
{
	kb_engine *e = r->e;
	job *j = &r->slots[i % r->window];
	const kb_walk_entry *f = kb_walk_at(r->files, i);
	release(j);
	kb_results_init(&j->out);
	if (f->error) {
		kb_results_add_error(&j->out, i, f->display, 0, 0, "%s", f->error);
		return;
	}
	kb_overrides_find(&j->over, e->cfg, f->fs_path);
	double t0 = t ? kb_monotonic_seconds() : 0;
	/* an index's file i is its i-th place, file index i + 1 (index.h) */
	j->l = kb_load_file(f->fs_path, f->display, r->index ? i + 1 : i, f->type, e->cfg);
	if (t)
		t->load += kb_monotonic_seconds() - t0;
	if (!r->index) {
		check_loaded(e, &j->over, j->l, &j->out, x, t);
		kb_results_order(&j->out); /* here, on the workers: the run's sort finds it in order */
	}
	bool statements = r->index ? r->index->statements : r->corpus && r->corpus->want_statements;
	if ((r->corpus || r->index) && !j->l->err) {
		j->abs = kb_path_absolute_in(r->cwd, f->fs_path);
		t0 = t ? kb_monotonic_seconds() : 0;
		j->sums = kb_arena_alloc(&j->arena, (j->l->narticles + 1) * sizeof *j->sums);
		for (size_t a = 0; a < j->l->narticles; a++) {
			kb_summary_make(&j->sums[a], &j->arena, j->l->articles[a], j->abs, e->cfg);
			if (r->corpus)
				kb_summary_pack_links(&j->sums[a], r->corpus);
		}
		if (t) {
			t->summaries += kb_monotonic_seconds() - t0;
			t0 = kb_monotonic_seconds();
		}
		for (size_t a = 0; statements && a < j->l->narticles; a++)
			kb_stmt_list_collect(&j->stmts, j->l->articles[a], e->cfg, x);
		if (t)
			t->statements += kb_monotonic_seconds() - t0;
	}
}

/* Adds the times of one thread to the run's. */
static void add_timings(kb_timings *to, const kb_timings *from, size_t nrules)
{
	for (size_t i = 0; i < nrules; i++)
		to->rule[i] += from->rule[i];
	to->load += from->load;
	to->statements += from->statements;
	to->prefilter += from->prefilter;
	to->summaries += from->summaries;
}

/* Appends src's findings and errors (copied) to dst. */
static void append_results(kb_results *dst, const kb_results *src)
{
	for (size_t i = 0; i < src->nerrors; i++)
		kb_results_copy_error(dst, &src->errors[i], src->errors[i].file_index);
	for (size_t i = 0; i < src->nfindings; i++)
		kb_results_add(dst, &src->findings[i]);
}

/* Moves file i's summaries and statements (its slot j) into a new place at the end of ix, and
 * empties the slot. */
static void index_take(kb_index *ix, job *j, const kb_walk_entry *w)
{
	char *abs = j->abs ? NULL : kb_path_absolute(w->fs_path);
	kb_index_file *f = kb_index_append(ix, j->abs ? j->abs : abs, w->display);
	free(abs);
	if (j->l && !j->l->err) {
		/* the index takes them: the slot no longer frees them */
		f->arena = j->arena;
		f->sums = j->sums;
		f->nsums = j->l->narticles;
		f->stmts = j->stmts;
		j->arena = (kb_arena){0};
		j->stmts = (kb_stmt_list){0};
	}
	j->spent = true;
	release(j);
}

/* Commits file i (on the calling thread, in walk order): filters its findings through the run's
 * suppressions, then appends them; empties its slot. */
static void commit(run *r, size_t i)
{
	job *j = &r->slots[i % r->window];
	if (r->index) {
		index_take(r->index, j, kb_walk_at(r->files, i));
		return;
	}
	kb_results *out = r->out;
	kb_loaded *l = j->l;
	/* a file checked is one that held an article; one that could not be loaded is an error */
	bool loaded = l && !l->err, skipped = loaded && l->narticles == 0;
	out->files_checked += loaded && !skipped;
	out->files_skipped += skipped;
	const kb_walk_entry *f = kb_walk_at(r->files, i);
	/* a kept entry's name is the end of the walk's path, in out's arena (kb_engine_run) */
	if (f->kept)
		kb_results_add_file_kept(out, f->display, skipped);
	else
		kb_results_add_file(out, f->display, skipped);
	kb_suppress_commit(r->sup, i, kb_walk_at(r->files, i)->display, l, &j->over, &j->out, 0);
	append_results(out, &j->out);
	for (size_t a = 0; l && !l->err && a < l->narticles; a++) {
		if (r->corpus)
			kb_corpus_put(r->corpus, &j->sums[a], out->files[out->nfiles - 1]);
		if (r->e->visit)
			r->e->visit(r->e->visit_ud, l->articles[a]);
	}
	if (r->corpus && l && !l->err)
		kb_statements_add_list(&r->corpus->statements, &j->stmts,
				       out->files[out->nfiles - 1]);
	/* nothing reads the walk's names of the file again (out and the suppressions keep
	 * their own copies): freed now, not at the end of the run */
	kb_walk_entry_free(kb_walk_at(r->files, i));
	if ((i + 1) % KB_WALK_CHUNK == 0) /* a chunk of entries all committed */
		kb_walk_list_release(r->files, i + 1);
	j->spent = true;
	j->done = false;
}

/* Claims the next file for the thread that holds r->lock, when the window has room for it:
 * its number, or SIZE_MAX (all claimed, or the window full until a commit). */
static size_t claim(run *r)
{
	if (r->next >= r->files->n || r->next >= r->committed + r->window)
		return SIZE_MAX;
	return r->next++;
}

/* Marks file i checked, for the thread that holds r->lock; wakes the committing thread when it
 * sleeps and the next file to commit is ready. */
static void finish(run *r, size_t i)
{
	r->slots[i % r->window].done = true;
	while (r->ready < r->next && r->slots[r->ready % r->window].done)
		r->ready++;
	if (r->sleeping && r->ready > r->committed)
		pthread_cond_signal(&r->done);
}

/* One checking thread's own state: its matching scratch, its times until they are added to the
 * run's, and the files it checked that were committed and whose slots another thread took: each
 * thread frees the files it loaded. Memory freed on another thread than the one that allocated
 * it goes back to that thread's heap under its lock, which both threads then contend for
 * (docs/performance.md). */
typedef struct checker {
	kb_regex_scratch *x;
	kb_timings *all; /* the run's times, or NULL when not timed */
	kb_timings mine;
	job *back;       /* handed back, under r->lock: up to window (a thread has no more) */
	size_t nback;
	job *freeing;    /* the ones taken from back, freed outside the lock */
} checker;

static void checker_start(const run *r, checker *c)
{
	*c = (checker){.x = kb_regex_scratch_new(), .all = r->e->timings,
		       .back = xcalloc(r->window, sizeof *c->back),
		       .freeing = xcalloc(r->window, sizeof *c->freeing)};
	if (c->all)
		c->mine.rule = xcalloc(r->e->rules->n + 1, sizeof *c->mine.rule);
}

/* Moves the files handed back to c into c->freeing, for the thread c that holds r->lock;
 * returns how many. */
static size_t take_back(checker *c)
{
	size_t n = c->nback;
	memcpy(c->freeing, c->back, n * sizeof *c->back);
	c->nback = 0;
	return n;
}

/* Frees n files taken back (take_back), outside r->lock. */
static void free_taken(checker *c, size_t n)
{
	for (size_t k = 0; k < n; k++)
		release(&c->freeing[k]);
}

/* Empties slot j for the thread c that holds r->lock and is about to check a file in it: a
 * committed file another thread checked is handed back to that thread (moved into its back). */
static void give_back(checker *c, job *j)
{
	if (j->spent && j->owner != c) {
		checker *o = j->owner;
		o->back[o->nback++] = *j;
		memset(j, 0, sizeof *j);
	}
}

/* Checks file i, which the thread claimed under r->lock; the lock is held again on return. */
static void check_claimed(run *r, checker *c, size_t i)
{
	job *j = &r->slots[i % r->window];
	give_back(c, j);
	size_t nfree = take_back(c);
	pthread_mutex_unlock(&r->lock);
	free_taken(c, nfree);
	work(r, i, c->x, c->all ? &c->mine : NULL);
	j->owner = c;
	pthread_mutex_lock(&r->lock);
	finish(r, i);
}

/* Adds c's times to the run's and takes what was handed back to it (under r->lock), then frees
 * c (outside it). No file is claimed after a thread ends (all are), so none is handed back. */
static void checker_end(run *r, checker *c)
{
	if (c->all)
		add_timings(c->all, &c->mine, r->e->rules->n);
	size_t nfree = take_back(c);
	pthread_mutex_unlock(&r->lock);
	free_taken(c, nfree);
	free(c->back);
	free(c->freeing);
	free(c->mine.rule);
	kb_regex_scratch_free(c->x);
}

static void *worker(void *ud)
{
	run *r = ud;
	checker c;
	checker_start(r, &c);
	pthread_mutex_lock(&r->lock);
	for (;;) {
		size_t i;
		while ((i = claim(r)) == SIZE_MAX && r->next < r->files->n)
			pthread_cond_wait(&r->room, &r->lock);
		if (i == SIZE_MAX)
			break;
		check_claimed(r, &c, i);
	}
	checker_end(r, &c);
	return NULL;
}

/* The calling thread's part of a run: it commits the files in walk order as they become ready
 * and, while none is, checks files as the workers do; it sleeps only when the window is full
 * (or every file is claimed) and the next file to commit is not ready. One thread on each of
 * the jobs cores: the committing thread is not one more that preempts a worker. */
static void check_and_commit(run *r)
{
	checker c;
	checker_start(r, &c);
	size_t n = r->files->n;
	pthread_mutex_lock(&r->lock);
	while (r->committed < n) {
		if (r->committed < r->ready) {
			/* every file ready is committed at once, outside the lock */
			size_t from = r->committed, to = r->ready;
			pthread_mutex_unlock(&r->lock);
			double t0 = c.all ? kb_monotonic_seconds() : 0;
			for (size_t i = from; i < to; i++)
				commit(r, i);
			if (c.all)
				c.all->commit += kb_monotonic_seconds() - t0;
			pthread_mutex_lock(&r->lock);
			r->committed = to;
			pthread_cond_broadcast(&r->room);
			continue;
		}
		size_t i = claim(r);
		if (i == SIZE_MAX) {
			r->sleeping = true;
			pthread_cond_wait(&r->done, &r->lock);
			r->sleeping = false;
			continue;
		}
		check_claimed(r, &c, i);
	}
	checker_end(r, &c);
}

/* True when the files come to KB_PREFILTER_MIN_BYTES or more (files may be NULL: none). */
static bool enough_text(const kb_walk_list *files)
{
	off_t total = 0;
	for (size_t i = 0; files && i < files->n; i++) {
		struct stat st;
		if (stat(kb_walk_at(files, i)->fs_path, &st) == 0 && S_ISREG(st.st_mode) &&
		    (total += st.st_size) >= KB_PREFILTER_MIN_BYTES)
			return true;
	}
	return false;
}

/* Builds the prefilter's database for a run over files (NULL: a single text) when the engine's
 * mode says so, once per rule set. Compiling it costs about a third of a second: worth it from
 * a few megabytes of articles on; either way the findings are the same. */
static void prefilter_build(kb_engine *e, const kb_walk_list *files)
{
	if (e->prefilter == KB_PREFILTER_NEVER ||
	    (e->prefilter == KB_PREFILTER_AUTO && !enough_text(files)))
		return;
	double t0 = e->timings ? kb_monotonic_seconds() : 0;
	kb_prefilter_build(e->rules->pf, e->cache_dir);
	if (e->timings)
		e->timings->prefilter_build += kb_monotonic_seconds() - t0;
}

/* Checks every file on jobs threads: the calling thread and jobs - 1 workers; the calling
 * thread commits. When threads cannot be started, fewer check the files (at least the calling
 * thread). */
static void check_files(run *r, unsigned jobs)
{
	size_t n = r->files->n;
	if (jobs > n)
		jobs = (unsigned)(n ? n : 1);
	/* a file's slot is taken again only after it is committed. 8 per job: 16 kept 1.4 MB
	 * more in flight on template 40k and was no faster (docs/performance.md) */
	r->window = jobs > 1 ? (size_t)jobs * 8 : 1;
	char cwd[PATH_MAX]; /* each file's absolute path is made from it: not one getcwd a file */
	r->cwd = getcwd(cwd, sizeof cwd);
	r->slots = xcalloc(r->window, sizeof *r->slots);
	pthread_t *threads = xcalloc(jobs, sizeof *threads);
	unsigned started = 0;
	if (!r->index) /* an index runs no rule */
		prefilter_build(r->e, r->files);
	pthread_mutex_init(&r->lock, NULL);
	pthread_cond_init(&r->done, NULL);
	pthread_cond_init(&r->room, NULL);
	while (started + 1 < jobs && pthread_create(&threads[started], NULL, worker, r) == 0)
		started++;
	check_and_commit(r);
	for (unsigned t = 0; t < started; t++)
		pthread_join(threads[t], NULL);
	for (size_t k = 0; k < r->window; k++)
		release(&r->slots[k]);
	if (r->e->timings)
		r->e->timings->threads = started + 1;
	pthread_cond_destroy(&r->room);
	pthread_cond_destroy(&r->done);
	pthread_mutex_destroy(&r->lock);
	free(threads);
	free(r->slots);
	r->cwd = NULL;
}

unsigned kb_engine_default_jobs(void)
{
	return kb_cpus_available();
}

void kb_engine_run(kb_engine *e, char *const *paths, size_t npaths, kb_results *out)
{
	double start = e->timings ? kb_monotonic_seconds() : 0;
	size_t nskip;
	kb_strv skip_names = {0};
	kb_file_id *skip = kb_walk_skip_list(&e->skip, NULL, &nskip, &skip_names);
	kb_corpus corpus;
	kb_corpus_init(&corpus);
	bool cross = wants_corpus(e);
	corpus.want_statements = wants_statements(e);
	/* the paths of every file walked past are kept packed in the results' arena, which
	 * outlives the corpus: walk entries and the results name each file by the end of its
	 * path (kb_walk_entry.kept) */
	corpus.files.borrowed = true;
	kb_walk_opts o = {.cfg = e->cfg, .follow_symlinks = e->follow_symlinks, .skip = skip,
			  .nskip = nskip, .seen = cross ? &corpus.files : NULL,
			  .seen_keys = &out->strings};
	kb_walk_list files = {0};
	kb_walk(&o, paths, npaths, &files);
	if (cross)
		kb_corpus_number_files(&corpus); /* the summaries' links are packed against it */
	if (e->timings)
		e->timings->walk += kb_monotonic_seconds() - start;
	kb_suppress *sup = kb_suppress_new(e->rules, e->cfg, e->today);
	run r = {.e = e, .files = &files, .out = out, .corpus = cross ? &corpus : NULL, .sup = sup};
	unsigned jobs = engine_jobs(e);
	check_files(&r, jobs);
	kb_walk_list_free(&files); /* the cross-article passes read the corpus, not the walk */
	double t0 = e->timings ? kb_monotonic_seconds() : 0;
	if (cross)
		check_corpus(e, sup, &corpus, out, KB_ALL_FILES, jobs);
	if (e->timings)
		e->timings->corpus += kb_monotonic_seconds() - t0;
	end_suppress(sup, out, e->report_unused);
	kb_corpus_free(&corpus);
	free(skip);
	kb_strv_free(&skip_names);
	kb_results_sort(out);
	if (e->timings)
		e->timings->wall += kb_monotonic_seconds() - start;
}

/* The text's own part of a check of one text as the file at abs (named display): loaded as file
 * 0, its rules run (its suppressions into sup), and its summaries and statements put in corpus
 * when that is set. */
static void check_text_itself(kb_engine *e, kb_suppress *sup, const char *abs,
			      const char *display, const char *text, size_t len, kb_corpus *corpus,
			      kb_results *out)
{
	kb_overrides over;
	kb_overrides_find(&over, e->cfg, abs);
	kb_loaded *l = kb_load_buffer(xstrndup(text, len), len, display, 0, kb_filetype_of(display),
				      e->cfg);
	bool skipped = !l->err && l->narticles == 0;
	out->files_checked += !l->err && !skipped;
	out->files_skipped += skipped;
	kb_results_add_file(out, display, skipped);
	check_one(e, sup, &over, l, out, corpus, abs);
	kb_loaded_free(l);
}

/* Ends a check of one text: its suppressions, then only its own findings (file 0) kept, not
 * the neighbours', sorted. */
static void end_text_check(kb_engine *e, kb_suppress *sup, kb_results *out)
{
	end_suppress(sup, out, e->report_unused);
	size_t k = 0;
	for (size_t i = 0; i < out->nfindings; i++)
		if (out->findings[i].file_index == 0)
			out->findings[k++] = out->findings[i];
	out->nfindings = k;
	kb_results_sort(out);
}

/* Checks text (len bytes, copied) as the file at abs (its absolute normalized path), named display
 * in the findings. The files under paths are its neighbours: they are loaded only for the
 * cross-article passes, without the per-article rules, and a neighbour that is the file itself
 * (its dev and inode are in self, when it exists) is left out. Only the text's findings and
 * load error go to out, with file index 0. */
void kb_engine_check_text_as(kb_engine *e, char *const *paths, size_t npaths, const char *abs,
			     const char *display, const char *text, size_t len, kb_results *out)
{
	kb_corpus corpus;
	kb_corpus_init(&corpus);
	bool cross = wants_corpus(e);
	corpus.want_statements = wants_statements(e);
	prefilter_build(e, NULL); /* one text: only when the mode says always */
	kb_walk_list files = {0};
	kb_file_id *skip = NULL;
	kb_strv skip_names = {0};
	if (cross) {
		size_t nskip;
		skip = kb_walk_skip_list(&e->skip, abs, &nskip, &skip_names);
		kb_walk_opts o = {.cfg = e->cfg, .follow_symlinks = e->follow_symlinks,
				  .skip = skip, .nskip = nskip, .seen = &corpus.files};
		kb_walk(&o, paths, npaths, &files);
		kb_strmap_put(&corpus.files, abs, 0);
	}
	kb_suppress *sup = kb_suppress_new(e->rules, e->cfg, e->today);
	check_text_itself(e, sup, abs, display, text, len, cross ? &corpus : NULL, out);
	char cwd[PATH_MAX]; /* read once for every file's absolute path */
	const char *here = files.n ? getcwd(cwd, sizeof cwd) : NULL;
	for (size_t i = 0; i < files.n; i++) {
		const kb_walk_entry *f = kb_walk_at(&files, i);
		if (f->error)
			continue;
		kb_loaded *n = kb_load_file(f->fs_path, f->display, i + 1, f->type, e->cfg);
		char *nabs = kb_path_absolute_in(here, f->fs_path);
		for (size_t a = 0; !n->err && a < n->narticles; a++)
			kb_corpus_add(&corpus, n->articles[a], nabs, e->cfg);
		free(nabs);
		kb_loaded_free(n);
	}
	if (cross)
		check_corpus(e, sup, &corpus, out, KB_ALL_FILES, engine_jobs(e));
	end_text_check(e, sup, out);
	kb_corpus_free(&corpus);
	kb_walk_list_free(&files);
	free(skip);
	kb_strv_free(&skip_names);
}

void kb_engine_check_texts(kb_engine *e, char *const *names, char *const *texts, size_t n,
			   kb_results *out)
{
	kb_corpus corpus;
	kb_corpus_init(&corpus);
	bool cross = wants_corpus(e);
	corpus.want_statements = wants_statements(e);
	prefilter_build(e, NULL);
	for (size_t i = 0; i < n; i++) {
		/* the texts stand alone: their links resolve only among themselves */
		char *abs = kb_path_join("/kblint-example", names[i]);
		kb_strmap_put(&corpus.files, abs, 0);
		free(abs);
	}
	kb_suppress *sup = kb_suppress_new(e->rules, e->cfg, e->today);
	for (size_t i = 0; i < n; i++) {
		size_t len = strlen(texts[i]);
		kb_loaded *l = kb_load_buffer(xstrndup(texts[i], len), len, names[i], i,
					      kb_filetype_of(names[i]), e->cfg);
		char *abs = kb_path_join("/kblint-example", names[i]);
		out->files_checked++;
		kb_overrides none = {0};
		check_one(e, sup, &none, l, out, cross ? &corpus : NULL, abs);
		free(abs);
		kb_loaded_free(l);
	}
	if (cross) /* rule examples: a few articles, one thread */
		check_corpus(e, sup, &corpus, out, KB_ALL_FILES, 1);
	/* rule examples show every suppression rule, suppression-unused too */
	end_suppress(sup, out, true);
	kb_corpus_free(&corpus);
	kb_results_sort(out);
}

void kb_engine_index(kb_engine *e, char *const *paths, size_t npaths, kb_index *ix)
{
	memset(ix, 0, sizeof *ix);
	ix->cross = wants_corpus(e);
	ix->statements = wants_statements(e);
	if (!ix->cross)
		return; /* no cross-article pass: a text is checked alone */
	size_t nskip;
	kb_strv skip_names = {0};
	kb_file_id *skip = kb_walk_skip_list(&e->skip, NULL, &nskip, &skip_names);
	kb_walk_opts o = {.cfg = e->cfg, .follow_symlinks = e->follow_symlinks, .skip = skip,
			  .nskip = nskip, .seen = &ix->files};
	kb_walk_list files = {0};
	kb_walk(&o, paths, npaths, &files);
	run r = {.e = e, .files = &files, .index = ix};
	check_files(&r, engine_jobs(e));
	kb_walk_list_free(&files);
	free(skip);
	kb_strv_free(&skip_names);
}

bool kb_engine_index_update(kb_engine *e, kb_index *ix, const char *abs, const char *display,
			    const char *text, size_t len)
{
	if (!ix->cross)
		return false;
	kb_index_file *f = kb_index_find(ix, abs);
	struct stat st;
	bool exists = text || (stat(abs, &st) == 0 && S_ISREG(st.st_mode));
	if (!f) {
		/* a file the index has not seen: one the walk of the config's folder takes */
		if (!exists || !kb_walk_includes(e->cfg, abs))
			return false;
		f = kb_index_append(ix, abs, display);
	}
	bool was_gone = f->gone;
	kb_index_file_clear(f);
	f->buffer = text != NULL;
	if (!exists) {
		f->gone = true;
		kb_index_forget_file(ix, abs);
		return !was_gone;
	}
	kb_strmap_put(&ix->files, abs, 0);
	size_t place = (size_t)(f - ix->v);
	kb_loaded *l = text ? kb_load_buffer(xstrndup(text, len), len, f->display, place + 1,
					     kb_filetype_of(f->display), e->cfg)
			    : kb_load_file(abs, f->display, place + 1, kb_filetype_of(abs), e->cfg);
	if (!l->err) {
		kb_regex_scratch *x = kb_regex_scratch_new();
		f->sums = kb_arena_alloc(&f->arena, (l->narticles + 1) * sizeof *f->sums);
		f->nsums = l->narticles;
		for (size_t a = 0; a < l->narticles; a++) {
			kb_summary_make(&f->sums[a], &f->arena, l->articles[a], f->abs, e->cfg);
			if (ix->statements)
				kb_stmt_list_collect(&f->stmts, l->articles[a], e->cfg, x);
		}
		kb_regex_scratch_free(x);
	}
	kb_loaded_free(l);
	return true;
}

void kb_engine_check_text_indexed(kb_engine *e, kb_index *ix, const char *abs,
				  const char *display, const char *text, size_t len,
				  kb_results *out)
{
	kb_corpus corpus;
	kb_corpus_init(&corpus);
	bool cross = ix->cross;
	corpus.want_statements = ix->statements;
	prefilter_build(e, NULL);
	if (cross) {
		/* the index's paths, not copies: a check costs no allocation per file */
		corpus.files.borrowed = true;
		for (size_t i = 0; i < ix->files.cap; i++)
			if (ix->files.keys[i])
				kb_strmap_put(&corpus.files, ix->files.keys[i], 0);
		kb_strmap_put(&corpus.files, abs, 0);
	}
	kb_suppress *sup = kb_suppress_new(e->rules, e->cfg, e->today);
	check_text_itself(e, sup, abs, display, text, len, cross ? &corpus : NULL, out);
	if (cross) {
		/* the neighbours in the index's order, as a walk lists them; of their statements
		 * only those in the text's groups (the skeletons it states): no other group can
		 * hold a finding of the text */
		for (size_t i = 0; i < ix->n; i++) {
			const kb_index_file *f = &ix->v[i];
			if (f->gone || strcmp(f->abs, abs) == 0)
				continue;
			for (size_t a = 0; a < f->nsums; a++)
				kb_corpus_put_shared(&corpus, &f->sums[a]);
			for (size_t k = 0; k < f->stmts.n; k++)
				if (kb_strmap_get(&corpus.statements.index, f->stmts.v[k].skeleton) !=
				    (size_t)-1)
					kb_statements_add_item(&corpus.statements, &f->stmts.v[k]);
		}
		check_corpus(e, sup, &corpus, out, 0, 1); /* one file's findings: one thread */
	}
	end_text_check(e, sup, out);
	kb_corpus_free(&corpus);
}
