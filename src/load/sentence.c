/* sentence.c: one sentence splitter for every rule that reads sentences (sentence.h). */
#include "sentence.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ascii.h"
#include "util.h"

enum {
	MAX_LIST_NUMBER = 3, /* digits of a list item's number: "12. " starts an item, "2026. " not */
};

/* True when the n bytes at t spell word, ignoring case (word is lower case). */
static bool word_is(const char *t, size_t n, const char *word)
{
	if (strlen(word) != n)
		return false;
	for (size_t k = 0; k < n; k++)
		if ((t[k] | 0x20) != word[k])
			return false;
	return true;
}

/* Abbreviations whose '.' never ends a sentence, and those that do not before a number ("No. 5",
 * "p. 12", "Jan. 6"). "etc." is not one: it mostly ends its sentence ("pears, etc. The"). */
static const char *const abbreviations[] = {
	"e.g", "i.e", "eg", "ie", "vs", "cf", "al", "approx", "esp", "incl", "mr", "ms", "mrs",
	"dr", "prof", "ltd", "inc", "co", "corp", "max", "min", "sec", "resp", "viz", "ca"};
static const char *const before_number[] = {
	"no", "nos", "nr", "p", "pp", "v", "ver", "vol", "fig", "ch", "art", "jan", "feb", "mar",
	"apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"};

/* True when the '.' at t[dot] closes an abbreviation and so does not end a sentence; next is
 * the first byte after the blanks that follow (len when none). */
static bool abbreviation(const char *t, size_t dot, size_t next, size_t len)
{
	size_t s = dot;
	while (s > 0 && (kb_isalpha(t[s - 1]) || t[s - 1] == '.'))
		s--;
	if (s > 0 && (kb_isdigit(t[s - 1]) || t[s - 1] == '_' || t[s - 1] == '-'))
		return false; /* part of a longer word: "x64.", "co-op." */
	size_t n = dot - s;
	for (size_t i = 0; i < sizeof abbreviations / sizeof abbreviations[0]; i++)
		if (word_is(t + s, n, abbreviations[i]))
			return true;
	if (next < len && kb_isdigit(t[next]))
		for (size_t i = 0; i < sizeof before_number / sizeof before_number[0]; i++)
			if (word_is(t + s, n, before_number[i]))
				return true;
	return n == 1 && kb_isupper(t[s]); /* an initial: "J. Smith" */
}

/* Length of a closing quote, bracket or emphasis mark at t[i] (after a sentence's '.'), or 0. */
static size_t closer(const char *t, size_t i, size_t len)
{
	if (i < len && t[i] && strchr(")]\"'*_", t[i]))
		return 1;
	if (i + 2 < len && (unsigned char)t[i] == 0xE2 && (unsigned char)t[i + 1] == 0x80 &&
	    ((unsigned char)t[i + 2] == 0x9D || (unsigned char)t[i + 2] == 0x99))
		return 3;
	return 0;
}

/* Length of the sentence mark at t[k]: '.', '!', '?' (1) or an ellipsis U+2026 (3); else 0. */
static size_t mark(const char *t, size_t k, size_t len)
{
	if (t[k] == '.' || t[k] == '!' || t[k] == '?')
		return 1;
	if (k + 2 < len && (unsigned char)t[k] == 0xE2 && (unsigned char)t[k + 1] == 0x80 &&
	    (unsigned char)t[k + 2] == 0xA6)
		return 3;
	return 0;
}

/* Where the sentence that the mark of length ml at t[k] of block b ends (after closing quotes
 * and marks, and a footnote reference: "days.[^1] Next"), or 0 when the mark does not end one. */
static size_t sentence_end(const kb_block *b, size_t k, size_t ml)
{
	const char *t = b->text;
	size_t len = b->len, j = k + ml, c;
	while ((c = closer(t, j, len)) > 0)
		j += c;
	if (j + 1 < len && t[j] == '[' && t[j + 1] == '^') {
		size_t r = j + 2;
		while (r < len && t[r] != ']' && !kb_iswhite(t[r]))
			r++;
		if (r < len && t[r] == ']')
			j = r + 1;
	} else if (j < len && t[j] == '^' && (kb_block_scopes(b, j, 1) & KB_SCOPE_LINK_TEXT)) {
		while (j < len && !kb_iswhite(t[j])) /* a footnote defined as a URL: a link */
			j++;
	}
	if (j >= len)
		return len;
	if (!kb_iswhite(t[j]))
		return 0; /* "1.2.3", "0.5", "example.com", "Wait...what" */
	size_t n = j;
	while (n < len && kb_iswhite(t[n]))
		n++;
	if (n < len && kb_islower(t[n]))
		return 0; /* "e.g. the" or "3 p.m. today": the sentence goes on */
	if (t[k] == '.' && ml == 1 && abbreviation(t, k, n, len))
		return 0;
	return j;
}

/* True when the line at t[i] (after a line break) starts a list item: "- ", "* ", "+ ", a bullet
 * "• ", or a number of up to three digits and ". " or ") ". */
static bool list_item(const char *t, size_t i, size_t len)
{
	while (i < len && (t[i] == ' ' || t[i] == '\t'))
		i++;
	if (i + 1 < len && strchr("-*+", t[i]) && t[i] && t[i + 1] == ' ')
		return true;
	if (i + 3 < len && (unsigned char)t[i] == 0xE2 && (unsigned char)t[i + 1] == 0x80 &&
	    (unsigned char)t[i + 2] == 0xA2 && t[i + 3] == ' ')
		return true;
	size_t d = i;
	while (d < len && kb_isdigit(t[d]))
		d++;
	return d > i && d - i <= MAX_LIST_NUMBER && d + 1 < len && (t[d] == '.' || t[d] == ')') &&
	       t[d + 1] == ' ';
}

/* True when t[start..dot) is blanks and a number of up to three digits: the '.' at dot numbers
 * a list item ("2. Open the app"). */
static bool list_number(const char *t, size_t start, size_t dot)
{
	while (start < dot && kb_iswhite(t[start]))
		start++;
	if (t[dot] != '.' || start == dot || dot - start > MAX_LIST_NUMBER)
		return false;
	for (size_t i = start; i < dot; i++)
		if (!kb_isdigit(t[i]))
			return false;
	return true;
}

bool kb_table_row(const kb_block *b, size_t off)
{
	const char *t = b->text;
	while (off < b->len && (t[off] == ' ' || t[off] == '\t'))
		off++;
	if (off < b->len && t[off] == '|')
		return true;
	size_t bars = 0;
	for (size_t i = off; i < b->len && t[i] != '\n'; i++)
		if (t[i] == '|' && !(kb_block_scopes(b, i, 1) & KB_SCOPE_CODE))
			bars++;
	return bars >= 2;
}

typedef struct {
	kb_sentence *v;
	size_t n, cap;
	bool table;
} splitter;

/* Where the bytes that may start a sentence mark ('.', '!', '?', and 0xE2, the ellipsis's
 * first) next stand in t[..pe), each found with memchr: reading a block byte by byte for them
 * was most of kb_sentences. */
static const char mark_bytes[4] = {'.', '!', '?', (char)0xE2};
typedef struct {
	const char *t;
	size_t pe;
	size_t at[4]; /* the next of each at or after the last k asked for; SIZE_MAX: not looked */
} marks;

/* The first offset at or after k (k < m->pe) that holds one of mark_bytes, or m->pe. */
static size_t next_mark(marks *m, size_t k)
{
	size_t best = m->pe;
	for (int c = 0; c < 4; c++) {
		if (m->at[c] == SIZE_MAX || m->at[c] < k) {
			const char *h = memchr(m->t + k, mark_bytes[c], m->pe - k);
			m->at[c] = h ? (size_t)(h - m->t) : m->pe;
		}
		if (m->at[c] < best)
			best = m->at[c];
	}
	return best;
}

/* Appends the sentence [s, e) when it is not empty. */
static void push(splitter *sp, size_t s, size_t e)
{
	if (e <= s)
		return;
	if (sp->n == sp->cap)
		sp->v = xrealloc(sp->v, (sp->cap *= 2) * sizeof *sp->v);
	sp->v[sp->n++] = (kb_sentence){s, e, sp->table};
}

kb_sentence *kb_sentences(const kb_block *b, size_t *n)
{
	splitter sp = {xmalloc(8 * sizeof(kb_sentence)), 0, 8, false};
	const char *t = b->text;
	size_t start = 0;
	sp.table = b->len > 0 && kb_table_row(b, 0);
	for (size_t i = 0; i < b->npieces; i++) {
		const kb_piece *p = &b->pieces[i];
		size_t pe = p->off + p->len;
		if (p->scope == 0) {
			/* a line break: hard ones end a sentence, soft ones in a table or before a
			 * list item */
			if (t[p->off] == '\n' || sp.table || list_item(t, pe, b->len)) {
				push(&sp, start, p->off);
				start = pe;
			}
			continue;
		}
		if ((p->scope & KB_SCOPE_CODE) || sp.table)
			continue; /* a table's lines are its units */
		marks mk = {t, pe, {SIZE_MAX, SIZE_MAX, SIZE_MAX, SIZE_MAX}};
		for (size_t k = p->off; k < pe && (k = next_mark(&mk, k)) < pe; k++) {
			size_t ml = mark(t, k, b->len), end;
			if (!ml || list_number(t, start, k) || (end = sentence_end(b, k, ml)) == 0)
				continue;
			push(&sp, start, end);
			start = end;
			k = end - 1 < pe ? end - 1 : pe - 1;
		}
	}
	push(&sp, start, b->len);
	*n = sp.n;
	return sp.v;
}

size_t kb_sentence_of(const kb_sentence *v, size_t n, size_t off)
{
	size_t lo = 0, hi = n;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (v[mid].s <= off)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}
