/*
 * event_detail.c - one event with everything behind it: its fields, then
 * each mention with its sentence, document, verb pattern and how its actors
 * matched (parley_store_event_json; `parley serve`'s GET /api/events/{id}).
 *
 * The store keeps each mention's offsets into its document but not the
 * document text, so the sentence's own start is found again by lining up
 * the actor and trigger texts with the stored sentence (see locate()).
 */
#include "code/code.h"
#include "store/store.h"

#include <string.h>

/* The event's fields, named as parley_store_query's JSON (plus event_name),
 * made by SQLite's json_object so the two never disagree on a type. */
static const char EVENT_SQL[] =
    "SELECT json_object('event_id', e.event_id, 'date', e.date, 'event_date', e.event_date,"
    " 'date_precision', e.date_precision, 'place', e.place, 'place_country', e.place_country,"
    " 'source', json_object('code', e.src_code, 'name', e.src_name),"
    " 'target', json_object('code', e.tgt_code, 'name', e.tgt_name),"
    " 'cameo', e.cameo, 'root', e.root, 'event_name', e.event_name,"
    " 'quad_class', e.quad_class, 'goldstein', round(e.goldstein, 1),"
    " 'num_mentions', e.num_mentions, 'num_sources', e.num_sources,"
    " 'num_articles', e.num_articles, 'is_root_event', e.is_root_event,"
    " 'first_seen', e.first_seen, 'last_seen', e.last_seen,"
    " 'confidence', round(e.confidence, 3), 'source_url', e.source_url)"
    " FROM events e WHERE e.event_id = ?1";

/* Mention columns, in the order mention_json reads them. */
enum {
    M_ID,
    M_SENT_INDEX,
    M_SENT,
    M_SRC,
    M_SRC_TEXT,
    M_SRC_AT,
    M_SRC_MATCH,
    M_TGT,
    M_TGT_TEXT,
    M_TGT_AT,
    M_TGT_MATCH,
    M_TRIG_TEXT,
    M_TRIG_AT,
    M_CAMEO,
    M_MODE,
    M_PATTERN,
    M_PATTERN_FILE,
    M_PATTERN_LINE,
    M_EVENT_DATE,
    M_PRECISION,
    M_PLACE,
    M_CONF,
    M_DOC_ID,
    M_DOC_URL,
    M_DOC_SOURCE,
    M_DOC_TITLE,
    M_DOC_DATE,
    M_NCOLS
};

static const char MENTION_SQL[] =
    "SELECT m.mention_id, m.sentence, m.sentence_text, m.src_code, m.src_text, m.src_start,"
    " m.src_match, m.tgt_code, m.tgt_text, m.tgt_start, m.tgt_match, m.trigger_text,"
    " m.trigger_start, m.cameo, m.mode, m.pattern, m.pattern_file, m.pattern_line,"
    " m.event_date, m.date_precision, m.place, m.confidence, d.id, d.url, d.source, d.title,"
    " d.date FROM mentions m JOIN documents d ON d.doc_key = m.doc_key WHERE m.event_id = ?1"
    " ORDER BY m.mention_id LIMIT ?2";

/* One piece of the sentence to find: its text and its document offset. */
typedef struct {
    const char *text;
    size_t len;
    long long at;    /* byte offset in the document, -1 unknown */
    long long start; /* found: byte offset in the sentence, else -1 */
} piece;

static bool piece_at(const char *sent, size_t n, const piece *p, long long base)
{
    long long off = p->at - base;
    return off >= 0 && (size_t)off + p->len <= n && memcmp(sent + off, p->text, p->len) == 0;
}

/* Where the sentence starts in its document: the base at which every piece
 * with a known offset lies where the document said. Tried for each place
 * the longest piece occurs in the sentence; a piece that fits no common
 * base is looked for alone (first occurrence). */
static void locate(const char *sent, size_t n, piece *ps, int np)
{
    int lead = -1;
    for (int k = 0; k < np; k++) {
        ps[k].start = -1;
        if (ps[k].len && ps[k].at >= 0 && (lead < 0 || ps[k].len > ps[lead].len))
            lead = k;
    }
    if (lead >= 0) {
        const char *hit = sent;
        /* a sentence of a few hundred bytes: few occurrences to try */
        while ((hit = memmem(hit, n - (size_t)(hit - sent), ps[lead].text, ps[lead].len))) {
            long long base = ps[lead].at - (long long)(hit - sent);
            bool all = true;
            for (int k = 0; k < np && all; k++)
                if (ps[k].len && ps[k].at >= 0 && !piece_at(sent, n, &ps[k], base))
                    all = false;
            if (all) {
                for (int k = 0; k < np; k++)
                    if (ps[k].len && ps[k].at >= 0)
                        ps[k].start = ps[k].at - base;
                return;
            }
            hit++;
        }
    }
    for (int k = 0; k < np; k++) {
        const char *hit = ps[k].len ? memmem(sent, n, ps[k].text, ps[k].len) : NULL;
        if (hit)
            ps[k].start = (long long)(hit - sent);
    }
}

static const char *text_col(sqlite3_stmt *q, int c, size_t *len)
{
    const char *t = (const char *)sqlite3_column_text(q, c);
    *len = t ? (size_t)sqlite3_column_bytes(q, c) : 0;
    return t ? t : "";
}

/* "key": a text column as a JSON string, null when SQL NULL. */
static parley_status put_str(pl_buf *b, const char *key, sqlite3_stmt *q, int c)
{
    parley_status st = pl_putf(b, "\"%s\":", key);
    if (st)
        return st;
    if (sqlite3_column_type(q, c) == SQLITE_NULL)
        return pl_buf_puts(b, "null");
    size_t n;
    const char *t = text_col(q, c, &n);
    return pl_json_str(b, t, n);
}

/* "key":{"start":S,"end":E} of a located piece, or null. */
static parley_status put_span(pl_buf *b, const piece *p)
{
    if (p->start < 0)
        return pl_buf_puts(b, "\"start\":null,\"end\":null");
    return pl_putf(b, "\"start\":%lld,\"end\":%lld", p->start, p->start + (long long)p->len);
}

/* An actor of a mention: {"code","text","match","start","end"}. */
static parley_status put_actor(pl_buf *b, const char *key, sqlite3_stmt *q, int code, int text,
                               int match, const piece *p)
{
    parley_status st = pl_putf(b, ",\"%s\":{", key);
    if (!st)
        st = put_str(b, "code", q, code);
    if (!st)
        st = pl_buf_putc(b, ',');
    if (!st)
        st = put_str(b, "text", q, text);
    if (!st)
        st = pl_buf_putc(b, ',');
    if (!st)
        st = put_str(b, "match", q, match);
    if (!st)
        st = pl_buf_putc(b, ',');
    if (!st)
        st = put_span(b, p);
    return st ? st : pl_buf_putc(b, '}');
}

static void init_piece(piece *p, sqlite3_stmt *q, int text, int at)
{
    p->text = text_col(q, text, &p->len);
    p->at = sqlite3_column_type(q, at) == SQLITE_NULL ? -1 : sqlite3_column_int64(q, at);
}

static parley_status mention_json(pl_buf *b, sqlite3_stmt *q)
{
    size_t n;
    const char *sent = text_col(q, M_SENT, &n);
    piece ps[3];
    init_piece(&ps[0], q, M_SRC_TEXT, M_SRC_AT);
    init_piece(&ps[1], q, M_TGT_TEXT, M_TGT_AT);
    init_piece(&ps[2], q, M_TRIG_TEXT, M_TRIG_AT);
    locate(sent, n, ps, 3);

    parley_status st = pl_putf(b, "{\"mention_id\":%lld,\"sentence_index\":%lld,",
                               (long long)sqlite3_column_int64(q, M_ID),
                               (long long)sqlite3_column_int64(q, M_SENT_INDEX));
    if (!st)
        st = put_str(b, "sentence", q, M_SENT);
    if (!st)
        st = put_actor(b, "source", q, M_SRC, M_SRC_TEXT, M_SRC_MATCH, &ps[0]);
    if (!st)
        st = put_actor(b, "target", q, M_TGT, M_TGT_TEXT, M_TGT_MATCH, &ps[1]);
    if (!st)
        st = pl_buf_puts(b, ",\"trigger\":{");
    if (!st)
        st = put_str(b, "text", q, M_TRIG_TEXT);
    if (!st)
        st = pl_buf_putc(b, ',');
    if (!st)
        st = put_span(b, &ps[2]);
    if (!st)
        st = pl_buf_puts(b, "},");
    if (!st)
        st = put_str(b, "cameo", q, M_CAMEO);
    if (!st)
        st = pl_buf_putc(b, ',');
    if (!st)
        st = put_str(b, "mode", q, M_MODE);
    /* the dictionary file by its name only: a server should not show its paths */
    if (!st)
        st = pl_buf_puts(b, ",\"pattern\":");
    if (!st && sqlite3_column_type(q, M_PATTERN) == SQLITE_NULL) {
        st = pl_buf_puts(b, "null"); /* stored before schema 2 */
    } else if (!st) {
        size_t fn;
        const char *file = text_col(q, M_PATTERN_FILE, &fn);
        const char *slash = strrchr(file, '/');
        if (slash)
            file = slash + 1;
        st = pl_buf_putc(b, '{');
        if (!st)
            st = put_str(b, "text", q, M_PATTERN);
        if (!st)
            st = pl_buf_puts(b, ",\"file\":");
        if (!st)
            st = pl_json_str(b, file, strlen(file));
        if (!st)
            st = pl_putf(b, ",\"line\":%lld}", (long long)sqlite3_column_int64(q, M_PATTERN_LINE));
    }
    static const struct {
        const char *key;
        int col;
    } tail[] = {{"event_date", M_EVENT_DATE}, {"date_precision", M_PRECISION}, {"place", M_PLACE}};
    for (size_t k = 0; !st && k < sizeof tail / sizeof tail[0]; k++) {
        st = pl_buf_putc(b, ',');
        if (!st)
            st = put_str(b, tail[k].key, q, tail[k].col);
    }
    if (!st)
        st = pl_putf(b, ",\"confidence\":%.3f,\"document\":{", sqlite3_column_double(q, M_CONF));
    static const struct {
        const char *key;
        int col;
    } doc[] = {{"id", M_DOC_ID},
               {"url", M_DOC_URL},
               {"source", M_DOC_SOURCE},
               {"title", M_DOC_TITLE},
               {"date", M_DOC_DATE}};
    for (size_t k = 0; !st && k < sizeof doc / sizeof doc[0]; k++) {
        if (k)
            st = pl_buf_putc(b, ',');
        if (!st)
            st = put_str(b, doc[k].key, q, doc[k].col);
    }
    return st ? st : pl_buf_puts(b, "}}");
}

PARLEY_API parley_status parley_store_event_json(parley_store *s, int64_t event_id,
                                                 int max_mentions, char **json)
{
    if (!json)
        return pl_error(PARLEY_ERR_ARG, "parley_store_event_json: json is NULL");
    *json = NULL;
    if (!s)
        return pl_error(PARLEY_ERR_ARG, "parley_store_event_json: store is NULL");
    sqlite3_stmt *q = NULL;
    pl_buf b;
    pl_buf_init(&b, 0);
    parley_status st = PARLEY_OK;
    if (sqlite3_prepare_v2(s->db, EVENT_SQL, -1, &q, NULL) != SQLITE_OK)
        return st_sqlerr(s, "preparing an event's query");
    sqlite3_bind_int64(q, 1, event_id);
    int rc = sqlite3_step(q);
    if (rc == SQLITE_DONE)
        st =
            pl_error(PARLEY_ERR_NOT_FOUND, "store %s: no event %lld", s->path, (long long)event_id);
    else if (rc != SQLITE_ROW)
        st = st_sqlerr(s, "reading an event");
    else {
        /* the object without its closing brace, the mentions to follow */
        size_t n;
        const char *ev = text_col(q, 0, &n);
        st = n >= 2 ? pl_buf_append(&b, ev, n - 1) : pl_error(PARLEY_ERR_INTERNAL, "empty event");
    }
    sqlite3_finalize(q);
    q = NULL;
    if (!st && sqlite3_prepare_v2(s->db, MENTION_SQL, -1, &q, NULL) != SQLITE_OK)
        st = st_sqlerr(s, "preparing a mentions query (a store of schema 1? open it for writing)");
    if (!st) {
        sqlite3_bind_int64(q, 1, event_id);
        sqlite3_bind_int64(q, 2, max_mentions > 0 ? max_mentions : -1);
        st = pl_buf_puts(&b, ",\"mentions\":[");
    }
    long shown = 0;
    while (!st && (rc = sqlite3_step(q)) == SQLITE_ROW) {
        if (shown++)
            st = pl_buf_putc(&b, ',');
        if (!st)
            st = mention_json(&b, q);
    }
    if (!st && rc != SQLITE_DONE)
        st = st_sqlerr(s, "reading an event's mentions");
    sqlite3_finalize(q);
    if (!st)
        st = pl_putf(&b, "],\"mentions_shown\":%ld}", shown);
    if (st) {
        pl_buf_release(&b);
        return st;
    }
    *json = b.data; /* pl_buf's memory is pl_malloc'd: parley_string_free releases it */
    return PARLEY_OK;
}
