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
typedef struct pl_code_actor {
    uint32_t w0, w1;     /* doc words [w0, w1) */
    uint32_t head;       /* doc word index of the mention's syntactic head */
    uint32_t start, end; /* byte span in doc->text */
    const char *code;    /* CAMEO actor code */
    uint8_t match;       /* how it matched: 1 exact, 2 agent, 3 place, 4 fuzzy */
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

#endif /* PL_CODE_CODE_H */
