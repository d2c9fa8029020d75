/* test_clean.c - unit tests for the cleaning rules in src/text/clean.c,
 * on made-up lines and documents. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "text/text.h"

#include <string.h>

#define L(s) s, strlen(s)

static void boilerplate_phrases(void **state)
{
    (void)state;
    /* exact words, prefixes, phrases anywhere */
    assert_true(pl_clean_is_boilerplate(L("Leave a Reply")));
    assert_true(pl_clean_is_boilerplate(L("Leave a Reply Cancel reply")));
    assert_true(pl_clean_is_boilerplate(L("Learn More \xE2\x86\x92")));
    assert_true(pl_clean_is_boilerplate(L("READ MORE: Troops deploy to the border")));
    assert_true(pl_clean_is_boilerplate(L("Share this:")));
    assert_true(pl_clean_is_boilerplate(L("Advertisement")));
    assert_true(pl_clean_is_boilerplate(L("Sign up for our daily briefing")));
    assert_true(pl_clean_is_boilerplate(L("Subscribe to our newsletter to get the latest news "
                                          "straight to your inbox every single morning.")));
    assert_true(pl_clean_is_boilerplate(L("Your email address will not be published. Required "
                                          "fields are marked *")));
    assert_true(pl_clean_is_boilerplate(L("\xC2\xA9 2023 Example Media. All rights reserved.")));
    assert_true(pl_clean_is_boilerplate(L("We use cookies to give you the best experience on "
                                          "our website.")));
    assert_true(pl_clean_is_boilerplate(L("Tags: China, United States, Diplomacy")));
    assert_true(pl_clean_is_boilerplate(L("Cookie settings")));
    /* real sentences that start with or contain the same words */
    assert_false(pl_clean_is_boilerplate(L("Share prices fell sharply in Tokyo.")));
    assert_false(pl_clean_is_boilerplate(L("Leave was cancelled for all soldiers.")));
    assert_false(pl_clean_is_boilerplate(L("Read the full statement below.")));
    assert_false(pl_clean_is_boilerplate(L("The bakery sold cookies to protesters, police "
                                           "said.")));
    assert_false(pl_clean_is_boilerplate(L("Tags were attached to the migrating birds.")));
    assert_false(pl_clean_is_boilerplate(L("US-China relations strained over list of issues")));
    assert_false(pl_clean_is_boilerplate(L("Related talks will take place in Geneva next "
                                           "week.")));
}

static void bylines(void **state)
{
    (void)state;
    assert_true(pl_clean_is_byline(L("By Jane Doe")));
    assert_true(pl_clean_is_byline(L("BY JANE DOE")));
    assert_true(pl_clean_is_byline(L("By John F. Smith and Maria de la Cruz")));
    assert_true(pl_clean_is_byline(L("By Jane Doe, Reuters")));
    assert_true(pl_clean_is_byline(L("Written by Hank Peter")));
    assert_true(pl_clean_is_byline(L("Reporting by Jane Doe; Editing by Tom Roe")));
    assert_true(pl_clean_is_byline(L("By \xC3\x89mile Zola")));
    assert_false(pl_clean_is_byline(L("By then the army had left.")));
    assert_false(pl_clean_is_byline(L("By Tuesday, rebels controlled the town.")));
    assert_false(pl_clean_is_byline(L("Byzantine walls surround the city")));
    assert_false(pl_clean_is_byline(L("By")));
    assert_false(pl_clean_is_byline(L("Jane Doe")));
}

static void sentence_ends_and_short_lines(void **state)
{
    (void)state;
    assert_true(pl_clean_ends_sentence(L("The army withdrew.")));
    assert_true(pl_clean_ends_sentence(L("He said: \xE2\x80\x9CWe will leave.\xE2\x80\x9D")));
    assert_true(pl_clean_ends_sentence(L("Who knows?) ")));
    assert_true(pl_clean_ends_sentence(L("And then\xE2\x80\xA6")));
    assert_false(pl_clean_ends_sentence(L("Hank Peter")));
    assert_false(pl_clean_ends_sentence(L("Learn More \xE2\x86\x92")));
    assert_false(pl_clean_ends_sentence(L("")));
    assert_true(pl_clean_is_short(L("Hank Peter")));
    assert_false(pl_clean_is_short(L("one two three four five six seven eight nine ten "
                                     "eleven twelve thirteen")));
}

/* Clean the text of a parley_doc_new document; return the kept blocks
 * joined by " | ". */
static const char *cleaned(const char *text, size_t *dropped)
{
    static char out[4096];
    parley_doc *doc;
    assert_int_equal(parley_doc_new("t", NULL, text, strlen(text), &doc), PARLEY_OK);
    assert_int_equal(parley_doc_clean(doc, dropped), PARLEY_OK);
    out[0] = '\0';
    for (size_t i = 0; i < doc->nblocks; i++) {
        size_t n = strlen(out);
        snprintf(out + n, sizeof out - n, "%s%.*s", i ? " | " : "",
                 (int)(doc->blocks[i].end - doc->blocks[i].start),
                 doc->text + doc->blocks[i].start);
    }
    parley_doc_free(doc);
    return out;
}

static void trailing_furniture_is_dropped_subheadings_kept(void **state)
{
    (void)state;
    size_t dropped;
    const char *t = "Talks collapse in Geneva\n\n"
                    "Envoys walked out on Monday.\n\n"
                    "What happens next\n\n"
                    "Both sides blamed each other.\n\n"
                    "Maria Lopez\n\nPrevious Post\n\nA long line without any final punctuation "
                    "that goes on and on and on for more than twelve words in all\n\nContact us";
    assert_string_equal(cleaned(t, &dropped),
                        "Talks collapse in Geneva | Envoys walked out on Monday. | "
                        "What happens next | Both sides blamed each other. | "
                        "A long line without any final punctuation that goes on and on and on "
                        "for more than twelve words in all");
    assert_int_equal(dropped, 3);
}

static void no_sentence_end_means_no_trailing_rule(void **state)
{
    (void)state;
    size_t dropped;
    /* a list of headlines: nothing ends a sentence, so nothing is "after" */
    assert_string_equal(cleaned("Troops advance\n\nTalks stall", &dropped),
                        "Troops advance | Talks stall");
    assert_int_equal(dropped, 0);
}

static void bylines_and_symbol_lines_split_blocks(void **state)
{
    (void)state;
    size_t dropped;
    const char *t = "By Jane Doe\n"
                    "The army shelled the town overnight and residents fled toward the\n"
                    "river, witnesses said on Tuesday.\n"
                    "***\n"
                    "Aid arrived later.";
    /* the hard-wrapped sentence stays one block; the byline and the
     * asterisks go and split the rest */
    assert_string_equal(cleaned(t, &dropped),
                        "The army shelled the town overnight and residents fled toward the\n"
                        "river, witnesses said on Tuesday. | Aid arrived later.");
    assert_int_equal(dropped, 2);
}

static void empty_and_all_furniture_documents(void **state)
{
    (void)state;
    size_t dropped;
    assert_string_equal(cleaned("", &dropped), "");
    assert_int_equal(dropped, 0);
    assert_string_equal(cleaned("Leave a Reply\n\nAdvertisement\n", &dropped), "");
    assert_int_equal(dropped, 2);
    assert_int_equal(parley_doc_clean(NULL, NULL), PARLEY_ERR_ARG);
}

static void headline_is_not_a_byline_or_trailer(void **state)
{
    (void)state;
    parley_doc *doc;
    const char *t = "By Land And Sea\n\nShips sailed.";
    assert_int_equal(parley_doc_new("t", NULL, t, strlen(t), &doc), PARLEY_OK);
    doc->nblocks = 0;
    assert_int_equal(pl_doc_add_block(doc, 0, 15, PL_BLOCK_HEADLINE), PARLEY_OK);
    assert_int_equal(pl_doc_add_block(doc, 17, 30, PL_BLOCK_BODY), PARLEY_OK);
    assert_int_equal(pl_clean_doc(doc, NULL), PARLEY_OK);
    assert_int_equal(doc->nblocks, 2);
    assert_int_equal(doc->blocks[0].kind, PL_BLOCK_HEADLINE);
    assert_int_equal(doc->blocks[0].end, 15);
    parley_doc_free(doc);
}

static void body_repeating_the_headline_loses_the_repeat(void **state)
{
    (void)state;
    parley_doc *doc;
    const char *t = "Talks collapse\n\nTalks collapse\n\nEnvoys left. Talks collapse again.";
    assert_int_equal(parley_doc_new("t", NULL, t, strlen(t), &doc), PARLEY_OK);
    doc->nblocks = 0;
    assert_int_equal(pl_doc_add_block(doc, 0, 14, PL_BLOCK_HEADLINE), PARLEY_OK);
    assert_int_equal(pl_doc_add_block(doc, 16, (uint32_t)strlen(t), PL_BLOCK_BODY), PARLEY_OK);
    size_t dropped;
    assert_int_equal(pl_clean_doc(doc, &dropped), PARLEY_OK);
    assert_int_equal(dropped, 1);
    assert_int_equal(doc->nblocks, 2);
    assert_int_equal(doc->blocks[1].start, 32);
    parley_doc_free(doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(boilerplate_phrases),
        cmocka_unit_test(bylines),
        cmocka_unit_test(sentence_ends_and_short_lines),
        cmocka_unit_test(trailing_furniture_is_dropped_subheadings_kept),
        cmocka_unit_test(no_sentence_end_means_no_trailing_rule),
        cmocka_unit_test(bylines_and_symbol_lines_split_blocks),
        cmocka_unit_test(empty_and_all_furniture_documents),
        cmocka_unit_test(headline_is_not_a_byline_or_trailer),
        cmocka_unit_test(body_repeating_the_headline_loses_the_repeat),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
