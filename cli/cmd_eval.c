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

/* `parley eval parse [--model PATH] [--raw] --json GOLD.conllu` */
static int run_parse(int argc, char **argv)
{
    const char *gold = NULL, *model = NULL;
    int raw = 0;
    const char *usage = "usage: parley eval parse [--model PATH] [--raw] --json GOLD.conllu\n";
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--json") == 0)
            continue; /* JSON is the only output format */
        if (strcmp(argv[i], "--raw") == 0) {
            raw = 1;
            continue;
        }
        if (strcmp(argv[i], "--model") == 0 && i + 1 < argc) {
            model = argv[++i];
            continue;
        }
        if ((argv[i][0] == '-' && argv[i][1]) || gold) {
            fputs(usage, stderr);
            return CLI_USAGE;
        }
        gold = argv[i];
    }
    if (!gold) {
        fputs(usage, stderr);
        return CLI_USAGE;
    }
    parley_model *m;
    parley_status st = parley_model_load(model, &m);
    if (st) {
        cli_report("eval parse", st);
        return CLI_BAD_INPUT;
    }
    char *json = NULL;
    st = parley_model_eval(m, gold, raw, &json);
    parley_model_free(m);
    if (st) {
        cli_report("eval parse", st);
        return CLI_BAD_INPUT;
    }
    printf("%s\n", json);
    parley_string_free(json);
    return CLI_OK;
}

static const eval_sub subs[] = {
    {"tokenize", "sentence splitting and tokenization against gold CoNLL-U", run_tokenize},
    {"parse", "tagging, lemmas and dependency parsing against gold CoNLL-U", run_parse},
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
    int rc = cli_eval_where(argc - 1, argv + 1); /* places, event-places */
    if (rc >= 0)
        return rc;
    fprintf(stderr, "parley eval: unknown subcommand '%s'; one of:", argv[1]);
    for (size_t i = 0; i < NSUBS; i++)
        fprintf(stderr, " %s", subs[i].name);
    fprintf(stderr, " places event-places\n");
    return CLI_USAGE;
}

const cli_command cmd_eval_def = {
    "eval",
    "measure a stage's accuracy against gold data",
    "usage: parley eval tokenize [--json] GOLD.conllu\n"
    "       parley eval parse [--model PATH] [--raw] [--json] GOLD.conllu\n"
    "\n"
    "Subcommands (one row each in cli/cmd_eval.c):\n"
    "\n"
    "tokenize: rebuild the raw text of a gold CoNLL-U file from its `# text`\n"
    "  comments (sentences of a paragraph joined by a space, paragraphs by a\n"
    "  newline, one document per `# newdoc`), split it into sentences and\n"
    "  tokens, and print one JSON object with the CoNLL 2018 shared task F1\n"
    "  scores in percent: {\"tokens_f1\":..,\"sentences_f1\":..,\"words_f1\":..}.\n"
    "  Example: parley eval tokenize --json data/ud-en-ewt/en_ewt-ud-dev.conllu\n"
    "\n"
    "parse: tag, lemmatize and parse the gold file's words with the model (default:\n"
    "  build/en-ewt.model) and print {\"upos\",\"xpos\",\"lemma\",\"uas\",\"las\" (percent;\n"
    "  LAS on the universal part of the relation, as CoNLL 2018), \"tokens_per_second\"\n"
    "  (tagging + parsing)}. With --raw the words come from parley's own tokenizer\n"
    "  run on the gold file's text, and every score is an F1 over words aligned as\n"
    "  in the CoNLL 2018 shared task (the tokenizer's scores are included).\n"
    "  Example: parley eval parse --json data/ud-en-ewt/en_ewt-ud-test.conllu\n",
    run,
};
