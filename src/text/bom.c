/* bom.c - UTF-16 and UTF-32 input: a file that starts with a UTF-16 or
 * UTF-32 byte order mark is decoded to UTF-8 as it is read, so the text and
 * JSON Lines readers (which expect UTF-8) see its records instead of one
 * lost first record and mojibake. The reader's FILE is swapped for a
 * glibc cookie stream (fopencookie) that decodes on the fly: streaming,
 * memory bounded by two 64 KB buffers whatever the file size. HTML is left
 * to libxml2, which reads the mark itself. */
#include "text/text.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

enum { BOM_PASS, BOM_U16LE, BOM_U16BE, BOM_U32LE, BOM_U32BE };

typedef struct bom_src {
    FILE *in;
    bool own_in;
    int kind;
    parley_stats *stats;
    unsigned char pre[4]; /* BOM_PASS: bytes looked at, given back first */
    size_t npre, ppre;
    unsigned char raw[65536];
    size_t rlen, rpos;
    bool eof;
    unsigned char out[16384];
    size_t olen, opos;
    long pending; /* a unit read after a high surrogate that was no low one, or -1 */
} bom_src;

/* The next code unit (2 or 4 bytes), or -1 at the end of input (a partial
 * unit there is *partial). -2 on a read error. */
static long next_unit(bom_src *b, bool *partial)
{
    if (b->pending >= 0) {
        long c = b->pending;
        b->pending = -1;
        return c;
    }
    size_t u = b->kind == BOM_U16LE || b->kind == BOM_U16BE ? 2 : 4;
    if (b->rlen - b->rpos < u && !b->eof) {
        memmove(b->raw, b->raw + b->rpos, b->rlen - b->rpos);
        b->rlen -= b->rpos;
        b->rpos = 0;
        while (b->rlen < u && !b->eof) {
            size_t n = fread(b->raw + b->rlen, 1, sizeof b->raw - b->rlen, b->in);
            if (n == 0) {
                if (ferror(b->in))
                    return -2;
                b->eof = true;
            }
            b->rlen += n;
        }
    }
    if (b->rlen - b->rpos < u) {
        *partial = b->rlen > b->rpos;
        b->rpos = b->rlen;
        return -1;
    }
    const unsigned char *p = b->raw + b->rpos;
    b->rpos += u;
    switch (b->kind) {
    case BOM_U16LE: return (long)(p[0] | p[1] << 8);
    case BOM_U16BE: return (long)(p[1] | p[0] << 8);
    case BOM_U32LE:
        return (long)((uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
                      (uint32_t)p[3] << 24);
    default:
        return (long)((uint32_t)p[3] | (uint32_t)p[2] << 8 | (uint32_t)p[1] << 16 |
                      (uint32_t)p[0] << 24);
    }
}

static void put_utf8(bom_src *b, uint32_t cp)
{
    unsigned char *o = b->out + b->olen;
    if (cp < 0x80) {
        o[0] = (unsigned char)cp;
        b->olen += 1;
    } else if (cp < 0x800) {
        o[0] = (unsigned char)(0xC0 | cp >> 6);
        o[1] = (unsigned char)(0x80 | (cp & 0x3F));
        b->olen += 2;
    } else if (cp < 0x10000) {
        o[0] = (unsigned char)(0xE0 | cp >> 12);
        o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (unsigned char)(0x80 | (cp & 0x3F));
        b->olen += 3;
    } else {
        o[0] = (unsigned char)(0xF0 | cp >> 18);
        o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
        o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        o[3] = (unsigned char)(0x80 | (cp & 0x3F));
        b->olen += 4;
    }
}

/* A code unit that is no character (lone surrogate, past U+10FFFF, a
 * partial unit at the end) becomes U+FFFD, counted as a repair. */
static void put_bad(bom_src *b)
{
    pl_stats_repairs(b->stats, 1);
    put_utf8(b, 0xFFFD);
}

/* Decode into b->out until it is nearly full or the input ends.
 * -1 on a read error. */
static int fill(bom_src *b)
{
    b->olen = b->opos = 0;
    bool u16 = b->kind == BOM_U16LE || b->kind == BOM_U16BE;
    while (b->olen + 8 <= sizeof b->out) {
        bool partial = false;
        long c = next_unit(b, &partial);
        if (c == -2)
            return -1;
        if (c == -1) {
            if (partial)
                put_bad(b);
            break;
        }
        uint32_t cp = (uint32_t)c;
        if (u16 && cp >= 0xD800 && cp <= 0xDBFF) {
            long lo = next_unit(b, &partial);
            if (lo == -2)
                return -1;
            if (lo >= 0xDC00 && lo <= 0xDFFF) {
                put_utf8(b, 0x10000 + ((cp - 0xD800) << 10) + ((uint32_t)lo - 0xDC00));
                continue;
            }
            put_bad(b);
            if (lo >= 0)
                b->pending = lo; /* not a low surrogate: read it again as itself */
            else if (partial)
                put_bad(b);
            continue;
        }
        if ((cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
            put_bad(b);
        else
            put_utf8(b, cp);
    }
    return 0;
}

static ssize_t bom_read(void *cookie, char *buf, size_t size)
{
    bom_src *b = cookie;
    size_t done = 0;
    if (b->kind == BOM_PASS) {
        while (done < size && b->ppre < b->npre)
            buf[done++] = (char)b->pre[b->ppre++];
        if (done < size) {
            size_t n = fread(buf + done, 1, size - done, b->in);
            if (n == 0 && ferror(b->in) && done == 0)
                return -1;
            done += n;
        }
        return (ssize_t)done;
    }
    while (done < size) {
        if (b->opos == b->olen) {
            if (fill(b) != 0)
                return done ? (ssize_t)done : -1;
            if (b->olen == 0)
                break;
        }
        size_t k = b->olen - b->opos < size - done ? b->olen - b->opos : size - done;
        memcpy(buf + done, b->out + b->opos, k);
        b->opos += k;
        done += k;
    }
    return (ssize_t)done;
}

static int bom_close(void *cookie)
{
    bom_src *b = cookie;
    int rc = b->own_in ? fclose(b->in) : 0;
    pl_free(b);
    return rc;
}

parley_status pl_bom_wrap(parley_reader *r)
{
    FILE *f = r->f;
    unsigned char p[4];
    size_t n = 0;
    int c = getc(f);
    if (c == EOF)
        return PARLEY_OK; /* empty or unreadable: the reader will say */
    p[n++] = (unsigned char)c;
    /* UTF-8 text never starts with 0xFF, 0xFE or NUL: anything else is put
     * back (one byte of push-back is all stdio promises) and read as it is */
    if (c != 0xFF && c != 0xFE && c != 0x00) {
        ungetc(c, f);
        return PARLEY_OK;
    }
    while (n < 4 && (c = getc(f)) != EOF)
        p[n++] = (unsigned char)c;
    int kind = BOM_PASS;
    size_t bom = 0;
    if (n >= 4 && !memcmp(p, "\xFF\xFE\x00\x00", 4))
        kind = BOM_U32LE, bom = 4;
    else if (n >= 4 && !memcmp(p, "\x00\x00\xFE\xFF", 4))
        kind = BOM_U32BE, bom = 4;
    else if (n >= 2 && !memcmp(p, "\xFF\xFE", 2))
        kind = BOM_U16LE, bom = 2;
    else if (n >= 2 && !memcmp(p, "\xFE\xFF", 2))
        kind = BOM_U16BE, bom = 2;
    bom_src *b = pl_calloc(1, sizeof *b);
    if (!b)
        return pl_error(PARLEY_ERR_NOMEM, "out of memory opening %s", r->name);
    b->in = f;
    b->own_in = r->own_f;
    b->kind = kind;
    b->stats = r->stats;
    b->pending = -1;
    if (kind == BOM_PASS) {
        memcpy(b->pre, p, n);
        b->npre = n;
    } else {
        /* the bytes after the mark are the first of the text */
        memcpy(b->raw, p + bom, n - bom);
        b->rlen = n - bom;
    }
    cookie_io_functions_t io = {bom_read, NULL, NULL, bom_close};
    FILE *w = fopencookie(b, "r", io);
    if (!w) {
        pl_free(b);
        return pl_error(PARLEY_ERR_NOMEM, "out of memory opening %s", r->name);
    }
    r->f = w;
    r->own_f = true; /* closing w closes f if the reader owned it */
    return PARLEY_OK;
}
