/*
 * when.h - the dates stage's internals: the temporal-expression tagger and
 * normaliser (TIMEX3 types and values as TempEval-3 defines them), calendar
 * arithmetic, the TimeML reader, the scorers and the pass that gives each
 * coded event its own date. Internal to the library; the public face is
 * the "Dates" section of parley.h.
 */
#ifndef PL_WHEN_WHEN_H
#define PL_WHEN_WHEN_H

#include "core/core.h"

/* TIMEX3 types. */
enum pl_tx_type { PL_TX_DATE = 1, PL_TX_TIME, PL_TX_DURATION, PL_TX_SET };
const char *pl_tx_type_name(int type); /* "DATE", ...; "" for 0 */

/* How precise a resolved date is (the `precision` of an event date). NONE
 * for values that name no calendar period (PRESENT_REF, durations, sets). */
enum pl_prec {
    PL_PREC_NONE = 0,
    PL_PREC_CENTURY,
    PL_PREC_DECADE,
    PL_PREC_YEAR,
    PL_PREC_HALF,
    PL_PREC_QUARTER,
    PL_PREC_SEASON,
    PL_PREC_MONTH,
    PL_PREC_WEEK,
    PL_PREC_DAY,
    PL_PREC_TIME
};
const char *pl_prec_name(int prec); /* "day", "month", ...; "" for NONE */

#define PL_TX_VALUE_MAX 32

/* One time expression found in a text. */
typedef struct pl_timex {
    uint32_t start, end;         /* byte span [start, end) in the text */
    uint8_t type;                /* enum pl_tx_type */
    uint8_t prec;                /* enum pl_prec of value (DATE/TIME only) */
    char value[PL_TX_VALUE_MAX]; /* TIMEX3 value: "2023-02", "P3D", "PRESENT_REF" */
} pl_timex;

/* Growable list of time expressions. */
typedef struct pl_timexes {
    pl_timex *tx;
    size_t n, cap;
} pl_timexes;
void pl_timexes_release(pl_timexes *t);

/* A calendar day (proleptic Gregorian). */
typedef struct pl_ymd {
    int y, m, d;
} pl_ymd;
/* Days since 1970-01-01 and back. */
long pl_days_from_ymd(pl_ymd d);
pl_ymd pl_ymd_from_days(long days);
int pl_days_in_month(int y, int m);
/* ISO 8601 weekday of a day: 1 Monday .. 7 Sunday. */
int pl_weekday(pl_ymd d);
/* ISO 8601 week of a day: *iso_year gets the week's year. */
int pl_iso_week(pl_ymd d, int *iso_year);
/* Parse "YYYY-MM-DD" (anything may follow, e.g. "T08:09"); false if not a date. */
bool pl_ymd_parse(const char *s, pl_ymd *out);

/* Find every time expression in text[0, len) and normalise it against the
 * reference date dct (the document's date; NULL: values that need it are
 * written with X's, "XXXX-02"). Appends to out in text order. */
parley_status pl_timex_tag(const char *text, size_t len, const pl_ymd *dct, pl_timexes *out);

/* The calendar period a resolved DATE/TIME value covers: first and last
 * day. false for values that are not periods (refs, durations, X's). */
bool pl_timex_period(const char *value, pl_ymd *first, pl_ymd *last);

/* ---------------------------------------------------------------------- */
/* TimeML (TempEval-3 .tml files). */

/* An annotated element of a TimeML document, offsets into the plain text. */
typedef struct pl_tml_elem {
    uint32_t start, end;
    char id[16];                 /* tid or eid */
    uint8_t type;                /* TIMEX3: enum pl_tx_type; EVENT: 0 */
    char value[PL_TX_VALUE_MAX]; /* TIMEX3 value */
} pl_tml_elem;

typedef struct pl_tml {
    char *docid; /* <DOCID> or "" */
    char *dct;   /* the DCT TIMEX3's value or "" */
    char *text;  /* content of <TEXT>, tags removed, entities decoded */
    size_t len;
    pl_tml_elem *timex; /* TIMEX3 inside <TEXT> */
    size_t ntimex;
    pl_tml_elem *event; /* EVENT inside <TEXT> */
    size_t nevent;
} pl_tml;

/* Parse a TimeML document held in buf[0, n); name is used in messages
 * ("name: byte N: ..."). Bad markup gives PARLEY_ERR_FORMAT. */
parley_status pl_tml_parse(const char *buf, size_t n, const char *name, pl_tml *out);
parley_status pl_tml_read(const char *path, pl_tml *out);
void pl_tml_release(pl_tml *t);

/* ---------------------------------------------------------------------- */
/* Event dates. */

enum pl_date_basis { PL_BASIS_NONE = 0, PL_BASIS_TEXT, PL_BASIS_CONTEXT, PL_BASIS_DOCUMENT };
const char *pl_basis_name(int basis);

/* The date given to one event (or one predicate). */
typedef struct pl_edate {
    char value[PL_TX_VALUE_MAX];
    uint8_t prec;        /* enum pl_prec */
    uint8_t basis;       /* enum pl_date_basis */
    uint32_t start, end; /* the expression's span (0, 0 for the document date) */
} pl_edate;

/* A document's time expressions resolved for event dating: the tagger's
 * output over the whole text plus, for each, its words and sentence. */
typedef struct pl_when_ctx pl_when_ctx;
parley_status pl_when_ctx_new(const parley_doc *doc, pl_when_ctx **out);
void pl_when_ctx_free(pl_when_ctx *c);
/* Date the predicate at doc word `trigger` of sentence `sent`. */
void pl_when_date_word(const pl_when_ctx *c, size_t sent, size_t trigger, pl_edate *out);

/* The sentence holding byte offset off / the word of sentence si holding
 * it (UINT32_MAX: none). */
uint32_t pl_when_sentence_at(const parley_doc *doc, uint32_t off);
uint32_t pl_when_word_at(const parley_doc *doc, size_t si, uint32_t off);

/* Give every coded event of doc its event_date (pl_event.when); the one
 * call the coder makes into this stage, after its events are attached. */
parley_status pl_when_date_events(parley_doc *doc);

#endif /* PL_WHEN_WHEN_H */
