/* test_serve.c - unit tests for the server (src/serve) without a socket:
 * request-target parsing and its limits, the routes through sv_handle on a
 * store of 20,000 synthetic events (paging, one event with its mentions,
 * the query time limit), the token check, and parley_store_event_json.
 * tests/serve/run.sh tests the same over HTTP, with the page in Chromium. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "serve/serve.h"
#include "store/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char dir[64];
static char db[96];

/* 20,000 events USA<->CHN over 2000-2027, each with one mention of a
 * sentence holding its actors and trigger, in one document. */
static int setup(void **state)
{
    (void)state;
    parley_set_log(NULL, NULL);
    snprintf(dir, sizeof dir, "/tmp/parley-test-serve-XXXXXX");
    if (!mkdtemp(dir))
        return -1;
    snprintf(db, sizeof db, "%s/s.sqlite", dir);
    parley_store *s = NULL;
    if (parley_store_open(db, 0, &s) != PARLEY_OK)
        return -1;
    const char *sql =
        "BEGIN;"
        "INSERT INTO documents(doc_key, id, date, url, source, title, text_hash, text_len,"
        " sentences) VALUES(1, 'doc1', '2023-06-14', 'https://example.org/a', 'example.org',"
        " 'A title', 'x', 100, 1);"
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000)"
        " INSERT INTO events(event_id, gkey, pclass, day_lo, day_hi, date, src_code, src_name,"
        " tgt_code, tgt_name, src_country, tgt_country, cameo, root, quad_class, goldstein,"
        " num_mentions, num_sources, num_articles, is_root_event, confidence)"
        " SELECT i, 'k', 0, i, i, date('2000-01-01', '+' || (i % 10000) || ' days'),"
        " CASE i % 2 WHEN 0 THEN 'USAGOV' ELSE 'CHN' END, 'a',"
        " CASE i % 2 WHEN 0 THEN 'CHN' ELSE 'USAGOV' END, 'b',"
        " CASE i % 2 WHEN 0 THEN 'USA' ELSE 'CHN' END, CASE i % 2 WHEN 0 THEN 'CHN' ELSE 'USA' END,"
        " '036', '03', 1, 4.0, 1, 1, 1, 0, 0.9 FROM n;"
        /* the sentence starts at byte 40 of its document: the offsets are the document's */
        "INSERT INTO mentions(event_id, doc_key, source, doc_date, sentence, sentence_text,"
        " src_code, src_text, src_start, tgt_code, tgt_text, tgt_start, cameo, mode,"
        " trigger_text, trigger_start, confidence, pattern, pattern_file, pattern_line,"
        " src_match, tgt_match) SELECT event_id, 1, 'example.org', '2023-06-14', 2,"
        " 'Officials said the US will meet China in Beijing.', src_code, 'US', 59, tgt_code,"
        " 'China', 72, '036', '', 'meet', 67, 0.9, '* MEET', '/x/y/CAMEO.2.0.txt', 42, 'exact',"
        " 'exact' FROM events;"
        "COMMIT;";
    char *err = NULL;
    int rc = sqlite3_exec(s->db, sql, NULL, NULL, &err);
    if (rc != SQLITE_OK)
        fprintf(stderr, "test_serve: %s\n", err);
    sqlite3_free(err);
    parley_store_free(s);
    return rc == SQLITE_OK ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "test_serve: could not remove %s\n", dir);
    return 0;
}

static int parse(const char *s, sv_target *t)
{
    const char *why = "";
    return sv_target_parse(s, strlen(s), t, &why);
}

static void target_parsing(void **state)
{
    (void)state;
    sv_target t;
    assert_int_equal(parse("/api/events?dyad=USA%2CCHN&place=New+York&x=&&to=2023-01-01", &t), 0);
    assert_string_equal(t.path, "/api/events");
    assert_int_equal(t.nparams, 4);
    assert_string_equal(sv_target_get(&t, "dyad"), "USA,CHN");
    assert_string_equal(sv_target_get(&t, "place"), "New York");
    assert_string_equal(sv_target_get(&t, "x"), "");
    assert_string_equal(sv_target_get(&t, "to"), "2023-01-01");
    assert_null(sv_target_get(&t, "from"));
    assert_int_equal(parse("/a%2Fb", &t), 0);
    assert_string_equal(t.path, "/a/b");
    assert_int_equal(parse("/?q=%C3%A9t%C3%A9", &t), 0);
    assert_string_equal(sv_target_get(&t, "q"), "\xc3\xa9t\xc3\xa9");

    const char *bad[] = {"",          "api",   "/%",   "/%4",     "/%zz",    "/%00",   "/?a",
                         "/?a=1&a=2", "/?A=1", "/?=1", "/?a=%ff", "/?a=%c3", "/?a=%2", "/?a%00=1"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_int_equal(parse(bad[i], &t), 400);
    char big[SV_MAX_TARGET + 8];
    memset(big, 'a', sizeof big);
    big[0] = '/';
    const char *why;
    assert_int_equal(sv_target_parse(big, SV_MAX_TARGET, &t, &why), 0);
    assert_int_equal(sv_target_parse(big, SV_MAX_TARGET + 1, &t, &why), 414);
    /* parameters: SV_MAX_PARAMS pass, one more does not */
    char q[512] = "/?";
    for (int i = 0; i < SV_MAX_PARAMS; i++)
        snprintf(q + strlen(q), sizeof q - strlen(q), "k%d=%d&", i, i);
    assert_int_equal(parse(q, &t), 0);
    assert_int_equal(t.nparams, SV_MAX_PARAMS);
    snprintf(q + strlen(q), sizeof q - strlen(q), "one=more");
    assert_int_equal(parse(q, &t), 400);
    /* a value of SV_MAX_VALUE bytes passes, one more does not */
    char v[SV_MAX_VALUE + 16] = "/?a=";
    memset(v + 4, 'x', SV_MAX_VALUE);
    v[4 + SV_MAX_VALUE] = '\0';
    assert_int_equal(parse(v, &t), 0);
    strcat(v, "x");
    assert_int_equal(parse(v, &t), 400);
}

/* GET target on server s: the status, the body into *body (caller frees). */
static int get(parley_server *s, const char *target, char **body)
{
    sv_response r;
    sv_handle(s, "GET", target, strlen(target), NULL, "", 0, &r);
    *body = pl_strndup(r.body, r.len);
    if (r.owned)
        pl_free(r.body);
    return r.status;
}

static void routes_without_socket(void **state)
{
    (void)state;
    parley_server *s = NULL;
    assert_int_equal(parley_server_new(db, &s), PARLEY_OK);
    char *b;
    assert_int_equal(get(s, "/api/health", &b), 200);
    assert_non_null(strstr(b, "\"coding\":false"));
    pl_free(b);

    assert_int_equal(get(s, "/api/events?limit=3&offset=2", &b), 200);
    assert_non_null(strstr(b, "\"count\":3,\"offset\":2,\"limit\":3,\"next_offset\":5}"));
    pl_free(b);
    assert_int_equal(get(s, "/api/events?dyad=USA,CHN&from=2000-01-01&to=2000-01-31", &b), 200);
    assert_non_null(strstr(b, "\"count\":32,")); /* January 2000, even ids: 2 x 15 + 2 */
    pl_free(b);

    /* one event: the sentence's offsets found again from the document's */
    assert_int_equal(get(s, "/api/events/7", &b), 200);
    assert_non_null(strstr(b, "\"source\":{\"code\":\"CHN\",\"name\":\"a\"}"));
    assert_non_null(strstr(b, "\"source\":{\"code\":\"CHN\",\"text\":\"US\",\"match\":\"exact\","
                              "\"start\":19,\"end\":21}"));
    assert_non_null(strstr(b, "\"target\":{\"code\":\"USAGOV\",\"text\":\"China\",\"match\":"
                              "\"exact\",\"start\":32,\"end\":37}"));
    assert_non_null(strstr(b, "\"trigger\":{\"text\":\"meet\",\"start\":27,\"end\":31}"));
    assert_non_null(strstr(b, "\"pattern\":{\"text\":\"* MEET\",\"file\":\"CAMEO.2.0.txt\","
                              "\"line\":42}"));
    assert_non_null(strstr(b, "\"document\":{\"id\":\"doc1\",\"url\":\"https://example.org/a\""));
    assert_non_null(strstr(b, "\"mentions_shown\":1}"));
    pl_free(b);
    assert_int_equal(get(s, "/api/events/20001", &b), 404);
    pl_free(b);

    /* no database time at all: the first progress check stops the query */
    s->query_ms = 0;
    assert_int_equal(get(s, "/api/relations?a=USA&b=CHN&by=day", &b), 503);
    assert_non_null(strstr(b, "longer than 0 ms"));
    pl_free(b);
    assert_int_equal(get(s, "/api/events?cameo=03&limit=1000&offset=19000", &b), 503);
    pl_free(b);
    s->query_ms = 5000;
    assert_int_equal(get(s, "/api/events?cameo=03&limit=1000&offset=19000", &b), 200);
    assert_non_null(
        strstr(b, "\"count\":1000,\"offset\":19000,\"limit\":1000,\"next_offset\":null"));
    pl_free(b);
    assert_int_equal(get(s, "/api/relations?a=USA&b=CHN&by=month", &b), 200);
    assert_non_null(strstr(b, "\"periods\":[{\"type\":\"period\",\"period\":\"2000-01\""));
    pl_free(b);

    /* the page is not loaded: its paths are 404s, not crashes */
    assert_int_equal(get(s, "/", &b), 404);
    pl_free(b);
    parley_server_free(s);
}

static void token_check(void **state)
{
    (void)state;
    parley_server *s = NULL;
    assert_int_equal(parley_server_new(db, &s), PARLEY_OK);
    sv_response r;
    assert_int_equal(sv_check_token(s, "Bearer whatever-it-is-1234", &r), 403); /* coding off */
    pl_free(r.body);
    assert_int_equal(parley_server_set(s, "token", "short"), PARLEY_ERR_ARG);
    assert_int_equal(parley_server_set(s, "token", "0123456789abcdef"), PARLEY_OK);
    assert_int_equal(sv_check_token(s, NULL, &r), 401);
    assert_true(r.auth_challenge);
    pl_free(r.body);
    assert_int_equal(sv_check_token(s, "Bearer 0123456789abcdeF", &r), 403);
    pl_free(r.body);
    assert_int_equal(sv_check_token(s, "Bearer 0123456789abcde", &r), 403);
    pl_free(r.body);
    assert_int_equal(sv_check_token(s, "Bearer 0123456789abcdef0", &r), 403);
    pl_free(r.body);
    assert_int_equal(sv_check_token(s, "0123456789abcdef", &r), 403);
    pl_free(r.body);
    assert_int_equal(sv_check_token(s, "Bearer 0123456789abcdef", &r), 0);
    /* settings are checked */
    assert_int_equal(parley_server_set(s, "port", "65536"), PARLEY_ERR_ARG);
    assert_int_equal(parley_server_set(s, "bind", "localhost"), PARLEY_ERR_ARG);
    assert_int_equal(parley_server_set(s, "nope", "1"), PARLEY_ERR_ARG);
    assert_int_equal(parley_server_set(s, "threads", "8"), PARLEY_OK);
    parley_server_free(s);
    parley_server_free(NULL);
}

static void event_json_errors(void **state)
{
    (void)state;
    parley_store *st = NULL;
    char *json = NULL;
    assert_int_equal(parley_store_open(db, 1, &st), PARLEY_OK);
    assert_int_equal(parley_store_event_json(st, 0, 0, &json), PARLEY_ERR_NOT_FOUND);
    assert_null(json);
    assert_int_equal(parley_store_event_json(NULL, 1, 0, &json), PARLEY_ERR_ARG);
    assert_int_equal(parley_store_event_json(st, 1, 0, NULL), PARLEY_ERR_ARG);
    assert_int_equal(parley_store_event_json(st, 1, 0, &json), PARLEY_OK);
    assert_non_null(strstr(json, "\"event_id\":1,"));
    parley_string_free(json);
    parley_store_free(st);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(target_parsing),
        cmocka_unit_test(routes_without_socket),
        cmocka_unit_test(token_check),
        cmocka_unit_test(event_json_errors),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
