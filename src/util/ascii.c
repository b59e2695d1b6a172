/* ascii.c: the table behind ascii.h. */
#include "ascii.h"

enum {
	D = KB_CT_DIGIT,
	U = KB_CT_UPPER,
	L = KB_CT_LOWER,
	H = KB_CT_HEX,
	B = KB_CT_BLANK,
	E = KB_CT_EOL,
	V = KB_CT_VF,
	P = KB_CT_PUNCT,
};

/* One row a line of eight bytes, from 0x00. */
const unsigned char kb_ctype[256] = {
	0, 0, 0, 0, 0, 0, 0, 0,
	0, B, E, V, V, E, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0,
	B, P, P, P, P, P, P, P,
	P, P, P, P, P, P, P, P,
	D|H, D|H, D|H, D|H, D|H, D|H, D|H, D|H,
	D|H, D|H, P, P, P, P, P, P,
	P, U|H, U|H, U|H, U|H, U|H, U|H, U,
	U, U, U, U, U, U, U, U,
	U, U, U, U, U, U, U, U,
	U, U, U, P, P, P, P, P,
	P, L|H, L|H, L|H, L|H, L|H, L|H, L,
	L, L, L, L, L, L, L, L,
	L, L, L, L, L, L, L, L,
	L, L, L, P, P, P, P, 0,
	/* 0x80 to 0xFF: in no class (the rest of the array is zero) */
};
