/* test_store.c - unit tests for the store (src/store): dates, grouping of
 * mentions into events, documents added again or changed, queries and
 * their formats, relations, settings, and crash safety (an ingest killed
 * with SIGKILL at random points, then resumed). Uses the model `make`
 * trains (build/en-ewt.model) and the default dictionaries. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "code/code.h"
#include "store/store.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static parley_model *model;
static parley_dict *dict;
static parley_coder *coder;
static char *founding; /* examples/000_08cbce3970801ee0.txt */
static char dir[64];   /* a temporary folder for the stores */

static int setup(void **state)
{
    (void)state;
    parley_set_log(NULL, NULL);
    setenv("PARLEY_DATA", "data", 0);
    if (parley_model_load("build/en-ewt.model", &model) != PARLEY_OK) {
        fprintf(stderr, "test_store: build/en-ewt.model is missing: run make first\n");
        return -1;
    }
    if (parley_dict_load("data/parley.dicts", &dict) || parley_coder_new(model, dict, &coder))
        return -1;
    pl_buf b;
    pl_buf_init(&b, 0);
    if (pl_buf_read_file(&b, "examples/000_08cbce3970801ee0.txt"))
        return -1;
    founding = b.data;
    snprintf(dir, sizeof dir, "/tmp/parley-test-store-XXXXXX");
    return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "test_store: could not remove %s\n", dir);
    pl_free(founding);
    parley_coder_free(coder);
    parley_dict_free(dict);
    parley_model_free(model);
    return 0;
}

/* A coded document. */
static parley_doc *coded(const char *id, const char *date, const char *url, const char *text)
{
    parley_doc *doc = NULL;
    assert_int_equal(parley_doc_new(id, date, text, strlen(text), &doc), PARLEY_OK);
    if (url)
        assert_int_equal(pl_doc_set(doc, &doc->url, url, strlen(url)), PARLEY_OK);
    assert_int_equal(parley_coder_code_doc(coder, doc, NULL), PARLEY_OK);
    return doc;
}

static parley_store *fresh(const char *name)
{
    char path[160];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    unlink(path);
    parley_store *s = NULL;
    assert_int_equal(parley_store_open(path, 0, &s), PARLEY_OK);
    return s;
}

static long long scalar(parley_store *s, const char *sql)
{
    sqlite3_stmt *q = NULL;
    assert_int_equal(sqlite3_prepare_v2(s->db, sql, -1, &q, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(q), SQLITE_ROW);
    long long v = sqlite3_column_int64(q, 0);
    sqlite3_finalize(q);
    return v;
}

/* Everything the store holds that a rerun must reproduce, as text. */
static char *dump(sqlite3 *db)
{
    static const char *const sql[] = {
        "SELECT * FROM events ORDER BY event_id",
        "SELECT m.*, d.id FROM mentions m JOIN documents d USING(doc_key) ORDER BY mention_id",
        "SELECT * FROM documents ORDER BY doc_key"};
    pl_buf b;
    pl_buf_init(&b, 0);
    for (size_t k = 0; k < 3; k++) {
        sqlite3_stmt *q = NULL;
        assert_int_equal(sqlite3_prepare_v2(db, sql[k], -1, &q, NULL), SQLITE_OK);
        while (sqlite3_step(q) == SQLITE_ROW) {
            for (int c = 0; c < sqlite3_column_count(q); c++) {
                const char *t = (const char *)sqlite3_column_text(q, c);
                assert_int_equal(pl_buf_puts(&b, t ? t : "NULL"), PARLEY_OK);
                assert_int_equal(pl_buf_putc(&b, '|'), PARLEY_OK);
            }
            assert_int_equal(pl_buf_putc(&b, '\n'), PARLEY_OK);
        }
        sqlite3_finalize(q);
    }
    return b.data;
}

/* ---------------------------------------------------------------------- */

static void days_round_trip(void **state)
{
    (void)state;
    long d;
    assert_true(st_day_from_date("1970-01-01", &d));
    assert_int_equal(d, 0);
    assert_true(st_day_from_date("2023-06-14", &d));
    assert_int_equal(d, 19522);
    assert_true(st_day_from_date("2024-02-29", &d));
    assert_false(st_day_from_date("2023-02-29", &d));
    assert_false(st_day_from_date("2023-13-01", &d));
    assert_false(st_day_from_date("2023-06", &d));
    char out[11];
    for (long z = -700000; z < 2900000; z += 997) {
        st_date_from_day(z, out);
        long back;
        assert_true(st_day_from_date(out, &back));
        assert_int_equal(back, z);
    }
}

/* Copies of one article from several outlets: each event once, counted. */
static void copies_are_one_event_each(void **state)
{
    (void)state;
    parley_store *s = fresh("copies.sqlite");
    const char *urls[4] = {"https://www.dw.com/a", "https://www.reuters.com/b",
                           "https://apnews.com/c", "https://www.dw.com/d"};
    const char *dates[4] = {"2023-06-14", "2023-06-14", "2023-06-15", "2023-06-16"};
    size_t per_doc = 0;
    for (int i = 0; i < 4; i++) {
        char id[16];
        snprintf(id, sizeof id, "copy%d", i);
        parley_doc *doc = coded(id, dates[i], urls[i], founding);
        per_doc = parley_doc_event_count(doc);
        int outcome = -1;
        assert_int_equal(parley_store_add_doc(s, doc, &outcome), PARLEY_OK);
        assert_int_equal(outcome, 1);
        parley_doc_free(doc);
    }
    assert_int_equal(parley_store_commit(s), PARLEY_OK);
    assert_true(per_doc > 5);
    long long events = scalar(s, "SELECT count(*) FROM events");
    assert_true(events > 0 && events <= (long long)per_doc);
    assert_int_equal(scalar(s, "SELECT count(*) FROM mentions"), 4 * (long long)per_doc);
    assert_int_equal(scalar(s, "SELECT count(*) FROM events WHERE num_articles != 4"), 0);
    /* dw.com twice: three outlets */
    assert_int_equal(scalar(s, "SELECT count(*) FROM events WHERE num_sources != 3"), 0);
    assert_int_equal(scalar(s, "SELECT sum(num_mentions) FROM events"), 4 * (long long)per_doc);
    assert_int_equal(scalar(s, "SELECT count(*) FROM events WHERE first_seen != '2023-06-14' OR"
                               " last_seen != '2023-06-16'"),
                     0);
    /* a fifth copy a month later: what it dates by the article is another
     * event (outside the window); what the text dates ("later in February")
     * is the same event as in the copies */
    parley_doc *late = coded("late", "2023-07-20", NULL, founding);
    assert_int_equal(parley_store_add_doc(s, late, NULL), PARLEY_OK);
    parley_doc_free(late);
    assert_true(scalar(s, "SELECT count(*) FROM events") > events);
    assert_int_equal(scalar(s, "SELECT count(*) FROM mentions JOIN documents USING(doc_key) JOIN"
                               " events e USING(event_id) WHERE id = 'late' AND"
                               " mentions.event_date = '2023-07-20' AND e.num_articles != 1"),
                     0);
    assert_int_equal(scalar(s, "SELECT count(*) FROM mentions JOIN documents USING(doc_key) JOIN"
                               " events e USING(event_id) WHERE id = 'late' AND"
                               " mentions.event_date LIKE '2023-0_' AND e.num_articles != 5"),
                     0);
    parley_store_free(s);
}

/* The same document again adds nothing; a changed one replaces its mentions. */
static void same_again_changed_replaced(void **state)
{
    (void)state;
    parley_store *s = fresh("again.sqlite");
    const char *t1 = "Russia attacked Ukraine on Monday.\n\nChina criticized Japan.";
    const char *t2 = "Russia attacked Ukraine on Monday.\n\nGermany praised France.";
    parley_doc *a = coded("x", "2023-03-01", NULL, t1), *b = coded("y", "2023-03-01", NULL, t1);
    int outcome;
    assert_int_equal(parley_store_add_doc(s, a, &outcome), PARLEY_OK);
    assert_int_equal(outcome, 1);
    assert_int_equal(parley_store_add_doc(s, b, &outcome), PARLEY_OK);
    assert_int_equal(parley_store_add_doc(s, a, &outcome), PARLEY_OK);
    assert_int_equal(outcome, 0);
    assert_true(parley_store_has_doc(s, a));
    long long ev = scalar(s, "SELECT count(*) FROM events"), men = scalar(s, "SELECT count(*) "
                                                                             "FROM mentions");
    assert_true(ev >= 2);
    assert_int_equal(men, 2 * ev);
    assert_int_equal(scalar(s, "SELECT count(*) FROM events WHERE num_articles != 2"), 0);
    /* x changes: its China-Japan mention leaves; that event keeps y's */
    parley_doc *a2 = coded("x", "2023-03-01", NULL, t2);
    assert_false(parley_store_has_doc(s, a2));
    assert_int_equal(parley_store_add_doc(s, a2, &outcome), PARLEY_OK);
    assert_int_equal(outcome, 2);
    assert_int_equal(scalar(s, "SELECT count(*) FROM documents"), 2);
    assert_int_equal(scalar(s, "SELECT count(*) FROM events WHERE src_country = 'CHN' AND"
                               " num_articles = 1 AND num_mentions = 1"),
                     1);
    /* the attack (and any other event of that sentence) stays in both articles */
    assert_true(scalar(s, "SELECT count(*) FROM events WHERE src_country = 'RUS'") >= 1);
    assert_int_equal(scalar(s, "SELECT count(*) FROM events WHERE src_country = 'RUS' AND"
                               " num_articles != 2"),
                     0);
    assert_int_equal(scalar(s, "SELECT count(*) FROM events WHERE src_country = 'DEU'"), 1);
    /* counts agree with the mentions everywhere */
    assert_int_equal(scalar(s, "SELECT count(*) FROM events e WHERE num_mentions != (SELECT"
                               " count(*) FROM mentions m WHERE m.event_id = e.event_id)"),
                     0);
    /* y changes too, to t2: China-Japan has no mention left and is dropped */
    parley_doc *b2 = coded("y", "2023-03-01", NULL, t2);
    assert_int_equal(parley_store_add_doc(s, b2, &outcome), PARLEY_OK);
    assert_int_equal(scalar(s, "SELECT count(*) FROM events WHERE src_country = 'CHN'"), 0);
    assert_int_equal(scalar(s, "SELECT count(*) FROM mentions m WHERE NOT EXISTS (SELECT 1 FROM"
                               " events e WHERE e.event_id = m.event_id)"),
                     0);
    parley_doc_free(a);
    parley_doc_free(b);
    parley_doc_free(a2);
    parley_doc_free(b2);
    parley_store_free(s);
}

/* One-a-day keeps the full code and the exact date apart. */
static void one_a_day_filter(void **state)
{
    (void)state;
    parley_store *s = fresh("oad.sqlite");
    assert_int_equal(parley_store_configure(s, "mode", "one-a-day"), PARLEY_OK);
    parley_doc *a = coded("a", "2023-06-14", NULL, founding);
    parley_doc *b = coded("b", "2023-06-15", NULL, founding);
    assert_int_equal(parley_store_add_doc(s, a, NULL), PARLEY_OK);
    long long one = scalar(s, "SELECT count(*) FROM events");
    assert_int_equal(parley_store_add_doc(s, b, NULL), PARLEY_OK);
    /* what b dates by the article is on another day: new events; what its
     * text dates falls on the same dates as a's */
    assert_int_equal(scalar(s, "SELECT count(*) FROM events"),
                     one + scalar(s, "SELECT count(DISTINCT event_id) FROM mentions JOIN documents"
                                     " USING(doc_key) WHERE id = 'b' AND"
                                     " mentions.event_date = '2023-06-15'"));
    /* the settings stay with the store */
    assert_int_equal(parley_store_configure(s, "mode", "parley"), PARLEY_ERR_ARG);
    assert_int_equal(parley_store_configure(s, "batch", "10"), PARLEY_OK);
    parley_doc_free(a);
    parley_doc_free(b);
    parley_store_free(s);
    char path[160];
    snprintf(path, sizeof path, "%s/oad.sqlite", dir);
    assert_int_equal(parley_store_open(path, 1, &s), PARLEY_OK);
    assert_int_equal(s->mode, ST_MODE_ONE_A_DAY);
    parley_store_free(s);
}

static size_t count_rows(parley_store *s, parley_query *q, parley_store_format fmt,
                         size_t want_tabs)
{
    parley_rows *r = NULL;
    assert_int_equal(parley_store_query(s, q, fmt, &r), PARLEY_OK);
    const char *line;
    size_t n = 0;
    parley_status st;
    while ((st = parley_rows_next(r, &line)) == PARLEY_OK) {
        n++;
        assert_int_equal(line[strlen(line) - 1], '\n');
        if (want_tabs) {
            size_t tabs = 0;
            for (const char *p = line; *p; p++)
                tabs += *p == '\t';
            assert_int_equal(tabs, want_tabs);
        }
    }
    assert_int_equal(st, PARLEY_END);
    parley_rows_free(r);
    return n;
}

static void queries_and_formats(void **state)
{
    (void)state;
    parley_store *s = fresh("query.sqlite");
    parley_doc *a = coded("a", "2023-06-14", "https://www.dw.com/x", founding);
    const char *t = "Russia attacked Ukraine on Monday.\n\nChina criticized Japan.";
    parley_doc *b = coded("b", "2023-02-03", NULL, t);
    assert_int_equal(parley_store_add_doc(s, a, NULL), PARLEY_OK);
    assert_int_equal(parley_store_add_doc(s, b, NULL), PARLEY_OK);
    assert_int_equal(parley_store_commit(s), PARLEY_OK);
    long long all = scalar(s, "SELECT count(*) FROM events");
    long long mentions = scalar(s, "SELECT count(*) FROM mentions");
    assert_int_equal(count_rows(s, NULL, PARLEY_STORE_JSONL, 0), (size_t)all);
    assert_int_equal(count_rows(s, NULL, PARLEY_STORE_GDELT, 60), (size_t)all);
    assert_int_equal(count_rows(s, NULL, PARLEY_STORE_GDELT_MENTIONS, 15), (size_t)mentions);
    parley_query *q = NULL;
    assert_int_equal(parley_query_new(&q), PARLEY_OK);
    assert_int_equal(parley_query_set(q, "dyad", "USA,CHN"), PARLEY_OK);
    size_t usa_chn = count_rows(s, q, PARLEY_STORE_CSV, 0);
    assert_int_equal(usa_chn, (size_t)scalar(s, "SELECT count(*) FROM events WHERE src_country ="
                                                " 'USA' AND tgt_country = 'CHN'"));
    assert_true(usa_chn >= 3);
    assert_int_equal(parley_query_set(q, "dyad", "USAGOV,CHN"), PARLEY_OK);
    assert_true(count_rows(s, q, PARLEY_STORE_JSONL, 0) < usa_chn);
    assert_int_equal(parley_query_set(q, "limit", "1"), PARLEY_OK);
    assert_int_equal(count_rows(s, q, PARLEY_STORE_JSONL, 0), 1);
    parley_query_free(q);
    assert_int_equal(parley_query_new(&q), PARLEY_OK);
    assert_int_equal(parley_query_set(q, "to", "2023-03-01"), PARLEY_OK);
    assert_int_equal(count_rows(s, q, PARLEY_STORE_JSONL, 0),
                     (size_t)scalar(s, "SELECT count(*) FROM events WHERE date <= '2023-03-01'"));
    char root[24];
    snprintf(root, sizeof root, "%02lld",
             scalar(s, "SELECT root FROM events WHERE src_country = 'RUS' LIMIT 1") % 100);
    assert_int_equal(parley_query_set(q, "root", root), PARLEY_OK);
    assert_int_equal(parley_query_set(q, "actor", "RUS"), PARLEY_OK);
    assert_int_equal(count_rows(s, q, PARLEY_STORE_JSONL, 0), 1);
    assert_int_equal(parley_query_set(q, "quad", "1"), PARLEY_OK);
    assert_int_equal(count_rows(s, q, PARLEY_STORE_JSONL, 0), 0);
    assert_int_equal(parley_query_set(q, "quad", "5"), PARLEY_ERR_ARG);
    assert_int_equal(parley_query_set(q, "from", "June"), PARLEY_ERR_ARG);
    assert_int_equal(parley_query_set(q, "dyad", "USA"), PARLEY_ERR_ARG);
    assert_int_equal(parley_query_set(q, "colour", "red"), PARLEY_ERR_ARG);
    parley_query_free(q);
    assert_int_equal(parley_query_new(&q), PARLEY_OK);
    assert_int_equal(parley_query_set(q, "doc", "a"), PARLEY_OK);
    assert_int_equal(parley_query_set(q, "cameo", "03"), PARLEY_OK);
    assert_int_equal(count_rows(s, q, PARLEY_STORE_JSONL, 0),
                     (size_t)scalar(s, "SELECT count(*) FROM events WHERE cameo LIKE '03%' AND"
                                       " event_id IN (SELECT event_id FROM mentions WHERE"
                                       " doc_key = 1)"));
    parley_query_free(q);
    parley_doc_free(a);
    parley_doc_free(b);
    parley_store_free(s);
}

/* The event ids a query gives, in order, as "1 5 7 ". */
static char *query_ids(parley_store *s, parley_query *q)
{
    parley_rows *r = NULL;
    assert_int_equal(parley_store_query(s, q, PARLEY_STORE_CSV, &r), PARLEY_OK);
    pl_buf b;
    pl_buf_init(&b, 0);
    assert_int_equal(pl_buf_putc(&b, '\0'), PARLEY_OK);
    b.len = 0;
    const char *line;
    while (parley_rows_next(r, &line) == PARLEY_OK) {
        assert_int_equal(pl_putf(&b, "%ld ", atol(line)), PARLEY_OK);
    }
    parley_rows_free(r);
    return b.data;
}

/* The same ids from plain SQL (no index hints, no halves). */
static char *sql_ids(parley_store *s, const char *where, const char *limit)
{
    char sql[1024];
    snprintf(sql, sizeof sql, "SELECT event_id FROM events e WHERE %s ORDER BY date, event_id %s",
             where, limit);
    sqlite3_stmt *q = NULL;
    assert_int_equal(sqlite3_prepare_v2(s->db, sql, -1, &q, NULL), SQLITE_OK);
    pl_buf b;
    pl_buf_init(&b, 0);
    assert_int_equal(pl_buf_putc(&b, '\0'), PARLEY_OK);
    b.len = 0;
    while (sqlite3_step(q) == SQLITE_ROW)
        assert_int_equal(pl_putf(&b, "%lld ", (long long)sqlite3_column_int64(q, 0)), PARLEY_OK);
    sqlite3_finalize(q);
    return b.data;
}

/* Every shape of query (its own index, the actor's two halves merged,
 * the CAMEO prefix as a range) gives what a plain scan gives. */
static void query_plans_agree(void **state)
{
    (void)state;
    parley_store *s = fresh("plans.sqlite");
    static const char *const texts[] = {
        "Russia attacked Ukraine on Monday.\n\nChina criticized Japan.",
        "Ukraine accused Russia of shelling Kharkiv.\n\nRussian troops attacked Ukrainian "
        "positions.",
        "The United States praised China for the talks.\n\nChina met the United States.",
        "Russia and China signed an agreement.\n\nThe Russian government thanked China."};
    for (int k = 0; k < 12; k++) {
        char id[16], date[16];
        snprintf(id, sizeof id, "d%d", k);
        snprintf(date, sizeof date, "2023-%02d-%02d", 1 + k % 4, 1 + 3 * k);
        parley_doc *d = coded(id, date, NULL, texts[k % 4]);
        assert_int_equal(parley_store_add_doc(s, d, NULL), PARLEY_OK);
        parley_doc_free(d);
    }
    parley_doc *a = coded("a", "2023-06-14", "https://www.dw.com/x", founding);
    assert_int_equal(parley_store_add_doc(s, a, NULL), PARLEY_OK);
    parley_doc_free(a);
    assert_int_equal(parley_store_commit(s), PARLEY_OK);
    assert_true(scalar(s, "SELECT count(*) FROM events") >= 20);
    static const struct {
        const char *f[6];
        const char *where, *limit;
    } cases[] = {
        {{"actor", "RUS"}, "(src_country = 'RUS' OR tgt_country = 'RUS')", ""},
        {{"actor", "RUS", "limit", "3"}, "(src_country = 'RUS' OR tgt_country = 'RUS')", "LIMIT 3"},
        {{"actor", "USAGOV", "limit", "2"},
         "(substr(src_code, 1, 6) = 'USAGOV' OR substr(tgt_code, 1, 6) = 'USAGOV')",
         "LIMIT 2"},
        {{"actor", "CH"}, "(substr(src_code, 1, 2) = 'CH' OR substr(tgt_code, 1, 2) = 'CH')", ""},
        {{"actor", "CHN", "cameo", "04"},
         "(src_country = 'CHN' OR tgt_country = 'CHN') AND cameo LIKE '04%'",
         ""},
        {{"actor", "RUS", "quad", "4", "from", "2023-02-01"},
         "(src_country = 'RUS' OR tgt_country = 'RUS') AND quad_class = 4 AND date >= "
         "'2023-02-01'",
         ""},
        {{"cameo", "190"}, "cameo LIKE '190%'", ""},
        {{"cameo", "1"}, "cameo LIKE '1%'", ""},
        {{"root", "04", "to", "2023-03-01"}, "root = '04' AND date <= '2023-03-01'", ""},
        {{"dyad", "USA,CHN", "root", "04"},
         "src_country = 'USA' AND tgt_country = 'CHN' AND root = '04'",
         ""},
        {{"dyad", "USAGOV,CHN"}, "substr(src_code, 1, 6) = 'USAGOV' AND tgt_country = 'CHN'", ""},
        {{"quad", "1", "limit", "4"}, "quad_class = 1", "LIMIT 4"},
        {{"country", "UKR"}, "place_country = 'UKR'", ""},
        {{"place", "Kharkiv", "actor", "RUS"},
         "place = 'Kharkiv' AND (src_country = 'RUS' OR tgt_country = 'RUS')",
         ""},
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        parley_query *q = NULL;
        assert_int_equal(parley_query_new(&q), PARLEY_OK);
        for (int k = 0; k < 6 && cases[c].f[k]; k += 2)
            assert_int_equal(parley_query_set(q, cases[c].f[k], cases[c].f[k + 1]), PARLEY_OK);
        char *got = query_ids(s, q), *want = sql_ids(s, cases[c].where, cases[c].limit);
        if (strcmp(got, want) != 0)
            fail_msg("query case %zu (%s): got '%s', want '%s'", c, cases[c].where, got, want);
        pl_free(got);
        pl_free(want);
        parley_query_free(q);
    }
    parley_store_free(s);
}

/* A store of schema version 1 (before the query indexes) is brought up to
 * date when opened, for reading as for writing, and reads as before. */
static void older_store_migrated(void **state)
{
    (void)state;
    char path[160];
    snprintf(path, sizeof path, "%s/v1.sqlite", dir);
    unlink(path);
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db,
                                  "CREATE TABLE schema_version(version INTEGER NOT NULL, applied"
                                  " TEXT NOT NULL DEFAULT (datetime('now')));"
                                  " INSERT INTO schema_version(version) VALUES(1)",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, st_migration_sql(1), NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    parley_store *s = NULL;
    assert_int_equal(parley_store_open(path, 1, &s), PARLEY_OK);
    assert_int_equal(scalar(s, "SELECT max(version) FROM schema_version"), 4);
    assert_int_equal(scalar(s, "SELECT count(*) FROM sqlite_master WHERE name ="
                               " 'events_src_root'"),
                     1);
    sqlite3_stmt *ic = NULL;
    assert_int_equal(sqlite3_prepare_v2(s->db, "PRAGMA integrity_check", -1, &ic, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(ic), SQLITE_ROW);
    assert_string_equal((const char *)sqlite3_column_text(ic, 0), "ok");
    sqlite3_finalize(ic);
    parley_store_free(s);
    assert_int_equal(parley_store_open(path, 0, &s), PARLEY_OK);
    parley_doc *d = coded("m", "2023-02-03", NULL, "Russia attacked Ukraine on Monday.");
    assert_int_equal(parley_store_add_doc(s, d, NULL), PARLEY_OK);
    parley_doc_free(d);
    assert_int_equal(parley_store_commit(s), PARLEY_OK);
    parley_query *q = NULL;
    assert_int_equal(parley_query_new(&q), PARLEY_OK);
    assert_int_equal(parley_query_set(q, "actor", "UKR"), PARLEY_OK);
    assert_int_equal(count_rows(s, q, PARLEY_STORE_JSONL, 0), 1);
    parley_query_free(q);
    parley_store_free(s);
    assert_null(st_migration_sql(5));
}

/* Places at their precision and the use of force coded both ways round:
 * "Homs" (the governorate) and "Homs Governorate" and "Syria" are one
 * attack, Aleppo another; each report's 190 rebels -> army and 180 army ->
 * rebels are one event. */
static void places_and_joint_codes(void **state)
{
    (void)state;
    parley_gazetteer *g = NULL;
    if (parley_gazetteer_load("build/places.gaz", &g) != PARLEY_OK)
        fail_msg("build/places.gaz is missing: run make first");
    parley_coder *c = NULL;
    assert_int_equal(parley_coder_new(model, dict, &c), PARLEY_OK);
    parley_coder_set_gazetteer(c, g);
    parley_store *s = fresh("places.sqlite");
    static const char *const texts[] = {
        "Rebels attacked the army in Homs on Monday.",
        "Rebels attacked the army in Homs Governorate on Monday.",
        "Rebels attacked the army in Aleppo on Monday.",
        "Syrian rebels attacked the Syrian army in Syria on Monday.",
    };
    for (int k = 0; k < 4; k++) {
        char id[8];
        snprintf(id, sizeof id, "p%d", k);
        parley_doc *d = NULL;
        assert_int_equal(parley_doc_new(id, "2023-03-01", texts[k], strlen(texts[k]), &d),
                         PARLEY_OK);
        assert_int_equal(parley_coder_code_doc(c, d, NULL), PARLEY_OK);
        assert_true(parley_doc_event_count(d) >= 1);
        assert_int_equal(parley_store_add_doc(s, d, NULL), PARLEY_OK);
        parley_doc_free(d);
    }
    assert_int_equal(parley_store_commit(s), PARLEY_OK);
    assert_int_equal(scalar(s, "SELECT count(*) FROM events"), 2);
    assert_int_equal(scalar(s, "SELECT num_articles FROM events WHERE place = 'Homs'"), 3);
    assert_int_equal(scalar(s, "SELECT num_articles FROM events WHERE place = 'Aleppo'"), 1);
    assert_int_equal(scalar(s, "SELECT count(DISTINCT cameo) FROM mentions"), 2);
    parley_store_free(s);
    parley_coder_free(c);
    parley_gazetteer_free(g);
}

static void relations_series_and_chart(void **state)
{
    (void)state;
    parley_store *s = fresh("rel.sqlite");
    /* a conflict in February, cooperation in May, as separate reports */
    const char *feb = "The United States accused China of spying.\n\n"
                      "China condemned the United States.";
    const char *may = "The United States praised China.\n\n"
                      "China agreed to cooperate with the United States.";
    parley_doc *a = coded("feb", "2023-02-05", NULL, feb),
               *b = coded("may", "2023-05-12", NULL, may);
    assert_int_equal(parley_store_add_doc(s, a, NULL), PARLEY_OK);
    assert_int_equal(parley_store_add_doc(s, b, NULL), PARLEY_OK);
    char *out = NULL;
    assert_int_equal(parley_store_relations(s, "USA", "CHN", "month", "jsonl", &out), PARLEY_OK);
    /* Feb, Mar, Apr, May, both ways: 8 period lines, then the turn in May */
    size_t lines = 0;
    for (const char *p = out; *p; p++)
        lines += *p == '\n';
    assert_int_equal(lines, 9);
    assert_non_null(strstr(out, "\"period\":\"2023-03\",\"direction\":\"USA->CHN\",\"events\":0"));
    assert_non_null(strstr(out, "{\"type\":\"turning_point\",\"period\":\"2023-05\",\"toward\":"
                                "\"cooperation\""));
    parley_string_free(out);
    assert_int_equal(parley_store_relations(s, "USA", "CHN", "week", "svg", &out), PARLEY_OK);
    assert_int_equal(strncmp(out, "<svg ", 5), 0);
    assert_non_null(strstr(out, "\xe2\x86\x91 cooperation")); /* the turn, labelled */
    assert_non_null(strstr(out, "2023-02-06")); /* the Monday of feb's week, on the axis */
    assert_non_null(strstr(out, "</svg>\n"));
    parley_string_free(out);
    assert_int_equal(parley_store_relations(s, "USA", "CHN", "day", "html", &out), PARLEY_OK);
    assert_non_null(strstr(out, "accused China of spying"));
    parley_string_free(out);
    assert_int_equal(parley_store_relations(s, "USA", "CHN", "year", "svg", &out), PARLEY_ERR_ARG);
    assert_int_equal(parley_store_relations(s, "USA", "CHN", "month", "png", &out), PARLEY_ERR_ARG);
    parley_doc_free(a);
    parley_doc_free(b);
    parley_store_free(s);
}

/* A reader opened while the writer holds an open batch sees the last
 * commit and is not blocked; it sees the batch once committed. */
static void reader_beside_writer(void **state)
{
    (void)state;
    parley_store *w = fresh("rw.sqlite");
    assert_int_equal(parley_store_configure(w, "batch", "1000"), PARLEY_OK);
    parley_doc *a = coded("a", "2023-06-14", NULL, founding);
    parley_doc *b = coded("b", "2023-06-15", NULL, "China criticized Japan.");
    assert_int_equal(parley_store_add_doc(w, a, NULL), PARLEY_OK);
    assert_int_equal(parley_store_commit(w), PARLEY_OK);
    assert_int_equal(parley_store_add_doc(w, b, NULL), PARLEY_OK); /* open batch */
    char path[160];
    snprintf(path, sizeof path, "%s/rw.sqlite", dir);
    parley_store *r = NULL;
    assert_int_equal(parley_store_open(path, 1, &r), PARLEY_OK);
    assert_int_equal(scalar(r, "SELECT count(*) FROM documents"), 1);
    parley_rows *rows = NULL;
    assert_int_equal(parley_store_query(r, NULL, PARLEY_STORE_JSONL, &rows), PARLEY_OK);
    const char *line;
    assert_int_equal(parley_rows_next(rows, &line), PARLEY_OK);
    parley_rows_free(rows);
    assert_int_equal(parley_store_commit(w), PARLEY_OK);
    assert_int_equal(scalar(r, "SELECT count(*) FROM documents"), 2);
    assert_int_equal(parley_store_add_doc(r, b, NULL), PARLEY_ERR_ARG); /* read-only */
    parley_store_free(r);
    parley_store_free(w);
    parley_doc_free(a);
    parley_doc_free(b);
}

static void not_a_store(void **state)
{
    (void)state;
    char path[160];
    snprintf(path, sizeof path, "%s/junk.sqlite", dir);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("this is not a database, it is a text file long enough to be looked at........\n", f);
    fclose(f);
    parley_store *s = NULL;
    assert_int_not_equal(parley_store_open(path, 1, &s), PARLEY_OK);
    assert_null(s);
    assert_non_null(strstr(parley_errmsg(), "junk.sqlite"));
    snprintf(path, sizeof path, "%s/missing/x.sqlite", dir);
    assert_int_equal(parley_store_open(path, 0, &s), PARLEY_ERR_IO);
}

/* The founding article's record, with events on their own dates (the
 * when stage): February's conflict and May-June's movement. */
static void founding_record_over_time(void **state)
{
    (void)state;
    parley_store *s = fresh("found.sqlite");
    parley_doc *a = coded("f", "2023-06-14", NULL, founding);
    assert_int_equal(parley_store_add_doc(s, a, NULL), PARLEY_OK);
    parley_doc_free(a);
    /* the Munich and Vienna meetings are dated from the text (src/when) */
    assert_true(scalar(s, "SELECT count(*) FROM events WHERE event_date IS NOT NULL") > 0);
    char *out = NULL;
    assert_int_equal(parley_store_relations(s, "USA", "CHN", "month", "csv", &out), PARLEY_OK);
    assert_non_null(strstr(out, "2023-02,USA->CHN"));
    const char *feb = strstr(out, "2023-02,USA->CHN");
    int n, q1, q2, q3, q4;
    assert_int_equal(sscanf(feb, "2023-02,USA->CHN,%d,%d,%d,%d,%d", &n, &q1, &q2, &q3, &q4), 5);
    assert_true(q3 + q4 >= 1);
    assert_true(strstr(out, "2023-05,") || strstr(out, "2023-06,"));
    /* May-June's movement: the Vienna meeting, the June trip (joint acts:
     * either direction counts), cooperation */
    int coop = 0;
    static const char *const keys[] = {"2023-05,USA->CHN", "2023-05,CHN->USA", "2023-06,USA->CHN",
                                       "2023-06,CHN->USA"};
    for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++) {
        char key[32], fmt[64];
        snprintf(key, sizeof key, "%s", keys[k]);
        snprintf(fmt, sizeof fmt, "%s,%%d,%%d,%%d,%%d,%%d", key);
        const char *may = strstr(out, key);
        if (may && sscanf(may, fmt, &n, &q1, &q2, &q3, &q4) == 5)
            coop += q1 + q2;
    }
    assert_true(coop >= 1);
    parley_string_free(out);
    parley_store_free(s);
}

/* ---------------------------------------------------------------------- */
/* Crash safety */

#define CRASH_DOCS  90
#define CRASH_KILLS 24

static parley_doc *crash_docs[CRASH_DOCS];

/* Store every document (resuming: those stored already are skipped); when
 * ready >= 0, write a byte to it once the store is open. */
static void ingest_all(const char *path, int ready)
{
    parley_store *s = NULL;
    if (parley_store_open(path, 0, &s) || parley_store_configure(s, "batch", "3"))
        _exit(3);
    if (ready >= 0 && write(ready, "r", 1) != 1)
        _exit(5);
    for (int i = 0; i < CRASH_DOCS; i++)
        if (!parley_store_has_doc(s, crash_docs[i]) && parley_store_add_doc(s, crash_docs[i], NULL))
            _exit(4);
    parley_store_free(s);
}

/* Fork a child that ingests into path; return once its store is open. */
static pid_t spawn_ingest(const char *path)
{
    int fd[2];
    assert_int_equal(pipe(fd), 0);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        close(fd[0]);
        ingest_all(path, fd[1]);
        _exit(0);
    }
    close(fd[1]);
    char c;
    assert_int_equal(read(fd[0], &c, 1), 1);
    close(fd[0]);
    return pid;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void kill9_then_resume(void **state)
{
    (void)state;
    const char *texts[3] = {founding,
                            "Russia attacked Ukraine on Monday.\n\nChina criticized Japan.",
                            "Germany praised France.\n\nIran accused Israel of an attack."};
    for (int i = 0; i < CRASH_DOCS; i++) {
        char id[16], date[24];
        snprintf(id, sizeof id, "d%02d", i);
        snprintf(date, sizeof date, "2023-%02d-%02d", 1 + i / 10, 1 + (i * 3) % 28);
        crash_docs[i] = coded(id, date, NULL, texts[i % 3]);
    }
    char ref[160], path[160];
    snprintf(ref, sizeof ref, "%s/crash-ref.sqlite", dir);
    snprintf(path, sizeof path, "%s/crash.sqlite", dir);
    ingest_all(ref, -1);
    /* how long an ingest takes in a child once its store is open: the
     * shortest of 3, as other work on the machine only slows it */
    double took = 1e9;
    for (int k = 0; k < 3; k++) {
        unlink(path);
        pid_t pid = spawn_ingest(path);
        double t0 = now();
        int status;
        waitpid(pid, &status, 0);
        assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
        if (now() - t0 < took)
            took = now() - t0;
    }
    parley_store *s = NULL;
    assert_int_equal(parley_store_open(ref, 1, &s), PARLEY_OK);
    char *want = dump(s->db);
    parley_store_free(s);
    srand(12);
    int midway = 0;
    for (int k = 0; k < CRASH_KILLS; k++) {
        char side[200];
        unlink(path);
        snprintf(side, sizeof side, "%s-wal", path);
        unlink(side);
        snprintf(side, sizeof side, "%s-shm", path);
        unlink(side);
        pid_t pid = spawn_ingest(path);
        /* a random moment of the ingest (it takes `took` seconds) */
        useconds_t us = (useconds_t)(1e6 * took * rand() / (double)RAND_MAX);
        usleep(us);
        kill(pid, SIGKILL);
        int status;
        waitpid(pid, &status, 0);
        assert_int_equal(parley_store_open(path, 0, &s), PARLEY_OK);
        sqlite3_stmt *q = NULL;
        assert_int_equal(sqlite3_prepare_v2(s->db, "PRAGMA integrity_check", -1, &q, NULL),
                         SQLITE_OK);
        assert_int_equal(sqlite3_step(q), SQLITE_ROW);
        assert_string_equal((const char *)sqlite3_column_text(q, 0), "ok");
        sqlite3_finalize(q);
        long long docs = scalar(s, "SELECT count(*) FROM documents");
        assert_int_equal(docs % 3 == 0 || docs == CRASH_DOCS, 1); /* whole batches only */
        midway += docs > 0 && docs < CRASH_DOCS && WIFSIGNALED(status);
        if (getenv("TEST_STORE_VERBOSE"))
            fprintf(stderr, "kill %d after %u us: %lld documents\n", k, (unsigned)us, docs);
        parley_store_free(s);
        ingest_all(path, -1); /* the rerun resumes */
        assert_int_equal(parley_store_open(path, 1, &s), PARLEY_OK);
        char *got = dump(s->db);
        parley_store_free(s);
        assert_string_equal(got, want);
        pl_free(got);
    }
    /* most kills must land in the middle of the ingest, or the test says little */
    fprintf(stderr, "test_store: %d of %d kills landed mid-ingest (ingest %.0f ms)\n", midway,
            CRASH_KILLS, took * 1000);
    assert_true(midway >= CRASH_KILLS / 2);
    pl_free(want);
    for (int i = 0; i < CRASH_DOCS; i++)
        parley_doc_free(crash_docs[i]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(days_round_trip),
        cmocka_unit_test(copies_are_one_event_each),
        cmocka_unit_test(same_again_changed_replaced),
        cmocka_unit_test(one_a_day_filter),
        cmocka_unit_test(queries_and_formats),
        cmocka_unit_test(query_plans_agree),
        cmocka_unit_test(older_store_migrated),
        cmocka_unit_test(places_and_joint_codes),
        cmocka_unit_test(relations_series_and_chart),
        cmocka_unit_test(reader_beside_writer),
        cmocka_unit_test(not_a_store),
        cmocka_unit_test(founding_record_over_time),
        cmocka_unit_test(kill9_then_resume),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
