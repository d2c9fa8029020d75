/* part.c - a reader of one part of a JSON Lines file: the records whose
 * lines start in a byte range. The workers of a cluster (python/parley/dask.py)
 * each read a part; for the parts to add up to the whole file exactly (the
 * same documents, ids "name:line", record numbers, messages and counts), the
 * JSON Lines reader reads a stream that is, line for line, the file itself:
 * one empty line for each line before the part (blank lines are no records,
 * so they cost a byte each and count for nothing), then the part's bytes
 * from the file. The lines before the part are only scanned for their ends. */
#include "text/text.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

/* The stream: pad newlines, then the file from `at` up to `stop`. */
typedef struct part_src {
    FILE *f;
    uint64_t pad;  /* newlines still to give */
    uint64_t left; /* file bytes still to give */
} part_src;

static ssize_t part_read(void *cookie, char *buf, size_t size)
{
    part_src *p = cookie;
    if (p->pad) {
        size_t n = p->pad < size ? (size_t)p->pad : size;
        memset(buf, '\n', n);
        p->pad -= n;
        return (ssize_t)n;
    }
    size_t want = p->left < size ? (size_t)p->left : size;
    if (want == 0)
        return 0;
    size_t n = fread(buf, 1, want, p->f);
    p->left -= n;
    return n == 0 && ferror(p->f) ? -1 : (ssize_t)n;
}

static int part_close(void *cookie)
{
    part_src *p = cookie;
    int rc = fclose(p->f);
    pl_free(p);
    return rc;
}

/*
 * Scan f from offset 0 to find, for a cut at byte `cut`, the offset where
 * the first line starting at or after it starts, and how many lines come
 * before that offset. Line ends are the JSON Lines reader's: LF, CRLF, and a
 * CR without LF (pl_lines_split_cr). f is left at an unspecified position.
 */
static parley_status line_start(FILE *f, const char *path, uint64_t cut, uint64_t *at,
                                uint64_t *lines)
{
    *at = 0;
    *lines = 0;
    if (cut == 0)
        return PARLEY_OK;
    if (fseeko(f, 0, SEEK_SET) != 0)
        return pl_error(PARLEY_ERR_IO, "%s: cannot seek: %s", path, strerror(errno));
    char buf[1 << 16];
    uint64_t off = 0, start = 0; /* start: where the current line began */
    bool cr = false;             /* the previous byte was a CR */
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0) {
        for (size_t i = 0; i < n; i++, off++) {
            char c = buf[i];
            if (cr && c != '\n') { /* a bare CR ended a line before this byte */
                (*lines)++;
                start = off;
                if (start >= cut) {
                    *at = start;
                    return PARLEY_OK;
                }
            }
            cr = c == '\r';
            if (c == '\n') {
                (*lines)++;
                start = off + 1;
                if (start >= cut) {
                    *at = start;
                    return PARLEY_OK;
                }
            }
        }
    }
    if (ferror(f))
        return pl_error(PARLEY_ERR_IO, "%s: cannot read: %s", path, strerror(errno));
    if (cr) { /* the file ends in a CR: a line end, and no line after it */
        (*lines)++;
        start = off;
    }
    (void)start;
    *at = off; /* no line starts at or after the cut: an empty part */
    return PARLEY_OK;
}

PARLEY_API parley_status parley_reader_open_part(const char *path, parley_stats *stats,
                                                 uint64_t start, uint64_t end, parley_reader **out)
{
    if (!out)
        return pl_error(PARLEY_ERR_ARG, "parley_reader_open_part: NULL out");
    *out = NULL;
    if (!path || strcmp(path, "-") == 0)
        return pl_error(PARLEY_ERR_ARG, "parley_reader_open_part: a file is needed, not stdin");
    if (end && end < start)
        return pl_error(PARLEY_ERR_ARG, "%s: part %llu..%llu: the end is before the start", path,
                        (unsigned long long)start, (unsigned long long)end);
    FILE *f = fopen(path, "rb");
    if (!f)
        return pl_error(PARLEY_ERR_IO, "%s: cannot open: %s", path, strerror(errno));
    unsigned char bom[4] = {1, 1, 1, 1};
    size_t nb = fread(bom, 1, 4, f);
    bool wide =
        nb >= 2 && ((bom[0] == 0xFF && bom[1] == 0xFE) || (bom[0] == 0xFE && bom[1] == 0xFF) ||
                    (nb == 4 && !bom[0] && !bom[1] && bom[2] == 0xFE && bom[3] == 0xFF));
    if (fseeko(f, 0, SEEK_END) != 0) {
        fclose(f);
        return pl_error(PARLEY_ERR_IO, "%s: cannot seek: %s", path, strerror(errno));
    }
    uint64_t size = (uint64_t)ftello(f);
    if (!end || end > size)
        end = size;
    if (wide && (start > 0 || end < size)) {
        fclose(f);
        return pl_error(PARLEY_ERR_ARG, "%s: a UTF-16 or UTF-32 file cannot be read in parts",
                        path);
    }
    uint64_t a = 0, b = 0, before = 0, unused = 0;
    parley_status st = line_start(f, path, start, &a, &before);
    if (!st) /* the part ends where the first line starting at or after `end` starts */
        st = end >= size ? PARLEY_OK : line_start(f, path, end, &b, &unused);
    if (!st && end >= size)
        b = size;
    if (!st && a > b)
        a = b; /* the lines starting in [start, end) start after it: none */
    if (!st && fseeko(f, (off_t)a, SEEK_SET) != 0)
        st = pl_error(PARLEY_ERR_IO, "%s: cannot seek: %s", path, strerror(errno));
    part_src *p = st ? NULL : pl_calloc(1, sizeof *p);
    if (!st && !p)
        st = pl_error(PARLEY_ERR_NOMEM, "out of memory opening %s", path);
    if (st) {
        fclose(f);
        return st;
    }
    p->f = f;
    p->pad = before;
    p->left = b - a;
    cookie_io_functions_t io = {.read = part_read, .close = part_close};
    FILE *s = fopencookie(p, "r", io);
    if (!s) {
        part_close(p);
        return pl_error(PARLEY_ERR_NOMEM, "out of memory opening %s", path);
    }
    st = pl_reader_from_file(s, true, path, PARLEY_INPUT_JSONL, stats, out);
    if (!st)
        (*out)->counted = before; /* the pad bytes are no input: count only the part's */
    return st;
}
