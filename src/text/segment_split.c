/* segment_split.c - sentence boundaries over the tokens of one block.
 *
 * A sentence ends after . ! ? (and runs of them, and an ellipsis when a
 * capitalised word follows), together with the closing quotes and brackets
 * right after them, when what follows looks like the start of a sentence;
 * at a blank line; and at a line break unless the line plainly goes on
 * (the next line starts in lower case after a line without final
 * punctuation). Abbreviations: titles (Mr., Gen.) and initials (J.) never
 * end a sentence; other abbreviations (U.S., Inc., p.m.) end one only
 * before a word that usually starts sentences (The, He, But ...). */
#include "text/tokenize.h"

#include <stdlib.h>
#include <string.h>

/* Words that, capitalised after an abbreviation, usually start a new
 * sentence (lower case, sorted for bsearch). */
static const char *const starters[] = {
    "a",     "after",   "all",   "also",   "although", "an",    "and",   "as",     "at",
    "because", "before", "both", "but",    "during",   "for",   "he",    "her",    "his",
    "how",   "however", "i",     "if",     "in",       "it",    "its",   "many",   "meanwhile",
    "most",  "my",      "no",    "now",    "on",       "one",   "our",   "she",    "since",
    "so",    "some",    "that",  "the",    "their",    "then",  "there", "these",  "they",
    "this",  "those",   "though", "thus",  "to",       "we",    "what",  "when",   "where",
    "while", "who",     "why",   "with",   "yet",      "you",
};

static int cmp_key(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static bool is_starter(const char *text, const pl_token *t)
{
    char key[16];
    uint32_t n = t->end - t->start;
    if (n >= sizeof key)
        return false;
    for (uint32_t i = 0; i < n; i++) {
        char c = text[t->start + i];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c + 32);
        key[i] = c;
    }
    key[n] = '\0';
    const char *k = key;
    return bsearch(&k, starters, sizeof starters / sizeof starters[0], sizeof starters[0],
                   cmp_key) != NULL;
}

static bool tok_is(const char *text, const pl_token *t, const char *s)
{
    size_t n = strlen(s);
    return t->end - t->start == n && memcmp(text + t->start, s, n) == 0;
}

/* Could token t start a sentence after a sentence-final mark? */
static bool can_start(const char *text, const pl_token *t)
{
    if (t->flags & (PL_TOK_UPPER | PL_TOK_DIGIT | PL_TOK_OPEN | PL_TOK_QUOTE))
        return true;
    if (t->flags & PL_TOK_LOWER)
        return false;
    /* symbols and punctuation: not , ; : ) and not more final marks */
    if (t->flags & (PL_TOK_CLOSE | PL_TOK_TERM))
        return false;
    return !(tok_is(text, t, ",") || tok_is(text, t, ";") || tok_is(text, t, ":") ||
             tok_is(text, t, "%"));
}

void pl_split_sentences(const char *text, const pl_token *toks, size_t n, uint8_t *brk)
{
    memset(brk, 0, n);
    if (n == 0)
        return;
    brk[n - 1] = 1;
    for (size_t i = 0; i + 1 < n; i++) {
        const pl_token *t = &toks[i], *nx = &toks[i + 1];
        if (nx->nl_before >= 2) {
            brk[i] = 1;
            continue;
        }
        if (nx->nl_before == 1) {
            /* a wrapped line goes on in lower case after a non-final token */
            bool goes_on = (nx->flags & PL_TOK_LOWER) && !(t->flags & PL_TOK_TERM);
            if (!goes_on) {
                brk[i] = 1;
                continue;
            }
        }
        uint16_t f = t->flags;
        if (!(f & (PL_TOK_TERM | PL_TOK_ABBR)))
            continue;
        /* take the closing quotes and brackets that follow the mark */
        size_t j = i;
        while (j + 1 < n && toks[j + 1].nl_before == 0 &&
               (toks[j + 1].flags & (PL_TOK_CLOSE | PL_TOK_QUOTE | PL_TOK_TERM)) &&
               !(toks[j + 1].flags & PL_TOK_WORD)) {
            /* a quote glued to the next word opens it */
            if ((toks[j + 1].flags & PL_TOK_QUOTE) && j + 2 < n &&
                toks[j + 2].start == toks[j + 1].end && toks[j + 1].sp_before)
                break;
            j++;
        }
        if (j + 1 >= n)
            continue; /* the block's end breaks anyway */
        const pl_token *s = &toks[j + 1];
        bool end;
        if (f & PL_TOK_ABBR) {
            if (f & (PL_TOK_TITLE | PL_TOK_INITIAL))
                end = false;
            else
                end = j > i || ((s->flags & PL_TOK_UPPER) && is_starter(text, s));
        } else if (f & PL_TOK_ELLIPSIS) {
            end = (s->flags & PL_TOK_UPPER) != 0;
        } else if (can_start(text, s)) {
            end = true;
        } else {
            /* web text starts sentences in lower case ("party. max and jen
             * are ..."); not after a closing quote ("Why?" he asked) nor
             * after a short word that may be an unknown abbreviation */
            end = (s->flags & PL_TOK_LOWER) && j == i && i > 0 &&
                  (toks[i - 1].flags & PL_TOK_WORD) && toks[i - 1].end == t->start &&
                  (toks[i - 1].end - toks[i - 1].start >= 4 || tok_is(text, t, "?") ||
                   tok_is(text, t, "!"));
        }
        if (end) {
            brk[j] = 1;
            i = j;
        }
    }
}
