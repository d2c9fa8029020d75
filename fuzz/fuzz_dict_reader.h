/* fuzz_dict_reader.h - the body shared by the harnesses of the PETRARCH
 * dictionary readers (fuzz_dict_actors.c, _agents, _discards, _issues):
 * bytes in as lines, read into a fresh dictionary, finished, every actor
 * resolved for two dates (exercising the code ranges), freed. */
#ifndef FUZZ_DICT_READER_H
#define FUZZ_DICT_READER_H

#include "dict/dict.h"

#include <stdio.h>

typedef parley_status (*fuzz_dict_read_fn)(parley_dict *d, pl_lines *in);

static int fuzz_dict_reader(const uint8_t *data, size_t size, fuzz_dict_read_fn read)
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
        (void)read(d, in);
        (void)pl_dict_finish(d);
        for (size_t a = 0; a < d->nactors; a++) {
            (void)pl_dict_resolve(d, (uint32_t)a, 0);
            (void)pl_dict_resolve(d, (uint32_t)a, 20230614);
        }
        parley_dict_free(d);
    }
    pl_lines_free(in);
    return 0;
}

#endif /* FUZZ_DICT_READER_H */
