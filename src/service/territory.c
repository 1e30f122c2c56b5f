/* Municipalities and regions at a date (see territory.h). */
#include "service/territory.h"
#include "service/sql.h"
#include "service/territory_sql.h"
#include "service/access.h"
#include "service/validate.h"
#include "core/mem.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void kp_territories_free(kp_territories *t)
{
    free(t->t);
    free(t->p);
    free(t->r);
    memset(t, 0, sizeof *t);
}

kp_rc kp_territories_load(kp_ctx *ctx, kp_territories *out)
{
    kp_rc rc = kp_q_territories_load(ctx->db, out);
    if (rc)
        kp_territories_free(out);
    return rc;
}

const kp_terr *kp_territories_find(const kp_territories *t, int64_t id)
{
    for (size_t i = 0; i < t->n; i++)
        if (t->t[i].id == id)
            return &t->t[i];
    return NULL;
}

static bool ended_before(const kp_terr *m, const char *d)
{
    return m->valid_to[0] && strcmp(m->valid_to, d) < 0;
}

static bool valid_on(const kp_terr *m, const char *d)
{
    return strcmp(m->valid_from, d) <= 0 && !ended_before(m, d);
}

int64_t kp_territories_holder(const kp_territories *t, int64_t municipality, int64_t parish, const char *d)
{
    const kp_terr *m = kp_territories_find(t, municipality);
    if (m && parish && ended_before(m, d))
        for (size_t i = 0; i < t->np; i++)
            if (t->p[i].id == parish && t->p[i].municipality == municipality) {
                m = kp_territories_find(t, t->p[i].successor);
                break;
            }
    /* A chain of reforms is short; the bound guards against a cycle in
     * badly edited catalogue data. */
    for (int hops = 0; m && hops < 16 && ended_before(m, d) && m->successor; hops++)
        m = kp_territories_find(t, m->successor);
    return m && valid_on(m, d) ? m->id : 0;
}

const char *kp_territories_region(const kp_territories *t, int64_t id, const char *d)
{
    bool any = false;
    for (size_t i = 0; i < t->nr; i++) {
        const kp_terr_member *r = &t->r[i];
        if (r->municipality != id)
            continue;
        any = true;
        if (strcmp(r->from, d) <= 0 && (!r->to[0] || strcmp(r->to, d) >= 0))
            return r->region;
    }
    const kp_terr *m = any ? NULL : kp_territories_find(t, id);
    return m ? m->region : "";
}

kp_rc kp_territories_origins_json(const kp_territories *t, const char *region, const char *d, kp_buf *out)
{
    kp_rc rc = kp_buf_putc(out, '[');
    bool first = true;
    for (size_t i = 0; i < t->n && !rc; i++) {
        int64_t h = kp_territories_holder(t, t->t[i].id, 0, d);
        if (h && strcmp(kp_territories_region(t, h, d), region) == 0) {
            rc = kp_buf_printf(out, "%s%lld", first ? "" : ",", (long long)t->t[i].id);
            first = false;
        }
    }
    for (size_t i = 0; i < t->np && !rc; i++) {
        int64_t h = kp_territories_holder(t, t->p[i].municipality, t->p[i].id, d);
        if (h && strcmp(kp_territories_region(t, h, d), region) == 0) {
            rc = kp_buf_printf(out, "%s%lld", first ? "" : ",", -(long long)t->p[i].id);
            first = false;
        }
    }
    if (!rc)
        rc = kp_buf_putc(out, ']');
    return rc;
}

kp_rc kp_region_origins_json(kp_ctx *ctx, const char *region, kp_date at, kp_buf *out)
{
    kp_territories t;
    char d[11];
    kp_date_format_iso(at, d);
    kp_buf_init(out, KP_BUF_DEFAULT_MAX);
    kp_rc rc = kp_territories_load(ctx, &t);
    if (!rc)
        rc = kp_territories_origins_json(&t, region, d, out);
    kp_territories_free(&t);
    return rc;
}

kp_rc kp_territory_region_at(kp_ctx *ctx, int64_t municipality, kp_date at, char region[8])
{
    char d[11];
    kp_date_format_iso(at, d);
    return kp_q_municipality_region_on(ctx->db, municipality, d, region);
}

kp_rc kp_municipality_rollup_parish(kp_ctx *ctx, int64_t municipality, int64_t parish, kp_date at, int64_t *out)
{
    if (!parish) {
        /* The common case, in a few queries: follow main successors, then
         * keep the territory only if it is valid on the date. */
        char d[11];
        int64_t id = 0;
        bool valid = false;
        kp_date_format_iso(at, d);
        kp_rc rc = kp_municipality_rollup(ctx, municipality, at, &id);
        if (!rc)
            rc = kp_q_municipality_valid_on(ctx->db, id, d, &valid);
        *out = !rc && valid ? id : 0;
        return rc;
    }
    kp_territories t;
    char d[11];
    kp_date_format_iso(at, d);
    *out = 0;
    kp_rc rc = kp_territories_load(ctx, &t);
    if (!rc)
        *out = kp_territories_holder(&t, municipality, parish, d);
    kp_territories_free(&t);
    return rc;
}

kp_rc kp_export_unconfirmed_codes(kp_ctx *ctx, const char *kind, kp_buf *out, size_t *n)
{
    *n = 0;
    kp_q_atvk_names v = {0};
    kp_rc rc = kp_q_unconfirmed_codes(ctx->db, kind, &v);
    for (size_t i = 0; !rc && i < v.n; i++) {
        rc = kp_buf_printf(out, "%s%s %s", *n ? ", " : "", v.items[i].atvk, v.items[i].name);
        ++*n;
    }
    free(v.items);
    return rc;
}

kp_rc kp_region_known(kp_ctx *ctx, const char *code)
{
    if (!ctx || !code)
        return KP_EINVAL;
    bool exists = false;
    kp_rc rc = kp_q_region_exists(ctx->db, code, &exists);
    if (!rc && !exists)
        rc = KP_ENOTFOUND;
    return rc;
}

kp_rc kp_territory_name(kp_ctx *ctx, int64_t id, char *out, size_t outlen)
{
    if (out && outlen)
        out[0] = '\0';
    if (!ctx || !out || !outlen)
        return KP_EINVAL;
    bool exists = false;
    kp_rc rc = kp_q_municipality_exists(ctx->db, id, &exists);
    if (!rc && !exists)
        rc = KP_ENOTFOUND;
    if (!rc)
        rc = kp_q_municipality_name(ctx->db, id, kp_ctx_is_en(ctx) ? "en" : "lv", out, outlen);
    return rc;
}
