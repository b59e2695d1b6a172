/* codeowners.h: a CODEOWNERS file (GitHub's or GitLab's syntax) as the owner of articles whose
 * metadata names none (config key `codeowners`); loaded by the CLI, read by the loader
 * (src/load/meta.c) through kb_config.codeowners.
 *
 * Patterns are gitignore-style and relative to the repository root: a leading '/' or (GitHub) a
 * '/' inside anchors a pattern there, else it matches at any depth (GitLab matches every pattern
 * without a leading '/' at any depth: a file in .gitlab/ or with sections is GitLab's); a
 * trailing '/' matches folders
 * only; '*' and '?' stay within a path segment, a whole-segment "**" spans segments; a pattern
 * that matches a folder owns everything below it, except a last segment of just '*' (docs/\*
 * owns the files directly in docs/). The last matching line wins; its owners are all the owners
 * it lists (none: nobody owns the file). GitLab's sections ("[Docs]", "^[Optional]", "[Docs][2]")
 * each give their own last match, and their owners are joined in the order the sections first
 * appear; a line with no owners in a section takes the section's default owners (those on its
 * header line). */
#ifndef KB_CODEOWNERS_H
#define KB_CODEOWNERS_H

#include <stddef.h>

#include "diag.h"

typedef struct kb_codeowners kb_codeowners;

/* GitHub's rule: a larger CODEOWNERS file is not read. */
enum { KB_CODEOWNERS_MAX_BYTES = 3 * 1024 * 1024 };

/* Parses the text src[0..len) of a CODEOWNERS file named path (for messages, and ending in
 * ".gitlab/CODEOWNERS" for GitLab's reading of patterns), whose patterns are
 * relative to the folder root (absolute, symbolic links resolved). Never fails: lines it cannot
 * use (a "!" pattern, which neither GitHub nor GitLab supports) are skipped. Free with
 * kb_codeowners_free. */
kb_codeowners *kb_codeowners_parse(const char *src, size_t len, const char *path,
				   const char *root);
/* Reads the file at path as kb_codeowners_parse does. Returns the set, or NULL with
 * "PATH: error: ..." in errs. */
kb_codeowners *kb_codeowners_load(const char *path, const char *root, kb_errs *errs);
void kb_codeowners_free(kb_codeowners *c);

/* The owners of rel, a file's path relative to the root ('/'-separated, no leading "./"):
 * every owner of the winning line of each section, once each, joined with ", "; NULL when no
 * line matches or the winning lines list nobody. Caller frees. */
char *kb_codeowners_owners(const kb_codeowners *c, const char *rel);
/* The same for a file named by its physical absolute path; NULL when it is not below the
 * root. Caller frees. */
char *kb_codeowners_owners_of(const kb_codeowners *c, const char *abs);

/* Where the CODEOWNERS of the folder dir is: the first of .github/CODEOWNERS, CODEOWNERS,
 * docs/CODEOWNERS and .gitlab/CODEOWNERS found in dir or a folder above it, the search
 * stopping at the repository root (the folder holding .git). Returns the file's path and sets
 * *root to the folder whose CODEOWNERS it is (both heap, caller frees), or NULL. */
char *kb_codeowners_find(const char *dir, char **root);

/* The folder whose CODEOWNERS the file at path is: the repository it is in (the nearest folder
 * above it holding .git), else the folder holding its .github, .gitlab or docs folder, else its
 * own folder. Absolute, links resolved; caller frees. */
char *kb_codeowners_root(const char *path);

/* Calls fn with every owner the file names (a section's defaults included), in file order,
 * with the line that names it; fn may be called more than once with the same name. */
void kb_codeowners_each(const kb_codeowners *c, void (*fn)(void *ud, const char *owner, int line),
			void *ud);
/* The file's path as given to kb_codeowners_parse. */
const char *kb_codeowners_path(const kb_codeowners *c);

#endif
