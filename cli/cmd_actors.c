/* cmd_actors.c - `parley actors`: actor mentions of documents as JSON Lines. */
#include "cli.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

/* Print s as a JSON string (UTF-8 passed through, controls escaped). */
static void put_json(const char *s, size_t n)
{
    putchar('"');
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '"' || c == '\\')
            printf("\\%c", c);
        else if (c == '\n')
            fputs("\\n", stdout);
        else if (c == '\t')
            fputs("\\t", stdout);
        else if (c == '\r')
            fputs("\\r", stdout);
        else if (c < 0x20)
            printf("\\u%04x", c);
        else
            putchar(c);
    }
    putchar('"');
}

/* YYYY-MM-DD with a plausible month and day. */
static int print_mentions(const parley_dict *dict, parley_doc *doc, const char *date)
{
    parley_status st = parley_doc_segment(doc);
    if (st != PARLEY_OK) {
        cli_report("actors", st);
        return CLI_BAD_INPUT;
    }
    parley_mentions *m;
    if ((st = parley_dict_find_mentions(dict, doc, date, &m)) != PARLEY_OK) {
        cli_report("actors", st);
        return CLI_BAD_INPUT;
    }
    const char *text = parley_doc_text(doc, NULL);
    const char *id = parley_doc_id(doc);
    for (size_t i = 0; i < parley_mentions_count(m); i++) {
        size_t sent, start, end;
        const char *code, *match;
        parley_mention_get(m, i, &sent, &start, &end, &code, &match);
        fputs("{\"doc_id\":", stdout);
        put_json(id, strlen(id));
        printf(",\"sentence_index\":%zu,\"start\":%zu,\"end\":%zu,\"text\":", sent, start, end);
        put_json(text + start, end - start);
        fputs(",\"code\":", stdout);
        put_json(code, strlen(code));
        printf(",\"match\":\"%s\"}\n", match);
    }
    parley_mentions_free(m);
    return CLI_OK;
}

static int run(int argc, char **argv)
{
    const char *date = NULL, *dir = NULL, *format = "auto", *path = NULL;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if ((strcmp(a, "--date") == 0 || strcmp(a, "--dict") == 0 || strcmp(a, "--format") == 0) &&
            i + 1 < argc) {
            const char *v = argv[++i];
            if (a[2] == 'd' && a[3] == 'a')
                date = v;
            else if (a[2] == 'd')
                dir = v;
            else
                format = v;
        } else if (a[0] == '-' && a[1] != '\0') {
            fprintf(stderr, "parley actors: unknown option '%s'\n", a);
            return CLI_USAGE;
        } else if (!path) {
            path = a;
        } else {
            fprintf(stderr, "usage: parley actors [--date YYYY-MM-DD] [--dict DIR] FILE|-\n");
            return CLI_USAGE;
        }
    }
    if (!path) {
        fprintf(stderr, "usage: parley actors [--date YYYY-MM-DD] [--dict DIR] FILE|-\n");
        return CLI_USAGE;
    }
    if (date && !parley_date_valid(date)) {
        fprintf(stderr, "parley actors: --date wants YYYY-MM-DD, not '%s'\n", date);
        return CLI_USAGE;
    }
    parley_input_format fmt;
    if (parley_input_format_from_name(format, &fmt) != PARLEY_OK) {
        fprintf(stderr, "parley actors: unknown format '%s'\n", format);
        return CLI_USAGE;
    }
    /* dictionary problems are `parley dict check`'s business: count them here */
    parley_set_log(NULL, NULL);
    parley_dict *dict;
    parley_status st = parley_dict_load(dir, &dict);
    parley_set_log(cli_log_stderr, NULL);
    if (st != PARLEY_OK) {
        cli_report("actors", st);
        return CLI_BAD_INPUT;
    }
    size_t nw, ne;
    parley_dict_problems(dict, &nw, &ne);
    if (dir && (nw || ne))
        fprintf(stderr, "parley actors: dictionary %s: %zu errors, %zu warnings (see `parley "
                "dict check %s`)\n", dir, ne, nw, dir);
    parley_reader *r;
    if ((st = parley_reader_open(path, fmt, NULL, &r)) != PARLEY_OK) {
        cli_report("actors", st);
        parley_dict_free(dict);
        return CLI_BAD_INPUT;
    }
    int rc = CLI_OK;
    parley_doc *doc;
    while (!cli_output_failed() && (st = parley_reader_next(r, &doc)) == PARLEY_OK) {
        int k = print_mentions(dict, doc, date);
        if (k != CLI_OK)
            rc = k;
        parley_doc_free(doc);
    }
    if (st != PARLEY_END && st != PARLEY_OK) {
        cli_report("actors", st);
        rc = CLI_BAD_INPUT;
    }
    parley_reader_free(r);
    parley_dict_free(dict);
    return rc;
}

const cli_command cmd_actors_def = {
    "actors",
    "recognize actor mentions (CAMEO codes) as JSON Lines",
    "usage: parley actors [--date YYYY-MM-DD] [--dict DIR] [--format F] FILE|-\n\n"
    "Reads documents (text, jsonl, html, warc; --format auto by extension), splits\n"
    "them into sentences and words, and prints one JSON object per actor mention:\n"
    "  doc_id, sentence_index, start, end (byte span in the document text), text,\n"
    "  code (CAMEO actor code valid on the date), match (exact, agent, place, fuzzy,\n"
    "  surname).\n"
    "exact: a dictionary name; agent: a role (minister, military) composed with the\n"
    "country of its noun phrase; place: a capital standing for its government;\n"
    "fuzzy: a person's name with one typo; surname: a person named in full earlier\n"
    "in the document, named again by surname (Mr Straw, President Chirac).\n"
    "--date sets the date for dated codes (default: each document's own date; in an\n"
    "undated document a person takes the last office held). Outside a person's\n"
    "terms: the dictionary's undated code (ELI for ex-officials), else the nearest\n"
    "term. --dict loads another dictionary set (see `parley help dict`).\n",
    run,
};
