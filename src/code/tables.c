/*
 * tables.c - CAMEO event code tables: Goldstein (GDELT's
 * CAMEO.goldsteinscale.txt), names (CAMEO.eventcodes.txt), PLOVER type and
 * mode (CAMEO2PLOVER-2021.txt), QuadClass from the root code (GDELT's
 * mapping). See docs/internals/code.md for why these tables.
 */
#include "code/tables.h"
#include "dict/dict.h"

#include <ctype.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef PARLEY_PREFIX
#define PARLEY_PREFIX "/usr/local"
#endif

#define MAX_CODES 4096

typedef struct entry {
    char code[8];
    double goldstein; /* NAN unless set */
    const char *name;
    const char *plover;
    const char *mode;
} entry;

struct pl_tables {
    pl_arena *arena;
    entry *e;
    size_t n, cap;
};

static entry *find(const pl_tables *t, const char *code)
{
    for (size_t i = 0; i < t->n; i++) /* ~320 codes: a scan is fast enough */
        if (strcmp(t->e[i].code, code) == 0)
            return &t->e[i];
    return NULL;
}

static entry *get_or_add(pl_tables *t, const char *code)
{
    entry *e = find(t, code);
    if (e)
        return e;
    if (pl_grow((void **)&t->e, &t->cap, t->n + 1, sizeof *t->e, MAX_CODES))
        return NULL;
    e = &t->e[t->n++];
    memset(e, 0, sizeof *e);
    snprintf(e->code, sizeof e->code, "%s", code);
    e->goldstein = NAN;
    e->name = e->plover = e->mode = "";
    return e;
}

static bool is_code(const char *s, size_t n)
{
    if (n < 2 || n > 4)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!isdigit((unsigned char)s[i]))
            return false;
    return true;
}

/* Read path line by line, calling fn on each (after the header if any). */
static parley_status each_line(pl_tables *t, const char *path,
                               parley_status (*fn)(pl_tables *, char *, const char *, size_t))
{
    pl_lines *r;
    parley_status st = pl_lines_open(path, 4096, &r);
    if (st)
        return pl_error(PARLEY_ERR_IO, "%s: cannot open table", path);
    const char *line;
    size_t len;
    char buf[4097];
    while ((st = pl_lines_next(r, &line, &len)) != PARLEY_END) {
        if (st == PARLEY_ERR_TOO_LARGE) {
            pl_warn("%s:%zu: line too long, skipped", path, pl_lines_number(r));
            continue;
        }
        if (st)
            break;
        memcpy(buf, line, len);
        buf[len] = '\0';
        if ((st = fn(t, buf, path, pl_lines_number(r))))
            break;
    }
    pl_lines_free(r);
    if (st == PARLEY_END)
        return PARLEY_OK;
    return st == PARLEY_ERR_NOMEM ? pl_error(st, "%s: out of memory", path)
                                  : pl_error(st, "%s: read error", path);
}

/* "CODE<TAB>VALUE" lines of the two GDELT lookups. */
static bool split_tsv(char *s, char **code, char **val)
{
    char *tab = strchr(s, '\t');
    if (!tab)
        return false;
    *tab = '\0';
    *code = pl_trim(s);
    *val = pl_trim(tab + 1);
    return true;
}

static parley_status goldstein_line(pl_tables *t, char *s, const char *path, size_t line)
{
    char *code, *val;
    if (line == 1 || !*pl_trim(s))
        return PARLEY_OK; /* header */
    if (!split_tsv(s, &code, &val) || !is_code(code, strlen(code))) {
        pl_warn("%s:%zu: not a 'CODE<TAB>VALUE' line, skipped", path, line);
        return PARLEY_OK;
    }
    char *end;
    double g = strtod(val, &end);
    if (end == val || *end || !(g >= -10.0 && g <= 10.0)) {
        pl_warn("%s:%zu: Goldstein value '%s' is not a number in -10..10, skipped", path, line,
                val);
        return PARLEY_OK;
    }
    entry *e = get_or_add(t, code);
    if (!e)
        return PARLEY_ERR_NOMEM;
    e->goldstein = g;
    return PARLEY_OK;
}

static parley_status name_line(pl_tables *t, char *s, const char *path, size_t line)
{
    char *code, *val;
    if (line == 1 || !*pl_trim(s))
        return PARLEY_OK;
    if (!split_tsv(s, &code, &val) || !is_code(code, strlen(code))) {
        pl_warn("%s:%zu: not a 'CODE<TAB>NAME' line, skipped", path, line);
        return PARLEY_OK;
    }
    entry *e = get_or_add(t, code);
    if (!e || !(e->name = pl_arena_strdup(t->arena, val)))
        return PARLEY_ERR_NOMEM;
    return PARLEY_OK;
}

/* "0311: AGREE,  ,   economic # comment" or "03: AGREE". The first entry
 * for a code wins (the file lists 08 and 175 twice). */
static parley_status plover_line(pl_tables *t, char *s, const char *path, size_t line)
{
    char *h = strchr(s, '#');
    if (h)
        *h = '\0';
    s = pl_trim(s);
    if (!*s || s[0] == '~')
        return PARLEY_OK;
    char *colon = strchr(s, ':');
    if (!colon || !is_code(s, (size_t)(colon - s))) {
        pl_warn("%s:%zu: not a 'CODE: TYPE, MODE, CONTEXT' line, skipped", path, line);
        return PARLEY_OK;
    }
    *colon = '\0';
    char *rest = colon + 1;
    char *type = rest, *mode = "";
    char *comma = strchr(rest, ',');
    if (comma) {
        *comma = '\0';
        mode = comma + 1;
        char *c2 = strchr(mode, ',');
        if (c2)
            *c2 = '\0';
    }
    type = pl_trim(type);
    mode = pl_trim(mode);
    for (char *q = type; *q; q++)
        if (!isalpha((unsigned char)*q) && *q != '_' && *q != '-') {
            pl_warn("%s:%zu: PLOVER type '%s' is not a word, skipped", path, line, type);
            return PARLEY_OK;
        }
    for (char *q = type; *q; q++)
        *q = (char)toupper((unsigned char)*q);
    entry *e = get_or_add(t, s);
    if (!e)
        return PARLEY_ERR_NOMEM;
    if (*e->plover)
        return PARLEY_OK;
    if (!(e->plover = pl_arena_strdup(t->arena, type)) ||
        !(e->mode = pl_arena_strdup(t->arena, mode)))
        return PARLEY_ERR_NOMEM;
    return PARLEY_OK;
}

parley_status pl_tables_load(const char *dir, pl_tables **out)
{
    *out = NULL;
    pl_tables *t = pl_calloc(1, sizeof *t);
    if (!t || !(t->arena = pl_arena_new(16384))) {
        pl_free(t);
        return pl_error(PARLEY_ERR_NOMEM, "out of memory loading CAMEO tables");
    }
    static const char *const files[] = {"goldstein/CAMEO.goldsteinscale.txt",
                                        "goldstein/CAMEO.eventcodes.txt",
                                        "plover/CAMEO2PLOVER-2021.txt"};
    parley_status (*const fns[])(pl_tables *, char *, const char *,
                                 size_t) = {goldstein_line, name_line, plover_line};
    for (size_t i = 0; i < 3; i++) {
        char path[PATH_MAX];
        if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, files[i]) >= sizeof path) {
            pl_tables_free(t);
            return pl_error(PARLEY_ERR_ARG, "%s: data directory path too long", dir);
        }
        parley_status st = each_line(t, path, fns[i]);
        if (st) {
            pl_tables_free(t);
            return st;
        }
    }
    *out = t;
    return PARLEY_OK;
}

void pl_tables_free(pl_tables *t)
{
    if (!t)
        return;
    pl_free(t->e);
    pl_arena_free(t->arena);
    pl_free(t);
}

int pl_quad_class(const char *root)
{
    if (!root || !isdigit((unsigned char)root[0]) || !isdigit((unsigned char)root[1]) || root[2])
        return 0;
    int r = (root[0] - '0') * 10 + (root[1] - '0');
    /* GDELT: 01-05 verbal cooperation, 06-08 material cooperation,
     * 09-13 verbal conflict, 14-20 material conflict */
    if (r >= 1 && r <= 5)
        return 1;
    if (r >= 6 && r <= 8)
        return 2;
    if (r >= 9 && r <= 13)
        return 3;
    if (r >= 14 && r <= 20)
        return 4;
    return 0;
}

void pl_tables_get(const pl_tables *t, const char *code, pl_cameo_info *out)
{
    memset(out, 0, sizeof *out);
    out->goldstein = NAN;
    out->name = out->plover = out->plover_mode = "";
    if (!code)
        return;
    snprintf(out->code, sizeof out->code, "%s", code);
    size_t n = strlen(out->code);
    if (n >= 2 && isdigit((unsigned char)code[0]) && isdigit((unsigned char)code[1])) {
        out->root[0] = code[0];
        out->root[1] = code[1];
        out->root[2] = '\0';
        out->quad = (uint8_t)pl_quad_class(out->root);
    }
    if (!t)
        return;
    char buf[8];
    bool have_g = false, have_name = false, have_p = false;
    for (size_t len = n; len >= 2; len--) {
        memcpy(buf, out->code, len);
        buf[len] = '\0';
        const entry *e = find(t, buf);
        if (!e)
            continue;
        if (!have_g && !isnan(e->goldstein)) {
            out->goldstein = e->goldstein;
            have_g = true;
        }
        if (!have_name && *e->name && len == n) {
            out->name = e->name; /* a parent's name would mislabel the code */
            have_name = true;
        }
        if (!have_p && *e->plover) {
            out->plover = e->plover;
            out->plover_mode = len == n ? e->mode : "";
            have_p = true;
        }
    }
}

/* A directory that holds petrarch2/. */
static bool is_data_dir(const char *dir)
{
    char p[PATH_MAX];
    struct stat st;
    if ((size_t)snprintf(p, sizeof p, "%s/petrarch2", dir) >= sizeof p)
        return false;
    return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

parley_status pl_data_dir(char *out, size_t cap)
{
    /* one search for the data directory: the dictionary stage's */
    parley_status st = pl_dict_data_dir(out, cap);
    if (st)
        return st;
    if (!is_data_dir(out))
        return pl_error(PARLEY_ERR_NOT_FOUND,
                        "%s: not a parley data directory (no petrarch2/); set PARLEY_DATA to the "
                        "folder holding petrarch2/, goldstein/ and plover/",
                        out);
    return PARLEY_OK;
}

int pl_cameo_root_number(const char *code)
{
    if (!code || !isdigit((unsigned char)code[0]) || !isdigit((unsigned char)code[1]))
        return 0;
    int r = (code[0] - '0') * 10 + (code[1] - '0');
    return r >= 1 && r <= 20 ? r : 0;
}
