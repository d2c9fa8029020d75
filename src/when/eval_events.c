/*
 * eval_events.c - scorers of event dates: EventTime (TimeBank documents
 * with the day or interval each event happened) and real-news articles
 * with gold events (the Wikinews gold of the real-news issue).
 * docs/internals/when.md describes both and the figures.
 */
#include "text/text.h"
#include "when/when.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ET_MAX_LINE 4096

/* Parse the document's words: segment and parse the whole document. */
static parley_status prepare(parley_doc *doc, parley_parser *p)
{
    parley_status st = parley_doc_segment(doc);
    if (!st)
        st = parley_parser_parse_doc(p, doc);
    return st;
}

/* Tense of a predicate from its parse: +1 future (a "will" / "'ll" /
 * "shall" auxiliary), -1 past (VBD, or VBN with "have"), 0 otherwise. */
static int word_tense(const parley_doc *doc, size_t si, uint32_t w)
{
    const pl_sentence *S = &doc->sents[si];
    const pl_word *x = &doc->words[w];
    int t = 0;
    if (x->xpos && strcmp(x->xpos, "VBD") == 0)
        t = -1;
    for (uint32_t k = S->word0; k < S->word0 + S->nwords; k++) {
        const pl_word *a = &doc->words[k];
        if (a->head <= 0 || S->word0 + (uint32_t)a->head - 1 != w || !a->deprel ||
            strncmp(a->deprel, "aux", 3) != 0)
            continue;
        const char *l = a->lemma ? a->lemma : "";
        if (!strcmp(l, "will") || !strcmp(l, "shall") || !strcmp(a->norm, "'ll"))
            return 1;
        if (a->xpos &&
            (!strcmp(a->xpos, "VBD") || (!strcmp(l, "have") && x->xpos && !strcmp(x->xpos, "VBN"))))
            t = -1;
    }
    return t;
}

static void ymd_str(pl_ymd d, char *out, size_t cap)
{
    snprintf(out, cap, "%04d-%02d-%02d", d.y, d.m, d.d);
}

/* An event date as an EventTime anchor: a day as itself, a period as
 * "after<first>before<last>" (a month ends on the 28th, as the corpus
 * writes months). */
static void anchor(const pl_edate *d, char *out, size_t cap)
{
    pl_ymd a, b;
    out[0] = '\0';
    if (!pl_timex_period(d->value, &a, &b))
        return;
    char s1[16], s2[16];
    ymd_str(a, s1, sizeof s1);
    if (a.y == b.y && a.m == b.m && a.d == b.d) {
        snprintf(out, cap, "%s", s1);
        return;
    }
    if (d->prec == PL_PREC_MONTH)
        b.d = 28;
    ymd_str(b, s2, sizeof s2);
    snprintf(out, cap, "after%sbefore%s", s1, s2);
}

/* The TimeML file of document id: DIR/ID.tml, else DIR/TimeBank/ID.tml. */
static bool tml_path(const char *dir, const char *id, char *out, size_t cap)
{
    FILE *f;
    snprintf(out, cap, "%s/%s.tml", dir, id);
    if ((f = fopen(out, "r"))) {
        fclose(f);
        return true;
    }
    snprintf(out, cap, "%s/TimeBank/%s.tml", dir, id);
    if ((f = fopen(out, "r"))) {
        fclose(f);
        return true;
    }
    return false;
}

/* One gold row of EventTime. */
typedef struct et_row {
    char doc[64], eid[16], anchor[128];
} et_row;

static parley_status read_rows(const char *path, et_row **out, size_t *n)
{
    pl_lines *r;
    parley_status st = pl_lines_open(path, ET_MAX_LINE, &r);
    if (st)
        return st;
    size_t cap = 0;
    const char *line;
    size_t len;
    *out = NULL;
    *n = 0;
    while ((st = pl_lines_next(r, &line, &len)) == PARLEY_OK) {
        if (len == 0)
            continue;
        char *f[8];
        char buf[ET_MAX_LINE + 1];
        memcpy(buf, line, len + 1);
        int k = 0;
        for (char *p = buf; k < 8;) {
            f[k++] = p;
            char *t = strchr(p, '\t');
            if (!t)
                break;
            *t = '\0';
            p = t + 1;
        }
        if (k != 8 || strcmp(f[3], "event") != 0 || strlen(f[0]) >= 64 || strlen(f[4]) >= 16 ||
            strlen(f[7]) >= 128) {
            st = pl_error(PARLEY_ERR_FORMAT,
                          "%s:%zu: not an EventTime row (doc, sentence, token, event, eid, "
                          "instance, time, anchor)",
                          path, pl_lines_number(r));
            break;
        }
        if (pl_grow((void **)out, &cap, *n + 1, sizeof **out, (size_t)1 << 22)) {
            st = pl_error(PARLEY_ERR_NOMEM, "out of memory");
            break;
        }
        et_row *x = &(*out)[(*n)++];
        snprintf(x->doc, sizeof x->doc, "%s", f[0]);
        snprintf(x->eid, sizeof x->eid, "%s", f[4]);
        snprintf(x->anchor, sizeof x->anchor, "%s", f[7]);
    }
    pl_lines_free(r);
    if (st == PARLEY_END)
        st = PARLEY_OK;
    if (st) {
        pl_free(*out);
        *out = NULL;
    }
    return st;
}

/* Document ids of a split file (one a line); NULL path: every document. */
static parley_status read_split(const char *path, char **buf)
{
    *buf = NULL;
    if (!path)
        return PARLEY_OK;
    pl_buf b;
    pl_buf_init(&b, (size_t)1 << 24);
    parley_status st = pl_buf_putc(&b, '\n');
    if (!st)
        st = pl_buf_read_file(&b, path);
    if (!st)
        st = pl_buf_putc(&b, '\n');
    if (st) {
        pl_buf_release(&b);
        return st;
    }
    *buf = b.data;
    return PARLEY_OK;
}

static bool listed(const char *split, const char *id)
{
    if (!split)
        return true;
    char key[80];
    snprintf(key, sizeof key, "\n%s\n", id);
    return strstr(split, key) != NULL;
}

PARLEY_API parley_status parley_eval_event_dates(const char *gold_path, const char *timeml_dir,
                                                 const char *docs_path, const parley_model *m,
                                                 int verbose, char **json)
{
    if (!gold_path || !timeml_dir || !m || !json)
        return pl_error(PARLEY_ERR_ARG, "parley_eval_event_dates: NULL argument");
    *json = NULL;
    et_row *rows = NULL;
    size_t nrows = 0;
    char *split = NULL;
    parley_parser *p = NULL;
    parley_status st = read_rows(gold_path, &rows, &nrows);
    if (!st)
        st = read_split(docs_path, &split);
    if (!st)
        st = parley_parser_new(m, &p);
    size_t events = 0, exact = 0, exact_tense = 0, dct_right = 0, single = 0, single_right = 0,
           docs = 0, missing = 0;
    size_t by_basis[4] = {0}, right_basis[4] = {0};
    json_t *misses = verbose ? json_array() : NULL;
    for (size_t i = 0; i < nrows && !st;) {
        size_t j = i;
        while (j < nrows && strcmp(rows[j].doc, rows[i].doc) == 0)
            j++;
        if (!listed(split, rows[i].doc)) {
            i = j;
            continue;
        }
        char path[4096];
        if (!tml_path(timeml_dir, rows[i].doc, path, sizeof path)) {
            st = pl_error(PARLEY_ERR_NOT_FOUND, "%s: no %s.tml under %s (row of %s)", gold_path,
                          rows[i].doc, timeml_dir, rows[i].doc);
            break;
        }
        pl_tml t;
        parley_doc *doc = NULL;
        pl_when_ctx *c = NULL;
        if ((st = pl_tml_read(path, &t)))
            break;
        st = parley_doc_read_timeml(path, &doc);
        if (!st)
            st = prepare(doc, p);
        if (!st)
            st = pl_when_ctx_new(doc, &c);
        docs++;
        char dct[16] = "";
        pl_ymd dd;
        bool have = pl_ymd_parse(doc ? doc->date : "", &dd);
        if (have)
            ymd_str(dd, dct, sizeof dct);
        for (size_t r = i; r < j && !st; r++) {
            const pl_tml_elem *ev = NULL;
            for (size_t k = 0; k < t.nevent; k++)
                if (strcmp(t.event[k].id, rows[r].eid) == 0)
                    ev = &t.event[k];
            events++;
            uint32_t si = ev ? pl_when_sentence_at(doc, ev->start) : UINT32_MAX;
            uint32_t w = si != UINT32_MAX ? pl_when_word_at(doc, si, ev->start) : UINT32_MAX;
            if (w == UINT32_MAX) {
                missing++;
                continue;
            }
            pl_edate d;
            pl_when_date_word(c, si, w, &d);
            char a[96], at[96];
            anchor(&d, a, sizeof a);
            snprintf(at, sizeof at, "%s", a);
            int tense = word_tense(doc, si, w);
            if (d.basis == PL_BASIS_DOCUMENT && have && tense)
                snprintf(at, sizeof at, "%s%s", tense < 0 ? "before" : "after", dct);
            const char *g = rows[r].anchor;
            bool ok = strcmp(a, g) == 0, okt = strcmp(at, g) == 0;
            exact += ok;
            exact_tense += okt;
            dct_right += strcmp(dct, g) == 0;
            by_basis[d.basis & 3]++;
            right_basis[d.basis & 3] += ok;
            pl_ymd gd;
            if (strlen(g) == 10 && pl_ymd_parse(g, &gd)) {
                single++;
                pl_ymd f, l;
                single_right += pl_timex_period(d.value, &f, &l) &&
                                pl_days_from_ymd(f) <= pl_days_from_ymd(gd) &&
                                pl_days_from_ymd(gd) <= pl_days_from_ymd(l);
            }
            if (misses && !okt) {
                const pl_word *x = &doc->words[w];
                json_t *o =
                    json_pack("{s:s,s:s,s:s+,s:s,s:s,s:s,s:s}", "doc", rows[r].doc, "eid",
                              rows[r].eid, "trigger", "", x->form, "gold", g, "system", at, "basis",
                              pl_basis_name(d.basis), "text", d.end > d.start ? "" : "");
                if (o && d.end > d.start)
                    json_object_set_new(o, "text",
                                        json_stringn(doc->text + d.start, d.end - d.start));
                if (o)
                    json_array_append_new(misses, o);
            }
        }
        pl_when_ctx_free(c);
        parley_doc_free(doc);
        pl_tml_release(&t);
        i = j;
    }
    if (!st) {
        double n = events ? (double)events : 1.0;
        json_t *o = json_pack(
            "{s:i,s:i,s:i,s:f,s:f,s:f,s:i,s:f,s:{s:i,s:i,s:i},s:{s:i,s:i,s:i}}", "documents",
            (json_int_t)docs, "events", (json_int_t)events, "events_not_found", (json_int_t)missing,
            "accuracy", 100.0 * (double)exact / n, "accuracy_with_tense",
            100.0 * (double)exact_tense / n, "document_date_accuracy",
            100.0 * (double)dct_right / n, "single_day_events", (json_int_t)single,
            "single_day_within", single ? 100.0 * (double)single_right / (double)single : 0.0,
            "by_basis", "text", (json_int_t)by_basis[PL_BASIS_TEXT], "context",
            (json_int_t)by_basis[PL_BASIS_CONTEXT], "document",
            (json_int_t)by_basis[PL_BASIS_DOCUMENT], "right_by_basis", "text",
            (json_int_t)right_basis[PL_BASIS_TEXT], "context",
            (json_int_t)right_basis[PL_BASIS_CONTEXT], "document",
            (json_int_t)right_basis[PL_BASIS_DOCUMENT]);
        if (o && misses)
            json_object_set(o, "misses", misses);
        char *s = o ? json_dumps(o, JSON_REAL_PRECISION(4) | JSON_COMPACT) : NULL;
        json_decref(o);
        *json = s ? pl_strdup(s) : NULL;
        free(s);
        if (!*json)
            st = pl_error(PARLEY_ERR_NOMEM, "out of memory");
    }
    json_decref(misses);
    parley_parser_free(p);
    pl_free(split);
    pl_free(rows);
    return st;
}

/* ---------------------------------------------------------------------- */
/* Real-news articles */

/* Our date at the gold's precision: a day, a month or a year string
 * compared with the gold's prefix; a week, quarter or season counts at the
 * month it lies in, else at its year. */
static bool same_at_precision(const char *ours, const char *gold)
{
    pl_ymd a, b;
    char canon[16];
    if (!pl_timex_period(ours, &a, &b))
        return false;
    if (a.y == b.y && a.m == b.m && a.d == b.d)
        snprintf(canon, sizeof canon, "%04d-%02d-%02d", a.y, a.m, a.d);
    else if (a.y == b.y && a.m == b.m)
        snprintf(canon, sizeof canon, "%04d-%02d", a.y, a.m);
    else if (a.y == b.y)
        snprintf(canon, sizeof canon, "%04d", a.y);
    else
        return false;
    size_t gl = strlen(gold);
    return strlen(canon) >= gl && strncmp(canon, gold, gl) == 0;
}

/* The predicate to date for a gold event of sentence si: the verb above
 * the source mention when its text is found there, else the root. */
static uint32_t gold_predicate(const parley_doc *doc, uint32_t si, const char *src)
{
    const pl_sentence *S = &doc->sents[si];
    uint32_t w = UINT32_MAX;
    if (src && *src) {
        const char *at = strstr(doc->text + S->start, src);
        if (at && (size_t)(at - doc->text) + strlen(src) <= S->end)
            w = pl_when_word_at(doc, si, (uint32_t)(at - doc->text));
    }
    for (int step = 0; w != UINT32_MAX && step < 32; step++) {
        const pl_word *x = &doc->words[w];
        if (x->upos == PL_UPOS_VERB && step > 0)
            return w;
        if (x->head <= 0)
            return w;
        w = S->word0 + (uint32_t)x->head - 1;
    }
    for (uint32_t k = S->word0; k < S->word0 + S->nwords; k++)
        if (doc->words[k].head == 0)
            return k;
    return S->nwords ? S->word0 : UINT32_MAX;
}

PARLEY_API parley_status parley_eval_article_dates(const char *articles_path, const char *gold_path,
                                                   const parley_model *m, int verbose, char **json)
{
    if (!articles_path || !gold_path || !m || !json)
        return pl_error(PARLEY_ERR_ARG, "parley_eval_article_dates: NULL argument");
    *json = NULL;
    json_t *misses = verbose ? json_array() : NULL;
    parley_parser *p = NULL;
    parley_reader *rd = NULL;
    pl_lines *gl = NULL;
    parley_status st = parley_parser_new(m, &p);
    if (!st)
        st = parley_reader_open(articles_path, PARLEY_INPUT_JSONL, NULL, &rd);
    if (!st)
        st = pl_lines_open(gold_path, (size_t)1 << 20, &gl);
    size_t events = 0, dated = 0, right = 0, doc_right = 0, not_found = 0;
    size_t by_basis[4] = {0}, right_basis[4] = {0};
    parley_doc *doc = NULL;
    pl_when_ctx *c = NULL;
    const char *line;
    size_t len;
    while (!st && (st = pl_lines_next(gl, &line, &len)) == PARLEY_OK) {
        json_error_t jerr;
        json_t *g = json_loadb(line, len, 0, &jerr);
        if (!g || !json_is_object(g)) {
            json_decref(g);
            st = pl_error(PARLEY_ERR_FORMAT, "%s:%zu: not a JSON object: %s", gold_path,
                          pl_lines_number(gl), jerr.text);
            break;
        }
        const char *id = json_string_value(json_object_get(g, "doc_id"));
        const char *sent = json_string_value(json_object_get(g, "sentence"));
        const char *gd = json_string_value(json_object_get(g, "event_date"));
        const char *src = json_string_value(json_object_get(json_object_get(g, "source"), "text"));
        if (!id || json_is_true(json_object_get(g, "no_events"))) {
            json_decref(g);
            continue;
        }
        events++;
        if (!gd || !*gd || !sent) {
            json_decref(g);
            continue;
        }
        dated++;
        /* articles and gold mostly come in the same order: read on to this
         * one, and from the start again (once) for a gold line out of order */
        bool rewound = false;
        while (!st && (!doc || strcmp(doc->id, id) != 0)) {
            pl_when_ctx_free(c);
            c = NULL;
            parley_doc_free(doc);
            doc = NULL;
            st = parley_reader_next(rd, &doc);
            if (st == PARLEY_END && !rewound) {
                rewound = true;
                parley_reader_free(rd);
                rd = NULL;
                st = parley_reader_open(articles_path, PARLEY_INPUT_JSONL, NULL, &rd);
                if (!st)
                    st = parley_reader_next(rd, &doc);
            }
            if (st == PARLEY_END)
                st = pl_error(PARLEY_ERR_NOT_FOUND, "%s:%zu: article '%s' not in %s", gold_path,
                              pl_lines_number(gl), id, articles_path);
            if (!st && strcmp(doc->id, id) == 0 && !(st = prepare(doc, p)))
                st = pl_when_ctx_new(doc, &c);
        }
        if (st) {
            json_decref(g);
            break;
        }
        const char *at = strstr(doc->text, sent);
        uint32_t si = at ? pl_when_sentence_at(doc, (uint32_t)(at - doc->text)) : UINT32_MAX;
        if (si == UINT32_MAX) {
            not_found++;
            json_decref(g);
            continue;
        }
        pl_edate d;
        uint32_t w = gold_predicate(doc, si, src);
        if (w == UINT32_MAX) {
            not_found++;
            json_decref(g);
            continue;
        }
        pl_when_date_word(c, si, w, &d);
        bool ok = same_at_precision(d.value, gd);
        right += ok;
        doc_right += same_at_precision(doc->date, gd);
        by_basis[d.basis & 3]++;
        right_basis[d.basis & 3] += ok;
        if (misses && !ok) {
            json_t *o = json_pack("{s:s,s:s,s:s,s:s,s:s}", "doc", id, "gold", gd, "system", d.value,
                                  "basis", pl_basis_name(d.basis), "sentence", sent);
            if (o && d.end > d.start)
                json_object_set_new(o, "text", json_stringn(doc->text + d.start, d.end - d.start));
            if (o)
                json_array_append_new(misses, o);
        }
        json_decref(g);
    }
    if (st == PARLEY_END)
        st = PARLEY_OK;
    if (!st) {
        double n = dated ? (double)dated : 1.0;
        json_t *o = json_pack("{s:i,s:i,s:i,s:i,s:f,s:f,s:{s:i,s:i,s:i},s:{s:i,s:i,s:i}}", "events",
                              (json_int_t)events, "dated", (json_int_t)dated, "sentence_not_found",
                              (json_int_t)not_found, "right", (json_int_t)right, "accuracy",
                              100.0 * (double)right / n, "document_date_accuracy",
                              100.0 * (double)doc_right / n, "by_basis", "text",
                              (json_int_t)by_basis[PL_BASIS_TEXT], "context",
                              (json_int_t)by_basis[PL_BASIS_CONTEXT], "document",
                              (json_int_t)by_basis[PL_BASIS_DOCUMENT], "right_by_basis", "text",
                              (json_int_t)right_basis[PL_BASIS_TEXT], "context",
                              (json_int_t)right_basis[PL_BASIS_CONTEXT], "document",
                              (json_int_t)right_basis[PL_BASIS_DOCUMENT]);
        if (o && misses)
            json_object_set(o, "misses", misses);
        char *s = o ? json_dumps(o, JSON_REAL_PRECISION(4) | JSON_COMPACT) : NULL;
        json_decref(o);
        *json = s ? pl_strdup(s) : NULL;
        free(s);
        if (!*json)
            st = pl_error(PARLEY_ERR_NOMEM, "out of memory");
    }
    json_decref(misses);
    pl_when_ctx_free(c);
    parley_doc_free(doc);
    pl_lines_free(gl);
    parley_reader_free(rd);
    parley_parser_free(p);
    return st;
}
