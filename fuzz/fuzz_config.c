/* fuzz_config.c: .kblint.yaml loading. */
#include "config.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *path = kb_fuzz_file(data, size, ".kblint.yaml");
	kb_config cfg;
	kb_errs errs = {0};
	kb_config_defaults(&cfg, "/tmp");
	kb_config_load(&cfg, path, &errs);
	kb_errs_free(&errs);
	kb_config_free(&cfg);
	return 0;
}
