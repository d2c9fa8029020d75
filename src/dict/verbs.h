/*
 * verbs.h - the CAMEO verb pattern dictionary (PETRARCH2 format: synsets,
 * verb blocks, patterns, transformations), read from text files such as
 * data/petrarch2/CAMEO.2.0.txt. Internal to the library.
 *
 * A loaded pl_verbdict is immutable and can be shared between threads.
 * Every string it hands out lives in its own arena and is valid until
 * pl_verbs_free().
 */
#ifndef PL_DICT_VERBS_H
#define PL_DICT_VERBS_H

#include "core/core.h"

/* One element of a pattern. Patterns are stored flattened: a PREP or a
 * PHRASE element is followed by its `n` descendant elements. */
enum pl_vel_kind {
    PL_VEL_WORD = 1, /* a literal word (upper case) */
    PL_VEL_SYNSET,   /* &NAME: any member of synset `synset` */
    PL_VEL_VERB,     /* `*`: the verb itself */
    PL_VEL_SOURCE,   /* `$`: the source actor */
    PL_VEL_TARGET,   /* `+`: the target actor */
    PL_VEL_COMPOUND, /* `%`: a compound actor, both source and target */
    PL_VEL_SKIP,     /* `^`: skip one noun phrase */
    PL_VEL_PREP,     /* `(PREP ...)`: a prepositional phrase headed by `word` */
    PL_VEL_PHRASE    /* `{A B}`: a multi-word noun phrase */
};

typedef struct pl_vel {
    uint8_t kind;     /* enum pl_vel_kind */
    uint8_t glued;    /* joined to the previous element with '_' (must be adjacent) */
    uint16_t n;       /* PREP/PHRASE: number of descendant elements that follow */
    const char *word; /* WORD: the word; PREP: the preposition ("" for a bare "()") */
    int32_t synset;   /* SYNSET: index into the synsets */
} pl_vel;

/* CAMEO codes are strings ("0311" and "311" differ); "" = none. */
#define PL_CODE_MAX 8

typedef struct pl_vpattern {
    const pl_vel *pre;  /* elements before `*`, in text order */
    const pl_vel *post; /* elements after `*`, in text order */
    uint16_t npre, npost;
    uint16_t weight;         /* specificity: how many elements must match */
    char code[PL_CODE_MAX];  /* active-voice code ("" = use the block's) */
    char pcode[PL_CODE_MAX]; /* passive-voice code ("" = same as code) */
    uint8_t has_passive;     /* written as [X:Y] or [:Y] */
    const char *text;        /* the pattern as written, without comment and code */
    const char *file;        /* file name as given to pl_verbs_load */
    uint32_t line;           /* 1-based line in file */
    uint32_t block;          /* index of its verb block */
    uint64_t need[2];        /* pl_vword_bit of every word the pattern requires
                                (words, prepositions; not synsets): a sentence
                                lacking one of them cannot match */
} pl_vpattern;

/* The bit (0..127) of an upper-case word in pl_vpattern.need and in a
 * sentence's word mask. */
static inline unsigned pl_vword_bit(const char *w, size_t n)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)w[i]) * 16777619u;
    return (h ^ (h >> 15)) & 127u;
}

/* A verb block: `--- NAME [code] ---`, its verbs and patterns. */
typedef struct pl_vblock {
    const char *name;        /* the header verb, e.g. "AGREE" */
    char code[PL_CODE_MAX];  /* default code, "" for [---] */
    char pcode[PL_CODE_MAX]; /* passive default from [X:Y], "" = same as code */
    uint32_t pat0, npat;     /* its patterns: pl_verbs_pattern(d, pat0 .. pat0+npat-1) */
    const char *file;
    uint32_t line;
} pl_vblock;

/* A verb of a block: a single word or a multi-word verb with words before
 * (KLM_NOP_+RST) or after (+ASK_FOR) the verb word. */
typedef struct pl_vverb {
    const char *verb;        /* the verb word, upper case: "ASK" */
    const char *const *pre;  /* words that must precede it, in order */
    const char *const *post; /* words that must follow it (particles), in order */
    uint16_t npre, npost;
    char code[PL_CODE_MAX];  /* the verb's own code, "" = the block's */
    char pcode[PL_CODE_MAX]; /* its passive code from [X:Y], "" = same as code */
    uint32_t block;
    const char *file;
    uint32_t line;
} pl_vverb;

/* A transformation `~ a (b c INNER) OUTER = x y CODE`: a verb OUTER with
 * source a whose complement is the event (b c INNER) becomes x -> y CODE.
 * Variables are single letters; '.' = any actor, '_' = no actor. CODE may
 * be "Q" (keep the inner code). INNER "Q" matches any inner verb. */
typedef struct pl_vtrans {
    char outer_src, inner_src, inner_tgt, res_src, res_tgt;
    const char *inner; /* inner verb class: a block name, or "Q" */
    const char *outer; /* outer verb block name */
    char code[PL_CODE_MAX];
    const char *text;
    const char *file;
    uint32_t line;
} pl_vtrans;

typedef struct pl_verbdict pl_verbdict;

/* Load one or more verb dictionary files (paths[0..n)) into a new
 * dictionary. Malformed lines are reported with pl_warn (file:line) and
 * skipped. Fails only if a file cannot be read (PARLEY_ERR_IO), on OOM, or
 * if no verb block at all was found (PARLEY_ERR_DICT). */
parley_status pl_verbs_load(const char *const *paths, size_t n, pl_verbdict **out);
/* Load one file, naming it `name` in patterns and messages (e.g. a path
 * relative to the data directory, so output does not depend on where
 * parley is installed). */
parley_status pl_verbs_load_as(const char *path, const char *name, pl_verbdict **out);
/* Load from a memory buffer (tests, fuzzing). name is used in messages. */
parley_status pl_verbs_load_mem(const char *text, size_t len, const char *name, pl_verbdict **out);
void pl_verbs_free(pl_verbdict *d);
/* Problems the load reported (each through pl_warn as FILE:LINE: warning:
 * or error:): lines repaired, entries dropped. */
void pl_verbs_problems(const pl_verbdict *d, size_t *warnings, size_t *errors);

/* The verbs whose verb word is `word` (upper case; a lemma or an irregular
 * form listed in the dictionary). *out points at an array of pointers valid
 * until pl_verbs_free; *n = 0 if none. Multi-word verbs are included: the
 * caller checks their pre/post words against the sentence. */
void pl_verbs_lookup(const pl_verbdict *d, const char *word, const pl_vverb *const **out,
                     size_t *n);

/* The same answer as pl_verbs_lookup (which hashes the word) by binary
 * search over the sorted verb words; for tests. */
void pl_verbs_lookup_sorted(const pl_verbdict *d, const char *word, const pl_vverb *const **out,
                            size_t *n);

size_t pl_verbs_block_count(const pl_verbdict *d);
const pl_vblock *pl_verbs_block(const pl_verbdict *d, size_t i);
/* Block index by its header name (upper case), or -1. */
long pl_verbs_block_find(const pl_verbdict *d, const char *name);
size_t pl_verbs_pattern_count(const pl_verbdict *d);
const pl_vpattern *pl_verbs_pattern(const pl_verbdict *d, size_t i);
size_t pl_verbs_verb_count(const pl_verbdict *d);
size_t pl_verbs_synset_count(const pl_verbdict *d);
/* Synset name (without '&'), and its members: each member is a phrase of
 * one or more upper-case words separated by single spaces. Nested synsets
 * (+&OTHER) are expanded at load time. */
const char *pl_verbs_synset_name(const pl_verbdict *d, size_t i);
void pl_verbs_synset_members(const pl_verbdict *d, size_t i, const char *const **out, size_t *n);
/* Synset index by name (without '&'), or -1. */
long pl_verbs_synset_find(const pl_verbdict *d, const char *name);
size_t pl_verbs_trans_count(const pl_verbdict *d);
const pl_vtrans *pl_verbs_trans(const pl_verbdict *d, size_t i);

#endif /* PL_DICT_VERBS_H */
