/* Outlines of the territories of a region on a date (territory_shapes.h). */
#include "service/territory_shapes.h"
#include "core/mem.h"
#include "service/territory.h"
#include "service/territory_sql.h"
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool kp_rings_walk(const char *s, kp_ring_point_fn fn, void *arg)
{
    if (!s)
        return false;
    size_t points = 0;
    for (;;) {
        long v[2];
        for (int k = 0; k < 2; k++) {
            size_t digits = 0;
            v[k] = 0;
            while (*s >= '0' && *s <= '9' && digits < 6) {
                v[k] = v[k] * 10 + (*s - '0');
                s++;
                digits++;
            }
            if (!digits || digits > 5 || (k == 0 && *s++ != ','))
                return false;
        }
        if (fn)
            fn(arg, points == 0, (double)v[0], (double)v[1]);
        points++;
        if (*s == ' ') {
            s++;
        } else if (*s == ';' || *s == '\0') {
            if (points < 3)
                return false;
            if (*s++ == '\0')
                return true;
            points = 0;
        } else {
            return false;
        }
    }
}

void kp_shapes_free(kp_shapes *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->n; i++)
        free(s->items[i].rings);
    free(s->items);
    memset(s, 0, sizeof *s);
}

const kp_shape *kp_shapes_find(const kp_shapes *s, const char *atvk)
{
    if (!s || !atvk)
        return NULL;
    for (size_t i = 0; i < s->n; i++)
        if (strcmp(s->items[i].atvk, atvk) == 0)
            return &s->items[i];
    return NULL;
}

static int by_name(const void *a, const void *b)
{
    const kp_shape *x = a, *y = b;
    int c = strcmp(x->name, y->name);
    return c ? c : strcmp(x->atvk, y->atvk);
}

/* The outline of territory `id` into sh. */
static kp_rc outline(kp_ctx *ctx, int64_t id, kp_shape *sh)
{
    kp_q_outline o;
    kp_rc rc = kp_q_outline_of(ctx->db, id, &o);
    if (!rc) {
        sh->label_x = o.label_x;
        sh->label_y = o.label_y;
        sh->rings = o.rings;
    }
    return rc;
}

kp_rc kp_region_shapes(kp_ctx *ctx, const char *region, kp_date at, kp_shapes *out)
{
    if (out)
        memset(out, 0, sizeof *out);
    if (!ctx || !region || !out || at == KP_DATE_NONE)
        return KP_EINVAL;
    char d[11];
    kp_date_format_iso(at, d);
    kp_rc rc = kp_region_known(ctx, region);
    if (rc)
        return rc;
    kp_territories t = {0};
    rc = kp_territories_load(ctx, &t);
    if (!rc)
        out->items = kp_xcalloc(t.n ? t.n : 1, sizeof *out->items);
    for (size_t i = 0; !rc && i < t.n; i++) {
        const kp_terr *x = &t.t[i];
        if (strcmp(x->valid_from, d) > 0 || (x->valid_to[0] && strcmp(x->valid_to, d) < 0) ||
            strcmp(kp_territories_region(&t, x->id, d), region) != 0)
            continue;
        kp_shape *sh = &out->items[out->n++];
        snprintf(sh->atvk, sizeof sh->atvk, "%s", x->atvk);
        snprintf(sh->name, sizeof sh->name, "%s", x->name);
        rc = outline(ctx, x->id, sh);
    }
    kp_territories_free(&t);
    if (rc) {
        kp_shapes_free(out);
        return rc;
    }
    if (out->n > 1)
        qsort(out->items, out->n, sizeof *out->items, by_name);
    return KP_OK;
}
