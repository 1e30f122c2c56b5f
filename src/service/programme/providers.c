/* Service providers, their facilities and the places per service type. */
#include "service/access.h"
#include "service/audit.h"
#include "service/programme/programme.h"
#include "service/programme/catalogue_sql.h"
#include "service/insert.h"
#include "service/validate.h"

kp_rc kp_provider_add(kp_ctx *ctx, const kp_provider_in *in, kp_errors *e, int64_t *id_out)
{
    size_t before = e->n;
    int64_t id = kp_v_new_id(ctx, e, "id", in->id, "provider");
    kp_v_text(ctx, e, "name", in->name, 200, true);
    if (kp_v_text(ctx, e, "reg_no", in->reg_no, 40, true) && !kp_blank(in->reg_no)) {
        bool dup = false;
        (void)kp_q_provider_reg_no_taken(ctx->db, in->reg_no, &dup);
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
    kp_rc rc = kp_store_begin(ctx->db);
    if (rc)
        return rc;
    int64_t new_id = 0;
    rc = kp_q_provider_insert(ctx->db, id, in, municipality, &new_id);
    return kp_insert_audited_end(ctx, rc, "provider", new_id, 0, id_out);
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
    rc = kp_store_begin(ctx->db);
    if (rc)
        return rc;
    int64_t new_id = 0;
    rc = kp_q_facility_insert(ctx->db, id, in, provider, municipality, &new_id);
    return kp_insert_audited_end(ctx, rc, "facility", new_id, 0, id_out);
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
    (void)kp_q_facility_provider(ctx->db, facility, &provider);
    kp_rc rc = kp_access_provider(ctx, provider, true);
    if (rc)
        return rc;
    rc = kp_store_begin(ctx->db);
    if (rc)
        return rc;
    int64_t new_id = 0;
    rc = kp_q_facility_service_insert(ctx->db, id, in, facility, places, &new_id);
    return kp_insert_audited_end(ctx, rc, "facility_service", new_id, 0, id_out);
}
