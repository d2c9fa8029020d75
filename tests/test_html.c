/* test_html.c - unit tests for article extraction from HTML (read_html.c,
 * html_ld.c, extract.c): the content score, hints that only adjust it,
 * JSON-LD and the page's date, deep nesting and oversized paragraphs. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "text/text.h"

#include <stdlib.h>
#include <string.h>

/* Extract html (NUL-terminated) through the public entry point. */
static parley_doc *extract(const char *html)
{
    parley_doc *doc = NULL;
    const char *why = NULL;
    assert_int_equal(parley_html_extract(html, strlen(html), NULL, "t.html", &doc, &why),
                     PARLEY_OK);
    return doc;
}

/* The body blocks of doc joined by " | " (static buffer; long blocks are
 * shortened to their first 200 bytes). */
static const char *body(const parley_doc *doc)
{
    static char buf[1 << 16];
    size_t o = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < parley_doc_block_count(doc); i++) {
        size_t s, e;
        int kind;
        assert_int_equal(parley_doc_block(doc, i, &s, &e, &kind), PARLEY_OK);
        if (kind != PARLEY_BLOCK_BODY)
            continue;
        size_t n = e - s > 200 ? 200 : e - s;
        o += (size_t)snprintf(buf + o, sizeof buf - o, "%s%.*s", o ? " | " : "", (int)n,
                              parley_doc_text(doc, NULL) + s);
        assert_true(o < sizeof buf);
    }
    return buf;
}

static const char para1[] = "<p>Rebels seized the town of X on Tuesday, officials said, after a "
                            "week of fighting in the hills.</p>";
static const char para2[] = "<p>The army withdrew its troops to the river and asked for talks "
                            "with the rebel leaders.</p>";
static const char nav[] = "<div><a href=/>Home</a> <a href=/w>World news and more</a> "
                          "<a href=/s>Sport and other sections</a></div>";

static void class_word_never_drops_most_of_the_page(void **state)
{
    (void)state;
    /* Blogger's "widget Blog" and a layout class around the article */
    char html[2048];
    snprintf(html, sizeof html,
             "<html><body>%s<div class=\"widget Blog\"><div class=\"content-with-sidebar-wrp\">"
             "%s%s</div></div><div class=\"sidebar\"><p>Short side note here for all "
             "readers.</p></div></body></html>",
             nav, para1, para2);
    parley_doc *doc = extract(html);
    assert_non_null(doc);
    assert_non_null(strstr(body(doc), "Rebels seized"));
    assert_non_null(strstr(body(doc), "The army withdrew"));
    assert_null(strstr(body(doc), "side note"));
    assert_null(strstr(body(doc), "Home"));
    parley_doc_free(doc);
}

static void whole_page_form_keeps_its_article(void **state)
{
    (void)state;
    char html[2048];
    snprintf(html, sizeof html,
             "<html><body><form id=\"aspnetForm\">%s<div>%s%s</div></form></body></html>", nav,
             para1, para2);
    parley_doc *doc = extract(html);
    assert_non_null(doc);
    assert_non_null(strstr(body(doc), "Rebels seized"));
    assert_non_null(strstr(body(doc), "The army withdrew"));
    parley_doc_free(doc);
}

static void lists_tables_and_second_sections_are_kept(void **state)
{
    (void)state;
    char html[4096];
    snprintf(html, sizeof html,
             "<html><body>%s<article><div class=\"part\">%s<ul><li>First, the town hall was "
             "taken by the rebels.</li><li>Second, the bridge was closed to all traffic.</li>"
             "</ul></div><div class=\"ad\"><a href=/x>Buy now</a></div><div class=\"part\">"
             "<table><tr><td>Casualties were reported in three villages near the "
             "border.</td></tr></table>%s</div></article></body></html>",
             nav, para1, para2);
    parley_doc *doc = extract(html);
    assert_non_null(doc);
    const char *b = body(doc);
    assert_non_null(strstr(b, "Rebels seized"));
    assert_non_null(strstr(b, "First, the town hall"));
    assert_non_null(strstr(b, "Casualties were reported"));
    assert_non_null(strstr(b, "The army withdrew"));
    assert_null(strstr(b, "Buy now"));
    parley_doc_free(doc);
}

static void the_article_with_most_text_wins_and_teasers_go(void **state)
{
    (void)state;
    char html[4096];
    snprintf(html, sizeof html,
             "<html><body><article><h2><a href=/o>Other story</a></h2><p>A teaser that is "
             "short.</p></article><article><h1>Town falls</h1>%s%s</article><ul>"
             "<li><a href=/a>Floods hit the north</a> Thousands were evacuated on Sunday "
             "as the river rose and ...</li><li><a href=/b>Prices rise again</a> Inflation "
             "reached a new high in May as fuel costs went up and ...</li></ul></body></html>",
             para1, para2);
    parley_doc *doc = extract(html);
    assert_non_null(doc);
    assert_string_equal(parley_doc_title(doc), "Town falls");
    const char *b = body(doc);
    assert_non_null(strstr(b, "Rebels seized"));
    assert_null(strstr(b, "teaser"));
    assert_null(strstr(b, "evacuated"));
    parley_doc_free(doc);
}

static void json_ld_gives_headline_date_and_body(void **state)
{
    (void)state;
    /* raw newlines inside a JSON string (invalid JSON, common in pages) */
    const char html[] =
        "<html><head><script type=\"application/ld+json\">{\"@context\":\"https://schema.org\","
        "\"@graph\":[{\"@type\":\"WebSite\",\"name\":\"X\"},{\"@type\":[\"NewsArticle\"],"
        "\"headline\":\"Rebels take X\",\"datePublished\":\"2019-11-19T08:57:40+01:00\","
        "\"articleBody\":\"Rebels seized the town.\nThe army withdrew.\"}]}</script></head>"
        "<body><div id=app></div></body></html>";
    parley_doc *doc = extract(html);
    assert_non_null(doc);
    assert_string_equal(parley_doc_title(doc), "Rebels take X");
    assert_string_equal(parley_doc_date(doc), "2019-11-19");
    assert_string_equal(body(doc), "Rebels seized the town. | The army withdrew.");
    parley_doc_free(doc);
}

static void date_from_meta_then_time_element(void **state)
{
    (void)state;
    char html[2048];
    snprintf(html, sizeof html,
             "<html><head><meta property=\"article:published_time\" "
             "content=\"2020-02-29T10:00:00Z\"></head><body><article>%s%s</article></body>"
             "</html>",
             para1, para2);
    parley_doc *doc = extract(html);
    assert_string_equal(parley_doc_date(doc), "2020-02-29");
    parley_doc_free(doc);
    /* no meta: the <time> inside the article beats one in the page header */
    snprintf(html, sizeof html,
             "<html><body><div class=top><time datetime=\"2001-01-01\">today</time></div>"
             "<article><time datetime=\"2023-06-14T09:00\">June 14</time>%s%s</article>"
             "</body></html>",
             para1, para2);
    doc = extract(html);
    assert_string_equal(parley_doc_date(doc), "2023-06-14");
    parley_doc_free(doc);
    /* an invalid date is no date */
    snprintf(html, sizeof html,
             "<html><head><meta name=\"date\" content=\"2023-99-99\"></head><body>%s</body>"
             "</html>",
             para1);
    doc = extract(html);
    assert_string_equal(parley_doc_date(doc), "");
    parley_doc_free(doc);
}

static void dates_as_pages_write_them(void **state)
{
    (void)state;
    static const char *const good[][2] = {
        {"2019-11-19T08:57:40+01:00", "2019-11-19"},
        {"2019/11/19", "2019-11-19"},
        {"November 19, 2019, 07:47 PM EST", "2019-11-19"},
        {"Tue Nov 19 2019 05:44:06 GMT+0000", "2019-11-19"},
        {"19 Sept 2018", "2018-09-19"},
        {"2020 Feb 29", "2020-02-29"},
        {"Updated 11:21 pm CST, Tuesday, November 19, 2019", "2019-11-19"},
    };
    char out[11];
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        assert_true(pl_html_date(good[i][0], out));
        assert_string_equal(out, good[i][1]);
    }
    static const char *const bad[] = {"2019-02-29", "Market 12, 2019", "11/19",
                                      "yesterday",  "Feb 30 2020",     ""};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_false(pl_html_date(bad[i], out));
    assert_false(pl_html_date(NULL, out));
    assert_true(pl_url_date("https://www.vox.com/science/2019/11/8/20948348/x", out));
    assert_string_equal(out, "2019-11-08");
    assert_true(pl_url_date("https://x.com/news/2019/11/19/story.html", out));
    assert_string_equal(out, "2019-11-19");
    assert_true(pl_url_date("https://www.politifact.com/wv/2019/nov/18/david/", out));
    assert_string_equal(out, "2019-11-18");
    assert_true(pl_url_date("https://x.com/story-2018-08-02-x", out));
    assert_string_equal(out, "2018-08-02");
    assert_false(pl_url_date("https://x.com/item/123456/7890", out));
    assert_false(pl_url_date("https://2019-11-19.example.com/", out));
}

static void datelines_go_sentences_with_dates_stay(void **state)
{
    (void)state;
    char html[2048];
    snprintf(html, sizeof html,
             "<html><body><article><div>November 20, 2019 Jane Doe</div><div>Updated 11:21 pm "
             "CST, Tuesday, November 19, 2019</div>%s<p>By May 2019, the army had left.</p>"
             "<p>18 NOV 2019</p>%s</article></body></html>",
             para1, para2);
    parley_doc *doc = extract(html);
    assert_non_null(doc);
    const char *b = body(doc);
    assert_null(strstr(b, "Jane Doe"));
    assert_null(strstr(b, "Updated"));
    assert_null(strstr(b, "18 NOV"));
    assert_non_null(strstr(b, "By May 2019, the army had left."));
    assert_non_null(strstr(b, "The army withdrew"));
    /* no date elsewhere on the page: the dateline's */
    assert_string_equal(parley_doc_date(doc), "2019-11-20");
    parley_doc_free(doc);
}

static void gallery_counters_credits_and_bare_urls_go(void **state)
{
    (void)state;
    char html[2048];
    snprintf(html, sizeof html,
             "<html><body><article><div>Image 1 of / 8</div><p>Photo: Hau Dinh, AP</p>"
             "<div>Caption</div><p>https://example.com/news/story-123.php</p>%s<p>1 of 3</p>"
             "<p>[button link=\"/submit/\" type=\"big\"] Send us YOUR review[/button]</p>"
             "<p>Photo exhibitions opened in Paris on Monday, officials said.</p>%s</article>"
             "</body></html>",
             para1, para2);
    parley_doc *doc = extract(html);
    assert_non_null(doc);
    const char *b = body(doc);
    assert_null(strstr(b, "Image 1"));
    assert_null(strstr(b, "Hau Dinh"));
    assert_null(strstr(b, "Caption"));
    assert_null(strstr(b, "https://"));
    assert_null(strstr(b, "1 of 3"));
    assert_null(strstr(b, "button"));
    assert_non_null(strstr(b, "Photo exhibitions opened"));
    assert_non_null(strstr(b, "Rebels seized"));
    parley_doc_free(doc);
}

/* A page with the article nested depth levels deep. */
static char *deep_page(size_t depth)
{
    size_t cap = depth * 11 + 512;
    char *p = malloc(cap);
    assert_non_null(p);
    size_t o = (size_t)snprintf(p, cap, "<html><body>");
    for (size_t i = 0; i < depth; i++)
        o += (size_t)snprintf(p + o, cap - o, "<div>");
    o += (size_t)snprintf(p + o, cap - o, "%s%s", para1, para2);
    for (size_t i = 0; i < depth; i++)
        o += (size_t)snprintf(p + o, cap - o, "</div>");
    snprintf(p + o, cap - o, "</body></html>");
    return p;
}

static void deep_nesting_keeps_the_article(void **state)
{
    (void)state;
    /* 300: past libxml2's default limit of 256; 6000: past the walk's
     * HX_MAX_DEPTH (4096), flattened but its text kept */
    const size_t depths[] = {300, 6000};
    for (size_t k = 0; k < 2; k++) {
        char *p = deep_page(depths[k]);
        parley_doc *doc = extract(p);
        assert_non_null(doc);
        assert_non_null(strstr(body(doc), "Rebels seized"));
        assert_non_null(strstr(body(doc), "The army withdrew"));
        parley_doc_free(doc);
        free(p);
    }
}

static void paragraph_over_one_megabyte_is_cut(void **state)
{
    (void)state;
    /* 2 MB of two-byte characters: the cut must fall between characters */
    size_t big = (size_t)2 << 20;
    char *p = malloc(big + big / 40 + 1024);
    assert_non_null(p);
    size_t o = (size_t)sprintf(p, "<html><body><h1>Long</h1>%s<p>", para1);
    for (size_t i = 0; i < big / 2; i++) {
        p[o++] = (char)0xC3;
        p[o++] = (char)0xA9;
        if (i % 40 == 39)
            p[o++] = ' ';
    }
    o += (size_t)sprintf(p + o, ".</p>%s</body></html>", para2);
    parley_doc *doc = NULL;
    const char *why = NULL;
    assert_int_equal(parley_html_extract(p, o, "utf-8", "big.html", &doc, &why), PARLEY_OK);
    assert_non_null(doc);
    size_t nbody = 0, longest = 0;
    for (size_t i = 0; i < doc->nblocks; i++) {
        if (doc->blocks[i].kind != PL_BLOCK_BODY)
            continue;
        nbody++;
        size_t n = doc->blocks[i].end - doc->blocks[i].start;
        longest = n > longest ? n : longest;
    }
    assert_int_equal(nbody, 3);
    assert_true(longest <= ((size_t)1 << 20));
    assert_true(longest > ((size_t)1 << 20) - 64);
    for (size_t i = 0; i < doc->text_len;) {
        size_t l = pl_utf8_valid_len((const unsigned char *)doc->text + i, doc->text_len - i);
        assert_true(l > 0);
        i += l;
    }
    assert_int_equal(doc->utf8_repairs, 0);
    assert_non_null(strstr(body(doc), "The army withdrew"));
    parley_doc_free(doc);
    free(p);
}

static void no_article_and_bad_arguments(void **state)
{
    (void)state;
    parley_doc *doc = (parley_doc *)1;
    const char *why = NULL;
    const char html[] = "<html><body><nav><a href=/>Home</a></nav></body></html>";
    assert_int_equal(parley_html_extract(html, sizeof html - 1, NULL, NULL, &doc, &why), PARLEY_OK);
    assert_null(doc);
    assert_string_equal(why, "no_body");
    assert_int_equal(parley_html_extract(NULL, 5, NULL, NULL, &doc, &why), PARLEY_ERR_ARG);
    assert_int_equal(parley_html_extract(html, 0, NULL, NULL, NULL, &why), PARLEY_ERR_ARG);
    assert_int_equal(parley_doc_block_count(NULL), 0);
    assert_int_equal(parley_doc_block(NULL, 0, NULL, NULL, NULL), PARLEY_ERR_ARG);
}

int main(void)
{
    parley_set_log(NULL, NULL);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(class_word_never_drops_most_of_the_page),
        cmocka_unit_test(whole_page_form_keeps_its_article),
        cmocka_unit_test(lists_tables_and_second_sections_are_kept),
        cmocka_unit_test(the_article_with_most_text_wins_and_teasers_go),
        cmocka_unit_test(json_ld_gives_headline_date_and_body),
        cmocka_unit_test(date_from_meta_then_time_element),
        cmocka_unit_test(dates_as_pages_write_them),
        cmocka_unit_test(datelines_go_sentences_with_dates_stay),
        cmocka_unit_test(gallery_counters_credits_and_bare_urls_go),
        cmocka_unit_test(deep_nesting_keeps_the_article),
        cmocka_unit_test(paragraph_over_one_megabyte_is_cut),
        cmocka_unit_test(no_article_and_bad_arguments),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
