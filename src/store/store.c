/*
 * store.c - the SQLite store: schema and migrations, documents, and the
 * grouping of each coded mention into an event (new or existing).
 *
 * Grouping is online: a mention joins the nearest compatible event already
 * stored, else founds one. Documents are written in the order given and
 * committed in batches, so an interrupted ingest that is run again (which
 * skips the documents already committed) ends with exactly the events of
 * an uninterrupted run.
 */
#include "code/code.h"
#include "store/store.h"
#include "when/when.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------------------- */
/* Schema. Each migration takes the schema from version i to i + 1; only
 * ever append to this list. */

static const char *const migrations[] = {
    /* 1: documents, events, mentions */
    "CREATE TABLE settings(key TEXT PRIMARY KEY, value TEXT NOT NULL);"
    "CREATE TABLE documents("
    " doc_key INTEGER PRIMARY KEY,"
    " id TEXT NOT NULL UNIQUE,"
    " date TEXT, url TEXT, source TEXT, title TEXT,"
    " text_hash TEXT NOT NULL,"
    " text_len INTEGER NOT NULL,"
    " sentences INTEGER NOT NULL);"
    "CREATE TABLE events("
    " event_id INTEGER PRIMARY KEY,"
    " gkey TEXT NOT NULL,"      /* grouping key: actors at the level, code family */
    " pclass INTEGER NOT NULL," /* precision of the grouping date: 0 day, 1 month, 2 year */
    " day_lo INTEGER NOT NULL," /* the grouping date as days since 1970 */
    " day_hi INTEGER NOT NULL,"
    " date TEXT,"                            /* the grouping date (YYYY-MM-DD, YYYY-MM, YYYY) */
    " event_date TEXT, date_precision TEXT," /* the event's own date (src/when) */
    " place TEXT, place_country TEXT,"       /* where it happened (src/where) */
    " src_code TEXT NOT NULL, src_name TEXT, tgt_code TEXT NOT NULL, tgt_name TEXT,"
    " src_country TEXT NOT NULL, tgt_country TEXT NOT NULL,"
    " cameo TEXT NOT NULL, root TEXT NOT NULL, quad_class INTEGER, goldstein REAL,"
    " event_name TEXT,"
    " num_mentions INTEGER NOT NULL, num_sources INTEGER NOT NULL,"
    " num_articles INTEGER NOT NULL, is_root_event INTEGER NOT NULL,"
    " first_seen TEXT, last_seen TEXT, confidence REAL NOT NULL,"
    " source_url TEXT);"
    "CREATE INDEX events_group ON events(gkey, pclass, day_lo);"
    /* covering index of the dyad series (parley relations) */
    "CREATE INDEX events_dyad ON events(src_country, tgt_country, date, quad_class, goldstein,"
    " num_articles, num_mentions);"
    "CREATE INDEX events_date ON events(date);"
    "CREATE TABLE mentions("
    " mention_id INTEGER PRIMARY KEY,"
    " event_id INTEGER NOT NULL REFERENCES events(event_id),"
    " doc_key INTEGER NOT NULL REFERENCES documents(doc_key),"
    " source TEXT," /* the document's outlet, for num_sources */
    " doc_date TEXT,"
    " sentence INTEGER NOT NULL, sentence_text TEXT,"
    " src_code TEXT, src_text TEXT, src_start INTEGER,"
    " tgt_code TEXT, tgt_text TEXT, tgt_start INTEGER,"
    " cameo TEXT NOT NULL, mode TEXT, trigger_text TEXT, trigger_start INTEGER,"
    " event_date TEXT, date_precision TEXT, place TEXT,"
    " confidence REAL NOT NULL);"
    "CREATE INDEX mentions_event_doc ON mentions(event_id, doc_key);"
    "CREATE INDEX mentions_event_source ON mentions(event_id, source);"
    "CREATE INDEX mentions_doc ON mentions(doc_key);",
    /* 2: what `parley query` reads in date order with its LIMIT pushed down
     * (query.c picks one): each side's country, alone and with the CAMEO
     * root; the root; the place; the place's country. The trailing columns
     * let a filter on them be tested in the index, without reading the row */
    "DROP INDEX events_date;"
    "CREATE INDEX events_date ON events(date, quad_class);"
    "DROP INDEX events_dyad;"
    "CREATE INDEX events_dyad ON events(src_country, tgt_country, date, quad_class, goldstein,"
    " num_articles, num_mentions, root);"
    "CREATE INDEX events_src_date ON events(src_country, date, quad_class, src_code,"
    " place_country);"
    "CREATE INDEX events_tgt_date ON events(tgt_country, date, quad_class, tgt_code,"
    " place_country);"
    "CREATE INDEX events_src_root ON events(src_country, root, date, cameo, src_code);"
    "CREATE INDEX events_tgt_root ON events(tgt_country, root, date, cameo, tgt_code);"
    "CREATE INDEX events_root_date ON events(root, date, cameo);"
    "CREATE INDEX events_place_date ON events(place, date);"
    "CREATE INDEX events_place_country_date ON events(place_country, date);",
    /* 3: where the event's place lies (its ADM1 and GeoNames feature), so a
     * report of a town and one of its province are compatible */
    "ALTER TABLE events ADD COLUMN place_adm1 TEXT;"
    "ALTER TABLE events ADD COLUMN place_feature TEXT;",
    /* 4: each mention's provenance, for parley_store_event_json: the verb
     * pattern that matched (its dictionary file and line) and how each actor
     * matched */
    "ALTER TABLE mentions ADD COLUMN pattern TEXT;"
    "ALTER TABLE mentions ADD COLUMN pattern_file TEXT;"
    "ALTER TABLE mentions ADD COLUMN pattern_line INTEGER;"
    "ALTER TABLE mentions ADD COLUMN src_match TEXT;"
    "ALTER TABLE mentions ADD COLUMN tgt_match TEXT;",
};
/* The first migration a store cannot be read without; later ones only add
 * what readers do without (indexes; the place columns grouping uses), so a
 * reader that cannot write may read an older store, slowly. */
#define NEEDED_VERSION 1
#define NMIGRATIONS    ((int)(sizeof migrations / sizeof migrations[0]))

const char *st_migration_sql(int version)
{
    return version >= 1 && version <= NMIGRATIONS ? migrations[version - 1] : NULL;
}

static const char *const stmt_sql[ST_NSTMT] = {
    [ST_DOC_FIND] = "SELECT doc_key, text_hash FROM documents WHERE id = ?1",
    [ST_DOC_INSERT] = "INSERT INTO documents(id, date, url, source, title, text_hash, text_len,"
                      " sentences) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    [ST_DOC_DELETE] = "DELETE FROM documents WHERE doc_key = ?1",
    [ST_DOC_EVENTS] = "SELECT DISTINCT event_id FROM mentions WHERE doc_key = ?1 ORDER BY 1",
    [ST_MEN_DELETE_DOC] = "DELETE FROM mentions WHERE doc_key = ?1",
    /* one indexed range per precision class: an event of month precision
     * may start up to 31 days before the mention's window, one of year
     * precision up to 366 */
    [ST_EV_CANDIDATES] = "SELECT event_id, day_lo, place, place_country, place_adm1,"
                         " place_feature FROM events WHERE gkey = ?1 AND ("
                         " (pclass = 0 AND day_lo BETWEEN ?2 AND ?3) OR"
                         " (pclass = 1 AND day_lo BETWEEN ?2 - 31 AND ?3) OR"
                         " (pclass = 2 AND day_lo BETWEEN ?2 - 366 AND ?3))"
                         " AND day_hi >= ?2",
    [ST_EV_INSERT] =
        "INSERT INTO events(gkey, pclass, day_lo, day_hi, date, event_date, date_precision, place,"
        " place_country, src_code, src_name, tgt_code, tgt_name, src_country, tgt_country, cameo,"
        " root, quad_class, goldstein, num_mentions, num_sources, num_articles, is_root_event,"
        " first_seen, last_seen, confidence, source_url, event_name, place_adm1, place_feature)"
        " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18,"
        " ?19, 1, 1, 1, ?20, ?21, ?21, ?22, ?23, ?24, ?25, ?26)",
    [ST_EV_JOIN] = "UPDATE events SET num_mentions = num_mentions + 1,"
                   " num_articles = num_articles + ?2, num_sources = num_sources + ?3,"
                   " is_root_event = max(is_root_event, ?4),"
                   " first_seen = CASE WHEN ?5 < first_seen THEN ?5 ELSE first_seen END,"
                   " last_seen = CASE WHEN ?5 > last_seen THEN ?5 ELSE last_seen END,"
                   " confidence = 1.0 - (1.0 - confidence) * (1.0 - ?6) WHERE event_id = ?1",
    [ST_EV_HAS_DOC] = "SELECT 1 FROM mentions WHERE event_id = ?1 AND doc_key = ?2 LIMIT 1",
    [ST_EV_HAS_SOURCE] = "SELECT 1 FROM mentions WHERE event_id = ?1 AND source = ?2 LIMIT 1",
    [ST_MEN_INSERT] =
        "INSERT INTO mentions(event_id, doc_key, source, doc_date, sentence, sentence_text,"
        " src_code, src_text, src_start, tgt_code, tgt_text, tgt_start, cameo, mode, trigger_text,"
        " trigger_start, event_date, date_precision, place, confidence, pattern, pattern_file,"
        " pattern_line, src_match, tgt_match) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11,"
        " ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25)",
    /* after a document was replaced: its events' counts from what is left
     * (confidence is the noisy-or of the mentions', as when they joined) */
    [ST_EV_RECOUNT] =
        "UPDATE events SET"
        " num_mentions = (SELECT count(*) FROM mentions m WHERE m.event_id = ?1),"
        " num_articles = (SELECT count(DISTINCT doc_key) FROM mentions m WHERE m.event_id = ?1),"
        " num_sources = (SELECT count(DISTINCT source) FROM mentions m WHERE m.event_id = ?1),"
        " is_root_event = coalesce((SELECT max(sentence <= 1) FROM mentions m"
        "   WHERE m.event_id = ?1), 0),"
        " first_seen = (SELECT min(doc_date) FROM mentions m WHERE m.event_id = ?1),"
        " last_seen = (SELECT max(doc_date) FROM mentions m WHERE m.event_id = ?1),"
        " confidence = ?2 WHERE event_id = ?1",
    [ST_EV_DELETE_EMPTY] = "DELETE FROM events WHERE event_id = ?1 AND NOT EXISTS"
                           " (SELECT 1 FROM mentions WHERE event_id = ?1)",
};

/* ---------------------------------------------------------------------- */
/* Dates */

/* Days from 1970-01-01 in the proleptic Gregorian calendar (the era-based
 * formula: 400-year eras of 146,097 days, years starting in March). */
static long days_from_civil(long y, long m, long d)
{
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static int month_days(long y, long m)
{
    static const int n[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : n[m - 1];
}

static bool digits(const char *s, int n)
{
    for (int i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return true;
}

/* Parse YYYY-MM-DD, YYYY-MM or YYYY into a day interval and a precision
 * class (0 day, 1 month, 2 year); false if s is none of these. */
static bool date_interval(const char *s, long *lo, long *hi, int *pclass);

/* The day interval of an event's own date at its precision (the when
 * stage's values: days, weeks "2023-W24", months, quarters "2023-Q2",
 * seasons, halves, years) and its class (0 a day, 1 up to 31 days, 2 up to
 * a year); false for what is vaguer than a year (a decade) or not a date. */
static bool event_interval(const char *v, long *lo, long *hi, int *pclass)
{
    pl_ymd a, b;
    if (!v || !pl_timex_period(v, &a, &b))
        return date_interval(v, lo, hi, pclass);
    *lo = pl_days_from_ymd(a);
    *hi = pl_days_from_ymd(b);
    long span = *hi - *lo + 1;
    *pclass = span <= 1 ? 0 : span <= 31 ? 1 : 2;
    return span <= 366;
}

/* The date column of an event of days [lo, hi]: the narrowest of
 * YYYY-MM-DD, YYYY-MM and YYYY that holds them all (a week across two
 * months is its year), so that series by day, week or month can read it. */
static void interval_date(long lo, long hi, char out[11])
{
    char a[11], b[11];
    st_date_from_day(lo, a);
    st_date_from_day(hi, b);
    size_t keep = lo == hi ? 10 : memcmp(a, b, 7) == 0 ? 7 : 4;
    memcpy(out, a, keep);
    out[keep] = '\0';
}

static bool date_interval(const char *s, long *lo, long *hi, int *pclass)
{
    size_t n = s ? strlen(s) : 0;
    if (n < 4 || !digits(s, 4))
        return false;
    long y = atol(s);
    if (n == 4) {
        *lo = days_from_civil(y, 1, 1);
        *hi = days_from_civil(y, 12, 31);
        *pclass = 2;
        return true;
    }
    if ((n != 7 && n != 10) || s[4] != '-' || !digits(s + 5, 2))
        return false;
    long m = (s[5] - '0') * 10 + (s[6] - '0');
    if (m < 1 || m > 12)
        return false;
    if (n == 7) {
        *lo = days_from_civil(y, m, 1);
        *hi = days_from_civil(y, m, month_days(y, m));
        *pclass = 1;
        return true;
    }
    if (s[7] != '-' || !digits(s + 8, 2))
        return false;
    long d = (s[8] - '0') * 10 + (s[9] - '0');
    if (d < 1 || d > month_days(y, m))
        return false;
    *lo = *hi = days_from_civil(y, m, d);
    *pclass = 0;
    return true;
}

bool st_day_from_date(const char *s, long *day)
{
    long hi;
    int pc;
    return s && strlen(s) == 10 && date_interval(s, day, &hi, &pc);
}

void st_date_from_day(long z, char *out)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long y = yoe + era * 400;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    long d = doy - (153 * mp + 2) / 5 + 1;
    long m = mp + (mp < 10 ? 3 : -9);
    y += m <= 2;
    if (y < 0 || y > 9999) /* outside what YYYY-MM-DD can say */
        y = y < 0 ? 0 : 9999;
    snprintf(out, 11, "%04d-%02d-%02d", (int)y, (int)m, (int)d);
}

/* ---------------------------------------------------------------------- */
/* SQLite helpers */

parley_status st_sqlerr(parley_store *s, const char *what)
{
    int rc = sqlite3_errcode(s->db);
    parley_status st = rc == SQLITE_NOMEM                            ? PARLEY_ERR_NOMEM
                       : rc == SQLITE_CORRUPT || rc == SQLITE_NOTADB ? PARLEY_ERR_FORMAT
                                                                     : PARLEY_ERR_IO;
    return pl_error(st, "store %s: %s: %s", s->path, what, sqlite3_errmsg(s->db));
}

parley_status st_exec(parley_store *s, const char *sql)
{
    char *err = NULL;
    if (sqlite3_exec(s->db, sql, NULL, NULL, &err) != SQLITE_OK) {
        parley_status st = pl_error(PARLEY_ERR_IO, "store %s: %s", s->path, err ? err : "error");
        sqlite3_free(err);
        return st;
    }
    return PARLEY_OK;
}

static sqlite3_stmt *stmt(parley_store *s, enum st_stmt k)
{
    sqlite3_stmt *q = s->stmt[k];
    sqlite3_reset(q);
    sqlite3_clear_bindings(q);
    return q;
}

static void bind_text(sqlite3_stmt *q, int i, const char *v)
{
    if (v)
        sqlite3_bind_text(q, i, v, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(q, i);
}

/* A statement that returns no rows (or whose rows are not wanted). */
static parley_status step_done(parley_store *s, sqlite3_stmt *q, const char *what)
{
    int rc = sqlite3_step(q);
    while (rc == SQLITE_ROW)
        rc = sqlite3_step(q);
    parley_status st = rc == SQLITE_DONE ? PARLEY_OK : st_sqlerr(s, what);
    sqlite3_reset(q);
    return st;
}

/* 1 if the statement gives a row, 0 if not, -1 on error (reported). */
static int step_exists(parley_store *s, sqlite3_stmt *q, const char *what)
{
    int rc = sqlite3_step(q);
    int r = rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
    if (r < 0)
        st_sqlerr(s, what);
    sqlite3_reset(q);
    return r;
}

/* ---------------------------------------------------------------------- */
/* Opening, schema, settings */

static parley_status schema_version(parley_store *s, int *v)
{
    *v = 0;
    sqlite3_stmt *q = NULL;
    if (sqlite3_prepare_v2(s->db,
                           "SELECT name FROM sqlite_master WHERE type='table' AND "
                           "name='schema_version'",
                           -1, &q, NULL) != SQLITE_OK)
        return st_sqlerr(s, "reading the schema");
    int rc = sqlite3_step(q);
    sqlite3_finalize(q);
    if (rc == SQLITE_DONE)
        return PARLEY_OK;
    if (rc != SQLITE_ROW)
        return st_sqlerr(s, "reading the schema");
    if (sqlite3_prepare_v2(s->db, "SELECT max(version) FROM schema_version", -1, &q, NULL) !=
        SQLITE_OK)
        return st_sqlerr(s, "reading the schema version");
    if (sqlite3_step(q) == SQLITE_ROW)
        *v = sqlite3_column_int(q, 0);
    sqlite3_finalize(q);
    return PARLEY_OK;
}

static parley_status migrate(parley_store *s)
{
    parley_status st = st_exec(s, "BEGIN IMMEDIATE");
    int v = 0;
    if (!st)
        st = schema_version(s, &v);
    if (!st && v > NMIGRATIONS)
        st = pl_error(PARLEY_ERR_FORMAT,
                      "store %s: schema version %d is newer than this parley's (%d)", s->path, v,
                      NMIGRATIONS);
    if (!st && v == 0)
        st = st_exec(s, "CREATE TABLE schema_version(version INTEGER NOT NULL,"
                        " applied TEXT NOT NULL DEFAULT (datetime('now')))");
    for (; !st && v < NMIGRATIONS; v++) {
        st = st_exec(s, migrations[v]);
        char sql[96];
        snprintf(sql, sizeof sql, "INSERT INTO schema_version(version) VALUES(%d)", v + 1);
        if (!st)
            st = st_exec(s, sql);
    }
    if (!st)
        return st_exec(s, "COMMIT");
    sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
    return st;
}

static const char *mode_name(int m)
{
    return m == ST_MODE_ONE_A_DAY ? "one-a-day" : "parley";
}

static const char *level_name(int l)
{
    return l == ST_LEVEL_ROLE ? "role" : l == ST_LEVEL_CODE ? "code" : "country";
}

/* Read the grouping settings a store was built with (if any). */
static parley_status load_settings(parley_store *s)
{
    sqlite3_stmt *q = NULL;
    if (sqlite3_prepare_v2(s->db, "SELECT key, value FROM settings", -1, &q, NULL) != SQLITE_OK)
        return st_sqlerr(s, "reading the settings");
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        const char *k = (const char *)sqlite3_column_text(q, 0);
        const char *v = (const char *)sqlite3_column_text(q, 1);
        if (!k || !v)
            continue;
        s->settings_fixed = true;
        if (strcmp(k, "mode") == 0)
            s->mode = strcmp(v, "one-a-day") == 0 ? ST_MODE_ONE_A_DAY : ST_MODE_PARLEY;
        else if (strcmp(k, "level") == 0)
            s->level = strcmp(v, "role") == 0   ? ST_LEVEL_ROLE
                       : strcmp(v, "code") == 0 ? ST_LEVEL_CODE
                                                : ST_LEVEL_COUNTRY;
        else if (strcmp(k, "window") == 0)
            s->window = atoi(v);
    }
    sqlite3_finalize(q);
    return rc == SQLITE_DONE ? PARLEY_OK : st_sqlerr(s, "reading the settings");
}

static parley_status save_settings(parley_store *s)
{
    char sql[256];
    snprintf(sql, sizeof sql,
             "INSERT OR REPLACE INTO settings VALUES('mode','%s'),('level','%s'),"
             "('window','%d')",
             mode_name(s->mode), level_name(s->level), s->window);
    parley_status st = st_exec(s, sql);
    if (!st)
        s->settings_fixed = true;
    return st;
}

/* A reader opened an older store: migrate it through a writing connection
 * of its own; when the file cannot be written, read it as it is if what it
 * lacks are only indexes (slower queries), else say how to upgrade it. */
static parley_status upgrade(parley_store *s, int v)
{
    parley_store w = {.path = s->path};
    parley_status st = PARLEY_OK;
    if (sqlite3_open_v2(s->path, &w.db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
        st = pl_error(PARLEY_ERR_IO, "store %s: cannot open for writing", s->path);
    if (!st) {
        sqlite3_busy_timeout(w.db, 10000);
        st = migrate(&w);
    }
    sqlite3_close(w.db);
    if (st && v >= NEEDED_VERSION)
        st = PARLEY_OK;
    else if (st)
        st = pl_error(PARLEY_ERR_FORMAT,
                      "store %s: schema version %d, this parley reads %d: open it once for "
                      "writing (parley ingest) to upgrade it",
                      s->path, v, NMIGRATIONS);
    return st;
}

PARLEY_API parley_status parley_store_open(const char *path, int readonly, parley_store **out)
{
    if (!out)
        return pl_error(PARLEY_ERR_ARG, "parley_store_open: out is NULL");
    *out = NULL;
    if (!path || !*path)
        return pl_error(PARLEY_ERR_ARG, "parley_store_open: no path");
    parley_store *s = pl_calloc(1, sizeof *s);
    if (!s || !(s->path = pl_strdup(path))) {
        pl_free(s);
        return pl_error(PARLEY_ERR_NOMEM, "out of memory");
    }
    s->readonly = readonly != 0;
    s->mode = ST_MODE_PARLEY;
    s->level = ST_LEVEL_COUNTRY;
    s->window = 2;
    s->batch = 200;
    int flags = s->readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
    parley_status st = PARLEY_OK;
    if (sqlite3_open_v2(path, &s->db, flags, NULL) != SQLITE_OK) {
        st = pl_error(PARLEY_ERR_IO, "store %s: cannot open: %s", path,
                      s->db ? sqlite3_errmsg(s->db) : "out of memory");
        goto fail;
    }
    sqlite3_busy_timeout(s->db, 10000); /* readers wait out the writer's commits */
    if (!s->readonly) {
        /* WAL: readers go on while one writer ingests; NORMAL sync keeps every
         * committed batch through a crash of the process (not of the machine) */
        st = st_exec(s, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
                        " PRAGMA foreign_keys=ON");
        if (!st)
            st = migrate(s);
    } else {
        int v = 0;
        st = schema_version(s, &v);
        if (!st && v == 0)
            st = pl_error(PARLEY_ERR_FORMAT, "store %s: not a parley store (no schema version)",
                          path);
        else if (!st && v > NMIGRATIONS)
            st = pl_error(PARLEY_ERR_FORMAT, "store %s: schema version %d, this parley reads %d",
                          path, v, NMIGRATIONS);
        else if (!st && v < NMIGRATIONS)
            st = upgrade(s, v);
    }
    if (!st)
        st = load_settings(s);
    for (int k = 0; !st && k < ST_NSTMT && !s->readonly; k++)
        if (sqlite3_prepare_v3(s->db, stmt_sql[k], -1, SQLITE_PREPARE_PERSISTENT, &s->stmt[k],
                               NULL) != SQLITE_OK)
            st = st_sqlerr(s, "preparing a statement");
    if (st)
        goto fail;
    *out = s;
    return PARLEY_OK;
fail:
    parley_store_free(s);
    return st;
}

PARLEY_API parley_status parley_store_commit(parley_store *s)
{
    if (!s)
        return pl_error(PARLEY_ERR_ARG, "parley_store_commit: store is NULL");
    if (!s->in_tx)
        return PARLEY_OK;
    parley_status st = st_exec(s, "COMMIT");
    if (!st) {
        s->in_tx = false;
        s->pending = 0;
    }
    return st;
}

PARLEY_API void parley_store_free(parley_store *s)
{
    if (!s)
        return;
    if (s->in_tx && s->db)
        parley_store_commit(s);
    for (int k = 0; k < ST_NSTMT; k++)
        sqlite3_finalize(s->stmt[k]);
    sqlite3_close(s->db);
    pl_free(s->path);
    pl_free(s);
}

PARLEY_API parley_status parley_store_configure(parley_store *s, const char *key, const char *value)
{
    if (!s || !key || !value)
        return pl_error(PARLEY_ERR_ARG, "parley_store_configure: NULL argument");
    int mode = s->mode, level = s->level, window = s->window;
    if (strcmp(key, "batch") == 0) {
        long n = atol(value);
        if (n < 1 || n > 1000000)
            return pl_error(PARLEY_ERR_ARG, "store batch '%s': 1 to 1000000 documents", value);
        s->batch = (size_t)n;
        return PARLEY_OK;
    } else if (strcmp(key, "mode") == 0) {
        if (strcmp(value, "parley") == 0)
            mode = ST_MODE_PARLEY;
        else if (strcmp(value, "one-a-day") == 0)
            mode = ST_MODE_ONE_A_DAY;
        else
            return pl_error(PARLEY_ERR_ARG, "store mode '%s': parley or one-a-day", value);
    } else if (strcmp(key, "level") == 0) {
        if (strcmp(value, "country") == 0)
            level = ST_LEVEL_COUNTRY;
        else if (strcmp(value, "role") == 0)
            level = ST_LEVEL_ROLE;
        else if (strcmp(value, "code") == 0)
            level = ST_LEVEL_CODE;
        else
            return pl_error(PARLEY_ERR_ARG, "store level '%s': country, role or code", value);
    } else if (strcmp(key, "window") == 0) {
        char *end;
        long w = strtol(value, &end, 10);
        if (*end || w < 0 || w > 365)
            return pl_error(PARLEY_ERR_ARG, "store window '%s': 0 to 365 days", value);
        window = (int)w;
    } else {
        return pl_error(PARLEY_ERR_ARG, "store setting '%s': mode, level, window or batch", key);
    }
    if (s->settings_fixed && (mode != s->mode || level != s->level || window != s->window))
        return pl_error(PARLEY_ERR_ARG,
                        "store %s was built with mode %s, level %s, window %d: a store keeps "
                        "its grouping settings (use a new file)",
                        s->path, mode_name(s->mode), level_name(s->level), s->window);
    s->mode = mode;
    s->level = level;
    s->window = window;
    return PARLEY_OK;
}

/* ---------------------------------------------------------------------- */
/* Documents */

/* FNV-1a 64 of the fields that decide what the coder finds. */
static void doc_hash(const parley_doc *doc, char out[17])
{
    uint64_t h = 1469598103934665603ULL;
    const char *parts[3] = {doc->date, doc->title, doc->text};
    size_t lens[3] = {strlen(doc->date), strlen(doc->title), doc->text_len};
    for (int p = 0; p < 3; p++) {
        for (size_t i = 0; i < lens[p]; i++) {
            h ^= (unsigned char)parts[p][i];
            h *= 1099511628211ULL;
        }
        h ^= 0xff; /* field separator */
        h *= 1099511628211ULL;
    }
    snprintf(out, 17, "%016llx", (unsigned long long)h);
}

/* The outlet: the document's `source`, else its URL's host without "www.". */
static void doc_outlet(const parley_doc *doc, char *out, size_t cap)
{
    out[0] = '\0';
    if (*doc->source) {
        snprintf(out, cap, "%s", doc->source);
        return;
    }
    const char *u = strstr(doc->url, "://");
    if (!u)
        return;
    u += 3;
    if (strncmp(u, "www.", 4) == 0)
        u += 4;
    size_t n = strcspn(u, "/:?#");
    if (n >= cap)
        n = cap - 1;
    memcpy(out, u, n);
    out[n] = '\0';
}

/* Is the document stored already with the same text? 1 yes, 0 no (absent
 * or changed), -1 on error (reported). */
static int doc_lookup(parley_store *s, const parley_doc *doc, int64_t *key)
{
    char h[17];
    doc_hash(doc, h);
    sqlite3_stmt *q = stmt(s, ST_DOC_FIND);
    bind_text(q, 1, doc->id);
    int rc = sqlite3_step(q);
    int r = 0;
    *key = 0;
    if (rc == SQLITE_ROW) {
        *key = sqlite3_column_int64(q, 0);
        const char *old = (const char *)sqlite3_column_text(q, 1);
        r = old && strcmp(old, h) == 0;
    } else if (rc != SQLITE_DONE) {
        st_sqlerr(s, "looking up a document");
        r = -1;
    }
    sqlite3_reset(q);
    return r;
}

PARLEY_API int parley_store_has_doc(parley_store *s, const parley_doc *doc)
{
    int64_t key;
    if (!s || !doc || s->readonly)
        return 0;
    return doc_lookup(s, doc, &key) == 1;
}

/* Recompute the counts of event id after mentions left it, or drop it. */
static parley_status recount(parley_store *s, int64_t id)
{
    sqlite3_stmt *q = NULL;
    double keep = 1.0;
    if (sqlite3_prepare_v2(s->db, "SELECT confidence FROM mentions WHERE event_id = ?1", -1, &q,
                           NULL) != SQLITE_OK)
        return st_sqlerr(s, "recounting an event");
    sqlite3_bind_int64(q, 1, id);
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW)
        keep *= 1.0 - sqlite3_column_double(q, 0);
    sqlite3_finalize(q);
    if (rc != SQLITE_DONE)
        return st_sqlerr(s, "recounting an event");
    q = stmt(s, ST_EV_RECOUNT);
    sqlite3_bind_int64(q, 1, id);
    sqlite3_bind_double(q, 2, 1.0 - keep);
    parley_status st = step_done(s, q, "recounting an event");
    if (st)
        return st;
    q = stmt(s, ST_EV_DELETE_EMPTY);
    sqlite3_bind_int64(q, 1, id);
    return step_done(s, q, "dropping an empty event");
}

/* A changed document: take its mentions out of their events, then drop it. */
static parley_status doc_remove(parley_store *s, int64_t key)
{
    int64_t *ids = NULL;
    size_t n = 0, cap = 0;
    sqlite3_stmt *q = stmt(s, ST_DOC_EVENTS);
    sqlite3_bind_int64(q, 1, key);
    parley_status st = PARLEY_OK;
    int rc;
    while (!st && (rc = sqlite3_step(q)) == SQLITE_ROW) {
        st = pl_grow((void **)&ids, &cap, n + 1, sizeof *ids, SIZE_MAX / sizeof *ids);
        if (!st)
            ids[n++] = sqlite3_column_int64(q, 0);
    }
    if (!st && rc != SQLITE_DONE)
        st = st_sqlerr(s, "reading a document's events");
    sqlite3_reset(q);
    if (!st) {
        q = stmt(s, ST_MEN_DELETE_DOC);
        sqlite3_bind_int64(q, 1, key);
        st = step_done(s, q, "deleting a document's mentions");
    }
    for (size_t i = 0; !st && i < n; i++)
        st = recount(s, ids[i]);
    if (!st) {
        q = stmt(s, ST_DOC_DELETE);
        sqlite3_bind_int64(q, 1, key);
        st = step_done(s, q, "deleting a document");
    }
    pl_free(ids);
    return st;
}

/* ---------------------------------------------------------------------- */
/* Grouping */

/* When and where a mention's event happened, as far as the store groups on it. */
typedef struct st_when_where {
    const char *date;       /* the date events are grouped on: YYYY-MM-DD, YYYY-MM, YYYY or "" */
    const char *event_date; /* the event's own date, NULL when the coder gives none */
    const char *date_precision; /* its precision ("day", "month", "year"), NULL likewise */
    const char *place;          /* where the event happened, NULL when unknown */
    const char *place_country;  /* that place's ISO3 country, NULL when unknown */
    const char *place_adm1;     /* its first-level division ("US.MI"), NULL when unknown */
    const char *place_feature;  /* its GeoNames feature ("P.PPL", "A.ADM1"), likewise */
} st_when_where;

/*
 * THE one place that decides the date and place event i of doc is grouped
 * on: the event's own date (src/when: it may be YYYY-MM or YYYY, which the
 * grouping handles at those precisions), falling back to the document's
 * date; and its place (src/where), when the coder had a gazetteer and the
 * text gives one.
 */
static void event_when_where(const parley_doc *doc, size_t i, st_when_where *w)
{
    const char *v = "", *prec = "";
    parley_event_date(doc, i, &v, &prec, NULL, NULL, NULL, NULL);
    bool own = v && *v && (v[0] >= '0' && v[0] <= '9');
    long lo, hi;
    int pc;
    /* a date vaguer than a year ("the 1990s") says less than the report's */
    w->date = own && event_interval(v, &lo, &hi, &pc) ? v : doc->date;
    w->event_date = own ? v : NULL;
    w->date_precision = own && prec && *prec ? prec : NULL;
    const char *name = NULL, *country = NULL, *adm1 = NULL, *feature = NULL;
    bool placed = parley_event_place(doc, i, &name, &country, &adm1, NULL, NULL, NULL, &feature,
                                     NULL, NULL, NULL) == PARLEY_OK;
    w->place = placed && name && *name ? name : NULL;
    w->place_country = w->place && country && *country ? country : NULL;
    w->place_adm1 = w->place && adm1 && *adm1 ? adm1 : NULL;
    w->place_feature = w->place && feature && *feature ? feature : NULL;
}

/* An actor code cut to the store's level. */
static void code_at_level(const char *code, int level, char *out, size_t cap)
{
    size_t n = strlen(code);
    if (level > 0 && (size_t)level < n)
        n = (size_t)level;
    if (n >= cap)
        n = cap - 1;
    memcpy(out, code, n);
    out[n] = '\0';
}

/* Does the actor code name a country (or an international actor) in its
 * first three letters? "---" is CAMEO's "no country". */
static bool known_country(const char *code)
{
    return strlen(code) >= 3 && strncmp(code, "---", 3) != 0;
}

/* How sure a mention is, from how its actors matched and its mode: a
 * fuzzy or place-name match, or a planned/hypothetical action, is weaker
 * evidence that the event happened as coded. */
static double mention_confidence(const parley_doc *doc, size_t i)
{
    double c = 0.9;
    for (int role = 0; role < 2; role++) {
        const char *m = "";
        parley_event_actor(doc, i, role, NULL, NULL, NULL, NULL, &m);
        if (strcmp(m, "fuzzy") == 0)
            c *= 0.6;
        else if (strcmp(m, "place") == 0)
            c *= 0.8;
    }
    if (*parley_event_mode(doc, i))
        c *= 0.5;
    return c;
}

/* Can two reports' places be one event's? Yes when either is unknown, when
 * they are the same, or when one holds the other at the gazetteer's
 * precision: a country everything in it, a first- or second-level division
 * everything in its ADM1 ("Detroit" and "Michigan"). Two towns, or places
 * in two countries, are two events. */
static bool places_compatible(const st_when_where *w, sqlite3_stmt *q)
{
    const char *p = (const char *)sqlite3_column_text(q, 2);
    if (!w->place || !p || strcmp(w->place, p) == 0)
        return true;
    const char *cc = (const char *)sqlite3_column_text(q, 3);
    const char *adm1 = (const char *)sqlite3_column_text(q, 4);
    const char *feat = (const char *)sqlite3_column_text(q, 5);
    if (!w->place_country || !cc || strcmp(w->place_country, cc) != 0)
        return false;
    const char *f[2] = {w->place_feature ? w->place_feature : "", feat ? feat : ""};
    for (int k = 0; k < 2; k++)
        if (strncmp(f[k], "A.PCL", 5) == 0)
            return true; /* the country itself */
    bool same_adm1 = w->place_adm1 && adm1 && strcmp(w->place_adm1, adm1) == 0;
    for (int k = 0; k < 2; k++)
        if (same_adm1 && (strcmp(f[k], "A.ADM1") == 0 || strcmp(f[k], "A.ADM2") == 0))
            return true;
    return false;
}

/* The event mention i joins (*id > 0) or 0 when it founds one. */
static parley_status find_event(parley_store *s, const char *gkey, long lo, long hi,
                                const st_when_where *w, int64_t *id)
{
    *id = 0;
    sqlite3_stmt *q = stmt(s, ST_EV_CANDIDATES);
    bind_text(q, 1, gkey);
    sqlite3_bind_int64(q, 2, lo - s->window);
    sqlite3_bind_int64(q, 3, hi + s->window);
    long best = -1;
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        int64_t eid = sqlite3_column_int64(q, 0);
        long d = labs((long)sqlite3_column_int64(q, 1) - lo);
        if (!places_compatible(w, q))
            continue; /* reported as happening somewhere else */
        /* the nearest in time; among equals the oldest event */
        if (best < 0 || d < best || (d == best && eid < *id)) {
            best = d;
            *id = eid;
        }
    }
    parley_status st = rc == SQLITE_DONE ? PARLEY_OK : st_sqlerr(s, "finding an event");
    sqlite3_reset(q);
    return st;
}

static parley_status add_mention(parley_store *s, const parley_doc *doc, int64_t doc_key,
                                 const char *outlet, size_t i)
{
    const char *scode = "", *stext = "", *tcode = "", *ttext = "", *trig = "";
    const char *smatch = "", *tmatch = "", *pat = "", *pat_file = "";
    size_t sstart = 0, tstart = 0, trig_start = 0, pat_line = 0;
    parley_event_actor(doc, i, 0, &scode, &stext, &sstart, NULL, &smatch);
    parley_event_actor(doc, i, 1, &tcode, &ttext, &tstart, NULL, &tmatch);
    parley_event_pattern(doc, i, &pat, &pat_file, &pat_line);
    parley_event_trigger(doc, i, &trig, &trig_start, NULL);
    const char *cameo = parley_event_cameo(doc, i), *root = parley_event_root(doc, i);
    size_t sent = parley_event_sentence(doc, i);
    st_when_where w;
    event_when_where(doc, i, &w);
    double conf = mention_confidence(doc, i);
    int is_root = sent <= 1; /* the headline or the lead */

    /* the grouping key and the date interval */
    char sk[64], tk[64], scountry[4], tcountry[4], gkey[192];
    long lo = 0, hi = 0;
    int pclass = 0;
    bool dated = event_interval(w.date, &lo, &hi, &pclass);
    char date[11] = "";
    if (dated)
        interval_date(lo, hi, date);
    code_at_level(scode, 3, scountry, sizeof scountry);
    code_at_level(tcode, 3, tcountry, sizeof tcountry);
    if (s->mode == ST_MODE_ONE_A_DAY) {
        /* one event per date, source, target and code; the date is in the key */
        snprintf(gkey, sizeof gkey, "%s|%s|%s|%s", scode, tcode, cameo, dated ? date : "?");
        lo = hi = 0;
        pclass = 0;
    } else {
        /* an actor without a country ("---GOV": some government, the police)
         * is compared on its whole code: its role is all that names it; in a
         * domestic event (both sides of one country) the country tells the
         * sides apart from nothing, so their roles are compared */
        int level = s->level;
        if (level == ST_LEVEL_COUNTRY && known_country(scode) && known_country(tcode) &&
            strcmp(scountry, tcountry) == 0)
            level = ST_LEVEL_ROLE;
        code_at_level(scode, known_country(scode) ? level : 0, sk, sizeof sk);
        code_at_level(tcode, known_country(tcode) ? level : 0, tk, sizeof tk);
        /* the use of force (18 assault, 19 fight, 20 mass violence) is one
         * family: one report has the police shoot a gunman (190), the next
         * has him killed (180, 193) */
        int rn = atoi(root);
        const char *family = rn >= 18 && rn <= 20 ? "18-20" : root;
        /* a joint action ("A and B met", "clashes between A and B") is coded
         * both ways round, and reports name either side first: for these
         * the pair is unordered */
        bool mutual = (rn >= 4 && rn <= 6) || (rn >= 18 && rn <= 20);
        bool swap = mutual && strcmp(sk, tk) > 0;
        /* an undated mention cannot be placed in a window: it groups only
         * with other undated mentions */
        snprintf(gkey, sizeof gkey, "%s|%s|%s%s", swap ? tk : sk, swap ? sk : tk, family,
                 dated ? "" : "|?");
        if (!dated)
            lo = hi = 0;
    }
    int64_t eid = 0;
    parley_status st = PARLEY_OK;
    if (s->mode == ST_MODE_ONE_A_DAY) {
        sqlite3_stmt *q = stmt(s, ST_EV_CANDIDATES);
        bind_text(q, 1, gkey);
        sqlite3_bind_int64(q, 2, 0);
        sqlite3_bind_int64(q, 3, 0);
        int rc = sqlite3_step(q);
        if (rc == SQLITE_ROW)
            eid = sqlite3_column_int64(q, 0);
        else if (rc != SQLITE_DONE)
            st = st_sqlerr(s, "finding an event");
        sqlite3_reset(q);
    } else {
        st = find_event(s, gkey, lo, hi, &w, &eid);
    }
    if (st)
        return st;
    double g = parley_event_goldstein(doc, i);
    if (eid == 0) {
        sqlite3_stmt *q = stmt(s, ST_EV_INSERT);
        bind_text(q, 1, gkey);
        sqlite3_bind_int(q, 2, pclass);
        sqlite3_bind_int64(q, 3, lo);
        sqlite3_bind_int64(q, 4, hi);
        bind_text(q, 5, dated ? date : NULL);
        bind_text(q, 6, w.event_date);
        bind_text(q, 7, w.date_precision);
        bind_text(q, 8, w.place);
        bind_text(q, 9, w.place_country);
        bind_text(q, 10, scode);
        bind_text(q, 11, stext);
        bind_text(q, 12, tcode);
        bind_text(q, 13, ttext);
        bind_text(q, 14, scountry);
        bind_text(q, 15, tcountry);
        bind_text(q, 16, cameo);
        bind_text(q, 17, root);
        sqlite3_bind_int(q, 18, parley_event_quad_class(doc, i));
        if (isnan(g))
            sqlite3_bind_null(q, 19);
        else
            sqlite3_bind_double(q, 19, g);
        sqlite3_bind_int(q, 20, is_root);
        bind_text(q, 21, *doc->date ? doc->date : NULL);
        sqlite3_bind_double(q, 22, conf);
        bind_text(q, 23, *doc->url ? doc->url : doc->id);
        bind_text(q, 24, doc->events[i].info.name);
        bind_text(q, 25, w.place_adm1);
        bind_text(q, 26, w.place_feature);
        if ((st = step_done(s, q, "inserting an event")))
            return st;
        eid = sqlite3_last_insert_rowid(s->db);
    } else {
        sqlite3_stmt *q = stmt(s, ST_EV_HAS_DOC);
        sqlite3_bind_int64(q, 1, eid);
        sqlite3_bind_int64(q, 2, doc_key);
        int has_doc = step_exists(s, q, "counting articles");
        q = stmt(s, ST_EV_HAS_SOURCE);
        sqlite3_bind_int64(q, 1, eid);
        bind_text(q, 2, outlet);
        int has_source = step_exists(s, q, "counting sources");
        if (has_doc < 0 || has_source < 0)
            return PARLEY_ERR_IO;
        q = stmt(s, ST_EV_JOIN);
        sqlite3_bind_int64(q, 1, eid);
        sqlite3_bind_int(q, 2, !has_doc);
        sqlite3_bind_int(q, 3, !has_source);
        sqlite3_bind_int(q, 4, is_root);
        bind_text(q, 5, *doc->date ? doc->date : NULL);
        sqlite3_bind_double(q, 6, conf);
        if ((st = step_done(s, q, "joining an event")))
            return st;
    }
    size_t ss = 0, se = 0;
    parley_doc_sentence_span(doc, sent, &ss, &se);
    sqlite3_stmt *q = stmt(s, ST_MEN_INSERT);
    sqlite3_bind_int64(q, 1, eid);
    sqlite3_bind_int64(q, 2, doc_key);
    bind_text(q, 3, outlet);
    bind_text(q, 4, *doc->date ? doc->date : NULL);
    sqlite3_bind_int64(q, 5, (sqlite3_int64)sent);
    if (se > ss && se <= doc->text_len)
        sqlite3_bind_text(q, 6, doc->text + ss, (int)(se - ss), SQLITE_TRANSIENT);
    bind_text(q, 7, scode);
    bind_text(q, 8, stext);
    sqlite3_bind_int64(q, 9, (sqlite3_int64)sstart);
    bind_text(q, 10, tcode);
    bind_text(q, 11, ttext);
    sqlite3_bind_int64(q, 12, (sqlite3_int64)tstart);
    bind_text(q, 13, cameo);
    bind_text(q, 14, parley_event_mode(doc, i));
    bind_text(q, 15, trig);
    sqlite3_bind_int64(q, 16, (sqlite3_int64)trig_start);
    bind_text(q, 17, w.event_date);
    bind_text(q, 18, w.date_precision);
    bind_text(q, 19, w.place);
    sqlite3_bind_double(q, 20, conf);
    bind_text(q, 21, pat);
    bind_text(q, 22, pat_file);
    sqlite3_bind_int64(q, 23, (sqlite3_int64)pat_line);
    bind_text(q, 24, smatch);
    bind_text(q, 25, tmatch);
    return step_done(s, q, "inserting a mention");
}

static parley_status doc_write(parley_store *s, const parley_doc *doc, int64_t key);

PARLEY_API parley_status parley_store_add_doc(parley_store *s, const parley_doc *doc, int *outcome)
{
    if (outcome)
        *outcome = 0;
    if (!s || !doc)
        return pl_error(PARLEY_ERR_ARG, "parley_store_add_doc: NULL argument");
    if (s->readonly)
        return pl_error(PARLEY_ERR_ARG, "store %s is open read-only", s->path);
    if (!*doc->id)
        return pl_error(PARLEY_ERR_ARG, "%s: record %llu: a document needs an id to be stored",
                        *doc->origin ? doc->origin : "document", (unsigned long long)doc->record);
    parley_status st = PARLEY_OK;
    if (!s->in_tx) {
        if ((st = st_exec(s, "BEGIN IMMEDIATE")))
            return st;
        s->in_tx = true;
        if (!s->settings_fixed && (st = save_settings(s)))
            return st;
    }
    int64_t key = 0;
    int have = doc_lookup(s, doc, &key);
    if (have < 0)
        return PARLEY_ERR_IO;
    if (have == 1)
        return PARLEY_OK; /* the same document again: nothing to add */
    /* a document goes in whole or not at all, even inside a batch */
    if ((st = st_exec(s, "SAVEPOINT doc")))
        return st;
    st = doc_write(s, doc, key);
    if (st) {
        sqlite3_exec(s->db, "ROLLBACK TO doc; RELEASE doc", NULL, NULL, NULL);
        return st;
    }
    if ((st = st_exec(s, "RELEASE doc")))
        return st;
    if (outcome)
        *outcome = key ? 2 : 1;
    if (++s->pending >= s->batch)
        st = parley_store_commit(s);
    return st;
}

/* Replace document `key` (0: new) by doc, with its mentions. */
static parley_status doc_write(parley_store *s, const parley_doc *doc, int64_t key)
{
    parley_status st;
    if (key && (st = doc_remove(s, key)))
        return st;
    char h[17], outlet[256];
    doc_hash(doc, h);
    doc_outlet(doc, outlet, sizeof outlet);
    sqlite3_stmt *q = stmt(s, ST_DOC_INSERT);
    bind_text(q, 1, doc->id);
    bind_text(q, 2, *doc->date ? doc->date : NULL);
    bind_text(q, 3, *doc->url ? doc->url : NULL);
    bind_text(q, 4, outlet);
    bind_text(q, 5, *doc->title ? doc->title : NULL);
    bind_text(q, 6, h);
    sqlite3_bind_int64(q, 7, (sqlite3_int64)doc->text_len);
    sqlite3_bind_int64(q, 8, (sqlite3_int64)doc->nsents);
    if ((st = step_done(s, q, "inserting a document")))
        return st;
    int64_t doc_key = sqlite3_last_insert_rowid(s->db);
    size_t n = parley_doc_event_count(doc);
    for (size_t i = 0; i < n && !st; i++)
        st = add_mention(s, doc, doc_key, outlet, i);
    return st;
}

parley_status st_doc_event_ids(parley_store *s, const char *id, int64_t **ids, size_t *n)
{
    *ids = NULL;
    *n = 0;
    sqlite3_stmt *q = NULL;
    if (sqlite3_prepare_v2(s->db,
                           "SELECT DISTINCT m.event_id FROM mentions m JOIN documents d"
                           " USING(doc_key) WHERE d.id = ?1 ORDER BY 1",
                           -1, &q, NULL) != SQLITE_OK)
        return st_sqlerr(s, "reading a document's events");
    bind_text(q, 1, id);
    size_t cap = 0;
    parley_status st = PARLEY_OK;
    int rc;
    while (!st && (rc = sqlite3_step(q)) == SQLITE_ROW) {
        st = pl_grow((void **)ids, &cap, *n + 1, sizeof **ids, SIZE_MAX / sizeof **ids);
        if (!st)
            (*ids)[(*n)++] = sqlite3_column_int64(q, 0);
    }
    if (!st && rc != SQLITE_DONE)
        st = st_sqlerr(s, "reading a document's events");
    sqlite3_finalize(q);
    return st;
}

PARLEY_API parley_status parley_store_summary(parley_store *s, char **json)
{
    if (!s || !json)
        return pl_error(PARLEY_ERR_ARG, "parley_store_summary: NULL argument");
    *json = NULL;
    static const char *const what[] = {"documents", "events", "mentions"};
    long long n[3] = {0, 0, 0}, pages = 0, page_size = 0;
    for (int k = 0; k < 4 + 1; k++) {
        char sql[64];
        if (k < 3)
            snprintf(sql, sizeof sql, "SELECT count(*) FROM %s", what[k]);
        else
            snprintf(sql, sizeof sql, "PRAGMA %s", k == 3 ? "page_count" : "page_size");
        sqlite3_stmt *q = NULL;
        if (sqlite3_prepare_v2(s->db, sql, -1, &q, NULL) != SQLITE_OK)
            return st_sqlerr(s, "counting");
        if (sqlite3_step(q) == SQLITE_ROW) {
            long long v = sqlite3_column_int64(q, 0);
            if (k < 3)
                n[k] = v;
            else if (k == 3)
                pages = v;
            else
                page_size = v;
        }
        sqlite3_finalize(q);
    }
    char buf[512];
    long long bytes = pages * page_size;
    snprintf(buf, sizeof buf,
             "{\"documents\":%lld,\"events\":%lld,\"mentions\":%lld,\"bytes\":%lld,"
             "\"bytes_per_event\":%.0f,\"mode\":\"%s\",\"level\":\"%s\",\"window\":%d}",
             n[0], n[1], n[2], bytes, n[1] ? (double)bytes / (double)n[1] : 0.0, mode_name(s->mode),
             level_name(s->level), s->window);
    *json = pl_strdup(buf);
    return *json ? PARLEY_OK : pl_error(PARLEY_ERR_NOMEM, "out of memory");
}
