/* read_text.c - plain text: one document per file. The first non-empty
 * line is the headline; blank-line separated paragraphs are body blocks. */
#include "text/text.h"

#include <string.h>

static bool blank_line(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\f' && s[i] != '\v')
            return false;
    return true;
}

/* Set doc's blocks: the first non-empty line as headline, then every run
 * of non-blank lines as a body block (trimmed later by cleaning). */
static parley_status text_blocks(parley_doc *doc)
{
    const char *t = doc->text;
    size_t n = doc->text_len, i = 0;
    bool headline = false;
    size_t para = SIZE_MAX; /* start of the open paragraph */
    parley_status st = PARLEY_OK;
    while (i < n && !st) {
        size_t e = i;
        while (e < n && t[e] != '\n')
            e++;
        bool blank = blank_line(t + i, e - i);
        if (!blank && !headline) {
            headline = true;
            st = pl_doc_add_block(doc, (uint32_t)i, (uint32_t)e, PL_BLOCK_HEADLINE);
        } else if (blank && para != SIZE_MAX) {
            st = pl_doc_add_block(doc, (uint32_t)para, (uint32_t)i, PL_BLOCK_BODY);
            para = SIZE_MAX;
        } else if (!blank && para == SIZE_MAX) {
            para = i;
        }
        i = e + 1;
    }
    if (!st && para != SIZE_MAX)
        st = pl_doc_add_block(doc, (uint32_t)para, (uint32_t)n, PL_BLOCK_BODY);
    return st;
}

parley_status pl_read_text_next(parley_reader *r, parley_doc **out)
{
    if (r->done)
        return PARLEY_END;
    r->done = true;
    pl_buf raw, text;
    pl_buf_init(&raw, PL_TEXT_MAX_DOC + 1);
    pl_buf_init(&text, PL_DOC_MAX_TEXT + 1);
    parley_doc *doc = NULL;
    parley_status st = pl_read_whole_doc(r, &raw, "document");
    if (st)
        goto done;
    size_t repairs = 0;
    /* a UTF-8 byte order mark is not text */
    size_t bom = raw.len >= 3 && memcmp(raw.data, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    st = pl_utf8_repair(&text, raw.data ? raw.data + bom : "", raw.len - bom, &repairs);
    if (st == PARLEY_ERR_TOO_LARGE) {
        /* U+FFFD takes 3 bytes: a file of invalid bytes can triple */
        pl_warn("%s: text larger than %zu bytes after replacing invalid UTF-8, skipped", r->name,
                PL_DOC_MAX_TEXT);
        parley_stats_skip(r->stats, "too_large");
        st = PARLEY_END;
        goto done;
    }
    if (st)
        goto done;
    pl_stats_repairs(r->stats, repairs);
    if (repairs)
        pl_warn("%s: %zu invalid UTF-8 byte%s replaced", r->name, repairs, repairs == 1 ? "" : "s");
    if (!(doc = pl_doc_create())) {
        st = pl_error(PARLEY_ERR_NOMEM, "out of memory reading %s", r->name);
        goto done;
    }
    doc->utf8_repairs = repairs;
    doc->record = 1;
    if ((st = pl_doc_set_text(doc, text.data ? text.data : "", text.len)) ||
        (st = pl_doc_set(doc, &doc->id, r->base, strlen(r->base))) ||
        (st = pl_doc_set(doc, &doc->origin, r->name, strlen(r->name))) || (st = text_blocks(doc)))
        goto done;
    if (doc->nblocks == 0) {
        pl_warn("%s: no text, skipped", r->name);
        parley_stats_skip(r->stats, "empty");
        st = PARLEY_END;
        goto done;
    }
    if ((st = pl_clean_doc(doc, NULL)))
        goto done;
    if (doc->nblocks && doc->blocks[0].kind == PL_BLOCK_HEADLINE &&
        (st = pl_doc_set(doc, &doc->title, doc->text + doc->blocks[0].start,
                         doc->blocks[0].end - doc->blocks[0].start)))
        goto done;
    if (doc->nblocks == 0) {
        pl_warn("%s: nothing but page furniture, skipped", r->name);
        parley_stats_skip(r->stats, "no_text");
        st = PARLEY_END;
        goto done;
    }
    pl_stats_processed(r->stats);
    *out = doc;
    doc = NULL;
done:
    parley_doc_free(doc);
    pl_buf_release(&raw);
    pl_buf_release(&text);
    return st;
}
