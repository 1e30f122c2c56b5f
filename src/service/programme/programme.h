/* Programme-level use cases: providers and their facilities, projects and
 * their money, the DI plan's infrastructure objects and amendments,
 * cooperation between municipalities, and indicators. Same contract as
 * cases.h: string inputs, validation first, one transaction, audit. */
#ifndef KOPA_SERVICE_PROGRAMME_H
#define KOPA_SERVICE_PROGRAMME_H
#include <stdint.h>
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

typedef struct kp_plan_object_in {
    const char *id, *region, *municipality, *name, *target_group, *service, *places, *erdf, *status, *added_on,
        *facility_id;
} kp_plan_object_in;
kp_rc kp_plan_object_add(kp_ctx *ctx, const kp_plan_object_in *in, kp_errors *e, int64_t *id_out);

typedef struct kp_amendment_in {
    const char *id, *region, *number, *approved_on, *reason;
} kp_amendment_in;
/* Amendments are numbered in the order of their approval: one dated before
 * a lower-numbered amendment of the region, or after a higher-numbered one,
 * is refused. */
kp_rc kp_amendment_add(kp_ctx *ctx, const kp_amendment_in *in, kp_errors *e, int64_t *id_out);

/* One change of a DI plan object. Either part of an amendment
 * (amendment_id; it takes effect on the amendment's approval date) or, for
 * the status only, an event of its own (effective_on and reason: a
 * council's decision to stop a project, a register entry). Fields: places,
 * status, erdf_cents (cents), service_code, target_group (old and new
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

/* A cooperation agreement: municipality's clients may use partner's
 * service; valid_from/valid_to (ISO, optional, inclusive) its period. */
typedef struct kp_cooperation_in {
    const char *id, *municipality, *partner, *service, *target_group, *kind, *places, *valid_from, *valid_to;
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
