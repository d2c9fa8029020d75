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

/* `parley eval events [--verbose] [--dict DIR] [--model PATH] --json GOLD.jsonl DOCS...`:
 * code the documents and score their events against hand-annotated gold. */
static int run_events(int argc, char **argv)
{
    const char *usage = "usage: parley eval events [--verbose] [--date YYYY-MM-DD] [--dict DIR] "
                        "[--model PATH] [--event-model PATH|none] --json GOLD.jsonl "
                        "DOCS.jsonl\n";
    const char *gold = NULL, *docs = NULL, *dict = NULL, *model = NULL, *date = NULL;
    const char *evmodel = NULL; /* NULL: the coder's default; "none": patterns alone */
    int verbose = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--json") == 0)
            continue; /* JSON is the only output format */
        if (strcmp(argv[i], "--verbose") == 0) {
            verbose = 1;
            continue;
        }
        if (strcmp(argv[i], "--dict") == 0 && i + 1 < argc) {
            dict = argv[++i];
            continue;
        }
        if (strcmp(argv[i], "--model") == 0 && i + 1 < argc) {
            model = argv[++i];
            continue;
        }
        if (strcmp(argv[i], "--date") == 0 && i + 1 < argc) {
            date = argv[++i];
            continue;
        }
        if (strcmp(argv[i], "--event-model") == 0 && i + 1 < argc) {
            evmodel = argv[++i];
            continue;
        }
        if ((argv[i][0] == '-' && argv[i][1]) || docs) {
            fputs(usage, stderr);
            return CLI_USAGE;
        }
        if (!gold)
            gold = argv[i];
        else
            docs = argv[i];
    }
    if (!gold || !docs) {
        fputs(usage, stderr);
        return CLI_USAGE;
    }
    parley_model *m = NULL;
    parley_dict *d = NULL;
    parley_coder *c = NULL;
    parley_status st = parley_model_load(model, &m);
    parley_set_log(NULL, NULL); /* dictionary repairs are `parley dict check`'s business */
    if (!st)
        st = parley_dict_load(dict, &d);
    if (!st)
        st = parley_coder_new(m, d, &c);
    parley_set_log(cli_log_stderr, NULL);
    char *json = NULL;
    if (!st && evmodel)
        st = parley_coder_set_event_model(c, strcmp(evmodel, "none") == 0 ? NULL : evmodel);
    parley_gazetteer *g = NULL;
    if (!st && parley_gazetteer_load(NULL, &g) == PARLEY_OK)
        parley_coder_set_gazetteer(c, g); /* without one, events get no place */
    if (!st)
        st = parley_eval_events(c, gold, docs, date, verbose, &json);
    parley_coder_free(c);
    c = NULL;
    parley_gazetteer_free(g);
    parley_coder_free(c);
    parley_dict_free(d);
    parley_model_free(m);
    if (st) {
        cli_report("eval events", st);
        return CLI_BAD_INPUT;
    }
    printf("%s\n", json);
    parley_string_free(json);
    return CLI_OK;
}
/* the dates stage's subcommands live in cmd_eval_when.c */
int cli_eval_timex(int argc, char **argv);
int cli_eval_event_dates(int argc, char **argv);
/* `parley eval dedup` lives in cmd_eval_dedup.c */
int cli_eval_dedup(int argc, char **argv);

static const eval_sub subs[] = {
    {"tokenize", "sentence splitting and tokenization against gold CoNLL-U", run_tokenize},
    {"parse", "tagging, lemmas and dependency parsing against gold CoNLL-U", run_parse},
    {"events", "coded events against hand-annotated gold events (JSONL)", run_events},
    {"timex", "time expressions against TimeML gold (TempEval-3 task A)", cli_eval_timex},
    {"event-dates", "event dates against EventTime or real-news gold", cli_eval_event_dates},
    {"dedup", "grouping of documents by shared events against ECB+ sub-topics", cli_eval_dedup},
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
    "       parley eval events [--verbose] [--date D] [--dict DIR] [--model PATH] [--json]\n"
    "                          GOLD.jsonl DOCS.jsonl\n"
    "       parley eval dedup [--topics LIST|all] [--level L] [--window N] --json ECB_DIR\n"
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
    "  Example: parley eval parse --json data/ud-en-ewt/en_ewt-ud-test.conllu\n"
    "\n"
    "events: code DOCS (any input format; its documents' ids are matched with the\n"
    "  gold's doc_id) and compare with GOLD (one event per line, the Wikinews\n"
    "  annotation format). A coded and a gold event match when document, sentence,\n"
    "  source country (first three letters), target country and CAMEO root agree.\n"
    "  Prints {\"documents\",\"gold_events\",\"coded_events\",\"matched\",\"precision\",\n"
    "  \"recall\",\"f1\",\"full_code\",\"roles\",\"date\",\"place\",\"by_root\",...}; with\n"
    "  --verbose also every miss and every extra event with its sentence. --date\n"
    "  dates the documents that have no date of their own. --event-model PATH\n"
    "  uses another learned event model, `none` the verb patterns alone.\n"
    "  Example: parley eval events --json data/wikinews/dev-gold.jsonl data/wikinews/dev.jsonl\n"
    "\n"
    "dedup: code the ECB+ documents of the topics (default: the dev topics\n"
    "  2,5,12,18,21,23,34,35), group them by shared events as `parley ingest` does\n"
    "  (--level, --window) and by PETRARCH's one-a-day filter, and score both against\n"
    "  the gold sub-topics over the documents with events: B-cubed and pairwise\n"
    "  precision, recall, F1, coverage, events and groups, over-/under-merges.\n"
    "  Example: parley eval dedup --json /path/to/ecbplus\n",
    run,
};
