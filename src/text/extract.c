/* extract.c - the public face of article extraction: a document's blocks
 * and the HTML extractor over a page in memory (read_html.c does the work). */
#include "text/text.h"

#include <string.h>

PARLEY_API size_t parley_doc_block_count(const parley_doc *doc)
{
    return doc ? doc->nblocks : 0;
}

PARLEY_API parley_status parley_doc_block(const parley_doc *doc, size_t i, size_t *start,
                                          size_t *end, int *kind)
{
    if (!doc || i >= doc->nblocks)
        return pl_error(PARLEY_ERR_ARG, "block %zu out of range", i);
    if (start)
        *start = doc->blocks[i].start;
    if (end)
        *end = doc->blocks[i].end;
    if (kind)
        *kind = doc->blocks[i].kind;
    return PARLEY_OK;
}

PARLEY_API parley_status parley_html_extract(const char *html, size_t len, const char *charset,
                                             const char *name, parley_doc **out, const char **why)
{
    const char *reason = NULL;
    if (why)
        *why = NULL;
    if (!out || (!html && len))
        return pl_error(PARLEY_ERR_ARG, "parley_html_extract: NULL %s", out ? "html" : "out");
    *out = NULL;
    if (!name)
        name = "page";
    parley_status st = pl_html_extract(html ? html : "", len, charset, name, 1, out, &reason, NULL);
    if (!st && *out && !(*out)->id[0])
        st = pl_doc_set(*out, &(*out)->id, name, strlen(name));
    if (st) {
        parley_doc_free(*out);
        *out = NULL;
    }
    if (why)
        *why = reason;
    return st;
}
