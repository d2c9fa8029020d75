/* fuzz_event_model.c - libFuzzer harness for the event model reader
 * (rank.c, `parley-events 1` text files). */
#include "code/code.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    parley_set_log(NULL, NULL);
    char path[64];
    snprintf(path, sizeof path, "/tmp/fuzz_event_model.%d", (int)getpid());
    FILE *f = fopen(path, "wb");
    if (!f)
        return 0;
    fwrite(data, 1, size, f);
    fclose(f);
    pl_rank *r = NULL;
    if (pl_rank_load(path, "fuzz", &r) == PARLEY_OK)
        pl_rank_free(r);
    unlink(path);
    return 0;
}
