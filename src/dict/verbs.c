/*
 * verbs.c - reader for the CAMEO verb pattern dictionary (PETRARCH2 format,
 * see data/petrarch2/FORMATS.md): synsets (&NAME then +MEMBER lines), verb
 * blocks (--- VERB [code] --- then verb lines and `- pattern [code]` lines)
 * and transformations (~ a (b c X) Y = d e CODE).
 *
 * The reader is forgiving in the way PETRARCH's is: a malformed line is
 * reported with its file and line through pl_warn and skipped, and loading
 * goes on. Everything lives in one arena owned by the dictionary.
 */
#include "dict/verbs.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_FILE_BYTES ((size_t)64 << 20) /* a verb file is ~400 KB */
#define MAX_ITEMS      ((size_t)1 << 24)
#define MAX_LINE_ELS   256

/* A synset while loading: members as raw strings (may name other synsets). */
typedef struct synset {
    const char *name;
    const char **members;
    size_t n, cap;
    const char *file;
    uint32_t line;
} synset;

/* Pattern element while loading; the synset is still a name. */
typedef struct raw_pattern {
    size_t el0, nel; /* range in d->els (including the VERB element) */
    pl_vpattern p;
} raw_pattern;

/* A lookup key: a verb word and the verb it selects. */
typedef struct vkey {
    const char *word;
    const pl_vverb *verb;
} vkey;

struct pl_verbdict {
    pl_arena *arena;
    synset *syn;
    size_t nsyn, syn_cap;
    pl_vblock *blocks;
    size_t nblocks, blocks_cap;
    raw_pattern *raw;
    size_t nraw, raw_cap;
    pl_vpattern *pats; /* final patterns, by block */
    size_t npats;
    pl_vel *els;
    size_t nels, els_cap;
    pl_vverb **verbs;
    size_t nverbs, verbs_cap;
    vkey *keys;
    size_t nkeys, keys_cap;
    const pl_vverb **keyverbs; /* parallel to keys, for lookup results */
    uint32_t *kslot;  /* hash of a verb word -> its first key + 1 (0 = empty) */
    uint32_t *krun;   /* parallel to keys: at a word's first key, its key count */
    size_t nkslots;   /* power of two, 0 = no table (lookup searches keys) */
    pl_vtrans *trans;
    size_t ntrans, trans_cap;
    /* lines repaired, entries dropped (`dict check` counts them) */
    size_t nwarnings, nerrors;
};

/* Parsing state of one file. */
typedef struct reader {
    pl_verbdict *d;
    const char *file; /* arena copy */
    uint32_t line;
    long cur_block; /* index of the block being read, -1 before any */
    long cur_syn;   /* index of the synset being read, -1 when in a block */
} reader;

/* Report a problem as `dict check` prints every dictionary's: FILE:LINE:
 * error: WHAT for an entry that was dropped, warning: for one that was
 * repaired or kept; counted in d. */
static void problem(pl_verbdict *d, bool error, const char *file, unsigned line, const char *fmt,
                    ...)
{
    char what[1200];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    if (error)
        d->nerrors++;
    else
        d->nwarnings++;
    pl_warn("%s:%u: %s: %s", file, line, error ? "error" : "warning", what);
}

static void upcase(char *s)
{
    for (; *s; s++)
        if (*s >= 'a' && *s <= 'z')
            *s = (char)(*s - 'a' + 'A');
}

/* Cut a '#' comment off the line. */
static void strip_comment(char *s)
{
    char *h = strchr(s, '#');
    if (h)
        *h = '\0';
}

/* Characters of a code: CAMEO digits, plus the odd letters and flags the
 * validation dictionary uses ("075A", "025?"). */
static bool code_char(char c)
{
    return isalnum((unsigned char)c) || c == '?';
}

/* Parse a code in brackets: "---", "X", "X:Y", ":Y". The text between the
 * brackets is in s. Returns false when malformed. */
static bool parse_code(const char *s, char *code, char *pcode, uint8_t *has_passive)
{
    code[0] = pcode[0] = '\0';
    *has_passive = 0;
    while (*s == ' ')
        s++;
    if (strncmp(s, "---", 3) == 0) {
        s += 3;
        while (*s == ' ')
            s++;
        return *s == '\0';
    }
    const char *colon = strchr(s, ':');
    size_t la = colon ? (size_t)(colon - s) : strlen(s);
    while (la > 0 && s[la - 1] == ' ')
        la--;
    if (la >= PL_CODE_MAX)
        return false;
    for (size_t i = 0; i < la; i++)
        if (!code_char(s[i]))
            return false;
    memcpy(code, s, la);
    code[la] = '\0';
    if (colon) {
        const char *p = colon + 1;
        while (*p == ' ')
            p++;
        size_t lp = strlen(p);
        while (lp > 0 && p[lp - 1] == ' ')
            lp--;
        if (lp >= PL_CODE_MAX)
            return false;
        for (size_t i = 0; i < lp; i++)
            if (!code_char(p[i]))
                return false;
        memcpy(pcode, p, lp);
        pcode[lp] = '\0';
        *has_passive = 1;
        if (la == 0 && lp == 0)
            return false;
    } else if (la == 0) {
        return false;
    }
    return true;
}

/* Find a trailing "[code]" in s, cut it off and parse it. Returns 1 if a
 * code was found, 0 if none, -1 if malformed. */
static int take_code(char *s, char *code, char *pcode, uint8_t *has_passive)
{
    char *open = strrchr(s, '[');
    if (!open) {
        code[0] = pcode[0] = '\0';
        *has_passive = 0;
        return strchr(s, ']') ? -1 : 0;
    }
    char *close = strchr(open, ']');
    if (!close)
        return -1;
    for (char *q = close + 1; *q; q++)
        if (!isspace((unsigned char)*q))
            return -1;
    *close = '\0';
    bool ok = parse_code(open + 1, code, pcode, has_passive);
    *open = '\0';
    return ok ? 1 : -1;
}

static parley_status add_synset(reader *r, const char *name)
{
    pl_verbdict *d = r->d;
    if (pl_grow((void **)&d->syn, &d->syn_cap, d->nsyn + 1, sizeof *d->syn, MAX_ITEMS))
        return PARLEY_ERR_NOMEM;
    synset *s = &d->syn[d->nsyn];
    memset(s, 0, sizeof *s);
    s->name = pl_arena_strdup(d->arena, name);
    if (!s->name)
        return PARLEY_ERR_NOMEM;
    s->file = r->file;
    s->line = r->line;
    r->cur_syn = (long)d->nsyn++;
    return PARLEY_OK;
}

/* A member phrase: '_' and runs of spaces become one space, a trailing '_'
 * (no plural) is dropped. */
static char *norm_phrase(pl_arena *a, const char *s)
{
    size_t n = strlen(s);
    char *out = pl_arena_alloc(a, n + 1);
    if (!out)
        return NULL;
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == '_' || isspace((unsigned char)c)) {
            if (k > 0 && out[k - 1] != ' ')
                out[k++] = ' ';
        } else {
            out[k++] = c;
        }
    }
    while (k > 0 && out[k - 1] == ' ')
        k--;
    out[k] = '\0';
    upcase(out);
    return out;
}

static parley_status add_member(reader *r, const char *text)
{
    pl_verbdict *d = r->d;
    synset *s = &d->syn[r->cur_syn];
    char *m = norm_phrase(d->arena, text);
    if (!m)
        return PARLEY_ERR_NOMEM;
    if (!*m) {
        problem(r->d, true, r->file, r->line, "empty synset member skipped");
        return PARLEY_OK;
    }
    if (pl_grow((void **)&s->members, &s->cap, s->n + 1, sizeof *s->members, MAX_ITEMS))
        return PARLEY_ERR_NOMEM;
    s->members[s->n++] = m;
    return PARLEY_OK;
}

static parley_status add_block(reader *r, char *body, const char *orig)
{
    /* body: "---  NAME   [code]  ---"; the closing dashes and the code are
     * sometimes missing or glued on ("[120]---"), which PETRARCH accepts */
    pl_verbdict *d = r->d;
    char *s = body;
    while (*s == '-')
        s++;
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == '-' || isspace((unsigned char)s[n - 1])))
        s[--n] = '\0';
    char code[PL_CODE_MAX], pcode[PL_CODE_MAX];
    uint8_t hp;
    int c = take_code(s, code, pcode, &hp);
    s = pl_trim(s);
    char *extra = strchr(s, '['); /* "DELAY [120]  [031:031]": the last code wins */
    if (extra)
        *extra = '\0';
    s = pl_trim(s);
    for (char *q = s; *q; q++)
        if (*q == ' ' || *q == '\t')
            *q = '_';
    if (c < 0 || !*s || strchr(s, ']')) {
        problem(r->d, true, r->file, r->line, "malformed verb block header skipped: %s", orig);
        r->cur_block = -1;
        r->cur_syn = -1;
        return PARLEY_OK;
    }
    if (pl_grow((void **)&d->blocks, &d->blocks_cap, d->nblocks + 1, sizeof *d->blocks, MAX_ITEMS))
        return PARLEY_ERR_NOMEM;
    pl_vblock *b = &d->blocks[d->nblocks];
    memset(b, 0, sizeof *b);
    upcase(s);
    b->name = pl_arena_strdup(d->arena, s);
    if (!b->name)
        return PARLEY_ERR_NOMEM;
    memcpy(b->code, code, PL_CODE_MAX);
    if (hp)
        memcpy(b->pcode, pcode, PL_CODE_MAX);
    b->file = r->file;
    b->line = r->line;
    r->cur_block = (long)d->nblocks++;
    r->cur_syn = -1;
    return PARLEY_OK;
}

/* Split a multi-word verb spec ("+ASK_FOR", "KLM_NOP_+RST", "HURRY") into
 * words; the '+'-marked word (or the first) is the verb. */
static bool split_verb(pl_arena *a, const char *spec, const char **verb, const char ***pre,
                       uint16_t *npre, const char ***post, uint16_t *npost)
{
    char *buf = pl_arena_strdup(a, spec);
    if (!buf)
        return false;
    upcase(buf);
    const char *words[64];
    size_t nw = 0;
    long vi = -1;
    char *save = NULL;
    for (char *w = strtok_r(buf, "_ ", &save); w; w = strtok_r(NULL, "_ ", &save)) {
        if (nw == 64)
            return false;
        if (*w == '+') {
            if (vi >= 0)
                return false;
            w++;
            vi = (long)nw;
        }
        if (!*w)
            return false;
        words[nw++] = w;
    }
    if (nw == 0)
        return false;
    if (vi < 0)
        vi = 0;
    *verb = words[vi];
    *npre = (uint16_t)vi;
    *npost = (uint16_t)(nw - (size_t)vi - 1);
    *pre = pl_arena_alloc(a, sizeof(char *) * (*npre + 1));
    *post = pl_arena_alloc(a, sizeof(char *) * (*npost + 1));
    if (!*pre || !*post)
        return false;
    for (long i = 0; i < vi; i++)
        (*pre)[i] = words[i];
    for (size_t i = (size_t)vi + 1; i < nw; i++)
        (*post)[i - (size_t)vi - 1] = words[i];
    return true;
}

static parley_status add_key(pl_verbdict *d, const char *word, const pl_vverb *v)
{
    if (pl_grow((void **)&d->keys, &d->keys_cap, d->nkeys + 1, sizeof *d->keys, MAX_ITEMS))
        return PARLEY_ERR_NOMEM;
    d->keys[d->nkeys].word = word;
    d->keys[d->nkeys].verb = v;
    d->nkeys++;
    return PARLEY_OK;
}

static parley_status add_verb(reader *r, char *body)
{
    pl_verbdict *d = r->d;
    char code[PL_CODE_MAX], pcode[PL_CODE_MAX];
    uint8_t hp;
    if (take_code(body, code, pcode, &hp) < 0) {
        problem(r->d, true, r->file, r->line, "bad code on verb line, line skipped");
        return PARLEY_OK;
    }
    char *forms = NULL;
    char *brace = strchr(body, '{');
    if (brace) {
        char *close = strchr(brace, '}');
        if (!close) {
            problem(r->d, true, r->file, r->line, "verb line with unclosed '{', line skipped");
            return PARLEY_OK;
        }
        *close = '\0';
        *brace = '\0';
        forms = brace + 1;
    }
    char *spec = pl_trim(body);
    for (char *q = spec; *q; q++) /* "LASH OUT" = LASH_OUT */
        if (*q == ' ' || *q == '\t')
            *q = '_';
    if (!*spec || strchr(spec, '&')) {
        problem(r->d, true, r->file, r->line, "malformed verb line skipped");
        return PARLEY_OK;
    }
    pl_vverb *v = pl_arena_calloc(d->arena, sizeof *v);
    if (!v)
        return PARLEY_ERR_NOMEM;
    const char **pre, **post;
    if (!split_verb(d->arena, spec, &v->verb, &pre, &v->npre, &post, &v->npost)) {
        problem(r->d, true, r->file, r->line, "malformed multi-word verb '%s' skipped", spec);
        return PARLEY_OK;
    }
    v->pre = pre;
    v->post = post;
    memcpy(v->code, code, PL_CODE_MAX);
    if (hp)
        memcpy(v->pcode, pcode, PL_CODE_MAX);
    v->block = (uint32_t)r->cur_block;
    v->file = r->file;
    v->line = r->line;
    if (pl_grow((void **)&d->verbs, &d->verbs_cap, d->nverbs + 1, sizeof *d->verbs, MAX_ITEMS))
        return PARLEY_ERR_NOMEM;
    d->verbs[d->nverbs++] = v;
    parley_status st = add_key(d, v->verb, v);
    if (st)
        return st;
    if (forms) {
        char *save = NULL;
        for (char *f = strtok_r(forms, " \t", &save); f; f = strtok_r(NULL, " \t", &save)) {
            const char *fverb, **fpre, **fpost;
            uint16_t a, b;
            if (!split_verb(d->arena, f, &fverb, &fpre, &a, &fpost, &b)) {
                problem(r->d, true, r->file, r->line, "malformed verb form '%s' skipped", f);
                continue;
            }
            if (strcmp(fverb, v->verb) != 0 && (st = add_key(d, fverb, v)))
                return st;
        }
    }
    return PARLEY_OK;
}

static parley_status push_el(pl_verbdict *d, int kind, bool glued, const char *word)
{
    if (pl_grow((void **)&d->els, &d->els_cap, d->nels + 1, sizeof *d->els, MAX_ITEMS))
        return PARLEY_ERR_NOMEM;
    pl_vel *e = &d->els[d->nels++];
    memset(e, 0, sizeof *e);
    e->kind = (uint8_t)kind;
    e->glued = glued;
    e->word = word;
    e->synset = -1;
    return PARLEY_OK;
}

/* Tokenize a pattern body ("* (TO &CEASEFIRE)") into elements appended to
 * d->els. Returns 1 on success, 0 on a malformed pattern (els rolled back),
 * or a negative value on OOM. *why names the problem. */
static int parse_pattern_els(pl_verbdict *d, const char *s, const char **why)
{
    size_t base = d->nels;
    size_t stack[MAX_LINE_ELS];
    char stack_kind[MAX_LINE_ELS];
    size_t depth = 0;
    bool glue = false, want_prep = false;
    int nverb = 0;
    const char *p = s;
    while (*p) {
        char c = *p;
        if (isspace((unsigned char)c)) {
            glue = false;
            p++;
            continue;
        }
        if (c == '_') {
            glue = true;
            p++;
            continue;
        }
        if (d->nels - base >= MAX_LINE_ELS) {
            *why = "too many elements";
            goto bad;
        }
        if (c == '(' || c == '{') {
            if (depth == MAX_LINE_ELS || (c == '{' && depth > 0 && stack_kind[depth - 1] == '{')) {
                *why = "bad nesting";
                goto bad;
            }
            if (c == '(' && depth > 0) {
                *why = "nested prepositional phrase";
                goto bad;
            }
            if (push_el(d, c == '(' ? PL_VEL_PREP : PL_VEL_PHRASE, glue, c == '(' ? "" : NULL))
                return -1;
            stack[depth] = d->nels - 1;
            stack_kind[depth++] = c;
            want_prep = c == '(';
            glue = false;
            p++;
            continue;
        }
        if (c == ')' || c == '}') {
            if (depth == 0 || stack_kind[depth - 1] != (c == ')' ? '(' : '{')) {
                *why = "unbalanced brackets";
                goto bad;
            }
            size_t at = stack[--depth];
            d->els[at].n = (uint16_t)(d->nels - at - 1);
            if (c == '}' && d->els[at].n == 0) {
                *why = "empty {}";
                goto bad;
            }
            want_prep = false;
            glue = false;
            p++;
            continue;
        }
        if (c == '*' || c == '$' || c == '+' || c == '%' || c == '^') {
            int kind = c == '*'   ? PL_VEL_VERB
                       : c == '$' ? PL_VEL_SOURCE
                       : c == '+' ? PL_VEL_TARGET
                       : c == '%' ? PL_VEL_COMPOUND
                                  : PL_VEL_SKIP;
            if (kind == PL_VEL_VERB) {
                if (depth > 0) {
                    *why = "'*' inside brackets";
                    goto bad;
                }
                nverb++;
            }
            if (push_el(d, kind, glue, NULL))
                return -1;
            want_prep = false;
            glue = false;
            p++;
            continue;
        }
        /* a word or &SYNSET: up to a separator or bracket */
        const char *w0 = p;
        while (*p && !isspace((unsigned char)*p) && *p != '_' && !strchr("(){}*$%^[]", *p) &&
               !(*p == '+' && p == w0))
            p++;
        if (p == w0) {
            *why = "unexpected character";
            goto bad;
        }
        char *w = pl_arena_strndup(d->arena, w0, (size_t)(p - w0));
        if (!w)
            return -1;
        upcase(w);
        if (w[0] == '&') {
            if (!w[1]) {
                *why = "empty synset name";
                goto bad;
            }
            if (push_el(d, PL_VEL_SYNSET, glue, w + 1))
                return -1;
        } else if (want_prep) {
            d->els[stack[depth - 1]].word = w;
        } else {
            if (push_el(d, PL_VEL_WORD, glue, w))
                return -1;
        }
        want_prep = false;
        glue = false;
    }
    if (depth != 0) {
        *why = "unbalanced brackets";
        goto bad;
    }
    if (nverb != 1) {
        *why = nverb ? "more than one '*'" : "no '*'";
        goto bad;
    }
    return 1;
bad:
    d->nels = base;
    return 0;
}

static parley_status add_pattern(reader *r, char *line_body, const char *orig)
{
    pl_verbdict *d = r->d;
    if (r->cur_block < 0) {
        problem(r->d, true, r->file, r->line, "pattern outside a verb block skipped");
        return PARLEY_OK;
    }
    if (r->cur_syn >= 0) {
        problem(r->d, true, r->file, r->line, "pattern inside synset &%s skipped",
                d->syn[r->cur_syn].name);
        return PARLEY_OK;
    }
    raw_pattern rp;
    memset(&rp, 0, sizeof rp);
    int c = take_code(line_body, rp.p.code, rp.p.pcode, &rp.p.has_passive);
    if (c < 0) {
        problem(r->d, true, r->file, r->line, "bad code in pattern, skipped: %s", orig);
        return PARLEY_OK;
    }
    char *body = pl_trim(line_body);
    const char *why = "";
    rp.el0 = d->nels;
    int ok = parse_pattern_els(d, body, &why);
    if (ok < 0)
        return PARLEY_ERR_NOMEM;
    if (!ok) {
        problem(r->d, true, r->file, r->line, "malformed pattern (%s), skipped: %s", why, orig);
        return PARLEY_OK;
    }
    rp.nel = d->nels - rp.el0;
    rp.p.text = pl_arena_strdup(d->arena, body);
    if (!rp.p.text)
        return PARLEY_ERR_NOMEM;
    rp.p.file = r->file;
    rp.p.line = r->line;
    rp.p.block = (uint32_t)r->cur_block;
    if (pl_grow((void **)&d->raw, &d->raw_cap, d->nraw + 1, sizeof *d->raw, MAX_ITEMS))
        return PARLEY_ERR_NOMEM;
    d->raw[d->nraw++] = rp;
    return PARLEY_OK;
}

static bool is_var(const char *t)
{
    return strlen(t) == 1 && (isalpha((unsigned char)*t) || *t == '.' || *t == '_');
}

static parley_status add_trans(reader *r, char *body, const char *orig)
{
    pl_verbdict *d = r->d;
    for (char *q = body; *q; q++)
        if (*q == '(' || *q == ')')
            *q = ' ';
    char *tok[12];
    size_t nt = 0;
    char *save = NULL;
    for (char *t = strtok_r(body, " \t", &save); t; t = strtok_r(NULL, " \t", &save)) {
        if (nt == 12)
            break;
        tok[nt++] = t;
    }
    /* a  a b INNER  OUTER = a b CODE */
    if (nt != 9 || strcmp(tok[5], "=") != 0 || !is_var(tok[0]) || !is_var(tok[1]) ||
        !is_var(tok[2]) || !is_var(tok[6]) || !is_var(tok[7]) || strlen(tok[8]) >= PL_CODE_MAX) {
        problem(r->d, true, r->file, r->line, "malformed transformation skipped: %s", orig);
        return PARLEY_OK;
    }
    if (pl_grow((void **)&d->trans, &d->trans_cap, d->ntrans + 1, sizeof *d->trans, MAX_ITEMS))
        return PARLEY_ERR_NOMEM;
    pl_vtrans *t = &d->trans[d->ntrans];
    memset(t, 0, sizeof *t);
    t->outer_src = tok[0][0];
    t->inner_src = tok[1][0];
    t->inner_tgt = tok[2][0];
    upcase(tok[3]);
    upcase(tok[4]);
    t->inner = pl_arena_strdup(d->arena, tok[3]);
    t->outer = pl_arena_strdup(d->arena, tok[4]);
    t->res_src = tok[6][0];
    t->res_tgt = tok[7][0];
    strcpy(t->code, tok[8]);
    upcase(t->code);
    t->text = pl_arena_strdup(d->arena, pl_trim((char *)orig));
    if (!t->inner || !t->outer || !t->text)
        return PARLEY_ERR_NOMEM;
    t->file = r->file;
    t->line = r->line;
    d->ntrans++;
    return PARLEY_OK;
}

/* Read one file's text (NUL-terminated, may be modified). */
static parley_status read_text(pl_verbdict *d, char *text, size_t len, const char *name)
{
    reader r = {d, pl_arena_strdup(d->arena, name), 0, -1, -1};
    if (!r.file)
        return PARLEY_ERR_NOMEM;
    bool in_xml_comment = false;
    char *p = text, *end = text + len;
    char orig[1024];
    while (p < end) {
        char *nl = memchr(p, '\n', (size_t)(end - p));
        char *line = p;
        if (nl)
            *nl = '\0';
        p = nl ? nl + 1 : end;
        r.line++;
        size_t ll = strlen(line);
        size_t raw_len = (size_t)((nl ? nl : end) - line);
        if (ll < raw_len) {
            /* NUL bytes would end the line early: drop them, as the other
             * dictionary readers drop control bytes */
            size_t o = 0;
            for (size_t i = 0; i < raw_len; i++)
                if (line[i])
                    line[o++] = line[i];
            line[o] = '\0';
            ll = o;
            problem(d, false, r.file, r.line, "%zu NUL byte%s removed", raw_len - o,
                    raw_len - o == 1 ? "" : "s");
        }
        if (ll && line[ll - 1] == '\r')
            line[--ll] = '\0';
        if (in_xml_comment) {
            if (strstr(line, "-->"))
                in_xml_comment = false;
            continue;
        }
        char *s = pl_trim(line);
        if (strncmp(s, "<!--", 4) == 0) {
            if (!strstr(s + 4, "-->"))
                in_xml_comment = true;
            continue;
        }
        snprintf(orig, sizeof orig, "%s", s);
        strip_comment(s);
        s = pl_trim(s);
        if (!*s)
            continue;
        parley_status st = PARLEY_OK;
        if (strncmp(s, "---", 3) == 0) {
            st = add_block(&r, s, orig);
        } else if (s[0] == '-') {
            st = add_pattern(&r, s + 1, orig);
        } else if (s[0] == '&') {
            char *sname = pl_trim(s + 1);
            size_t n = strlen(sname);
            while (n > 0 && sname[n - 1] == '_')
                sname[--n] = '\0';
            upcase(sname);
            if (!*sname || strchr(sname, ' ')) {
                problem(r.d, true, r.file, r.line, "malformed synset header skipped: %s", orig);
                r.cur_syn = -2; /* swallow its members */
                continue;
            }
            st = add_synset(&r, sname);
        } else if (s[0] == '~') {
            st = add_trans(&r, s + 1, orig);
        } else if (s[0] == '+' && r.cur_syn != -1) {
            if (r.cur_syn >= 0)
                st = add_member(&r, s + 1);
        } else if (s[0] == '<') {
            continue; /* other XML-ish markup */
        } else if (isalpha((unsigned char)s[0]) || s[0] == '+') {
            if (r.cur_syn != -1) {
                problem(r.d, true, r.file, r.line, "verb line inside a synset skipped: %s", orig);
            } else if (r.cur_block < 0) {
                problem(r.d, true, r.file, r.line, "verb line outside a verb block skipped: %s",
                        orig);
            } else {
                st = add_verb(&r, s);
            }
        } else {
            problem(r.d, true, r.file, r.line, "unrecognised line skipped: %s", orig);
        }
        if (st)
            return st;
    }
    return PARLEY_OK;
}

/* FNV-1a of a NUL-terminated verb word. */
static uint64_t word_hash(const char *s)
{
    uint64_t h = 1469598103934665603ULL;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        h ^= *p;
        h *= 1099511628211ULL;
    }
    return h;
}

/* The hash table over the sorted keys' distinct words (pl_verbs_lookup). */
static parley_status index_keys(pl_verbdict *d)
{
    if (d->nkeys == 0 || d->nkeys >= UINT32_MAX / 4)
        return PARLEY_OK;
    size_t ns = 64;
    while (ns < 2 * d->nkeys)
        ns *= 2;
    d->kslot = pl_calloc(ns, sizeof *d->kslot);
    d->krun = pl_calloc(d->nkeys, sizeof *d->krun);
    if (!d->kslot || !d->krun) {
        pl_free(d->kslot);
        pl_free(d->krun);
        d->kslot = d->krun = NULL;
        return PARLEY_ERR_NOMEM;
    }
    for (size_t lo = 0; lo < d->nkeys;) {
        size_t k = lo + 1;
        while (k < d->nkeys && strcmp(d->keys[k].word, d->keys[lo].word) == 0)
            k++;
        d->krun[lo] = (uint32_t)(k - lo);
        size_t i = (size_t)word_hash(d->keys[lo].word) & (ns - 1);
        while (d->kslot[i])
            i = (i + 1) & (ns - 1);
        d->kslot[i] = (uint32_t)lo + 1;
        lo = k;
    }
    d->nkslots = ns;
    return PARLEY_OK;
}

static int cmp_keys(const void *a, const void *b)
{
    const vkey *x = a, *y = b;
    int c = strcmp(x->word, y->word);
    if (c)
        return c;
    /* keep file order among verbs with the same word */
    return x->verb->block < y->verb->block ? -1 : x->verb->block > y->verb->block;
}

static long find_synset_raw(const pl_verbdict *d, const char *name)
{
    for (size_t i = d->nsyn; i-- > 0;) /* the last definition wins */
        if (strcmp(d->syn[i].name, name) == 0)
            return (long)i;
    return -1;
}

/* Expand nested synset members (+&OTHER) in place, depth-limited. */
static parley_status expand_synsets(pl_verbdict *d)
{
    for (int round = 0; round < 8; round++) {
        bool changed = false;
        for (size_t i = 0; i < d->nsyn; i++) {
            synset *s = &d->syn[i];
            for (size_t k = 0; k < s->n; k++) {
                if (s->members[k][0] != '&')
                    continue;
                long o = find_synset_raw(d, s->members[k] + 1);
                const char *ref = s->members[k];
                s->members[k] = s->members[--s->n];
                k--;
                changed = true;
                if (o < 0 || (size_t)o == i) {
                    problem(d, true, s->file, s->line,
                            "synset &%s names unknown synset %s, dropped", s->name, ref);
                    continue;
                }
                synset *src = &d->syn[o];
                for (size_t j = 0; j < src->n; j++) {
                    if (pl_grow((void **)&s->members, &s->cap, s->n + 1, sizeof *s->members,
                                MAX_ITEMS))
                        return PARLEY_ERR_NOMEM;
                    s = &d->syn[i];
                    s->members[s->n++] = d->syn[o].members[j];
                }
            }
        }
        if (!changed)
            break;
    }
    for (size_t i = 0; i < d->nsyn; i++) /* drop what is still unexpanded (cycles) */
        for (size_t k = 0; k < d->syn[i].n; k++)
            if (d->syn[i].members[k][0] == '&')
                d->syn[i].members[k--] = d->syn[i].members[--d->syn[i].n];
    return PARLEY_OK;
}

/* Resolve synset names, order patterns by block and build the lookup. */
static parley_status finish(pl_verbdict *d)
{
    parley_status st = expand_synsets(d);
    if (st)
        return st;
    for (size_t i = 0; i < d->nels; i++) {
        pl_vel *e = &d->els[i];
        if (e->kind == PL_VEL_SYNSET) {
            e->synset = (int32_t)find_synset_raw(d, e->word);
        }
    }
    d->pats = pl_arena_alloc(d->arena, sizeof *d->pats * (d->nraw + 1));
    if (!d->pats)
        return PARLEY_ERR_NOMEM;
    /* a pattern naming an unknown synset can never match: drop it */
    size_t keep = 0;
    for (size_t i = 0; i < d->nraw; i++) {
        raw_pattern *rp = &d->raw[i];
        bool bad = false;
        for (size_t k = 0; k < rp->nel && !bad; k++) {
            pl_vel *e = &d->els[rp->el0 + k];
            if (e->kind == PL_VEL_SYNSET && e->synset < 0) {
                problem(d, true, rp->p.file, rp->p.line,
                        "pattern names unknown synset &%s, skipped", e->word);
                bad = true;
            }
        }
        if (!bad)
            d->raw[keep++] = *rp;
    }
    d->nraw = keep;
    /* group patterns by block, keeping file order within a block */
    size_t *count = pl_calloc(d->nblocks + 1, sizeof *count);
    if (!count)
        return PARLEY_ERR_NOMEM;
    for (size_t i = 0; i < d->nraw; i++)
        count[d->raw[i].p.block]++;
    size_t at = 0;
    for (size_t b = 0; b < d->nblocks; b++) {
        d->blocks[b].pat0 = (uint32_t)at;
        d->blocks[b].npat = 0;
        at += count[b];
    }
    pl_free(count);
    for (size_t i = 0; i < d->nraw; i++) {
        raw_pattern *rp = &d->raw[i];
        pl_vblock *b = &d->blocks[rp->p.block];
        pl_vpattern *p = &d->pats[b->pat0 + b->npat++];
        *p = rp->p;
        size_t vi = 0;
        while (d->els[rp->el0 + vi].kind != PL_VEL_VERB)
            vi++;
        p->pre = &d->els[rp->el0];
        p->npre = (uint16_t)vi;
        p->post = &d->els[rp->el0 + vi + 1];
        p->npost = (uint16_t)(rp->nel - vi - 1);
        p->weight = (uint16_t)(rp->nel - 1);
        p->need[0] = p->need[1] = 0;
        for (size_t e = 0; e < rp->nel; e++) {
            const pl_vel *el = &d->els[rp->el0 + e];
            if ((el->kind != PL_VEL_WORD && el->kind != PL_VEL_PREP) || !el->word)
                continue;
            for (const char *w = el->word; *w;) { /* each word of "{A B}" */
                size_t n = strcspn(w, " ");
                if (n > 0) {
                    unsigned bit = pl_vword_bit(w, n);
                    p->need[bit >> 6] |= (uint64_t)1 << (bit & 63);
                }
                w += n;
                while (*w == ' ')
                    w++;
            }
        }
    }
    d->npats = d->nraw;
    if (d->nkeys)
        qsort(d->keys, d->nkeys, sizeof *d->keys, cmp_keys);
    d->keyverbs = pl_arena_alloc(d->arena, sizeof *d->keyverbs * (d->nkeys + 1));
    if (!d->keyverbs)
        return PARLEY_ERR_NOMEM;
    for (size_t i = 0; i < d->nkeys; i++)
        d->keyverbs[i] = d->keys[i].verb;
    return index_keys(d);
}

static pl_verbdict *dict_new(void)
{
    pl_verbdict *d = pl_calloc(1, sizeof *d);
    if (!d)
        return NULL;
    d->arena = pl_arena_new(64 * 1024);
    if (!d->arena) {
        pl_free(d);
        return NULL;
    }
    return d;
}

static parley_status finish_or_fail(pl_verbdict *d, const char *what, pl_verbdict **out)
{
    parley_status st = finish(d);
    if (st) {
        pl_verbs_free(d);
        return pl_error(st, "%s: out of memory while loading verbs", what);
    }
    if (d->nblocks == 0) {
        pl_verbs_free(d);
        return pl_error(PARLEY_ERR_DICT, "%s: no verb blocks ('--- VERB [code] ---') found", what);
    }
    *out = d;
    return PARLEY_OK;
}

parley_status pl_verbs_load_mem(const char *text, size_t len, const char *name, pl_verbdict **out)
{
    *out = NULL;
    if (!name)
        name = "(memory)";
    pl_verbdict *d = dict_new();
    if (!d)
        return pl_error(PARLEY_ERR_NOMEM, "%s: out of memory", name);
    char *copy = pl_malloc(len + 1);
    if (!copy) {
        pl_verbs_free(d);
        return pl_error(PARLEY_ERR_NOMEM, "%s: out of memory", name);
    }
    memcpy(copy, text, len);
    copy[len] = '\0';
    parley_status st = read_text(d, copy, len, name);
    pl_free(copy);
    if (st) {
        pl_verbs_free(d);
        return pl_error(st, "%s: out of memory while loading verbs", name);
    }
    return finish_or_fail(d, name, out);
}

static parley_status load_files(const char *const *paths, const char *const *names, size_t n,
                                pl_verbdict **out);

parley_status pl_verbs_load(const char *const *paths, size_t n, pl_verbdict **out)
{
    return load_files(paths, paths, n, out);
}

parley_status pl_verbs_load_as(const char *path, const char *name, pl_verbdict **out)
{
    return load_files(&path, &name, 1, out);
}

static parley_status load_files(const char *const *paths, const char *const *names, size_t n,
                                pl_verbdict **out)
{
    *out = NULL;
    if (!paths || n == 0)
        return pl_error(PARLEY_ERR_ARG, "pl_verbs_load: no files");
    pl_verbdict *d = dict_new();
    if (!d)
        return pl_error(PARLEY_ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < n; i++) {
        pl_buf b;
        pl_buf_init(&b, MAX_FILE_BYTES);
        parley_status st = pl_buf_read_file(&b, paths[i]);
        if (st) {
            pl_buf_release(&b);
            pl_verbs_free(d);
            return st;
        }
        st = read_text(d, b.data ? b.data : (char *)"", b.len, names[i] ? names[i] : paths[i]);
        pl_buf_release(&b);
        if (st) {
            pl_verbs_free(d);
            return pl_error(st, "%s: out of memory while loading verbs", paths[i]);
        }
    }
    return finish_or_fail(d, paths[0], out);
}

void pl_verbs_problems(const pl_verbdict *d, size_t *warnings, size_t *errors)
{
    *warnings = d ? d->nwarnings : 0;
    *errors = d ? d->nerrors : 0;
}

void pl_verbs_free(pl_verbdict *d)
{
    if (!d)
        return;
    for (size_t i = 0; i < d->nsyn; i++)
        pl_free(d->syn[i].members);
    pl_free(d->syn);
    pl_free(d->blocks);
    pl_free(d->raw);
    pl_free(d->els);
    pl_free(d->verbs);
    pl_free(d->keys);
    pl_free(d->kslot);
    pl_free(d->krun);
    pl_free(d->trans);
    pl_arena_free(d->arena);
    pl_free(d);
}

void pl_verbs_lookup(const pl_verbdict *d, const char *word, const pl_vverb *const **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    if (d->nkslots) {
        size_t mask = d->nkslots - 1;
        for (size_t i = (size_t)word_hash(word) & mask; d->kslot[i]; i = (i + 1) & mask) {
            size_t lo = d->kslot[i] - 1;
            if (strcmp(d->keys[lo].word, word) == 0) {
                *out = (const pl_vverb *const *)&d->keyverbs[lo];
                *n = d->krun[lo];
                return;
            }
        }
        return;
    }
    pl_verbs_lookup_sorted(d, word, out, n);
}

void pl_verbs_lookup_sorted(const pl_verbdict *d, const char *word, const pl_vverb *const **out,
                            size_t *n)
{
    *out = NULL;
    *n = 0;
    size_t lo = 0, hi = d->nkeys;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (strcmp(d->keys[mid].word, word) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    size_t k = lo;
    while (k < d->nkeys && strcmp(d->keys[k].word, word) == 0)
        k++;
    if (k > lo) {
        *out = (const pl_vverb *const *)&d->keyverbs[lo];
        *n = k - lo;
    }
}

size_t pl_verbs_block_count(const pl_verbdict *d)
{
    return d->nblocks;
}
const pl_vblock *pl_verbs_block(const pl_verbdict *d, size_t i)
{
    return i < d->nblocks ? &d->blocks[i] : NULL;
}
long pl_verbs_block_find(const pl_verbdict *d, const char *name)
{
    for (size_t i = 0; i < d->nblocks; i++)
        if (strcmp(d->blocks[i].name, name) == 0)
            return (long)i;
    return -1;
}
size_t pl_verbs_pattern_count(const pl_verbdict *d)
{
    return d->npats;
}
const pl_vpattern *pl_verbs_pattern(const pl_verbdict *d, size_t i)
{
    return i < d->npats ? &d->pats[i] : NULL;
}
size_t pl_verbs_verb_count(const pl_verbdict *d)
{
    return d->nverbs;
}
size_t pl_verbs_synset_count(const pl_verbdict *d)
{
    return d->nsyn;
}
const char *pl_verbs_synset_name(const pl_verbdict *d, size_t i)
{
    return i < d->nsyn ? d->syn[i].name : NULL;
}
void pl_verbs_synset_members(const pl_verbdict *d, size_t i, const char *const **out, size_t *n)
{
    if (i >= d->nsyn) {
        *out = NULL;
        *n = 0;
        return;
    }
    *out = (const char *const *)d->syn[i].members;
    *n = d->syn[i].n;
}
long pl_verbs_synset_find(const pl_verbdict *d, const char *name)
{
    return find_synset_raw(d, name);
}
size_t pl_verbs_trans_count(const pl_verbdict *d)
{
    return d->ntrans;
}
const pl_vtrans *pl_verbs_trans(const pl_verbdict *d, size_t i)
{
    return i < d->ntrans ? &d->trans[i] : NULL;
}
