/* regex.c: PCRE2 compile and match for rule kinds. */
#include "regex.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util.h"

int kb_regex_compile(kb_regex *re, const char *pattern, bool ignore_case, char *err, size_t errlen)
{
	int code;
	PCRE2_SIZE erroff;
	uint32_t opts = PCRE2_UTF | PCRE2_UCP | PCRE2_NO_UTF_CHECK | (ignore_case ? PCRE2_CASELESS : 0);
	memset(re, 0, sizeof *re);
	re->code = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED, opts, &code, &erroff,
				 NULL);
	if (!re->code) {
		PCRE2_UCHAR msg[256];
		pcre2_get_error_message(code, msg, sizeof msg);
		snprintf(err, errlen, "%s at offset %zu of the pattern", (const char *)msg, (size_t)erroff);
		return -1;
	}
	uint32_t groups = 0, first = 0;
	pcre2_pattern_info(re->code, PCRE2_INFO_CAPTURECOUNT, &groups);
	re->pairs = groups + 1;
	re->icase = ignore_case;
	/* a pattern that starts at a known character is already found fast by PCRE2 */
	pcre2_pattern_info(re->code, PCRE2_INFO_FIRSTCODETYPE, &first);
	if (first == 0) {
		re->litlen = kb_regex_required(pattern, ignore_case, re->lit, sizeof re->lit,
					       &re->digit);
		if (re->litlen < KB_RE_LITERAL_MIN)
			re->litlen = 0;
	}
	return 0;
}

static pthread_mutex_t jit_lock = PTHREAD_MUTEX_INITIALIZER;

void kb_regex_jit(const kb_regex *re)
{
	/* the pattern's code changes when it is compiled: no thread matches with it meanwhile
	 * (the first to come compiles it, the others wait for the lock) */
	kb_regex *w = (kb_regex *)re; /* the flag alone is written: once */
	if (atomic_load_explicit(&w->jitted, memory_order_acquire))
		return;
	pthread_mutex_lock(&jit_lock);
	if (!atomic_load_explicit(&w->jitted, memory_order_relaxed)) {
		pcre2_jit_compile(w->code, PCRE2_JIT_COMPLETE); /* falls back to the interpreter */
		atomic_store_explicit(&w->jitted, true, memory_order_release);
	}
	pthread_mutex_unlock(&jit_lock);
}

void kb_regex_free(kb_regex *re)
{
	pcre2_code_free(re->code);
	memset(re, 0, sizeof *re);
}

void kb_regex_quote(const char *s, kb_buf *out)
{
	for (; *s; s++) {
		if (*s == ' ') {
			kb_buf_puts(out, "\\s+"); /* a space in a term matches any run of spaces */
			continue;
		}
		if (strchr("\\^$.|?*+()[]{}#", *s))
			kb_buf_putc(out, '\\');
		kb_buf_putc(out, *s);
	}
}

/* Wraps p so that it only matches whole words: no word character just before or after. */
void kb_word_wrap(kb_buf *out, const char *inner)
{
	kb_buf_puts(out, "(?<![\\w])(?:");
	kb_buf_puts(out, inner);
	kb_buf_puts(out, ")(?![\\w])");
}

/* Match data nest: a match callback may run another pattern (temporal's 'unless'), so each
 * nesting level has its own. Deeper levels than this get a match data of their own. */
enum { NEST = 8 };

/* One thread's matching state (regex.h); its parts are made on first use. */
struct kb_regex_scratch {
	pcre2_match_context *mctx;
	pcre2_match_data *md[NEST];
	uint32_t pairs[NEST];
	int depth;
	void *slot; /* kb_regex_scratch_slot */
	void (*slot_free)(void *);
};

static void *must(void *p)
{
	if (!p) {
		fputs("kblint: out of memory\n", stderr);
		abort();
	}
	return p;
}

kb_regex_scratch *kb_regex_scratch_new(void)
{
	return xcalloc(1, sizeof(kb_regex_scratch));
}

void kb_regex_scratch_free(kb_regex_scratch *x)
{
	if (!x)
		return;
	pcre2_match_context_free(x->mctx);
	for (int i = 0; i < NEST; i++)
		pcre2_match_data_free(x->md[i]);
	if (x->slot_free)
		x->slot_free(x->slot);
	free(x);
}

void *kb_regex_scratch_slot(const kb_regex_scratch *x)
{
	return x->slot;
}

void kb_regex_scratch_set_slot(kb_regex_scratch *x, void *slot, void (*free_fn)(void *))
{
	x->slot = slot;
	x->slot_free = free_fn;
}

pcre2_match_context *kb_regex_mctx(kb_regex_scratch *x)
{
	if (!x->mctx) {
		x->mctx = must(pcre2_match_context_create(NULL));
		pcre2_set_match_limit(x->mctx, KB_RE_MATCH_LIMIT);
		pcre2_set_depth_limit(x->mctx, KB_RE_DEPTH_LIMIT);
		pcre2_set_heap_limit(x->mctx, KB_RE_HEAP_LIMIT_KB);
	}
	return x->mctx;
}

/* A match data for re at nesting level level of x (x's when level < NEST, else the caller
 * frees it). */
static pcre2_match_data *match_data(kb_regex_scratch *x, const kb_regex *re, int level)
{
	if (level >= NEST)
		return must(pcre2_match_data_create_from_pattern(re->code, NULL));
	if (x->pairs[level] < re->pairs) {
		pcre2_match_data_free(x->md[level]);
		x->md[level] = must(pcre2_match_data_create(re->pairs < 16 ? 16 : re->pairs, NULL));
		x->pairs[level] = re->pairs < 16 ? 16 : re->pairs;
	}
	return x->md[level];
}

static long long cpu_ns(void)
{
	struct timespec ts;
	if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts) != 0)
		return 0; /* no CPU clock: the match limit alone bounds each match */
	return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

void kb_re_budget_start(kb_re_budget *b)
{
	/* the clock is first read at the KB_RE_CLOCK_EVERY-th match: most scans never get there,
	 * and reading a thread's CPU clock is a system call */
	b->start_ns = -1;
	b->matches = 0;
}

/* True when the budget is spent; the clock is read every KB_RE_CLOCK_EVERY matches. */
static bool spent(kb_re_budget *b)
{
	if (++b->matches % KB_RE_CLOCK_EVERY != 0)
		return false;
	long long now = cpu_ns();
	if (b->start_ns < 0)
		b->start_ns = now;
	return now - b->start_ns > (long long)KB_RE_TIME_LIMIT_MS * 1000000LL;
}

int kb_regex_each(kb_regex_scratch *x, const kb_regex *re, const char *subject, size_t len,
		  kb_match_fn fn, void *ud)
{
	return kb_regex_each_budget(x, re, subject, len, fn, ud, NULL);
}

int kb_regex_each_budget(kb_regex_scratch *x, const kb_regex *re, const char *subject,
			 size_t len, kb_match_fn fn, void *ud, kb_re_budget *budget)
{
	if (!kb_regex_may_match(re, subject, len))
		return 0;
	kb_regex_jit(re);
	int level = x->depth++;
	pcre2_match_data *md = match_data(x, re, level);
	pcre2_match_context *mctx = kb_regex_mctx(x);
	int ret = 0;
	size_t start = 0;
	while (start <= len) {
		int rc = pcre2_match(re->code, (PCRE2_SPTR)subject, len, start, PCRE2_NO_UTF_CHECK, md,
				     mctx);
		/* every call counts, a failed one most: that is where backtracking goes */
		bool over = budget && spent(budget);
		if (rc == PCRE2_ERROR_NOMATCH) {
			ret = over ? -2 : 0;
			break;
		}
		if (rc < 0) {
			ret = -1; /* a limit, or an internal error: stop this pattern here */
			break;
		}
		/* PCRE2_SIZE is size_t and PCRE2_UNSET is (size_t)-1 */
		PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
		if (ov[1] > ov[0])
			fn(ud, subject, len, ov, rc);
		if (ov[1] > start)
			start = ov[1];
		else {
			start++; /* an empty match: step one character */
			while (start < len && ((unsigned char)subject[start] & 0xC0) == 0x80)
				start++;
		}
		if (over) {
			ret = -2;
			break;
		}
	}
	if (level >= NEST)
		pcre2_match_data_free(md);
	x->depth--;
	return ret;
}
