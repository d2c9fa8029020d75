/* fuzz_dict_match.c - libFuzzer harness for the actor matcher: the input is
 * a document's text, matched against a small built-in dictionary set. */
#include "dict/dict.h"

#include <stdio.h>
#include <string.h>

static const char actors[] =
    "UNITED_STATES_ [USA]\n+AMERICAN_\n+US_\n+U.S.\n+WASHINGTON_\n"
    "CHINA_ [CHN]\n+CHINESE_\n+BEIJING_\nRUSSIA_ [RUS]\n+RUSSIAN_\n"
    "ANTHONY_BLINKEN_\n+ANTONY_BLINKEN_\n\t[USAGOV 210126-250120]\n\t[USAELI]\n"
    "PETER_WATERS_ [GBRGOV]\nUNITED_NATIONS_ [IGOUNO]\nPEOPLE'S_DAILY_ [CHNMED]\n"
    "AL-QAEDA_ [---REB]\nJEAN-YVES_LE_DRIAN_ [FRAGOVMIL 170517-220520]\n"
    "JACK_STRAW_\n\t[GBRGOV 010608-060505]\n\t[GBRELI]\nDEMOCRATIC_PARTY_ [USAPTY]\n";
static const char agents[] = "!MINIST! = MINISTER, MINISTRY\nFOREIGN_!MINIST! [~GOV]\n"
                             "MILITARY [~MIL]\nGOVERNMENT [~GOV]\nPEACEKEEPERS {} [IGO~]\n";
static const char discards[] = "+Manchester United\nGROUP A_\nBASEBALL\n";

static void read_into(parley_dict *d, const char *text,
                      parley_status (*fn)(parley_dict *, pl_lines *))
{
    FILE *f = fmemopen((void *)text, strlen(text), "r");
    pl_lines *in = f ? pl_lines_new(f, true, "builtin", 0) : NULL;
    if (in)
        (void)fn(d, in);
    pl_lines_free(in);
}

static parley_dict *dict;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!dict) {
        if (pl_dict_new(&dict) != PARLEY_OK)
            return 0;
        read_into(dict, actors, pl_dict_read_actors);
        read_into(dict, agents, pl_dict_read_agents);
        read_into(dict, discards, pl_dict_read_discards);
        pl_dict_finish(dict);
    }
    parley_doc *doc;
    if (parley_doc_new("fuzz", "2023-06-14", (const char *)data, size, &doc) != PARLEY_OK)
        return 0;
    if (parley_doc_segment(doc) == PARLEY_OK) {
        parley_mentions *m;
        if (parley_dict_find_mentions(dict, doc, NULL, &m) == PARLEY_OK) {
            for (size_t i = 0; i < parley_mentions_count(m); i++) {
                size_t s, e;
                parley_mention_get(m, i, NULL, &s, &e, NULL, NULL);
                if (s > e || e > doc->text_len)
                    __builtin_trap(); /* a span outside the text */
            }
            parley_mentions_free(m);
        }
        (void)pl_dict_discard_story(dict, doc);
        for (size_t s = 0; s < doc->nsents; s++)
            (void)pl_dict_discard_sentence(dict, doc, s);
    }
    parley_doc_free(doc);
    return 0;
}
