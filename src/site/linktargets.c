/* linktargets.c: bare link targets ("[term](g)") that a site's link render hook resolves,
 * found from how the published pages use them (siteread.h, site_bare_targets). */
#include <stdlib.h>
#include <string.h>

#include "site_int.h"
#include "siteread.h"
#include "strset.h"

/* A bare link target ("g") that this many pages use and that names no file is taken as one the
 * site's link render hook resolves: one typo is not repeated across pages. */
enum { MACRO_MIN_PAGES = 5, MACRO_MAX_LEN = 16 };

static const char *base_name(const char *rel)
{
	const char *s = strrchr(rel, '/');
	return s ? s + 1 : rel;
}

/* Bare link targets in text ("](g)") counted once per page into counts. */
static void scan_targets(const char *text, kb_strmap *seen_here, kb_strmap *counts,
			 size_t **num, size_t *nnum)
{
	for (const char *p = strstr(text, "]("); p; p = strstr(p + 2, "](")) {
		const char *s = p + 2, *e = s;
		while ((*e >= 'a' && *e <= 'z') || (*e >= 'A' && *e <= 'Z') ||
		       (*e >= '0' && *e <= '9') || *e == '_' || *e == '-')
			e++;
		if (*e != ')' || e == s || e - s > MACRO_MAX_LEN || !((*s >= 'a' && *s <= 'z') ||
								       (*s >= 'A' && *s <= 'Z')))
			continue;
		char *t = xstrndup(s, (size_t)(e - s));
		if (kb_strmap_put(seen_here, t, 0)) {
			size_t k = kb_strmap_get(counts, t);
			if (k == (size_t)-1) {
				k = (*nnum)++;
				kb_strmap_put(counts, t, k);
				*num = xrealloc(*num, *nnum * sizeof **num);
				(*num)[k] = 0;
			}
			if (k < *nnum)
				(*num)[k]++;
		}
		free(t);
	}
}

static int str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void site_bare_targets(kb_config *cfg, const char *root, const site_pages *pages,
		       const char *src)
{
	kb_strmap counts = {0};
	size_t *num = NULL, nnum = 0;
	for (size_t i = 0; i < pages->files.n; i++) {
		if (!pages->published[i])
			continue;
		char *path = kb_path_join(root, pages->files.v[i]), *text = NULL, err[128];
		size_t len;
		if (kb_read_file(path, SITE_MAX_FRONT, &text, &len, err, sizeof err) == 0) {
			kb_strmap here = {0};
			scan_targets(text, &here, &counts, &num, &nnum);
			kb_strmap_free(&here);
		}
		free(text);
		free(path);
	}
	kb_strv found = {0};
	for (size_t i = 0; i < counts.cap; i++)
		if (counts.keys[i] && num[counts.values[i]] >= MACRO_MIN_PAGES)
			kb_strv_push(&found, counts.keys[i]);
	if (found.n) /* in a stable order */
		qsort(found.v, found.n, sizeof *found.v, str_cmp);
	for (size_t i = 0; i < found.n; i++) {
		const char *t = found.v[i];
		/* a page or folder of that name anywhere in the site would make it a real link */
		bool real = false;
		for (size_t j = 0; j < pages->files.n && !real; j++) {
			const char *f = pages->files.v[j], *b = base_name(f);
			size_t n = strlen(t);
			real = strncmp(b, t, n) == 0 && (b[n] == '.' || b[n] == '\0');
			for (const char *s = strstr(f, t); s && !real; s = strstr(s + 1, t))
				real = (s == f || s[-1] == '/') && s[n] == '/';
		}
		if (!real && !kb_strv_contains(&cfg->link_ignore, t))
			site_add_str(cfg, "links.ignore", &cfg->link_ignore, t, src);
	}
	kb_strv_free(&found);
	kb_strmap_free(&counts);
	free(num);
}
