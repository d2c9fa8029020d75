/* cmd_places.c - `parley places`: the place names of documents, and
 * `parley gazetteer`: compile and inspect the gazetteer. */
#include "cli.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char places_help[] =
    "usage: parley places [--input-format F] [--format jsonl] [--gazetteer PATH]\n"
    "                     [--model PATH] [--no-parse] FILE...|-\n"
    "\n"
    "Finds every place name in each document and resolves it in the gazetteer\n"
    "(default: build/places.gaz): one JSON object per name, with byte offsets\n"
    "into the document text: start, end, text, name, country (ISO3), lat, lon,\n"
    "geonames_id, feature (GeoNames class.code: P.PPLC, A.ADM1, H.STRT...),\n"
    "sentence_index, and doc_id.\n"
    "  --input-format  auto (by extension), text, jsonl, html, warc\n"
    "  --no-parse      skip tagging and parsing (faster, less accurate)\n"
    "Exit status: 0 ok, 1 bad input (reported on stderr), 2 usage error.\n";

static int run_places(int argc, char **argv)
{
    const char *in_fmt = "auto", *fmt = "jsonl", *gaz = NULL, *model = NULL;
    bool parse = true;
    const char **files = calloc((size_t)argc + 1, sizeof *files);
    size_t nfiles = 0;
    if (!files)
        return CLI_BAD_INPUT;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        bool has = i + 1 < argc;
        if (strcmp(a, "--input-format") == 0 && has)
            in_fmt = argv[++i];
        else if (strcmp(a, "--format") == 0 && has)
            fmt = argv[++i];
        else if (strcmp(a, "--gazetteer") == 0 && has)
            gaz = argv[++i];
        else if (strcmp(a, "--model") == 0 && has)
            model = argv[++i];
        else if (strcmp(a, "--no-parse") == 0)
            parse = false;
        else if (a[0] == '-' && a[1]) {
            free(files);
            fputs(places_help, stderr);
            return CLI_USAGE;
        } else
            files[nfiles++] = a;
    }
    parley_input_format ifmt;
    if (nfiles == 0 || strcmp(fmt, "jsonl") != 0 ||
        parley_input_format_from_name(in_fmt, &ifmt) != PARLEY_OK) {
        free(files);
        fputs(places_help, stderr);
        return CLI_USAGE;
    }
    parley_gazetteer *g = NULL;
    parley_model *m = NULL;
    parley_parser *p = NULL;
    parley_stats *stats = NULL;
    parley_status st = parley_gazetteer_load(gaz, &g);
    if (!st && parse)
        st = parley_model_load(model, &m);
    if (!st && m)
        st = parley_parser_new(m, &p);
    if (!st)
        st = parley_stats_new(&stats);
    int rc = CLI_OK;
    if (st) {
        cli_report("places", st);
        rc = CLI_BAD_INPUT;
        goto done;
    }
    for (size_t f = 0; f < nfiles; f++) {
        parley_reader *r = NULL;
        if ((st = parley_reader_open(files[f], ifmt, stats, &r))) {
            cli_report("places", st);
            rc = CLI_BAD_INPUT;
            continue;
        }
        parley_doc *doc;
        while ((st = parley_reader_next(r, &doc)) == PARLEY_OK) {
            char *out = NULL;
            st = parley_doc_segment(doc);
            if (!st && p)
                st = parley_parser_parse_doc(p, doc);
            if (!st)
                st = parley_places_jsonl(g, doc, &out);
            if (st) {
                fprintf(stderr, "parley places: document '%s': %s\n", parley_doc_id(doc),
                        parley_errmsg());
                rc = CLI_BAD_INPUT;
            } else {
                /* each line gets the document's id in front */
                const char *id = parley_doc_id(doc);
                for (char *line = out; *line;) {
                    char *nl = strchr(line, '\n');
                    size_t len = nl ? (size_t)(nl - line) : strlen(line);
                    fputs("{\"doc_id\":\"", stdout);
                    for (const char *c = id; *c; c++) {
                        if (*c == '"' || *c == '\\')
                            putchar('\\');
                        if ((unsigned char)*c >= 0x20)
                            putchar(*c);
                    }
                    fputs("\",", stdout);
                    fwrite(line + 1, 1, len - 1, stdout);
                    putchar('\n');
                    line += len + (nl ? 1 : 0);
                }
            }
            parley_string_free(out);
            parley_doc_free(doc);
        }
        if (st != PARLEY_END) {
            cli_report("places", st);
            rc = CLI_BAD_INPUT;
        }
        parley_reader_free(r);
    }
    if (parley_stats_bad_input(stats) > 0)
        rc = CLI_BAD_INPUT;
done:
    parley_stats_free(stats);
    parley_parser_free(p);
    parley_model_free(m);
    parley_gazetteer_free(g);
    free(files);
    fflush(stdout);
    return rc;
}

const cli_command cmd_places_def = {"places", "find and resolve the place names of documents",
                                    places_help, run_places};

static const char gaz_help[] =
    "usage: parley gazetteer build [--data DIR] -o FILE\n"
    "       parley gazetteer lookup [--gazetteer PATH] NAME...\n"
    "\n"
    "build: compile the gazetteer from the GeoNames files and hand additions in\n"
    "  DIR (default: data) into FILE (make does this: build/places.gaz) and print\n"
    "  a JSON summary. Bad lines are reported with file and line and skipped.\n"
    "lookup: the entries a name can mean, most likely first (one JSON line each).\n";

static int gaz_lookup(int argc, char **argv)
{
    const char *path = NULL;
    int first = 1;
    if (argc > 2 && strcmp(argv[1], "--gazetteer") == 0) {
        path = argv[2];
        first = 3;
    }
    if (first >= argc) {
        fputs(gaz_help, stderr);
        return CLI_USAGE;
    }
    parley_gazetteer *g;
    parley_status st = parley_gazetteer_load(path, &g);
    if (st) {
        cli_report("gazetteer", st);
        return CLI_BAD_INPUT;
    }
    for (int i = first; i < argc; i++) {
        uint32_t ids[20];
        size_t n = parley_gazetteer_lookup(g, argv[i], ids, 20);
        for (size_t k = 0; k < n && k < 20; k++) {
            const char *name, *cc, *feat;
            double lat, lon;
            uint32_t gid;
            long pop;
            parley_gazetteer_entry(g, ids[k], &name, &cc, &lat, &lon, &gid, &pop, &feat);
            printf("{\"query\":\"%s\",\"name\":\"%s\",\"country\":\"%s\",\"lat\":%.5f,\"lon\":%.5f,"
                   "\"geonames_id\":%u,\"population\":%ld,\"feature\":\"%s\"}\n",
                   argv[i], name, cc, lat, lon, gid, pop, feat);
        }
    }
    parley_gazetteer_free(g);
    return CLI_OK;
}

static int run_gaz(int argc, char **argv)
{
    if (argc >= 2 && strcmp(argv[1], "lookup") == 0)
        return gaz_lookup(argc - 1, argv + 1);
    if (argc < 2 || strcmp(argv[1], "build") != 0) {
        fputs(gaz_help, stderr);
        return CLI_USAGE;
    }
    const char *dir = "data", *out = NULL;
    for (int i = 2; i < argc; i++) {
        if (strcmp(argv[i], "--data") == 0 && i + 1 < argc)
            dir = argv[++i];
        else if (strcmp(argv[i], "-o") == 0 && i + 1 < argc)
            out = argv[++i];
        else {
            fputs(gaz_help, stderr);
            return CLI_USAGE;
        }
    }
    if (!out) {
        fputs(gaz_help, stderr);
        return CLI_USAGE;
    }
    char *report = NULL;
    parley_status st = parley_gazetteer_build(dir, out, &report);
    if (st) {
        cli_report("gazetteer build", st);
        return CLI_BAD_INPUT;
    }
    printf("%s\n", report);
    parley_string_free(report);
    return CLI_OK;
}

const cli_command cmd_gazetteer_def = {"gazetteer", "compile or query the place gazetteer",
                                       gaz_help, run_gaz};
