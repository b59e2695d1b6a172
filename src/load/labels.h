/* labels.h: internal to src/load: which parts of a paragraph are labels, not sentences (bold UI
 * names, table header rows; KB_SCOPE_LABEL in article.h). */
#ifndef KB_LABELS_H
#define KB_LABELS_H

#include <stdbool.h>
#include <stddef.h>

/* True when the bold span text[s..e) of a paragraph's text t[0..n) reads as a label: a short
 * name without a finite verb that is not the whole paragraph, and that a UI word introduces
 * ("Select", "Click", "Go to", "under") or names ("tab", "menu", "option"), or that is in Title
 * Case and is not the opening phrase of the sentence ("**As of May 2020**, we ..."). */
bool kb_label_bold(const char *t, size_t n, size_t s, size_t e);

/* True when line[0..n) (one source line, without its line end) is a table's delimiter row
 * ("| --- | :-: |", after any '>' and blanks of its container): the line before it is the
 * table's header row. */
bool kb_label_delimiter_row(const char *line, size_t n);

/* True when the paragraph t[0..n) introduces a quoted message: its last sentence ends with
 * ':' and names what follows as a message ("you receive the following error message:",
 * "Error message:", "the banner displays the following:"). The block quote after it is the
 * product's text, not the writer's. */
bool kb_label_quote_intro(const char *t, size_t n);

/* True when the paragraph t[0..n) is a docfx or GitHub alert ("[!NOTE] ..."): the writer's own
 * text in a block quote. */
bool kb_label_alert(const char *t, size_t n);

#endif
