/* linemap.h: byte offset <-> line:column for one source buffer; used by loaders and reports. */
#ifndef KB_LINEMAP_H
#define KB_LINEMAP_H

#include <stddef.h>

/* Line starts of a buffer. Lines end at "\n", "\r\n" or a lone "\r", as in cmark and libyaml.
 * Columns are 1-based and count characters (UTF-8 lead bytes), not bytes; a BOM is not counted. */
typedef struct {
	const char *src;
	size_t len;
	size_t *start; /* start[i] is the byte offset of line i+1 */
	size_t n;      /* number of lines (at least 1) */
} kb_linemap;

void kb_linemap_init(kb_linemap *m, const char *src, size_t len); /* free with kb_linemap_free */
void kb_linemap_free(kb_linemap *m);
/* Line and character column of byte offset off (clamped to the buffer). */
void kb_linemap_pos(const kb_linemap *m, size_t off, int *line, int *col);
/* Byte offset where line (1-based) starts; the buffer's end for lines past the last. */
size_t kb_linemap_line_start(const kb_linemap *m, int line);
/* Byte offset of character column col (1-based) on line; stops at the line's end. */
size_t kb_linemap_offset(const kb_linemap *m, int line, int col);
/* Character column col (1-based) of line counted as editors and protocols count it: in bytes of
 * UTF-8 (Vim's %c) into *byte_col and in UTF-16 code units (VS Code, LSP) into *utf16_col, both
 * 1-based. A tab counts 1 in every unit and a BOM in none; columns past the line's end count one
 * unit per character. */
void kb_linemap_units(const kb_linemap *m, int line, int col, int *byte_col, int *utf16_col);

/* Where a finding is (diag.h): its line and column in characters (Unicode code points), and the
 * same column in UTF-8 bytes (Vim's %c) and UTF-16 code units (VS Code, LSP), for kblint check
 * --column-unit and editors. All 1-based, a tab counts 1; col_byte and col_utf16 are 0 when not
 * known, and the character column then stands for them (kb_results_column_unit). */
typedef struct {
	int line, col;
	int col_byte, col_utf16;
} kb_pos;

/* line:col (characters) with its column in every unit (kb_linemap_units). */
kb_pos kb_linemap_at(const kb_linemap *m, int line, int col);

#endif
