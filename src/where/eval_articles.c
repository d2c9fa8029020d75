/*
 * eval_articles.c - event places on real-news articles: the gold events of
 * the Wikinews annotation (data/wikinews/GUIDE.md), each placed as the
 * coder places its events, whatever events the coder itself finds. The
 * coder-independent companion of `parley eval events` (whose "place" is
 * over the events it matched).
 */
#include "where/where.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The head word of the mention text in sentence si (UINT32_MAX: not found). */
static uint32_t mention_head(const parley_doc *doc, uint32_t si, const char *text)
{
    const pl_sentence *S = &doc->sents[si];
    if (!text || !*text)
        return UINT32_MAX;
    size_t n = strlen(text);
    const char *at = strstr(doc->text + S->start, text);
    if (!at || (size_t)(at - doc->text) + n > S->end)
        return UINT32_MAX;
    uint32_t w0 = pl_where_word_at(doc, si, (uint32_t)(at - doc->text));
    uint32_t w1 = pl_where_word_at(doc, si, (uint32_t)(at - doc->text + n - 1));
    if (w0 == UINT32_MAX || w1 == UINT32_MAX)
        return UINT32_MAX;
    for (uint32_t w = w0; w <= w1; w++) {
        int32_t h = doc->words[w].head;
        uint32_t hw = h > 0 ? S->word0 + (uint32_t)h - 1 : UINT32_MAX;
        if (hw == UINT32_MAX || hw < w0 || hw > w1)
            return w;
    }
    return w1;
}

/* The event's predicate: the first verb above its source (else its
 * target), else the sentence's root. */
static uint32_t predicate(const parley_doc *doc, uint32_t si, const uint32_t act[2])
{
    const pl_sentence *S = &doc->sents[si];
    for (int q = 0; q < 2; q++) {
        uint32_t w = act[q];
        for (int step = 0; w != UINT32_MAX && step < 32; step++) {
            const pl_word *x = &doc->words[w];
            if (step > 0 && x->upos == PL_UPOS_VERB)
                return w;
            if (x->head <= 0)
                break;
            w = S->word0 + (uint32_t)x->head - 1;
        }
    }
    for (uint32_t k = S->word0; k < S->word0 + S->nwords; k++)
        if (doc->words[k].head == 0)
            return k;
    return S->nwords ? S->word0 : UINT32_MAX;
}

static bool contains(const char *a, const char *b)
{
    size_t n = strlen(b);
    if (!n)
        return false;
    for (; *a; a++)
        if (strncasecmp(a, b, n) == 0)
            return true;
    return false;
}

/* Our place names the gold's: the same name or text (case aside), or in
 * the same country one within the other ("El Paso" for "El Paso, Texas",
 * "Syria" for "northeastern Syria"). */
static bool same_place(const char *name, const char *text, const char *ctry, const char *gname,
                       const char *gctry)
{
    if (!strcasecmp(name, gname) || !strcasecmp(text, gname))
        return true;
    if (!*gctry || strcmp(ctry, gctry) != 0)
        return false;
    return contains(gname, name) || contains(name, gname) || contains(gname, text) ||
           contains(text, gname);
}

static parley_status next_article(parley_reader **rd, const char *path, const char *id,
                                  parley_doc **doc)
{
    bool rewound = false;
    parley_status st = PARLEY_OK;
    while (!*doc || strcmp((*doc)->id, id) != 0) {
        parley_doc_free(*doc);
        *doc = NULL;
        st = parley_reader_next(*rd, doc);
        if (st == PARLEY_END && !rewound) {
            /* a gold line out of the articles' order: from the start, once */
            rewound = true;
            parley_reader_free(*rd);
            *rd = NULL;
            if ((st = parley_reader_open(path, PARLEY_INPUT_JSONL, NULL, rd)))
                return st;
            st = parley_reader_next(*rd, doc);
        }
        if (st == PARLEY_END)
            return pl_error(PARLEY_ERR_NOT_FOUND, "article '%s' not in %s", id, path);
        if (st)
            return st;
    }
    return PARLEY_OK;
}

PARLEY_API parley_status parley_eval_article_places(const parley_gazetteer *g,
                                                    const parley_model *m,
                                                    const char *articles_path,
                                                    const char *gold_path, int verbose, char **json)
{
    if (!json)
        return pl_error(PARLEY_ERR_ARG, "parley_eval_article_places: json is NULL");
    *json = NULL;
    if (!g || !m || !articles_path || !gold_path)
        return pl_error(PARLEY_ERR_ARG, "parley_eval_article_places: NULL argument");
    json_t *misses = verbose ? json_array() : NULL;
    parley_parser *p = NULL;
    parley_reader *rd = NULL;
    pl_lines *gl = NULL;
    parley_doc *doc = NULL;
    pl_places ps = {0};
    parley_status st = parley_parser_new(m, &p);
    if (!st)
        st = parley_reader_open(articles_path, PARLEY_INPUT_JSONL, NULL, &rd);
    if (!st)
        st = pl_lines_open(gold_path, (size_t)1 << 20, &gl);
    int news = -1;
    size_t events = 0, with_place = 0, right = 0, wrong = 0, missed = 0, false_places = 0,
           not_found = 0;
    const char *line;
    size_t len;
    while (!st && (st = pl_lines_next(gl, &line, &len)) == PARLEY_OK) {
        json_error_t jerr;
        json_t *o = json_loadb(line, len, 0, &jerr);
        if (!o || !json_is_object(o)) {
            json_decref(o);
            st = pl_error(PARLEY_ERR_FORMAT, "%s:%zu: not a JSON object: %s", gold_path,
                          pl_lines_number(gl), jerr.text);
            break;
        }
        const char *id = json_string_value(json_object_get(o, "doc_id"));
        const char *sent = json_string_value(json_object_get(o, "sentence"));
        if (!id || !sent || json_is_true(json_object_get(o, "no_events"))) {
            json_decref(o);
            continue;
        }
        json_t *gp = json_object_get(o, "place");
        const char *gname = json_string_value(json_object_get(gp, "name"));
        const char *gctry = json_string_value(json_object_get(gp, "country"));
        gname = gname ? gname : "";
        gctry = gctry ? gctry : "";
        events++;
        if (!doc || strcmp(doc->id, id) != 0) {
            st = next_article(&rd, articles_path, id, &doc);
            if (st) {
                char why[256];
                snprintf(why, sizeof why, "%s", parley_errmsg());
                st = pl_error(st, "%s:%zu: %s", gold_path, pl_lines_number(gl), why);
                json_decref(o);
                break;
            }
            if (!(st = parley_doc_segment(doc)) && !(st = parley_parser_parse_doc(p, doc)))
                st = pl_where_find(g, doc, true, &ps);
            news = st ? -1 : pl_where_news_place(g, doc, &ps);
            if (st) {
                json_decref(o);
                break;
            }
        }
        const char *at = strstr(doc->text, sent);
        uint32_t si = UINT32_MAX;
        for (size_t s = 0; at && s < doc->nsents; s++)
            if (doc->sents[s].start <= (size_t)(at - doc->text) &&
                (size_t)(at - doc->text) < doc->sents[s].end)
                si = (uint32_t)s;
        if (si == UINT32_MAX) {
            not_found++;
            json_decref(o);
            continue;
        }
        const char *src = json_string_value(json_object_get(json_object_get(o, "source"), "text"));
        const char *tgt = json_string_value(json_object_get(json_object_get(o, "target"), "text"));
        uint32_t act[2] = {mention_head(doc, si, src), mention_head(doc, si, tgt)};
        uint32_t v = predicate(doc, si, act);
        const char *root = json_string_value(json_object_get(o, "root"));
        if (!root)
            root = json_string_value(json_object_get(o, "cameo"));
        int k = v == UINT32_MAX ? -1 : pl_where_event_place(g, doc, &ps, news, si, v, act, root);
        const char *name = "", *ctry = "";
        char text[256] = "";
        if (k >= 0) {
            const pl_place *pl = &ps.p[k];
            size_t n =
                pl->end - pl->start < sizeof text - 1 ? pl->end - pl->start : sizeof text - 1;
            memcpy(text, doc->text + pl->start, n);
            text[n] = '\0';
            name = text;
            if (pl->entry != PL_PLACE_UNRESOLVED) {
                const pl_gentry *e = pl_gaz_entry(g, pl->entry);
                const pl_gcountry *c = pl_gaz_country(g, e->country);
                name = pl_gaz_str(g, e->name);
                ctry = c ? c->iso3 : "";
            }
        }
        bool ok = false;
        if (*gname) {
            with_place++;
            ok = k >= 0 && same_place(name, text, ctry, gname, gctry);
            right += ok;
            wrong += k >= 0 && !ok;
            missed += k < 0;
        } else {
            false_places += k >= 0;
            ok = k < 0;
        }
        if (misses && !ok) {
            json_t *x =
                json_pack("{s:s,s:i,s:s,s:s,s:s,s:s}", "doc", id, "sentence_index", (json_int_t)si,
                          "gold", gname, "system", name, "text", text, "sentence", sent);
            if (x)
                json_array_append_new(misses, x);
        }
        json_decref(o);
    }
    if (st == PARLEY_END)
        st = PARLEY_OK;
    if (!st) {
        size_t pred = right + wrong + false_places;
        double pr = pred ? (double)right / (double)pred : 0;
        double rc = with_place ? (double)right / (double)with_place : 0;
        json_t *out = json_pack("{s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:f,s:f,s:f}", "events",
                                (json_int_t)events, "sentence_not_found", (json_int_t)not_found,
                                "with_place", (json_int_t)with_place, "right", (json_int_t)right,
                                "wrong", (json_int_t)wrong, "missed", (json_int_t)missed,
                                "false_places", (json_int_t)false_places, "precision", pr, "recall",
                                rc, "f1", pr + rc > 0 ? 2 * pr * rc / (pr + rc) : 0.0);
        if (out && misses)
            json_object_set(out, "misses", misses);
        char *s = out ? json_dumps(out, JSON_REAL_PRECISION(4) | JSON_COMPACT) : NULL;
        json_decref(out);
        *json = s ? pl_strdup(s) : NULL;
        free(s);
        if (!*json)
            st = pl_error(PARLEY_ERR_NOMEM, "out of memory");
    }
    json_decref(misses);
    pl_places_release(&ps);
    parley_doc_free(doc);
    pl_lines_free(gl);
    parley_reader_free(rd);
    parley_parser_free(p);
    return st;
}
