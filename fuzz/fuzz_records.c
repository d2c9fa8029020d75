/* fuzz_records.c - libFuzzer harness for the PETRARCH unit-test records reader. */
#include "code/records.h"

#include <libxml/parser.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    parley_set_log(NULL, NULL);
    pl_records *r = NULL;
    if (pl_records_read_mem((const char *)data, size, "fuzz", &r) == PARLEY_OK) {
        size_t sum = strlen(r->verbfile) + strlen(r->actorfile);
        for (size_t i = 0; i < r->n; i++) {
            sum += strlen(r->r[i].text) + strlen(r->r[i].date) + strlen(r->r[i].id);
            for (size_t k = 0; k < r->r[i].nev; k++)
                sum += strlen(r->r[i].ev[k].src) + strlen(r->r[i].ev[k].code);
        }
        (void)sum;
        pl_records_free(r);
    }
    xmlResetLastError();
    return 0;
}
