/* test_ingest.c - unit tests for the readers in src/text: plain text,
 * JSON Lines, HTML, WARC (plain and gzipped, whole and truncated), format
 * detection and input accounting. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "text/text.h"

#include <stdlib.h>
#include <string.h>
#include <zlib.h>

/* ---------------------------------------------------------------------- */
/* Helpers */

/* Warnings captured from the log callback, joined by newlines. */
static char warnings[8192];

static void capture(void *user, const char *msg)
{
    (void)user;
    size_t n = strlen(warnings);
    snprintf(warnings + n, sizeof warnings - n, "%s\n", msg);
}

static int setup(void **state)
{
    (void)state;
    warnings[0] = '\0';
    parley_set_log(capture, NULL);
    return 0;
}

/* A reader over a copy of data (n bytes) named name. The FILE is owned by
 * the reader; the copy is freed by the caller via *mem. */
static parley_reader *mem_reader(const void *data, size_t n, const char *name,
                                 parley_input_format fmt, parley_stats *stats, char **mem)
{
    *mem = malloc(n ? n : 1);
    memcpy(*mem, data, n);
    FILE *f = fmemopen(*mem, n, "r");
    assert_non_null(f);
    parley_reader *r;
    assert_int_equal(pl_reader_from_file(f, true, name, fmt, stats, &r), PARLEY_OK);
    return r;
}

/* The text of block i of doc, copied into a static buffer. */
static const char *block_text(const parley_doc *doc, size_t i)
{
    static char buf[4096];
    assert_true(i < doc->nblocks);
    size_t n = doc->blocks[i].end - doc->blocks[i].start;
    if (n >= sizeof buf)
        n = sizeof buf - 1;
    memcpy(buf, doc->text + doc->blocks[i].start, n);
    buf[n] = '\0';
    return buf;
}

/* Does any block of doc contain needle? */
static bool in_blocks(const parley_doc *doc, const char *needle)
{
    for (size_t i = 0; i < doc->nblocks; i++)
        if (strstr(block_text(doc, i), needle))
            return true;
    return false;
}

/* ---------------------------------------------------------------------- */
/* Format names and detection */

static void format_names_and_extensions(void **state)
{
    (void)state;
    parley_input_format f;
    assert_int_equal(parley_input_format_from_name("jsonl", &f), PARLEY_OK);
    assert_int_equal(f, PARLEY_INPUT_JSONL);
    assert_int_equal(parley_input_format_from_name("WARC", &f), PARLEY_OK);
    assert_int_equal(f, PARLEY_INPUT_WARC);
    assert_int_equal(parley_input_format_from_name("pdf", &f), PARLEY_ERR_ARG);
    assert_non_null(strstr(parley_errmsg(), "pdf"));
    assert_int_equal(parley_input_format_from_name(NULL, &f), PARLEY_ERR_ARG);

    static const struct {
        const char *name;
        parley_input_format fmt;
    } cases[] = {{"a/b.txt", PARLEY_INPUT_TEXT},   {"x.jsonl", PARLEY_INPUT_JSONL},
                 {"x.NDJSON", PARLEY_INPUT_JSONL}, {"p.html", PARLEY_INPUT_HTML},
                 {"p.htm", PARLEY_INPUT_HTML},     {"c.warc", PARLEY_INPUT_WARC},
                 {"c.warc.gz", PARLEY_INPUT_WARC}, {"-", PARLEY_INPUT_TEXT},
                 {"noext", PARLEY_INPUT_TEXT}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *mem;
        parley_reader *r = mem_reader("", 0, cases[i].name, PARLEY_INPUT_AUTO, NULL, &mem);
        assert_int_equal(r->fmt, cases[i].fmt);
        parley_reader_free(r);
        free(mem);
    }
    char base[64];
    pl_base_name("dir/000_08cbce3970801ee0.txt", base, sizeof base);
    assert_string_equal(base, "000_08cbce3970801ee0");
    pl_base_name("CC-NEWS-2023.warc.gz", base, sizeof base);
    assert_string_equal(base, "CC-NEWS-2023");
    pl_base_name("-", base, sizeof base);
    assert_string_equal(base, "stdin");
}

static void dates_are_validated(void **state)
{
    (void)state;
    char d[11];
    assert_true(pl_parse_date("2023-06-14", 10, d));
    assert_string_equal(d, "2023-06-14");
    assert_true(pl_parse_date("2024-02-29T10:00:00Z", 20, d));
    assert_string_equal(d, "2024-02-29");
    assert_false(pl_parse_date("2023-02-29", 10, d));
    assert_false(pl_parse_date("2023-13-01", 10, d));
    assert_false(pl_parse_date("2023-6-14", 9, d));
    assert_false(pl_parse_date("14/06/2023", 10, d));
    assert_false(pl_parse_date("2023-06-14x", 11, d));
    assert_false(pl_parse_date("2023-04-31", 10, d));
}

/* ---------------------------------------------------------------------- */
/* Plain text */

static void text_headline_paragraphs_and_furniture(void **state)
{
    (void)state;
    const char in[] = "\n  Army Withdraws From Border Town\n\n"
                      "The army withdrew on Monday. Officials confirmed it.\n\n"
                      "Talks resume\n\n"
                      "Both sides met in Geneva on Tuesday.\n\n"
                      "Jane Roe\n\nRead More \xE2\x86\x92\n\nLeave a Reply\n";
    char *mem;
    parley_stats *stats;
    assert_int_equal(parley_stats_new(&stats), PARLEY_OK);
    parley_reader *r = mem_reader(in, sizeof in - 1, "news/a1.txt", PARLEY_INPUT_AUTO, stats, &mem);
    parley_doc *doc;
    assert_int_equal(parley_reader_next(r, &doc), PARLEY_OK);
    assert_string_equal(parley_doc_id(doc), "a1");
    assert_string_equal(parley_doc_title(doc), "Army Withdraws From Border Town");
    assert_int_equal(doc->nblocks, 4);
    assert_int_equal(doc->blocks[0].kind, PL_BLOCK_HEADLINE);
    assert_string_equal(block_text(doc, 0), "Army Withdraws From Border Town");
    assert_string_equal(block_text(doc, 1), "The army withdrew on Monday. Officials confirmed it.");
    assert_string_equal(block_text(doc, 2), "Talks resume");
    assert_int_equal(doc->blocks[2].kind, PL_BLOCK_BODY);
    assert_string_equal(block_text(doc, 3), "Both sides met in Geneva on Tuesday.");
    /* the text is the file itself: offsets index the original bytes */
    assert_int_equal(doc->text_len, sizeof in - 1);
    parley_doc_free(doc);
    assert_int_equal(parley_reader_next(r, &doc), PARLEY_END);
    assert_null(doc);
    parley_reader_free(r);
    free(mem);
    char want[160];
    snprintf(want, sizeof want,
             "{\"records_read\":1,\"processed\":1,\"skipped\":{},\"bytes\":%zu,"
             "\"utf8_repairs\":0,\"repaired\":{}}",
             sizeof in - 1);
    assert_string_equal(parley_stats_json(stats), want);
    parley_stats_free(stats);
}

static void text_invalid_utf8_is_repaired_and_counted(void **state)
{
    (void)state;
    const char in[] = "Title\n\nCaf\xE9 owners protested in Paris.\n";
    char *mem;
    parley_stats *stats;
    assert_int_equal(parley_stats_new(&stats), PARLEY_OK);
    parley_reader *r = mem_reader(in, sizeof in - 1, "x.txt", PARLEY_INPUT_TEXT, stats, &mem);
    parley_doc *doc;
    assert_int_equal(parley_reader_next(r, &doc), PARLEY_OK);
    assert_string_equal(block_text(doc, 1), "Caf\xEF\xBF\xBD owners protested in Paris.");
    assert_int_equal(doc->utf8_repairs, 1);
    assert_non_null(strstr(warnings, "x.txt: 1 invalid UTF-8 byte replaced"));
    assert_non_null(strstr(parley_stats_json(stats), "\"utf8_repairs\":1"));
    parley_doc_free(doc);
    parley_reader_free(r);
    free(mem);
    parley_stats_free(stats);
}

static void byte_order_marks_are_not_text(void **state)
{
    (void)state;
    char *mem;
    const char txt[] = "\xEF\xBB\xBFTitle\n\nBody text.";
    parley_reader *r = mem_reader(txt, sizeof txt - 1, "b.txt", PARLEY_INPUT_AUTO, NULL, &mem);
    parley_doc *doc;
    assert_int_equal(parley_reader_next(r, &doc), PARLEY_OK);
    assert_string_equal(parley_doc_title(doc), "Title");
    assert_string_equal(doc->text, "Title\n\nBody text.");
    parley_doc_free(doc);
    parley_reader_free(r);
    free(mem);
    const char js[] = "\xEF\xBB\xBF{\"text\":\"Body text.\"}\n";
    r = mem_reader(js, sizeof js - 1, "b.jsonl", PARLEY_INPUT_AUTO, NULL, &mem);
    assert_int_equal(parley_reader_next(r, &doc), PARLEY_OK);
    assert_string_equal(doc->text, "Body text.");
    assert_string_equal(parley_doc_id(doc), "b:1");
    parley_doc_free(doc);
    parley_reader_free(r);
    free(mem);
}

static void text_empty_file_is_skipped(void **state)
{
    (void)state;
    char *mem;
    parley_stats *stats;
    assert_int_equal(parley_stats_new(&stats), PARLEY_OK);
    parley_reader *r = mem_reader(" \n\n\t\n", 5, "e.txt", PARLEY_INPUT_TEXT, stats, &mem);
    parley_doc *doc;
    assert_int_equal(parley_reader_next(r, &doc), PARLEY_END);
    assert_non_null(strstr(warnings, "e.txt: no text"));
    assert_non_null(strstr(parley_stats_json(stats), "\"skipped\":{\"empty\":1}"));
    assert_int_equal(parley_stats_bad_input(stats), 0);
    parley_reader_free(r);
    free(mem);
    parley_stats_free(stats);
}

static void text_seed_article_keeps_body_drops_footer(void **state)
{
    (void)state;
    parley_reader *r;
    /* unit tests run from the repository root */
    assert_int_equal(
        parley_reader_open("examples/000_08cbce3970801ee0.txt", PARLEY_INPUT_AUTO, NULL, &r),
        PARLEY_OK);
    parley_doc *doc;
    assert_int_equal(parley_reader_next(r, &doc), PARLEY_OK);
    assert_string_equal(parley_doc_id(doc), "000_08cbce3970801ee0");
    assert_int_equal(doc->blocks[0].kind, PL_BLOCK_HEADLINE);
    assert_string_equal(block_text(doc, 0), "US Secretary of State Anrthony Blinken will make up "
                                            "for a visit to China at the end of the week");
    assert_true(in_blocks(doc, "US-China relations strained over list of issues"));
    assert_true(in_blocks(doc, "Military aircraft from both countries over the South China "
                               "Sea sparked new discussions"));
    assert_true(in_blocks(doc, "are also causing disputes between the two sides."));
    assert_true(in_blocks(doc, "He was responding to reports in the Wall Street Journal."));
    assert_false(in_blocks(doc, "Hank Peter"));
    assert_false(in_blocks(doc, "Learn More"));
    assert_false(in_blocks(doc, "Leave a Reply"));
    assert_false(in_blocks(doc, "email address"));
    assert_false(in_blocks(doc, "Required fields"));
    /* headline, 9 paragraphs and 2 subheadings */
    assert_int_equal(doc->nblocks, 12);
    parley_doc_free(doc);
    parley_reader_free(r);
}

static void open_missing_file_names_it(void **state)
{
    (void)state;
    parley_reader *r;
    assert_int_equal(parley_reader_open("/nonexistent/x.jsonl", PARLEY_INPUT_AUTO, NULL, &r),
                     PARLEY_ERR_IO);
    assert_null(r);
    assert_non_null(strstr(parley_errmsg(), "/nonexistent/x.jsonl"));
}

/* ---------------------------------------------------------------------- */
/* JSON Lines */

static void jsonl_reads_fields_and_skips_bad_lines(void **state)
{
    (void)state;
    const char in[] =
        "{\"id\":\"a\",\"date\":\"2023-06-14\",\"title\":\"Talks in Geneva\","
        "\"text\":\"Both sides met.\\n\\nThey agreed.\",\"url\":\"http://x/a\",\"source\":\"X\"}\n"
        "{\"id\":\"b\",\"text\":\"broken\"\n"
        "\n"
        "{\"id\":\"c\",\"title\":\"only a title\"}\n"
        "[1,2]\n"
        "{\"id\":7,\"date\":\"2023-02-30\",\"text\":\"Caf\xE9 talks ended.\"}\n";
    char *mem;
    parley_stats *stats;
    assert_int_equal(parley_stats_new(&stats), PARLEY_OK);
    parley_reader *r = mem_reader(in, sizeof in - 1, "feed.jsonl", PARLEY_INPUT_AUTO, stats, &mem);
    parley_doc *doc;
    assert_int_equal(parley_reader_next(r, &doc), PARLEY_OK);
    assert_string_equal(parley_doc_id(doc), "a");
    assert_string_equal(parley_doc_date(doc), "2023-06-14");
    assert_string_equal(parley_doc_title(doc), "Talks in Geneva");
    assert_string_equal(parley_doc_url(doc), "http://x/a");
    assert_string_equal(parley_doc_source(doc), "X");
    assert_string_equal(doc->text, "Talks in Geneva\n\nBoth sides met.\n\nThey agreed.");
    assert_int_equal(doc->nblocks, 3);
    assert_int_equal(doc->blocks[0].kind, PL_BLOCK_HEADLINE);
    assert_string_equal(block_text(doc, 2), "They agreed.");
    assert_int_equal(doc->record, 1);
    parley_doc_free(doc);

    assert_int_equal(parley_reader_next(r, &doc), PARLEY_OK);
    assert_string_equal(parley_doc_id(doc), "7");
    assert_string_equal(parley_doc_date(doc), "");
    assert_string_equal(parley_doc_title(doc), "");
    assert_string_equal(doc->text, "Caf\xEF\xBF\xBD talks ended.");
    assert_int_equal(doc->record, 6);
    parley_doc_free(doc);
    assert_int_equal(parley_reader_next(r, &doc), PARLEY_END);

    assert_non_null(strstr(warnings, "feed.jsonl:2: invalid JSON"));
    assert_non_null(strstr(warnings, "feed.jsonl:4: no \"text\" text"));
    assert_non_null(strstr(warnings, "feed.jsonl:5: not a JSON object"));
    assert_non_null(strstr(warnings, "feed.jsonl:6: invalid date \"2023-02-30\""));
    assert_non_null(strstr(warnings, "feed.jsonl:6: 1 invalid UTF-8 byte replaced"));
    char want[256];
    snprintf(want, sizeof want,
             "{\"records_read\":5,\"processed\":2,\"skipped\":{\"bad_json\":2,\"no_text\":1},"
             "\"bytes\":%zu,\"utf8_repairs\":1,\"repaired\":{\"date_invalid\":1}}",
             sizeof in - 1);
    assert_string_equal(parley_stats_json(stats), want);
    assert_int_equal(parley_stats_bad_input(stats), 3);
    parley_reader_free(r);
    free(mem);
    parley_stats_free(stats);
}

static void jsonl_field_mapping(void **state)
{
    (void)state;
    const char in[] = "{\"uid\":\"z1\",\"headline\":\"H\",\"body\":\"Rebels attacked.\","
                      "\"text\":\"wrong\",\"published\":\"2020-01-02T03:04:05\"}\n";
    char *mem;
    parley_reader *r = mem_reader(in, sizeof in - 1, "m.jsonl", PARLEY_INPUT_JSONL, NULL, &mem);
    assert_int_equal(parley_reader_map_field(r, "text", "body"), PARLEY_OK);
    assert_int_equal(parley_reader_map_field(r, "title", "headline"), PARLEY_OK);
    assert_int_equal(parley_reader_map_field(r, "id", "uid"), PARLEY_OK);
    assert_int_equal(parley_reader_map_field(r, "date", "published"), PARLEY_OK);
    assert_int_equal(parley_reader_map_field(r, "body", "x"), PARLEY_ERR_ARG);
    assert_non_null(strstr(parley_errmsg(), "body"));
    parley_doc *doc;
    assert_int_equal(parley_reader_next(r, &doc), PARLEY_OK);
    assert_string_equal(parley_doc_id(doc), "z1");
    assert_string_equal(parley_doc_date(doc), "2020-01-02");
    assert_string_equal(doc->text, "H\n\nRebels attacked.");
    parley_doc_free(doc);
    parley_reader_free(r);
    free(mem);
}

static void jsonl_huge_line_is_skipped_and_reader_goes_on(void **state)
{
    (void)state;
    size_t big = PL_JSONL_MAX_LINE + 100;
    size_t n = big + 200;
    char *in = malloc(n);
    size_t o = 0;
    o += (size_t)sprintf(in + o, "{\"text\":\"");
    memset(in + o, 'a', big);
    o += big;
    o += (size_t)sprintf(in + o, "\"}\n{\"id\":\"ok\",\"text\":\"Troops left.\"}\n");
    char *mem;
    parley_stats *stats;
    assert_int_equal(parley_stats_new(&stats), PARLEY_OK);
    parley_reader *r = mem_reader(in, o, "huge.jsonl", PARLEY_INPUT_JSONL, stats, &mem);
    free(in);
    parley_doc *doc;
    assert_int_equal(parley_reader_next(r, &doc), PARLEY_OK);
    assert_string_equal(parley_doc_id(doc), "ok");
    assert_int_equal(doc->record, 2);
    parley_doc_free(doc);
    assert_int_equal(parley_reader_next(r, &doc), PARLEY_END);
    assert_non_null(strstr(warnings, "huge.jsonl:1: line longer than"));
    assert_non_null(strstr(parley_stats_json(stats), "\"skipped\":{\"too_large\":1}"));
    assert_non_null(strstr(parley_stats_json(stats), "\"records_read\":2,\"processed\":1"));
    parley_reader_free(r);
    free(mem);
    parley_stats_free(stats);
}

/* ---------------------------------------------------------------------- */
/* HTML */

static const char page[] =
    "<!DOCTYPE html><html><head><title>Rebels seize town - Example News</title>"
    "<meta property=\"og:title\" content=\"Rebels seize town\">"
    "<meta property=\"article:published_time\" content=\"2023-06-14T08:00:00Z\">"
    "<link rel=\"canonical\" href=\"https://example.com/rebels\">"
    "<script>var x = \"<p>not text</p>\";</script></head>"
    "<body class=\"single has-sidebar\">"
    "<header><nav><a href=\"/\">Home</a></nav></header>"
    "<div class=\"main-nav\"><p>Top stories today and more links here for everyone</p></div>"
    "<article><header><h1>Rebels seize  border town</h1>"
    "<p class=\"byline\">By Jane Doe</p></header>"
    "<p>Rebels seized the town of X on Tuesday, officials said.</p>"
    "<div class=\"share-buttons\"><p>Share on Facebook</p></div>"
    "<p>The army <a href=\"#\">withdrew</a> its troops.<br>Talks are planned.</p>"
    "<h2>Talks planned</h2>"
    "<p>Both sides will meet in Geneva &amp; Paris next week.</p>"
    "<p>By John Smith</p>"
    "<aside><p>Related: Earlier clashes in the region killed dozens of people.</p></aside>"
    "<section class=\"comments\"><p>Great article, thanks for sharing this!</p></section>"
    "</article>"
    "<footer><p>\xC2\xA9 2023 Example News. All rights reserved.</p></footer></body></html>";

static void html_article_headline_body_and_metadata(void **state)
{
    (void)state;
    char *mem;
    parley_reader *r =
        mem_reader(page, sizeof page - 1, "site/rebels.html", PARLEY_INPUT_AUTO, NULL, &mem);
    parley_doc *doc;
    assert_int_equal(parley_reader_next(r, &doc), PARLEY_OK);
    assert_string_equal(parley_doc_id(doc), "rebels");
    assert_string_equal(parley_doc_title(doc), "Rebels seize border town");
    assert_string_equal(parley_doc_date(doc), "2023-06-14");
    assert_string_equal(parley_doc_url(doc), "https://example.com/rebels");
    /* <br> separates paragraphs */
    assert_int_equal(doc->nblocks, 6);
    assert_int_equal(doc->blocks[0].kind, PL_BLOCK_HEADLINE);
    assert_string_equal(block_text(doc, 1),
                        "Rebels seized the town of X on Tuesday, officials said.");
    assert_string_equal(block_text(doc, 2), "The army withdrew its troops.");
    assert_string_equal(block_text(doc, 3), "Talks are planned.");
    assert_string_equal(block_text(doc, 4), "Talks planned");
    assert_string_equal(block_text(doc, 5), "Both sides will meet in Geneva & Paris next week.");
    assert_false(in_blocks(doc, "not text"));
    assert_false(in_blocks(doc, "Jane Doe"));
    assert_false(in_blocks(doc, "John Smith"));
    parley_doc_free(doc);
    assert_int_equal(parley_reader_next(r, &doc), PARLEY_END);
    parley_reader_free(r);
    free(mem);
}

static void html_without_article_uses_densest_element(void **state)
{
    (void)state;
    const char in[] = "<html><body><div id=\"sidebar\"><p>Most read stories of the week, "
                      "all of them in one long list for you.</p></div>"
                      "<div class=\"x\"><p>Floods hit the north on Sunday after days of rain.</p>"
                      "<p>Thousands were evacuated from the valley.</p></div></body></html>";
    char *mem;
    parley_reader *r = mem_reader(in, sizeof in - 1, "p.htm", PARLEY_INPUT_AUTO, NULL, &mem);
    parley_doc *doc;
    assert_int_equal(parley_reader_next(r, &doc), PARLEY_OK);
    assert_int_equal(doc->nblocks, 2);
    assert_string_equal(block_text(doc, 0), "Floods hit the north on Sunday after days of rain.");
    assert_string_equal(block_text(doc, 1), "Thousands were evacuated from the valley.");
    assert_string_equal(parley_doc_title(doc), "");
    parley_doc_free(doc);
    parley_reader_free(r);
    free(mem);
}

static void html_declared_charset_and_no_break_spaces(void **state)
{
    (void)state;
    const char in[] = "<html><head><meta charset=\"iso-8859-1\"><title>Caf\xe9</title></head>"
                      "<body><p>Caf\xe9 owners\xa0\xa0protested   in\nParis.</p></body></html>";
    char *mem;
    parley_reader *r = mem_reader(in, sizeof in - 1, "l1.html", PARLEY_INPUT_AUTO, NULL, &mem);
    parley_doc *doc;
    assert_int_equal(parley_reader_next(r, &doc), PARLEY_OK);
    assert_string_equal(parley_doc_title(doc), "Caf\xC3\xA9");
    assert_string_equal(block_text(doc, 1), "Caf\xC3\xA9 owners protested in Paris.");
    assert_int_equal(doc->utf8_repairs, 0);
    parley_doc_free(doc);
    parley_reader_free(r);
    free(mem);
}

static void html_text_in_divs_without_paragraphs(void **state)
{
    (void)state;
    const char in[] = "<html><head><title>Quake</title></head><body><div class=\"menu\">Home News "
                      "Sport Weather and a lot more links to other sections of the site</div>"
                      "<div class=\"content\">A strong earthquake struck the coast on Monday, "
                      "<b>officials</b> said.<br><br>Hundreds of buildings were damaged.<div "
                      "class=\"related\">Related: older quake stories from the last decade of "
                      "our archive here</div></div></body></html>";
    char *mem;
    parley_reader *r = mem_reader(in, sizeof in - 1, "div.html", PARLEY_INPUT_AUTO, NULL, &mem);
    parley_doc *doc;
    assert_int_equal(parley_reader_next(r, &doc), PARLEY_OK);
    assert_int_equal(doc->nblocks, 3);
    assert_string_equal(block_text(doc, 0), "Quake");
    assert_string_equal(block_text(doc, 1),
                        "A strong earthquake struck the coast on Monday, officials said.");
    assert_string_equal(block_text(doc, 2), "Hundreds of buildings were damaged.");
    parley_doc_free(doc);
    parley_reader_free(r);
    free(mem);
}

static void html_without_body_is_skipped(void **state)
{
    (void)state;
    static const char *const pages[] = {
        "<html><head><title>Home</title></head><body><nav><p>World</p></nav></body></html>", "",
        "\x01\x02\x03", "<p>Leave a Reply</p>"};
    for (size_t i = 0; i < sizeof pages / sizeof pages[0]; i++) {
        warnings[0] = '\0';
        char *mem;
        parley_stats *stats;
        assert_int_equal(parley_stats_new(&stats), PARLEY_OK);
        parley_reader *r =
            mem_reader(pages[i], strlen(pages[i]), "empty.html", PARLEY_INPUT_HTML, stats, &mem);
        parley_doc *doc;
        assert_int_equal(parley_reader_next(r, &doc), PARLEY_END);
        assert_null(doc);
        assert_non_null(strstr(warnings, "empty.html: no article text found (no_body)"));
        assert_non_null(strstr(parley_stats_json(stats), "\"skipped\":{\"no_body\":1}"));
        parley_reader_free(r);
        free(mem);
        parley_stats_free(stats);
    }
}

/* ---------------------------------------------------------------------- */
/* WARC */

/* A growing byte buffer for building WARC files in tests. */
typedef struct bytes {
    unsigned char *p;
    size_t n;
} bytes;

static void put(bytes *b, const void *p, size_t n)
{
    b->p = realloc(b->p, b->n + n + 1);
    memcpy(b->p + b->n, p, n);
    b->n += n;
}

/* One WARC record with an HTTP payload: head (HTTP headers) + body. */
static void warc_record(bytes *b, const char *type, const char *uri, const char *id,
                        const char *http, size_t http_n)
{
    char h[1024];
    int n = snprintf(h, sizeof h,
                     "WARC/1.0\r\nWARC-Type: %s\r\nWARC-Date: 2023-06-15T01:02:03Z\r\n"
                     "WARC-Record-ID: <urn:uuid:%s>\r\nWARC-Target-URI: %s\r\n"
                     "Content-Type: application/http; msgtype=%s\r\nContent-Length: %zu\r\n\r\n",
                     type, id, uri, type, http_n);
    put(b, h, (size_t)n);
    put(b, http, http_n);
    put(b, "\r\n\r\n", 4);
}

/* Compress src as one gzip member appended to out. */
static void gz_member(bytes *out, const bytes *src)
{
    z_stream zs;
    memset(&zs, 0, sizeof zs);
    assert_int_equal(deflateInit2(&zs, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY), Z_OK);
    size_t cap = deflateBound(&zs, (uLong)src->n) + 64;
    unsigned char *buf = malloc(cap);
    zs.next_in = src->p;
    zs.avail_in = (uInt)src->n;
    zs.next_out = buf;
    zs.avail_out = (uInt)cap;
    assert_int_equal(deflate(&zs, Z_FINISH), Z_STREAM_END);
    put(out, buf, cap - zs.avail_out);
    deflateEnd(&zs);
    free(buf);
}

static const char html_a[] = "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n"
                             "<html><head><title>Envoys meet</title></head><body><article>"
                             "<p>Envoys met in Vienna on Monday.</p></article></body></html>";
static const char html_b[] = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
                             "Transfer-Encoding: chunked\r\n\r\n"
                             "19\r\n<html><body><p>Rebels fir\r\n"
                             "25;ext=1\r\ned rockets at the base overnight.</p>\r\n"
                             "0\r\n\r\n";
static const char png[] = "HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\n\x89PNG";
static const char gone[] = "HTTP/1.1 404 Not Found\r\nContent-Type: text/html\r\n\r\n<html/>";

/* The test file: warcinfo, request, html_a, png, html_b, 404; each record
 * a gzip member when gz. Record i (0-based) starts at member_at[i]. */
static bytes make_warc(bool gz, size_t member_at[6])
{
    bytes out = {0};
    for (int i = 0; i < 6; i++) {
        bytes rec = {0};
        if (i == 0) {
            const char info[] = "WARC/1.0\r\nWARC-Type: warcinfo\r\nContent-Length: 5\r\n\r\n"
                                "x: y\n\r\n\r\n";
            put(&rec, info, sizeof info - 1);
        } else if (i == 1) {
            const char req[] = "GET / HTTP/1.1\r\n\r\n";
            warc_record(&rec, "request", "https://a.example/", "r1", req, sizeof req - 1);
        } else if (i == 2) {
            warc_record(&rec, "response", "https://a.example/", "r2", html_a, sizeof html_a - 1);
        } else if (i == 3) {
            warc_record(&rec, "response", "https://a.example/i.png", "r3", png, sizeof png - 1);
        } else if (i == 4) {
            warc_record(&rec, "response", "https://b.example/", "r4", html_b, sizeof html_b - 1);
        } else {
            warc_record(&rec, "response", "https://c.example/", "r5", gone, sizeof gone - 1);
        }
        if (member_at)
            member_at[i] = out.n;
        if (gz)
            gz_member(&out, &rec);
        else
            put(&out, rec.p, rec.n);
        free(rec.p);
    }
    return out;
}

static void warc_check_first_two(parley_reader *r)
{
    parley_doc *doc;
    assert_int_equal(parley_reader_next(r, &doc), PARLEY_OK);
    assert_string_equal(parley_doc_id(doc), "urn:uuid:r2");
    assert_string_equal(parley_doc_url(doc), "https://a.example/");
    assert_string_equal(parley_doc_date(doc), "2023-06-15");
    assert_string_equal(parley_doc_title(doc), "Envoys meet");
    assert_string_equal(block_text(doc, 1), "Envoys met in Vienna on Monday.");
    assert_int_equal(doc->record, 3);
    parley_doc_free(doc);
}

static void warc_gz_reads_responses_and_skips_the_rest(void **state)
{
    (void)state;
    for (int gz = 0; gz < 2; gz++) {
        bytes w = make_warc(gz, NULL);
        char *mem;
        parley_stats *stats;
        assert_int_equal(parley_stats_new(&stats), PARLEY_OK);
        parley_reader *r =
            mem_reader(w.p, w.n, gz ? "cc.warc.gz" : "cc.warc", PARLEY_INPUT_AUTO, stats, &mem);
        warc_check_first_two(r);
        parley_doc *doc;
        assert_int_equal(parley_reader_next(r, &doc), PARLEY_OK);
        assert_string_equal(parley_doc_id(doc), "urn:uuid:r4");
        assert_int_equal(doc->nblocks, 1);
        assert_string_equal(block_text(doc, 0), "Rebels fired rockets at the base overnight.");
        parley_doc_free(doc);
        assert_int_equal(parley_reader_next(r, &doc), PARLEY_END);
        assert_int_equal(parley_reader_next(r, &doc), PARLEY_END);
        char want[256];
        snprintf(
            want, sizeof want,
            "{\"records_read\":6,\"processed\":2,\"skipped\":{\"not_response\":2,"
            "\"not_html\":1,\"http_status\":1},\"bytes\":%zu,\"utf8_repairs\":0,\"repaired\":{}}",
            w.n);
        assert_string_equal(parley_stats_json(stats), want);
        assert_int_equal(parley_stats_bad_input(stats), 0);
        assert_string_equal(warnings, "");
        parley_reader_free(r);
        parley_stats_free(stats);
        free(mem);
        free(w.p);
    }
}

static void warc_truncated_gzip_keeps_earlier_records(void **state)
{
    (void)state;
    size_t at[6];
    bytes w = make_warc(true, at);
    /* cut in the middle of record 5's gzip member (html_b) */
    size_t cut = at[4] + (at[5] - at[4]) / 2;
    char *mem;
    parley_stats *stats;
    assert_int_equal(parley_stats_new(&stats), PARLEY_OK);
    parley_reader *r = mem_reader(w.p, cut, "cut.warc.gz", PARLEY_INPUT_AUTO, stats, &mem);
    warc_check_first_two(r);
    parley_doc *doc;
    assert_int_equal(parley_reader_next(r, &doc), PARLEY_ERR_TRUNCATED);
    assert_null(doc);
    const char *msg = parley_errmsg();
    assert_non_null(strstr(msg, "cut.warc.gz: record 5: gzip stream truncated at compressed "
                                "byte offset"));
    assert_non_null(strstr(msg, "earlier records were kept"));
    assert_int_equal(parley_reader_next(r, &doc), PARLEY_END);
    assert_non_null(strstr(parley_stats_json(stats), "\"truncated\":1"));
    assert_int_equal(parley_stats_bad_input(stats), 1);
    parley_reader_free(r);
    parley_stats_free(stats);
    free(mem);

    /* every cut point: never a crash, never a document after the cut */
    for (size_t n = 0; n < w.n; n += 7) {
        r = mem_reader(w.p, n, "cut.warc.gz", PARLEY_INPUT_WARC, NULL, &mem);
        parley_status st;
        int docs = 0;
        while ((st = parley_reader_next(r, &doc)) == PARLEY_OK) {
            docs++;
            parley_doc_free(doc);
        }
        assert_true(st == PARLEY_END || st == PARLEY_ERR_TRUNCATED || st == PARLEY_ERR_FORMAT);
        assert_true(docs <= 2);
        /* a cut in the last bytes of a member (end-of-block code and the
         * 8-byte gzip trailer) may still deliver all of the record */
        if (n >= at[3] && n + 16 < at[5])
            assert_int_equal(docs, 1);
        if (n >= at[5])
            assert_int_equal(docs, 2);
        parley_reader_free(r);
        free(mem);
    }
    free(w.p);
}

static void warc_truncated_plain_record_is_reported(void **state)
{
    (void)state;
    size_t at[6];
    bytes w = make_warc(false, at);
    size_t cut = at[4] + 300; /* inside record 5's block */
    char *mem;
    parley_reader *r = mem_reader(w.p, cut, "cut.warc", PARLEY_INPUT_AUTO, NULL, &mem);
    warc_check_first_two(r);
    parley_doc *doc;
    assert_int_equal(parley_reader_next(r, &doc), PARLEY_ERR_TRUNCATED);
    char want[160];
    snprintf(want, sizeof want,
             "cut.warc: record 5: file ends at byte offset %zu in the middle "
             "of its content block",
             cut);
    assert_non_null(strstr(parley_errmsg(), want));
    parley_reader_free(r);
    free(mem);
    free(w.p);
}

static void warc_garbage_and_corrupt_gzip_are_errors(void **state)
{
    (void)state;
    char *mem;
    parley_reader *r = mem_reader("hello world\n", 12, "junk.warc", PARLEY_INPUT_AUTO, NULL, &mem);
    parley_doc *doc;
    assert_int_equal(parley_reader_next(r, &doc), PARLEY_ERR_FORMAT);
    assert_non_null(strstr(parley_errmsg(), "junk.warc: record 1 at byte offset 0: expected a "
                                            "\"WARC/1.x\" version line"));
    assert_int_equal(parley_reader_next(r, &doc), PARLEY_END);
    parley_reader_free(r);
    free(mem);

    const char bad[] = "\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03garbage garbage garbage";
    r = mem_reader(bad, sizeof bad - 1, "bad.warc.gz", PARLEY_INPUT_AUTO, NULL, &mem);
    assert_int_equal(parley_reader_next(r, &doc), PARLEY_ERR_FORMAT);
    assert_non_null(strstr(parley_errmsg(), "bad.warc.gz: record 1: corrupt gzip data"));
    parley_reader_free(r);
    free(mem);

    const char nolen[] = "WARC/1.0\r\nWARC-Type: response\r\n\r\n";
    r = mem_reader(nolen, sizeof nolen - 1, "nolen.warc", PARLEY_INPUT_AUTO, NULL, &mem);
    assert_int_equal(parley_reader_next(r, &doc), PARLEY_ERR_FORMAT);
    assert_non_null(strstr(parley_errmsg(), "no valid Content-Length"));
    parley_reader_free(r);
    free(mem);
}

/* Issue 14: a response whose gzip Content-Encoding body does not decompress
 * was read as HTML when its compressed bytes held a '<' (binary
 * "sentences", counted as processed). It is skipped with a reason; a body
 * stored decoded under the same header is still read. */
static void warc_body_that_does_not_decompress_is_skipped(void **state)
{
    (void)state;
    static const char head[] = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
                               "Content-Encoding: gzip\r\n\r\n";
    bytes bad = {0}, decoded = {0}, w = {0};
    put(&bad, head, sizeof head - 1);
    put(&bad, "\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03<p>\x91\xfe garbage <b> \x07\x01", 26);
    put(&decoded, head, sizeof head - 1);
    const char text[] = "\n<html><body><p>Envoys met in Vienna on Monday.</p></body></html>";
    put(&decoded, text, sizeof text - 1);
    warc_record(&w, "response", "https://x.example/bad", "b1", (const char *)bad.p, bad.n);
    warc_record(&w, "response", "https://x.example/ok", "b2", (const char *)decoded.p, decoded.n);
    parley_stats *stats;
    assert_int_equal(parley_stats_new(&stats), PARLEY_OK);
    char *mem;
    parley_reader *r = mem_reader(w.p, w.n, "enc.warc", PARLEY_INPUT_AUTO, stats, &mem);
    parley_doc *doc;
    assert_int_equal(parley_reader_next(r, &doc), PARLEY_OK);
    assert_string_equal(parley_doc_id(doc), "urn:uuid:b2");
    assert_string_equal(block_text(doc, 0), "Envoys met in Vienna on Monday.");
    parley_doc_free(doc);
    assert_int_equal(parley_reader_next(r, &doc), PARLEY_END);
    assert_non_null(strstr(warnings, "enc.warc: record 1 (https://x.example/bad): "
                                     "Content-Encoding: gzip body does not decode ("));
    assert_non_null(strstr(parley_stats_json(stats), "\"processed\":1,\"skipped\":"
                                                     "{\"bad_encoding\":1}"));
    assert_int_equal(parley_stats_bad_input(stats), 1);
    parley_reader_free(r);
    parley_stats_free(stats);
    free(mem);
    free(bad.p);
    free(decoded.p);
    free(w.p);
}

/* Issue 14: blank lines between records were read one line buffer at a
 * time (a 2 MB .warc.gz of CRLF, 2 GB inflated: 20-33 s). A few are
 * skipped; more than 64 KB of them is no WARC: the file stops there with
 * a message naming the offset. */
static void warc_blank_lines_between_records_are_bounded(void **state)
{
    (void)state;
    for (int big = 0; big < 2; big++) {
        bytes w = {0};
        warc_record(&w, "response", "https://a.example/", "r2", html_a, sizeof html_a - 1);
        size_t pad = big ? 70000 : 3000;
        for (size_t i = 0; i < pad; i++)
            put(&w, "\r\n", 2);
        warc_record(&w, "response", "https://a.example/", "r2", html_a, sizeof html_a - 1);
        parley_stats *stats;
        assert_int_equal(parley_stats_new(&stats), PARLEY_OK);
        char *mem;
        parley_reader *r = mem_reader(w.p, w.n, "pad.warc", PARLEY_INPUT_AUTO, stats, &mem);
        parley_doc *doc;
        assert_int_equal(parley_reader_next(r, &doc), PARLEY_OK);
        parley_doc_free(doc);
        if (big) {
            assert_int_equal(parley_reader_next(r, &doc), PARLEY_ERR_FORMAT);
            assert_non_null(strstr(parley_errmsg(), "pad.warc: record 2: more than 65536 bytes "
                                                    "of blank lines from byte offset"));
        } else {
            assert_int_equal(parley_reader_next(r, &doc), PARLEY_OK);
            parley_doc_free(doc);
        }
        assert_int_equal(parley_reader_next(r, &doc), PARLEY_END);
        assert_int_equal(parley_stats_bad_input(stats), big ? 1 : 0);
        parley_reader_free(r);
        parley_stats_free(stats);
        free(mem);
        free(w.p);
    }
}

/* text as UTF-16 (le/be) or UTF-32 (le/be) with its byte order mark */
static size_t encode_utf(const char *utf8, int kind, unsigned char *out)
{
    size_t o = 0;
    static const unsigned char boms[4][4] = {
        {0xFF, 0xFE}, {0xFE, 0xFF}, {0xFF, 0xFE, 0, 0}, {0, 0, 0xFE, 0xFF}};
    size_t u = kind < 2 ? 2 : 4;
    memcpy(out, boms[kind], u);
    o = u;
    for (const unsigned char *p = (const unsigned char *)utf8; *p; p++) {
        /* ASCII only in these tests, plus one U+1F600 written by hand below */
        uint32_t cp = *p;
        for (size_t k = 0; k < u; k++) {
            size_t shift = (kind % 2 == 0) ? 8 * k : 8 * (u - 1 - k);
            out[o++] = (unsigned char)(cp >> shift);
        }
    }
    return o;
}

/* Issue 14: UTF-16 JSON Lines lost record 1 and mis-decoded the rest. A
 * UTF-16 or UTF-32 byte order mark is detected and the file decoded to
 * UTF-8 as it is read, for JSON Lines and text; invalid units are U+FFFD. */
static void utf16_and_utf32_input_is_decoded(void **state)
{
    (void)state;
    const char *jsonl = "{\"id\":\"a\",\"text\":\"Rebels seized the town.\"}\n"
                        "{\"id\":\"b\",\"text\":\"The army withdrew.\"}\n";
    unsigned char buf[1024];
    for (int kind = 0; kind < 4; kind++) {
        size_t n = encode_utf(jsonl, kind, buf);
        parley_stats *stats;
        assert_int_equal(parley_stats_new(&stats), PARLEY_OK);
        char *mem;
        parley_reader *r = mem_reader(buf, n, "u.jsonl", PARLEY_INPUT_AUTO, stats, &mem);
        parley_doc *doc;
        assert_int_equal(parley_reader_next(r, &doc), PARLEY_OK);
        assert_string_equal(parley_doc_id(doc), "a");
        assert_string_equal(block_text(doc, 0), "Rebels seized the town.");
        parley_doc_free(doc);
        assert_int_equal(parley_reader_next(r, &doc), PARLEY_OK);
        assert_string_equal(parley_doc_id(doc), "b");
        parley_doc_free(doc);
        assert_int_equal(parley_reader_next(r, &doc), PARLEY_END);
        assert_int_equal(parley_stats_bad_input(stats), 0);
        parley_reader_free(r);
        parley_stats_free(stats);
        free(mem);
    }
    /* UTF-16LE text: a surrogate pair, a lone low surrogate, a final odd byte */
    static const unsigned char t16[] = {0xFF, 0xFE, 'H',  0,    'i',  0,   ' ',
                                        0,    0x3D, 0xD8, 0x00, 0xDE, ' ', 0,
                                        0x00, 0xDC, '!',  0,    '\n', 0,   'x'};
    parley_stats *stats;
    assert_int_equal(parley_stats_new(&stats), PARLEY_OK);
    char *mem;
    parley_reader *r = mem_reader(t16, sizeof t16, "u.txt", PARLEY_INPUT_AUTO, stats, &mem);
    parley_doc *doc;
    assert_int_equal(parley_reader_next(r, &doc), PARLEY_OK);
    assert_string_equal(block_text(doc, 0), "Hi \xF0\x9F\x98\x80 \xEF\xBF\xBD!");
    parley_doc_free(doc);
    assert_non_null(strstr(parley_stats_json(stats), "\"utf8_repairs\":2"));
    parley_reader_free(r);
    parley_stats_free(stats);
    free(mem);
    /* a leading 0xFE that is no mark is read as it is (one invalid byte) */
    r = mem_reader("\xFEThe army withdrew.\n", 20, "v.txt", PARLEY_INPUT_AUTO, NULL, &mem);
    assert_int_equal(parley_reader_next(r, &doc), PARLEY_OK);
    assert_string_equal(block_text(doc, 0), "\xEF\xBF\xBDThe army withdrew.");
    parley_doc_free(doc);
    parley_reader_free(r);
    free(mem);
}

/* Issue 14 accounting: a line of NUL bytes is a record (bad JSON, not a
 * blank line); `bytes` is the file's size without a final newline; an id
 * beyond 64 bits keeps its record and its digits; a non-string id or title
 * is reported and counted; a CR without LF ends a record. */
static void jsonl_every_record_and_byte_is_accounted_for(void **state)
{
    (void)state;
    static const char in[] =
        "{\"id\":\"a\",\"text\":\"Rebels seized the town.\"}\n"
        "\0\0\0\n"
        "{\"id\":123456789012345678901234567890,\"text\":\"The army withdrew.\"}\n"
        "{\"id\":{\"x\":1},\"title\":5,\"text\":\"Talks ended.\"}\r"
        "{\"id\":\"e\",\"text\":\"Peace held.\"}";
    parley_stats *stats;
    assert_int_equal(parley_stats_new(&stats), PARLEY_OK);
    char *mem;
    parley_reader *r = mem_reader(in, sizeof in - 1, "acc.jsonl", PARLEY_INPUT_AUTO, stats, &mem);
    const char *ids[] = {"a", "123456789012345678901234567890", "acc:4", "e"};
    for (int i = 0; i < 4; i++) {
        parley_doc *doc;
        assert_int_equal(parley_reader_next(r, &doc), PARLEY_OK);
        assert_string_equal(parley_doc_id(doc), ids[i]);
        assert_string_equal(parley_doc_title(doc), "");
        parley_doc_free(doc);
    }
    parley_doc *doc;
    assert_int_equal(parley_reader_next(r, &doc), PARLEY_END);
    char want[512];
    snprintf(want, sizeof want,
             "{\"records_read\":5,\"processed\":4,\"skipped\":{\"bad_json\":1},\"bytes\":%zu,"
             "\"utf8_repairs\":3,\"repaired\":{\"number_beyond_64_bits\":1,\"cr_line_end\":1,"
             "\"title_not_string\":1,\"id_not_string\":1}}",
             sizeof in - 1);
    assert_string_equal(parley_stats_json(stats), want);
    assert_non_null(strstr(warnings, "acc.jsonl:2: invalid JSON"));
    assert_non_null(strstr(warnings, "acc.jsonl:3: 1 number beyond 64 bits read as text"));
    assert_non_null(strstr(warnings, "acc.jsonl:4: line ends in a CR without LF"));
    assert_non_null(strstr(warnings, "acc.jsonl:4: \"title\" is not a string, dropped"));
    assert_non_null(strstr(warnings, "acc.jsonl:4: \"id\" is not a string or an integer"));
    parley_reader_free(r);
    parley_stats_free(stats);
    free(mem);
}

/* A too-long last line from a pipe (no final newline, no ftello) counted
 * 0 bytes: every byte read is counted. */
static void jsonl_too_long_last_line_from_a_pipe_counts_its_bytes(void **state)
{
    (void)state;
    FILE *f =
        popen("printf '{\"text\":\"A b.\"}\\n'; head -c 17000000 /dev/zero | tr '\\0' a", "r");
    assert_non_null(f);
    parley_stats *stats;
    assert_int_equal(parley_stats_new(&stats), PARLEY_OK);
    parley_reader *r;
    assert_int_equal(pl_reader_from_file(f, false, "-", PARLEY_INPUT_JSONL, stats, &r), PARLEY_OK);
    parley_doc *doc;
    assert_int_equal(parley_reader_next(r, &doc), PARLEY_OK);
    parley_doc_free(doc);
    assert_int_equal(parley_reader_next(r, &doc), PARLEY_END);
    assert_string_equal(parley_stats_json(stats),
                        "{\"records_read\":2,\"processed\":1,\"skipped\":{\"too_large\":1},"
                        "\"bytes\":17000016,\"utf8_repairs\":0,\"repaired\":{}}");
    parley_reader_free(r);
    parley_stats_free(stats);
    pclose(f);
}

/* A text file or HTML page past the document limit is skipped, counted as
 * one record read and one too_large skip, with a warning naming it. */
static void whole_file_too_large_is_skipped(void **state)
{
    (void)state;
    size_t n = PL_TEXT_MAX_DOC + 10;
    char *in = malloc(n);
    assert_non_null(in);
    memset(in, 'a', n);
    const char *names[2] = {"huge.txt", "huge.html"};
    const char *what[2] = {"huge.txt: document of", "huge.html: page of"};
    parley_input_format fmts[2] = {PARLEY_INPUT_TEXT, PARLEY_INPUT_HTML};
    for (int k = 0; k < 2; k++) {
        char *mem;
        parley_stats *stats;
        assert_int_equal(parley_stats_new(&stats), PARLEY_OK);
        warnings[0] = '\0';
        parley_reader *r = mem_reader(in, n, names[k], fmts[k], stats, &mem);
        parley_doc *doc;
        assert_int_equal(parley_reader_next(r, &doc), PARLEY_END);
        assert_non_null(strstr(warnings, what[k]));
        assert_non_null(strstr(warnings, "byte limit, skipped"));
        assert_non_null(strstr(parley_stats_json(stats), "\"skipped\":{\"too_large\":1}"));
        assert_non_null(strstr(parley_stats_json(stats), "\"records_read\":1,\"processed\":0"));
        parley_reader_free(r);
        free(mem);
        parley_stats_free(stats);
    }
    free(in);
}

static void warc_too_large_record_is_skipped(void **state)
{
    (void)state;
    bytes w = {0};
    size_t big = PL_WARC_MAX_RECORD + 10;
    char *payload = malloc(big);
    memset(payload, 'x', big);
    memcpy(payload, "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n", 44);
    warc_record(&w, "response", "https://big.example/", "big", payload, big);
    free(payload);
    warc_record(&w, "response", "https://a.example/", "r2", html_a, sizeof html_a - 1);
    char *mem;
    parley_stats *stats;
    assert_int_equal(parley_stats_new(&stats), PARLEY_OK);
    parley_reader *r = mem_reader(w.p, w.n, "big.warc", PARLEY_INPUT_AUTO, stats, &mem);
    free(w.p);
    parley_doc *doc;
    assert_int_equal(parley_reader_next(r, &doc), PARLEY_OK);
    assert_string_equal(parley_doc_id(doc), "urn:uuid:r2");
    parley_doc_free(doc);
    assert_int_equal(parley_reader_next(r, &doc), PARLEY_END);
    assert_non_null(strstr(warnings, "big.warc: record 1 (https://big.example/): 33554442 bytes, "
                                     "larger than the 33554432 byte limit, skipped"));
    assert_non_null(strstr(parley_stats_json(stats), "\"skipped\":{\"too_large\":1}"));
    parley_reader_free(r);
    parley_stats_free(stats);
    free(mem);
}

/* ---------------------------------------------------------------------- */
/* Allocation failures */

/* Run a reader over data with the n-th allocation failing, for every n
 * until a run completes: each run ends in OK/END or a clean
 * PARLEY_ERR_NOMEM, never a crash or a leak (ASan checks the latter). */
static void read_with_failures(const void *data, size_t size, const char *name)
{
    bool completed = false;
    for (long n = 0; n < 5000 && !completed; n++) {
        char *mem = malloc(size);
        memcpy(mem, data, size);
        FILE *f = fmemopen(mem, size, "r");
        assert_non_null(f);
        pl_alloc_fail_after(n);
        parley_stats *stats = NULL;
        parley_status st = parley_stats_new(&stats);
        parley_reader *r = NULL;
        if (!st)
            st = pl_reader_from_file(f, true, name, PARLEY_INPUT_AUTO, stats, &r);
        else
            fclose(f);
        int docs = 0;
        parley_doc *doc;
        while (!st && (st = parley_reader_next(r, &doc)) == PARLEY_OK) {
            docs++;
            parley_doc_free(doc);
        }
        (void)parley_stats_json(stats);
        pl_alloc_fail_after(-1);
        assert_true(st == PARLEY_END || st == PARLEY_ERR_NOMEM);
        if (st == PARLEY_END && parley_stats_bad_input(stats) == 0 && docs > 0)
            completed = true;
        parley_reader_free(r);
        parley_stats_free(stats);
        free(mem);
    }
    assert_true(completed);
}

static void allocation_failures_are_reported_not_crashed(void **state)
{
    (void)state;
    parley_set_log(NULL, NULL);
    const char text[] = "Headline here\n\nThe army withdrew. Talks resume.\n\nLeave a Reply\n";
    read_with_failures(text, sizeof text - 1, "a.txt");
    const char jsonl[] = "{\"id\":\"a\",\"title\":\"T\",\"text\":\"One. Two.\\n\\nThree.\"}\n"
                         "{\"id\":\"b\",\"text\":\"Four.\"}\n";
    read_with_failures(jsonl, sizeof jsonl - 1, "a.jsonl");
    read_with_failures(page, sizeof page - 1, "a.html");
    bytes w = make_warc(true, NULL);
    read_with_failures(w.p, w.n, "a.warc.gz");
    free(w.p);
}

static void stats_json_escapes_and_counts_any_stage(void **state)
{
    (void)state;
    parley_stats *s;
    assert_int_equal(parley_stats_new(&s), PARLEY_OK);
    parley_stats_skip(s, "discard \"story\"");
    parley_stats_skip(s, "discard \"story\"");
    parley_stats_skip(s, "not_response");
    parley_stats_skip(s, NULL);
    parley_stats_skip(NULL, "x");
    assert_string_equal(
        parley_stats_json(s),
        "{\"records_read\":0,\"processed\":0,\"skipped\":{\"discard \\\"story\\\"\":2,"
        "\"not_response\":1},\"bytes\":0,\"utf8_repairs\":0,\"repaired\":{}}");
    assert_int_equal(parley_stats_bad_input(s), 2);
    parley_stats_free(s);
    parley_stats_free(NULL);
    assert_string_equal(parley_stats_json(NULL), "{}");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(format_names_and_extensions, setup),
        cmocka_unit_test_setup(dates_are_validated, setup),
        cmocka_unit_test_setup(text_headline_paragraphs_and_furniture, setup),
        cmocka_unit_test_setup(text_invalid_utf8_is_repaired_and_counted, setup),
        cmocka_unit_test_setup(text_empty_file_is_skipped, setup),
        cmocka_unit_test_setup(byte_order_marks_are_not_text, setup),
        cmocka_unit_test_setup(text_seed_article_keeps_body_drops_footer, setup),
        cmocka_unit_test_setup(open_missing_file_names_it, setup),
        cmocka_unit_test_setup(jsonl_reads_fields_and_skips_bad_lines, setup),
        cmocka_unit_test_setup(jsonl_field_mapping, setup),
        cmocka_unit_test_setup(jsonl_huge_line_is_skipped_and_reader_goes_on, setup),
        cmocka_unit_test_setup(html_article_headline_body_and_metadata, setup),
        cmocka_unit_test_setup(html_without_article_uses_densest_element, setup),
        cmocka_unit_test_setup(html_declared_charset_and_no_break_spaces, setup),
        cmocka_unit_test_setup(html_text_in_divs_without_paragraphs, setup),
        cmocka_unit_test_setup(html_without_body_is_skipped, setup),
        cmocka_unit_test_setup(warc_gz_reads_responses_and_skips_the_rest, setup),
        cmocka_unit_test_setup(warc_truncated_gzip_keeps_earlier_records, setup),
        cmocka_unit_test_setup(warc_truncated_plain_record_is_reported, setup),
        cmocka_unit_test_setup(warc_garbage_and_corrupt_gzip_are_errors, setup),
        cmocka_unit_test_setup(warc_body_that_does_not_decompress_is_skipped, setup),
        cmocka_unit_test_setup(warc_blank_lines_between_records_are_bounded, setup),
        cmocka_unit_test_setup(utf16_and_utf32_input_is_decoded, setup),
        cmocka_unit_test_setup(jsonl_every_record_and_byte_is_accounted_for, setup),
        cmocka_unit_test_setup(jsonl_too_long_last_line_from_a_pipe_counts_its_bytes, setup),
        cmocka_unit_test_setup(warc_too_large_record_is_skipped, setup),
        cmocka_unit_test_setup(whole_file_too_large_is_skipped, setup),
        cmocka_unit_test_setup(allocation_failures_are_reported_not_crashed, setup),
        cmocka_unit_test_setup(stats_json_escapes_and_counts_any_stage, setup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
