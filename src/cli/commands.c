/* commands.c: the tables of the command line: every option (options.def), every command
 * (commands.def) with the options it accepts and its --help, and the usage made from them. */
#include <string.h>

#include "commands.h"

const kb_opt_info kb_opts[KB_OPT_COUNT] = {
	[KB_OPT_NONE] = {NULL, 0, NULL},
#define KB_OPTION(id, name, letter, value) [KB_OPT_##id] = {name, letter, value},
#include "options.def"
#undef KB_OPTION
};

const char kb_cli_usage[] = "usage: kblint "
#define KB_COMMAND(name, function, usage) usage "\n       kblint "
#include "commands.def"
#undef KB_COMMAND
	"--version | --help\n";

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static const kb_help_row check_rows[] = {
	{KB_OPT_CONFIG, "use FILE instead of the nearest .kblint.yaml", KB_OPT_NONE},
	{KB_OPT_NO_CONFIG, "use the defaults, ignoring any .kblint.yaml", KB_OPT_NONE},
	{KB_OPT_TODAY, "the date freshness is judged on (default: the config's\n"
		       "'today', else today's date in UTC)", KB_OPT_NONE},
	{KB_OPT_FORMAT, "text (default), json, sarif, junit, github, gitlab,\n"
			"checkstyle or markdown", KB_OPT_NONE},
	{KB_OPT_OUTPUT, "write the report to FILE (replaced atomically)", KB_OPT_NONE},
	{KB_OPT_FAIL_ON, "error (default), warning, info or never: the lowest\n"
			 "severity that makes the exit status 1", KB_OPT_NONE},
	{KB_OPT_MIN_SEVERITY, "info (default), warning or error: hide findings below", KB_OPT_NONE},
	{KB_OPT_FOLLOW_SYMLINKS, "follow symbolic links when walking folders", KB_OPT_NONE},
	{KB_OPT_JOBS, "check files on N threads (default: one per CPU);\n"
		      "the report is the same for every N", KB_OPT_NONE},
	{KB_OPT_COLUMN_UNIT, "what columns count: char (default; Unicode code\n"
			     "points), byte (UTF-8 bytes, as Vim's %c) or utf-16\n"
			     "(UTF-16 code units, as VS Code); a tab is 1 in each.\n"
			     "SARIF always counts code points", KB_OPT_NONE},
	{KB_OPT_COLOR, "force colour on or off (default: on for a terminal,\n"
		       "off when NO_COLOR is set and not empty, or TERM=dumb)", KB_OPT_NO_COLOR},
	{KB_OPT_QUIET, "text format: no summary line", KB_OPT_NONE},
	{KB_OPT_BASELINE, "report only the findings that are not in FILE", KB_OPT_NONE},
	{KB_OPT_WRITE_BASELINE, "record every finding in FILE (sorted JSON, atomic)\n"
				"instead of reporting; exit 0", KB_OPT_NONE},
	{KB_OPT_CHANGED_SINCE, "report only what changed since the git ref REF: findings\n"
			       "in files changed, added or deleted since REF (untracked\n"
			       "files too), and other articles' links and conflicts\n"
			       "that involve them", KB_OPT_NONE},
	{KB_OPT_CHANGED_FILES, "the PATHs are the changed files (the pre-commit hook):\n"
			       "read the knowledge base under the config's folder and\n"
			       "report the findings in the PATHs its include and\n"
			       "exclude select, and other articles' links and conflicts\n"
			       "that involve them; other PATHs are ignored, and when\n"
			       "none is left nothing is checked (exit 0)", KB_OPT_NONE},
	{KB_OPT_STDIN, "check the text on standard input, as the file named by\n"
		       "--stdin-filename (for editors); takes no PATH", KB_OPT_NONE},
	{KB_OPT_STDIN_FILENAME, "the file the text stands for: its type, its config and\n"
				"the name in the findings", KB_OPT_NONE},
	{KB_OPT_REPORT_UNUSED_DISABLES, "report suppressions (kblint-disable comments, kblint.disable\n"
					"in front matter) that held back no finding", KB_OPT_NONE},
	{KB_OPT_FIX, "apply the safe fixes to the files (atomically, every other\n"
		     "byte kept), then report what remains", KB_OPT_NONE},
	{KB_OPT_UNSAFE_FIXES, "apply the unsafe fixes too (a canonical value, a rule's\n"
			      "fix marked unsafe); implies --fix, or widens --diff", KB_OPT_NONE},
	{KB_OPT_DIFF, "print the fixes as a unified diff and write nothing;\n"
		      "exit 1 when there is one", KB_OPT_NONE},
	{KB_OPT_TIMINGS, "print to stderr where the time went: seconds per stage\n"
			 "and per rule, summed over the worker threads", KB_OPT_NONE},
	{KB_OPT_SARIF_CATEGORY, "sarif: the run's category (automationDetails.id\n"
				"'kblint/NAME/'), so that several uploads to GitHub code\n"
				"scanning do not replace each other's alerts", KB_OPT_NONE},
	{KB_OPT_SHOW_CONFIG, "print the effective config as YAML, each value with\n"
			     "where it came from (default, the site generator's\n"
			     "file, .kblint.yaml:LINE), and exit 0 without checking", KB_OPT_NONE},
	{KB_OPT_HELP, "this help", KB_OPT_NONE},
	{KB_OPT_VERSION, NULL, KB_OPT_NONE},
};

static const kb_help_row rules_rows[] = {
	{KB_OPT_CONFIG, "include the rules and severities of FILE", KB_OPT_NONE},
	{KB_OPT_NO_CONFIG, "only the shipped rules, default severities", KB_OPT_NONE},
	{KB_OPT_CHECK_EXAMPLES, "run every rule's examples; exit 1 when one does not behave",
	 KB_OPT_NONE},
	{KB_OPT_HELP, "this help", KB_OPT_NONE},
	{KB_OPT_VERSION, NULL, KB_OPT_NONE},
};

static const kb_help_row explain_rows[] = {
	{KB_OPT_CONFIG, "look the rule up with FILE's rules too", KB_OPT_NONE},
	{KB_OPT_NO_CONFIG, "only the shipped rules", KB_OPT_NONE},
	{KB_OPT_HELP, "this help", KB_OPT_NONE},
	{KB_OPT_VERSION, NULL, KB_OPT_NONE},
};

static const kb_help_row verify_rows[] = {
	{KB_OPT_CONFIG, "use FILE instead of the nearest .kblint.yaml", KB_OPT_NONE},
	{KB_OPT_NO_CONFIG, "use the defaults", KB_OPT_NONE},
	{KB_OPT_BY, "also set the verifier field (fields.verifier)", KB_OPT_NONE},
	{KB_OPT_DATE, "the review date (default: --today, the config's today, the UTC date)",
	 KB_OPT_NONE},
	{KB_OPT_TODAY, "", KB_OPT_NONE},
	{KB_OPT_DRY_RUN, "print a unified diff instead of writing", KB_OPT_NONE},
	{KB_OPT_HELP, "this help", KB_OPT_NONE},
	{KB_OPT_VERSION, NULL, KB_OPT_NONE},
};

static const kb_help_row facts_rows[] = {
	{KB_OPT_CONFIG, "use FILE instead of the nearest .kblint.yaml", KB_OPT_NONE},
	{KB_OPT_NO_CONFIG, "use the defaults", KB_OPT_NONE},
	{KB_OPT_FORMAT, "text (default), json or csv", KB_OPT_NONE},
	{KB_OPT_FOLLOW_SYMLINKS, "", KB_OPT_NONE},
	{KB_OPT_JOBS, "worker threads (default: one per CPU)", KB_OPT_NONE},
	{KB_OPT_HELP, "this help", KB_OPT_NONE},
	{KB_OPT_TODAY, NULL, KB_OPT_NONE},
	{KB_OPT_VERSION, NULL, KB_OPT_NONE},
};

static const kb_help_row audit_rows[] = {
	{KB_OPT_CONFIG, "use FILE instead of the nearest .kblint.yaml", KB_OPT_NONE},
	{KB_OPT_NO_CONFIG, "use the defaults", KB_OPT_NONE},
	{KB_OPT_TODAY, "the date freshness is judged on", KB_OPT_NONE},
	{KB_OPT_FORMAT, "text (default), markdown, json or html (one self-contained page)",
	 KB_OPT_NONE},
	{KB_OPT_OUTPUT, "write the report to FILE (replaced atomically)", KB_OPT_NONE},
	{KB_OPT_STATE, "compare with the previous run recorded in FILE (what is newly\n"
		       "overdue, the trend), then record this run there (atomically)", KB_OPT_NONE},
	{KB_OPT_OWNER, "only NAME's report", KB_OPT_NONE},
	{KB_OPT_FOLLOW_SYMLINKS, "", KB_OPT_NONE},
	{KB_OPT_JOBS, "worker threads (default: one per CPU)", KB_OPT_NONE},
	{KB_OPT_EMAIL, "e-mail each owner with overdue or due-soon articles\n"
		       "their report (text and HTML) instead of printing it;\n"
		       "addresses from the owners roster, audit.owner_emails,\n"
		       "else audit.default_recipient (one digest); From is\n"
		       "audit.from", KB_OPT_NONE},
	{KB_OPT_OUT_DIR, "--email: write the messages as DIR/OWNER.eml and send\n"
			 "nothing (the default, with DIR kblint-mail)", KB_OPT_NONE},
	{KB_OPT_SEND, "--email: send the messages by sendmail -t -i (or\n"
		      "audit.sendmail) or by SMTP to --smtp-url", KB_OPT_NONE},
	{KB_OPT_SMTP_URL, "smtp://HOST:PORT (STARTTLS when offered) or\n"
			  "smtps://HOST:PORT; user and password only from\n"
			  "KBLINT_SMTP_USER and KBLINT_SMTP_PASSWORD", KB_OPT_NONE},
	{KB_OPT_HELP, "this help", KB_OPT_NONE},
	{KB_OPT_VERSION, NULL, KB_OPT_NONE},
};

static const kb_help_row export_rows[] = {
	{KB_OPT_CONFIG, "use FILE instead of the nearest .kblint.yaml", KB_OPT_NONE},
	{KB_OPT_NO_CONFIG, "use the defaults", KB_OPT_NONE},
	{KB_OPT_TODAY, "the date the verdicts are for", KB_OPT_NONE},
	{KB_OPT_FORMAT, "jsonl (default: one record per line), json (one array) or csv",
	 KB_OPT_NONE},
	{KB_OPT_OUTPUT, "write the export to FILE (replaced atomically)", KB_OPT_NONE},
	{KB_OPT_ONLY, "the verdicts to emit, comma-separated: trusted, review,\n"
		      "untrusted, excluded (default: all)", KB_OPT_NONE},
	{KB_OPT_CONTENT, "none (default: export.content), full (the article's\n"
			 "Markdown) or clean (without the blocks that hold a stale\n"
			 "or contradiction error)", KB_OPT_NONE},
	{KB_OPT_OUT_DIR, "write each article emitted as a Markdown file in DIR (its\n"
			 "verdict in the front matter) and DIR/manifest.jsonl; DIR is\n"
			 "kblint's own: files of articles no longer emitted are removed",
	 KB_OPT_NONE},
	{KB_OPT_FOLLOW_SYMLINKS, "follow symbolic links when walking folders", KB_OPT_NONE},
	{KB_OPT_JOBS, "worker threads (default: one per CPU); the export is the same\n"
		      "for every N", KB_OPT_NONE},
	{KB_OPT_HELP, "this help", KB_OPT_NONE},
	{KB_OPT_VERSION, NULL, KB_OPT_NONE},
};

/* lsp: --stdio is what editors' clients pass to ask for the transport it always uses */
static const kb_help_row lsp_rows[] = {
	{KB_OPT_STDIO, "JSON-RPC over standard input and output (the only transport)",
	 KB_OPT_NONE},
	{KB_OPT_HELP, "this help", KB_OPT_NONE},
};

/* init takes no option but --help (not even --version) */
static const kb_help_row init_rows[] = {
	{KB_OPT_HELP, "this help", KB_OPT_NONE},
};

static const char check_about[] =
	"Check knowledge-base articles (Markdown with YAML front matter, YAML FAQ files) for stale,\n"
	"contradictory and unverified content. PATH defaults to '.'; folders are walked.\n";

static const char rules_about[] =
	"List every rule: id, kind, category, severity (after the config), description.\n";

static const char explain_about[] =
	"Show a rule's description and examples, with what kblint reports on them.\n";

static const char verify_about[] =
	"Record a review: set the reviewed date (default today) and, with --by, the verifier in each\n"
	"FILE's front matter, or in the entry of a YAML file that starts at or encloses LINE.\n"
	"Everything else in the file stays byte for byte as it was; the write is atomic.\n";

static const char facts_about[] =
	"List every place a fact's value is stated: the canonical facts' patterns and front-matter\n"
	"facts (with whether each agrees with the canonical value), and every sentence that states a\n"
	"quantity (by its skeleton). Run it before changing a price or a window.\n";

static const char audit_about[] =
	"Report what each owner has to review: overdue articles (most overdue first), articles due\n"
	"soon, and the findings on their articles by category, under a summary of the whole\n"
	"knowledge base. Loading, config and rules are those of 'check'. Exit status 0 (the audit\n"
	"is a report, not a gate); 1 when --email could not deliver every message; 2 for a\n"
	"usage, config or state-file error.\n";

static const char export_about[] =
	"Tell AI assistants which articles they may answer from, and until when: one record per\n"
	"article (per question of a YAML FAQ file) with its verdict, trusted, review, untrusted or\n"
	"excluded, the findings behind it and valid_until, the last day it holds. Loading, config\n"
	"and rules are those of 'check'; the policy is the config's 'export' key. Exit status 0\n"
	"(the export is a report, not a gate); 2 for a usage or config error, a PATH that does not\n"
	"exist, or an --out-dir folder kblint may not write.\n";

static const char init_about[] =
	"Write PATH/.kblint.yaml (PATH defaults to '.') with the settings kblint detects from the\n"
	"site generator's files (tech-docs, docfx, Hugo, Jekyll, MkDocs, Docusaurus, Middleman),\n"
	"each commented with the file it came from, and the keys most often changed commented out.\n"
	"Never replaces an existing .kblint.yaml (exit 2); the write is atomic. Prints what it\n"
	"wrote; exit 0.\n";

static const char lsp_about[] =
	"Run a language server (LSP 3.17) on standard input and output for editors: diagnostics\n"
	"as an article is typed, with the config and knowledge base around it; code actions to\n"
	"suppress a finding or mark an article reviewed; hover explains a finding's rule. See\n"
	"docs/lsp.md. Exit status 0 after shutdown and exit, 1 when the client goes away first.\n";

static const char check_exit_status[] =
	"exit status: 0 no finding at or above --fail-on, 1 findings (or files that could\n"
	"not be loaded), 2 usage or configuration error, or a baseline that cannot be read,\n"
	"or no git work tree or an unknown ref for --changed-since; and, whatever --fail-on\n"
	"says, a PATH that does not exist or a run that found no article in its folders.\n";

/* help_NAME: NAME_about, the column its options' texts start at, NAME_rows, a last paragraph */
#define KB_HELP(name, column, after)                                                              \
	static const kb_help help_##name = {name##_about, column, name##_rows,                     \
					    COUNT(name##_rows), after}
KB_HELP(check, 27, check_exit_status);
KB_HELP(rules, 23, NULL);
KB_HELP(explain, 21, NULL);
KB_HELP(verify, 24, NULL);
KB_HELP(facts, 23, NULL);
KB_HELP(audit, 23, NULL);
KB_HELP(export, 23, NULL);
KB_HELP(init, 14, NULL);
KB_HELP(lsp, 15, NULL);
#undef KB_HELP

const kb_command kb_commands[] = {
#define KB_COMMAND(name, function, usage) {#name, function, &help_##name},
#include "commands.def"
#undef KB_COMMAND
};
const size_t kb_ncommands = sizeof kb_commands / sizeof kb_commands[0];

bool kb_command_takes(const kb_command *c, kb_opt opt)
{
	if (opt == KB_OPT_NONE)
		return false;
	for (size_t i = 0; i < c->help->nrows; i++)
		if (c->help->rows[i].opt == opt || c->help->rows[i].also == opt)
			return true;
	return false;
}

void kb_command_help(FILE *out, const kb_command *c)
{
	const kb_help *h = c->help;
	fputs(kb_cli_usage, out);
	fputc('\n', out);
	fputs(h->about, out);
	fputs("\noptions:\n", out);
	for (size_t i = 0; i < h->nrows; i++) {
		const kb_help_row *r = &h->rows[i];
		if (!r->text)
			continue;
		/* "  -c, --config FILE" or "      --no-config"; ", --no-color" after an also */
		const kb_opt_info *k = &kb_opts[r->opt];
		int at = k->letter ? fprintf(out, "  -%c, --%s", k->letter, k->name)
				   : fprintf(out, "      --%s", k->name);
		if (k->value)
			at += fprintf(out, " %s", k->value);
		if (r->also != KB_OPT_NONE)
			at += fprintf(out, ", --%s", kb_opts[r->also].name);
		/* the text from column on, on the option's line when there is room for it */
		const char *text = r->text;
		if (at >= (int)h->column || !*text) {
			fputc('\n', out);
			at = 0;
		}
		while (*text) {
			const char *nl = strchr(text, '\n');
			int len = nl ? (int)(nl - text) : (int)strlen(text);
			fprintf(out, "%*s%.*s\n", (int)h->column - at, "", len, text);
			at = 0;
			text += len + (nl != NULL);
		}
	}
	if (h->after) {
		fputc('\n', out);
		fputs(h->after, out);
	}
}
