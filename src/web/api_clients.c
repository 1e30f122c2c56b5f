/* JSON API: clients in the caller's scope — search and list, one client,
 * and registering a client. Every client returned is audited in service/. */
#include "web/pages.h"
#include "service/casework/commands.h"
#include "core/personal_code.h"
#include "service/casework/cases.h"
#include "service/accounts/drafts.h"
#include "service/casework/queries.h"
#include <string.h>

static json_t *client_json(const kp_client_row *c, bool full)
{
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer(c->id));
    json_object_set_new(o, "given_name", json_string(c->given_name));
    json_object_set_new(o, "family_name", json_string(c->family_name));
    json_object_set_new(o, "birth_date", json_string(c->birth_date));
    json_object_set_new(o, "municipality", json_string(c->municipality));
    /* Whether that ATVK code was checked against the official classifier. */
    json_object_set_new(o, "municipality_code_confirmed", json_boolean(c->municipality_confirmed));
    json_object_set_new(o, "municipality_name", json_string(c->municipality_name));
    json_object_set_new(o, "target_group", json_string(c->target_group));
    if (full) {
        json_object_set_new(o, "registered_on", json_string(c->registered_on));
        json_object_set_new(o, "disability_group",
                            c->disability_group ? json_integer(c->disability_group) : json_null());
        json_object_set_new(o, "special_care_from",
                            c->special_care_from[0] ? json_string(c->special_care_from) : json_null());
        json_object_set_new(o, "parents_working",
                            c->parents_working >= 0 ? json_boolean(c->parents_working == 1) : json_null());
        json_object_set_new(o, "representative_id",
                            c->representative_id ? json_integer(c->representative_id) : json_null());
        json_object_set_new(o, "case_status", json_string(c->closed ? "closed" : "open"));
    }
    return o;
}

/* A row of the list as client_json(c, false) writes it, key for key. */
static void client_write(kp_jw *w, const kp_client_row *c)
{
    kp_jw_object(w);
    kp_jw_key(w, "id");
    kp_jw_int(w, c->id);
    kp_jw_key(w, "given_name");
    kp_jw_string(w, c->given_name);
    kp_jw_key(w, "family_name");
    kp_jw_string(w, c->family_name);
    kp_jw_key(w, "birth_date");
    kp_jw_string(w, c->birth_date);
    kp_jw_key(w, "municipality");
    kp_jw_string(w, c->municipality);
    kp_jw_key(w, "municipality_code_confirmed");
    kp_jw_bool(w, c->municipality_confirmed);
    kp_jw_key(w, "municipality_name");
    kp_jw_string(w, c->municipality_name);
    kp_jw_key(w, "target_group");
    kp_jw_string(w, c->target_group);
    kp_jw_object_end(w);
}

int api_clients_list(kp_req *r)
{
    int status = 500;
    int64_t limit = kp_in_int(r, "limit", 50);
    int64_t offset = kp_in_int(r, "offset", 0);
    if (limit < 1 || limit > 500) {
        kp_errors_add(&r->errors, "limit", "", "%s",
                      strcmp(r->lang, "en") == 0 ? "from 1 to 500" : "no 1 līdz 500");
        return kp_error(r, 400);
    }
    /* A personal code in a URL would end up in proxy logs and browser
     * history: on GET, send it to POST /api/v1/clients/search instead. */
    kp_pc pc;
    const char *text = kp_in(r, "q");
    if (strcmp(r->method, "GET") == 0 && text && kp_pc_parse(text, &pc) == KP_OK) {
        kp_errors_add(&r->errors, "q", "", "%s",
                      strcmp(r->lang, "en") == 0
                          ? "a personal code is not sent in a URL: use POST /api/v1/clients/search with {\"q\": …}"
                          : "personas kodu nesūta adresē: izmantojiet POST /api/v1/clients/search ar {\"q\": …}");
        return kp_error(r, 400);
    }
    void *coll = kp_collator_open();
    kp_client_query q = {.q = text, .limit = (size_t)limit, .offset = (size_t)offset,
                         .cmp = kp_collate_lv, .cmp_arg = coll};
    kp_client_rows rows;
    kp_rc rc = kp_client_search(&r->ctx, &q, &rows);
    kp_collator_close(coll);
    if (rc)
        return kp_error(r, kp_status_for(rc));
    /* Written straight into the answer (issue 10: building the jansson
     * objects of 50 rows was half of the list's CPU); the same bytes as
     * client_json through kp_json. */
    kp_jw w;
    kp_json_start(r, &w);
    kp_jw_object(&w);
    kp_jw_key(&w, "items");
    kp_jw_array(&w);
    for (size_t i = 0; i < rows.n; i++)
        client_write(&w, &rows.items[i]);
    kp_jw_array_end(&w);
    kp_jw_key(&w, "total");
    kp_jw_int(&w, (int64_t)rows.total);
    kp_jw_key(&w, "limit");
    kp_jw_int(&w, limit);
    kp_jw_key(&w, "offset");
    kp_jw_int(&w, offset);
    kp_jw_object_end(&w);
    kp_client_rows_free(&rows);
    status = 200;
    return status;
}

int api_client_get(kp_req *r)
{
    const char *include = kp_in(r, "include");
    bool with_code = false;
    if (include && *include) {
        if (strcmp(include, "personal_code") != 0) {
            kp_errors_add(&r->errors, "include", "", "%s",
                          strcmp(r->lang, "en") == 0 ? "only personal_code" : "tikai personal_code");
            return kp_error(r, 400);
        }
        with_code = true;
    }
    kp_client_row c;
    kp_rc rc = kp_client_get(&r->ctx, r->path_id, &c);
    if (rc)
        return kp_error(r, kp_status_for(rc));
    json_t *o = client_json(&c, true);
    if (with_code) {
        char code[16];
        rc = kp_client_personal_code(&r->ctx, c.id, code, sizeof code);
        if (rc) {
            json_decref(o);
            return kp_error(r, kp_status_for(rc));
        }
        json_object_set_new(o, "personal_code", json_string(code));
        memset(code, 0, sizeof code);
    }
    return kp_json(r, 200, o);
}

int api_client_create(kp_req *r)
{
    kp_client_in in = {
        .id = kp_in(r, "id"),
        .personal_code = kp_in(r, "personal_code"),
        .code_since = kp_in(r, "code_since"),
        .given_name = kp_in(r, "given_name"),
        .family_name = kp_in(r, "family_name"),
        .birth_date = kp_in(r, "birth_date"),
        .municipality = kp_in(r, "municipality"),
        .target_group = kp_in(r, "target_group"),
        .representative_id = kp_in(r, "representative_id"),
        .disability_group = kp_in(r, "disability_group"),
        .special_care_from = kp_in(r, "special_care_from"),
        .parents_working = kp_in(r, "parents_working"),
        .registered_on = kp_in(r, "registered_on"),
    };
    const char *key = kp_req_header(r, "Idempotency-Key");
    if (key && (strlen(key) > 128 || !kp_utf8_valid(key, strlen(key)))) {
        kp_errors_add(&r->errors, "Idempotency-Key", "", "%s", KP_S(r, S_BAD_FIELD));
        return kp_error(r, 400);
    }
    /* The form's command (commands.h): the social worker who registers is
     * recorded as the client's worker here too. A check-digit warning does
     * not stop the API unless "confirm": false asks to see warnings first. */
    const char *confirm = kp_in(r, "confirm");
    kp_cmd_register cmd = {.client = in, .confirmed = !confirm || strcmp(confirm, "0") != 0};
    kp_errors w;
    kp_errors_init(&w);
    kp_cmd_out out;
    kp_rc rc = kp_cmd_run(&r->ctx, KP_CMD_REGISTER_CLIENT, &cmd, sizeof cmd, key, r->now, &r->errors, &w, &out);
    int st;
    if (rc == KP_ECONFLICT && out.needs_confirm) {
        json_t *o = json_object();
        json_object_set_new(o, "error", json_string(KP_S(r, S_FIELD_ERRORS)));
        json_object_set_new(o, "confirm_required", json_true());
        json_object_set_new(o, "warnings", kp_api_warnings(&w));
        st = kp_json(r, 409, o);
    } else if (rc == KP_EINVAL || rc == KP_EDENIED || rc == KP_ECONFLICT) {
        st = kp_json_error(r, kp_status_for(rc), KP_S(r, S_FIELD_ERRORS));
    } else if (rc) {
        st = kp_error(r, kp_status_for(rc));
    } else {
        json_t *o = json_object();
        json_object_set_new(o, "id", json_integer(out.id));
        if (out.repeated)
            json_object_set_new(o, "replayed", json_true());
        if (w.n)
            json_object_set_new(o, "warnings", kp_api_warnings(&w));
        kp_add_header(r, "Location", kp_arena_printf(&r->arena, "/api/v1/clients/%lld", (long long)out.id));
        st = kp_json(r, out.repeated ? 200 : 201, o);
    }
    kp_errors_free(&w);
    return st;
}
