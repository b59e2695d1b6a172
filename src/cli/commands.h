/* commands.h: internal to src/cli (main.c, commands.c): the tables of commands and options,
 * made from commands.def and options.def. */
#ifndef KB_CLI_COMMANDS_H
#define KB_CLI_COMMANDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "cli.h"

/* The options, by id: KB_OPT_CONFIG, ... (options.def); KB_OPT_NONE is no option. */
typedef enum {
	KB_OPT_NONE,
#define KB_OPTION(id, name, letter, value) KB_OPT_##id,
#include "options.def"
#undef KB_OPTION
	KB_OPT_COUNT
} kb_opt;

typedef struct {
	const char *name;  /* the long name, without "--" */
	char letter;       /* the short letter, or 0 */
	const char *value; /* the value's name in --help ("FILE"), or NULL: the option takes none */
} kb_opt_info;

/* kb_opts[id] for every kb_opt (kb_opts[KB_OPT_NONE] is all zeros). */
extern const kb_opt_info kb_opts[KB_OPT_COUNT];

/* One option a command accepts, and what its --help says of it. */
typedef struct {
	kb_opt opt;
	const char *text;  /* lines split by '\n'; "" for none; NULL: accepted but not listed */
	kb_opt also;       /* a second option on the same line ("--color, --no-color"), also
			    * accepted; KB_OPT_NONE for none */
} kb_help_row;

/* A command's --help: the usage, a blank line, about, "options:" with a line or more per row
 * (the option, then its text from column on), and after. */
typedef struct {
	const char *about;       /* what the command does, a paragraph */
	unsigned column;         /* where the options' texts start */
	const kb_help_row *rows; /* every option the command accepts, in --help's order */
	size_t nrows;
	const char *after;       /* a paragraph after the options, or NULL */
} kb_help;

typedef struct {
	const char *name;
	/* runs the command on its arguments (what is left after the options); returns the exit
	 * status */
	int (*run)(const kb_options *o, char **args, int nargs);
	const kb_help *help;
} kb_command;

/* Every command, in the order of commands.def: kb_commands[0] (check) is the default. */
extern const kb_command kb_commands[];
extern const size_t kb_ncommands;

/* Whether c accepts the option opt (one of its rows names it). */
bool kb_command_takes(const kb_command *c, kb_opt opt);
/* Prints c's --help (kb_help) to out. */
void kb_command_help(FILE *out, const kb_command *c);

#endif
