/* fuzz_dict_actors.c - libFuzzer harness for the PETRARCH actors dictionary reader. */
#include "dict/dict.h"

#include <stdio.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    FILE *f = fmemopen((void *)data, size, "r");
    if (!f)
        return 0;
    pl_lines *in = pl_lines_new(f, true, "fuzz", 1 << 16);
    if (!in) {
        fclose(f);
        return 0;
    }
    parley_dict *d;
    if (pl_dict_new(&d) == PARLEY_OK) {
        (void)pl_dict_read_actors(d, in);
        (void)pl_dict_finish(d);
        /* resolve every record for a few dates: exercises the code ranges */
        for (size_t a = 0; a < d->nactors; a++) {
            (void)pl_dict_resolve(d, (uint32_t)a, 0);
            (void)pl_dict_resolve(d, (uint32_t)a, 20230614);
        }
        parley_dict_free(d);
    }
    pl_lines_free(in);
    return 0;
}
