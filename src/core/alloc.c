/* alloc.c - the allocation hook, arenas and capped buffers. */
#include "core.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Remaining successful allocations before injected failure; < 0 = never fail.
 * Only tests set it, so it is a plain global. */
static long fail_after = -1;

void pl_alloc_fail_after(long n) { fail_after = n; }

static bool should_fail(void)
{
    if (fail_after < 0)
        return false;
    if (fail_after == 0)
        return true;
    fail_after--;
    return false;
}

void *pl_malloc(size_t n)
{
    if (should_fail())
        return NULL;
    return malloc(n ? n : 1);
}

void *pl_calloc(size_t count, size_t n)
{
    if (should_fail())
        return NULL;
    return calloc(count ? count : 1, n ? n : 1);
}

void *pl_realloc(void *p, size_t n)
{
    if (should_fail())
        return NULL;
    return realloc(p, n ? n : 1);
}

void pl_free(void *p) { free(p); }

char *pl_strndup(const char *s, size_t n)
{
    char *d = pl_malloc(n + 1);
    if (!d)
        return NULL;
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

char *pl_strdup(const char *s) { return pl_strndup(s, strlen(s)); }

char *pl_trim(char *s)
{
    while (*s && isspace((unsigned char)*s))
        s++;
    size_t n = strlen(s);
    while (n > 0 && isspace((unsigned char)s[n - 1]))
        s[--n] = '\0';
    return s;
}

/* ---------------------------------------------------------------------- */

typedef struct pl_chunk {
    struct pl_chunk *next;
    size_t size; /* usable bytes after the header */
    size_t used;
    max_align_t data[];
} pl_chunk;

struct pl_arena {
    pl_chunk *head;    /* current chunk; older chunks follow */
    size_t chunk_size; /* default size of a new chunk */
    size_t total;      /* bytes handed out, for statistics */
};

static pl_chunk *chunk_new(size_t size)
{
    pl_chunk *c = pl_malloc(sizeof(pl_chunk) + size);
    if (!c)
        return NULL;
    c->next = NULL;
    c->size = size;
    c->used = 0;
    return c;
}

pl_arena *pl_arena_new(size_t chunk_size)
{
    pl_arena *a = pl_calloc(1, sizeof *a);
    if (!a)
        return NULL;
    a->chunk_size = chunk_size ? chunk_size : 64 * 1024;
    return a;
}

void pl_arena_free(pl_arena *a)
{
    if (!a)
        return;
    pl_chunk *c = a->head;
    while (c) {
        pl_chunk *next = c->next;
        pl_free(c);
        c = next;
    }
    pl_free(a);
}

void pl_arena_reset(pl_arena *a)
{
    if (!a || !a->head)
        return;
    /* keep the oldest chunk: it is the default size, good for reuse */
    pl_chunk *c = a->head;
    while (c->next) {
        pl_chunk *next = c->next;
        pl_free(c);
        c = next;
    }
    c->used = 0;
    a->head = c;
    a->total = 0;
}

void *pl_arena_alloc(pl_arena *a, size_t n)
{
    n = (n + 7) & ~(size_t)7;
    if (n == 0)
        n = 8;
    pl_chunk *c = a->head;
    if (!c || c->size - c->used < n) {
        size_t size = n > a->chunk_size / 4 ? n : a->chunk_size;
        pl_chunk *nc = chunk_new(size);
        if (!nc)
            return NULL;
        if (c && size == n) {
            /* a big one-off block: put it behind the current chunk so the
             * current chunk's free space is still used */
            nc->next = c->next;
            c->next = nc;
            nc->used = n;
            a->total += n;
            return (char *)nc->data;
        }
        nc->next = c;
        a->head = c = nc;
    }
    void *p = (char *)c->data + c->used;
    c->used += n;
    a->total += n;
    return p;
}

void *pl_arena_calloc(pl_arena *a, size_t n)
{
    void *p = pl_arena_alloc(a, n);
    if (p)
        memset(p, 0, n);
    return p;
}

char *pl_arena_strndup(pl_arena *a, const char *s, size_t n)
{
    char *d = pl_arena_alloc(a, n + 1);
    if (!d)
        return NULL;
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

char *pl_arena_strdup(pl_arena *a, const char *s) { return pl_arena_strndup(a, s, strlen(s)); }

size_t pl_arena_used(const pl_arena *a) { return a ? a->total : 0; }

/* ---------------------------------------------------------------------- */

void pl_buf_init(pl_buf *b, size_t max)
{
    b->data = NULL;
    b->len = b->cap = 0;
    b->max = max ? max : PL_BUF_DEFAULT_MAX;
}

void pl_buf_release(pl_buf *b)
{
    pl_free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

void pl_buf_clear(pl_buf *b)
{
    b->len = 0;
    if (b->data)
        b->data[0] = '\0';
}

parley_status pl_buf_reserve(pl_buf *b, size_t extra)
{
    size_t max = b->max ? b->max : PL_BUF_DEFAULT_MAX;
    if (extra > max || b->len > max - extra)
        return pl_error(PARLEY_ERR_TOO_LARGE, "buffer limit of %zu bytes exceeded", max);
    size_t need = b->len + extra + 1;
    if (need <= b->cap)
        return PARLEY_OK;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < need)
        cap = cap > SIZE_MAX / 2 ? need : cap * 2;
    if (cap > max + 1)
        cap = max + 1;
    char *p = pl_realloc(b->data, cap);
    if (!p)
        return pl_error(PARLEY_ERR_NOMEM, "out of memory growing a buffer to %zu bytes", cap);
    b->data = p;
    b->cap = cap;
    return PARLEY_OK;
}

parley_status pl_buf_append(pl_buf *b, const void *p, size_t n)
{
    parley_status st = pl_buf_reserve(b, n);
    if (st)
        return st;
    if (n)
        memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = '\0';
    return PARLEY_OK;
}

parley_status pl_buf_putc(pl_buf *b, char c) { return pl_buf_append(b, &c, 1); }

parley_status pl_buf_puts(pl_buf *b, const char *s) { return pl_buf_append(b, s, strlen(s)); }

parley_status pl_buf_read_file(pl_buf *b, const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return pl_error(PARLEY_ERR_IO, "%s: cannot open", path);
    char chunk[65536];
    size_t got;
    parley_status st = PARLEY_OK;
    while ((got = fread(chunk, 1, sizeof chunk, f)) > 0)
        if ((st = pl_buf_append(b, chunk, got)))
            break;
    int err = ferror(f) ? (errno ? errno : EIO) : 0;
    fclose(f);
    if (err)
        return pl_error(PARLEY_ERR_IO, "%s: read error: %s", path, strerror(err));
    return st ? pl_error(st, "%s: too large or out of memory", path) : PARLEY_OK;
}

parley_status pl_grow(void **items, size_t *cap, size_t need, size_t item_size, size_t max_items)
{
    if (need <= *cap)
        return PARLEY_OK;
    if (need > max_items)
        return pl_error(PARLEY_ERR_TOO_LARGE, "more than %zu items", max_items);
    size_t ncap = *cap ? *cap : 16;
    while (ncap < need)
        ncap *= 2;
    if (ncap > max_items)
        ncap = max_items;
    void *p = pl_realloc(*items, ncap * item_size);
    if (!p)
        return pl_error(PARLEY_ERR_NOMEM, "out of memory growing an array to %zu items", ncap);
    *items = p;
    *cap = ncap;
    return PARLEY_OK;
}
