/* cmd_tokenize.c - `parley tokenize`: sentences and tokens as CoNLL-U. */
#include "cli.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

/* Write one token's form (its bytes in the text) with no whitespace inside:
 * a form never contains whitespace, but be safe with odd input. */
static void put_span(const char *t, size_t s, size_t e)
{
    fwrite(t + s, 1, e - s, stdout);
}

static void print_doc(const parley_doc *doc)
{
    const char *text = parley_doc_text(doc, NULL);
    size_t ns = parley_doc_sentence_count(doc);
    printf("# newdoc id = %s\n", parley_doc_id(doc));
    for (size_t i = 0; i < ns; i++) {
        size_t s, e, w0, nw;
        parley_doc_sentence_span(doc, i, &s, &e);
        parley_doc_sentence_words(doc, i, &w0, &nw);
        printf("# sent_id = %s-%zu\n# text = ", parley_doc_id(doc), i + 1);
        cli_put_oneline(text, s, e);
        putchar('\n');
        for (size_t k = 0; k < nw;) {
            size_t w = w0 + k;
            size_t n = parley_doc_word_mwt(doc, w);
            if (n > 1) {
                size_t ts, te, xs, xe;
                parley_doc_word_span(doc, w, &ts, &xe);
                parley_doc_word_span(doc, w + n - 1, &xs, &te);
                printf("%zu-%zu\t", k + 1, k + n);
                put_span(text, ts, te);
                printf("\t_\t_\t_\t_\t_\t_\t_\t%s\n",
                       parley_doc_word_space_after(doc, w + n - 1) ? "_" : "SpaceAfter=No");
                for (size_t j = 0; j < n; j++)
                    printf("%zu\t%s\t_\t_\t_\t_\t_\t_\t_\t_\n", k + 1 + j,
                           parley_doc_word_form(doc, w + j));
                k += n;
                continue;
            }
            printf("%zu\t%s\t_\t_\t_\t_\t_\t_\t_\t%s\n", k + 1, parley_doc_word_form(doc, w),
                   parley_doc_word_space_after(doc, w) ? "_" : "SpaceAfter=No");
            k++;
        }
        putchar('\n');
    }
}

static int run(int argc, char **argv)
{
    const char *path = NULL;
    parley_input_format fmt = PARLEY_INPUT_AUTO;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--input-format") == 0 && i + 1 < argc) {
            if (parley_input_format_from_name(argv[++i], &fmt) != PARLEY_OK) {
                fprintf(stderr,
                        "parley tokenize: unknown input format '%s' (auto, text, "
                        "jsonl, html, warc)\n",
                        argv[i]);
                return CLI_USAGE;
            }
        } else if (argv[i][0] == '-' && argv[i][1]) {
            fprintf(stderr, "parley tokenize: unknown option '%s'\n", argv[i]);
            return CLI_USAGE;
        } else if (path) {
            fprintf(stderr, "usage: parley tokenize [--input-format F] FILE|-\n");
            return CLI_USAGE;
        } else {
            path = argv[i];
        }
    }
    if (!path) {
        fprintf(stderr, "usage: parley tokenize [--input-format F] FILE|-\n");
        return CLI_USAGE;
    }
    parley_stats *stats = NULL;
    parley_reader *r = NULL;
    parley_status st = parley_stats_new(&stats);
    if (!st)
        st = parley_reader_open(path, fmt, stats, &r);
    if (st) {
        cli_report("tokenize", st);
        parley_stats_free(stats);
        return CLI_BAD_INPUT;
    }
    parley_doc *doc;
    while (!cli_output_failed() && (st = parley_reader_next(r, &doc)) == PARLEY_OK) {
        st = parley_doc_segment(doc);
        if (!st)
            print_doc(doc);
        parley_doc_free(doc);
        if (st)
            break;
    }
    int rc = CLI_OK;
    if (st != PARLEY_END && st != PARLEY_OK) {
        cli_report("tokenize", st);
        rc = CLI_BAD_INPUT;
    } else if (parley_stats_bad_input(stats) > 0) {
        rc = CLI_BAD_INPUT; /* skipped records were reported as warnings */
    }
    parley_reader_free(r);
    parley_stats_free(stats);
    return rc;
}

const cli_command cmd_tokenize_def = {
    "tokenize",
    "split documents into sentences and tokens (CoNLL-U)",
    "usage: parley tokenize [--input-format F] FILE|-\n"
    "\n"
    "Reads documents from FILE (or standard input for -) with the readers\n"
    "(F: auto, the default, by file extension; text; jsonl; html; warc),\n"
    "which clean them into headline and paragraph blocks, splits every block\n"
    "into sentences and UD English EWT tokens, and prints CoNLL-U: for each\n"
    "document `# newdoc id`, then per sentence `# sent_id = DOCID-N` and\n"
    "`# text`, ID and FORM columns (the others are _), multiword token range\n"
    "lines (don't -> do n't) and SpaceAfter=No in MISC.\n"
    "Exit status 1 when the input could not be read or records were skipped\n"
    "(each one reported on stderr).\n",
    run,
};
