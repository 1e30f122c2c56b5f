/* JSON API of a client's contact log and tasks and of the caller's own
 * tasks (the same use cases as page_client_contacts.c; docs/openapi.yaml). */
#include "web/pages.h"
#include "service/casework/contacts.h"
#include <string.h>

static json_t *str_or_null(const char *s)
{
    return s && s[0] ? json_string(s) : json_null();
}

static int created(kp_req *r, kp_rc rc, int64_t id)
{
    if (rc == KP_EINVAL)
        return kp_json_error(r, 400, KP_S(r, S_FIELD_ERRORS));
    if (rc)
        return kp_error(r, kp_status_for(rc));
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer(id));
    return kp_json(r, 201, o);
}

int api_client_contacts(kp_req *r)
{
    kp_contacts l;
    kp_rc rc = kp_contact_list(&r->ctx, r->path_id, 500, &l);
    if (rc)
        return kp_error(r, kp_status_for(rc));
    json_t *a = json_array();
    for (size_t i = 0; i < l.n; i++) {
        json_t *x = json_object();
        json_object_set_new(x, "id", json_integer(l.items[i].id));
        json_object_set_new(x, "kind", json_string(l.items[i].kind));
        json_object_set_new(x, "contact_on", json_string(l.items[i].contact_on));
        json_object_set_new(x, "note", json_string(l.items[i].note));
        json_object_set_new(x, "recorded_by", json_string(l.items[i].recorded_by));
        json_object_set_new(x, "recorded_at", json_string(l.items[i].recorded_at));
        json_array_append_new(a, x);
    }
    json_t *o = json_object();
    json_object_set_new(o, "total", json_integer((json_int_t)l.total));
    json_object_set_new(o, "contacts", a);
    kp_contacts_free(&l);
    return kp_json(r, 200, o);
}

int api_client_contact_add(kp_req *r)
{
    kp_contact_in in = {.kind = kp_in(r, "kind"), .contact_on = kp_in(r, "contact_on"), .note = kp_in(r, "note")};
    int64_t id = 0;
    kp_rc rc = kp_contact_add(&r->ctx, r->path_id, &in, &r->errors, &id);
    return created(r, rc, id);
}

static json_t *tasks_json(const kp_tasks *l, bool names)
{
    json_t *a = json_array();
    for (size_t i = 0; i < l->n; i++) {
        const kp_task *x = &l->items[i];
        json_t *o = json_object();
        json_object_set_new(o, "id", json_integer(x->id));
        json_object_set_new(o, "client_id", json_integer(x->client_id));
        if (names)
            json_object_set_new(o, "client_name", json_string(x->client_name));
        json_object_set_new(o, "what", json_string(x->what));
        json_object_set_new(o, "due_on", json_string(x->due_on));
        json_object_set_new(o, "assigned_to", json_string(x->assigned_to));
        json_object_set_new(o, "created_by", json_string(x->created_by));
        json_object_set_new(o, "done_on", str_or_null(x->done_on));
        json_object_set_new(o, "done_by", str_or_null(x->done_by));
        json_object_set_new(o, "overdue", json_boolean(x->overdue));
        json_array_append_new(a, o);
    }
    json_t *o = json_object();
    json_object_set_new(o, "open", json_integer((json_int_t)l->open));
    json_object_set_new(o, "overdue", json_integer((json_int_t)l->overdue));
    json_object_set_new(o, "tasks", a);
    return o;
}

int api_client_tasks(kp_req *r)
{
    kp_tasks l;
    kp_rc rc = kp_task_list(&r->ctx, r->path_id, 500, &l);
    if (rc)
        return kp_error(r, kp_status_for(rc));
    json_t *o = tasks_json(&l, false);
    kp_tasks_free(&l);
    return kp_json(r, 200, o);
}

int api_client_task_add(kp_req *r)
{
    kp_task_in in = {.what = kp_in(r, "what"), .due_on = kp_in(r, "due_on"), .assigned_to = kp_in(r, "assigned_to")};
    int64_t id = 0;
    kp_rc rc = kp_task_add(&r->ctx, r->path_id, &in, &r->errors, &id);
    return created(r, rc, id);
}

int api_client_task_done(kp_req *r)
{
    int64_t task = kp_in_int(r, "task_id", 0);
    kp_rc rc = kp_task_done(&r->ctx, r->path_id, task, &r->errors);
    if (rc == KP_EINVAL)
        return kp_json_error(r, 409, KP_S(r, S_FIELD_ERRORS));
    if (rc)
        return kp_error(r, kp_status_for(rc));
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer(task));
    json_object_set_new(o, "done", json_true());
    return kp_json(r, 200, o);
}

int api_my_tasks(kp_req *r)
{
    kp_tasks l;
    kp_rc rc = kp_task_list_mine(&r->ctx, 100, &l);
    if (rc)
        return kp_error(r, kp_status_for(rc));
    json_t *o = tasks_json(&l, true);
    kp_tasks_free(&l);
    return kp_json(r, 200, o);
}
