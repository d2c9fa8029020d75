/* test_dict.c - unit tests for src/dict: the date rules, every dictionary
 * syntax with its dirty lines, code resolution, the matcher (longest match,
 * plurals, possessives, agents, capitals, typos), discards and issues. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "dict/dict.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---------------------------------------------------------------------- */
/* Helpers. */

static int nlog;
static char lastlog[1024];
static void count_log(void *user, const char *msg)
{
    (void)user;
    nlog++;
    snprintf(lastlog, sizeof lastlog, "%s", msg);
}

typedef parley_status (*reader_fn)(parley_dict *, pl_lines *);

/* A dictionary with one file read from a string. */
static parley_dict *dict_from(reader_fn fn, const char *text)
{
    parley_dict *d;
    assert_int_equal(pl_dict_new(&d), PARLEY_OK);
    FILE *f = fmemopen((void *)text, strlen(text), "r");
    assert_non_null(f);
    pl_lines *in = pl_lines_new(f, true, "mem.txt", 1 << 16);
    assert_int_equal(fn(d, in), PARLEY_OK);
    pl_lines_free(in);
    assert_int_equal(pl_dict_finish(d), PARLEY_OK);
    return d;
}

/* Resolve a phrase ("JOE_BIDEN") for a date (yyyymmdd). */
static const char *code_of(const parley_dict *d, const char *phrase, int32_t date)
{
    uint32_t node = 0;
    char buf[256];
    snprintf(buf, sizeof buf, "%s", phrase);
    for (char *w = strtok(buf, "_"); w; w = strtok(NULL, "_")) {
        node = pl_trie_child(&d->actors_trie, node, pl_words_find(&d->words, w, strlen(w)));
        if (node == PL_NONE)
            return NULL;
    }
    uint32_t v = d->actors_trie.value[node];
    return v == PL_NONE ? NULL : pl_dict_resolve(d, v, date);
}

static const pl_agent *agent_of(const parley_dict *d, const char *phrase)
{
    uint32_t node = 0;
    char buf[256];
    snprintf(buf, sizeof buf, "%s", phrase);
    for (char *w = strtok(buf, "_"); w; w = strtok(NULL, "_")) {
        node = pl_trie_child(&d->agents_trie, node, pl_words_find(&d->words, w, strlen(w)));
        if (node == PL_NONE)
            return NULL;
    }
    uint32_t v = d->agents_trie.value[node];
    return v == PL_NONE ? NULL : &d->agents[v];
}

/* Write a small dictionary set into a temporary directory. */
static char tmpdir[64];
static void write_file(const char *name, const char *text)
{
    char p[256];
    snprintf(p, sizeof p, "%s/%s", tmpdir, name);
    FILE *f = fopen(p, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static const char *small_actors =
    "UNITED_STATES_  [USA]\n+AMERICAN_\n+US_\n+U.S.\n+WASHINGTON_\n"
    "CHINA_ [CHN]\n+CHINESE_\n+BEIJING_\n"
    "RUSSIA_ [RUS]\n+RUSSIAN_\n"
    "TAIWAN_ [TWN]\n"
    "ANTHONY_BLINKEN_\n+ANTONY_BLINKEN_\n\t[USAGOV 210126-250120]\n\t[USAELI]\n"
    "PETER_WATERS_ [GBRGOV]\n"
    "JORDAN_ [JOR]\nMICHAEL_KORS_ [USABUS]\n"
    "WANG_YI_ [CHNGOV >130316]\n"
    "JOE_BIDEN_\n\t[USAELI 090120-170120]\n\t[USAGOV 210120-250120]\n"
    "BELARUS_ [BLR]\n+LUKASHENKO_\n"
    "BENELUX_ [BEL/NLD/LUX]\n";

static const char *small_agents =
    "!MINIST! = MINISTER, MINISTERS, MINISTRY, MINISTRIES\n"
    "FOREIGN_!MINIST! [~GOV]\n"
    "MILITARY [~MIL]\n"
    "GOVERNMENT [~GOV]\n"
    "WAITER [~CVL]\n"
    "NATIONAL_SECURITY_ADVISER [~GOVMIL]\n"
    "SOLDIER [~MIL]\nLAWMAKER [~LEG]\nOFFICIAL [~GOV]\nMEDIA {} [~MED]\nISLAMIST [~MUS]\n"
    "AMBASSADOR [~GOV]\nPRIME_MINISTER [~GOV]\nPRESIDENT [~GOV]\nSTUDENT [~EDU]\n"
    "MSF {} [NGO~]\nSPY [~SPY]\nPOLICE {} [~COP]\n";

static parley_dict *small_set(void)
{
    snprintf(tmpdir, sizeof tmpdir, "/tmp/parley-dict-XXXXXX");
    assert_non_null(mkdtemp(tmpdir));
    write_file("a.actors.txt", small_actors);
    write_file("agents.txt", small_agents);
    write_file("discards.txt", "+Manchester United\nGROUP A_\nBASEBALL\n");
    write_file("common.txt", "water\nhouse\n");
    char caps[512];
    snprintf(caps, sizeof caps, "%s", "[{\"cca3\":\"USA\",\"independent\":true,"
             "\"name\":{\"common\":\"United States\"},\"capital\":[\"Washington D.C.\"],"
             "\"demonyms\":{\"eng\":{\"m\":\"American\",\"f\":\"American\"}}},"
             "{\"cca3\":\"CHN\",\"independent\":true,\"name\":{\"common\":\"China\"},"
             "\"capital\":[\"Beijing\"],\"demonyms\":{\"eng\":{\"m\":\"Chinese\",\"f\":\"Chinese\"}}},"
             "{\"cca3\":\"UKR\",\"independent\":true,\"name\":{\"common\":\"Ukraine\"},"
             "\"capital\":[\"Kyiv\"],\"demonyms\":{\"eng\":{\"m\":\"Ukrainian\",\"f\":\"Ukrainian\"}}}]");
    write_file("countries.json", caps);
    write_file("parley.dicts", "# test set\nactors = *.actors.txt\nagents = agents.txt\n"
                               "discards = discards.txt\ncapitals = countries.json\n"
                               "common = common.txt\n");
    parley_dict *d;
    parley_set_log(NULL, NULL);
    assert_int_equal(parley_dict_load(tmpdir, &d), PARLEY_OK);
    return d;
}

static void remove_small_set(void)
{
    static const char *const names[] = {"a.actors.txt", "agents.txt", "discards.txt",
                                        "common.txt", "countries.json", "parley.dicts"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        char p[256];
        snprintf(p, sizeof p, "%s/%s", tmpdir, names[i]);
        unlink(p);
    }
    rmdir(tmpdir);
}

/* Segment text into a document and return the mentions as
 * "text=CODE/match" lines, one string. */
static char *mentions(const parley_dict *d, const char *text, const char *date)
{
    parley_doc *doc;
    assert_int_equal(parley_doc_new("t", NULL, text, strlen(text), &doc), PARLEY_OK);
    assert_int_equal(parley_doc_segment(doc), PARLEY_OK);
    static char out[4096];
    size_t o = 0;
    out[0] = '\0';
    for (size_t s = 0; s < doc->nsents; s++) {
        pl_mention *m;
        size_t n;
        assert_int_equal(pl_dict_find_actors(d, doc, s, date, &m, &n), PARLEY_OK);
        static const char *const names[] = {"",      "exact",   "agent", "place",
                                            "fuzzy", "context", "coref", "surname"};
        for (size_t i = 0; i < n; i++)
            o += (size_t)snprintf(out + o, sizeof out - o, "%.*s=%s/%s;",
                                  (int)(m[i].end - m[i].start), doc->text + m[i].start,
                                  m[i].code, names[m[i].match]);
    }
    parley_doc_free(doc);
    return out;
}

/* ---------------------------------------------------------------------- */
/* Dates. */

static void dates_follow_the_petrarch_rules(void **state)
{
    (void)state;
    const char *note;
    assert_int_equal(pl_dict_parse_date("300101", 6, &note), 20300101); /* YY 00-30 -> 20YY */
    assert_int_equal(pl_dict_parse_date("310101", 6, &note), 19310101); /* else 19YY */
    assert_int_equal(pl_dict_parse_date("000229", 6, &note), 20000229);
    assert_string_equal(note, "");
    assert_int_equal(pl_dict_parse_date("19270101", 8, &note), 19270101);
    /* 20090231: end of month */
    assert_int_equal(pl_dict_parse_date("20090231", 8, &note), 20090228);
    assert_true(strstr(note, "end of the month") != NULL);
    assert_int_equal(pl_dict_parse_date("080231", 6, &note), 20080229);
    /* 7 digits: YYYYMMD, else a stray last digit */
    assert_int_equal(pl_dict_parse_date("2004017", 7, &note), 20040107);
    assert_int_equal(pl_dict_parse_date("9008223", 7, &note), 19900822);
    assert_true(*note);
    /* 9 and 10 digits */
    assert_int_equal(pl_dict_parse_date("201005011", 9, &note), 20100501);
    assert_int_equal(pl_dict_parse_date("1920030320", 10, &note), 20030320);
    /* unreadable */
    assert_int_equal(pl_dict_parse_date("12345", 5, &note), -1);
    assert_int_equal(pl_dict_parse_date("991301", 6, &note), -1);
    assert_int_equal(pl_dict_parse_date("99a101", 6, &note), -1);
    assert_int_equal(pl_dict_parse_date("990100", 6, &note), -1);
}

/* ---------------------------------------------------------------------- */
/* Actors. */

static void actors_read_codes_dates_and_synonyms(void **state)
{
    (void)state;
    parley_dict *d = dict_from(pl_dict_read_actors,
                               "# comment\n"
                               "<!-- xml comment -->\n"
                               "AFGHANISTAN_  [AFG]\n+AFGHAN_ \n"
                               "MOHAMMAD_ZAHIR_SHAH_  # CountryInfo.txt\n"
                               "\t[AFGELI 320101-331108]\n\t[AFGGOV 331108-730717]\n"
                               "JAVIER_SOLANA_\t[IGOEUREEC 950701-951231][IGOWSTNAT 951205-991006] # x\n"
                               "GOLLUM\n+SMEAGOL\n\t[HOB < 950601]\n\t[HOBGOV 19950601 - 19990815]\n"
                               "\t[HOBREB > 990816]\n"
                               "BOROMIR [---]\n"
                               "HAMAS WING [PSEHMSBRD]\n");
    assert_int_equal(d->nerrors, 0);
    assert_int_equal(d->nwarnings, 0);
    assert_string_equal(code_of(d, "AFGHAN", 0), "AFG");
    assert_string_equal(code_of(d, "MOHAMMAD_ZAHIR_SHAH", 19500101), "AFGGOV");
    assert_string_equal(code_of(d, "MOHAMMAD_ZAHIR_SHAH", 19320102), "AFGELI");
    /* outside every term and no undated code: the nearest term (issue 9, item 5) */
    assert_string_equal(code_of(d, "MOHAMMAD_ZAHIR_SHAH", 19800101), "AFGGOV");
    assert_string_equal(code_of(d, "MOHAMMAD_ZAHIR_SHAH", 19200101), "AFGELI");
    /* overlapping spans: the narrowest wins */
    assert_string_equal(code_of(d, "JAVIER_SOLANA", 19951210), "IGOEUREEC");
    assert_string_equal(code_of(d, "JAVIER_SOLANA", 19970101), "IGOWSTNAT");
    /* '<' until, '>' from, spaces inside the brackets */
    assert_string_equal(code_of(d, "SMEAGOL", 19900101), "HOB");
    assert_string_equal(code_of(d, "GOLLUM", 19970101), "HOBGOV");
    assert_string_equal(code_of(d, "GOLLUM", 19990815), "HOBGOV"); /* end day included */
    assert_string_equal(code_of(d, "GOLLUM", 20050101), "HOBREB");
    /* undated document: the latest span */
    assert_string_equal(code_of(d, "GOLLUM", 0), "HOBREB");
    assert_null(code_of(d, "BOROMIR", 0)); /* the null code */
    assert_string_equal(code_of(d, "HAMAS_WING", 0), "PSEHMSBRD");
    parley_dict_free(d);
}

/* Roles out of era: a dated document outside every term takes the undated code when the
 * record has one (Phoenix's ex-official ELI), else the nearest term, measured in days (a
 * tie goes to the earlier term); an undated document takes the last office held (the
 * latest-ending term that is not ELI), else the latest term, else the undated code. */
static void actors_resolve_out_of_era(void **state)
{
    (void)state;
    parley_dict *d = dict_from(
        pl_dict_read_actors, "TONY_BLAIR_\n\t[GBRELI 710101-970502]\n\t[GBRGOV 030101-070630]\n"
                             "\t[GBRGOV 970502-070627]\n\t[GBRELI]\n"
                             "RONALD_REAGAN_\n\t[USAGOV 810120-890120]\n\t[USAELI 890120-040101]\n"
                             "ONLY_ELI_\n\t[XXXELI 900101-950101]\n\t[YYYELI 800101-850101]\n"
                             "GAP_\n\t[AAAGOV 20000101-20000201]\n\t[BBBGOV 20000302-20000401]\n"
                             "UNDATED_ONLY_ [CCCGOV]\n");
    assert_int_equal(d->nerrors, 0);
    /* undated document: the last office, not Phoenix's undated ELI */
    assert_string_equal(code_of(d, "TONY_BLAIR", 0), "GBRGOV");
    assert_string_equal(code_of(d, "RONALD_REAGAN", 0), "USAGOV");
    assert_string_equal(code_of(d, "ONLY_ELI", 0), "XXXELI");
    assert_string_equal(code_of(d, "UNDATED_ONLY", 0), "CCCGOV");
    /* dated, inside a term; outside: the undated code when there is one */
    assert_string_equal(code_of(d, "TONY_BLAIR", 20000101), "GBRGOV");
    assert_string_equal(code_of(d, "TONY_BLAIR", 20100101), "GBRELI");
    assert_string_equal(code_of(d, "UNDATED_ONLY", 20100101), "CCCGOV");
    /* no undated code: the nearest term, in days (the span ends are inclusive) */
    assert_string_equal(code_of(d, "RONALD_REAGAN", 20100101), "USAELI");
    assert_string_equal(code_of(d, "RONALD_REAGAN", 19700101), "USAGOV");
    assert_string_equal(code_of(d, "GAP", 20000215), "AAAGOV"); /* 14 days after, 16 before */
    assert_string_equal(code_of(d, "GAP", 20000220), "BBBGOV"); /* 19 days after, 11 before */
    assert_string_equal(code_of(d, "GAP", 20000216), "AAAGOV"); /* 15 and 15: the earlier */
    assert_string_equal(code_of(d, "GAP", 20000301), "BBBGOV"); /* across the month end */
    parley_dict_free(d);
}

/* The document's mentions through the public API: "text=CODE/match;" each. */
static char *doc_mentions(const parley_dict *d, const char *text, const char *date)
{
    parley_doc *doc;
    assert_int_equal(parley_doc_new("t", NULL, text, strlen(text), &doc), PARLEY_OK);
    assert_int_equal(parley_doc_segment(doc), PARLEY_OK);
    parley_mentions *ms;
    assert_int_equal(parley_dict_find_mentions(d, doc, date, &ms), PARLEY_OK);
    static char out[4096];
    size_t o = 0;
    out[0] = '\0';
    for (size_t i = 0; i < parley_mentions_count(ms); i++) {
        size_t start, end;
        const char *code, *match;
        assert_int_equal(parley_mention_get(ms, i, NULL, &start, &end, &code, &match), PARLEY_OK);
        o += (size_t)snprintf(out + o, sizeof out - o, "%.*s=%s/%s;", (int)(end - start),
                              text + start, code, match);
    }
    parley_mentions_free(ms);
    parley_doc_free(doc);
    return out;
}

/* Issue 9, item 4: a person named in full is found again by surname later in the
 * document, with an honorific or a title; not a named body (no term), not before the
 * full name, not as part of another capitalized name, not a month. */
static void surnames_after_the_full_name(void **state)
{
    (void)state;
    parley_dict *d =
        dict_from(pl_dict_read_actors, "JACK_STRAW_\n\t[GBRGOV 010608-060505]\n\t[GBRELI]\n"
                                       "THERESA_MAY_\n\t[GBRGOV 160713-190724]\n\t[GBRELI]\n"
                                       "LABOUR_PARTY_ [GBRPTY]\n"
                                       "JOE_BLOGGS_ [GBR]\n");
    FILE *f = fmemopen((void *)"PRESIDENT [~GOV]\n", 17, "r");
    pl_lines *in = pl_lines_new(f, true, "mem", 0);
    assert_int_equal(pl_dict_read_agents(d, in), PARLEY_OK);
    pl_lines_free(in);
    assert_int_equal(pl_dict_finish(d), PARLEY_OK);
    assert_string_equal(doc_mentions(d,
                                     "Straw arrived. Jack Straw met them. Mr Straw said no. "
                                     "Later, Straw left. His son, Will Straw, stayed.",
                                     "2004-01-01"),
                        "Jack Straw=GBRGOV/exact;Mr Straw=GBRGOV/surname;Straw=GBRGOV/surname;");
    /* the date's code of the full mention; a title joins; a month is no surname */
    assert_string_equal(
        doc_mentions(d, "Theresa May spoke. In May, President May said so.", "2017-01-01"),
        "Theresa May=GBRGOV/exact;President May=GBRGOV/surname;");
    /* a named body and a name without a role have no surname */
    assert_string_equal(doc_mentions(d,
                                     "The Labour Party won. The Party said so. Joe Bloggs "
                                     "ran. Bloggs won.",
                                     "2017-01-01"),
                        "Labour Party=GBRPTY/exact;Joe Bloggs=GBR/exact;");
    /* people have terms; named bodies and role-less names are no persons */
    assert_true(pl_dict_actor_is_person(
        d,
        d->actors_trie.value[pl_trie_child(
            &d->actors_trie, pl_trie_child(&d->actors_trie, 0, pl_words_find(&d->words, "JACK", 4)),
            pl_words_find(&d->words, "STRAW", 5))]));
    assert_false(pl_dict_actor_is_person(
        d, d->actors_trie.value[pl_trie_child(
               &d->actors_trie,
               pl_trie_child(&d->actors_trie, 0, pl_words_find(&d->words, "LABOUR", 6)),
               pl_words_find(&d->words, "PARTY", 5))]));
    assert_false(pl_dict_actor_is_person(d, PL_NONE));
    /* sentence by sentence (pl_dict_find_actors) knows no earlier sentence */
    assert_string_equal(mentions(d, "Jack Straw met them. Mr Straw said no.", "2004-01-01"),
                        "Jack Straw=GBRGOV/exact;");
    parley_dict_free(d);
}

static void actors_repair_dirty_lines(void **state)
{
    (void)state;
    nlog = 0;
    parley_set_log(count_log, NULL);
    parley_dict *d = dict_from(pl_dict_read_actors,
                               "LIAMINE_Z\x1aROUAL_  [DZAGOV]\n"         /* 1 control byte */
                               "+FAEROYENE]_ \n"                          /* 2 stray bracket */
                               "ARMENIA_ [ARM]\n"
                               "\t[ARMUNR 9008223-911221]\n"              /* 4 7-digit date */
                               "\t[ARMGOV 20090231-20100101]\n"           /* 5 end of month */
                               "PALESTINIAN [pse]\n"                      /* 6 lower case */
                               "BACKWARDS_ [XXXGOV 20121207-20120802]\n"  /* 7 swapped */
                               "OPEN_ [YYYGOV >120101\n"                  /* 8 unbalanced [ */
                               "GARBAGE_ [ZZZ abc-def]\n"                 /* 9 bad date */
                               "SHORT_ [s]\n"                             /* 10 short code */
                               "IVO_JOSIPOVIC_\nJOSIPOVIC_\n\t[HRVGOV >20120219]\n"
                               "NOCODE_\n"                                /* 14 no code */
                               "+ALSO_NOCODE_\n");
    parley_set_log(NULL, NULL);
    assert_string_equal(code_of(d, "LIAMINE_ZROUAL", 0), "DZAGOV");
    assert_string_equal(code_of(d, "FAEROYENE", 0), "DZAGOV");
    assert_string_equal(code_of(d, "ARMENIA", 19910101), "ARMUNR");
    assert_string_equal(code_of(d, "ARMENIA", 20090228), "ARMGOV");
    assert_string_equal(code_of(d, "ARMENIA", 20090227), "ARM");
    assert_string_equal(code_of(d, "PALESTINIAN", 0), "PSE");
    assert_string_equal(code_of(d, "BACKWARDS", 20121001), "XXXGOV");
    assert_string_equal(code_of(d, "OPEN", 0), "YYYGOV");
    assert_null(code_of(d, "NOCODE", 0));
    assert_null(code_of(d, "GARBAGE", 0));
    assert_null(code_of(d, "SHORT", 0));
    /* several base lines before the codes name one actor */
    assert_string_equal(code_of(d, "IVO_JOSIPOVIC", 20130101), "HRVGOV");
    assert_string_equal(code_of(d, "JOSIPOVIC", 20130101), "HRVGOV");
    assert_true(d->nwarnings >= 7);
    assert_int_equal(d->nerrors, 3); /* no code, bad date, short code */
    assert_int_equal((size_t)nlog, d->nwarnings + d->nerrors);
    assert_true(strstr(lastlog, "mem.txt:14:") != NULL);
    parley_dict_free(d);
}

static void later_files_add_codes_to_a_phrase(void **state)
{
    (void)state;
    parley_dict *d = dict_from(pl_dict_read_actors,
                               "BARACK_OBAMA_ [USAGOV >090120]\n"
                               "BARACK_OBAMA_\n\t[USAGOV 090120-170120]\n\t[USAELI >170120]\n");
    assert_string_equal(code_of(d, "BARACK_OBAMA", 20100101), "USAGOV");
    assert_string_equal(code_of(d, "BARACK_OBAMA", 20230101), "USAELI");
    parley_dict_free(d);
}

/* ---------------------------------------------------------------------- */
/* Agents. */

static void agents_expand_macros_and_plurals(void **state)
{
    (void)state;
    nlog = 0;
    parley_set_log(count_log, NULL);
    parley_dict *d = dict_from(pl_dict_read_agents,
                               "!PERSON! = MAN, MEN, WOMAN, WOMEN, PERSON\n"
                               "!MINIST! = MINISTER, MINISTERS, MINISTRY, MINISTRIES\n"
                               "CATTLE!PERSON! [~AGR]\n"
                               "FOREIGN_!MINIST! [~GOV]\n"
                               "!MINIST!_OF_SILLY_WALKS [~GOV]\n"
                               "CHAMBER_OF_COMMERCE {CHAMBERS_OF_COMMERCE} [~BUS]\n"
                               "POLICE {} [~COP]\n"
                               "PARTY [~PTY]\n"
                               "CONGRESS [~LEG]\n"
                               "PEACEKEEPING_TROOPS {} [IGO~]\n"
                               "DEPARMENT_OF_ENVIRONMENT [~ENV}\n"   /* 12 curly close */
                               "ISLAMIC_EXTREMIST\n"                 /* 13 no code */
                               "SECURITY SERVICE [~GOV]\n");
    parley_set_log(NULL, NULL);
    assert_string_equal(agent_of(d, "CATTLEMEN")->code, "AGR");
    assert_string_equal(agent_of(d, "CATTLEWOMAN")->code, "AGR");
    assert_string_equal(agent_of(d, "FOREIGN_MINISTRY")->code, "GOV");
    assert_string_equal(agent_of(d, "FOREIGN_MINISTRIES")->code, "GOV");
    assert_string_equal(agent_of(d, "MINISTRY_OF_SILLY_WALKS")->code, "GOV");
    assert_non_null(agent_of(d, "CHAMBERS_OF_COMMERCE"));
    assert_null(agent_of(d, "CHAMBER_OF_COMMERCES"));
    assert_non_null(agent_of(d, "POLICE"));
    assert_null(agent_of(d, "POLICES"));
    assert_non_null(agent_of(d, "PARTIES"));
    assert_non_null(agent_of(d, "CONGRESSES"));
    assert_true(agent_of(d, "PEACEKEEPING_TROOPS")->prefix);
    assert_string_equal(agent_of(d, "DEPARMENT_OF_ENVIRONMENT")->code, "ENV");
    assert_null(agent_of(d, "ISLAMIC_EXTREMIST"));
    assert_non_null(agent_of(d, "SECURITY_SERVICE"));
    assert_int_equal(d->nerrors, 1);
    assert_int_equal(d->nwarnings, 1);
    parley_dict_free(d);
}

/* ---------------------------------------------------------------------- */
/* Matching. */

static void matcher_finds_names_agents_capitals(void **state)
{
    (void)state;
    parley_dict *d = small_set();
    /* agents take the country of their noun phrase */
    assert_string_equal(mentions(d, "The Chinese Foreign Ministry protested.", ""),
                        "Chinese Foreign Ministry=CHNGOV/agent;");
    assert_string_equal(mentions(d, "The Foreign Ministry said nothing.", ""),
                        "Foreign Ministry=---GOV/agent;");
    assert_string_equal(mentions(d, "The US military shot it down.", ""),
                        "US military=USAMIL/agent;");
    assert_string_equal(mentions(d, "The government of China said so.", ""),
                        "government of China=CHNGOV/agent;");
    /* plurals, possessives, "us" the pronoun */
    assert_string_equal(mentions(d, "The Americans overreacted.", ""), "Americans=USA/exact;");
    assert_string_equal(mentions(d, "Russia's war goes on.", ""), "Russia=RUS/exact;");
    assert_string_equal(mentions(d, "They attacked us.", ""), "");
    /* capitals act for their governments, but not as places */
    assert_string_equal(mentions(d, "Washington accused Beijing of spying.", ""),
                        "Washington=USAGOV/place;Beijing=CHNGOV/place;");
    assert_string_equal(mentions(d, "He flew to Beijing on Friday.", ""), "");
    assert_string_equal(mentions(d, "Kyiv rejected the offer.", ""), "Kyiv=UKRGOV/place;");
    /* a capital that modifies an agent (a compound with a parse) gives it its country; a
     * capital that is a place and modifies nothing is no mention */
    {
        const char *text = "Kyiv police arrested him in Kyiv yesterday.";
        parley_doc *doc;
        assert_int_equal(parley_doc_new("t", NULL, text, strlen(text), &doc), PARLEY_OK);
        assert_int_equal(parley_doc_segment(doc), PARLEY_OK);
        doc->words[0].deprel = "compound";
        doc->words[5].deprel = "obl";
        pl_mention *m;
        size_t n;
        assert_int_equal(pl_dict_find_actors(d, doc, 0, "", &m, &n), PARLEY_OK);
        assert_int_equal(n, 1);
        assert_string_equal(m[0].code, "UKRCOP");
        assert_int_equal(m[0].match, PL_MATCH_AGENT);
        assert_int_equal(m[0].w1 - m[0].w0, 2);
        parley_doc_free(doc);
    }
    /* demonyms from the country table */
    assert_string_equal(mentions(d, "A Ukrainian delegation arrived.", ""), "Ukrainian=UKR/exact;");
    /* a one-word name at the end of a longer name */
    assert_string_equal(mentions(d, "Michael Jordan played well.", ""), "");
    assert_string_equal(mentions(d, "The fans of Michael Jordan cheered.", ""), "");
    assert_string_equal(mentions(d, "Jordan closed its border.", ""), "Jordan=JOR/exact;");
    assert_string_equal(mentions(d, "Later Jordan closed its border.", ""), "Jordan=JOR/exact;");
    /* place names */
    assert_string_equal(mentions(d, "Ships met in the Taiwan Strait.", ""), "");
    /* terms of office */
    assert_string_equal(mentions(d, "Joe Biden spoke.", "2023-06-14"), "Joe Biden=USAGOV/exact;");
    assert_string_equal(mentions(d, "Joe Biden spoke.", "2012-06-14"), "Joe Biden=USAELI/exact;");
    /* between two terms and no undated code in this set: the nearest term */
    assert_string_equal(mentions(d, "Joe Biden spoke.", "2019-06-14"), "Joe Biden=USAGOV/exact;");
    assert_string_equal(mentions(d, "Joe Biden spoke.", "2018-06-14"), "Joe Biden=USAELI/exact;");
    /* a title before a person is part of the mention */
    assert_string_equal(mentions(d, "US Secretary Antony Blinken left.", "2023-06-14"),
                        "US=USA/exact;Antony Blinken=USAGOV/exact;");
    parley_dict_free(d);
    remove_small_set();
}

static void matcher_tolerates_one_typo_in_names(void **state)
{
    (void)state;
    parley_dict *d = small_set();
    assert_string_equal(mentions(d, "Anrthony Blinken will visit.", "2023-06-14"),
                        "Anrthony Blinken=USAGOV/fuzzy;");
    assert_string_equal(mentions(d, "Anthony Blinkne will visit.", "2023-06-14"),
                        "Anthony Blinkne=USAGOV/fuzzy;"); /* transposition */
    assert_string_equal(mentions(d, "Peter Watres spoke.", ""), "Peter Watres=GBRGOV/fuzzy;");
    /* the typo'd word is a frequent English word: no match */
    assert_string_equal(mentions(d, "Peter Water spoke.", ""), "");
    /* the typo'd word is a dictionary word (WAITERS, an agent plural) */
    assert_string_equal(mentions(d, "Peter Waiters spoke.", ""), "");
    /* short words never */
    assert_string_equal(mentions(d, "Wang Yu spoke.", "2023-06-14"), "");
    /* two typos: no match */
    assert_string_equal(mentions(d, "Anrthony Blinkne will visit.", "2023-06-14"), "");
    /* lower case: no match */
    assert_string_equal(mentions(d, "anrthony blinken will visit.", "2023-06-14"), "");
    assert_true(pl_dict_edit1("ANTHONY", 7, "ANRTHONY", 8));
    assert_true(pl_dict_edit1("ABCD", 4, "ABDC", 4));
    assert_true(pl_dict_edit1("ABCD", 4, "ABXD", 4));
    assert_true(pl_dict_edit1("ABCD", 4, "ACD", 3));
    assert_false(pl_dict_edit1("ABCD", 4, "BADC", 4));
    assert_false(pl_dict_edit1("ABCD", 4, "AB", 2));
    parley_dict_free(d);
    remove_small_set();
}

static void discards_by_sentence_and_story(void **state)
{
    (void)state;
    parley_dict *d = small_set();
    const char *text = "The match ended. Group A was strong. Baseballs flew. Group Alpha lost.";
    parley_doc *doc;
    assert_int_equal(parley_doc_new("t", NULL, text, strlen(text), &doc), PARLEY_OK);
    assert_int_equal(parley_doc_segment(doc), PARLEY_OK);
    assert_int_equal(doc->nsents, 4);
    assert_false(pl_dict_discard_sentence(d, doc, 0));
    assert_true(pl_dict_discard_sentence(d, doc, 1));  /* GROUP A_ whole word */
    assert_true(pl_dict_discard_sentence(d, doc, 2));  /* BASEBALL is a stem */
    assert_false(pl_dict_discard_sentence(d, doc, 3)); /* not GROUP ALPHA */
    assert_false(pl_dict_discard_story(d, doc));
    parley_doc_free(doc);
    const char *t2 = "Fans cheered. Manchester United won again.";
    assert_int_equal(parley_doc_new("t", NULL, t2, strlen(t2), &doc), PARLEY_OK);
    assert_int_equal(parley_doc_segment(doc), PARLEY_OK);
    assert_true(pl_dict_discard_story(d, doc));
    assert_false(pl_dict_discard_sentence(d, doc, 1)); /* a story discard only */
    parley_doc_free(doc);
    /* past the lead, a passing mention does not discard a story */
    const char *t3 = "Talks began. The envoys met. They spoke. They left. Manchester United won.";
    assert_int_equal(parley_doc_new("t", NULL, t3, strlen(t3), &doc), PARLEY_OK);
    assert_int_equal(parley_doc_segment(doc), PARLEY_OK);
    assert_int_equal(doc->nsents, 5);
    assert_false(pl_dict_discard_story(d, doc));
    parley_doc_free(doc);
    parley_dict_free(d);
    remove_small_set();
}

static void issues_expand_and_exclude(void **state)
{
    (void)state;
    nlog = 0;
    parley_set_log(count_log, NULL);
    parley_dict *d = dict_from(pl_dict_read_issues,
                               "<ISSUE CATEGORY=\"EDUCATION\" TYPE=\"ALL\">\n"
                               "pre+n:school [EARLY_CHILDHOOD_EDUCATION]\n"
                               "head start [EARLY_CHILDHOOD_EDUCATION]\n"
                               "~a head start\n"
                               "n:teacher [TEACHERS]\n"
                               "educators\n" /* no code: the line above's */
                               "</ISSUE>\n");
    parley_set_log(NULL, NULL);
    assert_int_equal(d->nwarnings, 1);
    const char *text = "Preschools and pre-school teachers got help. Educators got a head "
                       "start. Head start worked.";
    parley_doc *doc;
    assert_int_equal(parley_doc_new("t", NULL, text, strlen(text), &doc), PARLEY_OK);
    assert_int_equal(parley_doc_segment(doc), PARLEY_OK);
    assert_int_equal(doc->nsents, 3);
    const char *codes[8];
    assert_int_equal(pl_dict_find_issues(d, doc, 0, codes, 8), 3);
    assert_string_equal(codes[0], "EARLY_CHILDHOOD_EDUCATION");
    assert_string_equal(codes[1], "EARLY_CHILDHOOD_EDUCATION");
    assert_string_equal(codes[2], "TEACHERS");
    /* "a head start" is an exclusion phrase of the block */
    assert_int_equal(pl_dict_find_issues(d, doc, 1, codes, 8), 0);
    assert_int_equal(pl_dict_find_issues(d, doc, 2, codes, 8), 1);
    parley_doc_free(doc);
    parley_dict_free(d);
}

/* Issue 14: a line of 1,100 '+' (3^1100 join variants) took 49 s, one more
 * never finished: the expansion must be linear in the line. alarm() is the
 * watchdog that turns the old hang into a failure. */
static void issues_many_joins_load_in_linear_time(void **state)
{
    (void)state;
    size_t n = 1100;
    char *text = malloc(n + 64);
    assert_non_null(text);
    char *p = text + sprintf(text, "<ISSUE CATEGORY=\"X\">\nx");
    memset(p, '+', n);
    strcpy(p + n, "ab [A]\nx+y [B]\n</ISSUE>\n");
    nlog = 0;
    parley_set_log(count_log, NULL);
    alarm(30);
    parley_dict *d = dict_from(pl_dict_read_issues, text);
    alarm(0);
    parley_set_log(NULL, NULL);
    free(text);
    assert_int_equal(d->nwarnings, 1);
    assert_non_null(strstr(lastlog, "too many issue phrase variants"));
    assert_int_equal(d->nissues, 2);
    /* the next line is read whole: x y, x-y, xy */
    const char *doc_text = "The xy law passed.";
    parley_doc *doc;
    assert_int_equal(parley_doc_new("t", NULL, doc_text, strlen(doc_text), &doc), PARLEY_OK);
    assert_int_equal(parley_doc_segment(doc), PARLEY_OK);
    const char *codes[4];
    assert_int_equal(pl_dict_find_issues(d, doc, 0, codes, 4), 1);
    assert_string_equal(codes[0], "B");
    parley_doc_free(doc);
    parley_dict_free(d);
}

/* ---------------------------------------------------------------------- */
/* Loading sets. */

static void manifest_errors_name_file_and_line(void **state)
{
    (void)state;
    snprintf(tmpdir, sizeof tmpdir, "/tmp/parley-dict-XXXXXX");
    assert_non_null(mkdtemp(tmpdir));
    write_file("parley.dicts", "actors = a.actors.txt\nnonsense = x\n");
    write_file("a.actors.txt", "CHINA_ [CHN]\n");
    parley_dict *d;
    assert_int_equal(parley_dict_load(tmpdir, &d), PARLEY_ERR_FORMAT);
    assert_null(d);
    assert_true(strstr(parley_errmsg(), "parley.dicts:2:") != NULL);
    write_file("parley.dicts", "actors = missing.txt\n");
    assert_int_equal(parley_dict_load(tmpdir, &d), PARLEY_ERR_IO);
    assert_true(strstr(parley_errmsg(), "parley.dicts:1:") != NULL);
    /* no manifest: roles from file names */
    char p[256];
    snprintf(p, sizeof p, "%s/parley.dicts", tmpdir);
    unlink(p);
    assert_int_equal(parley_dict_load(tmpdir, &d), PARLEY_OK);
    assert_int_equal(parley_dict_file_count(d), 1);
    assert_string_equal(code_of(d, "CHINA", 0), "CHN");
    parley_dict_free(d);
    snprintf(p, sizeof p, "%s/a.actors.txt", tmpdir);
    unlink(p);
    rmdir(tmpdir);
}

/* Issue 14: the verbs file was only checked to exist, so `dict check` passed
 * a set whose verbs = was a directory or a file of NUL bytes, and no command
 * reported the verb dictionary's own problems. */
static void the_verbs_file_is_checked_with_the_set(void **state)
{
    (void)state;
    snprintf(tmpdir, sizeof tmpdir, "/tmp/parley-dict-XXXXXX");
    assert_non_null(mkdtemp(tmpdir));
    char p[256];
    snprintf(p, sizeof p, "%s/vdir", tmpdir);
    assert_int_equal(mkdir(p, 0700), 0);
    parley_set_log(NULL, NULL);
    parley_dict *d;
    write_file("parley.dicts", "verbs = vdir\n");
    assert_int_equal(parley_dict_load(tmpdir, &d), PARLEY_ERR_IO);
    assert_null(d);
    assert_non_null(strstr(parley_errmsg(), "vdir: read error"));
    /* a file of NUL bytes: nothing but a repair, then no verb blocks */
    snprintf(p, sizeof p, "%s/nul.txt", tmpdir);
    FILE *f = fopen(p, "wb");
    assert_non_null(f);
    for (int i = 0; i < 100; i++)
        fputc(0, f);
    fclose(f);
    write_file("parley.dicts", "verbs = nul.txt\n");
    assert_int_equal(parley_dict_load(tmpdir, &d), PARLEY_ERR_DICT);
    assert_null(d);
    assert_non_null(strstr(parley_errmsg(), "no verb blocks"));
    /* a good file with one bad pattern, one unknown synset and a NUL byte:
     * the set loads and counts them, each reported as FILE:LINE: error: */
    write_file("v.txt", "--- GO [040] ---\nGO\n- * (TO BORDER [154]\n- * &NOSUCH [154]\n"
                        "- * TOWN [042]\n");
    snprintf(p, sizeof p, "%s/v.txt", tmpdir);
    f = fopen(p, "ab");
    assert_non_null(f);
    fputs("- * CITY", f);
    fputc(0, f);
    fputs(" [043]\n", f);
    fclose(f);
    write_file("parley.dicts", "verbs = v.txt\n");
    nlog = 0;
    parley_set_log(count_log, NULL);
    assert_int_equal(parley_dict_load(tmpdir, &d), PARLEY_OK);
    parley_set_log(NULL, NULL);
    size_t nw, ne;
    parley_dict_problems(d, &nw, &ne);
    assert_int_equal(ne, 2);
    assert_int_equal(nw, 1);
    assert_int_equal(nlog, 3);
    assert_non_null(strstr(lastlog, "v.txt:"));
    parley_dict_free(d);
    const char *names[] = {"parley.dicts", "v.txt", "nul.txt", NULL};
    for (int i = 0; names[i]; i++) {
        snprintf(p, sizeof p, "%s/%s", tmpdir, names[i]);
        unlink(p);
    }
    snprintf(p, sizeof p, "%s/vdir", tmpdir);
    rmdir(p);
    rmdir(tmpdir);
}

static void default_set_loads_and_finds_the_seed_actors(void **state)
{
    (void)state;
    parley_set_log(NULL, NULL);
    parley_dict *d;
    assert_int_equal(parley_dict_load("tests/dict", &d), PARLEY_OK);
    assert_true(d->nactors > 20000);
    assert_true(d->nagents > 2000);
    assert_true(d->ndiscards > 380); /* Phoenix minus the year discards (CHANGES.md) */
    assert_true(d->ncapitals > 150);
    const char *text = "US Secretary of State Anrthony Blinken will travel to China.\n\n"
                       "Blinken had called his Chinese counterpart Qin Gang. Jake Sullivan met "
                       "Wang Yi. The Chinese Foreign Ministry and Washington disagreed.";
    char *got = mentions(d, text, "2023-06-14");
    assert_non_null(strstr(got, "Anrthony Blinken=USAGOV/fuzzy;"));
    assert_non_null(strstr(got, "China=CHN/exact;"));
    assert_non_null(strstr(got, "Qin Gang=CHNGOV/exact;"));
    assert_non_null(strstr(got, "Jake Sullivan=USAGOV/exact;"));
    assert_non_null(strstr(got, "Wang Yi=CHNGOV/exact;"));
    assert_non_null(strstr(got, "Chinese Foreign Ministry=CHNGOV/agent;"));
    assert_non_null(strstr(got, "Washington=USAGOV/place;"));
    parley_dict_free(d);
}

static void loading_survives_allocation_failures(void **state)
{
    (void)state;
    parley_set_log(NULL, NULL);
    for (long n = 0; n < 400; n += 7) {
        pl_alloc_fail_after(n);
        parley_dict *d = NULL;
        FILE *f = fmemopen((void *)small_actors, strlen(small_actors), "r");
        pl_lines *in = f ? pl_lines_new(f, true, "mem", 0) : NULL;
        if (!in && f)
            fclose(f);
        if (in && pl_dict_new(&d) == PARLEY_OK)
            (void)pl_dict_read_actors(d, in);
        pl_alloc_fail_after(-1);
        pl_lines_free(in);
        parley_dict_free(d);
    }
}


static void matcher_splits_hyphens_and_composes_igo_agents(void **state)
{
    (void)state;
    parley_dict *d = small_set();
    /* the tokenizer splits US-China; a word kept whole is split here */
    assert_string_equal(mentions(d, "US-China relations are strained.", ""),
                        "US=USA/exact;China=CHN/exact;");
    assert_string_equal(mentions(d, "Sino-Russian ties grew.", ""), "Russian=RUS/exact;");
    /* words joined with '_' the dictionaries' way are matched as words */
    assert_string_equal(mentions(d, "The United_States said so.", ""),
                        "United_States=USA/exact;");
    assert_string_equal(mentions(d, "Shares of Michael_Kors rose.", ""),
                        "Michael_Kors=USABUS/exact;");
    assert_string_equal(mentions(d, "my_file_name.txt is here.", ""), "");
    parley_dict_free(d);
    remove_small_set();
    /* the tokenizer splits al-Qaeda into al, -, Qaeda: joined again when the dictionary
     * has the hyphenated word, the longest join first; mention words span all three */
    d = dict_from(pl_dict_read_actors, "AL-QAEDA_ [IMGMUSALQ]\nJEAN-YVES_LE_DRIAN_ [FRAGOV]\n"
                                       "RUSSIA_ [RUS]\n+RUSSIAN_\nAL-AQSA_ [PSEREB]\n");
    assert_string_equal(mentions(d, "Later, al-Qaeda said so.", ""), "al-Qaeda=IMGMUSALQ/exact;");
    assert_string_equal(mentions(d, "Jean-Yves Le Drian left.", ""),
                        "Jean-Yves Le Drian=FRAGOV/exact;");
    assert_string_equal(mentions(d, "The pro-Russian side won.", ""), "Russian=RUS/exact;");
    assert_string_equal(mentions(d, "The al - Qaeda cell.", ""), ""); /* spaced: no join */
    assert_string_equal(mentions(d, "Al-Aqsa-Russian ties.", ""),
                        "Al-Aqsa=PSEREB/exact;Russian=RUS/exact;");
    {
        const char *text = "Al-Qaeda said so.";
        parley_doc *doc;
        assert_int_equal(parley_doc_new("t", NULL, text, strlen(text), &doc), PARLEY_OK);
        assert_int_equal(parley_doc_segment(doc), PARLEY_OK);
        pl_mention *m;
        size_t n;
        assert_int_equal(pl_dict_find_actors(d, doc, 0, "", &m, &n), PARLEY_OK);
        assert_int_equal(n, 1);
        assert_int_equal(m[0].w1 - m[0].w0, 3);
        parley_doc_free(doc);
    }
    parley_dict_free(d);
    /* no hyphenated word but every part a word: the parts match as words */
    d = dict_from(pl_dict_read_actors, "CHEN_SHUI_BIAN_ [TWNGOV]\nRUSSIA_ [RUS]\n+RUSSIAN_\n"
                                       "AL-AQSA_ [PSEREB]\n");
    assert_string_equal(mentions(d, "Later Chen Shui-bian left.", ""),
                        "Chen Shui-bian=TWNGOV/exact;");
    assert_string_equal(mentions(d, "The pro-Russian side won.", ""), "Russian=RUS/exact;");
    parley_dict_free(d);
    d = dict_from(pl_dict_read_agents, "PEACEKEEPING_TROOPS {} [IGO~]\n");
    FILE *f = fmemopen((void *)"UNITED_NATIONS_ [UNO]\n", 22, "r");
    pl_lines *in = pl_lines_new(f, true, "mem", 0);
    assert_int_equal(pl_dict_read_actors(d, in), PARLEY_OK);
    pl_lines_free(in);
    assert_string_equal(mentions(d, "United Nations peacekeeping troops arrived.", ""),
                        "United Nations peacekeeping troops=IGOUNO/agent;");
    parley_dict_free(d);
}

static void tags_make_an_agent_before_a_noun_a_modifier(void **state)
{
    (void)state;
    parley_dict *d = small_set();
    const char *text = "The Chinese military balloon drifted.";
    parley_doc *doc;
    assert_int_equal(parley_doc_new("t", NULL, text, strlen(text), &doc), PARLEY_OK);
    assert_int_equal(parley_doc_segment(doc), PARLEY_OK);
    pl_mention *m;
    size_t n;
    assert_int_equal(pl_dict_find_actors(d, doc, 0, "", &m, &n), PARLEY_OK);
    assert_int_equal(n, 1); /* untagged: Chinese military */
    assert_string_equal(m[0].code, "CHNMIL");
    doc->words[3].upos = PL_UPOS_NOUN; /* balloon */
    assert_int_equal(pl_dict_find_actors(d, doc, 0, "", &m, &n), PARLEY_OK);
    assert_int_equal(n, 1);
    assert_string_equal(m[0].code, "CHN");
    /* with a parse, the mention's head is the word whose head is outside it */
    parley_doc_free(doc);
    const char *t2 = "US Secretary Antony Blinken left.";
    assert_int_equal(parley_doc_new("t", NULL, t2, strlen(t2), &doc), PARLEY_OK);
    assert_int_equal(parley_doc_segment(doc), PARLEY_OK);
    assert_int_equal(pl_dict_find_actors(d, doc, 0, "2023-06-14", &m, &n), PARLEY_OK);
    assert_int_equal(n, 2);
    assert_int_equal(m[1].head, 3); /* untagged: the last word */
    static const int heads[] = {4, 4, 4, 5, 0, 5}; /* US Secretary Antony -> Blinken -> left */
    for (size_t w = 0; w < doc->nwords; w++)
        doc->words[w].head = heads[w];
    doc->words[2].head = 4;
    assert_int_equal(pl_dict_find_actors(d, doc, 0, "2023-06-14", &m, &n), PARLEY_OK);
    assert_int_equal(m[1].head, 3);
    doc->words[3].head = 3; /* an odd parse: Antony heads Blinken */
    doc->words[2].head = 5;
    assert_int_equal(pl_dict_find_actors(d, doc, 0, "2023-06-14", &m, &n), PARLEY_OK);
    assert_int_equal(m[1].head, 2);
    parley_doc_free(doc);
    parley_dict_free(d);
    remove_small_set();
}

/* Tag word w of a one-sentence document. */
static void tag(parley_doc *doc, size_t w, int upos)
{
    doc->words[w].upos = (uint8_t)upos;
}

/* The mentions of a tagged document, as mentions() prints them. */
static char *tagged_mentions(const parley_dict *d, parley_doc *doc)
{
    static char out[1024];
    size_t o = 0;
    out[0] = '\0';
    pl_mention *m;
    size_t n;
    assert_int_equal(pl_dict_find_actors(d, doc, 0, "2023-06-14", &m, &n), PARLEY_OK);
    for (size_t i = 0; i < n; i++)
        o += (size_t)snprintf(out + o, sizeof out - o, "%.*s=%s;", (int)(m[i].end - m[i].start),
                              doc->text + m[i].start, m[i].code);
    return out;
}

static void agents_compose_with_their_noun_phrase(void **state)
{
    (void)state;
    parley_dict *d = small_set();
    /* no country: the agent alone, ---ROLE */
    assert_string_equal(mentions(d, "A senior official said so.", ""), "official=---GOV/agent;");
    /* AGENT from / in / of COUNTRY */
    assert_string_equal(mentions(d, "Soldiers from Russia crossed.", ""),
                        "Soldiers from Russia=RUSMIL/agent;");
    assert_string_equal(mentions(d, "Lawmakers in Taiwan voted.", ""),
                        "Lawmakers in Taiwan=TWNLEG/agent;");
    assert_string_equal(mentions(d, "The ambassador of the United States left.", ""),
                        "ambassador of the United States=USAGOV/agent;");
    /* coordinated countries: every one */
    assert_string_equal(mentions(d, "The ambassadors of China, Russia and Taiwan met.", ""),
                        "ambassadors of China, Russia and Taiwan=CHNGOV/RUSGOV/TWNGOV/agent;");
    /* coordinated agents: every agent with every country */
    assert_string_equal(mentions(d, "Lawmakers and officials in China or Russia met.", ""),
                        "Lawmakers and officials in China or Russia="
                        "CHNLEG/RUSLEG/CHNGOV/RUSGOV/agent;");
    assert_string_equal(mentions(d, "Chinese media and government denied it.", ""),
                        "Chinese media and government=CHNMED/CHNGOV/agent;");
    assert_string_equal(mentions(d, "Officials and students said so.", ""),
                        "Officials and students=---GOV/---EDU/agent;");
    /* stacked agents: the leading ones modify every member */
    assert_string_equal(mentions(d, "Chinese Islamist media and government spoke.", ""),
                        "Chinese Islamist media and government=CHNMUSMED/CHNMUSGOV/agent;");
    /* a repeated role once: government officials are GOV */
    assert_string_equal(mentions(d, "Chinese government officials spoke.", ""),
                        "Chinese government officials=CHNGOV/agent;");
    /* possessives and coordinated adjectives between country and agent */
    assert_string_equal(mentions(d, "China's awful and evil military struck.", ""),
                        "China's awful and evil military=CHNMIL/agent;");
    assert_string_equal(mentions(d, "Russia, China and evil soldiers said so.", ""),
                        "Russia=RUS/exact;China=CHN/exact;soldiers=---MIL/agent;");
    /* a code standing for several actors composes each */
    assert_string_equal(mentions(d, "The Benelux military left.", ""),
                        "Benelux military=BELMIL/NLDMIL/LUXMIL/agent;");
    /* an [NGO~] agent right before a country: its section there */
    assert_string_equal(mentions(d, "MSF Russia opened a clinic.", ""), "MSF Russia=NGORUS/agent;");
    assert_string_equal(mentions(d, "An MSF Russia official spoke.", ""),
                        "MSF Russia official=NGORUSGOV/agent;");
    /* a name right after a title: a person keeps its code, a name without
     * a role takes the title's, with its own country if the title has none */
    assert_string_equal(mentions(d, "Foreign Minister Wang Yi spoke.", "2023-06-14"),
                        "Foreign Minister Wang Yi=CHNGOV/exact;");
    assert_string_equal(mentions(d, "Belarus's Prime Minister Lukashenko spoke.", ""),
                        "Belarus's Prime Minister Lukashenko=BLRGOV/agent;");
    assert_string_equal(mentions(d, "Prime Minister Lukashenko spoke.", ""),
                        "Prime Minister Lukashenko=BLRGOV/agent;");
    assert_string_equal(mentions(d, "President Joe Biden's government spoke.", "2023-06-14"),
                        "President Joe Biden's government=USAGOV/agent;");
    /* an agent's plurals are the agents file's: POLICE {} has none */
    assert_string_equal(mentions(d, "Russia's polices said so.", ""), "Russia=RUS/exact;");
    assert_string_equal(mentions(d, "Russia's police said so.", ""),
                        "Russia's police=RUSCOP/agent;");
    assert_string_equal(mentions(d, "The soldiers' families said so.", ""),
                        "soldiers=---MIL/agent;");
    /* without tags: a country-less agent after "to" or before a lower-case
     * word that starts nothing is a verb or a modifier */
    assert_string_equal(mentions(d, "They want to spy on them.", ""), "");
    assert_string_equal(mentions(d, "The military facilities burned.", ""), "");
    assert_string_equal(mentions(d, "The Chinese military facilities burned.", ""),
                        "Chinese military=CHNMIL/agent;");

    /* with tags: a verb is no agent; a noun after an agent makes it a
     * modifier unless the noun is an agent or actor itself */
    const char *t1 = "Spies spy on soldiers.";
    parley_doc *doc;
    assert_int_equal(parley_doc_new("t", NULL, t1, strlen(t1), &doc), PARLEY_OK);
    assert_int_equal(parley_doc_segment(doc), PARLEY_OK);
    tag(doc, 0, PL_UPOS_NOUN);
    tag(doc, 1, PL_UPOS_VERB);
    tag(doc, 2, PL_UPOS_ADP);
    tag(doc, 3, PL_UPOS_NOUN);
    tag(doc, 4, PL_UPOS_PUNCT);
    assert_string_equal(tagged_mentions(d, doc), "Spies=---SPY;soldiers=---MIL;");
    parley_doc_free(doc);
    const char *t2 = "Government officials arrested students.";
    assert_int_equal(parley_doc_new("t", NULL, t2, strlen(t2), &doc), PARLEY_OK);
    assert_int_equal(parley_doc_segment(doc), PARLEY_OK);
    tag(doc, 0, PL_UPOS_NOUN);
    tag(doc, 1, PL_UPOS_NOUN);
    tag(doc, 2, PL_UPOS_VERB);
    tag(doc, 3, PL_UPOS_NOUN);
    tag(doc, 4, PL_UPOS_PUNCT);
    /* untagged "arrested" would make officials a modifier; tagged, a verb
     * ends the noun phrase and is no modifier between two agents */
    assert_string_equal(tagged_mentions(d, doc), "Government officials=---GOV;students=---EDU;");
    parley_doc_free(doc);
    const char *t3 = "Russian police arrested students.";
    assert_int_equal(parley_doc_new("t", NULL, t3, strlen(t3), &doc), PARLEY_OK);
    assert_int_equal(parley_doc_segment(doc), PARLEY_OK);
    tag(doc, 0, PL_UPOS_ADJ);
    tag(doc, 1, PL_UPOS_NOUN);
    tag(doc, 2, PL_UPOS_VERB);
    tag(doc, 3, PL_UPOS_NOUN);
    tag(doc, 4, PL_UPOS_PUNCT);
    assert_string_equal(tagged_mentions(d, doc), "Russian police=RUSCOP;students=---EDU;");
    parley_doc_free(doc);
    /* with tags, coordinated adjectives before an agent all give it a country */
    const char *t6 = "Russian and Ukrainian soldiers said so.";
    assert_int_equal(parley_doc_new("t", NULL, t6, strlen(t6), &doc), PARLEY_OK);
    assert_int_equal(parley_doc_segment(doc), PARLEY_OK);
    static const int t6tags[] = {PL_UPOS_ADJ,  PL_UPOS_CCONJ, PL_UPOS_ADJ,  PL_UPOS_NOUN,
                                 PL_UPOS_VERB, PL_UPOS_ADV,   PL_UPOS_PUNCT};
    for (size_t w = 0; w < 7; w++)
        tag(doc, w, t6tags[w]);
    assert_string_equal(tagged_mentions(d, doc), "Russian and Ukrainian soldiers=RUSMIL/UKRMIL;");
    tag(doc, 0, PL_UPOS_PROPN); /* "China and Russian troops": a noun is a conjunct of its own */
    assert_string_equal(tagged_mentions(d, doc), "Russian=RUS;Ukrainian soldiers=UKRMIL;");
    parley_doc_free(doc);
    /* an agent before nouns that end in a name describes the name */
    const char *t4 = "The official news agency Xinhua said so.";
    assert_int_equal(parley_doc_new("t", NULL, t4, strlen(t4), &doc), PARLEY_OK);
    assert_int_equal(parley_doc_segment(doc), PARLEY_OK);
    static const int t4tags[] = {PL_UPOS_DET,   PL_UPOS_ADJ,  PL_UPOS_NOUN, PL_UPOS_NOUN,
                                 PL_UPOS_PROPN, PL_UPOS_VERB, PL_UPOS_ADV,  PL_UPOS_PUNCT};
    for (size_t w = 0; w < 8; w++)
        tag(doc, w, t4tags[w]);
    assert_string_equal(tagged_mentions(d, doc), "official news agency Xinhua=---GOV;");
    tag(doc, 4, PL_UPOS_NOUN); /* no name: a modifier */
    assert_string_equal(tagged_mentions(d, doc), "");
    parley_doc_free(doc);
    const char *t5 = "The spy balloon Monday drifted.";
    assert_int_equal(parley_doc_new("t", NULL, t5, strlen(t5), &doc), PARLEY_OK);
    assert_int_equal(parley_doc_segment(doc), PARLEY_OK);
    static const int t5tags[] = {PL_UPOS_DET, PL_UPOS_NOUN, PL_UPOS_NOUN, PL_UPOS_PROPN,
                                 PL_UPOS_VERB, PL_UPOS_PUNCT};
    for (size_t w = 0; w < 6; w++)
        tag(doc, w, t5tags[w]);
    assert_string_equal(tagged_mentions(d, doc), ""); /* a day is no name */
    parley_doc_free(doc);
    parley_dict_free(d);
    remove_small_set();
}

static void data_dir_and_sets_are_found(void **state)
{
    (void)state;
    parley_set_log(NULL, NULL);
    char dir[4096];
    assert_int_equal(pl_dict_data_dir(dir, sizeof dir), PARLEY_OK);
    assert_non_null(strstr(dir, "data"));
    setenv("PARLEY_DATA", "/nonexistent/parley-data", 1);
    assert_int_equal(pl_dict_data_dir(dir, sizeof dir), PARLEY_OK);
    assert_string_equal(dir, "/nonexistent/parley-data");
    parley_dict *d;
    assert_int_not_equal(parley_dict_load(NULL, &d), PARLEY_OK);
    assert_null(d);
    unsetenv("PARLEY_DATA");
    /* the validation set: fictional actors, dated codes */
    assert_int_equal(parley_dict_load("data/validate", &d), PARLEY_OK);
    assert_string_equal(code_of(d, "SAM_GAMGEE", 20100110), "ORCHOB");
    assert_string_equal(code_of(d, "SAM_GAMGEE", 20090101), "HOBMIL");
    assert_string_equal(code_of(d, "SAM_GAMGEE", 20070101), "HOBCIV");
    assert_string_equal(code_of(d, "SAM_GAMGEE", 20140101), "HOBELI");
    assert_non_null(parley_dict_verbs_path(d));
    parley_dict_free(d);
    /* the default set */
    assert_int_equal(parley_dict_load(NULL, &d), PARLEY_OK);
    assert_string_equal(code_of(d, "UNITED_STATES", 0), "USA");
    size_t w, e;
    parley_dict_problems(d, &w, &e);
    assert_true(w > 0);  /* the Phoenix files' known dirt, repaired */
    assert_true(e == 0); /* nothing dropped (`parley dict check` exits 0) */
    /* Parley.Institutions: parties, legislatures, agencies; its codes win over Phoenix's */
    assert_string_equal(code_of(d, "LABOUR_PARTY", 20100101), "GBRPTY");
    assert_string_equal(code_of(d, "TORIES", 20100101), "GBRPTY");
    assert_string_equal(code_of(d, "REPUBLICANS", 20100101), "USAPTY");
    assert_string_equal(code_of(d, "HOUSE_OF_COMMONS", 20100101), "GBRLEG");
    assert_string_equal(code_of(d, "US_CONGRESS", 20100101), "USALEG"); /* Phoenix: USAGOVLEG */
    assert_string_equal(code_of(d, "BUNDESTAG", 20100101), "DEULEG");
    assert_string_equal(code_of(d, "STATE_DEPARTMENT", 20100101), "USAGOV");
    assert_string_equal(code_of(d, "AFRICAN_UNION", 20100101), "IGOAFRAFU");
    assert_string_equal(code_of(d, "AL-QAEDA", 20100101), "---REB");    /* recoded IMGMUSALQ */
    assert_string_equal(code_of(d, "ISIS", 20150101), "---REB");        /* recoded IMGMUSISI */
    assert_string_equal(code_of(d, "ANSAR_ALLAH", 20150101), "YEMREB"); /* Phoenix: LBNREB */
    assert_string_equal(code_of(d, "TALIBAN", 20100101), "AFGREB");
    assert_string_equal(code_of(d, "TALIBAN", 20220101), "AFGGOV");
    assert_string_equal(code_of(d, "TALIBAN", 19990101), "AFGGOV");
    /* a named body after another country's name or demonym is that country's */
    assert_string_equal(mentions(d, "The Russian Ministry of Defence said so.", ""),
                        "Russian Ministry of Defence=RUSMIL/exact;");
    assert_string_equal(mentions(d, "Italy's Democratic Party said so.", ""),
                        "Italy's Democratic Party=ITAPTY/exact;");
    assert_string_equal(mentions(d, "The US State Department said so.", ""),
                        "The US State Department=USAGOV/exact;");
    assert_string_equal(mentions(d, "Later, al-Qaeda said so.", "2010-01-01"),
                        "al-Qaeda=---REB/exact;");
    /* OFFICIAL [~GOV] (added to Phoenix.agents); "of/from the NAME" where the name's own
     * phrase begins with "the" */
    assert_string_equal(mentions(d, "US officials said so.", ""), "US officials=USAGOV/agent;");
    assert_string_equal(mentions(d, "An official from the United States left.", ""),
                        "official from the United States=USAGOV/agent;");
    char *js;
    assert_int_equal(parley_dict_summary(d, &js), PARLEY_OK);
    assert_non_null(strstr(js, "\"actors\":"));
    parley_string_free(js);
    parley_dict_free(d);
}

/* ---------------------------------------------------------------------- */
/* The one-edit index finds exactly what a scan of the list finds. */

static uint64_t rng_state = 88172645463325252ULL;
static uint32_t rnd(uint32_t n)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (uint32_t)(rng_state % n);
}

/* A random one-edit (or two-edit) change of s into buf. */
static size_t mutate(const char *s, size_t n, char *buf, const char *alpha, int edits)
{
    memcpy(buf, s, n);
    size_t len = n;
    size_t na = strlen(alpha);
    for (int e = 0; e < edits; e++) {
        uint32_t op = rnd(4);
        if (op == 0 && len < 200) { /* insert */
            size_t at = rnd((uint32_t)len + 1);
            memmove(buf + at + 1, buf + at, len - at);
            buf[at] = alpha[rnd((uint32_t)na)];
            len++;
        } else if (op == 1 && len > 1) { /* delete */
            size_t at = rnd((uint32_t)len);
            memmove(buf + at, buf + at + 1, len - at - 1);
            len--;
        } else if (op == 2 && len > 0) { /* substitute */
            buf[rnd((uint32_t)len)] = alpha[rnd((uint32_t)na)];
        } else if (len > 1) { /* transpose */
            size_t at = rnd((uint32_t)len - 1);
            char c = buf[at];
            buf[at] = buf[at + 1];
            buf[at + 1] = c;
        }
    }
    buf[len] = '\0';
    return len;
}

static void check_query(const pl_fuzzy *f, const pl_words *w, const uint32_t *ids, size_t n,
                        const char *q, size_t len, size_t *hits)
{
    static const size_t maxes[] = {1, 4, 64};
    for (size_t m = 0; m < 3; m++) {
        uint32_t a[64], b[64];
        size_t na = pl_fuzzy_find(f, w, ids, n, q, len, a, maxes[m]);
        size_t nb = pl_fuzzy_scan(w, ids, n, q, len, b, maxes[m]);
        assert_int_equal(na, nb);
        for (size_t i = 0; i < na; i++)
            assert_int_equal(a[i], b[i]);
        if (m == 2)
            *hits += na;
    }
}

static void fuzzy_index_equals_a_scan_on_random_words(void **state)
{
    (void)state;
    /* a small alphabet makes many one-edit neighbours, repeated letters
     * make deletion variants collide within a word */
    static const char alpha[] = "ABCA";
    pl_words w;
    assert_int_equal(pl_words_init(&w), PARLEY_OK);
    uint32_t ids[3000];
    size_t n = 0;
    char buf[400];
    for (int i = 0; i < 3000; i++) {
        size_t len = 1 + rnd(9);
        if (i % 500 == 0)
            len = 120 + rnd(20); /* around the longest indexed query */
        for (size_t k = 0; k < len; k++)
            buf[k] = alpha[rnd(4)];
        uint32_t id = pl_words_add(&w, buf, len);
        assert_int_not_equal(id, PL_NONE);
        ids[n++] = id; /* duplicates kept: the list order decides */
    }
    pl_fuzzy f = {0};
    /* empty index: scans */
    size_t hits = 0;
    check_query(&f, &w, ids, n, "ABCAB", 5, &hits);
    assert_int_equal(pl_fuzzy_build(&f, &w, ids, n), PARLEY_OK);
    assert_true(f.nbuckets > 0);
    hits = 0;
    for (int q = 0; q < 4000; q++) {
        uint32_t src = ids[rnd((uint32_t)n)];
        size_t len;
        if (q % 3 == 0) {
            len = rnd(12);
            for (size_t k = 0; k < len; k++)
                buf[k] = "ABCD"[rnd(4)];
            buf[len] = '\0';
        } else {
            len = mutate(w.str[src], w.len[src], buf, "ABCD", 1 + (int)rnd(2));
        }
        check_query(&f, &w, ids, n, buf, len, &hits);
    }
    assert_true(hits > 4000); /* the queries did find neighbours */
    /* more candidates than the index collects: scans, same answer */
    check_query(&f, &w, ids, n, "ABCA", 4, &hits);
    /* an index built over no words */
    pl_fuzzy g = {0};
    assert_int_equal(pl_fuzzy_build(&g, &w, ids, 0), PARLEY_OK);
    uint32_t out[4];
    assert_int_equal(pl_fuzzy_find(&g, &w, ids, 0, "ABC", 3, out, 4), 0);
    pl_fuzzy_release(&g);
    pl_fuzzy_release(&f);
    pl_words_release(&w);
}

static void fuzzy_index_equals_a_scan_on_the_name_words(void **state)
{
    (void)state;
    parley_set_log(NULL, NULL);
    parley_dict *d;
    assert_int_equal(parley_dict_load("tests/dict", &d), PARLEY_OK);
    assert_true(d->nfuzzy > 1000);
    assert_true(d->fuzzy_index.nbuckets > 0);
    static const char alpha[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ'";
    char buf[400];
    size_t hits = 0;
    for (int q = 0; q < 300; q++) {
        uint32_t id = d->fuzzy_words[rnd((uint32_t)d->nfuzzy)];
        size_t len = mutate(d->words.str[id], d->words.len[id], buf, alpha, 1 + (q % 2));
        check_query(&d->fuzzy_index, &d->words, d->fuzzy_words, d->nfuzzy, buf, len, &hits);
    }
    assert_true(hits >= 150); /* every one-edit query finds its source word */
    /* a name word from the seed dictionary with a typo */
    uint32_t out[4];
    size_t n = pl_fuzzy_find(&d->fuzzy_index, &d->words, d->fuzzy_words, d->nfuzzy, "ANRTHONY",
                             8, out, 4);
    assert_true(n >= 1);
    bool found = false;
    for (size_t i = 0; i < n; i++)
        found |= strcmp(d->words.str[out[i]], "ANTHONY") == 0;
    assert_true(found);
    parley_dict_free(d);
}

/* The discard index gives the answers of a scan of every discard. */
static void discard_index_equals_a_scan(void **state)
{
    (void)state;
    parley_set_log(NULL, NULL);
    parley_dict *d;
    assert_int_equal(parley_dict_load("tests/dict", &d), PARLEY_OK);
    assert_true(d->ndiscards > 380); /* Phoenix minus the year discards (CHANGES.md) */
    assert_true(d->discard_index.nbuckets > 0);
    /* a vocabulary of discard words, their stems and longer forms */
    static char vocab[4000][48];
    size_t nv = 0;
    for (size_t i = 0; i < d->ndiscards && nv + 3 < 4000; i++) {
        const char *t = d->discards[i].text;
        while (*t && nv + 3 < 4000) {
            size_t n = strcspn(t, " ");
            if (n > 0 && n < 40) {
                snprintf(vocab[nv++], 48, "%.*s", (int)n, t);
                snprintf(vocab[nv++], 48, "%.*sS", (int)n, t);
                if (n > 2)
                    snprintf(vocab[nv++], 48, "%.*s", (int)(n - 1), t);
            }
            t += n;
            while (*t == ' ')
                t++;
        }
    }
    static const char *const filler[] = {"the", "said", "on", "Monday", "in", "a", "match", "'s"};
    char *text = malloc(200000);
    assert_non_null(text);
    size_t hits = 0, story_hits = 0, sents = 0;
    for (int q = 0; q < 400; q++) {
        size_t o = 0;
        int nsent = 1 + (int)rnd(4);
        for (int k = 0; k < nsent; k++) {
            int nw = q == 7 ? 1500 : 2 + (int)rnd(12); /* one sentence longer than 4 kB */
            for (int j = 0; j < nw; j++) {
                const char *w = rnd(3) == 0 ? filler[rnd(8)] : vocab[rnd((uint32_t)nv)];
                o += (size_t)snprintf(text + o, 200000 - o, "%s%s", j ? " " : "", w);
            }
            o += (size_t)snprintf(text + o, 200000 - o, ". ");
        }
        parley_doc *doc;
        assert_int_equal(parley_doc_new("t", NULL, text, o, &doc), PARLEY_OK);
        assert_int_equal(parley_doc_segment(doc), PARLEY_OK);
        size_t nb = d->discard_index.nbuckets;
        for (size_t s = 0; s < doc->nsents; s++) {
            bool a = pl_dict_discard_sentence(d, doc, s);
            d->discard_index.nbuckets = 0; /* the scan */
            bool b = pl_dict_discard_sentence(d, doc, s);
            d->discard_index.nbuckets = nb;
            assert_int_equal(a, b);
            hits += a;
            sents++;
        }
        bool a = pl_dict_discard_story(d, doc);
        d->discard_index.nbuckets = 0;
        bool b = pl_dict_discard_story(d, doc);
        d->discard_index.nbuckets = nb;
        assert_int_equal(a, b);
        story_hits += a;
        parley_doc_free(doc);
    }
    assert_true(hits > 20 && hits < sents); /* both answers occur */
    assert_true(story_hits > 0);
    free(text);
    parley_dict_free(d);
}

/* Interned words: every word added is found with its id after the table
 * grew, absent words (and prefixes of present ones) are not. */
static void words_find_what_was_added(void **state)
{
    (void)state;
    pl_words w;
    assert_int_equal(pl_words_init(&w), PARLEY_OK);
    static char list[20000][12];
    uint32_t ids[20000];
    for (int i = 0; i < 20000; i++) {
        snprintf(list[i], sizeof list[i], "W%uX%u", (unsigned)i, rnd(100));
        ids[i] = pl_words_add(&w, list[i], strlen(list[i]));
        assert_int_not_equal(ids[i], PL_NONE);
    }
    assert_int_equal(w.n, 20000);
    for (int i = 0; i < 20000; i++) {
        assert_int_equal(pl_words_find(&w, list[i], strlen(list[i])), ids[i]);
        assert_int_equal(pl_words_add(&w, list[i], strlen(list[i])), ids[i]);
        assert_int_equal(pl_words_find(&w, list[i], strlen(list[i]) - 1), PL_NONE);
        char other[24];
        snprintf(other, sizeof other, "V%d", i);
        assert_int_equal(pl_words_find(&w, other, strlen(other)), PL_NONE);
    }
    assert_int_equal(w.n, 20000);
    pl_words_release(&w);
}

/* The trie finds every inserted sequence after its edge table grew, and
 * no edge that was not inserted. */
static void trie_finds_what_was_inserted(void **state)
{
    (void)state;
    pl_trie t;
    assert_int_equal(pl_trie_init(&t), PARLEY_OK);
    static uint32_t seq[5000][3];
    static uint32_t node[5000];
    for (int i = 0; i < 5000; i++) {
        for (int k = 0; k < 3; k++)
            seq[i][k] = rnd(400);
        node[i] = pl_trie_insert(&t, seq[i], 3);
        assert_int_not_equal(node[i], PL_NONE);
    }
    assert_true(t.ecap > 2048);
    for (int i = 0; i < 5000; i++) {
        uint32_t n = 0;
        for (int k = 0; k < 3; k++)
            n = pl_trie_child(&t, n, seq[i][k]);
        assert_int_equal(n, node[i]);
        assert_int_equal(t.depth[n], 3);
        assert_int_equal(pl_trie_child(&t, n, 7), PL_NONE);   /* leaves */
        assert_int_equal(pl_trie_child(&t, 0, 400 + (uint32_t)i), PL_NONE);
    }
    pl_trie_release(&t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(dates_follow_the_petrarch_rules),
        cmocka_unit_test(actors_read_codes_dates_and_synonyms),
        cmocka_unit_test(actors_resolve_out_of_era),
        cmocka_unit_test(surnames_after_the_full_name),
        cmocka_unit_test(actors_repair_dirty_lines),
        cmocka_unit_test(later_files_add_codes_to_a_phrase),
        cmocka_unit_test(agents_expand_macros_and_plurals),
        cmocka_unit_test(matcher_finds_names_agents_capitals),
        cmocka_unit_test(matcher_tolerates_one_typo_in_names),
        cmocka_unit_test(discards_by_sentence_and_story),
        cmocka_unit_test(issues_expand_and_exclude),
        cmocka_unit_test(issues_many_joins_load_in_linear_time),
        cmocka_unit_test(manifest_errors_name_file_and_line),
        cmocka_unit_test(the_verbs_file_is_checked_with_the_set),
        cmocka_unit_test(default_set_loads_and_finds_the_seed_actors),
        cmocka_unit_test(loading_survives_allocation_failures),
        cmocka_unit_test(matcher_splits_hyphens_and_composes_igo_agents),
        cmocka_unit_test(tags_make_an_agent_before_a_noun_a_modifier),
        cmocka_unit_test(agents_compose_with_their_noun_phrase),
        cmocka_unit_test(data_dir_and_sets_are_found),
        cmocka_unit_test(fuzzy_index_equals_a_scan_on_random_words),
        cmocka_unit_test(fuzzy_index_equals_a_scan_on_the_name_words),
        cmocka_unit_test(discard_index_equals_a_scan),
        cmocka_unit_test(words_find_what_was_added),
        cmocka_unit_test(trie_finds_what_was_inserted),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
