/* sentence.h: splits a block of prose into sentences, one way for every reader: the claim kind
 * (src/rules/claim.c) and the statements pass behind sentence-conflict (src/rules/statements.c)
 * include it. Pure functions of the block, no global state. */
#ifndef KB_SENTENCE_H
#define KB_SENTENCE_H

#include <stdbool.h>
#include <stddef.h>

#include "article.h"

/* One sentence: the bytes [s, e) of its block's text, blanks included. row: the sentence is a
 * line of a table written as text ("| a | b |"), a unit of its own but not prose. */
typedef struct {
	size_t s, e;
	bool row;
} kb_sentence;

/* Splits b into sentences, in order, without gaps: at '.', '!', '?' and an ellipsis followed by a
 * blank (after closing quotes, brackets, emphasis marks and a footnote reference) and then
 * something other than a lower-case word; not after an abbreviation ("e.g.", "i.e.", "vs.",
 * "Mr.", "No. 5", an initial "J."), not inside code; at hard line breaks; before a line that
 * starts a list item ("- ", "1. ", "• "); and at every line of a table. Dots inside a word
 * (versions 1.2.3, decimals 0.5, addresses example.com/a.b) never end one. Returns a heap array
 * the caller frees with free(), and its length in *n (0 for an empty block: the array is still
 * allocated). */
kb_sentence *kb_sentences(const kb_block *b, size_t *n);

/* The index of the sentence of v[0..n) that holds offset off (the last one starting at or before
 * it); 0 when n is 0. */
size_t kb_sentence_of(const kb_sentence *v, size_t n, size_t off);

/* True when the line of b's text starting at offset off is a table row: it starts with '|', or
 * has two '|' or more outside code. */
bool kb_table_row(const kb_block *b, size_t off);

#endif
