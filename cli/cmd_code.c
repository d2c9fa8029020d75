/* cmd_code.c - `parley code`: code news documents into CAMEO events. */
#include "cli.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char help[] =
    "usage: parley code [--date YYYY-MM-DD] [--format jsonl|csv|gdelt] [--dict DIR]\n"
    "                   [--model PATH] [--threads N] [--input-format F]\n"
    "                   [--gazetteer PATH | --no-places] FILE...|-\n"
    "\n"
    "Codes each document's sentences into CAMEO events (who did what to whom):\n"
    "segmentation, tagging and parsing, actor dictionaries, discards, CAMEO verb\n"
    "patterns. Output on stdout, one event per line:\n"
    "  --format jsonl  JSON Lines (default): doc_id, sentence_index, sentence, date,\n"
    "                  source, target ({code,text,start,end,match}), cameo, root,\n"
    "                  quad_class, goldstein, plover, plover_mode, mode,\n"
    "                  trigger ({text,start,end}), pattern ({text,file,line}), event_name,\n"
    "                  place ({name,country,adm1,lat,lon,geonames_id,feature,text,start,\n"
    "                  end}) when the text says where the event happened\n"
    "  --format csv    the same fields flattened, with a header row (pandas, R)\n"
    "  --format gdelt  GDELT 2.0 event table columns, tab-separated (unknown fields empty;\n"
    "                  ActionGeo_* from the place, Actor1Geo/Actor2Geo from the actors'\n"
    "                  countries)\n"
    "  --gazetteer P   places from this gazetteer (default: build/places.gaz)\n"
    "  --no-places     code without places\n"
    "  --date D        date for documents without one (a JSONL `date` or WARC date wins);\n"
    "                  actor codes are resolved for this date\n"
    "  --dict DIR      dictionary set (a directory with parley.dicts, or a manifest file;\n"
    "                  default: data/parley.dicts)\n"
    "  --model PATH    tagger/parser model (default: build/en-ewt.model)\n"
    "  --threads N     code documents on N threads (default 1); output order is kept\n"
    "  --input-format  auto (by extension), text, jsonl, html, warc\n"
    "Exit status: 0 ok, 1 bad input (reported on stderr), 2 usage error.\n";

#define BATCH 256

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

static int emit(parley_doc **docs, size_t n, parley_event_format fmt)
{
    for (size_t i = 0; i < n; i++) {
        char *out = NULL;
        if (parley_events_format(docs[i], fmt, &out) != PARLEY_OK) {
            cli_report("code", PARLEY_ERR_NOMEM);
            return 1;
        }
        fputs(out, stdout);
        parley_string_free(out);
        parley_doc_free(docs[i]);
        docs[i] = NULL;
    }
    return 0;
}

static int run(int argc, char **argv)
{
    const char *date = NULL, *fmt_name = "jsonl", *dict = NULL, *model = NULL, *in_fmt = "auto",
               *gaz_path = NULL;
    bool places = true;
    int threads = 1;
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
        else if (strcmp(a, "--gazetteer") == 0 && has)
            gaz_path = argv[++i];
        else if (strcmp(a, "--no-places") == 0)
            places = false;
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
    if (date) {
        /* check the date's form once, before any work */
        int ok = strlen(date) == 10 && date[4] == '-' && date[7] == '-';
        for (int k = 0; ok && k < 10; k++)
            ok = k == 4 || k == 7 || (date[k] >= '0' && date[k] <= '9');
        if (!ok) {
            fprintf(stderr, "parley code: --date '%s' is not YYYY-MM-DD\n", date);
            free(files);
            return CLI_USAGE;
        }
    }
    parley_model *m = NULL;
    parley_dict *d = NULL;
    parley_gazetteer *g = NULL;
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
    if (!st && places) {
        /* without a gazetteer of its own the coder still codes, placeless */
        parley_status gs = parley_gazetteer_load(gaz_path, &g);
        if (gs && gaz_path)
            st = gs;
        else if (gs)
            fprintf(stderr, "parley code: %s; events get no place\n", parley_errmsg());
    }
    if (!st)
        st = parley_stats_new(&stats);
    worker w[64];
    memset(w, 0, sizeof w);
    parley_set_log(NULL, NULL); /* verb-dictionary repairs, likewise */
    for (int t = 0; !st && t < threads; t++)
        if (!(st = parley_coder_new(m, d, &w[t].coder)))
            parley_coder_set_gazetteer(w[t].coder, g);
    parley_set_log(cli_log_stderr, NULL);
    int rc = CLI_OK;
    if (st) {
        cli_report("code", st);
        rc = CLI_BAD_INPUT;
        goto done;
    }
    fputs(parley_events_header(fmt), stdout);
    parley_doc *docs[BATCH];
    for (size_t f = 0; f < nfiles; f++) {
        parley_reader *r = NULL;
        if ((st = parley_reader_open(files[f], ifmt, stats, &r))) {
            cli_report("code", st);
            rc = CLI_BAD_INPUT;
            continue;
        }
        for (;;) {
            size_t n = 0;
            while (n < BATCH && (st = parley_reader_next(r, &docs[n])) == PARLEY_OK)
                n++;
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
            if (emit(docs, n, fmt))
                rc = CLI_BAD_INPUT;
            if (st != PARLEY_OK)
                break;
        }
        if (st != PARLEY_END) {
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
done:
    for (int t = 0; t < threads; t++)
        parley_coder_free(w[t].coder);
    parley_stats_free(stats);
    parley_dict_free(d);
    parley_gazetteer_free(g);
    parley_model_free(m);
    free(files);
    fflush(stdout);
    return rc;
}

const cli_command cmd_code_def = {"code", "code news text into CAMEO events", help, run};
