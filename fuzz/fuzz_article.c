/* fuzz_article.c: a whole Markdown article (or, with a first byte 'Y', a YAML article file)
 * loaded and checked with the shipped rules, cross-article passes included. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "fuzz.h"

static kb_config cfg;
static kb_ruleset rules;
static int ready;

static void setup(void)
{
	kb_errs errs = {0};
	kb_config_defaults(&cfg, "/tmp");
	if (kb_ruleset_load(&rules, KBLINT_SOURCE_RULES, &cfg, &errs) != 0) {
		for (size_t i = 0; i < errs.n; i++)
			fprintf(stderr, "%s\n", errs.v[i]);
		abort(); /* the shipped rules must load */
	}
	kb_errs_free(&errs);
	ready = 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!ready)
		setup();
	bool yaml = size > 0 && data[0] == 'Y';
	char *text = malloc(size + 1);
	memcpy(text, data, size);
	text[size] = '\0';
	/* the text may hold NUL bytes: the loader must report them, not read past them */
	char *names[2] = {yaml ? "faq.yaml" : "article.md", "other.md"};
	char *texts[2] = {text, "---\nstatus: archived\n---\n# Other\n"};
	kb_engine e = {.cfg = &cfg, .rules = &rules, .today = kb_date_from_ymd(2026, 11, 25)};
	kb_results res;
	kb_results_init(&res);
	kb_engine_check_texts(&e, names, texts, 2, &res);
	kb_results_free(&res);
	free(text);
	return 0;
}
