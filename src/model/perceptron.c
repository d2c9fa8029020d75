/*
 * perceptron.c - the averaged perceptron: a sparse training store (only
 * updated features are kept) and its frozen, mmap-able form.
 */
#include "model/model.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

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

void pl_ptrain_score(const pl_ptrain *t, const uint64_t *f, size_t n, float *scores)
{
    for (size_t k = 0; k < n; k++)
        __builtin_prefetch(&t->slots[home(f[k], t->cap)]);
    for (size_t k = 0; k < n; k++) {
        const pl_ptrain_slot *s = &t->slots[slot_of(t->slots, t->cap, f[k])];
        if (!s->key)
            continue;
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

parley_status pl_ptrain_freeze(const pl_ptrain *t, float prune, pl_pslot **slots_out,
                               size_t *nslots_out, pl_pent **ents_out, size_t *nents_out)
{
    double time = t->time ? (double)t->time : 1.0;
    size_t nfeat = 0;
    /* the averaged, pruned entries of each training slot, in a scratch pool */
    pl_pent *tmp = pl_malloc((t->nrecs + 1) * sizeof *tmp);
    uint32_t *starts = pl_malloc((t->cap + 1) * sizeof *starts);
    uint32_t *counts = pl_malloc((t->cap + 1) * sizeof *counts);
    pl_pslot *slots = NULL;
    pl_pent *ents = NULL;
    size_t *owner = NULL;
    size_t ntmp = 0;
    if (!tmp || !starts || !counts)
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
            float avg = (float)(total / time);
            if (avg == 0.0f || fabsf(avg) < 1e-6f)
                continue;
            if (fabsf(avg) > mx)
                mx = fabsf(avg);
            tmp[ntmp].cls = rec->cls;
            tmp[ntmp].w = avg;
            ntmp++;
            counts[i]++;
        }
        if (mx < prune) { /* a feature too weak to matter: drop it whole */
            ntmp -= counts[i];
            counts[i] = 0;
        }
        if (counts[i]) {
            qsort(tmp + starts[i], counts[i], sizeof *tmp, cmp_ent);
            nfeat++;
        }
    }
    /* at most 3/4 full, so probes stay short and one slot stays empty */
    size_t nslots = 16;
    while (nslots * 3 < nfeat * 4 + 4)
        nslots *= 2;
    size_t mask = nslots - 1;
    slots = pl_calloc(nslots + 1, sizeof *slots);
    owner = pl_malloc(nslots * sizeof *owner); /* training slot placed in each slot */
    /* a feature with at least an eighth of the classes is stored dense */
    uint32_t dense_at = t->nclasses / 8 > 2 ? t->nclasses / 8 : 2;
    uint32_t dn = pl_dense_ents(t->nclasses);
    size_t nout = 0;
    for (size_t i = 0; i < t->cap; i++)
        nout += counts[i] >= dense_at ? dn : counts[i];
    ents = pl_calloc(nout + 1, sizeof *ents);
    if (!slots || !owner || !ents)
        goto nomem;
    for (size_t i = 0; i < t->cap; i++) {
        if (!counts[i])
            continue;
        uint64_t key = t->slots[i].key;
        size_t j = (size_t)key & mask;
        while (slots[j].fp)
            j = (j + 1) & mask;
        slots[j].fp = pl_fp(key) | (counts[i] >= dense_at ? PL_FP_DENSE : 0);
        owner[j] = i;
    }
    size_t ne = 0;
    for (size_t j = 0; j < nslots; j++) {
        slots[j].start = (uint32_t)ne;
        if (!slots[j].fp)
            continue;
        size_t i = owner[j];
        if (slots[j].fp & PL_FP_DENSE) {
            /* ents is zeroed: only the classes with weights are written */
            float *row = (float *)(void *)(ents + ne);
            for (uint32_t q = 0; q < counts[i]; q++)
                row[tmp[starts[i] + q].cls] = tmp[starts[i] + q].w;
            ne += dn;
        } else {
            memcpy(ents + ne, tmp + starts[i], counts[i] * sizeof *ents);
            ne += counts[i];
        }
    }
    slots[nslots].fp = 0;
    slots[nslots].start = (uint32_t)ne;
    pl_free(tmp);
    pl_free(starts);
    pl_free(counts);
    pl_free(owner);
    *slots_out = slots;
    *nslots_out = nslots;
    *ents_out = ents;
    *nents_out = ne;
    return PARLEY_OK;
nomem:
    pl_free(tmp);
    pl_free(starts);
    pl_free(counts);
    pl_free(slots);
    pl_free(owner);
    pl_free(ents);
    return pl_error(PARLEY_ERR_NOMEM, "out of memory freezing the perceptron");
}

#define SCORE_CHUNK 128

/* Four floats, unaligned: dense rows start at any 8-byte boundary. */
typedef float pl_v4 __attribute__((vector_size(16), aligned(4)));

static void add_row(float *scores, const float *row, size_t n)
{
    for (size_t c = 0; c < n; c += 4) {
        pl_v4 a, b;
        memcpy(&a, scores + c, sizeof a);
        memcpy(&b, row + c, sizeof b);
        a += b;
        memcpy(scores + c, &a, sizeof a);
    }
}

void pl_pmodel_score(const pl_pmodel *m, const uint64_t *f, size_t n, float *scores)
{
    size_t mask = m->nslots - 1;
    const pl_pslot *sl = m->slots;
    /* three passes over chunks of features, so the memory loads of one pass
     * overlap: prefetch home slots, find slots and prefetch their entries,
     * then add the entries */
    for (size_t c0 = 0; c0 < n; c0 += SCORE_CHUNK) {
        size_t cn = n - c0 < SCORE_CHUNK ? n - c0 : SCORE_CHUNK;
        const uint64_t *fk = f + c0;
        size_t found[SCORE_CHUNK];
        for (size_t k = 0; k < cn; k++)
            __builtin_prefetch(&sl[(size_t)fk[k] & mask]);
        for (size_t k = 0; k < cn; k++) {
            uint32_t fp = pl_fp(fk[k]);
            size_t i = (size_t)fk[k] & mask;
            /* the loader guarantees an empty slot, so this ends */
            while (sl[i].fp && (sl[i].fp & ~PL_FP_DENSE) != fp)
                i = (i + 1) & mask;
            found[k] = sl[i].fp ? i : SIZE_MAX;
            if (sl[i].fp) {
                __builtin_prefetch(&m->ents[sl[i].start]);
                __builtin_prefetch(&m->ents[sl[i].start] + 8);
            }
        }
        for (size_t k = 0; k < cn; k++) {
            if (found[k] == SIZE_MAX)
                continue;
            if (sl[found[k]].fp & PL_FP_DENSE) {
                add_row(scores, (const float *)(const void *)(m->ents + sl[found[k]].start),
                        pl_score_room(m->nclasses));
                continue;
            }
            const pl_pent *e = m->ents + sl[found[k]].start;
            const pl_pent *end = m->ents + sl[found[k] + 1].start;
            for (; e < end; e++)
                scores[e->cls] += e->w;
        }
    }
}

const char *pl_pmodel_check(const pl_pmodel *m)
{
    if (m->nslots < 2 || (m->nslots & (m->nslots - 1)))
        return "weight table size is not a power of two";
    if (m->nclasses == 0 || m->nclasses > 65535)
        return "bad number of classes";
    size_t empty = 0;
    for (size_t i = 0; i < m->nslots; i++)
        if (m->slots[i].start > m->slots[i + 1].start)
            return "weight entry ranges out of order";
    if (m->slots[0].start != 0 || m->slots[m->nslots].start != m->nents)
        return "weight entry ranges do not cover the entries";
    for (size_t i = 0; i < m->nslots; i++) {
        const pl_pslot *s = &m->slots[i];
        uint32_t count = m->slots[i + 1].start - s->start;
        if (!s->fp) {
            empty++;
            continue;
        }
        const pl_pent *e = m->ents + s->start;
        if (s->fp & PL_FP_DENSE) {
            if (count != pl_dense_ents(m->nclasses))
                return "dense weight row of the wrong size";
            const float *row = (const float *)(const void *)e;
            for (uint32_t c = 0; c < 2 * count; c++)
                if (!isfinite(row[c]))
                    return "weight is not a finite number";
            continue;
        }
        for (uint32_t c = 0; c < count; c++) {
            if (e[c].cls >= m->nclasses)
                return "weight class out of range";
            if (!isfinite(e[c].w))
                return "weight is not a finite number";
        }
    }
    if (!empty)
        return "weight table has no empty slot";
    return NULL;
}
