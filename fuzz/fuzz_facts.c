/* fuzz_facts.c: facts.yaml loading. */
#include "facts.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	kb_facts f;
	kb_errs errs = {0};
	kb_facts_parse(&f, "facts.yaml", (const char *)data, size, &errs);
	kb_facts_free(&f);
	kb_errs_free(&errs);
	return 0;
}
