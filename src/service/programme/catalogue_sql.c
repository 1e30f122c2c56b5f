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
