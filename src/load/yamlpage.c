/* yamlpage.c: YAML files a docfx site publishes that are no articles: YamlMime pages other than
 * FAQs (Landing, Hub, ContextObject...) and TOC files (toc.yml). They get no freshness or prose
 * findings; the files their links name are checked like an article's links. One article with
 * `page` set holds the links. */
#include <string.h>

#include "load.h"
#include "util.h"

/* The keys whose values are links: docfx TOCs (href, topicHref, tocHref, homepage), Learn's
 * landing pages and hubs (url, imageSrc), context objects (breadcrumb_path, toc_rel). */
static const char *const link_keys[] = {"url", "href", "link", "topicHref", "tocHref",
					"homepage", "imageSrc", "src", "breadcrumb_path", "toc_rel",
					NULL};

/* Nesting deeper than this in a page is not followed (pages nest a few levels). */
enum { PAGE_MAX_DEPTH = 64 };

static bool is_toc_name(const char *path)
{
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	return kb_strcasecmp(base, "toc.yml") == 0 || kb_strcasecmp(base, "toc.yaml") == 0;
}

bool kb_yaml_page_is(const kb_file *f, const kb_ynode *root)
{
	size_t n;
	if (kb_yaml_mime(f, &n))
		return true; /* FAQs are taken first */
	return is_toc_name(f->path) && root && (root->type == KB_Y_SEQ || root->type == KB_Y_MAP);
}

typedef struct {
	kb_article *a;
	size_t cap;
} links;

static void add_link(links *ls, const kb_ynode *v, bool image)
{
	kb_article *a = ls->a;
	if (a->nlinks == ls->cap) {
		size_t cap = ls->cap ? ls->cap * 2 : 16;
		kb_link *nv = kb_arena_alloc(&a->arena, cap * sizeof *nv);
		if (a->nlinks)
			memcpy(nv, a->links, a->nlinks * sizeof *nv);
		a->links = nv;
		ls->cap = cap;
	}
	a->links[a->nlinks++] = (kb_link){.url = v->str, .line = v->line,
					  .col = v->col + (v->style == KB_YS_QUOTED), .image = image};
}

static void collect(links *ls, const kb_ynode *n, int depth)
{
	if (!n || n->type == KB_Y_SCALAR || depth > PAGE_MAX_DEPTH)
		return;
	for (size_t i = 0; i < n->n; i++) {
		if (n->type == KB_Y_SEQ) {
			collect(ls, n->items[i], depth + 1);
			continue;
		}
		const kb_ynode *k = n->items[2 * i], *v = n->items[2 * i + 1];
		bool is_link = false;
		for (size_t j = 0; k->type == KB_Y_SCALAR && link_keys[j] && !is_link; j++)
			is_link = strcmp(k->str, link_keys[j]) == 0;
		if (is_link && v->type == KB_Y_SCALAR && v->len && v->style != KB_YS_LITERAL &&
		    v->style != KB_YS_FOLDED)
			add_link(ls, v, strcmp(k->str, "imageSrc") == 0 || strcmp(k->str, "src") == 0);
		else
			collect(ls, v, depth + 1);
	}
}

kb_loaded *kb_load_yaml_page(kb_loaded *l, const kb_ynode *root)
{
	kb_article *a = kb_loaded_new_article(l);
	a->page = true;
	links ls = {.a = a};
	collect(&ls, root, 0);
	return l;
}
