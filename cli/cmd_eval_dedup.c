/* cmd_eval_dedup.c - `parley eval dedup`: grouping of documents into
 * events against ECB+ (a subcommand of `parley eval`, see cmd_eval.c). */
#include "cli.h"

#include <stdio.h>
#include <string.h>

static const char usage[] =
    "usage: parley eval dedup [--topics LIST|all] [--level country|role|"
    "code] [--window DAYS]\n                         [--model PATH] [--dict "
    "DIR] [--gazetteer PATH | --no-places] --json ECB_DIR\n";

int cli_eval_dedup(int argc, char **argv)
{
    const char *dir = NULL, *topics = NULL, *level = NULL, *window = NULL, *model = NULL,
               *dict = NULL, *gazetteer = NULL;
    bool places = true;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        bool has = i + 1 < argc;
        if (strcmp(a, "--json") == 0)
            continue; /* JSON is the only output format */
        if (strcmp(a, "--topics") == 0 && has)
            topics = argv[++i];
        else if (strcmp(a, "--level") == 0 && has)
            level = argv[++i];
        else if (strcmp(a, "--window") == 0 && has)
            window = argv[++i];
        else if (strcmp(a, "--model") == 0 && has)
            model = argv[++i];
        else if (strcmp(a, "--dict") == 0 && has)
            dict = argv[++i];
        else if (strcmp(a, "--gazetteer") == 0 && has)
            gazetteer = argv[++i];
        else if (strcmp(a, "--no-places") == 0)
            places = false;
        else if ((a[0] == '-' && a[1]) || dir) {
            fputs(usage, stderr);
            return CLI_USAGE;
        } else
            dir = a;
    }
    if (!dir) {
        fputs(usage, stderr);
        return CLI_USAGE;
    }
    parley_model *m = NULL;
    parley_dict *d = NULL;
    parley_gazetteer *g = NULL;
    char *json = NULL;
    parley_status st = parley_model_load(model, &m);
    if (!st) {
        parley_set_log(NULL, NULL); /* dictionary repairs are `parley dict check`'s business */
        st = parley_dict_load(dict, &d);
    }
    if (!st && places) {
        /* as in `parley code`: without a gazetteer of its own, placeless */
        parley_status gs = parley_gazetteer_load(gazetteer, &g);
        if (gs && gazetteer)
            st = gs;
        else if (gs)
            fprintf(stderr, "parley eval dedup: %s; events get no place\n", parley_errmsg());
    }
    if (!st)
        st = parley_eval_dedup(dir, m, d, g, topics, level, window, &json);
    parley_set_log(cli_log_stderr, NULL);
    parley_gazetteer_free(g);
    parley_dict_free(d);
    parley_model_free(m);
    if (st) {
        cli_report("eval dedup", st);
        return st == PARLEY_ERR_ARG ? CLI_USAGE : CLI_BAD_INPUT;
    }
    printf("%s\n", json);
    parley_string_free(json);
    return CLI_OK;
}
