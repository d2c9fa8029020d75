/* fuzz_event_places.c - libFuzzer harness for the event-location records
 * reader (parley eval event-places): the bytes are written to a file and
 * scored against the small gazetteer of tests/where (no parse), so every
 * record is read, segmented, searched for places and accounted for. */
#include "where/where.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static pl_gaz *gaz;
static char dir[64];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    parley_set_log(NULL, NULL);
    if (!gaz) {
        snprintf(dir, sizeof dir, "/tmp/fuzz_event_places_%ld.gaz", (long)getpid());
        if (parley_gazetteer_build("tests/where", dir, NULL) != PARLEY_OK ||
            parley_gazetteer_load(dir, &gaz) != PARLEY_OK)
            abort(); /* run from the repository root */
        unlink(dir);
    }
    char path[80];
    snprintf(path, sizeof path, "/tmp/fuzz_event_places_%ld.jsonl", (long)getpid());
    FILE *f = fopen(path, "wb");
    if (!f)
        return 0;
    fwrite(data, 1, size, f);
    fclose(f);
    char *json = NULL;
    if (parley_eval_event_places(gaz, NULL, path, &json) == PARLEY_OK && !json)
        __builtin_trap();
    parley_string_free(json);
    unlink(path);
    return 0;
}
