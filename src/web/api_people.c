/* JSON API of a person's history (docs/openapi.yaml): the history, the
 * versions and the representatives at a date; corrections, moves, closing
 * and reopening, a new personal code, representatives and residence moves.
 * The same use cases as the pages (service/casework/people.h): scope,
 * validation and audit happen there. */
#include "web/pages.h"
#include "core/mem.h"
#include "service/audit.h"
#include "service/access.h"
#include "service/casework/people.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *client_text(kp_req *r)
{
    return kp_arena_printf(&r->arena, "%lld", (long long)r->path_id);
}

/* A use case's answer: field errors 400/409 as JSON, scope 404, else the
 * body given (status on success). */
static int answer(kp_req *r, kp_rc rc, int ok_status, const char *key, int64_t id)
{
    if (rc == KP_EINVAL || rc == KP_ECONFLICT || rc == KP_EDENIED || rc == KP_ECRYPTO)
        return kp_json_error(r, kp_status_for(rc), KP_S(r, S_FIELD_ERRORS));
    if (rc)
        return kp_error(r, kp_status_for(rc));
    json_t *o = json_object();
    json_object_set_new(o, "client_id", json_integer(r->path_id));
    if (key)
        json_object_set_new(o, key, json_integer(id));
    return kp_json(r, ok_status, o);
}

static json_t *text_or_null(const char *s)
{
    return s && *s ? json_string(s) : json_null();
}

int api_client_history(kp_req *r)
{
    kp_history h;
    kp_rc rc = kp_history_of_client(&r->ctx, r->path_id, 1000, &h);
    if (rc)
        return kp_error(r, kp_status_for(rc));
    json_t *items = json_array();
    for (size_t i = 0; i < h.n; i++) {
        const kp_history_row *x = &h.items[i];
        json_t *o = json_object();
        json_object_set_new(o, "at", json_string(x->at));
        json_object_set_new(o, "actor", json_string(x->actor));
        json_object_set_new(o, "role", json_string(x->role));
        json_object_set_new(o, "action", json_string(x->action));
        json_object_set_new(o, "entity", json_string(x->entity));
        json_object_set_new(o, "entity_id", x->entity_id ? json_integer(x->entity_id) : json_null());
        json_object_set_new(o, "effective_on", text_or_null(x->effective_on));
        json_object_set_new(o, "reason", json_string(x->reason ? x->reason : ""));
        json_t *ch = x->changes && *x->changes ? json_loads(x->changes, 0, NULL) : NULL;
        json_object_set_new(o, "changes", json_is_array(ch) ? ch : json_array());
        if (ch && !json_is_array(ch))
            json_decref(ch);
        json_array_append_new(items, o);
    }
    kp_history_free(&h);
    json_t *o = json_object();
    json_object_set_new(o, "items", items);
    return kp_json(r, 200, o);
}

int api_client_versions(kp_req *r)
{
    kp_person_version *v = NULL;
    size_t n = 0;
    kp_rc rc = kp_person_versions(&r->ctx, r->path_id, &v, &n);
    if (rc)
        return kp_error(r, kp_status_for(rc));
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++) {
        json_t *o = json_object();
        json_object_set_new(o, "valid_from", json_string(v[i].valid_from));
        json_object_set_new(o, "valid_to", text_or_null(v[i].valid_to));
        json_object_set_new(o, "given_name", json_string(v[i].given_name));
        json_object_set_new(o, "family_name", json_string(v[i].family_name));
        json_object_set_new(o, "birth_date", json_string(v[i].birth_date));
        json_object_set_new(o, "municipality", json_string(v[i].municipality));
        json_object_set_new(o, "municipality_name", json_string(v[i].municipality_name));
        json_object_set_new(o, "target_group", json_string(v[i].target_group));
        json_object_set_new(o, "disability_group",
                            v[i].disability_group ? json_integer(v[i].disability_group) : json_null());
        json_object_set_new(o, "special_care_from", text_or_null(v[i].special_care_from));
        json_object_set_new(o, "parents_working",
                            v[i].parents_working >= 0 ? json_boolean(v[i].parents_working == 1) : json_null());
        json_object_set_new(o, "case_status", json_string(v[i].closed ? "closed" : "open"));
        json_object_set_new(o, "closing_reason", text_or_null(v[i].closed_reason));
        json_object_set_new(o, "closing_note", text_or_null(v[i].closed_note));
        json_array_append_new(items, o);
    }
    free(v);
    json_t *o = json_object();
    json_object_set_new(o, "items", items);
    return kp_json(r, 200, o);
}

int api_client_representatives(kp_req *r)
{
    const char *at = kp_in(r, "at");
    kp_date d = kp_ctx_today(&r->ctx);
    if (at && *at && kp_date_parse_iso(at, &d) != KP_OK) {
        kp_errors_add(&r->errors, "at", "", "%s", strcmp(r->lang, "en") == 0 ? "a date YYYY-MM-DD" : "datums GGGG-MM-DD");
        return kp_error(r, 400);
    }
    kp_person_link *l = NULL;
    size_t n = 0;
    kp_rc rc = kp_representatives_at(&r->ctx, r->path_id, d, &l, &n);
    if (rc)
        return kp_error(r, kp_status_for(rc));
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++) {
        json_t *o = json_object();
        json_object_set_new(o, "id", json_integer(l[i].id));
        json_object_set_new(o, "representative_id", json_integer(l[i].representative_id));
        json_object_set_new(o, "kind", json_string(l[i].kind));
        json_object_set_new(o, "valid_from", json_string(l[i].valid_from));
        json_object_set_new(o, "valid_to", text_or_null(l[i].valid_to));
        if (l[i].visible) {
            json_object_set_new(o, "given_name", json_string(l[i].given_name));
            json_object_set_new(o, "family_name", json_string(l[i].family_name));
        }
        json_array_append_new(items, o);
    }
    free(l);
    char iso[11];
    kp_date_format_iso(d, iso);
    json_t *o = json_object();
    json_object_set_new(o, "at", json_string(iso));
    json_object_set_new(o, "items", items);
    return kp_json(r, 200, o);
}

int api_client_correct(kp_req *r)
{
    kp_correction_in in = {
        .client_id = client_text(r),
        .effective_on = kp_in(r, "effective_on"),
        .reason = kp_in(r, "reason"),
        .given_name = kp_in(r, "given_name"),
        .family_name = kp_in(r, "family_name"),
        .birth_date = kp_in(r, "birth_date"),
        .target_group = kp_in(r, "target_group"),
        .disability_group = kp_in(r, "disability_group"),
        .special_care_from = kp_in(r, "special_care_from"),
        .parents_working = kp_in(r, "parents_working"),
    };
    return answer(r, kp_client_correct(&r->ctx, &in, &r->errors, NULL), 200, NULL, 0);
}

int api_client_move(kp_req *r)
{
    kp_move_in in = {
        .client_id = client_text(r),
        .effective_on = kp_in(r, "effective_on"),
        .municipality = kp_in(r, "municipality"),
        .parish = kp_in(r, "parish"),
        .reason = kp_in(r, "reason"),
    };
    return answer(r, kp_client_move(&r->ctx, &in, &r->errors, NULL), 200, NULL, 0);
}

int api_client_case_status(kp_req *r)
{
    kp_case_status_in in = {
        .client_id = client_text(r),
        .effective_on = kp_in(r, "effective_on"),
        .status = kp_in(r, "status"),
        .closing_reason = kp_in(r, "closing_reason"),
        .reason = kp_in(r, "reason"),
    };
    return answer(r, kp_case_status_record(&r->ctx, &in, &r->errors, NULL), 200, NULL, 0);
}

int api_client_code_change(kp_req *r)
{
    kp_code_change_in in = {
        .client_id = client_text(r),
        .personal_code = kp_in(r, "personal_code"),
        .since = kp_in(r, "since"),
        .reason = kp_in(r, "reason"),
    };
    return answer(r, kp_client_code_change(&r->ctx, &in, &r->errors, NULL), 200, NULL, 0);
}

int api_client_representative_link(kp_req *r)
{
    kp_representative_in in = {
        .client_id = client_text(r),
        .representative_id = kp_in(r, "representative_id"),
        .kind = kp_in(r, "kind"),
        .valid_from = kp_in(r, "valid_from"),
        .valid_to = kp_in(r, "valid_to"),
    };
    int64_t id = 0;
    kp_rc rc = kp_representative_link(&r->ctx, &in, &r->errors, &id);
    return answer(r, rc, 201, "id", id);
}

int api_client_representative_end(kp_req *r)
{
    kp_rc rc = kp_representative_end(&r->ctx, r->path_id, kp_in(r, "link_id"), kp_in(r, "valid_to"),
                                     kp_in(r, "reason"), &r->errors);
    return answer(r, rc, 200, NULL, 0);
}

int api_client_residence_move(kp_req *r)
{
    kp_residence_move_in in = {
        .client_id = client_text(r),
        .moved_on = kp_in(r, "moved_on"),
        .kind = kp_in(r, "kind"),
        .municipality = kp_in(r, "municipality"),
        .parish = kp_in(r, "parish"),
        .reason = kp_in(r, "reason"),
    };
    int64_t id = 0;
    kp_rc rc = kp_residence_move(&r->ctx, &in, &r->errors, &id);
    return answer(r, rc, 201, "id", id);
}
