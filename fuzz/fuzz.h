/* fuzz.h: internal to fuzz/: helpers the fuzz targets share. */
#ifndef KB_FUZZ_H
#define KB_FUZZ_H

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
/* Writes data to a temporary file that lives as long as the process; returns its path. */
const char *kb_fuzz_file(const uint8_t *data, size_t size, const char *suffix);

#endif
