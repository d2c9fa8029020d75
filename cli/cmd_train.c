/* cmd_train.c - `parley train`: train the tagger, lemmatizer and parser. */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char help[] =
    "usage: parley train --train TRAIN.conllu [--dev DEV.conllu] [--params FILE]\n"
    "                    [--seed N] [--iterations N] -o MODEL\n"
    "\n"
    "Trains the POS tagger, lemmatizer and dependency parser from a UD treebank in\n"
    "CoNLL-U and writes the binary model to MODEL. Hyperparameters come from --params\n"
    "(key = value lines, e.g. data/model/en-ewt.params); --seed and --iterations\n"
    "override it (iterations: both tagger and parser passes). Training is deterministic:\n"
    "the same inputs and seed give the same bytes. With --dev, prints a JSON summary\n"
    "with the dev-set scores.\n";

static int usage(void)
{
    fputs(help, stderr);
    return CLI_USAGE;
}

static int run(int argc, char **argv)
{
    const char *train = NULL, *dev = NULL, *params = NULL, *out = NULL;
    long seed = -1;
    int iterations = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (i + 1 >= argc)
            return usage();
        char *end;
        if (strcmp(a, "--train") == 0)
            train = argv[++i];
        else if (strcmp(a, "--dev") == 0)
            dev = argv[++i];
        else if (strcmp(a, "--params") == 0)
            params = argv[++i];
        else if (strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0)
            out = argv[++i];
        else if (strcmp(a, "--seed") == 0) {
            seed = strtol(argv[++i], &end, 10);
            if (*end || seed < 0)
                return usage();
        } else if (strcmp(a, "--iterations") == 0) {
            long v = strtol(argv[++i], &end, 10);
            if (*end || v < 1 || v > 1000)
                return usage();
            iterations = (int)v;
        } else
            return usage();
    }
    if (!train || !out)
        return usage();
    char *report = NULL;
    parley_status st = parley_model_train(train, dev, params, seed, iterations, out, &report);
    if (st) {
        cli_report("train", st);
        return CLI_BAD_INPUT;
    }
    printf("%s\n", report);
    parley_string_free(report);
    return CLI_OK;
}

const cli_command cmd_train_def = {"train", "train the tagger, lemmatizer and parser", help, run};
