/*
 * events.c - each coded event's own date (`event_date`).
 *
 * The document's time expressions are found once (the tagger over the
 * whole text, resolved against the document date). An event takes, in
 * order:
 *   1. text: a date expression of its sentence attached to its trigger in
 *      the parse (the trigger is on the expression's head chain: "met Wang
 *      Yi later in February", "said on Friday");
 *   2. document: the document's date.
 * (A context step, the running date of the paragraph or the lead's date,
 * was measured and did worse; see docs/internals/when.md.)
 * Only expressions that name a calendar period count (DATE and TIME with a
 * resolved value, or "now"); durations and sets never date an event.
 */
#include "code/code.h"
#include "when/when.h"

#include <stdio.h>
#include <string.h>

struct pl_when_ctx {
    const parley_doc *doc;
    pl_timexes tx;
    uint32_t *sent; /* sentence of each expression (UINT32_MAX: none) */
    uint32_t *head; /* doc word heading each expression (UINT32_MAX: none) */
    bool *usable;   /* names a calendar period (or the present) */
    bool have_dct;
    pl_ymd dct;
};

const char *pl_basis_name(int basis)
{
    switch (basis) {
    case PL_BASIS_TEXT: return "text";
    case PL_BASIS_CONTEXT: return "context";
    case PL_BASIS_DOCUMENT: return "document";
    default: return "";
    }
}

void pl_when_ctx_free(pl_when_ctx *c)
{
    if (!c)
        return;
    pl_timexes_release(&c->tx);
    pl_free(c->sent);
    pl_free(c->head);
    pl_free(c->usable);
    pl_free(c);
}

/* The sentence holding byte offset off (binary search), or UINT32_MAX. */
uint32_t pl_when_sentence_at(const parley_doc *doc, uint32_t off)
{
    size_t lo = 0, hi = doc->nsents;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (doc->sents[mid].end <= off)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < doc->nsents && doc->sents[lo].start <= off)
        return (uint32_t)lo;
    return UINT32_MAX;
}

/* Doc word index of the head of the expression [s, e) in sentence si: the
 * word of the span whose own head lies outside it. */
static uint32_t span_head(const parley_doc *doc, uint32_t si, uint32_t s, uint32_t e)
{
    const pl_sentence *S = &doc->sents[si];
    uint32_t first = UINT32_MAX, last = 0;
    for (uint32_t w = S->word0; w < S->word0 + S->nwords; w++) {
        if (doc->words[w].end <= s || doc->words[w].start >= e)
            continue;
        if (first == UINT32_MAX)
            first = w;
        last = w;
    }
    if (first == UINT32_MAX)
        return UINT32_MAX;
    for (uint32_t w = first; w <= last; w++) {
        int32_t h = doc->words[w].head;
        if (h <= 0)
            return w;
        uint32_t hw = S->word0 + (uint32_t)h - 1;
        if (hw < first || hw > last)
            return w;
    }
    return last;
}

/* An expression can date an event when it names a period that has begun
 * by the document date: an act announced for "Friday" next is an intention,
 * dated when it is expressed (the document date). */
static bool usable(const pl_timex *x, const pl_ymd *dct)
{
    if (x->type != PL_TX_DATE && x->type != PL_TX_TIME)
        return false;
    if (strcmp(x->value, "PRESENT_REF") == 0)
        return true;
    pl_ymd a, b;
    if (x->prec == PL_PREC_NONE || !pl_timex_period(x->value, &a, &b))
        return false;
    return !dct || pl_days_from_ymd(a) <= pl_days_from_ymd(*dct);
}

/* Steps from word w up its head chain to word target, or -1 when target is
 * not an ancestor (or the sentence is not parsed). */
static int chain_distance(const parley_doc *doc, uint32_t si, uint32_t w, uint32_t target)
{
    const pl_sentence *S = &doc->sents[si];
    for (int d = 0; d < 64 && w != UINT32_MAX; d++) {
        if (w == target)
            return d;
        int32_t h = doc->words[w].head;
        if (h <= 0 || (uint32_t)h > S->nwords)
            return -1;
        w = S->word0 + (uint32_t)h - 1;
    }
    return -1;
}

/* Tag the sentences of doc that mask marks (all of the text when mask is
 * NULL), their expressions at their offsets in the document's text. */
static parley_status tag_sentences(const parley_doc *doc, const pl_ymd *dct, const bool *mask,
                                   pl_timexes *tx)
{
    if (!mask)
        return pl_timex_tag(doc->text, doc->text_len, dct, tx);
    parley_status st = PARLEY_OK;
    for (size_t s = 0; s < doc->nsents && !st; s++) {
        if (!mask[s])
            continue;
        const pl_sentence *se = &doc->sents[s];
        size_t n0 = tx->n;
        st = pl_timex_tag(doc->text + se->start, se->end - se->start, dct, tx);
        for (size_t i = n0; i < tx->n; i++) {
            tx->tx[i].start += se->start;
            tx->tx[i].end += se->start;
        }
    }
    return st;
}

static parley_status ctx_build(const parley_doc *doc, const bool *mask, pl_when_ctx **out)
{
    *out = NULL;
    pl_when_ctx *c = pl_calloc(1, sizeof *c);
    if (!c)
        return pl_error(PARLEY_ERR_NOMEM, "out of memory");
    c->doc = doc;
    c->have_dct = pl_ymd_parse(doc->date, &c->dct);
    parley_status st = tag_sentences(doc, c->have_dct ? &c->dct : NULL, mask, &c->tx);
    size_t n = c->tx.n;
    if (!st && n) {
        c->sent = pl_malloc(n * sizeof *c->sent);
        c->head = pl_malloc(n * sizeof *c->head);
        c->usable = pl_malloc(n * sizeof *c->usable);
        if (!c->sent || !c->head || !c->usable)
            st = pl_error(PARLEY_ERR_NOMEM, "out of memory");
    }
    for (size_t i = 0; !st && i < n; i++) {
        const pl_timex *x = &c->tx.tx[i];
        c->sent[i] = pl_when_sentence_at(doc, x->start);
        c->head[i] =
            c->sent[i] == UINT32_MAX ? UINT32_MAX : span_head(doc, c->sent[i], x->start, x->end);
        c->usable[i] = usable(x, c->have_dct ? &c->dct : NULL);
    }
    if (st) {
        pl_when_ctx_free(c);
        return st;
    }
    *out = c;
    return PARLEY_OK;
}

parley_status pl_when_ctx_new(const parley_doc *doc, pl_when_ctx **out)
{
    return ctx_build(doc, NULL, out);
}

static void from_timex(const pl_when_ctx *c, size_t i, int basis, pl_edate *out)
{
    const pl_timex *x = &c->tx.tx[i];
    memset(out, 0, sizeof *out);
    if (strcmp(x->value, "PRESENT_REF") == 0 && c->have_dct) {
        snprintf(out->value, sizeof out->value, "%04d-%02d-%02d", c->dct.y, c->dct.m, c->dct.d);
        out->prec = PL_PREC_DAY;
    } else {
        memcpy(out->value, x->value, sizeof out->value);
        out->prec = x->prec;
        if (x->prec == PL_PREC_TIME || x->type == PL_TX_TIME) { /* the day of a clock time */
            out->value[10] = '\0';
            out->prec = PL_PREC_DAY;
        }
    }
    out->basis = (uint8_t)basis;
    out->start = x->start;
    out->end = x->end;
}

void pl_when_date_word(const pl_when_ctx *c, size_t sent, size_t trigger, pl_edate *out)
{
    const parley_doc *doc = c->doc;
    memset(out, 0, sizeof *out);
    long best = -1;
    int bestd = 1 << 30;
    for (size_t i = 0; i < c->tx.n; i++) {
        if (c->sent[i] != sent || !c->usable[i] || c->head[i] == UINT32_MAX)
            continue;
        int d = chain_distance(doc, (uint32_t)sent, c->head[i], (uint32_t)trigger);
        if (d >= 0 && d < bestd) {
            bestd = d;
            best = (long)i;
        }
    }
    if (best >= 0) {
        from_timex(c, (size_t)best, PL_BASIS_TEXT, out);
        return;
    }
    /* No context fallback: on the Wikinews dev gold the running date of the
     * paragraph (54.8%) and the lead's date (67.4%) both did worse than the
     * document date (69.7%); docs/internals/when.md has the figures. */
    if (c->have_dct) {
        snprintf(out->value, sizeof out->value, "%04d-%02d-%02d", c->dct.y, c->dct.m, c->dct.d);
        out->prec = PL_PREC_DAY;
    }
    out->basis = PL_BASIS_DOCUMENT;
}

/* The doc word holding byte offset off in sentence si (UINT32_MAX: none). */
uint32_t pl_when_word_at(const parley_doc *doc, size_t si, uint32_t off)
{
    const pl_sentence *S = &doc->sents[si];
    for (uint32_t w = S->word0; w < S->word0 + S->nwords; w++)
        if (doc->words[w].start <= off && off < doc->words[w].end)
            return w;
    return UINT32_MAX;
}

parley_status pl_when_date_events(parley_doc *doc)
{
    if (!doc || doc->nevents == 0)
        return PARLEY_OK;
    /* only the sentences that hold events are tagged: an event is dated
     * from its own sentence, and most sentences hold none */
    bool *mask = pl_calloc(doc->nsents ? doc->nsents : 1, sizeof *mask);
    if (!mask)
        return pl_error(PARLEY_ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < doc->nevents; i++)
        if (doc->events[i].sent < doc->nsents)
            mask[doc->events[i].sent] = true;
    pl_when_ctx *c;
    parley_status st = ctx_build(doc, mask, &c);
    pl_free(mask);
    if (st)
        return st;
    for (size_t i = 0; i < doc->nevents && !st; i++) {
        pl_event *e = &doc->events[i];
        pl_edate d;
        uint32_t w =
            e->sent < doc->nsents ? pl_when_word_at(doc, e->sent, e->trig_start) : UINT32_MAX;
        if (w == UINT32_MAX)
            memset(&d, 0, sizeof d), d.basis = PL_BASIS_DOCUMENT;
        if (w != UINT32_MAX)
            pl_when_date_word(c, e->sent, w, &d);
        else if (c->have_dct)
            snprintf(d.value, sizeof d.value, "%04d-%02d-%02d", c->dct.y, c->dct.m, c->dct.d),
                d.prec = PL_PREC_DAY;
        e->when.value = pl_arena_strdup(doc->arena, d.value);
        e->when.precision = pl_prec_name(d.prec);
        e->when.basis = pl_basis_name(d.basis);
        e->when.text = d.end > d.start
                           ? pl_arena_strndup(doc->arena, doc->text + d.start, d.end - d.start)
                           : "";
        e->when.start = d.start;
        e->when.end = d.end;
        if (!e->when.value || !e->when.text)
            st = pl_error(PARLEY_ERR_NOMEM, "out of memory dating events");
    }
    pl_when_ctx_free(c);
    return st;
}
