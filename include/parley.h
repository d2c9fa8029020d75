/*
 * parley.h - the one public header of libparley, a political event coder.
 *
 * Data flows one way: documents -> cleaned text -> sentences and tokens ->
 * tags, lemmas and a dependency parse -> actor mentions -> events.
 *
 * Ownership, once for the whole API:
 *   - whatever a *_new, *_open or *_load function hands back through an out
 *     pointer belongs to the caller, who releases it with the matching *_free;
 *   - every *_free accepts NULL;
 *   - getters return borrowed pointers, valid until their parent handle is
 *     freed (or, for a document, changed by a later stage);
 *   - strings are UTF-8 and NUL-terminated; byte offsets index the document's
 *     text as returned by parley_doc_text().
 *
 * Errors: functions that can fail return a parley_status. PARLEY_OK is 0.
 * parley_strerror() names a code; parley_errmsg() gives the calling thread's
 * last detailed message (file, line, record). The library never prints and
 * never exits: warnings about skipped input go to the log callback.
 *
 * Every function can be called from ctypes: no varargs, no structs of
 * function pointers.
 */
#ifndef PARLEY_H
#define PARLEY_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(PARLEY_BUILDING)
#define PARLEY_API __attribute__((visibility("default")))
#else
#define PARLEY_API
#endif

#define PARLEY_VERSION "0.1.0"

/* ===================================================================== */
/* Status codes, errors and logging                                        */
/* ===================================================================== */

/* Only ever appended to: the numbers are part of the ABI. */
typedef enum parley_status {
    PARLEY_OK = 0,
    PARLEY_END = 1,            /* no more items (end of a stream); not an error */
    PARLEY_ERR_NOMEM = 2,      /* an allocation failed */
    PARLEY_ERR_IO = 3,         /* a file could not be opened, read or written */
    PARLEY_ERR_FORMAT = 4,     /* malformed input (record, line, field) */
    PARLEY_ERR_TOO_LARGE = 5,  /* input exceeded a hard limit */
    PARLEY_ERR_TRUNCATED = 6,  /* input ended in the middle of a record or stream */
    PARLEY_ERR_ARG = 7,        /* a bad argument from the caller */
    PARLEY_ERR_MODEL = 8,      /* a model file is corrupt or of another version */
    PARLEY_ERR_DICT = 9,       /* a dictionary could not be used */
    PARLEY_ERR_NOT_FOUND = 10, /* a named thing does not exist */
    PARLEY_ERR_INTERNAL = 11   /* a bug: an invariant did not hold */
} parley_status;

/* A short static description of a status code; never NULL. */
PARLEY_API const char *parley_strerror(parley_status code);

/* The calling thread's last detailed error message ("" if none). Borrowed,
 * valid until the next failing call on the same thread. */
PARLEY_API const char *parley_errmsg(void);

/* Free a string the library allocated for the caller (e.g. a JSON report).
 * Accepts NULL. */
PARLEY_API void parley_string_free(char *s);

/* The library version string, e.g. "0.1.0". Static. */
PARLEY_API const char *parley_version(void);

/* Log callback for warnings (skipped records, repaired dictionary lines).
 * fn may be NULL to silence them. Process-wide; set it before other calls.
 * The message is borrowed for the duration of the call. */
typedef void (*parley_log_fn)(void *user, const char *msg);
PARLEY_API void parley_set_log(parley_log_fn fn, void *user);

/* ===================================================================== */
/* Documents (src/core)                                                   */
/* ===================================================================== */

/* A document: metadata, its text, and what the stages have found in it.
 * All of a document's memory lives in one arena, freed by parley_doc_free. */
typedef struct parley_doc parley_doc;

/* Make a document from raw text (copied). id/date may be NULL. The whole
 * text is one body block; no cleaning is applied. */
PARLEY_API parley_status parley_doc_new(const char *id, const char *date, const char *text,
                                        size_t len, parley_doc **out);
PARLEY_API void parley_doc_free(parley_doc *doc);

/* Metadata getters: never NULL ("" when unknown). Borrowed. */
PARLEY_API const char *parley_doc_id(const parley_doc *doc);
PARLEY_API const char *parley_doc_date(const parley_doc *doc); /* YYYY-MM-DD or "" */
PARLEY_API const char *parley_doc_title(const parley_doc *doc);
PARLEY_API const char *parley_doc_url(const parley_doc *doc);
PARLEY_API const char *parley_doc_source(const parley_doc *doc);
/* The document's text (UTF-8, invalid bytes already replaced); len may be NULL. */
PARLEY_API const char *parley_doc_text(const parley_doc *doc, size_t *len);

/* Sentences, after segmentation. Index from 0. */
PARLEY_API size_t parley_doc_sentence_count(const parley_doc *doc);
/* Byte span [start, end) of sentence i in the document text. */
PARLEY_API parley_status parley_doc_sentence_span(const parley_doc *doc, size_t i, size_t *start,
                                                  size_t *end);
/* Words of sentence i: index of its first word and how many. */
PARLEY_API parley_status parley_doc_sentence_words(const parley_doc *doc, size_t i, size_t *first,
                                                   size_t *count);

/* Words (syntactic words, as in CoNLL-U), indexed across the document. */
PARLEY_API size_t parley_doc_word_count(const parley_doc *doc);
PARLEY_API const char *parley_doc_word_form(const parley_doc *doc, size_t w);
PARLEY_API const char *parley_doc_word_lemma(const parley_doc *doc, size_t w);  /* "_" unset */
PARLEY_API const char *parley_doc_word_upos(const parley_doc *doc, size_t w);   /* "_" unset */
PARLEY_API const char *parley_doc_word_xpos(const parley_doc *doc, size_t w);   /* "_" unset */
PARLEY_API const char *parley_doc_word_deprel(const parley_doc *doc, size_t w); /* "_" unset */
/* Head as a 1-based index within the word's sentence, 0 for the root, -1 unset. */
PARLEY_API int parley_doc_word_head(const parley_doc *doc, size_t w);
PARLEY_API parley_status parley_doc_word_span(const parley_doc *doc, size_t w, size_t *start,
                                              size_t *end);

/* ===================================================================== */
/* Text stage: readers and cleaning (src/text)                             */
/* ===================================================================== */

/* Input formats. AUTO picks by file extension: .txt, .jsonl/.ndjson,
 * .html/.htm, .warc, .warc.gz (stdin "-" and unknown extensions: TEXT). */
typedef enum parley_input_format {
    PARLEY_INPUT_AUTO = 0,
    PARLEY_INPUT_TEXT = 1,  /* one document per file, first line the headline */
    PARLEY_INPUT_JSONL = 2, /* one JSON object per line: id, date, title, text, url, source */
    PARLEY_INPUT_HTML = 3,  /* one news page per file */
    PARLEY_INPUT_WARC = 4   /* WARC or gzipped WARC (CC-NEWS), response records */
} parley_input_format;

/* Parse a format name: "auto", "text" (or "txt"), "jsonl" (or "ndjson"),
 * "html", "warc". PARLEY_ERR_ARG for anything else (and NULL). */
PARLEY_API parley_status parley_input_format_from_name(const char *name,
                                                       parley_input_format *out);

/* Input accounting: records read, processed, skipped by reason, bytes read,
 * UTF-8 repairs. One counter set may be shared by several readers in turn. */
typedef struct parley_stats parley_stats;

/* A new, zeroed counter set; *out is the caller's (parley_stats_free). */
PARLEY_API parley_status parley_stats_new(parley_stats **out);
/* Accepts NULL. */
PARLEY_API void parley_stats_free(parley_stats *s);
/* Count one skipped record with its reason (a short snake_case word such
 * as "bad_json"; copied). Readers call it for the records they skip; a
 * later stage may call it for a document it drops. NULL s or reason: no-op. */
PARLEY_API void parley_stats_skip(parley_stats *s, const char *reason);
/* The counters as one JSON object:
 * {"records_read":N,"processed":N,"skipped":{"reason":N,...},"bytes":N,"utf8_repairs":N}.
 * Borrowed, valid until the next call on s or parley_stats_free; "{}" if
 * memory runs out. */
PARLEY_API const char *parley_stats_json(parley_stats *s);
/* Number of records skipped because the input was bad (broken JSON, a
 * truncated or too-large record, a page without text...), leaving out
 * benign skips such as WARC request records or non-HTML responses. */
PARLEY_API uint64_t parley_stats_bad_input(const parley_stats *s);

/* A reader of documents from one file, streaming: memory is bounded by the
 * largest record (see docs/internals/text-ingest.md for the caps). */
typedef struct parley_reader parley_reader;

/* Open path ("-" = stdin) in format fmt (AUTO: by extension). stats may be
 * NULL; if given it must outlive the reader. PARLEY_ERR_IO if the file
 * cannot be opened (the message names it). *out is the caller's. */
PARLEY_API parley_status parley_reader_open(const char *path, parley_input_format fmt,
                                            parley_stats *stats, parley_reader **out);
/* JSON Lines: read document field `field` ("id", "date", "title", "text",
 * "url" or "source") from the JSON member json_name (copied) instead of
 * the member of the same name. PARLEY_ERR_ARG for an unknown field. */
PARLEY_API parley_status parley_reader_map_field(parley_reader *r, const char *field,
                                                 const char *json_name);
/* The next cleaned document: PARLEY_OK and *out (the caller frees it with
 * parley_doc_free), PARLEY_END when the input is exhausted, or an error
 * that stops this file (I/O error, out of memory, a truncated gzip stream
 * or WARC record: the message names file and record or byte offset; the
 * documents before it were already returned). Bad records (broken JSON, a
 * too-long line, a page with no text) are not errors: they are reported
 * through the log callback, counted in stats as skipped, and passed over. */
PARLEY_API parley_status parley_reader_next(parley_reader *r, parley_doc **out);
/* Accepts NULL. */
PARLEY_API void parley_reader_free(parley_reader *r);

/* Clean a document: drop page furniture (boilerplate phrases such as
 * "Leave a Reply", bylines, lines without letters, short trailing lines
 * after the last sentence) from its blocks. Readers already do this; call
 * it for documents made with parley_doc_new. The text is unchanged; only
 * the blocks are. *dropped (may be NULL) gets the number of lines dropped. */
PARLEY_API parley_status parley_doc_clean(parley_doc *doc, size_t *dropped);

/* ===================================================================== */
/* Text stage: sentences and tokens (src/text)                             */
/* ===================================================================== */

/* Split each block of doc into sentences and words, following UD English
 * EWT tokenization (clitics split: don't -> do + n't as a multiword token;
 * punctuation split; abbreviations keep their period; URLs, e-mails and
 * numbers such as 200,000 3.5 9/11 kept whole). Sentences never cross a
 * block. Fills the document's sentences and words (form NFC, norm with
 * typographic quotes and dashes folded to ASCII, head unset); earlier
 * segmentation and every later annotation is dropped first. doc must not
 * be NULL (PARLEY_ERR_ARG). Returns PARLEY_OK, or PARLEY_ERR_NOMEM /
 * PARLEY_ERR_TOO_LARGE with the document left without sentences. */
PARLEY_API parley_status parley_doc_segment(parley_doc *doc);

/* Word w's multiword token: on its first word the number of words in the
 * token (2 for don't = do + n't), otherwise 0 (also when w is out of
 * range). */
PARLEY_API size_t parley_doc_word_mwt(const parley_doc *doc, size_t w);
/* 1 when whitespace follows word w in the text (CoNLL-U SpaceAfter), 0
 * when not or when w is out of range. */
PARLEY_API int parley_doc_word_space_after(const parley_doc *doc, size_t w);

/* Score the segmenter on a gold CoNLL-U file (e.g. UD English EWT dev):
 * the raw text is rebuilt from its "# text" comments (sentences of a
 * paragraph joined by a space, paragraphs by a newline, one document per
 * "# newdoc"), segmented, and compared with the gold tokens, sentences and
 * words as the CoNLL 2018 shared task does (character-offset alignment
 * ignoring whitespace; words of multiword tokens aligned by LCS). On
 * success *json gets {"tokens_f1":..,"sentences_f1":..,"words_f1":..}
 * (percentages), which the caller frees with parley_string_free. Errors:
 * PARLEY_ERR_IO (cannot open), PARLEY_ERR_FORMAT (bad CoNLL-U, or a "# text"
 * that does not match its tokens; the message names file and line),
 * PARLEY_ERR_ARG for NULL arguments. */
PARLEY_API parley_status parley_eval_tokenize(const char *gold_path, char **json);

/* ===================================================================== */
/* Model stage: tagger, lemmatizer, parser (src/model)                     */
/* ===================================================================== */

/* A trained model: POS tagger (UPOS + Penn XPOS), lemmatizer and labeled
 * dependency parser (UD relations). Immutable once loaded; one model may be
 * shared by any number of threads, each with its own parley_parser. */
typedef struct parley_model parley_model;

/* Load a model file (read whole into memory: replacing or truncating the
 * file afterwards cannot harm the loaded model). path NULL = the default
 * English model: $PARLEY_MODEL, else en-ewt.model next to the shared library
 * (or the executable), else <libdir>/../share/parley/en-ewt.model relative
 * to the library (an installed tree, wherever it is), else the build-time
 * PREFIX/share/parley/en-ewt.model. A truncated, corrupt
 * or wrong-version file gives PARLEY_ERR_MODEL with a message naming it.
 * On success *out belongs to the caller (parley_model_free). */
PARLEY_API parley_status parley_model_load(const char *path, parley_model **out);
/* Release a model (NULL allowed). Free every parser using it first. */
PARLEY_API void parley_model_free(parley_model *m);
/* The file the model was loaded from. Borrowed; "" for NULL. */
PARLEY_API const char *parley_model_path(const parley_model *m);
/* Write the path parley_model_load(NULL, ..) would use into out (cap bytes).
 * PARLEY_ERR_NOT_FOUND when no default model exists. */
PARLEY_API parley_status parley_model_default_path(char *out, size_t cap);

/* Per-thread scratch for tagging and parsing with model m (which must
 * outlive it). *out belongs to the caller (parley_parser_free). */
typedef struct parley_parser parley_parser;
PARLEY_API parley_status parley_parser_new(const parley_model *m, parley_parser **out);
/* Tag, lemmatize and parse every sentence of doc (segmented already):
 * fills each word's upos, xpos, lemma (in the doc's arena), head and
 * deprel (xpos/deprel strings are owned by the model: keep the model alive
 * while the doc is used). Sentences longer than 1024 words are parsed in
 * pieces of 1024 (one root per piece). */
PARLEY_API parley_status parley_parser_parse_doc(parley_parser *p, parley_doc *doc);
/* The same for sentence s of doc only (PARLEY_ERR_ARG if there is none);
 * the event coder uses it to parse only sentences that can hold an event. */
PARLEY_API parley_status parley_parser_parse_sentence(parley_parser *p, parley_doc *doc,
                                                      size_t s);
/* Release a parser (NULL allowed). */
PARLEY_API void parley_parser_free(parley_parser *p);

/* Train a model from CoNLL-U (train_path; dev_path may be NULL) with the
 * hyperparameters in params_path (key = value lines; NULL = built-in
 * defaults), write it to out_path. seed >= 0 and iterations > 0 override
 * the parameter file. Deterministic: the same inputs give the same bytes.
 * If report is not NULL it gets a JSON summary (sizes, times, dev scores),
 * freed with parley_string_free. */
PARLEY_API parley_status parley_model_train(const char *train_path, const char *dev_path,
                                            const char *params_path, long seed, int iterations,
                                            const char *out_path, char **report);

/* The model as text (header, sections, tag and label sets, nsample weights
 * of each table) into *out, freed with parley_string_free. */
PARLEY_API parley_status parley_model_dump(const parley_model *m, size_t nsample, char **out);

/* Evaluate m against a gold CoNLL-U file: with raw = 0 on the gold words;
 * with raw != 0 from the gold text through parley's own tokenizer. *json
 * gets {"upos","xpos","lemma","uas","las" (percentages), "tokens_per_second"
 * (tagging + parsing), ...}, freed with parley_string_free. */
PARLEY_API parley_status parley_model_eval(const parley_model *m, const char *gold_path, int raw,
                                           char **json);

/* Read a CoNLL-U file (pre-tokenized words, "-" = stdin) into one new
 * document: one sentence per CoNLL-U sentence, the words' forms joined as
 * its text. *out belongs to the caller (parley_doc_free). */
PARLEY_API parley_status parley_doc_read_conllu(const char *path, parley_doc **out);
/* The document's sentences as CoNLL-U (ID FORM LEMMA UPOS XPOS _ HEAD DEPREL
 * _ MISC, multiword token lines where the tokenizer made them) into *out,
 * freed with parley_string_free. */
PARLEY_API parley_status parley_doc_to_conllu(const parley_doc *doc, char **out);

/* ===================================================================== */
/* Dictionary stage: actors, agents, discards, issues (src/dict)           */
/* ===================================================================== */

/* A loaded dictionary set: actors with dated codes, agents, discards,
 * issues (PETRARCH formats), capitals and demonyms. Immutable after load,
 * shareable between threads. */
typedef struct parley_dict parley_dict;

/* Load a dictionary set. dir: NULL = the default set (data/parley.dicts
 * found through $PARLEY_DATA, ../data beside the library or executable, or
 * PREFIX/share/parley); a directory holding a parley.dicts manifest; a
 * manifest file itself; or a directory without manifest, whose files are
 * taken by name (*.actors.txt, *agents*.txt, *discards*.txt, *Issue*.txt /
 * *issues*.txt, *verbs*.txt / CAMEO*.txt). Dirty lines are reported through
 * the log callback with file and line and never stop loading; a missing or
 * unreadable file, or a malformed manifest line, fails (PARLEY_ERR_IO,
 * PARLEY_ERR_FORMAT, PARLEY_ERR_NOT_FOUND). *out belongs to the caller. */
PARLEY_API parley_status parley_dict_load(const char *dir, parley_dict **out);
PARLEY_API void parley_dict_free(parley_dict *d);

/* Problems reported while loading: repaired lines (warnings) and dropped
 * entries (errors). Either pointer may be NULL; d NULL gives zeros. */
PARLEY_API void parley_dict_problems(const parley_dict *d, size_t *warnings, size_t *errors);

/* Counts of a loaded set as a JSON object (files, actors, actor_phrases,
 * codes, agents, discards, issues, capitals, words, nodes, warnings,
 * errors). *out is freed with parley_string_free. */
PARLEY_API parley_status parley_dict_summary(const parley_dict *d, char **out);

/* The files loaded, in load order (borrowed; NULL when i is out of range). */
PARLEY_API size_t parley_dict_file_count(const parley_dict *d);
PARLEY_API const char *parley_dict_file(const parley_dict *d, size_t i);
/* The verb dictionary the manifest names (borrowed), or NULL. */
PARLEY_API const char *parley_dict_verbs_path(const parley_dict *d);

/* Actor mentions of a segmented document, resolved for date ("YYYY-MM-DD";
 * NULL or "" = the document's date, and undated codes when it has none).
 * *out belongs to the caller; its strings are borrowed from d and doc, so
 * free it before either. */
typedef struct parley_mentions parley_mentions;
PARLEY_API parley_status parley_dict_find_mentions(const parley_dict *d, parley_doc *doc,
                                                   const char *date, parley_mentions **out);
PARLEY_API size_t parley_mentions_count(const parley_mentions *m);
/* Mention i: sentence index, byte span [start, end) in the document text,
 * CAMEO code ("USAGOV") and how it matched ("exact", "agent", "place",
 * "fuzzy"). Any out pointer may be NULL. PARLEY_ERR_ARG if i is out of range. */
PARLEY_API parley_status parley_mention_get(const parley_mentions *m, size_t i, size_t *sentence,
                                            size_t *start, size_t *end, const char **code,
                                            const char **match);
PARLEY_API void parley_mentions_free(parley_mentions *m);

/* 1 if the document matches a story discard ('+' lines), else 0. */
PARLEY_API int parley_dict_discards_story(const parley_dict *d, const parley_doc *doc);
/* 1 if sentence matches a sentence discard, else 0 (also for a bad index). */
PARLEY_API int parley_dict_discards_sentence(const parley_dict *d, const parley_doc *doc,
                                             size_t sentence);

/* ===================================================================== */
/* Coding stage: events (src/code)                                         */
/* ===================================================================== */

/* The coder: a model (tagger, parser), dictionaries (actors, agents,
 * discards, CAMEO verb patterns) and the CAMEO tables. One coder per
 * thread: it holds the parser's scratch. The model and dictionaries may be
 * shared by several coders. */
typedef struct parley_coder parley_coder;

/* A coder for model m (NULL: documents must come parsed, e.g. from
 * CoNLL-U) and dictionaries d (required; its manifest must name a `verbs`
 * file). The CAMEO tables are read from parley's data directory
 * ($PARLEY_DATA, data/ beside the library or executable, or the install
 * prefix). m and d must outlive the coder. *out belongs to the caller
 * (parley_coder_free). Errors name the file that could not be used. */
PARLEY_API parley_status parley_coder_new(const parley_model *m, const parley_dict *d,
                                          parley_coder **out);
/* Options: require_dyad (default 1) drops events without both a source and
 * a target; keep_negated (default 0) emits negated actions with mode
 * "negated" instead of dropping them. */
PARLEY_API void parley_coder_set_require_dyad(parley_coder *c, int on);
PARLEY_API void parley_coder_set_keep_negated(parley_coder *c, int on);
/* all_modes (default 0): also emit what was not reported as done -- negated
 * actions ("did not meet", mode "negated") and hypotheticals and conditions
 * ("could attack", "if Iran attacks", mode "hypothetical") -- instead of
 * dropping them. Intentions, plans, threats, demands and offers are always
 * emitted (CAMEO codes them). */
PARLEY_API void parley_coder_set_all_modes(parley_coder *c, int on);
/* article_context (default 1): an agent without a country of its own ("the
 * government", "police", "Congress") takes the article's main country (the
 * country its actor mentions name most, the headline counting twice),
 * with match "context"; and a person named in full is found again by
 * surname ("Straw", "Mr Straw") and by a singular pronoun standing as
 * subject or object ("he", "her"), with match "coref". Off: neither. */
PARLEY_API void parley_coder_set_article_context(parley_coder *c, int on);
/* Code one document: segment it if it has no sentences yet, tag and parse
 * it if unparsed (needs a model; only the sentences that are not discarded
 * and hold enough actor candidates for an event are parsed, the others'
 * words keep no tags -- call parley_parser_parse_doc for a full parse),
 * find actors, drop discarded sentences and
 * stories, and store its events in doc (replacing earlier ones; read them
 * with the parley_event_* getters). date ("YYYY-MM-DD", may be NULL) is
 * used when the document has no date of its own, and then becomes its
 * date. PARLEY_ERR_ARG for NULL c/doc or a malformed date. */
PARLEY_API parley_status parley_coder_code_doc(parley_coder *c, parley_doc *doc, const char *date);
/* Accepts NULL. */
PARLEY_API void parley_coder_free(parley_coder *c);

/* The learned event decision (see docs/internals/code.md): a model that
 * scores every pair of actors in a parsed sentence and keeps the events
 * it believes in, replacing the verb patterns' proposals. A new coder
 * loads $PARLEY_EVENTS_MODEL ("" = none) or else en-events.model beside
 * the tagger/parser model when it exists; without one the patterns alone
 * decide. path NULL: patterns alone. Errors: PARLEY_ERR_IO, PARLEY_ERR_MODEL
 * (a malformed file, named with its line); the coder is unchanged then. */
PARLEY_API parley_status parley_coder_set_event_model(parley_coder *c, const char *path);
/* The event model's file name ("" when the patterns alone decide). Borrowed. */
PARLEY_API const char *parley_coder_event_model(const parley_coder *c);
/* Train an event model from annotated articles: code docs_path's
 * documents that the gold file (GUIDE.md format) lists, label every
 * candidate actor pair with the gold root of its sentence and countries
 * (or none), run an averaged perceptron for epochs passes (<= 0: 5) in a
 * fixed order, and write out_path (replaced by rename). Deterministic.
 * *report (may be NULL) gets {"documents","candidates","positive","epochs",
 * "train_fit","train_fit_positive"},
 * freed with parley_string_free. */
PARLEY_API parley_status parley_event_model_train(const parley_model *m, const parley_dict *d,
                                                  const char *docs_path, const char *gold_path,
                                                  int epochs, const char *out_path,
                                                  char **report);

/* Output formats for events. */
typedef enum parley_event_format {
    PARLEY_EVENTS_JSONL = 0, /* one JSON object per line (the default) */
    PARLEY_EVENTS_CSV = 1,   /* comma-separated, with the header parley_events_header gives */
    PARLEY_EVENTS_GDELT = 2  /* GDELT 2.0 event table columns, tab-separated, no header */
} parley_event_format;

/* "jsonl", "csv" or "gdelt" -> *out. PARLEY_ERR_ARG for another name. */
PARLEY_API parley_status parley_event_format_from_name(const char *name, parley_event_format *out);

/* Number of events the coder found in doc (0 before coding; NULL -> 0). */
PARLEY_API size_t parley_doc_event_count(const parley_doc *doc);

/* Getters for event i of doc (0 <= i < parley_doc_event_count). Strings are
 * borrowed (valid until doc is freed or coded again), never NULL: "" when
 * unknown or when i is out of range. */
PARLEY_API const char *parley_event_cameo(const parley_doc *doc, size_t i);  /* "0311" */
PARLEY_API const char *parley_event_root(const parley_doc *doc, size_t i);   /* "03" */
/* QuadClass: 1 verbal cooperation, 2 material cooperation, 3 verbal
 * conflict, 4 material conflict; 0 unknown (GDELT's mapping of roots). */
PARLEY_API int parley_event_quad_class(const parley_doc *doc, size_t i);
/* Goldstein value from GDELT's table; NAN when the code has none. */
PARLEY_API double parley_event_goldstein(const parley_doc *doc, size_t i);
PARLEY_API const char *parley_event_plover(const parley_doc *doc, size_t i);      /* "ASSAULT" */
PARLEY_API const char *parley_event_plover_mode(const parley_doc *doc, size_t i); /* "aerial" */
/* "" (asserted), "planned", "intended", "hypothetical" or "negated". */
PARLEY_API const char *parley_event_mode(const parley_doc *doc, size_t i);
/* Index of the sentence the event came from. */
PARLEY_API size_t parley_event_sentence(const parley_doc *doc, size_t i);
/* Source (role 0) or target (role 1): actor code, mention text, byte span
 * in the document text and how it matched ("exact", "agent", "place",
 * "fuzzy", ""). Any out pointer may be NULL. PARLEY_ERR_ARG for a bad i or
 * role. */
PARLEY_API parley_status parley_event_actor(const parley_doc *doc, size_t i, int role,
                                            const char **code, const char **text, size_t *start,
                                            size_t *end, const char **match);
/* The trigger word (the predicate) and its byte span. Out pointers may be NULL. */
PARLEY_API parley_status parley_event_trigger(const parley_doc *doc, size_t i, const char **text,
                                              size_t *start, size_t *end);
/* The verb pattern that matched, as written in the dictionary, with its
 * file and line ("" text when the verb block's default code was used; file
 * and line then name the block). Out pointers may be NULL. */
PARLEY_API parley_status parley_event_pattern(const parley_doc *doc, size_t i, const char **text,
                                              const char **file, size_t *line);

/* All of doc's events as text in format fmt (one line each, newline
 * terminated; "" when there are none). *out is the caller's, released with
 * parley_string_free. */
PARLEY_API parley_status parley_events_format(const parley_doc *doc, parley_event_format fmt,
                                              char **out);
/* The header line for fmt (CSV: column names and a newline; others ""). Static. */
PARLEY_API const char *parley_events_header(parley_event_format fmt);

/* Run PETRARCH's unit-test records (e.g. data/petrarch2/PETR.UnitTest.records.xml)
 * through parley: each active record's raw text is segmented, tagged and
 * parsed with m (the records' parse trees are ignored) and coded with the
 * dictionaries its <Environment> names (found beside the records file). A
 * record is correct when the (source, target, code) events produced are
 * exactly those expected. *json gets
 * {"records":N,"active":N,"correct":N,"bad":N,"by_category":{"CAT":{"active":N,"correct":N}}}
 * plus, when verbose, "misses":[{"id","category","text","expect","expected","produced"}];
 * freed with parley_string_free. A bad record is reported through the log
 * callback and counted in "bad"; the run goes on. Errors: PARLEY_ERR_IO /
 * PARLEY_ERR_FORMAT for an unreadable or malformed records file, dictionary
 * errors from parley_dict_load. */
PARLEY_API parley_status parley_validate(const char *records_path, const parley_model *m,
                                         int verbose, char **json);

/* Code the documents of docs_path (any input format; JSONL as the Wikinews
 * dev set) with c and compare their events with a gold file (one JSON
 * object per line as data/wikinews-events/GUIDE.md defines: doc_id,
 * sentence_index, source.code, target.code, cameo, root, event_date, place;
 * or {"doc_id":..,"no_events":true}). A coded and a gold event match at
 * root level when document, sentence, source country (first three letters
 * of the code), target country and CAMEO root agree (one to one). *json
 * gets {"documents","gold_events","coded_events","matched","precision",
 * "recall","f1" (percent),"full_code","roles" (percent of matches with the
 * full CAMEO code / both full actor codes right),"date" (of matches whose
 * gold has an event_date: right at the gold's precision),"place" (of
 * matches whose gold has a place),"by_root":{"NN":{gold,coded,matched}},
 * "unscored_documents","missing_documents":[ids]} and, with verbose,
 * "misses" and "extras" (doc_id, sentence_index, sentence, source, target,
 * cameo). date (may be NULL) dates documents without a date of their own,
 * as in parley_coder_code_doc. Freed with parley_string_free. Only documents present in the
 * gold are scored. Errors: PARLEY_ERR_IO, PARLEY_ERR_FORMAT (a malformed
 * gold line, named by file and line), reader and coder errors. */
PARLEY_API parley_status parley_eval_events(parley_coder *c, const char *gold_path,
                                            const char *docs_path, const char *date,
                                            int verbose, char **json);

/* ===================================================================== */
/* Dates: time expressions and event dates (src/when)                     */
/* ===================================================================== */

/* Time expressions found in a text: byte span, TIMEX3 type ("DATE",
 * "TIME", "DURATION", "SET") and value as TempEval-3 defines them
 * ("2023-02-17", "2023-W07", "2023-Q1", "P3D", "PRESENT_REF"...). */
typedef struct parley_timexes parley_timexes;

/* Find and normalise every time expression in text[0, len) (UTF-8).
 * date ("YYYY-MM-DD") is the reference the relative ones resolve against
 * (the document date); NULL or "" leaves them with X's ("XXXX-02").
 * Weekdays, months and days without a year go to the nearest one before
 * the date, or after it when the sentence speaks of the future.
 * PARLEY_ERR_ARG for NULL out or a malformed date. *out is the caller's
 * (parley_timexes_free). */
PARLEY_API parley_status parley_timex_find(const char *text, size_t len, const char *date,
                                           parley_timexes **out);
/* How many were found (0 for NULL). */
PARLEY_API size_t parley_timexes_count(const parley_timexes *t);
/* Expression i: span [start, end) in the text, type and value (borrowed
 * from t). Out pointers may be NULL. PARLEY_ERR_ARG for a bad i. */
PARLEY_API parley_status parley_timex_get(const parley_timexes *t, size_t i, size_t *start,
                                          size_t *end, const char **type, const char **value);
/* Accepts NULL. */
PARLEY_API void parley_timexes_free(parley_timexes *t);
/* t (found in text[0, len)) as text into *out, freed with
 * parley_string_free: timeml 0 gives one JSON object per line {"doc_id",
 * "start","end","text","type","value"}; timeml 1 a TimeML document (DOCID
 * doc_id, DCT date, the text with TIMEX3 tags). doc_id and date may be NULL. */
PARLEY_API parley_status parley_timexes_format(const parley_timexes *t, const char *text,
                                               size_t len, const char *doc_id, const char *date,
                                               int timeml, char **out);

/* Read a TimeML file (TempEval-3 .tml) into a new document: its text is
 * the content of <TEXT> with every tag removed and entities decoded (one
 * body block per blank-line paragraph, not segmented), its id the DOCID,
 * its date the day of the DCT's value. PARLEY_ERR_IO / PARLEY_ERR_FORMAT
 * with a message naming the file and byte. *out is the caller's. */
PARLEY_API parley_status parley_doc_read_timeml(const char *path, parley_doc **out);

/* Give each coded event of doc its own date (the coder already does this
 * after coding; call it again after changing the events): from a date
 * expression attached to the event's trigger in the parse (basis "text"),
 * else the running date of the paragraph ("context"), else the document
 * date ("document"). PARLEY_ERR_ARG for NULL. */
PARLEY_API parley_status parley_doc_date_events(parley_doc *doc);
/* Event i's date: value ("2023-02"), precision ("day", "week", "month",
 * "quarter", "season", "year", "decade", "century"), the expression's text
 * and byte span ("" and 0, 0 for the document date) and basis. Strings are
 * borrowed from doc, "" before dating. Out pointers may be NULL.
 * PARLEY_ERR_ARG for a bad i. */
PARLEY_API parley_status parley_event_date(const parley_doc *doc, size_t i, const char **value,
                                           const char **precision, const char **text,
                                           size_t *start, size_t *end, const char **basis);

/* TempEval-3 task A over every .tml file under gold_dir (recursively):
 * each text is tagged against its DCT and compared with its TIMEX3 (the
 * DCT excluded). *json gets {"files","gold","system","strict_precision",
 * "strict_recall","strict_f1","relaxed_precision","relaxed_recall",
 * "relaxed_f1","type_accuracy","value_accuracy","type_f1","value_f1"}
 * (percentages; value F1 = relaxed F1 x value accuracy), plus with verbose
 * "misses":[...]; freed with parley_string_free. */
PARLEY_API parley_status parley_eval_timex(const char *gold_dir, int verbose, char **json);

/* EventTime (TimeBank-EventTime TSV rows: doc, sentence, token, "event",
 * eid, instance, "time", anchor): each listed document is read from
 * timeml_dir (DOC.tml, also under TimeBank/), parsed with m, and each
 * gold event dated as the coder dates events; its anchor is compared with
 * the gold's (docs/internals/when.md gives the mapping). docs_path (may be
 * NULL: every document of the file) lists the document ids to score, one
 * a line. *json gets {"events","accuracy",...}, freed with
 * parley_string_free. */
PARLEY_API parley_status parley_eval_event_dates(const char *gold_path, const char *timeml_dir,
                                                 const char *docs_path, const parley_model *m,
                                                 int verbose, char **json);

/* Real-news event dates: articles (JSONL as `parley code` reads it) and
 * gold events (JSONL with doc_id, sentence, event_date): each gold event's
 * sentence is found in its article, the article parsed with m, and the
 * sentence's main predicate dated; a date is right when it equals the
 * gold's at the gold's precision. *json gets {"events","dated","right",
 * "accuracy",...}, freed with parley_string_free. */
PARLEY_API parley_status parley_eval_article_dates(const char *articles_path,
                                                   const char *gold_path, const parley_model *m,
                                                   int verbose, char **json);

/* ===================================================================== */
/* Article extraction: blocks and HTML pages (src/text)                    */
/* ===================================================================== */

/* A document's blocks: the headline and body paragraphs its reader and
 * cleaning kept, in text order (what the segmenter and coder see). */
typedef enum parley_block_kind {
    PARLEY_BLOCK_HEADLINE = 1,
    PARLEY_BLOCK_BODY = 2
} parley_block_kind;

/* Number of blocks of doc (0 for NULL). */
PARLEY_API size_t parley_doc_block_count(const parley_doc *doc);
/* Byte span [start, end) in the document text and kind (parley_block_kind)
 * of block i. Any out pointer may be NULL. PARLEY_ERR_ARG when doc is NULL
 * or i is out of range. */
PARLEY_API parley_status parley_doc_block(const parley_doc *doc, size_t i, size_t *start,
                                          size_t *end, int *kind);

/* Extract the article of one HTML page held in memory (len bytes, any
 * encoding; charset may be NULL to take it from the page): headline, body
 * paragraphs (cleaned), and the page's own date (JSON-LD datePublished,
 * article:published_time and similar meta tags, <time datetime>, the
 * article's dateline, a date in its URL) and URL (canonical link, og:url). name is used in messages and as the document
 * id (may be NULL: "page"). Returns PARLEY_OK with *out the caller's
 * document (parley_doc_free), or PARLEY_OK with *out NULL and *why (may be
 * NULL; a static snake_case reason such as "no_body" or "too_large") when
 * the page holds no article text; PARLEY_ERR_NOMEM or PARLEY_ERR_ARG (NULL
 * html with len > 0, NULL out) otherwise. */
PARLEY_API parley_status parley_html_extract(const char *html, size_t len, const char *charset,
                                             const char *name, parley_doc **out, const char **why);
/* ===================================================================== */
/* Store stage: events counted once, kept in SQLite (src/store)            */
/* ===================================================================== */

/* A store: documents, the events coded from them and each event's mentions
 * (one coded event in one sentence of one document) in one SQLite file (WAL
 * mode: any number of readers while one writer ingests). Mentions are
 * grouped into events as they are added: the same source and target (at
 * the store's level), the same CAMEO root, compatible dates (within the
 * window) and places. A store is used by one thread at a time; open one
 * handle per thread. Schema and rules: docs/internals/store.md. */
typedef struct parley_store parley_store;

/* Open (and, unless readonly, create or migrate) the store at path
 * (":memory:" for a private in-memory store). Errors: PARLEY_ERR_IO (cannot
 * open or write), PARLEY_ERR_FORMAT (not a parley store, or one of a newer
 * schema). *out is the caller's (parley_store_free). */
PARLEY_API parley_status parley_store_open(const char *path, int readonly, parley_store **out);
/* Commit what is pending and close. Accepts NULL. */
PARLEY_API void parley_store_free(parley_store *s);
/* Settings, as text: "mode" = "parley" (default) or "one-a-day"
 * (PETRARCH/Phoenix's filter: one event per date, source, target and
 * code); "level" = "country" (default: USAGOV and USAMIL are both USA),
 * "role" (country + role, 6 letters) or "code" (the whole code); "window"
 * = days either side of an event's date within which a mention joins it
 * (default 2); "batch" = documents per transaction (default 200). mode,
 * level and window are saved in the store with its first document and
 * cannot change afterwards (PARLEY_ERR_ARG). */
PARLEY_API parley_status parley_store_configure(parley_store *s, const char *key,
                                                const char *value);
/* 1 when doc (by id) is stored already with the same date, title and text,
 * so coding it again can be skipped; else 0 (also for NULL arguments). */
PARLEY_API int parley_store_has_doc(parley_store *s, const parley_doc *doc);
/* Store a coded document and group its events' mentions into events.
 * *outcome (may be NULL): 0 already stored unchanged (nothing added), 1
 * added, 2 replaced (the document had changed: its old mentions left their
 * events first). The document needs an id (PARLEY_ERR_ARG). Writes are
 * committed every `batch` documents and by parley_store_commit/_free: a
 * crash loses at most the open batch and leaves a consistent store. */
PARLEY_API parley_status parley_store_add_doc(parley_store *s, const parley_doc *doc,
                                              int *outcome);
/* Commit the open batch (no-op when none). */
PARLEY_API parley_status parley_store_commit(parley_store *s);
/* {"documents","events","mentions","bytes","bytes_per_event","mode","level",
 * "window"} into *json, freed with parley_string_free. */
PARLEY_API parley_status parley_store_summary(parley_store *s, char **json);

/* Filters of a query, set one by one as text (all optional):
 * "dyad" = "A,B" (source A, target B: a country such as USA or a longer
 * code prefix such as USAGOV), "actor" = X (either side), "from" / "to" =
 * YYYY-MM-DD (inclusive, on the event's date), "root" = NN, "cameo" = a
 * code or its prefix, "quad" = 1..4, "place" = a place name, "country" =
 * the ISO3 country of the place, "doc" = a document id (events with a
 * mention in it), "limit" = N (default: no limit). Results are in order
 * of date, then event_id. */
typedef struct parley_query parley_query;
PARLEY_API parley_status parley_query_new(parley_query **out);
/* PARLEY_ERR_ARG for an unknown key or a malformed value (the message says which). */
PARLEY_API parley_status parley_query_set(parley_query *q, const char *key, const char *value);
PARLEY_API void parley_query_free(parley_query *q);

/* Output of a query. */
typedef enum parley_store_format {
    PARLEY_STORE_JSONL = 0,         /* one JSON object per event */
    PARLEY_STORE_CSV = 1,           /* the same fields, with a header */
    PARLEY_STORE_GDELT = 2,         /* GDELT 2.0 event table (61 columns), with the counts */
    PARLEY_STORE_GDELT_MENTIONS = 3 /* GDELT 2.0 Mentions table (16 columns), one per mention */
} parley_store_format;
/* "jsonl", "csv", "gdelt", "gdelt-mentions" -> *out; PARLEY_ERR_ARG otherwise. */
PARLEY_API parley_status parley_store_format_from_name(const char *name,
                                                       parley_store_format *out);
/* Header line of fmt (CSV: column names and a newline; the others ""). Static. */
PARLEY_API const char *parley_store_header(parley_store_format fmt);

/* Rows of a running query, read one line at a time. */
typedef struct parley_rows parley_rows;
/* Run q (NULL: everything) on s. *out is the caller's (parley_rows_free),
 * and must be freed before s. */
PARLEY_API parley_status parley_store_query(parley_store *s, const parley_query *q,
                                            parley_store_format fmt, parley_rows **out);
/* The next row as one newline-terminated line (borrowed, valid until the
 * next call): PARLEY_OK, PARLEY_END after the last, or an error. */
PARLEY_API parley_status parley_rows_next(parley_rows *r, const char **line);
PARLEY_API void parley_rows_free(parley_rows *r);

/* Relations between actors a and b (countries such as USA, or code
 * prefixes) over time, both ways: for each period (by = "day", "week" or
 * "month") the number of events by QuadClass, the Goldstein sum and mean,
 * the most reported events; then the turning points (periods where the
 * balance of cooperation and conflict moves sharply) with the events
 * behind them. format: "jsonl" (one object per period and direction, then
 * one per turning point), "csv", "svg" (a chart) or "html" (the chart and
 * the events table). *out is freed with parley_string_free. */
PARLEY_API parley_status parley_store_relations(parley_store *s, const char *a, const char *b,
                                                const char *by, const char *format, char **out);

/* (declared again with the places API below; C11 allows the repeat) */
typedef struct parley_gazetteer parley_gazetteer;

/* Grouping against gold: read the ECB+ corpus in ecb_dir (the folder with
 * docs/<topic>/<topic>_<n>ecb[plus].xml, or docs/ itself), keep the topics
 * listed in topics ("2,5,12" ...; NULL = the dev topics 2,5,12,18,21,23,34,
 * 35; "all" = every topic), code each document with m and d (and places
 * from g; NULL: events without places), and store
 * them in a private store twice: grouped by parley (settings as for
 * parley_store_configure, "level" and "window" may be NULL) and by
 * one-a-day. Documents are grouped when they share an event; each grouping
 * is scored against the gold sub-topics (the documents of one sub-topic
 * report one real-world event) over the documents where events were
 * recorded: B-cubed and pairwise precision, recall, F1, coverage, and the
 * number of distinct events and groups against gold. *json is freed with
 * parley_string_free. Errors name the file and line of bad XML. */
PARLEY_API parley_status parley_eval_dedup(const char *ecb_dir, const parley_model *m,
                                           const parley_dict *d, const parley_gazetteer *g,
                                           const char *topics, const char *level,
                                           const char *window, char **json);
/* ===================================================================== */
/* Reliability (issue 14): input checks and coding accounting              */

/* The longest sentence the event coder reads, in words. */
#define PARLEY_CODE_MAX_WORDS 400

/* 1 if s is a calendar date YYYY-MM-DD (month 01-12, a day the month has,
 * 29 February in leap years only, year 1000 or later), else 0 (NULL too):
 * the check `--date` gets before any work. */
PARLEY_API int parley_date_valid(const char *s);

/* The sentences coder c left uncoded because they were longer than
 * PARLEY_CODE_MAX_WORDS words although they held two actors (each one
 * reported through the log callback with its document and sentence),
 * summed over every document c coded. 0 for NULL. */
PARLEY_API uint64_t parley_coder_long_sentences(const parley_coder *c);
/* ===================================================================== */
/* Places stage: gazetteer, place names, event places (src/where)          */
/* ===================================================================== */

/* A gazetteer: countries, first-level divisions (ADM1), second-level
 * divisions, cities and towns, seas, straits, gulfs and regions from
 * GeoNames, with alternate names, population and feature class, plus
 * parley's hand additions. Compiled at build time into one binary file
 * (build/places.gaz), memory-mapped at load; immutable and shareable
 * between threads. */
typedef struct parley_gazetteer parley_gazetteer;

/* Compile the gazetteer from the data directory data_dir (the folder
 * holding where/, geo/ and dict/: see docs/internals/where.md) into
 * out_path. Bad lines are reported through the log callback with file and
 * line and skipped; a missing input file fails (PARLEY_ERR_IO naming it).
 * report (may be NULL) gets a JSON summary (entries, names, bad_lines,
 * bytes...), freed with parley_string_free. */
PARLEY_API parley_status parley_gazetteer_build(const char *data_dir, const char *out_path,
                                                char **report);
/* Load a compiled gazetteer. path NULL = the default: $PARLEY_GAZETTEER,
 * else places.gaz beside the executable or beside the default model, else
 * PREFIX/share/parley/places.gaz. A damaged or other-version file gives
 * PARLEY_ERR_MODEL naming it. *out belongs to the caller. */
PARLEY_API parley_status parley_gazetteer_load(const char *path, parley_gazetteer **out);
/* The path parley_gazetteer_load(NULL, ..) would use (PARLEY_ERR_NOT_FOUND if none). */
PARLEY_API parley_status parley_gazetteer_default_path(char *out, size_t cap);
/* Accepts NULL. */
PARLEY_API void parley_gazetteer_free(parley_gazetteer *g);
/* Number of entries (0 for NULL) and the file loaded (borrowed, "" for NULL). */
PARLEY_API size_t parley_gazetteer_size(const parley_gazetteer *g);
PARLEY_API const char *parley_gazetteer_path(const parley_gazetteer *g);
/* Entries named name (case, diacritics and periods ignored: "U.S." = "us"),
 * most likely first by population and feature class: writes up to cap
 * entry indexes into ids (may be NULL) and returns how many there are. */
PARLEY_API size_t parley_gazetteer_lookup(const parley_gazetteer *g, const char *name,
                                          uint32_t *ids, size_t cap);
/* Entry i: preferred name, country (ISO3, "" for none), latitude and
 * longitude (degrees), GeoNames id (0 for a hand addition without one),
 * population and feature ("P.PPLC", "A.ADM1", "H.STRT": GeoNames class and
 * code). Any out pointer may be NULL; strings are borrowed (feature: until
 * the thread's next call). PARLEY_ERR_ARG for a bad i. */
PARLEY_API parley_status parley_gazetteer_entry(const parley_gazetteer *g, uint32_t i,
                                                const char **name, const char **country,
                                                double *lat, double *lon, uint32_t *geonames_id,
                                                long *population, const char **feature);

/* Every place name of a segmented document (tagged and parsed is better:
 * the parse tells prepositions and names apart), resolved with the
 * document's other places, demonyms and "Town, State" pairs, as JSON Lines:
 * one {"start","end","text","name","country","lat","lon","geonames_id",
 * "feature","sentence_index"} object per name, byte offsets into the
 * document text. *out is freed with parley_string_free ("" if none). */
PARLEY_API parley_status parley_places_jsonl(const parley_gazetteer *g, const parley_doc *doc,
                                             char **out);
/* The same as a count and getters: *n place names; place i's byte span,
 * sentence and gazetteer entry. Calls find them again each time: use
 * parley_places_jsonl for bulk output. */
PARLEY_API parley_status parley_places_find(const parley_gazetteer *g, const parley_doc *doc,
                                            size_t cap, size_t *starts, size_t *ends,
                                            uint32_t *entries, size_t *n);

/* Give each coded event of doc its place: the place name attached in the
 * parse to the event's verb (an oblique or adverbial "in Vienna", "on the
 * sidelines of the Munich Security Conference", "over the South China
 * Sea") or to its actors ("the fighting in Homs"), not any place of the
 * sentence; and the actors' own geography from their country codes (GDELT
 * Actor1Geo/Actor2Geo). Events keep no place when the text gives none.
 * The coder calls it when a gazetteer is set (parley_coder_set_gazetteer). */
PARLEY_API parley_status parley_gazetteer_locate_events(const parley_gazetteer *g,
                                                        parley_doc *doc);
/* Use g (which must outlive the coder) to place every coded event; NULL
 * turns places off (the default). */
PARLEY_API void parley_coder_set_gazetteer(parley_coder *c, const parley_gazetteer *g);
/* Event i's place: name, country (ISO3, "" for seas), ADM1 ("US.TX", ""),
 * latitude, longitude, GeoNames id, feature ("P.PPLC"), the text and its
 * byte span. PARLEY_ERR_NOT_FOUND when the event has no place,
 * PARLEY_ERR_ARG for a bad i. Out pointers may be NULL; strings borrowed. */
PARLEY_API parley_status parley_event_place(const parley_doc *doc, size_t i, const char **name,
                                            const char **country, const char **adm1, double *lat,
                                            double *lon, uint32_t *geonames_id,
                                            const char **feature, const char **text,
                                            size_t *start, size_t *end);

/* Is the actor mention of words [w0, w1) (document word indexes) of
 * sentence only a place here? 1 when the parse attaches it to a locative
 * preposition ("in Chicago", "at the Munich Security Conference"): a
 * setting, not an actor; 0 when it acts or is acted on ("Beijing said",
 * "sanctions on Moscow"). g may be NULL; given, a name it does not know
 * is never only a place. Needs a parsed sentence (0 otherwise). */
PARLEY_API int parley_mention_is_place(const parley_gazetteer *g, const parley_doc *doc,
                                       size_t sentence, size_t w0, size_t w1);

/* Score place-name recognition and resolution on a corpus in the EUPEG
 * layout: corpus_dir holds a *_gold.txt file (one line per document:
 * "gazName,,surface,,lat,,lon,,start,,end[,,extra]||...", character
 * offsets) and eupeg_docs/0..N-1. Each document is segmented, parsed with
 * m (NULL: capitalization only) and its places found with g. Matching as
 * EUPEG: the same surface text and span mid-points under 10 characters
 * apart. *json: {"documents","gold","predicted","matched","precision",
 * "recall","f1","acc161" (over matched),"mean_km","median_km","auc",
 * "acc161_all" (over every gold name, unmatched count as wrong)}, freed
 * with parley_string_free. Bad lines: PARLEY_ERR_FORMAT naming file and line. */
PARLEY_API parley_status parley_eval_places(const parley_gazetteer *g, const parley_model *m,
                                            const char *corpus_dir, char **json);
/* Score event places on event-location records (JSON Lines, each
 * {"text","tokens","spans":[{"label":"VERB"|"LOCATION","start","end"}]}):
 * for each record the place parley attaches to the VERB span is compared
 * with the gold LOCATION span (overlap). *json: {"records","gold","predicted",
 * "correct","precision","recall","f1","exact"...}. A bad record is reported
 * through the log callback and counted in "bad". */
PARLEY_API parley_status parley_eval_event_places(const parley_gazetteer *g,
                                                  const parley_model *m, const char *path,
                                                  char **json);
/* Score event places on real-news articles: articles (JSONL as `parley
 * code` reads it) and gold events (JSONL with doc_id, sentence, source and
 * target texts, place {"name","country"}, as data/wikinews/GUIDE.md writes
 * them). Each article is parsed with m; each gold event's predicate (the
 * verb above its source, else its target, else the root) is placed as the
 * coder places events. Right: the same name or text, or in the same
 * country one name within the other ("El Paso" for "El Paso, Texas").
 * *json: {"events","with_place","right","wrong","missed","false_places"
 * (a place for a gold event without one),"precision","recall","f1"} and,
 * with verbose, "misses"; freed with parley_string_free. */
PARLEY_API parley_status parley_eval_article_places(const parley_gazetteer *g,
                                                    const parley_model *m,
                                                    const char *articles_path,
                                                    const char *gold_path, int verbose,
                                                    char **json);

/* ===================================================================== */
/* Serve stage: the record over HTTP (src/serve)                           */
/* ===================================================================== */

/* Event event_id of store s with its mentions, as one JSON object: the
 * fields of parley_store_query's JSON (plus "event_name"), then "mentions":
 * up to max_mentions (<= 0: all) objects {"mention_id","sentence_index",
 * "sentence","source" and "target" ({"code","text","match","start","end"}),
 * "trigger" ({"text","start","end"}),"cameo","mode","pattern" ({"text",
 * "file","line"}: the verb pattern that matched, "" text for a verb
 * block's default code; null for a mention stored before schema 2),
 * "event_date","date_precision","place","confidence","document" ({"id",
 * "url","source","title","date"})} in the order they were stored, and
 * "mentions_shown". start/end are byte offsets into "sentence" (null when
 * the text could not be found in it). *json is freed with
 * parley_string_free. PARLEY_ERR_NOT_FOUND when there is no such event. */
PARLEY_API parley_status parley_store_event_json(parley_store *s, int64_t event_id,
                                                 int max_mentions, char **json);

/* An HTTP server over one store: a JSON API (GET /api/events, /api/events/ID,
 * /api/relations, /api/health; POST /api/code with a token) and a web page
 * (/), on worker threads with one read-only store handle each, so it reads
 * while an ingest writes. Routes, limits and errors: docs/internals/serve.md. */
typedef struct parley_server parley_server;

/* A server for the store at db_path (not opened until start). *out is the
 * caller's (parley_server_free). */
PARLEY_API parley_status parley_server_new(const char *db_path, parley_server **out);
/* Settings as text, before start: "bind" (address, default 127.0.0.1),
 * "port" (default 8080; 0: any free port), "token" (the secret POST
 * /api/code needs as "Authorization: Bearer TOKEN"; at least 16
 * characters; without one coding is refused), "threads" (1-64, default 4),
 * "max_connections" (default 64), "timeout" (seconds an idle connection is
 * kept, default 10), "query_ms" (database time a request may take, default
 * 5000), "max_body" (bytes of a POST body, default 1048576), "www" (the
 * page's folder; default serve/ in parley's data directory), "model",
 * "dict", "gazetteer" (for coding; default: as parley code). PARLEY_ERR_ARG
 * for an unknown key or bad value. */
PARLEY_API parley_status parley_server_set(parley_server *s, const char *key, const char *value);
/* Read the page, check that the store opens, load the coder's model and
 * dictionaries when there is a token, and start listening; returns at once
 * (requests are answered on the server's threads). Errors name what failed:
 * PARLEY_ERR_IO (store, page file, or the address cannot be bound),
 * PARLEY_ERR_FORMAT (not a parley store), model and dictionary errors. */
PARLEY_API parley_status parley_server_start(parley_server *s);
/* The port listened on after start (useful with port 0); 0 before. */
PARLEY_API int parley_server_port(const parley_server *s);
/* Stop listening, finish the requests in progress and free. Accepts NULL. */
PARLEY_API void parley_server_free(parley_server *s);

/* ===================================================================== */
/* Beyond one machine: file parts, coded documents as JSON (the Python     */
/* package and its Dask job, python/parley; src/text/part.c,               */
/* src/store/coded.c)                                                      */
/* ===================================================================== */

/* A reader of one part of the JSON Lines file path: the records whose lines
 * start in bytes [start, end) (end 0: to the end of the file). Documents,
 * ids ("name:line" for records without one), record numbers, warnings and
 * stats are those a reader of the whole file gives for these lines, so the
 * parts of a file cut anywhere, read in turn, give exactly the whole (the
 * lines before the part are scanned for their ends, not read). Line ends as
 * the reader's: LF, CRLF, a CR alone. A UTF-16/32 file (byte order mark)
 * cannot be cut: PARLEY_ERR_ARG unless the part is the whole file.
 * PARLEY_ERR_IO naming the file. *out is the caller's (parley_reader_free). */
PARLEY_API parley_status parley_reader_open_part(const char *path, parley_stats *stats,
                                                 uint64_t start, uint64_t end,
                                                 parley_reader **out);

/* A coded document as one line of JSON (no newline): {"id","date","title",
 * "url","source","origin","record","text","blocks":[[start,end,kind]..],
 * "sentences":[[start,end]..],"events":[..]}, each event the object
 * `parley code --format jsonl` prints for it. Everything
 * parley_store_add_doc and the event writers read, without the words.
 * *out is freed with parley_string_free. PARLEY_ERR_ARG for NULL. */
PARLEY_API parley_status parley_doc_coded_json(const parley_doc *doc, char **out);
/* The document back from json[0, len) (what parley_doc_coded_json wrote,
 * possibly on another machine): metadata, text, blocks, sentences (without
 * words) and events, so that parley_store_add_doc stores it and
 * parley_events_format prints it as the original (GDELT's Actor1Geo and
 * Actor2Geo columns excepted: actors' geography is not carried). name (may
 * be NULL) names the input in messages. Bad JSON, a missing member, a span
 * outside the text or an event in no sentence: PARLEY_ERR_FORMAT naming
 * name and the member. *out is the caller's (parley_doc_free). */
PARLEY_API parley_status parley_doc_from_coded_json(const char *json, size_t len,
                                                    const char *name, parley_doc **out);

#ifdef __cplusplus
}
#endif
#endif /* PARLEY_H */
