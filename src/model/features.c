/*
 * features.c - feature extraction for the tagger (Honnibal-style: word,
 * affixes, shape, neighbouring words and the two previous tags) and the
 * parser (Zhang & Nivre 2011 style: stack/buffer words and tags, children,
 * labels, valency and distance), as 64-bit hashed keys.
 */
#include "model/model.h"

#include <string.h>

/* A collapsed word shape: X for upper, x for lower, d for digits, other
 * bytes themselves, runs of one class written at most twice. */
static uint64_t shape_hash(const char *s, size_t n)
{
    char buf[24];
    size_t k = 0;
    char prev = 0;
    int run = 0;
    for (size_t i = 0; i < n && k < sizeof buf; i++) {
        unsigned char c = (unsigned char)s[i];
        char m;
        if (c >= 'A' && c <= 'Z')
            m = 'X';
        else if (c >= 'a' && c <= 'z')
            m = 'x';
        else if (c >= '0' && c <= '9')
            m = 'd';
        else if (c >= 0x80)
            m = 'u';
        else
            m = (char)c;
        if (m == prev) {
            if (++run > 2)
                continue;
        } else {
            run = 1;
            prev = m;
        }
        buf[k++] = m;
    }
    return pl_hash_bytes(buf, k, 7);
}

void pl_lex_word(const char *form, pl_lex *out)
{
    size_t n = strlen(form);
    char low[64];
    size_t ln = n < sizeof low ? n : sizeof low;
    int upper = 0, digit = 0, hyphen = 0, alpha = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)form[i];
        if (c >= 'A' && c <= 'Z')
            upper++;
        else if (c >= '0' && c <= '9')
            digit++;
        else if (c == '-')
            hyphen++;
        if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')
            alpha++;
    }
    for (size_t i = 0; i < ln; i++) {
        unsigned char c = (unsigned char)form[i];
        low[i] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
    }
    out->lower = n < sizeof low ? pl_hash_bytes(low, ln, 1) : pl_hash_bytes(form, n, 2);
    out->shape = shape_hash(form, n);
    out->pre1 = pl_hash_bytes(low, ln < 1 ? ln : 1, 3);
    out->pre2 = pl_hash_bytes(low, ln < 2 ? ln : 2, 3);
    out->pre3 = pl_hash_bytes(low, ln < 3 ? ln : 3, 3);
    out->suf1 = pl_hash_bytes(low + (ln > 1 ? ln - 1 : 0), ln < 1 ? ln : 1, 4);
    out->suf2 = pl_hash_bytes(low + (ln > 2 ? ln - 2 : 0), ln < 2 ? ln : 2, 4);
    out->suf3 = pl_hash_bytes(low + (ln > 3 ? ln - 3 : 0), ln < 3 ? ln : 3, 4);
    out->suf4 = pl_hash_bytes(low + (ln > 4 ? ln - 4 : 0), ln < 4 ? ln : 4, 4);
    out->amb = 0;
    out->flags = (uint64_t)(upper > 0) | (uint64_t)(upper == alpha && alpha > 1) << 1 |
                 (uint64_t)(digit > 0) << 2 | (uint64_t)(hyphen > 0) << 3 |
                 (uint64_t)(n > 0 && form[0] >= 'A' && form[0] <= 'Z') << 4;
}

/* Lexical entry of word j or a sentinel outside the sentence. */
static const pl_lex *lex_at(const pl_lex *lex, size_t n, long j)
{
    static const pl_lex start = {11, 11, 11, 11, 11, 11, 11, 11, 11, 11, 11};
    static const pl_lex end = {13, 13, 13, 13, 13, 13, 13, 13, 13, 13, 13};
    if (j < 0)
        return &start;
    if ((size_t)j >= n)
        return &end;
    return &lex[j];
}

/* The features of word i: want & PL_TAGF_STATIC those that depend on the
 * words only, want & PL_TAGF_DYNAMIC those that depend on the previous
 * tags (tags is not read without it); in one fixed order. */
size_t pl_tagger_features_part(const pl_lex *lex, size_t n, size_t i, const int *tags,
                               uint64_t *f, unsigned want)
{
    size_t k = 0;
    long li = (long)i;
    const pl_lex *w = &lex[i], *p1 = lex_at(lex, n, li - 1), *p2 = lex_at(lex, n, li - 2);
    const pl_lex *n1 = lex_at(lex, n, li + 1), *n2 = lex_at(lex, n, li + 2);
    bool dyn = want & PL_TAGF_DYNAMIC, sta = want & PL_TAGF_STATIC;
    uint64_t t1 = dyn && i >= 1 ? (uint64_t)tags[i - 1] + 1 : 0;
    uint64_t t2 = dyn && i >= 2 ? (uint64_t)tags[i - 2] + 1 : 0;
    uint64_t first = i == 0;
    if (sta) /* bias */
        f[k++] = pl_feat(0, 0, 0, 0);
    if (sta)
        f[k++] = pl_feat(1, w->lower, 0, 0);
    if (sta)
        f[k++] = pl_feat(2, w->suf1, 0, 0);
    if (sta)
        f[k++] = pl_feat(3, w->suf2, 0, 0);
    if (sta)
        f[k++] = pl_feat(4, w->suf3, 0, 0);
    if (sta)
        f[k++] = pl_feat(5, w->suf4, 0, 0);
    if (sta)
        f[k++] = pl_feat(6, w->pre1, 0, 0);
    if (sta)
        f[k++] = pl_feat(7, w->pre2, 0, 0);
    if (sta)
        f[k++] = pl_feat(8, w->pre3, 0, 0);
    if (sta)
        f[k++] = pl_feat(9, w->shape, 0, 0);
    if (sta)
        f[k++] = pl_feat(10, w->flags, first, 0);
    if (dyn)
        f[k++] = pl_feat(11, t1, 0, 0);
    if (dyn)
        f[k++] = pl_feat(12, t1, t2, 0);
    if (dyn)
        f[k++] = pl_feat(13, t1, w->lower, 0);
    if (sta)
        f[k++] = pl_feat(14, p1->lower, 0, 0);
    if (sta)
        f[k++] = pl_feat(15, p1->suf3, 0, 0);
    if (sta)
        f[k++] = pl_feat(16, p2->lower, 0, 0);
    if (sta)
        f[k++] = pl_feat(17, n1->lower, 0, 0);
    if (sta)
        f[k++] = pl_feat(18, n1->suf3, 0, 0);
    if (sta)
        f[k++] = pl_feat(19, n2->lower, 0, 0);
    if (sta)
        f[k++] = pl_feat(20, p1->lower, w->lower, 0);
    if (sta)
        f[k++] = pl_feat(21, w->lower, n1->lower, 0);
    if (sta)
        f[k++] = pl_feat(22, n1->shape, 0, 0);
    if (sta)
        f[k++] = pl_feat(23, p1->shape, w->shape, 0);
    if (dyn)
        f[k++] = pl_feat(24, t1, w->suf3, 0);
    if (sta)
        f[k++] = pl_feat(25, w->shape, first, 0);
    if (sta)
        f[k++] = pl_feat(26, n1->suf2, 0, 0);
    if (sta)
        f[k++] = pl_feat(27, n2->suf3, 0, 0);
    if (dyn)
        f[k++] = pl_feat(28, t1, n1->lower, 0);
    if (dyn)
        f[k++] = pl_feat(29, t2, 0, 0);
    if (sta)
        f[k++] = pl_feat(30, p1->suf2, 0, 0);
    if (sta)
        f[k++] = pl_feat(31, w->suf1, n1->suf1, 0);
    /* ambiguity classes: what the treebank says these words can be */
    if (sta)
        f[k++] = pl_feat(32, w->amb, 0, 0);
    if (sta)
        f[k++] = pl_feat(33, n1->amb, 0, 0);
    if (sta)
        f[k++] = pl_feat(34, n2->amb, 0, 0);
    if (sta)
        f[k++] = pl_feat(35, w->amb, n1->amb, 0);
    if (dyn)
        f[k++] = pl_feat(36, t1, w->amb, 0);
    if (sta)
        f[k++] = pl_feat(37, n1->amb, n2->amb, 0);
    if (dyn)
        f[k++] = pl_feat(38, t1, w->amb, n1->amb);
    if (sta)
        f[k++] = pl_feat(39, w->amb, w->suf3, 0);
    return k;
}

size_t pl_tagger_features(const pl_lex *lex, size_t n, size_t i, const int *tags, uint64_t *f)
{
    return pl_tagger_features_part(lex, n, i, tags, f, PL_TAGF_STATIC | PL_TAGF_DYNAMIC);
}

/* ---------------------------------------------------------------------- */
/* Parser features. Positions that do not exist get the value 0 (word),
 * a reserved tag number and label 0xffff. */

#define NONE_W 0x5151515151515151ULL

static int sget(const pl_state *s, size_t depth)
{
    return depth < s->sp ? s->stack[s->sp - 1 - depth] : 0;
}
static int bget(const pl_state *s, size_t k)
{
    size_t j = s->b + k;
    return j <= s->n + 1 ? (int)j : 0;
}

size_t pl_parser_features(const pl_state *s, const uint64_t *word, const int *tag, uint64_t *f)
{
    size_t k = 0;
    int s0 = sget(s, 0), s1 = sget(s, 1), s2 = sget(s, 2);
    int b0 = bget(s, 0), b1 = bget(s, 1), b2 = bget(s, 2);
#define W(x) ((x) ? word[x] : NONE_W)
#define P(x) ((x) ? (uint64_t)tag[x] + 1 : 0)
#define L(x) ((x) ? (uint64_t)s->label[x] + 1 : 0)
#define CH(arr, x) ((x) ? s->arr[x] : 0)
    uint64_t s0w = W(s0), s0p = P(s0), s1w = W(s1), s1p = P(s1), s2p = P(s2);
    uint64_t b0w = W(b0), b0p = P(b0), b1w = W(b1), b1p = P(b1), b2w = W(b2), b2p = P(b2);
    int s0l1 = CH(l1, s0), s0l2 = CH(l2, s0), s0r1 = CH(r1, s0), s0r2 = CH(r2, s0);
    int b0l1 = CH(l1, b0), b0l2 = CH(l2, b0);
    int s1r1 = CH(r1, s1), s1l1 = CH(l1, s1);
    uint64_t dist = s0 && b0 ? (uint64_t)(b0 - s0) : 0;
    if (dist > 5)
        dist = dist < 10 ? 6 : 7;
    uint64_t d2 = s0 && s1 ? (uint64_t)(s0 - s1) : 0;
    if (d2 > 5)
        d2 = d2 < 10 ? 6 : 7;
    uint64_t s0vl = CH(nl, s0), s0vr = CH(nr, s0), b0vl = CH(nl, b0);
    uint64_t s1vl = CH(nl, s1), s1vr = CH(nr, s1);
    uint64_t broot = b0 == (int)s->n + 1; /* buffer front is the root */

    /* single words */
    f[k++] = pl_feat(100, s0w, 0, 0);
    f[k++] = pl_feat(101, s0p, 0, 0);
    f[k++] = pl_feat(102, s0w, s0p, 0);
    f[k++] = pl_feat(103, s1w, 0, 0);
    f[k++] = pl_feat(104, s1p, 0, 0);
    f[k++] = pl_feat(105, s1w, s1p, 0);
    f[k++] = pl_feat(106, b0w, broot, 0);
    f[k++] = pl_feat(107, b0p, 0, 0);
    f[k++] = pl_feat(108, b0w, b0p, 0);
    f[k++] = pl_feat(109, b1w, 0, 0);
    f[k++] = pl_feat(110, b1p, 0, 0);
    f[k++] = pl_feat(111, b1w, b1p, 0);
    f[k++] = pl_feat(112, b2w, 0, 0);
    f[k++] = pl_feat(113, b2p, 0, 0);
    f[k++] = pl_feat(114, b2w, b2p, 0);
    f[k++] = pl_feat(115, s2p, 0, 0);
    /* pairs */
    f[k++] = pl_feat(120, s0w, s0p, b0w ^ (b0p << 50));
    f[k++] = pl_feat(123, s0w, s0p, b0p);
    f[k++] = pl_feat(124, s0p, b0w, b0p);
    f[k++] = pl_feat(125, s0w, b0w, 0);
    f[k++] = pl_feat(126, s0p, b0p, 0);
    f[k++] = pl_feat(127, b0p, b1p, 0);
    f[k++] = pl_feat(128, s1w, s1p, s0w ^ (s0p << 50));
    f[k++] = pl_feat(129, s1p, s0p, 0);
    f[k++] = pl_feat(130, s1w, s0w, 0);
    f[k++] = pl_feat(133, s1p, b0p, 0);
    /* triples of tags */
    f[k++] = pl_feat(140, b0p, b1p, b2p);
    f[k++] = pl_feat(141, s0p, b0p, b1p);
    f[k++] = pl_feat(142, s1p, s0p, b0p);
    f[k++] = pl_feat(143, s2p, s1p, s0p);
    f[k++] = pl_feat(144, s0p, P(s0l1), b0p);
    f[k++] = pl_feat(145, s0p, P(s0r1), b0p);
    f[k++] = pl_feat(146, s0p, b0p, P(b0l1));
    f[k++] = pl_feat(147, s1p, s0p, P(s0l1));
    f[k++] = pl_feat(148, s1p, P(s1r1), s0p);
    f[k++] = pl_feat(149, s1p, s0p, P(s0r1));
    f[k++] = pl_feat(150, s1p, P(s1l1), s0p);
    /* distance */
    f[k++] = pl_feat(160, s0w, dist, 0);
    f[k++] = pl_feat(161, s0p, dist, 0);
    f[k++] = pl_feat(162, b0w, dist, 0);
    f[k++] = pl_feat(163, b0p, dist, 0);
    f[k++] = pl_feat(164, s0w, b0w, dist);
    f[k++] = pl_feat(165, s0p, b0p, dist);
    f[k++] = pl_feat(166, s1p, s0p, d2);
    /* valency */
    f[k++] = pl_feat(170, s0w, s0vr, 0);
    f[k++] = pl_feat(171, s0p, s0vr, 0);
    f[k++] = pl_feat(172, s0w, s0vl, 0);
    f[k++] = pl_feat(173, s0p, s0vl, 0);
    f[k++] = pl_feat(174, b0w, b0vl, 0);
    f[k++] = pl_feat(175, b0p, b0vl, 0);
    f[k++] = pl_feat(176, s1p, s1vl, s1vr);
    /* first-order children */
    f[k++] = pl_feat(180, W(s0l1), 0, 0);
    f[k++] = pl_feat(181, P(s0l1), 0, 0);
    f[k++] = pl_feat(182, L(s0l1), 0, 0);
    f[k++] = pl_feat(183, W(s0r1), 0, 0);
    f[k++] = pl_feat(184, P(s0r1), 0, 0);
    f[k++] = pl_feat(185, L(s0r1), 0, 0);
    f[k++] = pl_feat(186, W(b0l1), 0, 0);
    f[k++] = pl_feat(187, P(b0l1), 0, 0);
    f[k++] = pl_feat(188, L(b0l1), 0, 0);
    f[k++] = pl_feat(189, L(s1r1), s1p, 0);
    f[k++] = pl_feat(190, L(s1l1), s1p, 0);
    /* second-order children */
    f[k++] = pl_feat(200, W(s0l2), 0, 0);
    f[k++] = pl_feat(201, P(s0l2), 0, 0);
    f[k++] = pl_feat(202, L(s0l2), 0, 0);
    f[k++] = pl_feat(203, W(s0r2), 0, 0);
    f[k++] = pl_feat(204, P(s0r2), 0, 0);
    f[k++] = pl_feat(205, L(s0r2), 0, 0);
    f[k++] = pl_feat(206, W(b0l2), 0, 0);
    f[k++] = pl_feat(207, P(b0l2), 0, 0);
    f[k++] = pl_feat(208, L(b0l2), 0, 0);
    f[k++] = pl_feat(209, s0p, L(s0l1), L(s0l2));
    f[k++] = pl_feat(210, s0p, L(s0r1), L(s0r2));
    f[k++] = pl_feat(211, b0p, L(b0l1), L(b0l2));
    /* label sets */
    f[k++] = pl_feat(220, s0w, CH(lset, s0), 0);
    f[k++] = pl_feat(221, s0p, CH(lset, s0), 0);
    f[k++] = pl_feat(222, s0w, CH(rset, s0), 0);
    f[k++] = pl_feat(223, s0p, CH(rset, s0), 0);
    f[k++] = pl_feat(224, b0w, CH(lset, b0), 0);
    f[k++] = pl_feat(225, b0p, CH(lset, b0), 0);
    /* stack depth and buffer position */
    f[k++] = pl_feat(230, s->sp < 4 ? s->sp : 4, broot, 0);
    f[k++] = pl_feat(231, s0p, b0p, s->sp < 3 ? s->sp : 3);
#undef W
#undef P
#undef L
#undef CH
    return k;
}
