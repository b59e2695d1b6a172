/* toml.c: the TOML subset reader (toml.h). Debian packages no C TOML library, and site configs
 * need a few keys: this reads what toml.h lists and skips the rest, never failing. */
#include "toml.h"

#include <stdlib.h>
#include <string.h>

#include "ascii.h"

typedef struct {
	const char *p, *end;
	int line;
	const char *ls;    /* where the current line starts */
	kb_toml *out;
	char *prefix;      /* the current table's resolved name ("" at the top) */
	bool bad_table;    /* the last header was not read: its keys are skipped */
	kb_strv anames;    /* arrays of tables seen, resolved ("module.mounts") */
	size_t *acount;    /* elements of anames.v[i] so far */
} reader;

static bool at_end(const reader *r)
{
	return r->p >= r->end;
}

static char peek(const reader *r, size_t k)
{
	return r->p + k < r->end ? r->p[k] : '\0';
}

static void adv(reader *r)
{
	if (r->p < r->end) {
		if (*r->p == '\n') {
			r->line++;
			r->ls = r->p + 1;
		}
		r->p++;
	}
}

static void skip_ws(reader *r)
{
	while (!at_end(r) && (*r->p == ' ' || *r->p == '\t'))
		r->p++;
}

/* Past the next newline (or to the end). */
static void next_line(reader *r)
{
	while (!at_end(r) && *r->p != '\n')
		r->p++;
	adv(r);
}

/* Whitespace, newlines and comments (inside arrays). */
static void skip_space_nl(reader *r)
{
	for (;;) {
		skip_ws(r);
		if (peek(r, 0) == '#')
			while (!at_end(r) && *r->p != '\n')
				r->p++;
		if (peek(r, 0) == '\n' || (peek(r, 0) == '\r' && peek(r, 1) == '\n')) {
			if (*r->p == '\r')
				r->p++;
			adv(r);
			continue;
		}
		return;
	}
}

/* True when only whitespace and a comment are left on the line; consumes them and the newline. */
static bool end_of_line(reader *r)
{
	skip_ws(r);
	if (peek(r, 0) == '#')
		while (!at_end(r) && *r->p != '\n')
			r->p++;
	if (peek(r, 0) == '\r')
		r->p++;
	if (at_end(r))
		return true;
	if (*r->p != '\n')
		return false;
	adv(r);
	return true;
}

/* One escape after a backslash of a basic string into b. */
static bool escape(reader *r, kb_buf *b)
{
	char e = peek(r, 0);
	static const char from[] = "btnfr\"\\", to[] = "\b\t\n\f\r\"\\";
	const char *hit = e ? strchr(from, e) : NULL;
	if (hit) {
		kb_buf_putc(b, to[hit - from]);
		r->p++;
		return true;
	}
	if (e != 'u' && e != 'U')
		return false;
	size_t digits = e == 'u' ? 4 : 8;
	unsigned long cp = 0;
	for (size_t i = 1; i <= digits; i++) {
		int v = kb_hexval(peek(r, i));
		if (v < 0)
			return false;
		cp = cp * 16 + (unsigned long)v;
	}
	if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return false;
	kb_buf_put_utf8(b, cp);
	r->p += digits + 1;
	return true;
}

/* A string of any of the four kinds at r->p into b. False when it is not one or not closed. */
static bool read_string(reader *r, kb_buf *b)
{
	char q = peek(r, 0);
	if (q != '"' && q != '\'')
		return false;
	bool multi = peek(r, 1) == q && peek(r, 2) == q;
	r->p += multi ? 3 : 1;
	if (multi) { /* a newline right after the opening delimiter is trimmed */
		if (peek(r, 0) == '\r' && peek(r, 1) == '\n')
			r->p++;
		if (peek(r, 0) == '\n')
			adv(r);
	}
	kb_buf_puts(b, "");
	while (!at_end(r)) {
		char ch = *r->p;
		if (ch == q && !multi) {
			r->p++;
			return true;
		}
		if (ch == q) { /* a run of 3 to 5 closes, its first 0 to 2 quotes belong to the text */
			size_t k = 0;
			while (peek(r, k) == q)
				k++;
			if (k >= 3) {
				if (k > 5)
					return false;
				kb_buf_put(b, r->p, k - 3);
				r->p += k;
				return true;
			}
		}
		if (ch == '\n' && !multi)
			return false;
		if (ch == '\\' && q == '"') {
			r->p++;
			if (multi && (peek(r, 0) == '\n' || peek(r, 0) == ' ' || peek(r, 0) == '\t' ||
				      peek(r, 0) == '\r')) {
				/* a line-ending backslash trims the whitespace that follows */
				const char *s = r->p;
				while (!at_end(r) && (*r->p == ' ' || *r->p == '\t' || *r->p == '\r'))
					r->p++;
				if (peek(r, 0) != '\n') {
					r->p = s;
					return false;
				}
				while (!at_end(r) && strchr(" \t\r\n", *r->p))
					adv(r);
				continue;
			}
			if (!escape(r, b))
				return false;
			continue;
		}
		kb_buf_putc(b, ch);
		adv(r);
	}
	return false;
}

static bool bare_char(char ch)
{
	return (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') ||
	       ch == '_' || ch == '-';
}

/* A dotted key into parts. False when there is none. */
static bool read_key(reader *r, kb_strv *parts)
{
	for (;;) {
		skip_ws(r);
		kb_buf part = {0};
		if (peek(r, 0) == '"' || peek(r, 0) == '\'') {
			if (peek(r, 1) == peek(r, 0) && peek(r, 2) == peek(r, 0)) {
				kb_buf_free(&part);
				return false; /* multi-line strings are not keys */
			}
			if (!read_string(r, &part)) {
				kb_buf_free(&part);
				return false;
			}
		} else {
			while (!at_end(r) && bare_char(*r->p))
				kb_buf_putc(&part, *r->p++);
			if (!part.len) {
				kb_buf_free(&part);
				return false;
			}
		}
		kb_strv_push(parts, part.data);
		kb_buf_free(&part);
		skip_ws(r);
		if (peek(r, 0) != '.')
			return true;
		r->p++;
	}
}

/* parts joined with '.' below prefix (heap), or NULL when too long. */
static char *join_key(const char *prefix, const kb_strv *parts)
{
	kb_buf b = {0};
	kb_buf_puts(&b, prefix ? prefix : "");
	for (size_t i = 0; i < parts->n; i++) {
		if (b.len)
			kb_buf_putc(&b, '.');
		kb_buf_puts(&b, parts->v[i]);
	}
	if (b.len > KB_TOML_MAX_KEY) {
		kb_buf_free(&b);
		return NULL;
	}
	return kb_buf_take(&b);
}

kb_toml_entry *kb_toml_add(kb_toml *t, const char *key, kb_toml_type type, const char *str,
			   int line)
{
	if (t->n == t->cap) {
		t->cap = t->cap ? 2 * t->cap : 32;
		t->v = xrealloc(t->v, t->cap * sizeof *t->v);
	}
	kb_toml_entry *e = &t->v[t->n++];
	memset(e, 0, sizeof *e);
	e->key = xstrdup(key);
	e->type = type;
	e->str = str ? xstrdup(str) : NULL;
	e->line = line;
	return e;
}

static void entry_free(kb_toml_entry *e)
{
	free(e->key);
	free(e->str);
	kb_strv_free(&e->strs);
}

/* Drops the entries from n on (a value that turned out unreadable). */
static void truncate_to(kb_toml *t, size_t n)
{
	while (t->n > n)
		entry_free(&t->v[--t->n]);
}

/* Ends of a number or word: what may follow a value. */
static bool value_end(char ch)
{
	return ch == '\0' || ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n' || ch == '#' ||
	       ch == ',' || ch == ']' || ch == '}';
}

static bool read_int(reader *r, long long *out, kb_buf *text)
{
	const char *s = r->p;
	int base = 10;
	bool neg = false;
	if (peek(r, 0) == '+' || peek(r, 0) == '-') {
		neg = *r->p == '-';
		r->p++;
	}
	if (peek(r, 0) == '0' && (peek(r, 1) == 'x' || peek(r, 1) == 'o' || peek(r, 1) == 'b') &&
	    r->p == s) {
		base = peek(r, 1) == 'x' ? 16 : peek(r, 1) == 'o' ? 8 : 2;
		r->p += 2;
	}
	unsigned long long v = 0;
	size_t digits = 0;
	bool last_us = true;
	while (!at_end(r)) {
		char ch = *r->p;
		int d = ch >= '0' && ch <= '9'		     ? ch - '0'
			: base == 16 && ch >= 'a' && ch <= 'f' ? ch - 'a' + 10
			: base == 16 && ch >= 'A' && ch <= 'F' ? ch - 'A' + 10
							       : -1;
		if (ch == '_' && !last_us) {
			last_us = true;
			r->p++;
			continue;
		}
		if (d < 0 || d >= base)
			break;
		if (v > (unsigned long long)9223372036854775807LL / (unsigned)base)
			return false;
		v = v * (unsigned)base + (unsigned)d;
		digits++;
		last_us = false;
		r->p++;
	}
	if (!digits || last_us || !value_end(peek(r, 0)) || v > 9223372036854775807ULL)
		return false;
	*out = neg ? -(long long)v : (long long)v;
	kb_buf_put(text, s, (size_t)(r->p - s));
	return true;
}

static bool digits_at(const char *s, const char *end, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s + i >= end || s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

/* A date, time or date-time (1979-05-27, 07:32:00, 1979-05-27T07:32:00.5-07:00) or a float
 * (1.5, -3e2, inf, nan), kept as written: KB_TOML_DATE or KB_TOML_FLOAT. */
static bool read_date_or_float(reader *r, const char *key, int line)
{
	const char *s = r->p, *e = s;
	bool date = digits_at(s, r->end, 4) && s + 4 < r->end && s[4] == '-';
	bool time = digits_at(s, r->end, 2) && s + 2 < r->end && s[2] == ':';
	if (date || time) {
		while (e < r->end && ((*e >= '0' && *e <= '9') || strchr("-:.+TtZz", *e)))
			e++;
		/* a space between the date and the time */
		if (date && e - s == 10 && e + 1 < r->end && *e == ' ' && digits_at(e + 1, r->end, 2) &&
		    e + 3 < r->end && e[3] == ':') {
			e++;
			while (e < r->end && ((*e >= '0' && *e <= '9') || strchr("-:.+Zz", *e)))
				e++;
		}
	} else {
		while (e < r->end && ((*e >= '0' && *e <= '9') || strchr("+-._eEinfa", *e)))
			e++;
		kb_buf t = {0};
		for (const char *c = s; c < e; c++)
			if (*c != '_')
				kb_buf_putc(&t, *c);
		char *stop = NULL;
		/* a float has a fraction, an exponent, or is inf or nan: digits alone are an
		 * integer out of range */
		bool ok = t.len && strpbrk(t.data, ".eEin") && (strtod(t.data, &stop), stop == t.data + t.len);
		kb_buf_free(&t);
		if (!ok)
			return false;
	}
	if (e == s || (e < r->end && !value_end(*e)))
		return false;
	char *text = xstrndup(s, (size_t)(e - s));
	kb_toml_add(r->out, key, date || time ? KB_TOML_DATE : KB_TOML_FLOAT, text, line);
	free(text);
	r->p = e;
	return true;
}

static bool read_value(reader *r, const char *key, int line, int depth);

/* An inline table's keys, below key. */
static bool read_inline(reader *r, const char *key, int depth)
{
	r->p++; /* '{' */
	skip_ws(r);
	if (peek(r, 0) == '}') {
		r->p++;
		return true;
	}
	for (;;) {
		kb_strv parts = {0};
		int line = r->line;
		bool ok = read_key(r, &parts);
		char *full = ok ? join_key(key, &parts) : NULL;
		kb_strv_free(&parts);
		skip_ws(r);
		ok = full && peek(r, 0) == '=';
		if (ok) {
			r->p++;
			skip_ws(r);
			ok = read_value(r, full, line, depth + 1);
		}
		free(full);
		if (!ok)
			return false;
		skip_ws(r);
		if (peek(r, 0) == '}') {
			r->p++;
			return true;
		}
		if (peek(r, 0) != ',')
			return false;
		r->p++;
	}
}

/* An array: of strings only, else false. */
static bool read_array(reader *r, const char *key, int line)
{
	r->p++; /* '[' */
	kb_strv vals = {0};
	for (;;) {
		skip_space_nl(r);
		if (peek(r, 0) == ']')
			break;
		kb_buf s = {0};
		if (!read_string(r, &s)) {
			kb_buf_free(&s);
			kb_strv_free(&vals);
			return false;
		}
		kb_strv_push(&vals, s.data ? s.data : "");
		kb_buf_free(&s);
		skip_space_nl(r);
		if (peek(r, 0) == ',') {
			r->p++;
			continue;
		}
		if (peek(r, 0) != ']') {
			kb_strv_free(&vals);
			return false;
		}
	}
	r->p++;
	kb_toml_entry *e = kb_toml_add(r->out, key, KB_TOML_STRINGS, NULL, line);
	e->strs = vals;
	return true;
}

/* The column (1-based, in characters) of r->p on its line. */
static int column(const reader *r)
{
	int col = 1;
	for (const char *s = r->ls; s < r->p; s++)
		col += ((unsigned char)*s & 0xC0) != 0x80;
	return col;
}

static bool read_value_at(reader *r, const char *key, int line, int depth);

/* The value at r->p, as key's; the entries it adds get its column and its quoting. False when
 * it is not one the subset reads. */
static bool read_value(reader *r, const char *key, int line, int depth)
{
	size_t n0 = r->out->n;
	int col = column(r), vline = r->line;
	char q = peek(r, 0);
	bool multi = (q == '"' || q == '\'') && peek(r, 1) == q && peek(r, 2) == q;
	bool ok = read_value_at(r, key, line, depth);
	for (size_t i = n0; ok && i < r->out->n; i++)
		if (!r->out->v[i].col) {
			r->out->v[i].col = col;
			r->out->v[i].vline = vline;
			r->out->v[i].quoted = r->out->v[i].type == KB_TOML_STRING && !multi;
			r->out->v[i].multiline = multi;
		}
	return ok;
}

static bool read_value_at(reader *r, const char *key, int line, int depth)
{
	if (depth > KB_TOML_MAX_DEPTH || r->out->n >= KB_TOML_MAX_ENTRIES)
		return false;
	char ch = peek(r, 0);
	if (ch == '"' || ch == '\'') {
		kb_buf s = {0};
		bool ok = read_string(r, &s);
		if (ok)
			kb_toml_add(r->out, key, KB_TOML_STRING, s.data ? s.data : "", line);
		kb_buf_free(&s);
		return ok;
	}
	if (ch == '[')
		return read_array(r, key, line);
	if (ch == '{')
		return read_inline(r, key, depth);
	static const char *const words[] = {"true", "false"};
	for (size_t i = 0; i < 2; i++) {
		size_t n = strlen(words[i]);
		if ((size_t)(r->end - r->p) >= n && memcmp(r->p, words[i], n) == 0 &&
		    value_end(peek(r, n))) {
			r->p += n;
			kb_toml_entry *e = kb_toml_add(r->out, key, KB_TOML_BOOL, words[i], line);
			e->flag = i == 0;
			return true;
		}
	}
	kb_buf text = {0};
	long long v;
	const char *s = r->p;
	bool ok = read_int(r, &v, &text);
	if (ok) {
		kb_toml_entry *e = kb_toml_add(r->out, key, KB_TOML_INT, text.data, line);
		e->num = v;
	} else {
		r->p = s;
		ok = read_date_or_float(r, key, line);
	}
	kb_buf_free(&text);
	return ok;
}

/* Skips a value the subset does not read: to the end of its line, or past the brackets and
 * strings it opens (a multi-line array or string), whichever is later. */
static void skip_value(reader *r)
{
	size_t depth = 0;
	while (!at_end(r)) {
		char ch = *r->p;
		if (ch == '\n' && depth == 0)
			break;
		if (ch == '#') {
			while (!at_end(r) && *r->p != '\n')
				r->p++;
			continue;
		}
		if (ch == '"' || ch == '\'') {
			const char *s = r->p, *ls = r->ls;
			int line = r->line;
			kb_buf junk = {0};
			bool ok = read_string(r, &junk);
			kb_buf_free(&junk);
			if (!ok) { /* unclosed or bad: resume after the quote */
				r->p = s + 1;
				r->line = line;
				r->ls = ls;
			}
			continue;
		}
		if (ch == '[' || ch == '{')
			depth++;
		else if ((ch == ']' || ch == '}') && depth)
			depth--;
		adv(r);
	}
}

static void skipped(reader *r, int line)
{
	r->out->skipped++;
	if (!r->out->skipped_line)
		r->out->skipped_line = line;
}

/* The resolved name of a header's parts: each part that names an array of tables is followed
 * by its last element's number. The last part is resolved only when last is true. */
static char *resolve(reader *r, const kb_strv *parts, bool last)
{
	kb_buf b = {0};
	kb_buf_puts(&b, "");
	for (size_t i = 0; i < parts->n; i++) {
		if (i)
			kb_buf_putc(&b, '.');
		kb_buf_puts(&b, parts->v[i]);
		if (i + 1 == parts->n && !last)
			break;
		for (size_t j = 0; j < r->anames.n; j++)
			if (strcmp(r->anames.v[j], b.data) == 0) {
				kb_buf_printf(&b, ".%zu", r->acount[j] - 1);
				break;
			}
	}
	if (b.len > KB_TOML_MAX_KEY) {
		kb_buf_free(&b);
		return NULL;
	}
	return kb_buf_take(&b);
}

/* A [table] or [[array]] header line. */
static void read_header(reader *r)
{
	int line = r->line;
	bool array = peek(r, 1) == '[';
	r->p += array ? 2 : 1;
	kb_strv parts = {0};
	bool ok = read_key(r, &parts);
	skip_ws(r);
	ok = ok && peek(r, 0) == ']' && (!array || peek(r, 1) == ']');
	if (ok)
		r->p += array ? 2 : 1;
	ok = ok && end_of_line(r);
	char *name = ok ? resolve(r, &parts, !array) : NULL;
	kb_strv_free(&parts);
	if (!name) {
		skipped(r, line);
		next_line(r);
		r->bad_table = true;
		return;
	}
	free(r->prefix);
	r->bad_table = false;
	if (!array) {
		r->prefix = name;
		return;
	}
	size_t j = 0;
	while (j < r->anames.n && strcmp(r->anames.v[j], name) != 0)
		j++;
	if (j == r->anames.n) {
		kb_strv_push(&r->anames, name);
		r->acount = xrealloc(r->acount, r->anames.n * sizeof *r->acount);
		r->acount[j] = 0;
	}
	kb_buf b = {0};
	kb_buf_printf(&b, "%s.%zu", name, r->acount[j]++);
	free(name);
	r->prefix = kb_buf_take(&b);
}

/* A key = value line. */
static void read_keyval(reader *r)
{
	int line = r->line;
	size_t n0 = r->out->n;
	kb_strv parts = {0};
	bool ok = read_key(r, &parts);
	char *full = ok ? join_key(r->prefix, &parts) : NULL;
	kb_strv_free(&parts);
	skip_ws(r);
	ok = full && peek(r, 0) == '=' && !r->bad_table;
	if (ok) {
		r->p++;
		skip_ws(r);
		const char *vs = r->p, *vls = r->ls;
		int vline = r->line;
		ok = read_value(r, full, line, 0) && end_of_line(r);
		if (!ok) {
			truncate_to(r->out, n0);
			r->p = vs;
			r->line = vline;
			r->ls = vls;
			skip_value(r);
		}
	}
	free(full);
	if (!ok) {
		skipped(r, line);
		next_line(r);
	}
}

void kb_toml_parse(const char *text, size_t len, kb_toml *out)
{
	reader r = {text, text + len, 1, text, out, xstrdup(""), false, {0}, NULL};
	if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
		r.p += 3;
	while (!at_end(&r)) {
		skip_ws(&r);
		char ch = peek(&r, 0);
		if (ch == '#' || ch == '\n' || ch == '\r') {
			if (!end_of_line(&r)) {
				skipped(&r, r.line);
				next_line(&r);
			}
		} else if (ch == '[') {
			read_header(&r);
		} else if (!at_end(&r)) {
			read_keyval(&r);
		}
	}
	free(r.prefix);
	kb_strv_free(&r.anames);
	free(r.acount);
}

const kb_toml_entry *kb_toml_get(const kb_toml *t, const char *key)
{
	for (size_t i = t->n; i-- > 0;)
		if (strcmp(t->v[i].key, key) == 0)
			return &t->v[i];
	return NULL;
}

const char *kb_toml_str(const kb_toml *t, const char *key)
{
	const kb_toml_entry *e = kb_toml_get(t, key);
	return e && e->type != KB_TOML_STRINGS ? e->str : NULL;
}

int kb_toml_bool(const kb_toml *t, const char *key)
{
	const kb_toml_entry *e = kb_toml_get(t, key);
	if (!e || e->type == KB_TOML_STRINGS || e->type == KB_TOML_INT)
		return -1;
	if (e->type == KB_TOML_BOOL)
		return e->flag;
	return strcmp(e->str, "true") == 0 ? 1 : strcmp(e->str, "false") == 0 ? 0 : -1;
}

void kb_toml_free(kb_toml *t)
{
	for (size_t i = 0; i < t->n; i++)
		entry_free(&t->v[i]);
	free(t->v);
	memset(t, 0, sizeof *t);
}
