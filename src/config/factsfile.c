/* factsfile.c: reads facts.yaml into typed facts with compiled patterns. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "facts.h"
#include "prefilter.h"
#include "ydata.h"

static const char *const fact_keys[] = {"key", "value", "source", "updated", "patterns", NULL};

static bool known(const char *k)
{
	for (size_t i = 0; fact_keys[i]; i++)
		if (strcmp(fact_keys[i], k) == 0)
			return true;
	return false;
}

static const char *string(const kb_ynode *m, const char *key, kb_errs *errs, const char *path,
			  int *bad)
{
	const kb_ynode *v = kb_ymap_get(m, key);
	if (!v)
		return NULL;
	if (v->type != KB_Y_SCALAR || !v->len) {
		kb_errs_at(errs, path, v, "fact '%s' must be a non-empty string", key);
		(*bad)++;
		return NULL;
	}
	return v->str;
}

static int load_fact(kb_fact *f, const kb_ynode *m, kb_errs *errs, const char *path)
{
	int bad = 0;
	if (m->type != KB_Y_MAP) {
		kb_errs_at(errs, path, m, "a fact must be a mapping with key, value and patterns, not %s",
		    kb_ynode_type_name(m));
		return -1;
	}
	const kb_ynode *dup = kb_ymap_duplicate(m);
	if (dup) {
		kb_errs_at(errs, path, dup, "duplicate key '%s' in a fact", dup->str);
		bad++;
	}
	for (size_t i = 0; i < m->n; i++) {
		const kb_ynode *k = m->items[2 * i];
		if (k->type != KB_Y_SCALAR || !known(k->str)) {
			kb_errs_at(errs, path, k, "unknown key '%s' in a fact (expected one of: key, value, source, updated, patterns)",
			    k->type == KB_Y_SCALAR ? k->str : "?");
			bad++;
		}
	}
	const char *key = string(m, "key", errs, path, &bad);
	const char *value = string(m, "value", errs, path, &bad);
	const char *source = string(m, "source", errs, path, &bad);
	if (!key && !kb_ymap_get(m, "key")) {
		kb_errs_at(errs, path, m, "a fact needs a 'key'");
		bad++;
	}
	if (!value && !kb_ymap_get(m, "value")) {
		kb_errs_at(errs, path, m, "fact '%s' needs a 'value'", key ? key : "?");
		bad++;
	}
	f->line = m->line;
	f->col = m->col;
	f->key = key ? xstrdup(key) : NULL;
	f->value = value ? xstrdup(value) : NULL;
	f->source = source ? xstrdup(source) : NULL;
	const kb_ynode *u = kb_ymap_get(m, "updated");
	if (u) {
		if (u->type != KB_Y_SCALAR || kb_date_parse_iso(u->str, u->len, &f->updated) != 0) {
			kb_errs_at(errs, path, u, "fact '%s': 'updated' must be a date YYYY-MM-DD", key ? key : "?");
			bad++;
		} else {
			f->has_updated = true;
		}
	}
	const kb_ynode *p = kb_ymap_get(m, "patterns");
	if (!p) {
		kb_errs_at(errs, path, m, "fact '%s' needs 'patterns', regular expressions with a group (?<value>...)",
		    key ? key : "?");
		return -1;
	}
	if (p->type == KB_Y_SCALAR) {
		/* one pattern may be written without a list */
	} else if (p->type != KB_Y_SEQ || p->n == 0) {
		kb_errs_at(errs, path, p, "fact '%s': 'patterns' must be a list of regular expressions", key ? key : "?");
		return -1;
	}
	size_t n = p->type == KB_Y_SEQ ? p->n : 1;
	f->patterns = xcalloc(n, sizeof *f->patterns);
	f->sources = xcalloc(n, sizeof *f->sources);
	for (size_t i = 0; i < n; i++) {
		const kb_ynode *pat = p->type == KB_Y_SEQ ? p->items[i] : p;
		char err[300];
		if (pat->type != KB_Y_SCALAR || !pat->len) {
			kb_errs_at(errs, path, pat, "fact '%s': a pattern must be a non-empty string", key ? key : "?");
			bad++;
			continue;
		}
		if (kb_regex_compile(&f->patterns[f->npatterns], pat->str, false, err, sizeof err) != 0) {
			kb_errs_at(errs, path, pat, "fact '%s': bad pattern: %s", key ? key : "?", err);
			bad++;
			continue;
		}
		f->sources[f->npatterns] = xstrdup(pat->str);
		kb_regex *re = &f->patterns[f->npatterns++];
		re->fact = f->key; /* a pattern that stops on an article is named by its fact */
		if (pcre2_substring_number_from_name(re->code, (PCRE2_SPTR) "value") < 0) {
			kb_errs_at(errs, path, pat, "fact '%s': the pattern has no group named 'value' (write (?<value>...))",
			    key ? key : "?");
			bad++;
		}
	}
	return bad ? -1 : 0;
}

static const kb_ydata_kind facts_file = {"a facts file", "facts", "facts", NULL};

/* Reads the facts of a loaded facts file into f. Returns 0, or -1 after adding errors. */
static int read_facts(kb_facts *f, const kb_ydata *d, const char *path, kb_errs *errs)
{
	const kb_ynode *list = d->list;
	f->v = xcalloc(list->n ? list->n : 1, sizeof *f->v);
	int bad = 0;
	for (size_t i = 0; i < list->n; i++) {
		kb_fact *fact = &f->v[f->n++];
		if (load_fact(fact, list->items[i], errs, path) != 0)
			bad++;
		for (size_t j = 0; fact->key && j + 1 < f->n; j++) {
			if (f->v[j].key && strcmp(f->v[j].key, fact->key) == 0) {
				kb_errs_at(errs, path, list->items[i], "fact '%s' is already defined at line %d", fact->key,
				    f->v[j].line);
				bad++;
				break;
			}
		}
	}
	return bad ? -1 : 0;
}

int kb_facts_parse(kb_facts *f, const char *path, const char *src, size_t len, kb_errs *errs)
{
	memset(f, 0, sizeof *f);
	f->path = xstrdup(path);
	kb_ydata d;
	int ret = kb_ydata_parse(&d, &facts_file, path, src, len, errs);
	if (ret == 0)
		ret = read_facts(f, &d, path, errs);
	kb_ydata_free(&d);
	return ret;
}

int kb_facts_load(kb_facts *f, const char *path, kb_errs *errs)
{
	memset(f, 0, sizeof *f);
	f->path = xstrdup(path);
	kb_ydata d;
	int ret = kb_ydata_load(&d, &facts_file, path, 16 << 20, errs);
	if (ret == 0)
		ret = read_facts(f, &d, path, errs);
	kb_ydata_free(&d);
	return ret;
}

void kb_facts_free(kb_facts *f)
{
	for (size_t i = 0; i < f->n; i++) {
		kb_fact *x = &f->v[i];
		for (size_t j = 0; j < x->npatterns; j++) {
			kb_regex_free(&x->patterns[j]);
			free(x->sources[j]);
		}
		free(x->patterns);
		free(x->sources);
		free(x->key);
		free(x->value);
		free(x->source);
	}
	free(f->v);
	free(f->path);
	memset(f, 0, sizeof *f);
}

void kb_facts_prefilter(kb_facts *f, struct kb_prefilter *pf)
{
	for (size_t i = 0; i < f->n; i++)
		for (size_t j = 0; j < f->v[i].npatterns; j++)
			kb_prefilter_add(pf, &f->v[i].patterns[j], f->v[i].sources[j], NULL);
}

const kb_fact *kb_facts_find(const kb_facts *f, const char *key)
{
	for (size_t i = 0; f && i < f->n; i++)
		if (f->v[i].key && strcmp(f->v[i].key, key) == 0)
			return &f->v[i];
	return NULL;
}
