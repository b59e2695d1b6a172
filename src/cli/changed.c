/* changed.c: `kblint check --changed-since REF`: asks git which files changed since REF, and keeps
 * only the findings in them, and the cross-article findings of other articles that involve them
 * (a link to a changed or deleted file, a conflict with a changed article). `kblint check
 * --changed-files FILE...` (the pre-commit hook) takes the changed files from the command line
 * instead, and reads the knowledge base under the config's folder. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "ascii.h"
#include "cli.h"
#include "corpus.h"
#include "gitrun.h"
#include "platform.h"
#include "resolve.h"
#include "walk.h"
#include "textout.h"

struct kb_changed {
	kb_strmap paths;     /* physical absolute paths of the changed, added, deleted and
			      * untracked files */
	kb_strmap targets;   /* the same, lower case when links ignore case: what a resolved
			      * link's paths are matched against */
	kb_strmap real_dirs; /* a folder as links name it -> its index in real (a cache) */
	kb_strv real;        /* those folders' physical paths */
	kb_strmap involved;  /* "file\nline\ncol" of links that point at a changed file */
	kb_strmap canon;     /* display path -> 1 when changed, 0 when not (a cache) */
	bool fold;           /* links ignore case */
	bool all;            /* the config, a rule, facts or owners file changed: report all */
	const kb_config *cfg;
};

/* Adds a changed file (p: its physical absolute path). A link names it when one of the paths
 * the resolver tries for the link is p (kb_changed_corpus). */
static void add_path(kb_changed *c, const char *p)
{
	kb_strmap_put(&c->paths, p, 0);
	char *t = xstrdup(p);
	if (c->fold)
		kb_strlower(t);
	kb_strmap_put(&c->targets, t, 0);
	free(t);
}

/* Reads NUL-separated names from git's output into c. */
static void add_names(kb_changed *c, const char *top, const kb_buf *out)
{
	for (size_t i = 0; i < out->len;) {
		const char *name = out->data + i;
		size_t n = strlen(name);
		if (n) {
			char *p = kb_path_join(top, name);
			add_path(c, p);
			free(p);
		}
		i += n + 1;
	}
}

/* Whether c holds the config, a rule, the facts or the owners file: a change to one of them can
 * change any finding. */
static bool names_setup(kb_changed *c, const kb_setup *s)
{
	bool yes = false;
	for (size_t i = 0; i < s->engine.skip.n; i++) {
		char *p = kb_path_physical(s->engine.skip.v[i]);
		if (kb_strmap_get(&c->paths, p) != (size_t)-1)
			yes = true;
		free(p);
	}
	return yes;
}

kb_changed *kb_changed_files(char *const *files, size_t n, const kb_setup *s, bool *any)
{
	kb_changed *c = xcalloc(1, sizeof *c);
	c->cfg = s->engine.cfg;
	c->fold = !s->cfg.links_case_sensitive;
	*any = false;
	for (size_t i = 0; i < n; i++) {
		char *p = kb_path_physical(files[i]);
		add_path(c, p);
		/* an article the walk lists, or a deleted one a link may still name */
		if (kb_walk_includes(&s->cfg, p))
			*any = true;
		free(p);
	}
	c->all = names_setup(c, s);
	*any = *any || c->all;
	return c;
}

char *kb_changed_root(const kb_config *cfg)
{
	if (!cfg->path)
		return xstrdup(".");
	char *up = kb_config_relative_dir(cfg, ".");
	if (up) {
		/* here is the config's folder or below it: ".", or one ".." per folder */
		kb_buf b = {0};
		kb_buf_puts(&b, *up ? ".." : ".");
		for (const char *q = up; *up && (q = strchr(q, '/')); q++)
			kb_buf_puts(&b, "/..");
		free(up);
		return kb_buf_take(&b);
	}
	char here[PATH_MAX];
	size_t n = realpath(".", here) ? strlen(here) : 0;
	if (n && strncmp(cfg->dir, here, n) == 0 && cfg->dir[n] == '/')
		return xstrdup(cfg->dir + n + 1); /* below here: the path from here */
	if (n == 1 && cfg->dir[0] == '/' && cfg->dir[1])
		return xstrdup(cfg->dir + 1); /* here is the root folder */
	return xstrdup(cfg->dir);
}

kb_changed *kb_changed_open(const char *ref, const char *first_path, const kb_setup *s)
{
	/* git runs in the first PATH's folder: the knowledge base may be in another work tree */
	struct stat st;
	char *dir;
	const char *slash = strrchr(first_path, '/');
	if (stat(first_path, &st) == 0 && S_ISDIR(st.st_mode))
		dir = xstrdup(first_path);
	else if (slash)
		dir = xstrndup(first_path, slash == first_path ? 1 : (size_t)(slash - first_path));
	else
		dir = xstrdup(".");
	kb_buf out = {0}, err = {0};
	char *top_argv[] = {"git", "-C", dir, "rev-parse", "--show-toplevel", NULL};
	int rc = kb_git_run(top_argv, &out, &err);
	free(dir);
	if (rc != 0 || !out.len) {
		fprintf(stderr, "kblint: --changed-since needs %s: ",
			rc < 0 ? "git" : "a git work tree");
		kb_put_clean_line(stderr, kb_git_message(&err));
		kb_buf_free(&out);
		kb_buf_free(&err);
		return NULL;
	}
	char *top = xstrndup(out.data, strcspn(out.data, "\n"));
	out.len = err.len = 0;
	kb_buf spec = {0};
	kb_buf_printf(&spec, "%s^{commit}", ref);
	char *verify_argv[] = {"git", "-C", top, "rev-parse", "--verify", "--quiet", spec.data,
			       NULL};
	rc = kb_git_run(verify_argv, &out, &err);
	kb_buf_free(&spec);
	kb_changed *c = NULL;
	if (rc != 0) {
		fputs("kblint: --changed-since: unknown git ref '", stderr);
		kb_put_clean(stderr, ref);
		fputs("'\n", stderr);
		goto out;
	}
	c = xcalloc(1, sizeof *c);
	c->cfg = s->engine.cfg;
	c->fold = !s->cfg.links_case_sensitive;
	/* what differs between REF and the work tree (staged or not), deletions included, a
	 * rename as a deletion and an addition; then files git does not track yet */
	char *ref_copy = xstrdup(ref);
	char *diff_argv[] = {"git", "-C", top, "diff", "--name-only", "--no-renames", "-z",
			     ref_copy, "--", NULL};
	char *others_argv[] = {"git", "-C", top, "ls-files", "-z", "--others",
			       "--exclude-standard", NULL};
	char *const *steps[] = {diff_argv, others_argv};
	for (size_t i = 0; i < 2; i++) {
		out.len = err.len = 0;
		if (out.data)
			out.data[0] = '\0';
		rc = kb_git_run(steps[i], &out, &err);
		if (rc != 0) {
			fputs("kblint: --changed-since: ", stderr);
			kb_put_clean_line(stderr, kb_git_message(&err));
			kb_changed_free(c);
			c = NULL;
			break;
		}
		add_names(c, top, &out);
	}
	free(ref_copy);
	if (c)
		c->all = names_setup(c, s);
out:
	free(top);
	kb_buf_free(&out);
	kb_buf_free(&err);
	return c;
}

/* "file\nline\ncol", the key of a position in involved; caller frees. */
static char *position_key(const char *file, int line, int col)
{
	kb_buf b = {0};
	kb_buf_printf(&b, "%s\n%d\n%d", file, line > 0 ? line : 1, col > 0 ? col : 1);
	return kb_buf_take(&b);
}

/* path (absolute, as a link names it) with its folder's symbolic links resolved, the folder
 * cached: the resolver tries several paths per link. Caller frees. */
static char *physical(kb_changed *c, const char *path)
{
	const char *slash = strrchr(path, '/');
	if (!slash || slash == path)
		return kb_path_physical(path);
	char *dir = xstrndup(path, (size_t)(slash - path));
	size_t i = kb_strmap_get(&c->real_dirs, dir);
	if (i == (size_t)-1) {
		char *r = kb_path_physical(dir);
		i = c->real.n;
		kb_strv_push(&c->real, r);
		kb_strmap_put(&c->real_dirs, dir, i);
		free(r);
	}
	free(dir);
	return kb_path_join(c->real.v[i], slash + 1);
}

typedef struct {
	kb_changed *c;
	bool hit;
} probe;

/* The resolver's tried hook: whether the path a link may name is a changed file. */
static void tried(void *ud, const char *path)
{
	probe *p = ud;
	if (p->hit)
		return;
	char *t = physical(p->c, path);
	if (p->c->fold)
		kb_strlower(t);
	p->hit = kb_strmap_get(&p->c->targets, t) != (size_t)-1;
	free(t);
}

void kb_changed_corpus(void *ud, kb_corpus *corpus, const kb_config *cfg)
{
	kb_changed *c = ud;
	kb_resolver *res = kb_corpus_resolver(corpus, cfg);
	for (size_t i = 0; i < corpus->n; i++) {
		const kb_summary *s = &corpus->v[i];
		for (size_t j = 0; j < s->nlinks; j++) {
			const kb_sum_link *l = &s->links[j];
			probe p = {c, false};
			kb_link_res r;
			kb_resolve_link(res, s, l, &r, tried, &p);
			kb_link_res_free(&r);
			if (!p.hit)
				continue;
			char *k = position_key(s->file, l->line, l->col);
			kb_strmap_put(&c->involved, k, 0);
			free(k);
		}
	}
}

/* Whether the file (a display path) is one of the changed files. */
static bool is_changed(kb_changed *c, const char *file)
{
	size_t v = kb_strmap_get(&c->canon, file);
	if (v != (size_t)-1)
		return v == 1;
	char *p = kb_path_physical(file);
	bool yes = kb_strmap_get(&c->paths, p) != (size_t)-1;
	free(p);
	kb_strmap_put(&c->canon, file, yes);
	return yes;
}

/* A finding of an unchanged file that a change may have caused or fixed: a cross-article
 * finding at a link to a changed file, or one whose related places are in a changed file. */
static bool involves_change(kb_changed *c, const kb_ruleset *rules, const kb_finding *f)
{
	const kb_rule *rule = kb_ruleset_find(rules, f->rule);
	if (!rule || !rule->kind->check_corpus)
		return false;
	for (size_t i = 0; i < f->nrelated; i++)
		if (f->related[i].file && is_changed(c, f->related[i].file))
			return true;
	char *k = position_key(f->file, f->line, f->col);
	bool yes = kb_strmap_get(&c->involved, k) != (size_t)-1;
	free(k);
	return yes;
}

/* True when file i of res could not be loaded (it has a load error). */
static bool load_failed(const kb_results *res, size_t i)
{
	for (size_t k = 0; k < res->nerrors; k++)
		if (res->errors[k].file_index == i)
			return true;
	return false;
}

void kb_changed_filter(kb_changed *c, const kb_ruleset *rules, kb_results *res)
{
	if (c->all)
		return;
	size_t nf = res->nfiles;
	bool *keep_file = xcalloc(nf ? nf : 1, sizeof *keep_file);
	bool *keep = xcalloc(res->nfindings ? res->nfindings : 1, sizeof *keep);
	for (size_t i = 0; i < nf; i++)
		keep_file[i] = is_changed(c, res->files[i]);
	for (size_t i = 0; i < res->nfindings; i++) {
		const kb_finding *f = &res->findings[i];
		size_t fi = f->file_index;
		keep[i] = (fi < nf && keep_file[fi]) || involves_change(c, rules, f);
	}
	/* a new result set: the kept files renumbered in walk order, so that reports that list
	 * files (JUnit, Checkstyle) list only these */
	size_t *index = xcalloc(nf ? nf : 1, sizeof *index);
	for (size_t i = 0; i < res->nfindings; i++)
		if (keep[i] && res->findings[i].file_index < nf)
			keep_file[res->findings[i].file_index] = true;
	kb_results out;
	kb_results_init(&out);
	memcpy(out.today, res->today, sizeof out.today);
	for (size_t i = 0; i < nf; i++) {
		if (!keep_file[i])
			continue;
		index[i] = out.nfiles;
		kb_results_add_file(&out, res->files[i], res->file_skipped[i]);
		out.files_skipped += res->file_skipped[i];
		out.files_checked += !res->file_skipped[i] && !load_failed(res, i);
	}
	for (size_t i = 0; i < res->nfindings; i++) {
		if (!keep[i])
			continue;
		kb_finding f = res->findings[i];
		if (f.file_index < nf)
			f.file_index = index[f.file_index];
		kb_results_add(&out, &f);
	}
	for (size_t i = 0; i < res->nerrors; i++) {
		const kb_loaderr *e = &res->errors[i];
		if (e->file_index < nf && keep_file[e->file_index])
			kb_results_copy_error(&out, e, index[e->file_index]);
	}
	free(index);
	free(keep);
	free(keep_file);
	kb_results_free(res);
	*res = out;
}

void kb_changed_free(kb_changed *c)
{
	if (!c)
		return;
	kb_strmap_free(&c->paths);
	kb_strmap_free(&c->targets);
	kb_strmap_free(&c->real_dirs);
	kb_strv_free(&c->real);
	kb_strmap_free(&c->involved);
	kb_strmap_free(&c->canon);
	free(c);
}
