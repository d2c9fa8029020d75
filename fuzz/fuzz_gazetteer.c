/* fuzz_gazetteer.c - libFuzzer harness for the gazetteer loader: any bytes
 * are a valid gazetteer or an error, and every lookup of a valid one stays
 * inside its tables. */
#include "where/where.h"

#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    parley_set_log(NULL, NULL);
    pl_gaz *g = NULL;
    if (pl_gaz_from_memory(data, size, "fuzz", &g) != PARLEY_OK)
        return 0;
    static const char *const names[] = {"usa", "paris", "south china sea", "a", "ca"};
    size_t sum = 0;
    for (size_t k = 0; k < sizeof names / sizeof names[0]; k++) {
        const uint32_t *post;
        size_t np;
        pl_gaz_lookup(g, names[k], strlen(names[k]), &post, &np, NULL);
        for (size_t i = 0; i < np; i++) {
            const pl_gentry *e = pl_gaz_entry(g, PL_GPOST_ENTRY(post[i]));
            if (!e)
                __builtin_trap();
            char feat[12];
            sum += strlen(pl_gaz_str(g, e->name)) + strlen(pl_gaz_feature(e, feat));
            const pl_gcountry *c = pl_gaz_country(g, e->country);
            sum += c ? strlen(c->iso3) : 0;
        }
    }
    (void)sum;
    parley_gazetteer_free(g);
    return 0;
}
