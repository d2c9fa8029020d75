/* bench_parse.c - tagging + parsing speed on one core and the model's memory
 * footprint. Not a test: prints figures.
 *   build/bench/bench_parse [MODEL] [GOLD.conllu]
 * (defaults: $PARLEY_MODEL or build/en-ewt.model, data/ud-en-ewt/en_ewt-ud-test.conllu;
 * run from the repository root) */
#include "model/model.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double cpu_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static long rss_kb(void)
{
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    long kb = -1;
    while (f && fgets(line, sizeof line, f))
        if (strncmp(line, "VmRSS:", 6) == 0)
            kb = atol(line + 6);
    if (f)
        fclose(f);
    return kb;
}

int main(int argc, char **argv)
{
    const char *model = argc > 1 ? argv[1] : getenv("PARLEY_MODEL") ? NULL : "build/en-ewt.model";
    const char *gold = argc > 2 ? argv[2] : "data/ud-en-ewt/en_ewt-ud-test.conllu";
    long rss0 = rss_kb();
    double t0 = now();
    parley_model *m;
    if (parley_model_load(model, &m)) {
        fprintf(stderr, "bench_parse: %s\n", parley_errmsg());
        return 1;
    }
    double load = now() - t0;
    /* all sentences' forms in memory */
    pl_conllu_reader *r;
    if (pl_conllu_open(gold, &r)) {
        fprintf(stderr, "bench_parse: %s\n", parley_errmsg());
        return 1;
    }
    size_t cap = 1 << 16, nw = 0, ns = 0, scap = 1 << 12;
    char **forms = malloc(cap * sizeof *forms);
    size_t *starts = malloc(scap * sizeof *starts);
    const pl_conllu_sentence *s;
    while (pl_conllu_next(r, &s) == PARLEY_OK) {
        if (ns + 2 > scap)
            starts = realloc(starts, (scap *= 2) * sizeof *starts);
        starts[ns++] = nw;
        for (size_t i = 0; i < s->nlines; i++) {
            if (s->lines[i].id <= 0 || s->lines[i].is_empty_node)
                continue;
            if (nw == cap)
                forms = realloc(forms, (cap *= 2) * sizeof *forms);
            forms[nw++] = strdup(s->lines[i].form);
        }
    }
    starts[ns] = nw;
    pl_conllu_close(r);
    parley_parser *p;
    if (parley_parser_new(m, &p)) {
        fprintf(stderr, "bench_parse: %s\n", parley_errmsg());
        return 1;
    }
    int tags[PL_MAX_SENT], heads[PL_MAX_SENT], labels[PL_MAX_SENT];
    /* one warm-up pass pages the model in, then timed passes for >= 3 s */
    size_t words = 0;
    double start = 0, t1 = 0, cpu0 = 0;
    for (int pass = 0;; pass++) {
        if (pass == 1) {
            start = now();
            cpu0 = cpu_now();
            words = 0;
        }
        for (size_t i = 0; i < ns; i++) {
            size_t n = starts[i + 1] - starts[i];
            if (n == 0 || n > PL_MAX_SENT)
                continue;
            pl_parse_words(p, (const char **)forms + starts[i], n, tags, heads, labels);
            words += n;
        }
        t1 = now();
        if (pass >= 1 && t1 - start >= 3.0)
            break;
    }
    double secs = t1 - start, cpu = cpu_now() - cpu0;
    size_t weights = 0;
    const pl_pmodel *pms[2] = {&m->tagger, &m->parser};
    for (int k = 0; k < 2; k++)
        weights += (1 + pms[k]->nhot + pms[k]->nslots) * sizeof(pl_pslot) +
                   pms[k]->nents * sizeof(pl_pent);
    printf("model:            %s\n", parley_model_path(m));
    printf("model file:       %.1f MB (mmap'd, shared between threads and processes)\n",
           (double)m->size / 1e6);
    printf("  weights:        %.1f MB: tagger %zu hot + %zu cold slots + %zu entries, parser %zu "
           "hot + %zu cold slots + %zu entries (16-byte slots, 4-byte entries)\n",
           (double)weights / 1e6, m->tagger.nhot, m->tagger.nslots, m->tagger.nents,
           m->parser.nhot, m->parser.nslots, m->parser.nents);
    printf("load time:        %.1f ms\n", load * 1e3);
    printf("resident memory:  %.1f MB after the run (%.1f MB before loading)\n",
           (double)rss_kb() / 1e3, (double)rss0 / 1e3);
    printf("input:            %s, %zu sentences, %zu words\n", gold, ns, nw);
    printf("tag + parse:      %zu words in %.2f s wall = %.0f tokens/s\n", words, secs,
           (double)words / secs);
    printf("                  %.2f s of CPU time on one core = %.0f tokens/s per core\n", cpu,
           (double)words / cpu);
    parley_parser_free(p);
    parley_model_free(m);
    for (size_t i = 0; i < nw; i++)
        free(forms[i]);
    free(forms);
    free(starts);
    return 0;
}
