/* fuzz_part.c - libFuzzer harness for parts of a JSON Lines file
 * (parley_reader_open_part): the input is written to a file and cut at two
 * places taken from its first bytes; the three parts read in turn must give
 * the documents (ids, line numbers, texts) and counters of the whole file. */
#include "core/core.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* Every document of the parts [0,c1) [c1,c2) [c2,end) (or the whole file when
 * ncuts is 0) as "id|record text" lines, and the counters, into b. */
static int read_parts(const char *path, const uint64_t *cuts, int ncuts, pl_buf *b)
{
    parley_stats *s = NULL;
    if (parley_stats_new(&s) != PARLEY_OK)
        return -1;
    uint64_t from = 0;
    int rc = 0;
    for (int i = 0; i <= ncuts && !rc; i++) {
        uint64_t to = i < ncuts ? cuts[i] : 0;
        parley_reader *r = NULL;
        parley_status st = ncuts ? parley_reader_open_part(path, s, from, to, &r)
                                 : parley_reader_open(path, PARLEY_INPUT_JSONL, s, &r);
        if (st) {
            rc = st == PARLEY_ERR_ARG ? 1 : -1; /* a wide file: not cut */
            break;
        }
        parley_doc *doc;
        while ((st = parley_reader_next(r, &doc)) == PARLEY_OK) {
            size_t n;
            const char *t = parley_doc_text(doc, &n);
            pl_buf_puts(b, parley_doc_id(doc));
            pl_buf_putc(b, '|');
            pl_buf_append(b, t, n);
            pl_buf_putc(b, '\n');
            parley_doc_free(doc);
        }
        if (st != PARLEY_END)
            pl_buf_puts(b, parley_errmsg());
        parley_reader_free(r);
        from = to;
    }
    pl_buf_puts(b, parley_stats_json(s));
    parley_stats_free(s);
    return rc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 3)
        return 0;
    parley_set_log(NULL, NULL);
    uint64_t c1 = 1 + data[0] % (size + 1), c2 = c1 + data[1] % (size + 1);
    uint64_t cuts[2] = {c1, c2};
    char path[64];
    snprintf(path, sizeof path, "/tmp/fuzz_part.%d.jsonl", (int)getpid());
    FILE *f = fopen(path, "wb");
    if (!f)
        return 0;
    fwrite(data + 2, 1, size - 2, f);
    fclose(f);
    pl_buf whole, parts;
    pl_buf_init(&whole, 0);
    pl_buf_init(&parts, 0);
    int a = read_parts(path, NULL, 0, &whole), b = read_parts(path, cuts, 2, &parts);
    if (a == 0 && b == 0 && strcmp(whole.data ? whole.data : "", parts.data ? parts.data : ""))
        __builtin_trap();
    pl_buf_release(&whole);
    pl_buf_release(&parts);
    unlink(path);
    return 0;
}
