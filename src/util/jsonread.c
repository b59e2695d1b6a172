/* jsonread.c: a JSON data file parsed by jansson, its syntax errors in kblint's words. */
#include <stdio.h>
#include <string.h>

#include "jsonread.h"
#include "util.h"

static bool json_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* The line and column of byte offset at of s, counted as jansson counts them. */
static void position(const char *s, size_t at, int *line, int *col)
{
	*line = 1;
	*col = 1;
	for (size_t i = 0; i < at; i++) {
		if (s[i] == '\n') {
			++*line;
			*col = 1;
		} else if (((unsigned char)s[i] & 0xC0) != 0x80) {
			++*col;
		}
	}
}

/* Sets *e to why at byte offset at of s. */
static void syntax_at(const char *s, size_t at, const char *why, kb_json_syntax *e)
{
	position(s, at, &e->line, &e->col);
	snprintf(e->why, sizeof e->why, "%s", why);
}

/* jansson's reason, in kblint's words where its own are poor. s[0..pos) is what it read; the
 * text is "REASON near 'TOKEN'" or "REASON near end of file". True when the culprit is s[pos],
 * the byte after what jansson's line and column count (a control character). */
static bool reword(const char *s, size_t pos, const json_error_t *je, char *why, size_t n)
{
	const char *text = je->text, *near = strstr(text, " near '");
	/* the token as jansson quotes it, without its quotes */
	const char *token = near ? near + 7 : "";
	int toklen = (int)strlen(token);
	toklen -= toklen > 0 && token[toklen - 1] == '\'';
	switch (json_error_code(je)) {
	case json_error_duplicate_key:
		snprintf(why, n, "the key %.*s appears twice in one object", toklen, token);
		return false;
	case json_error_null_character:
		snprintf(why, n, "\\u0000 in a string");
		return false;
	case json_error_numeric_overflow:
		snprintf(why, n, "a number out of range: %.*s", toklen, token);
		return false;
	case json_error_stack_overflow:
		snprintf(why, n, "nested too deep");
		return false;
	default:
		break;
	}
	if (strncmp(text, "invalid escape", 14) == 0) {
		snprintf(why, n, "invalid escape in a string");
		return false;
	}
	if (strncmp(text, "control character", 17) == 0) {
		snprintf(why, n, "control character in a string");
		return true;
	}
	/* a closing bracket right after a comma: jansson says "unexpected token" */
	if (pos > 0 && (s[pos - 1] == ']' || s[pos - 1] == '}')) {
		size_t i = pos - 1;
		while (i > 0 && json_space(s[i - 1]))
			i--;
		if (i > 0 && s[i - 1] == ',') {
			snprintf(why, n, "a comma before '%c'", s[pos - 1]);
			return false;
		}
	}
	snprintf(why, n, "%s", text);
	return false;
}

json_t *kb_json_parse(const char *s, size_t n, const char *after, kb_json_syntax *e)
{
	size_t start = 0;
	while (start < n && json_space(s[start]))
		start++;
	if (start == n) {
		syntax_at(s, n, "the file is empty", e);
		return NULL;
	}
	size_t bad = kb_utf8_invalid(s, n);
	if (bad != n) {
		syntax_at(s, bad, "invalid UTF-8", e);
		return NULL;
	}
	json_error_t je;
	json_t *j = json_loadb(s, n, JSON_DECODE_ANY | JSON_REJECT_DUPLICATES | JSON_DISABLE_EOF_CHECK,
			       &je);
	size_t pos = je.position > 0 ? (size_t)je.position : 0;
	if (!j) {
		if (json_error_code(&je) == json_error_premature_end_of_input) {
			syntax_at(s, n, "the file ends too early", e);
			return NULL;
		}
		e->line = je.line > 0 ? je.line : 1;
		e->col = je.column > 0 ? je.column : 1;
		if (reword(s, pos < n ? pos : n, &je, e->why, sizeof e->why) && pos < n &&
		    (unsigned char)s[pos] < 0x20)
			position(s, pos, &e->line, &e->col);
		return NULL;
	}
	size_t end = pos < n ? pos : n;
	while (end < n && json_space(s[end]))
		end++;
	if (end < n) {
		json_decref(j);
		syntax_at(s, end, after, e);
		return NULL;
	}
	return j;
}
