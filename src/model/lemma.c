/*
 * lemma.c - lemma rules and the lemma tables' keys. A rule is (lower-case
 * or not, strip k trailing bytes, append a string): learned from the
 * treebank's lemma column, applied to unseen words by their longest known
 * suffix under their tag.
 */
#include "model/model.h"

#include <string.h>

static size_t lower_into(const char *s, size_t n, char *out)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        out[i] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
    }
    return n;
}

bool pl_lrule_learn(const char *form, const char *lemma, int *lower, size_t *strip,
                    const char **append)
{
    size_t fn = strlen(form), ln = strlen(lemma);
    size_t best_cost = (size_t)-1;
    bool ok = false;
    char low[256];
    /* lower-cased first, so it wins ties */
    for (int lo = 1; lo >= 0; lo--) {
        const char *base = form;
        if (lo) {
            if (fn >= sizeof low)
                continue;
            lower_into(form, fn, low);
            base = low;
        }
        size_t p = 0;
        while (p < fn && p < ln && base[p] == lemma[p])
            p++;
        size_t st = fn - p, cost = st + (ln - p);
        if (st > 255 || cost >= best_cost)
            continue;
        best_cost = cost;
        *lower = lo;
        *strip = st;
        *append = lemma + p;
        ok = true;
    }
    return ok;
}

void pl_lrule_apply(const char *form, int lower, size_t strip, const char *append, char *out,
                    size_t cap)
{
    size_t fn = strlen(form);
    size_t keep = strip < fn ? fn - strip : 0;
    if (keep >= cap)
        keep = cap - 1;
    if (lower)
        lower_into(form, keep, out);
    else
        memcpy(out, form, keep);
    size_t an = strlen(append);
    if (keep + an >= cap)
        an = cap - 1 - keep;
    memcpy(out + keep, append, an);
    out[keep + an] = '\0';
    /* a cut in the middle of a UTF-8 sequence is not worth a bad lemma:
     * drop a trailing partial sequence */
    size_t end = keep + an, i = end;
    while (i > 0 && ((unsigned char)out[i - 1] & 0xC0) == 0x80)
        i--;
    if (i > 0 && (unsigned char)out[i - 1] >= 0xC0) {
        size_t need = pl_utf8_valid_len((const unsigned char *)out + i - 1, end - (i - 1));
        if (!need)
            out[i - 1] = '\0';
    }
}

uint64_t pl_lemma_key(const char *form, size_t len, int tag)
{
    uint64_t h = pl_hash_bytes(form, len, 0x4c454d41ULL + (uint64_t)tag * 0x9E3779B97F4A7C15ULL);
    return h ? h : 1;
}

uint64_t pl_suffix_key(const char *lower_form, size_t len, size_t k, int tag)
{
    uint64_t h = pl_hash_bytes(lower_form + len - k, k,
                               0x53554646ULL + ((uint64_t)tag << 8) + (uint64_t)k);
    return h ? h : 1;
}

const pl_lslot *pl_lslot_find(const pl_lslot *t, size_t n, uint64_t key)
{
    if (!n)
        return NULL;
    size_t mask = n - 1, i = (size_t)(key ^ (key >> 31)) & mask;
    for (size_t probes = 0; probes < n; probes++) {
        if (t[i].key == key)
            return &t[i];
        if (!t[i].key)
            return NULL;
        i = (i + 1) & mask;
    }
    return NULL;
}
