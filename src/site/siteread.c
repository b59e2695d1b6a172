/* siteread.c: config files and front matter as flat key tables; folder walks (siteread.h). */
#include "siteread.h"

#include <dirent.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "arena.h"
#include "frontmatter.h"
#include "site_int.h"
#include "strset.h"
#include "textout.h"

void site_warn(const char *file, int line, const char *fmt, ...)
{
	kb_buf b = {0};
	if (line > 0)
		kb_buf_printf(&b, "%s:%d: warning: ", file, line);
	else
		kb_buf_printf(&b, "%s: warning: ", file);
	va_list ap;
	va_start(ap, fmt);
	kb_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	kb_put_clean_line(stderr, b.data);
	kb_buf_free(&b);
}

static char *below(const char *key, const char *part)
{
	kb_buf b = {0};
	kb_buf_printf(&b, "%s%s%s", key, *key ? "." : "", part);
	return kb_buf_take(&b);
}

void site_flatten_yaml(const kb_ynode *n, const char *key, kb_toml *t)
{
	if (!n || t->n >= KB_TOML_MAX_ENTRIES || strlen(key) > KB_TOML_MAX_KEY)
		return;
	if (n->type == KB_Y_SCALAR) {
		if (*key)
			kb_toml_add(t, key, KB_TOML_STRING, n->str, n->line);
		return;
	}
	if (n->type == KB_Y_MAP) {
		for (size_t i = 0; i < n->n; i++) {
			const kb_ynode *k = n->items[2 * i];
			if (k->type != KB_Y_SCALAR)
				continue;
			char *sub = below(key, k->str);
			site_flatten_yaml(n->items[2 * i + 1], sub, t);
			free(sub);
		}
		return;
	}
	bool scalars = true;
	for (size_t i = 0; i < n->n; i++)
		scalars = scalars && n->items[i]->type == KB_Y_SCALAR;
	if (scalars && *key) {
		kb_toml_entry *e = kb_toml_add(t, key, KB_TOML_STRINGS, NULL, n->line);
		for (size_t i = 0; i < n->n; i++)
			kb_strv_push(&e->strs, n->items[i]->str);
		return;
	}
	for (size_t i = 0; i < n->n; i++) {
		char num[32];
		snprintf(num, sizeof num, "%zu", i);
		char *sub = below(key, num);
		site_flatten_yaml(n->items[i], sub, t);
		free(sub);
	}
}

/* jansson's values flattened as site_flatten_yaml does; JSON keeps no lines: line is the
 * document's. */
static void flatten_json(json_t *v, const char *key, int line, int depth, kb_toml *t)
{
	if (depth > KB_YAML_MAX_DEPTH || t->n >= KB_TOML_MAX_ENTRIES ||
	    strlen(key) > KB_TOML_MAX_KEY)
		return;
	if (json_is_object(v)) {
		const char *k;
		json_t *val;
		json_object_foreach(v, k, val) {
			char *sub = below(key, k);
			flatten_json(val, sub, line, depth + 1, t);
			free(sub);
		}
	} else if (json_is_array(v)) {
		size_t i;
		json_t *val;
		bool strings = true;
		json_array_foreach(v, i, val) strings = strings && json_is_string(val);
		if (strings && *key) {
			kb_toml_entry *e = kb_toml_add(t, key, KB_TOML_STRINGS, NULL, line);
			json_array_foreach(v, i, val) kb_strv_push(&e->strs, json_string_value(val));
			return;
		}
		json_array_foreach(v, i, val) {
			char num[32];
			snprintf(num, sizeof num, "%zu", i);
			char *sub = below(key, num);
			flatten_json(val, sub, line, depth + 1, t);
			free(sub);
		}
	} else if (*key && json_is_string(v)) {
		kb_toml_add(t, key, KB_TOML_STRING, json_string_value(v), line);
	} else if (*key && json_is_boolean(v)) {
		kb_toml_entry *e = kb_toml_add(t, key, KB_TOML_BOOL, json_is_true(v) ? "true" : "false",
					       line);
		e->flag = json_is_true(v);
	} else if (*key && json_is_integer(v)) {
		char num[32];
		snprintf(num, sizeof num, "%lld", (long long)json_integer_value(v));
		kb_toml_entry *e = kb_toml_add(t, key, KB_TOML_INT, num, line);
		e->num = (long long)json_integer_value(v);
	}
}

/* text[0..len) as YAML (line_base as kb_yaml_parse takes it) into t. Returns 0, or -1 with
 * *eline and msg set. */
static int yaml_into(const char *text, size_t len, int line_base, kb_toml *t, int *eline,
		     char *msg, size_t msglen)
{
	kb_arena arena = {0};
	kb_ynode *root = NULL;
	kb_yerror err;
	int ret = kb_yaml_parse(text, len, line_base, &arena, &root, &err);
	if (ret == 0)
		site_flatten_yaml(root, "", t);
	else {
		*eline = err.line;
		snprintf(msg, msglen, "%s", err.message);
	}
	kb_arena_free(&arena);
	return ret;
}

static bool ends_with(const char *s, const char *end)
{
	size_t n = strlen(s), e = strlen(end);
	return n >= e && strcmp(s + n - e, end) == 0;
}

int site_read_config(const char *file, kb_toml *t)
{
	char *text = NULL, err[256];
	size_t len = 0;
	if (kb_read_file(file, SITE_MAX_CONFIG, &text, &len, err, sizeof err) != 0) {
		site_warn(file, 0, "cannot read it (%s); its settings are not used", err);
		return -1;
	}
	int ret = 0;
	if (ends_with(file, ".toml")) {
		kb_toml_parse(text, len, t);
	} else if (ends_with(file, ".json")) {
		json_error_t je;
		json_t *root = json_loadb(text, len, 0, &je);
		if (!root) {
			site_warn(file, je.line, "not valid JSON (%s); its settings are not used",
				  je.text);
			ret = -1;
		} else {
			flatten_json(root, "", 1, 0, t);
			json_decref(root);
		}
	} else {
		int line = 0;
		char msg[256];
		if (yaml_into(text, len, 0, t, &line, msg, sizeof msg) != 0) {
			site_warn(file, line, "not valid YAML (%s); its settings are not used", msg);
			ret = -1;
		}
	}
	free(text);
	return ret;
}

/* The offset past a fence line of three c's at s[i] (and only that), or 0. */
static size_t fence_at(const char *s, size_t len, size_t i, char c)
{
	if (len - i < 3 || s[i] != c || s[i + 1] != c || s[i + 2] != c)
		return 0;
	size_t j = i + 3;
	while (j < len && (s[j] == ' ' || s[j] == '\t' || s[j] == '\r'))
		j++;
	if (j < len && s[j] != '\n')
		return 0;
	return j < len ? j + 1 : j;
}

int site_read_front(const char *path, kb_toml *t)
{
	char *text = NULL, err[256];
	size_t len = 0;
	if (kb_read_file(path, SITE_MAX_FRONT, &text, &len, err, sizeof err) != 0)
		return -1;
	int ret = 0;
	size_t start = len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
	size_t body;
	if (start < len && text[start] == '-') {
		kb_frontmatter fm;
		if (kb_frontmatter_split(text, len, &fm) != 0)
			ret = -1;
		else if (fm.present) {
			int line;
			char msg[256];
			ret = yaml_into(text + fm.fm_off, fm.fm_len, fm.fm_line - 1, t, &line, msg,
					sizeof msg);
		}
	} else if (start < len && (body = fence_at(text, len, start, '+'))) {
		size_t i = body;
		ret = -1;
		while (i < len) {
			if (fence_at(text, len, i, '+')) {
				kb_toml_parse(text + body, i - body, t);
				ret = 0;
				break;
			}
			const char *nl = memchr(text + i, '\n', len - i);
			i = nl ? (size_t)(nl - text) + 1 : len;
		}
	} else if (start < len && text[start] == '{') {
		/* JSON front matter: the object that opens the file */
		json_error_t je;
		json_t *root = json_loadb(text + start, len - start, JSON_DISABLE_EOF_CHECK, &je);
		if (root) {
			flatten_json(root, "", 1, 0, t);
			json_decref(root);
		} else
			ret = -1;
	}
	free(text);
	return ret;
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void walk(const char *dir, const char *rel, int depth, site_file_fn fn, void *ctx)
{
	if (depth > SITE_MAX_DEPTH)
		return;
	DIR *d = opendir(dir);
	if (!d)
		return;
	kb_strv names = {0};
	struct dirent *e;
	while ((e = readdir(d)))
		if (e->d_name[0] != '.')
			kb_strv_push(&names, e->d_name);
	closedir(d);
	if (names.n)
		qsort(names.v, names.n, sizeof *names.v, name_cmp);
	for (size_t i = 0; i < names.n; i++) {
		char *path = kb_path_join(dir, names.v[i]);
		char *sub = *rel ? kb_path_join(rel, names.v[i]) : xstrdup(names.v[i]);
		struct stat st;
		if (lstat(path, &st) == 0) {
			if (S_ISDIR(st.st_mode))
				walk(path, sub, depth + 1, fn, ctx);
			else if (S_ISREG(st.st_mode))
				fn(sub, ctx);
		}
		free(path);
		free(sub);
	}
	kb_strv_free(&names);
}

void site_walk(const char *dir, site_file_fn fn, void *ctx)
{
	walk(dir, "", 0, fn, ctx);
}

char *site_url_path(const char *url)
{
	const char *p = url;
	const char *scheme = strstr(url, "://");
	if (scheme) {
		p = strchr(scheme + 3, '/');
		if (!p)
			p = "";
	} else if (url[0] == '/' && url[1] == '/') {
		p = strchr(url + 2, '/');
		if (!p)
			p = "";
	}
	size_t n = strcspn(p, "?#");
	kb_buf b = {0};
	if (p[0] != '/')
		kb_buf_putc(&b, '/');
	kb_buf_put(&b, p, n);
	if (b.data[b.len - 1] != '/')
		kb_buf_putc(&b, '/');
	return kb_buf_take(&b);
}

bool site_has_below(const kb_toml *t, const char *prefix)
{
	size_t n = strlen(prefix);
	for (size_t i = 0; i < t->n; i++)
		if (strncmp(t->v[i].key, prefix, n) == 0 && t->v[i].key[n] == '.')
			return true;
	return false;
}

void site_pages_add(site_pages *p, const char *rel, bool published)
{
	if (p->files.n == p->files.cap)
		p->published = xrealloc(p->published, (p->files.cap ? 2 * p->files.cap : 16) *
							  sizeof *p->published);
	p->published[p->files.n] = published;
	kb_strv_push(&p->files, rel);
}

size_t site_pages_count(const site_pages *p, bool published)
{
	size_t n = 0;
	for (size_t i = 0; i < p->files.n; i++)
		n += p->published[i] == published;
	return n;
}

/* s with the characters globs give a meaning to escaped, into b. */
static void put_literal(kb_buf *b, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (strchr("*?[]\\", s[i]))
			kb_buf_putc(b, '\\');
		kb_buf_putc(b, s[i]);
	}
}

/* Per folder of site_pages_exclude: its pages, and of them the unpublished ones. */
typedef struct {
	size_t total, unpub;
	bool index_published; /* its own _index page is published */
	size_t unpub_under;   /* unpublished pages below it whose next name starts with '_' */
} folder_count;

void site_pages_exclude(const site_pages *p, kb_config *cfg, const char *root, const char *src)
{
	kb_strmap folders = {0};
	folder_count *fc = NULL;
	size_t nf = 0;
	for (size_t i = 0; i < p->files.n; i++) {
		const char *f = p->files.v[i];
		for (const char *s = strchr(f, '/'); s; s = strchr(s + 1, '/')) {
			char *d = xstrndup(f, (size_t)(s - f));
			size_t k = kb_strmap_get(&folders, d);
			if (k == (size_t)-1) {
				k = nf++;
				kb_strmap_put(&folders, d, k);
				fc = xrealloc(fc, nf * sizeof *fc);
				memset(&fc[k], 0, sizeof *fc);
			}
			free(d);
			if (k >= nf)
				continue; /* cannot happen: every folder in the map has a count */
			fc[k].total++;
			fc[k].unpub += !p->published[i];
			bool direct = !strchr(s + 1, '/');
			if (direct && strncmp(s + 1, "_index.", 7) == 0 && p->published[i])
				fc[k].index_published = true;
			else if (s[1] == '_' && !p->published[i])
				fc[k].unpub_under++;
		}
	}
	kb_strmap done = {0};
	for (size_t i = 0; i < p->files.n; i++) {
		if (p->published[i])
			continue;
		const char *f = p->files.v[i];
		char *glob = NULL;
		/* the highest folder all of whose pages are unpublished (D and all below), or all
		 * but its own published _index page ("D/[!_]*": every name not starting with '_') */
		for (const char *s = strchr(f, '/'); s && !glob; s = strchr(s + 1, '/')) {
			char *d = xstrndup(f, (size_t)(s - f));
			size_t k = kb_strmap_get(&folders, d);
			free(d);
			if (k >= nf)
				continue;
			kb_buf b = {0};
			if (fc[k].unpub == fc[k].total) {
				put_literal(&b, f, (size_t)(s - f));
				kb_buf_puts(&b, "/**");
			} else if (fc[k].index_published &&
				   fc[k].unpub + 1 == fc[k].total && !fc[k].unpub_under) {
				put_literal(&b, f, (size_t)(s - f));
				kb_buf_puts(&b, "/[!_]*");
			}
			if (b.len)
				glob = kb_buf_take(&b);
		}
		if (!glob) {
			kb_buf b = {0};
			put_literal(&b, f, strlen(f));
			glob = kb_buf_take(&b);
		}
		if (kb_strmap_put(&done, glob, 0)) {
			char *g = site_glob(cfg, root, glob);
			if (g)
				site_add_str(cfg, "exclude", &cfg->exclude, g, src);
			free(g);
		}
		free(glob);
	}
	kb_strmap_free(&done);
	kb_strmap_free(&folders);
	free(fc);
}

void site_pages_free(site_pages *p)
{
	kb_strv_free(&p->files);
	free(p->published);
	memset(p, 0, sizeof *p);
}
