/* emit.c: the one place findings are made. */
#include "rule.h"

void kb_emit(kb_check *c, const kb_rule *rule, int line, int col, const char *message)
{
	if (!rule->enabled)
		return;
	kb_finding f = {
		.file_index = c->art->file->index,
		.file = c->art->file->path,
		.line = line > 0 ? line : 1,
		.col = col > 0 ? col : 1,
		.rule = rule->id,
		.category = rule->category,
		.severity = rule->severity,
		.message = message,
		.owner = c->art->owner,
	};
	kb_results_add(c->out, &f);
}
