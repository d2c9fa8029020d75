/* cmd_ingest.c - `parley ingest`: code documents and keep them, their
 * events and mentions in a SQLite store. */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char help[] =
    "usage: parley ingest --db FILE.sqlite [--date YYYY-MM-DD] [--dict DIR] [--model PATH]\n"
    "                     [--threads N] [--input-format F] [--level country|role|code]\n"
    "                     [--window DAYS] [--dedup parley|one-a-day] [--batch N]\n"
    "                     [--quiet] [--stats] FILE...|-\n"
    "\n"
    "Codes each document as `parley code` does and stores the document (id, date,\n"
    "url, source, title, a hash of its text), its events and their mentions in the\n"
    "SQLite file (created if missing; WAL mode, so `parley query` may read while\n"
    "ingest writes). Mentions of one event are grouped: the same source and target\n"
    "(at --level: country (default), role = country+role, code = the whole code),\n"
    "the same CAMEO root, dates within --window days (default 2) and compatible\n"
    "places; --dedup one-a-day uses PETRARCH's filter instead (one event per date,\n"
    "source, target and code). These three are kept in the store with its first\n"
    "document. A document stored already is skipped without coding; a changed one\n"
    "(same id, other text) replaces its mentions. Writes are committed every\n"
    "--batch documents (default 200): after a crash or kill, run the same command\n"
    "again and it resumes.\n"
    "  --quiet   no progress line (shown on stderr when it is a terminal)\n"
    "  --stats   print the input counters and the store's counts as JSON on stderr\n"
    "Exit status: 0 ok, 1 bad input (reported on stderr), 2 usage error.\n";

#define BATCH 64 /* documents coded at once; and at most CLI_BATCH_BYTES of text */

/* Drop the documents stored already (their events are there), keeping order. */
static size_t drop_stored(parley_store *store, parley_doc **docs, size_t n, size_t *skipped)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (parley_store_has_doc(store, docs[i])) {
            parley_doc_free(docs[i]);
            (*skipped)++;
        } else {
            docs[k++] = docs[i];
        }
    }
    return k;
}

static int run(int argc, char **argv)
{
    const char *db = NULL;
    const char *settings[4][2] = {
        {"level", NULL}, {"window", NULL}, {"mode", NULL}, {"batch", NULL}};
    static const char *const flags[4] = {"--level", "--window", "--dedup", "--batch"};
    cli_code_opts o = {.threads = 1};
    const char **files = calloc((size_t)argc + 1, sizeof *files);
    size_t nfiles = 0;
    if (!files)
        return CLI_BAD_INPUT;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        bool has = i + 1 < argc, taken = cli_code_opt(argc, argv, &i, &o);
        for (int k = 0; k < 4 && !taken; k++)
            if (strcmp(a, flags[k]) == 0 && has) {
                settings[k][1] = argv[++i];
                taken = true;
            }
        if (taken)
            continue;
        if (strcmp(a, "--db") == 0 && has)
            db = argv[++i];
        else if (a[0] == '-' && a[1]) {
            free(files);
            fputs(help, stderr);
            return CLI_USAGE;
        } else
            files[nfiles++] = a;
    }
    parley_input_format ifmt;
    int rc = CLI_USAGE;
    if (!db || nfiles == 0)
        fputs(help, stderr);
    else
        rc = cli_code_opts_check("ingest", &o, &ifmt);
    if (rc) {
        free(files);
        return rc;
    }
    const char *date = o.date;
    parley_store *store = NULL;
    parley_status st = parley_store_open(db, 0, &store);
    for (int k = 0; !st && k < 4; k++)
        if (settings[k][1])
            st = parley_store_configure(store, settings[k][0], settings[k][1]);
    if (st) {
        cli_report("ingest", st);
        parley_store_free(store);
        free(files);
        return st == PARLEY_ERR_ARG ? CLI_USAGE : CLI_BAD_INPUT;
    }
    parley_stats *stats = NULL;
    cli_coding *coding = NULL;
    rc = cli_coding_open("ingest", &o, &coding);
    if (!rc && (st = parley_stats_new(&stats))) {
        cli_report("ingest", st);
        rc = CLI_BAD_INPUT;
    }
    if (rc)
        goto done;
    cli_progress *progress = cli_progress_new(files, nfiles, o.quiet);
    size_t added = 0, replaced = 0, skipped = 0;
    parley_doc *docs[BATCH];
    for (size_t f = 0; f < nfiles && !rc; f++) {
        parley_reader *r = NULL;
        if ((st = parley_reader_open(files[f], ifmt, stats, &r))) {
            cli_report("ingest", st);
            rc = CLI_BAD_INPUT;
            continue;
        }
        for (;;) {
            size_t n = cli_read_batch(r, docs, BATCH, &st);
            bool fatal = false;
            n = drop_stored(store, docs, n, &skipped);
            if (cli_coding_run(coding, docs, n, date))
                rc = CLI_BAD_INPUT;
            cli_progress_add(progress, stats, docs, n);
            for (size_t i = 0; i < n; i++) {
                int outcome = 0;
                parley_status ws = parley_store_add_doc(store, docs[i], &outcome);
                if (ws) {
                    cli_report("ingest", ws);
                    rc = CLI_BAD_INPUT;
                    fatal |= ws != PARLEY_ERR_ARG; /* the store cannot be written: stop */
                }
                added += outcome == 1;
                replaced += outcome == 2;
                parley_doc_free(docs[i]);
            }
            if (fatal) {
                nfiles = 0; /* stop reading: a batch left unwritten would be lost */
                st = PARLEY_END;
            }
            if (st != PARLEY_OK)
                break;
        }
        if (st != PARLEY_END) {
            cli_report("ingest", st);
            rc = CLI_BAD_INPUT;
        }
        parley_reader_free(r);
    }
    if ((st = parley_store_commit(store))) {
        cli_report("ingest", st);
        rc = CLI_BAD_INPUT;
    }
    cli_progress_done(progress, stats);
    if (o.stats) {
        char *summary = NULL;
        parley_store_summary(store, &summary);
        fprintf(stderr,
                "{\"input\":%s,\"added\":%zu,\"replaced\":%zu,\"unchanged\":%zu,\"store\":%s}\n",
                parley_stats_json(stats), added, replaced, skipped, summary ? summary : "{}");
        parley_string_free(summary);
    }
    if (parley_stats_bad_input(stats) > 0)
        rc = CLI_BAD_INPUT;
done:
    cli_coding_free(coding);
    parley_stats_free(stats);
    parley_store_free(store);
    free(files);
    return rc;
}

const cli_command cmd_ingest_def = {"ingest", "code documents and store their events (SQLite)",
                                    help, run};
