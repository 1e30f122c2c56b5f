/* The order of an import's rows: file order, referenced rows of the same file first. */
#include "service/transfer_kinds.h"
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

/* A positive whole number, or 0 for anything else (blank or malformed
 * values are left for the use case to refuse). */
static int64_t parse_id(const char *s)
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

size_t *kp_transfer_order(const kp_transfer_kind *kind, const kp_csv *csv)
{
    size_t n = csv->n;
    size_t *order = kp_xmalloc((n ? n : 1) * sizeof *order);
    int ref_col = kind->self_ref ? kp_csv_column(csv, kind->self_ref) : -1;
    int id_col = kp_csv_column(csv, "id");
    if (ref_col < 0 || id_col < 0) {
        for (size_t i = 0; i < n; i++)
            order[i] = i;
        return order;
    }
    id_row *ids = kp_xmalloc((n ? n : 1) * sizeof *ids);
    bool *done = kp_xcalloc(n ? n : 1, sizeof *done);
    size_t nids = 0;
    for (size_t i = 0; i < n; i++) {
        int64_t id = parse_id(kp_csv_field(&csv->rows[i], id_col));
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
            size_t ref = row_of(ids, nids, parse_id(kp_csv_field(&csv->rows[i], ref_col)));
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
