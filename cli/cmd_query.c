/* cmd_query.c - `parley query`: events from a store, filtered. */
#include "cli.h"

#include <stdio.h>
#include <string.h>

static const char help[] =
    "usage: parley query --db F [--dyad A,B] [--actor X] [--from D] [--to D] [--root NN]\n"
    "                    [--cameo C] [--quad N] [--place NAME|--country ISO3] [--doc ID]\n"
    "                    [--limit N] [--format jsonl|csv|gdelt|gdelt-mentions]\n"
    "\n"
    "Prints the stored events that pass every filter, by date then event_id:\n"
    "  --dyad A,B    source A, target B (a country such as USA, or a longer code\n"
    "                prefix such as USAGOV)\n"
    "  --actor X     X on either side\n"
    "  --from/--to   YYYY-MM-DD, inclusive, on the event's date\n"
    "  --root NN     CAMEO root (e.g. 11); --cameo C: the code or a prefix of it\n"
    "  --quad N      QuadClass 1 verbal cooperation .. 4 material conflict\n"
    "  --place NAME, --country ISO3: where the event happened\n"
    "  --doc ID      events with a mention in document ID\n"
    "Formats: jsonl (default: event_id, date, event_date, date_precision, place,\n"
    "place_country, source/target {code,name}, cameo, root, quad_class, goldstein,\n"
    "num_mentions, num_sources, num_articles, is_root_event, first_seen, last_seen,\n"
    "confidence, source_url, sentence), csv (the same, with a header), gdelt (GDELT\n"
    "2.0 events, 61 columns, with the counts), gdelt-mentions (GDELT 2.0 Mentions,\n"
    "one row per mention).\n"
    "Exit status: 0 ok, 1 bad input (reported on stderr), 2 usage error.\n";

static int run(int argc, char **argv)
{
    static const char *const filters[] = {"dyad", "actor", "from",    "to",  "root", "cameo",
                                          "quad", "place", "country", "doc", "limit"};
    const char *db = NULL, *fmt_name = "jsonl";
    parley_query *q = NULL;
    if (parley_query_new(&q) != PARLEY_OK) {
        cli_report("query", PARLEY_ERR_NOMEM);
        return CLI_BAD_INPUT;
    }
    int rc = CLI_OK;
    for (int i = 1; i < argc && !rc; i++) {
        const char *a = argv[i];
        bool has = i + 1 < argc, known = false;
        if (strcmp(a, "--db") == 0 && has) {
            db = argv[++i];
            continue;
        }
        if (strcmp(a, "--format") == 0 && has) {
            fmt_name = argv[++i];
            continue;
        }
        for (size_t k = 0; k < sizeof filters / sizeof filters[0] && !known; k++) {
            if (strncmp(a, "--", 2) != 0 || strcmp(a + 2, filters[k]) != 0 || !has)
                continue;
            known = true;
            if (parley_query_set(q, filters[k], argv[++i]) != PARLEY_OK) {
                fprintf(stderr, "parley query: %s\n", parley_errmsg());
                rc = CLI_USAGE;
            }
        }
        if (!known && !rc) {
            fputs(help, stderr);
            rc = CLI_USAGE;
        }
    }
    parley_store_format fmt;
    if (!rc && (!db || parley_store_format_from_name(fmt_name, &fmt) != PARLEY_OK)) {
        fputs(help, stderr);
        rc = CLI_USAGE;
    }
    parley_store *s = NULL;
    parley_rows *rows = NULL;
    parley_status st = PARLEY_OK;
    if (!rc &&
        ((st = parley_store_open(db, 1, &s)) || (st = parley_store_query(s, q, fmt, &rows)))) {
        cli_report("query", st);
        rc = CLI_BAD_INPUT;
    }
    if (!rc) {
        fputs(parley_store_header(fmt), stdout);
        const char *line;
        while ((st = parley_rows_next(rows, &line)) == PARLEY_OK)
            fputs(line, stdout);
        if (st != PARLEY_END) {
            cli_report("query", st);
            rc = CLI_BAD_INPUT;
        }
    }
    parley_rows_free(rows);
    parley_store_free(s);
    parley_query_free(q);
    return rc;
}

const cli_command cmd_query_def = {"query", "print stored events, filtered", help, run};
