/*
 * events.c - each coded event's own date (`event_date`).
 *
 * The document's time expressions are found once (the tagger over the
 * whole text, resolved against the document date). An event takes, in
 * order:
 *   1. text: a date expression of its sentence attached to its trigger in
 *      the parse (the trigger is on the expression's head chain: "met Wang
 *      Yi later in February", "said on Friday"), else one attached to the
 *      nearest clause above the trigger ("said on Friday he may declare");
 *   2. context: the same event dated in another sentence (a predicate of
 *      the same lemma), else, in the headline and the first sentences, the
 *      article's news day (the lead's date in the week before the article);
 *   3. document: the document's date.
 * (The running date of the paragraph was measured and did worse; see
 * docs/internals/when.md.)
 * Only expressions that name a calendar period count (DATE and TIME with a
 * resolved value, or "now"); durations and sets never date an event.
 */
#include "code/code.h"
#include "when/when.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>

/* The news day is sought in the headline and the lead (sentences 0..4), in
 * the week before the document date, and dates the events of the headline
 * and the first sentences (0..5) that have no date of their own. Tuned on
 * the Wikinews dev and train gold (docs/internals/when.md). */
enum { PL_NEWS_LEAD = 4, PL_NEWS_WINDOW = 7, PL_NEWS_SENTENCES = 5 };

struct pl_when_ctx {
    const parley_doc *doc;
    pl_timexes tx;
    uint32_t *sent; /* sentence of each expression (UINT32_MAX: none) */
    uint32_t *head; /* doc word heading each expression (UINT32_MAX: none) */
    bool *usable;   /* names a calendar period (or the present) */
    bool have_dct;
    pl_ymd dct;
    long news; /* index of the expression giving the news day (-1: none) */
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

/* The news day of the article: the first day-precision date of the
 * headline and the lead (sentences 0..PL_NEWS_LEAD) that lies in the week
 * before the document date ("said on Friday" in an article of Monday).
 * Returns the expression's index, or -1. */
static long news_day(const pl_when_ctx *c)
{
    /* a news story's shape: a headline, then the lead (TimeML text, for
     * one, has none, and its first sentences are no lead) */
    const parley_doc *doc = c->doc;
    if (!c->have_dct || doc->nblocks == 0 || doc->blocks[0].kind != PL_BLOCK_HEADLINE)
        return -1;
    long dct = pl_days_from_ymd(c->dct);
    for (size_t i = 0; i < c->tx.n; i++) {
        if (c->sent[i] == UINT32_MAX || c->sent[i] > PL_NEWS_LEAD)
            break;
        const pl_timex *x = &c->tx.tx[i];
        pl_ymd a, b;
        if (!c->usable[i] || x->prec < PL_PREC_DAY || !pl_timex_period(x->value, &a, &b))
            continue;
        long d = pl_days_from_ymd(a);
        if (d <= dct && d >= dct - PL_NEWS_WINDOW)
            return (long)i;
    }
    return -1;
}

/* A weekday the tagger put after the document date (a future cue in the
 * sentence) whose own verb is in the past tense ("the law invoked by the
 * cabinet Tuesday morning will allow...": invoked, so the Tuesday before):
 * moved back a week. The parse knows the verb; the tagger only the words. */
static void past_weekday(const parley_doc *doc, uint32_t si, uint32_t head, const pl_ymd *dct,
                         pl_timex *x)
{
    static const char *const days[] = {"monday", "tuesday",  "wednesday", "thursday",
                                       "friday", "saturday", "sunday",    NULL};
    pl_ymd d;
    if (x->prec != PL_PREC_DAY || !pl_ymd_parse(x->value, &d) ||
        pl_days_from_ymd(d) <= pl_days_from_ymd(*dct))
        return;
    char low[16];
    size_t n = x->end - x->start < sizeof low - 1 ? x->end - x->start : sizeof low - 1;
    for (size_t k = 0; k < n; k++) {
        char ch = doc->text[x->start + k];
        low[k] = (char)(ch >= 'A' && ch <= 'Z' ? ch + 32 : ch);
    }
    low[n] = '\0';
    bool weekday = false;
    for (int k = 0; days[k] && !weekday; k++)
        weekday = strstr(low, days[k]) != NULL;
    if (!weekday)
        return;
    /* the verb the expression hangs from */
    const pl_sentence *S = &doc->sents[si];
    uint32_t w = head;
    for (int step = 0; step < 16 && w != UINT32_MAX; step++) {
        const pl_word *v = &doc->words[w];
        if (step > 0 && v->upos == PL_UPOS_VERB) {
            bool past = v->xpos && (!strcmp(v->xpos, "VBD") || !strcmp(v->xpos, "VBN"));
            for (uint32_t k = S->word0; past && k < S->word0 + S->nwords; k++) {
                const pl_word *a = &doc->words[k];
                if (a->head > 0 && S->word0 + (uint32_t)a->head - 1 == w && a->lemma &&
                    (!strcmp(a->lemma, "will") || !strcmp(a->lemma, "shall") ||
                     !strcmp(a->lemma, "be") || !strcmp(a->lemma, "to")) &&
                    a->deprel && !strncmp(a->deprel, "aux", 3))
                    past = false; /* "will be held", "is to be signed" */
            }
            if (past) {
                pl_ymd b = pl_ymd_from_days(pl_days_from_ymd(d) - 7);
                char tail[16]; /* "TMO" of "2005-11-08TMO" */
                snprintf(tail, sizeof tail, "%s", x->value + 10);
                if (b.y >= 0 && b.y <= 9999)
                    snprintf(x->value, sizeof x->value, "%04d-%02d-%02d%.15s", b.y, b.m % 100,
                             b.d % 100, tail);
            }
            return;
        }
        int32_t h = doc->words[w].head;
        w = h > 0 && (uint32_t)h <= S->nwords ? S->word0 + (uint32_t)h - 1 : UINT32_MAX;
    }
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
        if (c->head[i] != UINT32_MAX && c->have_dct)
            past_weekday(doc, c->sent[i], c->head[i], &c->dct, &c->tx.tx[i]);
        c->usable[i] = usable(x, c->have_dct ? &c->dct : NULL);
    }
    c->news = -1;
    if (!st)
        c->news = news_day(c);
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

/* The predicate an expression is attached to: the first verb above its
 * head (UINT32_MAX: none). */
static uint32_t timex_verb(const parley_doc *doc, uint32_t si, uint32_t w)
{
    const pl_sentence *S = &doc->sents[si];
    for (int d = 0; d < 32 && w != UINT32_MAX; d++) {
        if (d > 0 && doc->words[w].upos == PL_UPOS_VERB)
            return w;
        int32_t h = doc->words[w].head;
        if (h <= 0 || (uint32_t)h > S->nwords)
            return UINT32_MAX;
        w = S->word0 + (uint32_t)h - 1;
    }
    return UINT32_MAX;
}

/* 1. An expression attached to the trigger or below it (the closest on the
 * head chain): "met Wang Yi later in February", "said on Friday". */
static long own_date(const pl_when_ctx *c, size_t sent, uint32_t trigger)
{
    long best = -1;
    int bestd = 1 << 30;
    for (size_t i = 0; i < c->tx.n; i++) {
        if (c->sent[i] != sent || !c->usable[i] || c->head[i] == UINT32_MAX)
            continue;
        int d = chain_distance(c->doc, (uint32_t)sent, c->head[i], trigger);
        if (d >= 0 && d < bestd) {
            bestd = d;
            best = (long)i;
        }
    }
    return best;
}

/* 2. The date of the nearest clause above the trigger that has one of its
 * own: "On Thursday, Annan managed to secure a meeting", "Trump said on
 * Friday he may declare an emergency". */
static long governing_date(const pl_when_ctx *c, size_t sent, uint32_t trigger)
{
    const parley_doc *doc = c->doc;
    const pl_sentence *S = &doc->sents[sent];
    uint32_t a = trigger;
    for (int up = 0; up < 8; up++) {
        int32_t h = doc->words[a].head;
        if (h <= 0 || (uint32_t)h > S->nwords)
            break;
        a = S->word0 + (uint32_t)h - 1;
        long best = -1;
        int bestd = 1 << 30;
        for (size_t i = 0; i < c->tx.n; i++) {
            if (c->sent[i] != sent || !c->usable[i] || c->head[i] == UINT32_MAX ||
                timex_verb(doc, (uint32_t)sent, c->head[i]) != a)
                continue;
            int d = chain_distance(doc, (uint32_t)sent, c->head[i], a);
            if (d >= 0 && d < bestd) {
                bestd = d;
                best = (long)i;
            }
        }
        if (best >= 0)
            return best;
    }
    return -1;
}

/* 3. The same event told again: a day-precision date attached in another
 * sentence to a predicate of the same lemma ("Police arrested the accused"
 * after "was arrested on Friday"), the nearest earlier one first; a
 * headline takes one from the story below it. */
static long same_event_date(const pl_when_ctx *c, size_t sent, uint32_t trigger)
{
    const parley_doc *doc = c->doc;
    const char *l = doc->words[trigger].lemma;
    if (!l || !*l)
        return -1;
    long best = -1, bestcost = LONG_MAX;
    for (size_t i = 0; i < c->tx.n; i++) {
        if (c->sent[i] == sent || c->sent[i] == UINT32_MAX || !c->usable[i] ||
            c->head[i] == UINT32_MAX || c->tx.tx[i].prec < PL_PREC_DAY)
            continue;
        uint32_t v = timex_verb(doc, c->sent[i], c->head[i]);
        if (v == UINT32_MAX || !doc->words[v].lemma || strcmp(doc->words[v].lemma, l) != 0)
            continue;
        long d = (long)c->sent[i] - (long)sent;
        /* earlier sentences first; later ones only after them, or for the
         * headline, which announces what the story tells */
        long cost = d < 0 ? -d : sent == 0 ? d : d + 1000;
        if (cost < bestcost) {
            bestcost = cost;
            best = (long)i;
        }
    }
    return best;
}

void pl_when_date_word(const pl_when_ctx *c, size_t sent, size_t trigger, pl_edate *out)
{
    memset(out, 0, sizeof *out);
    long i = own_date(c, sent, (uint32_t)trigger);
    if (i < 0)
        i = governing_date(c, sent, (uint32_t)trigger);
    if (i >= 0) {
        from_timex(c, (size_t)i, PL_BASIS_TEXT, out);
        return;
    }
    /* context: the same event dated elsewhere, else the news day for the
     * headline and the first sentences, which tell the news; the later
     * ones (reactions, background) are dated by the document, as the
     * Wikinews gold dates them (docs/internals/when.md has the figures) */
    i = same_event_date(c, sent, (uint32_t)trigger);
    if (i < 0 && c->news >= 0 && sent <= PL_NEWS_SENTENCES)
        i = c->news;
    if (i >= 0) {
        from_timex(c, (size_t)i, PL_BASIS_CONTEXT, out);
        return;
    }
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
    for (size_t s = 0; s < doc->nsents && s <= PL_NEWS_LEAD; s++)
        mask[s] = true; /* the lead gives the news day */
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
