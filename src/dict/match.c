/* match.c - actor mentions in a sentence: longest match over the actor
 * and agent tries, plurals and possessives, typo-tolerant person names,
 * capitals that stand for their governments, and agents composed with the
 * country in their noun phrase. Works on segmented text; uses the parse
 * (deprel) when present only to decide whether a capital acts. */
#include "dict/dict.h"

#include <stdlib.h>
#include <string.h>

#define MAX_PARTS 4    /* parts of one hyphenated word */
#define MAX_FUZZY 4    /* candidate dictionary words for one typo'd word */
#define MAX_GAP 2      /* words allowed between a country and its agent */

/* A matching unit: a word, or a part of a hyphenated word. */
typedef struct unit {
    uint32_t word;       /* doc word index */
    uint32_t start, end; /* byte span */
    uint32_t id, alt;    /* word id; singular or possessive-stripped id */
    const char *up;      /* folded text (scratch) */
    uint32_t len;
    uint8_t cap;         /* the original has an upper-case letter */
    uint8_t alpha;       /* letters only */
    int8_t nfuzzy;       /* -1 = not computed */
    uint32_t fuzzy[MAX_FUZZY];
} unit;

enum kind { K_ACTOR, K_CAPITAL, K_AGENT };

typedef struct raw {
    uint32_t u0, u1;    /* units [u0, u1) */
    uint8_t kind;       /* enum kind */
    uint8_t fuzzy;
    uint32_t node;      /* trie node */
    const char *code;   /* resolved code (actors, capitals: COUNTRY+GOV) */
    const pl_agent *agent;
    uint8_t dead;       /* absorbed or rejected */
} raw;

typedef struct scratch {
    unit *u;
    size_t nu;
    raw *r;
    size_t nr;
    char *text; /* folded unit strings */
} scratch;

/* ---------------------------------------------------------------------- */

static bool has_upper(const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p >= 'A' && *p <= 'Z')
            return true;
        if (*p >= 0xC3 && *p <= 0xC3 && p[1] >= 0x80 && p[1] <= 0x9E)
            return true; /* Latin-1 capitals */
    }
    return false;
}

static bool all_alpha(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (!((c >= 'A' && c <= 'Z') || c >= 0x80))
            return false;
    }
    return n > 0;
}

/* The id of a singular form (AMERICANS -> AMERICAN, MILITIES -> MILITY)
 * or of a word without a possessive ending (BIDEN'S, PARTIES'). */
static uint32_t alt_id(const parley_dict *d, const char *s, size_t n)
{
    uint32_t id;
    if (n > 2 && s[n - 2] == '\'' && s[n - 1] == 'S')
        return pl_words_find(&d->words, s, n - 2);
    if (n > 1 && s[n - 1] == '\'')
        return pl_words_find(&d->words, s, n - 1);
    if (n > 4 && memcmp(s + n - 3, "IES", 3) == 0) {
        char tmp[256];
        if (n < sizeof tmp) {
            memcpy(tmp, s, n - 3);
            tmp[n - 3] = 'Y';
            if ((id = pl_words_find(&d->words, tmp, n - 2)) != PL_NONE)
                return id;
        }
    }
    if (n > 3 && s[n - 1] == 'S' && s[n - 2] != 'S') {
        if ((id = pl_words_find(&d->words, s, n - 1)) != PL_NONE)
            return id;
        if (s[n - 2] == 'E' && (id = pl_words_find(&d->words, s, n - 2)) != PL_NONE)
            return id;
    }
    return PL_NONE;
}

static parley_status add_unit(scratch *sc, size_t *cap, const unit *u)
{
    if (sc->nu == *cap) {
        size_t nc = *cap ? *cap * 2 : 64;
        unit *nu = pl_realloc(sc->u, nc * sizeof *nu);
        if (!nu)
            return PARLEY_ERR_NOMEM;
        sc->u = nu;
        *cap = nc;
    }
    sc->u[sc->nu++] = *u;
    return PARLEY_OK;
}

/* Fold the sentence's words into units. */
static parley_status build_units(const parley_dict *d, const parley_doc *doc,
                                 const pl_sentence *s, scratch *sc)
{
    size_t cap = 0, total = 0;
    for (uint32_t i = 0; i < s->nwords; i++) {
        const pl_word *w = &doc->words[s->word0 + i];
        const char *f = w->norm ? w->norm : w->form ? w->form : "";
        total += 2 * strlen(f) + 8;
    }
    sc->text = pl_malloc(total + 1);
    if (!sc->text)
        return PARLEY_ERR_NOMEM;
    /* fold every word first and start loading the table memory its lookups
     * will read (the word and its singular/possessive-stripped forms), so
     * that the cache misses of a sentence overlap */
    size_t off = 0;
    for (uint32_t i = 0; i < s->nwords; i++) {
        const pl_word *w = &doc->words[s->word0 + i];
        const char *f = w->norm ? w->norm : w->form ? w->form : "";
        char *up = sc->text + off;
        size_t n = pl_dict_fold(f, up, 2 * strlen(f) + 8);
        off += n + 1;
        pl_words_prefetch(&d->words, up, n);
        if (n > 1 && (up[n - 1] == 'S' || up[n - 1] == '\''))
            pl_words_prefetch(&d->words, up, n - 1);
        if (n > 2 && up[n - 1] == 'S' && (up[n - 2] == '\'' || up[n - 2] == 'E'))
            pl_words_prefetch(&d->words, up, n - 2);
    }
    off = 0;
    for (uint32_t i = 0; i < s->nwords; i++) {
        uint32_t wi = s->word0 + i;
        const pl_word *w = &doc->words[wi];
        const char *f = w->norm ? w->norm : w->form ? w->form : "";
        char *up = sc->text + off;
        size_t n = strlen(up); /* folded above: a fold holds no NUL */
        off += n + 1;
        unit u = {0};
        u.word = wi;
        u.start = w->start;
        u.end = w->end;
        u.up = up;
        u.len = (uint32_t)n;
        u.cap = has_upper(w->form ? w->form : f);
        u.alpha = all_alpha(up, n);
        u.nfuzzy = -1;
        u.id = pl_words_find(&d->words, up, n);
        u.alt = alt_id(d, up, n);
        char *dash = memchr(up, '-', n);
        if (u.id == PL_NONE && u.alt == PL_NONE && dash && n > 2) {
            /* US-China: match the parts; byte spans from the text when the
             * word is stored verbatim there */
            bool verbatim = w->end - w->start == n;
            size_t p0 = 0;
            for (int part = 0; part < MAX_PARTS && p0 < n; part++) {
                char *q = memchr(up + p0, '-', n - p0);
                size_t p1 = q && part < MAX_PARTS - 1 ? (size_t)(q - up) : n;
                if (p1 > p0) {
                    unit v = u;
                    v.up = up + p0;
                    v.len = (uint32_t)(p1 - p0);
                    v.id = pl_words_find(&d->words, v.up, v.len);
                    v.alt = alt_id(d, v.up, v.len);
                    v.alpha = all_alpha(v.up, v.len);
                    if (verbatim) {
                        v.start = w->start + (uint32_t)p0;
                        v.end = w->start + (uint32_t)p1;
                        v.cap = (f[p0] >= 'A' && f[p0] <= 'Z');
                    }
                    if (add_unit(sc, &cap, &v) != PARLEY_OK)
                        return PARLEY_ERR_NOMEM;
                }
                p0 = p1 + 1;
            }
            continue;
        }
        if (add_unit(sc, &cap, &u) != PARLEY_OK)
            return PARLEY_ERR_NOMEM;
    }
    /* the first edges every match attempt looks up */
    for (size_t k = 0; k < sc->nu; k++) {
        pl_trie_prefetch(&d->actors_trie, 0, sc->u[k].id);
        pl_trie_prefetch(&d->agents_trie, 0, sc->u[k].id);
        if (sc->u[k].alt != sc->u[k].id) {
            pl_trie_prefetch(&d->actors_trie, 0, sc->u[k].alt);
            pl_trie_prefetch(&d->agents_trie, 0, sc->u[k].alt);
        }
    }
    return PARLEY_OK;
}

/* ---------------------------------------------------------------------- */
/* Typo-tolerant candidates: dictionary words of person names within one
 * edit of an unknown capitalized word of five letters or more. */

static void fuzzy_candidates(const parley_dict *d, unit *u)
{
    if (u->nfuzzy >= 0)
        return;
    u->nfuzzy = 0;
    if (!u->cap || !u->alpha || u->len < 5 || u->id != PL_NONE || u->alt != PL_NONE)
        return;
    if (pl_words_find(&d->common, u->up, u->len) != PL_NONE)
        return; /* a frequent English word is never a typo'd name */
    u->nfuzzy = (int8_t)pl_fuzzy_find(&d->fuzzy_index, &d->words, d->fuzzy_words, d->nfuzzy,
                                      u->up, u->len, u->fuzzy, MAX_FUZZY);
}

/* Is the actor record chain a person (a code with a role, e.g. USAGOV)? */
static bool is_person(const parley_dict *d, uint32_t actor)
{
    for (uint32_t r = actor; r != PL_NONE; r = d->actors[r].next)
        for (uint32_t i = 0; i < d->actors[r].ncodes; i++)
            if (strlen(d->codes[d->actors[r].code0 + i].code) >= 6)
                return true;
    return false;
}

typedef struct best {
    uint32_t end;  /* unit after the match, 0 = none */
    uint32_t node;
    uint8_t fuzzy;
} best;

static const pl_capital *find_capital(const parley_dict *d, uint32_t node)
{
    size_t lo = 0, hi = d->ncapitals;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (d->capitals[mid].node < node)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < d->ncapitals && d->capitals[lo].node == node ? &d->capitals[lo] : NULL;
}

/* Depth-first walk of trie t from node over units i.., keeping the longest
 * accepted end in *b. fuzzy_left: 1 if one unit may match within one edit. */
static void walk(const parley_dict *d, const pl_trie *t, bool actors, scratch *sc, uint32_t node,
                 size_t i, int fuzzy_left, bool used_fuzzy, int32_t date, best *b)
{
    if (i > 0 && node != 0) {
        bool ok = false;
        uint32_t v = t->value[node];
        if (!actors) {
            ok = v != PL_NONE;
        } else if (used_fuzzy) {
            ok = v != PL_NONE && t->depth[node] >= 2 &&
                 (pl_dict_node_flags(d, node) & PL_ACTOR_PERSON) && is_person(d, v) &&
                 pl_dict_resolve(d, v, date) != NULL;
        } else {
            ok = (v != PL_NONE && pl_dict_resolve(d, v, date) != NULL) ||
                 (pl_dict_node_flags(d, node) & PL_ACTOR_CAPITAL);
        }
        if (ok && (i > b->end || (i == b->end && b->fuzzy && !used_fuzzy))) {
            b->end = (uint32_t)i;
            b->node = node;
            b->fuzzy = used_fuzzy;
        }
    }
    if (i >= sc->nu)
        return;
    unit *u = &sc->u[i];
    uint32_t c;
    if ((c = pl_trie_child(t, node, u->id)) != PL_NONE)
        walk(d, t, actors, sc, c, i + 1, fuzzy_left, used_fuzzy, date, b);
    if (u->alt != u->id && (c = pl_trie_child(t, node, u->alt)) != PL_NONE)
        walk(d, t, actors, sc, c, i + 1, fuzzy_left, used_fuzzy, date, b);
    if (fuzzy_left > 0 && actors) {
        fuzzy_candidates(d, u);
        for (int k = 0; k < u->nfuzzy; k++)
            if ((c = pl_trie_child(t, node, u->fuzzy[k])) != PL_NONE)
                walk(d, t, actors, sc, c, i + 1, 0, true, date, b);
    }
}

/* ---------------------------------------------------------------------- */
/* Context rules. */

static bool unit_is(const unit *u, const char *const *list)
{
    for (; *list; list++)
        if (strlen(*list) == u->len && memcmp(*list, u->up, u->len) == 0)
            return true;
    return false;
}

/* Words after a country name that make it part of a place name. */
static const char *const geo_features[] = {
    "SEA", "STRAIT", "STRAITS", "OCEAN", "GULF", "RIVER", "ISLAND", "ISLANDS", "PENINSULA",
    "MOUNTAINS", "BAY", "CANAL", "LAKE", "DESERT", "BASIN", "CHANNEL", "PLATEAU", NULL};

/* Prepositions before a capital that make it a place, not an actor. */
static const char *const locatives[] = {
    "IN", "AT", "TO", "INTO", "FOR", "NEAR", "OUTSIDE", "INSIDE", "ACROSS", "TOWARD",
    "TOWARDS", "VIA", "AROUND", "THROUGHOUT", "ONTO", "WITHIN", "OF", NULL};

/* Words that may stand between a country and its agent in one noun phrase. */
static const char *const np_stop[] = {
    "THE", "A", "AN", "OF", "FROM", "TO", "IN", "ON", "AT", "WITH", "AND", "OR", "BUT", "BY",
    "FOR", "THAT", "WHICH", "WHO", "IS", "ARE", "WAS", "WERE", "HAS", "HAVE", "HAD", "SAID",
    "SAYS", "WILL", "WOULD", "ALSO", "NOT", "AS", "BETWEEN", "AGAINST", "OVER", "AFTER", NULL};

/* Does the capital at units [u0, u1) act (stand for its government)? */
static bool capital_acts(const parley_doc *doc, const scratch *sc, uint32_t u0, uint32_t u1)
{
    const unit *last = &sc->u[u1 - 1];
    if (u1 < sc->nu && sc->u[u1].cap && sc->u[u1].alpha)
        return false; /* Washington Post, Beijing Olympics */
    const pl_word *w = &doc->words[last->word];
    if (w->deprel && strcmp(w->deprel, "_") != 0) {
        const char *r = w->deprel;
        if (strncmp(r, "nsubj", 5) == 0 || strncmp(r, "obj", 3) == 0 ||
            strncmp(r, "iobj", 4) == 0 || strcmp(r, "nmod:poss") == 0 || strcmp(r, "appos") == 0)
            return true;
        if (strncmp(r, "compound", 8) == 0 || strcmp(r, "flat") == 0)
            return false;
    }
    if (u0 > 0 && unit_is(&sc->u[u0 - 1], locatives))
        return false;
    return true;
}

/* The country part of a resolved code for composing with an agent: a
 * country with a role (USAGOV) gives its country (USA); IGOs, NGOs and
 * other non-state codes stay whole. */
static size_t country_part(const char *code)
{
    size_t n = strlen(code);
    if (n <= 3)
        return n;
    static const char *const whole[] = {"IGO", "NGO", "IMG", "MNC", "NGM", "UIS", "INT", NULL};
    for (const char *const *p = whole; *p; p++)
        if (strncmp(code, *p, 3) == 0)
            return n;
    return 3;
}

static const char *compose(pl_arena *a, const char *actor, const pl_agent *ag)
{
    size_t n = country_part(actor);
    size_t m = strlen(ag->code);
    char *out = pl_arena_alloc(a, n + m + 1);
    if (!out)
        return NULL;
    if (ag->prefix) {
        memcpy(out, ag->code, m);
        memcpy(out + m, actor, n);
    } else {
        memcpy(out, actor, n);
        memcpy(out + n, ag->code, m);
    }
    out[n + m] = '\0';
    return out;
}

/* Units between two matches that keep them in one noun phrase. */
static bool np_gap(const scratch *sc, uint32_t from, uint32_t to)
{
    if (to < from || to - from > MAX_GAP)
        return false;
    for (uint32_t k = from; k < to; k++) {
        const unit *u = &sc->u[k];
        bool poss = (u->len == 2 && memcmp(u->up, "'S", 2) == 0) ||
                    (u->len == 1 && u->up[0] == '\'');
        if (poss)
            continue;
        if (!u->alpha || unit_is(u, np_stop))
            return false;
    }
    return true;
}

/* ---------------------------------------------------------------------- */

static int32_t date_int(const char *date)
{
    if (!date || !*date)
        return 0;
    int y, m, dd;
    if (sscanf(date, "%4d-%2d-%2d", &y, &m, &dd) == 3 || sscanf(date, "%4d%2d%2d", &y, &m, &dd) == 3)
        if (y > 0 && m >= 1 && m <= 12 && dd >= 1 && dd <= 31)
            return y * 10000 + m * 100 + dd;
    return 0;
}

static parley_status add_raw(scratch *sc, size_t *cap, const raw *r)
{
    if (sc->nr == *cap) {
        size_t nc = *cap ? *cap * 2 : 16;
        raw *nr = pl_realloc(sc->r, nc * sizeof *nr);
        if (!nr)
            return PARLEY_ERR_NOMEM;
        sc->r = nr;
        *cap = nc;
    }
    sc->r[sc->nr++] = *r;
    return PARLEY_OK;
}

/* Is word id one of the words (5+ letters) of multi-word names? */
static bool is_name_word(const parley_dict *d, uint32_t id)
{
    if (id == PL_NONE)
        return false;
    size_t lo = 0, hi = d->nfuzzy;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (d->fuzzy_words[mid] < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < d->nfuzzy && d->fuzzy_words[lo] == id;
}

/* Does an actor or agent match start at unit i? */
static bool starts_match(const parley_dict *d, scratch *sc, size_t i, int32_t date)
{
    best b = {0, 0, 0};
    walk(d, &d->actors_trie, true, sc, 0, i, 0, false, date, &b);
    if (b.end == 0)
        walk(d, &d->agents_trie, false, sc, 0, i, 0, false, date, &b);
    return b.end > 0;
}

/* A headline in title case: most words of four letters or more capitalized. */
static bool is_title_case(const scratch *sc)
{
    size_t words = 0, caps = 0;
    for (size_t i = 1; i < sc->nu; i++) {
        if (!sc->u[i].alpha || sc->u[i].len < 4)
            continue;
        words++;
        caps += sc->u[i].cap;
    }
    return words >= 3 && caps * 10 >= words * 6;
}

/* Longest matches, left to right. */
static parley_status scan(const parley_dict *d, const parley_doc *doc, scratch *sc, int32_t date)
{
    size_t cap = 0;
    size_t i = 0;
    bool title_case = is_title_case(sc);
    while (i < sc->nu) {
        best ba = {0, 0, 0}, bg = {0, 0, 0};
        /* a capitalized start may match a person's name with one typo; an
         * exact match of the same length wins */
        walk(d, &d->actors_trie, true, sc, 0, i, sc->u[i].cap ? 1 : 0, false, date, &ba);
        walk(d, &d->agents_trie, false, sc, 0, i, 0, false, date, &bg);
        raw r = {0};
        r.u0 = (uint32_t)i;
        if (ba.end > 0 && ba.end >= bg.end) {
            r.u1 = ba.end;
            r.node = ba.node;
            r.fuzzy = ba.fuzzy;
            bool cap_any = false;
            for (uint32_t k = r.u0; k < r.u1; k++)
                cap_any |= sc->u[k].cap;
            /* "us" the pronoun is not the US: an actor needs a capital letter */
            if (!cap_any) {
                i++;
                continue;
            }
            /* South China Sea, Taiwan Strait: a place name, not the country */
            if (r.u1 < sc->nu && sc->u[r.u1].cap && unit_is(&sc->u[r.u1], geo_features)) {
                i = r.u1 + 1;
                continue;
            }
            /* Munich Security Conference, China Southern Airlines: a one-word
             * name followed by a capitalized word that starts no match of its
             * own is part of a longer name (not in title-case headlines) */
            if (r.u1 - r.u0 == 1 && !ba.fuzzy && r.u1 < sc->nu && sc->u[r.u1].cap &&
                sc->u[r.u1].alpha && !title_case && !starts_match(d, sc, r.u1, date)) {
                i = r.u1;
                continue;
            }
            /* Michael Jordan: a one-word name after a capitalized word that is
             * not itself matched is the end of a longer name; at the start of
             * a sentence only when that word is a known name word */
            if (r.u1 - r.u0 == 1 && !ba.fuzzy && r.u0 > 0 && !title_case &&
                (sc->nr == 0 || sc->r[sc->nr - 1].u1 != r.u0)) {
                const unit *p = &sc->u[r.u0 - 1];
                if (p->cap && p->alpha && p->word != sc->u[r.u0].word &&
                    (r.u0 > 1 || is_name_word(d, p->id))) {
                    i = r.u1;
                    continue;
                }
            }
            const pl_capital *capital = (pl_dict_node_flags(d, r.node) & PL_ACTOR_CAPITAL) && !r.fuzzy
                                            ? find_capital(d, r.node)
                                            : NULL;
            if (capital) {
                if (!capital_acts(doc, sc, r.u0, r.u1)) {
                    i = r.u1;
                    continue;
                }
                char *code = pl_arena_alloc(doc->arena, 7);
                if (!code)
                    return PARLEY_ERR_NOMEM;
                memcpy(code, capital->country, 3);
                memcpy(code + 3, "GOV", 4);
                r.kind = K_CAPITAL;
                r.code = code;
            } else {
                r.kind = K_ACTOR;
                r.code = pl_dict_resolve(d, d->actors_trie.value[r.node], date);
                if (!r.code) {
                    i = r.u1;
                    continue;
                }
            }
        } else if (bg.end > 0) {
            /* with tags: an agent before a noun modifies it (a spy balloon) */
            if (bg.end < sc->nu && sc->u[bg.end].word != sc->u[bg.end - 1].word &&
                doc->words[sc->u[bg.end].word].upos == PL_UPOS_NOUN) {
                i = bg.end;
                continue;
            }
            r.u1 = bg.end;
            r.kind = K_AGENT;
            r.agent = &d->agents[d->agents_trie.value[bg.node]];
        } else {
            i++;
            continue;
        }
        if (add_raw(sc, &cap, &r) != PARLEY_OK)
            return PARLEY_ERR_NOMEM;
        i = r.u1;
    }
    return PARLEY_OK;
}

/* Agents take the country of their noun phrase; a person named right
 * after a title or country absorbs it. */
static parley_status compose_all(parley_doc *doc, scratch *sc)
{
    for (size_t k = 0; k < sc->nr; k++) {
        raw *r = &sc->r[k];
        if (r->kind != K_AGENT)
            continue;
        raw *left = NULL;
        for (size_t j = k; j-- > 0;) {
            if (sc->r[j].dead)
                continue;
            if (sc->r[j].kind != K_AGENT && np_gap(sc, sc->r[j].u1, r->u0))
                left = &sc->r[j];
            break;
        }
        if (left) {
            r->code = compose(doc->arena, left->code, r->agent);
            if (!r->code)
                return PARLEY_ERR_NOMEM;
            r->u0 = left->u0;
            left->dead = 1;
            continue;
        }
        /* Ministry of Foreign Affairs of China: AGENT of [the] COUNTRY */
        raw *right = k + 1 < sc->nr ? &sc->r[k + 1] : NULL;
        if (right && right->kind != K_AGENT && r->u1 < sc->nu && r->u1 < right->u0) {
            uint32_t g = r->u1;
            bool of = sc->u[g].len == 2 && memcmp(sc->u[g].up, "OF", 2) == 0;
            bool the = g + 1 < right->u0 && sc->u[g + 1].len == 3 &&
                       memcmp(sc->u[g + 1].up, "THE", 3) == 0;
            if (of && (right->u0 == g + 1 || (the && right->u0 == g + 2))) {
                r->code = compose(doc->arena, right->code, r->agent);
                if (!r->code)
                    return PARLEY_ERR_NOMEM;
                r->u1 = right->u1;
                right->dead = 1;
                k++;
                continue;
            }
        }
        r->dead = 1; /* "the Foreign Ministry" alone names no actor */
    }
    /* US Secretary of State Antony Blinken: one mention, the person's code */
    for (size_t k = 1; k < sc->nr; k++) {
        raw *r = &sc->r[k];
        if (r->dead || r->kind != K_ACTOR)
            continue;
        size_t j = k;
        while (j-- > 0 && sc->r[j].dead)
            ;
        if (j >= k || sc->r[j].dead || sc->r[j].u1 != r->u0)
            continue;
        raw *l = &sc->r[j];
        bool title = l->kind == K_AGENT || l->kind == K_ACTOR;
        if (title && strlen(r->code) >= 6 && strncmp(l->code, r->code, 3) == 0) {
            r->u0 = l->u0;
            l->dead = 1;
        }
    }
    return PARLEY_OK;
}

/* The mention's syntactic head: with a parse, the word of [w0, w1) whose
 * head lies outside the span; else the last word that is not a possessive. */
static uint32_t span_head(const parley_doc *doc, const pl_sentence *s, uint32_t w0, uint32_t w1)
{
    for (uint32_t w = w0; w < w1; w++) {
        int32_t h = doc->words[w].head;
        if (h < 0)
            break; /* not parsed */
        uint32_t hw = h == 0 ? UINT32_MAX : s->word0 + (uint32_t)h - 1;
        if (hw < w0 || hw >= w1)
            return w;
    }
    uint32_t last = w1 - 1;
    const char *f = doc->words[last].norm ? doc->words[last].norm : doc->words[last].form;
    if (last > w0 && f && (strcmp(f, "'s") == 0 || strcmp(f, "'") == 0))
        last--;
    return last;
}

parley_status pl_dict_find_actors(const parley_dict *d, parley_doc *doc, size_t sent,
                                  const char *date, pl_mention **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    if (!d || !doc || sent >= doc->nsents)
        return pl_error(PARLEY_ERR_ARG, "pl_dict_find_actors: no sentence %zu", sent);
    const pl_sentence *s = &doc->sents[sent];
    if (s->nwords == 0)
        return PARLEY_OK;
    scratch sc = {0};
    parley_status rc = build_units(d, doc, s, &sc);
    int32_t di = date_int(date);
    if (rc == PARLEY_OK)
        rc = scan(d, doc, &sc, di);
    if (rc == PARLEY_OK)
        rc = compose_all(doc, &sc);
    size_t live = 0;
    for (size_t k = 0; rc == PARLEY_OK && k < sc.nr; k++)
        live += !sc.r[k].dead;
    pl_mention *m = NULL;
    if (rc == PARLEY_OK && live > 0) {
        m = pl_arena_alloc(doc->arena, live * sizeof *m);
        if (!m)
            rc = PARLEY_ERR_NOMEM;
    }
    size_t o = 0;
    for (size_t k = 0; rc == PARLEY_OK && k < sc.nr; k++) {
        const raw *r = &sc.r[k];
        if (r->dead)
            continue;
        const unit *a = &sc.u[r->u0], *b = &sc.u[r->u1 - 1];
        pl_mention *x = &m[o++];
        x->sent = (uint32_t)sent;
        x->w0 = a->word;
        x->w1 = b->word + 1;
        x->start = a->start;
        x->end = b->end;
        x->code = r->code;
        x->match = r->fuzzy                ? PL_MATCH_FUZZY
                   : r->kind == K_CAPITAL  ? PL_MATCH_PLACE
                   : r->kind == K_AGENT    ? PL_MATCH_AGENT
                                           : PL_MATCH_EXACT;
        x->head = span_head(doc, s, x->w0, x->w1);
    }
    pl_free(sc.u);
    pl_free(sc.r);
    pl_free(sc.text);
    if (rc != PARLEY_OK)
        return pl_error(rc, "out of memory matching actors");
    *out = m;
    *n = o;
    return PARLEY_OK;
}

/* ---------------------------------------------------------------------- */
/* Public: all mentions of a document. */

struct parley_mentions {
    pl_mention *m;
    size_t n;
};

PARLEY_API parley_status parley_dict_find_mentions(const parley_dict *d, parley_doc *doc,
                                                   const char *date, parley_mentions **out)
{
    if (!d || !doc || !out)
        return pl_error(PARLEY_ERR_ARG, "parley_dict_find_mentions: NULL argument");
    *out = NULL;
    if (!date || !*date)
        date = doc->date;
    parley_mentions *ms = pl_calloc(1, sizeof *ms);
    if (!ms)
        return pl_error(PARLEY_ERR_NOMEM, "out of memory");
    size_t cap = 0;
    for (size_t s = 0; s < doc->nsents; s++) {
        pl_mention *m;
        size_t n;
        parley_status rc = pl_dict_find_actors(d, doc, s, date, &m, &n);
        if (rc == PARLEY_OK && n > 0)
            rc = pl_grow((void **)&ms->m, &cap, ms->n + n, sizeof *ms->m, (size_t)1 << 28);
        if (rc != PARLEY_OK) {
            parley_mentions_free(ms);
            return rc;
        }
        if (n > 0) {
            memcpy(ms->m + ms->n, m, n * sizeof *m);
            ms->n += n;
        }
    }
    *out = ms;
    return PARLEY_OK;
}

PARLEY_API size_t parley_mentions_count(const parley_mentions *m) { return m ? m->n : 0; }

PARLEY_API parley_status parley_mention_get(const parley_mentions *m, size_t i, size_t *sentence,
                                            size_t *start, size_t *end, const char **code,
                                            const char **match)
{
    if (!m || i >= m->n)
        return pl_error(PARLEY_ERR_ARG, "parley_mention_get: no mention %zu", i);
    const pl_mention *x = &m->m[i];
    static const char *const names[] = {"", "exact", "agent", "place", "fuzzy"};
    if (sentence)
        *sentence = x->sent;
    if (start)
        *start = x->start;
    if (end)
        *end = x->end;
    if (code)
        *code = x->code;
    if (match)
        *match = x->match <= PL_MATCH_FUZZY ? names[x->match] : "";
    return PARLEY_OK;
}

PARLEY_API void parley_mentions_free(parley_mentions *m)
{
    if (!m)
        return;
    pl_free(m->m);
    pl_free(m);
}
