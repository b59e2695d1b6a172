/* test_text.c: line maps and their columns in other units (src/util/linemap.c), UTF-8 validation (src/util/util.c) and the
 * positioned YAML tree (src/util/yamltree.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "linemap.h"
#include "util.h"
#include "yamltree.h"

/* Checks that offset off of m is at line:col. */
#define CHECK_POS(m, off, l, c)                                               \
	do {                                                                  \
		int line_ = -1, col_ = -1;                                    \
		kb_linemap_pos((m), (off), &line_, &col_);                    \
		if (!CHECK_EQ_INT(line_, (l)) || !CHECK_EQ_INT(col_, (c)))      \
			fprintf(stderr, "    (at offset %zu)\n", (size_t)(off)); \
	} while (0)

static void test_linemap_lf(void)
{
	const char *s = "ab\ncd\n\nef";
	kb_linemap m;
	kb_linemap_init(&m, s, strlen(s));
	CHECK_EQ_INT(m.n, 4);
	CHECK_POS(&m, 0, 1, 1);
	CHECK_POS(&m, 1, 1, 2);
	CHECK_POS(&m, 2, 1, 3); /* the '\n' itself */
	CHECK_POS(&m, 3, 2, 1);
	CHECK_POS(&m, 6, 3, 1);
	CHECK_POS(&m, 7, 4, 1);
	CHECK_POS(&m, 9, 4, 3);  /* the end */
	CHECK_POS(&m, 99, 4, 3); /* clamped */
	CHECK_EQ_INT(kb_linemap_line_start(&m, 1), 0);
	CHECK_EQ_INT(kb_linemap_line_start(&m, 2), 3);
	CHECK_EQ_INT(kb_linemap_line_start(&m, 4), 7);
	CHECK_EQ_INT(kb_linemap_line_start(&m, 5), 9);
	CHECK_EQ_INT(kb_linemap_line_start(&m, 0), 0);
	CHECK_EQ_INT(kb_linemap_offset(&m, 2, 1), 3);
	CHECK_EQ_INT(kb_linemap_offset(&m, 2, 2), 4);
	CHECK_EQ_INT(kb_linemap_offset(&m, 2, 3), 5);
	CHECK_EQ_INT(kb_linemap_offset(&m, 2, 9), 5); /* stops at the line's end */
	CHECK_EQ_INT(kb_linemap_offset(&m, 3, 5), 6);
	CHECK_EQ_INT(kb_linemap_offset(&m, 4, 9), 9);
	CHECK_EQ_INT(kb_linemap_offset(&m, 7, 1), 9);
	kb_linemap_free(&m);

	/* a trailing line end starts an empty last line */
	kb_linemap_init(&m, "a\n", 2);
	CHECK_EQ_INT(m.n, 2);
	CHECK_POS(&m, 2, 2, 1);
	kb_linemap_free(&m);

	kb_linemap_init(&m, "", 0);
	CHECK_EQ_INT(m.n, 1);
	CHECK_POS(&m, 0, 1, 1);
	CHECK_EQ_INT(kb_linemap_offset(&m, 1, 5), 0);
	kb_linemap_free(&m);
}

static void test_linemap_cr(void)
{
	const char *s = "ab\r\ncd\rx\n\r\ne";
	kb_linemap m;
	kb_linemap_init(&m, s, strlen(s));
	CHECK_EQ_INT(m.n, 5);
	CHECK_POS(&m, 2, 1, 3); /* '\r' of "\r\n" */
	CHECK_POS(&m, 3, 1, 4); /* its '\n' */
	CHECK_POS(&m, 4, 2, 1);
	CHECK_POS(&m, 6, 2, 3); /* lone '\r' */
	CHECK_POS(&m, 7, 3, 1);
	CHECK_POS(&m, 9, 4, 1);
	CHECK_POS(&m, 11, 5, 1);
	CHECK_EQ_INT(kb_linemap_line_start(&m, 2), 4);
	CHECK_EQ_INT(kb_linemap_line_start(&m, 3), 7);
	CHECK_EQ_INT(kb_linemap_line_start(&m, 4), 9);
	CHECK_EQ_INT(kb_linemap_line_start(&m, 5), 11);
	CHECK_EQ_INT(kb_linemap_offset(&m, 1, 10), 2); /* stops at '\r' */
	CHECK_EQ_INT(kb_linemap_offset(&m, 2, 10), 6);
	kb_linemap_free(&m);

	kb_linemap_init(&m, "\r\r", 2);
	CHECK_EQ_INT(m.n, 3);
	kb_linemap_free(&m);
	/* "\r" as the last byte */
	kb_linemap_init(&m, "a\r", 2);
	CHECK_EQ_INT(m.n, 2);
	CHECK_POS(&m, 2, 2, 1);
	kb_linemap_free(&m);
}

static void test_linemap_utf8(void)
{
	/* BOM, then "é" (2 bytes), "€" (3 bytes), "😀" (4 bytes) */
	const char *s = "\xEF\xBB\xBFh\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80x\n\xC3\xA9y";
	kb_linemap m;
	kb_linemap_init(&m, s, strlen(s));
	CHECK_EQ_INT(m.n, 2);
	CHECK_POS(&m, 0, 1, 1);
	CHECK_POS(&m, 3, 1, 1);  /* the BOM is not counted */
	CHECK_POS(&m, 4, 1, 2);  /* é */
	CHECK_POS(&m, 6, 1, 3);  /* € */
	CHECK_POS(&m, 9, 1, 4);  /* 😀 */
	CHECK_POS(&m, 13, 1, 5); /* x */
	CHECK_POS(&m, 14, 1, 6); /* '\n' */
	CHECK_POS(&m, 15, 2, 1);
	CHECK_POS(&m, 17, 2, 2); /* y after é */
	CHECK_EQ_INT(kb_linemap_offset(&m, 1, 1), 3);
	CHECK_EQ_INT(kb_linemap_offset(&m, 1, 2), 4);
	CHECK_EQ_INT(kb_linemap_offset(&m, 1, 3), 6);
	CHECK_EQ_INT(kb_linemap_offset(&m, 1, 4), 9);
	CHECK_EQ_INT(kb_linemap_offset(&m, 1, 5), 13);
	CHECK_EQ_INT(kb_linemap_offset(&m, 1, 6), 14);
	CHECK_EQ_INT(kb_linemap_offset(&m, 2, 2), 17);
	/* offset and pos agree at every character start */
	for (int line = 1; line <= 2; line++)
		for (int col = 1; col <= 6; col++) {
			size_t off = kb_linemap_offset(&m, line, col);
			int l, c;
			kb_linemap_pos(&m, off, &l, &c);
			if (off < m.len && s[off] != '\n' && (l != line || c != col))
				kb_test_fail(__FILE__, __LINE__, "%d:%d -> %zu -> %d:%d", line, col,
					     off, l, c);
		}
	kb_linemap_free(&m);

	/* a BOM counts only at the very start */
	const char *t = "a\n\xEF\xBB\xBF" "b";
	kb_linemap_init(&m, t, strlen(t));
	CHECK_POS(&m, 5, 2, 2); /* U+FEFF elsewhere is a character */
	kb_linemap_free(&m);
}

static size_t inval(const char *s, size_t n)
{
	return kb_utf8_invalid(s, n);
}

static void test_utf8(void)
{
	CHECK_EQ_INT(inval("", 0), 0);
	CHECK_EQ_INT(inval("plain ASCII\n\t", 13), 13);
	CHECK_EQ_INT(inval("a\0b", 3), 3); /* NUL is valid UTF-8 */
	CHECK_EQ_INT(inval("\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80", 9), 9);
	CHECK_EQ_INT(inval("\xC2\x80", 2), 2);             /* U+0080 */
	CHECK_EQ_INT(inval("\xDF\xBF", 2), 2);             /* U+07FF */
	CHECK_EQ_INT(inval("\xE0\xA0\x80", 3), 3);         /* U+0800 */
	CHECK_EQ_INT(inval("\xED\x9F\xBF", 3), 3);         /* U+D7FF */
	CHECK_EQ_INT(inval("\xEE\x80\x80", 3), 3);         /* U+E000 */
	CHECK_EQ_INT(inval("\xEF\xBB\xBF", 3), 3);         /* BOM */
	CHECK_EQ_INT(inval("\xEF\xBF\xBF", 3), 3);         /* U+FFFF */
	CHECK_EQ_INT(inval("\xF0\x90\x80\x80", 4), 4);     /* U+10000 */
	CHECK_EQ_INT(inval("\xF4\x8F\xBF\xBF", 4), 4);     /* U+10FFFF */

	/* truncated sequences */
	CHECK_EQ_INT(inval("ab\xC3", 3), 2);
	CHECK_EQ_INT(inval("ab\xE2\x82", 4), 2);
	CHECK_EQ_INT(inval("ab\xF0\x9F\x98", 5), 2);
	CHECK_EQ_INT(inval("\xC3\xA9", 1), 0); /* only s[0..n) counts */
	CHECK_EQ_INT(inval("ab\xC3x", 4), 2);
	CHECK_EQ_INT(inval("\xE2\x82x", 3), 0);
	CHECK_EQ_INT(inval("\xF0\x9F\x98x", 4), 0);
	/* stray continuation bytes */
	CHECK_EQ_INT(inval("a\x80", 2), 1);
	CHECK_EQ_INT(inval("\xBF", 1), 0);
	CHECK_EQ_INT(inval("\xC3\xA9\xA9", 3), 2);
	/* overlongs */
	CHECK_EQ_INT(inval("x\xC0\x80", 3), 1);
	CHECK_EQ_INT(inval("\xC1\xBF", 2), 0);
	CHECK_EQ_INT(inval("\xE0\x80\x80", 3), 0);
	CHECK_EQ_INT(inval("\xE0\x9F\xBF", 3), 0);
	CHECK_EQ_INT(inval("\xF0\x80\x80\x80", 4), 0);
	CHECK_EQ_INT(inval("\xF0\x8F\xBF\xBF", 4), 0);
	/* surrogates */
	CHECK_EQ_INT(inval("ok\xED\xA0\x80", 5), 2);
	CHECK_EQ_INT(inval("\xED\xBF\xBF", 3), 0);
	/* above U+10FFFF, and bytes that never occur */
	CHECK_EQ_INT(inval("\xF4\x90\x80\x80", 4), 0);
	CHECK_EQ_INT(inval("\xF5\x80\x80\x80", 4), 0);
	CHECK_EQ_INT(inval("\xF8\x88\x80\x80\x80", 5), 0);
	CHECK_EQ_INT(inval("\xFE", 1), 0);
	CHECK_EQ_INT(inval("\xFF", 1), 0);
}

/* ---- YAML ---- */

static kb_arena arena;
static kb_ynode *root;
static kb_yerror yerr;

static int parse(const char *s, int line_base)
{
	kb_arena_free(&arena);
	root = (kb_ynode *)1;
	return kb_yaml_parse(s, strlen(s), line_base, &arena, &root, &yerr);
}

#define CHECK_NODE(n, l, c)                                    \
	do {                                                   \
		const kb_ynode *n_ = (n);                      \
		if (CHECK(n_ != NULL)) {                       \
			CHECK_EQ_INT(n_->line, (l));           \
			CHECK_EQ_INT(n_->col, (c));            \
		}                                              \
	} while (0)

static void test_yaml_positions(void)
{
	const char *doc = "title: Reset your password\n"
			  "owner:  ann\n"
			  "tags:\n"
			  "  - a\n"
			  "  - \"b c\"\n"
			  "nested:\n"
			  "  k: |\n"
			  "    line 1\n"
			  "    line 2\n"
			  "  f: >\n"
			  "    folded\n"
			  "  é: 'quoted'\n"
			  "empty:\n";
	CHECK_EQ_INT(parse(doc, 0), 0);
	if (!CHECK(root && root->type == KB_Y_MAP))
		return;
	CHECK_EQ_INT(root->n, 5);
	CHECK_NODE(root, 1, 1);
	CHECK_NODE(kb_ymap_key_node(root, "title"), 1, 1);
	const kb_ynode *v = kb_ymap_get(root, "title");
	CHECK_NODE(v, 1, 8);
	CHECK_EQ_STR(v->str, "Reset your password");
	CHECK_EQ_INT(v->len, 19);
	CHECK_EQ_INT(v->style, KB_YS_PLAIN);
	CHECK_EQ_INT(v->end_line, 1);
	CHECK_EQ_INT(v->end_col, 27);
	CHECK_NODE(kb_ymap_key_node(root, "owner"), 2, 1);
	CHECK_NODE(kb_ymap_get(root, "owner"), 2, 9);

	const kb_ynode *tags = kb_ymap_get(root, "tags");
	if (CHECK(tags && tags->type == KB_Y_SEQ) && CHECK_EQ_INT(tags->n, 2)) {
		CHECK_NODE(tags, 4, 3);
		CHECK_NODE(tags->items[0], 4, 5);
		CHECK_EQ_STR(tags->items[0]->str, "a");
		CHECK_NODE(tags->items[1], 5, 5);
		CHECK_EQ_STR(tags->items[1]->str, "b c");
		CHECK_EQ_INT(tags->items[1]->style, KB_YS_QUOTED);
	}
	const kb_ynode *nested = kb_ymap_get(root, "nested");
	if (CHECK(nested && nested->type == KB_Y_MAP) && CHECK_EQ_INT(nested->n, 3)) {
		CHECK_NODE(nested, 7, 3);
		const kb_ynode *k = kb_ymap_get(nested, "k");
		CHECK_NODE(k, 7, 6);
		CHECK_EQ_STR(k->str, "line 1\nline 2\n");
		CHECK_EQ_INT(k->style, KB_YS_LITERAL);
		CHECK_EQ_INT(kb_ymap_get(nested, "f")->style, KB_YS_FOLDED);
		CHECK_EQ_STR(kb_ymap_get(nested, "f")->str, "folded\n");
		/* columns count characters: "é" is one */
		CHECK_NODE(kb_ymap_get(nested, "\xC3\xA9"), 12, 6);
		CHECK_EQ_INT(kb_ymap_get(nested, "\xC3\xA9")->style, KB_YS_QUOTED);
	}
	const kb_ynode *empty = kb_ymap_get(root, "empty");
	CHECK(empty != NULL && kb_yscalar_is_null(empty));
	CHECK(kb_ymap_get(root, "missing") == NULL);
	CHECK(kb_ymap_get(root, "Title") == NULL); /* exact compare */
	CHECK(kb_ymap_get(tags, "a") == NULL);       /* not a mapping */
	CHECK(kb_ymap_get(NULL, "a") == NULL);
	CHECK(kb_ymap_duplicate(root) == NULL);

	/* line_base shifts lines only; front matter text starts on file line 2 */
	CHECK_EQ_INT(parse("a: 1\nb:\n  - x\n", 1), 0);
	if (CHECK(root && root->type == KB_Y_MAP)) {
		CHECK_NODE(kb_ymap_key_node(root, "a"), 2, 1);
		CHECK_NODE(kb_ymap_get(root, "a"), 2, 4);
		CHECK_NODE(kb_ymap_key_node(root, "b"), 3, 1);
		const kb_ynode *b = kb_ymap_get(root, "b");
		if (CHECK(b && b->type == KB_Y_SEQ && b->n == 1))
			CHECK_NODE(b->items[0], 4, 5);
	}
	/* errors carry line_base too */
	CHECK_EQ_INT(parse("a: 1\nb: [\n", 10), -1);
	CHECK_EQ_INT(yerr.line, 13);
	CHECK_EQ_INT(yerr.col, 1);
	CHECK_EQ_STR(yerr.message, "did not find expected node content while parsing a flow node "
				   "started at line 13, column 1");

	/* CRLF and flow style */
	CHECK_EQ_INT(parse("a: 1\r\nb: {x: 1, y: [2, 3]}\r\n", 0), 0);
	const kb_ynode *b = kb_ymap_get(root, "b");
	if (CHECK(b && b->type == KB_Y_MAP && b->n == 2)) {
		CHECK_NODE(b, 2, 4);
		CHECK_NODE(kb_ymap_get(b, "y"), 2, 14);
		CHECK_EQ_INT(b->end_line, 2);
		CHECK_EQ_INT(b->end_col, 21);
	}
}

static void test_yaml_empty_and_errors(void)
{
	CHECK_EQ_INT(parse("", 0), 0);
	CHECK(root == NULL);
	CHECK_EQ_INT(parse("# only a comment\n", 0), 0);
	CHECK(root == NULL);
	CHECK_EQ_INT(parse("~", 0), 0);
	CHECK(root && root->type == KB_Y_SCALAR && kb_yscalar_is_null(root));
	CHECK_EQ_INT(parse("'~'", 0), 0);
	CHECK(root && !kb_yscalar_is_null(root)); /* quoted: a string */
	CHECK_EQ_INT(parse("[1, 2]", 0), 0);
	CHECK(root && root->type == KB_Y_SEQ && root->n == 2);
	CHECK_EQ_STR(kb_ynode_type_name(root), "a list");
	CHECK_EQ_STR(kb_ynode_type_name(root->items[0]), "a scalar");
	CHECK_EQ_STR(kb_ynode_type_name(NULL), "nothing");

	CHECK_EQ_INT(parse("a: 1\n---\nb: 2\n", 0), -1);
	CHECK_EQ_INT(yerr.line, 2);
	CHECK_EQ_STR(yerr.message, "more than one YAML document (a second '---')");

	CHECK_EQ_INT(parse("a: b: c\n", 4), -1);
	CHECK_EQ_INT(yerr.line, 5);
	CHECK_EQ_INT(yerr.col, 5);
	CHECK_EQ_STR(yerr.message, "mapping values are not allowed in this context");

	CHECK_EQ_INT(parse("a: *nope\n", 0), -1);
	CHECK_EQ_INT(yerr.line, 1);
	CHECK_EQ_INT(yerr.col, 4);
	CHECK_EQ_STR(yerr.message, "unknown YAML alias '*nope'");
}

static void test_yaml_aliases(void)
{
	CHECK_EQ_INT(parse("base: &b {x: 1}\none: *b\ntwo: *b\ns: &s text\nt: *s\n", 0), 0);
	if (CHECK(root && root->type == KB_Y_MAP && root->n == 5)) {
		const kb_ynode *base = kb_ymap_get(root, "base");
		/* an alias is the node it names, shared */
		CHECK(kb_ymap_get(root, "one") == base);
		CHECK(kb_ymap_get(root, "two") == base);
		CHECK(kb_ymap_get(root, "t") == kb_ymap_get(root, "s"));
		CHECK_EQ_STR(kb_ymap_get(root, "t")->str, "text");
	}
	/* a redefined anchor: the latest definition wins */
	CHECK_EQ_INT(parse("- &a one\n- &a two\n- *a\n", 0), 0);
	if (CHECK(root && root->type == KB_Y_SEQ && root->n == 3))
		CHECK_EQ_STR(root->items[2]->str, "two");

	/* an alias inside the node it names */
	CHECK_EQ_INT(parse("a: &x\n  b: *x\n", 0), -1);
	CHECK_EQ_INT(yerr.line, 2);
	CHECK_EQ_INT(yerr.col, 6);
	CHECK_EQ_STR(yerr.message, "YAML alias '*x' refers to a node that contains it");
	CHECK_EQ_INT(parse("&x [1, [2, *x]]", 0), -1);
	CHECK_EQ_STR(yerr.message, "YAML alias '*x' refers to a node that contains it");

	/* KB_YAML_MAX_ALIASES aliases are fine, one more is refused */
	kb_buf b = {0};
	kb_buf_puts(&b, "- &a x\n");
	for (int i = 0; i < KB_YAML_MAX_ALIASES; i++)
		kb_buf_puts(&b, "- *a\n");
	CHECK_EQ_INT(parse(b.data, 0), 0);
	CHECK(root && root->n == KB_YAML_MAX_ALIASES + 1);
	kb_buf_puts(&b, "- *a\n");
	CHECK_EQ_INT(parse(b.data, 0), -1);
	CHECK_EQ_INT(yerr.line, KB_YAML_MAX_ALIASES + 2);
	CHECK_EQ_INT(yerr.col, 3);
	char want[128];
	snprintf(want, sizeof want, "too many YAML aliases (more than %d)", KB_YAML_MAX_ALIASES);
	CHECK_EQ_STR(yerr.message, want);
	kb_buf_free(&b);

	/* a billion laughs costs no memory: aliases are shared */
	const char *laughs = "a: &a [x, x, x, x, x, x, x, x, x]\n"
			     "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
			     "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
			     "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
			     "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\n";
	CHECK_EQ_INT(parse(laughs, 0), 0);
	const kb_ynode *e = kb_ymap_get(root, "e");
	CHECK(e && e->n == 9 && e->items[0] == kb_ymap_get(root, "d"));
}

static void test_yaml_depth(void)
{
	kb_buf b = {0};
	for (int i = 0; i < KB_YAML_MAX_DEPTH; i++)
		kb_buf_putc(&b, '[');
	for (int i = 0; i < KB_YAML_MAX_DEPTH; i++)
		kb_buf_putc(&b, ']');
	CHECK_EQ_INT(parse(b.data, 0), 0);
	const kb_ynode *n = root;
	int depth = 0;
	while (n && n->type == KB_Y_SEQ) {
		depth++;
		n = n->n ? n->items[0] : NULL;
	}
	CHECK_EQ_INT(depth, KB_YAML_MAX_DEPTH);
	kb_buf_free(&b);

	for (int i = 0; i <= KB_YAML_MAX_DEPTH; i++)
		kb_buf_putc(&b, '[');
	for (int i = 0; i <= KB_YAML_MAX_DEPTH; i++)
		kb_buf_putc(&b, ']');
	CHECK_EQ_INT(parse(b.data, 0), -1);
	CHECK_EQ_INT(yerr.line, 1);
	CHECK_EQ_INT(yerr.col, KB_YAML_MAX_DEPTH + 1);
	char want[128];
	snprintf(want, sizeof want, "YAML nested deeper than %d levels", KB_YAML_MAX_DEPTH);
	CHECK_EQ_STR(yerr.message, want);
	kb_buf_free(&b);

	/* block mappings count the same way */
	for (int i = 0; i <= KB_YAML_MAX_DEPTH; i++) {
		for (int k = 0; k < i; k++)
			kb_buf_putc(&b, ' ');
		kb_buf_puts(&b, "k:\n");
	}
	CHECK_EQ_INT(parse(b.data, 0), -1);
	CHECK_EQ_STR(yerr.message, want);
	kb_buf_free(&b);
}

static void test_yaml_duplicate(void)
{
	CHECK_EQ_INT(parse("a: 1\nb: 2\nc: 3\nb: 4\na: 5\n", 0), 0);
	const kb_ynode *d = kb_ymap_duplicate(root);
	CHECK_NODE(d, 4, 1); /* the first key that repeats an earlier one */
	if (d)
		CHECK_EQ_STR(d->str, "b");
	/* kb_ymap_get gives the first */
	CHECK_EQ_STR(kb_ymap_get(root, "b")->str, "2");

	CHECK_EQ_INT(parse("a: 1\n'a': 2\n", 0), 0); /* quoting does not make a new key */
	CHECK(kb_ymap_duplicate(root) != NULL);
	CHECK_EQ_INT(parse("a: 1\nA: 2\n", 0), 0);
	CHECK(kb_ymap_duplicate(root) == NULL);
	CHECK_EQ_INT(parse("[a, a]", 0), 0);
	CHECK(kb_ymap_duplicate(root) == NULL); /* not a mapping */
	CHECK(kb_ymap_duplicate(NULL) == NULL);
	CHECK_EQ_INT(parse("{}", 0), 0);
	CHECK(root && root->type == KB_Y_MAP && root->n == 0);
	CHECK(kb_ymap_duplicate(root) == NULL);
}

/* Checks that character column c of line l of m is byte column b and UTF-16 column u. */
#define CHECK_UNITS(m, l, c, b, u)                                                       \
	do {                                                                             \
		kb_pos p_ = kb_linemap_at((m), (l), (c));                                \
		if (!CHECK_EQ_INT(p_.col_byte, (b)) || !CHECK_EQ_INT(p_.col_utf16, (u)) || \
		    !CHECK_EQ_INT(p_.col, (c)) || !CHECK_EQ_INT(p_.line, (l)))           \
			fprintf(stderr, "    (at %d:%d)\n", (l), (c));                    \
	} while (0)

/* The columns editors count (kblint check --column-unit): e-acute is 2 bytes and 1 UTF-16 unit,
 * the euro sign 3 and 1, an emoji (beyond the BMP) 4 and 2 (a surrogate pair), a tab 1 and 1. */
static void test_linemap_units(void)
{
	const char *s = "\xEF\xBB\xBF\xC3\xA9 TODO\r\n"               /* BOM, e-acute */
			"\t\xE2\x82\xAC\xF0\x9F\x98\x80\tTODO\n"      /* tab, euro, emoji, tab */
			"\xF0\x9F\x98\x80\xF0\x9F\x98\x80x\r"          /* two emoji, lone CR */
			"plain";
	kb_linemap m;
	kb_linemap_init(&m, s, strlen(s));
	CHECK_UNITS(&m, 1, 1, 1, 1);
	CHECK_UNITS(&m, 1, 3, 4, 3);  /* the BOM counts in no unit */
	CHECK_UNITS(&m, 2, 1, 1, 1);
	CHECK_UNITS(&m, 2, 2, 2, 2);  /* after the tab */
	CHECK_UNITS(&m, 2, 3, 5, 3);  /* after the euro sign */
	CHECK_UNITS(&m, 2, 4, 9, 5);  /* after the emoji */
	CHECK_UNITS(&m, 2, 5, 10, 6); /* the TODO after the second tab */
	CHECK_UNITS(&m, 3, 3, 9, 5);
	CHECK_UNITS(&m, 3, 4, 10, 6); /* the line's end (before the lone CR) */
	CHECK_UNITS(&m, 3, 6, 12, 8); /* past it: one unit a character */
	CHECK_UNITS(&m, 4, 3, 3, 3);
	CHECK_UNITS(&m, 9, 2, 2, 2);  /* a line past the last */
	kb_linemap_free(&m);
}

int main(int argc, char **argv)
{
	(void)argc;
	test_linemap_lf();
	test_linemap_cr();
	test_linemap_utf8();
	test_linemap_units();
	test_utf8();
	test_yaml_positions();
	test_yaml_empty_and_errors();
	test_yaml_aliases();
	test_yaml_depth();
	test_yaml_duplicate();
	kb_arena_free(&arena);
	return kb_test_report(argv[0]);
}
