/* cmd_code.c - `parley code`: code news documents into CAMEO events. */
#include "cli.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char help[] =
    "usage: parley code [--date YYYY-MM-DD] [--format jsonl|csv|gdelt] [--dict DIR]\n"
    "                   [--model PATH] [--threads N] [--input-format F] [--modes all]\n"
    "                   [--event-model PATH|none] [--gazetteer PATH | --no-places]\n"
    "                   [--quiet] [--stats] FILE...|-\n"
    "\n"
    "Codes each document's sentences into CAMEO events (who did what to whom):\n"
    "segmentation, tagging and parsing, actor dictionaries, discards, CAMEO verb\n"
    "patterns. Output on stdout, one event per line:\n"
    "  --format jsonl  JSON Lines (default): doc_id, sentence_index, sentence, date,\n"
    "                  source, target ({code,text,start,end,match}), cameo, root,\n"
    "                  quad_class, goldstein, plover, plover_mode, mode,\n"
    "                  trigger ({text,start,end}), pattern ({text,file,line}), event_name,\n"
    "                  event_date, place ({name,country,adm1,lat,lon,geonames_id,feature,\n"
    "                  text,start,end}) when the text says where the event happened\n"
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
    "  --modes all     also emit negated actions and hypotheticals/conditions, with\n"
    "                  their `mode` (default: only what was reported as done, said,\n"
    "                  intended, planned, threatened, demanded or offered)\n"
    "  --event-model PATH|none  the learned event decision (default: en-events.model\n"
    "                  beside the tagger model; none: the verb patterns alone)\n"
    "  --quiet         no progress line (shown on stderr when it is a terminal)\n"
    "  --stats         print the input accounting as JSON on stderr, as `sentences\n"
    "                  --stats` does, plus \"events\" (printed) and \"long_sentences\"\n"
    "                  (sentences over 400 words with two actors, not coded)\n"
    "Documents are coded in batches of at most 256 documents or 8 MB of text, so\n"
    "memory stays near 25 x (8 MB + the largest document) whatever the input.\n"
    "Exit status: 0 ok, 1 bad input (reported on stderr), 2 usage error.\n";

#define BATCH 256 /* documents; and at most CLI_BATCH_BYTES of text (cli.h) */

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
    const char *fmt_name = "jsonl";
    cli_code_opts o = {.threads = 1};
    const char **files = calloc((size_t)argc + 1, sizeof *files);
    size_t nfiles = 0;
    if (!files)
        return CLI_BAD_INPUT;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (cli_code_opt(argc, argv, &i, &o))
            continue;
        if (strcmp(a, "--format") == 0 && i + 1 < argc)
            fmt_name = argv[++i];
        else if (a[0] == '-' && a[1]) {
            free(files);
            fputs(help, stderr);
            return CLI_USAGE;
        } else
            files[nfiles++] = a;
    }
    parley_event_format fmt;
    parley_input_format ifmt;
    int rc = CLI_USAGE;
    if (nfiles == 0 || parley_event_format_from_name(fmt_name, &fmt) != PARLEY_OK)
        fputs(help, stderr);
    else
        rc = cli_code_opts_check("code", &o, &ifmt);
    if (rc) {
        free(files);
        return rc;
    }
    const char *date = o.date;
    uint64_t events = 0;
    parley_stats *stats = NULL;
    cli_coding *coding = NULL;
    rc = cli_coding_open("code", &o, &coding);
    if (rc) {
        free(files);
        return rc;
    }
    parley_status st = parley_stats_new(&stats);
    if (st) {
        cli_report("code", st);
        rc = CLI_BAD_INPUT;
        goto done;
    }
    cli_progress *progress = cli_progress_new(files, nfiles, o.quiet);
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
            size_t n = cli_read_batch(r, docs, BATCH, &st);
            if (cli_coding_run(coding, docs, n, date))
                rc = CLI_BAD_INPUT;
            cli_progress_add(progress, stats, docs, n);
            if (emit(docs, n, fmt, &events))
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
    cli_progress_done(progress, stats);
    if (o.stats) {
        /* sentences --stats' object, then the coder's counts */
        const char *js = parley_stats_json(stats);
        fflush(stdout);
        fprintf(stderr, "%.*s,\"events\":%llu,\"long_sentences\":%llu}\n", (int)strlen(js) - 1, js,
                (unsigned long long)events,
                (unsigned long long)cli_coding_long_sentences(coding));
    }
    if (parley_stats_bad_input(stats) > 0)
        rc = CLI_BAD_INPUT;
done:
    cli_coding_free(coding);
    parley_stats_free(stats);
    free(files);
    fflush(stdout);
    return rc;
}

const cli_command cmd_code_def = {"code", "code news text into CAMEO events", help, run};
