/*
 * match.c - the event coder proper: CAMEO verb patterns matched over a
 * dependency-parsed sentence.
 *
 * For each predicate (a VERB word) the verb dictionary gives the candidate
 * verbs by lemma (or form); multi-word verbs must find their particles next
 * to the verb. The verb's block patterns are then tried in surface order
 * over the verb's clause: words after the verb (its dependents' subtrees,
 * not other clauses) for the part after `*`, and the subject and words
 * before the verb for the part before `*`, with gaps allowed as in TABARI
 * and PETRARCH. The matching pattern with the most elements wins (the first
 * in the file on a tie); else the verb's or block's default code applies.
 *
 * Source: the pattern's `$`, else the subject (active) or the `by` agent
 * (passive); target: the pattern's `+`, else the object / first actor in a
 * prepositional dependent (active) or the subject (passive). Coordinated
 * actors give one event per (source, target) pair. See docs/internals/code.md.
 */
#include "code/code.h"

#include <ctype.h>
#include <math.h>
#include <string.h>

#define MAX_SENT_WORDS PARLEY_CODE_MAX_WORDS
#define MAX_GROUP      16
#define MAX_DEPTH      24

const char *pl_mode_name(int mode)
{
    switch (mode) {
    case PL_MODE_PLANNED: return "planned";
    case PL_MODE_INTENDED: return "intended";
    case PL_MODE_HYPOTHETICAL: return "hypothetical";
    case PL_MODE_NEGATED: return "negated";
    default: return "";
    }
}

void pl_events_release(pl_events *e)
{
    pl_free(e->ev);
    e->ev = NULL;
    e->n = e->cap = 0;
}

/* Everything about the sentence being coded. Indexes are 0-based within the
 * sentence unless named `dw` (doc word). */
typedef struct sctx {
    const pl_verbdict *vd;
    const pl_tables *tb;
    const parley_doc *doc;
    const pl_code_opts *opts;
    size_t sent;
    const pl_word *w; /* the sentence's words */
    uint32_t w0;      /* doc index of w[0] */
    int n;
    int parent[MAX_SENT_WORDS];
    int kid0[MAX_SENT_WORDS + 1]; /* children of i: kids[kid0[i] .. kid0[i+1]) */
    int kids[MAX_SENT_WORDS];
    int actor[MAX_SENT_WORDS]; /* actor index covering word i, -1 none */
    char *up_form[MAX_SENT_WORDS];
    char *up_lemma[MAX_SENT_WORDS];
    char upbuf[MAX_SENT_WORDS * 2 * 24];
    const pl_code_actor *actors;
    size_t nactors;
    uint64_t words[2]; /* pl_vword_bit of every word's form: a pattern
                          needing a word not here is not tried */
} sctx;

/* What coding one predicate found. */
typedef struct vres {
    int verb;                 /* sentence word */
    long block;               /* -1 none */
    const char *vword;        /* the dictionary verb word ("SAY") */
    char code[PL_CODE_MAX];   /* source -> target ("" = none) */
    char rcode[PL_CODE_MAX];  /* target -> source, from [X:Y] ("" = none) */
    const pl_vpattern *pat;   /* NULL = default code */
    int src[MAX_GROUP], nsrc; /* actor indexes */
    int tgt[MAX_GROUP], ntgt;
    uint8_t mode;
    bool done; /* absorbed by a transformation */
} vres;

/* The outcome of a pattern match: nodes the pattern marked. */
typedef struct mres {
    int src, tgt; /* sentence words, -1 unset */
    bool compound;
    bool compound_after; /* the % stood after the verb ("AGREE * WITH %") */
} mres;

static bool rel_is(const char *deprel, const char *base)
{
    if (!deprel)
        return false;
    size_t n = strlen(base);
    return strncmp(deprel, base, n) == 0 && (deprel[n] == '\0' || deprel[n] == ':');
}

static bool rel_eq(const char *deprel, const char *r)
{
    return deprel && strcmp(deprel, r) == 0;
}

static const char *lemma_of(const sctx *c, int i)
{
    const char *l = c->w[i].lemma;
    return l && strcmp(l, "_") != 0 ? l : c->w[i].norm ? c->w[i].norm : c->w[i].form;
}

static bool lemma_in(const sctx *c, int i, const char *const *list)
{
    const char *l = lemma_of(c, i);
    for (; *list; list++)
        if (strcasecmp(l, *list) == 0)
            return true;
    return false;
}

/* Upper-case copy into the scratch buffer. */
static char *upcopy(char **at, char *end, const char *s)
{
    char *out = *at;
    size_t i = 0;
    for (; s && s[i] && out + i + 1 < end && i < 23; i++)
        out[i] = (char)toupper((unsigned char)s[i]);
    out[i] = '\0';
    *at = out + i + 1;
    return out;
}

static parley_status prepare(sctx *c)
{
    const pl_sentence *s = &c->doc->sents[c->sent];
    c->w = &c->doc->words[s->word0];
    c->w0 = s->word0;
    c->n = (int)s->nwords;
    int cnt[MAX_SENT_WORDS + 1] = {0};
    for (int i = 0; i < c->n; i++) {
        int h = c->w[i].head;
        c->parent[i] = (h >= 1 && h <= c->n && h - 1 != i) ? h - 1 : -1;
        if (c->parent[i] >= 0)
            cnt[c->parent[i]]++;
    }
    /* a cycle in a bad parse would loop the walks below: cut it */
    for (int i = 0; i < c->n; i++) {
        int x = i, steps = 0;
        while (x >= 0 && steps <= c->n) {
            x = c->parent[x];
            steps++;
        }
        if (steps > c->n) {
            cnt[c->parent[i]]--;
            c->parent[i] = -1;
        }
    }
    c->kid0[0] = 0;
    for (int i = 0; i < c->n; i++)
        c->kid0[i + 1] = c->kid0[i] + cnt[i];
    int fill[MAX_SENT_WORDS];
    for (int i = 0; i < c->n; i++)
        fill[i] = c->kid0[i];
    for (int i = 0; i < c->n; i++) /* children in surface order */
        if (c->parent[i] >= 0)
            c->kids[fill[c->parent[i]]++] = i;
    char *at = c->upbuf, *end = c->upbuf + sizeof c->upbuf;
    for (int i = 0; i < c->n; i++) {
        c->actor[i] = -1;
        c->up_form[i] = upcopy(&at, end, c->w[i].norm ? c->w[i].norm : c->w[i].form);
        c->up_lemma[i] = upcopy(&at, end, lemma_of(c, i));
    }
    c->words[0] = c->words[1] = 0;
    for (int i = 0; i < c->n; i++) {
        unsigned bit = pl_vword_bit(c->up_form[i], strlen(c->up_form[i]));
        c->words[bit >> 6] |= (uint64_t)1 << (bit & 63);
    }
    for (size_t a = 0; a < c->nactors; a++) {
        const pl_code_actor *m = &c->actors[a];
        for (uint32_t dw = m->w0; dw < m->w1; dw++)
            if (dw >= c->w0 && dw < c->w0 + (uint32_t)c->n && c->actor[dw - c->w0] < 0)
                c->actor[dw - c->w0] = (int)a;
    }
    return PARLEY_OK;
}

#define FOR_KIDS(c, i, k)                                                                          \
    for (int k##_ = (c)->kid0[i], k; k##_ < (c)->kid0[(i) + 1] && ((k) = (c)->kids[k##_], 1);      \
         k##_++)

static int child_rel(const sctx *c, int i, const char *base)
{
    FOR_KIDS(c, i, k)
    {
        if (rel_is(c->w[k].deprel, base))
            return k;
    }
    return -1;
}

static int child_rel_exact(const sctx *c, int i, const char *r)
{
    FOR_KIDS(c, i, k)
    {
        if (rel_eq(c->w[k].deprel, r))
            return k;
    }
    return -1;
}

/* ---------------------------------------------------------------------- */
/* Actors */

/* Breadth-first search of node's modifiers for an actor; names first
 * (appos, flat, compound) when names_only, then every modifier. */
static int actor_bfs(const sctx *c, int node, bool names_only)
{
    int queue[MAX_SENT_WORDS], depth[MAX_SENT_WORDS], qh = 0, qt = 0;
    queue[qt] = node;
    depth[qt++] = 0;
    while (qh < qt) {
        int x = queue[qh], d = depth[qh++];
        if (c->actor[x] >= 0)
            return c->actor[x];
        if (d >= 3)
            continue;
        FOR_KIDS(c, x, k)
        {
            const char *r = c->w[k].deprel;
            bool name = rel_is(r, "compound") || rel_is(r, "appos") || rel_is(r, "flat");
            if ((name || (!names_only && (rel_is(r, "nmod") || rel_is(r, "amod")))) &&
                qt < MAX_SENT_WORDS) {
                queue[qt] = k;
                depth[qt++] = d + 1;
            }
        }
    }
    return -1;
}

/* The actor a nominal stands for: one covering it, else the nearest in its
 * modifiers, a name (appos, flat, compound) before an adjective or
 * prepositional modifier: "the top Chinese foreign policy leader, Wang Yi"
 * is Wang Yi (CHNGOV), not "Chinese" (CHN). */
static int actor_of(const sctx *c, int node)
{
    if (node < 0)
        return -1;
    if (c->actor[node] >= 0)
        return c->actor[node];
    int a = actor_bfs(c, node, true);
    return a >= 0 ? a : actor_bfs(c, node, false);
}

/* "called his Chinese counterpart Qin Gang" with "Qin Gang" parsed as a
 * sibling of "counterpart": a mention right after node's phrase (commas
 * skipped), hanging on the same head, that names the same country more
 * specifically stands in apposition to it. Returns its head word or node. */
static int apposed_name(const sctx *c, int node)
{
    int a = actor_of(c, node);
    if (node < 0 || a < 0 || strlen(c->actors[a].code) != 3)
        return node;
    int last = node;
    for (int i = node + 1; i < c->n; i++) { /* end of node's phrase */
        int x = i;
        while (x >= 0 && x != node)
            x = c->parent[x];
        if (x != node)
            break;
        last = i;
    }
    int p = last + 1;
    while (p < c->n && strcmp(c->up_form[p], ",") == 0)
        p++;
    if (p >= c->n || c->actor[p] < 0 || (p > 0 && c->actor[p - 1] == c->actor[p]))
        return node;
    const pl_code_actor *m = &c->actors[c->actor[p]];
    int h = (int)m->head - (int)c->w0;
    if (h < 0 || h >= c->n || (c->parent[h] != c->parent[node] && c->parent[h] != node))
        return node;
    if (strlen(m->code) <= 3 || strncmp(m->code, c->actors[a].code, 3) != 0)
        return node;
    return h;
}

static bool group_has(const int *out, int n, int a)
{
    for (int i = 0; i < n; i++)
        if (out[i] == a)
            return true;
    return false;
}

/* Add actor a and the actors sharing its exact span (a mention the
 * dictionary gave several codes, "FRO/BIL/SAM"). */
static int group_add(const sctx *c, int *out, int n, int a)
{
    if (a < 0)
        return n;
    const pl_code_actor *x = &c->actors[a];
    for (size_t k = 0; k < c->nactors && n < MAX_GROUP; k++) {
        const pl_code_actor *y = &c->actors[k];
        if ((int)k == a || (y->w0 == x->w0 && y->w1 == x->w1))
            if (!group_has(out, n, (int)k))
                out[n++] = (int)k;
    }
    return n;
}

static bool list_separator(const sctx *c, int i)
{
    const char *f = c->up_form[i];
    if (c->w[i].upos == PL_UPOS_ADJ || c->w[i].upos == PL_UPOS_DET) /* "and the evil Gondor" */
        return true;
    return strcmp(f, ",") == 0 || strcmp(f, "AND") == 0 || strcmp(f, "OR") == 0 ||
           strcmp(f, "NOR") == 0 || strcmp(f, "&") == 0 || strcmp(f, "THE") == 0 ||
           strcmp(f, "AS") == 0 || strcmp(f, "WELL") == 0;
}

/* The actors of a nominal and of the nominals coordinated with it: conj
 * children in the parse, and actors that follow it in a surface list
 * ("Mordor, Rohan, Fornost and Bree") when the parse missed them. */
static int group_of(const sctx *c, int node, int *out)
{
    int n = 0;
    if (node < 0)
        return 0;
    /* a later member of a coordination ("Gondor and Osgiliath" marked at
     * Osgiliath): start from the first */
    for (int guard = 0;
         guard < 8 && rel_is(c->w[node].deprel, "conj") && c->parent[node] >= 0 &&
         c->w[c->parent[node]].upos != PL_UPOS_VERB && actor_of(c, c->parent[node]) >= 0;
         guard++)
        node = c->parent[node];
    int stack[MAX_GROUP], sp = 0;
    stack[sp++] = node;
    while (sp > 0 && n < MAX_GROUP) {
        int x = stack[--sp];
        n = group_add(c, out, n, actor_of(c, x));
        FOR_KIDS(c, x, k)
        {
            if (rel_is(c->w[k].deprel, "conj") && sp < MAX_GROUP && c->w[k].upos != PL_UPOS_VERB &&
                actor_of(c, k) >= 0)
                stack[sp++] = k;
        }
    }
    /* surface list to the right of the last member */
    for (int guard = 0; n > 0 && n < MAX_GROUP && guard < MAX_GROUP; guard++) {
        int last = -1;
        for (int i = 0; i < n; i++)
            if (last < 0 || c->actors[out[i]].w1 > c->actors[last].w1)
                last = out[i];
        int p = (int)c->actors[last].w1 - (int)c->w0;
        bool sep = false;
        while (p >= 0 && p < c->n && list_separator(c, p)) {
            sep |= strcmp(c->up_form[p], ",") == 0 || c->w[p].upos == PL_UPOS_CCONJ;
            p++;
        }
        if (!sep || p < 0 || p >= c->n || c->actor[p] < 0 || group_has(out, n, c->actor[p]))
            break;
        int a = c->actor[p];
        int h = (int)c->actors[a].head - (int)c->w0;
        if (h >= 0 && h < c->n &&
            (rel_is(c->w[h].deprel, "nsubj") || rel_is(c->w[h].deprel, "obj")) &&
            c->parent[h] != c->parent[node])
            break; /* the subject or object of another clause */
        n = group_add(c, out, n, a);
    }
    /* surface list to the left of the first member, which the parse cut
     * off ("Evil Mordor, the awful Fornost, and good Gondor welcomed"): the
     * nearest separator run must hold a conjunction, later ones a comma;
     * a prepositional object ends it ("In Paris, France and Germany") */
    for (int guard = 0, step = 0; n > 0 && n < MAX_GROUP && guard < MAX_GROUP; guard++, step++) {
        int first = -1;
        for (int i = 0; i < n; i++)
            if (first < 0 || c->actors[out[i]].w0 < c->actors[first].w0)
                first = out[i];
        int p = (int)c->actors[first].w0 - (int)c->w0 - 1;
        bool conj = false, comma = false;
        while (p >= 0 && p < c->n && c->actor[p] < 0 && list_separator(c, p)) {
            conj |= c->w[p].upos == PL_UPOS_CCONJ;
            comma |= strcmp(c->up_form[p], ",") == 0;
            p--;
        }
        if (p < 0 || c->actor[p] < 0 || group_has(out, n, c->actor[p]) ||
            !(step == 0 ? conj : comma))
            break;
        int a = c->actor[p];
        int h = (int)c->actors[a].head - (int)c->w0;
        if (h < 0 || h >= c->n || child_rel(c, h, "case") >= 0 ||
            rel_eq(c->w[h].deprel, "nmod:poss"))
            break;
        n = group_add(c, out, n, a);
    }
    /* surface order */
    for (int i = 1; i < n; i++)
        for (int j = i; j > 0 && c->actors[out[j]].w0 < c->actors[out[j - 1]].w0; j--) {
            int t = out[j];
            out[j] = out[j - 1];
            out[j - 1] = t;
        }
    return n;
}

static bool is_passive(const sctx *c, int v)
{
    return child_rel_exact(c, v, "nsubj:pass") >= 0 || child_rel_exact(c, v, "aux:pass") >= 0 ||
           child_rel_exact(c, v, "obl:agent") >= 0;
}

static const char *const REL_PRONOUNS[] = {"which", "who", "that", "whom", NULL};

/* An open complement: xcomp, or an infinitive the parse attached as advcl
 * ("vowed on Thursday to wage war", "signed an accord to supply X"). */
static bool is_xcomp_like(const sctx *c, int k)
{
    const char *r = c->w[k].deprel;
    if (rel_is(r, "xcomp"))
        return true;
    if (!rel_eq(r, "advcl") || c->parent[k] < 0 || c->parent[k] > k)
        return false;
    int m = child_rel(c, k, "mark");
    return m >= 0 && m == k - 1 && strcmp(c->up_form[m], "TO") == 0;
}

/* The sentence's root when it is a nominal: the parse found no main verb
 * ("The United States on Thursday fired ..." with "fired" under "Thursday"). */
static int nominal_root(const sctx *c)
{
    for (int i = 0; i < c->n; i++)
        if (c->parent[i] < 0 && rel_eq(c->w[i].deprel, "root"))
            return (c->w[i].upos == PL_UPOS_NOUN || c->w[i].upos == PL_UPOS_PROPN) ? i : -1;
    return -1;
}

static bool is_relcl(const char *deprel)
{
    return rel_eq(deprel, "acl:relcl") || rel_eq(deprel, "advcl:relcl");
}

/* A relative pronoun the parse made a subject though the clause has another
 * subject after it ("which Beijing rejected"): it is the clause's object.
 * Returns that pronoun, or -1. */
static int rel_pronoun_object(const sctx *c, int v, int first_subj)
{
    if (first_subj < 0 || c->w[first_subj].upos != PL_UPOS_PRON ||
        !lemma_in(c, first_subj, REL_PRONOUNS))
        return -1;
    FOR_KIDS(c, v, k)
    {
        if (k != first_subj && k > first_subj && k < v && rel_is(c->w[k].deprel, "nsubj"))
            return first_subj;
    }
    return -1;
}

static bool is_predicate(const sctx *c, int v);

/* Is v the sentence's only predicate? A participle modifying a noun is one
 * only then ("Russian police arrested Russian students" parsed as one noun
 * phrase; not "shot down a suspected Chinese balloon"). */
static bool sole_predicate(const sctx *c, int v)
{
    for (int u = 0; u < c->n; u++)
        if (u != v && is_predicate(c, u))
            return false;
    return true;
}

/* The subject of predicate v, following control and coordination. */
static int subject_of(const sctx *c, int v, int depth)
{
    if (v < 0 || depth > 6)
        return -1;
    int s = child_rel(c, v, "nsubj");
    if (s >= 0) {
        /* a "subject" with a preposition is a misparsed adverbial
         * ("After disagreements between Washington and Beijing, Blinken is
         * traveling"): no subject, so the fallback finds the real one */
        int cs = child_rel(c, s, "case");
        if (cs >= 0 && c->w[cs].upos == PL_UPOS_ADP)
            return -1;
    }
    if (s >= 0 && rel_pronoun_object(c, v, s) >= 0) {
        /* "..., which Beijing rejected" parsed with two subjects: the
         * relative pronoun is the object, the other one the subject */
        FOR_KIDS(c, v, k)
        {
            if (k != s && rel_is(c->w[k].deprel, "nsubj"))
                return k;
        }
    }
    if (s >= 0) {
        if (c->w[s].upos == PL_UPOS_PRON && lemma_in(c, s, REL_PRONOUNS) &&
            rel_is(c->w[v].deprel, "acl") && c->parent[v] >= 0)
            return c->parent[v];
        return s;
    }
    const char *r = c->w[v].deprel;
    if (rel_is(r, "acl") && c->parent[v] >= 0 && rel_eq(r, "acl:relcl"))
        return c->parent[v];
    if (rel_is(r, "acl") && c->parent[v] >= 0 && c->parent[v] < v) {
        /* "China's backing for Russia's war" with "backing" as a verb on
         * "China": the possessor right before a gerund is its subject */
        int p = c->parent[v], cs = child_rel(c, p, "case");
        if (cs == v - 1 && (strcmp(c->up_form[cs], "'S") == 0 || strcmp(c->up_form[cs], "'") == 0))
            return p;
    }
    if ((rel_is(r, "acl") || rel_is(r, "conj") || (rel_is(r, "amod") && sole_predicate(c, v))) &&
        c->parent[v] >= 0) {
        /* a verb under a nominal root: that nominal is the subject the
         * parse missed ("The Philippines and France agree that ...") */
        int nr = nominal_root(c);
        if (nr >= 0 && nr < v && actor_of(c, nr) >= 0) {
            int x = v;
            for (int g = 0; g < 4 && x >= 0 && x != nr; g++)
                x = c->parent[x];
            if (x == nr)
                return nr;
        }
    }
    if ((rel_is(r, "xcomp") || rel_is(r, "conj") || rel_is(r, "advcl")) && c->parent[v] >= 0) {
        int p = c->parent[v];
        /* object control: "urged X to leave" */
        if (rel_is(r, "xcomp")) {
            int o = child_rel_exact(c, p, "obj");
            if (o >= 0 && o < v && actor_of(c, o) >= 0 &&
                !lemma_in(c, p, (const char *const[]){"promise", NULL}))
                return o;
        }
        return subject_of(c, p, depth + 1);
    }
    return -1;
}

/* ---------------------------------------------------------------------- */
/* Surface-order pattern matching */

/* Does pattern word pw match sentence word i? The form as written; with
 * plural set, also regular plurals (synset members, as PETRARCH expands them). */
static bool word_eq_p(const sctx *c, int i, const char *pw, bool plural)
{
    const char *f = c->up_form[i];
    if (strcmp(f, pw) == 0)
        return true;
    if (!plural)
        return false;
    size_t n = strlen(pw), fn = strlen(f);
    if (fn == n + 1 && f[n] == 'S' && strncmp(f, pw, n) == 0)
        return true;
    if (fn == n + 2 && strcmp(f + n, "ES") == 0 && strncmp(f, pw, n) == 0)
        return true;
    if (n > 1 && pw[n - 1] == 'Y' && fn == n + 2 && strncmp(f, pw, n - 1) == 0 &&
        strcmp(f + n - 1, "IES") == 0)
        return true;
    return false;
}

static bool word_eq(const sctx *c, int i, const char *pw)
{
    return word_eq_p(c, i, pw, true);
}

/* Match a phrase of space-separated words at sentence word i; returns how
 * many words it covers or 0. */
static int phrase_at(const sctx *c, int i, const char *phrase)
{
    int k = 0;
    const char *p = phrase;
    char wbuf[64];
    while (*p) {
        const char *sp = strchr(p, ' ');
        size_t len = sp ? (size_t)(sp - p) : strlen(p);
        if (len >= sizeof wbuf || i + k >= c->n)
            return 0;
        if (c->up_form[i + k][0] != p[0]) /* most synset members fail here */
            return 0;
        memcpy(wbuf, p, len);
        wbuf[len] = '\0';
        if (!word_eq(c, i + k, wbuf))
            return 0;
        k++;
        p += len;
        while (*p == ' ')
            p++;
    }
    return k;
}

static int count_words(const char *phrase)
{
    int n = 1;
    for (; *phrase; phrase++)
        n += *phrase == ' ';
    return n;
}

/* The subtree of `root` (sentence words), skipping children whose relation
 * starts another clause, in surface order; returns the count. */
static bool clause_boundary(const char *r)
{
    return rel_is(r, "nsubj") || rel_is(r, "csubj") || rel_is(r, "advcl") ||
           rel_is(r, "parataxis") || rel_is(r, "conj") || rel_is(r, "punct") || rel_is(r, "acl") ||
           rel_is(r, "expl") || rel_is(r, "dep");
}

static void collect(const sctx *c, int x, bool *in, bool top)
{
    in[x] = true;
    FOR_KIDS(c, x, k)
    {
        bool open_comp = is_xcomp_like(c, k);
        if (top && clause_boundary(c->w[k].deprel) && !open_comp)
            continue;
        if (!top && (rel_is(c->w[k].deprel, "ccomp") || rel_is(c->w[k].deprel, "parataxis") ||
                     (rel_is(c->w[k].deprel, "advcl") && !open_comp)))
            continue;
        collect(c, k, in, false);
    }
}

static void subtree(const sctx *c, int x, bool *in)
{
    in[x] = true;
    FOR_KIDS(c, x, k)
    {
        subtree(c, k, in);
    }
}

typedef struct mstate {
    const sctx *c;
    const int *seq; /* sentence words, in matching order */
    int nseq;
    bool rev;    /* matching leftwards (the part before the verb) */
    int budget;  /* backtracking steps left */
    bool anchor; /* the first element must match at seq[0] ("RECENTLY_*") */
} mstate;

static bool match_els(mstate *m, const pl_vel *els, int nel, int k, int pos, int prev, mres *r);

/* Try element els[k] consuming `len` sentence words starting at seq[pos]
 * (forward) or ending there (reverse) and go on. */
static bool go_on(mstate *m, const pl_vel *els, int nel, int k, int pos, int len, mres *r)
{
    int last = m->seq[pos + len - 1];
    return match_els(m, els, nel, k + 1, pos + len, last, r);
}

/* Words of the sequence from pos that the phrase occupies (consecutive). */
static int seq_phrase(const mstate *m, int pos, const char *phrase)
{
    const sctx *c = m->c;
    int len = count_words(phrase);
    if (pos + len > m->nseq)
        return 0;
    int first = m->rev ? m->seq[pos + len - 1] : m->seq[pos];
    for (int j = 1; j < len; j++) /* must be consecutive in the sentence */
        if (m->seq[pos + j] != m->seq[pos] + (m->rev ? -j : j))
            return 0;
    return phrase_at(c, first, phrase) == len ? len : 0;
}

/* How many sequence words element e (a WORD/SYNSET/PHRASE) covers at pos. */
static int el_at(const mstate *m, const pl_vel *e, int pos)
{
    const sctx *c = m->c;
    if (e->kind == PL_VEL_WORD) {
        if (strchr(e->word, ' '))
            return seq_phrase(m, pos, e->word);
        return word_eq_p(c, m->seq[pos], e->word, false) ? 1 : 0;
    }
    if (e->kind == PL_VEL_SYNSET) {
        const char *const *mem;
        size_t nm;
        pl_verbs_synset_members(c->vd, (size_t)e->synset, &mem, &nm);
        int best = 0;
        for (size_t i = 0; i < nm; i++) {
            int l = seq_phrase(m, pos, mem[i]);
            if (l > best)
                best = l;
        }
        return best;
    }
    return 0;
}

/* A preposition word at sentence word i? */
static bool is_prep(const sctx *c, int i, const char *word)
{
    const pl_word *w = &c->w[i];
    bool prepish = w->upos == PL_UPOS_ADP || w->upos == PL_UPOS_PART || w->upos == PL_UPOS_SCONJ ||
                   rel_is(w->deprel, "case") || rel_is(w->deprel, "mark") ||
                   rel_is(w->deprel, "compound");
    if (!prepish)
        return false;
    return !*word || strcmp(c->up_form[i], word) == 0;
}

/* Sequence words from pos that make one noun phrase (determiners,
 * adjectives, numbers, possessives, nouns) ending in a noun; 0 if none. */
static int np_length(const mstate *m, int pos)
{
    const sctx *c = m->c;
    int len = 0, last_noun = 0;
    for (int q = pos; q < m->nseq; q++) {
        if (q > pos && m->seq[q] != m->seq[q - 1] + (m->rev ? -1 : 1))
            break;
        const pl_word *w = &c->w[m->seq[q]];
        bool noun = w->upos == PL_UPOS_NOUN || w->upos == PL_UPOS_PROPN || w->upos == PL_UPOS_PRON;
        bool mod = w->upos == PL_UPOS_DET || w->upos == PL_UPOS_ADJ || w->upos == PL_UPOS_NUM ||
                   (w->upos == PL_UPOS_PART && rel_is(w->deprel, "case"));
        if (!noun && !mod)
            break;
        len++;
        if (noun)
            last_noun = len;
    }
    return m->rev ? (len > 0 ? 1 : 0) : last_noun;
}

static bool match_els(mstate *m, const pl_vel *els, int nel, int k, int pos, int prev, mres *r)
{
    if (--m->budget < 0)
        return false;
    if (k >= nel)
        return true;
    const sctx *c = m->c;
    const pl_vel *e = &els[k];
    int skip = (e->kind == PL_VEL_PREP || e->kind == PL_VEL_PHRASE) ? e->n : 0;
    for (int j = pos; j < m->nseq; j++) {
        if (m->anchor && k == 0 && j > 0)
            break;
        /* '_' glue: adjacent to the previous match (leftwards: the word
         * right before the previous match's leftmost word) */
        if (e->glued && prev >= 0 && m->seq[j] != (m->rev ? prev - 1 : prev + 1))
            break;
        mres save = *r;
        switch (e->kind) {
        case PL_VEL_WORD:
        case PL_VEL_SYNSET: {
            int l = el_at(m, e, j);
            if (l && go_on(m, els, nel, k, j, l, r))
                return true;
            break;
        }
        case PL_VEL_PHRASE: {
            /* children are words/synsets that must be consecutive */
            int at = j, ok = 1;
            const pl_vel *ch = e + 1;
            int nch = e->n;
            /* consecutive in the sequence's direction; leftwards the
             * children are met right to left */
            int step = m->rev ? -1 : 1;
            for (int t = 0; t < nch && ok; t++) {
                if (at >= m->nseq || (t > 0 && m->seq[at] != m->seq[at - 1] + step)) {
                    ok = 0;
                    break;
                }
                int l = el_at(m, &ch[m->rev ? nch - 1 - t : t], at);
                if (!l)
                    ok = 0;
                at += l;
            }
            if (ok && at > j && match_els(m, els + skip, nel - skip, k + 1, at, m->seq[at - 1], r))
                return true;
            break;
        }
        case PL_VEL_PREP: {
            int i = m->seq[j];
            if (!is_prep(c, i, e->word))
                break;
            if (e->n > 0) {
                /* the prepositional object: the word the preposition hangs on
                 * ("to the border": border), or for "to" + verb the verb */
                int h = c->parent[i];
                if (h < 0 || h < i)
                    h = -1;
                bool in[MAX_SENT_WORDS] = {0};
                if (h >= 0)
                    subtree(c, h, in);
                int sub[MAX_SENT_WORDS], ns = 0;
                for (int x = i + 1; x < c->n; x++)
                    if (in[x])
                        sub[ns++] = x;
                if (ns == 0)
                    break;
                mstate inner = {c, sub, ns, false, m->budget, false};
                bool ok = match_els(&inner, e + 1, e->n, 0, 0, i, r);
                m->budget = inner.budget;
                if (!ok) {
                    *r = save;
                    break;
                }
            }
            if (match_els(m, els + skip, nel - skip, k + 1, j + 1, m->seq[j], r))
                return true;
            break;
        }
        case PL_VEL_SOURCE:
        case PL_VEL_TARGET:
        case PL_VEL_COMPOUND: {
            int i = m->seq[j];
            int a = c->actor[i];
            if (a < 0)
                break;
            int node = (int)c->actors[a].head - (int)c->w0;
            if (node < 0 || node >= c->n)
                node = i;
            if (e->kind == PL_VEL_SOURCE)
                r->src = node;
            else if (e->kind == PL_VEL_TARGET)
                r->tgt = node;
            else {
                r->src = r->tgt = node;
                r->compound = true;
            }
            /* consume the rest of the mention */
            int l = 1;
            while (j + l < m->nseq && c->actor[m->seq[j + l]] == a)
                l++;
            if (go_on(m, els, nel, k, j, l, r))
                return true;
            break;
        }
        case PL_VEL_SKIP: {
            /* ^ skips a noun phrase, as in PETRARCH ("WARNED * AT ^ +": "at
             * [the Gondor] of the Prince"): the words up to its last noun */
            int len = np_length(m, j);
            if (go_on(m, els, nel, k, j, len > 0 ? len : 1, r))
                return true;
            break;
        }
        default: break;
        }
        *r = save;
        if (m->budget < 0)
            return false;
    }
    return false;
}

/* Reverse a pattern's pre part, keeping PREP/PHRASE groups intact (their
 * children stay in forward order after the group head). */
static int reverse_pre(const pl_vel *pre, int npre, pl_vel *out)
{
    int starts[MAX_SENT_WORDS], ns = 0;
    for (int i = 0; i < npre && ns < MAX_SENT_WORDS; i++) {
        starts[ns++] = i;
        if (pre[i].kind == PL_VEL_PREP || pre[i].kind == PL_VEL_PHRASE)
            i += pre[i].n;
    }
    int o = 0;
    for (int g = ns - 1; g >= 0; g--) {
        int s = starts[g];
        int len = (pre[s].kind == PL_VEL_PREP || pre[s].kind == PL_VEL_PHRASE) ? pre[s].n + 1 : 1;
        for (int q = 0; q < len && s + q < npre; q++)
            out[o++] = pre[s + q];
        /* leftwards, a group is glued to the one matched before it: the
         * group that follows it in the pattern, if that one was glued on */
        out[o - len].glued = g + 1 < ns ? pre[starts[g + 1]].glued : 0;
    }
    return o;
}

/* The verb phrase on the surface: the words after v up to the end of its
 * clause as punctuation, a subordinating word or another verb with its own
 * subject marks it. For parses that scattered the phrase. */
static int surface_vp(const sctx *c, int v, int *out)
{
    static const char *const STOP[] = {"after",    "before", "when",    "while", "because",
                                       "although", "though", "since",   "until", "which",
                                       "who",      "whom",   "whose",   "where", "that",
                                       "if",       "unless", "whether", NULL};
    int n = 0;
    for (int i = v + 1; i < c->n; i++) {
        const pl_word *w = &c->w[i];
        if (w->upos == PL_UPOS_PUNCT && !(w->xpos && strcmp(w->xpos, "HYPH") == 0))
            break; /* a dash ends it ("... misjudgments - it is ..."), "12-year" does not */
        if (w->upos == PL_UPOS_SCONJ || lemma_in(c, i, STOP))
            break;
        int subj = w->upos == PL_UPOS_VERB ? child_rel(c, i, "nsubj") : -1;
        if (subj > v) /* a new clause with its own subject */
            break;
        out[n++] = i;
    }
    return n;
}

/* Try pattern p on predicate v; fill r with marked nodes. */
static bool try_pattern(const sctx *c, const pl_vpattern *p, int v, const int *post, int npost,
                        const int *pre, int npre, mres *r)
{
    r->src = r->tgt = -1;
    r->compound = r->compound_after = false;
    if ((p->need[0] & ~c->words[0]) | (p->need[1] & ~c->words[1]))
        return false; /* a word it needs is nowhere in the sentence */
    if (p->npost) {
        if (p->post[0].glued && (npost == 0 || post[0] != v + 1))
            return false;
        mstate m = {c, post, npost, false, 2000, false};
        if (!match_els(&m, p->post, p->npost, 0, 0, v, r))
            return false;
        r->compound_after = r->compound;
    }
    if (p->npre) {
        pl_vel rev[MAX_SENT_WORDS];
        if (p->npre > MAX_SENT_WORDS)
            return false;
        int nrev = reverse_pre(p->pre, p->npre, rev);
        /* "RECENTLY_*": the word right before the verb */
        bool anchor = p->pre[p->npre].kind == PL_VEL_VERB && p->pre[p->npre].glued;
        if (anchor && (npre == 0 || pre[0] != v - 1))
            return false;
        mstate m = {c, pre, npre, true, 2000, anchor};
        if (!match_els(&m, rev, nrev, 0, 0, -1, r))
            return false;
    }
    return true;
}

/* ---------------------------------------------------------------------- */
/* Tense, modality, negation */

static const char *const NEG[] = {"not", "n't", "never", "no", NULL};
static const char *const HYPO[] = {"could", "might", "may", "would", "should", "can", "must", NULL};
static const char *const PLAN[] = {"will", "shall", "'ll", "wo", NULL};
static const char *const INTEND[] = {
    "want",   "intend",  "seek",  "hope",     "try",     "aim",  "attempt", "wish",   "vow",
    "pledge", "promise", "offer", "threaten", "propose", "plan", "prepare", "expect", "schedule",
    "decide", "agree",   "going", "go",       "set",     "be",   NULL};

static uint8_t own_mode(const sctx *c, int v)
{
    uint8_t mode = PL_MODE_ASSERTED;
    FOR_KIDS(c, v, k)
    {
        const char *r = c->w[k].deprel;
        if ((rel_is(r, "advmod") || rel_is(r, "neg") || rel_is(r, "det")) && lemma_in(c, k, NEG))
            return PL_MODE_NEGATED;
        if (rel_is(r, "aux") && lemma_in(c, k, HYPO))
            mode = PL_MODE_HYPOTHETICAL;
        else if (rel_is(r, "mark") &&
                 lemma_in(c, k, (const char *const[]){"if", "unless", "whether", NULL}))
            mode = PL_MODE_HYPOTHETICAL; /* a condition, not a report */
        else if (rel_is(r, "aux") && lemma_in(c, k, PLAN) && mode == PL_MODE_ASSERTED)
            mode = PL_MODE_PLANNED;
    }
    return mode;
}

static uint8_t mode_of(const sctx *c, int v)
{
    uint8_t mode = own_mode(c, v);
    int x = v, steps = 0;
    while (mode != PL_MODE_NEGATED && is_xcomp_like(c, x) && c->parent[x] >= 0 && steps++ < 6) {
        int p = c->parent[x];
        uint8_t pm = own_mode(c, p);
        if (pm == PL_MODE_NEGATED)
            return pm;
        if (mode == PL_MODE_ASSERTED) {
            if (lemma_in(c, p,
                         (const char *const[]){"plan", "schedule", "set", "prepare", "expect", "go",
                                               "due", NULL}))
                mode = PL_MODE_PLANNED;
            else if (lemma_in(c, p, INTEND))
                mode = PL_MODE_INTENDED;
            else if (pm != PL_MODE_ASSERTED)
                mode = pm;
        }
        x = p;
    }
    return mode;
}

/* ---------------------------------------------------------------------- */
/* One predicate */

/* Is the multi-word verb's particle / preceding words in place? */
static bool verb_fits(const sctx *c, int v, const pl_vverb *vv)
{
    for (int q = 0; q < vv->npost; q++) {
        bool ok = false;
        int at = v + 1 + q;
        if (at < c->n && strcmp(c->up_form[at], vv->post[q]) == 0)
            ok = true;
        if (!ok && q == 0) { /* "shot the balloon down": a particle child */
            FOR_KIDS(c, v, k)
            {
                if ((rel_is(c->w[k].deprel, "compound") || c->w[k].upos == PL_UPOS_ADP ||
                     c->w[k].upos == PL_UPOS_ADV) &&
                    k > v && strcmp(c->up_form[k], vv->post[0]) == 0)
                    ok = true;
            }
            if (!ok && vv->npost == 1) { /* "ask for X": the case of an object */
                FOR_KIDS(c, v, k)
                {
                    int cs = child_rel(c, k, "case");
                    if (k > v && cs >= 0 && strcmp(c->up_form[cs], vv->post[0]) == 0)
                        ok = true;
                }
            }
        }
        if (!ok)
            return false;
    }
    for (int q = 0; q < vv->npre; q++) {
        int at = v - vv->npre + q;
        if (at < 0 || strcmp(c->up_form[at], vv->pre[q]) != 0)
            return false;
    }
    return true;
}

/* Base forms a regular inflection may come from, when the lemmatizer got
 * the word wrong ("boycotted" -> "boycot"): BOYCOTTED -> BOYCOTT,
 * SCHEDULED -> SCHEDULE, STOPPED -> STOP, CARRIED -> CARRY, GOES -> GO. */
static int regular_bases(const char *form, char out[][32])
{
    size_t n = strlen(form);
    int k = 0;
    static const struct {
        const char *suf, *add;
        bool undouble;
    } rules[] = {{"IED", "Y", false}, {"IES", "Y", false}, {"ED", "", false},   {"ED", "", true},
                 {"D", "", false},    {"ING", "", false},  {"ING", "E", false}, {"ING", "", true},
                 {"ES", "", false},   {"S", "", false}};
    for (size_t r = 0; r < sizeof rules / sizeof *rules && k < 8; r++) {
        size_t sl = strlen(rules[r].suf);
        if (n <= sl + 2 || n - sl + strlen(rules[r].add) >= 32 ||
            strcmp(form + n - sl, rules[r].suf) != 0)
            continue;
        size_t stem = n - sl;
        if (rules[r].undouble) {
            if (stem < 3 || form[stem - 1] != form[stem - 2])
                continue;
            stem--;
        }
        snprintf(out[k++], 32, "%.*s%s", (int)stem, form, rules[r].add);
    }
    return k;
}

static const pl_vverb *find_verb(const sctx *c, int v)
{
    const pl_vverb *const *cand;
    size_t n;
    const pl_vverb *best = NULL;
    int best_len = -1;
    char bases[8][32];
    int nb = regular_bases(c->up_form[v], bases);
    for (int pass = 0; pass < 2 + nb && !best; pass++) {
        const char *key = pass == 0 ? c->up_form[v] : pass == 1 ? c->up_lemma[v] : bases[pass - 2];
        pl_verbs_lookup(c->vd, key, &cand, &n);
        for (size_t i = 0; i < n; i++) {
            int len = cand[i]->npre + cand[i]->npost;
            /* a verb defined again in a later block replaces the earlier
             * definition, as when PETRARCH reads the file */
            if (len >= best_len && verb_fits(c, v, cand[i])) {
                best = cand[i];
                best_len = len;
            }
        }
    }
    return best;
}

/* A dictionary verb's base form right after an auxiliary (adverbs and
 * negation between) that the tagger took for something else: "will
 * abandon" with "abandon" as ADV, "did not even ever clash" with "clash"
 * as ADV. */
static bool verb_after_aux(const sctx *c, int v)
{
    const pl_word *w = &c->w[v];
    if (w->upos != PL_UPOS_ADV && w->upos != PL_UPOS_ADJ && w->upos != PL_UPOS_NOUN)
        return false;
    int p = v - 1;
    while (p >= 0 && p >= v - 4 && (c->w[p].upos == PL_UPOS_ADV || c->w[p].upos == PL_UPOS_PART))
        p--;
    if (p < 0 || p < v - 4 ||
        !lemma_in(c, p,
                  (const char *const[]){"do", "will", "would", "shall", "should", "can", "could",
                                        "may", "might", "must", NULL}))
        return false;
    if (c->w[p].upos != PL_UPOS_AUX && !(c->w[p].xpos && strcmp(c->w[p].xpos, "MD") == 0) &&
        !rel_is(c->w[p].deprel, "goeswith"))
        return false;
    const pl_vverb *const *cand;
    size_t n;
    pl_verbs_lookup(c->vd, c->up_form[v], &cand, &n);
    for (size_t i = 0; i < n; i++)
        if (strcmp(cand[i]->verb, c->up_form[v]) == 0 && cand[i]->npost == 0)
            return true;
    return false;
}

/* A predicate: a verb, or (when the tagger went wrong) a clause head the
 * verb dictionary knows as a verb form ("shot" tagged NOUN at the root). */
static bool is_predicate(const sctx *c, int v)
{
    const pl_word *w = &c->w[v];
    if (w->upos == PL_UPOS_VERB)
        return true;
    if (verb_after_aux(c, v))
        return true;
    if (w->upos == PL_UPOS_AUX)
        return false;
    if (w->xpos && strncmp(w->xpos, "VB", 2) == 0)
        return true;
    if (w->upos != PL_UPOS_NOUN && w->upos != PL_UPOS_ADJ && w->upos != PL_UPOS_PROPN)
        return false;
    {
        /* an irregular verb form completed by its particle ("The US military
         * shot down ..." with "shot" tagged NOUN) is a verb whatever the tags */
        const pl_vverb *const *cand;
        size_t n;
        pl_verbs_lookup(c->vd, c->up_form[v], &cand, &n);
        for (size_t i = 0; i < n; i++)
            if (cand[i]->npost > 0 && strcmp(cand[i]->verb, c->up_form[v]) != 0 &&
                verb_fits(c, v, cand[i]))
                return true;
    }
    {
        /* a "noun" with an auxiliary of its own ("will not wire tap" with
         * "tap" tagged NOUN): the parser saw a predicate */
        int ax = child_rel(c, v, "aux");
        if (ax >= 0 && ax < v && c->w[ax].upos == PL_UPOS_AUX) {
            const pl_vverb *const *cand;
            size_t n;
            pl_verbs_lookup(c->vd, c->up_form[v], &cand, &n);
            if (n > 0)
                return true;
        }
    }
    if (child_rel(c, v, "det") >= 0 || child_rel(c, v, "case") >= 0 ||
        child_rel(c, v, "nmod:poss") >= 0)
        return false;
    bool clausal =
        c->parent[v] < 0 || child_rel(c, v, "nsubj") >= 0 || child_rel_exact(c, v, "obj") >= 0;
    if (!clausal)
        return false;
    const pl_vverb *const *cand;
    size_t n;
    pl_verbs_lookup(c->vd, c->up_form[v], &cand, &n);
    /* only inflected forms: "shot", "spoke", "accused" -- never a bare noun */
    size_t fl = strlen(c->up_form[v]);
    bool inflected = fl > 2 && (strcmp(c->up_form[v] + fl - 2, "ED") == 0);
    for (size_t i = 0; i < n && !inflected; i++)
        inflected = strcmp(cand[i]->verb, c->up_form[v]) != 0;
    return n > 0 && inflected;
}

/* When the parse gives no subject: the nearest actor before the verb that
 * is not the object of a preposition. */
static int fallback_subject(const sctx *c, int v)
{
    for (int i = v - 1; i >= 0; i--) {
        int a = c->actor[i];
        if (a < 0)
            continue;
        int node = (int)c->actors[a].head - (int)c->w0;
        if (node < 0 || node >= c->n)
            node = i;
        if (child_rel(c, node, "case") >= 0)
            continue;
        return node;
    }
    return -1;
}

/* Does the pattern's part before the verb name a negation? */
static bool pattern_negates(const sctx *c, const pl_vpattern *p)
{
    for (int i = 0; i < p->npre; i++) {
        const pl_vel *e = &p->pre[i];
        if (e->kind == PL_VEL_WORD &&
            (strstr(e->word, "NOT") || strstr(e->word, "N'T") || strcmp(e->word, "NEVER") == 0))
            return true;
        if (e->kind == PL_VEL_SYNSET) {
            const char *const *m;
            size_t n;
            pl_verbs_synset_members(c->vd, (size_t)e->synset, &m, &n);
            for (size_t k = 0; k < n; k++)
                if (strstr(m[k], "NOT") || strstr(m[k], "N'T") || strstr(m[k], "NEVER"))
                    return true;
        }
    }
    return false;
}

static void code_verb(const sctx *c, int v, vres *res)
{
    memset(res, 0, sizeof *res);
    res->verb = v;
    res->block = -1;
    const pl_vverb *vv = find_verb(c, v);
    if (!vv)
        return;
    res->block = vv->block;
    res->vword = vv->verb;
    const pl_vblock *b = pl_verbs_block(c->vd, vv->block);
    bool passive = is_passive(c, v);
    res->mode = mode_of(c, v);

    /* the clause after the verb and the words before it */
    bool in[MAX_SENT_WORDS] = {0};
    collect(c, v, in, true);
    int subj = subject_of(c, v, 0);
    const char *vrel = c->w[v].deprel;
    bool can_fallback = !vrel || rel_eq(vrel, "root") || rel_is(vrel, "conj") ||
                        rel_is(vrel, "ccomp") || rel_is(vrel, "parataxis") ||
                        rel_is(vrel, "advcl") || c->parent[v] < 0 || verb_after_aux(c, v);
    int parsed_subj = subj; /* the parse's subject, before any guess */
    if (can_fallback && (subj < 0 || actor_of(c, subj) < 0)) {
        int fb = fallback_subject(c, v);
        if (fb >= 0 && (subj < 0 || !passive))
            subj = fb;
    }
    /* a "subject" after an active verb while an actor modifies the verb
     * from before it: the parse took a noun phrase apart ("The US military
     * shot down a balloon" with "shot" as a noun): swap them */
    int inverted_obj = -1;
    if (!passive && subj > v) {
        int pre_actor = -1;
        FOR_KIDS(c, v, k)
        {
            const char *r = c->w[k].deprel;
            if (k < v && actor_of(c, k) >= 0 && child_rel(c, k, "case") < 0 &&
                (rel_is(r, "compound") || rel_is(r, "amod") || rel_is(r, "nmod") ||
                 rel_is(r, "obl") || rel_is(r, "dep")))
                pre_actor = k;
        }
        if (pre_actor >= 0) {
            inverted_obj = subj;
            subj = pre_actor;
        }
    }
    bool pin[MAX_SENT_WORDS] = {0};
    if (subj >= 0)
        subtree(c, subj, pin);
    int post[MAX_SENT_WORDS], npost = 0, pre[MAX_SENT_WORDS], npre = 0;
    for (int i = v + 1; i < c->n; i++)
        if (in[i])
            post[npost++] = i;
    /* before the verb: every word of the sentence, nearest first, as
     * PETRARCH's patterns read the words before the verb on the surface
     * ("INDICATED WOULD * NOW" for "Ethiopia indicated it would act now") */
    for (int i = v - 1; i >= 0; i--)
        pre[npre++] = i;
    (void)pin;

    const pl_vpattern *best = NULL;
    mres bestr = {-1, -1, false, false};
    /* a multi-word verb line with its own code (+CALL_OFF [160]) is not a
     * plain member of the block: the block's patterns were written for its
     * other verbs; a one-word verb with a code (DECLINE [120]) only has its
     * own default ("STOCKS * [---] # DECLINE" is one of the block's) */
    bool own_line = vv->code[0] && (vv->npre + vv->npost) > 0;
    uint32_t npat = own_line ? 0 : b->npat;
    for (uint32_t pi = 0; pi < npat; pi++) {
        const pl_vpattern *p = pl_verbs_pattern(c->vd, b->pat0 + pi);
        if (best && p->weight <= best->weight)
            continue;
        mres r;
        if (try_pattern(c, p, v, post, npost, pre, npre, &r)) {
            best = p;
            bestr = r;
        }
    }
    /* second chance on the surface, when the parse scattered the verb
     * phrase ("launched a new bombing and shelling offensive against X"
     * with "shelling" as a second verb) */
    int surf[MAX_SENT_WORDS];
    int nsurf = surface_vp(c, v, surf);
    bool surface_differs = nsurf != npost || memcmp(surf, post, sizeof *post * (size_t)npost) != 0;
    for (uint32_t pi = 0; !best && surface_differs && pi < npat; pi++) {
        const pl_vpattern *p = pl_verbs_pattern(c->vd, b->pat0 + pi);
        mres r;
        if (p->npost > 0 && try_pattern(c, p, v, surf, nsurf, pre, npre, &r)) {
            for (uint32_t pj = pi + 1; pj < npat; pj++) { /* the heaviest that fits */
                const pl_vpattern *q = pl_verbs_pattern(c->vd, b->pat0 + pj);
                mres rq;
                if (q->npost > 0 && q->weight > p->weight &&
                    try_pattern(c, q, v, surf, nsurf, pre, npre, &rq)) {
                    p = q;
                    r = rq;
                }
            }
            best = p;
            bestr = r;
        }
    }
    /* [X:Y]: X for source -> target, Y for the target's side of it
     * (042 visit / 043 host a visit); [:Y] only the latter */
    const char *code, *rcode;
    if (best) {
        code = best->code;
        rcode = best->has_passive ? best->pcode : "";
        res->pat = best;
        /* a pattern that spells out the negation ("WILL NOT *") codes it */
        if (res->mode == PL_MODE_NEGATED && pattern_negates(c, best))
            res->mode = PL_MODE_ASSERTED;
    } else if (vv->code[0] || vv->pcode[0]) {
        code = vv->code;
        rcode = vv->pcode;
    } else {
        code = b->code;
        rcode = b->pcode;
    }
    snprintf(res->code, sizeof res->code, "%s", code);
    snprintf(res->rcode, sizeof res->rcode, "%s", rcode);
    if (!res->code[0] && !res->rcode[0])
        return;

    /* source and target */
    int src_node, tgt_node;
    if (passive) {
        int agent = child_rel_exact(c, v, "obl:agent");
        if (agent < 0) { /* "was opposed earlier by X" with the agent on "earlier" */
            FOR_KIDS(c, v, k)
            {
                if (agent >= 0 || !rel_is(c->w[k].deprel, "advmod"))
                    continue;
                FOR_KIDS(c, k, g)
                {
                    int cs = child_rel(c, g, "case");
                    if (agent < 0 && (rel_eq(c->w[g].deprel, "obl:agent") ||
                                      (cs >= 0 && strcmp(c->up_form[cs], "BY") == 0)))
                        agent = g;
                }
            }
        }
        if (agent < 0) {
            FOR_KIDS(c, v, k)
            {
                int cs = child_rel(c, k, "case");
                if (agent < 0 && rel_is(c->w[k].deprel, "obl") && cs >= 0 &&
                    strcmp(c->up_form[cs], "BY") == 0)
                    agent = k;
            }
        }
        src_node = agent;
        tgt_node = subj;
    } else {
        src_node = subj;
        tgt_node = child_rel_exact(c, v, "obj");
        if (tgt_node < 0)
            tgt_node = rel_pronoun_object(c, v, child_rel(c, v, "nsubj"));
        if ((tgt_node < 0 || actor_of(c, tgt_node) < 0) &&
            (rel_is(c->w[v].deprel, "amod") || rel_is(c->w[v].deprel, "acl")) && c->parent[v] > v &&
            nominal_root(c) >= 0 && c->w[v].upos == PL_UPOS_VERB && sole_predicate(c, v)) {
            /* "Russian police arrested Russian students" parsed as a noun
             * phrase, "arrested" modifying "students": that is its object */
            tgt_node = c->parent[v];
        }
        if ((tgt_node < 0 || actor_of(c, tgt_node) < 0) && inverted_obj >= 0)
            tgt_node = inverted_obj;
        if (tgt_node >= 0 && c->w[tgt_node].upos == PL_UPOS_PRON &&
            lemma_in(c, tgt_node, REL_PRONOUNS) && is_relcl(c->w[v].deprel) && c->parent[v] >= 0) {
            /* "..., which Beijing rejected": the antecedent, or the one who
             * said or did it ("accused China of X, which Beijing rejected") */
            int ante = c->parent[v];
            tgt_node = ante;
            int src_a = actor_of(c, subj);
            for (int x = ante, steps = 0; x >= 0 && steps < 8 && actor_of(c, tgt_node) < 0;
                 x = c->parent[x], steps++) {
                if (c->w[x].upos != PL_UPOS_VERB)
                    continue;
                int sx = subject_of(c, x, 0);
                int a = actor_of(c, sx);
                if (a >= 0 &&
                    (src_a < 0 || strncmp(c->actors[a].code, c->actors[src_a].code, 3) != 0))
                    tgt_node = sx;
            }
        }
        if (tgt_node < 0 || actor_of(c, tgt_node) < 0) {
            int io = child_rel_exact(c, v, "iobj");
            if (io >= 0 && actor_of(c, io) >= 0)
                tgt_node = io;
        }
        if (tgt_node < 0 || actor_of(c, tgt_node) < 0) {
            /* the first prepositional dependent (or its object's) that is an actor */
            int found = -1;
            FOR_KIDS(c, v, k)
            {
                if (found < 0 && k > v &&
                    (rel_is(c->w[k].deprel, "obl") || rel_is(c->w[k].deprel, "nmod")) &&
                    !rel_is(c->w[k].deprel, "obl:tmod") && actor_of(c, k) >= 0)
                    found = k;
            }
            if (found < 0 && tgt_node >= 0) {
                FOR_KIDS(c, tgt_node, k)
                {
                    if (found < 0 && rel_is(c->w[k].deprel, "nmod") && actor_of(c, k) >= 0)
                        found = k;
                }
            }
            if (found >= 0)
                tgt_node = found;
        }
    }
    if (!passive && (tgt_node < 0 || actor_of(c, tgt_node) < 0)) {
        /* "Arnor believes Dagolath can cope": the complement's subject */
        FOR_KIDS(c, v, k)
        {
            /* only a complement after the verb: in "X did Y, an official
             * said" the clause is what was said, not said to anyone */
            if (rel_is(c->w[k].deprel, "ccomp") && k > v &&
                (tgt_node < 0 || actor_of(c, tgt_node) < 0)) {
                int cs = child_rel(c, k, "nsubj");
                if (cs >= 0 && actor_of(c, cs) >= 0)
                    tgt_node = cs;
            }
        }
    }
    for (int pass = 0; pass < 2 && !passive && (tgt_node < 0 || actor_of(c, tgt_node) < 0);
         pass++) {
        /* the first actor of the clause, else of the surface verb phrase */
        const int *seq = pass == 0 ? post : surf;
        int nseq = pass == 0 ? npost : nsurf;
        for (int q = 0; q < nseq; q++)
            if (c->actor[seq[q]] >= 0) {
                int a = c->actor[seq[q]];
                int node = (int)c->actors[a].head - (int)c->w0;
                tgt_node = node >= 0 && node < c->n ? node : seq[q];
                break;
            }
    }
    if (bestr.compound && bestr.compound_after) {
        /* "Eriador agrees with % ...": the subject acts on each member */
        tgt_node = bestr.tgt;
        bestr.compound = false;
    } else {
        if (bestr.src >= 0)
            src_node = bestr.src;
        if (bestr.tgt >= 0)
            tgt_node = bestr.tgt;
    }
    src_node = apposed_name(c, src_node);
    tgt_node = apposed_name(c, tgt_node);
    if (bestr.compound) {
        /* % : the compound's members act on each other */
        res->nsrc = group_of(c, bestr.src, res->src);
        res->ntgt = group_of(c, bestr.src, res->tgt);
        return;
    }
    res->nsrc = group_of(c, src_node, res->src);
    if (src_node >= 0 && c->parent[src_node] == v && rel_is(c->w[src_node].deprel, "nsubj")) {
        /* several subjects hanging on one verb: a coordination the parse
         * did not build ("Fornost and the evil awful Gondor welcomed") */
        FOR_KIDS(c, v, k)
        {
            /* a conjunction or comma between them, and no verb (", a senior
             * official said" is a clause of its own) */
            bool coordinated = false, verb_between = false;
            for (int q = (k < src_node ? k : src_node) + 1; q < (k < src_node ? src_node : k);
                 q++) {
                coordinated |= c->w[q].upos == PL_UPOS_CCONJ || strcmp(c->up_form[q], ",") == 0;
                verb_between |= c->w[q].upos == PL_UPOS_VERB;
            }
            coordinated &= !verb_between;
            if (k != src_node && rel_is(c->w[k].deprel, "nsubj") && k < v && coordinated) {
                int more[MAX_GROUP];
                int nm = group_of(c, k, more);
                for (int q = 0; q < nm && res->nsrc < MAX_GROUP; q++)
                    if (!group_has(res->src, res->nsrc, more[q]))
                        res->src[res->nsrc++] = more[q];
            }
        }
    }
    res->ntgt = group_of(c, tgt_node, res->tgt);
    if (res->nsrc > 0 && res->ntgt > 0 && src_node != tgt_node) {
        /* the two groups overlap when the parse coordinated the object with
         * the subject ("police arrested students" as "police ... students"):
         * the source keeps its own actor, the target the rest */
        int own = actor_of(c, src_node);
        int ns = 0, nt = 0;
        for (int i = 0; i < res->nsrc; i++)
            if (res->src[i] == own || !group_has(res->tgt, res->ntgt, res->src[i]))
                res->src[ns++] = res->src[i];
        for (int i = 0; i < res->ntgt; i++)
            if (res->tgt[i] != own || ns == 0)
                res->tgt[nt++] = res->tgt[i];
        if (ns > 0 && nt > 0) {
            res->nsrc = ns;
            res->ntgt = nt;
        } else {
            res->nsrc = group_of(c, src_node, res->src); /* nothing left: as found */
        }
    }
    bool own_subject = src_node >= 0 && !passive && src_node == parsed_subj;
    if (res->ntgt == 0 && res->nsrc >= 2 && own_subject) {
        /* "Gondor and Osgiliath renewed ties": the members act on each other */
        memcpy(res->tgt, res->src, sizeof res->src);
        res->ntgt = res->nsrc;
    }
}

static bool nominal_target_prep(const char *p)
{
    return strcmp(p, "AGAINST") == 0 || strcmp(p, "ON") == 0 || strcmp(p, "TO") == 0 ||
           strcmp(p, "WITH") == 0 || strcmp(p, "TOWARD") == 0 || strcmp(p, "TOWARDS") == 0;
}

/* A nominal event: "threats from Beijing against Taiwan", "China's attack
 * on X". The noun's lemma (or lemma + EN: threat -> threaten) must be a
 * dictionary verb; the source is a possessor or a from/by phrase, the
 * target an against/on/to/with/toward phrase; both are required. The
 * verb's or block's default code applies (patterns describe clauses). */
static void code_nominal(const sctx *c, int v, vres *res)
{
    memset(res, 0, sizeof *res);
    res->verb = v;
    res->block = -1;
    if (c->w[v].upos != PL_UPOS_NOUN)
        return;
    const pl_vverb *vv = NULL;
    char key[48];
    for (int pass = 0; pass < 2 && !vv; pass++) {
        snprintf(key, sizeof key, "%s%s", c->up_lemma[v], pass ? "EN" : "");
        const pl_vverb *const *cand;
        size_t n;
        pl_verbs_lookup(c->vd, key, &cand, &n);
        for (size_t i = 0; i < n && !vv; i++)
            if (cand[i]->npre == 0 && cand[i]->npost == 0 && strcmp(cand[i]->verb, key) == 0)
                vv = cand[i];
    }
    if (!vv)
        return;
    int poss = -1, from = -1, tgt = -1;
    FOR_KIDS(c, v, k)
    {
        const char *r = c->w[k].deprel;
        if (!rel_is(r, "nmod") || actor_of(c, k) < 0)
            continue;
        int cs = child_rel(c, k, "case");
        const char *prep = cs >= 0 ? c->up_form[cs] : "";
        if (rel_eq(r, "nmod:poss")) {
            if (poss < 0)
                poss = k;
        } else if (strcmp(prep, "FROM") == 0 || strcmp(prep, "BY") == 0) {
            if (from < 0)
                from = k;
        } else if (tgt < 0 && k > v && nominal_target_prep(prep)) {
            tgt = k;
        }
    }
    /* "threats from Beijing against Taiwan": the from-phrase is the more
     * specific source, and the target may hang on it */
    int src = from >= 0 ? from : poss;
    int holders[2] = {from, poss};
    for (int h = 0; h < 2 && tgt < 0; h++) {
        if (holders[h] < 0)
            continue;
        FOR_KIDS(c, holders[h], k)
        {
            int cs = child_rel(c, k, "case");
            if (tgt < 0 && rel_is(c->w[k].deprel, "nmod") && cs >= 0 && actor_of(c, k) >= 0 &&
                nominal_target_prep(c->up_form[cs]) && strcmp(c->up_form[cs], "WITH") != 0 &&
                strcmp(c->up_form[cs], "TO") != 0)
                tgt = k;
        }
    }
    if (src < 0 || tgt < 0)
        return;
    const pl_vblock *b = pl_verbs_block(c->vd, vv->block);
    const char *code = vv->code[0] || vv->pcode[0] ? vv->code : b->code;
    const char *rcode = vv->code[0] || vv->pcode[0] ? vv->pcode : b->pcode;
    if (!code[0] && !rcode[0])
        return;
    res->block = vv->block;
    res->vword = vv->verb;
    snprintf(res->code, sizeof res->code, "%s", code);
    snprintf(res->rcode, sizeof res->rcode, "%s", rcode);
    res->mode = own_mode(c, v) == PL_MODE_NEGATED ? PL_MODE_NEGATED : PL_MODE_ASSERTED;
    res->nsrc = group_of(c, src, res->src);
    res->ntgt = group_of(c, tgt, res->tgt);
}

/* ---------------------------------------------------------------------- */
/* Transformations: "a said a attacked b" and the like */

static bool same_actors(const sctx *c, const vres *a, const int *x, int nx)
{
    if (a->nsrc == 0 || nx == 0)
        return false;
    return strcmp(c->actors[a->src[0]].code, c->actors[x[0]].code) == 0;
}

static bool inner_class(const sctx *c, const char *cls, const vres *in)
{
    if (strcmp(cls, "Q") == 0)
        return true;
    const pl_vblock *b = in->block >= 0 ? pl_verbs_block(c->vd, (size_t)in->block) : NULL;
    if ((b && strcmp(b->name, cls) == 0) || (in->vword && strcmp(in->vword, cls) == 0))
        return true;
    if (strcmp(cls, "ATTACK") == 0)
        return strncmp(in->code, "18", 2) == 0 || strncmp(in->code, "19", 2) == 0 ||
               strncmp(in->code, "20", 2) == 0;
    if (strcmp(cls, "ASSASSINATE") == 0)
        return strcmp(in->code, "186") == 0;
    return false;
}

static void transform(const sctx *c, vres *res, int nres)
{
    size_t nt = pl_verbs_trans_count(c->vd);
    if (!nt)
        return;
    for (int o = 0; o < nres; o++) {
        vres *out = &res[o];
        if (!out->vword || out->done)
            continue;
        const pl_vblock *ob = out->block >= 0 ? pl_verbs_block(c->vd, (size_t)out->block) : NULL;
        for (int i = 0; i < nres; i++) {
            vres *in = &res[i];
            if (i == o || in->done || !in->code[0] || c->parent[in->verb] != out->verb ||
                !(rel_is(c->w[in->verb].deprel, "ccomp") || is_xcomp_like(c, in->verb)))
                continue;
            for (size_t t = 0; t < nt; t++) {
                const pl_vtrans *tr = pl_verbs_trans(c->vd, t);
                if ((!ob || strcmp(tr->outer, ob->name) != 0) &&
                    strcmp(tr->outer, out->vword) != 0 &&
                    strcmp(tr->outer, c->up_lemma[out->verb]) != 0)
                    continue;
                if (!inner_class(c, tr->inner, in))
                    continue;
                if (out->nsrc == 0)
                    continue;
                bool same = same_actors(c, out, in->src, in->nsrc);
                if (tr->inner_src == tr->outer_src && !same)
                    continue;
                if (tr->inner_src == '_' && in->nsrc != 0 && !same)
                    continue;
                if (tr->inner_src != tr->outer_src && tr->inner_src != '_' &&
                    tr->inner_src != '.' && same)
                    continue;
                /* result: res_src/res_tgt name a (outer source) or the inner
                 * event's target (its b) or source */
                int ns = 0, nt2 = 0, s[MAX_GROUP], g[MAX_GROUP];
                const int *src = tr->res_src == tr->outer_src ? out->src : in->src;
                int nsrc = tr->res_src == tr->outer_src ? out->nsrc : in->nsrc;
                bool tgt_is_inner_src =
                    tr->res_tgt == tr->inner_src && tr->inner_src != tr->outer_src;
                const int *tgt = tgt_is_inner_src ? in->src : in->tgt;
                int ntgt = tgt_is_inner_src ? in->nsrc : in->ntgt;
                for (int q = 0; q < nsrc; q++)
                    s[ns++] = src[q];
                for (int q = 0; q < ntgt; q++)
                    g[nt2++] = tgt[q];
                if (strcmp(tr->code, "Q") != 0)
                    snprintf(in->code, sizeof in->code, "%s", tr->code);
                memcpy(in->src, s, sizeof s);
                in->nsrc = ns;
                memcpy(in->tgt, g, sizeof g);
                in->ntgt = nt2;
                in->mode = out->mode; /* "wanted to attack" is a threat made now */
                out->done = true;     /* the outer verb is absorbed */
                break;
            }
        }
    }
}

/* An adverbial clause's event with one side missing ("..., almost five
 * years after crowds burned down its embassy") under a verb that has an
 * event of its own adds nothing: the clause is background to that event,
 * as PETRARCH codes the higher verb phrase only. Events with both sides
 * stay ("attacked X after X shelled Y"). */
static void drop_one_sided_subclauses(const sctx *c, vres *res, int nres)
{
    for (int i = 0; i < nres; i++) {
        vres *in = &res[i];
        const char *r = c->w[in->verb].deprel;
        /* statements and appeals (CAMEO 01, 02: "..., an official said")
         * report; they are not background */
        bool statement = strncmp(in->code, "01", 2) == 0 || strncmp(in->code, "02", 2) == 0;
        if (in->done || statement || (in->nsrc > 0 && in->ntgt > 0) ||
            !(rel_is(r, "advcl") || rel_is(r, "parataxis")) || is_xcomp_like(c, in->verb))
            continue;
        int p = c->parent[in->verb];
        for (int o = 0; o < nres && p >= 0; o++) {
            const vres *out = &res[o];
            /* the governing verb, or the complement of a non-verbal head
             * ("Arnor is about to restore ...") */
            bool governs =
                out->verb == p || (c->parent[out->verb] == p && c->w[p].upos != PL_UPOS_VERB &&
                                   is_xcomp_like(c, out->verb));
            if (o != i && !out->done && governs && out->nsrc > 0 && out->ntgt > 0 &&
                (out->code[0] || out->rcode[0]) && out->mode != PL_MODE_NEGATED) {
                in->done = true;
                break;
            }
        }
    }
}

/* ---------------------------------------------------------------------- */

/* Append the events code (for each source/target pair) to out. */
static parley_status emit_dir(const sctx *c, const vres *r, const char *code, const int *S, int nS,
                              const int *T, int nT, pl_events *out)
{
    if (!code[0])
        return PARLEY_OK;
    int ns = nS ? nS : 1, nt = nT ? nT : 1;
    for (int i = 0; i < ns; i++) {
        for (int j = 0; j < nt; j++) {
            const pl_code_actor *s = nS ? &c->actors[S[i]] : NULL;
            const pl_code_actor *t = nT ? &c->actors[T[j]] : NULL;
            if (c->opts->require_dyad && (!s || !t))
                continue;
            if (!s && !t)
                continue;
            /* no event of an actor on itself, nor of a country on its own
             * government (CHN / CHNGOV: a capital standing for its country) */
            if (s && t &&
                (s == t || strcmp(s->code, t->code) == 0 ||
                 (strlen(s->code) == 3 && strncmp(s->code, t->code, 3) == 0) ||
                 (strlen(t->code) == 3 && strncmp(s->code, t->code, 3) == 0)))
                continue;
            /* one event per (source, target, code) in a sentence */
            bool dup = false;
            for (size_t k = out->n; k-- > 0 && out->ev[k].sent == c->sent;) {
                const pl_event *e = &out->ev[k];
                if (strcmp(e->cameo, code) == 0 && strcmp(e->src.code, s ? s->code : "") == 0 &&
                    strcmp(e->tgt.code, t ? t->code : "") == 0)
                    dup = true;
            }
            if (dup)
                continue;
            if (pl_grow((void **)&out->ev, &out->cap, out->n + 1, sizeof *out->ev, 1u << 24))
                return pl_error(PARLEY_ERR_NOMEM, "out of memory coding events");
            pl_event *e = &out->ev[out->n++];
            memset(e, 0, sizeof *e);
            e->sent = (uint32_t)c->sent;
            pl_event_actor *sides[2] = {&e->src, &e->tgt};
            const pl_code_actor *acts[2] = {s, t};
            for (int q = 0; q < 2; q++) {
                if (acts[q]) {
                    sides[q]->code = acts[q]->code;
                    sides[q]->start = acts[q]->start;
                    sides[q]->end = acts[q]->end;
                    sides[q]->match = acts[q]->match;
                } else {
                    sides[q]->code = "";
                }
                sides[q]->text = NULL; /* taken from the span when attached */
            }
            snprintf(e->cameo, sizeof e->cameo, "%s", code);
            pl_tables_get(c->tb, e->cameo, &e->info);
            e->mode = r->mode;
            const pl_word *vw = &c->w[r->verb];
            e->trig_start = vw->start;
            e->trig_end = vw->end;
            e->trig_text = NULL;
            e->pat_text = r->pat ? r->pat->text : "";
            e->pat_file = r->pat ? r->pat->file : "";
            e->pat_line = r->pat ? r->pat->line : 0;
            if (!r->pat && r->block >= 0) {
                const pl_vblock *b = pl_verbs_block(c->vd, (size_t)r->block);
                e->pat_file = b->file;
                e->pat_line = b->line;
            }
        }
    }
    return PARLEY_OK;
}

static parley_status emit(const sctx *c, const vres *r, pl_events *out)
{
    if (r->done)
        return PARLEY_OK;
    if (r->mode == PL_MODE_NEGATED && !c->opts->keep_negated)
        return PARLEY_OK;
    if (r->mode == PL_MODE_HYPOTHETICAL && !c->opts->keep_hypothetical)
        return PARLEY_OK;
    parley_status st = emit_dir(c, r, r->code, r->src, r->nsrc, r->tgt, r->ntgt, out);
    if (!st)
        st = emit_dir(c, r, r->rcode, r->tgt, r->ntgt, r->src, r->nsrc, out);
    return st;
}

parley_status pl_code_sentence(const pl_verbdict *vd, const pl_tables *tb, const parley_doc *doc,
                               size_t sent, const pl_code_actor *actors, size_t nactors,
                               const pl_code_opts *opts, pl_events *out)
{
    if (!vd || !doc || sent >= doc->nsents || !out)
        return pl_error(PARLEY_ERR_ARG, "pl_code_sentence: bad arguments");
    const pl_sentence *s = &doc->sents[sent];
    if (s->nwords == 0 || s->nwords > MAX_SENT_WORDS || nactors == 0)
        return PARLEY_OK; /* nothing to code (very long sentences are not coded) */
    static const pl_code_opts defaults = {.require_dyad = true, .context = true, .coref = true};
    sctx *c = pl_malloc(sizeof *c);
    vres *res = pl_malloc(sizeof *res * s->nwords);
    if (!c || !res) {
        pl_free(c);
        pl_free(res);
        return pl_error(PARLEY_ERR_NOMEM, "out of memory coding a sentence");
    }
    c->vd = vd;
    c->tb = tb;
    c->doc = doc;
    c->opts = opts ? opts : &defaults;
    c->sent = sent;
    c->actors = actors;
    c->nactors = nactors;
    parley_status st = prepare(c);
    int nres = 0;
    for (int v = 0; st == PARLEY_OK && v < c->n; v++) {
        if (!is_predicate(c, v)) {
            code_nominal(c, v, &res[nres]);
            if (res[nres].block >= 0)
                nres++;
            continue;
        }
        code_verb(c, v, &res[nres]);
        if (res[nres].block >= 0) {
            nres++;
        } else {
            /* not a dictionary verb, but the outer verb of a transformation
             * ("wanted to attack"): keep its subject for transform() */
            for (size_t t = 0; t < pl_verbs_trans_count(vd); t++) {
                const pl_vtrans *tr = pl_verbs_trans(vd, t);
                if (strcmp(tr->outer, c->up_lemma[v]) != 0)
                    continue;
                vres *r = &res[nres];
                r->vword = tr->outer;
                r->nsrc = group_of(c, subject_of(c, v, 0), r->src);
                r->mode = mode_of(c, v);
                nres++;
                break;
            }
        }
    }
    if (st == PARLEY_OK) {
        transform(c, res, nres);
        drop_one_sided_subclauses(c, res, nres);
    }
    for (int i = 0; st == PARLEY_OK && i < nres; i++)
        st = emit(c, &res[i], out);
    pl_free(res);
    pl_free(c);
    return st;
}

/* ---------------------------------------------------------------------- */

parley_status pl_code_attach(parley_doc *doc, const pl_events *ev)
{
    doc->events = NULL;
    doc->nevents = 0;
    if (!ev || ev->n == 0)
        return PARLEY_OK;
    pl_event *a = pl_arena_alloc(doc->arena, sizeof *a * ev->n);
    if (!a)
        return pl_error(PARLEY_ERR_NOMEM, "out of memory storing events");
    for (size_t i = 0; i < ev->n; i++) {
        pl_event e = ev->ev[i];
        pl_event_actor *sides[2] = {&e.src, &e.tgt};
        for (int q = 0; q < 2; q++) {
            pl_event_actor *s = sides[q];
            s->code = pl_arena_strdup(doc->arena, s->code ? s->code : "");
            s->text = s->end > s->start && s->end <= doc->text_len
                          ? pl_arena_strndup(doc->arena, doc->text + s->start, s->end - s->start)
                          : pl_arena_strdup(doc->arena, "");
            if (!s->code || !s->text)
                return pl_error(PARLEY_ERR_NOMEM, "out of memory storing events");
        }
        e.trig_text =
            e.trig_end > e.trig_start && e.trig_end <= doc->text_len
                ? pl_arena_strndup(doc->arena, doc->text + e.trig_start, e.trig_end - e.trig_start)
                : pl_arena_strdup(doc->arena, "");
        e.pat_text = pl_arena_strdup(doc->arena, e.pat_text ? e.pat_text : "");
        e.pat_file = pl_arena_strdup(doc->arena, e.pat_file ? e.pat_file : "");
        e.info.name = pl_arena_strdup(doc->arena, e.info.name);
        e.info.plover = pl_arena_strdup(doc->arena, e.info.plover);
        e.info.plover_mode = pl_arena_strdup(doc->arena, e.info.plover_mode);
        if (!e.trig_text || !e.pat_text || !e.pat_file || !e.info.name || !e.info.plover ||
            !e.info.plover_mode)
            return pl_error(PARLEY_ERR_NOMEM, "out of memory storing events");
        a[i] = e;
    }
    doc->events = a;
    doc->nevents = ev->n;
    return PARLEY_OK;
}
