/* JSON API: an assignment's status on a date with its suspensions, and the
 * calls that cancel, suspend, lift a suspension, end early, and end a plan
 * (the same use cases as page_assignment.c; docs/openapi.yaml). */
#include "web/pages.h"
#include "service/casework/services.h"
#include <string.h>

static json_t *str_or_null(const char *s)
{
    return s && s[0] ? json_string(s) : json_null();
}

int api_assignment_get(kp_req *r)
{
    kp_assignment_view v;
    kp_rc rc = kp_assignment_view_load(&r->ctx, r->path_id, kp_in(r, "at"), &v);
    if (rc)
        return kp_error(r, kp_status_for(rc));
    kp_suspensions sus;
    rc = kp_assignment_suspensions(&r->ctx, r->path_id, &sus);
    if (rc)
        return kp_error(r, kp_status_for(rc));
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer(v.id));
    json_object_set_new(o, "client_id", json_integer(v.client_id));
    json_object_set_new(o, "service", json_string(v.service));
    json_object_set_new(o, "start_date", json_string(v.start_date));
    json_object_set_new(o, "end_date", json_string(v.end_date));
    json_object_set_new(o, "granted_end_date", str_or_null(v.granted_end_date));
    json_object_set_new(o, "end_reason", str_or_null(v.end_reason));
    json_object_set_new(o, "cancelled_from", str_or_null(v.cancelled_from));
    json_object_set_new(o, "cancel_reason", str_or_null(v.cancel_reason));
    json_object_set_new(o, "decided_on", json_string(v.decided_on));
    json_object_set_new(o, "units", json_integer(v.units));
    json_object_set_new(o, "delivered", json_integer(v.delivered));
    json_object_set_new(o, "status", json_string(kp_assignment_status_name(v.status)));
    json_object_set_new(o, "status_on", json_string(v.status_on));
    json_t *list = json_array();
    for (size_t i = 0; i < sus.n; i++) {
        json_t *x = json_object();
        json_object_set_new(x, "id", json_integer(sus.items[i].id));
        json_object_set_new(x, "from", json_string(sus.items[i].start_date));
        json_object_set_new(x, "to", str_or_null(sus.items[i].end_date));
        json_object_set_new(x, "reason", json_string(sus.items[i].reason));
        json_array_append_new(list, x);
    }
    json_object_set_new(o, "suspensions", list);
    kp_suspensions_free(&sus);
    return kp_json(r, 200, o);
}

/* 200 {"id": …, "status": today's} after a change; field errors as 400. */
static int changed(kp_req *r, kp_rc rc, int64_t id, int64_t created)
{
    if (rc == KP_EINVAL)
        return kp_json_error(r, 400, KP_S(r, S_FIELD_ERRORS));
    if (rc)
        return kp_error(r, kp_status_for(rc));
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer(created ? created : id));
    kp_assignment_status st;
    if (kp_assignment_status_on(&r->ctx, id, NULL, &st) == KP_OK)
        json_object_set_new(o, "status", json_string(kp_assignment_status_name(st)));
    return kp_json(r, created ? 201 : 200, o);
}

int api_assignment_cancel(kp_req *r)
{
    kp_rc rc = kp_assignment_cancel(&r->ctx, r->path_id, kp_in(r, "cancelled_from"), kp_in(r, "reason"), &r->errors);
    return changed(r, rc, r->path_id, 0);
}

int api_assignment_suspend(kp_req *r)
{
    int64_t id = 0;
    kp_rc rc = kp_assignment_suspend(&r->ctx, r->path_id, kp_in(r, "suspended_from"), kp_in(r, "suspended_to"),
                                     kp_in(r, "reason"), &r->errors, &id);
    return changed(r, rc, r->path_id, id);
}

int api_assignment_end(kp_req *r)
{
    kp_rc rc = kp_assignment_end(&r->ctx, r->path_id, kp_in(r, "end_date"), kp_in(r, "reason"), &r->errors);
    return changed(r, rc, r->path_id, 0);
}

int api_suspension_resume(kp_req *r)
{
    kp_rc rc = kp_assignment_resume(&r->ctx, r->path_id, kp_in(r, "resume_on"), kp_in(r, "reason"), &r->errors);
    if (rc == KP_EINVAL)
        return kp_json_error(r, 400, KP_S(r, S_FIELD_ERRORS));
    if (rc)
        return kp_error(r, kp_status_for(rc));
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer(r->path_id));
    return kp_json(r, 200, o);
}

int api_plan_get(kp_req *r)
{
    kp_plan_status st;
    kp_rc rc = kp_plan_status_on(&r->ctx, r->path_id, kp_in(r, "at"), &st);
    if (rc == KP_EINVAL) {
        kp_errors_add(&r->errors, "at", "", "%s", KP_S(r, S_BAD_FIELD));
        return kp_error(r, 400);
    }
    if (rc)
        return kp_error(r, kp_status_for(rc));
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer(r->path_id));
    json_object_set_new(o, "status", json_string(kp_plan_status_name(st)));
    return kp_json(r, 200, o);
}

int api_plan_end(kp_req *r)
{
    kp_rc rc = kp_plan_end(&r->ctx, r->path_id, kp_in(r, "ended_on"), kp_in(r, "reason"), &r->errors);
    if (rc == KP_EINVAL)
        return kp_json_error(r, 400, KP_S(r, S_FIELD_ERRORS));
    if (rc)
        return kp_error(r, kp_status_for(rc));
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer(r->path_id));
    json_object_set_new(o, "status", json_string("ended"));
    return kp_json(r, 200, o);
}
