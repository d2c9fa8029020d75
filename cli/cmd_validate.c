/* cmd_validate.c - `parley validate`: run PETRARCH's unit-test records. */
#include "cli.h"

#include <stdio.h>
#include <string.h>

static const char help[] =
    "usage: parley validate [--verbose] [--model PATH] --json RECORDS.xml\n"
    "\n"
    "Runs PETRARCH's unit-test records (e.g. data/petrarch2/PETR.UnitTest.records.xml)\n"
    "through parley: each active record's raw <Text> is segmented, tagged, parsed and\n"
    "coded with the dictionaries the file's <Environment> names (the records' parse\n"
    "trees are ignored). Prints one JSON object:\n"
    "  {\"records\":N,\"active\":N,\"correct\":N,\"bad\":N,\"by_category\":{...}}\n"
    "A record is correct when the (source, target, code) events produced are exactly\n"
    "the expected ones. --verbose adds \"misses\": each missed record with its expected\n"
    "and produced events. A bad record is reported on stderr and the run goes on.\n"
    "  --json          JSON output (the only output format; accepted for clarity)\n"
    "  --model PATH    a model other than the default (build/en-ewt.model)\n"
    "Exit status: 0 when the run completed, 1 when the records file or dictionaries\n"
    "could not be used or a record was bad, 2 on a usage error.\n";

static int run(int argc, char **argv)
{
    const char *path = NULL, *model = NULL;
    int verbose = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--verbose") == 0 || strcmp(argv[i], "-v") == 0)
            verbose = 1;
        else if (strcmp(argv[i], "--json") == 0)
            continue;
        else if (strcmp(argv[i], "--model") == 0 && i + 1 < argc)
            model = argv[++i];
        else if (argv[i][0] == '-' && argv[i][1]) {
            fputs(help, stderr);
            return CLI_USAGE;
        } else if (!path)
            path = argv[i];
        else {
            fputs(help, stderr);
            return CLI_USAGE;
        }
    }
    if (!path) {
        fputs(help, stderr);
        return CLI_USAGE;
    }
    parley_model *m = NULL;
    parley_status st = parley_model_load(model, &m);
    if (st) {
        cli_report("validate", st);
        return CLI_BAD_INPUT;
    }
    char *json = NULL;
    st = parley_validate(path, m, verbose, &json);
    parley_model_free(m);
    if (st) {
        cli_report("validate", st);
        return CLI_BAD_INPUT;
    }
    printf("%s\n", json);
    int bad = strstr(json, "\"bad\":0,") == NULL;
    parley_string_free(json);
    return bad ? CLI_BAD_INPUT : CLI_OK;
}

const cli_command cmd_validate_def = {"validate", "run PETRARCH's unit-test records", help, run};
