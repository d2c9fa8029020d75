/*
 * server.c - parley_server: settings, the page read into memory, one
 * worker (store handle, coder) per thread, and the glue to libmicrohttpd
 * (connection limits, timeouts, header memory, request bodies).
 */
#include "dict/dict.h"
#include "serve/serve.h"
#include "store/store.h"

#include <microhttpd.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

PARLEY_API parley_status parley_server_new(const char *db_path, parley_server **out)
{
    if (!out)
        return pl_error(PARLEY_ERR_ARG, "parley_server_new: out is NULL");
    *out = NULL;
    if (!db_path || !*db_path)
        return pl_error(PARLEY_ERR_ARG, "parley_server_new: no store path");
    parley_server *s = pl_calloc(1, sizeof *s);
    if (!s || !(s->db_path = pl_strdup(db_path))) {
        pl_free(s);
        return pl_error(PARLEY_ERR_NOMEM, "out of memory");
    }
    snprintf(s->bind, sizeof s->bind, "127.0.0.1");
    s->port = 8080;
    s->threads = 4;
    s->max_connections = 64;
    s->timeout_s = 10;
    s->query_ms = 5000;
    s->max_body = (size_t)1 << 20;
    static const sv_asset pages[SV_NASSETS] = {
        {"/", "index.html", "text/html; charset=utf-8", NULL, 0},
        {"/app.js", "app.js", "text/javascript; charset=utf-8", NULL, 0},
        {"/style.css", "style.css", "text/css; charset=utf-8", NULL, 0},
        {"/countries.json", "countries.json", "application/json", NULL, 0},
    };
    memcpy(s->assets, pages, sizeof pages);
    if (pthread_key_create(&s->key, NULL) != 0) {
        pl_free(s->db_path);
        pl_free(s);
        return pl_error(PARLEY_ERR_NOMEM, "serve: cannot make a thread key");
    }
    pthread_mutex_init(&s->lock, NULL);
    *out = s;
    return PARLEY_OK;
}

static bool number_in(const char *v, long lo, long hi, long *out)
{
    char *end;
    long x = strtol(v, &end, 10);
    if (!*v || *end || x < lo || x > hi)
        return false;
    *out = x;
    return true;
}

static parley_status set_str(char **field, const char *v)
{
    pl_free(*field);
    *field = pl_strdup(v);
    return *field ? PARLEY_OK : pl_error(PARLEY_ERR_NOMEM, "out of memory");
}

PARLEY_API parley_status parley_server_set(parley_server *s, const char *key, const char *value)
{
    if (!s || !key || !value)
        return pl_error(PARLEY_ERR_ARG, "parley_server_set: NULL argument");
    if (s->daemon)
        return pl_error(PARLEY_ERR_ARG, "server setting '%s': the server is running", key);
    long x;
    if (strcmp(key, "bind") == 0) {
        struct in_addr a;
        if (inet_pton(AF_INET, value, &a) != 1)
            return pl_error(PARLEY_ERR_ARG, "bind '%s': an IPv4 address (e.g. 127.0.0.1)", value);
        snprintf(s->bind, sizeof s->bind, "%s", value);
        return PARLEY_OK;
    }
    if (strcmp(key, "token") == 0) {
        if (strlen(value) < 16 || strlen(value) > 256 || strpbrk(value, " \t\r\n"))
            return pl_error(PARLEY_ERR_ARG,
                            "token: 16 to 256 characters without spaces (e.g. from `head -c 24 "
                            "/dev/urandom | base64`)");
        return set_str(&s->token, value);
    }
    static const struct {
        const char *key;
        long lo, hi;
    } nums[] = {{"port", 0, 65535},   {"threads", 1, 64},       {"max_connections", 1, 4096},
                {"timeout", 1, 3600}, {"query_ms", 10, 600000}, {"max_body", 1, 64 << 20}};
    for (size_t k = 0; k < sizeof nums / sizeof nums[0]; k++) {
        if (strcmp(key, nums[k].key) != 0)
            continue;
        if (!number_in(value, nums[k].lo, nums[k].hi, &x))
            return pl_error(PARLEY_ERR_ARG, "server setting %s '%s': a number from %ld to %ld", key,
                            value, nums[k].lo, nums[k].hi);
        switch (k) {
        case 0: s->port = (int)x; break;
        case 1: s->threads = (int)x; break;
        case 2: s->max_connections = (int)x; break;
        case 3: s->timeout_s = (int)x; break;
        case 4: s->query_ms = x; break;
        default: s->max_body = (size_t)x; break;
        }
        return PARLEY_OK;
    }
    if (strcmp(key, "www") == 0)
        return set_str(&s->www, value);
    if (strcmp(key, "model") == 0)
        return set_str(&s->model_path, value);
    if (strcmp(key, "dict") == 0)
        return set_str(&s->dict_path, value);
    if (strcmp(key, "gazetteer") == 0)
        return set_str(&s->gaz_path, value);
    return pl_error(PARLEY_ERR_ARG,
                    "server setting '%s': bind, port, token, threads, max_connections, timeout, "
                    "query_ms, max_body, www, model, dict or gazetteer",
                    key);
}

PARLEY_API int parley_server_port(const parley_server *s)
{
    return s && s->daemon ? s->bound_port : 0;
}

/* ---------------------------------------------------------------------- */
/* Workers */

/* SQLite calls this every few thousand steps of a query: past the request's
 * deadline it stops the query (SQLITE_INTERRUPT), so one heavy request
 * cannot hold a thread for ever. */
static int progress(void *arg)
{
    sv_worker *w = arg;
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    if (now.tv_sec > w->deadline.tv_sec ||
        (now.tv_sec == w->deadline.tv_sec && now.tv_nsec > w->deadline.tv_nsec)) {
        w->interrupted = true;
        return 1;
    }
    return 0;
}

sv_worker *sv_worker_get(parley_server *s)
{
    sv_worker *w = pthread_getspecific(s->key);
    if (w)
        return w;
    w = pl_calloc(1, sizeof *w);
    if (!w) {
        pl_error(PARLEY_ERR_NOMEM, "out of memory");
        return NULL;
    }
    if (parley_store_open(s->db_path, 1, &w->store) != PARLEY_OK) {
        pl_free(w);
        return NULL;
    }
    sqlite3_progress_handler(w->store->db, 1000, progress, w);
    pthread_mutex_lock(&s->lock);
    parley_status st =
        pl_grow((void **)&s->workers, &s->cap_workers, s->nworkers + 1, sizeof *s->workers, 4096);
    if (!st)
        s->workers[s->nworkers++] = w;
    pthread_mutex_unlock(&s->lock);
    if (st) {
        parley_store_free(w->store);
        pl_free(w);
        return NULL;
    }
    /* registered, so freed with the server even if the thread cannot keep it */
    pthread_setspecific(s->key, w);
    return w;
}

static void worker_free(sv_worker *w)
{
    if (!w)
        return;
    parley_coder_free(w->coder);
    parley_store_free(w->store);
    pl_free(w);
}

/* ---------------------------------------------------------------------- */
/* libmicrohttpd glue */

/* One request in progress: the raw target (with its query string) and
 * the body read so far. */
typedef struct sv_request {
    char target[SV_MAX_TARGET + 2];
    size_t target_len; /* SV_MAX_TARGET + 1: longer than allowed */
    pl_buf body;
    bool too_large; /* the body passed max_body: read and dropped */
    int calls;
} sv_request;

static void *uri_logger(void *cls, const char *uri, struct MHD_Connection *con)
{
    (void)cls;
    (void)con;
    sv_request *r = pl_calloc(1, sizeof *r);
    if (!r)
        return NULL;
    size_t n = strnlen(uri, SV_MAX_TARGET + 1);
    memcpy(r->target, uri, n);
    r->target_len = n;
    pl_buf_init(&r->body, 0);
    return r;
}

static void completed(void *cls, struct MHD_Connection *con, void **con_cls,
                      enum MHD_RequestTerminationCode why)
{
    (void)cls;
    (void)con;
    (void)why;
    sv_request *r = *con_cls;
    if (r) {
        pl_buf_release(&r->body);
        pl_free(r);
    }
    *con_cls = NULL;
}

static void mhd_log(void *cls, const char *fmt, va_list ap)
{
    (void)cls;
    char msg[512];
    vsnprintf(msg, sizeof msg, fmt, ap);
    size_t n = strlen(msg);
    while (n && msg[n - 1] == '\n')
        msg[--n] = '\0';
    pl_warn("serve: %s", msg);
}

static void free_body(void *p)
{
    pl_free(p);
}

static enum MHD_Result send_response(struct MHD_Connection *con, sv_response *res)
{
    struct MHD_Response *m =
        res->owned
            ? MHD_create_response_from_buffer_with_free_callback(res->len, res->body, free_body)
            : MHD_create_response_from_buffer(res->len, res->body, MHD_RESPMEM_PERSISTENT);
    if (!m) {
        if (res->owned)
            pl_free(res->body);
        return MHD_NO;
    }
    MHD_add_response_header(m, MHD_HTTP_HEADER_CONTENT_TYPE, res->type);
    MHD_add_response_header(m, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
    MHD_add_response_header(m, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(m, "Referrer-Policy", "no-referrer");
    /* the page loads nothing from elsewhere: no CDN, works offline */
    MHD_add_response_header(m, "Content-Security-Policy",
                            "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'");
    if (res->allow)
        MHD_add_response_header(m, MHD_HTTP_HEADER_ALLOW, res->allow);
    if (res->auth_challenge)
        MHD_add_response_header(m, MHD_HTTP_HEADER_WWW_AUTHENTICATE, "Bearer realm=\"parley\"");
    enum MHD_Result ok = MHD_queue_response(con, (unsigned)res->status, m);
    MHD_destroy_response(m);
    return ok;
}

/* On loopback, a browser may only reach the server by a loopback name: a
 * web page elsewhere that re-points its own host name at 127.0.0.1 (DNS
 * rebinding) sends its own name as Host and is refused. */
static bool host_allowed(const parley_server *s, const char *host)
{
    if (strncmp(s->bind, "127.", 4) != 0)
        return true; /* bound to a public address: any name may lead there */
    if (!host)
        return false;
    size_t n = strcspn(host, ":");
    if (host[0] == '[') /* [::1]:port */
        return strncmp(host, "[::1]", 5) == 0;
    return (n == 9 && strncmp(host, "localhost", 9) == 0) ||
           (n >= 7 && strncmp(host, "127.", 4) == 0 && strspn(host, "0123456789.") == n);
}

static enum MHD_Result answer(void *cls, struct MHD_Connection *con, const char *url,
                              const char *method, const char *version, const char *upload,
                              size_t *upload_size, void **con_cls)
{
    (void)url;
    (void)version;
    parley_server *s = cls;
    sv_request *r = *con_cls;
    sv_response res;
    if (!r) {
        sv_error(&res, 503, "out of memory");
        return send_response(con, &res);
    }
    bool post = strcmp(method, "POST") == 0;
    if (r->calls == 0 &&
        !host_allowed(s, MHD_lookup_connection_value(con, MHD_HEADER_KIND, MHD_HTTP_HEADER_HOST))) {
        r->calls++;
        sv_error(&res, 403, "this server answers to 127.0.0.1 or localhost only (Host header)");
        return send_response(con, &res);
    }
    if (r->calls++ == 0 && post) {
        /* refuse before reading a body: no credentials, or too big a one */
        const char *auth =
            MHD_lookup_connection_value(con, MHD_HEADER_KIND, MHD_HTTP_HEADER_AUTHORIZATION);
        const char *clen =
            MHD_lookup_connection_value(con, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
        if (r->target_len >= 9 && memcmp(r->target, "/api/code", 9) == 0 &&
            (r->target_len == 9 || r->target[9] == '?') && sv_check_token(s, auth, &res))
            return send_response(con, &res);
        if (clen && strtoull(clen, NULL, 10) > s->max_body) {
            sv_error(&res, 413, "request body larger than %zu bytes", s->max_body);
            return send_response(con, &res);
        }
        return MHD_YES;
    }
    if (post && *upload_size) {
        if (!r->too_large && r->body.len + *upload_size <= s->max_body) {
            if (pl_buf_append(&r->body, upload, *upload_size))
                r->too_large = true;
        } else {
            r->too_large = true;
        }
        *upload_size = 0;
        return MHD_YES;
    }
    if (r->too_large) {
        sv_error(&res, 413, "request body larger than %zu bytes", s->max_body);
        return send_response(con, &res);
    }
    const char *auth =
        MHD_lookup_connection_value(con, MHD_HEADER_KIND, MHD_HTTP_HEADER_AUTHORIZATION);
    sv_handle(s, method, r->target, r->target_len, auth, r->body.data ? r->body.data : "",
              r->body.len, &res);
    return send_response(con, &res);
}

/* ---------------------------------------------------------------------- */

static parley_status load_page(parley_server *s)
{
    char dir[4096];
    if (s->www) {
        snprintf(dir, sizeof dir, "%s", s->www);
    } else {
        parley_status st = pl_dict_data_dir(dir, sizeof dir);
        if (st)
            return st;
        size_t n = strlen(dir);
        snprintf(dir + n, sizeof dir - n, "/serve");
    }
    for (int k = 0; k < SV_NASSETS; k++) {
        char path[4200];
        snprintf(path, sizeof path, "%s/%s", dir, s->assets[k].file);
        pl_buf b;
        pl_buf_init(&b, (size_t)8 << 20);
        parley_status st = pl_buf_read_file(&b, path);
        if (st) {
            pl_buf_release(&b);
            return pl_error(st, "serve: the page: %s", parley_errmsg());
        }
        s->assets[k].data = b.data ? b.data : pl_strdup("");
        s->assets[k].len = b.len;
    }
    return PARLEY_OK;
}

PARLEY_API parley_status parley_server_start(parley_server *s)
{
    if (!s)
        return pl_error(PARLEY_ERR_ARG, "parley_server_start: server is NULL");
    if (s->daemon)
        return pl_error(PARLEY_ERR_ARG, "parley_server_start: already running");
    parley_status st = s->assets[0].data ? PARLEY_OK : load_page(s);
    /* the store must open now, not at the first request */
    parley_store *probe = NULL;
    if (!st)
        st = parley_store_open(s->db_path, 1, &probe);
    parley_store_free(probe);
    if (!st && s->token && !s->model) {
        st = parley_model_load(s->model_path, &s->model);
        if (!st)
            st = parley_dict_load(s->dict_path, &s->dict);
        if (!st) {
            /* without a gazetteer coding goes on, placeless, as in parley code */
            parley_status gs = parley_gazetteer_load(s->gaz_path, &s->gaz);
            if (gs && s->gaz_path)
                st = gs;
        }
    }
    if (st)
        return st;
    struct sockaddr_in addr;
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_port = htons((uint16_t)s->port);
    inet_pton(AF_INET, s->bind, &addr.sin_addr);
    s->started = time(NULL);
    /* the logger first, so that MHD's own complaints about the rest go to it */
    struct MHD_OptionItem o[12];
    int n = 0;
    o[n++] = (struct MHD_OptionItem){MHD_OPTION_EXTERNAL_LOGGER, (intptr_t)mhd_log, s};
    o[n++] = (struct MHD_OptionItem){MHD_OPTION_SOCK_ADDR, 0, &addr};
    if (s->threads > 1) /* one thread is MHD's own polling thread, without a pool */
        o[n++] = (struct MHD_OptionItem){MHD_OPTION_THREAD_POOL_SIZE, s->threads, NULL};
    o[n++] = (struct MHD_OptionItem){MHD_OPTION_CONNECTION_LIMIT, s->max_connections, NULL};
    o[n++] = (struct MHD_OptionItem){MHD_OPTION_CONNECTION_TIMEOUT, s->timeout_s, NULL};
    o[n++] = (struct MHD_OptionItem){MHD_OPTION_CONNECTION_MEMORY_LIMIT, SV_HEADER_MEMORY, NULL};
    o[n++] = (struct MHD_OptionItem){MHD_OPTION_URI_LOG_CALLBACK, (intptr_t)uri_logger, s};
    o[n++] = (struct MHD_OptionItem){MHD_OPTION_NOTIFY_COMPLETED, (intptr_t)completed, s};
    o[n++] = (struct MHD_OptionItem){MHD_OPTION_END, 0, NULL};
    struct MHD_Daemon *d =
        MHD_start_daemon(MHD_USE_AUTO_INTERNAL_THREAD | MHD_USE_ERROR_LOG, (uint16_t)s->port, NULL,
                         NULL, answer, s, MHD_OPTION_ARRAY, o, MHD_OPTION_END);
    if (!d)
        return pl_error(PARLEY_ERR_IO,
                        "serve: cannot listen on %s port %d (in use, or not an address of this "
                        "machine)",
                        s->bind, s->port);
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
    s->bound_port = info ? (int)info->port : s->port;
    s->daemon = d;
    return PARLEY_OK;
}

PARLEY_API void parley_server_free(parley_server *s)
{
    if (!s)
        return;
    if (s->daemon)
        MHD_stop_daemon(s->daemon); /* joins the threads: no request runs after this */
    for (size_t i = 0; i < s->nworkers; i++)
        worker_free(s->workers[i]);
    pl_free(s->workers);
    pthread_key_delete(s->key);
    pthread_mutex_destroy(&s->lock);
    for (int k = 0; k < SV_NASSETS; k++)
        pl_free(s->assets[k].data);
    parley_gazetteer_free(s->gaz);
    parley_dict_free(s->dict);
    parley_model_free(s->model);
    pl_free(s->db_path);
    pl_free(s->token);
    pl_free(s->www);
    pl_free(s->model_path);
    pl_free(s->dict_path);
    pl_free(s->gaz_path);
    pl_free(s);
}
