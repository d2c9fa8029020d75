/* fuzz_timeml.c - libFuzzer harness for the TimeML reader and the time
 * expression tagger on its text: offsets must stay inside the text. */
#include "when/when.h"

#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    pl_tml t;
    if (pl_tml_parse((const char *)data, size, "fuzz", &t) != PARLEY_OK)
        return 0;
    for (size_t i = 0; i < t.ntimex; i++)
        if (t.timex[i].start > t.timex[i].end || t.timex[i].end > t.len)
            __builtin_trap();
    for (size_t i = 0; i < t.nevent; i++)
        if (t.event[i].start > t.event[i].end || t.event[i].end > t.len)
            __builtin_trap();
    pl_ymd dct, *d = pl_ymd_parse(t.dct, &dct) ? &dct : NULL;
    pl_timexes x = {0};
    if (pl_timex_tag(t.text, t.len, d, &x) == PARLEY_OK)
        for (size_t i = 0; i < x.n; i++)
            if (x.tx[i].start >= x.tx[i].end || x.tx[i].end > t.len ||
                memchr(x.tx[i].value, '\0', sizeof x.tx[i].value) == NULL)
                __builtin_trap();
    pl_timexes_release(&x);
    pl_tml_release(&t);
    return 0;
}
