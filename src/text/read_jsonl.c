/* read_jsonl.c - JSON Lines: one document per line, an object with the
 * members id, date, title, text, url, source (names configurable). */
#include "text/text.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

/* Count the input up to byte offset upto in stats (once). */
static void account(parley_reader *r, uint64_t upto)
{
    if (upto > r->counted) {
        pl_stats_bytes(r->stats, upto - r->counted);
        r->counted = upto;
    }
}

/* Member `field` of obj as a string: 1 found (s, n set), 0 absent or null,
 * -1 present with another type. Integers are accepted for ids. */
static int member(parley_reader *r, json_t *obj, int field, char *num, size_t numsz, const char **s,
                  size_t *n)
{
    const char *name = r->fields[field] ? r->fields[field] : pl_field_names[field];
    json_t *v = json_object_get(obj, name);
    if (!v || json_is_null(v))
        return 0;
    if (json_is_string(v)) {
        *s = json_string_value(v);
        *n = json_string_length(v);
        return 1;
    }
    if (field == PL_F_ID && json_is_integer(v)) {
        snprintf(num, numsz, "%lld", (long long)json_integer_value(v));
        *s = num;
        *n = strlen(num);
        return 1;
    }
    return -1;
}

static const char *field_name(parley_reader *r, int field)
{
    return r->fields[field] ? r->fields[field] : pl_field_names[field];
}

/* Skip the current record: warn (already done by the caller) and count. */
static void skip(parley_reader *r, const char *reason)
{
    parley_stats_skip(r->stats, reason);
}

/* Parse a line; a number too big for 64 bits (jansson refuses the whole
 * line: an id of 20+ digits lost its record) is quoted and the line parsed
 * again, so it reads as a string with all its digits, for at most 8 such
 * numbers. *quoted counts them. */
static json_t *parse_line(parley_reader *r, json_error_t *err, size_t *quoted)
{
    *quoted = 0;
    json_t *obj = json_loadb(r->scratch.data, r->scratch.len, 0, err);
    while (!obj && json_error_code(err) == json_error_numeric_overflow && *quoted < 8 &&
           err->position > 0 && (size_t)err->position <= r->scratch.len) {
        size_t e = (size_t)err->position, b = e;
        while (b > 0 && r->scratch.data[b - 1] && strchr("0123456789+-.eE", r->scratch.data[b - 1]))
            b--;
        if (b == e || pl_buf_reserve(&r->scratch, 2))
            break;
        char *p = r->scratch.data;
        memmove(p + e + 2, p + e, r->scratch.len - e + 1);
        memmove(p + b + 1, p + b, e - b);
        p[b] = p[e + 1] = '"';
        r->scratch.len += 2;
        ++*quoted;
        obj = json_loadb(r->scratch.data, r->scratch.len, 0, err);
    }
    return obj;
}

/* Turn one parsed line into a document, or skip it (*out stays NULL). */
static parley_status build(parley_reader *r, json_t *obj, size_t lineno, parley_doc **out)
{
    const char *text = NULL, *title = NULL, *v = NULL;
    size_t text_n = 0, title_n = 0, vn = 0;
    char num[32];
    int has = member(r, obj, PL_F_TEXT, num, sizeof num, &text, &text_n);
    size_t k = 0;
    while (has == 1 && k < text_n && strchr(" \t\r\n\f\v", text[k]))
        k++;
    if (has != 1 || k == text_n) {
        pl_warn("%s:%zu: no \"%s\" text%s, skipped", r->name, lineno, field_name(r, PL_F_TEXT),
                has < 0 ? " (not a string)" : "");
        skip(r, "no_text");
        return PARLEY_OK;
    }
    int has_title = member(r, obj, PL_F_TITLE, num, sizeof num, &title, &title_n);
    if (has_title != 1)
        title = NULL;

    pl_draft d;
    pl_draft_init(&d, false);
    parley_doc *doc = NULL;
    parley_status st = PARLEY_OK;
    if (title)
        st = pl_draft_add(&d, title, title_n, PL_BLOCK_HEADLINE);
    if (!st)
        st = pl_draft_add(&d, text, text_n, PL_BLOCK_BODY);
    if (st == PARLEY_ERR_TOO_LARGE) {
        pl_warn("%s:%zu: document text larger than %zu bytes, skipped", r->name, lineno,
                PL_DOC_MAX_TEXT);
        skip(r, "too_large");
        pl_draft_release(&d);
        return PARLEY_OK;
    }
    if (!st && !(doc = pl_doc_create()))
        st = pl_error(PARLEY_ERR_NOMEM, "%s:%zu: out of memory", r->name, lineno);
    if (!st)
        st = pl_draft_finish(&d, doc);
    pl_draft_release(&d);
    if (st)
        goto fail;
    doc->record = lineno;
    if ((st = pl_doc_set(doc, &doc->origin, r->name, strlen(r->name))))
        goto fail;

    if (has_title < 0) {
        pl_warn("%s:%zu: \"%s\" is not a string, dropped", r->name, lineno,
                field_name(r, PL_F_TITLE));
        pl_stats_repaired(r->stats, "title_not_string");
    }
    int got = member(r, obj, PL_F_ID, num, sizeof num, &v, &vn);
    if (got == 1 && vn) {
        st = pl_doc_set(doc, &doc->id, v, vn);
    } else {
        if (got < 0) {
            pl_warn("%s:%zu: \"%s\" is not a string or an integer; %s:%zu used as the id", r->name,
                    lineno, field_name(r, PL_F_ID), r->base, lineno);
            pl_stats_repaired(r->stats, "id_not_string");
        }
        char id[300];
        snprintf(id, sizeof id, "%s:%zu", r->base, lineno);
        st = pl_doc_set(doc, &doc->id, id, strlen(id));
    }
    got = member(r, obj, PL_F_DATE, num, sizeof num, &v, &vn);
    char date[11];
    if (!st && got == 1 && vn) {
        if (pl_parse_date(v, vn, date)) {
            st = pl_doc_set(doc, &doc->date, date, 10);
        } else {
            pl_warn("%s:%zu: invalid date \"%.40s\" (want YYYY-MM-DD), dropped", r->name, lineno,
                    v);
            pl_stats_repaired(r->stats, "date_invalid");
        }
    } else if (got < 0) {
        pl_warn("%s:%zu: \"%s\" is not a string, dropped", r->name, lineno,
                field_name(r, PL_F_DATE));
        pl_stats_repaired(r->stats, "date_not_string");
    }
    static const int plain[] = {PL_F_URL, PL_F_SOURCE};
    for (size_t i = 0; !st && i < 2; i++) {
        got = member(r, obj, plain[i], num, sizeof num, &v, &vn);
        if (got == 1) {
            const char **dst = plain[i] == PL_F_URL ? &doc->url : &doc->source;
            st = pl_doc_set(doc, dst, v, vn);
        }
    }
    if (!st && doc->nblocks && doc->blocks[0].kind == PL_BLOCK_HEADLINE)
        st = pl_doc_set(doc, &doc->title, doc->text + doc->blocks[0].start,
                        doc->blocks[0].end - doc->blocks[0].start);
    if (st)
        goto fail;
    if (doc->nblocks == 0) {
        pl_warn("%s:%zu: nothing but page furniture, skipped", r->name, lineno);
        skip(r, "no_text");
        parley_doc_free(doc);
        return PARLEY_OK;
    }
    *out = doc;
    return PARLEY_OK;
fail:
    parley_doc_free(doc);
    return st;
}

parley_status pl_read_jsonl_next(parley_reader *r, parley_doc **out)
{
    for (;;) {
        const char *line = NULL;
        size_t len = 0;
        uint64_t cr_before = pl_lines_bare_cr(r->lines);
        parley_status st = pl_lines_next(r->lines, &line, &len);
        size_t lineno = pl_lines_number(r->lines);
        /* every byte read, newline or not, a too-long line included */
        account(r, pl_lines_end(r->lines));
        if (pl_lines_bare_cr(r->lines) > cr_before) {
            if (cr_before == 0)
                pl_warn("%s:%zu: line ends in a CR without LF (old Mac line ends): read as a line "
                        "end here and after",
                        r->name, lineno);
            pl_stats_repaired(r->stats, "cr_line_end");
        }
        if (st == PARLEY_END)
            return PARLEY_END;
        if (st == PARLEY_ERR_TOO_LARGE) {
            pl_stats_record(r->stats);
            pl_warn("%s:%zu: line longer than %zu bytes, skipped", r->name, lineno,
                    PL_JSONL_MAX_LINE);
            skip(r, "too_large");
            continue;
        }
        if (st)
            return st;
        size_t k = 0; /* strchr would take a NUL for a blank: a line of NULs is a record */
        while (k < len && line[k] && strchr(" \t\r\f\v", line[k]))
            k++;
        if (k == len)
            continue; /* a blank line is not a record */
        pl_stats_record(r->stats);
        pl_buf_clear(&r->scratch);
        size_t repairs = 0;
        if (lineno == 1 && len >= 3 && memcmp(line, "\xEF\xBB\xBF", 3) == 0) {
            line += 3; /* a byte order mark before the first record */
            len -= 3;
        }
        if ((st = pl_utf8_repair(&r->scratch, line, len, &repairs)))
            return st;
        if (repairs) {
            pl_stats_repairs(r->stats, repairs);
            pl_warn("%s:%zu: %zu invalid UTF-8 byte%s replaced", r->name, lineno, repairs,
                    repairs == 1 ? "" : "s");
        }
        json_error_t err;
        size_t quoted = 0;
        json_t *obj = parse_line(r, &err, &quoted);
        if (obj && quoted) {
            pl_warn("%s:%zu: %zu number%s beyond 64 bits read as text", r->name, lineno, quoted,
                    quoted == 1 ? "" : "s");
            pl_stats_repaired(r->stats, "number_beyond_64_bits");
        }
        if (!obj || !json_is_object(obj)) {
            if (obj)
                pl_warn("%s:%zu: not a JSON object, skipped", r->name, lineno);
            else
                pl_warn("%s:%zu: invalid JSON at column %d: %s, skipped", r->name, lineno,
                        err.column, err.text);
            json_decref(obj);
            skip(r, "bad_json");
            continue;
        }
        parley_doc *doc = NULL;
        st = build(r, obj, lineno, &doc);
        json_decref(obj);
        if (st)
            return st;
        if (doc) {
            doc->utf8_repairs += repairs;
            pl_stats_processed(r->stats);
            *out = doc;
            return PARLEY_OK;
        }
    }
}
