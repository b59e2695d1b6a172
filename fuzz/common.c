/* common.c: the temporary file the data-file targets load from. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz.h"

const char *kb_fuzz_file(const uint8_t *data, size_t size, const char *suffix)
{
	static char path[64]; /* one per process: the fuzzers run one input at a time */
	if (!path[0]) {
		snprintf(path, sizeof path, "/tmp/kblint-fuzz-%d%s", (int)getpid(), suffix);
	}
	FILE *f = fopen(path, "wb");
	if (!f)
		abort();
	fwrite(data, 1, size, f);
	fclose(f);
	return path;
}
