/* The coordinator adds an object to the region's DI plan
 * (GET/POST /di-plan/objects/new, kp_plan_object_add): name, address,
 * municipality, target group, service, places, status, the money of every
 * source, the day it entered the plan and its planned (and actual)
 * completion. A refusal shows the form again with each message on its
 * field. */
#include "web/pages.h"
#include "web/diplan_view.h"
#include "web/person_form.h"
#include <string.h>

static const char *const STATUSES[] = {"planned", "building", "registered", "operating", "cancelled"};

int page_diplan_object_new(kp_req *r)
{
    int status = 500;
    const char *region = dp_region(r);
    if (!region)
        return kp_error(r, 404);
    const char *added = pf_val(r, "added_on");
    kp_date on = KP_DATE_NONE;
    if (kp_blank(added) || kp_date_parse_iso(added, &on))
        on = kp_ctx_today(&r->ctx);
    kp_options munis, groups, services, statuses;
    kp_rc rc = dp_municipalities(r, region, on, &munis);
    if (rc)
        return kp_error(r, kp_status_for(rc));
    memset(&groups, 0, sizeof groups);
    memset(&services, 0, sizeof services);
    rc = kp_cw_target_group_options(&r->ctx, &groups);
    if (!rc)
        rc = kp_cw_service_options(&r->ctx, &services);
    if (rc) {
        kp_options_free(&munis);
        kp_options_free(&groups);
        kp_options_free(&services);
        return kp_error(r, kp_status_for(rc));
    }
    const char *names[5];
    for (size_t i = 0; i < 5; i++)
        names[i] = dp_status(r, STATUSES[i]);
    pf_options(&statuses, STATUSES, names, 5);
    kp_html *h = &r->out;
    kp_page_begin(r, dp_s(r, DP_NEW_OBJECT));
    html_raw_trusted(h, "<h1>");
    html_text(h, dp_s(r, DP_NEW_OBJECT));
    html_raw_trusted(h, "</h1>\n<form method=\"post\" action=\"/di-plan/objects/new\" class=\"panel\">");
    kp_form_csrf(r);
    kp_form_errors(r);
    kp_form_field(r, "name", dp_s(r, DP_NAME), "text", pf_val(r, "name"), NULL, true);
    kp_form_field(r, "address", dp_s(r, DP_ADDRESS), "text", pf_val(r, "address"), NULL, false);
    pf_select(r, "municipality", dp_s(r, DP_MUNICIPALITY), &munis, pf_val(r, "municipality"), "", true);
    pf_select(r, "target_group", dp_s(r, DP_GROUP), &groups, pf_val(r, "target_group"), "", true);
    pf_select(r, "service", dp_s(r, DP_SERVICE), &services, pf_val(r, "service"), "", true);
    kp_form_field(r, "places", dp_s(r, DP_PLACES), "text", pf_val(r, "places"), NULL, false);
    pf_select(r, "status", dp_s(r, DP_STATUS), &statuses, pf_val(r, "status") ? pf_val(r, "status") : "planned",
              NULL, true);
    kp_form_field(r, "added_on", dp_s(r, DP_ADDED_ON), "date", added ? added : pf_today(r), NULL, true);
    kp_form_field(r, "erdf", dp_s(r, DP_ERDF), "text", pf_val(r, "erdf"), dp_s(r, DP_EUR_HINT), false);
    kp_form_field(r, "state", dp_s(r, DP_STATE), "text", pf_val(r, "state"), NULL, false);
    kp_form_field(r, "municipal", dp_s(r, DP_MUNICIPAL), "text", pf_val(r, "municipal"), NULL, false);
    kp_form_field(r, "other", dp_s(r, DP_OTHER), "text", pf_val(r, "other"), NULL, false);
    kp_form_field(r, "other_sources", dp_s(r, DP_OTHER_SOURCES), "text", pf_val(r, "other_sources"), NULL, false);
    kp_form_field(r, "planned_completion", dp_s(r, DP_PLANNED), "date", pf_val(r, "planned_completion"), NULL,
                  false);
    kp_form_field(r, "actual_completion", dp_s(r, DP_ACTUAL), "date", pf_val(r, "actual_completion"), NULL, false);
    kp_form_field(r, "facility_id", dp_s(r, DP_FACILITY), "text", pf_val(r, "facility_id"), NULL, false);
    html_raw_trusted(h, "<button type=\"submit\">");
    html_text(h, dp_s(r, DP_SAVE));
    html_raw_trusted(h, "</button> <a class=\"button secondary\" href=\"/di-plan\">");
    html_text(h, dp_s(r, DP_BACK));
    html_raw_trusted(h, "</a></form>\n");
    kp_options_free(&munis);
    kp_options_free(&groups);
    kp_options_free(&services);
    kp_options_free(&statuses);
    kp_page_end(r);
    status = 200;
    return status;
}

int page_diplan_object_create(kp_req *r)
{
    const char *region = dp_region(r);
    if (!region)
        return kp_error(r, 404);
    kp_plan_object_in in = dp_object_in(r, region);
    int64_t id = 0;
    kp_rc rc = kp_plan_object_add(&r->ctx, &in, &r->errors, &id);
    if (rc == KP_EINVAL) {
        int st = page_diplan_object_new(r);
        return st == 200 ? 422 : st;
    }
    if (rc)
        return kp_error(r, kp_status_for(rc));
    return kp_redirect(r, kp_arena_printf(&r->arena, "/di-plan/objects/%lld?saved=1&at=%s", (long long)id,
                                          kp_in(r, "added_on")));
}
