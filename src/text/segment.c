/* segment.c - parley_doc_segment: sentences and words of a document.
 *
 * For each block: tokenize (tokenize.c), find sentence ends over the
 * tokens (segment_split.c), expand multiword tokens into words, then give
 * every word its NFC form and its folded norm. Forms live in one string
 * pool per document in the arena; no allocation per token. */
#include "text/tokenize.h"

#include <string.h>
#include <utf8proc.h>

/* Typographic characters folded to ASCII in pl_word.norm. Returns the ASCII
 * replacement or NULL. */
static const char *fold_cp(int32_t c)
{
    switch (c) {
    case 0x2018:
    case 0x2019:
    case 0x201A:
    case 0x201B:
    case 0x2032:
    case 0x00B4:
    case 0x02BC:
    case 0x2035: return "'";
    case 0x201C:
    case 0x201D:
    case 0x201E:
    case 0x201F:
    case 0x2033:
    case 0x00AB:
    case 0x00BB:
    case 0x2036: return "\"";
    case 0x2010:
    case 0x2011:
    case 0x2012:
    case 0x2013:
    case 0x2014:
    case 0x2015:
    case 0x2212:
    case 0xFE58:
    case 0xFE63:
    case 0xFF0D: return "-";
    case 0x2026: return "...";
    case 0x00A0:
    case 0x202F: return " ";
    default: return NULL;
    }
}

/* NFC of s[0, n) (valid UTF-8, not all ASCII) into out (cap bytes).
 * Returns the length, or (size_t)-1 when it does not fit or fails. */
static size_t nfc_into(const char *s, size_t n, char *out, size_t cap)
{
    utf8proc_int32_t cps[256];
    utf8proc_ssize_t k = utf8proc_decompose((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, cps,
                                            256, UTF8PROC_STABLE | UTF8PROC_COMPOSE);
    if (k < 0 || k > 256)
        return (size_t)-1;
    k = utf8proc_normalize_utf32(cps, k, UTF8PROC_STABLE | UTF8PROC_COMPOSE);
    if (k < 0)
        return (size_t)-1;
    size_t len = 0;
    for (utf8proc_ssize_t i = 0; i < k; i++) {
        if (len + 4 > cap)
            return (size_t)-1;
        len += (size_t)utf8proc_encode_char(cps[i], (utf8proc_uint8_t *)out + len);
    }
    return len;
}

/* Set form and norm of words [w0, doc->nwords), all inside text[from, to).
 * One pool allocation for their forms; norms share the form unless
 * folding changes something. Called per block, while its words are hot. */
static parley_status set_forms(parley_doc *doc, size_t w0, size_t from, size_t to)
{
    size_t need = 0;
    for (size_t i = w0; i < doc->nwords; i++)
        need += doc->words[i].end - doc->words[i].start + 1;
    if (need == 0)
        return PARLEY_OK;
    char *pool = pl_arena_alloc(doc->arena, need + 16); /* slack for 16-byte copies */
    if (!pool)
        return pl_error(PARLEY_ERR_NOMEM, "out of memory for word forms");
    /* most texts are all ASCII: then no word needs NFC or folding */
    bool all_ascii = true;
    size_t at = from;
    for (; at + 8 <= to && all_ascii; at += 8) {
        uint64_t x;
        memcpy(&x, doc->text + at, 8);
        all_ascii = !(x & 0x8080808080808080ULL);
    }
    for (; at < to && all_ascii; at++)
        all_ascii = (unsigned char)doc->text[at] < 0x80;
    for (size_t i = w0; i < doc->nwords; i++) {
        pl_word *w = &doc->words[i];
        const char *s = doc->text + w->start;
        size_t n = w->end - w->start;
        bool ascii = true;
        for (size_t k = 0; k < n && !all_ascii; k++)
            if ((unsigned char)s[k] >= 0x80) {
                ascii = false;
                break;
            }
        if (n <= 16 && w->start + 16 <= doc->text_len)
            memcpy(pool, s, 16); /* one fixed-size move instead of a call */
        else
            memcpy(pool, s, n);
        pool[n] = '\0';
        w->form = pool;
        pool += n + 1;
        w->norm = w->form;
        if (ascii)
            continue;
        /* NFC: usually the same bytes; a different form goes in the arena */
        char tmp[1024];
        size_t m = nfc_into(s, n, tmp, sizeof tmp);
        if (m != (size_t)-1 && (m != n || memcmp(tmp, s, n) != 0)) {
            char *f = pl_arena_strndup(doc->arena, tmp, m);
            if (!f)
                return pl_error(PARLEY_ERR_NOMEM, "out of memory for word forms");
            w->form = f;
            w->norm = f;
        }
        /* fold typographic quotes and dashes */
        const char *f = w->form;
        size_t fl = strlen(f);
        bool fold = false;
        for (size_t k = 0; k < fl;) {
            size_t l;
            int32_t c = pl_utf8_decode((const unsigned char *)f + k, fl - k, &l);
            if (fold_cp(c)) {
                fold = true;
                break;
            }
            k += l;
        }
        if (!fold)
            continue;
        char *out = pl_arena_alloc(doc->arena, fl + 1);
        if (!out)
            return pl_error(PARLEY_ERR_NOMEM, "out of memory for word norms");
        size_t o = 0;
        for (size_t k = 0; k < fl;) {
            size_t l;
            int32_t c = pl_utf8_decode((const unsigned char *)f + k, fl - k, &l);
            const char *r = fold_cp(c);
            if (r) {
                size_t rl = strlen(r);
                memcpy(out + o, r, rl); /* every replacement is shorter or equal */
                o += rl;
            } else {
                memcpy(out + o, f + k, l);
                o += l;
            }
            k += l;
        }
        out[o] = '\0';
        w->norm = out;
    }
    return PARLEY_OK;
}

/* Add the sentence made of tokens [t0, t1) of a block whose tokens are
 * t[0, nt). */
static parley_status add_word(parley_doc *doc, uint32_t start, uint32_t end, uint8_t sp,
                              uint8_t mwt)
{
    pl_word w = {start, end, NULL, NULL, NULL, NULL, NULL, -1, PL_UPOS_NONE, sp, mwt};
    if (doc->nwords < doc->words_cap) {
        doc->words[doc->nwords++] = w; /* room reserved per block */
        return PARLEY_OK;
    }
    return pl_doc_add_word(doc, &w);
}

static parley_status add_sentence(parley_doc *doc, const pl_token *t, size_t nt, size_t t0,
                                  size_t t1, uint32_t block)
{
    pl_sentence s = {t[t0].start, t[t1 - 1].end, (uint32_t)doc->nwords, 0, block};
    parley_status st;
    for (size_t i = t0; i < t1; i++) {
        uint32_t cuts[3];
        /* the last token of a block counts as followed by a space */
        uint8_t sp = i + 1 < nt ? t[i].end < t[i + 1].start : 1;
        if (i + 1 == t1 && (t[i].flags & PL_TOK_ABBR) && t[i].end - t[i].start > 1) {
            /* EWT: an abbreviation ending a sentence gives its period to
             * the sentence (etc . / U.S .) */
            if ((st = add_word(doc, t[i].start, t[i].end - 1, 0, 0)) ||
                (st = add_word(doc, t[i].end - 1, t[i].end, sp, 0)))
                return st;
            continue;
        }
        size_t k = pl_token_words(doc->text, &t[i], cuts);
        uint32_t ws = t[i].start;
        for (size_t j = 0; j < k; j++) {
            uint32_t we = j + 1 < k ? cuts[j] : t[i].end;
            if ((st = add_word(doc, ws, we, (uint8_t)(j + 1 == k ? sp : 0),
                               (uint8_t)(j == 0 && k > 1 ? k : 0))))
                return st;
            ws = we;
        }
    }
    s.nwords = (uint32_t)(doc->nwords - s.word0);
    return pl_doc_add_sentence(doc, &s);
}

PARLEY_API parley_status parley_doc_segment(parley_doc *doc)
{
    if (!doc)
        return pl_error(PARLEY_ERR_ARG, "parley_doc_segment: NULL document");
    pl_doc_clear_analysis(doc);
    pl_toks toks = {0};
    uint8_t *brk = NULL;
    size_t brk_cap = 0;
    pl_split_scratch sc = {0};
    parley_status st = PARLEY_OK;
    for (size_t b = 0; b < doc->nblocks && !st; b++) {
        const pl_block *bl = &doc->blocks[b];
        toks.n = 0;
        if ((st = pl_tokenize_span(doc->text, bl->start, bl->end, &toks)))
            break;
        if (toks.n == 0)
            continue;
        if ((st = pl_grow((void **)&brk, &brk_cap, toks.n, 1, (size_t)1 << 26)))
            break;
        if ((st = pl_split_sentences(doc->text, toks.v, toks.n, brk, &sc)))
            break;
        /* room for the block's words (one per token, more for multiword
         * tokens goes through pl_doc_add_word) */
        if ((st = pl_grow((void **)&doc->words, &doc->words_cap, doc->nwords + toks.n + 16,
                          sizeof(pl_word), (size_t)1 << 26)))
            break;
        size_t t0 = 0, w0 = doc->nwords;
        for (size_t i = 0; i < toks.n && !st; i++) {
            if (brk[i]) {
                st = add_sentence(doc, toks.v, toks.n, t0, i + 1, (uint32_t)b);
                t0 = i + 1;
            }
        }
        if (!st)
            st = set_forms(doc, w0, bl->start, bl->end);
    }
    pl_free(toks.v);
    pl_free(brk);
    pl_split_scratch_free(&sc);
    if (st)
        pl_doc_clear_analysis(doc);
    return st;
}

PARLEY_API size_t parley_doc_word_mwt(const parley_doc *doc, size_t w)
{
    return doc && w < doc->nwords ? doc->words[w].mwt : 0;
}

PARLEY_API int parley_doc_word_space_after(const parley_doc *doc, size_t w)
{
    return doc && w < doc->nwords ? doc->words[w].space_after : 0;
}
