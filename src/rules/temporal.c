/* temporal.c: the "temporal" kind: dates and time words in prose that have gone stale.
 * Modes: deadline ("valid until March 31, 2025" and the date passed), as-of ("as of 2023",
 * older than freshness.prose_max_age), future ("will ship in 2024", the period is over),
 * undated ("coming soon" in an article last reviewed more than prose_max_age ago) and marker
 * ("<!-- kblint: valid-until 2026-06-30 -->" before a paragraph). Triggers are data. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "prefilter.h"
#include "prosedate.h"
#include "scan.h"
#include "dated.h"
#include "tclause.h"

/* The modes, written once: the enum, the names a rule file gives, the default messages, and
 * the list in the error for a missing or unknown mode, in this order. */
#define MODES(X)                                                                                   \
	X(MODE_DEADLINE, "deadline", "deadline passed ${ago}: '${match}'")                         \
	X(MODE_AS_OF, "as-of", "'${match}' is ${ago}, older than ${max_age}")                       \
	X(MODE_AS_OF_STATE, "as-of-state",                                                         \
	  "'${match}' says when a state began ('${state}', ${ago}); check it still holds")         \
	X(MODE_FUTURE, "future", "future tense about ${date}, which ended ${ago}")                 \
	X(MODE_UNDATED, "undated",                                                                 \
	  "'${word}' was written before the last review on ${reviewed}, more than ${max_age} ago") \
	X(MODE_MARKER, "marker", "this paragraph was marked valid until ${date}, which passed ${ago}")

typedef enum {
#define X(e, name, msg) e,
	MODES(X)
#undef X
} mode;
static const char *const mode_names[] = {
#define X(e, name, msg) name,
	MODES(X)
#undef X
};
static const char *const default_messages[] = {
#define X(e, name, msg) msg,
	MODES(X)
#undef X
};
/* An undated word in an article with no review date (and no date from git). */
static const char default_nodate[] =
	"'${word}' ages, and the article gives no review date to judge it by; check it still holds";
enum { NMODES = sizeof mode_names / sizeof mode_names[0] };
enum { KB_SEEN_MAX = 64 }; /* dates of one article remembered to report each once; more are
			    * rare, and past it a date found twice is reported twice */

typedef struct {
	mode mode;
	kb_regex re;
	bool has_re;
	kb_regex unless;   /* a paragraph matching this is not a claim of this kind */
	bool has_unless;
	kb_regex lead;     /* future: a date first ("Starting March 2024, ... will") */
	bool has_lead;
	kb_regex marks;    /* future: the triggers alone, and the progressive ("are being") */
	bool has_marks;
	kb_regex span;     /* deadline: a period's start ("DST starts on March 13, 2011") */
	bool has_span;
	char *nodate;      /* undated: the message for an article with no date at all */
} temporal_data;

static const char *const keys[] = {"mode", "triggers", "unless", "nodate_message", NULL};

/* Words that lead from a future-tense trigger to the date ("will launch in 2024"). */
static const char future_glue[] =
	"(?:\\s+[^\\s.!?;:]+){0,6}?\\s+(?:in|during|for|around|from|early|late|mid|throughout)"
	"[\\s-]+(?:the\\s+)?(?:(?:end|start|beginning|middle|first\\s+half|second\\s+half)\\s+of\\s+)?";

/* Words that put a date first in a clause about the future: "Starting March 2024, ... will",
 * "older clients will lose access starting June 2025", "In 2024, we will". */
static const char future_lead[] =
	"(?<![\\w])(?<lead>starting|beginning|effective|from|in|by|on|during)"
	"(?:\\s+(?:on|in|from))?[\\s-]+(?:(?:early|late|mid)[\\s-]+)?(?:the\\s+)?"
	"(?:(?:end|start|beginning|middle)\\s+of\\s+)?";

/* The progressive that speaks of the future: "are being deprecated", "we're beginning"; not
 * the -ing words that say a state ("is missing", "is working", "is nothing"). */
static const char progressive[] =
	"|(?<![\\w])(?:is|are|am)\\s+(?:\\w+ly\\s+)?(?!(?:no|some|any|every)thing|(?:miss|pend|exist|remain|follow|work|run|interest|confus|mislead|outstand)ing)\\w+ing(?![\\w])"
	"|(?:'|\\x{2019})re\\s+\\w+ing(?![\\w])";

/* A period's start, said before its end: "DST starts on March 13, 2011; DST ends on ...". */
static const char span_start[] =
	"(?<![\\w])(?:starts?|begins?|started|began)(?:\\s+on)?\\s+(?:[a-z]{3,9}\\.?\\s+)?\\d";

static int compile(kb_rule *rule, const kb_ynode *map, kb_compile_ctx *ctx)
{
	const kb_ynode *m = kb_ymap_get(map, "mode"), *t = kb_ymap_get(map, "triggers");
	int found = -1;
	for (int i = 0; m && m->type == KB_Y_SCALAR && i < NMODES; i++)
		if (strcmp(m->str, mode_names[i]) == 0)
			found = i;
	if (found < 0) {
		const kb_ynode *at = m ? m : map;
		kb_buf names = {0};
		for (int i = 0; i < NMODES; i++)
			kb_buf_printf(&names, "%s%s", i ? ", " : "", mode_names[i]);
		kb_errs_at(ctx->errs, ctx->file, at, "temporal rule '%s' needs 'mode', one of: %s",
			   rule->id, names.data);
		kb_buf_free(&names);
		return -1;
	}
	temporal_data *d = xcalloc(1, sizeof *d);
	d->mode = (mode)found;
	rule->data = d;
	if (!rule->message[0]) {
		free(rule->message);
		rule->message = xstrdup(default_messages[found]);
	}
	if (d->mode == MODE_MARKER) {
		if (t) {
			kb_errs_at(ctx->errs, ctx->file, t,
				    "a marker rule takes no 'triggers'");
			return -1;
		}
		return 0;
	}
	if (!t) {
		kb_errs_at(ctx->errs, ctx->file, map,
			    "temporal rule '%s' needs 'triggers', a list of words or phrases", rule->id);
		return -1;
	}
	kb_strv words = {0};
	if (kb_rule_strings(t, "triggers", &words, ctx) != 0)
		return -1;
	kb_buf alt = {0}, src = {0};
	for (size_t i = 0; i < words.n; i++) {
		if (i)
			kb_buf_putc(&alt, '|');
		kb_regex_quote(words.v[i], &alt);
	}
	/* "most recently added" is about order, not time */
	kb_buf_printf(&src, "(?<![\\w])%s(?<trigger>%s)(?![\\w])",
		      d->mode == MODE_UNDATED ? "(?<!most\\s)(?<!least\\s)(?<!most-)(?<!least-)" : "", alt.data);
	char err[300];
	int ret = 0;
	if (d->mode == MODE_FUTURE) {
		kb_buf lead = {0}, marks = {0};
		kb_buf_printf(&lead, "%s(?<date>", future_lead);
		kb_prose_date_pattern(&lead, ctx->cfg, true);
		kb_buf_putc(&lead, ')');
		kb_buf_printf(&marks, "(?<![\\w])(?:%s)(?![\\w])%s", alt.data, progressive);
		if (kb_regex_compile(&d->lead, lead.data, true, err, sizeof err) == 0) {
			d->has_lead = true;
			kb_prefilter_add(ctx->pf, &d->lead, lead.data, &rule->enabled);
		}
		if (kb_regex_compile(&d->marks, marks.data, true, err, sizeof err) == 0)
			d->has_marks = true;
		kb_buf_free(&lead);
		kb_buf_free(&marks);
	}
	if (d->mode == MODE_DEADLINE && kb_regex_compile(&d->span, span_start, true, err,
							 sizeof err) == 0)
		d->has_span = true;
	const kb_ynode *nd = kb_ymap_get(map, "nodate_message");
	if (nd && (d->mode != MODE_UNDATED || nd->type != KB_Y_SCALAR)) {
		kb_errs_at(ctx->errs, ctx->file, nd,
			    "'nodate_message' is a text, for a rule of mode undated");
		ret = -1;
	}
	d->nodate = xstrdup(nd && nd->type == KB_Y_SCALAR ? nd->str : default_nodate);
	switch (d->mode) {
	case MODE_DEADLINE:
		kb_buf_puts(&src, "(?:\\s+(?:on|the\\s+end\\s+of|end\\s+of))?[\\s,:]+(?<date>");
		kb_prose_date_pattern(&src, ctx->cfg, false);
		kb_buf_putc(&src, ')');
		break;
	case MODE_AS_OF:
	case MODE_AS_OF_STATE:
		kb_buf_puts(&src, "(?:\\s+on)?[\\s,:(]+(?<date>");
		kb_prose_date_pattern(&src, ctx->cfg, true);
		kb_buf_putc(&src, ')');
		break;
	case MODE_FUTURE:
		kb_buf_printf(&src, "%s(?<date>", future_glue);
		kb_prose_date_pattern(&src, ctx->cfg, true);
		kb_buf_putc(&src, ')');
		break;
	default:
		break;
	}
	const kb_ynode *u = kb_ymap_get(map, "unless");
	if (u) {
		kb_strv list = {0};
		kb_buf un = {0}, alt2 = {0};
		if (kb_rule_strings(u, "unless", &list, ctx) != 0) {
			kb_buf_free(&alt);
			kb_buf_free(&src);
			kb_strv_free(&words);
			return -1;
		}
		for (size_t i = 0; i < list.n; i++) {
			if (i)
				kb_buf_putc(&alt2, '|');
			kb_regex_quote(list.v[i], &alt2);
		}
		kb_word_wrap(&un, alt2.data);
		if (kb_regex_compile(&d->unless, un.data, true, err, sizeof err) != 0) {
			kb_errs_at(ctx->errs, ctx->file, u, "bad 'unless' in rule '%s': %s",
				    rule->id, err);
			ret = -1;
		} else {
			d->has_unless = true;
		}
		kb_strv_free(&list);
		kb_buf_free(&un);
		kb_buf_free(&alt2);
	}
	if (ret == 0 && kb_regex_compile(&d->re, src.data, true, err, sizeof err) != 0) {
		kb_errs_at(ctx->errs, ctx->file, t, "bad trigger in rule '%s': %s",
			    rule->id, err);
		ret = -1;
	} else if (ret == 0) {
		d->has_re = true;
		kb_prefilter_add(ctx->pf, &d->re, src.data, &rule->enabled);
	}
	kb_buf_free(&alt);
	kb_buf_free(&src);
	kb_strv_free(&words);
	return ret;
}

/* "3 days", "5 months", "2 years": a span of days as people say it. */
static void human(char *out, size_t n, long days)
{
	if (days < 0)
		days = -days;
	if (days < 60)
		snprintf(out, n, "%ld day%s", days, days == 1 ? "" : "s");
	else if (days < 730)
		snprintf(out, n, "%ld months", days / 30);
	else
		snprintf(out, n, "%ld years", days / 365);
}

typedef struct {
	const char *names[10];
	const char *values[10];
	size_t lens[10];
	size_t n;
} vars;

static void set(vars *v, const char *name, const char *value, size_t len)
{
	v->names[v->n] = name;
	v->values[v->n] = value;
	v->lens[v->n++] = len;
}

static const char *lookup(void *ud, const char *name, size_t len, size_t *outlen)
{
	vars *v = ud;
	for (size_t i = 0; i < v->n; i++)
		if (v->values[i] && kb_streq_n(name, len, v->names[i])) {
			*outlen = v->lens[i];
			return v->values[i];
		}
	return NULL;
}

typedef struct {
	const kb_rule *rule;
	const temporal_data *d;
	kb_check *c;
	const kb_regex *re; /* the pattern whose hits on_date reads: d->re, or d->lead */
	int seen[KB_SEEN_MAX][2]; /* line and column of each date reported, so a date that two
				   * patterns find is reported once */
	size_t nseen;
} scan_ctx;

static void count(void *ud, const char *s, size_t len, const size_t *ov, int n);

/* A kb_match_fn keeping 1 + the offset of the first match in *(size_t *)ud. */
static void first_match(void *ud, const char *s, size_t len, const size_t *ov, int n)
{
	(void)s;
	(void)len;
	(void)n;
	if (!*(size_t *)ud)
		*(size_t *)ud = ov[0] + 1;
}

static bool trig_is(const char *t, size_t tl, const char *w)
{
	size_t l = strlen(w);
	if (tl != l)
		return false;
	for (size_t i = 0; i < l; i++)
		if ((t[i] >= 'A' && t[i] <= 'Z' ? t[i] + 32 : t[i]) != w[i])
			return false;
	return true;
}

/* Auxiliaries of the present: with a modal, they keep a date bound to a live verb. */
static const char *const present_aux[] = {"is", "are", "am", "isn't", "aren't", "has", "have",
					  "does", "do", "doesn't", "don't", NULL};

/* The offset + 1 of the last word of list in s[a..b), or 0. */
static size_t last_of(const char *s, size_t a, size_t b, const char *const *list)
{
	size_t at, last = 0;
	for (size_t i = a; tc_find(s, i, b, list, &at); i = at + 1)
		last = at + 1;
	return last;
}

/* The offset + 1 of the first word of list in s[a..b), or SIZE_MAX. */
static size_t first_of(const char *s, size_t a, size_t b, const char *const *list)
{
	size_t at;
	return tc_find(s, a, b, list, &at) ? at + 1 : SIZE_MAX;
}

/* True when the verb a date at s[at] belongs to is in the past: the auxiliary nearest before
 * it in the clause s[a..b) is "was", "were", "had", "did"..., or, with none before it, the
 * first after it is ("Before August 2022, the folder wasn't removed"). "was removed, and
 * access is restricted until March 2019" is bound to "is". */
static bool past_verb(const char *s, size_t a, size_t b, size_t at)
{
	size_t p = last_of(s, a, at, tc_past), m = last_of(s, a, at, tc_modals),
	       r = last_of(s, a, at, present_aux);
	if (p || m || r)
		return p > m && p > r;
	p = first_of(s, at, b, tc_past);
	m = first_of(s, at, b, tc_modals);
	r = first_of(s, at, b, present_aux);
	return p < m && p < r;
}

/* Deadline: true when the date qualifies a thing or tells history instead of setting a
 * deadline. A deadline binds an obligation, offer or action ("must upgrade before", "valid
 * until", "run the cmdlet before"); a date after a thing that has a date ("dates before 1904",
 * "ages before 1900"), after a participle ("accounts created before March 2025"; not "must be
 * renewed by"), compared with "is before", bound to a verb in the past tense ("Before August
 * 2022, the folder wasn't ...", "was removed, and access was restricted until") or ending a period whose start the sentence gave ("DST starts on March
 * 13, 2011; DST ends on November 6, 2011") is not one. */
static bool not_a_deadline(const scan_ctx *sc, const kb_hit *hit, const char *trig, size_t tl)
{
	const char *s = hit->subject;
	size_t n = hit->len, at = hit->ov[0];
	tc_word w = tc_word_before(s, at);
	if (tc_is(s, w, tc_time_nouns))
		return true;
	if (trig_is(trig, tl, "before") && (tc_is(s, w, tc_be) || tc_is(s, w, tc_past)))
		return true;
	if (tc_participle(s, w) && !tc_is(s, tc_word_before(s, w.a), tc_be))
		return true;
	size_t a, b;
	tc_clause(hit->block, s, n, at, &a, &b);
	if (past_verb(s, a, b, at))
		return true;
	if (sc->d->has_span && !trig_is(trig, tl, "before") && !trig_is(trig, tl, "by")) {
		int found = 0;
		tc_sentence(hit->block, s, n, at, &a, &b);
		kb_regex_each(sc->c->scratch, &sc->d->span, s + a, at - a, count, &found);
		return found > 0;
	}
	return false;
}

/* What makes "as of" the start of a state ("is deprecated as of March 30, 2024") ... */
static const char *const states[] = {
	"no longer", "not supported", "unsupported", "out of support", "end of support",
	"end of life", "deprecated", "retired", "removed", "discontinued", "disabled", "enabled",
	"blocked", "generally available", "available", "supported", "required", "mandatory",
	"by default", "replaced", "renamed", "moved", "migrated", "obsolete", "turned off",
	"turned on", "rolled out", "released", "launched", "ended", "stopped", "changed",
	"has been", "have been", "has had", "have had", "does support", "do support", "supports",
	NULL};
/* ... and what makes it a snapshot that ages ("this list is current as of August, 2010"). */
static const char *const snapshots[] = {
	"current", "currently", "latest", "newest", "there are", "there is", "there's",
	"at the moment", "so far", "to date", "at present", "at this time", "under investigation",
	NULL};

/* As of: the phrase of states[] that makes the "as of" of this hit the start of a state, or
 * NULL when it is a snapshot (or its trigger is not plain "as of"). */
static const char *as_of_state(const kb_hit *hit, const char *trig, size_t tl, size_t *at,
			       size_t *len)
{
	if (!trig_is(trig, tl, "as of"))
		return NULL;
	size_t a, b;
	tc_clause(hit->block, hit->subject, hit->len, hit->ov[0], &a, &b);
	/* an "as of" phrase that is a clause of its own is the main clause's opening: "As of
	 * 2015-04-19, and with npm 2.0 or better, the registry does support scoped packages" */
	size_t k = hit->ov[1];
	while (k < b && !((hit->subject[k] >= 'a' && hit->subject[k] <= 'z') ||
			  (hit->subject[k] >= 'A' && hit->subject[k] <= 'Z')))
		k++;
	if (k == b) {
		size_t sa, sb;
		tc_sentence(hit->block, hit->subject, hit->len, hit->ov[0], &sa, &sb);
		b = sb;
	}
	if (tc_has(hit->subject, a, b, snapshots))
		return NULL;
	/* the state nearest the "as of": "is generally available as of September 2022" */
	const char *best = NULL;
	size_t from = hit->ov[0], dist = SIZE_MAX, p;
	for (size_t i = a; i < b;) {
		const char *st = tc_find(hit->subject, i, b, states, &p);
		if (!st)
			break;
		size_t d = p < from ? from - p : p - from;
		if (d < dist) {
			dist = d;
			best = st;
			*at = p;
			*len = strlen(st);
		}
		i = p + strlen(st);
	}
	/* the negation goes with it: "no longer supported as of 2017" */
	static const char *const negations[] = {"no longer", "not", NULL};
	for (size_t k = 0; best && negations[k]; k++) {
		size_t l = strlen(negations[k]) + 1, q;
		if (*at >= a + l && tc_find(hit->subject, *at - l, *at, negations, &q) &&
		    q == *at - l) {
			*len += *at - q;
			*at = q;
			break;
		}
	}
	return best;
}

/* Future: an attributive or past participle is not the future: "as expected", "the expected
 * result", "expected behavior in Windows Server 2019", "was planned for 2024". A participle
 * trigger speaks of the future only when a preposition or "to" follows it. */
static const char *const after_participle[] = {
	"to", "in", "by", "for", "during", "around", "from", "early", "late", "mid", "throughout",
	"on", "at", "sometime", "later", "soon", "until", "before", "after", "starting",
	"beginning", "next", "this", "within", NULL};

static bool not_future(const kb_hit *hit, size_t tstart, size_t tl)
{
	const char *s = hit->subject;
	tc_word w = tc_word_before(s, tstart);
	if (tc_is(s, w, tc_past))
		return true;
	if (tl < 3 || s[tstart + tl - 2] != 'e' || s[tstart + tl - 1] != 'd')
		return false;
	if (tc_is(s, w, tc_determiners))
		return true;
	tc_word next = tc_word_after(s, hit->len, tstart + tl);
	return next.b > next.a && next.a == tstart + tl + 1 && !tc_is(s, next, after_participle);
}

/* Future, a date first: "Starting March 2024, storage will be billed", "older clients will
 * lose access starting June 2025", "In 2024, we will ...". A date after "starting",
 * "beginning" or "effective" needs the future anywhere in its clause; after "in", "by", "on",
 * "during" or "from" it must open the clause, a comma after it, and the future come later. */
static bool lead_is_future(const scan_ctx *sc, const kb_hit *hit, size_t dend)
{
	const char *s = hit->subject;
	size_t ll = 0;
	const char *lead = kb_hit_lookup(&sc->d->lead, hit, "lead", 4, &ll);
	if (!lead || !sc->d->has_marks)
		return false;
	size_t a, b, from;
	tc_clause(hit->block, s, hit->len, hit->ov[0], &a, &b);
	if (tc_has(s, a, b, tc_past))
		return false;
	if (trig_is(lead, ll, "starting") || trig_is(lead, ll, "beginning") ||
	    trig_is(lead, ll, "effective")) {
		from = a;
	} else {
		for (size_t i = a; i < hit->ov[0]; i++)
			if (s[i] != ' ' && s[i] != '\n' && s[i] != '*' && s[i] != '_' && s[i] != '-')
				return false;
		if (dend >= b || s[dend] != ',')
			return false;
		from = dend;
	}
	size_t mark = 0;
	kb_regex_each(sc->c->scratch, &sc->d->marks, s + from, b - from, first_match, &mark);
	if (!mark)
		return false;
	/* a simple past before the future is the clause's own verb: "In October 2020, we
	 * announced that all site mailboxes will be discontinued" */
	for (size_t i = dend; i < from + mark - 1;) {
		tc_word w = tc_word_after(s, from + mark - 1, i);
		if (w.b == w.a) {
			i++;
			continue;
		}
		tc_word prev = tc_word_before(s, w.a);
		if (tc_participle(s, w) && !tc_is(s, prev, tc_be) &&
		    !tc_is(s, prev, (const char *const[]){"have", "has", NULL}))
			return false;
		i = w.b;
	}
	return true;
}

static bool quote_char(const char *s, size_t at, bool before)
{
	/* ASCII quotes, and the typographic ones (U+2018/2019/201C/201D: E2 80 98..9D) */
	if (before) {
		if (at >= 1 && (s[at - 1] == '"' || s[at - 1] == '\''))
			return true;
		return at >= 3 && (unsigned char)s[at - 3] == 0xE2 && (unsigned char)s[at - 2] == 0x80 &&
		       (unsigned char)s[at - 1] >= 0x98 && (unsigned char)s[at - 1] <= 0x9D;
	}
	if (s[at] == '"' || s[at] == '\'')
		return true;
	return (unsigned char)s[at] == 0xE2 && (unsigned char)s[at + 1] == 0x80 &&
	       (unsigned char)s[at + 2] >= 0x98 && (unsigned char)s[at + 2] <= 0x9D;
}

/* True when the match sits inside a URL written out in the text. */
static bool in_url(const char *s, size_t len, size_t start, size_t end)
{
	size_t a = start, b = end;
	while (a > 0 && s[a - 1] != ' ' && s[a - 1] != '\n' && s[a - 1] != '(')
		a--;
	while (b < len && s[b] != ' ' && s[b] != '\n' && s[b] != ')')
		b++;
	for (size_t i = a; i + 3 <= b; i++)
		if (s[i] == ':' && s[i + 1] == '/' && s[i + 2] == '/')
			return true;
	return b - a > 4 && strncmp(s + a, "www.", 4) == 0;
}

static void count(void *ud, const char *s, size_t len, const size_t *ov, int n)
{
	(void)s;
	(void)len;
	(void)ov;
	(void)n;
	(*(int *)ud)++;
}

static void report(scan_ctx *sc, const kb_hit *hit, vars *v, size_t at)
{
	if (sc->d->has_unless) {
		/* the paragraph says what kind of statement this is: "copyright ... as of 2022" */
		int found = 0;
		kb_regex_each(sc->c->scratch, &sc->d->unless, hit->subject, hit->len, count, &found);
		if (found)
			return;
	}
	int line, col;
	kb_hit_pos(hit, at, &line, &col);
	kb_buf msg = {0};
	kb_template_expand(sc->rule->message, lookup, v, &msg);
	kb_emit(sc->c, sc->rule, line, col, msg.data ? msg.data : "");
	kb_buf_free(&msg);
}

/* True when the date at line:col was reported already; else remembers it. */
static bool seen(scan_ctx *sc, int line, int col)
{
	for (size_t i = 0; i < sc->nseen; i++)
		if (sc->seen[i][0] == line && sc->seen[i][1] == col)
			return true;
	if (sc->nseen < KB_SEEN_MAX) {
		sc->seen[sc->nseen][0] = line;
		sc->seen[sc->nseen++][1] = col;
	}
	return false;
}

static void on_date(void *ud, const kb_hit *hit)
{
	scan_ctx *sc = ud;
	const kb_regex *re = sc->re;
	size_t dl = 0, tl = 0;
	const char *date = kb_hit_lookup(re, hit, "date", 4, &dl);
	const char *trig = kb_hit_lookup(re, hit, "trigger", 7, &tl);
	if (!date)
		return;
	size_t dstart = (size_t)(date - hit->subject);
	if (in_url(hit->subject, hit->len, hit->ov[0], dstart + dl))
		return;
	/* under a dated heading ("## 2016-10-18, Version 4.6.1", "1.27.0 (2018-06-21)") the
	 * text is a record of that day: "will remain supported until April 2018" was its future,
	 * and nobody rewrites a release note */
	if (hit->block && kb_dated_section(sc->c->art, hit->block, true))
		return;
	kb_span span;
	if (kb_prose_date_parse(date, dl, sc->c->cfg, &span) != 0)
		return;
	kb_date today = sc->c->today;
	char ago[48], age[32];
	long days;
	const char *state = NULL;
	size_t state_at = 0, state_len = 0;
	switch (sc->d->mode) {
	case MODE_DEADLINE:
	case MODE_FUTURE:
		/* a deadline without a day runs to the end of its month, quarter or year; one still
		 * ahead is remembered as the day the article stops holding (kblint export) */
		if (span.last >= today) {
			kb_article *art = sc->c->art;
			if (sc->d->mode == MODE_DEADLINE && !not_a_deadline(sc, hit, trig, tl) &&
			    (!art->deadline_ahead || span.last < art->deadline_ahead))
				art->deadline_ahead = span.last;
			return;
		}
		if (sc->d->mode == MODE_DEADLINE && not_a_deadline(sc, hit, trig, tl))
			return;
		if (sc->d->mode == MODE_FUTURE &&
		    (re == &sc->d->lead ? !lead_is_future(sc, hit, dstart + dl)
					: not_future(hit, (size_t)(trig - hit->subject), tl)))
			return;
		days = (long)today - span.last;
		break;
	case MODE_AS_OF:
	case MODE_AS_OF_STATE:
		/* "as of March 2025" is the start of March */
		if (kb_date_add(span.first, sc->c->cfg->prose_max_age) >= today)
			return;
		state = as_of_state(hit, trig, tl, &state_at, &state_len);
		if ((state != NULL) != (sc->d->mode == MODE_AS_OF_STATE))
			return;
		days = (long)today - span.first;
		break;
	default:
		return;
	}
	int line, col;
	kb_hit_pos(hit, dstart, &line, &col);
	if (seen(sc, line, col))
		return;
	human(ago, sizeof ago, days);
	strcat(ago, " ago");
	kb_interval_format(sc->c->cfg->prose_max_age, age);
	vars v = {0};
	set(&v, "date", date, dl);
	set(&v, "trigger", trig, tl);
	set(&v, "match", hit->subject + hit->ov[0], hit->ov[1] - hit->ov[0]);
	set(&v, "ago", ago, strlen(ago));
	set(&v, "max_age", age, strlen(age));
	if (state)
		set(&v, "state", hit->subject + state_at, state_len);
	report(sc, hit, &v, dstart);
}

/* Undated: the word classes not_a_claim reads. */
static const char *const recent_words[] = {"recently", "just", "newly", NULL};
static const char *const stative_words[] = {"in", "brand", "feature", "features", NULL};
static const char *const calendar_words[] = {"this", "next", NULL};
/* before "recently", a word that makes it describe a thing: "for recently started Lync.exe" */
static const char *const attributive[] = {"for", "with", "to", "in", "on", "by", "from", "at",
					  "about", "into", "than", NULL};
/* before "recently" with no verb after it: the auxiliary or subject of one */
static const char *const recent_aux[] = {"have", "has", "had", "was", "were", "is", "are",
					 "been", "we", "we've", "they", "it", "we're", "he", "she",
					 "i", "i've", NULL};
static const char *const relative[] = {"that", "which", "who", NULL};
/* after "in preview", "in beta": words that end the state's phrase ("is in preview for
 * Windows", "in beta until June") rather than make it a compound ("in Preview mode") */
static const char *const after_state[] = {
	"for", "and", "or", "but", "on", "in", "at", "to", "from", "with", "since", "until", "as",
	"now", "today", "yet", "so", "while", "because", "by", NULL};
static const char *const first_person[] = {"i", "i'm", "i've", "my", NULL};
static const char *const possible[] = {"may", "might", "could", NULL};
static const char *const be_state[] = {"is", "are", "'s", "'re", "currently", "still", "now",
				       "remains", "remain", "being", "be", NULL};
/* what makes "this year", "next month" a claim about the time of writing */
static const char *const announcing[] = {
	"will", "we'll", "it'll", "coming", "planned", "scheduled", "expected", "going to",
	"plan to", "plans to", "upcoming", "we", "we're", "our", "us", NULL};
static const char *const calendar_lead[] = {"later", "earlier", "by", "until", "before",
					    "early", "late", NULL};
/* "the end of this month": "of" after one of these */
static const char *const period_part[] = {"end", "start", "beginning", "middle", NULL};

static bool possessive(const char *s, size_t n, size_t e)
{
	if (e + 1 < n && s[e] == '\'' && s[e + 1] == 's')
		return true;
	return e + 3 < n && (unsigned char)s[e] == 0xE2 && (unsigned char)s[e + 1] == 0x80 &&
	       (unsigned char)s[e + 2] == 0x99 && s[e + 3] == 's';
}

/* Undated: true when the time word at s[st..*e) describes rather than claims (*e may grow to
 * take the verb after "recently"):
 * - "recently" describing a thing ("the recently added items", "for recently started
 *   Lync.exe", "shows recently opened files"), "recently", "just", "newly" in a relative
 *   clause ("pages that were recently referenced"), in the reader's own
 *   situation or a possibility ("if the device was recently updated", "You recently updated
 *   the policy", "may have been caused by a program recently installed", a heading in the
 *   first person), or with no verb beside it;
 * - a state not said of something: "viewed in Preview mode", "a brand new database" ("is in
 *   preview", "is brand new" are claims), a compound ("is in preview mode"), or said under
 *   "if";
 * - "this month", "next year" of the text's own example ("the next month", "next year's first
 *   week", "Display the previous, current, and next month"): a claim about the time of
 *   writing has "later", "by the end of" before it, or the future or "we" in its sentence. */
static bool not_a_claim(const kb_block *blk, const char *s, size_t n, size_t st, size_t *e,
			bool heading)
{
	tc_word w = tc_word_before(s, st), first = tc_word_after(s, n, st);
	size_t a, b;
	tc_clause(blk, s, n, st, &a, &b);
	if (tc_is(s, first, recent_words)) {
		bool alone = first.b == *e;
		if ((alone && (tc_is(s, w, tc_determiners) || tc_is(s, w, attributive))) ||
		    tc_is(s, w, relative) || tc_has(s, a, b, tc_conditional) ||
		    tc_has(s, a, b, tc_reader) || tc_has(s, a, b, possible))
			return true;
		/* a heading in the first person is the reader's question: "I recently switched
		 * plans and now get messages" */
		if (heading && tc_has(s, a, b, first_person))
			return true;
		if (tc_is(s, w, recent_aux) && tc_is(s, tc_word_before(s, w.a), relative))
			return true;
		if (alone) {
			/* "recently" alone: a verb after it ("recently set up") with its subject
			 * or auxiliary before ("We recently", "Microsoft recently", "was
			 * recently"), not a verb of its own ("The list shows recently opened
			 * files") */
			tc_word next = tc_word_after(s, n, *e);
			bool subject = tc_is(s, w, recent_aux) || w.b == w.a ||
				       (s[w.a] >= 'A' && s[w.a] <= 'Z');
			if (!subject)
				return true;
			if (next.b > next.a && next.a == *e + 1 && tc_participle(s, next))
				*e = next.b;
			else if (!tc_is(s, w, recent_aux))
				return true;
		}
		return false;
	}
	if (tc_is(s, first, stative_words)) {
		if (tc_has(s, a, b, tc_conditional))
			return true;
		/* "in preview mode", "in beta testing": a compound of its own */
		tc_word next = tc_word_after(s, n, *e);
		if (tc_is(s, first, (const char *const[]){"in", NULL}) && next.b > next.a &&
		    next.a == *e + 1 && !tc_is(s, next, after_state))
			return true;
		size_t wl = w.b - w.a;
		bool contracted = wl > 2 && s[w.b - 2] == '\'' && (s[w.b - 1] == 's' || s[w.b - 1] == 'e');
		return !tc_is(s, first, (const char *const[]){"feature", "features", NULL}) &&
		       !tc_is(s, w, be_state) && !contracted;
	}
	if (tc_is(s, first, calendar_words)) {
		if (tc_is(s, w, (const char *const[]){"the", "a", "an", NULL}) || possessive(s, n, *e))
			return true;
		if (tc_is(s, w, calendar_lead) ||
		    (tc_is(s, w, (const char *const[]){"of", NULL}) &&
		     tc_is(s, tc_word_before(s, w.a), period_part)))
			return false;
		tc_sentence(blk, s, n, st, &a, &b);
		return !tc_has(s, a, b, announcing);
	}
	return false;
}

static void on_word(void *ud, const kb_hit *hit)
{
	scan_ctx *sc = ud;
	size_t s = hit->ov[0], e = hit->ov[1];
	if (hit->block && kb_dated_section(sc->c->art, hit->block, false))
		return;
	/* a quoted UI label ('shows as "Coming Soon"') is a name, not a claim */
	if (quote_char(hit->subject, s, true) && e < hit->len && quote_char(hit->subject, e, false))
		return;
	if (not_a_claim(hit->block, hit->subject, hit->len, s, &e,
			hit->block && hit->block->heading))
		return;
	const kb_article *a = sc->c->art;
	char reviewed[48], age[32];
	kb_date_format(a->reviewed.date, reviewed);
	if (a->reviewed.state == KB_FIELD_GIT)
		strcat(reviewed, " (its last commit)");
	kb_interval_format(sc->c->cfg->prose_max_age, age);
	vars v = {0};
	set(&v, "word", hit->subject + s, e - s);
	set(&v, "reviewed", reviewed, strlen(reviewed));
	set(&v, "max_age", age, strlen(age));
	report(sc, hit, &v, s);
}

static void check_markers(const kb_rule *rule, kb_check *c)
{
	const kb_article *a = c->art;
	for (size_t i = 0; i < a->nmarkers; i++) {
		const kb_marker *m = &a->markers[i];
		if (!m->valid) {
			kb_buf msg = {0};
			kb_buf_printf(&msg, "kblint marker 'valid-until %s' needs a date YYYY-MM-DD", m->text);
			kb_emit(c, rule, m->line, m->col, msg.data);
			kb_buf_free(&msg);
			continue;
		}
		if (m->valid_until >= c->today)
			continue;
		char date[16], ago[48];
		kb_date_format(m->valid_until, date);
		human(ago, sizeof ago, (long)c->today - m->valid_until);
		strcat(ago, " ago");
		vars v = {0};
		set(&v, "date", date, strlen(date));
		set(&v, "ago", ago, strlen(ago));
		kb_buf msg = {0};
		kb_template_expand(rule->message, lookup, &v, &msg);
		kb_emit(c, rule, m->line, m->col, msg.data ? msg.data : "");
		kb_buf_free(&msg);
	}
}

static void check(const kb_rule *rule, kb_check *c)
{
	const temporal_data *d = rule->data;
	scan_ctx sc = {.rule = rule, .d = d, .c = c, .re = &d->re};
	switch (d->mode) {
	case MODE_MARKER:
		check_markers(rule, c);
		return;
	case MODE_UNDATED: {
		const kb_article *a = c->art;
		/* undated words are a risk only in an article nobody has reviewed for a while,
		 * or that gives no date at all (the review date, else git's when asked for) */
		bool dated = a->reviewed.state == KB_FIELD_OK || a->reviewed.state == KB_FIELD_GIT;
		if (dated && kb_date_add(a->reviewed.date, c->cfg->prose_max_age) >= c->today)
			return;
		if (dated) {
			kb_regex_scan(&d->re, rule->scope, rule, c, on_word, &sc);
			return;
		}
		/* the same rule with the message for an article with no date */
		kb_rule nodate = *rule;
		nodate.message = d->nodate;
		sc.rule = &nodate;
		kb_regex_scan(&d->re, rule->scope, rule, c, on_word, &sc);
		return;
	}
	default:
		sc.re = &d->re;
		kb_regex_scan(&d->re, rule->scope, rule, c, on_date, &sc);
		if (d->has_lead) {
			sc.re = &d->lead;
			kb_regex_scan(&d->lead, rule->scope, rule, c, on_date, &sc);
		}
	}
}

static void free_data(kb_rule *rule)
{
	temporal_data *d = rule->data;
	if (d->has_re)
		kb_regex_free(&d->re);
	if (d->has_unless)
		kb_regex_free(&d->unless);
	if (d->has_lead)
		kb_regex_free(&d->lead);
	if (d->has_marks)
		kb_regex_free(&d->marks);
	if (d->has_span)
		kb_regex_free(&d->span);
	free(d->nodate);
	free(d);
	rule->data = NULL;
}

const kb_kind kb_kind_temporal = {
	.name = "temporal",
	.keys = keys,
	.default_scope = KB_SCOPE_PROSE | KB_SCOPE_HEADINGS | KB_SCOPE_COMMENTS,
	.compile = compile,
	.check = check,
	.check_corpus = NULL,
	.free = free_data,
};
