/* JSON API for need against places (GET /api/v1/need, the numbers of the
 * /need page); cooperation agreements are in api_cooperation.c. */
#include "web/pages.h"
#include "web/page_strings.h"
#include "service/access.h"
#include "service/programme/need_places.h"
#include <string.h>

#define STRINGS(X)                                                                                                 \
    X(T_REGION_MISSING, "nav norādīts reģions: norādiet region (ZPR, KPR, LPR, VPR vai RPR)",                       \
      "no region given: give region (ZPR, KPR, LPR, VPR or RPR)")

KP_PAGE_STRINGS(STRINGS);

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
        json_object_set_new(o, "need", json_integer(x->need));
        json_object_set_new(o, "receiving", json_integer(x->receiving));
        json_object_set_new(o, "unmet", json_integer(x->unmet));
        json_object_set_new(o, "places", json_integer(x->places));
        json_object_set_new(o, "free_here", json_integer(x->free_here));
        json_object_set_new(o, "free_neighbours", json_integer(x->free_neighbours));
        json_object_set_new(o, "free_cooperation", json_integer(x->free_cooperation));
        json_object_set_new(o, "plan_places", json_integer(x->plan_places));
        json_object_set_new(o, "shortfall", json_integer(x->shortfall));
        json_array_append_new(rows, o);
    }
    json_t *body = json_object();
    json_object_set_new(body, "region", json_string(n.region));
    json_object_set_new(body, "at", json_string(n.at));
    json_object_set_new(body, "municipalities", munis);
    json_object_set_new(body, "rows", rows);
    kp_need_free(&n);
    return kp_json(r, 200, body);
}
