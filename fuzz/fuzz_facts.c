/* fuzz_facts.c: facts.yaml loading. */
#include "facts.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *path = kb_fuzz_file(data, size, ".facts.yaml");
	kb_facts f;
	kb_errs errs = {0};
	kb_facts_load(&f, path, &errs);
	kb_facts_free(&f);
	kb_errs_free(&errs);
	return 0;
}
