/* linemap.c: line table built once per source buffer. */
#include "linemap.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

void kb_linemap_init(kb_linemap *m, const char *src, size_t len)
{
	size_t cap = 64, n = 0;
	size_t *start = xmalloc(cap * sizeof *start);
	start[n++] = 0;
	/* most files end their lines with "\n" alone: memchr finds them, many bytes a step */
	bool cr = len && memchr(src, '\r', len);
	for (size_t i = 0; i < len; i++) {
		if (!cr) {
			const char *nl = memchr(src + i, '\n', len - i);
			if (!nl)
				break;
			i = (size_t)(nl - src);
		} else if (src[i] != '\n' && src[i] != '\r') {
			continue;
		} else if (src[i] == '\r' && i + 1 < len && src[i + 1] == '\n') {
			i++;
		}
		if (n == cap) {
			cap *= 2;
			start = xrealloc(start, cap * sizeof *start);
		}
		start[n++] = i + 1;
	}
	m->src = src;
	m->len = len;
	m->start = start;
	m->n = n;
}

void kb_linemap_free(kb_linemap *m)
{
	free(m->start);
	m->start = NULL;
	m->n = 0;
}

void kb_linemap_pos(const kb_linemap *m, size_t off, int *line, int *col)
{
	if (off > m->len)
		off = m->len;
	size_t lo = 0, hi = m->n; /* last line start <= off */
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (m->start[mid] <= off)
			lo = mid;
		else
			hi = mid;
	}
	size_t s = m->start[lo];
	if (lo == 0 && m->len >= 3 && (unsigned char)m->src[0] == 0xEF &&
	    (unsigned char)m->src[1] == 0xBB && (unsigned char)m->src[2] == 0xBF && off >= 3)
		s = 3;
	int c = 1;
	for (size_t i = s; i < off; i++)
		if (((unsigned char)m->src[i] & 0xC0) != 0x80)
			c++;
	*line = (int)lo + 1;
	*col = c;
}

size_t kb_linemap_line_start(const kb_linemap *m, int line)
{
	if (line < 1)
		return 0;
	if ((size_t)line > m->n)
		return m->len;
	return m->start[line - 1];
}

size_t kb_linemap_offset(const kb_linemap *m, int line, int col)
{
	size_t off = kb_linemap_line_start(m, line);
	if (line == 1 && m->len >= 3 && (unsigned char)m->src[0] == 0xEF &&
	    (unsigned char)m->src[1] == 0xBB && (unsigned char)m->src[2] == 0xBF)
		off = 3;
	for (int c = 1; c < col && off < m->len; c++) {
		if (m->src[off] == '\n' || m->src[off] == '\r')
			break;
		off++;
		while (off < m->len && ((unsigned char)m->src[off] & 0xC0) == 0x80)
			off++;
	}
	return off;
}

void kb_linemap_units(const kb_linemap *m, int line, int col, int *byte_col, int *utf16_col)
{
	if (col < 1)
		col = 1;
	size_t s = kb_linemap_offset(m, line, 1), e = kb_linemap_offset(m, line, col);
	int chars = 0, units = 0;
	for (size_t i = s; i < e; i++) {
		unsigned char b = (unsigned char)m->src[i];
		if ((b & 0xC0) == 0x80)
			continue;
		chars++;
		units += b >= 0xF0 ? 2 : 1; /* beyond the BMP: a surrogate pair */
	}
	int past = col - 1 - chars; /* characters past the line's end */
	*byte_col = (int)(e - s) + past + 1;
	*utf16_col = units + past + 1;
}

kb_pos kb_linemap_at(const kb_linemap *m, int line, int col)
{
	kb_pos p = {.line = line, .col = col};
	kb_linemap_units(m, line, col, &p.col_byte, &p.col_utf16);
	return p;
}
