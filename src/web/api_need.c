/* JSON API for need against places (GET /api/v1/need, the numbers of the
 * /need page); cooperation agreements are in api_cooperation.c. */
#include "web/pages.h"
#include "web/page_strings.h"
#include "web/progress_panel.h"
#include "service/access.h"
#include "service/programme/need_places.h"
#include <string.h>

#define STRINGS(X)                                                                                                 \
    X(T_REGION_MISSING, "nav norādīts reģions: norādiet region (ZPR, KPR, LPR, VPR vai RPR)",                       \
      "no region given: give region (ZPR, KPR, LPR, VPR or RPR)")

KP_PAGE_STRINGS(STRINGS);

/* A count of persons, or null when suppressed (its flag says "c"). */
static json_t *nullable(int64_t v, bool hidden)
{
    return hidden ? json_null() : json_integer(v);
}

/* The suppressed fields of a row: {"need": "c", ...}. */
static json_t *flags_of(const kp_need_row *x)
{
    json_t *f = json_object();
    if (x->need_c)
        json_object_set_new(f, "need", json_string(KP_OPEN_MARK));
    if (x->receiving_c)
        json_object_set_new(f, "receiving", json_string(KP_OPEN_MARK));
    if (x->unmet_c)
        json_object_set_new(f, "unmet", json_string(KP_OPEN_MARK));
    if (x->shortfall_c)
        json_object_set_new(f, "shortfall", json_string(KP_OPEN_MARK));
    return f;
}

int api_need(kp_req *r)
{
    /* `at` is ISO here: the router has refused a date it cannot read. */
    kp_date at = kp_ctx_today(&r->ctx);
    const char *in_at = kp_in(r, "at");
    if (in_at && *in_at && kp_date_parse_iso(in_at, &at))
        return kp_error(r, 400);
    const char *region = kp_in(r, "region");
    if ((r->ctx.role == KP_ROLE_MINISTRY || r->ctx.role == KP_ROLE_ADMIN) && (!region || !*region)) {
        kp_errors_add(&r->errors, "region", "", "%s", t(r, T_REGION_MISSING));
        return kp_json_error(r, 400, KP_S(r, S_FIELD_ERRORS));
    }
    kp_need n;
    kp_rc rc = kp_need_places(&r->ctx, region, kp_in(r, "municipality"), at, &n);
    if (rc)
        return kp_error(r, kp_status_for(rc));
    /* Beyond the region's own officials: small numbers suppressed. */
    kp_disclosure_rule rule;
    int open = kp_open_rule(r, n.region, &rule);
    if (open > 0)
        rc = kp_need_suppress_in_region(&r->ctx, &rule, &n);
    if (open < 0 || rc) {
        kp_need_free(&n);
        return kp_error(r, 500);
    }
    json_t *munis = json_array();
    for (size_t i = 0; i < n.nmunis; i++) {
        json_t *m = json_object();
        json_object_set_new(m, "atvk", json_string(n.munis[i].atvk));
        json_object_set_new(m, "name", json_string(n.munis[i].name));
        json_array_append_new(munis, m);
    }
    json_t *rows = json_array();
    for (size_t i = 0; i < n.n; i++) {
        const kp_need_row *x = &n.rows[i];
        const char *atvk = "";
        for (size_t k = 0; k < n.nmunis; k++)
            if (n.munis[k].id == x->municipality_id)
                atvk = n.munis[k].atvk;
        json_t *o = json_object();
        json_object_set_new(o, "municipality", json_string(atvk));
        json_object_set_new(o, "service", json_string(x->service));
        json_object_set_new(o, "service_name", json_string(x->service_name));
        json_object_set_new(o, "need", nullable(x->need, x->need_c));
        json_object_set_new(o, "receiving", nullable(x->receiving, x->receiving_c));
        json_object_set_new(o, "unmet", nullable(x->unmet, x->unmet_c));
        json_object_set_new(o, "places", json_integer(x->places));
        json_object_set_new(o, "free_here", json_integer(x->free_here));
        json_object_set_new(o, "free_neighbours", json_integer(x->free_neighbours));
        json_object_set_new(o, "free_cooperation", json_integer(x->free_cooperation));
        json_object_set_new(o, "plan_places", json_integer(x->plan_places));
        json_object_set_new(o, "shortfall", nullable(x->shortfall, x->shortfall_c));
        json_object_set_new(o, "flags", flags_of(x));
        json_array_append_new(rows, o);
    }
    /* The totals the page shows: each service's, then the whole (""). */
    json_t *totals = json_array();
    for (size_t s = 0; s <= n.n; s++) {
        if (s < n.n) {
            bool seen = false;
            for (size_t k = 0; k < s && !seen; k++)
                seen = !strcmp(n.rows[k].service, n.rows[s].service);
            if (seen)
                continue;
        }
        kp_need_row x;
        kp_need_total(&n, s < n.n ? n.rows[s].service : "", &x);
        json_t *o = json_object();
        json_object_set_new(o, "service", json_string(x.service));
        json_object_set_new(o, "need", nullable(x.need, x.need_c));
        json_object_set_new(o, "receiving", nullable(x.receiving, x.receiving_c));
        json_object_set_new(o, "unmet", nullable(x.unmet, x.unmet_c));
        json_object_set_new(o, "places", json_integer(x.places));
        json_object_set_new(o, "free_here", json_integer(x.free_here));
        json_object_set_new(o, "free_neighbours", json_integer(x.free_neighbours));
        json_object_set_new(o, "free_cooperation", json_integer(x.free_cooperation));
        json_object_set_new(o, "plan_places", json_integer(x.plan_places));
        json_object_set_new(o, "shortfall", nullable(x.shortfall, x.shortfall_c));
        json_object_set_new(o, "flags", flags_of(&x));
        json_array_append_new(totals, o);
    }
    json_t *body = json_object();
    json_object_set_new(body, "region", json_string(n.region));
    json_object_set_new(body, "at", json_string(n.at));
    json_object_set_new(body, "municipalities", munis);
    json_object_set_new(body, "rows", rows);
    json_object_set_new(body, "totals", totals);
    json_object_set_new(body, "disclosure", kp_open_json(n.suppressed ? &n.rule : NULL, n.nsuppressed));
    kp_need_free(&n);
    return kp_json(r, 200, body);
}
