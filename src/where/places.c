/*
 * places.c - the public face of place finding: a document's place names as
 * JSON Lines or arrays.
 */
#include "code/code.h" /* the event writers' JSON strings */
#include "where/where.h"

#include <stdio.h>
#include <string.h>

static parley_status place_json(pl_buf *b, const pl_gaz *g, const parley_doc *doc,
                                const pl_place *p)
{
    const pl_gentry *e = pl_gaz_entry(g, p->entry);
    const pl_gcountry *c = pl_gaz_country(g, e->country);
    char feat[12], tmp[160];
    snprintf(tmp, sizeof tmp, "{\"start\":%u,\"end\":%u,\"text\":", p->start, p->end);
    parley_status st = pl_buf_puts(b, tmp);
    if (!st)
        st = pl_json_str(b, doc->text + p->start, p->end - p->start);
    if (!st)
        st = pl_buf_puts(b, ",\"name\":");
    const char *name = pl_gaz_str(g, e->name);
    if (!st)
        st = pl_json_str(b, name, strlen(name));
    if (!st)
        st = pl_buf_puts(b, ",\"country\":");
    if (!st)
        st = pl_json_str(b, c ? c->iso3 : "", c ? strlen(c->iso3) : 0);
    snprintf(tmp, sizeof tmp,
             ",\"lat\":%.5f,\"lon\":%.5f,\"geonames_id\":%u,\"feature\":\"%s\","
             "\"sentence_index\":%u}\n",
             e->lat / 1e5, e->lon / 1e5, e->id, pl_gaz_feature(e, feat), p->sent);
    if (!st)
        st = pl_buf_puts(b, tmp);
    return st;
}

PARLEY_API parley_status parley_places_jsonl(const parley_gazetteer *g, const parley_doc *doc,
                                             char **out)
{
    if (!out)
        return pl_error(PARLEY_ERR_ARG, "parley_places_jsonl: out is NULL");
    *out = NULL;
    if (!g || !doc)
        return pl_error(PARLEY_ERR_ARG, "parley_places_jsonl: NULL gazetteer or document");
    pl_places ps = {0};
    parley_status st = pl_where_find(g, doc, false, &ps);
    pl_buf b;
    pl_buf_init(&b, 0);
    if (!st)
        st = pl_buf_puts(&b, "");
    for (size_t i = 0; i < ps.n && !st; i++)
        st = place_json(&b, g, doc, &ps.p[i]);
    pl_places_release(&ps);
    if (st) {
        pl_buf_release(&b);
        return st;
    }
    *out = b.data;
    return PARLEY_OK;
}

PARLEY_API parley_status parley_places_find(const parley_gazetteer *g, const parley_doc *doc,
                                            size_t cap, size_t *starts, size_t *ends,
                                            uint32_t *entries, size_t *n)
{
    if (!g || !doc || !n)
        return pl_error(PARLEY_ERR_ARG, "parley_places_find: NULL argument");
    pl_places ps = {0};
    parley_status st = pl_where_find(g, doc, false, &ps);
    if (st)
        return st;
    for (size_t i = 0; i < ps.n && i < cap; i++) {
        if (starts)
            starts[i] = ps.p[i].start;
        if (ends)
            ends[i] = ps.p[i].end;
        if (entries)
            entries[i] = ps.p[i].entry;
    }
    *n = ps.n;
    pl_places_release(&ps);
    return PARLEY_OK;
}
