/* utf8.c - validation and repair of UTF-8; UD tag names. */
#include "core.h"

#include <string.h>

size_t pl_utf8_valid_len(const unsigned char *s, size_t n)
{
    if (n == 0)
        return 0;
    unsigned char c = s[0];
    if (c < 0x80)
        return 1;
    size_t len;
    int32_t min;
    if (c >= 0xC2 && c <= 0xDF) {
        len = 2;
        min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
        len = 3;
        min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4;
        min = 0x10000;
    } else {
        return 0;
    }
    if (n < len)
        return 0;
    int32_t cp = c & (0xFF >> (len + 1));
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return len;
}

parley_status pl_utf8_repair(pl_buf *b, const char *src, size_t n, size_t *repairs)
{
    const unsigned char *s = (const unsigned char *)src;
    size_t i = 0, run = 0; /* run: start of the current stretch of good bytes */
    parley_status st;
    while (i < n) {
        if (s[i] && s[i] < 0x80) {
            i++;
            continue;
        }
        size_t l = s[i] ? pl_utf8_valid_len(s + i, n - i) : 0;
        if (l) {
            i += l;
            continue;
        }
        if ((st = pl_buf_append(b, src + run, i - run)))
            return st;
        if (s[i] && (st = pl_buf_append(b, "\xEF\xBF\xBD", 3)))
            return st;
        if (repairs)
            (*repairs)++;
        i++;
        run = i;
    }
    return pl_buf_append(b, src + run, n - run);
}

int32_t pl_utf8_decode(const unsigned char *s, size_t n, size_t *len)
{
    size_t l = pl_utf8_valid_len(s, n);
    if (!l) {
        *len = 1;
        return 0xFFFD;
    }
    *len = l;
    if (l == 1)
        return s[0];
    int32_t cp = s[0] & (0xFF >> (l + 1));
    for (size_t i = 1; i < l; i++)
        cp = (cp << 6) | (s[i] & 0x3F);
    return cp;
}

size_t pl_utf8_encode(int32_t cp, char *out)
{
    unsigned char *o = (unsigned char *)out;
    if (cp < 0x80) {
        o[0] = (unsigned char)cp;
        return 1;
    }
    if (cp < 0x800) {
        o[0] = (unsigned char)(0xC0 | (cp >> 6));
        o[1] = (unsigned char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        o[0] = (unsigned char)(0xE0 | (cp >> 12));
        o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (unsigned char)(0x80 | (cp & 0x3F));
        return 3;
    }
    o[0] = (unsigned char)(0xF0 | (cp >> 18));
    o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
    o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    o[3] = (unsigned char)(0x80 | (cp & 0x3F));
    return 4;
}

static const char *const upos_names[PL_UPOS_COUNT] = {
    "_",    "ADJ",  "ADP",  "ADV",   "AUX",   "CCONJ", "DET", "INTJ", "NOUN",
    "NUM",  "PART", "PRON", "PROPN", "PUNCT", "SCONJ", "SYM", "VERB", "X",
};

const char *pl_upos_name(int upos)
{
    if (upos <= PL_UPOS_NONE || upos >= PL_UPOS_COUNT)
        return "_";
    return upos_names[upos];
}

int pl_upos_from_name(const char *name)
{
    for (int i = 1; i < PL_UPOS_COUNT; i++)
        if (strcmp(name, upos_names[i]) == 0)
            return i;
    return PL_UPOS_NONE;
}
