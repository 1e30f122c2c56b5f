/* JSON API: the audit trail, for administrators. */
#include "web/pages.h"
#include "service/casework/queries.h"
#include <string.h>

int api_audit(kp_req *r)
{
    int64_t limit = kp_in_int(r, "limit", 100);
    if (limit < 1 || limit > 1000) {
        kp_errors_add(&r->errors, "limit", "", "%s", strcmp(r->lang, "en") == 0 ? "from 1 to 1000" : "no 1 līdz 1000");
        return kp_error(r, 400);
    }
    kp_audit_filter f = {
        .actor = kp_in(r, "user"),
        .client_id = kp_in_int(r, "client", 0),
        .action = kp_in(r, "action"),
        .from = kp_in(r, "from"),
        .to = kp_in(r, "to"),
        .limit = (size_t)limit,
        .offset = (size_t)kp_in_int(r, "offset", 0),
    };
    kp_audit_rows rows;
    kp_rc rc = kp_audit_query(&r->ctx, &f, &rows);
    if (rc)
        return kp_error(r, kp_status_for(rc));
    json_t *items = json_array();
    for (size_t i = 0; i < rows.n; i++) {
        const kp_audit_row *a = &rows.items[i];
        json_t *o = json_object();
        json_object_set_new(o, "id", json_integer(a->id));
        json_object_set_new(o, "at", json_string(a->at));
        json_object_set_new(o, "actor", json_string(a->actor));
        json_object_set_new(o, "role", json_string(a->role));
        json_object_set_new(o, "action", json_string(a->action));
        json_object_set_new(o, "entity", json_string(a->entity));
        json_object_set_new(o, "entity_id", a->entity_id ? json_integer(a->entity_id) : json_null());
        json_object_set_new(o, "client_id", a->client_id ? json_integer(a->client_id) : json_null());
        json_object_set_new(o, "detail", json_string(a->detail));
        json_array_append_new(items, o);
    }
    json_t *o = json_object();
    json_object_set_new(o, "items", items);
    json_object_set_new(o, "total", json_integer((json_int_t)rows.total));
    kp_audit_rows_free(&rows);
    return kp_json(r, 200, o);
}
