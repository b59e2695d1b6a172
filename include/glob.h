/* glob.h: path globs with "**", used for include and exclude. */
#ifndef KB_GLOB_H
#define KB_GLOB_H

#include <stdbool.h>

/* Matches path (relative, '/'-separated) against pat: "*" and "?" stay within one segment,
 * "[...]" is a class, "**" as a whole segment matches any number of segments. As in .gitignore:
 * a pattern with no '/' (but a trailing one) matches a segment at any depth; a leading '/' or
 * "./" anchors it to the top; a pattern that matches a folder matches everything below it. */
bool kb_glob_match(const char *pat, const char *path);

#endif
