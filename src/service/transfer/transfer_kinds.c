/* The kinds of record for import/export: columns, export query, import use case. */
#include "service/transfer/transfer_kinds.h"
#include "service/transfer/transfer.h"
#include "service/casework/cases.h"
#include "service/casework/people.h"
#include "service/casework/services.h"
#include "service/programme/diplan.h"
#include "service/programme/programme.h"
#include "core/buf.h"
#include "core/mem.h"
#include <stdlib.h>
#include <string.h>

/* Each kind lists its columns once, as X(field, required, type); the list
 * makes the column table, fills the input struct by field name, and checks
 * at compile time that every field of the struct has a column. */
#define KP_COL_ENTRY(f, req, type) {#f, req, KP_COL_##type},
/* A column's value by its place in the kind's list: KP_COL_PLACES(LIST)
 * numbers the list's columns in the function that reads them. */
#define KP_COL_GET(f, req, type) .f = kp_transfer_get_at(r, KP_COL_AT_##f, #f, KP_COL_##type),
#define KP_COL_PLACE(f, req, type) KP_COL_AT_##f,
#define KP_COL_PLACES(LIST) enum { LIST(KP_COL_PLACE) }
#define KP_COL_ONE(f, req, type) +1

#define KP_KIND_COLUMNS(NAME, LIST, IN_TYPE)                                                                      \
    static const kp_transfer_col NAME##_COLS[] = {LIST(KP_COL_ENTRY)};                                           \
    _Static_assert(sizeof(IN_TYPE) == (0 LIST(KP_COL_ONE)) * sizeof(const char *),                               \
                   #IN_TYPE " has a field without a column")

#define KP_KIND_IMPORT(NAME, LIST, IN_TYPE, CALL)                                                                 \
    KP_KIND_COLUMNS(NAME, LIST, IN_TYPE);                                                                          \
    static kp_rc NAME##_import(kp_ctx *ctx, const kp_transfer_row *r, kp_errors *e)                               \
    {                                                                                                              \
        KP_COL_PLACES(LIST);                                                                                       \
        IN_TYPE in = {LIST(KP_COL_GET)};                                                                           \
        return CALL(ctx, &in, e, NULL);                                                                            \
    }

static const char *unguarded(const char *v, kp_col_type type)
{
    if (type == KP_COL_FREE && v[0] == KP_TRANSFER_GUARD)
        v++;
    return v;
}

const char *kp_transfer_get(const kp_transfer_row *r, const char *column, kp_col_type type)
{
    return unguarded(kp_csv_field(r->row, kp_csv_header_column(r->header, column)), type);
}

const char *kp_transfer_get_at(const kp_transfer_row *r, size_t i, const char *column, kp_col_type type)
{
    if (!r->at)
        return kp_transfer_get(r, column, type);
    return unguarded(kp_csv_field(r->row, r->at[i]), type);
}

#define REQ true
#define OPT false

/* ---- case records ---- */

/* A client as registered (the first version of the person); what changed
 * later goes out as client_corrections, client_moves and case_status, and
 * representatives with their periods as representatives, so an import of
 * every kind rebuilds the same history. representative_id is still read on
 * import (a link from registered_on) but exported empty (BLANK). */
#define CLIENTS(X)                                                                                                 \
    X(id, OPT, TEXT) X(personal_code, REQ, CODE) X(code_since, OPT, TEXT) X(given_name, REQ, FREE)                 \
    X(family_name, REQ, FREE) X(birth_date, REQ, TEXT) X(municipality, REQ, TEXT) X(parish, OPT, TEXT)               \
    X(target_group, REQ, TEXT)                                                                                     \
    X(representative_id, OPT, BLANK) X(disability_group, OPT, TEXT) X(special_care_from, OPT, TEXT)                \
    X(parents_working, OPT, TEXT) X(registered_on, REQ, TEXT)
KP_KIND_IMPORT(clients, CLIENTS, kp_client_in, kp_client_register)

/* Row ids of personal-code history are not exported (BLANK): the current
 * codes imported with clients take new ids, which could collide with them,
 * and nothing refers to them. */
#define FORMER_CODES(X)                                                                                            \
    X(id, OPT, BLANK) X(client_id, REQ, TEXT) X(personal_code, REQ, CODE) X(valid_from, REQ, TEXT)                 \
    X(valid_to, REQ, TEXT)
KP_KIND_IMPORT(former_codes, FORMER_CODES, kp_former_code_in, kp_client_add_former_code)

#define RESIDENCES(X)                                                                                              \
    X(id, OPT, TEXT) X(client_id, REQ, TEXT) X(kind, REQ, TEXT) X(municipality, OPT, TEXT)                         \
    X(parish, OPT, TEXT) X(start_date, REQ, TEXT) X(end_date, OPT, TEXT)
KP_KIND_IMPORT(residences, RESIDENCES, kp_residence_in, kp_residence_add)

/* ---- a person's history (people.h) ---- */

/* The person's details as they are from effective_on: every column given
 * (an optional one empty = none); the fields that differ from the version
 * in force then are the correction. */
#define CLIENT_CORRECTIONS(X)                                                                                      \
    X(client_id, REQ, TEXT) X(effective_on, REQ, TEXT) X(reason, REQ, FREE) X(given_name, REQ, FREE)               \
    X(family_name, REQ, FREE) X(birth_date, REQ, TEXT) X(target_group, REQ, TEXT) X(disability_group, REQ, TEXT)   \
    X(special_care_from, REQ, TEXT) X(parents_working, REQ, TEXT)
KP_KIND_IMPORT(client_corrections, CLIENT_CORRECTIONS, kp_correction_in, kp_client_correct)

#define CLIENT_MOVES(X)                                                                                            \
    X(client_id, REQ, TEXT) X(effective_on, REQ, TEXT) X(municipality, REQ, TEXT) X(parish, OPT, TEXT)             \
    X(reason, REQ, FREE)
KP_KIND_IMPORT(client_moves, CLIENT_MOVES, kp_move_in, kp_client_move)

#define CASE_STATUS(X)                                                                                             \
    X(client_id, REQ, TEXT) X(effective_on, REQ, TEXT) X(status, REQ, TEXT) X(closing_reason, OPT, TEXT)           \
    X(reason, OPT, FREE)
KP_KIND_IMPORT(case_status, CASE_STATUS, kp_case_status_in, kp_case_status_record)

#define REPRESENTATIVES(X)                                                                                         \
    X(id, OPT, TEXT) X(client_id, REQ, TEXT) X(representative_id, REQ, TEXT) X(kind, REQ, TEXT)                    \
    X(valid_from, REQ, TEXT) X(valid_to, OPT, TEXT)
KP_KIND_IMPORT(representatives, REPRESENTATIVES, kp_representative_in, kp_representative_link)

#define ASSESSMENTS(X)                                                                                             \
    X(id, OPT, TEXT) X(client_id, REQ, TEXT) X(round, REQ, TEXT) X(assessed_on, REQ, TEXT) X(place, REQ, TEXT)     \
    X(assessor, OPT, FREE) X(needs, OPT, NEEDS)
KP_KIND_IMPORT(assessments, ASSESSMENTS, kp_assessment_in, kp_assessment_record)

/* ---- providers ---- */

#define PROVIDERS(X)                                                                                               \
    X(id, OPT, TEXT) X(name, REQ, FREE) X(reg_no, REQ, FREE) X(municipality, REQ, TEXT)                            \
    X(registered_on, REQ, TEXT) X(closed_on, OPT, TEXT)
KP_KIND_IMPORT(providers, PROVIDERS, kp_provider_in, kp_provider_add)

#define FACILITIES(X)                                                                                              \
    X(id, OPT, TEXT) X(provider_id, REQ, TEXT) X(name, REQ, FREE) X(address, REQ, FREE)                            \
    X(municipality, REQ, TEXT) X(opened_on, REQ, TEXT) X(closed_on, OPT, TEXT)
KP_KIND_IMPORT(facilities, FACILITIES, kp_facility_in, kp_facility_add)

#define FACILITY_SERVICES(X)                                                                                       \
    X(id, OPT, TEXT) X(facility_id, REQ, TEXT) X(service, REQ, TEXT) X(target_group, REQ, TEXT)                    \
    X(places, OPT, TEXT) X(valid_from, REQ, TEXT) X(valid_to, OPT, TEXT)
KP_KIND_IMPORT(facility_services, FACILITY_SERVICES, kp_facility_service_in, kp_facility_service_add)

/* ---- plans and services ---- */

#define SUPPORT_PLANS(X)                                                                                           \
    X(id, OPT, TEXT) X(client_id, REQ, TEXT) X(version, OPT, TEXT) X(status, OPT, TEXT) X(goals, OPT, FREE)        \
    X(review_on, OPT, TEXT) X(created_on, REQ, TEXT) X(approved_on, OPT, TEXT)
KP_KIND_IMPORT(support_plans, SUPPORT_PLANS, kp_plan_in, kp_plan_create)

#define PLAN_ITEMS(X)                                                                                              \
    X(id, OPT, TEXT) X(plan_id, REQ, TEXT) X(service, REQ, TEXT) X(volume, REQ, TEXT) X(provider_id, OPT, TEXT)    \
    X(start_date, REQ, TEXT) X(end_date, REQ, TEXT) X(goal, OPT, FREE)
KP_KIND_IMPORT(plan_items, PLAN_ITEMS, kp_plan_item_in, kp_plan_add_item)

#define ASSIGNMENTS(X)                                                                                             \
    X(id, OPT, TEXT) X(client_id, REQ, TEXT) X(plan_item_id, OPT, TEXT) X(service, REQ, TEXT)                      \
    X(provider_id, OPT, TEXT) X(start_date, REQ, TEXT) X(end_date, REQ, TEXT) X(units, REQ, TEXT)                  \
    X(hours_per_week, OPT, TEXT) X(mode, OPT, TEXT) X(decided_on, REQ, TEXT) X(esf_funded, OPT, TEXT)
KP_KIND_IMPORT(assignments, ASSIGNMENTS, kp_assignment_in, kp_assignment_create)

#define DELIVERIES(X)                                                                                              \
    X(id, OPT, TEXT) X(assignment_id, REQ, TEXT) X(delivered_on, REQ, TEXT) X(units, REQ, TEXT)                    \
    X(confirmed, OPT, TEXT)
KP_KIND_COLUMNS(deliveries, DELIVERIES, kp_delivery_in);

struct kp_transfer_state {
    kp_delivery_batch *deliveries;
};

kp_transfer_state *kp_transfer_state_new(void)
{
    return kp_xcalloc(1, sizeof(kp_transfer_state));
}

void kp_transfer_state_free(kp_transfer_state *st)
{
    if (!st)
        return;
    kp_delivery_batch_free(st->deliveries);
    free(st);
}

/* The bulk of a national import: the assignments' facts are read once per
 * file (kp_delivery_batch_record). */
static kp_rc deliveries_import(kp_ctx *ctx, const kp_transfer_row *r, kp_errors *e)
{
    KP_COL_PLACES(DELIVERIES);
    kp_delivery_in in = {DELIVERIES(KP_COL_GET)};
    if (!r->state)
        return kp_delivery_record(ctx, &in, e, NULL);
    if (!r->state->deliveries)
        r->state->deliveries = kp_delivery_batch_new();
    return kp_delivery_batch_record(ctx, r->state->deliveries, &in, e, NULL);
}

/* What happened to assignments after they were decided (services.h): an
 * early end (to_date = the new last day), a suspension (from_date–to_date,
 * to_date empty = until resumed), a cancellation (from_date = the first day
 * it no longer holds). Imported after deliveries, which they are checked
 * against. */
#define ASSIGNMENT_CHANGES(X)                                                                                      \
    X(assignment_id, REQ, TEXT) X(action, REQ, TEXT) X(from_date, OPT, TEXT) X(to_date, OPT, TEXT)               \
    X(reason, REQ, FREE)
KP_KIND_IMPORT(assignment_changes, ASSIGNMENT_CHANGES, kp_assignment_change_in, kp_assignment_change_import)

#define PLAN_ENDINGS(X) X(plan_id, REQ, TEXT) X(ended_on, REQ, TEXT) X(reason, REQ, FREE)
KP_KIND_IMPORT(plan_endings, PLAN_ENDINGS, kp_plan_ending_in, kp_plan_ending_import)

/* ---- projects and money ---- */

#define PROJECTS(X)                                                                                                \
    X(id, OPT, TEXT) X(number, REQ, FREE) X(name, REQ, FREE) X(region, REQ, TEXT) X(start_date, REQ, TEXT)         \
    X(end_date, REQ, TEXT) X(budget, REQ, MONEY) X(esf, REQ, MONEY) X(state, REQ, MONEY)
KP_KIND_IMPORT(projects, PROJECTS, kp_project_in, kp_project_add)

#define PAYMENT_REQUESTS(X)                                                                                        \
    X(id, OPT, TEXT) X(project, REQ, FREE) X(number, REQ, TEXT) X(period_start, REQ, TEXT)                         \
    X(period_end, REQ, TEXT) X(submitted_on, REQ, TEXT) X(amount, REQ, MONEY)
KP_KIND_IMPORT(payment_requests, PAYMENT_REQUESTS, kp_payment_request_in, kp_payment_request_add)

#define COMPENSATION_PAYMENTS(X)                                                                                   \
    X(id, OPT, TEXT) X(project, REQ, FREE) X(municipality, REQ, TEXT) X(period_start, REQ, TEXT)                   \
    X(period_end, REQ, TEXT) X(paid_on, REQ, TEXT) X(amount, REQ, MONEY) X(esf, OPT, MONEY) X(state, OPT, MONEY)
KP_KIND_IMPORT(compensation_payments, COMPENSATION_PAYMENTS, kp_compensation_in, kp_compensation_add)

/* ---- the DI plan ---- */

#define PLAN_OBJECTS(X)                                                                                            \
    X(id, OPT, TEXT) X(region, REQ, TEXT) X(municipality, REQ, TEXT) X(name, REQ, FREE)                            \
    X(target_group, REQ, TEXT) X(service, REQ, TEXT) X(places, OPT, TEXT) X(erdf, OPT, MONEY)                      \
    X(status, REQ, TEXT) X(added_on, REQ, TEXT) X(facility_id, OPT, TEXT) X(address, OPT, FREE)                   \
    X(state, OPT, MONEY) X(municipal, OPT, MONEY) X(other, OPT, MONEY) X(other_sources, OPT, FREE)                 \
    X(planned_completion, OPT, TEXT) X(actual_completion, OPT, TEXT)
KP_KIND_IMPORT(plan_objects, PLAN_OBJECTS, kp_plan_object_in, kp_plan_object_add)

#define PLAN_AMENDMENTS(X)                                                                                         \
    X(id, OPT, TEXT) X(region, REQ, TEXT) X(number, REQ, TEXT) X(approved_on, REQ, TEXT) X(reason, REQ, FREE)     \
    X(decision_no, OPT, FREE) X(decision_on, OPT, TEXT) X(text, OPT, FREE)
KP_KIND_IMPORT(plan_amendments, PLAN_AMENDMENTS, kp_amendment_in, kp_amendment_add)

/* History only: the objects already hold the values the changes led to.
 * Each change's line is kept: once the file is in, every object it touched
 * must have a history that chains (plan_object_changes_finish). */
#define PLAN_OBJECT_CHANGES(X)                                                                                     \
    X(id, OPT, TEXT) X(amendment_id, OPT, TEXT) X(object_id, REQ, TEXT) X(field, REQ, TEXT)                        \
    X(old_value, OPT, FREE) X(new_value, OPT, FREE) X(effective_on, OPT, TEXT) X(reason, OPT, FREE)
KP_KIND_COLUMNS(plan_object_changes, PLAN_OBJECT_CHANGES, kp_object_change_in);
static kp_rc plan_object_changes_import(kp_ctx *ctx, const kp_transfer_row *r, kp_errors *e)
{
    KP_COL_PLACES(PLAN_OBJECT_CHANGES);
    kp_object_change_in in = {PLAN_OBJECT_CHANGES(KP_COL_GET)};
    int64_t id = 0;
    kp_rc rc = kp_plan_object_change_record(ctx, &in, e, &id);
    if (!rc && r->lines)
        kp_transfer_lines_add(r->lines, id, r->row->line);
    return rc;
}

static kp_rc plan_object_changes_finish(kp_ctx *ctx, const kp_transfer_lines *lines, kp_errors *e)
{
    if (!lines->n)
        return KP_OK;
    /* The objects the file's changes belong to. */
    kp_buf ids;
    kp_buf_init(&ids, 0);
    kp_buf_printf(&ids, "[");
    for (size_t i = 0; i < lines->n; i++)
        kp_buf_printf(&ids, "%s%lld", i ? "," : "", (long long)lines->ids[i]);
    kp_buf_printf(&ids, "]");
    int64_t *objects = NULL;
    size_t n = 0, cap = 0;
    kp_stmt *s = NULL;
    bool row = false;
    kp_rc rc = kp_store_prepare(ctx->db,
                                "SELECT DISTINCT object_id FROM plan_object_change WHERE id IN (SELECT CAST(value AS INTEGER) FROM json_each(?))"
                                " ORDER BY object_id",
                                &s);
    if (!rc)
        rc = kp_stmt_bind_text(s, 1, kp_buf_str(&ids));
    while (!rc && (rc = kp_stmt_step(s, &row)) == KP_OK && row) {
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            objects = kp_xrealloc(objects, cap * sizeof *objects);
        }
        objects[n++] = kp_stmt_int(s, 0);
    }
    kp_stmt_free(s);
    kp_buf_free(&ids);
    kp_diplan_problems problems = {0};
    if (!rc)
        rc = kp_diplan_check(ctx, NULL, objects, n, &problems);
    long saved = e->line;
    for (size_t i = 0; !rc && i < problems.n; i++) {
        const kp_diplan_problem *x = &problems.items[i];
        e->line = kp_transfer_lines_find(lines, x->change_id);
        kp_errors_add(e, x->column, "", "%s", x->message);
    }
    e->line = saved;
    kp_diplan_problems_free(&problems);
    free(objects);
    return rc;
}

#define COOPERATION(X)                                                                                             \
    X(id, OPT, TEXT) X(municipality, REQ, TEXT) X(partner, REQ, TEXT) X(service, REQ, TEXT)                        \
    X(target_group, REQ, TEXT) X(kind, REQ, TEXT) X(places, OPT, TEXT) X(valid_from, OPT, TEXT) X(valid_to, OPT, TEXT) \
    X(decision, OPT, FREE)
KP_KIND_IMPORT(cooperation, COOPERATION, kp_cooperation_in, kp_cooperation_add)

/* ---- monitoring ---- */

#define INDICATORS(X)                                                                                              \
    X(id, OPT, TEXT) X(region, REQ, TEXT) X(key, REQ, FREE) X(kind, REQ, TEXT) X(name_lv, REQ, FREE)               \
    X(name_en, REQ, FREE) X(source, REQ, TEXT) X(computation, OPT, TEXT) X(entered_by_role, OPT, FREE)             \
    X(baseline_year, OPT, TEXT) X(baseline, OPT, TEXT) X(target_year, OPT, TEXT) X(target, REQ, TEXT)             \
    X(sort, OPT, TEXT)
KP_KIND_IMPORT(indicators, INDICATORS, kp_indicator_in, kp_indicator_add)

#define INDICATOR_VALUES(X)                                                                                        \
    X(id, OPT, TEXT) X(indicator_id, REQ, TEXT) X(period_year, REQ, TEXT) X(value, REQ, TEXT)                      \
    X(entered_by, REQ, FREE) X(entered_on, REQ, TEXT)
KP_KIND_IMPORT(indicator_values, INDICATOR_VALUES, kp_indicator_value_in, kp_indicator_value_add)

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

/* Every kind in dependency order: K(name, self_ref). */
#define KIND_LIST(K) \
    K(clients, "representative_id") \
    K(former_codes, NULL) \
    K(residences, NULL) \
    K(client_corrections, NULL) \
    K(client_moves, NULL) \
    K(case_status, NULL) \
    K(representatives, NULL) \
    K(assessments, NULL) \
    K(providers, NULL) \
    K(facilities, NULL) \
    K(facility_services, NULL) \
    K(support_plans, NULL) \
    K(plan_items, NULL) \
    K(assignments, NULL) \
    K(deliveries, NULL) \
    K(assignment_changes, NULL) \
    K(plan_endings, NULL) \
    K(projects, NULL) \
    K(payment_requests, NULL) \
    K(compensation_payments, NULL) \
    K(plan_objects, NULL) \
    K(plan_amendments, NULL) \
    K(plan_object_changes, NULL) \
    K(cooperation, NULL) \
    K(indicators, NULL) \
    K(indicator_values, NULL)

#define KIND_ENTRY(NAME, SELF_REF) \
    {#NAME, NAME##_COLS, sizeof NAME##_COLS / sizeof NAME##_COLS[0], NAME##_SQL, NAME##_import, SELF_REF},
#define KIND_NAME(NAME, SELF_REF) #NAME,

static const kp_transfer_kind KINDS[] = {KIND_LIST(KIND_ENTRY)};
static const char *const NAMES[] = {KIND_LIST(KIND_NAME) NULL};
#define NKINDS (sizeof KINDS / sizeof KINDS[0])

const char *const *kp_transfer_kinds(void)
{
    return NAMES;
}

const kp_transfer_kind *kp_transfer_kind_find(const char *name)
{
    if (!name)
        return NULL;
    for (size_t i = 0; i < NKINDS; i++)
        if (strcmp(KINDS[i].name, name) == 0)
            return &KINDS[i];
    return NULL;
}

bool kp_transfer_kind_known(const char *kind)
{
    return kp_transfer_kind_find(kind) != NULL;
}

kp_transfer_finish_fn kp_transfer_finish_of(const kp_transfer_kind *k)
{
    return k && strcmp(k->name, "plan_object_changes") == 0 ? plan_object_changes_finish : NULL;
}

void kp_transfer_lines_add(kp_transfer_lines *l, int64_t id, long line)
{
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 64;
        l->ids = kp_xrealloc(l->ids, l->cap * sizeof *l->ids);
        l->lines = kp_xrealloc(l->lines, l->cap * sizeof *l->lines);
    }
    l->ids[l->n] = id;
    l->lines[l->n++] = line;
}

long kp_transfer_lines_find(const kp_transfer_lines *l, int64_t id)
{
    for (size_t i = 0; i < l->n; i++)
        if (l->ids[i] == id)
            return l->lines[i];
    return 0;
}

void kp_transfer_lines_free(kp_transfer_lines *l)
{
    free(l->ids);
    free(l->lines);
    memset(l, 0, sizeof *l);
}
