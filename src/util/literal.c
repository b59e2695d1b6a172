/* literal.c: the text every match of a pattern must contain, found by reading the pattern's top
 * level, so a subject without it is ruled out before PCRE2 runs (kb_regex_may_match). Most rule
 * patterns cannot start at a known character ("\b(?:money|price|uptime) guarantee"), so PCRE2
 * tries them at nearly every position; a byte search for "guarantee" is several times cheaper.
 *
 * Only what is certain counts: a run of literal characters at the top level of the pattern, none
 * of them made optional by a quantifier. Anything this reader does not follow (alternation at the
 * top level, inline options after the start, \Q, comments, odd braces) means no literal, which
 * only costs speed. Under caseless matching, letters are compared by ASCII case, so 'k' and 's'
 * (which PCRE2 also matches to the Kelvin sign and the long s) end a run. */
#include <string.h>

#include "ascii.h"
#include "regex.h"

/* Where the character class starting at p (at '[') ends (just after it), or NULL. */
static const char *skip_class(const char *p)
{
	p++;
	if (*p == '^')
		p++;
	if (*p == ']')
		p++; /* a ']' first in a class is a literal */
	for (; *p; p++) {
		if (*p == '\\') {
			if (!p[1])
				return NULL;
			p++;
		} else if (p[0] == '[' && p[1] == ':') {
			const char *e = strstr(p + 2, ":]"); /* [:alpha:] */
			if (!e)
				return NULL;
			p = e + 1;
		} else if (*p == ']') {
			return p + 1;
		}
	}
	return NULL;
}

/* Where the group starting at p (at '(') ends (just after it), or NULL. */
static const char *skip_group(const char *p)
{
	int depth = 0;
	while (*p) {
		if (*p == '\\') {
			if (!p[1])
				return NULL;
			p += 2;
			continue;
		}
		if (*p == '[') {
			p = skip_class(p);
			if (!p)
				return NULL;
			continue;
		}
		if (*p == '(')
			depth++;
		else if (*p == ')' && --depth == 0)
			return p + 1;
		p++;
	}
	return NULL;
}

/* True for an escape letter that is whole in two characters: a class, an assertion or a
 * control character. Others (\x41, \p{L}, \g1, \k<n>, \0, \Q) go on; they are not followed. */
static bool short_escape(char c)
{
	return c && strchr("bBdDsSwWhHvVRXAzZGKntrfea", c);
}

/* A quantifier at p: its length, and in *optional whether it allows zero; 0 when none. Braces
 * that are no quantifier set *bad (PCRE2 would read them as literals; not followed here). */
static size_t quantifier(const char *p, bool *optional, bool *bad)
{
	size_t n = 0;
	if (*p == '?' || *p == '*' || *p == '+') {
		*optional = *p != '+';
		n = 1;
	} else if (*p == '{') {
		const char *q = p + 1;
		if (!kb_isdigit(*q)) {
			*bad = true;
			return 0;
		}
		*optional = *q == '0' && !kb_isdigit(q[1]);
		while (kb_isdigit(*q) || *q == ',')
			q++;
		if (*q != '}') {
			*bad = true;
			return 0;
		}
		n = (size_t)(q - p) + 1;
	} else {
		return 0;
	}
	if (p[n] == '?' || p[n] == '+')
		n++; /* lazy or possessive */
	return n;
}

size_t kb_regex_required(const char *pattern, bool icase, char *out, size_t cap, bool *digit)
{
	const char *p = pattern;
	bool need_digit = false;
	bool extended = false;
	/* leading options: (?x), (?i), (?ix), (?xi) */
	if (p[0] == '(' && p[1] == '?' && (p[2] == 'x' || p[2] == 'i')) {
		const char *q = p + 2;
		while (*q == 'x' || *q == 'i') {
			extended |= *q == 'x';
			if (*q == 'i' && !icase)
				return 0; /* the caller compares by the pattern's flags, not by (?i) */
			q++;
		}
		if (*q != ')')
			return 0;
		p = q + 1;
	}
	char run[KB_RE_LITERAL_MAX + 1];
	size_t len = 0, best = 0;
	while (*p) {
		char c = *p;
		bool literal = false;
		if (extended && kb_isspace(c)) {
			p++;
			continue;
		}
		if (c == '|' || c == ')' || (extended && c == '#'))
			return 0; /* alternation at the top: no text is certain; or something unread */
		const char *next = p + 1;
		if (c == '\\') {
			if (!p[1] || (kb_isalnum(p[1]) && !short_escape(p[1])))
				return 0;
			/* an escaped punctuation character is itself; letters and digits are classes,
			 * assertions, references or codes */
			literal = !kb_isalnum(p[1]) && (unsigned char)p[1] < 0x80;
			c = p[1];
			next = p + 2;
		} else if (c == '(' || c == '[') {
			if (c == '(' && p[1] == '?' && p[2] != ':' && p[2] != '=' && p[2] != '!' &&
			    p[2] != '<' && p[2] != '>' && p[2] != '|')
				return 0; /* inline options, comments, calls: not followed */
			if (c == '(' && p[1] == '*')
				return 0; /* verbs */
			next = c == '(' ? skip_group(p) : skip_class(p);
			if (!next)
				return 0;
		} else if (c == '.' || c == '^' || c == '$' || c == '{' || c == '}' || c == '?' ||
			   c == '*' || c == '+') {
			if (c == '{' || c == '}' || c == '?' || c == '*' || c == '+')
				return 0; /* a quantifier with nothing before it, or a literal brace */
		} else {
			literal = (unsigned char)c < 0x80;
		}
		if (literal && icase && (kb_tolower(c) == 'k' || kb_tolower(c) == 's'))
			literal = false;
		bool optional = false, bad = false;
		size_t q = quantifier(next, &optional, &bad);
		if (bad)
			return 0;
		if (c == '[' && next - p == 5 && strncmp(p, "[0-9]", 5) == 0 && !optional)
			need_digit = true; /* a digit must occur, whatever else is certain */
		if (literal && len < KB_RE_LITERAL_MAX)
			run[len++] = icase ? kb_tolower(c) : c;
		else if (literal)
			literal = false; /* the run is long enough: cut it here */
		if (literal && q && optional)
			len--; /* "colou?r": the u may be missing */
		if (!literal || q) {
			/* the run ends: after a character that may repeat or be missing, too */
			if (len > best) {
				best = len;
				memcpy(out, run, len < cap ? len : cap);
			}
			len = 0;
		}
		p = next + q;
	}
	if (len > best) {
		best = len;
		memcpy(out, run, len < cap ? len : cap);
	}
	if (need_digit)
		*digit = true; /* only once the whole pattern is read: an early return promises nothing */
	return best < cap ? best : cap;
}

/* True when s[0..n) has an ASCII digit. */
static bool has_digit(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] >= '0' && s[i] <= '9')
			return true;
	return false;
}

bool kb_regex_may_match(const kb_regex *re, const char *s, size_t n)
{
	if (re->digit && !has_digit(s, n))
		return false;
	size_t m = re->litlen;
	if (!m)
		return true;
	if (n < m)
		return false;
	const char *lit = re->lit;
	if (!re->icase)
		return memmem(s, n, lit, m) != NULL;
	char first = lit[0], upper = kb_toupper(first);
	for (size_t i = 0; i + m <= n; i++) {
		if (s[i] != first && s[i] != upper)
			continue;
		size_t k = 1;
		while (k < m && kb_tolower(s[i + k]) == lit[k])
			k++;
		if (k == m)
			return true;
	}
	return false;
}
