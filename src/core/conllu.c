/* conllu.c - streaming CoNLL-U reader for training and evaluation. */
#include "core.h"

#include <stdlib.h>
#include <string.h>

#define CONLLU_MAX_LINES 100000 /* token lines in one sentence */

struct pl_conllu_reader {
    pl_lines *lines;
    pl_arena *arena; /* the current sentence's strings; reset per sentence */
    pl_conllu_sentence sent;
    size_t lines_cap;
    bool pending_newdoc; /* "# newdoc" seen before the sentence's first token line */
    char *pending_newdoc_id;
    bool pending_newpar;
};

pl_conllu_reader *pl_conllu_from_file(FILE *f, const char *name)
{
    pl_conllu_reader *r = pl_calloc(1, sizeof *r);
    if (!r)
        return NULL;
    r->lines = pl_lines_new(f, false, name, 1 << 20);
    r->arena = pl_arena_new(16 * 1024);
    if (!r->lines || !r->arena) {
        pl_conllu_close(r);
        return NULL;
    }
    return r;
}

parley_status pl_conllu_open(const char *path, pl_conllu_reader **out)
{
    *out = NULL;
    pl_lines *lines;
    parley_status st = pl_lines_open(path, 1 << 20, &lines);
    if (st)
        return st;
    pl_conllu_reader *r = pl_calloc(1, sizeof *r);
    if (!r || !(r->arena = pl_arena_new(16 * 1024))) {
        pl_free(r);
        pl_lines_free(lines);
        return pl_error(PARLEY_ERR_NOMEM, "out of memory opening %s", path);
    }
    r->lines = lines;
    *out = r;
    return PARLEY_OK;
}

void pl_conllu_close(pl_conllu_reader *r)
{
    if (!r)
        return;
    pl_lines_free(r->lines);
    pl_arena_free(r->arena);
    pl_free(r->sent.lines);
    pl_free(r);
}

/* Value of a "# key = value" comment, or NULL when the line is another key. */
static const char *comment_value(const char *line, const char *key)
{
    size_t k = strlen(key);
    const char *p = line + 1;
    while (*p == ' ')
        p++;
    if (strncmp(p, key, k) != 0)
        return NULL;
    p += k;
    while (*p == ' ')
        p++;
    if (*p == '\0')
        return p;
    if (*p != '=')
        return NULL;
    p++;
    while (*p == ' ')
        p++;
    return p;
}

/* Parse one token line into w; fields are copied into the arena. */
static parley_status parse_token_line(pl_conllu_reader *r, char *line, pl_conllu_word *w)
{
    char *f[10];
    int n = 0;
    char *p = line;
    f[n++] = p;
    while (*p && n < 10) {
        if (*p == '\t') {
            *p = '\0';
            f[n++] = p + 1;
        }
        p++;
    }
    if (n != 10 || strchr(f[9], '\t'))
        return pl_error(PARLEY_ERR_FORMAT, "%s:%zu: expected 10 tab-separated fields, got %d",
                        pl_lines_name(r->lines), pl_lines_number(r->lines), n);
    memset(w, 0, sizeof *w);
    char **dst[] = {&w->id_str, &w->form, &w->lemma, &w->upos, &w->xpos,
                    &w->feats,  NULL,     &w->deprel, &w->deps, &w->misc};
    for (int i = 0; i < 10; i++) {
        if (!dst[i])
            continue;
        *dst[i] = pl_arena_strdup(r->arena, f[i]);
        if (!*dst[i])
            return pl_error(PARLEY_ERR_NOMEM, "out of memory reading CoNLL-U");
    }
    char *end;
    long a = strtol(f[0], &end, 10);
    if (end == f[0] || a < 0)
        goto bad_id;
    if (*end == '-') {
        char *e2;
        long b = strtol(end + 1, &e2, 10);
        if (*e2 || b < a)
            goto bad_id;
        w->mwt_first = (int)a;
        w->mwt_last = (int)b;
    } else if (*end == '.') {
        w->is_empty_node = true;
    } else if (*end == '\0') {
        w->id = (int)a;
    } else {
        goto bad_id;
    }
    if (strcmp(f[6], "_") == 0) {
        w->head = -1;
    } else {
        long h = strtol(f[6], &end, 10);
        if (*end || h < 0)
            return pl_error(PARLEY_ERR_FORMAT, "%s:%zu: bad HEAD '%s'", pl_lines_name(r->lines),
                            pl_lines_number(r->lines), f[6]);
        w->head = (int)h;
    }
    return PARLEY_OK;
bad_id:
    return pl_error(PARLEY_ERR_FORMAT, "%s:%zu: bad ID '%s'", pl_lines_name(r->lines),
                    pl_lines_number(r->lines), f[0]);
}

parley_status pl_conllu_next(pl_conllu_reader *r, const pl_conllu_sentence **out)
{
    pl_arena_reset(r->arena);
    pl_conllu_sentence *s = &r->sent;
    pl_conllu_word *keep = s->lines;
    memset(s, 0, sizeof *s);
    s->lines = keep;
    parley_status error = PARLEY_OK; /* first error in this sentence */
    const char *line;
    size_t len;
    parley_status st;
    while ((st = pl_lines_next(r->lines, &line, &len)) != PARLEY_END) {
        if (st == PARLEY_ERR_TOO_LARGE) {
            error = st;
            continue;
        }
        if (st)
            return st;
        if (len == 0) {
            if (s->nlines == 0 && !error)
                continue; /* blank lines between sentences, or comment-only blocks */
            break;
        }
        if (line[0] == '#') {
            const char *v;
            if ((v = comment_value(line, "newdoc id")) || (v = comment_value(line, "newdoc"))) {
                s->newdoc = true;
                s->newdoc_id = pl_arena_strdup(r->arena, v);
            } else if (comment_value(line, "newpar id") || comment_value(line, "newpar")) {
                s->newpar = true;
            } else if ((v = comment_value(line, "sent_id"))) {
                s->sent_id = pl_arena_strdup(r->arena, v);
            } else if ((v = comment_value(line, "text"))) {
                s->text = pl_arena_strdup(r->arena, v);
            }
            continue;
        }
        if (s->nlines == 0)
            s->line_no = pl_lines_number(r->lines);
        if ((st = pl_grow((void **)&s->lines, &r->lines_cap, s->nlines + 1,
                          sizeof(pl_conllu_word), CONLLU_MAX_LINES))) {
            error = st;
            continue;
        }
        char *copy = pl_arena_strndup(r->arena, line, len);
        if (!copy)
            return pl_error(PARLEY_ERR_NOMEM, "out of memory reading CoNLL-U");
        pl_conllu_word *w = &s->lines[s->nlines];
        if ((st = parse_token_line(r, copy, w))) {
            if (!error)
                error = st;
            continue;
        }
        s->nlines++;
        if (w->id > 0) {
            s->nwords++;
            if ((size_t)w->id != s->nwords && !error)
                error = pl_error(PARLEY_ERR_FORMAT, "%s:%zu: word ID %d out of sequence",
                                 pl_lines_name(r->lines), pl_lines_number(r->lines), w->id);
        }
    }
    if (error)
        return error;
    if (s->nlines == 0)
        return PARLEY_END;
    *out = s;
    return PARLEY_OK;
}
