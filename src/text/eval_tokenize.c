/* eval_tokenize.c - parley_eval_tokenize: score the segmenter against a
 * gold CoNLL-U file with the CoNLL 2018 shared task measures.
 *
 * The raw text is rebuilt from the gold file's "# text" comments: within a
 * paragraph sentences are joined by a space, paragraphs ("# newpar") by a
 * newline, and each document ("# newdoc") is segmented on its own as one
 * block. Gold and system units are then placed on a common axis: character
 * offsets in the text with all whitespace removed (so gold tokens are
 * located by their forms, system tokens by their byte spans).
 *   tokens:    a system token is correct when a gold token has the same span;
 *   sentences: the same, with a sentence's span from its first to its last token;
 *   words:     a word outside multiword tokens is correct when a gold word
 *              outside multiword tokens has the same span; where gold or
 *              system tokens of a stretch of text include a multiword token,
 *              the words of that stretch are aligned by the longest common
 *              subsequence of their (case-folded) forms.
 * Precision = correct / system, recall = correct / gold, F1 their harmonic
 * mean, reported as percentages. */
#include "text/tokenize.h"

#include <stdio.h>
#include <string.h>
#include <utf8proc.h>

/* A unit on the whitespace-free character axis. */
typedef struct ev_span {
    uint32_t start, end; /* [start, end) in non-whitespace characters */
    uint32_t form;       /* words: offset of the form in the owner's string pool */
    uint8_t in_mwt;      /* words: part of a multiword token */
} ev_span;

typedef struct ev_list {
    ev_span *v;
    size_t n, cap;
} ev_list;

/* One side (gold or system) of one document. */
typedef struct ev_side {
    ev_list toks, words, sents;
    pl_buf forms; /* NUL-separated case-folded word forms */
} ev_side;

typedef struct ev_counts {
    size_t gold, sys, match;
} ev_counts;

typedef struct ev_state {
    ev_side gold, sys;
    pl_buf text;   /* the document's raw text being rebuilt */
    uint32_t axis; /* gold: characters placed so far */
    bool any;      /* the current document has sentences */
    ev_counts toks, words, sents;
    uint32_t *map; /* byte offset -> axis position, per document */
    size_t map_cap;
    pl_buf lcs; /* LCS table scratch */
    const char *path;
    size_t line;      /* first line of the current document */
    FILE *dump;       /* training data for the boundary model, or NULL */
    pl_buf ends;      /* dump: 1 at axis positions where a gold sentence ends */
    pl_buf chars;     /* the gold forms' characters without whitespace */
    pl_eval_doc_fn fn; /* pl_eval_tokenize_align: per-document hook, or NULL */
    void *user;
    uint32_t *gold_of_sys; /* with fn: the word alignment of the document */
    size_t gos_cap;
} ev_state;

static parley_status add(ev_list *l, ev_span s)
{
    parley_status st = pl_grow((void **)&l->v, &l->cap, l->n + 1, sizeof s, (size_t)1 << 28);
    if (!st)
        l->v[l->n++] = s;
    return st;
}

static bool is_ws(int32_t c)
{
    if (c < 0x80)
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
    utf8proc_category_t cat = utf8proc_category(c);
    return cat == UTF8PROC_CATEGORY_ZS || cat == UTF8PROC_CATEGORY_ZL ||
           cat == UTF8PROC_CATEGORY_ZP || c == 0x85 || c == 0xFEFF || c == 0x200B;
}

/* Number of non-whitespace characters in s[0, n); those characters are
 * appended to chars (when not NULL). */
static uint32_t axis_len(const char *s, size_t n, pl_buf *chars, parley_status *st)
{
    uint32_t k = 0;
    for (size_t i = 0; i < n;) {
        size_t l;
        int32_t c = pl_utf8_decode((const unsigned char *)s + i, n - i, &l);
        if (!is_ws(c)) {
            k++;
            if (chars && !*st)
                *st = pl_buf_append(chars, s + i, l);
        }
        i += l;
    }
    return k;
}

/* Append the case-folded form s[0, n) to pool; returns its offset. */
static parley_status fold_form(pl_buf *pool, const char *s, size_t n, uint32_t *off)
{
    *off = (uint32_t)pool->len;
    parley_status st;
    for (size_t i = 0; i < n;) {
        size_t l;
        int32_t c = pl_utf8_decode((const unsigned char *)s + i, n - i, &l);
        char enc[4];
        size_t el = pl_utf8_encode(utf8proc_tolower(c), enc);
        if ((st = pl_buf_append(pool, enc, el)))
            return st;
        i += l;
    }
    return pl_buf_putc(pool, '\0');
}

static void side_clear(ev_side *s)
{
    s->toks.n = s->words.n = s->sents.n = 0;
    pl_buf_clear(&s->forms);
}

static void side_free(ev_side *s)
{
    pl_free(s->toks.v);
    pl_free(s->words.v);
    pl_free(s->sents.v);
    pl_buf_release(&s->forms);
}

/* Take one gold sentence: its tokens and words on the axis, its text. */
static parley_status take_gold(ev_state *e, const pl_conllu_sentence *s)
{
    parley_status st;
    if (e->any) {
        if ((st = pl_buf_puts(&e->text, s->newpar ? "\n" : " ")))
            return st;
    }
    e->any = true;
    const char *t = s->text ? s->text : "";
    if ((st = pl_buf_puts(&e->text, t)))
        return st;
    uint32_t sent_start = e->axis, tok_end = 0;
    for (size_t i = 0; i < s->nlines; i++) {
        const pl_conllu_word *w = &s->lines[i];
        if (w->is_empty_node)
            continue;
        st = PARLEY_OK;
        uint32_t len = axis_len(w->form, strlen(w->form), &e->chars, &st);
        if (st)
            return st;
        ev_span tok = {e->axis, e->axis + len, 0, 0};
        if (w->id == 0) { /* multiword token: its words follow */
            size_t nw = (size_t)(w->mwt_last - w->mwt_first + 1);
            if ((st = add(&e->gold.toks, tok)))
                return st;
            for (size_t k = 1; k <= nw && i + k < s->nlines; k++) {
                const pl_conllu_word *x = &s->lines[i + k];
                ev_span ws = tok;
                ws.in_mwt = 1;
                if ((st = fold_form(&e->gold.forms, x->form, strlen(x->form), &ws.form)) ||
                    (st = add(&e->gold.words, ws)))
                    return st;
            }
            i += nw;
        } else {
            if ((st = fold_form(&e->gold.forms, w->form, strlen(w->form), &tok.form)) ||
                (st = add(&e->gold.toks, tok)) || (st = add(&e->gold.words, tok)))
                return st;
        }
        e->axis += len;
        tok_end = e->axis;
    }
    if (tok_end > sent_start)
        return add(&e->gold.sents, (ev_span){sent_start, tok_end, 0, 0});
    return PARLEY_OK;
}

/* Words aligned by LCS of the forms of gold[g0, g1) and sys[s0, s1). */
static parley_status lcs(ev_state *e, size_t g0, size_t g1, size_t s0, size_t s1, size_t *out)
{
    size_t ng = g1 - g0, ns = s1 - s0;
    size_t cells = (ng + 1) * (ns + 1);
    if (cells > ((size_t)1 << 24) / sizeof(uint32_t))
        return pl_error(PARLEY_ERR_TOO_LARGE, "%s:%zu: multiword region too long to align", e->path,
                        e->line);
    pl_buf_clear(&e->lcs);
    parley_status st = pl_buf_reserve(&e->lcs, cells * sizeof(uint32_t));
    if (st)
        return st;
    uint32_t *d = (uint32_t *)(void *)e->lcs.data;
    for (size_t i = 0; i <= ng; i++)
        for (size_t j = 0; j <= ns; j++) {
            uint32_t v = 0;
            if (i && j) {
                const char *a = e->gold.forms.data + e->gold.words.v[g0 + i - 1].form;
                const char *b = e->sys.forms.data + e->sys.words.v[s0 + j - 1].form;
                uint32_t up = d[(i - 1) * (ns + 1) + j], left = d[i * (ns + 1) + j - 1];
                v = up > left ? up : left;
                if (strcmp(a, b) == 0 && d[(i - 1) * (ns + 1) + j - 1] + 1 > v)
                    v = d[(i - 1) * (ns + 1) + j - 1] + 1;
            }
            d[i * (ns + 1) + j] = v;
        }
    *out = d[ng * (ns + 1) + ns];
    if (e->fn) { /* record which words the LCS pairs up */
        size_t i = ng, j = ns;
        while (i && j) {
            const char *a = e->gold.forms.data + e->gold.words.v[g0 + i - 1].form;
            const char *b = e->sys.forms.data + e->sys.words.v[s0 + j - 1].form;
            uint32_t here = d[i * (ns + 1) + j];
            if (strcmp(a, b) == 0 && here == d[(i - 1) * (ns + 1) + j - 1] + 1) {
                e->gold_of_sys[s0 + j - 1] = (uint32_t)(g0 + i - 1);
                i--;
                j--;
            } else if (d[(i - 1) * (ns + 1) + j] >= d[i * (ns + 1) + j - 1]) {
                i--;
            } else {
                j--;
            }
        }
    }
    return PARLEY_OK;
}

static size_t match_spans(const ev_list *g, const ev_list *s)
{
    size_t i = 0, j = 0, m = 0;
    while (i < g->n && j < s->n) {
        const ev_span *a = &g->v[i], *b = &s->v[j];
        if (a->start == b->start && a->end == b->end) {
            m++;
            i++;
            j++;
        } else if (a->start < b->start || (a->start == b->start && a->end < b->end)) {
            i++;
        } else {
            j++;
        }
    }
    return m;
}

static parley_status match_words(ev_state *e, size_t *out)
{
    const ev_list *g = &e->gold.words, *s = &e->sys.words;
    size_t i = 0, j = 0, m = 0;
    parley_status st;
    if (e->fn) {
        if ((st = pl_grow((void **)&e->gold_of_sys, &e->gos_cap, s->n + 1, sizeof(uint32_t),
                          (size_t)1 << 28)))
            return st;
        for (size_t q = 0; q < s->n; q++)
            e->gold_of_sys[q] = UINT32_MAX;
    }
    while (i < g->n && j < s->n) {
        const ev_span *a = &g->v[i], *b = &s->v[j];
        if ((a->in_mwt || b->in_mwt) && a->start < b->end && b->start < a->end) {
            /* the region of overlapping tokens around a multiword token */
            uint32_t end = a->end > b->end ? a->end : b->end;
            size_t i1 = i, j1 = j;
            for (;;) {
                bool grew = false;
                while (i1 < g->n && g->v[i1].start < end) {
                    if (g->v[i1].end > end)
                        end = g->v[i1].end;
                    i1++;
                    grew = true;
                }
                while (j1 < s->n && s->v[j1].start < end) {
                    if (s->v[j1].end > end) {
                        end = s->v[j1].end;
                        grew = true;
                    }
                    j1++;
                }
                if (!grew)
                    break;
            }
            size_t k = 0;
            if ((st = lcs(e, i, i1, j, j1, &k)))
                return st;
            m += k;
            i = i1;
            j = j1;
        } else if (a->start == b->start && a->end == b->end) {
            if (e->fn)
                e->gold_of_sys[j] = (uint32_t)i;
            m++;
            i++;
            j++;
        } else if (a->start < b->start || (a->start == b->start && a->end < b->end)) {
            i++;
        } else {
            j++;
        }
    }
    *out = m;
    return PARLEY_OK;
}

/* Write one line per learned gap of the document: the gold label (1 when a
 * gold sentence ends there) and the gap's feature keys in hex. */
static parley_status dump_gaps(ev_state *e, parley_doc *doc)
{
    parley_status st;
    pl_buf_clear(&e->ends);
    if ((st = pl_buf_reserve(&e->ends, e->axis + 1)))
        return st;
    memset(e->ends.data, 0, e->axis + 1);
    for (size_t i = 0; i < e->gold.sents.n; i++)
        e->ends.data[e->gold.sents.v[i].end] = 1;
    pl_toks toks = {0};
    pl_split_scratch sc = {0};
    uint8_t *brk = NULL;
    size_t brk_cap = 0;
    for (size_t b = 0; b < doc->nblocks; b++) {
        toks.n = 0;
        if ((st = pl_tokenize_span(doc->text, doc->blocks[b].start, doc->blocks[b].end, &toks)) ||
            (st = pl_grow((void **)&brk, &brk_cap, toks.n + 1, 1, (size_t)1 << 26)) ||
            (st = pl_split_sentences(doc->text, toks.v, toks.n, brk, &sc)))
            break;
        for (size_t i = 0; i + 1 < toks.n; i++) {
            if (!pl_split_gap_learned(toks.v, toks.n, i) || sc.rule[i] == 2)
                continue; /* decided by the rules alone */
            uint64_t k[PL_SEG_NFEAT];
            pl_split_gap_features(doc->text, toks.v, toks.n, i, &sc, k);
            fprintf(e->dump, "%d %zu", e->ends.data[e->map[toks.v[i].end]],
                    pl_split_gap_gate(toks.v, toks.n, i, &sc));
            for (size_t f = 0; f < PL_SEG_NFEAT; f++)
                fprintf(e->dump, " %llx", (unsigned long long)k[f]);
            fputc('\n', e->dump);
        }
    }
    pl_free(toks.v);
    pl_free(brk);
    pl_split_scratch_free(&sc);
    return st;
}

/* Segment the rebuilt document and score it. */
static parley_status finish_doc(ev_state *e)
{
    if (!e->any)
        return PARLEY_OK;
    parley_status st;
    parley_doc *doc = pl_doc_create();
    if (!doc)
        return pl_error(PARLEY_ERR_NOMEM, "out of memory");
    const char *text = e->text.data ? e->text.data : "";
    size_t len = e->text.len;
    if ((st = pl_doc_set_text(doc, text, len)) ||
        (st = pl_doc_add_block(doc, 0, (uint32_t)len, PL_BLOCK_BODY)) ||
        (st = parley_doc_segment(doc)) ||
        (st = pl_grow((void **)&e->map, &e->map_cap, len + 1, sizeof(uint32_t), (size_t)1 << 30)))
        goto out;
    uint32_t k = 0;
    size_t ci = 0; /* bytes of e->chars matched so far */
    bool same = true;
    for (size_t i = 0; i < len;) {
        size_t l;
        int32_t c = pl_utf8_decode((const unsigned char *)text + i, len - i, &l);
        for (size_t b = 0; b < l; b++)
            e->map[i + b] = k;
        if (!is_ws(c)) {
            k++;
            if (same && (ci + l > e->chars.len || memcmp(e->chars.data + ci, text + i, l) != 0))
                same = false;
            ci += l;
        }
        i += l;
    }
    e->map[len] = k;
    if (k != e->axis || !same || ci != e->chars.len) {
        st = pl_error(PARLEY_ERR_FORMAT,
                      "%s:%zu: the # text of this document does not match its token forms", e->path,
                      e->line);
        goto out;
    }
    for (size_t si = 0; si < doc->nsents; si++) {
        const pl_sentence *s = &doc->sents[si];
        if ((st = add(&e->sys.sents, (ev_span){e->map[s->start], e->map[s->end], 0, 0})))
            goto out;
        for (uint32_t w = s->word0; w < s->word0 + s->nwords;) {
            const pl_word *x = &doc->words[w];
            uint32_t nw = x->mwt ? x->mwt : 1;
            uint32_t ts = x->start, te = doc->words[w + nw - 1].end;
            ev_span tok = {e->map[ts], e->map[te], 0, 0};
            if ((st = add(&e->sys.toks, tok)))
                goto out;
            for (uint32_t q = w; q < w + nw; q++) {
                ev_span ws = tok;
                ws.in_mwt = nw > 1;
                if ((st = fold_form(&e->sys.forms, doc->words[q].form, strlen(doc->words[q].form),
                                    &ws.form)) ||
                    (st = add(&e->sys.words, ws)))
                    goto out;
            }
            w += nw;
        }
    }
    if (e->dump && (st = dump_gaps(e, doc)))
        goto out;
    size_t wm;
    if ((st = match_words(e, &wm)))
        goto out;
    if (e->fn && (st = e->fn(e->user, doc, e->gold_of_sys, e->sys.words.n, e->gold.words.n)))
        goto out;
    e->toks.gold += e->gold.toks.n;
    e->toks.sys += e->sys.toks.n;
    e->toks.match += match_spans(&e->gold.toks, &e->sys.toks);
    e->sents.gold += e->gold.sents.n;
    e->sents.sys += e->sys.sents.n;
    e->sents.match += match_spans(&e->gold.sents, &e->sys.sents);
    e->words.gold += e->gold.words.n;
    e->words.sys += e->sys.words.n;
    e->words.match += wm;
out:
    parley_doc_free(doc);
    side_clear(&e->gold);
    side_clear(&e->sys);
    pl_buf_clear(&e->text);
    pl_buf_clear(&e->chars);
    e->axis = 0;
    e->any = false;
    return st;
}

static double f1(const ev_counts *c)
{
    if (c->gold + c->sys == 0)
        return 100.0;
    return 200.0 * (double)c->match / (double)(c->gold + c->sys);
}

static parley_status eval_reader(pl_conllu_reader *r, const char *gold_path, FILE *dump,
                                 pl_eval_doc_fn fn, void *user, char **json);

PARLEY_API parley_status parley_eval_tokenize(const char *gold_path, char **json)
{
    return pl_eval_tokenize_dump(gold_path, NULL, json);
}

static parley_status eval_tokenize(const char *gold_path, FILE *dump, pl_eval_doc_fn fn,
                                   void *user, char **json);

parley_status pl_eval_tokenize_dump(const char *gold_path, FILE *dump, char **json)
{
    return eval_tokenize(gold_path, dump, NULL, NULL, json);
}

parley_status pl_eval_tokenize_align(const char *gold_path, pl_eval_doc_fn fn, void *user,
                                     char **json)
{
    return eval_tokenize(gold_path, NULL, fn, user, json);
}

static parley_status eval_tokenize(const char *gold_path, FILE *dump, pl_eval_doc_fn fn,
                                   void *user, char **json)
{
    if (!json)
        return pl_error(PARLEY_ERR_ARG, "parley_eval_tokenize: NULL result pointer");
    *json = NULL;
    if (!gold_path)
        return pl_error(PARLEY_ERR_ARG, "parley_eval_tokenize: NULL path");
    pl_conllu_reader *r;
    parley_status st = pl_conllu_open(gold_path, &r);
    if (st)
        return st;
    return eval_reader(r, gold_path, dump, fn, user, json);
}

parley_status pl_eval_tokenize_file(FILE *f, const char *name, char **json)
{
    *json = NULL;
    pl_conllu_reader *r = pl_conllu_from_file(f, name);
    if (!r)
        return pl_error(PARLEY_ERR_NOMEM, "out of memory opening %s", name);
    return eval_reader(r, name, NULL, NULL, NULL, json);
}

/* Evaluate the gold sentences of r (closed here); fn, when set, sees each
 * document's word alignment. */
static parley_status eval_reader(pl_conllu_reader *r, const char *gold_path, FILE *dump,
                                 pl_eval_doc_fn fn, void *user, char **json)
{
    parley_status st;
    ev_state e;
    memset(&e, 0, sizeof e);
    pl_buf_init(&e.text, 0);
    pl_buf_init(&e.lcs, 0);
    pl_buf_init(&e.gold.forms, 0);
    pl_buf_init(&e.sys.forms, 0);
    e.path = gold_path;
    e.dump = dump;
    e.fn = fn;
    e.user = user;
    pl_buf_init(&e.ends, 0);
    pl_buf_init(&e.chars, 0);
    const pl_conllu_sentence *s;
    while ((st = pl_conllu_next(r, &s)) == PARLEY_OK) {
        if (s->newdoc && (st = finish_doc(&e)))
            break;
        if (!e.any)
            e.line = s->line_no;
        if ((st = take_gold(&e, s)))
            break;
    }
    if (st == PARLEY_END)
        st = finish_doc(&e);
    pl_conllu_close(r);
    if (!st) {
        char buf[256];
        snprintf(buf, sizeof buf, "{\"tokens_f1\":%.2f,\"sentences_f1\":%.2f,\"words_f1\":%.2f}",
                 f1(&e.toks), f1(&e.sents), f1(&e.words));
        *json = pl_strdup(buf);
        if (!*json)
            st = pl_error(PARLEY_ERR_NOMEM, "out of memory");
    }
    side_free(&e.gold);
    side_free(&e.sys);
    pl_buf_release(&e.text);
    pl_buf_release(&e.lcs);
    pl_buf_release(&e.ends);
    pl_buf_release(&e.chars);
    pl_free(e.map);
    pl_free(e.gold_of_sys);
    return st;
}
