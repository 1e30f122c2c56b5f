/* JSON API of applications made online: the public submission, status and
 * answer (no login; JSON only, which a cross-site form cannot send), and
 * the intake queue's list, one application and the actions accept, ask and
 * refuse — the same use cases as the pages (service/intake). */
#include "web/pages.h"
#include "service/intake/applications.h"
#include <string.h>

static const char *en_lv(const kp_req *r, const char *en, const char *lv)
{
    return strcmp(r->lang, "en") == 0 ? en : lv;
}

static int too_many(kp_req *r, int64_t retry)
{
    kp_add_header(r, "Retry-After", kp_arena_printf(&r->arena, "%lld", (long long)(retry < 1 ? 1 : retry)));
    return kp_json_error(r, 429, en_lv(r, "too many requests from this address: wait and try again",
                                       "pārāk daudz pieprasījumu no šīs adreses: pagaidiet un mēģiniet vēlreiz"));
}

static int unknown(kp_req *r)
{
    return kp_json_error(r, 404, en_lv(r, "no application with this reference number and code",
                                       "nav pieteikuma ar šādu numuru un kodu"));
}

int api_apply_submit(kp_req *r)
{
    kp_app_in in = {.relation = kp_in(r, "relation"),
                    .applicant_given_name = kp_in(r, "applicant_given_name"),
                    .applicant_family_name = kp_in(r, "applicant_family_name"),
                    .applicant_personal_code = kp_in(r, "applicant_personal_code"),
                    .phone = kp_in(r, "phone"),
                    .email = kp_in(r, "email"),
                    .person_given_name = kp_in(r, "person_given_name"),
                    .person_family_name = kp_in(r, "person_family_name"),
                    .person_personal_code = kp_in(r, "person_personal_code"),
                    .person_birth_date = kp_in(r, "person_birth_date"),
                    .municipality = kp_in(r, "municipality"),
                    .service = kp_in(r, "service"),
                    .need = kp_in(r, "need"),
                    .consent = kp_in(r, "consent")};
    kp_app_receipt out;
    int64_t retry = 0;
    /* A repeated request with the same key writes once (kept as the
     * form's nonce, apart from the forms' own). */
    const char *key = kp_req_header(r, "Idempotency-Key");
    const char *once = key && *key ? kp_arena_printf(&r->arena, "api:%.100s", key) : NULL;
    kp_rc rc = kp_app_submit(&r->ctx, &in, r->address ? r->address : "", r->now, once, &r->errors, &out, &retry);
    if (rc == KP_ERULE)
        return too_many(r, retry);
    if (rc == KP_EINVAL)
        return kp_json_error(r, 400, en_lv(r, "some fields need attention", "dažus laukus vajag labot"));
    if (rc == KP_ECONFLICT)
        return kp_json_error(r, 409, en_lv(r, "this Idempotency-Key was used already", "šī Idempotency-Key jau izmantota"));
    if (rc)
        return kp_error(r, kp_status_for(rc));
    json_t *o = json_object();
    json_object_set_new(o, "reference", json_string(out.reference));
    json_object_set_new(o, "status_code", json_string(out.code));
    json_object_set_new(o, "status", json_string("received"));
    json_object_set_new(o, "submitted_at", json_string(out.submitted_at));
    json_object_set_new(o, "municipality", json_string(out.municipality));
    json_object_set_new(o, "service", json_string(out.service));
    memset(out.code, 0, sizeof out.code);
    return kp_json(r, 201, o);
}

int api_apply_status(kp_req *r)
{
    kp_app_status st;
    int64_t retry = 0;
    const char *ref = kp_in(r, "reference"), *code = kp_in(r, "code");
    kp_rc rc = kp_app_status_get(&r->ctx, ref ? ref : "", code ? code : "", r->address ? r->address : "", r->now, &st,
                                 &retry);
    if (rc == KP_ERULE)
        return too_many(r, retry);
    if (rc == KP_ENOTFOUND)
        return unknown(r);
    if (rc)
        return kp_error(r, kp_status_for(rc));
    json_t *o = json_object();
    json_object_set_new(o, "reference", json_string(st.reference));
    json_object_set_new(o, "status", json_string(st.status));
    json_object_set_new(o, "submitted_at", json_string(st.submitted_at));
    json_object_set_new(o, "status_at", json_string(st.status_at));
    json_object_set_new(o, "message", st.message[0] ? json_string(st.message) : json_null());
    return kp_json(r, 200, o);
}

int api_apply_answer(kp_req *r)
{
    int64_t retry = 0;
    const char *ref = kp_in(r, "reference"), *code = kp_in(r, "code");
    kp_rc rc = kp_app_answer(&r->ctx, ref ? ref : "", code ? code : "", kp_in(r, "answer"),
                             r->address ? r->address : "", r->now, &r->errors, &retry);
    if (rc == KP_ERULE)
        return too_many(r, retry);
    if (rc == KP_ENOTFOUND)
        return unknown(r);
    if (rc == KP_EINVAL)
        return kp_json_error(r, 400, en_lv(r, "some fields need attention", "dažus laukus vajag labot"));
    if (rc == KP_ECONFLICT)
        return kp_json_error(r, 409, en_lv(r, "no answer is awaited for this application",
                                           "uz šo pieteikumu atbilde netiek gaidīta"));
    if (rc)
        return kp_error(r, kp_status_for(rc));
    json_t *o = json_object();
    json_object_set_new(o, "status", json_string("received"));
    return kp_json(r, 200, o);
}

static json_t *row_json(const kp_app_row *a)
{
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer(a->id));
    json_object_set_new(o, "reference", json_string(a->reference));
    json_object_set_new(o, "status", json_string(a->status));
    json_object_set_new(o, "submitted_at", json_string(a->submitted_at));
    json_object_set_new(o, "service", json_string(a->service_code));
    json_object_set_new(o, "service_name", json_string(a->service));
    json_object_set_new(o, "person_name", json_string(a->person_name));
    json_object_set_new(o, "birth_date", json_string(a->birth_date));
    json_object_set_new(o, "relation", json_string(a->relation));
    return o;
}

int api_intake_list(kp_req *r)
{
    int64_t limit = kp_in_int(r, "limit", 50), offset = kp_in_int(r, "offset", 0);
    if (limit < 1 || limit > 500) {
        kp_errors_add(&r->errors, "limit", "", "%s", en_lv(r, "from 1 to 500", "no 1 līdz 500"));
        return kp_json_error(r, 400, en_lv(r, "limit: from 1 to 500", "limit: no 1 līdz 500"));
    }
    kp_app_rows rows;
    kp_rc rc = kp_app_queue(&r->ctx, kp_in(r, "which"), (size_t)limit, (size_t)offset, &rows);
    if (rc == KP_EINVAL) {
        kp_errors_add(&r->errors, "which", "", "%s",
                      en_lv(r, "one of open, all, received, info_requested, accepted, refused",
                            "viens no open, all, received, info_requested, accepted, refused"));
        return kp_json_error(r, 400, en_lv(r, "which: unknown choice", "which: nezināma izvēle"));
    }
    if (rc)
        return kp_error(r, kp_status_for(rc));
    json_t *items = json_array();
    for (size_t i = 0; i < rows.n; i++)
        json_array_append_new(items, row_json(&rows.items[i]));
    json_t *o = json_object();
    json_object_set_new(o, "items", items);
    json_object_set_new(o, "total", json_integer((json_int_t)rows.total));
    json_object_set_new(o, "limit", json_integer(limit));
    json_object_set_new(o, "offset", json_integer(offset));
    kp_app_rows_free(&rows);
    return kp_json(r, 200, o);
}

int api_intake_get(kp_req *r)
{
    kp_app_detail *a = kp_arena_alloc(&r->arena, sizeof *a);
    kp_rc rc = kp_app_get(&r->ctx, r->path_id, a);
    if (rc)
        return kp_error(r, kp_status_for(rc));
    json_t *o = row_json(&a->row);
    json_object_set_new(o, "status_at", json_string(a->status_at));
    json_object_set_new(o, "municipality", json_string(a->municipality));
    json_object_set_new(o, "applicant_given_name", json_string(a->applicant_given_name));
    json_object_set_new(o, "applicant_family_name", json_string(a->applicant_family_name));
    json_object_set_new(o, "phone", json_string(a->phone));
    json_object_set_new(o, "email", json_string(a->email));
    json_object_set_new(o, "person_given_name", json_string(a->person_given_name));
    json_object_set_new(o, "person_family_name", json_string(a->person_family_name));
    json_object_set_new(o, "need", json_string(a->need));
    json_object_set_new(o, "reason", a->reason[0] ? json_string(a->reason) : json_null());
    json_object_set_new(o, "client_id", a->client_id ? json_integer(a->client_id) : json_null());
    json_object_set_new(o, "existing_client_id", a->existing_client ? json_integer(a->existing_client) : json_null());
    json_t *msgs = json_array();
    for (size_t i = 0; i < a->nmessages; i++) {
        json_t *m = json_object();
        json_object_set_new(m, "at", json_string(a->messages[i].at));
        json_object_set_new(m, "author", json_string(a->messages[i].author));
        json_object_set_new(m, "body", json_string(a->messages[i].body));
        json_array_append_new(msgs, m);
    }
    json_object_set_new(o, "messages", msgs);
    return kp_json(r, 200, o);
}

/* The outcome of an action as JSON. */
static int acted(kp_req *r, kp_rc rc, int64_t client)
{
    if (rc == KP_EINVAL)
        return kp_json_error(r, 400, en_lv(r, "some fields need attention", "dažus laukus vajag labot"));
    if (rc == KP_ECONFLICT)
        return kp_json_error(r, 409, en_lv(r, "the application has been decided already", "pieteikums jau ir izskatīts"));
    if (rc)
        return kp_error(r, kp_status_for(rc));
    kp_app_detail *a = kp_arena_alloc(&r->arena, sizeof *a);
    rc = kp_app_get(&r->ctx, r->path_id, a);
    if (rc)
        return kp_error(r, kp_status_for(rc));
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer(a->row.id));
    json_object_set_new(o, "status", json_string(a->row.status));
    json_object_set_new(o, "client_id", client ? json_integer(client) : a->client_id ? json_integer(a->client_id) : json_null());
    return kp_json(r, 200, o);
}

int api_intake_accept(kp_req *r)
{
    kp_app_accept_in in = {.mode = kp_in(r, "mode"),
                           .target_group = kp_in(r, "target_group"),
                           .disability_group = kp_in(r, "disability_group"),
                           .registered_on = kp_in(r, "registered_on")};
    int64_t client = 0;
    kp_rc rc = kp_app_accept(&r->ctx, r->path_id, &in, &r->errors, &client);
    return acted(r, rc, client);
}

int api_intake_ask(kp_req *r)
{
    return acted(r, kp_app_ask(&r->ctx, r->path_id, kp_in(r, "question"), &r->errors), 0);
}

int api_intake_refuse(kp_req *r)
{
    return acted(r, kp_app_refuse(&r->ctx, r->path_id, kp_in(r, "reason"), &r->errors), 0);
}
