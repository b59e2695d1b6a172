/* statements.c: finds the sentences that state quantities and groups them by skeleton. */
#include "statements.h"

#include <stdlib.h>
#include <string.h>

#include "ascii.h"
#include "diag.h"
#include "facts.h"
#include "sentence.h"
#include "value.h"

void kb_statements_init(kb_statements *s)
{
	memset(s, 0, sizeof *s);
}

/* Frees g's values (their locations too). */
static void free_values(kb_stmt_group *g)
{
	for (size_t i = 0; i < g->nvalues; i++)
		free(g->values[i].locs);
	free(g->values);
	g->values = NULL;
	g->nvalues = g->capvalues = 0;
}

void kb_statements_free(kb_statements *s)
{
	for (size_t i = 0; i < s->n; i++) {
		free_values(&s->v[i]);
		kb_strmap_free(&s->v[i].vindex);
	}
	free(s->v);
	kb_strmap_free(&s->index);
	kb_strmap_free(&s->names);
	kb_arena_free(&s->arena);
	memset(s, 0, sizeof *s);
}

static bool space(char c)
{
	return kb_isblank(c) || c == '\n';
}

/* Words whose sentence's subject comes from the sentence before: its values cannot be compared
 * with another sentence's. With their lengths: most sentences start with "The", and a single
 * word must be the sentence's whole first word. */
#define W(w) {(w), sizeof(w) - 1}
static const struct {
	const char *w;
	size_t len;
} deictic_words[] = {
	W("this"), W("that"), W("these"), W("those"), W("it"), W("its"), W("they"), W("their"),
	W("them"), W("such"), W("here"), W("above"), W("below"), W("same"), W("the above"),
	W("the following"), W("the same"), W("the preceding"), W("the previous"), W("the next"),
	W("the example"), W("for example"), W("for instance"), W("in this"), W("in that"),
	W("in the preceding"), W("in the following"), W("in the previous"), W("in the example"),
	W("similarly"), W("likewise"), W("otherwise"), W("then"), W("now")};
#undef W

static bool deictic(const char *t, size_t n)
{
	size_t w = 0; /* the first word's length */
	while (w < n && kb_isalpha(t[w]))
		w++;
	if (!w)
		return false;
	for (size_t i = 0; i < sizeof deictic_words / sizeof deictic_words[0]; i++) {
		const char *d = deictic_words[i].w;
		size_t l = deictic_words[i].len;
		if ((t[0] | 0x20) != d[0] || l < w || (l > w && d[w] != ' '))
			continue; /* another first letter, or another first word */
		if (l > n || (l < n && kb_isalpha(t[l])))
			continue;
		size_t k = 0;
		while (k < l && (t[k] | 0x20) == d[k])
			k++;
		if (k == l)
			return true;
	}
	return false;
}

/* A statement of the article, held until the article is read (its strings in each_ctx.keep). */
typedef struct {
	char *skeleton, *value, *raw;
	size_t value_len;
	int line, col;
	bool canonical;
	size_t section;
	uint64_t hash; /* the skeleton's (kb_strmap_hash): flush compares strings only where these
			* are equal, and a list's item keeps it */
} pending;

/* Where kb_stmt_list_collect puts an article's statements. */
typedef struct {
	kb_stmt_list *l;
	const kb_article *a;
	const char *file, *owner; /* copies in the list's arena, made on first use */
} collect_ctx;

/* A fenced code block of the article: its body lines and its text in each_ctx.code. */
typedef struct {
	int first, last;   /* body lines of the fences */
	size_t off, len;
} code_block;

typedef struct {
	const kb_article *a;
	const kb_config *cfg;
	kb_stmt_fn fn;
	void *ud;
	kb_buf code;       /* the text of the article's fenced code blocks */
	code_block *cb;    /* heap, in body order */
	size_t ncb;
	size_t section;    /* headings seen so far: the section of the current block */
	pending *p;        /* the article's statements, held until every section is read */
	size_t np, capp;
	bool conflicts;    /* for sentence-conflict: leave out the sentences of parallel sections */
	kb_regex_scratch *scratch; /* the matching state of the thread that reads */
	kb_buf sk, val, raw; /* the sentence being read: reused from one sentence to the next */
	kb_arena strs;       /* the pending statements' strings, freed when the article is done */
	collect_ctx *cc;     /* set: statements go to its list, not to fn */
	kb_arena *keep;      /* where the pending strings go: strs, or the list's arena (so that
			      * a statement kept in the list is not copied again) */
} each_ctx;

/* Finds the fenced code blocks (``` or ~~~, at any indent: list items and quotes hold them too)
 * of the article's body, into e->cb and e->code. */
static void fenced_code(each_ctx *e)
{
	const char *body = e->a->body;
	size_t n = e->a->body_len, cap = 0;
	char fence = 0;
	size_t fence_len = 0;
	int line = 1;
	for (size_t i = 0; i < n; line++) {
		const char *nl = memchr(body + i, '\n', n - i);
		size_t end = nl ? (size_t)(nl - body) : n;
		size_t k = i;
		while (k < end && (body[k] == ' ' || body[k] == '\t' || body[k] == '>'))
			k++;
		size_t run = 0;
		while (k + run < end && (body[k + run] == '`' || body[k + run] == '~') &&
		       body[k + run] == body[k])
			run++;
		if (run >= 3 && (!fence || (body[k] == fence && run >= fence_len))) {
			if (fence) {
				e->cb[e->ncb - 1].last = line;
				e->cb[e->ncb - 1].len = e->code.len - e->cb[e->ncb - 1].off;
				fence = 0;
			} else {
				if (e->ncb == cap)
					e->cb = xrealloc(e->cb, (cap = cap ? 2 * cap : 4) * sizeof *e->cb);
				e->cb[e->ncb++] = (code_block){line, line, e->code.len, 0};
				fence = body[k];
				fence_len = run;
			}
		} else if (fence) {
			kb_buf_put(&e->code, body + i, end - i);
			kb_buf_putc(&e->code, '\n');
		}
		i = end < n ? end + 1 : end;
	}
	if (fence) /* an unclosed fence runs to the end */
		e->cb[e->ncb - 1].len = e->code.len - e->cb[e->ncb - 1].off;
}

/* True when the first number of the quantity t[0..n) ("165 pixels", "2,097,151 KB", "$49"),
 * commas dropped, stands as a number of its own in code[0..len) ("Point 113, 165"). */
static bool number_in(const char *code, size_t len, const char *t, size_t n)
{
	char num[32];
	size_t k = 0, i = 0;
	while (i < n && !kb_isdigit(t[i]))
		i++;
	for (; i < n && k + 1 < sizeof num; i++) {
		if (kb_isdigit(t[i]))
			num[k++] = t[i];
		else if (!(t[i] == ',' && i + 1 < n && kb_isdigit(t[i + 1])))
			break;
	}
	for (size_t p = 0; k && p + k <= len; p++) {
		const char *hit = memmem(code + p, len - p, num, k);
		if (!hit)
			break;
		p = (size_t)(hit - code);
		char before = p > 0 ? code[p - 1] : ' ', after = p + k < len ? code[p + k] : ' ';
		char next = p + k + 1 < len ? code[p + k + 1] : ' ';
		if (!kb_isdigit(before) && before != '.' && !kb_isalpha(before) &&
		    !kb_isdigit(after) && !(after == '.' && kb_isdigit(next)))
			return true;
	}
	return false;
}

/* True when the quantity t[0..n) of block b is a number of the code next to b: the last fenced
 * block above it or the first below it. */
static bool number_in_code(const each_ctx *e, const kb_block *b, const char *t, size_t n)
{
	int line = b->npieces ? b->pieces[0].line : 0;
	const code_block *above = NULL, *below = NULL;
	for (size_t i = 0; i < e->ncb && !below; i++) {
		if (e->cb[i].last < line)
			above = &e->cb[i];
		else if (e->cb[i].first > line)
			below = &e->cb[i];
	}
	return (above && above->len && number_in(e->code.data + above->off, above->len, t, n)) ||
	       (below && below->len && number_in(e->code.data + below->off, below->len, t, n));
}

static bool covered(const each_ctx *e, const char *t, size_t n);

/* The normalized values of quantities read lately on this thread, by their text: a knowledge
 * base states the same few values ("30 days", "$49 per month", "10 GB") over and over, and
 * parsing one costs more than a look here. A slot that does not fit is not kept; a collision
 * replaces the slot. Fixed arrays, so a thread that ends leaves nothing to free. */
enum { MEMO_SLOTS = 512, MEMO_KEY = 32, MEMO_VALUE = 48 };
typedef struct {
	unsigned char klen, vlen; /* klen 0: empty */
	char key[MEMO_KEY], value[MEMO_VALUE];
} memo_slot;
static _Thread_local memo_slot memo[MEMO_SLOTS];

/* Appends the normalized value of the quantity t[0..n) to out (kb_value_parse, then
 * kb_value_format). */
static void put_value(kb_buf *out, const char *t, size_t n)
{
	memo_slot *m = NULL;
	if (n && n <= MEMO_KEY) {
		m = &memo[kb_hash_bytes(KB_HASH_INIT, t, n) % MEMO_SLOTS];
		if (m->klen == n && memcmp(m->key, t, n) == 0) {
			kb_buf_put(out, m->value, m->vlen);
			return;
		}
	}
	size_t start = out->len;
	kb_value v;
	kb_value_parse(t, n, &v);
	kb_value_format(&v, out);
	kb_value_free(&v);
	size_t vlen = out->len - start;
	if (m && vlen <= MEMO_VALUE) {
		m->klen = (unsigned char)n;
		m->vlen = (unsigned char)vlen;
		memcpy(m->key, t, n);
		memcpy(m->value, out->data + start, vlen);
	}
}

/* Length of a leading label such as "Note:" or "[!TIP]" (admonitions), or 0. */
static size_t label(const char *t, size_t n)
{
	size_t i = 0;
	if (n > 2 && t[0] == '[' && t[1] == '!') {
		while (i < n && t[i] != ']')
			i++;
		return i < n ? i + 1 : 0;
	}
	while (i < n && i < 12 && kb_isalpha(t[i]))
		i++;
	return i > 1 && i < n && t[i] == ':' ? i + 1 : 0;
}

/* Appends the skeleton of t[0..n) to sk: lower case, a run of blanks as one space (none at the
 * start of sk, none after a space); counts in *words the words begun, *in_word saying whether
 * one is open. Written in place: most of a sentence is this. */
static void skeleton_text(kb_buf *sk, const char *t, size_t n, size_t *words, bool *in_word)
{
	if (!n)
		return;
	size_t o = sk->len;
	kb_buf_put(sk, t, n); /* room for all of it; written over below */
	char *d = sk->data;
	for (size_t k = 0; k < n; k++) {
		char c = t[k];
		if (space(c)) {
			if (o && d[o - 1] != ' ')
				d[o++] = ' ';
			*in_word = false;
			continue;
		}
		bool alpha = kb_isalpha(c);
		*words += alpha && !*in_word;
		*in_word = alpha;
		d[o++] = kb_tolower(c);
	}
	sk->len = o;
	d[o] = '\0';
}

static void sentence(each_ctx *e, const kb_block *b, size_t s, size_t end)
{
	while (s < end && space(b->text[s]))
		s++;
	while (end > s && space(b->text[end - 1]))
		end--;
	/* a sentence ending in a colon introduces an example or a list ("Search for 10
	 * repetitions of a character:"): its values are the example's */
	if (end > s && b->text[end - 1] == ':')
		return;
	while (end > s && b->text[end - 1] == '.')
		end--;
	size_t lab = label(b->text + s, end - s);
	size_t subj = s + lab;
	while (subj < end && space(b->text[subj]))
		subj++;
	if (end <= s || deictic(b->text + subj, end - subj))
		return;
	kb_qspan q[KB_STMT_MAX_QUANTITIES + 1];
	size_t nq = kb_find_quantities(b->text + s, end - s, q, KB_STMT_MAX_QUANTITIES + 1);
	if (nq == 0 || nq > KB_STMT_MAX_QUANTITIES)
		return;
	/* a sentence whose every number is in the code next to it explains that code (a worked
	 * example: "The Cancel button is 165 pixels from the top" and "Point 113, 165") */
	size_t echoed = 0;
	for (size_t i = 0; i < nq; i++)
		echoed += number_in_code(e, b, b->text + s + q[i].start, q[i].end - q[i].start);
	if (echoed == nq)
		return;
	/* the skeleton: lower case, one space between words, "<V>" for each quantity; code
	 * spans stay as they are, since they are often the subject */
	kb_buf *sk = &e->sk, *val = &e->val, *raw = &e->raw;
	sk->len = val->len = raw->len = 0;
	size_t words = 0, i = s;
	bool in_word = false;
	for (size_t k = 0; k <= nq; k++) {
		/* the text up to quantity k (to the end after the last) */
		size_t stop = k < nq ? s + q[k].start : end;
		if (stop < i) /* quantities overlap: none is read from here on */
			stop = end, k = nq;
		skeleton_text(sk, b->text + i, stop - i, &words, &in_word);
		i = stop;
		if (k == nq)
			break;
		size_t qe = s + q[k].end;
		if (kb_block_scopes(b, i, qe - i) & KB_SCOPE_CODE)
			continue; /* a value in code is not a stated quantity: its text is the skeleton's */
		if (val->len) {
			kb_buf_puts(val, " / ");
			kb_buf_puts(raw, " / ");
		}
		put_value(val, b->text + i, qe - i);
		kb_buf_put(raw, b->text + i, qe - i);
		kb_buf_puts(sk, "<V>");
		in_word = false;
		i = qe;
	}
	if (val->len && words >= KB_STMT_MIN_WORDS) {
		int line, col;
		kb_article_text_pos(e->a, b, s + q[0].start, &line, &col);
		if (e->np == e->capp)
			e->p = xrealloc(e->p, (e->capp = e->capp ? 2 * e->capp : 16) * sizeof *e->p);
		uint64_t h = kb_strmap_hash_n(sk->data, sk->len);
		e->p[e->np++] = (pending){kb_arena_strndup(e->keep, sk->data, sk->len),
					  kb_arena_strndup(e->keep, val->data, val->len),
					  kb_arena_strndup(e->keep, raw->data, raw->len),
					  val->len, line, col, covered(e, b->text + s, end - s),
					  e->section, h};
	}
}

static void count_hit(void *ud, const char *s, size_t len, const size_t *ov, int n)
{
	(void)s;
	(void)len;
	(void)ov;
	(void)n;
	*(bool *)ud = true;
}

/* A canonical fact's pattern matches the sentence. */
static bool covered(const each_ctx *e, const char *t, size_t n)
{
	const kb_facts *f = e->cfg->facts;
	bool hit = false;
	for (size_t i = 0; f && i < f->n && !hit; i++)
		for (size_t p = 0; p < f->v[i].npatterns && !hit; p++)
			kb_regex_each(e->scratch, &f->v[i].patterns[p], t, n, count_hit, &hit);
	return hit;
}

/* True when the text holds the word "example" (any case): an example's section. */
static bool names_example(const char *t, size_t n)
{
	for (size_t i = 0; i + 7 <= n; i++) {
		size_t k = 0;
		while (k < 7 && (t[i + k] | 0x20) == "example"[k])
			k++;
		if (k == 7)
			return true;
	}
	return false;
}

static kb_stmt_loc loc_of(const kb_article *a, const char *file, const char *owner, int line,
			  int col);

/* Appends statement x to cc's list: its strings are the list's already, and its skeleton's
 * hash is known. */
static void list_add(collect_ctx *cc, const pending *x)
{
	kb_stmt_list *l = cc->l;
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 16;
		l->v = xrealloc(l->v, l->cap * sizeof *l->v);
	}
	if (!cc->file) {
		cc->file = kb_arena_strdup(&l->arena, cc->a->file->path);
		cc->owner = cc->a->owner ? kb_arena_strdup(&l->arena, cc->a->owner) : NULL;
	}
	l->v[l->n++] = (kb_stmt_item){x->skeleton, x->value, x->raw,
				      loc_of(cc->a, cc->file, cc->owner, x->line, x->col),
				      x->canonical, x->hash,
				      kb_strmap_hash_n(x->value, x->value_len)};
}

/* Passes the article's statements on, but for the sentences the article repeats with another
 * value in another section: the same sentence under two headings is about two things (two
 * settings, two plans), not a contradiction. Frees what it was given. */
static void flush(each_ctx *e)
{
	for (size_t i = 0; i < e->np; i++) {
		const pending *x = &e->p[i];
		bool parallel = false;
		for (size_t j = 0; e->conflicts && j < e->np && !parallel; j++)
			parallel = e->p[j].hash == x->hash && e->p[j].section != x->section &&
				   strcmp(e->p[j].skeleton, x->skeleton) == 0 &&
				   strcmp(e->p[j].value, x->value) != 0;
		if (parallel)
			continue;
		if (e->cc)
			list_add(e->cc, x);
		else
			e->fn(e->ud, x->skeleton, x->value, x->raw, x->line, x->col, x->canonical);
	}
	free(e->p); /* their strings are e->keep's */
}

/* True when block b is in a list (its source line starts with a list marker or is indented, as
 * an item's later paragraphs are) or a block quote, as the source shows. */
static bool in_list(const kb_article *a, const kb_block *b)
{
	if (!b->npieces || !a->body_lines || b->pieces[0].line < 1 ||
	    (size_t)b->pieces[0].line > a->nbody_lines)
		return false;
	const char *src = a->file->src;
	size_t i = a->body_lines[b->pieces[0].line - 1], n = a->file->len;
	if (i < n && (src[i] == ' ' || src[i] == '\t' || src[i] == '>'))
		return true;
	if (i + 1 < n && strchr("-*+", src[i]) && src[i] && src[i + 1] == ' ')
		return true;
	size_t d = i;
	while (d < n && kb_isdigit(src[d]))
		d++;
	return d > i && d + 1 < n && (src[d] == '.' || src[d] == ')') && src[d + 1] == ' ';
}

/* True when block b's text, blanks dropped, ends with ':'. */
static bool ends_with_colon(const kb_block *b)
{
	size_t e = b->len;
	while (e > 0 && space(b->text[e - 1]))
		e--;
	return e > 0 && b->text[e - 1] == ':';
}

/* Calls fn for each statement of a; with conflicts, not for the sentences a repeats with
 * another value in another section (flush). x is the calling thread's matching state; NULL:
 * one of its own. */
static void each(const kb_article *a, const kb_config *cfg, kb_stmt_fn fn, void *ud,
		 collect_ctx *cc, bool conflicts, kb_regex_scratch *x)
{
	kb_regex_scratch *mine = x ? NULL : kb_regex_scratch_new();
	each_ctx e = {.a = a, .cfg = cfg, .fn = fn, .ud = ud, .conflicts = conflicts,
		      .scratch = x ? x : mine, .cc = cc};
	e.keep = cc ? &cc->l->arena : &e.strs;
	fenced_code(&e);
	/* the headings above the current block, by level: values in an example's section are the
	 * example's ("gets the first five lines"), not facts */
	bool example[7] = {false};
	/* a paragraph that names an example and ends in a colon ("To see an example of this
	 * behavior, follow these steps:") introduces one: the list after it, up to the next
	 * paragraph outside a list or the next heading, is the example's ("The date is pasted as
	 * July 6, 2002" in step 5) */
	bool example_intro = false;
	for (size_t i = 0; i < a->nblocks; i++) {
		const kb_block *b = &a->blocks[i];
		if (b->heading)
			e.section++;
		if (b->heading > 0 && b->heading < 7) {
			example[b->heading] = names_example(b->text, b->len);
			example_intro = false;
			for (int l = b->heading + 1; l < 7; l++)
				example[l] = false;
		}
		if (!b->heading && ends_with_colon(b) && names_example(b->text, b->len))
			example_intro = true;
		else if (example_intro && !in_list(a, b))
			example_intro = false; /* the example's steps are over */
		bool in_example = example_intro;
		for (int l = 1; l < 7; l++)
			in_example |= example[l];
		if (in_example)
			continue;
		if (b->heading || !(b->npieces && (b->pieces[0].scope & KB_SCOPE_PROSE ||
						   (b->pieces[0].scope & KB_SCOPE_CODE) ||
						   b->pieces[0].scope == KB_SCOPE_LINK_TEXT)))
			continue;
		size_t nv;
		kb_sentence *v = kb_sentences(b, &nv);
		for (size_t k = 0; k < nv; k++)
			if (!v[k].row) /* a table's cells are not sentences */
				sentence(&e, b, v[k].s, v[k].e);
		free(v);
	}
	flush(&e);
	kb_buf_free(&e.sk);
	kb_buf_free(&e.val);
	kb_buf_free(&e.raw);
	kb_arena_free(&e.strs);
	kb_buf_free(&e.code);
	free(e.cb);
	kb_regex_scratch_free(mine);
	/* front matter facts: facts: {refund-window: 30 days} */
	const kb_ynode *own = kb_ymap_get(a->meta, "facts");
	for (size_t i = 0; own && own->type == KB_Y_MAP && i < own->n; i++) {
		const kb_ynode *k = own->items[2 * i], *v = own->items[2 * i + 1];
		if (k->type != KB_Y_SCALAR || v->type != KB_Y_SCALAR || !v->len)
			continue;
		kb_buf sk = {0}, val = {0};
		kb_buf_printf(&sk, "facts: %s", k->str);
		put_value(&val, v->str, v->len);
		bool canonical = kb_facts_find(cfg->facts, k->str) != NULL;
		const char *value = val.data ? val.data : "";
		if (cc) {
			kb_arena *ar = &cc->l->arena;
			pending x = {kb_arena_strdup(ar, sk.data), kb_arena_strdup(ar, value),
				     kb_arena_strdup(ar, v->str), strlen(value), v->line, v->col,
				     canonical, 0, kb_strmap_hash(sk.data)};
			list_add(cc, &x);
		} else {
			fn(ud, sk.data, value, v->str, v->line, v->col, canonical);
		}
		kb_buf_free(&sk);
		kb_buf_free(&val);
	}
}

void kb_statements_each(const kb_article *a, const kb_config *cfg, kb_stmt_fn fn, void *ud)
{
	each(a, cfg, fn, ud, NULL, false, NULL);
}

enum { SCAN_VALUES = 8 }; /* a group with more values finds them by hash */

/* The value of g equal to value (whose kb_strmap_hash is h), or NULL. */
static kb_stmt_value *find_value(kb_stmt_group *g, const char *value, uint64_t h)
{
	if (g->nvalues > SCAN_VALUES && !g->vindex.n)
		for (size_t i = 0; i < g->nvalues; i++)
			kb_strmap_put(&g->vindex, g->values[i].value, i);
	if (g->vindex.n) {
		size_t i = kb_strmap_get_h(&g->vindex, value, h);
		return i == (size_t)-1 ? NULL : &g->values[i];
	}
	for (size_t i = 0; i < g->nvalues; i++)
		if (strcmp(g->values[i].value, value) == 0)
			return &g->values[i];
	return NULL;
}

/* A new value of g, counted nowhere yet. */
static kb_stmt_value *new_value(kb_statements *s, kb_stmt_group *g, const char *value,
				uint64_t h, const char *raw)
{
	if (!g->values || g->nvalues == g->capvalues) { /* no array yet, or a full one */
		g->capvalues = g->values ? g->capvalues * 2 : 2;
		g->values = xrealloc(g->values, g->capvalues * sizeof *g->values);
	}
	kb_stmt_value *v = &g->values[g->nvalues++];
	memset(v, 0, sizeof *v);
	v->value = kb_arena_strdup(&s->arena, value);
	v->raw = strcmp(raw, value) == 0 ? v->value : kb_arena_strdup(&s->arena, raw);
	if (g->vindex.n)
		kb_strmap_put_h(&g->vindex, v->value, h, g->nvalues - 1);
	return v;
}

/* Adds one statement, stated at (copied when the value keeps the location); it->at's file and
 * owner are already the run's copies (s->names). */
static void add_at(kb_statements *s, const kb_stmt_item *it)
{
	const char *skeleton = it->skeleton, *value = it->value;
	size_t gi = kb_strmap_get_h(&s->index, skeleton, it->hskeleton);
	if (gi == (size_t)-1) {
		if (s->n == s->cap) {
			s->cap = s->cap ? s->cap * 2 : 256;
			s->v = xrealloc(s->v, s->cap * sizeof *s->v);
		}
		gi = s->n++;
		s->v[gi] = (kb_stmt_group){.skeleton = kb_arena_strdup(&s->arena, skeleton)};
		kb_strmap_put_h(&s->index, skeleton, it->hskeleton, gi);
	}
	kb_stmt_group *g = &s->v[gi];
	g->total++;
	g->canonical |= it->canonical;
	if (g->template)
		return;
	kb_stmt_value *v = find_value(g, value, it->hvalue);
	if (!v && g->nvalues == KB_STMT_MAX_VALUES) {
		/* a template: its values are not kept (the arena keeps their strings until the
		 * run ends) */
		g->template = true;
		free_values(g);
		kb_strmap_free(&g->vindex);
		return;
	}
	if (!v)
		v = new_value(s, g, value, it->hvalue, it->raw);
	v->count++;
	if (v->nlocs < KB_STMT_MAX_LOCS) {
		if (v->nlocs == v->caplocs) {
			v->caplocs = v->caplocs ? v->caplocs * 2 : 1;
			v->locs = xrealloc(v->locs, v->caplocs * sizeof *v->locs);
		}
		v->locs[v->nlocs++] = it->at;
	}
}

/* The file and owner of the item added last, and the run's copies of them. */
typedef struct {
	const char *file, *owner, *file_copy, *owner_copy;
} names_memo;

/* it with its file and owner the run's copies (one of each for the whole run); those of the
 * item before when it names the same ones (m, or NULL). */
static kb_stmt_item interned(kb_statements *s, const kb_stmt_item *it, names_memo *m)
{
	kb_stmt_item x = *it;
	if (m && m->file_copy && m->file == it->at.file && m->owner == it->at.owner) {
		x.at.file = m->file_copy;
		x.at.owner = m->owner_copy;
		return x;
	}
	x.at.file = kb_strmap_intern(&s->names, it->at.file);
	x.at.owner = it->at.owner ? kb_strmap_intern(&s->names, it->at.owner) : NULL;
	if (m)
		*m = (names_memo){it->at.file, it->at.owner, x.at.file, x.at.owner};
	return x;
}

/* The location of a statement of a at (line, col), with a's file and owner given. */
static kb_stmt_loc loc_of(const kb_article *a, const char *file, const char *owner, int line,
			  int col)
{
	kb_pos p = kb_linemap_at(&a->file->lines, line, col);
	return (kb_stmt_loc){.file_index = a->file->index, .file = file, .owner = owner,
			     .line = p.line, .col = p.col, .col_byte = p.col_byte,
			     .col_utf16 = p.col_utf16};
}

typedef struct {
	kb_statements *s;
	const kb_article *a;
} add_ctx;

static void add_one(void *ud, const char *skeleton, const char *value, const char *raw, int line,
		    int col, bool canonical)
{
	add_ctx *ac = ud;
	kb_stmt_item it = {skeleton, value, raw, loc_of(ac->a, ac->a->file->path, ac->a->owner, line, col),
			   canonical, kb_strmap_hash(skeleton), kb_strmap_hash(value)};
	kb_stmt_item x = interned(ac->s, &it, NULL);
	add_at(ac->s, &x);
}

void kb_statements_add(kb_statements *s, const kb_article *a, const kb_config *cfg)
{
	add_ctx ac = {s, a};
	each(a, cfg, add_one, &ac, NULL, true, NULL);
}

void kb_stmt_list_collect(kb_stmt_list *l, const kb_article *a, const kb_config *cfg,
			  kb_regex_scratch *x)
{
	collect_ctx cc = {l, a, NULL, NULL};
	each(a, cfg, NULL, NULL, &cc, true, x);
}

void kb_statements_add_item(kb_statements *s, const kb_stmt_item *it)
{
	kb_stmt_item x = interned(s, it, NULL);
	add_at(s, &x);
}

void kb_statements_add_list(kb_statements *s, const kb_stmt_list *l, const char *file)
{
	names_memo m = {0}; /* an article's items name the same file and owner */
	if (l->n && file && strcmp(l->v[0].at.file, file) == 0) {
		const char *owner = l->v[0].at.owner;
		m = (names_memo){l->v[0].at.file, owner, file,
				 owner ? kb_strmap_intern(&s->names, owner) : NULL};
	}
	for (size_t i = 0; i < l->n; i++) {
		kb_stmt_item x = interned(s, &l->v[i], &m);
		add_at(s, &x);
	}
}

void kb_stmt_list_free(kb_stmt_list *l)
{
	kb_arena_free(&l->arena);
	free(l->v);
	memset(l, 0, sizeof *l);
}
