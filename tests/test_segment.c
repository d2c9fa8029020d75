/* test_segment.c - unit tests for the sentence splitter (src/text/segment*.c):
 * abbreviations, initials, decimals, quotes, brackets, line breaks, blocks. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/core.h"

#include <stdio.h>
#include <string.h>

/* Segment text and return its sentences joined by " | " (each sentence's
 * text span), in a static buffer. */
static const char *sents(const char *text)
{
    static char out[4096];
    parley_doc *doc;
    assert_int_equal(parley_doc_new("t", NULL, text, strlen(text), &doc), PARLEY_OK);
    assert_int_equal(parley_doc_segment(doc), PARLEY_OK);
    size_t o = 0;
    out[0] = '\0';
    for (size_t i = 0; i < parley_doc_sentence_count(doc); i++) {
        size_t s, e;
        assert_int_equal(parley_doc_sentence_span(doc, i, &s, &e), PARLEY_OK);
        o += (size_t)snprintf(out + o, sizeof out - o, "%s%.*s", i ? " | " : "", (int)(e - s),
                              text + s);
    }
    parley_doc_free(doc);
    return out;
}

static void splits_simple_sentences(void **state)
{
    (void)state;
    assert_string_equal(sents("He left. She stayed! Why? Nobody knows."),
                        "He left. | She stayed! | Why? | Nobody knows.");
}

static void abbreviations_do_not_end_sentences(void **state)
{
    (void)state;
    assert_string_equal(sents("Gen. Smith met Mr. Jones and Dr. Lee in the U.S. capital."),
                        "Gen. Smith met Mr. Jones and Dr. Lee in the U.S. capital.");
    assert_string_equal(sents("It opened at 9 a.m. on Jan. 5 at No. 10 Downing St. in London."),
                        "It opened at 9 a.m. on Jan. 5 at No. 10 Downing St. in London.");
    assert_string_equal(sents("He moved to the U.S. The move was hard."),
                        "He moved to the U.S. | The move was hard.");
}

static void initials_and_decimals(void **state)
{
    (void)state;
    assert_string_equal(sents("J. R. R. Tolkien wrote it. Growth was 3.5 percent."),
                        "J. R. R. Tolkien wrote it. | Growth was 3.5 percent.");
}

static void quotes_and_brackets_follow_the_period(void **state)
{
    (void)state;
    assert_string_equal(sents("\"We will win.\" He smiled. (It was late.) Then he left."),
                        "\"We will win.\" | He smiled. | (It was late.) | Then he left.");
    assert_string_equal(sents("\xE2\x80\x9CNo way!\xE2\x80\x9D she said."),
                        "\xE2\x80\x9CNo way!\xE2\x80\x9D she said.");
}

static void line_breaks(void **state)
{
    (void)state;
    assert_string_equal(sents("Headline here\n\nBody starts. Ends."),
                        "Headline here | Body starts. | Ends.");
    assert_string_equal(sents("a line that is\nwrapped goes on."),
                        "a line that is\nwrapped goes on.");
}

static void sentences_never_cross_blocks(void **state)
{
    (void)state;
    parley_doc *doc = pl_doc_create();
    assert_non_null(doc);
    const char *t = "Mr. Smith said Dr. Jones";
    assert_int_equal(pl_doc_set_text(doc, t, strlen(t)), PARLEY_OK);
    assert_int_equal(pl_doc_add_block(doc, 0, 14, PL_BLOCK_HEADLINE), PARLEY_OK);
    assert_int_equal(pl_doc_add_block(doc, 15, (uint32_t)strlen(t), PL_BLOCK_BODY), PARLEY_OK);
    assert_int_equal(parley_doc_segment(doc), PARLEY_OK);
    assert_int_equal(parley_doc_sentence_count(doc), 2);
    assert_int_equal(doc->sents[0].block, 0);
    assert_int_equal(doc->sents[1].block, 1);
    assert_int_equal(doc->sents[1].start, 15);
    /* segmenting again gives the same result, not twice as much */
    assert_int_equal(parley_doc_segment(doc), PARLEY_OK);
    assert_int_equal(parley_doc_sentence_count(doc), 2);
    assert_int_equal(parley_doc_word_count(doc), 5);
    parley_doc_free(doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(splits_simple_sentences),
        cmocka_unit_test(abbreviations_do_not_end_sentences),
        cmocka_unit_test(initials_and_decimals),
        cmocka_unit_test(quotes_and_brackets_follow_the_period),
        cmocka_unit_test(line_breaks),
        cmocka_unit_test(sentences_never_cross_blocks),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
