/* gitrun.h: runs git and collects what it prints; used by --changed-since (src/cli/changed.c)
 * and freshness.fallback: git (src/load/gitdates.c). */
#ifndef KB_GITRUN_H
#define KB_GITRUN_H

#include "util.h"

/* Runs argv (argv[0] is "git", looked up in PATH), stdin from /dev/null; appends its stdout to
 * out and its stderr to err. Returns the exit status, 128 + the signal, or -1 when git could not
 * be started (err says why). */
int kb_git_run(char *const argv[], kb_buf *out, kb_buf *err);
/* Receives git's standard output as it comes, a chunk at a time. */
typedef void (*kb_git_sink)(void *ud, const char *data, size_t n);
/* The same, with stdout handed to sink as it is read rather than kept: for output larger than
 * what is worth holding (git log of a long history). */
int kb_git_run_stream(char *const argv[], kb_git_sink sink, void *ud, kb_buf *err);
/* git's first line of complaint in e, without its "fatal: " or "error: " ("git failed" when
 * there is none). Cuts e at its first newline; points into e. */
const char *kb_git_message(kb_buf *e);

#endif
