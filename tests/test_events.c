/* test_events.c - unit tests for the real-news side of the coder:
 * the gold scorer (eval_events.c), the learned event decision (rank.c),
 * article context and the document-level reading of people (coref.c).
 * Uses build/en-ewt.model and data/ (run `make` first). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "code/code.h"
#include "dict/dict.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static parley_model *model;
static parley_dict *dict;
static char tmpdir[64];

static int setup(void **state)
{
    (void)state;
    parley_set_log(NULL, NULL);
    setenv("PARLEY_DATA", "data", 0);
    setenv("PARLEY_EVENTS_MODEL", "", 1); /* each test picks its event model */
    if (parley_model_load("build/en-ewt.model", &model) != PARLEY_OK) {
        fprintf(stderr, "test_events: build/en-ewt.model is missing: run make first\n");
        return -1;
    }
    snprintf(tmpdir, sizeof tmpdir, "/tmp/parley-test-events-XXXXXX");
    if (!mkdtemp(tmpdir))
        return -1;
    return parley_dict_load("data/parley.dicts", &dict) == PARLEY_OK ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    parley_dict_free(dict);
    parley_model_free(model);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", tmpdir);
    return system(cmd) == 0 ? 0 : -1;
}

static const char *write_file(const char *name, const char *text)
{
    static char path[8][256];
    static int k;
    char *p = path[k++ % 8];
    snprintf(p, 256, "%s/%s", tmpdir, name);
    FILE *f = fopen(p, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    return p;
}

static parley_coder *coder(void)
{
    parley_coder *c = NULL;
    assert_int_equal(parley_coder_new(model, dict, &c), PARLEY_OK);
    assert_string_equal(parley_coder_event_model(c), "");
    return c;
}

static const char DOC[] =
    "{\"id\":\"d1\",\"date\":\"2023-06-14\",\"title\":\"US accuses China\",\"text\":"
    "\"The United States accused China of spying on military facilities. The weather was fine."
    "\"}\n";

/* One gold event the patterns find (112 in sentence 1) and one they cannot
 * (nothing in sentence 2 names two actors): recall 50, one match, and the
 * finer measures counted over the match. */
static void scorer_matches_by_sentence_countries_and_root(void **state)
{
    (void)state;
    const char *docs = write_file("docs.jsonl", DOC);
    const char *gold = write_file(
        "gold.jsonl", "{\"doc_id\":\"d1\",\"sentence_index\":1,\"source\":{\"code\":\"USAGOV\"},"
                      "\"target\":{\"code\":\"CHN\"},\"cameo\":\"112\",\"root\":\"11\",\"event_"
                      "date\":\"2023-06\"}\n"
                      "{\"doc_id\":\"d1\",\"sentence_index\":2,\"source\":{\"code\":\"USA\"},"
                      "\"target\":{\"code\":\"CHN\"},\"cameo\":\"040\",\"root\":\"04\"}\n"
                      "{\"doc_id\":\"d2\",\"no_events\":true}\n");
    parley_coder *c = coder();
    char *json = NULL;
    assert_int_equal(parley_eval_events(c, gold, docs, NULL, 1, &json), PARLEY_OK);
    json_error_t err;
    json_t *o = json_loads(json, 0, &err);
    assert_non_null(o);
    assert_int_equal(json_integer_value(json_object_get(o, "documents")), 1);
    assert_int_equal(json_integer_value(json_object_get(o, "gold_events")), 2);
    assert_int_equal(json_integer_value(json_object_get(o, "matched")), 1);
    assert_true(json_real_value(json_object_get(o, "recall")) == 50.0);
    /* USA vs USAGOV: the root-level match holds, the full actor codes differ */
    assert_true(json_real_value(json_object_get(o, "roles")) == 0.0);
    /* the document's date agrees with "2023-06" at the gold's precision */
    assert_true(json_real_value(json_object_get(o, "date")) == 100.0);
    json_t *missing = json_object_get(o, "missing_documents");
    assert_int_equal(json_array_size(missing), 1);
    assert_string_equal(json_string_value(json_array_get(missing, 0)), "d2");
    assert_int_equal(json_array_size(json_object_get(o, "misses")), 1);
    json_decref(o);
    parley_string_free(json);
    parley_coder_free(c);
}

/* A malformed gold line is an error naming the file and line. */
static void scorer_reports_bad_gold_lines(void **state)
{
    (void)state;
    const char *docs = write_file("docs2.jsonl", DOC);
    const char *bad[] = {
        "{\"doc_id\":\"d1\",\"no_events\":true}\n{broken\n",
        "{\"doc_id\":\"d1\",\"no_events\":true}\n{\"doc_id\":\"d1\",\"sentence_index\":1}\n",
        "{\"doc_id\":\"d1\",\"no_events\":true}\n[1,2]\n",
    };
    parley_coder *c = coder();
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        const char *gold = write_file("bad.jsonl", bad[i]);
        char *json = NULL;
        assert_int_equal(parley_eval_events(c, gold, docs, NULL, 0, &json), PARLEY_ERR_FORMAT);
        assert_null(json);
        assert_non_null(strstr(parley_errmsg(), "bad.jsonl:2"));
    }
    parley_coder_free(c);
}

/* "the government" takes the article's country; a pronoun subject after a
 * full name is that person. */
static void context_and_coref_give_actors(void **state)
{
    (void)state;
    static const char text[] =
        "Antony Blinken visits Beijing\n\n"
        "US Secretary of State Antony Blinken arrived in China on Sunday.\n\n"
        "He accused China of threatening Taiwan.\n\n"
        "Police arrested protesters outside the embassy.";
    parley_doc *doc = NULL;
    assert_int_equal(parley_doc_new("t", "2023-06-18", text, strlen(text), &doc), PARLEY_OK);
    parley_coder *c = coder();
    assert_int_equal(parley_coder_code_doc(c, doc, NULL), PARLEY_OK);
    int coref_src = 0, context_tgt = 0;
    for (size_t i = 0; i < parley_doc_event_count(doc); i++) {
        const char *code, *match;
        assert_int_equal(parley_event_actor(doc, i, 0, &code, NULL, NULL, NULL, &match), PARLEY_OK);
        if (strcmp(match, "coref") == 0 && strcmp(code, "USAGOV") == 0)
            coref_src++;
        assert_int_equal(parley_event_actor(doc, i, 1, &code, NULL, NULL, NULL, &match), PARLEY_OK);
        if (strcmp(match, "context") == 0 && strncmp(code, "USA", 3) == 0)
            context_tgt++;
    }
    assert_true(coref_src > 0);
    assert_true(context_tgt > 0);
    /* without the article's context the pronoun stays unread */
    parley_coder_set_article_context(c, 0);
    assert_int_equal(parley_coder_code_doc(c, doc, NULL), PARLEY_OK);
    for (size_t i = 0; i < parley_doc_event_count(doc); i++) {
        const char *match;
        parley_event_actor(doc, i, 0, NULL, NULL, NULL, NULL, &match);
        assert_string_not_equal(match, "coref");
        assert_string_not_equal(match, "context");
    }
    parley_coder_free(c);
    parley_doc_free(doc);
}

/* A surname alone ("Kibaki") after the full name is the same person: the
 * table keeps surnames folded as the dictionary writes them. */
static void surname_after_full_name(void **state)
{
    (void)state;
    static const char text[] = "Kenya deal\n\n"
                               "Mwai Kibaki signed the agreement with Raila Odinga.\n\n"
                               "Kibaki praised Odinga.";
    parley_doc *doc = NULL;
    assert_int_equal(parley_doc_new("t", "2008-02-28", text, strlen(text), &doc), PARLEY_OK);
    parley_coder *c = coder();
    assert_int_equal(parley_coder_code_doc(c, doc, NULL), PARLEY_OK);
    int both = 0;
    for (size_t i = 0; i < parley_doc_event_count(doc); i++) {
        const char *sc, *sm, *tc, *tm;
        if (parley_event_sentence(doc, i) != 2)
            continue;
        parley_event_actor(doc, i, 0, &sc, NULL, NULL, NULL, &sm);
        parley_event_actor(doc, i, 1, &tc, NULL, NULL, NULL, &tm);
        both += strcmp(sm, "coref") == 0 && strcmp(tm, "coref") == 0 && strncmp(sc, "KEN", 3) == 0 &&
                strncmp(tc, "KEN", 3) == 0;
    }
    assert_true(both > 0);
    parley_coder_free(c);
    parley_doc_free(doc);
}

/* A malformed event model is refused with its line; the coder keeps what it had. */
static void event_model_errors_name_the_line(void **state)
{
    (void)state;
    parley_coder *c = coder();
    const char *p = write_file("bad1.model", "not a model\n");
    assert_int_equal(parley_coder_set_event_model(c, p), PARLEY_ERR_MODEL);
    assert_non_null(strstr(parley_errmsg(), "bad1.model:1"));
    p = write_file("bad2.model", "parley-events 1\nw 99999999 3 1.0\n");
    assert_int_equal(parley_coder_set_event_model(c, p), PARLEY_ERR_MODEL);
    assert_non_null(strstr(parley_errmsg(), "bad2.model:2"));
    p = write_file("bad3.model", "parley-events 1\ncameo 45 say 010\n");
    assert_int_equal(parley_coder_set_event_model(c, p), PARLEY_ERR_MODEL);
    assert_non_null(strstr(parley_errmsg(), "bad3.model:2"));
    p = write_file("bad4.model", "parley-events 1\nrulep 4 10 20\n");
    assert_int_equal(parley_coder_set_event_model(c, p), PARLEY_ERR_MODEL);
    assert_non_null(strstr(parley_errmsg(), "bad4.model:2"));
    assert_int_equal(parley_coder_set_event_model(c, "/nonexistent/x.model"), PARLEY_ERR_IO);
    assert_string_equal(parley_coder_event_model(c), "");
    p = write_file("bad5.model", "parley-events 1\nbuckets 12 classes 21\n");
    assert_int_equal(parley_coder_set_event_model(c, p), PARLEY_ERR_MODEL);
    assert_non_null(strstr(parley_errmsg(), "bad5.model:2"));
    assert_non_null(strstr(parley_errmsg(), "retrain"));
    p = write_file("ok.model", "parley-events 1\nthresholds 0 1e30\ncameo 4 meet 040\n"
                               "w 7 4 0.5\n");
    assert_int_equal(parley_coder_set_event_model(c, p), PARLEY_OK);
    assert_string_equal(parley_coder_event_model(c), "ok.model");
    assert_int_equal(parley_coder_set_event_model(c, NULL), PARLEY_OK);
    assert_string_equal(parley_coder_event_model(c), "");
    parley_coder_free(c);
}

static char *slurp(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long len = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *b = malloc((size_t)len + 1);
    assert_non_null(b);
    assert_int_equal(fread(b, 1, (size_t)len, f), (size_t)len);
    fclose(f);
    *n = (size_t)len;
    return b;
}

/* Training is deterministic and learns something: the same articles give
 * the same bytes, with positive examples and a fit of the training set. */
static void training_is_deterministic(void **state)
{
    (void)state;
    /* the first 30 training articles and the gold */
    FILE *in = fopen("data/wikinews/train.jsonl", "r");
    assert_non_null(in);
    char docs[256];
    snprintf(docs, sizeof docs, "%s/train30.jsonl", tmpdir);
    FILE *out = fopen(docs, "w");
    assert_non_null(out);
    char *line = NULL;
    size_t cap = 0;
    for (int i = 0; i < 30 && getline(&line, &cap, in) > 0; i++)
        fputs(line, out);
    free(line);
    fclose(in);
    fclose(out);
    char m1[256], m2[256];
    snprintf(m1, sizeof m1, "%s/a.model", tmpdir);
    snprintf(m2, sizeof m2, "%s/b.model", tmpdir);
    char *report = NULL;
    assert_int_equal(parley_event_model_train(model, dict, docs, "data/wikinews/train-gold.jsonl",
                                              2, m1, &report),
                     PARLEY_OK);
    json_error_t err;
    json_t *o = json_loads(report, 0, &err);
    assert_non_null(o);
    assert_int_equal(json_integer_value(json_object_get(o, "documents")), 30);
    assert_true(json_integer_value(json_object_get(o, "positive")) > 20);
    assert_true(json_integer_value(json_object_get(o, "train_fit")) >
                json_integer_value(json_object_get(o, "candidates")) / 2);
    json_decref(o);
    parley_string_free(report);
    assert_int_equal(
        parley_event_model_train(model, dict, docs, "data/wikinews/train-gold.jsonl", 2, m2, NULL),
        PARLEY_OK);
    size_t n1, n2;
    char *b1 = slurp(m1, &n1), *b2 = slurp(m2, &n2);
    assert_int_equal(n1, n2);
    assert_memory_equal(b1, b2, n1);
    free(b1);
    free(b2);
    parley_coder *c = coder();
    assert_int_equal(parley_coder_set_event_model(c, m1), PARLEY_OK);
    parley_coder_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(scorer_matches_by_sentence_countries_and_root),
        cmocka_unit_test(scorer_reports_bad_gold_lines),
        cmocka_unit_test(context_and_coref_give_actors),
        cmocka_unit_test(surname_after_full_name),
        cmocka_unit_test(event_model_errors_name_the_line),
        cmocka_unit_test(training_is_deterministic),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
