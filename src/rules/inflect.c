/* inflect.c: the regular English inflections of a term's last word, so a word list entry
 * "utilise" also finds "utilises", "utilised" and "utilising", and a replacement "use" is
 * offered as "uses", "used" and "using" to match. Only regular endings are made: "-s"/"-es"/
 * "-ies", "-ed"/"-d"/"-ied" and "-ing" (a final "e" dropped: "using"). A last word shorter
 * than MIN_INFLECT letters ("to", "of") is left as it is, and so is a term not ending in a
 * letter. Irregular forms ("bought") are not made: such a rule lists them or sets inflect:
 * false (docs/rules-writing.md). */
#include <string.h>
#include <strings.h>

#include "ascii.h"
#include "scan.h"

enum { MIN_INFLECT = 3 }; /* "to", "of", "in": function words, never inflected */

static bool vowel(char c)
{
	c = kb_tolower(c);
	return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u';
}

/* Where the last word of w[0..n) starts, or n when w does not end in a word of at least
 * MIN_INFLECT ASCII letters. */
static size_t last_word(const char *w, size_t n)
{
	size_t s = n;
	while (s > 0 && kb_isalpha(w[s - 1]))
		s--;
	return n - s >= MIN_INFLECT ? s : n;
}

/* Appends w[0..n) in form f to out. */
static void put_form(const char *w, size_t n, kb_inflection f, kb_buf *out)
{
	if (f == KB_INFLECT_BASE || last_word(w, n) == n) {
		kb_buf_put(out, w, n);
		return;
	}
	char l = kb_tolower(w[n - 1]), p = kb_tolower(w[n - 2]);
	bool e = l == 'e' && p != 'e';                   /* "use": "using", "used" */
	bool y = l == 'y' && !vowel(p);                  /* "simplify": "simplifies" */
	bool sib = l == 's' || l == 'x' || l == 'z' || ((l == 'h') && (p == 'c' || p == 's'));
	size_t keep = n - ((f == KB_INFLECT_ING && e) || (f != KB_INFLECT_ING && y));
	kb_buf_put(out, w, keep);
	switch (f) {
	case KB_INFLECT_S:
		kb_buf_puts(out, y ? "ies" : sib ? "es" : "s");
		break;
	case KB_INFLECT_ED:
		kb_buf_puts(out, y ? "ied" : l == 'e' ? "d" : "ed");
		break;
	default:
		kb_buf_puts(out, "ing");
		break;
	}
}

void kb_inflect(const char *w, kb_inflection f, kb_buf *out)
{
	put_form(w, strlen(w), f, out);
}

void kb_inflect_pattern(const char *term, kb_buf *out)
{
	size_t n = strlen(term);
	if (last_word(term, n) == n) {
		kb_regex_quote(term, out);
		return;
	}
	kb_buf form = {0};
	kb_buf_puts(out, "(?:");
	for (int f = KB_INFLECT_BASE; f <= KB_INFLECT_ING; f++) {
		form.len = 0;
		put_form(term, n, (kb_inflection)f, &form);
		if (f != KB_INFLECT_BASE)
			kb_buf_putc(out, '|');
		kb_regex_quote(form.data, out);
	}
	kb_buf_putc(out, ')');
	kb_buf_free(&form);
}

kb_inflection kb_inflection_of(const char *term, const char *m, size_t mlen)
{
	size_t n = strlen(term);
	kb_buf form = {0};
	kb_inflection found = KB_INFLECT_BASE;
	for (int f = KB_INFLECT_S; f <= KB_INFLECT_ING && last_word(term, n) != n; f++) {
		form.len = 0;
		put_form(term, n, (kb_inflection)f, &form);
		if (form.len == mlen && !strncasecmp(form.data, m, mlen)) {
			found = (kb_inflection)f;
			break;
		}
	}
	kb_buf_free(&form);
	return found;
}
