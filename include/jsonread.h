/* jsonread.h: for the readers of kblint's JSON data files (audit/state.c, cli/baseline.c): a
 * buffer parsed by jansson, with a syntax error at a line and column in kblint's words. */
#ifndef KB_JSONREAD_H
#define KB_JSONREAD_H

#include <jansson.h>
#include <stddef.h>

/* Where and why a buffer is not JSON: line and column 1-based, columns counted in characters. */
typedef struct {
	int line, col;
	char why[200];
} kb_json_syntax;

/* Parses s[0..n) as one JSON value of any type with jansson; an object may not repeat a key.
 * Returns the value (the caller frees it with json_decref), or NULL with *e set when s holds
 * only whitespace ("the file is empty"), invalid UTF-8, a syntax error (jansson's position;
 * "the file ends too early" at the end), or text after the value (`after` is the reason, e.g.
 * "text after the end of the baseline"). Values keep no position: a reader that rejects a value
 * names it by its path (findings[3].fingerprint) instead. */
json_t *kb_json_parse(const char *s, size_t n, const char *after, kb_json_syntax *e);

#endif
