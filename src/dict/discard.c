/* discard.c - sentence and story discards, and issue phrases. A discard
 * is an upper-case word string found in the sentence's words joined by
 * single blanks: it must start at a word boundary, and end at one when it
 * was written with a trailing '_' (otherwise it is a stem). */
#include "dict/dict.h"

#include <string.h>

/* The sentence's folded words joined by blanks, with a blank at each end:
 * in stack[0..size) when it fits, else in a heap buffer. */
static char *sentence_string(const parley_doc *doc, size_t sent, char *stack, size_t size)
{
    const pl_sentence *s = &doc->sents[sent];
    size_t total = 2;
    for (uint32_t i = 0; i < s->nwords; i++) {
        const pl_word *w = &doc->words[s->word0 + i];
        const char *f = w->norm ? w->norm : w->form ? w->form : "";
        total += 2 * strlen(f) + 9;
    }
    char *buf = total + 1 <= size ? stack : pl_malloc(total + 1);
    if (!buf)
        return NULL;
    size_t o = 0;
    buf[o++] = ' ';
    for (uint32_t i = 0; i < s->nwords; i++) {
        const pl_word *w = &doc->words[s->word0 + i];
        const char *f = w->norm ? w->norm : w->form ? w->form : "";
        o += pl_dict_fold(f, buf + o, 2 * strlen(f) + 8);
        buf[o++] = ' ';
    }
    buf[o] = '\0';
    return buf;
}

static bool contains(const char *hay, const pl_discard *ds)
{
    size_t n = strlen(ds->text);
    for (const char *p = strstr(hay, ds->text); p; p = strstr(p + 1, ds->text)) {
        if (p == hay || p[-1] != ' ')
            continue;
        if (ds->whole && p[n] != ' ')
            continue;
        return true;
    }
    return false;
}

/* Does ds occur at p (p follows a blank)? The rule of contains(). */
static bool occurs_at(const char *p, const pl_discard *ds)
{
    size_t n = strlen(ds->text);
    return strncmp(p, ds->text, n) == 0 && (!ds->whole || p[n] == ' ');
}

#define FNV_OFFSET 1469598103934665603ULL
#define FNV_PRIME 1099511628211ULL
#define HASH_HIGH 0xffffffff00000000ULL

/* Length of a discard's first word (bytes before the first blank). */
static size_t first_word_len(const char *t)
{
    const char *sp = strchr(t, ' ');
    return sp ? (size_t)(sp - t) : strlen(t);
}

static uint64_t fnv(const char *s, size_t n)
{
    uint64_t h = FNV_OFFSET;
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= FNV_PRIME;
    }
    return h;
}

void pl_dict_discard_index_release(pl_discard_index *x)
{
    pl_free(x->bstart);
    pl_free(x->ent);
    memset(x, 0, sizeof *x);
}

parley_status pl_dict_index_discards(parley_dict *d)
{
    pl_discard_index *x = &d->discard_index;
    pl_dict_discard_index_release(x);
    if (d->ndiscards == 0 || d->ndiscards >= UINT32_MAX)
        return PARLEY_OK;
    for (size_t i = 0; i < d->ndiscards; i++)
        if (first_word_len(d->discards[i].text) == 0)
            return PARLEY_OK; /* cannot happen from the reader; the scan copes */
    size_t nb = 64;
    while (nb < d->ndiscards)
        nb *= 2;
    x->bstart = pl_calloc(nb + 1, sizeof *x->bstart);
    x->ent = pl_malloc(d->ndiscards * sizeof *x->ent);
    uint32_t *fill = pl_malloc(nb * sizeof *fill);
    if (!x->bstart || !x->ent || !fill) {
        pl_free(fill);
        pl_dict_discard_index_release(x);
        return pl_error(PARLEY_ERR_NOMEM, "out of memory (discard index)");
    }
    for (size_t i = 0; i < d->ndiscards; i++) {
        const char *t = d->discards[i].text;
        size_t n = first_word_len(t);
        x->bstart[(fnv(t, n) & (nb - 1)) + 1]++;
        x->lens |= (uint64_t)1 << (n < 63 ? n : 63);
    }
    for (size_t b = 0; b < nb; b++)
        x->bstart[b + 1] += x->bstart[b];
    memcpy(fill, x->bstart, nb * sizeof *fill);
    for (size_t i = 0; i < d->ndiscards; i++) {
        const char *t = d->discards[i].text;
        uint64_t h = fnv(t, first_word_len(t));
        x->ent[fill[h & (nb - 1)]++] = (h & HASH_HIGH) | (uint64_t)i;
    }
    pl_free(fill);
    x->nbuckets = nb;
    return PARLEY_OK;
}

/* The index's answer to contains() over all discards of the kind: at each
 * byte after a blank, the discards whose first word is a prefix of the
 * bytes up to the next blank (every discard that occurs there is one). */
static bool indexed_hit(const parley_dict *d, const char *hay, bool story)
{
    const pl_discard_index *x = &d->discard_index;
    size_t mask = x->nbuckets - 1;
    for (const char *p = hay + 1; *p; p++) {
        if (p[-1] != ' ')
            continue;
        uint64_t h = FNV_OFFSET;
        for (size_t l = 1; p[l - 1] && p[l - 1] != ' '; l++) {
            h ^= (unsigned char)p[l - 1];
            h *= FNV_PRIME;
            if (!(x->lens & ((uint64_t)1 << (l < 63 ? l : 63))))
                continue;
            size_t b = h & mask;
            for (uint32_t e = x->bstart[b]; e < x->bstart[b + 1]; e++) {
                if ((x->ent[e] & HASH_HIGH) != (h & HASH_HIGH))
                    continue;
                const pl_discard *ds = &d->discards[(uint32_t)x->ent[e]];
                if (ds->story == story && occurs_at(p, ds))
                    return true;
            }
        }
    }
    return false;
}

static bool discard_in(const parley_dict *d, const parley_doc *doc, size_t sent, bool story)
{
    char stack[4096];
    char *s = sentence_string(doc, sent, stack, sizeof stack);
    if (!s)
        return false;
    bool hit = false;
    if (d->discard_index.nbuckets > 0) {
        hit = indexed_hit(d, s, story);
    } else {
        for (size_t i = 0; i < d->ndiscards && !hit; i++)
            if (d->discards[i].story == story && contains(s, &d->discards[i]))
                hit = true;
    }
    if (s != stack)
        pl_free(s);
    return hit;
}

bool pl_dict_discard_sentence(const parley_dict *d, const parley_doc *doc, size_t sent)
{
    if (!d || !doc || sent >= doc->nsents)
        return false;
    return discard_in(d, doc, sent, false);
}

bool pl_dict_discard_story(const parley_dict *d, const parley_doc *doc)
{
    if (!d || !doc)
        return false;
    /* the lead only: PETRARCH coded leads, where a story discard ("+UEFA")
     * says what the story is about; further down, a political article
     * that mentions a football match in passing is still political */
    size_t lead = doc->nsents < PL_DISCARD_LEAD ? doc->nsents : PL_DISCARD_LEAD;
    for (size_t s = 0; s < lead; s++)
        if (discard_in(d, doc, s, true))
            return true;
    return false;
}

PARLEY_API int parley_dict_discards_story(const parley_dict *d, const parley_doc *doc)
{
    return pl_dict_discard_story(d, doc);
}

PARLEY_API int parley_dict_discards_sentence(const parley_dict *d, const parley_doc *doc,
                                             size_t sentence)
{
    return pl_dict_discard_sentence(d, doc, sentence);
}

/* ---------------------------------------------------------------------- */

/* Longest node with a value in t starting at word i of ids. */
static size_t longest(const pl_trie *t, const uint32_t *ids, size_t n, size_t i, uint32_t *value)
{
    uint32_t node = 0;
    size_t end = 0;
    for (size_t k = i; k < n; k++) {
        node = pl_trie_child(t, node, ids[k]);
        if (node == PL_NONE)
            break;
        if (t->value[node] != PL_NONE) {
            end = k + 1;
            *value = t->value[node];
        }
    }
    return end;
}

size_t pl_dict_find_issues(const parley_dict *d, const parley_doc *doc, size_t sent,
                           const char **codes, size_t max)
{
    if (!d || !doc || sent >= doc->nsents || d->nissues == 0)
        return 0;
    const pl_sentence *s = &doc->sents[sent];
    uint32_t *ids = pl_malloc((s->nwords + 1) * sizeof *ids);
    if (!ids)
        return 0;
    for (uint32_t i = 0; i < s->nwords; i++) {
        const pl_word *w = &doc->words[s->word0 + i];
        const char *f = w->norm ? w->norm : w->form ? w->form : "";
        char up[512];
        size_t n = pl_dict_fold(f, up, sizeof up);
        ids[i] = pl_words_find(&d->words, up, n);
    }
    /* blocks with an exclusion phrase in this sentence are off */
    uint8_t *off = pl_calloc(d->nissue_blocks + 1, 1);
    if (!off) {
        pl_free(ids);
        return 0;
    }
    for (size_t i = 0; i < s->nwords; i++) {
        uint32_t v;
        if (longest(&d->excl_trie, ids, s->nwords, i, &v) && v < d->nissue_blocks)
            off[v] = 1;
    }
    size_t found = 0;
    for (size_t i = 0; i < s->nwords && found < max;) {
        uint32_t v = PL_NONE;
        size_t e = longest(&d->issues_trie, ids, s->nwords, i, &v);
        if (e == 0) {
            i++;
            continue;
        }
        if (!off[d->issues[v].block])
            codes[found++] = d->issues[v].code;
        i = e;
    }
    pl_free(off);
    pl_free(ids);
    return found;
}
