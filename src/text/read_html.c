/* read_html.c - a news page's article: headline, date and body paragraphs,
 * without navigation, sharing buttons, related links or comments.
 *
 * One walk over libxml2's tree cuts the page into text blocks (runs of
 * inline text between block elements) and records each block element with
 * its parent. Each block gets a value from its own text: long text with few
 * link words counts for, link lists count against. The article is the
 * element whose subtree has the highest total; class/id words and element
 * names such as <nav> only adjust that total, and never when the element
 * holds most of the page's text. The rules and their figures are in
 * docs/internals/text-ingest.md. */
#include "text/text.h"

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Element nesting walked as structure; deeper elements are flattened into
 * their ancestor at this depth (their text is kept, their tags ignored). */
#define HX_MAX_DEPTH 4096
/* A paragraph longer than this is cut there (one <p> holding a book). */
#define HX_MAX_PARA ((size_t)1 << 20)
/* Block elements and text blocks recorded per page (a 32 MB page of empty
 * <div>s stays bounded); past these the rest is flattened / ignored. */
#define HX_MAX_NODES  ((size_t)1 << 21)
#define HX_MAX_BLOCKS ((size_t)1 << 21)
/* <time datetime> elements remembered to date the article. */
#define HX_MAX_TIMES 16

/* How an element takes part in the walk. */
enum hx_tag {
    T_BLOCK = 0, /* starts and ends text blocks; a candidate container */
    T_INLINE,    /* part of the text block it sits in */
    T_LINK,      /* <a>: inline, its text counts as link text */
    T_BR,        /* ends the current block */
    T_SKIP,      /* never text: script, style, form controls, media */
    T_FURN,      /* block that is page furniture by its name: nav, aside... */
    T_H1,        /* headline candidate */
    T_HEADING,   /* h2-h6 */
    T_HEAD       /* <head>: walked for meta tags, no text */
};

typedef struct hx_tagname {
    const char *name;
    unsigned char tag;
} hx_tagname;

/* Sorted by name for bsearch. Elements not listed are T_BLOCK (custom
 * elements are containers more often than not). */
static const hx_tagname tags[] = {
    {"a", T_LINK},        {"abbr", T_INLINE},     {"acronym", T_INLINE}, {"aside", T_FURN},
    {"audio", T_SKIP},    {"b", T_INLINE},        {"bdi", T_INLINE},     {"bdo", T_INLINE},
    {"big", T_INLINE},    {"br", T_BR},           {"button", T_SKIP},    {"canvas", T_SKIP},
    {"cite", T_INLINE},   {"code", T_INLINE},     {"data", T_INLINE},    {"datalist", T_SKIP},
    {"del", T_INLINE},    {"dfn", T_INLINE},      {"dialog", T_FURN},    {"em", T_INLINE},
    {"embed", T_SKIP},    {"figcaption", T_FURN}, {"figure", T_FURN},    {"font", T_INLINE},
    {"footer", T_FURN},   {"form", T_FURN},       {"h1", T_H1},          {"h2", T_HEADING},
    {"h3", T_HEADING},    {"h4", T_HEADING},      {"h5", T_HEADING},     {"h6", T_HEADING},
    {"head", T_HEAD},     {"header", T_FURN},     {"i", T_INLINE},       {"iframe", T_SKIP},
    {"img", T_INLINE},    {"input", T_SKIP},      {"ins", T_INLINE},     {"kbd", T_INLINE},
    {"label", T_SKIP},    {"link", T_SKIP},       {"map", T_SKIP},       {"mark", T_INLINE},
    {"math", T_SKIP},     {"menu", T_FURN},       {"meta", T_SKIP},      {"nav", T_FURN},
    {"nobr", T_INLINE},   {"noscript", T_SKIP},   {"object", T_SKIP},    {"option", T_SKIP},
    {"picture", T_SKIP},  {"q", T_INLINE},        {"s", T_INLINE},       {"samp", T_INLINE},
    {"script", T_SKIP},   {"select", T_SKIP},     {"small", T_INLINE},   {"source", T_SKIP},
    {"span", T_INLINE},   {"strike", T_INLINE},   {"strong", T_INLINE},  {"style", T_SKIP},
    {"sub", T_INLINE},    {"sup", T_INLINE},      {"svg", T_SKIP},       {"template", T_SKIP},
    {"textarea", T_SKIP}, {"time", T_INLINE},     {"title", T_SKIP},     {"tt", T_INLINE},
    {"u", T_INLINE},      {"var", T_INLINE},      {"video", T_SKIP},     {"wbr", T_INLINE},
};

static int cmp_tag(const void *k, const void *e)
{
    return strcasecmp((const char *)k, ((const hx_tagname *)e)->name);
}

static int tag_of(const xmlNode *n)
{
    if (!n->name)
        return T_INLINE;
    const hx_tagname *t =
        bsearch(n->name, tags, sizeof tags / sizeof tags[0], sizeof tags[0], cmp_tag);
    return t ? t->tag : T_BLOCK;
}

/* class/id tokens (whole, space-separated values, any case) that mark page
 * furniture or the article. They only adjust a container's score. */
static const char *const neg_tokens[] = {
    "ad",          "ads",         "advert",      "advertisement", "author",     "banner",
    "breadcrumb",  "breadcrumbs", "byline",      "caption",       "comment",    "comments",
    "commentlist", "cookie",      "cookies",     "credit",        "disqus",     "footer",
    "hidden",      "login",       "masthead",    "menu",          "modal",      "nav",
    "navbar",      "navigation",  "newsletter",  "outbrain",      "pagination", "popular",
    "popup",       "promo",       "recommended", "related",       "share",      "sharing",
    "sidebar",     "signup",      "social",      "sponsor",       "sponsored",  "subscribe",
    "taboola",     "tags",        "toolbar",     "trending",      "widget",     NULL};
static const char *const pos_tokens[] = {
    "article",      "article-body",  "article-content", "article-text", "articlebody",
    "content",      "entry",         "entry-content",   "hentry",       "main",
    "main-content", "post",          "post-body",       "post-content", "story",
    "story-body",   "story-content", "storybody",       "text",         NULL};

static bool token_in(const char *t, size_t n, const char *const *list)
{
    for (size_t k = 0; list[k]; k++)
        if (strlen(list[k]) == n && strncasecmp(t, list[k], n) == 0)
            return true;
    return false;
}

/* -1, 0 or +1 from the whole tokens of a class or id value. */
static int tokens_hint(const char *v)
{
    int h = 0;
    while (*v) {
        while (*v == ' ' || *v == '\t' || *v == '\n' || *v == '\r' || *v == '\f')
            v++;
        const char *s = v;
        while (*v && !(*v == ' ' || *v == '\t' || *v == '\n' || *v == '\r' || *v == '\f'))
            v++;
        size_t n = (size_t)(v - s);
        if (!n)
            break;
        if (token_in(s, n, neg_tokens))
            return -1;
        if (token_in(s, n, pos_tokens))
            h = 1;
    }
    return h;
}

/* An attribute's value, borrowed from the tree (NULL when absent). The
 * HTML parser lower-cases attribute names and gives one text child. */
static const char *attr(const xmlNode *n, const char *name)
{
    for (const xmlAttr *a = n->properties; a; a = a->next) {
        if (!a->name || strcmp((const char *)a->name, name) != 0)
            continue;
        const xmlNode *c = a->children;
        return c && c->content ? (const char *)c->content : "";
    }
    return NULL;
}

/* A block element: a candidate article container. */
typedef struct hx_node {
    const xmlNode *el; /* the element */
    int32_t parent;    /* index in the node table, -1 for the root */
    float good;        /* value of the subtree's good blocks */
    float score;       /* value of all the subtree's blocks */
    int8_t hint;       /* -1 furniture, +1 article, 0 (class, id, role, name) */
    uint8_t strong;    /* itemprop=articleBody */
    uint8_t h1;        /* inside an <h1> */
    uint8_t tag;       /* enum hx_tag of the element */
    uint8_t flags;     /* set after the walk: see HX_* below */
} hx_node;
#define HX_NEG  1 /* a furniture hint that counts (the node holds little text) */
#define HX_IN   2 /* inside the chosen article */
#define HX_DROP 4 /* inside the article but furniture: left out */

/* A run of inline text between block boundaries. */
typedef struct hx_block {
    uint32_t off, len; /* bytes in the walk's text buffer */
    uint32_t chars;    /* non-space bytes */
    uint32_t link;     /* of which inside <a> */
    uint32_t punct;    /* sentence punctuation and commas */
    int32_t node;      /* containing block element */
    bool trunc;        /* ends in "..." or U+2026 */
} hx_block;

typedef struct hx_time {
    const char *datetime;
    int32_t node;
} hx_time;

typedef struct hx_walk {
    pl_buf text; /* every block's text, whitespace collapsed */
    hx_node *nodes;
    size_t nnodes, ncap;
    hx_block *blocks;
    size_t nblocks, bcap;
    /* the block being built */
    size_t bstart;
    uint32_t bchars, blink, bpunct;
    bool bspace; /* a space is due before the next word */
    /* position */
    int32_t cur; /* current container */
    int links;   /* <a> elements open */
    int no_text; /* inside <head> */
    bool nomem;
    /* metadata, borrowed from the tree */
    const char *og_title, *published, *canonical, *og_url, *item_date;
    const char *loose_date; /* a meta tag whose name only looks like a date's */
    char dateline[11];      /* the date of the article's dateline, "" none */
    const xmlNode *title;
    hx_time times[HX_MAX_TIMES];
    size_t ntimes;
    pl_html_ld ld;
} hx_walk;

static bool is_ws(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* Append text to the current block: whitespace runs (no-break spaces
 * included) become one space, counts kept; the block is cut at
 * HX_MAX_PARA on a character boundary. */
static void put_text(hx_walk *w, const unsigned char *s, size_t n)
{
    if (w->no_text)
        return;
    size_t i = 0;
    while (i < n) {
        if (is_ws(s[i]) || (s[i] == 0xC2 && i + 1 < n && s[i + 1] == 0xA0)) {
            i += s[i] == 0xC2 ? 2 : 1;
            w->bspace = true;
            continue;
        }
        size_t j = i;
        uint32_t punct = 0;
        while (j < n && !is_ws(s[j]) && !(s[j] == 0xC2 && j + 1 < n && s[j + 1] == 0xA0)) {
            unsigned char c = s[j];
            punct += c == '.' || c == ',' || c == '!' || c == '?' || c == ';' ||
                     (c == 0xE3 && j + 2 < n && s[j + 1] == 0x80 && s[j + 2] == 0x82);
            j++;
        }
        size_t used = w->text.len - w->bstart;
        size_t add = (j - i) + (w->bspace && used ? 1 : 0);
        if (used + add > HX_MAX_PARA) {
            /* cut: keep what fits, ending on a character boundary */
            size_t room = HX_MAX_PARA > used + 1 ? HX_MAX_PARA - used - 1 : 0;
            size_t k = room < j - i ? room : j - i;
            while (k > 0 && (s[i + k] & 0xC0) == 0x80)
                k--;
            j = i + k;
            n = j; /* the rest of this text is dropped */
            if (!k)
                return;
        }
        if (w->bspace && used && pl_buf_putc(&w->text, ' '))
            w->nomem = true;
        if (pl_buf_append(&w->text, s + i, j - i))
            w->nomem = true;
        w->bspace = false;
        w->bchars += (uint32_t)(j - i);
        if (w->links)
            w->blink += (uint32_t)(j - i);
        w->bpunct += punct;
        i = j;
    }
}

/* End the current block: record it if it has text. */
static void flush(hx_walk *w)
{
    if (w->bchars && w->nblocks < HX_MAX_BLOCKS && !w->nomem &&
        !pl_grow((void **)&w->blocks, &w->bcap, w->nblocks + 1, sizeof *w->blocks, HX_MAX_BLOCKS)) {
        hx_block *b = &w->blocks[w->nblocks++];
        b->off = (uint32_t)w->bstart;
        b->len = (uint32_t)(w->text.len - w->bstart);
        b->chars = w->bchars;
        b->link = w->blink;
        b->punct = w->bpunct;
        b->node = w->cur;
        const char *t = w->text.data + b->off;
        b->trunc = (b->len >= 3 && memcmp(t + b->len - 3, "...", 3) == 0) ||
                   (b->len >= 3 && memcmp(t + b->len - 3, "\xE2\x80\xA6", 3) == 0);
    } else {
        w->text.len = w->bstart;
        if (w->text.data)
            w->text.data[w->text.len] = '\0';
    }
    w->bstart = w->text.len;
    w->bchars = w->blink = w->bpunct = 0;
    w->bspace = false;
}

/* Open a container for element n. */
static bool push(hx_walk *w, const xmlNode *n, int tag)
{
    if (w->nnodes >= HX_MAX_NODES ||
        pl_grow((void **)&w->nodes, &w->ncap, w->nnodes + 1, sizeof *w->nodes, HX_MAX_NODES))
        return false;
    hx_node *x = &w->nodes[w->nnodes];
    memset(x, 0, sizeof *x);
    x->el = n;
    x->tag = (uint8_t)tag;
    x->parent = w->cur;
    x->h1 = tag == T_H1 || (w->cur >= 0 && w->nodes[w->cur].h1);
    int h = 0;
    const char *v;
    if ((v = attr(n, "class")))
        h = tokens_hint(v);
    if (h >= 0 && (v = attr(n, "id")) && tokens_hint(v) < 0)
        h = -1;
    else if (!h && v && tokens_hint(v) > 0)
        h = 1;
    if ((v = attr(n, "role"))) {
        if (!strcasecmp(v, "navigation") || !strcasecmp(v, "banner") ||
            !strcasecmp(v, "contentinfo") || !strcasecmp(v, "complementary") ||
            !strcasecmp(v, "menu") || !strcasecmp(v, "dialog"))
            h = -1;
        else if (!strcasecmp(v, "main") || !strcasecmp(v, "article"))
            h = h < 0 ? h : 1;
    }
    if (tag == T_FURN)
        h = -1;
    if ((v = attr(n, "itemprop")) && !strcasecmp(v, "articleBody")) {
        x->strong = 1;
        h = 1;
    }
    if (!h && (!strcasecmp((const char *)n->name, "article") ||
               !strcasecmp((const char *)n->name, "main")))
        h = 1;
    x->hint = (int8_t)h;
    w->cur = (int32_t)w->nnodes++;
    return true;
}

/* Metadata from <meta>, <link>, JSON-LD and <time>. */
static void take(const char **slot, const char *v)
{
    if (!*slot && v && *v)
        *slot = v;
}

static void meta_tag(hx_walk *w, const xmlNode *n)
{
    const char *k = attr(n, "property");
    if (!k)
        k = attr(n, "name");
    if (!k)
        k = attr(n, "itemprop");
    if (!k)
        return;
    const char *c = attr(n, "content");
    if (!strcasecmp(k, "og:title"))
        take(&w->og_title, c);
    else if (!strcasecmp(k, "og:url"))
        take(&w->og_url, c);
    else if (!strcasecmp(k, "article:published_time") || !strcasecmp(k, "datePublished") ||
             !strcasecmp(k, "og:published_time") || !strcasecmp(k, "pubdate") ||
             !strcasecmp(k, "publishdate") || !strcasecmp(k, "publish-date") ||
             !strcasecmp(k, "date") || !strcasecmp(k, "dc.date") ||
             !strcasecmp(k, "dc.date.issued") || !strcasecmp(k, "dcterms.date") ||
             !strcasecmp(k, "sailthru.date") || !strcasecmp(k, "parsely-pub-date"))
        take(&w->published, c);
    else if (strcasestr(k, "publish") || strcasestr(k, "pubdate") ||
             (strlen(k) > 4 && !strcasecmp(k + strlen(k) - 4, "date") && !strcasestr(k, "modif") &&
              !strcasestr(k, "updat") && !strcasestr(k, "expir")))
        take(&w->loose_date, c); /* "article.published", "sailthru.date"... */
}

static void script(hx_walk *w, const xmlNode *n)
{
    const char *type = attr(n, "type");
    if (!type || !strstr(type, "ld+json"))
        return;
    for (const xmlNode *c = n->children; c; c = c->next)
        if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) && c->content)
            pl_html_ld_parse(&w->ld, (const char *)c->content, strlen((const char *)c->content));
}

/* Does an inline style hide the element (display:none, visibility:hidden)? */
static bool style_hidden(const char *v)
{
    char c[96];
    size_t k = 0;
    for (; *v && k + 1 < sizeof c; v++)
        if (!is_ws((unsigned char)*v))
            c[k++] = (char)(*v >= 'A' && *v <= 'Z' ? *v - 'A' + 'a' : *v);
    c[k] = '\0';
    return strstr(c, "display:none") || strstr(c, "visibility:hidden");
}

/* Entering element or text n at depth. Returns true to walk its children. */
static bool enter(hx_walk *w, const xmlNode *n, int depth)
{
    if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
        if (n->content)
            put_text(w, n->content, strlen((const char *)n->content));
        return false;
    }
    if (n->type != XML_ELEMENT_NODE)
        return false;
    int tag = tag_of(n);
    const char *v;
    if ((v = attr(n, "itemprop")) && !strcasecmp(v, "datePublished")) {
        const char *d = attr(n, "content");
        take(&w->item_date, d ? d : attr(n, "datetime"));
    }
    switch (tag) {
    case T_SKIP:
        if (!strcasecmp((const char *)n->name, "script"))
            script(w, n);
        else if (!strcasecmp((const char *)n->name, "meta"))
            meta_tag(w, n);
        else if (!strcasecmp((const char *)n->name, "title"))
            w->title = w->title ? w->title : n;
        else if (!strcasecmp((const char *)n->name, "link") && (v = attr(n, "rel")) &&
                 !strcasecmp(v, "canonical"))
            take(&w->canonical, attr(n, "href"));
        return false;
    case T_BR: flush(w); return false;
    case T_LINK:
        if (!n->children)
            return false;
        w->links++;
        return true;
    case T_INLINE:
        if (!strcasecmp((const char *)n->name, "time") && w->ntimes < HX_MAX_TIMES &&
            (v = attr(n, "datetime")) && *v)
            w->times[w->ntimes++] = (hx_time){v, w->cur};
        return n->children != NULL;
    case T_HEAD: w->no_text++; return true;
    default: break;
    }
    if (attr(n, "hidden") || ((v = attr(n, "aria-hidden")) && !strcasecmp(v, "true")) ||
        ((v = attr(n, "style")) && style_hidden(v)))
        return false;
    if (!n->children)
        return false;
    flush(w);
    if (depth < HX_MAX_DEPTH)
        push(w, n, tag);
    return true;
}

/* Leaving element n (whose children were walked). */
static void leave(hx_walk *w, const xmlNode *n)
{
    if (n->type != XML_ELEMENT_NODE)
        return;
    int tag = tag_of(n);
    if (tag == T_LINK) {
        w->links--;
    } else if (tag == T_HEAD) {
        w->no_text--;
    } else if (tag != T_INLINE) {
        flush(w);
        /* past the depth or node cap no container was opened */
        if (w->cur >= 0 && w->nodes[w->cur].el == n)
            w->cur = w->nodes[w->cur].parent;
    }
}

/* Walk the tree under root in document order without recursion (parent
 * pointers), so nesting depth costs no stack. */
static void walk(hx_walk *w, const xmlNode *root)
{
    const xmlNode *n = root;
    int depth = 0;
    for (;;) {
        if (enter(w, n, depth) && n->children) {
            n = n->children;
            depth++;
            continue;
        }
        while (n != root && !n->next) {
            n = n->parent;
            depth--;
            leave(w, n);
        }
        if (n == root)
            break;
        n = n->next;
    }
    flush(w);
}

/* ---------------------------------------------------------------------- */
/* Scoring */

/* Below this many non-space bytes a block neither helps nor hurts (dates,
 * labels, subheadings, "Share"). */
#define HX_SHORT 25
/* A block with more than this share of link text is a link list. */
#define HX_LINKY 0.5f
/* A furniture hint counts only on elements holding less than this share of
 * the page's good text: a class word never drops most of the page. */
#define HX_HINT_CAP 0.5f
/* Bonus, as a share of its good text, of an element that says it is the
 * article (class/id token, <article>, <main>, role=main), and the extra for
 * itemprop=articleBody. */
#define HX_POS_BONUS    0.5f
#define HX_STRONG_BONUS 0.5f

#define HX_UNDER 8 /* inside a furniture element whose hint counts */
/* Shorter lines may be a photo credit ("Photo: Hau Dinh, AP"). */
#define HX_FURN_LINE 80
/* Shorter lines may be a dateline ("November 20, 2019 Jane Doe"). */
#define HX_DATELINE 100

static float value(const hx_block *b)
{
    float len = (float)b->chars;
    if ((float)b->link > HX_LINKY * len)
        return -len;
    /* short, or without any punctuation (a label, a headline, a menu
     * written as text): neither helps nor hurts */
    if (b->chars < HX_SHORT || !b->punct)
        return 0;
    /* link text counts against twice: a teaser (linked headline and a
     * summary) is worth little, a paragraph with a few links almost all */
    float v = len - (float)b->link;
    /* a linked headline with a summary cut short by "..." is a teaser for
     * another page (a paywalled article's last paragraph has no link) */
    if (b->trunc && b->link)
        return -0.5f * len;
    return v;
}

/* The article: the node with the best score. Sets the node flags. Returns
 * -1 when nothing on the page is worth taking. */
static int32_t choose(hx_walk *w)
{
    hx_node *x = w->nodes;
    size_t nn = w->nnodes;
    for (size_t i = 0; i < w->nblocks; i++) {
        float v = value(&w->blocks[i]);
        if (v > 0)
            x[w->blocks[i].node].good += v;
    }
    for (size_t i = nn; i-- > 1;)
        x[x[i].parent].good += x[i].good;
    float page = x[0].good;
    for (size_t i = 0; i < nn; i++) {
        bool neg = x[i].hint < 0 && x[i].good < HX_HINT_CAP * page;
        x[i].flags = (uint8_t)((neg ? HX_NEG | HX_UNDER : 0) |
                               (x[i].parent >= 0 ? x[x[i].parent].flags & HX_UNDER : 0));
    }
    for (size_t i = 0; i < w->nblocks; i++) {
        const hx_block *b = &w->blocks[i];
        float v = value(b);
        /* furniture's own text neither draws the article to it nor keeps
         * it away (it is left out of the output); its link lists still
         * count against */
        if ((x[b->node].flags & HX_UNDER) && v > 0)
            v = 0;
        x[b->node].score += v;
    }
    for (size_t i = nn; i-- > 1;)
        x[x[i].parent].score += x[i].score;
    int32_t best = -1;
    float top = 0;
    for (size_t i = 0; i < nn; i++) {
        float s = x[i].score;
        if (x[i].hint > 0)
            s += HX_POS_BONUS * x[i].good;
        if (x[i].strong)
            s += HX_STRONG_BONUS * x[i].good;
        if (s > 0 && s > top) {
            top = s;
            best = (int32_t)i;
        }
    }
    if (best < 0)
        return -1;
    /* what inside the article is left out: furniture whose hint counts,
     * and parts that are mostly link lists */
    float good = x[best].good;
    for (size_t i = (size_t)best; i < nn; i++) {
        int32_t p = x[i].parent;
        bool in = (int32_t)i == best || (p >= 0 && (x[p].flags & HX_IN));
        if (!in)
            continue;
        x[i].flags |= HX_IN;
        if ((int32_t)i != best && ((x[p].flags & HX_DROP) || (x[i].flags & HX_NEG) ||
                                   (x[i].score < 0 && x[i].good < 0.25f * good)))
            x[i].flags |= HX_DROP;
    }
    return best;
}

/* Does the line s (n bytes) start with a date, or with Updated,
 * Published, Posted or By and hold a date, without ending a sentence? */
static bool dateline(const char *s, size_t n, char date[11])
{
    static const char *const lead[] = {"updated", "published", "posted", "by", NULL};
    char tmp[HX_DATELINE];
    memcpy(tmp, s, n);
    tmp[n] = '\0';
    size_t w = 0;
    while (w < n && ((tmp[w] | 0x20) >= 'a' && (tmp[w] | 0x20) <= 'z'))
        w++;
    bool starts = (tmp[0] >= '0' && tmp[0] <= '9') ||
                  (w >= 3 && pl_html_date(tmp, date) && pl_html_month(tmp, w));
    for (size_t k = 0; lead[k] && !starts; k++)
        starts = w == strlen(lead[k]) && strncasecmp(tmp, lead[k], w) == 0;
    return starts && pl_html_date(tmp, date) && !pl_clean_ends_sentence(s, n);
}

static bool starts_ci(const char *s, size_t n, const char *w)
{
    size_t k = strlen(w);
    return n >= k && strncasecmp(s, w, k) == 0;
}

/* Page furniture that sits inside articles, one line: a bare URL, a
 * gallery counter ("Image 2 of 5", "1 of 3"), a photo credit or caption
 * label ("Photo: Hau Dinh, AP", "Getty Images", "Caption"), a shortcode. */
static bool furniture_line(const char *s, size_t n)
{
    static const char *const credit[] = {
        "photo:",  "photos:",     "photo by ", "image:",    "images:",
        "credit:", "photograph:", "picture:",  "pictures:", NULL};
    static const char *const alone[] = {"caption",  "getty images", "getty",
                                        "ap photo", "file photo",   NULL};
    static const char *const counted[] = {"image", "photo", "slide", "picture", NULL};
    if (n < HX_FURN_LINE) {
        for (size_t k = 0; credit[k]; k++)
            if (starts_ci(s, n, credit[k]))
                return true;
        for (size_t k = 0; alone[k]; k++)
            if (n == strlen(alone[k]) && starts_ci(s, n, alone[k]))
                return true;
    }
    if ((starts_ci(s, n, "http://") || starts_ci(s, n, "https://")) && !memchr(s, ' ', n))
        return true;
    /* a CMS shortcode left as text: [button link="..."]Send us[/button] */
    if (n > 2 && s[0] == '[' && s[1] >= 'a' && s[1] <= 'z' && s[n - 1] == ']') {
        size_t k = 1;
        while (k < n && ((s[k] >= 'a' && s[k] <= 'z') || s[k] == '_'))
            k++;
        if (k < n && (s[k] == ' ' || s[k] == ']'))
            return true;
    }
    /* [word] N of|/ [/] M */
    size_t i = 0;
    for (size_t k = 0; counted[k]; k++)
        if (starts_ci(s, n, counted[k]) && n > strlen(counted[k]) && s[strlen(counted[k])] == ' ')
            i = strlen(counted[k]) + 1;
    size_t d = i;
    while (i < n && s[i] >= '0' && s[i] <= '9')
        i++;
    if (i == d || i == n || s[i] != ' ')
        return false;
    i++;
    if (starts_ci(s + i, n - i, "of "))
        i += 3;
    else if (starts_ci(s + i, n - i, "/ "))
        i += 2;
    else
        return false;
    if (starts_ci(s + i, n - i, "/ "))
        i += 2;
    d = i;
    while (i < n && s[i] >= '0' && s[i] <= '9')
        i++;
    return i > d && i == n;
}

/* Is block b part of the article body? */
static bool body_block(hx_walk *w, const hx_block *b)
{
    const hx_node *x = &w->nodes[b->node];
    if (!(x->flags & HX_IN) || (x->flags & HX_DROP) || x->h1 ||
        (float)b->link > HX_LINKY * (float)b->chars)
        return false;
    /* a short line that starts with a date is the article's dateline or
     * byline ("November 20, 2019 Jane Doe", "Updated 11:21 pm, Nov 19") */
    if (furniture_line(w->text.data + b->off, b->len))
        return false;
    char date[11];
    if (b->len < HX_DATELINE && dateline(w->text.data + b->off, b->len, date)) {
        if (!w->dateline[0])
            memcpy(w->dateline, date, sizeof date);
        return false;
    }
    return true;
}

/* ---------------------------------------------------------------------- */
/* Assembly */

static bool date_of(const char *s, char out[11])
{
    return pl_html_date(s, out);
}

/* The page's publication date: JSON-LD, then meta tags, then
 * itemprop=datePublished, then the first <time datetime> inside the
 * article, then anywhere, then the article's dateline, then a date in the
 * page's own URL. */
static bool page_date(const hx_walk *w, char out[11])
{
    if (date_of(w->ld.published, out) || date_of(w->ld.any_published, out) ||
        date_of(w->published, out) || date_of(w->item_date, out) || date_of(w->loose_date, out))
        return true;
    for (size_t i = 0; i < w->ntimes; i++)
        if (w->times[i].node >= 0 && (w->nodes[w->times[i].node].flags & HX_IN) &&
            date_of(w->times[i].datetime, out))
            return true;
    for (size_t i = 0; i < w->ntimes; i++)
        if (date_of(w->times[i].datetime, out))
            return true;
    if (w->dateline[0]) {
        memcpy(out, w->dateline, 11);
        return true;
    }
    return pl_url_date(w->canonical, out) || pl_url_date(w->og_url, out) ||
           pl_url_date(w->ld.url, out);
}

/* Append the text under n (the <title>) to b. */
static void title_text(const xmlNode *n, pl_buf *b)
{
    for (const xmlNode *c = n->children; c; c = c->next)
        if (c->type == XML_TEXT_NODE && c->content)
            pl_buf_puts(b, (const char *)c->content);
}

/* The headline: the first <h1> inside the article; else JSON-LD headline,
 * og:title, the last <h1> before the article outside furniture, <title>. */
static parley_status add_headline(hx_walk *w, int32_t best, pl_draft *d, pl_buf *tmp)
{
    const hx_block *first = NULL, *before = NULL;
    for (size_t i = 0; i < w->nblocks; i++) {
        const hx_block *b = &w->blocks[i];
        const hx_node *x = &w->nodes[b->node];
        if (!x->h1)
            continue;
        if (x->flags & HX_IN) {
            first = b;
            break;
        }
        if (best >= 0 && b->node < best && !(x->flags & HX_UNDER))
            before = b;
    }
    pl_buf_clear(tmp);
    if (first)
        pl_buf_append(tmp, w->text.data + first->off, first->len);
    else if (w->ld.headline)
        pl_buf_puts(tmp, w->ld.headline);
    else if (w->og_title)
        pl_buf_puts(tmp, w->og_title);
    else if (before)
        pl_buf_append(tmp, w->text.data + before->off, before->len);
    else if (w->title)
        title_text(w->title, tmp);
    return tmp->len ? pl_draft_add(d, tmp->data, tmp->len, PL_BLOCK_HEADLINE) : PARLEY_OK;
}

/* JSON-LD articleBody as paragraphs (split at line breaks). */
static parley_status add_ld_body(const char *s, pl_draft *d)
{
    parley_status st = PARLEY_OK;
    while (*s && !st) {
        const char *e = strchr(s, '\n');
        size_t n = e ? (size_t)(e - s) : strlen(s);
        st = pl_draft_add(d, s, n, PL_BLOCK_BODY);
        s += n + (e ? 1 : 0);
    }
    return st;
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
    /* XML_PARSE_HUGE (honoured by the HTML parser too) lifts libxml2's 256-level nesting limit (the
     * walk needs no stack; HX_MAX_DEPTH bounds the structure it keeps) and its text-node size limit
     * (the page itself is capped at PL_TEXT_MAX_DOC) */
    int opts = HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET |
               HTML_PARSE_COMPACT | XML_PARSE_HUGE;
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
    hx_walk w;
    memset(&w, 0, sizeof w);
    pl_buf_init(&w.text, PL_TEXT_MAX_DOC * 2);
    w.cur = -1;
    pl_buf tmp;
    pl_buf_init(&tmp, PL_TEXT_MAX_DOC);
    pl_draft d;
    pl_draft_init(&d, true);
    parley_doc *doc = NULL;
    parley_status st = PARLEY_OK;

    walk(&w, root);
    if (w.nomem) {
        st = pl_error(PARLEY_ERR_NOMEM, "%s: record %llu: out of memory", origin,
                      (unsigned long long)record);
        goto done;
    }
    int32_t best = w.nnodes ? choose(&w) : -1;
    if ((st = add_headline(&w, best, &d, &tmp)))
        goto done;
    size_t head_blocks = d.nblocks;
    for (size_t i = 0; best >= 0 && i < w.nblocks && !st; i++)
        if (body_block(&w, &w.blocks[i]))
            st = pl_draft_add(&d, w.text.data + w.blocks[i].off, w.blocks[i].len, PL_BLOCK_BODY);
    if (!st && d.nblocks == head_blocks && w.ld.body)
        st = add_ld_body(w.ld.body, &d);
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
    if (page_date(&w, date))
        st = pl_doc_set(doc, &doc->date, date, 10);
    const char *url = w.canonical ? w.canonical : w.og_url ? w.og_url : w.ld.url;
    if (!st && url)
        st = pl_doc_set(doc, &doc->url, url, strlen(url));
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
    pl_buf_release(&tmp);
    pl_buf_release(&w.text);
    free(w.nodes);
    free(w.blocks);
    pl_html_ld_release(&w.ld);
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
