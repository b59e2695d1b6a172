/* emit.c: the one place findings are made. The emitter is a leaf: it appends the finding and
 * knows nothing else. The run's suppressions and per-file overrides (suppress.h) drop or level
 * findings afterwards, where the engine takes them back. */
#include <stdlib.h>
#include <string.h>

#include "corpus.h"
#include "rule.h"

/* The fingerprint's ingredients: rule, file and the text the finding is about. */
static uint64_t fingerprint(const kb_rule *rule, const char *file, const char *text, size_t n)
{
	uint64_t h = kb_hash_text(KB_HASH_INIT, rule->id, strlen(rule->id));
	h = kb_hash_text(h, "\n", 1);
	h = kb_hash_text(h, file, strlen(file));
	h = kb_hash_text(h, "\n", 1);
	return kb_hash_text(h, text, n);
}

void kb_emit_at(kb_results *out, const kb_rule *rule, size_t file_index, const char *file,
		const char *owner, kb_pos at, kb_severity severity, const char *message,
		const kb_related *related, size_t nrelated)
{
	/* the message without its digits: "overdue by 40 days" must not change every day */
	char *text = xstrdup(message);
	size_t n = 0;
	for (const char *p = message; *p; p++)
		if (*p < '0' || *p > '9')
			text[n++] = *p;
	kb_finding f = {
		.fingerprint = fingerprint(rule, file, text, n),
		.file_index = file_index,
		.file = file,
		.line = at.line > 0 ? at.line : 1,
		.col = at.col > 0 ? at.col : 1,
		.col_byte = at.col > 0 ? at.col_byte : 0,
		.col_utf16 = at.col > 0 ? at.col_utf16 : 0,
		.rule = rule->id,
		.category = rule->category,
		.severity = severity,
		.message = message,
		.owner = owner,
		.related = (kb_related *)related,
		.nrelated = nrelated,
	};
	kb_results_add(out, &f);
	free(text);
}


void kb_emit_span(kb_check *c, const kb_rule *rule, int line, int col, const kb_extent *span,
		  const char *message)
{
	/* the source line the finding is on, not its number: inserting lines above keeps it */
	const kb_file *f = c->art->file;
	size_t s = kb_linemap_line_start(&f->lines, line), e = kb_linemap_line_start(&f->lines, line + 1);
	kb_pos at = kb_linemap_at(&f->lines, line > 0 ? line : 1, col > 0 ? col : 1);
	kb_finding x = {
		.file_index = f->index,
		.file = f->path,
		.line = at.line,
		.col = at.col,
		.col_byte = at.col_byte,
		.col_utf16 = at.col_utf16,
		.rule = rule->id,
		.category = rule->category,
		.severity = rule->severity,
		.message = message,
		.owner = c->art->owner,
		.fingerprint = e > s ? fingerprint(rule, f->path, f->src + s, e - s)
				     : fingerprint(rule, f->path, message, strlen(message)),
	};
	char *fix_of = NULL;
	if (span && span->end_line > 0 && line > 0 && col > 0 && f->src) {
		/* the span holds only where the file has the very bytes the rule read */
		size_t from = kb_linemap_offset(&f->lines, line, col);
		size_t to = kb_linemap_offset(&f->lines, span->end_line, span->end_col);
		if (to >= from && to - from == span->len && to <= f->len &&
		    memcmp(f->src + from, span->text, span->len) == 0) {
			kb_pos end = kb_linemap_at(&f->lines, span->end_line, span->end_col);
			x.end_line = end.line;
			x.end_col = end.col;
			x.end_col_byte = end.col_byte;
			x.end_col_utf16 = end.col_utf16;
			x.fix = span->fix;
			x.fix_safe = span->fix && span->safe;
			if (span->fix)
				x.fix_of = fix_of = xstrndup(span->text, span->len);
		}
	}
	kb_results_add(c->out, &x);
	free(fix_of);
}

void kb_emit(kb_check *c, const kb_rule *rule, int line, int col, const char *message)
{
	kb_emit_span(c, rule, line, col, NULL, message);
}

void kb_emit_summary(kb_corpus_check *c, const kb_rule *rule, const kb_summary *s, kb_pos at,
		     const char *message)
{
	kb_emit_at(c->out, rule, s->file_index, s->file, s->owner, at, rule->severity, message,
		   NULL, 0);
}
