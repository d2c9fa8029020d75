/* coding.c - what `parley code` and `parley ingest` share: loading the
 * model and dictionaries, coding a batch of documents on N threads, and the
 * progress line on a terminal. */
#include "cli.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

typedef struct worker {
    parley_coder *coder;
    parley_doc **docs;
    size_t n, stride, first;
    const char *date, *cmd;
    int failed;
} worker;

struct cli_coding {
    parley_model *model;
    parley_dict *dict;
    parley_gazetteer *gaz; /* NULL: events get no place */
    int threads;
    worker w[CLI_MAX_THREADS];
};

static void *work(void *arg)
{
    worker *w = arg;
    for (size_t i = w->first; i < w->n; i += w->stride) {
        if (parley_coder_code_doc(w->coder, w->docs[i], w->date) != PARLEY_OK) {
            fprintf(stderr, "parley %s: document '%s': %s\n", w->cmd, parley_doc_id(w->docs[i]),
                    parley_errmsg());
            w->failed = 1;
        }
    }
    return NULL;
}

int cli_coding_open(const char *cmd, const cli_code_opts *o, cli_coding **out)
{
    const char *model = o->model, *dict = o->dict;
    int threads = o->threads;
    *out = NULL;
    cli_coding *c = calloc(1, sizeof *c);
    if (!c) {
        cli_report(cmd, PARLEY_ERR_NOMEM);
        return CLI_BAD_INPUT;
    }
    c->threads = threads;
    parley_status st = parley_model_load(model, &c->model);
    if (!st) {
        /* dictionary problems are `parley dict check`'s business: count them here */
        parley_set_log(NULL, NULL);
        st = parley_dict_load(dict, &c->dict);
        parley_set_log(cli_log_stderr, NULL);
    }
    if (!st && dict) {
        size_t nw, ne;
        parley_dict_problems(c->dict, &nw, &ne);
        if (nw || ne)
            fprintf(stderr,
                    "parley %s: dictionary %s: %zu errors, %zu warnings (see `parley "
                    "dict check %s`)\n",
                    cmd, dict, ne, nw, dict);
    }
    if (!st && !o->no_places) {
        /* without a gazetteer of its own the coder still codes, placeless */
        parley_status gs = parley_gazetteer_load(o->gazetteer, &c->gaz);
        if (gs && o->gazetteer)
            st = gs;
        else if (gs)
            fprintf(stderr, "parley %s: %s; events get no place\n", cmd, parley_errmsg());
    }
    parley_set_log(NULL, NULL); /* verb-dictionary repairs, likewise */
    for (int t = 0; !st && t < threads; t++) {
        c->w[t].cmd = cmd;
        st = parley_coder_new(c->model, c->dict, &c->w[t].coder);
        if (!st && o->event_model)
            st = parley_coder_set_event_model(
                c->w[t].coder, strcmp(o->event_model, "none") == 0 ? NULL : o->event_model);
        if (!st)
            parley_coder_set_all_modes(c->w[t].coder, o->all_modes);
        if (!st)
            parley_coder_set_gazetteer(c->w[t].coder, c->gaz);
    }
    parley_set_log(cli_log_stderr, NULL);
    if (st) {
        cli_report(cmd, st);
        cli_coding_free(c);
        return CLI_BAD_INPUT;
    }
    *out = c;
    return CLI_OK;
}

int cli_coding_run(cli_coding *c, parley_doc **docs, size_t n, const char *date)
{
    for (int t = 0; t < c->threads; t++) {
        c->w[t].docs = docs;
        c->w[t].n = n;
        c->w[t].stride = (size_t)c->threads;
        c->w[t].first = (size_t)t;
        c->w[t].date = date;
    }
    if (c->threads == 1) {
        work(&c->w[0]);
    } else {
        pthread_t tid[CLI_MAX_THREADS];
        int started = 0;
        for (int t = 0; t < c->threads; t++, started++)
            if (pthread_create(&tid[t], NULL, work, &c->w[t]) != 0)
                break;
        for (int t = started; t < c->threads; t++)
            work(&c->w[t]); /* could not start a thread: do its share here */
        for (int t = 0; t < started; t++)
            pthread_join(tid[t], NULL);
    }
    int failed = 0;
    for (int t = 0; t < c->threads; t++)
        failed |= c->w[t].failed;
    return failed;
}

size_t cli_read_batch(parley_reader *r, parley_doc **docs, size_t max, parley_status *st)
{
    size_t n = 0, bytes = 0;
    *st = PARLEY_OK;
    while (n < max && bytes < CLI_BATCH_BYTES &&
           (*st = parley_reader_next(r, &docs[n])) == PARLEY_OK) {
        size_t len = 0;
        parley_doc_text(docs[n++], &len);
        bytes += len;
    }
    return n;
}

uint64_t cli_coding_long_sentences(const cli_coding *c)
{
    uint64_t n = 0;
    for (int t = 0; c && t < c->threads; t++)
        n += parley_coder_long_sentences(c->w[t].coder);
    return n;
}

void cli_coding_free(cli_coding *c)
{
    if (!c)
        return;
    for (int t = 0; t < c->threads; t++)
        parley_coder_free(c->w[t].coder);
    parley_dict_free(c->dict);
    parley_gazetteer_free(c->gaz);
    parley_model_free(c->model);
    free(c);
}

/* ---------------------------------------------------------------------- */
/* Progress */

struct cli_progress {
    bool on;
    double start, last;
    unsigned long long total_bytes; /* 0: unknown (stdin, a pipe) */
    unsigned long long docs, sentences, events;
    int width; /* of the last line drawn, to blank it */
};

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

cli_progress *cli_progress_new(const char **files, size_t nfiles, bool quiet)
{
    cli_progress *p = calloc(1, sizeof *p);
    if (!p)
        return NULL;
    p->on = !quiet && isatty(STDERR_FILENO);
    p->start = p->last = now();
    for (size_t i = 0; i < nfiles; i++) {
        struct stat sb;
        if (strcmp(files[i], "-") == 0 || stat(files[i], &sb) != 0 || !S_ISREG(sb.st_mode)) {
            p->total_bytes = 0;
            break;
        }
        p->total_bytes += (unsigned long long)sb.st_size;
    }
    return p;
}

/* Bytes read so far, from the reader's counters. */
static unsigned long long bytes_read(parley_stats *stats)
{
    const char *j = stats ? parley_stats_json(stats) : NULL;
    const char *b = j ? strstr(j, "\"bytes\":") : NULL;
    return b ? strtoull(b + 8, NULL, 10) : 0;
}

static void draw(cli_progress *p, parley_stats *stats, double t)
{
    double el = t - p->start;
    double rate = el > 0 ? (double)p->docs / el : 0;
    char line[200];
    int n = snprintf(line, sizeof line, "%llu documents, %llu sentences, %llu events, %.0f docs/s",
                     p->docs, p->sentences, p->events, rate);
    unsigned long long done = bytes_read(stats);
    if (p->total_bytes && done > 0 && done <= p->total_bytes && n > 0 && (size_t)n < sizeof line) {
        double frac = (double)done / (double)p->total_bytes;
        double eta = el / frac - el;
        n += snprintf(line + n, sizeof line - (size_t)n, ", %.0f%%, ETA %dm%02ds", 100 * frac,
                      (int)(eta / 60), (int)eta % 60);
    }
    fprintf(stderr, "\r%s%*s", line, p->width > n ? p->width - n : 0, "");
    p->width = n;
    fflush(stderr);
}

void cli_progress_add(cli_progress *p, parley_stats *stats, parley_doc *const *docs, size_t n)
{
    if (!p)
        return;
    for (size_t i = 0; i < n; i++) {
        p->docs++;
        p->sentences += parley_doc_sentence_count(docs[i]);
        p->events += parley_doc_event_count(docs[i]);
    }
    if (!p->on)
        return;
    double t = now();
    if (t - p->last < 0.25) /* at most four updates a second */
        return;
    p->last = t;
    draw(p, stats, t);
}

void cli_progress_done(cli_progress *p, parley_stats *stats)
{
    if (!p)
        return;
    if (p->on && p->docs) {
        draw(p, stats, now());
        fputc('\n', stderr);
    }
    free(p);
}

bool cli_code_opt(int argc, char **argv, int *i, cli_code_opts *o)
{
    const char *a = argv[*i];
    bool has = *i + 1 < argc;
    const char **value = strcmp(a, "--date") == 0           ? &o->date
                         : strcmp(a, "--dict") == 0         ? &o->dict
                         : strcmp(a, "--model") == 0        ? &o->model
                         : strcmp(a, "--input-format") == 0 ? &o->in_fmt
                         : strcmp(a, "--event-model") == 0  ? &o->event_model
                         : strcmp(a, "--gazetteer") == 0    ? &o->gazetteer
                                                            : NULL;
    if (value && has) {
        *value = argv[++*i];
        return true;
    }
    if (strcmp(a, "--modes") == 0 && has &&
        (strcmp(argv[*i + 1], "all") == 0 || strcmp(argv[*i + 1], "asserted") == 0)) {
        o->all_modes = strcmp(argv[++*i], "all") == 0;
        return true;
    }
    if (strcmp(a, "--threads") == 0 && has) {
        o->threads = atoi(argv[++*i]);
        return true;
    }
    if (strcmp(a, "--no-places") == 0) {
        o->no_places = true;
        return true;
    }
    if (strcmp(a, "--quiet") == 0 || strcmp(a, "--stats") == 0) {
        *(a[2] == 'q' ? &o->quiet : &o->stats) = true;
        return true;
    }
    return false;
}

int cli_code_opts_check(const char *cmd, const cli_code_opts *o, parley_input_format *ifmt)
{
    if (o->threads < 1 || o->threads > CLI_MAX_THREADS) {
        fprintf(stderr, "parley %s: --threads: 1 to %d\n", cmd, CLI_MAX_THREADS);
        return CLI_USAGE;
    }
    if (parley_input_format_from_name(o->in_fmt ? o->in_fmt : "auto", ifmt) != PARLEY_OK) {
        fprintf(stderr, "parley %s: %s\n", cmd, parley_errmsg());
        return CLI_USAGE;
    }
    if (o->date && !parley_date_valid(o->date)) {
        /* checked once, before any work: 2023-99-99 failed every document */
        fprintf(stderr, "parley %s: --date '%s' is not a date YYYY-MM-DD\n", cmd, o->date);
        return CLI_USAGE;
    }
    return CLI_OK;
}
