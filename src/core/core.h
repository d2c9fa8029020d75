/*
 * core.h - library-internal foundations shared by every stage: allocation
 * hook, arenas, capped growable buffers, error reporting, the document
 * structure and UD tag names. Never included by the CLI or bindings.
 */
#ifndef PL_CORE_H
#define PL_CORE_H

#define PARLEY_BUILDING 1
#include "parley.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define PL_INTERNAL __attribute__((visibility("hidden")))

/* ---------------------------------------------------------------------- */
/* Allocation: every heap allocation goes through these, so tests can make
 * the n-th allocation fail (pl_alloc_fail_after). */
void *pl_malloc(size_t n);
void *pl_calloc(size_t count, size_t n);
void *pl_realloc(void *p, size_t n);
void pl_free(void *p);
char *pl_strdup(const char *s);
char *pl_strndup(const char *s, size_t n);
/* Trim ASCII white space in place: the end is cut with a NUL, the returned
 * pointer is past the leading white space. */
char *pl_trim(char *s);
/* Test hook: fail every allocation after n more succeed; n < 0 disables. */
void pl_alloc_fail_after(long n);

/* ---------------------------------------------------------------------- */
/* Arena: bump allocator for per-document data, freed in one call. */
typedef struct pl_arena pl_arena;
pl_arena *pl_arena_new(size_t chunk_size);
void pl_arena_free(pl_arena *a);
/* Drop everything allocated but keep the first chunk for reuse. */
void pl_arena_reset(pl_arena *a);
void *pl_arena_alloc(pl_arena *a, size_t n); /* 8-byte aligned, NULL on OOM */
void *pl_arena_calloc(pl_arena *a, size_t n);
char *pl_arena_strndup(pl_arena *a, const char *s, size_t n);
char *pl_arena_strdup(pl_arena *a, const char *s);
size_t pl_arena_used(const pl_arena *a);

/* ---------------------------------------------------------------------- */
/* Growable byte buffer with a hard cap: a hostile 2 GB line is an error
 * (PARLEY_ERR_TOO_LARGE), not an OOM. data is always NUL-terminated. */
typedef struct pl_buf {
    char *data;
    size_t len;
    size_t cap;
    size_t max; /* 0 = PL_BUF_DEFAULT_MAX */
} pl_buf;
#define PL_BUF_DEFAULT_MAX ((size_t)1 << 30)
void pl_buf_init(pl_buf *b, size_t max);
void pl_buf_release(pl_buf *b);
void pl_buf_clear(pl_buf *b);
parley_status pl_buf_reserve(pl_buf *b, size_t extra);
parley_status pl_buf_append(pl_buf *b, const void *p, size_t n);
parley_status pl_buf_putc(pl_buf *b, char c);
parley_status pl_buf_puts(pl_buf *b, const char *s);
/* Append the whole file at path to b (whose cap bounds it). Errors name the
 * path: PARLEY_ERR_IO when it cannot be opened or read, else b's error
 * (PARLEY_ERR_TOO_LARGE past the cap, PARLEY_ERR_NOMEM). */
parley_status pl_buf_read_file(pl_buf *b, const char *path);

/* Growable array of fixed-size items with a hard cap on the count. */
parley_status pl_grow(void **items, size_t *cap, size_t need, size_t item_size, size_t max_items);

/* A 64-bit finalizer (every input bit moves every output bit): the hash of
 * integer keys in the model's feature tables and the dictionary's tries. */
static inline uint64_t pl_mix64(uint64_t x)
{
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 33;
    x *= 0xc4ceb9fe1a85ec53ULL;
    x ^= x >> 33;
    return x;
}

/* ---------------------------------------------------------------------- */
/* Errors and logging. pl_error formats the thread's last error message and
 * returns code, so `return pl_error(PARLEY_ERR_FORMAT, "%s:%zu: ...", ...)`. */
parley_status pl_error(parley_status code, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void pl_clear_error(void);
/* Send a warning to the log callback (if any). */
void pl_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* ---------------------------------------------------------------------- */
/* UTF-8 helpers. */
/* Length of a valid UTF-8 sequence starting at s (at most n bytes), or 0 if
 * the bytes there are not valid UTF-8. */
size_t pl_utf8_valid_len(const unsigned char *s, size_t n);
/* Copy src into b replacing every invalid byte with U+FFFD; *repairs counts
 * the replacements. Also drops NUL bytes (counted as repairs). */
parley_status pl_utf8_repair(pl_buf *b, const char *src, size_t n, size_t *repairs);
/* Decode one code point at s (valid UTF-8 assumed); *len gets its length. */
int32_t pl_utf8_decode(const unsigned char *s, size_t n, size_t *len);
/* Encode cp into out (4 bytes room); returns length. */
size_t pl_utf8_encode(int32_t cp, char *out);

/* ---------------------------------------------------------------------- */
/* Universal POS tags, in this fixed order (the model stores indexes). */
enum pl_upos {
    PL_UPOS_NONE = 0,
    PL_UPOS_ADJ, PL_UPOS_ADP, PL_UPOS_ADV, PL_UPOS_AUX, PL_UPOS_CCONJ, PL_UPOS_DET,
    PL_UPOS_INTJ, PL_UPOS_NOUN, PL_UPOS_NUM, PL_UPOS_PART, PL_UPOS_PRON, PL_UPOS_PROPN,
    PL_UPOS_PUNCT, PL_UPOS_SCONJ, PL_UPOS_SYM, PL_UPOS_VERB, PL_UPOS_X,
    PL_UPOS_COUNT
};
const char *pl_upos_name(int upos);      /* "_" for NONE or out of range */
int pl_upos_from_name(const char *name); /* PL_UPOS_NONE if unknown */

/* ---------------------------------------------------------------------- */
/* The document. Stages fill it in order: a reader sets metadata, text and
 * blocks; the segmenter adds sentences and words; the tagger and parser
 * fill the word annotations; later stages keep their own results in the
 * same arena. */

enum pl_block_kind { PL_BLOCK_HEADLINE = 1, PL_BLOCK_BODY = 2 };

/* A span of the text that cleaning kept (a paragraph or headline).
 * Sentences never cross a block boundary. */
typedef struct pl_block {
    uint32_t start, end; /* byte span in doc->text */
    uint8_t kind;        /* enum pl_block_kind */
} pl_block;

/* A syntactic word (CoNLL-U word line). */
typedef struct pl_word {
    uint32_t start, end; /* byte span in doc->text */
    const char *form;    /* NFC form for output, arena (may differ from the raw bytes) */
    const char *norm;    /* form with typographic quotes/dashes folded, for matching */
    const char *lemma;   /* NULL until tagged */
    const char *xpos;    /* NULL until tagged; interned by the model */
    const char *deprel;  /* NULL until parsed; interned by the model */
    int32_t head;        /* 1-based within the sentence, 0 root, -1 unset */
    uint8_t upos;        /* enum pl_upos */
    uint8_t space_after; /* 1 if whitespace follows in the text */
    uint8_t mwt;         /* on the first word of a multiword token: its word count; else 0 */
} pl_word;

typedef struct pl_sentence {
    uint32_t start, end;     /* byte span in doc->text */
    uint32_t word0, nwords;  /* range in doc->words */
    uint32_t block;          /* index in doc->blocks */
} pl_sentence;

struct parley_doc {
    pl_arena *arena;
    const char *id, *date, *title, *url, *source; /* never NULL: "" when unknown */
    const char *origin;  /* file the document came from ("-" for stdin), "" unknown */
    uint64_t record;     /* 1-based record number within origin (line for JSONL) */
    const char *text;    /* NUL-terminated, valid UTF-8 */
    size_t text_len;
    size_t utf8_repairs; /* invalid bytes replaced while reading */

    pl_block *blocks;
    size_t nblocks, blocks_cap;
    pl_sentence *sents;
    size_t nsents, sents_cap;
    pl_word *words;
    size_t nwords, words_cap;

    struct pl_event *events; /* the coder's events (src/code), in the arena */
    size_t nevents;
};

/* A new empty document with its own arena; metadata set to "". */
parley_doc *pl_doc_create(void);
/* Set a metadata string (copied into the arena); NULL means "". */
parley_status pl_doc_set(parley_doc *doc, const char **field, const char *value, size_t len);
/* Take a copy of text (must be valid UTF-8) as the document text. */
parley_status pl_doc_set_text(parley_doc *doc, const char *text, size_t len);
parley_status pl_doc_add_block(parley_doc *doc, uint32_t start, uint32_t end, int kind);
/* Append a sentence / word; pointers into the arrays are invalidated. */
parley_status pl_doc_add_sentence(parley_doc *doc, const pl_sentence *s);
parley_status pl_doc_add_word(parley_doc *doc, const pl_word *w);
/* Remove all sentences and words (to re-segment). */
void pl_doc_clear_analysis(parley_doc *doc);

/* ---------------------------------------------------------------------- */
/* Line reader over a FILE with a cap on line length. A line longer than
 * the cap is skipped to its end and reported as PARLEY_ERR_TOO_LARGE (the
 * reader stays usable), so one 50 MB line never costs 50 MB. */
typedef struct pl_lines pl_lines;
/* Takes ownership of f when own is true. name is copied, used in messages. */
pl_lines *pl_lines_new(FILE *f, bool own, const char *name, size_t max_line);
/* Open path ("-" = stdin) for reading lines. */
parley_status pl_lines_open(const char *path, size_t max_line, pl_lines **out);
/* Next line without its newline (and without a trailing CR), NUL-terminated,
 * borrowed until the next call. PARLEY_END at end of file. */
parley_status pl_lines_next(pl_lines *r, const char **line, size_t *len);
size_t pl_lines_number(const pl_lines *r);     /* 1-based number of the last line */
uint64_t pl_lines_offset(const pl_lines *r);   /* byte offset of the last line's start */
uint64_t pl_lines_end(const pl_lines *r);      /* byte offset after the last line (and its
                                                  newline, if it had one): bytes read so far */
/* Also end a line at a CR that no LF follows (old Mac line ends), for JSON
 * Lines, where a raw CR cannot be inside a record; pl_lines_bare_cr counts
 * the lines so ended. Other readers keep a lone CR inside the line. */
void pl_lines_split_cr(pl_lines *r, bool on);
uint64_t pl_lines_bare_cr(const pl_lines *r);
const char *pl_lines_name(const pl_lines *r);
void pl_lines_free(pl_lines *r);

/* ---------------------------------------------------------------------- */
/* CoNLL-U reading, for training and evaluation. Streaming, one sentence at
 * a time; memory bounded by the largest sentence. */

typedef struct pl_conllu_word {
    char *id_str; /* "3", or for a multiword token "3-4", empty nodes "3.1" */
    int id;       /* word index, 0 for multiword/empty lines */
    int mwt_first, mwt_last; /* for multiword token lines */
    bool is_empty_node;
    char *form, *lemma, *upos, *xpos, *feats, *deprel, *deps, *misc;
    int head; /* -1 when "_" */
} pl_conllu_word;

typedef struct pl_conllu_sentence {
    char *sent_id;    /* from "# sent_id = ", or NULL */
    char *text;       /* from "# text = ", or NULL */
    char *newdoc_id;  /* set when "# newdoc" precedes this sentence (may be "") */
    bool newdoc;
    bool newpar;
    pl_conllu_word *lines; /* every token line in file order (words, MWT, empty nodes) */
    size_t nlines;
    size_t nwords;    /* plain word lines only */
    size_t line_no;   /* file line of the first line of the sentence */
} pl_conllu_sentence;

typedef struct pl_conllu_reader pl_conllu_reader;
parley_status pl_conllu_open(const char *path, pl_conllu_reader **out); /* "-" = stdin */
pl_conllu_reader *pl_conllu_from_file(FILE *f, const char *name);     /* does not own f */
/* Next sentence: PARLEY_OK, PARLEY_END, or an error naming file and line
 * (the reader skips to the next blank line, so the caller may go on).
 * The sentence is owned by the reader and valid until the next call. */
parley_status pl_conllu_next(pl_conllu_reader *r, const pl_conllu_sentence **out);
void pl_conllu_close(pl_conllu_reader *r);

#endif /* PL_CORE_H */
