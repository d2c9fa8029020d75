/* bench_extract.c - speed and peak memory of article extraction from HTML
 * pages on one core: libxml2's parse, the content-scoring walk, JSON-LD,
 * cleaning, all through parley_html_extract.
 *
 *   make bench
 *   build/bench/bench_extract [--rounds N] FILE.html[.gz]...
 *   build/bench/bench_extract --rounds 5 DATASET/html/[0-9a-f]*.html.gz  (issue 10)
 *
 * Every page is read (gzip or plain) into memory first, so only
 * extraction is timed; the pages are then extracted N times (default 5) in
 * a row. Prints pages, pages with an article, body blocks, HTML bytes per
 * round, seconds (wall and CPU), MB/s of HTML (1 MB = 10^6 bytes, CPU time)
 * and the peak RSS (getrusage ru_maxrss, which includes the pages held). */
#include "parley.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <zlib.h>

#define MAX_PAGE ((size_t)32 << 20)

static double now(clockid_t clk)
{
    struct timespec ts;
    clock_gettime(clk, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The whole (possibly gzipped) file, up to MAX_PAGE bytes; NULL on error. */
static char *load(const char *path, size_t *len)
{
    gzFile f = gzopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 1 << 16, n = 0;
    char *b = malloc(cap);
    int got;
    while (b && (got = gzread(f, b + n, (unsigned)(cap - n))) > 0) {
        n += (size_t)got;
        if (n == cap) {
            if (cap >= MAX_PAGE) {
                free(b);
                b = NULL;
                break;
            }
            char *nb = realloc(b, cap * 2);
            if (!nb) {
                free(b);
                b = NULL;
                break;
            }
            b = nb;
            cap *= 2;
        }
    }
    gzclose(f);
    *len = n;
    return b;
}

int main(int argc, char **argv)
{
    int rounds = 5, first = 1;
    if (argc > 2 && strcmp(argv[1], "--rounds") == 0) {
        rounds = atoi(argv[2]);
        first = 3;
    }
    if (first >= argc || rounds < 1) {
        fprintf(stderr, "usage: bench_extract [--rounds N] FILE.html[.gz]...\n");
        return 2;
    }
    size_t npages = (size_t)(argc - first), bytes = 0;
    char **pages = calloc(npages, sizeof *pages);
    size_t *lens = calloc(npages, sizeof *lens);
    if (!pages || !lens)
        return 1;
    for (size_t i = 0; i < npages; i++) {
        if (!(pages[i] = load(argv[first + (int)i], &lens[i]))) {
            fprintf(stderr, "bench_extract: cannot read %s\n", argv[first + (int)i]);
            return 1;
        }
        bytes += lens[i];
    }
    size_t articles = 0, blocks = 0;
    double w0 = now(CLOCK_MONOTONIC), c0 = now(CLOCK_PROCESS_CPUTIME_ID);
    for (int r = 0; r < rounds; r++) {
        for (size_t i = 0; i < npages; i++) {
            parley_doc *doc = NULL;
            const char *why = NULL;
            if (parley_html_extract(pages[i], lens[i], NULL, argv[first + (int)i], &doc, &why)) {
                fprintf(stderr, "bench_extract: %s: %s\n", argv[first + (int)i], parley_errmsg());
                return 1;
            }
            if (doc && r == 0) {
                articles++;
                for (size_t k = 0; k < parley_doc_block_count(doc); k++) {
                    int kind;
                    if (parley_doc_block(doc, k, NULL, NULL, &kind) == PARLEY_OK &&
                        kind == PARLEY_BLOCK_BODY)
                        blocks++;
                }
            }
            parley_doc_free(doc);
        }
    }
    double wall = now(CLOCK_MONOTONIC) - w0, cpu = now(CLOCK_PROCESS_CPUTIME_ID) - c0;
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("pages %zu, with an article %zu, body blocks %zu, HTML %.1f MB per round, rounds %d\n",
           npages, articles, blocks, (double)bytes / 1e6, rounds);
    printf("wall %.3f s, cpu %.3f s, %.1f MB/s of HTML (cpu), %.0f pages/s, peak RSS %ld KB\n",
           wall, cpu, (double)bytes * rounds / 1e6 / cpu, (double)npages * rounds / cpu,
           ru.ru_maxrss);
    for (size_t i = 0; i < npages; i++)
        free(pages[i]);
    free(pages);
    free(lens);
    return 0;
}
