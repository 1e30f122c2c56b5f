/* The provider aggregate's SQL (see catalogue_sql.h). */
#include "service/programme/catalogue_sql.h"
#include "service/casework/services.h"
#include <string.h>

kp_rc kp_q_provider_reg_no_taken(kp_store *st, const char *reg_no, bool *exists)
{
    kp_param p[] = {KP_PTEXT(reg_no)};
    return kp_sql_exists(st, "SELECT 1 FROM provider WHERE reg_no = ?", p, 1, exists);
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

/* ---- the public catalogue -------------------------------------------------- */

kp_rc kp_q_public_data_version(kp_store *st, int64_t *version)
{
    return kp_sql_int(st, "SELECT version FROM public_data_version WHERE id = 1", NULL, 0, 0, version);
}

kp_rc kp_q_target_group_known(kp_store *st, const char *code, bool *known)
{
    kp_param p[] = {KP_PTEXT(code)};
    return kp_sql_exists(st, "SELECT COUNT(*) FROM target_group WHERE code = ?", p, 1, known);
}

/* Municipalities valid on ?1 with their social service. ?2 the language. */
static const char MUNIS_SQL[] =
    "SELECT m.id, m.atvk, CASE WHEN ?2 = 'en' THEN m.name_en ELSE m.name_lv END,"
    " s.municipality_id IS NOT NULL, COALESCE(s.name, ''), COALESCE(s.address, ''), COALESCE(s.phone, ''),"
    " COALESCE(s.email, ''), COALESCE(s.opening_hours, ''), COALESCE(s.website, ''), COALESCE(s.apply_url, '')"
    " FROM municipality m LEFT JOIN municipality_social_service s ON s.municipality_id = m.id"
    " WHERE m.valid_from <= ?1 AND (m.valid_to IS NULL OR m.valid_to >= ?1)";

static const kp_field MUNI_F[] = {
    KP_FIELD(kp_q_pub_muni, id),         KP_FIELD_DUP(kp_q_pub_muni, atvk),    KP_FIELD_DUP(kp_q_pub_muni, name),
    KP_FIELD(kp_q_pub_muni, has_office), KP_FIELD_DUP(kp_q_pub_muni, office),  KP_FIELD_DUP(kp_q_pub_muni, address),
    KP_FIELD_DUP(kp_q_pub_muni, phone),  KP_FIELD_DUP(kp_q_pub_muni, email),   KP_FIELD_DUP(kp_q_pub_muni, opening_hours),
    KP_FIELD_DUP(kp_q_pub_muni, website), KP_FIELD_DUP(kp_q_pub_muni, apply_url)};
static const kp_shape MUNI = KP_SHAPE(kp_q_pub_muni, MUNI_F);

kp_rc kp_q_pub_munis_each(kp_store *st, const char *on, bool en, kp_row_fn fn, void *arg)
{
    kp_q_pub_muni row;
    kp_param p[] = {KP_PTEXT(on), KP_PTEXT(en ? "en" : "lv")};
    return kp_rows_each(st, MUNIS_SQL, p, KP_NPARAMS(p), &MUNI, &row, fn, arg);
}

/* The target groups' order as the catalogue lists them (target_groups.csv),
 * written out: a table's rowid is SQLite's alone. */
#define TG_ORDER(code)                                                                                             \
    "CASE " code " WHEN 'grt' THEN 1 WHEN 'ft' THEN 2 WHEN 'parents' THEN 3 WHEN 'bsac' THEN 4 ELSE 5 END, " code

/* Services in catalogue order with the groups they are for. */
static const char SERVICES_SQL[] =
    "SELECT st.code, COALESCE(st.parent_code, ''), CASE WHEN ?1 = 'en' THEN st.name_en ELSE st.name_lv END, st.unit,"
    " COALESCE((SELECT GROUP_CONCAT(g, '|') FROM (SELECT se.target_group AS g FROM service_eligibility se"
    "   JOIN target_group tg ON tg.code = se.target_group WHERE se.service_code = st.code ORDER BY " TG_ORDER("tg.code") ") AS gs), '')"
    " FROM service_type st ORDER BY st.sort, st.code";

static const kp_field SERVICE_F[] = {KP_FIELD_DUP(kp_q_pub_service, code), KP_FIELD_DUP(kp_q_pub_service, parent),
                                     KP_FIELD_DUP(kp_q_pub_service, name), KP_FIELD_DUP(kp_q_pub_service, unit),
                                     KP_FIELD_DUP(kp_q_pub_service, groups)};
static const kp_shape SERVICE = KP_SHAPE(kp_q_pub_service, SERVICE_F);

kp_rc kp_q_pub_services_each(kp_store *st, bool en, kp_row_fn fn, void *arg)
{
    kp_q_pub_service row;
    kp_param p[] = {KP_PTEXT(en ? "en" : "lv")};
    return kp_rows_each(st, SERVICES_SQL, p, KP_NPARAMS(p), &SERVICE, &row, fn, arg);
}

/* Rules in force on ?1. */
static const char RULES_SQL[] =
    "SELECT service_code, kind, limit_value, COALESCE(target_group, ''), COALESCE(region_code, ''),"
    " COALESCE(age_min, -1), COALESCE(age_max, -1), COALESCE(parents_working, -1), source"
    " FROM service_rule WHERE valid_from <= ?1 AND (valid_to IS NULL OR valid_to >= ?1) ORDER BY id";

static const kp_field PUB_RULE_F[] = {
    KP_FIELD_DUP(kp_q_pub_rule, service), KP_FIELD_DUP(kp_q_pub_rule, kind),   KP_FIELD(kp_q_pub_rule, limit),
    KP_FIELD_DUP(kp_q_pub_rule, target_group), KP_FIELD_DUP(kp_q_pub_rule, region), KP_FIELD(kp_q_pub_rule, age_min),
    KP_FIELD(kp_q_pub_rule, age_max),     KP_FIELD(kp_q_pub_rule, parents_working), KP_FIELD_DUP(kp_q_pub_rule, source)};
static const kp_shape PUB_RULE = KP_SHAPE(kp_q_pub_rule, PUB_RULE_F);

kp_rc kp_q_pub_rules_each(kp_store *st, const char *on, kp_row_fn fn, void *arg)
{
    kp_q_pub_rule row;
    kp_param q[] = {KP_PTEXT(on)};
    return kp_rows_each(st, RULES_SQL, q, KP_NPARAMS(q), &PUB_RULE, &row, fn, arg);
}

/* Offers open on ?1: a facility open, its facility_service row valid and
 * its provider registered and not closed (KP_FACILITY_SERVICE_AT_SQL: as
 * need against places counts places). Per facility and service code: the
 * groups, the places of the offer; per provider and family: the places
 * (known rows, sum), how many offers share them, the places taken
 * (KP_PLACES_TAKEN_SQL) and whether assignments of the family are decided
 * to start later (a waiting list). */
#define FAMILY(code) KP_SERVICE_FAMILY_SQL(code)
static const char ENTRIES_SQL[] =
    "WITH o AS MATERIALIZED (SELECT fs.facility_id AS fid, f.provider_id AS pid, fs.service_code AS code,"
    "  " FAMILY("fs.service_code") " AS fam, fs.target_group AS tg, fs.places AS places"
    "  FROM facility_service fs JOIN facility f ON f.id = fs.facility_id JOIN provider pr ON pr.id = f.provider_id"
    "  WHERE " KP_FACILITY_SERVICE_AT_SQL("fs", "f", "pr", "?1") "),"
    " pf AS (SELECT pid, fam, COUNT(places) AS known, COALESCE(SUM(places), 0) AS places,"
    "  COUNT(DISTINCT fid || '/' || code) AS offers FROM o GROUP BY pid, fam),"
    " e AS (SELECT fid, pid, code, fam, COUNT(places) AS known, COALESCE(SUM(places), 0) AS places,"
    "  (SELECT GROUP_CONCAT(g, '|') FROM (SELECT o2.tg AS g FROM o o2"
    "   WHERE o2.fid = o.fid AND o2.code = o.code GROUP BY o2.tg ORDER BY " TG_ORDER("o2.tg") ") AS gs) AS groups"
    "  FROM o GROUP BY fid, pid, code, fam)"
    " SELECT e.fid, e.pid, f.municipality_id, e.code, COALESCE(e.groups, ''), p.name, f.name, f.address,"
    "  COALESCE(f.opening_hours, ''), COALESCE(NULLIF(f.phone, ''), p.phone, ''),"
    "  COALESCE(NULLIF(f.email, ''), p.email, ''), COALESCE(p.website, ''), p.publish_places,"
    "  e.known, e.places, pf.known, pf.places, pf.offers, " KP_PLACES_TAKEN_SQL("e.pid", "e.fam", "?1") ","
    "  EXISTS (SELECT 1 FROM assignment w WHERE w.provider_id = e.pid AND w.start_date > ?1"
    "   AND " FAMILY("w.service_code") " = e.fam AND " KP_ASSIGNMENT_STATUS_SQL("w", "?1") " = 'planned')"
    " FROM e JOIN pf ON pf.pid = e.pid AND pf.fam = e.fam JOIN facility f ON f.id = e.fid"
    " JOIN provider p ON p.id = e.pid";

static const kp_field ENTRY_F[] = {
    KP_FIELD(kp_q_pub_entry, facility_id),     KP_FIELD(kp_q_pub_entry, provider_id),
    KP_FIELD(kp_q_pub_entry, municipality_id), KP_FIELD_DUP(kp_q_pub_entry, service),
    KP_FIELD_DUP(kp_q_pub_entry, groups),      KP_FIELD_DUP(kp_q_pub_entry, provider),
    KP_FIELD_DUP(kp_q_pub_entry, facility),    KP_FIELD_DUP(kp_q_pub_entry, address),
    KP_FIELD_DUP(kp_q_pub_entry, opening_hours), KP_FIELD_DUP(kp_q_pub_entry, phone),
    KP_FIELD_DUP(kp_q_pub_entry, email),       KP_FIELD_DUP(kp_q_pub_entry, website),
    KP_FIELD(kp_q_pub_entry, published),       KP_FIELD(kp_q_pub_entry, known),
    KP_FIELD(kp_q_pub_entry, places),          KP_FIELD(kp_q_pub_entry, family_known),
    KP_FIELD(kp_q_pub_entry, family_places),   KP_FIELD(kp_q_pub_entry, offers),
    KP_FIELD(kp_q_pub_entry, taken),           KP_FIELD(kp_q_pub_entry, waiting)};
static const kp_shape ENTRY = KP_SHAPE(kp_q_pub_entry, ENTRY_F);

kp_rc kp_q_pub_entries_each(kp_store *st, const char *on, kp_row_fn fn, void *arg)
{
    kp_q_pub_entry row;
    kp_param p[] = {KP_PTEXT(on)};
    return kp_rows_each(st, ENTRIES_SQL, p, KP_NPARAMS(p), &ENTRY, &row, fn, arg);
}

/* The public facts: each table's columns with their read and write, from
 * fixed fragments (never from input). */
#define PUB_FACT(t, table, key, col)                                                                               \
    {t, col, "SELECT COALESCE(CAST(" col " AS TEXT), '') FROM " table " WHERE " key " = ?",                      \
     "UPDATE " table " SET " col " = ? WHERE " key " = ?"}
static const struct {
    kp_q_pub_table t;
    const char *col, *read, *write;
} PUB_FACTS[] = {
    PUB_FACT(KP_Q_PUB_FACILITY, "facility", "id", "opening_hours"),
    PUB_FACT(KP_Q_PUB_FACILITY, "facility", "id", "phone"),
    PUB_FACT(KP_Q_PUB_FACILITY, "facility", "id", "email"),
    PUB_FACT(KP_Q_PUB_PROVIDER, "provider", "id", "phone"),
    PUB_FACT(KP_Q_PUB_PROVIDER, "provider", "id", "email"),
    PUB_FACT(KP_Q_PUB_PROVIDER, "provider", "id", "website"),
    PUB_FACT(KP_Q_PUB_PROVIDER, "provider", "id", "publish_places"),
    PUB_FACT(KP_Q_PUB_SOCIAL_SERVICE, "municipality_social_service", "municipality_id", "name"),
    PUB_FACT(KP_Q_PUB_SOCIAL_SERVICE, "municipality_social_service", "municipality_id", "address"),
    PUB_FACT(KP_Q_PUB_SOCIAL_SERVICE, "municipality_social_service", "municipality_id", "phone"),
    PUB_FACT(KP_Q_PUB_SOCIAL_SERVICE, "municipality_social_service", "municipality_id", "email"),
    PUB_FACT(KP_Q_PUB_SOCIAL_SERVICE, "municipality_social_service", "municipality_id", "opening_hours"),
    PUB_FACT(KP_Q_PUB_SOCIAL_SERVICE, "municipality_social_service", "municipality_id", "website"),
    PUB_FACT(KP_Q_PUB_SOCIAL_SERVICE, "municipality_social_service", "municipality_id", "apply_url"),
};

static int pub_fact(kp_q_pub_table t, const char *col)
{
    for (size_t i = 0; col && i < sizeof PUB_FACTS / sizeof PUB_FACTS[0]; i++)
        if (PUB_FACTS[i].t == t && strcmp(PUB_FACTS[i].col, col) == 0)
            return (int)i;
    return -1;
}

bool kp_q_pub_column(kp_q_pub_table t, const char *col)
{
    return pub_fact(t, col) >= 0;
}

kp_rc kp_q_pub_fact_get(kp_store *st, kp_q_pub_table t, int64_t id, const char *col, char *out, size_t outlen)
{
    int i = pub_fact(t, col);
    if (i < 0)
        return KP_EINVAL;
    kp_param p[] = {KP_PINT(id)};
    return kp_sql_text(st, PUB_FACTS[i].read, p, 1, out, outlen);
}

kp_rc kp_q_pub_fact_set(kp_store *st, kp_q_pub_table t, int64_t id, const char *col, const char *value)
{
    int i = pub_fact(t, col);
    if (i < 0)
        return KP_EINVAL;
    kp_param p[] = {{.t = KP_P_TEXT, .s = value ? value : ""}, KP_PINT(id)};
    if (strcmp(col, "publish_places") == 0)
        p[0] = KP_PINT(value && strcmp(value, "1") == 0 ? 1 : 0);
    return kp_sql_exec(st, PUB_FACTS[i].write, p, 2);
}

kp_rc kp_q_provider_exists(kp_store *st, int64_t id, bool *exists)
{
    kp_param p[] = {KP_PINT(id)};
    return kp_sql_exists(st, "SELECT COUNT(*) FROM provider WHERE id = ?", p, 1, exists);
}

kp_rc kp_q_municipality_on(kp_store *st, const char *atvk, const char *on, int64_t *id)
{
    kp_param p[] = {KP_PTEXT(atvk), KP_PTEXT(on)};
    return kp_sql_int(st,
                      "SELECT id FROM municipality WHERE atvk = ?1 AND valid_from <= ?2"
                      " AND (valid_to IS NULL OR valid_to >= ?2)",
                      p, 2, 0, id);
}

kp_rc kp_q_social_service_exists(kp_store *st, int64_t municipality, bool *exists)
{
    kp_param q[] = {KP_PINT(municipality)};
    return kp_sql_exists(st, "SELECT COUNT(*) FROM municipality_social_service WHERE municipality_id = ?", q, 1,
                         exists);
}

kp_rc kp_q_social_service_insert(kp_store *st, int64_t municipality, const char *name)
{
    kp_param ins[] = {KP_PINT(municipality), {.t = KP_P_TEXT, .s = name}};
    return kp_sql_exec(st, "INSERT INTO municipality_social_service(municipality_id, name) VALUES (?, ?)", ins, 2);
}
