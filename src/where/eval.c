/*
 * eval.c - scoring place names against gold corpora: the EUPEG layout
 * (LGL, GeoVirus, WikToR: a gold line per document, character offsets)
 * with the EUPEG metric, and event-location records (the place of a
 * sentence's verb).
 */
#include "where/where.h"

#include <dirent.h>
#include <errno.h>
#include <jansson.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------------------- */
/* EUPEG gold lines */

/* Parse one gold line: "gaz,,surface,,lat,,lon,,start,,end[,,extra]||...". */
parley_status pl_where_eupeg_line(const char *line, size_t len, const char *file, size_t lineno,
                                  topo_list *out)
{
    out->n = 0;
    size_t i = 0;
    while (i < len) {
        /* one toponym: up to "||" */
        size_t j = i;
        while (j < len && !(line[j] == '|' && j + 1 < len && line[j + 1] == '|'))
            j++;
        if (j > i) {
            const char *f[8];
            size_t fl[8], nf = 0;
            size_t k = i, s = i;
            while (k <= j && nf < 8) {
                if (k == j || (line[k] == ',' && k + 1 < j && line[k + 1] == ',')) {
                    f[nf] = line + s;
                    fl[nf++] = k - s;
                    k += 2;
                    s = k;
                    continue;
                }
                k++;
            }
            if (nf < 6)
                return pl_error(PARLEY_ERR_FORMAT, "%s:%zu: a toponym with %zu fields, not 6 or 7",
                                file, lineno, nf);
            char num[4][40];
            for (int q = 0; q < 4; q++) {
                size_t l = fl[2 + q] < sizeof num[q] - 1 ? fl[2 + q] : sizeof num[q] - 1;
                memcpy(num[q], f[2 + q], l);
                num[q][l] = '\0';
            }
            char *e0, *e1, *e2, *e3;
            double lat = strtod(num[0], &e0), lon = strtod(num[1], &e1);
            long st = strtol(num[2], &e2, 10), en = strtol(num[3], &e3, 10);
            if (*e0 || *e1 || *e2 || *e3 || !isfinite(lat) || !isfinite(lon) || fabs(lat) > 90 ||
                fabs(lon) > 180 || st < 0 || en < st)
                return pl_error(PARLEY_ERR_FORMAT, "%s:%zu: bad coordinates or offsets", file,
                                lineno);
            if (pl_grow((void **)&out->t, &out->cap, out->n + 1, sizeof *out->t, 1u << 20))
                return pl_error(PARLEY_ERR_NOMEM, "out of memory reading %s", file);
            gold_topo *t = &out->t[out->n++];
            size_t sl = fl[1] < sizeof t->surface - 1 ? fl[1] : sizeof t->surface - 1;
            memcpy(t->surface, f[1], sl);
            t->surface[sl] = '\0';
            t->lat = lat;
            t->lon = lon;
            t->start = st;
            t->end = en;
            t->matched = false;
        }
        i = j + 2;
    }
    return PARLEY_OK;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

typedef struct scores {
    size_t docs, gold, pred, matched;
    double *err;
    size_t nerr, errcap;
} scores;

static parley_status read_doc(const char *path, pl_buf *b)
{
    pl_buf_clear(b);
    return pl_buf_read_file(b, path);
}

/* Character index of every byte offset of text (UTF-8 lead bytes count). */
static parley_status char_index(const char *text, size_t len, long **out, size_t *cap)
{
    if (pl_grow((void **)out, cap, len + 1, sizeof **out, (size_t)1 << 30))
        return pl_error(PARLEY_ERR_NOMEM, "out of memory");
    long c = 0;
    for (size_t i = 0; i <= len; i++) {
        (*out)[i] = c;
        if (i < len && ((unsigned char)text[i] & 0xC0) != 0x80)
            c++;
    }
    return PARLEY_OK;
}

/* Score one document's predictions against its gold toponyms (EUPEG: the
 * same surface text, span mid-points under 10 characters apart). */
static parley_status score_doc(const pl_gaz *g, const parley_doc *doc, const pl_places *ps,
                               topo_list *gold, const long *cix, scores *sc)
{
    sc->gold += gold->n;
    if (getenv("PL_WHERE_DEBUG"))
        for (size_t k = 0; k < gold->n; k++) {
            bool found = false;
            for (size_t i = 0; i < ps->n && !found; i++)
                found = labs(cix[ps->p[i].start] - gold->t[k].start) < 10;
            if (!found)
                pl_warn("FN\t%s", gold->t[k].surface);
        }
    sc->pred += ps->n;
    for (size_t i = 0; i < ps->n; i++) {
        const pl_place *p = &ps->p[i];
        double pm = (cix[p->start] + cix[p->end]) / 2.0;
        size_t plen = p->end - p->start;
        int hit = -1;
        double hd = 1e9;
        for (size_t k = 0; k < gold->n; k++) {
            gold_topo *t = &gold->t[k];
            if (t->matched || strlen(t->surface) != plen ||
                memcmp(t->surface, doc->text + p->start, plen) != 0)
                continue;
            double d = fabs((t->start + t->end) / 2.0 - pm);
            if (d < 10 && d < hd) {
                hd = d;
                hit = (int)k;
            }
        }
        if (hit < 0) {
            if (getenv("PL_WHERE_DEBUG"))
                pl_warn("FP\t%.*s\t%s", (int)plen, doc->text + p->start,
                        pl_gaz_str(g, pl_gaz_entry(g, p->entry)->name));
            continue;
        }
        gold_topo *t = &gold->t[hit];
        t->matched = true;
        sc->matched++;
        const pl_gentry *e = pl_gaz_entry(g, p->entry);
        double km = pl_gaz_km(t->lat, t->lon, e->lat / 1e5, e->lon / 1e5);
        if (getenv("PL_WHERE_DEBUG") && km > 161) {
            char feat[12];
            const pl_gcountry *c = pl_gaz_country(g, e->country);
            pl_warn("FAR\t%s\t%s %s %s\t%.0f", t->surface, pl_gaz_str(g, e->name), c ? c->iso3 : "",
                    pl_gaz_feature(e, feat), km);
        }
        if (pl_grow((void **)&sc->err, &sc->errcap, sc->nerr + 1, sizeof *sc->err, 1u << 24))
            return pl_error(PARLEY_ERR_NOMEM, "out of memory");
        sc->err[sc->nerr++] = km;
    }
    return PARLEY_OK;
}

static char *scores_json(scores *sc)
{
    if (sc->nerr > 1)
        qsort(sc->err, sc->nerr, sizeof *sc->err, cmp_double);
    size_t ok = 0;
    double sum = 0, auc = 0;
    for (size_t i = 0; i < sc->nerr; i++) {
        ok += sc->err[i] <= 161.0;
        sum += sc->err[i];
    }
    /* AUC of the sorted log errors, as Jurgens et al. 2015 and EUPEG: the
     * trapezoid area normalized by the largest possible error */
    if (sc->nerr > 1) {
        for (size_t i = 1; i < sc->nerr; i++)
            auc += (log(1 + sc->err[i - 1]) + log(1 + sc->err[i])) / 2.0;
        auc /= (double)(sc->nerr - 1) * log(20039.0);
    }
    double median = 0;
    if (sc->nerr)
        median = sc->nerr % 2 ? sc->err[sc->nerr / 2]
                              : (sc->err[sc->nerr / 2 - 1] + sc->err[sc->nerr / 2]) / 2.0;
    double p = sc->pred ? (double)sc->matched / sc->pred : 0;
    double r = sc->gold ? (double)sc->matched / sc->gold : 0;
    char buf[768];
    snprintf(buf, sizeof buf,
             "{\"documents\":%zu,\"gold\":%zu,\"predicted\":%zu,\"matched\":%zu,"
             "\"precision\":%.4f,\"recall\":%.4f,\"f1\":%.4f,\"acc161\":%.4f,\"mean_km\":%.1f,"
             "\"median_km\":%.1f,\"auc\":%.4f,\"acc161_all\":%.4f}",
             sc->docs, sc->gold, sc->pred, sc->matched, p, r, p + r > 0 ? 2 * p * r / (p + r) : 0,
             sc->nerr ? (double)ok / sc->nerr : 0, sc->nerr ? sum / sc->nerr : 0, median, auc,
             sc->gold ? (double)ok / sc->gold : 0);
    return pl_strdup(buf);
}

/* The one *_gold.txt file of dir. */
static parley_status find_gold(const char *dir, char *out, size_t cap)
{
    DIR *d = opendir(dir);
    if (!d)
        return pl_error(PARLEY_ERR_IO, "%s: cannot open the corpus folder: %s", dir,
                        strerror(errno));
    struct dirent *de;
    bool found = false;
    while ((de = readdir(d))) {
        size_t l = strlen(de->d_name);
        if (l > 9 && strcmp(de->d_name + l - 9, "_gold.txt") == 0) {
            snprintf(out, cap, "%s/%s", dir, de->d_name);
            found = true;
            break;
        }
    }
    closedir(d);
    return found ? PARLEY_OK
                 : pl_error(PARLEY_ERR_NOT_FOUND, "%s: no *_gold.txt file (EUPEG layout)", dir);
}

PARLEY_API parley_status parley_eval_places(const parley_gazetteer *g, const parley_model *m,
                                            const char *corpus_dir, char **json)
{
    if (!json)
        return pl_error(PARLEY_ERR_ARG, "parley_eval_places: json is NULL");
    *json = NULL;
    if (!g || !corpus_dir)
        return pl_error(PARLEY_ERR_ARG, "parley_eval_places: NULL gazetteer or corpus");
    char gold_path[PATH_MAX];
    parley_status st = find_gold(corpus_dir, gold_path, sizeof gold_path);
    if (st)
        return st;
    pl_lines *lines;
    if ((st = pl_lines_open(gold_path, (size_t)1 << 26, &lines)))
        return st;
    parley_parser *parser = NULL;
    if (m && (st = parley_parser_new(m, &parser))) {
        pl_lines_free(lines);
        return st;
    }
    scores sc = {0};
    topo_list gold = {0};
    pl_places ps = {0};
    pl_buf text;
    pl_buf_init(&text, (size_t)1 << 26);
    long *cix = NULL;
    size_t cixcap = 0;
    const char *line;
    size_t len;
    while (!st && (st = pl_lines_next(lines, &line, &len)) == PARLEY_OK) {
        size_t lineno = pl_lines_number(lines);
        if ((st = pl_where_eupeg_line(line, len, gold_path, lineno, &gold)))
            break;
        char dpath[PATH_MAX];
        snprintf(dpath, sizeof dpath, "%s/eupeg_docs/%zu", corpus_dir, lineno - 1);
        if ((st = read_doc(dpath, &text)))
            break;
        parley_doc *doc = NULL;
        st = parley_doc_new(NULL, NULL, text.data, text.len, &doc);
        if (!st)
            st = parley_doc_segment(doc);
        if (!st && parser)
            st = parley_parser_parse_doc(parser, doc);
        if (!st)
            st = pl_where_find(g, doc, false, &ps);
        if (!st)
            st = char_index(doc->text, doc->text_len, &cix, &cixcap);
        if (!st)
            st = score_doc(g, doc, &ps, &gold, cix, &sc);
        sc.docs++;
        parley_doc_free(doc);
    }
    if (st == PARLEY_END)
        st = PARLEY_OK;
    if (!st && !(*json = scores_json(&sc)))
        st = pl_error(PARLEY_ERR_NOMEM, "out of memory");
    pl_lines_free(lines);
    parley_parser_free(parser);
    pl_free(sc.err);
    pl_free(gold.t);
    pl_free(cix);
    pl_places_release(&ps);
    pl_buf_release(&text);
    return st;
}

/* ---------------------------------------------------------------------- */
/* Event-location records */

typedef struct span {
    long start, end; /* characters */
} span;

typedef struct ev_record {
    const char *text;
    span verb;
    span loc[16];
    size_t nloc;
    bool rejected; /* Prodigy answer "reject" or "ignore": not gold */
} ev_record;

/* Read one record from a JSON line; false (with why) when unusable. */
static bool ev_parse(json_t *o, ev_record *r, const char **why)
{
    memset(r, 0, sizeof *r);
    r->verb.start = -1;
    r->text = json_string_value(json_object_get(o, "text"));
    if (!r->text) {
        *why = "no \"text\" string";
        return false;
    }
    const char *ans = json_string_value(json_object_get(o, "answer"));
    r->rejected = ans && strcmp(ans, "accept") != 0;
    json_t *spans = json_object_get(o, "spans");
    if (!json_is_array(spans)) {
        *why = "no \"spans\" array";
        return false;
    }
    /* the tokens' character offsets: some spans' own start and end are
     * token numbers, but their token_start/token_end are right */
    json_t *tokens = json_object_get(o, "tokens");
    size_t ntok = json_is_array(tokens) ? json_array_size(tokens) : 0;
    size_t i;
    json_t *sp;
    json_array_foreach(spans, i, sp)
    {
        const char *label = json_string_value(json_object_get(sp, "label"));
        json_t *js = json_object_get(sp, "start"), *je = json_object_get(sp, "end");
        if (!label || !json_is_integer(js) || !json_is_integer(je) || json_integer_value(js) < 0 ||
            json_integer_value(je) < json_integer_value(js)) {
            *why = "a span without label, start and end";
            return false;
        }
        span x = {(long)json_integer_value(js), (long)json_integer_value(je)};
        json_t *ts = json_object_get(sp, "token_start"), *te = json_object_get(sp, "token_end");
        if (json_is_integer(ts) && json_is_integer(te) && json_integer_value(ts) >= 0 &&
            json_integer_value(te) >= json_integer_value(ts) &&
            (size_t)json_integer_value(te) < ntok) {
            json_t *a = json_array_get(tokens, (size_t)json_integer_value(ts));
            json_t *b = json_array_get(tokens, (size_t)json_integer_value(te));
            json_t *as = json_object_get(a, "start"), *be = json_object_get(b, "end");
            if (json_is_integer(as) && json_is_integer(be) &&
                json_integer_value(be) > json_integer_value(as) && json_integer_value(as) >= 0) {
                x.start = (long)json_integer_value(as);
                x.end = (long)json_integer_value(be);
            }
        }
        if (strcmp(label, "VERB") == 0 && r->verb.start < 0)
            r->verb = x;
        else if (strcmp(label, "LOCATION") == 0 && r->nloc < 16)
            r->loc[r->nloc++] = x;
    }
    if (r->verb.start < 0) {
        *why = "no VERB span";
        return false;
    }
    return true;
}

PARLEY_API parley_status parley_eval_event_places(const parley_gazetteer *g, const parley_model *m,
                                                  const char *path, char **json)
{
    if (!json)
        return pl_error(PARLEY_ERR_ARG, "parley_eval_event_places: json is NULL");
    *json = NULL;
    if (!g || !path)
        return pl_error(PARLEY_ERR_ARG, "parley_eval_event_places: NULL gazetteer or path");
    pl_lines *lines;
    parley_status st = pl_lines_open(path, (size_t)1 << 24, &lines);
    if (st)
        return st;
    parley_parser *parser = NULL;
    if (m && (st = parley_parser_new(m, &parser))) {
        pl_lines_free(lines);
        return st;
    }
    size_t records = 0, bad = 0, skipped = 0, gold = 0, pred = 0, correct = 0, exact = 0,
           none_right = 0, with_place_name = 0;
    pl_places ps = {0};
    long *cix = NULL;
    size_t cixcap = 0;
    const char *line;
    size_t len;
    while ((st = pl_lines_next(lines, &line, &len)) == PARLEY_OK) {
        size_t lineno = pl_lines_number(lines);
        if (len == 0)
            continue;
        records++;
        json_error_t jerr;
        json_t *o = json_loadb(line, len, 0, &jerr);
        ev_record r;
        const char *why = jerr.text;
        if (!o || !ev_parse(o, &r, &why)) {
            pl_warn("%s:%zu: %s, record skipped", path, lineno, why);
            bad++;
            json_decref(o);
            continue;
        }
        if (r.rejected) {
            skipped++;
            json_decref(o);
            continue;
        }
        parley_doc *doc = NULL;
        st = parley_doc_new(NULL, NULL, r.text, strlen(r.text), &doc);
        if (!st)
            st = parley_doc_segment(doc);
        if (!st && parser)
            st = parley_parser_parse_doc(parser, doc);
        if (!st)
            st = pl_where_find(g, doc, true, &ps);
        if (!st)
            st = char_index(doc->text, doc->text_len, &cix, &cixcap);
        if (st) {
            parley_doc_free(doc);
            json_decref(o);
            break;
        }
        /* the verb's word: the first whose characters overlap the span */
        int chosen = -1;
        for (size_t w = 0; w < doc->nwords && chosen < 0; w++) {
            long ws = cix[doc->words[w].start], we = cix[doc->words[w].end];
            if (ws < r.verb.end && we > r.verb.start) {
                size_t s = 0;
                while (s + 1 < doc->nsents && doc->sents[s + 1].word0 <= w)
                    s++;
                uint32_t act[2] = {UINT32_MAX, UINT32_MAX};
                chosen = pl_where_choose(g, doc, &ps, s, (uint32_t)w, act);
                break;
            }
        }
        if (r.nloc)
            gold++;
        if (ps.n)
            with_place_name++;
        if (getenv("PL_WHERE_DEBUG")) {
            char gl[256] = "", pl[512] = "";
            for (size_t k = 0; k < r.nloc; k++) {
                size_t l = strlen(gl);
                snprintf(gl + l, sizeof gl - l, "[%ld,%ld]", r.loc[k].start, r.loc[k].end);
            }
            for (size_t k = 0; k < ps.n; k++) {
                size_t l = strlen(pl);
                snprintf(pl + l, sizeof pl - l, "%s%.*s[%ld]", (int)k == chosen ? "*" : "",
                         (int)(ps.p[k].end - ps.p[k].start), doc->text + ps.p[k].start,
                         cix[ps.p[k].start]);
            }
            pl_warn("EV\t%s\tverb=%ld\tgold=%s\tplaces=%s", r.text, r.verb.start, gl, pl);
        }
        if (chosen >= 0) {
            pred++;
            long ps0 = cix[ps.p[chosen].start], pe0 = cix[ps.p[chosen].end];
            for (size_t k = 0; k < r.nloc; k++)
                if (ps0 < r.loc[k].end && pe0 > r.loc[k].start) {
                    correct++;
                    exact += ps0 == r.loc[k].start && pe0 == r.loc[k].end;
                    break;
                }
        } else if (!r.nloc) {
            none_right++;
        }
        parley_doc_free(doc);
        json_decref(o);
    }
    if (st == PARLEY_END)
        st = PARLEY_OK;
    if (!st) {
        double p = pred ? (double)correct / pred : 0, rc = gold ? (double)correct / gold : 0;
        char buf[640];
        snprintf(buf, sizeof buf,
                 "{\"records\":%zu,\"bad\":%zu,\"not_accepted\":%zu,\"gold\":%zu,\"predicted\":%zu,"
                 "\"correct\":%zu,\"exact\":%zu,\"precision\":%.4f,\"recall\":%.4f,\"f1\":%.4f,"
                 "\"no_place_right\":%zu,\"records_with_a_place_name\":%zu}",
                 records, bad, skipped, gold, pred, correct, exact, p, rc,
                 p + rc > 0 ? 2 * p * rc / (p + rc) : 0, none_right, with_place_name);
        if (!(*json = pl_strdup(buf)))
            st = pl_error(PARLEY_ERR_NOMEM, "out of memory");
    }
    pl_lines_free(lines);
    parley_parser_free(parser);
    pl_free(cix);
    pl_places_release(&ps);
    return st;
}
