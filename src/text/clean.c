/* clean.c - drop the page furniture crawled news carries (comment forms,
 * "Learn More" links, bylines, author names after the article) from a
 * document's blocks, keeping the headline and every body sentence. The
 * rules are described in docs/internals/text-ingest.md. */
#include "text/text.h"

#include <string.h>
#include <strings.h>

/* A line of a block, after trimming surrounding whitespace. */
typedef struct cl_line {
    uint32_t start, end;
    uint32_t block;  /* index of the block it came from */
    uint8_t kind;    /* the block's kind */
    bool gap_before; /* a blank line separates it from the previous line */
    bool keep;
} cl_line;

/* Lines at most this long and with at most this many words are "short". */
#define CL_SHORT_BYTES 100
#define CL_SHORT_WORDS 12
/* Phrases found anywhere are only furniture in lines at most this long. */
#define CL_PHRASE_LINE_MAX 300
#define CL_BYLINE_MAX      80
/* Lines shorter than this end their paragraph (see breaks_after). */
#define CL_WRAP_MIN 60

/* Whole line (normalized) equal to one of these: furniture. Single generic
 * words that also start real sentences ("Share prices rose") live here. */
static const char *const exact_phrases[] = {"advertisement",
                                            "advertising",
                                            "sponsored",
                                            "sponsored content",
                                            "share",
                                            "tweet",
                                            "print",
                                            "email",
                                            "comments",
                                            "comment",
                                            "related",
                                            "tags",
                                            "home",
                                            "menu",
                                            "search",
                                            "subscribe",
                                            "newsletter",
                                            "login",
                                            "log in",
                                            "register",
                                            "close",
                                            "reply",
                                            "top",
                                            "back to top",
                                            "more",
                                            "photo",
                                            "video",
                                            "loading",
                                            NULL};

/* A short line (normalized) starting with one of these: furniture. */
static const char *const prefix_phrases[] = {"leave a reply",
                                             "leave a comment",
                                             "learn more",
                                             "read more",
                                             "read also",
                                             "also read",
                                             "read next",
                                             "see also",
                                             "related articles",
                                             "related posts",
                                             "related stories",
                                             "related news",
                                             "related content",
                                             "more stories",
                                             "more from",
                                             "more news",
                                             "share this",
                                             "share on",
                                             "share via",
                                             "share article",
                                             "share the",
                                             "sign up",
                                             "sign in",
                                             "subscribe to",
                                             "subscribe now",
                                             "subscribe for",
                                             "click here",
                                             "continue reading",
                                             "follow us",
                                             "filed under",
                                             "posted in",
                                             "you may also like",
                                             "you might also like",
                                             "recommended for you",
                                             "most popular",
                                             "most read",
                                             "trending now",
                                             "cancel reply",
                                             "post navigation",
                                             "previous article",
                                             "next article",
                                             "previous post",
                                             "next post",
                                             "skip to content",
                                             "skip to main content",
                                             "jump to",
                                             "view comments",
                                             "show comments",
                                             "load more",
                                             "join the conversation",
                                             "download our app",
                                             "get the latest",
                                             "advertisement",
                                             "tags ",
                                             "categories ",
                                             NULL};

/* Anywhere in a line of at most CL_PHRASE_LINE_MAX bytes: furniture. These
 * do not occur in news sentences. */
static const char *const anywhere_phrases[] = {"your email address will not be published",
                                               "required fields are marked",
                                               "all rights reserved",
                                               "we use cookies",
                                               "this site uses cookies",
                                               "this website uses cookies",
                                               "accept cookies",
                                               "accept all cookies",
                                               "cookie settings",
                                               "cookie policy",
                                               "sign up for our newsletter",
                                               "subscribe to our newsletter",
                                               "sign up for our free",
                                               "subscribe to our channel",
                                               "enable javascript",
                                               "javascript is disabled",
                                               "your browser does not support",
                                               "save my name email and website",
                                               "notify me of new posts",
                                               "notify me of follow up comments",
                                               "this article was updated",
                                               "click to share on",
                                               "opens in new window",
                                               NULL};

/* Connecting words allowed inside a byline's names. */
static const char *const byline_glue[] = {
    "and", "&",  "de", "del", "da", "di", "van",          "von",          "der", "den", "al",
    "bin", "la", "le", "du",  "|",  "-",  "\xE2\x80\x93", "\xE2\x80\x94", "in",  "by",  NULL};

static bool is_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}

/* Normalize a line for phrase matching: ASCII letters and digits lower-cased,
 * every run of anything else (punctuation, non-ASCII) one space, trimmed.
 * The apostrophe is dropped so "don't" matches "dont". Returns the length. */
static size_t normalize(const char *s, size_t n, char *out, size_t outsz)
{
    size_t o = 0;
    bool space = false;
    for (size_t i = 0; i < n && o + 2 < outsz; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '\'')
            continue;
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
            if (space && o)
                out[o++] = ' ';
            out[o++] = (char)c;
            space = false;
        } else if (c >= 'A' && c <= 'Z') {
            if (space && o)
                out[o++] = ' ';
            out[o++] = (char)(c - 'A' + 'a');
            space = false;
        } else {
            space = true;
        }
    }
    out[o] = '\0';
    return o;
}

static size_t count_words(const char *s, size_t n)
{
    size_t w = 0;
    bool in = false;
    for (size_t i = 0; i < n; i++) {
        bool sp = is_space((unsigned char)s[i]);
        if (!sp && !in)
            w++;
        in = !sp;
    }
    return w;
}

bool pl_clean_is_short(const char *s, size_t n)
{
    return n <= CL_SHORT_BYTES && count_words(s, n) <= CL_SHORT_WORDS;
}

/* Does the UTF-8 text s[0..n) end with the multi-byte sequence t? */
static bool ends_with(const char *s, size_t n, const char *t)
{
    size_t k = strlen(t);
    return n >= k && memcmp(s + n - k, t, k) == 0;
}

bool pl_clean_ends_sentence(const char *s, size_t n)
{
    /* closing quotes and brackets may follow the final punctuation */
    static const char *const closers[] = {"\"",           "'",        ")", "]", "\xE2\x80\x9D",
                                          "\xE2\x80\x99", "\xC2\xBB", "*", NULL};
    while (n && is_space((unsigned char)s[n - 1]))
        n--;
    for (bool again = true; again && n;) {
        again = false;
        for (size_t i = 0; closers[i]; i++) {
            if (ends_with(s, n, closers[i])) {
                n -= strlen(closers[i]);
                again = true;
                break;
            }
        }
    }
    if (!n)
        return false;
    char c = s[n - 1];
    return c == '.' || c == '!' || c == '?' || ends_with(s, n, "\xE2\x80\xA6");
}

static bool has_prefix_word(const char *norm, const char *phrase)
{
    size_t k = strlen(phrase);
    if (strncmp(norm, phrase, k) != 0)
        return false;
    return phrase[k - 1] == ' ' || norm[k] == '\0' || norm[k] == ' ';
}

bool pl_clean_is_boilerplate(const char *s, size_t n)
{
    if (n > CL_PHRASE_LINE_MAX)
        return false;
    char norm[CL_PHRASE_LINE_MAX + 2];
    size_t nl = normalize(s, n, norm, sizeof norm);
    /* keep the colon of "Tags:" visible to the prefix list */
    char tagged[CL_PHRASE_LINE_MAX + 4];
    bool colon = false;
    for (size_t i = 0; i < n && i < 20; i++)
        if (s[i] == ':') {
            colon = true;
            break;
        }
    snprintf(tagged, sizeof tagged, "%s%s", norm, colon ? " " : "");
    for (size_t i = 0; anywhere_phrases[i]; i++)
        if (strstr(norm, anywhere_phrases[i]))
            return true;
    /* a copyright line: "© 2023 Example Media" */
    if (n <= 200 && (memmem(s, n, "\xC2\xA9", 2) || strstr(norm, "copyright 20") == norm))
        return true;
    if (!pl_clean_is_short(s, n))
        return false;
    for (size_t i = 0; exact_phrases[i]; i++)
        if (strcmp(norm, exact_phrases[i]) == 0)
            return true;
    for (size_t i = 0; prefix_phrases[i]; i++) {
        const char *p = prefix_phrases[i];
        size_t k = strlen(p);
        if (p[k - 1] == ' ') {
            /* "tags " / "categories ": only with a colon, "Tags: Politics" */
            if (colon && strncmp(tagged, p, k) == 0)
                return true;
        } else if (has_prefix_word(norm, p)) {
            return true;
        }
    }
    /* a short line about cookies without a sentence's end is a banner */
    if (strstr(norm, "cookie") && !pl_clean_ends_sentence(s, n))
        return true;
    (void)nl;
    return false;
}

/* Is the word w[0..n) capitalized (ASCII upper case, or a non-ASCII letter,
 * which we cannot case-check cheaply and accept)? */
static bool capitalized(const char *w, size_t n)
{
    unsigned char c = (unsigned char)w[0];
    return n && ((c >= 'A' && c <= 'Z') || c >= 0xC3);
}

bool pl_clean_is_byline(const char *s, size_t n)
{
    if (n > CL_BYLINE_MAX || n < 4)
        return false;
    static const char *const intro[] = {"by ",       "written by ", "posted by ", "reporting by ",
                                        "words by ", "story by ",   "text by ",   NULL};
    size_t i = 0;
    for (size_t k = 0; intro[k]; k++) {
        size_t l = strlen(intro[k]);
        if (n > l && strncasecmp(s, intro[k], l) == 0) {
            i = l;
            break;
        }
    }
    if (!i)
        return false;
    size_t names = 0, words = 0;
    while (i < n) {
        while (i < n && is_space((unsigned char)s[i]))
            i++;
        size_t w0 = i;
        while (i < n && !is_space((unsigned char)s[i]))
            i++;
        if (i == w0)
            break;
        size_t wl = i - w0;
        /* strip a trailing comma or semicolon: "By Jane Doe, Reuters" */
        while (wl > 1 && (s[w0 + wl - 1] == ',' || s[w0 + wl - 1] == ';'))
            wl--;
        words++;
        bool glue = false;
        for (size_t k = 0; byline_glue[k]; k++)
            if (strlen(byline_glue[k]) == wl && strncasecmp(s + w0, byline_glue[k], wl) == 0)
                glue = true;
        if (glue)
            continue;
        if (!capitalized(s + w0, wl))
            return false;
        /* a word ending in '.' must be an initial ("F.") */
        if (s[w0 + wl - 1] == '.' && wl > 2)
            return false;
        names++;
    }
    return names >= 1 && words <= 10;
}

/* True if the line has no letter or digit (a lone arrow, "***", "|"). */
static bool no_letters(const char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        unsigned char c = (unsigned char)s[i];
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
            return false;
        if (c < 0x80) {
            i++;
            continue;
        }
        size_t l = 0;
        int32_t cp = pl_utf8_decode((const unsigned char *)s + i, n - i, &l);
        /* Latin-1 letters and everything from Latin Extended up count as
         * letters, except the punctuation and symbol blocks */
        bool symbol = (cp >= 0x80 && cp < 0xC0) || cp == 0xD7 || cp == 0xF7 ||
                      (cp >= 0x2000 && cp < 0x2C00) || (cp >= 0x3000 && cp < 0x3040) ||
                      (cp >= 0xFE00 && cp < 0xFE70) || cp == 0xFFFD || cp >= 0x1F000;
        if (!symbol)
            return false;
        i += l ? l : 1;
    }
    return true;
}

/* Does a line end its paragraph even without a blank line after it? Yes
 * when it ends a sentence or is short (a subheading): hard-wrapped prose
 * has long lines that run on. */
static bool breaks_after(const char *s, size_t n)
{
    return n < CL_WRAP_MIN || pl_clean_ends_sentence(s, n);
}

/* Split every block into trimmed lines; blank lines set gap_before. */
static parley_status collect_lines(const parley_doc *doc, cl_line **out, size_t *nout)
{
    cl_line *lines = NULL;
    size_t n = 0, cap = 0;
    for (size_t b = 0; b < doc->nblocks; b++) {
        const pl_block *blk = &doc->blocks[b];
        bool gap = true;
        uint32_t i = blk->start;
        while (i < blk->end) {
            uint32_t e = i;
            while (e < blk->end && doc->text[e] != '\n')
                e++;
            uint32_t s = i, t = e;
            while (s < t && is_space((unsigned char)doc->text[s]))
                s++;
            while (t > s && is_space((unsigned char)doc->text[t - 1]))
                t--;
            if (s == t) {
                gap = true;
            } else {
                parley_status st =
                    pl_grow((void **)&lines, &cap, n + 1, sizeof *lines, (size_t)UINT32_MAX);
                if (st) {
                    pl_free(lines);
                    return st;
                }
                lines[n++] = (cl_line){s, t, (uint32_t)b, blk->kind, gap, true};
                gap = false;
            }
            i = e + 1;
        }
    }
    *out = lines;
    *nout = n;
    return PARLEY_OK;
}

parley_status pl_clean_doc(parley_doc *doc, size_t *dropped)
{
    if (dropped)
        *dropped = 0;
    cl_line *lines;
    size_t n;
    parley_status st = collect_lines(doc, &lines, &n);
    if (st)
        return st;
    size_t ndrop = 0;
    /* 1. lines that are furniture wherever they are */
    for (size_t i = 0; i < n; i++) {
        const char *s = doc->text + lines[i].start;
        size_t len = lines[i].end - lines[i].start;
        if (pl_clean_is_boilerplate(s, len) || no_letters(s, len) ||
            (lines[i].kind == PL_BLOCK_BODY && pl_clean_is_byline(s, len))) {
            lines[i].keep = false;
            ndrop++;
        }
    }
    /* 1b. a body that repeats the headline as its first line (feeds often
     * put the title at the top of the text too) */
    if (n >= 2 && lines[0].kind == PL_BLOCK_HEADLINE && lines[0].keep) {
        size_t b = 1;
        while (b < n && lines[b].kind == PL_BLOCK_HEADLINE)
            b++;
        size_t hl = lines[0].end - lines[0].start;
        if (b < n && lines[b].keep && lines[b].end - lines[b].start == hl &&
            memcmp(doc->text + lines[b].start, doc->text + lines[0].start, hl) == 0) {
            lines[b].keep = false;
            ndrop++;
        }
    }
    /* 2. trailing furniture: after the last body line that ends a sentence,
     * short lines (author names, link labels) are dropped */
    size_t last = n;
    for (size_t i = n; i-- > 0;) {
        if (lines[i].keep && lines[i].kind == PL_BLOCK_BODY &&
            pl_clean_ends_sentence(doc->text + lines[i].start, lines[i].end - lines[i].start)) {
            last = i;
            break;
        }
    }
    if (last < n) {
        for (size_t i = last + 1; i < n; i++) {
            if (lines[i].keep && lines[i].kind == PL_BLOCK_BODY &&
                pl_clean_is_short(doc->text + lines[i].start, lines[i].end - lines[i].start)) {
                lines[i].keep = false;
                ndrop++;
            }
        }
    }
    /* 3. rebuild the blocks: runs of kept lines of one block, not separated
     * by a blank or a dropped line */
    doc->nblocks = 0;
    pl_doc_clear_analysis(doc);
    bool open = false;
    uint32_t bs = 0, be = 0, bblock = 0;
    uint8_t bkind = 0;
    for (size_t i = 0; i <= n && !st; i++) {
        bool cont =
            i < n && lines[i].keep && open && lines[i].block == bblock && !lines[i].gap_before &&
            lines[i - 1].keep &&
            !breaks_after(doc->text + lines[i - 1].start, lines[i - 1].end - lines[i - 1].start);
        if (cont) {
            be = lines[i].end;
            continue;
        }
        if (open)
            st = pl_doc_add_block(doc, bs, be, bkind);
        open = false;
        if (i < n && lines[i].keep) {
            open = true;
            bs = lines[i].start;
            be = lines[i].end;
            bblock = lines[i].block;
            bkind = lines[i].kind;
        }
    }
    pl_free(lines);
    if (dropped)
        *dropped = ndrop;
    return st;
}

PARLEY_API parley_status parley_doc_clean(parley_doc *doc, size_t *dropped)
{
    if (!doc)
        return pl_error(PARLEY_ERR_ARG, "parley_doc_clean: NULL document");
    return pl_clean_doc(doc, dropped);
}
