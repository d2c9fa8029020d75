/*
 * recognize.c - place names in a document: spans of capitalized words the
 * gazetteer knows (longest first), filtered by what news text says around
 * them (a preposition, a title before a surname, a sentence-initial common
 * word), then resolved for the whole document at once: population and
 * feature class, the countries and divisions the other names (and
 * demonyms) point to, "Paris, Texas", nearby places, one sense per name.
 */
#include "where/where.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#define MAXW    7  /* words in a place name */
#define MAXCAND 64 /* candidates kept per mention */

/* Resolution weights (tuned on LGL and GeoVirus; see docs/internals/where.md). */
#define W_COUNTRY   6.0f /* x the share of the document's places in the candidate's country */
#define W_ADM1      2.0f /* a place in a division the other places lie in */
#define W_ADM1_SELF 3.0f /* the division itself */

void pl_places_release(pl_places *ps)
{
    pl_free(ps->p);
    ps->p = NULL;
    ps->n = ps->cap = 0;
}

/* Capitalized words that are never place names in news, whatever a
 * gazetteer says (months, weekdays, titles, pronouns, frequent words). */
static const char *const stop_words[] = {
    "January",   "February",   "March",      "April",     "May",       "June",       "July",
    "August",    "September",  "October",    "November",  "December",  "Monday",     "Tuesday",
    "Wednesday", "Thursday",   "Friday",     "Saturday",  "Sunday",    "Jan.",       "Feb.",
    "Mar.",      "Apr.",       "Jun.",       "Jul.",      "Aug.",      "Sep.",       "Sept.",
    "Oct.",      "Nov.",       "Dec.",       "President", "Mr",        "Mr.",        "Mrs",
    "Mrs.",      "Ms",         "Ms.",        "Dr",        "Dr.",       "Governor",   "Gov.",
    "Mayor",     "Senator",    "Sen.",       "Rep.",      "Judge",     "Sheriff",    "Police",
    "Officer",   "Chief",      "Minister",   "King",      "Queen",     "Prince",     "Pope",
    "General",   "Gen.",       "The",        "A",         "An",        "I",          "He",
    "She",       "We",         "They",       "It",        "This",      "That",       "These",
    "Those",     "But",        "And",        "Or",        "If",        "So",         "As",
    "At",        "In",         "On",         "Of",        "To",        "By",         "For",
    "With",      "From",       "After",      "Before",    "When",      "While",      "Where",
    "What",      "Who",        "How",        "Why",       "All",       "Some",       "No",
    "Not",       "Yes",        "Most",       "More",      "Many",      "Much",       "One",
    "Two",       "Three",      "First",      "Last",      "Next",      "New",        "Old",
    "Good",      "Best",       "Bill",       "Will",      "Can",       "Mark",       "Hope",
    "Union",     "Center",     "Central",    "City",      "County",    "State",      "States",
    "National",  "North",      "South",      "East",      "West",      "Northern",   "Southern",
    "Eastern",   "Western",    "Christmas",  "Easter",    "God",       "Lord",       "Jesus",
    "Church",    "Street",     "Road",       "Avenue",    "Park",      "Lake",       "River",
    "Mount",     "Island",     "Beach",      "Village",   "Town",      "Home",       "Office",
    "Court",     "House",      "Department", "Senate",    "Congress",  "Parliament", "Army",
    "Navy",      "Government", "Republic",   "Democrat",  "Democrats", "Republican", "Republicans",
    "Secretary", "University", "College",    "School",    "Hospital",  "Airport",    "Station",
    "Center",    "Centre",     "Media",      "Internet",  "Post",      "Times",      "News",
    "Press",     "Reuters",    "Associated", "AP",        "AFP",       "TV",         "CNN",
    "BBC",       "Twitter",    "Facebook",   "Google",    "Apple",     "Amazon",     "Microsoft",
    NULL};

/* Words before a name that make it a person's ("Mr. Henry", "Sen. Paris"). */
static const char *const titles[] = {
    "Mr",           "Mr.",      "Mrs",     "Mrs.",     "Ms",        "Ms.",        "Miss",
    "Dr",           "Dr.",      "Sen.",    "Senator",  "Rep.",      "Gov.",       "Governor",
    "President",    "Judge",    "Officer", "Sgt.",     "Lt.",       "Capt.",      "Det.",
    "Deputy",       "Coach",    "Pastor",  "Rev.",     "Father",    "Sister",     "Brother",
    "Mayor",        "Sheriff",  "Chief",   "Prof.",    "Professor", "Gen.",       "Col.",
    "Maj.",         "Cpl.",     "Pvt.",    "Justice",  "Attorney",  "Councilman", "Councilwoman",
    "Commissioner", "Trooper",  "Agent",   "Minister", "Secretary", "King",       "Queen",
    "Prince",       "Princess", "Lady",    "Sir",      "Saint",     NULL};

/* Lower-case words a place name may hold inside ("Gulf of Aden",
 * "Bosnia and Herzegovina", "Rio de Janeiro", "Stratford-upon-Avon"). */
static const char *const inner_words[] = {"of",  "de",   "da",  "do", "del", "la", "le",  "and",
                                          "the", "upon", "on",  "al", "el",  "du", "des", "-",
                                          "am",  "an",   "sur", "en", "y",   "i",  "&",   NULL};

/* Locative prepositions: a name governed by one is very likely a place. */
static const char *const loc_preps[] = {
    "in",         "at",        "near",      "from",   "to",      "into",     "across",
    "throughout", "outside",   "inside",    "around", "within",  "toward",   "towards",
    "between",    "through",   "via",       "off",    "over",    "across",   "along",
    "onto",       "of",        "north",     "south",  "east",    "west",     "northeast",
    "northwest",  "southeast", "southwest", "visit",  "visited", "visiting", NULL};

/* Words after a name that make a place name part of an organisation's or
 * a facility's, still a place ("Alexandria Police Department"). */
static const char *const org_words[] = {
    "County",     "Parish",     "Police",   "Fire",          "Department", "High",
    "School",     "University", "City",     "Council",       "Hospital",   "Airport",
    "Sheriff",    "Board",      "Library",  "Township",      "Borough",    "District",
    "Area",       "Region",     "Province", "State",         "Middle",     "Elementary",
    "Public",     "Community",  "Memorial", "Regional",      "Municipal",  "Metro",
    "Bay",        "Harbor",     "Port",     "International", "Times",      "Post",
    "Herald",     "Tribune",    "Daily",    "News",          "Journal",    "Chamber",
    "Court",      "Courthouse", "Jail",     "Prison",        "Zoo",        "Museum",
    "Center",     "Centre",     "Street",   "Road",          "Avenue",     "Boulevard",
    "Highway",    "Church",     "Club",     "Committee",     "Government", "Administration",
    "Commission", "Authority",  "Office",   "Station",       "Ministry",   "Bureau",
    "Institute",  "College",    "Bank",     "Association",   "Society",    "Agency",
    NULL};

static bool is_upper_start(const char *s)
{
    unsigned char c = (unsigned char)s[0];
    if (c >= 'A' && c <= 'Z')
        return true;
    if (c < 0x80)
        return false;
    size_t len;
    size_t n = strnlen(s, 4);
    if (!pl_utf8_valid_len((const unsigned char *)s, n))
        return false;
    int32_t cp = pl_utf8_decode((const unsigned char *)s, n, &len);
    return utf8proc_category(cp) == UTF8PROC_CATEGORY_LU;
}

static bool is_lower_start(const char *s)
{
    return s[0] >= 'a' && s[0] <= 'z';
}

/* ---------------------------------------------------------------------- */
/* Candidates */

typedef struct mention {
    uint32_t sent, w0, w1, start, end;
    uint64_t key;
    unsigned flags; /* key flags */
    uint32_t cand[MAXCAND];
    uint8_t how[MAXCAND];
    float score[MAXCAND];
    size_t ncand;
    int comma_next; /* index of the mention after ", " (-1 none) */
    int comma_prev;
    bool loc_prep; /* governed by a locative preposition */
    bool demonym;  /* only a demonym: resolves to its country */
    bool voted;    /* its name's first mention: it voted for its country and division */
    uint32_t vote; /* the entry it voted for */
    bool keep;
    int best; /* index in cand */
} mention;

typedef struct finder {
    const pl_gaz *g;
    const parley_doc *doc;
    mention *m;
    size_t n, cap;
    float *cweight; /* per country */
    size_t nctry;
    uint16_t *a1; /* ADM1 indexes seen, with counts */
    float *a1w;
    size_t na1, a1cap;
    uint64_t *person; /* keys of names seen inside person names */
    size_t nperson, person_cap;
} finder;

/* The sentence's word i as a string for the word lists. */
static const char *form(const parley_doc *doc, size_t w)
{
    const char *f = doc->words[w].form;
    return f ? f : "";
}

static size_t span_norm(const parley_doc *doc, size_t w0, size_t w1, char *buf, size_t cap)
{
    uint32_t s = doc->words[w0].start, e = doc->words[w1 - 1].end;
    if (e <= s || e > doc->text_len)
        return 0;
    return pl_gaz_norm(doc->text + s, e - s, buf, cap);
}

static bool governed_by_loc(const parley_doc *doc, size_t sent, size_t w0, size_t w1)
{
    const pl_sentence *S = &doc->sents[sent];
    /* the word before the name, or before its determiner ("in the Gulf") */
    size_t p = w0;
    while (p > S->word0) {
        p--;
        const char *f = form(doc, p);
        if (strcmp(f, "the") == 0 || strcmp(f, "The") == 0)
            continue;
        char low[24];
        size_t i = 0;
        for (; f[i] && i + 1 < sizeof low; i++)
            low[i] = (char)(f[i] >= 'A' && f[i] <= 'Z' ? f[i] + 32 : f[i]);
        low[i] = '\0';
        if (pl_where_in_list(low, loc_preps))
            return true;
        break;
    }
    /* the parse: a case child of the name's words */
    for (size_t w = S->word0; w < S->word0 + S->nwords; w++) {
        const pl_word *x = &doc->words[w];
        if (!x->deprel || strcmp(x->deprel, "case") != 0 || x->head <= 0)
            continue;
        size_t h = S->word0 + (size_t)x->head - 1;
        if (h >= w0 && h < w1 && x->form) {
            char low[24];
            size_t i = 0;
            for (; x->form[i] && i + 1 < sizeof low; i++)
                low[i] =
                    (char)(x->form[i] >= 'A' && x->form[i] <= 'Z' ? x->form[i] + 32 : x->form[i]);
            low[i] = '\0';
            if (pl_where_in_list(low, loc_preps) && strcmp(low, "of") != 0)
                return true;
        }
    }
    return false;
}

static parley_status add_mention(finder *f, size_t sent, size_t w0, size_t w1, uint64_t key,
                                 unsigned flags, const uint32_t *post, size_t np)
{
    if (pl_grow((void **)&f->m, &f->cap, f->n + 1, sizeof *f->m, 1u << 20))
        return pl_error(PARLEY_ERR_NOMEM, "out of memory finding places");
    mention *m = &f->m[f->n];
    memset(m, 0, sizeof *m);
    m->sent = (uint32_t)sent;
    m->w0 = (uint32_t)w0;
    m->w1 = (uint32_t)w1;
    m->start = f->doc->words[w0].start;
    m->end = f->doc->words[w1 - 1].end;
    m->key = key;
    m->flags = flags;
    m->comma_next = m->comma_prev = -1;
    m->best = -1;
    for (size_t i = 0; i < np && m->ncand < MAXCAND; i++) {
        m->cand[m->ncand] = PL_GPOST_ENTRY(post[i]);
        m->how[m->ncand] = (uint8_t)PL_GPOST_HOW(post[i]);
        m->ncand++;
    }
    f->n++;
    return PARLEY_OK;
}

/* Spans of one sentence, longest match first, left to right. */
static parley_status scan_sentence(finder *f, size_t s)
{
    const parley_doc *doc = f->doc;
    const pl_sentence *S = &doc->sents[s];
    size_t end = S->word0 + S->nwords;
    char norm[256];
    for (size_t i = S->word0; i < end;) {
        const char *fi = form(doc, i);
        if (!is_upper_start(fi)) {
            i++;
            continue;
        }
        /* "New", "North", "Mount" start names but are none alone */
        bool stop = pl_where_in_list(fi, stop_words);
        size_t best = 0;
        for (size_t j = i + 1; j <= end && j - i <= MAXW; j++) {
            const char *fj = form(doc, j - 1);
            if (j - 1 > i) {
                /* inside: capitalized words and a few connectors */
                if (!is_upper_start(fj) && !pl_where_in_list(fj, inner_words))
                    break;
            }
            if (!is_upper_start(fj) && !(j - 1 == i))
                continue; /* a name ends in a capitalized word */
            size_t n = span_norm(doc, i, j, norm, sizeof norm);
            const uint32_t *post;
            size_t np;
            unsigned flags;
            pl_gaz_lookup(f->g, norm, n, &post, &np, &flags);
            /* one or two letters are initials, not names ("D", "St"),
             * except the abbreviations and "US", "UK" */
            if (np && n < 3 &&
                !(n == 2 && (memcmp(norm, "us", 2) == 0 || memcmp(norm, "uk", 2) == 0)))
                for (size_t q = 0; q < np; q++)
                    if (PL_GPOST_HOW(post[q]) != PL_GH_ABBR) {
                        np = 0;
                        break;
                    }
            if (np && !(stop && j == i + 1))
                best = j;
        }
        if (!best) {
            i++;
            continue;
        }
        size_t n = span_norm(doc, i, best, norm, sizeof norm);
        const uint32_t *post;
        size_t np;
        unsigned flags;
        pl_gaz_lookup(f->g, norm, n, &post, &np, &flags);
        parley_status st = add_mention(f, s, i, best, pl_gaz_hash(norm, n), flags, post, np);
        if (st)
            return st;
        i = best;
    }
    return PARLEY_OK;
}

/* Remember a name seen as part of a person's name: its bare mentions
 * elsewhere in the document are that person ("Barack Obama ... Obama"). */
static void person_part(finder *f, uint64_t key)
{
    for (size_t i = 0; i < f->nperson; i++)
        if (f->person[i] == key)
            return;
    if (!pl_grow((void **)&f->person, &f->person_cap, f->nperson + 1, sizeof *f->person, 1u << 16))
        f->person[f->nperson++] = key;
}

/* Is mention m a place name here? (Demonym-only and abbreviation-only
 * names are context; person names and common words are not places.) */
static void judge(finder *f, size_t k)
{
    mention *m = &f->m[k];
    const parley_doc *doc = f->doc;
    const pl_sentence *S = &doc->sents[m->sent];
    bool any_place = false, abbr_only = true, any_demonym = false;
    float top = -1e9f;
    int top_kind = 0;
    for (size_t c = 0; c < m->ncand; c++) {
        if (m->how[c] == PL_GH_DEMONYM) {
            any_demonym = true;
            continue;
        }
        any_place = true;
        if (m->how[c] != PL_GH_ABBR)
            abbr_only = false;
        const pl_gentry *e = pl_gaz_entry(f->g, m->cand[c]);
        float p = pl_gaz_prior(e);
        if (p > top) {
            top = p;
            top_kind = e->kind;
        }
    }
    m->keep = false;
    m->demonym = false;
    if (!any_place) {
        /* "Russian", "Palestinians": a reference to the country */
        m->keep = m->demonym = any_demonym;
        return;
    }
    if (abbr_only && m->comma_prev < 0)
        return;
    m->loc_prep = governed_by_loc(doc, m->sent, m->w0, m->w1);
    bool single = m->w1 - m->w0 == 1;
    bool initial =
        m->w0 == S->word0 || (m->w0 > S->word0 && !is_upper_start(form(doc, m->w0 - 1)) &&
                              !is_lower_start(form(doc, m->w0 - 1)) && m->w0 - 1 == S->word0);
    bool big = top_kind == PL_GK_COUNTRY || top_kind == PL_GK_ADM1 || top_kind == PL_GK_WATER ||
               top_kind == PL_GK_REGION || top >= 5.3f;
    /* beside a capitalized word only a famous name is still a place:
     * "David Jones" (David, Panama), "Toyota Motor" */
    bool famous = top_kind == PL_GK_COUNTRY || top_kind == PL_GK_ADM1 || top_kind == PL_GK_WATER ||
                  top_kind == PL_GK_REGION || top >= 6.3f;
    const pl_word *w = &doc->words[m->w0];
    /* a tagged single word that is not a noun ("Reading the news...") */
    if (single && w->upos && w->upos != PL_UPOS_PROPN && w->upos != PL_UPOS_NOUN &&
        w->upos != PL_UPOS_X && !(big && w->upos == PL_UPOS_ADJ))
        return;
    /* after a title or a given name the name is a person's, remembered even
     * when it is dropped below as a common word ("President Bush", "George
     * W. Bush": the later "at Bush" is the person) */
    if (m->w0 > S->word0 + 1 && m->comma_prev < 0 && !famous) {
        const char *prev = form(doc, m->w0 - 1);
        if (pl_where_in_list(prev, titles) ||
            (is_upper_start(prev) && !pl_where_in_list(prev, stop_words)))
            person_part(f, m->key);
    }
    if ((m->flags & PL_GKEY_COMMON) && (initial || !(m->loc_prep || big)))
        return;
    /* "a Dane": a place name takes no article, unless it modifies the noun
     * after it ("a Monroe woman") */
    if (m->w0 > S->word0 && single && !big &&
        !(m->w1 < S->word0 + S->nwords &&
          (doc->words[m->w1].upos == PL_UPOS_NOUN || doc->words[m->w1].upos == PL_UPOS_PROPN ||
           doc->words[m->w1].upos == PL_UPOS_ADJ))) {
        const char *prev = form(doc, m->w0 - 1);
        if (strcmp(prev, "a") == 0 || strcmp(prev, "an") == 0 || strcmp(prev, "A") == 0 ||
            strcmp(prev, "An") == 0)
            return;
    }
    /* a name after a title or a given name is a person's */
    if (m->w0 > S->word0 && m->comma_prev < 0) {
        const char *prev = form(doc, m->w0 - 1);
        if (pl_where_in_list(prev, titles))
            return;
        /* even when the given name is a place too: "David Jones" */
        if (is_upper_start(prev) && !(m->w0 - 1 == S->word0) && !famous &&
            !pl_where_in_list(prev, stop_words)) {
            person_part(f, m->key);
            return;
        }
        /* "Chamber of Commerce", "Department of Human Services" */
        if (m->w0 >= S->word0 + 2 && strcmp(prev, "of") == 0 && !big &&
            pl_where_in_list(form(doc, m->w0 - 2), org_words))
            return;
    }
    /* a word of a body's name: "the Quds Force", "the Kosovo Force" */
    if (m->w1 < S->word0 + S->nwords) {
        static const char *const bodies[] = {"Force",    "Forces",   "Party", "Front",    "Brigade",
                                             "Brigades", "Movement", "Corps", "Tribunal", NULL};
        if (pl_where_in_list(form(doc, m->w1), bodies))
            return;
    }
    /* "Henry Ford", "Jackson Browne": a small place's name then a name */
    if (m->w1 < S->word0 + S->nwords && single && !famous) {
        const char *next = form(doc, m->w1);
        static const char *const street[] = {"Street", "St.",       "Road",    "Rd.",    "Avenue",
                                             "Ave.",   "Boulevard", "Blvd.",   "Drive",  "Dr.",
                                             "Lane",   "Highway",   "Parkway", "Square", NULL};
        if (pl_where_in_list(next, street))
            return; /* "Wall Street", "Orchard St." */
        if (is_upper_start(next) && !pl_where_in_list(next, org_words) &&
            !pl_where_in_list(next, stop_words)) {
            person_part(f, m->key);
            return;
        }
    }
    m->keep = true;
}

/* ---------------------------------------------------------------------- */
/* Resolution */

static float *a1_weight(finder *f, uint16_t a1)
{
    for (size_t i = 0; i < f->na1; i++)
        if (f->a1[i] == a1)
            return &f->a1w[i];
    return NULL;
}

static parley_status a1_add(finder *f, uint16_t a1, float w)
{
    if (a1 == PL_GAZ_NONE)
        return PARLEY_OK;
    float *x = a1_weight(f, a1);
    if (x) {
        *x += w;
        return PARLEY_OK;
    }
    size_t cap = f->a1cap;
    if (pl_grow((void **)&f->a1, &cap, f->na1 + 1, sizeof *f->a1, 1u << 16) ||
        pl_grow((void **)&f->a1w, &f->a1cap, f->na1 + 1, sizeof *f->a1w, 1u << 16))
        return pl_error(PARLEY_ERR_NOMEM, "out of memory resolving places");
    f->a1[f->na1] = a1;
    f->a1w[f->na1++] = w;
    return PARLEY_OK;
}

static int first_best(const finder *f, const mention *m)
{
    int b = -1;
    float bs = -1e9f;
    for (size_t c = 0; c < m->ncand; c++) {
        if (m->how[c] == PL_GH_DEMONYM || (m->how[c] == PL_GH_ABBR && m->comma_prev < 0))
            continue;
        const pl_gentry *e = pl_gaz_entry(f->g, m->cand[c]);
        float s = pl_gaz_prior(e) + (m->how[c] == PL_GH_NAME ? 0.5f : 0.0f);
        if (s > bs) {
            bs = s;
            b = (int)c;
        }
    }
    return b;
}

static parley_status resolve(finder *f)
{
    const pl_gaz *g = f->g;
    memset(f->cweight, 0, f->nctry * sizeof *f->cweight);
    f->na1 = 0;
    float total = 0;
    parley_status st = PARLEY_OK;
    /* pass 1: the static best of each kept name votes for its country and
     * division; demonyms vote for their country */
    for (size_t k = 0; k < f->n; k++) {
        mention *m = &f->m[k];
        if (m->demonym) {
            for (size_t c = 0; c < m->ncand; c++)
                if (m->how[c] == PL_GH_DEMONYM) {
                    const pl_gentry *e = pl_gaz_entry(g, m->cand[c]);
                    if (e->country < f->nctry) {
                        f->cweight[e->country] += 0.5f;
                        total += 0.5f;
                    }
                    m->best = (int)c;
                    m->score[c] = 10;
                    break;
                }
            continue;
        }
        if (!m->keep)
            continue;
        int b = first_best(f, m);
        m->best = b;
        if (b < 0)
            continue;
        /* one vote per name: four "Washington"s do not make Washington state */
        bool voted = false;
        for (size_t j = 0; j < k && !voted; j++)
            voted = f->m[j].keep && !f->m[j].demonym && f->m[j].key == m->key;
        m->voted = !voted;
        if (voted)
            continue;
        m->vote = m->cand[b];
        const pl_gentry *e = pl_gaz_entry(g, m->cand[b]);
        if (e->country < f->nctry) {
            f->cweight[e->country] += 1;
            total += 1;
        }
        if ((st = a1_add(f, e->adm1, e->kind == PL_GK_ADM1 ? 2.0f : 1.0f)))
            return st;
    }
    /* pass 2: context */
    for (size_t k = 0; k < f->n; k++) {
        mention *m = &f->m[k];
        if (!m->keep || m->demonym)
            continue;
        float bs = -1e9f;
        int b = -1;
        const mention *nx = m->comma_next >= 0 ? &f->m[m->comma_next] : NULL;
        for (size_t c = 0; c < m->ncand; c++) {
            if (m->how[c] == PL_GH_DEMONYM || (m->how[c] == PL_GH_ABBR && m->comma_prev < 0))
                continue;
            const pl_gentry *e = pl_gaz_entry(g, m->cand[c]);
            float s = pl_gaz_prior(e) + (m->how[c] == PL_GH_NAME ? 0.5f : 0.0f);
            if (e->country < f->nctry && total > 0) {
                /* the name's own vote is left out */
                float own = 0, t = total;
                for (size_t j = 0; j < f->n; j++)
                    if (f->m[j].voted && f->m[j].key == m->key) {
                        t -= 1;
                        own = pl_gaz_entry(g, f->m[j].vote)->country == e->country ? 1.0f : 0.0f;
                    }
                if (t > 0)
                    s += W_COUNTRY * (f->cweight[e->country] - own) / t;
            }
            if (e->adm1 != PL_GAZ_NONE) {
                /* the division the document's other places lie in: its
                 * towns, or the division itself ("Georgia" among Atlanta
                 * and Gainesville is the state) */
                float *w = a1_weight(f, e->adm1);
                float own = 0;
                for (size_t j = 0; j < f->n; j++) /* the name's vote, wherever it was cast */
                    if (f->m[j].voted && f->m[j].key == m->key &&
                        pl_gaz_entry(g, f->m[j].vote)->adm1 == e->adm1)
                        own = pl_gaz_entry(g, f->m[j].vote)->kind == PL_GK_ADM1 ? 2.0f : 1.0f;
                if (w && *w - own > 0.5f)
                    s += e->kind == PL_GK_ADM1 ? W_ADM1_SELF : W_ADM1;
            }
            /* a capital and a division of its name ("Washington", "Beijing",
             * "Mexico"): the news means the capital */
            if (e->kind == PL_GK_CITY && strncmp(e->fcode, "PPLC", 4) == 0)
                for (size_t c2 = 0; c2 < m->ncand; c2++) {
                    const pl_gentry *o = pl_gaz_entry(g, m->cand[c2]);
                    if (o->kind == PL_GK_ADM1 && o->country == e->country) {
                        s += 2.0f;
                        break;
                    }
                }
            /* "Paris, Texas": the name after the comma contains this one */
            if (nx && nx->keep) {
                for (size_t c2 = 0; c2 < nx->ncand; c2++) {
                    const pl_gentry *u = pl_gaz_entry(g, nx->cand[c2]);
                    if (nx->how[c2] == PL_GH_DEMONYM)
                        continue;
                    if ((u->kind == PL_GK_ADM1 && e->adm1 == u->adm1 && e->country == u->country &&
                         e->kind != PL_GK_ADM1) ||
                        (u->kind == PL_GK_COUNTRY && e->country == u->country &&
                         e->kind != PL_GK_COUNTRY)) {
                        s += 20.0f;
                        break;
                    }
                }
            }
            if (s > bs) {
                bs = s;
                b = (int)c;
            }
        }
        m->best = b;
        if (b >= 0)
            m->score[b] = bs;
    }
    /* the name after the comma is then the container of the one before */
    for (size_t k = 0; k < f->n; k++) {
        mention *m = &f->m[k];
        if (!m->keep || m->best < 0 || m->comma_prev < 0)
            continue;
        const mention *pv = &f->m[m->comma_prev];
        if (!pv->keep || pv->best < 0)
            continue;
        const pl_gentry *e = pl_gaz_entry(g, pv->cand[pv->best]);
        for (size_t c = 0; c < m->ncand; c++) {
            const pl_gentry *u = pl_gaz_entry(g, m->cand[c]);
            if (m->how[c] == PL_GH_DEMONYM)
                continue;
            if ((u->kind == PL_GK_ADM1 && u->adm1 == e->adm1 && e->kind != PL_GK_ADM1) ||
                (u->kind == PL_GK_COUNTRY && u->country == e->country)) {
                m->best = (int)c;
                m->score[c] = 30.0f;
                break;
            }
        }
    }
    /* one sense per name in a document: the best-supported reading wins */
    for (size_t k = 0; k < f->n; k++) {
        mention *m = &f->m[k];
        if (!m->keep || m->best < 0)
            continue;
        for (size_t j = 0; j < f->n; j++) {
            mention *o = &f->m[j];
            if (j == k || !o->keep || o->best < 0 || o->key != m->key)
                continue;
            if (o->score[o->best] > m->score[m->best] + 1.0f) {
                for (size_t c = 0; c < m->ncand; c++)
                    if (m->cand[c] == o->cand[o->best] && m->how[c] != PL_GH_ABBR) {
                        m->best = (int)c;
                        break;
                    }
            }
        }
    }
    return PARLEY_OK;
}

/* Nouns that make the proper noun before or after them a place ("Raja
 * county", "the city of Palmyra"). */
static const char *const place_nouns[] = {"village",
                                          "villages",
                                          "district",
                                          "districts",
                                          "province",
                                          "neighborhood",
                                          "neighbourhood",
                                          "neighborhoods",
                                          "neighbourhoods",
                                          "county",
                                          "region",
                                          "town",
                                          "city",
                                          "governorate",
                                          "area",
                                          "camp",
                                          "countryside",
                                          "quarter",
                                          "suburb",
                                          "suburbs",
                                          "state",
                                          "valley",
                                          "farms",
                                          "outpost",
                                          "base",
                                          "airport",
                                          "border",
                                          "crossing",
                                          "gorge",
                                          "mountains",
                                          "river",
                                          "township",
                                          "municipality",
                                          "commune",
                                          "settlement",
                                          "island",
                                          "islands",
                                          "port",
                                          "hills",
                                          "plain",
                                          "desert",
                                          "prefecture",
                                          "county",
                                          "parish",
                                          "oblast",
                                          "republic",
                                          "enclave",
                                          "zone",
                                          NULL};

/* Verbs whose object is a place when it is a proper noun ("captured Goma"). */
static const char *const take_verbs[] = {
    "capture", "storm",    "seize",    "liberate", "take",   "enter",     "bomb",
    "shell",   "attack",   "raid",     "besiege",  "retake", "recapture", "overrun",
    "occupy",  "invade",   "patrol",   "reach",    "strike", "hit",       "target",
    "control", "encircle", "surround", "evacuate", "flee",   NULL};

static void lower(const char *s, char *out, size_t cap)
{
    size_t k = 0;
    for (; s[k] && k + 1 < cap; k++)
        out[k] = (char)(s[k] >= 'A' && s[k] <= 'Z' ? s[k] + 32 : s[k]);
    out[k] = '\0';
}

static bool is_propn(const pl_word *w)
{
    return w->upos == PL_UPOS_PROPN && w->form && is_upper_start(w->form);
}

/* Proper nouns the gazetteer lacks that the text marks as places. */
static bool is_person_key(const finder *f, const parley_doc *doc, size_t w0, size_t w1)
{
    for (size_t w = w0; w < w1; w++) {
        char norm[64];
        size_t n = span_norm(doc, w, w + 1, norm, sizeof norm);
        if (!n)
            continue;
        uint64_t key = pl_gaz_hash(norm, n);
        for (size_t i = 0; i < f->nperson; i++)
            if (f->person[i] == key)
                return true;
    }
    return false;
}

/* Is the span a person's or an organisation's name rather than a small
 * place: a name with an initial ("George W. Bush"), a name seen inside a
 * person's, or a single generic word ("Province", "Party")? */
static bool not_a_setting(const finder *f, const parley_doc *doc, size_t w0, size_t w1)
{
    static const char *const generic[] = {
        "Mountain", "Mountains", "Party",   "Force",       "Forces",   "Front",
        "Tribunal", "Bible",     "Embassy", "Palace",      "Brigade",  "Brigades",
        "Movement", "Corps",     "Mosque",  "Council",     "Ministry", "Bay",
        "Province", "District",  "Region",  "Governorate", NULL};
    for (size_t w = w0; w < w1; w++) {
        const char *x = form(doc, w);
        size_t n = strlen(x);
        if ((n == 2 && x[1] == '.' && x[0] >= 'A' && x[0] <= 'Z') ||
            (n == 1 && x[0] >= 'A' && x[0] <= 'Z' && w + 1 < w1))
            return true; /* an initial */
    }
    if (w1 - w0 == 1 &&
        (pl_where_in_list(form(doc, w0), generic) || pl_where_in_list(form(doc, w0), stop_words) ||
         pl_where_in_list(form(doc, w0), org_words)))
        return true;
    /* a bare surname ("at Bush" after "George W. Bush"); not a word of a
     * longer name ("Sheikh Maqsoud", "Khan Touman") */
    return w1 - w0 == 1 && is_person_key(f, doc, w0, w1);
}

static parley_status find_settings(const finder *f, const parley_doc *doc, const pl_places *known,
                                   pl_places *out)
{
    size_t next_known = 0;
    for (size_t s = 0; s < doc->nsents; s++) {
        const pl_sentence *S = &doc->sents[s];
        size_t end = S->word0 + S->nwords;
        for (size_t i = S->word0; i < end;) {
            if (!is_propn(&doc->words[i]) || pl_where_in_list(doc->words[i].form, stop_words)) {
                i++;
                continue;
            }
            size_t j = i + 1;
            while (j < end && j - i < MAXW &&
                   (is_propn(&doc->words[j]) || (doc->words[j].form &&
                                                 (strcmp(doc->words[j].form, "-") == 0 ||
                                                  strcmp(doc->words[j].form, "al") == 0) &&
                                                 j + 1 < end && is_propn(&doc->words[j + 1]))))
                j++;
            /* not over a known name */
            while (next_known < known->n && known->p[next_known].w1 <= i)
                next_known++;
            bool overlap = next_known < known->n && known->p[next_known].w0 < j;
            /* the word before the name, past determiners and modifiers
             * ("at eastern Khattab", "in the seaside Cite Soleil") */
            size_t q = i;
            while (q > S->word0 && (doc->words[q - 1].upos == PL_UPOS_DET ||
                                    doc->words[q - 1].upos == PL_UPOS_ADJ ||
                                    (doc->words[q - 1].upos == PL_UPOS_NOUN && q - 1 > S->word0 &&
                                     doc->words[q - 2].upos == PL_UPOS_DET)))
                q--;
            const char *prev = i > S->word0 ? form(doc, i - 1) : "";
            const char *before = q > S->word0 ? form(doc, q - 1) : "";
            const char *prev2 = i > S->word0 + 1 ? form(doc, i - 2) : "";
            const char *nextw = j < end ? form(doc, j) : "";
            char low[24], last[24];
            lower(before, low, sizeof low);
            lower(form(doc, j - 1), last, sizeof last);
            static const char *const set_preps[] = {"in",     "at",     "near",   "outside",
                                                    "inside", "around", "across", "throughout",
                                                    "within", NULL};
            /* the object of a verb of taking or striking: "stormed Qabasin" */
            uint32_t hd = (uint32_t)j - 1;
            for (uint32_t w = (uint32_t)i; w < j; w++) {
                int32_t h = doc->words[w].head;
                uint32_t hw = h > 0 ? S->word0 + (uint32_t)h - 1 : UINT32_MAX;
                if (hw == UINT32_MAX || hw < i || hw >= j)
                    hd = w;
            }
            bool taken = false;
            if (doc->words[hd].deprel && strncmp(doc->words[hd].deprel, "obj", 3) == 0 &&
                doc->words[hd].head > 0) {
                const pl_word *vw = &doc->words[S->word0 + (uint32_t)doc->words[hd].head - 1];
                taken = vw->lemma && pl_where_in_list(vw->lemma, take_verbs);
            }
            bool place = pl_where_in_list(nextw, place_nouns) ||
                         (j - i > 1 && pl_where_in_list(last, place_nouns)) ||
                         (strcmp(prev, "of") == 0 && pl_where_in_list(prev2, place_nouns)) ||
                         (pl_where_in_list(low, set_preps) && !pl_where_in_list(prev, titles)) ||
                         taken;
            /* a name modifying a noun that is no place ("a Walmart store",
             * "the Sofitel luxury hotel", "the Quds Force") names a firm or
             * a body; the setting is where that one is */
            const pl_word *hx = &doc->words[hd];
            bool modifier = false;
            if (hx->deprel &&
                (strncmp(hx->deprel, "compound", 8) == 0 || strncmp(hx->deprel, "amod", 4) == 0) &&
                hx->head > 0) {
                const pl_word *n = &doc->words[S->word0 + (uint32_t)hx->head - 1];
                char nl[24];
                lower(n->form ? n->form : "", nl, sizeof nl);
                modifier = n->upos == PL_UPOS_NOUN && !pl_where_in_list(nl, place_nouns);
            }
            if (!overlap && place && !modifier && !pl_where_in_list(prev, titles) &&
                !not_a_setting(f, doc, i, j)) {
                if (pl_grow((void **)&out->p, &out->cap, out->n + 1, sizeof *out->p, 1u << 20))
                    return pl_error(PARLEY_ERR_NOMEM, "out of memory finding places");
                out->p[out->n++] = (pl_place){
                    (uint32_t)s,           (uint32_t)i,         (uint32_t)j, doc->words[i].start,
                    doc->words[j - 1].end, PL_PLACE_UNRESOLVED, 0,           false};
            }
            i = j;
        }
    }
    return PARLEY_OK;
}

static int cmp_place(const void *a, const void *b)
{
    const pl_place *x = a, *y = b;
    return x->start < y->start ? -1 : x->start > y->start;
}

parley_status pl_where_find(const pl_gaz *g, const parley_doc *doc, bool settings, pl_places *out)
{
    out->n = 0;
    if (!g || !doc)
        return pl_error(PARLEY_ERR_ARG, "pl_where_find: NULL gazetteer or document");
    finder f;
    memset(&f, 0, sizeof f);
    f.g = g;
    f.doc = doc;
    f.nctry = 0;
    while (pl_gaz_country(g, (uint16_t)f.nctry))
        f.nctry++;
    f.cweight = pl_calloc(f.nctry + 1, sizeof *f.cweight);
    if (!f.cweight)
        return pl_error(PARLEY_ERR_NOMEM, "out of memory finding places");
    parley_status st = PARLEY_OK;
    for (size_t s = 0; s < doc->nsents && !st; s++)
        st = scan_sentence(&f, s);
    /* "X, Y" pairs */
    for (size_t k = 0; !st && k + 1 < f.n; k++) {
        mention *a = &f.m[k], *b = &f.m[k + 1];
        if (a->sent == b->sent && b->w0 == a->w1 + 1 && strcmp(form(doc, a->w1), ",") == 0) {
            a->comma_next = (int)k + 1;
            b->comma_prev = (int)k;
        }
    }
    for (size_t k = 0; !st && k < f.n; k++)
        judge(&f, k);
    /* a bare surname that is also a small place: the person */
    for (size_t k = 0; !st && k < f.n; k++) {
        mention *m = &f.m[k];
        if (!m->keep || m->demonym || m->loc_prep || m->comma_prev >= 0 || m->comma_next >= 0)
            continue;
        for (size_t i = 0; i < f.nperson; i++)
            if (f.person[i] == m->key) {
                float top = -1e9f;
                int kind = 0;
                for (size_t c = 0; c < m->ncand; c++) {
                    const pl_gentry *e = pl_gaz_entry(g, m->cand[c]);
                    if (pl_gaz_prior(e) > top) {
                        top = pl_gaz_prior(e);
                        kind = e->kind;
                    }
                }
                /* not after "in", "at": "at Bush" after "George W. Bush" is
                 * the man, but "in Lincoln" after "Abraham Lincoln" the
                 * town (tried: WikToR recall 0.824 -> 0.810) */
                if (kind != PL_GK_COUNTRY && kind != PL_GK_ADM1 && top < 5.3f)
                    m->keep = false;
                break;
            }
    }
    if (!st)
        st = resolve(&f);
    for (size_t k = 0; !st && k < f.n; k++) {
        const mention *m = &f.m[k];
        if (!m->keep || m->best < 0)
            continue;
        if (pl_grow((void **)&out->p, &out->cap, out->n + 1, sizeof *out->p, 1u << 20)) {
            st = pl_error(PARLEY_ERR_NOMEM, "out of memory finding places");
            break;
        }
        out->p[out->n++] =
            (pl_place){m->sent,           m->w0,     m->w1, m->start, m->end, m->cand[m->best],
                       m->score[m->best], m->demonym};
    }
    if (!st && settings) {
        pl_places extra = {0};
        st = find_settings(&f, doc, out, &extra);
        for (size_t i = 0; !st && i < extra.n; i++) {
            if (pl_grow((void **)&out->p, &out->cap, out->n + 1, sizeof *out->p, 1u << 20))
                st = pl_error(PARLEY_ERR_NOMEM, "out of memory finding places");
            else
                out->p[out->n++] = extra.p[i];
        }
        pl_places_release(&extra);
        if (!st && out->n > 1)
            qsort(out->p, out->n, sizeof *out->p, cmp_place);
    }
    pl_free(f.m);
    pl_free(f.cweight);
    pl_free(f.a1);
    pl_free(f.a1w);
    pl_free(f.person);
    return st;
}
