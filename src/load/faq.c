/* faq.c: Microsoft Learn's structured FAQ files ("### YamlMime:FAQ": metadata, title, summary,
 * sections[].name, sections[].questions[].question and .answer). Each question with an answer
 * is an article whose body is the answer (Markdown, positions in the YAML) and whose metadata
 * is the file's `metadata` mapping. The summary, when there is one, is an article of its own
 * before them. A question is its answer's heading (add_question). The first article judges the
 * shared metadata; the others have meta_shared. */
#include <string.h>

#include "load.h"
#include "util.h"

/* True when s[0..n) is lower[0..n) in any case (lower is in lower case). */
static bool starts_icase(const char *s, const char *lower, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char c = s[i] >= 'A' && s[i] <= 'Z' ? (char)(s[i] + 32) : s[i];
		if (c != lower[i])
			return false;
	}
	return true;
}

const char *kb_yaml_mime(const kb_file *f, size_t *n)
{
	static const char tag[] = "### yamlmime:";
	size_t at = f->bom, tl = sizeof tag - 1;
	if (f->len - at < tl || !starts_icase(f->src + at, tag, tl))
		return NULL;
	const char *s = f->src + at + tl;
	size_t k = 0;
	while (at + tl + k < f->len && s[k] != '\n' && s[k] != '\r' && s[k] != ' ' && s[k] != '\t')
		k++;
	*n = k;
	return k ? s : NULL;
}

/* The sections, when root is shaped as an FAQ: a mapping whose `sections` list holds a mapping
 * with a `questions` list. */
static const kb_ynode *sections_of(const kb_ynode *root)
{
	const kb_ynode *s = kb_ymap_get(root, "sections");
	if (!s || s->type != KB_Y_SEQ)
		return NULL;
	for (size_t i = 0; i < s->n; i++) {
		const kb_ynode *q = kb_ymap_get(s->items[i], "questions");
		if (q && q->type == KB_Y_SEQ)
			return s;
	}
	return NULL;
}

bool kb_faq_is(const kb_file *f, const kb_ynode *root)
{
	size_t n;
	const char *mime = kb_yaml_mime(f, &n);
	if (mime)
		return n == 3 && starts_icase(mime, "faq", 3);
	return root && root->type == KB_Y_MAP && sections_of(root);
}

/* Appends the anchors a question or section title s[0..n) gets to names: as Learn renders an
 * FAQ ("Why can't I sign in?" is "why-can-t-i-sign-in-": every character other than an ASCII
 * letter or digit is '-', none dropped or merged), and as GitHub slugs a heading. */
static void title_anchors(kb_strv *names, const char *s, size_t n)
{
	kb_buf learn = {0}, gh = {0};
	for (size_t i = 0; i < n; i++) {
		char c = s[i] >= 'A' && s[i] <= 'Z' ? (char)(s[i] + 32) : s[i];
		bool word = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (unsigned char)c >= 0x80;
		kb_buf_putc(&learn, word ? c : '-');
		if (word || c == '-' || c == '_')
			kb_buf_putc(&gh, c);
		else if (c == ' ')
			kb_buf_putc(&gh, '-');
	}
	if (learn.len)
		kb_strv_push(names, learn.data);
	if (gh.len)
		kb_strv_push(names, gh.data);
	kb_buf_free(&learn);
	kb_buf_free(&gh);
}

/* Adds names to the article's explicit anchors (after its body is parsed). */
static void add_anchors(kb_article *a, const kb_strv *names)
{
	if (!names->n)
		return;
	const char **v = kb_arena_alloc(&a->arena, (a->nanchors + names->n) * sizeof *v);
	for (size_t i = 0; i < a->nanchors; i++)
		v[i] = a->anchors[i];
	for (size_t i = 0; i < names->n; i++)
		v[a->nanchors + i] = kb_arena_strdup(&a->arena, names->v[i]);
	a->anchors = v;
	a->nanchors += names->n;
}

/* A question's article: its body is the question as a heading, then the answer
 * ("### QUESTION\n\nANSWER"), so that the question is checked as the heading Learn shows and
 * the answer below it. Body line 1 maps to the question (the "### " before the file's text),
 * the answer's lines as kb_yaml_map_body maps them; a folded answer's to its start. */
static kb_article *add_question(kb_loaded *l, const kb_ynode *meta, const kb_ynode *question,
				const kb_ynode *answer, int line, int col, const kb_config *cfg)
{
	kb_article *a = kb_loaded_new_article(l);
	a->meta = meta;
	a->line = line;
	a->col = col;
	kb_buf b = {0};
	kb_buf_puts(&b, "### ");
	for (size_t i = 0; i < question->len; i++)
		kb_buf_putc(&b, question->str[i] == '\n' || question->str[i] == '\r' ? ' '
									: question->str[i]);
	a->question = kb_arena_strndup(&a->arena, b.data + 4, b.len - 4);
	kb_buf_puts(&b, "\n\n");
	a->answer_off = b.len;
	kb_buf_put(&b, answer->str, answer->len);
	a->body = kb_arena_strndup(&a->arena, b.data, b.len);
	a->body_len = b.len;
	kb_buf_free(&b);
	kb_yaml_map_body(a, answer);
	size_t qoff;
	if (!kb_yaml_value_offset(a->file, question, &qoff))
		qoff = kb_linemap_offset(&a->file->lines, question->line, question->col);
	size_t n = a->body_lines ? a->nbody_lines + 2 : 1;
	size_t *lines = kb_arena_alloc(&a->arena, n * sizeof *lines);
	lines[0] = qoff >= 4 ? qoff - 4 : 0;
	for (size_t i = 2; i < n; i++)
		lines[i] = a->body_lines[i - 2];
	if (n > 1)
		lines[1] = lines[2];
	a->body_lines = lines;
	a->nbody_lines = n;
	kb_article_resolve(a, cfg);
	if (kb_article_parse_body(a) != 0)
		kb_loaded_fail(l, answer->line, answer->col, "cannot parse the Markdown body");
	return a;
}

/* The first article judges the file's metadata and starts where it does: at the `metadata`
 * mapping (so that "no review date" points there), else at the top of the file. */
static kb_article *add_unit(kb_loaded *l, const kb_ynode *root, const kb_ynode *meta,
			    const kb_ynode *question, const kb_ynode *body, const kb_ynode *at,
			    const kb_config *cfg)
{
	bool first = l->narticles == 0;
	const kb_ynode *start = first ? (meta ? meta : root) : at;
	kb_article *a = question && question->type == KB_Y_SCALAR && question->len
		? add_question(l, meta, question, body, start->line, start->col, cfg)
		: kb_yaml_add_article(l, meta, body, start->line, start->col, cfg);
	a->meta_shared = !first;
	return a;
}

kb_loaded *kb_load_faq(kb_loaded *l, const kb_ynode *root, const kb_config *cfg)
{
	if (!root || root->type != KB_Y_MAP) {
		kb_yaml_no_article(l, root, cfg, "a YamlMime:FAQ file is a mapping with 'sections'");
		return l;
	}
	const kb_ynode *meta = kb_ymap_get(root, "metadata");
	if (meta && meta->type != KB_Y_MAP)
		meta = NULL;
	/* a repeated key was made last-wins (and reported) when the file was parsed */
	const kb_ynode *secs = kb_ymap_get(root, "sections");
	const kb_ynode *first_q = NULL;
	for (size_t s = 0; secs && secs->type == KB_Y_SEQ && s < secs->n; s++) {
		const kb_ynode *qs = kb_ymap_get(secs->items[s], "questions");
		for (size_t q = 0; qs && qs->type == KB_Y_SEQ && q < qs->n; q++) {
			if (!first_q && qs->items[q]->type == KB_Y_MAP)
				first_q = qs->items[q];
		}
	}
	bool answered = false;
	for (size_t s = 0; secs && secs->type == KB_Y_SEQ && s < secs->n && !answered; s++) {
		const kb_ynode *qs = kb_ymap_get(secs->items[s], "questions");
		for (size_t q = 0; qs && qs->type == KB_Y_SEQ && q < qs->n && !answered; q++)
			answered = qs->items[q]->type == KB_Y_MAP &&
				   kb_yaml_body_node(qs->items[q], cfg);
	}
	if (!answered) {
		/* a body field that names something else of the file ("sections") is said so */
		kb_buf why = {0};
		for (size_t i = 0; i < cfg->fields[KB_ROLE_BODY].n; i++) {
			const char *f = cfg->fields[KB_ROLE_BODY].v[i];
			const kb_ynode *k, *v = kb_meta_path(root, f, &k);
			if (k && v && v->type != KB_Y_SCALAR) {
				kb_buf_printf(&why, "'%s' is a %s, not Markdown text: in a YamlMime:FAQ "
					      "file the body is each question's answer; see fields.body", f,
					      v->type == KB_Y_SEQ ? "list" : "mapping");
				break;
			}
		}
		if (!why.len && !first_q)
			kb_buf_puts(&why, "no question in 'sections'");
		kb_yaml_no_article(l, first_q ? first_q : root, cfg, why.len ? why.data : NULL);
		kb_buf_free(&why);
		return l;
	}
	const kb_ynode *summary = kb_ymap_get(root, "summary");
	if (summary && summary->type == KB_Y_SCALAR && summary->len)
		add_unit(l, root, meta, NULL, summary, summary, cfg);
	kb_strv names = {0};
	for (size_t s = 0; secs && s < secs->n && !l->err; s++) {
		const kb_ynode *sec = secs->items[s], *qs = kb_ymap_get(sec, "questions");
		const kb_ynode *name = kb_ymap_get(sec, "name");
		if (name && name->type == KB_Y_SCALAR)
			title_anchors(&names, name->str, name->len);
		for (size_t q = 0; qs && qs->type == KB_Y_SEQ && q < qs->n && !l->err; q++) {
			const kb_ynode *qm = qs->items[q];
			const kb_ynode *body = qm->type == KB_Y_MAP ? kb_yaml_body_node(qm, cfg) : NULL;
			if (!body)
				continue; /* a question without an answer is shown without one */
			const kb_ynode *title = kb_ymap_get(qm, "question");
			if (title && title->type == KB_Y_SCALAR)
				title_anchors(&names, title->str, title->len);
			kb_article *a = add_unit(l, root, meta, title, body, qm, cfg);
			add_anchors(a, &names);
			kb_strv_free(&names);
		}
	}
	kb_strv_free(&names);
	return l;
}
