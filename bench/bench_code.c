/* bench_code.c - end-to-end speed of parley, raw text to events (issue 5).
 *
 *   make && make bench
 *   bench/make_news_input.sh                       # /tmp/parley-news.jsonl, 60 MB
 *   build/bench/bench_code /tmp/parley-news.jsonl --threads 1
 *   build/bench/bench_code /tmp/parley-news.jsonl --threads 2
 *   build/bench/bench_code /tmp/parley-news.jsonl --stages   # time per stage
 *
 * usage: bench_code FILE [--threads N] [--stages] [--max-docs N]
 *                       [--model PATH] [--dict DIR] [--vs OUTPUT]
 *   FILE        JSON Lines, text, HTML or WARC (format by extension).
 *   --threads N N worker threads (default 1), each with its own coder; the
 *               model and dictionaries are loaded once and shared. Workers
 *               take documents one at a time from one reader under a mutex.
 *   --stages    time each stage separately through the public API, per
 *               document: read (parley_reader_next: JSON, UTF-8 repair,
 *               cleaning), segment (parley_doc_segment), parse
 *               (parley_parser_parse_doc: tagger, lemmatizer, parser) and
 *               code (parley_coder_code_doc on the parsed document: actors,
 *               discards, verb patterns, events), in wall time and in
 *               thread CPU time (steadier on a shared machine). Without --stages each
 *               document goes straight from the reader to
 *               parley_coder_code_doc, as `parley code` does.
 *   --max-docs N stop after N documents (for profiling; 0 = all).
 *   --places    give each event its place with the default gazetteer
 *               (build/places.gaz), as `parley code` does; without it the
 *               events get none. Compare the two for the cost of places.
 *   --vs OUTPUT the saved output of an earlier run (e.g. --threads 1):
 *               prints the speed-up of this run over it.
 *   --model PATH, --dict DIR  instead of the defaults (parley_model_load and
 *               parley_dict_load with NULL: build/en-ewt.model, data/).
 *
 * Run it from the repository root: when PARLEY_MODEL and PARLEY_DATA are
 * unset it sets them to build/en-ewt.model and data/ (the library looks
 * beside itself, and this binary is in build/bench/).
 * Only include/parley.h is used. Prints the input (bytes, documents,
 * sentences, words, events), load times of the model, the dictionaries and
 * the coders, wall and CPU seconds, sentences/s, words/s and MB/s end to
 * end (reading included, loading excluded), peak RSS (getrusage ru_maxrss),
 * how the input was made (FILE.about, written by make_news_input.sh), and
 * the same figures as one JSON line at the end. 1 MB = 10^6 bytes. */
#include "parley.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define MAX_THREADS 64

/* Stage indices for --stages. */
enum { ST_READ, ST_SEGMENT, ST_PARSE, ST_CODE, ST_COUNT };
static const char *const stage_name[ST_COUNT] = {"read", "segment", "parse", "code"};

typedef struct shared {
    pthread_mutex_t lock;  /* guards reader, ndocs_taken, failed, stats */
    parley_reader *reader; /* the one input, read by all workers in turn */
    size_t max_docs;       /* 0 = no limit */
    size_t ndocs_taken;    /* documents handed out so far */
    int done;              /* reader exhausted or failed */
    int failed;            /* a reader or coder error was printed */
    int stages;            /* --stages */
} shared;

typedef struct worker {
    shared *sh;
    parley_coder *coder;   /* this thread's coder */
    parley_parser *parser; /* this thread's parser (--stages only) */
    pthread_t tid;
    size_t docs, sents, words, events;
    size_t parsed; /* sentences the coder tagged and parsed */
    double stage[ST_COUNT]; /* seconds per stage (--stages; read also without) */
    double stage_cpu[ST_COUNT]; /* thread CPU seconds per stage (--stages) */
    double cpu;             /* thread CPU seconds */
} worker;

static double now(clockid_t clk)
{
    struct timespec ts;
    clock_gettime(clk, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static long peak_kb(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss;
}

static double process_cpu(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 +
           (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
}

/* The next document from the shared reader, or NULL at the end (or after
 * an error, which is printed once). Times the read into w->stage[ST_READ]. */
static parley_doc *take_doc(worker *w)
{
    shared *sh = w->sh;
    parley_doc *doc = NULL;
    pthread_mutex_lock(&sh->lock);
    if (!sh->done && (sh->max_docs == 0 || sh->ndocs_taken < sh->max_docs)) {
        double t0 = now(CLOCK_MONOTONIC);
        parley_status st = parley_reader_next(sh->reader, &doc);
        w->stage[ST_READ] += now(CLOCK_MONOTONIC) - t0;
        if (st == PARLEY_OK) {
            sh->ndocs_taken++;
        } else {
            doc = NULL;
            sh->done = 1;
            if (st != PARLEY_END) {
                fprintf(stderr, "bench_code: %s\n", parley_errmsg());
                sh->failed = 1;
            }
        }
    }
    pthread_mutex_unlock(&sh->lock);
    return doc;
}

static void fail(worker *w, const char *what, const parley_doc *doc)
{
    pthread_mutex_lock(&w->sh->lock);
    fprintf(stderr, "bench_code: %s %s: %s\n", what, parley_doc_id(doc), parley_errmsg());
    w->sh->failed = 1;
    w->sh->done = 1;
    pthread_mutex_unlock(&w->sh->lock);
}

static void *work(void *arg)
{
    worker *w = arg;
    parley_doc *doc;
    while ((doc = take_doc(w)) != NULL) {
        if (w->sh->stages) {
            double c0 = now(CLOCK_THREAD_CPUTIME_ID);
            double t0 = now(CLOCK_MONOTONIC);
            if (parley_doc_segment(doc) != PARLEY_OK) {
                fail(w, "segment", doc);
                parley_doc_free(doc);
                break;
            }
            double t1 = now(CLOCK_MONOTONIC);
            double c1 = now(CLOCK_THREAD_CPUTIME_ID);
            if (parley_parser_parse_doc(w->parser, doc) != PARLEY_OK) {
                fail(w, "parse", doc);
                parley_doc_free(doc);
                break;
            }
            double t2 = now(CLOCK_MONOTONIC);
            double c2 = now(CLOCK_THREAD_CPUTIME_ID);
            w->stage[ST_SEGMENT] += t1 - t0;
            w->stage[ST_PARSE] += t2 - t1;
            w->stage_cpu[ST_SEGMENT] += c1 - c0;
            w->stage_cpu[ST_PARSE] += c2 - c1;
        }
        double c3 = w->sh->stages ? now(CLOCK_THREAD_CPUTIME_ID) : 0;
        double t3 = now(CLOCK_MONOTONIC);
        if (parley_coder_code_doc(w->coder, doc, NULL) != PARLEY_OK) {
            fail(w, "code", doc);
            parley_doc_free(doc);
            break;
        }
        w->stage[ST_CODE] += now(CLOCK_MONOTONIC) - t3;
        if (w->sh->stages)
            w->stage_cpu[ST_CODE] += now(CLOCK_THREAD_CPUTIME_ID) - c3;
        w->docs++;
        w->sents += parley_doc_sentence_count(doc);
        w->words += parley_doc_word_count(doc);
        w->events += parley_doc_event_count(doc);
        /* the coder parses only sentences that can hold an event: count them
         * (a parsed sentence's first word has a head, 0 for the root) */
        for (size_t s = 0, nsent = parley_doc_sentence_count(doc); s < nsent; s++) {
            size_t first = 0, n = 0;
            if (parley_doc_sentence_words(doc, s, &first, &n) == PARLEY_OK && n > 0 &&
                parley_doc_word_head(doc, first) >= 0)
                w->parsed++;
        }
        parley_doc_free(doc);
    }
    w->cpu = now(CLOCK_THREAD_CPUTIME_ID);
    return NULL;
}

/* Print FILE.about (how make_news_input.sh made the input), indented, and
 * return its first line for the JSON summary (static storage). */
static const char *print_about(const char *path)
{
    static char first[1100] = "unknown (no FILE.about; see bench/README.md)";
    char name[4096];
    snprintf(name, sizeof name, "%s.about", path);
    FILE *f = fopen(name, "r");
    if (!f) {
        printf("input made by:   %s\n", first);
        return first;
    }
    char line[1024];
    int n = 0;
    printf("input made by (%s):\n", name);
    while (fgets(line, sizeof line, f)) {
        printf("  %s", line);
        if (n++ == 0) {
            snprintf(first, sizeof first, "%s", line);
            first[strcspn(first, "\n")] = '\0';
        }
    }
    fclose(f);
    return first;
}

/* The sentences_per_s of the last JSON summary in the file at path (the
 * saved output of an earlier run), or 0 if there is none. */
static double earlier_speed(const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return 0;
    char line[8192];
    double v = 0;
    while (fgets(line, sizeof line, f)) {
        const char *p = strstr(line, "\"sentences_per_s\":");
        if (p)
            v = strtod(p + 18, NULL);
    }
    fclose(f);
    return v;
}

/* Write s as a JSON string body (quotes and backslashes escaped, controls
 * dropped). */
static void json_str(const char *s)
{
    for (; *s; s++) {
        if (*s == '"' || *s == '\\')
            printf("\\%c", *s);
        else if ((unsigned char)*s >= 0x20)
            putchar(*s);
    }
}

/* Library warnings (skipped records, repaired input) go to stderr. */
static void log_stderr(void *user, const char *msg)
{
    (void)user;
    fprintf(stderr, "bench_code: %s\n", msg);
}

static int usage(void)
{
    fprintf(stderr, "usage: bench_code FILE [--threads N] [--stages] [--max-docs N] "
                    "[--model PATH] [--dict DIR] [--vs OUTPUT] [--places]\n");
    return 2;
}

int main(int argc, char **argv)
{
    const char *path = NULL, *model_path = NULL, *dict_dir = NULL, *vs = NULL;
    long nthreads = 1, max_docs = 0;
    int stages = 0, places = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--threads") && i + 1 < argc) {
            char *end;
            nthreads = strtol(argv[++i], &end, 10);
            if (*end || nthreads < 1 || nthreads > MAX_THREADS)
                return usage();
        } else if (!strcmp(argv[i], "--max-docs") && i + 1 < argc) {
            char *end;
            max_docs = strtol(argv[++i], &end, 10);
            if (*end || max_docs < 0)
                return usage();
        } else if (!strcmp(argv[i], "--model") && i + 1 < argc) {
            model_path = argv[++i];
        } else if (!strcmp(argv[i], "--vs") && i + 1 < argc) {
            vs = argv[++i];
        } else if (!strcmp(argv[i], "--dict") && i + 1 < argc) {
            dict_dir = argv[++i];
        } else if (!strcmp(argv[i], "--stages")) {
            stages = 1;
        } else if (!strcmp(argv[i], "--places")) {
            places = 1;
        } else if (argv[i][0] == '-' && argv[i][1]) {
            return usage();
        } else if (!path) {
            path = argv[i];
        } else {
            return usage();
        }
    }
    if (!path)
        return usage();
    struct stat sb;
    if (stat(path, &sb) != 0) {
        fprintf(stderr, "bench_code: cannot open %s\n", path);
        return 1;
    }

    /* The library looks for its model and data beside itself; this binary
     * lives in build/bench/, so when run from the repository root point it
     * at build/en-ewt.model and data/ (unless the environment already does). */
    char cwd[2048];
    if (!getenv("PARLEY_MODEL") && access("build/en-ewt.model", R_OK) == 0 &&
        getcwd(cwd, sizeof cwd - 32)) {
        char p[2100];
        snprintf(p, sizeof p, "%s/build/en-ewt.model", cwd);
        setenv("PARLEY_MODEL", p, 0);
    }
    if (!getenv("PARLEY_DATA") && access("data/parley.dicts", R_OK) == 0 &&
        getcwd(cwd, sizeof cwd - 32)) {
        char p[2100];
        snprintf(p, sizeof p, "%s/data", cwd);
        setenv("PARLEY_DATA", p, 0);
    }

    long rss0 = peak_kb();
    double t0 = now(CLOCK_MONOTONIC);
    parley_model *model = NULL;
    if (parley_model_load(model_path, &model) != PARLEY_OK) {
        fprintf(stderr, "bench_code: %s\n", parley_errmsg());
        return 1;
    }
    double t1 = now(CLOCK_MONOTONIC);
    parley_dict *dict = NULL;
    if (parley_dict_load(dict_dir, &dict) != PARLEY_OK) {
        fprintf(stderr, "bench_code: %s\n", parley_errmsg());
        parley_model_free(model);
        return 1;
    }
    parley_gazetteer *gaz = NULL;
    if (places && parley_gazetteer_load(NULL, &gaz) != PARLEY_OK) {
        fprintf(stderr, "bench_code: %s\n", parley_errmsg());
        parley_dict_free(dict);
        parley_model_free(model);
        return 1;
    }
    double t2 = now(CLOCK_MONOTONIC);

    shared sh = {.max_docs = (size_t)max_docs, .stages = stages};
    pthread_mutex_init(&sh.lock, NULL);
    worker w[MAX_THREADS];
    memset(w, 0, sizeof w);
    int rc = 0;
    long nt = nthreads;
    for (long t = 0; t < nt; t++) {
        w[t].sh = &sh;
        if (parley_coder_new(model, dict, &w[t].coder) != PARLEY_OK ||
            (stages && parley_parser_new(model, &w[t].parser) != PARLEY_OK)) {
            fprintf(stderr, "bench_code: %s\n", parley_errmsg());
            nt = t + 1;
            rc = 1;
            goto out;
        }
        parley_coder_set_gazetteer(w[t].coder, gaz);
    }
    double t3 = now(CLOCK_MONOTONIC);
    /* warnings from here on (not while loading: the dictionaries' repaired
     * lines are counted below, and `parley dict` lists them) */
    parley_set_log(log_stderr, NULL);
    long rss_loaded = peak_kb();
    parley_stats *stats = NULL;
    if (parley_stats_new(&stats) != PARLEY_OK ||
        parley_reader_open(path, PARLEY_INPUT_AUTO, stats, &sh.reader) != PARLEY_OK) {
        fprintf(stderr, "bench_code: %s\n", parley_errmsg());
        rc = 1;
        goto out;
    }

    double cpu0 = process_cpu();
    double w0 = now(CLOCK_MONOTONIC);
    if (nt == 1) {
        work(&w[0]);
    } else {
        for (long t = 0; t < nt; t++)
            if (pthread_create(&w[t].tid, NULL, work, &w[t]) != 0) {
                fprintf(stderr, "bench_code: cannot start thread %ld\n", t);
                sh.done = 1; /* the threads already started stop soon */
                nt = t;
                rc = 1;
                break;
            }
        for (long t = 0; t < nt; t++)
            pthread_join(w[t].tid, NULL);
    }
    double wall = now(CLOCK_MONOTONIC) - w0;
    double cpu = process_cpu() - cpu0;
    if (sh.failed)
        rc = 1;

    worker tot = {0};
    for (long t = 0; t < nt; t++) {
        tot.docs += w[t].docs;
        tot.sents += w[t].sents;
        tot.words += w[t].words;
        tot.events += w[t].events;
        tot.parsed += w[t].parsed;
        for (int s = 0; s < ST_COUNT; s++) {
            tot.stage[s] += w[t].stage[s];
            tot.stage_cpu[s] += w[t].stage_cpu[s];
        }
    }
    /* Bytes: the whole file when it was read to the end, else what the
     * reader counted (the JSON member "bytes" of the stats). */
    double bytes = (double)sb.st_size;
    if (max_docs) {
        const char *js = parley_stats_json(stats), *b = strstr(js, "\"bytes\":");
        if (b)
            bytes = strtod(b + 8, NULL);
    }
    long rss_peak = peak_kb();

    printf("bench_code: end to end, raw text -> events (parley %s)\n", parley_version());
    printf("input:           %s, %.1f MB\n", path, bytes / 1e6);
    const char *about = print_about(path);
    printf("model:           %s, loaded in %.3f s\n", parley_model_path(model), t1 - t0);
    size_t dwarn = 0, derr = 0;
    parley_dict_problems(dict, &dwarn, &derr);
    printf("dictionaries:    %zu files, loaded in %.3f s (%zu lines repaired, %zu dropped)\n",
           parley_dict_file_count(dict), t2 - t1, dwarn, derr);
    printf("coders:          %ld, made in %.3f s\n", nt, t3 - t2);
    printf("reader stats:    %s\n", parley_stats_json(stats));
    printf("documents:       %zu\n", tot.docs);
    printf("sentences:       %zu\n", tot.sents);
    printf("parsed:          %zu sentences (%.1f %%; %s)\n", tot.parsed,
           tot.sents ? 100.0 * (double)tot.parsed / (double)tot.sents : 0.0,
           stages ? "--stages parses every sentence"
                  : "the coder parses only sentences with two actor candidates");
    printf("words:           %zu\n", tot.words);
    printf("events:          %zu\n", tot.events);
    printf("threads:         %ld%s\n", nt, stages ? " (--stages)" : "");
    printf("wall:            %.2f s (loading excluded)\n", wall);
    printf("cpu:             %.2f s (user+sys, all threads)\n", cpu);
    printf("sentences/s:     %.0f\n", tot.sents / wall);
    printf("words/s:         %.0f\n", tot.words / wall);
    printf("MB/s:            %.3f\n", bytes / 1e6 / wall);
    printf("sentences/cpu-s: %.0f\n", cpu > 0 ? tot.sents / cpu : 0.0);
    printf("cores busy:      %.2f (cpu / wall; the machine may be shared)\n",
           wall > 0 ? cpu / wall : 0.0);
    double base = vs ? earlier_speed(vs) : 0, speedup = 0;
    if (vs && base <= 0)
        fprintf(stderr, "bench_code: no \"sentences_per_s\" in %s\n", vs);
    if (base > 0) {
        speedup = tot.sents / wall / base;
        printf("speed-up:        %.2f over %s (%.0f sentences/s)\n", speedup, vs, base);
    }
    for (long t = 0; t < nt && nt > 1; t++)
        printf("thread %ld:        %zu docs, %zu sentences, %zu events, %.2f cpu s\n", t, w[t].docs,
               w[t].sents, w[t].events, w[t].cpu);
    if (stages) {
        double sum = 0;
        for (int s = 0; s < ST_COUNT; s++)
            sum += tot.stage[s];
        for (int s = 0; s < ST_COUNT; s++)
            printf("stage %-8s   %8.2f s %5.1f %%  %9.0f sentences/s %10.0f words/s %8.2f MB/s\n",
                   stage_name[s], tot.stage[s], sum > 0 ? 100 * tot.stage[s] / sum : 0.0,
                   tot.stage[s] > 0 ? tot.sents / tot.stage[s] : 0.0,
                   tot.stage[s] > 0 ? tot.words / tot.stage[s] : 0.0,
                   tot.stage[s] > 0 ? bytes / 1e6 / tot.stage[s] : 0.0);
        /* CPU time per stage: on a shared machine wall time also counts the
         * time other processes had the core (the read runs under the lock
         * and has no CPU split) */
        for (int s = ST_SEGMENT; s < ST_COUNT; s++)
            printf("stage %-8s cpu %8.2f s  %9.0f sentences/cpu-s\n", stage_name[s],
                   tot.stage_cpu[s], tot.stage_cpu[s] > 0 ? tot.sents / tot.stage_cpu[s] : 0.0);
    } else {
        printf("stage read       %8.2f s (under the reader lock; the rest is coding)\n",
               tot.stage[ST_READ]);
    }
    printf("peak RSS:        %.1f MB (at start %.1f MB, after loading %.1f MB)\n",
           rss_peak / 1024.0, rss0 / 1024.0, rss_loaded / 1024.0);

    printf("{\"bench\":\"bench_code\",\"input\":\"");
    json_str(path);
    printf("\",\"input_made_by\":\"");
    json_str(about);
    printf("\",\"bytes\":%.0f,\"documents\":%zu,\"sentences\":%zu,\"words\":%zu,"
           "\"events\":%zu,\"sentences_parsed\":%zu,\"threads\":%ld,\"stages\":%s,\"places\":%s,"
           "\"model_load_s\":%.3f,"
           "\"dict_load_s\":%.3f,\"coder_new_s\":%.3f,\"wall_s\":%.3f,\"cpu_s\":%.3f,"
           "\"sentences_per_s\":%.1f,\"words_per_s\":%.1f,\"mb_per_s\":%.4f,",
           bytes, tot.docs, tot.sents, tot.words, tot.events, tot.parsed, nt,
           stages ? "true" : "false", places ? "true" : "false", t1 - t0, t2 - t1, t3 - t2, wall,
           cpu, tot.sents / wall, tot.words / wall, bytes / 1e6 / wall);
    printf("\"stage_s\":{");
    for (int s = 0; s < ST_COUNT; s++)
        printf("%s\"%s\":%.3f", s ? "," : "", stage_name[s], tot.stage[s]);
    printf("},\"stage_cpu_s\":{");
    for (int s = ST_SEGMENT; s < ST_COUNT; s++)
        printf("%s\"%s\":%.3f", s > ST_SEGMENT ? "," : "", stage_name[s], tot.stage_cpu[s]);
    printf("},\"cores_busy\":%.2f,\"speedup\":%.3f,\"peak_rss_mb\":%.1f,\"ok\":%s}\n",
           wall > 0 ? cpu / wall : 0.0, speedup, rss_peak / 1024.0, rc ? "false" : "true");

out:
    parley_reader_free(sh.reader);
    parley_stats_free(stats);
    for (long t = 0; t < nt; t++) {
        parley_parser_free(w[t].parser);
        parley_coder_free(w[t].coder);
    }
    parley_dict_free(dict);
    parley_gazetteer_free(gaz);
    parley_model_free(model);
    pthread_mutex_destroy(&sh.lock);
    return rc;
}
