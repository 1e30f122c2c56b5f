/* JSON API: the data-quality findings in the caller's scope (GET
 * /api/v1/check), as the /check page shows them. */
#include "web/pages.h"
#include "service/quality/checks.h"
#include <string.h>

static json_t *finding_json(const kp_finding *f, bool names)
{
    json_t *o = json_object();
    json_object_set_new(o, "check", json_string(f->check->id));
    json_object_set_new(o, "severity", json_string(kp_check_severity_name(f->check->severity)));
    json_object_set_new(o, "kind", json_string(f->kind));
    json_object_set_new(o, "record_id", json_integer(f->record_id));
    if (f->holder_id) {
        json_t *m = json_object();
        json_object_set_new(m, "atvk", json_string(f->atvk));
        json_object_set_new(m, "name", json_string(f->municipality));
        json_object_set_new(m, "code_confirmed", json_boolean(f->atvk_confirmed));
        json_object_set_new(o, "municipality", m);
        json_object_set_new(o, "recorded_under_atvk", json_string(f->recorded_atvk));
    } else {
        json_object_set_new(o, "municipality", json_null());
        json_object_set_new(o, "recorded_under_atvk", json_null());
    }
    json_object_set_new(o, "region", json_string(f->region));
    json_object_set_new(o, "client_id", f->client_id ? json_integer(f->client_id) : json_null());
    if (names)
        json_object_set_new(o, "client_name", f->client_id ? json_string(f->client_name) : json_null());
    json_object_set_new(o, "date", f->date[0] ? json_string(f->date) : json_null());
    json_object_set_new(o, "message", json_string(f->message));
    json_t *nums = json_array();
    for (int i = 0; i < 4; i++)
        json_array_append_new(nums, json_integer(f->n[i]));
    json_object_set_new(o, "numbers", nums);
    return o;
}

int api_check(kp_req *r)
{
    int64_t limit = kp_in_int(r, "limit", 100), offset = kp_in_int(r, "offset", 0);
    bool en = strcmp(r->lang, "en") == 0;
    if (limit < 1 || limit > 1000) {
        kp_errors_add(&r->errors, "limit", "", "%s", en ? "from 1 to 1000" : "no 1 līdz 1000");
        return kp_error(r, 400);
    }
    kp_check_opts o = {.at = kp_in(r, "at"),
                       .check = kp_in(r, "check"),
                       .region = kp_in(r, "region"),
                       .municipality = kp_in(r, "municipality"),
                       .offset = (size_t)offset,
                       .limit = (size_t)limit};
    kp_check_report rep;
    kp_rc rc = kp_check_run(&r->ctx, &o, &r->errors, &rep);
    if (rc) {
        kp_check_report_free(&rep);
        return kp_error(r, kp_status_for(rc));
    }
    size_t n = 0;
    const kp_check_def *tab = kp_checks(&n);
    json_t *checks = json_array();
    for (size_t i = 0; i < n && i < rep.checks; i++) {
        json_t *c = json_object();
        json_object_set_new(c, "id", json_string(tab[i].id));
        json_object_set_new(c, "severity", json_string(kp_check_severity_name(tab[i].severity)));
        json_object_set_new(c, "title", json_string(en ? tab[i].title_en : tab[i].title_lv));
        json_object_set_new(c, "what_to_do", json_string(en ? tab[i].todo_en : tab[i].todo_lv));
        json_object_set_new(c, "count", json_integer((json_int_t)rep.per_check[i]));
        json_array_append_new(checks, c);
    }
    json_t *totals = json_array();
    for (size_t i = 0; i < rep.ntotals; i++) {
        if (rep.totals[i].check >= n)
            continue;
        json_t *x = json_object();
        json_object_set_new(x, "check", json_string(tab[rep.totals[i].check].id));
        json_object_set_new(x, "region", json_string(rep.totals[i].region));
        json_object_set_new(x, "count", json_integer((json_int_t)rep.totals[i].n));
        json_array_append_new(totals, x);
    }
    json_t *items = json_array();
    for (size_t i = 0; i < rep.n; i++)
        json_array_append_new(items, finding_json(&rep.items[i], rep.names));
    json_t *counts = json_object();
    json_object_set_new(counts, "error", json_integer((json_int_t)rep.severity[KP_CHECK_ERROR]));
    json_object_set_new(counts, "warning", json_integer((json_int_t)rep.severity[KP_CHECK_WARNING]));
    json_object_set_new(counts, "info", json_integer((json_int_t)rep.severity[KP_CHECK_INFO]));
    json_t *body = json_object();
    json_object_set_new(body, "at", json_string(rep.at));
    json_object_set_new(body, "counts", counts);
    json_object_set_new(body, "checks", checks);
    json_object_set_new(body, "totals", totals);
    json_object_set_new(body, "listed", json_boolean(rep.details));
    json_object_set_new(body, "names", json_boolean(rep.names));
    json_object_set_new(body, "findings", items);
    json_object_set_new(body, "total", json_integer((json_int_t)rep.total));
    json_object_set_new(body, "limit", json_integer(limit));
    json_object_set_new(body, "offset", json_integer(offset));
    kp_check_report_free(&rep);
    return kp_json(r, 200, body);
}
