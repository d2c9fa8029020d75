/* cmd_eval_when.c - the dates stage's `parley eval` subcommands: timex
 * (TempEval-3 task A) and event-dates (EventTime; real-news articles).
 * cmd_eval.c lists them in its table. */
#include "cli.h"

#include <stdio.h>
#include <string.h>

static int print_json(const char *cmd, parley_status st, char *json)
{
    if (st) {
        cli_report(cmd, st);
        return CLI_BAD_INPUT;
    }
    printf("%s\n", json);
    parley_string_free(json);
    return CLI_OK;
}

/* `parley eval timex [--verbose] --json GOLD_DIR` */
int cli_eval_timex(int argc, char **argv)
{
    const char *dir = NULL;
    int verbose = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--json"))
            continue; /* JSON is the only output format */
        if (!strcmp(argv[i], "--verbose")) {
            verbose = 1;
            continue;
        }
        if ((argv[i][0] == '-' && argv[i][1]) || dir) {
            fprintf(stderr, "usage: parley eval timex [--verbose] --json GOLD_DIR\n");
            return CLI_USAGE;
        }
        dir = argv[i];
    }
    if (!dir) {
        fprintf(stderr, "usage: parley eval timex [--verbose] --json GOLD_DIR\n");
        return CLI_USAGE;
    }
    parley_set_log(cli_log_stderr, NULL);
    char *json = NULL;
    parley_status st = parley_eval_timex(dir, verbose, &json);
    return print_json("eval timex", st, json);
}

int cli_eval_event_dates(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "parley eval event-dates: not built yet\n");
    return CLI_USAGE;
}
