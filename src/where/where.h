/*
 * where.h - the places stage's internals: the gazetteer (a binary file
 * compiled from GeoNames at build time, memory-mapped at load), the place
 * recognizer and resolver over a segmented (ideally parsed) document, the
 * event-place pass, and the readers and scorers of place corpora.
 * Internal to the library; the public face is in parley.h.
 */
#ifndef PL_WHERE_WHERE_H
#define PL_WHERE_WHERE_H

#include "core/core.h"

/* ---------------------------------------------------------------------- */
/* The gazetteer file (little-endian, format version 1):
 *   0  magic "PARLEYG\x1a"   8 bytes
 *   8  u32 format version
 *  12  u32 number of sections
 *  16  u64 file size
 *  24  section table: per section {char tag[4]; u32 crc32; u64 offset; u64 length}
 *  then the sections, each at a multiple of 64: STRS (string pool, offset 0
 *  is ""), CTRY (pl_gcountry), ADM1 (pl_gadm1), ENTS (pl_gentry), KEYS
 *  (pl_gkey, a power-of-two open-addressing table), POST (u32 postings).
 * Version changelog: 1 - first format. */
#define PL_GAZ_MAGIC   "PARLEYG\x1a"
#define PL_GAZ_VERSION 1u
#define PL_GAZ_NONE    0xFFFFu

/* What a gazetteer entry is: the resolver's prior and the output's kind. */
enum pl_gkind {
    PL_GK_COUNTRY = 1,
    PL_GK_ADM1 = 2,
    PL_GK_ADM2 = 3,
    PL_GK_CITY = 4,
    PL_GK_WATER = 5,  /* sea, strait, gulf, bay, ocean, channel, canal */
    PL_GK_REGION = 6, /* region, continent, peninsula */
    PL_GK_ISLAND = 7,
    PL_GK_OTHER = 8
};

typedef struct pl_gentry {
    uint32_t id;      /* GeoNames id; 0 for a hand addition without one */
    int32_t lat, lon; /* 1e-5 degrees */
    uint32_t pop;     /* population (ADM1/ADM2: the sum of their cities') */
    uint32_t name;    /* STRS offset of the preferred name */
    uint16_t country; /* index in CTRY or PL_GAZ_NONE */
    uint16_t adm1;    /* index in ADM1 or PL_GAZ_NONE */
    uint8_t kind;     /* enum pl_gkind */
    char fclass;      /* GeoNames feature class: A, P, H, L, T, S... */
    char fcode[6];    /* GeoNames feature code, NUL padded: PPLC, ADM1, STRT... */
} pl_gentry;

typedef struct pl_gcountry {
    char iso2[4], iso3[4], fips[4]; /* NUL terminated */
    uint32_t entry;                 /* its entry in ENTS */
} pl_gcountry;

typedef struct pl_gadm1 {
    uint32_t entry;   /* its entry in ENTS */
    uint16_t country; /* index in CTRY */
    char code[10];    /* GeoNames admin1 code within the country ("TX", "02"), NUL terminated */
} pl_gadm1;

/* A name key: the hash of a normalized name and its postings. */
typedef struct pl_gkey {
    uint64_t hash;  /* 0 = empty slot */
    uint32_t off;   /* first posting in POST */
    uint16_t n;     /* number of postings */
    uint16_t flags; /* PL_GKEY_* */
} pl_gkey;
#define PL_GKEY_COMMON 1u /* the name is a frequent lower-case English word */

/* A posting: entry index in the low 29 bits, how the name names it above. */
#define PL_GPOST_ENTRY(p) ((p)&0x1FFFFFFFu)
#define PL_GPOST_HOW(p)   ((p) >> 29)
enum pl_ghow {
    PL_GH_NAME = 0,   /* preferred or ASCII name */
    PL_GH_ALT = 1,    /* alternate name */
    PL_GH_ABBR = 2,   /* abbreviation: only after a comma ("Long Beach, CA") */
    PL_GH_DEMONYM = 3 /* "Chinese" -> China: context, not a place mention */
};

typedef struct parley_gazetteer pl_gaz;

/* Normalize a name for lookup: case folded, diacritics stripped, periods
 * and apostrophes dropped, any other run of non-alphanumerics one space,
 * trimmed. Writes at most cap-1 bytes and a NUL; returns the length, 0
 * when nothing is left or the name does not fit. */
size_t pl_gaz_norm(const char *s, size_t n, char *out, size_t cap);
uint64_t pl_gaz_hash(const char *norm, size_t n);

/* Postings for a normalized name: *post and *n (0 when unknown); the key's
 * flags in *flags (may be NULL). Postings are in descending prior order. */
void pl_gaz_lookup(const pl_gaz *g, const char *norm, size_t n, const uint32_t **post, size_t *np,
                   unsigned *flags);
size_t pl_gaz_nentries(const pl_gaz *g);
const pl_gentry *pl_gaz_entry(const pl_gaz *g, uint32_t i);
const char *pl_gaz_str(const pl_gaz *g, uint32_t off);
const pl_gcountry *pl_gaz_country(const pl_gaz *g, uint16_t i); /* NULL for NONE */
const pl_gadm1 *pl_gaz_adm1(const pl_gaz *g, uint16_t i);       /* NULL for NONE */
/* Country index for an ISO3 code (PL_GAZ_NONE if unknown). */
uint16_t pl_gaz_country_by_iso3(const pl_gaz *g, const char *iso3);
/* "P.PPLC" for an entry (buf of 12 bytes). */
const char *pl_gaz_feature(const pl_gentry *e, char *buf);
/* The static prior of an entry: log10 of its population plus its kind's
 * bonus (a country or a sea is what a bare name most often means in news,
 * a capital more than a same-named division). Sorts postings at build
 * time and starts resolution. */
float pl_gaz_prior(const pl_gentry *e);
/* Is w one of the NULL-terminated list? */
bool pl_where_in_list(const char *w, const char *const *list);
/* Great-circle distance in km. */
double pl_gaz_km(double lat1, double lon1, double lat2, double lon2);

/* Load from memory (copied) - for the fuzz harness and tests. */
parley_status pl_gaz_from_memory(const void *data, size_t size, const char *name, pl_gaz **out);

/* ---------------------------------------------------------------------- */
/* Recognition and resolution */

/* A place mention in a document. */
typedef struct pl_place {
    uint32_t sent;       /* sentence index */
    uint32_t w0, w1;     /* doc words [w0, w1) */
    uint32_t start, end; /* byte span in doc->text */
    uint32_t entry;      /* resolved gazetteer entry */
    float score;         /* the winning candidate's score */
    bool demonym;        /* "Russian": names the country, is not a setting */
} pl_place;
#define PL_PLACE_UNRESOLVED UINT32_MAX /* entry of a name the gazetteer lacks */

typedef struct pl_places {
    pl_place *p;
    size_t n, cap;
} pl_places;
void pl_places_release(pl_places *ps);

/* Find and resolve every place name of a segmented document (tags and
 * parse are used when present) into out (cleared first), in text order.
 * With settings, also the proper nouns the gazetteer lacks that the parse
 * shows are places ("in Zor Maghar village", "the Kamaliyah
 * neighborhood"), with entry PL_PLACE_UNRESOLVED: candidates for an
 * event's setting, not for the gazetteer's output. */
parley_status pl_where_find(const pl_gaz *g, const parley_doc *doc, bool settings, pl_places *out);

/* ---------------------------------------------------------------------- */
/* Events */

/* The place attached to an event (copied into the document's arena). */
typedef struct pl_event_place {
    const char *name, *text;
    char country[4]; /* ISO3, "" for none (seas) */
    char iso2[4], fips[4];
    char adm1[16]; /* "US.TX" style GeoNames admin1 code, "" for none */
    double lat, lon;
    uint32_t geonames_id;
    uint32_t start, end;
    char feature[12];
    uint8_t kind;
} pl_event_place;

/* An event's geography: its place and its two actors' (from the actors'
 * country codes), each present or not. Hung on pl_event.where. */
typedef struct pl_event_where {
    pl_event_place place, actor[2];
    bool has_place, has_actor[2];
} pl_event_where;

/* Of the places ps found, the index of the setting of the event of
 * sentence s whose verb is word v and whose actors' head words are act
 * (UINT32_MAX when absent); -1 when the parse attaches none to it. */
int pl_where_choose(const pl_gaz *g, const parley_doc *doc, const pl_places *ps, size_t s,
                    uint32_t v, const uint32_t act[2]);

/* The word of sentence sent holding byte offset pos (UINT32_MAX: none). */
uint32_t pl_where_word_at(const parley_doc *doc, size_t sent, uint32_t pos);
/* The article's news place: the first scene of a verb of the lead that is
 * not one of saying (index into ps, -1: none). */
int pl_where_news_place(const pl_gaz *g, const parley_doc *doc, const pl_places *ps);
/* The place of an event of CAMEO code root (NULL: unknown): its own
 * setting (pl_where_choose), else, for an event of the story's scene
 * (protest, force, assault, fighting), the news place. Index into ps or
 * -1. */
int pl_where_event_place(const pl_gaz *g, const parley_doc *doc, const pl_places *ps, int news,
                         size_t s, uint32_t v, const uint32_t act[2], const char *root);

/* Give each of doc's events its place (see parley_gazetteer_locate_events). */
parley_status pl_where_locate_events(const pl_gaz *g, parley_doc *doc);

/* The `place` JSON value ({...} or null), the CSV place cells (each
 * followed by a comma) and the 24 GDELT geo columns (Actor1Geo_*,
 * Actor2Geo_*, ActionGeo_*, each followed by a tab). w may be NULL.
 * The CSV header names the place columns place_name, place_country,
 * place_adm1, place_lat, place_lon, place_geonames_id, place_feature,
 * place_text, place_start, place_end (src/code/event.c). */
parley_status pl_where_json(pl_buf *b, const pl_event_where *w);
parley_status pl_where_csv(pl_buf *b, const pl_event_where *w);
parley_status pl_where_gdelt(pl_buf *b, const pl_event_where *w);

/* ---------------------------------------------------------------------- */
/* Evaluation: a gold toponym of an EUPEG gold line */
typedef struct gold_topo {
    char surface[128];
    double lat, lon;
    long start, end; /* characters */
    bool matched;
} gold_topo;

typedef struct topo_list {
    gold_topo *t;
    size_t n, cap;
} topo_list;

/* Parse one EUPEG gold line ("gaz,,surface,,lat,,lon,,start,,end[,,extra]||...")
 * into out (cleared first); PARLEY_ERR_FORMAT naming file and lineno. */
parley_status pl_where_eupeg_line(const char *line, size_t len, const char *file, size_t lineno,
                                  topo_list *out);

#endif /* PL_WHERE_WHERE_H */
