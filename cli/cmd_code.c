/* cmd_code.c - `parley code`: code news documents into CAMEO events. */
#include "cli.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char help[] =
    "usage: parley code [--date YYYY-MM-DD] [--format jsonl|csv|gdelt] [--dict DIR]\n"
    "                   [--model PATH] [--threads N] [--input-format F] [--stats]\n"
    "                   FILE...|-\n"
    "\n"
    "Codes each document's sentences into CAMEO events (who did what to whom):\n"
    "segmentation, tagging and parsing, actor dictionaries, discards, CAMEO verb\n"
    "patterns. Output on stdout, one event per line:\n"
    "  --format jsonl  JSON Lines (default): doc_id, sentence_index, sentence, date,\n"
    "                  source, target ({code,text,start,end,match}), cameo, root,\n"
    "                  quad_class, goldstein, plover, plover_mode, mode,\n"
    "                  trigger ({text,start,end}), pattern ({text,file,line}), event_name\n"
    "  --format csv    the same fields flattened, with a header row (pandas, R)\n"
    "  --format gdelt  GDELT 2.0 event table columns, tab-separated (unknown fields empty)\n"
    "  --date D        date for documents without one (a JSONL `date` or WARC date wins);\n"
    "                  actor codes are resolved for this date\n"
    "  --dict DIR      dictionary set (a directory with parley.dicts, or a manifest file;\n"
    "                  default: data/parley.dicts)\n"
    "  --model PATH    tagger/parser model (default: build/en-ewt.model)\n"
    "  --threads N     code documents on N threads (default 1); output order is kept\n"
    "  --input-format  auto (by extension), text, jsonl, html, warc\n"
    "  --stats         print the input accounting as JSON on stderr, as `sentences\n"
    "                  --stats` does, plus \"events\" (printed) and \"long_sentences\"\n"
    "                  (sentences over 400 words with two actors, not coded)\n"
    "Documents are coded in batches of at most 256 documents or 8 MB of text, so\n"
    "memory stays near 25 x (8 MB + the largest document) whatever the input.\n"
    "Exit status: 0 ok, 1 bad input (reported on stderr), 2 usage error.\n";

/* Documents are read a batch at a time, then coded (on N threads) and
 * printed in order. A batch ends at 256 documents or once it holds 8 MB of
 * document text, whichever comes first: a coded document takes about 25
 * times its text in memory, so 40 documents of 15 MB took 1.8 GB for 8 of
 * them; now the peak is bounded by the cap plus one document (the readers
 * cap a document at 32 MB), whatever the sizes. */
#define BATCH       256
#define BATCH_BYTES ((size_t)8 << 20)

typedef struct worker {
    parley_coder *coder;
    parley_doc **docs;
    size_t n, stride, first;
    const char *date;
    int failed;
} worker;

static void *work(void *arg)
{
    worker *w = arg;
    for (size_t i = w->first; i < w->n; i += w->stride) {
        if (parley_coder_code_doc(w->coder, w->docs[i], w->date) != PARLEY_OK) {
            fprintf(stderr, "parley code: document '%s': %s\n", parley_doc_id(w->docs[i]),
                    parley_errmsg());
            w->failed = 1;
        }
    }
    return NULL;
}

/* Print the batch's events and free its documents (all of them, even after
 * an error). */
static int emit(parley_doc **docs, size_t n, parley_event_format fmt, uint64_t *events)
{
    int rc = 0;
    for (size_t i = 0; i < n; i++) {
        char *out = NULL;
        if (rc == 0 && !cli_output_failed()) {
            *events += parley_doc_event_count(docs[i]);
            if (parley_events_format(docs[i], fmt, &out) != PARLEY_OK) {
                cli_report("code", PARLEY_ERR_NOMEM);
                rc = 1;
            } else {
                fputs(out, stdout);
            }
        }
        parley_string_free(out);
        parley_doc_free(docs[i]);
        docs[i] = NULL;
    }
    return rc;
}

static int run(int argc, char **argv)
{
    const char *date = NULL, *fmt_name = "jsonl", *dict = NULL, *model = NULL, *in_fmt = "auto";
    int threads = 1;
    bool stats_out = false;
    uint64_t events = 0;
    const char **files = calloc((size_t)argc + 1, sizeof *files);
    size_t nfiles = 0;
    if (!files)
        return CLI_BAD_INPUT;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        bool has = i + 1 < argc;
        if (strcmp(a, "--date") == 0 && has)
            date = argv[++i];
        else if (strcmp(a, "--format") == 0 && has)
            fmt_name = argv[++i];
        else if (strcmp(a, "--dict") == 0 && has)
            dict = argv[++i];
        else if (strcmp(a, "--model") == 0 && has)
            model = argv[++i];
        else if (strcmp(a, "--threads") == 0 && has)
            threads = atoi(argv[++i]);
        else if (strcmp(a, "--input-format") == 0 && has)
            in_fmt = argv[++i];
        else if (strcmp(a, "--stats") == 0)
            stats_out = true;
        else if (a[0] == '-' && a[1]) {
            free(files);
            fputs(help, stderr);
            return CLI_USAGE;
        } else
            files[nfiles++] = a;
    }
    parley_event_format fmt;
    parley_input_format ifmt;
    if (nfiles == 0 || threads < 1 || threads > 64 ||
        parley_event_format_from_name(fmt_name, &fmt) != PARLEY_OK ||
        parley_input_format_from_name(in_fmt, &ifmt) != PARLEY_OK) {
        free(files);
        fputs(help, stderr);
        return CLI_USAGE;
    }
    if (date && !parley_date_valid(date)) {
        /* checked once, before any work: 2023-99-99 failed every document */
        fprintf(stderr, "parley code: --date '%s' is not a date YYYY-MM-DD\n", date);
        free(files);
        return CLI_USAGE;
    }
    parley_model *m = NULL;
    parley_dict *d = NULL;
    parley_stats *stats = NULL;
    parley_status st = parley_model_load(model, &m);
    if (!st) {
        /* dictionary problems are `parley dict check`'s business: count them here */
        parley_set_log(NULL, NULL);
        st = parley_dict_load(dict, &d);
        parley_set_log(cli_log_stderr, NULL);
    }
    if (!st && dict) {
        size_t nw, ne;
        parley_dict_problems(d, &nw, &ne);
        if (nw || ne)
            fprintf(stderr, "parley code: dictionary %s: %zu errors, %zu warnings (see `parley "
                    "dict check %s`)\n", dict, ne, nw, dict);
    }
    if (!st)
        st = parley_stats_new(&stats);
    worker w[64];
    memset(w, 0, sizeof w);
    parley_set_log(NULL, NULL); /* verb-dictionary repairs, likewise */
    for (int t = 0; !st && t < threads; t++)
        st = parley_coder_new(m, d, &w[t].coder);
    parley_set_log(cli_log_stderr, NULL);
    int rc = CLI_OK;
    if (st) {
        cli_report("code", st);
        rc = CLI_BAD_INPUT;
        goto done;
    }
    fputs(parley_events_header(fmt), stdout);
    parley_doc *docs[BATCH];
    for (size_t f = 0; f < nfiles && !cli_output_failed(); f++) {
        parley_reader *r = NULL;
        if ((st = parley_reader_open(files[f], ifmt, stats, &r))) {
            cli_report("code", st);
            rc = CLI_BAD_INPUT;
            continue;
        }
        for (;;) {
            size_t n = 0, bytes = 0;
            while (n < BATCH && bytes < BATCH_BYTES &&
                   (st = parley_reader_next(r, &docs[n])) == PARLEY_OK) {
                size_t len = 0;
                parley_doc_text(docs[n++], &len);
                bytes += len;
            }
            for (int t = 0; t < threads; t++) {
                w[t].docs = docs;
                w[t].n = n;
                w[t].stride = (size_t)threads;
                w[t].first = (size_t)t;
                w[t].date = date;
            }
            if (threads == 1) {
                work(&w[0]);
            } else {
                pthread_t tid[64];
                int started = 0;
                for (int t = 0; t < threads; t++, started++)
                    if (pthread_create(&tid[t], NULL, work, &w[t]) != 0)
                        break;
                for (int t = started; t < threads; t++)
                    work(&w[t]); /* could not start a thread: do its share here */
                for (int t = 0; t < started; t++)
                    pthread_join(tid[t], NULL);
            }
            if (emit(docs, n, fmt, &events))
                rc = CLI_BAD_INPUT;
            if (st != PARLEY_OK || cli_output_failed())
                break; /* main reports the failed output */
        }
        if (st != PARLEY_END && st != PARLEY_OK) {
            cli_report("code", st);
            rc = CLI_BAD_INPUT;
        }
        parley_reader_free(r);
    }
    for (int t = 0; t < threads; t++)
        if (w[t].failed)
            rc = CLI_BAD_INPUT;
    if (stats && parley_stats_bad_input(stats) > 0)
        rc = CLI_BAD_INPUT;
    if (stats_out) {
        uint64_t longs = 0;
        for (int t = 0; t < threads; t++)
            longs += parley_coder_long_sentences(w[t].coder);
        /* sentences --stats' object, then the coder's counts */
        const char *js = parley_stats_json(stats);
        fflush(stdout);
        fprintf(stderr, "%.*s,\"events\":%llu,\"long_sentences\":%llu}\n", (int)strlen(js) - 1, js,
                (unsigned long long)events, (unsigned long long)longs);
    }
done:
    for (int t = 0; t < threads; t++)
        parley_coder_free(w[t].coder);
    parley_stats_free(stats);
    parley_dict_free(d);
    parley_model_free(m);
    free(files);
    return rc;
}

const cli_command cmd_code_def = {"code", "code news text into CAMEO events", help, run};
