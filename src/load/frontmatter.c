/* frontmatter.c: finds the "---" (YAML) or "+++" (TOML) fences at the top of a Markdown file. */
#include "frontmatter.h"

#include <string.h>

/* Length of the line starting at i, without its line end; *next is where the next line starts. */
static size_t line_at(const char *s, size_t len, size_t i, size_t *next)
{
	size_t j = i;
	while (j < len && s[j] != '\n' && s[j] != '\r')
		j++;
	size_t n = j - i;
	if (j < len && s[j] == '\r' && j + 1 < len && s[j + 1] == '\n')
		j++;
	*next = j < len ? j + 1 : j;
	return n;
}

/* A fence line: the three characters, then only spaces or tabs. */
static bool is_fence(const char *s, size_t n, char c)
{
	if (n < 3 || s[0] != c || s[1] != c || s[2] != c)
		return false;
	for (size_t i = 3; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t')
			return false;
	return true;
}

int kb_frontmatter_split(const char *src, size_t len, kb_frontmatter *out)
{
	memset(out, 0, sizeof *out);
	size_t start = 0;
	if (len >= 3 && memcmp(src, "\xEF\xBB\xBF", 3) == 0)
		start = 3;
	out->body_off = start;
	out->body_line = 1;
	size_t next;
	size_t n = line_at(src, len, start, &next);
	/* "---" opens YAML; "+++" opens TOML (Hugo) */
	char c = is_fence(src + start, n, '+') ? '+' : '-';
	if (!is_fence(src + start, n, c) || next == start + n)
		goto unterminated_or_none;
	out->fence = c;
	out->fm_off = next;
	out->fm_line = 2;
	int line = 2;
	for (size_t i = next; i < len; line++) {
		size_t after;
		size_t ln = line_at(src, len, i, &after);
		if (is_fence(src + i, ln, c) || (c == '-' && is_fence(src + i, ln, '.'))) {
			out->present = true;
			out->fm_len = i - out->fm_off;
			out->body_off = after;
			out->body_line = line + 1;
			return 0;
		}
		if (after == i)
			break;
		i = after;
	}
	out->error_line = 1;
	out->fm_off = out->fm_len = 0;
	out->fm_line = 0;
	return -1;
unterminated_or_none:
	if (is_fence(src + start, n, '-') || is_fence(src + start, n, '+')) {
		/* "---" and nothing after it: a fence that never closes */
		out->fence = src[start];
		out->error_line = 1;
		return -1;
	}
	return 0;
}
