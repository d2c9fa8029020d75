/* test_coded.c - unit tests for coded documents as JSON (src/store/coded.c):
 * a coded document written and read back prints the same events and is
 * stored as the original is (what the Dask job relies on), and bad JSON is
 * an error naming the input and the member. Uses the model `make` trains
 * (build/en-ewt.model), build/places.gaz and the default dictionaries. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/core.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static parley_model *model;
static parley_dict *dict;
static parley_gazetteer *gaz;
static parley_coder *coder;
static char dir[64]; /* a temporary folder for the stores */

static int setup(void **state)
{
    (void)state;
    parley_set_log(NULL, NULL);
    setenv("PARLEY_DATA", "data", 0);
    if (parley_model_load("build/en-ewt.model", &model) != PARLEY_OK) {
        fprintf(stderr, "test_coded: build/en-ewt.model is missing: run make first\n");
        return -1;
    }
    if (parley_dict_load("data/parley.dicts", &dict) || parley_coder_new(model, dict, &coder))
        return -1;
    if (parley_gazetteer_load("build/places.gaz", &gaz) == PARLEY_OK)
        parley_coder_set_gazetteer(coder, gaz);
    snprintf(dir, sizeof dir, "/tmp/parley-test-coded-XXXXXX");
    return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "test_coded: could not remove %s\n", dir);
    parley_coder_free(coder);
    parley_gazetteer_free(gaz);
    parley_dict_free(dict);
    parley_model_free(model);
    return 0;
}

/* The coded documents of a file, as its reader gives them. */
static size_t code_file(const char *path, const char *date, parley_doc **docs, size_t cap)
{
    parley_reader *r = NULL;
    assert_int_equal(parley_reader_open(path, PARLEY_INPUT_AUTO, NULL, &r), PARLEY_OK);
    size_t n = 0;
    while (n < cap && parley_reader_next(r, &docs[n]) == PARLEY_OK) {
        assert_int_equal(parley_coder_code_doc(coder, docs[n], date), PARLEY_OK);
        n++;
    }
    parley_reader_free(r);
    return n;
}

static parley_doc *round_trip(const parley_doc *doc)
{
    char *js = NULL;
    assert_int_equal(parley_doc_coded_json(doc, &js), PARLEY_OK);
    assert_null(strchr(js, '\n')); /* one line */
    parley_doc *back = NULL;
    assert_int_equal(parley_doc_from_coded_json(js, strlen(js), "test", &back), PARLEY_OK);
    /* a fixed point: the rebuilt document writes the same line */
    char *again = NULL;
    assert_int_equal(parley_doc_coded_json(back, &again), PARLEY_OK);
    assert_string_equal(again, js);
    parley_string_free(again);
    parley_string_free(js);
    return back;
}

static char *events(const parley_doc *doc, parley_event_format fmt)
{
    char *out = NULL;
    assert_int_equal(parley_events_format(doc, fmt, &out), PARLEY_OK);
    return out;
}

static void same_events_after_round_trip(void **state)
{
    (void)state;
    parley_doc *docs[4];
    size_t n = code_file("examples/000_08cbce3970801ee0.txt", "2023-06-14", docs, 4);
    assert_int_equal(n, 1);
    assert_true(parley_doc_event_count(docs[0]) >= 10);
    parley_doc *back = round_trip(docs[0]);
    assert_string_equal(parley_doc_id(back), parley_doc_id(docs[0]));
    assert_string_equal(parley_doc_title(back), parley_doc_title(docs[0]));
    assert_int_equal(parley_doc_sentence_count(back), parley_doc_sentence_count(docs[0]));
    assert_int_equal(parley_doc_block_count(back), parley_doc_block_count(docs[0]));
    for (int f = PARLEY_EVENTS_JSONL; f <= PARLEY_EVENTS_CSV; f++) {
        char *a = events(docs[0], (parley_event_format)f),
             *b = events(back, (parley_event_format)f);
        assert_string_equal(a, b);
        parley_string_free(a);
        parley_string_free(b);
    }
    /* the places made it across */
    size_t placed = 0;
    for (size_t i = 0; i < parley_doc_event_count(back); i++)
        placed += parley_event_place(back, i, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                                     NULL) == PARLEY_OK;
    assert_true(gaz == NULL || placed > 0);
    parley_doc_free(back);
    parley_doc_free(docs[0]);
}

/* Every row of every query format of a store at path. */
static char *dump(const char *path)
{
    parley_store *s = NULL;
    assert_int_equal(parley_store_open(path, 1, &s), PARLEY_OK);
    pl_buf b;
    pl_buf_init(&b, 0);
    for (int f = PARLEY_STORE_JSONL; f <= PARLEY_STORE_GDELT_MENTIONS; f++) {
        parley_rows *rows = NULL;
        assert_int_equal(parley_store_query(s, NULL, (parley_store_format)f, &rows), PARLEY_OK);
        const char *line;
        while (parley_rows_next(rows, &line) == PARLEY_OK)
            assert_int_equal(pl_buf_puts(&b, line), PARLEY_OK);
        parley_rows_free(rows);
    }
    char *sum = NULL;
    assert_int_equal(parley_store_summary(s, &sum), PARLEY_OK);
    *strstr(sum, "\"bytes\"") = '\0'; /* the file sizes may differ by a page */
    assert_int_equal(pl_buf_puts(&b, sum), PARLEY_OK);
    parley_string_free(sum);
    parley_store_free(s);
    return b.data;
}

static void stored_as_the_original(void **state)
{
    (void)state;
    /* the same article twice under two ids and dates a day apart: its
     * mentions group into events across documents */
    static const char *const texts[] = {
        "{\"id\":\"a\",\"date\":\"2023-06-14\",\"title\":\"Blinken to visit China\","
        "\"text\":\"US Secretary of State Antony Blinken will travel to Beijing. China "
        "accused the United States of spying.\",\"source\":\"one\"}",
        "{\"id\":\"b\",\"date\":\"2023-06-15\",\"text\":\"Blinken will travel to Beijing. "
        "China accused the United States of spying.\",\"url\":\"https://www.two.example/x\"}"};
    char jsonl[160], orig[160], copy[160];
    snprintf(jsonl, sizeof jsonl, "%s/in.jsonl", dir);
    snprintf(orig, sizeof orig, "%s/orig.sqlite", dir);
    snprintf(copy, sizeof copy, "%s/copy.sqlite", dir);
    FILE *f = fopen(jsonl, "w");
    assert_non_null(f);
    fprintf(f, "%s\n%s\n", texts[0], texts[1]);
    fclose(f);
    parley_doc *docs[4];
    size_t n = code_file(jsonl, NULL, docs, 4);
    assert_int_equal(n, 2);
    parley_store *a = NULL, *b = NULL;
    assert_int_equal(parley_store_open(orig, 0, &a), PARLEY_OK);
    assert_int_equal(parley_store_open(copy, 0, &b), PARLEY_OK);
    for (size_t i = 0; i < n; i++) {
        parley_doc *back = round_trip(docs[i]);
        int oa = -1, ob = -1;
        assert_int_equal(parley_store_add_doc(a, docs[i], &oa), PARLEY_OK);
        assert_int_equal(parley_store_add_doc(b, back, &ob), PARLEY_OK);
        assert_int_equal(oa, 1);
        assert_int_equal(ob, 1);
        /* the rebuilt document is the stored one: adding it again is a no-op */
        assert_int_equal(parley_store_has_doc(a, back), 1);
        parley_doc_free(back);
        parley_doc_free(docs[i]);
    }
    parley_store_free(a);
    parley_store_free(b);
    char *da = dump(orig), *db = dump(copy);
    assert_true(strstr(da, "\"num_articles\":2") != NULL); /* grouped across the two */
    assert_string_equal(da, db);
    pl_free(da);
    pl_free(db);
}

static void bad_json_is_an_error(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "{\"id\":\"x\",\"text\":\"ab\"", /* truncated */
        "[1,2]",
        "{\"id\":\"x\",\"blocks\":[],\"sentences\":[],\"events\":[]}", /* no text */
        "{\"id\":\"x\",\"text\":\"ab\",\"blocks\":[],\"sentences\":[[0,9]],\"events\":[]}",
        "{\"id\":\"x\",\"text\":\"ab\",\"blocks\":[[0,2,7]],\"sentences\":[],\"events\":[]}",
        "{\"id\":\"x\",\"text\":\"ab\",\"date\":\"2023-02-30\",\"blocks\":[],\"sentences\":[],"
        "\"events\":[]}",
        "{\"id\":\"x\",\"text\":\"ab\",\"blocks\":[],\"sentences\":[[0,2]],\"events\":"
        "[{\"sentence_index\":1}]}",
        "{\"id\":\"x\",\"text\":\"ab\",\"blocks\":[],\"sentences\":[[0,2]],\"events\":"
        "[{\"sentence_index\":0,\"source\":{\"start\":0,\"end\":5},\"target\":{}}]}",
        "{\"id\":\"x\",\"text\":\"ab\",\"blocks\":[],\"sentences\":[[0,2]],\"events\":"
        "[{\"sentence_index\":0,\"source\":{},\"target\":{},\"mode\":\"maybe\",\"trigger\":{},"
        "\"pattern\":{}}]}",
        "{\"id\":\"x\",\"text\":\"ab\",\"blocks\":[],\"sentences\":[[0,2]],\"events\":"
        "[{\"sentence_index\":0,\"source\":{},\"target\":{},\"cameo\":\"123456789\","
        "\"trigger\":{},\"pattern\":{}}]}",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        parley_doc *doc = (parley_doc *)1;
        assert_int_equal(parley_doc_from_coded_json(bad[i], strlen(bad[i]), "shard-3", &doc),
                         PARLEY_ERR_FORMAT);
        assert_null(doc);
        assert_non_null(strstr(parley_errmsg(), "shard-3"));
    }
    /* the smallest good one: an uncoded document */
    static const char good[] =
        "{\"id\":\"x\",\"text\":\"ab\",\"blocks\":[[0,2,2]],\"sentences\":[[0,2]],\"events\":[]}";
    parley_doc *doc = NULL;
    assert_int_equal(parley_doc_from_coded_json(good, strlen(good), NULL, &doc), PARLEY_OK);
    assert_int_equal(parley_doc_sentence_count(doc), 1);
    assert_int_equal(parley_doc_event_count(doc), 0);
    parley_doc_free(doc);
    assert_int_equal(parley_doc_coded_json(NULL, NULL), PARLEY_ERR_ARG);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(same_events_after_round_trip),
        cmocka_unit_test(stored_as_the_original),
        cmocka_unit_test(bad_json_is_an_error),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
