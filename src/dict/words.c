/* words.c - interned dictionary words, the word-id trie, case folding and
 * the one-edit test used by typo-tolerant name matching. */
#include "dict/dict.h"

#include <string.h>
#include <utf8proc.h>

/* FNV-1a: short keys, good enough spread, no dependencies. */
static uint64_t hash_bytes(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ULL;
    }
    return h;
}

parley_status pl_words_init(pl_words *w)
{
    memset(w, 0, sizeof *w);
    w->arena = pl_arena_new(64 * 1024);
    w->nslots = 1024;
    w->slots = pl_calloc(w->nslots, sizeof *w->slots);
    w->bloom = pl_calloc(w->nslots / 16, sizeof *w->bloom);
    if (!w->arena || !w->slots || !w->bloom) {
        pl_words_release(w);
        return pl_error(PARLEY_ERR_NOMEM, "out of memory (dictionary words)");
    }
    return PARLEY_OK;
}

void pl_words_release(pl_words *w)
{
    pl_arena_free(w->arena);
    pl_free(w->str);
    pl_free(w->len);
    pl_free(w->slots);
    pl_free(w->bloom);
    memset(w, 0, sizeof *w);
}

#define TAG(h) ((h) & 0xffffffff00000000ULL)

/* The filter bit of hash h in a table of nslots slots (4 * nslots bits,
 * 64 KB for the 43,000 words of the default dictionaries: it stays in the
 * cache where the slots do not, and answers most absent words alone). */
static inline bool bloom_has(const uint64_t *bloom, size_t nslots, uint64_t h)
{
    size_t bit = (size_t)(h >> 32) & (nslots * 4 - 1);
    return (bloom[bit / 64] >> (bit % 64)) & 1;
}

static inline void bloom_set(uint64_t *bloom, size_t nslots, uint64_t h)
{
    size_t bit = (size_t)(h >> 32) & (nslots * 4 - 1);
    bloom[bit / 64] |= (uint64_t)1 << (bit % 64);
}

/* The slot of s[0..n): its entry, or the empty slot where it would go. The
 * hash's high half in each entry skips most other words without touching
 * their strings. */
static size_t words_slot(const pl_words *w, const char *s, size_t n, uint64_t h)
{
    size_t mask = w->nslots - 1;
    size_t i = (size_t)h & mask;
    for (;;) {
        uint64_t v = w->slots[i];
        if (v == 0)
            return i;
        uint32_t id = (uint32_t)v - 1;
        if (TAG(v) == TAG(h) && w->len[id] == n && memcmp(w->str[id], s, n) == 0)
            return i;
        i = (i + 1) & mask;
    }
}

uint32_t pl_words_find(const pl_words *w, const char *s, size_t n)
{
    if (!w->slots)
        return PL_NONE;
    uint64_t h = hash_bytes(s, n);
    if (!bloom_has(w->bloom, w->nslots, h))
        return PL_NONE;
    uint64_t v = w->slots[words_slot(w, s, n, h)];
    return v ? (uint32_t)v - 1 : PL_NONE;
}

void pl_words_prefetch(const pl_words *w, const char *s, size_t n)
{
    if (!w->slots)
        return;
    uint64_t h = hash_bytes(s, n);
    size_t bit = (size_t)(h >> 32) & (w->nslots * 4 - 1);
    __builtin_prefetch(&w->bloom[bit / 64]);
    __builtin_prefetch(&w->slots[(size_t)h & (w->nslots - 1)]);
}

static bool words_rehash(pl_words *w)
{
    size_t nn = w->nslots * 2;
    uint64_t *ns = pl_calloc(nn, sizeof *ns);
    uint64_t *nb = pl_calloc(nn / 16, sizeof *nb);
    if (!ns || !nb) {
        pl_free(ns);
        pl_free(nb);
        return false;
    }
    for (size_t i = 0; i < w->nslots; i++) {
        uint64_t v = w->slots[i];
        if (!v)
            continue;
        uint32_t id = (uint32_t)v - 1;
        uint64_t h = hash_bytes(w->str[id], w->len[id]);
        size_t j = (size_t)h & (nn - 1);
        while (ns[j])
            j = (j + 1) & (nn - 1);
        ns[j] = v;
        bloom_set(nb, nn, h);
    }
    pl_free(w->slots);
    pl_free(w->bloom);
    w->slots = ns;
    w->bloom = nb;
    w->nslots = nn;
    return true;
}

uint32_t pl_words_add(pl_words *w, const char *s, size_t n)
{
    uint64_t h = hash_bytes(s, n);
    size_t i = words_slot(w, s, n, h);
    if (w->slots[i])
        return (uint32_t)w->slots[i] - 1;
    if (w->n >= UINT32_MAX - 2)
        return PL_NONE;
    if ((w->n + 1) * 2 > w->nslots) {
        if (!words_rehash(w))
            return PL_NONE;
        i = words_slot(w, s, n, h);
    }
    if (w->n == w->cap) {
        size_t nc = w->cap ? w->cap * 2 : 1024;
        const char **ns = pl_realloc(w->str, nc * sizeof *ns);
        if (!ns)
            return PL_NONE;
        w->str = ns;
        uint32_t *nl = pl_realloc(w->len, nc * sizeof *nl);
        if (!nl)
            return PL_NONE;
        w->len = nl;
        w->cap = nc;
    }
    char *copy = pl_arena_strndup(w->arena, s, n);
    if (!copy)
        return PL_NONE;
    uint32_t id = (uint32_t)w->n++;
    w->str[id] = copy;
    w->len[id] = (uint32_t)n;
    w->slots[i] = TAG(h) | (uint64_t)(id + 1);
    bloom_set(w->bloom, w->nslots, h);
    return id;
}

/* ---------------------------------------------------------------------- */

parley_status pl_trie_init(pl_trie *t)
{
    memset(t, 0, sizeof *t);
    t->cap = 1024;
    t->value = pl_malloc(t->cap * sizeof *t->value);
    t->depth = pl_malloc(t->cap * sizeof *t->depth);
    t->ecap = 2048;
    t->ekey = pl_calloc(t->ecap, sizeof *t->ekey);
    t->echild = pl_malloc(t->ecap * sizeof *t->echild);
    t->ebloom = pl_calloc(t->ecap / 16, sizeof *t->ebloom);
    if (!t->value || !t->depth || !t->ekey || !t->echild || !t->ebloom) {
        pl_trie_release(t);
        return pl_error(PARLEY_ERR_NOMEM, "out of memory (dictionary trie)");
    }
    t->value[0] = PL_NONE;
    t->depth[0] = 0;
    t->nnodes = 1;
    return PARLEY_OK;
}

void pl_trie_release(pl_trie *t)
{
    pl_free(t->value);
    pl_free(t->depth);
    pl_free(t->ekey);
    pl_free(t->echild);
    pl_free(t->ebloom);
    memset(t, 0, sizeof *t);
}

static size_t edge_slot_h(const pl_trie *t, uint64_t key, uint64_t h)
{
    size_t mask = t->ecap - 1;
    size_t i = (size_t)h & mask;
    while (t->ekey[i] && t->ekey[i] != key)
        i = (i + 1) & mask;
    return i;
}

static size_t edge_slot(const pl_trie *t, uint64_t key)
{
    return edge_slot_h(t, key, pl_mix64(key));
}

uint32_t pl_trie_child(const pl_trie *t, uint32_t node, uint32_t word)
{
    if (!t->ekey || word == PL_NONE)
        return PL_NONE;
    uint64_t key = (((uint64_t)node << 32) | word) + 1;
    uint64_t h = pl_mix64(key);
    /* most (node, word) pairs of a sentence are no edge: the filter, small
     * enough to stay in the cache, says so without a probe of the table */
    if (!bloom_has(t->ebloom, t->ecap, h))
        return PL_NONE;
    size_t i = edge_slot_h(t, key, h);
    return t->ekey[i] ? t->echild[i] : PL_NONE;
}

void pl_trie_prefetch(const pl_trie *t, uint32_t node, uint32_t word)
{
    if (!t->ekey || word == PL_NONE)
        return;
    uint64_t h = pl_mix64((((uint64_t)node << 32) | word) + 1);
    size_t bit = (size_t)(h >> 32) & (t->ecap * 4 - 1);
    __builtin_prefetch(&t->ebloom[bit / 64]);
    __builtin_prefetch(&t->ekey[(size_t)h & (t->ecap - 1)]);
}

static bool trie_rehash(pl_trie *t)
{
    size_t nc = t->ecap * 2;
    uint64_t *nk = pl_calloc(nc, sizeof *nk);
    uint32_t *nv = pl_malloc(nc * sizeof *nv);
    uint64_t *nb = pl_calloc(nc / 16, sizeof *nb);
    if (!nk || !nv || !nb) {
        pl_free(nk);
        pl_free(nv);
        pl_free(nb);
        return false;
    }
    for (size_t i = 0; i < t->ecap; i++) {
        if (!t->ekey[i])
            continue;
        uint64_t h = pl_mix64(t->ekey[i]);
        size_t j = (size_t)h & (nc - 1);
        while (nk[j])
            j = (j + 1) & (nc - 1);
        nk[j] = t->ekey[i];
        nv[j] = t->echild[i];
        bloom_set(nb, nc, h);
    }
    pl_free(t->ekey);
    pl_free(t->echild);
    pl_free(t->ebloom);
    t->ekey = nk;
    t->echild = nv;
    t->ebloom = nb;
    t->ecap = nc;
    return true;
}

uint32_t pl_trie_insert(pl_trie *t, const uint32_t *ids, size_t n)
{
    uint32_t node = 0;
    for (size_t k = 0; k < n; k++) {
        if (ids[k] == PL_NONE)
            return PL_NONE;
        uint64_t key = (((uint64_t)node << 32) | ids[k]) + 1;
        size_t i = edge_slot(t, key);
        if (t->ekey[i]) {
            node = t->echild[i];
            continue;
        }
        if (t->nnodes == t->cap) {
            size_t nc = t->cap * 2;
            uint32_t *nv = pl_realloc(t->value, nc * sizeof *nv);
            if (!nv)
                return PL_NONE;
            t->value = nv;
            uint8_t *nd = pl_realloc(t->depth, nc * sizeof *nd);
            if (!nd)
                return PL_NONE;
            t->depth = nd;
            t->cap = nc;
        }
        if ((t->nedges + 1) * 4 > t->ecap * 3) {
            if (!trie_rehash(t))
                return PL_NONE;
            i = edge_slot(t, key);
        }
        uint32_t child = (uint32_t)t->nnodes++;
        t->value[child] = PL_NONE;
        t->depth[child] = (uint8_t)(k + 1 > 255 ? 255 : k + 1);
        t->ekey[i] = key;
        t->echild[i] = child;
        bloom_set(t->ebloom, t->ecap, pl_mix64(key));
        t->nedges++;
        node = child;
    }
    return node;
}

/* ---------------------------------------------------------------------- */

size_t pl_dict_fold(const char *s, char *out, size_t size)
{
    size_t o = 0;
    if (size == 0)
        return 0;
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        if (*p < 0x80) {
            if (o + 1 >= size)
                break;
            unsigned char c = *p++;
            out[o++] = (char)(c >= 'a' && c <= 'z' ? c - 32 : c);
            continue;
        }
        utf8proc_int32_t cp;
        utf8proc_ssize_t l = utf8proc_iterate(p, -1, &cp);
        if (l <= 0) {
            /* not valid UTF-8: copy the byte (dictionary files may hold any bytes) */
            if (o + 1 >= size)
                break;
            out[o++] = (char)*p++;
            continue;
        }
        /* letters lose their accents ("Habré" is HABRE, "Karadžić"
         * KARADZIC): the dictionaries write names in ASCII, news does not */
        utf8proc_int32_t parts[8];
        int last = 0;
        utf8proc_ssize_t np = utf8proc_decompose_char(
            cp, parts, 8, UTF8PROC_DECOMPOSE | UTF8PROC_STRIPMARK, &last);
        if (np <= 0 || np > 8) {
            parts[0] = cp;
            np = 1;
        }
        bool full = false;
        for (utf8proc_ssize_t k = 0; k < np && !full; k++) {
            utf8proc_uint8_t enc[4];
            utf8proc_ssize_t el = utf8proc_encode_char(utf8proc_toupper(parts[k]), enc);
            if (o + (size_t)el >= size)
                full = true;
            else {
                memcpy(out + o, enc, (size_t)el);
                o += (size_t)el;
            }
        }
        if (full)
            break;
        p += l;
    }
    out[o] = '\0';
    return o;
}

bool pl_dict_edit1(const char *a, size_t na, const char *b, size_t nb)
{
    if (na > nb + 1 || nb > na + 1)
        return false;
    size_t i = 0;
    while (i < na && i < nb && a[i] == b[i])
        i++;
    if (i == na && i == nb)
        return true; /* equal */
    if (na == nb) {
        /* substitution at i, or transposition of i and i+1 */
        if (memcmp(a + i + 1, b + i + 1, na - i - 1) == 0)
            return true;
        return i + 1 < na && a[i] == b[i + 1] && a[i + 1] == b[i] &&
               memcmp(a + i + 2, b + i + 2, na - i - 2) == 0;
    }
    if (na > nb) /* deletion from a */
        return memcmp(a + i + 1, b + i, nb - i) == 0;
    return memcmp(a + i, b + i + 1, na - i) == 0;
}

/* ---------------------------------------------------------------------- */
/* One-edit index (see pl_fuzzy in dict.h). */

#define FUZZY_MAX_QUERY 128 /* longer queries scan the list */
#define FUZZY_MAX_CAND 512  /* more candidates than this: scan the list */

/* Hashes of s[0..n) and of s with each byte removed: out[0] the word,
 * out[1 + i] without byte i. n <= FUZZY_MAX_QUERY. */
static void deletion_hashes(const char *s, size_t n, uint64_t *out)
{
    uint64_t pre[FUZZY_MAX_QUERY + 1];
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < n; i++) {
        pre[i] = h;
        h ^= (unsigned char)s[i];
        h *= 1099511628211ULL;
    }
    out[0] = h;
    for (size_t i = 0; i < n; i++) {
        uint64_t g = pre[i];
        for (size_t j = i + 1; j < n; j++) {
            g ^= (unsigned char)s[j];
            g *= 1099511628211ULL;
        }
        out[1 + i] = g;
    }
}

void pl_fuzzy_release(pl_fuzzy *f)
{
    pl_free(f->bstart);
    pl_free(f->ent);
    memset(f, 0, sizeof *f);
}

parley_status pl_fuzzy_build(pl_fuzzy *f, const pl_words *w, const uint32_t *ids, size_t n)
{
    pl_fuzzy_release(f);
    size_t total = 0;
    for (size_t i = 0; i < n; i++)
        if (w->len[ids[i]] <= FUZZY_MAX_QUERY + 1)
            total += w->len[ids[i]] + 1;
    if (total == 0 || n >= UINT32_MAX || total >= UINT32_MAX / 2)
        return PARLEY_OK; /* empty: pl_fuzzy_find scans */
    size_t nb = 64;
    while (nb < total)
        nb *= 2;
    f->bstart = pl_calloc(nb + 1, sizeof *f->bstart);
    f->ent = pl_malloc(total * sizeof *f->ent);
    if (!f->bstart || !f->ent) {
        pl_fuzzy_release(f);
        return pl_error(PARLEY_ERR_NOMEM, "out of memory (fuzzy word index)");
    }
    uint64_t hs[FUZZY_MAX_QUERY + 2];
    /* count per bucket, then place (counting sort by bucket) */
    for (size_t i = 0; i < n; i++) {
        size_t len = w->len[ids[i]];
        if (len > FUZZY_MAX_QUERY + 1)
            continue;
        deletion_hashes(w->str[ids[i]], len, hs);
        for (size_t k = 0; k <= len; k++)
            f->bstart[(hs[k] & (nb - 1)) + 1]++;
    }
    for (size_t b = 0; b < nb; b++)
        f->bstart[b + 1] += f->bstart[b];
    uint32_t *fill = pl_malloc(nb * sizeof *fill);
    if (!fill) {
        pl_fuzzy_release(f);
        return pl_error(PARLEY_ERR_NOMEM, "out of memory (fuzzy word index)");
    }
    memcpy(fill, f->bstart, nb * sizeof *fill);
    for (size_t i = 0; i < n; i++) {
        size_t len = w->len[ids[i]];
        if (len > FUZZY_MAX_QUERY + 1)
            continue;
        deletion_hashes(w->str[ids[i]], len, hs);
        for (size_t k = 0; k <= len; k++)
            f->ent[fill[hs[k] & (nb - 1)]++] = (hs[k] & 0xffffffff00000000ULL) | (uint64_t)i;
    }
    pl_free(fill);
    f->nbuckets = nb;
    f->nent = total;
    return PARLEY_OK;
}

size_t pl_fuzzy_scan(const pl_words *w, const uint32_t *ids, size_t n, const char *s, size_t len,
                     uint32_t *out, size_t max)
{
    size_t o = 0;
    for (size_t i = 0; i < n && o < max; i++)
        if (pl_dict_edit1(s, len, w->str[ids[i]], w->len[ids[i]]))
            out[o++] = ids[i];
    return o;
}

size_t pl_fuzzy_find(const pl_fuzzy *f, const pl_words *w, const uint32_t *ids, size_t n,
                     const char *s, size_t len, uint32_t *out, size_t max)
{
    if (max == 0)
        return 0;
    /* words of more than FUZZY_MAX_QUERY + 1 bytes are not indexed: a query
     * that could reach them (or one too long to hash) scans */
    if (f->nbuckets == 0 || len > FUZZY_MAX_QUERY)
        return pl_fuzzy_scan(w, ids, n, s, len, out, max);
    uint64_t hs[FUZZY_MAX_QUERY + 1];
    deletion_hashes(s, len, hs);
    uint32_t cand[FUZZY_MAX_CAND];
    size_t nc = 0;
    size_t mask = f->nbuckets - 1;
    for (size_t k = 0; k <= len; k++) {
        uint64_t check = hs[k] & 0xffffffff00000000ULL;
        size_t b = hs[k] & mask;
        for (uint32_t e = f->bstart[b]; e < f->bstart[b + 1]; e++) {
            if ((f->ent[e] & 0xffffffff00000000ULL) != check)
                continue;
            if (nc == FUZZY_MAX_CAND)
                return pl_fuzzy_scan(w, ids, n, s, len, out, max);
            cand[nc++] = (uint32_t)f->ent[e];
        }
    }
    /* list order, each position once (insertion sort: nc is small) */
    for (size_t i = 1; i < nc; i++) {
        uint32_t v = cand[i];
        size_t j = i;
        while (j > 0 && cand[j - 1] > v) {
            cand[j] = cand[j - 1];
            j--;
        }
        cand[j] = v;
    }
    size_t o = 0;
    for (size_t i = 0; i < nc && o < max; i++) {
        if (i > 0 && cand[i] == cand[i - 1])
            continue;
        if (cand[i] >= n)
            continue;
        uint32_t id = ids[cand[i]];
        if (pl_dict_edit1(s, len, w->str[id], w->len[id]))
            out[o++] = id;
    }
    return o;
}
