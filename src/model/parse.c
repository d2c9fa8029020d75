/*
 * parse.c - run time: tag, lemmatize and parse sentences with a loaded
 * model. A parley_parser is per-thread scratch over a shared model.
 */
#include "model/model.h"

#include <string.h>

struct parley_parser {
    const parley_model *m;
    pl_state st;
    float *scores;   /* max(ntags, parser classes) */
    pl_lex *lex;     /* PL_MAX_SENT */
    uint64_t *word;  /* PL_MAX_SENT + 2 */
    int *tag;        /* PL_MAX_SENT + 2 */
    int *head, *label;
    const char **forms;
    uint64_t f[PL_PARSE_MAXF + PL_TAG_MAXF];
};

PARLEY_API parley_status parley_parser_new(const parley_model *m, parley_parser **out)
{
    if (!out)
        return pl_error(PARLEY_ERR_ARG, "parley_parser_new: out is NULL");
    *out = NULL;
    if (!m)
        return pl_error(PARLEY_ERR_ARG, "parley_parser_new: no model");
    parley_parser *p = pl_calloc(1, sizeof *p);
    if (!p)
        return pl_error(PARLEY_ERR_NOMEM, "out of memory for a parser");
    p->m = m;
    size_t nc = m->parser.nclasses > m->ntags ? m->parser.nclasses : m->ntags;
    p->scores = pl_calloc(pl_score_room(nc), sizeof *p->scores);
    p->lex = pl_malloc(PL_MAX_SENT * sizeof *p->lex);
    p->word = pl_malloc((PL_MAX_SENT + 2) * sizeof *p->word);
    p->tag = pl_malloc((PL_MAX_SENT + 2) * sizeof *p->tag);
    p->head = pl_malloc((PL_MAX_SENT + 2) * sizeof *p->head);
    p->label = pl_malloc((PL_MAX_SENT + 2) * sizeof *p->label);
    p->forms = pl_malloc((PL_MAX_SENT + 2) * sizeof *p->forms);
    if (!p->scores || !p->lex || !p->word || !p->tag || !p->head || !p->label || !p->forms ||
        pl_state_alloc(&p->st, PL_MAX_SENT) != PARLEY_OK) {
        parley_parser_free(p);
        return pl_error(PARLEY_ERR_NOMEM, "out of memory for a parser");
    }
    *out = p;
    return PARLEY_OK;
}

PARLEY_API void parley_parser_free(parley_parser *p)
{
    if (!p)
        return;
    pl_state_release(&p->st);
    pl_free(p->scores);
    pl_free(p->lex);
    pl_free(p->word);
    pl_free(p->tag);
    pl_free(p->head);
    pl_free(p->label);
    pl_free(p->forms);
    pl_free(p);
}

void pl_tag_sentence(const pl_pmodel *tm, const pl_lex *lex, size_t n, int *tags, float *scores)
{
    uint64_t f[PL_TAG_MAXF];
    for (size_t i = 0; i < n; i++) {
        size_t nf = pl_tagger_features(lex, n, i, tags, f);
        memset(scores, 0, pl_score_room(tm->nclasses) * sizeof *scores);
        pl_pmodel_score(tm, f, nf, scores);
        int best = 0;
        for (uint32_t c = 1; c < tm->nclasses; c++)
            if (scores[c] > scores[best])
                best = (int)c;
        tags[i] = best;
    }
}

/* Best valid class given the scores. */
int pl_best_valid(const pl_state *s, const float *scores, uint32_t nlabels, uint32_t root_label)
{
    int best = -1;
    float bs = 0;
    if (pl_state_can(s, PL_SHIFT)) {
        best = 0;
        bs = scores[0];
    }
    bool broot = s->b == s->n + 1;
    for (int kind = PL_LEFT; kind <= PL_RIGHT; kind++) {
        if (!pl_state_can(s, kind))
            continue;
        for (uint32_t l = 0; l < nlabels; l++) {
            /* the root label only (and always) on the arc to the root */
            if ((kind == PL_LEFT && broot) != (l == root_label))
                continue;
            int c = pl_act(kind, (int)l);
            if (best < 0 || scores[c] > bs) {
                best = c;
                bs = scores[c];
            }
        }
    }
    return best;
}

void pl_parse_sentence(const pl_pmodel *pm, pl_state *st, size_t n, const uint64_t *word,
                       const int *tag, uint32_t nlabels, uint32_t root_label, float *scores)
{
    uint64_t f[PL_PARSE_MAXF];
    pl_state_init(st, n);
    while (!pl_state_terminal(st)) {
        size_t nf = pl_parser_features(st, word, tag, f);
        memset(scores, 0, pl_score_room(pm->nclasses) * sizeof *scores);
        pl_pmodel_score(pm, f, nf, scores);
        int c = pl_best_valid(st, scores, nlabels, root_label);
        if (c < 0)
            break; /* cannot happen: some action is always valid */
        pl_state_apply(st, c, (int)root_label);
    }
}

void pl_lemmatize(const parley_model *m, const char *form, int tag, char *out, size_t cap)
{
    size_t len = strlen(form);
    const pl_lslot *e = pl_lslot_find(m->lemmas, m->nlemmas, pl_lemma_key(form, len, tag));
    char low[256];
    size_t ln = len < sizeof low - 1 ? len : sizeof low - 1;
    for (size_t i = 0; i < ln; i++) {
        unsigned char c = (unsigned char)form[i];
        low[i] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
    }
    low[ln] = '\0';
    if (!e && ln == len)
        e = pl_lslot_find(m->lemmas, m->nlemmas, pl_lemma_key(low, ln, tag));
    if (e) {
        const char *s = pl_model_str(m, e->val);
        size_t sl = strlen(s);
        if (sl >= cap)
            sl = cap - 1;
        memcpy(out, s, sl);
        out[sl] = '\0';
        return;
    }
    for (size_t k = ln < PL_LEMMA_MAXSUF ? ln : PL_LEMMA_MAXSUF;; k--) {
        const pl_lslot *r = pl_lslot_find(m->sufs, m->nsufs, pl_suffix_key(low, ln, k, tag));
        if (r) {
            const pl_lrule *rule = &m->rules[r->val];
            pl_lrule_apply(form, rule->lower, rule->strip, pl_model_str(m, rule->append), out,
                           cap);
            return;
        }
        if (k == 0)
            break;
    }
    pl_lrule_apply(form, 1, 0, "", out, cap);
}

parley_status pl_parse_words(parley_parser *p, const char **forms, size_t n, int *tags,
                             int *heads, int *labels)
{
    const parley_model *m = p->m;
    if (n == 0)
        return PARLEY_OK;
    if (n > PL_MAX_SENT)
        return pl_error(PARLEY_ERR_ARG, "sentence of %zu words (at most %d)", n, PL_MAX_SENT);
    for (size_t i = 0; i < n; i++)
        pl_lex_word(forms[i], &p->lex[i]);
    pl_lex_amb(p->lex, n, m->tdict, m->ntdict);
    pl_tag_sentence(&m->tagger, p->lex, n, tags, p->scores);
    for (size_t i = 0; i < n; i++) {
        p->word[i + 1] = p->lex[i].lower;
        p->tag[i + 1] = tags[i];
    }
    p->word[0] = 0;
    p->tag[0] = (int)m->ntags;
    p->word[n + 1] = 0x7777777777777777ULL;
    p->tag[n + 1] = (int)m->ntags;
    pl_parse_sentence(&m->parser, &p->st, n, p->word, p->tag, m->nlabels, m->root_label,
                      p->scores);
    for (size_t i = 0; i < n; i++) {
        heads[i] = p->st.head[i + 1] < 0 ? 0 : p->st.head[i + 1];
        labels[i] = p->st.label[i + 1];
    }
    return PARLEY_OK;
}

/* Annotate words [w0, w0+n) of doc (n <= PL_MAX_SENT). */
static parley_status parse_piece(parley_parser *p, parley_doc *doc, size_t w0, size_t n)
{
    const parley_model *m = p->m;
    int tags[PL_MAX_SENT], heads[PL_MAX_SENT], labels[PL_MAX_SENT];
    for (size_t i = 0; i < n; i++) {
        const char *f = doc->words[w0 + i].form;
        p->forms[i] = f ? f : "";
    }
    parley_status st = pl_parse_words(p, p->forms, n, tags, heads, labels);
    if (st)
        return st;
    char lem[256];
    for (size_t i = 0; i < n; i++) {
        pl_word *w = &doc->words[w0 + i];
        const pl_mtag *t = &m->tags[tags[i]];
        w->upos = (uint8_t)t->upos;
        w->xpos = pl_model_str(m, t->xpos);
        w->head = heads[i];
        w->deprel = pl_model_str(m, m->labels[labels[i]]);
        pl_lemmatize(m, p->forms[i], tags[i], lem, sizeof lem);
        w->lemma = pl_arena_strdup(doc->arena, lem);
        if (!w->lemma)
            return pl_error(PARLEY_ERR_NOMEM, "out of memory for lemmas");
    }
    return PARLEY_OK;
}

PARLEY_API parley_status parley_parser_parse_sentence(parley_parser *p, parley_doc *doc,
                                                      size_t s)
{
    if (!p || !doc)
        return pl_error(PARLEY_ERR_ARG, "parley_parser_parse_sentence: NULL argument");
    if (s >= doc->nsents)
        return pl_error(PARLEY_ERR_ARG, "parley_parser_parse_sentence: no sentence %zu", s);
    const pl_sentence *sent = &doc->sents[s];
    if ((size_t)sent->word0 + sent->nwords > doc->nwords)
        return pl_error(PARLEY_ERR_INTERNAL, "sentence %zu has words out of range", s);
    /* A sentence longer than PL_MAX_SENT is parsed in pieces; each piece's
     * heads are shifted to sentence numbering. */
    for (size_t off = 0; off < sent->nwords; off += PL_MAX_SENT) {
        size_t n = sent->nwords - off < PL_MAX_SENT ? sent->nwords - off : PL_MAX_SENT;
        parley_status st = parse_piece(p, doc, sent->word0 + off, n);
        if (st)
            return st;
        if (off)
            for (size_t i = 0; i < n; i++) {
                pl_word *w = &doc->words[sent->word0 + off + i];
                if (w->head > 0)
                    w->head += (int32_t)off;
            }
    }
    return PARLEY_OK;
}

PARLEY_API parley_status parley_parser_parse_doc(parley_parser *p, parley_doc *doc)
{
    if (!p || !doc)
        return pl_error(PARLEY_ERR_ARG, "parley_parser_parse_doc: NULL argument");
    for (size_t s = 0; s < doc->nsents; s++) {
        parley_status st = parley_parser_parse_sentence(p, doc, s);
        if (st)
            return st;
    }
    return PARLEY_OK;
}
