/* markup.h: internal to src/load: template and directive markup in a Markdown source (markup.c). */
#ifndef KB_MARKUP_H
#define KB_MARKUP_H

#include <stdbool.h>
#include <stddef.h>

#include "config.h"

typedef enum {
	KB_MARKUP_NONE,
	KB_MARKUP_SHORTCODE, /* Hugo: "{{< x >}}", "{{% x %}}" */
	KB_MARKUP_TEMPLATE,  /* "{% tag %}", "<% ruby %>", "{{ output }}" */
	KB_MARKUP_DIRECTIVE, /* docfx ":::image ...:::", "[!NOTE]" */
	KB_MARKUP_INCLUDE,   /* docfx "[!INCLUDE[title](path)]" */
} kb_markup_kind;

typedef struct {
	kb_markup_kind kind;
	size_t start, end;          /* offsets in the source */
	size_t path_off, path_len;  /* KB_MARKUP_INCLUDE: the included path in the source */
} kb_markup;

/* Where each closing delimiter (and the end of an include) was looked for in vain: a search that
 * starts in [from, to) is not made again, so a line of "{{{{{{" costs its length, not its square
 * (one that would have found its closer just past the first one's 8 KB reach is missed). Zero it
 * before the first call on a file. */
typedef struct {
	size_t from[6], to[6];
} kb_markup_memo;

/* The markup that starts at s[at] (s[0..n) is the whole file, to tell a line's start), into *m:
 * returns its end offset, or 0 when none starts there. langs: the config's KB_MARKUP_* bits
 * (whether "{{ x }}" is a template output or a placeholder). */
size_t kb_markup_at(const char *s, size_t n, size_t at, unsigned langs, kb_markup_memo *memo,
		    kb_markup *m);
/* The page path a Hugo "ref" or "relref" shortcode s[0..n) names, as s[*off..*off+*len). */
bool kb_markup_ref(const char *s, size_t n, size_t *off, size_t *len);
/* True for a link target that is a shortcode or template expression (never a path). */
bool kb_markup_url(const char *u);

#endif
