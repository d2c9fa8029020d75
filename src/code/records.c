/*
 * records.c - PETRARCH unit-test records reader (libxml2 tree API).
 */
#include "code/records.h"

#include <ctype.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <string.h>
#include <strings.h>

#define MAX_RECORDS ((size_t)1 << 20)

static bool is(const xmlNode *n, const char *name)
{
    return n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

/* An attribute, trimmed, copied into the arena ("" when absent). */
static const char *attr(pl_arena *a, xmlNode *n, const char *name)
{
    xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
    if (!v)
        return pl_arena_strdup(a, "");
    char *out = pl_arena_strdup(a, pl_trim((char *)v));
    xmlFree(v);
    return out;
}

/* Text content with whitespace runs folded to single spaces. */
static const char *text_of(pl_arena *a, xmlNode *n)
{
    xmlChar *v = xmlNodeGetContent(n);
    if (!v)
        return pl_arena_strdup(a, "");
    size_t len = strlen((const char *)v);
    char *out = pl_arena_alloc(a, len + 1);
    if (out) {
        size_t k = 0;
        for (const char *s = (const char *)v; *s; s++) {
            if (isspace((unsigned char)*s)) {
                if (k > 0 && out[k - 1] != ' ')
                    out[k++] = ' ';
            } else {
                out[k++] = *s;
            }
        }
        while (k > 0 && out[k - 1] == ' ')
            k--;
        out[k] = '\0';
    }
    xmlFree(v);
    return out;
}

/* Codes in the records sometimes carry quotes ('"ARN"'): strip them. */
static const char *unquote(pl_arena *a, const char *s)
{
    size_t n = strlen(s);
    while (n > 0 && (*s == '"' || *s == '\'')) {
        s++;
        n--;
    }
    while (n > 0 && (s[n - 1] == '"' || s[n - 1] == '\''))
        n--;
    return pl_arena_strndup(a, s, n);
}

static bool truthy(const char *v)
{
    return strcasecmp(v, "true") == 0 || strcmp(v, "1") == 0 || strcasecmp(v, "yes") == 0;
}

/* A Penn tree's brackets: every ( closed, never a ) too many, something inside. */
static bool brackets_balance(const char *t)
{
    long depth = 0;
    bool any = false;
    for (; *t; t++) {
        if (*t == '(') {
            depth++;
            any = true;
        } else if (*t == ')' && --depth < 0) {
            return false;
        }
    }
    return any && depth == 0;
}

static parley_status read_sentence_(pl_records *rs, xmlNode *sn, const char *name, bool dyad);

/* Read one <Sentence>; on failure the record's heap event list is released
 * (it only moves into the arena at the end). */
static parley_status read_sentence(pl_records *rs, xmlNode *sn, const char *name, bool dyad)
{
    size_t before = rs->n;
    parley_status st = read_sentence_(rs, sn, name, dyad);
    if (st && rs->n > before && rs->r[rs->n - 1].ev) {
        pl_free(rs->r[rs->n - 1].ev);
        rs->r[rs->n - 1].ev = NULL;
        rs->r[rs->n - 1].nev = 0;
    }
    return st;
}

static parley_status read_sentence_(pl_records *rs, xmlNode *sn, const char *name, bool dyad)
{
    pl_arena *a = rs->arena;
    if (pl_grow((void **)&rs->r, &rs->cap, rs->n + 1, sizeof *rs->r, MAX_RECORDS))
        return PARLEY_ERR_NOMEM;
    pl_record *r = &rs->r[rs->n++];
    memset(r, 0, sizeof *r);
    r->line = xmlGetLineNo(sn);
    r->id = attr(a, sn, "id");
    r->category = attr(a, sn, "category");
    const char *date = attr(a, sn, "date");
    const char *active = attr(a, sn, "sentence");
    if (!r->id || !r->category || !date || !active)
        return PARLEY_ERR_NOMEM;
    r->active = truthy(active);
    r->require_dyad = dyad;
    r->error = "";
    r->date = "";
    if (*date) {
        bool ok = strlen(date) == 8;
        for (int i = 0; ok && i < 8; i++)
            ok = isdigit((unsigned char)date[i]);
        if (!ok) {
            pl_warn("%s:%ld: record %s: date '%s' is not YYYYMMDD, record skipped", name, r->line,
                    r->id, date);
            r->bad = true;
        } else {
            char *d = pl_arena_alloc(a, 11);
            if (!d)
                return PARLEY_ERR_NOMEM;
            snprintf(d, 11, "%.4s-%.2s-%.2s", date, date + 4, date + 6);
            r->date = d;
        }
    }
    size_t cap = 0;
    for (xmlNode *c = sn->children; c; c = c->next) {
        if (is(c, "Text")) {
            if (!(r->text = text_of(a, c)))
                return PARLEY_ERR_NOMEM;
        } else if (is(c, "Parse")) {
            xmlChar *t = xmlNodeGetContent(c);
            if (!t)
                return PARLEY_ERR_NOMEM;
            r->bad_parse = !brackets_balance((const char *)t);
            xmlFree(t);
        } else if (is(c, "EventCoding")) {
            const char *err = attr(a, c, "error");
            const char *noev = attr(a, c, "noevents");
            const char *src = attr(a, c, "sourcecode");
            const char *tgt = attr(a, c, "targetcode");
            const char *code = attr(a, c, "eventcode");
            if (!err || !noev || !src || !tgt || !code)
                return PARLEY_ERR_NOMEM;
            if (*err) {
                r->expect = PL_REC_ERROR;
                r->error = err;
            } else if (*noev && truthy(noev)) {
                if (r->expect == PL_REC_EVENTS)
                    r->expect = PL_REC_NOEVENTS;
            } else if (*code) {
                if (pl_grow((void **)&r->ev, &cap, r->nev + 1, sizeof *r->ev, 1024))
                    return PARLEY_ERR_NOMEM;
                pl_rec_event *e = &r->ev[r->nev++];
                e->src = unquote(a, src);
                e->tgt = unquote(a, tgt);
                e->code = unquote(a, code);
                if (!e->src || !e->tgt || !e->code)
                    return PARLEY_ERR_NOMEM;
            } else {
                pl_warn("%s:%ld: record %s: <EventCoding> without eventcode, noevents or error, "
                        "ignored",
                        name, xmlGetLineNo(c), r->id);
            }
        }
    }
    /* the event list lives in the arena so the record array can grow freely */
    if (r->nev) {
        pl_rec_event *copy = pl_arena_alloc(a, sizeof *copy * r->nev);
        if (!copy)
            return PARLEY_ERR_NOMEM;
        memcpy(copy, r->ev, sizeof *copy * r->nev);
        pl_free(r->ev);
        r->ev = copy;
    }
    if (!r->text || !*r->text) {
        pl_warn("%s:%ld: record %s has no <Text>, skipped", name, r->line, r->id);
        r->bad = true;
        r->text = "";
    }
    if (!*r->id) {
        pl_warn("%s:%ld: record without id", name, r->line);
        r->id = "";
    }
    return PARLEY_OK;
}

static parley_status walk(pl_records *rs, xmlNode *n, const char *name, bool *dyad)
{
    for (; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        parley_status st = PARLEY_OK;
        if (is(n, "Sentence")) {
            st = read_sentence(rs, n, name, *dyad);
        } else if (is(n, "Config")) {
            const char *opt = attr(rs->arena, n, "option");
            const char *val = attr(rs->arena, n, "value");
            if (!opt || !val)
                return PARLEY_ERR_NOMEM;
            if (strcmp(opt, "require_dyad") == 0)
                *dyad = truthy(val);
        } else if (is(n, "Verbfile") || is(n, "Actorfile") || is(n, "Agentfile") ||
                   is(n, "Discardfile")) {
            const char *t = text_of(rs->arena, n);
            if (!t)
                return PARLEY_ERR_NOMEM;
            if (is(n, "Verbfile"))
                rs->verbfile = t;
            else if (is(n, "Actorfile"))
                rs->actorfile = t;
            else if (is(n, "Agentfile"))
                rs->agentfile = t;
            else
                rs->discardfile = t;
        } else {
            st = walk(rs, n->children, name, dyad);
        }
        if (st)
            return st;
    }
    return PARLEY_OK;
}

parley_status pl_records_read_mem(const char *buf, size_t len, const char *name, pl_records **out)
{
    *out = NULL;
    if (!name)
        name = "(memory)";
    if (len > (size_t)1 << 30 || len > INT32_MAX)
        return pl_error(PARLEY_ERR_TOO_LARGE, "%s: records file too large", name);
    xmlDoc *x = xmlReadMemory(buf, (int)len, name, NULL,
                              XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (!x) {
        const xmlError *e = xmlGetLastError();
        char msg[256];
        snprintf(msg, sizeof msg, "%s", e && e->message ? e->message : "parse error");
        size_t ml = strlen(msg);
        while (ml > 0 && (msg[ml - 1] == '\n' || msg[ml - 1] == ' '))
            msg[--ml] = '\0';
        return pl_error(PARLEY_ERR_FORMAT, "%s:%d: not well-formed XML: %s", name, e ? e->line : 0,
                        msg);
    }
    pl_records *rs = pl_calloc(1, sizeof *rs);
    if (!rs || !(rs->arena = pl_arena_new(64 * 1024))) {
        pl_free(rs);
        xmlFreeDoc(x);
        return pl_error(PARLEY_ERR_NOMEM, "out of memory");
    }
    rs->verbfile = rs->actorfile = rs->agentfile = rs->discardfile = "";
    bool dyad = true;
    parley_status st = walk(rs, xmlDocGetRootElement(x), name, &dyad);
    xmlFreeDoc(x);
    if (st) {
        pl_records_free(rs);
        return pl_error(st, "%s: out of memory reading records", name);
    }
    *out = rs;
    return PARLEY_OK;
}

parley_status pl_records_read(const char *path, pl_records **out)
{
    *out = NULL;
    pl_buf b;
    pl_buf_init(&b, (size_t)256 << 20);
    parley_status st = pl_buf_read_file(&b, path);
    if (st) {
        pl_buf_release(&b);
        return st;
    }
    st = pl_records_read_mem(b.data ? b.data : "", b.len, path, out);
    pl_buf_release(&b);
    return st;
}

void pl_records_free(pl_records *r)
{
    if (!r)
        return;
    pl_free(r->r);
    pl_arena_free(r->arena);
    pl_free(r);
}
