/* ascii.h: ASCII character classes from one 256-entry table, as cmark's cmark_ctype.c does it;
 * any module may include it. Locale independent: bytes 0x80-0xFF are in no class, so the
 * predicates never split a UTF-8 sequence. */
#ifndef KB_ASCII_H
#define KB_ASCII_H

#include <stdbool.h>

enum {
	KB_CT_DIGIT = 1 << 0, /* 0-9 */
	KB_CT_UPPER = 1 << 1, /* A-Z */
	KB_CT_LOWER = 1 << 2, /* a-z */
	KB_CT_HEX = 1 << 3,   /* 0-9 a-f A-F */
	KB_CT_BLANK = 1 << 4, /* space, tab */
	KB_CT_EOL = 1 << 5,   /* LF, CR */
	KB_CT_VF = 1 << 6,    /* VT, FF: the rest of C's isspace */
	KB_CT_PUNCT = 1 << 7, /* C's ispunct in the C locale */
};

extern const unsigned char kb_ctype[256];

static inline bool kb_ct(char c, unsigned m)
{
	return (kb_ctype[(unsigned char)c] & m) != 0;
}

static inline bool kb_isdigit(char c) { return kb_ct(c, KB_CT_DIGIT); }
static inline bool kb_isupper(char c) { return kb_ct(c, KB_CT_UPPER); }
static inline bool kb_islower(char c) { return kb_ct(c, KB_CT_LOWER); }
static inline bool kb_isalpha(char c) { return kb_ct(c, KB_CT_UPPER | KB_CT_LOWER); }
static inline bool kb_isalnum(char c) { return kb_ct(c, KB_CT_DIGIT | KB_CT_UPPER | KB_CT_LOWER); }
static inline bool kb_isxdigit(char c) { return kb_ct(c, KB_CT_HEX); }
static inline bool kb_ispunct(char c) { return kb_ct(c, KB_CT_PUNCT); }
/* space and tab */
static inline bool kb_isblank(char c) { return kb_ct(c, KB_CT_BLANK); }
/* space, tab, LF and CR: the white space of a line of Markdown or YAML */
static inline bool kb_iswhite(char c) { return kb_ct(c, KB_CT_BLANK | KB_CT_EOL); }
/* C's isspace: space, tab, LF, CR, VT and FF */
static inline bool kb_isspace(char c) { return kb_ct(c, KB_CT_BLANK | KB_CT_EOL | KB_CT_VF); }

static inline char kb_tolower(char c) { return kb_isupper(c) ? (char)(c + 32) : c; }
static inline char kb_toupper(char c) { return kb_islower(c) ? (char)(c - 32) : c; }

/* Lower-cases the NUL-terminated s in place, ASCII letters only. */
static inline void kb_strlower(char *s)
{
	for (; *s; s++)
		*s = kb_tolower(*s);
}

/* The value of a hex digit, or -1 when c is none. */
static inline int kb_hexval(char c)
{
	if (!kb_isxdigit(c))
		return -1;
	return kb_isdigit(c) ? c - '0' : kb_isupper(c) ? c - 'A' + 10 : c - 'a' + 10;
}

#endif
