/* util.h: memory, byte slices, growable buffers and string vectors; any module may include it. */
#ifndef KB_UTIL_H
#define KB_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

/* Out of memory is not an error kblint recovers from: these abort with a message, so they never
 * return NULL (returns_nonnull tells the compiler and the static analyzer so). */
#define KB_NONNULL __attribute__((returns_nonnull))
void *xmalloc(size_t n) KB_NONNULL;
void *xcalloc(size_t n, size_t size) KB_NONNULL;
void *xrealloc(void *p, size_t n) KB_NONNULL;
char *xstrdup(const char *s) KB_NONNULL;            /* caller frees */
char *xstrndup(const char *s, size_t n) KB_NONNULL; /* caller frees; result is NUL-terminated */

/* A growable byte buffer, always NUL-terminated after the first write. */
typedef struct {
	char *data;
	size_t len, cap;
} kb_buf;

void kb_buf_put(kb_buf *b, const void *p, size_t n);
void kb_buf_puts(kb_buf *b, const char *s);
/* One byte: inline, since parsers call it for most bytes they keep. */
static inline void kb_buf_putc(kb_buf *b, char c)
{
	if (b->data && b->len + 2 <= b->cap) {
		b->data[b->len++] = c;
		b->data[b->len] = '\0';
		return;
	}
	kb_buf_put(b, &c, 1);
}
/* Appends code point cp as UTF-8 (1 to 4 bytes; cp is not checked). */
void kb_buf_put_utf8(kb_buf *b, unsigned long cp);
void kb_buf_printf(kb_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void kb_buf_vprintf(kb_buf *b, const char *fmt, va_list ap);
/* Returns the contents (never NULL) and resets b; the caller frees the result. */
char *kb_buf_take(kb_buf *b);
void kb_buf_free(kb_buf *b);

/* A vector of heap strings; the vector owns them. */
typedef struct {
	char **v;
	size_t n, cap;
} kb_strv;

void kb_strv_push(kb_strv *sv, const char *s); /* copies s */
void kb_strv_clear(kb_strv *sv);
void kb_strv_free(kb_strv *sv);
bool kb_strv_contains(const kb_strv *sv, const char *s);

/* ASCII helpers that ignore the locale. */
int kb_strcasecmp(const char *a, const char *b);
bool kb_streq_n(const char *s, size_t n, const char *lit); /* s[0..n) equals lit */

/* The edit distance between a and b (insertions, deletions, substitutions, and a swap of two
 * neighbours, each one edit: optimal string alignment), for "did you mean" suggestions; SIZE_MAX
 * when either is longer than KB_EDIT_MAX bytes. */
enum { KB_EDIT_MAX = 64 };
size_t kb_edit_distance(const char *a, const char *b);

/* The end of s that is end ("x/y.md" of "/kb/x/y.md"): a pointer into s, or NULL when s does
 * not end with end. */
const char *kb_str_ending(const char *s, const char *end);
/* Joins a and b with one '/', treating "." as empty; caller frees. */
char *kb_path_join(const char *a, const char *b);
/* Lexically normalized absolute form of path (".", ".." and "//" folded; a relative path is
 * taken from the current folder; symbolic links are not resolved). Caller frees. */
char *kb_path_absolute(const char *path);
/* The same with a relative path taken from the folder cwd (an absolute path; NULL: the current
 * folder), which a caller making many paths absolute reads once. Caller frees. */
char *kb_path_absolute_in(const char *cwd, const char *path);
/* The physical absolute path of p: realpath when p exists, else its folder's realpath joined
 * with its name, else p made absolute lexically. Caller frees. */
char *kb_path_physical(const char *p);
/* True for a link to another site: a URL with a scheme (https:, mailto:) or protocol-relative
 * (//host); such links are never resolved against the knowledge base. */
bool kb_url_external(const char *u);
/* Seconds on a monotonic clock, for measuring how long something takes. */
double kb_monotonic_seconds(void);



/* Reads a whole regular file into a NUL-terminated heap buffer (caller frees). Returns 0, or -1
 * with a reason ("No such file or directory", "is a directory", ...) in err. */
int kb_read_file(const char *path, size_t max, char **out, size_t *len, char *err, size_t errlen);
/* Writes data to path atomically: a temporary file beside it, then rename. A path that is a
 * device or a pipe (/dev/null, /dev/stdout, a FIFO) is written to instead, never replaced.
 * Returns 0, or -1 with errno's reason in err. */
int kb_write_file_atomic(const char *path, const char *data, size_t len, char *err, size_t errlen);
/* The same writer for an editor replacing a file it has read (edit/replace.c): target must
 * exist and be a real path, not a link; the temporary file is hidden beside it
 * (DIR/.kblint-XXXXXX) so that a check running meanwhile never reads it, takes target's mode and,
 * where allowed, its owner, and is renamed over target only when still(target, ud) holds just
 * before (NULL: always). Returns 0, 1 when still said no (nothing written), or -1 with errno's
 * reason alone in err. */
int kb_replace_file_atomic(const char *target, const char *data, size_t len,
			   bool (*still)(const char *target, void *ud), void *ud, char *err,
			   size_t errlen);
/* Writes data to path, which must not exist, atomically (a temporary file beside it, then a hard
 * link to path, which fails rather than replace a file that appeared meanwhile). Returns 0, -1
 * with errno's reason ("No space left on device") in err, or 1 when path exists (nothing
 * written). */
int kb_write_file_new(const char *path, const char *data, size_t len, char *err, size_t errlen);
/* Offset of the first byte that is not part of valid UTF-8 (overlongs and surrogates are
 * invalid), or n when s[0..n) is valid. */
size_t kb_utf8_invalid(const char *s, size_t n);
/* The length of the UTF-8 sequence at s (at most n bytes) and its code point in *cp; 0, *cp
 * untouched, for a byte that starts no valid sequence (overlongs, surrogates and code points
 * past U+10FFFF are invalid). */
size_t kb_utf8_decode(const unsigned char *s, size_t n, unsigned long *cp);
#endif
