/*
 * store.h - the record's internals: mentions grouped into events, kept in
 * SQLite (schema and grouping rules in docs/internals/store.md). Internal to
 * the library; the public face is the store section of parley.h.
 */
#ifndef PL_STORE_STORE_H
#define PL_STORE_STORE_H

#include "core/core.h"

#include <sqlite3.h>

/* How mentions are grouped into events. */
enum st_mode {
    ST_MODE_PARLEY = 0,   /* same dyad (at the level), CAMEO root, dates within the window, place */
    ST_MODE_ONE_A_DAY = 1 /* PETRARCH/Phoenix: same date, source, target and full code */
};

/* The level at which actors must agree. */
enum st_level {
    ST_LEVEL_COUNTRY = 3, /* first 3 letters of the code: USA */
    ST_LEVEL_ROLE = 6,    /* country + role: USAGOV */
    ST_LEVEL_CODE = 0     /* the whole code */
};

/* Prepared statements, made once per store. */
enum st_stmt {
    ST_DOC_FIND,        /* id -> doc_key, text_hash */
    ST_DOC_INSERT,      /* a document */
    ST_DOC_DELETE,      /* a document (its mentions first) */
    ST_DOC_EVENTS,      /* doc_key -> the events its mentions belong to */
    ST_MEN_DELETE_DOC,  /* a document's mentions */
    ST_EV_CANDIDATES,   /* events a mention may join */
    ST_EV_INSERT,       /* a new event from its first mention */
    ST_EV_JOIN,         /* update an event's counts when a mention joins */
    ST_EV_HAS_DOC,      /* does the event already have a mention from this document? */
    ST_EV_HAS_SOURCE,   /* ... from this outlet? */
    ST_MEN_INSERT,      /* a mention */
    ST_EV_RECOUNT,      /* recompute an event's counts from its mentions */
    ST_EV_DELETE_EMPTY, /* drop an event left without mentions */
    ST_NSTMT
};

struct parley_store {
    sqlite3 *db;
    char *path;
    bool readonly;
    sqlite3_stmt *stmt[ST_NSTMT];
    int mode;       /* enum st_mode */
    int level;      /* enum st_level */
    int window;     /* days either side of an event's date */
    size_t batch;   /* documents per transaction */
    size_t pending; /* documents written in the open transaction */
    bool in_tx;
    bool settings_fixed; /* the settings are stored in the database */
};

/* Day number (days since 1970-01-01) of "YYYY-MM-DD"; false if malformed. */
bool st_day_from_date(const char *s, long *day);
/* "YYYY-MM-DD" of a day number into out (at least 11 bytes). */
void st_date_from_day(long day, char *out);

/* The SQL that takes a store's schema from version - 1 to version, NULL
 * past the last (tests build older stores with it). */
const char *st_migration_sql(int version);

/* Run one SQL statement without results; the error names the store. */
parley_status st_exec(parley_store *s, const char *sql);
/* A PARLEY_ERR_IO error naming the store, what was being done and SQLite's message. */
parley_status st_sqlerr(parley_store *s, const char *what);

/* The events the mentions of document `id` belong to, ascending, without
 * repeats, into *ids (pl_malloc'd, the caller frees) and *n. */
parley_status st_doc_event_ids(parley_store *s, const char *id, int64_t **ids, size_t *n);

/* One ECB+ document (CAT XML: <Document><token sentence=.. >word</token>..)
 * as a parley document with id `id`; `plus` for *ecbplus.xml, whose
 * sentence 0 is the source URL. Errors name path and line. */
parley_status st_read_ecb(const char *data, size_t size, const char *path, const char *id,
                          bool plus, parley_doc **out);

#endif /* PL_STORE_STORE_H */
