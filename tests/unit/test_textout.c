/* test_textout.c: the sanitizer for printed text (src/util/textout.c): each class of character
 * it replaces, the three modes for tab, CR and LF, and valid text kept byte for byte. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "textout.h"

#define FFFD "\xEF\xBF\xBD"

/* Checks that kb_clean(in, mode) is want, and that the FILE and kb_buf forms agree. */
#define CHECK_CLEAN(in, mode, want)                                                   \
	do {                                                                          \
		char *got_ = kb_clean((in), (mode));                                  \
		CHECK_EQ_STR(got_, (want));                                           \
		free(got_);                                                           \
		char *mem_ = NULL;                                                    \
		size_t memlen_ = 0;                                                   \
		FILE *f_ = open_memstream(&mem_, &memlen_);                           \
		kb_put_clean_mode(f_, (in), (mode));                                  \
		fclose(f_);                                                           \
		CHECK_EQ_STR(mem_, (want));                                           \
		free(mem_);                                                           \
		kb_buf b_ = {0};                                                      \
		kb_buf_put_clean(&b_, (in), strlen(in), (mode));                      \
		char *t_ = kb_buf_take(&b_);                                          \
		CHECK_EQ_STR(t_, (want));                                             \
		free(t_);                                                             \
	} while (0)

static void test_kept(void)
{
	/* ASCII, Latin, CJK, an emoji, right-to-left letters and the marks U+200E, U+200F */
	const char *s = "plain ASCII ~!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}"
			" caf\xC3\xA9 \xC2\xA0 \xC2\xBF \xE6\x97\xA5\xE6\x9C\xAC \xF0\x9F\x98\x80"
			" \xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D \xE2\x80\x8E \xE2\x80\x8F \xE2\x80\xA7"
			" \xE2\x81\xA5 \xE2\x81\xAA \xEF\xBF\xBD";
	CHECK_CLEAN(s, KB_CLEAN_TEXT, s);
	CHECK_CLEAN(s, KB_CLEAN_SPACES, s);
	CHECK_CLEAN(s, KB_CLEAN_LINES, s);
	CHECK_CLEAN("", KB_CLEAN_TEXT, "");
	char *n = kb_clean(NULL, KB_CLEAN_TEXT);
	CHECK_EQ_STR(n, "");
	free(n);
}

static void test_c0_and_del(void)
{
	/* an OSC sequence that would set the terminal's title, and a CSI that clears the screen */
	CHECK_CLEAN("a\x1b]0;owned\x07z", KB_CLEAN_TEXT, "a" FFFD "]0;owned" FFFD "z");
	CHECK_CLEAN("\x1b[2J", KB_CLEAN_SPACES, FFFD "[2J");
	CHECK_CLEAN("\x01\x08\x0b\x0c\x1f\x7f", KB_CLEAN_LINES,
		    FFFD FFFD FFFD FFFD FFFD FFFD);
	CHECK_CLEAN("x\x7f", KB_CLEAN_TEXT, "x" FFFD);
}

static void test_whitespace_modes(void)
{
	const char *s = "a\tb\rc\nd\r\n";
	CHECK_CLEAN(s, KB_CLEAN_TEXT, "a\tb" FFFD "c" FFFD "d" FFFD FFFD);
	CHECK_CLEAN(s, KB_CLEAN_SPACES, "a b c d  ");
	CHECK_CLEAN(s, KB_CLEAN_LINES, s);
}

static void test_c1(void)
{
	/* U+0080, U+009B (CSI), U+009D (OSC), U+009F; U+00A0 after them is kept */
	CHECK_CLEAN("\xC2\x80|\xC2\x9B" "2J|\xC2\x9D|\xC2\x9F|\xC2\xA0", KB_CLEAN_TEXT,
		    FFFD "|" FFFD "2J|" FFFD "|" FFFD "|\xC2\xA0");
}

static void test_bidi(void)
{
	/* U+202A to U+202E, U+2066 to U+2069, U+2028, U+2029; U+2027 and U+202F are kept */
	CHECK_CLEAN("\xE2\x80\xAA\xE2\x80\xAB\xE2\x80\xAC\xE2\x80\xAD\xE2\x80\xAE", KB_CLEAN_TEXT,
		    FFFD FFFD FFFD FFFD FFFD);
	CHECK_CLEAN("\xE2\x81\xA6\xE2\x81\xA7\xE2\x81\xA8\xE2\x81\xA9", KB_CLEAN_SPACES,
		    FFFD FFFD FFFD FFFD);
	CHECK_CLEAN("a\xE2\x80\xA8" "b\xE2\x80\xA9" "c", KB_CLEAN_LINES, "a" FFFD "b" FFFD "c");
	CHECK_CLEAN("\xE2\x80\xA7\xE2\x80\xAF", KB_CLEAN_TEXT, "\xE2\x80\xA7\xE2\x80\xAF");
	/* an owner's name that would reverse the rest of its line */
	CHECK_CLEAN("billing \xE2\x80\xAEmaet", KB_CLEAN_TEXT, "billing " FFFD "maet");
}

static void test_invalid_utf8(void)
{
	/* a lone continuation byte, a cut sequence, an overlong '/', a surrogate, beyond U+10FFFF:
	 * each invalid byte becomes one U+FFFD, and the text after it is read again */
	CHECK_CLEAN("a\x80z", KB_CLEAN_TEXT, "a" FFFD "z");
	CHECK_CLEAN("a\xE6\x97z", KB_CLEAN_TEXT, "a" FFFD FFFD "z");
	CHECK_CLEAN("\xC0\xAF", KB_CLEAN_TEXT, FFFD FFFD);
	CHECK_CLEAN("\xED\xA0\x80", KB_CLEAN_TEXT, FFFD FFFD FFFD);
	CHECK_CLEAN("\xF4\x90\x80\x80", KB_CLEAN_TEXT, FFFD FFFD FFFD FFFD);
	CHECK_CLEAN("\xE6\x97", KB_CLEAN_TEXT, FFFD FFFD); /* cut at the end */
	/* a C1 control's bytes cut apart are invalid, not a C1 control with what follows */
	CHECK_CLEAN("\xC2" "a\x9B", KB_CLEAN_TEXT, FFFD "a" FFFD);
}

static void test_codepoints_and_lines(void)
{
	CHECK(kb_codepoint_hostile(0x00));
	CHECK(kb_codepoint_hostile(0x1B));
	CHECK(kb_codepoint_hostile(0x7F));
	CHECK(kb_codepoint_hostile(0x85));
	CHECK(kb_codepoint_hostile(0x202E));
	CHECK(kb_codepoint_hostile(0x2069));
	CHECK(!kb_codepoint_hostile(' '));
	CHECK(!kb_codepoint_hostile(0xA0));
	CHECK(!kb_codepoint_hostile(0x200F));
	CHECK(!kb_codepoint_hostile(0x2065));
	CHECK(!kb_codepoint_hostile(0x206A));
	CHECK(!kb_codepoint_hostile(0xFFFD));
	/* one diagnostic line: cleaned, then one newline */
	char *mem = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&mem, &len);
	kb_put_clean_line(f, "a.md:1:1: error: x\ny");
	kb_put_clean_line(f, NULL);
	fclose(f);
	CHECK_EQ_STR(mem, "a.md:1:1: error: x" FFFD "y\n\n");
	free(mem);
	/* the kb_buf form reads n bytes: a NUL inside them is a control like the others */
	kb_buf b = {0};
	kb_buf_put_clean(&b, "a\0b", 3, KB_CLEAN_TEXT);
	char *t = kb_buf_take(&b);
	CHECK_EQ_STR(t, "a" FFFD "b");
	free(t);
}

int main(int argc, char **argv)
{
	(void)argc;
	test_kept();
	test_c0_and_del();
	test_whitespace_modes();
	test_c1();
	test_bidi();
	test_invalid_utf8();
	test_codepoints_and_lines();
	return kb_test_report(argv[0]);
}
