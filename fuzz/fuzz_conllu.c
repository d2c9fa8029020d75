/* fuzz_conllu.c - libFuzzer harness for the CoNLL-U reader. */
#include "core/core.h"

#include <stdio.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    FILE *f = fmemopen((void *)data, size, "r");
    if (!f)
        return 0;
    pl_conllu_reader *r = pl_conllu_from_file(f, "fuzz");
    if (r) {
        const pl_conllu_sentence *s;
        parley_status st;
        int guard = 0;
        while ((st = pl_conllu_next(r, &s)) != PARLEY_END && guard++ < 100000) {
            if (st == PARLEY_ERR_NOMEM || st == PARLEY_ERR_IO)
                break;
        }
        pl_conllu_close(r);
    }
    fclose(f);
    return 0;
}
