/* fuzz_rules.c: rule file loading (every kind's compile step). */
#include "fuzz.h"
#include "rule.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	kb_config cfg;
	kb_errs errs = {0};
	kb_ruleset rs = {0};
	kb_config_defaults(&cfg, "/tmp");
	kb_ruleset_parse(&rs, "rules.yaml", (const char *)data, size, &cfg, &errs);
	kb_ruleset_free(&rs);
	kb_errs_free(&errs);
	kb_config_free(&cfg);
	return 0;
}
