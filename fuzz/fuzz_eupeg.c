/* fuzz_eupeg.c - libFuzzer harness for the EUPEG gold-line reader (LGL,
 * GeoVirus, WikToR gold files). */
#include "where/where.h"

#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    parley_set_log(NULL, NULL);
    topo_list t = {0};
    if (pl_where_eupeg_line((const char *)data, size, "fuzz", 1, &t) == PARLEY_OK)
        for (size_t i = 0; i < t.n; i++)
            if (strlen(t.t[i].surface) >= sizeof t.t[i].surface || t.t[i].end < t.t[i].start)
                __builtin_trap();
    pl_free(t.t);
    return 0;
}
