/*
 * coref.c - document-level reading of actors: a person named in full once
 * ("Jack Straw", "Prime Minister Tony Blair") is the same actor when the
 * article later says "Straw", "Mr Straw" or "Blair", and a singular
 * personal pronoun ("he", "she", "him", "her") standing as a subject or
 * object is the last person named before it. News writes each person in
 * full once and by surname or pronoun after; without this most sentences
 * about them have one actor and no event.
 *
 * The table is filled in document order, so a surname or pronoun only
 * ever points back. Mentions it adds are marked match 6 ("coref").
 */
#include "code/code.h"
#include "dict/dict.h"

#include <ctype.h>
#include <string.h>

#define COREF_MAX_NAMES 256

typedef struct coref_name {
    char surname[48];
    const char *code;
    uint32_t actor; /* the dictionary's record of the person */
} coref_name;

struct pl_coref {
    coref_name names[COREF_MAX_NAMES];
    size_t n;
    const char *last_person; /* code of the last person named, NULL none */
    uint32_t last_actor;     /* and their dictionary record */
};

void pl_coref_reset(pl_coref *c)
{
    c->n = 0;
    c->last_person = NULL;
    c->last_actor = PL_NONE;
}

pl_coref *pl_coref_new(void)
{
    return pl_calloc(1, sizeof(pl_coref));
}

void pl_coref_free(pl_coref *c)
{
    pl_free(c);
}

static bool capitalized(const char *w)
{
    return w && isupper((unsigned char)w[0]) && strlen(w) >= 3;
}

static bool country_code(const char *code)
{
    return code && strlen(code) > 3 && strncmp(code, "---", 3) != 0 &&
           strncmp(code, "IGO", 3) != 0 && strncmp(code, "NGO", 3) != 0 && !strchr(code, '/');
}

static const coref_name *find_name(const pl_coref *c, const char *w)
{
    for (size_t i = c->n; i-- > 0;)
        if (strcmp(c->names[i].surname, w) == 0)
            return &c->names[i];
    return NULL;
}

/* The entry for the capitalized word form w: the table holds surnames
 * folded as the dictionary stage writes them ("KIBAKI" for "Kibaki"). */
static const coref_name *find_form(const pl_coref *c, const char *w)
{
    if (!capitalized(w))
        return NULL;
    char up[sizeof c->names[0].surname];
    size_t n = pl_dict_fold(w, up, sizeof up);
    return n > 0 && n < sizeof up ? find_name(c, up) : NULL;
}

static bool is_pronoun(const char *w)
{
    return strcmp(w, "he") == 0 || strcmp(w, "she") == 0 || strcmp(w, "He") == 0 ||
           strcmp(w, "She") == 0 || strcmp(w, "him") == 0 || strcmp(w, "her") == 0;
}

/* A pronoun is resolved only where it is an argument (the parse says so),
 * not a possessive ("her government") or a word of a quotation's aside. */
static bool argument(const pl_word *w)
{
    const char *r = w->deprel;
    if (!r || strcmp(r, "_") == 0)
        return true; /* not parsed yet: counted, decided after the parse */
    return strcmp(r, "nsubj") == 0 || strcmp(r, "nsubj:pass") == 0 || strcmp(r, "obj") == 0 ||
           strcmp(r, "iobj") == 0 || strcmp(r, "obl") == 0;
}

size_t pl_coref_count(const pl_coref *c, const parley_doc *doc, size_t sent)
{
    const pl_sentence *s = &doc->sents[sent];
    size_t n = 0;
    for (uint32_t w = s->word0; w < s->word0 + s->nwords; w++) {
        const char *f = doc->words[w].form;
        if (find_form(c, f) || (c->last_person && is_pronoun(f)))
            n++;
    }
    return n;
}

static bool covered(const pl_mention *m, size_t n, uint32_t w)
{
    for (size_t i = 0; i < n; i++)
        if (w >= m[i].w0 && w < m[i].w1)
            return true;
    return false;
}

/* A dictionary mention that names a person (not a party, a ministry or
 * the CIA): the dictionary's records of people carry dated terms. */
static bool person(const parley_dict *d, const parley_doc *doc, const pl_mention *x)
{
    return country_code(x->code) && (x->match == PL_MATCH_EXACT || x->match == PL_MATCH_FUZZY) &&
           capitalized(doc->words[x->w1 - 1].form) && pl_dict_actor_is_person(d, x->actor);
}

parley_status pl_coref_sentence(pl_coref *c, const parley_dict *d, parley_doc *doc, size_t sent,
                                pl_mention **m, size_t *n)
{
    const pl_sentence *s = &doc->sents[sent];
    /* the words the table resolves, in order; a person named in this
     * sentence before a pronoun is that pronoun's antecedent */
    size_t extra = 0;
    pl_mention add[64];
    const char *last = c->last_person;
    uint32_t last_actor = c->last_actor;
    size_t next = 0; /* next dictionary mention by position */
    for (uint32_t w = s->word0; w < s->word0 + s->nwords && extra < 64; w++) {
        while (next < *n && (*m)[next].w1 <= w) {
            const pl_mention *x = &(*m)[next++];
            if (person(d, doc, x)) {
                last = x->code;
                last_actor = x->actor;
            }
        }
        if (covered(*m, *n, w))
            continue;
        const pl_word *wd = &doc->words[w];
        const char *code = NULL;
        uint32_t actor = PL_NONE;
        const coref_name *e = find_form(c, wd->form);
        if (e) {
            code = last = e->code;
            actor = last_actor = e->actor;
        } else if (last && is_pronoun(wd->form) && argument(wd)) {
            code = last;
            actor = last_actor;
        }
        if (!code)
            continue;
        pl_mention *x = &add[extra++];
        x->sent = (uint32_t)sent;
        x->w0 = w;
        x->w1 = w + 1;
        x->start = wd->start;
        x->end = wd->end;
        x->code = code;
        x->match = PL_MATCH_COREF;
        x->head = w;
        x->actor = actor; /* the same person: no event with itself */
    }
    /* learn this sentence's people: their surnames as the dictionary
     * stage reads them (not "Party" of "Labour Party", not "Obama" of
     * "Obama administration") */
    for (size_t i = 0; i < *n; i++) {
        const pl_mention *x = &(*m)[i];
        char sur[sizeof c->names[0].surname];
        if (!person(d, doc, x) || pl_dict_surname(d, doc, x, sur, sizeof sur) == 0)
            continue;
        if (c->n == COREF_MAX_NAMES)
            memmove(c->names, c->names + 1, (COREF_MAX_NAMES - 1) * sizeof c->names[0]);
        else
            c->n++;
        coref_name *e = &c->names[c->n - 1];
        strcpy(e->surname, sur);
        e->code = x->code;
        e->actor = x->actor;
    }
    while (next < *n) {
        const pl_mention *x = &(*m)[next++];
        if (person(d, doc, x)) {
            last = x->code;
            last_actor = x->actor;
        }
    }
    c->last_person = last;
    c->last_actor = last_actor;
    if (extra == 0)
        return PARLEY_OK;
    pl_mention *out = pl_arena_alloc(doc->arena, (*n + extra) * sizeof *out);
    if (!out)
        return pl_error(PARLEY_ERR_NOMEM, "out of memory");
    /* merge by position */
    size_t a = 0, b = 0, o = 0;
    while (a < *n || b < extra)
        out[o++] = (b == extra || (a < *n && (*m)[a].w0 < add[b].w0)) ? (*m)[a++] : add[b++];
    *m = out;
    *n = o;
    return PARLEY_OK;
}
