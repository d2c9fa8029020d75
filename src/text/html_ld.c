/* html_ld.c - a page's own description of its article in JSON-LD
 * (<script type="application/ld+json">, schema.org): headline,
 * datePublished, articleBody, url. Used by the HTML extractor before the
 * DOM (read_html.c). */
#include "text/text.h"

#include <jansson.h>
#include <string.h>

/* Nesting followed inside one JSON-LD value (@graph, mainEntity, lists). */
#define LD_MAX_DEPTH 8

/* Is t (a schema.org type name) an article: Article, NewsArticle,
 * BlogPosting, ReportageNewsArticle, AnalysisNewsArticle...? */
static bool article_type(const char *t)
{
    return strstr(t, "Article") || strstr(t, "Posting") || strstr(t, "Report");
}

static bool is_article(json_t *o)
{
    json_t *t = json_object_get(o, "@type");
    if (json_is_string(t))
        return article_type(json_string_value(t));
    if (json_is_array(t)) {
        size_t i;
        json_t *v;
        json_array_foreach(t, i, v) if (json_is_string(v) &&
                                        article_type(json_string_value(v))) return true;
    }
    return false;
}

/* Copy the string member key of o into *slot (malloc'd) when unset. */
static void take(char **slot, json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    if (*slot || !json_is_string(v) || !json_string_length(v))
        return;
    *slot = strndup(json_string_value(v), json_string_length(v));
}

/* Fill ld from the first article object found in v (depth-first); an
 * object that is not an article may still give the date. */
static void scan(json_t *v, pl_html_ld *ld, int depth)
{
    if (depth > LD_MAX_DEPTH)
        return;
    if (json_is_array(v)) {
        size_t i;
        json_t *e;
        json_array_foreach(v, i, e) scan(e, ld, depth + 1);
        return;
    }
    if (!json_is_object(v))
        return;
    if (is_article(v) && !ld->article) {
        ld->article = true;
        take(&ld->headline, v, "headline");
        take(&ld->body, v, "articleBody");
        take(&ld->published, v, "datePublished");
        take(&ld->url, v, "url");
    }
    take(&ld->any_published, v, "datePublished");
    const char *key;
    json_t *m;
    json_object_foreach(v, key, m) if (json_is_array(m) || json_is_object(m))
        scan(m, ld, depth + 1);
}

void pl_html_ld_parse(pl_html_ld *ld, const char *s, size_t n)
{
    /* raw newlines and tabs inside strings are common in pages and make the
     * JSON invalid: inside a string a newline becomes "\n" (it separates
     * articleBody's paragraphs), other control bytes a space */
    char *copy = malloc(2 * n + 1);
    if (!copy)
        return;
    size_t o = 0;
    bool str = false, esc = false;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20) {
            if (str && c == '\n') {
                copy[o++] = '\\';
                copy[o++] = 'n';
            } else {
                copy[o++] = ' ';
            }
            esc = false;
            continue;
        }
        if (str && !esc && c == '"')
            str = false;
        else if (!str && c == '"')
            str = true;
        esc = str && !esc && c == '\\';
        copy[o++] = (char)c;
    }
    copy[o] = '\0';
    json_error_t err;
    json_t *root = json_loadb(copy, o, JSON_DECODE_ANY, &err);
    free(copy);
    if (!root)
        return;
    scan(root, ld, 0);
    json_decref(root);
}

void pl_html_ld_release(pl_html_ld *ld)
{
    free(ld->headline);
    free(ld->body);
    free(ld->published);
    free(ld->any_published);
    free(ld->url);
    memset(ld, 0, sizeof *ld);
}
