/* cmd_extract.c - `parley extract`: the headline, date and article body of
 * each page (or document) as the coder will see them, as text or JSON
 * Lines, so extraction can be checked alone and fed to other tools. */
#include "cli.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

static const char usage_line[] =
    "usage: parley extract [--input-format F] [--format text|jsonl] [--stats] FILE...|-\n";

/* The body: every body block, paragraphs separated by a blank line. In
 * JSON the text is escaped; in text mode each paragraph is on one line. */
static void put_body(const parley_doc *doc, bool jsonl)
{
    size_t len;
    const char *text = parley_doc_text(doc, &len);
    size_t nb = parley_doc_block_count(doc);
    bool first = true;
    for (size_t i = 0; i < nb; i++) {
        size_t s, e;
        int kind;
        if (parley_doc_block(doc, i, &s, &e, &kind) != PARLEY_OK || kind != PARLEY_BLOCK_BODY)
            continue;
        if (jsonl) {
            if (!first)
                fputs("\\n\\n", stdout);
            cli_put_json_chars(text + s, e - s);
        } else {
            if (!first)
                putchar('\n');
            cli_put_oneline(text, s, e);
            putchar('\n');
        }
        first = false;
    }
}

static void print_doc(const parley_doc *doc, bool jsonl)
{
    const char *id = parley_doc_id(doc), *url = parley_doc_url(doc);
    const char *date = parley_doc_date(doc), *title = parley_doc_title(doc);
    if (jsonl) {
        fputs("{\"id\":", stdout);
        cli_put_json(id, strlen(id));
        fputs(",\"url\":", stdout);
        cli_put_json(url, strlen(url));
        fputs(",\"date\":", stdout);
        cli_put_json(date, strlen(date));
        fputs(",\"title\":", stdout);
        cli_put_json(title, strlen(title));
        fputs(",\"text\":\"", stdout);
        put_body(doc, true);
        fputs("\"}\n", stdout);
        return;
    }
    /* header lines as CoNLL-U comments, then the headline, then the body */
    printf("# id = %s\n", id);
    if (*url)
        printf("# url = %s\n", url);
    if (*date)
        printf("# date = %s\n", date);
    cli_put_oneline(title, 0, strlen(title));
    fputs("\n\n", stdout);
    put_body(doc, false);
    putchar('\n');
}

static int run(int argc, char **argv)
{
    cli_read_opts o = {PARLEY_INPUT_AUTO, 0, 0};
    int first_file = 0;
    for (int i = 1; i < argc; i++) {
        int taken = cli_read_option("extract", argc, argv, &i, &o);
        if (taken < 0)
            return CLI_USAGE;
        if (taken)
            continue;
        if ((first_file = cli_first_file("extract", argv, i, usage_line)) < 0)
            return CLI_USAGE;
        break;
    }
    if (cli_check_files("extract", argc, argv, first_file, usage_line))
        return CLI_USAGE;
    parley_input_format fmt = o.fmt;
    bool jsonl = o.jsonl, stats_out = o.stats;

    parley_stats *stats;
    if (parley_stats_new(&stats) != PARLEY_OK) {
        cli_report("extract", PARLEY_ERR_NOMEM);
        return CLI_BAD_INPUT;
    }
    bool failed = false;
    for (int i = first_file; i < argc; i++) {
        /* a page is what this command is for: stdin is HTML unless told */
        parley_input_format f = fmt;
        if (f == PARLEY_INPUT_AUTO && strcmp(argv[i], "-") == 0)
            f = PARLEY_INPUT_HTML;
        parley_reader *r;
        parley_status st = parley_reader_open(argv[i], f, stats, &r);
        if (st) {
            cli_report("extract", st);
            failed = true;
            continue;
        }
        parley_doc *doc = NULL;
        while ((st = parley_reader_next(r, &doc)) == PARLEY_OK) {
            print_doc(doc, jsonl);
            parley_doc_free(doc);
            if (ferror(stdout))
                break;
        }
        if (st != PARLEY_END && st != PARLEY_OK) {
            cli_report("extract", st);
            failed = true;
        }
        parley_reader_free(r);
        if (ferror(stdout))
            break;
    }
    /* a full disk or a closed pipe must not pass for success (main.c
     * names the output once every command is done) */
    if (fflush(stdout) != 0 || ferror(stdout))
        failed = true;
    if (stats_out)
        fprintf(stderr, "%s\n", parley_stats_json(stats));
    if (parley_stats_bad_input(stats) > 0)
        failed = true;
    parley_stats_free(stats);
    return failed ? CLI_BAD_INPUT : CLI_OK;
}

const cli_command cmd_extract_def = {
    "extract",
    "print the headline, date and article body of pages as the coder sees them",
    "usage: parley extract [--input-format F] [--format text|jsonl] [--stats] FILE...|-\n"
    "\n"
    "Reads news pages (.html, .warc, .warc.gz; any format `parley sentences`\n"
    "reads), finds the article in each page, drops page furniture and prints\n"
    "what the coder would code: the headline, the date and the body paragraphs.\n"
    "The date is the page's own (JSON-LD datePublished, article:published_time,\n"
    "<time datetime>), else the WARC record's.\n"
    "\n"
    "  --input-format F   auto (default: by extension), text, jsonl, html, warc.\n"
    "                     \"-\" is stdin, read as one HTML page unless told.\n"
    "  --format text      per document: \"# id = ...\", \"# url = ...\", \"# date = ...\"\n"
    "                     lines (url and date when known), the headline, a blank\n"
    "                     line, then each body paragraph on one line followed by a\n"
    "                     blank line (default)\n"
    "  --format jsonl     one object per document: {\"id\",\"url\",\"date\",\"title\",\n"
    "                     \"text\"}, text the body paragraphs joined by blank lines\n"
    "                     (\"\" for url and date when unknown)\n"
    "  --stats            print the input accounting as JSON on stderr\n"
    "\n"
    "A page without article text is reported on stderr with its file (and WARC\n"
    "record), counted, and skipped. Exit status: 0 ok, 1 some input was bad or\n"
    "the output could not be written, 2 usage error.\n",
    run,
};
