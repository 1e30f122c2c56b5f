/* Programme records over time: corrections of entered indicator values and
 * of money records (compensation payments, payment requests), closing a
 * provider or a facility, and a facility's places changing from a date.
 * Each is a dated, attributed, reasoned event: scope first (an unknown
 * record and one out of scope answer KP_ENOTFOUND), then validation naming
 * the field (KP_EINVAL, messages in ctx->lang, nothing written), then one
 * transaction holding the change and its kp_audit_change record.
 * docs/figures.md: "Entered values", "Money", "Providers and facilities at
 * a date" say which value a figure at a date reads. */
#ifndef KOPA_SERVICE_PROGRAMME_CORRECTIONS_H
#define KOPA_SERVICE_PROGRAMME_CORRECTIONS_H
#include <stdint.h>
#include "service/ctx.h"
#include "service/errors.h"

/* The value of indicator_value row `v` as it stood on date `d` (an SQL
 * expression; `d` an ISO date parameter such as "?3"): the value that a
 * correction dated after `d` replaced, else the value now. */
#define KP_INDICATOR_VALUE_AT_SQL(v, d)                                                                          \
    "COALESCE((SELECT h.value FROM indicator_value_version h WHERE h.indicator_value_id = " v ".id"                 \
    " AND h.replaced_on > " d " ORDER BY h.replaced_on, h.id LIMIT 1), " v ".value)"

/* compensation_payment as each payment stood on date `d` (a derived table
 * with the table's columns). */
#define KP_COMPENSATION_AT_SQL(d)                                                                                 \
    "(SELECT c.id AS id, c.project_id AS project_id, c.municipality_id AS municipality_id, c.paid_on AS paid_on,"  \
    " COALESCE(h.period_start, c.period_start) AS period_start, COALESCE(h.period_end, c.period_end) AS period_end," \
    " COALESCE(h.amount_cents, c.amount_cents) AS amount_cents, COALESCE(h.esf_cents, c.esf_cents) AS esf_cents,"  \
    " COALESCE(h.state_cents, c.state_cents) AS state_cents FROM compensation_payment c"                         \
    " LEFT JOIN compensation_payment_version h ON h.id = (SELECT h2.id FROM compensation_payment_version h2"       \
    "  WHERE h2.payment_id = c.id AND h2.replaced_on > " d " ORDER BY h2.replaced_on, h2.id LIMIT 1))"

/* payment_request as each request stood on date `d` (a derived table). */
#define KP_PAYMENT_REQUEST_AT_SQL(d)                                                                              \
    "(SELECT r.id AS id, r.project_id AS project_id, r.number AS number, r.submitted_on AS submitted_on,"         \
    " COALESCE(h.period_start, r.period_start) AS period_start, COALESCE(h.period_end, r.period_end) AS period_end," \
    " COALESCE(h.amount_cents, r.amount_cents) AS amount_cents FROM payment_request r"                           \
    " LEFT JOIN payment_request_version h ON h.id = (SELECT h2.id FROM payment_request_version h2"                \
    "  WHERE h2.request_id = r.id AND h2.replaced_on > " d " ORDER BY h2.replaced_on, h2.id LIMIT 1))"

/* Correcting an entered value: the indicator (region coordinator of its
 * region, administrator) and the year whose value is corrected, the new
 * value and the reason. corrected_on is the day it takes effect: empty =
 * today; another day only for the operator (KP_ROLE_SYSTEM: import of a
 * history, tests). It may not be before the value was entered or before
 * the value's last correction, nor after today. *id_out = the value's id. */
typedef struct kp_indicator_correction_in {
    const char *indicator_id, *period_year, *value, *corrected_on, *reason;
} kp_indicator_correction_in;
kp_rc kp_indicator_value_correct(kp_ctx *ctx, const kp_indicator_correction_in *in, kp_errors *e, int64_t *id_out);

/* Correcting a compensation payment or a payment request (`id`, the
 * record's id): the fields given change (period_start, period_end, amount
 * in the file form "1234.56"), those left empty stay; at least one must
 * change. A payment's ESF/state split is made anew from the new amount
 * (85 %, rounded to the cent). corrected_on as for indicator values, not
 * before the payment was paid (the request submitted). Scope: the
 * project's region. */
typedef struct kp_payment_correction_in {
    const char *id, *period_start, *period_end, *amount, *corrected_on, *reason;
} kp_payment_correction_in;
kp_rc kp_compensation_correct(kp_ctx *ctx, const kp_payment_correction_in *in, kp_errors *e);
kp_rc kp_payment_request_correct(kp_ctx *ctx, const kp_payment_correction_in *in, kp_errors *e);

/* Closing a provider (administrators) or a facility (administrators and
 * the provider's own staff) on `closed_on`, its last day of operation, with
 * a reason. Refused when it is already closed, when the day is before it
 * was registered (opened), or — for a provider — before a delivery already
 * recorded under it. */
typedef struct kp_closure_in {
    const char *id, *closed_on, *reason;
} kp_closure_in;
kp_rc kp_provider_close(kp_ctx *ctx, const kp_closure_in *in, kp_errors *e);
kp_rc kp_facility_close(kp_ctx *ctx, const kp_closure_in *in, kp_errors *e);

/* A facility's places for one service from a date (facility_service_id:
 * the row in force; valid_from: the first day of the new number, after
 * the row's first day and within its period, while the facility is open;
 * places: the new number, different from the old). The row ends the day
 * before; a new row with the same service and target group holds the new
 * number until the old row's end. *id_out = the new row. Scope as for a
 * facility. */
typedef struct kp_places_change_in {
    const char *id, *facility_service_id, *places, *valid_from, *reason;
} kp_places_change_in;
kp_rc kp_facility_places_change(kp_ctx *ctx, const kp_places_change_in *in, kp_errors *e, int64_t *id_out);

/* One correction of a record, for the pages: what it replaced and when. */
typedef struct kp_value_correction {
    int64_t indicator_id;
    int period_year;
    int64_t old_value, new_value;
    char on[11];
    char actor[72];    /* usernames have up to 64 characters */
    char *reason; /* owned */
} kp_value_correction;
typedef struct kp_value_corrections {
    kp_value_correction *items;
    size_t n;
} kp_value_corrections;
/* The corrections of a region's entered indicator values, oldest first.
 * Readable by those who may read the region's programme records. */
kp_rc kp_indicator_corrections(kp_ctx *ctx, const char *region, kp_value_corrections *out);
void kp_value_corrections_free(kp_value_corrections *c);

#endif
