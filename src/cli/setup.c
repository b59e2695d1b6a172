/* setup.c: config and rule loading and usage errors, shared by the commands. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cache.h"
#include "cli.h"
#include "codeowners.h"
#include "facts.h"
#include "site.h"
#include "textout.h"

int kb_cli_usage_error(const char *fmt, const char *arg)
{
	/* arg is a command-line value, which may hold anything a file name can */
	char *clean = kb_clean(arg, KB_CLEAN_TEXT);
	fputs("kblint: ", stderr);
	fprintf(stderr, fmt, clean);
	fputc('\n', stderr);
	free(clean);
	fputs(kb_cli_usage, stderr);
	return EXIT_USAGE;
}



/* A path as the user would name it: relative to here when below here; points into p. */
static const char *shown(const char *p)
{
	char cwd[PATH_MAX];
	size_t n = getcwd(cwd, sizeof cwd) ? strlen(cwd) : 0;
	if (n > 1 && strncmp(p, cwd, n) == 0 && p[n] == '/')
		return p + n + 1;
	return p;
}

typedef struct {
	const kb_setup *s;
	kb_strv seen;
} roster_warn;

/* Warns once of each CODEOWNERS owner that the owners roster does not have. */
static void warn_owner(void *ud, const char *owner, int line)
{
	roster_warn *w = ud;
	if (kb_roster_find(&w->s->owners, owner, strlen(owner)) || kb_strv_contains(&w->seen, owner))
		return;
	kb_strv_push(&w->seen, owner);
	kb_buf b = {0};
	kb_buf_printf(&b, "%s:%d: warning: owner '%s' is not in the owners roster (%s)",
		      shown(kb_codeowners_path(w->s->codeowners)), line, owner, w->s->owners.path);
	kb_put_clean_line(stderr, b.data);
	kb_buf_free(&b);
}

/* codeowners: reads the config's CODEOWNERS file (named, or found at the repository's root),
 * and warns of the owners it names that the roster lacks. Returns 0, or -1 with errs. */
static int load_codeowners(kb_setup *s, kb_errs *errs)
{
	char *root = NULL, *file;
	if (s->cfg.codeowners_path) {
		file = xstrdup(s->cfg.codeowners_path);
		root = kb_codeowners_root(file);
	} else if (!(file = kb_codeowners_find(s->cfg.dir, &root))) {
		kb_errs_add(errs, s->cfg.path ? s->cfg.path : ".kblint.yaml", 0, 0,
			    "codeowners: no CODEOWNERS file in .github/, the top folder, docs/ or "
			    ".gitlab/ of %s or a folder above it up to the repository's root",
			    s->cfg.dir);
		return -1;
	}
	s->codeowners = kb_codeowners_load(shown(file), root, errs);
	free(root);
	if (s->codeowners) {
		s->cfg.codeowners = s->codeowners;
		kb_strv_push(&s->engine.skip, file);
		if (s->cfg.owners) {
			roster_warn w = {.s = s};
			kb_codeowners_each(s->codeowners, warn_owner, &w);
			kb_strv_free(&w.seen);
		}
	}
	free(file);
	return s->codeowners ? 0 : -1;
}

/* freshness.fallback: git: one git log for the config's folder; when git cannot tell, says so
 * once and leaves cfg.gitdates NULL. */
static void load_gitdates(kb_setup *s)
{
	kb_buf err = {0};
	if (kb_gitdates_load(&s->gitdates, s->cfg.dir, &err) == 0) {
		s->cfg.gitdates = &s->gitdates;
	} else {
		kb_buf m = {0};
		kb_buf_printf(&m, "kblint: freshness.fallback is git, but git cannot read the "
				  "history of %s (%s); articles with no review date are reported "
				  "as having none", shown(s->gitdates.root), err.data ? err.data : "");
		kb_put_clean_line(stderr, m.data);
		kb_buf_free(&m);
	}
	kb_buf_free(&err);
}

static void print_errs(const kb_errs *e)
{
	for (size_t i = 0; i < e->n; i++)
		kb_put_clean_line(stderr, e->v[i]); /* they quote config and rule text */
}

int kb_cli_setup(kb_setup *s, const kb_options *o, const char *first_path)
{
	kb_errs errs = {0};
	s->cache_dir = kb_cache_dir();
	char cwd[PATH_MAX];
	if (!getcwd(cwd, sizeof cwd))
		strcpy(cwd, ".");
	kb_config_defaults(&s->cfg, cwd);
	char *found = NULL;
	const char *cfgpath = o->config;
	if (!cfgpath && !o->no_config) {
		found = kb_config_find(first_path ? first_path : ".");
		cfgpath = found;
	}
	int ret = 0;
	if (cfgpath) {
		/* show the config as the user would name it: relative to here when below here */
		const char *shown = cfgpath;
		size_t n = strlen(cwd);
		if (found && strncmp(found, cwd, n) == 0 && found[n] == '/')
			shown = found + n + 1;
		if (kb_config_load(&s->cfg, shown, &errs) != 0)
			ret = -1;
	}
	free(found);
	if (ret == 0 && kb_site_apply(&s->cfg, first_path, &errs) != 0)
		ret = -1;
	if (ret == 0 && s->cfg.facts_path) {
		if (kb_facts_load(&s->facts, s->cfg.facts_path, &errs) != 0)
			ret = -1;
		s->cfg.facts = &s->facts;
	}
	if (ret == 0 && s->cfg.owners_path) {
		if (kb_roster_load(&s->owners, s->cfg.owners_path, &errs) != 0)
			ret = -1;
		s->cfg.owners = &s->owners;
	}
	if (ret == 0 && s->cfg.use_codeowners && load_codeowners(s, &errs) != 0)
		ret = -1;
	if (ret == 0) {
		char *shipped = kb_rules_dir(o->argv0);
		if (kb_ruleset_load(&s->rules, shipped, &s->cfg, &errs) != 0)
			ret = -1;
		free(shipped);
		/* the shipped rules are documented in docs/rules.md, a section per rule */
		const char *docs = s->cfg.rules_docs_url ? s->cfg.rules_docs_url : KBLINT_RULES_DOCS_URL;
		for (size_t i = 0; i < s->rules.n; i++)
			if (!s->rules.v[i]->help_uri) {
				kb_buf u = {0};
				kb_buf_printf(&u, "%s#%s", docs, s->rules.v[i]->id);
				s->rules.v[i]->help_uri = kb_buf_take(&u);
			}
		for (size_t i = 0; i < s->cfg.rules.n; i++)
			if (kb_ruleset_load(&s->rules, s->cfg.rules.v[i], &s->cfg, &errs) != 0)
				ret = -1;
		if (ret == 0 && kb_ruleset_configure(&s->rules, &s->cfg, &errs) != 0)
			ret = -1;
		if (ret == 0 && s->cfg.facts)
			kb_facts_prefilter(&s->facts, s->rules.pf);
	}
	print_errs(&errs);
	kb_errs_free(&errs);
	if (ret != 0)
		return -1;
	if (s->cfg.fallback_git)
		load_gitdates(s);
	s->engine.cfg = &s->cfg;
	s->engine.rules = &s->rules;
	s->engine.follow_symlinks = o->follow_symlinks;
	s->engine.jobs = o->jobs;
	/* for tests and benchmarks: the prefilter always or never (docs/performance.md) */
	const char *pf = getenv("KBLINT_PREFILTER");
	s->engine.prefilter = pf && strcmp(pf, "always") == 0  ? KB_PREFILTER_ALWAYS
			      : pf && strcmp(pf, "never") == 0 ? KB_PREFILTER_NEVER
							       : KB_PREFILTER_AUTO;
	s->engine.cache_dir = s->cache_dir;
	if (o->today)
		kb_date_parse_iso(o->today, strlen(o->today), &s->engine.today);
	else if (s->cfg.has_today)
		s->engine.today = s->cfg.today;
	else
		s->engine.today = kb_date_today_utc();
	if (s->cfg.abs_path)
		kb_strv_push(&s->engine.skip, s->cfg.abs_path);
	for (size_t i = 0; i < s->cfg.rules.n; i++)
		kb_strv_push(&s->engine.skip, s->cfg.rules.v[i]);
	if (s->cfg.facts_path)
		kb_strv_push(&s->engine.skip, s->cfg.facts_path);
	if (s->cfg.owners_path)
		kb_strv_push(&s->engine.skip, s->cfg.owners_path);
	return 0;
}

void kb_cli_setup_free(kb_setup *s)
{
	kb_strv_free(&s->engine.skip);
	kb_ruleset_free(&s->rules);
	kb_facts_free(&s->facts);
	kb_roster_free(&s->owners);
	kb_codeowners_free(s->codeowners);
	kb_gitdates_free(&s->gitdates);
	kb_config_free(&s->cfg);
	free(s->cache_dir);
}

int kb_cli_begin(const kb_options *o, char ***paths, int *npaths, kb_setup *s, bool *missing)
{
	static char *dot[] = {"."};
	if (*npaths == 0) {
		*paths = dot;
		*npaths = 1;
	}
	kb_strv failures = {0};
	*npaths = kb_cli_existing_paths(*paths, *npaths, &failures);
	*missing = failures.n > 0;
	kb_strv_free(&failures);
	memset(s, 0, sizeof *s);
	if (*npaths == 0)
		return -1;
	if (kb_cli_setup(s, o, (*paths)[0]) != 0) {
		kb_cli_setup_free(s);
		return -1;
	}
	return 0;
}

int kb_cli_write_output(const char *output, const char *data, size_t len, const char *what)
{
	data = data ? data : "";
	if (output) {
		char err[600];
		if (kb_write_file_atomic(output, data, len, err, sizeof err) != 0) {
			fputs("kblint: ", stderr);
			kb_put_clean_line(stderr, err);
			return -1;
		}
		return 0;
	}
	if (fwrite(data, 1, len, stdout) != len || fflush(stdout) != 0) {
		fprintf(stderr, "kblint: cannot write the %s: %s\n", what, strerror(errno));
		return -1;
	}
	return 0;
}
