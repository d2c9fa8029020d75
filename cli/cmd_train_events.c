/* cmd_train_events.c - `parley train-events`: train the learned event
 * decision from hand-annotated articles. */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char help[] =
    "usage: parley train-events --docs DOCS.jsonl --gold GOLD.jsonl [--epochs N]\n"
    "                           [--dict DIR] [--model PATH] -o EVENTS.model\n"
    "\n"
    "Trains the event model the coder uses to decide which actor pairs of a\n"
    "sentence stand in an event and of which CAMEO root (see docs/internals/code.md).\n"
    "DOCS are the annotated articles (any input format), GOLD their events in the\n"
    "Wikinews annotation format (data/wikinews/GUIDE.md); documents the gold does\n"
    "not list are skipped. Deterministic: the same inputs give the same bytes.\n"
    "`make` trains build/en-events.model from data/wikinews/train*.jsonl (never\n"
    "from dev, the measuring stick). Prints a JSON summary.\n";

static int run(int argc, char **argv)
{
    const char *docs = NULL, *gold = NULL, *out = NULL, *dict = NULL, *model = NULL;
    int epochs = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        int has = i + 1 < argc;
        if (strcmp(a, "--docs") == 0 && has)
            docs = argv[++i];
        else if (strcmp(a, "--gold") == 0 && has)
            gold = argv[++i];
        else if (strcmp(a, "-o") == 0 && has)
            out = argv[++i];
        else if (strcmp(a, "--dict") == 0 && has)
            dict = argv[++i];
        else if (strcmp(a, "--model") == 0 && has)
            model = argv[++i];
        else if (strcmp(a, "--epochs") == 0 && has)
            epochs = atoi(argv[++i]);
        else {
            fputs(help, stderr);
            return CLI_USAGE;
        }
    }
    if (!docs || !gold || !out || epochs < 0) {
        fputs(help, stderr);
        return CLI_USAGE;
    }
    parley_model *m = NULL;
    parley_dict *d = NULL;
    parley_status st = parley_model_load(model, &m);
    parley_set_log(NULL, NULL); /* dictionary repairs are `parley dict check`'s business */
    if (!st)
        st = parley_dict_load(dict, &d);
    char *report = NULL; /* verb-dictionary repairs, likewise */
    if (!st)
        st = parley_event_model_train(m, d, docs, gold, epochs, out, &report);
    parley_set_log(cli_log_stderr, NULL);
    parley_dict_free(d);
    parley_model_free(m);
    if (st) {
        cli_report("train-events", st);
        return CLI_BAD_INPUT;
    }
    printf("%s\n", report ? report : "{}");
    parley_string_free(report);
    return CLI_OK;
}

const cli_command cmd_train_events_def = {
    "train-events",
    "train the learned event decision from annotated articles",
    help,
    run,
};
