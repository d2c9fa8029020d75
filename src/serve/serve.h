/*
 * serve.h - `parley serve`'s internals: the server handle, its per-thread
 * workers, request-target parsing and the routes (design and limits in
 * docs/internals/serve.md). Internal to the library; the public face is the
 * serve section of parley.h.
 */
#ifndef PL_SERVE_SERVE_H
#define PL_SERVE_SERVE_H

#include "core/core.h"

#include <pthread.h>
#include <stdint.h>
#include <time.h>

/* Hard limits of a request. The HTTP layer (libmicrohttpd) enforces the
 * header memory and connection counts; these are checked by the routes. */
enum {
    SV_MAX_TARGET = 2048,    /* bytes of path + query string (414 beyond) */
    SV_MAX_PARAMS = 16,      /* query parameters (400 beyond) */
    SV_MAX_VALUE = 256,      /* bytes of one decoded parameter value */
    SV_MAX_LIMIT = 1000,     /* events per page of GET /api/events */
    SV_DEFAULT_LIMIT = 100,  /* ... when limit is not given */
    SV_MAX_OFFSET = 100000,  /* the deepest page (offset + limit) */
    SV_MAX_MENTIONS = 200,   /* mentions shown by GET /api/events/{id} */
    SV_HEADER_MEMORY = 32768 /* bytes per connection for the request line and headers */
};

/* A parsed request target: the percent-decoded path and the query
 * parameters, all pointing into buf. */
typedef struct sv_target {
    char buf[SV_MAX_TARGET + 1];
    const char *path;
    size_t nparams;
    const char *key[SV_MAX_PARAMS];
    const char *value[SV_MAX_PARAMS];
} sv_target;

/* Parse "PATH[?QUERY]" (n bytes, not NUL-terminated) into t. Returns 0, or
 * the HTTP status of the error with *why a static reason: 414 too long, 400
 * malformed (bad or NUL percent escape, no leading '/', a key without a
 * value, a repeated key, too many parameters, a value too long). */
int sv_target_parse(const char *s, size_t n, sv_target *t, const char **why);
/* The value of key, NULL when absent. */
const char *sv_target_get(const sv_target *t, const char *key);

/* A page file served from memory (read once at start). */
typedef struct sv_asset {
    const char *path; /* URL path: "/", "/app.js" */
    const char *file; /* file name in the page folder */
    const char *type; /* Content-Type */
    char *data;
    size_t len;
} sv_asset;
#define SV_NASSETS 4

/* What a thread keeps between requests: its own store handle (SQLite
 * connections are not shared between threads) and coder. */
typedef struct sv_worker {
    parley_store *store;
    parley_coder *coder;
    struct timespec deadline; /* when the running request's database time runs out */
    bool interrupted;         /* the deadline stopped a query */
} sv_worker;

struct parley_server {
    char *db_path;
    char bind[64];
    int port;            /* asked for; 0: any free port */
    int bound_port;      /* listening on, after start */
    char *token;         /* NULL: POST /api/code refused */
    int threads;         /* worker threads */
    int max_connections; /* open connections at once */
    int timeout_s;       /* an idle connection is closed after this */
    long query_ms;       /* database time a request may take */
    size_t max_body;     /* bytes of a POST body */
    char *www, *model_path, *dict_path, *gaz_path;
    sv_asset assets[SV_NASSETS];
    parley_model *model; /* for /api/code, loaded when there is a token */
    parley_dict *dict;
    parley_gazetteer *gaz;
    void *daemon;         /* struct MHD_Daemon */
    pthread_key_t key;    /* the calling thread's sv_worker */
    pthread_mutex_t lock; /* guards workers */
    sv_worker **workers;
    size_t nworkers, cap_workers;
    time_t started;
};

/* A response: status, Content-Type and body (owned: pl_malloc'd, freed by
 * the caller; else borrowed from the server). */
typedef struct sv_response {
    int status;
    const char *type;
    char *body;
    size_t len;
    bool owned;
    const char *allow;   /* for 405: the Allow header */
    bool auth_challenge; /* for 401: send WWW-Authenticate */
} sv_response;

/* The calling thread's worker, made (and its store opened read-only) on
 * first use; NULL with the error set when the store cannot be opened. */
sv_worker *sv_worker_get(parley_server *s);

/* Answer one request: method, raw target (path and query string, as sent),
 * the Authorization header (may be NULL) and the body. Never fails: an
 * error is a JSON response {"error":{"status","message"}}. */
void sv_handle(parley_server *s, const char *method, const char *target, size_t target_len,
               const char *authorization, const char *body, size_t body_len, sv_response *out);
/* 0 when a request with this Authorization header (may be NULL) may code;
 * else the status (401 no credentials, 403 wrong ones or coding off) with
 * out filled. Checked before a POST body is read, and again by the route. */
int sv_check_token(parley_server *s, const char *authorization, sv_response *out);
/* A JSON error response with the given status and message. */
void sv_error(sv_response *out, int status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif /* PL_SERVE_SERVE_H */
