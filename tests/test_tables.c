/* test_tables.c - unit tests for the CAMEO code tables (src/code/tables.c):
 * Goldstein, names, PLOVER, QuadClass, parent fallback, bad lines, data dir. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "code/tables.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int nwarn;
static void count_warn(void *u, const char *m)
{
    (void)u;
    (void)m;
    nwarn++;
}

static void real_tables_give_known_values(void **state)
{
    (void)state;
    pl_tables *t = NULL;
    parley_set_log(count_warn, NULL);
    nwarn = 0;
    assert_int_equal(pl_tables_load("data", &t), PARLEY_OK);
    assert_int_equal(nwarn, 0);
    pl_cameo_info i;
    pl_tables_get(t, "190", &i);
    assert_string_equal(i.root, "19");
    assert_int_equal(i.quad, 4);
    assert_true(fabs(i.goldstein - -10.0) < 1e-9);
    assert_string_equal(i.plover, "ASSAULT");
    pl_tables_get(t, "042", &i);
    assert_int_equal(i.quad, 1);
    assert_true(fabs(i.goldstein - 1.9) < 1e-9);
    assert_string_equal(i.plover, "CONSULT");
    assert_string_equal(i.plover_mode, "visit");
    assert_string_equal(i.name, "Make a visit");
    /* GDELT, not ICEWS: 016 is -2.0 in GDELT's table (-5.0 in ICEWS's) */
    pl_tables_get(t, "016", &i);
    assert_true(fabs(i.goldstein - -2.0) < 1e-9);
    pl_tables_get(t, "0311", &i);
    assert_int_equal(i.quad, 1);
    assert_string_equal(i.plover_mode, "");
    pl_tables_get(t, "112", &i);
    assert_int_equal(i.quad, 3);
    assert_string_equal(i.plover, "ACCUSE");
    pl_tables_get(t, "061", &i);
    assert_int_equal(i.quad, 2);
    pl_tables_free(t);
}

static void unknown_codes_fall_back_to_parents(void **state)
{
    (void)state;
    pl_tables *t = NULL;
    assert_int_equal(pl_tables_load("data", &t), PARLEY_OK);
    pl_cameo_info i;
    /* 1999 is not a CAMEO code: Goldstein and PLOVER come from 19, no name */
    pl_tables_get(t, "1999", &i);
    assert_string_equal(i.root, "19");
    assert_true(fabs(i.goldstein - -10.0) < 1e-9);
    assert_string_equal(i.plover, "ASSAULT");
    assert_string_equal(i.name, "");
    pl_tables_get(t, "XYZ", &i);
    assert_string_equal(i.root, "");
    assert_int_equal(i.quad, 0);
    assert_true(isnan(i.goldstein));
    assert_string_equal(i.plover, "");
    pl_tables_get(NULL, "042", &i);
    assert_int_equal(i.quad, 1);
    pl_tables_free(t);
}

static void quad_class_follows_gdelt(void **state)
{
    (void)state;
    const int want[21] = {0, 1, 1, 1, 1, 1, 2, 2, 2, 3, 3, 3, 3, 3, 4, 4, 4, 4, 4, 4, 4};
    for (int r = 0; r <= 20; r++) {
        char s[3] = {(char)('0' + r / 10), (char)('0' + r % 10), 0};
        assert_int_equal(pl_quad_class(s), want[r]);
    }
    assert_int_equal(pl_quad_class("21"), 0);
    assert_int_equal(pl_quad_class("1"), 0);
    assert_int_equal(pl_quad_class(NULL), 0);
}

static void bad_lines_are_reported_and_skipped(void **state)
{
    (void)state;
    char dir[] = "/tmp/parley_tables_XXXXXX";
    assert_non_null(mkdtemp(dir));
    char p[512];
    snprintf(p, sizeof p, "%s/goldstein", dir);
    mkdir(p, 0700);
    snprintf(p, sizeof p, "%s/plover", dir);
    mkdir(p, 0700);
    snprintf(p, sizeof p, "%s/goldstein/CAMEO.goldsteinscale.txt", dir);
    FILE *f = fopen(p, "w");
    fputs("CAMEOEVENTCODE\tGOLDSTEINSCALE\n19\t-10.0\nbad line\n190\tabc\n191\t-99\n195\t-10\n", f);
    fclose(f);
    snprintf(p, sizeof p, "%s/goldstein/CAMEO.eventcodes.txt", dir);
    f = fopen(p, "w");
    fputs("H\n19\tFIGHT\n", f);
    fclose(f);
    snprintf(p, sizeof p, "%s/plover/CAMEO2PLOVER-2021.txt", dir);
    f = fopen(p, "w");
    fputs("# c\n19: ASSAULT\n195: ASSAULT, aerial, military # Employ aerial weapons\nxx: Y\n"
          "196: AS SAULT, x\n",
          f);
    fclose(f);
    nwarn = 0;
    parley_set_log(count_warn, NULL);
    pl_tables *t = NULL;
    assert_int_equal(pl_tables_load(dir, &t), PARLEY_OK);
    assert_int_equal(nwarn, 5);
    pl_cameo_info i;
    pl_tables_get(t, "195", &i);
    assert_string_equal(i.plover_mode, "aerial");
    assert_true(fabs(i.goldstein - -10.0) < 1e-9);
    pl_tables_get(t, "190", &i); /* its line was bad: the parent's value */
    assert_true(fabs(i.goldstein - -10.0) < 1e-9);
    pl_tables_free(t);
    /* a missing file is an error naming it */
    unlink(p);
    assert_int_equal(pl_tables_load(dir, &t), PARLEY_ERR_IO);
    assert_null(t);
    assert_non_null(strstr(parley_errmsg(), "CAMEO2PLOVER-2021.txt"));
    snprintf(p, sizeof p, "rm -rf '%s'", dir);
    assert_int_equal(system(p), 0);
}

static void data_dir_is_found(void **state)
{
    (void)state;
    char out[4096];
    unsetenv("PARLEY_DATA");
    /* the test binary sits in build/tests/: ../../data is the repository's */
    assert_int_equal(pl_data_dir(out, sizeof out), PARLEY_OK);
    assert_non_null(strstr(out, "data"));
    setenv("PARLEY_DATA", "/nonexistent", 1);
    assert_int_equal(pl_data_dir(out, sizeof out), PARLEY_ERR_NOT_FOUND);
    assert_non_null(strstr(parley_errmsg(), "/nonexistent"));
    setenv("PARLEY_DATA", "data", 1);
    assert_int_equal(pl_data_dir(out, sizeof out), PARLEY_OK);
    unsetenv("PARLEY_DATA");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(real_tables_give_known_values),
        cmocka_unit_test(unknown_codes_fall_back_to_parents),
        cmocka_unit_test(quad_class_follows_gdelt),
        cmocka_unit_test(bad_lines_are_reported_and_skipped),
        cmocka_unit_test(data_dir_is_found),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
