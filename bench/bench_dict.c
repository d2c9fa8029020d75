/* bench_dict.c - load time and peak memory of a dictionary set, and the
 * speed of actor matching on a document.
 * usage: build/bench/bench_dict [DIR] [ROUNDS] [TEXTFILE]
 *   DIR ("" = the default set), ROUNDS loads (default 3), TEXTFILE a plain
 *   text document to match 200 times (default: the founding article).
 * Prints one line per round and the peak resident set size of the process. */
#include "dict/dict.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static long peak_kb(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss;
}

int main(int argc, char **argv)
{
    const char *dir = argc > 1 && argv[1][0] ? argv[1] : NULL;
    int rounds = argc > 2 ? atoi(argv[2]) : 3;
    if (rounds < 1)
        rounds = 1;
    long base = peak_kb();
    double best = 1e9;
    for (int r = 0; r < rounds; r++) {
        double t0 = now();
        parley_dict *d;
        parley_status st = parley_dict_load(dir, &d);
        double t1 = now();
        if (st != PARLEY_OK) {
            fprintf(stderr, "bench_dict: %s\n", parley_errmsg());
            return 1;
        }
        if (t1 - t0 < best)
            best = t1 - t0;
        char *s = NULL;
        if (r == 0 && parley_dict_summary(d, &s) == PARLEY_OK)
            printf("set: %s\n", s);
        parley_string_free(s);
        printf("round %d: load %.3f s\n", r + 1, t1 - t0);
        parley_dict_free(d);
    }
    long peak = peak_kb();
    const char *path = argc > 3 ? argv[3] : "examples/000_08cbce3970801ee0.txt";
    FILE *f = fopen(path, "rb");
    if (f) {
        static char text[1 << 20];
        size_t n = fread(text, 1, sizeof text - 1, f);
        fclose(f);
        parley_dict *d;
        parley_doc *doc;
        if (parley_dict_load(dir, &d) == PARLEY_OK &&
            parley_doc_new("bench", "2023-06-14", text, n, &doc) == PARLEY_OK) {
            parley_doc_segment(doc);
            size_t words = parley_doc_word_count(doc), mentions = 0;
            int reps = 200;
            double t0 = now();
            for (int r = 0; r < reps; r++) {
                parley_mentions *m;
                if (parley_dict_find_mentions(d, doc, NULL, &m) != PARLEY_OK)
                    break;
                mentions = parley_mentions_count(m);
                parley_mentions_free(m);
            }
            double t = now() - t0;
            printf("matching %s: %zu words, %zu mentions; %.1f us per document, %.0f words/s\n",
                   path, words, mentions, t / reps * 1e6, words * reps / t);
            /* the one-edit index over the typo candidates: size, build time
             * (rebuilt once here), and a lookup against a scan of the list */
            const pl_fuzzy *fx = &d->fuzzy_index;
            pl_fuzzy copy = {0};
            double b0 = now();
            parley_status bst = pl_fuzzy_build(&copy, &d->words, d->fuzzy_words, d->nfuzzy);
            double b1 = now();
            if (bst == PARLEY_OK) {
                uint32_t out[4];
                size_t found = 0;
                double q0 = now();
                for (int r = 0; r < 100000; r++)
                    found += pl_fuzzy_find(fx, &d->words, d->fuzzy_words, d->nfuzzy, "ANRTHONY", 8,
                                           out, 4);
                double q1 = now();
                for (int r = 0; r < 100; r++)
                    for (size_t i = 0; i < d->nfuzzy; i++)
                        found += pl_dict_edit1("ANRTHONY", 8, d->words.str[d->fuzzy_words[i]],
                                               d->words.len[d->fuzzy_words[i]]);
                double q2 = now();
                printf("fuzzy index: %zu words, %zu entries, %.1f MB, built in %.1f ms; "
                       "one lookup %.2f us (a scan of the list %.1f us; %zu found)\n",
                       d->nfuzzy, fx->nent,
                       (fx->nent * sizeof *fx->ent + (fx->nbuckets + 1) * sizeof *fx->bstart) / 1e6,
                       (b1 - b0) * 1e3, (q1 - q0) / 100000 * 1e6, (q2 - q1) / 100 * 1e6, found);
            }
            pl_fuzzy_release(&copy);
            parley_doc_free(doc);
            parley_dict_free(d);
        }
    }
    printf("best load: %.3f s; peak RSS %.1f MB (process start %.1f MB)\n", best, peak / 1024.0,
           base / 1024.0);
    return 0;
}
