/* bench_where.c - the places stage's speed: gazetteer load time, name
 * lookups per second, and place finding (recognition and resolution) on
 * parsed documents.
 *
 *   make && make bench
 *   build/bench/bench_where [GAZETTEER] [FILE] [--coding NEWS.jsonl [N]]
 *
 * GAZETTEER defaults to build/places.gaz, FILE (a text document) to the
 * founding article, examples/000_08cbce3970801ee0.txt. Prints the load
 * time (best of 5: open, map, check every section's CRC and every index),
 * lookups/s over the names of 200,000 entries taken evenly through the
 * gazetteer (normalization included, as parley_gazetteer_lookup does it),
 * and place finding in words/s on FILE parsed once and searched 200 times,
 * then the same as one JSON line. With --coding, also the cost of places
 * in coding: the first N (default 3000) documents of NEWS.jsonl (e.g. from
 * bench/make_news_input.sh) are each coded twice in turn, by a coder
 * without and one with the gazetteer, each timed in thread CPU time, so
 * that the load of a shared machine falls on both alike. Only
 * include/parley.h is used. */
#include "parley.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static double cpu_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Code each document of path twice, without and with places; prints the
 * CPU seconds of each and the cost of places. */
static int coding_cost(const parley_gazetteer *g, const parley_model *m, const char *path, long max)
{
    parley_dict *d = NULL;
    parley_coder *plain = NULL, *placed = NULL;
    parley_reader *r = NULL;
    if (parley_dict_load(NULL, &d) != PARLEY_OK || parley_coder_new(m, d, &plain) != PARLEY_OK ||
        parley_coder_new(m, d, &placed) != PARLEY_OK ||
        parley_reader_open(path, PARLEY_INPUT_AUTO, NULL, &r) != PARLEY_OK) {
        fprintf(stderr, "bench_where: %s\n", parley_errmsg());
        return 1;
    }
    parley_coder_set_gazetteer(placed, g);
    double t_plain = 0, t_placed = 0;
    size_t docs = 0, events = 0, with_place = 0;
    parley_doc *doc;
    while (docs < (size_t)max && parley_reader_next(r, &doc) == PARLEY_OK) {
        /* the second document is a fresh copy: the first coding parses */
        size_t len;
        const char *text = parley_doc_text(doc, &len);
        parley_doc *twin = NULL;
        if (parley_doc_new(parley_doc_id(doc), parley_doc_date(doc), text, len, &twin) != PARLEY_OK)
            return 1;
        /* in turn which goes first: the second coding of a text finds the
         * caches warm */
        bool placed_first = docs % 2;
        double t0 = cpu_now();
        parley_coder_code_doc(placed_first ? placed : plain, placed_first ? twin : doc, NULL);
        double t1 = cpu_now();
        parley_coder_code_doc(placed_first ? plain : placed, placed_first ? doc : twin, NULL);
        double t2 = cpu_now();
        t_plain += placed_first ? t2 - t1 : t1 - t0;
        t_placed += placed_first ? t1 - t0 : t2 - t1;
        size_t n = parley_doc_event_count(twin);
        events += n;
        for (size_t i = 0; i < n; i++)
            with_place += parley_event_place(twin, i, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                                             NULL, NULL, NULL) == PARLEY_OK;
        parley_doc_free(doc);
        parley_doc_free(twin);
        docs++;
    }
    printf("coding:          %zu documents, %zu events (%zu with a place): %.2f s CPU without "
           "places, %.2f s with (+%.1f%%)\n",
           docs, events, with_place, t_plain, t_placed,
           t_plain > 0 ? 100.0 * (t_placed - t_plain) / t_plain : 0.0);
    printf("{\"bench\":\"bench_where_coding\",\"documents\":%zu,\"events\":%zu,"
           "\"events_with_place\":%zu,\"cpu_s_without\":%.3f,\"cpu_s_with\":%.3f,"
           "\"cost_pct\":%.2f}\n",
           docs, events, with_place, t_plain, t_placed,
           t_plain > 0 ? 100.0 * (t_placed - t_plain) / t_plain : 0.0);
    parley_reader_free(r);
    parley_coder_free(plain);
    parley_coder_free(placed);
    parley_dict_free(d);
    return 0;
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *b = malloc((size_t)n + 1);
    if (b && fread(b, 1, (size_t)n, f) != (size_t)n) {
        free(b);
        b = NULL;
    }
    fclose(f);
    if (b) {
        b[n] = '\0';
        *len = (size_t)n;
    }
    return b;
}

int main(int argc, char **argv)
{
    const char *gpath = "build/places.gaz", *doc_path = "examples/000_08cbce3970801ee0.txt";
    const char *news = NULL;
    long max = 3000;
    int pos = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--coding") == 0 && i + 1 < argc) {
            news = argv[++i];
            if (i + 1 < argc && argv[i + 1][0] >= '0' && argv[i + 1][0] <= '9')
                max = atol(argv[++i]);
        } else if (pos == 0) {
            gpath = argv[i];
            pos++;
        } else {
            doc_path = argv[i];
        }
    }
    if (!getenv("PARLEY_MODEL"))
        setenv("PARLEY_MODEL", "build/en-ewt.model", 0);
    if (!getenv("PARLEY_DATA"))
        setenv("PARLEY_DATA", "data", 0);
    parley_set_log(NULL, NULL);
    parley_gazetteer *g = NULL;
    double best = 1e9;
    for (int k = 0; k < 5; k++) {
        double t0 = now();
        parley_gazetteer_free(g);
        g = NULL;
        if (parley_gazetteer_load(gpath, &g) != PARLEY_OK) {
            fprintf(stderr, "bench_where: %s\n", parley_errmsg());
            return 1;
        }
        double t = now() - t0;
        if (t < best)
            best = t;
    }
    size_t n = parley_gazetteer_size(g);
    printf("gazetteer:       %s, %zu entries, loaded in %.1f ms (best of 5)\n", gpath, n,
           best * 1e3);

    /* names of entries spread over the whole table */
    size_t nq = 200000;
    const char **names = malloc(nq * sizeof *names);
    if (!names)
        return 1;
    for (size_t i = 0; i < nq; i++)
        parley_gazetteer_entry(g, (uint32_t)((i * 7919u) % n), &names[i], NULL, NULL, NULL, NULL,
                               NULL, NULL);
    uint32_t ids[4];
    size_t found = 0;
    double t0 = now();
    for (int rep = 0; rep < 5; rep++)
        for (size_t i = 0; i < nq; i++)
            found += parley_gazetteer_lookup(g, names[i], ids, 4) > 0;
    double tl = now() - t0;
    double lps = 5.0 * nq / tl;
    printf("lookups:         %.2f million/s (%zu of %zu names found)\n", lps / 1e6, found / 5, nq);

    size_t len = 0;
    char *text = slurp(doc_path, &len);
    parley_model *m = NULL;
    parley_parser *p = NULL;
    parley_doc *doc = NULL;
    if (!text || parley_model_load(NULL, &m) != PARLEY_OK ||
        parley_parser_new(m, &p) != PARLEY_OK ||
        parley_doc_new("bench", NULL, text, len, &doc) != PARLEY_OK ||
        parley_doc_segment(doc) != PARLEY_OK || parley_parser_parse_doc(p, doc) != PARLEY_OK) {
        fprintf(stderr, "bench_where: %s: %s\n", doc_path, parley_errmsg());
        return 1;
    }
    size_t words = parley_doc_word_count(doc), places = 0;
    int reps = 200;
    t0 = now();
    for (int r = 0; r < reps; r++) {
        char *out = NULL;
        if (parley_places_jsonl(g, doc, &out) != PARLEY_OK)
            return 1;
        if (r == 0)
            for (const char *c = out; *c; c++)
                places += *c == '\n';
        parley_string_free(out);
    }
    double tp = now() - t0;
    printf("place finding:   %.0f words/s (%s: %zu words, %zu place names; %d runs in %.2f s)\n",
           reps * words / tp, doc_path, words, places, reps, tp);
    printf("{\"bench\":\"bench_where\",\"entries\":%zu,\"load_ms\":%.2f,\"lookups_per_s\":%.0f,"
           "\"words_per_s\":%.0f,\"doc_words\":%zu,\"doc_places\":%zu}\n",
           n, best * 1e3, lps, reps * words / tp, words, places);
    int rc = news ? coding_cost(g, m, news, max) : 0;
    parley_doc_free(doc);
    parley_parser_free(p);
    parley_model_free(m);
    parley_gazetteer_free(g);
    free(names);
    free(text);
    return rc;
}
