/* ydata.c: YAML data files (ydata.h). */
#include "ydata.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

void kb_errs_at(kb_errs *e, const char *file, const kb_ynode *at, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	kb_errs_vadd(e, file, at ? at->line : 0, at ? at->col : 0, fmt, ap);
	va_end(ap);
}

int kb_ydata_parse(kb_ydata *d, const kb_ydata_kind *k, const char *file, const char *src,
		   size_t len, kb_errs *errs)
{
	memset(d, 0, sizeof *d);
	kb_ynode *root;
	kb_yerror yerr;
	if (kb_yaml_parse(src, len, 0, &d->arena, &root, &yerr) != 0) {
		kb_errs_add(errs, file, yerr.line, yerr.col, "invalid YAML: %s", yerr.message);
		return -1;
	}
	d->root = root;
	if (!root || root->type != KB_Y_MAP || !kb_ymap_get(root, k->key)) {
		kb_errs_add(errs, file, root ? root->line : 1, root ? root->col : 1,
			    "%s must be a mapping with %s '%s' list", k->what,
			    strchr("aeiou", k->key[0]) ? "an" : "a", k->key);
		return -1;
	}
	for (size_t i = 0; i < root->n; i++) {
		const kb_ynode *key = root->items[2 * i];
		if (key->type != KB_Y_SCALAR || strcmp(key->str, k->key) != 0) {
			kb_errs_at(errs, file, key, "unknown key '%s' in %s (expected: %s)",
				   key->type == KB_Y_SCALAR ? key->str : "?", k->what, k->key);
			return -1;
		}
	}
	const kb_ynode *list = kb_ymap_get(root, k->key);
	if (list->type != KB_Y_SEQ) {
		kb_errs_at(errs, file, list, "'%s' must be a list of %s, not %s", k->key, k->items,
			   kb_ynode_type_name(list));
		return -1;
	}
	d->list = list;
	return 0;
}

int kb_ydata_load(kb_ydata *d, const kb_ydata_kind *k, const char *path, size_t max, kb_errs *errs)
{
	memset(d, 0, sizeof *d);
	char err[512];
	char *src;
	size_t len;
	if (kb_read_file(path, max, &src, &len, err, sizeof err) != 0) {
		if (k->read_as) {
			const char *why = strncmp(err, "cannot read: ", 13) == 0 ? err + 13 : err;
			kb_errs_add(errs, path, 0, 0, "cannot read %s: %s", k->read_as, why);
		} else {
			kb_errs_add(errs, path, 0, 0, "%s", err);
		}
		return -1;
	}
	int ret = kb_ydata_parse(d, k, path, src, len, errs);
	free(src);
	return ret;
}

void kb_ydata_free(kb_ydata *d)
{
	kb_arena_free(&d->arena);
	memset(d, 0, sizeof *d);
}
