/* cli.h - the parley command-line tool's commands. Uses only parley.h. */
#ifndef PARLEY_CLI_H
#define PARLEY_CLI_H

#include "parley.h"

#include <stdbool.h>

/* Exit statuses, shared by every command. */
enum { CLI_OK = 0, CLI_BAD_INPUT = 1, CLI_USAGE = 2 };

/* A command: name, one-line summary, full help text, entry point.
 * run() gets argv with argv[0] = the command name. */
typedef struct cli_command {
    const char *name;
    const char *summary;
    const char *help;
    int (*run)(int argc, char **argv);
} cli_command;

/* The log callback every command installs: warnings go to stderr. */
void cli_log_stderr(void *user, const char *msg);
/* Print "parley CMD: <message>" to stderr, using parley_errmsg() when set. */
void cli_report(const char *cmd, parley_status st);
/* True once a write to stdout has failed: commands stop reading input then
 * (main reports the error and exits 1 after the command returns). */
bool cli_output_failed(void);
/* Print text[s, e) to stdout with every run of white space (newlines
 * included) as one space: a sentence on one line (no newline added). */
void cli_put_oneline(const char *text, size_t s, size_t e);
/* Print s[0..n) (valid UTF-8) to stdout as a JSON string, quotes included;
 * cli_put_json_chars prints the escaped characters only, without quotes. */
void cli_put_json(const char *s, size_t n);
void cli_put_json_chars(const char *s, size_t n);

/* Options shared by the commands that read documents (sentences, extract). */
typedef struct cli_read_opts {
    parley_input_format fmt; /* --input-format F (AUTO by default) */
    int jsonl;               /* --format jsonl (1) or text (0) */
    int stats;               /* --stats */
} cli_read_opts;
/* Take argv[*i] when it is one of the shared options, moving *i past its
 * value: returns 1 when taken, 0 when it is not one of them, -1 after
 * printing "parley CMD: ..." for a bad value. */
int cli_read_option(const char *cmd, int argc, char **argv, int *i, cli_read_opts *o);
/* argv[i] is not an option the command knows: "--" (the files follow),
 * an unknown option (message and usage printed: returns -1) or the first
 * file. Returns the index of the first file. */
int cli_first_file(const char *cmd, char **argv, int i, const char *usage);
/* The files after the options, argv[first..argc): there must be one and
 * none may look like an option. Returns 0, or CLI_USAGE after printing the
 * message and usage. */
int cli_check_files(const char *cmd, int argc, char **argv, int first, const char *usage);

#include <stdbool.h>

/* Coding on N threads, shared by `code` and `ingest` (cli/coding.c). */
#define CLI_MAX_THREADS 64
typedef struct cli_coding cli_coding;
/* Load the model and dictionaries (NULL: defaults) and make `threads`
 * coders; errors are reported as "parley CMD: ...". CLI_OK or CLI_BAD_INPUT. */
/* Read the next batch for coding: up to max documents and at most
 * CLI_BATCH_BYTES of text (plus the last document read), so memory stays
 * bounded whatever the documents' sizes. *st is the reader's last status
 * (PARLEY_OK: more may follow). Returns the number read into docs. */
#define CLI_BATCH_BYTES ((size_t)8 << 20)
size_t cli_read_batch(parley_reader *r, parley_doc **docs, size_t max, parley_status *st);
struct cli_code_opts;
/* Sentences the coders left uncoded for their length (parley_coder_long_sentences). */
uint64_t cli_coding_long_sentences(const cli_coding *c);
int cli_coding_open(const char *cmd, const struct cli_code_opts *o, cli_coding **out);
/* Code docs[0..n) (date: for documents without one); 1 if any failed (reported). */
int cli_coding_run(cli_coding *c, parley_doc **docs, size_t n, const char *date);
void cli_coding_free(cli_coding *c);

/* The options `code` and `ingest` share. */
typedef struct cli_code_opts {
    const char *date, *dict, *model, *in_fmt; /* NULL: the defaults */
    const char *event_model;                  /* NULL default, "none": patterns alone */
    const char *gazetteer;                    /* NULL: the default build/places.gaz */
    bool no_places;                           /* --no-places */
    int threads;                              /* set it to 1 before parsing */
    bool quiet, stats;
    bool all_modes; /* --modes all: negated and hypothetical events too */
} cli_code_opts;
/* If argv[*i] is one of them, take it (and its value, moving *i) and return true. */
bool cli_code_opt(int argc, char **argv, int *i, cli_code_opts *o);
/* Check them once parsed: CLI_OK, or CLI_USAGE after saying why on stderr. */
int cli_code_opts_check(const char *cmd, const cli_code_opts *o, parley_input_format *ifmt);

/* Progress on stderr when it is a terminal and not quiet: documents,
 * sentences, events, rate and, when the input size is known, ETA; redrawn
 * at most four times a second. */
typedef struct cli_progress cli_progress;
cli_progress *cli_progress_new(const char **files, size_t nfiles, bool quiet);
/* Count docs[0..n), coded; stats gives the bytes read so far (may be NULL). */
void cli_progress_add(cli_progress *p, parley_stats *stats, parley_doc *const *docs, size_t n);
/* Draw the last line and free p (NULL allowed). */
void cli_progress_done(cli_progress *p, parley_stats *stats);

/* `parley eval places|event-places` (cmd_eval_where.c): the exit status,
 * or -1 when argv[0] is neither; and their help text. */
int cli_eval_where(int argc, char **argv);
extern const char cli_eval_where_help[];

#endif
