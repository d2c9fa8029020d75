/*
 * gazetteer.c - the compiled gazetteer: loading (mmap, every section and
 * index checked so a damaged file is an error naming it, never a crash),
 * name normalization and lookup, the public getters.
 */
#include "where/where.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <utf8proc.h>
#include <zlib.h>

#ifndef PARLEY_PREFIX
#define PARLEY_PREFIX "/usr/local"
#endif

struct parley_gazetteer {
    const unsigned char *base;
    size_t size;
    void *map;   /* mmap'd file, or NULL */
    void *owned; /* or a heap copy */
    char path[PATH_MAX];
    const char *strs;
    size_t nstrs;
    const pl_gcountry *ctry;
    size_t nctry;
    const pl_gadm1 *adm1;
    size_t nadm1;
    const pl_gentry *ents;
    size_t nents;
    const pl_gkey *keys;
    size_t nkeys; /* a power of two */
    const uint32_t *post;
    size_t npost;
};

/* ---------------------------------------------------------------------- */
/* Names */

size_t pl_gaz_norm(const char *s, size_t n, char *out, size_t cap)
{
    size_t o = 0;
    bool space = false;
    if (cap == 0)
        return 0;
    for (size_t i = 0; i < n;) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x80) {
            i++;
            if (c == '.' || c == '\'' || c == '`')
                continue;
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z')) {
                if (space && o > 0) {
                    if (o + 1 >= cap)
                        return 0;
                    out[o++] = ' ';
                }
                space = false;
                if (o + 1 >= cap)
                    return 0;
                out[o++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
            } else {
                space = true;
            }
            continue;
        }
        size_t len = 0;
        int32_t cp = pl_utf8_valid_len((const unsigned char *)s + i, n - i)
                         ? pl_utf8_decode((const unsigned char *)s + i, n - i, &len)
                         : -1;
        if (cp < 0 || len == 0) {
            i++;
            space = true;
            continue;
        }
        i += len;
        if (cp == 0x2019 || cp == 0x2018 || cp == 0x02BC || cp == 0x02BB) /* apostrophes */
            continue;
        utf8proc_int32_t dec[8];
        int last = 0;
        utf8proc_ssize_t k = utf8proc_decompose_char(
            cp, dec, 8, UTF8PROC_DECOMPOSE | UTF8PROC_STRIPMARK | UTF8PROC_CASEFOLD, &last);
        if (k <= 0 || k > 8) {
            space = true;
            continue;
        }
        for (utf8proc_ssize_t j = 0; j < k; j++) {
            utf8proc_category_t cat = utf8proc_category(dec[j]);
            bool alnum = (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO) ||
                         cat == UTF8PROC_CATEGORY_ND;
            if (!alnum) {
                if (cat < UTF8PROC_CATEGORY_MN || cat > UTF8PROC_CATEGORY_ME)
                    space = true;
                continue;
            }
            char enc[4];
            size_t el = pl_utf8_encode(dec[j], enc);
            if (space && o > 0) {
                if (o + 1 >= cap)
                    return 0;
                out[o++] = ' ';
            }
            space = false;
            if (o + el >= cap)
                return 0;
            memcpy(out + o, enc, el);
            o += el;
        }
    }
    out[o] = '\0';
    return o;
}

uint64_t pl_gaz_hash(const char *norm, size_t n)
{
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)norm[i];
        h *= 1099511628211ULL;
    }
    h = pl_mix64(h);
    return h ? h : 1;
}

void pl_gaz_lookup(const pl_gaz *g, const char *norm, size_t n, const uint32_t **post, size_t *np,
                   unsigned *flags)
{
    *post = NULL;
    *np = 0;
    if (flags)
        *flags = 0;
    if (!g || n == 0 || g->nkeys == 0)
        return;
    uint64_t h = pl_gaz_hash(norm, n);
    size_t mask = g->nkeys - 1;
    for (size_t i = (size_t)h & mask, probes = 0; probes < g->nkeys; i = (i + 1) & mask, probes++) {
        const pl_gkey *k = &g->keys[i];
        if (k->hash == 0)
            return;
        if (k->hash == h) {
            *post = g->post + k->off;
            *np = k->n;
            if (flags)
                *flags = k->flags;
            return;
        }
    }
}

float pl_gaz_prior(const pl_gentry *e)
{
    float p = (float)log10((double)e->pop + 10.0);
    switch (e->kind) {
    case PL_GK_COUNTRY: p += 6; break;
    case PL_GK_ADM1: p += 2.5f; break;
    case PL_GK_WATER: p += 5; break;
    case PL_GK_REGION: p += 4.5f; break;
    case PL_GK_ADM2: p += 0.5f; break;
    case PL_GK_CITY:
        if (strncmp(e->fcode, "PPLC", 4) == 0)
            p += 3.0f; /* a capital: "Washington" in news is the city, not the state */
        else if (strncmp(e->fcode, "PPLA", 4) == 0)
            p += 0.5f;
        break;
    default: break;
    }
    return p;
}

bool pl_where_in_list(const char *w, const char *const *list)
{
    for (; *list; list++)
        if (strcmp(w, *list) == 0)
            return true;
    return false;
}

size_t pl_gaz_nentries(const pl_gaz *g)
{
    return g ? g->nents : 0;
}

const pl_gentry *pl_gaz_entry(const pl_gaz *g, uint32_t i)
{
    return g && i < g->nents ? &g->ents[i] : NULL;
}

const char *pl_gaz_str(const pl_gaz *g, uint32_t off)
{
    return g && off < g->nstrs ? g->strs + off : "";
}

const pl_gcountry *pl_gaz_country(const pl_gaz *g, uint16_t i)
{
    return g && i < g->nctry ? &g->ctry[i] : NULL;
}

const pl_gadm1 *pl_gaz_adm1(const pl_gaz *g, uint16_t i)
{
    return g && i < g->nadm1 ? &g->adm1[i] : NULL;
}

uint16_t pl_gaz_country_by_iso3(const pl_gaz *g, const char *iso3)
{
    if (!g || !iso3)
        return PL_GAZ_NONE;
    for (size_t i = 0; i < g->nctry; i++)
        if (strncmp(g->ctry[i].iso3, iso3, 3) == 0)
            return (uint16_t)i;
    return PL_GAZ_NONE;
}

const char *pl_gaz_feature(const pl_gentry *e, char *buf)
{
    char code[7];
    memcpy(code, e->fcode, 6);
    code[6] = '\0';
    snprintf(buf, 12, "%c.%s", e->fclass ? e->fclass : '?', code);
    return buf;
}

double pl_gaz_km(double lat1, double lon1, double lat2, double lon2)
{
    const double r = M_PI / 180.0;
    double dlat = (lat2 - lat1) * r, dlon = (lon2 - lon1) * r;
    double a = sin(dlat / 2) * sin(dlat / 2) +
               cos(lat1 * r) * cos(lat2 * r) * sin(dlon / 2) * sin(dlon / 2);
    if (a > 1)
        a = 1;
    return 2 * 6371.0088 * asin(sqrt(a));
}

/* ---------------------------------------------------------------------- */
/* Loading */

static uint32_t get32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t get64(const unsigned char *p)
{
    return get32(p) | (uint64_t)get32(p + 4) << 32;
}

#define BAD(...) pl_error(PARLEY_ERR_MODEL, __VA_ARGS__)

/* Find section tag; its items must be item bytes each. */
static parley_status section(pl_gaz *g, const char *tag, size_t item, const void **p, size_t *n)
{
    uint32_t nsec = get32(g->base + 12);
    for (uint32_t i = 0; i < nsec; i++) {
        const unsigned char *e = g->base + 24 + 24 * (size_t)i;
        if (memcmp(e, tag, 4) != 0)
            continue;
        uint64_t off = get64(e + 8), len = get64(e + 16);
        if (off > g->size || len > g->size - off || off % 64 != 0)
            return BAD("%s: section %s lies outside the file", g->path, tag);
        if (len % item != 0)
            return BAD("%s: section %s has a partial record", g->path, tag);
        uLong crc = crc32(0L, Z_NULL, 0);
        for (uint64_t done = 0; done < len;) {
            uint64_t chunk = len - done > (1u << 30) ? (1u << 30) : len - done;
            crc = crc32(crc, g->base + off + done, (uInt)chunk);
            done += chunk;
        }
        if ((uint32_t)crc != get32(e + 4))
            return BAD("%s: section %s is damaged (CRC mismatch)", g->path, tag);
        *p = g->base + off;
        *n = (size_t)(len / item);
        return PARLEY_OK;
    }
    return BAD("%s: no %s section", g->path, tag);
}

static parley_status validate(pl_gaz *g)
{
    if (g->size < 24 || memcmp(g->base, PL_GAZ_MAGIC, 8) != 0)
        return BAD("%s: not a parley gazetteer (bad magic)", g->path);
    uint32_t ver = get32(g->base + 8);
    if (ver != PL_GAZ_VERSION)
        return BAD("%s: gazetteer format version %u, this library reads %u (rebuild it)", g->path,
                   ver, PL_GAZ_VERSION);
    uint32_t nsec = get32(g->base + 12);
    if (nsec > 64 || 24 + 24 * (size_t)nsec > g->size)
        return BAD("%s: bad section table", g->path);
    if (get64(g->base + 16) != g->size)
        return BAD("%s: truncated (header says %llu bytes, file has %zu)", g->path,
                   (unsigned long long)get64(g->base + 16), g->size);
    const void *p;
    parley_status st;
    if ((st = section(g, "STRS", 1, &p, &g->nstrs)))
        return st;
    g->strs = p;
    if (g->nstrs == 0 || g->strs[g->nstrs - 1] != '\0')
        return BAD("%s: string pool not terminated", g->path);
    if ((st = section(g, "CTRY", sizeof(pl_gcountry), &p, &g->nctry)))
        return st;
    g->ctry = p;
    if ((st = section(g, "ADM1", sizeof(pl_gadm1), &p, &g->nadm1)))
        return st;
    g->adm1 = p;
    if ((st = section(g, "ENTS", sizeof(pl_gentry), &p, &g->nents)))
        return st;
    g->ents = p;
    if ((st = section(g, "KEYS", sizeof(pl_gkey), &p, &g->nkeys)))
        return st;
    g->keys = p;
    if ((st = section(g, "POST", sizeof(uint32_t), &p, &g->npost)))
        return st;
    g->post = p;
    if (g->nctry >= PL_GAZ_NONE || g->nadm1 >= PL_GAZ_NONE || g->nents > 0x1FFFFFFFu ||
        (g->nkeys & (g->nkeys - 1)) != 0)
        return BAD("%s: table sizes out of range", g->path);
    for (size_t i = 0; i < g->nctry; i++)
        if (g->ctry[i].entry >= g->nents || memchr(g->ctry[i].iso3, 0, 4) == NULL ||
            memchr(g->ctry[i].iso2, 0, 4) == NULL || memchr(g->ctry[i].fips, 0, 4) == NULL)
            return BAD("%s: country %zu is malformed", g->path, i);
    for (size_t i = 0; i < g->nadm1; i++)
        if (g->adm1[i].entry >= g->nents || g->adm1[i].country >= g->nctry ||
            memchr(g->adm1[i].code, 0, sizeof g->adm1[i].code) == NULL)
            return BAD("%s: admin1 %zu is malformed", g->path, i);
    for (size_t i = 0; i < g->nents; i++) {
        const pl_gentry *e = &g->ents[i];
        if (e->name >= g->nstrs || (e->country != PL_GAZ_NONE && e->country >= g->nctry) ||
            (e->adm1 != PL_GAZ_NONE && e->adm1 >= g->nadm1) || e->lat < -9000000 ||
            e->lat > 9000000 || e->lon < -18000000 || e->lon > 18000000)
            return BAD("%s: entry %zu is malformed", g->path, i);
    }
    size_t used = 0;
    for (size_t i = 0; i < g->nkeys; i++) {
        const pl_gkey *k = &g->keys[i];
        if (k->hash == 0)
            continue;
        used++;
        if (k->off > g->npost || k->n > g->npost - k->off)
            return BAD("%s: name key %zu points outside the postings", g->path, i);
    }
    if (g->nkeys > 0 && used == g->nkeys)
        return BAD("%s: the name table has no empty slot", g->path);
    for (size_t i = 0; i < g->npost; i++)
        if (PL_GPOST_ENTRY(g->post[i]) >= g->nents)
            return BAD("%s: posting %zu names no entry", g->path, i);
    return PARLEY_OK;
}

static void gaz_free(pl_gaz *g)
{
    if (!g)
        return;
    if (g->map)
        munmap(g->map, g->size);
    pl_free(g->owned);
    pl_free(g);
}

parley_status pl_gaz_from_memory(const void *data, size_t size, const char *name, pl_gaz **out)
{
    *out = NULL;
    pl_gaz *g = pl_calloc(1, sizeof *g);
    if (!g || !(g->owned = pl_malloc(size ? size : 1))) {
        pl_free(g);
        return pl_error(PARLEY_ERR_NOMEM, "out of memory");
    }
    if (size)
        memcpy(g->owned, data, size);
    g->base = g->owned;
    g->size = size;
    snprintf(g->path, sizeof g->path, "%s", name ? name : "(memory)");
    parley_status st = validate(g);
    if (st) {
        gaz_free(g);
        return st;
    }
    *out = g;
    return PARLEY_OK;
}

PARLEY_API parley_status parley_gazetteer_default_path(char *out, size_t cap)
{
    if (!out || cap == 0)
        return pl_error(PARLEY_ERR_ARG, "parley_gazetteer_default_path: no buffer");
    const char *env = getenv("PARLEY_GAZETTEER");
    char cand[PATH_MAX];
    snprintf(cand, sizeof cand, "%s", env && *env ? env : PARLEY_PREFIX "/share/parley/places.gaz");
    if (!(env && *env)) {
        /* beside the default model (which is found beside the library or the
         * executable, or installed): build/places.gaz next to build/en-ewt.model */
        char mp[PATH_MAX];
        char *slash;
        if (parley_model_default_path(mp, sizeof mp) == PARLEY_OK && (slash = strrchr(mp, '/')) &&
            (size_t)(slash + 1 - mp) + sizeof "places.gaz" <= sizeof mp) {
            memcpy(slash + 1, "places.gaz", sizeof "places.gaz");
            if (access(mp, R_OK) == 0)
                snprintf(cand, sizeof cand, "%s", mp);
        }
        if (access(cand, R_OK) != 0)
            return pl_error(PARLEY_ERR_NOT_FOUND,
                            "no gazetteer found (places.gaz beside the model, in " PARLEY_PREFIX
                            "/share/parley, or $PARLEY_GAZETTEER); build it with "
                            "`make`");
    }
    if (snprintf(out, cap, "%s", cand) >= (int)cap)
        return pl_error(PARLEY_ERR_ARG, "gazetteer path too long");
    return PARLEY_OK;
}

PARLEY_API parley_status parley_gazetteer_load(const char *path, parley_gazetteer **out)
{
    if (!out)
        return pl_error(PARLEY_ERR_ARG, "parley_gazetteer_load: out is NULL");
    *out = NULL;
    char def[PATH_MAX];
    if (!path) {
        parley_status st = parley_gazetteer_default_path(def, sizeof def);
        if (st)
            return st;
        path = def;
    }
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return pl_error(PARLEY_ERR_IO, "%s: cannot open the gazetteer: %s", path, strerror(errno));
    struct stat sb;
    if (fstat(fd, &sb) != 0 || sb.st_size < 24) {
        close(fd);
        return pl_error(PARLEY_ERR_MODEL, "%s: not a parley gazetteer (too short)", path);
    }
    pl_gaz *g = pl_calloc(1, sizeof *g);
    if (!g) {
        close(fd);
        return pl_error(PARLEY_ERR_NOMEM, "out of memory");
    }
    g->size = (size_t)sb.st_size;
    g->map = mmap(NULL, g->size, PROT_READ, MAP_PRIVATE, fd, 0);
    close(fd);
    if (g->map == MAP_FAILED) {
        g->map = NULL;
        pl_free(g);
        return pl_error(PARLEY_ERR_IO, "%s: cannot map the gazetteer: %s", path, strerror(errno));
    }
    g->base = g->map;
    snprintf(g->path, sizeof g->path, "%s", path);
    parley_status st = validate(g);
    if (st) {
        gaz_free(g);
        return st;
    }
    *out = (parley_gazetteer *)g;
    return PARLEY_OK;
}

PARLEY_API void parley_gazetteer_free(parley_gazetteer *g)
{
    gaz_free((pl_gaz *)g);
}

PARLEY_API size_t parley_gazetteer_size(const parley_gazetteer *g)
{
    return pl_gaz_nentries((const pl_gaz *)g);
}

PARLEY_API const char *parley_gazetteer_path(const parley_gazetteer *g)
{
    return g ? ((const pl_gaz *)g)->path : "";
}

PARLEY_API size_t parley_gazetteer_lookup(const parley_gazetteer *gz, const char *name,
                                          uint32_t *ids, size_t cap)
{
    const pl_gaz *g = (const pl_gaz *)gz;
    if (!g || !name)
        return 0;
    char norm[256];
    size_t n = pl_gaz_norm(name, strlen(name), norm, sizeof norm);
    const uint32_t *post;
    size_t np;
    pl_gaz_lookup(g, norm, n, &post, &np, NULL);
    size_t k = 0;
    for (size_t i = 0; i < np; i++) {
        if (PL_GPOST_HOW(post[i]) == PL_GH_DEMONYM)
            continue;
        if (ids && k < cap)
            ids[k] = PL_GPOST_ENTRY(post[i]);
        k++;
    }
    return k;
}

PARLEY_API parley_status parley_gazetteer_entry(const parley_gazetteer *gz, uint32_t i,
                                                const char **name, const char **country,
                                                double *lat, double *lon, uint32_t *geonames_id,
                                                long *population, const char **feature)
{
    const pl_gaz *g = (const pl_gaz *)gz;
    const pl_gentry *e = pl_gaz_entry(g, i);
    if (!e)
        return pl_error(PARLEY_ERR_ARG, "parley_gazetteer_entry: no entry %u", i);
    static _Thread_local char feat[12];
    const pl_gcountry *c = pl_gaz_country(g, e->country);
    if (name)
        *name = pl_gaz_str(g, e->name);
    if (country)
        *country = c ? c->iso3 : "";
    if (lat)
        *lat = e->lat / 1e5;
    if (lon)
        *lon = e->lon / 1e5;
    if (geonames_id)
        *geonames_id = e->id;
    if (population)
        *population = (long)e->pop;
    if (feature)
        *feature = pl_gaz_feature(e, feat);
    return PARLEY_OK;
}
