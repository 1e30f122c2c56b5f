/* JSON API of compensation claims: the preview of a month's claim, making
 * it (optionally only if it still matches a preview), and the region's
 * verdicts on many lines at once (the same use cases as page_claims.c;
 * docs/openapi.yaml). */
#include "web/pages.h"
#include "service/access.h"
#include "service/programme/claims.h"
#include <stdio.h>
#include <string.h>

int api_claim_preview(kp_req *r)
{
    char atvk[16];
    kp_rc rc = kp_municipality_atvk(&r->ctx, r->ctx.municipality_id, atvk, sizeof atvk);
    if (rc)
        return kp_error(r, kp_status_for(rc));
    kp_claim_preview pv;
    rc = kp_claim_preview_get(&r->ctx, atvk, kp_in(r, "month"), &r->errors, &pv);
    if (rc == KP_EINVAL || rc == KP_ERULE)
        return kp_json_error(r, rc == KP_EINVAL ? 400 : 409, KP_S(r, S_FIELD_ERRORS));
    if (rc)
        return kp_error(r, kp_status_for(rc));
    json_t *o = json_object();
    json_object_set_new(o, "municipality", json_string(pv.atvk));
    json_object_set_new(o, "month", json_string(pv.month));
    json_object_set_new(o, "region", json_string(pv.region));
    json_object_set_new(o, "project", json_string(pv.project));
    json_object_set_new(o, "claimable_lines", json_integer((json_int_t)pv.claimable));
    json_object_set_new(o, "refused_lines", json_integer((json_int_t)pv.refused));
    json_object_set_new(o, "total_cents", json_integer(pv.total));
    json_object_set_new(o, "esf_cents", json_integer(pv.esf));
    json_object_set_new(o, "state_cents", json_integer(pv.state));
    json_t *lines = json_array();
    for (size_t i = 0; i < pv.n; i++) {
        const kp_claim_preview_line *l = &pv.lines[i];
        json_t *x = json_object();
        json_object_set_new(x, "delivery_id", json_integer(l->delivery_id));
        json_object_set_new(x, "client_id", json_integer(l->client_id));
        json_object_set_new(x, "service", json_string(l->service));
        json_object_set_new(x, "delivered_on", json_string(l->delivered_on));
        json_object_set_new(x, "units", json_integer(l->units));
        json_object_set_new(x, "unit_cost_cents", json_integer(l->unit_cost));
        json_object_set_new(x, "amount_cents", json_integer(l->amount));
        json_object_set_new(x, "refused_reason", l->reason[0] ? json_string(l->reason) : json_null());
        json_array_append_new(lines, x);
    }
    json_object_set_new(o, "lines", lines);
    kp_claim_preview_free(&pv);
    return kp_json(r, 200, o);
}

int api_claim_create(kp_req *r)
{
    char atvk[16];
    kp_rc rc = kp_municipality_atvk(&r->ctx, r->ctx.municipality_id, atvk, sizeof atvk);
    if (rc)
        return kp_error(r, kp_status_for(rc));
    bool expect_given = kp_in(r, "expect_lines") || kp_in(r, "expect_total_cents");
    if (expect_given && (!kp_in(r, "expect_lines") || !kp_in(r, "expect_total_cents"))) {
        kp_errors_add(&r->errors, kp_in(r, "expect_lines") ? "expect_total_cents" : "expect_lines", "", "%s",
                      strcmp(r->lang, "en") == 0 ? "give both expect_lines and expect_total_cents, or neither"
                                                 : "norādiet gan expect_lines, gan expect_total_cents, vai nevienu");
        return kp_json_error(r, 400, KP_S(r, S_FIELD_ERRORS));
    }
    kp_claim_expect x = {.lines = (size_t)kp_in_int(r, "expect_lines", 0),
                         .total = kp_in_int(r, "expect_total_cents", 0)};
    int64_t id = 0;
    size_t lines = 0, refused = 0;
    rc = kp_claim_submit(&r->ctx, atvk, kp_in(r, "month"), expect_given ? &x : NULL, &r->errors, &id, &lines, &refused);
    if (rc == KP_EINVAL)
        return kp_json_error(r, 400, KP_S(r, S_FIELD_ERRORS));
    if (rc == KP_ECONFLICT || rc == KP_ERULE)
        return kp_json_error(r, 409, KP_S(r, S_FIELD_ERRORS));
    if (rc)
        return kp_error(r, kp_status_for(rc));
    json_t *o = json_object();
    json_object_set_new(o, "id", id ? json_integer(id) : json_null());
    json_object_set_new(o, "lines", json_integer((json_int_t)lines));
    json_object_set_new(o, "refused", json_integer((json_int_t)refused));
    return kp_json(r, id ? 201 : 200, o);
}

int api_claim_verify_all(kp_req *r)
{
    kp_claim_exception ex[KP_CLAIM_EXCEPTIONS_MAX];
    for (size_t k = 0; k < KP_CLAIM_EXCEPTIONS_MAX; k++) {
        char f[32];
        snprintf(f, sizeof f, "reject_%zu", k + 1);
        ex[k].line_no = kp_in_int(r, f, 0);
        snprintf(f, sizeof f, "reason_%zu", k + 1);
        ex[k].reason = kp_in(r, f);
    }
    const char *pending = kp_in(r, "expect_pending");
    kp_claim_verified out;
    kp_rc rc = kp_claim_verify_all(&r->ctx, r->path_id, ex, KP_CLAIM_EXCEPTIONS_MAX, kp_in(r, "verdict"),
                                   kp_in_int(r, "accept_rest", 0) == 1, pending && *pending ? kp_in_int(r, "expect_pending", -1) : -1,
                                   &r->errors, &out);
    if (rc == KP_EINVAL)
        return kp_json_error(r, 400, KP_S(r, S_FIELD_ERRORS));
    if (rc)
        return kp_error(r, kp_status_for(rc));
    json_t *o = json_object();
    json_object_set_new(o, "accepted", json_integer((json_int_t)out.accepted));
    json_object_set_new(o, "rejected", json_integer((json_int_t)out.rejected));
    json_object_set_new(o, "pending", json_integer((json_int_t)out.pending));
    json_object_set_new(o, "accepted_total_cents", json_integer(out.accepted_total));
    return kp_json(r, 200, o);
}
