/* segment_features.c - not a benchmark: the tool that writes the training
 * data of the sentence-boundary model (see src/text/segment_train.py and
 * docs/internals/text-tokenize.md).
 *   build/bench/segment_features GOLD.conllu > FEATURES
 * One line per gap between two tokens on the same line: the gold label and
 * the gap's feature keys; the F1 scores go to stderr. */
#include "text/tokenize.h"

#include <stdio.h>

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: segment_features GOLD.conllu > FEATURES\n");
        return 2;
    }
    char *json = NULL;
    parley_status st = pl_eval_tokenize_dump(argv[1], stdout, &json);
    if (st) {
        fprintf(stderr, "segment_features: %s\n", parley_errmsg());
        return 1;
    }
    fprintf(stderr, "%s\n", json);
    parley_string_free(json);
    return 0;
}
