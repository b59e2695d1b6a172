/* site.h: site generators (src/site). A generator is detected from its config file at the
 * checked folder or above it, and fills in the settings .kblint.yaml leaves unset: which files
 * are pages, their metadata defaults, redirects, how links are served. Used by the CLI. */
#ifndef KB_SITE_H
#define KB_SITE_H

#include "config.h"
#include "diag.h"

/* Detects the generator from start (a file or folder) and its ancestors up to the repository
 * root (the first folder holding .git) or the file system's root, unless cfg->site names one
 * ("hugo": that generator, its file looked for the same way, its defaults even without one) or
 * is "none". Applies what it finds to cfg, setting cfg->site_name and cfg->site_file. Returns 0
 * (also when nothing is detected), or -1 with messages in errs (an unreadable generator file). */
int kb_site_apply(kb_config *cfg, const char *start, kb_errs *errs);

/* The label of a generator's name ("hugo" -> "Hugo"), or NULL for an unknown name. */
const char *kb_site_label(const char *name);

#endif
