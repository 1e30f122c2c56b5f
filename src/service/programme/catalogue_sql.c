/* The provider aggregate's SQL (see catalogue_sql.h). */
#include "service/programme/catalogue_sql.h"

kp_rc kp_q_provider_reg_no_taken(kp_store *st, const char *reg_no, bool *exists)
{
    int64_t one = 0;
    kp_param p[] = {KP_PTEXT(reg_no)};
    kp_rc rc = kp_sql_int(st, "SELECT 1 FROM provider WHERE reg_no = ?", p, 1, 0, &one);
    *exists = one != 0;
    return rc;
}

kp_rc kp_q_provider_insert(kp_store *st, int64_t id, const kp_provider_in *in, int64_t municipality, int64_t *id_out)
{
    kp_param p[] = {KP_PREF(id), KP_PTEXT(in->name), KP_PTEXT(in->reg_no), KP_PINT(municipality),
                    KP_PTEXT(in->registered_on), KP_PTEXT(in->closed_on)};
    return kp_sql_insert(st,
                         "INSERT INTO provider(id, name, reg_no, municipality_id, registered_on, closed_on)"
                         " VALUES (?, ?, ?, ?, ?, ?)",
                         p, KP_NPARAMS(p), id_out);
}

kp_rc kp_q_facility_provider(kp_store *st, int64_t facility, int64_t *provider)
{
    kp_param q[] = {KP_PINT(facility)};
    return kp_sql_int(st, "SELECT provider_id FROM facility WHERE id = ?", q, 1, 0, provider);
}

kp_rc kp_q_facility_insert(kp_store *st, int64_t id, const kp_facility_in *in, int64_t provider, int64_t municipality,
                           int64_t *id_out)
{
    kp_param p[] = {KP_PREF(id), KP_PINT(provider), KP_PTEXT(in->name), KP_PTEXT(in->address), KP_PINT(municipality),
                    KP_PTEXT(in->opened_on), KP_PTEXT(in->closed_on)};
    return kp_sql_insert(st,
                         "INSERT INTO facility(id, provider_id, name, address, municipality_id, opened_on, closed_on)"
                         " VALUES (?, ?, ?, ?, ?, ?, ?)",
                         p, KP_NPARAMS(p), id_out);
}

kp_rc kp_q_facility_service_insert(kp_store *st, int64_t id, const kp_facility_service_in *in, int64_t facility,
                                   int64_t places, int64_t *id_out)
{
    kp_param p[] = {KP_PREF(id), KP_PINT(facility), KP_PTEXT(in->service), KP_PTEXT(in->target_group),
                    places < 0 ? KP_PNULL : KP_PINT(places), KP_PTEXT(in->valid_from), KP_PTEXT(in->valid_to)};
    return kp_sql_insert(st,
                         "INSERT INTO facility_service(id, facility_id, service_code, target_group, places,"
                         " valid_from, valid_to) VALUES (?, ?, ?, ?, ?, ?, ?)",
                         p, KP_NPARAMS(p), id_out);
}

/* ---- closures and places from a date ----------------------------------------- */

kp_rc kp_q_provider_span(kp_store *st, int64_t id, char began[11], char closed[11], char last_delivery[11])
{
    closed[0] = last_delivery[0] = '\0';
    kp_param p[] = {KP_PINT(id)};
    kp_rc rc = kp_sql_text(st, "SELECT registered_on FROM provider WHERE id = ?", p, 1, began, 11);
    if (rc || !began[0])
        return rc;
    kp_sql_text(st, "SELECT COALESCE(closed_on, '') FROM provider WHERE id = ?", p, 1, closed, 11);
    kp_sql_text(st,
                "SELECT MAX(d.delivered_on) FROM delivery d JOIN assignment a ON a.id = d.assignment_id"
                " WHERE a.provider_id = ?",
                p, 1, last_delivery, 11);
    return KP_OK;
}

kp_rc kp_q_provider_close(kp_store *st, int64_t id, const char *closed_on, const char *reason)
{
    kp_param u[] = {KP_PTEXT(closed_on), KP_PTEXT(reason), KP_PINT(id)};
    return kp_sql_exec(st, "UPDATE provider SET closed_on = ?, closed_reason = ? WHERE id = ?", u, 3);
}

kp_rc kp_q_facility_span(kp_store *st, int64_t id, char opened[11], char closed[11])
{
    kp_param p[] = {KP_PINT(id)};
    kp_rc rc = kp_sql_text(st, "SELECT opened_on FROM facility WHERE id = ?", p, 1, opened, 11);
    if (!rc)
        rc = kp_sql_text(st, "SELECT COALESCE(closed_on, '') FROM facility WHERE id = ?", p, 1, closed, 11);
    return rc;
}

kp_rc kp_q_facility_close(kp_store *st, int64_t id, const char *closed_on, const char *reason)
{
    kp_param u[] = {KP_PTEXT(closed_on), KP_PTEXT(reason), KP_PINT(id)};
    return kp_sql_exec(st, "UPDATE facility SET closed_on = ?, closed_reason = ? WHERE id = ?", u, 3);
}

kp_rc kp_q_facility_service_facility(kp_store *st, int64_t row, int64_t *facility)
{
    kp_param p[] = {KP_PINT(row)};
    return kp_sql_int(st, "SELECT facility_id FROM facility_service WHERE id = ?", p, 1, 0, facility);
}

kp_rc kp_q_facility_service_now(kp_store *st, int64_t row, char from[11], char to[11], int64_t *places)
{
    kp_param p[] = {KP_PINT(row)};
    kp_rc rc = kp_sql_text(st, "SELECT valid_from FROM facility_service WHERE id = ?", p, 1, from, 11);
    if (!rc)
        rc = kp_sql_text(st, "SELECT COALESCE(valid_to, '') FROM facility_service WHERE id = ?", p, 1, to, 11);
    if (!rc)
        rc = kp_sql_int(st, "SELECT places FROM facility_service WHERE id = ?", p, 1, -1, places);
    return rc;
}

kp_rc kp_q_facility_places_change(kp_store *st, int64_t row, int64_t id, int64_t places, const char *valid_from,
                                  const char *day_before, const char *to, const char *reason, int64_t *created)
{
    kp_param u[] = {KP_PTEXT(day_before), KP_PINT(row)};
    kp_rc rc = kp_sql_exec(st, "UPDATE facility_service SET valid_to = ? WHERE id = ?", u, 2);
    kp_param q[] = {KP_PREF(id), KP_PINT(places), KP_PTEXT(valid_from), KP_PTEXT(to), KP_PINT(row), KP_PTEXT(reason)};
    if (!rc)
        rc = kp_sql_insert(st,
                           "INSERT INTO facility_service(id, facility_id, service_code, target_group, places, valid_from,"
                           " valid_to, replaces_id, change_reason)"
                           " SELECT ?1, facility_id, service_code, target_group, ?2, ?3, ?4, id, ?6 FROM facility_service"
                           " WHERE id = ?5",
                           q, KP_NPARAMS(q), created);
    return rc;
}

kp_rc kp_q_facility_service_label(kp_store *st, int64_t row, char *out, size_t outlen)
{
    kp_param p[] = {KP_PINT(row)};
    return kp_sql_text(st, "SELECT service_code || '/' || target_group FROM facility_service WHERE id = ?", p, 1, out,
                       outlen);
}
