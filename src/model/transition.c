/*
 * transition.c - the arc-hybrid transition system (Kuhlmann et al. 2011)
 * with the root at the end of the buffer, and its dynamic oracle
 * (Goldberg & Nivre 2013): the cost of an action is the number of gold
 * arcs it makes unreachable.
 */
#include "model/model.h"

#include <string.h>

parley_status pl_state_alloc(pl_state *s, size_t maxn)
{
    memset(s, 0, sizeof *s);
    size_t m = maxn + 2;
    s->stack = pl_calloc(m, sizeof(int));
    s->head = pl_calloc(m, sizeof(int));
    s->label = pl_calloc(m, sizeof(int));
    s->l1 = pl_calloc(m, sizeof(int));
    s->l2 = pl_calloc(m, sizeof(int));
    s->r1 = pl_calloc(m, sizeof(int));
    s->r2 = pl_calloc(m, sizeof(int));
    s->nl = pl_calloc(m, sizeof(int));
    s->nr = pl_calloc(m, sizeof(int));
    s->lset = pl_calloc(m, sizeof(uint64_t));
    s->rset = pl_calloc(m, sizeof(uint64_t));
    if (!s->stack || !s->head || !s->label || !s->l1 || !s->l2 || !s->r1 || !s->r2 || !s->nl ||
        !s->nr || !s->lset || !s->rset) {
        pl_state_release(s);
        return pl_error(PARLEY_ERR_NOMEM, "out of memory for the parser state");
    }
    return PARLEY_OK;
}

void pl_state_release(pl_state *s)
{
    pl_free(s->stack);
    pl_free(s->head);
    pl_free(s->label);
    pl_free(s->l1);
    pl_free(s->l2);
    pl_free(s->r1);
    pl_free(s->r2);
    pl_free(s->nl);
    pl_free(s->nr);
    pl_free(s->lset);
    pl_free(s->rset);
    memset(s, 0, sizeof *s);
}

void pl_state_init(pl_state *s, size_t n)
{
    s->n = n;
    s->sp = 0;
    s->b = 1;
    for (size_t i = 0; i <= n + 1; i++) {
        s->head[i] = -1;
        s->label[i] = 0;
        s->l1[i] = s->l2[i] = s->r1[i] = s->r2[i] = 0;
        s->nl[i] = s->nr[i] = 0;
        s->lset[i] = s->rset[i] = 0;
    }
}

bool pl_state_terminal(const pl_state *s)
{
    return s->sp == 0 && s->b == s->n + 1;
}

bool pl_state_can(const pl_state *s, int kind)
{
    bool broot = s->b == s->n + 1;
    switch (kind) {
    case PL_SHIFT:
        return !broot;
    case PL_LEFT:
        /* to the root only the last word on the stack */
        return s->sp >= 1 && (!broot || s->sp == 1);
    case PL_RIGHT:
        return s->sp >= 2;
    }
    return false;
}

/* Record the arc head -> dep with label lab (head n+1 is the root, stored
 * as 0). In arc-hybrid, left dependents of the buffer front arrive right to
 * left and right dependents of s1 left to right, so the newest child on
 * either side is the outermost: l1/r1 are the leftmost/rightmost. */
static void add_arc(pl_state *s, int h, int d, int lab)
{
    s->head[d] = h == (int)s->n + 1 ? 0 : h;
    s->label[d] = lab;
    if (d < h) {
        s->l2[h] = s->l1[h];
        s->l1[h] = d;
        s->nl[h]++;
        s->lset[h] |= 1ULL << (lab & 63);
    } else {
        s->r2[h] = s->r1[h];
        s->r1[h] = d;
        s->nr[h]++;
        s->rset[h] |= 1ULL << (lab & 63);
    }
}

void pl_state_apply(pl_state *s, int cls, int root_label)
{
    int kind = pl_act_kind(cls), lab = pl_act_label(cls);
    switch (kind) {
    case PL_SHIFT:
        s->stack[s->sp++] = (int)s->b++;
        break;
    case PL_LEFT: {
        int d = s->stack[--s->sp];
        add_arc(s, (int)s->b, d, s->b == s->n + 1 ? root_label : lab);
        break;
    }
    case PL_RIGHT: {
        int d = s->stack[--s->sp];
        add_arc(s, s->stack[s->sp - 1], d, lab);
        break;
    }
    }
}

/* gold head of word w as a state index (root = n+1) */
static int ghead(const pl_state *s, const int *gold, int w)
{
    return gold[w] == 0 ? (int)s->n + 1 : gold[w];
}

int pl_oracle_cost(const pl_state *s, int kind, const int *gold)
{
    int cost = 0;
    size_t n = s->n;
    if (kind == PL_SHIFT) {
        int b = (int)s->b;
        /* b loses heads in the stack except s0, and dependents in the stack */
        for (size_t i = 0; i < s->sp; i++) {
            int k = s->stack[i];
            if (i + 1 < s->sp && ghead(s, gold, b) == k)
                cost++;
            if (ghead(s, gold, k) == b && s->head[k] < 0)
                cost++;
        }
        return cost;
    }
    int s0 = s->stack[s->sp - 1];
    int s1 = s->sp >= 2 ? s->stack[s->sp - 2] : -1;
    int h = ghead(s, gold, s0);
    /* s0 loses its dependents still in the buffer (b0 included) */
    for (size_t j = s->b; j <= n; j++)
        if (ghead(s, gold, (int)j) == s0)
            cost++;
    if (kind == PL_LEFT) {
        /* s0 gets head b0: lost if its gold head is s1 or further in the buffer */
        if (h == s1 || (h > (int)s->b && h <= (int)n + 1))
            cost++;
        /* a special case: root at b; gold head root counts as the buffer */
    } else {
        /* s0 gets head s1: lost if the gold head is in the buffer */
        if (h >= (int)s->b && h <= (int)n + 1)
            cost++;
    }
    return cost;
}
