/* glob.h: path globs with "**", used for include and exclude. */
#ifndef KB_GLOB_H
#define KB_GLOB_H

#include <stdbool.h>

/* Matches path (relative, '/'-separated) against pat: "*" and "?" stay within one segment,
 * "[...]" is a class, "**" as a whole segment matches any number of segments. A pattern with no
 * '/' matches the last segment at any depth, as in .gitignore. */
bool kb_glob_match(const char *pat, const char *path);

#endif
