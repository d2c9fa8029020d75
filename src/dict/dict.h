/*
 * dict.h - library-internal interface of the dictionary stage: actor,
 * agent, discard and issue dictionaries in the PETRARCH formats, the
 * compiled word-sequence matcher, and actor resolution for a date.
 *
 * Layout of a loaded parley_dict (immutable after load):
 *   - every dictionary word is interned once (pl_words: one open-addressing
 *     hash table, strings in one arena) and phrases become word-id sequences;
 *   - actors and agents each have a trie over word ids (pl_trie: nodes are
 *     numbers, edges live in one hash table keyed by (node, word));
 *   - a node's value indexes a record: actor records own a range of dated
 *     codes, agent records one code fragment ("~GOV" or "IGO~").
 */
#ifndef PL_DICT_H
#define PL_DICT_H

#include "core/core.h"

#include <stdbool.h>
#include <stdint.h>

#define PL_NONE UINT32_MAX
#define PL_DATE_MIN 0
#define PL_DATE_MAX 99999999

/* 5 and 6 are the coder's (main's src/code/coder.c and coref.c write them as numbers):
 * a country filled from the article, and a surname or pronoun it resolved. */
enum pl_match {
    PL_MATCH_EXACT = 1,
    PL_MATCH_AGENT,
    PL_MATCH_PLACE,
    PL_MATCH_FUZZY,
    PL_MATCH_CONTEXT,
    PL_MATCH_COREF,
    PL_MATCH_SURNAME,
    PL_MATCH_IMPLICIT, /* the coder's: an actor the sentence leaves unsaid ("was arrested") */
    PL_MATCH_NAME      /* the coder's: a proper name no dictionary knows ("Judge Paul Kellar") */
};

typedef struct pl_mention {
    uint32_t sent;       /* sentence index */
    uint32_t w0, w1;     /* words [w0, w1) in doc->words */
    uint32_t start, end; /* byte span in doc->text */
    const char *code;    /* resolved CAMEO actor code for the date, e.g. "USAGOV" */
    uint8_t match;       /* enum pl_match */
    uint32_t head;       /* doc word index of the mention's syntactic head */
    uint32_t actor;      /* the actor record chain of a name (exact, fuzzy, surname), else
                          * PL_NONE: two mentions with the same actor are the same entity */
} pl_mention;

/* ---------------------------------------------------------------------- */
/* Interned words. */
typedef struct pl_words {
    pl_arena *arena;     /* the word strings */
    const char **str;    /* id -> string (upper-case) */
    uint32_t *len;       /* id -> byte length */
    size_t n, cap;
    uint64_t *slots;     /* open addressing: hash >> 32 << 32 | (id + 1), 0 = empty */
    size_t nslots;       /* power of two */
    uint64_t *bloom;     /* 4 * nslots bits: bit (hash >> 32) set for every word */
} pl_words;

parley_status pl_words_init(pl_words *w);
void pl_words_release(pl_words *w);
/* Id of s[0..n), adding it when absent; PL_NONE on allocation failure. */
uint32_t pl_words_add(pl_words *w, const char *s, size_t n);
/* Id of s[0..n) or PL_NONE. */
uint32_t pl_words_find(const pl_words *w, const char *s, size_t n);
/* Start loading the memory pl_words_find(w, s, n) will read (a hint, no
 * effect on results): lookups issued together overlap their cache misses. */
void pl_words_prefetch(const pl_words *w, const char *s, size_t n);

/* ---------------------------------------------------------------------- */
/* Index for one-edit lookups over a list of interned words (the person-name
 * words of typo-tolerant matching). Each word is filed under the hashes of
 * its deletion neighbourhood: the word itself and the word with one byte
 * removed. Two strings within one edit (insertion, deletion, substitution
 * or adjacent transposition) share at least one such string, so a query
 * looks up its own neighbourhood (n + 1 hashes) and checks the few words
 * found with pl_dict_edit1. Buckets are a power of two; ent holds
 * (hash >> 32) << 32 | list position, grouped by bucket (bstart). */
typedef struct pl_fuzzy {
    uint32_t *bstart;  /* nbuckets + 1 offsets into ent */
    uint64_t *ent;
    size_t nbuckets;   /* 0 = empty index */
    size_t nent;
} pl_fuzzy;

/* Build f over the words ids[0..n) of w (kept by the caller, unchanged
 * while f is used). */
parley_status pl_fuzzy_build(pl_fuzzy *f, const pl_words *w, const uint32_t *ids, size_t n);
void pl_fuzzy_release(pl_fuzzy *f);
/* The words of ids[0..n) (the list f was built over) within one edit of
 * s[0..len), in list order, at most max of them: the same as testing each
 * list word in turn with pl_dict_edit1. Returns the count written to out. */
/* The same by scanning ids[0..n) in order (the index's reference, and its
 * fallback for long words): the words within one edit of s, at most max. */
size_t pl_fuzzy_scan(const pl_words *w, const uint32_t *ids, size_t n, const char *s, size_t len,
                     uint32_t *out, size_t max);
size_t pl_fuzzy_find(const pl_fuzzy *f, const pl_words *w, const uint32_t *ids, size_t n,
                     const char *s, size_t len, uint32_t *out, size_t max);

/* ---------------------------------------------------------------------- */
/* Trie over word-id sequences. */
typedef struct pl_trie {
    uint32_t *value;     /* node -> record index or PL_NONE */
    uint8_t *depth;      /* node -> phrase length in words (capped at 255) */
    size_t nnodes, cap;
    uint64_t *ekey;      /* edge hash: (node << 32 | word) + 1, 0 = empty */
    uint32_t *echild;
    size_t nedges, ecap; /* ecap a power of two */
    uint64_t *ebloom;    /* 4 * ecap bits: bit (hash >> 32) set for every edge */
} pl_trie;

parley_status pl_trie_init(pl_trie *t);
void pl_trie_release(pl_trie *t);
/* Child of node along word, or PL_NONE. The root is node 0. */
uint32_t pl_trie_child(const pl_trie *t, uint32_t node, uint32_t word);
/* Start loading the memory pl_trie_child(t, node, word) will read (a hint). */
void pl_trie_prefetch(const pl_trie *t, uint32_t node, uint32_t word);
/* Node for the sequence ids[0..n), created as needed; PL_NONE on OOM. */
uint32_t pl_trie_insert(pl_trie *t, const uint32_t *ids, size_t n);

/* ---------------------------------------------------------------------- */
/* Records. */
typedef struct pl_code {
    const char *code; /* "USAGOV"; "" for the null code [---] */
    int32_t from, to; /* valid for from <= date < to (yyyymmdd ints) */
} pl_code;

enum pl_actor_flags {
    PL_ACTOR_PERSON = 1,  /* multi-word name with role codes: fuzzy-eligible */
    PL_ACTOR_CAPITAL = 2, /* set on phrase nodes, see pl_dict.capital */
};

typedef struct pl_actor {
    uint32_t code0, ncodes; /* range in d->codes */
    uint32_t next;          /* older record of the same phrase, or PL_NONE */
    uint32_t file, line;    /* where it was defined (d->files index, 1-based line) */
} pl_actor;

typedef struct pl_agent {
    const char *code; /* the role part: "GOV", "GOVMIL" */
    uint8_t prefix;   /* 1 for [IGO~]: code goes before the country */
} pl_agent;

typedef struct pl_discard {
    const char *text; /* upper-case words separated by single spaces */
    uint8_t story;    /* 1 = '+' story discard */
    uint8_t whole;    /* 1 = trailing '_': must end at a word boundary */
} pl_discard;

/* Discards by their first word (the bytes before the first blank), for
 * testing each word start of a sentence against only the discards that
 * can begin there: ent holds (hash >> 32) << 32 | discard index grouped
 * by bucket (bstart); lens has bit L set when some first word is L bytes
 * long (L < 64; bit 63 for longer ones). nbuckets 0 = not built. */
typedef struct pl_discard_index {
    uint32_t *bstart;
    uint64_t *ent;
    size_t nbuckets;
    uint64_t lens;
} pl_discard_index;

typedef struct pl_issue {
    const char *code; /* "EARLY_CHILDHOOD_EDUCATION" */
    uint32_t block;   /* <ISSUE> block number */
} pl_issue;

typedef struct pl_capital {
    uint32_t node;    /* actor trie node of the capital's name */
    char country[4];  /* CAMEO country code */
} pl_capital;

struct parley_dict {
    pl_arena *arena;        /* record strings */
    pl_words words;
    pl_trie actors_trie, agents_trie, issues_trie, excl_trie;
    pl_actor *actors;
    size_t nactors, actors_cap;
    pl_code *codes;
    size_t ncodes, codes_cap;
    uint8_t *node_flags;    /* actor trie node -> PL_ACTOR_* flags (grown lazily) */
    size_t node_flags_cap;
    pl_agent *agents;
    size_t nagents, agents_cap;
    pl_discard *discards;
    size_t ndiscards, discards_cap;
    pl_discard_index discard_index; /* built by pl_dict_finish */
    pl_issue *issues;
    size_t nissues, issues_cap;
    uint32_t nissue_blocks;
    pl_capital *capitals;   /* sorted by node */
    size_t ncapitals, capitals_cap;
    uint32_t *fuzzy_words;  /* word ids (len >= 5) that occur in person names */
    size_t nfuzzy, fuzzy_cap;
    pl_fuzzy fuzzy_index;   /* one-edit index over fuzzy_words (pl_dict_finish) */
    pl_words common;        /* frequent English words (never fuzzy-matched) */
    const char **files;     /* files loaded, in order */
    size_t nfiles, files_cap;
    const char *verbs_path; /* the verb dictionary named by the manifest, or NULL */
    size_t nwarnings, nerrors; /* problems reported while loading */
    size_t nphrases;        /* actor phrases (base + synonyms) */
};

/* ---------------------------------------------------------------------- */
/* Loading (dict.c, read.c). Each reader reports every problem with file
 * and line through pl_warn, counts it in d->nwarnings (repaired) or
 * d->nerrors (entry dropped), and only fails on I/O or allocation errors. */
parley_status pl_dict_new(parley_dict **out);
parley_status pl_dict_read_actors(parley_dict *d, pl_lines *in);
parley_status pl_dict_read_agents(parley_dict *d, pl_lines *in);
parley_status pl_dict_read_discards(parley_dict *d, pl_lines *in);
parley_status pl_dict_read_issues(parley_dict *d, pl_lines *in);
parley_status pl_dict_read_common(parley_dict *d, pl_lines *in);
parley_status pl_dict_read_capitals(parley_dict *d, const char *path);
/* Set a flag on an actor trie node. */
parley_status pl_dict_flag_node(parley_dict *d, uint32_t node, uint8_t flag);
static inline uint8_t pl_dict_node_flags(const parley_dict *d, uint32_t node)
{
    return node < d->node_flags_cap ? d->node_flags[node] : 0;
}
/* Remember a word of a multi-word name for typo-tolerant matching. */
parley_status pl_dict_add_fuzzy_word(parley_dict *d, uint32_t word);
/* Called once after all files are read: sorts the capital and fuzzy tables
 * and builds the indexes (fuzzy words, discards). */
parley_status pl_dict_finish(parley_dict *d);

/* Parse one date bound of a code line ("730717", "19270101"); the rules
 * and repairs are in read.c. Returns yyyymmdd, or -1 if it cannot be read.
 * *note gets a static description of a repair ("" when none). */
int32_t pl_dict_parse_date(const char *s, size_t n, const char **note);

/* Resolve an actor record chain for date (yyyymmdd, 0 = undated). Dated: the
 * narrowest dated code covering the date, else the newest undated code, else the
 * dated code nearest the date (ties: the earlier). Undated: the latest-ending dated
 * code whose role is not ELI, else the latest-ending dated code, else the newest
 * undated code. Returns NULL when none applies (or the code is the null code). */
const char *pl_dict_resolve(const parley_dict *d, uint32_t actor, int32_t date);

/* Where the data directory is: $PARLEY_DATA, ../data beside the library
 * or executable, else PARLEY_PREFIX/share/parley. Writes into buf. */
parley_status pl_dict_data_dir(char *buf, size_t size);

/* Upper-case fold of a token for lookup (ASCII and Latin letters via
 * utf8proc), written to out (NUL-terminated). Returns length. */
size_t pl_dict_fold(const char *s, char *out, size_t size);

/* Optimal string alignment distance is <= 1 (one insertion, deletion,
 * substitution or adjacent transposition). */
bool pl_dict_edit1(const char *a, size_t na, const char *b, size_t nb);

/* ---------------------------------------------------------------------- */
/* Matching (match.c, discard.c). */
parley_status pl_dict_find_actors(const parley_dict *d, parley_doc *doc, size_t sent,
                                  const char *date, pl_mention **out, size_t *n);
/* Document-level reading (issue 9, item 4): as pl_dict_find_actors, and a person named in
 * full in an earlier sentence (a mention in prev[0, nprev), the caller's mentions of the
 * document's earlier sentences) is found again by surname: "Mr Straw", "Straw",
 * "President Chirac" after "Jack Straw" / "Jacques Chirac" -> the earlier mention's code,
 * match PL_MATCH_SURNAME, actor = the earlier mention's actor. See pl_dict_surname. */
parley_status pl_dict_find_actors_doc(const parley_dict *d, parley_doc *doc, size_t sent,
                                      const char *date, const pl_mention *prev, size_t nprev,
                                      pl_mention **out, size_t *n);
/* The surname by which a mention can be named again later in its document: the folded
 * last word of a name of two or more words (before a possessive) whose actor is a person
 * (a code with a role and at least one dated term, which named bodies rarely have),
 * capitalized in the text, 3+ characters, not a frequent English word (common-words), no
 * agent word (Party, Office). (A month or day name, May, is taken later only after an
 * honorific or a title: "Mrs May", "Prime Minister May".) Returns its length (0 = none) and
 * copies it, NUL-terminated, into buf[0, cap). */
size_t pl_dict_surname(const parley_dict *d, const parley_doc *doc, const pl_mention *m, char *buf,
                       size_t cap);
/* Is the actor record chain (pl_mention.actor) a person rather than a named body: a
 * code with a role (6+ letters, not "---") and at least one dated term? Named bodies
 * (parties, ministries, the CIA) rarely have terms; people in the Phoenix and parley files
 * nearly always do. For the coder's pronoun and surname reading ("he" is the last person
 * named, not the FBI). False for PL_NONE. */
bool pl_dict_actor_is_person(const parley_dict *d, uint32_t actor);
/* The number of words of sentence sent that are surnames of prev (an addition to
 * pl_dict_actor_candidates for a document read with pl_dict_find_actors_doc). */
size_t pl_dict_surname_candidates(const parley_dict *d, const parley_doc *doc, size_t sent,
                                  const pl_mention *prev, size_t nprev);
/* An upper bound on the actor codes pl_dict_find_actors can find in a
 * sentence, for deciding before tagging and parsing whether it can hold an
 * event: every start where an actor or agent phrase matches counts (before
 * the rules that drop or merge matches), an actor whose code names several
 * actors ("FRO/BIL/SAM") counts for each. Counting stops at `enough`.
 * Needs no tags or parse. PARLEY_ERR_NOMEM on allocation failure. */
parley_status pl_dict_actor_candidates(const parley_dict *d, const parley_doc *doc, size_t sent,
                                       const char *date, size_t enough, size_t *out);
/* Build d->discard_index (pl_dict_finish); release it (parley_dict_free). */
parley_status pl_dict_index_discards(parley_dict *d);
void pl_dict_discard_index_release(pl_discard_index *x);
bool pl_dict_discard_sentence(const parley_dict *d, const parley_doc *doc, size_t sent);
/* Sentences (from the headline, sentence 0) in which a story discard counts. */
#define PL_DISCARD_LEAD 4
bool pl_dict_discard_story(const parley_dict *d, const parley_doc *doc);

/* Issue codes found in a sentence: up to max codes (borrowed strings,
 * repeated once per occurrence). Returns the count. */
size_t pl_dict_find_issues(const parley_dict *d, const parley_doc *doc, size_t sent,
                           const char **codes, size_t max);

#endif /* PL_DICT_H */
