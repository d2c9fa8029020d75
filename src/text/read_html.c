/* read_html.c - a news page's article: headline and body paragraphs,
 * without navigation, sharing buttons, related links or comments. Uses
 * libxml2's forgiving HTML parser; the rules are described in
 * docs/internals/text-ingest.md. */
#include "text/text.h"

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <string.h>
#include <strings.h>

/* Deeper element nesting than this is ignored (hostile pages). */
#define HT_MAX_DEPTH 400
/* A paragraph longer than this is cut (one <p> holding a whole book). */
#define HT_MAX_PARA ((size_t)1 << 20)

/* Elements that never hold article text. */
static const char *const drop_elements[] = {
    "nav",    "header", "footer", "aside",    "script", "style", "form",   "noscript",   "iframe",
    "svg",    "button", "select", "textarea", "input",  "label", "figure", "figcaption", "template",
    "object", "embed",  "canvas", "video",    "audio",  "menu",  "dialog", "head",       NULL};

/* class/id words (split at space, '-' and '_', lower-cased) that mark
 * furniture: equal to one of these... */
static const char *const drop_words[] = {
    "nav",        "menu",        "comment", "comments", "byline", "author",   "authors", "footer",
    "tags",       "ad",          "ads",     "meta",     "hidden", "caption",  "credit",  "credits",
    "breadcrumb", "breadcrumbs", "toolbar", "masthead", "disqus", "outbrain", "taboola", "paywall",
    "signup",     "login",       "print",   "rss",      "more",   NULL};
/* ...or starting with one of these. */
static const char *const drop_prefixes[] = {
    "navbar",    "navigation",   "share",      "sharing", "social",  "related",
    "subscribe", "subscription", "newsletter", "cookie",  "promo",   "advert",
    "sidebar",   "popup",        "modal",      "widget",  "sponsor", "recommend",
    "trending",  "popular",      "newsfeed",   "recirc",  NULL};

/* Elements exempt from the class/id rule: the page frame and the article
 * itself ("single-post has-sidebar" on <body> is not furniture). */
static const char *const frame_elements[] = {"html", "body", "article", "main", NULL};

static bool name_in(const xmlNode *n, const char *const *list)
{
    if (!n->name)
        return false;
    for (size_t i = 0; list[i]; i++)
        if (xmlStrcasecmp(n->name, (const xmlChar *)list[i]) == 0)
            return true;
    return false;
}

static bool is_elem(const xmlNode *n, const char *name)
{
    return n->type == XML_ELEMENT_NODE && n->name &&
           xmlStrcasecmp(n->name, (const xmlChar *)name) == 0;
}

/* Does a class or id value contain a furniture word? */
static bool furniture_words(const char *v)
{
    char word[64];
    size_t i = 0;
    for (;;) {
        size_t w = 0;
        while (v[i] && (v[i] == ' ' || v[i] == '-' || v[i] == '_' || v[i] == '\t' || v[i] == '\n'))
            i++;
        if (!v[i])
            return false;
        while (v[i] &&
               !(v[i] == ' ' || v[i] == '-' || v[i] == '_' || v[i] == '\t' || v[i] == '\n')) {
            if (w + 1 < sizeof word) {
                char c = v[i];
                word[w++] = (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
            }
            i++;
        }
        word[w] = '\0';
        for (size_t k = 0; drop_words[k]; k++)
            if (strcmp(word, drop_words[k]) == 0)
                return true;
        for (size_t k = 0; drop_prefixes[k]; k++)
            if (strncmp(word, drop_prefixes[k], strlen(drop_prefixes[k])) == 0)
                return true;
    }
}

static bool attr_says_furniture(const xmlNode *n, const char *attr)
{
    xmlChar *v = xmlGetProp((xmlNode *)n, (const xmlChar *)attr);
    if (!v)
        return false;
    bool f = furniture_words((const char *)v);
    xmlFree(v);
    return f;
}

/* Is this subtree furniture (by element name, role, hidden, class or id)? */
static bool dropped(const xmlNode *n)
{
    if (n->type != XML_ELEMENT_NODE)
        return n->type == XML_COMMENT_NODE || n->type == XML_PI_NODE;
    if (name_in(n, drop_elements))
        return true;
    xmlChar *v = xmlGetProp((xmlNode *)n, (const xmlChar *)"role");
    if (v) {
        bool f = !xmlStrcasecmp(v, (const xmlChar *)"navigation") ||
                 !xmlStrcasecmp(v, (const xmlChar *)"banner") ||
                 !xmlStrcasecmp(v, (const xmlChar *)"contentinfo") ||
                 !xmlStrcasecmp(v, (const xmlChar *)"complementary");
        xmlFree(v);
        if (f)
            return true;
    }
    if (xmlHasProp((xmlNode *)n, (const xmlChar *)"hidden"))
        return true;
    if (name_in(n, frame_elements))
        return false;
    return attr_says_furniture(n, "class") || attr_says_furniture(n, "id");
}

/* Append the text of n's subtree to b: furniture inside is left out, <br>
 * is a space. Stops quietly at the paragraph cap. */
static void gather(const xmlNode *n, pl_buf *b, int depth)
{
    if (depth > HT_MAX_DEPTH)
        return;
    for (const xmlNode *c = n->children; c; c = c->next) {
        if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
            size_t len = c->content ? strlen((const char *)c->content) : 0;
            if (b->len + len <= HT_MAX_PARA)
                pl_buf_append(b, c->content, len);
        } else if (c->type == XML_ELEMENT_NODE) {
            if (is_elem(c, "br")) {
                pl_buf_putc(b, ' ');
            } else if (!dropped(c)) {
                /* inline elements join words as they are; block ones get a space */
                gather(c, b, depth + 1);
                if (!is_elem(c, "a") && !is_elem(c, "span") && !is_elem(c, "em") &&
                    !is_elem(c, "strong") && !is_elem(c, "b") && !is_elem(c, "i"))
                    pl_buf_putc(b, ' ');
            }
        }
    }
}

/* Is c a body paragraph element? */
static bool is_para(const xmlNode *c)
{
    return is_elem(c, "p") || is_elem(c, "h2") || is_elem(c, "h3");
}

/* Length of the non-blank text of a paragraph element. */
static size_t para_len(const xmlNode *p, pl_buf *tmp)
{
    pl_buf_clear(tmp);
    gather(p, tmp, 0);
    size_t n = 0;
    for (size_t i = 0; i < tmp->len; i++)
        if (!strchr(" \t\r\n\f\v", tmp->data[i]))
            n++;
    return n;
}

/* Paragraph text under n (not counting furniture). */
static size_t para_text(const xmlNode *n, pl_buf *tmp, int depth)
{
    if (depth > HT_MAX_DEPTH)
        return 0;
    size_t total = 0;
    for (const xmlNode *c = n->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE || dropped(c))
            continue;
        if (is_elem(c, "p"))
            total += para_len(c, tmp);
        else
            total += para_text(c, tmp, depth + 1);
    }
    return total;
}

/* The best element named name (not inside furniture): most paragraph text. */
static const xmlNode *best_named(const xmlNode *n, const char *name, pl_buf *tmp, size_t *best,
                                 int depth)
{
    const xmlNode *found = NULL;
    if (depth > HT_MAX_DEPTH)
        return NULL;
    for (const xmlNode *c = n->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE || dropped(c))
            continue;
        if (is_elem(c, name)) {
            size_t t = para_text(c, tmp, 0);
            if (t > *best) {
                *best = t;
                found = c;
            }
        }
        const xmlNode *f = best_named(c, name, tmp, best, depth + 1);
        if (f)
            found = f;
    }
    return found;
}

/* The element with the most text in its direct <p> children. */
static const xmlNode *densest(const xmlNode *n, pl_buf *tmp, size_t *best, int depth)
{
    const xmlNode *found = NULL;
    if (depth > HT_MAX_DEPTH)
        return NULL;
    size_t own = 0;
    for (const xmlNode *c = n->children; c; c = c->next)
        if (is_elem(c, "p") && !dropped(c))
            own += para_len(c, tmp);
    if (own > *best) {
        *best = own;
        found = n;
    }
    for (const xmlNode *c = n->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE || dropped(c))
            continue;
        const xmlNode *f = densest(c, tmp, best, depth + 1);
        if (f)
            found = f;
    }
    return found;
}

/* The first element named name under n (furniture included, so that the
 * <h1> in an article's <header> is found). */
static const xmlNode *first_named(const xmlNode *n, const char *name, int depth)
{
    if (depth > HT_MAX_DEPTH)
        return NULL;
    for (const xmlNode *c = n->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        if (is_elem(c, name))
            return c;
        if (is_elem(c, "script") || is_elem(c, "style"))
            continue;
        const xmlNode *f = first_named(c, name, depth + 1);
        if (f)
            return f;
    }
    return NULL;
}

/* Add every body paragraph under n to the draft, in document order. */
static parley_status collect(const xmlNode *n, pl_draft *d, pl_buf *tmp, int depth)
{
    if (depth > HT_MAX_DEPTH)
        return PARLEY_OK;
    for (const xmlNode *c = n->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE || dropped(c) || is_elem(c, "h1"))
            continue;
        parley_status st;
        if (is_para(c)) {
            pl_buf_clear(tmp);
            gather(c, tmp, 0);
            st = pl_draft_add(d, tmp->data ? tmp->data : "", tmp->len, PL_BLOCK_BODY);
        } else {
            st = collect(c, d, tmp, depth + 1);
        }
        if (st)
            return st;
    }
    return PARLEY_OK;
}

/* Inline elements: part of the paragraph they sit in. */
static const char *const inline_elements[] = {
    "a",    "span", "em",   "strong", "b",    "i",    "u", "small", "sup", "sub", "abbr",
    "cite", "q",    "time", "mark",   "font", "code", "s", "bdi",   "bdo", "wbr", NULL};

/* A paragraph needs this much text (non-space bytes) to be taken from an
 * element other than <p> (the fallback for pages without <p>). */
#define HT_LOOSE_MIN 80

/* Append n's own text: its text children and inline elements, not its
 * block children. Returns the number of non-space bytes. */
static size_t gather_inline(const xmlNode *n, pl_buf *b)
{
    for (const xmlNode *c = n->children; c; c = c->next) {
        if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
            size_t len = c->content ? strlen((const char *)c->content) : 0;
            if (b->len + len <= HT_MAX_PARA)
                pl_buf_append(b, c->content, len);
        } else if (is_elem(c, "br")) {
            pl_buf_putc(b, ' ');
        } else if (c->type == XML_ELEMENT_NODE && name_in(c, inline_elements) && !dropped(c)) {
            gather(c, b, 0);
        }
    }
    size_t k = 0;
    for (size_t i = 0; i < b->len; i++)
        k += !strchr(" \t\r\n\f\v", b->data[i]);
    return k;
}

/* Fallback for pages that keep their text in <div>s with <br> rather than
 * in <p>: every element (outside furniture) whose own text is long enough
 * becomes a paragraph. */
static parley_status collect_loose(const xmlNode *n, pl_draft *d, pl_buf *tmp, int depth)
{
    if (depth > HT_MAX_DEPTH || dropped(n) || is_elem(n, "h1"))
        return PARLEY_OK;
    pl_buf_clear(tmp);
    parley_status st = PARLEY_OK;
    if (gather_inline(n, tmp) >= HT_LOOSE_MIN)
        st = pl_draft_add(d, tmp->data, tmp->len, PL_BLOCK_BODY);
    for (const xmlNode *c = n->children; c && !st; c = c->next)
        if (c->type == XML_ELEMENT_NODE && !name_in(c, inline_elements))
            st = collect_loose(c, d, tmp, depth + 1);
    return st;
}

/* Page metadata from <head>: og:title, published time, canonical URL. */
typedef struct ht_meta {
    xmlChar *og_title, *published, *canonical, *og_url;
    const xmlNode *title;
} ht_meta;

static void take(xmlChar **slot, xmlChar *v)
{
    if (*slot || !v)
        xmlFree(v);
    else
        *slot = v;
}

static void find_meta(const xmlNode *n, ht_meta *m, int depth)
{
    if (depth > HT_MAX_DEPTH)
        return;
    for (const xmlNode *c = n->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        if (is_elem(c, "meta")) {
            xmlChar *key = xmlGetProp((xmlNode *)c, (const xmlChar *)"property");
            if (!key)
                key = xmlGetProp((xmlNode *)c, (const xmlChar *)"name");
            if (!key)
                key = xmlGetProp((xmlNode *)c, (const xmlChar *)"itemprop");
            if (key) {
                const char *k = (const char *)key;
                xmlChar **slot = NULL;
                if (!strcasecmp(k, "og:title"))
                    slot = &m->og_title;
                else if (!strcasecmp(k, "article:published_time") ||
                         !strcasecmp(k, "datePublished") || !strcasecmp(k, "pubdate") ||
                         !strcasecmp(k, "date") || !strcasecmp(k, "dc.date"))
                    slot = &m->published;
                else if (!strcasecmp(k, "og:url"))
                    slot = &m->og_url;
                if (slot)
                    take(slot, xmlGetProp((xmlNode *)c, (const xmlChar *)"content"));
                xmlFree(key);
            }
        } else if (is_elem(c, "link")) {
            xmlChar *rel = xmlGetProp((xmlNode *)c, (const xmlChar *)"rel");
            if (rel && !xmlStrcasecmp(rel, (const xmlChar *)"canonical"))
                take(&m->canonical, xmlGetProp((xmlNode *)c, (const xmlChar *)"href"));
            xmlFree(rel);
        } else if (is_elem(c, "title") && !m->title) {
            m->title = c;
        } else if (!is_elem(c, "script") && !is_elem(c, "style")) {
            find_meta(c, m, depth + 1);
        }
    }
}

static void free_meta(ht_meta *m)
{
    xmlFree(m->og_title);
    xmlFree(m->published);
    xmlFree(m->canonical);
    xmlFree(m->og_url);
}

/* Silence libxml2's generic error handler (it would print to stderr). */
static void quiet(void *ctx, const char *msg, ...)
{
    (void)ctx;
    (void)msg;
}

parley_status pl_html_extract(const char *html, size_t n, const char *encoding, const char *origin,
                              uint64_t record, parley_doc **out, const char **why, size_t *repairs)
{
    *out = NULL;
    *why = NULL;
    if (repairs)
        *repairs = 0;
    if (n > PL_TEXT_MAX_DOC) {
        *why = "too_large";
        return PARLEY_OK;
    }
    xmlInitParser();
    xmlSetGenericErrorFunc(NULL, quiet);
    int opts = HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET |
               HTML_PARSE_COMPACT;
    htmlDocPtr hd = htmlReadMemory(html, (int)n, NULL, encoding, opts);
    if (!hd && encoding)
        hd = htmlReadMemory(html, (int)n, NULL, NULL, opts);
    const xmlNode *root = hd ? xmlDocGetRootElement(hd) : NULL;
    if (!root) {
        if (hd)
            xmlFreeDoc(hd);
        *why = "no_body";
        return PARLEY_OK;
    }
    pl_buf tmp;
    pl_buf_init(&tmp, HT_MAX_PARA + 64);
    ht_meta meta = {0};
    find_meta(root, &meta, 0);

    /* the article: <article>, else <main>, else the densest element */
    size_t best = 0;
    const xmlNode *art = best_named(root, "article", &tmp, &best, 0);
    if (!art) {
        best = 0;
        art = best_named(root, "main", &tmp, &best, 0);
    }
    if (!art) {
        best = 0;
        art = densest(root, &tmp, &best, 0);
    }

    pl_draft d;
    pl_draft_init(&d, true);
    parley_status st = PARLEY_OK;
    parley_doc *doc = NULL;
    /* headline: the article's <h1>, else og:title, else <title> */
    const xmlNode *h1 = art ? first_named(art, "h1", 0) : NULL;
    pl_buf_clear(&tmp);
    if (h1)
        gather(h1, &tmp, 0);
    if (!tmp.len && meta.og_title)
        pl_buf_puts(&tmp, (const char *)meta.og_title);
    if (!tmp.len && meta.title)
        gather(meta.title, &tmp, 0);
    if (tmp.len)
        st = pl_draft_add(&d, tmp.data, tmp.len, PL_BLOCK_HEADLINE);
    size_t head_blocks = d.nblocks;
    if (!st && art)
        st = collect(art, &d, &tmp, 0);
    if (!st && d.nblocks == head_blocks) {
        const xmlNode *body = first_named(root, "body", 0);
        st = collect_loose(art ? art : body ? body : root, &d, &tmp, 0);
    }
    if (st == PARLEY_ERR_TOO_LARGE) {
        *why = "too_large";
        st = PARLEY_OK;
        goto done;
    }
    if (st)
        goto done;
    if (d.nblocks == head_blocks) {
        *why = "no_body";
        goto done;
    }
    if (!(doc = pl_doc_create())) {
        st = pl_error(PARLEY_ERR_NOMEM, "%s: out of memory", origin);
        goto done;
    }
    if (repairs)
        *repairs = d.repairs;
    if ((st = pl_draft_finish(&d, doc)))
        goto done;
    doc->record = record;
    if ((st = pl_doc_set(doc, &doc->origin, origin, strlen(origin))))
        goto done;
    char date[11];
    if (meta.published &&
        pl_parse_date((const char *)meta.published, strlen((const char *)meta.published), date))
        st = pl_doc_set(doc, &doc->date, date, 10);
    const xmlChar *url = meta.canonical ? meta.canonical : meta.og_url;
    if (!st && url)
        st = pl_doc_set(doc, &doc->url, (const char *)url, strlen((const char *)url));
    if (!st && doc->nblocks && doc->blocks[0].kind == PL_BLOCK_HEADLINE)
        st = pl_doc_set(doc, &doc->title, doc->text + doc->blocks[0].start,
                        doc->blocks[0].end - doc->blocks[0].start);
    if (st)
        goto done;
    bool body = false;
    for (size_t i = 0; i < doc->nblocks; i++)
        body |= doc->blocks[i].kind == PL_BLOCK_BODY;
    if (!body) {
        *why = "no_body";
        goto done;
    }
    *out = doc;
    doc = NULL;
done:
    parley_doc_free(doc);
    pl_draft_release(&d);
    free_meta(&meta);
    pl_buf_release(&tmp);
    xmlFreeDoc(hd);
    return st;
}

parley_status pl_read_html_next(parley_reader *r, parley_doc **out)
{
    if (r->done)
        return PARLEY_END;
    r->done = true;
    pl_buf raw;
    pl_buf_init(&raw, PL_TEXT_MAX_DOC + 1);
    parley_status st = pl_read_whole_doc(r, &raw, "page");
    if (st)
        goto done;
    const char *why = NULL;
    size_t repairs = 0;
    parley_doc *doc = NULL;
    st = pl_html_extract(raw.data ? raw.data : "", raw.len, NULL, r->name, 1, &doc, &why, &repairs);
    pl_stats_repairs(r->stats, repairs);
    if (st)
        goto done;
    if (!doc) {
        pl_warn("%s: no article text found (%s), skipped", r->name, why);
        parley_stats_skip(r->stats, why);
        st = PARLEY_END;
        goto done;
    }
    if ((st = pl_doc_set(doc, &doc->id, r->base, strlen(r->base)))) {
        parley_doc_free(doc);
        goto done;
    }
    pl_stats_processed(r->stats);
    *out = doc;
done:
    pl_buf_release(&raw);
    return st;
}
