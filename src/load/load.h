/* load.h: internal to src/load: the pieces the Markdown and YAML loaders share. */
#ifndef KB_LOAD_H
#define KB_LOAD_H

#include "article.h"

kb_loaded *kb_load_markdown(kb_loaded *l, const kb_config *cfg);
kb_loaded *kb_load_yaml(kb_loaded *l, const kb_config *cfg);
kb_article *kb_loaded_new_article(kb_loaded *l);
void kb_loaded_fail(kb_loaded *l, int line, int col, const char *msg);

#endif
