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

/* `parley eval event-dates [--model PATH] [--verbose] --json
 *     (--timeml DIR [--docs SPLIT] EVENTTIME.tab | --articles ARTICLES.jsonl GOLD.jsonl)` */
int cli_eval_event_dates(int argc, char **argv)
{
    const char *gold = NULL, *timeml = NULL, *docs = NULL, *articles = NULL, *model = NULL;
    int verbose = 0;
    const char *usage = "usage: parley eval event-dates [--model PATH] [--verbose] --json\n"
                        "           --timeml DIR [--docs SPLIT.txt] EVENTTIME.tab\n"
                        "       parley eval event-dates [--model PATH] [--verbose] --json\n"
                        "           --articles ARTICLES.jsonl GOLD.jsonl\n";
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--json"))
            continue;
        if (!strcmp(a, "--verbose"))
            verbose = 1;
        else if (!strcmp(a, "--timeml") && i + 1 < argc)
            timeml = argv[++i];
        else if (!strcmp(a, "--docs") && i + 1 < argc)
            docs = argv[++i];
        else if (!strcmp(a, "--articles") && i + 1 < argc)
            articles = argv[++i];
        else if (!strcmp(a, "--model") && i + 1 < argc)
            model = argv[++i];
        else if ((a[0] == '-' && a[1]) || gold) {
            fputs(usage, stderr);
            return CLI_USAGE;
        } else
            gold = a;
    }
    if (!gold || (!timeml == !articles)) {
        fputs(usage, stderr);
        return CLI_USAGE;
    }
    parley_set_log(cli_log_stderr, NULL);
    parley_model *m = NULL;
    parley_status st = parley_model_load(model, &m);
    if (st) {
        cli_report("eval event-dates", st);
        return CLI_BAD_INPUT;
    }
    char *json = NULL;
    st = timeml ? parley_eval_event_dates(gold, timeml, docs, m, verbose, &json)
                : parley_eval_article_dates(articles, gold, m, verbose, &json);
    parley_model_free(m);
    return print_json("eval event-dates", st, json);
}
