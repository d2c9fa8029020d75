/* doc.c - the document: construction for the stages, getters for users. */
#include "core.h"

#include <string.h>

/* Hard caps: a document bigger than this is split or refused by readers. */
#define PL_DOC_MAX_WORDS ((size_t)1 << 26)
#define PL_DOC_MAX_SENTS ((size_t)1 << 24)

parley_doc *pl_doc_create(void)
{
    parley_doc *doc = pl_calloc(1, sizeof *doc);
    if (!doc)
        return NULL;
    doc->arena = pl_arena_new(0);
    if (!doc->arena) {
        pl_free(doc);
        return NULL;
    }
    doc->id = doc->date = doc->title = doc->url = doc->source = doc->origin = "";
    doc->text = "";
    return doc;
}

parley_status pl_doc_set(parley_doc *doc, const char **field, const char *value, size_t len)
{
    if (!value) {
        *field = "";
        return PARLEY_OK;
    }
    char *s = pl_arena_strndup(doc->arena, value, len);
    if (!s)
        return pl_error(PARLEY_ERR_NOMEM, "out of memory copying document metadata");
    *field = s;
    return PARLEY_OK;
}

parley_status pl_doc_set_text(parley_doc *doc, const char *text, size_t len)
{
    if (len > UINT32_MAX - 1)
        return pl_error(PARLEY_ERR_TOO_LARGE, "document text of %zu bytes exceeds 4 GB", len);
    char *s = pl_arena_strndup(doc->arena, text, len);
    if (!s)
        return pl_error(PARLEY_ERR_NOMEM, "out of memory copying document text");
    doc->text = s;
    doc->text_len = len;
    return PARLEY_OK;
}

parley_status pl_doc_add_block(parley_doc *doc, uint32_t start, uint32_t end, int kind)
{
    if (start > end || end > doc->text_len)
        return pl_error(PARLEY_ERR_INTERNAL, "block [%u,%u) outside text", start, end);
    parley_status st = pl_grow((void **)&doc->blocks, &doc->blocks_cap, doc->nblocks + 1,
                               sizeof(pl_block), PL_DOC_MAX_SENTS);
    if (st)
        return st;
    doc->blocks[doc->nblocks++] = (pl_block){start, end, (uint8_t)kind};
    return PARLEY_OK;
}

parley_status pl_doc_add_sentence(parley_doc *doc, const pl_sentence *s)
{
    parley_status st = pl_grow((void **)&doc->sents, &doc->sents_cap, doc->nsents + 1,
                               sizeof(pl_sentence), PL_DOC_MAX_SENTS);
    if (st)
        return st;
    doc->sents[doc->nsents++] = *s;
    return PARLEY_OK;
}

parley_status pl_doc_add_word(parley_doc *doc, const pl_word *w)
{
    parley_status st = pl_grow((void **)&doc->words, &doc->words_cap, doc->nwords + 1,
                               sizeof(pl_word), PL_DOC_MAX_WORDS);
    if (st)
        return st;
    doc->words[doc->nwords++] = *w;
    return PARLEY_OK;
}

void pl_doc_clear_analysis(parley_doc *doc)
{
    doc->nsents = 0;
    doc->nwords = 0;
}

/* ---------------------------------------------------------------------- */
/* Public API */

PARLEY_API parley_status parley_doc_new(const char *id, const char *date, const char *text,
                                        size_t len, parley_doc **out)
{
    *out = NULL;
    if (!text && len)
        return pl_error(PARLEY_ERR_ARG, "parley_doc_new: NULL text");
    parley_doc *doc = pl_doc_create();
    if (!doc)
        return pl_error(PARLEY_ERR_NOMEM, "out of memory creating a document");
    pl_buf b;
    pl_buf_init(&b, 0);
    parley_status st = pl_utf8_repair(&b, text ? text : "", len, &doc->utf8_repairs);
    if (!st)
        st = pl_doc_set_text(doc, b.data ? b.data : "", b.len);
    pl_buf_release(&b);
    if (!st && id)
        st = pl_doc_set(doc, &doc->id, id, strlen(id));
    if (!st && date)
        st = pl_doc_set(doc, &doc->date, date, strlen(date));
    if (!st)
        st = pl_doc_add_block(doc, 0, (uint32_t)doc->text_len, PL_BLOCK_BODY);
    if (st) {
        parley_doc_free(doc);
        return st;
    }
    *out = doc;
    return PARLEY_OK;
}

PARLEY_API void parley_doc_free(parley_doc *doc)
{
    if (!doc)
        return;
    pl_free(doc->blocks);
    pl_free(doc->sents);
    pl_free(doc->words);
    pl_arena_free(doc->arena);
    pl_free(doc);
}

PARLEY_API const char *parley_doc_id(const parley_doc *doc) { return doc->id; }
PARLEY_API const char *parley_doc_date(const parley_doc *doc) { return doc->date; }
PARLEY_API const char *parley_doc_title(const parley_doc *doc) { return doc->title; }
PARLEY_API const char *parley_doc_url(const parley_doc *doc) { return doc->url; }
PARLEY_API const char *parley_doc_source(const parley_doc *doc) { return doc->source; }

PARLEY_API const char *parley_doc_text(const parley_doc *doc, size_t *len)
{
    if (len)
        *len = doc->text_len;
    return doc->text;
}

PARLEY_API size_t parley_doc_sentence_count(const parley_doc *doc) { return doc->nsents; }

PARLEY_API parley_status parley_doc_sentence_span(const parley_doc *doc, size_t i, size_t *start,
                                                  size_t *end)
{
    if (i >= doc->nsents)
        return pl_error(PARLEY_ERR_ARG, "sentence %zu out of range (%zu sentences)", i,
                        doc->nsents);
    *start = doc->sents[i].start;
    *end = doc->sents[i].end;
    return PARLEY_OK;
}

PARLEY_API parley_status parley_doc_sentence_words(const parley_doc *doc, size_t i, size_t *first,
                                                   size_t *count)
{
    if (i >= doc->nsents)
        return pl_error(PARLEY_ERR_ARG, "sentence %zu out of range (%zu sentences)", i,
                        doc->nsents);
    *first = doc->sents[i].word0;
    *count = doc->sents[i].nwords;
    return PARLEY_OK;
}

PARLEY_API size_t parley_doc_word_count(const parley_doc *doc) { return doc->nwords; }

static const pl_word *word_at(const parley_doc *doc, size_t w)
{
    return w < doc->nwords ? &doc->words[w] : NULL;
}

static const char *or_unset(const char *s) { return s ? s : "_"; }

PARLEY_API const char *parley_doc_word_form(const parley_doc *doc, size_t w)
{
    const pl_word *x = word_at(doc, w);
    return x ? x->form : "_";
}

PARLEY_API const char *parley_doc_word_lemma(const parley_doc *doc, size_t w)
{
    const pl_word *x = word_at(doc, w);
    return x ? or_unset(x->lemma) : "_";
}

PARLEY_API const char *parley_doc_word_upos(const parley_doc *doc, size_t w)
{
    const pl_word *x = word_at(doc, w);
    return x ? pl_upos_name(x->upos) : "_";
}

PARLEY_API const char *parley_doc_word_xpos(const parley_doc *doc, size_t w)
{
    const pl_word *x = word_at(doc, w);
    return x ? or_unset(x->xpos) : "_";
}

PARLEY_API const char *parley_doc_word_deprel(const parley_doc *doc, size_t w)
{
    const pl_word *x = word_at(doc, w);
    return x ? or_unset(x->deprel) : "_";
}

PARLEY_API int parley_doc_word_head(const parley_doc *doc, size_t w)
{
    const pl_word *x = word_at(doc, w);
    return x ? x->head : -1;
}

PARLEY_API parley_status parley_doc_word_span(const parley_doc *doc, size_t w, size_t *start,
                                              size_t *end)
{
    const pl_word *x = word_at(doc, w);
    if (!x)
        return pl_error(PARLEY_ERR_ARG, "word %zu out of range (%zu words)", w, doc->nwords);
    *start = x->start;
    *end = x->end;
    return PARLEY_OK;
}
