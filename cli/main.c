/* main.c - parley's command dispatcher, --version and help. */
#include "cli.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* Each command lives in its own cli/cmd_*.c file. */
/* In pipeline order: that is the order `parley --help` lists them in. */
extern const cli_command cmd_sentences_def;
extern const cli_command cmd_extract_def;
extern const cli_command cmd_tokenize_def;
extern const cli_command cmd_train_def;
extern const cli_command cmd_train_events_def;
extern const cli_command cmd_parse_def;
extern const cli_command cmd_model_def;
extern const cli_command cmd_eval_def;
extern const cli_command cmd_dict_def;
extern const cli_command cmd_actors_def;
extern const cli_command cmd_code_def;
extern const cli_command cmd_timex_def;
extern const cli_command cmd_ingest_def;
extern const cli_command cmd_query_def;
extern const cli_command cmd_relations_def;
extern const cli_command cmd_serve_def;
extern const cli_command cmd_gazetteer_def;
extern const cli_command cmd_places_def;
extern const cli_command cmd_validate_def;
extern const cli_command cmd_version_def;

static const cli_command *const commands[] = {
    &cmd_sentences_def,
    &cmd_extract_def,
    &cmd_tokenize_def,
    &cmd_train_def,
    &cmd_train_events_def,
    &cmd_parse_def,
    &cmd_model_def,
    &cmd_eval_def,
    &cmd_dict_def,
    &cmd_actors_def,
    &cmd_code_def,
    &cmd_timex_def,
    &cmd_ingest_def,
    &cmd_query_def,
    &cmd_relations_def,
    &cmd_serve_def,
    &cmd_gazetteer_def,
    &cmd_places_def,
    &cmd_validate_def,
    &cmd_version_def,
};
#define NCOMMANDS (sizeof commands / sizeof commands[0])

void cli_log_stderr(void *user, const char *msg)
{
    (void)user;
    fprintf(stderr, "parley: warning: %s\n", msg);
}

void cli_report(const char *cmd, parley_status st)
{
    const char *msg = parley_errmsg();
    fprintf(stderr, "parley %s: %s\n", cmd, msg && *msg ? msg : parley_strerror(st));
}

/* Only quotes, backslashes and control characters need escaping: the
 * library hands out valid UTF-8. */
void cli_put_json_chars(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        switch (c) {
        case '"': fputs("\\\"", stdout); break;
        case '\\': fputs("\\\\", stdout); break;
        case '\n': fputs("\\n", stdout); break;
        case '\r': fputs("\\r", stdout); break;
        case '\t': fputs("\\t", stdout); break;
        default:
            if (c < 0x20)
                printf("\\u%04x", c);
            else
                putchar(c);
        }
    }
}

void cli_put_json(const char *s, size_t n)
{
    putchar('"');
    cli_put_json_chars(s, n);
    putchar('"');
}

int cli_read_option(const char *cmd, int argc, char **argv, int *i, cli_read_opts *o)
{
    const char *a = argv[*i];
    if (strcmp(a, "--input-format") == 0 && *i + 1 < argc) {
        if (parley_input_format_from_name(argv[++*i], &o->fmt) != PARLEY_OK) {
            fprintf(stderr, "parley %s: %s\n", cmd, parley_errmsg());
            return -1;
        }
        return 1;
    }
    if (strcmp(a, "--format") == 0 && *i + 1 < argc) {
        const char *f = argv[++*i];
        if (strcmp(f, "jsonl") != 0 && strcmp(f, "text") != 0) {
            fprintf(stderr, "parley %s: unknown output format '%s' (text, jsonl)\n", cmd, f);
            return -1;
        }
        o->jsonl = strcmp(f, "jsonl") == 0;
        return 1;
    }
    if (strcmp(a, "--stats") == 0) {
        o->stats = 1;
        return 1;
    }
    return 0;
}

int cli_first_file(const char *cmd, char **argv, int i, const char *usage)
{
    const char *a = argv[i];
    if (strcmp(a, "--") == 0)
        return i + 1;
    if (a[0] == '-' && a[1]) {
        fprintf(stderr, "parley %s: unknown option '%s'\n%s", cmd, a, usage);
        return -1;
    }
    return i;
}

int cli_check_files(const char *cmd, int argc, char **argv, int first, const char *usage)
{
    if (!first || first >= argc) {
        fputs(usage, stderr);
        return CLI_USAGE;
    }
    for (int i = first; i < argc; i++) {
        if (argv[i][0] == '-' && argv[i][1]) {
            fprintf(stderr, "parley %s: options go before the files ('%s')\n%s", cmd, argv[i],
                    usage);
            return CLI_USAGE;
        }
    }
    return 0;
}

void cli_put_oneline(const char *t, size_t s, size_t e)
{
    bool space = false;
    for (size_t i = s; i < e; i++) {
        char c = t[i];
        if (c == '\n' || c == '\r' || c == '\t' || c == ' ' || c == '\f' || c == '\v') {
            space = true;
            continue;
        }
        if (space)
            putchar(' ');
        space = false;
        putchar(c);
    }
}

bool cli_output_failed(void)
{
    return ferror(stdout) != 0;
}

/* A standard stream closed when parley starts (`>&-`, `<&-`) is opened on
 * /dev/null the wrong way round (stdin write-only, stdout and stderr
 * read-only): every use then fails and is reported, and the next file
 * parley opens cannot take its number (events written into a dictionary). */
static void guard_std_streams(void)
{
    for (int fd = 0; fd < 3; fd++) {
        if (fcntl(fd, F_GETFD) != -1 || errno != EBADF)
            continue;
        int n = open("/dev/null", fd == 0 ? O_WRONLY : O_RDONLY);
        if (n >= 0 && n != fd) {
            dup2(n, fd);
            close(n);
        }
    }
}

/* Every command's output is checked once at the end: a failed write (disk
 * full, closed stdout) or a failed final flush or close is exit status 1
 * naming the output, never a silent 0. */
static int finish_output(const char *cmd, int rc)
{
    int err = fflush(stdout) != 0 ? errno : 0;
    bool failed = err != 0 || ferror(stdout);
    if (fclose(stdout) != 0 && !failed) {
        err = errno;
        failed = true;
    }
    if (!failed)
        return rc;
    fprintf(stderr, "parley %s: error writing standard output%s%s\n", cmd, err ? ": " : "",
            err ? strerror(err) : "");
    return rc == CLI_OK ? CLI_BAD_INPUT : rc;
}

static const cli_command *find(const char *name)
{
    for (size_t i = 0; i < NCOMMANDS; i++)
        if (strcmp(commands[i]->name, name) == 0)
            return commands[i];
    return NULL;
}

static void usage(FILE *out)
{
    fprintf(out, "usage: parley COMMAND [OPTIONS] [ARGS]\n\ncommands:\n");
    for (size_t i = 0; i < NCOMMANDS; i++)
        fprintf(out, "  %-12s %s\n", commands[i]->name, commands[i]->summary);
    fprintf(out, "\n`parley help COMMAND` explains one command; `parley --version` prints "
                 "the version.\nExit status: 0 success, 1 bad input (reported), 2 usage "
                 "error.\n");
}

int main(int argc, char **argv)
{
    guard_std_streams();
    parley_set_log(cli_log_stderr, NULL);
    if (argc < 2) {
        usage(stderr);
        return CLI_USAGE;
    }
    const char *name = argv[1];
    if (strcmp(name, "--version") == 0 || strcmp(name, "-V") == 0) {
        printf("parley %s\n", parley_version());
        return finish_output("--version", CLI_OK);
    }
    if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0) {
        usage(stdout);
        return finish_output("--help", CLI_OK);
    }
    if (strcmp(name, "help") == 0) {
        if (argc < 3) {
            usage(stdout);
            return finish_output("help", CLI_OK);
        }
        const cli_command *c = find(argv[2]);
        if (!c) {
            fprintf(stderr, "parley: unknown command '%s'\n", argv[2]);
            return CLI_USAGE;
        }
        printf("%s", c->help);
        return finish_output("help", CLI_OK);
    }
    const cli_command *c = find(name);
    if (!c) {
        fprintf(stderr, "parley: unknown command '%s' (try `parley --help`)\n", name);
        return CLI_USAGE;
    }
    return finish_output(c->name, c->run(argc - 1, argv + 1));
}
