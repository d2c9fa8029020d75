/*
 * tagger.c - finds time expressions in English news text and normalises
 * them to TIMEX3 values (TempEval-3 / TimeML 1.2 conventions) against the
 * document's date.
 *
 * The text is cut into light tokens of its own (words, numbers, single
 * punctuation) so that the tagger runs on any text, parsed or not, and on
 * TimeML text without parley's segmenter. At each token the recognisers
 * below are tried and the longest match wins; unmatched tokens are passed.
 *
 * Resolution rules (docs/internals/when.md):
 *   - a weekday, a month or a day without a year is the nearest one before
 *     the document date, or after it when the sentence speaks of the future
 *     (will, 'll, would, going to, scheduled, expected, next...);
 *   - "16/06/2023" reads day/month when the first number is over 12, else
 *     month/day (US news);
 *   - "a year earlier" keeps the granularity of the last quarter mentioned
 *     ("1988-Q3"), as TimeBank annotates financial news;
 *   - vague amounts ("a few days ago") are PAST_REF, not a made-up day.
 */
#include "when/when.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { K_WORD = 1, K_NUM, K_PUNCT };

typedef struct tok {
    uint32_t s, e; /* byte span */
    uint8_t kind;  /* K_* */
    bool cap;      /* starts with an upper-case letter */
    uint32_t sent; /* sentence number (rough: . ! ? and blank lines) */
    long num;      /* K_NUM: the digits' value */
    uint8_t ndig;  /* K_NUM: how many digits */
    char suf[4];   /* K_NUM: letters right after the digits ("th", "s") */
    char low[20];  /* lower-case text, truncated */
} tok;

typedef struct tg {
    const char *text;
    tok *t;
    size_t n;
    bool have_dct;
    pl_ymd dct;
    int ref_q, ref_qy; /* the last quarter mentioned (0: none) */
} tg;

/* A recogniser's result: tokens [i, j) and the normalised value. */
typedef struct res {
    size_t j;
    uint8_t type, prec;
    char v[PL_TX_VALUE_MAX];
} res;

const char *pl_tx_type_name(int type)
{
    switch (type) {
    case PL_TX_DATE: return "DATE";
    case PL_TX_TIME: return "TIME";
    case PL_TX_DURATION: return "DURATION";
    case PL_TX_SET: return "SET";
    default: return "";
    }
}

const char *pl_prec_name(int prec)
{
    static const char *names[] = {"",       "century", "decade", "year", "half", "quarter",
                                  "season", "month",   "week",   "day",  "time"};
    return prec >= 0 && prec <= PL_PREC_TIME ? names[prec] : "";
}

void pl_timexes_release(pl_timexes *t)
{
    pl_free(t->tx);
    t->tx = NULL;
    t->n = t->cap = 0;
}

/* ---------------------------------------------------------------------- */
/* Tokens */

static bool word_byte(unsigned char c)
{
    return isalpha(c) || c >= 0x80;
}

/* A UTF-8 typographic quote or dash (U+2010..U+201F) is punctuation. */
static size_t typo_punct(const unsigned char *s, size_t n)
{
    return n >= 3 && s[0] == 0xE2 && s[1] == 0x80 && s[2] >= 0x90 && s[2] <= 0x9F ? 3 : 0;
}

static parley_status tokenize(const char *text, size_t len, tok **out, size_t *nout)
{
    size_t cap = 0, n = 0;
    tok *t = NULL;
    uint32_t sent = 0;
    size_t i = 0;
    int newlines = 0;
    while (i < len) {
        unsigned char c = (unsigned char)text[i];
        if (c == '\n') {
            newlines++;
            i++;
            continue;
        }
        if (isspace(c)) {
            i++;
            continue;
        }
        if (newlines >= 2 && n > 0)
            sent++;
        newlines = 0;
        if (pl_grow((void **)&t, &cap, n + 1, sizeof *t, (size_t)1 << 28)) {
            pl_free(t);
            return pl_error(PARLEY_ERR_NOMEM, "out of memory tokenizing for time expressions");
        }
        tok *k = &t[n];
        memset(k, 0, sizeof *k);
        size_t j = i;
        size_t tp = typo_punct((const unsigned char *)text + i, len - i);
        if (tp) {
            k->kind = K_PUNCT;
            j = i + tp;
        } else if (isdigit(c)) {
            k->kind = K_NUM;
            while (j < len && isdigit((unsigned char)text[j])) {
                if (k->ndig < 18)
                    k->num = k->num * 10 + (text[j] - '0');
                k->ndig++;
                j++;
            }
            /* 1,000 and 2,500,000 stay one number */
            while (j + 3 < len + 0 && text[j] == ',' && isdigit((unsigned char)text[j + 1]) &&
                   isdigit((unsigned char)text[j + 2]) && isdigit((unsigned char)text[j + 3]) &&
                   (j + 4 >= len || !isdigit((unsigned char)text[j + 4]))) {
                for (int d = 1; d <= 3; d++)
                    k->num = k->num * 10 + (text[j + d] - '0');
                k->ndig = 9; /* not a year */
                j += 4;
            }
            size_t s = 0;
            while (j < len && isalpha((unsigned char)text[j]) && s < 3)
                k->suf[s++] = (char)tolower((unsigned char)text[j++]);
            if (j < len && isalpha((unsigned char)text[j])) /* "5abcd": not a number */
                while (j < len && word_byte((unsigned char)text[j]))
                    j++;
        } else if (word_byte(c)) {
            k->kind = K_WORD;
            k->cap = isupper(c) != 0;
            while (j < len && word_byte((unsigned char)text[j]) &&
                   !typo_punct((const unsigned char *)text + j, len - j))
                j++;
        } else {
            k->kind = K_PUNCT;
            j = i + 1;
        }
        k->s = (uint32_t)i;
        k->e = (uint32_t)j;
        size_t l = 0;
        for (size_t q = i; q < j && l + 1 < sizeof k->low; q++)
            k->low[l++] = (char)tolower((unsigned char)text[q]);
        k->low[l] = '\0';
        k->sent = sent;
        /* a sentence ends at . ! ? before a capital (not after "Jan." "Mr."
         * or a single letter such as "p.m." inside the sentence) */
        n++;
        i = j;
        if (k->kind == K_PUNCT && (c == '!' || c == '?'))
            sent++;
        else if (k->kind == K_PUNCT && c == '.' && n >= 2 && t[n - 2].kind == K_WORD &&
                 strlen(t[n - 2].low) > 3) {
            size_t q = j;
            while (q < len && (text[q] == ' ' || text[q] == '"' || text[q] == '\''))
                q++;
            if (q >= len || isupper((unsigned char)text[q]) || text[q] == '\n')
                sent++;
        }
    }
    *out = t;
    *nout = n;
    return PARLEY_OK;
}

/* ---------------------------------------------------------------------- */
/* Word classes */

static bool is(const tg *g, size_t i, const char *w)
{
    return i < g->n && strcmp(g->t[i].low, w) == 0;
}

static bool is_any(const tg *g, size_t i, const char *const *ws)
{
    for (; *ws; ws++)
        if (is(g, i, *ws))
            return true;
    return false;
}

static bool punct(const tg *g, size_t i, char c)
{
    return i < g->n && g->t[i].kind == K_PUNCT && g->text[g->t[i].s] == c;
}

/* No space between token i and i+1 (for "mid-1990s", "a.m."). */
static bool glued(const tg *g, size_t i)
{
    return i + 1 < g->n && g->t[i].e == g->t[i + 1].s;
}

static const char *const month_names[] = {"january",   "february", "march",    "april",
                                          "may",       "june",     "july",     "august",
                                          "september", "october",  "november", "december"};
static const char *const month_abbr[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                         "jul", "aug", "sep", "oct", "nov", "dec"};

/* Month at token i: 1..12 and *j past it (and its abbreviation period). */
static int month_at(const tg *g, size_t i, size_t *j)
{
    if (i >= g->n || g->t[i].kind != K_WORD)
        return 0;
    for (int m = 0; m < 12; m++) {
        if (is(g, i, month_names[m])) {
            *j = i + 1;
            return m + 1;
        }
    }
    /* abbreviations need their capital and period ("Jan." "Sept."), so that
     * "mar" and "dec" in running text are not months */
    if (!g->t[i].cap || !punct(g, i + 1, '.'))
        return 0;
    for (int m = 0; m < 12; m++)
        if (is(g, i, month_abbr[m]) || (m == 8 && is(g, i, "sept"))) {
            *j = i + 2;
            return m + 1;
        }
    return 0;
}

static const char *const weekday_names[] = {"monday", "tuesday",  "wednesday", "thursday",
                                            "friday", "saturday", "sunday"};

static int weekday_at(const tg *g, size_t i)
{
    for (int d = 0; d < 7; d++)
        if (is(g, i, weekday_names[d]))
            return d + 1;
    return 0;
}

static const char *const small_nums[] = {
    "zero",     "one",     "two",     "three",     "four",     "five",     "six",
    "seven",    "eight",   "nine",    "ten",       "eleven",   "twelve",   "thirteen",
    "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", NULL};
static const char *const tens[] = {"twenty",  "thirty", "forty",  "fifty", "sixty",
                                   "seventy", "eighty", "ninety", NULL};

/* A cardinal at i (digits, words "twenty-four", "a"/"an" = 1): value, or
 * -1 for a vague amount ("several", "a few", "many"), with *j past it.
 * Returns false when there is none. */
static bool number_at(const tg *g, size_t i, long *v, size_t *j)
{
    if (i >= g->n)
        return false;
    const tok *k = &g->t[i];
    if (k->kind == K_NUM && !k->suf[0] && k->ndig <= 9) {
        *v = k->num;
        *j = i + 1;
        /* "5 1/2": keep the whole part */
        if (punct(g, i + 2, '/') && i + 3 < g->n && g->t[i + 1].kind == K_NUM &&
            g->t[i + 3].kind == K_NUM)
            *j = i + 4;
        return true;
    }
    if (k->kind != K_WORD)
        return false;
    if (is(g, i, "a") || is(g, i, "an")) {
        if (is(g, i + 1, "few") || is(g, i + 1, "couple")) {
            *v = is(g, i + 1, "couple") ? 2 : -1;
            *j = i + 2 + (is(g, i + 2, "of") ? 1 : 0);
            return true;
        }
        *v = 1;
        *j = i + 1;
        return true;
    }
    static const char *const vague[] = {"several", "few", "many", "some", "numerous", NULL};
    if (is_any(g, i, vague)) {
        *v = -1;
        *j = i + 1;
        return true;
    }
    for (int q = 0; small_nums[q]; q++)
        if (is(g, i, small_nums[q])) {
            *v = q;
            *j = i + 1;
            return true;
        }
    for (int q = 0; tens[q]; q++)
        if (is(g, i, tens[q])) {
            *v = 20 + 10 * q;
            *j = i + 1;
            size_t u = i + 1 + (punct(g, i + 1, '-') ? 1 : 0);
            for (int r = 1; r <= 9; r++)
                if (is(g, u, small_nums[r])) {
                    *v += r;
                    *j = u + 1;
                }
            return true;
        }
    if (is(g, i, "hundred")) {
        *v = 100;
        *j = i + 1;
        return true;
    }
    return false;
}

static const char *const ordinal_words[] = {
    "zeroth",     "first",      "second",     "third",     "fourth",    "fifth",
    "sixth",      "seventh",    "eighth",     "ninth",     "tenth",     "eleventh",
    "twelfth",    "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth",
    "eighteenth", "nineteenth", "twentieth",  NULL};

/* An ordinal at i ("third", "3rd", "twenty-first"). */
static int ordinal_at(const tg *g, size_t i, size_t *j)
{
    if (i >= g->n)
        return 0;
    const tok *k = &g->t[i];
    if (k->kind == K_NUM && k->ndig <= 2 &&
        (!strcmp(k->suf, "st") || !strcmp(k->suf, "nd") || !strcmp(k->suf, "rd") ||
         !strcmp(k->suf, "th"))) {
        *j = i + 1;
        return (int)k->num;
    }
    for (int q = 1; ordinal_words[q]; q++)
        if (is(g, i, ordinal_words[q])) {
            *j = i + 1;
            return q;
        }
    if ((is(g, i, "twenty") || is(g, i, "thirty")) && punct(g, i + 1, '-'))
        for (int q = 1; q <= 9; q++)
            if (is(g, i + 2, ordinal_words[q])) {
                *j = i + 3;
                return (is(g, i, "twenty") ? 20 : 30) + q;
            }
    return 0;
}

/* Units of time. */
enum {
    U_NONE,
    U_SEC,
    U_MIN,
    U_HOUR,
    U_DAY,
    U_WEEK,
    U_WEEKEND,
    U_MONTH,
    U_QUARTER,
    U_YEAR,
    U_DECADE,
    U_CENTURY
};

static int unit_at(const tg *g, size_t i, bool *plural, size_t *j)
{
    static const struct {
        const char *one, *many;
        int u;
    } units[] = {
        {"second", "seconds", U_SEC},        {"minute", "minutes", U_MIN},
        {"hour", "hours", U_HOUR},           {"day", "days", U_DAY},
        {"week", "weeks", U_WEEK},           {"weekend", "weekends", U_WEEKEND},
        {"month", "months", U_MONTH},        {"quarter", "quarters", U_QUARTER},
        {"year", "years", U_YEAR},           {"decade", "decades", U_DECADE},
        {"century", "centuries", U_CENTURY},
    };
    for (size_t q = 0; q < sizeof units / sizeof units[0]; q++) {
        if (is(g, i, units[q].one) || is(g, i, units[q].many)) {
            *plural = is(g, i, units[q].many);
            *j = i + 1;
            return units[q].u;
        }
    }
    return U_NONE;
}

/* ---------------------------------------------------------------------- */
/* Tense: does the sentence around token i speak of the future? The nearest
 * cue before i wins, else the nearest after it; news defaults to the past. */
static int cue(const tg *g, size_t k)
{
    static const char *const fut[] = {"will",     "'ll",  "shall",    "would", "going", "scheduled",
                                      "upcoming", "next", "tomorrow", "wo",    NULL};
    static const char *const past[] = {"said", "was",       "were",    "had",  "did",  "ago",
                                       "last", "yesterday", "earlier", "told", "been", NULL};
    if (is_any(g, k, fut))
        return 1;
    if (is_any(g, k, past))
        return -1;
    const char *w = g->t[k].low;
    size_t l = strlen(w);
    if (g->t[k].kind == K_WORD && l > 4 && w[l - 2] == 'e' && w[l - 1] == 'd')
        return -1;
    return 0;
}

/* +1 future, -1 past, 0 no cue: the nearest cue of the sentence, looking
 * back first. */
static int tense_at(const tg *g, size_t i, size_t j)
{
    uint32_t s = g->t[i].sent;
    for (size_t d = 1; d < 64; d++) {
        bool any = false;
        if (i >= d && g->t[i - d].sent == s) {
            any = true;
            int c = cue(g, i - d);
            if (c)
                return c;
        }
        if (j + d - 1 < g->n && g->t[j + d - 1].sent == s) {
            any = true;
            int c = cue(g, j + d - 1);
            if (c)
                return c;
        }
        if (!any)
            break;
    }
    return 0;
}

static bool future_at(const tg *g, size_t i, size_t j)
{
    return tense_at(g, i, j) > 0;
}

/* ---------------------------------------------------------------------- */
/* Value writers */

static void put_day(const tg *g, res *r, pl_ymd d)
{
    snprintf(r->v, sizeof r->v, "%04d-%02d-%02d", d.y, d.m, d.d);
    r->type = PL_TX_DATE;
    r->prec = PL_PREC_DAY;
}

static void put_month(res *r, int y, int m)
{
    if (y < 0)
        snprintf(r->v, sizeof r->v, "XXXX-%02d", m);
    else
        snprintf(r->v, sizeof r->v, "%04d-%02d", y, m);
    r->type = PL_TX_DATE;
    r->prec = PL_PREC_MONTH;
}

static void put_year(res *r, int y)
{
    if (y < 0)
        snprintf(r->v, sizeof r->v, "XXXX");
    else
        snprintf(r->v, sizeof r->v, "%04d", y);
    r->type = PL_TX_DATE;
    r->prec = PL_PREC_YEAR;
}

static void put_week(res *r, pl_ymd d, bool weekend)
{
    int iy;
    int w = pl_iso_week(d, &iy);
    snprintf(r->v, sizeof r->v, "%04d-W%02d%s", iy, w, weekend ? "-WE" : "");
    r->type = PL_TX_DATE;
    r->prec = PL_PREC_WEEK;
}

static void put_ref(res *r, const char *ref)
{
    snprintf(r->v, sizeof r->v, "%s", ref);
    r->type = PL_TX_DATE;
    r->prec = PL_PREC_NONE;
}

static pl_ymd add_days(pl_ymd d, long n)
{
    return pl_ymd_from_days(pl_days_from_ymd(d) + n);
}

static void add_months(int *y, int *m, int n)
{
    int t = *y * 12 + (*m - 1) + n;
    *y = t / 12;
    *m = t % 12 + 1;
}

/* The period of unit u holding the DCT moved by n units (n = -1: "last"). */
static bool put_unit_shift(const tg *g, res *r, int u, int n)
{
    if (!g->have_dct)
        return false;
    pl_ymd d = g->dct;
    int y = d.y, m = d.m;
    switch (u) {
    case U_DAY: put_day(g, r, add_days(d, n)); return true;
    case U_WEEK:
    case U_WEEKEND: put_week(r, add_days(d, 7L * n), u == U_WEEKEND); return true;
    case U_MONTH:
        add_months(&y, &m, n);
        put_month(r, y, m);
        return true;
    case U_QUARTER: {
        int q = (m - 1) / 3 + n, qy = y;
        while (q < 0) {
            q += 4;
            qy--;
        }
        qy += q / 4;
        q = q % 4;
        snprintf(r->v, sizeof r->v, "%04d-Q%d", qy, q + 1);
        r->type = PL_TX_DATE;
        r->prec = PL_PREC_QUARTER;
        return true;
    }
    case U_YEAR: put_year(r, y + n); return true;
    case U_DECADE:
        snprintf(r->v, sizeof r->v, "%03d", y / 10 + n);
        r->type = PL_TX_DATE;
        r->prec = PL_PREC_DECADE;
        return true;
    case U_CENTURY:
        snprintf(r->v, sizeof r->v, "%02d", y / 100 + n);
        r->type = PL_TX_DATE;
        r->prec = PL_PREC_CENTURY;
        return true;
    default: return false;
    }
}

static void put_duration(res *r, int u, long n)
{
    char num[24];
    if (n < 0)
        snprintf(num, sizeof num, "X");
    else
        snprintf(num, sizeof num, "%ld", u == U_DECADE ? n * 10 : u == U_CENTURY ? n * 100 : n);
    const char *tail = "";
    bool t = false;
    switch (u) {
    case U_SEC:
        tail = "S";
        t = true;
        break;
    case U_MIN:
        tail = "M";
        t = true;
        break;
    case U_HOUR:
        tail = "H";
        t = true;
        break;
    case U_DAY: tail = "D"; break;
    case U_WEEK: tail = "W"; break;
    case U_WEEKEND: tail = "WE"; break;
    case U_MONTH: tail = "M"; break;
    case U_QUARTER: tail = "Q"; break;
    case U_YEAR: tail = "Y"; break;
    case U_DECADE: tail = n < 0 ? "DE" : "Y"; break;
    case U_CENTURY: tail = n < 0 ? "CE" : "Y"; break;
    }
    snprintf(r->v, sizeof r->v, "P%s%s%s", t ? "T" : "", num, tail);
    r->type = PL_TX_DURATION;
    r->prec = PL_PREC_NONE;
}

/* Year for a month (and day) without one: the nearest occurrence before
 * the DCT, or after it in a sentence about the future. */
static int year_for(const tg *g, int m, int d, int tense)
{
    if (!g->have_dct)
        return -1;
    int y = g->dct.y;
    if (!d) {
        tense = 0; /* as for days: the nearest such month */
        if (tense > 0)
            return m < g->dct.m ? y + 1 : y;
        if (tense < 0)
            return m > g->dct.m ? y - 1 : y;
        /* no cue: the nearest such month */
        int diff = m - g->dct.m;
        int K = 5; /* a month half a year ahead is more often last year's */
        return diff > K ? y - 1 : diff < -(12 - K) ? y + 1 : y;
    }
    /* a day of a month: the nearest one whatever the tense (newswire dates
     * deadlines and meetings ahead as often as events behind) */
    tense = 0;
    long now = pl_days_from_ymd(g->dct);
    long best = 0, bestd = -1;
    for (int yy = y - 1; yy <= y + 1; yy++) {
        if (d > pl_days_in_month(yy, m))
            continue;
        long z = pl_days_from_ymd((pl_ymd){yy, m, d}) - now;
        if ((tense > 0 && z < 0) || (tense < 0 && z > 0))
            continue;
        long ad = z < 0 ? -z : z;
        if (bestd < 0 || ad < bestd) {
            bestd = ad;
            best = yy;
        }
    }
    return bestd < 0 ? y : (int)best;
}

static void put_month_day(const tg *g, res *r, int y, int m, int d)
{
    if (d < 1 || d > pl_days_in_month(y < 0 ? 2000 : y, m)) {
        put_month(r, y, m);
        return;
    }
    if (y < 0) {
        snprintf(r->v, sizeof r->v, "XXXX-%02d-%02d", m, d);
        r->type = PL_TX_DATE;
        r->prec = PL_PREC_DAY;
        return;
    }
    put_day(g, r, (pl_ymd){y, m, d});
}

/* ---------------------------------------------------------------------- */
/* Recognisers: each tries at token i and fills r (r->j > i) on success. */

/* A four-digit year at i (1000..2099), or an apostrophe year "'98". */
static int year_at(const tg *g, size_t i, size_t *j)
{
    if (i >= g->n)
        return -1;
    const tok *k = &g->t[i];
    if (k->kind == K_NUM && k->ndig == 4 && !k->suf[0] && k->num >= 1000 && k->num <= 2099) {
        *j = i + 1;
        return (int)k->num;
    }
    if ((punct(g, i, '\'') || (i < g->n && !strcmp(g->t[i].low, "\xe2\x80\x99"))) && glued(g, i) &&
        g->t[i + 1].kind == K_NUM && g->t[i + 1].ndig == 2 && !g->t[i + 1].suf[0]) {
        *j = i + 2;
        long v = g->t[i + 1].num;
        return (int)(v > 30 ? 1900 + v : 2000 + v);
    }
    return -1;
}

static bool prep_before_year(const tg *g, size_t i)
{
    static const char *const preps[] = {
        "in",     "since", "of",      "by",       "until",  "till",   "before",    "after",
        "from",   "to",    "through", "during",   "for",    "early",  "late",      "mid",
        "fiscal", "and",   "or",      "between",  "around", "about",  "circa",     "spring",
        "summer", "fall",  "autumn",  "winter",   "year",   "end",    "beginning", "as",
        "than",   "the",   "until",   "calendar", "model",  "within", NULL};
    if (i == 0)
        return false;
    return is_any(g, i - 1, preps) || punct(g, i - 1, ',') || punct(g, i - 1, '(') ||
           punct(g, i - 1, '-');
}

static bool m_numeric(const tg *g, size_t i, res *r)
{
    const tok *t = g->t;
    if (i + 4 >= g->n + 0 || t[i].kind != K_NUM)
        return false;
    /* 2023-06-16 */
    if (t[i].ndig == 4 && punct(g, i + 1, '-') && t[i + 2].kind == K_NUM && t[i + 2].ndig == 2 &&
        punct(g, i + 3, '-') && t[i + 4].kind == K_NUM && t[i + 4].ndig == 2 && glued(g, i) &&
        glued(g, i + 1) && glued(g, i + 2) && glued(g, i + 3)) {
        int y = (int)t[i].num, m = (int)t[i + 2].num, d = (int)t[i + 4].num;
        if (m < 1 || m > 12 || d < 1 || d > pl_days_in_month(y, m))
            return false;
        put_day(g, r, (pl_ymd){y, m, d});
        r->j = i + 5;
        return true;
    }
    /* 06/16/2023, 16/06/2023 (day first when the first is over 12), 6/16/98 */
    if (t[i].ndig <= 2 && punct(g, i + 1, '/') && t[i + 2].kind == K_NUM && t[i + 2].ndig <= 2 &&
        punct(g, i + 3, '/') && t[i + 4].kind == K_NUM &&
        (t[i + 4].ndig == 4 || t[i + 4].ndig == 2) && glued(g, i) && glued(g, i + 1) &&
        glued(g, i + 2) && glued(g, i + 3)) {
        int a = (int)t[i].num, b = (int)t[i + 2].num, y = (int)t[i + 4].num;
        if (t[i + 4].ndig == 2)
            y += y > 30 ? 1900 : 2000;
        int m = a, d = b;
        if (a > 12) {
            m = b;
            d = a;
        }
        if (m < 1 || m > 12 || d < 1 || d > pl_days_in_month(y, m))
            return false;
        put_day(g, r, (pl_ymd){y, m, d});
        r->j = i + 5;
        return true;
    }
    return false;
}

/* Month names with day and year: "June 16, 2023", "16 June 2023",
 * "June 2023", "June", "the 16th of June". */
static bool m_month(const tg *g, size_t i, res *r)
{
    size_t j;
    int day = 0, y = -1;
    size_t k = i;
    /* "16 June", "16th of June" */
    if (k < g->n && g->t[k].kind == K_NUM && g->t[k].ndig <= 2) {
        size_t q = k + 1 + (is(g, k + 1, "of") ? 1 : 0);
        size_t mj;
        int mm = month_at(g, q, &mj);
        if (mm && g->t[k].num >= 1 && g->t[k].num <= 31) {
            day = (int)g->t[k].num;
            int yy = year_at(g, mj + (punct(g, mj, ',') ? 1 : 0), &j);
            if (yy > 0) {
                y = yy;
            } else {
                j = mj;
            }
            if (y < 0)
                y = year_for(g, mm, day, tense_at(g, i, j));
            put_month_day(g, r, y, mm, day);
            r->j = j;
            return true;
        }
        return false;
    }
    int m = month_at(g, k, &j);
    if (!m)
        return false;
    const tok *mt = &g->t[k];
    /* a capital keeps the verbs "may", "march" out, and "May" needs a
     * day, a year or a preposition before it */
    if (!mt->cap)
        return false;
    size_t after = j;
    if (j < g->n && g->t[j].kind == K_NUM && g->t[j].ndig <= 2 && g->t[j].num >= 1 &&
        g->t[j].num <= 31 && (!g->t[j].suf[0] || ordinal_at(g, j, &after))) {
        day = (int)g->t[j].num;
        after = j + 1;
        size_t yj;
        int yy = year_at(g, after + (punct(g, after, ',') ? 1 : 0), &yj);
        if (yy > 0) {
            y = yy;
            after = yj;
        }
    } else {
        size_t yj;
        int yy = year_at(g, j + (punct(g, j, ',') ? 1 : 0) + (is(g, j, "of") ? 1 : 0), &yj);
        if (yy > 0) {
            y = yy;
            after = yj;
        }
    }
    if (m == 5 && !day && y < 0) {
        static const char *const before_may[] = {
            "in", "since", "until", "by",      "early",  "late",   "mid",   "last", "next", "this",
            "of", "from",  "to",    "through", "during", "before", "after", "till", "end",  NULL};
        if (i == 0 || !(is_any(g, i - 1, before_may) || punct(g, i - 1, '-')))
            return false;
    }
    /* "August last year", "January this year", "May of next year": one
     * expression, as TimeBank writes them */
    if (y < 0 && g->have_dct) {
        size_t q = after + (is(g, after, "of") ? 1 : 0);
        int shift = is(g, q, "last") ? -1 : is(g, q, "next") ? 1 : is(g, q, "this") ? 0 : 2;
        if (shift != 2 && is(g, q + 1, "year")) {
            y = g->dct.y + shift;
            after = q + 2;
        }
    }
    if (day) {
        if (y < 0)
            y = year_for(g, m, day, tense_at(g, i, after));
        put_month_day(g, r, y, m, day);
    } else {
        if (y < 0)
            y = year_for(g, m, 0, tense_at(g, i, after));
        put_month(r, y, m);
    }
    r->j = after;
    return true;
}

/* Years and decades: "1998", "fiscal 1998", "the 1990s", "the '90s",
 * "the nineties", "the 20th century". */
static bool m_year(const tg *g, size_t i, res *r)
{
    size_t k = i, j;
    bool the = is(g, k, "the");
    if (the)
        k++;
    bool fiscal = is(g, k, "fiscal");
    if (fiscal)
        k++;
    /* decades */
    if (k < g->n && g->t[k].kind == K_NUM && g->t[k].ndig == 4 && g->t[k].num % 10 == 0 &&
        (!strcmp(g->t[k].suf, "s") ||
         (glued(g, k) && (punct(g, k + 1, '\'')) && is(g, k + 2, "s")))) {
        snprintf(r->v, sizeof r->v, the ? "%03ld" : "%03ldX", g->t[k].num / 10);
        r->type = PL_TX_DATE;
        r->prec = PL_PREC_DECADE;
        r->j = k + (!strcmp(g->t[k].suf, "s") ? 1 : 3);
        return true;
    }
    if ((punct(g, k, '\'') || is(g, k, "\xe2\x80\x99")) && glued(g, k) && k + 1 < g->n &&
        g->t[k + 1].kind == K_NUM && g->t[k + 1].ndig == 2 && !strcmp(g->t[k + 1].suf, "s") &&
        g->t[k + 1].num % 10 == 0) {
        snprintf(r->v, sizeof r->v, "19%ld", g->t[k + 1].num / 10);
        r->type = PL_TX_DATE;
        r->prec = PL_PREC_DECADE;
        r->j = k + 2;
        return true;
    }
    static const char *const decade_words[] = {"twenties", "thirties", "forties",
                                               "fifties",  "sixties",  "seventies",
                                               "eighties", "nineties", NULL};
    if (the)
        for (int q = 0; decade_words[q]; q++)
            if (is(g, k, decade_words[q])) {
                snprintf(r->v, sizeof r->v, "19%d", q + 2);
                r->type = PL_TX_DATE;
                r->prec = PL_PREC_DECADE;
                r->j = k + 1;
                return true;
            }
    /* centuries */
    if (the) {
        int c = ordinal_at(g, k, &j);
        if (c && (punct(g, j, '-') ? is(g, j + 1, "century") : is(g, j, "century"))) {
            snprintf(r->v, sizeof r->v, "%02d", c - 1);
            r->type = PL_TX_DATE;
            r->prec = PL_PREC_CENTURY;
            r->j = j + (punct(g, j, '-') ? 2 : 1);
            return true;
        }
    }
    int y = year_at(g, k, &j);
    if (y < 0 || the)
        return false;
    if (g->t[k].kind != K_NUM) /* "'98" alone is too ambiguous */
        return false;
    if (!fiscal && !prep_before_year(g, k)) {
        /* otherwise only when nothing word-like follows ("in 1998." "1998,") */
        if (j < g->n && g->t[j].kind == K_WORD && !is(g, j, "and") && !is(g, j, "or") &&
            !is(g, j, "to"))
            return false;
        if (j < g->n && (punct(g, j, '%') || punct(g, j, '-')))
            return false;
    }
    if (k > 0 && (punct(g, k - 1, '$') || punct(g, k - 1, '#')))
        return false;
    if (j < g->n && (is(g, j, "percent") || is(g, j, "people") || punct(g, j, '%')))
        return false;
    put_year(r, y);
    r->j = j;
    return true;
}

/* Seasons: "last fall", "this summer", "the summer of 1998", "winter". */
static bool season_at(const tg *g, size_t i, int *s)
{
    static const char *const names[] = {"spring", "summer", "fall", "autumn", "winter", NULL};
    for (int q = 0; names[q]; q++)
        if (is(g, i, names[q])) {
            *s = q == 4 ? 3 : q == 3 ? 2 : q;
            return true;
        }
    return false;
}

static void put_season(res *r, int y, int s)
{
    static const char *const codes[] = {"SP", "SU", "FA", "WI"};
    if (y < 0)
        snprintf(r->v, sizeof r->v, "XXXX-%s", codes[s]);
    else
        snprintf(r->v, sizeof r->v, "%04d-%s", y, codes[s]);
    r->type = PL_TX_DATE;
    r->prec = PL_PREC_SEASON;
}

/* The season holding the DCT is this one; the last one before it is "last". */
static int season_year(const tg *g, int s, int shift)
{
    if (!g->have_dct)
        return -1;
    int m = g->dct.m, y = g->dct.y;
    int cur = m >= 3 && m <= 5 ? 0 : m >= 6 && m <= 8 ? 1 : m >= 9 && m <= 11 ? 2 : 3;
    int cy = m <= 2 ? y - 1 : y; /* winter belongs to the year it starts in */
    if (shift == 0)
        return s <= cur ? cy : (s > cur && cur != 3 ? cy : cy);
    if (shift < 0)
        return s < cur ? cy : cy - 1;
    return s > cur ? cy : cy + 1;
}

/* Relative phrases around units, weekdays, months and seasons. */
static bool m_relative(const tg *g, size_t i, res *r)
{
    size_t k = i;
    bool the = is(g, k, "the");
    if (the)
        k++;
    int shift = 0;
    bool have_shift = false;
    static const char *const prev[] = {"last", "previous", "past", "preceding", NULL};
    static const char *const next[] = {"next", "coming", "following", "upcoming", NULL};
    static const char *const cur[] = {"this", "current", "present", NULL};
    if (is_any(g, k, prev)) {
        shift = -1;
        have_shift = true;
    } else if (is_any(g, k, next)) {
        shift = 1;
        have_shift = true;
    } else if (is_any(g, k, cur)) {
        shift = 0;
        have_shift = true;
    }
    if (!have_shift)
        return false;
    bool past_word = is(g, k, "past") || (the && is(g, k, "last"));
    size_t u0 = k + 1, j;
    bool plural;
    /* "the past three years", "the next two weeks", "the last 24 hours" */
    long nv;
    size_t nj;
    if ((the || past_word || shift != 0) && number_at(g, u0, &nv, &nj) && !is(g, u0, "a") &&
        !is(g, u0, "an")) {
        int u = unit_at(g, nj, &plural, &j);
        if (u && (plural || nv == 1)) {
            if (u == U_HOUR && nv == 24) {
                put_duration(r, U_DAY, 1);
            } else {
                put_duration(r, u, nv);
            }
            r->j = j;
            return true;
        }
    }
    int u = unit_at(g, u0, &plural, &j);
    if (u && !plural) {
        if (past_word || (the && shift != 0 && (u == U_YEAR || u == U_MONTH || u == U_WEEK))) {
            /* "the past year", "the past week": a stretch of time */
            put_duration(r, u, 1);
            r->j = j;
            return true;
        }
        if (!put_unit_shift(g, r, u, shift)) {
            put_ref(r, shift < 0 ? "PAST_REF" : shift > 0 ? "FUTURE_REF" : "PRESENT_REF");
        }
        r->j = j;
        return true;
    }
    if (the)
        return false;
    /* "last Friday", "next Monday" */
    int wd = weekday_at(g, u0);
    if (wd && g->have_dct) {
        int dw = pl_weekday(g->dct);
        long delta;
        if (shift < 0)
            delta = -(((dw - wd) + 7) % 7 ? ((dw - wd) + 7) % 7 : 7);
        else if (shift > 0)
            delta = ((wd - dw) + 7) % 7 ? ((wd - dw) + 7) % 7 : 7;
        else
            delta = wd >= dw ? wd - dw : -(dw - wd);
        put_day(g, r, add_days(g->dct, delta));
        r->j = u0 + 1;
        return true;
    }
    /* "last April", "this September" */
    size_t mj;
    int m = month_at(g, u0, &mj);
    if (m && g->have_dct) {
        int y = g->dct.y;
        if (shift < 0)
            y = m < g->dct.m ? y : y - 1;
        else if (shift > 0)
            y = m > g->dct.m ? y : y + 1;
        put_month(r, y, m);
        r->j = mj;
        return true;
    }
    int s;
    if (season_at(g, u0, &s)) {
        put_season(r, season_year(g, s, shift), s);
        r->j = u0 + 1;
        return true;
    }
    return false;
}

/* "today", "yesterday", "now", "recently", "this morning", "last night"... */
static bool part_of_day(const tg *g, size_t i, const char **code)
{
    if (is(g, i, "morning"))
        *code = "MO";
    else if (is(g, i, "afternoon"))
        *code = "AF";
    else if (is(g, i, "evening"))
        *code = "EV";
    else if (is(g, i, "night") || is(g, i, "overnight"))
        *code = "NI";
    else
        return false;
    return true;
}

static void put_time_of_day(const tg *g, res *r, pl_ymd d, const char *code)
{
    snprintf(r->v, sizeof r->v, "%04d-%02d-%02dT%s", d.y, d.m, d.d, code);
    r->type = PL_TX_TIME;
    r->prec = PL_PREC_DAY;
}

static bool m_deictic(const tg *g, size_t i, res *r)
{
    static const struct {
        const char *w;
        const char *ref;
    } refs[] = {{"now", "PRESENT_REF"},     {"currently", "PRESENT_REF"},
                {"current", "PRESENT_REF"}, {"nowadays", "PRESENT_REF"},
                {"recently", "PAST_REF"},   {"lately", "PAST_REF"}};
    const char *pod;
    for (int d = -1; d <= 1; d++) {
        const char *w = d < 0 ? "yesterday" : d > 0 ? "tomorrow" : "today";
        size_t k = i;
        bool mod =
            is(g, k, "late") || is(g, k, "early") || is(g, k, "later") || is(g, k, "earlier");
        if (mod && is(g, k + 1, w))
            k++;
        if (is(g, k, w)) {
            if (!g->have_dct) {
                put_ref(r, d ? "XXXX-XX-XX" : "PRESENT_REF");
            } else if (part_of_day(g, k + 1, &pod)) {
                put_time_of_day(g, r, add_days(g->dct, d), pod);
                r->j = k + 2;
                return true;
            } else {
                put_day(g, r, add_days(g->dct, d));
            }
            r->j = k + 1;
            return true;
        }
    }
    if (is(g, i, "tonight") && g->have_dct) {
        put_time_of_day(g, r, g->dct, "NI");
        r->j = i + 1;
        return true;
    }
    if ((is(g, i, "this") || is(g, i, "last") || is(g, i, "later") || is(g, i, "earlier")) &&
        g->have_dct) {
        size_t k = i + ((is(g, i, "later") || is(g, i, "earlier")) && is(g, i + 1, "this") ? 1 : 0);
        if (part_of_day(g, k + 1, &pod) && !is(g, k + 1, "overnight")) {
            bool last = is(g, k, "last");
            if (last && strcmp(pod, "NI") != 0)
                return false;
            put_time_of_day(g, r, add_days(g->dct, last ? -1 : 0), pod);
            r->j = k + 2;
            return true;
        }
    }
    if (is(g, i, "the") &&
        (is(g, i + 1, "past") || is(g, i + 1, "future") || is(g, i + 1, "present")) &&
        !(i + 2 < g->n &&
          (g->t[i + 2].kind == K_NUM || number_at(g, i + 2, &(long){0}, &(size_t){0}) ||
           unit_at(g, i + 2, &(bool){0}, &(size_t){0})))) {
        put_ref(r, is(g, i + 1, "past")     ? "PAST_REF"
                   : is(g, i + 1, "future") ? "FUTURE_REF"
                                            : "PRESENT_REF");
        r->j = i + 2;
        return true;
    }
    if (is(g, i, "recent")) {
        bool plural;
        size_t j;
        int u = unit_at(g, i + 1, &plural, &j);
        if (u && plural) { /* "in recent months": a stretch of unknown length */
            put_duration(r, u, -1);
            r->j = j;
            return true;
        }
    }
    for (size_t q = 0; q < sizeof refs / sizeof refs[0]; q++)
        if (is(g, i, refs[q].w)) {
            put_ref(r, refs[q].ref);
            r->j = i + 1;
            return true;
        }
    return false;
}

/* Weekdays: "Friday", "Friday morning", "Monday's". */
static bool m_weekday(const tg *g, size_t i, res *r)
{
    int wd = weekday_at(g, i);
    if (!wd || !g->t[i].cap)
        return false;
    if (!g->have_dct) {
        snprintf(r->v, sizeof r->v, "XXXX-WXX-%d", wd);
        r->type = PL_TX_DATE;
        r->prec = PL_PREC_NONE;
        r->j = i + 1;
        return true;
    }
    int dw = pl_weekday(g->dct);
    long delta = 0;
    if (wd != dw) {
        if (future_at(g, i, i + 1))
            delta = (wd - dw + 7) % 7;
        else
            delta = -((dw - wd + 7) % 7);
    }
    pl_ymd d = add_days(g->dct, delta);
    const char *pod;
    if (part_of_day(g, i + 1, &pod) && !is(g, i + 1, "overnight")) {
        /* TimeBank mostly gives "Friday night" the day's value */
        put_day(g, r, d);
        r->j = i + 2;
        return true;
    }
    put_day(g, r, d);
    r->j = i + 1;
    return true;
}

/* Quarters and halves: "the third quarter", "third-quarter", "the first
 * half of 1998", "the fiscal first quarter", "the latest quarter". */
static bool m_quarter(tg *g, size_t i, res *r)
{
    size_t k = i, j;
    bool the = is(g, k, "the");
    if (the)
        k++;
    int y = -1;
    size_t yj;
    int yy = year_at(g, k, &yj);
    if (yy > 0 && g->t[k].kind == K_NUM &&
        (is(g, yj, "'s") || (punct(g, yj, '\'') && is(g, yj + 1, "s")))) {
        y = yy;
        k = yj + (punct(g, yj, '\'') ? 2 : 1);
    } else if (is(g, k, "this") && is(g, k + 1, "year") && punct(g, k + 2, '\'') &&
               is(g, k + 3, "s")) {
        y = g->have_dct ? g->dct.y : -1;
        k += 4;
    }
    if (is(g, k, "fiscal"))
        k++;
    if (the && y < 0 && yy > 0 && g->t[k].kind == K_NUM && k + 1 == yj &&
        (ordinal_at(g, yj, &(size_t){0}) || is(g, yj, "quarter"))) {
        y = yy; /* "the 1988 third quarter", "the 1988 quarter" */
        k = yj;
    }
    int q = ordinal_at(g, k, &j);
    bool latest = false;
    if (!q && (is(g, k, "latest") || is(g, k, "last") || is(g, k, "current") || is(g, k, "most"))) {
        latest = true;
        j = k + 1;
        if (is(g, k, "most") && is(g, k + 1, "recent"))
            j = k + 2;
    }
    if (!q && !latest) {
        j = k;
        if (!the || !is(g, k, "quarter"))
            return false;
    }
    if (q > 4 && !latest)
        return false;
    size_t qj = j + (punct(g, j, '-') ? 1 : 0);
    if (the && qj > j) /* "the third-quarter loss": the adjective alone */
        return false;
    bool half = is(g, qj, "half");
    if (!is(g, qj, "quarter") && !half)
        return false;
    if (half && (q > 2 || latest || !q))
        return false;
    if (!the && !punct(g, j, '-') && !q)
        return false;
    j = qj + 1;
    /* "of 1998", "of fiscal 1998" */
    size_t oj = j;
    if (is(g, oj, "of")) {
        oj++;
        if (is(g, oj, "fiscal"))
            oj++;
        yy = year_at(g, oj, &yj);
        if (yy > 0) {
            y = yy;
            j = yj;
        }
    }
    if (!q && latest && !is(g, k, "last") && g->have_dct) {
        int cq = (g->dct.m - 1) / 3 + 1;
        bool cur = is(g, k, "current");
        q = cur ? cq : (cq == 1 ? 4 : cq - 1);
        if (y < 0)
            y = !cur && cq == 1 ? g->dct.y - 1 : g->dct.y;
    }
    if (!q) { /* "the quarter", "the latest quarter": the one last mentioned */
        if (g->ref_q) {
            q = g->ref_q;
            if (y < 0)
                y = g->ref_qy;
        } else if (g->have_dct) {
            int cq = (g->dct.m - 1) / 3 + 1;
            q = latest ? (cq == 1 ? 4 : cq - 1) : cq;
            if (y < 0)
                y = latest && cq == 1 ? g->dct.y - 1 : g->dct.y;
        }
    }
    if (y < 0 && g->have_dct) {
        int cq = (g->dct.m - 1) / 3 + 1;
        int cur = half ? (g->dct.m <= 6 ? 1 : 2) : cq;
        y = q <= cur ? g->dct.y : g->dct.y - 1;
        if (future_at(g, i, j) && q > cur)
            y = g->dct.y;
    }
    if (!q)
        return false;
    if (y < 0)
        snprintf(r->v, sizeof r->v, "XXXX-%c%d", half ? 'H' : 'Q', q);
    else
        snprintf(r->v, sizeof r->v, "%04d-%c%d", y, half ? 'H' : 'Q', q);
    r->type = PL_TX_DATE;
    r->prec = half ? PL_PREC_HALF : PL_PREC_QUARTER;
    r->j = j;
    if (!half) {
        g->ref_q = q;
        g->ref_qy = y;
    }
    return true;
}

/* Amounts of time: "three years", "two years ago", "a year earlier",
 * "five-year", "more than a decade", "24 hours". */
static bool m_amount(const tg *g, size_t i, res *r)
{
    size_t k = i;
    /* TimeBank keeps "nearly", "almost", "more than" in the extent and
     * leaves "about", "only", "just" out */
    static const char *const mods1[] = {"nearly", "almost", "approximately", "roughly", NULL};
    if ((is(g, k, "more") || is(g, k, "less") || is(g, k, "fewer")) && is(g, k + 1, "than"))
        k += 2;
    else if ((is(g, k, "at") && (is(g, k + 1, "least") || is(g, k + 1, "most"))) ||
             (is(g, k, "up") && is(g, k + 1, "to")))
        k += 2;
    else if (is_any(g, k, mods1) && !is(g, k + 1, "of"))
        k += 1;
    long n;
    size_t j;
    if (!number_at(g, k, &n, &j)) {
        return false;
    }
    if (g->t[k].kind == K_NUM && g->t[k].ndig == 4 && n >= 1000 && n <= 2099)
        return false; /* "the 1988 quarter": a year, not 1,988 quarters */
    bool vague_word = n < 0 && !is(g, k, "a");
    size_t uj = j;
    bool hyph = punct(g, uj, '-');
    if (hyph)
        uj++;
    bool plural;
    size_t ue;
    int u = unit_at(g, uj, &plural, &ue);
    if (!u) {
        /* "1 1/2 years" was eaten by number_at; "a half" etc. are not handled */
        return false;
    }
    if (hyph && (plural || vague_word || g->t[k].kind == K_WORD) &&
        !(g->t[k].kind == K_WORD && !plural))
        return false;
    if (n == 1 && plural && g->t[k].kind == K_WORD && !is(g, k, "one"))
        return false;
    if (n > 1 && !plural && !hyph && g->t[k].kind != K_NUM)
        return false;
    if (vague_word && !plural)
        return false;
    if (is(g, k, "some") && !plural)
        return false;
    /* "two years ago", "a year earlier", "three days later" */
    bool ago = is(g, ue, "ago") || is(g, ue, "earlier") || is(g, ue, "before");
    bool later = is(g, ue, "later") || (is(g, ue, "from") && is(g, ue + 1, "now"));
    if (!hyph && (ago || later) && k == i) {
        size_t end = ue + (is(g, ue, "from") ? 2 : 1);
        if (is(g, ue, "before") || is(g, ue, "after")) {
            /* "two days before the vote": relative to another event */
            return false;
        }
        if (n < 0 || !g->have_dct) {
            put_ref(r, ago ? "PAST_REF" : "FUTURE_REF");
            r->j = end;
            return true;
        }
        long s = ago ? -n : n;
        pl_ymd d = g->dct;
        int y = d.y, m = d.m;
        switch (u) {
        case U_SEC:
        case U_MIN:
        case U_HOUR: put_ref(r, ago ? "PAST_REF" : "FUTURE_REF"); break;
        case U_DAY: put_day(g, r, add_days(d, s)); break;
        case U_WEEK:
        case U_WEEKEND: put_week(r, add_days(d, 7 * s), false); break;
        case U_MONTH:
            add_months(&y, &m, (int)s);
            put_month(r, y, m);
            break;
        case U_QUARTER: put_unit_shift(g, r, U_QUARTER, (int)s); break;
        case U_YEAR:
            if (g->ref_q && n == 1) {
                snprintf(r->v, sizeof r->v, "%04d-Q%d", g->ref_qy - 1, g->ref_q);
                r->type = PL_TX_DATE;
                r->prec = PL_PREC_QUARTER;
            } else {
                put_year(r, (int)(y + s));
            }
            break;
        case U_DECADE: put_year(r, (int)(y + 10 * s)); break;
        case U_CENTURY: put_year(r, (int)(y + 100 * s)); break;
        }
        r->j = end;
        return true;
    }
    /* a plain amount: "three years", "five-year", "more than a decade";
     * "a 44-year-old" is an age, not a time expression */
    if (hyph && punct(g, ue, '-') && is(g, ue + 1, "old"))
        return false;
    if (u == U_HOUR && n == 24)
        put_duration(r, U_HOUR, 24);
    else
        put_duration(r, u, n);
    r->j = ue;
    if (hyph && punct(g, ue, '-') && is(g, ue + 1, "long"))
        r->j = ue + 2;
    return true;
}

/* "year-earlier", "the year-ago quarter", "the year-earlier period": the
 * last quarter mentioned a year back, else last year. */
static bool m_year_ago(const tg *g, size_t i, res *r)
{
    size_t k = i + (is(g, i, "the") ? 1 : 0);
    if (!g->have_dct || !is(g, k, "year") || !punct(g, k + 1, '-') ||
        !(is(g, k + 2, "earlier") || is(g, k + 2, "ago")))
        return false;
    size_t j = k + 3;
    if (is(g, j, "quarter") || is(g, j, "period"))
        j++;
    else if (k > i)
        return false; /* "the year-ago results": "the" belongs to the noun */
    if (g->ref_q)
        snprintf(r->v, sizeof r->v, "%04d-Q%d", g->ref_qy - 1, g->ref_q);
    else
        snprintf(r->v, sizeof r->v, "%04d", g->dct.y - 1);
    r->type = PL_TX_DATE;
    r->prec = g->ref_q ? PL_PREC_QUARTER : PL_PREC_YEAR;
    r->j = j;
    return true;
}

/* "the year", "the month", "the week", "the nine months", "the weekend",
 * "the end of the year", "the beginning of February". */
static bool m_the_unit(const tg *g, size_t i, res *r)
{
    if (!is(g, i, "the"))
        return false;
    long n;
    size_t j;
    bool plural;
    size_t k = i + 1;
    if (is(g, k, "first") || is(g, k, "last") || is(g, k, "next"))
        k++;
    if (number_at(g, k, &n, &j) && n > 1 && !is(g, k, "a")) {
        int u = unit_at(g, j, &plural, &j);
        if (u && plural) {
            put_duration(r, u, n);
            r->j = j;
            return true;
        }
        return false;
    }
    if (k != i + 1)
        return false;
    int u = unit_at(g, i + 1, &plural, &j);
    if (!u || plural)
        return false;
    if (u == U_YEAR) { /* "for the year": TimeBank reads a stretch of a year */
        put_duration(r, U_YEAR, 1);
        r->j = j;
        return true;
    }
    if (u == U_WEEKEND && g->have_dct && pl_weekday(g->dct) <= 5 && !future_at(g, i, j)) {
        put_week(r, add_days(g->dct, -7), true); /* the weekend just past */
        r->j = j;
        return true;
    }
    if (u == U_MONTH || u == U_WEEK || u == U_WEEKEND) {
        /* "the week before": the current one */
        if (!put_unit_shift(g, r, u, 0))
            return false;
        r->j = j;
        return true;
    }
    return false;
}

/* Sets: "every day", "each year", "daily", "weekly", "annually". */
static bool m_set(const tg *g, size_t i, res *r)
{
    static const struct {
        const char *w, *v;
    } adv[] = {{"daily", "P1D"},  {"weekly", "P1W"},  {"monthly", "P1M"},
               {"yearly", "P1Y"}, {"nightly", "P1D"}, {"hourly", "PT1H"}};
    for (size_t q = 0; q < sizeof adv / sizeof adv[0]; q++)
        if (is(g, i, adv[q].w)) {
            snprintf(r->v, sizeof r->v, "%s", adv[q].v);
            r->type = PL_TX_SET;
            r->prec = PL_PREC_NONE;
            r->j = i + 1;
            return true;
        }
    if (!is(g, i, "every") && !is(g, i, "each"))
        return false;
    bool plural;
    size_t j;
    int u = unit_at(g, i + 1, &plural, &j);
    if (u && !plural) {
        put_duration(r, u, 1);
        r->type = PL_TX_SET;
        r->j = j;
        return true;
    }
    int wd = weekday_at(g, i + 1);
    if (wd) {
        snprintf(r->v, sizeof r->v, "XXXX-WXX-%d", wd);
        r->type = PL_TX_SET;
        r->prec = PL_PREC_NONE;
        r->j = i + 2;
        return true;
    }
    size_t mj;
    int m = month_at(g, i + 1, &mj);
    if (m) {
        snprintf(r->v, sizeof r->v, "XXXX-%02d", m);
        r->type = PL_TX_SET;
        r->prec = PL_PREC_NONE;
        r->j = mj;
        return true;
    }
    return false;
}

/* Clock times: "5 p.m.", "10:35 a.m.", "noon", "midnight", with an optional
 * zone and day ("5 p.m. EST Nov. 9", "10 p.m. Wednesday"). */
static bool m_clock(const tg *g, size_t i, res *r)
{
    size_t k = i;
    if (is(g, k, "around"))
        k++;
    int h = -1, mi = -1;
    size_t j = k;
    if (is(g, k, "noon") || is(g, k, "midday")) {
        h = 12;
        mi = 0;
        j = k + 1;
    } else if (is(g, k, "midnight")) {
        h = 24;
        j = k + 1;
    } else if (k < g->n && g->t[k].kind == K_NUM && g->t[k].ndig <= 2 && g->t[k].num <= 24) {
        h = (int)g->t[k].num;
        j = k + 1;
        if (punct(g, j, ':') && j + 1 < g->n && g->t[j + 1].kind == K_NUM &&
            g->t[j + 1].ndig == 2 && glued(g, k) && glued(g, j)) {
            mi = (int)g->t[j + 1].num;
            j += 2;
        }
        const char *suf = g->t[k].suf;
        bool pm = false, am = false;
        if (!strcmp(suf, "pm") || !strcmp(suf, "am")) {
            pm = suf[0] == 'p';
            am = !pm;
        } else if ((is(g, j, "p") || is(g, j, "a")) && punct(g, j + 1, '.') && is(g, j + 2, "m")) {
            pm = is(g, j, "p");
            am = !pm;
            j += 3;
            if (punct(g, j, '.') && glued(g, j - 1))
                j++;
        } else if (is(g, j, "pm") || is(g, j, "am")) {
            pm = is(g, j, "pm");
            am = !pm;
            j++;
        } else if (is(g, j, "o") && punct(g, j + 1, '\'') && is(g, j + 2, "clock")) {
            j += 3;
            am = true;
        } else if (mi < 0) {
            return false;
        }
        if (h > 12 && (am || pm))
            return false;
        if (pm && h < 12)
            h += 12;
        if (am && h == 12)
            h = 0;
        if (mi < 0)
            mi = 0;
    } else {
        return false;
    }
    static const char *const zones[] = {"est", "edt", "pst", "pdt", "cst", "cdt", "gmt",
                                        "utc", "et",  "pt",  "bst", "cet", NULL};
    if (is_any(g, j, zones))
        j++;
    pl_ymd d = g->have_dct ? g->dct : (pl_ymd){0, 0, 0};
    /* a day after the time: "10 p.m. Wednesday", "5 p.m. EST, Nov. 9" */
    size_t dj = j + (punct(g, j, ',') ? 1 : 0);
    res dr;
    memset(&dr, 0, sizeof dr);
    if ((weekday_at(g, dj) && m_weekday(g, dj, &dr)) || m_month(g, dj, &dr)) {
        pl_ymd x;
        if (pl_ymd_parse(dr.v, &x)) {
            d = x;
            j = dr.j;
        }
    } else if (is(g, dj, "yesterday") || is(g, dj, "today") || is(g, dj, "tomorrow")) {
        if (g->have_dct)
            d = add_days(g->dct, is(g, dj, "yesterday") ? -1 : is(g, dj, "tomorrow") ? 1 : 0);
        j = dj + 1;
    }
    if (!g->have_dct && d.y == 0)
        snprintf(r->v, sizeof r->v, "XXXX-XX-XXT%02d:%02d", h, mi);
    else if (h == 24)
        snprintf(r->v, sizeof r->v, "%04d-%02d-%02dT24:00", d.y, d.m, d.d);
    else
        snprintf(r->v, sizeof r->v, "%04d-%02d-%02dT%02d:%02d", d.y, d.m, d.d, h, mi);
    r->type = PL_TX_TIME;
    r->prec = PL_PREC_TIME;
    r->j = j;
    return true;
}

/* Parts of periods and fuzzy edges: "earlier this year", "later in February",
 * "in early June" ("early June"), "late last year", "mid-1990s", "the end of
 * the week", "the beginning of February". Wraps another match. */
static bool m_any(tg *g, size_t i, res *r);

static bool m_edge(tg *g, size_t i, res *r)
{
    size_t k = i;
    static const char *const mods[] = {"early", "late", "mid", "earlier", "later", NULL};
    if (is_any(g, k, mods)) {
        size_t q = k + 1;
        if (punct(g, q, '-') && glued(g, k))
            q++;
        bool in = false;
        if (is(g, q, "in") && (is(g, k, "later") || is(g, k, "earlier"))) {
            q++;
            in = true;
        }
        res inner;
        memset(&inner, 0, sizeof inner);
        if (!m_any(g, q, &inner) || (inner.type != PL_TX_DATE && inner.type != PL_TX_TIME))
            return false;
        /* "earlier Friday", "late Monday": the weekday alone (TimeBank) */
        if (weekday_at(g, q))
            return false;
        /* "later this week", "earlier in the day": the modifier is part of it */
        if (in && inner.prec != PL_PREC_MONTH && inner.prec != PL_PREC_YEAR &&
            inner.prec != PL_PREC_SEASON && inner.prec != PL_PREC_WEEK)
            return false;
        *r = inner;
        return true;
    }
    if (!is(g, k, "the"))
        return false;
    static const char *const parts[] = {"end",  "beginning", "start", "middle",
                                        "turn", "close",     NULL};
    if (!is_any(g, k + 1, parts) || !is(g, k + 2, "of"))
        return false;
    res inner;
    memset(&inner, 0, sizeof inner);
    if (!m_any(g, k + 3, &inner) || (inner.type != PL_TX_DATE && inner.type != PL_TX_TIME) ||
        inner.prec == PL_PREC_NONE)
        return false;
    *r = inner;
    return true;
}

static bool m_holiday(const tg *g, size_t i, res *r)
{
    static const struct {
        const char *w;
        int m, d;
    } days[] = {{"christmas", 12, 25}, {"halloween", 10, 31}};
    for (size_t q = 0; q < sizeof days / sizeof days[0]; q++)
        if (is(g, i, days[q].w) && g->t[i].cap && !is(g, i + 1, "tree")) {
            size_t j = i + 1;
            if (is(g, j, "day") || is(g, j, "eve"))
                return false;
            int y = year_for(g, days[q].m, days[q].d, tense_at(g, i, j));
            put_month_day(g, r, y, days[q].m, days[q].d);
            r->j = j;
            return true;
        }
    if (is(g, i, "new") && g->t[i].cap && is(g, i + 1, "year") && punct(g, i + 2, '\'') &&
        is(g, i + 3, "s") && is(g, i + 4, "day") && g->have_dct) {
        int y = future_at(g, i, i + 5) ? g->dct.y + 1 : g->dct.y;
        put_month_day(g, r, y, 1, 1);
        r->j = i + 5;
        return true;
    }
    return false;
}

/* The longest match of every recogniser at i. */
static bool m_any(tg *g, size_t i, res *best)
{
    bool found = false;
    /* the quarter recogniser moves the quarter reference: keep it until the
     * winner is known */
    int rq = g->ref_q, rqy = g->ref_qy;
    int wq = rq, wqy = rqy;
    bool (*const fns[])(tg *, size_t, res *) = {
        m_edge,
        m_quarter,
    };
    bool (*const cfns[])(const tg *, size_t, res *) = {
        m_numeric, m_month, m_year,  m_relative, m_deictic, m_weekday,
        m_amount,  m_set,   m_clock, m_the_unit, m_holiday, m_year_ago,
    };
    for (size_t f = 0; f < sizeof fns / sizeof fns[0]; f++) {
        res r;
        memset(&r, 0, sizeof r);
        g->ref_q = rq;
        g->ref_qy = rqy;
        if (fns[f](g, i, &r) && r.j > i && (!found || r.j > best->j)) {
            *best = r;
            found = true;
            wq = g->ref_q;
            wqy = g->ref_qy;
        }
    }
    g->ref_q = rq;
    g->ref_qy = rqy;
    for (size_t f = 0; f < sizeof cfns / sizeof cfns[0]; f++) {
        res r;
        memset(&r, 0, sizeof r);
        if (cfns[f](g, i, &r) && r.j > i && (!found || r.j > best->j)) {
            *best = r;
            found = true;
            wq = rq;
            wqy = rqy;
        }
    }
    g->ref_q = wq;
    g->ref_qy = wqy;
    return found;
}

parley_status pl_timex_tag(const char *text, size_t len, const pl_ymd *dct, pl_timexes *out)
{
    tg g;
    memset(&g, 0, sizeof g);
    g.text = text;
    if (dct) {
        g.have_dct = true;
        g.dct = *dct;
    }
    parley_status st = tokenize(text, len, &g.t, &g.n);
    if (st)
        return st;
    for (size_t i = 0; i < g.n;) {
        res r;
        memset(&r, 0, sizeof r);
        if (!m_any(&g, i, &r)) {
            i++;
            continue;
        }
        if (pl_grow((void **)&out->tx, &out->cap, out->n + 1, sizeof *out->tx, (size_t)1 << 24)) {
            pl_free(g.t);
            return pl_error(PARLEY_ERR_NOMEM, "out of memory storing time expressions");
        }
        pl_timex *x = &out->tx[out->n++];
        x->start = g.t[i].s;
        x->end = g.t[r.j - 1].e;
        /* the abbreviation period of a last "Jan." stays in; a sentence
         * full stop after a year does not */
        if (r.j - 1 > i && punct(&g, r.j - 1, '.') && !glued(&g, r.j - 2))
            x->end = g.t[r.j - 2].e;
        x->type = r.type;
        x->prec = r.prec;
        memcpy(x->value, r.v, sizeof x->value);
        i = r.j;
    }
    pl_free(g.t);
    return PARLEY_OK;
}
