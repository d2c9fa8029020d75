/* modelfile.h - building a model file section by section (used by the
 * trainer and the tests). */
#ifndef PL_MODELFILE_H
#define PL_MODELFILE_H

#include "model/model.h"

#define PL_MW_MAXSEC 16
typedef struct pl_mwriter {
    struct {
        char tag[4];
        void *data;
        size_t len;
    } sec[PL_MW_MAXSEC];
    size_t nsec;
    pl_buf strs;   /* string pool; offset 0 is "" */
    bool failed;   /* a string could not be added */
} pl_mwriter;

void pl_mw_init(pl_mwriter *w);
void pl_mw_release(pl_mwriter *w);
/* Add a section (data copied); tag is 4 characters. */
parley_status pl_mw_add(pl_mwriter *w, const char *tag, const void *data, size_t len);
/* Add a string to the pool; its offset. */
uint32_t pl_mw_str(pl_mwriter *w, const char *s);
/* Write the file (through a temporary file renamed into place). */
parley_status pl_mw_write(pl_mwriter *w, const char *path);

/* META section: u32 values in this order. */
enum { PL_META_NTAGS, PL_META_NLABELS, PL_META_ROOT, PL_META_PARAMS, PL_META_TCLASSES,
       PL_META_PCLASSES, PL_META_FEATSET, PL_META_COUNT };
#define PL_FEATURE_SET 1u

#endif
