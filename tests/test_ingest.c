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
    parley_reader *r = mem_reader(in, sizeof in - 1, "news/a1.txt", PARLEY_INPUT_AUTO, stats,
                                  &mem);
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
             "\"utf8_repairs\":0}",
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
    assert_int_equal(parley_reader_open("examples/000_08cbce3970801ee0.txt", PARLEY_INPUT_AUTO,
                                        NULL, &r),
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
    parley_reader *r = mem_reader(in, sizeof in - 1, "feed.jsonl", PARLEY_INPUT_AUTO, stats,
                                  &mem);
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
             "\"bytes\":%zu,\"utf8_repairs\":1}",
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
    assert_string_equal(parley_stats_json(s),
                        "{\"records_read\":0,\"processed\":0,\"skipped\":{\"discard \\\"story\\\"\":2,"
                        "\"not_response\":1},\"bytes\":0,\"utf8_repairs\":0}");
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
        cmocka_unit_test_setup(text_seed_article_keeps_body_drops_footer, setup),
        cmocka_unit_test_setup(open_missing_file_names_it, setup),
        cmocka_unit_test_setup(jsonl_reads_fields_and_skips_bad_lines, setup),
        cmocka_unit_test_setup(jsonl_field_mapping, setup),
        cmocka_unit_test_setup(jsonl_huge_line_is_skipped_and_reader_goes_on, setup),
        cmocka_unit_test_setup(stats_json_escapes_and_counts_any_stage, setup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
