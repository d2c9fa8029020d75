/* cmd_version.c - `parley version`: the same as `parley --version`. */
#include "cli.h"

#include <stdio.h>

static int run(int argc, char **argv)
{
    (void)argv;
    if (argc > 1) {
        fprintf(stderr, "usage: parley version\n");
        return CLI_USAGE;
    }
    printf("parley %s\n", parley_version());
    return CLI_OK;
}

const cli_command cmd_version_def = {
    "version",
    "print the version",
    "usage: parley version\n\nPrints the library version, as `parley --version` does.\n",
    run,
};
