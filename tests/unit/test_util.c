/* test_util.c: buffers, string vectors, paths, arenas, string maps and file I/O
 * (src/util/util.c, arena.c, strset.c, fileio.c). */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "arena.h"
#include "ascii.h"
#include "harness.h"
#include "strset.h"
#include "util.h"

static char dir[64];

static const char *join(const char *a, const char *b)
{
	static char out[256];
	char *p = kb_path_join(a, b);
	snprintf(out, sizeof out, "%s", p);
	free(p);
	return out;
}

static void test_strings(void)
{
	kb_buf b = {0};
	char *s = kb_buf_take(&b);
	CHECK_EQ_STR(s, ""); /* never NULL */
	free(s);
	kb_buf_puts(&b, "ab");
	kb_buf_putc(&b, 'c');
	kb_buf_put(&b, "d\0e", 3);
	CHECK_EQ_INT(b.len, 6);
	CHECK(memcmp(b.data, "abcd\0e", 7) == 0); /* NUL-terminated after the data */
	kb_buf_free(&b);
	for (int i = 0; i < 1000; i++)
		kb_buf_printf(&b, "%d,", i);
	CHECK_EQ_INT(b.len, strlen(b.data));
	CHECK(strncmp(b.data, "0,1,2,", 6) == 0);
	CHECK(strcmp(b.data + b.len - 4, "999,") == 0);
	s = kb_buf_take(&b);
	CHECK(b.data == NULL && b.len == 0 && b.cap == 0);
	free(s);

	kb_strv sv = {0};
	for (int i = 0; i < 20; i++) {
		char n[8];
		snprintf(n, sizeof n, "s%d", i);
		kb_strv_push(&sv, n);
	}
	CHECK_EQ_INT(sv.n, 20);
	CHECK_EQ_STR(sv.v[19], "s19");
	CHECK(kb_strv_contains(&sv, "s7"));
	CHECK(!kb_strv_contains(&sv, "s20"));
	kb_strv_clear(&sv);
	CHECK_EQ_INT(sv.n, 0);
	CHECK(!kb_strv_contains(&sv, "s7"));
	kb_strv_push(&sv, "again");
	CHECK_EQ_STR(sv.v[0], "again");
	kb_strv_free(&sv);
	CHECK(sv.v == NULL && sv.n == 0);

	CHECK_EQ_INT(kb_strcasecmp("Hello", "hELLO"), 0);
	CHECK(kb_strcasecmp("abc", "abd") < 0);
	CHECK(kb_strcasecmp("abc", "ab") > 0);
	CHECK(kb_strcasecmp("", "") == 0);
	CHECK(kb_streq_n("abcdef", 3, "abc"));
	CHECK(!kb_streq_n("abcdef", 3, "abcd"));
	CHECK(!kb_streq_n("abcdef", 4, "abc"));
	CHECK(kb_streq_n("", 0, ""));

	char *d = xstrndup("abcdef", 3);
	CHECK_EQ_STR(d, "abc");
	free(d);
}

static void test_paths(void)
{
	CHECK_EQ_STR(join("a", "b"), "a/b");
	CHECK_EQ_STR(join("a/", "b"), "a/b");
	CHECK_EQ_STR(join("a//", "b/c"), "a/b/c");
	CHECK_EQ_STR(join("/", "b"), "/b");
	CHECK_EQ_STR(join(".", "b"), "b");
	CHECK_EQ_STR(join("", "b"), "b");
	CHECK_EQ_STR(join(NULL, "b"), "b");
	CHECK_EQ_STR(join("a", "."), "a");
	CHECK_EQ_STR(join("a", ""), "a");
}

/* kb_arena_grow: the newest allocation grows in place, another is copied; both keep their
 * bytes and zero the new ones (cmark's realloc in src/load/cmark_region.c). */
static void test_arena_grow(void)
{
	kb_arena a = {0};
	unsigned char *p = kb_arena_grow(&a, NULL, 0, 10);
	memset(p, 'x', 10);
	unsigned char *q = kb_arena_grow(&a, p, 10, 100);
	CHECK(q == p); /* the newest: in place */
	CHECK(q[9] == 'x' && q[10] == 0 && q[99] == 0);
	memset(q, 'y', 100);
	unsigned char *other = kb_arena_alloc(&a, 8);
	unsigned char *r = kb_arena_grow(&a, q, 100, 200);
	CHECK(r != q); /* no longer the newest: copied */
	CHECK(r[0] == 'y' && r[99] == 'y' && r[100] == 0 && r[199] == 0);
	CHECK(other[0] == 0);
	CHECK(kb_arena_grow(&a, r, 200, 50) == r); /* smaller: the same */
	/* past the block: copied into a block of its own, bytes kept */
	unsigned char *big = kb_arena_grow(&a, r, 200, 50000);
	CHECK(big[99] == 'y' && big[100] == 0 && big[49999] == 0);
	kb_arena_free(&a);
}

/* kb_strmap across many growths, with keys sharing long prefixes: put, get (and the _h forms
 * with the hash given), intern (the map's own copy, stable across growths). */
static void test_strmap(void)
{
	kb_strmap m = {0}, names = {0};
	const char *first = NULL;
	char key[96];
	int bad = 0;
	for (size_t i = 0; i < 3000; i++) {
		snprintf(key, sizeof key, "/srv/kb/a/long/shared/folder/prefix/article-%zu.md", i);
		if (!kb_strmap_put(&m, key, i) || kb_strmap_put(&m, key, i + 1))
			bad++; /* new once, then known: the first value stays */
		const char *copy = kb_strmap_intern(&names, key);
		if (copy == key || strcmp(copy, key) != 0 || kb_strmap_intern(&names, key) != copy)
			bad++;
		if (i == 0)
			first = copy;
	}
	CHECK_EQ_INT(bad, 0);
	CHECK(m.n == 3000 && names.n == 3000);
	CHECK(kb_strmap_intern(&names, "/srv/kb/a/long/shared/folder/prefix/article-0.md") == first);
	/* kb_strmap_key: the map's own pointer, or NULL */
	CHECK(kb_strmap_key(&names, "/srv/kb/a/long/shared/folder/prefix/article-0.md") == first);
	CHECK(kb_strmap_key(&names, "/srv/kb/a/long/shared/folder/prefix/article-x.md") == NULL);
	kb_strmap none = {0};
	CHECK(kb_strmap_key(&none, "x") == NULL);
	for (size_t i = 0; i < 3000; i += 7) {
		snprintf(key, sizeof key, "/srv/kb/a/long/shared/folder/prefix/article-%zu.md", i);
		if (kb_strmap_get(&m, key) != i || kb_strmap_get_h(&m, key, kb_strmap_hash(key)) != i)
			bad++;
	}
	CHECK_EQ_INT(bad, 0);
	CHECK(kb_strmap_get(&m, "/srv/kb/a/long/shared/folder/prefix/article-3000.md") == (size_t)-1);
	CHECK(kb_strmap_get(&names, "") == (size_t)-1);
	kb_strmap empty = {0};
	CHECK(kb_strmap_get(&empty, "x") == (size_t)-1);
	kb_strmap_free(&m);
	kb_strmap_free(&names);
	CHECK(m.keys == NULL && m.cap == 0);
}

static void test_arena(void)
{
	kb_arena a = {0};
	int bad = 0;
	for (size_t i = 1; i < 3000; i += 7) {
		unsigned char *p = kb_arena_alloc(&a, i);
		if ((uintptr_t)p % 16 != 0)
			bad++;
		for (size_t k = 0; k < i; k++)
			if (p[k] != 0)
				bad++;
		memset(p, 0xFF, i);
	}
	CHECK_EQ_INT(bad, 0);
	/* a block bigger than the arena's block size */
	unsigned char *big = kb_arena_alloc(&a, 100000);
	CHECK((uintptr_t)big % 16 == 0);
	CHECK(big[0] == 0 && big[99999] == 0);
	memset(big, 1, 100000);
	/* and small allocations still work after it */
	char *s = kb_arena_strdup(&a, "hello");
	CHECK_EQ_STR(s, "hello");
	CHECK_EQ_STR(kb_arena_strndup(&a, "hello", 2), "he");
	/* strings are packed end to end; what is allocated after one is aligned and zeroed */
	char *s1 = kb_arena_strdup(&a, "abc"), *s2 = kb_arena_strdup(&a, "de");
	CHECK(s2 == s1 + 4);
	CHECK_EQ_STR(s1, "abc");
	unsigned char *after = kb_arena_alloc(&a, 5);
	CHECK((uintptr_t)after % 16 == 0 && after > (unsigned char *)s2 + 2);
	CHECK(after[0] == 0 && after[4] == 0);
	CHECK_EQ_STR(s2, "de");
	/* an allocation after a string still grows in place */
	CHECK(kb_arena_grow(&a, after, 5, 40) == after && after[39] == 0);
	/* the bytes after the last string up to the next 16-byte boundary are zero (vector code
	 * reads aligned 16-byte chunks; a fresh block's bytes are not) */
	char *t = kb_arena_strdup(&a, "xyz");
	int dirty = 0;
	for (char *q = t + 4; ((uintptr_t)q & 15) != 0; q++)
		dirty += *q != 0;
	CHECK_EQ_INT(dirty, 0);
	kb_arena_free(&a);
	CHECK(a.head == NULL);
	kb_arena_free(&a); /* twice is fine */
}

static void write_file(const char *p, const char *data, size_t n)
{
	FILE *f = fopen(p, "wb");
	if (!f) {
		perror(p);
		exit(2);
	}
	fwrite(data, 1, n, f);
	fclose(f);
}

static void test_read(void)
{
	char p[128], err[256];
	char *out = NULL;
	size_t len = 0;
	snprintf(p, sizeof p, "%s/f.txt", dir);

	write_file(p, "12345", 5);
	CHECK_EQ_INT(kb_read_file(p, 100, &out, &len, err, sizeof err), 0);
	CHECK_EQ_INT(len, 5);
	CHECK_EQ_STR(out, "12345");
	free(out);
	/* a file of exactly the limit is read; one byte more is refused */
	out = NULL;
	if (!CHECK_EQ_INT(kb_read_file(p, 5, &out, &len, err, sizeof err), 0))
		fprintf(stderr, "    error: %s\n", err);
	free(out);
	out = NULL;
	CHECK_EQ_INT(kb_read_file(p, 4, &out, &len, err, sizeof err), -1);
	CHECK_EQ_STR(err, "file is too large (5 bytes; the limit is 4)");
	CHECK(out == NULL);

	write_file(p, "", 0);
	CHECK_EQ_INT(kb_read_file(p, 0, &out, &len, err, sizeof err), 0);
	CHECK_EQ_INT(len, 0);
	CHECK_EQ_STR(out, "");
	free(out);

	write_file(p, "a\0b", 3);
	CHECK_EQ_INT(kb_read_file(p, 100, &out, &len, err, sizeof err), 0);
	CHECK_EQ_INT(len, 3);
	CHECK(memcmp(out, "a\0b", 4) == 0);
	free(out);

	char missing[160];
	snprintf(missing, sizeof missing, "%s/missing", dir);
	CHECK_EQ_INT(kb_read_file(missing, 100, &out, &len, err, sizeof err), -1);
	CHECK_EQ_STR(err, "cannot read: No such file or directory");
	CHECK_EQ_INT(kb_read_file(dir, 100, &out, &len, err, sizeof err), -1);
	CHECK_EQ_STR(err, "cannot read: is a directory");
	CHECK_EQ_INT(kb_read_file("/dev/null", 100, &out, &len, err, sizeof err), -1);
	CHECK_EQ_STR(err, "cannot read: not a regular file");
	unlink(p);
}

static void test_write(void)
{
	char p[128], err[256];
	snprintf(p, sizeof p, "%s/report.json", dir);
	CHECK_EQ_INT(kb_write_file_atomic(p, "first\n", 6, err, sizeof err), 0);
	char *out = NULL;
	size_t len = 0;
	CHECK_EQ_INT(kb_read_file(p, 100, &out, &len, err, sizeof err), 0);
	CHECK_EQ_STR(out, "first\n");
	free(out);
	/* a replacement keeps the file's mode */
	CHECK_EQ_INT(chmod(p, 0640), 0);
	CHECK_EQ_INT(kb_write_file_atomic(p, "second", 6, err, sizeof err), 0);
	CHECK_EQ_INT(kb_read_file(p, 100, &out, &len, err, sizeof err), 0);
	CHECK_EQ_STR(out, "second");
	free(out);
	struct stat st;
	CHECK_EQ_INT(stat(p, &st), 0);
	CHECK_EQ_INT(st.st_mode & 07777, 0640);
	unlink(p);

	char bad[160];
	snprintf(bad, sizeof bad, "%s/no/such/dir/x", dir);
	CHECK_EQ_INT(kb_write_file_atomic(bad, "x", 1, err, sizeof err), -1);
	char want[256];
	snprintf(want, sizeof want, "cannot write %s: No such file or directory", bad);
	CHECK_EQ_STR(err, want);
}

static void test_edit_distance(void)
{
	CHECK_EQ_INT(kb_edit_distance("check", "check"), 0);
	CHECK_EQ_INT(kb_edit_distance("chekc", "check"), 1); /* a swap of neighbours is one edit */
	CHECK_EQ_INT(kb_edit_distance("chck", "check"), 1);
	CHECK_EQ_INT(kb_edit_distance("checks", "check"), 1);
	CHECK_EQ_INT(kb_edit_distance("", "audit"), 5);
	CHECK_EQ_INT(kb_edit_distance("facts", "verify"), 6);
	char longer[KB_EDIT_MAX + 2];
	memset(longer, 'a', sizeof longer - 1);
	longer[sizeof longer - 1] = '\0';
	CHECK(kb_edit_distance(longer, "a") == SIZE_MAX);
	longer[KB_EDIT_MAX] = '\0'; /* KB_EDIT_MAX letters: still compared */
	CHECK_EQ_INT(kb_edit_distance(longer, longer), 0);
}

/* The ascii.h table against the C library's classes in the C locale (kblint never calls
 * setlocale), for every byte; and the UTF-8 encoder and decoder against each other. */
static void test_ascii(void)
{
	for (int i = 0; i < 256; i++) {
		char c = (char)i;
		CHECK(kb_isdigit(c) == (isdigit(i) != 0));
		CHECK(kb_isalpha(c) == (isalpha(i) != 0));
		CHECK(kb_isalnum(c) == (isalnum(i) != 0));
		CHECK(kb_isupper(c) == (isupper(i) != 0));
		CHECK(kb_islower(c) == (islower(i) != 0));
		CHECK(kb_isxdigit(c) == (isxdigit(i) != 0));
		CHECK(kb_ispunct(c) == (ispunct(i) != 0));
		CHECK(kb_isspace(c) == (isspace(i) != 0));
		CHECK(kb_isblank(c) == (isblank(i) != 0));
		CHECK(kb_iswhite(c) == (c == ' ' || c == '\t' || c == '\n' || c == '\r'));
		CHECK((unsigned char)kb_tolower(c) == tolower(i));
		CHECK((unsigned char)kb_toupper(c) == toupper(i));
		CHECK(kb_hexval(c) == (isxdigit(i) ? (int)strtol((char[]){c, 0}, NULL, 16) : -1));
	}
	char s[] = "MiXeD-42";
	kb_strlower(s);
	CHECK(strcmp(s, "mixed-42") == 0);
	unsigned long cps[] = {0x41, 0x7FF, 0x800, 0xFFFD, 0x10000, 0x10FFFF};
	for (size_t k = 0; k < sizeof cps / sizeof cps[0]; k++) {
		kb_buf b = {0};
		kb_buf_put_utf8(&b, cps[k]);
		unsigned long cp = 0;
		CHECK(kb_utf8_decode((const unsigned char *)b.data, b.len, &cp) == b.len);
		CHECK(cp == cps[k]);
		kb_buf_free(&b);
	}
	unsigned long cp = 7;
	CHECK(kb_utf8_decode((const unsigned char *)"\xC0\x80", 2, &cp) == 0 && cp == 7);
	CHECK(kb_utf8_decode((const unsigned char *)"\xED\xA0\x80", 3, &cp) == 0);
}

int main(int argc, char **argv)
{
	(void)argc;
	snprintf(dir, sizeof dir, "/tmp/kblint-test-util-XXXXXX");
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 2;
	}
	test_strings();
	test_paths();
	test_arena();
	test_arena_grow();
	test_strmap();
	test_read();
	test_write();
	test_edit_distance();
	test_ascii();
	rmdir(dir);
	return kb_test_report(argv[0]);
}
