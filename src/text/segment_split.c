/* segment_split.c - sentence boundaries over the tokens of one block.
 *
 * A sentence ends after . ! ? (and runs of them, and an ellipsis when a
 * capitalised word follows), together with the closing quotes and brackets
 * right after them, when what follows looks like the start of a sentence;
 * at a blank line; and at a line break unless the line plainly goes on
 * (the next line starts in lower case after a line without final
 * punctuation). Abbreviations: titles (Mr., Gen.) and initials (J.) never
 * end a sentence; other abbreviations (U.S., Inc., p.m.) end one only
 * before a word that usually starts sentences (The, He, But ...).
 *
 * Within a line, those rules are one input of a learned model: an averaged
 * perceptron over the forms and shapes of the tokens around each gap,
 * trained on UD English EWT train (src/text/segment_train.py writes its
 * weights to segment_model.c), which also finds the sentence ends web text
 * leaves unmarked (signatures, URLs, emoticons). Line breaks stay with the
 * rules. */
#include "text/tokenize.h"

#include <stdlib.h>
#include <string.h>

/* Words that, capitalised after an abbreviation, usually start a new
 * sentence (lower case, sorted for bsearch). */
static const char *const starters[] = {
    "a",       "after",   "all",    "also", "although", "an",   "and",   "as",    "at",
    "because", "before",  "both",   "but",  "during",   "for",  "he",    "her",   "his",
    "how",     "however", "i",      "if",   "in",       "it",   "its",   "many",  "meanwhile",
    "most",    "my",      "no",     "now",  "on",       "one",  "our",   "she",   "since",
    "so",      "some",    "that",   "the",  "their",    "then", "there", "these", "they",
    "this",    "those",   "though", "thus", "to",       "we",   "what",  "when",  "where",
    "while",   "who",     "why",    "with", "yet",      "you",
};

static int cmp_key(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static bool is_starter(const char *text, const pl_token *t)
{
    char key[16];
    uint32_t n = t->end - t->start;
    if (n >= sizeof key)
        return false;
    for (uint32_t i = 0; i < n; i++) {
        char c = text[t->start + i];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c + 32);
        key[i] = c;
    }
    key[n] = '\0';
    const char *k = key;
    return bsearch(&k, starters, sizeof starters / sizeof starters[0], sizeof starters[0],
                   cmp_key) != NULL;
}

static inline bool tok_is(const char *text, const pl_token *t, const char *s)
{
    size_t n = __builtin_strlen(s); /* constant: folded by the compiler */
    return t->end - t->start == n && memcmp(text + t->start, s, n) == 0;
}

/* Could token t start a sentence after a sentence-final mark? */
static bool can_start(const char *text, const pl_token *t)
{
    if (t->flags & (PL_TOK_UPPER | PL_TOK_DIGIT | PL_TOK_OPEN | PL_TOK_QUOTE))
        return true;
    if (t->flags & PL_TOK_LOWER)
        return false;
    /* symbols and punctuation: not , ; : ) and not more final marks */
    if (t->flags & (PL_TOK_CLOSE | PL_TOK_TERM))
        return false;
    return !(tok_is(text, t, ",") || tok_is(text, t, ";") || tok_is(text, t, ":") ||
             tok_is(text, t, "%"));
}

/* The hand-written rules. */
static void rule_split(const char *text, const pl_token *toks, size_t n, uint8_t *brk)
{
    memset(brk, 0, n);
    if (n == 0)
        return;
    brk[n - 1] = 1;
    for (size_t i = 0; i + 1 < n; i++) {
        const pl_token *t = &toks[i], *nx = &toks[i + 1];
        if (nx->nl_before >= 2) {
            brk[i] = 1;
            continue;
        }
        if (nx->nl_before == 1) {
            /* a wrapped line goes on in lower case after a non-final token */
            bool goes_on = (nx->flags & PL_TOK_LOWER) && !(t->flags & PL_TOK_TERM);
            if (!goes_on) {
                brk[i] = 1;
                continue;
            }
        }
        uint16_t f = t->flags;
        if (!(f & (PL_TOK_TERM | PL_TOK_ABBR)))
            continue;
        /* take the closing quotes and brackets that follow the mark */
        size_t j = i;
        while (
            j + 1 < n && toks[j + 1].nl_before == 0 &&
            (toks[j + 1].flags & (PL_TOK_CLOSE | PL_TOK_QUOTE | PL_TOK_TERM | PL_TOK_EMOTICON)) &&
            !(toks[j + 1].flags & PL_TOK_WORD)) {
            /* a quote glued to the next word opens it */
            if ((toks[j + 1].flags & PL_TOK_QUOTE) && j + 2 < n &&
                toks[j + 2].start == toks[j + 1].end && toks[j + 1].sp_before)
                break;
            j++;
        }
        if (j + 1 >= n)
            continue; /* the block's end breaks anyway */
        const pl_token *s = &toks[j + 1];
        bool end;
        if (f & PL_TOK_ABBR) {
            if (f & (PL_TOK_TITLE | PL_TOK_INITIAL))
                end = false;
            else
                end = (j > i && can_start(text, s) && !(s->flags & PL_TOK_LOWER)) ||
                      ((s->flags & PL_TOK_UPPER) && is_starter(text, s));
        } else if (f & PL_TOK_ELLIPSIS) {
            end = (s->flags & PL_TOK_UPPER) != 0;
        } else if (can_start(text, s)) {
            end = true;
        } else {
            /* web text starts sentences in lower case ("party. max and jen
             * are ..."); not after a closing quote ("Why?" he asked) nor
             * after a short word that may be an unknown abbreviation */
            end = (s->flags & PL_TOK_LOWER) && j == i && i > 0 &&
                  (toks[i - 1].flags & PL_TOK_WORD) && toks[i - 1].end == t->start &&
                  (toks[i - 1].end - toks[i - 1].start >= 4 || tok_is(text, t, "?") ||
                   tok_is(text, t, "!"));
        }
        if (end) {
            /* 2 = a clear case the model may not overrule: . ? ! then a
             * capitalised word, or an opening quote or bracket glued to one */
            const pl_token *w = s;
            if ((s->flags & (PL_TOK_QUOTE | PL_TOK_OPEN)) && j + 2 < n &&
                toks[j + 2].start == s->end)
                w = &toks[j + 2];
            bool clear = !(f & (PL_TOK_ABBR | PL_TOK_ELLIPSIS)) && s->sp_before &&
                         (w->flags & PL_TOK_UPPER) && (w->flags & PL_TOK_WORD);
            brk[j] = clear ? 2 : 1;
            i = j;
        }
    }
}

/* Shape classes of tokens, features of the model. Append only: the model's
 * keys depend on the numbers. */
enum {
    SH_NONE = 0,
    SH_LOWER,
    SH_CAP,
    SH_UPPER,
    SH_NUM,
    SH_ALNUM,
    SH_PERIOD,
    SH_QUESTION,
    SH_EXCLAIM,
    SH_MARKS,
    SH_COMMA,
    SH_COLON,
    SH_SEMI,
    SH_OPEN,
    SH_CLOSE,
    SH_QUOTE,
    SH_DASH,
    SH_URL,
    SH_ABBR,
    SH_INITIAL,
    SH_TITLE,
    SH_EMOTICON,
    SH_RULE,
    SH_SYMBOL,
    SH_ELLIPSIS,
    SH_AMPM,
    SH_COUNT
};

static uint8_t shape_of(const char *text, const pl_token *t)
{
    uint16_t f = t->flags;
    uint32_t n = t->end - t->start;
    const char *s = text + t->start;
    if (f & PL_TOK_URL)
        return SH_URL;
    if (f & PL_TOK_INITIAL)
        return SH_INITIAL;
    if (f & PL_TOK_TITLE)
        return SH_TITLE;
    if (f & PL_TOK_ABBR)
        return (n == 4 && (s[0] == 'a' || s[0] == 'p' || s[0] == 'A' || s[0] == 'P') &&
                (s[2] == 'm' || s[2] == 'M'))
                   ? SH_AMPM
                   : SH_ABBR;
    if (f & PL_TOK_WORD) {
        if (f & PL_TOK_DIGIT) {
            for (uint32_t i = 0; i < n; i++)
                if ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z'))
                    return SH_ALNUM;
            return SH_NUM;
        }
        if (f & PL_TOK_LOWER)
            return SH_LOWER;
        if (f & PL_TOK_UPPER) {
            if (n == 2 && (s[0] == 'A' || s[0] == 'P') && s[1] == 'M')
                return SH_AMPM;
            bool all = n > 1;
            for (uint32_t i = 1; i < n && all; i++)
                if (s[i] >= 'a' && s[i] <= 'z')
                    all = false;
            return all ? SH_UPPER : SH_CAP;
        }
        return SH_ALNUM;
    }
    if (f & PL_TOK_EMOTICON)
        return SH_EMOTICON;
    if (f & PL_TOK_RULE)
        return SH_RULE;
    if (f & PL_TOK_ELLIPSIS)
        return SH_ELLIPSIS;
    if (f & PL_TOK_TERM) {
        if (n > 1)
            return SH_MARKS;
        return s[0] == '.' ? SH_PERIOD : s[0] == '?' ? SH_QUESTION : SH_EXCLAIM;
    }
    if (f & PL_TOK_OPEN)
        return SH_OPEN;
    if (f & PL_TOK_CLOSE)
        return SH_CLOSE;
    if (f & PL_TOK_QUOTE)
        return SH_QUOTE;
    switch (s[0]) {
    case ',': return SH_COMMA;
    case ':': return SH_COLON;
    case ';': return SH_SEMI;
    case '-': return SH_DASH;
    default: break;
    }
    if (n == 3 && ((unsigned char)s[0] == 0xE2 && (unsigned char)s[1] == 0x80 &&
                   ((unsigned char)s[2] == 0x93 || (unsigned char)s[2] == 0x94)))
        return SH_DASH;
    return SH_SYMBOL;
}

/* FNV-1a of the lower-cased form with digits as 0; long tokens share one
 * hash. */
static uint64_t form_hash(const char *text, const pl_token *t)
{
    uint32_t n = t->end - t->start;
    if (n > 24 || (t->flags & PL_TOK_URL))
        return 0x5bd1e995ULL;
    uint64_t h = 0xcbf29ce484222325ULL;
    for (uint32_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)text[t->start + i];
        if (c >= 'A' && c <= 'Z')
            c = (unsigned char)(c + 32);
        else if (c >= '0' && c <= '9')
            c = '0';
        h = (h ^ c) * 0x100000001b3ULL;
    }
    return h | 1; /* 0 marks "not computed yet" */
}

static inline uint64_t mix(uint64_t h, uint64_t v)
{
    h ^= v + 0x9E3779B97F4A7C15ULL + (h << 6) + (h >> 2);
    h *= 0xff51afd7ed558ccdULL;
    return h ^ (h >> 33);
}

static inline uint64_t key(uint64_t tmpl, uint64_t a, uint64_t b, uint64_t c)
{
    uint64_t h = mix(mix(mix(mix(0x1234567ULL, tmpl), a), b), c);
    return h ? h : 1; /* 0 marks an empty slot */
}

size_t pl_split_gap_gate(const pl_token *toks, size_t n, size_t i, const pl_split_scratch *sc)
{
    return ((size_t)sc->shape[i] * SH_COUNT + sc->shape[i + 1]) * 2 + toks[i + 1].sp_before;
}

bool pl_split_gap_learned(const pl_token *toks, size_t n, size_t i)
{
    return i + 1 < n && toks[i + 1].nl_before == 0;
}

void pl_split_gap_features(const char *text, const pl_token *toks, size_t n, size_t i,
                           pl_split_scratch *sc, uint64_t k[PL_SEG_NFEAT])
{
    /* form hashes are computed on demand: most gaps never reach the model */
    size_t lo = i > 0 ? i - 1 : 0, hi = i + 2 < n ? i + 2 : n - 1;
    for (size_t j = lo; j <= hi; j++)
        if (!sc->hash[j])
            sc->hash[j] = form_hash(text, &toks[j]);
    const uint64_t *w = sc->hash;
    const uint8_t *sh = sc->shape;
    uint64_t wp = i > 0 ? w[i - 1] : 1, w0 = w[i], w1 = i + 1 < n ? w[i + 1] : 2,
             w2 = i + 2 < n ? w[i + 2] : 2;
    uint64_t sp = i > 0 ? sh[i - 1] : SH_NONE, s0 = sh[i], s1 = i + 1 < n ? sh[i + 1] : SH_NONE,
             s2 = i + 2 < n ? sh[i + 2] : SH_NONE;
    uint64_t r = sc->rule[i] != 0;
    /* whitespace in the gap, and after the next token */
    uint64_t gap = i + 1 < n ? toks[i + 1].sp_before : 1;
    uint64_t gap2 = i + 2 < n ? toks[i + 2].sp_before : 1;
    uint64_t len0 = toks[i].end - toks[i].start;
    len0 = len0 > 4 ? 4 : len0;
    k[0] = key(0, 0, 0, 0);
    k[1] = key(1, r, 0, 0);
    k[2] = key(2, s0, s1, gap);
    k[3] = key(3, sp * 64 + s0, s1, 0);
    k[4] = key(4, s0, s1 * 64 + s2, gap2);
    k[5] = key(5, w0, 0, 0);
    k[6] = key(6, w1, 0, 0);
    k[7] = key(7, w0, s1, 0);
    k[8] = key(8, s0, w1, 0);
    k[9] = key(9, wp, w0, 0);
    k[10] = key(10, w0, w1, 0);
    k[11] = key(11, r, s0, s1);
    k[12] = key(12, len0, s0, s1);
    k[13] = key(13, w1, w2, 0);
    k[14] = key(14, wp, s0, s1);
    k[15] = key(15, r, sp * 64 + s0, s1 * 64 + s2);
}

static float weight(uint64_t k)
{
    size_t mask = pl_seg_model_size - 1;
    uint32_t fp = (uint32_t)(k >> 32) | 1;
    for (size_t slot = (size_t)k & mask;; slot = (slot + 1) & mask) {
        const pl_seg_slot *x = &pl_seg_model[slot];
        if (x->fp == fp)
            return x->w;
        if (x->fp == 0)
            return 0.0f;
    }
}

void pl_split_scratch_free(pl_split_scratch *s)
{
    pl_free(s->hash);
    pl_free(s->shape);
    pl_free(s->rule);
    memset(s, 0, sizeof *s);
}

parley_status pl_split_sentences(const char *text, const pl_token *toks, size_t n, uint8_t *brk,
                                 pl_split_scratch *sc)
{
    if (n > sc->cap) {
        size_t cap = sc->cap ? sc->cap : 256;
        while (cap < n)
            cap *= 2;
        uint64_t *h = pl_realloc(sc->hash, cap * sizeof *h);
        if (h)
            sc->hash = h;
        uint8_t *s = pl_realloc(sc->shape, cap);
        if (s)
            sc->shape = s;
        uint8_t *r = pl_realloc(sc->rule, cap);
        if (r)
            sc->rule = r;
        if (!h || !s || !r)
            return pl_error(PARLEY_ERR_NOMEM, "out of memory splitting sentences");
        sc->cap = cap;
    }
    rule_split(text, toks, n, sc->rule);
    for (size_t i = 0; i < n; i++)
        brk[i] = sc->rule[i] != 0;
    memset(sc->hash, 0, n * sizeof *sc->hash);
    for (size_t i = 0; i < n; i++)
        sc->shape[i] = shape_of(text, &toks[i]);
    if (pl_seg_model_size == 0 || n < 2)
        return PARLEY_OK;
    uint64_t k[PL_SEG_NFEAT];
    for (size_t i = 0; i + 1 < n; i++) {
        if (!pl_split_gap_learned(toks, n, i) || sc->rule[i] == 2 ||
            !pl_seg_model_gates[pl_split_gap_gate(toks, n, i, sc)])
            continue;
        pl_split_gap_features(text, toks, n, i, sc, k);
        /* the table is larger than L1: start every load before the first use */
        for (size_t f = 0; f < PL_SEG_NFEAT; f++)
            __builtin_prefetch(&pl_seg_model[(size_t)k[f] & (pl_seg_model_size - 1)]);
        float score = 0.0f;
        for (size_t f = 0; f < PL_SEG_NFEAT; f++)
            score += weight(k[f]);
        brk[i] = score > 0.0f;
    }
    return PARLEY_OK;
}
