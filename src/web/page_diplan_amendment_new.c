/* The coordinator records an amendment of the region's DI plan
 * (GET/POST /di-plan/amendments/new, kp_diplan_amend): its number, the day
 * it changes objects from, the decision (number and date), the reason and
 * its text, and the first change it makes to an object, written together
 * (more changes are added on the object's page). A change of places of an
 * object with clients assigned is written only after confirmation. */
#include "web/pages.h"
#include "web/diplan_view.h"
#include "web/person_form.h"
#include "core/mem.h"
#include "service/sql.h"
#include <stdio.h>
#include <string.h>

int page_diplan_amendment_new(kp_req *r)
{
    int status = 500;
    const char *region = dp_region(r);
    if (!region)
        return kp_error(r, 404);
    kp_diplan all;
    kp_date far = KP_DATE_NONE;
    kp_date_parse_iso("2999-12-31", &far);
    kp_rc rc = kp_diplan_at(&r->ctx, region, far, 0, &all);
    if (rc)
        return kp_error(r, kp_status_for(rc));
    int next = 1;
    for (size_t i = 0; i < all.namendments; i++)
        if (all.amendments[i].number >= next)
            next = all.amendments[i].number + 1;
    kp_options objects;
    memset(&objects, 0, sizeof objects);
    objects.cap = all.n + 1;
    objects.items = kp_xcalloc(objects.cap, sizeof *objects.items);
    for (size_t i = 0; i < all.n; i++) {
        kp_option *o = &objects.items[objects.n++];
        snprintf(o->code, sizeof o->code, "%lld", (long long)all.objects[i].id);
        snprintf(o->name, sizeof o->name, "%.150s", all.objects[i].name);
    }
    kp_options fields;
    const char *names[16];
    for (size_t i = 0; i < DP_NFIELDS && i < 16; i++)
        names[i] = dp_field(r, DP_FIELDS[i]);
    pf_options(&fields, DP_FIELDS, names, DP_NFIELDS);
    const char *object = pf_val(r, "object_id");
    if (!object && strcmp(r->method, "GET") == 0 && kp_in_int(r, "object", 0) > 0)
        object = kp_arena_printf(&r->arena, "%lld", (long long)kp_in_int(r, "object", 0));
    kp_html *h = &r->out;
    kp_page_begin(r, dp_s(r, DP_NEW_AMENDMENT));
    html_raw_trusted(h, "<h1>");
    html_text(h, dp_s(r, DP_NEW_AMENDMENT));
    html_raw_trusted(h, "</h1>\n<form method=\"post\" action=\"/di-plan/amendments/new\" class=\"panel\">");
    kp_form_csrf(r);
    kp_form_errors(r);
    const char *number = pf_val(r, "number");
    kp_form_field(r, "number", dp_s(r, DP_NUMBER), "text", number ? number : kp_arena_printf(&r->arena, "%d", next),
                  NULL, true);
    kp_form_field(r, "approved_on", dp_s(r, DP_FROM), "date", pf_val(r, "approved_on"), dp_s(r, DP_FROM_HINT), true);
    kp_form_field(r, "decision_no", dp_s(r, DP_DECISION_NO), "text", pf_val(r, "decision_no"), NULL, false);
    kp_form_field(r, "decision_on", dp_s(r, DP_DECISION_ON), "date", pf_val(r, "decision_on"), NULL, false);
    pf_textarea(r, "reason", dp_s(r, DP_REASON), pf_val(r, "reason"), NULL, true);
    pf_textarea(r, "text", dp_s(r, DP_TEXT), pf_val(r, "text"), dp_s(r, DP_TEXT_HINT), false);
    html_raw_trusted(h, "<fieldset><legend>");
    html_text(h, dp_s(r, DP_FIRST_CHANGE));
    html_raw_trusted(h, "</legend>");
    pf_select(r, "object_id", dp_s(r, DP_OBJECT), &objects, object, dp_s(r, DP_NONE_CHOSEN), false);
    pf_select(r, "field", dp_s(r, DP_FIELD), &fields, pf_val(r, "field") ? pf_val(r, "field") : "places", NULL, false);
    kp_form_field(r, "new_value", dp_s(r, DP_NEW_VALUE), "text", pf_val(r, "new_value"), dp_s(r, DP_NEW_VALUE_HINT),
                  false);
    if (kp_errors_for(&r->errors, "confirm")) {
        html_raw_trusted(h, "<div class=\"field\"><label><input type=\"checkbox\" name=\"confirm\" value=\"1\"> ");
        html_text(h, dp_s(r, DP_CONFIRM));
        html_raw_trusted(h, "</label></div>\n");
    }
    html_raw_trusted(h, "</fieldset><button type=\"submit\">");
    html_text(h, dp_s(r, DP_SAVE));
    html_raw_trusted(h, "</button> <a class=\"button secondary\" href=\"/di-plan\">");
    html_text(h, dp_s(r, DP_BACK));
    html_raw_trusted(h, "</a></form>\n");
    kp_options_free(&objects);
    kp_options_free(&fields);
    kp_diplan_free(&all);
    kp_page_end(r);
    status = 200;
    return status;
}

int page_diplan_amendment_create(kp_req *r)
{
    const char *region = dp_region(r);
    if (!region)
        return kp_error(r, 404);
    const char *field = kp_in(r, "field");
    const char *object = kp_in(r, "object_id");
    const char *value = kp_blank(object) ? "" : dp_stored(r, field, kp_in(r, "new_value"), "new_value");
    if (!value) {
        int st = page_diplan_amendment_new(r);
        return st == 200 ? 422 : st;
    }
    kp_amendment_in in = dp_amendment_in(r, region);
    kp_object_change_in change = {.object_id = object, .field = field, .new_value = value};
    int64_t id = 0;
    kp_rc rc = kp_diplan_amend(&r->ctx, &in, &change, kp_in_int(r, "confirm", 0) == 1, &r->errors, NULL, &id);
    if (rc == KP_EINVAL || rc == KP_ECONFLICT) {
        int st = page_diplan_amendment_new(r);
        return st == 200 ? (rc == KP_ECONFLICT ? 409 : 422) : st;
    }
    if (rc)
        return kp_error(r, kp_status_for(rc));
    return kp_redirect(r, kp_arena_printf(&r->arena, "/di-plan?saved=1&at=%s", kp_in(r, "approved_on")));
}
