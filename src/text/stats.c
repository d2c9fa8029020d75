/* stats.c - input accounting: every record read is processed or skipped
 * with a reason, and the counters print as one JSON object. */
#include "text/text.h"

#include <string.h>

#define PL_STATS_MAX_REASONS 64 /* further distinct reasons count as "other" */

typedef struct pl_reason {
    char *name;
    uint64_t n;
} pl_reason;

struct parley_stats {
    uint64_t records_read;
    uint64_t processed;
    uint64_t bytes;
    uint64_t utf8_repairs;
    pl_reason reasons[PL_STATS_MAX_REASONS];
    size_t nreasons;
    uint64_t other; /* skips whose reason did not fit (or could not be copied) */
    /* records kept with a field repaired or dropped ("id_not_string"...):
     * static names, so no copies */
    struct {
        const char *name;
        uint64_t n;
    } repaired[16];
    size_t nrepaired;
    pl_buf json; /* the last parley_stats_json() result */
};

/* Reasons that are not bad input: records that are simply not articles. */
static const char *const benign[] = {"not_response", "not_html", "http_status",
                                     "empty",        "no_body",  NULL};

bool pl_stats_reason_benign(const char *reason)
{
    for (size_t i = 0; benign[i]; i++)
        if (strcmp(reason, benign[i]) == 0)
            return true;
    return false;
}

PARLEY_API parley_status parley_stats_new(parley_stats **out)
{
    *out = pl_calloc(1, sizeof **out);
    if (!*out)
        return pl_error(PARLEY_ERR_NOMEM, "out of memory creating input statistics");
    pl_buf_init(&(*out)->json, (size_t)1 << 20);
    return PARLEY_OK;
}

PARLEY_API void parley_stats_free(parley_stats *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->nreasons; i++)
        pl_free(s->reasons[i].name);
    pl_buf_release(&s->json);
    pl_free(s);
}

PARLEY_API void parley_stats_skip(parley_stats *s, const char *reason)
{
    if (!s || !reason)
        return;
    for (size_t i = 0; i < s->nreasons; i++) {
        if (strcmp(s->reasons[i].name, reason) == 0) {
            s->reasons[i].n++;
            return;
        }
    }
    char *copy = s->nreasons < PL_STATS_MAX_REASONS ? pl_strdup(reason) : NULL;
    if (!copy) {
        s->other++;
        return;
    }
    s->reasons[s->nreasons++] = (pl_reason){copy, 1};
}

void pl_stats_record(parley_stats *s)
{
    if (s)
        s->records_read++;
}

void pl_stats_processed(parley_stats *s)
{
    if (s)
        s->processed++;
}

void pl_stats_bytes(parley_stats *s, uint64_t n)
{
    if (s)
        s->bytes += n;
}

void pl_stats_repairs(parley_stats *s, uint64_t n)
{
    if (s)
        s->utf8_repairs += n;
}

void pl_stats_repaired(parley_stats *s, const char *reason)
{
    if (!s)
        return;
    size_t i = 0;
    while (i < s->nrepaired && strcmp(s->repaired[i].name, reason) != 0)
        i++;
    if (i == s->nrepaired) {
        if (i == sizeof s->repaired / sizeof s->repaired[0])
            i--; /* the table is sized for every reason the readers have */
        else
            s->repaired[s->nrepaired++].name = reason;
    }
    s->repaired[i].n++;
}

PARLEY_API uint64_t parley_stats_bad_input(const parley_stats *s)
{
    if (!s)
        return 0;
    uint64_t n = s->other;
    for (size_t i = 0; i < s->nreasons; i++)
        if (!pl_stats_reason_benign(s->reasons[i].name))
            n += s->reasons[i].n;
    return n;
}

/* Append s as a JSON string (quoted, escaped). */
static parley_status put_json_string(pl_buf *b, const char *s)
{
    parley_status st = pl_buf_putc(b, '"');
    for (const unsigned char *p = (const unsigned char *)s; !st && *p; p++) {
        if (*p == '"' || *p == '\\') {
            char esc[2] = {'\\', (char)*p};
            st = pl_buf_append(b, esc, 2);
        } else if (*p < 0x20) {
            char esc[8];
            snprintf(esc, sizeof esc, "\\u%04x", *p);
            st = pl_buf_puts(b, esc);
        } else {
            st = pl_buf_putc(b, (char)*p);
        }
    }
    return st ? st : pl_buf_putc(b, '"');
}

PARLEY_API const char *parley_stats_json(parley_stats *s)
{
    if (!s)
        return "{}";
    pl_buf *b = &s->json;
    pl_buf_clear(b);
    char num[32];
    parley_status st;
    snprintf(num, sizeof num, "%llu", (unsigned long long)s->records_read);
    st = pl_buf_puts(b, "{\"records_read\":");
    if (!st)
        st = pl_buf_puts(b, num);
    snprintf(num, sizeof num, "%llu", (unsigned long long)s->processed);
    if (!st)
        st = pl_buf_puts(b, ",\"processed\":");
    if (!st)
        st = pl_buf_puts(b, num);
    if (!st)
        st = pl_buf_puts(b, ",\"skipped\":{");
    for (size_t i = 0; !st && i < s->nreasons; i++) {
        if (i)
            st = pl_buf_putc(b, ',');
        if (!st)
            st = put_json_string(b, s->reasons[i].name);
        snprintf(num, sizeof num, ":%llu", (unsigned long long)s->reasons[i].n);
        if (!st)
            st = pl_buf_puts(b, num);
    }
    if (!st && s->other) {
        snprintf(num, sizeof num, "%s\"other\":%llu", s->nreasons ? "," : "",
                 (unsigned long long)s->other);
        st = pl_buf_puts(b, num);
    }
    snprintf(num, sizeof num, "%llu", (unsigned long long)s->bytes);
    if (!st)
        st = pl_buf_puts(b, "},\"bytes\":");
    if (!st)
        st = pl_buf_puts(b, num);
    snprintf(num, sizeof num, "%llu", (unsigned long long)s->utf8_repairs);
    if (!st)
        st = pl_buf_puts(b, ",\"utf8_repairs\":");
    if (!st)
        st = pl_buf_puts(b, num);
    if (!st)
        st = pl_buf_puts(b, ",\"repaired\":{");
    for (size_t i = 0; !st && i < s->nrepaired; i++) {
        snprintf(num, sizeof num, ":%llu", (unsigned long long)s->repaired[i].n);
        if (i)
            st = pl_buf_putc(b, ',');
        if (!st)
            st = put_json_string(b, s->repaired[i].name);
        if (!st)
            st = pl_buf_puts(b, num);
    }
    if (!st)
        st = pl_buf_puts(b, "}}");
    return st || !b->data ? "{}" : b->data;
}
