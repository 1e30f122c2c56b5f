/* The order of an import's rows: file order, referenced rows of the same file first. */
#include "service/transfer/transfer_kinds.h"
#include "core/mem.h"
#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct id_row {
    int64_t id;
    size_t row;
} id_row;

int64_t kp_transfer_parse_id(const char *s)
{
    if (!s || !isdigit((unsigned char)*s))
        return 0;
    char *end = NULL;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (errno || *end || v <= 0)
        return 0;
    return (int64_t)v;
}

static int cmp_id_row(const void *a, const void *b)
{
    const id_row *x = a, *y = b;
    if (x->id != y->id)
        return x->id < y->id ? -1 : 1;
    return x->row < y->row ? -1 : x->row > y->row;
}

/* Row index holding `id` (the first in the file when repeated), or SIZE_MAX. */
static size_t row_of(const id_row *ids, size_t n, int64_t id)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (ids[mid].id < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < n && ids[lo].id == id ? ids[lo].row : SIZE_MAX;
}

size_t *kp_transfer_order(const kp_transfer_kind *kind, const kp_csv_row *header, const kp_csv_row *rows, size_t n)
{
    size_t *order = kp_xmalloc((n ? n : 1) * sizeof *order);
    int ref_col = kind->self_ref ? kp_csv_header_column(header, kind->self_ref) : -1;
    int id_col = kp_csv_header_column(header, "id");
    if (ref_col < 0 || id_col < 0) {
        for (size_t i = 0; i < n; i++)
            order[i] = i;
        return order;
    }
    id_row *ids = kp_xmalloc((n ? n : 1) * sizeof *ids);
    bool *done = kp_xcalloc(n ? n : 1, sizeof *done);
    size_t nids = 0;
    for (size_t i = 0; i < n; i++) {
        int64_t id = kp_transfer_parse_id(kp_csv_field(&rows[i], id_col));
        if (id)
            ids[nids++] = (id_row){id, i};
    }
    qsort(ids, nids, sizeof *ids, cmp_id_row);
    /* Each pass takes the rows whose referent is not still waiting; chains
     * are short (a representative has none), so there are few passes. A pass
     * that takes nothing means a cycle: the rest go in file order. */
    size_t placed = 0;
    while (placed < n) {
        size_t before = placed;
        for (size_t i = 0; i < n; i++) {
            if (done[i])
                continue;
            size_t ref = row_of(ids, nids, kp_transfer_parse_id(kp_csv_field(&rows[i], ref_col)));
            if (ref != SIZE_MAX && ref != i && !done[ref])
                continue;
            done[i] = true;
            order[placed++] = i;
        }
        if (placed == before)
            for (size_t i = 0; i < n; i++)
                if (!done[i]) {
                    done[i] = true;
                    order[placed++] = i;
                }
    }
    free(ids);
    free(done);
    return order;
}

/* ---- the same order while a file is read as a stream ---- */

struct kp_transfer_refs {
    id_row *ids;   /* (id, row) of every row with an id, sorted after the first pass */
    size_t nids, idcap;
    int64_t *refs; /* self_ref value of each row, 0 = none */
    bool *waits;   /* decided in the second pass */
    size_t n, cap;
};

kp_transfer_refs *kp_transfer_refs_new(void)
{
    return kp_xcalloc(1, sizeof(kp_transfer_refs));
}

void kp_transfer_refs_add(kp_transfer_refs *t, const char *id, const char *ref)
{
    if (t->n == t->cap) {
        t->cap = t->cap ? t->cap * 2 : 256;
        t->refs = kp_xrealloc(t->refs, t->cap * sizeof *t->refs);
    }
    int64_t v = kp_transfer_parse_id(id);
    if (v) {
        if (t->nids == t->idcap) {
            t->idcap = t->idcap ? t->idcap * 2 : 256;
            t->ids = kp_xrealloc(t->ids, t->idcap * sizeof *t->ids);
        }
        t->ids[t->nids++] = (id_row){v, t->n};
    }
    t->refs[t->n++] = kp_transfer_parse_id(ref);
}

void kp_transfer_refs_done(kp_transfer_refs *t)
{
    qsort(t->ids, t->nids, sizeof *t->ids, cmp_id_row);
    t->waits = kp_xcalloc(t->n ? t->n : 1, sizeof *t->waits);
}

bool kp_transfer_refs_wait(kp_transfer_refs *t, size_t row)
{
    if (row >= t->n || !t->waits)
        return false;
    size_t ref = t->refs[row] ? row_of(t->ids, t->nids, t->refs[row]) : SIZE_MAX;
    t->waits[row] = ref != SIZE_MAX && ref != row && (ref > row || t->waits[ref]);
    return t->waits[row];
}

void kp_transfer_refs_free(kp_transfer_refs *t)
{
    if (!t)
        return;
    free(t->ids);
    free(t->refs);
    free(t->waits);
    free(t);
}
