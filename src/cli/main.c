/* main.c: the kblint command line: finds the command (commands.def), parses the options it
 * accepts (options.def, and each command's rows in commands.c) and runs it. */
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ascii.h"
#include "cli.h"
#include "commands.h"
#include "export.h"
#include "textout.h"

/* "kblint: --NAME " (opt's name, options.def) and reason with the value arg (kb_cli_usage_error),
 * and the usage; returns EXIT_USAGE. */
static int bad_value(kb_opt opt, const char *reason, const char *arg)
{
	char fmt[256];
	snprintf(fmt, sizeof fmt, "--%s %s", kb_opts[opt].name, reason);
	return kb_cli_usage_error(fmt, arg);
}

/* The severity v names (never: KB_SEV_COUNT, when allowed), or -1 after saying why. */
static int level_arg(kb_opt opt, const char *v, bool allow_never)
{
	if (allow_never && strcmp(v, "never") == 0)
		return KB_SEV_COUNT;
	int s = kb_severity_parse(v);
	if (s < 0) {
		fprintf(stderr, "kblint: --%s must be one of error, warning, info%s, not '",
			kb_opts[opt].name, allow_never ? ", never" : "");
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
		if (!(kb_isalnum(*s) || strchr("-_.:/", *s)))
			return false;
	return true;
}

/* Checks the value of the option opt and stores it in o. Returns -1, or the exit status when
 * kblint is to stop: after --help (of cmd) or --version, or a value that is not valid. */
static int set_option(kb_options *o, kb_opt opt, const char *arg, const kb_command *cmd)
{
	switch (opt) {
	case KB_OPT_CONFIG:
		o->config = arg;
		break;
	case KB_OPT_NO_CONFIG:
		o->no_config = true;
		break;
	case KB_OPT_TODAY:
	case KB_OPT_DATE: {
		kb_date d;
		if (kb_date_parse_iso(arg, strlen(arg), &d) != 0 || strlen(arg) != 10)
			return bad_value(opt, "must be a date YYYY-MM-DD, not '%s'", arg);
		*(opt == KB_OPT_TODAY ? &o->today : &o->date) = arg;
		break;
	}
	case KB_OPT_FORMAT:
		o->format = arg;
		o->format_set = true;
		break;
	case KB_OPT_OUTPUT:
		o->output = arg;
		break;
	case KB_OPT_FAIL_ON:
		if ((o->fail_on = level_arg(KB_OPT_FAIL_ON, arg, true)) < 0)
			return EXIT_USAGE;
		break;
	case KB_OPT_MIN_SEVERITY:
		if ((o->min_severity = level_arg(KB_OPT_MIN_SEVERITY, arg, false)) < 0)
			return EXIT_USAGE;
		break;
	case KB_OPT_FOLLOW_SYMLINKS:
		o->follow_symlinks = true;
		break;
	case KB_OPT_JOBS: {
		char *end;
		unsigned long n = strtoul(arg, &end, 10);
		if (!*arg || *end || arg[0] == '-' || n < 1 || n > 1024)
			return kb_cli_usage_error("-j needs a number of workers from 1 to 1024, "
						  "not '%s'", arg);
		o->jobs = (unsigned)n;
		break;
	}
	case KB_OPT_COLOR:
		o->color = 1;
		break;
	case KB_OPT_NO_COLOR:
		o->color = 0;
		break;
	case KB_OPT_QUIET:
		o->quiet = true;
		break;
	case KB_OPT_CHECK_EXAMPLES:
		o->check_examples = true;
		break;
	case KB_OPT_BY:
		o->by = arg;
		break;
	case KB_OPT_DRY_RUN:
		o->dry_run = true;
		break;
	case KB_OPT_STDIO: /* lsp: standard input and output are its only transport */
		break;
	case KB_OPT_BASELINE:
		o->baseline = arg;
		break;
	case KB_OPT_WRITE_BASELINE:
		o->write_baseline = arg;
		break;
	case KB_OPT_CHANGED_SINCE:
		if (!*arg || arg[0] == '-')
			return bad_value(KB_OPT_CHANGED_SINCE, "needs a git ref, not '%s'", arg);
		o->changed_since = arg;
		break;
	case KB_OPT_CHANGED_FILES:
		o->changed_files = true;
		break;
	case KB_OPT_STDIN:
		o->use_stdin = true;
		break;
	case KB_OPT_STDIN_FILENAME: {
		size_t n = strlen(arg);
		if (!n || arg[n - 1] == '/')
			return bad_value(KB_OPT_STDIN_FILENAME, "must name a file, not '%s'", arg);
		o->stdin_filename = arg;
		break;
	}
	case KB_OPT_REPORT_UNUSED_DISABLES:
		o->report_unused_disables = true;
		break;
	case KB_OPT_FIX:
		o->fix = true;
		break;
	case KB_OPT_UNSAFE_FIXES:
		o->unsafe_fixes = true;
		break;
	case KB_OPT_DIFF:
		o->diff = true;
		break;
	case KB_OPT_TIMINGS:
		o->timings = true;
		break;
	case KB_OPT_SARIF_CATEGORY:
		if (!sarif_category_ok(arg))
			return bad_value(KB_OPT_SARIF_CATEGORY, "needs a name of letters, digits and "
					 "'-', '_', '.', ':', '/' (such as 'docs' or 'faq/en'), "
					 "not '%s'", arg);
		o->sarif_category = arg;
		break;
	case KB_OPT_COLUMN_UNIT:
		if (strcmp(arg, "char") == 0)
			o->column_unit = KB_COL_CHAR;
		else if (strcmp(arg, "byte") == 0)
			o->column_unit = KB_COL_BYTE;
		else if (strcmp(arg, "utf-16") == 0)
			o->column_unit = KB_COL_UTF16;
		else
			return bad_value(KB_OPT_COLUMN_UNIT, "must be one of char, byte, utf-16, "
					 "not '%s'", arg);
		break;
	case KB_OPT_SHOW_CONFIG:
		o->show_config = true;
		break;
	case KB_OPT_ONLY: {
		const char *bad = NULL;
		if (kb_trust_parse_list(arg, &o->only, &bad) != 0) {
			const char *comma = strchr(bad, ',');
			char *word = xstrndup(bad, comma ? (size_t)(comma - bad) : strlen(bad));
			int ret = bad_value(KB_OPT_ONLY, "takes trusted, review, untrusted, "
					    "excluded, not '%s'", word);
			free(word);
			return ret;
		}
		break;
	}
	case KB_OPT_CONTENT:
		if (strcmp(arg, "none") == 0)
			o->content = KB_CONTENT_NONE;
		else if (strcmp(arg, "full") == 0)
			o->content = KB_CONTENT_FULL;
		else if (strcmp(arg, "clean") == 0)
			o->content = KB_CONTENT_CLEAN;
		else
			return bad_value(KB_OPT_CONTENT, "must be one of none, full, clean, "
					 "not '%s'", arg);
		break;
	case KB_OPT_STATE:
		if (!*arg)
			return bad_value(KB_OPT_STATE, "needs a file name, not '%s'", arg);
		o->state = arg;
		break;
	case KB_OPT_OWNER:
		if (!*arg)
			return bad_value(KB_OPT_OWNER, "needs an owner's name, not '%s'", arg);
		o->owner = arg;
		break;
	case KB_OPT_EMAIL: /* audit e-mail: checked together in kb_audit_email_check */
		o->email = true;
		break;
	case KB_OPT_SEND:
		o->send = arg;
		break;
	case KB_OPT_SMTP_URL:
		o->smtp_url = arg;
		break;
	case KB_OPT_OUT_DIR:
		if (!*arg)
			return bad_value(KB_OPT_OUT_DIR, "needs a folder, not '%s'", arg);
		o->out_dir = arg;
		break;
	case KB_OPT_HELP:
		kb_command_help(stdout, cmd);
		return EXIT_CLEAN;
	case KB_OPT_VERSION:
		printf("kblint %s\n", KBLINT_VERSION);
		return EXIT_CLEAN;
	case KB_OPT_NONE:
	case KB_OPT_COUNT:
		break;
	}
	return -1;
}

/* Options that need another, or cannot go with another, in the order they are checked. */
static const struct {
	kb_opt opt;
	bool needs; /* true: opt needs other; false: opt and other cannot be used together */
	kb_opt other;
} pairs[] = {
	{KB_OPT_CONFIG, false, KB_OPT_NO_CONFIG},
	{KB_OPT_STDIN, true, KB_OPT_STDIN_FILENAME},
	{KB_OPT_STDIN_FILENAME, true, KB_OPT_STDIN},
	{KB_OPT_BASELINE, false, KB_OPT_WRITE_BASELINE},
	{KB_OPT_WRITE_BASELINE, false, KB_OPT_CHANGED_SINCE},
	{KB_OPT_WRITE_BASELINE, false, KB_OPT_STDIN},
	{KB_OPT_STDIN, false, KB_OPT_CHANGED_SINCE},
	{KB_OPT_CHANGED_FILES, false, KB_OPT_CHANGED_SINCE},
	{KB_OPT_CHANGED_FILES, false, KB_OPT_STDIN},
	{KB_OPT_WRITE_BASELINE, false, KB_OPT_CHANGED_FILES},
	{KB_OPT_FIX, false, KB_OPT_STDIN},
	{KB_OPT_UNSAFE_FIXES, false, KB_OPT_STDIN},
	{KB_OPT_DIFF, false, KB_OPT_STDIN},
	{KB_OPT_FIX, false, KB_OPT_WRITE_BASELINE},
	{KB_OPT_UNSAFE_FIXES, false, KB_OPT_WRITE_BASELINE},
	{KB_OPT_DIFF, false, KB_OPT_WRITE_BASELINE},
	{KB_OPT_DIFF, false, KB_OPT_FIX},
};

/* Prints why the options given (given[opt]) cannot go together, and the usage; returns
 * EXIT_USAGE, or -1 when they can. */
static int check_pairs(const kb_options *o, const bool given[KB_OPT_COUNT])
{
	for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
		const char *a = kb_opts[pairs[i].opt].name, *b = kb_opts[pairs[i].other].name;
		const char *value = kb_opts[pairs[i].other].value;
		char why[160];
		if (pairs[i].needs && given[pairs[i].opt] && !given[pairs[i].other])
			snprintf(why, sizeof why, "--%s needs --%s%s%s", a, b, value ? " " : "",
				 value ? value : "");
		else if (!pairs[i].needs && given[pairs[i].opt] && given[pairs[i].other])
			snprintf(why, sizeof why, "--%s and --%s cannot be used together", a, b);
		else
			continue;
		return kb_cli_usage_error("%s", why);
	}
	if (o->sarif_category && strcmp(o->format, "sarif") != 0)
		return kb_cli_usage_error("%s", "--sarif-category needs --format sarif");
	return -1;
}

/* What getopt_long returns for an option: its short letter, or OPT_LONG + its kb_opt. */
enum { OPT_LONG = 256 };

/* The kb_opt of what getopt_long returned, or KB_OPT_NONE for an unknown option. */
static kb_opt option_of(int ch)
{
	if (ch >= OPT_LONG + KB_OPT_NONE + 1 && ch < OPT_LONG + KB_OPT_COUNT)
		return (kb_opt)(ch - OPT_LONG);
	for (int id = KB_OPT_NONE + 1; id < KB_OPT_COUNT; id++)
		if (kb_opts[id].letter && kb_opts[id].letter == ch)
			return (kb_opt)id;
	return KB_OPT_NONE;
}

/* Parses the options of cmd in av[1..ac) into o (getopt_long moves them to the front). Returns
 * -1 when the command is to run on av[*next..ac), else the exit status: after --help or
 * --version, or a usage error (printed). */
static int parse_options(const kb_command *cmd, int ac, char **av, kb_options *o, int *next)
{
	/* getopt_long's tables, from options.def */
	struct option longopts[KB_OPT_COUNT];
	char shortopts[2 * KB_OPT_COUNT + 2] = ":"; /* ':': a missing value is told apart */
	size_t nlong = 0, nshort = 1;
	for (int id = KB_OPT_NONE + 1; id < KB_OPT_COUNT; id++) {
		const kb_opt_info *k = &kb_opts[id];
		longopts[nlong++] = (struct option){k->name, k->value ? required_argument : no_argument,
						    NULL, k->letter ? k->letter : OPT_LONG + id};
		if (k->letter) {
			shortopts[nshort++] = k->letter;
			if (k->value)
				shortopts[nshort++] = ':';
		}
	}
	longopts[nlong] = (struct option){NULL, 0, NULL, 0};
	shortopts[nshort] = '\0';

	opterr = 0;
	optind = 1;
	bool given[KB_OPT_COUNT] = {false};
	int ch;
	while ((ch = getopt_long(ac, av, shortopts, longopts, NULL)) != -1) {
		if (ch == ':')
			return kb_cli_usage_error("option '%s' needs a value", av[optind - 1]);
		kb_opt opt = option_of(ch);
		if (opt == KB_OPT_NONE)
			return kb_cli_usage_error("unknown option '%s'", av[optind - 1]);
		if (!kb_command_takes(cmd, opt)) {
			char name[64];
			snprintf(name, sizeof name, "--%s", kb_opts[opt].name);
			return kb_cli_usage_error("option '%s' does not apply to this command", name);
		}
		int status = set_option(o, opt, optarg, cmd);
		if (status >= 0)
			return status;
		given[opt] = true;
	}
	*next = optind;
	return check_pairs(o, given);
}

/* True when word reads as a command (letters, digits, '-', '_'; no '.' or '/', which a path
 * would have) rather than a PATH. */
static bool command_like(const char *word)
{
	if (!*word || *word == '-')
		return false;
	for (const char *p = word; *p; p++)
		if (!(kb_isalnum(*p) || *p == '-' || *p == '_'))
			return false;
	return true;
}

/* "kblint: unknown command 'WORD'", with the nearest command when it is close (a third of
 * its letters, at least one, differ), and the usage; returns EXIT_USAGE. */
static int unknown_command(const char *word)
{
	const char *near = NULL;
	size_t best = SIZE_MAX;
	for (size_t i = 0; i < kb_ncommands; i++) {
		const char *name = kb_commands[i].name;
		size_t d = kb_edit_distance(word, name);
		size_t close = strlen(name) / 3 ? strlen(name) / 3 : 1;
		if (d <= close && d < best) {
			best = d;
			near = name;
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
	/* a report to a file or a pipe in 64 KiB writes, not 4 KiB ones (1,570 write calls for
	 * the PowerShell docs' 6 MB of JSON), whatever the command; a terminal keeps its line
	 * buffering. First, as setvbuf must come before anything is written to stdout. */
	static char out_buf[1 << 16];
	if (!isatty(STDOUT_FILENO))
		setvbuf(stdout, out_buf, _IOFBF, sizeof out_buf);
	const kb_command *cmd = &kb_commands[0];
	int first = 1;
	for (size_t i = 0; argc > 1 && i < kb_ncommands; i++)
		if (strcmp(argv[1], kb_commands[i].name) == 0) {
			cmd = &kb_commands[i];
			first = 2;
		}
	/* "kblint chekc": a word that is no command and no file or folder is a mistyped command;
	 * an existing path of that name is still "check PATH" */
	struct stat st;
	if (first == 1 && argc > 1 && command_like(argv[1]) && lstat(argv[1], &st) != 0)
		return unknown_command(argv[1]);
	kb_options o = {.argv0 = argv[0], .format = "text", .fail_on = KB_SEV_ERROR,
			.min_severity = KB_SEV_INFO, .color = -1, .content = -1};
	/* the options and arguments after the command, as getopt wants them (av[0] unused) */
	char **av = argv + first - 1;
	int ac = argc - first + 1, next = 0;
	int status = parse_options(cmd, ac, av, &o, &next);
	if (status >= 0)
		return status;
	return cmd->run(&o, av + next, ac - next);
}
