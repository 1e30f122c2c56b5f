/* Programme-level use cases: providers and their facilities, projects and
 * their money, the DI plan's infrastructure objects and amendments,
 * cooperation between municipalities, and indicators. Same contract as
 * cases.h: string inputs, validation first, one transaction, audit. */
#ifndef KOPA_SERVICE_PROGRAMME_H
#define KOPA_SERVICE_PROGRAMME_H
#include <stdbool.h>
#include <stdint.h>
#include "core/date.h"
#include "service/ctx.h"
#include "service/errors.h"

typedef struct kp_provider_in {
    const char *id, *name, *reg_no, *municipality, *registered_on, *closed_on;
} kp_provider_in;
kp_rc kp_provider_add(kp_ctx *ctx, const kp_provider_in *in, kp_errors *e, int64_t *id_out);

typedef struct kp_facility_in {
    const char *id, *provider_id, *name, *address, *municipality, *opened_on, *closed_on;
} kp_facility_in;
kp_rc kp_facility_add(kp_ctx *ctx, const kp_facility_in *in, kp_errors *e, int64_t *id_out);

typedef struct kp_facility_service_in {
    const char *id, *facility_id, *service, *target_group, *places, *valid_from, *valid_to;
} kp_facility_service_in;
kp_rc kp_facility_service_add(kp_ctx *ctx, const kp_facility_service_in *in, kp_errors *e, int64_t *id_out);

typedef struct kp_project_in {
    const char *id, *number, *name, *region, *start_date, *end_date, *budget, *esf, *state;
} kp_project_in;
kp_rc kp_project_add(kp_ctx *ctx, const kp_project_in *in, kp_errors *e, int64_t *id_out);

typedef struct kp_payment_request_in {
    const char *id, *project, *number, *period_start, *period_end, *submitted_on, *amount;
} kp_payment_request_in;
kp_rc kp_payment_request_add(kp_ctx *ctx, const kp_payment_request_in *in, kp_errors *e, int64_t *id_out);

typedef struct kp_compensation_in {
    const char *id, *project, *municipality, *period_start, *period_end, *paid_on, *amount;
    const char *esf, *state; /* optional: when given they must equal the per-payment split */
} kp_compensation_in;
/* Records a payment to a municipality, split ESF 85 % / state 15 % and
 * rounded to the cent on this payment. */
kp_rc kp_compensation_add(kp_ctx *ctx, const kp_compensation_in *in, kp_errors *e, int64_t *id_out);

/* An object of the DI plan. Money in euros ("156584.49"): erdf, and the
 * other sources beside it — state budget, the municipality's own and other
 * (other_sources names them). planned_completion is when the works are to
 * end, actual_completion when they did (ISO dates, optional; the actual
 * one not after today). The record and its audit entry (kp_audit_change,
 * effective on added_on) are written together. */
typedef struct kp_plan_object_in {
    const char *id, *region, *municipality, *name, *target_group, *service, *places, *erdf, *status, *added_on,
        *facility_id, *address, *state, *municipal, *other, *other_sources, *planned_completion, *actual_completion;
} kp_plan_object_in;
kp_rc kp_plan_object_add(kp_ctx *ctx, const kp_plan_object_in *in, kp_errors *e, int64_t *id_out);

/* An amendment of a region's DI plan: its number, the date from which it
 * changes objects (approved_on), the decision that approved it (number and
 * date, not after approved_on), its text (the amendment as the plan's
 * Appendix 2 gives it) and a short reason. */
typedef struct kp_amendment_in {
    const char *id, *region, *number, *approved_on, *reason, *decision_no, *decision_on, *text;
} kp_amendment_in;
/* Amendments are numbered in the order of their approval: one dated before
 * a lower-numbered amendment of the region, or after a higher-numbered one,
 * is refused. */
kp_rc kp_amendment_add(kp_ctx *ctx, const kp_amendment_in *in, kp_errors *e, int64_t *id_out);

/* One change of a DI plan object. Either part of an amendment
 * (amendment_id; it takes effect on the amendment's approval date) or, for
 * the status only, an event of its own (effective_on and reason: a
 * council's decision to stop a project, a register entry). Fields: places,
 * status, erdf_cents, state_cents, municipal_cents, other_cents (cents),
 * service_code, target_group, name, address, planned_completion (old and new
 * value), added and removed (no values: the amendment that put the object
 * into the plan or took it out). docs/figures.md, "The DI plan at a date". */
typedef struct kp_object_change_in {
    const char *id, *amendment_id, *object_id, *field, *old_value, *new_value, *effective_on, *reason;
} kp_object_change_in;
/* Applies one change to its object and records it with the value it
 * replaced (old_value, when given, must be the value now), in the object's
 * history (kp_audit_change). Changes are recorded in date order: one that
 * would take effect before a recorded change of the same field, before the
 * object entered the plan or after it was removed is refused. */
kp_rc kp_plan_object_change(kp_ctx *ctx, const kp_object_change_in *in, kp_errors *e, int64_t *id_out);
/* Records a change as history only (import: objects already hold the
 * result); whether the whole history chains is checked by kp_diplan_check
 * once the file is in (service/programme/diplan.h). */
kp_rc kp_plan_object_change_record(kp_ctx *ctx, const kp_object_change_in *in, kp_errors *e, int64_t *id_out);

/* kp_plan_object_change as the editor (page, API) calls it: a change of
 * places of an object with clients assigned on the change's date (its
 * facility's provider's assignments of the object's service in force or
 * suspended then) is written only when `confirmed`; otherwise nothing is
 * written, *clients (may be NULL) gets their number and the result is
 * KP_ECONFLICT. Same errors as kp_plan_object_change. */
kp_rc kp_diplan_change(kp_ctx *ctx, const kp_object_change_in *in, bool confirmed, kp_errors *e, int64_t *clients,
                       int64_t *id_out);

/* An amendment and, when change->object_id is given, its first change of
 * an object (change->amendment_id is ignored: it is the new amendment), in
 * one transaction: both are written or neither. The change goes through
 * kp_diplan_change (confirmation for places). *amendment_out (may be NULL)
 * gets the new amendment's id. */
kp_rc kp_diplan_amend(kp_ctx *ctx, const kp_amendment_in *in, const kp_object_change_in *change, bool confirmed,
                      kp_errors *e, int64_t *clients, int64_t *amendment_out);

/* Clients assigned to plan object `object_id` on `on` (see kp_diplan_change):
 * 0 when it names no facility. KP_EINVAL for NULL arguments, KP_ENOTFOUND
 * for an unknown object or one out of the caller's scope. */
kp_rc kp_diplan_object_clients(kp_ctx *ctx, int64_t object_id, kp_date on, int64_t *out);

/* What is recorded about an object that is not part of the plan's history:
 * the day the works actually ended and the names of its other funding
 * sources. Blank fields stay as they are (actual_completion "-" clears it);
 * effective_on (the day it became so) and reason are required; audited with
 * kp_audit_change. */
typedef struct kp_plan_object_edit_in {
    const char *object_id, *actual_completion, *other_sources, *effective_on, *reason;
} kp_plan_object_edit_in;
kp_rc kp_plan_object_edit(kp_ctx *ctx, const kp_plan_object_edit_in *in, kp_errors *e);

/* A cooperation agreement: municipality's clients may use partner's
 * service; valid_from/valid_to (ISO, optional, inclusive) its period;
 * decision (optional) the agreement's or decision's number and date.
 * Ending, correcting and the list: service/programme/cooperation.h. */
typedef struct kp_cooperation_in {
    const char *id, *municipality, *partner, *service, *target_group, *kind, *places, *valid_from, *valid_to,
        *decision;
} kp_cooperation_in;
kp_rc kp_cooperation_add(kp_ctx *ctx, const kp_cooperation_in *in, kp_errors *e, int64_t *id_out);

typedef struct kp_indicator_in {
    const char *id, *region, *key, *kind, *name_lv, *name_en, *source, *computation, *entered_by_role,
        *baseline_year, *baseline, *target_year, *target, *sort;
} kp_indicator_in;
/* `computation` names one of the computations in report/indicators.c. */
kp_rc kp_indicator_add(kp_ctx *ctx, const kp_indicator_in *in, kp_errors *e, int64_t *id_out);

typedef struct kp_indicator_value_in {
    const char *id, *indicator_id, *period_year, *value, *entered_by, *entered_on;
} kp_indicator_value_in;
/* Enters the value of an entered (not computed) indicator for a year; a
 * second value for the same indicator and year is refused. */
kp_rc kp_indicator_value_add(kp_ctx *ctx, const kp_indicator_value_in *in, kp_errors *e, int64_t *id_out);

#endif
