/* The DI plan's infrastructure objects (ERDF 9.3.1.1), its amendments with
 * what each changed, and cooperation between municipalities. */
#include "service/access.h"
#include "service/audit.h"
#include "service/insert.h"
#include "service/programme/programme.h"
#include "service/validate.h"
#include "service/territory.h"
#include <stdio.h>
#include <string.h>

static const char *const OBJECT_STATUSES[] = {"planned", "building", "registered", "operating", "cancelled", NULL};
static const char *const CHANGE_FIELDS[] = {"added", "places", "status", "erdf_cents", "service_code", NULL};
static const char *const COOPERATION_KINDS[] = {"existing", "planned", NULL};

kp_rc kp_plan_object_add(kp_ctx *ctx, const kp_plan_object_in *in, kp_errors *e, int64_t *id_out)
{
    size_t before = e->n;
    int64_t id = kp_v_new_id(ctx, e, "id", in->id, "plan_object");
    kp_v_region(ctx, e, "region", in->region);
    kp_date added = kp_v_date(ctx, e, "added_on", in->added_on, true);
    int64_t municipality = kp_v_municipality(ctx, e, "municipality", in->municipality, added, true);
    kp_v_text(ctx, e, "name", in->name, 300, true);
    kp_v_target_group(ctx, e, "target_group", in->target_group);
    kp_v_service(ctx, e, "service", in->service);
    int64_t places = kp_v_int(ctx, e, "places", in->places, 0, 10000, false, -1);
    kp_cents erdf = kp_blank(in->erdf) ? 0 : kp_v_money(ctx, e, "erdf", in->erdf, false);
    kp_v_enum(ctx, e, "status", in->status, OBJECT_STATUSES, true);
    int64_t facility = kp_v_ref(ctx, e, "facility_id", in->facility_id, "facility", false);
    if (municipality && !kp_blank(in->region)) {
        /* The region the territory belonged to when the object was added. */
        char mregion[8] = "";
        kp_territory_region_at(ctx, municipality, added, mregion);
        if (strcmp(mregion, in->region) != 0)
            kp_errors_add(e, "municipality", in->municipality, "%s",
                          KP_TR(ctx, "pašvaldība nav šajā reģionā", "the municipality is not in this region"));
    }
    if (e->n != before)
        return KP_EINVAL;
    kp_rc rc = kp_access_region(ctx, in->region, true);
    if (rc)
        return rc;
    kp_param p[] = {KP_PREF(id),           KP_PTEXT(in->region), KP_PINT(municipality), KP_PTEXT(in->name),
                    KP_PTEXT(in->target_group), KP_PTEXT(in->service), places < 0 ? KP_PNULL : KP_PINT(places),
                    KP_PINT(erdf < 0 ? 0 : erdf), KP_PTEXT(in->status), KP_PTEXT(in->added_on), KP_PREF(facility)};
    return kp_insert_audited(ctx,
                             "INSERT INTO plan_object(id, region_code, municipality_id, name, target_group, service_code,"
                             " places, erdf_cents, status, added_on, facility_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                             p, KP_NPARAMS(p), "plan_object", 0, id_out);
}

kp_rc kp_amendment_add(kp_ctx *ctx, const kp_amendment_in *in, kp_errors *e, int64_t *id_out)
{
    size_t before = e->n;
    int64_t id = kp_v_new_id(ctx, e, "id", in->id, "plan_amendment");
    kp_v_region(ctx, e, "region", in->region);
    int64_t number = kp_v_int(ctx, e, "number", in->number, 1, 999, true, 0);
    kp_v_date(ctx, e, "approved_on", in->approved_on, true);
    kp_v_text_lines(ctx, e, "reason", in->reason, 2000, true);
    if (number && !kp_blank(in->region)) {
        int64_t dup = 0;
        kp_param p[] = {KP_PTEXT(in->region), KP_PINT(number)};
        kp_sql_int(ctx->db, "SELECT 1 FROM plan_amendment WHERE region_code = ? AND number = ?", p, 2, 0, &dup);
        if (dup)
            kp_errors_add(e, "number", in->number, "%s",
                          KP_TR(ctx, "grozījumi ar šo numuru jau ir", "an amendment with this number exists"));
    }
    if (e->n != before)
        return KP_EINVAL;
    kp_rc rc = kp_access_region(ctx, in->region, true);
    if (rc)
        return rc;
    kp_param p[] = {KP_PREF(id), KP_PTEXT(in->region), KP_PINT(number), KP_PTEXT(in->approved_on), KP_PTEXT(in->reason)};
    return kp_insert_audited(ctx,
                             "INSERT INTO plan_amendment(id, region_code, number, approved_on, reason) VALUES (?, ?, ?, ?, ?)",
                             p, KP_NPARAMS(p), "plan_amendment", 0, id_out);
}

/* Validates a change; returns the object's region in `region`. */
static bool check_change(kp_ctx *ctx, const kp_object_change_in *in, kp_errors *e, int64_t *id, int64_t *amendment,
                         int64_t *object, char region[8])
{
    size_t before = e->n;
    *id = kp_v_new_id(ctx, e, "id", in->id, "plan_object_change");
    *amendment = kp_v_ref(ctx, e, "amendment_id", in->amendment_id, "plan_amendment", true);
    *object = kp_v_ref(ctx, e, "object_id", in->object_id, "plan_object", true);
    const char *field = kp_v_enum(ctx, e, "field", in->field, CHANGE_FIELDS, true);
    kp_v_text(ctx, e, "old_value", in->old_value, 200, false);
    kp_v_text(ctx, e, "new_value", in->new_value, 200, false);
    if (field && (strcmp(field, "places") == 0 || strcmp(field, "erdf_cents") == 0) && !kp_blank(in->new_value))
        kp_v_int(ctx, e, "new_value", in->new_value, 0, INT64_MAX / 4, true, 0);
    if (field && strcmp(field, "status") == 0)
        kp_v_enum(ctx, e, "new_value", in->new_value, OBJECT_STATUSES, true);
    if (field && strcmp(field, "service_code") == 0)
        kp_v_service(ctx, e, "new_value", in->new_value);
    if (*object) {
        kp_param p[] = {KP_PINT(*object)};
        kp_sql_text(ctx->db, "SELECT region_code FROM plan_object WHERE id = ?", p, 1, region, 8);
    }
    if (*object && *amendment) {
        char aregion[8] = "";
        kp_param p[] = {KP_PINT(*amendment)};
        kp_sql_text(ctx->db, "SELECT region_code FROM plan_amendment WHERE id = ?", p, 1, aregion, sizeof aregion);
        if (strcmp(aregion, region) != 0)
            kp_errors_add(e, "amendment_id", in->amendment_id, "%s",
                          KP_TR(ctx, "grozījumi ir cita reģiona plānam", "the amendment belongs to another region's plan"));
    }
    return e->n == before;
}

static kp_rc insert_change(kp_ctx *ctx, int64_t id, int64_t amendment, int64_t object, const kp_object_change_in *in,
                           const char *old_value, int64_t *id_out)
{
    kp_param p[] = {KP_PREF(id), KP_PINT(amendment), KP_PINT(object), KP_PTEXT(in->field), KP_PTEXT(old_value),
                    KP_PTEXT(in->new_value)};
    return kp_insert_audited(ctx,
                             "INSERT INTO plan_object_change(id, amendment_id, object_id, field, old_value, new_value)"
                             " VALUES (?, ?, ?, ?, ?, ?)",
                             p, KP_NPARAMS(p), "plan_object_change", 0, id_out);
}

kp_rc kp_plan_object_change_record(kp_ctx *ctx, const kp_object_change_in *in, kp_errors *e, int64_t *id_out)
{
    int64_t id, amendment, object;
    char region[8] = "";
    if (!check_change(ctx, in, e, &id, &amendment, &object, region))
        return KP_EINVAL;
    kp_rc rc = kp_access_region(ctx, region, true);
    if (rc)
        return rc;
    return insert_change(ctx, id, amendment, object, in, in->old_value, id_out);
}

kp_rc kp_plan_object_change(kp_ctx *ctx, const kp_object_change_in *in, kp_errors *e, int64_t *id_out)
{
    int64_t id, amendment, object;
    char region[8] = "";
    if (!check_change(ctx, in, e, &id, &amendment, &object, region))
        return KP_EINVAL;
    if (strcmp(in->field, "added") == 0) {
        kp_errors_add(e, "field", in->field, "%s",
                      KP_TR(ctx, "jaunu objektu pievieno kā objektu, nevis kā izmaiņu", "add a new object as an object, not as a change"));
        return KP_EINVAL;
    }
    kp_rc rc = kp_access_region(ctx, region, true);
    if (rc)
        return rc;
    /* The column is chosen from a fixed list, never from the input's text. */
    const char *read_sql = "SELECT COALESCE(CAST(places AS TEXT), '') FROM plan_object WHERE id = ?";
    const char *write_sql = "UPDATE plan_object SET places = CAST(? AS INTEGER) WHERE id = ?";
    if (strcmp(in->field, "status") == 0) {
        read_sql = "SELECT status FROM plan_object WHERE id = ?";
        write_sql = "UPDATE plan_object SET status = ? WHERE id = ?";
    } else if (strcmp(in->field, "erdf_cents") == 0) {
        read_sql = "SELECT CAST(erdf_cents AS TEXT) FROM plan_object WHERE id = ?";
        write_sql = "UPDATE plan_object SET erdf_cents = CAST(? AS INTEGER) WHERE id = ?";
    } else if (strcmp(in->field, "service_code") == 0) {
        read_sql = "SELECT service_code FROM plan_object WHERE id = ?";
        write_sql = "UPDATE plan_object SET service_code = ? WHERE id = ?";
    }
    char old_value[64] = "";
    kp_param p[] = {KP_PINT(object)};
    kp_sql_text(ctx->db, read_sql, p, 1, old_value, sizeof old_value);
    rc = kp_store_begin(ctx->db);
    if (rc)
        return rc;
    kp_param q[] = {KP_PTEXT(in->new_value), KP_PINT(object)};
    rc = kp_sql_exec(ctx->db, write_sql, q, 2);
    if (!rc)
        rc = insert_change(ctx, id, amendment, object, in, old_value, id_out);
    return kp_store_finish(ctx->db, rc);
}

kp_rc kp_cooperation_add(kp_ctx *ctx, const kp_cooperation_in *in, kp_errors *e, int64_t *id_out)
{
    size_t before = e->n;
    int64_t id = kp_v_new_id(ctx, e, "id", in->id, "cooperation");
    int64_t municipality = kp_v_municipality(ctx, e, "municipality", in->municipality, KP_DATE_NONE, true);
    int64_t partner = kp_v_municipality(ctx, e, "partner", in->partner, KP_DATE_NONE, true);
    if (municipality && municipality == partner)
        kp_errors_add(e, "partner", in->partner, "%s",
                      KP_TR(ctx, "sadarbības partnerim jābūt citai pašvaldībai", "the partner must be another municipality"));
    /* Cooperation has no date of its own: the two must have existed at
     * the same time (a pre-reform novads cooperates with pre-reform ones). */
    if (municipality && partner && municipality != partner) {
        char mfrom[11] = "", mto[11] = "", pfrom[11] = "", pto[11] = "";
        kp_param m[] = {KP_PINT(municipality)}, q[] = {KP_PINT(partner)};
        kp_sql_text(ctx->db, "SELECT valid_from FROM municipality WHERE id = ?", m, 1, mfrom, sizeof mfrom);
        kp_sql_text(ctx->db, "SELECT COALESCE(valid_to, '9999-12-31') FROM municipality WHERE id = ?", m, 1, mto, sizeof mto);
        kp_sql_text(ctx->db, "SELECT valid_from FROM municipality WHERE id = ?", q, 1, pfrom, sizeof pfrom);
        kp_sql_text(ctx->db, "SELECT COALESCE(valid_to, '9999-12-31') FROM municipality WHERE id = ?", q, 1, pto, sizeof pto);
        if (strcmp(pfrom, mto) > 0 || strcmp(mfrom, pto) > 0)
            kp_errors_add(e, "partner", in->partner,
                          KP_TR(ctx, "partneris (%s – %s) nepastāvēja vienlaikus ar pašvaldību (%s – %s): norādiet tā laika partneri",
                                "the partner (%s – %s) never existed at the same time as the municipality (%s – %s): give the partner of that time"),
                          pfrom, strcmp(pto, "9999-12-31") ? pto : "…", mfrom, strcmp(mto, "9999-12-31") ? mto : "…");
    }
    kp_v_service(ctx, e, "service", in->service);
    kp_v_target_group(ctx, e, "target_group", in->target_group);
    kp_v_enum(ctx, e, "kind", in->kind, COOPERATION_KINDS, true);
    int64_t places = kp_v_int(ctx, e, "places", in->places, 0, 10000, false, -1);
    if (e->n != before)
        return KP_EINVAL;
    /* The region that holds the municipality's records today decides who
     * may record its cooperation. */
    char region[8] = "";
    int64_t holder = 0;
    kp_rc rc = kp_municipality_rollup(ctx, municipality, kp_ctx_today(ctx), &holder);
    if (!rc)
        rc = kp_territory_region_at(ctx, holder, kp_ctx_today(ctx), region);
    if (!rc)
        rc = kp_access_region(ctx, region, true);
    if (rc)
        return rc;
    kp_param p[] = {KP_PREF(id), KP_PINT(municipality), KP_PINT(partner), KP_PTEXT(in->service),
                    KP_PTEXT(in->target_group), KP_PTEXT(in->kind), places < 0 ? KP_PNULL : KP_PINT(places)};
    return kp_insert_audited(ctx,
                             "INSERT INTO cooperation(id, municipality_id, partner_id, service_code, target_group, kind, places)"
                             " VALUES (?, ?, ?, ?, ?, ?, ?)",
                             p, KP_NPARAMS(p), "cooperation", 0, id_out);
}
