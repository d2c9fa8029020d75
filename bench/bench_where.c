/* bench_where.c - the places stage's speed: gazetteer load time, name
 * lookups per second, and place finding (recognition and resolution) on
 * parsed documents.
 *
 *   make && make bench
 *   build/bench/bench_where [GAZETTEER] [FILE]
 *
 * GAZETTEER defaults to build/places.gaz, FILE (a text document) to the
 * founding article, examples/000_08cbce3970801ee0.txt. Prints the load
 * time (best of 5: open, map, check every section's CRC and every index),
 * lookups/s over the names of 200,000 entries taken evenly through the
 * gazetteer (normalization included, as parley_gazetteer_lookup does it),
 * and place finding in words/s on FILE parsed once and searched 200 times,
 * then the same as one JSON line. Only include/parley.h is used. */
#include "parley.h"

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
    const char *gpath = argc > 1 ? argv[1] : "build/places.gaz";
    const char *doc_path = argc > 2 ? argv[2] : "examples/000_08cbce3970801ee0.txt";
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
    parley_doc_free(doc);
    parley_parser_free(p);
    parley_model_free(m);
    parley_gazetteer_free(g);
    free(names);
    free(text);
    return 0;
}
