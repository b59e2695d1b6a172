/* frontmatter.h: splits a Markdown file into YAML front matter and body; used by src/load. */
#ifndef KB_FRONTMATTER_H
#define KB_FRONTMATTER_H

#include <stdbool.h>
#include <stddef.h>

typedef struct {
	bool present;
	size_t fm_off, fm_len;  /* the YAML text between the fences */
	int fm_line;            /* file line of the YAML text's first line */
	size_t body_off;        /* where the body starts */
	int body_line;          /* file line of the body's first line */
	int error_line;         /* when unterminated: the opening fence's line, else 0 */
} kb_frontmatter;

/* src[0..len) is the whole file; a UTF-8 BOM is skipped. A front matter opens with a "---" line
 * at the very top and closes with a "---" or "..." line; CRLF and CR line ends are accepted.
 * Returns 0, or -1 when the front matter never closes (error_line set). */
int kb_frontmatter_split(const char *src, size_t len, kb_frontmatter *out);

#endif
