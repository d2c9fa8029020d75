/* bench_serve.c - a bounded loopback load test of `parley serve`: starts a
 * server on the store (in this process, 127.0.0.1, a free port) and runs
 * CLIENTS threads, each on one keep-alive connection, sending REQUESTS
 * requests in all for PATH (default: the relations route). Prints
 * requests per second and latency percentiles. Not a test: it prints
 * figures (docs/internals/serve.md).
 *
 *   build/bench/bench_serve STORE [CLIENTS=4] [REQUESTS=2000] [THREADS=4] [PATH]
 */
#include "parley.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

enum { MAX_CLIENTS = 64, MAX_REQUESTS = 200000 };

static int port;
static const char *path = "/api/relations?a=USA&b=CHN&by=month";
static double *lat; /* every request's latency, ms */
static long nreq, next_req;
static long errors;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static int dial(void)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (fd >= 0 && connect(fd, (struct sockaddr *)&a, sizeof a) != 0) {
        close(fd);
        return -1;
    }
    return fd;
}

/* One request and its whole response on fd: the status, or -1 when the
 * connection broke (the caller dials again). */
static int one_request(int fd, char *buf, size_t cap)
{
    char req[1024];
    int n = snprintf(req, sizeof req, "GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", path);
    if (write(fd, req, (size_t)n) != n)
        return -1;
    size_t have = 0;
    char *end = NULL;
    while (!end) {
        ssize_t r = read(fd, buf + have, cap - 1 - have);
        if (r <= 0)
            return -1;
        have += (size_t)r;
        buf[have] = '\0';
        end = strstr(buf, "\r\n\r\n");
        if (!end && have >= cap - 1)
            return -1;
    }
    int status = atoi(buf + 9);
    const char *cl = strcasestr(buf, "\r\nContent-Length:");
    size_t body = cl ? strtoul(cl + 17, NULL, 10) : 0;
    size_t got = have - (size_t)(end + 4 - buf);
    while (got < body) {
        ssize_t r = read(fd, buf, cap < body - got ? cap : body - got);
        if (r <= 0)
            return -1;
        got += (size_t)r;
    }
    return status;
}

static void *client(void *arg)
{
    (void)arg;
    size_t cap = (size_t)4 << 20;
    char *buf = malloc(cap);
    int fd = dial();
    for (;;) {
        pthread_mutex_lock(&lock);
        long i = next_req < nreq ? next_req++ : -1;
        pthread_mutex_unlock(&lock);
        if (i < 0)
            break;
        double t0 = now_ms();
        int st = fd >= 0 ? one_request(fd, buf, cap) : -1;
        if (st < 0) { /* closed by the server (keep-alive limit): once more */
            if (fd >= 0)
                close(fd);
            fd = dial();
            st = fd >= 0 ? one_request(fd, buf, cap) : -1;
        }
        lat[i] = now_ms() - t0;
        if (st != 200) {
            pthread_mutex_lock(&lock);
            errors++;
            pthread_mutex_unlock(&lock);
        }
    }
    if (fd >= 0)
        close(fd);
    free(buf);
    return NULL;
}

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr,
                "usage: bench_serve STORE [CLIENTS=4] [REQUESTS=2000] [THREADS=4] [PATH]\n");
        return 2;
    }
    int clients = argc > 2 ? atoi(argv[2]) : 4;
    nreq = argc > 3 ? atol(argv[3]) : 2000;
    const char *threads = argc > 4 ? argv[4] : "4";
    if (argc > 5)
        path = argv[5];
    if (clients < 1 || clients > MAX_CLIENTS || nreq < 1 || nreq > MAX_REQUESTS) {
        fprintf(stderr, "bench_serve: 1-%d clients, 1-%d requests\n", MAX_CLIENTS, MAX_REQUESTS);
        return 2;
    }
    parley_set_log(NULL, NULL);
    parley_server *s = NULL;
    parley_status st = parley_server_new(argv[1], &s);
    if (!st)
        st = parley_server_set(s, "port", "0");
    if (!st)
        st = parley_server_set(s, "threads", threads);
    if (!st)
        st = parley_server_set(s, "www", "data/serve");
    if (!st)
        st = parley_server_start(s);
    if (st) {
        fprintf(stderr, "bench_serve: %s\n", parley_errmsg());
        parley_server_free(s);
        return 1;
    }
    port = parley_server_port(s);
    lat = calloc((size_t)nreq, sizeof *lat);
    /* one request first, so that the timings do not include the cold cache */
    next_req = nreq - 1;
    client(NULL);
    next_req = 0;
    nreq--;
    errors = 0;
    pthread_t tid[MAX_CLIENTS];
    double t0 = now_ms();
    for (int c = 0; c < clients; c++)
        pthread_create(&tid[c], NULL, client, NULL);
    for (int c = 0; c < clients; c++)
        pthread_join(tid[c], NULL);
    double secs = (now_ms() - t0) / 1e3;
    qsort(lat, (size_t)nreq, sizeof *lat, cmp);
    printf("GET %s: %ld requests, %d clients (keep-alive), %s server threads, %ld errors\n", path,
           nreq, clients, threads, errors);
    printf("%.1f requests/s; latency ms: p50 %.2f, p90 %.2f, p99 %.2f, max %.2f\n", nreq / secs,
           lat[nreq / 2], lat[nreq * 9 / 10], lat[nreq * 99 / 100], lat[nreq - 1]);
    free(lat);
    parley_server_free(s);
    return errors ? 1 : 0;
}
