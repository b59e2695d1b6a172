/* fuzz_config.c: .kblint.yaml loading. */
#include "config.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	kb_config cfg;
	kb_errs errs = {0};
	kb_config_defaults(&cfg, "/tmp");
	kb_config_parse(&cfg, ".kblint.yaml", (const char *)data, size, &errs);
	kb_errs_free(&errs);
	kb_config_free(&cfg);
	return 0;
}
