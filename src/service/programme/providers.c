/* Service providers, their facilities and the places per service type. */
#include "service/access.h"
#include "service/audit.h"
#include "service/programme/programme.h"
#include "service/sql.h"
#include "service/insert.h"
#include "service/validate.h"

kp_rc kp_provider_add(kp_ctx *ctx, const kp_provider_in *in, kp_errors *e, int64_t *id_out)
{
    size_t before = e->n;
    int64_t id = kp_v_new_id(ctx, e, "id", in->id, "provider");
    kp_v_text(ctx, e, "name", in->name, 200, true);
    if (kp_v_text(ctx, e, "reg_no", in->reg_no, 40, true) && !kp_blank(in->reg_no)) {
        int64_t dup = 0;
        kp_param p[] = {KP_PTEXT(in->reg_no)};
        kp_sql_int(ctx->db, "SELECT 1 FROM provider WHERE reg_no = ?", p, 1, 0, &dup);
        if (dup)
            kp_errors_add(e, "reg_no", in->reg_no, "%s",
                          KP_TR(ctx, "sniedzējs ar šo reģistrācijas numuru jau ir", "a provider with this registration number exists"));
    }
    kp_date from = kp_v_date(ctx, e, "registered_on", in->registered_on, true);
    kp_date to = kp_v_date(ctx, e, "closed_on", in->closed_on, false);
    kp_v_period(ctx, e, "closed_on", from, to);
    /* The territory where it was registered, valid on that day. */
    int64_t municipality =
        kp_v_municipality(ctx, e, "municipality", in->municipality, from, true);
    if (e->n != before)
        return KP_EINVAL;
    if (ctx->role != KP_ROLE_SYSTEM && ctx->role != KP_ROLE_ADMIN)
        return KP_EDENIED;
    kp_param p[] = {KP_PREF(id), KP_PTEXT(in->name), KP_PTEXT(in->reg_no), KP_PINT(municipality),
                    KP_PTEXT(in->registered_on), KP_PTEXT(in->closed_on)};
    return kp_insert_audited(ctx,
                             "INSERT INTO provider(id, name, reg_no, municipality_id, registered_on, closed_on)"
                             " VALUES (?, ?, ?, ?, ?, ?)",
                             p, KP_NPARAMS(p), "provider", 0, id_out);
}

kp_rc kp_facility_add(kp_ctx *ctx, const kp_facility_in *in, kp_errors *e, int64_t *id_out)
{
    size_t before = e->n;
    int64_t id = kp_v_new_id(ctx, e, "id", in->id, "facility");
    int64_t provider = kp_v_ref(ctx, e, "provider_id", in->provider_id, "provider", true);
    kp_v_text(ctx, e, "name", in->name, 200, true);
    kp_v_text(ctx, e, "address", in->address, 300, true);
    kp_date from = kp_v_date(ctx, e, "opened_on", in->opened_on, true);
    kp_date to = kp_v_date(ctx, e, "closed_on", in->closed_on, false);
    kp_v_period(ctx, e, "closed_on", from, to);
    /* The territory where it opened, valid on that day. */
    int64_t municipality =
        kp_v_municipality(ctx, e, "municipality", in->municipality, from, true);
    if (e->n != before)
        return KP_EINVAL;
    kp_rc rc = kp_access_provider(ctx, provider, true);
    if (rc)
        return rc;
    kp_param p[] = {KP_PREF(id), KP_PINT(provider), KP_PTEXT(in->name), KP_PTEXT(in->address), KP_PINT(municipality),
                    KP_PTEXT(in->opened_on), KP_PTEXT(in->closed_on)};
    return kp_insert_audited(ctx,
                             "INSERT INTO facility(id, provider_id, name, address, municipality_id, opened_on, closed_on)"
                             " VALUES (?, ?, ?, ?, ?, ?, ?)",
                             p, KP_NPARAMS(p), "facility", 0, id_out);
}

kp_rc kp_facility_service_add(kp_ctx *ctx, const kp_facility_service_in *in, kp_errors *e, int64_t *id_out)
{
    size_t before = e->n;
    int64_t id = kp_v_new_id(ctx, e, "id", in->id, "facility_service");
    int64_t facility = kp_v_ref(ctx, e, "facility_id", in->facility_id, "facility", true);
    kp_v_service(ctx, e, "service", in->service);
    kp_v_target_group(ctx, e, "target_group", in->target_group);
    int64_t places = kp_v_int(ctx, e, "places", in->places, 0, 100000, false, -1);
    kp_date from = kp_v_date(ctx, e, "valid_from", in->valid_from, true);
    kp_date to = kp_v_date(ctx, e, "valid_to", in->valid_to, false);
    kp_v_period(ctx, e, "valid_to", from, to);
    if (e->n != before)
        return KP_EINVAL;
    int64_t provider = 0;
    kp_param q[] = {KP_PINT(facility)};
    kp_sql_int(ctx->db, "SELECT provider_id FROM facility WHERE id = ?", q, 1, 0, &provider);
    kp_rc rc = kp_access_provider(ctx, provider, true);
    if (rc)
        return rc;
    kp_param p[] = {KP_PREF(id), KP_PINT(facility), KP_PTEXT(in->service), KP_PTEXT(in->target_group),
                    places < 0 ? KP_PNULL : KP_PINT(places), KP_PTEXT(in->valid_from), KP_PTEXT(in->valid_to)};
    return kp_insert_audited(ctx,
                             "INSERT INTO facility_service(id, facility_id, service_code, target_group, places,"
                             " valid_from, valid_to) VALUES (?, ?, ?, ?, ?, ?, ?)",
                             p, KP_NPARAMS(p), "facility_service", 0, id_out);
}
