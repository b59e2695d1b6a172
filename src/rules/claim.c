/* claim.c: the "claim" kind: statements a reader cannot check. A trigger (a statistic, a
 * guarantee, a superlative, a hedge) in a sentence of prose with no evidence beside it (a link,
 * a footnote, a "(source: ...)" note) is a finding at the trigger. The triggers, and the words
 * that make a match something other than a claim (negations, idioms, conditionals, imperatives,
 * unless words), are data in the rule. With `evidence: []` nothing excuses a trigger, and with
 * `html: true` the rule also reads inline HTML ("<INSERT PRICE>" is an HTML tag to CommonMark),
 * which is how the placeholder rules use this kind. */
#include <stdlib.h>
#include <string.h>

#include "prefilter.h"
#include "ascii.h"
#include "dated.h"
#include "scan.h"
#include "sentence.h"

enum {
	EV_LINK = 1 << 0,     /* a link or autolink, or a URL written out */
	EV_FOOTNOTE = 1 << 1, /* "[^1]" whose "[^1]: ..." the article defines */
	EV_CITATION = 1 << 2, /* "(source: ...)" */
	EV_ALL = EV_LINK | EV_FOOTNOTE | EV_CITATION,
	MAX_GROUPS = 10,             /* $0..$9 kept for a finding's message */
	CLAUSE_WINDOW = -1,          /* negation_window unset: a negation anywhere in the clause */
	MAX_NEGATION_WINDOW = 20,
	MAX_LABEL = 12,              /* the longest "Note:" label skipped before an imperative */
};

static const struct {
	const char *name;
	unsigned bit;
} evidence_names[] = {{"link", EV_LINK}, {"footnote", EV_FOOTNOTE}, {"citation", EV_CITATION}};
enum { NEVIDENCE = sizeof evidence_names / sizeof evidence_names[0] };

/* A citation note: "(source: Uptime report 2025)", "[sources: ...]". */
static const char citation_pattern[] =
	"[(\\[]\\s*(?:sources?|citation|cited\\s+from|reference|ref|via)\\s*:\\s*[^()\\[\\]\\n]{2,}[)\\]]";

typedef struct {
	kb_regex re;
	bool set;
} opt_re;

typedef struct {
	kb_regex *triggers;
	size_t ntriggers;
	opt_re negations, idioms, conditionals, imperatives, unless;
	kb_regex *evidence_re;  /* evidence_patterns */
	size_t nevidence_re;
	kb_regex citation;
	unsigned evidence;      /* EV_* bits */
	bool paragraph;         /* evidence_scope: paragraph */
	bool article_evidence;  /* a front-matter sources list covers the whole article */
	kb_strv source_fields;
	int negation_window;    /* words, or CLAUSE_WINDOW */
	bool ignore_quoted;
	bool html;
	bool every;             /* report every trigger, not just each sentence's first */
	bool skip_records;      /* skip_dated_sections: release notes, dated entries (dated.h) */
	char *evidence_text;    /* "a link, a footnote or a (source: ...) note", for messages */
} claim_data;

static const char *const keys[] = {"triggers", "words", "ignore_case", "evidence",
				   "evidence_patterns", "evidence_scope", "article_evidence",
				   "source_fields", "negations", "negation_window", "idioms",
				   "conditionals", "imperatives", "unless", "ignore_quoted", "html",
				   "one_per_sentence", "skip_dated_sections", NULL};

/* Appends phrase as a regex: literal, except that a run of spaces and hyphens matches any run of
 * whitespace and hyphens ("risk-free" is "risk free"), and an apostrophe matches ' or U+2019. */
static void phrase_regex(const char *s, kb_buf *out)
{
	while (*s) {
		if (*s == ' ' || *s == '-') {
			while (*s == ' ' || *s == '-')
				s++;
			kb_buf_puts(out, "[\\s\\-]+");
		} else if (*s == '\'' || strncmp(s, "\xE2\x80\x99", 3) == 0) {
			kb_buf_puts(out, "['\\x{2019}]");
			s += *s == '\'' ? 1 : 3;
		} else {
			if (strchr("\\^$.|?*+()[]{}#", *s))
				kb_buf_putc(out, '\\');
			kb_buf_putc(out, *s++);
		}
	}
}

/* A YAML option that must be a boolean; dflt when absent. Errors go to ctx. */
static bool bool_opt(const kb_ynode *map, const char *key, bool dflt, kb_compile_ctx *ctx,
		     int *bad)
{
	int b = kb_rule_bool(map, key);
	if (b == -2) {
		const kb_ynode *v = kb_ymap_get(map, key);
		kb_errs_at(ctx->errs, ctx->file, v, "'%s' must be true or false", key);
		(*bad)++;
	}
	return b < 0 ? dflt : b == 1;
}

/* Compiles the phrase list under key (absent: out stays unset) into one alternation that starts
 * at a word's start and, when whole is set, ends at a word's end. Returns 0 or -1. */
static int compile_phrases(const kb_rule *rule, const kb_ynode *map, const char *key, bool whole,
			   bool icase, opt_re *out, kb_compile_ctx *ctx, bool prose)
{
	const kb_ynode *n = kb_ymap_get(map, key);
	if (!n)
		return 0;
	kb_strv list = {0};
	if (kb_rule_strings(n, key, &list, ctx) != 0)
		return -1;
	kb_buf src = {0};
	kb_buf_puts(&src, "(?<![\\w])(?:");
	for (size_t i = 0; i < list.n; i++) {
		if (i)
			kb_buf_putc(&src, '|');
		phrase_regex(list.v[i], &src);
	}
	kb_buf_puts(&src, whole ? ")(?![\\w])" : ")");
	char err[300];
	int ret = 0;
	if (kb_regex_compile(&out->re, src.data, icase, err, sizeof err) != 0) {
		kb_errs_at(ctx->errs, ctx->file, n, "bad '%s' in rule '%s': %s", key,
			    rule->id, err);
		ret = -1;
	} else {
		out->set = true;
		if (prose) /* scanned over whole blocks (the words trigger): in the prefilter */
			kb_prefilter_add(ctx->pf, &out->re, src.data, &rule->enabled);
	}
	kb_buf_free(&src);
	kb_strv_free(&list);
	return ret;
}

/* Compiles each PCRE2 pattern under key into a new array (*out, *n). Returns 0 or -1. */
static int compile_patterns(kb_rule *rule, const kb_ynode *map, const char *key, bool icase,
			    kb_regex **out, size_t *n, kb_compile_ctx *ctx, bool prose)
{
	const kb_ynode *v = kb_ymap_get(map, key);
	if (!v)
		return 0;
	kb_strv list = {0};
	if (kb_rule_strings(v, key, &list, ctx) != 0)
		return -1;
	*out = xcalloc(list.n, sizeof **out);
	int ret = 0;
	for (size_t i = 0; i < list.n; i++) {
		char err[300];
		if (kb_regex_compile(&(*out)[*n], list.v[i], icase, err, sizeof err) != 0) {
			const kb_ynode *at = v->type == KB_Y_SEQ ? v->items[i] : v;
			kb_errs_at(ctx->errs, ctx->file, at, "bad %s in rule '%s': %s",
				    key, rule->id, err);
			ret = -1;
			break;
		}
		if (prose) /* scanned over whole blocks: in the prefilter */
			kb_prefilter_add(ctx->pf, &(*out)[*n], list.v[i], &rule->enabled);
		(*n)++;
	}
	kb_strv_free(&list);
	return ret;
}

/* Reads `evidence`: a list of link, footnote, citation (an empty list: nothing excuses a
 * trigger). Returns 0 or -1. */
static int read_evidence(const kb_ynode *map, claim_data *d, kb_compile_ctx *ctx)
{
	const kb_ynode *v = kb_ymap_get(map, "evidence");
	d->evidence = EV_ALL;
	if (!v)
		return 0;
	if (v->type != KB_Y_SEQ) {
		kb_errs_at(ctx->errs, ctx->file, v,
			    "'evidence' must be a list of: link, footnote, citation (or [] for none)");
		return -1;
	}
	d->evidence = 0;
	for (size_t i = 0; i < v->n; i++) {
		const kb_ynode *it = v->items[i];
		unsigned bit = 0;
		for (size_t k = 0; it->type == KB_Y_SCALAR && k < NEVIDENCE; k++)
			if (strcmp(it->str, evidence_names[k].name) == 0)
				bit = evidence_names[k].bit;
		if (!bit) {
			kb_errs_at(ctx->errs, ctx->file, it,
				    "unknown evidence '%s' (expected any of: link, footnote, citation)",
				    it->type == KB_Y_SCALAR ? it->str : "?");
			return -1;
		}
		d->evidence |= bit;
	}
	return 0;
}

/* "a link, a footnote or a (source: ...) note": what the rule accepts, for ${evidence}. The
 * caller frees the result. */
static char *evidence_text(const claim_data *d)
{
	const char *parts[NEVIDENCE + 1];
	size_t n = 0;
	if (d->evidence & EV_LINK)
		parts[n++] = "a link";
	if (d->evidence & EV_FOOTNOTE)
		parts[n++] = "a footnote";
	if (d->evidence & EV_CITATION)
		parts[n++] = "a (source: ...) note";
	if (!n)
		parts[n++] = "a source";
	kb_buf b = {0};
	for (size_t i = 0; i < n; i++)
		kb_buf_printf(&b, "%s%s", i == 0 ? "" : i + 1 == n ? " or " : ", ", parts[i]);
	return kb_buf_take(&b);
}

/* Reads the small scalar options: evidence_scope, negation_window, the booleans. */
static int read_options(const kb_ynode *map, claim_data *d, kb_compile_ctx *ctx)
{
	int bad = 0;
	const kb_ynode *v = kb_ymap_get(map, "evidence_scope");
	if (v) {
		if (v->type == KB_Y_SCALAR && strcmp(v->str, "paragraph") == 0)
			d->paragraph = true;
		else if (!(v->type == KB_Y_SCALAR && strcmp(v->str, "sentence") == 0)) {
			kb_errs_at(ctx->errs, ctx->file, v,
				    "'evidence_scope' must be sentence or paragraph");
			bad++;
		}
	}
	d->negation_window = CLAUSE_WINDOW;
	v = kb_ymap_get(map, "negation_window");
	if (v) {
		char *end = NULL;
		long w = v->type == KB_Y_SCALAR && v->len ? strtol(v->str, &end, 10) : -1;
		if (!end || *end || w < 0 || w > MAX_NEGATION_WINDOW) {
			kb_errs_at(ctx->errs, ctx->file, v,
				    "'negation_window' must be a number of words from 0 to %d",
				    MAX_NEGATION_WINDOW);
			bad++;
		} else {
			d->negation_window = (int)w;
		}
	}
	d->article_evidence = bool_opt(map, "article_evidence", false, ctx, &bad);
	d->ignore_quoted = bool_opt(map, "ignore_quoted", true, ctx, &bad);
	d->html = bool_opt(map, "html", false, ctx, &bad);
	d->every = !bool_opt(map, "one_per_sentence", true, ctx, &bad);
	d->skip_records = bool_opt(map, "skip_dated_sections", false, ctx, &bad);
	v = kb_ymap_get(map, "source_fields");
	if (v && kb_rule_strings(v, "source_fields", &d->source_fields, ctx) != 0)
		bad++;
	if (!v)
		kb_strv_push(&d->source_fields, "sources");
	return bad ? -1 : 0;
}

/* Validates the claim keys of map and fills rule->data (freed by free_data, also after an
 * error). Errors go to ctx with the position of the offending value; returns 0 or -1. */
static int compile(kb_rule *rule, const kb_ynode *map, kb_compile_ctx *ctx)
{
	const kb_ynode *trig = kb_ymap_get(map, "triggers"), *words = kb_ymap_get(map, "words");
	if (!trig && !words) {
		kb_errs_at(ctx->errs, ctx->file, map,
			    "claim rule '%s' needs 'triggers' (patterns) or 'words' (phrases)", rule->id);
		return -1;
	}
	claim_data *d = xcalloc(1, sizeof *d);
	rule->data = d;
	int bad = 0;
	bool icase = bool_opt(map, "ignore_case", true, ctx, &bad);
	if (bad || read_options(map, d, ctx) != 0 || read_evidence(map, d, ctx) != 0)
		return -1;
	if (compile_patterns(rule, map, "triggers", icase, &d->triggers, &d->ntriggers, ctx, true) != 0)
		return -1;
	if (words) {
		opt_re w = {0};
		if (compile_phrases(rule, map, "words", true, icase, &w, ctx, true) != 0)
			return -1;
		d->triggers = xrealloc(d->triggers, (d->ntriggers + 1) * sizeof *d->triggers);
		d->triggers[d->ntriggers++] = w.re;
	}
	if (compile_phrases(rule, map, "negations", true, true, &d->negations, ctx, false) != 0 ||
	    compile_phrases(rule, map, "idioms", false, true, &d->idioms, ctx, false) != 0 ||
	    compile_phrases(rule, map, "conditionals", true, true, &d->conditionals, ctx, false) != 0 ||
	    compile_phrases(rule, map, "imperatives", true, true, &d->imperatives, ctx, false) != 0 ||
	    compile_phrases(rule, map, "unless", true, true, &d->unless, ctx, false) != 0)
		return -1;
	if (compile_patterns(rule, map, "evidence_patterns", true, &d->evidence_re,
			     &d->nevidence_re, ctx, false) != 0)
		return -1;
	char err[300];
	if (kb_regex_compile(&d->citation, citation_pattern, true, err, sizeof err) != 0) {
		kb_errs_at(ctx->errs, ctx->file, map, "internal pattern: %s", err);
		return -1;
	}
	d->evidence_text = evidence_text(d);
	return 0;
}

/* ---- matching helpers ---- */

/* The per-check scratch: one match data for every pattern (its ovector is large enough for
 * $0..$9; a pattern with more groups still reports where it matched). */
typedef struct {
	pcre2_match_data *md;
	kb_regex_scratch *scratch; /* the checking thread's (kb_check.scratch) */
} matcher;

/* Finds the first match of re in s[0..len) at or after from. Returns true and the match's
 * bounds, or false (no match, or a limit was hit). */
static bool re_find(matcher *m, const kb_regex *re, const char *s, size_t len, size_t from,
		    size_t *ms, size_t *me)
{
	if (from > len)
		return false;
	kb_regex_jit(re);
	int rc = pcre2_match(re->code, (PCRE2_SPTR)s, len, from, PCRE2_NO_UTF_CHECK, m->md, kb_regex_mctx(m->scratch));
	if (rc < 0)
		return false;
	PCRE2_SIZE *ov = pcre2_get_ovector_pointer(m->md);
	*ms = ov[0];
	*me = ov[1];
	return true;
}

/* The offset after an empty match at i of s[0..len): the next character's start. */
static size_t step(const char *s, size_t len, size_t i)
{
	i++;
	while (i < len && ((unsigned char)s[i] & 0xC0) == 0x80)
		i++;
	return i;
}

/* True when re matches anywhere in t[s..e). */
static bool re_any(matcher *m, const opt_re *re, const char *t, size_t s, size_t e)
{
	size_t ms, me;
	return re->set && re_find(m, &re->re, t + s, e - s, 0, &ms, &me);
}

/* True for a byte that can be part of a word: ASCII letters and digits, '_', an apostrophe, and
 * every byte of a multibyte character. */
static bool word_byte(unsigned char c)
{
	return kb_isalnum((char)c) || c == '_' || c == '\'' || c >= 0x80;
}

/* ---- what a match is read as ---- */

/* 0: a code span; 1: an inline HTML tag; 2: an inline HTML comment. Code spans and inline HTML
 * are both KB_SCOPE_CODE pieces; the source tells them apart (a code span's text comes after a
 * backtick). */
static int html_piece(const kb_article *a, const kb_block *b, const kb_piece *p)
{
	const char *t = b->text + p->off;
	if (p->len < 3 || t[0] != '<' || t[p->len - 1] != '>')
		return 0;
	if (a->body_lines && p->line >= 1 && (size_t)p->line <= a->nbody_lines && p->col >= 1) {
		size_t off = a->body_lines[p->line - 1] + (size_t)(p->col - 1);
		const char *src = a->file->src;
		if (off >= a->file->len || src[off] != '<' || (off > 0 && src[off - 1] == '`'))
			return 0;
	}
	return strncmp(t, "<!--", 4) == 0 ? 2 : kb_isalpha(t[1]) ? 1 : 0;
}

/* The scope a match at [s,e) of block b is read in (its first piece's), or 0 when it must not be
 * read: it touches code, or inline HTML when the rule does not read HTML. */
static unsigned match_scope(const kb_article *a, const kb_block *b, size_t s, size_t e, bool html)
{
	unsigned start = 0;
	for (size_t i = 0; i < b->npieces; i++) {
		const kb_piece *p = &b->pieces[i];
		if (p->off >= e)
			break;
		if (p->off + p->len <= s)
			continue;
		unsigned sc = p->scope;
		if (sc & KB_SCOPE_CODE) {
			int h = html ? html_piece(a, b, p) : 0;
			if (!h)
				return 0;
			sc = h == 2 ? KB_SCOPE_COMMENTS : b->heading ? KB_SCOPE_HEADINGS : KB_SCOPE_PROSE;
		}
		if (!start)
			start = sc;
	}
	return start;
}

/* True at an opening quote: '"', U+201C, U+2018, or "'" at a word's start. *n is its length. */
static bool opens_quote(const char *t, size_t i, size_t s, size_t *n)
{
	const unsigned char *u = (const unsigned char *)t;
	*n = 1;
	if (t[i] == '"')
		return true;
	if (t[i] == '\'')
		return (i == s || !word_byte(u[i - 1])) && word_byte(u[i + 1]);
	*n = 3;
	return u[i] == 0xE2 && u[i + 1] == 0x80 && (u[i + 2] == 0x9C || u[i + 2] == 0x98);
}

/* True at a closing quote: '"', U+201D, or U+2019 or "'" not followed by a letter. */
static bool closes_quote(const char *t, size_t i, size_t e)
{
	const unsigned char *u = (const unsigned char *)t;
	if (t[i] == '"')
		return true;
	bool after_word = i + 1 >= e || !word_byte(u[i + 1]);
	if (t[i] == '\'')
		return after_word;
	if (i + 3 > e || u[i] != 0xE2 || u[i + 1] != 0x80)
		return false;
	return u[i + 2] == 0x9D || (u[i + 2] == 0x99 && (i + 3 >= e || !word_byte(u[i + 3])));
}

/* True when the word of capitals at t[a..b) (2 to 12 of them) starts with the initials of the
 * words of t[ts..te): "AFAIK" and "As Far As I Know". */
static bool initials_of(const char *t, size_t a, size_t b, size_t ts, size_t te)
{
	if (b - a < 2 || b - a > 12)
		return false;
	for (size_t k = a; k < b; k++)
		if (!kb_isupper(t[k]))
			return false;
	size_t n = a;
	for (size_t k = ts; k < te; k++) {
		if (!word_byte((unsigned char)t[k]) || (k > ts && word_byte((unsigned char)t[k - 1])))
			continue;
		char c = kb_toupper(t[k]);
		if (n >= b || t[n] != c)
			return false;
		n++;
	}
	return n > a;
}

/* True when the trigger at [ts,te) spells out an abbreviation beside it, the way a glossary
 * does: "**AFAIK**: As Far As I Know", "IIRC (if I recall correctly)", "as far as I know
 * (AFAIK)". It names the phrase; it says nothing unsure. */
static bool expands_abbreviation(const char *t, size_t s, size_t e, size_t ts, size_t te)
{
	size_t k = ts;
	while (k > s && !word_byte((unsigned char)t[k - 1]) && ts - k < 8)
		k--;
	size_t a = k;
	while (a > s && word_byte((unsigned char)t[a - 1]))
		a--;
	if (a < k && k < ts && initials_of(t, a, k, ts, te))
		return true;
	k = te;
	while (k < e && !word_byte((unsigned char)t[k]) && k - te < 8)
		k++;
	size_t b = k;
	while (b < e && word_byte((unsigned char)t[b]))
		b++;
	if (k > te && k < b && initials_of(t, k, b, ts, te))
		return true;
	/* the abbreviation itself, after its words: "as far as I know (AFAIK)" */
	size_t n = te - ts, w = 0;
	if (n < 2 || n > 12)
		return false;
	k = ts;
	while (k > s && !word_byte((unsigned char)t[k - 1]) && ts - k < 4)
		k--;
	a = k;
	while (a > s && w < n) {
		while (a > s && word_byte((unsigned char)t[a - 1]))
			a--;
		w++;
		if (w < n)
			while (a > s && t[a - 1] == ' ')
				a--;
	}
	return w == n && a < k && initials_of(t, ts, te, a, k);
}

/* True when [ts,te) sits between an opening and a closing quote of the sentence [s,e): a quoted
 * UI string ('choose "Best match"') or someone's words, not the article's claim. */
static bool quoted(const char *t, size_t s, size_t e, size_t ts, size_t te)
{
	size_t open = (size_t)-1, n;
	for (size_t i = s; i < ts; i++) {
		if (open != (size_t)-1 && i > open && closes_quote(t, i, e))
			open = (size_t)-1;
		else if (opens_quote(t, i, s, &n))
			open = i;
	}
	if (open == (size_t)-1)
		return false;
	for (size_t i = te; i < e; i++)
		if (closes_quote(t, i, e))
			return true;
	return false;
}

/* True when the trigger [ts,te) is a whole bold or italic span that starts with a capital: the
 * name of an option or a UI element ("set the level to **Fastest**"), not the article's claim.
 * The source tells: the emphasis marks are not in the block's text. */
static bool ui_name(const kb_article *a, const kb_block *b, size_t ts, size_t te)
{
	if (!kb_isupper(b->text[ts]) || !a->body_lines)
		return false;
	int line, col;
	kb_article_text_pos(a, b, ts, &line, &col);
	size_t off = kb_linemap_offset(&a->file->lines, line, col), n = te - ts;
	const char *src = a->file->src;
	if (off == 0 || off + n >= a->file->len || memcmp(src + off, b->text + ts, n) != 0)
		return false;
	return (src[off - 1] == '*' || src[off - 1] == '_') &&
	       (src[off + n] == '*' || src[off + n] == '_');
}

/* Words that start a new clause wherever they stand ("it is not free, but refunds are
 * guaranteed"; "not only fast but also 100% reliable"), and those that start a subordinate
 * clause, which a comma then ends ("Although it isn't free, refunds are guaranteed"). */
static const char *const coordinators[] = {"but", "whereas"};
static const char *const subordinators[] = {"although", "though", "while", "because", "since",
					    "unless", "whether"};
/* After a comma, these start a new clause too: "it isn't cheap, and we guarantee delivery"
 * ("yet" only there: "not yet guaranteed" is one clause). */
static const char *const after_comma[] = {"and", "so", "or", "then", "yet"};

/* True when t[0..n) is one of the nlist words of list (lower case), ignoring case. */
static bool word_in(const char *t, size_t n, const char *const *list, size_t nlist)
{
	for (size_t k = 0; k < nlist; k++) {
		size_t l = strlen(list[k]), j = 0;
		while (j < l && j < n && (t[j] | 0x20) == list[k][j])
			j++;
		if (j == l && l == n)
			return true;
	}
	return false;
}

#define NLIST(a) (sizeof(a) / sizeof((a)[0]))

/* Where the clause holding offset at starts in the sentence starting at s: after the last ';',
 * ':', '(', ')' or spaced dash before it, at the last conjunction that starts a clause, or
 * after the comma that ends a subordinate clause or comes before "and", "so". A comma on its
 * own does not end a clause: "doesn't, however, guarantee" is one. */
static size_t clause_start(const char *t, size_t s, size_t at)
{
	size_t cs = s;
	bool sub = false, comma = false;
	for (size_t i = s; i < at;) {
		char c = t[i];
		if ((c && strchr(";:()", c)) || ((c == '-' || strncmp(t + i, "\xE2\x80\x94", 3) == 0 ||
					    strncmp(t + i, "\xE2\x80\x93", 3) == 0) &&
					   i > s && kb_iswhite(t[i - 1]))) {
			i += (unsigned char)c >= 0x80 ? 3 : 1;
			cs = i;
			sub = comma = false;
			continue;
		}
		if (c == ',') {
			if (sub)
				cs = i + 1;
			sub = false;
			comma = true;
			i++;
			continue;
		}
		if (!word_byte((unsigned char)c) || (i > s && word_byte((unsigned char)t[i - 1]))) {
			if (!kb_iswhite(c))
				comma = false;
			i++;
			continue;
		}
		size_t w = i;
		while (w < at && word_byte((unsigned char)t[w]))
			w++;
		if (word_in(t + i, w - i, coordinators, NLIST(coordinators)) ||
		    (comma && word_in(t + i, w - i, after_comma, NLIST(after_comma)))) {
			cs = w;
			sub = false;
		} else if (word_in(t + i, w - i, subordinators, NLIST(subordinators))) {
			cs = i;
			sub = true;
		}
		comma = false;
		i = w;
	}
	return cs;
}

/* The number of words in t[s..e). */
static int count_words(const char *t, size_t s, size_t e)
{
	int n = 0;
	bool in = false;
	for (size_t i = s; i < e; i++) {
		bool w = word_byte((unsigned char)t[i]);
		n += w && !in;
		in = w;
	}
	return n;
}

/* True when a negation comes before the trigger at [ts,te) in its clause, however far ("can't
 * represent all numbers with 100% accuracy", "not all shortcuts are guaranteed to work"), or at
 * most negation_window words before it when the rule sets one; or inside the trigger after its
 * first word ("we can't guarantee"; "never fails" starts with its own). */
static bool negated(matcher *m, const claim_data *d, const char *t, size_t s, size_t ts,
		    size_t te)
{
	if (!d->negations.set)
		return false;
	size_t cs = clause_start(t, s, ts), from = 0, ms, me, last = (size_t)-1;
	while (re_find(m, &d->negations.re, t + cs, te - cs, from, &ms, &me)) {
		if (cs + ms > ts)
			return true;
		if (cs + me <= ts)
			last = me;
		from = me > from ? me : step(t + cs, te - cs, from);
	}
	return last != (size_t)-1 &&
	       (d->negation_window < 0 || count_words(t, cs + last, ts) <= d->negation_window);
}

/* True when an idiom of the rule covers part of the trigger [ts,te): "the best practice", "for
 * the best results". */
static bool in_idiom(matcher *m, const claim_data *d, const char *t, size_t s, size_t e, size_t ts,
		     size_t te)
{
	size_t from = 0, ms, me;
	while (d->idioms.set && re_find(m, &d->idioms.re, t + s, e - s, from, &ms, &me)) {
		if (s + ms < te && s + me > ts)
			return true;
		from = me > from ? me : step(t + s, e - s, from);
	}
	return false;
}

/* Where the sentence's words start: after blanks, emphasis marks and a label such as "Note:"
 * or "[!TIP]". */
static size_t words_start(const char *t, size_t s, size_t e)
{
	while (s < e && (kb_iswhite(t[s]) || t[s] == '*' || t[s] == '_'))
		s++;
	size_t i = s;
	if (e - s > 2 && t[s] == '[' && t[s + 1] == '!') {
		while (i < e && t[i] != ']')
			i++;
		i = i < e ? i + 1 : s;
	} else {
		while (i < e && i - s < MAX_LABEL && kb_isalpha(t[i]))
			i++;
		i = i > s + 1 && i < e && t[i] == ':' ? i + 1 : s;
	}
	while (i < e && (kb_iswhite(t[i]) || t[i] == '*' || t[i] == '_'))
		i++;
	return i;
}

/* True when the sentence [s,e) gives advice: it starts with one of the rule's imperatives
 * ("Always sign out", "Never share", "Choose the fastest"). */
static bool imperative(matcher *m, const claim_data *d, const char *t, size_t s, size_t e)
{
	size_t w = words_start(t, s, e), ms, me;
	return d->imperatives.set && re_find(m, &d->imperatives.re, t + w, e - w, 0, &ms, &me) &&
	       ms == 0;
}

/* ---- evidence ---- */

typedef struct {
	const kb_rule *rule;
	const claim_data *d;
	kb_check *c;
	matcher m;
	kb_strv footnotes; /* labels of the article's footnote definitions */
	bool section_unless; /* a heading above the block holds an unless word ("## Example") */
} check_ctx;

/* The label of a footnote reference "[^label]" at t[i] (not a definition "[^label]:"), or 0. */
static size_t footnote_at(const char *t, size_t i, size_t e, bool *def)
{
	if (i + 4 > e || t[i] != '[' || t[i + 1] != '^')
		return 0;
	size_t k = i + 2;
	while (k < e && t[k] != ']' && !kb_iswhite(t[k]) && t[k] != '[')
		k++;
	if (k >= e || t[k] != ']' || k == i + 2)
		return 0;
	*def = k + 1 < e && t[k + 1] == ':';
	return k - (i + 2);
}

/* True when block b is a footnote definition, "[^1]: Uptime report, 2025." */
static bool footnote_definition(const kb_block *b)
{
	bool def = false;
	return !b->heading && footnote_at(b->text, 0, b->len, &def) > 0 && def;
}

/* Collects the labels of the article's footnote definitions into x->footnotes: every
 * "[^label]:" of a block that starts with one (definitions on consecutive lines share a block). */
static void collect_footnotes(check_ctx *x)
{
	const kb_article *a = x->c->art;
	for (size_t i = 0; i < a->nblocks; i++) {
		const kb_block *b = &a->blocks[i];
		if (!footnote_definition(b))
			continue;
		for (size_t k = 0; k < b->len; k++) {
			bool def = false;
			size_t n = footnote_at(b->text, k, b->len, &def);
			if (!n || !def)
				continue;
			char *label = xstrndup(b->text + k + 2, n);
			kb_strv_push(&x->footnotes, label);
			free(label);
		}
	}
}

/* True when t[s..e) holds a reference to a defined footnote. With at_start, only one at s. */
static bool footnote_ref(const check_ctx *x, const char *t, size_t s, size_t e, bool at_start)
{
	for (size_t i = s; i < e && (!at_start || i == s); i++) {
		bool def = false;
		size_t n = footnote_at(t, i, e, &def);
		if (!n || def)
			continue;
		for (size_t k = 0; k < x->footnotes.n; k++)
			if (strlen(x->footnotes.v[k]) == n && memcmp(x->footnotes.v[k], t + i + 2, n) == 0)
				return true;
	}
	return false;
}

/* True when a link touches [s,e): link text (autolinks too), or an address written out. */
static bool has_link(const kb_block *b, size_t s, size_t e)
{
	for (size_t i = 0; i < b->npieces; i++) {
		const kb_piece *p = &b->pieces[i];
		if (p->off >= e)
			break;
		if (p->off + p->len <= s || (p->scope & KB_SCOPE_CODE))
			continue;
		if (p->scope & KB_SCOPE_LINK_TEXT)
			return true;
		size_t from = p->off > s ? p->off : s, to = p->off + p->len < e ? p->off + p->len : e;
		for (size_t k = from; k + 3 <= to; k++)
			if ((b->text[k] == ':' && b->text[k + 1] == '/' && b->text[k + 2] == '/') ||
			    (k + 4 <= to && strncmp(b->text + k, "www.", 4) == 0 &&
			     (k == 0 || !word_byte((unsigned char)b->text[k - 1]))))
				return true;
	}
	return false;
}

/* True when the sentence [s,e) of b is a reference and nothing else: a link whose words are all
 * link text, code or in brackets ("(Brian White) [#10927](https://...)" after a change note,
 * "[Fixed projection complexity.][48296]" before one). Beside a claim it is the claim's source. */
static bool reference_sentence(const kb_block *b, size_t s, size_t e)
{
	if (!has_link(b, s, e))
		return false;
	int depth = 0;
	for (size_t k = s; k < e; k++) {
		char ch = b->text[k];
		unsigned sc = kb_block_scopes(b, k, 1);
		if (sc & (KB_SCOPE_LINK_TEXT | KB_SCOPE_LINK_TARGET | KB_SCOPE_CODE))
			continue;
		if (ch == '(')
			depth++;
		else if (ch == ')' && depth > 0)
			depth--;
		else if (depth == 0 && word_byte((unsigned char)ch))
			return false;
	}
	return true;
}

/* True when t[s..e) holds what the rule accepts as evidence. */
static bool evidence_in(check_ctx *x, const kb_block *b, size_t s, size_t e)
{
	const claim_data *d = x->d;
	size_t ms, me;
	if ((d->evidence & EV_LINK) && has_link(b, s, e))
		return true;
	if ((d->evidence & EV_FOOTNOTE) && footnote_ref(x, b->text, s, e, false))
		return true;
	if ((d->evidence & EV_CITATION) && re_find(&x->m, &d->citation, b->text + s, e - s, 0, &ms, &me))
		return true;
	for (size_t i = 0; i < d->nevidence_re; i++)
		if (re_find(&x->m, &d->evidence_re[i], b->text + s, e - s, 0, &ms, &me))
			return true;
	return false;
}

/* True when the text just after a sentence ([e, next_end)) starts with a footnote reference or a
 * citation note that belongs to it: "99.9% uptime. [^1]", "... (Source: SLA, 2025.)". A footnote
 * whose definition is a URL is a link to cmark, its text "^1". */
static bool trailing_evidence(check_ctx *x, const kb_block *b, size_t e, size_t next_end)
{
	while (e < next_end && kb_iswhite(b->text[e]))
		e++;
	size_t ms, me;
	if (e >= next_end)
		return false;
	if ((x->d->evidence & EV_FOOTNOTE) && (footnote_ref(x, b->text, e, next_end, true) ||
					       (b->text[e] == '^' &&
						(kb_block_scopes(b, e, 1) & KB_SCOPE_LINK_TEXT))))
		return true;
	return (x->d->evidence & EV_CITATION) &&
	       re_find(&x->m, &x->d->citation, b->text + e, next_end - e, 0, &ms, &me) && ms == 0;
}

/* True when the article's front matter lists its sources (the rule's source_fields). */
static bool article_sourced(const claim_data *d, const kb_article *a)
{
	for (size_t i = 0; a->meta && i < d->source_fields.n; i++) {
		const kb_ynode *v = kb_ymap_get(a->meta, d->source_fields.v[i]);
		if (v && !kb_yscalar_is_null(v) && (v->type == KB_Y_SCALAR ? v->len > 0 : v->n > 0))
			return true;
	}
	return false;
}

/* ---- checking ---- */

/* A trigger that is a claim, kept until its sentence's first one is known. */
typedef struct {
	bool set;
	size_t ts, te;
	size_t trigger;
	size_t ov[2 * MAX_GROUPS];
	int n;
} candidate;

typedef struct {
	const kb_regex *re;
	kb_hit hit;
	const char *evidence;
} msg_ctx;

/* The message variables: ${match}, ${evidence}, and $0..$9 and named groups of the trigger. */
static const char *lookup(void *ud, const char *name, size_t len, size_t *outlen)
{
	msg_ctx *mc = ud;
	if (kb_streq_n(name, len, "match"))
		return kb_hit_lookup(mc->re, &mc->hit, "0", 1, outlen);
	if (kb_streq_n(name, len, "evidence")) {
		*outlen = strlen(mc->evidence);
		return mc->evidence;
	}
	return kb_hit_lookup(mc->re, &mc->hit, name, len, outlen);
}

/* The file position of offset off of block b. Inside inline HTML, which the loader maps to
 * where the tag starts, the offset counts on from there when the source holds the HTML as it
 * is (on its first line: "Text <!-- TODO -->" is found at the TODO). */
static void text_pos(const kb_article *a, const kb_block *b, size_t off, int *line, int *col)
{
	for (size_t i = 0; a->body_lines && i < b->npieces; i++) {
		const kb_piece *p = &b->pieces[i];
		if (off < p->off || off >= p->off + p->len)
			continue;
		if (!(p->scope & KB_SCOPE_CODE) || p->line < 1 || (size_t)p->line > a->nbody_lines ||
		    p->col < 1)
			break;
		size_t base = a->body_lines[p->line - 1] + (size_t)(p->col - 1), d = off - p->off;
		if (base + d <= a->file->len && memcmp(a->file->src + base, b->text + p->off, d) == 0) {
			kb_linemap_pos(&a->file->lines, base + d, line, col);
			return;
		}
		break;
	}
	kb_article_text_pos(a, b, off, line, col);
}

/* Folds every run of blanks that holds a line break to one space: a trigger matched across lines
 * ("<INSERT PHONE\nNUMBER>") is quoted on the finding's one line. */
static void one_line(kb_buf *m)
{
	size_t k = 0;
	for (size_t i = 0; i < m->len; i++) {
		size_t j = i;
		bool brk = false;
		while (j < m->len && kb_iswhite(m->data[j]))
			brk |= m->data[j++] != ' ';
		if (brk) {
			m->data[k++] = ' ';
			i = j - 1;
		} else {
			m->data[k++] = m->data[i];
		}
	}
	if (m->data) {
		m->len = k;
		m->data[k] = '\0';
	}
}

/* Reports the candidate of a sentence at its trigger. */
static void report(check_ctx *x, const kb_block *b, const candidate *cd)
{
	msg_ctx mc = {&x->d->triggers[cd->trigger], {0}, x->d->evidence_text};
	mc.hit = (kb_hit){b->text, b->len, cd->ov, cd->n, 0, 0, 0, x->c->art, b, false};
	int line, col;
	text_pos(x->c->art, b, cd->ts, &line, &col);
	kb_buf msg = {0};
	kb_template_expand(x->rule->message, lookup, &mc, &msg);
	one_line(&msg);
	kb_emit(x->c, x->rule, line, col, msg.data ? msg.data : "");
	kb_buf_free(&msg);
}

/* True when the trigger at [ts,te) of sentence v[i] of block b is a claim the rule reports. */
static bool is_claim(check_ctx *x, const kb_block *b, const kb_sentence *v, size_t nv, size_t i,
		     size_t ts, size_t te)
{
	const claim_data *d = x->d;
	const char *t = b->text;
	size_t s = v[i].s, e = v[i].e;
	if (te > e)
		e = te; /* a trigger that runs past a sentence end ("100%. Of ...") */
	if (d->ignore_quoted && (quoted(t, s, e, ts, te) || ui_name(x->c->art, b, ts, te)))
		return false;
	if (expands_abbreviation(t, s, e, ts, te))
		return false;
	if (in_idiom(&x->m, d, t, s, e, ts, te) || negated(&x->m, d, t, s, ts, te) ||
	    re_any(&x->m, &d->conditionals, t, s, e) || re_any(&x->m, &d->unless, t, s, e) ||
	    (i > 0 && re_any(&x->m, &d->unless, t, v[i - 1].s, v[i - 1].e)) || x->section_unless ||
	    imperative(&x->m, d, t, s, e))
		return false;
	if (!d->evidence && !d->nevidence_re)
		return true;
	if (d->paragraph)
		return !evidence_in(x, b, 0, b->len);
	if (evidence_in(x, b, s, e))
		return false;
	if ((d->evidence & EV_LINK) && ((i + 1 < nv && reference_sentence(b, v[i + 1].s, v[i + 1].e)) ||
					(i > 0 && reference_sentence(b, v[i - 1].s, v[i - 1].e))))
		return false;
	return !(i + 1 < nv && trailing_evidence(x, b, v[i].e, v[i + 1].e));
}

/* True when block b has a piece the rule reads (inline HTML counts when the rule reads it). */
static bool block_in_scope(const claim_data *d, unsigned scope, const kb_block *b)
{
	unsigned have = 0;
	for (size_t i = 0; i < b->npieces; i++)
		have |= b->pieces[i].scope;
	return (have & scope) || (d->html && (have & KB_SCOPE_CODE));
}

/* Checks one block: every trigger match, the first claim of each sentence reported. */
static void check_block(check_ctx *x, const kb_block *b)
{
	const claim_data *d = x->d;
	if (!block_in_scope(d, x->rule->scope, b))
		return;
	size_t nv = 0;
	kb_sentence *v = NULL;        /* the sentences, split at the first match: most blocks have none */
	candidate *best = NULL;
	for (size_t k = 0; k < d->ntriggers; k++) {
		size_t from = 0;
		const kb_regex *re = &d->triggers[k];
		if (!kb_prefilter_may(x->c->pf, (size_t)(b - x->c->art->blocks), re) ||
		    !kb_regex_may_match(re, b->text, b->len))
			continue; /* the prefilter, or its required text, says it cannot match here */
		kb_regex_jit(re);
		while (from <= b->len) {
			int rc = pcre2_match(re->code, (PCRE2_SPTR)b->text, b->len, from,
					     PCRE2_NO_UTF_CHECK, x->m.md, kb_regex_mctx(x->m.scratch));
			if (rc < 0)
				break; /* no match, or a limit: a trigger is a short phrase */
			PCRE2_SIZE *ov = pcre2_get_ovector_pointer(x->m.md);
			size_t ts = ov[0], te = ov[1];
			from = te > from ? te : step(b->text, b->len, from);
			if (te == ts || !(match_scope(x->c->art, b, ts, te, d->html) & x->rule->scope))
				continue;
			if ((kb_block_scopes(b, ts, te - ts) & KB_SCOPE_LABEL) &&
			    !(x->rule->scope & KB_SCOPE_LABEL))
				continue; /* a UI label or table header is no claim (article.h) */
			int n = rc == 0 || rc > MAX_GROUPS ? MAX_GROUPS : rc;
			candidate cd = {true, ts, te, k, {0}, n};
			/* the checks below run patterns that reuse the match data: ov is saved first */
			memcpy(cd.ov, ov, 2 * (size_t)n * sizeof *cd.ov);
			if (!v) {
				v = kb_sentences(b, &nv);
				best = xcalloc(nv ? nv : 1, sizeof *best);
			}
			if (!nv)
				break;
			size_t i = kb_sentence_of(v, nv, ts);
			if (!d->every && best[i].set && best[i].ts <= ts)
				continue;
			if (!is_claim(x, b, v, nv, i, ts, te))
				continue;
			if (d->every)
				report(x, b, &cd);
			else
				best[i] = cd;
		}
	}
	for (size_t i = 0; i < nv; i++)
		if (best[i].set)
			report(x, b, &best[i]);
	free(best);
	free(v);
}

/* Checks one article: each block but footnote definitions, unless the article's front matter
 * lists its sources and the rule accepts that (a quoted message is a label: the loader marks it,
 * check_block skips it). Everything allocated here is freed here. */
static void check(const kb_rule *rule, kb_check *c)
{
	const claim_data *d = rule->data;
	const kb_article *a = c->art;
	if (d->article_evidence && article_sourced(d, a))
		return;
	check_ctx x = {rule, d, c, {NULL}, {0}, false};
	x.m.md = pcre2_match_data_create(MAX_GROUPS, NULL);
	x.m.scratch = c->scratch;
	if (!x.m.md)
		abort();
	collect_footnotes(&x);
	/* the headings above the block, by level (the chain kb_dated_section walks back), each read
	 * once: whether it holds an unless word, and whether it dates its section */
	bool unless[7] = {false}, dated[7] = {false};
	for (size_t i = 0; i < a->nblocks; i++) {
		const kb_block *b = &a->blocks[i];
		int level = b->heading > 0 && b->heading < 7 ? b->heading : 7;
		for (int l = level; l < 7; l++)
			unless[l] = dated[l] = false;
		bool in_dated = false;
		x.section_unless = false;
		for (int l = 1; l < level; l++) {
			x.section_unless |= unless[l];
			in_dated |= dated[l];
		}
		if (level < 7) {
			unless[level] = d->unless.set && re_any(&x.m, &d->unless, b->text, 0, b->len);
			dated[level] = d->skip_records && kb_dating_heading(b, true);
			in_dated |= dated[level];
		}
		if (!footnote_definition(b) && !in_dated)
			check_block(&x, b);
	}
	kb_strv_free(&x.footnotes);
	pcre2_match_data_free(x.m.md);
}

/* Frees an optional pattern when it was compiled. */
static void free_opt(opt_re *r)
{
	if (r->set)
		kb_regex_free(&r->re);
}

/* Frees what compile put in rule->data, however far it got. */
static void free_data(kb_rule *rule)
{
	claim_data *d = rule->data;
	if (!d)
		return;
	for (size_t i = 0; i < d->ntriggers; i++)
		kb_regex_free(&d->triggers[i]);
	free(d->triggers);
	for (size_t i = 0; i < d->nevidence_re; i++)
		kb_regex_free(&d->evidence_re[i]);
	free(d->evidence_re);
	free_opt(&d->negations);
	free_opt(&d->idioms);
	free_opt(&d->conditionals);
	free_opt(&d->imperatives);
	free_opt(&d->unless);
	if (d->citation.code)
		kb_regex_free(&d->citation);
	kb_strv_free(&d->source_fields);
	free(d->evidence_text);
	free(d);
	rule->data = NULL;
}

const kb_kind kb_kind_claim = {
	.name = "claim",
	.keys = keys,
	.default_scope = KB_SCOPE_PROSE,
	.compile = compile,
	.check = check,
	.free = free_data,
};
