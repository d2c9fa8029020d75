/*
 * eval.c - scorers for the dates stage.
 *
 * TempEval-3 task A (timex): every .tml file under a directory is read, its
 * text tagged against its DCT, and the expressions compared with the gold
 * TIMEX3 (the DCT itself is not scored). As the TempEval-3 scorer defines
 * it: a gold and a system expression match relaxed when they overlap and
 * strictly when their extents are the same; precision counts system
 * expressions that match, recall gold ones; type and value accuracy are
 * over the gold expressions matched relaxed; value F1 = relaxed F1 x value
 * accuracy. Re-implemented from that definition: the scorer aligns
 * tokens, this one bytes, which is the same for extents on token edges.
 *
 * EventTime (Reimers et al. 2016): each gold event of a TimeBank document
 * is dated by the event pass on the parsed document and the anchor
 * compared with the gold (exact string), see docs/internals/when.md.
 *
 * Wikinews events: for each gold event with an event_date, the date of
 * the main predicate of its sentence, compared at the gold's precision.
 */
#include "when/when.h"

#include <dirent.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* ---------------------------------------------------------------------- */
/* File lists */

typedef struct names {
    char **v;
    size_t n, cap;
} names;

static void names_release(names *s)
{
    for (size_t i = 0; i < s->n; i++)
        pl_free(s->v[i]);
    pl_free(s->v);
    memset(s, 0, sizeof *s);
}

static parley_status names_add(names *s, const char *p)
{
    if (pl_grow((void **)&s->v, &s->cap, s->n + 1, sizeof *s->v, (size_t)1 << 20))
        return pl_error(PARLEY_ERR_NOMEM, "out of memory");
    if (!(s->v[s->n] = pl_strdup(p)))
        return pl_error(PARLEY_ERR_NOMEM, "out of memory");
    s->n++;
    return PARLEY_OK;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every *.tml file under dir (recursively), sorted. */
static parley_status find_tml(const char *dir, names *out, int depth)
{
    DIR *d = opendir(dir);
    if (!d)
        return pl_error(PARLEY_ERR_IO, "%s: cannot open directory", dir);
    struct dirent *e;
    parley_status st = PARLEY_OK;
    while (!st && (e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        struct stat sb;
        if (stat(path, &sb) != 0)
            continue;
        size_t l = strlen(e->d_name);
        if (S_ISDIR(sb.st_mode) && depth < 8)
            st = find_tml(path, out, depth + 1);
        else if (S_ISREG(sb.st_mode) && l > 4 && strcmp(e->d_name + l - 4, ".tml") == 0)
            st = names_add(out, path);
    }
    closedir(d);
    if (!st && depth == 0)
        qsort(out->v, out->n, sizeof *out->v, cmp_str);
    return st;
}

static double pct(double a, double b)
{
    return b > 0 ? 100.0 * a / b : 0.0;
}

static double f1(double p, double r)
{
    return p + r > 0 ? 2 * p * r / (p + r) : 0.0;
}

static bool overlap(uint32_t a0, uint32_t a1, uint32_t b0, uint32_t b1)
{
    return a0 < b1 && b0 < a1;
}

/* Extents compared without surrounding white space. */
static void trim_span(const char *t, uint32_t *s, uint32_t *e)
{
    while (*s < *e && (t[*s] == ' ' || t[*s] == '\n' || t[*s] == '\t'))
        (*s)++;
    while (*e > *s && (t[*e - 1] == ' ' || t[*e - 1] == '\n' || t[*e - 1] == '\t'))
        (*e)--;
}

PARLEY_API parley_status parley_eval_timex(const char *dir, int verbose, char **json)
{
    *json = NULL;
    names files = {0};
    parley_status st = find_tml(dir, &files, 0);
    if (!st && files.n == 0)
        st = pl_error(PARLEY_ERR_NOT_FOUND, "%s: no .tml files", dir);
    size_t ngold = 0, nsys = 0, rel_g = 0, str_g = 0, rel_s = 0, str_s = 0, type_ok = 0,
           value_ok = 0;
    json_t *misses = verbose ? json_array() : NULL;
    for (size_t f = 0; f < files.n && !st; f++) {
        pl_tml t;
        if ((st = pl_tml_read(files.v[f], &t)))
            break;
        pl_ymd dct;
        bool have = pl_ymd_parse(t.dct, &dct);
        pl_timexes sys = {0};
        if ((st = pl_timex_tag(t.text, t.len, have ? &dct : NULL, &sys))) {
            pl_tml_release(&t);
            break;
        }
        for (size_t i = 0; i < t.ntimex; i++)
            trim_span(t.text, &t.timex[i].start, &t.timex[i].end);
        ngold += t.ntimex;
        nsys += sys.n;
        /* recall side: each gold expression against the system one that
         * overlaps it most */
        for (size_t i = 0; i < t.ntimex; i++) {
            const pl_tml_elem *g = &t.timex[i];
            long best = -1;
            uint32_t bo = 0;
            for (size_t k = 0; k < sys.n; k++) {
                const pl_timex *x = &sys.tx[k];
                if (!overlap(g->start, g->end, x->start, x->end))
                    continue;
                uint32_t o = (x->end < g->end ? x->end : g->end) -
                             (x->start > g->start ? x->start : g->start);
                if (best < 0 || o > bo) {
                    best = (long)k;
                    bo = o;
                }
            }
            const pl_timex *x = best >= 0 ? &sys.tx[best] : NULL;
            bool strict = x && x->start == g->start && x->end == g->end;
            bool tok = x && x->type == g->type, vok = x && strcmp(x->value, g->value) == 0;
            if (x) {
                rel_g++;
                str_g += strict;
                type_ok += tok;
                value_ok += vok;
            }
            if (misses && (!x || !strict || !vok)) {
                json_t *m = json_object();
                json_object_set_new(m, "doc", json_string(t.docid));
                json_object_set_new(m, "gold", json_stringn(t.text + g->start, g->end - g->start));
                json_object_set_new(m, "gold_type", json_string(pl_tx_type_name(g->type)));
                json_object_set_new(m, "gold_value", json_string(g->value));
                if (x) {
                    json_object_set_new(m, "system",
                                        json_stringn(t.text + x->start, x->end - x->start));
                    json_object_set_new(m, "system_type", json_string(pl_tx_type_name(x->type)));
                    json_object_set_new(m, "system_value", json_string(x->value));
                }
                json_array_append_new(misses, m);
            }
        }
        /* precision side */
        for (size_t k = 0; k < sys.n; k++) {
            const pl_timex *x = &sys.tx[k];
            bool rel = false, strict = false;
            for (size_t i = 0; i < t.ntimex; i++) {
                const pl_tml_elem *g = &t.timex[i];
                if (overlap(g->start, g->end, x->start, x->end)) {
                    rel = true;
                    strict |= g->start == x->start && g->end == x->end;
                }
            }
            rel_s += rel;
            str_s += strict;
            if (misses && !rel) {
                json_t *m = json_object();
                json_object_set_new(m, "doc", json_string(t.docid));
                json_object_set_new(m, "spurious",
                                    json_stringn(t.text + x->start, x->end - x->start));
                json_object_set_new(m, "system_type", json_string(pl_tx_type_name(x->type)));
                json_object_set_new(m, "system_value", json_string(x->value));
                json_array_append_new(misses, m);
            }
        }
        pl_timexes_release(&sys);
        pl_tml_release(&t);
    }
    if (!st) {
        double sp = pct((double)str_s, (double)nsys), sr = pct((double)str_g, (double)ngold);
        double rp = pct((double)rel_s, (double)nsys), rr = pct((double)rel_g, (double)ngold);
        double rf = f1(rp, rr);
        double ta = pct((double)type_ok, (double)rel_g), va = pct((double)value_ok, (double)rel_g);
        json_t *o = json_pack("{s:i,s:i,s:i,s:f,s:f,s:f,s:f,s:f,s:f,s:f,s:f,s:f,s:f}", "files",
                              (json_int_t)files.n, "gold", (json_int_t)ngold, "system",
                              (json_int_t)nsys, "strict_precision", sp, "strict_recall", sr,
                              "strict_f1", f1(sp, sr), "relaxed_precision", rp, "relaxed_recall",
                              rr, "relaxed_f1", rf, "type_accuracy", ta, "value_accuracy", va,
                              "type_f1", rf * ta / 100.0, "value_f1", rf * va / 100.0);
        if (!o) {
            st = pl_error(PARLEY_ERR_NOMEM, "out of memory");
        } else {
            if (misses)
                json_object_set(o, "misses", misses);
            char *s = json_dumps(o, JSON_REAL_PRECISION(4) | JSON_COMPACT);
            json_decref(o);
            *json = s ? pl_strdup(s) : NULL;
            free(s);
            if (!*json)
                st = pl_error(PARLEY_ERR_NOMEM, "out of memory");
        }
    }
    json_decref(misses);
    names_release(&files);
    return st;
}
