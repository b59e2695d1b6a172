/* facts.c: the "facts" kind: stated values checked against the canonical facts file
 * (canonical, changed), and the same sentence stating different values in different places
 * (conflict, a cross-article pass over sentence skeletons). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "corpus.h"
#include "facts.h"
#include "scan.h"
#include "strset.h"
#include "value.h"

#define CHECKS(X)                                                                                \
	X(CANONICAL, "canonical",                                                                \
	  "says ${value}; the canonical ${key} is ${canonical}${source:+ (source: ${source})}")    \
	X(CHANGED, "changed",                                                                    \
	  "${key} changed on ${updated}, after this article was last reviewed on ${reviewed}")     \
	X(CONFLICT, "conflict", "${message}")

#define CHECKS_KIND "facts"
#define CHECKS_FIXES
#include "checks.h"

typedef struct {
	const kb_rule *rule;
	kb_check *c;
	const kb_fact *fact;
	const kb_regex *re;
	check_id which;
	kb_value canonical;
	bool stated;             /* CHANGED: the article states the fact */
	int line, col;           /* the first place in the article where it does */
} fact_scan;

/* A stated value: compared with the canonical one, or noted as a statement. x is where it ends
 * (its end_line 0 when not known). */
static void stated(fact_scan *fs, const char *raw, size_t len, int line, int col, kb_extent *x)
{
	if (fs->which == CHECK_CHANGED) {
		/* the earliest place: patterns run one after another, and the front matter last */
		if (!fs->stated || line < fs->line || (line == fs->line && col < fs->col)) {
			fs->stated = true;
			fs->line = line;
			fs->col = col;
		}
		return;
	}
	kb_value got;
	kb_value_parse(raw, len, &got);
	if (!kb_value_equal(&got, &fs->canonical)) {
		char *said = xstrndup(raw, len);
		kb_vars v = {0};
		kb_vars_set(&v, "value", said);
		kb_vars_set(&v, "key", fs->fact->key);
		kb_vars_set(&v, "canonical", fs->fact->value);
		kb_vars_set(&v, "source", fs->fact->source);
		kb_buf msg = {0};
		kb_template_expand(fs->rule->message, kb_vars_lookup, &v, &msg);
		/* the fix: the canonical value in its place (unsafe by default: the sentence around
		 * it may need to change too) */
		x->fix = fs->fact->value;
		x->safe = fs->rule->fix_safe;
		kb_emit_span(fs->c, fs->rule, line, col, x, msg.data ? msg.data : "");
		kb_buf_free(&msg);
		free(said);
	}
	kb_value_free(&got);
}

static void on_hit(void *ud, const kb_hit *hit)
{
	fact_scan *fs = ud;
	size_t len = 0;
	const char *val = kb_hit_lookup(fs->re, hit, "value", 5, &len);
	if (!val || !len)
		return;
	int line, col;
	kb_extent x;
	size_t off = (size_t)(val - hit->subject);
	kb_hit_extent(hit, off, off + len, &line, &col, &x);
	stated(fs, val, len, line, col, &x);
}

static void check(const kb_rule *rule, kb_check *c)
{
	check_id which = check_of(rule);
	const kb_facts *facts = c->cfg->facts;
	const kb_article *a = c->art;
	const kb_ynode *own = kb_ymap_get(a->meta, "facts");
	if (which == CHECK_CONFLICT || !facts)
		return;
	for (size_t i = 0; i < facts->n; i++) {
		const kb_fact *f = &facts->v[i];
		if (which == CHECK_CHANGED &&
		    (!f->has_updated || a->reviewed.state != KB_FIELD_OK || f->updated <= a->reviewed.date))
			continue;
		fact_scan fs = {.rule = rule, .c = c, .fact = f, .which = which};
		kb_value_parse(f->value, strlen(f->value), &fs.canonical);
		for (size_t p = 0; p < f->npatterns; p++) {
			fs.re = &f->patterns[p];
			kb_regex_scan(fs.re, rule->scope, rule, c, on_hit, &fs);
		}
		/* front matter may state facts too: facts: {refund-window: 30 days} */
		const kb_ynode *mine = own && own->type == KB_Y_MAP ? kb_ymap_get(own, f->key) : NULL;
		if (mine && mine->type == KB_Y_SCALAR) {
			/* a one-line value ends where its characters do (kb_emit_span checks the
			 * bytes: a quoted or folded one gets no end) */
			kb_extent x = {.text = mine->str, .len = mine->len};
			if (mine->line == mine->end_line) {
				x.end_line = mine->line;
				x.end_col = mine->col;
				for (size_t k = 0; k < mine->len; k++)
					x.end_col += ((unsigned char)mine->str[k] & 0xC0) != 0x80;
			}
			stated(&fs, mine->str, mine->len, mine->line, mine->col, &x);
		}
		if (which == CHECK_CHANGED && fs.stated) {
			char updated[16], reviewed[16];
			kb_date_format(f->updated, updated);
			kb_date_format(a->reviewed.date, reviewed);
			kb_vars v = {0};
			kb_vars_set(&v, "key", f->key);
			kb_vars_set(&v, "updated", updated);
			kb_vars_set(&v, "reviewed", reviewed);
			kb_emit_vars(c, rule, &v, fs.line, fs.col);
		}
		kb_value_free(&fs.canonical);
	}
}

typedef struct {
	const kb_fact *fact;
	const kb_regex *re;
	kb_value canonical;
	kb_fact_fn fn;
	void *ud;
} each_scan;

static void on_each(void *ud, const kb_hit *hit)
{
	each_scan *es = ud;
	size_t len = 0;
	const char *val = kb_hit_lookup(es->re, hit, "value", 5, &len);
	if (!val || !len)
		return;
	int line, col;
	kb_hit_pos(hit, (size_t)(val - hit->subject), &line, &col);
	kb_value got;
	kb_value_parse(val, len, &got);
	es->fn(es->ud, es->fact, val, len, line, col, kb_value_equal(&got, &es->canonical));
	kb_value_free(&got);
}

void kb_facts_each(const kb_article *a, const kb_config *cfg, kb_fact_fn fn, void *ud)
{
	/* the scan reports a pattern that hits its match limit through a rule: this one is off */
	static const kb_kind none = {.name = "facts"};
	kb_rule quiet = {.id = "facts", .kind = &none, .enabled = false};
	kb_results sink;
	kb_results_init(&sink);
	kb_check c = {.cfg = cfg, .art = (kb_article *)a, .out = &sink,
		      .scratch = kb_regex_scratch_new()};
	const kb_facts *facts = cfg->facts;
	const kb_ynode *own = kb_ymap_get(a->meta, "facts");
	for (size_t i = 0; facts && i < facts->n; i++) {
		const kb_fact *f = &facts->v[i];
		each_scan es = {.fact = f, .fn = fn, .ud = ud};
		kb_value_parse(f->value, strlen(f->value), &es.canonical);
		for (size_t p = 0; p < f->npatterns; p++) {
			es.re = &f->patterns[p];
			kb_regex_scan(es.re, KB_SCOPE_PROSE | KB_SCOPE_HEADINGS | KB_SCOPE_LABEL,
				      &quiet, &c, on_each, &es);
		}
		const kb_ynode *mine = own && own->type == KB_Y_MAP ? kb_ymap_get(own, f->key) : NULL;
		if (mine && mine->type == KB_Y_SCALAR) {
			kb_value got;
			kb_value_parse(mine->str, mine->len, &got);
			fn(ud, f, mine->str, mine->len, mine->line, mine->col,
			   kb_value_equal(&got, &es.canonical));
			kb_value_free(&got);
		}
		kb_value_free(&es.canonical);
	}
	kb_regex_scratch_free(c.scratch);
	kb_results_free(&sink);
}

/* Locations sort by file (walk order), then line and column. */
static int loc_cmp(const kb_stmt_loc *a, const kb_stmt_loc *b)
{
	if (a->file_index != b->file_index)
		return a->file_index < b->file_index ? -1 : 1;
	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	return (a->col > b->col) - (a->col < b->col);
}

/* Share of the locations that must agree for the others to be outliers, not a template. */
enum { MAJORITY_PERCENT = 75 };

/* True when path segment s[0..n) names a version: "5.1", "v2", "7.x", "v1.2.3". */
static bool version_segment(const char *s, size_t n)
{
	size_t i = n && (s[0] == 'v' || s[0] == 'V') ? 1 : 0;
	if (i >= n || s[i] < '0' || s[i] > '9')
		return false;
	for (; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || s[i] == '.' || s[i] == 'x'))
			return false;
	return true;
}

/* True when paths a and b are one page of two versions of the documentation: the same
 * segments but for version segments that differ ("reference/5.1/Read-Host.md" and
 * "reference/7.4/Read-Host.md"). What one version says does not contradict another. */
static bool version_siblings(const char *a, const char *b)
{
	bool differ = false;
	while (*a && *b) {
		size_t na = strcspn(a, "/"), nb = strcspn(b, "/");
		if (na != nb || memcmp(a, b, na) != 0) {
			if (!version_segment(a, na) || !version_segment(b, nb))
				return false;
			differ = true;
		}
		a += na + (a[na] == '/');
		b += nb + (b[nb] == '/');
	}
	return differ && !*a && !*b;
}

/* True when two of g's values are stated in places that can contradict each other: not only in
 * versions of one page. */
static bool can_conflict(const kb_stmt_group *g)
{
	for (size_t i = 0; i < g->nvalues; i++)
		for (size_t j = i + 1; j < g->nvalues; j++)
			for (size_t k = 0; k < g->values[i].nlocs; k++)
				for (size_t l = 0; l < g->values[j].nlocs; l++)
					if (!version_siblings(g->values[i].locs[k].file,
							      g->values[j].locs[l].file))
						return true;
	return false;
}

/* Appends the class of a value's quantities (as written, " / " between them) to out: their
 * kinds, with the unit for counts (every data size is one class) and money. Values of different
 * classes state different things ("between 0 KB and 2,097,151 KB" of one setting, "between 0
 * and 24,855 days" of another). */
static void value_class(const char *value, kb_buf *out)
{
	for (const char *p = value;;) {
		const char *sep = strstr(p, " / ");
		size_t n = sep ? (size_t)(sep - p) : strlen(p);
		kb_value v;
		kb_value_parse(p, n, &v);
		const char *unit = "";
		if (v.kind == KB_VAL_NUMBER || v.kind == KB_VAL_MONEY)
			unit = v.unit;
		if (v.kind == KB_VAL_NUMBER && kb_value_unit_is_size(v.unit))
			unit = "size";
		kb_buf_printf(out, "%d:%s;", (int)v.kind, unit);
		kb_value_free(&v);
		if (!sep)
			return;
		p = sep + 3;
	}
}

/* One finding for a group of the same sentence with different values: at the first outlier
 * when a majority agrees, else at the first location of all; every other one related. */
static void report_values(const kb_rule *rule, kb_corpus_check *cc, const kb_stmt_group *g)
{
	if (!can_conflict(g))
		return;
	size_t major = 0;
	for (size_t i = 1; i < g->nvalues; i++)
		if (g->values[i].count > g->values[major].count)
			major = i;
	bool two = g->nvalues == 2;
	bool majority = g->values[major].count * 100 >= g->total * MAJORITY_PERCENT;
	if (!two && !majority)
		return; /* many values, no clear majority: a template ("introduced in <V>") */
	/* the finding's place: the first location; with a majority, the first outlier, even with
	 * two values (four articles say 5 days, one says 7: the one is wrong, not the first) */
	const kb_stmt_value *at_v = NULL;
	const kb_stmt_loc *at = NULL;
	for (size_t i = 0; i < g->nvalues; i++) {
		if (majority && i == major)
			continue;
		for (size_t k = 0; k < g->values[i].nlocs; k++)
			if (!at || loc_cmp(&g->values[i].locs[k], at) < 0) {
				at = &g->values[i].locs[k];
				at_v = &g->values[i];
			}
	}
	if (!at)
		return;
	kb_related rel[2 * KB_STMT_MAX_LOCS];
	size_t nrel = 0;
	kb_buf msgs = {0}, msg = {0};
	/* messages of related locations live in one buffer: offsets first, pointers after */
	size_t offs[2 * KB_STMT_MAX_LOCS];
	for (size_t i = 0; i < g->nvalues && nrel < 2 * KB_STMT_MAX_LOCS; i++) {
		const kb_stmt_value *v = &g->values[i];
		for (size_t k = 0; k < v->nlocs && nrel < 2 * KB_STMT_MAX_LOCS; k++) {
			if (&v->locs[k] == at)
				continue;
			rel[nrel] = (kb_related){v->locs[k].file, v->locs[k].line, v->locs[k].col, NULL};
			offs[nrel++] = msgs.len;
			kb_buf_printf(&msgs, "says %s", v->raw);
			kb_buf_putc(&msgs, '\0');
		}
	}
	for (size_t i = 0; i < nrel; i++)
		rel[i].message = msgs.data + offs[i];
	if (two) {
		const kb_stmt_value *other = at_v == &g->values[0] ? &g->values[1] : &g->values[0];
		kb_buf_printf(&msg, "says %s, but the same sentence says %s in %zu other place%s",
			      at_v->raw, other->raw, other->count, other->count == 1 ? "" : "s");
	} else {
		kb_buf_printf(&msg, "says %s, but %zu of %zu places with the same sentence say %s",
			      at_v->raw, g->values[major].count, g->total, g->values[major].raw);
	}
	kb_vars v = {0};
	kb_vars_set(&v, "message", msg.data);
	kb_vars_set(&v, "skeleton", g->skeleton);
	kb_buf out = {0};
	kb_template_expand(rule->message, kb_vars_lookup, &v, &out);
	/* a sentence a canonical fact covers is an error: one of the values is known wrong */
	kb_severity sev = g->canonical && rule->severity < KB_SEV_ERROR ? KB_SEV_ERROR : rule->severity;
	kb_pos pos = {at->line, at->col, at->col_byte, at->col_utf16};
	kb_emit_at(cc->out, rule, at->file_index, at->file, at->owner, pos, sev,
		   out.data ? out.data : "", rel, nrel);
	kb_buf_free(&out);
	kb_buf_free(&msg);
	kb_buf_free(&msgs);
}

/* Reports g once per class of value that has two values or more: a conflict needs the same kind
 * of quantity. The classes come in the order of their first value, each with its values in
 * order; found by hash, as a group can have up to KB_STMT_MAX_VALUES values. */
static void report_group(const kb_rule *rule, kb_corpus_check *cc, const kb_stmt_group *g)
{
	kb_strmap classes = {0};          /* class -> its part */
	size_t *part_of = xcalloc(g->nvalues, sizeof *part_of);
	size_t *size = xcalloc(g->nvalues, sizeof *size);
	size_t nparts = 0;
	for (size_t i = 0; i < g->nvalues; i++) {
		kb_buf b = {0};
		value_class(g->values[i].raw, &b);
		size_t p = kb_strmap_get(&classes, b.data ? b.data : "");
		if (p == (size_t)-1) {
			p = nparts++;
			kb_strmap_put(&classes, b.data ? b.data : "", p);
		}
		part_of[i] = p;
		size[p]++;
		kb_buf_free(&b);
	}
	kb_stmt_value *sub = xcalloc(g->nvalues, sizeof *sub);
	for (size_t p = 0; p < nparts; p++) {
		if (size[p] < 2)
			continue;
		kb_stmt_group part = *g;
		part.values = sub;
		part.nvalues = part.total = 0;
		for (size_t j = 0; j < g->nvalues; j++) {
			if (part_of[j] != p)
				continue;
			sub[part.nvalues++] = g->values[j];
			part.total += g->values[j].count;
		}
		report_values(rule, cc, &part);
	}
	kb_strmap_free(&classes);
	free(part_of);
	free(size);
	free(sub);
}

/* True when one of g's kept locations is in the file with index fi: a finding of g can be
 * there only then. */
static bool states_in(const kb_stmt_group *g, size_t fi)
{
	for (size_t i = 0; i < g->nvalues; i++)
		for (size_t k = 0; k < g->values[i].nlocs; k++)
			if (g->values[i].locs[k].file_index == fi)
				return true;
	return false;
}

static void check_corpus(const kb_rule *rule, kb_corpus_check *cc)
{
	check_id which = check_of(rule);
	if (which != CHECK_CONFLICT)
		return;
	const kb_statements *st = &cc->corpus->statements;
	for (size_t i = 0; i < st->n; i++)
		if (st->v[i].nvalues >= 2 && (cc->only == KB_ALL_FILES || states_in(&st->v[i], cc->only)))
			report_group(rule, cc, &st->v[i]);
}

const kb_kind kb_kind_facts = {
	.name = "facts",
	.keys = keys,
	.default_scope = KB_SCOPE_PROSE | KB_SCOPE_HEADINGS | KB_SCOPE_LABEL,
	.compile = compile,
	.check = check,
	.check_corpus = check_corpus,
	.free = NULL,
	.needs_statements = true,
};
