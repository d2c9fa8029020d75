/*
 * eval.c - reading pre-tokenized CoNLL-U into a document, writing a
 * document as CoNLL-U, and evaluating a model against a gold treebank
 * (UPOS, XPOS, lemma, UAS, LAS as in the CoNLL 2018 shared task: LAS
 * compares the universal part of the relation, before any ':').
 */
#include "model/model.h"
#include "text/tokenize.h"

#include <string.h>
#include <time.h>

static bool misc_no_space(const char *misc)
{
    return misc && strstr(misc, "SpaceAfter=No") != NULL;
}

PARLEY_API parley_status parley_doc_read_conllu(const char *path, parley_doc **out)
{
    if (!path || !out)
        return pl_error(PARLEY_ERR_ARG, "parley_doc_read_conllu: NULL argument");
    *out = NULL;
    pl_conllu_reader *r;
    parley_status st = pl_conllu_open(path, &r);
    if (st)
        return st;
    parley_doc *doc = pl_doc_create();
    pl_buf text;
    pl_buf_init(&text, 0);
    /* words are collected first with offsets into text; forms are set once
     * the text is final */
    const pl_conllu_sentence *s;
    if (!doc) {
        pl_conllu_close(r);
        return pl_error(PARLEY_ERR_NOMEM, "out of memory");
    }
    while ((st = pl_conllu_next(r, &s)) != PARLEY_END) {
        if (st == PARLEY_ERR_NOMEM || st == PARLEY_ERR_IO)
            break;
        if (st) {
            pl_warn("%s", parley_errmsg());
            st = PARLEY_OK;
            continue;
        }
        if (s->nwords == 0)
            continue;
        pl_sentence sent = {0};
        sent.start = (uint32_t)text.len;
        sent.word0 = (uint32_t)doc->nwords;
        int mwt_last = 0;
        size_t mwt_start = 0, mwt_end = 0;
        for (size_t i = 0; i < s->nlines && !st; i++) {
            const pl_conllu_word *w = &s->lines[i];
            if (w->is_empty_node)
                continue;
            if (w->id == 0 && w->mwt_last >= w->mwt_first && w->mwt_first > 0) {
                /* a multiword token: its surface form goes in the text once */
                mwt_start = text.len;
                st = pl_buf_puts(&text, w->form);
                mwt_end = text.len;
                if (!st && !misc_no_space(w->misc))
                    st = pl_buf_putc(&text, ' ');
                mwt_last = w->mwt_last;
                continue;
            }
            if (w->id <= 0)
                continue;
            pl_word pw = {0};
            pw.head = -1;
            if (w->id <= mwt_last) {
                pw.start = (uint32_t)mwt_start;
                pw.end = (uint32_t)mwt_end;
                pw.space_after = 1;
            } else {
                pw.start = (uint32_t)text.len;
                st = pl_buf_puts(&text, w->form);
                pw.end = (uint32_t)text.len;
                pw.space_after = !misc_no_space(w->misc);
                if (!st && pw.space_after)
                    st = pl_buf_putc(&text, ' ');
            }
            pw.form = pl_arena_strdup(doc->arena, w->form);
            pw.norm = pw.form;
            if (!pw.form)
                st = pl_error(PARLEY_ERR_NOMEM, "out of memory");
            if (!st)
                st = pl_doc_add_word(doc, &pw);
            sent.nwords++;
        }
        if (st)
            break;
        /* mark multiword tokens: the first word gets the word count */
        for (size_t i = 0; i < s->nlines; i++) {
            const pl_conllu_word *w = &s->lines[i];
            if (w->id == 0 && !w->is_empty_node && w->mwt_first > 0 &&
                w->mwt_last >= w->mwt_first && (size_t)w->mwt_last <= sent.nwords)
                doc->words[sent.word0 + (size_t)w->mwt_first - 1].mwt =
                    (uint8_t)(w->mwt_last - w->mwt_first + 1);
        }
        sent.end = (uint32_t)text.len;
        if (sent.end > sent.start && text.data[sent.end - 1] == ' ')
            sent.end--;
        if ((st = pl_buf_putc(&text, '\n')))
            break;
        if ((st = pl_doc_add_sentence(doc, &sent)))
            break;
    }
    pl_conllu_close(r);
    if (st == PARLEY_END)
        st = PARLEY_OK;
    if (!st)
        st = pl_doc_set_text(doc, text.data ? text.data : "", text.len);
    if (!st)
        st = pl_doc_add_block(doc, 0, (uint32_t)text.len, PL_BLOCK_BODY);
    pl_buf_release(&text);
    if (st) {
        parley_doc_free(doc);
        return st;
    }
    *out = doc;
    return PARLEY_OK;
}

static parley_status put_field(pl_buf *b, const char *s)
{
    if (!s || !*s)
        return pl_buf_putc(b, '_');
    /* CoNLL-U fields cannot hold tabs or newlines */
    for (const char *p = s; *p; p++) {
        char c = *p == '\t' || *p == '\n' || *p == '\r' ? ' ' : *p;
        parley_status st = pl_buf_putc(b, c);
        if (st)
            return st;
    }
    return PARLEY_OK;
}

PARLEY_API parley_status parley_doc_to_conllu(const parley_doc *doc, char **out)
{
    if (!doc || !out)
        return pl_error(PARLEY_ERR_ARG, "parley_doc_to_conllu: NULL argument");
    *out = NULL;
    pl_buf b;
    pl_buf_init(&b, 0);
    parley_status st = PARLEY_OK;
    char num[64];
    for (size_t si = 0; si < doc->nsents && !st; si++) {
        const pl_sentence *s = &doc->sents[si];
        snprintf(num, sizeof num, "# sent_id = %zu\n# text = ", si + 1);
        st = pl_buf_puts(&b, num);
        for (uint32_t i = s->start; i < s->end && i < doc->text_len && !st; i++) {
            char c = doc->text[i];
            st = pl_buf_putc(&b, c == '\n' || c == '\r' || c == '\t' ? ' ' : c);
        }
        if (!st)
            st = pl_buf_putc(&b, '\n');
        for (size_t i = 0; i < s->nwords && !st; i++) {
            const pl_word *w = &doc->words[s->word0 + i];
            if (w->mwt > 1 && i + w->mwt <= s->nwords) {
                const pl_word *last = &doc->words[s->word0 + i + w->mwt - 1];
                snprintf(num, sizeof num, "%zu-%zu\t", i + 1, i + w->mwt);
                st = pl_buf_puts(&b, num);
                if (!st && last->end >= w->start && last->end <= doc->text_len)
                    st = pl_buf_append(&b, doc->text + w->start, last->end - w->start);
                if (!st)
                    st = pl_buf_puts(&b, last->space_after ? "\t_\t_\t_\t_\t_\t_\t_\t_\n"
                                                           : "\t_\t_\t_\t_\t_\t_\t_\tSpaceAfter=No\n");
            }
            snprintf(num, sizeof num, "%zu\t", i + 1);
            if (!st)
                st = pl_buf_puts(&b, num);
            if (!st)
                st = put_field(&b, w->form);
            if (!st)
                st = pl_buf_putc(&b, '\t');
            if (!st)
                st = put_field(&b, w->lemma);
            if (!st)
                st = pl_buf_putc(&b, '\t');
            if (!st)
                st = pl_buf_puts(&b, pl_upos_name(w->upos));
            if (!st)
                st = pl_buf_putc(&b, '\t');
            if (!st)
                st = put_field(&b, w->xpos);
            if (!st) {
                if (w->head >= 0)
                    snprintf(num, sizeof num, "\t_\t%d\t", (int)w->head);
                else
                    snprintf(num, sizeof num, "\t_\t_\t");
                st = pl_buf_puts(&b, num);
            }
            if (!st)
                st = put_field(&b, w->deprel);
            bool in_mwt = false;
            for (size_t j = 0; j < i; j++) {
                const pl_word *f = &doc->words[s->word0 + j];
                if (f->mwt > 1 && j + f->mwt > i)
                    in_mwt = true;
            }
            if (!st)
                st = pl_buf_puts(&b, (!w->space_after && !in_mwt && !w->mwt) ? "\t_\tSpaceAfter=No\n"
                                                                             : "\t_\t_\n");
        }
        if (!st)
            st = pl_buf_putc(&b, '\n');
    }
    if (!st && !b.data)
        st = pl_buf_puts(&b, "");
    if (st) {
        pl_buf_release(&b);
        return st;
    }
    *out = b.data;
    return PARLEY_OK;
}

/* ---------------------------------------------------------------------- */
/* Evaluation with gold tokens */

static bool same_universal(const char *a, const char *b)
{
    size_t la = strcspn(a, ":"), lb = strcspn(b, ":");
    return la == lb && memcmp(a, b, la) == 0;
}

/* ---------------------------------------------------------------------- */
/* Evaluation from raw text: the gold file's text goes through parley's own
 * segmenter; its words are aligned with the gold words by the tokenizer's
 * CoNLL 2018 alignment (src/text/eval_tokenize.c), and every score is an F1
 * over aligned words, as in the shared task. */

typedef struct gold_word {
    const char *upos, *xpos, *lemma, *deprel;
    long head; /* index of the head word in the file, -1 for the root */
} gold_word;

typedef struct raw_ctx {
    const parley_model *m;
    parley_parser *p;
    gold_word *g;
    size_t ng, gbase;
    size_t gold, sys, upos, xpos, lemma, uas, las;
    double secs;
    uint32_t *order, *pos; /* sentence-order word list and its inverse */
    size_t cap;
} raw_ctx;

static parley_status read_gold(const char *path, pl_arena *a, gold_word **out, size_t *n)
{
    pl_conllu_reader *r;
    parley_status st = pl_conllu_open(path, &r);
    if (st)
        return st;
    const pl_conllu_sentence *s;
    size_t cap = 0;
    *out = NULL;
    *n = 0;
    while ((st = pl_conllu_next(r, &s)) == PARLEY_OK) {
        size_t s0 = *n;
        for (size_t i = 0; i < s->nlines; i++) {
            const pl_conllu_word *w = &s->lines[i];
            if (w->id <= 0 || w->is_empty_node)
                continue;
            if ((st = pl_grow((void **)out, &cap, *n + 1, sizeof **out, (size_t)1 << 28)))
                break;
            gold_word *g = &(*out)[(*n)++];
            g->upos = pl_arena_strdup(a, w->upos);
            g->xpos = pl_arena_strdup(a, w->xpos);
            g->lemma = pl_arena_strdup(a, w->lemma);
            g->deprel = pl_arena_strdup(a, w->deprel);
            g->head = w->head > 0 ? (long)(s0 + (size_t)w->head - 1) : -1;
            if (!g->upos || !g->xpos || !g->lemma || !g->deprel) {
                st = pl_error(PARLEY_ERR_NOMEM, "out of memory");
                break;
            }
        }
        if (st)
            break;
    }
    pl_conllu_close(r);
    return st == PARLEY_END ? PARLEY_OK : st;
}

static parley_status raw_doc(void *user, parley_doc *doc, const uint32_t *gos, size_t nsys,
                             size_t ngold)
{
    raw_ctx *c = user;
    struct timespec a, b;
    clock_gettime(CLOCK_MONOTONIC, &a);
    parley_status st = parley_parser_parse_doc(c->p, doc);
    clock_gettime(CLOCK_MONOTONIC, &b);
    if (st)
        return st;
    c->secs += (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9;
    if ((st = pl_grow((void **)&c->order, &c->cap, doc->nwords + 1, sizeof(uint32_t),
                      (size_t)1 << 28)))
        return st;
    size_t cap2 = c->cap;
    uint32_t *np = pl_realloc(c->pos, cap2 * sizeof *np);
    if (!np)
        return pl_error(PARLEY_ERR_NOMEM, "out of memory");
    c->pos = np;
    size_t j = 0;
    for (size_t si = 0; si < doc->nsents; si++)
        for (uint32_t w = doc->sents[si].word0; w < doc->sents[si].word0 + doc->sents[si].nwords;
             w++) {
            if (j < c->cap)
                c->order[j] = w;
            c->pos[w] = (uint32_t)j;
            j++;
        }
    if (j != nsys || c->gbase + ngold > c->ng)
        return pl_error(PARLEY_ERR_INTERNAL, "raw evaluation: word alignment out of step");
    for (j = 0; j < nsys; j++) {
        c->sys++;
        if (gos[j] == UINT32_MAX)
            continue;
        const pl_word *w = &doc->words[c->order[j]];
        const gold_word *g = &c->g[c->gbase + gos[j]];
        c->upos += strcmp(pl_upos_name(w->upos), g->upos) == 0;
        c->xpos += w->xpos && strcmp(w->xpos, g->xpos) == 0;
        c->lemma += w->lemma && strcmp(w->lemma, g->lemma) == 0;
        long head;
        if (w->head <= 0) {
            head = -1;
        } else {
            head = -2;
            for (size_t s = 0; s < doc->nsents; s++) {
                const pl_sentence *sent = &doc->sents[s];
                if (c->order[j] >= sent->word0 && c->order[j] < sent->word0 + sent->nwords) {
                    uint32_t hw = sent->word0 + (uint32_t)w->head - 1;
                    uint32_t hg = gos[c->pos[hw]];
                    head = hg == UINT32_MAX ? -2 : (long)(c->gbase + hg);
                    break;
                }
            }
        }
        if (head == g->head) {
            c->uas++;
            c->las += w->deprel && same_universal(w->deprel, g->deprel);
        }
    }
    c->gbase += ngold;
    c->gold += ngold;
    return PARLEY_OK;
}

static parley_status eval_raw(const parley_model *m, const char *gold_path, char **json)
{
    raw_ctx c;
    memset(&c, 0, sizeof c);
    c.m = m;
    pl_arena *a = pl_arena_new(1 << 20);
    if (!a)
        return pl_error(PARLEY_ERR_NOMEM, "out of memory");
    char *tok = NULL;
    parley_status st = read_gold(gold_path, a, &c.g, &c.ng);
    if (!st)
        st = parley_parser_new(m, &c.p);
    if (!st)
        st = pl_eval_tokenize_align(gold_path, raw_doc, &c, &tok);
    if (!st && c.gold + c.sys == 0)
        st = pl_error(PARLEY_ERR_FORMAT, "%s: no words to evaluate", gold_path);
    if (!st) {
        char buf[512];
        double d = (double)(c.gold + c.sys);
        snprintf(buf, sizeof buf,
                 "{\"gold_words\":%zu,\"system_words\":%zu,\"upos\":%.2f,\"xpos\":%.2f,"
                 "\"lemma\":%.2f,\"uas\":%.2f,\"las\":%.2f,\"tokens_per_second\":%.0f,%s",
                 c.gold, c.sys, 200.0 * (double)c.upos / d, 200.0 * (double)c.xpos / d,
                 200.0 * (double)c.lemma / d, 200.0 * (double)c.uas / d,
                 200.0 * (double)c.las / d, c.secs > 0 ? (double)c.sys / c.secs : 0.0,
                 tok && tok[0] == '{' ? tok + 1 : "}");
        *json = pl_strdup(buf);
        if (!*json)
            st = pl_error(PARLEY_ERR_NOMEM, "out of memory");
    }
    parley_string_free(tok);
    parley_parser_free(c.p);
    pl_free(c.g);
    pl_free(c.order);
    pl_free(c.pos);
    pl_arena_free(a);
    return st;
}

PARLEY_API parley_status parley_model_eval(const parley_model *m, const char *gold_path, int raw,
                                           char **json)
{
    if (!m || !gold_path || !json)
        return pl_error(PARLEY_ERR_ARG, "parley_model_eval: NULL argument");
    *json = NULL;
    if (raw)
        return eval_raw(m, gold_path, json);
    parley_parser *p;
    parley_status st = parley_parser_new(m, &p);
    if (st)
        return st;
    pl_conllu_reader *r;
    if ((st = pl_conllu_open(gold_path, &r))) {
        parley_parser_free(p);
        return st;
    }
    const pl_conllu_sentence *s;
    size_t words = 0, sents = 0, upos = 0, xpos = 0, lemma = 0, uas = 0, las = 0;
    double secs = 0;
    const char *forms[PL_MAX_SENT];
    const pl_conllu_word *gw[PL_MAX_SENT];
    int tags[PL_MAX_SENT], heads[PL_MAX_SENT], labels[PL_MAX_SENT];
    char lem[256];
    while ((st = pl_conllu_next(r, &s)) != PARLEY_END) {
        if (st == PARLEY_ERR_NOMEM || st == PARLEY_ERR_IO)
            break;
        if (st) {
            pl_warn("%s", parley_errmsg());
            st = PARLEY_OK;
            continue;
        }
        size_t n = 0;
        for (size_t i = 0; i < s->nlines && n < PL_MAX_SENT; i++)
            if (s->lines[i].id > 0 && !s->lines[i].is_empty_node) {
                gw[n] = &s->lines[i];
                forms[n] = s->lines[i].form;
                n++;
            }
        if (n == 0 || n != s->nwords) {
            if (n)
                pl_warn("%s:%zu: sentence longer than %d words not evaluated", gold_path,
                        s->line_no, PL_MAX_SENT);
            continue;
        }
        struct timespec a, b;
        clock_gettime(CLOCK_MONOTONIC, &a);
        if ((st = pl_parse_words(p, forms, n, tags, heads, labels)))
            break;
        clock_gettime(CLOCK_MONOTONIC, &b);
        secs += (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9;
        sents++;
        for (size_t i = 0; i < n; i++) {
            const pl_mtag *t = &m->tags[tags[i]];
            const char *lab = pl_model_str(m, m->labels[labels[i]]);
            words++;
            upos += strcmp(pl_upos_name((int)t->upos), gw[i]->upos) == 0;
            xpos += strcmp(pl_model_str(m, t->xpos), gw[i]->xpos) == 0;
            pl_lemmatize(m, forms[i], tags[i], lem, sizeof lem);
            lemma += strcmp(lem, gw[i]->lemma) == 0;
            if (heads[i] == gw[i]->head) {
                uas++;
                las += same_universal(lab, gw[i]->deprel);
            }
        }
    }
    pl_conllu_close(r);
    parley_parser_free(p);
    if (st != PARLEY_END && st != PARLEY_OK)
        return st;
    if (words == 0)
        return pl_error(PARLEY_ERR_FORMAT, "%s: no words to evaluate", gold_path);
    char buf[512];
    double W = (double)words;
    snprintf(buf, sizeof buf,
             "{\"sentences\":%zu,\"words\":%zu,\"upos\":%.2f,\"xpos\":%.2f,\"lemma\":%.2f,"
             "\"uas\":%.2f,\"las\":%.2f,\"tokens_per_second\":%.0f}",
             sents, words, 100.0 * (double)upos / W, 100.0 * (double)xpos / W,
             100.0 * (double)lemma / W, 100.0 * (double)uas / W, 100.0 * (double)las / W,
             secs > 0 ? W / secs : 0.0);
    *json = pl_strdup(buf);
    if (!*json)
        return pl_error(PARLEY_ERR_NOMEM, "out of memory");
    return PARLEY_OK;
}
