/*
 * train.c - training the tagger, lemmatizer and parser from CoNLL-U:
 * jackknifed tagger output feeds the parser, so it learns from the tags it
 * will see at run time. Deterministic for a fixed seed: one thread, a
 * seeded generator, fixed iteration orders.
 */
#include "model/model.h"
#include "model/modelfile.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---------------------------------------------------------------------- */
/* Parameters */

typedef struct params {
    uint64_t seed;
    int tagger_iterations;
    int parser_iterations;
    int jackknife_folds;
    int explore_from;     /* parser iteration (0-based) from which it follows its own predictions */
    double explore_p;     /* probability of following the prediction then */
    int lemma_min_count;  /* suffix rules of length >= 3 need this many word types */
    long max_sentences;   /* 0 = all: use only the first N training sentences */
    int amb_min_count;    /* words seen this often get an ambiguity class */
    double tagger_prune;  /* drop features whose averaged weights are all smaller than this */
    double parser_prune;
} params;

static void params_default(params *p)
{
    p->seed = 1;
    p->tagger_iterations = 8;
    p->parser_iterations = 10;
    p->jackknife_folds = 4;
    p->explore_from = 1;
    p->explore_p = 0.9;
    p->lemma_min_count = 2;
    p->max_sentences = 0;
    p->tagger_prune = 0;
    p->amb_min_count = 2;
    p->parser_prune = 0;
}

static parley_status params_read(const char *path, params *p)
{
    pl_lines *r;
    parley_status st = pl_lines_open(path, 4096, &r);
    if (st)
        return st;
    const char *line;
    size_t len;
    while ((st = pl_lines_next(r, &line, &len)) == PARLEY_OK) {
        char key[64], val[64];
        const char *hash = strchr(line, '#');
        size_t n = hash ? (size_t)(hash - line) : len;
        char buf[256];
        if (n >= sizeof buf)
            n = sizeof buf - 1;
        memcpy(buf, line, n);
        buf[n] = '\0';
        char extra[2];
        if (sscanf(buf, " %63[A-Za-z_] = %63s %1s", key, val, extra) != 2) {
            bool blank = true;
            for (size_t i = 0; buf[i]; i++)
                if (buf[i] != ' ' && buf[i] != '\t')
                    blank = false;
            if (blank)
                continue;
            st = pl_error(PARLEY_ERR_FORMAT, "%s:%zu: expected `key = value`", path,
                          pl_lines_number(r));
            break;
        }
        char *end;
        errno = 0;
        double v = strtod(val, &end);
        if (*end || errno || v < 0 || v > 1e12) {
            st = pl_error(PARLEY_ERR_FORMAT, "%s:%zu: bad value '%s' for %s", path,
                          pl_lines_number(r), val, key);
            break;
        }
        if (strcmp(key, "seed") == 0)
            p->seed = (uint64_t)v;
        else if (strcmp(key, "tagger_iterations") == 0)
            p->tagger_iterations = (int)v;
        else if (strcmp(key, "parser_iterations") == 0)
            p->parser_iterations = (int)v;
        else if (strcmp(key, "jackknife_folds") == 0)
            p->jackknife_folds = (int)v;
        else if (strcmp(key, "explore_from") == 0)
            p->explore_from = (int)v;
        else if (strcmp(key, "explore_p") == 0)
            p->explore_p = v;
        else if (strcmp(key, "lemma_min_count") == 0)
            p->lemma_min_count = (int)v;
        else if (strcmp(key, "amb_min_count") == 0)
            p->amb_min_count = (int)v;
        else if (strcmp(key, "tagger_prune") == 0)
            p->tagger_prune = v;
        else if (strcmp(key, "parser_prune") == 0)
            p->parser_prune = v;
        else if (strcmp(key, "max_sentences") == 0)
            p->max_sentences = (long)v;
        else {
            st = pl_error(PARLEY_ERR_FORMAT, "%s:%zu: unknown parameter '%s'", path,
                          pl_lines_number(r), key);
            break;
        }
    }
    pl_lines_free(r);
    return st == PARLEY_END ? PARLEY_OK : st;
}

/* ---------------------------------------------------------------------- */
/* Deterministic random numbers (splitmix64). */
static uint64_t rng_next(uint64_t *s)
{
    uint64_t z = (*s += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}
static double rng_unit(uint64_t *s) { return (double)(rng_next(s) >> 11) / 9007199254740992.0; }
static void shuffle(size_t *a, size_t n, uint64_t *s)
{
    for (size_t i = n; i > 1; i--) {
        size_t j = (size_t)(rng_next(s) % i);
        size_t t = a[i - 1];
        a[i - 1] = a[j];
        a[j] = t;
    }
}

/* ---------------------------------------------------------------------- */
/* String sets (tags, labels): small, searched linearly. */
typedef struct strset {
    char **s;
    size_t n, cap;
} strset;

static int strset_find(const strset *ss, const char *s)
{
    for (size_t i = 0; i < ss->n; i++)
        if (strcmp(ss->s[i], s) == 0)
            return (int)i;
    return -1;
}
static int strset_add(strset *ss, const char *s)
{
    int i = strset_find(ss, s);
    if (i >= 0)
        return i;
    if (ss->n >= 4000)
        return -1;
    if (pl_grow((void **)&ss->s, &ss->cap, ss->n + 1, sizeof *ss->s, 4096))
        return -1;
    if (!(ss->s[ss->n] = pl_strdup(s)))
        return -1;
    return (int)ss->n++;
}
static void strset_free(strset *ss)
{
    for (size_t i = 0; i < ss->n; i++)
        pl_free(ss->s[i]);
    pl_free(ss->s);
    memset(ss, 0, sizeof *ss);
}

/* ---------------------------------------------------------------------- */
/* The training corpus, in memory. */
typedef struct corpus {
    pl_arena *arena;
    size_t nsent, ntok;
    size_t *start; /* nsent + 1 */
    size_t start_cap;
    const char **form, **lemma;
    int *tag, *head, *label, *ptag;
    uint64_t *lower;
    size_t tok_cap;
} corpus;

static void corpus_free(corpus *c)
{
    pl_arena_free(c->arena);
    pl_free(c->start);
    pl_free(c->form);
    pl_free(c->lemma);
    pl_free(c->tag);
    pl_free(c->head);
    pl_free(c->label);
    pl_free(c->ptag);
    pl_free(c->lower);
    memset(c, 0, sizeof *c);
}

static parley_status corpus_grow(corpus *c, size_t need)
{
    if (need <= c->tok_cap)
        return PARLEY_OK;
    size_t nc = c->tok_cap ? c->tok_cap * 2 : 4096;
    while (nc < need)
        nc *= 2;
#define G(f)                                                                                   \
    do {                                                                                       \
        void *np = pl_realloc(c->f, nc * sizeof *c->f);                                        \
        if (!np)                                                                               \
            return pl_error(PARLEY_ERR_NOMEM, "out of memory reading the treebank");           \
        c->f = np;                                                                             \
    } while (0)
    G(form);
    G(lemma);
    G(tag);
    G(head);
    G(label);
    G(ptag);
    G(lower);
#undef G
    c->tok_cap = nc;
    return PARLEY_OK;
}

/* Read a CoNLL-U file. With grow_sets the tag and label sets are extended;
 * otherwise unknown tags/labels are -1 (scored as wrong). */
static parley_status corpus_read(const char *path, corpus *c, strset *tags, strset *labels,
                                 bool grow_sets, long max_sentences)
{
    memset(c, 0, sizeof *c);
    c->arena = pl_arena_new(1 << 20);
    if (!c->arena)
        return pl_error(PARLEY_ERR_NOMEM, "out of memory reading the treebank");
    pl_conllu_reader *r;
    parley_status st = pl_conllu_open(path, &r);
    if (st)
        return st;
    const pl_conllu_sentence *s;
    char buf[256];
    while ((st = pl_conllu_next(r, &s)) != PARLEY_END) {
        if (st == PARLEY_ERR_NOMEM || st == PARLEY_ERR_IO)
            break;
        if (st) {
            pl_warn("%s", parley_errmsg());
            continue;
        }
        if (max_sentences > 0 && (long)c->nsent >= max_sentences)
            break;
        size_t n = s->nwords;
        if (n == 0)
            continue;
        if (n > PL_MAX_SENT) {
            pl_warn("%s:%zu: sentence of %zu words skipped (at most %d)", path, s->line_no, n,
                    PL_MAX_SENT);
            continue;
        }
        bool ok = true;
        for (size_t i = 0, k = 0; i < s->nlines; i++) {
            const pl_conllu_word *w = &s->lines[i];
            if (w->id <= 0 || w->is_empty_node)
                continue;
            k++;
            if (w->id != (int)k || w->head < 0 || w->head > (int)n) {
                pl_warn("%s:%zu: sentence with a bad word id or head skipped", path, s->line_no);
                ok = false;
                break;
            }
        }
        if (!ok)
            continue;
        if ((st = corpus_grow(c, c->ntok + n)) != PARLEY_OK)
            break;
        for (size_t i = 0; i < s->nlines; i++) {
            const pl_conllu_word *w = &s->lines[i];
            if (w->id <= 0 || w->is_empty_node)
                continue;
            size_t t = c->ntok++;
            c->form[t] = pl_arena_strdup(c->arena, w->form);
            c->lemma[t] = pl_arena_strdup(c->arena, w->lemma);
            if (!c->form[t] || !c->lemma[t]) {
                st = pl_error(PARLEY_ERR_NOMEM, "out of memory reading the treebank");
                break;
            }
            snprintf(buf, sizeof buf, "%s\t%s", w->upos, w->xpos);
            c->tag[t] = grow_sets ? strset_add(tags, buf) : strset_find(tags, buf);
            c->label[t] = grow_sets ? strset_add(labels, w->deprel) : strset_find(labels, w->deprel);
            if (grow_sets && (c->tag[t] < 0 || c->label[t] < 0)) {
                st = pl_error(PARLEY_ERR_TOO_LARGE, "%s:%zu: too many tags or labels", path,
                              s->line_no);
                break;
            }
            c->head[t] = w->head;
            c->ptag[t] = c->tag[t] < 0 ? 0 : c->tag[t];
            pl_lex lx;
            pl_lex_word(w->form, &lx);
            c->lower[t] = lx.lower;
        }
        if (st)
            break;
        if (pl_grow((void **)&c->start, &c->start_cap, c->nsent + 2, sizeof *c->start,
                    (size_t)1 << 28)) {
            st = pl_error(PARLEY_ERR_NOMEM, "out of memory reading the treebank");
            break;
        }
        c->start[c->nsent] = c->ntok - n;
        c->start[++c->nsent] = c->ntok;
    }
    pl_conllu_close(r);
    if (st != PARLEY_END && st != PARLEY_OK)
        return st;
    if (c->nsent == 0)
        return pl_error(PARLEY_ERR_FORMAT, "%s: no sentences", path);
    return PARLEY_OK;
}

/* ---------------------------------------------------------------------- */
/* Tagger */

/* The tag dictionary of sentences `use`: every word seen at least
 * min_count times gets as its ambiguity class a hash of the tags that make
 * up at least a tenth of its occurrences. */
typedef struct wt {
    uint64_t word;
    int tag;
} wt;
static int cmp_wt(const void *x, const void *y)
{
    const wt *a = x, *b = y;
    if (a->word != b->word)
        return a->word < b->word ? -1 : 1;
    return (a->tag > b->tag) - (a->tag < b->tag);
}

static parley_status build_lslots(const uint64_t *keys, const uint32_t *vals, size_t n,
                                  pl_lslot **out, size_t *nout);

static parley_status build_tdict(const corpus *c, const size_t *use, size_t nuse, int min_count,
                                 pl_lslot **out, size_t *nout)
{
    size_t n = 0;
    for (size_t u = 0; u < nuse; u++)
        n += c->start[use[u] + 1] - c->start[use[u]];
    wt *a = pl_malloc((n + 1) * sizeof *a);
    uint64_t *keys = pl_malloc((n + 1) * sizeof *keys);
    uint32_t *vals = pl_malloc((n + 1) * sizeof *vals);
    parley_status st = PARLEY_OK;
    if (!a || !keys || !vals) {
        st = pl_error(PARLEY_ERR_NOMEM, "out of memory for the tag dictionary");
        goto done;
    }
    size_t k = 0;
    for (size_t u = 0; u < nuse; u++)
        for (size_t t = c->start[use[u]]; t < c->start[use[u] + 1]; t++) {
            a[k].word = c->lower[t];
            a[k].tag = c->tag[t];
            k++;
        }
    qsort(a, n, sizeof *a, cmp_wt);
    size_t nk = 0;
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j < n && a[j].word == a[i].word)
            j++;
        if (j - i >= (size_t)min_count && a[i].word) {
            uint64_t h = 0x414d4221ULL;
            for (size_t q = i; q < j;) {
                size_t r = q;
                while (r < j && a[r].tag == a[q].tag)
                    r++;
                if (10 * (r - q) >= j - i)
                    h = pl_mix64(h ^ ((uint64_t)a[q].tag + 1));
                q = r;
            }
            keys[nk] = a[i].word;
            vals[nk] = (uint32_t)h | 1u;
            nk++;
        }
        i = j;
    }
    st = build_lslots(keys, vals, nk, out, nout);
done:
    pl_free(a);
    pl_free(keys);
    pl_free(vals);
    return st;
}

/* Train a tagger on the sentences in `use` (iters passes). */
static parley_status train_tagger(const corpus *c, size_t *use, size_t nuse, int iters,
                                  double prune, const pl_lslot *dict, size_t ndict,
                                  uint32_t ntags, uint64_t *rng, pl_pfrozen *out)
{
    pl_ptrain t;
    parley_status st = pl_ptrain_init(&t, ntags);
    if (st)
        return st;
    float *scores = pl_calloc(pl_score_room(ntags), sizeof *scores);
    pl_lex *lex = pl_malloc(PL_MAX_SENT * sizeof *lex);
    int *tags = pl_malloc(PL_MAX_SENT * sizeof *tags);
    uint64_t f[PL_TAG_MAXF];
    if (!scores || !lex || !tags) {
        st = pl_error(PARLEY_ERR_NOMEM, "out of memory training the tagger");
        goto done;
    }
    for (int it = 0; it < iters; it++) {
        shuffle(use, nuse, rng);
        for (size_t u = 0; u < nuse; u++) {
            size_t s = use[u], b = c->start[s], n = c->start[s + 1] - b;
            for (size_t i = 0; i < n; i++)
                pl_lex_word(c->form[b + i], &lex[i]);
            pl_lex_amb(lex, n, dict, ndict);
            for (size_t i = 0; i < n; i++) {
                size_t nf = pl_tagger_features(lex, n, i, tags, f);
                memset(scores, 0, ntags * sizeof *scores);
                pl_ptrain_score(&t, f, nf, scores);
                int best = 0;
                for (uint32_t k = 1; k < ntags; k++)
                    if (scores[k] > scores[best])
                        best = (int)k;
                int gold = c->tag[b + i];
                if (best != gold) {
                    if ((st = pl_ptrain_update(&t, f, nf, (uint32_t)gold, 1)) ||
                        (st = pl_ptrain_update(&t, f, nf, (uint32_t)best, -1)))
                        goto done;
                }
                pl_ptrain_tick(&t);
                tags[i] = best;
            }
        }
    }
    st = pl_pfrozen_make(&t, (float)prune, out);
done:
    pl_ptrain_release(&t);
    pl_free(scores);
    pl_free(lex);
    pl_free(tags);
    return st;
}

/* Tag sentences [use] of c with a frozen tagger into c->ptag. */
static parley_status tag_corpus(corpus *c, const size_t *use, size_t nuse, const pl_pmodel *pm,
                                const pl_lslot *dict, size_t ndict)
{
    int32_t *scores = pl_calloc(pl_score_room(pm->nclasses), sizeof *scores);
    pl_lex *lex = pl_malloc(PL_MAX_SENT * sizeof *lex);
    if (!scores || !lex) {
        pl_free(scores);
        pl_free(lex);
        return pl_error(PARLEY_ERR_NOMEM, "out of memory tagging");
    }
    for (size_t u = 0; u < nuse; u++) {
        size_t s = use[u], b = c->start[s], n = c->start[s + 1] - b;
        for (size_t i = 0; i < n; i++)
            pl_lex_word(c->form[b + i], &lex[i]);
        pl_lex_amb(lex, n, dict, ndict);
        pl_tag_sentence(pm, lex, n, c->ptag + b, scores);
    }
    pl_free(scores);
    pl_free(lex);
    return PARLEY_OK;
}

/* ---------------------------------------------------------------------- */
/* Parser */

static parley_status train_parser(const corpus *c, const params *pp, uint32_t ntags,
                                  uint32_t nlabels, uint32_t root, uint64_t *rng, pl_pfrozen *out)
{
    uint32_t ncl = 1 + 2 * nlabels;
    pl_ptrain t;
    parley_status st = pl_ptrain_init(&t, ncl);
    if (st)
        return st;
    pl_state s;
    if ((st = pl_state_alloc(&s, PL_MAX_SENT))) {
        pl_ptrain_release(&t);
        return st;
    }
    float *scores = pl_calloc(pl_score_room(ncl), sizeof *scores);
    int *cost = pl_malloc(ncl * sizeof *cost);
    size_t *order = pl_malloc(c->nsent * sizeof *order);
    uint64_t *word = pl_malloc((PL_MAX_SENT + 2) * sizeof *word);
    int *tag = pl_malloc((PL_MAX_SENT + 2) * sizeof *tag);
    int *gh = pl_malloc((PL_MAX_SENT + 2) * sizeof *gh);
    int *gl = pl_malloc((PL_MAX_SENT + 2) * sizeof *gl);
    uint64_t f[PL_PARSE_MAXF];
    if (!scores || !cost || !order || !word || !tag || !gh || !gl) {
        st = pl_error(PARLEY_ERR_NOMEM, "out of memory training the parser");
        goto done;
    }
    for (size_t i = 0; i < c->nsent; i++)
        order[i] = i;
    for (int it = 0; it < pp->parser_iterations; it++) {
        shuffle(order, c->nsent, rng);
        bool explore = it >= pp->explore_from;
        for (size_t u = 0; u < c->nsent; u++) {
            size_t sn = order[u], b = c->start[sn], n = c->start[sn + 1] - b;
            for (size_t i = 0; i < n; i++) {
                word[i + 1] = c->lower[b + i];
                tag[i + 1] = c->ptag[b + i];
                gh[i + 1] = c->head[b + i];
                gl[i + 1] = c->label[b + i];
            }
            word[0] = 0;
            tag[0] = (int)ntags;
            word[n + 1] = 0x7777777777777777ULL;
            tag[n + 1] = (int)ntags;
            gh[0] = gh[n + 1] = 0;
            pl_state_init(&s, n);
            while (!pl_state_terminal(&s)) {
                size_t nf = pl_parser_features(&s, word, tag, f);
                memset(scores, 0, ncl * sizeof *scores);
                pl_ptrain_score(&t, f, nf, scores);
                int kc[3];
                for (int k = 0; k < 3; k++)
                    kc[k] = pl_state_can(&s, k) ? pl_oracle_cost(&s, k, gh) : -1;
                bool broot = s.b == n + 1;
                int s0 = s.sp ? s.stack[s.sp - 1] : 0, s1 = s.sp > 1 ? s.stack[s.sp - 2] : 0;
                int ghs0 = s0 ? (gh[s0] == 0 ? (int)n + 1 : gh[s0]) : -1;
                int mincost = -1, pred = -1, gold = -1;
                for (uint32_t cl = 0; cl < ncl; cl++) {
                    int kind = pl_act_kind((int)cl);
                    cost[cl] = -1;
                    if (kc[kind] < 0)
                        continue;
                    if (kind != PL_SHIFT) {
                        uint32_t l = (uint32_t)pl_act_label((int)cl);
                        if ((kind == PL_LEFT && broot) != (l == root))
                            continue;
                        int cst = kc[kind];
                        if (kind == PL_LEFT && ghs0 == (int)s.b && gl[s0] != (int)l)
                            cst++;
                        if (kind == PL_RIGHT && ghs0 == s1 && gl[s0] != (int)l)
                            cst++;
                        cost[cl] = cst;
                    } else {
                        cost[cl] = kc[kind];
                    }
                    if (mincost < 0 || cost[cl] < mincost)
                        mincost = cost[cl];
                    if (pred < 0 || scores[cl] > scores[pred])
                        pred = (int)cl;
                }
                if (pred < 0)
                    break; /* cannot happen */
                for (uint32_t cl = 0; cl < ncl; cl++)
                    if (cost[cl] == mincost && (gold < 0 || scores[cl] > scores[gold]))
                        gold = (int)cl;
                if (cost[pred] > mincost) {
                    if ((st = pl_ptrain_update(&t, f, nf, (uint32_t)gold, 1)) ||
                        (st = pl_ptrain_update(&t, f, nf, (uint32_t)pred, -1)))
                        goto done;
                }
                pl_ptrain_tick(&t);
                int next = gold;
                if (explore && rng_unit(rng) < pp->explore_p)
                    next = pred;
                pl_state_apply(&s, next, (int)root);
            }
        }
    }
    st = pl_pfrozen_make(&t, (float)pp->parser_prune, out);
done:
    pl_ptrain_release(&t);
    pl_state_release(&s);
    pl_free(scores);
    pl_free(cost);
    pl_free(order);
    pl_free(word);
    pl_free(tag);
    pl_free(gh);
    pl_free(gl);
    return st;
}

/* ---------------------------------------------------------------------- */
/* Lemmatizer */

typedef struct lpair {
    uint64_t key;
    const char *a; /* lemma, or rule string */
    uint32_t k;    /* suffix length */
    uint32_t count;
} lpair;

static int cmp_lpair(const void *x, const void *y)
{
    const lpair *a = x, *b = y;
    if (a->key != b->key)
        return a->key < b->key ? -1 : 1;
    return strcmp(a->a, b->a);
}

/* Put (key, val) pairs into an open-addressing table of pl_lslot. */
static parley_status build_lslots(const uint64_t *keys, const uint32_t *vals, size_t n,
                                  pl_lslot **out, size_t *nout)
{
    size_t cap = 16;
    while (cap < 2 * n + 1)
        cap *= 2;
    pl_lslot *t = pl_calloc(cap, sizeof *t);
    if (!t)
        return pl_error(PARLEY_ERR_NOMEM, "out of memory building the lemmatizer");
    for (size_t i = 0; i < n; i++) {
        size_t mask = cap - 1, j = (size_t)(keys[i] ^ (keys[i] >> 31)) & mask;
        while (t[j].key && t[j].key != keys[i])
            j = (j + 1) & mask;
        t[j].key = keys[i];
        t[j].val = vals[i];
    }
    *out = t;
    *nout = cap;
    return PARLEY_OK;
}

typedef struct lemma_out {
    pl_lslot *lex, *suf;
    size_t nlex, nsuf;
    pl_lrule *rules;
    size_t nrules;
} lemma_out;

static void lemma_out_free(lemma_out *o)
{
    pl_free(o->lex);
    pl_free(o->suf);
    pl_free(o->rules);
    memset(o, 0, sizeof *o);
}

static parley_status train_lemmas(const corpus *c, const params *pp, pl_mwriter *w,
                                  lemma_out *o)
{
    parley_status st = PARLEY_OK;
    memset(o, 0, sizeof *o);
    size_t n = c->ntok;
    lpair *pairs = pl_malloc((n + 1) * sizeof *pairs);
    lpair *sp = pl_malloc((n * (PL_LEMMA_MAXSUF + 1) + 1) * sizeof *sp);
    uint64_t *keys = pl_malloc((n + 1) * sizeof *keys);
    uint32_t *vals = pl_malloc((n + 1) * sizeof *vals);
    uint64_t *skeys = pl_malloc((n * (PL_LEMMA_MAXSUF + 1) + 1) * sizeof *skeys);
    uint32_t *svals = pl_malloc((n * (PL_LEMMA_MAXSUF + 1) + 1) * sizeof *svals);
    strset rules = {0};
    pl_arena *a = pl_arena_new(1 << 16);
    size_t np = 0, nk = 0, nsp = 0, nsk = 0;
    if (!pairs || !sp || !keys || !vals || !skeys || !svals || !a) {
        st = pl_error(PARLEY_ERR_NOMEM, "out of memory training the lemmatizer");
        goto done;
    }
    for (size_t t = 0; t < n; t++) {
        if (c->tag[t] < 0 || strcmp(c->lemma[t], "_") == 0)
            continue;
        pairs[np].key = pl_lemma_key(c->form[t], strlen(c->form[t]), c->tag[t]);
        pairs[np].a = c->lemma[t];
        pairs[np].k = (uint32_t)t; /* first token, for the suffix pass */
        np++;
    }
    qsort(pairs, np, sizeof *pairs, cmp_lpair);
    /* the most frequent lemma of each form+tag (ties: the smaller string) */
    for (size_t i = 0; i < np;) {
        size_t j = i, best = i, bestc = 0;
        uint32_t first_tok = pairs[i].k;
        while (j < np && pairs[j].key == pairs[i].key) {
            size_t k = j;
            while (k < np && pairs[k].key == pairs[j].key && strcmp(pairs[k].a, pairs[j].a) == 0) {
                if (pairs[k].k < first_tok)
                    first_tok = pairs[k].k;
                k++;
            }
            if (k - j > bestc) {
                bestc = k - j;
                best = j;
            }
            j = k;
        }
        keys[nk] = pairs[i].key;
        vals[nk] = pl_mw_str(w, pairs[best].a);
        nk++;
        /* one suffix vote per form+tag type */
        const char *form = c->form[first_tok];
        int lower;
        size_t strip;
        const char *app;
        if (pl_lrule_learn(form, pairs[best].a, &lower, &strip, &app)) {
            char rs[300];
            snprintf(rs, sizeof rs, "%d\t%zu\t%s", lower, strip, app);
            const char *rstr = pl_arena_strdup(a, rs);
            size_t fl = strlen(form);
            char low[64];
            if (rstr && fl < sizeof low) {
                for (size_t q = 0; q < fl; q++)
                    low[q] = (char)(form[q] >= 'A' && form[q] <= 'Z' ? form[q] + 32 : form[q]);
                for (size_t k = 0; k <= fl && k <= PL_LEMMA_MAXSUF; k++) {
                    sp[nsp].key = pl_suffix_key(low, fl, k, c->tag[first_tok]);
                    sp[nsp].a = rstr;
                    sp[nsp].k = (uint32_t)k;
                    nsp++;
                }
            }
        }
        i = j;
    }
    qsort(sp, nsp, sizeof *sp, cmp_lpair);
    for (size_t i = 0; i < nsp;) {
        size_t j = i, best = i, bestc = 0, total = 0;
        while (j < nsp && sp[j].key == sp[i].key) {
            size_t k = j;
            while (k < nsp && sp[k].key == sp[j].key && strcmp(sp[k].a, sp[j].a) == 0)
                k++;
            if (k - j > bestc) {
                bestc = k - j;
                best = j;
            }
            total += k - j;
            j = k;
        }
        if (sp[i].k < 3 || total >= (size_t)pp->lemma_min_count) {
            int ri = strset_add(&rules, sp[best].a);
            if (ri < 0) {
                st = pl_error(PARLEY_ERR_NOMEM, "too many lemma rules");
                goto done;
            }
            skeys[nsk] = sp[i].key;
            svals[nsk] = (uint32_t)ri;
            nsk++;
        }
        i = j;
    }
    o->rules = pl_calloc(rules.n + 1, sizeof *o->rules);
    if (!o->rules) {
        st = pl_error(PARLEY_ERR_NOMEM, "out of memory training the lemmatizer");
        goto done;
    }
    for (size_t i = 0; i < rules.n; i++) {
        int lower = 0;
        size_t strip = 0;
        char *tab1 = strchr(rules.s[i], '\t');
        char *tab2 = tab1 ? strchr(tab1 + 1, '\t') : NULL;
        if (!tab2) {
            st = pl_error(PARLEY_ERR_INTERNAL, "bad lemma rule");
            goto done;
        }
        lower = atoi(rules.s[i]);
        strip = (size_t)atoi(tab1 + 1);
        o->rules[i].lower = (uint8_t)lower;
        o->rules[i].strip = (uint8_t)strip;
        o->rules[i].append = pl_mw_str(w, tab2 + 1);
    }
    o->nrules = rules.n;
    if ((st = build_lslots(keys, vals, nk, &o->lex, &o->nlex)) ||
        (st = build_lslots(skeys, svals, nsk, &o->suf, &o->nsuf)))
        goto done;
done:
    pl_free(pairs);
    pl_free(sp);
    pl_free(keys);
    pl_free(vals);
    pl_free(skeys);
    pl_free(svals);
    strset_free(&rules);
    pl_arena_free(a);
    return st;
}

/* ---------------------------------------------------------------------- */

static double now_sec(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

PARLEY_API parley_status parley_model_train(const char *train_path, const char *dev_path,
                                            const char *params_path, long seed, int iterations,
                                            const char *out_path, char **report)
{
    if (report)
        *report = NULL;
    if (!train_path || !out_path)
        return pl_error(PARLEY_ERR_ARG, "parley_model_train: train and output paths needed");
    params pp;
    params_default(&pp);
    parley_status st;
    if (params_path && (st = params_read(params_path, &pp)))
        return st;
    if (seed >= 0)
        pp.seed = (uint64_t)seed;
    if (iterations > 0)
        pp.tagger_iterations = pp.parser_iterations = iterations;
    if (pp.jackknife_folds < 2)
        pp.jackknife_folds = 0;
    double t0 = now_sec();
    strset tags = {0}, labels = {0};
    corpus c = {0};
    pl_pfrozen tagger = {0}, parser = {0};
    lemma_out lem = {0};
    pl_mwriter w;
    pl_mw_init(&w);
    size_t *use = NULL;
    pl_lslot *tdict = NULL;
    size_t ntdict = 0;
    uint64_t rng = pp.seed * 0x9E3779B97F4A7C15ULL + 12345;
    double t_tag = 0, t_parse = 0;

    if ((st = corpus_read(train_path, &c, &tags, &labels, true, pp.max_sentences)))
        goto done;
    int root = strset_find(&labels, "root");
    if (root < 0) {
        st = pl_error(PARLEY_ERR_FORMAT, "%s: no 'root' relation in the treebank", train_path);
        goto done;
    }
    uint32_t ntags = (uint32_t)tags.n, nlabels = (uint32_t)labels.n;
    use = pl_malloc(c.nsent * sizeof *use);
    if (!use) {
        st = pl_error(PARLEY_ERR_NOMEM, "out of memory");
        goto done;
    }
    /* jackknifing: tags for fold k come from a tagger trained on the others */
    int K = pp.jackknife_folds;
    for (int k = 0; k < K; k++) {
        size_t nu = 0;
        for (size_t s = 0; s < c.nsent; s++)
            if ((int)(s % (size_t)K) != k)
                use[nu++] = s;
        pl_pfrozen fk = {0};
        pl_lslot *dk = NULL;
        size_t ndk = 0;
        if ((st = build_tdict(&c, use, nu, pp.amb_min_count, &dk, &ndk)))
            goto done;
        if ((st = train_tagger(&c, use, nu, pp.tagger_iterations, pp.tagger_prune, dk, ndk,
                               ntags, &rng, &fk))) {
            pl_free(dk);
            goto done;
        }
        nu = 0;
        for (size_t s = 0; s < c.nsent; s++)
            if ((int)(s % (size_t)K) == k)
                use[nu++] = s;
        st = tag_corpus(&c, use, nu, &fk.pm, dk, ndk);
        pl_pfrozen_release(&fk);
        pl_free(dk);
        if (st)
            goto done;
    }
    for (size_t s = 0; s < c.nsent; s++)
        use[s] = s;
    if ((st = build_tdict(&c, use, c.nsent, pp.amb_min_count, &tdict, &ntdict)))
        goto done;
    if ((st = train_tagger(&c, use, c.nsent, pp.tagger_iterations, pp.tagger_prune, tdict,
                           ntdict, ntags, &rng, &tagger)))
        goto done;
    if (!K && (st = tag_corpus(&c, use, c.nsent, &tagger.pm, tdict, ntdict)))
        goto done;
    t_tag = now_sec() - t0;
    size_t ptag_ok = 0;
    for (size_t t = 0; t < c.ntok; t++)
        ptag_ok += c.ptag[t] == c.tag[t];
    if ((st = train_parser(&c, &pp, ntags, nlabels, (uint32_t)root, &rng, &parser)))
        goto done;
    t_parse = now_sec() - t0 - t_tag;
    if ((st = train_lemmas(&c, &pp, &w, &lem)))
        goto done;

    /* the model file */
    {
        pl_mtag *mt = pl_calloc(ntags, sizeof *mt);
        uint32_t *ml = pl_calloc(nlabels, sizeof *ml);
        if (!mt || !ml) {
            pl_free(mt);
            pl_free(ml);
            st = pl_error(PARLEY_ERR_NOMEM, "out of memory");
            goto done;
        }
        for (uint32_t i = 0; i < ntags; i++) {
            char buf[256];
            snprintf(buf, sizeof buf, "%s", tags.s[i]);
            char *tab = strchr(buf, '\t');
            if (tab)
                *tab = '\0';
            mt[i].upos = (uint32_t)pl_upos_from_name(buf);
            mt[i].xpos = pl_mw_str(&w, tab ? tab + 1 : "_");
        }
        for (uint32_t i = 0; i < nlabels; i++)
            ml[i] = pl_mw_str(&w, labels.s[i]);
        char ptext[1024];
        snprintf(ptext, sizeof ptext,
                 "  seed = %llu\n  tagger_iterations = %d\n  parser_iterations = %d\n"
                 "  jackknife_folds = %d\n  explore_from = %d\n  explore_p = %g\n"
                 "  lemma_min_count = %d\n  amb_min_count = %d\n  tagger_prune = %g\n  parser_prune = %g\n"
                 "  max_sentences = %ld\n  training sentences = %zu\n"
                 "  training words = %zu\n",
                 (unsigned long long)pp.seed, pp.tagger_iterations, pp.parser_iterations,
                 pp.jackknife_folds, pp.explore_from, pp.explore_p, pp.lemma_min_count,
                 pp.amb_min_count, pp.tagger_prune, pp.parser_prune, pp.max_sentences, c.nsent, c.ntok);
        uint32_t meta[PL_META_COUNT] = {0};
        meta[PL_META_NTAGS] = ntags;
        meta[PL_META_NLABELS] = nlabels;
        meta[PL_META_ROOT] = (uint32_t)root;
        meta[PL_META_PARAMS] = pl_mw_str(&w, ptext);
        meta[PL_META_TCLASSES] = ntags;
        meta[PL_META_PCLASSES] = 1 + 2 * nlabels;
        meta[PL_META_FEATSET] = PL_FEATURE_SET;
        if ((st = pl_mw_add(&w, "META", meta, sizeof meta)) ||
            (st = pl_mw_add(&w, "TAGS", mt, ntags * sizeof *mt)) ||
            (st = pl_mw_add(&w, "LABS", ml, nlabels * sizeof *ml)) ||
            (st = pl_mw_add(&w, "TSLT", tagger.slots, (tagger.nslots + 1) * sizeof(pl_pslot))) ||
            (st = pl_mw_add(&w, "TENT", tagger.ents, tagger.nents * sizeof(pl_pent))) ||
            (st = pl_mw_add(&w, "PSLT", parser.slots, (parser.nslots + 1) * sizeof(pl_pslot))) ||
            (st = pl_mw_add(&w, "PENT", parser.ents, parser.nents * sizeof(pl_pent))) ||
            (st = pl_mw_add(&w, "LRUL", lem.rules, lem.nrules * sizeof(pl_lrule))) ||
            (st = pl_mw_add(&w, "LEMX", lem.lex, lem.nlex * sizeof(pl_lslot))) ||
            (st = pl_mw_add(&w, "LSUF", lem.suf, lem.nsuf * sizeof(pl_lslot))) ||
            (st = pl_mw_add(&w, "TDIC", tdict, ntdict * sizeof(pl_lslot)))) {
            pl_free(mt);
            pl_free(ml);
            goto done;
        }
        pl_free(mt);
        pl_free(ml);
        if ((st = pl_mw_write(&w, out_path)))
            goto done;
    }
    double t_total = now_sec() - t0;
    if (report) {
        char *dev_json = NULL;
        if (dev_path) {
            parley_model *m = NULL;
            if ((st = parley_model_load(out_path, &m)))
                goto done;
            st = parley_model_eval(m, dev_path, 0, &dev_json);
            parley_model_free(m);
            if (st)
                goto done;
        }
        pl_buf b;
        pl_buf_init(&b, 0);
        char line[1024];
        snprintf(line, sizeof line,
                 "{\"model\":\"%s\",\"sentences\":%zu,\"words\":%zu,\"tags\":%u,\"labels\":%u,"
                 "\"jackknife_tag_accuracy\":%.2f,\"tagger_weights\":%zu,\"parser_weights\":%zu,"
                 "\"lemma_rules\":%zu,\"seconds_tagger\":%.1f,\"seconds_parser\":%.1f,"
                 "\"seconds_total\":%.1f,\"dev\":",
                 out_path, c.nsent, c.ntok, ntags, nlabels, 100.0 * (double)ptag_ok / (double)c.ntok,
                 pl_pmodel_nweights(&tagger.pm), pl_pmodel_nweights(&parser.pm), lem.nrules,
                 t_tag, t_parse, t_total);
        pl_buf_puts(&b, line);
        pl_buf_puts(&b, dev_json ? dev_json : "null");
        pl_buf_puts(&b, "}");
        parley_string_free(dev_json);
        if (!b.data) {
            st = pl_error(PARLEY_ERR_NOMEM, "out of memory");
            goto done;
        }
        *report = b.data;
    }
done:
    strset_free(&tags);
    strset_free(&labels);
    corpus_free(&c);
    pl_pfrozen_release(&tagger);
    pl_pfrozen_release(&parser);
    lemma_out_free(&lem);
    pl_mw_release(&w);
    pl_free(use);
    pl_free(tdict);
    return st;
}
