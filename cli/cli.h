/* cli.h - the parley command-line tool's commands. Uses only parley.h. */
#ifndef PARLEY_CLI_H
#define PARLEY_CLI_H

#include "parley.h"

/* Exit statuses, shared by every command. */
enum { CLI_OK = 0, CLI_BAD_INPUT = 1, CLI_USAGE = 2 };

/* A command: name, one-line summary, full help text, entry point.
 * run() gets argv with argv[0] = the command name. */
typedef struct cli_command {
    const char *name;
    const char *summary;
    const char *help;
    int (*run)(int argc, char **argv);
} cli_command;

/* The log callback every command installs: warnings go to stderr. */
void cli_log_stderr(void *user, const char *msg);
/* Print "parley CMD: <message>" to stderr, using parley_errmsg() when set. */
void cli_report(const char *cmd, parley_status st);
/* Print text[s, e) to stdout with every run of white space (newlines
 * included) as one space: a sentence on one line (no newline added). */
void cli_put_oneline(const char *text, size_t s, size_t e);

/* `parley eval places|event-places` (cmd_eval_where.c): the exit status,
 * or -1 when argv[0] is neither; and their help text. */
int cli_eval_where(int argc, char **argv);
extern const char cli_eval_where_help[];

#endif
