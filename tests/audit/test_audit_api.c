/* test_audit_api.c: the audit's C API (include/audit.h) as the e-mail code uses it: the fixture
 * knowledge base (tests/audit/kb, with its config) run through the engine on 2026-11-25, then
 * owners found, each format rendered for the whole report and for each owner, subjects, and
 * the refusals (unknown format or owner) that leave the buffer as it was. It runs in the source
 * tree's tests/audit folder (KBLINT_SOURCE_ROOT says where the tree is). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "audit.h"
#include "config.h"
#include "engine.h"
#include "../unit/harness.h"
#include "rule.h"

/* Runs the engine over kb (the fixture's folder, relative to here) into a. */
static int build(kb_audit *a, kb_config *cfg, kb_ruleset *rules)
{
	kb_errs errs = {0};
	char cwd[4096];
	if (!getcwd(cwd, sizeof cwd))
		return -1;
	kb_config_defaults(cfg, cwd);
	int ret = kb_config_load(cfg, "kb/.kblint.yaml", &errs);
	if (ret == 0)
		ret = kb_ruleset_load(rules, "../../rules", cfg, &errs); /* the shipped packs */
	if (ret == 0)
		ret = kb_ruleset_configure(rules, cfg, &errs);
	for (size_t i = 0; i < errs.n; i++)
		fprintf(stderr, "%s\n", errs.v[i]);
	kb_errs_free(&errs);
	if (ret != 0)
		return -1;
	kb_engine e = {.cfg = cfg, .rules = rules, .today = kb_date_from_ymd(2026, 11, 25)};
	kb_strv_push(&e.skip, cfg->abs_path);
	kb_audit_init(a, cfg, e.today);
	e.visit = kb_audit_visit;
	e.visit_ud = a;
	kb_results res;
	kb_results_init(&res);
	char *paths[] = {"kb"};
	kb_engine_run(&e, paths, 1, &res);
	kb_audit_finish(a, &res);
	kb_audit_finish(a, &res); /* a second call changes nothing */
	kb_results_free(&res);
	kb_strv_free(&e.skip);
	return 0;
}

static void test_model(const kb_audit *a)
{
	CHECK_EQ_INT(a->nowners, 6);
	const kb_audit_owner *b = kb_audit_owner_find(a, "billing-team");
	if (CHECK(b != NULL)) {
		CHECK_EQ_INT(b->noverdue, 4);
		CHECK_EQ_INT(b->counts.overdue, 4);
		CHECK_EQ_INT(b->ndue_soon, 1);
		CHECK_EQ_STR(b->overdue[0].title, "Refunds");
		CHECK_EQ_STR(b->overdue[0].key, "billing/refunds.md");
		CHECK_EQ_STR(b->overdue[0].url, "https://kb.example.com/help/billing/refunds.md");
		CHECK_EQ_INT(b->overdue[0].days, 503);
		CHECK_EQ_STR(b->overdue[1].owner, "billing-team, legal");
		CHECK_EQ_INT(kb_audit_freshness(&b->counts), 33);
	}
	CHECK(kb_audit_owner_find(a, "nobody") == NULL);
	CHECK(kb_audit_owner_find(a, NULL) == NULL);
	CHECK_EQ_INT(a->total.overdue, 7);
	CHECK_EQ_INT(a->nruns, 1);
	CHECK(!a->has_previous && !a->compared);
	CHECK_EQ_INT(a->nunreadable, 1);
	kb_audit_counts none = {0};
	CHECK_EQ_INT(kb_audit_freshness(&none), -1);
	kb_audit_counts half = {.live = 8, .fresh = 1}; /* 12.5% rounds half up */
	CHECK_EQ_INT(kb_audit_freshness(&half), 13);
	CHECK_EQ_STR(kb_audit_age_name(KB_AUDIT_AGE_QUARTER), "1-3 months");
	CHECK_EQ_STR(kb_audit_formats(), "text, markdown, json, html");
	CHECK(kb_audit_format_known("html") && !kb_audit_format_known("sarif"));
	CHECK(!kb_audit_format_known(NULL));
}

static void test_render(const kb_audit *a)
{
	static const char *const formats[] = {"text", "markdown", "json", "html"};
	for (size_t f = 0; f < 4; f++) {
		kb_buf all = {0};
		CHECK_EQ_INT(kb_audit_render(a, formats[f], NULL, &all), 0);
		CHECK(all.len > 200 && all.data && strlen(all.data) == all.len);
		for (size_t i = 0; i < a->nowners; i++) {
			kb_buf one = {0};
			CHECK_EQ_INT(kb_audit_render(a, formats[f], a->owners[i].name, &one), 0);
			/* one owner's report is shorter than everything, and names the owner */
			CHECK(one.len > 0 && one.len < all.len);
			CHECK(one.data && strstr(one.data, a->owners[i].name));
			kb_buf_free(&one);
		}
		kb_buf_free(&all);
	}
	/* renderers append */
	kb_buf b = {0};
	kb_buf_puts(&b, "X");
	CHECK_EQ_INT(kb_audit_render(a, "text", "legal", &b), 0);
	CHECK(strncmp(b.data, "XKnowledge-base audit for legal, 2026-11-25\n", 44) == 0);
	size_t len = b.len;
	CHECK_EQ_INT(kb_audit_render(a, "sarif", NULL, &b), -1);
	CHECK_EQ_INT(kb_audit_render(a, "text", "nobody", &b), -1);
	CHECK_EQ_INT(b.len, len);
	kb_buf_free(&b);
}

static void test_subject(const kb_audit *a)
{
	kb_buf s = {0};
	CHECK_EQ_INT(kb_audit_subject(a, NULL, &s), 0);
	CHECK_EQ_STR(s.data, "Knowledge-base audit 2026-11-25: 7 overdue, 2 due soon");
	kb_buf_free(&s);
	CHECK_EQ_INT(kb_audit_subject(a, "billing-team", &s), 0);
	CHECK_EQ_STR(s.data, "Knowledge-base audit 2026-11-25: 4 overdue, 1 due soon (billing-team)");
	kb_buf_free(&s);
	CHECK_EQ_INT(kb_audit_subject(a, "nobody", &s), -1);
	CHECK(s.data == NULL);
}

int main(int argc, char **argv)
{
	(void)argc;
	const char *root = getenv("KBLINT_SOURCE_ROOT");
	if (root) {
		char dir[4096];
		snprintf(dir, sizeof dir, "%s/tests/audit", root);
		if (chdir(dir) != 0) {
			perror(dir);
			return 2;
		}
	}
	kb_config cfg;
	kb_ruleset rules = {0};
	kb_audit a;
	if (build(&a, &cfg, &rules) != 0) {
		fprintf(stderr, "cannot load the fixture's config or rules\n");
		return 2;
	}
	test_model(&a);
	test_render(&a);
	test_subject(&a);
	kb_audit_free(&a);
	CHECK(a.priv == NULL && a.owners == NULL);
	kb_ruleset_free(&rules);
	kb_config_free(&cfg);
	return kb_test_report(argv[0]);
}
