/* JSON API: assigning a service and approving a plan (the commands the
 * pages run, commands.h), the providers to choose from, an assignment's
 * status on a date with its suspensions, and the calls that cancel,
 * suspend, lift a suspension, end early, and end a plan (the same use cases
 * as page_assignment.c; docs/openapi.yaml). */
#include "web/pages.h"
#include "service/casework/casework.h"
#include "service/casework/commands.h"
#include "service/casework/services.h"
#include <stdio.h>
#include <string.h>

json_t *kp_api_warnings(const kp_errors *w)
{
    json_t *o = json_object();
    for (size_t i = 0; w && i < w->n; i++)
        json_object_set_new(o, w->items[i].field, json_string(w->items[i].message));
    return o;
}

/* The Idempotency-Key header: NULL when absent; *bad when too long or not
 * UTF-8 (then a 400 is due). */
static const char *idem_key(kp_req *r, bool *bad)
{
    const char *key = kp_req_header(r, "Idempotency-Key");
    *bad = key && (strlen(key) > 128 || !kp_utf8_valid(key, strlen(key)));
    if (*bad)
        kp_errors_add(&r->errors, "Idempotency-Key", "", "%s", KP_S(r, S_BAD_FIELD));
    return key;
}

/* 201 {"id", "warnings"}; 409 {"confirm_required", "warnings"} when the
 * warnings were not confirmed ("confirm": false); field errors 400, a rule's
 * refusal 409 with its sentence on the field. */
static int command_answer(kp_req *r, kp_rc rc, const kp_cmd_out *out, const kp_errors *w, const char *location)
{
    if (rc == KP_ECONFLICT && out->needs_confirm) {
        json_t *o = json_object();
        json_object_set_new(o, "error", json_string(KP_S(r, S_FIELD_ERRORS)));
        json_object_set_new(o, "confirm_required", json_true());
        json_object_set_new(o, "warnings", kp_api_warnings(w));
        return kp_json(r, 409, o);
    }
    if (rc == KP_EINVAL || rc == KP_ERULE || rc == KP_ECONFLICT)
        return kp_json_error(r, rc == KP_EINVAL ? 400 : 409, KP_S(r, S_FIELD_ERRORS));
    if (rc)
        return kp_error(r, kp_status_for(rc));
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer(out->id));
    if (out->repeated)
        json_object_set_new(o, "replayed", json_true());
    json_object_set_new(o, "warnings", kp_api_warnings(w));
    if (location)
        kp_add_header(r, "Location", location);
    return kp_json(r, out->repeated ? 200 : location ? 201 : 200, o);
}

int api_client_assign(kp_req *r)
{
    bool bad = false;
    const char *key = idem_key(r, &bad);
    if (bad)
        return kp_error(r, 400);
    char cid[24];
    snprintf(cid, sizeof cid, "%lld", (long long)r->path_id);
    const char *confirm = kp_in(r, "confirm");
    kp_cmd_assign in = {
        .assignment = {.client_id = cid,
                       .plan_item_id = kp_in(r, "plan_item_id"),
                       .service = kp_in(r, "service"),
                       .provider_id = kp_in(r, "provider_id"),
                       .start_date = kp_in(r, "start_date"),
                       .end_date = kp_in(r, "end_date"),
                       .units = kp_in(r, "units"),
                       .hours_per_week = kp_in(r, "hours_per_week"),
                       .mode = kp_in(r, "mode"),
                       .decided_on = kp_in(r, "decided_on")},
        .confirmed = !confirm || strcmp(confirm, "0") != 0,
    };
    kp_errors w;
    kp_errors_init(&w);
    kp_cmd_out out;
    kp_rc rc = kp_cmd_run(&r->ctx, KP_CMD_ASSIGN_SERVICE, &in, sizeof in, key, r->now, &r->errors, &w, &out);
    int st = command_answer(r, rc, &out, &w,
                            kp_arena_printf(&r->arena, "/api/v1/assignments/%lld", (long long)out.id));
    kp_errors_free(&w);
    return st;
}

int api_plan_approve(kp_req *r)
{
    bool bad = false;
    const char *key = idem_key(r, &bad);
    if (bad)
        return kp_error(r, 400);
    kp_cmd_approve in = {.client_id = 0, .plan_id = r->path_id, .approved_on = kp_in(r, "approved_on")};
    kp_cmd_out out;
    kp_rc rc = kp_cmd_run(&r->ctx, KP_CMD_APPROVE_PLAN, &in, sizeof in, key, r->now, &r->errors, NULL, &out);
    return command_answer(r, rc, &out, NULL, NULL);
}

int api_client_providers(kp_req *r)
{
    kp_provider_choices pc;
    void *coll = kp_collator_open();
    kp_rc rc = kp_cw_provider_choices(&r->ctx, r->path_id, kp_in(r, "service"), kp_in(r, "on"), kp_collate_lv, coll,
                                      &pc);
    kp_collator_close(coll);
    if (rc)
        return kp_error(r, kp_status_for(rc));
    json_t *list = json_array();
    for (size_t i = 0; i < pc.n; i++) {
        const kp_provider_choice *p = &pc.items[i];
        json_t *x = json_object();
        json_object_set_new(x, "id", json_integer(p->id));
        json_object_set_new(x, "name", json_string(p->name));
        json_object_set_new(x, "municipalities", json_string(p->where));
        json_object_set_new(x, "places", p->places >= 0 ? json_integer(p->places) : json_null());
        json_object_set_new(x, "taken", json_integer(p->taken));
        json_object_set_new(x, "free_places", p->free_places >= 0 ? json_integer(p->free_places) : json_null());
        json_object_set_new(x, "nearby", json_boolean(p->nearby));
        json_array_append_new(list, x);
    }
    json_t *o = json_object();
    json_object_set_new(o, "widened", json_boolean(pc.widened));
    json_object_set_new(o, "providers", list);
    kp_provider_choices_free(&pc);
    return kp_json(r, 200, o);
}

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
