/* fuzz_reader.h - the body shared by the harnesses of the document readers
 * (fuzz_html.c, fuzz_jsonl.c, fuzz_warc.c): bytes in through fmemopen,
 * every document read, checked (blocks inside the text, text valid UTF-8
 * without NUL) and freed, then the stats written. */
#ifndef FUZZ_READER_H
#define FUZZ_READER_H

#include "text/text.h"

#include <stdio.h>

static int fuzz_reader(const uint8_t *data, size_t size, parley_input_format format)
{
    if (size == 0)
        return 0;
    FILE *f = fmemopen((void *)data, size, "r");
    if (!f)
        return 0;
    parley_stats *stats = NULL;
    if (parley_stats_new(&stats) != PARLEY_OK) {
        fclose(f);
        return 0;
    }
    parley_reader *r;
    if (pl_reader_from_file(f, true, "fuzz", format, stats, &r) == PARLEY_OK) {
        parley_doc *doc;
        parley_status st;
        int guard = 0;
        while ((st = parley_reader_next(r, &doc)) == PARLEY_OK && guard++ < 100000) {
            for (size_t i = 0; i < doc->nblocks; i++)
                if (doc->blocks[i].start > doc->blocks[i].end || doc->blocks[i].end > doc->text_len)
                    __builtin_trap();
            for (size_t i = 0; i < doc->text_len;) {
                size_t l =
                    pl_utf8_valid_len((const unsigned char *)doc->text + i, doc->text_len - i);
                if (!l || doc->text[i] == '\0')
                    __builtin_trap();
                i += l;
            }
            parley_doc_free(doc);
        }
        parley_reader_free(r);
    }
    (void)parley_stats_json(stats);
    parley_stats_free(stats);
    return 0;
}

#endif /* FUZZ_READER_H */
