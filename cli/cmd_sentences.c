/* cmd_sentences.c - `parley sentences`: read documents in any input format,
 * clean them, and print one sentence per line (or as JSON Lines). */
#include "cli.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#define MAX_FIELDS 16

static const char usage_line[] =
    "usage: parley sentences [--input-format F] [--format text|jsonl] [--stats]\n"
    "                        [--field NAME=JSONNAME]... FILE...|-\n";

static void print_doc(const parley_doc *doc, bool jsonl)
{
    size_t len;
    const char *text = parley_doc_text(doc, &len);
    const char *id = parley_doc_id(doc);
    size_t ns = parley_doc_sentence_count(doc);
    for (size_t i = 0; i < ns; i++) {
        size_t s, e;
        if (parley_doc_sentence_span(doc, i, &s, &e) != PARLEY_OK)
            continue;
        if (!jsonl) {
            cli_put_oneline(text, s, e);
            putchar('\n');
            continue;
        }
        fputs("{\"doc_id\":", stdout);
        cli_put_json(id, strlen(id));
        printf(",\"sentence_index\":%zu,\"start\":%zu,\"end\":%zu,\"text\":", i, s, e);
        cli_put_json(text + s, e - s);
        fputs("}\n", stdout);
    }
}

static bool known_field(const char *name, size_t n)
{
    static const char *const fields[] = {"id", "date", "title", "text", "url", "source"};
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
        if (strlen(fields[i]) == n && strncmp(fields[i], name, n) == 0)
            return true;
    return false;
}

static int run(int argc, char **argv)
{
    cli_read_opts o = {PARLEY_INPUT_AUTO, 0, 0};
    const char *fields[MAX_FIELDS];
    size_t nfields = 0;
    int first_file = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        int taken = cli_read_option("sentences", argc, argv, &i, &o);
        if (taken < 0)
            return CLI_USAGE;
        if (taken)
            continue;
        if (strcmp(a, "--field") == 0 && i + 1 < argc) {
            const char *m = argv[++i];
            const char *eq = strchr(m, '=');
            if (!eq || !eq[1] || !known_field(m, (size_t)(eq - m))) {
                fprintf(stderr,
                        "parley sentences: --field wants NAME=JSONNAME with NAME one of id, "
                        "date, title, text, url, source (got '%s')\n",
                        m);
                return CLI_USAGE;
            }
            if (nfields == MAX_FIELDS) {
                fprintf(stderr, "parley sentences: at most %d --field options\n", MAX_FIELDS);
                return CLI_USAGE;
            }
            fields[nfields++] = m;
        } else {
            if ((first_file = cli_first_file("sentences", argv, i, usage_line)) < 0)
                return CLI_USAGE;
            break;
        }
    }
    if (cli_check_files("sentences", argc, argv, first_file, usage_line))
        return CLI_USAGE;
    parley_input_format fmt = o.fmt;
    bool jsonl = o.jsonl, stats_out = o.stats;

    parley_stats *stats;
    if (parley_stats_new(&stats) != PARLEY_OK) {
        cli_report("sentences", PARLEY_ERR_NOMEM);
        return CLI_BAD_INPUT;
    }
    bool failed = false;
    for (int i = first_file; i < argc && !cli_output_failed(); i++) {
        parley_reader *r;
        parley_status st = parley_reader_open(argv[i], fmt, stats, &r);
        if (st) {
            cli_report("sentences", st);
            failed = true;
            continue;
        }
        for (size_t k = 0; k < nfields && !st; k++) {
            char name[16];
            size_t n = (size_t)(strchr(fields[k], '=') - fields[k]);
            memcpy(name, fields[k], n);
            name[n] = '\0';
            st = parley_reader_map_field(r, name, fields[k] + n + 1);
        }
        parley_doc *doc = NULL;
        while (!st && !cli_output_failed() && (st = parley_reader_next(r, &doc)) == PARLEY_OK) {
            parley_status sst = parley_doc_segment(doc);
            if (sst) {
                cli_report("sentences", sst);
                parley_stats_skip(stats, "segment_failed");
            } else {
                print_doc(doc, jsonl);
            }
            parley_doc_free(doc);
        }
        if (st != PARLEY_END && st != PARLEY_OK) {
            cli_report("sentences", st);
            failed = true;
        }
        parley_reader_free(r);
    }
    fflush(stdout); /* the sentences before the accounting; main checks the output */
    if (stats_out)
        fprintf(stderr, "%s\n", parley_stats_json(stats));
    if (parley_stats_bad_input(stats) > 0)
        failed = true;
    parley_stats_free(stats);
    return failed ? CLI_BAD_INPUT : CLI_OK;
}

const cli_command cmd_sentences_def = {
    "sentences",
    "print the cleaned sentences of documents, one per line",
    "usage: parley sentences [--input-format F] [--format text|jsonl] [--stats]\n"
    "                        [--field NAME=JSONNAME]... FILE...|-\n"
    "\n"
    "Reads documents, drops page furniture (comment forms, share links, bylines,\n"
    "author names after the article), splits the headline and the body into\n"
    "sentences and prints each sentence on its own line.\n"
    "\n"
    "  --input-format F   auto (default: by extension), text, jsonl, html, warc.\n"
    "                     .txt: one document, first line the headline;\n"
    "                     .jsonl/.ndjson: one JSON object per line (id, date, title,\n"
    "                     text, url, source); .html/.htm: one page; .warc/.warc.gz:\n"
    "                     the HTML responses of a (CC-NEWS) WARC file. \"-\" is stdin,\n"
    "                     read as text unless --input-format says otherwise.\n"
    "  --format text      one sentence per line (default)\n"
    "  --format jsonl     {\"doc_id\",\"sentence_index\",\"start\",\"end\",\"text\"} per\n"
    "                     sentence; start/end are byte offsets in the document text\n"
    "  --stats            print the input accounting as JSON on stderr:\n"
    "                     {\"records_read\",\"processed\",\"skipped\":{reason:n},\"bytes\",\n"
    "                     \"utf8_repairs\",\"repaired\":{reason:n}}\n"
    "  --field NAME=JSON  JSON Lines: take document field NAME (id, date, title,\n"
    "                     text, url, source) from member JSON; repeatable\n"
    "\n"
    "Bad records (broken JSON, a line over 16 MB, a truncated WARC record) are\n"
    "reported on stderr with file and line or record, skipped, and the rest is\n"
    "processed. Exit status: 0 ok, 1 some input was bad (after processing all of\n"
    "it), 2 usage error.\n",
    run,
};
