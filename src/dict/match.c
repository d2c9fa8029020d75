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
#define MAX_SCRATCH ((size_t)1 << 24) /* units or matches of one sentence */

/* A matching unit: a word, or a part of a hyphenated word. */
typedef struct unit {
    uint32_t word;       /* doc word index */
    uint32_t wlast;      /* last doc word (> word when hyphenated tokens were joined) */
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
    uint32_t actor;     /* actor record chain of a name, PL_NONE otherwise */
    uint8_t surname;    /* a person named again by surname (pl_dict_find_actors_doc) */
    uint8_t place_base; /* a capital as a place that only lends its country to an agent */
    uint8_t dead;       /* absorbed or rejected */
} raw;

typedef struct scratch {
    unit *u;
    size_t nu;
    raw *r;
    size_t nr;
    char *text; /* folded unit strings */
    size_t tail; /* offset of the free half of text (joined strings) */
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
    if (pl_grow((void **)&sc->u, cap, sc->nu + 1, sizeof *sc->u, MAX_SCRATCH))
        return PARLEY_ERR_NOMEM;
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
    /* the second half holds the strings of hyphen-joined units (join_hyphens) */
    sc->text = pl_malloc(2 * total + 1);
    if (!sc->text)
        return PARLEY_ERR_NOMEM;
    sc->tail = total;
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
        u.wlast = wi;
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

/* The country part of code[0, n) for composing with an agent: a country
 * with a role (USAGOV) gives its country (USA); IGOs, NGOs and other
 * non-state codes stay whole. */
static size_t country_part(const char *code, size_t n)
{
    if (n <= 3)
        return n;
    static const char *const whole[] = {"IGO", "NGO", "IMG", "MNC", "NGM", "UIS", "INT", NULL};
    for (const char *const *p = whole; *p; p++)
        if (strncmp(code, *p, 3) == 0)
            return n;
    return 3;
}

/* A code being built: CAMEO codes are short, longer ones are cut. */
#define MAX_CODE 64
typedef struct codebuf {
    char s[MAX_CODE];
    size_t n;
} codebuf;

/* Add an agent's role to a code: [~GOV] appends its three-letter parts,
 * each unless the code already ends with it (White House + official:
 * USAGOV, not USAGOVGOV); [IGO~] puts its code in front. */
static void add_role(codebuf *c, const pl_agent *ag)
{
    size_t m = strlen(ag->code);
    if (ag->prefix) {
        if ((c->n >= m && memcmp(c->s, ag->code, m) == 0) || c->n + m >= MAX_CODE)
            return;
        memmove(c->s + m, c->s, c->n);
        memcpy(c->s, ag->code, m);
        c->n += m;
        c->s[c->n] = '\0';
        return;
    }
    for (size_t i = 0; i < m; i += 3) {
        size_t t = m - i < 3 ? m - i : 3;
        if (c->n >= t && memcmp(c->s + c->n - t, ag->code + i, t) == 0)
            continue;
        if (c->n + t >= MAX_CODE)
            return;
        memcpy(c->s + c->n, ag->code + i, t);
        c->n += t;
        c->s[c->n] = '\0';
    }
}

static bool is_possessive(const unit *u)
{
    return (u->len == 2 && memcmp(u->up, "'S", 2) == 0) || (u->len == 1 && u->up[0] == '\'');
}

/* Coordinators inside a noun phrase. */
static const char *const conjunctions[] = {"AND", "OR", ",", NULL};
static const char *const and_or[] = {"AND", "OR", NULL};

/* Could the word of unit u modify a noun? With tags: an adjective, noun,
 * proper noun, number or adverb ("first Deputy", "awful", "national
 * security"); without: any word of letters. */
static bool gap_word(const parley_doc *doc, const unit *u)
{
    if (!u->alpha || unit_is(u, np_stop))
        return false;
    const pl_word *w = &doc->words[u->word];
    switch (w->upos) {
    case PL_UPOS_NONE:
    case PL_UPOS_ADJ:
    case PL_UPOS_NOUN:
    case PL_UPOS_PROPN:
    case PL_UPOS_NUM:
    case PL_UPOS_ADV:
    case PL_UPOS_X:
        return true;
    default:
        return false;
    }
}

/* Units between two matches that keep them in one noun phrase: at most
 * MAX_GAP modifier words, possessives, and "and", "or" or a comma between
 * two lower-case modifiers ("Ithilen's awful and evil minister"). */
static bool np_gap(const parley_doc *doc, const scratch *sc, uint32_t from, uint32_t to)
{
    if (to < from)
        return false;
    uint32_t words = 0;
    for (uint32_t k = from; k < to; k++) {
        const unit *u = &sc->u[k];
        if (is_possessive(u))
            continue;
        if (unit_is(u, conjunctions)) {
            if (k == from || k + 1 >= to || sc->u[k - 1].cap || !gap_word(doc, &sc->u[k - 1]) ||
                sc->u[k + 1].cap || !gap_word(doc, &sc->u[k + 1]))
                return false;
            continue;
        }
        if (!gap_word(doc, u) || ++words > MAX_GAP)
            return false;
    }
    return true;
}

/* Units between two coordinated parts of a noun phrase: "and", "or", a
 * comma, ", and", each optionally followed by "the". */
static bool coord_gap(const scratch *sc, uint32_t from, uint32_t to)
{
    uint32_t k = from;
    bool any = false;
    if (k < to && sc->u[k].len == 1 && sc->u[k].up[0] == ',') {
        k++;
        any = true;
    }
    if (k < to && unit_is(&sc->u[k], and_or)) {
        k++;
        any = true;
    }
    if (any && k < to && sc->u[k].len == 3 && memcmp(sc->u[k].up, "THE", 3) == 0)
        k++;
    return any && k == to;
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
    if (pl_grow((void **)&sc->r, cap, sc->nr + 1, sizeof *sc->r, MAX_SCRATCH))
        return PARLEY_ERR_NOMEM;
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

/* Does the agent match of units [u0, u1) ending at trie node `node` hold
 * when each unit is taken as written, or without a possessive ending? The
 * agents file generates an agent's plurals itself and `{}` forbids them
 * (POLICE {}), so the singular alternative of a unit must not make a
 * match there. */
static bool agent_plural_ok(const parley_dict *d, const scratch *sc, uint32_t u0, uint32_t u1,
                            uint32_t node)
{
    uint32_t n = 0;
    for (uint32_t k = u0; k < u1; k++) {
        const unit *u = &sc->u[k];
        uint32_t c = pl_trie_child(&d->agents_trie, n, u->id);
        bool poss = u->len > 1 && (u->up[u->len - 1] == '\'' ||
                                   (u->len > 2 && memcmp(u->up + u->len - 2, "'S", 2) == 0));
        if (c == PL_NONE && poss)
            c = pl_trie_child(&d->agents_trie, n, u->alt);
        if (c == PL_NONE)
            return false;
        n = c;
    }
    return n == node;
}

/* Capitalized words that are no names. */
static const char *const not_names[] = {
    "MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY", "JANUARY",
    "FEBRUARY", "MARCH", "APRIL", "MAY", "JUNE", "JULY", "AUGUST", "SEPTEMBER", "OCTOBER",
    "NOVEMBER", "DECEMBER", NULL};

/* With tags: do the units from i on hold one to three lower-case nouns
 * and then a capitalized proper noun that starts no match ("news agency
 * WFNA")? The unit after the name, else 0. */
static uint32_t described_name(const parley_dict *d, const parley_doc *doc, scratch *sc,
                               uint32_t i, int32_t date)
{
    uint32_t e = i;
    while (e < sc->nu && e - i < 3 && !sc->u[e].cap && sc->u[e].alpha &&
           doc->words[sc->u[e].word].upos == PL_UPOS_NOUN)
        e++;
    if (e == i)
        return 0;
    uint32_t n = e;
    while (n < sc->nu && sc->u[n].cap && sc->u[n].alpha &&
           doc->words[sc->u[n].word].upos == PL_UPOS_PROPN && !unit_is(&sc->u[n], not_names) &&
           !starts_match(d, sc, n, date))
        n++;
    return n > e ? n : 0;
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
        /* POLICES: the agents file lists an agent's plurals itself */
        if (bg.end > 0 && !agent_plural_ok(d, sc, (uint32_t)i, bg.end, bg.node))
            bg.end = 0;
        raw r = {0};
        r.actor = PL_NONE;
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
                bool acts = capital_acts(doc, sc, r.u0, r.u1);
                /* Moscow police, the Berlin court, Kabul officials: a capital that does
                 * not act but modifies an agent right after it gives that agent its
                 * country (as a demonym would); alone it stays a place (dropped below,
                 * in place_bases_die, when no agent took it) */
                best next = {0, 0, 0};
                if (!acts && r.u1 < sc->nu)
                    walk(d, &d->agents_trie, false, sc, 0, r.u1, 0, false, date, &next);
                if (!acts && next.end == 0) {
                    i = r.u1;
                    continue;
                }
                char *code = pl_arena_alloc(doc->arena, 7);
                if (!code)
                    return PARLEY_ERR_NOMEM;
                memcpy(code, capital->country, 3);
                memcpy(code + 3, "GOV", 4);
                if (!acts)
                    code[3] = '\0';
                r.kind = K_CAPITAL;
                r.code = code;
                r.place_base = !acts;
            } else {
                r.kind = K_ACTOR;
                r.actor = d->actors_trie.value[r.node];
                r.code = pl_dict_resolve(d, r.actor, date);
                if (!r.code) {
                    i = r.u1;
                    continue;
                }
            }
        } else if (bg.end > 0) {
            /* with tags: an agent before a noun modifies it (a spy balloon),
             * unless that noun is an actor or agent itself (Islamist media,
             * MSF Arnor diplomat) */
            uint32_t end = bg.end;
            if (bg.end < sc->nu && sc->u[bg.end].word != sc->u[bg.end - 1].word &&
                doc->words[sc->u[bg.end].word].upos == PL_UPOS_NOUN &&
                !starts_match(d, sc, bg.end, date)) {
                /* ... but before nouns that end in a name it describes
                 * the name: "the official news agency WFNA" */
                end = described_name(d, doc, sc, bg.end, date);
                if (end == 0) {
                    i = bg.end;
                    continue;
                }
            }
            /* with tags: a verb is no agent (to spy on) */
            if (doc->words[sc->u[bg.end - 1].word].upos == PL_UPOS_VERB) {
                i = bg.end;
                continue;
            }
            r.u1 = end;
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

/* ---------------------------------------------------------------------- */
/* Composing agents with the country of their noun phrase. */

#define MAX_BASES 8  /* countries one group of agents composes with */
#define MAX_MEMBERS 8 /* agents in one group */

/* The codes a group of agents composes with: the parts of an actor's code
 * ("FRO/BIL/SAM"), each cut to its country; the parts of a composed
 * agent's code whole ("MSF Arnor diplomat": NGOARN + GOV). */
typedef struct bases {
    const char *p[MAX_BASES];
    size_t len[MAX_BASES];
    size_t n;
} bases;

static void add_bases(bases *b, const raw *r)
{
    const char *c = r->code;
    while (*c && b->n < MAX_BASES) {
        const char *slash = strchr(c, '/');
        size_t len = slash ? (size_t)(slash - c) : strlen(c);
        if (len > 0) {
            b->p[b->n] = c;
            b->len[b->n] = r->kind == K_AGENT ? len : country_part(c, len);
            b->n++;
        }
        c += len + (slash ? 1 : 0);
    }
}

/* An agent not yet composed. */
static bool free_agent(const raw *r)
{
    return !r->dead && r->kind == K_AGENT && !r->code;
}

/* May raw r give its code to an agent group? Actors, capitals and
 * composed agents, but not an agent without a country. */
static bool is_base(const raw *r)
{
    if (r->dead)
        return false;
    if (r->kind != K_AGENT)
        return r->code != NULL;
    return r->code && strncmp(r->code, "---", 3) != 0;
}

static size_t live_before(const scratch *sc, size_t k)
{
    while (k-- > 0)
        if (!sc->r[k].dead)
            return k;
    return SIZE_MAX;
}

static size_t live_after(const scratch *sc, size_t k)
{
    for (k++; k < sc->nr; k++)
        if (!sc->r[k].dead)
            return k;
    return SIZE_MAX;
}

/* A group of agents: raws [first, last], runs of adjacent agents (stacks:
 * "Islamist media") joined by and/or/commas ("media and government"). */
typedef struct group {
    size_t first, last;
} group;

/* Give the group the codes of every member with every base (no base: no
 * country, "---"): the first stack's leading agents modify every member
 * ("Danish Islamist media and government": DNKMUSMED/DNKMUSGOV). The
 * group becomes one mention, from u0 to u1, on its first raw. */
static parley_status compose_group(parley_doc *doc, scratch *sc, const group *g, const bases *b,
                                   uint32_t u0, uint32_t u1)
{
    size_t idx[MAX_MEMBERS], n = 0;
    for (size_t k = g->first; k <= g->last && n < MAX_MEMBERS; k++)
        if (free_agent(&sc->r[k]))
            idx[n++] = k;
    size_t stack1 = 1; /* agents in the first stack */
    while (stack1 < n && sc->r[idx[stack1]].u0 == sc->r[idx[stack1 - 1]].u1)
        stack1++;
    char out[MAX_MEMBERS * MAX_BASES * (MAX_CODE + 1)];
    size_t on = 0;
    size_t nb = b->n ? b->n : 1;
    /* members: the head of the first stack, then each later stack */
    for (size_t m0 = stack1 - 1; m0 < n;) {
        size_t m1 = m0 + 1;
        while (m0 >= stack1 && m1 < n && sc->r[idx[m1]].u0 == sc->r[idx[m1 - 1]].u1)
            m1++;
        for (size_t q = 0; q < nb; q++) {
            codebuf c = {{0}, 0};
            if (b->n) {
                memcpy(c.s, b->p[q], b->len[q] < MAX_CODE ? b->len[q] : MAX_CODE - 1);
                c.n = strlen(c.s);
            }
            bool prefix = false;
            for (size_t k = 0; k + 1 < stack1; k++) {
                add_role(&c, sc->r[idx[k]].agent);
                prefix |= sc->r[idx[k]].agent->prefix;
            }
            for (size_t k = m0; k < m1; k++) {
                add_role(&c, sc->r[idx[k]].agent);
                prefix |= sc->r[idx[k]].agent->prefix;
            }
            char code[MAX_CODE + 3];
            /* no country: "---GOV"; an [IGO~] agent is a whole code */
            int len = snprintf(code, sizeof code, "%s%s", !b->n && !prefix ? "---" : "", c.s);
            /* the same code twice ("police and police") once */
            bool dup = false;
            for (size_t o = 0; o < on && !dup;) {
                size_t e = o;
                while (e < on && out[e] != '/')
                    e++;
                dup = e - o == (size_t)len && memcmp(out + o, code, (size_t)len) == 0;
                o = e + 1;
            }
            if (!dup && on + (size_t)len + 1 < sizeof out) {
                if (on)
                    out[on++] = '/';
                memcpy(out + on, code, (size_t)len);
                on += (size_t)len;
            }
        }
        m0 = m0 < stack1 ? stack1 : m1;
    }
    raw *r = &sc->r[idx[0]];
    r->code = pl_arena_strndup(doc->arena, out, on);
    if (!r->code)
        return PARLEY_ERR_NOMEM;
    r->u0 = u0;
    r->u1 = u1;
    for (size_t k = 1; k < n; k++)
        sc->r[idx[k]].dead = 1;
    return PARLEY_OK;
}

/* Prepositions that tie an agent to the country after it. */
static const char *const agent_preps[] = {"OF", "FROM", "IN", NULL};

/* The live raw giving a country to the group from the left ("Chinese
 * Foreign Ministry", "Biden's national security adviser"), or SIZE_MAX. */
static size_t left_base(const parley_doc *doc, const scratch *sc, size_t first)
{
    size_t j = live_before(sc, first);
    if (j != SIZE_MAX && is_base(&sc->r[j]) && np_gap(doc, sc, sc->r[j].u1, sc->r[first].u0))
        return j;
    return SIZE_MAX;
}

/* Without tags, is the group of agents [first, last] a verb or a noun
 * modifier rather than a noun phrase of its own: after "to" (to spy on),
 * or before a lower-case word that is no stop word and starts no match
 * (military aircraft, media reports)? */
static bool untagged_modifier(const parley_doc *doc, const scratch *sc, size_t first, size_t last)
{
    uint32_t u0 = sc->r[first].u0, u1 = sc->r[last].u1;
    if (doc->words[sc->u[u0].word].upos != PL_UPOS_NONE)
        return false;
    if (u0 > 0 && sc->u[u0 - 1].len == 2 && memcmp(sc->u[u0 - 1].up, "TO", 2) == 0)
        return true;
    if (u1 >= sc->nu || sc->u[u1].cap || !sc->u[u1].alpha || unit_is(&sc->u[u1], np_stop) ||
        sc->u[u1].word == sc->u[u1 - 1].word)
        return false;
    for (size_t k = 0; k < sc->nr; k++)
        if (sc->r[k].u0 == u1)
            return false;
    return true;
}

/* Is raw k an actor whose last word is tagged as an adjective (Russian)? */
static bool adjective_actor(const parley_doc *doc, const scratch *sc, size_t k)
{
    const raw *r = &sc->r[k];
    return !r->dead && r->kind == K_ACTOR &&
           doc->words[sc->u[r->u1 - 1].word].upos == PL_UPOS_ADJ;
}

/* Agents take the country of their noun phrase. */
static parley_status compose_agents(parley_doc *doc, scratch *sc)
{
    /* MSF Arnor: an [NGO~] agent right before a country is its section there */
    for (size_t k = 0; k < sc->nr; k++) {
        raw *r = &sc->r[k];
        size_t q = live_after(sc, k);
        if (!free_agent(r) || !r->agent->prefix || q == SIZE_MAX || sc->r[q].kind == K_AGENT ||
            sc->r[q].u0 != r->u1 || left_base(doc, sc, k) != SIZE_MAX)
            continue;
        bases b = {{0}, {0}, 0};
        add_bases(&b, &sc->r[q]);
        group g = {k, k};
        parley_status st = compose_group(doc, sc, &g, &b, r->u0, sc->r[q].u1);
        if (st != PARLEY_OK)
            return st;
        sc->r[q].dead = 1;
    }
    group *gs = sc->nr ? pl_malloc(sc->nr * sizeof *gs) : NULL;
    if (sc->nr && !gs)
        return PARLEY_ERR_NOMEM;
    size_t ng = 0;
    for (size_t k = 0; k < sc->nr; k++) {
        if (!free_agent(&sc->r[k]))
            continue;
        group g = {k, k};
        size_t members = 1, q;
        while (members < MAX_MEMBERS && (q = live_after(sc, g.last)) != SIZE_MAX &&
               free_agent(&sc->r[q]) &&
               (sc->r[q].u0 == sc->r[g.last].u1 || coord_gap(sc, sc->r[g.last].u1, sc->r[q].u0))) {
            g.last = q;
            members++;
        }
        gs[ng++] = g;
        k = g.last;
    }
    parley_status st = PARLEY_OK;
    /* the country to the left, nearest first; with tags, coordinated
     * adjectives all count ("Russian and Ukrainian troops") */
    for (size_t i = 0; i < ng && st == PARLEY_OK; i++) {
        size_t j = left_base(doc, sc, gs[i].first);
        if (j == SIZE_MAX)
            continue;
        size_t j0 = j, p;
        while (adjective_actor(doc, sc, j0) && (p = live_before(sc, j0)) != SIZE_MAX &&
               adjective_actor(doc, sc, p) && coord_gap(sc, sc->r[p].u1, sc->r[j0].u0))
            j0 = p;
        bases b = {{0}, {0}, 0};
        for (size_t k = j0; k <= j; k++)
            if (!sc->r[k].dead)
                add_bases(&b, &sc->r[k]);
        st = compose_group(doc, sc, &gs[i], &b, sc->r[j0].u0, sc->r[gs[i].last].u1);
        for (size_t k = j0; k <= j; k++)
            sc->r[k].dead = 1;
    }
    /* AGENT of|from|in [the] COUNTRY[, COUNTRY] [and COUNTRY]: every agent
     * with every country; right to left, so "officials of the ministry of
     * Gondor" takes the composed ministry */
    for (size_t i = ng; i-- > 0 && st == PARLEY_OK;) {
        const raw *r = &sc->r[gs[i].first];
        if (!free_agent(r))
            continue;
        uint32_t e = sc->r[gs[i].last].u1;
        if (e >= sc->nu || !unit_is(&sc->u[e], agent_preps))
            continue;
        e++;
        uint32_t the = e; /* "the US State Department": the name's phrase holds "the" */
        if (e < sc->nu && sc->u[e].len == 3 && memcmp(sc->u[e].up, "THE", 3) == 0)
            e++;
        size_t q = live_after(sc, gs[i].last);
        if (q == SIZE_MAX || (sc->r[q].u0 != e && sc->r[q].u0 != the) || !is_base(&sc->r[q]))
            continue;
        bases b = {{0}, {0}, 0};
        add_bases(&b, &sc->r[q]);
        size_t end = q, q2;
        while ((q2 = live_after(sc, end)) != SIZE_MAX && is_base(&sc->r[q2]) &&
               coord_gap(sc, sc->r[end].u1, sc->r[q2].u0) && b.n < MAX_BASES) {
            add_bases(&b, &sc->r[q2]);
            end = q2;
        }
        st = compose_group(doc, sc, &gs[i], &b, r->u0, sc->r[end].u1);
        for (size_t k = q; k <= end; k++)
            if (k != gs[i].first)
                sc->r[k].dead = 1;
    }
    /* no country: "a senior official" is ---GOV */
    for (size_t i = 0; i < ng && st == PARLEY_OK; i++) {
        if (!free_agent(&sc->r[gs[i].first]))
            continue;
        if (untagged_modifier(doc, sc, gs[i].first, gs[i].last)) {
            for (size_t k = gs[i].first; k <= gs[i].last; k++)
                sc->r[k].dead = 1;
            continue;
        }
        bases b = {{0}, {0}, 0};
        st = compose_group(doc, sc, &gs[i], &b, sc->r[gs[i].first].u0, sc->r[gs[i].last].u1);
    }
    pl_free(gs);
    return st;
}

/* A named body with a country and a role (GBRMIL "Ministry of Defence", USAPTY
 * "Democratic Party", AFGREB "Taliban") right after a bare country (a name or demonym
 * coded XXX, possibly with a possessive between) of another country is that country's
 * body of the same kind: "the Russian Ministry of Defence" RUSMIL, "Italy's Democratic
 * Party" ITAPTY, "the Pakistani Taliban" PAKREB. The dictionaries list such bodies under
 * the country that has them in most English news; the adjective says otherwise. One
 * mention from the country's first word. Nothing happens for the same country, IGO/NGO
 * codes, codes without a role or "---" codes (al-Qaeda). */
static parley_status foreign_institution(parley_doc *doc, raw *l, raw *r)
{
    size_t nl = strlen(l->code), nr = strlen(r->code);
    if (nl != 3 || strncmp(l->code, "---", 3) == 0 || nr < 6 || country_part(r->code, nr) != 3 ||
        strncmp(r->code, "---", 3) == 0 || strncmp(l->code, r->code, 3) == 0 ||
        country_part(l->code, nl) != 3 || strcmp(l->code, "IGO") == 0 ||
        strcmp(l->code, "NGO") == 0)
        return PARLEY_OK;
    char *code = pl_arena_alloc(doc->arena, nr + 1);
    if (!code)
        return PARLEY_ERR_NOMEM;
    memcpy(code, l->code, 3);
    memcpy(code + 3, r->code + 3, nr - 2);
    r->code = code;
    r->u0 = l->u0;
    l->dead = 1;
    return PARLEY_OK;
}

/* Agents take the country of their noun phrase; a name right after a
 * title joins it. */
static parley_status compose_all(parley_doc *doc, scratch *sc)
{
    parley_status st = compose_agents(doc, sc);
    if (st != PARLEY_OK)
        return st;
    for (size_t k = 1; k < sc->nr; k++) {
        raw *r = &sc->r[k];
        if (r->dead || strchr(r->code, '/'))
            continue;
        if (r->kind == K_AGENT) {
            /* President Joe Biden's government: a title without a country
             * joins the composed agent right after it */
            size_t j = live_before(sc, k);
            raw *l = j == SIZE_MAX ? NULL : &sc->r[j];
            if (l && l->kind == K_AGENT && l->u1 == r->u0 && strncmp(l->code, "---", 3) == 0 &&
                !strchr(l->code, '/') && strncmp(r->code, "---", 3) != 0) {
                r->u0 = l->u0;
                l->dead = 1;
            }
            continue;
        }
        if (r->kind != K_ACTOR)
            continue;
        size_t j = live_before(sc, k);
        if (j == SIZE_MAX || strchr(sc->r[j].code, '/'))
            continue;
        raw *l = &sc->r[j];
        if (l->u1 != r->u0) {
            /* Italy's Democratic Party, Russia's Ministry of Defence */
            if (l->u1 + 1 == r->u0 && is_possessive(&sc->u[l->u1]) && l->kind == K_ACTOR &&
                !r->fuzzy) {
                parley_status st2 = foreign_institution(doc, l, r);
                if (st2 != PARLEY_OK)
                    return st2;
            }
            continue;
        }
        bool person = strlen(r->code) >= 6;
        bool bare_title = l->kind == K_AGENT && strncmp(l->code, "---", 3) == 0;
        if (person && l->kind == K_ACTOR && !r->fuzzy && strncmp(l->code, r->code, 3) != 0) {
            /* the Italian Democratic Party, Pakistani Taliban, Israeli Labour Party */
            parley_status st2 = foreign_institution(doc, l, r);
            if (st2 != PARLEY_OK)
                return st2;
        } else if (person && (bare_title || strncmp(l->code, r->code, 3) == 0)) {
            /* US Secretary of State Antony Blinken, Foreign Minister Wang
             * Yi: one mention, the person's code */
            r->u0 = l->u0;
            l->dead = 1;
        } else if (!person && l->kind == K_AGENT) {
            /* Bree Prime Minister Romendacil, Prime Minister Romendacil: a
             * name whose code has no role takes the title's (with the
             * name's country when the title has none) */
            if (bare_title) {
                size_t n = country_part(r->code, strlen(r->code));
                size_t m = strlen(l->code + 3);
                char *code = pl_arena_alloc(doc->arena, n + m + 1);
                if (!code)
                    return PARLEY_ERR_NOMEM;
                memcpy(code, r->code, n);
                memcpy(code + n, l->code + 3, m + 1);
                l->code = code;
            }
            l->u1 = r->u1;
            r->dead = 1;
        }
    }
    return PARLEY_OK;
}

/* Dol_Amroth: a unit unknown as a whole whose words are joined with '_'
 * (the dictionaries' own way of joining words, which texts copy) is
 * matched as its words, each with its byte span when the unit is the
 * text verbatim. */
static parley_status split_joined(const parley_dict *d, const parley_doc *doc, scratch *sc)
{
    size_t extra = 0;
    for (size_t i = 0; i < sc->nu; i++) {
        const unit *u = &sc->u[i];
        if (u->id == PL_NONE && u->alt == PL_NONE && u->len > 2)
            for (uint32_t k = 1; k + 1 < u->len; k++)
                extra += u->up[k] == '_';
    }
    if (extra == 0)
        return PARLEY_OK;
    unit *nu = pl_malloc((sc->nu + extra) * sizeof *nu);
    if (!nu)
        return PARLEY_ERR_NOMEM;
    size_t n = 0;
    for (size_t i = 0; i < sc->nu; i++) {
        const unit *u = &sc->u[i];
        if (u->id != PL_NONE || u->alt != PL_NONE || u->len <= 2 || !memchr(u->up + 1, '_', u->len - 2)) {
            nu[n++] = *u;
            continue;
        }
        bool verbatim = u->end - u->start == u->len;
        uint32_t p0 = 0;
        while (p0 < u->len) {
            const char *q = memchr(u->up + p0, '_', u->len - p0);
            uint32_t p1 = q ? (uint32_t)(q - u->up) : u->len;
            if (p1 > p0) {
                unit v = *u;
                v.up = u->up + p0;
                v.len = p1 - p0;
                v.id = pl_words_find(&d->words, v.up, v.len);
                v.alt = alt_id(d, v.up, v.len);
                v.alpha = all_alpha(v.up, v.len);
                v.nfuzzy = -1;
                if (verbatim) {
                    v.start = u->start + p0;
                    v.end = u->start + p1;
                    v.cap = doc->text[v.start] >= 'A' && doc->text[v.start] <= 'Z';
                }
                nu[n++] = v;
            }
            p0 = p1 + 1;
        }
    }
    pl_free(sc->u);
    sc->u = nu;
    sc->nu = n;
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

/* The tokenizer splits "al-Qaeda" into al, -, Qaeda, but the dictionaries write such
 * names as one word (AL-QAEDA, JEAN-YVES, AL-AQSA). Units X - Y (- Z ...) written without
 * spaces become one unit when the joined word is a dictionary word (the longest such
 * join from X wins); otherwise they stay apart (pro-Russian: PRO, -, RUSSIAN). */
static void join_hyphens(const parley_dict *d, scratch *sc)
{
    size_t o = 0;
    for (size_t i = 0; i < sc->nu;) {
        /* the chain X - Y - Z of adjacent units from i: last index of each part */
        size_t end = i;
        while (end + 2 < sc->nu && sc->u[end + 1].len == 1 && sc->u[end + 1].up[0] == '-' &&
               sc->u[end].end == sc->u[end + 1].start &&
               sc->u[end + 1].end == sc->u[end + 2].start && sc->u[end + 2].len > 0 &&
               sc->u[end + 2].up[0] != '-')
            end += 2;
        bool joined = false;
        for (size_t last = end; last > i && !joined; last -= 2) {
            size_t n = 0;
            for (size_t k = i; k <= last; k++)
                n += sc->u[k].len;
            char *buf = sc->text + sc->tail;
            size_t m = 0;
            for (size_t k = i; k <= last; k++) {
                memcpy(buf + m, sc->u[k].up, sc->u[k].len);
                m += sc->u[k].len;
            }
            buf[m] = '\0';
            uint32_t id = pl_words_find(&d->words, buf, m);
            uint32_t alt = alt_id(d, buf, m);
            if (id == PL_NONE && alt == PL_NONE)
                continue;
            unit v = sc->u[i];
            v.wlast = sc->u[last].wlast;
            v.end = sc->u[last].end;
            v.up = buf;
            v.len = (uint32_t)m;
            v.id = id;
            v.alt = alt;
            v.alpha = false;
            v.nfuzzy = -1;
            for (size_t k = i; k <= last; k++)
                v.cap |= sc->u[k].cap;
            sc->tail += m + 1;
            sc->u[o++] = v;
            i = last + 1;
            joined = true;
        }
        if (!joined && end > i) {
            /* Chen Shui-bian, Park Geun-hye: the dictionaries also write such names with
             * '_' (CHEN_SHUI_BIAN); when every part is a dictionary word the hyphens go,
             * so the parts match as consecutive words */
            bool words = true;
            for (size_t k = i; k <= end && words; k += 2)
                words = sc->u[k].id != PL_NONE || sc->u[k].alt != PL_NONE;
            if (words) {
                for (size_t k = i; k <= end; k += 2)
                    sc->u[o++] = sc->u[k];
                i = end + 1;
                continue;
            }
        }
        if (!joined)
            sc->u[o++] = sc->u[i++];
    }
    sc->nu = o;
}

/* The matching units of sentence s: its words, hyphenated names joined, then
 * "Dol_Amroth" split. */
static parley_status sentence_units(const parley_dict *d, const parley_doc *doc,
                                    const pl_sentence *s, scratch *sc)
{
    parley_status rc = build_units(d, doc, s, sc);
    if (rc == PARLEY_OK)
        join_hyphens(d, sc);
    return rc == PARLEY_OK ? split_joined(d, doc, sc) : rc;
}

/* ---------------------------------------------------------------------- */
/* Surnames: a person named in full earlier in the document, named again. */

static const char *const honorifics[] = {"MR",  "MR.",  "MRS", "MRS.", "MS",   "MS.",  "DR",
                                         "DR.", "MISS", "SIR", "DAME", "LORD", "LADY", NULL};
static const char *const calendar[] = {"JANUARY",  "FEBRUARY", "MARCH",    "APRIL",     "MAY",
                                       "JUNE",     "JULY",     "AUGUST",   "SEPTEMBER", "OCTOBER",
                                       "NOVEMBER", "DECEMBER", "MONDAY",   "TUESDAY",   "WEDNESDAY",
                                       "THURSDAY", "FRIDAY",   "SATURDAY", "SUNDAY",    NULL};

/* Does the actor chain have a dated code (a term of office)? */
static bool has_term(const parley_dict *d, uint32_t actor)
{
    for (uint32_t r = actor; r != PL_NONE; r = d->actors[r].next)
        for (uint32_t i = 0; i < d->actors[r].ncodes; i++) {
            const pl_code *c = &d->codes[d->actors[r].code0 + i];
            if (c->from != PL_DATE_MIN || c->to != PL_DATE_MAX)
                return true;
        }
    return false;
}

bool pl_dict_actor_is_person(const parley_dict *d, uint32_t actor)
{
    if (!d || actor == PL_NONE || actor >= d->nactors || !has_term(d, actor))
        return false;
    for (uint32_t r = actor; r != PL_NONE; r = d->actors[r].next)
        for (uint32_t i = 0; i < d->actors[r].ncodes; i++) {
            const char *c = d->codes[d->actors[r].code0 + i].code;
            if (strlen(c) >= 6 && strncmp(c, "---", 3) != 0)
                return true;
        }
    return false;
}

size_t pl_dict_surname(const parley_dict *d, const parley_doc *doc, const pl_mention *m, char *buf,
                       size_t cap)
{
    if (!d || !doc || !m || cap == 0 || m->actor == PL_NONE || m->actor >= d->nactors ||
        (m->match != PL_MATCH_EXACT && m->match != PL_MATCH_FUZZY) || !m->code ||
        strlen(m->code) < 6 || strncmp(m->code, "---", 3) == 0 || m->w1 <= m->w0)
        return 0;
    uint32_t last = m->w1 - 1;
    const char *f = doc->words[last].norm ? doc->words[last].norm : doc->words[last].form;
    if (last > m->w0 && f && (strcmp(f, "'s") == 0 || strcmp(f, "'") == 0 || strcmp(f, "’s") == 0))
        last--;
    if (last <= m->w0 || !pl_dict_actor_is_person(d, m->actor))
        return 0;
    const char *form = doc->words[last].form ? doc->words[last].form : "";
    if (!(form[0] >= 'A' && form[0] <= 'Z') && !((unsigned char)form[0] >= 0xC0))
        return 0;
    char up[256];
    size_t n = pl_dict_fold(form, up, sizeof up);
    if (n < 3 || n >= sizeof up || n + 1 > cap)
        return 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)up[i];
        if (!(ch >= 'A' && ch <= 'Z') && ch < 0x80 && ch != '-' && ch != '\'')
            return 0;
    }
    uint32_t id = pl_words_find(&d->words, up, n);
    if (pl_words_find(&d->common, up, n) != PL_NONE ||
        (id != PL_NONE && pl_trie_child(&d->agents_trie, 0, id) != PL_NONE))
        return 0;
    memcpy(buf, up, n);
    buf[n] = '\0';
    return n;
}

/* The most recent mention of prev whose surname is unit u's text, or NULL. */
static const pl_mention *surname_match(const parley_dict *d, const parley_doc *doc,
                                       const pl_mention *prev, size_t nprev, const unit *u)
{
    if (!u->cap || u->len < 3)
        return NULL;
    for (size_t k = nprev; k-- > 0;) {
        char buf[256];
        size_t n = pl_dict_surname(d, doc, &prev[k], buf, sizeof buf);
        if (n == u->len && memcmp(buf, u->up, n) == 0)
            return &prev[k];
    }
    return NULL;
}

static int cmp_raw(const void *a, const void *b)
{
    uint32_t x = ((const raw *)a)->u0, y = ((const raw *)b)->u0;
    return x < y ? -1 : x > y;
}

/* Units no match covers that are the surname of a person in prev become that person,
 * with an honorific before them (Mr Straw); a title before them is absorbed by the
 * composition rules (President Chirac). */
static parley_status add_surnames(const parley_dict *d, const parley_doc *doc, scratch *sc,
                                  const pl_mention *prev, size_t nprev)
{
    if (nprev == 0 || sc->nu == 0)
        return PARLEY_OK;
    uint8_t *covered = pl_calloc(sc->nu, 1);
    if (!covered)
        return PARLEY_ERR_NOMEM;
    for (size_t k = 0; k < sc->nr; k++)
        for (uint32_t i = sc->r[k].u0; i < sc->r[k].u1 && i < sc->nu; i++)
            covered[i] = 1;
    size_t cap = sc->nr, added = 0;
    parley_status st = PARLEY_OK;
    for (uint32_t i = 0; i < sc->nu && st == PARLEY_OK; i++) {
        if (covered[i])
            continue;
        /* the first word of a longer capitalized name is not the person (Chirac
         * Foundation); nor is the last (Will Straw, below) */
        if (i + 1 < sc->nu && sc->u[i + 1].cap && sc->u[i + 1].alpha && !covered[i + 1])
            continue;
        const pl_mention *p = surname_match(d, doc, prev, nprev, &sc->u[i]);
        if (!p)
            continue;
        /* In May, May said: a month or day name only after an honorific or a title */
        bool honorific = i > 0 && !covered[i - 1] && unit_is(&sc->u[i - 1], honorifics);
        bool titled = false;
        for (size_t k = 0; k < sc->nr && i > 0; k++)
            titled |= sc->r[k].u1 == i && sc->r[k].kind == K_AGENT;
        if (unit_is(&sc->u[i], calendar) && !honorific && !titled)
            continue;
        raw r = {0};
        r.u0 = i;
        r.u1 = i + 1;
        if (honorific)
            r.u0 = i - 1;
        else if (i > 0 && !covered[i - 1] && sc->u[i - 1].cap && sc->u[i - 1].alpha &&
                 sc->u[i - 1].word != sc->u[i].word &&
                 (i - 1 > 0 || is_name_word(d, sc->u[i - 1].id)))
            continue; /* Will Straw, Marc Chirac: another person (at the start of a
                       * sentence only a known name word: "Later Straw said") */
        r.kind = K_ACTOR;
        r.code = p->code;
        r.actor = p->actor;
        r.surname = 1;
        st = add_raw(sc, &cap, &r);
        added++;
    }
    pl_free(covered);
    if (st == PARLEY_OK && added > 0)
        qsort(sc->r, sc->nr, sizeof *sc->r, cmp_raw);
    return st;
}

size_t pl_dict_surname_candidates(const parley_dict *d, const parley_doc *doc, size_t sent,
                                  const pl_mention *prev, size_t nprev)
{
    if (!d || !doc || sent >= doc->nsents || nprev == 0)
        return 0;
    const pl_sentence *s = &doc->sents[sent];
    size_t n = 0;
    for (uint32_t i = 0; i < s->nwords; i++) {
        const pl_word *w = &doc->words[s->word0 + i];
        const char *form = w->form ? w->form : "";
        if (!(form[0] >= 'A' && form[0] <= 'Z') && !((unsigned char)form[0] >= 0xC0))
            continue;
        unit u = {0};
        char up[256];
        size_t len = pl_dict_fold(form, up, sizeof up);
        if (len >= sizeof up)
            continue;
        u.up = up;
        u.len = (uint32_t)len;
        u.cap = 1;
        n += surname_match(d, doc, prev, nprev, &u) != NULL;
    }
    return n;
}

parley_status pl_dict_find_actors(const parley_dict *d, parley_doc *doc, size_t sent,
                                  const char *date, pl_mention **out, size_t *n)
{
    return pl_dict_find_actors_doc(d, doc, sent, date, NULL, 0, out, n);
}

parley_status pl_dict_find_actors_doc(const parley_dict *d, parley_doc *doc, size_t sent,
                                      const char *date, const pl_mention *prev, size_t nprev,
                                      pl_mention **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    if (!d || !doc || sent >= doc->nsents)
        return pl_error(PARLEY_ERR_ARG, "pl_dict_find_actors: no sentence %zu", sent);
    const pl_sentence *s = &doc->sents[sent];
    if (s->nwords == 0)
        return PARLEY_OK;
    scratch sc = {0};
    parley_status rc = sentence_units(d, doc, s, &sc);
    int32_t di = date_int(date);
    if (rc == PARLEY_OK)
        rc = scan(d, doc, &sc, di);
    if (rc == PARLEY_OK && prev)
        rc = add_surnames(d, doc, &sc, prev, nprev);
    if (rc == PARLEY_OK)
        rc = compose_all(doc, &sc);
    /* a capital that modified no agent after all is a place, not an actor */
    for (size_t k = 0; rc == PARLEY_OK && k < sc.nr; k++)
        if (sc.r[k].place_base)
            sc.r[k].dead = 1;
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
        x->w1 = b->wlast + 1;
        x->start = a->start;
        x->end = b->end;
        x->code = r->code;
        x->match = r->surname             ? PL_MATCH_SURNAME
                   : r->fuzzy             ? PL_MATCH_FUZZY
                   : r->kind == K_CAPITAL ? PL_MATCH_PLACE
                   : r->kind == K_AGENT   ? PL_MATCH_AGENT
                                          : PL_MATCH_EXACT;
        x->head = span_head(doc, s, x->w0, x->w1);
        x->actor = r->kind == K_ACTOR ? r->actor : PL_NONE;
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
        parley_status rc = pl_dict_find_actors_doc(d, doc, s, date, ms->m, ms->n, &m, &n);
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
    static const char *const names[] = {"",      "exact",   "agent", "place",
                                        "fuzzy", "context", "coref", "surname"};
    if (sentence)
        *sentence = x->sent;
    if (start)
        *start = x->start;
    if (end)
        *end = x->end;
    if (code)
        *code = x->code;
    if (match)
        *match = x->match <= PL_MATCH_SURNAME ? names[x->match] : "";
    return PARLEY_OK;
}

PARLEY_API void parley_mentions_free(parley_mentions *m)
{
    if (!m)
        return;
    pl_free(m->m);
    pl_free(m);
}

parley_status pl_dict_actor_candidates(const parley_dict *d, const parley_doc *doc, size_t sent,
                                       const char *date, size_t enough, size_t *out)
{
    *out = 0;
    if (!d || !doc || sent >= doc->nsents)
        return pl_error(PARLEY_ERR_ARG, "pl_dict_actor_candidates: no sentence %zu", sent);
    const pl_sentence *s = &doc->sents[sent];
    if (s->nwords == 0)
        return PARLEY_OK;
    scratch sc = {0};
    parley_status rc = sentence_units(d, doc, s, &sc);
    int32_t di = date_int(date);
    size_t n = 0;
    for (size_t i = 0; rc == PARLEY_OK && i < sc.nu && n < enough; i++) {
        best ba = {0, 0, 0}, bg = {0, 0, 0};
        walk(d, &d->actors_trie, true, &sc, 0, i, sc.u[i].cap ? 1 : 0, false, di, &ba);
        if (ba.end > 0) {
            const char *code = (pl_dict_node_flags(d, ba.node) & PL_ACTOR_CAPITAL)
                                   ? NULL
                                   : pl_dict_resolve(d, d->actors_trie.value[ba.node], di);
            n += code && strchr(code, '/') ? 2 : 1;
            continue;
        }
        walk(d, &d->agents_trie, false, &sc, 0, i, 0, false, di, &bg);
        n += bg.end > 0;
    }
    pl_free(sc.u);
    pl_free(sc.r);
    pl_free(sc.text);
    if (rc != PARLEY_OK)
        return pl_error(rc, "out of memory matching actors");
    *out = n;
    return PARLEY_OK;
}
