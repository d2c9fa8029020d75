/* tokenize_lookup.c - look-ups in the tokenizer tables (tokenize_table.c):
 * sorted arrays of lower-case keys searched by bsearch. */
#include "text/tokenize.h"

#include <stdlib.h>
#include <string.h>

/* Lower-case ASCII copy of word[0, n) into buf (cap bytes); false when too
 * long or not ASCII (our tables are ASCII, apart from ’ forms). */
static bool lower_key(const char *word, size_t n, char *buf, size_t cap)
{
    if (n == 0 || n >= cap)
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = word[i];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c + 32);
        buf[i] = c;
    }
    buf[n] = '\0';
    return true;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static bool in_set(const char *const *set, size_t n, const char *key)
{
    return bsearch(&key, set, n, sizeof *set, cmp_str) != NULL;
}

int pl_abbrev_kind(const char *word, size_t n)
{
    if (n > PL_ABBR_MAXLEN)
        return PL_ABBR_NONE;
    char key[32];
    if (!lower_key(word, n, key, sizeof key))
        return PL_ABBR_NONE;
    /* exact case first: "No." is an abbreviation, "no." is not */
    char exact[32];
    memcpy(exact, word, n);
    exact[n] = '\0';
    if (in_set(pl_abbr_title, pl_abbr_title_n, key))
        return PL_ABBR_TITLE;
    if (in_set(pl_abbr_any, pl_abbr_any_n, key))
        return PL_ABBR_ANY;
    if (in_set(pl_abbr_cased, pl_abbr_cased_n, exact))
        return PL_ABBR_ANY;
    return PL_ABBR_NONE;
}

bool pl_hyphen_keeps(const char *word, size_t n)
{
    char key[32];
    return lower_key(word, n, key, sizeof key) && in_set(pl_hyph_prefix, pl_hyph_prefix_n, key);
}

bool pl_hyphen_word(const char *word, size_t n)
{
    char key[64];
    return lower_key(word, n, key, sizeof key) && in_set(pl_hyph_word, pl_hyph_word_n, key);
}

static int cmp_mwt(const void *a, const void *b)
{
    return strcmp((const char *)a, ((const pl_mwt_entry *)b)->surface);
}

/* FNV-1a of the ASCII-lower-cased bytes: the Bloom filter's hash (the
 * same function as tokenize_gen.py's). */
static uint64_t lower_hash(const char *word, size_t n)
{
    uint64_t h = 0xcbf29ce484222325ULL;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)word[i];
        if (c >= 'A' && c <= 'Z')
            c = (unsigned char)(c + 32);
        h = (h ^ c) * 0x100000001b3ULL;
    }
    return h;
}

size_t pl_mwt_lookup(const char *word, size_t n, uint32_t cuts[3])
{
    if (n >= 32 || n == 0)
        return 0;
    unsigned a = (unsigned)(word[0] | 0x20) - 'a', z = (unsigned)(word[n - 1] | 0x20) - 'a';
    if (a > 25)
        a = 26;
    if (z > 25)
        z = 26;
    if (!(pl_mwt_ends[a] & (1u << z)))
        return 0;
    uint64_t h = lower_hash(word, n);
    unsigned b1 = (unsigned)(h & (PL_MWT_BLOOM_BITS - 1)),
             b2 = (unsigned)((h >> 20) & (PL_MWT_BLOOM_BITS - 1));
    if (!(pl_mwt_bloom[b1 >> 3] & (1u << (b1 & 7))) || !(pl_mwt_bloom[b2 >> 3] & (1u << (b2 & 7))))
        return 0;
    char key[32];
    if (!lower_key(word, n, key, sizeof key))
        return 0;
    const pl_mwt_entry *e = bsearch(key, pl_mwt, pl_mwt_n, sizeof *pl_mwt, cmp_mwt);
    if (!e)
        return 0;
    size_t k = 0;
    for (; k < 3 && e->cuts[k]; k++)
        cuts[k] = e->cuts[k];
    return k + 1;
}

size_t pl_punct_match(const char *s, size_t n)
{
    size_t best = 0;
    for (size_t i = 0; i < pl_punct_n; i++) {
        if (pl_punct[i][0] != s[0])
            continue;
        size_t m = strlen(pl_punct[i]);
        if (m > best && m <= n && memcmp(s, pl_punct[i], m) == 0)
            best = m;
    }
    return best;
}
