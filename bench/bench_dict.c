/* bench_dict.c - load time and peak memory of a dictionary set.
 * usage: build/bench/bench_dict [DIR] [ROUNDS]   (DIR default: the default set)
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
    printf("best load: %.3f s; peak RSS %.1f MB (process start %.1f MB)\n", best, peak / 1024.0,
           base / 1024.0);
    return 0;
}
