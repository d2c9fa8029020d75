/*
 * tables.h - what parley knows about a CAMEO event code: its root, name,
 * QuadClass, Goldstein value and PLOVER event type and mode, read at run
 * time from data/goldstein/ and data/plover/. Internal to the library.
 */
#ifndef PL_CODE_TABLES_H
#define PL_CODE_TABLES_H

#include "core/core.h"

/* Everything known about one CAMEO event code. Strings are "" when unknown;
 * goldstein is NAN when the code (and its parents) have no value. */
typedef struct pl_cameo_info {
    char code[8];            /* as asked for */
    char root[3];            /* first two digits ("19"), "" if not a CAMEO code */
    uint8_t quad;            /* QuadClass 1..4, 0 unknown */
    double goldstein;        /* GDELT's Goldstein value, NAN if unknown */
    const char *name;        /* CAMEO event description (CAMEO.eventcodes.txt) */
    const char *plover;      /* PLOVER event type, upper case ("ASSAULT") */
    const char *plover_mode; /* PLOVER mode ("aerial", "") */
} pl_cameo_info;

typedef struct pl_tables pl_tables;

/* Read the tables from the data directory dir (holding goldstein/ and
 * plover/). Lines that do not parse are reported with pl_warn (file:line)
 * and skipped; a missing file is PARLEY_ERR_IO naming it. */
parley_status pl_tables_load(const char *dir, pl_tables **out);
void pl_tables_free(pl_tables *t);

/* Look up a code ("0311", "19", "075A"). A code missing from a table takes
 * the value of its nearest listed parent (4 -> 3 -> 2 digits). Never fails:
 * unknown codes give empty fields. */
void pl_tables_get(const pl_tables *t, const char *code, pl_cameo_info *out);

/* The root of a CAMEO code ("0311" -> 3, "19" -> 19) as 1..20, 0 when its
 * first two characters are no CAMEO root. */
int pl_cameo_root_number(const char *code);

/* QuadClass of a root code ("01".."20") under GDELT's mapping, 0 if not a root. */
int pl_quad_class(const char *root);

/* Find parley's data directory with pl_dict_data_dir ($PARLEY_DATA, data/
 * beside the library or executable, PREFIX/share/parley) and check that it
 * holds petrarch2/. Writes the path to out (cap bytes).
 * PARLEY_ERR_NOT_FOUND when none exists. */
parley_status pl_data_dir(char *out, size_t cap);

#endif /* PL_CODE_TABLES_H */
