/* test_jsonread.c: kb_json_parse (src/util/jsonread.c): what jansson reads, and each syntax
 * error at its line and column (in characters) in kblint's words. */
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "jsonread.h"

/* Parses an exact-size copy of s (no NUL after it, so an overread shows under ASan). */
static json_t *parse(const char *s, kb_json_syntax *e)
{
	size_t n = strlen(s);
	char *copy = malloc(n ? n : 1);
	memcpy(copy, s, n);
	json_t *j = kb_json_parse(copy, n, "text after the value", e);
	free(copy);
	return j;
}

static void test_values(void)
{
	kb_json_syntax e;
	json_t *j = parse(" {\"a\": [1, -2.5e3, true, null], \"s\": \"\\u00e9\\ud83d\\ude00\\n\"}\n", &e);
	CHECK(json_is_object(j));
	CHECK_EQ_INT(json_array_size(json_object_get(j, "a")), 4);
	CHECK_EQ_STR(json_string_value(json_object_get(j, "s")), "\xC3\xA9\xF0\x9F\x98\x80\n");
	json_decref(j);
	/* any value at the top, not only an object or a list */
	j = parse("\"x\"", &e);
	CHECK_EQ_STR(json_string_value(j), "x");
	json_decref(j);
	j = parse("12 \r\n", &e);
	CHECK_EQ_INT(json_integer_value(j), 12);
	json_decref(j);
}

static void test_errors(void)
{
	static const struct {
		const char *in;
		int line, col;
		const char *why;
	} cases[] = {
		/* jansson's line and column: those of the last character its lexer read */
		{"", 1, 1, "the file is empty"},
		{" \n\t", 2, 2, "the file is empty"},
		{"{", 1, 2, "the file ends too early"},
		{"{\"a\": [1,\n", 2, 1, "the file ends too early"},
		{"{\"a\": \"never ends", 1, 18, "the file ends too early"},
		{"{\"\xC3\xA9\": 1,\n \"b\": [1,\n ]}", 3, 2, "a comma before ']'"},
		{"{\"a\": 1, }", 1, 10, "a comma before '}'"},
		{"{\"a\": \"x\\q\"}", 1, 10, "invalid escape in a string"},
		{"{\"a\": \"x\x01\"}", 1, 9, "control character in a string"},
		{"{\"a\":\n \"\xC3\xA9\xC3\xA9\x1f\"}", 2, 5, "control character in a string"},
		{"{\"a\": 1, \"a\": 2}", 1, 12, "the key \"a\" appears twice in one object"},
		{"{\"a\": \"\\u0000\"}", 1, 14, "\\u0000 in a string"},
		{"[99999999999999999999]", 1, 21, "a number out of range: 99999999999999999999"},
		{"[1e999]", 1, 6, "a number out of range: 1e999"},
		{"{\"\xC3\xA9\xC3\xA9\": 1} x", 1, 11, "text after the value"},
		{"[1]\n\n  ]", 3, 3, "text after the value"},
		{"{\"a\": \"\xC3\xA9\xC3\"}", 1, 9, "invalid UTF-8"},
		{"[tru]", 1, 4, "invalid token near 'tru'"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		kb_json_syntax e = {0};
		json_t *j = parse(cases[i].in, &e);
		if (!CHECK(j == NULL)) {
			json_decref(j);
			continue;
		}
		CHECK_EQ_STR(e.why, cases[i].why);
		CHECK_EQ_INT(e.line, cases[i].line);
		CHECK_EQ_INT(e.col, cases[i].col);
	}
}

int main(int argc, char **argv)
{
	(void)argc;
	test_values();
	test_errors();
	return kb_test_report(argv[0]);
}
