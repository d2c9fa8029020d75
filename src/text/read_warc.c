/* read_warc.c - WARC files (placeholder until the reader lands). */
#include "text/text.h"

void pl_warc_free(pl_warc *w) { (void)w; }

parley_status pl_read_warc_next(parley_reader *r, parley_doc **out)
{
    (void)out;
    return pl_error(PARLEY_ERR_ARG, "%s: WARC input is not implemented yet", r->name);
}
