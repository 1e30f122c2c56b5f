/* Reads for the claims and indicator pages (see claims_views.h). */
#include "service/programme/claims_views.h"
#include "service/access.h"
#include "service/audit.h"
#include "service/sql.h"
#include "service/validate.h"
#include "core/mem.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* May the caller see a claim of municipality `muni` in `region`? Deny by
 * default: only municipal staff, region coordinators, administrators and
 * the operator read claims. */
static kp_rc claim_in_scope(kp_ctx *ctx, int64_t muni, const char *region)
{
    switch (ctx->role) {
    case KP_ROLE_SYSTEM:
    case KP_ROLE_ADMIN:
        return KP_OK;
    case KP_ROLE_SOCIAL_WORKER:
    case KP_ROLE_MUNICIPAL_HEAD:
        return kp_access_municipality(ctx, muni, false);
    case KP_ROLE_REGION:
        return kp_access_region(ctx, region, false);
    case KP_ROLE_PROVIDER:
    case KP_ROLE_MINISTRY:
        return KP_ENOTFOUND;
    }
    return KP_ENOTFOUND;
}

/* Columns 0–11 of a claim summary; ?1 = the claim id or NULL for all. */
#define SUMMARY_SQL                                                                                                  \
    "SELECT k.id, k.month, k.status, k.built_on, k.municipality_id, m.region_code, m.name_lv, m.name_en,"           \
    " (SELECT COUNT(*) FROM claim_line l WHERE l.claim_id = k.id),"                                                  \
    " (SELECT COUNT(*) FROM claim_line l WHERE l.claim_id = k.id AND l.status = 'pending'),"                         \
    " (SELECT COALESCE(SUM(l.amount_cents), 0) FROM claim_line l WHERE l.claim_id = k.id AND l.status <> 'refused'),"\
    " (SELECT COALESCE(SUM(l.amount_cents), 0) FROM claim_line l WHERE l.claim_id = k.id AND l.status = 'accepted')"\
    " FROM claim k JOIN municipality m ON m.id = k.municipality_id"

static void summary_from(kp_ctx *ctx, kp_stmt *s, kp_claim_summary *c)
{
    memset(c, 0, sizeof *c);
    c->id = kp_stmt_int(s, 0);
    snprintf(c->month, sizeof c->month, "%.7s", kp_stmt_text(s, 1));
    snprintf(c->status, sizeof c->status, "%.15s", kp_stmt_text(s, 2));
    snprintf(c->built_on, sizeof c->built_on, "%.10s", kp_stmt_text(s, 3));
    snprintf(c->municipality, sizeof c->municipality, "%.95s", kp_stmt_text(s, kp_ctx_is_en(ctx) ? 7 : 6));
    c->lines = (size_t)kp_stmt_int(s, 8);
    c->pending = (size_t)kp_stmt_int(s, 9);
    c->total = kp_stmt_int(s, 10);
    c->accepted = kp_stmt_int(s, 11);
}

kp_rc kp_claim_list_scoped(kp_ctx *ctx, kp_claim_list *out)
{
    if (!ctx || !out)
        return KP_EINVAL;
    memset(out, 0, sizeof *out);
    bool region = ctx->role == KP_ROLE_REGION;
    if (!region && ctx->role != KP_ROLE_SOCIAL_WORKER && ctx->role != KP_ROLE_MUNICIPAL_HEAD &&
        ctx->role != KP_ROLE_ADMIN && ctx->role != KP_ROLE_SYSTEM)
        return KP_EDENIED;
    kp_stmt *s = NULL;
    bool row = false;
    size_t cap = 0;
    kp_rc rc = kp_store_prepare(ctx->db,
                                SUMMARY_SQL " WHERE (CAST(?1 AS TEXT) IS NULL OR (m.region_code = ?1 AND k.status <> 'paid'))"
                                            " ORDER BY k.month DESC, m.name_lv, k.id",
                                &s);
    kp_param p[] = {region ? KP_PTEXT(ctx->region) : KP_PNULL};
    if (!rc)
        rc = kp_sql_bind(s, p, 1);
    while (!rc && (rc = kp_stmt_step(s, &row)) == KP_OK && row) {
        kp_rc in = claim_in_scope(ctx, kp_stmt_int(s, 4), kp_stmt_text(s, 5));
        if (in == KP_ENOTFOUND)
            continue;
        if (in) {
            rc = in;
            break;
        }
        if (out->n == cap) {
            cap = cap ? cap * 2 : 16;
            out->items = kp_xrealloc(out->items, cap * sizeof *out->items);
        }
        summary_from(ctx, s, &out->items[out->n++]);
    }
    kp_stmt_free(s);
    if (rc)
        kp_claim_list_free(out);
    return rc;
}

void kp_claim_list_free(kp_claim_list *l)
{
    if (!l)
        return;
    free(l->items);
    memset(l, 0, sizeof *l);
}

/* Names the clients the caller may read, one "list" audit per client. */
static kp_rc name_clients(kp_ctx *ctx, kp_claim_view *v)
{
    kp_rc rc = kp_store_begin_read(ctx->db);
    if (rc)
        return rc;
    for (size_t i = 0; i < v->nlines && !rc; i++) {
        kp_claim_line_view *l = &v->lines[i];
        const kp_claim_line_view *seen = NULL;
        for (size_t k = 0; k < i && !seen; k++)
            if (v->lines[k].client_id == l->client_id)
                seen = &v->lines[k];
        if (seen) {
            memcpy(l->client_name, seen->client_name, sizeof l->client_name);
            continue;
        }
        kp_rc in = kp_access_client(ctx, l->client_id, false);
        if (in == KP_ENOTFOUND)
            continue; /* region coordinators: aggregates only, no names */
        if (in) {
            rc = in;
            break;
        }
        kp_param p[] = {KP_PINT(l->client_id)};
        rc = kp_sql_text(ctx->db, "SELECT family_name || ' ' || given_name FROM client WHERE id = ?", p, 1,
                         l->client_name, sizeof l->client_name);
        if (!rc)
            rc = kp_audit_access(ctx, "list", "client", l->client_id, l->client_id, "claim");
    }
    if (rc) {
        kp_store_rollback(ctx->db);
        return rc;
    }
    return kp_store_commit(ctx->db);
}

kp_rc kp_claim_view_get(kp_ctx *ctx, int64_t claim_id, kp_claim_view *out)
{
    if (!ctx || !out)
        return KP_EINVAL;
    memset(out, 0, sizeof *out);
    kp_stmt *s = NULL;
    bool row = false;
    int64_t muni = 0;
    kp_rc rc = kp_store_prepare(ctx->db,
                                "SELECT x.*, m.atvk, j.number FROM (" SUMMARY_SQL " WHERE k.id = ?1) x"
                                " JOIN municipality m ON m.id = x.municipality_id"
                                " JOIN claim k ON k.id = x.id JOIN project j ON j.id = k.project_id",
                                &s);
    if (!rc)
        rc = kp_stmt_bind_int(s, 1, claim_id);
    if (!rc)
        rc = kp_stmt_step(s, &row);
    if (!rc && !row)
        rc = KP_ENOTFOUND;
    if (!rc) {
        summary_from(ctx, s, &out->head);
        muni = kp_stmt_int(s, 4);
        snprintf(out->region, sizeof out->region, "%.7s", kp_stmt_text(s, 5));
        snprintf(out->atvk, sizeof out->atvk, "%.15s", kp_stmt_text(s, 12));
        snprintf(out->project, sizeof out->project, "%.47s", kp_stmt_text(s, 13));
    }
    kp_stmt_free(s);
    s = NULL;
    if (!rc)
        rc = claim_in_scope(ctx, muni, out->region);
    if (!rc)
        rc = kp_store_prepare(ctx->db,
                              "SELECT l.line_no, l.delivery_id, l.client_id, l.service_code,"
                              " COALESCE(t.name_lv, l.service_code), COALESCE(t.name_en, l.service_code),"
                              " l.delivered_on, l.units, l.unit_cost_cents, l.amount_cents, l.status, l.reason"
                              " FROM claim_line l LEFT JOIN service_type t ON t.code = l.service_code"
                              " WHERE l.claim_id = ? ORDER BY l.line_no",
                              &s);
    if (!rc)
        rc = kp_stmt_bind_int(s, 1, claim_id);
    size_t cap = 0;
    while (!rc && (rc = kp_stmt_step(s, &row)) == KP_OK && row) {
        if (out->nlines == cap) {
            cap = cap ? cap * 2 : 32;
            out->lines = kp_xrealloc(out->lines, cap * sizeof *out->lines);
        }
        kp_claim_line_view *l = &out->lines[out->nlines++];
        memset(l, 0, sizeof *l);
        l->line_no = kp_stmt_int(s, 0);
        l->delivery_id = kp_stmt_int(s, 1);
        l->client_id = kp_stmt_int(s, 2);
        snprintf(l->service, sizeof l->service, "%.31s", kp_stmt_text(s, 3));
        snprintf(l->service_name, sizeof l->service_name, "%.159s", kp_stmt_text(s, kp_ctx_is_en(ctx) ? 5 : 4));
        snprintf(l->delivered_on, sizeof l->delivered_on, "%.10s", kp_stmt_text(s, 6));
        l->units = kp_stmt_int(s, 7);
        l->unit_cost = kp_stmt_int(s, 8);
        l->amount = kp_stmt_int(s, 9);
        snprintf(l->status, sizeof l->status, "%.15s", kp_stmt_text(s, 10));
        snprintf(l->reason, sizeof l->reason, "%.319s", kp_stmt_text(s, 11));
    }
    kp_stmt_free(s);
    if (!rc)
        rc = name_clients(ctx, out);
    if (rc)
        kp_claim_view_free(out);
    return rc;
}

void kp_claim_view_free(kp_claim_view *v)
{
    if (!v)
        return;
    free(v->lines);
    memset(v, 0, sizeof *v);
}

kp_rc kp_bundle_view_get(kp_ctx *ctx, int64_t bundle_id, kp_bundle_view *out)
{
    if (!ctx || !out)
        return KP_EINVAL;
    memset(out, 0, sizeof *out);
    if (ctx->role != KP_ROLE_REGION && ctx->role != KP_ROLE_ADMIN && ctx->role != KP_ROLE_SYSTEM)
        return KP_ENOTFOUND;
    kp_stmt *s = NULL;
    bool row = false;
    kp_rc rc = kp_store_prepare(ctx->db,
                                "SELECT region_code, paid_on, total_cents, esf_cents, state_cents, flat_esf_cents,"
                                " (SELECT COUNT(*) FROM claim k WHERE k.bundle_id = b.id) FROM claim_bundle b WHERE id = ?",
                                &s);
    if (!rc)
        rc = kp_stmt_bind_int(s, 1, bundle_id);
    if (!rc)
        rc = kp_stmt_step(s, &row);
    if (!rc && !row)
        rc = KP_ENOTFOUND;
    if (!rc) {
        out->id = bundle_id;
        snprintf(out->region, sizeof out->region, "%.7s", kp_stmt_text(s, 0));
        snprintf(out->paid_on, sizeof out->paid_on, "%.10s", kp_stmt_text(s, 1));
        out->total = kp_stmt_int(s, 2);
        out->esf = kp_stmt_int(s, 3);
        out->state = kp_stmt_int(s, 4);
        out->flat_esf = kp_stmt_int(s, 5);
        out->difference = out->esf - out->flat_esf;
        out->claims = (size_t)kp_stmt_int(s, 6);
    }
    kp_stmt_free(s);
    if (!rc)
        rc = kp_access_region(ctx, out->region, false);
    if (rc)
        memset(out, 0, sizeof *out);
    return rc;
}

kp_rc kp_indicator_list(kp_ctx *ctx, const char *region, kp_indicator_views *out)
{
    if (!ctx || !out || kp_blank(region))
        return KP_EINVAL;
    memset(out, 0, sizeof *out);
    kp_rc rc = kp_access_region(ctx, region, false);
    if (rc)
        return rc;
    kp_stmt *s = NULL;
    bool row = false;
    size_t cap = 0;
    rc = kp_store_prepare(ctx->db,
                          "SELECT id, key, kind, source, COALESCE(entered_by_role, ''), name_lv, name_en,"
                          " baseline IS NOT NULL, COALESCE(baseline, 0), COALESCE(baseline_year, 0), target,"
                          " COALESCE(target_year, 0) FROM indicator WHERE region_code = ? ORDER BY sort, id",
                          &s);
    if (!rc)
        rc = kp_stmt_bind_text(s, 1, region);
    while (!rc && (rc = kp_stmt_step(s, &row)) == KP_OK && row) {
        if (out->n == cap) {
            cap = cap ? cap * 2 : 16;
            out->items = kp_xrealloc(out->items, cap * sizeof *out->items);
        }
        kp_indicator_view *v = &out->items[out->n++];
        memset(v, 0, sizeof *v);
        v->id = kp_stmt_int(s, 0);
        snprintf(v->key, sizeof v->key, "%.64s", kp_stmt_text(s, 1));
        snprintf(v->kind, sizeof v->kind, "%.15s", kp_stmt_text(s, 2));
        snprintf(v->source, sizeof v->source, "%.15s", kp_stmt_text(s, 3));
        snprintf(v->entered_by_role, sizeof v->entered_by_role, "%.64s", kp_stmt_text(s, 4));
        snprintf(v->name, sizeof v->name, "%.303s", kp_stmt_text(s, kp_ctx_is_en(ctx) ? 6 : 5));
        v->has_baseline = kp_stmt_int(s, 7) != 0;
        v->baseline = kp_stmt_int(s, 8);
        v->baseline_year = kp_stmt_int(s, 9);
        v->target = kp_stmt_int(s, 10);
        v->target_year = kp_stmt_int(s, 11);
    }
    kp_stmt_free(s);
    s = NULL;
    if (!rc)
        rc = kp_store_prepare(ctx->db,
                              "SELECT v.indicator_id, v.period_year, v.value, v.entered_by, v.entered_on"
                              " FROM indicator_value v JOIN indicator i ON i.id = v.indicator_id"
                              " WHERE i.region_code = ? ORDER BY v.indicator_id, v.period_year",
                              &s);
    if (!rc)
        rc = kp_stmt_bind_text(s, 1, region);
    while (!rc && (rc = kp_stmt_step(s, &row)) == KP_OK && row) {
        int64_t id = kp_stmt_int(s, 0);
        for (size_t i = 0; i < out->n; i++) {
            kp_indicator_view *v = &out->items[i];
            if (v->id != id)
                continue;
            v->values = kp_xrealloc(v->values, (v->nvalues + 1) * sizeof *v->values);
            kp_indicator_year *y = &v->values[v->nvalues++];
            memset(y, 0, sizeof *y);
            y->year = kp_stmt_int(s, 1);
            y->value = kp_stmt_int(s, 2);
            snprintf(y->entered_by, sizeof y->entered_by, "%.100s", kp_stmt_text(s, 3));
            snprintf(y->entered_on, sizeof y->entered_on, "%.10s", kp_stmt_text(s, 4));
            break;
        }
    }
    kp_stmt_free(s);
    if (rc)
        kp_indicator_views_free(out);
    return rc;
}

void kp_indicator_views_free(kp_indicator_views *v)
{
    if (!v)
        return;
    for (size_t i = 0; i < v->n; i++)
        free(v->items[i].values);
    free(v->items);
    memset(v, 0, sizeof *v);
}
