/*
 * target.c - the request target (path and query string) as sent, parsed
 * here rather than by the HTTP library so that its limits (length, number
 * of parameters, value size, repeated keys) are ours, stated once and
 * fuzzed (fuzz/fuzz_serve_target.c).
 */
#include "serve/serve.h"

#include <string.h>

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Percent-decode s[0..n) in place ('+' is a space when plus), NUL-terminate;
 * false for a malformed escape, a NUL byte (which would cut a C string) or
 * bytes that are not UTF-8. */
static bool decode(char *s, size_t n, bool plus)
{
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == '%') {
            int hi = i + 1 < n ? hexval(s[i + 1]) : -1;
            int lo = i + 2 < n ? hexval(s[i + 2]) : -1;
            if (hi < 0 || lo < 0)
                return false;
            c = (char)(hi * 16 + lo);
            i += 2;
        } else if (c == '+' && plus) {
            c = ' ';
        }
        if (c == '\0')
            return false;
        s[o++] = c;
    }
    s[o] = '\0';
    /* values reach JSON error messages and SQL: valid UTF-8 only */
    for (size_t i = 0; i < o;) {
        size_t l = pl_utf8_valid_len((const unsigned char *)s + i, o - i);
        if (!l)
            return false;
        i += l;
    }
    return true;
}

/* A parameter name: 1-31 characters of [a-z0-9_]. */
static bool good_key(const char *k)
{
    size_t n = strlen(k);
    if (n == 0 || n > 31)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!((k[i] >= 'a' && k[i] <= 'z') || (k[i] >= '0' && k[i] <= '9') || k[i] == '_'))
            return false;
    return true;
}

int sv_target_parse(const char *s, size_t n, sv_target *t, const char **why)
{
    t->path = "";
    t->nparams = 0;
    if (n > SV_MAX_TARGET) {
        *why = "request target too long";
        return 414;
    }
    if (n == 0 || s[0] != '/') {
        *why = "request target must start with '/'";
        return 400;
    }
    memcpy(t->buf, s, n);
    t->buf[n] = '\0';
    char *q = memchr(t->buf, '?', n);
    size_t plen = q ? (size_t)(q - t->buf) : n;
    if (!decode(t->buf, plen, false)) {
        *why = "malformed percent escape or non-UTF-8 bytes in the path";
        return 400;
    }
    t->path = t->buf;
    if (!q)
        return 0;
    char *p = q + 1, *end = t->buf + n;
    while (p < end) {
        char *amp = memchr(p, '&', (size_t)(end - p));
        char *seg_end = amp ? amp : end;
        if (seg_end > p) {
            char *eq = memchr(p, '=', (size_t)(seg_end - p));
            if (!eq) {
                *why = "query parameter without '=value'";
                return 400;
            }
            if (t->nparams == SV_MAX_PARAMS) {
                *why = "too many query parameters";
                return 400;
            }
            if (!decode(p, (size_t)(eq - p), true) ||
                !decode(eq + 1, (size_t)(seg_end - eq - 1), true)) {
                *why = "malformed percent escape or non-UTF-8 bytes in the query";
                return 400;
            }
            if (!good_key(p)) {
                *why = "bad query parameter name (want [a-z0-9_], 1-31 characters)";
                return 400;
            }
            if (strlen(eq + 1) > SV_MAX_VALUE) {
                *why = "query parameter value too long";
                return 400;
            }
            if (sv_target_get(t, p)) {
                *why = "repeated query parameter";
                return 400;
            }
            t->key[t->nparams] = p;
            t->value[t->nparams++] = eq + 1;
        }
        p = seg_end + 1;
    }
    return 0;
}

const char *sv_target_get(const sv_target *t, const char *key)
{
    for (size_t i = 0; i < t->nparams; i++)
        if (strcmp(t->key[i], key) == 0)
            return t->value[i];
    return NULL;
}
