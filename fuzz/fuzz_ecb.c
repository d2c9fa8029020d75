/* fuzz_ecb.c - libFuzzer harness for the ECB+ document reader of `parley
 * eval dedup` (src/store/eval_dedup.c): bytes in as one CAT XML file, read
 * as an ECB and as an ECB+ file (whose first sentence is a URL). */
#include "store/store.h"

#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    for (int plus = 0; plus < 2; plus++) {
        parley_doc *doc = NULL;
        if (st_read_ecb((const char *)data, size, "fuzz.xml", "1_1ecb", plus, &doc) == PARLEY_OK) {
            if (!doc || doc->text_len != strlen(doc->text))
                __builtin_trap();
            parley_doc_free(doc);
        } else if (doc) {
            __builtin_trap();
        }
    }
    return 0;
}
