/* gitdates.c: each file's last commit date from one `git log --name-only -z` pass. */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "gitdates.h"
#include "gitrun.h"

/* A name's value in the map: (date + BIAS) * 2, plus 1 when the name was first seen in a
 * commit at a shallow clone's boundary. BIAS keeps the dates of years 1 to 9999 positive. */
enum { BIAS = 1000000 };

/* The git command: one record per commit, newest first: "\0C" and the committer date
 * (YYYY-MM-DD), "\0D" and its decorations (only "grafted" and "HEAD" are left: a shallow
 * boundary is "grafted"), then "\0\n" and the names it changed, each ending in "\0". Names are
 * relative to the folder git runs in (--relative), limited to it ("-- ."). */
#define GIT_LOG_ARGS                                                                             \
	"log", "--format=%x00C%cs%x00D%D", "--decorate-refs-exclude=*", "--no-show-signature",     \
		"--name-only", "--no-renames", "-z", "--relative", "--", "."

/* Where the reading of git's output is: what the next token is, and the token so far when a
 * chunk ended inside it. */
typedef struct {
	kb_gitdates *g;
	enum { HEADER, DECOR, NAMES } want;
	kb_date date;
	bool grafted, first;
	kb_buf tok;
} reader;

/* One token t[0..n) of the output (the text between two NULs). */
static void token(reader *r, const char *t, size_t n)
{
	if (n == 0) {
		r->want = HEADER; /* between commits */
		return;
	}
	if (r->want == HEADER) {
		if (t[0] == 'C' && kb_date_parse_iso(t + 1, n - 1, &r->date) == 0)
			r->want = DECOR;
		return;
	}
	if (r->want == DECOR) {
		r->grafted = false;
		/* "D" then "grafted", "HEAD" or both, joined with ", " */
		for (size_t k = 1; k + 7 <= n; k++)
			if ((k == 1 || t[k - 1] == ' ') && memcmp(t + k, "grafted", 7) == 0 &&
			    (k + 7 == n || t[k + 7] == ','))
				r->grafted = true;
		r->want = NAMES;
		r->first = true;
		return;
	}
	if (r->first && t[0] == '\n') {
		t++;
		n--;
	}
	r->first = false;
	if (!n)
		return;
	char *name = xstrndup(t, n);
	kb_strmap_put(&r->g->names, name, ((size_t)(r->date + BIAS) << 1) | r->grafted);
	free(name);
}

/* kb_git_sink: splits the chunk at NULs, joining a token split between chunks. */
static void feed(void *ud, const char *data, size_t len)
{
	reader *r = ud;
	for (size_t i = 0; i < len;) {
		const char *z = memchr(data + i, '\0', len - i);
		if (!z) {
			kb_buf_put(&r->tok, data + i, len - i);
			return;
		}
		size_t n = (size_t)(z - (data + i));
		if (r->tok.len) {
			kb_buf_put(&r->tok, data + i, n);
			token(r, r->tok.data, r->tok.len);
			r->tok.len = 0;
		} else {
			token(r, data + i, n);
		}
		i += n + 1;
	}
}

void kb_gitdates_parse(kb_gitdates *g, const char *out, size_t len)
{
	reader r = {.g = g};
	feed(&r, out, len);
	kb_buf_free(&r.tok);
}

int kb_gitdates_load(kb_gitdates *g, const char *dir, kb_buf *err)
{
	memset(g, 0, sizeof *g);
	char buf[PATH_MAX];
	g->root = xstrdup(realpath(dir, buf) ? buf : dir);
	char *argv[] = {"git", "-C", g->root, GIT_LOG_ARGS, NULL};
	kb_buf e = {0};
	reader r = {.g = g};
	int rc = kb_git_run_stream(argv, feed, &r, &e);
	kb_buf_free(&r.tok);
	/* read as it came; a new repository (no commit yet) is an empty history */
	bool fresh = rc > 0 && e.data && strstr(e.data, "does not have any commits yet");
	int ret = 0;
	if (rc != 0 && !fresh) {
		kb_buf_puts(err, rc < 0 && e.len ? e.data : kb_git_message(&e));
		ret = -1;
	}
	kb_buf_free(&e);
	return ret;
}

kb_gitdate_state kb_gitdates_lookup_rel(const kb_gitdates *g, const char *rel, kb_date *date)
{
	size_t v = kb_strmap_get(&g->names, rel);
	if (v == (size_t)-1)
		return KB_GITDATE_NONE;
	if (v & 1)
		return KB_GITDATE_SHALLOW;
	*date = (kb_date)((long)(v >> 1) - BIAS);
	return KB_GITDATE_OK;
}

kb_gitdate_state kb_gitdates_lookup(const kb_gitdates *g, const char *abs, kb_date *date)
{
	size_t n = strlen(g->root);
	if (n == 1 && g->root[0] == '/')
		return kb_gitdates_lookup_rel(g, abs + 1, date);
	if (strncmp(abs, g->root, n) != 0 || abs[n] != '/')
		return KB_GITDATE_OUTSIDE;
	return kb_gitdates_lookup_rel(g, abs + n + 1, date);
}

void kb_gitdates_free(kb_gitdates *g)
{
	free(g->root);
	kb_strmap_free(&g->names);
	memset(g, 0, sizeof *g);
}
