/* test_literal.c: the text every match of a pattern must contain (src/util/literal.c), and the
 * promise kb_regex_may_match makes: where it says no, PCRE2 finds no match either. Every shipped
 * pattern is checked against that promise over the sample knowledge base in tests/jobs and the
 * golden suite; here are the pattern shapes the reader must get right. */
#include <stdio.h>
#include <string.h>

#include "harness.h"
#include "regex.h"

/* kb_regex_required of pattern, as a string ("" when none). */
static const char *req(const char *pattern, bool icase)
{
	static char out[KB_RE_LITERAL_MAX + 1];
	bool digit = false;
	size_t n = kb_regex_required(pattern, icase, out, KB_RE_LITERAL_MAX, &digit);
	out[n] = '\0';
	return out;
}

static void test_required(void)
{
	CHECK_EQ_STR(req("(?x) \\b (?: money[\\s-]back | price ) \\s+ guarantee \\b", true),
		     "guarantee");
	CHECK_EQ_STR(req("\\bwe\\s+(?:[\\w']+\\s+){0,2}?guarantee[sd]?\\b", true), "guarantee");
	CHECK_EQ_STR(req("colou?r", false), "colo");           /* the u may be missing */
	CHECK_EQ_STR(req("xab+cd", false), "xab");             /* b repeats: the run ends */
	CHECK_EQ_STR(req("a{0,2}bcd", false), "bcd");
	CHECK_EQ_STR(req("q{2}rst", false), "rst");
	CHECK_EQ_STR(req("[abc]def", false), "def");
	CHECK_EQ_STR(req("[]x]yz[^]w]uvw", false), "uvw");      /* ']' first in a class */
	CHECK_EQ_STR(req("[[:alpha:]]+xyz", false), "xyz");
	CHECK_EQ_STR(req("(a)(?=b)cde", false), "cde");
	CHECK_EQ_STR(req("(?<![\\w.,])100\\s?(?:%|percent)", false), "100");
	CHECK_EQ_STR(req("\\.NET Framework", false), ".NET Framework");
	CHECK_EQ_STR(req("a#bc", false), "a#bc");              /* not a comment without (?x) */
	CHECK_EQ_STR(req("(?x) a \\# bc", false), "a#bc");
	CHECK_EQ_STR(req("(?x) always \\s+ available", true), "available");
	/* caseless k and s also match the Kelvin sign and the long s: they end a run */
	CHECK_EQ_STR(req("Kelvin", true), "elvin");
	CHECK_EQ_STR(req("Kelvin", false), "Kelvin");
	CHECK_EQ_STR(req("sassafras", true), "afra");
	CHECK_EQ_STR(req("GUARANTEE", true), "guarantee");
	/* what is not followed gives nothing */
	CHECK_EQ_STR(req("abc|def", false), "");
	CHECK_EQ_STR(req("abc(?i)def", false), "");
	CHECK_EQ_STR(req("(?i)abc", false), "");               /* the caller matches with its flags */
	CHECK_EQ_STR(req("\\x41bcd", false), "");              /* \x41 is A, not "41" */
	CHECK_EQ_STR(req("\\p{Lu}bcd", false), "");
	CHECK_EQ_STR(req("\\Qa.b\\E", false), "");
	CHECK_EQ_STR(req("(?x) abc # def", false), "");
	CHECK_EQ_STR(req("abc)", false), "");
	CHECK_EQ_STR(req("(*UTF)abc", false), "");
	CHECK_EQ_STR(req("x{,2}abc", false), "");              /* a literal brace in PCRE2 10.42 */
	CHECK_EQ_STR(req("(unclosed", false), "");
	CHECK_EQ_STR(req("[unclosed", false), "");
	CHECK_EQ_STR(req("abc\\", false), "");
	CHECK_EQ_STR(req("", false), "");
	/* a long run is cut at KB_RE_LITERAL_MAX: any piece of required text is required */
	CHECK_EQ_INT(strlen(req("abcdefghijlmnopqrtuvwxyzabcdefghij", false)), KB_RE_LITERAL_MAX);
}

/* Whether kb_regex_required says every match of pattern has an ASCII digit. */
static bool needs_digit(const char *pattern)
{
	char out[KB_RE_LITERAL_MAX];
	bool digit = false;
	kb_regex_required(pattern, true, out, sizeof out, &digit);
	return digit;
}

static void test_required_digit(void)
{
	CHECK(needs_digit("(?x) (?<![\\w.,]) [0-9]{1,3} (?:\\.[0-9]+)? \\s? (?:%|percent)"));
	CHECK(needs_digit("(?!100)[0-9]+ users"));
	CHECK(!needs_digit("[0-9]? users"));
	CHECK(!needs_digit("[0-9]{0,2} users"));
	CHECK(!needs_digit("[0-9]* users"));
	CHECK(!needs_digit("(?:[0-9]+) users"));      /* inside a group: not read */
	CHECK(!needs_digit("[0-9]+ users|none"));     /* alternation: nothing is certain */
	CHECK(!needs_digit("\\d+ users"));            /* \d is every script's digits */
	CHECK(!needs_digit("[0-9a-f]+ users"));
}

/* may_match must never say no where PCRE2 finds a match. */
static void agree(const char *pattern, bool icase, const char *subject, bool want)
{
	kb_regex re;
	char err[256];
	if (!CHECK(kb_regex_compile(&re, pattern, icase, err, sizeof err) == 0))
		return;
	pcre2_match_data *md = pcre2_match_data_create_from_pattern(re.code, NULL);
	int rc = pcre2_match(re.code, (PCRE2_SPTR)subject, strlen(subject), 0, 0, md, NULL);
	pcre2_match_data_free(md);
	bool may = kb_regex_may_match(&re, subject, strlen(subject));
	if (rc >= 0 && !may)
		kb_test_fail(__FILE__, __LINE__, "'%s' matches '%s' but may_match says no", pattern,
			     subject);
	CHECK_EQ_INT(rc >= 0, want);
	kb_regex_free(&re);
}

static void test_may_match(void)
{
	const char *g = "(?x) \\b (?: money[\\s-]back | price ) \\s+ guarantee \\b";
	agree(g, true, "A Money-Back GUARANTEE for all.", true);
	agree(g, true, "A money back guarantor.", false);
	agree(g, true, "", false);
	agree("\\b[0-9]+ percent of users", false, "Over 87 percent of users agree", true);
	agree("\\b[0-9]+ percent of users", false, "87 Percent Of Users", false);
	agree("\\b[0-9]+ percent of users", true, "87 Percent Of Users", true);
	/* the long s (U+017F) and the Kelvin sign (U+212A) match s and k without case */
	agree("\\bstatus\\b", true, "\xC5\xBFtatus", true);
	agree("\\bok(?:ay)?\\b", true, "o\xE2\x84\xAA", true);
	agree("\\b(?:we|they) guarantee", true, "We guarantee it", true);
	agree("\\b(?:we|they) guarantee", true, "they GUARANTEE it", true);
	agree("\\b(?:we|they) guarantee", true, "we guaranty it", false);
	agree("(?<![\\w.,])[0-9]{1,3}\\s?(?:%|percent)", true, "Nearly all of them agree.", false);
	agree("(?<![\\w.,])[0-9]{1,3}\\s?(?:%|percent)", true, "About 87 percent agree.", true);
	/* an Arabic-Indic three: not [0-9] for PCRE2 either */
	agree("(?<![\\w.,])[0-9]{1,3}\\s?(?:%|percent)", true, "\xD9\xA3 percent", false);
}

int main(int argc, char **argv)
{
	(void)argc;
	test_required();
	test_required_digit();
	test_may_match();
	return kb_test_report(argv[0]);
}
