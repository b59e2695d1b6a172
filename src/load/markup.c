/* markup.c: template and directive markup that site generators replace before (or while) they
 * render Markdown: Hugo shortcodes, Go template actions, Liquid, ERB, docfx ":::" directives,
 * "[!INCLUDE[...](...)]" and "> [!NOTE]" alerts. Read on the file's source bytes, so what cmark
 * made of them (text, a link, inline HTML) does not matter. */
#include "markup.h"

#include <string.h>

#include "ascii.h"

/* How far a docfx directive's quoted attribute may run over line breaks: an alt text is a
 * sentence or two, and a quote left open must not make the rest of the article markup. */
enum { DIRECTIVE_SPAN = 2000 };

/* True when s[at..) starts with the ASCII word w, whatever its case. */
static bool starts_ci(const char *s, size_t n, size_t at, const char *w)
{
	size_t k = strlen(w);
	if (n - at < k)
		return false;
	for (size_t i = 0; i < k; i++) {
		char c = s[at + i];
		if (kb_tolower(c) != w[i])
			return false;
	}
	return true;
}

static const char *const closers[5] = {">}}", "%}}", "%}", "%>", "}}"};

/* The end of the first closers[which] at or after from, before a blank line (which ends a
 * paragraph, so no tag runs across one) and within 8 KB; 0 when there is none. */
static size_t close_at(const char *s, size_t n, size_t from, int which, kb_markup_memo *memo)
{
	if (from >= memo->from[which] && from < memo->to[which])
		return 0;
	const char *close = closers[which];
	size_t k = strlen(close), lim = n - from > 8192 ? from + 8192 : n, i;
	for (i = from; i + k <= lim; i++) {
		if (s[i] == '\n') {
			size_t j = i + 1;
			while (j < lim && (s[j] == ' ' || s[j] == '\t' || s[j] == '\r'))
				j++;
			if (j < lim && s[j] == '\n')
				break;
		}
		if (!memcmp(s + i, close, k))
			return i + k;
	}
	memo->from[which] = from;
	memo->to[which] = i;
	return 0;
}

/* The end of the line at i (its '\r' or '\n', or n), 4 KB on at most. */
static size_t line_end(const char *s, size_t n, size_t i)
{
	size_t lim = n - i > 4096 ? i + 4096 : n;
	while (i < lim && s[i] != '\n' && s[i] != '\r')
		i++;
	return i;
}

/* "[!INCLUDE[title](path)]" or "[!INCLUDE [title](path)]" at at: its end, and the path. */
static size_t include_end(const char *s, size_t n, size_t at, kb_markup_memo *memo, kb_markup *m)
{
	if (at >= memo->from[5] && at < memo->to[5])
		return 0;
	size_t e = line_end(s, n, at), i = at + 9;
	memo->from[5] = at; /* until it is found */
	memo->to[5] = e;
	while (i < e && s[i] == ' ')
		i++;
	if (i >= e || s[i] != '[')
		return 0;
	const char *rb = NULL;
	for (size_t k = i + 1; k + 1 < e; k++)
		if (s[k] == ']' && s[k + 1] == '(') {
			rb = s + k;
			break;
		}
	if (!rb)
		return 0;
	size_t p = (size_t)(rb - s) + 2;
	const char *rp = memchr(s + p, ')', e - p);
	if (!rp)
		return 0;
	size_t q = (size_t)(rp - s), j = q + 1;
	while (j < e && s[j] == ' ')
		j++;
	if (j >= e || s[j] != ']')
		return 0;
	/* the path: blanks and "<>" around it, and a title after it, are not part of it */
	while (p < q && s[p] == ' ')
		p++;
	size_t pe = p;
	if (p < q && s[p] == '<') {
		p++;
		pe = p;
		while (pe < q && s[pe] != '>')
			pe++;
	} else {
		while (pe < q && s[pe] != ' ')
			pe++;
	}
	m->path_off = p;
	m->path_len = pe - p;
	memo->to[5] = 0;
	return j + 1;
}

/* True at one of the variables Jekyll gives every page ("site.baseurl", "page.title"). */
static bool jekyll_var(const char *s, size_t n, size_t i)
{
	static const char *const vars[] = {"site.", "page.", "layout.", "include.", "jekyll.",
					   "paginator.", NULL};
	for (size_t k = 0; vars[k]; k++) {
		size_t l = strlen(vars[k]);
		if (n - i > l && !memcmp(s + i, vars[k], l) && kb_isalpha(s[i + l]))
			return true;
	}
	return false;
}

/* True when nothing but blanks and block-quote markers comes before at on its line. */
static bool at_line_start(const char *s, size_t at)
{
	while (at > 0 && (s[at - 1] == ' ' || s[at - 1] == '\t' || s[at - 1] == '>'))
		at--;
	return at == 0 || s[at - 1] == '\n' || s[at - 1] == '\r';
}

/* Where a docfx ":::" directive whose name starts at s[i] ends: after its closing ":::", or at
 * its line's end le. An attribute value that a line break splits ('alt-text="Screenshot of
 * the' ... 'new page.":::') goes on to the next lines until its quote closes, DIRECTIVE_SPAN
 * bytes and no blank line at most. */
static size_t directive_end(const char *s, size_t n, size_t i, size_t le)
{
	bool quoted = false;
	size_t lim = n - i > DIRECTIVE_SPAN ? i + DIRECTIVE_SPAN : n;
	for (size_t k = i; k < lim; k++) {
		if (s[k] == '"')
			quoted = !quoted;
		else if (!quoted && k + 3 <= n && !memcmp(s + k, ":::", 3))
			return k + 3;
		else if (s[k] == '\n' && !quoted)
			return k < le ? le : k;
		else if (s[k] == '\n' && k + 1 < n && (s[k + 1] == '\n' || s[k + 1] == '\r'))
			return le; /* a blank line: the quote never closes */
	}
	return le;
}

size_t kb_markup_at(const char *s, size_t n, size_t at, unsigned langs, kb_markup_memo *memo,
		    kb_markup *m)
{
	memset(m, 0, sizeof *m);
	m->start = at;
	size_t left = n - at, e = 0;
	const char *p = s + at;
	if (left >= 3 && p[0] == '{' && p[1] == '{' && (p[2] == '<' || p[2] == '%')) {
		/* a Hugo shortcode; an escaped one (a comment inside the delimiters) too: Hugo
		 * shows that as written, in a shortcode's documentation, not prose either */
		e = close_at(s, n, at + 3, p[2] == '<' ? 0 : 1, memo);
		m->kind = KB_MARKUP_SHORTCODE;
	} else if (left >= 2 && p[0] == '{' && p[1] == '%') {
		e = close_at(s, n, at + 2, 2, memo); /* a Liquid (Jekyll) or Jinja tag */
		m->kind = KB_MARKUP_TEMPLATE;
	} else if (left >= 2 && p[0] == '<' && p[1] == '%') {
		e = close_at(s, n, at + 2, 3, memo); /* ERB (Middleman, GOV.UK tech docs) */
		m->kind = KB_MARKUP_TEMPLATE;
	} else if (left >= 2 && p[0] == '{' && p[1] == '{') {
		/* "{{ x }}" is a Liquid output or Go template action in a site that uses one, and
		 * a placeholder nobody filled in anywhere else; "{{ .Title }}", "{{ $x }}",
		 * "{{- x -}}" and Jekyll's "{{ site.baseurl }}" are template syntax whatever the
		 * site */
		size_t i = at + 2;
		while (i < n && s[i] == ' ')
			i++;
		bool syntax = p[2] == '-' || (i < n && (s[i] == '.' || s[i] == '$')) || jekyll_var(s, n, i);
		if (syntax || (langs & KB_MARKUP_OUTPUTS))
			e = close_at(s, n, at + 2, 4, memo);
		m->kind = KB_MARKUP_TEMPLATE;
	} else if (left >= 9 && p[0] == '[' && starts_ci(s, n, at, "[!include")) {
		e = include_end(s, n, at, memo, m); /* docfx, inline too */
		m->kind = KB_MARKUP_INCLUDE;
	} else if (left >= 4 && p[0] == '[' && p[1] == '!' && kb_isalpha(p[2]) &&
		   at_line_start(s, at)) {
		/* a docfx or GitHub alert ("> [!NOTE]"), or "[!div class=...]", "[!VIDEO url]" */
		size_t le = line_end(s, n, at), i = at + 2;
		while (i < le && kb_isalpha(s[i]))
			i++;
		if (i < le && (s[i] == ']' || s[i] == ' ')) {
			const char *rb = memchr(s + i, ']', le - i);
			e = rb ? (size_t)(rb - s) + 1 : 0;
		}
		m->kind = KB_MARKUP_DIRECTIVE;
	} else if (left >= 4 && !memcmp(p, ":::", 3) && at_line_start(s, at)) {
		/* a docfx directive: ":::image type="content" source="a.png" alt-text="...":::",
		 * "::: zone pivot="x"", ":::column:::"; it ends at its closing ":::" or its line's end */
		size_t le = line_end(s, n, at), i = at + 3;
		while (i < le && s[i] == ' ')
			i++;
		if (i < le && kb_isalpha(s[i]))
			e = directive_end(s, n, i, le);
		m->kind = KB_MARKUP_DIRECTIVE;
	}
	if (!e)
		m->kind = KB_MARKUP_NONE;
	m->end = e;
	return e;
}

/* The path a "ref" or "relref" shortcode names: its first argument, or its "path=" one. */
bool kb_markup_ref(const char *s, size_t n, size_t *off, size_t *len)
{
	if (n < 7 || s[0] != '{' || s[1] != '{' || (s[2] != '<' && s[2] != '%'))
		return false;
	size_t i = 3, end = n - 3; /* before ">}}" or "%}}" */
	while (i < end && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r'))
		i++;
	if (starts_ci(s, end, i, "relref"))
		i += 6;
	else if (starts_ci(s, end, i, "ref"))
		i += 3;
	else
		return false;
	if (i >= end || (s[i] != ' ' && s[i] != '\t'))
		return false;
	while (i < end) {
		while (i < end && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r'))
			i++;
		if (i >= end)
			break;
		bool named = false, is_path = false;
		size_t k = i;
		while (k < end && (kb_isalpha(s[k]) || s[k] == '_'))
			k++;
		if (k < end && s[k] == '=' && k > i) {
			named = true;
			is_path = k - i == 4 && !strncmp(s + i, "path", 4);
			i = k + 1;
		}
		size_t vs = i, ve;
		if (i < end && (s[i] == '"' || s[i] == '\'' || s[i] == '`')) {
			const char *q = memchr(s + i + 1, s[i], end - i - 1);
			if (!q)
				return false;
			vs = i + 1;
			ve = (size_t)(q - s);
			i = ve + 1;
		} else {
			ve = i;
			while (ve < end && s[ve] != ' ' && s[ve] != '\t' && s[ve] != '\n')
				ve++;
			i = ve;
		}
		if (!named || is_path) {
			*off = vs;
			*len = ve - vs;
			return ve > vs;
		}
	}
	return false;
}

bool kb_markup_url(const char *u)
{
	size_t n = strlen(u);
	if (strstr(u, "{{") || strstr(u, "{%") || strstr(u, "<%") || strstr(u, "%>") ||
	    strstr(u, "%}") || strstr(u, "}}"))
		return true;
	/* "(<%= url %>)": cmark reads the ERB tag as an address in angle brackets */
	return n >= 2 && u[0] == '%' && u[n - 1] == '%';
}
