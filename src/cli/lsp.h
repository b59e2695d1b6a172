/* lsp.h: internal to src/cli/lsp*.c: `kblint lsp`, a Language Server Protocol 3.17 server
 * over stdio. lsp_rpc.c frames and parses messages; lsp.c serves them. */
#ifndef KB_LSP_H
#define KB_LSP_H

#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>

enum {
	KB_LSP_MAX_MESSAGE = 64 << 20, /* bytes of one message's content: a larger one is refused */
	KB_LSP_MAX_HEADER = 8192,      /* bytes of one message's header block */
};

/* JSON-RPC error codes (the LSP specification's). */
enum {
	KB_RPC_PARSE_ERROR = -32700,
	KB_RPC_INVALID_REQUEST = -32600,
	KB_RPC_METHOD_NOT_FOUND = -32601,
	KB_RPC_INVALID_PARAMS = -32602,
	KB_RPC_SERVER_NOT_INITIALIZED = -32002,
};

typedef enum {
	KB_RPC_OK,        /* *msg is a parsed JSON value (any type) */
	KB_RPC_EOF,       /* the input ended between messages */
	KB_RPC_TRUNCATED, /* the input ended inside a message */
	KB_RPC_BAD,       /* a bad header or JSON: why says which; the next message can be read */
} kb_rpc_status;

/* Reads one message from in. On KB_RPC_OK *msg is a new reference the caller decrefs. On
 * KB_RPC_BAD why holds a sentence for the JSON-RPC error. */
kb_rpc_status kb_rpc_read(FILE *in, json_t **msg, char *why, size_t whylen);
/* Writes msg (not stolen) to out as one message, and flushes. Returns 0, or -1 when out is gone. */
int kb_rpc_write(FILE *out, const json_t *msg);

#endif
