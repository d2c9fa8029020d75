/* test_model.c - unit tests for src/model: features, the arc-hybrid
 * transition system and its dynamic oracle, lemma rules, the model file
 * (round trip, truncated, corrupt, wrong version) and a small training
 * regression on the treebank. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "model/model.h"
#include "model/modelfile.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define TRAIN "data/ud-en-ewt/en_ewt-ud-train.conllu"
#define DEV "data/ud-en-ewt/en_ewt-ud-dev.conllu"

/* ---------------------------------------------------------------------- */
/* features */

static void lex_is_case_insensitive_for_words_but_not_shape(void **state)
{
    (void)state;
    pl_lex a, b, c;
    pl_lex_word("The", &a);
    pl_lex_word("the", &b);
    pl_lex_word("then", &c);
    assert_true(a.lower == b.lower);
    assert_true(a.shape != b.shape);
    assert_true(a.flags != b.flags);
    assert_true(a.pre2 == c.pre2 && a.pre3 == c.pre3);
    assert_true(b.suf1 != c.suf1);
    pl_lex d, e;
    pl_lex_word("1984", &d);
    pl_lex_word("2021", &e);
    assert_true(d.shape == e.shape);
}

static void tagger_features_depend_on_previous_tags_only_where_they_should(void **state)
{
    (void)state;
    const char *words[] = {"I", "saw", "her", "duck"};
    pl_lex lex[4];
    for (int i = 0; i < 4; i++)
        pl_lex_word(words[i], &lex[i]);
    int tags1[4] = {1, 2, 3, 4}, tags2[4] = {1, 7, 3, 4};
    uint64_t f1[PL_TAG_MAXF], f2[PL_TAG_MAXF];
    size_t n1 = pl_tagger_features(lex, 4, 2, tags1, f1);
    size_t n2 = pl_tagger_features(lex, 4, 2, tags2, f2);
    assert_int_equal(n1, n2);
    assert_true(n1 <= PL_TAG_MAXF);
    size_t differ = 0;
    for (size_t i = 0; i < n1; i++) {
        assert_true(f1[i] != 0);
        differ += f1[i] != f2[i];
    }
    /* the templates that use the previous tag: t1, t1+t2, t1+w, t1+suf, t1+next,
     * t1+amb, t1+amb+next amb */
    assert_int_equal(differ, 7);
    /* the same word elsewhere gives the same word features but other context */
    size_t n3 = pl_tagger_features(lex, 4, 0, tags1, f2);
    assert_int_equal(n3, n1);
    assert_true(f1[0] == f2[0]); /* bias */
    /* the run time's split: word-only keys, then previous-tag keys, together
     * the same keys in the same order as the whole set, and the word-only
     * part does not read the tags */
    for (size_t w = 0; w < 4; w++) {
        uint64_t fs[PL_TAG_MAXF], fd[PL_TAG_MAXF];
        size_t nall = pl_tagger_features(lex, 4, w, tags1, f1);
        size_t ns = pl_tagger_features_part(lex, 4, w, NULL, fs, PL_TAGF_STATIC);
        size_t nd = pl_tagger_features_part(lex, 4, w, tags1, fd, PL_TAGF_DYNAMIC);
        assert_int_equal(ns + nd, nall);
        assert_int_equal(nd, 8);
        size_t is = 0, id = 0;
        for (size_t k = 0; k < nall; k++) {
            if (is < ns && f1[k] == fs[is])
                is++;
            else if (id < nd && f1[k] == fd[id])
                id++;
            else
                fail_msg("word %zu: feature %zu is in neither part", w, k);
        }
    }
}

static void parser_features_are_distinct_keys(void **state)
{
    (void)state;
    pl_state s;
    assert_int_equal(pl_state_alloc(&s, 8), PARLEY_OK);
    pl_state_init(&s, 3);
    uint64_t word[5] = {0, 11, 22, 33, 99};
    int tag[5] = {0, 1, 2, 3, 10};
    uint64_t f[PL_PARSE_MAXF];
    pl_state_apply(&s, 0, 0);
    pl_state_apply(&s, 0, 0);
    size_t n = pl_parser_features(&s, word, tag, f);
    assert_true(n > 60 && n <= PL_PARSE_MAXF);
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++)
            assert_true(f[i] != f[j]);
    pl_state_release(&s);
}

/* ---------------------------------------------------------------------- */
/* transition system and oracle */

/* Follow the zero-cost (or least-cost) actions with gold labels. */
static int oracle_parse(pl_state *s, size_t n, const int *gh, const int *gl, int root)
{
    int total = 0;
    pl_state_init(s, n);
    while (!pl_state_terminal(s)) {
        int best = -1, bc = 0;
        for (int k = 0; k < 3; k++) {
            if (!pl_state_can(s, k))
                continue;
            int c = pl_oracle_cost(s, k, gh);
            assert_true(c >= 0);
            if (best < 0 || c < bc) {
                best = k;
                bc = c;
            }
        }
        assert_true(best >= 0);
        total += bc;
        int s0 = s->stack[s->sp ? s->sp - 1 : 0];
        pl_state_apply(s, pl_act(best, best == PL_SHIFT ? 0 : gl[s0]), root);
    }
    return total;
}

static void oracle_reaches_a_projective_gold_tree(void **state)
{
    (void)state;
    /* "She quickly ate the apple": She<-ate, quickly<-ate, ate=root,
     * the<-apple, apple<-ate */
    int gh[7] = {0, 3, 3, 0, 5, 3, 0};
    int gl[7] = {0, 1, 2, 0, 3, 4, 0};
    pl_state s;
    assert_int_equal(pl_state_alloc(&s, 16), PARLEY_OK);
    assert_int_equal(oracle_parse(&s, 5, gh, gl, 0), 0);
    for (int i = 1; i <= 5; i++) {
        assert_int_equal(s.head[i], gh[i]);
        assert_int_equal(s.label[i], gl[i]);
    }
    /* children bookkeeping: ate has left children She, quickly and right apple */
    assert_int_equal(s.nl[3], 2);
    assert_int_equal(s.l1[3], 1);
    assert_int_equal(s.l2[3], 2);
    assert_int_equal(s.nr[3], 1);
    assert_int_equal(s.r1[3], 5);
    pl_state_release(&s);
}

static void oracle_on_a_non_projective_tree_builds_a_tree_with_few_errors(void **state)
{
    (void)state;
    /* 1 2 3 4 with crossing arcs 1->3 and 2->4, root 2 */
    int gh[6] = {0, 2, 0, 1, 2, 0};
    int gl[6] = {0, 1, 0, 1, 1, 0};
    pl_state s;
    assert_int_equal(pl_state_alloc(&s, 16), PARLEY_OK);
    int cost = oracle_parse(&s, 4, gh, gl, 0);
    assert_true(cost >= 1); /* a crossing arc cannot be built */
    int roots = 0, right = 0;
    for (int i = 1; i <= 4; i++) {
        assert_true(s.head[i] >= 0 && s.head[i] <= 4 && s.head[i] != i);
        roots += s.head[i] == 0;
        right += s.head[i] == gh[i];
    }
    assert_int_equal(roots, 1);
    assert_int_equal(right, 4 - cost);
    pl_state_release(&s);
}

static void dynamic_oracle_costs_by_hand(void **state)
{
    (void)state;
    /* "a b c": a<-b, b=root, c<-b */
    int gh[5] = {0, 2, 0, 2, 0};
    pl_state s;
    assert_int_equal(pl_state_alloc(&s, 8), PARLEY_OK);
    pl_state_init(&s, 3);
    assert_false(pl_state_can(&s, PL_LEFT));
    assert_false(pl_state_can(&s, PL_RIGHT));
    assert_int_equal(pl_oracle_cost(&s, PL_SHIFT, gh), 0);
    pl_state_apply(&s, 0, 0); /* stack [a], buffer b c ROOT */
    assert_int_equal(pl_oracle_cost(&s, PL_LEFT, gh), 0);  /* a<-b */
    assert_int_equal(pl_oracle_cost(&s, PL_SHIFT, gh), 1); /* a can no longer get b */
    pl_state_apply(&s, 0, 0); /* wrong: stack [a b], buffer c ROOT */
    /* RIGHT makes b the head of... no: pops b under a: b loses its child c
     * in the buffer and its head (root, in the buffer) */
    assert_int_equal(pl_oracle_cost(&s, PL_RIGHT, gh), 2);
    /* LEFT attaches b to c: loses c<-b and b's head root */
    assert_int_equal(pl_oracle_cost(&s, PL_LEFT, gh), 2);
    /* SHIFT c: c's head b is s0, still reachable; nothing lost */
    assert_int_equal(pl_oracle_cost(&s, PL_SHIFT, gh), 0);
    pl_state_apply(&s, 0, 0); /* stack [a b c], buffer ROOT */
    assert_false(pl_state_can(&s, PL_SHIFT));
    assert_false(pl_state_can(&s, PL_LEFT)); /* the root takes the last word only */
    assert_int_equal(pl_oracle_cost(&s, PL_RIGHT, gh), 0); /* c<-b */
    pl_state_apply(&s, pl_act(PL_RIGHT, 1), 0);
    assert_int_equal(s.head[3], 2);
    pl_state_release(&s);
}

/* ---------------------------------------------------------------------- */
/* lemma rules */

static void lemma_rules_learn_and_apply(void **state)
{
    (void)state;
    int lower;
    size_t strip;
    const char *app;
    char out[64];
    assert_true(pl_lrule_learn("running", "run", &lower, &strip, &app));
    assert_int_equal(lower, 1);
    assert_int_equal(strip, 4);
    assert_string_equal(app, "");
    pl_lrule_apply("Cutting", lower, strip, app, out, sizeof out);
    assert_string_equal(out, "cut");
    assert_true(pl_lrule_learn("studies", "study", &lower, &strip, &app));
    assert_int_equal(strip, 3);
    assert_string_equal(app, "y");
    pl_lrule_apply("Replies", lower, strip, app, out, sizeof out);
    assert_string_equal(out, "reply");
    /* proper nouns keep their case */
    assert_true(pl_lrule_learn("John", "John", &lower, &strip, &app));
    assert_int_equal(lower, 0);
    assert_int_equal(strip, 0);
    /* irregular: the whole word is replaced */
    assert_true(pl_lrule_learn("was", "be", &lower, &strip, &app));
    assert_int_equal(strip, 3);
    assert_string_equal(app, "be");
    /* a strip longer than the word, and a small buffer, are safe */
    pl_lrule_apply("ab", 1, 5, "xyz", out, sizeof out);
    assert_string_equal(out, "xyz");
    pl_lrule_apply("abcdef", 0, 0, "ghij", out, 5);
    assert_string_equal(out, "abcd");
    /* never leaves half a UTF-8 character */
    pl_lrule_apply("caf\xC3\xA9", 0, 1, "", out, sizeof out);
    assert_string_equal(out, "caf");
}

/* ---------------------------------------------------------------------- */
/* model files */

static char model_path[160], dir_path[64];

static int setup_model(void **state)
{
    (void)state;
    snprintf(dir_path, sizeof dir_path, "/tmp/parley-test-model-XXXXXX");
    if (!mkdtemp(dir_path))
        return -1;
    snprintf(model_path, sizeof model_path, "%s/small.model", dir_path);
    char params[160];
    snprintf(params, sizeof params, "%s/small.params", dir_path);
    FILE *f = fopen(params, "w");
    if (!f)
        return -1;
    fputs("# small model for the tests\nmax_sentences = 500\njackknife_folds = 2\n", f);
    fclose(f);
    char *report = NULL;
    parley_status st = parley_model_train(TRAIN, NULL, params, 3, 2, model_path, &report);
    parley_string_free(report);
    unlink(params);
    return st == PARLEY_OK ? 0 : -1;
}

static int teardown_model(void **state)
{
    (void)state;
    unlink(model_path);
    rmdir(dir_path);
    return 0;
}

static unsigned char *slurp(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long len = ftell(f);
    fseek(f, 0, SEEK_SET);
    unsigned char *b = malloc((size_t)len);
    assert_non_null(b);
    assert_int_equal(fread(b, 1, (size_t)len, f), (size_t)len);
    fclose(f);
    *n = (size_t)len;
    return b;
}

static void small_training_run_meets_its_floor(void **state)
{
    (void)state;
    parley_model *m;
    assert_int_equal(parley_model_load(model_path, &m), PARLEY_OK);
    char *json;
    assert_int_equal(parley_model_eval(m, DEV, 0, &json), PARLEY_OK);
    double upos = 0, uas = 0, las = 0, lemma = 0;
    const char *p = strstr(json, "\"upos\":");
    assert_non_null(p);
    upos = atof(p + 7);
    uas = atof(strstr(json, "\"uas\":") + 6);
    las = atof(strstr(json, "\"las\":") + 6);
    lemma = atof(strstr(json, "\"lemma\":") + 8);
    print_message("small model on dev: %s\n", json);
    assert_true(upos >= 80.0);
    assert_true(uas >= 58.0);
    assert_true(las >= 50.0);
    assert_true(lemma >= 88.0);
    parley_string_free(json);
    parley_model_free(m);
}

static void training_is_deterministic(void **state)
{
    (void)state;
    char other[160], params[160];
    snprintf(other, sizeof other, "%s/again.model", dir_path);
    snprintf(params, sizeof params, "%s/again.params", dir_path);
    FILE *f = fopen(params, "w");
    assert_non_null(f);
    fputs("max_sentences = 500\njackknife_folds = 2\n", f);
    fclose(f);
    assert_int_equal(parley_model_train(TRAIN, NULL, params, 3, 2, other, NULL), PARLEY_OK);
    size_t na, nb;
    unsigned char *a = slurp(model_path, &na), *b = slurp(other, &nb);
    assert_int_equal(na, nb);
    assert_memory_equal(a, b, na);
    free(a);
    free(b);
    unlink(other);
    unlink(params);
}

static void model_round_trip_and_dump(void **state)
{
    (void)state;
    parley_model *m;
    assert_int_equal(parley_model_load(model_path, &m), PARLEY_OK);
    assert_string_equal(parley_model_path(m), model_path);
    assert_true(m->ntags > 10 && m->nlabels > 10);
    assert_string_equal(pl_model_str(m, m->labels[m->root_label]), "root");
    char *text;
    assert_int_equal(parley_model_dump(m, 3, &text), PARLEY_OK);
    char want[32];
    snprintf(want, sizeof want, "format version: %u\n", PL_MODEL_VERSION);
    assert_non_null(strstr(text, want));
    assert_non_null(strstr(text, "PSLT"));
    assert_non_null(strstr(text, "nsubj"));
    parley_string_free(text);
    /* the same bytes loaded from memory behave the same */
    size_t n;
    unsigned char *bytes = slurp(model_path, &n);
    parley_model *m2;
    assert_int_equal(pl_model_from_memory(bytes, n, "mem", &m2), PARLEY_OK);
    const char *forms[] = {"The", "cats", "were", "sleeping", "."};
    int t1[5], h1[5], l1[5], t2[5], h2[5], l2[5];
    parley_parser *p1, *p2;
    assert_int_equal(parley_parser_new(m, &p1), PARLEY_OK);
    assert_int_equal(parley_parser_new(m2, &p2), PARLEY_OK);
    assert_int_equal(pl_parse_words(p1, forms, 5, t1, h1, l1), PARLEY_OK);
    assert_int_equal(pl_parse_words(p2, forms, 5, t2, h2, l2), PARLEY_OK);
    int roots = 0;
    for (int i = 0; i < 5; i++) {
        assert_int_equal(t1[i], t2[i]);
        assert_int_equal(h1[i], h2[i]);
        assert_int_equal(l1[i], l2[i]);
        assert_true(h1[i] >= 0 && h1[i] <= 5 && h1[i] != i + 1);
        roots += h1[i] == 0;
    }
    assert_int_equal(roots, 1);
    char lem[64];
    pl_lemmatize(m, "cats", t1[1], lem, sizeof lem);
    assert_string_equal(lem, "cat");
    parley_parser_free(p1);
    parley_parser_free(p2);
    parley_model_free(m2);
    parley_model_free(m);
    free(bytes);
}

/* Issue 14: `cp new.model MODEL` while parley runs truncated the file under
 * its mapping and the next parse died of SIGBUS. A loaded model must not
 * depend on the file any more: truncate it, then parse. */
static void a_loaded_model_survives_its_file_being_truncated(void **state)
{
    (void)state;
    char copy[192];
    snprintf(copy, sizeof copy, "%s/copy.model", dir_path);
    size_t n;
    unsigned char *bytes = slurp(model_path, &n);
    FILE *f = fopen(copy, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(bytes, 1, n, f), n);
    assert_int_equal(fclose(f), 0);
    free(bytes);
    parley_model *m, *orig;
    assert_int_equal(parley_model_load(copy, &m), PARLEY_OK);
    assert_int_equal(parley_model_load(model_path, &orig), PARLEY_OK);
    assert_int_equal(truncate(copy, 0), 0);
    const char *forms[] = {"The", "cats", "were", "sleeping", "."};
    int t1[5], h1[5], l1[5], t2[5], h2[5], l2[5];
    parley_parser *p1, *p2;
    assert_int_equal(parley_parser_new(m, &p1), PARLEY_OK);
    assert_int_equal(parley_parser_new(orig, &p2), PARLEY_OK);
    assert_int_equal(pl_parse_words(p1, forms, 5, t1, h1, l1), PARLEY_OK);
    assert_int_equal(pl_parse_words(p2, forms, 5, t2, h2, l2), PARLEY_OK);
    for (int i = 0; i < 5; i++) {
        assert_int_equal(t1[i], t2[i]);
        assert_int_equal(h1[i], h2[i]);
        assert_int_equal(l1[i], l2[i]);
    }
    char *text;
    assert_int_equal(parley_model_dump(m, 3, &text), PARLEY_OK);
    assert_non_null(strstr(text, "nsubj"));
    parley_string_free(text);
    parley_parser_free(p1);
    parley_parser_free(p2);
    parley_model_free(m);
    parley_model_free(orig);
    /* an empty file is a clear error, not a crash */
    assert_int_equal(parley_model_load(copy, &m), PARLEY_ERR_MODEL);
    unlink(copy);
}

static void parse_doc_from_conllu_and_back(void **state)
{
    (void)state;
    char path[160];
    snprintf(path, sizeof path, "%s/in.conllu", dir_path);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("# text = I don't know.\n1\tI\t_\t_\t_\t_\t_\t_\t_\t_\n2-3\tdon't\t_\t_\t_\t_\t_\t_\t_\t_\n"
          "2\tdo\t_\t_\t_\t_\t_\t_\t_\t_\n3\tn't\t_\t_\t_\t_\t_\t_\t_\t_\n"
          "4\tknow\t_\t_\t_\t_\t_\t_\t_\tSpaceAfter=No\n5\t.\t_\t_\t_\t_\t_\t_\t_\t_\n\n",
          f);
    fclose(f);
    parley_doc *doc;
    assert_int_equal(parley_doc_read_conllu(path, &doc), PARLEY_OK);
    assert_int_equal(parley_doc_sentence_count(doc), 1);
    assert_int_equal(parley_doc_word_count(doc), 5);
    parley_model *m;
    parley_parser *p;
    assert_int_equal(parley_model_load(model_path, &m), PARLEY_OK);
    assert_int_equal(parley_parser_new(m, &p), PARLEY_OK);
    assert_int_equal(parley_parser_parse_doc(p, doc), PARLEY_OK);
    for (size_t w = 0; w < 5; w++) {
        assert_true(parley_doc_word_head(doc, w) >= 0);
        assert_string_not_equal(parley_doc_word_deprel(doc, w), "_");
        assert_string_not_equal(parley_doc_word_upos(doc, w), "_");
    }
    assert_string_equal(parley_doc_word_upos(doc, 4), "PUNCT");
    char *out;
    assert_int_equal(parley_doc_to_conllu(doc, &out), PARLEY_OK);
    assert_non_null(strstr(out, "# text = I don't know.\n"));
    assert_non_null(strstr(out, "\n2-3\tdon't\t"));
    assert_non_null(strstr(out, "\n4\tknow\tknow\tVERB\tVB\t_\t"));
    assert_non_null(strstr(out, "SpaceAfter=No\n5\t.\t.\tPUNCT\t.\t_\t"));
    parley_string_free(out);
    parley_parser_free(p);
    parley_model_free(m);
    parley_doc_free(doc);
    unlink(path);
}

static void a_sentence_longer_than_the_limit_is_parsed_in_pieces(void **state)
{
    (void)state;
    char path[160];
    snprintf(path, sizeof path, "%s/long.conllu", dir_path);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    const size_t n = 2 * PL_MAX_SENT + 100;
    for (size_t i = 1; i <= n; i++)
        fprintf(f, "%zu\t%s\t_\t_\t_\t_\t_\t_\t_\t_\n", i, i % 7 ? "word" : ",");
    fputs("\n", f);
    fclose(f);
    parley_doc *doc;
    assert_int_equal(parley_doc_read_conllu(path, &doc), PARLEY_OK);
    assert_int_equal(parley_doc_word_count(doc), n);
    parley_model *m;
    parley_parser *p;
    assert_int_equal(parley_model_load(model_path, &m), PARLEY_OK);
    assert_int_equal(parley_parser_new(m, &p), PARLEY_OK);
    assert_int_equal(parley_parser_parse_doc(p, doc), PARLEY_OK);
    size_t roots = 0;
    for (size_t w = 0; w < n; w++) {
        int h = parley_doc_word_head(doc, w);
        assert_true(h >= 0 && (size_t)h <= n && (size_t)h != w + 1);
        /* a head stays inside the word's piece */
        if (h > 0)
            assert_int_equal((size_t)(h - 1) / PL_MAX_SENT, w / PL_MAX_SENT);
        roots += h == 0;
    }
    assert_int_equal(roots, 3); /* one per piece */
    parley_parser_free(p);
    parley_model_free(m);
    parley_doc_free(doc);
    unlink(path);
}

static void raw_text_is_segmented_parsed_and_evaluated(void **state)
{
    (void)state;
    parley_model *m;
    parley_parser *p;
    assert_int_equal(parley_model_load(model_path, &m), PARLEY_OK);
    assert_int_equal(parley_parser_new(m, &p), PARLEY_OK);
    const char *text = "I don't know. The cats were sleeping.";
    parley_doc *doc;
    assert_int_equal(parley_doc_new(NULL, NULL, text, strlen(text), &doc), PARLEY_OK);
    assert_int_equal(parley_doc_segment(doc), PARLEY_OK);
    assert_int_equal(parley_parser_parse_doc(p, doc), PARLEY_OK);
    assert_int_equal(parley_doc_sentence_count(doc), 2);
    char *out;
    assert_int_equal(parley_doc_to_conllu(doc, &out), PARLEY_OK);
    assert_non_null(strstr(out, "\n2-3\tdon't\t"));
    assert_non_null(strstr(out, "# text = The cats were sleeping.\n"));
    parley_string_free(out);
    parley_doc_free(doc);

    /* a gold file: the same words from its text (raw) and as given */
    char path[160];
    snprintf(path, sizeof path, "%s/gold.conllu", dir_path);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("# newdoc id = d1\n# text = I don't know.\n"
          "1\tI\tI\tPRON\tPRP\t_\t4\tnsubj\t_\t_\n"
          "2-3\tdon't\t_\t_\t_\t_\t_\t_\t_\t_\n"
          "2\tdo\tdo\tAUX\tVBP\t_\t4\taux\t_\t_\n"
          "3\tn't\tnot\tPART\tRB\t_\t4\tadvmod\t_\t_\n"
          "4\tknow\tknow\tVERB\tVB\t_\t0\troot\t_\tSpaceAfter=No\n"
          "5\t.\t.\tPUNCT\t.\t_\t4\tpunct\t_\t_\n\n",
          f);
    fclose(f);
    char *raw, *gold;
    assert_int_equal(parley_model_eval(m, path, 1, &raw), PARLEY_OK);
    assert_int_equal(parley_model_eval(m, path, 0, &gold), PARLEY_OK);
    print_message("raw: %s\ngold: %s\n", raw, gold);
    assert_non_null(strstr(raw, "\"gold_words\":5,\"system_words\":5,"));
    assert_non_null(strstr(raw, "\"words_f1\":100.00"));
    /* with the same words, raw and gold-token scores agree */
    double ru = atof(strstr(raw, "\"uas\":") + 6), gu = atof(strstr(gold, "\"uas\":") + 6);
    double rp = atof(strstr(raw, "\"upos\":") + 7), gp = atof(strstr(gold, "\"upos\":") + 7);
    assert_true(ru == gu);
    assert_true(rp == gp);
    parley_string_free(raw);
    parley_string_free(gold);
    unlink(path);
    parley_parser_free(p);
    parley_model_free(m);
}

static void expect_model_error(const unsigned char *b, size_t n, const char *what)
{
    parley_model *m = (parley_model *)1;
    parley_status st = pl_model_from_memory(b, n, "bad.model", &m);
    assert_int_equal(st, PARLEY_ERR_MODEL);
    assert_null(m);
    assert_non_null(strstr(parley_errmsg(), "bad.model"));
    if (what && !strstr(parley_errmsg(), what))
        fail_msg("expected '%s' in '%s'", what, parley_errmsg());
}

static void damaged_model_files_are_clear_errors(void **state)
{
    (void)state;
    size_t n;
    unsigned char *b = slurp(model_path, &n);
    /* truncated anywhere */
    expect_model_error(b, 0, "truncated");
    expect_model_error(b, 10, "truncated");
    for (size_t cut = 32; cut < n; cut += n / 97 + 1)
        expect_model_error(b, cut, NULL);
    expect_model_error(b, n - 1, "truncated");
    /* a flipped byte in every section */
    unsigned char *c = malloc(n);
    assert_non_null(c);
    for (size_t at = 200; at < n; at += n / 53 + 1) {
        memcpy(c, b, n);
        c[at] ^= 0x5a;
        parley_model *m = NULL;
        parley_status st = pl_model_from_memory(c, n, "bad.model", &m);
        /* padding between sections is not covered by a CRC */
        if (st == PARLEY_OK)
            parley_model_free(m);
        else
            assert_non_null(strstr(parley_errmsg(), "bad.model"));
    }
    /* the byte right after the table is the first section's first byte */
    memcpy(c, b, n);
    uint64_t off;
    memcpy(&off, c + 32 + 8, 8);
    c[off] ^= 1;
    expect_model_error(c, n, "CRC");
    /* wrong version, wrong magic */
    memcpy(c, b, n);
    c[8] = 99;
    expect_model_error(c, n, "version 99");
    memcpy(c, b, n);
    c[0] = 'X';
    expect_model_error(c, n, "not a parley model");
    /* a file on disk: missing, and truncated */
    parley_model *m = NULL;
    assert_int_equal(parley_model_load("/nonexistent/x.model", &m), PARLEY_ERR_IO);
    assert_non_null(strstr(parley_errmsg(), "/nonexistent/x.model"));
    char path[160];
    snprintf(path, sizeof path, "%s/cut.model", dir_path);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fwrite(b, 1, n / 2, f);
    fclose(f);
    assert_int_equal(parley_model_load(path, &m), PARLEY_ERR_MODEL);
    assert_non_null(strstr(parley_errmsg(), "cut.model"));
    unlink(path);
    free(c);
    free(b);
}

static void allocation_failures_are_reported_not_crashed(void **state)
{
    (void)state;
    /* loading and parser scratch */
    bool loaded = false;
    for (long n = 0; n < 200 && !loaded; n++) {
        parley_model *m = NULL;
        parley_parser *p = NULL;
        pl_alloc_fail_after(n);
        parley_status st = parley_model_load(model_path, &m);
        if (st == PARLEY_OK)
            st = parley_parser_new(m, &p);
        pl_alloc_fail_after(-1);
        if (st == PARLEY_OK)
            loaded = true;
        else
            assert_int_equal(st, PARLEY_ERR_NOMEM);
        parley_parser_free(p);
        parley_model_free(m);
    }
    assert_true(loaded);
    /* training on a tiny treebank: every allocation failure is an error */
    char train[160], out[160];
    snprintf(train, sizeof train, "%s/tiny.conllu", dir_path);
    snprintf(out, sizeof out, "%s/tiny.model", dir_path);
    FILE *f = fopen(train, "w");
    assert_non_null(f);
    fputs("1\tDogs\tdog\tNOUN\tNNS\t_\t2\tnsubj\t_\t_\n"
          "2\tbark\tbark\tVERB\tVBP\t_\t0\troot\t_\t_\n\n",
          f);
    fclose(f);
    bool trained = false;
    for (long n = 0; n < 2000 && !trained; n++) {
        pl_alloc_fail_after(n);
        parley_status st = parley_model_train(train, NULL, NULL, 1, 1, out, NULL);
        pl_alloc_fail_after(-1);
        if (st == PARLEY_OK)
            trained = true;
        else
            assert_true(st == PARLEY_ERR_NOMEM || st == PARLEY_ERR_TOO_LARGE);
    }
    assert_true(trained);
    parley_model *m;
    assert_int_equal(parley_model_load(out, &m), PARLEY_OK);
    parley_model_free(m);
    unlink(train);
    unlink(out);
}

static void default_model_path_honours_the_environment(void **state)
{
    (void)state;
    char buf[4096];
    setenv("PARLEY_MODEL", model_path, 1);
    assert_int_equal(parley_model_default_path(buf, sizeof buf), PARLEY_OK);
    assert_string_equal(buf, model_path);
    parley_model *m;
    assert_int_equal(parley_model_load(NULL, &m), PARLEY_OK);
    parley_model_free(m);
    unsetenv("PARLEY_MODEL");
    assert_int_equal(parley_model_load(NULL, NULL), PARLEY_ERR_ARG);
}

static void bad_parameter_files_are_reported(void **state)
{
    (void)state;
    char params[160], out[160];
    snprintf(params, sizeof params, "%s/bad.params", dir_path);
    snprintf(out, sizeof out, "%s/never.model", dir_path);
    FILE *f = fopen(params, "w");
    assert_non_null(f);
    fputs("seed = 1\nwarp_factor = 9\n", f);
    fclose(f);
    assert_int_equal(parley_model_train(TRAIN, NULL, params, -1, 0, out, NULL),
                     PARLEY_ERR_FORMAT);
    assert_non_null(strstr(parley_errmsg(), "bad.params:2"));
    assert_int_not_equal(access(out, F_OK), 0);
    unlink(params);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(lex_is_case_insensitive_for_words_but_not_shape),
        cmocka_unit_test(tagger_features_depend_on_previous_tags_only_where_they_should),
        cmocka_unit_test(parser_features_are_distinct_keys),
        cmocka_unit_test(oracle_reaches_a_projective_gold_tree),
        cmocka_unit_test(oracle_on_a_non_projective_tree_builds_a_tree_with_few_errors),
        cmocka_unit_test(dynamic_oracle_costs_by_hand),
        cmocka_unit_test(lemma_rules_learn_and_apply),
        cmocka_unit_test(small_training_run_meets_its_floor),
        cmocka_unit_test(training_is_deterministic),
        cmocka_unit_test(model_round_trip_and_dump),
        cmocka_unit_test(a_loaded_model_survives_its_file_being_truncated),
        cmocka_unit_test(parse_doc_from_conllu_and_back),
        cmocka_unit_test(raw_text_is_segmented_parsed_and_evaluated),
        cmocka_unit_test(a_sentence_longer_than_the_limit_is_parsed_in_pieces),
        cmocka_unit_test(damaged_model_files_are_clear_errors),
        cmocka_unit_test(allocation_failures_are_reported_not_crashed),
        cmocka_unit_test(default_model_path_honours_the_environment),
        cmocka_unit_test(bad_parameter_files_are_reported),
    };
    /* the group setup trains a small model (500 sentences, 2 passes) */
    return cmocka_run_group_tests_name("model", tests, setup_model, teardown_model);
}
