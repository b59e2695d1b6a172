/* prefilter.c: the rule set's prose patterns in one Vectorscan database (prefilter.h). */
#include "prefilter.h"

#include <stdlib.h>
#include <string.h>

#include "ascii.h"
#include "cache.h"
#include "util.h"

#ifdef KB_HAVE_VECTORSCAN
#include <hs.h>
#endif

typedef struct {
	char *source;  /* the PCRE2 pattern */
	char *pattern; /* its prefilter form (kb_prefilter_form), or NULL when it has none */
	bool icase;    /* compiled caseless */
	bool caseless; /* caseless anywhere (icase, or a (?i) in it) */
	const bool *enabled; /* the owning rule's flag, read when the set is built */
} entry;

struct kb_prefilter {
	entry *v;
	size_t n, cap;
	bool built;
	uint64_t *always;   /* a bit for each pattern that is not in the database */
	uint64_t *caseless; /* a bit for each caseless pattern (see kb_prefilter_scan) */
	size_t words;
#ifdef KB_HAVE_VECTORSCAN
	hs_database_t *db;
#endif
};

kb_prefilter *kb_prefilter_new(void)
{
	return xcalloc(1, sizeof(kb_prefilter));
}

void kb_prefilter_free(kb_prefilter *p)
{
	if (!p)
		return;
	kb_prefilter_truncate(p, 0);
	free(p->v);
	free(p->always);
	free(p->caseless);
#ifdef KB_HAVE_VECTORSCAN
	hs_free_database(p->db);
#endif
	free(p);
}

void kb_prefilter_add(kb_prefilter *p, kb_regex *re, const char *pattern, const bool *enabled)
{
	if (!p || p->built)
		return;
	if (p->n == p->cap) {
		p->cap = p->cap ? 2 * p->cap : 64;
		p->v = xrealloc(p->v, p->cap * sizeof *p->v);
	}
	kb_buf form = {0};
	bool caseless = false;
	bool ok = kb_prefilter_form(pattern, re->icase, &form, &caseless);
	p->v[p->n] = (entry){xstrdup(pattern), ok ? kb_buf_take(&form) : NULL, re->icase, caseless,
			     enabled};
	kb_buf_free(&form);
	re->pf = (unsigned)++p->n; /* 0 is "not registered" */
}

size_t kb_prefilter_count(const kb_prefilter *p)
{
	return p ? p->n : 0;
}

void kb_prefilter_truncate(kb_prefilter *p, size_t n)
{
	while (p && p->n > n) {
		p->n--;
		free(p->v[p->n].source);
		free(p->v[p->n].pattern);
	}
}

const char *kb_prefilter_source(const kb_prefilter *p, size_t i, bool *icase, const char **form)
{
	if (!p || i >= p->n)
		return NULL;
	*icase = p->v[i].icase;
	*form = p->v[i].pattern;
	return p->v[i].source;
}

bool kb_prefilter_ready(const kb_prefilter *p)
{
#ifdef KB_HAVE_VECTORSCAN
	return p && p->db;
#else
	(void)p;
	return false;
#endif
}

bool kb_prefilter_available(void)
{
#ifdef KB_HAVE_VECTORSCAN
	return true;
#else
	return false;
#endif
}

void kb_prefilter_hits_free(kb_prefilter_hits *h)
{
	free(h->bits);
	memset(h, 0, sizeof *h);
}

/* The prefilter's form of a pattern (kb_prefilter_form). Vectorscan compiles it byte by byte,
 * without UTF-8 and Unicode classes, which costs a fraction of the time; the form makes up for
 * that by matching more than PCRE2 does with PCRE2_UTF | PCRE2_UCP: wherever PCRE2 could match
 * a character beyond ASCII (a class escape, a class, '.', a literal when caseless), the form
 * takes any run of non-ASCII bytes; word boundaries and lookarounds are left out; bounded
 * repeats lose their bound. */
#define HIGH "[\\x80-\\xff]+"

/* The ASCII part of a class escape: for a class that may take in (pos) or for one that leaves
 * out (neg), each as sure as ASCII can be (\x0b is a space for some PCRE2 versions only). */
static const struct {
	char esc;
	const char *pos, *neg;
	bool complement; /* \W, \S, \D: outside a class, the negation of pos */
} escapes[] = {
	{'w', "A-Za-z0-9_", "A-Za-z0-9_", false},
	{'W', "\\x00-\\x2f\\x3a-\\x40\\x5b-\\x5e\\x60\\x7b-\\x7f",
	 "\\x00-\\x2f\\x3a-\\x40\\x5b-\\x5e\\x60\\x7b-\\x7f", true},
	{'s', "\\t\\n\\x0b\\f\\r\\x20", "\\t\\n\\f\\r\\x20", false},
	{'S', "\\x00-\\x08\\x0b\\x0e-\\x1f\\x21-\\x7f", "\\x00-\\x08\\x0e-\\x1f\\x21-\\x7f", true},
	{'d', "0-9", "0-9", false},
	{'D', "\\x00-\\x2f\\x3a-\\x7f", "\\x00-\\x2f\\x3a-\\x7f", true},
};

static int escape_index(char e)
{
	for (size_t i = 0; i < sizeof escapes / sizeof escapes[0]; i++)
		if (escapes[i].esc == e)
			return (int)i;
	return -1;
}

/* The length of the UTF-8 sequence that starts with byte c (1 for ASCII or a stray byte). */
static size_t utf8_len(unsigned char c)
{
	return c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
}

/* Reads the character at p[*i] inside a class, as a code point: a literal (UTF-8), or an
 * escape with a value (\t, \x41, \x{263a}). Returns -1 for a class escape (\w: *esc is its
 * index), -2 for anything the form cannot take. Advances *i past it. */
static long class_char(const char *p, size_t *i, int *esc)
{
	unsigned char c = (unsigned char)p[*i];
	if (c != '\\') {
		size_t n = utf8_len(c);
		long v = n == 1 ? c : n == 2 ? c & 0x1F : n == 3 ? c & 0x0F : c & 0x07;
		for (size_t k = 1; k < n; k++) {
			if (((unsigned char)p[*i + k] & 0xC0) != 0x80)
				return -2;
			v = (v << 6) | ((unsigned char)p[*i + k] & 0x3F);
		}
		*i += n;
		return v;
	}
	char e = p[*i + 1];
	*i += 2;
	if ((*esc = escape_index(e)) >= 0)
		return -1;
	switch (e) {
	case 't': return '\t';
	case 'n': return '\n';
	case 'r': return '\r';
	case 'f': return '\f';
	case 'e': return 27;
	case 'a': return 7;
	case 'b': return 8; /* in a class, a backspace */
	case 'x': {
		long v = 0;
		int digits = 0;
		bool brace = p[*i] == '{';
		if (brace)
			(*i)++;
		while (kb_isxdigit(p[*i]) && (brace || digits < 2)) {
			char h = p[(*i)++];
			v = v * 16 + (kb_isdigit(h) ? h - '0' : (h | 0x20) - 'a' + 10);
			digits++;
		}
		if (brace && p[(*i)++] != '}')
			return -2;
		return v;
	}
	default:
		if (!e || kb_isalnum(e))
			return -2; /* \p, \h, back references: not for the form */
		return (unsigned char)e;
	}
}

/* Writes the byte v (< 0x80) as an escape, so that no byte of a class reads as syntax. */
static void put_byte(kb_buf *out, long v)
{
	kb_buf_printf(out, "\\x%02lx", v);
}

/* Writes the class that starts at p[*i] == '[' in the form; advances *i to its ']'. False when
 * the form cannot take it. */
static bool put_class(const char *p, size_t *i, kb_buf *out)
{
	size_t k = *i + 1;
	bool negated = p[k] == '^';
	if (negated)
		k++;
	kb_buf ascii = {0};
	bool high = false, first = true;
	while (p[k] && (p[k] != ']' || first)) {
		first = false;
		if (p[k] == '[' && p[k + 1] == ':') {
			kb_buf_free(&ascii);
			return false; /* POSIX classes take in more under UCP */
		}
		int esc = -1;
		long lo = class_char(p, &k, &esc);
		if (lo == -2) {
			kb_buf_free(&ascii);
			return false;
		}
		if (lo == -1) {
			kb_buf_puts(&ascii, negated ? escapes[esc].neg : escapes[esc].pos);
			high = true;
			continue;
		}
		long hi = lo;
		if (p[k] == '-' && p[k + 1] && p[k + 1] != ']') {
			size_t save = k++;
			hi = class_char(p, &k, &esc);
			if (hi == -2) {
				kb_buf_free(&ascii);
				return false;
			}
			if (hi == -1) { /* [a-\w]: '-' is a member */
				k = save;
				hi = lo;
			}
		}
		if (hi < lo) {
			kb_buf_free(&ascii);
			return false;
		}
		if (lo < 0x80) {
			put_byte(&ascii, lo);
			if (hi > lo) {
				kb_buf_putc(&ascii, '-');
				put_byte(&ascii, hi < 0x80 ? hi : 0x7f);
			}
		}
		high |= hi >= 0x80;
	}
	if (p[k] != ']') {
		kb_buf_free(&ascii);
		return false;
	}
	*i = k;
	/* a negated class may match any character beyond ASCII that it does not name, a class
	 * that names one or a class escape may match it too: either way, a run of such bytes */
	if (negated)
		kb_buf_printf(out, "(?:[^%s\\x80-\\xff]|" HIGH ")", ascii.data ? ascii.data : "");
	else if (high && ascii.len)
		kb_buf_printf(out, "(?:[%s]|" HIGH ")", ascii.data);
	else if (high)
		kb_buf_puts(out, "(?:" HIGH ")");
	else if (ascii.len)
		kb_buf_printf(out, "[%s]", ascii.data);
	else
		kb_buf_puts(out, "[^\\x00-\\xff]"); /* an empty class: matches nothing */
	kb_buf_free(&ascii);
	return true;
}

/* The end of the group that starts at p[i] == '(': the index after its ')', or 0 when the
 * pattern ends first. Escapes and classes are skipped. */
static size_t group_end(const char *p, size_t i)
{
	int depth = 0;
	bool cls = false;
	for (; p[i]; i++) {
		if (p[i] == '\\') {
			if (!p[++i])
				return 0;
		} else if (cls) {
			cls = p[i] != ']';
		} else if (p[i] == '[') {
			cls = true;
			if (p[i + 1] == '^')
				i++;
			if (p[i + 1] == ']')
				i++; /* a ']' first in a class is a member */
		} else if (p[i] == '(') {
			depth++;
		} else if (p[i] == ')' && --depth == 0) {
			return i + 1;
		}
	}
	return 0;
}

/* A repeat {m,n} or {n} at p[i] == '{': its length, with *m set to m; 0 when it is not one (a
 * literal brace). */
static size_t repeat_len(const char *p, size_t i, size_t *m)
{
	size_t k = i + 1;
	if (!kb_isdigit(p[k]))
		return 0;
	*m = 0;
	while (kb_isdigit(p[k]) && *m < 100000)
		*m = *m * 10 + (size_t)(p[k++] - '0');
	if (p[k] == ',')
		while (kb_isdigit(p[++k]))
			;
	return p[k] == '}' ? k + 1 - i : 0;
}

/* The length of a verb at p that the form may leave out, or 0. A backtracking verb only takes
 * matches away: (*SKIP), (*PRUNE), (*COMMIT) and (*THEN) stop PCRE2 from trying further, and
 * (*FAIL) ends the path it is on ("remove TODO(*SKIP)(*FAIL)|TODO": the form is "remove
 * TODO|TODO"); a mark changes nothing that matches. Left out, the form matches more. At the
 * start, (*UCP) and (*UTF) are the options the form already reads beyond ASCII for. A verb with
 * a repeat after it, (*ACCEPT) (it makes a match shorter) and the newline verbs have no form. */
static size_t verb_len(const char *p, bool first)
{
	static const char *const backtrack[] = {"SKIP", "PRUNE", "COMMIT", "THEN", "MARK", "", NULL};
	static const char *const plain[] = {"FAIL", "F", NULL};
	static const char *const options[] = {"UCP", "UTF", "UTF8", NULL};
	const char *close = strchr(p, ')');
	if (!close || (close[1] && strchr("?*+{", close[1])))
		return 0;
	size_t len = (size_t)(close - p) + 1, name = strcspn(p + 2, ":)");
	bool arg = p[2 + name] == ':';
	for (size_t k = 0; backtrack[k]; k++)
		if (strlen(backtrack[k]) == name && strncmp(p + 2, backtrack[k], name) == 0)
			return (arg || name) ? len : 0; /* "(*)" is no verb */
	for (size_t k = 0; !arg && plain[k]; k++)
		if (strlen(plain[k]) == name && strncmp(p + 2, plain[k], name) == 0)
			return len;
	for (size_t k = 0; first && !arg && options[k]; k++)
		if (strlen(options[k]) == name && strncmp(p + 2, options[k], name) == 0)
			return len;
	return 0;
}

bool kb_prefilter_form(const char *p, bool icase, kb_buf *out, bool *caseless)
{
	bool xmode = false;
	*caseless = icase;
	size_t i = 0;
	/* (?x), (?ix), ... first: the only place free spacing may be switched on */
	if (p[0] == '(' && p[1] == '?') {
		size_t k = 2;
		while (p[k] == 'i' || p[k] == 'x' || p[k] == 's' || p[k] == 'm')
			xmode |= p[k++] == 'x';
		if (p[k] != ')')
			xmode = false;
	}
	for (; p[i]; i++) {
		unsigned char ch = (unsigned char)p[i];
		if (ch == '\\') {
			char e = p[i + 1];
			int esc = escape_index(e);
			if (esc >= 0) {
				if (escapes[esc].complement) /* \W: not what \w surely is */
					kb_buf_printf(out, "(?:[^%s\\x80-\\xff]|" HIGH ")",
						      escapes[escape_index(kb_tolower(e))].neg);
				else
					kb_buf_printf(out, "(?:[%s]|" HIGH ")", escapes[esc].pos);
				i++;
				continue;
			}
			if (e == 'b' || e == 'B') {
				i++;
				continue; /* a word boundary, left out: the form matches more */
			}
			if (e == 'x') {
				size_t k = i;
				int none = -1;
				long v = class_char(p, &k, &none);
				if (v < 0)
					return false;
				if (v < 0x80)
					put_byte(out, v);
				else
					kb_buf_puts(out, "(?:" HIGH ")");
				i = k - 1;
				continue;
			}
			if (!e || (kb_isalnum(e) && !strchr("tnrfeaAzZ", e)))
				return false; /* \p, \h, \K, back references: not for the form */
			kb_buf_putc(out, '\\');
			kb_buf_putc(out, e);
			i++;
			continue;
		}
		if (ch >= 0x80) {
			/* a character beyond ASCII: itself, or when caseless any such run */
			size_t n = utf8_len(ch);
			for (size_t k = 1; k < n; k++)
				if (((unsigned char)p[i + k] & 0xC0) != 0x80)
					return false;
			kb_buf_puts(out, "(?:");
			if (*caseless)
				kb_buf_puts(out, HIGH);
			else
				for (size_t k = 0; k < n; k++)
					put_byte(out, (unsigned char)p[i + k]);
			kb_buf_putc(out, ')');
			i += n - 1;
			continue;
		}
		if (ch == '[') {
			if (!put_class(p, &i, out))
				return false;
			continue;
		}
		if (xmode && ch == '#') {
			while (p[i] && p[i] != '\n')
				i++;
			if (!p[i])
				break;
			kb_buf_putc(out, '\n');
			continue;
		}
		if (ch == '.') {
			kb_buf_puts(out, "(?:.|" HIGH ")");
			continue;
		}
		if (ch == '{') {
			size_t m, n = repeat_len(p, i, &m);
			if (n) {
				kb_buf_printf(out, "{%zu,}", m); /* unbounded: far cheaper to compile */
				i += n - 1;
				continue;
			}
		}
		if (ch == '(' && p[i + 1] == '*') {
			size_t n = verb_len(p + i, out->len == 0);
			if (!n)
				return false; /* (*ACCEPT), (*CR) and other verbs */
			i += n - 1;
			continue;
		}
		if (ch == '(' && p[i + 1] == '?') {
			char k = p[i + 2];
			bool look = k == '=' || k == '!' || (k == '<' && (p[i + 3] == '=' || p[i + 3] == '!'));
			if (look || k == '#') {
				/* a lookaround is left out (the form matches more); so is a comment */
				const char *close = strchr(p + i, ')');
				size_t end = k == '#' ? (close ? (size_t)(close - p) + 1 : 0) : group_end(p, i);
				if (!end || (p[end] && strchr("?*+{", p[end])))
					return false;
				i = end - 1;
				continue;
			}
			if (k == '(' || k == 'R' || k == '&' || k == 'P' || k == '|' || kb_isdigit(k) ||
			    k == '+' || k == '-')
				return false; /* conditions, recursion, branch resets */
			if (k != '<' && k != '\'' && k != ':' && k != '>') {
				/* options: i, s and m anywhere, x only first (it changes how the rest
				 * reads); i makes the form caseless where it reads beyond ASCII */
				size_t j = i + 2;
				while (p[j] == 'i' || p[j] == 's' || p[j] == 'm' || (i == 0 && p[j] == 'x'))
					*caseless |= p[j++] == 'i';
				if (p[j] != ')' && p[j] != ':')
					return false;
			}
		}
		kb_buf_putc(out, (char)ch);
	}
	return true;
}

#ifdef KB_HAVE_VECTORSCAN

/* The Kelvin sign and the long s, in UTF-8: the database's last pattern, id p->n. */
#define FOLDED "\\xe2\\x84\\xaa|\\xc5\\xbf"

/* The flags each pattern's form is compiled with: bytes (the form reads beyond ASCII instead:
 * kb_prefilter_form), caseless as the pattern, and prefilter mode,
 * which accepts what Vectorscan cannot match exactly (back references, atomic groups) by
 * matching a superset; one report per pattern and text is all that is asked. */
static unsigned flags_of(const entry *e)
{
	return HS_FLAG_PREFILTER | HS_FLAG_SINGLEMATCH | HS_FLAG_ALLOWEMPTY |
	       (e->icase ? HS_FLAG_CASELESS : 0);
}

/* The cache's key for a database (cache.h): the Vectorscan version and each pattern's id,
 * flags and form, in order. */
static void key_of(kb_buf *key, const char **exprs, const unsigned *flags, const unsigned *ids,
		   size_t m)
{
	kb_buf_printf(key, "prefilter 1 %s", hs_version());
	kb_buf_putc(key, '\0');
	for (size_t i = 0; i < m; i++) {
		kb_buf_printf(key, "%u %u %s", ids[i], flags[i], exprs[i]);
		kb_buf_putc(key, '\0');
	}
}

/* The cache's data for a database: how many patterns it holds (m, 4 bytes), their ids (4 bytes
 * each; Vectorscan may have refused some of those asked for), then the serialized database. */
static void cache_save(const hs_database_t *db, const char *dir, const kb_buf *key,
		       const unsigned *ids, size_t m)
{
	char *bytes = NULL;
	size_t len = 0;
	if (!dir || hs_serialize_database(db, &bytes, &len) != HS_SUCCESS)
		return;
	kb_buf data = {0};
	uint32_t n = (uint32_t)m;
	kb_buf_put(&data, &n, sizeof n);
	for (size_t i = 0; i < m; i++)
		kb_buf_put(&data, &ids[i], sizeof ids[i]);
	kb_buf_put(&data, bytes, len);
	free(bytes); /* hs's default allocator is malloc */
	kb_cache_put(dir, "prefilter", key->data, key->len, data.data, data.len);
	kb_buf_free(&data);
}

/* The database kept for key, when the cache has it and Vectorscan takes it (same version and
 * platform): p->db set, *held the number of patterns in it, and each pattern asked for
 * (ids[0..m)) but not in it always may match. */
static bool cache_load(kb_prefilter *p, const char *dir, const kb_buf *key, const unsigned *ids,
		       size_t m, size_t *held)
{
	char *data = NULL;
	size_t len = 0;
	if (!dir || !kb_cache_get(dir, "prefilter", key->data, key->len, &data, &len))
		return false;
	uint32_t n = 0;
	bool ok = len >= sizeof n;
	if (ok) {
		memcpy(&n, data, sizeof n);
		ok = n <= m && (len - sizeof n) / sizeof(unsigned) >= n;
	}
	unsigned *in = ok ? xcalloc(n ? n : 1, sizeof *in) : NULL;
	for (size_t i = 0; ok && i < n; i++) {
		memcpy(&in[i], data + sizeof n + i * sizeof *in, sizeof *in);
		ok = in[i] <= p->n; /* p->n: FOLDED */
	}
	size_t at = sizeof n + (size_t)n * sizeof(unsigned);
	ok = ok && hs_deserialize_database(data + at, len - at, &p->db) == HS_SUCCESS;
	if (ok) {
		/* asked for and not in the database: always may match */
		for (size_t i = 0; i < m; i++) {
			bool found = false;
			for (size_t k = 0; k < n && !found; k++)
				found = in[k] == ids[i];
			if (!found)
				p->always[ids[i] / 64] |= 1ull << (ids[i] % 64);
		}
		*held = n;
	} else {
		p->db = NULL;
	}
	free(in);
	free(data);
	return ok;
}

/* Compiles patterns exprs[0..m) (with their flags and ids) into p->db. A pattern Vectorscan
 * refuses fails the whole compile: it is left out (it always may match) and the others are
 * compiled again. Returns how many are in the database, whose ids are then ids[0..m). */
static size_t compile(kb_prefilter *p, const char **exprs, unsigned *flags, unsigned *ids,
		      size_t m)
{
	while (m) {
		hs_compile_error_t *err = NULL;
		if (hs_compile_multi(exprs, flags, ids, (unsigned)m, HS_MODE_BLOCK, NULL, &p->db,
				     &err) == HS_SUCCESS)
			break;
		int bad = err ? err->expression : -1;
		hs_free_compile_error(err);
		p->db = NULL;
		if (bad < 0 || (size_t)bad >= m) {
			/* not one pattern's fault (too large, out of memory): no database at all */
			for (size_t k = 0; k < m; k++)
				p->always[ids[k] / 64] |= 1ull << (ids[k] % 64);
			m = 0;
			break;
		}
		p->always[ids[bad] / 64] |= 1ull << (ids[bad] % 64);
		m--;
		memmove(exprs + bad, exprs + bad + 1, (m - (size_t)bad) * sizeof *exprs);
		memmove(flags + bad, flags + bad + 1, (m - (size_t)bad) * sizeof *flags);
		memmove(ids + bad, ids + bad + 1, (m - (size_t)bad) * sizeof *ids);
	}
	return m;
}

size_t kb_prefilter_build(kb_prefilter *p, const char *cache_dir)
{
	if (!p || p->built)
		return 0;
	p->built = true;
	p->words = (p->n + 1 + 63) / 64; /* and the bit of FOLDED (id p->n) */
	p->always = xcalloc(p->words ? p->words : 1, sizeof *p->always);
	p->caseless = xcalloc(p->words ? p->words : 1, sizeof *p->caseless);
	for (size_t i = 0; i < p->n; i++)
		if (p->v[i].caseless)
			p->caseless[i / 64] |= 1ull << (i % 64);
	const char **exprs = xmalloc((p->n + 1) * sizeof *exprs);
	unsigned *flags = xmalloc((p->n + 1) * sizeof *flags);
	unsigned *ids = xmalloc((p->n + 1) * sizeof *ids);
	size_t m = 0;
	for (size_t i = 0; i < p->n; i++) {
		if (!p->v[i].pattern || (p->v[i].enabled && !*p->v[i].enabled)) {
			/* no form, or never asked: kept out of the database, always may match */
			p->always[i / 64] |= 1ull << (i % 64);
			continue;
		}
		exprs[m] = p->v[i].pattern;
		flags[m] = flags_of(&p->v[i]);
		ids[m] = (unsigned)i;
		m++;
	}
	if (m) {
		/* the same pass finds the characters caseless PCRE2 folds to ASCII letters */
		exprs[m] = FOLDED;
		flags[m] = HS_FLAG_SINGLEMATCH;
		ids[m] = (unsigned)p->n;
		m++;
	}
	kb_buf key = {0};
	key_of(&key, exprs, flags, ids, m);
	size_t held;
	if (cache_load(p, cache_dir, &key, ids, m, &held)) {
		m = held;
	} else {
		m = compile(p, exprs, flags, ids, m);
		if (p->db)
			cache_save(p->db, cache_dir, &key, ids, m);
	}
	kb_buf_free(&key);
	free(exprs);
	free(flags);
	free(ids);
	return p->db ? m : 0;
}


/* A thread's Vectorscan scratch, kept in its kb_regex_scratch, and the database it was last
 * grown for. */
typedef struct {
	hs_scratch_t *s;
	const hs_database_t *db;
} hs_slot;

static void free_slot(void *v)
{
	hs_slot *slot = v;
	if (slot)
		hs_free_scratch(slot->s);
	free(slot);
}

static int on_match(unsigned int id, unsigned long long from, unsigned long long to,
		    unsigned int fl, void *ctx)
{
	(void)from, (void)to, (void)fl;
	uint64_t *w = ctx;
	w[id / 64] |= 1ull << (id % 64);
	return 0;
}

void kb_prefilter_start(const kb_prefilter *p, kb_prefilter_hits *h, size_t n)
{
	h->n = 0;
	if (!p || !p->db || n == 0)
		return;
	if (h->words != p->words || h->cap < n) {
		free(h->bits);
		h->cap = n > 2 * h->cap ? n : 2 * h->cap;
		h->bits = xmalloc(h->cap * p->words * sizeof *h->bits);
	}
	h->words = p->words;
	memset(h->bits, 0xff, n * p->words * sizeof *h->bits); /* may, until scanned */
	h->n = n;
}

void kb_prefilter_scan(const kb_prefilter *p, kb_regex_scratch *x, size_t i, const char *text,
		       size_t len, kb_prefilter_hits *h)
{
	if (!p || !p->db || i >= h->n || len > UINT32_MAX)
		return;
	hs_slot *slot = kb_regex_scratch_slot(x);
	if (!slot) {
		slot = xcalloc(1, sizeof *slot);
		kb_regex_scratch_set_slot(x, slot, free_slot);
	}
	if (slot->db != p->db) {
		if (hs_alloc_scratch(p->db, &slot->s) != HS_SUCCESS)
			return; /* no scratch: every pattern may match */
		slot->db = p->db;
	}
	uint64_t *w = h->bits + i * p->words;
	memcpy(w, p->always, p->words * sizeof *w);
	if (hs_scan(p->db, text, (unsigned)len, 0, slot->s, on_match, w) != HS_SUCCESS) {
		memset(w, 0xff, p->words * sizeof *w); /* no answer: every pattern may match */
		return;
	}
	/* caseless, PCRE2 matches k to the Kelvin sign and s to the long s, which the form read
	 * byte by byte does not: where either stands, every caseless pattern may match */
	if ((w[p->n / 64] >> (p->n % 64)) & 1)
		for (size_t k = 0; k < p->words; k++)
			w[k] |= p->caseless[k];
}

#else /* without Vectorscan: no database, every pattern may match everywhere */

size_t kb_prefilter_build(kb_prefilter *p, const char *cache_dir)
{
	(void)cache_dir;
	if (p)
		p->built = true;
	return 0;
}

void kb_prefilter_start(const kb_prefilter *p, kb_prefilter_hits *h, size_t n)
{
	(void)p, (void)n;
	h->n = 0;
}

void kb_prefilter_scan(const kb_prefilter *p, kb_regex_scratch *x, size_t i, const char *text,
		       size_t len, kb_prefilter_hits *h)
{
	(void)p, (void)x, (void)i, (void)text, (void)len, (void)h;
}

#endif
