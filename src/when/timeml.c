/*
 * timeml.c - a reader for TimeML documents (TempEval-3 .tml): the DOCID,
 * the document creation time (DCT), the text of <TEXT> with every tag
 * removed and entities decoded, and the TIMEX3 and EVENT elements inside
 * it with byte offsets into that text.
 *
 * A small hand-written scanner rather than an XML library: the files are
 * simple, and a scanner that reports the byte of the first bad tag gives
 * clearer errors on the hand-edited files the corpora hold.
 */
#include "when/when.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#define TML_MAX_BYTES ((size_t)64 << 20)
#define TML_MAX_ELEMS ((size_t)1 << 20)

void pl_tml_release(pl_tml *t)
{
    if (!t)
        return;
    pl_free(t->docid);
    pl_free(t->dct);
    pl_free(t->text);
    pl_free(t->timex);
    pl_free(t->event);
    memset(t, 0, sizeof *t);
}

/* The value of attribute name in the tag text [p, e) into out (cap bytes,
 * truncated); false when absent. */
static bool attr(const char *p, const char *e, const char *name, char *out, size_t cap)
{
    size_t nl = strlen(name);
    for (const char *q = p; q + nl + 1 < e; q++) {
        if (strncmp(q, name, nl) != 0 || (q > p && !isspace((unsigned char)q[-1])))
            continue;
        const char *r = q + nl;
        while (r < e && isspace((unsigned char)*r))
            r++;
        if (r >= e || *r != '=')
            continue;
        r++;
        while (r < e && isspace((unsigned char)*r))
            r++;
        if (r >= e || (*r != '"' && *r != '\''))
            continue;
        char quote = *r++;
        size_t n = 0;
        while (r < e && *r != quote) {
            if (n + 1 < cap)
                out[n++] = *r;
            r++;
        }
        if (cap)
            out[n] = '\0';
        return r < e;
    }
    return false;
}

static int tx_type(const char *s)
{
    if (!strcmp(s, "DATE"))
        return PL_TX_DATE;
    if (!strcmp(s, "TIME"))
        return PL_TX_TIME;
    if (!strcmp(s, "DURATION"))
        return PL_TX_DURATION;
    if (!strcmp(s, "SET"))
        return PL_TX_SET;
    return 0;
}

/* Decode the entity at s (s[0] == '&') into b; *used gets its length.
 * An unknown or malformed entity is kept as text. */
static parley_status entity(pl_buf *b, const char *s, const char *e, size_t *used)
{
    static const struct {
        const char *name;
        char c;
    } named[] = {{"amp;", '&'}, {"lt;", '<'}, {"gt;", '>'}, {"quot;", '"'}, {"apos;", '\''}};
    for (size_t i = 0; i < sizeof named / sizeof named[0]; i++) {
        size_t l = strlen(named[i].name);
        if ((size_t)(e - s) > l && strncmp(s + 1, named[i].name, l) == 0) {
            *used = l + 1;
            return pl_buf_putc(b, named[i].c);
        }
    }
    if (e - s > 3 && s[1] == '#') {
        const char *p = s + 2;
        int base = 10;
        if (*p == 'x' || *p == 'X') {
            base = 16;
            p++;
        }
        long cp = 0;
        const char *q = p;
        while (q < e && q - p < 8 && isxdigit((unsigned char)*q) &&
               (base == 16 || isdigit((unsigned char)*q))) {
            cp = cp * base + (isdigit((unsigned char)*q) ? *q - '0' : (tolower(*q) - 'a' + 10));
            q++;
        }
        if (q > p && q < e && *q == ';' && cp > 0 && cp <= 0x10FFFF &&
            !(cp >= 0xD800 && cp <= 0xDFFF)) {
            char u[4];
            size_t n = pl_utf8_encode((int32_t)cp, u);
            *used = (size_t)(q + 1 - s);
            return pl_buf_append(b, u, n);
        }
    }
    *used = 1;
    return pl_buf_putc(b, '&');
}

static parley_status add_elem(pl_tml_elem **v, size_t *n, size_t *cap, const pl_tml_elem *x,
                              const char *name)
{
    if (pl_grow((void **)v, cap, *n + 1, sizeof **v, TML_MAX_ELEMS))
        return pl_error(PARLEY_ERR_TOO_LARGE, "%s: too many elements", name);
    (*v)[(*n)++] = *x;
    return PARLEY_OK;
}

/* The text between <name> and </name> after from, or NULL. */
static const char *element(const char *buf, const char *end, const char *name, const char **cend)
{
    size_t nl = strlen(name);
    for (const char *p = buf; p + nl + 2 <= end; p++) {
        if (*p != '<' || strncmp(p + 1, name, nl) != 0 ||
            (p[nl + 1] != '>' && !isspace((unsigned char)p[nl + 1])))
            continue;
        const char *open_end = memchr(p, '>', (size_t)(end - p));
        if (!open_end)
            return NULL;
        const char *c = open_end + 1;
        for (const char *q = c; q + nl + 3 <= end; q++)
            if (q[0] == '<' && q[1] == '/' && strncmp(q + 2, name, nl) == 0 && q[nl + 2] == '>') {
                *cend = q;
                return c;
            }
        return NULL;
    }
    return NULL;
}

parley_status pl_tml_parse(const char *buf, size_t n, const char *name, pl_tml *out)
{
    memset(out, 0, sizeof *out);
    const char *end = buf + n;
    if (n > TML_MAX_BYTES)
        return pl_error(PARLEY_ERR_TOO_LARGE, "%s: TimeML document over %zu bytes", name,
                        TML_MAX_BYTES);
    const char *ce;
    const char *id = element(buf, end, "DOCID", &ce);
    out->docid = id ? pl_strndup(id, (size_t)(ce - id)) : pl_strdup("");
    char v[PL_TX_VALUE_MAX] = "";
    const char *dct = element(buf, end, "DCT", &ce);
    if (dct) {
        const char *t = dct;
        while (t < ce && *t != '<')
            t++;
        const char *te = t < ce ? memchr(t, '>', (size_t)(ce - t)) : NULL;
        if (te)
            attr(t, te, "value", v, sizeof v);
    }
    out->dct = pl_strdup(v);
    if (!out->docid || !out->dct) {
        pl_tml_release(out);
        return pl_error(PARLEY_ERR_NOMEM, "out of memory");
    }
    const char *tend;
    const char *text = element(buf, end, "TEXT", &tend);
    if (!text) {
        pl_tml_release(out);
        return pl_error(PARLEY_ERR_FORMAT, "%s: no <TEXT> element", name);
    }
    pl_buf b;
    pl_buf_init(&b, TML_MAX_BYTES);
    size_t tcap = 0, ecap = 0;
    long open_tx = -1, open_ev = -1; /* index of the element being read */
    parley_status st = PARLEY_OK;
    for (const char *p = text; p < tend && !st;) {
        if (*p == '&') {
            size_t used;
            st = entity(&b, p, tend, &used);
            p += used;
            continue;
        }
        if (*p != '<') {
            st = pl_buf_putc(&b, *p++);
            continue;
        }
        const char *ge = memchr(p, '>', (size_t)(tend - p));
        if (!ge) {
            st = pl_error(PARLEY_ERR_FORMAT, "%s: byte %zu: unterminated tag", name,
                          (size_t)(p - buf));
            break;
        }
        bool closing = p[1] == '/';
        const char *nm = p + 1 + closing;
        size_t nml = 0;
        while (nm + nml < ge && !isspace((unsigned char)nm[nml]) && nm[nml] != '/')
            nml++;
        bool is_tx = nml == 6 && strncmp(nm, "TIMEX3", 6) == 0;
        bool is_ev = nml == 5 && strncmp(nm, "EVENT", 5) == 0;
        bool self_closing = ge > p && ge[-1] == '/';
        if ((is_tx || is_ev) && !closing && !self_closing) {
            if ((is_tx && open_tx >= 0) || (is_ev && open_ev >= 0)) {
                st = pl_error(PARLEY_ERR_FORMAT, "%s: byte %zu: nested <%.*s>", name,
                              (size_t)(p - buf), (int)nml, nm);
                break;
            }
            pl_tml_elem x;
            memset(&x, 0, sizeof x);
            x.start = x.end = (uint32_t)b.len;
            char ty[16] = "";
            if (is_tx) {
                attr(p, ge, "tid", x.id, sizeof x.id);
                attr(p, ge, "value", x.value, sizeof x.value);
                attr(p, ge, "type", ty, sizeof ty);
                x.type = (uint8_t)tx_type(ty);
                st = add_elem(&out->timex, &out->ntimex, &tcap, &x, name);
                open_tx = (long)out->ntimex - 1;
            } else {
                attr(p, ge, "eid", x.id, sizeof x.id);
                st = add_elem(&out->event, &out->nevent, &ecap, &x, name);
                open_ev = (long)out->nevent - 1;
            }
        } else if ((is_tx || is_ev) && closing) {
            long *o = is_tx ? &open_tx : &open_ev;
            if (*o < 0) {
                st = pl_error(PARLEY_ERR_FORMAT, "%s: byte %zu: </%.*s> without its opening tag",
                              name, (size_t)(p - buf), (int)nml, nm);
                break;
            }
            (is_tx ? out->timex : out->event)[*o].end = (uint32_t)b.len;
            *o = -1;
        }
        p = ge + 1;
    }
    if (!st && (open_tx >= 0 || open_ev >= 0))
        st = pl_error(PARLEY_ERR_FORMAT, "%s: <%s> not closed before </TEXT>", name,
                      open_tx >= 0 ? "TIMEX3" : "EVENT");
    if (st) {
        pl_buf_release(&b);
        pl_tml_release(out);
        return st;
    }
    /* the text must be valid UTF-8 without NUL for the rest of the library;
     * repairing would move the offsets, so a bad text is refused */
    bool valid = b.len == 0 || memchr(b.data, 0, b.len) == NULL;
    for (size_t i = 0; i < b.len && valid;) {
        size_t l = pl_utf8_valid_len((const unsigned char *)b.data + i, b.len - i);
        valid = l != 0;
        i += l;
    }
    if (!valid) {
        pl_buf_release(&b);
        pl_tml_release(out);
        return pl_error(PARLEY_ERR_FORMAT,
                        "%s: the text of <TEXT> is not valid UTF-8 (or holds NUL)", name);
    }
    out->text = b.data ? b.data : pl_strdup("");
    out->len = b.len;
    if (!out->text) {
        pl_tml_release(out);
        return pl_error(PARLEY_ERR_NOMEM, "out of memory");
    }
    return PARLEY_OK;
}

parley_status pl_tml_read(const char *path, pl_tml *out)
{
    memset(out, 0, sizeof *out);
    pl_buf b;
    pl_buf_init(&b, TML_MAX_BYTES);
    parley_status st = pl_buf_read_file(&b, path);
    if (!st)
        st = pl_tml_parse(b.data ? b.data : "", b.len, path, out);
    pl_buf_release(&b);
    return st;
}
