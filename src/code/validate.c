/*
 * validate.c - run PETRARCH's unit-test records through parley: each
 * record's raw text goes through parley's own tokenizer, tagger, parser,
 * actor matcher and coder (the records' parse trees are ignored), with the
 * dictionaries the records file names in its <Environment>. A record is
 * correct when the events produced, as (source, target, code) triples,
 * are exactly the ones expected (records expecting noevents, a discard or
 * an error expect no events).
 */
#include "code/code.h"
#include "code/records.h"

#include <jansson.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Write a manifest naming the Environment's files (relative to the
 * records file) so parley_dict_load can read them. */
static parley_status write_manifest(const pl_records *rs, const char *records_path, char *out,
                                    size_t cap)
{
    char dir[PATH_MAX];
    snprintf(dir, sizeof dir, "%s", records_path);
    char *slash = strrchr(dir, '/');
    if (slash)
        *slash = '\0';
    else
        snprintf(dir, sizeof dir, ".");
    char absdir[PATH_MAX];
    if (!realpath(dir, absdir))
        return pl_error(PARLEY_ERR_IO, "%s: cannot resolve directory", dir);
    if (!*rs->verbfile || !*rs->actorfile)
        return pl_error(PARLEY_ERR_FORMAT,
                        "%s: <Environment> must name a <Verbfile> and an <Actorfile>",
                        records_path);
    const char *tmp = getenv("TMPDIR");
    snprintf(out, cap, "%s/parley-validate-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    int fd = mkstemp(out);
    if (fd < 0)
        return pl_error(PARLEY_ERR_IO, "%s: cannot create a temporary manifest", out);
    FILE *f = fdopen(fd, "w");
    if (!f) {
        close(fd);
        unlink(out);
        return pl_error(PARLEY_ERR_IO, "%s: cannot write", out);
    }
    fprintf(f, "# made by parley validate from %s\n", records_path);
    fprintf(f, "verbs = %s/%s\n", absdir, rs->verbfile);
    fprintf(f, "actors = %s/%s\n", absdir, rs->actorfile);
    if (*rs->agentfile)
        fprintf(f, "agents = %s/%s\n", absdir, rs->agentfile);
    if (*rs->discardfile)
        fprintf(f, "discards = %s/%s\n", absdir, rs->discardfile);
    if (fclose(f) != 0) {
        unlink(out);
        return pl_error(PARLEY_ERR_IO, "%s: cannot write", out);
    }
    return PARLEY_OK;
}

static int cmp_triple(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* "SRC TGT CODE" strings, sorted, into a JSON array and a joined key. */
static json_t *triples(char **keys, size_t n)
{
    qsort(keys, n, sizeof *keys, cmp_triple);
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(arr, json_string(keys[i]));
    return arr;
}

static char *triple(const char *s, const char *t, const char *c)
{
    /* PETRARCH writes a missing actor as "---" */
    if (!*s)
        s = "---";
    if (!*t)
        t = "---";
    size_t n = strlen(s) + strlen(t) + strlen(c) + 3;
    char *k = pl_malloc(n);
    if (k)
        snprintf(k, n, "%s %s %s", s, t, c);
    return k;
}

static void free_keys(char **k, size_t n)
{
    for (size_t i = 0; i < n; i++)
        pl_free(k[i]);
    pl_free(k);
}

PARLEY_API parley_status parley_validate(const char *records_path, const parley_model *m,
                                         int verbose, char **json_out)
{
    if (!records_path || !json_out)
        return pl_error(PARLEY_ERR_ARG, "parley_validate: NULL argument");
    *json_out = NULL;
    pl_records *rs = NULL;
    parley_status st = pl_records_read(records_path, &rs);
    if (st)
        return st;
    char manifest[PATH_MAX];
    st = write_manifest(rs, records_path, manifest, sizeof manifest);
    if (st) {
        pl_records_free(rs);
        return st;
    }
    parley_dict *d = NULL;
    st = parley_dict_load(manifest, &d);
    unlink(manifest);
    parley_coder *c = NULL;
    if (!st)
        st = parley_coder_new(m, d, &c);
    if (!st) {
        /* PETRARCH's records are single sentences with their own fictional
         * dictionaries, coded by verb patterns: measure the pattern engine
         * as PETRARCH defines it, without an article to take context from
         * and without the event model learned on real news */
        parley_coder_set_article_context(c, 0);
        parley_coder_set_all_modes(c, 1); /* PETRARCH codes hypotheticals */
        parley_coder_set_keep_negated(c, 0);
        st = parley_coder_set_event_model(c, NULL);
    }
    if (st) {
        parley_coder_free(c);
        parley_dict_free(d);
        pl_records_free(rs);
        return st;
    }
    json_t *cats = json_object(), *misses = json_array();
    size_t active = 0, correct = 0, bad = 0;
    for (size_t i = 0; i < rs->n && !st; i++) {
        const pl_record *r = &rs->r[i];
        if (!r->active)
            continue;
        if (r->bad) {
            bad++;
            continue;
        }
        active++;
        json_t *cat = json_object_get(cats, r->category);
        if (!cat) {
            cat = json_pack("{s:i,s:i}", "active", 0, "correct", 0);
            json_object_set_new(cats, r->category, cat);
        }
        json_object_set_new(cat, "active",
                            json_integer(json_integer_value(json_object_get(cat, "active")) + 1));
        /* The supplied tree is not used, but a broken one is reported, as
         * PETRARCH's bad_input_parse records ask; the text is still coded. */
        bool bad_tree_expected =
            r->expect == PL_REC_ERROR && strcmp(r->error, "bad_input_parse") == 0;
        if (r->bad_parse)
            pl_warn("%s:%ld: record %s: its <Parse> tree has unbalanced brackets (not used: parley "
                    "parses the text itself)",
                    records_path, r->line, r->id);
        parley_doc *doc = NULL;
        st = parley_doc_new(r->id, r->date, r->text, strlen(r->text), &doc);
        if (st)
            break;
        parley_coder_set_require_dyad(c, r->require_dyad);
        parley_status cst = parley_coder_code_doc(c, doc, NULL);
        if (cst == PARLEY_ERR_NOMEM) {
            parley_doc_free(doc);
            st = cst;
            break;
        }
        if (cst) {
            pl_warn("%s:%ld: record %s could not be coded: %s", records_path, r->line, r->id,
                    parley_errmsg());
        }
        size_t ne = parley_doc_event_count(doc);
        size_t nx = r->expect == PL_REC_EVENTS ? r->nev : 0;
        char **got = pl_calloc(ne + 1, sizeof *got), **want = pl_calloc(nx + 1, sizeof *want);
        bool oom = !got || !want;
        for (size_t k = 0; k < ne && !oom; k++) {
            const char *sc = "", *tc = "";
            parley_event_actor(doc, k, 0, &sc, NULL, NULL, NULL, NULL);
            parley_event_actor(doc, k, 1, &tc, NULL, NULL, NULL, NULL);
            oom = !(got[k] = triple(sc, tc, parley_event_cameo(doc, k)));
        }
        for (size_t k = 0; k < nx && !oom; k++)
            oom = !(want[k] = triple(r->ev[k].src, r->ev[k].tgt, r->ev[k].code));
        if (oom) {
            free_keys(got, ne);
            free_keys(want, nx);
            parley_doc_free(doc);
            st = pl_error(PARLEY_ERR_NOMEM, "out of memory");
            break;
        }
        json_t *ja = triples(got, ne), *jb = triples(want, nx);
        bool ok = bad_tree_expected ? r->bad_parse : cst == PARLEY_OK && json_equal(ja, jb);
        if (ok) {
            correct++;
            json_object_set_new(
                cat, "correct",
                json_integer(json_integer_value(json_object_get(cat, "correct")) + 1));
        }
        if (!ok && verbose) {
            json_array_append_new(misses,
                                  json_pack("{s:s,s:s,s:s,s:s,s:O,s:O}", "id", r->id, "category",
                                            r->category, "text", r->text, "expect",
                                            r->expect == PL_REC_ERROR      ? r->error
                                            : r->expect == PL_REC_NOEVENTS ? "noevents"
                                                                           : "events",
                                            "expected", jb, "produced", ja));
        }
        json_decref(ja);
        json_decref(jb);
        free_keys(got, ne);
        free_keys(want, nx);
        parley_doc_free(doc);
    }
    parley_coder_free(c);
    parley_dict_free(d);
    size_t nrec = rs->n;
    pl_records_free(rs);
    if (st) {
        json_decref(cats);
        json_decref(misses);
        return st;
    }
    json_t *rep = json_pack("{s:I,s:I,s:I,s:I,s:o}", "records", (json_int_t)nrec, "active",
                            (json_int_t)active, "correct", (json_int_t)correct, "bad",
                            (json_int_t)bad, "by_category", cats);
    if (verbose)
        json_object_set_new(rep, "misses", misses);
    else
        json_decref(misses);
    char *s = rep ? json_dumps(rep, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
    json_decref(rep);
    if (!s)
        return pl_error(PARLEY_ERR_NOMEM, "out of memory");
    *json_out = pl_strdup(s);
    free(s);
    return *json_out ? PARLEY_OK : pl_error(PARLEY_ERR_NOMEM, "out of memory");
}
