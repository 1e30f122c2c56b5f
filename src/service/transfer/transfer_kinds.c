/* The kinds of record for import/export: columns, export query, import use case. */
#include "service/transfer/transfer_kinds.h"
#include "service/transfer/transfer.h"
#include "service/transfer/transfer_sql.h"
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

kp_rc kp_transfer_state_flush(kp_ctx *ctx, kp_transfer_state *st, kp_errors *e)
{
    if (!st || !st->deliveries)
        return KP_OK;
    return kp_delivery_batch_flush(ctx, st->deliveries, e);
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
        r->state->deliveries = kp_delivery_batch_new(ctx);
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
    int64_t *objects = NULL;
    size_t n = 0;
    kp_rc rc = kp_q_transfer_objects_of_changes(ctx->db, lines->ids, lines->n, &objects, &n);
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
    {#NAME, NAME##_COLS, sizeof NAME##_COLS / sizeof NAME##_COLS[0], NAME##_import, SELF_REF},
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

/* Deliveries: a row's one reference is its assignment, whose facts
 * kp_delivery_batch_record reads (or kp_delivery_record, by the client it
 * belongs to) in the same transaction before the insert, refusing the row
 * as not found when there is none; the import's write lock keeps it there
 * until the commit. */
bool kp_transfer_reads_references(const kp_transfer_kind *k)
{
    return k && strcmp(k->name, "deliveries") == 0;
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
