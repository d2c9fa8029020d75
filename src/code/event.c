/*
 * event.c - a document's events: public getters and the JSON Lines, CSV
 * and GDELT 2.0 writers.
 *
 * JSON field names are a contract (add, never rename): doc_id,
 * sentence_index, sentence, date, source, target ({code, text, start, end,
 * match}), cameo, root, quad_class, goldstein, plover, plover_mode, mode,
 * trigger ({text, start, end}), pattern ({text, file, line}), plus
 * event_name, event_date ({value, precision, text, start, end, basis},
 * from the dates stage; null when the event was not dated) and place
 * ({name, country, adm1, lat, lon, geonames_id, feature, text, start,
 * end}) when the event has one.
 */
#include "code/code.h"
#include "where/where.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static const pl_event *ev_at(const parley_doc *doc, size_t i)
{
    return doc && i < doc->nevents ? &doc->events[i] : NULL;
}

const char *pl_match_name(int m)
{
    switch (m) {
    case 1: return "exact";
    case 2: return "agent";
    case 3: return "place";
    case 4: return "fuzzy";
    case 5: return "context";
    case 6: return "coref";
    case 8: return "implicit";
    case 9: return "name";
    default: return "";
    }
}

/* ---------------------------------------------------------------------- */
/* Public getters */

PARLEY_API size_t parley_doc_event_count(const parley_doc *doc)
{
    return doc ? doc->nevents : 0;
}

PARLEY_API const char *parley_event_cameo(const parley_doc *doc, size_t i)
{
    const pl_event *e = ev_at(doc, i);
    return e ? e->cameo : "";
}

PARLEY_API const char *parley_event_root(const parley_doc *doc, size_t i)
{
    const pl_event *e = ev_at(doc, i);
    return e ? e->info.root : "";
}

PARLEY_API int parley_event_quad_class(const parley_doc *doc, size_t i)
{
    const pl_event *e = ev_at(doc, i);
    return e ? e->info.quad : 0;
}

PARLEY_API double parley_event_goldstein(const parley_doc *doc, size_t i)
{
    const pl_event *e = ev_at(doc, i);
    return e ? e->info.goldstein : NAN;
}

PARLEY_API const char *parley_event_plover(const parley_doc *doc, size_t i)
{
    const pl_event *e = ev_at(doc, i);
    return e ? e->info.plover : "";
}

PARLEY_API const char *parley_event_plover_mode(const parley_doc *doc, size_t i)
{
    const pl_event *e = ev_at(doc, i);
    return e ? e->info.plover_mode : "";
}

PARLEY_API const char *parley_event_mode(const parley_doc *doc, size_t i)
{
    const pl_event *e = ev_at(doc, i);
    return e ? pl_mode_name(e->mode) : "";
}

PARLEY_API size_t parley_event_sentence(const parley_doc *doc, size_t i)
{
    const pl_event *e = ev_at(doc, i);
    return e ? e->sent : 0;
}

PARLEY_API parley_status parley_event_actor(const parley_doc *doc, size_t i, int role,
                                            const char **code, const char **text, size_t *start,
                                            size_t *end, const char **match)
{
    const pl_event *e = ev_at(doc, i);
    if (!e || (role != 0 && role != 1))
        return pl_error(PARLEY_ERR_ARG, "parley_event_actor: no event %zu or bad role %d", i, role);
    const pl_event_actor *a = role == 0 ? &e->src : &e->tgt;
    if (code)
        *code = a->code;
    if (text)
        *text = a->text;
    if (start)
        *start = a->start;
    if (end)
        *end = a->end;
    if (match)
        *match = pl_match_name(a->match);
    return PARLEY_OK;
}

PARLEY_API parley_status parley_event_trigger(const parley_doc *doc, size_t i, const char **text,
                                              size_t *start, size_t *end)
{
    const pl_event *e = ev_at(doc, i);
    if (!e)
        return pl_error(PARLEY_ERR_ARG, "parley_event_trigger: no event %zu", i);
    if (text)
        *text = e->trig_text;
    if (start)
        *start = e->trig_start;
    if (end)
        *end = e->trig_end;
    return PARLEY_OK;
}

PARLEY_API parley_status parley_event_pattern(const parley_doc *doc, size_t i, const char **text,
                                              const char **file, size_t *line)
{
    const pl_event *e = ev_at(doc, i);
    if (!e)
        return pl_error(PARLEY_ERR_ARG, "parley_event_pattern: no event %zu", i);
    if (text)
        *text = e->pat_text;
    if (file)
        *file = e->pat_file;
    if (line)
        *line = e->pat_line;
    return PARLEY_OK;
}

/* ---------------------------------------------------------------------- */
/* Writers */

parley_status pl_json_str(pl_buf *b, const char *s, size_t n)
{
    parley_status st = pl_buf_putc(b, '"');
    for (size_t i = 0; i < n && !st; i++) {
        unsigned char c = (unsigned char)s[i];
        char esc[8];
        switch (c) {
        case '"': st = pl_buf_puts(b, "\\\""); break;
        case '\\': st = pl_buf_puts(b, "\\\\"); break;
        case '\n': st = pl_buf_puts(b, "\\n"); break;
        case '\r': st = pl_buf_puts(b, "\\r"); break;
        case '\t': st = pl_buf_puts(b, "\\t"); break;
        default:
            if (c < 0x20 || c == 0x7f) {
                snprintf(esc, sizeof esc, "\\u%04x", c);
                st = pl_buf_puts(b, esc);
            } else {
                st = pl_buf_putc(b, (char)c);
            }
        }
    }
    return st ? st : pl_buf_putc(b, '"');
}

static parley_status json_cstr(pl_buf *b, const char *s)
{
    return pl_json_str(b, s ? s : "", s ? strlen(s) : 0);
}

parley_status pl_putf(pl_buf *b, const char *fmt, ...)
{
    char tmp[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n < 0)
        return PARLEY_ERR_INTERNAL;
    if ((size_t)n < sizeof tmp)
        return pl_buf_append(b, tmp, (size_t)n);
    /* longer than the scratch: format again, straight into the buffer */
    parley_status st = pl_buf_reserve(b, (size_t)n);
    if (st)
        return st;
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
    return PARLEY_OK;
}

static void sentence_span(const parley_doc *doc, const pl_event *e, size_t *s, size_t *n)
{
    *s = 0;
    *n = 0;
    if (e->sent < doc->nsents) {
        *s = doc->sents[e->sent].start;
        size_t end = doc->sents[e->sent].end;
        if (end <= doc->text_len && end >= *s)
            *n = end - *s;
    }
}

static parley_status json_actor(pl_buf *b, const pl_event_actor *a)
{
    parley_status st = pl_buf_puts(b, "{\"code\":");
    if (!st)
        st = json_cstr(b, a->code);
    if (!st)
        st = pl_buf_puts(b, ",\"text\":");
    if (!st)
        st = json_cstr(b, a->text);
    if (!st)
        st = pl_putf(b, ",\"start\":%u,\"end\":%u,\"match\":", a->start, a->end);
    if (!st)
        st = json_cstr(b, pl_match_name(a->match));
    if (!st)
        st = pl_buf_putc(b, '}');
    return st;
}

static parley_status json_when(pl_buf *b, const pl_event_when *w)
{
    if (!w->value)
        return pl_buf_puts(b, "null");
    parley_status st = pl_buf_puts(b, "{\"value\":");
    if (!st)
        st = json_cstr(b, w->value);
    if (!st)
        st = pl_buf_puts(b, ",\"precision\":");
    if (!st)
        st = json_cstr(b, w->precision);
    if (!st)
        st = pl_buf_puts(b, ",\"text\":");
    if (!st)
        st = json_cstr(b, w->text);
    if (!st)
        st = pl_putf(b, ",\"start\":%u,\"end\":%u,\"basis\":", w->start, w->end);
    if (!st)
        st = json_cstr(b, w->basis);
    if (!st)
        st = pl_buf_putc(b, '}');
    return st;
}

parley_status pl_event_jsonl(pl_buf *b, const parley_doc *doc, const pl_event *e)
{
    size_t ss, sn;
    sentence_span(doc, e, &ss, &sn);
    parley_status st = pl_buf_puts(b, "{\"doc_id\":");
    if (!st)
        st = json_cstr(b, doc->id);
    if (!st)
        st = pl_putf(b, ",\"sentence_index\":%u,\"sentence\":", e->sent);
    if (!st)
        st = pl_json_str(b, doc->text + ss, sn);
    if (!st)
        st = pl_buf_puts(b, ",\"date\":");
    if (!st)
        st = json_cstr(b, doc->date);
    if (!st)
        st = pl_buf_puts(b, ",\"source\":");
    if (!st)
        st = json_actor(b, &e->src);
    if (!st)
        st = pl_buf_puts(b, ",\"target\":");
    if (!st)
        st = json_actor(b, &e->tgt);
    if (!st)
        st = pl_buf_puts(b, ",\"cameo\":");
    if (!st)
        st = json_cstr(b, e->cameo);
    if (!st)
        st = pl_buf_puts(b, ",\"root\":");
    if (!st)
        st = json_cstr(b, e->info.root);
    if (!st)
        st = pl_putf(b, ",\"quad_class\":%d,\"goldstein\":", e->info.quad);
    if (!st)
        st = isnan(e->info.goldstein) ? pl_buf_puts(b, "null")
                                      : pl_putf(b, "%.1f", e->info.goldstein);
    if (!st)
        st = pl_buf_puts(b, ",\"plover\":");
    if (!st)
        st = json_cstr(b, e->info.plover);
    if (!st)
        st = pl_buf_puts(b, ",\"plover_mode\":");
    if (!st)
        st = json_cstr(b, e->info.plover_mode);
    if (!st)
        st = pl_buf_puts(b, ",\"mode\":");
    if (!st)
        st = json_cstr(b, pl_mode_name(e->mode));
    if (!st)
        st = pl_buf_puts(b, ",\"trigger\":{\"text\":");
    if (!st)
        st = json_cstr(b, e->trig_text);
    if (!st)
        st = pl_putf(b, ",\"start\":%u,\"end\":%u},\"pattern\":{\"text\":", e->trig_start,
                     e->trig_end);
    if (!st)
        st = json_cstr(b, e->pat_text);
    if (!st)
        st = pl_buf_puts(b, ",\"file\":");
    if (!st)
        st = json_cstr(b, e->pat_file);
    if (!st)
        st = pl_putf(b, ",\"line\":%u},\"event_name\":", e->pat_line);
    if (!st)
        st = json_cstr(b, e->info.name);
    if (!st && e->where && e->where->has_place) {
        st = pl_buf_puts(b, ",\"place\":");
        if (!st)
            st = pl_where_json(b, e->where);
    }
    if (!st)
        st = pl_buf_puts(b, ",\"event_date\":");
    if (!st)
        st = json_when(b, &e->when);
    if (!st)
        st = pl_buf_puts(b, "}\n");
    return st;
}

/* RFC 4180: quote when needed, double the quotes. */
parley_status pl_csv_field(pl_buf *b, const char *s, size_t n, bool last)
{
    parley_status st = PARLEY_OK;
    bool q = false;
    for (size_t i = 0; i < n; i++)
        if (s[i] == ',' || s[i] == '"' || s[i] == '\n' || s[i] == '\r')
            q = true;
    if (q)
        st = pl_buf_putc(b, '"');
    for (size_t i = 0; i < n && !st; i++)
        st = s[i] == '"' ? pl_buf_puts(b, "\"\"") : pl_buf_putc(b, s[i]);
    if (!st && q)
        st = pl_buf_putc(b, '"');
    if (!st)
        st = last ? pl_buf_putc(b, '\n') : pl_buf_putc(b, ',');
    return st;
}

static parley_status csv_c(pl_buf *b, const char *s)
{
    return pl_csv_field(b, s ? s : "", s ? strlen(s) : 0, false);
}

static parley_status csv_u(pl_buf *b, unsigned long v)
{
    char t[32];
    snprintf(t, sizeof t, "%lu", v);
    return csv_c(b, t);
}

const char *pl_event_csv_header(void)
{
    return "doc_id,sentence_index,date,source_code,source_text,source_start,source_end,"
           "source_match,target_code,target_text,target_start,target_end,target_match,cameo,"
           "root,quad_class,goldstein,plover,plover_mode,mode,trigger_text,trigger_start,"
           "trigger_end,pattern_text,pattern_file,pattern_line,event_name,event_date_value,"
           "event_date_precision,event_date_text,event_date_start,event_date_end,"
           "event_date_basis,place_name,place_country,place_adm1,place_lat,place_lon,"
           "place_geonames_id,place_feature,place_text,place_start,place_end,sentence\n";
}

parley_status pl_event_csv(pl_buf *b, const parley_doc *doc, const pl_event *e)
{
    size_t ss, sn;
    sentence_span(doc, e, &ss, &sn);
    char g[32] = "";
    if (!isnan(e->info.goldstein))
        snprintf(g, sizeof g, "%.1f", e->info.goldstein);
    parley_status st = csv_c(b, doc->id);
    if (!st)
        st = csv_u(b, e->sent);
    if (!st)
        st = csv_c(b, doc->date);
    const pl_event_actor *sides[2] = {&e->src, &e->tgt};
    for (int q = 0; q < 2 && !st; q++) {
        st = csv_c(b, sides[q]->code);
        if (!st)
            st = csv_c(b, sides[q]->text);
        if (!st)
            st = csv_u(b, sides[q]->start);
        if (!st)
            st = csv_u(b, sides[q]->end);
        if (!st)
            st = csv_c(b, pl_match_name(sides[q]->match));
    }
    if (!st)
        st = csv_c(b, e->cameo);
    if (!st)
        st = csv_c(b, e->info.root);
    if (!st)
        st = csv_u(b, e->info.quad);
    if (!st)
        st = csv_c(b, g);
    if (!st)
        st = csv_c(b, e->info.plover);
    if (!st)
        st = csv_c(b, e->info.plover_mode);
    if (!st)
        st = csv_c(b, pl_mode_name(e->mode));
    if (!st)
        st = csv_c(b, e->trig_text);
    if (!st)
        st = csv_u(b, e->trig_start);
    if (!st)
        st = csv_u(b, e->trig_end);
    if (!st)
        st = csv_c(b, e->pat_text);
    if (!st)
        st = csv_c(b, e->pat_file);
    if (!st)
        st = csv_u(b, e->pat_line);
    if (!st)
        st = csv_c(b, e->info.name);
    if (!st)
        st = csv_c(b, e->when.value);
    if (!st)
        st = csv_c(b, e->when.precision);
    if (!st)
        st = csv_c(b, e->when.text);
    if (!st)
        st = e->when.value ? csv_u(b, e->when.start) : csv_c(b, "");
    if (!st)
        st = e->when.value ? csv_u(b, e->when.end) : csv_c(b, "");
    if (!st)
        st = csv_c(b, e->when.basis);
    if (!st)
        st = pl_where_csv(b, e->where);
    if (!st)
        st = pl_csv_field(b, doc->text + ss, sn, true);
    return st;
}

/* A GDELT cell: tabs and newlines would break the row, so they become spaces. */
parley_status pl_tsv_field(pl_buf *b, const char *s, bool last)
{
    parley_status st = PARLEY_OK;
    for (; s && *s && !st; s++)
        st = pl_buf_putc(b, (*s == '\t' || *s == '\n' || *s == '\r') ? ' ' : *s);
    return st ? st : pl_buf_putc(b, last ? '\n' : '\t');
}

static parley_status tsv_empty(pl_buf *b, int n)
{
    parley_status st = PARLEY_OK;
    for (int i = 0; i < n && !st; i++)
        st = pl_buf_putc(b, '\t');
    return st;
}

/* Actor1/2 columns: Code, Name, CountryCode, KnownGroupCode, EthnicCode,
 * Religion1Code, Religion2Code, Type1Code, Type2Code, Type3Code. */
static parley_status gdelt_actor(pl_buf *b, const char *code, const char *text)
{
    char name[256];
    size_t i = 0;
    for (; text && text[i] && i + 1 < sizeof name; i++)
        name[i] = (char)((text[i] >= 'a' && text[i] <= 'z') ? text[i] - 32 : text[i]);
    name[i] = '\0';
    if (!code)
        code = "";
    size_t n = strlen(code);
    char cc[4] = "", t[3][4] = {"", "", ""};
    size_t at = 0;
    if (n >= 3) {
        memcpy(cc, code, 3);
        cc[3] = '\0';
        at = 3;
        /* GDELT keeps IGO/NGO-style codes' first triple as a type, not a country */
        if (strcmp(cc, "IGO") == 0 || strcmp(cc, "NGO") == 0 || strcmp(cc, "MNC") == 0 ||
            strcmp(cc, "IMG") == 0) {
            memcpy(t[0], cc, 4);
            cc[0] = '\0';
        }
    }
    for (int k = t[0][0] ? 1 : 0; k < 3 && at + 3 <= n; k++, at += 3) {
        memcpy(t[k], code + at, 3);
        t[k][3] = '\0';
    }
    parley_status st = pl_tsv_field(b, code, false);
    if (!st)
        st = pl_tsv_field(b, name, false);
    if (!st)
        st = pl_tsv_field(b, cc, false);
    if (!st)
        st = tsv_empty(b, 4); /* known group, ethnic, religion 1 and 2 */
    for (int k = 0; k < 3 && !st; k++)
        st = pl_tsv_field(b, t[k], false);
    return st;
}

parley_status pl_gdelt_write(pl_buf *b, const pl_gdelt_row *r)
{
    /* GDELT 2.0 event table, 61 columns in order */
    char sqldate[16] = "", monthyear[8] = "", year[8] = "", frac[16] = "";
    const char *d = r->date;
    if (d && strlen(d) == 10 && d[4] == '-' && d[7] == '-') {
        int y = 0, m = 0, dd = 0;
        if (sscanf(d, "%4d-%2d-%2d", &y, &m, &dd) == 3) {
            snprintf(sqldate, sizeof sqldate, "%04d%02d%02d", y, m, dd);
            snprintf(monthyear, sizeof monthyear, "%04d%02d", y, m);
            snprintf(year, sizeof year, "%04d", y);
            snprintf(frac, sizeof frac, "%.4f", y + ((m - 1) * 30 + dd) / 365.0);
        }
    }
    char base[4] = "", g[32] = "", quad[4] = "", counts[3][24];
    snprintf(base, sizeof base, "%.3s", r->cameo ? r->cameo : "");
    if (!isnan(r->goldstein))
        snprintf(g, sizeof g, "%.1f", r->goldstein);
    if (r->quad)
        snprintf(quad, sizeof quad, "%d", r->quad);
    snprintf(counts[0], sizeof counts[0], "%ld", r->num_mentions);
    snprintf(counts[1], sizeof counts[1], "%ld", r->num_sources);
    snprintf(counts[2], sizeof counts[2], "%ld", r->num_articles);
    parley_status st = pl_tsv_field(b, r->event_id, false); /* GLOBALEVENTID */
    if (!st)
        st = pl_tsv_field(b, sqldate, false);
    if (!st)
        st = pl_tsv_field(b, monthyear, false);
    if (!st)
        st = pl_tsv_field(b, year, false);
    if (!st)
        st = pl_tsv_field(b, frac, false);
    if (!st)
        st = gdelt_actor(b, r->src_code, r->src_name);
    if (!st)
        st = gdelt_actor(b, r->tgt_code, r->tgt_name);
    if (!st)
        st = pl_tsv_field(b, r->is_root ? "1" : "0", false); /* IsRootEvent */
    if (!st)
        st = pl_tsv_field(b, r->cameo, false);
    if (!st)
        st = pl_tsv_field(b, base, false);
    if (!st)
        st = pl_tsv_field(b, r->root, false);
    if (!st)
        st = pl_tsv_field(b, quad, false);
    if (!st)
        st = pl_tsv_field(b, g, false);
    for (int k = 0; k < 3 && !st; k++)
        st = pl_tsv_field(b, counts[k], false); /* NumMentions, NumSources, NumArticles */
    if (!st)
        st = pl_tsv_field(b, "", false); /* AvgTone */
    if (!st)
        st = pl_where_gdelt(b, r->where); /* Actor1Geo_*, Actor2Geo_*, ActionGeo_* */
    if (!st)
        st = pl_tsv_field(b, r->date_added, false); /* DATEADDED */
    if (!st)
        st = pl_tsv_field(b, r->url, true); /* SOURCEURL */
    return st;
}

/* The day GDELT's date columns get for e: the event's own date when it
 * names a day, month or year (a month or year as its first day, as GDELT
 * writes its own month-level dates), else the document's. */
static const char *gdelt_day(const pl_event *e, const parley_doc *doc, char ed[16])
{
    ed[0] = 0;
    const char *w = e->when.value;
    if (w && strlen(w) >= 4 && w[0] >= '0' && w[0] <= '9') {
        size_t wl = strlen(w);
        if (wl >= 10 && w[4] == '-' && w[7] == '-')
            snprintf(ed, 16, "%.10s", w);
        else if (wl == 7 && w[4] == '-' && w[5] >= '0' && w[5] <= '1')
            snprintf(ed, 16, "%.7s-01", w);
        else if (wl == 4)
            snprintf(ed, 16, "%.4s-01-01", w);
    }
    return *ed ? ed : doc->date;
}

parley_status pl_event_gdelt(pl_buf *b, const parley_doc *doc, const pl_event *e)
{
    /* one mention, not yet grouped into an event: every count is 1 */
    char ed[16];
    pl_gdelt_row r = {.event_id = "", /* assigned by the store (parley ingest) */
                      .date = gdelt_day(e, doc, ed),
                      .src_code = e->src.code,
                      .src_name = e->src.text,
                      .tgt_code = e->tgt.code,
                      .tgt_name = e->tgt.text,
                      .is_root = e->sent == 0, /* the lead sentence */
                      .cameo = e->cameo,
                      .root = e->info.root,
                      .quad = e->info.quad,
                      .goldstein = e->info.goldstein,
                      .num_mentions = 1,
                      .num_sources = 1,
                      .num_articles = 1,
                      .date_added = "",
                      .url = *doc->url ? doc->url : doc->id,
                      .where = e->where};
    return pl_gdelt_write(b, &r);
}

PARLEY_API const char *parley_events_header(parley_event_format fmt)
{
    return fmt == PARLEY_EVENTS_CSV ? pl_event_csv_header() : "";
}

PARLEY_API parley_status parley_event_format_from_name(const char *name, parley_event_format *out)
{
    if (!name || !out)
        return pl_error(PARLEY_ERR_ARG, "parley_event_format_from_name: NULL argument");
    if (strcmp(name, "jsonl") == 0 || strcmp(name, "json") == 0)
        *out = PARLEY_EVENTS_JSONL;
    else if (strcmp(name, "csv") == 0)
        *out = PARLEY_EVENTS_CSV;
    else if (strcmp(name, "gdelt") == 0)
        *out = PARLEY_EVENTS_GDELT;
    else
        return pl_error(PARLEY_ERR_ARG, "unknown event format '%s' (jsonl, csv, gdelt)", name);
    return PARLEY_OK;
}

PARLEY_API parley_status parley_events_format(const parley_doc *doc, parley_event_format fmt,
                                              char **out)
{
    if (!out)
        return pl_error(PARLEY_ERR_ARG, "parley_events_format: out is NULL");
    *out = NULL;
    if (!doc)
        return pl_error(PARLEY_ERR_ARG, "parley_events_format: doc is NULL");
    if (doc->nevents == 0) {
        *out = pl_strdup("");
        return *out ? PARLEY_OK : pl_error(PARLEY_ERR_NOMEM, "out of memory");
    }
    pl_buf b;
    pl_buf_init(&b, 0);
    parley_status st = PARLEY_OK;
    for (size_t i = 0; i < doc->nevents && !st; i++) {
        const pl_event *e = &doc->events[i];
        st = fmt == PARLEY_EVENTS_CSV     ? pl_event_csv(&b, doc, e)
             : fmt == PARLEY_EVENTS_GDELT ? pl_event_gdelt(&b, doc, e)
                                          : pl_event_jsonl(&b, doc, e);
    }
    if (st) {
        pl_buf_release(&b);
        return pl_error(st, "formatting events: %s", parley_strerror(st));
    }
    *out = b.data; /* pl_malloc'd: released with parley_string_free */
    return PARLEY_OK;
}
