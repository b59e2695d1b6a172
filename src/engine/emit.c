/* emit.c: the one place findings are made. */
#include "corpus.h"
#include "rule.h"

void kb_emit_at(kb_results *out, const kb_rule *rule, size_t file_index, const char *file,
		const char *owner, int line, int col, kb_severity severity, const char *message,
		const kb_related *related, size_t nrelated)
{
	if (!rule->enabled)
		return;
	kb_finding f = {
		.file_index = file_index,
		.file = file,
		.line = line > 0 ? line : 1,
		.col = col > 0 ? col : 1,
		.rule = rule->id,
		.category = rule->category,
		.severity = severity,
		.message = message,
		.owner = owner,
		.related = (kb_related *)related,
		.nrelated = nrelated,
	};
	kb_results_add(out, &f);
}

static void add(kb_results *out, const kb_rule *rule, size_t file_index, const char *file,
		const char *owner, int line, int col, const char *message)
{
	if (!rule->enabled)
		return;
	kb_finding f = {
		.file_index = file_index,
		.file = file,
		.line = line > 0 ? line : 1,
		.col = col > 0 ? col : 1,
		.rule = rule->id,
		.category = rule->category,
		.severity = rule->severity,
		.message = message,
		.owner = owner,
	};
	kb_results_add(out, &f);
}

void kb_emit(kb_check *c, const kb_rule *rule, int line, int col, const char *message)
{
	add(c->out, rule, c->art->file->index, c->art->file->path, c->art->owner, line, col, message);
}

void kb_emit_summary(kb_corpus_check *c, const kb_rule *rule, const kb_summary *s, int line,
		     int col, const char *message)
{
	add(c->out, rule, s->file_index, s->file, s->owner, line, col, message);
}
