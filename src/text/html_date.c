/* html_date.c - publication dates as pages write them: ISO 8601 in meta
 * tags and JSON-LD, but also "2019/11/19", "November 19, 2019",
 * "Tue Nov 19 2019 05:44:06 GMT" and dates in URL paths
 * (/2019/11/19/, /2019/nov/18/, -2019-11-19-). */
#include "text/text.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

static const char *const months[] = {"january",   "february", "march",    "april",
                                     "may",       "june",     "july",     "august",
                                     "september", "october",  "november", "december"};

static bool digit(char c)
{
    return c >= '0' && c <= '9';
}

static bool alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* 1-12 for a month name or a start of it (3 letters or more) at s, else 0. */
static int month_name(const char *s, size_t len)
{
    if (len < 3)
        return 0;
    /* "Nov", "Sept", "November": a start of the full name */
    for (int m = 0; m < 12; m++)
        if (len <= strlen(months[m]) && strncasecmp(s, months[m], len) == 0)
            return m + 1;
    return 0;
}

/* Format y-m-d into out when it is a calendar date (pl_parse_date checks). */
static bool make(int y, int m, int d, char out[11])
{
    char s[16];
    if (y < 1000 || y > 9999 || m < 1 || m > 12 || d < 1 || d > 31)
        return false;
    snprintf(s, sizeof s, "%04d-%02d-%02d", y, m, d);
    return pl_parse_date(s, 10, out);
}

/* A number of up to 4 digits at s[*i]; -1 if none. */
static int number(const char *s, size_t n, size_t *i, int *ndig)
{
    int v = 0, k = 0;
    while (*i < n && digit(s[*i]) && k < 5) {
        v = v * 10 + (s[*i] - '0');
        (*i)++;
        k++;
    }
    *ndig = k;
    return k ? v : -1;
}

bool pl_html_month(const char *s, size_t len)
{
    return month_name(s, len) != 0;
}

bool pl_html_date(const char *s, char out[11])
{
    if (!s)
        return false;
    size_t n = strnlen(s, 200);
    while (n && (*s == ' ' || *s == '\t' || *s == '\n'))
        s++, n--;
    if (pl_parse_date(s, n > 10 ? 10 : n, out) && (n == 10 || !digit(s[10])))
        return true;
    /* collect the first tokens: numbers and month names */
    int num[6], nd[6], nnum = 0, mon = 0, mon_pos = -1;
    for (size_t i = 0; i < n && nnum < 6;) {
        if (digit(s[i])) {
            int k;
            int v = number(s, n, &i, &k);
            nd[nnum] = k;
            num[nnum++] = v;
        } else if (alpha(s[i])) {
            size_t j = i;
            while (j < n && alpha(s[j]))
                j++;
            int m = month_name(s + i, j - i);
            if (m && !mon) {
                mon = m;
                mon_pos = nnum;
            }
            i = j;
        } else {
            i++;
        }
    }
    if (nnum < 2)
        return false;
    if (!mon) {
        /* 2019/11/19, 2019.11.19 */
        return nnum >= 3 && nd[0] == 4 && make(num[0], num[1], num[2], out);
    }
    /* November 19, 2019 / Tue Nov 19 2019 / 19 November 2019 / 2019 Nov 19,
     * also after a time ("11:21 pm CST, Tuesday, November 19, 2019") */
    int a = mon_pos, b = mon_pos - 1; /* the numbers after and before the month */
    if (a + 1 < nnum && nd[a] <= 2 && nd[a + 1] == 4)
        return make(num[a + 1], mon, num[a], out);
    if (a < nnum && nd[a] == 4 && b >= 0 && nd[b] <= 2)
        return make(num[a], mon, num[b], out);
    if (a < nnum && nd[a] <= 2 && b >= 0 && nd[b] == 4)
        return make(num[b], mon, num[a], out);
    return false;
}

bool pl_url_date(const char *url, char out[11])
{
    if (!url)
        return false;
    const char *p = strstr(url, "://");
    p = p ? strchr(p + 3, '/') : url;
    for (; p && *p; p++) {
        if (!(*p == '/' || *p == '-' || *p == '_') || !digit(p[1]))
            continue;
        const char *y = p + 1;
        if (!(digit(y[1]) && digit(y[2]) && digit(y[3])) || !(y[4] == '/' || y[4] == '-'))
            continue;
        int yr = (y[0] - '0') * 1000 + (y[1] - '0') * 100 + (y[2] - '0') * 10 + (y[3] - '0');
        if (yr < 1990 || yr > 2100)
            continue;
        const char *m = y + 5;
        int mo = 0;
        size_t ml = 0;
        if (digit(m[0])) {
            mo = m[0] - '0';
            ml = 1;
            if (digit(m[1]))
                mo = mo * 10 + (m[ml++] - '0');
        } else {
            while (alpha(m[ml]))
                ml++;
            mo = ml == 3 ? month_name(m, ml) : 0;
        }
        const char *d = m + ml;
        if (!mo || !(*d == '/' || *d == '-') || !digit(d[1]))
            continue;
        int day = d[1] - '0';
        size_t dl = 1;
        if (digit(d[2]))
            day = day * 10 + (d[1 + dl++] - '0');
        if (digit(d[1 + dl]))
            continue; /* /2019/11/123456: an id, not a day */
        if (make(yr, mo, day, out))
            return true;
    }
    return false;
}
