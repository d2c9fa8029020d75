/* test_core.c - unit tests for src/core: arena, buffers, UTF-8, lines,
 * CoNLL-U reading, documents and allocation failure. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/core.h"

#include <stdlib.h>
#include <string.h>

static void arena_allocates_aligned_and_big_blocks(void **state)
{
    (void)state;
    pl_arena *a = pl_arena_new(128);
    assert_non_null(a);
    char *p = pl_arena_alloc(a, 3);
    char *q = pl_arena_alloc(a, 5);
    assert_true(((uintptr_t)p & 7) == 0);
    assert_true(((uintptr_t)q & 7) == 0);
    char *big = pl_arena_alloc(a, 10000);
    assert_non_null(big);
    memset(big, 'x', 10000);
    char *s = pl_arena_strdup(a, "hello");
    assert_string_equal(s, "hello");
    assert_true(pl_arena_used(a) >= 10000);
    pl_arena_reset(a);
    assert_int_equal(pl_arena_used(a), 0);
    assert_non_null(pl_arena_alloc(a, 16));
    pl_arena_free(a);
    pl_arena_free(NULL);
}

static void trim_cuts_white_space_both_ends(void **state)
{
    (void)state;
    char a[] = " \t ARN  GON \r\n", b[] = "   ", c[] = "x";
    assert_string_equal(pl_trim(a), "ARN  GON");
    assert_string_equal(pl_trim(b), "");
    assert_string_equal(pl_trim(c), "x");
}

/* A whole file into a buffer: its bytes, its cap, a missing path. */
static void buf_reads_a_whole_file(void **state)
{
    (void)state;
    const char *path = "data/petrarch2/LICENSE";
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    fclose(f);
    pl_buf b;
    pl_buf_init(&b, 1 << 20);
    assert_int_equal(pl_buf_read_file(&b, path), PARLEY_OK);
    assert_int_equal(b.len, (size_t)size);
    assert_non_null(strstr(b.data, "MIT"));
    pl_buf_release(&b);
    pl_buf_init(&b, 16);
    assert_int_equal(pl_buf_read_file(&b, path), PARLEY_ERR_TOO_LARGE);
    assert_non_null(strstr(parley_errmsg(), path));
    pl_buf_release(&b);
    pl_buf_init(&b, 16);
    assert_int_equal(pl_buf_read_file(&b, "/nonexistent/file"), PARLEY_ERR_IO);
    assert_non_null(strstr(parley_errmsg(), "cannot open"));
    pl_buf_release(&b);
}

static void buf_respects_its_cap(void **state)
{
    (void)state;
    pl_buf b;
    pl_buf_init(&b, 10);
    assert_int_equal(pl_buf_puts(&b, "0123456789"), PARLEY_OK);
    assert_int_equal(b.len, 10);
    assert_int_equal(pl_buf_putc(&b, 'x'), PARLEY_ERR_TOO_LARGE);
    assert_int_equal(b.len, 10);
    assert_string_equal(b.data, "0123456789");
    pl_buf_release(&b);
}

static void utf8_repair_replaces_invalid_bytes(void **state)
{
    (void)state;
    pl_buf b;
    pl_buf_init(&b, 0);
    size_t repairs = 0;
    /* 0xC3 0x28 is an invalid 2-byte sequence; 0xED 0xA0 0x80 a surrogate;
     * an embedded NUL is dropped */
    const char in[] = "a\xC3\x28z\xED\xA0\x80\0" "\xC3\xA9";
    assert_int_equal(pl_utf8_repair(&b, in, sizeof in - 1, &repairs), PARLEY_OK);
    assert_string_equal(b.data, "a\xEF\xBF\xBD(z\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xC3\xA9");
    assert_int_equal(repairs, 5);
    pl_buf_release(&b);
    assert_int_equal(pl_utf8_valid_len((const unsigned char *)"\xF4\x90\x80\x80", 4), 0);
    assert_int_equal(pl_utf8_valid_len((const unsigned char *)"\xE2\x80\x9C", 3), 3);
    assert_int_equal(pl_utf8_valid_len((const unsigned char *)"\xC0\xAF", 2), 0);
    char out[4];
    assert_int_equal(pl_utf8_encode(0x201C, out), 3);
    size_t l;
    assert_int_equal(pl_utf8_decode((unsigned char *)out, 3, &l), 0x201C);
    assert_int_equal(l, 3);
}

static void lines_skip_a_too_long_line_and_go_on(void **state)
{
    (void)state;
    char data[] = "short\r\n0123456789ABCDEF\nlast";
    FILE *f = fmemopen(data, strlen(data), "r");
    pl_lines *r = pl_lines_new(f, true, "mem", 8);
    const char *line;
    size_t len;
    assert_int_equal(pl_lines_next(r, &line, &len), PARLEY_OK);
    assert_string_equal(line, "short");
    assert_int_equal(pl_lines_next(r, &line, &len), PARLEY_ERR_TOO_LARGE);
    assert_non_null(strstr(parley_errmsg(), "mem:2"));
    assert_int_equal(pl_lines_next(r, &line, &len), PARLEY_OK);
    assert_string_equal(line, "last");
    assert_int_equal(pl_lines_number(r), 3);
    assert_int_equal(pl_lines_offset(r), 24);
    assert_int_equal(pl_lines_next(r, &line, &len), PARLEY_END);
    pl_lines_free(r);
}

static void conllu_reads_words_mwt_and_comments(void **state)
{
    (void)state;
    char data[] = "# newdoc id = d1\n# sent_id = s1\n# text = I'm here.\n"
                  "1-2\tI'm\t_\t_\t_\t_\t_\t_\t_\t_\n"
                  "1\tI\tI\tPRON\tPRP\t_\t3\tnsubj\t_\t_\n"
                  "2\t'm\tbe\tAUX\tVBP\t_\t3\tcop\t_\t_\n"
                  "3\there\there\tADV\tRB\t_\t0\troot\t_\tSpaceAfter=No\n"
                  "4\t.\t.\tPUNCT\t.\t_\t3\tpunct\t_\t_\n\n"
                  "1\tbroken line\n\n"
                  "# sent_id = s3\n1\tOk\tok\tINTJ\tUH\t_\t0\troot\t_\t_\n";
    FILE *f = fmemopen(data, strlen(data), "r");
    pl_conllu_reader *r = pl_conllu_from_file(f, "mem.conllu");
    const pl_conllu_sentence *s;
    assert_int_equal(pl_conllu_next(r, &s), PARLEY_OK);
    assert_true(s->newdoc);
    assert_string_equal(s->newdoc_id, "d1");
    assert_string_equal(s->sent_id, "s1");
    assert_string_equal(s->text, "I'm here.");
    assert_int_equal(s->nlines, 5);
    assert_int_equal(s->nwords, 4);
    assert_int_equal(s->lines[0].mwt_first, 1);
    assert_int_equal(s->lines[0].mwt_last, 2);
    assert_int_equal(s->lines[2].head, 3);
    assert_string_equal(s->lines[3].misc, "SpaceAfter=No");
    assert_int_equal(pl_conllu_next(r, &s), PARLEY_ERR_FORMAT);
    assert_non_null(strstr(parley_errmsg(), "mem.conllu:10"));
    assert_int_equal(pl_conllu_next(r, &s), PARLEY_OK);
    assert_string_equal(s->sent_id, "s3");
    assert_false(s->newdoc);
    assert_int_equal(pl_conllu_next(r, &s), PARLEY_END);
    pl_conllu_close(r);
    fclose(f);
}

static void doc_new_repairs_text_and_exposes_getters(void **state)
{
    (void)state;
    parley_doc *doc;
    assert_int_equal(parley_doc_new("d1", "2023-06-14", "ab\xFF" "c", 4, &doc), PARLEY_OK);
    size_t len;
    assert_string_equal(parley_doc_text(doc, &len), "ab\xEF\xBF\xBD" "c");
    assert_int_equal(len, 6);
    assert_string_equal(parley_doc_id(doc), "d1");
    assert_string_equal(parley_doc_date(doc), "2023-06-14");
    assert_string_equal(parley_doc_title(doc), "");
    assert_int_equal(parley_doc_sentence_count(doc), 0);
    size_t a, b;
    assert_int_equal(parley_doc_sentence_span(doc, 0, &a, &b), PARLEY_ERR_ARG);
    pl_word w = {.start = 0, .end = 2, .form = "ab", .norm = "ab", .head = -1};
    assert_int_equal(pl_doc_add_word(doc, &w), PARLEY_OK);
    assert_string_equal(parley_doc_word_form(doc, 0), "ab");
    assert_string_equal(parley_doc_word_upos(doc, 0), "_");
    assert_int_equal(parley_doc_word_head(doc, 0), -1);
    parley_doc_free(doc);
    parley_doc_free(NULL);
}

static void allocation_failure_is_reported_not_crashed(void **state)
{
    (void)state;
    for (long n = 0; n < 12; n++) {
        parley_doc *doc = NULL;
        pl_alloc_fail_after(n);
        parley_status st = parley_doc_new("id", "2023-01-01", "text", 4, &doc);
        pl_alloc_fail_after(-1);
        if (st == PARLEY_OK) {
            assert_non_null(doc);
            parley_doc_free(doc);
        } else {
            assert_int_equal(st, PARLEY_ERR_NOMEM);
            assert_null(doc);
        }
    }
}

static void strerror_names_every_code(void **state)
{
    (void)state;
    for (int c = PARLEY_OK; c <= PARLEY_ERR_INTERNAL; c++)
        assert_string_not_equal(parley_strerror((parley_status)c), "unknown status");
    assert_string_equal(pl_upos_name(PL_UPOS_PROPN), "PROPN");
    assert_int_equal(pl_upos_from_name("VERB"), PL_UPOS_VERB);
    assert_int_equal(pl_upos_from_name("nope"), PL_UPOS_NONE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(arena_allocates_aligned_and_big_blocks),
        cmocka_unit_test(buf_respects_its_cap),
        cmocka_unit_test(buf_reads_a_whole_file),
        cmocka_unit_test(trim_cuts_white_space_both_ends),
        cmocka_unit_test(utf8_repair_replaces_invalid_bytes),
        cmocka_unit_test(lines_skip_a_too_long_line_and_go_on),
        cmocka_unit_test(conllu_reads_words_mwt_and_comments),
        cmocka_unit_test(doc_new_repairs_text_and_exposes_getters),
        cmocka_unit_test(allocation_failure_is_reported_not_crashed),
        cmocka_unit_test(strerror_names_every_code),
    };
    return cmocka_run_group_tests_name("core", tests, NULL, NULL);
}
