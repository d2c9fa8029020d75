/*
 * code.h - the event coder's internals: the event record, the pattern
 * matcher over a dependency-parsed sentence, and the output writers.
 * Internal to the library; the public face is in parley.h.
 */
#ifndef PL_CODE_CODE_H
#define PL_CODE_CODE_H

#include "code/tables.h"
#include "core/core.h"
#include "dict/verbs.h"

/* An actor mention as the coder sees it (the dictionary stage's pl_mention
 * is converted to this, so the matcher can be tested on its own). */
/* The name an actor's match kind is written with ("exact", "agent", "place",
 * "fuzzy", "context", "coref", "implicit", "name"); "" for any other number. */
const char *pl_match_name(int m);

typedef struct pl_code_actor {
    uint32_t w0, w1;     /* doc words [w0, w1) */
    uint32_t head;       /* doc word index of the mention's syntactic head */
    uint32_t start, end; /* byte span in doc->text */
    const char *code;    /* CAMEO actor code */
    uint32_t actor;      /* the dictionary's actor record (two mentions of one
                            entity share it), UINT32_MAX when none */
    uint8_t match;       /* how it matched: 1 exact, 2 agent, 3 place, 4 fuzzy,
                            5 context (country from the article),
                            6 coref (surname or pronoun after a full name) */
} pl_code_actor;

/* One side of an event. */
typedef struct pl_event_actor {
    const char *code;    /* CAMEO actor code ("" none) */
    const char *text;    /* the mention's text */
    uint32_t start, end; /* byte span in doc->text */
    uint8_t match;
} pl_event_actor;

/* Event modes (the `mode` field). */
enum pl_mode {
    PL_MODE_ASSERTED = 0,
    PL_MODE_PLANNED,
    PL_MODE_INTENDED,
    PL_MODE_HYPOTHETICAL,
    PL_MODE_NEGATED
};
const char *pl_mode_name(int mode); /* "" for asserted */

/* The event's own date: filled after coding by the dates stage (src/when,
 * pl_when_date_events); every pointer NULL until then. Strings are static
 * or in the document's arena. */
typedef struct pl_event_when {
    const char *value;     /* "2023-02", "2023-06-16" */
    const char *precision; /* "day", "month", "year", ... */
    const char *text;      /* the expression ("" for the document date) */
    const char *basis;     /* "text", "context" or "document" */
    uint32_t start, end;   /* the expression's byte span (0, 0 for the document date) */
} pl_event_when;

typedef struct pl_event {
    uint32_t sent; /* sentence index */
    pl_event_actor src, tgt;
    char cameo[PL_CODE_MAX];
    pl_cameo_info info;            /* root, quad, goldstein, plover, names */
    uint8_t mode;                  /* enum pl_mode */
    uint32_t trig_start, trig_end; /* the verb's byte span */
    const char *trig_text;
    const char *pat_text; /* "" when the block's default code was used */
    const char *pat_file;
    uint32_t pat_line;
    pl_event_when when; /* event_date */
    const struct pl_event_where *where; /* place and actors' geography (src/where), NULL none */
} pl_event;

/* Growable scratch list of events. */
typedef struct pl_events {
    pl_event *ev;
    size_t n, cap;
} pl_events;
void pl_events_release(pl_events *e);

typedef struct pl_code_opts {
    bool require_dyad; /* drop events without both a source and a target */
    bool keep_negated; /* emit negated actions with mode "negated" (default: drop) */
    bool context;      /* agents without a country take the article's (default on) */
    bool coref;        /* surnames and pronouns after a full name (default on) */
    bool keep_hypothetical; /* emit hypotheticals and conditions (default: drop) */
} pl_code_opts;

/* Code one sentence: for each predicate, find its verb block and the most
 * specific matching pattern, resolve source and target actors among
 * `actors` (the sentence's mentions), apply transformations, and append the
 * events to out. Strings in the events point into doc, the dictionaries
 * and `actors` (pl_code_attach copies them into the document). The
 * sentence must be parsed (head, deprel, upos, lemma). */
parley_status pl_code_sentence(const pl_verbdict *vd, const pl_tables *tb, const parley_doc *doc,
                               size_t sent, const pl_code_actor *actors, size_t nactors,
                               const pl_code_opts *opts, pl_events *out);

/* Copy events into the document's arena (strings included) and make them
 * the document's events, replacing any earlier ones. */
parley_status pl_code_attach(parley_doc *doc, const pl_events *ev);

/* Append one event as a JSON object line / CSV row / GDELT row to b. */
parley_status pl_event_jsonl(pl_buf *b, const parley_doc *doc, const pl_event *e);
parley_status pl_event_csv(pl_buf *b, const parley_doc *doc, const pl_event *e);
parley_status pl_event_gdelt(pl_buf *b, const parley_doc *doc, const pl_event *e);
/* The CSV header line (with its newline). */
const char *pl_event_csv_header(void);

/* One gold event (strings owned by the gold JSON kept alive beside). */
typedef struct pl_gold_event {
    const char *doc;
    long sent;
    const char *src, *tgt; /* full actor codes */
    const char *src_text, *tgt_text; /* the mentions' words ("" when named elsewhere) */
    const char *cameo, *root;
    const char *date;       /* event_date, "" when none */
    const char *place;      /* place name, "" when none */
    const char *place_ctry; /* place country, "" when none */
    const char *sentence;
    bool used;
} pl_gold_event;

typedef struct pl_gold_set {
    struct json_t **lines; /* parsed lines (jansson), kept for their strings */
    size_t nlines, cap_lines;
    pl_gold_event *ev;
    size_t n, cap;
    const char **docs; /* distinct doc ids, sorted */
    size_t ndocs, cap_docs;
} pl_gold_set;

/* Read a gold file (GUIDE.md format); a malformed line is PARLEY_ERR_FORMAT
 * naming file and line. Events sorted by document and sentence. */
parley_status pl_gold_read(const char *path, pl_gold_set *g);
void pl_gold_release(pl_gold_set *g);
/* The gold events of document id (*n of them; none: *n = 0). */
pl_gold_event *pl_gold_doc(const pl_gold_set *g, const char *id, size_t *n);
/* The gold's entry for document id, or NULL when the gold does not list it. */
const char *const *pl_gold_find_doc(const pl_gold_set *g, const char *id);

/* Document-level reading of people (coref.c): surnames and singular
 * pronouns after a full name. Filled sentence by sentence in order. */
typedef struct pl_coref pl_coref;
pl_coref *pl_coref_new(void); /* NULL on OOM */
void pl_coref_free(pl_coref *c);
void pl_coref_reset(pl_coref *c);
/* How many words of sentence sent the table would resolve (an upper bound,
 * before parsing: it decides whether the sentence can hold an event). */
size_t pl_coref_count(const pl_coref *c, const parley_doc *doc, size_t sent);
/* Add the sentence's surname and pronoun mentions to *m (*n of them; the
 * array is replaced by one in the document's arena), then learn the
 * sentence's full names. */
struct pl_mention;
parley_status pl_coref_sentence(pl_coref *c, const parley_dict *d, parley_doc *doc, size_t sent,
                                struct pl_mention **m, size_t *n);

/* The learned event decision (rank.c). */
typedef struct pl_rank pl_rank;
typedef struct pl_rank_train pl_rank_train;
/* One gold event as the trainer labels candidates with it. */
typedef struct pl_rank_gold {
    size_t sent;
    char src[4], tgt[4]; /* countries */
    const char *src_text, *tgt_text; /* the mentions' words in the sentence, "" unknown */
    int root;            /* 1..20 */
    char cameo[PL_CODE_MAX];
} pl_rank_gold;
/* Load an event model file; name is what events' pattern.file says. */
parley_status pl_rank_load(const char *path, const char *name, pl_rank **out);
void pl_rank_free(pl_rank *r);
const char *pl_rank_name(const pl_rank *r);
/* Decide the events of sentence sent among actors a[0..na): with m, the
 * patterns' events ev->ev[n0..] are replaced by the model's; with t (and
 * m NULL), candidates are collected as training examples instead. */
parley_status pl_rank_sentence(const pl_rank *m, pl_rank_train *t, const pl_verbdict *vd,
                               const pl_tables *tb, const parley_doc *doc, size_t sent,
                               const pl_code_actor *a, size_t na, pl_events *ev, size_t n0);
parley_status pl_rank_train_new(pl_rank_train **out);
void pl_rank_train_free(pl_rank_train *t);
/* The current document's gold events (borrowed until the next call). */
void pl_rank_train_set_gold(pl_rank_train *t, const pl_rank_gold *g, size_t n);
size_t pl_rank_train_examples(const pl_rank_train *t, size_t *positive);
parley_status pl_rank_train_write(pl_rank_train *t, int epochs, const char *path);
/* After pl_rank_train_write: training examples (all / positive) the weights get right. */
void pl_rank_train_fit(const pl_rank_train *t, size_t *fit, size_t *fit_positive);
/* Cells of the writers, shared with the store's: a JSON string (quoted and
 * escaped), an RFC 4180 CSV field and a GDELT cell (tabs and newlines as
 * spaces), each followed by ',' / '\t' or, when last, a newline. */
parley_status pl_json_str(pl_buf *b, const char *s, size_t n);
parley_status pl_csv_field(pl_buf *b, const char *s, size_t n, bool last);
parley_status pl_tsv_field(pl_buf *b, const char *s, bool last);
/* printf into b (any length). */
parley_status pl_putf(pl_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The fields of one GDELT 2.0 event row that parley fills (the others stay
 * empty): a coded mention (pl_event_gdelt) or a stored event (src/store). */
typedef struct pl_gdelt_row {
    const char *event_id; /* GLOBALEVENTID, "" when not stored */
    const char *date;     /* YYYY-MM-DD or "" */
    const char *src_code, *src_name, *tgt_code, *tgt_name;
    int is_root;
    const char *cameo, *root;
    int quad;
    double goldstein; /* NAN: empty */
    long num_mentions, num_sources, num_articles;
    const char *date_added; /* DATEADDED, YYYYMMDDHHMMSS or "" */
    const char *url;        /* SOURCEURL */
    const struct pl_event_where *where; /* Actor1Geo/Actor2Geo/ActionGeo, NULL: empty */
} pl_gdelt_row;
parley_status pl_gdelt_write(pl_buf *b, const pl_gdelt_row *r);

#endif /* PL_CODE_CODE_H */
