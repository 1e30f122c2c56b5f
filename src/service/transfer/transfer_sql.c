/* The SQL of import, export and the catalogue load (see transfer_sql.h). */
#include "service/transfer/transfer_sql.h"
#include "service/rows.h"
#include "core/mem.h"
#include <stdlib.h>
#include <string.h>

/* ---- import ---- */

/* Reference columns of the import kinds and the table each names: one
 * fixed query per column, never built from the file. ?1 is text:
 * PostgreSQL types a parameter by its first use and would not cast a
 * non-number; only digits reach the cast. */
#define REF_EXISTS(table)                                                                                          \
    "SELECT 1 FROM " table " WHERE CAST(id AS TEXT) = ?1 AND id = CASE WHEN length(?1) BETWEEN 1 AND 18"            \
    " AND trim(?1, '0123456789') = '' THEN CAST(?1 AS INTEGER) END"
static const struct {
    const char *column, *sql;
} REFERENCES[] = {
    {"client_id", REF_EXISTS("client")},
    {"representative_id", REF_EXISTS("client")},
    {"plan_id", REF_EXISTS("support_plan")},
    {"plan_item_id", REF_EXISTS("plan_item")},
    {"assignment_id", REF_EXISTS("assignment")},
    {"provider_id", REF_EXISTS("provider")},
    {"facility_id", REF_EXISTS("facility")},
    {"indicator_id", REF_EXISTS("indicator")},
    {"amendment_id", REF_EXISTS("plan_amendment")},
    {"object_id", REF_EXISTS("plan_object")},
};

static const char *reference_sql(const char *column)
{
    for (size_t j = 0; column && j < sizeof REFERENCES / sizeof REFERENCES[0]; j++)
        if (strcmp(column, REFERENCES[j].column) == 0)
            return REFERENCES[j].sql;
    return NULL;
}

bool kp_q_transfer_is_reference(const char *column)
{
    return reference_sql(column) != NULL;
}

kp_rc kp_q_transfer_reference_exists(kp_store *st, const char *column, const char *value, bool *exists)
{
    const char *sql = reference_sql(column);
    if (!st || !sql || !exists)
        return KP_EINVAL;
    kp_param p[] = {KP_PTEXT(value)};
    return kp_sql_exists(st, sql, p, 1, exists);
}

typedef struct kp_q_id {
    int64_t id;
} kp_q_id;
static const kp_field ID_F[] = {KP_FIELD(kp_q_id, id)};
static const kp_shape ID = KP_SHAPE(kp_q_id, ID_F);

typedef struct id_list {
    int64_t *items;
    size_t n, cap;
} id_list;

static kp_rc add_id(void *row, void *arg)
{
    id_list *l = arg;
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 64;
        l->items = kp_xrealloc(l->items, l->cap * sizeof *l->items);
    }
    l->items[l->n++] = ((const kp_q_id *)row)->id;
    return KP_OK;
}

kp_rc kp_q_transfer_objects_of_changes(kp_store *st, const int64_t *change_ids, size_t nchanges, int64_t **objects,
                                       size_t *n)
{
    if (!st || (nchanges && !change_ids) || !objects || !n)
        return KP_EINVAL;
    *objects = NULL;
    *n = 0;
    kp_buf ids;
    kp_buf_init(&ids, 0);
    kp_buf_printf(&ids, "[");
    for (size_t i = 0; i < nchanges; i++)
        kp_buf_printf(&ids, "%s%lld", i ? "," : "", (long long)change_ids[i]);
    kp_buf_printf(&ids, "]");
    id_list l = {0};
    kp_q_id row;
    kp_param p[] = {KP_PTEXT(kp_buf_str(&ids))};
    kp_rc rc = kp_rows_each(st,
                            "SELECT DISTINCT object_id FROM plan_object_change WHERE id IN (SELECT CAST(value AS INTEGER) FROM json_each(?))"
                            " ORDER BY object_id",
                            p, 1, &ID, &row, add_id, &l);
    kp_buf_free(&ids);
    *objects = l.items;
    *n = l.n;
    return rc;
}

/* ---- export ---- */

/* ---- the export queries: one column per entry of the kind's list, aliased
 * with its name, ordered by id. Municipalities go out as ATVK codes and
 * projects as their numbers, so a file means the same in another database. */

static const char clients_SQL[] =
    "SELECT c.id AS id, pc.sealed AS personal_code, pc.valid_from AS code_since, v.given_name AS given_name,"
    " v.family_name AS family_name, v.birth_date AS birth_date, m.atvk AS municipality,"
    " COALESCE(px.atvk, px.name_lv) AS parish, v.target_group AS target_group, NULL AS representative_id,"
    " v.disability_group AS disability_group, v.special_care_from AS special_care_from,"
    " v.parents_working AS parents_working, c.registered_on AS registered_on"
    " FROM client c JOIN client_version v ON v.client_id = c.id AND v.valid_from = c.registered_on"
    " JOIN municipality m ON m.id = v.municipality_id LEFT JOIN parish px ON px.id = v.parish_id"
    " LEFT JOIN personal_code pc ON pc.client_id = c.id AND pc.valid_to IS NULL ORDER BY c.id, pc.id";

/* Every boundary between two versions of a person (p, then v), by kind of
 * change: a row where that kind's fields differ, in date order.
 * The version before v: versions are contiguous (people.c closes one the
 * day before the next starts), so it is the latest that ended before v:
 * the same row as "ended the day before v", without date arithmetic, which
 * SQLite and PostgreSQL write differently. */
#define PREV_VERSION_END                                                                                             \
    " (SELECT MAX(q.valid_to) FROM client_version q WHERE q.client_id = v.client_id AND q.valid_to < v.valid_from)"
#define VERSION_PAIRS                                                                                                \
    " FROM client_version v JOIN client_version p ON p.client_id = v.client_id"                                    \
    " AND p.valid_to =" PREV_VERSION_END

static const char client_corrections_SQL[] =
    "SELECT v.client_id AS client_id, v.valid_from AS effective_on, v.correct_reason AS reason,"
    " v.given_name AS given_name, v.family_name AS family_name, v.birth_date AS birth_date,"
    " v.target_group AS target_group, v.disability_group AS disability_group,"
    " v.special_care_from AS special_care_from, v.parents_working AS parents_working" VERSION_PAIRS
    " WHERE v.given_name IS DISTINCT FROM p.given_name OR v.family_name IS DISTINCT FROM p.family_name"
    " OR v.birth_date IS DISTINCT FROM p.birth_date"
    " OR v.target_group IS DISTINCT FROM p.target_group OR v.disability_group IS DISTINCT FROM p.disability_group"
    " OR v.special_care_from IS DISTINCT FROM p.special_care_from OR v.parents_working IS DISTINCT FROM p.parents_working"
    " ORDER BY v.client_id, v.valid_from";

static const char client_moves_SQL[] =
    "SELECT v.client_id AS client_id, v.valid_from AS effective_on, m.atvk AS municipality,"
    " COALESCE(px.atvk, px.name_lv) AS parish, v.move_reason AS reason" VERSION_PAIRS
    " JOIN municipality m ON m.id = v.municipality_id LEFT JOIN parish px ON px.id = v.parish_id"
    " WHERE v.municipality_id IS DISTINCT FROM p.municipality_id OR v.parish_id IS DISTINCT FROM p.parish_id"
    " ORDER BY v.client_id, v.valid_from";

/* A case closed from the registration day has no version before: it is
 * the first version that is closed. */
static const char case_status_SQL[] =
    "SELECT v.client_id AS client_id, v.valid_from AS effective_on, v.case_status AS status,"
    " v.closed_reason AS closing_reason,"
    " CASE WHEN v.case_status = 'closed' THEN v.closed_note ELSE v.reopen_reason END AS reason"
    " FROM client_version v LEFT JOIN client_version p ON p.client_id = v.client_id"
    " AND p.valid_to =" PREV_VERSION_END
    " WHERE (p.id IS NULL AND v.case_status = 'closed')"
    " OR (p.id IS NOT NULL AND (v.case_status IS DISTINCT FROM p.case_status"
    " OR v.closed_reason IS DISTINCT FROM p.closed_reason OR v.closed_note IS DISTINCT FROM p.closed_note))"
    " ORDER BY v.client_id, v.valid_from";

static const char representatives_SQL[] =
    "SELECT id AS id, client_id AS client_id, representative_id AS representative_id, kind AS kind,"
    " valid_from AS valid_from, valid_to AS valid_to FROM client_representative ORDER BY id";

static const char former_codes_SQL[] =
    "SELECT id AS id, client_id AS client_id, sealed AS personal_code, valid_from AS valid_from,"
    " valid_to AS valid_to FROM personal_code WHERE valid_to IS NOT NULL ORDER BY id";

static const char residences_SQL[] =
    "SELECT r.id AS id, r.client_id AS client_id, r.kind AS kind, m.atvk AS municipality,"
    " COALESCE(px.atvk, px.name_lv) AS parish, r.start_date AS start_date, r.end_date AS end_date"
    " FROM residence r LEFT JOIN municipality m ON m.id = r.municipality_id"
    " LEFT JOIN parish px ON px.id = r.parish_id ORDER BY r.id";

static const char assessments_SQL[] =
    "SELECT id AS id, client_id AS client_id, round AS round, assessed_on AS assessed_on, place AS place,"
    " assessor AS assessor, id AS needs FROM assessment ORDER BY id";

static const char providers_SQL[] =
    "SELECT p.id AS id, p.name AS name, p.reg_no AS reg_no, m.atvk AS municipality,"
    " p.registered_on AS registered_on, p.closed_on AS closed_on"
    " FROM provider p JOIN municipality m ON m.id = p.municipality_id ORDER BY p.id";

static const char facilities_SQL[] =
    "SELECT f.id AS id, f.provider_id AS provider_id, f.name AS name, f.address AS address,"
    " m.atvk AS municipality, f.opened_on AS opened_on, f.closed_on AS closed_on"
    " FROM facility f JOIN municipality m ON m.id = f.municipality_id ORDER BY f.id";

static const char facility_services_SQL[] =
    "SELECT id AS id, facility_id AS facility_id, service_code AS service, target_group AS target_group,"
    " places AS places, valid_from AS valid_from, valid_to AS valid_to FROM facility_service ORDER BY id";

static const char support_plans_SQL[] =
    "SELECT id AS id, client_id AS client_id, version AS version, status AS status, goals AS goals,"
    " review_on AS review_on, created_on AS created_on, approved_on AS approved_on"
    " FROM support_plan ORDER BY id";

static const char plan_items_SQL[] =
    "SELECT id AS id, plan_id AS plan_id, service_code AS service, volume AS volume, provider_id AS provider_id,"
    " start_date AS start_date, end_date AS end_date, goal AS goal FROM plan_item ORDER BY id";

static const char assignments_SQL[] =
    "SELECT id AS id, client_id AS client_id, plan_item_id AS plan_item_id, service_code AS service,"
    " provider_id AS provider_id, start_date AS start_date,"
    /* The end as decided: an early end comes back as an assignment change. */
    " COALESCE(granted_end_date, end_date) AS end_date, units AS units,"
    " hours_per_week AS hours_per_week, mode AS mode, decided_on AS decided_on, esf_funded AS esf_funded"
    " FROM assignment ORDER BY id";

/* In the order they apply on import: ends, then suspensions (within the
 * new end), then cancellations. Withdrawn suspensions never took effect. */
static const char assignment_changes_SQL[] =
    "SELECT assignment_id, action, from_date, to_date, reason FROM ("
    " SELECT id AS assignment_id, 'end' AS action, NULL AS from_date, end_date AS to_date, end_reason AS reason,"
    "  1 AS k, id AS o FROM assignment WHERE granted_end_date IS NOT NULL"
    " UNION ALL SELECT assignment_id, 'suspend', start_date, end_date, reason, 2, id FROM assignment_suspension"
    "  WHERE withdrawn = 0"
    " UNION ALL SELECT id, 'cancel', cancelled_from, NULL, cancel_reason, 3, id FROM assignment"
    "  WHERE cancelled_from IS NOT NULL) AS changes"
    " ORDER BY k, o";

static const char plan_endings_SQL[] =
    "SELECT id AS plan_id, ended_on AS ended_on, end_reason AS reason FROM support_plan WHERE ended_on IS NOT NULL"
    " ORDER BY id";

static const char deliveries_SQL[] =
    "SELECT id AS id, assignment_id AS assignment_id, delivered_on AS delivered_on, units AS units,"
    " confirmed AS confirmed FROM delivery ORDER BY id";

static const char projects_SQL[] =
    "SELECT id AS id, number AS number, name AS name, region_code AS region, start_date AS start_date,"
    " end_date AS end_date, budget_cents AS budget, esf_cents AS esf, state_cents AS state"
    " FROM project ORDER BY id";

static const char payment_requests_SQL[] =
    "SELECT r.id AS id, p.number AS project, r.number AS number, r.period_start AS period_start,"
    " r.period_end AS period_end, r.submitted_on AS submitted_on, r.amount_cents AS amount"
    " FROM payment_request r JOIN project p ON p.id = r.project_id ORDER BY r.id";

static const char compensation_payments_SQL[] =
    "SELECT c.id AS id, p.number AS project, m.atvk AS municipality, c.period_start AS period_start,"
    " c.period_end AS period_end, c.paid_on AS paid_on, c.amount_cents AS amount, c.esf_cents AS esf,"
    " c.state_cents AS state FROM compensation_payment c JOIN project p ON p.id = c.project_id"
    " JOIN municipality m ON m.id = c.municipality_id ORDER BY c.id";

static const char plan_objects_SQL[] =
    "SELECT o.id AS id, o.region_code AS region, m.atvk AS municipality, o.name AS name,"
    " o.target_group AS target_group, o.service_code AS service, o.places AS places, o.erdf_cents AS erdf,"
    " o.status AS status, o.added_on AS added_on, o.facility_id AS facility_id, o.address AS address,"
    " o.state_cents AS state, o.municipal_cents AS municipal, o.other_cents AS other,"
    " o.other_sources AS other_sources, o.planned_completion AS planned_completion,"
    " o.actual_completion AS actual_completion"
    " FROM plan_object o JOIN municipality m ON m.id = o.municipality_id ORDER BY o.id";

static const char plan_amendments_SQL[] =
    "SELECT id AS id, region_code AS region, number AS number, approved_on AS approved_on, reason AS reason,"
    " decision_no AS decision_no, decision_on AS decision_on, text AS text"
    " FROM plan_amendment ORDER BY id";

static const char plan_object_changes_SQL[] =
    "SELECT id AS id, amendment_id AS amendment_id, object_id AS object_id, field AS field,"
    " old_value AS old_value, new_value AS new_value, effective_on AS effective_on, reason AS reason"
    " FROM plan_object_change ORDER BY id";

static const char cooperation_SQL[] =
    "SELECT c.id AS id, m.atvk AS municipality, p.atvk AS partner, c.service_code AS service,"
    " c.target_group AS target_group, c.kind AS kind, c.places AS places, c.valid_from AS valid_from,"
    " c.valid_to AS valid_to, c.decision AS decision FROM cooperation c"
    " JOIN municipality m ON m.id = c.municipality_id JOIN municipality p ON p.id = c.partner_id ORDER BY c.id";

static const char indicators_SQL[] =
    "SELECT id AS id, region_code AS region, key AS key, kind AS kind, name_lv AS name_lv, name_en AS name_en,"
    " source AS source, computation AS computation, entered_by_role AS entered_by_role,"
    " baseline_year AS baseline_year, baseline AS baseline, target_year AS target_year, target AS target,"
    " sort AS sort FROM indicator ORDER BY id";

static const char indicator_values_SQL[] =
    "SELECT id AS id, indicator_id AS indicator_id, period_year AS period_year, value AS value,"
    " entered_by AS entered_by, entered_on AS entered_on FROM indicator_value ORDER BY id";


static const struct {
    const char *kind, *sql;
} EXPORTS[] = {
    {"clients", clients_SQL},
    {"former_codes", former_codes_SQL},
    {"residences", residences_SQL},
    {"client_corrections", client_corrections_SQL},
    {"client_moves", client_moves_SQL},
    {"case_status", case_status_SQL},
    {"representatives", representatives_SQL},
    {"assessments", assessments_SQL},
    {"providers", providers_SQL},
    {"facilities", facilities_SQL},
    {"facility_services", facility_services_SQL},
    {"support_plans", support_plans_SQL},
    {"plan_items", plan_items_SQL},
    {"assignments", assignments_SQL},
    {"deliveries", deliveries_SQL},
    {"assignment_changes", assignment_changes_SQL},
    {"plan_endings", plan_endings_SQL},
    {"projects", projects_SQL},
    {"payment_requests", payment_requests_SQL},
    {"compensation_payments", compensation_payments_SQL},
    {"plan_objects", plan_objects_SQL},
    {"plan_amendments", plan_amendments_SQL},
    {"plan_object_changes", plan_object_changes_SQL},
    {"cooperation", cooperation_SQL},
    {"indicators", indicators_SQL},
    {"indicator_values", indicator_values_SQL},
};

static const char *export_sql(const char *kind)
{
    for (size_t i = 0; kind && i < sizeof EXPORTS / sizeof EXPORTS[0]; i++)
        if (strcmp(EXPORTS[i].kind, kind) == 0)
            return EXPORTS[i].sql;
    return NULL;
}

kp_rc kp_q_transfer_export_each(kp_store *st, const char *kind, const char *const *names, const kp_q_transfer_cell_kind *kinds,
                                size_t ncols, kp_q_transfer_cells_fn fn, void *arg)
{
    const char *sql = export_sql(kind);
    if (!st || !sql || !names || !kinds || !ncols || !fn)
        return KP_EINVAL;
    kp_stmt *s = NULL;
    kp_q_transfer_cell *cells = kp_xcalloc(ncols, sizeof *cells);
    bool row = false;
    kp_rc rc = kp_store_prepare(st, sql, &s);
    /* The query must give the kind's columns, named, in order. */
    if (!rc && (size_t)kp_stmt_columns(s) != ncols)
        rc = KP_ESTATE;
    for (size_t i = 0; !rc && i < ncols; i++)
        if (!names[i] || strcmp(kp_stmt_column_name(s, (int)i), names[i]) != 0)
            rc = KP_ESTATE;
    while (!rc && !(rc = kp_stmt_step(s, &row)) && row) {
        for (size_t i = 0; i < ncols; i++) {
            kp_q_transfer_cell *c = &cells[i];
            memset(c, 0, sizeof *c);
            c->null = kp_stmt_is_null(s, (int)i);
            if (c->null)
                continue;
            switch (kinds[i]) {
            case KP_Q_TRANSFER_CELL_INT: c->i = kp_stmt_int(s, (int)i); break;
            case KP_Q_TRANSFER_CELL_BLOB: c->blob = kp_stmt_blob(s, (int)i, &c->n); break;
            case KP_Q_TRANSFER_CELL_TEXT: c->text = kp_stmt_text(s, (int)i); break;
            }
        }
        rc = fn(cells, ncols, arg);
    }
    kp_stmt_free(s);
    free(cells);
    return rc;
}

typedef struct kp_q_code {
    char code[128]; /* a service code: at most 31 characters (catalogue.c) */
} kp_q_code;
static const kp_field CODE_F[] = {KP_FIELD(kp_q_code, code)};
static const kp_shape CODE = KP_SHAPE(kp_q_code, CODE_F);

static kp_rc add_need(void *row, void *arg)
{
    kp_buf *b = arg;
    kp_rc rc = b->len ? kp_buf_putc(b, '|') : KP_OK;
    return rc ? rc : kp_buf_puts(b, ((const kp_q_code *)row)->code);
}

kp_rc kp_q_transfer_needs_of(kp_store *st, int64_t assessment, kp_buf *b)
{
    if (!st || !b)
        return KP_EINVAL;
    kp_q_code row;
    kp_param p[] = {KP_PINT(assessment)};
    return kp_rows_each(st, "SELECT service_code FROM assessment_need WHERE assessment_id = ? ORDER BY service_code", p,
                        1, &CODE, &row, add_need, b);
}

/* ---- catalogues ---- */

kp_rc kp_q_catalogue_loaded(kp_store *st, bool *loaded)
{
    if (!st || !loaded)
        return KP_EINVAL;
    return kp_sql_exists(st, "SELECT COUNT(*) FROM region", NULL, 0, loaded);
}

kp_rc kp_q_catalogue_code_add(kp_store *st, kp_q_catalogue_code_table table, const char *code, const char *name_lv,
                              const char *name_en)
{
    kp_param p[] = {KP_PTEXT(code), KP_PTEXT(name_lv), KP_PTEXT(name_en)};
    return kp_sql_exec(st,
                       table == KP_Q_CATALOGUE_REGIONS ? "INSERT INTO region(code, name_lv, name_en) VALUES (?, ?, ?)"
                                             : "INSERT INTO target_group(code, name_lv, name_en) VALUES (?, ?, ?)",
                       p, 3);
}

kp_rc kp_q_catalogue_municipality_add(kp_store *st, const kp_q_catalogue_municipality_in *in)
{
    if (!in)
        return KP_EINVAL;
    kp_param p[] = {KP_PTEXT(in->atvk),       KP_PTEXT(in->key),      KP_PTEXT(in->name_lv),
                    KP_PTEXT(in->name_en),    KP_PTEXT(in->kind),     KP_PTEXT(in->region),
                    KP_PTEXT(in->valid_from), KP_PTEXT(in->valid_to), KP_PINT(in->code_confirmed),
                    KP_PTEXT(in->source)};
    return kp_sql_exec(st,
                       "INSERT INTO municipality(atvk, key, name_lv, name_en, kind, region_code, valid_from, valid_to,"
                       " code_confirmed, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                       p, KP_NPARAMS(p));
}

static const kp_field TERRITORY_F[] = {KP_FIELD(kp_q_catalogue_territory, id), KP_FIELD(kp_q_catalogue_territory, valid_from),
                                       KP_FIELD(kp_q_catalogue_territory, valid_to)};
static const kp_shape TERRITORY = KP_SHAPE(kp_q_catalogue_territory, TERRITORY_F);

kp_rc kp_q_catalogue_territory_by_atvk(kp_store *st, const char *atvk, kp_q_catalogue_territory *out)
{
    if (!out)
        return KP_EINVAL;
    bool found = false;
    kp_param p[] = {KP_PTEXT(atvk)};
    return kp_rows_one(st, "SELECT id, valid_from, COALESCE(valid_to, '') FROM municipality WHERE atvk = ?", p, 1,
                       &TERRITORY, out, &found);
}

kp_rc kp_q_catalogue_territory_valid_on(kp_store *st, const char *atvk, const char *on, bool *valid)
{
    if (!valid)
        return KP_EINVAL;
    kp_param q[] = {KP_PTEXT(atvk), KP_PTEXT(on)};
    return kp_sql_exists(st,
                  "SELECT 1 FROM municipality WHERE atvk = ?1 AND valid_from <= ?2"
                  " AND (valid_to IS NULL OR valid_to >= ?2)",
                  q, 2, valid);
}

kp_rc kp_q_catalogue_set_successor(kp_store *st, const char *atvk, int64_t successor)
{
    kp_param p[] = {KP_PINT(successor), KP_PTEXT(atvk)};
    return kp_sql_exec(st, "UPDATE municipality SET successor_id = ? WHERE atvk = ?", p, 2);
}

kp_rc kp_q_catalogue_membership_overlaps(kp_store *st, int64_t id, const char *from, const char *to, bool *overlaps)
{
    if (!overlaps)
        return KP_EINVAL;
    kp_param q[] = {KP_PINT(id), KP_PTEXT(kp_blank(to) ? "9999-12-31" : to), KP_PTEXT(from)};
    return kp_sql_exists(st,
                  "SELECT 1 FROM municipality_region WHERE municipality_id = ? AND valid_from <= ?"
                  " AND COALESCE(valid_to, '9999-12-31') >= ?",
                  q, 3, overlaps);
}

kp_rc kp_q_catalogue_membership_add(kp_store *st, int64_t id, const char *region, const char *from, const char *to,
                          const char *source)
{
    kp_param p[] = {KP_PINT(id), KP_PTEXT(region), KP_PTEXT(from), KP_PTEXT(to), KP_PTEXT(source)};
    return kp_sql_exec(st,
                       "INSERT INTO municipality_region(municipality_id, region_code, valid_from, valid_to, source)"
                       " VALUES (?, ?, ?, ?, ?)",
                       p, KP_NPARAMS(p));
}

static const kp_field MEMBERSHIP_F[] = {
    KP_FIELD(kp_q_catalogue_membership_row, atvk), KP_FIELD(kp_q_catalogue_membership_row, valid_from),
    KP_FIELD(kp_q_catalogue_membership_row, valid_to), KP_FIELD(kp_q_catalogue_membership_row, none),
    KP_FIELD(kp_q_catalogue_membership_row, from), KP_FIELD(kp_q_catalogue_membership_row, to)};
static const kp_shape MEMBERSHIP = KP_SHAPE(kp_q_catalogue_membership_row, MEMBERSHIP_F);

typedef struct membership_walk {
    kp_q_catalogue_membership_fn fn;
    void *arg;
} membership_walk;

static kp_rc membership_row(void *row, void *arg)
{
    const membership_walk *w = arg;
    return w->fn(row, w->arg);
}

kp_rc kp_q_catalogue_memberships_each(kp_store *st, kp_q_catalogue_membership_fn fn, void *arg)
{
    if (!fn)
        return KP_EINVAL;
    membership_walk w = {fn, arg};
    kp_q_catalogue_membership_row row;
    return kp_rows_each(st,
                        "SELECT m.atvk, m.valid_from, COALESCE(m.valid_to, ''),"
                        " CASE WHEN r.municipality_id IS NULL THEN 1 ELSE 0 END,"
                        " COALESCE(r.valid_from, ''), COALESCE(r.valid_to, '')"
                        " FROM municipality m LEFT JOIN municipality_region r ON r.municipality_id = m.id"
                        " ORDER BY m.id, r.valid_from",
                        NULL, 0, &MEMBERSHIP, &row, membership_row, &w);
}

kp_rc kp_q_catalogue_parish_add(kp_store *st, int64_t territory, const char *atvk, const char *name_lv, int64_t successor,
                      int code_confirmed, const char *source)
{
    kp_param p[] = {KP_PINT(territory), kp_blank(atvk) ? KP_PNULL : KP_PTEXT(atvk), KP_PTEXT(name_lv),
                    KP_PINT(successor), KP_PINT(code_confirmed),                 KP_PTEXT(source)};
    return kp_sql_exec(st,
                       "INSERT INTO parish(municipality_id, atvk, name_lv, successor_id, code_confirmed, source)"
                       " VALUES (?, ?, ?, ?, ?, ?)",
                       p, KP_NPARAMS(p));
}

kp_rc kp_q_catalogue_population_add(kp_store *st, int64_t territory, int64_t year, int64_t population, const char *source)
{
    kp_param p[] = {KP_PINT(territory), KP_PINT(year), KP_PINT(population), KP_PTEXT(source)};
    return kp_sql_exec(st, "INSERT INTO population(municipality_id, year, population, source) VALUES (?, ?, ?, ?)", p,
                       KP_NPARAMS(p));
}

kp_rc kp_q_catalogue_service_type_add(kp_store *st, const char *code, const char *name_lv, const char *name_en, const char *unit,
                            int64_t sort)
{
    kp_param p[] = {KP_PTEXT(code), KP_PTEXT(name_lv), KP_PTEXT(name_en), KP_PTEXT(unit), KP_PINT(sort)};
    return kp_sql_exec(st, "INSERT INTO service_type(code, name_lv, name_en, unit, sort) VALUES (?, ?, ?, ?, ?)", p,
                       KP_NPARAMS(p));
}

kp_rc kp_q_catalogue_service_parent(kp_store *st, const char *code, const char *parent)
{
    kp_param p[] = {KP_PTEXT(parent), KP_PTEXT(code)};
    return kp_sql_exec(st, "UPDATE service_type SET parent_code = ? WHERE code = ?", p, 2);
}

kp_rc kp_q_catalogue_eligibility_add(kp_store *st, const char *service, const char *target_group)
{
    kp_param p[] = {KP_PTEXT(service), KP_PTEXT(target_group)};
    return kp_sql_exec(st, "INSERT INTO service_eligibility(service_code, target_group) VALUES (?, ?)", p, 2);
}

kp_rc kp_q_catalogue_rule_add(kp_store *st, const kp_q_catalogue_rule_in *in)
{
    if (!in)
        return KP_EINVAL;
    kp_param p[] = {KP_PINT(in->id),
                    KP_PTEXT(in->service),
                    KP_PTEXT(in->region),
                    KP_PTEXT(in->target_group),
                    KP_PTEXT(in->kind),
                    KP_PTEXT(in->period),
                    KP_PINT(in->limit),
                    in->age_min < 0 ? KP_PNULL : KP_PINT(in->age_min),
                    in->age_max < 0 ? KP_PNULL : KP_PINT(in->age_max),
                    in->parents_working < 0 ? KP_PNULL : KP_PINT(in->parents_working),
                    KP_PTEXT(in->valid_from),
                    KP_PTEXT(in->valid_to),
                    KP_PTEXT(in->source)};
    return kp_sql_exec(st,
                       "INSERT INTO service_rule(id, service_code, region_code, target_group, kind, period, limit_value,"
                       " age_min, age_max, parents_working, valid_from, valid_to, source)"
                       " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                       p, KP_NPARAMS(p));
}

kp_rc kp_q_catalogue_neighbour_add(kp_store *st, int64_t a, int64_t b)
{
    kp_param p[] = {KP_PINT(a), KP_PINT(b)};
    return kp_sql_exec(st, "INSERT INTO municipality_neighbour(municipality_id, neighbour_id) VALUES (?, ?)", p,
                       KP_NPARAMS(p));
}

kp_rc kp_q_catalogue_shape_add(kp_store *st, int64_t territory, int64_t label_x, int64_t label_y, const char *rings)
{
    kp_param p[] = {KP_PINT(territory), KP_PINT(label_x), KP_PINT(label_y), KP_PTEXT(rings)};
    return kp_sql_exec(st, "INSERT INTO municipality_shape(municipality_id, label_x, label_y, rings) VALUES (?, ?, ?, ?)",
                       p, KP_NPARAMS(p));
}

kp_rc kp_q_catalogue_unit_cost_overlaps(kp_store *st, const char *service, const char *from, const char *to, bool *overlaps)
{
    if (!overlaps)
        return KP_EINVAL;
    kp_param q[] = {KP_PTEXT(service), KP_PTEXT(kp_blank(to) ? "9999-12-31" : to), KP_PTEXT(from)};
    return kp_sql_exists(st,
                  "SELECT 1 FROM unit_cost WHERE service_code = ? AND valid_from <= ?"
                  " AND COALESCE(valid_to, '9999-12-31') >= ?",
                  q, 3, overlaps);
}

kp_rc kp_q_catalogue_unit_cost_add(kp_store *st, const char *service, int64_t cents, const char *from, const char *to,
                         const char *source)
{
    kp_param p[] = {KP_PTEXT(service), KP_PINT(cents), KP_PTEXT(from), KP_PTEXT(to), KP_PTEXT(source)};
    return kp_sql_exec(st,
                       "INSERT INTO unit_cost(service_code, amount_cents, valid_from, valid_to, source) VALUES (?, ?, ?, ?, ?)",
                       p, KP_NPARAMS(p));
}
