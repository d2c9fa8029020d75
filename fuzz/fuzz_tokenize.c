/* fuzz_tokenize.c - libFuzzer harness for the sentence splitter and
 * tokenizer: any bytes become a document (invalid UTF-8 repaired as the
 * readers do), cut into blocks at positions chosen by the input, segmented
 * twice; every span must lie inside its block and the words of each
 * sentence must be contiguous and ordered. When the first byte has its top
 * bit set the rest is read as a gold CoNLL-U file and evaluated instead
 * (parley eval tokenize: text rebuilding, alignment, LCS). */
#include "text/tokenize.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    if (data[0] & 0x80) {
        if (size < 2)
            return 0;
        FILE *f = fmemopen((void *)(data + 1), size - 1, "r");
        if (!f)
            return 0;
        char *json = NULL;
        if (pl_eval_tokenize_file(f, "fuzz", &json) == PARLEY_OK && !json)
            abort();
        parley_string_free(json);
        fclose(f);
        return 0;
    }
    /* first byte: number of extra block cuts */
    unsigned cuts = data[0] % 4;
    parley_doc *doc;
    if (parley_doc_new("fuzz", NULL, (const char *)data + 1, size - 1, &doc) != PARLEY_OK)
        return 0;
    if (cuts && doc->text_len > 1) {
        /* replace the single block by up to 4 blocks at UTF-8 boundaries */
        doc->nblocks = 0;
        uint32_t start = 0;
        for (unsigned c = 1; c <= cuts; c++) {
            uint32_t at = (uint32_t)(doc->text_len * c / (cuts + 1));
            while (at < doc->text_len && ((unsigned char)doc->text[at] & 0xC0) == 0x80)
                at++;
            if (at > start && pl_doc_add_block(doc, start, at, PL_BLOCK_BODY) != PARLEY_OK)
                abort();
            start = at;
        }
        if (pl_doc_add_block(doc, start, (uint32_t)doc->text_len, PL_BLOCK_BODY) != PARLEY_OK)
            abort();
    }
    for (int round = 0; round < 2; round++) {
        if (parley_doc_segment(doc) != PARLEY_OK)
            break;
        uint32_t next = 0;
        for (size_t s = 0; s < doc->nsents; s++) {
            const pl_sentence *se = &doc->sents[s];
            const pl_block *b = &doc->blocks[se->block];
            if (se->word0 != next || se->nwords == 0 || se->start < b->start || se->end > b->end)
                abort();
            for (uint32_t w = se->word0; w < se->word0 + se->nwords; w++) {
                const pl_word *x = &doc->words[w];
                if (x->start < se->start || x->end > se->end || x->start > x->end || !x->form ||
                    !x->norm || x->head != -1)
                    abort();
                if (w > se->word0 && x->start < doc->words[w - 1].end)
                    abort();
                if (x->mwt && (x->mwt < 2 || w + x->mwt > se->word0 + se->nwords))
                    abort();
            }
            next = se->word0 + se->nwords;
        }
        if (next != doc->nwords)
            abort();
    }
    parley_doc_free(doc);
    return 0;
}
