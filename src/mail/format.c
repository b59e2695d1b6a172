/* format.c: audit e-mail as RFC 5322 text: cleaned and encoded headers (RFC 2047 subjects and
 * display names), addresses checked, and a multipart/alternative body of quoted-printable
 * UTF-8 parts (RFC 2045/2046). Nothing from the input reaches a header unchecked: controls
 * become spaces and addresses with controls are refused, so no input can add a header line. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ascii.h"
#include "date.h"
#include "mail.h"
#include "platform.h"
#include "roster.h"

/* RFC 5322 recommends lines of at most 78 characters; RFC 2047 wants encoded words of at most
 * 75 characters on lines of at most 76. */
enum { LINE_MAX78 = 78, WORD_LINE_MAX = 76, WORD_CHUNK = 36, QP_LINE = 76 };

/* Decodes one UTF-8 sequence at s[0..n), n > 0: sets *cp and returns its length, or sets *cp
 * to U+FFFD and returns 1 when the byte does not start a valid sequence (overlongs, surrogates
 * and code points past U+10FFFF are invalid). */
static size_t utf8_next(const unsigned char *s, size_t n, uint32_t *cp)
{
	unsigned long v;
	size_t len = kb_utf8_decode(s, n, &v);
	*cp = len ? (uint32_t)v : 0xFFFD;
	return len ? len : 1;
}

/* A character that must never reach a header: C0 controls (CR, LF and TAB too), DEL, C1
 * controls, the Unicode line and paragraph separators, and the byte-order mark. */
static bool header_control(uint32_t cp)
{
	return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0x2028 || cp == 0x2029 ||
	       cp == 0xFEFF;
}

/* Appends to out the text s cleaned for a header: valid UTF-8 (invalid bytes become U+FFFD),
 * every control character a space, runs of spaces one space, no space at either end, at most
 * max bytes (cut at a character boundary). */
static void clean_header_text(kb_buf *out, const char *s, size_t max)
{
	size_t start = out->len, n = strlen(s);
	bool space = false;
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		i += utf8_next((const unsigned char *)s + i, n - i, &cp);
		if (cp == ' ' || header_control(cp)) {
			space = out->len > start;
			continue;
		}
		size_t before = out->len;
		if (space)
			kb_buf_putc(out, ' ');
		space = false;
		kb_buf_put_utf8(out, cp);
		if (out->len - start > max) {
			out->len = before;
			break;
		}
	}
	if (out->data)
		out->data[out->len] = '\0';
}

/* Appends to out the body text s (NUL-terminated) as valid UTF-8: invalid bytes become U+FFFD. */
static void clean_body_text(kb_buf *out, const char *s)
{
	size_t n = s ? strlen(s) : 0;
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t l = utf8_next((const unsigned char *)s + i, n - i, &cp);
		if (cp == 0xFFFD && l == 1)
			kb_buf_put_utf8(out, 0xFFFD);
		else
			kb_buf_put(out, s + i, l);
		i += l;
	}
}

/* Appends the base64 of p[0..n) to out. */
static void put_base64(kb_buf *out, const unsigned char *p, size_t n)
{
	static const char tab[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	for (size_t i = 0; i < n; i += 3) {
		uint32_t v = (uint32_t)p[i] << 16;
		if (i + 1 < n)
			v |= (uint32_t)p[i + 1] << 8;
		if (i + 2 < n)
			v |= p[i + 2];
		char q[4] = {tab[(v >> 18) & 63], tab[(v >> 12) & 63],
			     i + 1 < n ? tab[(v >> 6) & 63] : '=', i + 2 < n ? tab[v & 63] : '='};
		kb_buf_put(out, q, 4);
	}
}

/* Appends s[0..n) (clean UTF-8) as RFC 2047 "B" encoded words, each of at most WORD_CHUNK
 * bytes of text cut at character boundaries, folding the line (CRLF and a space) before a word
 * that would pass WORD_LINE_MAX. *col is the current column, updated. */
static void put_encoded_words(kb_buf *out, const char *s, size_t n, size_t *col)
{
	bool first = true;
	for (size_t i = 0; i < n || first;) {
		size_t j = i;
		while (j < n) {
			uint32_t cp;
			size_t l = utf8_next((const unsigned char *)s + j, n - j, &cp);
			if (j + l - i > WORD_CHUNK)
				break;
			j += l;
		}
		size_t wlen = 12 + (j - i + 2) / 3 * 4; /* =?UTF-8?B? ... ?= */
		if (!first || *col > 0) {
			if (*col + 1 + wlen > WORD_LINE_MAX) {
				kb_buf_puts(out, "\r\n ");
				*col = 1;
			} else {
				kb_buf_putc(out, ' ');
				(*col)++;
			}
		}
		kb_buf_puts(out, "=?UTF-8?B?");
		put_base64(out, (const unsigned char *)s + i, j - i);
		kb_buf_puts(out, "?=");
		*col += wlen;
		first = false;
		i = j;
	}
}

/* Appends the words of s (clean ASCII, single spaces) separated by spaces, folding before a
 * word that would pass LINE_MAX78. *col is the current column, updated; a space is written
 * before the first word too when *col > 0. */
static void put_words(kb_buf *out, const char *s, size_t *col)
{
	while (*s) {
		const char *sp = strchr(s, ' ');
		size_t l = sp ? (size_t)(sp - s) : strlen(s);
		if (*col > 0) {
			if (*col + 1 + l > LINE_MAX78) {
				kb_buf_puts(out, "\r\n ");
				*col = 1;
			} else {
				kb_buf_putc(out, ' ');
				(*col)++;
			}
		}
		kb_buf_put(out, s, l);
		*col += l;
		s += l;
		if (*s == ' ')
			s++;
	}
}

/* Whether clean header text s can go in a header as it is: printable ASCII, no "=?" (which a
 * reader would take for an encoded word), and no word too long to fold. */
static bool plain_ascii_words(const char *s)
{
	size_t word = 0;
	for (const char *p = s; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if (c < 0x20 || c > 0x7E || (c == '=' && p[1] == '?'))
			return false;
		word = c == ' ' ? 0 : word + 1;
		if (word > LINE_MAX78 - 12)
			return false;
	}
	return true;
}

/* An RFC 5322 atext character: a display name made of these and spaces needs no quotes. */
static bool atext(unsigned char c)
{
	return kb_isalnum((char)c) || strchr("!#$%&'*+-/=?^_`{|}~", c) != NULL;
}

/* Replaces the control characters of s with spaces, so that an error that quotes its input
 * stays one line. */
static void no_controls(char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7F)
			*s = ' ';
}

int kb_mail_addr_parse(const char *s, char **name, char **addr, char *err, size_t errlen)
{
	if (!s) {
		snprintf(err, errlen, "no e-mail address");
		return -1;
	}
	size_t n = strlen(s);
	while (n && s[n - 1] == ' ')
		n--;
	while (n && *s == ' ')
		s++, n--;
	const char *a = s, *nm = NULL;
	size_t alen = n, nmlen = 0;
	if (n && s[n - 1] == '>') {
		const char *lt = NULL;
		for (const char *p = s; p < s + n; p++)
			if (*p == '<')
				lt = p;
		if (!lt) {
			snprintf(err, errlen, "'%.*s' is not a valid e-mail address", (int)n, s);
			no_controls(err);
			return -1;
		}
		a = lt + 1;
		alen = (size_t)(s + n - 1 - a);
		nm = s;
		nmlen = (size_t)(lt - s);
	}
	for (size_t i = 0; i < alen; i++) {
		if ((unsigned char)a[i] < 0x20 || a[i] == 0x7F) {
			/* the display name is cleaned below; the address itself is refused */
			snprintf(err, errlen, "an e-mail address must not contain control characters "
					      "(line breaks, tabs)");
			return -1;
		}
	}
	if (!kb_email_valid(a, alen)) {
		snprintf(err, errlen, "'%.*s' is not a valid e-mail address (expected "
				      "name@example.com or Name <name@example.com>)", (int)n, s);
		no_controls(err);
		return -1;
	}
	if (name) {
		/* the display name: unquoted when it is one quoted string, then cleaned */
		kb_buf raw = {0}, clean = {0};
		while (nmlen && nm[nmlen - 1] == ' ')
			nmlen--;
		if (nmlen >= 2 && nm[0] == '"' && nm[nmlen - 1] == '"') {
			for (size_t i = 1; i + 1 < nmlen; i++) {
				if (nm[i] == '\\' && i + 2 < nmlen)
					i++;
				kb_buf_putc(&raw, nm[i]);
			}
		} else if (nmlen) {
			kb_buf_put(&raw, nm, nmlen);
		}
		clean_header_text(&clean, raw.data ? raw.data : "", KB_MAIL_MAX_SUBJECT);
		kb_buf_free(&raw);
		*name = kb_buf_take(&clean);
	}
	if (addr)
		*addr = xstrndup(a, alen);
	return 0;
}

/* Appends one address (a display name, maybe empty, and an addr-spec) to an address header,
 * after ", " unless first, folding where a line would pass LINE_MAX78. */
static void put_address(kb_buf *out, const char *name, const char *addr, bool first,
			size_t *col)
{
	if (!first) {
		kb_buf_putc(out, ',');
		(*col)++;
	}
	if (*name) {
		bool words = plain_ascii_words(name);
		for (const char *p = name; words && *p; p++)
			if (*p != ' ' && !atext((unsigned char)*p))
				words = false;
		if (words) {
			put_words(out, name, col);
		} else if (plain_ascii_words(name) && strlen(name) < 60) {
			kb_buf q = {0};
			kb_buf_putc(&q, '"');
			for (const char *p = name; *p; p++) {
				if (*p == '"' || *p == '\\')
					kb_buf_putc(&q, '\\');
				kb_buf_putc(&q, *p);
			}
			kb_buf_putc(&q, '"');
			if (*col + 1 + q.len > LINE_MAX78) {
				kb_buf_puts(out, "\r\n ");
				*col = 1;
			} else {
				kb_buf_putc(out, ' ');
				(*col)++;
			}
			kb_buf_put(out, q.data, q.len);
			*col += q.len;
			kb_buf_free(&q);
		} else {
			put_encoded_words(out, name, strlen(name), col);
		}
	}
	size_t l = strlen(addr) + (*name ? 2 : 0);
	if (*col + 1 + l > LINE_MAX78 && *col > 1) {
		kb_buf_puts(out, "\r\n ");
		*col = 1;
	} else {
		kb_buf_putc(out, ' ');
		(*col)++;
	}
	kb_buf_printf(out, *name ? "<%s>" : "%s", addr);
	*col += l;
}

/* Fills p[0..n) with random bytes: the system's, else a mix of the time and process id
 * (Message-IDs and boundaries need to be unique, not secret). */
static void random_bytes(unsigned char *p, size_t n)
{
	if (kb_random_bytes(p, n) == 0)
		return;
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	uint64_t x = (uint64_t)ts.tv_sec * 1000000007u ^ (uint64_t)ts.tv_nsec ^
		     ((uint64_t)getpid() << 32) ^ (uint64_t)(uintptr_t)p;
	for (size_t i = 0; i < n; i++) {
		x ^= x << 13, x ^= x >> 7, x ^= x << 17;
		p[i] = (unsigned char)x;
	}
}

/* Appends n random bytes as lower-case hex. */
static void put_random_hex(kb_buf *out, size_t n)
{
	unsigned char r[32];
	if (n > sizeof r)
		n = sizeof r;
	random_bytes(r, n);
	for (size_t i = 0; i < n; i++)
		kb_buf_printf(out, "%02x", r[i]);
}

/* Appends the RFC 5322 date of t in UTC ("Wed, 25 Nov 2026 09:30:00 +0000"), without the
 * locale. */
static void put_date(kb_buf *out, int64_t t)
{
	static const char days[7][4] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
	time_t tt = (time_t)t;
	struct tm tm;
	if (!gmtime_r(&tt, &tm)) {
		tt = 0;
		gmtime_r(&tt, &tm);
	}
	kb_buf_printf(out, "%s, %02d %.3s %04d %02d:%02d:%02d +0000", days[tm.tm_wday], tm.tm_mday,
		      kb_month_names[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

/* Appends s[0..n) quoted-printable (RFC 2045 6.7) with CRLF line ends: any line end of the
 * input (LF, CRLF or CR) is a hard line break; lines are at most QP_LINE characters with
 * soft breaks; '=', bytes outside printable ASCII, a space or tab before a line end, and a
 * '.' or the 'F' of "From " at the start of a line are encoded, so no line reads as SMTP's
 * end of data or an mbox separator. No CRLF is added at the end: a MIME delimiter brings its
 * own. */
static void put_qp(kb_buf *out, const char *s, size_t n)
{
	size_t col = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '\r' || c == '\n') {
			if (c == '\r' && i + 1 < n && s[i + 1] == '\n')
				i++;
			kb_buf_puts(out, "\r\n");
			col = 0;
			continue;
		}
		bool eol = i + 1 == n || s[i + 1] == '\r' || s[i + 1] == '\n';
		for (;;) {
			bool lit = (c >= 33 && c <= 126 && c != '=') || ((c == ' ' || c == '\t') && !eol);
			if (col == 0 && (c == '.' || (c == 'F' && n - i >= 5 &&
						      memcmp(s + i, "From ", 5) == 0)))
				lit = false;
			size_t tl = lit ? 1 : 3;
			/* the soft break's '=' needs a column, unless this ends the line */
			if (col + tl > QP_LINE - 1 && !(eol && col + tl <= QP_LINE)) {
				kb_buf_puts(out, "=\r\n");
				col = 0;
				continue;
			}
			if (lit)
				kb_buf_putc(out, (char)c);
			else
				kb_buf_printf(out, "=%02X", c);
			col += tl;
			break;
		}
	}
}

/* Appends a text part's headers and its quoted-printable body (cleaned to valid UTF-8). */
static void put_part(kb_buf *out, const char *type, const char *body)
{
	kb_buf clean = {0};
	clean_body_text(&clean, body);
	kb_buf_printf(out, "Content-Type: %s; charset=UTF-8\r\n"
			   "Content-Transfer-Encoding: quoted-printable\r\n\r\n", type);
	put_qp(out, clean.data ? clean.data : "", clean.len);
	kb_buf_free(&clean);
}

void kb_mail_free(kb_mail *m)
{
	free(m->from);
	kb_strv_free(&m->to);
	free(m->subject);
	free(m->text);
	free(m->html);
	memset(m, 0, sizeof *m);
}

int kb_mail_format(const kb_mail *m, kb_buf *out, char *err, size_t errlen)
{
	int ret = -1;
	char *from_name = NULL, *from_addr = NULL;
	kb_buf h = {0}, subj = {0};
	if (!m->from || !*m->from) {
		snprintf(err, errlen, "no sender address (From)");
		goto done;
	}
	if (kb_mail_addr_parse(m->from, &from_name, &from_addr, err, errlen) != 0)
		goto done;
	if (m->to.n == 0) {
		snprintf(err, errlen, "no recipient");
		goto done;
	}
	if (m->to.n > KB_MAIL_MAX_TO) {
		snprintf(err, errlen, "%zu recipients; at most %d", m->to.n, KB_MAIL_MAX_TO);
		goto done;
	}

	size_t col = 5;
	kb_buf_puts(&h, "From:");
	put_address(&h, from_name, from_addr, true, &col);
	kb_buf_puts(&h, "\r\nTo:");
	col = 3;
	for (size_t i = 0; i < m->to.n; i++) {
		char *name, *addr;
		if (kb_mail_addr_parse(m->to.v[i], &name, &addr, err, errlen) != 0)
			goto done;
		put_address(&h, name, addr, i == 0, &col);
		free(name);
		free(addr);
	}

	clean_header_text(&subj, m->subject ? m->subject : "", KB_MAIL_MAX_SUBJECT);
	kb_buf_puts(&h, "\r\nSubject:");
	col = 8;
	if (subj.len == 0) {
		/* RFC 5322 allows an empty unstructured field, but keep one space after the colon */
		kb_buf_putc(&h, ' ');
	} else if (plain_ascii_words(subj.data)) {
		put_words(&h, subj.data, &col);
	} else {
		put_encoded_words(&h, subj.data, subj.len, &col);
	}

	kb_buf_puts(&h, "\r\nDate: ");
	put_date(&h, m->date ? m->date : (int64_t)time(NULL));
	kb_buf_puts(&h, "\r\nMessage-ID: <kblint.");
	put_random_hex(&h, 16);
	kb_buf_printf(&h, "@%s>\r\n", strchr(from_addr, '@') + 1);
	kb_buf_puts(&h, "MIME-Version: 1.0\r\nAuto-Submitted: auto-generated\r\n");
	if (m->html) {
		/* "=_" never occurs in quoted-printable text, so the boundary cannot either */
		kb_buf boundary = {0};
		kb_buf_puts(&boundary, "=_kblint_");
		put_random_hex(&boundary, 12);
		kb_buf_printf(&h, "Content-Type: multipart/alternative;\r\n boundary=\"%s\"\r\n\r\n"
				  "This is a message in two forms: plain text and HTML.\r\n",
			      boundary.data);
		kb_buf_printf(&h, "\r\n--%s\r\n", boundary.data);
		put_part(&h, "text/plain", m->text);
		kb_buf_printf(&h, "\r\n--%s\r\n", boundary.data);
		put_part(&h, "text/html", m->html);
		kb_buf_printf(&h, "\r\n--%s--\r\n", boundary.data);
		kb_buf_free(&boundary);
	} else {
		put_part(&h, "text/plain", m->text);
		if (h.len < 2 || memcmp(h.data + h.len - 2, "\r\n", 2) != 0)
			kb_buf_puts(&h, "\r\n");
	}
	kb_buf_put(out, h.data, h.len);
	ret = 0;
done:
	free(from_name);
	free(from_addr);
	kb_buf_free(&h);
	kb_buf_free(&subj);
	return ret;
}
