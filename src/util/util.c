/* util.c: allocation that aborts on exhaustion, buffers, string vectors. */
#include "util.h"

#include "ascii.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static void oom(void)
{
	fputs("kblint: out of memory\n", stderr);
	abort();
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		oom();
	return p;
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		oom();
	return p;
}

void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		oom();
	return p;
}

char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

static void buf_grow(kb_buf *b, size_t extra)
{
	if (b->len + extra + 1 <= b->cap)
		return;
	size_t cap = b->cap ? b->cap : 64;
	while (cap < b->len + extra + 1)
		cap *= 2;
	b->data = xrealloc(b->data, cap);
	b->cap = cap;
}

void kb_buf_put(kb_buf *b, const void *p, size_t n)
{
	buf_grow(b, n);
	if (n)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void kb_buf_put_utf8(kb_buf *b, unsigned long cp)
{
	char u[4];
	size_t n;
	if (cp < 0x80) {
		u[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		u[0] = (char)(0xC0 | cp >> 6);
		u[1] = (char)(0x80 | (cp & 0x3F));
		n = 2;
	} else if (cp < 0x10000) {
		u[0] = (char)(0xE0 | cp >> 12);
		u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		u[2] = (char)(0x80 | (cp & 0x3F));
		n = 3;
	} else {
		u[0] = (char)(0xF0 | cp >> 18);
		u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		u[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
		u[3] = (char)(0x80 | (cp & 0x3F));
		n = 4;
	}
	kb_buf_put(b, u, n);
}

void kb_buf_puts(kb_buf *b, const char *s)
{
	kb_buf_put(b, s, strlen(s));
}

void kb_buf_vprintf(kb_buf *b, const char *fmt, va_list ap)
{
	va_list ap2;
	va_copy(ap2, ap);
	int n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		return;
	buf_grow(b, (size_t)n);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
}

void kb_buf_printf(kb_buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	kb_buf_vprintf(b, fmt, ap);
	va_end(ap);
}

char *kb_buf_take(kb_buf *b)
{
	char *p = b->data ? b->data : xstrdup("");
	b->data = NULL;
	b->len = b->cap = 0;
	return p;
}

void kb_buf_free(kb_buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}

void kb_strv_push(kb_strv *sv, const char *s)
{
	if (sv->n == sv->cap) {
		sv->cap = sv->cap ? sv->cap * 2 : 8;
		sv->v = xrealloc(sv->v, sv->cap * sizeof *sv->v);
	}
	sv->v[sv->n++] = xstrdup(s);
}

void kb_strv_clear(kb_strv *sv)
{
	for (size_t i = 0; i < sv->n; i++)
		free(sv->v[i]);
	sv->n = 0;
}

void kb_strv_free(kb_strv *sv)
{
	kb_strv_clear(sv);
	free(sv->v);
	sv->v = NULL;
	sv->cap = 0;
}

bool kb_strv_contains(const kb_strv *sv, const char *s)
{
	for (size_t i = 0; i < sv->n; i++)
		if (strcmp(sv->v[i], s) == 0)
			return true;
	return false;
}

int kb_strcasecmp(const char *a, const char *b)
{
	for (;; a++, b++) {
		int d = (unsigned char)kb_tolower(*a) - (unsigned char)kb_tolower(*b);
		if (d || !*a)
			return d;
	}
}

bool kb_streq_n(const char *s, size_t n, const char *lit)
{
	return strlen(lit) == n && memcmp(s, lit, n) == 0;
}

char *kb_path_join(const char *a, const char *b)
{
	if (!a || !*a || strcmp(a, ".") == 0)
		return xstrdup(b);
	if (!*b || strcmp(b, ".") == 0)
		return xstrdup(a);
	size_t la = strlen(a);
	while (la > 1 && a[la - 1] == '/')
		la--;
	kb_buf out = {0};
	kb_buf_put(&out, a, la);
	if (a[la - 1] != '/')
		kb_buf_putc(&out, '/');
	kb_buf_puts(&out, b);
	return kb_buf_take(&out);
}

size_t kb_utf8_decode(const unsigned char *s, size_t n, unsigned long *cp)
{
	size_t len = s[0] < 0x80 ? 1 : (s[0] & 0xE0) == 0xC0 ? 2 : (s[0] & 0xF0) == 0xE0 ? 3
		   : (s[0] & 0xF8) == 0xF0 ? 4 : 0;
	if (!len || len > n)
		return 0;
	static const unsigned char mask[] = {0, 0x7F, 0x1F, 0x0F, 0x07};
	unsigned long c = s[0] & mask[len];
	for (size_t k = 1; k < len; k++) {
		if ((s[k] & 0xC0) != 0x80)
			return 0;
		c = c << 6 | (s[k] & 0x3F);
	}
	static const unsigned long least[] = {0, 0, 0x80, 0x800, 0x10000};
	if (c < least[len] || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		return 0;
	*cp = c;
	return len;
}

size_t kb_utf8_invalid(const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;
	while (i < n) {
		unsigned char c = s[i];
		if (c < 0x80) {
			i++;
			continue;
		}
		size_t need;
		unsigned lo = 0x80, hi = 0xBF;
		if (c >= 0xC2 && c <= 0xDF) {
			need = 1;
		} else if (c >= 0xE0 && c <= 0xEF) {
			need = 2;
			if (c == 0xE0)
				lo = 0xA0;
			if (c == 0xED)
				hi = 0x9F;
		} else if (c >= 0xF0 && c <= 0xF4) {
			need = 3;
			if (c == 0xF0)
				lo = 0x90;
			if (c == 0xF4)
				hi = 0x8F;
		} else {
			return i;
		}
		if (i + need >= n)
			return i;
		if (s[i + 1] < lo || s[i + 1] > hi)
			return i;
		for (size_t k = 2; k <= need; k++)
			if ((s[i + k] & 0xC0) != 0x80)
				return i;
		i += need + 1;
	}
	return n;
}

char *kb_path_absolute(const char *path)
{
	return kb_path_absolute_in(NULL, path);
}

char *kb_path_absolute_in(const char *cwd, const char *path)
{
	kb_buf in = {0};
	if (path[0] != '/') {
		char here[PATH_MAX];
		if (!cwd && getcwd(here, sizeof here))
			cwd = here;
		if (cwd)
			kb_buf_puts(&in, cwd);
		kb_buf_putc(&in, '/');
	}
	kb_buf_puts(&in, path);
	/* fold segments in place: out never runs ahead of in */
	char *s = in.data, *out = s;
	size_t nseg = 0;
	const char *p = s;
	while (*p) {
		while (*p == '/')
			p++;
		const char *e = p;
		while (*e && *e != '/')
			e++;
		size_t len = (size_t)(e - p);
		if (len == 0 || (len == 1 && p[0] == '.')) {
			/* nothing */
		} else if (len == 2 && p[0] == '.' && p[1] == '.') {
			if (nseg) {
				while (out > s && out[-1] != '/')
					out--;
				if (out > s)
					out--;
				nseg--;
			}
		} else {
			*out++ = '/';
			memmove(out, p, len);
			out += len;
			nseg++;
		}
		p = e;
	}
	if (out == s)
		*out++ = '/';
	*out = '\0';
	return kb_buf_take(&in);
}

char *kb_path_physical(const char *p)
{
	char *abs = kb_path_absolute(p), buf[PATH_MAX];
	if (realpath(abs, buf)) {
		free(abs);
		return xstrdup(buf);
	}
	char *slash = strrchr(abs, '/');
	if (slash && slash != abs) {
		*slash = '\0';
		if (realpath(abs, buf)) {
			char *r = kb_path_join(buf, slash + 1);
			free(abs);
			return r;
		}
		*slash = '/';
	}
	return abs;
}

const char *kb_str_ending(const char *s, const char *end)
{
	size_t n = strlen(s), en = strlen(end);
	return n >= en && strcmp(s + n - en, end) == 0 ? s + n - en : NULL;
}

bool kb_url_external(const char *u)
{
	if (u[0] == '/' && u[1] == '/')
		return true; /* protocol-relative: another site */
	const char *p = u;
	if (!kb_isalpha(*p))
		return false;
	while (kb_isalnum(*p) || *p == '+' || *p == '.' || *p == '-')
		p++;
	return *p == ':';
}

double kb_monotonic_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

size_t kb_edit_distance(const char *a, const char *b)
{
	size_t n = strlen(a), m = strlen(b);
	if (n > KB_EDIT_MAX || m > KB_EDIT_MAX)
		return SIZE_MAX;
	size_t d[KB_EDIT_MAX + 1][KB_EDIT_MAX + 1];
	for (size_t i = 0; i <= n; i++)
		d[i][0] = i;
	for (size_t j = 0; j <= m; j++)
		d[0][j] = j;
	for (size_t i = 1; i <= n; i++)
		for (size_t j = 1; j <= m; j++) {
			size_t best = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
			if (d[i - 1][j] + 1 < best)
				best = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < best)
				best = d[i][j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
			    d[i - 2][j - 2] + 1 < best)
				best = d[i - 2][j - 2] + 1;
			d[i][j] = best;
		}
	return d[n][m];
}
