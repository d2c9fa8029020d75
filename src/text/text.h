/*
 * text.h - internal interface of the text stage's readers and cleaning
 * (src/text/ingest*.c, read_*.c, clean*.c, stats.c). The tokenizer keeps its
 * own declarations in src/text/tokenize.h.
 */
#ifndef PL_TEXT_H
#define PL_TEXT_H

#include "core/core.h"

/* ---------------------------------------------------------------------- */
/* Limits. Every reader keeps its memory bounded by these, whatever the
 * size of the input. */
#define PL_JSONL_MAX_LINE  ((size_t)16 << 20) /* one JSON Lines record */
#define PL_TEXT_MAX_DOC    ((size_t)32 << 20) /* one plain-text or HTML document */
#define PL_WARC_MAX_RECORD ((size_t)32 << 20) /* one WARC record's block */
#define PL_WARC_MAX_HEADER ((size_t)64 << 10) /* one WARC or HTTP header section */
#define PL_DOC_MAX_TEXT    ((size_t)32 << 20) /* a document's cleaned text */

/* ---------------------------------------------------------------------- */
/* Accounting (stats.c). A reader counts each record it reads, then either
 * hands out a document (processed) or skips it with a reason. */
void pl_stats_record(parley_stats *s);
void pl_stats_processed(parley_stats *s);
void pl_stats_bytes(parley_stats *s, uint64_t n);
void pl_stats_repairs(parley_stats *s, uint64_t n);
/* A record kept with one field repaired or dropped, by reason (a static
 * string: "id_not_string", "title_not_string", "date_invalid",
 * "date_not_string", "number_beyond_64_bits", "cr_line_end"); printed as
 * "repaired":{reason:n} by parley_stats_json. */
void pl_stats_repaired(parley_stats *s, const char *reason);
/* True for skip reasons that are not bad input (a WARC request record, a
 * non-HTML response): they are counted but do not make the CLI exit 1. */
bool pl_stats_reason_benign(const char *reason);

/* ---------------------------------------------------------------------- */
/* Draft: the paragraphs a reader found, assembled into one document text
 * with a block per paragraph, then cleaned (ingest.c). */
typedef struct pl_draft {
    pl_buf text;      /* the document text being built (valid UTF-8) */
    pl_block *blocks; /* candidate blocks, before cleaning */
    size_t nblocks, cap;
    size_t repairs; /* invalid UTF-8 bytes replaced */
    bool collapse;  /* collapse whitespace runs inside a paragraph (HTML) */
} pl_draft;
void pl_draft_init(pl_draft *d, bool collapse);
void pl_draft_release(pl_draft *d);
/* Append a paragraph (any bytes: invalid UTF-8 is repaired) as a block of
 * the given kind, separated from the previous one by a blank line. Empty
 * paragraphs (only whitespace) are ignored. */
parley_status pl_draft_add(pl_draft *d, const char *p, size_t n, int kind);
/* Move the draft's text and blocks into doc, then clean it. */
parley_status pl_draft_finish(pl_draft *d, parley_doc *doc);

/* ---------------------------------------------------------------------- */
/* Cleaning (clean.c). Drops page furniture from doc's blocks: boilerplate
 * phrases, bylines, lines without letters or digits, and trailing short
 * lines after the last sentence-final paragraph. Blocks are split at the
 * dropped lines and trimmed of surrounding whitespace. *dropped (may be
 * NULL) gets the number of lines dropped. */
parley_status pl_clean_doc(parley_doc *doc, size_t *dropped);
/* The line tests the cleaner applies, exposed for tests. s is one line
 * (no newline), n its length. */
bool pl_clean_is_boilerplate(const char *s, size_t n);
bool pl_clean_is_byline(const char *s, size_t n);
bool pl_clean_ends_sentence(const char *s, size_t n);
bool pl_clean_is_short(const char *s, size_t n);

/* ---------------------------------------------------------------------- */
/* Readers from memory and from an open FILE (for tests and fuzzing). */

/* Open a reader over f; name is used in messages and for document ids.
 * fmt must not be PARLEY_INPUT_AUTO unless name has a known extension.
 * Takes ownership of f when own is true (also on failure). */
parley_status pl_reader_from_file(FILE *f, bool own, const char *name, parley_input_format fmt,
                                  parley_stats *stats, parley_reader **out);

/* The reader (ingest.c dispatches to read_*.c by format). */
enum pl_field { PL_F_ID, PL_F_DATE, PL_F_TITLE, PL_F_TEXT, PL_F_URL, PL_F_SOURCE, PL_F_COUNT };
typedef struct pl_warc pl_warc;
struct parley_reader {
    char *name;     /* path as given ("-" for stdin), for messages */
    char base[256]; /* file name without directory and extension, for ids */
    parley_input_format fmt;
    parley_stats *stats; /* never NULL: the caller's or own_stats */
    parley_stats *own_stats;
    FILE *f;
    bool own_f;
    bool done;                /* one-document formats: the document was read */
    pl_lines *lines;          /* JSON Lines */
    char *fields[PL_F_COUNT]; /* JSON member names, NULL = the field's own name */
    pl_warc *warc;            /* WARC state */
    pl_buf scratch;           /* JSON Lines: the repaired line */
    uint64_t counted;         /* bytes already added to stats */
};
extern const char *const pl_field_names[PL_F_COUNT];

/* If r->f starts with a UTF-16 or UTF-32 byte order mark, replace it with a
 * stream that decodes it to UTF-8 (invalid units: U+FFFD, counted as
 * repairs); other input is read unchanged. Called when a text or JSON
 * Lines reader opens. */
parley_status pl_bom_wrap(parley_reader *r);
parley_status pl_read_text_next(parley_reader *r, parley_doc **out);
parley_status pl_read_jsonl_next(parley_reader *r, parley_doc **out);
parley_status pl_read_html_next(parley_reader *r, parley_doc **out);
parley_status pl_read_warc_next(parley_reader *r, parley_doc **out);
void pl_warc_free(pl_warc *w);

/* Read all of f into b (up to max bytes; the rest is read and counted but
 * not kept, and *too_large set). *bytes gets the bytes read. */
parley_status pl_read_all(FILE *f, const char *name, pl_buf *b, size_t max, uint64_t *bytes,
                          bool *too_large);
/* The one document of a whole-file reader (text, HTML) into raw (inited
 * by the caller, cap above PL_TEXT_MAX_DOC), counted in r's stats: its
 * bytes, one record, and a skip "too_large" (with a warning naming the
 * file and the `what`, "document" or "page") past PL_TEXT_MAX_DOC, which
 * returns PARLEY_END. Read errors are returned. */
parley_status pl_read_whole_doc(parley_reader *r, pl_buf *raw, const char *what);

/* Extract one article from an HTML page (read_html.c). encoding may be
 * NULL (detect). url/date (may be NULL) are used when the page itself has
 * none. On success *out is a cleaned document (caller frees); when the
 * page has no body *out is NULL and *why names the skip reason. */
parley_status pl_html_extract(const char *html, size_t n, const char *encoding, const char *origin,
                              uint64_t record, parley_doc **out, const char **why, size_t *repairs);

/* What a page says of its article in JSON-LD (html_ld.c): members of the
 * first schema.org article object (Article, NewsArticle, BlogPosting...),
 * malloc'd, NULL when absent. */
typedef struct pl_html_ld {
    bool article;        /* an article object was found */
    char *headline;      /* its headline */
    char *body;          /* its articleBody */
    char *published;     /* its datePublished */
    char *url;           /* its url */
    char *any_published; /* datePublished of the first object that has one */
} pl_html_ld;
/* Parse one JSON-LD script's text (n bytes) into ld, filling only what is
 * still unset. Invalid JSON is ignored. */
void pl_html_ld_parse(pl_html_ld *ld, const char *s, size_t n);
void pl_html_ld_release(pl_html_ld *ld);

/* A publication date as pages write it (html_date.c): ISO 8601, "2019/11/19",
 * "November 19, 2019", "19 Nov 2019", "Tue Nov 19 2019 05:44:06 GMT".
 * pl_url_date finds one in a URL path (/2019/11/19/, /2019/nov/18/,
 * -2019-11-19-). Copies YYYY-MM-DD and a NUL into out. NULL: false. */
bool pl_html_date(const char *s, char out[11]);
bool pl_url_date(const char *url, char out[11]);
/* Is s[0..len) a month name or a start of one ("Nov", "Sept")? */
bool pl_html_month(const char *s, size_t len);

/* Valid calendar date at the start of s: YYYY-MM-DD, optionally followed
 * by 'T' or ' ' and a time. Copies the 10 date bytes and a NUL into out. */
bool pl_parse_date(const char *s, size_t n, char out[11]);

/* The file name without directories and without its (last) extension,
 * ".gz" counting together with the extension before it. */
void pl_base_name(const char *path, char *out, size_t outsz);

#endif /* PL_TEXT_H */
