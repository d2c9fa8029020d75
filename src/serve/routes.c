/*
 * routes.c - what each URL answers, independent of the HTTP library (so
 * the fuzz harness and the tests can call it without a socket):
 *
 *   GET  /api/health             {"status":"ok",...}
 *   GET  /api/events?FILTERS     a page of events ({"events":[...],"next_offset"})
 *   GET  /api/events/ID          one event with its mentions
 *   GET  /api/relations?a=&b=    a dyad's relations (json, svg or csv)
 *   POST /api/code               text in, events out (with the token)
 *   GET  /, /app.js, ...         the page
 *
 * Every error is {"error":{"status":N,"message":"..."}} with its status.
 */
#include "code/code.h"
#include "serve/serve.h"
#include "store/store.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void sv_error(sv_response *out, int status, const char *fmt, ...)
{
    char msg[600];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    /* a message cut by the buffer may end inside a UTF-8 sequence */
    size_t n = 0, len = strlen(msg);
    while (n < len) {
        size_t l = pl_utf8_valid_len((const unsigned char *)msg + n, len - n);
        if (!l)
            break;
        n += l;
    }
    pl_buf b;
    pl_buf_init(&b, 0);
    parley_status st = pl_putf(&b, "{\"error\":{\"status\":%d,\"message\":", status);
    if (!st)
        st = pl_json_str(&b, msg, n);
    if (!st)
        st = pl_buf_puts(&b, "}}\n");
    *out = (sv_response){.status = status, .type = "application/json"};
    if (st) {
        /* out of memory: a static body still tells the client */
        pl_buf_release(&b);
        out->status = 500;
        out->body = (char *)"{\"error\":{\"status\":500,\"message\":\"out of memory\"}}\n";
        out->len = strlen(out->body);
        return;
    }
    out->body = b.data;
    out->len = b.len;
    out->owned = true;
}

/* A JSON body built in b (taken over by out). */
static void json_ok(sv_response *out, pl_buf *b, parley_status st)
{
    if (st) {
        pl_buf_release(b);
        sv_error(out, 500, "building the response: %s", parley_strerror(st));
        return;
    }
    *out = (sv_response){.status = 200, .type = "application/json", .owned = true};
    out->body = b->data;
    out->len = b->len;
}

/* A status from the store as an HTTP error: a stopped query is 503 (the
 * client may narrow it), a missing thing 404, a bad argument 400. */
static void store_error(sv_response *out, sv_worker *w, parley_server *s, parley_status st)
{
    if (w && w->interrupted)
        sv_error(out, 503,
                 "the query took longer than %ld ms and was stopped; narrow it (dyad, from/to, "
                 "a smaller limit)",
                 s->query_ms);
    else if (st == PARLEY_ERR_NOT_FOUND)
        sv_error(out, 404, "%s", parley_errmsg());
    else if (st == PARLEY_ERR_ARG)
        sv_error(out, 400, "%s", parley_errmsg());
    else
        sv_error(out, 500, "%s", parley_errmsg());
}

/* Start the request's database clock (see the progress handler in server.c). */
static void start_clock(parley_server *s, sv_worker *w)
{
    clock_gettime(CLOCK_MONOTONIC, &w->deadline);
    w->deadline.tv_sec += s->query_ms / 1000;
    w->deadline.tv_nsec += (s->query_ms % 1000) * 1000000L;
    if (w->deadline.tv_nsec >= 1000000000L) {
        w->deadline.tv_sec++;
        w->deadline.tv_nsec -= 1000000000L;
    }
    w->interrupted = false;
}

/* A whole number in [lo, hi] written in at most 9 digits; false otherwise. */
static bool small_number(const char *v, long lo, long hi, long *out)
{
    size_t n = strlen(v);
    if (n == 0 || n > 9 || strspn(v, "0123456789") != n)
        return false;
    long x = strtol(v, NULL, 10);
    if (x < lo || x > hi)
        return false;
    *out = x;
    return true;
}

/* Parameters a route accepts; another is a 400 that names them. */
static bool only_params(const sv_target *t, const char *const *known, const char *list,
                        sv_response *out)
{
    for (size_t i = 0; i < t->nparams; i++) {
        bool ok = false;
        for (size_t k = 0; known[k] && !ok; k++)
            ok = strcmp(t->key[i], known[k]) == 0;
        if (!ok) {
            sv_error(out, 400, "unknown parameter '%s' (this route takes: %s)", t->key[i], list);
            return false;
        }
    }
    return true;
}

/* ---------------------------------------------------------------------- */

static void route_health(parley_server *s, sv_worker *w, sv_response *out)
{
    /* one row of a one-row table: the store answers, whatever its size */
    sqlite3_stmt *q = NULL;
    start_clock(s, w);
    int rc =
        sqlite3_prepare_v2(w->store->db, "SELECT max(version) FROM schema_version", -1, &q, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_step(q);
    sqlite3_finalize(q);
    if (rc != SQLITE_ROW) {
        sv_error(out, 503, "store unavailable: %s", sqlite3_errmsg(w->store->db));
        return;
    }
    pl_buf b;
    pl_buf_init(&b, 0);
    parley_status st = pl_putf(&b,
                               "{\"status\":\"ok\",\"version\":\"%s\",\"store\":\"ok\","
                               "\"coding\":%s,\"uptime_s\":%lld}\n",
                               parley_version(), s->token ? "true" : "false",
                               (long long)(time(NULL) - s->started));
    json_ok(out, &b, st);
}

static const char *const EVENT_FILTERS[] = {"dyad", "actor", "from",    "to",  "root", "cameo",
                                            "quad", "place", "country", "doc", NULL};

static void route_events(parley_server *s, sv_worker *w, const sv_target *t, sv_response *out)
{
    static const char *const known[] = {"dyad",  "actor",  "from",  "to",      "root",
                                        "cameo", "quad",   "place", "country", "doc",
                                        "limit", "offset", NULL};
    if (!only_params(t, known,
                     "dyad, actor, from, to, root, cameo, quad, place, country, doc, limit, offset",
                     out))
        return;
    long limit = SV_DEFAULT_LIMIT, offset = 0;
    const char *v;
    if ((v = sv_target_get(t, "limit")) && !small_number(v, 1, SV_MAX_LIMIT, &limit)) {
        sv_error(out, 400, "limit '%s': a number from 1 to %d", v, SV_MAX_LIMIT);
        return;
    }
    if ((v = sv_target_get(t, "offset")) && !small_number(v, 0, SV_MAX_OFFSET, &offset)) {
        sv_error(out, 400, "offset '%s': a number from 0 to %d", v, SV_MAX_OFFSET);
        return;
    }
    if (offset + limit > SV_MAX_OFFSET) {
        sv_error(out, 400, "offset + limit may be at most %d: narrow the query (from/to)",
                 SV_MAX_OFFSET);
        return;
    }
    parley_query *q = NULL;
    parley_status st = parley_query_new(&q);
    for (size_t k = 0; !st && EVENT_FILTERS[k]; k++)
        if ((v = sv_target_get(t, EVENT_FILTERS[k])))
            st = parley_query_set(q, EVENT_FILTERS[k], v);
    /* one row past the page says whether another page follows */
    char lim[32];
    snprintf(lim, sizeof lim, "%ld", offset + limit + 1);
    if (!st)
        st = parley_query_set(q, "limit", lim);
    if (st) {
        parley_query_free(q);
        if (st == PARLEY_ERR_ARG)
            sv_error(out, 400, "%s", parley_errmsg());
        else
            sv_error(out, 500, "%s", parley_errmsg());
        return;
    }
    parley_rows *rows = NULL;
    start_clock(s, w);
    st = parley_store_query(w->store, q, PARLEY_STORE_JSONL, &rows);
    parley_query_free(q);
    pl_buf b;
    pl_buf_init(&b, 0);
    if (!st)
        st = pl_buf_puts(&b, "{\"events\":[");
    long seen = 0, shown = 0;
    bool more = false;
    const char *line;
    while (!st && (st = parley_rows_next(rows, &line)) == PARLEY_OK) {
        if (seen++ < offset)
            continue;
        if (shown == limit) {
            more = true;
            break;
        }
        size_t n = strlen(line);
        while (n && line[n - 1] == '\n')
            n--;
        if (shown++)
            st = pl_buf_putc(&b, ',');
        if (!st)
            st = pl_buf_append(&b, line, n);
    }
    if (st == PARLEY_END)
        st = PARLEY_OK;
    parley_rows_free(rows);
    if (st) {
        pl_buf_release(&b);
        store_error(out, w, s, st);
        return;
    }
    st = pl_putf(&b, "],\"count\":%ld,\"offset\":%ld,\"limit\":%ld,\"next_offset\":", shown, offset,
                 limit);
    if (!st)
        st = more ? pl_putf(&b, "%ld}\n", offset + limit) : pl_buf_puts(&b, "null}\n");
    json_ok(out, &b, st);
}

static void route_event(parley_server *s, sv_worker *w, const char *id, const sv_target *t,
                        sv_response *out)
{
    static const char *const known[] = {NULL};
    if (!only_params(t, known, "none", out))
        return;
    size_t n = strlen(id);
    if (n == 0 || n > 18 || strspn(id, "0123456789") != n) {
        sv_error(out, 400, "event id '%s': a positive number", id);
        return;
    }
    char *json = NULL;
    start_clock(s, w);
    parley_status st =
        parley_store_event_json(w->store, strtoll(id, NULL, 10), SV_MAX_MENTIONS, &json);
    if (st == PARLEY_ERR_NOT_FOUND) {
        sv_error(out, 404, "no event %s", id); /* without the store's path */
        return;
    }
    if (st) {
        store_error(out, w, s, st);
        return;
    }
    *out = (sv_response){.status = 200, .type = "application/json", .owned = true};
    out->body = json;
    out->len = strlen(json);
}

/* An actor of a dyad: a country (USA) or a longer code prefix (USAGOV). */
static bool good_actor(const char *v)
{
    size_t n = strlen(v);
    return n >= 3 && n <= 15 && strspn(v, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-") == n;
}

static void route_relations(parley_server *s, sv_worker *w, const sv_target *t, sv_response *out)
{
    static const char *const known[] = {"a", "b", "by", "format", NULL};
    if (!only_params(t, known, "a, b, by, format", out))
        return;
    const char *a = sv_target_get(t, "a"), *b = sv_target_get(t, "b");
    const char *by = sv_target_get(t, "by"), *fmt = sv_target_get(t, "format");
    if (!a || !b) {
        sv_error(out, 400, "relations need a and b (e.g. ?a=USA&b=CHN)");
        return;
    }
    if (!good_actor(a) || !good_actor(b)) {
        sv_error(out, 400, "actors '%s', '%s': 3-15 capital letters, digits or '-' (USA, USAGOV)",
                 a, b);
        return;
    }
    if (!by)
        by = "month";
    if (strcmp(by, "day") != 0 && strcmp(by, "week") != 0 && strcmp(by, "month") != 0) {
        sv_error(out, 400, "by '%s': day, week or month", by);
        return;
    }
    if (!fmt)
        fmt = "json";
    if (strcmp(fmt, "json") != 0 && strcmp(fmt, "svg") != 0 && strcmp(fmt, "csv") != 0) {
        sv_error(out, 400, "format '%s': json, svg or csv", fmt);
        return;
    }
    char *text = NULL;
    start_clock(s, w);
    parley_status st =
        parley_store_relations(w->store, a, b, by, strcmp(fmt, "json") == 0 ? "jsonl" : fmt, &text);
    if (st) {
        store_error(out, w, s, st);
        return;
    }
    if (strcmp(fmt, "json") != 0) {
        *out = (sv_response){.status = 200, .owned = true, .body = text, .len = strlen(text)};
        out->type = fmt[0] == 's' ? "image/svg+xml" : "text/csv; charset=utf-8";
        return;
    }
    /* JSON Lines into one object: the periods, then the turning points */
    pl_buf j;
    pl_buf_init(&j, 0);
    st = pl_buf_puts(&j, "{\"a\":");
    if (!st)
        st = pl_json_str(&j, a, strlen(a));
    if (!st)
        st = pl_buf_puts(&j, ",\"b\":");
    if (!st)
        st = pl_json_str(&j, b, strlen(b));
    if (!st)
        st = pl_putf(&j, ",\"by\":\"%s\"", by);
    static const char *const kinds[2] = {"{\"type\":\"period\"", "{\"type\":\"turning_point\""};
    static const char *const names[2] = {"periods", "turning_points"};
    for (int k = 0; k < 2 && !st; k++) {
        st = pl_putf(&j, ",\"%s\":[", names[k]);
        bool first = true;
        for (char *p = text; *p && !st;) {
            char *nl = strchr(p, '\n');
            size_t n = nl ? (size_t)(nl - p) : strlen(p);
            if (n && strncmp(p, kinds[k], strlen(kinds[k])) == 0) {
                if (!first)
                    st = pl_buf_putc(&j, ',');
                first = false;
                if (!st)
                    st = pl_buf_append(&j, p, n);
            }
            p += n + (nl != NULL);
        }
        if (!st)
            st = pl_buf_putc(&j, ']');
    }
    parley_string_free(text);
    if (!st)
        st = pl_buf_puts(&j, "}\n");
    json_ok(out, &j, st);
}

/* Constant-time comparison of the presented and the configured token. */
static bool token_matches(const char *given, const char *want)
{
    size_t n = strlen(given), m = strlen(want);
    unsigned diff = (unsigned)(n != m);
    for (size_t i = 0; i < m; i++)
        diff |= (unsigned char)want[i] ^ (unsigned char)(i < n ? given[i] : 0);
    return diff == 0;
}

int sv_check_token(parley_server *s, const char *auth, sv_response *out)
{
    if (!s->token) {
        sv_error(out, 403, "coding is off on this server (start parley serve with --token-file)");
        return 403;
    }
    if (!auth || !*auth) {
        sv_error(out, 401, "POST /api/code needs \"Authorization: Bearer TOKEN\"");
        out->auth_challenge = true;
        return 401;
    }
    if (strncmp(auth, "Bearer ", 7) != 0 || !token_matches(auth + 7, s->token)) {
        sv_error(out, 403, "wrong token");
        return 403;
    }
    return 0;
}

static void route_code(parley_server *s, sv_worker *w, const sv_target *t, const char *auth,
                       const char *body, size_t len, sv_response *out)
{
    if (sv_check_token(s, auth, out))
        return;
    static const char *const known[] = {"date", "id", NULL};
    if (!only_params(t, known, "date, id", out))
        return;
    const char *date = sv_target_get(t, "date"), *id = sv_target_get(t, "id");
    const char *text = body;
    size_t n = len;
    json_t *root = NULL;
    size_t i = 0;
    while (i < len && (body[i] == ' ' || body[i] == '\t' || body[i] == '\r' || body[i] == '\n'))
        i++;
    if (i < len && body[i] == '{') {
        /* {"text": "...", "date": "YYYY-MM-DD", "id": "..."} */
        json_error_t jerr;
        root = json_loadb(body, len, JSON_REJECT_DUPLICATES, &jerr);
        json_t *jt = root ? json_object_get(root, "text") : NULL;
        if (!root) {
            sv_error(out, 400, "request body, line %d: %s", jerr.line, jerr.text);
            return;
        }
        if (!json_is_object(root) || !json_is_string(jt)) {
            json_decref(root);
            sv_error(out, 400, "request body: want {\"text\": \"...\", \"date\": \"YYYY-MM-DD\"}");
            return;
        }
        text = json_string_value(jt);
        n = json_string_length(jt);
        json_t *jd = json_object_get(root, "date"), *ji = json_object_get(root, "id");
        if (jd && !json_is_string(jd)) {
            json_decref(root);
            sv_error(out, 400, "request body: \"date\" must be a string YYYY-MM-DD");
            return;
        }
        if (jd)
            date = json_string_value(jd);
        if (ji && json_is_string(ji))
            id = json_string_value(ji);
    }
    if (date && !parley_date_valid(date)) {
        json_decref(root);
        sv_error(out, 400, "date '%s': want a calendar date YYYY-MM-DD", date);
        return;
    }
    if (n == 0 || memchr(text, '\0', n)) {
        json_decref(root);
        sv_error(out, 400, n ? "text holds a NUL byte" : "no text to code");
        return;
    }
    parley_doc *doc = NULL;
    char *events = NULL;
    parley_status st = parley_doc_new(id ? id : "request", date, text, n, &doc);
    json_decref(root);
    if (!st && !w->coder) {
        st = parley_coder_new(s->model, s->dict, &w->coder);
        if (!st)
            parley_coder_set_gazetteer(w->coder, s->gaz);
    }
    if (!st)
        st = parley_coder_code_doc(w->coder, doc, NULL);
    if (!st)
        st = parley_events_format(doc, PARLEY_EVENTS_JSONL, &events);
    pl_buf b;
    pl_buf_init(&b, 0);
    if (!st) {
        st = pl_buf_puts(&b, "{\"id\":");
        const char *did = parley_doc_id(doc), *dd = parley_doc_date(doc);
        if (!st)
            st = pl_json_str(&b, did, strlen(did));
        if (!st)
            st = pl_buf_puts(&b, ",\"date\":");
        if (!st)
            st = *dd ? pl_json_str(&b, dd, strlen(dd)) : pl_buf_puts(&b, "null");
        if (!st)
            st = pl_putf(&b, ",\"sentences\":%zu,\"events\":[", parley_doc_sentence_count(doc));
        bool first = true;
        for (char *p = events; p && *p && !st;) {
            char *nl = strchr(p, '\n');
            size_t ln = nl ? (size_t)(nl - p) : strlen(p);
            if (ln) {
                if (!first)
                    st = pl_buf_putc(&b, ',');
                first = false;
                if (!st)
                    st = pl_buf_append(&b, p, ln);
            }
            p += ln + (nl != NULL);
        }
        if (!st)
            st = pl_buf_puts(&b, "]}\n");
    }
    parley_string_free(events);
    parley_doc_free(doc);
    if (st && st != PARLEY_ERR_NOMEM) {
        pl_buf_release(&b);
        sv_error(out, st == PARLEY_ERR_ARG || st == PARLEY_ERR_TOO_LARGE ? 400 : 500, "%s",
                 parley_errmsg());
        return;
    }
    json_ok(out, &b, st);
}

static void route_asset(parley_server *s, const char *path, sv_response *out)
{
    for (int k = 0; k < SV_NASSETS; k++)
        if (s->assets[k].data && strcmp(s->assets[k].path, path) == 0) {
            *out = (sv_response){.status = 200, .type = s->assets[k].type};
            out->body = s->assets[k].data;
            out->len = s->assets[k].len;
            return;
        }
    sv_error(out, 404, "no such page: %s", path);
}

void sv_handle(parley_server *s, const char *method, const char *target, size_t target_len,
               const char *authorization, const char *body, size_t body_len, sv_response *out)
{
    sv_target t;
    const char *why = "";
    int bad = sv_target_parse(target, target_len, &t, &why);
    if (bad) {
        sv_error(out, bad, "%s", why);
        return;
    }
    bool get = strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0;
    bool api = strncmp(t.path, "/api/", 5) == 0;
    bool code = strcmp(t.path, "/api/code") == 0;
    if (code ? strcmp(method, "POST") != 0 : !get) {
        sv_error(out, 405, "%s %s: method not allowed (use %s)", method, t.path,
                 code ? "POST" : "GET");
        out->allow = code ? "POST" : "GET, HEAD";
        return;
    }
    if (!api) {
        route_asset(s, t.path, out);
        return;
    }
    sv_worker *w = sv_worker_get(s);
    if (!w) {
        sv_error(out, 503, "store unavailable: %s", parley_errmsg());
        return;
    }
    if (strcmp(t.path, "/api/health") == 0)
        route_health(s, w, out);
    else if (strcmp(t.path, "/api/events") == 0)
        route_events(s, w, &t, out);
    else if (strncmp(t.path, "/api/events/", 12) == 0)
        route_event(s, w, t.path + 12, &t, out);
    else if (strcmp(t.path, "/api/relations") == 0)
        route_relations(s, w, &t, out);
    else if (code)
        route_code(s, w, &t, authorization, body, body_len, out);
    else
        sv_error(out, 404,
                 "no such route: %s (GET /api/health, /api/events, /api/events/ID, "
                 "/api/relations; POST /api/code)",
                 t.path);
}
