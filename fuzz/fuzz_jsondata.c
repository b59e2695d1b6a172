/* fuzz_jsondata.c: the readers of kblint's JSON data files. kb_json_parse (src/util/jsonread.c)
 * gives a value or a syntax error at a line and column inside the input, never reading past it;
 * the audit state's reader (src/audit/state.c) takes the runs or says why in one line, and an
 * audit finished on what it took does not crash. */
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "config.h"
#include "fuzz.h"
#include "jsonread.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* a copy of exactly size bytes: no NUL after it, so an overread is caught */
	char *copy = malloc(size ? size : 1);
	if (!copy)
		return 0;
	if (size)
		memcpy(copy, data, size);
	int lines = 1;
	for (size_t i = 0; i < size; i++)
		lines += copy[i] == '\n';
	kb_json_syntax e = {0};
	json_t *j = kb_json_parse(copy, size, "text after the value", &e);
	if (!j && (e.line < 1 || e.line > lines || e.col < 1 || !e.why[0]))
		abort();
	json_decref(j);

	static kb_config cfg;
	static int configured;
	if (!configured) {
		kb_config_defaults(&cfg, "/");
		configured = 1;
	}
	kb_audit a;
	kb_audit_init(&a, &cfg, kb_date_from_ymd(2026, 11, 25));
	kb_buf err = {0};
	int ret = kb_audit_state_parse(&a, "state.json", copy, size, &err);
	if ((ret != 0) != (err.len > 0) || (err.data && memchr(err.data, '\n', err.len)))
		abort();
	if (ret == 0) {
		kb_results res;
		kb_results_init(&res);
		kb_audit_finish(&a, &res);
		kb_results_free(&res);
	}
	kb_buf_free(&err);
	kb_audit_free(&a);
	free(copy);
	return 0;
}
