/* cmd_dict.c - `parley dict check [DIR]`: load a dictionary set and print
 * every problem with file and line; `parley dict info [DIR]`: counts. */
#include "cli.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

/* Problems go to stdout as they are, one per line ("FILE:LINE: warning: ..."). */
static void print_problem(void *user, const char *msg)
{
    (void)user;
    printf("%s\n", msg);
}

static int run(int argc, char **argv)
{
    if (argc < 2 || argc > 3 || (strcmp(argv[1], "check") != 0 && strcmp(argv[1], "info") != 0)) {
        fprintf(stderr, "usage: parley dict check|info [DIR]\n");
        return CLI_USAGE;
    }
    bool check = strcmp(argv[1], "check") == 0;
    const char *dir = argc == 3 ? argv[2] : NULL;
    if (check)
        parley_set_log(print_problem, NULL);
    else
        parley_set_log(NULL, NULL);
    parley_dict *d;
    parley_status st = parley_dict_load(dir, &d);
    parley_set_log(cli_log_stderr, NULL);
    if (st != PARLEY_OK) {
        cli_report("dict", st);
        return CLI_BAD_INPUT;
    }
    size_t warnings, errors;
    parley_dict_problems(d, &warnings, &errors);
    if (check) {
        printf("dict check: %zu files, %zu errors, %zu warnings\n", parley_dict_file_count(d),
               errors, warnings);
    } else {
        for (size_t i = 0; i < parley_dict_file_count(d); i++)
            printf("file: %s\n", parley_dict_file(d, i));
        char *s = NULL;
        if (parley_dict_summary(d, &s) == PARLEY_OK)
            printf("%s\n", s);
        parley_string_free(s);
    }
    parley_dict_free(d);
    return check && errors > 0 ? CLI_BAD_INPUT : CLI_OK;
}

const cli_command cmd_dict_def = {
    "dict",
    "check a dictionary set (problems with file and line) or show its counts",
    "usage: parley dict check [DIR]\n"
    "       parley dict info [DIR]\n\n"
    "check loads the dictionary set in DIR (default: the set in parley's data\n"
    "directory) and prints every problem as FILE:LINE: warning|error: WHAT.\n"
    "A warning is a line that was repaired (e.g. a 7-digit date, a day past the\n"
    "end of the month, stray control bytes); an error an entry that was dropped.\n"
    "Exit status 1 if there are errors, 0 if only warnings.\n\n"
    "info prints the files loaded and the counts of the set.\n\n"
    "DIR may hold a parley.dicts manifest (lines ROLE = FILE, roles actors,\n"
    "agents, discards, issues, verbs, capitals, common), be a manifest file, or\n"
    "hold dictionary files named *.actors.txt, *agents*.txt, *discards*.txt,\n"
    "*Issue*.txt, *verbs*.txt.\n",
    run,
};
