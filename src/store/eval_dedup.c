/*
 * eval_dedup.c - `parley eval dedup`: how well documents are grouped by the
 * events recorded from them, against ECB+ (Cybulska & Vossen 2014), whose
 * sub-topics each gather the documents reporting one real-world event.
 *
 * Each document is read from its CAT XML (tokens with sentence numbers; in
 * the *ecbplus.xml files sentence 0 is the source URL, which then gives the
 * document's url, outlet and, when the path holds /YYYY/MM/DD/, its date),
 * coded, and stored in two private stores: grouped by parley and by
 * PETRARCH/Phoenix's one-a-day filter. Documents sharing an event are one
 * group (transitively). Scores are over the covered documents, those with
 * at least one recorded event.
 */
#include "store/store.h"

#include <dirent.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define DEV_TOPICS "2,5,12,18,21,23,34,35"
#define MAX_DOCS   100000

typedef struct ecb_doc {
    char *id; /* the file name without .xml, e.g. 12_3ecbplus */
    int topic;
    int gold;     /* sub-topic: 2 * topic + (ecbplus ? 1 : 0) */
    bool covered; /* parley recorded an event in it */
    int group[2]; /* predicted group (union-find root) under parley / one-a-day */
} ecb_doc;

/* ---------------------------------------------------------------------- */
/* Reading one CAT XML file into a document */

static bool glue_left(const char *t)
{
    static const char *const p[] = {",", ".",  ";",   ":", "!",  "?", ")",
                                    "]", "'s", "n't", "%", "''", "'"};
    for (size_t i = 0; i < sizeof p / sizeof p[0]; i++)
        if (strcmp(t, p[i]) == 0)
            return true;
    return false;
}

/* A date YYYY-MM-DD from a URL path with /YYYY/MM/DD/, else "". */
static void url_date(const char *url, char out[11])
{
    out[0] = '\0';
    for (const char *p = strchr(url, '/'); p; p = strchr(p + 1, '/')) {
        int y, m, d;
        char sl[4];
        if (sscanf(p, "/%4d/%2d/%2d%1[/]", &y, &m, &d, sl) == 4 && y >= 1990 && y <= 2030 &&
            m >= 1 && m <= 12 && d >= 1 && d <= 31) {
            snprintf(out, 11, "%04d-%02d-%02d", y, m, d);
            long day;
            if (!st_day_from_date(out, &day))
                out[0] = '\0';
            return;
        }
    }
}

parley_status st_read_ecb(const char *data, size_t size, const char *path, const char *id,
                          bool plus, parley_doc **out)
{
    *out = NULL;
    if (size > (size_t)64 << 20)
        return pl_error(PARLEY_ERR_TOO_LARGE, "%s: larger than 64 MB", path);
    xmlDoc *x = xmlReadMemory(data, (int)size, path, NULL,
                              XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (!x) {
        const xmlError *e = xmlGetLastError();
        return pl_error(PARLEY_ERR_FORMAT, "%s:%d: not well-formed XML: %s", path, e ? e->line : 0,
                        e && e->message ? e->message : "?");
    }
    xmlNode *root = xmlDocGetRootElement(x);
    if (root && xmlStrcmp(root->name, (const xmlChar *)"Document") != 0) {
        xmlFreeDoc(x);
        return pl_error(PARLEY_ERR_FORMAT, "%s:%d: the root element is <%s>, not <Document>", path,
                        root->line, (const char *)root->name);
    }
    pl_buf text, url;
    pl_buf_init(&text, (size_t)16 << 20);
    pl_buf_init(&url, 4096);
    parley_status st = PARLEY_OK;
    long last = -1;
    size_t ntok = 0;
    for (xmlNode *n = root ? root->children : NULL; n && !st; n = n->next) {
        if (n->type != XML_ELEMENT_NODE || xmlStrcmp(n->name, (const xmlChar *)"token") != 0)
            continue;
        xmlChar *sa = xmlGetProp(n, (const xmlChar *)"sentence");
        xmlChar *tx = xmlNodeGetContent(n);
        char *end = NULL;
        long sent = sa ? strtol((const char *)sa, &end, 10) : -1;
        if (!sa || !end || *end || sent < 0) {
            st = pl_error(PARLEY_ERR_FORMAT, "%s:%d: token without a sentence number", path,
                          n->line);
        } else if (plus && sent == 0) {
            st = pl_buf_puts(&url, (const char *)tx); /* the URL, split into tokens */
        } else {
            if (sent != last && ntok)
                st = pl_buf_puts(&text, "\n\n");
            else if (ntok && !glue_left((const char *)tx))
                st = pl_buf_putc(&text, ' ');
            if (!st)
                st = pl_buf_puts(&text, (const char *)tx);
            ntok++;
            last = sent;
        }
        xmlFree(sa);
        xmlFree(tx);
    }
    xmlFreeDoc(x);
    char date[11] = "";
    if (!st && url.len)
        url_date(url.data, date);
    parley_doc *doc = NULL;
    if (!st && ntok == 0)
        st = pl_error(PARLEY_ERR_FORMAT, "%s: no tokens", path);
    if (!st)
        st = parley_doc_new(id, *date ? date : NULL, text.data, text.len, &doc);
    if (!st && url.len)
        st = pl_doc_set(doc, &doc->url, url.data, url.len);
    pl_buf_release(&text);
    pl_buf_release(&url);
    if (st) {
        parley_doc_free(doc);
        return st;
    }
    *out = doc;
    return PARLEY_OK;
}

/* ---------------------------------------------------------------------- */
/* The corpus: topics and their files, in a fixed order */

static bool topic_wanted(const char *topics, int t)
{
    if (strcmp(topics, "all") == 0)
        return true;
    for (const char *p = topics; *p;) {
        char *end;
        long v = strtol(p, &end, 10);
        if (end == p)
            return false;
        if (v == t)
            return true;
        p = *end == ',' ? end + 1 : end;
    }
    return false;
}

static int cmp_doc(const void *a, const void *b)
{
    const ecb_doc *x = a, *y = b;
    if (x->topic != y->topic)
        return x->topic - y->topic;
    if (x->gold != y->gold)
        return x->gold - y->gold;
    /* 12_3ecb before 12_10ecb */
    long nx = atol(strchr(x->id, '_') + 1), ny = atol(strchr(y->id, '_') + 1);
    return nx < ny ? -1 : nx > ny;
}

/* The files of the wanted topics under dir, sorted. */
static parley_status list_docs(const char *dir, const char *topics, ecb_doc **docs, size_t *n)
{
    *docs = NULL;
    *n = 0;
    size_t cap = 0;
    DIR *d = opendir(dir);
    if (!d)
        return pl_error(PARLEY_ERR_IO, "eval dedup: cannot open the ECB+ folder %s", dir);
    parley_status st = PARLEY_OK;
    struct dirent *e;
    while (!st && (e = readdir(d))) {
        char *end;
        long t = strtol(e->d_name, &end, 10);
        if (end == e->d_name || *end || !topic_wanted(topics, (int)t))
            continue;
        char sub[4096 + 256 + 2];
        snprintf(sub, sizeof sub, "%s/%s", dir, e->d_name);
        DIR *td = opendir(sub);
        if (!td)
            continue;
        struct dirent *f;
        while (!st && (f = readdir(td))) {
            size_t len = strlen(f->d_name);
            bool plus = len > 11 && strcmp(f->d_name + len - 11, "ecbplus.xml") == 0;
            bool ecb = len > 7 && strcmp(f->d_name + len - 7, "ecb.xml") == 0;
            if ((!plus && !ecb) || !strchr(f->d_name, '_'))
                continue;
            st = pl_grow((void **)docs, &cap, *n + 1, sizeof **docs, MAX_DOCS);
            if (st)
                break;
            ecb_doc *x = &(*docs)[*n];
            memset(x, 0, sizeof *x);
            x->id = pl_strndup(f->d_name, len - 4);
            x->topic = (int)t;
            x->gold = 2 * (int)t + (plus ? 1 : 0);
            if (!x->id)
                st = pl_error(PARLEY_ERR_NOMEM, "out of memory");
            else
                (*n)++;
        }
        closedir(td);
    }
    closedir(d);
    if (!st && *n == 0)
        st = pl_error(PARLEY_ERR_NOT_FOUND,
                      "eval dedup: no <topic>_<n>ecb[plus].xml files of "
                      "topics %s under %s",
                      topics, dir);
    if (!st)
        qsort(*docs, *n, sizeof **docs, cmp_doc);
    return st;
}

/* ---------------------------------------------------------------------- */
/* Scores */

static int find(int *parent, int i)
{
    while (parent[i] != i)
        i = parent[i] = parent[parent[i]];
    return i;
}

typedef struct score {
    double bp, br, pp, pr;
    long groups, events, over, under;
} score;

static double f1(double p, double r)
{
    return p + r > 0 ? 2 * p * r / (p + r) : 0;
}

/* B-cubed and pairwise scores of grouping g over the covered documents. */
static void score_grouping(const ecb_doc *docs, size_t n, int g, score *sc)
{
    double bp = 0, br = 0;
    long covered = 0, tp = 0, pred_pairs = 0, gold_pairs = 0;
    for (size_t i = 0; i < n; i++) {
        if (!docs[i].covered)
            continue;
        covered++;
        long same_pred = 0, same_gold = 0, both = 0;
        for (size_t j = 0; j < n; j++) {
            if (!docs[j].covered)
                continue;
            bool p = docs[j].group[g] == docs[i].group[g], q = docs[j].gold == docs[i].gold;
            same_pred += p;
            same_gold += q;
            both += p && q;
            if (j > i) {
                pred_pairs += p;
                gold_pairs += q;
                tp += p && q;
            }
        }
        bp += (double)both / (double)same_pred;
        br += (double)both / (double)same_gold;
    }
    sc->bp = covered ? bp / (double)covered : 0;
    sc->br = covered ? br / (double)covered : 0;
    sc->pp = pred_pairs ? (double)tp / (double)pred_pairs : 1;
    sc->pr = gold_pairs ? (double)tp / (double)gold_pairs : 1;
    /* groups holding several sub-topics (over-merged), sub-topics split
     * over several groups (under-merged) */
    sc->groups = sc->over = sc->under = 0;
    for (size_t i = 0; i < n; i++) {
        if (!docs[i].covered)
            continue;
        bool first_pred = true, first_gold = true, mixed = false, split = false;
        for (size_t j = 0; j < i; j++) {
            if (!docs[j].covered)
                continue;
            if (docs[j].group[g] == docs[i].group[g])
                first_pred = false;
            if (docs[j].gold == docs[i].gold)
                first_gold = false;
        }
        for (size_t j = 0; j < n; j++) {
            if (!docs[j].covered)
                continue;
            if (first_pred && docs[j].group[g] == docs[i].group[g] && docs[j].gold != docs[i].gold)
                mixed = true;
            if (first_gold && docs[j].gold == docs[i].gold && docs[j].group[g] != docs[i].group[g])
                split = true;
        }
        sc->groups += first_pred;
        sc->over += first_pred && mixed;
        sc->under += first_gold && split;
    }
}

static parley_status json_score(pl_buf *b, const char *name, const score *sc, const ecb_doc *docs,
                                size_t n, int g)
{
    char t[640];
    snprintf(t, sizeof t,
             "\"%s\":{\"bcubed_p\":%.4f,\"bcubed_r\":%.4f,\"bcubed_f1\":%.4f,\"pairwise_p\":%.4f,"
             "\"pairwise_r\":%.4f,\"pairwise_f1\":%.4f,\"events\":%ld,\"groups\":%ld,"
             "\"over_merged_groups\":%ld,\"under_merged_subtopics\":%ld,\"groups_list\":[",
             name, sc->bp, sc->br, f1(sc->bp, sc->br), sc->pp, sc->pr, f1(sc->pp, sc->pr),
             sc->events, sc->groups, sc->over, sc->under);
    parley_status st = pl_buf_puts(b, t);
    /* every predicted group with its documents: where it over- and under-merges */
    bool first_group = true;
    for (size_t i = 0; i < n && !st; i++) {
        if (!docs[i].covered)
            continue;
        bool first = true;
        for (size_t j = 0; j < i && first; j++)
            if (docs[j].covered && docs[j].group[g] == docs[i].group[g])
                first = false;
        if (!first)
            continue;
        st = pl_buf_puts(b, first_group ? "[" : ",[");
        first_group = false;
        bool first_doc = true;
        for (size_t j = i; j < n && !st; j++) {
            if (!docs[j].covered || docs[j].group[g] != docs[i].group[g])
                continue;
            snprintf(t, sizeof t, "%s\"%s\"", first_doc ? "" : ",", docs[j].id);
            first_doc = false;
            st = pl_buf_puts(b, t);
        }
        if (!st)
            st = pl_buf_putc(b, ']');
    }
    return st ? st : pl_buf_puts(b, "]}");
}

/* Group the documents by shared events of store s into docs[].group[g];
 * *events gets the number of distinct events of covered documents. */
static parley_status group_docs(parley_store *s, ecb_doc *docs, size_t n, int g, long *events)
{
    int *parent = pl_malloc(n * sizeof *parent);
    if (!parent)
        return pl_error(PARLEY_ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < n; i++)
        parent[i] = (int)i;
    sqlite3_stmt *q = NULL;
    /* each event's documents, in document order */
    parley_status st = PARLEY_OK;
    if (sqlite3_prepare_v2(s->db,
                           "SELECT m.event_id, d.id FROM mentions m JOIN documents d"
                           " ON d.doc_key = m.doc_key ORDER BY m.event_id, d.doc_key",
                           -1, &q, NULL) != SQLITE_OK)
        st = st_sqlerr(s, "grouping documents");
    int64_t cur = -1;
    int first = -1;
    *events = 0;
    while (!st && sqlite3_step(q) == SQLITE_ROW) {
        int64_t ev = sqlite3_column_int64(q, 0);
        const char *id = (const char *)sqlite3_column_text(q, 1);
        int k = -1;
        for (size_t i = 0; i < n && k < 0; i++)
            if (strcmp(docs[i].id, id) == 0)
                k = (int)i;
        if (k < 0)
            continue;
        if (ev != cur) {
            cur = ev;
            first = k;
            (*events)++;
        }
        docs[k].covered = true;
        int a = find(parent, first), b = find(parent, k);
        if (a != b)
            parent[b > a ? b : a] = b > a ? a : b;
    }
    sqlite3_finalize(q);
    for (size_t i = 0; i < n; i++)
        docs[i].group[g] = find(parent, (int)i);
    pl_free(parent);
    return st;
}

PARLEY_API parley_status parley_eval_dedup(const char *ecb_dir, const parley_model *m,
                                           const parley_dict *d, const parley_gazetteer *gaz,
                                           const char *topics, const char *level,
                                           const char *window, char **json)
{
    if (!json)
        return pl_error(PARLEY_ERR_ARG, "parley_eval_dedup: json is NULL");
    *json = NULL;
    if (!ecb_dir || !d)
        return pl_error(PARLEY_ERR_ARG, "parley_eval_dedup: need the ECB+ folder and dictionaries");
    if (!topics)
        topics = DEV_TOPICS;
    if (strcmp(topics, "all") != 0 && strspn(topics, "0123456789,") != strlen(topics))
        return pl_error(PARLEY_ERR_ARG, "eval dedup topics '%s': numbers and commas, or all",
                        topics);
    char dir[4096];
    struct stat sb;
    snprintf(dir, sizeof dir, "%s/docs", ecb_dir);
    if (stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode))
        snprintf(dir, sizeof dir, "%s", ecb_dir);
    ecb_doc *docs = NULL;
    size_t n = 0;
    parley_store *st2[2] = {NULL, NULL};
    parley_coder *coder = NULL;
    parley_status st = list_docs(dir, topics, &docs, &n);
    if (!st)
        st = parley_coder_new(m, d, &coder);
    if (!st)
        parley_coder_set_gazetteer(coder, gaz);
    for (int g = 0; !st && g < 2; g++) {
        st = parley_store_open(":memory:", 0, &st2[g]);
        if (!st)
            st = parley_store_configure(st2[g], "mode", g ? "one-a-day" : "parley");
        if (!st && level && !g)
            st = parley_store_configure(st2[g], "level", level);
        if (!st && window && !g)
            st = parley_store_configure(st2[g], "window", window);
    }
    size_t coded_events = 0;
    for (size_t i = 0; !st && i < n; i++) {
        char path[8192];
        snprintf(path, sizeof path, "%s/%d/%s.xml", dir, docs[i].topic, docs[i].id);
        parley_doc *doc = NULL;
        pl_buf raw;
        pl_buf_init(&raw, (size_t)64 << 20);
        st = pl_buf_read_file(&raw, path);
        if (!st)
            st = st_read_ecb(raw.data, raw.len, path, docs[i].id, docs[i].gold % 2 == 1, &doc);
        pl_buf_release(&raw);
        if (!st)
            st = parley_coder_code_doc(coder, doc, NULL);
        coded_events += parley_doc_event_count(doc);
        for (int g = 0; !st && g < 2; g++)
            st = parley_store_add_doc(st2[g], doc, NULL);
        parley_doc_free(doc);
    }
    score sc[2];
    for (int g = 0; !st && g < 2; g++) {
        st = parley_store_commit(st2[g]);
        if (!st)
            st = group_docs(st2[g], docs, n, g, &sc[g].events);
        if (!st)
            score_grouping(docs, n, g, &sc[g]);
    }
    pl_buf b;
    pl_buf_init(&b, 0);
    if (!st) {
        long covered = 0, gold_cov = 0, gold_all = 0;
        for (size_t i = 0; i < n; i++) {
            covered += docs[i].covered;
            bool new_all = true, new_cov = docs[i].covered;
            for (size_t j = 0; j < i; j++) {
                if (docs[j].gold == docs[i].gold) {
                    new_all = false;
                    if (docs[j].covered)
                        new_cov = false;
                }
            }
            gold_all += new_all;
            gold_cov += new_cov && docs[i].covered;
        }
        char t[512];
        snprintf(t, sizeof t,
                 "{\"topics\":\"%s\",\"documents\":%zu,\"coded_mentions\":%zu,\"covered\":%ld,"
                 "\"coverage\":%.4f,\"gold_subtopics\":%ld,\"gold_subtopics_covered\":%ld,"
                 "\"level\":\"%s\",\"window\":%s,\"places\":%s,",
                 topics, n, coded_events, covered, n ? (double)covered / (double)n : 0.0, gold_all,
                 gold_cov, level ? level : "country", window ? window : "2",
                 gaz ? "true" : "false");
        st = pl_buf_puts(&b, t);
        if (!st)
            st = json_score(&b, "parley", &sc[0], docs, n, 0);
        if (!st)
            st = pl_buf_putc(&b, ',');
        if (!st)
            st = json_score(&b, "one_a_day", &sc[1], docs, n, 1);
        if (!st)
            st = pl_buf_puts(&b, "}");
    }
    for (size_t i = 0; i < n; i++)
        pl_free(docs[i].id);
    pl_free(docs);
    parley_store_free(st2[0]);
    parley_store_free(st2[1]);
    parley_coder_free(coder);
    if (st) {
        pl_buf_release(&b);
        return st;
    }
    *json = b.data;
    return PARLEY_OK;
}
