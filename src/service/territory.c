/* Municipalities and regions at a date (see territory.h). */
#include "service/territory.h"
#include "service/sql.h"
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

static void copy(char *dst, size_t n, const char *src)
{
    snprintf(dst, n, "%s", src ? src : "");
}

kp_rc kp_territories_load(kp_ctx *ctx, kp_territories *out)
{
    memset(out, 0, sizeof *out);
    kp_stmt *s = NULL;
    bool row = false;
    size_t cap = 0;
    kp_rc rc = kp_store_prepare(ctx->db,
                                "SELECT id, COALESCE(successor_id, 0), atvk, valid_from, COALESCE(valid_to, ''),"
                                " region_code, name_lv, code_confirmed FROM municipality ORDER BY id",
                                &s);
    while (!rc && (rc = kp_stmt_step(s, &row)) == KP_OK && row) {
        if (out->n == cap) {
            cap = cap ? cap * 2 : 256;
            out->t = kp_xrealloc(out->t, cap * sizeof *out->t);
        }
        kp_terr *m = &out->t[out->n++];
        memset(m, 0, sizeof *m);
        m->id = kp_stmt_int(s, 0);
        m->successor = kp_stmt_int(s, 1);
        copy(m->atvk, sizeof m->atvk, kp_stmt_text(s, 2));
        copy(m->valid_from, sizeof m->valid_from, kp_stmt_text(s, 3));
        copy(m->valid_to, sizeof m->valid_to, kp_stmt_text(s, 4));
        copy(m->region, sizeof m->region, kp_stmt_text(s, 5));
        copy(m->name, sizeof m->name, kp_stmt_text(s, 6));
        m->confirmed = kp_stmt_int(s, 7) != 0;
    }
    kp_stmt_free(s);
    s = NULL;
    cap = 0;
    if (!rc)
        rc = kp_store_prepare(ctx->db, "SELECT id, municipality_id, successor_id FROM parish ORDER BY id", &s);
    while (!rc && (rc = kp_stmt_step(s, &row)) == KP_OK && row) {
        if (out->np == cap) {
            cap = cap ? cap * 2 : 16;
            out->p = kp_xrealloc(out->p, cap * sizeof *out->p);
        }
        kp_terr_parish *p = &out->p[out->np++];
        p->id = kp_stmt_int(s, 0);
        p->municipality = kp_stmt_int(s, 1);
        p->successor = kp_stmt_int(s, 2);
    }
    kp_stmt_free(s);
    s = NULL;
    cap = 0;
    if (!rc)
        rc = kp_store_prepare(ctx->db,
                              "SELECT municipality_id, region_code, valid_from, COALESCE(valid_to, '')"
                              " FROM municipality_region ORDER BY municipality_id, valid_from",
                              &s);
    while (!rc && (rc = kp_stmt_step(s, &row)) == KP_OK && row) {
        if (out->nr == cap) {
            cap = cap ? cap * 2 : 256;
            out->r = kp_xrealloc(out->r, cap * sizeof *out->r);
        }
        kp_terr_member *r = &out->r[out->nr++];
        r->municipality = kp_stmt_int(s, 0);
        copy(r->region, sizeof r->region, kp_stmt_text(s, 1));
        copy(r->from, sizeof r->from, kp_stmt_text(s, 2));
        copy(r->to, sizeof r->to, kp_stmt_text(s, 3));
    }
    kp_stmt_free(s);
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
    region[0] = '\0';
    kp_param p[] = {KP_PINT(municipality), KP_PTEXT(d)};
    kp_rc rc = kp_sql_text(ctx->db,
                           "SELECT region_code FROM municipality_region WHERE municipality_id = ?1 AND valid_from <= ?2"
                           " AND (valid_to IS NULL OR valid_to >= ?2)",
                           p, 2, region, 8);
    int64_t any = 0;
    if (!rc && !region[0])
        rc = kp_sql_int(ctx->db, "SELECT 1 FROM municipality_region WHERE municipality_id = ? LIMIT 1", p, 1, 0, &any);
    if (!rc && !region[0] && !any)
        rc = kp_sql_text(ctx->db, "SELECT region_code FROM municipality WHERE id = ?", p, 1, region, 8);
    return rc;
}

kp_rc kp_municipality_rollup_parish(kp_ctx *ctx, int64_t municipality, int64_t parish, kp_date at, int64_t *out)
{
    if (!parish) {
        /* The common case, in a few queries: follow main successors, then
         * keep the territory only if it is valid on the date. */
        char d[11];
        int64_t id = 0, valid = 0;
        kp_date_format_iso(at, d);
        kp_rc rc = kp_municipality_rollup(ctx, municipality, at, &id);
        kp_param p[] = {KP_PINT(id), KP_PTEXT(d)};
        if (!rc)
            rc = kp_sql_int(ctx->db,
                            "SELECT 1 FROM municipality WHERE id = ?1 AND valid_from <= ?2"
                            " AND (valid_to IS NULL OR valid_to >= ?2)",
                            p, 2, 0, &valid);
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

/* The municipality ids each kind's export prints as codes. */
static const struct {
    const char *kind, *ids;
} CODED_KINDS[] = {
    {"clients", "SELECT v.municipality_id FROM client_version v JOIN client c ON c.id = v.client_id"
                " AND v.valid_from = c.registered_on"},
    {"client_moves", "SELECT municipality_id FROM client_version"},
    {"residences", "SELECT municipality_id FROM residence WHERE municipality_id IS NOT NULL"},
    {"providers", "SELECT municipality_id FROM provider"},
    {"facilities", "SELECT municipality_id FROM facility"},
    {"compensation_payments", "SELECT municipality_id FROM compensation_payment"},
    {"plan_objects", "SELECT municipality_id FROM plan_object"},
    {"cooperation", "SELECT municipality_id FROM cooperation UNION SELECT partner_id FROM cooperation"},
};

kp_rc kp_export_unconfirmed_codes(kp_ctx *ctx, const char *kind, kp_buf *out, size_t *n)
{
    *n = 0;
    const char *ids = NULL;
    for (size_t i = 0; i < sizeof CODED_KINDS / sizeof CODED_KINDS[0]; i++)
        if (kind && strcmp(CODED_KINDS[i].kind, kind) == 0)
            ids = CODED_KINDS[i].ids;
    if (!ids)
        return KP_OK;
    /* The statements are fixed texts of the table above, never input. */
    kp_buf sql;
    kp_buf_init(&sql, 4096);
    kp_rc rc = kp_buf_printf(&sql,
                             "SELECT atvk, name_lv FROM municipality WHERE code_confirmed = 0 AND id IN (%s) ORDER BY atvk",
                             ids);
    kp_stmt *s = NULL;
    bool row = false;
    if (!rc)
        rc = kp_store_prepare(ctx->db, kp_buf_str(&sql), &s);
    while (!rc && (rc = kp_stmt_step(s, &row)) == KP_OK && row) {
        rc = kp_buf_printf(out, "%s%s %s", *n ? ", " : "", kp_stmt_text(s, 0), kp_stmt_text(s, 1));
        ++*n;
    }
    kp_stmt_free(s);
    kp_buf_free(&sql);
    return rc;
}

kp_rc kp_region_known(kp_ctx *ctx, const char *code)
{
    if (!ctx || !code)
        return KP_EINVAL;
    int64_t exists = 0;
    kp_param p[] = {KP_PTEXT(code)};
    kp_rc rc = kp_sql_int(ctx->db, "SELECT 1 FROM region WHERE code = ?", p, 1, 0, &exists);
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
    int64_t exists = 0;
    kp_param p[] = {KP_PINT(id), KP_PTEXT(kp_ctx_is_en(ctx) ? "en" : "lv")};
    kp_rc rc = kp_sql_int(ctx->db, "SELECT 1 FROM municipality WHERE id = ?", p, 1, 0, &exists);
    if (!rc && !exists)
        rc = KP_ENOTFOUND;
    if (!rc)
        rc = kp_sql_text(ctx->db, "SELECT CASE WHEN ?2 = 'en' THEN name_en ELSE name_lv END FROM municipality WHERE id = ?1",
                         p, 2, out, outlen);
    return rc;
}
