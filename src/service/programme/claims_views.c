/* Reads for the claims and indicator pages (see claims_views.h). */
#include "service/programme/claims_views.h"
#include "service/access.h"
#include "service/audit.h"
#include "service/programme/claim_sql.h"
#include "service/programme/diplan_sql.h"
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

static void summary_from(kp_ctx *ctx, const kp_q_claim_summary *x, kp_claim_summary *c)
{
    memset(c, 0, sizeof *c);
    c->id = x->id;
    memcpy(c->month, x->month, sizeof c->month);
    memcpy(c->status, x->status, sizeof c->status);
    memcpy(c->built_on, x->built_on, sizeof c->built_on);
    memcpy(c->municipality, kp_ctx_is_en(ctx) ? x->name_en : x->name_lv, sizeof c->municipality);
    c->lines = (size_t)x->lines;
    c->pending = (size_t)x->pending;
    c->total = x->total;
    c->accepted = x->accepted;
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
    kp_q_claim_summary_vec all = {0};
    kp_rc rc = kp_q_claim_summaries(ctx->db, region ? ctx->region : NULL, &all);
    if (!rc && all.n)
        out->items = kp_xcalloc(all.n, sizeof *out->items);
    for (size_t i = 0; !rc && i < all.n; i++) {
        kp_rc in = claim_in_scope(ctx, all.items[i].municipality_id, all.items[i].region);
        if (in == KP_ENOTFOUND)
            continue;
        if (in) {
            rc = in;
            break;
        }
        summary_from(ctx, &all.items[i], &out->items[out->n++]);
    }
    free(all.items);
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
        rc = kp_q_client_list_name(ctx->db, l->client_id, l->client_name, sizeof l->client_name);
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
    kp_q_claim_summary head;
    bool row = false;
    int64_t muni = 0;
    kp_rc rc = kp_q_claim_summary_of(ctx->db, claim_id, &head, &row);
    if (!rc && !row)
        rc = KP_ENOTFOUND;
    if (!rc) {
        summary_from(ctx, &head, &out->head);
        muni = head.municipality_id;
        memcpy(out->region, head.region, sizeof out->region);
        memcpy(out->atvk, head.atvk, sizeof out->atvk);
        memcpy(out->project, head.project, sizeof out->project);
    }
    if (!rc)
        rc = claim_in_scope(ctx, muni, out->region);
    kp_q_claim_line_view_vec lines = {0};
    if (!rc)
        rc = kp_q_claim_line_views(ctx->db, claim_id, &lines);
    if (!rc && lines.n)
        out->lines = kp_xcalloc(lines.n, sizeof *out->lines);
    for (size_t i = 0; !rc && i < lines.n; i++) {
        const kp_q_claim_line_view *x = &lines.items[i];
        kp_claim_line_view *l = &out->lines[out->nlines++];
        l->line_no = x->line_no;
        l->delivery_id = x->delivery;
        l->client_id = x->client;
        memcpy(l->service, x->service, sizeof l->service);
        memcpy(l->service_name, kp_ctx_is_en(ctx) ? x->name_en : x->name_lv, sizeof l->service_name);
        memcpy(l->delivered_on, x->on, sizeof l->delivered_on);
        l->units = x->units;
        l->unit_cost = x->cost;
        l->amount = x->amount;
        memcpy(l->status, x->status, sizeof l->status);
        memcpy(l->reason, x->reason, sizeof l->reason);
    }
    free(lines.items);
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
    kp_q_bundle b;
    bool row = false;
    kp_rc rc = kp_q_bundle_of(ctx->db, bundle_id, &b, &row);
    if (!rc && !row)
        rc = KP_ENOTFOUND;
    if (!rc) {
        out->id = bundle_id;
        memcpy(out->region, b.region, sizeof out->region);
        memcpy(out->paid_on, b.paid_on, sizeof out->paid_on);
        out->total = b.total;
        out->esf = b.esf;
        out->state = b.state;
        out->flat_esf = b.flat_esf;
        out->difference = out->esf - out->flat_esf;
        out->claims = (size_t)b.claims;
    }
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
    kp_q_indicator_vec inds = {0};
    rc = kp_q_indicators_of(ctx->db, region, &inds);
    if (!rc && inds.n)
        out->items = kp_xcalloc(inds.n, sizeof *out->items);
    for (size_t i = 0; !rc && i < inds.n; i++) {
        const kp_q_indicator *x = &inds.items[i];
        kp_indicator_view *v = &out->items[out->n++];
        v->id = x->id;
        memcpy(v->key, x->key, sizeof v->key);
        memcpy(v->kind, x->kind, sizeof v->kind);
        memcpy(v->source, x->source, sizeof v->source);
        memcpy(v->entered_by_role, x->entered_by_role, sizeof v->entered_by_role);
        memcpy(v->name, kp_ctx_is_en(ctx) ? x->name_en : x->name_lv, sizeof v->name);
        v->has_baseline = x->has_baseline;
        v->baseline = x->baseline;
        v->baseline_year = x->baseline_year;
        v->target = x->target;
        v->target_year = x->target_year;
    }
    free(inds.items);
    kp_q_indicator_value_vec vals = {0};
    if (!rc)
        rc = kp_q_indicator_values_of(ctx->db, region, &vals);
    for (size_t k = 0; !rc && k < vals.n; k++) {
        const kp_q_indicator_value *x = &vals.items[k];
        for (size_t i = 0; i < out->n; i++) {
            kp_indicator_view *v = &out->items[i];
            if (v->id != x->indicator_id)
                continue;
            v->values = kp_xrealloc(v->values, (v->nvalues + 1) * sizeof *v->values);
            kp_indicator_year *y = &v->values[v->nvalues++];
            memset(y, 0, sizeof *y);
            y->year = x->year;
            y->value = x->value;
            memcpy(y->entered_by, x->entered_by, sizeof y->entered_by);
            memcpy(y->entered_on, x->entered_on, sizeof y->entered_on);
            break;
        }
    }
    free(vals.items);
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
