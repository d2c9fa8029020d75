/* cmd_tokenize.c - `parley tokenize`: sentences and tokens as CoNLL-U. */
#include "cli.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_INPUT ((size_t)1 << 30) /* a document larger than 1 GB is refused */

/* Read all of f into a malloc'd buffer. */
static int slurp(FILE *f, const char *name, char **out, size_t *len)
{
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    if (!buf) {
        fprintf(stderr, "parley tokenize: out of memory\n");
        return CLI_BAD_INPUT;
    }
    for (;;) {
        if (n == cap) {
            if (cap >= MAX_INPUT) {
                fprintf(stderr, "parley tokenize: %s: larger than 1 GB\n", name);
                free(buf);
                return CLI_BAD_INPUT;
            }
            char *p = realloc(buf, cap * 2);
            if (!p) {
                fprintf(stderr, "parley tokenize: out of memory reading %s\n", name);
                free(buf);
                return CLI_BAD_INPUT;
            }
            buf = p;
            cap *= 2;
        }
        size_t k = fread(buf + n, 1, cap - n, f);
        n += k;
        if (k == 0)
            break;
    }
    if (ferror(f)) {
        fprintf(stderr, "parley tokenize: %s: read error\n", name);
        free(buf);
        return CLI_BAD_INPUT;
    }
    *out = buf;
    *len = n;
    return CLI_OK;
}

/* The document id: the file name without directory and extension. */
static void doc_id(const char *path, char *out, size_t cap)
{
    if (strcmp(path, "-") == 0) {
        snprintf(out, cap, "stdin");
        return;
    }
    const char *b = strrchr(path, '/');
    b = b ? b + 1 : path;
    snprintf(out, cap, "%s", b);
    char *dot = strrchr(out, '.');
    if (dot && dot != out)
        *dot = '\0';
}

/* Print text[s, e) with every run of whitespace (newlines included) as one
 * space, as CoNLL-U's "# text" wants a single line. */
static void put_oneline(const char *t, size_t s, size_t e)
{
    bool space = false;
    for (size_t i = s; i < e; i++) {
        char c = t[i];
        if (c == '\n' || c == '\r' || c == '\t' || c == ' ' || c == '\f' || c == '\v') {
            space = true;
            continue;
        }
        if (space)
            putchar(' ');
        space = false;
        putchar(c);
    }
}

/* Write one token's form (its bytes in the text) with no whitespace inside:
 * a form never contains whitespace, but be safe with odd input. */
static void put_span(const char *t, size_t s, size_t e) { fwrite(t + s, 1, e - s, stdout); }

static void print_doc(const parley_doc *doc)
{
    const char *text = parley_doc_text(doc, NULL);
    size_t ns = parley_doc_sentence_count(doc);
    printf("# newdoc id = %s\n", parley_doc_id(doc));
    for (size_t i = 0; i < ns; i++) {
        size_t s, e, w0, nw;
        parley_doc_sentence_span(doc, i, &s, &e);
        parley_doc_sentence_words(doc, i, &w0, &nw);
        printf("# sent_id = %s-%zu\n# text = ", parley_doc_id(doc), i + 1);
        put_oneline(text, s, e);
        putchar('\n');
        for (size_t k = 0; k < nw;) {
            size_t w = w0 + k;
            size_t n = parley_doc_word_mwt(doc, w);
            if (n > 1) {
                size_t ts, te, xs, xe;
                parley_doc_word_span(doc, w, &ts, &xe);
                parley_doc_word_span(doc, w + n - 1, &xs, &te);
                printf("%zu-%zu\t", k + 1, k + n);
                put_span(text, ts, te);
                printf("\t_\t_\t_\t_\t_\t_\t_\t%s\n",
                       parley_doc_word_space_after(doc, w + n - 1) ? "_" : "SpaceAfter=No");
                for (size_t j = 0; j < n; j++)
                    printf("%zu\t%s\t_\t_\t_\t_\t_\t_\t_\t_\n", k + 1 + j,
                           parley_doc_word_form(doc, w + j));
                k += n;
                continue;
            }
            printf("%zu\t%s\t_\t_\t_\t_\t_\t_\t_\t%s\n", k + 1, parley_doc_word_form(doc, w),
                   parley_doc_word_space_after(doc, w) ? "_" : "SpaceAfter=No");
            k++;
        }
        putchar('\n');
    }
}

static int run(int argc, char **argv)
{
    const char *path = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--input-format") == 0 && i + 1 < argc) {
            const char *f = argv[++i];
            if (strcmp(f, "text") != 0 && strcmp(f, "auto") != 0) {
                fprintf(stderr, "parley tokenize: input format '%s' is not supported yet "
                                "(text, auto)\n", f);
                return CLI_USAGE;
            }
        } else if (argv[i][0] == '-' && argv[i][1]) {
            fprintf(stderr, "parley tokenize: unknown option '%s'\n", argv[i]);
            return CLI_USAGE;
        } else if (path) {
            fprintf(stderr, "usage: parley tokenize [--input-format F] FILE|-\n");
            return CLI_USAGE;
        } else {
            path = argv[i];
        }
    }
    if (!path) {
        fprintf(stderr, "usage: parley tokenize [--input-format F] FILE|-\n");
        return CLI_USAGE;
    }
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "parley tokenize: cannot open %s\n", path);
        return CLI_BAD_INPUT;
    }
    char *buf;
    size_t len;
    int rc = slurp(f, path, &buf, &len);
    if (f != stdin)
        fclose(f);
    if (rc)
        return rc;
    char id[256];
    doc_id(path, id, sizeof id);
    parley_doc *doc;
    parley_status st = parley_doc_new(id, NULL, buf, len, &doc);
    free(buf);
    if (!st)
        st = parley_doc_segment(doc);
    if (st) {
        cli_report("tokenize", st);
        parley_doc_free(doc);
        return CLI_BAD_INPUT;
    }
    print_doc(doc);
    parley_doc_free(doc);
    return CLI_OK;
}

const cli_command cmd_tokenize_def = {
    "tokenize",
    "split text into sentences and tokens (CoNLL-U)",
    "usage: parley tokenize [--input-format F] FILE|-\n"
    "\n"
    "Reads FILE (or standard input for -) as plain UTF-8 text, splits it into\n"
    "sentences and UD English EWT tokens, and prints CoNLL-U: `# newdoc id`,\n"
    "`# sent_id = DOCID-N` and `# text` comments, ID and FORM columns (the\n"
    "others are _), multiword token range lines (don't -> do n't), and\n"
    "SpaceAfter=No in MISC. A blank line always ends a sentence. DOCID is the\n"
    "file name without its extension (stdin for -).\n"
    "--input-format F   text or auto (the default); other formats come with\n"
    "                   the readers.\n",
    run,
};
