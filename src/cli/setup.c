/* setup.c: config and rule loading and usage errors, shared by the commands. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
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



static void print_errs(const kb_errs *e)
{
	for (size_t i = 0; i < e->n; i++)
		kb_put_clean_line(stderr, e->v[i]); /* they quote config and rule text */
}

int kb_cli_setup(kb_setup *s, const kb_options *o, const char *first_path)
{
	kb_errs errs = {0};
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
	}
	print_errs(&errs);
	kb_errs_free(&errs);
	if (ret != 0)
		return -1;
	s->engine.cfg = &s->cfg;
	s->engine.rules = &s->rules;
	s->engine.follow_symlinks = o->follow_symlinks;
	s->engine.jobs = o->jobs;
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
	kb_config_free(&s->cfg);
}

