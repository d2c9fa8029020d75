/* cmd_model.c - `parley model dump MODEL`: print a model file as text. */
#include "cli.h"

#include <stdio.h>
#include <string.h>

static const char help[] =
    "usage: parley model dump [MODEL]\n"
    "\n"
    "Prints a model file as text: header, section table (offsets, lengths, CRC32),\n"
    "training parameters, tag and label sets, table sizes and a sample of weights.\n"
    "Without MODEL, the default model ($PARLEY_MODEL, build/en-ewt.model, ...).\n";

static int run(int argc, char **argv)
{
    if (argc < 2 || argc > 3 || strcmp(argv[1], "dump") != 0) {
        fputs(help, stderr);
        return CLI_USAGE;
    }
    parley_model *m;
    parley_status st = parley_model_load(argc == 3 ? argv[2] : NULL, &m);
    if (st) {
        cli_report("model", st);
        return CLI_BAD_INPUT;
    }
    char *text;
    st = parley_model_dump(m, 8, &text);
    parley_model_free(m);
    if (st) {
        cli_report("model", st);
        return CLI_BAD_INPUT;
    }
    fputs(text, stdout);
    parley_string_free(text);
    return CLI_OK;
}

const cli_command cmd_model_def = {"model", "inspect a model file (dump)", help, run};
