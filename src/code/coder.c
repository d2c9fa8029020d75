/*
 * coder.c - the coder handle: ties the stages together for one document
 * (segment -> tag/parse -> actors -> discards -> verb patterns -> events).
 * One coder per thread; the model and dictionaries are shared.
 */
#include "code/code.h"
#include "dict/dict.h"
#include "when/when.h"
#include "where/where.h"

#include <ctype.h>
#include <stdio.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

struct parley_coder {
    const parley_model *model;
    parley_parser *parser; /* NULL without a model */
    const parley_dict *dict;
    pl_verbdict *verbs;
    pl_tables *tables;
    pl_code_opts opts;
    const parley_gazetteer *gaz; /* NULL: events get no place */
    pl_events ev;                /* scratch, reused between documents */
    pl_code_actor *acts;         /* scratch for one sentence's actors */
    size_t acts_cap;
    pl_rank *rank;        /* the learned event decision; NULL = patterns alone */
    pl_rank_train *train; /* while training the event model: examples go here */
    pl_coref *coref;      /* surnames and pronouns after a full name */
    pl_rank_gold *gold;   /* the current document's gold events (training) */
    size_t ngold, gold_cap;
    uint64_t long_sentences; /* left uncoded: over PARLEY_CODE_MAX_WORDS words */
    bool trace;              /* $PARLEY_RANK_TRACE: log each sentence's actors too */
};

/* The default event model: $PARLEY_EVENTS_MODEL ("" for none), else
 * en-events.model beside the tagger/parser model. Absent: patterns alone. */
static parley_status load_default_rank(parley_coder *c)
{
    const char *env = getenv("PARLEY_EVENTS_MODEL");
    char path[PATH_MAX];
    if (env) {
        if (!*env)
            return PARLEY_OK;
        snprintf(path, sizeof path, "%s", env);
    } else {
        if (!c->model)
            return PARLEY_OK;
        const char *mp = parley_model_path(c->model);
        const char *slash = strrchr(mp, '/');
        int dl = slash ? (int)(slash - mp) : 1;
        snprintf(path, sizeof path, "%.*s/en-events.model", dl, slash ? mp : ".");
        FILE *f = fopen(path, "r");
        if (!f)
            return PARLEY_OK;
        fclose(f);
    }
    return pl_rank_load(path, "en-events.model", &c->rank);
}

PARLEY_API parley_status parley_coder_set_event_model(parley_coder *c, const char *path)
{
    if (!c)
        return pl_error(PARLEY_ERR_ARG, "parley_coder_set_event_model: NULL coder");
    pl_rank *r = NULL;
    if (path) {
        const char *slash = strrchr(path, '/');
        parley_status st = pl_rank_load(path, slash ? slash + 1 : path, &r);
        if (st)
            return st;
    }
    pl_rank_free(c->rank);
    c->rank = r;
    return PARLEY_OK;
}

PARLEY_API const char *parley_coder_event_model(const parley_coder *c)
{
    return c && c->rank ? pl_rank_name(c->rank) : "";
}

static parley_status coder_create(const parley_model *m, const parley_dict *d, bool with_rank,
                                  parley_coder **out);

PARLEY_API parley_status parley_coder_new(const parley_model *m, const parley_dict *d,
                                          parley_coder **out)
{
    return coder_create(m, d, true, out);
}

/* A coder; with_rank: load the default event model (training one must not
 * depend on the file it is about to replace). */
static parley_status coder_create(const parley_model *m, const parley_dict *d, bool with_rank,
                                  parley_coder **out)
{
    if (!out)
        return pl_error(PARLEY_ERR_ARG, "parley_coder_new: out is NULL");
    *out = NULL;
    if (!d)
        return pl_error(PARLEY_ERR_ARG, "parley_coder_new: no dictionaries");
    const char *vpath = parley_dict_verbs_path(d);
    if (!vpath)
        return pl_error(PARLEY_ERR_DICT,
                        "the dictionary set names no verb dictionary (a `verbs = FILE` line)");
    parley_coder *c = pl_calloc(1, sizeof *c);
    if (!c)
        return pl_error(PARLEY_ERR_NOMEM, "out of memory");
    c->model = m;
    c->dict = d;
    c->opts.require_dyad = true;
    c->opts.context = true;
    c->opts.coref = true;
    /* patterns name their file relative to the data directory when they
     * come from it ("petrarch2/CAMEO.2.0.txt"), so output is the same
     * wherever parley is installed */
    char dir[PATH_MAX];
    parley_status st = pl_data_dir(dir, sizeof dir);
    const char *name = vpath;
    char real[PATH_MAX];
    size_t dl = strlen(dir);
    if (!st && realpath(vpath, real) && strncmp(real, dir, dl) == 0 && real[dl] == '/')
        name = real + dl + 1;
    if (!st)
        st = pl_verbs_load_as(vpath, name, &c->verbs);
    if (!st)
        st = pl_tables_load(dir, &c->tables);
    if (!st && m)
        st = parley_parser_new(m, &c->parser);
    if (!st && !(c->coref = pl_coref_new()))
        st = pl_error(PARLEY_ERR_NOMEM, "out of memory");
    if (!st && with_rank)
        st = load_default_rank(c);
    c->trace = getenv("PARLEY_RANK_TRACE") != NULL;
    if (st) {
        parley_coder_free(c);
        return st;
    }
    *out = c;
    return PARLEY_OK;
}

PARLEY_API void parley_coder_set_require_dyad(parley_coder *c, int on)
{
    if (c)
        c->opts.require_dyad = on != 0;
}

PARLEY_API void parley_coder_set_article_context(parley_coder *c, int on)
{
    if (c)
        c->opts.context = c->opts.coref = on != 0;
}

PARLEY_API void parley_coder_set_all_modes(parley_coder *c, int on)
{
    if (c)
        c->opts.keep_negated = c->opts.keep_hypothetical = on != 0;
}

PARLEY_API void parley_coder_set_keep_negated(parley_coder *c, int on)
{
    if (c)
        c->opts.keep_negated = on != 0;
}

PARLEY_API void parley_coder_set_gazetteer(parley_coder *c, const parley_gazetteer *g)
{
    if (c)
        c->gaz = g;
}

PARLEY_API void parley_coder_free(parley_coder *c)
{
    if (!c)
        return;
    parley_parser_free(c->parser);
    pl_verbs_free(c->verbs);
    pl_tables_free(c->tables);
    pl_events_release(&c->ev);
    pl_free(c->acts);
    pl_rank_free(c->rank);
    pl_coref_free(c->coref);
    pl_free(c->gold);
    pl_free(c);
}

static bool valid_date(const char *s)
{
    if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return false;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && !isdigit((unsigned char)s[i]))
            return false;
    int m = (s[5] - '0') * 10 + (s[6] - '0'), d = (s[8] - '0') * 10 + (s[9] - '0');
    return m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

static bool parsed(const parley_doc *doc)
{
    for (size_t i = 0; i < doc->nwords; i++)
        if (doc->words[i].head < 0 || !doc->words[i].deprel)
            return false;
    return true;
}

/* The word of [w0, w1) whose head lies outside the span (the mention's
 * syntactic head); the last word if the parse says nothing better. */
static uint32_t syntactic_head(const parley_doc *doc, size_t sent, uint32_t w0, uint32_t w1)
{
    uint32_t base = doc->sents[sent].word0;
    for (uint32_t w = w0; w < w1 && w < doc->nwords; w++) {
        int32_t h = doc->words[w].head;
        if (h <= 0)
            return w;
        uint32_t hw = base + (uint32_t)h - 1;
        if (hw < w0 || hw >= w1)
            return w;
    }
    return w1 > w0 ? w1 - 1 : w0;
}

/* An actor code's country part: the first three letters ("USA" of
 * "USAGOV"); codes shorter than that have none. */
static bool has_country(const char *code)
{
    return code && strlen(code) >= 3 && strncmp(code, "---", 3) != 0;
}

/* The article's main country: the country named most often by its actor
 * mentions (the headline's count twice; international bodies and
 * unknowns left out), so that "the government", "police" or "Congress"
 * can take it. Writes "" when no mention names a country. */
static void main_country(const parley_doc *doc, pl_mention *const *m, const size_t *n, char out[4])
{
    enum { MAXC = 64 };
    char code[MAXC][4];
    unsigned count[MAXC];
    size_t nc = 0;
    out[0] = 0;
    for (size_t s = 0; s < doc->nsents; s++) {
        unsigned weight = doc->sents[s].block < doc->nblocks &&
                                  doc->blocks[doc->sents[s].block].kind == PL_BLOCK_HEADLINE
                              ? 2
                              : 1;
        for (size_t i = 0; i < n[s]; i++) {
            const char *c = m[s][i].code;
            if (!has_country(c) || strncmp(c, "IGO", 3) == 0 || strncmp(c, "NGO", 3) == 0)
                continue;
            size_t k = 0;
            while (k < nc && strncmp(code[k], c, 3) != 0)
                k++;
            if (k == nc) {
                if (nc == MAXC)
                    continue;
                memcpy(code[nc], c, 3);
                code[nc][3] = 0;
                count[nc++] = 0;
            }
            count[k] += weight;
        }
    }
    unsigned best = 0;
    for (size_t k = 0; k < nc; k++)
        if (count[k] > best) {
            best = count[k];
            memcpy(out, code[k], 4);
        }
}

/* Proper names no dictionary knows ("Judge Paul Kellar", "Peter Greste"):
 * runs of up to four PROPN words of sentence s outside every actor in
 * acts[0..k), that the gazetteer does not know as a place and that are no
 * weekday or month, each an actor of the article's country ctry (match
 * "name") for the event model, which learns when such a person acts.
 * Written from acts[k] on, at most room of them; returns how many. */
static size_t add_names(const parley_gazetteer *gaz, parley_doc *doc, size_t s, const char *ctry,
                        pl_code_actor *acts, size_t k, size_t room)
{
    static const char *const calendar[] = {
        "Monday",  "Tuesday",  "Wednesday", "Thursday", "Friday",   "Saturday", "Sunday",
        "January", "February", "March",     "April",    "June",     "July",     "August",
        "September", "October", "November", "December", NULL};
    const pl_sentence *st = &doc->sents[s];
    size_t added = 0;
    uint32_t end = st->word0 + st->nwords;
    for (uint32_t w = st->word0; w < end && added < room;) {
        if (doc->words[w].upos != PL_UPOS_PROPN) {
            w++;
            continue;
        }
        uint32_t w1 = w;
        while (w1 < end && doc->words[w1].upos == PL_UPOS_PROPN)
            w1++;
        bool taken = w1 - w > 4;
        for (size_t i = 0; i < k && !taken; i++)
            taken = acts[i].w0 < w1 && w < acts[i].w1;
        for (const char *const *m = calendar; *m && !taken && w1 - w == 1; m++)
            taken = strcmp(doc->words[w].form, *m) == 0;
        char name[160];
        size_t len = doc->words[w1 - 1].end - doc->words[w].start;
        if (!taken && len < sizeof name) {
            memcpy(name, doc->text + doc->words[w].start, len);
            name[len] = 0;
            taken = gaz && parley_gazetteer_lookup(gaz, name, NULL, 0) > 0;
        }
        if (!taken && len < sizeof name) {
            pl_code_actor *a = &acts[k + added];
            memset(a, 0, sizeof *a);
            a->w0 = w;
            a->w1 = w1;
            a->head = syntactic_head(doc, s, w, w1);
            a->start = doc->words[w].start;
            a->end = doc->words[w1 - 1].end;
            a->code = pl_arena_strndup(doc->arena, ctry, 3);
            a->match = PL_MATCH_NAME;
            a->actor = PL_NONE;
            if (a->code)
                added++;
        }
        w = w1;
    }
    return added;
}

/* The unsaid actor of sentence s: the article's country ctry, an empty
 * span at the sentence's start, its head the root of the parse.
 * PARLEY_ERR_NOT_FOUND when the sentence has no root. */
static parley_status add_implicit(parley_doc *doc, size_t s, const char *ctry, pl_code_actor *a)
{
    const pl_sentence *st = &doc->sents[s];
    uint32_t root = UINT32_MAX;
    for (uint32_t w = 0; w < st->nwords && root == UINT32_MAX; w++)
        if (doc->words[st->word0 + w].head == 0)
            root = st->word0 + w;
    if (root == UINT32_MAX)
        return PARLEY_ERR_NOT_FOUND;
    memset(a, 0, sizeof *a);
    a->w0 = a->w1 = root;
    a->head = root;
    a->start = a->end = st->start;
    a->code = pl_arena_strndup(doc->arena, ctry, 3);
    a->match = PL_MATCH_IMPLICIT;
    a->actor = PL_NONE;
    return a->code ? PARLEY_OK : pl_error(PARLEY_ERR_NOMEM, "out of memory");
}

/* Give an agent without a country ("---GOV" for "the government") the
 * article's main country, marked as matched from context. */
static parley_status fill_country(parley_doc *doc, pl_mention *m, size_t n, const char *ctry)
{
    if (!*ctry)
        return PARLEY_OK;
    for (size_t i = 0; i < n; i++) {
        const char *c = m[i].code;
        /* a named armed group without a country (al-Qaeda, ISIS: ---REB,
         * as the annotation guide codes them) stays without one */
        if (!c || strncmp(c, "---", 3) != 0 || strchr(c, '/') ||
            (m[i].match != PL_MATCH_AGENT && strncmp(c + 3, "REB", 3) == 0))
            continue;
        size_t len = strlen(c);
        char *nc = pl_arena_alloc(doc->arena, len + 1);
        if (!nc)
            return pl_error(PARLEY_ERR_NOMEM, "out of memory");
        memcpy(nc, ctry, 3);
        memcpy(nc + 3, c + 3, len - 2);
        m[i].code = nc;
        m[i].match = PL_MATCH_CONTEXT;
    }
    return PARLEY_OK;
}

/* The actor of acts[] at this span, or NULL. */
static const pl_code_actor *actor_at(const pl_code_actor *a, size_t na, const pl_event_actor *e)
{
    for (size_t i = 0; i < na; i++)
        if (a[i].start == e->start && a[i].end == e->end)
            return &a[i];
    return NULL;
}

/* Drop the sentence's events whose source and target are one entity: two
 * mentions of the same dictionary record ("Blinken ... he", an apposition
 * "Secretary Blinken, Antony Blinken"). No one acts on themselves. */
static void drop_self_events(pl_events *ev, size_t n0, const pl_code_actor *a, size_t na)
{
    size_t o = n0;
    for (size_t e = n0; e < ev->n; e++) {
        const pl_code_actor *s = actor_at(a, na, &ev->ev[e].src);
        const pl_code_actor *t = actor_at(a, na, &ev->ev[e].tgt);
        if (s && t && s->actor != UINT32_MAX && s->actor == t->actor)
            continue;
        ev->ev[o++] = ev->ev[e];
    }
    ev->n = o;
}

PARLEY_API parley_status parley_coder_code_doc(parley_coder *c, parley_doc *doc, const char *date)
{
    if (!c || !doc)
        return pl_error(PARLEY_ERR_ARG, "parley_coder_code_doc: NULL coder or document");
    if (date && *date && !valid_date(date))
        return pl_error(PARLEY_ERR_ARG, "date '%s' is not YYYY-MM-DD", date);
    doc->events = NULL;
    doc->nevents = 0;
    /* the document's own date wins */
    parley_status st = PARLEY_OK;
    if (!*doc->date && date && *date && (st = pl_doc_set(doc, &doc->date, date, strlen(date))))
        return st;
    if (doc->nsents == 0 && (st = parley_doc_segment(doc)))
        return st;
    bool to_parse = !parsed(doc);
    if (to_parse && !c->parser)
        return pl_error(PARLEY_ERR_ARG, "document '%s' is not parsed and the coder has no model",
                        doc->id);
    c->ev.n = 0;
    if (pl_dict_discard_story(c->dict, doc))
        return PARLEY_OK;
    const char *d = *doc->date ? doc->date : "";
    /* an event needs two actors (one without require_dyad) */
    size_t min_actors = c->opts.require_dyad ? 2 : 1;
    if (doc->nsents == 0)
        return pl_code_attach(doc, &c->ev);
    if (c->coref)
        pl_coref_reset(c->coref);
    pl_mention **sm = pl_arena_calloc(doc->arena, doc->nsents * sizeof *sm);
    size_t *sn = pl_arena_calloc(doc->arena, doc->nsents * sizeof *sn);
    bool *sp = pl_arena_calloc(doc->arena, doc->nsents * sizeof *sp);
    if (!sm || !sn || !sp)
        return pl_error(PARLEY_ERR_NOMEM, "out of memory");
    /* Pass 1: the actors of every sentence, so that the article's context
     * (its main country) is known before any sentence is coded. */
    for (size_t s = 0; s < doc->nsents; s++) {
        if (pl_dict_discard_sentence(c->dict, doc, s)) {
            if (c->trace)
                pl_warn("DISCARD\t%s\t%zu", doc->id, s);
            continue;
        }
        size_t cand = 0;
        if ((st = pl_dict_actor_candidates(c->dict, doc, s, d, min_actors, &cand)))
            return st;
        size_t back = c->opts.coref ? pl_coref_count(c->coref, doc, s) : 0;
        if (cand + back == 0)
            continue;
        if (cand + back >= min_actors) {
            /* Tagging and parsing are most of the cost: a sentence without
             * enough actor candidates cannot give an event and is not parsed
             * (the candidates are an upper bound, so no event is lost). */
            if (to_parse && (st = parley_parser_parse_sentence(c->parser, doc, s)))
                return st;
            sp[s] = true;
        }
        if (cand && (st = pl_dict_find_actors(c->dict, doc, s, d, &sm[s], &sn[s])))
            return st;
        if (c->opts.coref && (st = pl_coref_sentence(c->coref, c->dict, doc, s, &sm[s], &sn[s])))
            return st;
    }
    char ctry[4] = "";
    if (c->opts.context)
        main_country(doc, sm, sn, ctry);
    /* Pass 2: code the sentences that can hold an event. */
    for (size_t s = 0; s < doc->nsents; s++) {
        pl_mention *m = sm[s];
        size_t n = sn[s];
        if (!sp[s] || n == 0)
            continue;
        if ((st = fill_country(doc, m, n, ctry)))
            return st;
        /* a city or capital that is only the setting ("in Chicago", "at a
         * summit in Beijing") is no actor; "Beijing said" stays one */
        if (c->gaz) {
            size_t o = 0;
            for (size_t i = 0; i < n; i++)
                if (!(m[i].match == PL_MATCH_PLACE &&
                      parley_mention_is_place(c->gaz, doc, s, m[i].w0, m[i].w1)))
                    m[o++] = m[i];
            n = o;
        }
        size_t need = 0;
        for (size_t i = 0; i < n; i++)
            need += m[i].code ? 1 + strlen(m[i].code) / 2 : 0;
        /* room for the unsaid actor and the unknown names too */
        need += 1 + doc->sents[s].nwords;
        if (pl_grow((void **)&c->acts, &c->acts_cap, need + 1, sizeof *c->acts, 1u << 20))
            return pl_error(PARLEY_ERR_NOMEM, "out of memory");
        size_t k = 0;
        for (size_t i = 0; i < n; i++) {
            if (!m[i].code || !*m[i].code)
                continue;
            /* "FRO/BIL/SAM": one mention standing for several actors */
            const char *code = m[i].code;
            while (*code) {
                const char *slash = strchr(code, '/');
                size_t len = slash ? (size_t)(slash - code) : strlen(code);
                if (len > 0) {
                    pl_code_actor *a = &c->acts[k++];
                    a->w0 = m[i].w0;
                    a->w1 = m[i].w1;
                    a->head = syntactic_head(doc, s, m[i].w0, m[i].w1);
                    a->start = m[i].start;
                    a->end = m[i].end;
                    a->code = slash ? pl_arena_strndup(doc->arena, code, len) : code;
                    a->match = m[i].match;
                    a->actor = m[i].actor;
                    if (!a->code)
                        return pl_error(PARLEY_ERR_NOMEM, "out of memory");
                }
                code += len + (slash ? 1 : 0);
            }
        }
        for (size_t i = 0; c->trace && i < k; i++)
            pl_warn("ACT\t%s\t%zu\t%s\t%u\t%u\t%d", doc->id, s, c->acts[i].code,
                    (unsigned)c->acts[i].start, (unsigned)c->acts[i].end, (int)c->acts[i].match);
        if (doc->sents[s].nwords > PARLEY_CODE_MAX_WORDS && k >= min_actors) {
            /* the matcher's arrays stop there: say so rather than code nothing in silence */
            c->long_sentences++;
            pl_warn("document '%s': sentence_index %zu has %zu words, more than the %d the coder "
                    "reads; not coded",
                    doc->id, s, (size_t)doc->sents[s].nwords, PARLEY_CODE_MAX_WORDS);
            continue;
        }
        size_t n0 = c->ev.n;
        if ((st = pl_code_sentence(c->verbs, c->tables, doc, s, c->acts, k, &c->opts, &c->ev)))
            return st;
        /* the event model also weighs an actor the sentence leaves unsaid
         * (passives: "was arrested", "were sentenced"), of the article's
         * country, standing at the sentence's root, as a source only (see
         * rank.c): the patterns never see it */
        size_t ka = k;
        if ((c->rank || c->train) && c->opts.context && ctry[0] && k > 0 &&
            (st = add_implicit(doc, s, ctry, &c->acts[ka])) == PARLEY_OK)
            ka++;
        else if (st == PARLEY_ERR_NOT_FOUND)
            st = PARLEY_OK;
        if (st)
            return st;
        if ((c->rank || c->train) && c->opts.context && ctry[0])
            ka += add_names(c->gaz, doc, s, ctry, c->acts, ka, need - ka);
        if ((c->rank || c->train) &&
            (st = pl_rank_sentence(c->train ? NULL : c->rank, c->train, c->verbs, c->tables, doc, s,
                                   c->acts, ka, &c->ev, n0)))
            return st;
        drop_self_events(&c->ev, n0, c->acts, ka);
    }
    if ((st = pl_code_attach(doc, &c->ev)))
        return st;
    /* the calls into the dates and places stages: each event's own date and place */
    if ((st = pl_when_date_events(doc)))
        return st;
    return c->gaz ? pl_where_locate_events(c->gaz, doc) : PARLEY_OK;
}

/* ---------------------------------------------------------------------- */
/* Training the event model */

PARLEY_API parley_status parley_event_model_train(const parley_model *m, const parley_dict *d,
                                                  const char *docs_path, const char *gold_path,
                                                  int epochs, const char *out_path, char **report)
{
    if (!m || !d || !docs_path || !gold_path || !out_path)
        return pl_error(PARLEY_ERR_ARG, "parley_event_model_train: NULL argument");
    if (report)
        *report = NULL;
    if (epochs <= 0)
        epochs = 5;
    pl_gold_set g;
    memset(&g, 0, sizeof g);
    parley_coder *c = NULL;
    parley_reader *r = NULL;
    size_t ndocs = 0;
    parley_status st = pl_gold_read(gold_path, &g);
    if (!st)
        st = coder_create(m, d, false, &c);
    if (!st)
        st = pl_rank_train_new(&c->train);
    if (!st)
        st = parley_reader_open(docs_path, PARLEY_INPUT_AUTO, NULL, &r);
    while (!st) {
        parley_doc *doc = NULL;
        if ((st = parley_reader_next(r, &doc)))
            break;
        const char *id = parley_doc_id(doc);
        if (!pl_gold_find_doc(&g, id)) {
            parley_doc_free(doc);
            continue; /* not annotated: nothing to learn from */
        }
        size_t n = 0;
        pl_gold_event *ge = pl_gold_doc(&g, id, &n);
        if (pl_grow((void **)&c->gold, &c->gold_cap, n + 1, sizeof *c->gold, 1u << 20)) {
            parley_doc_free(doc);
            st = pl_error(PARLEY_ERR_NOMEM, "out of memory");
            break;
        }
        size_t k = 0;
        for (size_t i = 0; i < n; i++) {
            int root = pl_cameo_root_number(ge[i].root);
            if (!root || strlen(ge[i].src) < 3 || strlen(ge[i].tgt) < 3)
                continue; /* not a CAMEO root (e.g. "00"), or no country to learn */
            pl_rank_gold *x = &c->gold[k++];
            memset(x, 0, sizeof *x);
            x->sent = (size_t)ge[i].sent;
            memcpy(x->src, ge[i].src, 3);
            memcpy(x->tgt, ge[i].tgt, 3);
            x->src_text = ge[i].src_text;
            x->tgt_text = ge[i].tgt_text;
            x->root = root;
            snprintf(x->cameo, sizeof x->cameo, "%s", ge[i].cameo);
        }
        pl_rank_train_set_gold(c->train, c->gold, k);
        st = parley_coder_code_doc(c, doc, NULL);
        ndocs++;
        parley_doc_free(doc);
    }
    if (st == PARLEY_END)
        st = PARLEY_OK;
    parley_reader_free(r);
    size_t pos = 0, nex = 0, fit = 0, fitpos = 0;
    if (!st) {
        nex = pl_rank_train_examples(c->train, &pos);
        st = pl_rank_train_write(c->train, epochs, out_path);
        pl_rank_train_fit(c->train, &fit, &fitpos);
    }
    if (!st && report) {
        char buf[256];
        snprintf(buf, sizeof buf,
                 "{\"documents\":%zu,\"candidates\":%zu,\"positive\":%zu,\"epochs\":%d,"
                 "\"train_fit\":%zu,\"train_fit_positive\":%zu}",
                 ndocs, nex, pos, epochs, fit, fitpos);
        *report = pl_strdup(buf);
    }
    if (c) {
        pl_rank_train_free(c->train);
        c->train = NULL;
    }
    parley_coder_free(c);
    pl_gold_release(&g);
    return st;
}

PARLEY_API uint64_t parley_coder_long_sentences(const parley_coder *c)
{
    return c ? c->long_sentences : 0;
}
