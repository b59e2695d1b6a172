/* scan.c: runs a pattern over the parts of an article a rule's scope names. */
#include <string.h>

#include "prefilter.h"
#include "scan.h"

typedef struct {
	const kb_regex *re;
	unsigned scope;
	kb_check *c;
	const kb_block *block;  /* when scanning prose */
	int line, col;          /* when scanning one value */
	const kb_ynode *value;  /* a front-matter scalar */
	unsigned where;
	kb_hit_fn fn;
	void *ud;
	kb_re_budget *budget;   /* the time this rule has spent on this article */
} scan;

static void on_block_match(void *ud, const char *s, size_t len, const size_t *ov, int n)
{
	scan *sc = ud;
	const kb_block *b = sc->block;
	unsigned touched = kb_block_scopes(b, ov[0], ov[1] - ov[0]);
	if (touched & KB_SCOPE_CODE)
		return;
	if ((touched & KB_SCOPE_LABEL) && !(sc->scope & KB_SCOPE_LABEL))
		return; /* a UI label or a table header, and the rule does not read labels */
	unsigned start = kb_block_scopes(b, ov[0], 1) & ~(KB_SCOPE_CODE | KB_SCOPE_LABEL);
	if (!(start & sc->scope))
		return;
	kb_hit h = {s, len, ov, n, 0, 0, start, sc->c->art, b, false};
	kb_article_text_pos(sc->c->art, b, ov[0], &h.line, &h.col);
	sc->fn(sc->ud, &h);
}

/* True when a one-line value stands in the file as it is: a quoted value with escapes ("\"",
 * 'it''s') does not, and counting its characters would land on the wrong column. */
static bool verbatim(const kb_file *f, const kb_ynode *v)
{
	size_t off = kb_linemap_offset(&f->lines, v->line, v->col) + (v->style == KB_YS_QUOTED);
	return off <= f->len && f->len - off >= v->len && memcmp(f->src + off, v->str, v->len) == 0;
}

static void on_value_match(void *ud, const char *s, size_t len, const size_t *ov, int n)
{
	scan *sc = ud;
	kb_hit h = {s, len, ov, n, sc->line, sc->col, sc->where, sc->c->art, NULL, false};
	const kb_ynode *v = sc->value;
	if (v && v->line == v->end_line && (v->style == KB_YS_PLAIN || v->style == KB_YS_QUOTED) &&
	    verbatim(sc->c->art->file, v)) {
		/* one-line values map exactly: count characters up to the match */
		int chars = 0;
		for (size_t i = 0; i < ov[0]; i++)
			chars += ((unsigned char)s[i] & 0xC0) != 0x80;
		h.exact = true;
		h.col = v->col + (v->style == KB_YS_QUOTED) + chars;
	}
	sc->fn(sc->ud, &h);
}

static int scan_values(scan *sc, const kb_ynode *n, const kb_ynode *skip, int depth)
{
	if (!n || n == skip || depth > 32)
		return 0;
	if (n->type == KB_Y_SCALAR) {
		sc->value = n;
		sc->line = n->line;
		sc->col = n->col;
		return kb_regex_each_budget(sc->c->scratch, sc->re, n->str, n->len, on_value_match, sc, sc->budget);
	}
	for (size_t i = 0; i < n->n; i++) {
		/* mapping keys are field names, not content */
		const kb_ynode *it = n->type == KB_Y_MAP ? n->items[2 * i + 1] : n->items[i];
		int ret = scan_values(sc, it, skip, depth + 1);
		if (ret != 0)
			return ret;
	}
	return 0;
}

/* Reports once that rule stopped on this article: how (ret is what kb_regex_each_budget gave)
 * and, for a fact's pattern, whose pattern it was. */
static void limit_hit(kb_check *c, const kb_rule *rule, const kb_regex *re, int ret, int line,
		      int col)
{
	kb_buf m = {0};
	kb_buf_printf(&m, "rule '%s' stopped on this article: ", rule->id);
	if (re->fact)
		kb_buf_printf(&m, "the pattern of fact '%s'", re->fact);
	else
		kb_buf_puts(&m, "its pattern");
	if (ret == -2) {
		/* where the clock ran out depends on the machine: report at the article's start */
		kb_buf_printf(&m, " ran for more than %d seconds", KB_RE_TIME_LIMIT_MS / 1000);
		line = c->art->line;
		col = c->art->col;
	} else {
		kb_buf_puts(&m, " hit the match limit");
	}
	kb_emit(c, rule, line, col, m.data);
	kb_buf_free(&m);
}

void kb_regex_scan(const kb_regex *re, unsigned scope, const kb_rule *rule, kb_check *c,
		   kb_hit_fn fn, void *ud)
{
	kb_article *a = c->art;
	scan sc = {.re = re, .scope = scope, .c = c, .fn = fn, .ud = ud};
	kb_re_budget budget;
	kb_re_budget_start(&budget);
	sc.budget = &budget;
	int ret;
	unsigned text = scope & (KB_SCOPE_PROSE | KB_SCOPE_HEADINGS | KB_SCOPE_LINK_TEXT |
				 KB_SCOPE_COMMENTS);
	for (size_t i = 0; text && i < a->nblocks; i++) {
		sc.block = &a->blocks[i];
		if (!kb_prefilter_may(c->pf, i, re))
			continue; /* one pass over the block said this pattern cannot match in it */
		ret = kb_regex_each_budget(c->scratch, re, sc.block->text, sc.block->len, on_block_match, &sc,
					   &budget);
		if (ret != 0) {
			int line, col;
			kb_article_text_pos(a, sc.block, 0, &line, &col);
			limit_hit(c, rule, re, ret, line, col);
			return;
		}
	}
	sc.block = NULL;
	if (scope & KB_SCOPE_LINK_TARGET) {
		sc.where = KB_SCOPE_LINK_TARGET;
		for (size_t i = 0; i < a->nlinks; i++) {
			sc.line = a->links[i].line;
			sc.col = a->links[i].col;
			sc.value = NULL;
			const char *u = a->links[i].url;
			ret = kb_regex_each_budget(c->scratch, re, u, strlen(u), on_value_match, &sc, &budget);
			if (ret != 0) {
				limit_hit(c, rule, re, ret, sc.line, sc.col);
				return;
			}
		}
	}
	if ((scope & KB_SCOPE_FRONT_MATTER) && a->meta && !a->meta_shared) {
		sc.where = KB_SCOPE_FRONT_MATTER;
		/* in a YAML article the body field is the body, not metadata */
		const kb_ynode *skip = NULL;
		for (size_t i = 0; i < c->cfg->fields[KB_ROLE_BODY].n && a->body; i++) {
			const kb_ynode *b = kb_meta_path(a->meta, c->cfg->fields[KB_ROLE_BODY].v[i], NULL);
			if (b && b->str == a->body) {
				skip = b;
				break;
			}
		}
		ret = scan_values(&sc, a->meta, skip, 0);
		if (ret != 0)
			limit_hit(c, rule, re, ret, sc.line, sc.col);
	}
}

const char *kb_hit_lookup(const kb_regex *re, const kb_hit *hit, const char *name, size_t len,
			  size_t *outlen)
{
	int g = -1;
	if (len == 1 && name[0] >= '0' && name[0] <= '9') {
		g = name[0] - '0';
	} else if (len && len < 64) {
		char nm[64];
		memcpy(nm, name, len);
		nm[len] = '\0';
		g = pcre2_substring_number_from_name(re->code, (PCRE2_SPTR)nm);
	}
	if (g < 0 || g >= hit->n || hit->ov[2 * g] == (size_t)-1)
		return NULL;
	*outlen = hit->ov[2 * g + 1] - hit->ov[2 * g];
	return hit->subject + hit->ov[2 * g];
}

void kb_hit_pos(const kb_hit *hit, size_t off, int *line, int *col)
{
	if (hit->block) {
		kb_article_text_pos(hit->art, hit->block, off, line, col);
		return;
	}
	*line = hit->line;
	*col = hit->col;
	if (hit->exact && off > hit->ov[0])
		for (size_t i = hit->ov[0]; i < off && i < hit->len; i++)
			*col += ((unsigned char)hit->subject[i] & 0xC0) != 0x80;
}

void kb_hit_extent(const kb_hit *hit, size_t off, size_t end, int *line, int *col, kb_extent *x)
{
	kb_hit_pos(hit, off, line, col);
	*x = (kb_extent){.text = hit->subject + off, .len = end - off};
	if (!(hit->block || hit->exact) || end <= off)
		return;
	/* one past the last character: the offset after it may already be the next line's (a
	 * match that ends a line ends before the line break) */
	size_t last = end - 1;
	while (last > off && ((unsigned char)hit->subject[last] & 0xC0) == 0x80)
		last--;
	kb_hit_pos(hit, last, &x->end_line, &x->end_col);
	x->end_col++;
}
