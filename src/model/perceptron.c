/*
 * perceptron.c - the averaged perceptron: a sparse training store (only
 * updated features are kept) and its frozen, mmap-able form.
 */
#include "model/model.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#endif

parley_status pl_ptrain_init(pl_ptrain *t, uint32_t nclasses)
{
    memset(t, 0, sizeof *t);
    if (nclasses == 0 || nclasses > 65535)
        return pl_error(PARLEY_ERR_ARG, "perceptron: %u classes (1..65535)", nclasses);
    t->nclasses = nclasses;
    t->cap = 1u << 16;
    t->slots = pl_calloc(t->cap, sizeof *t->slots);
    if (!t->slots)
        return pl_error(PARLEY_ERR_NOMEM, "out of memory for the perceptron");
    return PARLEY_OK;
}

void pl_ptrain_release(pl_ptrain *t)
{
    pl_free(t->slots);
    pl_free(t->recs);
    memset(t, 0, sizeof *t);
}

static inline size_t home(uint64_t key, size_t cap) { return (size_t)(key ^ (key >> 29)) & (cap - 1); }

/* Slot of key, or the empty slot where it would go. */
static size_t slot_of(const pl_ptrain_slot *slots, size_t cap, uint64_t key)
{
    size_t mask = cap - 1, i = home(key, cap);
    while (slots[i].key && slots[i].key != key)
        i = (i + 1) & mask;
    return i;
}

void pl_ptrain_score(pl_ptrain *t, const uint64_t *f, size_t n, float *scores)
{
    for (size_t k = 0; k < n; k++)
        __builtin_prefetch(&t->slots[home(f[k], t->cap)]);
    for (size_t k = 0; k < n; k++) {
        pl_ptrain_slot *s = &t->slots[slot_of(t->slots, t->cap, f[k])];
        if (!s->key)
            continue;
        s->seen += s->seen != UINT32_MAX;
        const pl_ptrain_rec *r = t->recs + s->off;
        for (uint32_t j = 0; j < s->n; j++)
            scores[r[j].cls] += (float)r[j].w;
    }
}

static parley_status grow_table(pl_ptrain *t)
{
    size_t ncap = t->cap * 2;
    pl_ptrain_slot *ns = pl_calloc(ncap, sizeof *ns);
    if (!ns)
        return pl_error(PARLEY_ERR_NOMEM, "out of memory for the perceptron");
    for (size_t i = 0; i < t->cap; i++)
        if (t->slots[i].key)
            ns[slot_of(ns, ncap, t->slots[i].key)] = t->slots[i];
    pl_free(t->slots);
    t->slots = ns;
    t->cap = ncap;
    return PARLEY_OK;
}

/* Room for `room` more records at the end of the pool. */
static parley_status pool_reserve(pl_ptrain *t, size_t room)
{
    if (t->nrecs + room <= t->recs_cap)
        return PARLEY_OK;
    if (t->nrecs + room >= UINT32_MAX)
        return pl_error(PARLEY_ERR_TOO_LARGE, "perceptron: too many weights");
    size_t nc = t->recs_cap ? t->recs_cap * 2 : 1u << 16;
    while (nc < t->nrecs + room)
        nc *= 2;
    pl_ptrain_rec *nr = pl_realloc(t->recs, nc * sizeof *nr);
    if (!nr)
        return pl_error(PARLEY_ERR_NOMEM, "out of memory for the perceptron");
    t->recs = nr;
    t->recs_cap = nc;
    return PARLEY_OK;
}

parley_status pl_ptrain_update(pl_ptrain *t, const uint64_t *f, size_t n, uint32_t cls, int delta)
{
    for (size_t k = 0; k < n; k++) {
        if (2 * (t->n + 1) > t->cap) {
            parley_status st = grow_table(t);
            if (st)
                return st;
        }
        pl_ptrain_slot *s = &t->slots[slot_of(t->slots, t->cap, f[k])];
        if (!s->key) {
            s->key = f[k];
            s->off = 0;
            s->n = s->room = 0;
            s->seen = 0;
            t->n++;
        }
        uint32_t j = 0;
        while (j < s->n && t->recs[s->off + j].cls != cls)
            j++;
        if (j == s->n) {
            if (s->n == s->room) {
                size_t room = s->room ? 2u * s->room : 2u;
                if (room > t->nclasses)
                    room = t->nclasses;
                parley_status st = pool_reserve(t, room);
                if (st)
                    return st;
                if (s->n)
                    memcpy(t->recs + t->nrecs, t->recs + s->off, s->n * sizeof *t->recs);
                s->off = (uint32_t)t->nrecs;
                s->room = (uint16_t)room;
                t->nrecs += room;
            }
            pl_ptrain_rec *r = &t->recs[s->off + j];
            memset(r, 0, sizeof *r);
            r->cls = (uint16_t)cls;
            r->ts = t->time;
            s->n++;
        }
        pl_ptrain_rec *rec = &t->recs[s->off + j];
        rec->total += (int64_t)(t->time - rec->ts) * rec->w;
        rec->ts = t->time;
        rec->w += delta;
    }
    return PARLEY_OK;
}

static int cmp_ent(const void *a, const void *b)
{
    const pl_pent *x = a, *y = b;
    return (x->cls > y->cls) - (x->cls < y->cls);
}

/* A feature with weights for at least this many classes is stored as a
 * dense int16 row: adding a row of pl_score_room(n) weights with vector
 * instructions is cheaper than this many scattered adds (on EWT n/6 was
 * faster than n/2, n/4 and n/10). */
static uint32_t dense_at(uint32_t nclasses)
{
    uint32_t d = nclasses / 6;
    return d > 4 ? d : 4;
}

/* Training slots by use, most used first (ties: table order). qsort has no
 * context argument; freezing is single-threaded per store, and the store
 * is only read. */
static _Thread_local const pl_ptrain *sort_store;
static int cmp_seen(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    uint32_t sx = sort_store->slots[x].seen, sy = sort_store->slots[y].seen;
    if (sx != sy)
        return sx > sy ? -1 : 1;
    return (x > y) - (x < y);
}

parley_status pl_ptrain_freeze(const pl_ptrain *t, float prune, pl_pslot **slots_out,
                               size_t *nslots_out, pl_pent **ents_out, size_t *nents_out)
{
    double time = t->time ? (double)t->time : 1.0;
    /* the averaged, pruned weights of each training slot, in a scratch pool */
    float *avg = pl_malloc((t->nrecs + 1) * sizeof *avg);
    pl_pent *tmp = pl_malloc((t->nrecs + 1) * sizeof *tmp);
    uint32_t *starts = pl_malloc((t->cap + 1) * sizeof *starts);
    uint32_t *counts = pl_malloc((t->cap + 1) * sizeof *counts);
    pl_pslot *slots = NULL;
    pl_pent *ents = NULL;
    size_t *place = NULL, *order = NULL;
    size_t ntmp = 0;
    float maxabs = 0;
    if (!avg || !tmp || !starts || !counts)
        goto nomem;
    for (size_t i = 0; i < t->cap; i++) {
        counts[i] = 0;
        starts[i] = (uint32_t)ntmp;
        const pl_ptrain_slot *s = &t->slots[i];
        if (!s->key)
            continue;
        float mx = 0;
        for (uint32_t j = 0; j < s->n; j++) {
            const pl_ptrain_rec *rec = &t->recs[s->off + j];
            double total = (double)rec->total + (double)(t->time - rec->ts) * rec->w;
            float a = (float)(total / time);
            if (a == 0.0f)
                continue;
            if (fabsf(a) > mx)
                mx = fabsf(a);
            tmp[ntmp].cls = rec->cls;
            avg[ntmp] = a;
            ntmp++;
            counts[i]++;
        }
        if (mx < prune) { /* a feature too weak to matter: drop it whole */
            ntmp -= counts[i];
            counts[i] = 0;
        } else if (mx > maxabs) {
            maxabs = mx;
        }
    }
    /* quantize: the largest weight becomes 32767; weights that round to 0 go */
    float scale = maxabs > 0 ? 32767.0f / maxabs : 1.0f;
    size_t nfeat = 0;
    for (size_t i = 0; i < t->cap; i++) {
        uint32_t k = 0;
        for (uint32_t q = 0; q < counts[i]; q++) {
            float v = floorf(avg[starts[i] + q] * scale + 0.5f);
            if (v > 32767.0f)
                v = 32767.0f;
            if (v < -32767.0f)
                v = -32767.0f;
            if (v == 0.0f)
                continue;
            tmp[starts[i] + k].cls = tmp[starts[i] + q].cls;
            tmp[starts[i] + k].w = (int16_t)v;
            k++;
        }
        counts[i] = k;
        if (k) {
            qsort(tmp + starts[i], k, sizeof *tmp, cmp_ent);
            nfeat++;
        }
    }
    /* the hot features: the most used in training, at most PL_HOT_MAX */
    order = pl_malloc((nfeat + 1) * sizeof *order);
    if (!order)
        goto nomem;
    size_t no = 0;
    for (size_t i = 0; i < t->cap; i++)
        if (counts[i])
            order[no++] = i;
    sort_store = t;
    qsort(order, no, sizeof *order, cmp_seen);
    size_t nhotf = nfeat < PL_HOT_MAX ? nfeat : PL_HOT_MAX;
    /* hot table at most 1/2 full, cold at most 2/3, so probes stay short
     * and each table keeps an empty slot */
    size_t nhot = 2 * nhotf + 16, ncold = (nfeat - nhotf) + (nfeat - nhotf) / 2 + 16;
    if (nhot + ncold > UINT32_MAX / 2) {
        pl_free(avg);
        pl_free(tmp);
        pl_free(starts);
        pl_free(counts);
        pl_free(order);
        return pl_error(PARLEY_ERR_TOO_LARGE, "perceptron: too many features");
    }
    size_t nslots = nhot + ncold;
    slots = pl_calloc(nslots + 1, sizeof *slots); /* + the header slot */
    place = pl_malloc((nslots + 1) * sizeof *place); /* training slot in each slot */
    uint32_t dn = pl_dense_ents(t->nclasses), dat = dense_at(t->nclasses);
    size_t nout = 0;
    for (size_t i = 0; i < t->cap; i++)
        nout += counts[i] >= dat ? dn : counts[i] > 3 ? counts[i] : 0;
    ents = pl_calloc(nout + 1, sizeof *ents);
    if (!slots || !place || !ents)
        goto nomem;
    pl_phdr hdr = {(uint32_t)nhot, (uint32_t)ncold, t->nclasses, scale};
    memcpy(&slots[0], &hdr, sizeof hdr);
    pl_pslot *sl = slots + 1;
    /* hot features in order of use (so the most used sit at their home
     * slot), cold ones in training-table order */
    for (size_t r = 0; r < nfeat; r++) {
        size_t i = order[r];
        uint64_t key = t->slots[i].key;
        pl_pslot *tab = r < nhotf ? sl : sl + nhot;
        size_t tn = r < nhotf ? nhot : ncold, base = r < nhotf ? 0 : nhot;
        size_t j = pl_home(key, tn);
        while (tab[j].fp)
            j = j + 1 == tn ? 0 : j + 1;
        uint32_t kind = counts[i] >= dat ? PL_SLOT_DENSE : counts[i] > 3 ? PL_SLOT_EXT : counts[i];
        tab[j].fp = pl_fp(key) | kind;
        place[base + j] = i;
    }
    /* per table: dense rows first (together), then the longer sparse runs */
    size_t ne = 0;
    for (int region = 0; region < 2; region++) {
        size_t j0 = region ? nhot : 0, j1 = region ? nslots : nhot;
        for (size_t j = j0; j < j1; j++) {
            if ((sl[j].fp & PL_SLOT_KIND) != PL_SLOT_DENSE)
                continue;
            size_t i = place[j];
            int16_t *row = (int16_t *)(void *)(ents + ne); /* ents is zeroed */
            for (uint32_t q = 0; q < counts[i]; q++)
                row[tmp[starts[i] + q].cls] = tmp[starts[i] + q].w;
            sl[j].u.ext.start = (uint32_t)ne;
            sl[j].u.ext.count = dn;
            ne += dn;
        }
        for (size_t j = j0; j < j1; j++) {
            uint32_t kind = sl[j].fp & PL_SLOT_KIND;
            if (!sl[j].fp || kind == PL_SLOT_DENSE)
                continue;
            size_t i = place[j];
            if (kind == PL_SLOT_EXT) {
                memcpy(ents + ne, tmp + starts[i], counts[i] * sizeof *ents);
                sl[j].u.ext.start = (uint32_t)ne;
                sl[j].u.ext.count = counts[i];
                ne += counts[i];
            } else {
                memcpy(sl[j].u.in, tmp + starts[i], counts[i] * sizeof *ents);
            }
        }
    }
    pl_free(order);
    pl_free(avg);
    pl_free(tmp);
    pl_free(starts);
    pl_free(counts);
    pl_free(place);
    *slots_out = slots;
    *nslots_out = nslots;
    *ents_out = ents;
    *nents_out = ne;
    return PARLEY_OK;
nomem:
    pl_free(avg);
    pl_free(tmp);
    pl_free(starts);
    pl_free(counts);
    pl_free(slots);
    pl_free(place);
    pl_free(order);
    pl_free(ents);
    return pl_error(PARLEY_ERR_NOMEM, "out of memory freezing the perceptron");
}

#define SCORE_CHUNK 128
#define PL_MAX_DENSE 256 /* dense rows gathered before they are added */

/* Eight int16 weights and eight int32 scores, unaligned. */
typedef int16_t pl_v8h __attribute__((vector_size(16), aligned(2)));
typedef int32_t pl_v8i __attribute__((vector_size(32), aligned(4)));

/* scores += the dense rows, eight classes at a time: each group of scores
 * stays in a register while every row is added to it. */
static void add_rows_base(int32_t *scores, const int16_t *const *drow, size_t nrows,
                          size_t room)
{
    for (size_t c = 0; c < room; c += 8) {
        pl_v8i a;
        memcpy(&a, scores + c, sizeof a);
        for (size_t r = 0; r < nrows; r++) {
            pl_v8h w;
            memcpy(&w, drow[r] + c, sizeof w);
            a += __builtin_convertvector(w, pl_v8i);
        }
        memcpy(scores + c, &a, sizeof a);
    }
}

#if defined(__x86_64__) && defined(__GNUC__)
/* The same with AVX2: one sign-extending load per eight weights. */
__attribute__((target("avx2"))) static void add_rows_avx2(int32_t *scores,
                                                         const int16_t *const *drow,
                                                         size_t nrows, size_t room)
{
    for (size_t c = 0; c < room; c += 8) {
        __m256i a = _mm256_loadu_si256((const __m256i *)(const void *)(scores + c));
        for (size_t r = 0; r < nrows; r++)
            a = _mm256_add_epi32(a, _mm256_cvtepi16_epi32(_mm_loadu_si128(
                                        (const __m128i *)(const void *)(drow[r] + c))));
        _mm256_storeu_si256((__m256i *)(void *)(scores + c), a);
    }
}
static inline void add_rows(int32_t *scores, const int16_t *const *drow, size_t nrows,
                            size_t room)
{
    if (__builtin_cpu_supports("avx2"))
        add_rows_avx2(scores, drow, nrows, room);
    else
        add_rows_base(scores, drow, nrows, room);
}
#else
#define add_rows add_rows_base
#endif

/* Prefetch the entries of an external run or dense row. */
static inline void prefetch_ents(const pl_pmodel *m, const pl_pslot *s)
{
    if ((s->fp & PL_SLOT_KIND) < PL_SLOT_EXT)
        return;
    const char *p = (const char *)&m->ents[s->u.ext.start];
    const char *end = (const char *)&m->ents[s->u.ext.start + s->u.ext.count];
    for (p = (const char *)((uintptr_t)p & ~(uintptr_t)63); p < end; p += 64)
        __builtin_prefetch(p);
}

/* The slot of feature key in a table of n slots, or NULL. */
static inline const pl_pslot *probe(const pl_pslot *tab, size_t n, size_t i, uint32_t fp)
{
    /* the loader guarantees an empty slot, so this ends */
    while (tab[i].fp && (tab[i].fp & ~(uint32_t)PL_SLOT_KIND) != fp)
        i = i + 1 == n ? 0 : i + 1;
    return tab[i].fp ? &tab[i] : NULL;
}

void pl_pmodel_find(const pl_pmodel *m, const uint64_t *f, size_t n, const pl_pslot **out)
{
    size_t nh = m->nhot, nc = m->nslots;
    const pl_pslot *hot = m->hot, *cold = m->slots;
    /* passes over chunks of features, so the memory loads of one pass
     * overlap: look up the hot table (mostly in cache) and prefetch the cold
     * home slots of the features not there; then look those up and
     * prefetch their entries */
    for (size_t c0 = 0; c0 < n; c0 += SCORE_CHUNK) {
        size_t cn = n - c0 < SCORE_CHUNK ? n - c0 : SCORE_CHUNK;
        const uint64_t *fk = f + c0;
        const pl_pslot **o = out + c0;
        uint32_t at[SCORE_CHUNK];
        uint32_t miss[SCORE_CHUNK];
        size_t nmiss = 0;
        for (size_t k = 0; k < cn; k++)
            __builtin_prefetch(&hot[pl_home(fk[k], nh)]);
        for (size_t k = 0; k < cn; k++) {
            o[k] = probe(hot, nh, pl_home(fk[k], nh), pl_fp(fk[k]));
            if (o[k])
                continue; /* in cache: no prefetch */
            at[nmiss] = (uint32_t)pl_home(fk[k], nc);
            __builtin_prefetch(&cold[at[nmiss]]);
            miss[nmiss++] = (uint32_t)k;
        }
        for (size_t k = 0; k < nmiss; k++) {
            const pl_pslot *s = probe(cold, nc, at[k], pl_fp(fk[miss[k]]));
            o[miss[k]] = s;
            if (s)
                prefetch_ents(m, s);
        }
    }
}

void pl_pmodel_add(const pl_pmodel *m, const pl_pslot *const *sl, size_t n, int32_t *scores)
{
    size_t room = pl_score_room(m->nclasses);
    const int16_t *drow[PL_MAX_DENSE];
    size_t ndense = 0;
    for (size_t k = 0; k < n; k++) {
        const pl_pslot *s = sl[k];
        if (!s)
            continue;
        uint32_t kind = s->fp & PL_SLOT_KIND;
        if (kind == PL_SLOT_DENSE) {
            if (ndense == PL_MAX_DENSE) {
                add_rows(scores, drow, ndense, room);
                ndense = 0;
            }
            drow[ndense++] = (const int16_t *)(const void *)(m->ents + s->u.ext.start);
            continue;
        }
        const pl_pent *e = kind == PL_SLOT_EXT ? m->ents + s->u.ext.start : s->u.in;
        uint32_t cnt = kind == PL_SLOT_EXT ? s->u.ext.count : kind;
        for (uint32_t q = 0; q < cnt; q++)
            scores[e[q].cls] += e[q].w;
    }
    add_rows(scores, drow, ndense, room);
}

void pl_pmodel_score(const pl_pmodel *m, const uint64_t *f, size_t n, int32_t *scores)
{
    const pl_pslot *sl[SCORE_CHUNK];
    for (size_t c0 = 0; c0 < n; c0 += SCORE_CHUNK) {
        size_t cn = n - c0 < SCORE_CHUNK ? n - c0 : SCORE_CHUNK;
        pl_pmodel_find(m, f + c0, cn, sl);
        pl_pmodel_add(m, sl, cn, scores);
    }
}

const char *pl_pmodel_view(pl_pmodel *m, const pl_pslot *slots, size_t nslots_with_hdr,
                           const pl_pent *ents, size_t nents, uint32_t nclasses)
{
    memset(m, 0, sizeof *m);
    if (nslots_with_hdr < 5)
        return "weight table too short";
    pl_phdr h;
    memcpy(&h, &slots[0], sizeof h);
    if (h.nhot < 2 || h.ncold < 2 || (size_t)h.nhot + h.ncold != nslots_with_hdr - 1)
        return "weight table size does not match its header";
    if (h.nclasses != nclasses)
        return "weight table has the wrong number of classes";
    if (!isfinite(h.scale) || !(h.scale > 0))
        return "weight table header is damaged";
    m->hot = slots + 1;
    m->nhot = h.nhot;
    m->slots = slots + 1 + h.nhot;
    m->nslots = h.ncold;
    m->ents = ents;
    m->nents = nents;
    m->nclasses = nclasses;
    m->scale = h.scale;
    return pl_pmodel_check(m);
}

size_t pl_pmodel_nweights(const pl_pmodel *m)
{
    size_t n = 0;
    for (size_t i = 0; i < m->nhot + m->nslots; i++) {
        const pl_pslot *s = i < m->nhot ? &m->hot[i] : &m->slots[i - m->nhot];
        uint32_t kind = s->fp & PL_SLOT_KIND;
        if (!s->fp)
            continue;
        if (kind < PL_SLOT_EXT) {
            n += kind;
        } else if (kind == PL_SLOT_EXT) {
            n += s->u.ext.count;
        } else {
            const int16_t *row = (const int16_t *)(const void *)(m->ents + s->u.ext.start);
            for (uint32_t c = 0; c < m->nclasses; c++)
                n += row[c] != 0;
        }
    }
    return n;
}

static const char *check_table(const pl_pmodel *m, const pl_pslot *tab, size_t n)
{
    if (n < 2 || n > UINT32_MAX)
        return "weight table size out of range";
    size_t empty = 0, dn = pl_dense_ents(m->nclasses);
    for (size_t i = 0; i < n; i++) {
        const pl_pslot *s = &tab[i];
        uint32_t kind = s->fp & PL_SLOT_KIND;
        if (!s->fp) {
            if (s->u.ext.start || s->u.ext.count || s->u.ext.zero)
                return "empty weight slot is not empty";
            empty++;
            continue;
        }
        if (kind == PL_SLOT_EMPTY || kind > PL_SLOT_DENSE)
            return "weight slot of an unknown kind";
        if (kind <= 3) {
            for (uint32_t c = 0; c < kind; c++)
                if (s->u.in[c].cls >= m->nclasses)
                    return "weight class out of range";
            continue;
        }
        size_t start = s->u.ext.start, count = s->u.ext.count;
        if (s->u.ext.zero || start > m->nents || count > m->nents - start)
            return "weight entry range outside the entries";
        if (kind == PL_SLOT_DENSE) {
            if (count != dn)
                return "dense weight row of the wrong size";
            continue;
        }
        if (count < 4)
            return "short weight run stored outside its slot";
        for (size_t c = 0; c < count; c++)
            if (m->ents[start + c].cls >= m->nclasses)
                return "weight class out of range";
    }
    if (!empty)
        return "weight table has no empty slot";
    return NULL;
}

const char *pl_pmodel_check(const pl_pmodel *m)
{
    if (m->nclasses == 0 || m->nclasses > 65535)
        return "bad number of classes";
    const char *why = check_table(m, m->hot, m->nhot);
    return why ? why : check_table(m, m->slots, m->nslots);
}

parley_status pl_pfrozen_make(const pl_ptrain *t, float prune, pl_pfrozen *f)
{
    parley_status st = pl_ptrain_freeze(t, prune, &f->slots, &f->nslots, &f->ents, &f->nents);
    if (st)
        return st;
    const char *why = pl_pmodel_view(&f->pm, f->slots, f->nslots + 1, f->ents, f->nents,
                                     t->nclasses);
    if (why)
        return pl_error(PARLEY_ERR_INTERNAL, "frozen weights: %s", why);
    return PARLEY_OK;
}

void pl_pfrozen_release(pl_pfrozen *f)
{
    pl_free(f->slots);
    pl_free(f->ents);
    memset(f, 0, sizeof *f);
}
