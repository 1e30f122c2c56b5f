/* JSON API of the DI plan editor (docs/openapi.yaml, "DI plan"): the plan
 * of a region on a date, one object with its history, and the calls the
 * pages make — add an object, record an amendment (with its first change),
 * change an object, record the facts that are not plan history. Money is
 * in euros as text ("156584.49") on objects, in cents where a change names
 * a *_cents field (as import files do); dates ISO. A field error is 400
 * with the fields named; an object or region out of scope is 404; a change
 * of places of an object with clients assigned answers 409 with their
 * number when the body says "confirm": false (like the other API calls,
 * it is written otherwise). */
#include "web/pages.h"
#include "web/diplan_view.h"
#include "core/money.h"
#include <stdio.h>
#include <string.h>

static json_t *money(kp_cents c)
{
    char s[32];
    kp_money_format_plain(c, s);
    return json_string(s);
}

static json_t *text_or_null(const char *s)
{
    return s && s[0] ? json_string(s) : json_null();
}

static json_t *object_json(const kp_diplan_object *o)
{
    json_t *x = json_object();
    json_object_set_new(x, "id", json_integer(o->id));
    json_object_set_new(x, "name", json_string(o->name));
    json_object_set_new(x, "address", json_string(o->address));
    json_object_set_new(x, "municipality_id", json_integer(o->municipality_id));
    json_object_set_new(x, "target_group", json_string(o->target_group));
    json_object_set_new(x, "service", json_string(o->service));
    json_object_set_new(x, "places", o->places >= 0 ? json_integer(o->places) : json_null());
    json_object_set_new(x, "status", json_string(o->status));
    json_object_set_new(x, "status_since", json_string(o->status_since));
    json_object_set_new(x, "in_plan_from", json_string(o->in_plan_from));
    json_object_set_new(x, "removed_on", text_or_null(o->removed_on));
    json_object_set_new(x, "erdf", money(o->erdf));
    json_object_set_new(x, "state", money(o->state));
    json_object_set_new(x, "municipal", money(o->municipal));
    json_object_set_new(x, "other", money(o->other));
    json_object_set_new(x, "other_sources", json_string(o->other_sources));
    json_object_set_new(x, "cost_per_place", o->cost_per_place >= 0 ? money(o->cost_per_place) : json_null());
    json_object_set_new(x, "planned_completion", text_or_null(o->planned_completion));
    json_object_set_new(x, "actual_completion", text_or_null(o->actual_completion));
    json_object_set_new(x, "facility_id", o->facility_id ? json_integer(o->facility_id) : json_null());
    return x;
}

int api_diplan(kp_req *r)
{
    const char *region = dp_region(r);
    if (!region)
        return kp_error(r, 404);
    char at[11];
    kp_date d = dp_at(r, at);
    kp_diplan p;
    kp_rc rc = kp_diplan_at(&r->ctx, region, d, 0, &p);
    if (rc)
        return kp_error(r, kp_status_for(rc));
    json_t *o = json_object(), *objects = json_array(), *amendments = json_array();
    json_object_set_new(o, "region", json_string(region));
    json_object_set_new(o, "at", json_string(at));
    for (size_t i = 0; i < p.n; i++)
        json_array_append_new(objects, object_json(&p.objects[i]));
    for (size_t i = 0; i < p.namendments; i++) {
        const kp_diplan_amendment *a = &p.amendments[i];
        json_t *x = json_object();
        json_object_set_new(x, "id", json_integer(a->id));
        json_object_set_new(x, "number", json_integer(a->number));
        json_object_set_new(x, "approved_on", json_string(a->approved_on));
        json_object_set_new(x, "decision_no", json_string(a->decision_no));
        json_object_set_new(x, "decision_on", text_or_null(a->decision_on));
        json_object_set_new(x, "reason", json_string(a->reason ? a->reason : ""));
        json_object_set_new(x, "text", json_string(a->text ? a->text : ""));
        json_object_set_new(x, "changes", json_integer((json_int_t)a->nchanges));
        json_array_append_new(amendments, x);
    }
    json_object_set_new(o, "objects", objects);
    json_object_set_new(o, "amendments", amendments);
    kp_diplan_free(&p);
    return kp_json(r, 200, o);
}

int api_diplan_object(kp_req *r)
{
    char at[11];
    kp_date d = dp_at(r, at);
    kp_diplan_object x;
    kp_diplan_history h;
    char region[8];
    kp_rc rc = kp_diplan_object_at(&r->ctx, r->path_id, d, &x, region, &h);
    if (rc && !(rc == KP_ENOTFOUND && region[0]))
        return kp_error(r, kp_status_for(rc));
    json_t *o = json_object(), *hist = json_array();
    json_object_set_new(o, "region", json_string(region));
    json_object_set_new(o, "at", json_string(at));
    json_object_set_new(o, "object", rc ? json_null() : object_json(&x));
    for (size_t i = 0; i < h.n; i++) {
        const kp_diplan_change_row *c = &h.items[i];
        json_t *y = json_object();
        json_object_set_new(y, "id", json_integer(c->id));
        json_object_set_new(y, "amendment_number", c->amendment_number ? json_integer(c->amendment_number) : json_null());
        json_object_set_new(y, "effective_on", json_string(c->on));
        json_object_set_new(y, "field", json_string(c->field));
        json_object_set_new(y, "old_value", json_string(c->old_value));
        json_object_set_new(y, "new_value", json_string(c->new_value));
        json_object_set_new(y, "reason", json_string(c->reason));
        json_array_append_new(hist, y);
    }
    json_object_set_new(o, "history", hist);
    kp_diplan_history_free(&h);
    return kp_json(r, 200, o);
}

/* 201 {"id"} with Location, 400 naming the fields, 409 asking for
 * confirmation, 404 out of scope. */
static int answer(kp_req *r, kp_rc rc, int64_t id, int64_t clients, const char *location)
{
    if (rc == KP_ECONFLICT && clients > 0) {
        json_t *o = json_object();
        json_object_set_new(o, "error", json_string(kp_errors_for(&r->errors, "confirm")));
        json_object_set_new(o, "confirm_required", json_true());
        json_object_set_new(o, "clients", json_integer(clients));
        return kp_json(r, 409, o);
    }
    if (rc == KP_EINVAL || rc == KP_ECONFLICT)
        return kp_json_error(r, kp_status_for(rc), KP_S(r, S_FIELD_ERRORS));
    if (rc)
        return kp_error(r, kp_status_for(rc));
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer(id));
    if (location)
        kp_add_header(r, "Location", kp_arena_printf(&r->arena, "%s%lld", location, (long long)id));
    return kp_json(r, location ? 201 : 200, o);
}

static bool confirmed(kp_req *r)
{
    const char *c = kp_in(r, "confirm");
    return !c || (strcmp(c, "0") != 0 && strcmp(c, "false") != 0);
}

int api_diplan_object_create(kp_req *r)
{
    const char *region = dp_region(r);
    if (!region)
        return kp_error(r, 404);
    kp_plan_object_in in = dp_object_in(r, region);
    int64_t id = 0;
    kp_rc rc = kp_plan_object_add(&r->ctx, &in, &r->errors, &id);
    return answer(r, rc, id, 0, "/api/v1/di-plan/objects/");
}

int api_diplan_amendment_create(kp_req *r)
{
    const char *region = dp_region(r);
    if (!region)
        return kp_error(r, 404);
    kp_amendment_in in = dp_amendment_in(r, region);
    kp_object_change_in change = {.object_id = kp_in(r, "object_id"), .field = kp_in(r, "field"),
                                  .new_value = kp_in(r, "new_value")};
    int64_t id = 0, clients = 0;
    kp_rc rc = kp_diplan_amend(&r->ctx, &in, &change, confirmed(r), &r->errors, &clients, &id);
    return answer(r, rc, id, clients, NULL);
}

int api_diplan_object_change(kp_req *r)
{
    char oid[24];
    snprintf(oid, sizeof oid, "%lld", (long long)r->path_id);
    kp_object_change_in in = {.amendment_id = kp_in(r, "amendment_id"), .object_id = oid, .field = kp_in(r, "field"),
                              .new_value = kp_in(r, "new_value"), .effective_on = kp_in(r, "effective_on"),
                              .reason = kp_in(r, "reason")};
    int64_t id = 0, clients = 0;
    kp_rc rc = kp_diplan_change(&r->ctx, &in, confirmed(r), &r->errors, &clients, &id);
    return answer(r, rc, id, clients, NULL);
}

int api_diplan_object_edit(kp_req *r)
{
    char oid[24];
    snprintf(oid, sizeof oid, "%lld", (long long)r->path_id);
    kp_plan_object_edit_in in = {.object_id = oid, .actual_completion = kp_in(r, "actual_completion"),
                                 .other_sources = kp_in(r, "other_sources"), .effective_on = kp_in(r, "effective_on"),
                                 .reason = kp_in(r, "reason")};
    kp_rc rc = kp_plan_object_edit(&r->ctx, &in, &r->errors);
    return answer(r, rc, r->path_id, 0, NULL);
}
