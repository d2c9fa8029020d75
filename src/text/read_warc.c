/* read_warc.c - WARC files as Common Crawl's CC-NEWS publishes them:
 * gzip members concatenated (or plain WARC), WARC/1.x records; each
 * `response` record's HTTP payload goes through the HTML extractor.
 * Streaming: memory is bounded by the record cap, whatever the file size. */
#include "text/text.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zlib.h>

#define WA_CHUNK 65536

struct pl_warc {
    bool started;     /* the first bytes were looked at */
    bool gz;          /* gzip-compressed input */
    bool zinit;       /* zs is initialized */
    bool file_eof;    /* fread returned 0 */
    bool member_open; /* inside a gzip member (end of file here = truncated) */
    z_stream zs;
    unsigned char in[WA_CHUNK];
    unsigned char out[WA_CHUNK];
    size_t out_pos, out_len;
    uint64_t file_read; /* bytes read from the file */
    uint64_t offset;    /* uncompressed bytes consumed */
    uint64_t line_at;   /* uncompressed offset of the last line's start */
    uint64_t record;    /* number of the current record, 1-based */
    pl_buf line;        /* a header line */
    pl_buf block;       /* the current record's block */
    pl_buf body;        /* decoded HTTP payload (when chunked or compressed) */
    char zmsg[128];     /* zlib's message for the last gzip error */
    char bodymsg[160];  /* why an HTTP body would not decode (for the warning) */
};

void pl_warc_free(pl_warc *w)
{
    if (!w)
        return;
    if (w->zinit)
        inflateEnd(&w->zs);
    pl_buf_release(&w->line);
    pl_buf_release(&w->block);
    pl_buf_release(&w->body);
    pl_free(w);
}

/* ---------------------------------------------------------------------- */
/* Byte source: the file, inflated member after member when gzipped. */

/* Refill w->out. PARLEY_OK, PARLEY_END (clean end of input),
 * PARLEY_ERR_TRUNCATED (a gzip member cut short), PARLEY_ERR_FORMAT (bad
 * gzip data), PARLEY_ERR_IO. Messages are made by the caller. */
static parley_status src_fill(parley_reader *r)
{
    pl_warc *w = r->warc;
    w->out_pos = w->out_len = 0;
    if (!w->started) {
        w->started = true;
        size_t n = fread(w->in, 1, sizeof w->in, r->f);
        w->file_read += n;
        pl_stats_bytes(r->stats, n);
        if (n == 0)
            return ferror(r->f) ? PARLEY_ERR_IO : PARLEY_END;
        if (n >= 2 && w->in[0] == 0x1f && w->in[1] == 0x8b) {
            w->gz = true;
            memset(&w->zs, 0, sizeof w->zs);
            if (inflateInit2(&w->zs, 16 + MAX_WBITS) != Z_OK)
                return PARLEY_ERR_NOMEM;
            w->zinit = true;
            w->zs.next_in = w->in;
            w->zs.avail_in = (uInt)n;
        } else {
            memcpy(w->out, w->in, n);
            w->out_len = n;
            return PARLEY_OK;
        }
    }
    if (!w->gz) {
        size_t n = fread(w->out, 1, sizeof w->out, r->f);
        w->file_read += n;
        pl_stats_bytes(r->stats, n);
        w->out_len = n;
        if (n == 0)
            return ferror(r->f) ? PARLEY_ERR_IO : PARLEY_END;
        return PARLEY_OK;
    }
    for (;;) {
        if (w->zs.avail_in == 0 && !w->file_eof) {
            size_t n = fread(w->in, 1, sizeof w->in, r->f);
            w->file_read += n;
            pl_stats_bytes(r->stats, n);
            if (n == 0) {
                if (ferror(r->f))
                    return PARLEY_ERR_IO;
                w->file_eof = true;
            }
            w->zs.next_in = w->in;
            w->zs.avail_in = (uInt)n;
        }
        if (w->zs.avail_in == 0 && w->file_eof)
            return w->member_open ? PARLEY_ERR_TRUNCATED : PARLEY_END;
        w->zs.next_out = w->out;
        w->zs.avail_out = sizeof w->out;
        w->member_open = true;
        int ret = inflate(&w->zs, Z_NO_FLUSH);
        size_t produced = sizeof w->out - w->zs.avail_out;
        if (ret == Z_STREAM_END) {
            /* the next gzip member, if any, starts a fresh stream */
            w->member_open = false;
            inflateReset(&w->zs);
        } else if (ret != Z_OK && ret != Z_BUF_ERROR) {
            snprintf(w->zmsg, sizeof w->zmsg, "%s", w->zs.msg ? w->zs.msg : "bad gzip data");
            return ret == Z_MEM_ERROR ? PARLEY_ERR_NOMEM : PARLEY_ERR_FORMAT;
        }
        if (produced) {
            w->out_len = produced;
            return PARLEY_OK;
        }
    }
}

/* The compressed (file) offset of the next unread byte. */
static uint64_t file_offset(const pl_warc *w)
{
    return w->gz ? w->file_read - w->zs.avail_in : w->offset;
}

/* A message for a source failure st while reading record w->record. */
static parley_status src_error(parley_reader *r, parley_status st, const char *what)
{
    pl_warc *w = r->warc;
    unsigned long long rec = (unsigned long long)w->record;
    unsigned long long off = (unsigned long long)w->offset;
    switch (st) {
    case PARLEY_ERR_TRUNCATED:
        return pl_error(st,
                        "%s: record %llu: gzip stream truncated at compressed byte offset %llu "
                        "(uncompressed offset %llu) while reading %s; earlier records were kept",
                        r->name, rec, (unsigned long long)file_offset(w), off, what);
    case PARLEY_ERR_FORMAT:
        return pl_error(st, "%s: record %llu: corrupt gzip data at compressed byte offset %llu: %s",
                        r->name, rec, (unsigned long long)file_offset(w), w->zmsg);
    case PARLEY_END:
        return pl_error(PARLEY_ERR_TRUNCATED,
                        "%s: record %llu: file ends at byte offset %llu in the middle of %s; "
                        "earlier records were kept",
                        r->name, rec, off, what);
    case PARLEY_ERR_IO:
        return pl_error(st, "%s: read error at byte offset %llu: %s", r->name, off,
                        strerror(errno));
    default: return pl_error(st, "%s: record %llu: out of memory", r->name, rec);
    }
}

/* Count the current record as skipped for source failure st, then make
 * the error message. */
static parley_status fail_record(parley_reader *r, parley_status st, const char *what)
{
    const char *reason = st == PARLEY_ERR_FORMAT  ? "bad_gzip"
                         : st == PARLEY_ERR_IO    ? "io_error"
                         : st == PARLEY_ERR_NOMEM ? "out_of_memory"
                                                  : "truncated";
    parley_stats_skip(r->stats, reason);
    return src_error(r, st, what);
}

/* One line (without CR LF) into w->line, at most max bytes. PARLEY_END at
 * a clean end of input before any byte; a partial last line is returned. */
static parley_status src_line(parley_reader *r, size_t max)
{
    pl_warc *w = r->warc;
    pl_buf_clear(&w->line);
    w->line_at = w->offset;
    bool any = false;
    for (;;) {
        if (w->out_pos == w->out_len) {
            parley_status st = src_fill(r);
            if (st == PARLEY_END && any)
                break;
            if (st)
                return st;
        }
        unsigned char *p = w->out + w->out_pos;
        size_t avail = w->out_len - w->out_pos;
        unsigned char *nl = memchr(p, '\n', avail);
        size_t take = nl ? (size_t)(nl - p) : avail;
        any = true;
        if (w->line.len + take > max)
            return PARLEY_ERR_TOO_LARGE;
        if (take && pl_buf_append(&w->line, p, take))
            return PARLEY_ERR_NOMEM;
        w->out_pos += take + (nl ? 1 : 0);
        w->offset += take + (nl ? 1 : 0);
        if (nl)
            break;
    }
    if (w->line.len && w->line.data[w->line.len - 1] == '\r')
        w->line.data[--w->line.len] = '\0';
    if (!w->line.data && pl_buf_reserve(&w->line, 0))
        return PARLEY_ERR_NOMEM;
    return PARLEY_OK;
}

/* Skip the CR and LF bytes between records in place, without a line buffer
 * per blank line (a 2 MB .warc.gz inflating to 2 GB of CRLF took 20-33 s
 * going line by line). PARLEY_OK at the first other byte, PARLEY_END at
 * the end of input, PARLEY_ERR_TOO_LARGE after more than max bytes (a
 * WARC has CRLF CRLF between records: megabytes of them are no WARC), or
 * a source error. */
static parley_status src_skip_blank(parley_reader *r, size_t max)
{
    pl_warc *w = r->warc;
    size_t skipped = 0;
    for (;;) {
        if (w->out_pos == w->out_len) {
            parley_status st = src_fill(r);
            if (st)
                return st;
        }
        size_t i = w->out_pos;
        while (i < w->out_len && (w->out[i] == '\r' || w->out[i] == '\n'))
            i++;
        skipped += i - w->out_pos;
        w->offset += i - w->out_pos;
        w->out_pos = i;
        if (skipped > max)
            return PARLEY_ERR_TOO_LARGE;
        if (i < w->out_len)
            return PARLEY_OK;
    }
}

/* Append n bytes to b (b NULL: skip them). END before n bytes: the record
 * is truncated. */
static parley_status src_read(parley_reader *r, pl_buf *b, uint64_t n)
{
    pl_warc *w = r->warc;
    while (n) {
        if (w->out_pos == w->out_len) {
            parley_status st = src_fill(r);
            if (st)
                return st;
        }
        size_t avail = w->out_len - w->out_pos;
        size_t take = n < avail ? (size_t)n : avail;
        if (b && pl_buf_append(b, w->out + w->out_pos, take))
            return PARLEY_ERR_NOMEM;
        w->out_pos += take;
        w->offset += take;
        n -= take;
    }
    return PARLEY_OK;
}

/* ---------------------------------------------------------------------- */
/* Headers */

/* If line is "Name: value" for name, the trimmed value (in place). */
static const char *header_value(char *line, size_t len, const char *name)
{
    size_t k = strlen(name);
    if (len <= k || line[k] != ':' || strncasecmp(line, name, k) != 0)
        return NULL;
    char *v = line + k + 1;
    while (*v == ' ' || *v == '\t')
        v++;
    char *e = line + len;
    while (e > v && (e[-1] == ' ' || e[-1] == '\t'))
        *--e = '\0';
    return v;
}

typedef struct wa_rec {
    char type[32];
    char uri[2048];
    char date[11];
    char id[128];
    bool has_len;
    uint64_t len;
} wa_rec;

static void copy_field(char *dst, size_t dstsz, const char *v)
{
    snprintf(dst, dstsz, "%s", v);
}

/* ---------------------------------------------------------------------- */
/* HTTP payload */

/* Case-insensitive search for needle in s[0..n). */
static const char *find_ci(const char *s, size_t n, const char *needle)
{
    size_t k = strlen(needle);
    for (size_t i = 0; i + k <= n; i++)
        if (strncasecmp(s + i, needle, k) == 0)
            return s + i;
    return NULL;
}

/* Decode a chunked body in place; returns its new length, or SIZE_MAX if
 * the chunk framing is broken. */
static size_t dechunk(char *p, size_t n)
{
    size_t i = 0, o = 0;
    while (i < n) {
        size_t size = 0;
        bool digits = false;
        while (i < n) {
            char c = p[i];
            int v = c >= '0' && c <= '9'   ? c - '0'
                    : c >= 'a' && c <= 'f' ? c - 'a' + 10
                    : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                           : -1;
            if (v < 0)
                break;
            if (size > (SIZE_MAX >> 4))
                return SIZE_MAX;
            size = size * 16 + (size_t)v;
            digits = true;
            i++;
        }
        if (!digits)
            return SIZE_MAX;
        while (i < n && p[i] != '\n') /* chunk extensions */
            i++;
        if (i >= n)
            return SIZE_MAX;
        i++;
        if (size == 0)
            return o;
        if (size > n - i)
            return SIZE_MAX;
        memmove(p + o, p + i, size);
        o += size;
        i += size;
        if (i < n && p[i] == '\r')
            i++;
        if (i < n && p[i] == '\n')
            i++;
    }
    return o; /* no terminating chunk: keep what arrived */
}

/* Inflate a gzip / zlib / raw deflate body into out (capped). False, with
 * zlib's reason in msg, when it does not decompress; a body cut short is
 * kept if it gave any bytes. */
static bool inflate_body(const char *p, size_t n, bool raw, pl_buf *out, char *msg, size_t msgsz)
{
    z_stream zs;
    memset(&zs, 0, sizeof zs);
    if (inflateInit2(&zs, raw ? -MAX_WBITS : 32 + MAX_WBITS) != Z_OK)
        return false;
    zs.next_in = (unsigned char *)p;
    zs.avail_in = (uInt)n;
    unsigned char buf[WA_CHUNK];
    int ret = Z_OK;
    bool ok = true;
    while (ret != Z_STREAM_END) {
        zs.next_out = buf;
        zs.avail_out = sizeof buf;
        ret = inflate(&zs, Z_NO_FLUSH);
        size_t got = sizeof buf - zs.avail_out;
        if (got && pl_buf_append(out, buf, got)) {
            ok = false;
            break;
        }
        if (ret == Z_BUF_ERROR || (ret != Z_OK && ret != Z_STREAM_END)) {
            ok = ret == Z_BUF_ERROR && out->len > 0; /* truncated: keep what we have */
            if (!ok)
                snprintf(msg, msgsz, "%s",
                         ret == Z_BUF_ERROR ? "no data"
                         : zs.msg           ? zs.msg
                                            : "corrupt data");
            break;
        }
    }
    inflateEnd(&zs);
    return ok;
}

/* Turn a response record's block (an HTTP message) into a document, or
 * name why it is skipped. */
static parley_status http_to_doc(parley_reader *r, const wa_rec *rec, parley_doc **out,
                                 const char **why)
{
    pl_warc *w = r->warc;
    char *p = w->block.data;
    size_t n = w->block.len;
    *why = NULL;
    if (n < 12 || strncmp(p, "HTTP/", 5) != 0) {
        *why = "bad_http";
        return PARLEY_OK;
    }
    const char *end = find_ci(p, n < PL_WARC_MAX_HEADER ? n : PL_WARC_MAX_HEADER, "\r\n\r\n");
    size_t body_at;
    if (end) {
        body_at = (size_t)(end - p) + 4;
    } else if ((end = find_ci(p, n < PL_WARC_MAX_HEADER ? n : PL_WARC_MAX_HEADER, "\n\n"))) {
        body_at = (size_t)(end - p) + 2;
    } else {
        *why = "bad_http";
        return PARLEY_OK;
    }
    const char *sp = memchr(p, ' ', body_at);
    int status = sp ? atoi(sp + 1) : 0;
    if (status < 200 || status > 299) {
        *why = "http_status";
        return PARLEY_OK;
    }
    char ctype[256] = "", tenc[64] = "", cenc[64] = "";
    for (size_t i = 0; i < body_at;) {
        size_t e = i;
        while (e < body_at && p[e] != '\n')
            e++;
        size_t len = e - i;
        if (len && p[i + len - 1] == '\r')
            len--;
        char line[512];
        if (len < sizeof line) {
            memcpy(line, p + i, len);
            line[len] = '\0';
            const char *v;
            if ((v = header_value(line, len, "Content-Type")))
                copy_field(ctype, sizeof ctype, v);
            else if ((v = header_value(line, len, "Transfer-Encoding")))
                copy_field(tenc, sizeof tenc, v);
            else if ((v = header_value(line, len, "Content-Encoding")))
                copy_field(cenc, sizeof cenc, v);
        }
        i = e + 1;
    }
    char *body = p + body_at;
    size_t blen = n - body_at;
    if (*ctype ? !find_ci(ctype, strlen(ctype), "html")
               : !find_ci(body, blen < 1024 ? blen : 1024, "<html")) {
        *why = "not_html";
        return PARLEY_OK;
    }
    if (find_ci(tenc, strlen(tenc), "chunked")) {
        size_t m = dechunk(body, blen);
        if (m == SIZE_MAX) {
            *why = "bad_http";
            return PARLEY_OK;
        }
        blen = m;
    }
    if (*cenc && strcasecmp(cenc, "identity") != 0) {
        bool raw = strcasecmp(cenc, "deflate") == 0;
        bool known = raw || strcasecmp(cenc, "gzip") == 0 || strcasecmp(cenc, "x-gzip") == 0;
        pl_buf_clear(&w->body);
        char zmsg[64] = "unknown encoding";
        if (!known || !inflate_body(body, blen, raw, &w->body, zmsg, sizeof zmsg)) {
            /* Some crawlers store the decoded payload and keep the header:
             * take the body as it is only if it starts like markup, never
             * compressed bytes that happen to hold a '<' (binary read as
             * sentences). */
            size_t k = 0;
            while (k < blen && k < 1024 && strchr(" \t\r\n", body[k]))
                k++;
            if (!known || k >= blen || body[k] != '<') {
                snprintf(w->bodymsg, sizeof w->bodymsg,
                         "Content-Encoding: %s body does not decode (%s)", cenc, zmsg);
                *why = "bad_encoding";
                return PARLEY_OK;
            }
        } else {
            body = w->body.data;
            blen = w->body.len;
        }
    }
    char charset[64] = "";
    const char *cs = find_ci(ctype, strlen(ctype), "charset=");
    if (cs) {
        cs += 8;
        size_t k = 0;
        while (cs[k] && cs[k] != ';' && cs[k] != ' ' && cs[k] != '"' && k + 1 < sizeof charset) {
            charset[k] = cs[k];
            k++;
        }
        charset[k] = '\0';
    }
    size_t repairs = 0;
    parley_status st = pl_html_extract(body ? body : "", blen, *charset ? charset : NULL, r->name,
                                       w->record, out, why, &repairs);
    pl_stats_repairs(r->stats, repairs);
    if (st || !*out)
        return st;
    parley_doc *doc = *out;
    const char *id = rec->id;
    size_t idn = strlen(id);
    if (idn >= 2 && id[0] == '<' && id[idn - 1] == '>') {
        id++;
        idn -= 2;
    }
    if (!idn) {
        char num[300];
        snprintf(num, sizeof num, "%s:%llu", r->base, (unsigned long long)w->record);
        st = pl_doc_set(doc, &doc->id, num, strlen(num));
    } else {
        st = pl_doc_set(doc, &doc->id, id, idn);
    }
    if (!st && rec->uri[0])
        st = pl_doc_set(doc, &doc->url, rec->uri, strlen(rec->uri));
    if (!st && !doc->date[0] && rec->date[0])
        st = pl_doc_set(doc, &doc->date, rec->date, 10);
    if (st) {
        parley_doc_free(doc);
        *out = NULL;
    }
    return st;
}

/* ---------------------------------------------------------------------- */
/* Records */

/* Read one record's header section into rec. */
static parley_status read_header(parley_reader *r, wa_rec *rec, bool *end)
{
    pl_warc *w = r->warc;
    parley_status st;
    *end = false;
    /* blank lines between records (the CRLF CRLF after each block) */
    uint64_t blank_at = w->offset;
    st = src_skip_blank(r, PL_WARC_MAX_HEADER);
    if (st == PARLEY_END) {
        *end = true;
        return PARLEY_OK;
    }
    if (st == PARLEY_ERR_TOO_LARGE) {
        w->record++;
        pl_stats_record(r->stats);
        parley_stats_skip(r->stats, "bad_record");
        return pl_error(PARLEY_ERR_FORMAT,
                        "%s: record %llu: more than %zu bytes of blank lines from byte offset "
                        "%llu (a WARC has CRLF CRLF between records); stopping here",
                        r->name, (unsigned long long)w->record, PL_WARC_MAX_HEADER,
                        (unsigned long long)blank_at);
    }
    if (st) {
        w->record++;
        pl_stats_record(r->stats);
        return fail_record(r, st, "the start of a record");
    }
    do {
        st = src_line(r, PL_WARC_MAX_HEADER);
        if (st == PARLEY_END) {
            *end = true;
            return PARLEY_OK;
        }
        if (st == PARLEY_ERR_TOO_LARGE)
            break;
        if (st) {
            /* the failure belongs to the record that was to follow */
            w->record++;
            pl_stats_record(r->stats);
            return fail_record(r, st, "the start of a record");
        }
    } while (w->line.len == 0);
    w->record++;
    uint64_t start = w->line_at;
    pl_stats_record(r->stats);
    if (st == PARLEY_ERR_TOO_LARGE || strncmp(w->line.data, "WARC/", 5) != 0) {
        parley_stats_skip(r->stats, "bad_record");
        return pl_error(PARLEY_ERR_FORMAT,
                        "%s: record %llu at byte offset %llu: expected a \"WARC/1.x\" version "
                        "line; stopping here",
                        r->name, (unsigned long long)w->record, (unsigned long long)start);
    }
    memset(rec, 0, sizeof *rec);
    size_t total = 0;
    for (;;) {
        st = src_line(r, PL_WARC_MAX_HEADER);
        if (st == PARLEY_ERR_TOO_LARGE || (!st && (total += w->line.len) > PL_WARC_MAX_HEADER)) {
            parley_stats_skip(r->stats, "bad_record");
            return pl_error(PARLEY_ERR_FORMAT,
                            "%s: record %llu at byte offset %llu: header section longer than "
                            "%zu bytes; stopping here",
                            r->name, (unsigned long long)w->record, (unsigned long long)start,
                            PL_WARC_MAX_HEADER);
        }
        if (st)
            return fail_record(r, st, "its header");
        if (w->line.len == 0)
            break;
        const char *v;
        char *line = w->line.data;
        size_t len = w->line.len;
        if ((v = header_value(line, len, "WARC-Type"))) {
            copy_field(rec->type, sizeof rec->type, v);
        } else if ((v = header_value(line, len, "WARC-Target-URI"))) {
            copy_field(rec->uri, sizeof rec->uri, v);
        } else if ((v = header_value(line, len, "WARC-Record-ID"))) {
            copy_field(rec->id, sizeof rec->id, v);
        } else if ((v = header_value(line, len, "WARC-Date"))) {
            if (!pl_parse_date(v, strlen(v), rec->date))
                rec->date[0] = '\0';
        } else if ((v = header_value(line, len, "Content-Length"))) {
            char *e;
            errno = 0;
            unsigned long long n = strtoull(v, &e, 10);
            rec->has_len = e != v && *e == '\0' && errno == 0 && v[0] != '-';
            rec->len = n;
        }
    }
    if (!rec->has_len) {
        parley_stats_skip(r->stats, "bad_record");
        return pl_error(PARLEY_ERR_FORMAT,
                        "%s: record %llu at byte offset %llu: no valid Content-Length; "
                        "stopping here",
                        r->name, (unsigned long long)w->record, (unsigned long long)start);
    }
    return PARLEY_OK;
}

parley_status pl_read_warc_next(parley_reader *r, parley_doc **out)
{
    if (r->done)
        return PARLEY_END;
    if (!r->warc) {
        r->warc = pl_calloc(1, sizeof *r->warc);
        if (!r->warc)
            return pl_error(PARLEY_ERR_NOMEM, "%s: out of memory", r->name);
        pl_buf_init(&r->warc->line, PL_WARC_MAX_HEADER + 1);
        pl_buf_init(&r->warc->block, PL_WARC_MAX_RECORD + 1);
        pl_buf_init(&r->warc->body, PL_WARC_MAX_RECORD + 1);
    }
    pl_warc *w = r->warc;
    for (;;) {
        wa_rec rec;
        bool end;
        parley_status st = read_header(r, &rec, &end);
        if (!st && end) {
            r->done = true;
            return PARLEY_END;
        }
        if (st) {
            r->done = true; /* framing is lost: stop this file */
            return st;
        }
        bool response = strcasecmp(rec.type, "response") == 0;
        const char *why = NULL;
        if (!response) {
            why = "not_response";
        } else if (rec.len > PL_WARC_MAX_RECORD) {
            why = "too_large";
            pl_warn("%s: record %llu (%s): %llu bytes, larger than the %zu byte limit, skipped",
                    r->name, (unsigned long long)w->record, rec.uri, (unsigned long long)rec.len,
                    PL_WARC_MAX_RECORD);
        }
        pl_buf_clear(&w->block);
        st = src_read(r, why ? NULL : &w->block, rec.len);
        if (st) {
            r->done = true;
            return fail_record(r, st, "its content block");
        }
        if (why) {
            parley_stats_skip(r->stats, why);
            continue;
        }
        parley_doc *doc = NULL;
        st = http_to_doc(r, &rec, &doc, &why);
        if (st)
            return st;
        if (!doc) {
            if (!pl_stats_reason_benign(why) || strcmp(why, "no_body") == 0)
                pl_warn("%s: record %llu (%s): %s, skipped", r->name, (unsigned long long)w->record,
                        rec.uri,
                        strcmp(why, "no_body") == 0        ? "no article text found"
                        : strcmp(why, "bad_http") == 0     ? "malformed HTTP response"
                        : strcmp(why, "bad_encoding") == 0 ? w->bodymsg
                                                           : why);
            parley_stats_skip(r->stats, why);
            continue;
        }
        pl_stats_processed(r->stats);
        *out = doc;
        return PARLEY_OK;
    }
}
