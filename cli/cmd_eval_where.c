/* cmd_eval_where.c - `parley eval places` and `parley eval event-places`:
 * the places stage's scores (cmd_eval.c dispatches here). */
#include "cli.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

/* Shared by both: [--gazetteer PATH] [--model PATH] [--no-parse] --json ARG;
 * event-places also --articles ARTICLES.jsonl [--verbose] GOLD.jsonl */
static int run_where(int argc, char **argv, bool events)
{
    const char *arg = NULL, *gaz = NULL, *model = NULL, *articles = NULL;
    bool parse = true;
    int verbose = 0;
    const char *usage = events ? "usage: parley eval event-places [--gazetteer PATH] [--model "
                                 "PATH] [--no-parse] --json RECORDS.jsonl\n"
                                 "       parley eval event-places [--gazetteer PATH] [--model "
                                 "PATH] [--verbose] --json --articles ARTICLES.jsonl GOLD.jsonl\n"
                               : "usage: parley eval places [--gazetteer PATH] [--model PATH] "
                                 "[--no-parse] --json CORPUS_DIR\n";
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--json") == 0)
            continue; /* JSON is the only output format */
        if (strcmp(argv[i], "--gazetteer") == 0 && i + 1 < argc)
            gaz = argv[++i];
        else if (strcmp(argv[i], "--model") == 0 && i + 1 < argc)
            model = argv[++i];
        else if (strcmp(argv[i], "--no-parse") == 0)
            parse = false;
        else if (events && strcmp(argv[i], "--articles") == 0 && i + 1 < argc)
            articles = argv[++i];
        else if (events && strcmp(argv[i], "--verbose") == 0)
            verbose = 1;
        else if ((argv[i][0] == '-' && argv[i][1]) || arg) {
            fputs(usage, stderr);
            return CLI_USAGE;
        } else
            arg = argv[i];
    }
    if (!arg || (articles && !parse)) {
        fputs(usage, stderr);
        return CLI_USAGE;
    }
    const char *name = events ? "eval event-places" : "eval places";
    parley_gazetteer *g = NULL;
    parley_model *m = NULL;
    parley_status st = parley_gazetteer_load(gaz, &g);
    if (!st && parse)
        st = parley_model_load(model, &m);
    char *json = NULL;
    if (!st)
        st = articles ? parley_eval_article_places(g, m, articles, arg, verbose, &json)
             : events ? parley_eval_event_places(g, m, arg, &json)
                      : parley_eval_places(g, m, arg, &json);
    parley_model_free(m);
    parley_gazetteer_free(g);
    if (st) {
        cli_report(name, st);
        return CLI_BAD_INPUT;
    }
    printf("%s\n", json);
    parley_string_free(json);
    return CLI_OK;
}

int cli_eval_where(int argc, char **argv)
{
    if (argc >= 1 && strcmp(argv[0], "places") == 0)
        return run_where(argc, argv, false);
    if (argc >= 1 && strcmp(argv[0], "event-places") == 0)
        return run_where(argc, argv, true);
    return -1;
}

const char cli_eval_where_help[] =
    "\n"
    "places: find and resolve the place names of a corpus in the EUPEG layout\n"
    "  (LGL, GeoVirus, WikToR: a *_gold.txt file and eupeg_docs/0..N-1) and print the\n"
    "  EUPEG scores: recognition precision/recall/f1 (same surface, mid-points under\n"
    "  10 characters apart); over matched names acc161 (error <= 161 km), mean_km,\n"
    "  median_km, auc (of the log error curve, lower is better); acc161_all over\n"
    "  every gold name (unmatched count as wrong).\n"
    "  Example: parley eval places --json ../shared/data/where/lgl\n"
    "\n"
    "event-places: on event-location records (JSON Lines with text and VERB /\n"
    "  LOCATION spans) the place parley attaches to the verb against the gold\n"
    "  LOCATION span: precision, recall, f1 (overlapping spans), exact.\n"
    "  Example: parley eval event-places --json "
    "../shared/data/where/event-location/labeled_dev.jsonl\n"
    "  With --articles ARTICLES.jsonl, GOLD.jsonl holds real-news gold events\n"
    "  (data/wikinews): each one's predicate is placed and compared with the gold\n"
    "  place by name (or, in the same country, one name within the other);\n"
    "  --verbose adds every miss.\n"
    "  Example: parley eval event-places --json --articles data/wikinews/dev.jsonl "
    "data/wikinews/dev-gold.jsonl\n";
