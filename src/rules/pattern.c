/* pattern.c: the "pattern" kind: PCRE2 regexes or word lists matched over prose. */
#include <stdlib.h>
#include <string.h>

#include "prefilter.h"
#include "scan.h"

typedef struct {
	kb_regex *re;
	size_t n;
	char *fix; /* the fix's template ($0, $1, ${name}), or NULL */
} pattern_data;

static const char *const keys[] = {"pattern", "words", "ignore_case", "word_boundary", "inflect",
				   "fix", "fix_safety", NULL};

static int bool_opt(const kb_ynode *map, const char *key, int dflt, kb_compile_ctx *ctx)
{
	int b = kb_rule_bool(map, key);
	if (b == -2) {
		const kb_ynode *v = kb_ymap_get(map, key);
		kb_errs_at(ctx->errs, ctx->file, v, "'%s' must be true or false", key);
	}
	return b == -1 ? dflt : b;
}

static int compile(kb_rule *rule, const kb_ynode *map, kb_compile_ctx *ctx)
{
	const kb_ynode *pat = kb_ymap_get(map, "pattern"), *words = kb_ymap_get(map, "words");
	if (!pat == !words) {
		kb_errs_at(ctx->errs, ctx->file, map,
			    "pattern rule '%s' needs exactly one of 'pattern' or 'words'", rule->id);
		return -1;
	}
	size_t before = ctx->errs->n;
	int icase = bool_opt(map, "ignore_case", words != NULL, ctx);
	int wb = bool_opt(map, "word_boundary", words != NULL, ctx);
	int inflect = bool_opt(map, "inflect", words != NULL, ctx); /* words: their forms too */
	if (ctx->errs->n != before)
		return -1;
	if (pat && inflect) {
		const kb_ynode *v = kb_ymap_get(map, "inflect");
		kb_errs_at(ctx->errs, ctx->file, v,
			    "'inflect' is for 'words'; a pattern writes its own forms");
		return -1;
	}
	const kb_ynode *fix = kb_ymap_get(map, "fix");
	if (fix && fix->type != KB_Y_SCALAR) {
		kb_errs_at(ctx->errs, ctx->file, fix,
			    "'fix' must be the text that replaces the match ($0 is the match, $1 or "
			    "${name} a group), not %s", kb_ynode_type_name(fix));
		return -1;
	}
	/* a fix rewrites what the author wrote: only what the rule file calls safe is applied
	 * without --unsafe-fixes */
	if (kb_rule_fix_safety(rule, map, false, ctx) != 0)
		return -1;
	kb_strv list = {0};
	if (kb_rule_strings(pat ? pat : words, pat ? "pattern" : "words", &list, ctx) != 0)
		return -1;
	pattern_data *d = xcalloc(1, sizeof *d);
	rule->data = d;
	d->fix = fix ? xstrdup(fix->str) : NULL;
	kb_buf src = {0};
	if (words) {
		/* one alternation: one scan of the text for the whole list */
		kb_buf alt = {0};
		for (size_t i = 0; i < list.n; i++) {
			if (i)
				kb_buf_putc(&alt, '|');
			if (inflect)
				kb_inflect_pattern(list.v[i], &alt);
			else
				kb_regex_quote(list.v[i], &alt);
		}
		kb_strv_clear(&list);
		kb_strv_push(&list, alt.data);
		kb_buf_free(&alt);
	}
	d->re = xcalloc(list.n, sizeof *d->re);
	int ret = 0;
	for (size_t i = 0; i < list.n; i++) {
		src.len = 0;
		if (wb)
			kb_word_wrap(&src, list.v[i]);
		else
			kb_buf_puts(&src, list.v[i]);
		char err[300];
		if (kb_regex_compile(&d->re[d->n], src.data, icase, err, sizeof err) != 0) {
			const kb_ynode *at = pat && pat->type == KB_Y_SEQ ? pat->items[i] : (pat ? pat : words);
			kb_errs_at(ctx->errs, ctx->file, at, "bad pattern in rule '%s': %s",
				    rule->id, err);
			ret = -1;
			break;
		}
		kb_prefilter_add(ctx->pf, &d->re[d->n], src.data, &rule->enabled);
		d->n++;
	}
	kb_buf_free(&src);
	kb_strv_free(&list);
	return ret;
}

typedef struct {
	const kb_rule *rule;
	kb_check *c;
	const kb_regex *re;
	const kb_hit *hit;
} emit_ctx;

static const char *lookup(void *ud, const char *name, size_t len, size_t *outlen)
{
	emit_ctx *e = ud;
	return kb_hit_lookup(e->re, e->hit, name, len, outlen);
}

static void on_hit(void *ud, const kb_hit *hit)
{
	emit_ctx *e = ud;
	const pattern_data *d = e->rule->data;
	e->hit = hit;
	kb_buf msg = {0}, fix = {0};
	kb_template_expand(e->rule->message, lookup, e, &msg);
	int line, col;
	kb_extent x;
	kb_hit_extent(hit, hit->ov[0], hit->ov[1], &line, &col, &x);
	if (d->fix) {
		kb_template_expand(d->fix, lookup, e, &fix);
		x.fix = fix.data ? fix.data : "";
		x.safe = e->rule->fix_safe;
	}
	kb_emit_span(e->c, e->rule, hit->line, hit->col, &x, msg.data ? msg.data : "");
	kb_buf_free(&msg);
	kb_buf_free(&fix);
}

static void check(const kb_rule *rule, kb_check *c)
{
	const pattern_data *d = rule->data;
	for (size_t i = 0; i < d->n; i++) {
		emit_ctx e = {rule, c, &d->re[i], NULL};
		kb_regex_scan(&d->re[i], rule->scope, rule, c, on_hit, &e);
	}
}

static void free_data(kb_rule *rule)
{
	pattern_data *d = rule->data;
	for (size_t i = 0; i < d->n; i++)
		kb_regex_free(&d->re[i]);
	free(d->re);
	free(d->fix);
	free(d);
	rule->data = NULL;
}

const kb_kind kb_kind_pattern = {
	.name = "pattern",
	.keys = keys,
	.default_scope = KB_SCOPE_PROSE | KB_SCOPE_HEADINGS | KB_SCOPE_LABEL,
	.compile = compile,
	.check = check,
	.free = free_data,
};
