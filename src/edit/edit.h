/* edit.h: internal to src/edit and src/cli: byte-exact edits of an article's metadata for
 * `kblint verify`, unified diffs, and replacing a file only when nobody changed it meanwhile. */
#ifndef KB_EDIT_H
#define KB_EDIT_H

#include <stddef.h>

#include "article.h"
#include "config.h"
#include "date.h"
#include "util.h"

/* What `kblint verify` sets in one article of one file. */
typedef struct {
	const kb_config *cfg;
	const char *display;  /* the file as the user named it, for messages */
	kb_filetype type;
	int line;             /* YAML: the entry that starts at or contains this line; 0: none */
	kb_date date;         /* the review date */
	const char *by;       /* the verifier, or NULL */
} kb_review;

/* What kb_review_apply made, or why it refused. Free with kb_review_result_free. */
typedef struct {
	char *out;             /* the new file (heap, NUL-terminated) */
	size_t out_len;
	char *reviewed_key;    /* the field names set (heap); verifier_key is NULL without by */
	char *verifier_key;
	int entry_line;        /* an entry of a YAML list: the line of its first key; else 0 */
	char *err;             /* the refusal (heap), or NULL */
	int err_line, err_col; /* where: 0 when there is no line (or no column) */
} kb_review_result;

/* Sets the reviewed field of one article in src[0..len) to rv->date, and the verifier field to
 * rv->by when given, changing no other byte: a value's bytes are replaced in its own quoting
 * style, a missing field becomes a new "key: value" line (with the line end of the line before
 * it), and a Markdown file without front matter gets one. The result is parsed again and
 * compared with the original, field by field, before it is returned. Returns 0 with res->out
 * set, or -1 with res->err set; the caller frees res either way. */
int kb_review_apply(const char *src, size_t len, const kb_review *rv, kb_review_result *res);
void kb_review_result_free(kb_review_result *res);

/* Appends dt written with a date format to out: %Y %y %m %d %e %b %B %h %% as strftime(3) writes
 * them, with English month names; any other character is copied. */
void kb_date_format_as(kb_date dt, const char *fmt, kb_buf *out);

/* Appends to out a unified diff from a[0..alen) to b[0..blen) as `diff -u` prints it: lines end
 * at '\n', three lines of context, "--- label_a" and "+++ label_b" headers, and "\ No newline
 * at end of file" after a last line without one. Appends nothing when a and b are equal. */
void kb_udiff(const char *a, size_t alen, const char *b, size_t blen, const char *label_a,
	      const char *label_b, kb_buf *out);

/* Replaces the file at path (a symbolic link is followed) with data[0..len): writes a temporary
 * file in the same folder, gives it the file's mode, syncs it, then renames it over the file,
 * but only when the file still holds expect[0..expect_len) just before the rename. A file we may
 * not write is refused like a folder we may not write in. Returns 0
 * when written, 1 when the file had changed (nothing written), or -1 with the reason in err
 * (nothing written either). */
int kb_replace_file(const char *path, const char *data, size_t len, const char *expect,
		    size_t expect_len, char *err, size_t errlen);

#endif
