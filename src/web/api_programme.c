/* JSON API for programme records over time (service/programme/
 * corrections.h): correcting an entered indicator value, a compensation
 * payment or a payment request; closing a provider or a facility; a
 * facility's places from a date. Each answers 200 {"id": …} or 400 with
 * the fields named, 404 for a record unknown or out of scope. */
#include "web/pages.h"
#include "service/programme/corrections.h"
#include "service/programme/public_catalogue.h"
#include <stdio.h>

static int done(kp_req *r, kp_rc rc, int64_t id)
{
    if (rc == KP_EINVAL)
        return kp_json_error(r, 400, KP_S(r, S_FIELD_ERRORS));
    if (rc)
        return kp_error(r, kp_status_for(rc));
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer(id));
    return kp_json(r, 200, o);
}

int api_indicator_correct(kp_req *r)
{
    char id[24];
    snprintf(id, sizeof id, "%lld", (long long)r->path_id);
    kp_indicator_correction_in in = {.indicator_id = id, .period_year = kp_in(r, "period_year"),
                                     .value = kp_in(r, "value"), .reason = kp_in(r, "reason")};
    int64_t value_id = 0;
    kp_rc rc = kp_indicator_value_correct(&r->ctx, &in, &r->errors, &value_id);
    return done(r, rc, value_id);
}

static int money(kp_req *r, bool payment)
{
    char id[24];
    snprintf(id, sizeof id, "%lld", (long long)r->path_id);
    kp_payment_correction_in in = {.id = id, .period_start = kp_in(r, "period_start"),
                                   .period_end = kp_in(r, "period_end"), .amount = kp_in(r, "amount"),
                                   .reason = kp_in(r, "reason")};
    kp_rc rc = payment ? kp_compensation_correct(&r->ctx, &in, &r->errors)
                       : kp_payment_request_correct(&r->ctx, &in, &r->errors);
    return done(r, rc, r->path_id);
}

int api_compensation_correct(kp_req *r)
{
    return money(r, true);
}

int api_payment_request_correct(kp_req *r)
{
    return money(r, false);
}

static int closure(kp_req *r, bool provider)
{
    char id[24];
    snprintf(id, sizeof id, "%lld", (long long)r->path_id);
    kp_closure_in in = {.id = id, .closed_on = kp_in(r, "closed_on"), .reason = kp_in(r, "reason")};
    kp_rc rc = provider ? kp_provider_close(&r->ctx, &in, &r->errors) : kp_facility_close(&r->ctx, &in, &r->errors);
    return done(r, rc, r->path_id);
}

int api_provider_close(kp_req *r)
{
    return closure(r, true);
}

int api_facility_close(kp_req *r)
{
    return closure(r, false);
}

int api_facility_places(kp_req *r)
{
    char id[24];
    snprintf(id, sizeof id, "%lld", (long long)r->path_id);
    kp_places_change_in in = {.facility_service_id = id, .places = kp_in(r, "places"),
                              .valid_from = kp_in(r, "valid_from"), .reason = kp_in(r, "reason")};
    int64_t row = 0;
    kp_rc rc = kp_facility_places_change(&r->ctx, &in, &r->errors, &row);
    return done(r, rc, row);
}

/* The public facts the catalogue shows (issue 12, item 1;
 * service/programme/public_catalogue.h): a facility's opening hours and
 * contact, a provider's contact and whether it publishes numbers of free
 * places, a municipality's social service. Fields left out stay as they
 * are; each change is audited. */
static kp_pub_facts_in facts(kp_req *r)
{
    kp_pub_facts_in in = {.opening_hours = kp_in(r, "opening_hours"), .phone = kp_in(r, "phone"),
                          .email = kp_in(r, "email"), .website = kp_in(r, "website"),
                          .publish_places = kp_in(r, "publish_places"), .name = kp_in(r, "name"),
                          .address = kp_in(r, "address"), .apply_url = kp_in(r, "apply_url"),
                          .reason = kp_in(r, "reason")};
    return in;
}

int api_facility_public(kp_req *r)
{
    kp_pub_facts_in in = facts(r);
    return done(r, kp_facility_public_set(&r->ctx, r->path_id, &in, &r->errors), r->path_id);
}

int api_provider_public(kp_req *r)
{
    kp_pub_facts_in in = facts(r);
    return done(r, kp_provider_public_set(&r->ctx, r->path_id, &in, &r->errors), r->path_id);
}

int api_social_service(kp_req *r)
{
    kp_pub_facts_in in = facts(r);
    kp_rc rc = kp_social_service_set(&r->ctx, r->path_name, &in, &r->errors);
    if (rc == KP_EINVAL)
        return kp_json_error(r, 400, KP_S(r, S_FIELD_ERRORS));
    if (rc)
        return kp_error(r, kp_status_for(rc));
    json_t *o = json_object();
    json_object_set_new(o, "municipality", json_string(r->path_name));
    return kp_json(r, 200, o);
}
