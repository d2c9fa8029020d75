/* main.c - parley's command dispatcher, --version and help. */
#include "cli.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

/* Each command lives in its own cli/cmd_*.c file. */
/* In pipeline order: that is the order `parley --help` lists them in. */
extern const cli_command cmd_sentences_def;
extern const cli_command cmd_tokenize_def;
extern const cli_command cmd_train_def;
extern const cli_command cmd_parse_def;
extern const cli_command cmd_model_def;
extern const cli_command cmd_eval_def;
extern const cli_command cmd_dict_def;
extern const cli_command cmd_actors_def;
extern const cli_command cmd_code_def;
extern const cli_command cmd_gazetteer_def;
extern const cli_command cmd_places_def;
extern const cli_command cmd_validate_def;
extern const cli_command cmd_version_def;

static const cli_command *const commands[] = {
    &cmd_sentences_def,
    &cmd_tokenize_def,
    &cmd_train_def,
    &cmd_parse_def,
    &cmd_model_def,
    &cmd_eval_def,
    &cmd_dict_def,
    &cmd_actors_def,
    &cmd_code_def,
    &cmd_gazetteer_def,
    &cmd_places_def,
    &cmd_validate_def,
    &cmd_version_def,
};
#define NCOMMANDS (sizeof commands / sizeof commands[0])

void cli_log_stderr(void *user, const char *msg)
{
    (void)user;
    fprintf(stderr, "parley: warning: %s\n", msg);
}

void cli_report(const char *cmd, parley_status st)
{
    const char *msg = parley_errmsg();
    fprintf(stderr, "parley %s: %s\n", cmd, msg && *msg ? msg : parley_strerror(st));
}

void cli_put_oneline(const char *t, size_t s, size_t e)
{
    bool space = false;
    for (size_t i = s; i < e; i++) {
        char c = t[i];
        if (c == '\n' || c == '\r' || c == '\t' || c == ' ' || c == '\f' || c == '\v') {
            space = true;
            continue;
        }
        if (space)
            putchar(' ');
        space = false;
        putchar(c);
    }
}

static const cli_command *find(const char *name)
{
    for (size_t i = 0; i < NCOMMANDS; i++)
        if (strcmp(commands[i]->name, name) == 0)
            return commands[i];
    return NULL;
}

static void usage(FILE *out)
{
    fprintf(out, "usage: parley COMMAND [OPTIONS] [ARGS]\n\ncommands:\n");
    for (size_t i = 0; i < NCOMMANDS; i++)
        fprintf(out, "  %-12s %s\n", commands[i]->name, commands[i]->summary);
    fprintf(out, "\n`parley help COMMAND` explains one command; `parley --version` prints "
                 "the version.\nExit status: 0 success, 1 bad input (reported), 2 usage "
                 "error.\n");
}

int main(int argc, char **argv)
{
    parley_set_log(cli_log_stderr, NULL);
    if (argc < 2) {
        usage(stderr);
        return CLI_USAGE;
    }
    const char *name = argv[1];
    if (strcmp(name, "--version") == 0 || strcmp(name, "-V") == 0) {
        printf("parley %s\n", parley_version());
        return CLI_OK;
    }
    if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0) {
        usage(stdout);
        return CLI_OK;
    }
    if (strcmp(name, "help") == 0) {
        if (argc < 3) {
            usage(stdout);
            return CLI_OK;
        }
        const cli_command *c = find(argv[2]);
        if (!c) {
            fprintf(stderr, "parley: unknown command '%s'\n", argv[2]);
            return CLI_USAGE;
        }
        printf("%s", c->help);
        return CLI_OK;
    }
    const cli_command *c = find(name);
    if (!c) {
        fprintf(stderr, "parley: unknown command '%s' (try `parley --help`)\n", name);
        return CLI_USAGE;
    }
    return c->run(argc - 1, argv + 1);
}
