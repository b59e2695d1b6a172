/* test_template.c: kb_template_expand (src/rules/template.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "rule.h"

/* name=value pairs; a name that is absent is unset (lookup returns NULL). */
typedef struct {
	const char *const *vars; /* NULL-terminated: name, value, name, value, ... */
	int calls;
} env;

static const char *lookup(void *ud, const char *name, size_t len, size_t *outlen)
{
	env *e = ud;
	e->calls++;
	for (size_t i = 0; e->vars[i]; i += 2) {
		if (strlen(e->vars[i]) == len && memcmp(e->vars[i], name, len) == 0) {
			*outlen = strlen(e->vars[i + 1]);
			return e->vars[i + 1];
		}
	}
	return NULL;
}

static char result[512];

static const char *expand(const char *tmpl, const char *const *vars)
{
	env e = {vars, 0};
	kb_buf out = {0};
	kb_template_expand(tmpl, lookup, &e, &out);
	char *s = kb_buf_take(&out);
	snprintf(result, sizeof result, "%s", s);
	free(s);
	return result;
}

static const char *const with_owner[] = {
	"0", "whole match", "1", "first", "2", "", "name", "Ann", "owner", "@ann", "empty", "",
	NULL,
};
static const char *const without_owner[] = {"0", "whole match", "name", "Ann", NULL};

static void test_plain(void)
{
	CHECK_EQ_STR(expand("", with_owner), "");
	CHECK_EQ_STR(expand("no variables here", with_owner), "no variables here");
	CHECK_EQ_STR(expand("$0", with_owner), "whole match");
	CHECK_EQ_STR(expand("use '$1' not '$0'", with_owner), "use 'first' not 'whole match'");
	CHECK_EQ_STR(expand("[$2]", with_owner), "[]");   /* set but empty */
	CHECK_EQ_STR(expand("[$7]", with_owner), "[]");   /* unset */
	CHECK_EQ_STR(expand("$10", with_owner), "first0"); /* one digit only */
	CHECK_EQ_STR(expand("hi ${name}!", with_owner), "hi Ann!");
	CHECK_EQ_STR(expand("[${nobody}]", with_owner), "[]");
	CHECK_EQ_STR(expand("${name}${name}", with_owner), "AnnAnn");
	CHECK_EQ_STR(expand("$$", with_owner), "$");
	CHECK_EQ_STR(expand("costs $$5", with_owner), "costs $5");
	CHECK_EQ_STR(expand("$${name}", with_owner), "${name}");
	CHECK_EQ_STR(expand("$$$1", with_owner), "$first");
}

static void test_conditional(void)
{
	const char *t = "Stale${owner:+; owner: ${owner}}.";
	CHECK_EQ_STR(expand(t, with_owner), "Stale; owner: @ann.");
	CHECK_EQ_STR(expand(t, without_owner), "Stale.");
	CHECK_EQ_STR(expand("a${empty:+ never}b", with_owner), "ab"); /* set but empty */
	CHECK_EQ_STR(expand("${name:+$$}", with_owner), "$");
	CHECK_EQ_STR(expand("${name:+<${owner:+${1}}>}", with_owner), "<first>");
	CHECK_EQ_STR(expand("${name:+}", with_owner), "");
	/* only ":+" is special; other names are looked up whole */
	CHECK_EQ_STR(expand("[${name:-x}]", with_owner), "[]");
}

static void test_malformed(void)
{
	/* an unclosed "${" and a lone '$' are kept as they are */
	CHECK_EQ_STR(expand("cost ${name", with_owner), "cost ${name");
	CHECK_EQ_STR(expand("${", with_owner), "${");
	CHECK_EQ_STR(expand("a $", with_owner), "a $");
	CHECK_EQ_STR(expand("$x and $", with_owner), "$x and $");
	CHECK_EQ_STR(expand("${owner:+x ${name}", with_owner), "${owner:+x Ann");
	CHECK_EQ_STR(expand("${}", with_owner), "");

	env e = {with_owner, 0};
	kb_buf out = {0};
	kb_buf_puts(&out, "kept: ");
	kb_template_expand("$1", lookup, &e, &out); /* appends */
	CHECK_EQ_STR(out.data, "kept: first");
	CHECK_EQ_INT(e.calls, 1);
	kb_buf_free(&out);
}

int main(int argc, char **argv)
{
	(void)argc;
	test_plain();
	test_conditional();
	test_malformed();
	return kb_test_report(argv[0]);
}
