/* JSON API: the records behind one figure of the evaluation (GET
 * /api/v1/figures/records), as the /figures/records page lists them. */
#include "web/pages.h"
#include "web/figure_request.h"
#include "service/figures/figure_records.h"
#include <stdlib.h>
#include <string.h>

int api_figure_records(kp_req *r)
{
    kp_figure_ref ref;
    const char *region = NULL;
    int64_t muni = 0;
    kp_date at = 0;
    if (!kp_figure_request(r, &ref, &region, &muni, &at))
        return kp_error(r, 400);
    kp_figure_records rec;
    kp_rc rc = kp_figure_records_list(&r->ctx, region, at, &ref, muni, &rec);
    if (rc)
        return kp_error(r, kp_status_for(rc));
    json_t *items = json_array();
    for (size_t i = 0; i < rec.n; i++) {
        const kp_figure_record *x = &rec.items[i];
        json_t *o = json_object();
        json_object_set_new(o, "kind", json_string(x->kind));
        json_object_set_new(o, "pseudonym", x->pseudonym[0] ? json_string(x->pseudonym) : json_null());
        json_object_set_new(o, "client_id", x->named ? json_integer(x->client_id) : json_null());
        json_object_set_new(o, "name", x->name[0] ? json_string(x->name) : json_null());
        json_object_set_new(o, "record_id", x->record_id ? json_integer(x->record_id) : json_null());
        json_object_set_new(o, "municipality_id", x->municipality_id ? json_integer(x->municipality_id) : json_null());
        json_object_set_new(o, "municipality", json_string(x->municipality));
        json_object_set_new(o, "detail", json_string(x->detail));
        json_object_set_new(o, "amount", json_integer(x->amount));
        json_array_append_new(items, o);
    }
    json_t *body = json_object();
    json_object_set_new(body, "figure", json_string(kp_in(r, "figure")));
    json_object_set_new(body, "label", json_string(kp_catalogue_label(rec.def, r->lang, true)));
    json_object_set_new(body, "unit", json_string(rec.kind == KP_VAL_CENTS ? "cents" : "count"));
    json_object_set_new(body, "derived", json_boolean(rec.derived));
    json_object_set_new(body, "count", json_integer((json_int_t)rec.n));
    json_object_set_new(body, "total", json_integer(rec.total));
    json_object_set_new(body, "records", items);
    kp_figure_records_free(&rec);
    return kp_json(r, 200, body);
}
