/* Unit tests for corpus.c: links packed against the walk's files give back their url exactly
 * as written, and only links written as the one relative path to a walked file are packed. */
#include <stdint.h>
#include <string.h>

#include "corpus.h"
#include "harness.h"

/* The files of a walk, each with the order it was seen in (walk.h). */
static void walk_files(kb_corpus *c, const char *const *paths, size_t n)
{
	for (size_t i = 0; i < n; i++)
		kb_strmap_put(&c->files, paths[i], i);
}

static const char *const FILES[] = {"/kb/a.md", "/kb/sub/b.md", "/kb/sub/deep/c.md",
				    "/kb/x y.md", "/top.md", "/kb/img/p.png"};

typedef struct {
	const char *url;
	uint32_t file; /* what packing must give: 0 (as written), or 1 + the file's order */
	const char *kept; /* what the link keeps of its url */
} link_case;

/* Packs a summary at path with the cases' links, checks each link, then checks the corpus's
 * copy of it (kb_corpus_put) reads the same. */
static void check_links(kb_corpus *c, const char *path, const link_case *cases, size_t n)
{
	kb_sum_link links[16];
	memset(links, 0, sizeof links);
	for (size_t i = 0; i < n; i++)
		links[i].url = cases[i].url;
	kb_summary s = {.file = "b.md", .path = path, .links = links, .nlinks = n};
	kb_summary_pack_links(&s, c);
	kb_buf b = {0};
	for (size_t i = 0; i < n; i++) {
		CHECK_EQ_INT(links[i].file, cases[i].file);
		CHECK_EQ_STR(links[i].url, cases[i].kept);
		CHECK_EQ_STR(kb_sum_link_url(c, &s, &links[i], &b), cases[i].url);
	}
	kb_corpus_put(c, &s, "b.md");
	const kb_summary *put = &c->v[c->n - 1];
	for (size_t i = 0; i < n; i++) {
		CHECK(put->links[i].url != cases[i].url);
		CHECK_EQ_STR(kb_sum_link_url(c, put, &put->links[i], &b), cases[i].url);
	}
	kb_buf_free(&b);
}

static void test_pack(void)
{
	kb_corpus c;
	kb_corpus_init(&c);
	walk_files(&c, FILES, sizeof FILES / sizeof *FILES);
	kb_corpus_number_files(&c);
	CHECK_EQ_INT(c.npaths, 6);
	CHECK_EQ_STR(c.paths[2], "/kb/sub/deep/c.md");
	const link_case from_sub[] = {
		{"deep/c.md", 3, ""},
		{"../a.md#intro", 1, "#intro"},
		{"../a.md?x=1#y", 1, "?x=1#y"},
		{"../../top.md", 5, ""},
		{"../img/p.png", 6, ""},
		{"b.md#self", 2, "#self"},
		/* written another way than the one relative path: kept as written */
		{"./deep/c.md", 0, "./deep/c.md"},
		{"deep/../../a.md", 0, "deep/../../a.md"},
		{"deep//c.md", 0, "deep//c.md"},
		{"/kb/a.md", 0, "/kb/a.md"},
		{"#local", 0, "#local"},
		/* no such file, or not this file as its bytes say */
		{"../missing.md", 0, "../missing.md"},
		{"../x%20y.md", 0, "../x%20y.md"},
		{"../A.md", 0, "../A.md"},
		{"../a.md/", 0, "../a.md/"},
	};
	check_links(&c, "/kb/sub/b.md", from_sub, sizeof from_sub / sizeof *from_sub);
	/* from the root folder, where ".." is folded away */
	const link_case from_root[] = {
		{"kb/a.md", 1, ""},
		{"kb/x y.md#z", 4, "#z"},
		{"../kb/a.md", 0, "../kb/a.md"},
	};
	check_links(&c, "/top.md", from_root, sizeof from_root / sizeof *from_root);
	kb_corpus_free(&c);
}

/* Files not numbered in the order they were seen (not a walk's map): nothing is packed. */
static void test_not_numbered(void)
{
	kb_corpus c;
	kb_corpus_init(&c);
	kb_strmap_put(&c.files, "/kb/a.md", 0);
	kb_strmap_put(&c.files, "/kb/b.md", 0);
	kb_corpus_number_files(&c);
	CHECK(c.paths == NULL);
	const link_case cases[] = {{"a.md", 0, "a.md"}};
	check_links(&c, "/kb/b.md", cases, 1);
	kb_corpus_free(&c);
}

/* A link keeps its column in every unit in 24 bytes: bytes and UTF-16 units as distances from
 * the column in characters; one that is not known, or too far, reads as 0 (unknown). */
static void test_at(void)
{
	CHECK_EQ_INT(sizeof(kb_sum_link), 24);
	const kb_pos cases[][2] = {
		/* as set, as read */
		{{3, 7, 7, 7}, {3, 7, 7, 7}},
		{{3, 7, 19, 9}, {3, 7, 19, 9}},
		{{1, 1, 0, 0}, {1, 1, 0, 0}},
		{{2, 5, 5 + 65534, 5 + 65533}, {2, 5, 5 + 65534, 5 + 65533}},
		{{2, 5, 5 + 65535, 6}, {2, 5, 0, 6}},
		{{2, 5, 4, 5}, {2, 5, 0, 5}},
		{{100000, 200000, 200003, 200001}, {100000, 200000, 200003, 200001}},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		kb_sum_link l = {0};
		kb_sum_link_set_at(&l, cases[i][0]);
		kb_pos got = kb_sum_link_at(&l);
		CHECK_EQ_INT(got.line, cases[i][1].line);
		CHECK_EQ_INT(got.col, cases[i][1].col);
		CHECK_EQ_INT(got.col_byte, cases[i][1].col_byte);
		CHECK_EQ_INT(got.col_utf16, cases[i][1].col_utf16);
	}
}

int main(int argc, char **argv)
{
	(void)argc;
	test_at();
	test_pack();
	test_not_numbered();
	return kb_test_report(argv[0]);
}
