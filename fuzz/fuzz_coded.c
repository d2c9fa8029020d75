/* fuzz_coded.c - libFuzzer harness for coded documents as JSON
 * (parley_doc_from_coded_json: what a Dask worker sends the writer). A
 * document it accepts must write itself back as a line it reads again to
 * the same line, and print its events in every format without a fault. */
#include "core/core.h"

#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    parley_set_log(NULL, NULL);
    parley_doc *doc = NULL;
    if (parley_doc_from_coded_json((const char *)data, size, "fuzz", &doc) != PARLEY_OK)
        return 0;
    char *js = NULL, *again = NULL;
    parley_doc *back = NULL;
    if (parley_doc_coded_json(doc, &js) == PARLEY_OK &&
        parley_doc_from_coded_json(js, strlen(js), "fuzz", &back) == PARLEY_OK &&
        parley_doc_coded_json(back, &again) == PARLEY_OK && strcmp(js, again) != 0)
        __builtin_trap();
    for (int f = PARLEY_EVENTS_JSONL; f <= PARLEY_EVENTS_GDELT; f++) {
        char *out = NULL;
        parley_events_format(doc, (parley_event_format)f, &out);
        parley_string_free(out);
    }
    parley_string_free(again);
    parley_string_free(js);
    parley_doc_free(back);
    parley_doc_free(doc);
    return 0;
}
