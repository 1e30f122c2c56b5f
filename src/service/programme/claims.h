/* Compensation claims: a municipality claims a month of confirmed
 * deliveries × the unit cost valid on each delivery's date; the region
 * verifies line by line and pays verified claims together, one
 * compensation payment per claim (split ESF 85 % / state 15 % and rounded
 * per payment), showing the rounding difference against a flat 85 %. */
#ifndef KOPA_SERVICE_CLAIMS_H
#define KOPA_SERVICE_CLAIMS_H
#include <stddef.h>
#include <stdint.h>
#include "core/buf.h"
#include "core/money.h"
#include "service/ctx.h"
#include "service/errors.h"

typedef struct kp_split_summary {
    kp_cents total;       /* sum of the payments */
    kp_cents esf, state;  /* sums of the per-payment parts */
    kp_cents flat_esf;    /* 85 % of the total, rounded once, half up */
    kp_cents difference;  /* esf - flat_esf: what per-payment rounding moved */
} kp_split_summary;

/* Pure: the split of n payments as the payments are made. */
void kp_claim_split_bundle(const kp_cents *amounts, size_t n, kp_split_summary *out);

/* Builds the claim of a municipality (ATVK, valid through the month) for a
 * month "YYYY-MM" from confirmed deliveries to its clients (records of its
 * predecessors included) not yet claimed. A delivery outside its
 * assignment, beyond the units granted or a rule's limit, or without a unit
 * cost becomes a refused line with the reason. *claim_id = 0 when there is
 * nothing to claim. Municipal staff of that municipality (or the operator).
 * KP_EINVAL with `e` filled for a bad month or municipality; KP_ERULE when
 * the region has no project for the month. */
kp_rc kp_claim_build(kp_ctx *ctx, const char *atvk, const char *month, kp_errors *e, int64_t *claim_id,
                     size_t *nlines, size_t *nrefused);

/* Adds one delivery to a claim not yet paid. KP_ERULE with the reason in
 * `e` when the delivery is already claimed, outside its assignment, beyond
 * a limit or of another municipality or month. */
kp_rc kp_claim_add_delivery(kp_ctx *ctx, int64_t claim_id, int64_t delivery_id, kp_errors *e, int64_t *line_no);

/* The region's verdict on a pending line: "accept", "reject" (reason
 * required) or "correct" (sent back for correction; reason required; the
 * delivery may be claimed again once corrected). When no line is pending the
 * claim is verified. Region coordinators of the claim's region. */
kp_rc kp_claim_verify(kp_ctx *ctx, int64_t claim_id, int64_t line_no, const char *verdict, const char *reason,
                      kp_errors *e);

/* Pays verified claims of one region together on `paid_on`: one
 * compensation payment per claim (its accepted lines), a bundle recording
 * the per-payment ESF sum beside the flat 85 %. *out (may be NULL) gets the
 * split. KP_EINVAL with `e` filled when a claim is not verified, already
 * paid, of another region, or has nothing accepted. */
kp_rc kp_claim_pay(kp_ctx *ctx, const int64_t *claims, size_t n, const char *paid_on, kp_errors *e, int64_t *bundle_id,
                   kp_split_summary *out);

/* A claim in words, appended to `out`: its lines, verdicts and totals. */
kp_rc kp_claim_show(kp_ctx *ctx, int64_t claim_id, kp_buf *out);

#endif
