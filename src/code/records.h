/*
 * records.h - reader for PETRARCH's unit-test records
 * (data/petrarch2/PETR.UnitTest.records.xml): the <Environment> naming the
 * dictionaries, <Config> options in force, and each <Sentence> with its
 * raw <Text> and expected <EventCoding>s. The <Parse> trees are not used for
 * coding (parley parses the text itself); they are only checked for balanced
 * brackets, so a record with a broken tree is reported, as PETRARCH's
 * bad_input_parse records expect. Internal to the library.
 */
#ifndef PL_CODE_RECORDS_H
#define PL_CODE_RECORDS_H

#include "core/core.h"

typedef struct pl_rec_event {
    const char *src, *tgt, *code;
} pl_rec_event;

enum pl_rec_expect {
    PL_REC_EVENTS = 0, /* the listed events (maybe none) */
    PL_REC_NOEVENTS,   /* noevents="True" */
    PL_REC_ERROR       /* error="..." (discards, bad parse, dateline): no events */
};

typedef struct pl_record {
    const char *id, *category;
    const char *date;  /* YYYY-MM-DD ("" if the record has none) */
    const char *text;  /* whitespace runs folded to one space */
    const char *error; /* the error="" value, "" if none */
    bool active;       /* sentence="true" */
    bool bad;          /* could not be read (reported): not run */
    bool require_dyad; /* the require_dyad option in force */
    bool bad_parse;    /* its <Parse> tree has unbalanced brackets */
    uint8_t expect;    /* enum pl_rec_expect */
    pl_rec_event *ev;
    size_t nev;
    long line; /* line of <Sentence> in the file */
} pl_record;

typedef struct pl_records {
    pl_arena *arena;
    pl_record *r;
    size_t n, cap;
    /* <Environment> file names, as written ("" if absent) */
    const char *verbfile, *actorfile, *agentfile, *discardfile;
} pl_records;

/* Read records from a file or a memory buffer (name is used in messages).
 * A malformed record is reported with pl_warn (file:line) and kept with
 * bad = true; a document that is not well-formed XML is PARLEY_ERR_FORMAT. */
parley_status pl_records_read(const char *path, pl_records **out);
parley_status pl_records_read_mem(const char *buf, size_t len, const char *name, pl_records **out);
void pl_records_free(pl_records *r);

#endif /* PL_CODE_RECORDS_H */
