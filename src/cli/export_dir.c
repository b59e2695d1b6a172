/* export_dir.c: kblint export --out-dir DIR: a folder an assistant can index as it is. DIR is
 * kblint's own (the marker file says so): each emitted article is a Markdown file mirroring the
 * knowledge base's layout, with its verdict in the front matter; manifest.jsonl lists them; the
 * files of articles no longer emitted are removed. Every file is written atomically, a file
 * whose bytes did not change is left alone, and nothing is written through a symbolic link. */
#include <dirent.h>
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "export.h"
#include "strset.h"
#include "textout.h"

static const char marker_name[] = ".kblint-export";
static const char manifest_name[] = "manifest.jsonl";
static const char marker_text[] =
	"This folder is written by kblint export --out-dir. Every run replaces its files and\n"
	"removes those of articles no longer exported; do not keep other files here.\n";

/* Prints "kblint: PATH: what[: reason]" to stderr; returns -1. */
static int fail(const char *path, const char *what, const char *reason)
{
	fputs("kblint: ", stderr);
	kb_put_clean(stderr, path);
	fprintf(stderr, ": %s%s%s\n", what, reason ? ": " : "", reason ? reason : "");
	return -1;
}

/* True when the folder at path holds anything. */
static bool not_empty(const char *path)
{
	DIR *d = opendir(path);
	if (!d)
		return false;
	bool any = false;
	struct dirent *e;
	while (!any && (e = readdir(d)))
		any = strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
	closedir(d);
	return any;
}

/* Reads the files the previous manifest lists into files. Returns 0 (no manifest: none), or -1
 * after printing why. */
static int read_manifest(const char *dir, kb_strv *files)
{
	char *path = kb_path_join(dir, manifest_name), *text = NULL, err[300];
	size_t len = 0;
	int ret = 0;
	struct stat st;
	if (lstat(path, &st) != 0 && errno == ENOENT)
		goto out;
	if (kb_read_file(path, KB_MAX_FILE_BYTES, &text, &len, err, sizeof err) != 0) {
		ret = fail(path, "cannot read the manifest", err);
		goto out;
	}
	int line = 1;
	for (char *p = text; p < text + len; line++) {
		char *nl = memchr(p, '\n', (size_t)(text + len - p));
		size_t n = (size_t)((nl ? nl : text + len) - p);
		json_error_t je;
		json_t *rec = n ? json_loadb(p, n, 0, &je) : NULL;
		json_t *file = rec ? json_object_get(rec, "file") : NULL;
		if (n && !json_is_string(file)) {
			char where[64];
			snprintf(where, sizeof where, "line %d is not a record kblint export wrote", line);
			json_decref(rec);
			ret = fail(path, where, "remove the folder and export again");
			goto out;
		}
		if (file)
			kb_strv_push(files, json_string_value(file));
		json_decref(rec);
		p = nl ? nl + 1 : text + len;
	}
out:
	free(text);
	free(path);
	return ret;
}

int kb_export_dir_check(const char *dir)
{
	struct stat st;
	if (stat(dir, &st) != 0)
		return errno == ENOENT ? 0 : fail(dir, "cannot read the folder", strerror(errno));
	if (!S_ISDIR(st.st_mode))
		return fail(dir, "not a folder", NULL);
	char *marker = kb_path_join(dir, marker_name);
	bool marked = lstat(marker, &st) == 0 && S_ISREG(st.st_mode);
	free(marker);
	if (!marked && not_empty(dir))
		return fail(dir, "the folder is not empty and has no .kblint-export; kblint export "
				 "--out-dir writes only to an empty folder or one it wrote before",
			    NULL);
	kb_strv files = {0};
	int ret = read_manifest(dir, &files);
	kb_strv_free(&files);
	return ret;
}

/* mkdir -p for dir itself (it is the user's: a symbolic link to a folder is fine). */
static int make_root(const char *dir)
{
	struct stat st;
	if (stat(dir, &st) == 0)
		return S_ISDIR(st.st_mode) ? 0 : fail(dir, "not a folder", NULL);
	char *p = xstrdup(dir);
	for (char *s = p + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, 0777) != 0 && errno != EEXIST) {
			fail(p, "cannot create the folder", strerror(errno));
			free(p);
			return -1;
		}
		*s = '/';
	}
	int ret = 0;
	if (mkdir(p, 0777) != 0 && errno != EEXIST)
		ret = fail(p, "cannot create the folder", strerror(errno));
	free(p);
	return ret;
}

/* Creates the folders of rel (a file's path inside dir) below dir, refusing a symbolic link or
 * anything but a folder on the way. Returns 0, or -1 after printing why. */
static int make_parents(const char *dir, const char *rel)
{
	kb_buf b = {0};
	kb_buf_puts(&b, dir);
	int ret = 0;
	for (const char *p = rel, *slash; ret == 0 && (slash = strchr(p, '/')); p = slash + 1) {
		kb_buf_putc(&b, '/');
		kb_buf_put(&b, p, (size_t)(slash - p));
		struct stat st;
		if (lstat(b.data, &st) == 0) {
			if (S_ISLNK(st.st_mode))
				ret = fail(b.data, "a symbolic link inside the export folder; kblint "
						   "export writes only inside it", NULL);
			else if (!S_ISDIR(st.st_mode))
				ret = fail(b.data, "not a folder", NULL);
		} else if (mkdir(b.data, 0777) != 0) {
			ret = fail(b.data, "cannot create the folder", strerror(errno));
		}
	}
	kb_buf_free(&b);
	return ret;
}

/* One path component made safe for a file name: "", "." and ".." become "_"; '/', '\\' and
 * controls '_'; in b. */
static void put_component(kb_buf *b, const char *s, size_t n)
{
	if (n == 0 || (n == 1 && s[0] == '.') || (n == 2 && s[0] == '.' && s[1] == '.')) {
		kb_buf_putc(b, '_');
		return;
	}
	for (size_t i = 0; i < n; i++)
		kb_buf_putc(b, (unsigned char)s[i] < 0x20 || s[i] == 0x7F || s[i] == '\\' || s[i] == '/'
				       ? '_' : s[i]);
}

/* The record's file inside the folder (heap): its path relative to the knowledge base, each
 * part made safe (no "..", no leading '/'); a YAML article as PATH.md, an entry of a file with
 * several as PATH/ENTRY.md. */
static char *file_of(const kb_export_record *r)
{
	kb_buf b = {0};
	const char *p = r->rel;
	while (*p) {
		const char *slash = strchr(p, '/');
		size_t n = slash ? (size_t)(slash - p) : strlen(p);
		if (n && !(n == 1 && p[0] == '.')) {
			if (b.len)
				kb_buf_putc(&b, '/');
			put_component(&b, p, n);
		}
		p += n + (slash != NULL);
	}
	if (!b.len)
		kb_buf_putc(&b, '_');
	if (r->several) {
		const char *hash = strrchr(r->id, '#');
		const char *entry = hash ? hash + 1 : "1";
		size_t n = strlen(entry);
		kb_buf_putc(&b, '/');
		put_component(&b, entry, n > 200 ? 200 : n);
		kb_buf_puts(&b, ".md");
	} else if (r->yaml) {
		kb_buf_puts(&b, ".md");
	}
	return kb_buf_take(&b);
}

/* The front matter's closing delimiter line in front ("---", "..." or "+++"): its offset, or
 * len when there is none. */
static size_t closing_line(const char *front, size_t len)
{
	size_t last = len;
	for (size_t at = 0; at < len;) {
		const char *nl = memchr(front + at, '\n', len - at);
		size_t end = nl ? (size_t)(nl - front) : len;
		size_t n = end - at;
		if (n && front[end - 1] == '\r')
			n--;
		if (at > 0 && n == 3 && (!memcmp(front + at, "---", 3) || !memcmp(front + at, "...", 3) ||
					 !memcmp(front + at, "+++", 3)))
			last = at;
		at = nl ? end + 1 : len;
	}
	return last;
}

/* The file for r: its front matter with kblint_trust and kblint_valid_until, then its content. */
static void file_text(kb_buf *b, const kb_export_record *r)
{
	char until[16] = "";
	if (r->valid_until)
		kb_date_format(r->valid_until, until);
	const char *trust = kb_trust_name(r->trust);
	const char *front = r->front ? r->front : "";
	size_t flen = strlen(front), close = closing_line(front, flen);
	if (!r->yaml && close < flen) {
		bool toml = front[close] == '+';
		const char *eol = strstr(front, "\r\n") ? "\r\n" : "\n";
		kb_buf_put(b, front, close);
		if (toml) {
			kb_buf_printf(b, "kblint_trust = \"%s\"%s", trust, eol);
			if (*until)
				kb_buf_printf(b, "kblint_valid_until = %s%s", until, eol);
		} else {
			kb_buf_printf(b, "kblint_trust: %s%skblint_valid_until: %s%s", trust, eol,
				      *until ? until : "null", eol);
		}
		kb_buf_puts(b, front + close);
	} else {
		kb_buf_puts(b, "---\n");
		if (r->yaml) {
			kb_buf_puts(b, "title: ");
			kb_yaml_quote(b, r->title);
			kb_buf_puts(b, "\nsource: ");
			kb_yaml_quote(b, r->id);
			kb_buf_putc(b, '\n');
			if (r->owner) {
				kb_buf_puts(b, "owner: ");
				kb_yaml_quote(b, r->owner);
				kb_buf_putc(b, '\n');
			}
			if (r->has_reviewed) {
				char d[16];
				kb_date_format(r->reviewed, d);
				kb_buf_printf(b, "reviewed: %s\n", d);
			}
		}
		kb_buf_printf(b, "kblint_trust: %s\nkblint_valid_until: %s\n---\n", trust,
			      *until ? until : "null");
		if (r->yaml)
			kb_buf_putc(b, '\n');
	}
	if (r->content)
		kb_buf_put(b, r->content, r->content_len);
}

/* True when the file at path holds exactly data[0..len). */
static bool same_bytes(const char *path, const char *data, size_t len)
{
	char *old = NULL, err[200];
	size_t olen = 0;
	struct stat st;
	if (lstat(path, &st) != 0 || !S_ISREG(st.st_mode) || (size_t)st.st_size != len)
		return false;
	if (kb_read_file(path, len + 1, &old, &olen, err, sizeof err) != 0)
		return false;
	bool same = olen == len && memcmp(old, data, len) == 0;
	free(old);
	return same;
}

/* Writes path (inside the folder) unless it holds data already; counts it. */
static int put_file(const char *dir, const char *rel, const char *data, size_t len,
		    size_t *written, size_t *unchanged)
{
	if (make_parents(dir, rel) != 0)
		return -1;
	char *path = kb_path_join(dir, rel);
	int ret = 0;
	struct stat st;
	bool there = lstat(path, &st) == 0;
	if (there && S_ISLNK(st.st_mode)) {
		ret = fail(path, "a symbolic link inside the export folder; kblint export writes "
				 "only inside it", NULL);
	} else if (there && !S_ISREG(st.st_mode)) {
		/* a folder, a pipe or a device where an article's file goes: never written into */
		ret = fail(path, "not a plain file; kblint export writes only plain files in its "
				 "folder", NULL);
	} else if (same_bytes(path, data, len)) {
		(*unchanged)++;
	} else {
		char err[600];
		if (kb_write_file_atomic(path, data, len, err, sizeof err) != 0)
			ret = fail(path, "cannot write", err);
		else
			(*written)++;
	}
	free(path);
	return ret;
}

/* Removes rel (a file the previous run wrote) and the folders it leaves empty below dir. A
 * path that is not plainly inside the folder is left alone. */
static bool remove_file(const char *dir, const char *rel)
{
	if (!*rel || rel[0] == '/' || strcmp(rel, manifest_name) == 0 ||
	    strcmp(rel, marker_name) == 0)
		return false;
	for (const char *p = rel; *p;) {
		size_t n = strcspn(p, "/");
		if (n == 2 && p[0] == '.' && p[1] == '.')
			return false; /* a part ".." would leave the folder */
		p += n + (p[n] == '/');
	}
	char *path = kb_path_join(dir, rel);
	struct stat st;
	bool gone = lstat(path, &st) == 0 && S_ISREG(st.st_mode) && unlink(path) == 0;
	for (char *slash = strrchr(path, '/'); gone && slash; slash = strrchr(path, '/')) {
		*slash = '\0';
		if (strlen(path) <= strlen(dir) || rmdir(path) != 0)
			break;
	}
	free(path);
	return gone;
}

int kb_export_dir_write(const char *dir, const kb_export *x, unsigned only)
{
	if (make_root(dir) != 0)
		return -1;
	kb_strv old = {0};
	if (read_manifest(dir, &old) != 0)
		return -1;
	size_t written = 0, unchanged = 0, removed = 0, n = 0;
	int ret = 0;
	/* the marker first: a run cut short leaves a folder kblint may write again */
	char *marker = kb_path_join(dir, marker_name);
	char err[600];
	if (!same_bytes(marker, marker_text, strlen(marker_text)) &&
	    kb_write_file_atomic(marker, marker_text, strlen(marker_text), err, sizeof err) != 0)
		ret = fail(marker, "cannot write", err);
	free(marker);
	kb_strmap now = {0};
	char *mdata = NULL;
	size_t mlen = 0;
	FILE *manifest = open_memstream(&mdata, &mlen);
	if (!manifest)
		abort(); /* out of memory */
	for (size_t i = 0; ret == 0 && i < kb_export_count(x); i++) {
		const kb_export_record *r = kb_export_get(x, i);
		if (!(only >> r->trust & 1u))
			continue;
		char *rel = file_of(r);
		/* two records on one file name (a.yml and a.yml.md): the later one gets "~N" */
		for (int k = 2; !kb_strmap_put(&now, rel, i); k++) {
			char *dot = strrchr(rel, '.');
			kb_buf b = {0};
			kb_buf_put(&b, rel, dot ? (size_t)(dot - rel) : strlen(rel));
			kb_buf_printf(&b, "~%d%s", k, dot ? dot : "");
			free(rel);
			rel = kb_buf_take(&b);
		}
		kb_buf text = {0};
		file_text(&text, r);
		ret = put_file(dir, rel, text.data ? text.data : "", text.len, &written, &unchanged);
		kb_buf_free(&text);
		kb_export_record_json(manifest, x, r, false, rel);
		fputc('\n', manifest);
		n++;
		free(rel);
	}
	fclose(manifest);
	if (ret == 0) {
		char *mpath = kb_path_join(dir, manifest_name);
		if (!same_bytes(mpath, mdata ? mdata : "", mlen) &&
		    kb_write_file_atomic(mpath, mdata ? mdata : "", mlen, err, sizeof err) != 0)
			ret = fail(mpath, "cannot write", err);
		free(mpath);
	}
	/* only after the manifest names the new set: the files no longer emitted */
	for (size_t i = 0; ret == 0 && i < old.n; i++)
		if (kb_strmap_get(&now, old.v[i]) == (size_t)-1 && remove_file(dir, old.v[i]))
			removed++;
	if (ret == 0) {
		fputs("kblint: ", stdout);
		kb_put_clean(stdout, dir);
		printf(": %zu article%s (%zu written, %zu unchanged, %zu removed)\n", n,
		       n == 1 ? "" : "s", written, unchanged, removed);
	}
	free(mdata);
	kb_strmap_free(&now);
	kb_strv_free(&old);
	return ret;
}
