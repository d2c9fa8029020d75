/* fuzz_gold.c - libFuzzer harness for the gold-event reader of
 * `parley eval events` (one JSON object per line, GUIDE.md format). The
 * reader takes a path, so each input is written to a file of its own. */
#include "code/code.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    parley_set_log(NULL, NULL);
    char path[64];
    snprintf(path, sizeof path, "/tmp/fuzz_gold.%d", (int)getpid());
    FILE *f = fopen(path, "wb");
    if (!f)
        return 0;
    fwrite(data, 1, size, f);
    fclose(f);
    pl_gold_set g;
    memset(&g, 0, sizeof g);
    if (pl_gold_read(path, &g) == PARLEY_OK) {
        size_t sum = 0;
        for (size_t i = 0; i < g.ndocs; i++) {
            size_t n = 0;
            pl_gold_event *e = pl_gold_doc(&g, g.docs[i], &n);
            for (size_t k = 0; k < n; k++)
                sum += strlen(e[k].src) + strlen(e[k].tgt) + strlen(e[k].root) +
                       strlen(e[k].date) + strlen(e[k].place) + strlen(e[k].src_text);
        }
        (void)sum;
    }
    pl_gold_release(&g);
    unlink(path);
    return 0;
}
