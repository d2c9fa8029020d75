/* cmd_parse.c - `parley parse`: tag, lemmatize and parse text or CoNLL-U. */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char help[] =
    "usage: parley parse [--model PATH] [--input-format conllu|text] FILE|-\n"
    "\n"
    "Prints CoNLL-U (ID FORM LEMMA UPOS XPOS _ HEAD DEPREL _ MISC) for FILE.\n"
    "  --input-format text    raw text (default): read as `tokenize` reads a .txt file\n"
    "                         (first line the headline, at most 32 MB), split into\n"
    "                         sentences and words, then tagged and parsed\n"
    "  --input-format conllu  pre-tokenized words from a CoNLL-U file (other columns\n"
    "                         are ignored and predicted)\n"
    "  --model PATH           a model other than the default (build/en-ewt.model)\n";

static int usage(void)
{
    fputs(help, stderr);
    return CLI_USAGE;
}

/* Raw text through parley's text reader, so parse has the same size cap,
 * read-error and UTF-8 messages as every other command (a directory, a
 * closed stdin or a file past PL_TEXT_MAX_DOC is an error, not empty
 * output). */
static parley_status read_text(const char *path, parley_doc **out)
{
    parley_stats *stats = NULL;
    parley_reader *r = NULL;
    parley_status st = parley_stats_new(&stats);
    if (!st)
        st = parley_reader_open(path, PARLEY_INPUT_TEXT, stats, &r);
    if (!st)
        st = parley_reader_next(r, out);
    if (st == PARLEY_END) /* the reader said why (too large, no text) in a warning */
        fprintf(stderr, "parley parse: %s: no document to parse\n", path);
    if (!st)
        st = parley_doc_segment(*out);
    parley_reader_free(r);
    parley_stats_free(stats);
    return st;
}

static int run(int argc, char **argv)
{
    const char *model = NULL, *fmt = "text", *path = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--model") == 0 && i + 1 < argc)
            model = argv[++i];
        else if (strcmp(argv[i], "--input-format") == 0 && i + 1 < argc)
            fmt = argv[++i];
        else if (argv[i][0] == '-' && argv[i][1])
            return usage();
        else if (!path)
            path = argv[i];
        else
            return usage();
    }
    if (!path || (strcmp(fmt, "text") != 0 && strcmp(fmt, "conllu") != 0))
        return usage();
    parley_model *m;
    parley_status st = parley_model_load(model, &m);
    if (st) {
        cli_report("parse", st);
        return CLI_BAD_INPUT;
    }
    parley_doc *doc = NULL;
    parley_parser *p = NULL;
    char *out = NULL;
    if (strcmp(fmt, "conllu") == 0)
        st = parley_doc_read_conllu(path, &doc);
    else
        st = read_text(path, &doc);
    if (!st)
        st = parley_parser_new(m, &p);
    if (!st)
        st = parley_parser_parse_doc(p, doc);
    if (!st)
        st = parley_doc_to_conllu(doc, &out);
    if (!st)
        fputs(out, stdout);
    else if (st != PARLEY_END) /* END: read_text said why */
        cli_report("parse", st);
    parley_string_free(out);
    parley_parser_free(p);
    parley_doc_free(doc);
    parley_model_free(m);
    return st ? CLI_BAD_INPUT : CLI_OK;
}

const cli_command cmd_parse_def = {"parse", "tag, lemmatize and parse text or CoNLL-U", help, run};
