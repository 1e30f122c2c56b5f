/* The territory aggregate's SQL (see territory_sql.h). */
#include "service/territory_sql.h"
#include "service/rows.h"
#include "service/sql.h"
#include "core/buf.h"
#include "core/mem.h"
#include <stdlib.h>
#include <string.h>

/* ---- territories ---- */

typedef struct terr_vec {
    kp_terr *items;
    size_t n, cap;
} terr_vec;
typedef struct parish_vec {
    kp_terr_parish *items;
    size_t n, cap;
} parish_vec;
typedef struct member_vec {
    kp_terr_member *items;
    size_t n, cap;
} member_vec;

static const kp_field TERR_F[] = {
    KP_FIELD(kp_terr, id),       KP_FIELD(kp_terr, successor), KP_FIELD(kp_terr, atvk),
    KP_FIELD(kp_terr, valid_from), KP_FIELD(kp_terr, valid_to), KP_FIELD(kp_terr, region),
    KP_FIELD(kp_terr, name),     KP_FIELD(kp_terr, confirmed),
};
static const kp_shape TERR = KP_SHAPE(kp_terr, TERR_F);
static const kp_field PARISH_F[] = {KP_FIELD(kp_terr_parish, id), KP_FIELD(kp_terr_parish, municipality),
                                    KP_FIELD(kp_terr_parish, successor)};
static const kp_shape PARISH = KP_SHAPE(kp_terr_parish, PARISH_F);
static const kp_field MEMBER_F[] = {KP_FIELD(kp_terr_member, municipality), KP_FIELD(kp_terr_member, region),
                                    KP_FIELD(kp_terr_member, from), KP_FIELD(kp_terr_member, to)};
static const kp_shape MEMBER = KP_SHAPE(kp_terr_member, MEMBER_F);

kp_rc kp_q_territories_load(kp_store *st, kp_territories *out)
{
    if (!out)
        return KP_EINVAL;
    memset(out, 0, sizeof *out);
    terr_vec t = {0};
    parish_vec p = {0};
    member_vec r = {0};
    kp_rc rc = KP_ROWS_ALL(st,
                           "SELECT id, COALESCE(successor_id, 0), atvk, valid_from, COALESCE(valid_to, ''),"
                           " region_code, name_lv, code_confirmed FROM municipality ORDER BY id",
                           NULL, 0, &TERR, &t);
    if (!rc)
        rc = KP_ROWS_ALL(st, "SELECT id, municipality_id, successor_id FROM parish ORDER BY id", NULL, 0, &PARISH, &p);
    if (!rc)
        rc = KP_ROWS_ALL(st,
                         "SELECT municipality_id, region_code, valid_from, COALESCE(valid_to, '')"
                         " FROM municipality_region ORDER BY municipality_id, valid_from",
                         NULL, 0, &MEMBER, &r);
    out->t = t.items;
    out->n = t.n;
    out->p = p.items;
    out->np = p.n;
    out->r = r.items;
    out->nr = r.n;
    return rc;
}

kp_rc kp_q_municipality_by_code(kp_store *st, const char *code, int64_t *id)
{
    kp_param p[] = {KP_PTEXT(code), KP_PTEXT(code)};
    return kp_sql_int(st, "SELECT id FROM municipality WHERE atvk = ? OR key = ?", p, 2, 0, id);
}

kp_rc kp_q_municipality_successor_before(kp_store *st, int64_t id, const char *d, int64_t *next)
{
    kp_param p[] = {KP_PINT(id), KP_PTEXT(d)};
    return kp_sql_int(st,
                      "SELECT successor_id FROM municipality WHERE id = ? AND valid_to IS NOT NULL"
                      " AND valid_to < ? AND successor_id IS NOT NULL",
                      p, KP_NPARAMS(p), 0, next);
}

kp_rc kp_q_municipality_valid_on(kp_store *st, int64_t id, const char *d, bool *valid)
{
    if (!valid)
        return KP_EINVAL;
    int64_t v = 0;
    kp_param p[] = {KP_PINT(id), KP_PTEXT(d)};
    kp_rc rc = kp_sql_int(st,
                          "SELECT 1 FROM municipality WHERE id = ?1 AND valid_from <= ?2"
                          " AND (valid_to IS NULL OR valid_to >= ?2)",
                          p, 2, 0, &v);
    *valid = !rc && v;
    return rc;
}

kp_rc kp_q_municipality_exists(kp_store *st, int64_t id, bool *exists)
{
    if (!exists)
        return KP_EINVAL;
    int64_t v = 0;
    kp_param p[] = {KP_PINT(id)};
    kp_rc rc = kp_sql_int(st, "SELECT 1 FROM municipality WHERE id = ?", p, 1, 0, &v);
    *exists = !rc && v;
    return rc;
}

kp_rc kp_q_municipality_atvk(kp_store *st, int64_t id, char *out, size_t outlen)
{
    kp_param p[] = {KP_PINT(id)};
    return kp_sql_text(st, "SELECT atvk FROM municipality WHERE id = ?", p, 1, out, outlen);
}

kp_rc kp_q_municipality_name(kp_store *st, int64_t id, const char *lang, char *out, size_t outlen)
{
    kp_param p[] = {KP_PINT(id), KP_PTEXT(lang)};
    return kp_sql_text(st, "SELECT CASE WHEN ?2 = 'en' THEN name_en ELSE name_lv END FROM municipality WHERE id = ?1", p,
                       2, out, outlen);
}

kp_rc kp_q_municipality_region_on(kp_store *st, int64_t id, const char *d, char region[8])
{
    if (!region)
        return KP_EINVAL;
    region[0] = '\0';
    kp_param p[] = {KP_PINT(id), KP_PTEXT(d)};
    kp_rc rc = kp_sql_text(st,
                           "SELECT region_code FROM municipality_region WHERE municipality_id = ?1 AND valid_from <= ?2"
                           " AND (valid_to IS NULL OR valid_to >= ?2)",
                           p, 2, region, 8);
    int64_t any = 0;
    if (!rc && !region[0])
        rc = kp_sql_int(st, "SELECT 1 FROM municipality_region WHERE municipality_id = ? LIMIT 1", p, 1, 0, &any);
    if (!rc && !region[0] && !any)
        rc = kp_sql_text(st, "SELECT region_code FROM municipality WHERE id = ?", p, 1, region, 8);
    return rc;
}

kp_rc kp_q_region_exists(kp_store *st, const char *code, bool *exists)
{
    if (!exists)
        return KP_EINVAL;
    int64_t v = 0;
    kp_param p[] = {KP_PTEXT(code)};
    kp_rc rc = kp_sql_int(st, "SELECT 1 FROM region WHERE code = ?", p, 1, 0, &v);
    *exists = !rc && v;
    return rc;
}

/* The municipality ids each kind's export prints as codes. */
static const struct {
    const char *kind, *ids;
} CODED_KINDS[] = {
    {"clients", "SELECT v.municipality_id FROM client_version v JOIN client c ON c.id = v.client_id"
                " AND v.valid_from = c.registered_on"},
    {"client_moves", "SELECT municipality_id FROM client_version"},
    {"residences", "SELECT municipality_id FROM residence WHERE municipality_id IS NOT NULL"},
    {"providers", "SELECT municipality_id FROM provider"},
    {"facilities", "SELECT municipality_id FROM facility"},
    {"compensation_payments", "SELECT municipality_id FROM compensation_payment"},
    {"plan_objects", "SELECT municipality_id FROM plan_object"},
    {"cooperation", "SELECT municipality_id FROM cooperation UNION SELECT partner_id FROM cooperation"},
};

static const kp_field ATVK_NAME_F[] = {KP_FIELD(kp_q_atvk_name, atvk), KP_FIELD(kp_q_atvk_name, name)};
static const kp_shape ATVK_NAME = KP_SHAPE(kp_q_atvk_name, ATVK_NAME_F);

kp_rc kp_q_unconfirmed_codes(kp_store *st, const char *kind, kp_q_atvk_names *out)
{
    if (!out)
        return KP_EINVAL;
    const char *ids = NULL;
    for (size_t i = 0; i < sizeof CODED_KINDS / sizeof CODED_KINDS[0]; i++)
        if (kind && strcmp(CODED_KINDS[i].kind, kind) == 0)
            ids = CODED_KINDS[i].ids;
    if (!ids)
        return KP_OK;
    /* The statements are fixed texts of the table above, never input. */
    kp_buf sql;
    kp_buf_init(&sql, 4096);
    kp_rc rc = kp_buf_printf(&sql,
                             "SELECT atvk, name_lv FROM municipality WHERE code_confirmed = 0 AND id IN (%s) ORDER BY atvk",
                             ids);
    if (!rc)
        rc = KP_ROWS_ALL(st, kp_buf_str(&sql), NULL, 0, &ATVK_NAME, out);
    kp_buf_free(&sql);
    return rc;
}

static const kp_field OUTLINE_F[] = {KP_FIELD(kp_q_outline, label_x), KP_FIELD(kp_q_outline, label_y),
                                     KP_FIELD_DUP(kp_q_outline, rings)};
static const kp_shape OUTLINE = KP_SHAPE(kp_q_outline, OUTLINE_F);

kp_rc kp_q_outline_of(kp_store *st, int64_t municipality_id, kp_q_outline *out)
{
    if (!out)
        return KP_EINVAL;
    bool found = false;
    kp_param p[] = {KP_PINT(municipality_id)};
    kp_rc rc = kp_rows_one(st, "SELECT label_x, label_y, rings FROM municipality_shape WHERE municipality_id = ?", p, 1,
                           &OUTLINE, out, &found);
    if (!rc && !out->rings)
        out->rings = kp_xstrdup("");
    return rc;
}

/* ---- validation lookups ---- */

bool kp_q_code_known(kp_store *st, kp_q_code_kind kind, const char *code)
{
    static const char *const SQL[] = {
        [KP_Q_SERVICE_TYPE] = "SELECT 1 FROM service_type WHERE code = ?",
        [KP_Q_TARGET_GROUP] = "SELECT 1 FROM target_group WHERE code = ?",
        [KP_Q_REGION] = "SELECT 1 FROM region WHERE code = ?",
    };
    if ((int)kind < 0 || (size_t)kind >= sizeof SQL / sizeof SQL[0] || !code)
        return false;
    int64_t v = 0;
    kp_param p[] = {{.t = KP_P_TEXT, .s = code}};
    return kp_sql_int(st, SQL[kind], p, 1, 0, &v) == KP_OK && v;
}

static const char *ref_sql(const char *table)
{
    static const struct {
        const char *table, *sql;
    } known[] = {
        {"client", "SELECT 1 FROM client WHERE id = ?"},
        {"assessment", "SELECT 1 FROM assessment WHERE id = ?"},
        {"support_plan", "SELECT 1 FROM support_plan WHERE id = ?"},
        {"plan_item", "SELECT 1 FROM plan_item WHERE id = ?"},
        {"assignment", "SELECT 1 FROM assignment WHERE id = ?"},
        {"delivery", "SELECT 1 FROM delivery WHERE id = ?"},
        {"provider", "SELECT 1 FROM provider WHERE id = ?"},
        {"facility", "SELECT 1 FROM facility WHERE id = ?"},
        {"facility_service", "SELECT 1 FROM facility_service WHERE id = ?"},
        {"residence", "SELECT 1 FROM residence WHERE id = ?"},
        {"client_representative", "SELECT 1 FROM client_representative WHERE id = ?"},
        {"personal_code", "SELECT 1 FROM personal_code WHERE id = ?"},
        {"project", "SELECT 1 FROM project WHERE id = ?"},
        {"payment_request", "SELECT 1 FROM payment_request WHERE id = ?"},
        {"compensation_payment", "SELECT 1 FROM compensation_payment WHERE id = ?"},
        {"plan_object", "SELECT 1 FROM plan_object WHERE id = ?"},
        {"plan_amendment", "SELECT 1 FROM plan_amendment WHERE id = ?"},
        {"plan_object_change", "SELECT 1 FROM plan_object_change WHERE id = ?"},
        {"cooperation", "SELECT 1 FROM cooperation WHERE id = ?"},
        {"indicator", "SELECT 1 FROM indicator WHERE id = ?"},
        {"indicator_value", "SELECT 1 FROM indicator_value WHERE id = ?"},
    };
    for (size_t i = 0; table && i < sizeof known / sizeof known[0]; i++)
        if (strcmp(known[i].table, table) == 0)
            return known[i].sql;
    return NULL;
}

bool kp_q_record_exists(kp_store *st, const char *table, int64_t id)
{
    const char *sql = ref_sql(table);
    int64_t v = 0;
    kp_param p[] = {KP_PINT(id)};
    return sql && kp_sql_int(st, sql, p, 1, 0, &v) == KP_OK && v;
}

static const kp_field SPAN_F[] = {KP_FIELD(kp_q_municipality_span, id), KP_FIELD(kp_q_municipality_span, valid_from),
                                  KP_FIELD(kp_q_municipality_span, valid_to)};
static const kp_shape SPAN = KP_SHAPE(kp_q_municipality_span, SPAN_F);

void kp_q_municipality_by_atvk(kp_store *st, const char *atvk, kp_q_municipality_span *out)
{
    if (!out)
        return;
    bool found = false;
    kp_param p[] = {{.t = KP_P_TEXT, .s = atvk ? atvk : ""}};
    if (kp_rows_one(st, "SELECT id, valid_from, COALESCE(valid_to, '') FROM municipality WHERE atvk = ?", p, 1, &SPAN,
                    out, &found) != KP_OK ||
        !found)
        memset(out, 0, sizeof *out);
}

static const kp_field HINT_F[] = {KP_FIELD(kp_q_hint, name), KP_FIELD(kp_q_hint, atvk), KP_FIELD(kp_q_hint, parish),
                                  KP_FIELD(kp_q_hint, confirmed)};
static const kp_shape HINT = KP_SHAPE(kp_q_hint, HINT_F);

kp_rc kp_q_territory_hints(kp_store *st, int64_t id, const char *d, bool predecessors, kp_q_hints *out)
{
    if (!out || !d)
        return KP_EINVAL;
    const char *sql =
        predecessors
            ? "WITH RECURSIVE p(id) AS (SELECT id FROM municipality WHERE successor_id = ?1"
              " UNION SELECT m.id FROM municipality m JOIN p ON m.successor_id = p.id)"
              " SELECT name_lv, atvk, '', code_confirmed FROM municipality WHERE id IN (SELECT id FROM p) AND valid_from <= ?2"
              " AND (valid_to IS NULL OR valid_to >= ?2)"
              " UNION ALL SELECT m.name_lv, m.atvk, x.name_lv, m.code_confirmed FROM parish x"
              " JOIN municipality m ON m.id = x.municipality_id"
              " WHERE x.successor_id = ?1 AND x.successor_id <> m.successor_id AND m.valid_from <= ?2"
              " AND (m.valid_to IS NULL OR m.valid_to >= ?2) ORDER BY 2"
            : "WITH RECURSIVE s(id, valid_from, valid_to) AS (SELECT id, valid_from, valid_to FROM municipality WHERE id = ?1"
              " UNION SELECT m.id, m.valid_from, m.valid_to FROM municipality m JOIN municipality x ON m.id = x.successor_id"
              " JOIN s ON x.id = s.id WHERE s.valid_to IS NOT NULL AND s.valid_to < ?2)"
              " SELECT m.name_lv, m.atvk, '', m.code_confirmed FROM s JOIN municipality m ON m.id = s.id WHERE s.id <> ?1"
              " AND s.valid_from <= ?2 AND (s.valid_to IS NULL OR s.valid_to >= ?2)";
    kp_param p[] = {KP_PINT(id), {.t = KP_P_TEXT, .s = d}};
    return KP_ROWS_ALL(st, sql, p, 2, &HINT, out);
}

kp_rc kp_q_parish_find(kp_store *st, int64_t municipality, const char *parish, int64_t *id)
{
    kp_param p[] = {KP_PINT(municipality), KP_PTEXT(parish)};
    return kp_sql_int(st, "SELECT id FROM parish WHERE municipality_id = ?1 AND (atvk = ?2 OR name_lv = ?2)", p, 2, 0,
                      id);
}

kp_rc kp_q_parish_names(kp_store *st, int64_t municipality, char *out, size_t outlen)
{
    kp_param p[] = {KP_PINT(municipality)};
    return kp_sql_text(st, "SELECT group_concat(name_lv, ', ') FROM parish WHERE municipality_id = ?", p, 1, out,
                       outlen);
}
