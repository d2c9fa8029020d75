/* cmd_timex.c - `parley timex`: the time expressions of documents, with
 * their TIMEX3 types and values. */
#include "cli.h"

#include <stdio.h>
#include <string.h>

static const char help[] =
    "usage: parley timex [--date D] [--input-format text|jsonl|timeml] [--format jsonl|timeml]\n"
    "                    FILE|-\n"
    "\n"
    "Finds every time expression (dates, times, durations, sets) and normalises\n"
    "it as TempEval-3 defines TIMEX3 values, against the document's date:\n"
    "  --format jsonl   one JSON object per expression (default): doc_id, start,\n"
    "                   end (byte offsets into the document text), text, type\n"
    "                   (DATE, TIME, DURATION, SET), value (\"2023-02\", \"P3D\"...)\n"
    "  --format timeml  one TimeML document per input document, the text with\n"
    "                   TIMEX3 tags (what the TempEval-3 scorer reads)\n"
    "  --date D         the reference date (YYYY-MM-DD) of documents without one;\n"
    "                   a JSONL `date` or a TimeML DCT wins\n"
    "  --input-format   text (default: the whole file is one document), jsonl, or\n"
    "                   timeml (the text of <TEXT> with its tags removed and\n"
    "                   entities decoded; offsets are into that text)\n"
    "Numeric dates: 06/16/2023 is month/day unless the first number is over 12.\n"
    "Exit status: 0 ok, 1 bad input (reported on stderr), 2 usage error.\n";

static int emit(parley_doc *doc, const char *date, int timeml)
{
    size_t len;
    const char *text = parley_doc_text(doc, &len);
    const char *d = *parley_doc_date(doc) ? parley_doc_date(doc) : date;
    parley_timexes *t = NULL;
    char *out = NULL;
    parley_status st = parley_timex_find(text, len, d, &t);
    if (!st)
        st = parley_timexes_format(t, text, len, parley_doc_id(doc), d, timeml, &out);
    parley_timexes_free(t);
    if (st) {
        cli_report("timex", st);
        return CLI_BAD_INPUT;
    }
    fputs(out, stdout);
    parley_string_free(out);
    return CLI_OK;
}

static int run(int argc, char **argv)
{
    const char *date = NULL, *in = "text", *fmt = "jsonl", *file = NULL;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--date") && i + 1 < argc)
            date = argv[++i];
        else if (!strcmp(a, "--input-format") && i + 1 < argc)
            in = argv[++i];
        else if (!strcmp(a, "--format") && i + 1 < argc)
            fmt = argv[++i];
        else if ((a[0] == '-' && a[1]) || file) {
            fputs(help, stderr);
            return CLI_USAGE;
        } else
            file = a;
    }
    int timeml = !strcmp(fmt, "timeml");
    if (!file || (!timeml && strcmp(fmt, "jsonl") != 0) ||
        (strcmp(in, "text") && strcmp(in, "jsonl") && strcmp(in, "timeml"))) {
        fputs(help, stderr);
        return CLI_USAGE;
    }
    parley_set_log(cli_log_stderr, NULL);
    if (date && *date) { /* check it once, before any output */
        parley_timexes *t = NULL;
        parley_status st = parley_timex_find("", 0, date, &t);
        parley_timexes_free(t);
        if (st) {
            cli_report("timex", st);
            return CLI_USAGE;
        }
    }
    if (!strcmp(in, "timeml")) {
        parley_doc *doc = NULL;
        parley_status st = parley_doc_read_timeml(file, &doc);
        if (st) {
            cli_report("timex", st);
            return CLI_BAD_INPUT;
        }
        int rc = emit(doc, date, timeml);
        parley_doc_free(doc);
        return rc;
    }
    parley_input_format f = !strcmp(in, "jsonl") ? PARLEY_INPUT_JSONL : PARLEY_INPUT_TEXT;
    parley_reader *r = NULL;
    parley_status st = parley_reader_open(file, f, NULL, &r);
    if (st) {
        cli_report("timex", st);
        return CLI_BAD_INPUT;
    }
    parley_doc *doc;
    int rc = CLI_OK;
    while (rc == CLI_OK && (st = parley_reader_next(r, &doc)) == PARLEY_OK) {
        rc = emit(doc, date, timeml);
        parley_doc_free(doc);
    }
    if (rc == CLI_OK && st != PARLEY_END) {
        cli_report("timex", st);
        rc = CLI_BAD_INPUT;
    }
    parley_reader_free(r);
    return rc;
}

const cli_command cmd_timex_def = {
    "timex",
    "find time expressions and normalise them (TIMEX3 types and values)",
    help,
    run,
};
