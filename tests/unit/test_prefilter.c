/* test_prefilter.c: the prefilter's form of a pattern (src/util/prefilter.c) and its promise:
 * wherever PCRE2 finds a match, the form read by Vectorscan says "may match". Checked for every
 * pattern of the shipped rules over every rule example, and over the same texts with their
 * spaces, digits, letters and the letters k and s turned into characters beyond ASCII that
 * PCRE2's Unicode classes and caseless matching take in. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "prefilter.h"
#include "rule.h"

/* kb_prefilter_form of pattern, as a string ("<none>" when it has none). Caller frees. */
static char *form(const char *pattern, bool icase)
{
	kb_buf b = {0};
	bool caseless;
	if (!kb_prefilter_form(pattern, icase, &b, &caseless)) {
		kb_buf_free(&b);
		return xstrdup("<none>");
	}
	return b.data ? kb_buf_take(&b) : xstrdup("");
}

static void check_form(const char *pattern, bool icase, const char *want)
{
	char *got = form(pattern, icase);
	CHECK_EQ_STR(got, want);
	free(got);
}

static void test_form(void)
{
	check_form("plain words", false, "plain words");
	check_form("\\bword\\b", false, "word");
	check_form("(?<![\\w])foo(?!\\w)", false, "foo");
	check_form("a\\sb", false, "a(?:[\\t\\n\\x0b\\f\\r\\x20]|[\\x80-\\xff]+)b");
	check_form("\\S", false, "(?:[^\\t\\n\\f\\r\\x20\\x80-\\xff]|[\\x80-\\xff]+)");
	check_form("[0-9]{1,3}%", false, "[\\x30-\\x39]{1,}%");
	check_form("x{2}", false, "x{2,}");
	check_form("a{b", false, "a{b");
	check_form("[^\\w.]", false, "(?:[^A-Za-z0-9_\\x2e\\x80-\\xff]|[\\x80-\\xff]+)");
	check_form("we['\xe2\x80\x99]re", false, "we(?:[\\x27]|[\\x80-\\xff]+)re");
	check_form("x\xc3\x97", false, "x(?:\\xc3\\x97)");
	check_form("x\xc3\x97", true, "x(?:[\\x80-\\xff]+)");
	check_form("a.b", false, "a(?:.|[\\x80-\\xff]+)b");
	check_form("(?x) a # the \\w comment [\n b", false, "(?x) a \n b");
	check_form("(?i:caf\xc3\xa9)", false, "(?i:caf(?:[\\x80-\\xff]+))");
	check_form("(?<name>a|b)c", false, "(?<name>a|b)c");
	check_form("\\x{263a}\\x41", false, "(?:[\\x80-\\xff]+)\\x41");
	check_form("[a-\xc3\xbf]", false, "(?:[\\x61-\\x7f]|[\\x80-\\xff]+)");
	/* what the form cannot take: the pattern is not prefiltered */
	check_form("\\p{L}+", false, "<none>");
	check_form("[[:alpha:]]+", false, "<none>");
	check_form("(a)\\1", false, "<none>");
	check_form("(*UCP)x", false, "x");
	check_form("(*UCP)(*UTF)x", false, "x");
	check_form("x(*UCP)", false, "<none>");
	check_form("remove TODO(*SKIP)(*FAIL)|TODO", false, "remove TODO|TODO");
	check_form("a(*PRUNE:n)b(*COMMIT)c(*THEN)d(*:m)(*F)", false, "abcd");
	check_form("a(*ACCEPT)b", false, "<none>");
	check_form("a(*FAIL)?b", false, "<none>");
	check_form("a(*)b", false, "<none>");
	check_form("(*CRLF)a", false, "<none>");
	check_form("a(?x) b", false, "<none>");
	check_form("(?=a)?b", false, "<none>");
	check_form("[abc", false, "<none>");
}

/* text with every byte sequence from replaced by to (heap) */
static char *replace(const char *text, const char *from, const char *to)
{
	kb_buf b = {0};
	size_t n = strlen(from);
	for (const char *p = text; *p;) {
		if (strncmp(p, from, n) == 0) {
			kb_buf_puts(&b, to);
			p += n;
		} else {
			kb_buf_putc(&b, *p++);
		}
	}
	return b.data ? kb_buf_take(&b) : xstrdup("");
}

static void count_match(void *ud, const char *s, size_t len, const size_t *ov, int n)
{
	(void)s, (void)len, (void)ov, (void)n;
	(*(int *)ud)++;
}

static size_t checked;

/* The registered patterns of a prefilter, compiled by PCRE2 as the kinds compile them. */
typedef struct {
	kb_regex *re;
	const char **src, **form;
	size_t n;
} compiled;

static void compile_all(const kb_prefilter *p, compiled *c)
{
	bool icase;
	const char *fm, *src;
	memset(c, 0, sizeof *c);
	for (size_t i = 0; (src = kb_prefilter_source(p, i, &icase, &fm)); i++) {
		c->re = xrealloc(c->re, (i + 1) * sizeof *c->re);
		c->src = xrealloc(c->src, (i + 1) * sizeof *c->src);
		c->form = xrealloc(c->form, (i + 1) * sizeof *c->form);
		char err[300];
		CHECK_EQ_INT(kb_regex_compile(&c->re[i], src, icase, err, sizeof err), 0);
		c->src[i] = src;
		c->form[i] = fm;
		c->n = i + 1;
	}
}

/* For every registered pattern: a PCRE2 match in text means the prefilter says may. */
static void check_text(const kb_prefilter *p, const compiled *c, kb_regex_scratch *x,
		       const char *given)
{
	/* zeroed room after the text, as an article's arena has: PCRE2's JIT reads ahead in
	 * blocks of 16 bytes, which valgrind would report past the end of a malloc'd string */
	size_t len = strlen(given);
	char *text = xcalloc(len + 64, 1);
	memcpy(text, given, len);
	kb_prefilter_hits h = {0};
	kb_prefilter_start(p, &h, 1);
	kb_prefilter_scan(p, x, 0, text, len, &h);
	CHECK_EQ_INT((int)h.n, 1);
	for (size_t i = 0; i < c->n; i++) {
		int n = 0;
		kb_regex_each(x, &c->re[i], text, len, count_match, &n);
		kb_regex probe = {.pf = (unsigned)i + 1};
		if (n > 0 && !kb_prefilter_may(&h, 0, &probe)) {
			fprintf(stderr, "pattern %s\nform %s\nmatches, but not the prefilter: %s\n",
				c->src[i], c->form[i] ? c->form[i] : "(none)", text);
			CHECK(false);
		}
		checked += n > 0;
	}
	kb_prefilter_hits_free(&h);
	free(text);
}

static void test_shipped_patterns(void)
{
	if (!kb_prefilter_available()) {
		printf("SKIP: built without Vectorscan (-Dvectorscan=disabled)\n");
		return;
	}
	const char *root = getenv("KBLINT_SOURCE_ROOT");
	kb_buf rules = {0};
	kb_buf_printf(&rules, "%s/rules", root ? root : ".");
	kb_config cfg;
	kb_config_defaults(&cfg, "/");
	kb_errs errs = {0};
	kb_ruleset rs = {0};
	CHECK_EQ_INT(kb_ruleset_load(&rs, rules.data, &cfg, &errs), 0);
	for (size_t i = 0; i < rs.n; i++)
		rs.v[i]->enabled = true; /* rules that are off by default too */
	CHECK(kb_prefilter_build(rs.pf, NULL) > 20);
	CHECK(kb_prefilter_ready(rs.pf));
	kb_regex_scratch *x = kb_regex_scratch_new();
	compiled c;
	compile_all(rs.pf, &c);
	/* beyond ASCII: a no-break space, a thin space, Arabic-Indic digits, letters with accents,
	 * the Kelvin sign and the long s, an em dash and curly quotes */
	static const char *const swaps[][2] = {
		{" ", "\xc2\xa0"}, {" ", "\xe2\x80\x89"}, {"1", "\xd9\xa1"}, {"0", "\xd9\xa0"},
		{"e", "\xc3\xa9"}, {"a", "\xc3\xa0"}, {"k", "\xe2\x84\xaa"}, {"s", "\xc5\xbf"},
		{"K", "\xe2\x84\xaa"}, {"S", "\xc5\xbf"}, {"-", "\xe2\x80\x94"}, {"'", "\xe2\x80\x99"},
		{" ", " \xc3\xa9"}, {" ", "\xc3\xa9 "}, {".", "\xe3\x80\x82"},
	};
	for (size_t r = 0; r < rs.n; r++)
		for (size_t e = 0; e < rs.v[r]->nexamples; e++) {
			const char *t = rs.v[r]->examples[e].text;
			check_text(rs.pf, &c, x, t);
			for (size_t s = 0; s < sizeof swaps / sizeof swaps[0]; s++) {
				char *v = replace(t, swaps[s][0], swaps[s][1]);
				check_text(rs.pf, &c, x, v);
				free(v);
			}
		}
	printf("%zu matches of shipped patterns checked against the prefilter\n", checked);
	CHECK(checked > 200);
	for (size_t i = 0; i < c.n; i++)
		kb_regex_free(&c.re[i]);
	free(c.re);
	free(c.src);
	free(c.form);
	kb_regex_scratch_free(x);
	kb_ruleset_free(&rs);
	kb_config_free(&cfg);
	kb_errs_free(&errs);
	kb_buf_free(&rules);
}

int main(int argc, char **argv)
{
	test_form();
	test_shipped_patterns();
	(void)argc;
	return kb_test_report(argv[0]);
}
