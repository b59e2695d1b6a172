/* dated.h: sections that are records of a day: text under a heading that names a year
 * ("## 2023-Dec") or is stamped with a date ("## 2016-10-18, Version 4.6.1", "Version 1.85.0
 * (2025-02-20)"), the way release notes and dated entries are. Used by the temporal and claim
 * rules. Nothing here allocates. */
#ifndef KB_DATED_H
#define KB_DATED_H

#include <stdbool.h>

#include "article.h"

/* True when a heading above blk (its own section's, or any enclosing one; blk itself when it is
 * a heading) names a year; with stamp, only a year that stamps the heading: at its start, in
 * brackets or after a dash, not one said in it ("Support ends on October 31, 2017"). */
bool kb_dated_section(const kb_article *a, const kb_block *blk, bool stamp);

/* True when h is a heading that dates its section, as kb_dated_section reads each heading: a
 * walk over the blocks in order that keeps this for the heading of each level above it answers
 * kb_dated_section for every block without walking back. */
bool kb_dating_heading(const kb_block *h, bool stamp);

#endif
