/* fuzz_serve_target.c - libFuzzer harness for `parley serve`'s request
 * parsing (src/serve): the bytes are a request target (path and query
 * string as sent). sv_target_parse's result is checked against its limits,
 * then the whole route runs through sv_handle on a small store made at
 * start-up, and the response must be a status with a body (JSON for the
 * API). */
#include "serve/serve.h"
#include "store/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static parley_server *server;
static char path[64];

static void remove_store(void)
{
    parley_server_free(server);
    char p[80];
    const char *ext[] = {"", "-wal", "-shm"};
    for (int k = 0; k < 3; k++) {
        snprintf(p, sizeof p, "%s%s", path, ext[k]);
        unlink(p);
    }
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    parley_set_log(NULL, NULL);
    snprintf(path, sizeof path, "/tmp/parley-fuzz-serve-%d.sqlite", (int)getpid());
    unlink(path);
    parley_store *s = NULL;
    if (parley_store_open(path, 0, &s) != PARLEY_OK)
        abort();
    const char *sql =
        "INSERT INTO documents VALUES(1, 'd', '2023-06-14', 'https://e.org/', 'e.org', 't', 'h',"
        " 50, 1);"
        "INSERT INTO events(event_id, gkey, pclass, day_lo, day_hi, date, src_code, tgt_code,"
        " src_country, tgt_country, cameo, root, quad_class, goldstein, num_mentions,"
        " num_sources, num_articles, is_root_event, confidence) VALUES"
        " (1, 'k', 0, 0, 0, '2023-06-14', 'USAGOV', 'CHN', 'USA', 'CHN', '036', '03', 1, 4, 1, 1,"
        " 1, 1, 0.9), (2, 'k', 1, 0, 0, '2023-02', 'CHN', 'USA', 'CHN', 'USA', '112', '11', 3,"
        " -2, 1, 1, 1, 0, 0.9);"
        "INSERT INTO mentions(event_id, doc_key, sentence, sentence_text, src_text, src_start,"
        " tgt_text, tgt_start, cameo, trigger_text, trigger_start, confidence) VALUES"
        " (1, 1, 0, 'The US will meet China.', 'US', 4, 'China', 17, '036', 'meet', 12, 0.9),"
        " (2, 1, 0, 'China accused the US.', 'China', 0, 'US', 18, '112', 'accused', 6, 0.9);";
    if (sqlite3_exec(s->db, sql, NULL, NULL, NULL) != SQLITE_OK)
        abort();
    parley_store_free(s);
    if (parley_server_new(path, &server) != PARLEY_OK)
        abort();
    atexit(remove_store);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    sv_target t;
    const char *why = NULL;
    int bad = sv_target_parse((const char *)data, size, &t, &why);
    if (bad) {
        if ((bad != 400 && bad != 414) || !why || !*why)
            __builtin_trap();
    } else {
        if (t.path[0] != '/' || t.nparams > SV_MAX_PARAMS)
            __builtin_trap();
        for (size_t i = 0; i < t.nparams; i++) {
            size_t n = strlen(t.value[i]);
            if (n > SV_MAX_VALUE || !*t.key[i] || strlen(t.key[i]) > 31)
                __builtin_trap();
            for (size_t j = 0; j < n;) {
                size_t l = pl_utf8_valid_len((const unsigned char *)t.value[i] + j, n - j);
                if (!l)
                    __builtin_trap();
                j += l;
            }
            if (sv_target_get(&t, t.key[i]) != t.value[i]) /* keys are unique */
                __builtin_trap();
        }
    }
    sv_response r;
    bool post = size >= 9 && memcmp(data, "/api/code", 9) == 0;
    sv_handle(server, post ? "POST" : "GET", (const char *)data, size, NULL, "", 0, &r);
    if (r.status < 200 || r.status > 599 || !r.body || !r.type)
        __builtin_trap();
    if (r.status >= 400 && (strcmp(r.type, "application/json") != 0 ||
                            strncmp(r.body, "{\"error\":{\"status\":", 19) != 0))
        __builtin_trap();
    if (r.owned)
        pl_free(r.body);
    return 0;
}
