/* JSON API for cooperation agreements: the list and one agreement (GET
 * /api/v1/cooperation, /api/v1/cooperation/{id}), recording, ending and
 * correcting one (POST /api/v1/cooperation, …/{id}/end,
 * …/{id}/corrections) — the use cases the /cooperation pages call. */
#include "web/pages.h"
#include "service/access.h"
#include "service/programme/cooperation.h"
#include <string.h>

static json_t *row_json(const kp_coop_row *x)
{
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer(x->id));
    json_object_set_new(o, "municipality", json_string(x->municipality_atvk));
    json_object_set_new(o, "municipality_name", json_string(x->municipality));
    json_object_set_new(o, "partner", json_string(x->partner_atvk));
    json_object_set_new(o, "partner_name", json_string(x->partner));
    json_object_set_new(o, "service", json_string(x->service));
    json_object_set_new(o, "service_name", json_string(x->service_name));
    json_object_set_new(o, "target_group", json_string(x->target_group));
    json_object_set_new(o, "kind", json_string(x->kind));
    json_object_set_new(o, "places", x->places < 0 ? json_null() : json_integer(x->places));
    json_object_set_new(o, "valid_from", x->valid_from[0] ? json_string(x->valid_from) : json_null());
    json_object_set_new(o, "valid_to", x->valid_to[0] ? json_string(x->valid_to) : json_null());
    json_object_set_new(o, "decision", json_string(x->decision));
    json_object_set_new(o, "state", json_string(x->state));
    json_object_set_new(o, "region", json_string(x->region));
    json_object_set_new(o, "editable", json_boolean(x->editable));
    return o;
}

/* `at` from the query (ISO: the router refused a date it cannot read). */
static bool query_at(kp_req *r, kp_date *at)
{
    *at = kp_ctx_today(&r->ctx);
    const char *in = kp_in(r, "at");
    return !(in && *in && kp_date_parse_iso(in, at));
}

int api_cooperation_list(kp_req *r)
{
    kp_coop_filter f = {.region = kp_in(r, "region"),
                        .municipality = kp_in(r, "municipality"),
                        .service = kp_in(r, "service"),
                        .all = kp_in_int(r, "all", 0) == 1,
                        .collate = kp_collate_lv};
    if (!query_at(r, &f.at))
        return kp_error(r, 400);
    kp_coop_list l;
    kp_rc rc = kp_cooperation_list(&r->ctx, &f, &l);
    if (rc)
        return kp_error(r, kp_status_for(rc));
    json_t *items = json_array();
    for (size_t i = 0; i < l.n; i++)
        json_array_append_new(items, row_json(&l.items[i]));
    json_t *body = json_object();
    json_object_set_new(body, "region", json_string(l.region));
    json_object_set_new(body, "at", json_string(l.at));
    json_object_set_new(body, "agreements", items);
    kp_coop_list_free(&l);
    return kp_json(r, 200, body);
}

int api_cooperation_one(kp_req *r)
{
    kp_date at;
    if (!query_at(r, &at))
        return kp_error(r, 400);
    kp_coop_row x;
    kp_rc rc = kp_cooperation_get(&r->ctx, r->path_id, at, &x);
    if (rc)
        return kp_error(r, kp_status_for(rc));
    return kp_json(r, 200, row_json(&x));
}

static kp_cooperation_in body_in(kp_req *r)
{
    return (kp_cooperation_in){.municipality = kp_in(r, "municipality"),
                               .partner = kp_in(r, "partner"),
                               .service = kp_in(r, "service"),
                               .target_group = kp_in(r, "target_group"),
                               .kind = kp_in(r, "kind"),
                               .places = kp_in(r, "places"),
                               .valid_from = kp_in(r, "valid_from"),
                               .valid_to = kp_in(r, "valid_to"),
                               .decision = kp_in(r, "decision")};
}

static int answer(kp_req *r, kp_rc rc, int ok_status, int64_t id)
{
    if (rc == KP_EINVAL)
        return kp_json_error(r, 400, KP_S(r, S_FIELD_ERRORS));
    if (rc)
        return kp_error(r, kp_status_for(rc));
    kp_coop_row x;
    rc = kp_cooperation_get(&r->ctx, id, kp_ctx_today(&r->ctx), &x);
    if (rc)
        return kp_error(r, kp_status_for(rc));
    return kp_json(r, ok_status, row_json(&x));
}

int api_cooperation_add(kp_req *r)
{
    kp_cooperation_in in = body_in(r);
    int64_t id = 0;
    kp_rc rc = kp_cooperation_add(&r->ctx, &in, &r->errors, &id);
    return answer(r, rc, 201, id);
}

int api_cooperation_end(kp_req *r)
{
    kp_rc rc = kp_cooperation_end(&r->ctx, r->path_id, kp_in(r, "ended_on"), kp_in(r, "reason"), &r->errors);
    return answer(r, rc, 200, r->path_id);
}

int api_cooperation_correct(kp_req *r)
{
    kp_cooperation_in in = body_in(r);
    kp_rc rc = kp_cooperation_correct(&r->ctx, r->path_id, &in, kp_in(r, "reason"), &r->errors);
    return answer(r, rc, 200, r->path_id);
}
