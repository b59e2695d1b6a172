/* cache.c: bytes kept between runs under a key (cache.h). A file is
 *     "kblint cache 1\n"  the magic, 15 bytes
 *     keylen, key         a little-endian 64-bit length, then the key
 *     len, data           the same for the data
 * named NAME-HHHHHHHHHHHHHHHH, the key's 64-bit hash in hex. */
#include "cache.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "diag.h"
#include "util.h"

#define MAGIC "kblint cache 1\n"
#define MAGIC_LEN 15
#define MAX_FILE (512u << 20)

char *kb_cache_dir(void)
{
	const char *d = getenv("KBLINT_CACHE_DIR");
	if (d)
		return *d ? xstrdup(d) : NULL;
	const char *xdg = getenv("XDG_CACHE_HOME");
	if (xdg && xdg[0] == '/')
		return kb_path_join(xdg, "kblint");
	const char *home = getenv("HOME");
	if (!home || home[0] != '/')
		return NULL;
	char *c = kb_path_join(home, ".cache");
	char *r = kb_path_join(c, "kblint");
	free(c);
	return r;
}

/* dir/name-HASH (caller frees): the hash only names the file; the key inside decides */
static char *file_of(const char *dir, const char *name, const char *key, size_t keylen)
{
	kb_buf b = {0};
	kb_buf_printf(&b, "%s/%s-%016llx", dir, name, (unsigned long long)kb_hash_bytes(KB_HASH_INIT, key, keylen));
	return kb_buf_take(&b);
}

static void put_u64(kb_buf *b, uint64_t v)
{
	unsigned char c[8];
	for (int i = 0; i < 8; i++)
		c[i] = (unsigned char)(v >> (8 * i));
	kb_buf_put(b, c, 8);
}

/* The 64-bit length at *at in s[0..n), moved past; false when it or what it counts does not fit. */
static bool get_len(const char *s, size_t n, size_t *at, size_t *v)
{
	if (n - *at < 8)
		return false;
	uint64_t x = 0;
	for (int i = 0; i < 8; i++)
		x |= (uint64_t)(unsigned char)s[*at + (size_t)i] << (8 * i);
	*at += 8;
	if (x > n - *at)
		return false;
	*v = (size_t)x;
	return true;
}

bool kb_cache_get(const char *dir, const char *name, const char *key, size_t keylen, char **data,
		  size_t *len)
{
	if (!dir)
		return false;
	char *path = file_of(dir, name, key, keylen);
	char *s = NULL, err[256];
	size_t n = 0, at = MAGIC_LEN, kl, dl;
	bool ok = kb_read_file(path, MAX_FILE, &s, &n, err, sizeof err) == 0 && n >= MAGIC_LEN &&
		  memcmp(s, MAGIC, MAGIC_LEN) == 0 && get_len(s, n, &at, &kl) && kl == keylen &&
		  memcmp(s + at, key, keylen) == 0;
	if (ok) {
		at += kl;
		ok = get_len(s, n, &at, &dl) && at + dl == n;
	}
	if (ok) {
		memmove(s, s + at, dl); /* the data, at the start of the buffer read */
		*data = s;
		s = NULL;
		*len = dl;
		/* used: it outlives the ones not used when the oldest are removed (by a day's step,
		 * so that a run does not write to the folder each time) */
		struct stat st;
		if (stat(path, &st) == 0 && st.st_mtime < time(NULL) - 86400)
			utimensat(AT_FDCWD, path, NULL, 0);
	}
	free(s);
	free(path);
	return ok;
}

/* mkdir -p, each new folder the user's alone */
static bool make_dir(const char *dir)
{
	struct stat st;
	if (stat(dir, &st) == 0)
		return S_ISDIR(st.st_mode);
	char *p = xstrdup(dir);
	for (char *s = p + 1; *s; s++)
		if (*s == '/') {
			*s = '\0';
			if (mkdir(p, 0700) != 0 && errno != EEXIST)
				break;
			*s = '/';
		}
	bool ok = mkdir(p, 0700) == 0 || errno == EEXIST;
	free(p);
	return ok;
}

typedef struct {
	char *path;
	time_t mtime;
} aged;

static int by_age(const void *a, const void *b)
{
	const aged *x = a, *y = b;
	return x->mtime < y->mtime ? -1 : x->mtime > y->mtime ? 1 : strcmp(x->path, y->path);
}

/* Removes the oldest files of the kind name in dir past KB_CACHE_KEEP. */
static void prune(const char *dir, const char *name)
{
	DIR *d = opendir(dir);
	if (!d)
		return;
	size_t nl = strlen(name), n = 0, cap = 0;
	aged *v = NULL;
	struct dirent *e;
	while ((e = readdir(d))) {
		/* NAME-HHHHHHHHHHHHHHHH and nothing else: never a file kblint did not name */
		if (strncmp(e->d_name, name, nl) != 0 || e->d_name[nl] != '-' ||
		    strlen(e->d_name + nl + 1) != 16 ||
		    strspn(e->d_name + nl + 1, "0123456789abcdef") != 16)
			continue;
		char *path = kb_path_join(dir, e->d_name);
		struct stat st;
		if (lstat(path, &st) != 0 || !S_ISREG(st.st_mode)) {
			free(path);
			continue;
		}
		if (n == cap) {
			cap = cap ? 2 * cap : 16;
			v = xrealloc(v, cap * sizeof *v);
		}
		v[n++] = (aged){path, st.st_mtime};
	}
	closedir(d);
	if (n > KB_CACHE_KEEP) {
		qsort(v, n, sizeof *v, by_age);
		for (size_t i = 0; i < n - KB_CACHE_KEEP; i++)
			unlink(v[i].path);
	}
	for (size_t i = 0; i < n; i++)
		free(v[i].path);
	free(v);
}

void kb_cache_put(const char *dir, const char *name, const char *key, size_t keylen,
		  const char *data, size_t len)
{
	if (!dir || !make_dir(dir))
		return;
	kb_buf b = {0};
	kb_buf_put(&b, MAGIC, MAGIC_LEN);
	put_u64(&b, keylen);
	kb_buf_put(&b, key, keylen);
	put_u64(&b, len);
	kb_buf_put(&b, data, len);
	char *path = file_of(dir, name, key, keylen);
	char err[256];
	if (kb_write_file_atomic(path, b.data, b.len, err, sizeof err) == 0)
		prune(dir, name);
	free(path);
	kb_buf_free(&b);
}
