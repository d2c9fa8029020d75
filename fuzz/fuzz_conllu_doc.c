/* fuzz_conllu_doc.c - libFuzzer harness for reading pre-tokenized CoNLL-U
 * into a document (parley parse --input-format conllu) and writing the
 * document back as CoNLL-U. */
#include "model/model.h"

#include <stdio.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    FILE *f = fmemopen((void *)data, size, "r");
    if (!f)
        return 0;
    pl_conllu_reader *r = pl_conllu_from_file(f, "fuzz.conllu");
    if (r) {
        parley_doc *doc;
        if (pl_doc_from_conllu(r, &doc) == PARLEY_OK) {
            char *out;
            if (parley_doc_to_conllu(doc, &out) == PARLEY_OK)
                parley_string_free(out);
            parley_doc_free(doc);
        }
        pl_conllu_close(r);
    }
    fclose(f);
    return 0;
}
