/* bench_text.c - throughput and peak memory of the text stage: reading,
 * cleaning, sentence splitting and tokenizing, one core, streaming.
 *
 *   bench/make_text_input.sh     # /tmp/parley_text_1g.txt and .txt.jsonl (1 GB)
 *   make bench
 *   build/bench/bench_text /tmp/parley_text_1g.txt.jsonl    # through the readers
 *   build/bench/bench_text --chunks /tmp/parley_text_1g.txt # plain text, no reader
 *
 * Default (readers): parley_reader_open (format by extension) ->
 * parley_reader_next (parse, UTF-8 repair, cleaning into blocks) ->
 * parley_doc_segment -> parley_doc_free, document by document.
 * --chunks: the file is read in 1 MB chunks; each run of paragraphs up to
 * the last blank line within 64 KB (news articles are 2-10 KB; cut at a
 * line end when a paragraph is longer) becomes one document made with
 * parley_doc_new (copy, UTF-8 repair), cleaned (parley_doc_clean),
 * segmented and freed. The plain text reader is not used there because it
 * takes a whole file as one document.
 * Either way memory stays bounded by one record or chunk whatever the
 * input size. Prints bytes, documents, sentences, words, seconds (wall and
 * CPU), MB/s (1 MB = 10^6 bytes) and peak RSS (getrusage ru_maxrss). */
#include "parley.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#define CHUNK   ((size_t)1 << 20)
#define DOC_MAX ((size_t)64 << 10)

typedef struct totals {
    size_t bytes, docs, sents, words;
    double seg_cpu; /* CPU seconds inside parley_doc_segment */
} totals;

static double now(clockid_t clk)
{
    struct timespec ts;
    clock_gettime(clk, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double now(clockid_t clk);

static parley_status timed_segment(parley_doc *doc, totals *t)
{
    double c0 = now(CLOCK_THREAD_CPUTIME_ID);
    parley_status st = parley_doc_segment(doc);
    t->seg_cpu += now(CLOCK_THREAD_CPUTIME_ID) - c0;
    return st;
}

static int segment_doc(parley_doc *doc, totals *t)
{
    parley_status st = timed_segment(doc, t);
    if (st) {
        fprintf(stderr, "bench_text: %s\n", parley_errmsg());
        parley_doc_free(doc);
        return 1;
    }
    t->docs++;
    t->sents += parley_doc_sentence_count(doc);
    t->words += parley_doc_word_count(doc);
    parley_doc_free(doc);
    return 0;
}

static int one_doc(const char *text, size_t len, totals *t)
{
    parley_doc *doc;
    parley_status st = parley_doc_new(NULL, NULL, text, len, &doc);
    if (!st)
        st = parley_doc_clean(doc, NULL);
    if (!st)
        st = timed_segment(doc, t);
    if (st) {
        fprintf(stderr, "bench_text: %s\n", parley_errmsg());
        parley_doc_free(doc);
        return 1;
    }
    t->docs++;
    t->sents += parley_doc_sentence_count(doc);
    t->words += parley_doc_word_count(doc);
    parley_doc_free(doc);
    return 0;
}

/* Where to end a document in buf[0, n): after the last blank line, else
 * after the last newline, else everything. */
static size_t cut_at(const char *buf, size_t n)
{
    for (size_t i = n; i >= 2; i--)
        if (buf[i - 1] == '\n' && buf[i - 2] == '\n')
            return i;
    for (size_t i = n; i >= 1; i--)
        if (buf[i - 1] == '\n')
            return i;
    return n;
}

static void report(const char *path, const char *what, const totals *t, double wall, double cpu)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("bench_text: %s\n", path);
    printf("  what:      %s\n", what);
    printf("  input:     %zu bytes, %zu documents, %zu sentences, %zu words\n", t->bytes, t->docs,
           t->sents, t->words);
    printf("  time:      %.2f s wall, %.2f s CPU (one thread)\n", wall, cpu);
    printf("  speed:     %.1f MB/s wall, %.1f MB/s CPU, %.2f M words/s CPU\n",
           t->bytes / 1e6 / wall, t->bytes / 1e6 / cpu, t->words / 1e6 / cpu);
    printf("  segmenter: %.2f s CPU in parley_doc_segment = %.1f MB/s of input\n", t->seg_cpu,
           t->bytes / 1e6 / t->seg_cpu);
    printf("  peak RSS:  %.1f MB (getrusage ru_maxrss)\n", ru.ru_maxrss / 1024.0);
}

/* Through the readers: documents as the pipeline gets them. */
static int run_readers(const char *path, totals *t)
{
    parley_reader *r;
    parley_status st = parley_reader_open(path, PARLEY_INPUT_AUTO, NULL, &r);
    if (st) {
        fprintf(stderr, "bench_text: %s\n", parley_errmsg());
        return 1;
    }
    FILE *f = fopen(path, "rb");
    if (f) {
        fseek(f, 0, SEEK_END);
        t->bytes = (size_t)ftell(f);
        fclose(f);
    }
    parley_doc *doc;
    int rc = 0;
    while (!rc && (st = parley_reader_next(r, &doc)) == PARLEY_OK)
        rc = segment_doc(doc, t);
    if (!rc && st != PARLEY_END) {
        fprintf(stderr, "bench_text: %s\n", parley_errmsg());
        rc = 1;
    }
    parley_reader_free(r);
    return rc;
}

int main(int argc, char **argv)
{
    bool chunks = argc == 3 && strcmp(argv[1], "--chunks") == 0;
    if (argc != 2 && !chunks) {
        fprintf(stderr, "usage: bench_text [--chunks] FILE   (make one with "
                        "bench/make_text_input.sh)\n");
        return 2;
    }
    const char *path = argv[argc - 1];
    if (!chunks) {
        totals t = {0, 0, 0, 0, 0.0};
        double w0 = now(CLOCK_MONOTONIC), c0 = now(CLOCK_PROCESS_CPUTIME_ID);
        int rc = run_readers(path, &t);
        double wall = now(CLOCK_MONOTONIC) - w0, cpu = now(CLOCK_PROCESS_CPUTIME_ID) - c0;
        if (!rc)
            report(path,
                   "parley_reader_open/next (format by extension: parse, UTF-8 repair,\n"
                   "             cleaning) -> parley_doc_segment -> free",
                   &t, wall, cpu);
        return rc;
    }
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "bench_text: cannot open %s\n", path);
        return 1;
    }
    char *buf = malloc(CHUNK + DOC_MAX);
    if (!buf) {
        fclose(f);
        return 1;
    }
    totals t = {0, 0, 0, 0, 0.0};
    size_t have = 0;
    double w0 = now(CLOCK_MONOTONIC), c0 = now(CLOCK_PROCESS_CPUTIME_ID);
    int rc = 0;
    for (;;) {
        size_t k = fread(buf + have, 1, CHUNK + DOC_MAX - have, f);
        have += k;
        t.bytes += k;
        bool eof = k == 0;
        if (have == 0)
            break;
        /* documents of at most DOC_MAX bytes out of the buffer */
        size_t off = 0;
        while (off < have) {
            size_t n = have - off;
            if (!eof && n < DOC_MAX)
                break; /* read more first */
            if (n > DOC_MAX)
                n = cut_at(buf + off, DOC_MAX);
            else if (!eof)
                n = cut_at(buf + off, n);
            if ((rc = one_doc(buf + off, n, &t)))
                break;
            off += n;
        }
        memmove(buf, buf + off, have - off);
        have -= off;
        if (rc || eof)
            break;
    }
    double wall = now(CLOCK_MONOTONIC) - w0, cpu = now(CLOCK_PROCESS_CPUTIME_ID) - c0;
    fclose(f);
    free(buf);
    if (rc)
        return rc;
    report(path,
           "read 1 MB chunks -> documents of up to 64 KB cut at blank lines ->\n"
           "             parley_doc_new (copy + UTF-8 repair) -> parley_doc_clean ->\n"
           "             parley_doc_segment -> free",
           &t, wall, cpu);
    return 0;
}
