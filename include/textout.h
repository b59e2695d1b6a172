/* textout.h: text from articles, paths, configs and rule files made safe to print; any module
 * that writes such text where a terminal, an editor or a CI page reads it includes this. */
#ifndef KB_TEXTOUT_H
#define KB_TEXTOUT_H

#include <stdio.h>

#include "util.h"

/* What the sanitizer does with the three whitespace controls, tab, CR and LF. Whatever the mode,
 * every other C0 control (ESC, BEL, NUL is the end), DEL, every C1 control (U+0080 to U+009F),
 * the bidirectional embeddings, overrides and isolates (U+202A to U+202E, U+2066 to U+2069), the
 * line and paragraph separators (U+2028, U+2029) and each byte of invalid UTF-8 become U+FFFD.
 * Everything else, valid multibyte text included, is kept byte for byte. */
typedef enum {
	KB_CLEAN_TEXT,   /* one line of output: tab kept, CR and LF become U+FFFD */
	KB_CLEAN_SPACES, /* a name or title where a line break is only layout: each becomes a space */
	KB_CLEAN_LINES,  /* tab, CR and LF kept, for a caller that escapes them (GitHub's %0D) */
} kb_clean_mode;

/* Whether code point cp is one the sanitizer never lets through as it is: a C0 control (tab, CR
 * and LF too: the mode decides), DEL, a C1 control, a bidi control or U+2028, U+2029. Formats
 * that can escape a character without losing it (JSON's \uXXXX) use this to choose. */
bool kb_codepoint_hostile(unsigned long cp);
/* Writes s (NULL as "") to out, cleaned as mode says. */
void kb_put_clean_mode(FILE *out, const char *s, kb_clean_mode mode);
/* Writes s (NULL as "") to out as one line of output: kb_put_clean_mode with KB_CLEAN_TEXT. */
void kb_put_clean(FILE *out, const char *s);
/* Writes s (NULL as "") as kb_put_clean does, then a newline: one diagnostic line. */
void kb_put_clean_line(FILE *out, const char *s);
/* Appends s[0..n) to b, cleaned as mode says. */
void kb_buf_put_clean(kb_buf *b, const char *s, size_t n, kb_clean_mode mode);
/* s (NULL as "") cleaned as mode says, in a new string the caller frees. */
char *kb_clean(const char *s, kb_clean_mode mode) KB_NONNULL;
/* Writes s[0..n) as one CSV cell: quoted, '"' doubled, cleaned as one line of text; a cell a
 * spreadsheet would read as a formula starts with "'" (OWASP's advice on CSV injection). With
 * multiline, line breaks are kept as "\n" (KB_CLEAN_LINES). */
void kb_csv_cell(FILE *out, const char *s, size_t n, bool multiline);

#endif
