/*
 * api.c - the dates stage's public functions: time expressions of a text,
 * their JSONL and TimeML forms, TimeML documents, and event dates.
 */
#include "code/code.h"
#include "when/when.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

struct parley_timexes {
    pl_timexes tx;
};

PARLEY_API parley_status parley_timex_find(const char *text, size_t len, const char *date,
                                           parley_timexes **out)
{
    if (!out)
        return pl_error(PARLEY_ERR_ARG, "parley_timex_find: out is NULL");
    *out = NULL;
    if (!text && len)
        return pl_error(PARLEY_ERR_ARG, "parley_timex_find: text is NULL");
    pl_ymd dct;
    bool have = false;
    if (date && *date) {
        if (!pl_ymd_parse(date, &dct))
            return pl_error(PARLEY_ERR_ARG, "date '%s' is not YYYY-MM-DD", date);
        have = true;
    }
    parley_timexes *t = pl_calloc(1, sizeof *t);
    if (!t)
        return pl_error(PARLEY_ERR_NOMEM, "out of memory");
    parley_status st = pl_timex_tag(text ? text : "", len, have ? &dct : NULL, &t->tx);
    if (st) {
        parley_timexes_free(t);
        return st;
    }
    *out = t;
    return PARLEY_OK;
}

PARLEY_API size_t parley_timexes_count(const parley_timexes *t)
{
    return t ? t->tx.n : 0;
}

PARLEY_API parley_status parley_timex_get(const parley_timexes *t, size_t i, size_t *start,
                                          size_t *end, const char **type, const char **value)
{
    if (!t || i >= t->tx.n)
        return pl_error(PARLEY_ERR_ARG, "parley_timex_get: no time expression %zu", i);
    const pl_timex *x = &t->tx.tx[i];
    if (start)
        *start = x->start;
    if (end)
        *end = x->end;
    if (type)
        *type = pl_tx_type_name(x->type);
    if (value)
        *value = x->value;
    return PARLEY_OK;
}

PARLEY_API void parley_timexes_free(parley_timexes *t)
{
    if (!t)
        return;
    pl_timexes_release(&t->tx);
    pl_free(t);
}

/* ---------------------------------------------------------------------- */
/* Writers */

static parley_status xml_text(pl_buf *b, const char *s, size_t n)
{
    parley_status st = PARLEY_OK;
    for (size_t i = 0; i < n && !st; i++) {
        char c = s[i];
        st = c == '&'   ? pl_buf_puts(b, "&amp;")
             : c == '<' ? pl_buf_puts(b, "&lt;")
             : c == '>' ? pl_buf_puts(b, "&gt;")
             : c == '"' ? pl_buf_puts(b, "&quot;")
                        : pl_buf_putc(b, c);
    }
    return st;
}

PARLEY_API parley_status parley_timexes_format(const parley_timexes *t, const char *text,
                                               size_t len, const char *doc_id, const char *date,
                                               int timeml, char **out)
{
    if (!out || !t || (!text && len))
        return pl_error(PARLEY_ERR_ARG, "parley_timexes_format: NULL argument");
    *out = NULL;
    pl_buf b;
    pl_buf_init(&b, 0);
    parley_status st = PARLEY_OK;
    const char *id = doc_id ? doc_id : "";
    const char *d = date ? date : "";
    if (!timeml) {
        for (size_t i = 0; i < t->tx.n && !st; i++) {
            const pl_timex *x = &t->tx.tx[i];
            if (x->end > len)
                return pl_error(PARLEY_ERR_ARG, "parley_timexes_format: text shorter than the "
                                                "expressions");
            st = pl_buf_puts(&b, "{\"doc_id\":");
            if (!st)
                st = pl_json_str(&b, id, strlen(id));
            if (!st)
                st = pl_putf(&b, ",\"start\":%u,\"end\":%u,\"text\":", x->start, x->end);
            if (!st)
                st = pl_json_str(&b, text + x->start, x->end - x->start);
            if (!st)
                st = pl_putf(&b, ",\"type\":\"%s\",\"value\":", pl_tx_type_name(x->type));
            if (!st)
                st = pl_json_str(&b, x->value, strlen(x->value));
            if (!st)
                st = pl_buf_puts(&b, "}\n");
        }
    } else {
        st = pl_buf_puts(&b, "<?xml version=\"1.0\" ?>\n<TimeML>\n\n<DOCID>");
        if (!st)
            st = xml_text(&b, id, strlen(id));
        if (!st)
            st = pl_buf_puts(&b, "</DOCID>\n\n<DCT><TIMEX3 tid=\"t0\" type=\"DATE\" value=\"");
        if (!st)
            st = xml_text(&b, d, strlen(d));
        if (!st)
            st = pl_buf_puts(&b, "\" temporalFunction=\"false\" "
                                 "functionInDocument=\"CREATION_TIME\">");
        if (!st)
            st = xml_text(&b, d, strlen(d));
        if (!st)
            st = pl_buf_puts(&b, "</TIMEX3></DCT>\n\n<TEXT>");
        size_t at = 0;
        for (size_t i = 0; i < t->tx.n && !st; i++) {
            const pl_timex *x = &t->tx.tx[i];
            if (x->end > len || x->start < at)
                return pl_error(PARLEY_ERR_ARG, "parley_timexes_format: expressions outside or "
                                                "out of order in the text");
            st = xml_text(&b, text + at, x->start - at);
            if (!st)
                st = pl_putf(&b, "<TIMEX3 tid=\"t%zu\" type=\"%s\" value=\"", i + 1,
                             pl_tx_type_name(x->type));
            if (!st)
                st = xml_text(&b, x->value, strlen(x->value));
            if (!st)
                st = pl_buf_puts(&b, "\">");
            if (!st)
                st = xml_text(&b, text + x->start, x->end - x->start);
            if (!st)
                st = pl_buf_puts(&b, "</TIMEX3>");
            at = x->end;
        }
        if (!st)
            st = xml_text(&b, text + at, len - at);
        if (!st)
            st = pl_buf_puts(&b, "</TEXT>\n\n</TimeML>\n");
    }
    if (st) {
        pl_buf_release(&b);
        return pl_error(st, "formatting time expressions: %s", parley_strerror(st));
    }
    *out = b.data ? b.data : pl_strdup("");
    return *out ? PARLEY_OK : pl_error(PARLEY_ERR_NOMEM, "out of memory");
}

PARLEY_API parley_status parley_doc_read_timeml(const char *path, parley_doc **out)
{
    if (!path || !out)
        return pl_error(PARLEY_ERR_ARG, "parley_doc_read_timeml: NULL argument");
    *out = NULL;
    pl_tml t;
    parley_status st = pl_tml_read(path, &t);
    if (st)
        return st;
    parley_doc *doc = pl_doc_create();
    if (!doc) {
        pl_tml_release(&t);
        return pl_error(PARLEY_ERR_NOMEM, "out of memory");
    }
    pl_ymd d;
    char date[16] = "";
    if (pl_ymd_parse(t.dct, &d))
        snprintf(date, sizeof date, "%04d-%02d-%02d", d.y, d.m, d.d);
    st = pl_doc_set(doc, &doc->id, t.docid, strlen(t.docid));
    if (!st)
        st = pl_doc_set(doc, &doc->date, date, strlen(date));
    if (!st)
        st = pl_doc_set(doc, &doc->origin, path, strlen(path));
    if (!st)
        st = pl_doc_set_text(doc, t.text, t.len);
    /* a blank line ends a paragraph: each is a block, as the text reader makes them */
    for (size_t a = 0; !st && a < t.len;) {
        while (a < t.len && (t.text[a] == '\n' || t.text[a] == ' ' || t.text[a] == '\t'))
            a++;
        size_t e = a;
        while (e < t.len && !(t.text[e] == '\n' && e + 1 < t.len && t.text[e + 1] == '\n'))
            e++;
        if (e > a)
            st = pl_doc_add_block(doc, (uint32_t)a, (uint32_t)e, PL_BLOCK_BODY);
        a = e;
    }
    pl_tml_release(&t);
    if (st) {
        parley_doc_free(doc);
        return st;
    }
    *out = doc;
    return PARLEY_OK;
}

PARLEY_API parley_status parley_doc_date_events(parley_doc *doc)
{
    if (!doc)
        return pl_error(PARLEY_ERR_ARG, "parley_doc_date_events: doc is NULL");
    return pl_when_date_events(doc);
}

PARLEY_API parley_status parley_event_date(const parley_doc *doc, size_t i, const char **value,
                                           const char **precision, const char **text, size_t *start,
                                           size_t *end, const char **basis)
{
    if (!doc || i >= doc->nevents)
        return pl_error(PARLEY_ERR_ARG, "parley_event_date: no event %zu", i);
    const pl_event_when *w = &doc->events[i].when;
    if (value)
        *value = w->value ? w->value : "";
    if (precision)
        *precision = w->precision ? w->precision : "";
    if (text)
        *text = w->text ? w->text : "";
    if (start)
        *start = w->start;
    if (end)
        *end = w->end;
    if (basis)
        *basis = w->basis ? w->basis : "";
    return PARLEY_OK;
}
