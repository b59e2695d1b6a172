/* fuzz_lsp.c: the LSP message reader (src/cli/lsp_rpc.c) over any byte stream: it never reads
 * past its input, never loops, and every message it gives back is JSON that writes out again. */
#include <stdio.h>
#include <stdlib.h>

#include "fuzz.h"
#include "lsp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	FILE *in = fmemopen((void *)data, size, "rb");
	FILE *out = fopen("/dev/null", "wb");
	if (!in || !out)
		abort();
	/* each call consumes at least one byte or ends the input */
	for (size_t calls = 0; calls <= size + 1; calls++) {
		json_t *msg;
		char why[300];
		kb_rpc_status st = kb_rpc_read(in, &msg, why, sizeof why);
		if (st == KB_RPC_EOF || st == KB_RPC_TRUNCATED)
			break;
		if (st == KB_RPC_OK) {
			if (!msg || kb_rpc_write(out, msg) != 0)
				abort();
			json_decref(msg);
		}
		if (calls == size + 1)
			abort(); /* more messages than bytes: the reader did not move */
	}
	fclose(in);
	fclose(out);
	return 0;
}
