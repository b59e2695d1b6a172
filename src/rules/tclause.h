/* tclause.h: internal to src/rules/temporal.c: the grammar around a date or time word in a
 * paragraph: its sentence and clause, the words beside it, and what they say (tense, obligation,
 * a state, the reader's own situation). Texts are slices, never NUL-terminated; nothing here
 * allocates. */
#ifndef KB_TCLAUSE_H
#define KB_TCLAUSE_H

#include <stdbool.h>
#include <stddef.h>

#include "article.h"

/* A word of text: t[a..b). Empty (a == b) when there is none. */
typedef struct {
	size_t a, b;
} tc_word;

/* The sentence around s[at], as the one sentence splitter (sentence.h) splits blk when s is
 * blk's text, else s[0..n) as one piece of prose (an HTML comment's text). blk may be NULL. */
void tc_sentence(const kb_block *blk, const char *s, size_t n, size_t at, size_t *a, size_t *b);
/* The clause around s[at]: the sentence, cut at ';', ':' and at a coordinating or relative
 * joint (", and", ", but", ", so", ", which", ", while", ", although"). */
void tc_clause(const kb_block *blk, const char *s, size_t n, size_t at, size_t *a, size_t *b);

/* The word ending just before s[at] (blanks skipped, but no punctuation), or an empty word. */
tc_word tc_word_before(const char *s, size_t at);
/* The word starting at or after s[at] (blanks skipped, no punctuation), or an empty word. */
tc_word tc_word_after(const char *s, size_t n, size_t at);
/* True when w (of s) is one of list (NULL-terminated, lowercase). */
bool tc_is(const char *s, tc_word w, const char *const *list);
/* True when one of list's phrases (lowercase, whole words) occurs in s[a..b). */
bool tc_has(const char *s, size_t a, size_t b, const char *const *list);
/* The first of list's phrases found in s[a..b) as whole words, its slice in *at and *len;
 * NULL when none is. */
const char *tc_find(const char *s, size_t a, size_t b, const char *const *list, size_t *at);

/* A past participle or simple past: a word in -ed, or an irregular one ("made", "set"). */
bool tc_participle(const char *s, tc_word w);

/* Word classes, NULL-terminated, lowercase. */
extern const char *const tc_modals[];     /* obligation, offer, future: must, should, will... */
extern const char *const tc_past[];       /* past tense auxiliaries: was, were, had, did... */
extern const char *const tc_be[];         /* forms of "be" before a participle or adjective */
extern const char *const tc_time_nouns[]; /* things that have a date: dates, ages, versions... */
extern const char *const tc_determiners[];
extern const char *const tc_conditional[]; /* if, when, whether, unless */
extern const char *const tc_reader[];      /* the reader's own situation: you, your... */

#endif
