/* test_verbs.c - unit tests for the CAMEO verb dictionary reader
 * (src/dict/verbs.c): synsets, blocks, verb forms, multi-word verbs,
 * pattern tokens, codes, transformations, malformed lines, the real files. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "dict/verbs.h"

#include <stdio.h>
#include <string.h>

static int nwarn;
static char lastwarn[512];
static void count_warn(void *u, const char *m)
{
    (void)u;
    nwarn++;
    snprintf(lastwarn, sizeof lastwarn, "%s", m);
}

static pl_verbdict *load(const char *text)
{
    pl_verbdict *d = NULL;
    nwarn = 0;
    lastwarn[0] = '\0';
    parley_set_log(count_warn, NULL);
    assert_int_equal(pl_verbs_load_mem(text, strlen(text), "t.txt", &d), PARLEY_OK);
    return d;
}

static const char SAMPLE[] = "# comment\n"
                             "&CEASEFIRE\n"
                             "+TRUCE\n"
                             "+CEASE_FIRE\n"
                             "\n"
                             "&NEST_\n"
                             "+&CEASEFIRE\n"
                             "+PEACE\n"
                             "---  AGREE   [050]  ---\n"
                             "AGREE {AGREED AGREEING}\n"
                             "+ASK_FOR {+ASKED_FOR} [020]\n"
                             "KLM_+RST\n"
                             "- * (TO &CEASEFIRE)                 [0356]        # AGREE\n"
                             "- $ * {PEACE DEAL} (WITH +)         [057:057]     # AGREE\n"
                             "- * (BEFORE COURT)                  [:173]\n"
                             "--- HIT [---] ---\n"
                             "HIT\n"
                             "- * +  [190]\n"
                             "######## TRANSFORMATIONS ##########\n"
                             "~ a (a b ATTACK) SAY = a b 015\n";

static void sample_loads_blocks_verbs_patterns(void **state)
{
    (void)state;
    pl_verbdict *d = load(SAMPLE);
    assert_int_equal(nwarn, 0);
    assert_int_equal(pl_verbs_block_count(d), 2);
    const pl_vblock *b = pl_verbs_block(d, 0);
    assert_string_equal(b->name, "AGREE");
    assert_string_equal(b->code, "050");
    assert_int_equal(b->npat, 3);
    assert_int_equal(b->line, 9);
    assert_string_equal(pl_verbs_block(d, 1)->code, "");
    assert_int_equal(pl_verbs_block_find(d, "HIT"), 1);
    assert_int_equal(pl_verbs_block_find(d, "NOPE"), -1);
    assert_int_equal(pl_verbs_pattern_count(d), 4);

    const pl_vpattern *p = pl_verbs_pattern(d, b->pat0);
    assert_string_equal(p->code, "0356");
    assert_string_equal(p->text, "* (TO &CEASEFIRE)");
    assert_string_equal(p->file, "t.txt");
    assert_int_equal(p->line, 13);
    assert_int_equal(p->npre, 0);
    assert_int_equal(p->npost, 2);
    assert_int_equal(p->post[0].kind, PL_VEL_PREP);
    assert_string_equal(p->post[0].word, "TO");
    assert_int_equal(p->post[0].n, 1);
    assert_int_equal(p->post[1].kind, PL_VEL_SYNSET);
    assert_string_equal(pl_verbs_synset_name(d, (size_t)p->post[1].synset), "CEASEFIRE");

    p = pl_verbs_pattern(d, b->pat0 + 1);
    assert_string_equal(p->code, "057");
    assert_string_equal(p->pcode, "057");
    assert_true(p->has_passive);
    assert_int_equal(p->npre, 1);
    assert_int_equal(p->pre[0].kind, PL_VEL_SOURCE);
    assert_int_equal(p->npost, 5);
    assert_int_equal(p->post[0].kind, PL_VEL_PHRASE);
    assert_int_equal(p->post[0].n, 2);
    assert_string_equal(p->post[1].word, "PEACE");
    assert_string_equal(p->post[2].word, "DEAL");
    assert_int_equal(p->post[3].kind, PL_VEL_PREP);
    assert_string_equal(p->post[3].word, "WITH");
    assert_int_equal(p->post[4].kind, PL_VEL_TARGET);
    assert_int_equal(p->weight, 6);

    p = pl_verbs_pattern(d, b->pat0 + 2);
    assert_string_equal(p->code, "");
    assert_string_equal(p->pcode, "173");
    assert_true(p->has_passive);
    pl_verbs_free(d);
}

static void lookup_finds_forms_and_multiword_verbs(void **state)
{
    (void)state;
    pl_verbdict *d = load(SAMPLE);
    const pl_vverb *const *v;
    size_t n;
    pl_verbs_lookup(d, "AGREE", &v, &n);
    assert_int_equal(n, 1);
    assert_string_equal(v[0]->verb, "AGREE");
    pl_verbs_lookup(d, "AGREED", &v, &n);
    assert_int_equal(n, 1);
    assert_string_equal(v[0]->verb, "AGREE");
    pl_verbs_lookup(d, "ASK", &v, &n);
    assert_int_equal(n, 1);
    assert_int_equal(v[0]->npost, 1);
    assert_string_equal(v[0]->post[0], "FOR");
    assert_string_equal(v[0]->code, "020");
    pl_verbs_lookup(d, "ASKED", &v, &n);
    assert_int_equal(n, 1);
    pl_verbs_lookup(d, "RST", &v, &n);
    assert_int_equal(n, 1);
    assert_int_equal(v[0]->npre, 1);
    assert_string_equal(v[0]->pre[0], "KLM");
    pl_verbs_lookup(d, "HIT", &v, &n);
    assert_int_equal(n, 1);
    assert_int_equal(v[0]->block, 1);
    pl_verbs_lookup(d, "MISSING", &v, &n);
    assert_int_equal(n, 0);
    pl_verbs_free(d);
}

static void synsets_expand_nested_members(void **state)
{
    (void)state;
    pl_verbdict *d = load(SAMPLE);
    long i = pl_verbs_synset_find(d, "NEST");
    assert_true(i >= 0);
    const char *const *m;
    size_t n;
    pl_verbs_synset_members(d, (size_t)i, &m, &n);
    assert_int_equal(n, 3);
    int seen = 0;
    for (size_t k = 0; k < n; k++)
        seen |= strcmp(m[k], "TRUCE") == 0        ? 1
                : strcmp(m[k], "CEASE FIRE") == 0 ? 2
                : strcmp(m[k], "PEACE") == 0      ? 4
                                                  : 8;
    assert_int_equal(seen, 7);
    pl_verbs_free(d);
}

static void transformations_are_read(void **state)
{
    (void)state;
    pl_verbdict *d = load(SAMPLE);
    assert_int_equal(pl_verbs_trans_count(d), 1);
    const pl_vtrans *t = pl_verbs_trans(d, 0);
    assert_int_equal(t->outer_src, 'a');
    assert_int_equal(t->inner_src, 'a');
    assert_int_equal(t->inner_tgt, 'b');
    assert_string_equal(t->inner, "ATTACK");
    assert_string_equal(t->outer, "SAY");
    assert_string_equal(t->code, "015");
    assert_int_equal(t->line, 20);
    pl_verbs_free(d);
}

static void malformed_lines_are_reported_and_skipped(void **state)
{
    (void)state;
    pl_verbdict *d = load("--- GO [040] ---\n"
                          "GO\n"
                          "- * (TO BORDER [154]\n"  /* unbalanced */
                          "- (TO) BORDER [154]\n"   /* no verb */
                          "- * BORDER [15x:]\n"     /* code chars ok, passive empty */
                          "- * BORDER [12345678]\n" /* code too long */
                          "- * &NOSUCH [154]\n"     /* unknown synset */
                          "~ a b = c\n"             /* bad transformation */
                          "- * * [010]\n"           /* two verbs */
                          "- * (TO +) [042]\n");
    assert_int_equal(pl_verbs_pattern_count(d), 2);
    assert_true(nwarn >= 6);
    assert_non_null(strstr(lastwarn, "t.txt:"));
    const pl_vpattern *p = pl_verbs_pattern(d, 1);
    assert_string_equal(p->code, "042");
    assert_int_equal(p->line, 10);
    pl_verbs_free(d);
}

static void a_file_without_blocks_is_an_error(void **state)
{
    (void)state;
    pl_verbdict *d = NULL;
    parley_set_log(NULL, NULL);
    assert_int_equal(pl_verbs_load_mem("&X\n+Y\n", 6, "x", &d), PARLEY_ERR_DICT);
    assert_null(d);
    assert_non_null(strstr(parley_errmsg(), "x"));
    const char *missing[] = {"/nonexistent/verbs.txt"};
    assert_int_equal(pl_verbs_load(missing, 1, &d), PARLEY_ERR_IO);
    assert_non_null(strstr(parley_errmsg(), "/nonexistent/verbs.txt"));
}

static void real_cameo_dictionary_loads(void **state)
{
    (void)state;
    const char *paths[] = {"data/petrarch2/CAMEO.2.0.txt"};
    pl_verbdict *d = NULL;
    parley_set_log(count_warn, NULL);
    nwarn = 0;
    assert_int_equal(pl_verbs_load(paths, 1, &d), PARLEY_OK);
    /* FORMATS.md: 397 blocks, 4668 patterns, 40 synsets, 8 transformations;
     * a handful of patterns are malformed in the file itself */
    assert_int_equal(pl_verbs_block_count(d), 397);
    assert_int_equal(pl_verbs_synset_count(d), 40);
    assert_int_equal(pl_verbs_trans_count(d), 8);
    assert_true(pl_verbs_pattern_count(d) >= 4650);
    assert_true(nwarn < 10);
    const pl_vverb *const *v;
    size_t n;
    pl_verbs_lookup(d, "SHOOT", &v, &n);
    assert_true(n >= 1);
    pl_verbs_lookup(d, "ACCUSE", &v, &n);
    assert_true(n >= 1);
    const pl_vblock *b = pl_verbs_block(d, v[0]->block);
    assert_true(b->npat > 0);
    pl_verbs_free(d);
}

static void load_survives_allocation_failures(void **state)
{
    (void)state;
    parley_set_log(NULL, NULL);
    for (long k = 0; k < 200; k++) {
        pl_verbdict *d = NULL;
        pl_alloc_fail_after(k);
        parley_status st = pl_verbs_load_mem(SAMPLE, strlen(SAMPLE), "t", &d);
        pl_alloc_fail_after(-1);
        if (st == PARLEY_OK) {
            assert_non_null(d);
            pl_verbs_free(d);
            return;
        }
        assert_int_equal(st, PARLEY_ERR_NOMEM);
        assert_null(d);
    }
    fail_msg("never succeeded");
}

/* The hashed lookup gives what the binary search gives, for every word of
 * the CAMEO dictionary and forms of it that are not verb words. */
static size_t same_lookup(const pl_verbdict *d, const char *w)
{
    const pl_vverb *const *a, *const *b;
    size_t na, nb;
    pl_verbs_lookup(d, w, &a, &na);
    pl_verbs_lookup_sorted(d, w, &b, &nb);
    assert_int_equal(na, nb);
    if (na)
        assert_ptr_equal(a, b);
    for (size_t i = 0; i < na; i++)
        assert_non_null(a[i]->verb);
    return na;
}

static void hashed_lookup_equals_binary_search(void **state)
{
    (void)state;
    const char *paths[] = {"data/petrarch2/CAMEO.2.0.txt"};
    pl_verbdict *d = NULL;
    parley_set_log(NULL, NULL);
    assert_int_equal(pl_verbs_load(paths, 1, &d), PARLEY_OK);
    static const char *const ends[] = {"", "S", "ED", "D", "ING", "X"};
    size_t found = 0, tried = 0;
    char buf[256];
    for (size_t b = 0; b < pl_verbs_block_count(d); b++) {
        const pl_vblock *blk = pl_verbs_block(d, b);
        for (size_t e = 0; e < 6; e++) {
            snprintf(buf, sizeof buf, "%s%s", blk->name, ends[e]);
            found += same_lookup(d, buf) > 0;
            tried++;
        }
        found += same_lookup(d, blk->name + 1) > 0;
        for (uint32_t p = blk->pat0; p < blk->pat0 + blk->npat; p++) {
            const pl_vpattern *pat = pl_verbs_pattern(d, p);
            for (int side = 0; side < 2; side++) {
                const pl_vel *el = side ? pat->post : pat->pre;
                size_t n = side ? pat->npost : pat->npre;
                for (size_t i = 0; i < n; i++)
                    if (el[i].word && *el[i].word) {
                        found += same_lookup(d, el[i].word) > 0;
                        tried++;
                    }
            }
        }
    }
    for (size_t i = 0; i < pl_verbs_synset_count(d); i++) {
        const char *const *m;
        size_t n;
        pl_verbs_synset_members(d, i, &m, &n);
        for (size_t k = 0; k < n; k++) {
            found += same_lookup(d, m[k]) > 0;
            tried++;
        }
    }
    found += same_lookup(d, "") > 0;
    assert_true(tried > 5000);
    assert_true(found > 400 && found < tried);
    pl_verbs_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(sample_loads_blocks_verbs_patterns),
        cmocka_unit_test(lookup_finds_forms_and_multiword_verbs),
        cmocka_unit_test(synsets_expand_nested_members),
        cmocka_unit_test(transformations_are_read),
        cmocka_unit_test(malformed_lines_are_reported_and_skipped),
        cmocka_unit_test(a_file_without_blocks_is_an_error),
        cmocka_unit_test(real_cameo_dictionary_loads),
        cmocka_unit_test(hashed_lookup_equals_binary_search),
        cmocka_unit_test(load_survives_allocation_failures),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
