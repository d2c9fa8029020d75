/*
 * eval_events.c - `parley eval events`: code documents and compare their
 * events with a hand-annotated gold file (the format of the Wikinews
 * annotation guide, data/wikinews-events/GUIDE.md in the shared data).
 *
 * A coded and a gold event match at root level when they are in the same
 * document and sentence and have the same source country (first three
 * letters of the actor code), target country and CAMEO root. Matching is
 * one to one: each gold event takes at most one coded event, preferring
 * one that also has the full code and both full actor codes right. Over
 * the matches the finer measures are counted: the full CAMEO code, both
 * full actor codes, the event date at the gold's precision and the place.
 */
#include "code/code.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

void pl_gold_release(pl_gold_set *g)
{
    for (size_t i = 0; i < g->nlines; i++)
        json_decref(g->lines[i]);
    pl_free(g->lines);
    pl_free(g->ev);
    pl_free(g->docs);
}

static const char *jstr(json_t *obj, const char *key)
{
    json_t *v = obj ? json_object_get(obj, key) : NULL;
    return json_is_string(v) ? json_string_value(v) : "";
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int cmp_gold(const void *a, const void *b)
{
    const pl_gold_event *x = a, *y = b;
    int c = strcmp(x->doc, y->doc);
    if (c)
        return c;
    return (x->sent > y->sent) - (x->sent < y->sent);
}

/* Read the gold file: one JSON object per line, an event or a
 * {"doc_id","no_events":true} line. A malformed line is an error naming
 * the file and line: a scorer that silently drops gold is no scorer. */
parley_status pl_gold_read(const char *path, pl_gold_set *g)
{
    pl_lines *lr = NULL;
    parley_status st = pl_lines_open(path, 16u << 20, &lr);
    if (st)
        return st;
    const char *line;
    size_t len;
    while ((st = pl_lines_next(lr, &line, &len)) == PARLEY_OK) {
        size_t lineno = pl_lines_number(lr);
        size_t k = 0;
        while (k < len && (line[k] == ' ' || line[k] == '\t' || line[k] == '\r'))
            k++;
        if (k == len)
            continue;
        json_error_t err;
        json_t *obj = json_loadb(line, len, 0, &err);
        if (!obj || !json_is_object(obj)) {
            json_decref(obj);
            st = pl_error(PARLEY_ERR_FORMAT, "%s:%zu: not a JSON object (%s)", path, lineno,
                          obj ? "not an object" : err.text);
            break;
        }
        if (pl_grow((void **)&g->lines, &g->cap_lines, g->nlines + 1, sizeof *g->lines, 1u << 24)) {
            json_decref(obj);
            st = pl_error(PARLEY_ERR_NOMEM, "out of memory");
            break;
        }
        g->lines[g->nlines++] = obj;
        const char *doc = jstr(obj, "doc_id");
        if (!*doc) {
            st = pl_error(PARLEY_ERR_FORMAT, "%s:%zu: no doc_id", path, lineno);
            break;
        }
        if (pl_grow((void **)&g->docs, &g->cap_docs, g->ndocs + 1, sizeof *g->docs, 1u << 24)) {
            st = pl_error(PARLEY_ERR_NOMEM, "out of memory");
            break;
        }
        g->docs[g->ndocs++] = doc;
        if (json_is_true(json_object_get(obj, "no_events")))
            continue;
        json_t *si = json_object_get(obj, "sentence_index");
        json_t *src = json_object_get(obj, "source"), *tgt = json_object_get(obj, "target");
        const char *root = jstr(obj, "root"), *cameo = jstr(obj, "cameo");
        if (!json_is_integer(si) || !json_is_object(src) || !json_is_object(tgt) ||
            (!*root && !*cameo)) {
            st = pl_error(PARLEY_ERR_FORMAT,
                          "%s:%zu: an event needs sentence_index, source, target and cameo "
                          "or root",
                          path, lineno);
            break;
        }
        if (pl_grow((void **)&g->ev, &g->cap, g->n + 1, sizeof *g->ev, 1u << 24)) {
            st = pl_error(PARLEY_ERR_NOMEM, "out of memory");
            break;
        }
        pl_gold_event *e = &g->ev[g->n++];
        memset(e, 0, sizeof *e);
        e->doc = doc;
        e->sent = (long)json_integer_value(si);
        e->src = jstr(src, "code");
        e->tgt = jstr(tgt, "code");
        e->src_text = json_is_true(json_object_get(src, "coref")) ? "" : jstr(src, "text");
        e->tgt_text = json_is_true(json_object_get(tgt, "coref")) ? "" : jstr(tgt, "text");
        e->cameo = cameo;
        e->root = *root ? root : cameo; /* compared on two digits */
        e->date = jstr(obj, "event_date");
        json_t *pl = json_object_get(obj, "place");
        e->place = jstr(pl, "name");
        e->place_ctry = jstr(pl, "country");
        e->sentence = jstr(obj, "sentence");
    }
    pl_lines_free(lr);
    if (st == PARLEY_END)
        st = PARLEY_OK;
    if (st)
        return st;
    qsort(g->ev, g->n, sizeof *g->ev, cmp_gold);
    qsort(g->docs, g->ndocs, sizeof *g->docs, cmp_str);
    size_t u = 0;
    for (size_t i = 0; i < g->ndocs; i++)
        if (u == 0 || strcmp(g->docs[u - 1], g->docs[i]) != 0)
            g->docs[u++] = g->docs[i];
    g->ndocs = u;
    return PARLEY_OK;
}

pl_gold_event *pl_gold_doc(const pl_gold_set *g, const char *id, size_t *n)
{
    size_t lo = 0, hi = g->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (strcmp(g->ev[mid].doc, id) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    size_t e = lo;
    while (e < g->n && strcmp(g->ev[e].doc, id) == 0)
        e++;
    *n = e - lo;
    return g->ev + lo;
}

const char *const *pl_gold_find_doc(const pl_gold_set *g, const char *id)
{
    return bsearch(&id, g->docs, g->ndocs, sizeof *g->docs, cmp_str);
}

static bool same_country(const char *a, const char *b)
{
    return strncmp(a, b, 3) == 0 && strlen(a) >= 3 && strlen(b) >= 3;
}

static bool same_root(const char *a, const char *b)
{
    return strlen(a) >= 2 && strlen(b) >= 2 && a[0] == b[0] && a[1] == b[1];
}

/* The date an event is recorded with: its own event date when the coder
 * gives one, else the document's. */
static const char *coded_date(const parley_doc *doc, size_t i)
{
    const char *v = "";
    if (parley_event_date(doc, i, &v, NULL, NULL, NULL, NULL, NULL) == PARLEY_OK && *v)
        return v;
    return parley_doc_date(doc);
}

/* The coded event's date is right when it agrees with the gold at the
 * gold's precision ("2023-02" is matched by "2023-02" or any day in it). */
static bool date_right(const char *gold, const char *coded)
{
    size_t n = strlen(gold);
    return n > 0 && strncmp(gold, coded, n) == 0;
}

/* Does a hold b, case aside? */
static bool holds(const char *a, const char *b)
{
    size_t n = strlen(b);
    for (; n && *a; a++)
        if (strncasecmp(a, b, n) == 0)
            return true;
    return false;
}

/* The coded place is right when it names the gold's place: the same name
 * (case aside) or the same words in the text, or, in the gold's country,
 * one name within the other: the gold often writes the container ("El
 * Paso, Texas", "Brooklyn, New York") or the part ("northeastern Syria",
 * "the Rafah crossing"). The same rule as `parley eval event-places
 * --articles`. */
static bool place_right(const pl_gold_event *g, const parley_doc *doc, size_t i)
{
    const char *name = "", *ctry = "", *text = "";
    if (parley_event_place(doc, i, &name, &ctry, NULL, NULL, NULL, NULL, NULL, &text, NULL, NULL) !=
        PARLEY_OK)
        return false;
    if (strcasecmp(name, g->place) == 0 || strcasecmp(text, g->place) == 0)
        return true;
    return *g->place_ctry && strcmp(ctry, g->place_ctry) == 0 &&
           (holds(g->place, name) || holds(name, g->place) || holds(g->place, text) ||
            holds(text, g->place));
}

typedef struct root_count {
    size_t gold, coded, matched;
} root_count;

typedef struct tally {
    size_t docs, gold, coded, matched, full_code, roles, date, date_n, place, place_n;
    root_count by_root[21];
} tally;

static json_t *event_json(const char *doc, long sent, const char *sentence, const char *src,
                          const char *tgt, const char *cameo)
{
    return json_pack("{s:s,s:i,s:s,s:s,s:s,s:s}", "doc_id", doc, "sentence_index", (json_int_t)sent,
                     "sentence", sentence, "source", src, "target", tgt, "cameo", cameo);
}

static const char *sentence_text(const parley_doc *doc, size_t s, char *buf, size_t cap)
{
    size_t a = 0, b = 0, len = 0;
    const char *t = parley_doc_text(doc, &len);
    if (parley_doc_sentence_span(doc, s, &a, &b) || b > len || a > b)
        return "";
    size_t n = b - a < cap - 1 ? b - a : cap - 1;
    memcpy(buf, t + a, n);
    buf[n] = 0;
    return buf;
}

/* Score one coded document against its gold events g[0..n). */
static parley_status score_doc(const parley_doc *doc, pl_gold_event *g, size_t n, tally *t,
                               json_t *misses, json_t *extras)
{
    size_t ne = parley_doc_event_count(doc);
    bool *used = ne ? pl_calloc(ne, sizeof *used) : NULL;
    if (ne && !used)
        return pl_error(PARLEY_ERR_NOMEM, "out of memory");
    t->gold += n;
    t->coded += ne;
    for (size_t i = 0; i < ne; i++)
        t->by_root[pl_cameo_root_number(parley_event_root(doc, i))].coded++;
    /* two passes: exact (full code and actors) matches first, then root level */
    for (int pass = 0; pass < 2; pass++) {
        for (size_t k = 0; k < n; k++) {
            pl_gold_event *e = &g[k];
            if (e->used)
                continue;
            for (size_t i = 0; i < ne; i++) {
                if (used[i] || (long)parley_event_sentence(doc, i) != e->sent)
                    continue;
                const char *sc = "", *tc = "";
                parley_event_actor(doc, i, 0, &sc, NULL, NULL, NULL, NULL);
                parley_event_actor(doc, i, 1, &tc, NULL, NULL, NULL, NULL);
                const char *cameo = parley_event_cameo(doc, i);
                if (!same_country(sc, e->src) || !same_country(tc, e->tgt) ||
                    !same_root(parley_event_root(doc, i), e->root))
                    continue;
                bool full = strcmp(cameo, e->cameo) == 0;
                bool roles = strcmp(sc, e->src) == 0 && strcmp(tc, e->tgt) == 0;
                if (pass == 0 && !(full && roles))
                    continue;
                used[i] = true;
                e->used = true;
                t->matched++;
                t->by_root[pl_cameo_root_number(e->root)].matched++;
                t->full_code += full;
                t->roles += roles;
                if (*e->date) {
                    t->date_n++;
                    t->date += date_right(e->date, coded_date(doc, i));
                }
                if (*e->place) {
                    t->place_n++;
                    t->place += place_right(e, doc, i);
                }
                break;
            }
        }
    }
    char buf[4096];
    for (size_t k = 0; k < n; k++) {
        t->by_root[pl_cameo_root_number(g[k].root)].gold++;
        if (!g[k].used && misses)
            json_array_append_new(misses, event_json(g[k].doc, g[k].sent, g[k].sentence, g[k].src,
                                                     g[k].tgt, g[k].cameo));
    }
    for (size_t i = 0; extras && i < ne; i++) {
        if (used[i])
            continue;
        const char *sc = "", *tc = "";
        parley_event_actor(doc, i, 0, &sc, NULL, NULL, NULL, NULL);
        parley_event_actor(doc, i, 1, &tc, NULL, NULL, NULL, NULL);
        size_t s = parley_event_sentence(doc, i);
        json_t *x = event_json(parley_doc_id(doc), (long)s, sentence_text(doc, s, buf, sizeof buf),
                               sc, tc, parley_event_cameo(doc, i));
        const char *trig = "";
        parley_event_trigger(doc, i, &trig, NULL, NULL);
        json_object_set_new(x, "trigger", json_string(trig));
        json_array_append_new(extras, x);
    }
    pl_free(used);
    return PARLEY_OK;
}

static double pct(size_t a, size_t b)
{
    return b ? (double)((long)(1000.0 * (double)a / (double)b + 0.5)) / 10.0 : 0.0;
}

PARLEY_API parley_status parley_eval_events(parley_coder *c, const char *gold_path,
                                            const char *docs_path, const char *date, int verbose,
                                            char **json)
{
    if (!c || !gold_path || !docs_path || !json)
        return pl_error(PARLEY_ERR_ARG, "parley_eval_events: NULL argument");
    *json = NULL;
    pl_gold_set g;
    memset(&g, 0, sizeof g);
    tally t;
    memset(&t, 0, sizeof t);
    parley_reader *r = NULL;
    json_t *misses = verbose ? json_array() : NULL;
    json_t *extras = verbose ? json_array() : NULL;
    json_t *missing = json_array();
    char *seen = NULL;
    parley_status st = pl_gold_read(gold_path, &g);
    if (!st && g.ndocs && !(seen = pl_calloc(g.ndocs, 1)))
        st = pl_error(PARLEY_ERR_NOMEM, "out of memory");
    if (!st)
        st = parley_reader_open(docs_path, PARLEY_INPUT_AUTO, NULL, &r);
    size_t unscored = 0;
    while (!st) {
        parley_doc *doc = NULL;
        st = parley_reader_next(r, &doc);
        if (st)
            break;
        const char *id = parley_doc_id(doc);
        const char *const *hit = pl_gold_find_doc(&g, id);
        if (!hit || seen[hit - g.docs]) {
            unscored++; /* not in the gold (or a repeated id): not scored */
            parley_doc_free(doc);
            continue;
        }
        seen[hit - g.docs] = 1;
        st = parley_coder_code_doc(c, doc, date);
        if (!st) {
            size_t n = 0;
            pl_gold_event *ge = pl_gold_doc(&g, id, &n);
            t.docs++;
            st = score_doc(doc, ge, n, &t, misses, extras);
        }
        parley_doc_free(doc);
    }
    if (st == PARLEY_END)
        st = PARLEY_OK;
    parley_reader_free(r);
    if (!st) {
        for (size_t i = 0; i < g.ndocs; i++)
            if (!seen[i])
                json_array_append_new(missing, json_string(g.docs[i]));
        double p = t.coded ? (double)t.matched / (double)t.coded : 0.0;
        double rc = t.gold ? (double)t.matched / (double)t.gold : 0.0;
        double f = p + rc > 0 ? 2 * p * rc / (p + rc) : 0.0;
        json_t *roots = json_object();
        for (int k = 0; k <= 20; k++) {
            root_count *rr = &t.by_root[k];
            if (!rr->gold && !rr->coded)
                continue;
            char name[12];
            if (k)
                snprintf(name, sizeof name, "%02d", k);
            else
                strcpy(name, "--");
            json_object_set_new(roots, name,
                                json_pack("{s:I,s:I,s:I}", "gold", (json_int_t)rr->gold, "coded",
                                          (json_int_t)rr->coded, "matched",
                                          (json_int_t)rr->matched));
        }
        json_t *out =
            json_pack("{s:I,s:I,s:I,s:I,s:f,s:f,s:f,s:f,s:f,s:f,s:f,s:o,s:I,s:o}", "documents",
                      (json_int_t)t.docs, "gold_events", (json_int_t)t.gold, "coded_events",
                      (json_int_t)t.coded, "matched", (json_int_t)t.matched, "precision",
                      pct(t.matched, t.coded), "recall", pct(t.matched, t.gold), "f1",
                      (double)((long)(1000.0 * f + 0.5)) / 10.0, "full_code",
                      pct(t.full_code, t.matched), "roles", pct(t.roles, t.matched), "date",
                      pct(t.date, t.date_n), "place", pct(t.place, t.place_n), "by_root", roots,
                      "unscored_documents", (json_int_t)unscored, "missing_documents", missing);
        missing = NULL;
        if (out && verbose) {
            json_object_set_new(out, "misses", misses);
            json_object_set_new(out, "extras", extras);
            misses = extras = NULL;
        }
        *json = out ? json_dumps(out, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(4))
                    : NULL;
        json_decref(out);
        if (!*json)
            st = pl_error(PARLEY_ERR_NOMEM, "out of memory");
    }
    json_decref(misses);
    json_decref(extras);
    json_decref(missing);
    pl_free(seen);
    pl_gold_release(&g);
    return st;
}
