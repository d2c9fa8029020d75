/* read.c - readers for the PETRARCH dictionary formats (actors with dated
 * codes, agents with macros and plurals, discards, issues) and the
 * capital/demonym table. Every dirty line is reported with file and line,
 * repaired when the intent is clear, dropped otherwise; loading goes on. */
#include "dict/dict.h"

#include <ctype.h>
#include <jansson.h>
#include <string.h>

#define MAX_WORDS 48      /* words in one phrase */
#define MAX_VARIANTS 256  /* expansions of one agent or issue line */
#define MAX_PHRASE 1024   /* bytes of one folded phrase */

/* ---------------------------------------------------------------------- */
/* Reporting. */

static void warn_at(parley_dict *d, pl_lines *in, const char *what, const char *detail)
{
    d->nwarnings++;
    pl_warn("%s:%zu: warning: %s%s%s", pl_lines_name(in), pl_lines_number(in), what,
            detail && *detail ? ": " : "", detail ? detail : "");
}

static void error_at(parley_dict *d, pl_lines *in, const char *what, const char *detail)
{
    d->nerrors++;
    pl_warn("%s:%zu: error: %s%s%s", pl_lines_name(in), pl_lines_number(in), what,
            detail && *detail ? ": " : "", detail ? detail : "");
}

/* Copy a line into buf without control bytes (tab kept) and without a
 * trailing comment; trims blanks. Returns the length. A '#' only starts a
 * comment at the start or after a blank, so codes like "#1" inside words are
 * rare enough to ignore. */
static size_t clean_line(parley_dict *d, pl_lines *in, const char *line, size_t len, char *buf,
                         size_t size, bool keep_comment)
{
    size_t o = 0;
    bool ctrl = false;
    for (size_t i = 0; i < len && o + 1 < size; i++) {
        unsigned char c = (unsigned char)line[i];
        if ((c < 0x20 && c != '\t') || c == 0x7f) {
            ctrl = true;
            continue;
        }
        if (c == '#' && !keep_comment)
            break;
        buf[o++] = (char)(c == '\t' ? ' ' : c);
    }
    if (o + 1 >= size && len >= size)
        warn_at(d, in, "line too long, cut", NULL);
    if (ctrl)
        warn_at(d, in, "control bytes removed", NULL);
    while (o > 0 && buf[o - 1] == ' ')
        o--;
    size_t s = 0;
    while (s < o && buf[s] == ' ')
        s++;
    memmove(buf, buf + s, o - s);
    o -= s;
    buf[o] = '\0';
    return o;
}

/* ---------------------------------------------------------------------- */
/* Phrases to word ids. */

static bool is_sep(char c) { return c == '_' || c == ' '; }

/* Add one dictionary word, split the way the tokenizer splits text:
 * leading '(' and trailing ')', ',', ';' and a possessive "'S" become words
 * of their own. */
static size_t add_word(parley_dict *d, const char *w, size_t n, uint32_t *ids, size_t k)
{
    uint32_t tail[4];
    size_t ntail = 0;
    if (n > 1 && w[0] == '(' && k < MAX_WORDS) {
        ids[k++] = pl_words_add(&d->words, "(", 1);
        w++;
        n--;
    }
    while (n > 1 && ntail < 3) {
        char c = w[n - 1];
        if (c == ')' || c == ',' || c == ';') {
            tail[ntail++] = pl_words_add(&d->words, w + n - 1, 1);
            n--;
        } else if (n > 2 && (c == 'S') && w[n - 2] == '\'') {
            tail[ntail++] = pl_words_add(&d->words, "'S", 2);
            n -= 2;
        } else {
            break;
        }
    }
    if (n > 0 && k < MAX_WORDS)
        ids[k++] = pl_words_add(&d->words, w, n);
    while (ntail > 0 && k < MAX_WORDS)
        ids[k++] = tail[--ntail];
    return k;
}

/* Fold phrase text (words joined by '_' or ' ') to upper case and intern
 * its words. *whole is set when the phrase ends in '_'. Returns the count
 * of ids, 0 for an empty phrase. */
static size_t phrase_ids(parley_dict *d, const char *s, size_t n, uint32_t *ids, bool *whole)
{
    char tmp[MAX_PHRASE], up[MAX_PHRASE * 2];
    if (n >= sizeof tmp)
        n = sizeof tmp - 1;
    memcpy(tmp, s, n);
    tmp[n] = '\0';
    while (n > 0 && tmp[n - 1] == ' ')
        tmp[--n] = '\0';
    if (whole)
        *whole = n > 0 && tmp[n - 1] == '_';
    size_t m = pl_dict_fold(tmp, up, sizeof up);
    size_t k = 0;
    size_t i = 0;
    while (i < m && k < MAX_WORDS) {
        while (i < m && is_sep(up[i]))
            i++;
        size_t j = i;
        while (j < m && !is_sep(up[j]))
            j++;
        if (j > i)
            k = add_word(d, up + i, j - i, ids, k);
        i = j;
    }
    for (size_t q = 0; q < k; q++)
        if (ids[q] == PL_NONE)
            return 0;
    return k;
}

/* ---------------------------------------------------------------------- */
/* Growth helpers. */

static parley_status grow(void *pitems, size_t *cap, size_t need, size_t size)
{
    return pl_grow((void **)pitems, cap, need, size, (size_t)UINT32_MAX - 1);
}

static const char *intern_code(parley_dict *d, const char *s, size_t n)
{
    uint32_t id = pl_words_add(&d->words, s, n);
    return id == PL_NONE ? NULL : d->words.str[id];
}

/* ---------------------------------------------------------------------- */
/* Dates. */

static int days_in_month(int y, int m)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return 29;
    return days[m - 1];
}

static int num(const char *s, size_t n)
{
    int v = 0;
    for (size_t i = 0; i < n; i++)
        v = v * 10 + (s[i] - '0');
    return v;
}

/* yyyymmdd of y, m, d, or -1; a day past the month's end becomes its end
 * (20090231 means "end of February"), noted in *clamped. */
static int32_t make_date(int y, int m, int dd, bool *clamped)
{
    if (m < 1 || m > 12 || dd < 1 || dd > 31 || y < 1000)
        return -1;
    int dim = days_in_month(y, m);
    if (dd > dim) {
        dd = dim;
        *clamped = true;
    }
    return y * 10000 + m * 100 + dd;
}

static int century(int yy) { return yy <= 30 ? 2000 + yy : 1900 + yy; }

int32_t pl_dict_parse_date(const char *s, size_t n, const char **note)
{
    *note = "";
    for (size_t i = 0; i < n; i++)
        if (!isdigit((unsigned char)s[i]))
            return -1;
    bool cl = false;
    int32_t v = -1;
    switch (n) {
    case 6:
        v = make_date(century(num(s, 2)), num(s + 2, 2), num(s + 4, 2), &cl);
        break;
    case 8:
        v = make_date(num(s, 4), num(s + 4, 2), num(s + 6, 2), &cl);
        break;
    case 7:
        /* 2004017: a four-digit year with a one-digit day; else a six-digit
         * date with a stray digit (9008223) */
        if ((s[0] == '1' && s[1] == '9') || (s[0] == '2' && s[1] == '0'))
            v = make_date(num(s, 4), num(s + 4, 2), num(s + 6, 1), &cl);
        if (v >= 0) {
            *note = "7-digit date read as YYYYMMD";
        } else {
            v = make_date(century(num(s, 2)), num(s + 2, 2), num(s + 4, 2), &cl);
            if (v >= 0)
                *note = "7-digit date: last digit dropped";
        }
        break;
    case 9:
        v = make_date(num(s, 4), num(s + 4, 2), num(s + 6, 2), &cl);
        if (v >= 0)
            *note = "9-digit date: last digit dropped";
        break;
    case 10:
        /* 1920030320: a century typed before an eight-digit date */
        if ((s[0] == '1' && s[1] == '9') || (s[0] == '2' && s[1] == '0'))
            v = make_date(num(s + 2, 4), num(s + 6, 2), num(s + 8, 2), &cl);
        if (v >= 0)
            *note = "10-digit date: leading century dropped";
        break;
    default:
        break;
    }
    if (v >= 0 && cl && !**note)
        *note = "day past the end of the month read as its last day";
    return v;
}

/* Parse the date part of a code ("", ">730717", "<19270101",
 * "19270101-730717", spaces allowed). Sets [*from, *to). Returns false
 * when it cannot be read at all. */
static bool parse_span(parley_dict *d, pl_lines *in, const char *s, size_t n, int32_t *from,
                       int32_t *to)
{
    char t[64];
    size_t m = 0;
    for (size_t i = 0; i < n && m + 1 < sizeof t; i++)
        if (s[i] != ' ')
            t[m++] = s[i];
    t[m] = '\0';
    *from = PL_DATE_MIN;
    *to = PL_DATE_MAX;
    if (m == 0)
        return true;
    const char *note;
    if (t[0] == '>' || t[0] == '<') {
        int32_t v = pl_dict_parse_date(t + 1, m - 1, &note);
        if (v < 0) {
            error_at(d, in, "unreadable date", t);
            return false;
        }
        if (*note)
            warn_at(d, in, note, t);
        if (t[0] == '>')
            *from = v;
        else
            *to = v;
        return true;
    }
    char *dash = strchr(t, '-');
    if (!dash) {
        int32_t v = pl_dict_parse_date(t, m, &note);
        if (v < 0) {
            error_at(d, in, "unreadable date", t);
            return false;
        }
        warn_at(d, in, "single date without '<', '>' or range: read as '>DATE'", t);
        *from = v;
        return true;
    }
    const char *n1, *n2;
    int32_t a = pl_dict_parse_date(t, (size_t)(dash - t), &n1);
    int32_t b = pl_dict_parse_date(dash + 1, strlen(dash + 1), &n2);
    if (a < 0 && b < 0) {
        error_at(d, in, "unreadable date range", t);
        return false;
    }
    if (a < 0 || b < 0)
        warn_at(d, in, "unreadable bound in date range, left open", t);
    if (*n1)
        warn_at(d, in, n1, t);
    if (*n2)
        warn_at(d, in, n2, t);
    if (a >= 0 && b >= 0 && a > b) {
        warn_at(d, in, "date range backwards, bounds swapped", t);
        int32_t x = a;
        a = b;
        b = x;
    }
    if (a >= 0)
        *from = a;
    if (b >= 0)
        *to = b + 1; /* the end day is included */
    return true;
}

/* ---------------------------------------------------------------------- */
/* Actors. */

typedef struct actor_state {
    uint32_t rec;     /* current record or PL_NONE */
    size_t rec_line;
    bool bracketed;   /* the record had code groups (even if all were dropped) */
} actor_state;

static void end_record(parley_dict *d, pl_lines *in, actor_state *st)
{
    if (st->rec != PL_NONE && d->actors[st->rec].ncodes == 0 && !st->bracketed) {
        d->nerrors++;
        pl_warn("%s:%zu: error: actor has no code; ignored", pl_lines_name(in), st->rec_line);
    }
    st->rec = PL_NONE;
    st->bracketed = false;
}

static parley_status new_record(parley_dict *d, pl_lines *in, actor_state *st)
{
    if (grow(&d->actors, &d->actors_cap, d->nactors + 1, sizeof *d->actors) != PARLEY_OK)
        return pl_error(PARLEY_ERR_NOMEM, "out of memory reading %s", pl_lines_name(in));
    pl_actor *a = &d->actors[d->nactors];
    a->code0 = (uint32_t)d->ncodes;
    a->ncodes = 0;
    a->next = PL_NONE;
    a->file = d->nfiles ? (uint32_t)d->nfiles - 1 : 0;
    a->line = (uint32_t)pl_lines_number(in);
    st->rec = (uint32_t)d->nactors++;
    st->rec_line = pl_lines_number(in);
    return PARLEY_OK;
}

/* Link a phrase to the current record; a phrase already defined by an
 * earlier record keeps it as the older entry of a chain. */
static parley_status add_actor_phrase(parley_dict *d, pl_lines *in, actor_state *st,
                                      const char *s, size_t n)
{
    uint32_t ids[MAX_WORDS];
    size_t k = phrase_ids(d, s, n, ids, NULL);
    if (k == 0) {
        if (n > 0)
            error_at(d, in, "empty actor phrase", NULL);
        return PARLEY_OK;
    }
    uint32_t node = pl_trie_insert(&d->actors_trie, ids, k);
    if (node == PL_NONE)
        return pl_error(PARLEY_ERR_NOMEM, "out of memory reading %s", pl_lines_name(in));
    uint32_t old = d->actors_trie.value[node];
    if (old == st->rec)
        return PARLEY_OK; /* the same synonym twice in one record */
    if (k >= 2 && k <= 5) {
        /* a multi-word name: may match with one typo if its record turns
         * out to be a person (see match.c) */
        if (pl_dict_flag_node(d, node, PL_ACTOR_PERSON) != PARLEY_OK)
            return pl_error(PARLEY_ERR_NOMEM, "out of memory reading %s", pl_lines_name(in));
        for (size_t q = 0; q < k; q++)
            if (d->words.len[ids[q]] >= 5 && pl_dict_add_fuzzy_word(d, ids[q]) != PARLEY_OK)
                return pl_error(PARLEY_ERR_NOMEM, "out of memory reading %s", pl_lines_name(in));
    }
    d->actors[st->rec].next = old;
    d->actors_trie.value[node] = st->rec;
    d->nphrases++;
    return PARLEY_OK;
}

/* Read the code groups in s ("[USAGOV >090120][USA]"), appending codes to
 * the current record. Repairs a missing or curly closing bracket. */
static parley_status read_codes(parley_dict *d, pl_lines *in, actor_state *st, const char *s,
                                bool agent_codes)
{
    (void)agent_codes;
    const char *p = s;
    while ((p = strchr(p, '[')) != NULL) {
        p++;
        st->bracketed = true;
        const char *e = p;
        while (*e && *e != ']' && *e != '[' && *e != '}')
            e++;
        if (*e != ']')
            warn_at(d, in, "unbalanced '[': code closed at", *e ? e : "end of line");
        const char *c = p;
        while (c < e && *c == ' ')
            c++;
        const char *ce = c;
        while (ce < e && *ce != ' ' && *ce != '<' && *ce != '>' &&
               !(ce > c && *ce >= '0' && *ce <= '9' && ce + 1 < e && ce[1] >= '0' &&
                 ce[1] <= '9' && ce[-1] == '-'))
            ce++;
        char code[64];
        size_t cl = 0;
        bool lower = false, bad = false;
        for (const char *q = c; q < ce && cl + 1 < sizeof code; q++) {
            char ch = *q;
            if (ch >= 'a' && ch <= 'z') {
                lower = true;
                ch = (char)(ch - 32);
            } else if (!((ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '-' ||
                         ch == '/' || ch == '+')) {
                bad = true;
            }
            code[cl++] = ch;
        }
        code[cl] = '\0';
        p = *e ? e + 1 : e;
        if (st->rec == PL_NONE) {
            error_at(d, in, "code outside any actor record", code);
            continue;
        }
        if (cl == 0 || bad) {
            error_at(d, in, "malformed code", cl ? code : "(empty)");
            continue;
        }
        bool null_code = strcmp(code, "---") == 0 || strcmp(code, "+++") == 0;
        if (!null_code && cl < 3) {
            error_at(d, in, "code shorter than a country code", code);
            continue;
        }
        if (lower)
            warn_at(d, in, "lower-case code upper-cased", code);
        int32_t from, to;
        if (!parse_span(d, in, ce, (size_t)(e - ce), &from, &to))
            continue;
        const char *ic = null_code ? "" : intern_code(d, code, cl);
        if (!ic || grow(&d->codes, &d->codes_cap, d->ncodes + 1, sizeof *d->codes) != PARLEY_OK)
            return pl_error(PARLEY_ERR_NOMEM, "out of memory reading %s", pl_lines_name(in));
        d->codes[d->ncodes].code = ic;
        d->codes[d->ncodes].from = from;
        d->codes[d->ncodes].to = to;
        d->ncodes++;
        d->actors[st->rec].ncodes++;
    }
    return PARLEY_OK;
}

/* Remove stray closing brackets from a phrase ("+FAEROYENE]_"). */
static size_t strip_stray(parley_dict *d, pl_lines *in, char *s, size_t n)
{
    size_t o = 0;
    bool stray = false;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == ']' || s[i] == '}') {
            stray = true;
            continue;
        }
        s[o++] = s[i];
    }
    if (stray)
        warn_at(d, in, "stray closing bracket in phrase removed", NULL);
    s[o] = '\0';
    return o;
}

parley_status pl_dict_read_actors(parley_dict *d, pl_lines *in)
{
    actor_state st = {PL_NONE, 0, false};
    char buf[4096];
    const char *line;
    size_t len;
    parley_status rc;
    while ((rc = pl_lines_next(in, &line, &len)) != PARLEY_END) {
        if (rc == PARLEY_ERR_TOO_LARGE) {
            error_at(d, in, "line too long; skipped", NULL);
            continue;
        }
        if (rc != PARLEY_OK)
            return rc;
        size_t n = clean_line(d, in, line, len, buf, sizeof buf, false);
        if (n == 0 || buf[0] == '<')
            continue; /* blank, comment, or an XML-ish <!-- --> line */
        if (buf[0] == '[') {
            if (st.rec == PL_NONE) {
                error_at(d, in, "code line before any actor", buf);
                continue;
            }
            if ((rc = read_codes(d, in, &st, buf, false)) != PARLEY_OK)
                return rc;
            continue;
        }
        bool syn = buf[0] == '+';
        char *ph = buf + (syn ? 1 : 0);
        char *br = strchr(ph, '[');
        size_t pn = br ? (size_t)(br - ph) : strlen(ph);
        char phrase[MAX_PHRASE];
        if (pn >= sizeof phrase)
            pn = sizeof phrase - 1;
        memcpy(phrase, ph, pn);
        pn = strip_stray(d, in, phrase, pn);
        if (syn) {
            if (st.rec == PL_NONE) {
                error_at(d, in, "synonym before any actor; skipped", phrase);
                continue;
            }
        } else if (st.rec == PL_NONE || st.bracketed) {
            /* several base lines in a row before the codes name one actor
             * (IVO_JOSIPOVIC_ / JOSIPOVIC_ / [HRVGOV >20120219]) */
            end_record(d, in, &st);
            if ((rc = new_record(d, in, &st)) != PARLEY_OK)
                return rc;
        }
        if ((rc = add_actor_phrase(d, in, &st, phrase, pn)) != PARLEY_OK)
            return rc;
        if (br && (rc = read_codes(d, in, &st, br, false)) != PARLEY_OK)
            return rc;
    }
    end_record(d, in, &st);
    return PARLEY_OK;
}

/* ---------------------------------------------------------------------- */
/* Agents. */

typedef struct macro {
    char name[32];
    char *items[16];
    size_t nitems;
} macro;

typedef struct variants {
    char *v[MAX_VARIANTS];
    size_t n;
    bool overflow;
} variants;

static void variants_free(variants *vs)
{
    for (size_t i = 0; i < vs->n; i++)
        pl_free(vs->v[i]);
    vs->n = 0;
}

/* Expand !NAME! macros in s into vs (each variant heap-allocated). */
static void expand_macros(const char *s, const macro *ms, size_t nm, variants *vs, int depth)
{
    if (vs->overflow)
        return;
    const char *a = strchr(s, '!');
    const char *b = a ? strchr(a + 1, '!') : NULL;
    const macro *m = NULL;
    if (a && b && depth < 4) {
        for (size_t i = 0; i < nm; i++)
            if (strlen(ms[i].name) == (size_t)(b - a + 1) &&
                memcmp(ms[i].name, a, (size_t)(b - a + 1)) == 0)
                m = &ms[i];
    }
    if (!m) {
        if (vs->n < MAX_VARIANTS) {
            char *c = pl_strdup(s);
            if (c)
                vs->v[vs->n++] = c;
        } else {
            vs->overflow = true;
        }
        return;
    }
    for (size_t i = 0; i < m->nitems; i++) {
        size_t la = (size_t)(a - s), li = strlen(m->items[i]), lb = strlen(b + 1);
        char *t = pl_malloc(la + li + lb + 1);
        if (!t)
            return;
        memcpy(t, s, la);
        memcpy(t + la, m->items[i], li);
        memcpy(t + la + li, b + 1, lb + 1);
        expand_macros(t, ms, nm, vs, depth + 1);
        pl_free(t);
    }
}

/* The regular plural of the last word of a phrase, into out. Returns false
 * when the word already looks plural (…MEN, …S). */
static bool regular_plural(const char *s, char *out, size_t size)
{
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == '_' || s[n - 1] == ' '))
        n--;
    if (n < 2 || n + 4 >= size)
        return false;
    char last = (char)toupper((unsigned char)s[n - 1]);
    char prev = (char)toupper((unsigned char)s[n - 2]);
    if (n >= 3 && strncasecmp(s + n - 3, "MEN", 3) == 0)
        return false;
    memcpy(out, s, n);
    out[n] = '\0';
    if (n >= 3 && strncasecmp(s + n - 3, "MAN", 3) == 0) {
        out[n - 2] = 'E';
        return true;
    }
    if (last == 'S' || last == 'X' || last == 'Z' || (last == 'H' && (prev == 'C' || prev == 'S'))) {
        if (last == 'S' && prev != 'S')
            return false; /* already plural */
        strcpy(out + n, "ES");
    } else if (last == 'Y' && !strchr("AEIOU", prev)) {
        strcpy(out + n - 1, "IES");
    } else {
        strcpy(out + n, "S");
    }
    return true;
}

static parley_status add_agent_phrase(parley_dict *d, pl_lines *in, const char *s, uint32_t agent)
{
    uint32_t ids[MAX_WORDS];
    size_t k = phrase_ids(d, s, strlen(s), ids, NULL);
    if (k == 0)
        return PARLEY_OK;
    uint32_t node = pl_trie_insert(&d->agents_trie, ids, k);
    if (node == PL_NONE)
        return pl_error(PARLEY_ERR_NOMEM, "out of memory reading %s", pl_lines_name(in));
    if (d->agents_trie.value[node] == PL_NONE)
        d->agents_trie.value[node] = agent; /* the first definition wins */
    return PARLEY_OK;
}

static void read_macro(parley_dict *d, pl_lines *in, char *buf, macro *ms, size_t *nm)
{
    char *eq = strchr(buf, '=');
    char *end = strchr(buf + 1, '!');
    if (!eq || !end || end > eq || *nm >= 16 || (size_t)(end - buf + 1) >= sizeof ms->name) {
        error_at(d, in, "malformed substitution set", buf);
        return;
    }
    macro *m = &ms[*nm];
    memset(m, 0, sizeof *m);
    memcpy(m->name, buf, (size_t)(end - buf + 1));
    for (size_t i = 0; m->name[i]; i++)
        m->name[i] = (char)toupper((unsigned char)m->name[i]);
    char *p = eq + 1;
    while (*p && m->nitems < 16) {
        while (*p == ' ' || *p == ',')
            p++;
        char *q = p;
        while (*q && *q != ',')
            q++;
        char *e = q;
        while (e > p && e[-1] == ' ')
            e--;
        if (e > p) {
            m->items[m->nitems] = pl_strndup(p, (size_t)(e - p));
            if (m->items[m->nitems])
                m->nitems++;
        }
        p = q;
    }
    (*nm)++;
}

parley_status pl_dict_read_agents(parley_dict *d, pl_lines *in)
{
    macro ms[16];
    size_t nm = 0;
    char buf[4096];
    const char *line;
    size_t len;
    parley_status rc, out = PARLEY_OK;
    while ((rc = pl_lines_next(in, &line, &len)) != PARLEY_END) {
        if (rc == PARLEY_ERR_TOO_LARGE) {
            error_at(d, in, "line too long; skipped", NULL);
            continue;
        }
        if (rc != PARLEY_OK) {
            out = rc;
            break;
        }
        size_t n = clean_line(d, in, line, len, buf, sizeof buf, false);
        if (n == 0 || buf[0] == '<')
            continue;
        if (buf[0] == '!' && strchr(buf, '=')) {
            read_macro(d, in, buf, ms, &nm);
            continue;
        }
        /* PHRASE {PLURALS} [CODE] */
        char *br = strchr(buf, '[');
        char *cu = strchr(buf, '{');
        if (!br) {
            error_at(d, in, "agent has no code; skipped", buf);
            continue;
        }
        char *pend = cu && cu < br ? cu : br;
        char phrase[MAX_PHRASE];
        size_t pn = (size_t)(pend - buf);
        if (pn >= sizeof phrase)
            pn = sizeof phrase - 1;
        memcpy(phrase, buf, pn);
        pn = strip_stray(d, in, phrase, pn);
        while (pn > 0 && phrase[pn - 1] == ' ')
            phrase[--pn] = '\0';
        if (pn == 0) {
            error_at(d, in, "agent without a phrase; skipped", buf);
            continue;
        }
        /* plurals */
        bool no_plural = false;
        char plural[MAX_PHRASE] = "";
        if (cu && cu < br) {
            char *ce = strchr(cu, '}');
            if (!ce || ce > br) {
                warn_at(d, in, "unbalanced '{' in plural", NULL);
                ce = br;
            }
            size_t ln = (size_t)(ce - cu - 1);
            if (ln >= sizeof plural)
                ln = sizeof plural - 1;
            memcpy(plural, cu + 1, ln);
            plural[ln] = '\0';
            while (ln > 0 && plural[ln - 1] == ' ')
                plural[--ln] = '\0';
            no_plural = true; /* {} = none; {X} = X instead of the regular form */
        }
        /* code: ~CODE or CODE~ */
        char *ce = br + 1;
        while (*ce && *ce != ']' && *ce != '}')
            ce++;
        if (*ce != ']')
            warn_at(d, in, "unbalanced '[' in agent code", *ce ? "'}' read as ']'" : NULL);
        char code[64];
        size_t cl = 0;
        bool prefix = false, tilde = false;
        for (char *q = br + 1; q < ce && cl + 1 < sizeof code; q++) {
            if (*q == ' ')
                continue;
            if (*q == '~') {
                tilde = true;
                prefix = cl > 0;
                continue;
            }
            code[cl++] = (char)toupper((unsigned char)*q);
        }
        code[cl] = '\0';
        if (cl == 0) {
            error_at(d, in, "empty agent code; skipped", buf);
            continue;
        }
        if (!tilde)
            warn_at(d, in, "agent code without '~' read as '~CODE'", code);
        if (grow(&d->agents, &d->agents_cap, d->nagents + 1, sizeof *d->agents) != PARLEY_OK) {
            out = pl_error(PARLEY_ERR_NOMEM, "out of memory reading %s", pl_lines_name(in));
            break;
        }
        const char *ic = intern_code(d, code, cl);
        if (!ic) {
            out = pl_error(PARLEY_ERR_NOMEM, "out of memory reading %s", pl_lines_name(in));
            break;
        }
        uint32_t agent = (uint32_t)d->nagents++;
        d->agents[agent].code = ic;
        d->agents[agent].prefix = prefix;
        variants vs = {{0}, 0, false};
        expand_macros(phrase, ms, nm, &vs, 0);
        if (plural[0])
            expand_macros(plural, ms, nm, &vs, 0);
        if (vs.overflow)
            warn_at(d, in, "too many macro expansions; some dropped", NULL);
        size_t nbase = vs.n;
        for (size_t i = 0; i < nbase && out == PARLEY_OK; i++) {
            out = add_agent_phrase(d, in, vs.v[i], agent);
            char pl[MAX_PHRASE + 8];
            if (out == PARLEY_OK && !no_plural && regular_plural(vs.v[i], pl, sizeof pl))
                out = add_agent_phrase(d, in, pl, agent);
        }
        variants_free(&vs);
        if (out != PARLEY_OK)
            break;
    }
    for (size_t i = 0; i < nm; i++)
        for (size_t j = 0; j < ms[i].nitems; j++)
            pl_free(ms[i].items[j]);
    return out;
}

/* ---------------------------------------------------------------------- */
/* Discards. */

parley_status pl_dict_read_discards(parley_dict *d, pl_lines *in)
{
    char buf[4096], up[8192];
    const char *line;
    size_t len;
    parley_status rc;
    while ((rc = pl_lines_next(in, &line, &len)) != PARLEY_END) {
        if (rc == PARLEY_ERR_TOO_LARGE) {
            error_at(d, in, "line too long; skipped", NULL);
            continue;
        }
        if (rc != PARLEY_OK)
            return rc;
        size_t n = clean_line(d, in, line, len, buf, sizeof buf, false);
        if (n == 0 || buf[0] == '<')
            continue;
        bool story = buf[0] == '+';
        char *p = buf + (story ? 1 : 0);
        while (*p == ' ')
            p++;
        size_t m = pl_dict_fold(p, up, sizeof up);
        bool whole = m > 0 && up[m - 1] == '_';
        /* words joined by '_' or blanks: one blank between words */
        size_t o = 0;
        for (size_t i = 0; i < m; i++) {
            char c = up[i] == '_' ? ' ' : up[i];
            if (c == ' ' && (o == 0 || up[o - 1] == ' '))
                continue;
            up[o++] = c;
        }
        while (o > 0 && up[o - 1] == ' ')
            o--;
        up[o] = '\0';
        if (o == 0) {
            error_at(d, in, "empty discard; skipped", NULL);
            continue;
        }
        if (grow(&d->discards, &d->discards_cap, d->ndiscards + 1, sizeof *d->discards) != PARLEY_OK)
            return pl_error(PARLEY_ERR_NOMEM, "out of memory reading %s", pl_lines_name(in));
        const char *t = pl_arena_strndup(d->arena, up, o);
        if (!t)
            return pl_error(PARLEY_ERR_NOMEM, "out of memory reading %s", pl_lines_name(in));
        pl_discard *ds = &d->discards[d->ndiscards++];
        ds->text = t;
        ds->story = story;
        ds->whole = whole;
    }
    return PARLEY_OK;
}

/* ---------------------------------------------------------------------- */
/* Issues. */

/* One part of an issue phrase at s (blanks skipped): the word w/wl without
 * its n: or v: prefix, the suffixes that prefix adds, and the end e (at ' ',
 * '+' or the end of the string). Returns the number of suffixes, 0 at the end. */
static size_t issue_part(const char **s, const char **w, size_t *wl, const char **e,
                         const char *suffixes[4])
{
    while (**s == ' ')
        (*s)++;
    if (!**s)
        return 0;
    const char *p = *s;
    while (*p && *p != ' ' && *p != '+')
        p++;
    *e = p;
    *w = *s;
    size_t ns = 0;
    suffixes[ns++] = "";
    if (p - *w > 2 && ((*w)[0] == 'n' || (*w)[0] == 'N') && (*w)[1] == ':') {
        *w += 2;
        suffixes[ns++] = "S";
    } else if (p - *w > 2 && ((*w)[0] == 'v' || (*w)[0] == 'V') && (*w)[1] == ':') {
        *w += 2;
        suffixes[ns++] = "S";
        suffixes[ns++] = "ED";
        suffixes[ns++] = "ING";
    }
    *wl = (size_t)(p - *w);
    return ns;
}

/* Expand one issue phrase ("pre+n:school", "n:bachelor n:degree") into
 * folded variants: n: adds the plural, v: the verb forms, '+' joins two
 * parts with a blank, a hyphen or nothing. Breadth first, part by part,
 * keeping at most MAX_VARIANTS partial phrases, and only those that can
 * still end within MAX_PHRASE (the rest of the line at its shortest): the
 * same variants in the same order as a depth-first expansion keeping the
 * first MAX_VARIANTS, in time linear in the line, where the recursion
 * explored every dead end (49 s for a line of 1,100 '+'). A partial is a
 * node (its parent in the level before, which suffix and join, its length),
 * not a string: no copy per candidate; the kept variants are spelt out at
 * the end. */
typedef struct issue_node {
    uint8_t parent; /* index in the level before (MAX_VARIANTS <= 256) */
    uint8_t child;  /* suffix * njoins + join */
    uint16_t len;   /* bytes of the partial phrase (< MAX_PHRASE) */
} issue_node;

typedef struct issue_level {
    const char *w, *e; /* the part's word and its end */
    const char *suffixes[4];
    size_t sl[4]; /* their lengths */
    size_t wl, ns, nj;
    size_t first, n; /* its nodes */
} issue_level;

static void expand_issue(const char *s, variants *vs)
{
    static const char *const joins[3] = {" ", "-", ""};
    const char *suffixes[4], *w, *e;
    size_t wl, ns, nlevels = 0, rest = 0;
    for (const char *p = s; (ns = issue_part(&p, &w, &wl, &e, suffixes)) > 0; p = *e ? e + 1 : e) {
        rest += wl + (*e == '+' ? 0 : 1);
        nlevels++;
    }
    issue_level *lv = pl_calloc(nlevels ? nlevels : 1, sizeof *lv);
    issue_node *nodes = pl_malloc((nlevels * MAX_VARIANTS + 1) * sizeof *nodes);
    if (!lv || !nodes) {
        pl_free(lv);
        pl_free(nodes);
        return;
    }
    nodes[0] = (issue_node){0, 0, 0}; /* the empty phrase */
    size_t prev = 0, nprev = 1, used = 1, L = 0;
    for (; L < nlevels && nprev > 0; L++) {
        issue_level *v = &lv[L];
        v->ns = issue_part(&s, &v->w, &v->wl, &v->e, v->suffixes);
        v->nj = *v->e == '+' ? 3 : 1;
        rest -= v->wl + (*v->e == '+' ? 0 : 1);
        v->first = used;
        size_t add[12]; /* bytes each child adds: word + suffix + join */
        for (size_t i = 0; i < v->ns; i++)
            v->sl[i] = strlen(v->suffixes[i]);
        for (size_t c = 0; c < v->ns * v->nj; c++)
            add[c] = v->wl + v->sl[c / v->nj] + (v->nj == 3 ? (c % 3 < 2) : 1);
        bool full = false;
        for (size_t k = 0; k < nprev && !full; k++) {
            size_t accn = nodes[prev + k].len;
            for (size_t c = 0; c < v->ns * v->nj; c++) {
                size_t n = accn + add[c];
                if (n + rest + 1 >= MAX_PHRASE)
                    continue; /* this one, or every phrase it leads to, too long */
                if (v->n == MAX_VARIANTS) {
                    vs->overflow = full = true; /* a+b+c+...: 3^n variants; stop at the cap */
                    break;
                }
                nodes[used++] = (issue_node){(uint8_t)k, (uint8_t)c, (uint16_t)n};
                v->n++;
            }
        }
        prev = v->first;
        nprev = v->n;
        s = *v->e ? v->e + 1 : v->e;
    }
    /* spell out the last level's nodes, each from its end back to the start */
    for (size_t k = 0; k < nprev && vs->n < MAX_VARIANTS; k++) {
        size_t len = nodes[prev + k].len;
        char *t = pl_malloc(len + 1);
        if (!t)
            break;
        t[len] = '\0';
        size_t at = len, idx = k;
        for (size_t l = L; l-- > 0;) {
            const issue_level *v = &lv[l];
            const issue_node *nd = &nodes[v->first + idx];
            size_t j = v->nj == 3 ? nd->child % 3 : 0, i = nd->child / v->nj;
            if (j < 2) /* " " or "-"; "" adds nothing */
                t[--at] = joins[j][0];
            at -= v->sl[i];
            memcpy(t + at, v->suffixes[i], v->sl[i]);
            at -= v->wl;
            memcpy(t + at, v->w, v->wl);
            idx = nd->parent;
        }
        vs->v[vs->n++] = t;
    }
    pl_free(lv);
    pl_free(nodes);
}

static parley_status add_issue_phrases(parley_dict *d, pl_lines *in, pl_trie *t, const char *s,
                                       uint32_t value)
{
    variants vs = {{0}, 0, false};
    expand_issue(s, &vs);
    if (vs.overflow)
        warn_at(d, in, "too many issue phrase variants; some dropped", NULL);
    parley_status rc = PARLEY_OK;
    for (size_t i = 0; i < vs.n && rc == PARLEY_OK; i++) {
        uint32_t ids[MAX_WORDS];
        size_t k = phrase_ids(d, vs.v[i], strlen(vs.v[i]), ids, NULL);
        if (k == 0)
            continue;
        uint32_t node = pl_trie_insert(t, ids, k);
        if (node == PL_NONE)
            rc = pl_error(PARLEY_ERR_NOMEM, "out of memory reading %s", pl_lines_name(in));
        else if (t->value[node] == PL_NONE)
            t->value[node] = value;
    }
    variants_free(&vs);
    return rc;
}

parley_status pl_dict_read_issues(parley_dict *d, pl_lines *in)
{
    char buf[4096];
    const char *line;
    size_t len;
    parley_status rc;
    bool in_block = false;
    const char *last_code = NULL, *category = NULL;
    uint32_t last_block = PL_NONE;
    while ((rc = pl_lines_next(in, &line, &len)) != PARLEY_END) {
        if (rc == PARLEY_ERR_TOO_LARGE) {
            error_at(d, in, "line too long; skipped", NULL);
            continue;
        }
        if (rc != PARLEY_OK)
            return rc;
        size_t n = clean_line(d, in, line, len, buf, sizeof buf, false);
        /* the file has U+00A0-like junk (E2 80 8B ...) after some words: blank it */
        for (size_t i = 0; i + 2 < n; i++) {
            unsigned char *u = (unsigned char *)buf + i;
            if (u[0] == 0xE2 && u[1] == 0x80 && (u[2] == 0x8B || u[2] == 0xA0 || u[2] == 0x89)) {
                u[0] = u[1] = u[2] = ' ';
            }
        }
        if (n == 0)
            continue;
        if (strncmp(buf, "<ISSUE", 6) == 0) {
            if (in_block)
                warn_at(d, in, "<ISSUE> inside an open block", NULL);
            in_block = true;
            d->nissue_blocks++;
            category = NULL;
            const char *c = strstr(buf, "CATEGORY=\"");
            if (c) {
                c += 10;
                const char *e = strchr(c, '"');
                if (e && e > c && !(category = intern_code(d, c, (size_t)(e - c))))
                    return pl_error(PARLEY_ERR_NOMEM, "out of memory reading %s",
                                    pl_lines_name(in));
            }
            continue;
        }
        if (strncmp(buf, "</ISSUE", 7) == 0) {
            if (!in_block)
                warn_at(d, in, "</ISSUE> without <ISSUE>", NULL);
            in_block = false;
            continue;
        }
        if (buf[0] == '<')
            continue;
        if (!in_block) {
            warn_at(d, in, "issue phrase outside an <ISSUE> block", buf);
            d->nissue_blocks++;
            in_block = true;
        }
        uint32_t block = d->nissue_blocks - 1;
        if (buf[0] == '~') {
            if ((rc = add_issue_phrases(d, in, &d->excl_trie, buf + 1, block)) != PARLEY_OK)
                return rc;
            continue;
        }
        char *br = strchr(buf, '[');
        char *be = br ? strchr(br, ']') : NULL;
        const char *code;
        if (!br) {
            /* a bare phrase inside a block takes the code of the line above */
            if (last_code != NULL && last_block == block) {
                warn_at(d, in, "issue phrase without [CODE]: the previous line's code used", buf);
                code = last_code;
            } else if (category) {
                warn_at(d, in, "issue phrase without [CODE]: the block's CATEGORY used", buf);
                code = category;
            } else {
                error_at(d, in, "issue phrase without [CODE]; skipped", buf);
                continue;
            }
            br = buf + n;
        } else {
            if (!be) {
                warn_at(d, in, "unbalanced '[' in issue code", NULL);
                be = buf + n;
            }
            code = intern_code(d, br + 1, (size_t)(be - br - 1));
        }
        last_code = code;
        last_block = block;
        if (!code || grow(&d->issues, &d->issues_cap, d->nissues + 1, sizeof *d->issues) != PARLEY_OK)
            return pl_error(PARLEY_ERR_NOMEM, "out of memory reading %s", pl_lines_name(in));
        *br = '\0';
        uint32_t idx = (uint32_t)d->nissues++;
        d->issues[idx].code = code;
        d->issues[idx].block = block;
        if ((rc = add_issue_phrases(d, in, &d->issues_trie, buf, idx)) != PARLEY_OK)
            return rc;
    }
    return PARLEY_OK;
}

/* ---------------------------------------------------------------------- */
/* Frequent English words: one per line. */

parley_status pl_dict_read_common(parley_dict *d, pl_lines *in)
{
    char buf[256], up[512];
    const char *line;
    size_t len;
    parley_status rc;
    while ((rc = pl_lines_next(in, &line, &len)) != PARLEY_END) {
        if (rc == PARLEY_ERR_TOO_LARGE)
            continue;
        if (rc != PARLEY_OK)
            return rc;
        size_t n = clean_line(d, in, line, len, buf, sizeof buf, false);
        if (n == 0)
            continue;
        size_t m = pl_dict_fold(buf, up, sizeof up);
        if (pl_words_add(&d->common, up, m) == PL_NONE)
            return pl_error(PARLEY_ERR_NOMEM, "out of memory reading %s", pl_lines_name(in));
    }
    return PARLEY_OK;
}

/* ---------------------------------------------------------------------- */
/* Capitals and demonyms from world-countries.json (mledoze/countries). */

/* ISO 3166 alpha-3 codes that CAMEO spells differently. */
static const char *const iso_to_cameo[][2] = {
    {"UNK", "KSV"}, /* Kosovo (the file's user-assigned code) */
    {"XKX", "KSV"},
    {"TLS", "TMP"}, /* Timor-Leste */
};

static parley_status add_capital(parley_dict *d, const char *name, const char *cameo)
{
    uint32_t ids[MAX_WORDS];
    size_t k = phrase_ids(d, name, strlen(name), ids, NULL);
    if (k == 0)
        return PARLEY_OK;
    uint32_t node = pl_trie_insert(&d->actors_trie, ids, k);
    if (node == PL_NONE ||
        grow(&d->capitals, &d->capitals_cap, d->ncapitals + 1, sizeof *d->capitals) != PARLEY_OK)
        return pl_error(PARLEY_ERR_NOMEM, "out of memory reading the capitals");
    if (pl_dict_flag_node(d, node, PL_ACTOR_CAPITAL) != PARLEY_OK)
        return pl_error(PARLEY_ERR_NOMEM, "out of memory reading the capitals");
    pl_capital *c = &d->capitals[d->ncapitals++];
    c->node = node;
    memcpy(c->country, cameo, 3);
    c->country[3] = '\0';
    return PARLEY_OK;
}

/* A record with one undated code for a country, for demonyms the actor
 * files lack. */
static parley_status add_country_name(parley_dict *d, const char *name, const char *cameo,
                                      uint32_t *rec)
{
    uint32_t ids[MAX_WORDS];
    size_t k = phrase_ids(d, name, strlen(name), ids, NULL);
    if (k == 0)
        return PARLEY_OK;
    uint32_t node = pl_trie_insert(&d->actors_trie, ids, k);
    if (node == PL_NONE)
        return pl_error(PARLEY_ERR_NOMEM, "out of memory reading the capitals");
    if (d->actors_trie.value[node] != PL_NONE)
        return PARLEY_OK; /* the actor files know it already */
    if (*rec == PL_NONE) {
        if (grow(&d->actors, &d->actors_cap, d->nactors + 1, sizeof *d->actors) != PARLEY_OK ||
            grow(&d->codes, &d->codes_cap, d->ncodes + 1, sizeof *d->codes) != PARLEY_OK)
            return pl_error(PARLEY_ERR_NOMEM, "out of memory reading the capitals");
        const char *ic = intern_code(d, cameo, 3);
        if (!ic)
            return pl_error(PARLEY_ERR_NOMEM, "out of memory reading the capitals");
        pl_actor *a = &d->actors[d->nactors];
        a->code0 = (uint32_t)d->ncodes;
        a->ncodes = 1;
        a->next = PL_NONE;
        a->file = d->nfiles ? (uint32_t)d->nfiles - 1 : 0;
        a->line = 0;
        d->codes[d->ncodes].code = ic;
        d->codes[d->ncodes].from = PL_DATE_MIN;
        d->codes[d->ncodes].to = PL_DATE_MAX;
        d->ncodes++;
        *rec = (uint32_t)d->nactors++;
    }
    d->actors_trie.value[node] = *rec;
    d->nphrases++;
    return PARLEY_OK;
}

parley_status pl_dict_read_capitals(parley_dict *d, const char *path)
{
    json_error_t jerr;
    json_t *root = json_load_file(path, 0, &jerr);
    if (!root)
        return pl_error(PARLEY_ERR_DICT, "%s:%d: %s", path, jerr.line, jerr.text);
    if (!json_is_array(root)) {
        json_decref(root);
        return pl_error(PARLEY_ERR_DICT, "%s: not a JSON array of countries", path);
    }
    parley_status rc = PARLEY_OK;
    size_t i;
    json_t *c;
    json_array_foreach(root, i, c)
    {
        const char *iso = json_string_value(json_object_get(c, "cca3"));
        json_t *indep = json_object_get(c, "independent");
        if (!iso || strlen(iso) != 3)
            continue;
        char cameo[4];
        memcpy(cameo, iso, 4);
        bool mapped = false;
        for (size_t k = 0; k < sizeof iso_to_cameo / sizeof iso_to_cameo[0]; k++)
            if (strcmp(iso, iso_to_cameo[k][0]) == 0) {
                memcpy(cameo, iso_to_cameo[k][1], 4);
                mapped = true;
            }
        if (!json_is_true(indep) && !mapped)
            continue; /* dependencies: their capitals are not governments */
        const char *common = json_string_value(json_object_get(json_object_get(c, "name"), "common"));
        json_t *caps = json_object_get(c, "capital");
        size_t j;
        json_t *cap;
        json_array_foreach(caps, j, cap)
        {
            const char *name = json_string_value(cap);
            if (!name || (common && strcmp(name, common) == 0))
                continue; /* city states: the name is the country */
            char tmp[256];
            snprintf(tmp, sizeof tmp, "%s", name);
            char *comma = strchr(tmp, ',');
            if (comma)
                *comma = '\0'; /* "Washington, D.C." */
            size_t tl = strlen(tmp);
            if (tl > 5 && strcmp(tmp + tl - 5, " D.C.") == 0)
                tmp[tl - 5] = '\0'; /* "Washington D.C." */
            if ((rc = add_capital(d, tmp, cameo)) != PARLEY_OK)
                break;
        }
        if (rc != PARLEY_OK)
            break;
        uint32_t rec = PL_NONE;
        json_t *dem = json_object_get(json_object_get(c, "demonyms"), "eng");
        const char *names[3] = {common, json_string_value(json_object_get(dem, "m")),
                                json_string_value(json_object_get(dem, "f"))};
        for (size_t k = 0; k < 3 && rc == PARLEY_OK; k++)
            if (names[k] && *names[k])
                rc = add_country_name(d, names[k], cameo, &rec);
        if (rc != PARLEY_OK)
            break;
    }
    json_decref(root);
    return rc;
}
