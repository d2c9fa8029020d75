/* dict.c - loading a dictionary set: finding data/, reading the manifest
 * (parley.dicts) or guessing file roles from names, and resolving actor
 * codes for a date. */
#include "dict/dict.h"
#include "dict/verbs.h"

#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <glob.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef PARLEY_PREFIX
#define PARLEY_PREFIX "/usr/local"
#endif

#define MANIFEST "parley.dicts"
#define MAX_DICT_LINE ((size_t)1 << 20)

parley_status pl_dict_new(parley_dict **out)
{
    *out = NULL;
    parley_dict *d = pl_calloc(1, sizeof *d);
    if (!d)
        return pl_error(PARLEY_ERR_NOMEM, "out of memory (dictionary)");
    d->arena = pl_arena_new(64 * 1024);
    if (!d->arena || pl_words_init(&d->words) != PARLEY_OK ||
        pl_words_init(&d->common) != PARLEY_OK || pl_trie_init(&d->actors_trie) != PARLEY_OK ||
        pl_trie_init(&d->agents_trie) != PARLEY_OK || pl_trie_init(&d->issues_trie) != PARLEY_OK ||
        pl_trie_init(&d->excl_trie) != PARLEY_OK) {
        parley_dict_free(d);
        return pl_error(PARLEY_ERR_NOMEM, "out of memory (dictionary)");
    }
    *out = d;
    return PARLEY_OK;
}

PARLEY_API void parley_dict_free(parley_dict *d)
{
    if (!d)
        return;
    pl_arena_free(d->arena);
    pl_words_release(&d->words);
    pl_words_release(&d->common);
    pl_trie_release(&d->actors_trie);
    pl_trie_release(&d->agents_trie);
    pl_trie_release(&d->issues_trie);
    pl_trie_release(&d->excl_trie);
    pl_free(d->actors);
    pl_free(d->codes);
    pl_free(d->node_flags);
    pl_free(d->agents);
    pl_free(d->discards);
    pl_free(d->issues);
    pl_free(d->capitals);
    pl_free(d->fuzzy_words);
    pl_fuzzy_release(&d->fuzzy_index);
    pl_dict_discard_index_release(&d->discard_index);
    pl_free(d->files);
    pl_free(d);
}

parley_status pl_dict_flag_node(parley_dict *d, uint32_t node, uint8_t flag)
{
    if (node >= d->node_flags_cap) {
        size_t nc = d->node_flags_cap ? d->node_flags_cap : 1024;
        while (nc <= node)
            nc *= 2;
        uint8_t *nf = pl_realloc(d->node_flags, nc);
        if (!nf)
            return PARLEY_ERR_NOMEM;
        memset(nf + d->node_flags_cap, 0, nc - d->node_flags_cap);
        d->node_flags = nf;
        d->node_flags_cap = nc;
    }
    d->node_flags[node] |= flag;
    return PARLEY_OK;
}

parley_status pl_dict_add_fuzzy_word(parley_dict *d, uint32_t word)
{
    if (pl_grow((void **)&d->fuzzy_words, &d->fuzzy_cap, d->nfuzzy + 1, sizeof *d->fuzzy_words,
                (size_t)UINT32_MAX) != PARLEY_OK)
        return PARLEY_ERR_NOMEM;
    d->fuzzy_words[d->nfuzzy++] = word;
    return PARLEY_OK;
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

static int cmp_capital(const void *a, const void *b)
{
    return cmp_u32(&((const pl_capital *)a)->node, &((const pl_capital *)b)->node);
}

parley_status pl_dict_finish(parley_dict *d)
{
    if (d->nfuzzy > 1) {
        qsort(d->fuzzy_words, d->nfuzzy, sizeof *d->fuzzy_words, cmp_u32);
        size_t o = 1;
        for (size_t i = 1; i < d->nfuzzy; i++)
            if (d->fuzzy_words[i] != d->fuzzy_words[o - 1])
                d->fuzzy_words[o++] = d->fuzzy_words[i];
        d->nfuzzy = o;
    }
    parley_status rc = pl_fuzzy_build(&d->fuzzy_index, &d->words, d->fuzzy_words, d->nfuzzy);
    if (rc == PARLEY_OK)
        rc = pl_dict_index_discards(d);
    if (rc != PARLEY_OK)
        return rc;
    if (d->ncapitals > 1)
        qsort(d->capitals, d->ncapitals, sizeof *d->capitals, cmp_capital);
    return PARLEY_OK;
}

/* Day number of a yyyymmdd date (days from 0000-03-01, proleptic Gregorian), so that
 * distances between dates are in days: 20230101 - 20221231 is 1, not 8870. */
static int64_t day_number(int32_t ymd)
{
    int64_t y = ymd / 10000, m = ymd / 100 % 100, d = ymd % 100;
    if (m <= 2) {
        y--;
        m += 12;
    }
    return 365 * y + y / 4 - y / 100 + y / 400 + (153 * (m - 3) + 2) / 5 + d - 1;
}

/* Whether a code's role is ELI (elites without office: "USAELI", "ELI"). */
static bool is_eli(const char *code)
{
    size_t n = strlen(code);
    return n >= 3 && memcmp(code + n - 3, "ELI", 3) == 0;
}

/* Days from date to the span [from, to) of c (0 inside it). */
static int64_t span_distance(const pl_code *c, int32_t date)
{
    if (date < c->from)
        return day_number(c->from) - day_number(date);
    if (c->to != PL_DATE_MAX && date >= c->to)
        return day_number(date) - day_number(c->to) + 1;
    return 0;
}

/* Whether span a ends later than span b (on the same end, starts later). */
static bool ends_later(const pl_code *a, const pl_code *b)
{
    return a->to > b->to || (a->to == b->to && a->from > b->from);
}

const char *pl_dict_resolve(const parley_dict *d, uint32_t actor, int32_t date)
{
    /* best: narrowest span covering date; nearest: the span closest to date (on a tie the
     * earlier one, the role last held); latest, latest_office: the span that ends last,
     * among all and among the non-ELI codes. */
    const pl_code *best = NULL, *undated = NULL, *nearest = NULL, *latest = NULL,
                  *latest_office = NULL;
    int64_t bestw = INT64_MAX, neard = INT64_MAX;
    for (uint32_t r = actor; r != PL_NONE; r = d->actors[r].next) {
        const pl_actor *a = &d->actors[r];
        for (uint32_t i = 0; i < a->ncodes; i++) {
            const pl_code *c = &d->codes[a->code0 + i];
            if (c->from == PL_DATE_MIN && c->to == PL_DATE_MAX) {
                if (!undated)
                    undated = c;
                continue;
            }
            if (date > 0) {
                if (c->from <= date && date < c->to) {
                    int64_t w = (int64_t)c->to - c->from;
                    if (w < bestw) {
                        bestw = w;
                        best = c;
                    }
                } else {
                    int64_t dist = span_distance(c, date);
                    if (dist < neard || (dist == neard && c->from < nearest->from)) {
                        neard = dist;
                        nearest = c;
                    }
                }
            } else {
                if (!latest || ends_later(c, latest))
                    latest = c;
                if (!is_eli(c->code) && (!latest_office || ends_later(c, latest_office)))
                    latest_office = c;
            }
        }
    }
    /* A dated document: the term covering it; outside every term, the code the file gives
     * for that (the undated one, Phoenix's ex-official ELI), else the nearest term, so that
     * a person named before or after the dictionary's terms keeps a role. An undated
     * document: the last office held (people are in the news mostly while in office, and
     * Phoenix's undated code is the ex-official one), else the latest term, else undated. */
    const pl_code *c;
    if (date > 0)
        c = best ? best : undated ? undated : nearest;
    else
        c = latest_office ? latest_office : latest ? latest : undated;
    if (!c || !c->code[0])
        return NULL;
    return c->code;
}

/* ---------------------------------------------------------------------- */
/* Finding data/. */

static bool has_manifest(const char *dir)
{
    char p[PATH_MAX];
    struct stat st;
    if (snprintf(p, sizeof p, "%s/%s", dir, MANIFEST) >= (int)sizeof p)
        return false;
    return stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

/* Try dir/../data, dir/../../data and dir/../share/parley for a manifest. */
static bool data_beside(const char *file, char *buf, size_t size)
{
    char dir[PATH_MAX];
    if (!file || !*file || strlen(file) >= sizeof dir)
        return false;
    if (!realpath(file, dir))
        return false;
    char *slash = strrchr(dir, '/');
    if (!slash)
        return false;
    *slash = '\0';
    static const char *const rel[] = {"/../data", "/../../data", "/../share/parley", "/data"};
    for (size_t i = 0; i < sizeof rel / sizeof rel[0]; i++) {
        char cand[PATH_MAX], real[PATH_MAX];
        if (snprintf(cand, sizeof cand, "%s%s", dir, rel[i]) >= (int)sizeof cand)
            continue;
        if (has_manifest(cand) && realpath(cand, real) && strlen(real) < size) {
            strcpy(buf, real);
            return true;
        }
    }
    return false;
}

/* An object in the library, so dladdr() names the file that holds it. */
static const char data_anchor = 0;

parley_status pl_dict_data_dir(char *buf, size_t size)
{
    const char *env = getenv("PARLEY_DATA");
    if (env && *env) {
        if (strlen(env) >= size)
            return pl_error(PARLEY_ERR_ARG, "PARLEY_DATA is too long");
        strcpy(buf, env);
        return PARLEY_OK;
    }
    Dl_info info;
    if (dladdr(&data_anchor, &info) && data_beside(info.dli_fname, buf, size))
        return PARLEY_OK;
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = '\0';
        if (data_beside(exe, buf, size))
            return PARLEY_OK;
    }
    const char *inst = PARLEY_PREFIX "/share/parley";
    if (has_manifest(inst) && strlen(inst) < size) {
        strcpy(buf, inst);
        return PARLEY_OK;
    }
    return pl_error(PARLEY_ERR_NOT_FOUND,
                    "cannot find parley's data directory (set PARLEY_DATA, or install to %s)",
                    inst);
}

/* ---------------------------------------------------------------------- */
/* Loading files. */

enum role { R_ACTORS, R_AGENTS, R_DISCARDS, R_ISSUES, R_VERBS, R_CAPITALS, R_COMMON, R_NONE };
static const char *const role_names[] = {"actors", "agents", "discards", "issues",
                                         "verbs", "capitals", "common"};

static parley_status note_file(parley_dict *d, const char *path, const char **kept)
{
    const char *copy = pl_arena_strdup(d->arena, path);
    if (!copy || pl_grow((void **)&d->files, &d->files_cap, d->nfiles + 1, sizeof *d->files,
                         1u << 20) != PARLEY_OK)
        return pl_error(PARLEY_ERR_NOMEM, "out of memory (dictionary files)");
    d->files[d->nfiles++] = copy;
    *kept = copy;
    return PARLEY_OK;
}

static parley_status load_file(parley_dict *d, enum role role, const char *path)
{
    const char *kept = NULL;
    parley_status rc = note_file(d, path, &kept);
    if (rc != PARLEY_OK)
        return rc;
    if (role == R_VERBS) {
        /* read whole here (12 ms) so its problems are the set's, reported by
         * `dict check`, and a directory or a file without verb blocks fails
         * the load; each coder reads it again for itself */
        pl_verbdict *v;
        if ((rc = pl_verbs_load_as(path, path, &v)) != PARLEY_OK)
            return rc;
        size_t nw, ne;
        pl_verbs_problems(v, &nw, &ne);
        d->nwarnings += nw;
        d->nerrors += ne;
        pl_verbs_free(v);
        d->verbs_path = kept;
        return PARLEY_OK;
    }
    if (role == R_CAPITALS)
        return pl_dict_read_capitals(d, path);
    pl_lines *in;
    if ((rc = pl_lines_open(path, MAX_DICT_LINE, &in)) != PARLEY_OK)
        return rc;
    switch (role) {
    case R_ACTORS: rc = pl_dict_read_actors(d, in); break;
    case R_AGENTS: rc = pl_dict_read_agents(d, in); break;
    case R_DISCARDS: rc = pl_dict_read_discards(d, in); break;
    case R_ISSUES: rc = pl_dict_read_issues(d, in); break;
    case R_COMMON: rc = pl_dict_read_common(d, in); break;
    default: break;
    }
    pl_lines_free(in);
    return rc;
}

/* Load every file matching a pattern relative to base (sorted). A pattern
 * without wildcards must name an existing file. */
static parley_status load_pattern(parley_dict *d, enum role role, const char *base,
                                  const char *pattern, const char *where)
{
    char path[PATH_MAX];
    if (pattern[0] == '/')
        snprintf(path, sizeof path, "%s", pattern);
    else if (snprintf(path, sizeof path, "%s/%s", base, pattern) >= (int)sizeof path)
        return pl_error(PARLEY_ERR_ARG, "%s: path too long", where);
    if (!strpbrk(pattern, "*?[")) {
        parley_status rc = load_file(d, role, path);
        if (rc == PARLEY_ERR_IO) {
            char msg[1024]; /* parley_errmsg() is the buffer pl_error writes */
            snprintf(msg, sizeof msg, "%s", parley_errmsg());
            return pl_error(rc, "%s: %s", where, msg);
        }
        return rc;
    }
    glob_t g;
    int gr = glob(path, 0, NULL, &g);
    if (gr == GLOB_NOMATCH)
        return PARLEY_OK;
    if (gr != 0)
        return pl_error(PARLEY_ERR_IO, "%s: cannot list %s", where, path);
    parley_status rc = PARLEY_OK;
    for (size_t i = 0; i < g.gl_pathc && rc == PARLEY_OK; i++)
        rc = load_file(d, role, g.gl_pathv[i]);
    globfree(&g);
    return rc;
}

static enum role role_of(const char *key)
{
    for (int r = 0; r < R_NONE; r++)
        if (strcmp(key, role_names[r]) == 0)
            return (enum role)r;
    return R_NONE;
}

/* The manifest: "ROLE = FILE" lines, '#' comments, paths relative to the
 * manifest's directory, wildcards allowed. */
static parley_status load_manifest(parley_dict *d, const char *path)
{
    char base[PATH_MAX];
    snprintf(base, sizeof base, "%s", path);
    char *slash = strrchr(base, '/');
    if (slash)
        *slash = '\0';
    else
        strcpy(base, ".");
    pl_lines *in;
    parley_status rc = pl_lines_open(path, 1 << 16, &in);
    if (rc != PARLEY_OK)
        return rc;
    const char *line;
    size_t len;
    while ((rc = pl_lines_next(in, &line, &len)) != PARLEY_END) {
        if (rc != PARLEY_OK) {
            rc = pl_error(rc, "%s:%zu: unreadable line", path, pl_lines_number(in));
            break;
        }
        char buf[PATH_MAX + 64];
        snprintf(buf, sizeof buf, "%s", line);
        char *hash = strchr(buf, '#');
        if (hash)
            *hash = '\0';
        char *p = buf;
        while (*p == ' ' || *p == '\t')
            p++;
        if (!*p)
            continue;
        char *eq = strchr(p, '=');
        if (!eq) {
            rc = pl_error(PARLEY_ERR_FORMAT, "%s:%zu: expected 'ROLE = FILE'", path,
                          pl_lines_number(in));
            break;
        }
        char *ke = eq;
        while (ke > p && (ke[-1] == ' ' || ke[-1] == '\t'))
            ke--;
        *ke = '\0';
        char *v = eq + 1;
        while (*v == ' ' || *v == '\t')
            v++;
        size_t vl = strlen(v);
        while (vl > 0 && (v[vl - 1] == ' ' || v[vl - 1] == '\t'))
            v[--vl] = '\0';
        enum role r = role_of(p);
        if (r == R_NONE || vl == 0) {
            rc = pl_error(PARLEY_ERR_FORMAT, "%s:%zu: unknown role '%s' (actors, agents, "
                          "discards, issues, verbs, capitals, common)",
                          path, pl_lines_number(in), p);
            break;
        }
        char where[PATH_MAX + 32];
        snprintf(where, sizeof where, "%s:%zu", path, pl_lines_number(in));
        if ((rc = load_pattern(d, r, base, v, where)) != PARLEY_OK)
            break;
    }
    pl_lines_free(in);
    return rc == PARLEY_END ? PARLEY_OK : rc;
}

/* Without a manifest: roles from file names. */
static parley_status load_by_names(parley_dict *d, const char *dir)
{
    static const struct {
        const char *pattern;
        enum role role;
    } pats[] = {
        {"*.actors.txt", R_ACTORS},   {"*agents*.txt", R_AGENTS}, {"*discards*.txt", R_DISCARDS},
        {"*Issue*.txt", R_ISSUES},    {"*issues*.txt", R_ISSUES}, {"*verbs*.txt", R_VERBS},
        {"CAMEO*.txt", R_VERBS},
    };
    size_t before = d->nfiles;
    for (size_t i = 0; i < sizeof pats / sizeof pats[0]; i++) {
        parley_status rc = load_pattern(d, pats[i].role, dir, pats[i].pattern, dir);
        if (rc != PARLEY_OK)
            return rc;
    }
    if (d->nfiles == before)
        return pl_error(PARLEY_ERR_NOT_FOUND, "%s: no %s and no dictionary files (*.actors.txt, "
                        "*agents*.txt, ...)", dir, MANIFEST);
    return PARLEY_OK;
}

PARLEY_API parley_status parley_dict_load(const char *dir, parley_dict **out)
{
    if (!out)
        return pl_error(PARLEY_ERR_ARG, "parley_dict_load: out is NULL");
    *out = NULL;
    char data[PATH_MAX];
    if (!dir) {
        parley_status rc = pl_dict_data_dir(data, sizeof data);
        if (rc != PARLEY_OK)
            return rc;
        dir = data;
    }
    struct stat st;
    if (stat(dir, &st) != 0)
        return pl_error(PARLEY_ERR_IO, "%s: %s", dir, strerror(errno));
    parley_dict *d;
    parley_status rc = pl_dict_new(&d);
    if (rc != PARLEY_OK)
        return rc;
    if (S_ISREG(st.st_mode)) {
        rc = load_manifest(d, dir);
    } else if (has_manifest(dir)) {
        char m[PATH_MAX + 16];
        snprintf(m, sizeof m, "%s/%s", dir, MANIFEST);
        rc = load_manifest(d, m);
    } else {
        rc = load_by_names(d, dir);
    }
    if (rc == PARLEY_OK)
        rc = pl_dict_finish(d);
    if (rc != PARLEY_OK) {
        parley_dict_free(d);
        return rc;
    }
    *out = d;
    return PARLEY_OK;
}

PARLEY_API void parley_dict_problems(const parley_dict *d, size_t *warnings, size_t *errors)
{
    if (warnings)
        *warnings = d ? d->nwarnings : 0;
    if (errors)
        *errors = d ? d->nerrors : 0;
}

PARLEY_API parley_status parley_dict_summary(const parley_dict *d, char **out)
{
    if (!d || !out)
        return pl_error(PARLEY_ERR_ARG, "parley_dict_summary: NULL argument");
    pl_buf b;
    pl_buf_init(&b, 1 << 20);
    char tmp[512];
    snprintf(tmp, sizeof tmp,
             "{\"files\":%zu,\"actors\":%zu,\"actor_phrases\":%zu,\"codes\":%zu,\"agents\":%zu,"
             "\"discards\":%zu,\"issues\":%zu,\"capitals\":%zu,\"words\":%zu,\"actor_nodes\":%zu,"
             "\"agent_nodes\":%zu,\"warnings\":%zu,\"errors\":%zu}",
             d->nfiles, d->nactors, d->nphrases, d->ncodes, d->nagents, d->ndiscards, d->nissues,
             d->ncapitals, d->words.n, d->actors_trie.nnodes, d->agents_trie.nnodes, d->nwarnings,
             d->nerrors);
    if (pl_buf_puts(&b, tmp) != PARLEY_OK) {
        pl_buf_release(&b);
        return pl_error(PARLEY_ERR_NOMEM, "out of memory");
    }
    *out = b.data;
    return PARLEY_OK;
}

PARLEY_API size_t parley_dict_file_count(const parley_dict *d) { return d ? d->nfiles : 0; }

PARLEY_API const char *parley_dict_file(const parley_dict *d, size_t i)
{
    return d && i < d->nfiles ? d->files[i] : NULL;
}

PARLEY_API const char *parley_dict_verbs_path(const parley_dict *d)
{
    return d ? d->verbs_path : NULL;
}
