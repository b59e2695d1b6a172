/* lsp.c: `kblint lsp`: a Language Server Protocol 3.17 server over stdio (lsp.h). Documents are
 * kept whole in memory (full sync; ranged changes applied too); each open, change or save checks
 * the document as `kblint check --stdin` would, with its own config (found from its path, one
 * setup per folder), and publishes its diagnostics. The neighbours it is checked against come
 * from an index of its knowledge base (index.h), made once and kept current from the open
 * buffers and the client's file events, so a check reads nothing from disk. The server never
 * writes a file. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ascii.h"
#include "cli.h"
#include "index.h"
#include "../edit/edit.h"
#include "lsp.h"

/* An open document. */
typedef struct {
	char *uri;
	char *path; /* the file it stands for */
	char *text; /* NUL-terminated */
	size_t len;
	size_t errors; /* error findings at the last check */
	json_t *diags; /* the diagnostics last published (a reference held) */
} doc;

/* The config and rules of the documents of one folder. */
typedef struct {
	char *folder;
	kb_setup s;
	bool ok; /* loaded without errors */
} setup_entry;

/* The index of one knowledge base: the folder whose files are its documents' neighbours
 * (kb_check_root), made on the first check of a document there. */
typedef struct {
	char *root;
	kb_index ix;
} workspace;

typedef struct {
	const kb_options *o;
	FILE *out;
	bool initialized, shutdown;
	bool utf8; /* positions count UTF-8 bytes; else UTF-16 code units */
	bool watch; /* the client registers file watchers for us (didChangeWatchedFiles) */
	kb_strv folders; /* the workspace folders (initialize), indexed at initialized */
	bool pull;  /* the client pulls diagnostics (textDocument/diagnostic): none are pushed */
	bool refresh; /* ... and may be asked to pull again (workspace/diagnostic/refresh) */
	doc *docs;
	size_t ndocs, capdocs;
	setup_entry **setups;
	size_t nsetups, capsetups;
	workspace *wss;
	size_t nwss, capwss;
} server;

static void send(server *sv, json_t *msg)
{
	kb_rpc_write(sv->out, msg);
	json_decref(msg);
}

static void reply(server *sv, json_t *id, json_t *result)
{
	send(sv, json_pack("{s:s, s:O, s:o}", "jsonrpc", "2.0", "id", id ? id : json_null(),
			   "result", result ? result : json_null()));
}

static void reply_error(server *sv, json_t *id, int code, const char *message)
{
	send(sv, json_pack("{s:s, s:O, s:{s:i, s:s}}", "jsonrpc", "2.0", "id",
			   id ? id : json_null(), "error", "code", code, "message", message));
}

/* The path of a file: URI, percent-decoded; NULL for another scheme or a bad escape. */
static char *uri_path(const char *uri)
{
	if (strncmp(uri, "file://", 7) != 0)
		return NULL;
	const char *p = uri + 7;
	if (*p != '/') { /* file://host/path: only the local host */
		if (strncmp(p, "localhost/", 10) != 0)
			return NULL;
		p += 9;
	}
	kb_buf b = {0};
	for (; *p && *p != '?' && *p != '#'; p++) {
		if (*p == '%') {
			if (!kb_isxdigit(p[1]) || !kb_isxdigit(p[2]) ||
			    (p[1] == '0' && p[2] == '0')) {
				kb_buf_free(&b);
				return NULL;
			}
			kb_buf_putc(&b, (char)(kb_hexval(p[1]) * 16 + kb_hexval(p[2])));
			p += 2;
		} else {
			kb_buf_putc(&b, *p);
		}
	}
	return b.data ? kb_buf_take(&b) : NULL;
}

static doc *find_doc(server *sv, const char *uri)
{
	for (size_t i = 0; i < sv->ndocs; i++)
		if (strcmp(sv->docs[i].uri, uri) == 0)
			return &sv->docs[i];
	return NULL;
}

/* The setup for the documents in path's folder, made on first use. */
static setup_entry *setup_for(server *sv, const char *path)
{
	char *folder = kb_stdin_folder(path);
	for (size_t i = 0; i < sv->nsetups; i++)
		if (strcmp(sv->setups[i]->folder, folder) == 0) {
			free(folder);
			return sv->setups[i];
		}
	if (sv->nsetups == sv->capsetups) {
		sv->capsetups = sv->capsetups ? sv->capsetups * 2 : 4;
		sv->setups = xrealloc(sv->setups, sv->capsetups * sizeof *sv->setups);
	}
	/* each on the heap: its engine points at its config, which must not move */
	setup_entry *e = xcalloc(1, sizeof *e);
	sv->setups[sv->nsetups++] = e;
	e->folder = folder;
	e->ok = kb_cli_setup(&e->s, sv->o, folder) == 0;
	return e;
}

/* The index of the knowledge base at root (e's), made on first use. */
static workspace *workspace_for(server *sv, setup_entry *e, const char *root)
{
	for (size_t i = 0; i < sv->nwss; i++)
		if (strcmp(sv->wss[i].root, root) == 0)
			return &sv->wss[i];
	if (sv->nwss == sv->capwss) {
		sv->capwss = sv->capwss ? sv->capwss * 2 : 4;
		sv->wss = xrealloc(sv->wss, sv->capwss * sizeof *sv->wss);
	}
	workspace *w = &sv->wss[sv->nwss++];
	w->root = xstrdup(root);
	char *paths[] = {w->root};
	kb_engine_index(&e->s.engine, paths, 1, &w->ix);
	/* the open documents' buffers stand for their files */
	for (size_t i = 0; i < sv->ndocs; i++) {
		char *abs, *r = kb_check_root(&e->s, sv->docs[i].path, &abs);
		if (strcmp(r, root) == 0)
			kb_engine_index_update(&e->s.engine, &w->ix, abs, sv->docs[i].path,
					       sv->docs[i].text, sv->docs[i].len);
		free(r);
		free(abs);
	}
	return w;
}

/* Forgets every setup and index: a config changed (they are made again on the next check). */
static void forget_setups(server *sv)
{
	for (size_t i = 0; i < sv->nsetups; i++) {
		kb_cli_setup_free(&sv->setups[i]->s); /* a failed kb_cli_setup leaves its parts too */
		free(sv->setups[i]->folder);
		free(sv->setups[i]);
	}
	sv->nsetups = 0;
	for (size_t i = 0; i < sv->nwss; i++) {
		kb_index_free(&sv->wss[i].ix);
		free(sv->wss[i].root);
	}
	sv->nwss = 0;
}

/* The byte offset of (line, col), both 1-based, col in code points, in text; clamped to the
 * line's end and the text's end. */
static size_t offset_of(const char *text, size_t len, int line, int col)
{
	size_t i = 0;
	for (int l = 1; l < line && i < len; i++)
		if (text[i] == '\n')
			l++;
	for (int c = 1; c < col && i < len && text[i] != '\n' && text[i] != '\r'; c++) {
		i++;
		while (i < len && ((unsigned char)text[i] & 0xC0) == 0x80)
			i++;
	}
	return i;
}

/* The LSP position of byte offset off of text: {line, character} in the negotiated units. */
static json_t *position(const server *sv, const char *text, size_t off)
{
	size_t line = 0, start = 0;
	for (size_t i = 0; i < off; i++)
		if (text[i] == '\n') {
			line++;
			start = i + 1;
		}
	size_t ch = 0;
	for (size_t i = start; i < off;) {
		unsigned char c = (unsigned char)text[i];
		size_t n = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
		if (sv->utf8)
			ch += n;
		else
			ch += n == 4 ? 2 : 1;
		i += n;
	}
	return json_pack("{s:I, s:I}", "line", (json_int_t)line, "character", (json_int_t)ch);
}

/* The byte offset of an LSP position in text (clamped to its line's end), or (size_t)-1 when
 * the position is not one. */
static size_t offset_at(const server *sv, const char *text, size_t len, json_t *pos)
{
	json_t *l = json_object_get(pos, "line"), *c = json_object_get(pos, "character");
	if (!json_is_integer(l) || !json_is_integer(c) || json_integer_value(l) < 0 ||
	    json_integer_value(c) < 0)
		return (size_t)-1;
	json_int_t line = json_integer_value(l), ch = json_integer_value(c);
	size_t i = 0;
	for (json_int_t k = 0; k < line; i++) {
		if (i >= len)
			return len;
		if (text[i] == '\n')
			k++;
	}
	for (json_int_t u = 0; u < ch && i < len && text[i] != '\n';) {
		unsigned char b = (unsigned char)text[i];
		size_t n = b < 0x80 ? 1 : b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
		u += sv->utf8 ? (json_int_t)n : n == 4 ? 2 : 1;
		i += n;
	}
	return i < len ? i : len;
}

static int severity_of(kb_severity s)
{
	return s == KB_SEV_ERROR ? 1 : s == KB_SEV_WARNING ? 2 : 3;
}

/* The end of what a finding at off is about: the word there (letters, digits, any non-ASCII
 * character), at least one character, within the line. */
static size_t word_end(const char *text, size_t len, size_t off)
{
	size_t i = off;
	while (i < len && (kb_isalnum(text[i]) || (unsigned char)text[i] >= 0x80 || text[i] == '_' ||
			   text[i] == '-'))
		i++;
	if (i == off && i < len && text[i] != '\n' && text[i] != '\r') {
		i++;
		while (i < len && ((unsigned char)text[i] & 0xC0) == 0x80)
			i++;
	}
	return i;
}

static json_t *diagnostic(const server *sv, const doc *d, int line, int col, int severity,
			  const char *code, const char *message, const char *href, int end_line,
			  int end_col)
{
	size_t off = offset_of(d->text, d->len, line > 0 ? line : 1, col > 0 ? col : 1);
	/* to the end of what the rule matched; else the word there */
	size_t end = end_line > 0 ? offset_of(d->text, d->len, end_line, end_col)
				  : word_end(d->text, d->len, off);
	if (end < off)
		end = off;
	json_t *range = json_pack("{s:o, s:o}", "start", position(sv, d->text, off), "end",
				  position(sv, d->text, end));
	json_t *diag = json_pack("{s:o, s:i, s:s, s:s}", "range", range, "severity", severity,
				 "source", "kblint", "message", message);
	if (code)
		json_object_set_new(diag, "code", json_string(code));
	if (href)
		json_object_set_new(diag, "codeDescription", json_pack("{s:s}", "href", href));
	return diag;
}

/* Pushes uri's diagnostics (diags, a reference taken); a client that pulls them
 * (textDocument/diagnostic) gets none pushed. */
static void publish(server *sv, const char *uri, json_t *diags)
{
	if (sv->pull) {
		json_decref(diags);
		return;
	}
	send(sv, json_pack("{s:s, s:s, s:{s:s, s:o}}", "jsonrpc", "2.0", "method",
			   "textDocument/publishDiagnostics", "params", "uri", uri, "diagnostics",
			   diags));
}

/* A file: URI for path (made absolute), percent-encoded. */
static char *path_uri(const char *path)
{
	char *abs = kb_path_absolute(path);
	kb_buf b = {0};
	kb_buf_puts(&b, "file://");
	for (const char *p = abs; *p; p++) {
		if (kb_isalnum(*p) || strchr("/-._~", *p))
			kb_buf_putc(&b, *p);
		else
			kb_buf_printf(&b, "%%%02X", (unsigned char)*p);
	}
	free(abs);
	return kb_buf_take(&b);
}

/* The relatedInformation of a finding: the other places of a conflict, the target of a link.
 * Each position is read from that file as it is on disk (columns as the client counts them);
 * where it cannot be read, the column is taken as is. */
static json_t *related_info(const server *sv, const doc *d, const kb_finding *f)
{
	json_t *out = json_array();
	for (size_t i = 0; i < f->nrelated; i++) {
		const kb_related *r = &f->related[i];
		char *text = NULL, err[256];
		size_t len = 0;
		json_t *pos;
		bool self = strcmp(r->file, d->path) == 0;
		if (self || kb_read_file(r->file, KB_MAX_FILE_BYTES, &text, &len, err, sizeof err) == 0) {
			const char *t = self ? d->text : text;
			size_t n = self ? d->len : len;
			pos = position(sv, t, offset_of(t, n, r->line, r->col));
		} else {
			pos = json_pack("{s:i, s:i}", "line", r->line > 0 ? r->line - 1 : 0, "character",
					r->col > 0 ? r->col - 1 : 0);
		}
		free(text);
		char *uri = self ? xstrdup(d->uri) : path_uri(r->file);
		json_array_append_new(out, json_pack("{s:{s:s, s:{s:O, s:o}}, s:s}", "location", "uri",
						     uri, "range", "start", pos, "end", pos,
						     "message", r->message ? r->message : ""));
		free(uri);
	}
	return out;
}

/* Checks d and publishes its diagnostics. */
static void check_doc(server *sv, doc *d)
{
	json_t *diags = json_array();
	setup_entry *e = setup_for(sv, d->path);
	if (!e->ok) {
		json_array_append_new(diags, diagnostic(sv, d, 1, 1, 1, "config-error",
							"the config or rules of this file have errors: "
							"run 'kblint check' on it to see them",
							NULL, 0, 0));
		publish(sv, d->uri, diags);
		return;
	}
	kb_results res;
	kb_results_init(&res);
	char *abs, *root = kb_check_root(&e->s, d->path, &abs);
	workspace *w = workspace_for(sv, e, root);
	kb_engine_check_text_indexed(&e->s.engine, &w->ix, abs, d->path, d->text, d->len, &res);
	free(root);
	free(abs);
	d->errors = res.nerrors;
	for (size_t i = 0; i < res.nfindings; i++)
		d->errors += res.findings[i].severity == KB_SEV_ERROR;
	for (size_t i = 0; i < res.nerrors; i++) {
		const kb_loaderr *x = &res.errors[i];
		json_array_append_new(diags, diagnostic(sv, d, x->line, x->col, 1, "load-error",
							x->message, NULL, 0, 0));
	}
	for (size_t i = 0; i < res.nfindings; i++) {
		const kb_finding *f = &res.findings[i];
		const kb_rule *r = kb_ruleset_find(&e->s.rules, f->rule);
		json_t *dg = diagnostic(sv, d, f->line, f->col, severity_of(f->severity), f->rule,
					f->message, r ? r->help_uri : NULL, f->end_line, f->end_col);
		if (f->fix && f->end_line)
			/* the fix, for the code action that applies it */
			json_object_set_new(dg, "data", json_pack("{s:s, s:s}", "fix", f->fix, "safety",
								  f->fix_safe ? "safe" : "unsafe"));
		if (f->nrelated)
			json_object_set_new(dg, "relatedInformation", related_info(sv, d, f));
		json_array_append_new(diags, dg);
	}
	kb_results_free(&res);
	json_decref(d->diags);
	d->diags = json_incref(diags);
	publish(sv, d->uri, diags);
}

/* Makes the index entry of the file at path what text[0..len) says (text NULL: the file on
 * disk), when its knowledge base's index is made. Returns that index's root (caller frees) when
 * what the other articles see of the file changed, so that its open documents are checked
 * again; else NULL. */
static char *reindex(server *sv, const char *path, const char *text, size_t len)
{
	setup_entry *e = setup_for(sv, path);
	if (!e->ok)
		return NULL;
	char *abs, *root = kb_check_root(&e->s, path, &abs);
	workspace *w = NULL;
	for (size_t i = 0; i < sv->nwss && !w; i++)
		if (strcmp(sv->wss[i].root, root) == 0)
			w = &sv->wss[i];
	bool changed = false;
	if (w) {
		kb_index_file *f = kb_index_find(&w->ix, abs);
		uint64_t before = f ? kb_index_file_hash(f) : 0;
		if (kb_engine_index_update(&e->s.engine, &w->ix, abs, path, text, len)) {
			f = kb_index_find(&w->ix, abs);
			changed = !f || kb_index_file_hash(f) != before;
		}
	}
	free(abs);
	if (!changed) {
		free(root);
		return NULL;
	}
	return root;
}

/* Checks again every open document but except whose neighbours are the files under root; a
 * client that pulls diagnostics is asked to pull again. */
static void recheck(server *sv, const char *root, const doc *except)
{
	if (sv->pull && sv->refresh)
		send(sv, json_pack("{s:s, s:s, s:s}", "jsonrpc", "2.0", "id", "kblint-refresh",
				   "method", "workspace/diagnostic/refresh"));
	for (size_t i = 0; i < sv->ndocs; i++) {
		doc *d = &sv->docs[i];
		if (d == except)
			continue;
		setup_entry *e = setup_for(sv, d->path);
		char *abs, *r = e->ok ? kb_check_root(&e->s, d->path, &abs) : NULL;
		if (r && strcmp(r, root) == 0)
			check_doc(sv, d);
		if (r)
			free(abs);
		free(r);
	}
}

/* d's text changed (or d was opened): checks it, then its knowledge base's other open documents
 * when what they see of it changed (a link target, an anchor, a sentence they share). */
static void changed(server *sv, doc *d)
{
	check_doc(sv, d);
	char *root = reindex(sv, d->path, d->text, d->len);
	if (root)
		recheck(sv, root, d);
	free(root);
}

/* Replaces d's text by text[0..len). */
static void set_text(doc *d, const char *text, size_t len)
{
	free(d->text);
	d->text = xstrndup(text, len);
	d->len = len;
}

static void did_open(server *sv, json_t *params)
{
	json_t *td = json_object_get(params, "textDocument");
	const char *uri = json_string_value(json_object_get(td, "uri"));
	json_t *text = json_object_get(td, "text");
	char *path = uri ? uri_path(uri) : NULL;
	if (!path || !json_is_string(text)) {
		free(path);
		return;
	}
	doc *d = find_doc(sv, uri);
	if (!d) {
		if (sv->ndocs == sv->capdocs) {
			sv->capdocs = sv->capdocs ? sv->capdocs * 2 : 8;
			sv->docs = xrealloc(sv->docs, sv->capdocs * sizeof *sv->docs);
		}
		d = &sv->docs[sv->ndocs++];
		memset(d, 0, sizeof *d);
		d->uri = xstrdup(uri);
		d->path = path;
	} else {
		free(path);
	}
	set_text(d, json_string_value(text), json_string_length(text));
	changed(sv, d);
}

static void did_change(server *sv, json_t *params)
{
	const char *uri =
		json_string_value(json_object_get(json_object_get(params, "textDocument"), "uri"));
	doc *d = uri ? find_doc(sv, uri) : NULL;
	json_t *changes = json_object_get(params, "contentChanges");
	if (!d || !json_is_array(changes))
		return;
	size_t i;
	json_t *ch;
	json_array_foreach(changes, i, ch) {
		json_t *text = json_object_get(ch, "text");
		json_t *range = json_object_get(ch, "range");
		if (!json_is_string(text))
			continue;
		if (!range) {
			set_text(d, json_string_value(text), json_string_length(text));
			continue;
		}
		size_t a = offset_at(sv, d->text, d->len, json_object_get(range, "start"));
		size_t b = offset_at(sv, d->text, d->len, json_object_get(range, "end"));
		if (a == (size_t)-1 || b == (size_t)-1 || b < a)
			continue;
		kb_buf nb = {0};
		kb_buf_put(&nb, d->text, a);
		kb_buf_put(&nb, json_string_value(text), json_string_length(text));
		kb_buf_put(&nb, d->text + b, d->len - b);
		set_text(d, nb.data ? nb.data : "", nb.len);
		kb_buf_free(&nb);
	}
	changed(sv, d);
}

static void did_save(server *sv, json_t *params)
{
	const char *uri =
		json_string_value(json_object_get(json_object_get(params, "textDocument"), "uri"));
	doc *d = uri ? find_doc(sv, uri) : NULL;
	if (d)
		check_doc(sv, d);
}

static void did_close(server *sv, json_t *params)
{
	const char *uri =
		json_string_value(json_object_get(json_object_get(params, "textDocument"), "uri"));
	doc *d = uri ? find_doc(sv, uri) : NULL;
	if (!d)
		return;
	publish(sv, d->uri, json_array());
	char *path = d->path;
	free(d->uri);
	free(d->text);
	json_decref(d->diags);
	*d = sv->docs[--sv->ndocs];
	/* the file on disk stands for it again */
	char *root = reindex(sv, path, NULL, 0);
	if (root)
		recheck(sv, root, NULL);
	free(root);
	free(path);
}

/* The file at path is the config of a setup, or is named as one (.kblint.yaml). */
static bool is_config(const server *sv, const char *path)
{
	const char *base = strrchr(path, '/');
	if (strcmp(base ? base + 1 : path, ".kblint.yaml") == 0)
		return true;
	for (size_t i = 0; i < sv->nsetups; i++)
		if (sv->setups[i]->s.cfg.path && strcmp(sv->setups[i]->s.cfg.path, path) == 0)
			return true;
	return false;
}

/* workspace/didChangeWatchedFiles: files created, changed or deleted on disk. An open document's
 * buffer stands for its file, so its events are left out. A config that changed makes every
 * setup and index again. Then the open documents whose neighbours changed are checked again. */
static void did_change_watched(server *sv, json_t *params)
{
	json_t *changes = json_object_get(params, "changes");
	size_t i;
	json_t *ch;
	kb_strv roots = {0};
	bool config = false;
	json_array_foreach(changes, i, ch) {
		const char *uri = json_string_value(json_object_get(ch, "uri"));
		char *path = uri ? uri_path(uri) : NULL;
		if (!path)
			continue;
		bool open = false;
		for (size_t k = 0; k < sv->ndocs && !open; k++)
			open = strcmp(sv->docs[k].path, path) == 0;
		if (is_config(sv, path)) {
			config = true;
		} else if (!open && !config) {
			char *root = reindex(sv, path, NULL, 0);
			if (root && !kb_strv_contains(&roots, root))
				kb_strv_push(&roots, root);
			free(root);
		}
		free(path);
	}
	if (config) {
		forget_setups(sv);
		for (size_t k = 0; k < sv->ndocs; k++)
			check_doc(sv, &sv->docs[k]);
	} else {
		for (size_t k = 0; k < roots.n; k++)
			recheck(sv, roots.v[k], NULL);
	}
	kb_strv_free(&roots);
}

/* The edit that turns d's text into to[0..tolen), as whole lines: {range, newText}. */
static json_t *line_edit(const server *sv, const doc *d, const char *to, size_t tolen)
{
	size_t a = 0;
	while (a < d->len && a < tolen && d->text[a] == to[a])
		a++;
	while (a > 0 && d->text[a - 1] != '\n')
		a--;
	size_t b = 0;
	while (b < d->len - a && b < tolen - a && d->text[d->len - 1 - b] == to[tolen - 1 - b])
		b++;
	while (b > 0 && d->text[d->len - b - 1] != '\n')
		b--;
	json_t *range = json_pack("{s:o, s:o}", "start", position(sv, d->text, a), "end",
				  position(sv, d->text, d->len - b));
	return json_pack("{s:o, s:s%}", "range", range, "newText", to + a, tolen - b - a);
}

/* A code action that applies one text edit to d. */
static json_t *action(const doc *d, const char *title, json_t *edit, json_t *diag)
{
	json_t *a = json_pack("{s:s, s:s, s:{s:{s:[o]}}}", "title", title, "kind", "quickfix",
			      "edit", "changes", d->uri, edit);
	if (diag)
		json_object_set_new(a, "diagnostics", json_pack("[O]", diag));
	return a;
}

/* The line after d's front matter (0-based), 0 when it has none. */
static size_t body_line(const doc *d)
{
	const char *t = d->text;
	if (strncmp(t, "---\n", 4) != 0 && strncmp(t, "---\r\n", 5) != 0)
		return 0;
	size_t line = 1;
	for (const char *p = strchr(t, '\n'); p; p = strchr(p + 1, '\n')) {
		line++;
		if (strncmp(p + 1, "---", 3) == 0 && (p[4] == '\n' || p[4] == '\r' || !p[4]))
			return line;
	}
	return 0;
}

static int pos_cmp(json_t *a, json_t *b);

/* The diagnostic the server published for d that dg (from a request for range) stands for: the
 * same code and start, or NULL. A client may send back less than it got (Neovim 0.7 keeps the
 * code and data, not the range): the request's range then gives the start. */
static json_t *published(const doc *d, json_t *dg, json_t *range)
{
	const char *code = json_string_value(json_object_get(dg, "code"));
	json_t *start = json_object_get(json_object_get(dg, "range"), "start");
	if (!start)
		start = json_object_get(range, "start");
	size_t i;
	json_t *p;
	json_array_foreach(d->diags, i, p) {
		const char *c = json_string_value(json_object_get(p, "code"));
		if (code && c && strcmp(code, c) == 0 && json_is_object(start) &&
		    pos_cmp(start, json_object_get(json_object_get(p, "range"), "start")) == 0)
			return p;
	}
	return NULL;
}

/* The code actions of one published diagnostic p: its fix ("Replace with ..."; a fact's
 * canonical value), and "Open ..." for each other article it names. */
static void fix_actions(const doc *d, json_t *p, json_t *out)
{
	json_t *data = json_object_get(p, "data");
	const char *fix = json_string_value(json_object_get(data, "fix"));
	const char *code = json_string_value(json_object_get(p, "code"));
	if (fix && code) {
		const char *safety = json_string_value(json_object_get(data, "safety"));
		bool safe = safety && strcmp(safety, "safe") == 0;
		kb_buf title = {0};
		if (strcmp(code, "fact-contradiction") == 0)
			kb_buf_printf(&title, "Use the canonical value '%s' (read the sentence again)", fix);
		else if (safe)
			kb_buf_printf(&title, "Replace with '%s'", fix);
		else
			kb_buf_printf(&title, "Replace with '%s' (unsafe: read the sentence again)", fix);
		json_t *edit = json_pack("{s:O, s:s}", "range", json_object_get(p, "range"),
					 "newText", fix);
		json_t *a = action(d, title.data, edit, p);
		if (safe)
			json_object_set_new(a, "isPreferred", json_true());
		json_array_append_new(out, a);
		kb_buf_free(&title);
	}
	size_t i;
	json_t *rel;
	json_array_foreach(json_object_get(p, "relatedInformation"), i, rel) {
		json_t *loc = json_object_get(rel, "location");
		const char *uri = json_string_value(json_object_get(loc, "uri"));
		if (!uri || strcmp(uri, d->uri) == 0)
			continue;
		const char *name = strrchr(uri, '/');
		char *path = uri_path(uri);
		kb_buf title = {0};
		kb_buf_printf(&title, "Open %s", path ? strrchr(path, '/') + 1 : name ? name + 1 : uri);
		free(path);
		json_array_append_new(out, json_pack("{s:s, s:s, s:{s:s, s:s, s:[O]}}", "title",
						     title.data, "kind", "quickfix", "command",
						     "title", title.data, "command", "kblint.open",
						     "arguments", loc));
		kb_buf_free(&title);
	}
}

/* textDocument/codeAction: for each kblint diagnostic of the request, "Suppress RULE until
 * DATE" (a comment on the line before, 30 days ahead, the reason to fill in; not in front
 * matter or YAML files); and once, "Mark as reviewed today", the edit of `kblint verify`. */
static json_t *code_actions(server *sv, json_t *params)
{
	const char *uri =
		json_string_value(json_object_get(json_object_get(params, "textDocument"), "uri"));
	doc *d = uri ? find_doc(sv, uri) : NULL;
	json_t *out = json_array();
	if (!d)
		return out;
	setup_entry *e = setup_for(sv, d->path);
	if (!e->ok)
		return out;
	kb_date today = e->s.engine.today;
	char until[16];
	kb_date_format(kb_date_add(today, (kb_interval){30, KB_UNIT_DAYS}), until);
	bool markdown = kb_filetype_of(d->path) == KB_TYPE_MARKDOWN;
	size_t first = body_line(d);
	json_t *diags = json_object_get(json_object_get(params, "context"), "diagnostics");
	size_t i;
	json_t *dg;
	json_array_foreach(diags, i, dg) {
		const char *code = json_string_value(json_object_get(dg, "code"));
		const char *src = json_string_value(json_object_get(dg, "source"));
		json_t *p = !src || strcmp(src, "kblint") == 0
				    ? published(d, dg, json_object_get(params, "range"))
				    : NULL;
		if (p)
			fix_actions(d, p, out);
		json_t *line = json_object_get(json_object_get(json_object_get(dg, "range"), "start"),
					       "line");
		if (!code || !src || strcmp(src, "kblint") != 0 || !json_is_integer(line) ||
		    !markdown || json_integer_value(line) < (json_int_t)first)
			continue;
		size_t at = offset_of(d->text, d->len, (int)json_integer_value(line) + 1, 1);
		kb_buf comment = {0}, title = {0};
		kb_buf_printf(&comment, "<!-- kblint-disable-next-line %s until=%s -- reason -->\n",
			      code, until);
		kb_buf_printf(&title, "Suppress %s until %s", code, until);
		json_t *pos = position(sv, d->text, at);
		json_t *edit = json_pack("{s:{s:O, s:o}, s:s}", "range", "start", pos, "end", pos,
					 "newText", comment.data);
		json_array_append_new(out, action(d, title.data, edit, dg));
		kb_buf_free(&comment);
		kb_buf_free(&title);
	}
	kb_review rv = {.cfg = &e->s.cfg, .display = d->path, .type = kb_filetype_of(d->path),
			.date = today};
	json_t *first_diag = json_array_get(diags, 0);
	json_t *first_line = json_object_get(
		json_object_get(json_object_get(first_diag, "range"), "start"), "line");
	if (rv.type != KB_TYPE_MARKDOWN && json_is_integer(first_line))
		rv.line = (int)json_integer_value(first_line) + 1; /* the YAML entry there */
	kb_review_result res = {0};
	if (kb_review_apply(d->text, d->len, &rv, &res) == 0 &&
	    (res.out_len != d->len || memcmp(res.out, d->text, d->len) != 0)) {
		char day[16];
		kb_date_format(today, day);
		kb_buf title = {0};
		if (d->errors)
			kb_buf_printf(&title, "Mark as reviewed today (%s), though it still has %zu error%s",
				      day, d->errors, d->errors == 1 ? "" : "s");
		else
			kb_buf_printf(&title, "Mark as reviewed today (%s)", day);
		json_array_append_new(out, action(d, title.data, line_edit(sv, d, res.out, res.out_len),
						  NULL));
		kb_buf_free(&title);
	}
	kb_review_result_free(&res);
	return out;
}

/* -1, 0 or 1 as LSP position a is before, at or after b. */
static int pos_cmp(json_t *a, json_t *b)
{
	json_int_t la = json_integer_value(json_object_get(a, "line"));
	json_int_t lb = json_integer_value(json_object_get(b, "line"));
	json_int_t ca = json_integer_value(json_object_get(a, "character"));
	json_int_t cb = json_integer_value(json_object_get(b, "character"));
	return la != lb ? (la < lb ? -1 : 1) : ca != cb ? (ca < cb ? -1 : 1) : 0;
}

/* textDocument/hover: over a diagnostic, its rule explained (as `kblint explain` starts). */
static json_t *hover(server *sv, json_t *params)
{
	const char *uri =
		json_string_value(json_object_get(json_object_get(params, "textDocument"), "uri"));
	json_t *at = json_object_get(params, "position");
	doc *d = uri ? find_doc(sv, uri) : NULL;
	if (!d || !d->diags || !json_is_object(at))
		return NULL;
	setup_entry *e = setup_for(sv, d->path);
	kb_buf md = {0};
	size_t i;
	json_t *dg;
	json_array_foreach(d->diags, i, dg) {
		json_t *range = json_object_get(dg, "range");
		const char *code = json_string_value(json_object_get(dg, "code"));
		const kb_rule *r = code && e->ok ? kb_ruleset_find(&e->s.rules, code) : NULL;
		if (!r || pos_cmp(at, json_object_get(range, "start")) < 0 ||
		    pos_cmp(at, json_object_get(range, "end")) > 0 || (md.data && strstr(md.data, code)))
			continue;
		if (md.len)
			kb_buf_puts(&md, "\n\n---\n\n");
		kb_buf_printf(&md, "**%s**: %s rule, category %s, severity %s\n\n%s", r->id,
			      r->kind->name, kb_category_name(r->category),
			      r->enabled ? kb_severity_name(r->severity) : "off",
			      r->description[0] ? r->description : "(no description)");
		if (r->help_uri)
			kb_buf_printf(&md, "\n\n[Documentation](%s)", r->help_uri);
	}
	if (!md.len)
		return NULL;
	json_t *h = json_pack("{s:{s:s, s:s}}", "contents", "kind", "markdown", "value", md.data);
	kb_buf_free(&md);
	return h;
}

/* workspace/executeCommand: "kblint.open" with a Location asks the client to show that place
 * (window/showDocument), for the "Open ..." code actions. */
static void execute(server *sv, json_t *id, json_t *params)
{
	const char *cmd = json_string_value(json_object_get(params, "command"));
	json_t *loc = json_array_get(json_object_get(params, "arguments"), 0);
	const char *uri = json_string_value(json_object_get(loc, "uri"));
	if (!cmd || strcmp(cmd, "kblint.open") != 0 || !uri) {
		reply_error(sv, id, KB_RPC_INVALID_PARAMS,
			    "kblint knows one command, kblint.open, with a Location");
		return;
	}
	json_t *show = json_pack("{s:s, s:b}", "uri", uri, "takeFocus", 1);
	json_t *range = json_object_get(loc, "range");
	if (json_is_object(range))
		json_object_set(show, "selection", range);
	send(sv, json_pack("{s:s, s:s, s:s, s:o}", "jsonrpc", "2.0", "id", "kblint-show", "method",
			   "window/showDocument", "params", show));
	reply(sv, id, NULL);
}

/* initialize: the position encoding (UTF-8 when the client offers it) and the capabilities. */
static json_t *initialize(server *sv, json_t *params)
{
	json_t *encs = json_object_get(json_object_get(json_object_get(params, "capabilities"),
							 "general"),
				       "positionEncodings");
	size_t i;
	json_t *e;
	json_array_foreach(encs, i, e)
		if (json_is_string(e) && strcmp(json_string_value(e), "utf-8") == 0)
			sv->utf8 = true;
	/* the workspace folders, or the root: indexed once the client says it is initialized */
	json_t *wf = json_object_get(params, "workspaceFolders");
	json_t *f;
	json_array_foreach(wf, i, f) {
		char *p = uri_path(json_string_value(json_object_get(f, "uri")) ?
					   json_string_value(json_object_get(f, "uri")) : "");
		if (p)
			kb_strv_push(&sv->folders, p);
		free(p);
	}
	const char *root = json_string_value(json_object_get(params, "rootUri"));
	char *rp = !sv->folders.n && root ? uri_path(root) : NULL;
	if (rp)
		kb_strv_push(&sv->folders, rp);
	free(rp);
	json_t *caps = json_object_get(params, "capabilities");
	sv->pull = json_is_object(json_object_get(json_object_get(caps, "textDocument"),
						  "diagnostic"));
	sv->refresh = json_is_true(json_object_get(
		json_object_get(json_object_get(caps, "workspace"), "diagnostics"), "refreshSupport"));
	sv->watch = json_is_true(json_object_get(
		json_object_get(json_object_get(json_object_get(params, "capabilities"), "workspace"),
				"didChangeWatchedFiles"),
		"dynamicRegistration"));
	json_t *r = json_pack("{s:{s:s, s:{s:b, s:i, s:{s:b}}, s:b, s:b, s:{s:[s]}}, s:{s:s, s:s}}",
			      "capabilities", "positionEncoding", sv->utf8 ? "utf-8" : "utf-16",
			      "textDocumentSync", "openClose", 1, "change", 1, "save", "includeText",
			      0, "codeActionProvider", 1, "hoverProvider", 1, "executeCommandProvider",
			      "commands", "kblint.open", "serverInfo", "name", "kblint", "version",
			      KBLINT_VERSION);
	if (sv->pull)
		json_object_set_new(json_object_get(r, "capabilities"), "diagnosticProvider",
				    json_pack("{s:s, s:b, s:b}", "identifier", "kblint",
					      "interFileDependencies", 1, "workspaceDiagnostics", 0));
	return r;
}

static void free_server(server *sv)
{
	for (size_t i = 0; i < sv->ndocs; i++) {
		free(sv->docs[i].uri);
		free(sv->docs[i].path);
		free(sv->docs[i].text);
		json_decref(sv->docs[i].diags);
	}
	free(sv->docs);
	forget_setups(sv);
	free(sv->setups);
	free(sv->wss);
	kb_strv_free(&sv->folders);
}

/* initialized: indexes each workspace folder that has a config (a folder without one may be a
 * home folder: its documents' own folders are indexed when they are opened), then asks the
 * client to tell us of changes to articles and configs on disk, when it can. */
static void initialized(server *sv)
{
	for (size_t i = 0; i < sv->folders.n; i++) {
		char *probe = kb_path_join(sv->folders.v[i], ".kblint-workspace.md");
		setup_entry *e = setup_for(sv, probe);
		if (e->ok && e->s.cfg.path) {
			char *abs, *root = kb_check_root(&e->s, probe, &abs);
			workspace_for(sv, e, root);
			free(root);
			free(abs);
		}
		free(probe);
	}
	if (sv->watch)
		send(sv, json_pack("{s:s, s:s, s:s, s:{s:[{s:s, s:s, s:{s:[{s:s}]}}]}}", "jsonrpc",
				   "2.0", "id", "kblint-watch", "method", "client/registerCapability",
				   "params", "registrations", "id", "kblint-watch", "method",
				   "workspace/didChangeWatchedFiles", "registerOptions", "watchers",
				   "globPattern", "**/*.{md,markdown,mdx,yml,yaml,toml,json}"));
}

/* Serves one message. Returns -1 to go on, else the exit status. */
static int serve(server *sv, json_t *msg)
{
	json_t *id = json_object_get(msg, "id");
	json_t *m = json_object_get(msg, "method");
	json_t *params = json_object_get(msg, "params");
	bool response = json_object_get(msg, "result") || json_object_get(msg, "error");
	if (!m && id && response)
		return -1; /* a response to a request of ours: we send none */
	if (!json_is_object(msg) || !m) {
		reply_error(sv, id && (json_is_string(id) || json_is_integer(id)) ? id : NULL,
			    KB_RPC_INVALID_REQUEST, "not a JSON-RPC request or notification");
		return -1;
	}
	if (!json_is_string(m) || (id && !json_is_string(id) && !json_is_integer(id))) {
		reply_error(sv, id && (json_is_string(id) || json_is_integer(id)) ? id : NULL,
			    KB_RPC_INVALID_REQUEST, "the method must be a string, the id a number or a string");
		return -1;
	}
	const char *method = json_string_value(m);
	if (strcmp(method, "exit") == 0)
		return sv->shutdown ? 0 : 1;
	if (!sv->initialized) {
		if (id && strcmp(method, "initialize") == 0) {
			sv->initialized = true;
			reply(sv, id, initialize(sv, params));
		} else if (id) {
			reply_error(sv, id, KB_RPC_SERVER_NOT_INITIALIZED,
				    "the server is not initialized: send 'initialize' first");
		}
		return -1;
	}
	if (sv->shutdown) {
		if (id)
			reply_error(sv, id, KB_RPC_INVALID_REQUEST,
				    "the server is shut down: only 'exit' is served");
		return -1;
	}
	if (id) {
		if (strcmp(method, "shutdown") == 0) {
			sv->shutdown = true;
			reply(sv, id, NULL);
		} else if (strcmp(method, "initialize") == 0) {
			reply_error(sv, id, KB_RPC_INVALID_REQUEST, "the server is already initialized");
		} else if (strcmp(method, "textDocument/hover") == 0) {
			reply(sv, id, json_is_object(params) ? hover(sv, params) : NULL);
		} else if (strcmp(method, "textDocument/codeAction") == 0) {
			reply(sv, id, json_is_object(params) ? code_actions(sv, params) : json_array());
		} else if (strcmp(method, "textDocument/diagnostic") == 0) {
			/* the diagnostics of the last check (each change checks the document) */
			const char *uri = json_string_value(
				json_object_get(json_object_get(params, "textDocument"), "uri"));
			doc *d = uri ? find_doc(sv, uri) : NULL;
			json_t *items = d && d->diags ? json_incref(d->diags) : json_array();
			reply(sv, id, json_pack("{s:s, s:o}", "kind", "full", "items", items));
		} else if (strcmp(method, "workspace/executeCommand") == 0) {
			execute(sv, id, params);
		} else {
			char why[256];
			snprintf(why, sizeof why, "unknown method '%.200s'", method);
			reply_error(sv, id, KB_RPC_METHOD_NOT_FOUND, why);
		}
		return -1;
	}
	if (!json_is_object(params))
		return -1;
	if (strcmp(method, "textDocument/didOpen") == 0)
		did_open(sv, params);
	else if (strcmp(method, "textDocument/didChange") == 0)
		did_change(sv, params);
	else if (strcmp(method, "textDocument/didSave") == 0)
		did_save(sv, params);
	else if (strcmp(method, "textDocument/didClose") == 0)
		did_close(sv, params);
	else if (strcmp(method, "workspace/didChangeWatchedFiles") == 0)
		did_change_watched(sv, params);
	else if (strcmp(method, "initialized") == 0)
		initialized(sv);
	/* other notifications ("$/cancelRequest", ...) need nothing */
	return -1;
}


int kb_cmd_lsp(const kb_options *o, char **args, int nargs)
{
	if (nargs)
		return kb_cli_usage_error("'lsp' takes no arguments, not '%s'", args[0]);
	server sv = {.o = o, .out = stdout};
	int status = -1;
	while (status < 0) {
		json_t *msg;
		char why[300];
		kb_rpc_status st = kb_rpc_read(stdin, &msg, why, sizeof why);
		if (st == KB_RPC_EOF || st == KB_RPC_TRUNCATED) {
			/* the client went away: without a shutdown that is exit status 1 */
			status = sv.shutdown ? 0 : 1;
		} else if (st == KB_RPC_BAD) {
			reply_error(&sv, NULL, KB_RPC_PARSE_ERROR, why);
		} else {
			status = serve(&sv, msg);
			json_decref(msg);
		}
	}
	free_server(&sv);
	return status;
}
