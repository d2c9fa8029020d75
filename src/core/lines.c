/* lines.c - a capped line reader shared by every line-based format. */
#include "core.h"

#include <errno.h>
#include <string.h>

struct pl_lines {
    FILE *f;
    bool own;
    char *name;
    size_t max_line;
    pl_buf line;
    size_t number;   /* lines returned or skipped so far */
    uint64_t offset; /* byte offset of the next line */
    uint64_t last_offset;
    bool split_cr;    /* a CR without LF ends a line too */
    uint64_t bare_cr; /* lines ended so */
};

pl_lines *pl_lines_new(FILE *f, bool own, const char *name, size_t max_line)
{
    pl_lines *r = pl_calloc(1, sizeof *r);
    if (!r)
        return NULL;
    r->name = pl_strdup(name ? name : "-");
    if (!r->name) {
        pl_free(r);
        return NULL;
    }
    r->f = f;
    r->own = own;
    r->max_line = max_line ? max_line : ((size_t)64 << 20);
    pl_buf_init(&r->line, r->max_line + 1);
    return r;
}

parley_status pl_lines_open(const char *path, size_t max_line, pl_lines **out)
{
    *out = NULL;
    bool is_stdin = strcmp(path, "-") == 0;
    FILE *f = is_stdin ? stdin : fopen(path, "rb");
    if (!f)
        return pl_error(PARLEY_ERR_IO, "%s: cannot open: %s", path, strerror(errno));
    pl_lines *r = pl_lines_new(f, !is_stdin, path, max_line);
    if (!r) {
        if (!is_stdin)
            fclose(f);
        return pl_error(PARLEY_ERR_NOMEM, "out of memory opening %s", path);
    }
    *out = r;
    return PARLEY_OK;
}

parley_status pl_lines_next(pl_lines *r, const char **line, size_t *len)
{
    pl_buf_clear(&r->line);
    bool too_long = false;
    uint64_t start = r->offset;
    int c = EOF;
    /* getc_unlocked keeps this loop cheap; the reader is single-threaded */
    while ((c = getc_unlocked(r->f)) != EOF) {
        r->offset++;
        if (c == '\n')
            break;
        if (c == '\r' && r->split_cr) {
            int next = getc_unlocked(r->f);
            if (next == '\n') {
                r->offset++;
                break;
            }
            if (next != EOF)
                ungetc(next, r->f);
            r->bare_cr++;
            break;
        }
        if (too_long)
            continue;
        if (r->line.len >= r->max_line) {
            too_long = true;
            continue;
        }
        if (r->line.len + 1 >= r->line.cap && pl_buf_reserve(&r->line, 1))
            return PARLEY_ERR_NOMEM;
        r->line.data[r->line.len++] = (char)c;
    }
    if (c == EOF && r->offset == start) {
        if (ferror(r->f))
            return pl_error(PARLEY_ERR_IO, "%s: read error: %s", r->name, strerror(errno));
        return PARLEY_END;
    }
    r->number++;
    r->last_offset = start;
    if (too_long)
        return pl_error(PARLEY_ERR_TOO_LARGE, "%s:%zu: line longer than %zu bytes, skipped",
                        r->name, r->number, r->max_line);
    if (r->line.len == 0 && pl_buf_reserve(&r->line, 0))
        return PARLEY_ERR_NOMEM;
    if (r->line.len && r->line.data[r->line.len - 1] == '\r')
        r->line.len--;
    r->line.data[r->line.len] = '\0';
    *line = r->line.data;
    *len = r->line.len;
    return PARLEY_OK;
}

size_t pl_lines_number(const pl_lines *r) { return r->number; }
uint64_t pl_lines_offset(const pl_lines *r) { return r->last_offset; }
uint64_t pl_lines_end(const pl_lines *r) { return r->offset; }
void pl_lines_split_cr(pl_lines *r, bool on) { r->split_cr = on; }
uint64_t pl_lines_bare_cr(const pl_lines *r) { return r->bare_cr; }
const char *pl_lines_name(const pl_lines *r) { return r->name; }

void pl_lines_free(pl_lines *r)
{
    if (!r)
        return;
    if (r->own && r->f)
        fclose(r->f);
    pl_buf_release(&r->line);
    pl_free(r->name);
    pl_free(r);
}
