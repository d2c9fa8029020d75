/* test_model_weights.c - unit tests for the frozen perceptron table of
 * src/model/perceptron.c: averaging, pruning, int16 quantization, the three
 * slot kinds (inline, external run, dense row) and the checks on a stored
 * table. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "model/model.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define NCL 60


/* Feature k (key 1000 + k) gets weight (k + 1) * (c % 5 - 2) for classes
 * c < nc[k]; class 0 of feature 0 gets the largest weight, 50. */
static const uint32_t nc[] = {2, 3, 6, 30, 60, 1};
#define NF (sizeof nc / sizeof nc[0])

static double weight(size_t k, uint32_t c)
{
    if (k == 0 && c == 0)
        return 50;
    return (double)(k + 1) * ((double)(c % 5) - 2);
}

static void build(pl_pfrozen *fz, float prune)
{
    pl_ptrain t;
    assert_int_equal(pl_ptrain_init(&t, NCL), PARLEY_OK);
    for (size_t k = 0; k < NF; k++) {
        uint64_t key = pl_mix64(1000 + k);
        for (uint32_t c = 0; c < nc[k]; c++) {
            int w = (int)weight(k, c);
            /* a zero weight still makes a record: it must not be stored */
            assert_int_equal(pl_ptrain_update(&t, &key, 1, c, w), PARLEY_OK);
        }
    }
    pl_ptrain_tick(&t); /* one instance: the averages are the weights */
    assert_int_equal(pl_pfrozen_make(&t, prune, fz), PARLEY_OK);
    pl_ptrain_release(&t);
}

static void frozen_scores_are_the_quantized_averages(void **state)
{
    (void)state;
    pl_pfrozen fz;
    build(&fz, 0);
    assert_true(fabsf(fz.pm.scale - 32767.0f / 50.0f) < 1e-3f);
    /* every kind of slot is used */
    int kinds[8] = {0};
    for (size_t i = 1; i <= fz.nslots; i++)
        if (fz.slots[i].fp)
            kinds[fz.slots[i].fp & PL_SLOT_KIND]++;
    assert_true(kinds[1] + kinds[2] + kinds[3] >= 2);
    assert_int_equal(kinds[PL_SLOT_EXT], 1);
    assert_int_equal(kinds[PL_SLOT_DENSE], 2);
    for (size_t k = 0; k < NF; k++) {
        uint64_t key = pl_mix64(1000 + k);
        int32_t scores[64] = {0};
        pl_pmodel_score(&fz.pm, &key, 1, scores);
        for (uint32_t c = 0; c < NCL; c++) {
            double want = c < nc[k] ? floor(weight(k, c) * fz.pm.scale + 0.5) : 0;
            if (scores[c] != (int32_t)want)
                fail_msg("feature %zu class %u: %d, want %.0f", k, c, scores[c], want);
        }
    }
    /* all features at once, with repeats and unknown keys: the sums */
    uint64_t keys[2 * NF + 2];
    int32_t want[64] = {0}, got[64] = {0};
    size_t nk = 0;
    for (size_t k = 0; k < NF; k++) {
        keys[nk++] = pl_mix64(1000 + k);
        keys[nk++] = pl_mix64(1000 + k);
        for (uint32_t c = 0; c < nc[k]; c++)
            want[c] += 2 * (int32_t)floor(weight(k, c) * fz.pm.scale + 0.5);
    }
    keys[nk++] = pl_mix64(99);
    keys[nk++] = 12345;
    pl_pmodel_score(&fz.pm, keys, nk, got);
    assert_memory_equal(got, want, sizeof got);
    pl_pfrozen_release(&fz);
}

static void weak_features_are_pruned(void **state)
{
    (void)state;
    pl_pfrozen fz;
    build(&fz, 4.5f); /* feature 1 (largest |weight| 4) goes, the others stay */
    size_t used = 0;
    for (size_t i = 1; i <= fz.nslots; i++)
        used += fz.slots[i].fp != 0;
    assert_int_equal(used, NF - 1);
    uint64_t key = pl_mix64(1000 + 1);
    int32_t scores[64] = {0}, zero[64] = {0};
    pl_pmodel_score(&fz.pm, &key, 1, scores);
    assert_memory_equal(scores, zero, sizeof scores);
    pl_pfrozen_release(&fz);
}

static void the_most_used_features_go_to_the_hot_table(void **state)
{
    (void)state;
    /* more features than the hot table takes; features k < 100 are scored
     * (used) more often, so they must be hot; all of them must be found */
    size_t nf = PL_HOT_MAX + 5000;
    pl_ptrain t;
    assert_int_equal(pl_ptrain_init(&t, 8), PARLEY_OK);
    float sc[8];
    for (size_t k = 0; k < nf; k++) {
        uint64_t key = pl_mix64(77 + k);
        assert_int_equal(pl_ptrain_update(&t, &key, 1, (uint32_t)(k % 8), 1 + (int)(k % 5)),
                         PARLEY_OK);
        assert_int_equal(pl_ptrain_update(&t, &key, 1, (uint32_t)((k + 3) % 8), -1), PARLEY_OK);
        pl_ptrain_score(&t, &key, 1, sc);
        if (k < 100)
            for (int r = 0; r < 3; r++)
                pl_ptrain_score(&t, &key, 1, sc);
    }
    pl_ptrain_tick(&t);
    pl_pfrozen fz;
    assert_int_equal(pl_ptrain_freeze(&t, 0, &fz.slots, &fz.nslots, &fz.ents, &fz.nents),
                     PARLEY_OK);
    pl_ptrain_release(&t);
    assert_null(pl_pmodel_view(&fz.pm, fz.slots, fz.nslots + 1, fz.ents, fz.nents, 8));
    assert_true(fz.pm.nhot >= PL_HOT_MAX && fz.pm.nslots > 5000);
    size_t used = 0;
    for (size_t i = 0; i < fz.pm.nhot; i++)
        used += fz.pm.hot[i].fp != 0;
    assert_int_equal(used, PL_HOT_MAX);
    int32_t one = (int32_t)floorf(fz.pm.scale + 0.5f);
    for (size_t k = 0; k < nf; k++) {
        uint64_t key = pl_mix64(77 + k);
        const pl_pslot *s;
        pl_pmodel_find(&fz.pm, &key, 1, &s);
        assert_non_null(s);
        if (k < 100)
            assert_true(s >= fz.pm.hot && s < fz.pm.hot + fz.pm.nhot);
        int32_t scores[8] = {0};
        pl_pmodel_score(&fz.pm, &key, 1, scores);
        int32_t up = (int32_t)floorf((float)(1 + k % 5) * fz.pm.scale + 0.5f);
        if (scores[k % 8] != up || scores[(k + 3) % 8] != -one)
            fail_msg("feature %zu: %d %d, want %d %d", k, scores[k % 8], scores[(k + 3) % 8], up,
                     -one);
    }
    pl_pfrozen_release(&fz);
}

static void damaged_tables_are_refused(void **state)
{
    (void)state;
    pl_pfrozen fz;
    build(&fz, 0);
    pl_pmodel pm;
    size_t ns = fz.nslots + 1;
    pl_pslot *s = malloc(ns * sizeof *s);
    assert_non_null(s);
    /* wrong class count, wrong size */
    assert_non_null(pl_pmodel_view(&pm, fz.slots, ns, fz.ents, fz.nents, NCL + 1));
    assert_non_null(pl_pmodel_view(&pm, fz.slots, ns - 1, fz.ents, fz.nents, NCL));
    /* entries cut short */
    assert_non_null(pl_pmodel_view(&pm, fz.slots, ns, fz.ents, fz.nents - 1, NCL));
    for (size_t i = 1; i < ns; i++) {
        if (!fz.slots[i].fp)
            continue;
        uint32_t kind = fz.slots[i].fp & PL_SLOT_KIND;
        memcpy(s, fz.slots, ns * sizeof *s);
        s[i].fp |= PL_SLOT_KIND; /* unknown kind */
        assert_non_null(pl_pmodel_view(&pm, s, ns, fz.ents, fz.nents, NCL));
        memcpy(s, fz.slots, ns * sizeof *s);
        if (kind < PL_SLOT_EXT)
            s[i].u.in[0].cls = NCL; /* class out of range */
        else
            s[i].u.ext.start = (uint32_t)fz.nents; /* run outside the entries */
        assert_non_null(pl_pmodel_view(&pm, s, ns, fz.ents, fz.nents, NCL));
    }
    /* a table with no empty slot would make a probe run forever */
    memcpy(s, fz.slots, ns * sizeof *s);
    for (size_t i = 1; i < ns; i++)
        if (!s[i].fp) {
            s[i].fp = 8 | 1;
            s[i].u.in[0].cls = 1;
        }
    assert_string_equal(pl_pmodel_view(&pm, s, ns, fz.ents, fz.nents, NCL),
                        "weight table has no empty slot");
    free(s);
    pl_pfrozen_release(&fz);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(frozen_scores_are_the_quantized_averages),
        cmocka_unit_test(weak_features_are_pruned),
        cmocka_unit_test(the_most_used_features_go_to_the_hot_table),
        cmocka_unit_test(damaged_tables_are_refused),
    };
    return cmocka_run_group_tests_name("model_weights", tests, NULL, NULL);
}
