/* fuzz_verbs.c - libFuzzer harness for the CAMEO verb dictionary reader. */
#include "dict/verbs.h"

#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    parley_set_log(NULL, NULL);
    pl_verbdict *d = NULL;
    if (pl_verbs_load_mem((const char *)data, size, "fuzz", &d) != PARLEY_OK)
        return 0;
    /* walk everything the loader built */
    for (size_t i = 0; i < pl_verbs_pattern_count(d); i++) {
        const pl_vpattern *p = pl_verbs_pattern(d, i);
        size_t sum = strlen(p->text) + p->npre + p->npost;
        for (size_t k = 0; k < p->npost; k++)
            if (p->post[k].word)
                sum += strlen(p->post[k].word);
        (void)sum;
    }
    for (size_t i = 0; i < pl_verbs_block_count(d); i++) {
        const pl_vverb *const *v;
        size_t n;
        pl_verbs_lookup(d, pl_verbs_block(d, i)->name, &v, &n);
    }
    pl_verbs_free(d);
    return 0;
}
