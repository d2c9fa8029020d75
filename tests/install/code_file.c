/* code_file.c - the smallest program using an installed libparley: codes the
 * documents of FILE for DATE with the default model and dictionaries, which
 * the library finds relative to itself, and prints the events as JSON Lines.
 * Built by scripts/test-install.sh with `pkg-config --cflags --libs parley`. */
#include <parley.h>

#include <stdio.h>

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: code_file FILE YYYY-MM-DD\n");
        return 2;
    }
    parley_model *m = NULL;
    parley_dict *d = NULL;
    parley_coder *c = NULL;
    parley_gazetteer *g = NULL;
    parley_reader *r = NULL;
    parley_status st = parley_model_load(NULL, &m);
    if (!st) {
        parley_set_log(NULL, NULL); /* dictionary repairs: `parley dict check` reports them */
        st = parley_dict_load(NULL, &d);
    }
    if (!st)
        st = parley_coder_new(m, d, &c);
    /* places, as `parley code` gives them: the installed gazetteer */
    if (!st && (st = parley_gazetteer_load(NULL, &g)) == PARLEY_OK)
        parley_coder_set_gazetteer(c, g);
    if (!st)
        st = parley_reader_open(argv[1], PARLEY_INPUT_AUTO, NULL, &r);
    parley_doc *doc;
    while (!st && (st = parley_reader_next(r, &doc)) == PARLEY_OK) {
        char *out = NULL;
        st = parley_coder_code_doc(c, doc, argv[2]);
        if (!st)
            st = parley_events_format(doc, PARLEY_EVENTS_JSONL, &out);
        if (!st)
            fputs(out, stdout);
        parley_string_free(out);
        parley_doc_free(doc);
    }
    if (st != PARLEY_END)
        fprintf(stderr, "code_file: %s\n", parley_errmsg());
    parley_reader_free(r);
    parley_coder_free(c);
    parley_gazetteer_free(g);
    parley_dict_free(d);
    parley_model_free(m);
    return st == PARLEY_END && fflush(stdout) == 0 ? 0 : 1;
}
