/* cmd_eval.c - `parley eval SUBCOMMAND ...`: accuracy of a stage against
 * gold data. Each subcommand is one row of the table below; to add one
 * (e.g. `parley eval parse`), write its run function and add a row. */
#include "cli.h"

#include <stdio.h>
#include <string.h>

typedef struct eval_sub {
    const char *name;
    const char *summary;
    int (*run)(int argc, char **argv); /* argv[0] = the subcommand name */
} eval_sub;

/* `parley eval tokenize --json GOLD.conllu` */
static int run_tokenize(int argc, char **argv)
{
    const char *gold = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--json") == 0)
            continue; /* JSON is the only output format */
        if (argv[i][0] == '-' && argv[i][1]) {
            fprintf(stderr, "parley eval tokenize: unknown option '%s'\n", argv[i]);
            return CLI_USAGE;
        }
        if (gold) {
            fprintf(stderr, "usage: parley eval tokenize --json GOLD.conllu\n");
            return CLI_USAGE;
        }
        gold = argv[i];
    }
    if (!gold) {
        fprintf(stderr, "usage: parley eval tokenize --json GOLD.conllu\n");
        return CLI_USAGE;
    }
    char *json = NULL;
    parley_status st = parley_eval_tokenize(gold, &json);
    if (st) {
        cli_report("eval tokenize", st);
        return CLI_BAD_INPUT;
    }
    printf("%s\n", json);
    parley_string_free(json);
    return CLI_OK;
}

static const eval_sub subs[] = {
    {"tokenize", "sentence splitting and tokenization against gold CoNLL-U", run_tokenize},
};
#define NSUBS (sizeof subs / sizeof subs[0])

static int run(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: parley eval SUBCOMMAND ... (see `parley help eval`)\n");
        return CLI_USAGE;
    }
    for (size_t i = 0; i < NSUBS; i++)
        if (strcmp(argv[1], subs[i].name) == 0)
            return subs[i].run(argc - 1, argv + 1);
    fprintf(stderr, "parley eval: unknown subcommand '%s'; one of:", argv[1]);
    for (size_t i = 0; i < NSUBS; i++)
        fprintf(stderr, " %s", subs[i].name);
    fprintf(stderr, "\n");
    return CLI_USAGE;
}

const cli_command cmd_eval_def = {
    "eval",
    "measure a stage's accuracy against gold data",
    "usage: parley eval tokenize [--json] GOLD.conllu\n"
    "\n"
    "tokenize: rebuild the raw text of a gold CoNLL-U file from its `# text`\n"
    "  comments (sentences of a paragraph joined by a space, paragraphs by a\n"
    "  newline, one document per `# newdoc`), split it into sentences and\n"
    "  tokens, and print one JSON object with the CoNLL 2018 shared task F1\n"
    "  scores in percent: {\"tokens_f1\":..,\"sentences_f1\":..,\"words_f1\":..}.\n"
    "  Example: parley eval tokenize --json data/ud-en-ewt/en_ewt-ud-dev.conllu\n",
    run,
};
