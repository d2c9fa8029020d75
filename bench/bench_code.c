/*
 * bench_code.c - end-to-end speed of `parley code`: JSON Lines news-like
 * documents -> reader -> segmenter -> tagger/parser -> actors -> coder ->
 * JSON Lines events, on N threads. Prints sentences/s, MB/s, events and
 * peak memory. Uses only the public API.
 *
 * Input (made here, deterministic): documents of 12-30 sentences drawn with
 * a fixed-seed generator from a pool of the founding article's sentences
 * (examples/000_08cbce3970801ee0.txt, about one sentence in five) and
 * UD English EWT train sentences of at least 40 bytes (the rest), until
 * the file reaches --mb megabytes. The file is written to --input PATH
 * (default /tmp/parley-bench-code.jsonl) and reused if it has the size.
 *
 * usage: bench_code [--mb 50] [--threads N] [--input PATH] [--model PATH] [--dict DIR]
 */
#include "parley.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>

static uint64_t rng = 88172645463325252ull;
static uint64_t next_rand(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

typedef struct pool {
    char **s;
    size_t n, cap;
} pool;

static void pool_add(pool *p, const char *s, size_t len)
{
    if (p->n == p->cap) {
        p->cap = p->cap ? p->cap * 2 : 1024;
        p->s = realloc(p->s, p->cap * sizeof *p->s);
        if (!p->s)
            exit(1);
    }
    char *c = malloc(len + 1);
    if (!c)
        exit(1);
    memcpy(c, s, len);
    c[len] = '\0';
    p->s[p->n++] = c;
}

/* Sentences of the article: split its body lines at ". " */
static void load_article(pool *p, const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        fprintf(stderr, "bench_code: cannot open %s\n", path);
        exit(1);
    }
    char line[8192];
    while (fgets(line, sizeof line, f)) {
        char *s = line;
        size_t n = strlen(s);
        while (n && (s[n - 1] == '\n' || s[n - 1] == '\r'))
            s[--n] = '\0';
        if (n < 60)
            continue; /* headlines and footer */
        for (char *dot; (dot = strstr(s, ". ")); s = dot + 2)
            pool_add(p, s, (size_t)(dot - s) + 1);
        if (strlen(s) > 20)
            pool_add(p, s, strlen(s));
    }
    fclose(f);
}

static void load_ewt(pool *p, const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        fprintf(stderr, "bench_code: cannot open %s\n", path);
        exit(1);
    }
    char line[8192];
    while (fgets(line, sizeof line, f)) {
        if (strncmp(line, "# text = ", 9) != 0)
            continue;
        size_t n = strlen(line);
        while (n && (line[n - 1] == '\n' || line[n - 1] == '\r'))
            line[--n] = '\0';
        if (n - 9 >= 40)
            pool_add(p, line + 9, n - 9);
    }
    fclose(f);
}

static void json_put(FILE *f, const char *s)
{
    for (; *s; s++) {
        if (*s == '"' || *s == '\\')
            fputc('\\', f);
        if ((unsigned char)*s < 0x20)
            fputc(' ', f);
        else
            fputc(*s, f);
    }
}

static void make_input(const char *path, size_t bytes)
{
    struct stat st;
    if (stat(path, &st) == 0 && (size_t)st.st_size >= bytes &&
        (size_t)st.st_size < bytes + bytes / 10)
        return;
    pool art = {0}, ewt = {0};
    load_article(&art, "examples/000_08cbce3970801ee0.txt");
    load_ewt(&ewt, "data/ud-en-ewt/en_ewt-ud-train.conllu");
    FILE *f = fopen(path, "w");
    if (!f) {
        fprintf(stderr, "bench_code: cannot write %s\n", path);
        exit(1);
    }
    size_t doc = 0;
    while ((size_t)ftell(f) < bytes) {
        fprintf(f, "{\"id\":\"bench-%zu\",\"date\":\"2023-06-14\",\"text\":\"", doc++);
        int ns = 12 + (int)(next_rand() % 19);
        for (int i = 0; i < ns; i++) {
            pool *p = next_rand() % 5 == 0 ? &art : &ewt;
            json_put(f, p->s[next_rand() % p->n]);
            fputs(i % 4 == 3 ? "\\n\\n" : " ", f);
        }
        fputs("\"}\n", f);
    }
    fclose(f);
    for (size_t i = 0; i < art.n; i++)
        free(art.s[i]);
    for (size_t i = 0; i < ewt.n; i++)
        free(ewt.s[i]);
    free(art.s);
    free(ewt.s);
}

#define BATCH 64

typedef struct job {
    parley_coder *coder;
    parley_doc **docs;
    size_t n, first, stride;
    size_t sentences, events, out_bytes;
} job;

static void *work(void *arg)
{
    job *j = arg;
    for (size_t i = j->first; i < j->n; i += j->stride) {
        if (parley_coder_code_doc(j->coder, j->docs[i], NULL) != PARLEY_OK)
            continue;
        j->sentences += parley_doc_sentence_count(j->docs[i]);
        j->events += parley_doc_event_count(j->docs[i]);
        char *out = NULL;
        if (parley_events_format(j->docs[i], PARLEY_EVENTS_JSONL, &out) == PARLEY_OK)
            j->out_bytes += strlen(out);
        parley_string_free(out);
    }
    return NULL;
}

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    size_t mb = 50;
    int threads = 1;
    const char *input = "/tmp/parley-bench-code.jsonl", *model = NULL, *dict = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--mb") == 0 && i + 1 < argc)
            mb = (size_t)atol(argv[++i]);
        else if (strcmp(argv[i], "--threads") == 0 && i + 1 < argc)
            threads = atoi(argv[++i]);
        else if (strcmp(argv[i], "--input") == 0 && i + 1 < argc)
            input = argv[++i];
        else if (strcmp(argv[i], "--model") == 0 && i + 1 < argc)
            model = argv[++i];
        else if (strcmp(argv[i], "--dict") == 0 && i + 1 < argc)
            dict = argv[++i];
        else {
            fprintf(stderr, "usage: bench_code [--mb 50] [--threads N] [--input PATH] "
                            "[--model PATH] [--dict DIR]\n");
            return 2;
        }
    }
    if (threads < 1 || threads > 64 || mb < 1)
        return 2;
    parley_set_log(NULL, NULL);
    make_input(input, mb << 20);
    parley_model *m = NULL;
    parley_dict *d = NULL;
    double t0 = now();
    if (parley_model_load(model, &m) || parley_dict_load(dict, &d)) {
        fprintf(stderr, "bench_code: %s\n", parley_errmsg());
        return 1;
    }
    job jobs[64];
    memset(jobs, 0, sizeof jobs);
    for (int t = 0; t < threads; t++)
        if (parley_coder_new(m, d, &jobs[t].coder)) {
            fprintf(stderr, "bench_code: %s\n", parley_errmsg());
            return 1;
        }
    double t_load = now() - t0;
    parley_reader *r = NULL;
    if (parley_reader_open(input, PARLEY_INPUT_JSONL, NULL, &r)) {
        fprintf(stderr, "bench_code: %s\n", parley_errmsg());
        return 1;
    }
    struct stat st;
    stat(input, &st);
    double t1 = now();
    struct rusage ru0;
    getrusage(RUSAGE_SELF, &ru0);
    size_t ndocs = 0;
    parley_doc *docs[BATCH];
    parley_status rs = PARLEY_OK;
    while (rs == PARLEY_OK) {
        size_t n = 0;
        while (n < BATCH && (rs = parley_reader_next(r, &docs[n])) == PARLEY_OK)
            n++;
        ndocs += n;
        pthread_t tid[64];
        for (int t = 0; t < threads; t++) {
            jobs[t].docs = docs;
            jobs[t].n = n;
            jobs[t].first = (size_t)t;
            jobs[t].stride = (size_t)threads;
            if (threads > 1)
                pthread_create(&tid[t], NULL, work, &jobs[t]);
            else
                work(&jobs[t]);
        }
        if (threads > 1)
            for (int t = 0; t < threads; t++)
                pthread_join(tid[t], NULL);
        for (size_t i = 0; i < n; i++)
            parley_doc_free(docs[i]);
    }
    double secs = now() - t1;
    size_t sentences = 0, events = 0, out = 0;
    for (int t = 0; t < threads; t++) {
        sentences += jobs[t].sentences;
        events += jobs[t].events;
        out += jobs[t].out_bytes;
        parley_coder_free(jobs[t].coder);
    }
    parley_reader_free(r);
    parley_dict_free(d);
    parley_model_free(m);
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    /* CPU seconds of the coding loop: on a shared machine wall time also
     * counts other processes' turns */
    double cpu = (double)(ru.ru_utime.tv_sec - ru0.ru_utime.tv_sec) +
                 (double)(ru.ru_utime.tv_usec - ru0.ru_utime.tv_usec) / 1e6 +
                 (double)(ru.ru_stime.tv_sec - ru0.ru_stime.tv_sec) +
                 (double)(ru.ru_stime.tv_usec - ru0.ru_stime.tv_usec) / 1e6;
    printf("{\"input\":\"%s\",\"input_mb\":%.1f,\"threads\":%d,\"documents\":%zu,"
           "\"sentences\":%zu,\"events\":%zu,\"output_mb\":%.1f,\"load_seconds\":%.2f,"
           "\"seconds\":%.2f,\"cpu_seconds\":%.2f,\"sentences_per_second\":%.0f,"
           "\"sentences_per_cpu_second\":%.0f,\"mb_per_second\":%.2f,\"peak_rss_mb\":%.0f}\n",
           input, (double)st.st_size / (1 << 20), threads, ndocs, sentences, events,
           (double)out / (1 << 20), t_load, secs, cpu, (double)sentences / secs,
           (double)sentences / cpu, (double)st.st_size / (1 << 20) / secs,
           (double)ru.ru_maxrss / 1024);
    return 0;
}
