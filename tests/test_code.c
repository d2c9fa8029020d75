/* test_code.c - unit tests for the event coder (src/code/match.c,
 * event.c) on hand-built parsed sentences, with the real CAMEO verb
 * dictionary and tables: patterns, particles, passives, compounds,
 * negation, modality, transformations, writers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "code/code.h"
#include "code/records.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A word of a hand-built parse: form, UPOS, lemma, 1-based head, deprel. */
typedef struct tw {
    const char *form, *upos, *lemma;
    int head;
    const char *deprel;
} tw;

/* An actor: words [w0, w1) of the sentence (0-based), head word, code. */
typedef struct ta {
    int w0, w1, head;
    const char *code;
} ta;

static pl_verbdict *vd;
static pl_tables *tb;

static int setup(void **state)
{
    (void)state;
    const char *p[] = {"data/petrarch2/CAMEO.2.0.txt"};
    parley_set_log(NULL, NULL);
    if (pl_verbs_load(p, 1, &vd) || pl_tables_load("data", &tb))
        return -1;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    pl_verbs_free(vd);
    pl_tables_free(tb);
    return 0;
}

/* Build a one-sentence document; words are found in text left to right. */
static parley_doc *mkdoc(const char *text, const tw *ws, int n)
{
    parley_doc *doc = NULL;
    assert_int_equal(parley_doc_new("d1", "2023-06-14", text, strlen(text), &doc), PARLEY_OK);
    const char *at = doc->text;
    for (int i = 0; i < n; i++) {
        const char *f = strstr(at, ws[i].form);
        assert_non_null(f);
        pl_word w;
        memset(&w, 0, sizeof w);
        w.start = (uint32_t)(f - doc->text);
        w.end = w.start + (uint32_t)strlen(ws[i].form);
        w.form = w.norm = ws[i].form;
        w.lemma = ws[i].lemma;
        w.upos = (uint8_t)pl_upos_from_name(ws[i].upos);
        w.head = ws[i].head;
        w.deprel = ws[i].deprel;
        assert_int_equal(pl_doc_add_word(doc, &w), PARLEY_OK);
        at = f + strlen(ws[i].form);
    }
    pl_sentence s = {0, (uint32_t)strlen(text), 0, (uint32_t)n, 0};
    assert_int_equal(pl_doc_add_sentence(doc, &s), PARLEY_OK);
    return doc;
}

/* Code the sentence; events attached to doc. */
static size_t code(parley_doc *doc, const ta *as, int na, const pl_code_opts *o)
{
    pl_code_actor acts[16];
    for (int i = 0; i < na; i++) {
        acts[i].w0 = (uint32_t)as[i].w0;
        acts[i].w1 = (uint32_t)as[i].w1;
        acts[i].head = (uint32_t)as[i].head;
        acts[i].start = doc->words[as[i].w0].start;
        acts[i].end = doc->words[as[i].w1 - 1].end;
        acts[i].code = as[i].code;
        acts[i].match = 1;
    }
    pl_events ev = {0};
    assert_int_equal(pl_code_sentence(vd, tb, doc, 0, acts, (size_t)na, o, &ev), PARLEY_OK);
    assert_int_equal(pl_code_attach(doc, &ev), PARLEY_OK);
    pl_events_release(&ev);
    return parley_doc_event_count(doc);
}

static const char *src(parley_doc *d, size_t i)
{
    const char *c = NULL;
    assert_int_equal(parley_event_actor(d, i, 0, &c, NULL, NULL, NULL, NULL), PARLEY_OK);
    return c;
}

static const char *tgt(parley_doc *d, size_t i)
{
    const char *c = NULL;
    assert_int_equal(parley_event_actor(d, i, 1, &c, NULL, NULL, NULL, NULL), PARLEY_OK);
    return c;
}

static const tw SHOT[] = {
    {"The", "DET", "the", 3, "det"},
    {"US", "PROPN", "US", 3, "compound"},
    {"military", "NOUN", "military", 4, "nsubj"},
    {"shot", "VERB", "shoot", 0, "root"},
    {"down", "ADP", "down", 4, "compound:prt"},
    {"a", "DET", "a", 8, "det"},
    {"Chinese", "ADJ", "Chinese", 8, "amod"},
    {"balloon", "NOUN", "balloon", 4, "obj"},
    {".", "PUNCT", ".", 4, "punct"},
};

static void particle_verb_with_object_actor(void **state)
{
    (void)state;
    parley_doc *d = mkdoc("The US military shot down a Chinese balloon.", SHOT, 9);
    ta as[] = {{1, 3, 2, "USAMIL"}, {6, 7, 6, "CHN"}};
    assert_int_equal(code(d, as, 2, NULL), 1);
    assert_string_equal(src(d, 0), "USAMIL");
    assert_string_equal(tgt(d, 0), "CHN");
    /* SHOOT_DOWN sits in the KILL block [190] */
    assert_string_equal(parley_event_cameo(d, 0), "190");
    assert_int_equal(parley_event_quad_class(d, 0), 4);
    assert_true(fabs(parley_event_goldstein(d, 0) - -10.0) < 1e-9);
    assert_string_equal(parley_event_plover(d, 0), "ASSAULT");
    const char *text, *file;
    size_t s, e, line;
    assert_int_equal(parley_event_trigger(d, 0, &text, &s, &e), PARLEY_OK);
    assert_string_equal(text, "shot");
    assert_int_equal(s, 16);
    assert_int_equal(parley_event_pattern(d, 0, &text, &file, &line), PARLEY_OK);
    assert_non_null(strstr(file, "CAMEO.2.0.txt"));
    assert_true(line > 0);
    const char *stext, *match;
    assert_int_equal(parley_event_actor(d, 0, 0, NULL, &stext, &s, &e, &match), PARLEY_OK);
    assert_string_equal(stext, "US military");
    assert_string_equal(match, "exact");
    assert_int_equal(parley_event_actor(d, 0, 2, NULL, NULL, NULL, NULL, NULL), PARLEY_ERR_ARG);
    parley_doc_free(d);
}

static const tw PASSIVE[] = {
    {"Gondor", "PROPN", "Gondor", 3, "nsubj:pass"}, {"was", "AUX", "be", 3, "aux:pass"},
    {"attacked", "VERB", "attack", 0, "root"},      {"by", "ADP", "by", 5, "case"},
    {"Arnor", "PROPN", "Arnor", 3, "obl:agent"},    {".", "PUNCT", ".", 3, "punct"},
};

static void passive_takes_the_agent_as_source(void **state)
{
    (void)state;
    parley_doc *d = mkdoc("Gondor was attacked by Arnor.", PASSIVE, 6);
    ta as[] = {{0, 1, 0, "GON"}, {4, 5, 4, "ARN"}};
    assert_int_equal(code(d, as, 2, NULL), 1);
    assert_string_equal(src(d, 0), "ARN");
    assert_string_equal(tgt(d, 0), "GON");
    assert_string_equal(parley_event_root(d, 0), "19");
    parley_doc_free(d);
}

static const tw COMPOUND[] = {
    {"Arnor", "PROPN", "Arnor", 4, "nsubj"},  {"and", "CCONJ", "and", 3, "cc"},
    {"Gondor", "PROPN", "Gondor", 1, "conj"}, {"attacked", "VERB", "attack", 0, "root"},
    {"Mordor", "PROPN", "Mordor", 4, "obj"},  {"and", "CCONJ", "and", 7, "cc"},
    {"Rohan", "PROPN", "Rohan", 5, "conj"},   {".", "PUNCT", ".", 4, "punct"},
};

static void compound_actors_give_one_event_per_pair(void **state)
{
    (void)state;
    parley_doc *d = mkdoc("Arnor and Gondor attacked Mordor and Rohan.", COMPOUND, 8);
    ta as[] = {{0, 1, 0, "ARN"}, {2, 3, 2, "GON"}, {4, 5, 4, "MOR"}, {6, 7, 6, "ROH"}};
    assert_int_equal(code(d, as, 4, NULL), 4);
    assert_string_equal(src(d, 0), "ARN");
    assert_string_equal(tgt(d, 0), "MOR");
    assert_string_equal(src(d, 1), "ARN");
    assert_string_equal(tgt(d, 1), "ROH");
    assert_string_equal(src(d, 3), "GON");
    assert_string_equal(tgt(d, 3), "ROH");
    parley_doc_free(d);
}

static const tw NEGATED[] = {
    {"Arnor", "PROPN", "Arnor", 4, "nsubj"}, {"did", "AUX", "do", 4, "aux"},
    {"not", "PART", "not", 4, "advmod"},     {"attack", "VERB", "attack", 0, "root"},
    {"Gondor", "PROPN", "Gondor", 4, "obj"}, {".", "PUNCT", ".", 4, "punct"},
};

static void negated_actions_are_not_coded(void **state)
{
    (void)state;
    parley_doc *d = mkdoc("Arnor did not attack Gondor.", NEGATED, 6);
    ta as[] = {{0, 1, 0, "ARN"}, {4, 5, 4, "GON"}};
    assert_int_equal(code(d, as, 2, NULL), 0);
    pl_code_opts keep = {.require_dyad = true, .keep_negated = true};
    assert_int_equal(code(d, as, 2, &keep), 1);
    assert_string_equal(parley_event_mode(d, 0), "negated");
    parley_doc_free(d);
}

static const tw PLANNED[] = {
    {"Blinken", "PROPN", "Blinken", 3, "nsubj"},
    {"will", "AUX", "will", 3, "aux"},
    {"visit", "VERB", "visit", 0, "root"},
    {"China", "PROPN", "China", 3, "obj"},
    {".", "PUNCT", ".", 3, "punct"},
};

static void future_actions_are_marked_planned(void **state)
{
    (void)state;
    parley_doc *d = mkdoc("Blinken will visit China.", PLANNED, 5);
    ta as[] = {{0, 1, 0, "USAGOV"}, {3, 4, 3, "CHN"}};
    /* VISIT [042:043]: the visit, and the host's side of it */
    assert_int_equal(code(d, as, 2, NULL), 2);
    assert_string_equal(parley_event_cameo(d, 0), "042");
    assert_string_equal(src(d, 0), "USAGOV");
    assert_string_equal(parley_event_mode(d, 0), "planned");
    assert_string_equal(parley_event_plover_mode(d, 0), "visit");
    assert_string_equal(parley_event_cameo(d, 1), "043");
    assert_string_equal(src(d, 1), "CHN");
    assert_string_equal(tgt(d, 1), "USAGOV");
    assert_string_equal(parley_event_mode(d, 1), "planned");
    parley_doc_free(d);
}

static const tw WANTED[] = {
    {"Arnor", "PROPN", "Arnor", 2, "nsubj"}, {"wanted", "VERB", "want", 0, "root"},
    {"to", "PART", "to", 4, "mark"},         {"visit", "VERB", "visit", 2, "xcomp"},
    {"Gondor", "PROPN", "Gondor", 4, "obj"}, {".", "PUNCT", ".", 2, "punct"},
};

static void controlled_verbs_inherit_the_subject_and_intent(void **state)
{
    (void)state;
    parley_doc *d = mkdoc("Arnor wanted to visit Gondor.", WANTED, 6);
    ta as[] = {{0, 1, 0, "ARN"}, {4, 5, 4, "GON"}};
    size_t n = code(d, as, 2, NULL), k = n;
    for (size_t i = 0; i < n; i++)
        if (strcmp(parley_event_cameo(d, i), "042") == 0)
            k = i;
    assert_true(k < n);
    assert_string_equal(src(d, k), "ARN");
    assert_string_equal(tgt(d, k), "GON");
    assert_string_equal(parley_event_mode(d, k), "intended");
    parley_doc_free(d);
}

static const tw CEASEFIRE[] = {
    {"Arnor", "PROPN", "Arnor", 2, "nsubj"},  {"agreed", "VERB", "agree", 0, "root"},
    {"to", "ADP", "to", 5, "case"},           {"a", "DET", "a", 5, "det"},
    {"truce", "NOUN", "truce", 2, "obl"},     {"with", "ADP", "with", 7, "case"},
    {"Gondor", "PROPN", "Gondor", 5, "nmod"}, {".", "PUNCT", ".", 2, "punct"},
};

static void prepositional_pattern_with_synset_wins_over_default(void **state)
{
    (void)state;
    parley_doc *d = mkdoc("Arnor agreed to a truce with Gondor.", CEASEFIRE, 8);
    ta as[] = {{0, 1, 0, "ARN"}, {6, 7, 6, "GON"}};
    assert_int_equal(code(d, as, 2, NULL), 1);
    assert_string_equal(parley_event_cameo(d, 0), "0356"); /* - * (TO &CEASEFIRE) */
    assert_string_equal(tgt(d, 0), "GON");
    const char *text;
    assert_int_equal(parley_event_pattern(d, 0, &text, NULL, NULL), PARLEY_OK);
    assert_string_equal(text, "* (TO &CEASEFIRE)");
    parley_doc_free(d);
}

static const tw SAID[] = {
    {"Arnor", "PROPN", "Arnor", 2, "nsubj"},   {"said", "VERB", "say", 0, "root"},
    {"Gondor", "PROPN", "Gondor", 4, "nsubj"}, {"attacked", "VERB", "attack", 2, "ccomp"},
    {"Rohan", "PROPN", "Rohan", 4, "obj"},     {".", "PUNCT", ".", 2, "punct"},
};

static void say_transformation_turns_a_report_into_an_accusation(void **state)
{
    (void)state;
    parley_doc *d = mkdoc("Arnor said Gondor attacked Rohan.", SAID, 6);
    ta as[] = {{0, 1, 0, "ARN"}, {2, 3, 2, "GON"}, {4, 5, 4, "ROH"}};
    assert_int_equal(code(d, as, 3, NULL), 1);
    /* ~ a (b . ATTACK) SAY = a b 112 */
    assert_string_equal(parley_event_cameo(d, 0), "112");
    assert_string_equal(src(d, 0), "ARN");
    assert_string_equal(tgt(d, 0), "GON");
    parley_doc_free(d);
}

static const tw WANT_ATTACK[] = {
    {"Arnor", "PROPN", "Arnor", 2, "nsubj"}, {"wanted", "VERB", "want", 0, "root"},
    {"to", "PART", "to", 4, "mark"},         {"attack", "VERB", "attack", 2, "xcomp"},
    {"Gondor", "PROPN", "Gondor", 4, "obj"}, {".", "PUNCT", ".", 2, "punct"},
};

static void want_transformation_makes_a_threat(void **state)
{
    (void)state;
    parley_doc *d = mkdoc("Arnor wanted to attack Gondor.", WANT_ATTACK, 6);
    ta as[] = {{0, 1, 0, "ARN"}, {4, 5, 4, "GON"}};
    assert_int_equal(code(d, as, 2, NULL), 1);
    /* ~ a (_ b ATTACK) WANT = a b 138 */
    assert_string_equal(parley_event_cameo(d, 0), "138");
    assert_string_equal(src(d, 0), "ARN");
    assert_string_equal(tgt(d, 0), "GON");
    assert_string_equal(parley_event_mode(d, 0), "");
    parley_doc_free(d);
}

static void no_actor_no_event_and_bad_parse_survives(void **state)
{
    (void)state;
    parley_doc *d = mkdoc("The US military shot down a Chinese balloon.", SHOT, 9);
    assert_int_equal(code(d, NULL, 0, NULL), 0);
    char *none = NULL;
    assert_int_equal(parley_events_format(d, PARLEY_EVENTS_JSONL, &none), PARLEY_OK);
    assert_string_equal(none, "");
    parley_string_free(none);
    /* a cyclic, out-of-range parse must not hang or crash */
    for (size_t i = 0; i < d->nwords; i++)
        d->words[i].head = (int32_t)((i + 2) % (d->nwords + 3));
    ta as[] = {{1, 3, 2, "USAMIL"}, {6, 7, 6, "CHN"}};
    code(d, as, 2, NULL);
    parley_doc_free(d);
}

static void writers_produce_jsonl_csv_gdelt(void **state)
{
    (void)state;
    parley_doc *d = mkdoc("The US military shot down a Chinese balloon.", SHOT, 9);
    ta as[] = {{1, 3, 2, "USAMIL"}, {6, 7, 6, "CHN"}};
    assert_int_equal(code(d, as, 2, NULL), 1);
    char *out = NULL;
    assert_int_equal(parley_events_format(d, PARLEY_EVENTS_JSONL, &out), PARLEY_OK);
    assert_non_null(strstr(out, "{\"doc_id\":\"d1\",\"sentence_index\":0,\"sentence\":\"The US "
                                "military shot down a Chinese balloon.\",\"date\":\"2023-06-14\","
                                "\"source\":{\"code\":\"USAMIL\",\"text\":\"US military\","
                                "\"start\":4,\"end\":15,\"match\":\"exact\"}"));
    assert_non_null(strstr(out, "\"cameo\":\"190\",\"root\":\"19\",\"quad_class\":4,"
                                "\"goldstein\":-10.0,\"plover\":\"ASSAULT\""));
    assert_non_null(strstr(out, "\"trigger\":{\"text\":\"shot\",\"start\":16,\"end\":20}"));
    assert_int_equal(out[strlen(out) - 1], '\n');
    parley_string_free(out);

    assert_int_equal(parley_events_format(d, PARLEY_EVENTS_CSV, &out), PARLEY_OK);
    assert_true(strncmp(out, "d1,0,2023-06-14,USAMIL,US military,4,15,exact,CHN,Chinese", 57) == 0);
    parley_string_free(out);
    assert_non_null(strstr(parley_events_header(PARLEY_EVENTS_CSV), "doc_id,sentence_index"));
    assert_string_equal(parley_events_header(PARLEY_EVENTS_GDELT), "");

    assert_int_equal(parley_events_format(d, PARLEY_EVENTS_GDELT, &out), PARLEY_OK);
    int tabs = 0;
    for (char *p = out; *p; p++)
        tabs += *p == '\t';
    assert_int_equal(tabs, 60); /* 61 columns */
    assert_true(strncmp(out, "\t20230614\t202306\t2023\t", 22) == 0);
    assert_non_null(strstr(out, "\tUSAMIL\tUS MILITARY\tUSA\t\t\t\t\tMIL\t\t\t"));
    assert_non_null(strstr(out, "\t190\t190\t19\t4\t-10.0\t1\t1\t1\t"));
    parley_string_free(out);

    parley_event_format f;
    assert_int_equal(parley_event_format_from_name("gdelt", &f), PARLEY_OK);
    assert_int_equal(f, PARLEY_EVENTS_GDELT);
    assert_int_equal(parley_event_format_from_name("xml", &f), PARLEY_ERR_ARG);
    parley_doc_free(d);
}

static void json_and_csv_escape_awkward_text(void **state)
{
    (void)state;
    static const tw Q[] = {
        {"\"Arnor\"", "PROPN", "Arnor", 2, "nsubj"},
        {"attacked", "VERB", "attack", 0, "root"},
        {"Gondor,\tinc", "PROPN", "Gondor", 2, "obj"},
    };
    parley_doc *d = mkdoc("\"Arnor\" attacked Gondor,\tinc", Q, 3);
    ta as[] = {{0, 1, 0, "ARN"}, {2, 3, 2, "GON"}};
    assert_int_equal(code(d, as, 2, NULL), 1);
    char *out = NULL;
    assert_int_equal(parley_events_format(d, PARLEY_EVENTS_JSONL, &out), PARLEY_OK);
    assert_non_null(strstr(out, "\"text\":\"\\\"Arnor\\\"\""));
    assert_non_null(strstr(out, "\"text\":\"Gondor,\\tinc\""));
    parley_string_free(out);
    assert_int_equal(parley_events_format(d, PARLEY_EVENTS_CSV, &out), PARLEY_OK);
    assert_non_null(strstr(out, ",\"\"\"Arnor\"\"\","));
    assert_non_null(strstr(out, ",\"Gondor,\tinc\","));
    parley_string_free(out);
    parley_doc_free(d);
}

static int nwarn_rec;
static void warn_rec(void *u, const char *m)
{
    (void)u;
    (void)m;
    nwarn_rec++;
}

static void records_reader_reads_the_real_file(void **state)
{
    (void)state;
    pl_records *r = NULL;
    parley_set_log(warn_rec, NULL);
    nwarn_rec = 0;
    assert_int_equal(pl_records_read("data/petrarch2/PETR.UnitTest.records.xml", &r), PARLEY_OK);
    assert_int_equal(r->n, 284);
    size_t active = 0;
    for (size_t i = 0; i < r->n; i++)
        active += r->r[i].active;
    assert_int_equal(active, 279);
    assert_string_equal(r->verbfile, "PETR.Validate.verbs.txt");
    assert_string_equal(r->actorfile, "PETR.Validate.actors.txt");
    const pl_record *d0 = &r->r[0];
    assert_string_equal(d0->id, "DEMO-00");
    assert_string_equal(d0->category, "DEMO");
    assert_string_equal(d0->date, "1995-01-01");
    assert_string_equal(d0->text, "Arnor is about to restore full diplomatic ties with Gondor "
                                  "almost five years after crowds trashed its embassy.");
    assert_int_equal(d0->nev, 1);
    assert_string_equal(d0->ev[0].src, "ARN");
    assert_string_equal(d0->ev[0].tgt, "GON");
    assert_string_equal(d0->ev[0].code, "064");
    assert_true(d0->require_dyad);
    /* a later record runs with require_dyad = false from a <Config> */
    bool some_off = false;
    for (size_t i = 0; i < r->n; i++)
        some_off |= !r->r[i].require_dyad;
    assert_true(some_off);
    pl_records_free(r);
}

static void records_reader_reports_bad_records_and_bad_xml(void **state)
{
    (void)state;
    const char *x = "<Validation><Sentences>"
                    "<Sentence date=\"x\" id=\"A\" sentence=\"true\"><Text>t</Text></Sentence>"
                    "<Sentence id=\"B\" sentence=\"true\"></Sentence>"
                    "<Sentence id=\"C\" date=\"20010203\" sentence=\"true\"><Text> a\n b </Text>"
                    "<EventCoding noevents=\"True\"></EventCoding>"
                    "<EventCoding sourcecode='\"ARN\"' targetcode=\"GON\" eventcode=\"042\"/>"
                    "<Parse>(ROOT (S (NP (NNP Arnor)) (VP (VBD met))))</Parse>"
                    "</Sentence>"
                    "<Sentence id=\"D\" date=\"20010203\" sentence=\"true\"><Text>x</Text>"
                    "<Parse>(ROOT (S (NP (NNP Arnor)) (VBD met))))</Parse></Sentence>"
                    "</Sentences></Validation>";
    pl_records *r = NULL;
    parley_set_log(warn_rec, NULL);
    nwarn_rec = 0;
    assert_int_equal(pl_records_read_mem(x, strlen(x), "m.xml", &r), PARLEY_OK);
    assert_int_equal(r->n, 4);
    assert_false(r->r[2].bad_parse);
    assert_true(r->r[3].bad_parse); /* one ) too many */
    assert_true(r->r[0].bad);
    assert_true(r->r[1].bad);
    assert_false(r->r[2].bad);
    assert_string_equal(r->r[2].text, "a b");
    assert_string_equal(r->r[2].date, "2001-02-03");
    assert_int_equal(r->r[2].nev, 1);
    assert_string_equal(r->r[2].ev[0].src, "ARN");
    assert_int_equal(nwarn_rec, 2);
    pl_records_free(r);
    assert_int_equal(pl_records_read_mem("<a><b></a>", 10, "bad.xml", &r), PARLEY_ERR_FORMAT);
    assert_null(r);
    assert_non_null(strstr(parley_errmsg(), "bad.xml"));
    assert_int_equal(pl_records_read("/nonexistent.xml", &r), PARLEY_ERR_IO);
    /* allocation failures anywhere: an error, never a leak or a crash */
    parley_set_log(NULL, NULL);
    for (long k = 0; k < 400; k++) {
        pl_alloc_fail_after(k);
        parley_status st = pl_records_read_mem(x, strlen(x), "m.xml", &r);
        pl_alloc_fail_after(-1);
        if (st == PARLEY_OK) {
            pl_records_free(r);
            break;
        }
        assert_null(r);
    }
}

/* "..., which Beijing also rejected" parsed as it was on the founding
 * article: the clause hangs on "followed" as advcl:relcl and "which" is a
 * second subject. China rejects the United States (REJECT [120]). */
static void relative_clause_object_and_antecedent(void **state)
{
    (void)state;
    static const tw W[] = {
        {"The", "DET", "the", 3, "det"},
        {"United", "ADJ", "United", 3, "amod"},
        {"States", "PROPN", "State", 4, "nsubj"},
        {"followed", "VERB", "follow", 0, "root"},
        {"suit", "NOUN", "suit", 4, "obj"},
        {"and", "CCONJ", "and", 7, "cc"},
        {"accused", "VERB", "accuse", 4, "conj"},
        {"China", "PROPN", "China", 7, "obj"},
        {"of", "SCONJ", "of", 10, "mark"},
        {"spying", "VERB", "spy", 7, "advcl"},
        {",", "PUNCT", ",", 15, "punct"},
        {"which", "PRON", "which", 15, "nsubj"},
        {"Beijing", "PROPN", "Beijing", 15, "nsubj"},
        {"also", "ADV", "also", 15, "advmod"},
        {"rejected", "VERB", "reject", 4, "advcl:relcl"},
        {".", "PUNCT", ".", 4, "punct"},
    };
    parley_doc *d = mkdoc("The United States followed suit and accused China of spying, which "
                          "Beijing also rejected.",
                          W, 16);
    ta A[] = {{0, 3, 2, "USA"}, {7, 8, 7, "CHN"}, {12, 13, 12, "CHNGOV"}};
    pl_code_opts o = {0};
    size_t n = code(d, A, 3, &o);
    bool rejected = false;
    for (size_t i = 0; i < n; i++)
        if (strcmp(parley_event_cameo(d, i), "120") == 0) {
            assert_string_equal(src(d, i), "CHNGOV");
            assert_string_equal(tgt(d, i), "USA");
            rejected = true;
        }
    assert_true(rejected);
    parley_doc_free(d);
}

/* A "subject" with a preposition is a misparsed adverbial: the actor
 * before the verb that is no prepositional object is the source. */
static void prepositional_subject_is_not_the_source(void **state)
{
    (void)state;
    static const tw W[] = {
        {"After", "ADP", "after", 2, "case"},
        {"disagreements", "NOUN", "disagreement", 7, "nsubj"},
        {"with", "ADP", "with", 4, "case"},
        {"Beijing", "PROPN", "Beijing", 2, "nmod"},
        {",", "PUNCT", ",", 6, "punct"},
        {"Blinken", "PROPN", "Blinken", 4, "conj"},
        {"accused", "VERB", "accuse", 0, "root"},
        {"China", "PROPN", "China", 7, "obj"},
        {".", "PUNCT", ".", 7, "punct"},
    };
    parley_doc *d = mkdoc("After disagreements with Beijing, Blinken accused China.", W, 9);
    ta A[] = {{3, 4, 3, "CHNGOV"}, {5, 6, 5, "USAGOV"}, {7, 8, 7, "CHN"}};
    pl_code_opts o = {0};
    assert_int_equal(code(d, A, 3, &o), 1);
    assert_string_equal(src(d, 0), "USAGOV");
    assert_string_equal(tgt(d, 0), "CHN");
    parley_doc_free(d);
}

/* "his Chinese counterpart Qin Gang" with the name as a sibling (xcomp), and
 * "the Chinese leader, Wang Yi" with it in apposition: the named person,
 * not the adjective, is the target. */
static void named_person_wins_over_country_adjective(void **state)
{
    (void)state;
    static const tw W1[] = {
        {"Blinken", "PROPN", "Blinken", 2, "nsubj"},
        {"called", "VERB", "call", 0, "root"},
        {"his", "PRON", "his", 5, "nmod:poss"},
        {"Chinese", "ADJ", "Chinese", 5, "amod"},
        {"counterpart", "NOUN", "counterpart", 2, "obj"},
        {"Qin", "PROPN", "Qin", 7, "compound"},
        {"Gang", "NOUN", "gang", 2, "xcomp"},
        {".", "PUNCT", ".", 2, "punct"},
    };
    parley_doc *d = mkdoc("Blinken called his Chinese counterpart Qin Gang.", W1, 8);
    ta A1[] = {{0, 1, 0, "USAGOV"}, {3, 4, 3, "CHN"}, {5, 7, 6, "CHNGOV"}};
    pl_code_opts o = {0};
    size_t n = code(d, A1, 3, &o);
    assert_true(n >= 1);
    for (size_t i = 0; i < n; i++)
        assert_string_equal(strcmp(src(d, i), "USAGOV") == 0 ? tgt(d, i) : src(d, i), "CHNGOV");
    parley_doc_free(d);
    static const tw W2[] = {
        {"Blinken", "PROPN", "Blinken", 2, "nsubj"},
        {"met", "VERB", "meet", 0, "root"},
        {"the", "DET", "the", 5, "det"},
        {"Chinese", "ADJ", "Chinese", 5, "amod"},
        {"leader", "NOUN", "leader", 2, "obj"},
        {",", "PUNCT", ",", 8, "punct"},
        {"Wang", "PROPN", "Wang", 8, "compound"},
        {"Yi", "PROPN", "Yi", 5, "appos"},
        {".", "PUNCT", ".", 2, "punct"},
    };
    d = mkdoc("Blinken met the Chinese leader, Wang Yi.", W2, 9);
    ta A2[] = {{0, 1, 0, "USAGOV"}, {3, 4, 3, "CHN"}, {6, 8, 7, "CHNGOV"}};
    n = code(d, A2, 3, &o);
    assert_true(n >= 1);
    assert_string_equal(src(d, 0), "USAGOV");
    assert_string_equal(tgt(d, 0), "CHNGOV");
    parley_doc_free(d);
}

/* "The United States on Thursday fired two artillery shells at Seoul." as
 * the parser got it: no main verb, "fired" under "Thursday". The nominal
 * root is the subject the parse missed. */
static void verb_under_a_nominal_root_takes_it_as_subject(void **state)
{
    (void)state;
    static const tw W[] = {
        {"The", "DET", "the", 3, "det"},
        {"United", "ADJ", "United", 3, "amod"},
        {"States", "PROPN", "State", 0, "root"},
        {"on", "ADP", "on", 5, "case"},
        {"Thursday", "PROPN", "Thursday", 3, "nmod"},
        {"fired", "VERB", "fire", 5, "acl"},
        {"two", "NUM", "two", 9, "nummod"},
        {"artillery", "NOUN", "artillery", 9, "compound"},
        {"shells", "NOUN", "shell", 6, "obj"},
        {"at", "ADP", "at", 11, "case"},
        {"Seoul", "PROPN", "Seoul", 9, "nmod"},
        {".", "PUNCT", ".", 3, "punct"},
    };
    parley_doc *d =
        mkdoc("The United States on Thursday fired two artillery shells at Seoul.", W, 12);
    ta A[] = {{0, 3, 2, "USA"}, {10, 11, 10, "KORGOV"}};
    pl_code_opts o = {0};
    size_t n = code(d, A, 2, &o);
    assert_true(n >= 1);
    assert_string_equal(src(d, 0), "USA");
    assert_string_equal(tgt(d, 0), "KORGOV");
    parley_doc_free(d);
}

/* "vowed on Thursday to wage war on X" with the infinitive as advcl: it is
 * the verb's complement, so its words and actors are the verb's. */
static void infinitive_parsed_as_advcl_is_a_complement(void **state)
{
    (void)state;
    static const tw W[] = {
        {"Russia", "PROPN", "Russia", 2, "nsubj"},
        {"vowed", "VERB", "vow", 0, "root"},
        {"on", "ADP", "on", 4, "case"},
        {"Thursday", "PROPN", "Thursday", 2, "obl"},
        {"to", "PART", "to", 6, "mark"},
        {"attack", "VERB", "attack", 2, "advcl"},
        {"Ukraine", "PROPN", "Ukraine", 6, "obj"},
        {".", "PUNCT", ".", 2, "punct"},
    };
    parley_doc *d = mkdoc("Russia vowed on Thursday to attack Ukraine.", W, 8);
    ta A[] = {{0, 1, 0, "RUS"}, {6, 7, 6, "UKR"}};
    pl_code_opts o = {0};
    size_t n = code(d, A, 2, &o);
    assert_true(n >= 1);
    bool intended = false;
    for (size_t i = 0; i < n; i++) {
        assert_string_equal(src(d, i), "RUS");
        assert_string_equal(tgt(d, i), "UKR");
        intended |= strcmp(parley_event_mode(d, i), "intended") == 0 ||
                    strncmp(parley_event_cameo(d, i), "13", 2) == 0;
    }
    assert_true(intended);
    parley_doc_free(d);
}

/* "X restored ties with Y after crowds from Z burned down its embassy":
 * the after-clause's one-sided event (Z, no target) is background to the
 * main event and dropped; a two-sided one would stay. */
static void one_sided_background_clause_is_dropped(void **state)
{
    (void)state;
    static const tw W[] = {
        {"Arnor", "PROPN", "Arnor", 2, "nsubj"},
        {"restored", "VERB", "restore", 0, "root"},
        {"ties", "NOUN", "tie", 2, "obj"},
        {"with", "ADP", "with", 5, "case"},
        {"Gondor", "PROPN", "Gondor", 3, "nmod"},
        {"after", "SCONJ", "after", 9, "mark"},
        {"Rohan", "PROPN", "Rohan", 8, "compound"},
        {"crowds", "NOUN", "crowd", 9, "nsubj"},
        {"burned", "VERB", "burn", 2, "advcl"},
        {"down", "ADP", "down", 9, "compound:prt"},
        {"its", "PRON", "its", 12, "nmod:poss"},
        {"embassy", "NOUN", "embassy", 9, "obj"},
        {".", "PUNCT", ".", 2, "punct"},
    };
    parley_doc *d = mkdoc("Arnor restored ties with Gondor after Rohan crowds burned down its embassy.", W,
                          13);
    ta A[] = {{0, 1, 0, "ARN"}, {4, 5, 4, "GON"}, {6, 7, 6, "ROH"}};
    pl_code_opts o = {.require_dyad = false, .keep_negated = false};
    size_t n = code(d, A, 3, &o);
    assert_true(n >= 1);
    for (size_t i = 0; i < n; i++)
        assert_string_not_equal(src(d, i), "ROH");
    parley_doc_free(d);
}

/* "Russia launched a new bombing and appeal campaign against Ukraine" with
 * "appeal" parsed as a second verb: the dependency clause of "launched" is
 * "a new bombing", so the pattern "* CAMPAIGN" only fits on the surface
 * verb phrase, which also gives the target. */
static void surface_verb_phrase_second_chance(void **state)
{
    (void)state;
    static const tw W[] = {
        {"Russia", "PROPN", "Russia", 2, "nsubj"},
        {"launched", "VERB", "launch", 0, "root"},
        {"a", "DET", "a", 5, "det"},
        {"new", "ADJ", "new", 5, "amod"},
        {"bombing", "NOUN", "bombing", 2, "obj"},
        {"and", "CCONJ", "and", 7, "cc"},
        {"appeal", "VERB", "appeal", 2, "conj"},
        {"campaign", "NOUN", "campaign", 7, "obj"},
        {"against", "ADP", "against", 10, "case"},
        {"Ukraine", "PROPN", "Ukraine", 7, "obl"},
        {".", "PUNCT", ".", 2, "punct"},
    };
    parley_doc *d = mkdoc("Russia launched a new bombing and appeal campaign against Ukraine.", W, 11);
    ta A[] = {{0, 1, 0, "RUS"}, {9, 10, 9, "UKR"}};
    pl_code_opts o = {.require_dyad = false, .keep_negated = false};
    size_t n = code(d, A, 2, &o);
    bool found = false;
    for (size_t i = 0; i < n; i++)
        if (strcmp(src(d, i), "RUS") == 0 && strcmp(tgt(d, i), "UKR") == 0 &&
            strcmp(parley_event_cameo(d, i), "020") == 0)
            found = true;
    assert_true(found);
    parley_doc_free(d);
}

/* "Russia will not even attack Ukraine" with "attack" tagged ADV under a
 * wrong head: a dictionary verb's base form after an auxiliary is still a
 * predicate, its subject the actor before it (negated: not coded unless
 * negated actions are kept). */
static void verb_after_auxiliary_despite_its_tag(void **state)
{
    (void)state;
    static const tw W[] = {
        {"Russia", "PROPN", "Russia", 0, "root"},
        {"will", "AUX", "will", 1, "dep"},
        {"not", "PART", "not", 5, "advmod"},
        {"even", "ADV", "even", 5, "advmod"},
        {"attack", "ADV", "attack", 1, "advmod"},
        {"Ukraine", "PROPN", "Ukraine", 5, "obj"},
        {".", "PUNCT", ".", 1, "punct"},
    };
    parley_doc *d = mkdoc("Russia will not even attack Ukraine.", W, 7);
    ta A[] = {{0, 1, 0, "RUS"}, {5, 6, 5, "UKR"}};
    pl_code_opts keep = {.require_dyad = false, .keep_negated = true};
    size_t n = code(d, A, 2, &keep);
    assert_true(n >= 1);
    assert_string_equal(src(d, 0), "RUS");
    assert_string_equal(tgt(d, 0), "UKR");
    assert_string_equal(parley_event_mode(d, 0), "negated");
    parley_doc_free(d);
}

/* "Russia will attack Ukraine" with "attack" tagged NOUN at the root but
 * given the auxiliary: the parser saw a predicate, so it is one. */
static void noun_with_an_auxiliary_is_a_predicate(void **state)
{
    (void)state;
    static const tw W[] = {
        {"Russia", "PROPN", "Russia", 3, "nsubj"},
        {"will", "AUX", "will", 3, "aux"},
        {"attack", "NOUN", "attack", 0, "root"},
        {"Ukraine", "PROPN", "Ukraine", 3, "obj"},
        {".", "PUNCT", ".", 3, "punct"},
    };
    parley_doc *d = mkdoc("Russia will attack Ukraine.", W, 5);
    ta A[] = {{0, 1, 0, "RUS"}, {3, 4, 3, "UKR"}};
    pl_code_opts o = {.require_dyad = true, .keep_negated = false};
    size_t n = code(d, A, 2, &o);
    assert_int_equal(n, 1);
    assert_string_equal(src(d, 0), "RUS");
    assert_string_equal(tgt(d, 0), "UKR");
    assert_string_equal(parley_event_mode(d, 0), "planned");
    parley_doc_free(d);
}

/* Every word a pattern requires is in its need mask, so the prefilter in
 * try_pattern never rejects a pattern that could match. */
static void pattern_need_masks_hold_their_words(void **state)
{
    (void)state;
    size_t np = pl_verbs_pattern_count(vd), checked = 0;
    for (size_t i = 0; i < np; i++) {
        const pl_vpattern *p = pl_verbs_pattern(vd, i);
        const pl_vel *parts[2] = {p->pre, p->post};
        uint16_t counts[2] = {p->npre, p->npost};
        for (int h = 0; h < 2; h++)
            for (uint16_t e = 0; e < counts[h]; e++) {
                const pl_vel *el = &parts[h][e];
                if (el->kind != PL_VEL_WORD || strchr(el->word, ' '))
                    continue;
                unsigned bit = pl_vword_bit(el->word, strlen(el->word));
                assert_true(p->need[bit >> 6] & ((uint64_t)1 << (bit & 63)));
                checked++;
            }
    }
    assert_true(checked > 1000);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(particle_verb_with_object_actor),
        cmocka_unit_test(relative_clause_object_and_antecedent),
        cmocka_unit_test(pattern_need_masks_hold_their_words),
        cmocka_unit_test(noun_with_an_auxiliary_is_a_predicate),
        cmocka_unit_test(verb_after_auxiliary_despite_its_tag),
        cmocka_unit_test(surface_verb_phrase_second_chance),
        cmocka_unit_test(one_sided_background_clause_is_dropped),
        cmocka_unit_test(verb_under_a_nominal_root_takes_it_as_subject),
        cmocka_unit_test(infinitive_parsed_as_advcl_is_a_complement),
        cmocka_unit_test(prepositional_subject_is_not_the_source),
        cmocka_unit_test(named_person_wins_over_country_adjective),
        cmocka_unit_test(passive_takes_the_agent_as_source),
        cmocka_unit_test(compound_actors_give_one_event_per_pair),
        cmocka_unit_test(negated_actions_are_not_coded),
        cmocka_unit_test(future_actions_are_marked_planned),
        cmocka_unit_test(controlled_verbs_inherit_the_subject_and_intent),
        cmocka_unit_test(prepositional_pattern_with_synset_wins_over_default),
        cmocka_unit_test(say_transformation_turns_a_report_into_an_accusation),
        cmocka_unit_test(want_transformation_makes_a_threat),
        cmocka_unit_test(no_actor_no_event_and_bad_parse_survives),
        cmocka_unit_test(writers_produce_jsonl_csv_gdelt),
        cmocka_unit_test(json_and_csv_escape_awkward_text),
        cmocka_unit_test(records_reader_reads_the_real_file),
        cmocka_unit_test(records_reader_reports_bad_records_and_bad_xml),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
