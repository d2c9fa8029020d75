/*
 * relations.c - a dyad's record over time: the series per period and
 * direction, its turning points, and the writers (JSON Lines, CSV, an SVG
 * chart drawn here, and an HTML page with the chart and the events).
 *
 * A turning point is a period whose balance of cooperation and conflict,
 * (cooperation - conflict) / events over both directions, moves by at
 * least TURN_DELTA from the last period with events, with at least
 * TURN_MIN_EVENTS events in it.
 */
#include "code/code.h"
#include "store/store.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TURN_DELTA      0.5
#define TURN_MIN_EVENTS 2
#define TOP_EVENTS      3      /* most reported events kept per period and direction */
#define MAX_PERIODS     100000 /* about 270 years by day */

typedef struct rel_event {
    int64_t id;
    int dir; /* 0: a -> b, 1: b -> a */
    char date[11], cameo[8];
    int quad;
    double goldstein; /* NAN: none */
    long articles, mentions;
    char *name, *sentence, *url, *src, *tgt;
} rel_event;

typedef struct rel_dir {
    long n[5]; /* events by QuadClass (0: unknown) */
    long total;
    double gsum;
    long gn; /* events with a Goldstein value */
    rel_event top[TOP_EVENTS];
    int ntop;
} rel_dir;

typedef struct rel_period {
    char key[11]; /* YYYY-MM-DD (day, week: its Monday) or YYYY-MM */
    rel_dir d[2];
    int turn; /* +1 toward cooperation, -1 toward conflict, 0 none */
    double balance, before;
} rel_period;

typedef struct rel {
    const char *a, *b, *by;
    rel_period *p;
    size_t np, cap;
} rel;

/* ---------------------------------------------------------------------- */
/* Periods */

/* The period of an event dated d (YYYY-MM-DD, or YYYY-MM for month
 * precision) into key; false when d is too coarse for the period. */
static bool period_of(const char *by, const char *d, char key[11])
{
    size_t n = strlen(d);
    if (by[0] == 'm') {
        if (n < 7)
            return false;
        memcpy(key, d, 7);
        key[7] = '\0';
        return true;
    }
    long day;
    if (n != 10 || !st_day_from_date(d, &day))
        return false;
    if (by[0] == 'w')
        day -= (day + 3) % 7; /* back to Monday: day 0, 1970-01-01, was a Thursday */
    st_date_from_day(day, key);
    return true;
}

/* The period after key. */
static void next_period(const char *by, const char *key, char *out)
{
    if (strcmp(by, "month") == 0) {
        int y = atoi(key), m = atoi(key + 5) + 1;
        if (m > 12) {
            m = 1;
            y++;
        }
        snprintf(out, 11, "%04d-%02d", y % 10000, m % 100);
        return;
    }
    long day = 0;
    st_day_from_date(key, &day);
    st_date_from_day(day + (strcmp(by, "week") == 0 ? 7 : 1), out);
}

static rel_period *period_at(rel *r, const char *key)
{
    /* rows come in period order: the last period, or a new one after it
     * (with the empty periods between them, so the chart's axis is even) */
    if (r->np && strcmp(r->p[r->np - 1].key, key) == 0)
        return &r->p[r->np - 1];
    while (r->np < MAX_PERIODS) {
        if (pl_grow((void **)&r->p, &r->cap, r->np + 1, sizeof *r->p, MAX_PERIODS))
            return NULL;
        rel_period *p = &r->p[r->np];
        memset(p, 0, sizeof *p);
        if (r->np == 0)
            snprintf(p->key, sizeof p->key, "%s", key);
        else
            next_period(r->by, r->p[r->np - 1].key, p->key);
        r->np++;
        if (strcmp(p->key, key) >= 0) {
            snprintf(p->key, sizeof p->key, "%s", key);
            return p;
        }
    }
    return NULL;
}

static char *dup_col(sqlite3_stmt *q, int c)
{
    const char *t = (const char *)sqlite3_column_text(q, c);
    return pl_strdup(t ? t : "");
}

/* One side's condition: a country compares the indexed 3-letter column,
 * a longer prefix the code itself. */
static void side_sql(char *out, size_t cap, const char *side, int param, const char *v)
{
    if (strlen(v) == 3)
        snprintf(out, cap, "e.%s_country = ?%d", side, param);
    else
        snprintf(out, cap, "substr(e.%s_code, 1, length(?%d)) = ?%d", side, param, param);
}

/* Is event (articles, mentions, id) reported more than e? */
static bool more_reported(long articles, long mentions, int64_t id, const rel_event *e)
{
    if (articles != e->articles)
        return articles > e->articles;
    if (mentions != e->mentions)
        return mentions > e->mentions;
    return id < e->id;
}

/* Keep the event among d's TOP_EVENTS most reported (details come later). */
static void keep_top(rel_dir *d, int dir, int64_t id, long articles, long mentions)
{
    int at = d->ntop;
    while (at > 0 && more_reported(articles, mentions, id, &d->top[at - 1]))
        at--;
    if (at >= TOP_EVENTS)
        return;
    int last = d->ntop < TOP_EVENTS ? d->ntop : TOP_EVENTS - 1;
    memmove(&d->top[at + 1], &d->top[at], (size_t)(last - at) * sizeof d->top[0]);
    if (d->ntop < TOP_EVENTS)
        d->ntop++;
    memset(&d->top[at], 0, sizeof d->top[at]);
    d->top[at].id = id;
    d->top[at].dir = dir;
    d->top[at].articles = articles;
    d->top[at].mentions = mentions;
}

/* The details of the events kept, by event_id; their sentences only when
 * the output shows them (the chart does not). */
static parley_status fill_top(parley_store *s, rel *r, bool sentences)
{
    sqlite3_stmt *q = NULL;
    if (sqlite3_prepare_v2(s->db,
                           sentences ? "SELECT date, cameo, quad_class, goldstein, event_name,"
                                       " source_url, src_code, tgt_code, (SELECT sentence_text"
                                       " FROM mentions m WHERE m.event_id = e.event_id ORDER BY"
                                       " mention_id LIMIT 1) FROM events e WHERE event_id = ?1"
                                     : "SELECT date, cameo, quad_class, goldstein, event_name,"
                                       " source_url, src_code, tgt_code, '' FROM events e"
                                       " WHERE event_id = ?1",
                           -1, &q, NULL) != SQLITE_OK)
        return st_sqlerr(s, "reading the dyad's events");
    parley_status st = PARLEY_OK;
    for (size_t i = 0; i < r->np && !st; i++)
        for (int k = 0; k < 2 && !st; k++)
            for (int j = 0; j < r->p[i].d[k].ntop && !st; j++) {
                rel_event *e = &r->p[i].d[k].top[j];
                sqlite3_reset(q);
                sqlite3_bind_int64(q, 1, e->id);
                if (sqlite3_step(q) != SQLITE_ROW) {
                    st = st_sqlerr(s, "reading an event of the dyad");
                    break;
                }
                snprintf(e->date, sizeof e->date, "%s", (const char *)sqlite3_column_text(q, 0));
                snprintf(e->cameo, sizeof e->cameo, "%s", (const char *)sqlite3_column_text(q, 1));
                e->quad = sqlite3_column_int(q, 2);
                e->goldstein =
                    sqlite3_column_type(q, 3) == SQLITE_NULL ? NAN : sqlite3_column_double(q, 3);
                e->name = dup_col(q, 4);
                e->url = dup_col(q, 5);
                e->src = dup_col(q, 6);
                e->tgt = dup_col(q, 7);
                e->sentence = dup_col(q, 8);
                if (!e->name || !e->url || !e->src || !e->tgt || !e->sentence)
                    st = pl_error(PARLEY_ERR_NOMEM, "out of memory");
            }
    sqlite3_finalize(q);
    return st;
}

/* Read both directions in date order (one covering-index range each when
 * the actors are countries), merged, into the periods: counts by
 * QuadClass, Goldstein, and the most reported events (detail: 0 their ids
 * only, 1 with names, 2 with sentences too). */
static parley_status load(parley_store *s, rel *r, int detail)
{
    sqlite3_stmt *q[2] = {NULL, NULL};
    parley_status st = PARLEY_OK;
    for (int k = 0; k < 2 && !st; k++) {
        char src[96], tgt[96], sql[512];
        side_sql(src, sizeof src, "src", 1, k ? r->b : r->a);
        side_sql(tgt, sizeof tgt, "tgt", 2, k ? r->a : r->b);
        snprintf(sql, sizeof sql,
                 "SELECT e.date, e.quad_class, e.goldstein, e.num_articles, e.num_mentions,"
                 " e.event_id FROM events e WHERE %s AND %s AND e.date IS NOT NULL"
                 " ORDER BY e.date",
                 src, tgt);
        if (sqlite3_prepare_v2(s->db, sql, -1, &q[k], NULL) != SQLITE_OK)
            st = st_sqlerr(s, "reading the dyad's series");
        else {
            sqlite3_bind_text(q[k], 1, k ? r->b : r->a, -1, SQLITE_STATIC);
            sqlite3_bind_text(q[k], 2, k ? r->a : r->b, -1, SQLITE_STATIC);
        }
    }
    int rc[2] = {SQLITE_DONE, SQLITE_DONE};
    for (int k = 0; k < 2 && !st; k++)
        rc[k] = sqlite3_step(q[k]);
    while (!st && (rc[0] == SQLITE_ROW || rc[1] == SQLITE_ROW)) {
        /* the earlier of the two rows */
        int k = rc[0] != SQLITE_ROW   ? 1
                : rc[1] != SQLITE_ROW ? 0
                : strcmp((const char *)sqlite3_column_text(q[0], 0),
                         (const char *)sqlite3_column_text(q[1], 0)) <= 0
                    ? 0
                    : 1;
        char key[11];
        if (period_of(r->by, (const char *)sqlite3_column_text(q[k], 0), key)) {
            rel_period *p = period_at(r, key);
            if (!p) {
                st = pl_error(PARLEY_ERR_TOO_LARGE, "relations: more than %d periods", MAX_PERIODS);
                break;
            }
            rel_dir *d = &p->d[k];
            int quad = sqlite3_column_int(q[k], 1);
            d->n[quad >= 1 && quad <= 4 ? quad : 0]++;
            d->total++;
            if (sqlite3_column_type(q[k], 2) != SQLITE_NULL) {
                d->gsum += sqlite3_column_double(q[k], 2);
                d->gn++;
            }
            keep_top(d, k, sqlite3_column_int64(q[k], 5), (long)sqlite3_column_int64(q[k], 3),
                     (long)sqlite3_column_int64(q[k], 4));
        }
        rc[k] = sqlite3_step(q[k]);
    }
    if (!st && (rc[0] != SQLITE_DONE || rc[1] != SQLITE_DONE))
        st = st_sqlerr(s, "reading the dyad's series");
    sqlite3_finalize(q[0]);
    sqlite3_finalize(q[1]);
    if (st || detail == 0)
        return st;
    return fill_top(s, r, detail > 1);
}

static void find_turns(rel *r)
{
    bool have = false;
    double last = 0;
    for (size_t i = 0; i < r->np; i++) {
        rel_period *p = &r->p[i];
        long coop = 0, conf = 0;
        for (int k = 0; k < 2; k++) {
            coop += p->d[k].n[1] + p->d[k].n[2];
            conf += p->d[k].n[3] + p->d[k].n[4];
        }
        if (coop + conf == 0)
            continue;
        p->balance = (double)(coop - conf) / (double)(coop + conf);
        if (have && coop + conf >= TURN_MIN_EVENTS && fabs(p->balance - last) >= TURN_DELTA) {
            p->turn = p->balance > last ? 1 : -1;
            p->before = last;
        }
        have = true;
        last = p->balance;
    }
}

static void rel_release(rel *r)
{
    for (size_t i = 0; i < r->np; i++)
        for (int k = 0; k < 2; k++)
            for (int j = 0; j < r->p[i].d[k].ntop; j++) {
                rel_event *e = &r->p[i].d[k].top[j];
                pl_free(e->name);
                pl_free(e->sentence);
                pl_free(e->url);
                pl_free(e->src);
                pl_free(e->tgt);
            }
    pl_free(r->p);
}

/* Does event e push toward the way period p turns? */
static bool behind_turn(const rel_period *p, const rel_event *e)
{
    return p->turn > 0 ? (e->quad == 1 || e->quad == 2) : (e->quad == 3 || e->quad == 4);
}

/* ---------------------------------------------------------------------- */
/* JSON Lines and CSV */

static parley_status json_text(pl_buf *b, const char *s)
{
    return pl_json_str(b, s, strlen(s));
}

static parley_status json_event(pl_buf *b, const rel *r, const rel_event *e)
{
    parley_status st =
        pl_putf(b, "{\"event_id\":%lld,\"date\":\"%s\",\"direction\":\"%s->%s\",\"cameo\":\"%s\",",
                (long long)e->id, e->date, e->dir ? r->b : r->a, e->dir ? r->a : r->b, e->cameo);
    if (!st)
        st = pl_buf_puts(b, "\"event_name\":");
    if (!st)
        st = json_text(b, e->name);
    if (!st)
        st = pl_putf(b, ",\"quad_class\":%d,\"goldstein\":", e->quad);
    if (!st)
        st = isnan(e->goldstein) ? pl_buf_puts(b, "null") : pl_putf(b, "%.1f", e->goldstein);
    if (!st)
        st = pl_putf(b, ",\"num_articles\":%ld,\"num_mentions\":%ld,\"sentence\":", e->articles,
                     e->mentions);
    if (!st)
        st = json_text(b, e->sentence);
    if (!st)
        st = pl_buf_puts(b, ",\"source_url\":");
    if (!st)
        st = json_text(b, e->url);
    return st ? st : pl_buf_putc(b, '}');
}

static parley_status write_jsonl(pl_buf *b, const rel *r)
{
    parley_status st = PARLEY_OK;
    for (size_t i = 0; i < r->np && !st; i++) {
        const rel_period *p = &r->p[i];
        for (int k = 0; k < 2 && !st; k++) {
            const rel_dir *d = &p->d[k];
            st = pl_putf(b,
                         "{\"type\":\"period\",\"period\":\"%s\",\"direction\":\"%s->%s\","
                         "\"events\":%ld,\"verbal_cooperation\":%ld,\"material_cooperation\":%ld,"
                         "\"verbal_conflict\":%ld,\"material_conflict\":%ld,\"goldstein_sum\":%.1f,"
                         "\"goldstein_mean\":",
                         p->key, k ? r->b : r->a, k ? r->a : r->b, d->total, d->n[1], d->n[2],
                         d->n[3], d->n[4], d->gsum);
            if (!st)
                st = d->gn ? pl_putf(b, "%.2f", d->gsum / (double)d->gn) : pl_buf_puts(b, "null");
            if (!st)
                st = pl_buf_puts(b, ",\"top_events\":[");
            for (int j = 0; j < d->ntop && !st; j++) {
                if (j)
                    st = pl_buf_putc(b, ',');
                if (!st)
                    st = json_event(b, r, &d->top[j]);
            }
            if (!st)
                st = pl_buf_puts(b, "]}\n");
        }
    }
    for (size_t i = 0; i < r->np && !st; i++) {
        const rel_period *p = &r->p[i];
        if (!p->turn)
            continue;
        st = pl_putf(b,
                     "{\"type\":\"turning_point\",\"period\":\"%s\",\"toward\":\"%s\","
                     "\"balance_before\":%.2f,\"balance\":%.2f,\"events\":[",
                     p->key, p->turn > 0 ? "cooperation" : "conflict", p->before, p->balance);
        bool first = true;
        for (int k = 0; k < 2 && !st; k++)
            for (int j = 0; j < p->d[k].ntop && !st; j++) {
                if (!behind_turn(p, &p->d[k].top[j]))
                    continue;
                if (!first)
                    st = pl_buf_putc(b, ',');
                first = false;
                if (!st)
                    st = json_event(b, r, &p->d[k].top[j]);
            }
        if (!st)
            st = pl_buf_puts(b, "]}\n");
    }
    return st;
}

static parley_status write_csv(pl_buf *b, const rel *r)
{
    parley_status st = pl_buf_puts(b, "period,direction,events,verbal_cooperation,"
                                      "material_cooperation,verbal_conflict,material_conflict,"
                                      "goldstein_sum,goldstein_mean,turning_point\n");
    for (size_t i = 0; i < r->np && !st; i++) {
        const rel_period *p = &r->p[i];
        for (int k = 0; k < 2 && !st; k++) {
            const rel_dir *d = &p->d[k];
            char mean[32] = "";
            if (d->gn)
                snprintf(mean, sizeof mean, "%.2f", d->gsum / (double)d->gn);
            st = pl_putf(b, "%s,%s->%s,%ld,%ld,%ld,%ld,%ld,%.1f,%s,%s\n", p->key, k ? r->b : r->a,
                         k ? r->a : r->b, d->total, d->n[1], d->n[2], d->n[3], d->n[4], d->gsum,
                         mean,
                         p->turn > 0   ? "cooperation"
                         : p->turn < 0 ? "conflict"
                                       : "");
        }
    }
    return st;
}

/* ---------------------------------------------------------------------- */
/* SVG and HTML */

static parley_status xml_text(pl_buf *b, const char *s)
{
    parley_status st = PARLEY_OK;
    for (; *s && !st; s++) {
        switch (*s) {
        case '&': st = pl_buf_puts(b, "&amp;"); break;
        case '<': st = pl_buf_puts(b, "&lt;"); break;
        case '>': st = pl_buf_puts(b, "&gt;"); break;
        case '"': st = pl_buf_puts(b, "&quot;"); break;
        default: st = pl_buf_putc(b, (unsigned char)*s < 0x20 ? ' ' : *s);
        }
    }
    return st;
}

/* x, a separator (raw), y: "USA -> CHN" and the like. */
static parley_status xml_pair(pl_buf *b, const char *x, const char *sep, const char *y)
{
    parley_status st = xml_text(b, x);
    if (!st)
        st = pl_buf_puts(b, sep);
    return st ? st : xml_text(b, y);
}

/* Chart geometry. */
#define W    960
#define H    460
#define L    70 /* left margin: the y axis and its label */
#define R    30
#define T    60 /* top: title and legend */
#define B    90 /* bottom: dates and the event counts */
#define BARS 50 /* height of the event-count bars below the axis */

static const char *const COLOR[2] = {"#1f4e9c", "#c0392b"};
static const char *const DASH[2] = {"", " stroke-dasharray=\"6 3\""};

static double px(const rel *r, size_t i)
{
    double w = W - L - R;
    return r->np <= 1 ? L + w / 2 : L + w * (double)i / (double)(r->np - 1);
}

static double py(double g) /* Goldstein -10..10 */
{
    return T + (H - T - B) * (10.0 - g) / 20.0;
}

static parley_status write_svg(pl_buf *b, const rel *r)
{
    parley_status st =
        pl_putf(b,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
                " viewBox=\"0 0 %d %d\" font-family=\"Helvetica, Arial, sans-serif\""
                " font-size=\"12\">\n<rect width=\"100%%\" height=\"100%%\""
                " fill=\"white\"/>\n",
                W, H + BARS, W, H + BARS);
    if (!st)
        st = pl_putf(b, "<text x=\"%d\" y=\"22\" font-size=\"16\" font-weight=\"bold\">", L);
    if (!st)
        st = xml_pair(b, r->a, " \xe2\x80\x93 ", r->b);
    if (!st)
        st = pl_putf(b, ": events by %s, mean Goldstein score per direction</text>\n", r->by);
    /* legend */
    for (int k = 0; k < 2 && !st; k++) {
        int x = L + 10 + k * 170;
        st = pl_putf(b,
                     "<line x1=\"%d\" y1=\"40\" x2=\"%d\" y2=\"40\" stroke=\"%s\""
                     " stroke-width=\"2.5\"%s/><circle cx=\"%d\" cy=\"40\" r=\"3.5\" fill=\"%s\"/>"
                     "<text x=\"%d\" y=\"44\">",
                     x, x + 30, COLOR[k], DASH[k], x + 15, COLOR[k], x + 36);
        if (!st)
            st = xml_pair(b, k ? r->b : r->a, " \xe2\x86\x92 ", k ? r->a : r->b);
        if (!st)
            st = pl_buf_puts(b, "</text>\n");
    }
    if (!st)
        st = pl_putf(b,
                     "<rect x=\"%d\" y=\"34\" width=\"12\" height=\"12\" fill=\"#bbb\"/>"
                     "<text x=\"%d\" y=\"44\">events (both ways)</text>"
                     "<line x1=\"%d\" y1=\"40\" x2=\"%d\" y2=\"40\" stroke=\"#666\""
                     " stroke-dasharray=\"2 3\"/><text x=\"%d\" y=\"44\">turning point</text>\n",
                     L + 350, L + 368, L + 500, L + 530, L + 536);
    /* y axis: Goldstein from -10 (conflict) to +10 (cooperation) */
    for (int g = -10; g <= 10 && !st; g += 5)
        st = pl_putf(b,
                     "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"%s\"%s/>"
                     "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%+d</text>\n",
                     L, py(g), W - R, py(g), g == 0 ? "#555" : "#e3e3e3",
                     g == 0 ? " stroke-width=\"1\"" : "", L - 6, py(g) + 4, g);
    if (!st)
        st = pl_putf(b,
                     "<text transform=\"translate(18 %.1f) rotate(-90)\" text-anchor=\"middle\">"
                     "mean Goldstein (conflict &lt; 0 &lt; cooperation)</text>\n"
                     "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/>\n",
                     py(0), L, T, L, H - B);
    /* x axis: at most about 16 date labels */
    size_t every = r->np > 16 ? (r->np + 15) / 16 : 1;
    for (size_t i = 0; i < r->np && !st; i++) {
        if (i % every != 0)
            continue;
        st = pl_putf(
            b,
            "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#333\"/>"
            "<text x=\"%.1f\" y=\"%d\" text-anchor=\"end\" transform=\"rotate(-40 %.1f %d)\">"
            "%s</text>\n",
            px(r, i), H - B, px(r, i), H - B + 5, px(r, i), H - B + 18, px(r, i), H - B + 18,
            r->p[i].key);
    }
    if (!st)
        st = pl_putf(b, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/>\n", L,
                     H - B, W - R, H - B);
    /* event counts as bars under the axis */
    long maxn = 1;
    for (size_t i = 0; i < r->np; i++)
        if (r->p[i].d[0].total + r->p[i].d[1].total > maxn)
            maxn = r->p[i].d[0].total + r->p[i].d[1].total;
    double bw = r->np > 1 ? (W - L - R) / (double)(r->np - 1) * 0.6 : 20;
    if (bw > 24)
        bw = 24;
    if (bw < 1)
        bw = 1;
    int base = H + BARS - 6;
    for (size_t i = 0; i < r->np && !st; i++) {
        long n = r->p[i].d[0].total + r->p[i].d[1].total;
        if (!n)
            continue;
        double h = (BARS - 8) * (double)n / (double)maxn;
        st = pl_putf(b,
                     "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"#bbb\">"
                     "<title>%s: %ld events</title></rect>\n",
                     px(r, i) - bw / 2, base - h, bw, h, r->p[i].key, n);
    }
    if (!st)
        st = pl_putf(
            b, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" fill=\"#777\">%ld events</text>\n",
            L - 6, base - (BARS - 8) + 4, maxn);
    /* both directions: lines through the periods with events */
    for (int k = 0; k < 2 && !st; k++) {
        st = pl_putf(b, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2.5\"%s points=\"",
                     COLOR[k], DASH[k]);
        for (size_t i = 0; i < r->np && !st; i++)
            if (r->p[i].d[k].gn)
                st = pl_putf(b, "%.1f,%.1f ", px(r, i),
                             py(r->p[i].d[k].gsum / (double)r->p[i].d[k].gn));
        if (!st)
            st = pl_buf_puts(b, "\"/>\n");
        for (size_t i = 0; i < r->np && !st; i++) {
            const rel_dir *d = &r->p[i].d[k];
            if (d->gn)
                st = pl_putf(b,
                             "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3.5\" fill=\"%s\"><title>%s: %ld "
                             "events, mean %.1f</title></circle>\n",
                             px(r, i), py(d->gsum / (double)d->gn), COLOR[k], r->p[i].key, d->total,
                             d->gsum / (double)d->gn);
        }
    }
    /* turning points: a dotted line each, and a label (the way it turns and
     * the event most reported behind it) in the first of LABEL_ROWS rows
     * where it does not run into the label before; none when all are taken */
    enum { LABEL_ROWS = 4 };
    double row_end[LABEL_ROWS];
    for (int k = 0; k < LABEL_ROWS; k++)
        row_end[k] = -1e9;
    for (size_t i = 0; i < r->np && !st; i++) {
        const rel_period *p = &r->p[i];
        if (!p->turn)
            continue;
        double x = px(r, i);
        st = pl_putf(b,
                     "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#666\""
                     " stroke-dasharray=\"2 3\"/>\n",
                     x, T, x, H - B);
        const rel_event *best = NULL;
        for (int k = 0; k < 2; k++)
            for (int j = 0; j < p->d[k].ntop; j++)
                if (behind_turn(p, &p->d[k].top[j]) &&
                    (!best || p->d[k].top[j].articles > best->articles))
                    best = &p->d[k].top[j];
        char label[96];
        snprintf(label, sizeof label, "%s %s", p->turn > 0 ? "cooperation" : "conflict",
                 best ? best->cameo : "");
        if (best && best->name[0]) {
            size_t n = strlen(label);
            snprintf(label + n, sizeof label - n, " %.28s%s", best->name,
                     strlen(best->name) > 28 ? "..." : "");
        }
        double width = 6.0 * (double)(strlen(label) + 2); /* about 6 px a character at 11 px */
        bool right = x + 4 + width <= W - R;
        double x0 = right ? x : x - width;
        int row = 0;
        while (row < LABEL_ROWS && x0 < row_end[row] + 8)
            row++;
        if (row == LABEL_ROWS || st)
            continue;
        row_end[row] = x0 + width;
        st = pl_putf(b,
                     "<text x=\"%.1f\" y=\"%d\" font-size=\"11\" text-anchor=\"%s\""
                     " fill=\"#222\">%s ",
                     right ? x + 4 : x - 4, T + 12 + 13 * row, right ? "start" : "end",
                     p->turn > 0 ? "\xe2\x86\x91" : "\xe2\x86\x93");
        if (!st)
            st = xml_text(b, label);
        if (!st)
            st = pl_buf_puts(b, "</text>\n");
    }
    return st ? st : pl_buf_puts(b, "</svg>\n");
}

static parley_status write_html(pl_buf *b, const rel *r)
{
    parley_status st = pl_buf_puts(b, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta "
                                      "charset=\"utf-8\"><title>Relations ");
    if (!st)
        st = xml_pair(b, r->a, " \xe2\x80\x93 ", r->b);
    if (!st)
        st = pl_buf_puts(
            b, "</title>\n<style>body{font-family:Helvetica,Arial,sans-serif;margin:2em;"
               "max-width:1100px}table{border-collapse:collapse;font-size:13px}td,th{border-"
               "bottom:1px solid #ddd;padding:4px 6px;text-align:left;vertical-align:top}"
               "th{background:#f4f4f4}.turn{background:#fff6d6}td.n{text-align:right}"
               "</style></head><body>\n");
    if (!st)
        st = write_svg(b, r);
    if (!st)
        st = pl_putf(b,
                     "<h2>Most reported events of each %s</h2>\n<p>Up to %d events per %s and "
                     "direction, by number of articles; rows of turning points are marked."
                     "</p>\n<table><tr><th>%s</th><th>date</th><th>direction</th><th>CAMEO</th>"
                     "<th>event</th><th>Goldstein</th><th>articles</th><th>mentions</th>"
                     "<th>sentence</th><th>source</th></tr>\n",
                     r->by, TOP_EVENTS, r->by, r->by);
    for (size_t i = 0; i < r->np && !st; i++) {
        const rel_period *p = &r->p[i];
        for (int k = 0; k < 2 && !st; k++)
            for (int j = 0; j < p->d[k].ntop && !st; j++) {
                const rel_event *e = &p->d[k].top[j];
                char g[16] = "";
                if (!isnan(e->goldstein))
                    snprintf(g, sizeof g, "%.1f", e->goldstein);
                st = pl_putf(b, "<tr%s><td>%s</td><td>%s</td><td>",
                             p->turn ? " class=\"turn\"" : "", p->key, e->date);
                if (!st)
                    st = xml_pair(b, e->src, " \xe2\x86\x92 ", e->tgt);
                if (!st)
                    st = pl_putf(b, "</td><td>%s</td><td>", e->cameo);
                if (!st)
                    st = xml_text(b, e->name);
                if (!st)
                    st = pl_putf(b,
                                 "</td><td class=\"n\">%s</td><td class=\"n\">%ld</td>"
                                 "<td class=\"n\">%ld</td><td>",
                                 g, e->articles, e->mentions);
                if (!st)
                    st = xml_text(b, e->sentence);
                if (!st)
                    st = pl_buf_puts(b, "</td><td>");
                bool link =
                    strncmp(e->url, "http://", 7) == 0 || strncmp(e->url, "https://", 8) == 0;
                if (!st && link) {
                    st = pl_buf_puts(b, "<a href=\"");
                    if (!st)
                        st = xml_text(b, e->url);
                    if (!st)
                        st = pl_buf_puts(b, "\">");
                }
                if (!st)
                    st = xml_text(b, e->url);
                if (!st)
                    st = pl_buf_puts(b, link ? "</a></td></tr>\n" : "</td></tr>\n");
            }
    }
    return st ? st : pl_buf_puts(b, "</table>\n</body></html>\n");
}

PARLEY_API parley_status parley_store_relations(parley_store *s, const char *a, const char *b,
                                                const char *by, const char *format, char **out)
{
    if (!out)
        return pl_error(PARLEY_ERR_ARG, "parley_store_relations: out is NULL");
    *out = NULL;
    if (!s || !a || !b || !*a || !*b)
        return pl_error(PARLEY_ERR_ARG, "parley_store_relations: need a store and two actors");
    if (!by)
        by = "month";
    if (!format)
        format = "jsonl";
    if (strcmp(by, "day") != 0 && strcmp(by, "week") != 0 && strcmp(by, "month") != 0)
        return pl_error(PARLEY_ERR_ARG, "relations --by '%s': day, week or month", by);
    parley_status (*writer)(pl_buf *, const rel *) = strcmp(format, "jsonl") == 0  ? write_jsonl
                                                     : strcmp(format, "csv") == 0  ? write_csv
                                                     : strcmp(format, "svg") == 0  ? write_svg
                                                     : strcmp(format, "html") == 0 ? write_html
                                                                                   : NULL;
    if (!writer)
        return pl_error(PARLEY_ERR_ARG, "relations --format '%s': jsonl, csv, svg or html", format);
    rel r = {.a = a, .b = b, .by = by};
    /* what the writer shows of the top events: nothing (csv), names (svg), sentences */
    int detail = writer == write_csv ? 0 : writer == write_svg ? 1 : 2;
    parley_status st = load(s, &r, detail);
    pl_buf buf;
    pl_buf_init(&buf, 0);
    if (!st) {
        find_turns(&r);
        st = writer(&buf, &r);
    }
    rel_release(&r);
    if (st) {
        pl_buf_release(&buf);
        return st;
    }
    if (!buf.data && (st = pl_buf_puts(&buf, "")))
        return st;
    *out = buf.data;
    return PARLEY_OK;
}
