/* textout.c: the one sanitizer for text printed from articles, paths, configs and rule files
 * (textout.h): nothing in it can move the cursor, set a terminal title (an OSC sequence), forge
 * an output line or reorder the text around it. */
#include "textout.h"

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

/* Whether the valid character s[0..len) is one kb_clean replaces whatever the mode: a control
 * but tab, CR and LF, DEL, a C1 control, a bidi embedding, override or isolate, U+2028, U+2029. */
static bool hostile(const unsigned char *s, size_t len)
{
	if (len == 1)
		return (s[0] < 0x20 && s[0] != '\t' && s[0] != '\r' && s[0] != '\n') || s[0] == 0x7F;
	if (len == 2)
		return s[0] == 0xC2 && s[1] <= 0x9F; /* U+0080 to U+009F */
	if (len == 3 && s[0] == 0xE2 && s[1] == 0x80)
		return s[2] >= 0xA8 && s[2] <= 0xAE; /* U+2028, U+2029, U+202A to U+202E */
	if (len == 3 && s[0] == 0xE2 && s[1] == 0x81)
		return s[2] >= 0xA6 && s[2] <= 0xA9; /* U+2066 to U+2069 */
	return false;
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
		size_t len = char_len(s + i, n - i);
		const char *instead = NULL;
		if (len == 0) {
			instead = REPLACEMENT; /* one byte of invalid UTF-8 */
			len = 1;
		} else if (len == 1 && (s[i] == '\t' || s[i] == '\r' || s[i] == '\n')) {
			instead = whitespace(s[i], m);
			if (instead[0] == (char)s[i])
				instead = NULL;
		} else if (hostile(s + i, len)) {
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
