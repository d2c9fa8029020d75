/* test_coder.c - unit tests for the coder as a whole (src/code/coder.c):
 * which sentences it parses, and that parsing only those loses no event.
 * Uses the model `make` trains (build/en-ewt.model) and the default
 * dictionary set (data/parley.dicts). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "code/code.h"
#include "dict/dict.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static parley_model *model;
static parley_dict *dict;

static int setup(void **state)
{
    (void)state;
    parley_set_log(NULL, NULL);
    setenv("PARLEY_DATA", "data", 0);
    if (parley_model_load("build/en-ewt.model", &model) != PARLEY_OK) {
        fprintf(stderr, "test_coder: build/en-ewt.model is missing: run make first\n");
        return -1;
    }
    return parley_dict_load("data/parley.dicts", &dict) == PARLEY_OK ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    parley_dict_free(dict);
    parley_model_free(model);
    return 0;
}

static const char TEXT[] = "Russia attacked Ukraine on Monday.\n\n"
                           "The weather was fine and the harvest was good.\n\n"
                           "China's foreign ministry said nothing.\n\n"
                           "Germany and France criticized the strikes, a French official said.";

static parley_doc *segmented(void)
{
    parley_doc *doc = NULL;
    assert_int_equal(parley_doc_new("t", "2023-06-14", TEXT, strlen(TEXT), &doc), PARLEY_OK);
    assert_int_equal(parley_doc_segment(doc), PARLEY_OK);
    assert_int_equal(doc->nsents, 4);
    return doc;
}

/* The candidate count is an upper bound of what the matcher finds. */
static void candidates_bound_the_actors_found(void **state)
{
    (void)state;
    parley_doc *doc = segmented();
    size_t want_min[4] = {2, 0, 1, 3};
    for (size_t s = 0; s < doc->nsents; s++) {
        size_t n = 0;
        assert_int_equal(pl_dict_actor_candidates(dict, doc, s, doc->date, 100, &n), PARLEY_OK);
        pl_mention *m = NULL;
        size_t nm = 0;
        assert_int_equal(pl_dict_find_actors(dict, doc, s, doc->date, &m, &nm), PARLEY_OK);
        size_t codes = 0;
        for (size_t i = 0; i < nm; i++)
            for (const char *c = m[i].code; c && *c; c = strchr(c, '/') ? strchr(c, '/') + 1 : "")
                codes++;
        assert_true(n >= codes);
        assert_true(n >= want_min[s]);
        if (s == 1)
            assert_int_equal(n, 0);
    }
    size_t n = 0; /* counting stops at `enough` */
    assert_int_equal(pl_dict_actor_candidates(dict, doc, 3, doc->date, 1, &n), PARLEY_OK);
    assert_int_equal(n, 1);
    parley_doc_free(doc);
}

static char *events_of(parley_doc *doc)
{
    size_t cap = 4096, len = 0;
    char *out = calloc(1, cap);
    assert_non_null(out);
    for (size_t i = 0; i < parley_doc_event_count(doc); i++) {
        const char *s = "", *t = "";
        parley_event_actor(doc, i, 0, &s, NULL, NULL, NULL, NULL);
        parley_event_actor(doc, i, 1, &t, NULL, NULL, NULL, NULL);
        len += (size_t)snprintf(out + len, cap - len, "%s %s %s;", s, t, parley_event_cameo(doc, i));
        assert_true(len < cap);
    }
    return out;
}

/* The coder parses only sentences with enough candidates, and its events
 * are those of the same document parsed in full first. */
static void coder_parses_only_what_can_hold_events(void **state)
{
    (void)state;
    parley_coder *c = NULL;
    parley_status cst = parley_coder_new(model, dict, &c);
    if (cst)
        fprintf(stderr, "coder: %s\n", parley_errmsg());
    assert_int_equal(cst, PARLEY_OK);
    parley_doc *lazy = segmented();
    assert_int_equal(parley_coder_code_doc(c, lazy, NULL), PARLEY_OK);
    const pl_sentence *weather = &lazy->sents[1];
    for (uint32_t w = weather->word0; w < weather->word0 + weather->nwords; w++)
        assert_true(lazy->words[w].head < 0); /* not parsed: no actor at all */
    assert_true(lazy->words[lazy->sents[0].word0].head >= 0);
    char *a = events_of(lazy);
    assert_non_null(strstr(a, "RUS UKR"));

    parley_parser *p = NULL;
    assert_int_equal(parley_parser_new(model, &p), PARLEY_OK);
    parley_doc *full = segmented();
    assert_int_equal(parley_parser_parse_doc(p, full), PARLEY_OK);
    assert_int_equal(parley_coder_code_doc(c, full, NULL), PARLEY_OK);
    char *b = events_of(full);
    assert_string_equal(a, b);
    assert_int_equal(parley_parser_parse_sentence(p, full, 99), PARLEY_ERR_ARG);
    free(a);
    free(b);
    parley_parser_free(p);
    parley_doc_free(lazy);
    parley_doc_free(full);
    parley_coder_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(candidates_bound_the_actors_found),
        cmocka_unit_test(coder_parses_only_what_can_hold_events),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
