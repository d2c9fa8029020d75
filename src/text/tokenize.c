/* tokenize.c - cut a block of text into UD English EWT surface tokens and
 * expand multiword tokens into syntactic words.
 *
 * Whitespace always separates tokens. Inside a whitespace-free chunk a word
 * run (letters, digits and the joiners EWT keeps inside words: it's, 3.5,
 * 200,000, 5:00, 9/11, AT&T, e-mail, a@b.com) is one token, and every other
 * character is a token of its own, except runs (... !! -- ***) and the
 * emoticons and symbols learned from EWT train (:) <<). A word keeps a
 * final period when it is an abbreviation (Dr. U.S. J.). See
 * docs/internals/text-tokenize.md. */
#include "text/tokenize.h"

#include <string.h>
#include <utf8proc.h>

#define PL_MAX_BLOCK_TOKENS ((size_t)1 << 26)

/* Decode the code point at s[i] (i < end); *len gets its byte length. The
 * text is valid UTF-8, so only the ASCII case needs to be fast. */
static inline int32_t cp_at(const char *s, uint32_t i, uint32_t end, uint32_t *len)
{
    unsigned char c = (unsigned char)s[i];
    if (c < 0x80) {
        *len = 1;
        return c;
    }
    size_t l;
    int32_t cp = pl_utf8_decode((const unsigned char *)s + i, end - i, &l);
    *len = (uint32_t)l;
    return cp;
}

static inline bool cp_space(int32_t c)
{
    if (c < 0x80)
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
    return c == 0x85 || c == 0xA0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200B) || c == 0x2028 ||
           c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000 || c == 0xFEFF;
}

static inline bool cp_alnum(int32_t c)
{
    if (c < 0x80)
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (cp_space(c))
        return false;
    utf8proc_category_t cat = utf8proc_category(c);
    return (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_NO);
}

static inline bool cp_digit(int32_t c)
{
    return c >= '0' && c <= '9';
}
static inline bool cp_upper(int32_t c)
{
    if (c < 0x80)
        return c >= 'A' && c <= 'Z';
    return utf8proc_category(c) == UTF8PROC_CATEGORY_LU;
}
static inline bool cp_lower(int32_t c)
{
    if (c < 0x80)
        return c >= 'a' && c <= 'z';
    return utf8proc_category(c) == UTF8PROC_CATEGORY_LL;
}
static inline bool cp_apos(int32_t c)
{
    return c == '\'' || c == 0x2019;
}

/* Opening and closing brackets and quotes. */
static inline bool cp_open(int32_t c)
{
    return c == '(' || c == '[' || c == '{' || c == 0x201C || c == 0x2018 || c == 0xAB ||
           c == '`' || c == 0x201E;
}
static inline bool cp_close(int32_t c)
{
    return c == ')' || c == ']' || c == '}' || c == 0x201D || c == 0x2019 || c == 0xBB;
}

static inline parley_status push(pl_toks *out, uint32_t s, uint32_t e, uint16_t flags, uint8_t nl,
                                 uint8_t sp, uint8_t more)
{
    if (out->n == out->cap) {
        parley_status st =
            pl_grow((void **)&out->v, &out->cap, out->n + 1, sizeof(pl_token), PL_MAX_BLOCK_TOKENS);
        if (st)
            return st;
    }
    out->v[out->n++] = (pl_token){s, e, flags, nl, sp, more};
    return PARLEY_OK;
}

static bool has_prefix_ci(const char *s, uint32_t n, const char *p)
{
    size_t m = strlen(p);
    if (n < m)
        return false;
    for (size_t i = 0; i < m; i++) {
        char c = s[i];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c + 32);
        if (c != p[i])
            return false;
    }
    return true;
}

/* Trailing characters a URL or e-mail does not keep at the end of a chunk. */
static bool url_trailer(char c)
{
    return c == '.' || c == ',' || c == ';' || c == ':' || c == '!' || c == '?' || c == ')' ||
           c == ']' || c == '"' || c == '\'' || c == '>' || c == '}';
}

/* If text[i, ce) starts a URL or an e-mail address, return its end. */
static uint32_t url_end(const char *s, uint32_t i, uint32_t ce, bool has_at)
{
    uint32_t n = ce - i;
    char c0 = (char)(s[i] | 0x20);
    bool url = (c0 == 'h' || c0 == 'w' || c0 == 'f' || c0 == 'm') &&
               (has_prefix_ci(s + i, n, "http://") || has_prefix_ci(s + i, n, "https://") ||
                has_prefix_ci(s + i, n, "ftp://") || has_prefix_ci(s + i, n, "www.") ||
                has_prefix_ci(s + i, n, "mailto:"));
    uint32_t e = i;
    if (url) {
        e = ce;
    } else {
        if (!has_at)
            return 0;
        /* e-mail: [alnum._%+-]+ @ [alnum.-]+ . [alnum]+ */
        uint32_t j = i;
        while (j < ce && ((unsigned char)s[j] >= 0x80 || cp_alnum((unsigned char)s[j]) ||
                          strchr("._%+-", s[j])))
            j++;
        if (j == i || j >= ce || s[j] != '@')
            return 0;
        uint32_t at = j++;
        bool dot = false;
        while (j < ce &&
               (cp_alnum((unsigned char)s[j]) || s[j] == '.' || s[j] == '-' || s[j] == '_')) {
            if (s[j] == '.' && j + 1 < ce && cp_alnum((unsigned char)s[j + 1]))
                dot = true;
            j++;
        }
        if (!dot || j == at + 1 || !cp_alnum((unsigned char)s[i]))
            return 0;
        e = j;
    }
    while (e > i && url_trailer(s[e - 1]))
        e--;
    /* keep a closing parenthesis the URL itself opened */
    if (url && e < ce && s[e] == ')' && memchr(s + i, '(', e - i))
        e++;
    return e - i > 4 ? e : 0;
}

/* Is the word run text[s, e), followed by a period, an abbreviation that
 * keeps the period? Returns flags to add (0 = the period is a token). */
static uint16_t abbrev_flags(const char *text, uint32_t s, uint32_t e)
{
    uint32_t n = e - s;
    uint32_t l;
    int32_t c0 = cp_at(text, s, e, &l);
    if (l == n && cp_upper(c0))
        return PL_TOK_ABBR | PL_TOK_INITIAL;
    int k = pl_abbrev_kind(text + s, n);
    if (k == PL_ABBR_TITLE)
        return PL_TOK_ABBR | PL_TOK_TITLE;
    if (k)
        return PL_TOK_ABBR;
    /* letter.letter runs: U.S, a.m, i.e, Ph.D -> each part at most 2 letters */
    if (memchr(text + s, '.', n)) {
        uint32_t part = 0;
        for (uint32_t i = s; i < e; i++) {
            char c = text[i];
            if (c == '.') {
                if (part == 0)
                    return 0;
                part = 0;
            } else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
                if (++part > 2)
                    return 0;
            } else {
                return 0;
            }
        }
        return PL_TOK_ABBR;
    }
    return 0;
}

/* Scan a word run starting at i (a letter or digit) inside the chunk
 * [i, ce); returns its end. */
static uint32_t word_run(const char *s, uint32_t i, uint32_t ce, bool *hyph, bool *apos)
{
    uint32_t j = i, l;
    int32_t prev = 0;
    uint32_t seg = i; /* start of the current hyphen-separated segment */
    while (j < ce) {
        int32_t c = cp_at(s, j, ce, &l);
        if (cp_alnum(c) || c == '_' || (c >= 0x300 && c < 0x370)) {
            prev = c;
            j += l;
            continue;
        }
        if (j + l >= ce)
            break;
        uint32_t l2;
        int32_t nx = cp_at(s, j + l, ce, &l2);
        bool join = false;
        if (!cp_alnum(nx))
            break;
        switch (c) {
        case '\'':
        case 0x2019:
            join = true;
            *apos = true;
            break;
        case '.':
        case '@': join = true; break;
        case '`':
            join = (nx == 's' || nx == 'S') &&
                   (j + l + 1 >= ce || !cp_alnum((unsigned char)s[j + l + 1]));
            *apos |= join;
            break;
        case ',':
            /* 200,000 and decimal commas 3,40 (EWT keeps both) */
            join = cp_digit(prev) && cp_digit(nx);
            break;
        case ':': join = cp_digit(prev) && cp_digit(nx); break;
        case '/':
            /* 9/11 and 6/14/2023, l/c and w/o; but and/or, East/West split */
            join = (cp_digit(prev) && cp_digit(nx)) || (!cp_digit(prev) && j - seg == 1);
            break;
        case '&': join = (cp_upper(prev) || prev == 'p') && (cp_upper(nx) || nx == 'l'); break;
        case '-':
        case 0x2010:
        case 0x2011:
            if (cp_digit(prev) && cp_digit(nx)) {
                /* phone numbers 713-853-3989, 345-9945 stay; ranges 13-17 split */
                uint32_t k = j + l, d = 0;
                while (k < ce && cp_digit((unsigned char)s[k]))
                    k++, d++;
                join = d >= 4 || (j - seg >= 3 && d >= 3) || seg > i;
            } else if (pl_hyphen_keeps(s + seg, j - seg)) {
                join = true;
            } else {
                /* the whole word as a known hyphenated token */
                uint32_t k = j + l;
                while (k < ce && (cp_alnum((unsigned char)s[k]) || (unsigned char)s[k] >= 0x80))
                    k++;
                join = pl_hyphen_word(s + i, k - i);
            }
            if (join) {
                *hyph = true;
                seg = j + l;
            }
            break;
        default: break;
        }
        if (!join)
            break;
        prev = nx;
        j += l + l2;
    }
    return j;
}

/* In the word run [i, e) that starts with a digit: where a unit glued to
 * the number starts (8gb, 3pm, 650k), or e when there is none. Ordinals and
 * plurals stay (1st 2nd 3rd 4th 1990s), as does anything with letters and
 * digits mixed after the number (4x4, 3D2). */
static uint32_t unit_start(const char *s, uint32_t i, uint32_t e)
{
    uint32_t p = i;
    while (p < e && (cp_digit((unsigned char)s[p]) || s[p] == '.' || s[p] == ',' || s[p] == ':'))
        p++;
    if (p == e || p == i || !cp_digit((unsigned char)s[p - 1]))
        return e;
    for (uint32_t k = p; k < e; k++) {
        char c = (char)(s[k] | 0x20);
        if (c < 'a' || c > 'z')
            return e;
    }
    uint32_t n = e - p;
    char a = (char)(s[p] | 0x20), b = n > 1 ? (char)(s[p + 1] | 0x20) : 0;
    if (n == 1 && a == 's')
        return e;
    if (n == 2 && ((a == 't' && b == 'h') || (a == 's' && b == 't') || (a == 'n' && b == 'd') ||
                   (a == 'r' && b == 'd')))
        return e;
    return p;
}

static uint16_t case_flags(const char *s, uint32_t i, uint32_t e)
{
    uint32_t l;
    int32_t c = cp_at(s, i, e, &l);
    if (cp_digit(c))
        return PL_TOK_DIGIT;
    if (cp_upper(c))
        return PL_TOK_UPPER;
    if (cp_lower(c))
        return PL_TOK_LOWER;
    return 0;
}

/* Tokenize one whitespace-free chunk [cs, ce). */
static parley_status chunk(const char *s, uint32_t cs, uint32_t ce, uint8_t nl, uint8_t sp,
                           bool has_at, pl_toks *out)
{
    parley_status st;
    uint32_t i = cs, l;
    bool opened_single = s[cs] == '\'' || ((unsigned char)s[cs] == 0xE2 && ce - cs >= 3 &&
                                           memcmp(s + cs, "\xE2\x80\x98", 3) == 0);
    while (i < ce) {
        int32_t c = cp_at(s, i, ce, &l);
        uint32_t u = url_end(s, i, ce, has_at);
        if (u) {
            if ((st = push(out, i, u, PL_TOK_WORD | PL_TOK_URL | case_flags(s, i, u), nl, sp, 0)))
                return st;
            i = u;
            nl = sp = 0;
            continue;
        }
        bool start_word = cp_alnum(c);
        /* .doc, +44: a period or plus sign glued to the word it starts */
        if (!start_word && (c == '.' || c == '+' || c == '#') && i == cs && i + 1 < ce) {
            uint32_t l2;
            int32_t nx = cp_at(s, i + 1, ce, &l2);
            if ((c == '.' && cp_lower(nx)) || (c == '+' && cp_digit(nx)) ||
                (c == '#' && cp_alnum(nx) && !cp_digit(nx)))
                start_word = true;
        }
        if (start_word) {
            bool hyph = false, apos = false;
            uint32_t ws = cp_alnum(c) ? i : i + 1;
            uint32_t j = word_run(s, ws, ce, &hyph, &apos);
            uint32_t unit = cp_digit(c) ? unit_start(s, ws, j) : j;
            if (unit < j) {
                /* 8gb, 3pm, 650k: EWT splits a number from its unit */
                if ((st = push(out, i, unit, PL_TOK_WORD | PL_TOK_DIGIT, nl, sp, 0)))
                    return st;
                i = ws = unit;
                nl = sp = 0;
            }
            uint16_t fl = PL_TOK_WORD | case_flags(s, ws, j);
            if (j < ce && s[j] == '.' && (j + 1 == ce || !cp_alnum((unsigned char)s[j + 1]))) {
                uint16_t a = abbrev_flags(s, ws, j);
                if (a) {
                    fl |= a;
                    j++;
                }
            } else if (j < ce && !opened_single && j - ws >= 2 &&
                       (s[j - 1] == 's' || s[j - 1] == 'S')) {
                /* parents' (EWT: a multiword token parents + ') */
                uint32_t l2;
                int32_t a = cp_at(s, j, ce, &l2);
                if (cp_apos(a) && (j + l2 == ce || !cp_alnum((unsigned char)s[j + l2]))) {
                    j += l2;
                    apos = true;
                }
            }
            if ((st = push(out, i, j, fl, nl, sp, apos ? PL_TOKX_APOS : 0)))
                return st;
            i = j;
            nl = sp = 0;
            continue;
        }
        /* punctuation and symbols */
        uint32_t j = i + l;
        uint16_t fl = PL_TOK_PUNCT;
        size_t m = pl_punct_match(s + i, ce - i);
        if (c == '.' || c == '!' || c == '?') {
            while (j < ce && (s[j] == '.' || s[j] == '!' || s[j] == '?'))
                j++;
            fl |= PL_TOK_TERM;
            if (c == '.' && j - i >= 2)
                fl |= PL_TOK_ELLIPSIS;
        } else if (c == 0x2026) {
            fl |= PL_TOK_TERM | PL_TOK_ELLIPSIS;
        } else if (m > l) {
            j = i + (uint32_t)m;
            fl |= PL_TOK_EMOTICON;
        } else if (c == '-' || c == '=') {
            /* separators mix them: ----== */
            while (j < ce && (s[j] == '-' || s[j] == '='))
                j++;
            if (j - i >= 3)
                fl |= PL_TOK_RULE;
        } else if (c < 0x80 && strchr("*+~_#<>|^'`$\\/", (int)c)) {
            while (j < ce && s[j] == (char)c)
                j++;
            if (j - i >= 3 && c != '\'' && c != '`')
                fl |= PL_TOK_RULE;
        } else if (c == 0x2014 || c == 0x2013) {
            while (j + 3 <= ce && memcmp(s + j, s + i, 3) == 0)
                j += 3;
        }
        if (cp_open(c))
            fl |= PL_TOK_OPEN;
        else if (cp_close(c))
            fl |= PL_TOK_CLOSE;
        else if (c == '"' || c == '\'')
            fl |= PL_TOK_QUOTE;
        if ((st = push(out, i, j, fl, nl, sp, 0)))
            return st;
        i = j;
        nl = sp = 0;
    }
    return PARLEY_OK;
}

/* ASCII whitespace and @, for the scan that finds whitespace-free chunks. */
enum { AC_SPACE = 1, AC_AT = 2 };
static const uint8_t ascii_class[256] = {
    ['\t'] = AC_SPACE, ['\n'] = AC_SPACE, ['\v'] = AC_SPACE, ['\f'] = AC_SPACE,
    ['\r'] = AC_SPACE, [' '] = AC_SPACE,  ['@'] = AC_AT,
};

parley_status pl_tokenize_span(const char *text, uint32_t start, uint32_t end, pl_toks *out)
{
    uint32_t i = start, l;
    unsigned nl = 0;
    bool sp = false;
    while (i < end) {
        int32_t c = cp_at(text, i, end, &l);
        if (cp_space(c)) {
            if (c == '\n' || c == 0x2028 || c == 0x2029)
                nl++;
            sp = true;
            i += l;
            continue;
        }
        uint32_t j = i + l;
        unsigned seen = ascii_class[(unsigned char)text[i]];
        while (j < end) {
            unsigned char b = (unsigned char)text[j];
            unsigned k = ascii_class[b];
            if (k & AC_SPACE)
                break;
            seen |= k;
            if (b < 0x80) { /* ASCII fast path */
                j++;
                continue;
            }
            int32_t d = cp_at(text, j, end, &l);
            if (cp_space(d))
                break;
            j += l;
        }
        parley_status st =
            chunk(text, i, j, (uint8_t)(nl > 255 ? 255 : nl), sp, (seen & AC_AT) != 0, out);
        if (st)
            return st;
        i = j;
        nl = 0;
        sp = false;
    }
    return PARLEY_OK;
}

/* Compare the tail of word[0, n) with a clitic, ignoring ASCII case and
 * accepting ’ or ` for the apostrophe. Returns the clitic's byte length in
 * the word, 0 when it does not match. */
static uint32_t clitic_tail(const char *w, uint32_t n, const char *cl)
{
    /* cl is ASCII with ' for the apostrophe */
    size_t m = strlen(cl);
    uint32_t j = n;
    for (size_t k = m; k-- > 0;) {
        char c = cl[k];
        if (c == '\'') {
            if (j >= 1 && (w[j - 1] == '\'' || w[j - 1] == '`')) {
                j -= 1;
            } else if (j >= 3 && memcmp(w + j - 3, "\xE2\x80\x99", 3) == 0) {
                j -= 3;
            } else {
                return 0;
            }
            continue;
        }
        if (j < 1)
            return 0;
        char d = w[j - 1];
        if (d >= 'A' && d <= 'Z')
            d = (char)(d + 32);
        if (d != c)
            return 0;
        j--;
    }
    return n - j;
}

size_t pl_token_words(const char *text, const pl_token *t, uint32_t cuts[3])
{
    if (!(t->flags & PL_TOK_WORD) || (t->flags & (PL_TOK_URL | PL_TOK_ABBR)))
        return 1;
    const char *w = text + t->start;
    uint32_t n = t->end - t->start;
    if (n < 2)
        return 1;
    uint32_t rel[3];
    size_t k = pl_mwt_lookup(w, n, rel);
    if (k > 1) {
        for (size_t i = 0; i + 1 < k; i++)
            cuts[i] = t->start + rel[i];
        return k;
    }
    /* every clitic rule needs an apostrophe: ' ` or ’ */
    if (!(t->more & PL_TOKX_APOS))
        return 1;
    static const char *const clitics[] = {"n't", "'s", "'re", "'ve", "'ll", "'d", "'m"};
    for (size_t i = 0; i < sizeof clitics / sizeof clitics[0]; i++) {
        uint32_t m = clitic_tail(w, n, clitics[i]);
        if (m && m < n) {
            /* the stem must end in a letter or digit */
            unsigned char last = (unsigned char)w[n - m - 1];
            if (last < 0x80 && !cp_alnum(last))
                return 1;
            cuts[0] = t->end - m;
            return 2;
        }
    }
    /* plural possessive: parents' */
    if (n >= 3 && ((w[n - 1] == '\'' && (w[n - 2] == 's' || w[n - 2] == 'S')) ||
                   (n >= 5 && memcmp(w + n - 3, "\xE2\x80\x99", 3) == 0 &&
                    (w[n - 4] == 's' || w[n - 4] == 'S')))) {
        cuts[0] = t->end - (w[n - 1] == '\'' ? 1 : 3);
        return 2;
    }
    return 1;
}
