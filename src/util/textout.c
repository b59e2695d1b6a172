/* textout.c: the one sanitizer for text printed from articles, paths, configs and rule files
 * (textout.h): nothing in it can move the cursor, set a terminal title (an OSC sequence), forge
 * an output line or reorder the text around it. */
#include "textout.h"

#include <stdlib.h>
#include <string.h>

#define REPLACEMENT "\xEF\xBF\xBD" /* U+FFFD in UTF-8 */

/* Length of the valid UTF-8 character that starts s[0..n) (n > 0), or 0 when there is none. */
static size_t char_len(const unsigned char *s, size_t n)
{
	size_t len = s[0] < 0x80 ? 1 : s[0] >= 0xF0 ? 4 : s[0] >= 0xE0 ? 3 : s[0] >= 0xC0 ? 2 : 0;
	if (len == 0 || len > n)
		return 0;
	return kb_utf8_invalid((const char *)s, len) == len ? len : 0;
}

/* The code point of the valid UTF-8 character s[0..len). */
static unsigned long decode(const unsigned char *s, size_t len)
{
	static const unsigned char lead_mask[] = {0, 0x7F, 0x1F, 0x0F, 0x07};
	unsigned long cp = s[0] & lead_mask[len];
	for (size_t k = 1; k < len; k++)
		cp = (cp << 6) | (s[k] & 0x3F);
	return cp;
}

bool kb_codepoint_hostile(unsigned long cp)
{
	return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || (cp >= 0x2028 && cp <= 0x202E) ||
	       (cp >= 0x2066 && cp <= 0x2069);
}

/* What takes the place of tab, CR or LF c in mode m: c itself, a space, or U+FFFD. */
static const char *whitespace(unsigned char c, kb_clean_mode m)
{
	if (m == KB_CLEAN_LINES || (m == KB_CLEAN_TEXT && c == '\t'))
		return c == '\t' ? "\t" : c == '\r' ? "\r" : "\n";
	return m == KB_CLEAN_SPACES ? " " : REPLACEMENT;
}

/* Calls put(ud, ...) with the cleaned text of s[0..n): runs of bytes kept as they are, and
 * the replacement of each character that is not. */
static void clean(const char *str, size_t n, kb_clean_mode m,
		  void (*put)(void *ud, const char *p, size_t len), void *ud)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t run = 0, i = 0; /* s[run..i) is kept */
	while (i < n) {
		if (s[i] >= 0x20 && s[i] < 0x7F) {
			i++; /* printable ASCII, nearly all of it: kept */
			continue;
		}
		size_t len = char_len(s + i, n - i);
		const char *instead = NULL;
		if (len == 0) {
			instead = REPLACEMENT; /* one byte of invalid UTF-8 */
			len = 1;
		} else if (len == 1 && (s[i] == '\t' || s[i] == '\r' || s[i] == '\n')) {
			instead = whitespace(s[i], m);
			if (instead[0] == (char)s[i])
				instead = NULL;
		} else if (kb_codepoint_hostile(decode(s + i, len))) {
			instead = REPLACEMENT;
		}
		if (instead) {
			if (i > run)
				put(ud, (const char *)s + run, i - run);
			put(ud, instead, strlen(instead));
			run = i + len;
		}
		i += len;
	}
	if (n > run)
		put(ud, (const char *)s + run, n - run);
}

static void put_file(void *ud, const char *p, size_t len)
{
	fwrite(p, 1, len, ud);
}

static void put_buf(void *ud, const char *p, size_t len)
{
	kb_buf_put(ud, p, len);
}

void kb_put_clean_mode(FILE *out, const char *s, kb_clean_mode mode)
{
	if (s)
		clean(s, strlen(s), mode, put_file, out);
}

void kb_put_clean(FILE *out, const char *s)
{
	kb_put_clean_mode(out, s, KB_CLEAN_TEXT);
}

void kb_put_clean_line(FILE *out, const char *s)
{
	kb_put_clean(out, s);
	fputc('\n', out);
}

void kb_buf_put_clean(kb_buf *b, const char *s, size_t n, kb_clean_mode mode)
{
	clean(s, n, mode, put_buf, b);
}

char *kb_clean(const char *s, kb_clean_mode mode)
{
	kb_buf b = {0};
	if (s)
		kb_buf_put_clean(&b, s, strlen(s), mode);
	return kb_buf_take(&b);
}

void kb_put_csv_cell(FILE *out, const char *s, size_t n, bool lines)
{
	fputc('"', out);
	if (n && strchr("=+-@\t\r", *s))
		fputc('\'', out);
	char *raw = xstrndup(s, n);
	if (lines) {
		size_t k = 0;
		for (size_t i = 0; i < n; i++) {
			if (raw[i] == '\r' && i + 1 < n && raw[i + 1] == '\n')
				continue;
			raw[k++] = raw[i] == '\r' ? ' ' : raw[i];
		}
		raw[k] = '\0';
	}
	char *clean = kb_clean(raw, lines ? KB_CLEAN_LINES : KB_CLEAN_TEXT);
	for (const char *p = clean; *p; p++) {
		if (*p == '"')
			fputc('"', out);
		fputc(*p, out);
	}
	free(clean);
	free(raw);
	fputc('"', out);
}
