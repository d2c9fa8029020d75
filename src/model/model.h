/*
 * model.h - internals of the model stage: the averaged perceptron (training
 * store and frozen read-only form), the tagger, lemmatizer and arc-hybrid
 * parser, and the binary model file. See docs/internals/model.md.
 */
#ifndef PL_MODEL_H
#define PL_MODEL_H

#include "core/core.h"

#include <stdbool.h>
#include <stdint.h>

/* ---------------------------------------------------------------------- */
/* Hashing: every feature is a nonzero 64-bit key. */
static inline uint64_t pl_hash_bytes(const void *p, size_t n, uint64_t seed)
{
    const unsigned char *s = p;
    uint64_t h = 0xcbf29ce484222325ULL ^ seed;
    for (size_t i = 0; i < n; i++) {
        h ^= s[i];
        h *= 0x100000001b3ULL;
    }
    return pl_mix64(h);
}
/* A feature key from a template number and up to three values. */
static inline uint64_t pl_feat(uint32_t tpl, uint64_t a, uint64_t b, uint64_t c)
{
    uint64_t h = pl_mix64(((uint64_t)tpl + 1) * 0x9E3779B97F4A7C15ULL ^ a);
    h = pl_mix64(h ^ (b + 0x632BE59BD9B4E019ULL));
    h = pl_mix64(h ^ (c + 0x85EBCA77C2B2AE63ULL));
    return h ? h : 1;
}

/* ---------------------------------------------------------------------- */
/* Averaged perceptron, training form: a hash table from feature key to a
 * contiguous run of (class, weight, running total, last update time)
 * records in one pool (a run that fills up moves to the end of the pool
 * with twice the room). Only features that were ever updated are stored.
 * Weights are integers (the updates are +-1); the running sum sits beside
 * each weight and is averaged once, when the store is frozen. */
typedef struct pl_ptrain_rec {
    uint16_t cls;
    uint16_t pad;
    int32_t w;      /* current weight */
    uint32_t ts;    /* time of the last change of w */
    uint32_t pad2;
    int64_t total;  /* sum of w over time up to ts */
} pl_ptrain_rec;

typedef struct pl_ptrain_slot {
    uint64_t key;   /* 0 = empty */
    uint32_t off;   /* first record in the pool */
    uint16_t n;     /* records */
    uint16_t room;  /* records that fit before the run must move */
    uint32_t seen;  /* times scored (saturating): the hot features go first */
    uint32_t pad;
} pl_ptrain_slot;

typedef struct pl_ptrain {
    pl_ptrain_slot *slots;
    size_t cap, n;        /* slots (power of two), used */
    pl_ptrain_rec *recs;
    size_t nrecs, recs_cap;
    uint32_t nclasses;
    uint32_t time;        /* training instances seen */
} pl_ptrain;

parley_status pl_ptrain_init(pl_ptrain *t, uint32_t nclasses);
void pl_ptrain_release(pl_ptrain *t);
/* scores[c] += weight of every feature for class c (scores not cleared);
 * counts the features' uses. */
void pl_ptrain_score(pl_ptrain *t, const uint64_t *f, size_t n, float *scores);
/* w[f][cls] += delta for every feature. */
parley_status pl_ptrain_update(pl_ptrain *t, const uint64_t *f, size_t n, uint32_t cls, int delta);
/* One training instance has passed (for the averaging). */
static inline void pl_ptrain_tick(pl_ptrain *t) { t->time++; }

/* Frozen form, as stored in the model file (mmap-able). The averaged
 * weights are scaled by one factor per table (32767 / the largest weight)
 * and rounded to int16; scores are summed as int32. A table is one header
 * slot, then two open-addressing hash tables of 16-byte slots with linear
 * probing: the *hot* table holds the features used most in training (at
 * most PL_HOT_MAX, half full: small enough to stay in the L2 cache), the
 * cold table all others (2/3 full); a lookup tries the hot table first.
 * A feature's home slot is (low 32 key bits * table size) >> 32. A slot
 * holds 29 bits of the key (bits 35-63) and in its low 3 bits what it
 * holds (0 with the rest 0 = empty):
 *   1..3  that many (class, weight) entries, inline in the slot, so a
 *         feature with few weights costs one cache line;
 *   4     ext.count >= 4 entries in the entry array from ext.start;
 *   5     a dense row: pl_score_room(nclasses) int16 weights in the entry
 *         array from ext.start (features with weights for many classes,
 *         added with vector instructions).
 * The entry array holds the hot table's runs first, then the cold one's. */
typedef struct pl_pent {
    uint16_t cls;
    int16_t w;
} pl_pent;
typedef struct pl_pslot {
    uint32_t fp;    /* key bits 35..63 << 3 | kind; 0 = empty */
    union {
        pl_pent in[3];
        struct {
            uint32_t start, count, zero;
        } ext;
    } u;
} pl_pslot;
/* The first slot of a stored table. */
typedef struct pl_phdr {
    uint32_t nhot;  /* hot-table slots (after the header) */
    uint32_t ncold; /* cold-table slots (after the hot ones) */
    uint32_t nclasses;
    float scale;    /* stored weight = round(averaged weight * scale) */
} pl_phdr;
#define PL_HOT_MAX 8192
enum { PL_SLOT_EMPTY = 0, PL_SLOT_EXT = 4, PL_SLOT_DENSE = 5, PL_SLOT_KIND = 7 };
typedef struct pl_pmodel {
    const pl_pslot *hot;   /* nhot slots */
    size_t nhot;
    const pl_pslot *slots; /* nslots cold slots */
    size_t nslots;
    const pl_pent *ents;
    size_t nents;
    uint32_t nclasses;
    float scale;
} pl_pmodel;
static inline uint32_t pl_fp(uint64_t key) { return (uint32_t)(key >> 32) & ~(uint32_t)PL_SLOT_KIND; }
static inline size_t pl_home(uint64_t key, size_t nslots)
{
    return (size_t)(((uint64_t)(uint32_t)key * nslots) >> 32);
}
/* Score arrays and dense rows are padded to whole groups of 8 classes, so
 * dense rows are added 8 (or 16) classes at a time. */
static inline size_t pl_score_room(size_t nclasses) { return (nclasses + 7) & ~(size_t)7; }
/* Entries taken by a dense row of n classes (2 weights per entry). */
static inline uint32_t pl_dense_ents(uint32_t n) { return (uint32_t)pl_score_room(n) / 2; }

/* Average, prune, quantize and compact a training store into malloc'd
 * arrays (caller frees slots and ents with pl_free): *slots is the header
 * slot and *nslots (hot + cold) slots. A feature whose averaged weights are all smaller
 * than prune in magnitude is dropped (most such features were updated once
 * or twice in all of training: rare, and slow to look up). */
parley_status pl_ptrain_freeze(const pl_ptrain *t, float prune, pl_pslot **slots,
                               size_t *nslots, pl_pent **ents, size_t *nents);
/* A table view of stored arrays (header slot first); NULL when sound, else
 * what is wrong (all of it is checked: see pl_pmodel_check). */
const char *pl_pmodel_view(pl_pmodel *m, const pl_pslot *slots, size_t nslots_with_hdr,
                           const pl_pent *ents, size_t nents, uint32_t nclasses);

/* A training store frozen in memory, with its table view: what the trainer
 * scores with between rounds and writes to the model file. */
typedef struct pl_pfrozen {
    pl_pslot *slots; /* header slot, then nslots slots */
    size_t nslots;
    pl_pent *ents;
    size_t nents;
    pl_pmodel pm;
} pl_pfrozen;
/* pl_ptrain_freeze t into f and view it (PARLEY_ERR_INTERNAL if the view
 * finds it unsound). Release f with pl_pfrozen_release, also on error. */
parley_status pl_pfrozen_make(const pl_ptrain *t, float prune, pl_pfrozen *f);
void pl_pfrozen_release(pl_pfrozen *f);
/* scores (pl_score_room(nclasses) int32) += the weights of the features. */
void pl_pmodel_score(const pl_pmodel *m, const uint64_t *f, size_t n, int32_t *scores);
/* The same in two steps: out[k] = the slot of feature f[k] or NULL (many
 * features at once, so their cache misses overlap), then scores += the
 * weights of n slots (NULLs skipped). Integer sums: any grouping gives the
 * same scores. */
void pl_pmodel_find(const pl_pmodel *m, const uint64_t *f, size_t n, const pl_pslot **out);
void pl_pmodel_add(const pl_pmodel *m, const pl_pslot *const *slots, size_t n, int32_t *scores);
/* Number of nonzero weights in a table. */
size_t pl_pmodel_nweights(const pl_pmodel *m);
/* Check a frozen table read from a file; NULL when sound, else what is wrong. */
const char *pl_pmodel_check(const pl_pmodel *m);

/* ---------------------------------------------------------------------- */
/* Sentence view shared by the tagger, lemmatizer and parser. */
#define PL_MAX_SENT 1024 /* longer sentences are cut into pieces of this size */

typedef struct pl_sent {
    size_t n;
    const char **form;  /* n forms */
    int *tag;           /* n joint tag indexes (input to the parser, output of the tagger) */
    int *head;          /* n heads, 1-based, 0 root */
    int *label;         /* n label indexes */
} pl_sent;

/* Tagger feature extraction: the words' lexical hashes are computed once
 * per sentence (pl_lex), then the features of word i given the previous
 * predicted tags. */
typedef struct pl_lex {
    uint64_t lower, shape, pre1, pre2, pre3, suf1, suf2, suf3, suf4, flags;
    uint64_t amb; /* ambiguity class (tags seen with the word in training), 0 unknown */
} pl_lex;
void pl_lex_word(const char *form, pl_lex *out); /* amb left 0 */
#define PL_TAG_MAXF 48
size_t pl_tagger_features(const pl_lex *lex, size_t n, size_t i, const int *tags, uint64_t *f);
/* Part of them: the same keys, split into those that depend on the words
 * only (scored for many words at once) and those on the previous tags. */
enum { PL_TAGF_STATIC = 1, PL_TAGF_DYNAMIC = 2 };
size_t pl_tagger_features_part(const pl_lex *lex, size_t n, size_t i, const int *tags,
                               uint64_t *f, unsigned want);

/* ---------------------------------------------------------------------- */
/* Arc-hybrid transition system. Words 1..n; the root is the last buffer
 * item (index n+1), which can never be shifted. Classes: 0 = SHIFT,
 * 1 + 2l = LEFT with label l (head = buffer front), 2 + 2l = RIGHT with
 * label l (head = s1). */
enum { PL_SHIFT = 0, PL_LEFT = 1, PL_RIGHT = 2 };
static inline int pl_act_kind(int cls) { return cls == 0 ? PL_SHIFT : (cls % 2 ? PL_LEFT : PL_RIGHT); }
static inline int pl_act_label(int cls) { return (cls - 1) / 2; }
static inline int pl_act(int kind, int label)
{
    return kind == PL_SHIFT ? 0 : (kind == PL_LEFT ? 1 + 2 * label : 2 + 2 * label);
}

typedef struct pl_state {
    size_t n;           /* words; root is n + 1 */
    int *stack;         /* word indexes */
    size_t sp;          /* stack size */
    size_t b;           /* buffer front (1..n+1) */
    int *head, *label;  /* 1..n+1 (heads: 0 = root, -1 none) */
    int *l1, *l2, *r1, *r2; /* leftmost/second-leftmost, rightmost/second-rightmost child, 0 none */
    int *nl, *nr;       /* number of left / right children */
    uint64_t *lset, *rset; /* label sets (bit label % 64) */
} pl_state;

/* Scratch big enough for sentences of up to maxn words (arrays are sized
 * maxn + 2). */
parley_status pl_state_alloc(pl_state *s, size_t maxn);
void pl_state_release(pl_state *s);
void pl_state_init(pl_state *s, size_t n);
bool pl_state_terminal(const pl_state *s);
/* Can action kind be applied (also enforces a single root: when the buffer
 * front is the root, only RIGHT while the stack holds more than one word). */
bool pl_state_can(const pl_state *s, int kind);
void pl_state_apply(pl_state *s, int cls, int root_label);
/* Dynamic-oracle cost of an action kind against gold heads (1..n, 0 root):
 * the number of gold arcs it makes unreachable. */
int pl_oracle_cost(const pl_state *s, int kind, const int *gold_head);

/* Parser features of a state: words as lower-case form hashes (word[i],
 * 1..n; word[n+1] the root), tags as indexes (tag[n+1] = ntags). */
#define PL_PARSE_MAXF 96
size_t pl_parser_features(const pl_state *s, const uint64_t *word, const int *tag,
                          uint64_t *f);

/* ---------------------------------------------------------------------- */
/* Lemma rules: a lemma is (optionally lower-cased) form minus `strip`
 * trailing bytes plus `append`. */
typedef struct pl_lrule {
    uint8_t lower;
    uint8_t strip;
    uint16_t pad;
    uint32_t append; /* string offset */
} pl_lrule;
/* The rule turning form into lemma; *append points into lemma. Returns
 * false when no rule fits (strip > 255). */
bool pl_lrule_learn(const char *form, const char *lemma, int *lower, size_t *strip,
                    const char **append);
/* Apply a rule; writes at most cap-1 bytes into out and NUL-terminates. */
void pl_lrule_apply(const char *form, int lower, size_t strip, const char *append, char *out,
                    size_t cap);

/* Lemma table slot (exact form+tag, or tag+suffix rule). */
typedef struct pl_lslot {
    uint64_t key;  /* 0 = empty */
    uint32_t val;  /* string offset (lemma table) or rule index (suffix table) */
    uint32_t aux;  /* unused / 0 */
} pl_lslot;
uint64_t pl_lemma_key(const char *form, size_t len, int tag);
uint64_t pl_suffix_key(const char *lower_form, size_t len, size_t k, int tag);
#define PL_LEMMA_MAXSUF 6

/* ---------------------------------------------------------------------- */
/* The loaded model. */
typedef struct pl_mtag {
    uint32_t upos; /* enum pl_upos */
    uint32_t xpos; /* string offset */
} pl_mtag;

struct parley_model {
    char *path;             /* file it came from */
    void *map;              /* anonymous memory holding the file, or NULL */
    void *owned;            /* or a malloc'd copy */
    const uint8_t *base;
    size_t size;
    uint32_t version;
    const char *strs;       /* string pool */
    size_t strs_len;
    const pl_mtag *tags;
    uint32_t ntags;
    const uint32_t *labels; /* string offsets */
    uint32_t nlabels;
    uint32_t root_label;
    pl_pmodel tagger, parser;
    const pl_lslot *lemmas;
    size_t nlemmas;
    const pl_lslot *sufs;
    size_t nsufs;
    const pl_lslot *tdict; /* tag dictionary: word -> ambiguity class */
    size_t ntdict;
    const pl_lrule *rules;
    size_t nrules;
    const char *params; /* training parameters as text (in strs) */
};

static inline const char *pl_model_str(const parley_model *m, uint32_t off) { return m->strs + off; }
/* Look up a lemma-table slot; NULL if absent. */
const pl_lslot *pl_lslot_find(const pl_lslot *t, size_t n, uint64_t key);
/* Set the ambiguity classes of n words from a tag dictionary (a pl_lslot
 * table from lower-case word hash to class). */
static inline void pl_lex_amb(pl_lex *lex, size_t n, const pl_lslot *dict, size_t ndict)
{
    for (size_t i = 0; i < n; i++) {
        const pl_lslot *e = pl_lslot_find(dict, ndict, lex[i].lower);
        lex[i].amb = e ? e->val : 0;
    }
}

/* Load from memory (copied); name is used in messages. */
parley_status pl_model_from_memory(const void *data, size_t size, const char *name,
                                   parley_model **out);

/* Tag, lemmatize and parse one sentence of words (n <= PL_MAX_SENT). */
struct parley_parser;
parley_status pl_parse_words(struct parley_parser *p, const char **forms, size_t n, int *tags,
                             int *heads, int *labels);

/* Run-time pieces shared with the trainer. */
void pl_tag_sentence(const pl_pmodel *tm, const pl_lex *lex, size_t n, int *tags, int32_t *scores);
int pl_best_valid(const pl_state *s, const int32_t *scores, uint32_t nlabels, uint32_t root_label);
void pl_parse_sentence(const pl_pmodel *pm, pl_state *st, size_t n, const uint64_t *word,
                       const int *tag, uint32_t nlabels, uint32_t root_label, int32_t *scores);
void pl_lemmatize(const parley_model *m, const char *form, int tag, char *out, size_t cap);

/* The words of every sentence r gives (see parley_doc_read_conllu). */
parley_status pl_doc_from_conllu(pl_conllu_reader *r, parley_doc **out);

/* Section tags. */
#define PL_MODEL_MAGIC "PARLEYM\x1a"
#define PL_MODEL_VERSION 2u
#define PL_MODEL_ALIGN 64u

#endif /* PL_MODEL_H */
