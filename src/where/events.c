/*
 * events.c - each coded event's place: of the sentence's place names, the
 * one the parse attaches to the event's verb (through nouns and
 * prepositions, never through another clause's verb) or to its actors;
 * the actors' geography from their country codes; the output cells
 * (JSON, CSV, GDELT) the event writers call; and "is this actor mention
 * only a place here".
 */
#include "code/code.h"
#include "where/where.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

enum { PL_NEWS_LEAD = 3 }; /* the lead: sentences 1..3, after the headline */

uint32_t pl_where_word_at(const parley_doc *doc, size_t sent, uint32_t pos)
{
    const pl_sentence *S = &doc->sents[sent];
    for (uint32_t w = S->word0; w < S->word0 + S->nwords; w++)
        if (doc->words[w].start <= pos && pos < doc->words[w].end)
            return w;
    return UINT32_MAX;
}

static uint32_t head_of(const parley_doc *doc, size_t sent, uint32_t w)
{
    int32_t h = doc->words[w].head;
    if (h <= 0)
        return UINT32_MAX;
    uint32_t hw = doc->sents[sent].word0 + (uint32_t)h - 1;
    return hw < doc->sents[sent].word0 + doc->sents[sent].nwords ? hw : UINT32_MAX;
}

/* The word of [w0, w1) whose head lies outside the span. */
static uint32_t span_head(const parley_doc *doc, size_t sent, uint32_t w0, uint32_t w1)
{
    for (uint32_t w = w0; w < w1; w++) {
        uint32_t h = head_of(doc, sent, w);
        if (h == UINT32_MAX || h < w0 || h >= w1)
            return w;
    }
    return w1 - 1;
}

static bool rel_is(const pl_word *w, const char *r)
{
    if (!w->deprel)
        return false;
    size_t n = strlen(r);
    return strncmp(w->deprel, r, n) == 0 && (w->deprel[n] == '\0' || w->deprel[n] == ':');
}

/* Lower-cased form of a word's case marker child ("in", "at"), or "". */
static void case_of(const parley_doc *doc, size_t sent, uint32_t w, char *out, size_t cap)
{
    const pl_sentence *S = &doc->sents[sent];
    out[0] = '\0';
    for (uint32_t c = S->word0; c < S->word0 + S->nwords; c++) {
        if (head_of(doc, sent, c) != w || !rel_is(&doc->words[c], "case"))
            continue;
        const char *f = doc->words[c].form ? doc->words[c].form : "";
        size_t i = 0;
        for (; f[i] && i + 1 < cap; i++)
            out[i] = (char)(f[i] >= 'A' && f[i] <= 'Z' ? f[i] + 32 : f[i]);
        out[i] = '\0';
        return;
    }
}

/* Prepositions that set a scene: "in Vienna", "at the summit", "over the
 * sea". Not "to"/"from"/"with"/"against", which name who or whither. */
static const char *const scene_preps[] = {
    "in",      "at",   "near",  "outside", "inside",  "across", "throughout", "around", "within",
    "over",    "off",  "along", "during",  "amid",    "beside", "onto",       "into",   "aboard",
    "through", "from", "to",    "toward",  "towards", NULL}; /* not "by": "captured by Israel" */
/* The prepositions that set a scene beyond doubt. */
static const char *const strong_scene[] = {"in",     "at",     "near",   "outside",
                                           "inside", "around", "across", "throughout",
                                           "within", "off",    "over",   NULL};
/* Of those, the ones that name a place only loosely (direction, origin). */
static const char *const weak_preps[] = {"from", "to",   "toward",  "towards",
                                         "into", "onto", "through", NULL};

/* Is word w (a clause's verb) subordinated by a marker ("after he
 * crossed", "while fighting erupted") or a "when"/"where" (EWT tags those
 * advmod, not mark)? */
static bool has_mark(const parley_doc *doc, size_t sent, uint32_t w)
{
    static const char *const wh[] = {"when", "where", "whenever", "wherever", "while", NULL};
    const pl_sentence *S = &doc->sents[sent];
    for (uint32_t c = S->word0; c < S->word0 + S->nwords; c++) {
        if (head_of(doc, sent, c) != w)
            continue;
        const pl_word *x = &doc->words[c];
        if (rel_is(x, "mark"))
            return true;
        char low[16];
        size_t i = 0;
        for (; x->form && x->form[i] && i + 1 < sizeof low; i++)
            low[i] = (char)(x->form[i] >= 'A' && x->form[i] <= 'Z' ? x->form[i] + 32 : x->form[i]);
        low[i] = '\0';
        if (rel_is(x, "advmod") && c < w && pl_where_in_list(low, wh))
            return true;
    }
    return false;
}

/* How strongly place p is the setting of the event whose verb is word v
 * in sentence s; actors' head words in act (NONE when absent). The place
 * must lie in the verb's subtree; each arc up to the verb costs a little,
 * a preposition that sets a scene ("in", "at", "over") on the place or a
 * noun between gains, and a subject on the way or another clause's verb
 * costs much ("Speaking from Berlin, he condemned the fighting in Homs":
 * the condemning is not placed in Berlin). Returns < 0 when it is not. */
static float attach_score(const pl_gaz *g, const parley_doc *doc, size_t s, const pl_place *p,
                          uint32_t v, const uint32_t act[2], float *spec)
{
    *spec = 0;
    uint32_t h = span_head(doc, s, p->w0, p->w1);
    char cs[16];
    case_of(doc, s, h, cs, sizeof cs);
    bool scene = cs[0] && pl_where_in_list(cs, scene_preps);
    bool weak = cs[0] && pl_where_in_list(cs, weak_preps);
    /* the place is an actor: a setting only when a preposition says so, and
     * not "from" ("threats from Beijing" come from an actor; "traveled to
     * China" goes to a place) */
    for (int q = 0; q < 2; q++)
        if (act[q] != UINT32_MAX && act[q] >= p->w0 && act[q] < p->w1 &&
            (!scene || strcmp(cs, "from") == 0))
            return -1;
    float score = 10;
    bool object = false;
    uint32_t w = h;
    int steps = 0;
    while (w != UINT32_MAX && w != v && steps < 12) {
        const pl_word *x = &doc->words[w];
        /* a place that modifies an actor ("the Prime Minister of Tunisia",
         * "the navies of China", "the ambassador to the US", "Soleimani,
         * head of Iran's Quds Force") says who, not where; "journalists in
         * North Korea" may still be placed there */
        if (w != h && (w == act[0] || w == act[1]) &&
            (rel_is(&doc->words[h], "nmod:poss") ||
             (rel_is(&doc->words[h], "nmod") &&
              (!scene || !strcmp(cs, "from") || !strcmp(cs, "to")))))
            return -1;
        uint32_t up = head_of(doc, s, w);
        if (up == v && w == h && rel_is(x, "nsubj:pass")) {
            object = true; /* "Rio de Janeiro is captured", "the Gulf is patrolled" */
        } else if (rel_is(x, "nsubj") || rel_is(x, "csubj")) {
            if (w == h)
                score -= up == v ? 20 : 5; /* "San Antonio captured" */
            else
                score -= scene ? 1 : 5; /* "operations in Spain have captured" / "a national who" */
        }
        if (up == v && rel_is(x, "obj"))
            object = true; /* "captured Goma", "patrolling the streets of Bucharest" */
        if (w != h && (x->upos == PL_UPOS_VERB || x->upos == PL_UPOS_AUX)) {
            /* through another clause's verb */
            if (rel_is(x, "advcl"))
                score -=
                    has_mark(doc, s, w) ? 2 : 8; /* "when a bomb exploded in" / "Speaking from" */
            else if (rel_is(x, "acl"))
                score -= 4;
            else
                score -= 6;
        }
        if (w != h && !scene && (x->upos == PL_UPOS_PROPN || x->upos == PL_UPOS_NOUN)) {
            /* a noun on the way: "the fighting in Homs", "sidelines of the X Conference" */
            char c2[16];
            case_of(doc, s, w, c2, sizeof c2);
            /* "on" too: "on the sidelines of", "on the outskirts of" (not on
             * the name itself: "a tough stance on Beijing") */
            if (c2[0] && (pl_where_in_list(c2, scene_preps) || strcmp(c2, "on") == 0)) {
                scene = true;
                weak = pl_where_in_list(c2, weak_preps);
            }
        }
        w = up;
        steps++;
    }
    if (w != v)
        return -1; /* not in the verb's subtree */
    score -= (float)steps * 0.5f;
    if (scene)
        score += weak ? 1 : 3;
    else if (!object)
        return -1; /* "disagreements between Washington and Beijing": no setting */
    /* the narrower place is the setting: "a village near Nablus", "the
     * East Ghouta region of rural Damascus" (a name the gazetteer lacks
     * is a small place) */
    const pl_gentry *e = p->entry == PL_PLACE_UNRESOLVED ? NULL : pl_gaz_entry(g, p->entry);
    if (!e)
        *spec = 6.0f;
    else if (e->kind == PL_GK_CITY)
        *spec = 4.5f;
    else if (e->kind == PL_GK_ADM2)
        *spec = 3.0f;
    else if (e->kind == PL_GK_ADM1 || e->kind == PL_GK_REGION || e->kind == PL_GK_WATER)
        *spec = 1.5f;
    /* of "Baghdad's Green Zone", "the Colombo suburb of Nugegoda", the
     * narrower place: a possessor or a modifier yields to the noun's own */
    const pl_word *hw = &doc->words[h];
    static const char *const kind_nouns[] = {"province", "city",   "town",        "village",
                                             "district", "region", "state",       "county",
                                             "area",     "island", "governorate", NULL};
    uint32_t hh = head_of(doc, s, h);
    bool kind = rel_is(hw, "compound") && hh != UINT32_MAX && doc->words[hh].lemma &&
                pl_where_in_list(doc->words[hh].lemma, kind_nouns); /* "the Helmand province" */
    if ((rel_is(hw, "nmod:poss") || rel_is(hw, "compound") || rel_is(hw, "amod")) && !kind)
        score -= 1.5f;
    return score;
}

/* When the parse attaches no place to the verb (often a parse error:
 * "In Hamburg, about 400 people marched" parsed with Hamburg as the root),
 * the sentence's scene: the place nearest the verb that a scene
 * preposition governs ("in", "at", "near"...), not an actor of the event. */
static int scene_fallback(const parley_doc *doc, const pl_places *ps, size_t s, uint32_t v,
                          const uint32_t act[2])
{
    const char *const *strong = strong_scene;
    int best = -1;
    uint32_t bd = UINT32_MAX;
    for (size_t i = 0; i < ps->n; i++) {
        const pl_place *p = &ps->p[i];
        if (p->sent != s || p->demonym || (v >= p->w0 && v < p->w1))
            continue;
        bool actor = false;
        for (int q = 0; q < 2; q++)
            actor |= act[q] != UINT32_MAX && act[q] >= p->w0 && act[q] < p->w1;
        char cs[16];
        case_of(doc, s, span_head(doc, s, p->w0, p->w1), cs, sizeof cs);
        if (actor || !cs[0] || !pl_where_in_list(cs, strong))
            continue;
        /* not the scene of a clause that reports this one: "Blinken said in
         * Washington that China attacked" places the saying, not the attack */
        uint32_t pv = span_head(doc, s, p->w0, p->w1);
        while (pv != UINT32_MAX && doc->words[pv].upos != PL_UPOS_VERB)
            pv = head_of(doc, s, pv);
        bool reported = false;
        for (uint32_t a = v; a != UINT32_MAX && a != pv;) {
            const pl_word *x = &doc->words[a];
            if (rel_is(x, "ccomp") || rel_is(x, "parataxis") || rel_is(x, "csubj"))
                reported = true;
            a = head_of(doc, s, a);
            if (a == pv && !reported)
                break;
        }
        if (reported && pv != UINT32_MAX)
            continue;
        /* a fronted scene ("In Hamburg, 400 people marched", whatever the
         * parse made of it), or a scene of the verb's own clause: a place
         * inside another clause's phrase ("China's backing for the war in
         * Ukraine, threats from Beijing...") is that clause's */
        const pl_sentence *S = &doc->sents[s];
        bool fronted = p->w0 <= S->word0 + 3 && p->w1 < S->word0 + S->nwords &&
                       doc->words[p->w1].form && strcmp(doc->words[p->w1].form, ",") == 0;
        uint32_t vc = v;
        while (vc != UINT32_MAX && doc->words[vc].upos != PL_UPOS_VERB)
            vc = head_of(doc, s, vc);
        if (!fronted && pv != vc)
            continue;
        uint32_t d = p->w0 > v ? p->w0 - v : v - p->w1;
        if (d < bd) {
            bd = d;
            best = (int)i;
        }
    }
    return best;
}

/* Index of the place of ps (sentence s) that is the setting of the event
 * with verb word v and actor head words act, or -1. */
int pl_where_choose(const pl_gaz *g, const parley_doc *doc, const pl_places *ps, size_t s,
                    uint32_t v, const uint32_t act[2])
{
    int best = -1;
    float bs = 0, cost = 0;
    uint32_t v0 = v;
    /* the verb's own subtree first; then, for a verb that only continues
     * another ("staged an attack in Rwanda, killing six"), that one's */
    for (int up = 0; up < 3 && best < 0 && v != UINT32_MAX; up++) {
        for (size_t i = 0; i < ps->n; i++) {
            const pl_place *p = &ps->p[i];
            if (p->sent != s || p->demonym)
                continue;
            if (v >= p->w0 && v < p->w1)
                continue;
            /* the narrower place ranks first, but helps a weak attachment
             * only half as much over the bar */
            float spec;
            float sc = attach_score(g, doc, s, p, v, act, &spec) - cost;
            if (sc + spec / 2 >= 6 && sc + spec > bs) {
                bs = sc + spec;
                best = (int)i;
            }
        }
        const pl_word *vw = &doc->words[v];
        if (vw->upos != PL_UPOS_VERB ||
            !(rel_is(vw, "advcl") || rel_is(vw, "conj") || rel_is(vw, "xcomp")) ||
            has_mark(doc, s, v))
            break; /* "threats from Beijing" beside "backing for the war in Ukraine" */
        v = head_of(doc, s, v);
        cost += 2;
    }
    if (best < 0 && v0 != UINT32_MAX)
        best = scene_fallback(doc, ps, s, v0, act);
    return best;
}

/* Verbs of saying: where a statement is made is not the story's scene
 * ("The State Department in Washington announced"). */
static const char *const report_verbs[] = {
    "say",     "tell",      "announce", "report",  "state", "claim",   "add",   "confirm",
    "deny",    "accuse",    "call",     "urge",    "warn",  "write",   "speak", "comment",
    "condemn", "criticize", "praise",   "welcome", "issue", "release", NULL};

/* The news place: the first setting of a verb that is not one of saying in
 * the lead (sentences 1..PL_NEWS_LEAD, after the headline), governed by a
 * scene preposition rather than "to" or "from". */
int pl_where_news_place(const pl_gaz *g, const parley_doc *doc, const pl_places *ps)
{
    uint32_t none[2] = {UINT32_MAX, UINT32_MAX};
    for (size_t s = 1; s < doc->nsents && s <= PL_NEWS_LEAD; s++) {
        const pl_sentence *S = &doc->sents[s];
        for (uint32_t w = S->word0; w < S->word0 + S->nwords; w++) {
            const pl_word *x = &doc->words[w];
            if (x->upos != PL_UPOS_VERB || (x->lemma && pl_where_in_list(x->lemma, report_verbs)))
                continue;
            int k = pl_where_choose(g, doc, ps, s, w, none);
            if (k < 0)
                continue;
            /* a scene ("in Baghdad", "in the city of Kunduz"), not a
             * destination, an origin or a possessor ("traveled to China",
             * "flew from Paris", "Iran's Quds Force") */
            const pl_place *p = &ps->p[k];
            uint32_t h = span_head(doc, s, p->w0, p->w1);
            char cs[16];
            case_of(doc, s, h, cs, sizeof cs);
            if (!rel_is(&doc->words[h], "nmod:poss") && !pl_where_in_list(cs, weak_preps))
                return k;
        }
    }
    return -1;
}

/* Events that happen at the story's scene: protests (14), force (15),
 * assaults (18), fighting (19), mass violence (20). Statements, appeals,
 * demands, arrests and the like are made anywhere; the Wikinews gold
 * places them only where the text says (docs/internals/where.md). */
static bool scene_root(const char *root)
{
    if (!root || root[0] < '0' || root[0] > '9' || root[1] < '0' || root[1] > '9')
        return false;
    int r = (root[0] - '0') * 10 + (root[1] - '0');
    return r == 14 || r == 15 || r == 18 || r == 19 || r == 20;
}

int pl_where_event_place(const pl_gaz *g, const parley_doc *doc, const pl_places *ps, int news,
                         size_t s, uint32_t v, const uint32_t act[2], const char *root)
{
    int k = pl_where_choose(g, doc, ps, s, v, act);
    if (k >= 0)
        return k;
    if (news >= 0 && scene_root(root)) {
        return news;
    }
    return -1;
}

static void fill_place(const pl_gaz *g, const pl_gentry *e, pl_event_place *out)
{
    memset(out, 0, sizeof *out);
    const pl_gcountry *c = pl_gaz_country(g, e->country);
    const pl_gadm1 *a = pl_gaz_adm1(g, e->adm1);
    out->name = pl_gaz_str(g, e->name);
    if (c) {
        snprintf(out->country, sizeof out->country, "%s", c->iso3);
        snprintf(out->iso2, sizeof out->iso2, "%s", c->iso2);
        snprintf(out->fips, sizeof out->fips, "%s", c->fips);
    }
    if (c && a)
        snprintf(out->adm1, sizeof out->adm1, "%s.%s", c->iso2, a->code);
    out->lat = e->lat / 1e5;
    out->lon = e->lon / 1e5;
    out->geonames_id = e->id;
    pl_gaz_feature(e, out->feature);
    out->kind = e->kind;
    out->text = "";
}

static uint32_t actor_head(const parley_doc *doc, size_t s, const pl_event_actor *a)
{
    if (a->end <= a->start)
        return UINT32_MAX;
    uint32_t w0 = pl_where_word_at(doc, s, a->start), w1 = pl_where_word_at(doc, s, a->end - 1);
    if (w0 == UINT32_MAX || w1 == UINT32_MAX)
        return UINT32_MAX;
    return span_head(doc, s, w0, w1 + 1);
}

parley_status pl_where_locate_events(const pl_gaz *g, parley_doc *doc)
{
    if (!g || !doc)
        return pl_error(PARLEY_ERR_ARG, "pl_where_locate_events: NULL gazetteer or document");
    if (doc->nevents == 0)
        return PARLEY_OK;
    pl_places ps = {0};
    parley_status st = pl_where_find(g, doc, true, &ps);
    int news = st ? -1 : pl_where_news_place(g, doc, &ps);
    for (size_t i = 0; i < doc->nevents && !st; i++) {
        pl_event *e = &doc->events[i];
        pl_event_where *w = pl_arena_calloc(doc->arena, sizeof *w);
        if (!w) {
            st = pl_error(PARLEY_ERR_NOMEM, "out of memory placing events");
            break;
        }
        size_t s = e->sent;
        if (s < doc->nsents) {
            uint32_t v = pl_where_word_at(doc, s, e->trig_start);
            uint32_t act[2] = {actor_head(doc, s, &e->src), actor_head(doc, s, &e->tgt)};
            int k =
                v == UINT32_MAX ? -1 : pl_where_event_place(g, doc, &ps, news, s, v, act, e->cameo);
            if (k >= 0) {
                const pl_place *p = &ps.p[k];
                if (p->entry == PL_PLACE_UNRESOLVED) {
                    /* a name the gazetteer lacks: its text, no coordinates */
                    memset(&w->place, 0, sizeof w->place);
                    w->place.lat = w->place.lon = NAN;
                } else {
                    fill_place(g, pl_gaz_entry(g, p->entry), &w->place);
                }
                w->place.start = p->start;
                w->place.end = p->end;
                w->place.text =
                    pl_arena_strndup(doc->arena, doc->text + p->start, p->end - p->start);
                if (!w->place.name)
                    w->place.name = w->place.text;
                if (!w->place.text) {
                    st = pl_error(PARLEY_ERR_NOMEM, "out of memory placing events");
                    break;
                }
                w->has_place = true;
            }
        }
        const pl_event_actor *sides[2] = {&e->src, &e->tgt};
        for (int q = 0; q < 2; q++) {
            const char *code = sides[q]->code;
            if (!code || strlen(code) < 3)
                continue;
            char cc[4] = {code[0], code[1], code[2], 0};
            uint16_t ci = pl_gaz_country_by_iso3(g, cc);
            const pl_gcountry *c = pl_gaz_country(g, ci);
            if (!c)
                continue;
            fill_place(g, pl_gaz_entry(g, c->entry), &w->actor[q]);
            w->has_actor[q] = true;
        }
        e->where = w;
    }
    pl_places_release(&ps);
    return st;
}

PARLEY_API parley_status parley_gazetteer_locate_events(const parley_gazetteer *g, parley_doc *doc)
{
    return pl_where_locate_events(g, doc);
}

PARLEY_API parley_status parley_event_place(const parley_doc *doc, size_t i, const char **name,
                                            const char **country, const char **adm1, double *lat,
                                            double *lon, uint32_t *geonames_id,
                                            const char **feature, const char **text, size_t *start,
                                            size_t *end)
{
    if (!doc || i >= doc->nevents)
        return pl_error(PARLEY_ERR_ARG, "parley_event_place: no event %zu", i);
    const pl_event_where *w = doc->events[i].where;
    if (!w || !w->has_place)
        return PARLEY_ERR_NOT_FOUND;
    const pl_event_place *p = &w->place;
    if (name)
        *name = p->name;
    if (country)
        *country = p->country;
    if (adm1)
        *adm1 = p->adm1;
    if (lat)
        *lat = p->lat;
    if (lon)
        *lon = p->lon;
    if (geonames_id)
        *geonames_id = p->geonames_id;
    if (feature)
        *feature = p->feature;
    if (text)
        *text = p->text;
    if (start)
        *start = p->start;
    if (end)
        *end = p->end;
    return PARLEY_OK;
}

PARLEY_API int parley_mention_is_place(const parley_gazetteer *g, const parley_doc *doc,
                                       size_t sentence, size_t w0, size_t w1)
{
    if (!doc || sentence >= doc->nsents || w1 <= w0)
        return 0;
    const pl_sentence *S = &doc->sents[sentence];
    if (w0 < S->word0 || w1 > S->word0 + S->nwords)
        return 0;
    if (g) {
        char norm[256];
        size_t n = pl_gaz_norm(doc->text + doc->words[w0].start,
                               doc->words[w1 - 1].end - doc->words[w0].start, norm, sizeof norm);
        const uint32_t *post;
        size_t np;
        pl_gaz_lookup(g, norm, n, &post, &np, NULL);
        bool place = false;
        for (size_t i = 0; i < np && !place; i++)
            place = PL_GPOST_HOW(post[i]) != PL_GH_DEMONYM;
        if (!place)
            return 0;
    }
    uint32_t h = span_head(doc, sentence, (uint32_t)w0, (uint32_t)w1);
    if (!doc->words[h].deprel)
        return 0;
    char cs[16];
    case_of(doc, sentence, h, cs, sizeof cs);
    /* "in Chicago", "at the Kremlin": a setting; "to Beijing", "from
     * Moscow", "with Tokyo" may be a target or a source */
    static const char *const only_place[] = {"in",         "at",     "near",   "outside", "inside",
                                             "throughout", "around", "within", "across",  NULL};
    return cs[0] && pl_where_in_list(cs, only_place) ? 1 : 0;
}

/* ---------------------------------------------------------------------- */
/* Output */

static parley_status jstr(pl_buf *b, const char *s)
{
    return pl_json_str(b, s ? s : "", s ? strlen(s) : 0);
}

parley_status pl_where_json(pl_buf *b, const pl_event_where *w)
{
    if (!w || !w->has_place)
        return pl_buf_puts(b, "null");
    const pl_event_place *p = &w->place;
    parley_status st = pl_buf_puts(b, "{\"name\":");
    if (!st)
        st = jstr(b, p->name);
    if (!st)
        st = pl_buf_puts(b, ",\"country\":");
    if (!st)
        st = jstr(b, p->country);
    if (!st)
        st = pl_buf_puts(b, ",\"adm1\":");
    if (!st)
        st = jstr(b, p->adm1);
    if (!st && isnan(p->lat))
        st = pl_putf(b, ",\"lat\":null,\"lon\":null,\"geonames_id\":0,\"feature\":\"\",\"text\":");
    else if (!st)
        st = pl_putf(
            b, ",\"lat\":%.5f,\"lon\":%.5f,\"geonames_id\":%u,\"feature\":\"%s\",\"text\":", p->lat,
            p->lon, p->geonames_id, p->feature);
    if (!st)
        st = jstr(b, p->text);
    if (!st)
        st = pl_putf(b, ",\"start\":%u,\"end\":%u}", p->start, p->end);
    return st;
}

static parley_status csv_cell(pl_buf *b, const char *s)
{
    bool q = strpbrk(s, ",\"\n\r") != NULL;
    parley_status st = q ? pl_buf_putc(b, '"') : PARLEY_OK;
    for (; *s && !st; s++)
        st = *s == '"' ? pl_buf_puts(b, "\"\"") : pl_buf_putc(b, *s);
    if (!st && q)
        st = pl_buf_putc(b, '"');
    return st ? st : pl_buf_putc(b, ',');
}

parley_status pl_where_csv(pl_buf *b, const pl_event_where *w)
{
    if (!w || !w->has_place)
        return pl_buf_puts(b, ",,,,,,,,,,");
    const pl_event_place *p = &w->place;
    parley_status st = csv_cell(b, p->name);
    if (!st)
        st = csv_cell(b, p->country);
    if (!st)
        st = csv_cell(b, p->adm1);
    if (!st && isnan(p->lat))
        st = pl_buf_puts(b, ",,,");
    else if (!st)
        st = pl_putf(b, "%.5f,%.5f,%u,", p->lat, p->lon, p->geonames_id);
    if (!st)
        st = csv_cell(b, p->feature);
    if (!st)
        st = csv_cell(b, p->text);
    if (!st)
        st = pl_putf(b, "%u,%u,", p->start, p->end);
    return st;
}

/* GDELT geo columns: Type, FullName, CountryCode (FIPS 10-4), ADM1Code
 * (FIPS country + the GeoNames admin1 code), ADM2Code, Lat, Long,
 * FeatureID (the GeoNames id; GDELT uses GNS/GNIS ids, or the country code
 * for a country). Types: 1 country, 2 US state, 3 US city, 4 world city,
 * 5 world state. */
static parley_status gdelt_geo(pl_buf *b, const pl_event_place *p, bool has)
{
    if (!has)
        return pl_buf_puts(b, "\t\t\t\t\t\t\t\t");
    int type = 4;
    bool us = strcmp(p->iso2, "US") == 0;
    if (p->kind == PL_GK_COUNTRY)
        type = 1;
    else if (p->kind == PL_GK_ADM1)
        type = us ? 2 : 5;
    else if (p->kind == PL_GK_CITY || p->kind == PL_GK_ADM2)
        type = us ? 3 : 4;
    char adm1[16] = "";
    const char *dot = strchr(p->adm1, '.');
    if (type != 1 && dot && p->fips[0])
        snprintf(adm1, sizeof adm1, "%s%s", p->fips, dot + 1);
    else if (p->fips[0])
        snprintf(adm1, sizeof adm1, "%s", p->fips);
    char name[160];
    size_t i = 0;
    for (const char *s = p->name; s && *s && i + 1 < sizeof name; s++)
        name[i++] = (*s == '\t' || *s == '\n') ? ' ' : *s;
    name[i] = '\0';
    char fid[16];
    if (type == 1)
        snprintf(fid, sizeof fid, "%s", p->fips);
    else
        snprintf(fid, sizeof fid, "%u", p->geonames_id);
    if (isnan(p->lat)) /* a name the gazetteer lacks: GDELT has no row for it */
        return pl_buf_puts(b, "\t\t\t\t\t\t\t\t");
    return pl_putf(b, "%d\t%s\t%s\t%s\t\t%.4f\t%.4f\t%s\t", type, name, p->fips, adm1, p->lat,
                   p->lon, fid);
}

parley_status pl_where_gdelt(pl_buf *b, const pl_event_where *w)
{
    static const pl_event_where none;
    if (!w)
        w = &none;
    parley_status st = gdelt_geo(b, &w->actor[0], w->has_actor[0]);
    if (!st)
        st = gdelt_geo(b, &w->actor[1], w->has_actor[1]);
    if (!st)
        st = gdelt_geo(b, &w->place, w->has_place);
    return st;
}
