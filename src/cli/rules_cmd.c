/* rules_cmd.c: kblint rules and kblint explain, and the runner of a rule's examples. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "textout.h"

/* Runs one example (and the articles it comes with) through the engine; returns the number of
 * findings of rule in the example itself. */
static size_t run_example(kb_setup *s, const kb_rule *rule, const kb_example *ex, kb_results *res)
{
	kb_engine e = s->engine;
	if (ex->today)
		kb_date_parse_iso(ex->today, strlen(ex->today), &e.today);
	kb_config cfg = *s->engine.cfg;
	/* examples stand alone: no owner from CODEOWNERS, no date from git */
	cfg.codeowners = NULL;
	cfg.gitdates = NULL;
	e.cfg = &cfg;
	/* an example may bring its own facts file, parsed from the rule pack's text */
	kb_facts facts = {0};
	if (ex->facts) {
		kb_errs errs = {0};
		if (kb_facts_parse(&facts, "example-facts.yaml", ex->facts, strlen(ex->facts), &errs) == 0)
			cfg.facts = &facts;
		for (size_t i = 0; i < errs.n; i++)
			kb_put_clean_line(stderr, errs.v[i]);
		kb_errs_free(&errs);
	}
	kb_results_init(res);
	kb_date_format(e.today, res->today);
	kb_strv names = {0}, texts = {0};
	kb_strv_push(&names, "example.md");
	kb_strv_push(&texts, ex->text);
	for (size_t i = 0; i < ex->with_names.n; i++) {
		kb_strv_push(&names, ex->with_names.v[i]);
		kb_strv_push(&texts, ex->with_texts.v[i]);
	}
	kb_engine_check_texts(&e, names.v, texts.v, names.n, res);
	kb_strv_free(&names);
	kb_strv_free(&texts);
	kb_facts_free(&facts);
	size_t n = 0;
	for (size_t i = 0; i < res->nfindings; i++)
		n += res->findings[i].file_index == 0 && strcmp(res->findings[i].rule, rule->id) == 0;
	return n;
}

/* kblint rules: the rules after the config, or with --check-examples whether each rule's examples
 * behave. */
int kb_cmd_rules(const kb_options *o, char **args, int nargs)
{
	if (nargs)
		return kb_cli_usage_error("'rules' takes no arguments, not '%s'", args[0]);
	kb_setup s = {0};
	if (kb_cli_setup(&s, o, NULL) != 0) {
		kb_cli_setup_free(&s);
		return EXIT_USAGE;
	}
	int status = EXIT_CLEAN;
	if (o->check_examples) {
		size_t failed = 0, run = 0;
		for (size_t i = 0; i < s.rules.n; i++) {
			const kb_rule *r = s.rules.v[i];
			if (r->nexamples == 0 && r->enabled) {
				printf("%s: no examples\n", r->id);
				failed++;
			}
			for (size_t k = 0; k < r->nexamples; k++) {
				kb_results res;
				size_t n = run_example(&s, r, &r->examples[k], &res);
				run++;
				if ((n > 0) != r->examples[k].bad || res.nerrors) {
					kb_put_clean(stdout, r->file);
					printf(":%d: rule '%s', example %zu: expected %s, got %zu finding%s%s\n",
					       r->line, r->id, k + 1,
					       r->examples[k].bad ? "a finding" : "no finding", n,
					       n == 1 ? "" : "s", res.nerrors ? " (and a load error)" : "");
					failed++;
				}
				kb_results_free(&res);
			}
		}
		printf("%zu examples of %zu rules run, %zu failed.\n", run, s.rules.n, failed);
		status = failed ? EXIT_FINDINGS : EXIT_CLEAN;
	} else {
		int w = 2;
		for (size_t i = 0; i < s.rules.n; i++) {
			int l = (int)strlen(s.rules.v[i]->id);
			w = l > w ? l : w;
		}
		printf("%-*s  %-12s  %-13s  %-8s  %s\n", w, "ID", "KIND", "CATEGORY", "SEVERITY",
		       "DESCRIPTION");
		for (size_t i = 0; i < s.rules.n; i++) {
			const kb_rule *r = s.rules.v[i];
			kb_buf d = {0};
			kb_rule_summary(r, &d);
			printf("%-*s  %-12s  %-13s  %-8s  ", w, r->id, r->kind->name,
			       kb_category_name(r->category),
			       r->enabled ? kb_severity_name(r->severity) : "off");
			kb_put_clean_line(stdout, d.data);
			kb_buf_free(&d);
		}
	}
	kb_cli_setup_free(&s);
	return status;
}

/* Prints each line of text (from a rule file) cleaned (textout.h), after margin when it is not
 * empty. */
static void put_lines(const char *text, const char *margin)
{
	const char *p = text;
	kb_buf line = {0};
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		line.len = 0;
		kb_buf_puts(&line, "");
		kb_buf_put_clean(&line, p, n, KB_CLEAN_TEXT);
		printf("%s%s\n", n ? margin : "", line.data);
		p += n + (nl != NULL);
	}
	kb_buf_free(&line);
}

static void indent(const char *text)
{
	put_lines(text, "    ");
}

/* kblint explain RULE-ID: the rule's description and examples, each with its findings. */
int kb_cmd_explain(const kb_options *o, char **args, int nargs)
{
	if (nargs != 1)
		return kb_cli_usage_error("%s", nargs ? "'explain' takes one rule id"
							: "'explain' needs a rule id");
	const char *id = args[0];
	kb_setup s = {0};
	if (kb_cli_setup(&s, o, NULL) != 0) {
		kb_cli_setup_free(&s);
		return EXIT_USAGE;
	}
	const kb_rule *r = kb_ruleset_find(&s.rules, id);
	if (!r) {
		fputs("kblint: no rule '", stderr);
		kb_put_clean(stderr, id);
		fputs("' (see 'kblint rules')\n", stderr);
		kb_cli_setup_free(&s);
		return EXIT_USAGE;
	}
	printf("%s: %s rule, category %s, severity %s\n", r->id, r->kind->name,
	       kb_category_name(r->category), r->enabled ? kb_severity_name(r->severity) : "off");
	fputs("defined in ", stdout);
	kb_put_clean(stdout, r->file);
	printf(":%d\n\n", r->line);
	put_lines(r->description[0] ? r->description : "(no description)", "");
	for (size_t k = 0; k < r->nexamples; k++) {
		const kb_example *ex = &r->examples[k];
		printf("\n%s%s", ex->bad ? "Reported" : "Not reported", ex->today ? " on " : "");
		kb_put_clean(stdout, ex->today);
		fputs(":\n\n", stdout);
		indent(ex->text);
		if (ex->facts) {
			printf("\n  with the facts file:\n\n");
			indent(ex->facts);
		}
		for (size_t w = 0; w < ex->with_names.n; w++) {
			fputs("\n  beside ", stdout);
			kb_put_clean(stdout, ex->with_names.v[w]);
			fputs(":\n\n", stdout);
			indent(ex->with_texts.v[w]);
		}
		kb_results res;
		run_example(&s, r, ex, &res);
		bool any = false;
		for (size_t i = 0; i < res.nfindings; i++) {
			const kb_finding *f = &res.findings[i];
			if (strcmp(f->rule, r->id) != 0 || f->file_index != 0)
				continue;
			if (!any)
				printf("\n");
			printf("  => %d:%d: %s: ", f->line, f->col, kb_severity_name(f->severity));
			kb_put_clean_line(stdout, f->message);
			any = true;
		}
		kb_results_free(&res);
	}
	kb_cli_setup_free(&s);
	return EXIT_CLEAN;
}
