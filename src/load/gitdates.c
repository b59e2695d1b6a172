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

void kb_gitdates_parse(kb_gitdates *g, const char *out, size_t len)
{
	enum { HEADER, DECOR, NAMES } want = HEADER;
	kb_date date = 0;
	bool grafted = false, first = false;
	for (size_t i = 0; i < len;) {
		const char *t = out + i;
		const char *z = memchr(t, '\0', len - i);
		size_t n = z ? (size_t)(z - t) : len - i;
		i += n + 1;
		if (n == 0) {
			want = HEADER; /* between commits */
			continue;
		}
		if (want == HEADER) {
			if (t[0] == 'C' && kb_date_parse_iso(t + 1, n - 1, &date) == 0)
				want = DECOR;
			continue;
		}
		if (want == DECOR) {
			grafted = false;
			/* "D" then "grafted", "HEAD" or both, joined with ", " */
			for (size_t k = 1; k + 7 <= n; k++)
				if ((k == 1 || t[k - 1] == ' ') && memcmp(t + k, "grafted", 7) == 0 &&
				    (k + 7 == n || t[k + 7] == ','))
					grafted = true;
			want = NAMES;
			first = true;
			continue;
		}
		if (first && t[0] == '\n') {
			t++;
			n--;
		}
		first = false;
		if (!n)
			continue;
		char *name = xstrndup(t, n);
		kb_strmap_put(&g->names, name, ((size_t)(date + BIAS) << 1) | grafted);
		free(name);
	}
}

int kb_gitdates_load(kb_gitdates *g, const char *dir, kb_buf *err)
{
	memset(g, 0, sizeof *g);
	char buf[PATH_MAX];
	g->root = xstrdup(realpath(dir, buf) ? buf : dir);
	char *argv[] = {"git", "-C", g->root, GIT_LOG_ARGS, NULL};
	kb_buf out = {0}, e = {0};
	int rc = kb_git_run(argv, &out, &e);
	int ret = 0;
	if (rc == 0) {
		kb_gitdates_parse(g, out.data ? out.data : "", out.len);
	} else if (rc > 0 && e.data && strstr(e.data, "does not have any commits yet")) {
		/* a new repository: no file has a commit */
	} else {
		kb_buf_puts(err, rc < 0 && e.len ? e.data : kb_git_message(&e));
		ret = -1;
	}
	kb_buf_free(&out);
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
		return KB_GITDATE_NONE;
	return kb_gitdates_lookup_rel(g, abs + n + 1, date);
}

void kb_gitdates_free(kb_gitdates *g)
{
	free(g->root);
	kb_strmap_free(&g->names);
	memset(g, 0, sizeof *g);
}
