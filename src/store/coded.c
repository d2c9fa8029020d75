/* coded.c - a coded document as one line of JSON and back, so that one
 * machine can code (a Dask worker, through the Python package) and another
 * store: the store groups mentions into events in input order, so the
 * documents must reach one writer, and this is what travels. The event
 * objects are the `parley code --format jsonl` lines, so what a worker
 * sends is also what a user reads. */
#include "code/code.h"
#include "where/where.h"

#include <jansson.h>
#include <math.h>
#include <string.h>

/* Append one JSON string member (",\"key\":" and the quoted value). */
static parley_status put_member(pl_buf *b, const char *key, const char *v, size_t n)
{
    parley_status st = pl_putf(b, ",\"%s\":", key);
    return st ? st : pl_json_str(b, v, n);
}

PARLEY_API parley_status parley_doc_coded_json(const parley_doc *doc, char **out)
{
    if (!doc || !out)
        return pl_error(PARLEY_ERR_ARG, "parley_doc_coded_json: NULL argument");
    *out = NULL;
    pl_buf b;
    pl_buf_init(&b, 0);
    parley_status st = pl_buf_puts(&b, "{\"id\":");
    if (!st)
        st = pl_json_str(&b, doc->id, strlen(doc->id));
    const char *keys[5] = {"date", "title", "url", "source", "origin"};
    const char *vals[5] = {doc->date, doc->title, doc->url, doc->source, doc->origin};
    for (int k = 0; k < 5 && !st; k++)
        st = put_member(&b, keys[k], vals[k], strlen(vals[k]));
    if (!st)
        st = pl_putf(&b, ",\"record\":%llu", (unsigned long long)doc->record);
    if (!st)
        st = put_member(&b, "text", doc->text, doc->text_len);
    if (!st)
        st = pl_buf_puts(&b, ",\"blocks\":[");
    for (size_t i = 0; i < doc->nblocks && !st; i++)
        st = pl_putf(&b, "%s[%u,%u,%u]", i ? "," : "", doc->blocks[i].start, doc->blocks[i].end,
                     doc->blocks[i].kind);
    if (!st)
        st = pl_buf_puts(&b, "],\"sentences\":[");
    for (size_t i = 0; i < doc->nsents && !st; i++)
        st = pl_putf(&b, "%s[%u,%u]", i ? "," : "", doc->sents[i].start, doc->sents[i].end);
    if (!st)
        st = pl_buf_puts(&b, "],\"events\":[");
    for (size_t i = 0; i < doc->nevents && !st; i++) {
        if (i)
            st = pl_buf_putc(&b, ',');
        if (!st)
            st = pl_event_jsonl(&b, doc, &doc->events[i]);
        if (!st)
            b.data[--b.len] = '\0'; /* the line's newline */
    }
    if (!st)
        st = pl_buf_puts(&b, "]}");
    if (st) {
        pl_buf_release(&b);
        return pl_error(st, "document '%s' as JSON: %s", doc->id, parley_strerror(st));
    }
    *out = b.data; /* pl_malloc'd: parley_string_free */
    return PARLEY_OK;
}

/* ---------------------------------------------------------------------- */
/* Reading it back */

/* What the reader needs in every message: which input, which member. */
typedef struct rd {
    const char *name;
    parley_doc *doc;
} rd;

static parley_status bad(const rd *r, const char *what)
{
    return pl_error(PARLEY_ERR_FORMAT, "%s: coded document '%s': %s", r->name,
                    r->doc && *r->doc->id ? r->doc->id : "?", what);
}

/* Member key of o as a string copied into the document's arena: "" when
 * absent or null; *ok false when it is there with another type. */
static const char *get_str(const rd *r, json_t *o, const char *key, bool *ok)
{
    json_t *v = json_object_get(o, key);
    if (!v || json_is_null(v))
        return pl_arena_strdup(r->doc->arena, "");
    if (!json_is_string(v)) {
        *ok = false;
        return "";
    }
    const char *s = pl_arena_strndup(r->doc->arena, json_string_value(v), json_string_length(v));
    if (!s)
        *ok = false;
    return s ? s : "";
}

/* Member key as a string into a fixed array of cap bytes (too long: not ok). */
static void get_fixed(const rd *r, json_t *o, const char *key, char *out, size_t cap, bool *ok)
{
    const char *s = get_str(r, o, key, ok);
    if (strlen(s) >= cap)
        *ok = false;
    else
        memcpy(out, s, strlen(s) + 1);
}

/* Member key as an integer in [0, max]: 0 when absent; not ok otherwise. */
static uint64_t get_uint(json_t *o, const char *key, uint64_t max, bool *ok)
{
    json_t *v = json_object_get(o, key);
    if (!v)
        return 0;
    if (!json_is_integer(v) || json_integer_value(v) < 0 || (uint64_t)json_integer_value(v) > max) {
        *ok = false;
        return 0;
    }
    return (uint64_t)json_integer_value(v);
}

/* Member key as a number, NAN when absent or null. */
static double get_num(json_t *o, const char *key, bool *ok)
{
    json_t *v = json_object_get(o, key);
    if (!v || json_is_null(v))
        return NAN;
    if (!json_is_number(v)) {
        *ok = false;
        return NAN;
    }
    return json_number_value(v);
}

/* A span [start, end) inside the text. */
static bool span_ok(const parley_doc *doc, uint64_t start, uint64_t end)
{
    return start <= end && end <= doc->text_len;
}

/* The inverse of the writers' match names (src/code/event.c). */
static uint8_t match_number(const char *m)
{
    for (uint8_t i = 1; i < 32; i++)
        if (*pl_match_name(i) && strcmp(m, pl_match_name(i)) == 0)
            return i;
    return 0;
}

static parley_status read_actor(const rd *r, json_t *ev, const char *key, pl_event_actor *a)
{
    json_t *o = json_object_get(ev, key);
    bool ok = json_is_object(o);
    if (!ok)
        return bad(r,
                   key[0] == 's' ? "an event without its source" : "an event without its target");
    a->code = get_str(r, o, "code", &ok);
    a->text = get_str(r, o, "text", &ok);
    a->start = (uint32_t)get_uint(o, "start", UINT32_MAX, &ok);
    a->end = (uint32_t)get_uint(o, "end", UINT32_MAX, &ok);
    a->match = match_number(get_str(r, o, "match", &ok));
    if (!ok || !span_ok(r->doc, a->start, a->end))
        return bad(r, key[0] == 's' ? "a bad event source" : "a bad event target");
    return PARLEY_OK;
}

/* The event's place (pl_where_json's object), hung on a new pl_event_where. */
static parley_status read_place(const rd *r, json_t *p, pl_event *e)
{
    pl_event_where *w = pl_arena_calloc(r->doc->arena, sizeof *w);
    if (!w)
        return pl_error(PARLEY_ERR_NOMEM, "out of memory reading a coded document");
    bool ok = json_is_object(p);
    pl_event_place *q = &w->place;
    if (ok) {
        q->name = get_str(r, p, "name", &ok);
        q->text = get_str(r, p, "text", &ok);
        get_fixed(r, p, "country", q->country, sizeof q->country, &ok);
        get_fixed(r, p, "adm1", q->adm1, sizeof q->adm1, &ok);
        get_fixed(r, p, "feature", q->feature, sizeof q->feature, &ok);
        q->lat = get_num(p, "lat", &ok);
        q->lon = get_num(p, "lon", &ok);
        q->geonames_id = (uint32_t)get_uint(p, "geonames_id", UINT32_MAX, &ok);
        q->start = (uint32_t)get_uint(p, "start", UINT32_MAX, &ok);
        q->end = (uint32_t)get_uint(p, "end", UINT32_MAX, &ok);
    }
    if (!ok || !span_ok(r->doc, q->start, q->end))
        return bad(r, "a bad event place");
    w->has_place = true;
    e->where = w;
    return PARLEY_OK;
}

static parley_status read_event(const rd *r, json_t *o, pl_event *e)
{
    if (!json_is_object(o))
        return bad(r, "an event that is not an object");
    bool ok = true;
    uint64_t sent = get_uint(o, "sentence_index", UINT32_MAX, &ok);
    if (!ok || sent >= r->doc->nsents)
        return bad(r, "an event in no sentence of the document");
    e->sent = (uint32_t)sent;
    parley_status st = read_actor(r, o, "source", &e->src);
    if (!st)
        st = read_actor(r, o, "target", &e->tgt);
    if (st)
        return st;
    get_fixed(r, o, "cameo", e->cameo, sizeof e->cameo, &ok);
    get_fixed(r, o, "cameo", e->info.code, sizeof e->info.code, &ok);
    get_fixed(r, o, "root", e->info.root, sizeof e->info.root, &ok);
    e->info.quad = (uint8_t)get_uint(o, "quad_class", 4, &ok);
    e->info.goldstein = get_num(o, "goldstein", &ok);
    e->info.name = get_str(r, o, "event_name", &ok);
    e->info.plover = get_str(r, o, "plover", &ok);
    e->info.plover_mode = get_str(r, o, "plover_mode", &ok);
    const char *mode = get_str(r, o, "mode", &ok);
    e->mode = PL_MODE_ASSERTED;
    for (int m = PL_MODE_PLANNED; m <= PL_MODE_NEGATED; m++)
        if (strcmp(mode, pl_mode_name(m)) == 0)
            e->mode = (uint8_t)m;
    if (*mode && e->mode == PL_MODE_ASSERTED)
        ok = false;
    json_t *t = json_object_get(o, "trigger"), *p = json_object_get(o, "pattern");
    if (!ok || !json_is_object(t) || !json_is_object(p))
        return bad(r, "a bad event code, mode, trigger or pattern");
    e->trig_text = get_str(r, t, "text", &ok);
    e->trig_start = (uint32_t)get_uint(t, "start", UINT32_MAX, &ok);
    e->trig_end = (uint32_t)get_uint(t, "end", UINT32_MAX, &ok);
    e->pat_text = get_str(r, p, "text", &ok);
    e->pat_file = get_str(r, p, "file", &ok);
    e->pat_line = (uint32_t)get_uint(p, "line", UINT32_MAX, &ok);
    if (!ok || !span_ok(r->doc, e->trig_start, e->trig_end))
        return bad(r, "a bad event trigger or pattern");
    json_t *w = json_object_get(o, "event_date");
    if (w && !json_is_null(w)) {
        ok = json_is_object(w);
        if (ok) {
            e->when.value = get_str(r, w, "value", &ok);
            e->when.precision = get_str(r, w, "precision", &ok);
            e->when.text = get_str(r, w, "text", &ok);
            e->when.basis = get_str(r, w, "basis", &ok);
            e->when.start = (uint32_t)get_uint(w, "start", UINT32_MAX, &ok);
            e->when.end = (uint32_t)get_uint(w, "end", UINT32_MAX, &ok);
        }
        if (!ok || !span_ok(r->doc, e->when.start, e->when.end))
            return bad(r, "a bad event_date");
    }
    json_t *place = json_object_get(o, "place");
    if (place && !json_is_null(place))
        return read_place(r, place, e);
    return PARLEY_OK;
}

/* The metadata, text, blocks and sentences of the object o into r->doc. */
static parley_status read_doc(rd *r, json_t *o)
{
    json_t *text = json_object_get(o, "text");
    if (!json_is_string(text))
        return bad(r, "no text");
    const char *id = json_string_value(json_object_get(o, "id"));
    parley_status st = parley_doc_new(id ? id : "", NULL, json_string_value(text),
                                      json_string_length(text), &r->doc);
    if (st)
        return st;
    parley_doc *doc = r->doc;
    bool ok = true;
    doc->date = get_str(r, o, "date", &ok);
    doc->title = get_str(r, o, "title", &ok);
    doc->url = get_str(r, o, "url", &ok);
    doc->source = get_str(r, o, "source", &ok);
    doc->origin = get_str(r, o, "origin", &ok);
    doc->record = get_uint(o, "record", UINT64_MAX >> 1, &ok);
    if (!ok || !json_is_string(json_object_get(o, "id")))
        return bad(r, "a bad id, date, title, url, source, origin or record");
    if (*doc->date && !parley_date_valid(doc->date))
        return bad(r, "a date that is not YYYY-MM-DD");
    json_t *blocks = json_object_get(o, "blocks"), *sents = json_object_get(o, "sentences");
    if (!json_is_array(blocks) || !json_is_array(sents))
        return bad(r, "no blocks or sentences");
    doc->nblocks = 0; /* parley_doc_new's one block gives way to the original ones */
    for (size_t i = 0; i < json_array_size(blocks); i++) {
        json_t *b = json_array_get(blocks, i);
        json_t *s = json_array_get(b, 0), *e = json_array_get(b, 1), *k = json_array_get(b, 2);
        if (!json_is_integer(s) || !json_is_integer(e) || !json_is_integer(k) ||
            json_integer_value(s) < 0 ||
            !span_ok(doc, (uint64_t)json_integer_value(s), (uint64_t)json_integer_value(e)) ||
            (json_integer_value(k) != PL_BLOCK_HEADLINE && json_integer_value(k) != PL_BLOCK_BODY))
            return bad(r, "a bad block");
        if ((st = pl_doc_add_block(doc, (uint32_t)json_integer_value(s),
                                   (uint32_t)json_integer_value(e), (int)json_integer_value(k))))
            return st;
    }
    for (size_t i = 0; i < json_array_size(sents); i++) {
        json_t *s = json_array_get(json_array_get(sents, i), 0);
        json_t *e = json_array_get(json_array_get(sents, i), 1);
        if (!json_is_integer(s) || !json_is_integer(e) || json_integer_value(s) < 0 ||
            !span_ok(doc, (uint64_t)json_integer_value(s), (uint64_t)json_integer_value(e)))
            return bad(r, "a bad sentence span");
        pl_sentence sn = {.start = (uint32_t)json_integer_value(s),
                          .end = (uint32_t)json_integer_value(e)};
        if ((st = pl_doc_add_sentence(doc, &sn)))
            return st;
    }
    return PARLEY_OK;
}

PARLEY_API parley_status parley_doc_from_coded_json(const char *json, size_t len, const char *name,
                                                    parley_doc **out)
{
    if (!out || (!json && len))
        return pl_error(PARLEY_ERR_ARG, "parley_doc_from_coded_json: NULL argument");
    *out = NULL;
    rd r = {.name = name && *name ? name : "coded document", .doc = NULL};
    json_error_t err;
    json_t *o = json_loadb(json ? json : "", len, 0, &err);
    if (!o)
        return pl_error(PARLEY_ERR_FORMAT, "%s: line %d column %d: %s", r.name, err.line,
                        err.column, err.text);
    parley_status st = json_is_object(o) ? read_doc(&r, o) : bad(&r, "not a JSON object");
    json_t *evs = st ? NULL : json_object_get(o, "events");
    if (!st && !json_is_array(evs))
        st = bad(&r, "no events");
    size_t n = evs ? json_array_size(evs) : 0;
    pl_event *e = NULL;
    if (!st && n && !(e = pl_arena_calloc(r.doc->arena, sizeof *e * n)))
        st = pl_error(PARLEY_ERR_NOMEM, "out of memory reading a coded document");
    for (size_t i = 0; i < n && !st; i++)
        st = read_event(&r, json_array_get(evs, i), &e[i]);
    json_decref(o);
    if (st) {
        parley_doc_free(r.doc);
        return st;
    }
    r.doc->events = e;
    r.doc->nevents = n;
    *out = r.doc;
    return PARLEY_OK;
}
