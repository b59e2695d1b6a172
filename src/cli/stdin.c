/* stdin.c: `kblint check --stdin --stdin-filename PATH`: checks the text on standard input as
 * if it were the file PATH, for editors that lint a buffer before it is saved. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

/* The physical path of the nearest folder of path that exists, and the rest of path below it
 * (kb/new/page.md with no kb/new: the realpath of kb, and "new/page.md"). Both are heap copies;
 * *rest may be NULL. */
static char *existing_folder(const char *path, char **rest)
{
	char *abs = kb_path_absolute(path), real[PATH_MAX];
	size_t n = (size_t)(strrchr(abs, '/') - abs); /* the folder is abs[0..n), "/" when n is 0 */
	bool ok;
	for (;;) {
		char *dir = n ? xstrndup(abs, n) : xstrdup("/");
		struct stat st;
		ok = realpath(dir, real) && stat(real, &st) == 0 && S_ISDIR(st.st_mode);
		free(dir);
		if (ok || n == 0)
			break;
		while (n > 0 && abs[n - 1] != '/')
			n--;
		if (n > 0)
			n--; /* abs[n] is the slash before the folder's name */
	}
	if (rest)
		*rest = xstrdup(abs + n + 1);
	free(abs);
	return xstrdup(ok ? real : "/");
}

char *kb_stdin_folder(const char *path)
{
	return existing_folder(path, NULL);
}

/* Reads all of fd into a heap buffer (caller frees *out). Returns 0, or -1 with errno set. */
static int read_all(int fd, char **out, size_t *len)
{
	kb_buf b = {0};
	char chunk[65536];
	for (;;) {
		ssize_t n = read(fd, chunk, sizeof chunk);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int e = errno;
			kb_buf_free(&b);
			errno = e;
			return -1;
		}
		if (n == 0)
			break;
		if (b.len + (size_t)n > KB_MAX_FILE_BYTES) {
			kb_buf_free(&b);
			errno = EFBIG;
			return -1;
		}
		kb_buf_put(&b, chunk, (size_t)n);
	}
	*len = b.len;
	*out = b.data ? kb_buf_take(&b) : xstrdup("");
	return 0;
}

char *kb_check_root(const kb_setup *s, const char *path, char **abs)
{
	/* the neighbours are the knowledge base the config covers, else the file's folder (or the
	 * nearest one that exists); both sides are physical paths, so links between them resolve
	 * whatever symbolic links led there */
	char *rest, *folder = existing_folder(path, &rest);
	char *root = xstrdup(s->cfg.path ? s->cfg.dir : folder);
	char *joined = kb_path_join(folder, rest);
	*abs = kb_path_absolute(joined);
	free(joined);
	free(rest);
	free(folder);
	return root;
}

int kb_check_text(kb_setup *s, const char *path, const char *text, size_t len, kb_results *res)
{
	char *abs, *root = kb_check_root(s, path, &abs);
	char *paths[] = {root};
	kb_engine_check_text_as(&s->engine, paths, 1, abs, path, text, len, res);
	free(abs);
	free(root);
	return 0;
}

int kb_stdin_check(kb_setup *s, const char *path, kb_results *res)
{
	char *text;
	size_t len;
	if (read_all(STDIN_FILENO, &text, &len) != 0) {
		fprintf(stderr, "kblint: cannot read standard input: %s\n", strerror(errno));
		return -1;
	}
	int ret = kb_check_text(s, path, text, len, res);
	free(text);
	return ret;
}
