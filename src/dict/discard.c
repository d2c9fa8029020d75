/* discard.c - sentence and story discards, and issue phrases. A discard
 * is an upper-case word string found in the sentence's words joined by
 * single blanks: it must start at a word boundary, and end at one when it
 * was written with a trailing '_' (otherwise it is a stem). */
#include "dict/dict.h"

#include <string.h>

/* The sentence's folded words joined by blanks, with a blank at each end,
 * in a heap buffer. */
static char *sentence_string(const parley_doc *doc, size_t sent)
{
    const pl_sentence *s = &doc->sents[sent];
    size_t total = 2;
    for (uint32_t i = 0; i < s->nwords; i++) {
        const pl_word *w = &doc->words[s->word0 + i];
        const char *f = w->norm ? w->norm : w->form ? w->form : "";
        total += 2 * strlen(f) + 9;
    }
    char *buf = pl_malloc(total + 1);
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

static bool discard_in(const parley_dict *d, const parley_doc *doc, size_t sent, bool story)
{
    char *s = sentence_string(doc, sent);
    if (!s)
        return false;
    bool hit = false;
    for (size_t i = 0; i < d->ndiscards && !hit; i++)
        if (d->discards[i].story == story && contains(s, &d->discards[i]))
            hit = true;
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
    for (size_t s = 0; s < doc->nsents; s++)
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
