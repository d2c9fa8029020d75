/*
 * modelfile.c - the binary model file: writing, loading (read whole, checked
 * section by section so a damaged file is an error naming it, never a
 * crash), finding the default model, and dumping it as text.
 *
 * Layout (little-endian), format version 2:
 *   0  magic "PARLEYM\x1a"        8 bytes
 *   8  u32 format version
 *  12  u32 header size (32)
 *  16  u32 number of sections
 *  20  u32 flags (0)
 *  24  u64 file size
 *  32  section table: per section {char tag[4]; u32 crc32; u64 offset; u64 length}
 *  then the sections, each at an offset that is a multiple of 64.
 */
#include "model/model.h"

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "model/modelfile.h"

#ifndef PARLEY_PREFIX
#define PARLEY_PREFIX "/usr/local"
#endif

#define HDR 32u
#define SECENT 24u
#define MAXSEC 64u

void pl_mw_init(pl_mwriter *w)
{
    memset(w, 0, sizeof *w);
    pl_buf_init(&w->strs, 0);
    if (pl_buf_putc(&w->strs, '\0') != PARLEY_OK) /* offset 0 is "" */
        w->failed = true;
}

void pl_mw_release(pl_mwriter *w)
{
    for (size_t i = 0; i < w->nsec; i++)
        pl_free(w->sec[i].data);
    pl_buf_release(&w->strs);
    memset(w, 0, sizeof *w);
}

parley_status pl_mw_add(pl_mwriter *w, const char *tag, const void *data, size_t len)
{
    if (w->nsec >= PL_MW_MAXSEC)
        return pl_error(PARLEY_ERR_INTERNAL, "too many model sections");
    void *copy = pl_malloc(len ? len : 1);
    if (!copy)
        return pl_error(PARLEY_ERR_NOMEM, "out of memory writing the model");
    if (len)
        memcpy(copy, data, len);
    memcpy(w->sec[w->nsec].tag, tag, 4);
    w->sec[w->nsec].data = copy;
    w->sec[w->nsec].len = len;
    w->nsec++;
    return PARLEY_OK;
}

uint32_t pl_mw_str(pl_mwriter *w, const char *s)
{
    size_t off = w->strs.len;
    if (pl_buf_append(&w->strs, s, strlen(s) + 1) != PARLEY_OK) {
        w->failed = true;
        return 0;
    }
    return (uint32_t)off;
}

static void put32(unsigned char *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (unsigned char)(v >> (8 * i));
}
static void put64(unsigned char *p, uint64_t v)
{
    for (int i = 0; i < 8; i++)
        p[i] = (unsigned char)(v >> (8 * i));
}
static uint32_t get32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}
static uint64_t get64(const unsigned char *p)
{
    return (uint64_t)get32(p) | (uint64_t)get32(p + 4) << 32;
}
static size_t align_up(size_t x) { return (x + PL_MODEL_ALIGN - 1) & ~(size_t)(PL_MODEL_ALIGN - 1); }

parley_status pl_mw_write(pl_mwriter *w, const char *path)
{
    if (w->failed)
        return pl_error(PARLEY_ERR_NOMEM, "%s: out of memory building the model", path);
    /* the string pool goes first */
    size_t nsec = w->nsec + 1;
    const void *data[PL_MW_MAXSEC + 1];
    size_t len[PL_MW_MAXSEC + 1];
    const char *tags[PL_MW_MAXSEC + 1];
    data[0] = w->strs.data;
    len[0] = w->strs.len;
    tags[0] = "STRS";
    for (size_t i = 0; i < w->nsec; i++) {
        data[i + 1] = w->sec[i].data;
        len[i + 1] = w->sec[i].len;
        tags[i + 1] = w->sec[i].tag;
    }
    size_t off = align_up(HDR + SECENT * nsec);
    size_t offs[PL_MW_MAXSEC + 1];
    for (size_t i = 0; i < nsec; i++) {
        offs[i] = off;
        off = align_up(off + len[i]);
    }
    size_t total = off;
    unsigned char *buf = pl_calloc(1, total);
    if (!buf)
        return pl_error(PARLEY_ERR_NOMEM, "%s: out of memory writing the model", path);
    memcpy(buf, PL_MODEL_MAGIC, 8);
    put32(buf + 8, PL_MODEL_VERSION);
    put32(buf + 12, HDR);
    put32(buf + 16, (uint32_t)nsec);
    put32(buf + 20, 0);
    put64(buf + 24, total);
    for (size_t i = 0; i < nsec; i++) {
        unsigned char *e = buf + HDR + SECENT * i;
        memcpy(e, tags[i], 4);
        if (len[i])
            memcpy(buf + offs[i], data[i], len[i]);
        uLong crc = crc32(0L, Z_NULL, 0);
        for (size_t done = 0; done < len[i];) {
            size_t chunk = len[i] - done > (1u << 30) ? (1u << 30) : len[i] - done;
            crc = crc32(crc, buf + offs[i] + done, (uInt)chunk);
            done += chunk;
        }
        put32(e + 4, (uint32_t)crc);
        put64(e + 8, offs[i]);
        put64(e + 16, len[i]);
    }
    char tmp[PATH_MAX];
    if (snprintf(tmp, sizeof tmp, "%s.tmp%ld", path, (long)getpid()) >= (int)sizeof tmp) {
        pl_free(buf);
        return pl_error(PARLEY_ERR_ARG, "%s: path too long", path);
    }
    FILE *f = fopen(tmp, "wb");
    if (!f) {
        pl_free(buf);
        return pl_error(PARLEY_ERR_IO, "%s: cannot write: %s", tmp, strerror(errno));
    }
    size_t wrote = fwrite(buf, 1, total, f);
    int bad = fclose(f) != 0 || wrote != total;
    pl_free(buf);
    if (bad || rename(tmp, path) != 0) {
        unlink(tmp);
        return pl_error(PARLEY_ERR_IO, "%s: cannot write the model: %s", path, strerror(errno));
    }
    return PARLEY_OK;
}

/* ---------------------------------------------------------------------- */
/* Loading */

typedef struct secref {
    const unsigned char *p;
    size_t len;
    bool found;
} secref;

#define BAD(...) pl_error(PARLEY_ERR_MODEL, __VA_ARGS__)

static parley_status find_sec(const parley_model *m, const char *tag, size_t item, secref *out)
{
    const unsigned char *b = m->base;
    uint32_t nsec = get32(b + 16);
    for (uint32_t i = 0; i < nsec; i++) {
        const unsigned char *e = b + HDR + SECENT * i;
        if (memcmp(e, tag, 4) == 0) {
            out->p = b + get64(e + 8);
            out->len = (size_t)get64(e + 16);
            out->found = true;
            if (item && out->len % item)
                return BAD("%s: model section %.4s has a length (%zu) that is not a multiple of "
                           "%zu",
                           m->path, tag, out->len, item);
            return PARLEY_OK;
        }
    }
    return BAD("%s: model section %.4s is missing", m->path, tag);
}

static const char *check_lslots(const pl_lslot *t, size_t n, size_t limit)
{
    if (n == 0)
        return NULL;
    if (n & (n - 1))
        return "lemma table size is not a power of two";
    size_t empty = 0;
    for (size_t i = 0; i < n; i++) {
        if (!t[i].key)
            empty++;
        else if (t[i].val >= limit)
            return "lemma table value out of range";
    }
    return empty ? NULL : "lemma table has no empty slot";
}


/* Check everything the run time relies on. */
static parley_status validate(parley_model *m)
{
    const unsigned char *b = m->base;
    size_t size = m->size;
    if (size < HDR)
        return pl_error(PARLEY_ERR_MODEL, "%s: truncated model file (%zu bytes)", m->path, size);
    if (memcmp(b, PL_MODEL_MAGIC, 8) != 0)
        return BAD("%s: not a parley model file (bad magic)", m->path);
    m->version = get32(b + 8);
    if (m->version != PL_MODEL_VERSION)
        return BAD("%s: model format version %u, this build reads version %u (retrain it with "
                   "`parley train`)",
                   m->path, m->version, PL_MODEL_VERSION);
    uint32_t hsize = get32(b + 12), nsec = get32(b + 16);
    if (hsize != HDR)
        return BAD("%s: model header size %u, expected %u", m->path, hsize, HDR);
    if (nsec == 0 || nsec > MAXSEC)
        return BAD("%s: model has %u sections (1..%u allowed)", m->path, nsec, MAXSEC);
    uint64_t fsize = get64(b + 24);
    if (fsize != size)
        return BAD("%s: truncated or padded model file: header says %llu bytes, file has %zu",
                   m->path, (unsigned long long)fsize, size);
    if ((size_t)HDR + (size_t)SECENT * nsec > size)
        return BAD("%s: truncated model file: section table cut", m->path);
    for (uint32_t i = 0; i < nsec; i++) {
        const unsigned char *e = b + HDR + SECENT * i;
        uint64_t off = get64(e + 8), len = get64(e + 16);
        if (off > size || len > size - off)
            return BAD("%s: model section %.4s lies outside the file", m->path, (const char *)e);
        if (off % PL_MODEL_ALIGN)
            return BAD("%s: model section %.4s is not aligned", m->path, (const char *)e);
        uLong crc = crc32(0L, Z_NULL, 0);
        for (uint64_t done = 0; done < len;) {
            uint64_t chunk = len - done > (1u << 30) ? (1u << 30) : len - done;
            crc = crc32(crc, b + off + done, (uInt)chunk);
            done += chunk;
        }
        if ((uint32_t)crc != get32(e + 4))
            return BAD("%s: model section %.4s is corrupt (CRC mismatch)", m->path,
                       (const char *)e);
    }
    secref s = {0};
    parley_status st;
#define SEC(tag, item)                                                                         \
    do {                                                                                       \
        if ((st = find_sec(m, tag, item, &s)) != PARLEY_OK)                                    \
            return st;                                                                         \
    } while (0)
    SEC("STRS", 1);
    if (s.len == 0 || s.p[s.len - 1] != '\0')
        return BAD("%s: model string pool is not NUL-terminated", m->path);
    m->strs = (const char *)s.p;
    m->strs_len = s.len;
    SEC("META", 4);
    if (s.len < PL_META_COUNT * 4)
        return BAD("%s: model META section too short", m->path);
    uint32_t meta[PL_META_COUNT];
    for (int i = 0; i < PL_META_COUNT; i++)
        meta[i] = get32(s.p + 4 * i);
    if (meta[PL_META_FEATSET] != PL_FEATURE_SET)
        return BAD("%s: model uses feature set %u, this build has %u", m->path,
                   meta[PL_META_FEATSET], PL_FEATURE_SET);
    m->ntags = meta[PL_META_NTAGS];
    m->nlabels = meta[PL_META_NLABELS];
    m->root_label = meta[PL_META_ROOT];
    if (m->ntags == 0 || m->ntags > 4096 || m->nlabels == 0 || m->nlabels > 4096 ||
        m->root_label >= m->nlabels || meta[PL_META_PARAMS] >= m->strs_len ||
        meta[PL_META_TCLASSES] != m->ntags || meta[PL_META_PCLASSES] != 1 + 2 * m->nlabels)
        return BAD("%s: model META section is inconsistent", m->path);
    m->params = m->strs + meta[PL_META_PARAMS];
    SEC("TAGS", sizeof(pl_mtag));
    if (s.len / sizeof(pl_mtag) != m->ntags)
        return BAD("%s: model tag table has the wrong size", m->path);
    m->tags = (const pl_mtag *)s.p;
    for (uint32_t i = 0; i < m->ntags; i++)
        if (m->tags[i].upos >= PL_UPOS_COUNT || m->tags[i].xpos >= m->strs_len)
            return BAD("%s: model tag %u is out of range", m->path, i);
    SEC("LABS", 4);
    if (s.len / 4 != m->nlabels)
        return BAD("%s: model label table has the wrong size", m->path);
    m->labels = (const uint32_t *)s.p;
    for (uint32_t i = 0; i < m->nlabels; i++)
        if (m->labels[i] >= m->strs_len)
            return BAD("%s: model label %u is out of range", m->path, i);
    struct {
        const char *slots, *ents;
        pl_pmodel *pm;
        uint32_t ncl;
    } pms[2] = {{"TSLT", "TENT", &m->tagger, m->ntags},
                {"PSLT", "PENT", &m->parser, 1 + 2 * m->nlabels}};
    for (int k = 0; k < 2; k++) {
        SEC(pms[k].slots, sizeof(pl_pslot));
        const pl_pslot *sl = (const pl_pslot *)s.p;
        size_t nsl = s.len / sizeof(pl_pslot);
        SEC(pms[k].ents, sizeof(pl_pent));
        const char *why = pl_pmodel_view(pms[k].pm, sl, nsl, (const pl_pent *)s.p,
                                         s.len / sizeof(pl_pent), pms[k].ncl);
        if (why)
            return BAD("%s: model section %.4s: %s", m->path, pms[k].slots, why);
    }
    SEC("LRUL", sizeof(pl_lrule));
    m->rules = (const pl_lrule *)s.p;
    m->nrules = s.len / sizeof(pl_lrule);
    for (size_t i = 0; i < m->nrules; i++)
        if (m->rules[i].append >= m->strs_len)
            return BAD("%s: model lemma rule %zu is out of range", m->path, i);
    SEC("LEMX", sizeof(pl_lslot));
    m->lemmas = (const pl_lslot *)s.p;
    m->nlemmas = s.len / sizeof(pl_lslot);
    const char *why = check_lslots(m->lemmas, m->nlemmas, m->strs_len);
    if (why)
        return BAD("%s: model section LEMX: %s", m->path, why);
    SEC("LSUF", sizeof(pl_lslot));
    m->sufs = (const pl_lslot *)s.p;
    m->nsufs = s.len / sizeof(pl_lslot);
    why = check_lslots(m->sufs, m->nsufs, m->nrules);
    if (why)
        return BAD("%s: model section LSUF: %s", m->path, why);
    SEC("TDIC", sizeof(pl_lslot));
    m->tdict = (const pl_lslot *)s.p;
    m->ntdict = s.len / sizeof(pl_lslot);
    why = check_lslots(m->tdict, m->ntdict, (size_t)UINT32_MAX + 1);
    if (why)
        return BAD("%s: model section TDIC: %s", m->path, why);
#undef SEC
    return PARLEY_OK;
}

static parley_status finish(parley_model *m, parley_model **out)
{
    parley_status st = validate(m);
    if (st) {
        parley_model_free(m);
        return st;
    }
    *out = m;
    return PARLEY_OK;
}

parley_status pl_model_from_memory(const void *data, size_t size, const char *name,
                                   parley_model **out)
{
    *out = NULL;
    parley_model *m = pl_calloc(1, sizeof *m);
    if (!m)
        return pl_error(PARLEY_ERR_NOMEM, "out of memory loading a model");
    m->path = pl_strdup(name ? name : "(memory)");
    m->owned = pl_malloc(size ? size : 1);
    if (!m->path || !m->owned) {
        parley_model_free(m);
        return pl_error(PARLEY_ERR_NOMEM, "out of memory loading a model");
    }
    if (size)
        memcpy(m->owned, data, size);
    m->base = m->owned;
    m->size = size;
    return finish(m, out);
}

/* The directory of the shared library (or else the executable) + name. */
static bool beside_binary(char *out, size_t cap, const char *name)
{
    char dir[PATH_MAX] = "";
    Dl_info info;
    /* the address of a static object of this library, not a function
     * pointer (ISO C cannot convert those to void *) */
    static const char anchor = 0;
    if (dladdr(&anchor, &info) && info.dli_fname && info.dli_fname[0] == '/') {
        snprintf(dir, sizeof dir, "%s", info.dli_fname);
    } else {
        ssize_t n = readlink("/proc/self/exe", dir, sizeof dir - 1);
        if (n <= 0)
            return false;
        dir[n] = '\0';
    }
    char *slash = strrchr(dir, '/');
    if (!slash)
        return false;
    *slash = '\0';
    return snprintf(out, cap, "%s/%s", dir, name) < (int)cap;
}

PARLEY_API parley_status parley_model_default_path(char *out, size_t cap)
{
    if (!out || cap == 0)
        return pl_error(PARLEY_ERR_ARG, "parley_model_default_path: no buffer");
    const char *env = getenv("PARLEY_MODEL");
    if (env && *env) {
        if (snprintf(out, cap, "%s", env) >= (int)cap)
            return pl_error(PARLEY_ERR_ARG, "PARLEY_MODEL is too long");
        return PARLEY_OK;
    }
    /* beside the library (the build tree), then where `make install` puts
     * it relative to the library (<libdir>/../share/parley): an installed
     * tree works wherever PREFIX or DESTDIR put it, or it is moved */
    static const char *const rel[] = {"en-ewt.model", "../share/parley/en-ewt.model"};
    for (size_t i = 0; i < sizeof rel / sizeof rel[0]; i++) {
        char cand[PATH_MAX];
        if (beside_binary(cand, sizeof cand, rel[i]) && access(cand, R_OK) == 0) {
            if (snprintf(out, cap, "%s", cand) >= (int)cap)
                return pl_error(PARLEY_ERR_ARG, "model path too long");
            return PARLEY_OK;
        }
    }
    const char *inst = PARLEY_PREFIX "/share/parley/en-ewt.model";
    if (access(inst, R_OK) == 0) {
        if (snprintf(out, cap, "%s", inst) >= (int)cap)
            return pl_error(PARLEY_ERR_ARG, "model path too long");
        return PARLEY_OK;
    }
    return pl_error(PARLEY_ERR_NOT_FOUND,
                    "no default model: set PARLEY_MODEL, or build it with `make` "
                    "(build/en-ewt.model), or install it in <libdir>/../share/parley or %s",
                    inst);
}

PARLEY_API parley_status parley_model_load(const char *path, parley_model **out)
{
    if (!out)
        return pl_error(PARLEY_ERR_ARG, "parley_model_load: out is NULL");
    *out = NULL;
    char def[PATH_MAX];
    if (!path) {
        parley_status st = parley_model_default_path(def, sizeof def);
        if (st)
            return st;
        path = def;
    }
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return pl_error(PARLEY_ERR_IO, "%s: cannot open model: %s", path, strerror(errno));
    struct stat sb;
    if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
        close(fd);
        return pl_error(PARLEY_ERR_IO, "%s: not a regular file", path);
    }
    parley_model *m = pl_calloc(1, sizeof *m);
    if (!m || !(m->path = pl_strdup(path))) {
        close(fd);
        pl_free(m);
        return pl_error(PARLEY_ERR_NOMEM, "out of memory loading a model");
    }
    m->size = (size_t)sb.st_size;
    if (m->size >= HDR) {
        /* Read, not mapped: a file mapping faults (SIGBUS) on every page that
         * a `cp` over the model truncates while parley runs. Anonymous
         * memory keeps the 64-byte section alignment and goes back to the
         * system whole on free. */
        void *map = mmap(NULL, m->size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (map == MAP_FAILED) {
            close(fd);
            parley_model_free(m);
            return pl_error(PARLEY_ERR_NOMEM, "%s: no memory for a model of %zu bytes", path,
                            m->size);
        }
        m->map = map;
        m->base = map;
        size_t got = 0;
        while (got < m->size) {
            ssize_t k = pread(fd, (char *)map + got, m->size - got, (off_t)got);
            if (k < 0 && errno == EINTR)
                continue;
            if (k <= 0) {
                int err = k < 0 ? errno : 0;
                close(fd);
                parley_model_free(m);
                if (err)
                    return pl_error(PARLEY_ERR_IO, "%s: cannot read model: %s", path,
                                    strerror(err));
                return pl_error(PARLEY_ERR_MODEL,
                                "%s: model file shrank from %zu to %zu bytes while being read",
                                path, (size_t)sb.st_size, got);
            }
            got += (size_t)k;
        }
        mprotect(map, m->size, PROT_READ); /* loaded models are immutable */
    } else {
        static const unsigned char empty[1];
        m->base = empty;
    }
    close(fd);
    return finish(m, out);
}

PARLEY_API void parley_model_free(parley_model *m)
{
    if (!m)
        return;
    if (m->map)
        munmap(m->map, m->size);
    pl_free(m->owned);
    pl_free(m->path);
    pl_free(m);
}

PARLEY_API const char *parley_model_path(const parley_model *m)
{
    return m ? m->path : "";
}

/* ---------------------------------------------------------------------- */
/* Dump */

static void dump_pmodel(pl_buf *b, const char *name, const pl_pmodel *pm, size_t nsample,
                        char *line, size_t cap)
{
    size_t used = 0, hot = 0, dense = 0, inl = 0, all = pm->nhot + pm->nslots;
    for (size_t i = 0; i < all; i++) {
        const pl_pslot *s = i < pm->nhot ? &pm->hot[i] : &pm->slots[i - pm->nhot];
        uint32_t kind = s->fp & PL_SLOT_KIND;
        used += s->fp != 0;
        hot += s->fp && i < pm->nhot;
        dense += s->fp && kind == PL_SLOT_DENSE;
        inl += s->fp && kind < PL_SLOT_EXT;
    }
    snprintf(line, cap,
             "%s: %u classes, %zu features (%zu hot) in %zu + %zu slots (%zu inline, %zu "
             "dense), %zu more weight entries, weight scale %g\n",
             name, pm->nclasses, used, hot, pm->nhot, pm->nslots, inl, dense, pm->nents,
             (double)pm->scale);
    pl_buf_puts(b, line);
    size_t shown = 0;
    for (size_t i = 0; i < all && shown < nsample; i++) {
        const pl_pslot *s = i < pm->nhot ? &pm->hot[i] : &pm->slots[i - pm->nhot];
        if (!s->fp)
            continue;
        uint32_t kind = s->fp & PL_SLOT_KIND;
        snprintf(line, cap, "  %s slot %zu (key %08x...)%s:", i < pm->nhot ? "hot" : "cold",
                 i < pm->nhot ? i : i - pm->nhot, s->fp & ~(uint32_t)PL_SLOT_KIND,
                 kind == PL_SLOT_DENSE ? " dense" : kind == PL_SLOT_EXT ? "" : " inline");
        pl_buf_puts(b, line);
        uint32_t count;
        if (kind == PL_SLOT_DENSE) {
            const int16_t *row = (const int16_t *)(const void *)(pm->ents + s->u.ext.start);
            for (uint32_t c = 0; c < pm->nclasses && c < 6; c++) {
                snprintf(line, cap, " %u=%.3f", c, (double)row[c] / (double)pm->scale);
                pl_buf_puts(b, line);
            }
            count = pm->nclasses;
        } else {
            const pl_pent *e = kind == PL_SLOT_EXT ? pm->ents + s->u.ext.start : s->u.in;
            count = kind == PL_SLOT_EXT ? s->u.ext.count : kind;
            for (uint32_t c = 0; c < count && c < 6; c++) {
                snprintf(line, cap, " %u=%.3f", e[c].cls, (double)e[c].w / (double)pm->scale);
                pl_buf_puts(b, line);
            }
        }
        pl_buf_puts(b, count > 6 ? " ...\n" : "\n");
        shown++;
    }
}

PARLEY_API parley_status parley_model_dump(const parley_model *m, size_t nsample, char **out)
{
    if (!m || !out)
        return pl_error(PARLEY_ERR_ARG, "parley_model_dump: NULL argument");
    *out = NULL;
    pl_buf b;
    pl_buf_init(&b, 0);
    char line[512];
    const unsigned char *base = m->base;
    snprintf(line, sizeof line,
             "file: %s\nmagic: PARLEYM\\x1a\nformat version: %u\nheader size: %u\nfile size: "
             "%zu\nsections: %u\n",
             m->path, m->version, get32(base + 12), m->size, get32(base + 16));
    pl_buf_puts(&b, line);
    for (uint32_t i = 0; i < get32(base + 16); i++) {
        const unsigned char *e = base + HDR + SECENT * i;
        snprintf(line, sizeof line, "  %.4s offset %llu length %llu crc32 %08x\n",
                 (const char *)e, (unsigned long long)get64(e + 8),
                 (unsigned long long)get64(e + 16), get32(e + 4));
        pl_buf_puts(&b, line);
    }
    pl_buf_puts(&b, "training parameters:\n");
    pl_buf_puts(&b, m->params);
    snprintf(line, sizeof line, "tags (%u, UPOS XPOS):", m->ntags);
    pl_buf_puts(&b, line);
    for (uint32_t i = 0; i < m->ntags; i++) {
        snprintf(line, sizeof line, "%s%s/%s", i % 8 ? " " : "\n  ",
                 pl_upos_name((int)m->tags[i].upos), pl_model_str(m, m->tags[i].xpos));
        pl_buf_puts(&b, line);
    }
    snprintf(line, sizeof line, "\nlabels (%u, root = %s):", m->nlabels,
             pl_model_str(m, m->labels[m->root_label]));
    pl_buf_puts(&b, line);
    for (uint32_t i = 0; i < m->nlabels; i++) {
        snprintf(line, sizeof line, "%s%s", i % 10 ? " " : "\n  ", pl_model_str(m, m->labels[i]));
        pl_buf_puts(&b, line);
    }
    pl_buf_puts(&b, "\n");
    dump_pmodel(&b, "tagger", &m->tagger, nsample, line, sizeof line);
    dump_pmodel(&b, "parser", &m->parser, nsample, line, sizeof line);
    size_t nl = 0, ns = 0;
    for (size_t i = 0; i < m->nlemmas; i++)
        nl += m->lemmas[i].key != 0;
    for (size_t i = 0; i < m->nsufs; i++)
        ns += m->sufs[i].key != 0;
    size_t nd = 0;
    for (size_t i = 0; i < m->ntdict; i++)
        nd += m->tdict[i].key != 0;
    snprintf(line, sizeof line, "tag dictionary: %zu words\n", nd);
    pl_buf_puts(&b, line);
    snprintf(line, sizeof line,
             "lemmatizer: %zu form+tag entries, %zu suffix keys, %zu rules\n", nl, ns,
             m->nrules);
    pl_buf_puts(&b, line);
    for (size_t i = 0; i < m->nrules && i < nsample; i++) {
        snprintf(line, sizeof line, "  rule %zu: %s strip %u append \"%s\"\n", i,
                 m->rules[i].lower ? "lower" : "keep", m->rules[i].strip,
                 pl_model_str(m, m->rules[i].append));
        pl_buf_puts(&b, line);
    }
    if (b.len == 0 || !b.data) {
        pl_buf_release(&b);
        return pl_error(PARLEY_ERR_NOMEM, "out of memory dumping the model");
    }
    *out = b.data; /* pl_buf memory is pl_malloc'd: freed by parley_string_free */
    return PARLEY_OK;
}
