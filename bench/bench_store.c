/* bench_store.c - the store's read speed on a large store (issue 12): a
 * dyad's monthly series (parley relations) and a filtered query of 1,000
 * events, on N (default 5,000,000) events synthesised from the real coded
 * events of a store made by `parley ingest`.
 *
 *   bench_store SOURCE.sqlite BIG.sqlite [N]     (BIG is made when absent)
 *
 * Synthesis, reproducibly (a fixed xorshift seed): each event copies a real
 * event (codes, names, CAMEO, Goldstein, QuadClass, its sentence) drawn
 * uniformly from SOURCE, with a date drawn uniformly from 2000-01-01 to
 * 2024-12-31 and the country of each side replaced by one drawn from 60
 * countries with Zipf weights (1/rank: USA first, CHN second), so a dyad
 * such as USA-CHN holds a realistic share of the store rather than the
 * third of it that a news sample about one article gives. One mention per
 * event, 20 events per document. 40% of the events have a place: the
 * capital of the target's country (or, one time in four, the source's).
 * Then, with the store open read-only as
 * `parley relations` and `parley query` open it: each measure is run 5
 * times and the best and median printed. */
#include "store/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

static const char *const COUNTRIES[60] = {
    "USA", "CHN", "RUS", "GBR", "FRA", "DEU", "IND", "JPN", "ISR", "IRN", "UKR", "TUR",
    "PAK", "SAU", "KOR", "PRK", "SYR", "IRQ", "AFG", "EGY", "BRA", "CAN", "AUS", "ITA",
    "ESP", "MEX", "NGA", "ZAF", "IDN", "PHL", "VNM", "THA", "MMR", "BGD", "LKA", "NPL",
    "KEN", "ETH", "SOM", "SDN", "LBY", "TUN", "DZA", "MAR", "JOR", "LBN", "YEM", "QAT",
    "ARE", "KWT", "POL", "HUN", "GRC", "SRB", "BLR", "GEO", "ARM", "AZE", "KAZ", "TWN"};

/* The capital of each of COUNTRIES: where a synthesised event happens,
 * when it has a place. */
static const char *const CAPITALS[60] = {
    "Washington",  "Beijing",   "Moscow",      "London",    "Paris",       "Berlin",    "New Delhi",
    "Tokyo",       "Jerusalem", "Tehran",      "Kyiv",      "Ankara",      "Islamabad", "Riyadh",
    "Seoul",       "Pyongyang", "Damascus",    "Baghdad",   "Kabul",       "Cairo",     "Brasilia",
    "Ottawa",      "Canberra",  "Rome",        "Madrid",    "Mexico City", "Abuja",     "Pretoria",
    "Jakarta",     "Manila",    "Hanoi",       "Bangkok",   "Naypyidaw",   "Dhaka",     "Colombo",
    "Kathmandu",   "Nairobi",   "Addis Ababa", "Mogadishu", "Khartoum",    "Tripoli",   "Tunis",
    "Algiers",     "Rabat",     "Amman",       "Beirut",    "Sanaa",       "Doha",      "Abu Dhabi",
    "Kuwait City", "Warsaw",    "Budapest",    "Athens",    "Belgrade",    "Minsk",     "Tbilisi",
    "Yerevan",     "Baku",      "Astana",      "Taipei"};

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static uint64_t rng = 88172645463325252ULL;
static uint64_t next(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

typedef struct pool_ev {
    char *src, *src_name, *tgt, *tgt_name, *cameo, *root, *name, *sentence;
    int quad;
    double goldstein;
    int has_g;
} pool_ev;

static char *dup(sqlite3_stmt *q, int c)
{
    const char *t = (const char *)sqlite3_column_text(q, c);
    return strdup(t ? t : "");
}

static int die(sqlite3 *db, const char *what)
{
    fprintf(stderr, "bench_store: %s: %s\n", what, db ? sqlite3_errmsg(db) : "?");
    return 1;
}

static int exec(sqlite3 *db, const char *sql)
{
    char *err = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK) {
        fprintf(stderr, "bench_store: %s: %s\n", sql, err ? err : "?");
        sqlite3_free(err);
        return 1;
    }
    return 0;
}

/* A code with its country replaced (codes without a country are kept). */
static void recode(const char *code, const char *cc, char *out, size_t cap)
{
    if (strlen(code) >= 3 && strncmp(code, "---", 3) != 0 && strncmp(code, "IGO", 3) != 0 &&
        strncmp(code, "NGO", 3) != 0)
        snprintf(out, cap, "%s%s", cc, code + 3);
    else
        snprintf(out, cap, "%s", code);
}

static const char *zipf_country(const double *cum)
{
    double u = (double)(next() >> 11) / 9007199254740992.0;
    for (int i = 0; i < 60; i++)
        if (u <= cum[i])
            return COUNTRIES[i];
    return COUNTRIES[59];
}

static int country_index(const char *cc)
{
    for (int i = 0; i < 60; i++)
        if (strcmp(COUNTRIES[i], cc) == 0)
            return i;
    return -1;
}

static int build(const char *source, const char *big, long n)
{
    sqlite3 *src = NULL;
    if (sqlite3_open_v2(source, &src, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
        return die(src, source);
    sqlite3_stmt *q = NULL;
    if (sqlite3_prepare_v2(src,
                           "SELECT e.src_code, e.src_name, e.tgt_code, e.tgt_name, e.cameo, e.root,"
                           " e.quad_class, e.goldstein, e.event_name, (SELECT sentence_text FROM"
                           " mentions m WHERE m.event_id = e.event_id LIMIT 1) FROM events e",
                           -1, &q, NULL) != SQLITE_OK)
        return die(src, "reading the source store");
    size_t np = 0, cap = 0;
    pool_ev *pool = NULL;
    while (sqlite3_step(q) == SQLITE_ROW) {
        if (np == cap) {
            cap = cap ? 2 * cap : 4096;
            pool = realloc(pool, cap * sizeof *pool);
            if (!pool)
                return 1;
        }
        pool_ev *e = &pool[np++];
        e->src = dup(q, 0);
        e->src_name = dup(q, 1);
        e->tgt = dup(q, 2);
        e->tgt_name = dup(q, 3);
        e->cameo = dup(q, 4);
        e->root = dup(q, 5);
        e->quad = sqlite3_column_int(q, 6);
        e->has_g = sqlite3_column_type(q, 7) != SQLITE_NULL;
        e->goldstein = sqlite3_column_double(q, 7);
        e->name = dup(q, 8);
        e->sentence = dup(q, 9);
    }
    sqlite3_finalize(q);
    sqlite3_close(src);
    if (np == 0) {
        fprintf(stderr, "bench_store: %s has no events\n", source);
        return 1;
    }
    printf("source: %s, %zu real events\n", source, np);

    parley_store *s = NULL;
    if (parley_store_open(big, 0, &s) != PARLEY_OK) {
        fprintf(stderr, "bench_store: %s\n", parley_errmsg());
        return 1;
    }
    sqlite3 *db = s->db;
    /* bulk load: indexes dropped, then made again with the schema's own SQL */
    char *index_sql[16];
    int nidx = 0;
    if (sqlite3_prepare_v2(db,
                           "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND"
                           " sql IS NOT NULL",
                           -1, &q, NULL) != SQLITE_OK)
        return die(db, "listing indexes");
    char drops[16][128];
    while (sqlite3_step(q) == SQLITE_ROW && nidx < 16) {
        snprintf(drops[nidx], sizeof drops[nidx], "DROP INDEX %s", sqlite3_column_text(q, 0));
        index_sql[nidx++] = strdup((const char *)sqlite3_column_text(q, 1));
    }
    sqlite3_finalize(q);
    for (int i = 0; i < nidx; i++)
        if (exec(db, drops[i]))
            return 1;
    if (exec(db, "PRAGMA foreign_keys=OFF; PRAGMA synchronous=OFF; BEGIN") ||
        exec(db, "INSERT INTO settings VALUES('mode','parley'),('level','country'),"
                 "('window','2')"))
        return 1;
    sqlite3_stmt *ins_doc = NULL, *ins_ev = NULL, *ins_m = NULL;
    if (sqlite3_prepare_v2(db,
                           "INSERT INTO documents(doc_key, id, date, url, source, title,"
                           " text_hash, text_len, sentences) VALUES(?1, ?2, ?3, ?4, ?5, '',"
                           " '0', 2000, 20)",
                           -1, &ins_doc, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(db,
                           "INSERT INTO events(event_id, gkey, pclass, day_lo, day_hi, date,"
                           " src_code, src_name, tgt_code, tgt_name, src_country, tgt_country,"
                           " cameo, root, quad_class, goldstein, event_name, num_mentions,"
                           " num_sources, num_articles, is_root_event, first_seen, last_seen,"
                           " confidence, source_url, place, place_country) VALUES(?1, ?2, 0, ?3,"
                           " ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, 1, 1, 1, 0,"
                           " ?4, ?4, 0.9, ?16, ?17, ?18)",
                           -1, &ins_ev, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(db,
                           "INSERT INTO mentions(event_id, doc_key, source, doc_date, sentence,"
                           " sentence_text, src_code, src_text, src_start, tgt_code, tgt_text,"
                           " tgt_start, cameo, mode, trigger_text, trigger_start, confidence)"
                           " VALUES(?1, ?2, ?3, ?4, 3, ?5, ?6, ?7, 0, ?8, ?9, 40, ?10, '', '', 20,"
                           " 0.9)",
                           -1, &ins_m, NULL) != SQLITE_OK)
        return die(db, "preparing inserts");
    double cum[60], total = 0;
    for (int i = 0; i < 60; i++)
        total += 1.0 / (i + 1);
    for (int i = 0; i < 60; i++)
        cum[i] = (i ? cum[i - 1] : 0) + 1.0 / (i + 1) / total;
    long d0 = 0, d1 = 0;
    st_day_from_date("2000-01-01", &d0);
    st_day_from_date("2024-12-31", &d1);
    static const char *const outlets[5] = {"dw.com", "reuters.com", "apnews.com", "bbc.co.uk",
                                           "aljazeera.com"};
    double t0 = now();
    char date[11], id[32], url[64], sc[64], tc[64], gkey[160];
    for (long i = 1; i <= n; i++) {
        const pool_ev *e = &pool[next() % np];
        long day = d0 + (long)(next() % (uint64_t)(d1 - d0 + 1));
        st_date_from_day(day, date);
        const char *ca = zipf_country(cum), *cb = zipf_country(cum);
        recode(e->src, ca, sc, sizeof sc);
        recode(e->tgt, cb, tc, sizeof tc);
        long doc = (i - 1) / 20 + 1;
        const char *outlet = outlets[doc % 5];
        if ((i - 1) % 20 == 0) {
            snprintf(id, sizeof id, "synth-%ld", doc);
            snprintf(url, sizeof url, "https://%s/%ld", outlet, doc);
            sqlite3_reset(ins_doc);
            sqlite3_bind_int64(ins_doc, 1, doc);
            sqlite3_bind_text(ins_doc, 2, id, -1, SQLITE_TRANSIENT);
            sqlite3_bind_text(ins_doc, 3, date, -1, SQLITE_TRANSIENT);
            sqlite3_bind_text(ins_doc, 4, url, -1, SQLITE_TRANSIENT);
            sqlite3_bind_text(ins_doc, 5, outlet, -1, SQLITE_STATIC);
            if (sqlite3_step(ins_doc) != SQLITE_DONE)
                return die(db, "inserting a document");
        }
        snprintf(gkey, sizeof gkey, "%.3s|%.3s|%s", sc, tc, e->root);
        sqlite3_reset(ins_ev);
        sqlite3_bind_int64(ins_ev, 1, i);
        sqlite3_bind_text(ins_ev, 2, gkey, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(ins_ev, 3, day);
        sqlite3_bind_text(ins_ev, 4, date, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(ins_ev, 5, sc, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(ins_ev, 6, e->src_name, -1, SQLITE_STATIC);
        sqlite3_bind_text(ins_ev, 7, tc, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(ins_ev, 8, e->tgt_name, -1, SQLITE_STATIC);
        sqlite3_bind_text(ins_ev, 9, sc, 3, SQLITE_TRANSIENT);
        sqlite3_bind_text(ins_ev, 10, tc, 3, SQLITE_TRANSIENT);
        sqlite3_bind_text(ins_ev, 11, e->cameo, -1, SQLITE_STATIC);
        sqlite3_bind_text(ins_ev, 12, e->root, -1, SQLITE_STATIC);
        sqlite3_bind_int(ins_ev, 13, e->quad);
        if (e->has_g)
            sqlite3_bind_double(ins_ev, 14, e->goldstein);
        else
            sqlite3_bind_null(ins_ev, 14);
        sqlite3_bind_text(ins_ev, 15, e->name, -1, SQLITE_STATIC);
        sqlite3_bind_text(ins_ev, 16, url, -1, SQLITE_TRANSIENT);
        uint64_t r = next() % 10;
        int where = r < 4 ? country_index(r == 0 ? ca : cb) : -1;
        if (where >= 0) {
            sqlite3_bind_text(ins_ev, 17, CAPITALS[where], -1, SQLITE_STATIC);
            sqlite3_bind_text(ins_ev, 18, COUNTRIES[where], -1, SQLITE_STATIC);
        } else {
            sqlite3_bind_null(ins_ev, 17);
            sqlite3_bind_null(ins_ev, 18);
        }
        if (sqlite3_step(ins_ev) != SQLITE_DONE)
            return die(db, "inserting an event");
        sqlite3_reset(ins_m);
        sqlite3_bind_int64(ins_m, 1, i);
        sqlite3_bind_int64(ins_m, 2, doc);
        sqlite3_bind_text(ins_m, 3, outlet, -1, SQLITE_STATIC);
        sqlite3_bind_text(ins_m, 4, date, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(ins_m, 5, e->sentence, -1, SQLITE_STATIC);
        sqlite3_bind_text(ins_m, 6, sc, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(ins_m, 7, e->src_name, -1, SQLITE_STATIC);
        sqlite3_bind_text(ins_m, 8, tc, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(ins_m, 9, e->tgt_name, -1, SQLITE_STATIC);
        sqlite3_bind_text(ins_m, 10, e->cameo, -1, SQLITE_STATIC);
        if (sqlite3_step(ins_m) != SQLITE_DONE)
            return die(db, "inserting a mention");
    }
    sqlite3_finalize(ins_doc);
    sqlite3_finalize(ins_ev);
    sqlite3_finalize(ins_m);
    double t1 = now();
    for (int i = 0; i < nidx; i++) {
        if (exec(db, index_sql[i]))
            return 1;
        free(index_sql[i]);
    }
    if (exec(db, "COMMIT; ANALYZE"))
        return 1;
    printf("synthesised %ld events in %.1f s, indexes in %.1f s\n", n, t1 - t0, now() - t1);
    parley_store_free(s);
    for (size_t i = 0; i < np; i++) {
        free(pool[i].src);
        free(pool[i].src_name);
        free(pool[i].tgt);
        free(pool[i].tgt_name);
        free(pool[i].cameo);
        free(pool[i].root);
        free(pool[i].name);
        free(pool[i].sentence);
    }
    free(pool);
    return 0;
}

static int cmp_d(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static void report(const char *what, double *t, int n, size_t rows)
{
    qsort(t, (size_t)n, sizeof *t, cmp_d);
    printf("%-58s best %7.1f ms, median %7.1f ms (%zu lines)\n", what, 1e3 * t[0], 1e3 * t[n / 2],
           rows);
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: bench_store SOURCE.sqlite BIG.sqlite [N]\n");
        return 2;
    }
    long n = argc > 3 ? atol(argv[3]) : 5000000;
    struct stat sb;
    if (stat(argv[2], &sb) != 0 && build(argv[1], argv[2], n))
        return 1;
    parley_store *s = NULL;
    if (parley_store_open(argv[2], 1, &s) != PARLEY_OK) {
        fprintf(stderr, "bench_store: %s\n", parley_errmsg());
        return 1;
    }
    char *summary = NULL;
    parley_store_summary(s, &summary);
    printf("store: %s\n", summary);
    parley_string_free(summary);
    sqlite3_stmt *q = NULL;
    sqlite3_prepare_v2(s->db,
                       "SELECT count(*) FROM events WHERE (src_country = 'USA' AND tgt_country ="
                       " 'CHN') OR (src_country = 'CHN' AND tgt_country = 'USA')",
                       -1, &q, NULL);
    sqlite3_step(q);
    printf("USA-CHN events (both ways): %lld\n", (long long)sqlite3_column_int64(q, 0));
    sqlite3_finalize(q);
    double t[5];
    size_t rows = 0;
    for (int r = 0; r < 5; r++) {
        char *out = NULL;
        double t0 = now();
        if (parley_store_relations(s, "USA", "CHN", "month", "jsonl", &out) != PARLEY_OK) {
            fprintf(stderr, "bench_store: %s\n", parley_errmsg());
            return 1;
        }
        t[r] = now() - t0;
        rows = 0;
        for (const char *p = out; *p; p++)
            rows += *p == '\n';
        parley_string_free(out);
    }
    report("relations USA CHN --by month (jsonl)", t, 5, rows);
    for (int r = 0; r < 5; r++) {
        char *out = NULL;
        double t0 = now();
        parley_store_relations(s, "USA", "CHN", "month", "svg", &out);
        t[r] = now() - t0;
        parley_string_free(out);
    }
    report("relations USA CHN --by month (svg)", t, 5, 1);
    for (int r = 0; r < 5; r++) {
        char *out = NULL;
        double t0 = now();
        parley_store_relations(s, "USA", "CHN", "month", "csv", &out);
        t[r] = now() - t0;
        parley_string_free(out);
    }
    report("relations USA CHN --by month (csv)", t, 5, 601);
    /* the query shapes of issue 12, with common and rare values (RUS is
     * third of 60 countries, TWN last; root 20 holds 0.4% of the events) */
    static const struct {
        const char *name;
        const char *f[8];
        parley_store_format fmt;
    } shapes[] = {
        {"--dyad USA,CHN --from 2015-01-01",
         {"dyad", "USA,CHN", "from", "2015-01-01"},
         PARLEY_STORE_JSONL},
        {"--dyad USA,CHN --root 19", {"dyad", "USA,CHN", "root", "19"}, PARLEY_STORE_JSONL},
        {"--actor RUS --root 19", {"actor", "RUS", "root", "19"}, PARLEY_STORE_JSONL},
        {"--actor TWN --root 19", {"actor", "TWN", "root", "19"}, PARLEY_STORE_JSONL},
        {"--actor RUS --root 20", {"actor", "RUS", "root", "20"}, PARLEY_STORE_JSONL},
        {"--actor RUS", {"actor", "RUS"}, PARLEY_STORE_JSONL},
        {"--actor TWN --from 2020-01-01",
         {"actor", "TWN", "from", "2020-01-01"},
         PARLEY_STORE_JSONL},
        {"--actor RUS --quad 4", {"actor", "RUS", "quad", "4"}, PARLEY_STORE_JSONL},
        {"--actor RUSGOV --from 2010-01-01 --to 2012-12-31",
         {"actor", "RUSGOV", "from", "2010-01-01", "to", "2012-12-31"},
         PARLEY_STORE_JSONL},
        {"--actor RUS --cameo 036", {"actor", "RUS", "cameo", "036"}, PARLEY_STORE_JSONL},
        {"--root 20", {"root", "20"}, PARLEY_STORE_JSONL},
        {"--cameo 036 --from/--to 2020",
         {"cameo", "036", "from", "2020-01-01", "to", "2020-12-31"},
         PARLEY_STORE_JSONL},
        {"--cameo 0874", {"cameo", "0874"}, PARLEY_STORE_JSONL},
        {"--quad 4", {"quad", "4"}, PARLEY_STORE_JSONL},
        {"--from 2010-01-01 --to 2010-12-31",
         {"from", "2010-01-01", "to", "2010-12-31"},
         PARLEY_STORE_JSONL},
        {"--place Moscow", {"place", "Moscow"}, PARLEY_STORE_JSONL},
        {"--country TWN", {"country", "TWN"}, PARLEY_STORE_JSONL},
        {"--country RUS --actor USA", {"country", "RUS", "actor", "USA"}, PARLEY_STORE_JSONL},
        {"--actor RUS --root 19 (gdelt)", {"actor", "RUS", "root", "19"}, PARLEY_STORE_GDELT},
        {"--actor RUS --root 19 (gdelt-mentions)",
         {"actor", "RUS", "root", "19"},
         PARLEY_STORE_GDELT_MENTIONS},
    };
    for (size_t f = 0; f < sizeof shapes / sizeof shapes[0]; f++) {
        for (int r = 0; r < 5; r++) {
            parley_query *qq = NULL;
            parley_query_new(&qq);
            for (int k = 0; k < 8 && shapes[f].f[k]; k += 2)
                parley_query_set(qq, shapes[f].f[k], shapes[f].f[k + 1]);
            parley_query_set(qq, "limit", "1000");
            double t0 = now();
            parley_rows *rs = NULL;
            if (parley_store_query(s, qq, shapes[f].fmt, &rs) != PARLEY_OK) {
                fprintf(stderr, "bench_store: %s\n", parley_errmsg());
                return 1;
            }
            const char *line;
            rows = 0;
            while (parley_rows_next(rs, &line) == PARLEY_OK)
                rows++;
            parley_rows_free(rs);
            t[r] = now() - t0;
            parley_query_free(qq);
        }
        char name[96];
        snprintf(name, sizeof name, "query %s", shapes[f].name);
        report(name, t, 5, rows);
    }
    parley_store_free(s);
    return 0;
}
