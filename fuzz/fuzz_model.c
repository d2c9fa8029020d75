/* fuzz_model.c - libFuzzer harness for the model loader. Each input is
 * loaded twice: as it is (the CRCs reject most mutations early), and with
 * the section CRCs recomputed, so the checks behind them get fuzzed too.
 * A model that loads is used to tag and parse a sentence and dumped. */
#include "model/model.h"

#include <stdlib.h>
#include <string.h>
#include <zlib.h>

static void use(parley_model *m)
{
    parley_parser *p;
    if (parley_parser_new(m, &p) == PARLEY_OK) {
        const char *forms[] = {"The", "cat", "sat", "on", "the", "mat", "."};
        int t[7], h[7], l[7];
        if (pl_parse_words(p, forms, 7, t, h, l) == PARLEY_OK) {
            char lem[64];
            for (int i = 0; i < 7; i++)
                pl_lemmatize(m, forms[i], t[i], lem, sizeof lem);
        }
        parley_parser_free(p);
    }
    char *text;
    if (parley_model_dump(m, 4, &text) == PARLEY_OK)
        parley_string_free(text);
}

static uint64_t rd64(const uint8_t *p)
{
    uint64_t v = 0;
    for (int i = 7; i >= 0; i--)
        v = v << 8 | p[i];
    return v;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    parley_model *m;
    if (pl_model_from_memory(data, size, "fuzz.model", &m) == PARLEY_OK) {
        use(m);
        parley_model_free(m);
    }
    if (size < 32)
        return 0;
    uint8_t *copy = malloc(size);
    if (!copy)
        return 0;
    memcpy(copy, data, size);
    uint32_t nsec = (uint32_t)copy[16] | (uint32_t)copy[17] << 8;
    for (uint32_t i = 0; i < nsec && 32 + 24 * (size_t)(i + 1) <= size; i++) {
        uint8_t *e = copy + 32 + 24 * (size_t)i;
        uint64_t off = rd64(e + 8), len = rd64(e + 16);
        if (off > size || len > size - off)
            continue;
        uint32_t crc = (uint32_t)crc32(0L, copy + off, (uInt)len);
        for (int k = 0; k < 4; k++)
            e[4 + k] = (uint8_t)(crc >> (8 * k));
    }
    if (pl_model_from_memory(copy, size, "fuzz.model", &m) == PARLEY_OK) {
        use(m);
        parley_model_free(m);
    }
    free(copy);
    return 0;
}
