/*
 * calendar.c - proleptic Gregorian day arithmetic, ISO weeks, and the
 * calendar period a TIMEX3 value covers.
 */
#include "when/when.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* Day counts by eras of 400 years (146,097 days), so no loops and no
 * floating point: the usual civil-from-days construction. */
long pl_days_from_ymd(pl_ymd v)
{
    long y = v.y - (v.m <= 2);
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long mp = (v.m + 9) % 12; /* March = 0 */
    long doy = (153 * mp + 2) / 5 + v.d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

pl_ymd pl_ymd_from_days(long z)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    pl_ymd r;
    r.d = (int)(doy - (153 * mp + 2) / 5 + 1);
    r.m = (int)(mp < 10 ? mp + 3 : mp - 9);
    r.y = (int)(yoe + era * 400 + (r.m <= 2));
    return r;
}

int pl_days_in_month(int y, int m)
{
    static const int dm[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m < 1 || m > 12)
        return 30;
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return dm[m - 1] + (m == 2 && leap);
}

int pl_weekday(pl_ymd d)
{
    long z = pl_days_from_ymd(d); /* 1970-01-01 was a Thursday (4) */
    long w = (z + 3) % 7;
    if (w < 0)
        w += 7;
    return (int)w + 1;
}

int pl_iso_week(pl_ymd d, int *iso_year)
{
    /* the week belongs to the year of its Thursday */
    long z = pl_days_from_ymd(d);
    long thu = z - pl_weekday(d) + 4;
    pl_ymd t = pl_ymd_from_days(thu);
    long jan1 = pl_days_from_ymd((pl_ymd){t.y, 1, 1});
    if (iso_year)
        *iso_year = t.y;
    return (int)((thu - jan1) / 7 + 1);
}

static int digits(const char *s, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (!isdigit((unsigned char)s[i]))
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

bool pl_ymd_parse(const char *s, pl_ymd *out)
{
    if (!s || strlen(s) < 10 || s[4] != '-' || s[7] != '-')
        return false;
    int y = digits(s, 4), m = digits(s + 5, 2), d = digits(s + 8, 2);
    if (y < 0 || m < 1 || m > 12 || d < 1 || d > pl_days_in_month(y, m))
        return false;
    *out = (pl_ymd){y, m, d};
    return true;
}

bool pl_timex_period(const char *v, pl_ymd *first, pl_ymd *last)
{
    size_t n = strlen(v);
    if (n < 2)
        return false;
    if (n == 2 || n == 3) { /* century "19", decade "199" */
        int c = digits(v, (int)n);
        if (c < 0)
            return false;
        int span = n == 2 ? 100 : 10;
        *first = (pl_ymd){c * span, 1, 1};
        *last = (pl_ymd){c * span + span - 1, 12, 31};
        return true;
    }
    int y = digits(v, 4);
    if (y < 0)
        return false;
    if (n == 4) {
        *first = (pl_ymd){y, 1, 1};
        *last = (pl_ymd){y, 12, 31};
        return true;
    }
    if (v[4] != '-' || n < 7)
        return false;
    const char *p = v + 5;
    if (p[0] == 'W' && isdigit((unsigned char)p[1])) { /* 2023-W07, 2023-W07-WE */
        int w = atoi(p + 1);
        long jan4 = pl_days_from_ymd((pl_ymd){y, 1, 4});
        long mon = jan4 - (pl_weekday((pl_ymd){y, 1, 4}) - 1) + (w - 1) * 7L;
        bool we = strstr(p, "-WE") != NULL;
        *first = pl_ymd_from_days(we ? mon + 5 : mon);
        *last = pl_ymd_from_days(mon + 6);
        return true;
    }
    if (p[0] == 'Q' && p[1] >= '1' && p[1] <= '4') {
        int q = p[1] - '0';
        *first = (pl_ymd){y, 3 * q - 2, 1};
        *last = (pl_ymd){y, 3 * q, pl_days_in_month(y, 3 * q)};
        return true;
    }
    if (p[0] == 'H' && (p[1] == '1' || p[1] == '2')) {
        int h = p[1] - '0';
        *first = (pl_ymd){y, h == 1 ? 1 : 7, 1};
        *last = (pl_ymd){y, h == 1 ? 6 : 12, h == 1 ? 30 : 31};
        return true;
    }
    static const char *seasons[4] = {"SP", "SU", "FA", "WI"};
    for (int s = 0; s < 4; s++)
        if (strncmp(p, seasons[s], 2) == 0) { /* meteorological seasons */
            int m0 = 3 + 3 * s;
            int y1 = m0 + 2 > 12 ? y + 1 : y, m1 = (m0 + 2 - 1) % 12 + 1;
            *first = (pl_ymd){y, m0, 1};
            *last = (pl_ymd){y1, m1, pl_days_in_month(y1, m1)};
            return true;
        }
    int m = digits(p, 2);
    if (m < 1 || m > 12)
        return false;
    if (n == 7) {
        *first = (pl_ymd){y, m, 1};
        *last = (pl_ymd){y, m, pl_days_in_month(y, m)};
        return true;
    }
    pl_ymd d;
    if (!pl_ymd_parse(v, &d))
        return false;
    *first = *last = d;
    return true;
}
