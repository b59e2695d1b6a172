/* gitrun.h: runs git and collects what it prints; used by --changed-since (src/cli/changed.c)
 * and freshness.fallback: git (src/load/gitdates.c). */
#ifndef KB_GITRUN_H
#define KB_GITRUN_H

#include "util.h"

/* Runs argv (argv[0] is "git", looked up in PATH), stdin from /dev/null; appends its stdout to
 * out and its stderr to err. Returns the exit status, 128 + the signal, or -1 when git could not
 * be started (err says why). */
int kb_git_run(char *const argv[], kb_buf *out, kb_buf *err);
/* git's first line of complaint in e, without its "fatal: " or "error: " ("git failed" when
 * there is none). Cuts e at its first newline; points into e. */
const char *kb_git_message(kb_buf *e);

#endif
