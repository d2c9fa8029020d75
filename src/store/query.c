/*
 * query.c - reading events back: filters, the SQL they make, and rows as
 * JSON Lines, CSV, GDELT 2.0 events or GDELT 2.0 mentions.
 *
 * JSON and CSV field names are a contract (add, never rename): event_id,
 * date, event_date, date_precision, place, place_country, source and target
 * ({code, name}), cameo, root, quad_class, goldstein, num_mentions,
 * num_sources, num_articles, is_root_event, first_seen, last_seen,
 * confidence, source_url, sentence (the first mention's).
 */
#include "code/code.h"
#include "store/store.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { Q_DYAD_A, Q_DYAD_B, Q_ACTOR, Q_FROM, Q_TO, Q_ROOT, Q_CAMEO, Q_PLACE, Q_COUNTRY, Q_DOC, Q_N };

struct parley_query {
    char *v[Q_N]; /* each filter's value, NULL when not set */
    int quad;     /* 0: any */
    long limit;   /* 0: no limit */
};

struct parley_rows {
    parley_store *store;
    sqlite3_stmt *q;
    parley_store_format fmt;
    pl_buf line;
};

PARLEY_API parley_status parley_query_new(parley_query **out)
{
    if (!out)
        return pl_error(PARLEY_ERR_ARG, "parley_query_new: out is NULL");
    *out = pl_calloc(1, sizeof **out);
    return *out ? PARLEY_OK : pl_error(PARLEY_ERR_NOMEM, "out of memory");
}

PARLEY_API void parley_query_free(parley_query *q)
{
    if (!q)
        return;
    for (int k = 0; k < Q_N; k++)
        pl_free(q->v[k]);
    pl_free(q);
}

static bool is_date(const char *s)
{
    long d;
    return st_day_from_date(s, &d);
}

static parley_status set(parley_query *q, int k, const char *v, size_t n)
{
    pl_free(q->v[k]);
    q->v[k] = pl_strndup(v, n);
    return q->v[k] ? PARLEY_OK : pl_error(PARLEY_ERR_NOMEM, "out of memory");
}

PARLEY_API parley_status parley_query_set(parley_query *q, const char *key, const char *value)
{
    if (!q || !key || !value)
        return pl_error(PARLEY_ERR_ARG, "parley_query_set: NULL argument");
    size_t n = strlen(value);
    if (strcmp(key, "dyad") == 0) {
        const char *comma = strchr(value, ',');
        if (!comma || comma == value || !comma[1] || strchr(comma + 1, ','))
            return pl_error(PARLEY_ERR_ARG, "query dyad '%s': want SOURCE,TARGET (e.g. USA,CHN)",
                            value);
        parley_status st = set(q, Q_DYAD_A, value, (size_t)(comma - value));
        return st ? st : set(q, Q_DYAD_B, comma + 1, strlen(comma + 1));
    }
    if (strcmp(key, "quad") == 0) {
        if (n != 1 || value[0] < '1' || value[0] > '4')
            return pl_error(PARLEY_ERR_ARG, "query quad '%s': 1 to 4", value);
        q->quad = value[0] - '0';
        return PARLEY_OK;
    }
    if (strcmp(key, "limit") == 0) {
        char *end;
        long l = strtol(value, &end, 10);
        if (*end || l < 1)
            return pl_error(PARLEY_ERR_ARG, "query limit '%s': a positive number", value);
        q->limit = l;
        return PARLEY_OK;
    }
    static const char *const names[Q_N] = {
        [Q_ACTOR] = "actor", [Q_FROM] = "from",   [Q_TO] = "to",           [Q_ROOT] = "root",
        [Q_CAMEO] = "cameo", [Q_PLACE] = "place", [Q_COUNTRY] = "country", [Q_DOC] = "doc"};
    for (int k = Q_ACTOR; k < Q_N; k++) {
        if (strcmp(key, names[k]) != 0)
            continue;
        if ((k == Q_FROM || k == Q_TO) && !is_date(value))
            return pl_error(PARLEY_ERR_ARG, "query %s '%s': want YYYY-MM-DD", key, value);
        if (k == Q_ROOT && (n != 2 || value[0] < '0' || value[0] > '2'))
            return pl_error(PARLEY_ERR_ARG, "query root '%s': a two-digit CAMEO root (01-20)",
                            value);
        if (n == 0)
            return pl_error(PARLEY_ERR_ARG, "query %s: empty value", key);
        return set(q, k, value, n);
    }
    return pl_error(PARLEY_ERR_ARG,
                    "query filter '%s': dyad, actor, from, to, root, cameo, quad, place, country, "
                    "doc or limit",
                    key);
}

PARLEY_API parley_status parley_store_format_from_name(const char *name, parley_store_format *out)
{
    if (!name || !out)
        return pl_error(PARLEY_ERR_ARG, "parley_store_format_from_name: NULL argument");
    if (strcmp(name, "jsonl") == 0 || strcmp(name, "json") == 0)
        *out = PARLEY_STORE_JSONL;
    else if (strcmp(name, "csv") == 0)
        *out = PARLEY_STORE_CSV;
    else if (strcmp(name, "gdelt") == 0)
        *out = PARLEY_STORE_GDELT;
    else if (strcmp(name, "gdelt-mentions") == 0)
        *out = PARLEY_STORE_GDELT_MENTIONS;
    else
        return pl_error(PARLEY_ERR_ARG,
                        "unknown store format '%s' (jsonl, csv, gdelt, gdelt-mentions)", name);
    return PARLEY_OK;
}

PARLEY_API const char *parley_store_header(parley_store_format fmt)
{
    if (fmt != PARLEY_STORE_CSV)
        return "";
    return "event_id,date,event_date,date_precision,place,place_country,source_code,"
           "source_name,target_code,target_name,cameo,root,quad_class,goldstein,num_mentions,"
           "num_sources,num_articles,is_root_event,first_seen,last_seen,confidence,source_url,"
           "sentence\n";
}

/* ---------------------------------------------------------------------- */
/* SQL */

/* Columns of an event row, in the order the writers read them. */
enum {
    C_ID,
    C_DATE,
    C_EVENT_DATE,
    C_PRECISION,
    C_PLACE,
    C_PLACE_COUNTRY,
    C_SRC,
    C_SRC_NAME,
    C_TGT,
    C_TGT_NAME,
    C_CAMEO,
    C_ROOT,
    C_QUAD,
    C_GOLDSTEIN,
    C_MENTIONS,
    C_SOURCES,
    C_ARTICLES,
    C_IS_ROOT,
    C_FIRST,
    C_LAST,
    C_CONF,
    C_URL,
    C_SENTENCE,
    /* mention rows only */
    M_DOC_DATE,
    M_OUTLET,
    M_IDENT,
    M_SENT,
    M_SRC_AT,
    M_TGT_AT,
    M_TRIG_AT,
    M_CONF,
    M_DOC_LEN
};

static const char EVENT_COLS[] =
    "e.event_id, e.date, e.event_date, e.date_precision, e.place, e.place_country, e.src_code,"
    " e.src_name, e.tgt_code, e.tgt_name, e.cameo, e.root, e.quad_class, e.goldstein,"
    " e.num_mentions, e.num_sources, e.num_articles, e.is_root_event, e.first_seen, e.last_seen,"
    " e.confidence, e.source_url";

/*
 * The query plan. A query prints events in date order, usually with a
 * LIMIT, so the plan that is fast on a large store reads one index range
 * already in date order and stops after LIMIT rows; SQLite's planner cannot
 * tell a common actor from a rare one (no histograms in Debian's build),
 * and on an OR of the two sides it reads both whole ranges and sorts them.
 * So the SQL names the index (INDEXED BY) from the filters present, most
 * selective kind first: a document's events; a place; a dyad
 * (events_dyad); an actor, as two halves (source side, target side), each
 * one ordered range cut at LIMIT, merged by a UNION; a place's country; a
 * CAMEO root (from --root or --cameo); else the date. Within the range the
 * other filters are tested, in the index where it holds their columns
 * (QuadClass, the code, the place's country), else row by row.
 */

/* The query's parameters, in the order of the SQL's placeholders. */
typedef struct sql_params {
    const char *v[4 * Q_N];
    int n;
    char cc[12][8]; /* 3-letter countries cut from longer codes, CAMEO roots */
    char hi[16];    /* the upper bound of a CAMEO prefix range */
    int ncc;
} sql_params;

static parley_status add(pl_buf *sql, sql_params *p, const char *text, const char *v)
{
    if (v)
        p->v[p->n++] = v;
    return pl_buf_puts(sql, text);
}

/* An actor filter on one side: a country compares the indexed 3-letter
 * column; a longer prefix compares that column with its first three
 * letters too (so the side's index applies) and then the code itself. */
static parley_status actor_cond(pl_buf *sql, sql_params *p, const char *side, const char *v)
{
    char t[160];
    size_t n = strlen(v);
    parley_status st;
    if (n == 3) {
        snprintf(t, sizeof t, " AND e.%s_country = ?", side);
        return add(sql, p, t, v);
    }
    if (n > 3 && p->ncc < 12) {
        char *cc = p->cc[p->ncc++];
        snprintf(cc, sizeof p->cc[0], "%.3s", v);
        snprintf(t, sizeof t, " AND e.%s_country = ?", side);
        if ((st = add(sql, p, t, cc)))
            return st;
    }
    snprintf(t, sizeof t, " AND substr(e.%s_code, 1, %zu) = ?", side, n);
    return add(sql, p, t, v);
}

/* Can the actor filter use its side's country index? */
static bool actor_indexed(const char *v)
{
    return v && strlen(v) >= 3;
}

/* The CAMEO root a --cameo prefix implies ("036" -> "03"), or NULL. */
static bool cameo_root(const char *c, char root[3])
{
    if (!c || strlen(c) < 2 || c[0] < '0' || c[0] > '2' || c[1] < '0' || c[1] > '9')
        return false;
    root[0] = c[0];
    root[1] = c[1];
    root[2] = '\0';
    return true;
}

/* The filters other than --actor, each " AND ...", into sql. */
static parley_status filter_sql(const parley_query *q, pl_buf *sql, sql_params *p)
{
    parley_status st = PARLEY_OK;
    if (q->v[Q_DYAD_A]) {
        st = actor_cond(sql, p, "src", q->v[Q_DYAD_A]);
        if (!st)
            st = actor_cond(sql, p, "tgt", q->v[Q_DYAD_B]);
    }
    if (!st && q->v[Q_FROM])
        st = add(sql, p, " AND e.date >= ?", q->v[Q_FROM]);
    if (!st && q->v[Q_TO])
        st = add(sql, p, " AND e.date <= ?", q->v[Q_TO]);
    if (!st && q->v[Q_ROOT])
        st = add(sql, p, " AND e.root = ?", q->v[Q_ROOT]);
    char root[3];
    if (!st && q->v[Q_CAMEO] && cameo_root(q->v[Q_CAMEO], root) &&
        strlen(q->v[Q_CAMEO]) < sizeof p->hi && p->ncc < 12) {
        /* the code family first (indexed), then the code as a range of
         * text: "036" <= code < "037" holds 036 and 0361 to 0369 */
        char *r = p->cc[p->ncc++], *hi = p->hi;
        memcpy(r, root, 3);
        snprintf(hi, sizeof p->hi, "%s", q->v[Q_CAMEO]);
        hi[strlen(hi) - 1]++;
        st = add(sql, p, " AND e.root = ?", r);
        if (!st)
            st = add(sql, p, " AND e.cameo >= ?", q->v[Q_CAMEO]);
        if (!st)
            st = add(sql, p, " AND e.cameo < ?", hi);
    } else if (!st && q->v[Q_CAMEO]) {
        /* numbered parameters would clash with the positional ones */
        st = add(sql, p, " AND substr(e.cameo, 1, length(?))", q->v[Q_CAMEO]);
        if (!st)
            st = add(sql, p, " = ?", q->v[Q_CAMEO]);
    }
    if (!st && q->quad) {
        /* a quarter of the events or so: tested row by row in any range */
        char t[48];
        snprintf(t, sizeof t, " AND e.quad_class = %d", q->quad);
        st = pl_buf_puts(sql, t);
    }
    if (!st && q->v[Q_PLACE])
        st = add(sql, p, " AND e.place = ?", q->v[Q_PLACE]);
    if (!st && q->v[Q_COUNTRY])
        st = add(sql, p, " AND e.place_country = ?", q->v[Q_COUNTRY]);
    if (!st && q->v[Q_DOC])
        st = add(sql, p,
                 " AND e.event_id IN (SELECT m2.event_id FROM mentions m2 JOIN documents d2"
                 " ON d2.doc_key = m2.doc_key WHERE d2.id = ?)",
                 q->v[Q_DOC]);
    return st;
}

/* The index the filters (other than --actor) are read through, or NULL to
 * leave it to SQLite; `side` names the actor half being planned, if any. */
static const char *pick_index(const parley_query *q, const char *side)
{
    char root[3];
    bool rooted = q->v[Q_ROOT] || cameo_root(q->v[Q_CAMEO], root);
    if (q->v[Q_DOC])
        return NULL; /* a handful of events by id */
    if (q->v[Q_PLACE])
        return "events_place_date"; /* a town is rarer than any actor */
    if (q->v[Q_COUNTRY] && !side)
        return "events_place_country_date"; /* but a country is not */
    if (q->v[Q_DYAD_A])
        return actor_indexed(q->v[Q_DYAD_A]) && actor_indexed(q->v[Q_DYAD_B]) ? "events_dyad"
                                                                              : NULL;
    if (side)
        return strcmp(side, "src") == 0 ? (rooted ? "events_src_root" : "events_src_date")
                                        : (rooted ? "events_tgt_root" : "events_tgt_date");
    if (rooted)
        return "events_root_date";
    return "events_date";
}

static bool has_index(parley_store *s, const char *name)
{
    sqlite3_stmt *q = NULL;
    bool yes = false;
    if (sqlite3_prepare_v2(s->db, "SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = ?1",
                           -1, &q, NULL) == SQLITE_OK) {
        sqlite3_bind_text(q, 1, name, -1, SQLITE_STATIC);
        yes = sqlite3_step(q) == SQLITE_ROW;
    }
    sqlite3_finalize(q);
    return yes;
}

/* " FROM events e INDEXED BY x" (or without the hint when the store,
 * older and read-only, lacks that index). */
static parley_status from_events(parley_store *s, pl_buf *sql, const char *index)
{
    parley_status st = pl_buf_puts(sql, " FROM events e");
    if (!st && index && has_index(s, index)) {
        st = pl_buf_puts(sql, " INDEXED BY ");
        if (!st)
            st = pl_buf_puts(sql, index);
    }
    return st;
}

static parley_status limit_sql(pl_buf *sql, const parley_query *q)
{
    if (!q->limit)
        return PARLEY_OK;
    char t[48];
    snprintf(t, sizeof t, " LIMIT %ld", q->limit);
    return pl_buf_puts(sql, t);
}

/* The query's SQL and its parameters in order. */
static parley_status build_sql(parley_store *s, const parley_query *q, bool mentions, pl_buf *sql,
                               sql_params *p)
{
    static const parley_query none;
    if (!q)
        q = &none;
    p->n = p->ncc = 0;
    parley_status st = pl_buf_puts(sql, "SELECT ");
    if (!st)
        st = pl_buf_puts(sql, EVENT_COLS);
    if (!st && mentions)
        st = pl_buf_puts(sql, ", m.sentence_text, m.doc_date, d.source, coalesce(d.url, d.id),"
                              " m.sentence, m.src_start, m.tgt_start, m.trigger_start,"
                              " m.confidence, d.text_len");
    else if (!st)
        st = pl_buf_puts(sql, ", (SELECT sentence_text FROM mentions m WHERE m.event_id ="
                              " e.event_id ORDER BY mention_id LIMIT 1)");
    const char *order =
        mentions ? " ORDER BY e.date, e.event_id, m.mention_id" : " ORDER BY e.date, e.event_id";
    if (!st && q->v[Q_ACTOR]) {
        /* the two sides' ordered ranges, each cut at the limit, merged */
        st = pl_buf_puts(sql, " FROM events e JOIN (");
        for (int half = 0; !st && half < 2; half++) {
            const char *side = half ? "tgt" : "src";
            st = pl_buf_puts(sql, half ? " UNION SELECT id, d FROM (SELECT e.event_id AS id,"
                                         " e.date AS d"
                                       : "SELECT id, d FROM (SELECT e.event_id AS id,"
                                         " e.date AS d");
            if (!st)
                st = from_events(s, sql, actor_indexed(q->v[Q_ACTOR]) ? pick_index(q, side) : NULL);
            if (!st)
                st = pl_buf_puts(sql, " WHERE 1");
            if (!st)
                st = actor_cond(sql, p, side, q->v[Q_ACTOR]);
            if (!st)
                st = filter_sql(q, sql, p);
            if (!st)
                st = pl_buf_puts(sql, " ORDER BY e.date, e.event_id");
            if (!st)
                st = limit_sql(sql, q);
            if (!st)
                st = pl_buf_putc(sql, ')');
        }
        if (!st)
            st = pl_buf_puts(sql, ") h ON e.event_id = h.id");
        order = mentions ? " ORDER BY h.d, h.id, m.mention_id" : " ORDER BY h.d, h.id";
    } else if (!st) {
        st = from_events(s, sql, pick_index(q, NULL));
    }
    if (!st && mentions)
        st = pl_buf_puts(sql, " JOIN mentions m ON m.event_id = e.event_id"
                              " JOIN documents d ON d.doc_key = m.doc_key");
    if (!st)
        st = pl_buf_puts(sql, " WHERE 1");
    if (!st && !q->v[Q_ACTOR])
        st = filter_sql(q, sql, p);
    if (!st)
        st = pl_buf_puts(sql, order);
    if (!st)
        st = limit_sql(sql, q);
    return st ? st : pl_buf_putc(sql, '\0');
}

PARLEY_API parley_status parley_store_query(parley_store *s, const parley_query *q,
                                            parley_store_format fmt, parley_rows **out)
{
    if (!out)
        return pl_error(PARLEY_ERR_ARG, "parley_store_query: out is NULL");
    *out = NULL;
    if (!s)
        return pl_error(PARLEY_ERR_ARG, "parley_store_query: store is NULL");
    pl_buf sql;
    pl_buf_init(&sql, 0);
    sql_params p;
    parley_status st = build_sql(s, q, fmt == PARLEY_STORE_GDELT_MENTIONS, &sql, &p);
    parley_rows *r = st ? NULL : pl_calloc(1, sizeof *r);
    if (!st && !r)
        st = pl_error(PARLEY_ERR_NOMEM, "out of memory");
    if (!st && sqlite3_prepare_v2(s->db, sql.data, -1, &r->q, NULL) != SQLITE_OK)
        st = st_sqlerr(s, "preparing a query");
    pl_buf_release(&sql);
    if (st) {
        parley_rows_free(r);
        return st;
    }
    for (int i = 0; i < p.n; i++)
        sqlite3_bind_text(r->q, i + 1, p.v[i], -1, SQLITE_TRANSIENT);
    r->store = s;
    r->fmt = fmt;
    pl_buf_init(&r->line, 0);
    *out = r;
    return PARLEY_OK;
}

PARLEY_API void parley_rows_free(parley_rows *r)
{
    if (!r)
        return;
    sqlite3_finalize(r->q);
    pl_buf_release(&r->line);
    pl_free(r);
}

/* ---------------------------------------------------------------------- */
/* Row writers */

static const char *col(sqlite3_stmt *q, int c)
{
    const char *t = (const char *)sqlite3_column_text(q, c);
    return t ? t : "";
}

/* A text column as a JSON string, or null when SQL NULL. */
static parley_status json_col(pl_buf *b, sqlite3_stmt *q, int c)
{
    if (sqlite3_column_type(q, c) == SQLITE_NULL)
        return pl_buf_puts(b, "null");
    const char *t = col(q, c);
    return pl_json_str(b, t, strlen(t));
}

static parley_status row_jsonl(pl_buf *b, sqlite3_stmt *q)
{
    static const struct {
        const char *name; /* the JSON member, with its leading punctuation */
        int col;
        char kind; /* s string, i integer, f real, g Goldstein (one decimal) */
    } f[] = {
        {"{\"event_id\":", C_ID, 'i'},           {",\"date\":", C_DATE, 's'},
        {",\"event_date\":", C_EVENT_DATE, 's'}, {",\"date_precision\":", C_PRECISION, 's'},
        {",\"place\":", C_PLACE, 's'},           {",\"place_country\":", C_PLACE_COUNTRY, 's'},
        {",\"source\":{\"code\":", C_SRC, 's'},  {",\"name\":", C_SRC_NAME, 's'},
        {"},\"target\":{\"code\":", C_TGT, 's'}, {",\"name\":", C_TGT_NAME, 's'},
        {"},\"cameo\":", C_CAMEO, 's'},          {",\"root\":", C_ROOT, 's'},
        {",\"quad_class\":", C_QUAD, 'i'},       {",\"goldstein\":", C_GOLDSTEIN, 'g'},
        {",\"num_mentions\":", C_MENTIONS, 'i'}, {",\"num_sources\":", C_SOURCES, 'i'},
        {",\"num_articles\":", C_ARTICLES, 'i'}, {",\"is_root_event\":", C_IS_ROOT, 'i'},
        {",\"first_seen\":", C_FIRST, 's'},      {",\"last_seen\":", C_LAST, 's'},
        {",\"confidence\":", C_CONF, 'f'},       {",\"source_url\":", C_URL, 's'},
        {",\"sentence\":", C_SENTENCE, 's'},
    };
    parley_status st = PARLEY_OK;
    for (size_t k = 0; k < sizeof f / sizeof f[0] && !st; k++) {
        st = pl_buf_puts(b, f[k].name);
        if (st)
            break;
        int c = f[k].col;
        if (f[k].kind == 's' || sqlite3_column_type(q, c) == SQLITE_NULL)
            st = json_col(b, q, c);
        else if (f[k].kind == 'i')
            st = pl_putf(b, "%lld", (long long)sqlite3_column_int64(q, c));
        else
            st = pl_putf(b, f[k].kind == 'g' ? "%.1f" : "%.3f", sqlite3_column_double(q, c));
    }
    return st ? st : pl_buf_puts(b, "}\n");
}

static parley_status row_csv(pl_buf *b, sqlite3_stmt *q)
{
    parley_status st = PARLEY_OK;
    for (int c = C_ID; c <= C_SENTENCE && !st; c++) {
        char t[32];
        const char *v = col(q, c);
        if (c == C_GOLDSTEIN && sqlite3_column_type(q, c) != SQLITE_NULL) {
            snprintf(t, sizeof t, "%.1f", sqlite3_column_double(q, c));
            v = t;
        } else if (c == C_CONF) {
            snprintf(t, sizeof t, "%.3f", sqlite3_column_double(q, c));
            v = t;
        }
        st = pl_csv_field(b, v, strlen(v), c == C_SENTENCE);
    }
    return st;
}

/* "YYYY-MM-DD..." as GDELT's YYYYMMDDHHMMSS (midnight), "" if not a day. */
static void gdelt_time(const char *d, char out[16])
{
    long day;
    out[0] = '\0';
    if (d && strlen(d) >= 10) {
        char t[11];
        memcpy(t, d, 10);
        t[10] = '\0';
        if (st_day_from_date(t, &day))
            snprintf(out, 16, "%.4s%.2s%.2s000000", t, t + 5, t + 8);
    }
}

static parley_status row_gdelt(pl_buf *b, sqlite3_stmt *q)
{
    char added[16];
    gdelt_time(col(q, C_FIRST), added);
    pl_gdelt_row r = {
        .event_id = col(q, C_ID),
        .date = col(q, C_DATE),
        .src_code = col(q, C_SRC),
        .src_name = col(q, C_SRC_NAME),
        .tgt_code = col(q, C_TGT),
        .tgt_name = col(q, C_TGT_NAME),
        .is_root = sqlite3_column_int(q, C_IS_ROOT),
        .cameo = col(q, C_CAMEO),
        .root = col(q, C_ROOT),
        .quad = sqlite3_column_int(q, C_QUAD),
        .goldstein = sqlite3_column_type(q, C_GOLDSTEIN) == SQLITE_NULL
                         ? NAN
                         : sqlite3_column_double(q, C_GOLDSTEIN),
        .num_mentions = (long)sqlite3_column_int64(q, C_MENTIONS),
        .num_sources = (long)sqlite3_column_int64(q, C_SOURCES),
        .num_articles = (long)sqlite3_column_int64(q, C_ARTICLES),
        .date_added = added,
        .url = col(q, C_URL),
    };
    return pl_gdelt_write(b, &r);
}

/* GDELT 2.0 Mentions table: GLOBALEVENTID, EventTimeDate, MentionTimeDate,
 * MentionType, MentionSourceName, MentionIdentifier, SentenceID,
 * Actor1CharOffset, Actor2CharOffset, ActionCharOffset, InRawText,
 * Confidence, MentionDocLen, MentionDocTone, MentionDocTranslationInfo,
 * Extras. */
static parley_status row_gdelt_mention(pl_buf *b, sqlite3_stmt *q)
{
    char ev_time[16], men_time[16], nums[6][24];
    gdelt_time(col(q, C_DATE), ev_time);
    gdelt_time(col(q, M_DOC_DATE), men_time);
    snprintf(nums[0], sizeof nums[0], "%lld", (long long)sqlite3_column_int64(q, M_SENT) + 1);
    snprintf(nums[1], sizeof nums[1], "%lld", (long long)sqlite3_column_int64(q, M_SRC_AT));
    snprintf(nums[2], sizeof nums[2], "%lld", (long long)sqlite3_column_int64(q, M_TGT_AT));
    snprintf(nums[3], sizeof nums[3], "%lld", (long long)sqlite3_column_int64(q, M_TRIG_AT));
    snprintf(nums[4], sizeof nums[4], "%d", (int)lround(100.0 * sqlite3_column_double(q, M_CONF)));
    snprintf(nums[5], sizeof nums[5], "%lld", (long long)sqlite3_column_int64(q, M_DOC_LEN));
    const char *cells[16] = {col(q, C_ID),
                             ev_time,
                             men_time,
                             "1" /* web */,
                             col(q, M_OUTLET),
                             col(q, M_IDENT),
                             nums[0],
                             nums[1],
                             nums[2],
                             nums[3],
                             "1" /* in the raw text */,
                             nums[4],
                             nums[5],
                             "",
                             "",
                             ""};
    parley_status st = PARLEY_OK;
    for (int k = 0; k < 16 && !st; k++)
        st = pl_tsv_field(b, cells[k], k == 15);
    return st;
}

PARLEY_API parley_status parley_rows_next(parley_rows *r, const char **line)
{
    if (!r || !line)
        return pl_error(PARLEY_ERR_ARG, "parley_rows_next: NULL argument");
    *line = NULL;
    int rc = sqlite3_step(r->q);
    if (rc == SQLITE_DONE)
        return PARLEY_END;
    if (rc != SQLITE_ROW)
        return st_sqlerr(r->store, "reading events");
    pl_buf_clear(&r->line);
    parley_status st = r->fmt == PARLEY_STORE_CSV              ? row_csv(&r->line, r->q)
                       : r->fmt == PARLEY_STORE_GDELT          ? row_gdelt(&r->line, r->q)
                       : r->fmt == PARLEY_STORE_GDELT_MENTIONS ? row_gdelt_mention(&r->line, r->q)
                                                               : row_jsonl(&r->line, r->q);
    if (st)
        return pl_error(st, "formatting an event: %s", parley_strerror(st));
    *line = r->line.data;
    return PARLEY_OK;
}
