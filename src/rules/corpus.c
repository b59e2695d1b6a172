/* corpus.c: article summaries for the cross-article passes. */
#include "corpus.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ascii.h"
#include "resolve.h"
#include "util.h"

void kb_corpus_init(kb_corpus *c)
{
	memset(c, 0, sizeof *c);
	c->articles.borrowed = true; /* its keys are the summaries' paths */
}

void kb_corpus_free(kb_corpus *c)
{
	if (c->cache_free)
		c->cache_free(c->cache);
	if (c->resolver_free)
		c->resolver_free(c->resolver);
	kb_arena_free(&c->arena);
	free(c->v);
	free(c->paths);
	free(c->first);
	kb_strmap_free(&c->articles);
	kb_strmap_free(&c->files);
	kb_strmap_free(&c->names);
	kb_statements_free(&c->statements);
	memset(c, 0, sizeof *c);
}

/* Heading slug styles, each as a static site generator writes it. */
enum {
	SLUG_GITHUB,   /* lower case; letters, digits, '-', '_' kept; spaces to '-'; rest dropped */
	SLUG_COLLAPSE, /* Redcarpet/kramdown: every run of other characters is one '-', trimmed */
	SLUG_ESCAPED,  /* the same after HTML escaping, as Middleman's Redcarpet does: "'" is "-39-" */
	SLUG_STYLES
};

/* The code point of the UTF-8 sequence at t[*i] (the text is valid UTF-8: the loader checks),
 * advancing *i to its last byte. */
static unsigned utf8_at(const char *t, size_t n, size_t *i)
{
	unsigned char c = (unsigned char)t[*i];
	size_t len = c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
	unsigned cp = c & (len == 2 ? 0x1F : len == 3 ? 0x0F : 0x07);
	for (size_t k = 1; k < len && *i + 1 < n; k++)
		cp = cp << 6 | ((unsigned char)t[++*i] & 0x3F);
	return cp;
}

/* GitHub drops punctuation and symbols of every script, not only ASCII ones: "What’s new"
 * is "whats-new", "Prices — 2026" is "prices--2026", "🚀 Start" is "-start". The common
 * blocks of them; letters, digits and marks stay. */
static bool github_drops(unsigned cp)
{
	return (cp >= 0xA0 && cp <= 0xBF && cp != 0xAA && cp != 0xB5 && cp != 0xBA) || cp == 0xD7 ||
	       cp == 0xF7 || (cp >= 0x2000 && cp <= 0x206F && cp != 0x203F && cp != 0x2040 &&
			      cp != 0x2054) ||
	       (cp >= 0x20A0 && cp <= 0x20CF) || (cp >= 0x2190 && cp <= 0x2BFF) ||
	       (cp >= 0x3000 && cp <= 0x3004) || (cp >= 0x3008 && cp <= 0x3020) ||
	       (cp >= 0xFF01 && cp <= 0xFF0F) || (cp >= 0x1F000 && cp <= 0x1FAFF);
}

/* GitHub lower-cases every script; these are the capitals of Latin-1, Latin Extended-A, Greek
 * and Cyrillic ("Über uns" is "über-uns"). Others are kept as they are. */
static unsigned github_lower(unsigned cp)
{
	if ((cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) || (cp >= 0x391 && cp <= 0x3AB) ||
	    (cp >= 0x410 && cp <= 0x42F))
		return cp + 0x20;
	if (cp >= 0x400 && cp <= 0x40F)
		return cp + 0x50;
	if (cp == 0x386)
		return 0x3AC;
	if (cp >= 0x388 && cp <= 0x38A)
		return cp + 0x25;
	if (cp == 0x38C)
		return 0x3CC;
	if (cp == 0x38E || cp == 0x38F)
		return cp + 0x3F;
	if (cp == 0x178)
		return 0xFF;
	/* Latin Extended-A pairs a capital with the small letter after it */
	bool even = (cp >= 0x100 && cp <= 0x12F) || (cp >= 0x132 && cp <= 0x137) ||
		    (cp >= 0x14A && cp <= 0x177);
	bool odd = (cp >= 0x139 && cp <= 0x148) || (cp >= 0x179 && cp <= 0x17E);
	return (even && cp % 2 == 0) || (odd && cp % 2 == 1) ? cp + 1 : cp;
}

/* Appends the slug of heading text t[0..n) in the given style. */
static void slug(kb_buf *b, const char *t, size_t n, int style)
{
	bool dash = false, collapse = style != SLUG_GITHUB;
	size_t start = b->len;
	kb_buf esc = {0};
	if (style == SLUG_ESCAPED) {
		for (size_t i = 0; i < n; i++) {
			switch (t[i]) {
			case '\'':
				kb_buf_puts(&esc, "&#39;");
				break;
			case '"':
				kb_buf_puts(&esc, "&quot;");
				break;
			case '&':
				kb_buf_puts(&esc, "&amp;");
				break;
			case '<':
				kb_buf_puts(&esc, "&lt;");
				break;
			case '>':
				kb_buf_puts(&esc, "&gt;");
				break;
			default:
				kb_buf_putc(&esc, t[i]);
			}
		}
		t = esc.data ? esc.data : "";
		n = esc.len;
	}
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)t[i];
		if (c >= 0xC0 && !collapse) {
			unsigned cp = utf8_at(t, n, &i);
			if (!github_drops(cp))
				kb_buf_put_utf8(b, github_lower(cp));
			continue;
		}
		if (c >= 'A' && c <= 'Z')
			c = (unsigned char)(c + 32);
		bool keep = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80 || c == '_' ||
			    (c == '-' && !collapse);
		if (keep) {
			if (collapse && dash && b->len > start)
				kb_buf_putc(b, '-');
			dash = false;
			kb_buf_putc(b, (char)c);
		} else if (!collapse && c == ' ') {
			kb_buf_putc(b, '-');
		} else {
			dash = true;
		}
	}
	kb_buf_free(&esc);
}

/* FNV-1a, 64 bits: two different anchors of one article collide with odds of about n^2/2^65 */
static uint64_t anchor_hash(const char *s)
{
	uint64_t h = 1469598103934665603ULL;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

/* The hashes of an article's anchor names, as they are found (one allocation, not one per
 * name). */
typedef struct {
	uint64_t *v;
	size_t n, cap;
} name_hashes;

static void add_name(name_hashes *h, const char *name)
{
	if (h->n == h->cap) {
		h->cap = h->cap ? 2 * h->cap : 32;
		h->v = xrealloc(h->v, h->cap * sizeof *h->v);
	}
	h->v[h->n++] = anchor_hash(name);
}

static int cmp_hash(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

/* An explicit "{#id}" at the end of a heading's text, as in kramdown and Pandoc. */
static bool explicit_id(const char *t, size_t n, size_t *id_off, size_t *id_len)
{
	while (n && t[n - 1] == ' ')
		n--;
	if (n < 4 || t[n - 1] != '}')
		return false;
	size_t i = n - 1;
	while (i > 0 && t[i - 1] != '{')
		i--;
	if (i == 0 || t[i] != '#' || i + 1 >= n - 1)
		return false;
	*id_off = i + 1;
	*id_len = n - 1 - (i + 1);
	return true;
}

/* Whether the text from t on starts a definition (": ..."), as in Goldmark's, PHP Markdown
 * Extra's and Pandoc's definition lists. */
static bool definition_at(const char *t, size_t n)
{
	return n >= 2 && t[0] == ':' && (t[1] == ' ' || t[1] == '\t');
}

/* Adds the slug of term t[0..n) (GitHub's, numbered "-1", "-2" when seen, as headings are) to
 * names. */
static void add_term(const char *t, size_t n, kb_strmap *seen, kb_arena *keys,
		     name_hashes *names)
{
	kb_buf b = {0};
	slug(&b, t, n, SLUG_GITHUB);
	if (b.len) {
		size_t base = b.len;
		for (size_t d = 1; kb_strmap_get(seen, b.data) != (size_t)-1; d++) {
			b.len = base;
			kb_buf_printf(&b, "-%zu", d);
		}
		kb_strmap_put(seen, kb_arena_strdup(keys, b.data), 0);
		add_name(names, b.data);
	}
	kb_buf_free(&b);
}

/* The definition terms of paragraph i of a: a line followed by a line (in the paragraph, or
 * the next paragraph) starting with ": ". Hugo (autoDefinitionTermID) and other generators give
 * each term an id as they give headings theirs, so a link may name it. */
static void term_ids(const kb_article *a, size_t i, kb_strmap *seen, kb_arena *keys,
		     name_hashes *names)
{
	const kb_block *blk = &a->blocks[i];
	size_t start = 0;
	for (size_t k = 0; k <= blk->npieces; k++) {
		const kb_piece *p = k < blk->npieces ? &blk->pieces[k] : NULL;
		if (p && p->scope != 0)
			continue;
		size_t end = p ? p->off : blk->len, next = p ? p->off + p->len : blk->len;
		const char *after = blk->text + next;
		size_t left = blk->len - next;
		if (!p && i + 1 < a->nblocks && !a->blocks[i + 1].heading) {
			after = a->blocks[i + 1].text; /* "Term", a blank line, ": definition" */
			left = a->blocks[i + 1].len;
		}
		if (end > start && !definition_at(blk->text + start, end - start) &&
		    definition_at(after, left))
			add_term(blk->text + start, end - start, seen, keys, names);
		start = next;
	}
}

/* The content root a site-absolute shortcode path starts from: links.root, else the article's
 * nearest folder named "content", else NULL. Caller frees. */
static char *content_root(const char *abs, const kb_config *cfg)
{
	if (cfg->links_root)
		return xstrdup(cfg->links_root);
	const char *last = NULL;
	for (const char *p = abs; (p = strstr(p, "/content/")); p++)
		last = p;
	return last ? xstrndup(abs, (size_t)(last - abs) + 8) : NULL;
}

/* Hugo sites' include shortcodes ({{% include "/_common/x.md" %}}, {{< include file="x.md" >}}:
 * a shortcode whose name has "include" in it and whose first argument is a path ending in .md):
 * the included file's headings are the page's, so its path is added to s->includes (after any
 * there: docfx [!INCLUDE]). A path starting with '/' is from the content root, else from the
 * article's folder. */
static void shortcode_includes(kb_summary *s, kb_arena *ar, const kb_article *a, const char *abs,
			       const kb_config *cfg)
{
	kb_strv found = {0};
	const char *t = a->body, *end = a->body ? a->body + a->body_len : NULL;
	char *root = NULL;
	bool root_known = false;
	while (t && t < end && (t = strstr(t, "{{")) && t + 3 < end) {
		const char *q = t + 2;
		t += 2;
		if (*q != '%' && *q != '<')
			continue;
		q++;
		while (q < end && (*q == ' ' || *q == '-'))
			q++;
		const char *name = q;
		while (q < end && (kb_isalnum(*q) || *q == '_' || *q == '-' || *q == '/'))
			q++;
		size_t nl = (size_t)(q - name);
		bool inc = false;
		for (size_t i = 0; i + 7 <= nl && !inc; i++)
			inc = strncmp(name + i, "include", 7) == 0;
		if (!inc)
			continue;
		while (q < end && *q == ' ')
			q++;
		size_t look = (size_t)(end - q) < 16 ? (size_t)(end - q) : 16;
		const char *eq = memchr(q, '=', look), *quote = memchr(q, '"', look);
		if (eq && (!quote || eq < quote))
			q = eq + 1; /* file="x.md" */
		if (q >= end || (*q != '"' && *q != '`'))
			continue;
		const char *close = memchr(q + 1, *q, (size_t)(end - q - 1));
		size_t pl = close ? (size_t)(close - q - 1) : 0;
		if (!close || pl < 4 || pl > 1024 || strncmp(close - 3, ".md", 3) != 0)
			continue;
		char *path = xstrndup(q + 1, pl);
		if (!root_known) {
			root = content_root(abs, cfg);
			root_known = true;
		}
		/* from the content root; a relative path from the article's folder first, as
		 * Hugo's GetPage looks a page up */
		const char *slash = strrchr(abs, '/');
		char *dir = xstrndup(abs, slash && slash > abs ? (size_t)(slash - abs) : 1);
		const char *bases[2] = {path[0] == '/' ? NULL : dir, root};
		for (size_t i = 0; i < 2; i++) {
			if (!bases[i])
				continue;
			char *joined = kb_path_join(bases[i], path + (path[0] == '/'));
			char *full = kb_path_absolute(joined);
			kb_strv_push(&found, full);
			free(full);
			free(joined);
		}
		free(dir);
		free(path);
	}
	free(root);
	if (found.n) {
		const char **all = kb_arena_alloc(ar, (s->nincludes + found.n) * sizeof *all);
		for (size_t i = 0; i < s->nincludes; i++)
			all[i] = s->includes[i];
		for (size_t i = 0; i < found.n; i++)
			all[s->nincludes + i] = kb_arena_strdup(ar, found.v[i]);
		s->includes = all;
		s->nincludes += found.n;
	}
	kb_strv_free(&found);
}

/* The first of role's fields that a holds as a non-empty scalar, or NULL. */
static const kb_ynode *role_value(const kb_article *a, const kb_config *cfg, kb_role role)
{
	for (size_t i = 0; a->meta && i < cfg->fields[role].n; i++) {
		const kb_ynode *v = kb_ymap_get(a->meta, cfg->fields[role].v[i]);
		if (!v || kb_yscalar_is_null(v))
			continue;
		if (v->type != KB_Y_SCALAR || v->len)
			return v;
	}
	return NULL;
}

/* The served URL, slug and aliases of a (the url, slug and aliases roles), into s. */
static void served(kb_summary *s, kb_arena *ar, const kb_article *a, const kb_config *cfg)
{
	const kb_ynode *v = role_value(a, cfg, KB_ROLE_URL);
	if (v && v->type == KB_Y_SCALAR)
		s->url = kb_arena_strdup(ar, v->str);
	v = role_value(a, cfg, KB_ROLE_SLUG);
	if (v && v->type == KB_Y_SCALAR)
		s->slug = kb_arena_strdup(ar, v->str);
	v = role_value(a, cfg, KB_ROLE_ALIASES);
	if (!v)
		return;
	size_t n = v->type == KB_Y_SEQ ? v->n : 1;
	s->aliases = kb_arena_alloc(ar, n * sizeof *s->aliases);
	for (size_t i = 0; i < n; i++) {
		const kb_ynode *it = v->type == KB_Y_SEQ ? v->items[i] : v;
		if (it->type == KB_Y_SCALAR && it->len)
			s->aliases[s->naliases++] = kb_arena_strdup(ar, it->str);
	}
}

void kb_summary_make(kb_summary *s, kb_arena *ar, const kb_article *a, const char *abs,
		     const kb_config *cfg)
{
	memset(s, 0, sizeof *s);
	s->file_index = a->file->index;
	s->file = kb_arena_strdup(ar, a->file->path);
	s->path = kb_arena_strdup(ar, abs);
	s->owner = a->owner ? kb_arena_strdup(ar, a->owner) : NULL;
	s->status = a->status ? kb_arena_strdup(ar, a->status) : NULL;
	s->retired = kb_article_retired(a);
	s->page = a->page;
	s->has_due = !a->fragment && kb_article_due(a, cfg, &s->due);
	served(s, ar, a, cfg);

	/* anchors: each heading's slug in every style (a repeat gets "-1", "-2", ... as on
	 * GitHub, or its parent heading's slug in front, as GOV.UK's tech docs do), explicit ids,
	 * and the title's slug (generators render the title as the first heading) */
	name_hashes names = {0};
	kb_strmap seen[SLUG_STYLES] = {{0}};
	kb_arena keys = {0}; /* the slugs seen: one arena, not a copy each */
	for (int style = 0; style < SLUG_STYLES; style++)
		seen[style].borrowed = true;
	kb_buf b = {0};
	char *parents[SLUG_STYLES][7] = {{0}};
	const kb_ynode *title = kb_ymap_get(a->meta, "title");
	size_t nblocks = a->nblocks + (title && title->type == KB_Y_SCALAR);
	for (size_t i = 0; i < nblocks; i++) {
		bool is_title = i == a->nblocks;
		const kb_block *blk = is_title ? NULL : &a->blocks[i];
		const char *text = is_title ? title->str : blk->text;
		size_t tlen = is_title ? title->len : blk->len, off, len;
		int level = is_title ? 1 : blk->heading;
		if (!level) {
			if (!is_title)
				term_ids(a, i, &seen[SLUG_GITHUB], &keys, &names);
			continue;
		}
		if (!is_title && explicit_id(text, tlen, &off, &len)) {
			b.len = 0;
			kb_buf_put(&b, text + off, len);
			add_name(&names, b.data);
			tlen = off - 2; /* the slug is of the text before "{#" */
		}
		for (int style = 0; style < SLUG_STYLES; style++) {
			b.len = 0;
			slug(&b, text, tlen, style);
			if (!b.len && style == SLUG_GITHUB && !is_title)
				kb_buf_puts(&b, "section"); /* Markdig (Microsoft Learn) names these so */
			if (!b.len)
				continue;
			if (kb_strmap_get(&seen[style], b.data) != (size_t)-1) {
				/* a repeat: the parent's slug in front, then numbered */
				for (int up = level - 1; up >= 1; up--) {
					if (!parents[style][up])
						continue;
					kb_buf pre = {0};
					kb_buf_printf(&pre, "%s-%s", parents[style][up], b.data);
					add_name(&names, pre.data);
					kb_buf_free(&pre);
					break;
				}
				size_t base = b.len;
				for (size_t d = 1; kb_strmap_get(&seen[style], b.data) != (size_t)-1; d++) {
					b.len = base;
					kb_buf_printf(&b, "-%zu", d);
				}
			}
			kb_strmap_put(&seen[style], kb_arena_strdup(&keys, b.data), 0);
			if (!is_title && level < 7) {
				free(parents[style][level]);
				parents[style][level] = xstrdup(b.data);
				for (int deeper = level + 1; deeper < 7; deeper++) {
					free(parents[style][deeper]);
					parents[style][deeper] = NULL;
				}
			}
			add_name(&names, b.data);
		}
	}
	for (int style = 0; style < SLUG_STYLES; style++)
		for (int l = 0; l < 7; l++)
			free(parents[style][l]);
	for (size_t i = 0; i < a->nanchors; i++)
		add_name(&names, a->anchors[i]);
	s->anchors = kb_arena_alloc(ar, (names.n ? names.n : 1) * sizeof *s->anchors);
	if (names.n)
		memcpy(s->anchors, names.v, names.n * sizeof *s->anchors);
	s->nanchors = names.n;
	if (s->nanchors) {
		qsort(s->anchors, s->nanchors, sizeof *s->anchors, cmp_hash);
		size_t k = 1;
		for (size_t i = 1; i < s->nanchors; i++)
			if (s->anchors[i] != s->anchors[k - 1])
				s->anchors[k++] = s->anchors[i];
		s->nanchors = k;
	}
	for (int style = 0; style < SLUG_STYLES; style++)
		kb_strmap_free(&seen[style]);
	kb_arena_free(&keys);
	free(names.v);
	kb_buf_free(&b);

	size_t nlocal = 0;
	for (size_t i = 0; i < a->nlinks; i++)
		nlocal += *a->links[i].url && !kb_url_external(a->links[i].url);
	s->links = kb_arena_alloc(ar, (nlocal ? nlocal : 1) * sizeof *s->links);
	for (size_t i = 0; i < a->nlinks; i++) {
		if (!*a->links[i].url || kb_url_external(a->links[i].url))
			continue;
		kb_sum_link *l = &s->links[s->nlinks++];
		l->url = kb_arena_strdup(ar, a->links[i].url);
		kb_sum_link_set_at(l, kb_linemap_at(&a->file->lines, a->links[i].line,
						     a->links[i].col));
		l->image = a->links[i].image;
		l->ref = a->links[i].ref;
	}
	s->includes = kb_arena_alloc(ar, (a->nincludes ? a->nincludes : 1) * sizeof *s->includes);
	const char *slash = strrchr(abs, '/');
	char *dir = xstrndup(abs, slash && slash > abs ? (size_t)(slash - abs) : 1);
	for (size_t i = 0; i < a->nincludes; i++) {
		const char *in = a->includes[i].path;
		if (!*in || kb_url_external(in))
			continue;
		char *joined = kb_path_join(dir, in), *full = kb_path_absolute(joined);
		s->includes[s->nincludes++] = kb_arena_strdup(ar, full);
		free(full);
		free(joined);
	}
	free(dir);
	/* last: it adds to the includes recorded before it */
	shortcode_includes(s, ar, a, abs, cfg);
}

/* A new summary at the end of c's list, not yet counted (append then counts it). */
static kb_summary *next_slot(kb_corpus *c)
{
	if (c->n == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 256;
		c->v = xrealloc(c->v, c->cap * sizeof *c->v);
	}
	return &c->v[c->n];
}

/* Indexes summary i by its path: by the file's number when it is one of the files walked
 * (first), else in articles; the first summary of a file is the one found. */
static void index_summary(kb_corpus *c, size_t i)
{
	const char *path = c->v[i].path;
	size_t k = c->first ? kb_strmap_get(&c->files, path) : (size_t)-1;
	if (k < c->npaths && i < KB_SUM_NONE) {
		if (c->first[k] == KB_SUM_NONE)
			c->first[k] = (uint32_t)i;
	} else {
		kb_strmap_put(&c->articles, path, i);
	}
}

/* Counts the summary next_slot gave, and indexes it. */
static void append(kb_corpus *c)
{
	index_summary(c, c->n);
	c->n++;
}

static const char *copy_str(kb_arena *ar, const char *s)
{
	return s ? kb_arena_strdup(ar, s) : NULL;
}

void kb_corpus_put(kb_corpus *c, const kb_summary *from, const char *file)
{
	kb_summary *s = next_slot(c);
	kb_arena *ar = &c->arena;
	*s = *from;
	s->file = file && strcmp(file, from->file) == 0 ? file : copy_str(ar, from->file);
	s->path = kb_strmap_key(&c->files, from->path);
	if (!s->path)
		s->path = copy_str(ar, from->path);
	s->owner = from->owner ? kb_strmap_intern(&c->names, from->owner) : NULL;
	s->status = from->status ? kb_strmap_intern(&c->names, from->status) : NULL;
	s->url = copy_str(ar, from->url);
	s->slug = copy_str(ar, from->slug);
	/* most articles have no aliases and include nothing: no room is taken for them */
	s->aliases = from->naliases ? kb_arena_alloc(ar, from->naliases * sizeof *s->aliases) : NULL;
	for (size_t i = 0; i < from->naliases; i++)
		s->aliases[i] = copy_str(ar, from->aliases[i]);
	s->anchors = kb_arena_alloc(ar, (from->nanchors ? from->nanchors : 1) * sizeof *s->anchors);
	if (from->nanchors)
		memcpy(s->anchors, from->anchors, from->nanchors * sizeof *s->anchors);
	s->links = kb_arena_alloc(ar, (from->nlinks ? from->nlinks : 1) * sizeof *s->links);
	for (size_t i = 0; i < from->nlinks; i++) {
		s->links[i] = from->links[i];
		/* a packed link's url is often "" (no fragment): it takes no room */
		s->links[i].url = *from->links[i].url ? copy_str(ar, from->links[i].url) : "";
	}
	s->includes = from->nincludes ? kb_arena_alloc(ar, from->nincludes * sizeof *s->includes)
				       : NULL;
	for (size_t i = 0; i < from->nincludes; i++)
		s->includes[i] = copy_str(ar, from->includes[i]);
	append(c);
}

void kb_corpus_number_files(kb_corpus *c)
{
	free(c->paths);
	free(c->first);
	c->first = NULL;
	c->npaths = c->files.n;
	c->paths = xcalloc(c->npaths ? c->npaths : 1, sizeof *c->paths);
	for (size_t i = 0; i < c->files.cap && c->paths; i++) {
		if (!c->files.keys[i])
			continue;
		size_t k = c->files.values[i];
		if (k >= c->npaths || c->paths[k]) {
			free(c->paths); /* not numbered by order: no link is packed */
			c->paths = NULL;
			c->npaths = 0;
		} else {
			c->paths[k] = c->files.keys[i];
		}
	}
	if (c->paths) {
		c->first = xmalloc((c->npaths ? c->npaths : 1) * sizeof *c->first);
		memset(c->first, 0xFF, (c->npaths ? c->npaths : 1) * sizeof *c->first); /* NONE */
	}
	/* the summaries put before, if any, indexed again */
	kb_strmap_free(&c->articles);
	c->articles.borrowed = true;
	for (size_t i = 0; i < c->n; i++)
		index_summary(c, i);
}

/* col's distance to other (a column in another unit), or KB_SUM_UNKNOWN. */
static uint16_t more(int col, int other)
{
	return other == 0 || other < col || other - col >= KB_SUM_UNKNOWN ? KB_SUM_UNKNOWN
									   : (uint16_t)(other - col);
}

void kb_sum_link_set_at(kb_sum_link *l, kb_pos at)
{
	l->line = at.line;
	l->col = at.col;
	l->byte_more = more(at.col, at.col_byte);
	l->utf16_more = more(at.col, at.col_utf16);
}

kb_pos kb_sum_link_at(const kb_sum_link *l)
{
	return (kb_pos){.line = l->line, .col = l->col,
			.col_byte = l->byte_more == KB_SUM_UNKNOWN ? 0 : l->col + l->byte_more,
			.col_utf16 = l->utf16_more == KB_SUM_UNKNOWN ? 0 : l->col + l->utf16_more};
}

/* The length of the folder of absolute path p ("/a/b.md": 2; "/b.md": 0, the root). */
static size_t folder_len(const char *p)
{
	const char *slash = strrchr(p, '/');
	return slash ? (size_t)(slash - p) : 0;
}

/* Appends the path of file t relative to folder d[0..dn) (both absolute and normalized; d
 * without its last '/', empty for the root): "x.md", "../a/x.md". The one way of writing it
 * that packed links are made from and made again with. */
static void relative(kb_buf *b, const char *d, size_t dn, const char *t)
{
	size_t common = 0; /* d[0..common) is t's too, and ends where a folder of both does */
	for (size_t i = 0;; i++) {
		if ((i == dn || d[i] == '/') && t[i] == '/')
			common = i;
		if (i == dn || d[i] != t[i])
			break;
	}
	for (size_t i = common; i < dn; i++)
		if (d[i] == '/')
			kb_buf_puts(b, "../");
	kb_buf_puts(b, t + common + 1);
}

/* Writes into b the file that relative path u[0..n) from folder d[0..dn) names when u is
 * written the way relative() writes one: some "../", then names, none of them "." or ".."
 * or empty. False for any other u, which is never packed. */
static bool target_of(kb_buf *b, const char *d, size_t dn, const char *u, size_t n)
{
	while (n >= 3 && memcmp(u, "../", 3) == 0) {
		if (dn == 0)
			return false;
		while (dn > 0 && d[dn - 1] != '/')
			dn--;
		dn--; /* the '/' before the folder's last name */
		u += 3;
		n -= 3;
	}
	for (size_t i = 0, start = 0; i <= n; i++) {
		if (i < n && u[i] != '/')
			continue;
		size_t len = i - start;
		if (len == 0 || (len == 1 && u[start] == '.') ||
		    (len == 2 && u[start] == '.' && u[start + 1] == '.'))
			return false;
		start = i + 1;
	}
	b->len = 0;
	kb_buf_put(b, d, dn);
	kb_buf_putc(b, '/');
	kb_buf_put(b, u, n);
	return true;
}

void kb_summary_pack_links(kb_summary *s, const kb_corpus *c)
{
	if (!c->paths || c->npaths > KB_SUM_FILES_MAX)
		return;
	size_t dn = folder_len(s->path);
	kb_buf path = {0}, back = {0};
	for (size_t i = 0; i < s->nlinks; i++) {
		kb_sum_link *l = &s->links[i];
		const char *u = l->url;
		size_t plen = kb_link_parts(u, NULL);
		if (l->file || plen == 0 || u[0] == '/' || !target_of(&path, s->path, dn, u, plen))
			continue;
		size_t k = kb_strmap_get(&c->files, path.data); /* c->paths[k] is path */
		if (k >= c->npaths)
			continue;
		back.len = 0;
		relative(&back, s->path, dn, path.data);
		if (back.len == plen && memcmp(back.data, u, plen) == 0) {
			l->file = (uint32_t)(k + 1);
			l->url = u + plen; /* in the same string: kb_corpus_put copies this */
		}
	}
	kb_buf_free(&path);
	kb_buf_free(&back);
}

const char *kb_sum_link_url(const kb_corpus *c, const kb_summary *s, const kb_sum_link *l,
			    kb_buf *b)
{
	if (!l->file)
		return l->url;
	b->len = 0;
	relative(b, s->path, folder_len(s->path), c->paths[l->file - 1]);
	kb_buf_puts(b, l->url);
	return b->data;
}

void kb_corpus_put_shared(kb_corpus *c, const kb_summary *s)
{
	*next_slot(c) = *s;
	append(c);
}

void kb_corpus_add(kb_corpus *c, const kb_article *a, const char *abs, const kb_config *cfg)
{
	kb_summary_make(next_slot(c), &c->arena, a, abs, cfg);
	append(c);
	if (c->want_statements)
		kb_statements_add(&c->statements, a, cfg);
}

const kb_summary *kb_corpus_find(const kb_corpus *c, const char *path)
{
	size_t k = c->first ? kb_strmap_get(&c->files, path) : (size_t)-1;
	if (k < c->npaths && c->first[k] != KB_SUM_NONE)
		return &c->v[c->first[k]];
	size_t i = kb_strmap_get(&c->articles, path);
	return i == (size_t)-1 ? NULL : &c->v[i];
}

bool kb_summary_has_anchor(const kb_summary *s, const char *anchor)
{
	uint64_t h = anchor_hash(anchor);
	return bsearch(&h, s->anchors, s->nanchors, sizeof *s->anchors, cmp_hash) != NULL;
}
