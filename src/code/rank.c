/*
 * rank.c - the learned event decision: which pairs of actors in a sentence
 * stand in an event, and of which CAMEO root.
 *
 * The verb patterns propose events; on real news they miss most and many
 * of those they find are wrong (background, wrong sense, wrong pair). So
 * every ordered pair of actor mentions of a parsed sentence is a
 * candidate, described by features of the dependency path between the
 * two (the governing word's lemma, the relations on each side, the
 * preposition), the actors' roles, the modality of the governing verb,
 * the verb dictionary's code for it and what the patterns proposed for
 * the pair. One averaged perceptron over 21 classes (none + the 20 CAMEO
 * roots), trained on hand-annotated articles (`parley train events`),
 * scores them; for each pair of countries in the sentence the best pair
 * and class is kept when it beats "none". The pattern's event is used
 * when it agrees on the root (its full code, trigger and pattern), else
 * the event is built with the code most often annotated for that root and
 * governing lemma in the training articles.
 *
 * Model file (text, versioned; small enough to read in a few ms):
 *   parley-events 1
 *   buckets N classes 21
 *   cameo RR LEMMA CODE        (most frequent code for a root and lemma;
 *                               LEMMA "*" for the root alone)
 *   rulep ROOT EVENTS RIGHT    (the patterns' events of a root on the training
 *                               articles, and how many were right)
 *   w BUCKET CLASS WEIGHT      (nonzero averaged weights)
 */
#include "code/code.h"
#include "dict/dict.h"

#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define RANK_BUCKETS    (1u << 17)
#define RANK_CLASSES    21
#define RANK_MAX_ACTORS 10
#define RANK_MAX_WORDS  400
#define RANK_MAX_FEATS  96
/* perceptrons averaged into one model (pl_rank_train_write) */
#define RANK_BAG 5
/* A root whose pattern events were right less than 5% of the time on at
 * least 20 of them in training is "weak": its pattern events need the
 * model's agreement (the model file's `rulep ROOT EVENTS RIGHT` lines). */
#define RANK_WEAK_MIN       20
#define RANK_WEAK_PRECISION 0.05
/* ...unless the event comes from a specific pattern (not the verb's
 * default code) or the model scores the root at most this far below "none".
 * Chosen on the Wikinews dev set and the founding article: 0 gives dev
 * precision 15.4 but loses the founding article's meetings; 40 gives dev
 * 13.6 / 10.1 and the founding article 77.8 / 56.0 (without the rule:
 * 12.6 / 10.2 and 60.0 / 60.0). */
#define RANK_WEAK_MARGIN 40.0f
/* Default decision thresholds (a model file's `thresholds ADD DROP` line
 * wins). ADD: a pair the patterns did not propose becomes an event when
 * its best root beats "none" by more than this. Trained only on the pairs
 * that stand where the annotators' words are, the model is cautious; -8
 * was chosen on the Wikinews dev set (0: P 16.3 R 9.2; -8: 15.8 / 10.1;
 * -12: 15.5 / 10.6, the founding article unchanged at 77.8 / 56.0). */
#define RANK_ADD  -8.0f
#define RANK_DROP 1e30f

typedef struct cameo_entry {
    uint8_t root;
    char lemma[32];
    char code[PL_CODE_MAX];
    uint32_t count; /* training only */
} cameo_entry;

struct pl_rank {
    float *w; /* RANK_BUCKETS x RANK_CLASSES */
    cameo_entry *cam;
    size_t ncam, cam_cap;
    char *name; /* file name, for the events' pattern field */
    float add;  /* a pair not proposed by the patterns becomes an event above this margin */
    float drop; /* a pattern's event is dropped when its margin is below -drop */
    bool trace; /* $PARLEY_RANK_TRACE: log every candidate's decision */
    /* roots whose pattern events were mostly wrong on the training articles:
     * kept only where the model agrees */
    bool weak_root[RANK_CLASSES];
    float weak_margin; /* a weak root's pattern event is kept above -weak_margin */
};

/* One training example: a candidate pair with its gold class. */
typedef struct rank_example {
    uint32_t f0; /* features feats[f0 .. f0+nf) */
    uint16_t nf;
    uint8_t label;
} rank_example;

struct pl_rank_train {
    rank_example *ex;
    size_t nex, cap;
    uint32_t *feats;
    size_t nfeats, fcap;
    cameo_entry *cam; /* (root, lemma, code) counts */
    size_t ncam, cam_cap;
    size_t fit, fit_pos; /* examples / positive examples the trained weights get right */
    uint32_t rule_n[RANK_CLASSES], rule_ok[RANK_CLASSES]; /* patterns' events by root, right */
    const pl_rank_gold *gold;                             /* the current document's gold events */
    size_t ngold;
};

void pl_rank_free(pl_rank *r)
{
    if (!r)
        return;
    pl_free(r->w);
    pl_free(r->cam);
    pl_free(r->name);
    pl_free(r);
}

const char *pl_rank_name(const pl_rank *r)
{
    return r ? r->name : "";
}

/* "w BUCKET CLASS WEIGHT": most of a model file, read without sscanf (a
 * third of the time of coding a short document went into it). */
static bool weight_line(const char *line, unsigned *b, unsigned *k, float *wt)
{
    if (line[0] != 'w' || line[1] != ' ')
        return false;
    char *end;
    const char *p = line + 2;
    if (!isdigit((unsigned char)*p))
        return false;
    unsigned long ub = strtoul(p, &end, 10);
    if (*end != ' ' || !isdigit((unsigned char)end[1]))
        return false;
    unsigned long uk = strtoul(end + 1, &end, 10);
    if (*end != ' ')
        return false;
    p = end + 1;
    float w = strtof(p, &end);
    if (end == p || (*end != '\n' && *end != '\0' && *end != '\r') || ub > UINT32_MAX ||
        uk > UINT32_MAX)
        return false;
    *b = (unsigned)ub;
    *k = (unsigned)uk;
    *wt = w;
    return true;
}

parley_status pl_rank_load(const char *path, const char *name, pl_rank **out)
{
    *out = NULL;
    FILE *f = fopen(path, "r");
    if (!f)
        return pl_error(PARLEY_ERR_IO, "cannot open event model %s", path);
    pl_rank *r = pl_calloc(1, sizeof *r);
    if (r) {
        r->add = RANK_ADD;
        r->drop = RANK_DROP;
    }
    if (r)
        r->w = pl_calloc((size_t)RANK_BUCKETS * RANK_CLASSES, sizeof *r->w);
    if (r)
        r->name = pl_strdup(name ? name : path);
    if (!r || !r->w || !r->name) {
        fclose(f);
        pl_rank_free(r);
        return pl_error(PARLEY_ERR_NOMEM, "out of memory loading %s", path);
    }
    char line[256];
    size_t lineno = 0;
    parley_status st = PARLEY_OK;
    while (!st && fgets(line, sizeof line, f)) {
        lineno++;
        if (lineno == 1) {
            if (strncmp(line, "parley-events 1", 15) != 0)
                st = pl_error(PARLEY_ERR_MODEL, "%s:1: not a parley event model (version 1)", path);
            continue;
        }
        unsigned b, k;
        float wt;
        unsigned root;
        char lemma[64], code[16];
        if (line[0] == 'w' && weight_line(line, &b, &k, &wt)) {
            if (b >= RANK_BUCKETS || k >= RANK_CLASSES || !isfinite(wt)) {
                st = pl_error(PARLEY_ERR_MODEL, "%s:%zu: weight out of range", path, lineno);
                break;
            }
            r->w[(size_t)b * RANK_CLASSES + k] = wt;
        } else if (line[0] == 'c' && sscanf(line, "cameo %u %63s %15s", &root, lemma, code) == 3) {
            if (root < 1 || root > 20 || strlen(lemma) >= sizeof r->cam->lemma ||
                strlen(code) >= PL_CODE_MAX) {
                st = pl_error(PARLEY_ERR_MODEL, "%s:%zu: bad cameo line", path, lineno);
                break;
            }
            if (pl_grow((void **)&r->cam, &r->cam_cap, r->ncam + 1, sizeof *r->cam, 1u << 20)) {
                st = pl_error(PARLEY_ERR_NOMEM, "out of memory loading %s", path);
                break;
            }
            cameo_entry *e = &r->cam[r->ncam++];
            memset(e, 0, sizeof *e);
            e->root = (uint8_t)root;
            strcpy(e->lemma, lemma);
            strcpy(e->code, code);
        } else if (line[0] == 't' && sscanf(line, "thresholds %f %f", &r->add, &r->drop) == 2) {
            continue;
        } else if (line[0] == 'r' && sscanf(line, "rulep %u %u %u", &root, &b, &k) == 3) {
            if (root < 1 || root >= RANK_CLASSES || k > b) {
                st = pl_error(PARLEY_ERR_MODEL, "%s:%zu: bad rulep line", path, lineno);
                break;
            }
            r->weak_root[root] = b >= RANK_WEAK_MIN && (double)k < RANK_WEAK_PRECISION * b;
        } else if (strncmp(line, "buckets", 7) == 0) {
            if (sscanf(line, "buckets %u classes %u", &b, &k) != 2 || b != RANK_BUCKETS ||
                k != RANK_CLASSES) {
                st = pl_error(PARLEY_ERR_MODEL,
                              "%s:%zu: made for %u buckets and %u classes, this parley uses %u "
                              "and %u: retrain it (parley train-events)",
                              path, lineno, b, k, RANK_BUCKETS, RANK_CLASSES);
                break;
            }
        } else {
            st = pl_error(PARLEY_ERR_MODEL, "%s:%zu: unknown line", path, lineno);
        }
    }
    if (!st && lineno == 0)
        st = pl_error(PARLEY_ERR_MODEL, "%s: empty event model", path);
    r->trace = getenv("PARLEY_RANK_TRACE") != NULL;
    r->weak_margin = RANK_WEAK_MARGIN;
    if (getenv("PARLEY_RANK_WEAK"))
        r->weak_margin = (float)atof(getenv("PARLEY_RANK_WEAK"));
    /* experiments only: override the file's thresholds */
    if (getenv("PARLEY_RANK_ADD"))
        r->add = (float)atof(getenv("PARLEY_RANK_ADD"));
    if (getenv("PARLEY_RANK_DROP"))
        r->drop = (float)atof(getenv("PARLEY_RANK_DROP"));
    fclose(f);
    if (st) {
        pl_rank_free(r);
        return st;
    }
    *out = r;
    return PARLEY_OK;
}

/* ---------------------------------------------------------------------- */
/* Features */

typedef struct fctx {
    const parley_doc *doc;
    const pl_word *w;
    int n;
    int parent[RANK_MAX_WORDS];
    uint32_t feats[RANK_MAX_FEATS];
    int nf;
    /* per word, computed once per sentence: its "case" child (the
     * preposition), negation, modal and mark children, -1 / 0 when none */
    int case_kid[RANK_MAX_WORDS], aux_kid[RANK_MAX_WORDS], mark_kid[RANK_MAX_WORDS];
    bool neg[RANK_MAX_WORDS];
    bool quoted[RANK_MAX_WORDS]; /* inside a quotation (an odd number of quote marks before) */
    int vroot[RANK_MAX_WORDS]; /* verb dictionary root of the lemma, -1 not looked up */
    float ps[RANK_MAX_ACTORS][RANK_MAX_ACTORS][RANK_CLASSES]; /* decoding: pair scores */
    bool has[RANK_MAX_ACTORS][RANK_MAX_ACTORS];
} fctx;

/* v in decimal, written backwards ending at end (a NUL is put at end[-1]):
 * snprintf was half the event model's time. */
static const char *int_text(int v, char *end)
{
    char *p = end - 1;
    *p = 0;
    unsigned u = v < 0 ? 0u - (unsigned)v : (unsigned)v;
    do {
        *--p = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0)
        *--p = '-';
    return p;
}

static void feat(fctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void feat(fctx *c, const char *fmt, ...)
{
    if (c->nf >= RANK_MAX_FEATS)
        return;
    /* FNV-1a over the bytes vsnprintf(buf[192], fmt, ...) would write (the
     * formats use only %s and %d), without formatting: this runs for every
     * feature of every candidate pair */
    uint64_t h = 1469598103934665603ull;
    size_t left = 191;
    va_list ap;
    va_start(ap, fmt);
    for (const char *f = fmt; *f && left; f++) {
        const char *s = NULL;
        char num[24];
        if (f[0] == '%' && f[1] == 's') {
            s = va_arg(ap, const char *);
            f++;
        } else if (f[0] == '%' && f[1] == 'd') {
            s = int_text(va_arg(ap, int), num + sizeof num);
            f++;
        }
        if (!s) {
            h = (h ^ (unsigned char)*f) * 1099511628211ull;
            left--;
            continue;
        }
        for (; *s && left; s++, left--)
            h = (h ^ (unsigned char)*s) * 1099511628211ull;
    }
    va_end(ap);
    c->feats[c->nf++] = (uint32_t)(pl_mix64(h) % RANK_BUCKETS);
}

static const char *lem(const fctx *c, int i)
{
    const char *l = c->w[i].lemma;
    return l && *l && strcmp(l, "_") != 0 ? l : c->w[i].norm;
}

static const char *rel(const fctx *c, int i)
{
    const char *r = c->w[i].deprel;
    return r && *r ? r : "_";
}

/* The relations from word i up to (not including) its ancestor v. */
static void path_rels(const fctx *c, int i, int v, char *out, size_t cap)
{
    out[0] = 0;
    if (i == v) {
        snprintf(out, cap, "SELF");
        return;
    }
    int steps = 0;
    size_t len = 0;
    for (int x = i; x >= 0 && x != v && steps < 8; x = c->parent[x], steps++) {
        if (steps == 3) {
            snprintf(out + len, cap - len, ">..");
            return;
        }
        const char *r = rel(c, x);
        size_t rl = strlen(r);
        if (len + (steps ? 1 : 0) + rl + 1 > cap)
            return;
        if (steps)
            out[len++] = '>';
        memcpy(out + len, r, rl + 1);
        len += rl;
    }
}

/* The preposition ("case" child) nearest v on the path from i up to v. */
static const char *path_prep(const fctx *c, int i, int v)
{
    const char *prep = "-";
    for (int x = i, steps = 0; x >= 0 && x != v && steps < 8; x = c->parent[x], steps++)
        if (c->case_kid[x] >= 0)
            prep = lem(c, c->case_kid[x]);
    return prep;
}

static bool lemma_is(const fctx *c, int k, const char *const *set)
{
    const char *l = lem(c, k);
    for (; *set; set++)
        if (strcmp(l, *set) == 0)
            return true;
    return false;
}

/* The per-word tables of fctx, from the parse. */
static void index_children(fctx *c)
{
    static const char *const negs[] = {"not", "never", NULL};
    static const char *const modals[] = {"would", "could", "may",  "might", "should",
                                         "can",   "will",  "must", NULL};
    bool in_quote = false;
    for (int k = 0; k < c->n; k++) {
        c->case_kid[k] = c->aux_kid[k] = c->mark_kid[k] = -1;
        c->neg[k] = false;
        c->vroot[k] = -1;
        const char *f = c->w[k].norm ? c->w[k].norm : "";
        if (strcmp(f, "\"") == 0 || strcmp(f, "``") == 0 || strcmp(f, "''") == 0)
            in_quote = !in_quote;
        c->quoted[k] = in_quote;
    }
    for (int k = 0; k < c->n; k++) {
        int x = c->parent[k];
        if (x < 0)
            continue;
        const char *r = rel(c, k);
        if (strcmp(r, "case") == 0)
            c->case_kid[x] = k;
        else if (strcmp(r, "advmod") == 0 && lemma_is(c, k, negs))
            c->neg[x] = true;
        else if (strcmp(r, "aux") == 0 && lemma_is(c, k, modals))
            c->aux_kid[x] = k;
        else if (strcmp(r, "mark") == 0)
            c->mark_kid[x] = k;
    }
}

static int lca(const fctx *c, int a, int b)
{
    int up[RANK_MAX_WORDS];
    int na = 0;
    for (int x = a; x >= 0 && na < 64; x = c->parent[x])
        up[na++] = x;
    for (int y = b, steps = 0; y >= 0 && steps < 64; y = c->parent[y], steps++)
        for (int k = 0; k < na; k++)
            if (up[k] == y)
                return y;
    return -1;
}

static int depth_to(const fctx *c, int i, int v)
{
    int d = 0;
    for (int x = i; x >= 0 && x != v && d < 64; x = c->parent[x])
        d++;
    return d;
}

/* The root of the verb dictionary's code for a lemma (the verb's own code,
 * else its block's), 0 when the dictionary does not know it. */
static int verb_root(const pl_verbdict *vd, const char *lemma)
{
    char up[64];
    size_t n = 0;
    for (; lemma[n] && n + 1 < sizeof up; n++)
        up[n] = (char)toupper((unsigned char)lemma[n]);
    up[n] = 0;
    const pl_vverb *const *vv = NULL;
    size_t nv = 0;
    pl_verbs_lookup(vd, up, &vv, &nv);
    for (size_t k = 0; k < nv; k++) {
        if (vv[k]->npre || vv[k]->npost)
            continue;
        const char *code = vv[k]->code;
        if (!*code) {
            const pl_vblock *b = pl_verbs_block(vd, vv[k]->block);
            code = b ? b->code : "";
        }
        if (strlen(code) >= 2 && isdigit((unsigned char)code[0]))
            return (code[0] - '0') * 10 + (code[1] - '0');
    }
    return 0;
}

static void role_of(const char *code, char out[8])
{
    size_t n = strlen(code);
    if (n <= 3)
        snprintf(out, 8, "-");
    else
        snprintf(out, 8, "%.3s", code + 3);
}

static const char *ctry_kind(const char *code)
{
    if (strncmp(code, "---", 3) == 0)
        return "unk";
    if (strncmp(code, "IGO", 3) == 0)
        return "igo";
    if (strncmp(code, "NGO", 3) == 0)
        return "ngo";
    return "state";
}

static bool same_span(const pl_event_actor *e, const pl_code_actor *a)
{
    return e->start == a->start && e->end == a->end && e->code && strcmp(e->code, a->code) == 0;
}

static bool same_ctry(const char *a, const char *b)
{
    return strncmp(a, b, 3) == 0;
}

/* The modality of governing word v: negation, a modal, a conditional. */
static void modality(fctx *c, int v)
{
    for (int up = 0, x = v; x >= 0 && up < 2; x = c->parent[x], up++) {
        if (c->neg[x])
            feat(c, "neg%d", up);
        if (c->aux_kid[x] >= 0)
            feat(c, "aux%d=%s", up, lem(c, c->aux_kid[x]));
        if (c->mark_kid[x] >= 0)
            feat(c, "mark%d=%s", up, lem(c, c->mark_kid[x]));
        if (up == 0)
            feat(c, "vrel=%s", rel(c, x));
    }
}

/* verb_root of word k's lemma, looked up once per sentence */
static int word_root(fctx *c, const pl_verbdict *vd, int k)
{
    if (c->vroot[k] < 0)
        c->vroot[k] = verb_root(vd, lem(c, k));
    return c->vroot[k];
}

/* Features of the ordered pair (i -> j) of sentence actors. */
static void pair_features(fctx *c, const pl_verbdict *vd, size_t sent, const pl_code_actor *a,
                          size_t na, size_t i, size_t j, const pl_events *ev, size_t n0,
                          uint32_t w0, int *gov)
{
    c->nf = 0;
    int hi = (int)(a[i].head - w0), hj = (int)(a[j].head - w0);
    int v = lca(c, hi, hj);
    *gov = v;
    char pi[64], pj[64];
    const char *lv = v >= 0 ? lem(c, v) : "-";
    if (v >= 0) {
        path_rels(c, hi, v, pi, sizeof pi);
        path_rels(c, hj, v, pj, sizeof pj);
    } else {
        snprintf(pi, sizeof pi, "none");
        snprintf(pj, sizeof pj, "none");
    }
    const char *prj = v >= 0 ? path_prep(c, hj, v) : "-";
    const char *pri = v >= 0 ? path_prep(c, hi, v) : "-";
    char ri[8], rj[8];
    role_of(a[i].code, ri);
    role_of(a[j].code, rj);
    feat(c, "b");
    feat(c, "v=%s", lv);
    feat(c, "vu=%s", v >= 0 ? pl_upos_name(c->w[v].upos) : "-");
    feat(c, "pi=%s", pi);
    feat(c, "pj=%s", pj);
    feat(c, "pp=%s|%s", pi, pj);
    feat(c, "vpi=%s|%s", lv, pi);
    feat(c, "vpj=%s|%s", lv, pj);
    feat(c, "prj=%s", prj);
    feat(c, "vprj=%s|%s", lv, prj);
    feat(c, "pri=%s", pri);
    feat(c, "ri=%s", ri);
    feat(c, "rj=%s", rj);
    feat(c, "rr=%s|%s", ri, rj);
    feat(c, "ki=%s|kj=%s", ctry_kind(a[i].code), ctry_kind(a[j].code));
    feat(c, "same=%d", same_ctry(a[i].code, a[j].code));
    feat(c, "mi=%d|mj=%d", a[i].match, a[j].match);
    feat(c, "ord=%d", hi < hj);
    int dist = abs(hi - hj);
    feat(c, "dist=%d", dist <= 2 ? dist : dist <= 5 ? 5 : dist <= 10 ? 10 : 99);
    if (v >= 0)
        feat(c, "depth=%d|%d", depth_to(c, hi, v) > 3 ? 4 : depth_to(c, hi, v),
             depth_to(c, hj, v) > 3 ? 4 : depth_to(c, hj, v));
    feat(c, "hl=%d", sent == 0);
    int vr = v >= 0 ? word_root(c, vd, v) : 0;
    feat(c, "vd=%d", vr);
    feat(c, "vdpp=%d|%s|%s", vr, pi, pj);
    feat(c, "q=%d|%d", c->quoted[hi], c->quoted[hj]);
    if (v >= 0) {
        /* the words between each actor and the governing word: "X said Y
         * attacked Z" is decided by "attacked", below "said" */
        for (int side = 0; side < 2; side++) {
            int x = side ? hj : hi, steps = 0;
            for (x = x >= 0 ? c->parent[x] : -1; x >= 0 && x != v && steps < 6;
                 x = c->parent[x], steps++) {
                if (c->w[x].upos != PL_UPOS_VERB && c->w[x].upos != PL_UPOS_NOUN)
                    continue;
                feat(c, "pl%d=%s", side, lem(c, x));
                int r = word_root(c, vd, x);
                if (r)
                    feat(c, "pd%d=%d", side, r);
            }
        }
    }
    if (v >= 0) {
        modality(c, v);
        int p = c->parent[v];
        if (p >= 0) {
            feat(c, "gv=%s", lem(c, p));
            feat(c, "gvr=%s|%s", lem(c, p), rel(c, v));
            int pr = word_root(c, vd, p);
            feat(c, "gvd=%d|%s", pr, rel(c, v));
        }
    }
    if (c->n > 0 && c->w[c->n - 1].norm && strcmp(c->w[c->n - 1].norm, "?") == 0)
        feat(c, "question");
    /* what the verb patterns proposed */
    int rule = 0, rrev = 0, rkey = 0;
    for (size_t e = n0; e < ev->n; e++) {
        const pl_event *x = &ev->ev[e];
        int r = pl_cameo_root_number(x->cameo);
        if (same_span(&x->src, &a[i]) && same_span(&x->tgt, &a[j]))
            rule = r;
        else if (same_span(&x->src, &a[j]) && same_span(&x->tgt, &a[i]))
            rrev = r;
        else if (x->src.code && x->tgt.code && same_ctry(x->src.code, a[i].code) &&
                 same_ctry(x->tgt.code, a[j].code))
            rkey = r;
    }
    feat(c, "rule=%d", rule);
    feat(c, "rrev=%d", rrev);
    feat(c, "rkey=%d", rkey);
    feat(c, "rulev=%d|%s", rule, lv);
    (void)na;
}

/* ---------------------------------------------------------------------- */
/* Decoding */

static void scores(const float *w, const uint32_t *f, int nf, float out[RANK_CLASSES])
{
    for (int k = 0; k < RANK_CLASSES; k++)
        out[k] = 0;
    for (int q = 0; q < nf; q++) {
        const float *row = w + (size_t)f[q] * RANK_CLASSES;
        for (int k = 0; k < RANK_CLASSES; k++)
            out[k] += row[k];
    }
}

/* The code to give an event of root r governed by lemma l. */
static const char *cameo_for(const pl_rank *m, int r, const char *l, char buf[PL_CODE_MAX])
{
    const char *any = NULL;
    for (size_t k = 0; k < m->ncam; k++) {
        if (m->cam[k].root != r)
            continue;
        if (strcmp(m->cam[k].lemma, l) == 0)
            return m->cam[k].code;
        if (strcmp(m->cam[k].lemma, "*") == 0)
            any = m->cam[k].code;
    }
    if (any)
        return any;
    snprintf(buf, PL_CODE_MAX, "%02d0", r);
    return buf;
}

/* The gold class of the pair (a[i] -> a[j]): the root of an annotated
 * event of the sentence with the same two countries, 0 for none. Every
 * pair of those countries is taught so: half the annotated actors are
 * words the dictionaries do not find ("rebel fighters", "the suspect"),
 * and another mention of the same country then stands in for them (the
 * score is by country; aligning on the annotated words measured worse). */
/* Does mention a stand where the gold's words for it are? -1 the words
 * are in the sentence elsewhere, 1 a overlaps them, 0 the gold gives no
 * words found in the sentence (named elsewhere, or a pronoun's antecedent). */
static int at_gold_words(const parley_doc *doc, size_t sent, const char *words,
                         const pl_code_actor *a)
{
    if (!words || !*words)
        return 0;
    const pl_sentence *s = &doc->sents[sent];
    size_t len = strlen(words);
    const char *base = doc->text + s->start, *end = doc->text + s->end;
    for (const char *p = base; p + len <= end; p++)
        if (memcmp(p, words, len) == 0) {
            uint32_t ws = (uint32_t)(p - doc->text), we = ws + (uint32_t)len;
            return a->start < we && ws < a->end ? 1 : -1;
        }
    return 0;
}

/* The gold class of the pair (ai -> aj): the root of a gold event of the
 * sentence with their countries, 0 none, -1 ambiguous (the countries
 * match but the gold names other words of the sentence for a side: this
 * pair is neither the event nor clearly not it, and is not trained on). */
#define OTHER_LABEL (-1)
static int gold_class(const pl_rank_train *t, const parley_doc *doc, size_t sent,
                      const pl_code_actor *ai, const pl_code_actor *aj)
{
    int other = 0;
    for (size_t g = 0; g < t->ngold; g++) {
        const pl_rank_gold *x = &t->gold[g];
        if (x->sent != sent || !same_ctry(x->src, ai->code) || !same_ctry(x->tgt, aj->code))
            continue;
        if (at_gold_words(doc, sent, x->src_text, ai) >= 0 &&
            at_gold_words(doc, sent, x->tgt_text, aj) >= 0)
            return x->root;
        other = OTHER_LABEL;
    }
    return other;
}

static void count_cameo(pl_rank_train *t, int root, const char *lemma, const char *code)
{
    for (int pass = 0; pass < 2; pass++) {
        const char *l = pass ? "*" : lemma;
        size_t k = 0;
        while (k < t->ncam && !(t->cam[k].root == root && strcmp(t->cam[k].lemma, l) == 0 &&
                                strcmp(t->cam[k].code, code) == 0))
            k++;
        if (k == t->ncam) {
            if (strlen(l) >= sizeof t->cam->lemma || strlen(code) >= PL_CODE_MAX ||
                pl_grow((void **)&t->cam, &t->cam_cap, t->ncam + 1, sizeof *t->cam, 1u << 20))
                continue;
            memset(&t->cam[k], 0, sizeof t->cam[k]);
            t->cam[k].root = (uint8_t)root;
            strcpy(t->cam[k].lemma, l);
            strcpy(t->cam[k].code, code);
            t->ncam++;
        }
        t->cam[k].count++;
    }
}

parley_status pl_rank_sentence(const pl_rank *m, pl_rank_train *t, const pl_verbdict *vd,
                               const pl_tables *tb, const parley_doc *doc, size_t sent,
                               const pl_code_actor *a, size_t na, pl_events *ev, size_t n0)
{
    const pl_sentence *s = &doc->sents[sent];
    if (na < 2 || s->nwords == 0 || s->nwords > RANK_MAX_WORDS)
        return PARLEY_OK;
    if (na > RANK_MAX_ACTORS)
        na = RANK_MAX_ACTORS;
    fctx *c = pl_malloc(sizeof *c);
    if (!c)
        return pl_error(PARLEY_ERR_NOMEM, "out of memory");
    c->doc = doc;
    memset(c->has, 0, sizeof c->has);
    c->w = doc->words + s->word0;
    c->n = (int)s->nwords;
    for (int k = 0; k < c->n; k++) {
        int h = c->w[k].head;
        c->parent[k] = h > 0 && h <= c->n ? h - 1 : -1;
    }
    index_children(c);
    /* best (pair, class) for each pair of countries */
    typedef struct keybest {
        char src[4], tgt[4];
        float margin;
        int cls;
        size_t i, j;
        int gov;
    } keybest;
    keybest kb[RANK_MAX_ACTORS * RANK_MAX_ACTORS];
    size_t nkb = 0;
    parley_status st = PARLEY_OK;
    for (size_t i = 0; i < na && !st; i++) {
        for (size_t j = 0; j < na && !st; j++) {
            if (i == j || (a[i].start < a[j].end && a[j].start < a[i].end))
                continue;
            if (strlen(a[i].code) < 3 || strlen(a[j].code) < 3)
                continue;
            /* the unsaid actor is a source ("X was arrested"): an unsaid
             * target is most often another country's, named elsewhere */
            if (a[j].match == PL_MATCH_IMPLICIT)
                continue;
            int gov = -1;
            pair_features(c, vd, sent, a, na, i, j, ev, n0, s->word0, &gov);
            if (t) {
                int label = gold_class(t, doc, sent, &a[i], &a[j]);
                if (label < 0)
                    continue;
                if (pl_grow((void **)&t->ex, &t->cap, t->nex + 1, sizeof *t->ex, 1u << 26) ||
                    pl_grow((void **)&t->feats, &t->fcap, t->nfeats + (size_t)c->nf,
                            sizeof *t->feats, 1u << 30)) {
                    st = pl_error(PARLEY_ERR_NOMEM, "out of memory");
                    break;
                }
                rank_example *x = &t->ex[t->nex++];
                x->f0 = (uint32_t)t->nfeats;
                x->nf = (uint16_t)c->nf;
                x->label = (uint8_t)label;
                memcpy(t->feats + t->nfeats, c->feats, (size_t)c->nf * sizeof *c->feats);
                t->nfeats += (size_t)c->nf;
                continue;
            }
            float *sc = c->ps[i][j];
            scores(m->w, c->feats, c->nf, sc);
            c->has[i][j] = true;
            int best = 1;
            for (int k = 2; k < RANK_CLASSES; k++)
                if (sc[k] > sc[best])
                    best = k;
            float margin = sc[best] - sc[0];
            size_t q = 0;
            while (q < nkb && !(same_ctry(kb[q].src, a[i].code) && same_ctry(kb[q].tgt, a[j].code)))
                q++;
            if (q == nkb) {
                memcpy(kb[q].src, a[i].code, 3);
                kb[q].src[3] = 0;
                memcpy(kb[q].tgt, a[j].code, 3);
                kb[q].tgt[3] = 0;
                kb[q].margin = -INFINITY;
                nkb++;
            }
            if (margin > kb[q].margin) {
                kb[q].margin = margin;
                kb[q].cls = best;
                kb[q].i = i;
                kb[q].j = j;
                kb[q].gov = gov;
            }
        }
    }
    if (!st && t) {
        /* training: how often the patterns' events of each root are right */
        for (size_t e = n0; e < ev->n; e++) {
            const pl_event *x = &ev->ev[e];
            int r = pl_cameo_root_number(x->cameo);
            if (!r || !x->src.code || !x->tgt.code)
                continue;
            t->rule_n[r]++;
            for (size_t g = 0; g < t->ngold; g++)
                if (t->gold[g].sent == sent && t->gold[g].root == r &&
                    same_ctry(t->gold[g].src, x->src.code) &&
                    same_ctry(t->gold[g].tgt, x->tgt.code)) {
                    t->rule_ok[r]++;
                    break;
                }
        }
    }
    if (st || t) {
        /* training: the annotated codes, counted by root and governing lemma */
        for (size_t g = 0; t && !st && g < t->ngold; g++) {
            if (t->gold[g].sent != sent || !t->gold[g].cameo[0])
                continue;
            /* the governing lemma of the first pair with these countries */
            for (size_t i = 0; i < na; i++)
                for (size_t j = 0; j < na; j++) {
                    if (i == j || !same_ctry(a[i].code, t->gold[g].src) ||
                        !same_ctry(a[j].code, t->gold[g].tgt))
                        continue;
                    int v = lca(c, (int)(a[i].head - s->word0), (int)(a[j].head - s->word0));
                    if (v >= 0)
                        count_cameo(t, t->gold[g].root, lem(c, v), t->gold[g].cameo);
                    i = j = na; /* once */
                    break;
                }
        }
        pl_free(c);
        return st;
    }
    /* decoding: the patterns' events of this sentence, filtered and added to */
    size_t nrule = ev->n - n0;
    pl_event *rules = nrule ? pl_malloc(nrule * sizeof *rules) : NULL;
    if (nrule && !rules) {
        pl_free(c);
        return pl_error(PARLEY_ERR_NOMEM, "out of memory");
    }
    if (nrule)
        memcpy(rules, ev->ev + n0, nrule * sizeof *rules);
    ev->n = n0;
    /* the patterns' events the model does not reject */
    for (size_t e = 0; e < nrule; e++) {
        int r = pl_cameo_root_number(rules[e].cameo);
        bool keep = true;
        for (size_t i = 0; i < na && keep; i++)
            for (size_t j = 0; j < na && keep; j++)
                if (c->has[i][j] && r > 0 && same_span(&rules[e].src, &a[i]) &&
                    same_span(&rules[e].tgt, &a[j]))
                    keep = c->ps[i][j][r] - c->ps[i][j][0] >
                           (m->weak_root[r] && !(rules[e].pat_text && *rules[e].pat_text)
                                ? -m->weak_margin
                                : -m->drop);
        if (keep)
            ev->ev[ev->n++] = rules[e]; /* ev holds at least nrule events past n0 */
    }
    size_t nkept = ev->n;
    /* diagnosis ($PARLEY_RANK_TRACE): every candidate pair of countries
     * with its best class and margin, through the log callback */
    for (size_t q = 0; m->trace && q < nkb; q++)
        pl_warn("TRACE\t%s\t%zu\t%s\t%s\t%d\t%.2f", doc->id, sent, kb[q].src, kb[q].tgt, kb[q].cls,
                (double)kb[q].margin);
    /* pairs of named actors first; then the sentence's unsaid actor, only
     * as the partner of an actor that has none yet ("X was arrested"): a
     * sentence that names both sides has no unsaid one */
    for (size_t qq = 0; qq < 2 * nkb && !st; qq++) {
        size_t q = qq % nkb;
        if (!(kb[q].margin > m->add))
            continue;
        const pl_code_actor *ai = &a[kb[q].i], *aj = &a[kb[q].j];
        bool unsaid = ai->match == PL_MATCH_IMPLICIT || aj->match == PL_MATCH_IMPLICIT;
        if (unsaid != (qq >= nkb))
            continue;
        if (unsaid) {
            const pl_code_actor *named = ai->match == PL_MATCH_IMPLICIT ? aj : ai;
            bool paired = false;
            for (size_t e = n0; e < ev->n && !paired; e++)
                paired = (ev->ev[e].src.start == named->start && ev->ev[e].src.end == named->end) ||
                         (ev->ev[e].tgt.start == named->start && ev->ev[e].tgt.end == named->end);
            if (paired)
                continue;
        }
        /* nothing the patterns gave already, and not the reverse of what
         * they gave: they decided the direction (joint actions they give
         * both ways themselves) */
        bool dup = false;
        for (size_t e = n0; e < nkept && !dup; e++) {
            const pl_event *x = &ev->ev[e];
            if (pl_cameo_root_number(x->cameo) != kb[q].cls || !x->src.code || !x->tgt.code)
                continue;
            dup = (same_ctry(x->src.code, ai->code) && same_ctry(x->tgt.code, aj->code)) ||
                  (same_ctry(x->src.code, aj->code) && same_ctry(x->tgt.code, ai->code));
        }
        if (dup)
            continue;
        const pl_event *keep = NULL;
        for (size_t e = 0; e < nrule && !keep; e++)
            if (pl_cameo_root_number(rules[e].cameo) == kb[q].cls && same_span(&rules[e].src, ai) &&
                same_span(&rules[e].tgt, aj))
                keep = &rules[e];
        for (size_t e = 0; e < nrule && !keep; e++)
            if (pl_cameo_root_number(rules[e].cameo) == kb[q].cls && rules[e].src.code &&
                rules[e].tgt.code && same_ctry(rules[e].src.code, ai->code) &&
                same_ctry(rules[e].tgt.code, aj->code))
                keep = &rules[e];
        if (pl_grow((void **)&ev->ev, &ev->cap, ev->n + 1, sizeof *ev->ev, 1u << 24)) {
            st = pl_error(PARLEY_ERR_NOMEM, "out of memory");
            break;
        }
        pl_event *e = &ev->ev[ev->n++];
        if (keep) {
            *e = *keep;
            continue;
        }
        memset(e, 0, sizeof *e);
        e->sent = (uint32_t)sent;
        e->src.code = ai->code;
        e->src.start = ai->start;
        e->src.end = ai->end;
        e->src.match = ai->match;
        e->tgt.code = aj->code;
        e->tgt.start = aj->start;
        e->tgt.end = aj->end;
        e->tgt.match = aj->match;
        int gov = kb[q].gov;
        char buf[PL_CODE_MAX];
        const char *code = cameo_for(m, kb[q].cls, gov >= 0 ? lem(c, gov) : "-", buf);
        snprintf(e->cameo, sizeof e->cameo, "%s", code);
        pl_tables_get(tb, e->cameo, &e->info);
        e->mode = PL_MODE_ASSERTED;
        if (gov >= 0) {
            e->trig_start = c->w[gov].start;
            e->trig_end = c->w[gov].end;
        }
        e->pat_text = "";
        e->pat_file = m->name;
        e->pat_line = 0;
    }
    pl_free(rules);
    pl_free(c);
    return st;
}

/* ---------------------------------------------------------------------- */
/* Training */

parley_status pl_rank_train_new(pl_rank_train **out)
{
    *out = pl_calloc(1, sizeof **out);
    return *out ? PARLEY_OK : pl_error(PARLEY_ERR_NOMEM, "out of memory");
}

void pl_rank_train_free(pl_rank_train *t)
{
    if (!t)
        return;
    pl_free(t->ex);
    pl_free(t->feats);
    pl_free(t->cam);
    pl_free(t);
}

void pl_rank_train_set_gold(pl_rank_train *t, const pl_rank_gold *g, size_t n)
{
    t->gold = g;
    t->ngold = n;
}

void pl_rank_train_fit(const pl_rank_train *t, size_t *fit, size_t *fit_positive)
{
    *fit = t->fit;
    *fit_positive = t->fit_pos;
}

size_t pl_rank_train_examples(const pl_rank_train *t, size_t *positive)
{
    size_t p = 0;
    for (size_t i = 0; i < t->nex; i++)
        p += t->ex[i].label != 0;
    if (positive)
        *positive = p;
    return t->nex;
}

/* One averaged multi-class perceptron over the collected examples, in an
 * order shuffled from seed (deterministic); its averaged weights are added
 * to sum. */
static parley_status train_one(const pl_rank_train *t, int epochs, uint64_t seed, float *sum)
{
    size_t nw = (size_t)RANK_BUCKETS * RANK_CLASSES;
    float *w = pl_calloc(nw, sizeof *w);
    double *u = pl_calloc(nw, sizeof *u); /* sum of update * time, for averaging */
    size_t *order = t->nex ? pl_malloc(t->nex * sizeof *order) : NULL;
    if (!w || !u || (t->nex && !order)) {
        pl_free(w);
        pl_free(u);
        pl_free(order);
        return pl_error(PARLEY_ERR_NOMEM, "out of memory training the event model");
    }
    for (size_t i = 0; i < t->nex; i++)
        order[i] = i;
    uint64_t rng = seed;
    double time = 1;
    for (int ep = 0; ep < epochs; ep++) {
        for (size_t i = t->nex; i > 1; i--) {
            rng = rng * 6364136223846793005ull + 1442695040888963407ull;
            size_t k = (size_t)((rng >> 33) % i);
            size_t tmp = order[i - 1];
            order[i - 1] = order[k];
            order[k] = tmp;
        }
        for (size_t q = 0; q < t->nex; q++, time++) {
            const rank_example *x = &t->ex[order[q]];
            const uint32_t *f = t->feats + x->f0;
            float sc[RANK_CLASSES];
            scores(w, f, x->nf, sc);
            int pred = 0;
            for (int k = 1; k < RANK_CLASSES; k++)
                if (sc[k] > sc[pred])
                    pred = k;
            if (pred == x->label)
                continue;
            for (int k = 0; k < x->nf; k++) {
                size_t a = (size_t)f[k] * RANK_CLASSES;
                w[a + x->label] += 1;
                u[a + x->label] += time;
                w[a + pred] -= 1;
                u[a + pred] -= time;
            }
        }
    }
    for (size_t i = 0; i < nw; i++)
        sum[i] += (float)((double)w[i] - u[i] / time);
    pl_free(w);
    pl_free(u);
    pl_free(order);
    return PARLEY_OK;
}

/* The mean of RANK_BAG averaged perceptrons, each over its own shuffled
 * order of the examples: one perceptron's decisions on a sentence swing
 * with the order it saw the few hundred training articles in; the mean
 * of several does not. Then written as a model file. */
parley_status pl_rank_train_write(pl_rank_train *t, int epochs, const char *path)
{
    size_t nw = (size_t)RANK_BUCKETS * RANK_CLASSES;
    float *avg = pl_calloc(nw, sizeof *avg);
    if (!avg)
        return pl_error(PARLEY_ERR_NOMEM, "out of memory training the event model");
    parley_status st = PARLEY_OK;
    uint64_t seed = 0x9E3779B97F4A7C15ull;
    for (int b = 0; b < RANK_BAG && !st; b++, seed = pl_mix64(seed + 1))
        st = train_one(t, epochs, seed, avg);
    if (st) {
        pl_free(avg);
        return st;
    }
    for (size_t i = 0; i < nw; i++)
        avg[i] /= RANK_BAG;
    {
        /* how well the weights fit the training examples */
        size_t ok = 0, posok = 0;
        for (size_t q = 0; q < t->nex; q++) {
            const rank_example *x = &t->ex[q];
            float sc[RANK_CLASSES];
            scores(avg, t->feats + x->f0, x->nf, sc);
            int pred = 0;
            for (int k = 1; k < RANK_CLASSES; k++)
                if (sc[k] > sc[pred])
                    pred = k;
            ok += pred == x->label;
            posok += x->label != 0 && pred == x->label;
        }
        t->fit = ok;
        t->fit_pos = posok;
    }
    char tmp[4096];
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    FILE *f = fopen(tmp, "w");
    if (!f)
        st = pl_error(PARLEY_ERR_IO, "cannot write %s", tmp);
    if (!st) {
        fprintf(f, "parley-events 1\nbuckets %u classes %u\nthresholds %g %g\n", RANK_BUCKETS,
                RANK_CLASSES, (double)RANK_ADD, (double)RANK_DROP);
        /* the most frequent code of each (root, lemma) */
        for (size_t k = 0; k < t->ncam; k++) {
            bool best = true;
            for (size_t q = 0; q < t->ncam && best; q++)
                if (q != k && t->cam[q].root == t->cam[k].root &&
                    strcmp(t->cam[q].lemma, t->cam[k].lemma) == 0 &&
                    (t->cam[q].count > t->cam[k].count ||
                     (t->cam[q].count == t->cam[k].count &&
                      strcmp(t->cam[q].code, t->cam[k].code) < 0)))
                    best = false;
            if (best)
                fprintf(f, "cameo %u %s %s\n", t->cam[k].root, t->cam[k].lemma, t->cam[k].code);
        }
        for (int r = 1; r < RANK_CLASSES; r++)
            if (t->rule_n[r])
                fprintf(f, "rulep %d %u %u\n", r, t->rule_n[r], t->rule_ok[r]);
        for (size_t i = 0; i < nw; i++)
            if (fabs(avg[i]) > 1e-6)
                fprintf(f, "w %zu %zu %.6g\n", i / RANK_CLASSES, i % RANK_CLASSES, (double)avg[i]);
        if (fclose(f) != 0)
            st = pl_error(PARLEY_ERR_IO, "cannot write %s", tmp);
        else if (rename(tmp, path) != 0)
            st = pl_error(PARLEY_ERR_IO, "cannot rename %s to %s", tmp, path);
    }
    pl_free(avg);
    return st;
}
