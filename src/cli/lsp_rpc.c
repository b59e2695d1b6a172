/* lsp_rpc.c: the base protocol of LSP: "Content-Length: N\r\n" headers, a blank line, then N
 * bytes of JSON (lsp.h). Bad headers and bad JSON are reported to the caller, which answers
 * them; only the end of the input ends the reading. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ascii.h"
#include "lsp.h"
#include "util.h"

/* Reads one header line (without its CR LF or LF) into line. Returns its length, -1 at the
 * end of the input before any byte, -2 at the end inside the line, -3 for a line too long. */
static long read_line(FILE *in, char *line, size_t cap)
{
	size_t n = 0;
	int ch;
	while ((ch = getc(in)) != EOF) {
		if (ch == '\n') {
			if (n && line[n - 1] == '\r')
				n--;
			line[n] = '\0';
			return (long)n;
		}
		if (n + 1 >= cap) {
			while ((ch = getc(in)) != EOF && ch != '\n')
				; /* skip the rest of the line */
			return -3;
		}
		line[n++] = (char)ch;
	}
	return n ? -2 : -1;
}

kb_rpc_status kb_rpc_read(FILE *in, json_t **msg, char *why, size_t whylen)
{
	char line[KB_LSP_MAX_HEADER];
	long long length = -1;
	bool bad_length = false, any = false;
	*msg = NULL;
	for (;;) {
		long n = read_line(in, line, sizeof line);
		if (n == -1)
			return any ? KB_RPC_TRUNCATED : KB_RPC_EOF;
		if (n == -2)
			return KB_RPC_TRUNCATED;
		if (n == 0 && any)
			break;
		if (n == 0)
			continue; /* blank lines between messages */
		any = true;
		if (n < 0)
			continue; /* an overlong header line: not Content-Length, so nothing lost */
		const char *colon = strchr(line, ':');
		if (!colon)
			continue;
		if ((size_t)(colon - line) == 14 && strncasecmp(line, "Content-Length", 14) == 0) {
			const char *p = colon + 1;
			while (*p == ' ' || *p == '\t')
				p++;
			long long v = 0;
			bool digits = kb_isdigit(*p);
			for (; kb_isdigit(*p) && v <= KB_LSP_MAX_MESSAGE; p++)
				v = v * 10 + (*p - '0');
			while (*p == ' ' || *p == '\t')
				p++;
			if (!digits || *p || v > KB_LSP_MAX_MESSAGE)
				bad_length = true;
			else
				length = v;
		}
	}
	if (bad_length || length < 0) {
		snprintf(why, whylen, "%s",
			 bad_length ? "the Content-Length header is not a size of at most 64 MiB"
				    : "the message has no Content-Length header");
		return KB_RPC_BAD;
	}
	char *body = xmalloc((size_t)length + 1);
	size_t got = fread(body, 1, (size_t)length, in);
	if (got < (size_t)length) {
		free(body);
		return KB_RPC_TRUNCATED;
	}
	json_error_t err;
	*msg = json_loadb(body, (size_t)length, JSON_DECODE_ANY, &err);
	free(body);
	if (!*msg) {
		snprintf(why, whylen, "invalid JSON at line %d, column %d: %s", err.line, err.column,
			 err.text);
		return KB_RPC_BAD;
	}
	return KB_RPC_OK;
}

int kb_rpc_write(FILE *out, const json_t *msg)
{
	char *text = json_dumps(msg, JSON_COMPACT);
	if (!text)
		return -1;
	size_t n = strlen(text);
	int ok = fprintf(out, "Content-Length: %zu\r\n\r\n", n) > 0 && fwrite(text, 1, n, out) == n &&
		 fflush(out) == 0;
	free(text);
	return ok ? 0 : -1;
}
