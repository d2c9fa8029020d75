/* cmd_serve.c - `parley serve`: the store's JSON API and web page over HTTP. */
#include "cli.h"

#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

static const char help[] =
    "usage: parley serve --db F [--bind 127.0.0.1] [--port 8080] [--token-file PATH]\n"
    "                    [--threads N] [--max-connections N] [--timeout S] [--query-ms MS]\n"
    "                    [--max-body BYTES] [--www DIR] [--model F] [--dict DIR]\n"
    "                    [--gazetteer F]\n"
    "\n"
    "Serve the store F (read-only; an ingest may write it meanwhile) over HTTP:\n"
    "  GET  /                      the page: a dyad's relations chart, its events,\n"
    "                              their sentences and sources, a map of places\n"
    "  GET  /api/events?FILTERS    events, filtered as `parley query` (dyad, actor,\n"
    "                              from, to, root, cameo, quad, place, country, doc),\n"
    "                              paged with limit (<= 1000) and offset\n"
    "  GET  /api/events/ID         one event with its mentions: sentences, documents,\n"
    "                              verb pattern, provenance\n"
    "  GET  /api/relations?a=USA&b=CHN&by=month[&format=json|svg|csv]\n"
    "  GET  /api/health\n"
    "  POST /api/code[?date=D]     text (or {\"text\",\"date\"}) in, events out; needs\n"
    "                              \"Authorization: Bearer TOKEN\" with --token-file\n"
    "  --bind ADDR        listen on this IPv4 address (default 127.0.0.1: this machine\n"
    "                     only; there is no TLS, put a proxy in front for more)\n"
    "  --port N           default 8080; 0 picks a free port (printed on stderr)\n"
    "  --token-file PATH  the secret for POST /api/code (first line, 16+ characters);\n"
    "                     without it coding is refused (403)\n"
    "  --threads N        worker threads, each with its own store handle (default 4)\n"
    "  --max-connections N  open connections at once (default 64)\n"
    "  --timeout S        close a connection idle this long (default 10)\n"
    "  --query-ms MS      stop a request's database work after this (default 5000: 503)\n"
    "  --max-body BYTES   largest POST body (default 1048576: 413 beyond)\n"
    "  --www DIR          the page's files (default: serve/ in parley's data directory)\n"
    "  --model, --dict, --gazetteer  what POST /api/code codes with (as parley code)\n"
    "Stops on SIGINT or SIGTERM, finishing the requests in progress.\n"
    "Exit status: 0 stopped, 1 cannot start (reported on stderr), 2 usage error.\n";

/* The first line of path, without trailing white space, into buf. */
static int read_token(const char *path, char *buf, size_t cap)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        fprintf(stderr, "parley serve: cannot read token file %s\n", path);
        return CLI_BAD_INPUT;
    }
    struct stat sb;
    if (fstat(fileno(f), &sb) == 0 && (sb.st_mode & (S_IRWXG | S_IRWXO)))
        fprintf(stderr, "parley serve: warning: token file %s is readable by others (chmod 600)\n",
                path);
    if (!fgets(buf, (int)cap, f))
        buf[0] = '\0';
    fclose(f);
    size_t n = strlen(buf);
    while (n &&
           (buf[n - 1] == '\n' || buf[n - 1] == '\r' || buf[n - 1] == ' ' || buf[n - 1] == '\t'))
        buf[--n] = '\0';
    if (!n) {
        fprintf(stderr, "parley serve: token file %s is empty\n", path);
        return CLI_BAD_INPUT;
    }
    return CLI_OK;
}

static int run(int argc, char **argv)
{
    static const struct {
        const char *flag, *key;
    } opts[] = {{"--bind", "bind"},          {"--port", "port"},
                {"--threads", "threads"},    {"--max-connections", "max_connections"},
                {"--timeout", "timeout"},    {"--query-ms", "query_ms"},
                {"--max-body", "max_body"},  {"--www", "www"},
                {"--model", "model"},        {"--dict", "dict"},
                {"--gazetteer", "gazetteer"}};
    enum { NOPTS = sizeof opts / sizeof opts[0] };
    const char *db = NULL, *token_file = NULL, *val[NOPTS] = {NULL};
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        bool has = i + 1 < argc, taken = false;
        if (strcmp(a, "--db") == 0 && has) {
            db = argv[++i];
            continue;
        }
        if (strcmp(a, "--token-file") == 0 && has) {
            token_file = argv[++i];
            continue;
        }
        for (int k = 0; k < NOPTS && !taken; k++)
            if (strcmp(a, opts[k].flag) == 0 && has) {
                val[k] = argv[++i];
                taken = true;
            }
        if (!taken) {
            fprintf(stderr, "parley serve: unknown option or missing value: %s\n\n", a);
            fputs(help, stderr);
            return CLI_USAGE;
        }
    }
    if (!db) {
        fputs(help, stderr);
        return CLI_USAGE;
    }
    parley_server *s = NULL;
    parley_status st = parley_server_new(db, &s);
    for (int k = 0; k < NOPTS && !st; k++)
        if (val[k])
            st = parley_server_set(s, opts[k].key, val[k]);
    if (st) {
        cli_report("serve", st);
        parley_server_free(s);
        return st == PARLEY_ERR_ARG ? CLI_USAGE : CLI_BAD_INPUT;
    }
    if (token_file) {
        char token[512];
        int rc = read_token(token_file, token, sizeof token);
        if (!rc && (st = parley_server_set(s, "token", token)))
            cli_report("serve", st);
        memset(token, 0, sizeof token);
        if (rc || st) {
            parley_server_free(s);
            return rc ? rc : CLI_BAD_INPUT;
        }
    }
    /* the server's threads inherit this mask: the signals come to sigwait */
    sigset_t sigs;
    sigemptyset(&sigs);
    sigaddset(&sigs, SIGINT);
    sigaddset(&sigs, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &sigs, NULL);
    if ((st = parley_server_start(s))) {
        cli_report("serve", st);
        parley_server_free(s);
        return CLI_BAD_INPUT;
    }
    const char *bind = val[0] ? val[0] : "127.0.0.1";
    if (strncmp(bind, "127.", 4) != 0)
        fprintf(stderr,
                "parley serve: warning: listening on %s, reachable from other machines, "
                "without TLS\n",
                bind);
    fprintf(stderr, "parley serve: listening on http://%s:%d/ (store %s, read-only; coding %s)\n",
            bind, parley_server_port(s), db, token_file ? "on, with the token" : "off");
    fflush(stderr);
    int sig = 0;
    sigwait(&sigs, &sig);
    fprintf(stderr, "parley serve: stopping (signal %d)\n", sig);
    parley_server_free(s);
    return CLI_OK;
}

const cli_command cmd_serve_def = {"serve", "serve a store: JSON API and web page over HTTP", help,
                                   run};
