/* ingest.c - the document reader: format detection, opening, dispatch to
 * the format readers (read_*.c), and the draft every reader fills before
 * the document is cleaned. */
#include "text/text.h"

#include <errno.h>
#include <string.h>
#include <strings.h>

const char *const pl_field_names[PL_F_COUNT] = {"id", "date", "title", "text", "url", "source"};

PARLEY_API parley_status parley_input_format_from_name(const char *name, parley_input_format *out)
{
    static const struct {
        const char *name;
        parley_input_format fmt;
    } names[] = {{"auto", PARLEY_INPUT_AUTO},    {"text", PARLEY_INPUT_TEXT},
                 {"txt", PARLEY_INPUT_TEXT},     {"jsonl", PARLEY_INPUT_JSONL},
                 {"ndjson", PARLEY_INPUT_JSONL}, {"html", PARLEY_INPUT_HTML},
                 {"warc", PARLEY_INPUT_WARC}};
    for (size_t i = 0; name && i < sizeof names / sizeof names[0]; i++) {
        if (strcasecmp(name, names[i].name) == 0) {
            *out = names[i].fmt;
            return PARLEY_OK;
        }
    }
    return pl_error(PARLEY_ERR_ARG, "unknown input format '%s' (auto, text, jsonl, html, warc)",
                    name ? name : "(null)");
}

static bool has_suffix(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && strcasecmp(s + n - k, suffix) == 0;
}

/* The format a file name's extension implies; TEXT when unknown. */
static parley_input_format format_of(const char *name)
{
    if (has_suffix(name, ".jsonl") || has_suffix(name, ".ndjson"))
        return PARLEY_INPUT_JSONL;
    if (has_suffix(name, ".html") || has_suffix(name, ".htm") || has_suffix(name, ".xhtml"))
        return PARLEY_INPUT_HTML;
    if (has_suffix(name, ".warc") || has_suffix(name, ".warc.gz"))
        return PARLEY_INPUT_WARC;
    return PARLEY_INPUT_TEXT;
}

void pl_base_name(const char *path, char *out, size_t outsz)
{
    const char *b = strrchr(path, '/');
    b = b ? b + 1 : path;
    if (strcmp(path, "-") == 0)
        b = "stdin";
    size_t n = strlen(b);
    if (n > 3 && strcasecmp(b + n - 3, ".gz") == 0)
        n -= 3;
    for (size_t i = n; i-- > 1;) {
        if (b[i] == '.') {
            n = i;
            break;
        }
    }
    if (n >= outsz)
        n = outsz - 1;
    memcpy(out, b, n);
    out[n] = '\0';
}

bool pl_parse_date(const char *s, size_t n, char out[11])
{
    if (n < 10)
        return false;
    for (int i = 0; i < 10; i++) {
        bool sep = i == 4 || i == 7;
        if (sep ? s[i] != '-' : (s[i] < '0' || s[i] > '9'))
            return false;
    }
    if (n > 10 && s[10] != 'T' && s[10] != ' ' && s[10] != 't')
        return false;
    int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    int m = (s[5] - '0') * 10 + (s[6] - '0');
    int d = (s[8] - '0') * 10 + (s[9] - '0');
    static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1000 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
        return false;
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    if (m == 2 && d == 29 && !leap)
        return false;
    memcpy(out, s, 10);
    out[10] = '\0';
    return true;
}

PARLEY_API int parley_date_valid(const char *s)
{
    char out[11];
    return s && strlen(s) == 10 && pl_parse_date(s, 10, out);
}

parley_status pl_read_all(FILE *f, const char *name, pl_buf *b, size_t max, uint64_t *bytes,
                          bool *too_large)
{
    *bytes = 0;
    *too_large = false;
    char chunk[65536];
    size_t got;
    while ((got = fread(chunk, 1, sizeof chunk, f)) > 0) {
        *bytes += got;
        if (*too_large)
            continue;
        if (b->len + got > max) {
            *too_large = true;
            continue;
        }
        parley_status st = pl_buf_append(b, chunk, got);
        if (st)
            return st;
    }
    if (ferror(f))
        return pl_error(PARLEY_ERR_IO, "%s: read error: %s", name, strerror(errno));
    return PARLEY_OK;
}

parley_status pl_read_whole_doc(parley_reader *r, pl_buf *raw, const char *what)
{
    uint64_t bytes = 0;
    bool too_large = false;
    parley_status st = pl_read_all(r->f, r->name, raw, PL_TEXT_MAX_DOC, &bytes, &too_large);
    pl_stats_bytes(r->stats, bytes);
    if (st)
        return st;
    pl_stats_record(r->stats);
    if (too_large) {
        pl_warn("%s: %s of %llu bytes is larger than the %zu byte limit, skipped", r->name, what,
                (unsigned long long)bytes, PL_TEXT_MAX_DOC);
        parley_stats_skip(r->stats, "too_large");
        return PARLEY_END;
    }
    return PARLEY_OK;
}

/* ---------------------------------------------------------------------- */
/* Draft */

void pl_draft_init(pl_draft *d, bool collapse)
{
    memset(d, 0, sizeof *d);
    pl_buf_init(&d->text, PL_DOC_MAX_TEXT);
    d->collapse = collapse;
}

void pl_draft_release(pl_draft *d)
{
    pl_buf_release(&d->text);
    pl_free(d->blocks);
    d->blocks = NULL;
    d->nblocks = d->cap = 0;
}

static bool ws(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

parley_status pl_draft_add(pl_draft *d, const char *p, size_t n, int kind)
{
    size_t i = 0, e = n;
    while (i < e && ws((unsigned char)p[i]))
        i++;
    while (e > i && ws((unsigned char)p[e - 1]))
        e--;
    if (i == e)
        return PARLEY_OK;
    size_t mark = d->text.len;
    parley_status st = PARLEY_OK;
    if (d->nblocks)
        st = pl_buf_append(&d->text, "\n\n", 2);
    size_t start = d->text.len;
    if (!st)
        st = pl_utf8_repair(&d->text, p + i, e - i, &d->repairs);
    if (!st && d->collapse) {
        /* turn every whitespace run (no-break spaces too) into one space,
         * in place; trailing space is dropped */
        char *t = d->text.data + start;
        size_t o = 0, len = d->text.len - start;
        bool sp = false;
        for (size_t k = 0; k < len; k++) {
            if (ws((unsigned char)t[k])) {
                sp = true;
                continue;
            }
            if ((unsigned char)t[k] == 0xC2 && k + 1 < len && (unsigned char)t[k + 1] == 0xA0) {
                sp = true;
                k++;
                continue;
            }
            if (sp && o)
                t[o++] = ' ';
            t[o++] = t[k];
            sp = false;
        }
        d->text.len = start + o;
        d->text.data[d->text.len] = '\0';
    }
    if (!st)
        st = pl_grow((void **)&d->blocks, &d->cap, d->nblocks + 1, sizeof *d->blocks,
                     PL_DOC_MAX_TEXT);
    if (st) {
        d->text.len = mark; /* leave the draft as it was */
        if (d->text.data)
            d->text.data[mark] = '\0';
        return st;
    }
    d->blocks[d->nblocks++] = (pl_block){(uint32_t)start, (uint32_t)d->text.len, (uint8_t)kind};
    return PARLEY_OK;
}

parley_status pl_draft_finish(pl_draft *d, parley_doc *doc)
{
    parley_status st = pl_doc_set_text(doc, d->text.data ? d->text.data : "", d->text.len);
    for (size_t i = 0; !st && i < d->nblocks; i++)
        st = pl_doc_add_block(doc, d->blocks[i].start, d->blocks[i].end, d->blocks[i].kind);
    doc->utf8_repairs += d->repairs;
    if (!st)
        st = pl_clean_doc(doc, NULL);
    return st;
}

/* ---------------------------------------------------------------------- */
/* Reader */

parley_status pl_reader_from_file(FILE *f, bool own, const char *name, parley_input_format fmt,
                                  parley_stats *stats, parley_reader **out)
{
    *out = NULL;
    parley_reader *r = pl_calloc(1, sizeof *r);
    parley_status st = PARLEY_OK;
    if (!r || !(r->name = pl_strdup(name ? name : "-"))) {
        st = pl_error(PARLEY_ERR_NOMEM, "out of memory opening %s", name ? name : "-");
        goto fail;
    }
    r->f = f;
    r->own_f = own;
    pl_buf_init(&r->scratch, 3 * PL_JSONL_MAX_LINE + 1);
    own = false;
    r->fmt = fmt == PARLEY_INPUT_AUTO ? format_of(r->name) : fmt;
    pl_base_name(r->name, r->base, sizeof r->base);
    if (stats) {
        r->stats = stats;
    } else {
        if ((st = parley_stats_new(&r->own_stats)))
            goto fail;
        r->stats = r->own_stats;
    }
    if ((r->fmt == PARLEY_INPUT_JSONL || r->fmt == PARLEY_INPUT_TEXT) && (st = pl_bom_wrap(r)))
        goto fail;
    if (r->fmt == PARLEY_INPUT_JSONL) {
        r->lines = pl_lines_new(r->f, false, r->name, PL_JSONL_MAX_LINE);
        if (!r->lines) {
            st = pl_error(PARLEY_ERR_NOMEM, "out of memory opening %s", r->name);
            goto fail;
        }
        pl_lines_split_cr(r->lines, true);
    } else if (r->fmt != PARLEY_INPUT_TEXT && r->fmt != PARLEY_INPUT_HTML &&
               r->fmt != PARLEY_INPUT_WARC) {
        st = pl_error(PARLEY_ERR_ARG, "%s: unknown input format %d", r->name, (int)fmt);
        goto fail;
    }
    *out = r;
    return PARLEY_OK;
fail:
    if (own && f)
        fclose(f);
    parley_reader_free(r);
    return st;
}

PARLEY_API parley_status parley_reader_open(const char *path, parley_input_format fmt,
                                            parley_stats *stats, parley_reader **out)
{
    if (!out)
        return pl_error(PARLEY_ERR_ARG, "parley_reader_open: NULL out");
    *out = NULL;
    if (!path)
        return pl_error(PARLEY_ERR_ARG, "parley_reader_open: NULL path");
    bool is_stdin = strcmp(path, "-") == 0;
    FILE *f = is_stdin ? stdin : fopen(path, "rb");
    if (!f)
        return pl_error(PARLEY_ERR_IO, "%s: cannot open: %s", path, strerror(errno));
    return pl_reader_from_file(f, !is_stdin, path, fmt, stats, out);
}

PARLEY_API parley_status parley_reader_map_field(parley_reader *r, const char *field,
                                                 const char *json_name)
{
    if (!r || !field || !json_name || !*json_name)
        return pl_error(PARLEY_ERR_ARG, "parley_reader_map_field: NULL or empty argument");
    for (int i = 0; i < PL_F_COUNT; i++) {
        if (strcmp(field, pl_field_names[i]) == 0) {
            char *copy = pl_strdup(json_name);
            if (!copy)
                return pl_error(PARLEY_ERR_NOMEM, "out of memory mapping field %s", field);
            pl_free(r->fields[i]);
            r->fields[i] = copy;
            return PARLEY_OK;
        }
    }
    return pl_error(PARLEY_ERR_ARG,
                    "unknown document field '%s' (id, date, title, text, url, source)", field);
}

PARLEY_API parley_status parley_reader_next(parley_reader *r, parley_doc **out)
{
    if (!out)
        return pl_error(PARLEY_ERR_ARG, "parley_reader_next: NULL out");
    *out = NULL;
    if (!r)
        return pl_error(PARLEY_ERR_ARG, "parley_reader_next: NULL reader");
    switch (r->fmt) {
    case PARLEY_INPUT_TEXT: return pl_read_text_next(r, out);
    case PARLEY_INPUT_JSONL: return pl_read_jsonl_next(r, out);
    case PARLEY_INPUT_HTML: return pl_read_html_next(r, out);
    case PARLEY_INPUT_WARC: return pl_read_warc_next(r, out);
    case PARLEY_INPUT_AUTO: break;
    }
    return pl_error(PARLEY_ERR_INTERNAL, "%s: reader without a format", r->name);
}

PARLEY_API void parley_reader_free(parley_reader *r)
{
    if (!r)
        return;
    pl_lines_free(r->lines);
    pl_buf_release(&r->scratch);
    pl_warc_free(r->warc);
    if (r->own_f && r->f)
        fclose(r->f);
    for (int i = 0; i < PL_F_COUNT; i++)
        pl_free(r->fields[i]);
    parley_stats_free(r->own_stats);
    pl_free(r->name);
    pl_free(r);
}
