/* substitution.c: the "substitution" kind: terms to avoid, each with the term to use. */
#include <stdlib.h>
#include <string.h>

#include "prefilter.h"
#include "ascii.h"
#include "scan.h"

typedef struct {
	kb_regex re;      /* one alternation, a capture group per term */
	kb_strv use;      /* use.v[i] replaces term i */
	kb_strv terms;    /* the terms as written, when inflected (inflect.c); else empty */
} subst_data;

static const char *const keys[] = {"swap", "ignore_case", "regex", "inflect", "fix_safety", NULL};

/* A regex term compiled on its own first, so that an error names the term's line and the
 * offset in the term as written, not in the alternation built from every term. Returns -1
 * after reporting. */
static int bad_term(const kb_rule *rule, const kb_ynode *k, bool icase, kb_compile_ctx *ctx)
{
	kb_regex re;
	char err[300];
	if (kb_regex_compile(&re, k->str, icase, err, sizeof err) != 0) {
		kb_errs_at(ctx->errs, ctx->file, k, "bad term in rule '%s': %s",
			    rule->id, err);
		return -1;
	}
	uint32_t groups = 0;
	pcre2_pattern_info(re.code, PCRE2_INFO_CAPTURECOUNT, &groups);
	kb_regex_free(&re);
	if (groups) {
		kb_errs_at(ctx->errs, ctx->file, k,
			    "terms in rule '%s' must not use capture groups; use (?:...)",
			    rule->id);
		return -1;
	}
	return 0;
}

static int compile(kb_rule *rule, const kb_ynode *map, kb_compile_ctx *ctx)
{
	const kb_ynode *swap = kb_ymap_get(map, "swap");
	if (!swap || swap->type != KB_Y_MAP || swap->n == 0) {
		const kb_ynode *at = swap ? swap : map;
		kb_errs_at(ctx->errs, ctx->file, at,
			    "substitution rule '%s' needs 'swap', a mapping from each term to avoid to the term to use",
			    rule->id);
		return -1;
	}
	/* the fix is the term to use: a word for a word, safe unless the rule file says not */
	if (kb_rule_fix_safety(rule, map, true, ctx) != 0)
		return -1;
	int icase = kb_rule_bool(map, "ignore_case"), regex = kb_rule_bool(map, "regex");
	int inflect = kb_rule_bool(map, "inflect");
	if (icase == -2 || regex == -2 || inflect == -2) {
		const char *key = icase == -2 ? "ignore_case" : regex == -2 ? "regex" : "inflect";
		const kb_ynode *v = kb_ymap_get(map, key);
		kb_errs_at(ctx->errs, ctx->file, v, "'%s' must be true or false", key);
		return -1;
	}
	if (regex == 1 && inflect == 1) {
		const kb_ynode *v = kb_ymap_get(map, "inflect");
		kb_errs_at(ctx->errs, ctx->file, v,
			    "'inflect' is for plain terms; a regex term writes its own forms");
		return -1;
	}
	bool inflected = regex != 1 && inflect != 0; /* plain terms are inflected by default */
	subst_data *d = xcalloc(1, sizeof *d);
	rule->data = d;
	kb_buf alt = {0};
	for (size_t i = 0; i < swap->n; i++) {
		const kb_ynode *k = swap->items[2 * i], *v = swap->items[2 * i + 1];
		if (k->type != KB_Y_SCALAR || !k->len || v->type != KB_Y_SCALAR) {
			kb_errs_at(ctx->errs, ctx->file, k,
				    "each 'swap' entry must map a term to a string");
			kb_buf_free(&alt);
			return -1;
		}
		if (regex == 1 && bad_term(rule, k, icase != 0, ctx) != 0) {
			kb_buf_free(&alt);
			return -1;
		}
		kb_buf_puts(&alt, i ? "|(" : "(");
		if (regex == 1) {
			kb_buf_puts(&alt, k->str);
		} else if (inflected) {
			kb_inflect_pattern(k->str, &alt);
			kb_strv_push(&d->terms, k->str);
		} else {
			kb_regex_quote(k->str, &alt);
		}
		kb_buf_putc(&alt, ')');
		kb_strv_push(&d->use, v->str);
	}
	kb_buf src = {0};
	kb_word_wrap(&src, alt.data);
	char err[300];
	int ret = 0;
	if (kb_regex_compile(&d->re, src.data, icase != 0, err, sizeof err) != 0) {
		kb_errs_at(ctx->errs, ctx->file, swap, "bad term in rule '%s': %s",
			    rule->id, err);
		ret = -1;
	} else {
		kb_prefilter_add(ctx->pf, &d->re, src.data, &rule->enabled);
	}
	if (ret == 0 && regex == 1) {
		uint32_t groups = 0;
		pcre2_pattern_info(d->re.code, PCRE2_INFO_CAPTURECOUNT, &groups);
		if (groups != d->use.n) {
			kb_errs_at(ctx->errs, ctx->file, swap,
				    "terms in rule '%s' must not use capture groups; use (?:...)", rule->id);
			ret = -1;
		}
	}
	kb_buf_free(&src);
	kb_buf_free(&alt);
	return ret;
}

typedef struct {
	const kb_rule *rule;
	kb_check *c;
	const subst_data *d;
	const kb_hit *hit;
	const char *use;
	size_t uselen;
} emit_ctx;

static const char *lookup(void *ud, const char *name, size_t len, size_t *outlen)
{
	emit_ctx *e = ud;
	if (kb_streq_n(name, len, "use")) {
		*outlen = e->uselen;
		return e->use;
	}
	if (kb_streq_n(name, len, "0") || kb_streq_n(name, len, "match")) {
		*outlen = e->hit->ov[1] - e->hit->ov[0];
		return e->hit->subject + e->hit->ov[0];
	}
	return NULL;
}

/* True when the match t[s..e) is part of a name: it starts with a capital away from a
 * sentence's start, its words are all capitalised, and a capital word stands beside it
 * ("Outlook E-mail Security Update", "the Default Web Site", "the Junk E-mail folder"). A
 * product or UI name is not the writer's to reword; "an E-mail", "the Web Site" and "the
 * Microsoft Web site" are still reported. */
static bool in_name(const char *t, size_t n, size_t s, size_t e)
{
	if (!kb_isupper(t[s]))
		return false;
	for (size_t i = s + 1; i < e; i++)
		if (t[i - 1] == ' ' && t[i] != ' ' && !kb_isupper(t[i]))
			return false; /* "Web site": the name, if any, ends before it */
	size_t b = s;
	while (b > 0 && (t[b - 1] == ' ' || t[b - 1] == '\t'))
		b--;
	char p = b ? t[b - 1] : '\0';
	bool word = kb_isalnum(p) || p == ',' ||
		    p == '-' || (unsigned char)p >= 0x80;
	if (!word)
		return false; /* a sentence, list item, cell or callout starts: capitalised anyway */
	size_t w = b;
	while (w > 0 && t[w - 1] != ' ' && t[w - 1] != '\t' && t[w - 1] != '\n')
		w--;
	size_t a = e;
	while (a < n && (t[a] == ' ' || t[a] == '\t'))
		a++;
	return kb_isupper(t[w]) || (a > e && a < n && kb_isupper(t[a]));
}

static void on_hit(void *ud, const kb_hit *hit)
{
	emit_ctx *e = ud;
	if (hit->block && in_name(hit->subject, hit->len, hit->ov[0], hit->ov[1]))
		return;
	e->hit = hit;
	kb_buf use = {0};
	int g = 1;
	for (; g < hit->n && (size_t)(g - 1) < e->d->use.n; g++) {
		if (hit->ov[2 * g] == (size_t)-1)
			continue;
		const char *u = e->d->use.v[g - 1];
		kb_inflection f = KB_INFLECT_BASE;
		if ((size_t)(g - 1) < e->d->terms.n)
			f = kb_inflection_of(e->d->terms.v[g - 1], hit->subject + hit->ov[2 * g],
					     hit->ov[2 * g + 1] - hit->ov[2 * g]);
		/* "utilised" is offered "used": the replacement in the form the text has */
		kb_inflect(u, f, &use);
		break;
	}
	e->use = use.data ? use.data : "";
	e->uselen = use.len;
	kb_buf msg = {0};
	kb_template_expand(e->rule->message, lookup, e, &msg);
	/* the fix replaces the term that matched, its first letter's case kept ("Utilize" ->
	 * "Use") */
	kb_extent x = {0};
	int line = hit->line, col = hit->col;
	char *fix = NULL;
	if (g < hit->n && (size_t)(g - 1) < e->d->use.n && hit->ov[2 * g] == hit->ov[0]) {
		size_t from = hit->ov[2 * g], to = hit->ov[2 * g + 1];
		kb_hit_extent(hit, from, to, &line, &col, &x);
		fix = xstrdup(e->use);
		if (to > from && kb_isupper(hit->subject[from]))
			fix[0] = kb_toupper(fix[0]);
		x.fix = fix;
		x.safe = e->rule->fix_safe;
	}
	kb_emit_span(e->c, e->rule, line, col, &x, msg.data ? msg.data : "");
	free(fix);
	kb_buf_free(&msg);
	kb_buf_free(&use);
}

static void check(const kb_rule *rule, kb_check *c)
{
	emit_ctx e = {rule, c, rule->data, NULL, NULL, 0};
	kb_regex_scan(&e.d->re, rule->scope, rule, c, on_hit, &e);
}

static void free_data(kb_rule *rule)
{
	subst_data *d = rule->data;
	kb_regex_free(&d->re);
	kb_strv_free(&d->use);
	kb_strv_free(&d->terms);
	free(d);
	rule->data = NULL;
}

const kb_kind kb_kind_substitution = {
	.name = "substitution",
	.keys = keys,
	.default_scope = KB_SCOPE_PROSE | KB_SCOPE_HEADINGS,
	.compile = compile,
	.check = check,
	.free = free_data,
};
