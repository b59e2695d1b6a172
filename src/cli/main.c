/* main.c: the kblint command line: check (the default command); option parsing for all. */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "export.h"
#include "report.h"
#include "site.h"
#include "textout.h"

const char kb_cli_usage[] =
	"usage: kblint [check] [OPTIONS] [PATH...]\n"
	"       kblint rules [--config FILE | --no-config] [--check-examples]\n"
	"       kblint explain [--config FILE | --no-config] RULE-ID\n"
	"       kblint verify [--by NAME] [--date YYYY-MM-DD] [--dry-run] FILE[:LINE]...\n"
	"       kblint facts [--format text|json|csv] [PATH...]\n"
	"       kblint audit [--format FMT] [--state FILE] [--owner NAME] [-o FILE] [PATH...]\n"
	"       kblint export [--format jsonl|json|csv] [--only LIST] [--content MODE]\n"
	"                     [-o FILE | --out-dir DIR] [PATH...]\n"
	"       kblint init [PATH]\n"
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
	"  -f, --format FORMAT      text (default), json, sarif, junit, github, gitlab,\n"
	"                           checkstyle or markdown\n"
	"  -o, --output FILE        write the report to FILE (replaced atomically)\n"
	"      --fail-on LEVEL      error (default), warning, info or never: the lowest\n"
	"                           severity that makes the exit status 1\n"
	"      --min-severity LEVEL info (default), warning or error: hide findings below\n"
	"      --follow-symlinks    follow symbolic links when walking folders\n"
	"  -j, --jobs N             check files on N worker threads (default: one per CPU);\n"
	"                           the report is the same for every N\n"
	"      --column-unit UNIT   what columns count: char (default; Unicode code\n"
	"                           points), byte (UTF-8 bytes, as Vim's %c) or utf-16\n"
	"                           (UTF-16 code units, as VS Code); a tab is 1 in each.\n"
	"                           SARIF always counts code points\n"
	"      --color, --no-color  force colour on or off (default: on for a terminal,\n"
	"                           off when NO_COLOR is set and not empty, or TERM=dumb)\n"
	"  -q, --quiet              text format: no summary line\n"
	"      --baseline FILE      report only the findings that are not in FILE\n"
	"      --write-baseline FILE\n"
	"                           record every finding in FILE (sorted JSON, atomic)\n"
	"                           instead of reporting; exit 0\n"
	"      --changed-since REF  report only what changed since the git ref REF: findings\n"
	"                           in files changed, added or deleted since REF (untracked\n"
	"                           files too), and other articles' links and conflicts\n"
	"                           that involve them\n"
	"      --changed-files      the PATHs are the changed files (the pre-commit hook):\n"
	"                           read the knowledge base under the config's folder and\n"
	"                           report the findings in the PATHs its include and\n"
	"                           exclude select, and other articles' links and conflicts\n"
	"                           that involve them; other PATHs are ignored, and when\n"
	"                           none is left nothing is checked (exit 0)\n"
	"      --stdin              check the text on standard input, as the file named by\n"
	"                           --stdin-filename (for editors); takes no PATH\n"
	"      --stdin-filename PATH\n"
	"                           the file the text stands for: its type, its config and\n"
	"                           the name in the findings\n"
	"      --report-unused-disables\n"
	"                           report suppressions (kblint-disable comments, kblint.disable\n"
	"                           in front matter) that held back no finding\n"
	"      --timings            print to stderr where the time went: seconds per stage\n"
	"                           and per rule, summed over the worker threads\n"
	"      --sarif-category NAME\n"
	"                           sarif: the run's category (automationDetails.id\n"
	"                           'kblint/NAME/'), so that several uploads to GitHub code\n"
	"                           scanning do not replace each other's alerts\n"
	"      --show-config        print the effective config as YAML, each value with\n"
	"                           where it came from (default, the site generator's\n"
	"                           file, .kblint.yaml:LINE), and exit 0 without checking\n"
	"  -h, --help               this help\n"
	"\n"
	"exit status: 0 no finding at or above --fail-on, 1 findings (or files that could\n"
	"not be loaded), 2 usage or configuration error, or a baseline that cannot be read,\n"
	"or no git work tree or an unknown ref for --changed-since; and, whatever --fail-on\n"
	"says, a PATH that does not exist or a run that found no article in its folders.\n";

static const char rules_help[] =
	"List every rule: id, kind, category, severity (after the config), description.\n"
	"\n"
	"options:\n"
	"  -c, --config FILE    include the rules and severities of FILE\n"
	"      --no-config      only the shipped rules, default severities\n"
	"      --check-examples run every rule's examples; exit 1 when one does not behave\n"
	"  -h, --help           this help\n";

static const char verify_help[] =
	"Record a review: set the reviewed date (default today) and, with --by, the verifier in each\n"
	"FILE's front matter, or in the entry of a YAML file that starts at or encloses LINE.\n"
	"Everything else in the file stays byte for byte as it was; the write is atomic.\n"
	"\n"
	"options:\n"
	"  -c, --config FILE     use FILE instead of the nearest .kblint.yaml\n"
	"      --no-config       use the defaults\n"
	"      --by NAME         also set the verifier field (fields.verifier)\n"
	"      --date YYYY-MM-DD the review date (default: --today, the config's today, the UTC date)\n"
	"      --today YYYY-MM-DD\n"
	"      --dry-run         print a unified diff instead of writing\n"
	"  -h, --help            this help\n";

static const char facts_help[] =
	"List every place a fact's value is stated: the canonical facts' patterns and front-matter\n"
	"facts (with whether each agrees with the canonical value), and every sentence that states a\n"
	"quantity (by its skeleton). Run it before changing a price or a window.\n"
	"\n"
	"options:\n"
	"  -c, --config FILE    use FILE instead of the nearest .kblint.yaml\n"
	"      --no-config      use the defaults\n"
	"  -f, --format FORMAT  text (default), json or csv\n"
	"      --follow-symlinks\n"
	"  -j, --jobs N         worker threads (default: one per CPU)\n"
	"  -h, --help           this help\n";

static const char audit_help[] =
	"Report what each owner has to review: overdue articles (most overdue first), articles due\n"
	"soon, and the findings on their articles by category, under a summary of the whole\n"
	"knowledge base. Loading, config and rules are those of 'check'. Exit status 0 (the audit\n"
	"is a report, not a gate); 1 when --email could not deliver every message; 2 for a\n"
	"usage, config or state-file error.\n"
	"\n"
	"options:\n"
	"  -c, --config FILE    use FILE instead of the nearest .kblint.yaml\n"
	"      --no-config      use the defaults\n"
	"      --today YYYY-MM-DD\n"
	"                       the date freshness is judged on\n"
	"  -f, --format FORMAT  text (default), markdown, json or html (one self-contained page)\n"
	"  -o, --output FILE    write the report to FILE (replaced atomically)\n"
	"      --state FILE     compare with the previous run recorded in FILE (what is newly\n"
	"                       overdue, the trend), then record this run there (atomically)\n"
	"      --owner NAME     only NAME's report\n"
	"      --follow-symlinks\n"
	"  -j, --jobs N         worker threads (default: one per CPU)\n"
	"      --email          e-mail each owner with overdue or due-soon articles\n"
	"                       their report (text and HTML) instead of printing it;\n"
	"                       addresses from the owners roster, audit.owner_emails,\n"
	"                       else audit.default_recipient (one digest); From is\n"
	"                       audit.from\n"
	"      --out-dir DIR    --email: write the messages as DIR/OWNER.eml and send\n"
	"                       nothing (the default, with DIR kblint-mail)\n"
	"      --send sendmail|smtp\n"
	"                       --email: send the messages by sendmail -t -i (or\n"
	"                       audit.sendmail) or by SMTP to --smtp-url\n"
	"      --smtp-url URL   smtp://HOST:PORT (STARTTLS when offered) or\n"
	"                       smtps://HOST:PORT; user and password only from\n"
	"                       KBLINT_SMTP_USER and KBLINT_SMTP_PASSWORD\n"
	"  -h, --help           this help\n";

static const char export_help[] =
	"Tell AI assistants which articles they may answer from, and until when: one record per\n"
	"article (per question of a YAML FAQ file) with its verdict, trusted, review, untrusted or\n"
	"excluded, the findings behind it and valid_until, the last day it holds. Loading, config\n"
	"and rules are those of 'check'; the policy is the config's 'export' key. Exit status 0\n"
	"(the export is a report, not a gate); 2 for a usage or config error, a PATH that does not\n"
	"exist, or an --out-dir folder kblint may not write.\n"
	"\n"
	"options:\n"
	"  -c, --config FILE    use FILE instead of the nearest .kblint.yaml\n"
	"      --no-config      use the defaults\n"
	"      --today YYYY-MM-DD\n"
	"                       the date the verdicts are for\n"
	"  -f, --format FORMAT  jsonl (default: one record per line), json (one array) or csv\n"
	"  -o, --output FILE    write the export to FILE (replaced atomically)\n"
	"      --only LIST      the verdicts to emit, comma-separated: trusted, review,\n"
	"                       untrusted, excluded (default: all)\n"
	"      --content MODE   none (default: export.content), full (the article's\n"
	"                       Markdown) or clean (without the blocks that hold a stale\n"
	"                       or contradiction error)\n"
	"      --out-dir DIR    write each article emitted as a Markdown file in DIR (its\n"
	"                       verdict in the front matter) and DIR/manifest.jsonl; DIR is\n"
	"                       kblint's own: files of articles no longer emitted are removed\n"
	"      --follow-symlinks\n"
	"                       follow symbolic links when walking folders\n"
	"  -j, --jobs N         worker threads (default: one per CPU); the export is the same\n"
	"                       for every N\n"
	"  -h, --help           this help\n";

static const char init_help[] =
	"Write PATH/.kblint.yaml (PATH defaults to '.') with the settings kblint detects from the\n"
	"site generator's files (tech-docs, docfx, Hugo, Jekyll, MkDocs, Docusaurus, Middleman),\n"
	"each commented with the file it came from, and the keys most often changed commented out.\n"
	"Never replaces an existing .kblint.yaml (exit 2); the write is atomic. Prints what it\n"
	"wrote; exit 0.\n"
	"\n"
	"options:\n"
	"  -h, --help  this help\n";

static const char explain_help[] =
	"Show a rule's description and examples, with what kblint reports on them.\n"
	"\n"
	"options:\n"
	"  -c, --config FILE  look the rule up with FILE's rules too\n"
	"      --no-config    only the shipped rules\n"
	"  -h, --help         this help\n";

static int level_arg(const char *opt, const char *v, bool allow_never)
{
	if (allow_never && strcmp(v, "never") == 0)
		return KB_SEV_COUNT;
	int s = kb_severity_parse(v);
	if (s < 0) {
		fprintf(stderr, "kblint: %s must be one of error, warning, info%s, not '", opt,
			allow_never ? ", never" : "");
		kb_put_clean(stderr, v);
		fputs("'\n", stderr);
		fputs(kb_cli_usage, stderr);
		return -1;
	}
	return s;
}

/* A --sarif-category NAME: ASCII letters, digits, '-', '_', '.', ':' and '/', not starting
 * with '/', at most KB_SARIF_CATEGORY_MAX characters. */
#define KB_SARIF_CATEGORY_MAX 100 /* a category names an upload; longer is a mistake */
static bool sarif_category_ok(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > KB_SARIF_CATEGORY_MAX || s[0] == '/')
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
		      strchr("-_.:/", *s)))
			return false;
	return true;
}

/* The reason two options of check cannot go together, or NULL. */
static const char *check_conflict(const kb_options *o)
{
	if (o->use_stdin && !o->stdin_filename)
		return "--stdin needs --stdin-filename PATH";
	if (o->stdin_filename && !o->use_stdin)
		return "--stdin-filename needs --stdin";
	if (o->baseline && o->write_baseline)
		return "--baseline and --write-baseline cannot be used together";
	if (o->write_baseline && o->changed_since)
		return "--write-baseline and --changed-since cannot be used together";
	if (o->write_baseline && o->use_stdin)
		return "--write-baseline and --stdin cannot be used together";
	if (o->use_stdin && o->changed_since)
		return "--stdin and --changed-since cannot be used together";
	if (o->changed_files && o->changed_since)
		return "--changed-files and --changed-since cannot be used together";
	if (o->changed_files && o->use_stdin)
		return "--changed-files and --stdin cannot be used together";
	if (o->changed_files && o->write_baseline)
		return "--write-baseline and --changed-files cannot be used together";
	if (o->sarif_category && strcmp(o->format, "sarif") != 0)
		return "--sarif-category needs --format sarif";
	return NULL;
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
	OPT_BY,
	OPT_DATE,
	OPT_DRY_RUN,
	OPT_BASELINE,
	OPT_WRITE_BASELINE,
	OPT_CHANGED_SINCE,
	OPT_CHANGED_FILES,
	OPT_STDIN,
	OPT_STDIN_FILENAME,
	OPT_REPORT_UNUSED,
	OPT_STATE,
	OPT_OWNER,
	OPT_EMAIL,      /* audit e-mail */
	OPT_SEND,
	OPT_SMTP_URL,
	OPT_OUT_DIR,
	OPT_JOBS,
	OPT_TIMINGS,
	OPT_SARIF_CATEGORY,
	OPT_COLUMN_UNIT,
	OPT_SHOW_CONFIG,
	OPT_ONLY,
	OPT_CONTENT,
};

static const char *const commands[] = {"check", "rules", "explain", "verify", "facts", "audit",
				       "export", "init"};

/* True when word reads as a command (letters, digits, '-', '_'; no '.' or '/', which a path
 * would have) rather than a PATH. */
static bool command_like(const char *word)
{
	if (!*word || *word == '-')
		return false;
	for (const char *p = word; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		      *p == '-' || *p == '_'))
			return false;
	return true;
}

/* "kblint: unknown command 'WORD'", with the nearest command when it is close (a third of
 * its letters, at least one, differ), and the usage; returns EXIT_USAGE. */
static int unknown_command(const char *word)
{
	const char *near = NULL;
	size_t best = SIZE_MAX;
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
		size_t d = kb_edit_distance(word, commands[i]);
		size_t close = strlen(commands[i]) / 3 ? strlen(commands[i]) / 3 : 1;
		if (d <= close && d < best) {
			best = d;
			near = commands[i];
		}
	}
	char *shown = kb_clean(word, KB_CLEAN_TEXT);
	if (near)
		fprintf(stderr, "kblint: unknown command '%s' (did you mean '%s'?)\n", shown, near);
	else
		fprintf(stderr, "kblint: unknown command '%s'\n", shown);
	free(shown);
	fputs(kb_cli_usage, stderr);
	return EXIT_USAGE;
}

int main(int argc, char **argv)
{
	const char *cmd = "check";
	int first = 1;
	for (size_t i = 0; argc > 1 && i < sizeof commands / sizeof commands[0]; i++)
		if (strcmp(argv[1], commands[i]) == 0) {
			cmd = argv[1];
			first = 2;
		}
	/* "kblint chekc": a word that is no command and no file or folder is a mistyped command;
	 * an existing path of that name is still "check PATH" */
	struct stat st;
	if (first == 1 && argc > 1 && command_like(argv[1]) && lstat(argv[1], &st) != 0)
		return unknown_command(argv[1]);
	bool is_check = strcmp(cmd, "check") == 0, is_rules = strcmp(cmd, "rules") == 0;
	bool is_verify = strcmp(cmd, "verify") == 0, is_facts = strcmp(cmd, "facts") == 0;
	bool is_audit = strcmp(cmd, "audit") == 0, is_init = strcmp(cmd, "init") == 0;
	bool is_export = strcmp(cmd, "export") == 0;
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
		{"by", required_argument, NULL, OPT_BY},
		{"date", required_argument, NULL, OPT_DATE},
		{"dry-run", no_argument, NULL, OPT_DRY_RUN},
		{"baseline", required_argument, NULL, OPT_BASELINE},
		{"write-baseline", required_argument, NULL, OPT_WRITE_BASELINE},
		{"changed-since", required_argument, NULL, OPT_CHANGED_SINCE},
		{"changed-files", no_argument, NULL, OPT_CHANGED_FILES},
		{"stdin", no_argument, NULL, OPT_STDIN},
		{"stdin-filename", required_argument, NULL, OPT_STDIN_FILENAME},
		{"report-unused-disables", no_argument, NULL, OPT_REPORT_UNUSED},
		{"state", required_argument, NULL, OPT_STATE},
		{"owner", required_argument, NULL, OPT_OWNER},
		{"email", no_argument, NULL, OPT_EMAIL},
		{"send", required_argument, NULL, OPT_SEND},
		{"smtp-url", required_argument, NULL, OPT_SMTP_URL},
		{"out-dir", required_argument, NULL, OPT_OUT_DIR},
		{"jobs", required_argument, NULL, 'j'},
		{"timings", no_argument, NULL, OPT_TIMINGS},
		{"sarif-category", required_argument, NULL, OPT_SARIF_CATEGORY},
		{"column-unit", required_argument, NULL, OPT_COLUMN_UNIT},
		{"show-config", no_argument, NULL, OPT_SHOW_CONFIG},
		{"only", required_argument, NULL, OPT_ONLY},
		{"content", required_argument, NULL, OPT_CONTENT},
		{"help", no_argument, NULL, 'h'},
		{"version", no_argument, NULL, OPT_VERSION},
		{NULL, 0, NULL, 0},
	};
	kb_options o = {.format = "text", .fail_on = KB_SEV_ERROR, .min_severity = KB_SEV_INFO,
		     .color = -1, .content = -1};
	o.argv0 = argv[0];
	/* getopt over the arguments after the command */
	char **av = argv + first - 1;
	int ac = argc - first + 1;
	opterr = 0;
	optind = 1;
	int ch;
	while ((ch = getopt_long(ac, av, ":c:f:o:j:qh", longopts, NULL)) != -1) {
		bool check_only = ch == 'o' || ch == OPT_FAIL_ON || ch == OPT_MIN_SEVERITY ||
				  ch == OPT_COLOR || ch == OPT_NO_COLOR || ch == 'q' ||
				  ch == OPT_BASELINE || ch == OPT_WRITE_BASELINE ||
				  ch == OPT_CHANGED_SINCE || ch == OPT_STDIN || ch == OPT_STDIN_FILENAME ||
				  ch == OPT_REPORT_UNUSED || ch == OPT_TIMINGS ||
				  ch == OPT_SARIF_CATEGORY || ch == OPT_CHANGED_FILES ||
				  ch == OPT_COLUMN_UNIT || ch == OPT_SHOW_CONFIG;
		bool walks = ch == 'f' || ch == OPT_FOLLOW || ch == 'j'; /* check, facts, audit, export */
		if (walks && !is_check && !is_facts && !is_audit && !is_export)
			check_only = true;
		if (ch == 'o' && (is_audit || is_export))
			check_only = false;
		bool audit_only = ch == OPT_STATE || ch == OPT_OWNER || ch == OPT_EMAIL ||
				  ch == OPT_SEND || ch == OPT_SMTP_URL ||
				  (ch == OPT_OUT_DIR && !is_export);
		bool export_only = ch == OPT_ONLY || ch == OPT_CONTENT;
		bool verify_only = ch == OPT_BY || ch == OPT_DATE || ch == OPT_DRY_RUN;
		bool init_no = is_init && ch != 'h' && ch != ':' && ch != '?'; /* init: only -h */
		if (init_no || (check_only && !is_check) || (ch == OPT_CHECK_EXAMPLES && !is_rules) ||
		    (verify_only && !is_verify) || (audit_only && !is_audit) ||
		    (export_only && !is_export) ||
		    (ch == OPT_TODAY && !is_check && !is_verify && !is_facts && !is_audit &&
		     !is_export)) {
			const char *name = "?";
			for (const struct option *lo = longopts; lo->name; lo++)
				if (lo->val == ch)
					name = lo->name;
			char opt[64];
			snprintf(opt, sizeof opt, "--%s", name);
			return kb_cli_usage_error("option '%s' does not apply to this command", opt);
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
				return kb_cli_usage_error("--today must be a date YYYY-MM-DD, not '%s'", optarg);
			o.today = optarg;
			break;
		}
		case 'f':
			o.format = optarg;
			o.format_set = true;
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
		case 'j': {
			char *end;
			unsigned long n = strtoul(optarg, &end, 10);
			if (!*optarg || *end || optarg[0] == '-' || n < 1 || n > 1024)
				return kb_cli_usage_error("-j needs a number of workers from 1 to 1024, "
							  "not '%s'", optarg);
			o.jobs = (unsigned)n;
			break;
		}
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
		case OPT_BY:
			o.by = optarg;
			break;
		case OPT_DATE: {
			kb_date d;
			if (kb_date_parse_iso(optarg, strlen(optarg), &d) != 0 || strlen(optarg) != 10)
				return kb_cli_usage_error("--date must be a date YYYY-MM-DD, not '%s'", optarg);
			o.date = optarg;
			break;
		}
		case OPT_DRY_RUN:
			o.dry_run = true;
			break;
		case OPT_BASELINE:
			o.baseline = optarg;
			break;
		case OPT_WRITE_BASELINE:
			o.write_baseline = optarg;
			break;
		case OPT_CHANGED_SINCE:
			if (!*optarg || optarg[0] == '-')
				return kb_cli_usage_error("--changed-since needs a git ref, not '%s'", optarg);
			o.changed_since = optarg;
			break;
		case OPT_CHANGED_FILES:
			o.changed_files = true;
			break;
		case OPT_STDIN:
			o.use_stdin = true;
			break;
		case OPT_STDIN_FILENAME: {
			size_t n = strlen(optarg);
			if (!n || optarg[n - 1] == '/')
				return kb_cli_usage_error("--stdin-filename must name a file, not '%s'", optarg);
			o.stdin_filename = optarg;
			break;
		}
		case OPT_REPORT_UNUSED:
			o.report_unused_disables = true;
			break;
		case OPT_TIMINGS:
			o.timings = true;
			break;
		case OPT_SARIF_CATEGORY:
			if (!sarif_category_ok(optarg))
				return kb_cli_usage_error("--sarif-category needs a name of letters, digits "
							  "and '-', '_', '.', ':', '/' (such as 'docs' or "
							  "'faq/en'), not '%s'", optarg);
			o.sarif_category = optarg;
			break;
		case OPT_COLUMN_UNIT:
			if (strcmp(optarg, "char") == 0)
				o.column_unit = KB_COL_CHAR;
			else if (strcmp(optarg, "byte") == 0)
				o.column_unit = KB_COL_BYTE;
			else if (strcmp(optarg, "utf-16") == 0)
				o.column_unit = KB_COL_UTF16;
			else
				return kb_cli_usage_error("--column-unit must be one of char, byte, utf-16, "
							  "not '%s'", optarg);
			break;
		case OPT_SHOW_CONFIG:
			o.show_config = true;
			break;
		case OPT_ONLY: {
			const char *bad = NULL;
			if (kb_trust_parse_list(optarg, &o.only, &bad) != 0) {
				const char *comma = strchr(bad, ',');
				char *word = xstrndup(bad, comma ? (size_t)(comma - bad) : strlen(bad));
				int ret = kb_cli_usage_error("--only takes trusted, review, untrusted, "
							     "excluded, not '%s'", word);
				free(word);
				return ret;
			}
			break;
		}
		case OPT_CONTENT:
			if (strcmp(optarg, "none") == 0)
				o.content = KB_CONTENT_NONE;
			else if (strcmp(optarg, "full") == 0)
				o.content = KB_CONTENT_FULL;
			else if (strcmp(optarg, "clean") == 0)
				o.content = KB_CONTENT_CLEAN;
			else
				return kb_cli_usage_error("--content must be one of none, full, clean, "
							  "not '%s'", optarg);
			break;
		case OPT_STATE:
			if (!*optarg)
				return kb_cli_usage_error("--state needs a file name, not '%s'", optarg);
			o.state = optarg;
			break;
		case OPT_OWNER:
			if (!*optarg)
				return kb_cli_usage_error("--owner needs an owner's name, not '%s'", optarg);
			o.owner = optarg;
			break;
		case OPT_EMAIL: /* audit e-mail: checked together in kb_audit_email_check */
			o.email = true;
			break;
		case OPT_SEND:
			o.send = optarg;
			break;
		case OPT_SMTP_URL:
			o.smtp_url = optarg;
			break;
		case OPT_OUT_DIR:
			if (!*optarg)
				return kb_cli_usage_error("--out-dir needs a folder, not '%s'", optarg);
			o.out_dir = optarg;
			break;
		case 'h':
			fputs(kb_cli_usage, stdout);
			fputc('\n', stdout);
			fputs(is_check ? check_help : is_rules ? rules_help : is_verify ? verify_help
			      : is_facts ? facts_help : is_audit ? audit_help : is_init ? init_help
			      : is_export ? export_help
			      : explain_help,
			      stdout);
			return EXIT_CLEAN;
		case OPT_VERSION:
			printf("kblint %s\n", KBLINT_VERSION);
			return EXIT_CLEAN;
		case ':':
			return kb_cli_usage_error("option '%s' needs a value", av[optind - 1]);
		default:
			return kb_cli_usage_error("unknown option '%s'", av[optind - 1]);
		}
	}
	if (o.config && o.no_config)
		return kb_cli_usage_error("%s", "--config and --no-config cannot be used together");
	const char *conflict = check_conflict(&o);
	if (conflict)
		return kb_cli_usage_error("%s", conflict);
	char **rest = av + optind;
	int nrest = ac - optind;
	if (is_check)
		return kb_cmd_check(&o, rest, nrest);
	if (is_facts)
		return kb_cmd_facts(&o, rest, nrest);
	if (is_init)
		return kb_cmd_init(&o, rest, nrest);
	if (is_audit)
		return kb_cmd_audit(&o, rest, nrest);
	if (is_export)
		return kb_cmd_export(&o, rest, nrest);
	if (is_verify) {
		if (!nrest)
			return kb_cli_usage_error("%s", "'verify' needs at least one FILE");
		return kb_cmd_verify(&o, rest, nrest);
	}
	if (is_rules)
		return kb_cmd_rules(&o, rest, nrest);
	return kb_cmd_explain(&o, rest, nrest);
}
