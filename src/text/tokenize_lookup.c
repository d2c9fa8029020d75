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

size_t pl_mwt_lookup(const char *word, size_t n, uint32_t cuts[3])
{
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
        size_t m = strlen(pl_punct[i]);
        if (m > best && m <= n && memcmp(s, pl_punct[i], m) == 0)
            best = m;
    }
    return best;
}
