/*
 * perceptron.c - the averaged perceptron: a sparse training store (only
 * updated features are kept) and its frozen, mmap-able form.
 */
#include "model/model.h"

#include <math.h>
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

parley_status pl_ptrain_freeze(const pl_ptrain *t, pl_pslot **slots_out, size_t *nslots_out,
                               pl_pent **ents_out, size_t *nents_out)
{
    double time = t->time ? (double)t->time : 1.0;
    size_t nfeat = 0, nents = 0;
    pl_pent *ents = pl_malloc((t->nrecs + 1) * sizeof *ents);
    uint32_t *starts = pl_malloc((t->cap + 1) * sizeof *starts);
    uint32_t *counts = pl_malloc((t->cap + 1) * sizeof *counts);
    if (!ents || !starts || !counts)
        goto nomem;
    for (size_t i = 0; i < t->cap; i++) {
        counts[i] = 0;
        starts[i] = (uint32_t)nents;
        const pl_ptrain_slot *s = &t->slots[i];
        if (!s->key)
            continue;
        for (uint32_t j = 0; j < s->n; j++) {
            const pl_ptrain_rec *rec = &t->recs[s->off + j];
            double total = (double)rec->total + (double)(t->time - rec->ts) * rec->w;
            float avg = (float)(total / time);
            if (avg == 0.0f || fabsf(avg) < 1e-6f)
                continue;
            ents[nents].cls = rec->cls;
            ents[nents].w = avg;
            nents++;
            counts[i]++;
        }
        if (counts[i]) {
            qsort(ents + starts[i], counts[i], sizeof *ents, cmp_ent);
            nfeat++;
        }
    }
    size_t nslots = 16;
    while (nslots < 2 * nfeat + 1)
        nslots *= 2;
    pl_pslot *slots = pl_calloc(nslots, sizeof *slots);
    if (!slots)
        goto nomem;
    for (size_t i = 0; i < t->cap; i++) {
        if (!counts[i])
            continue;
        uint64_t key = t->slots[i].key;
        size_t mask = nslots - 1, j = (size_t)(key ^ (key >> 29)) & mask;
        while (slots[j].key)
            j = (j + 1) & mask;
        slots[j].key = key;
        slots[j].start = starts[i];
        slots[j].count = counts[i];
    }
    pl_free(starts);
    pl_free(counts);
    *slots_out = slots;
    *nslots_out = nslots;
    *ents_out = ents;
    *nents_out = nents;
    return PARLEY_OK;
nomem:
    pl_free(ents);
    pl_free(starts);
    pl_free(counts);
    return pl_error(PARLEY_ERR_NOMEM, "out of memory freezing the perceptron");
}

void pl_pmodel_score(const pl_pmodel *m, const uint64_t *f, size_t n, float *scores)
{
    size_t mask = m->nslots - 1;
    for (size_t k = 0; k < n; k++)
        __builtin_prefetch(&m->slots[(size_t)(f[k] ^ (f[k] >> 29)) & mask]);
    for (size_t k = 0; k < n; k++) {
        uint64_t key = f[k];
        size_t i = (size_t)(key ^ (key >> 29)) & mask;
        /* The loader guarantees at least one empty slot, so this ends. */
        while (m->slots[i].key && m->slots[i].key != key)
            i = (i + 1) & mask;
        if (!m->slots[i].key)
            continue;
        const pl_pent *e = m->ents + m->slots[i].start;
        for (uint32_t c = 0; c < m->slots[i].count; c++)
            scores[e[c].cls] += e[c].w;
    }
}

const char *pl_pmodel_check(const pl_pmodel *m)
{
    if (m->nslots == 0 || (m->nslots & (m->nslots - 1)))
        return "weight table size is not a power of two";
    size_t empty = 0;
    for (size_t i = 0; i < m->nslots; i++) {
        const pl_pslot *s = &m->slots[i];
        if (!s->key) {
            empty++;
            continue;
        }
        if ((size_t)s->start > m->nents || (size_t)s->count > m->nents - s->start)
            return "weight entry range out of bounds";
    }
    if (!empty)
        return "weight table has no empty slot";
    for (size_t i = 0; i < m->nents; i++) {
        if (m->ents[i].cls >= m->nclasses)
            return "weight class out of range";
        if (!isfinite(m->ents[i].w))
            return "weight is not a finite number";
    }
    return NULL;
}
