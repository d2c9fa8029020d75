/*
 * coder.c - the coder handle: ties the stages together for one document
 * (segment -> tag/parse -> actors -> discards -> verb patterns -> events).
 * One coder per thread; the model and dictionaries are shared.
 */
#include "code/code.h"
#include "dict/dict.h"
#include "where/where.h"

#include <ctype.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

struct parley_coder {
    const parley_model *model;
    parley_parser *parser; /* NULL without a model */
    const parley_dict *dict;
    pl_verbdict *verbs;
    pl_tables *tables;
    pl_code_opts opts;
    const parley_gazetteer *gaz; /* NULL: events get no place */
    pl_events ev;        /* scratch, reused between documents */
    pl_code_actor *acts; /* scratch for one sentence's actors */
    size_t acts_cap;
};

PARLEY_API parley_status parley_coder_new(const parley_model *m, const parley_dict *d,
                                          parley_coder **out)
{
    if (!out)
        return pl_error(PARLEY_ERR_ARG, "parley_coder_new: out is NULL");
    *out = NULL;
    if (!d)
        return pl_error(PARLEY_ERR_ARG, "parley_coder_new: no dictionaries");
    const char *vpath = parley_dict_verbs_path(d);
    if (!vpath)
        return pl_error(PARLEY_ERR_DICT,
                        "the dictionary set names no verb dictionary (a `verbs = FILE` line)");
    parley_coder *c = pl_calloc(1, sizeof *c);
    if (!c)
        return pl_error(PARLEY_ERR_NOMEM, "out of memory");
    c->model = m;
    c->dict = d;
    c->opts.require_dyad = true;
    /* patterns name their file relative to the data directory when they
     * come from it ("petrarch2/CAMEO.2.0.txt"), so output is the same
     * wherever parley is installed */
    char dir[PATH_MAX];
    parley_status st = pl_data_dir(dir, sizeof dir);
    const char *name = vpath;
    char real[PATH_MAX];
    size_t dl = strlen(dir);
    if (!st && realpath(vpath, real) && strncmp(real, dir, dl) == 0 && real[dl] == '/')
        name = real + dl + 1;
    if (!st)
        st = pl_verbs_load_as(vpath, name, &c->verbs);
    if (!st)
        st = pl_tables_load(dir, &c->tables);
    if (!st && m)
        st = parley_parser_new(m, &c->parser);
    if (st) {
        parley_coder_free(c);
        return st;
    }
    *out = c;
    return PARLEY_OK;
}

PARLEY_API void parley_coder_set_require_dyad(parley_coder *c, int on)
{
    if (c)
        c->opts.require_dyad = on != 0;
}

PARLEY_API void parley_coder_set_keep_negated(parley_coder *c, int on)
{
    if (c)
        c->opts.keep_negated = on != 0;
}

PARLEY_API void parley_coder_set_gazetteer(parley_coder *c, const parley_gazetteer *g)
{
    if (c)
        c->gaz = g;
}

PARLEY_API void parley_coder_free(parley_coder *c)
{
    if (!c)
        return;
    parley_parser_free(c->parser);
    pl_verbs_free(c->verbs);
    pl_tables_free(c->tables);
    pl_events_release(&c->ev);
    pl_free(c->acts);
    pl_free(c);
}

static bool valid_date(const char *s)
{
    if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return false;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && !isdigit((unsigned char)s[i]))
            return false;
    int m = (s[5] - '0') * 10 + (s[6] - '0'), d = (s[8] - '0') * 10 + (s[9] - '0');
    return m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

static bool parsed(const parley_doc *doc)
{
    for (size_t i = 0; i < doc->nwords; i++)
        if (doc->words[i].head < 0 || !doc->words[i].deprel)
            return false;
    return true;
}

/* The word of [w0, w1) whose head lies outside the span (the mention's
 * syntactic head); the last word if the parse says nothing better. */
static uint32_t syntactic_head(const parley_doc *doc, size_t sent, uint32_t w0, uint32_t w1)
{
    uint32_t base = doc->sents[sent].word0;
    for (uint32_t w = w0; w < w1 && w < doc->nwords; w++) {
        int32_t h = doc->words[w].head;
        if (h <= 0)
            return w;
        uint32_t hw = base + (uint32_t)h - 1;
        if (hw < w0 || hw >= w1)
            return w;
    }
    return w1 > w0 ? w1 - 1 : w0;
}

PARLEY_API parley_status parley_coder_code_doc(parley_coder *c, parley_doc *doc, const char *date)
{
    if (!c || !doc)
        return pl_error(PARLEY_ERR_ARG, "parley_coder_code_doc: NULL coder or document");
    if (date && *date && !valid_date(date))
        return pl_error(PARLEY_ERR_ARG, "date '%s' is not YYYY-MM-DD", date);
    doc->events = NULL;
    doc->nevents = 0;
    /* the document's own date wins */
    parley_status st = PARLEY_OK;
    if (!*doc->date && date && *date && (st = pl_doc_set(doc, &doc->date, date, strlen(date))))
        return st;
    if (doc->nsents == 0 && (st = parley_doc_segment(doc)))
        return st;
    bool to_parse = !parsed(doc);
    if (to_parse && !c->parser)
        return pl_error(PARLEY_ERR_ARG, "document '%s' is not parsed and the coder has no model",
                        doc->id);
    c->ev.n = 0;
    if (pl_dict_discard_story(c->dict, doc))
        return PARLEY_OK;
    const char *d = *doc->date ? doc->date : "";
    /* an event needs two actors (one without require_dyad) */
    size_t min_actors = c->opts.require_dyad ? 2 : 1;
    for (size_t s = 0; s < doc->nsents; s++) {
        if (pl_dict_discard_sentence(c->dict, doc, s))
            continue;
        if (to_parse) {
            /* Tagging and parsing are most of the cost: a sentence without
             * enough actor candidates cannot give an event and is not parsed
             * (the candidates are an upper bound, so no event is lost). */
            size_t cand = 0;
            if ((st = pl_dict_actor_candidates(c->dict, doc, s, d, min_actors, &cand)))
                return st;
            if (cand < min_actors)
                continue;
            if ((st = parley_parser_parse_sentence(c->parser, doc, s)))
                return st;
        }
        pl_mention *m = NULL;
        size_t n = 0;
        if ((st = pl_dict_find_actors(c->dict, doc, s, d, &m, &n)))
            return st;
        if (n == 0)
            continue;
        size_t need = 0;
        for (size_t i = 0; i < n; i++)
            need += m[i].code ? 1 + strlen(m[i].code) / 2 : 0;
        if (pl_grow((void **)&c->acts, &c->acts_cap, need + 1, sizeof *c->acts, 1u << 20))
            return pl_error(PARLEY_ERR_NOMEM, "out of memory");
        size_t k = 0;
        for (size_t i = 0; i < n; i++) {
            if (!m[i].code || !*m[i].code)
                continue;
            /* "FRO/BIL/SAM": one mention standing for several actors */
            const char *code = m[i].code;
            while (*code) {
                const char *slash = strchr(code, '/');
                size_t len = slash ? (size_t)(slash - code) : strlen(code);
                if (len > 0) {
                    pl_code_actor *a = &c->acts[k++];
                    a->w0 = m[i].w0;
                    a->w1 = m[i].w1;
                    a->head = syntactic_head(doc, s, m[i].w0, m[i].w1);
                    a->start = m[i].start;
                    a->end = m[i].end;
                    a->code = slash ? pl_arena_strndup(doc->arena, code, len) : code;
                    a->match = m[i].match;
                    if (!a->code)
                        return pl_error(PARLEY_ERR_NOMEM, "out of memory");
                }
                code += len + (slash ? 1 : 0);
            }
        }
        if ((st = pl_code_sentence(c->verbs, c->tables, doc, s, c->acts, k, &c->opts, &c->ev)))
            return st;
    }
    if ((st = pl_code_attach(doc, &c->ev)))
        return st;
    return c->gaz ? pl_where_locate_events(c->gaz, doc) : PARLEY_OK;
}
