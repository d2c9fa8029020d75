/* read_html.c - HTML pages (placeholder until the extractor lands). */
#include "text/text.h"

parley_status pl_read_html_next(parley_reader *r, parley_doc **out)
{
    (void)out;
    return pl_error(PARLEY_ERR_ARG, "%s: HTML input is not implemented yet", r->name);
}
