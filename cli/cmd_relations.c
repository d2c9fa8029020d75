/* cmd_relations.c - `parley relations`: a dyad's record over time. */
#include "cli.h"

#include <stdio.h>
#include <string.h>

static const char help[] =
    "usage: parley relations --db F A B [--by day|week|month] [--format jsonl|csv|svg|html]\n"
    "                        [-o FILE]\n"
    "\n"
    "The relations between actors A and B (countries such as USA CHN, or code\n"
    "prefixes), both ways, per period (--by, default month): events by QuadClass,\n"
    "Goldstein sum and mean, the most reported events; then the turning points,\n"
    "periods where the balance of cooperation and conflict moves sharply, with the\n"
    "events behind them.\n"
    "  --format jsonl  one object per period and direction, then one per turning\n"
    "                  point (default)\n"
    "  --format csv    the periods as a table\n"
    "  --format svg    a chart: both directions, axes, dates, legend, turning points\n"
    "  --format html   the chart and the table of events with sentence and source\n"
    "  -o FILE         write there instead of stdout\n"
    "Exit status: 0 ok, 1 bad input (reported on stderr), 2 usage error.\n";

static int run(int argc, char **argv)
{
    const char *db = NULL, *by = "month", *fmt = "jsonl", *out = NULL, *ab[2] = {NULL, NULL};
    int nab = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        bool has = i + 1 < argc;
        if (strcmp(a, "--db") == 0 && has)
            db = argv[++i];
        else if (strcmp(a, "--by") == 0 && has)
            by = argv[++i];
        else if (strcmp(a, "--format") == 0 && has)
            fmt = argv[++i];
        else if (strcmp(a, "-o") == 0 && has)
            out = argv[++i];
        else if (a[0] == '-' || nab == 2) {
            fputs(help, stderr);
            return CLI_USAGE;
        } else
            ab[nab++] = a;
    }
    if (!db || nab != 2) {
        fputs(help, stderr);
        return CLI_USAGE;
    }
    parley_store *s = NULL;
    char *text = NULL;
    parley_status st = parley_store_open(db, 1, &s);
    if (!st)
        st = parley_store_relations(s, ab[0], ab[1], by, fmt, &text);
    parley_store_free(s);
    if (st) {
        cli_report("relations", st);
        return st == PARLEY_ERR_ARG ? CLI_USAGE : CLI_BAD_INPUT;
    }
    FILE *f = out ? fopen(out, "w") : stdout;
    if (!f) {
        fprintf(stderr, "parley relations: cannot write %s\n", out);
        parley_string_free(text);
        return CLI_BAD_INPUT;
    }
    fputs(text, f);
    parley_string_free(text);
    if (out && fclose(f) != 0) {
        fprintf(stderr, "parley relations: cannot write %s\n", out);
        return CLI_BAD_INPUT;
    }
    return CLI_OK;
}

const cli_command cmd_relations_def = {"relations", "a dyad's relations over time (chart, table)",
                                       help, run};
