/* test_part.c - unit tests for parts of a JSON Lines file (src/text/part.c):
 * cut anywhere, the parts read in turn give the whole file's documents (ids
 * from line numbers included) and counters; bad cuts and wide files are
 * errors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/core.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Records with and without ids, a blank line, CRLF, a bare CR, broken JSON,
 * invalid UTF-8 and a last line without its newline. */
static const char sample[] =
    "{\"id\":\"a\",\"date\":\"2023-01-02\",\"text\":\"Obama met Putin.\"}\n"
    "{\"text\":\"No id here: named by its line.\"}\r\n"
    "\n"
    "   \n"
    "{\"id\":7,\"title\":\"T\",\"text\":\"Bare CR next.\"}\r"
    "{\"text\":\"After the bare CR.\"}\n"
    "{not json}\n"
    "{\"id\":\"u\",\"text\":\"bad \xff byte\"}\n"
    "{\"text\":\"last, no newline\"}";

static char path[64];

static int setup(void **state)
{
    (void)state;
    parley_set_log(NULL, NULL);
    snprintf(path, sizeof path, "/tmp/parley-test-part-%d.jsonl", (int)getpid());
    FILE *f = fopen(path, "wb");
    if (!f)
        return -1;
    fwrite(sample, 1, sizeof sample - 1, f);
    return fclose(f);
}

static int teardown(void **state)
{
    (void)state;
    unlink(path);
    return 0;
}

/* Every document of r as "id|date|title|text\n" appended to b. */
static void read_all(parley_reader *r, pl_buf *b)
{
    parley_doc *doc;
    parley_status st;
    while ((st = parley_reader_next(r, &doc)) == PARLEY_OK) {
        size_t n;
        const char *t = parley_doc_text(doc, &n);
        char head[512];
        snprintf(head, sizeof head, "%s|%s|%s|", parley_doc_id(doc), parley_doc_date(doc),
                 parley_doc_title(doc));
        assert_int_equal(pl_buf_puts(b, head), PARLEY_OK);
        assert_int_equal(pl_buf_append(b, t, n), PARLEY_OK);
        assert_int_equal(pl_buf_putc(b, '\n'), PARLEY_OK);
        parley_doc_free(doc);
    }
    assert_int_equal(st, PARLEY_END);
}

/* The documents and counters of the parts cut at cuts[0..n) (ascending). */
static void read_parts(const uint64_t *cuts, size_t n, pl_buf *docs, char *stats, size_t cap)
{
    parley_stats *s = NULL;
    assert_int_equal(parley_stats_new(&s), PARLEY_OK);
    uint64_t from = 0;
    for (size_t i = 0; i <= n; i++) {
        uint64_t to = i < n ? cuts[i] : 0;
        parley_reader *r = NULL;
        assert_int_equal(parley_reader_open_part(path, s, from, to, &r), PARLEY_OK);
        read_all(r, docs);
        parley_reader_free(r);
        from = to;
    }
    snprintf(stats, cap, "%s", parley_stats_json(s));
    parley_stats_free(s);
}

static void parts_add_up_to_the_whole(void **state)
{
    (void)state;
    parley_stats *s = NULL;
    assert_int_equal(parley_stats_new(&s), PARLEY_OK);
    parley_reader *r = NULL;
    assert_int_equal(parley_reader_open(path, PARLEY_INPUT_JSONL, s, &r), PARLEY_OK);
    pl_buf want;
    pl_buf_init(&want, 0);
    read_all(r, &want);
    parley_reader_free(r);
    char want_stats[512];
    snprintf(want_stats, sizeof want_stats, "%s", parley_stats_json(s));
    parley_stats_free(s);
    assert_non_null(strstr(want.data, "part-")); /* a record named by its line */
    assert_non_null(strstr(want_stats, "\"bad_json\":1"));

    size_t size = sizeof sample - 1;
    /* one cut at every byte, and two cuts at every pair 7 bytes apart */
    for (uint64_t c = 1; c <= size + 2; c++) { /* end 0 would mean "to the end" */
        for (uint64_t d = c; d <= size + 2; d += (c == d ? 7 : size + 3)) {
            uint64_t cuts[2] = {c, d};
            pl_buf got;
            pl_buf_init(&got, 0);
            char got_stats[512];
            read_parts(cuts, c == d ? 1 : 2, &got, got_stats, sizeof got_stats);
            if (strcmp(got.data ? got.data : "", want.data) != 0 ||
                strcmp(got_stats, want_stats) != 0)
                fail_msg("cut at %llu, %llu:\n%s\n%s\nwant\n%s\n%s", (unsigned long long)c,
                         (unsigned long long)d, got.data ? got.data : "", got_stats, want.data,
                         want_stats);
            pl_buf_release(&got);
        }
    }
    pl_buf_release(&want);
}

static void bad_parts(void **state)
{
    (void)state;
    parley_reader *r = (parley_reader *)1;
    assert_int_equal(parley_reader_open_part(path, NULL, 10, 5, &r), PARLEY_ERR_ARG);
    assert_null(r);
    assert_int_equal(parley_reader_open_part("-", NULL, 0, 0, &r), PARLEY_ERR_ARG);
    assert_int_equal(parley_reader_open_part("/nonexistent/x.jsonl", NULL, 0, 0, &r),
                     PARLEY_ERR_IO);
    assert_non_null(strstr(parley_errmsg(), "/nonexistent/x.jsonl"));
    /* a UTF-16 file is read whole, never cut */
    char wide[80];
    snprintf(wide, sizeof wide, "%s.u16", path);
    FILE *f = fopen(wide, "wb");
    assert_non_null(f);
    static const char u16[] = "\xff\xfe{\0}\0\n\0";
    fwrite(u16, 1, sizeof u16 - 1, f);
    fclose(f);
    assert_int_equal(parley_reader_open_part(wide, NULL, 4, 0, &r), PARLEY_ERR_ARG);
    assert_int_equal(parley_reader_open_part(wide, NULL, 0, 0, &r), PARLEY_OK);
    parley_reader_free(r);
    unlink(wide);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(parts_add_up_to_the_whole),
        cmocka_unit_test(bad_parts),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
