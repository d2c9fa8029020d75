/* test_when.c - unit tests for the dates stage (src/when): calendar
 * arithmetic, the tagger's values against a document date, the TimeML
 * reader (text, offsets, entities, errors) and event dates. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "when/when.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void calendar_round_trips(void **state)
{
    (void)state;
    pl_ymd d = {2023, 6, 14};
    assert_int_equal(pl_weekday(d), 3); /* a Wednesday */
    pl_ymd e = pl_ymd_from_days(pl_days_from_ymd(d) + 20);
    assert_int_equal(e.y, 2023);
    assert_int_equal(e.m, 7);
    assert_int_equal(e.d, 4);
    int iy;
    assert_int_equal(pl_iso_week((pl_ymd){2021, 1, 3}, &iy), 53);
    assert_int_equal(iy, 2020);
    assert_int_equal(pl_days_in_month(2024, 2), 29);
    assert_int_equal(pl_days_in_month(1900, 2), 28);
    pl_ymd a, b;
    assert_true(pl_timex_period("2023-W24", &a, &b));
    assert_int_equal(a.d, 12);
    assert_int_equal(b.d, 18);
    assert_true(pl_timex_period("1998-Q3", &a, &b));
    assert_int_equal(a.m, 7);
    assert_int_equal(b.m, 9);
    assert_int_equal(b.d, 30);
    assert_false(pl_timex_period("PRESENT_REF", &a, &b));
    assert_false(pl_ymd_parse("2023-02-30", &a));
}

/* The value the tagger gives the first expression of text, and its text. */
static void first(const char *text, const char *dct, char *value, char *span, int *type)
{
    pl_ymd d;
    assert_true(pl_ymd_parse(dct, &d));
    pl_timexes t = {0};
    assert_int_equal(pl_timex_tag(text, strlen(text), &d, &t), PARLEY_OK);
    assert_true(t.n >= 1);
    strcpy(value, t.tx[0].value);
    snprintf(span, 64, "%.*s", (int)(t.tx[0].end - t.tx[0].start), text + t.tx[0].start);
    *type = t.tx[0].type;
    pl_timexes_release(&t);
}

static void tagger_values(void **state)
{
    (void)state;
    static const struct {
        const char *text, *value, *span;
        int type;
    } cases[] = {
        {"Blinken met Wang Yi later in February.", "2023-02", "later in February", PL_TX_DATE},
        {"In May, Sullivan met Wang Yi in Vienna.", "2023-05", "May", PL_TX_DATE},
        {"He will leave for Beijing on Friday.", "2023-06-16", "Friday", PL_TX_DATE},
        {"He left on Friday.", "2023-06-09", "Friday", PL_TX_DATE},
        {"They met yesterday.", "2023-06-13", "yesterday", PL_TX_DATE},
        {"It happened last week.", "2023-W23", "last week", PL_TX_DATE},
        {"It was signed on 16/06/2023.", "2023-06-16", "16/06/2023", PL_TX_DATE},
        {"It was signed on 06/05/2023.", "2023-06-05", "06/05/2023", PL_TX_DATE},
        {"It was signed June 16, 2023.", "2023-06-16", "June 16, 2023", PL_TX_DATE},
        {"They talked for three years.", "P3Y", "three years", PL_TX_DURATION},
        {"A few days ago, planes met.", "PAST_REF", "A few days ago", PL_TX_DATE},
        {"Sales rose earlier this year.", "2023", "earlier this year", PL_TX_DATE},
        {"It came in early June.", "2023-06", "early June", PL_TX_DATE},
        {"He arrives at the end of the week.", "2023-W24", "the end of the week", PL_TX_DATE},
        {"In recent months it grew.", "PXM", "recent months", PL_TX_DURATION},
        {"They meet every year.", "P1Y", "every year", PL_TX_SET},
        {"Profit fell in the third quarter.", "2022-Q3", "the third quarter", PL_TX_DATE},
        {"It opened at 5 p.m. today.", "2023-06-14T17:00", "5 p.m. today", PL_TX_TIME},
        {"Prices of the 1990s were low.", "199", "the 1990s", PL_TX_DATE},
        {"He is now in Paris.", "PRESENT_REF", "now", PL_TX_DATE},
        {"The war began two years ago.", "2021", "two years ago", PL_TX_DATE},
        {"He was captured in August last year.", "2022-08", "August last year", PL_TX_DATE},
        {"It rose in January this year.", "2023-01", "January this year", PL_TX_DATE},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char v[PL_TX_VALUE_MAX], s[64];
        int ty;
        first(cases[i].text, "2023-06-14", v, s, &ty);
        if (strcmp(v, cases[i].value) || strcmp(s, cases[i].span) || ty != cases[i].type)
            fail_msg("%s: got '%s' %s (%d), want '%s' %s (%d)", cases[i].text, s, v, ty,
                     cases[i].span, cases[i].value, cases[i].type);
    }
}

static void tagger_passes_non_dates(void **state)
{
    (void)state;
    const char *text = "You may go. The 2000 people marched 44-year-old men. He said 7 things.";
    pl_ymd d = {2023, 6, 14};
    pl_timexes t = {0};
    assert_int_equal(pl_timex_tag(text, strlen(text), &d, &t), PARLEY_OK);
    assert_int_equal(t.n, 0);
    pl_timexes_release(&t);
}

static void timeml_text_and_offsets(void **state)
{
    (void)state;
    const char *doc =
        "<?xml version=\"1.0\" ?>\n<TimeML><DOCID>d1</DOCID>\n"
        "<DCT><TIMEX3 tid=\"t0\" type=\"DATE\" value=\"1998-02-27T08:09:00\">x</TIMEX3></DCT>\n"
        "<TEXT>AT&amp;T <EVENT eid=\"e1\" class=\"OCCURRENCE\">fell</EVENT> "
        "<TIMEX3 tid=\"t1\" type=\"DATE\" value=\"1998-02-26\">yesterday</TIMEX3>.</TEXT></TimeML>";
    pl_tml t;
    assert_int_equal(pl_tml_parse(doc, strlen(doc), "d1.tml", &t), PARLEY_OK);
    assert_string_equal(t.docid, "d1");
    assert_string_equal(t.dct, "1998-02-27T08:09:00");
    assert_string_equal(t.text, "AT&T fell yesterday.");
    assert_int_equal(t.ntimex, 1);
    assert_int_equal(t.timex[0].start, 10);
    assert_int_equal(t.timex[0].end, 19);
    assert_int_equal(t.timex[0].type, PL_TX_DATE);
    assert_string_equal(t.timex[0].value, "1998-02-26");
    assert_int_equal(t.nevent, 1);
    assert_string_equal(t.event[0].id, "e1");
    assert_int_equal(t.event[0].start, 5);
    pl_tml_release(&t);
}

static void timeml_errors_name_the_byte(void **state)
{
    (void)state;
    const char *bad[] = {
        "<TimeML><DOCID>x</DOCID></TimeML>",
        "<TEXT>a <TIMEX3 tid=\"t1\">b</TEXT>",
        "<TEXT>a </TIMEX3> b</TEXT>",
        "<TEXT>a <TIMEX3 tid=\"t1\"><TIMEX3 tid=\"t2\">b</TIMEX3></TIMEX3></TEXT>",
        "<TEXT>a <TIMEX3 tid=\"t1\" b</TEXT>",
        "<TEXT>bad \xff byte</TEXT>",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        pl_tml t;
        parley_status st = pl_tml_parse(bad[i], strlen(bad[i]), "bad.tml", &t);
        if (st != PARLEY_ERR_FORMAT)
            fail_msg("case %zu: status %d", i, st);
        assert_non_null(strstr(parley_errmsg(), "bad.tml"));
    }
}

/* A hand-parsed sentence: "Blinken met Wang later in February ." with the
 * time expression attached to "met", and "He said so ." without one. */
static void event_dates_follow_the_parse(void **state)
{
    (void)state;
    const char *text = "Blinken met Wang later in February. He said so.";
    parley_doc *doc;
    assert_int_equal(parley_doc_new("x", "2023-06-14", text, strlen(text), &doc), PARLEY_OK);
    static const struct {
        const char *form;
        int head;
    } w1[] = {{"Blinken", 2}, {"met", 0},      {"Wang", 2}, {"later", 2},
              {"in", 6},      {"February", 4}, {".", 2}},
      w2[] = {{"He", 2}, {"said", 0}, {"so", 2}, {".", 2}};
    const char *p = text;
    for (int s = 0; s < 2; s++) {
        size_t n = s == 0 ? 7 : 4;
        pl_sentence S = {(uint32_t)(p - text), 0, (uint32_t)doc->nwords, (uint32_t)n, 0};
        for (size_t i = 0; i < n; i++) {
            const char *f = s == 0 ? w1[i].form : w2[i].form;
            const char *at = strstr(p, f);
            pl_word w = {0};
            w.start = (uint32_t)(at - text);
            w.end = w.start + (uint32_t)strlen(f);
            w.form = w.norm = f;
            w.head = s == 0 ? w1[i].head : w2[i].head;
            w.deprel = "dep";
            assert_int_equal(pl_doc_add_word(doc, &w), PARLEY_OK);
            p = at + strlen(f);
        }
        S.end = (uint32_t)(p - text);
        assert_int_equal(pl_doc_add_sentence(doc, &S), PARLEY_OK);
    }
    pl_when_ctx *c;
    assert_int_equal(pl_when_ctx_new(doc, &c), PARLEY_OK);
    pl_edate d;
    pl_when_date_word(c, 0, 1, &d); /* met */
    assert_string_equal(d.value, "2023-02");
    assert_int_equal(d.prec, PL_PREC_MONTH);
    assert_int_equal(d.basis, PL_BASIS_TEXT);
    pl_when_date_word(c, 0, 2, &d); /* Wang: not on the expression's chain */
    assert_int_equal(d.basis, PL_BASIS_DOCUMENT);
    assert_string_equal(d.value, "2023-06-14");
    pl_when_date_word(c, 1, 8, &d); /* said */
    assert_int_equal(d.basis, PL_BASIS_DOCUMENT);
    pl_when_ctx_free(c);
    parley_doc_free(doc);
}

/* Add to doc a hand-parsed sentence: words "form/head/L" separated by
 * spaces, L marking a verb (V) or not (-), the lemma the lower-case form
 * with a final "ed"/"s" taken off for verbs (enough for these tests). */
static void add_parsed(parley_doc *doc, const char *text, const char **p, const char *spec)
{
    pl_sentence S = {0, 0, (uint32_t)doc->nwords, 0, 0};
    char buf[512];
    snprintf(buf, sizeof buf, "%s", spec);
    bool first = true;
    for (char *tok = strtok(buf, " "); tok; tok = strtok(NULL, " ")) {
        char *h = strchr(tok, '/');
        assert_non_null(h);
        *h++ = 0;
        char *l = strchr(h, '/');
        assert_non_null(l);
        *l++ = 0;
        const char *at = strstr(*p, tok);
        assert_non_null(at);
        if (first)
            S.start = (uint32_t)(at - text);
        first = false;
        pl_word w = {0};
        w.start = (uint32_t)(at - text);
        w.end = w.start + (uint32_t)strlen(tok);
        w.form = w.norm = pl_arena_strdup(doc->arena, tok);
        char lem[64];
        snprintf(lem, sizeof lem, "%s", tok);
        for (char *q = lem; *q; q++)
            *q = (char)(*q >= 'A' && *q <= 'Z' ? *q + 32 : *q);
        size_t n = strlen(lem);
        if (*l == 'V' && n > 3 && !strcmp(lem + n - 2, "ed"))
            lem[n - 2] = 0;
        else if (*l == 'V' && n > 3 && lem[n - 1] == 's')
            lem[n - 1] = 0;
        w.lemma = pl_arena_strdup(doc->arena, lem);
        w.upos = *l == 'V' ? PL_UPOS_VERB : PL_UPOS_NOUN;
        w.head = atoi(h);
        w.deprel = "dep";
        assert_int_equal(pl_doc_add_word(doc, &w), PARLEY_OK);
        S.nwords++;
        *p = at + strlen(tok);
    }
    S.end = (uint32_t)(*p - text);
    assert_int_equal(pl_doc_add_sentence(doc, &S), PARLEY_OK);
}

/* The context steps: an article of Wednesday 2023-06-14 whose lead says
 * "on Friday" (2023-06-09). */
static void event_dates_from_context(void **state)
{
    (void)state;
    const char *text = "Police arrest man\n\nPolice arrested the man on Friday. "
                       "Trump said on Friday he may declare war. The man denied it. "
                       "It rained. It rained. Critics condemned it.";
    parley_doc *doc;
    assert_int_equal(parley_doc_new("x", "2023-06-14", text, strlen(text), &doc), PARLEY_OK);
    /* a news story: a headline block, then the body (the news day needs one;
     * parley_doc_new made the whole text one body block) */
    doc->nblocks = 0;
    assert_int_equal(pl_doc_add_block(doc, 0, 17, PL_BLOCK_HEADLINE), PARLEY_OK);
    assert_int_equal(pl_doc_add_block(doc, 19, (uint32_t)strlen(text), PL_BLOCK_BODY), PARLEY_OK);
    const char *p = text;
    add_parsed(doc, text, &p, "Police/2/- arrest/0/V man/2/-");
    add_parsed(doc, text, &p, "Police/2/- arrested/0/V the/4/- man/2/- on/6/- Friday/2/- ./2/-");
    add_parsed(doc, text, &p,
               "Trump/2/- said/0/V on/4/- Friday/2/- he/8/- may/8/- declare/2/V war/8/- ./2/-");
    add_parsed(doc, text, &p, "The/2/- man/3/- denied/0/V it/3/- ./3/-");
    add_parsed(doc, text, &p, "It/2/- rained/0/V ./2/-");
    add_parsed(doc, text, &p, "It/2/- rained/0/V ./2/-");
    add_parsed(doc, text, &p, "Critics/2/- condemned/0/V it/2/- ./2/-");
    pl_when_ctx *c;
    assert_int_equal(pl_when_ctx_new(doc, &c), PARLEY_OK);
    pl_edate d;
    /* the headline's "arrest" is the lead's arrest */
    pl_when_date_word(c, 0, 1, &d);
    assert_string_equal(d.value, "2023-06-09");
    assert_int_equal(d.basis, PL_BASIS_CONTEXT);
    /* "declare" under "said on Friday": the governing clause's date */
    pl_when_date_word(c, 2, doc->sents[2].word0 + 6, &d);
    assert_string_equal(d.value, "2023-06-09");
    assert_int_equal(d.basis, PL_BASIS_TEXT);
    /* an early sentence without a date: the news day */
    pl_when_date_word(c, 3, doc->sents[3].word0 + 2, &d);
    assert_string_equal(d.value, "2023-06-09");
    assert_int_equal(d.basis, PL_BASIS_CONTEXT);
    /* a later one (a reaction): the document date */
    pl_when_date_word(c, 6, doc->sents[6].word0 + 1, &d);
    assert_string_equal(d.value, "2023-06-14");
    assert_int_equal(d.basis, PL_BASIS_DOCUMENT);
    pl_when_ctx_free(c);
    parley_doc_free(doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(calendar_round_trips),
        cmocka_unit_test(tagger_values),
        cmocka_unit_test(tagger_passes_non_dates),
        cmocka_unit_test(timeml_text_and_offsets),
        cmocka_unit_test(timeml_errors_name_the_byte),
        cmocka_unit_test(event_dates_follow_the_parse),
        cmocka_unit_test(event_dates_from_context),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
