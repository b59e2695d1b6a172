/* main.c: the kblint command line: check (default), rules, explain. */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "engine.h"
#include "report.h"
#include "rule.h"

enum { EXIT_CLEAN = 0, EXIT_FINDINGS = 1, EXIT_USAGE = 2 };

static const char usage_text[] =
	"usage: kblint [check] [OPTIONS] [PATH...]\n"
	"       kblint rules [--config FILE | --no-config] [--check-examples]\n"
	"       kblint explain [--config FILE | --no-config] RULE-ID\n"
	"       kblint --version | --help\n";

static const char check_help[] =
	"Check knowledge-base articles (Markdown with YAML front matter, YAML FAQ files) for stale,\n"
	"contradictory and unverified content. PATH defaults to '.'; folders are walked.\n"
	"\n"
	"options:\n"
	"  -c, --config FILE        use FILE instead of the nearest .kblint.yaml\n"
	"      --no-config          use the defaults, ignoring any .kblint.yaml\n"
	"      --today YYYY-MM-DD   the date freshness is judged on (default: the config's\n"
	"                           'today', else today's date in UTC)\n"
	"  -f, --format FORMAT      text (default) or json\n"
	"  -o, --output FILE        write the report to FILE (replaced atomically)\n"
	"      --fail-on LEVEL      error (default), warning, info or never: the lowest\n"
	"                           severity that makes the exit status 1\n"
	"      --min-severity LEVEL info (default), warning or error: hide findings below\n"
	"      --follow-symlinks    follow symbolic links when walking folders\n"
	"      --color, --no-color  force colour on or off (default: on for a terminal,\n"
	"                           off when NO_COLOR is set)\n"
	"  -q, --quiet              text format: no summary line\n"
	"  -h, --help               this help\n"
	"\n"
	"exit status: 0 no finding at or above --fail-on, 1 findings (or files that could\n"
	"not be loaded), 2 usage or configuration error.\n";

static const char rules_help[] =
	"List every rule: id, kind, category, severity (after the config), description.\n"
	"\n"
	"options:\n"
	"  -c, --config FILE    include the rules and severities of FILE\n"
	"      --no-config      only the shipped rules, default severities\n"
	"      --check-examples run every rule's examples; exit 1 when one does not behave\n"
	"  -h, --help           this help\n";

static const char explain_help[] =
	"Show a rule's description and examples, with what kblint reports on them.\n"
	"\n"
	"options:\n"
	"  -c, --config FILE  look the rule up with FILE's rules too\n"
	"      --no-config    only the shipped rules\n"
	"  -h, --help         this help\n";

static int usage_error(const char *fmt, const char *arg)
{
	fputs("kblint: ", stderr);
	fprintf(stderr, fmt, arg);
	fputc('\n', stderr);
	fputs(usage_text, stderr);
	return EXIT_USAGE;
}

typedef struct {
	const char *config;
	bool no_config;
	const char *today;
	const char *format;
	const char *output;
	int fail_on;       /* kb_severity, or KB_SEV_COUNT for never */
	int min_severity;
	bool follow_symlinks;
	int color;         /* -1 auto */
	bool quiet;
	bool check_examples;
} options;

/* Everything a command needs: config and rules, loaded and validated. */
typedef struct {
	kb_config cfg;
	kb_ruleset rules;
	kb_engine engine;
} setup;

static void print_errs(const kb_errs *e)
{
	for (size_t i = 0; i < e->n; i++)
		fprintf(stderr, "%s\n", e->v[i]);
}

static int load_setup(setup *s, const options *o, const char *first_path)
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
	if (ret == 0) {
		if (kb_ruleset_load(&s->rules, kb_rules_dir(), &s->cfg, &errs) != 0)
			ret = -1;
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
	return 0;
}

static void free_setup(setup *s)
{
	kb_strv_free(&s->engine.skip);
	kb_ruleset_free(&s->rules);
	kb_config_free(&s->cfg);
}

static int level_arg(const char *opt, const char *v, bool allow_never)
{
	if (allow_never && strcmp(v, "never") == 0)
		return KB_SEV_COUNT;
	int s = kb_severity_parse(v);
	if (s < 0) {
		fprintf(stderr, "kblint: %s must be one of error, warning, info%s, not '%s'\n", opt,
			allow_never ? ", never" : "", v);
		fputs(usage_text, stderr);
		return -1;
	}
	return s;
}

static int cmd_check(options *o, char **paths, int npaths)
{
	const kb_reporter *rep = kb_reporter_find(o->format);
	if (!rep) {
		fprintf(stderr, "kblint: unknown format '%s' (expected one of: %s)\n", o->format,
			kb_reporter_names());
		fputs(usage_text, stderr);
		return EXIT_USAGE;
	}
	static char *dot[] = {"."};
	if (npaths == 0) {
		paths = dot;
		npaths = 1;
	}
	setup s = {0};
	if (load_setup(&s, o, paths[0]) != 0) {
		free_setup(&s);
		return EXIT_USAGE;
	}
	kb_results res;
	kb_results_init(&res);
	kb_date_format(s.engine.today, res.today);
	kb_engine_run(&s.engine, paths, (size_t)npaths, &res);

	int status = EXIT_CLEAN;
	if (res.nerrors && o->fail_on <= KB_SEV_ERROR)
		status = EXIT_FINDINGS;
	for (size_t i = 0; i < res.nfindings; i++)
		if ((int)res.findings[i].severity >= o->fail_on)
			status = EXIT_FINDINGS;

	kb_report_opts ro = {.min_severity = (kb_severity)o->min_severity, .version = KBLINT_VERSION,
			     .quiet = o->quiet};
	if (o->output) {
		char *buf = NULL;
		size_t len = 0;
		FILE *mem = open_memstream(&buf, &len);
		int wr = mem ? rep->write(mem, &res, &ro) : -1;
		if (mem)
			fclose(mem);
		char err[600];
		if (wr != 0 || kb_write_file_atomic(o->output, buf, len, err, sizeof err) != 0) {
			fprintf(stderr, "kblint: %s\n", wr != 0 ? "cannot render the report" : err);
			status = EXIT_USAGE;
		}
		free(buf);
	} else {
		ro.color = o->color == 1 || (o->color == -1 && isatty(STDOUT_FILENO) && !getenv("NO_COLOR"));
		if (rep->write(stdout, &res, &ro) != 0 || fflush(stdout) != 0) {
			fprintf(stderr, "kblint: cannot write the report: %s\n", strerror(errno));
			status = EXIT_USAGE;
		}
	}
	kb_results_free(&res);
	free_setup(&s);
	return status;
}

/* The description's first sentence on one line, for the rules table. */
static const char *first_sentence(const char *s, char *buf, size_t n)
{
	size_t i = 0;
	for (; *s && i + 1 < n; s++) {
		if (*s == '.' && (s[1] == ' ' || s[1] == '\n' || !s[1])) {
			buf[i++] = '.';
			break;
		}
		buf[i++] = *s == '\n' ? ' ' : *s;
	}
	buf[i] = '\0';
	return buf;
}

/* Runs one example through the engine; returns the number of findings of rule. */
static size_t run_example(setup *s, const kb_rule *rule, const kb_example *ex, kb_results *res)
{
	kb_engine e = s->engine;
	if (ex->today)
		kb_date_parse_iso(ex->today, strlen(ex->today), &e.today);
	kb_results_init(res);
	kb_date_format(e.today, res->today);
	kb_engine_check_text(&e, "example.md", ex->text, strlen(ex->text), res);
	size_t n = 0;
	for (size_t i = 0; i < res->nfindings; i++)
		n += strcmp(res->findings[i].rule, rule->id) == 0;
	return n;
}

static int cmd_rules(options *o)
{
	setup s = {0};
	if (load_setup(&s, o, NULL) != 0) {
		free_setup(&s);
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
					printf("%s:%d: rule '%s', example %zu: expected %s, got %zu finding%s%s\n",
					       r->file, r->line, r->id, k + 1,
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
			char d[400];
			printf("%-*s  %-12s  %-13s  %-8s  %s\n", w, r->id, r->kind->name,
			       kb_category_name(r->category),
			       r->enabled ? kb_severity_name(r->severity) : "off",
			       first_sentence(r->description, d, sizeof d));
		}
	}
	free_setup(&s);
	return status;
}

static void indent(const char *text)
{
	const char *p = text;
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		printf("%s%.*s\n", n ? "    " : "", (int)n, p);
		p += n + (nl != NULL);
	}
}

static int cmd_explain(options *o, const char *id)
{
	setup s = {0};
	if (load_setup(&s, o, NULL) != 0) {
		free_setup(&s);
		return EXIT_USAGE;
	}
	const kb_rule *r = kb_ruleset_find(&s.rules, id);
	if (!r) {
		fprintf(stderr, "kblint: no rule '%s' (see 'kblint rules')\n", id);
		free_setup(&s);
		return EXIT_USAGE;
	}
	printf("%s: %s rule, category %s, severity %s\n", r->id, r->kind->name,
	       kb_category_name(r->category), r->enabled ? kb_severity_name(r->severity) : "off");
	printf("defined in %s:%d\n\n", r->file, r->line);
	printf("%s\n", r->description[0] ? r->description : "(no description)");
	for (size_t k = 0; k < r->nexamples; k++) {
		const kb_example *ex = &r->examples[k];
		printf("\n%s%s%s:\n\n", ex->bad ? "Reported" : "Not reported",
		       ex->today ? " on " : "", ex->today ? ex->today : "");
		indent(ex->text);
		kb_results res;
		run_example(&s, r, ex, &res);
		bool any = false;
		for (size_t i = 0; i < res.nfindings; i++) {
			const kb_finding *f = &res.findings[i];
			if (strcmp(f->rule, r->id) != 0)
				continue;
			if (!any)
				printf("\n");
			printf("  => %d:%d: %s: %s\n", f->line, f->col, kb_severity_name(f->severity),
			       f->message);
			any = true;
		}
		kb_results_free(&res);
	}
	free_setup(&s);
	return EXIT_CLEAN;
}

enum {
	OPT_NO_CONFIG = 256,
	OPT_TODAY,
	OPT_FAIL_ON,
	OPT_MIN_SEVERITY,
	OPT_FOLLOW,
	OPT_COLOR,
	OPT_NO_COLOR,
	OPT_VERSION,
	OPT_CHECK_EXAMPLES,
};

int main(int argc, char **argv)
{
	const char *cmd = "check";
	int first = 1;
	if (argc > 1 && (strcmp(argv[1], "check") == 0 || strcmp(argv[1], "rules") == 0 ||
			 strcmp(argv[1], "explain") == 0)) {
		cmd = argv[1];
		first = 2;
	}
	bool is_check = strcmp(cmd, "check") == 0, is_rules = strcmp(cmd, "rules") == 0;
	static const struct option longopts[] = {
		{"config", required_argument, NULL, 'c'},
		{"no-config", no_argument, NULL, OPT_NO_CONFIG},
		{"today", required_argument, NULL, OPT_TODAY},
		{"format", required_argument, NULL, 'f'},
		{"output", required_argument, NULL, 'o'},
		{"fail-on", required_argument, NULL, OPT_FAIL_ON},
		{"min-severity", required_argument, NULL, OPT_MIN_SEVERITY},
		{"follow-symlinks", no_argument, NULL, OPT_FOLLOW},
		{"color", no_argument, NULL, OPT_COLOR},
		{"no-color", no_argument, NULL, OPT_NO_COLOR},
		{"quiet", no_argument, NULL, 'q'},
		{"check-examples", no_argument, NULL, OPT_CHECK_EXAMPLES},
		{"help", no_argument, NULL, 'h'},
		{"version", no_argument, NULL, OPT_VERSION},
		{NULL, 0, NULL, 0},
	};
	options o = {.format = "text", .fail_on = KB_SEV_ERROR, .min_severity = KB_SEV_INFO,
		     .color = -1};
	/* getopt over the arguments after the command */
	char **av = argv + first - 1;
	int ac = argc - first + 1;
	opterr = 0;
	optind = 1;
	int ch;
	while ((ch = getopt_long(ac, av, ":c:f:o:qh", longopts, NULL)) != -1) {
		bool check_only = ch == OPT_TODAY || ch == 'f' || ch == 'o' || ch == OPT_FAIL_ON ||
				  ch == OPT_MIN_SEVERITY || ch == OPT_FOLLOW || ch == OPT_COLOR ||
				  ch == OPT_NO_COLOR || ch == 'q';
		if ((check_only && !is_check) || (ch == OPT_CHECK_EXAMPLES && !is_rules)) {
			const char *name = "?";
			for (const struct option *lo = longopts; lo->name; lo++)
				if (lo->val == ch)
					name = lo->name;
			char opt[64];
			snprintf(opt, sizeof opt, "--%s", name);
			return usage_error("option '%s' does not apply to this command", opt);
		}
		switch (ch) {
		case 'c':
			o.config = optarg;
			break;
		case OPT_NO_CONFIG:
			o.no_config = true;
			break;
		case OPT_TODAY: {
			kb_date d;
			if (kb_date_parse_iso(optarg, strlen(optarg), &d) != 0 || strlen(optarg) != 10)
				return usage_error("--today must be a date YYYY-MM-DD, not '%s'", optarg);
			o.today = optarg;
			break;
		}
		case 'f':
			o.format = optarg;
			break;
		case 'o':
			o.output = optarg;
			break;
		case OPT_FAIL_ON:
			if ((o.fail_on = level_arg("--fail-on", optarg, true)) < 0)
				return EXIT_USAGE;
			break;
		case OPT_MIN_SEVERITY:
			if ((o.min_severity = level_arg("--min-severity", optarg, false)) < 0)
				return EXIT_USAGE;
			break;
		case OPT_FOLLOW:
			o.follow_symlinks = true;
			break;
		case OPT_COLOR:
			o.color = 1;
			break;
		case OPT_NO_COLOR:
			o.color = 0;
			break;
		case 'q':
			o.quiet = true;
			break;
		case OPT_CHECK_EXAMPLES:
			o.check_examples = true;
			break;
		case 'h':
			fputs(usage_text, stdout);
			fputc('\n', stdout);
			fputs(is_check ? check_help : is_rules ? rules_help : explain_help, stdout);
			return EXIT_CLEAN;
		case OPT_VERSION:
			printf("kblint %s\n", KBLINT_VERSION);
			return EXIT_CLEAN;
		case ':':
			return usage_error("option '%s' needs a value", av[optind - 1]);
		default:
			return usage_error("unknown option '%s'", av[optind - 1]);
		}
	}
	if (o.config && o.no_config)
		return usage_error("%s", "--config and --no-config cannot be used together");
	char **rest = av + optind;
	int nrest = ac - optind;
	if (is_check)
		return cmd_check(&o, rest, nrest);
	if (is_rules) {
		if (nrest)
			return usage_error("'rules' takes no arguments, not '%s'", rest[0]);
		return cmd_rules(&o);
	}
	if (nrest != 1)
		return usage_error("%s", nrest ? "'explain' takes one rule id" : "'explain' needs a rule id");
	return cmd_explain(&o, rest[0]);
}
