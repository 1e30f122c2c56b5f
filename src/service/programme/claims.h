/* Compensation claims: a municipality claims a month of confirmed
 * deliveries × the unit cost valid on each delivery's date; the region
 * verifies line by line and pays verified claims together, one
 * compensation payment per claim (split ESF 85 % / state 15 % and rounded
 * per payment), showing the rounding difference against a flat 85 %. */
#ifndef KOPA_SERVICE_CLAIMS_H
#define KOPA_SERVICE_CLAIMS_H
#include <stdbool.h>
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

/* A month's claim before it is made: every line with its units, unit
 * cost and amount (or the reason it would be refused), the total of the
 * claimable lines and its ESF 85 % / state 15 % split as the one payment of
 * the claim would be split. Nothing is written. */
typedef struct kp_claim_preview_line {
    int64_t delivery_id, client_id, units;
    kp_cents unit_cost, amount;        /* amount 0 on a refused line */
    char service[32], service_name[160], delivered_on[11];
    char client_name[208];             /* "" when the caller may not read the client */
    char reason[320];                  /* "" = claimable */
} kp_claim_preview_line;

typedef struct kp_claim_preview {
    char atvk[16], month[8], region[8], project[48];
    kp_claim_preview_line *lines;      /* owned: kp_claim_preview_free */
    size_t n, claimable, refused;
    kp_cents total, esf, state;
} kp_claim_preview;

/* What kp_claim_build would make now, with the same checks, scope and
 * errors; n = 0 when there is nothing to claim. Client names shown are
 * access records ("list"). NULL arguments KP_EINVAL. */
kp_rc kp_claim_preview_get(kp_ctx *ctx, const char *atvk, const char *month, kp_errors *e, kp_claim_preview *out);
void kp_claim_preview_free(kp_claim_preview *p);

/* What the person confirmed: the claimable lines and total of a preview. */
typedef struct kp_claim_expect {
    size_t lines;
    kp_cents total;
} kp_claim_expect;

/* kp_claim_build after a confirmed preview: when `expect` is given and the
 * claim would now differ from it (a delivery confirmed or corrected since),
 * nothing is written and the answer is KP_ECONFLICT with a message on
 * "month". The check and the write run in one transaction. */
kp_rc kp_claim_submit(kp_ctx *ctx, const char *atvk, const char *month, const kp_claim_expect *expect, kp_errors *e,
                      int64_t *claim_id, size_t *nlines, size_t *nrefused);

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

/* At most this many exceptions in one kp_claim_verify_all call. */
#define KP_CLAIM_EXCEPTIONS_MAX 25

/* A line the region does not accept, and why. line_no 0 = an unused slot. */
typedef struct kp_claim_exception {
    int64_t line_no;
    const char *reason;
} kp_claim_exception;

typedef struct kp_claim_verified {
    size_t accepted, rejected, pending; /* pending: what is left to decide */
    kp_cents accepted_total;            /* of the lines accepted by this call */
} kp_claim_verified;

/* The region's verdict on many lines at once, in one transaction: every
 * listed exception gets `verdict` ("reject", the default, or "correct")
 * with its reason, and with accept_rest every other pending line is
 * accepted; the claim is verified when nothing is left pending. When
 * accept_rest and expect_pending >= 0 differs from the lines pending now,
 * nothing is written (the region accepts only what it saw). Errors name
 * the slot: "reject_N" (no such line, decided already, given twice) and
 * "reason_N" (missing or bad reason) for ex[N-1], "verdict", "pending",
 * "claim" (already paid); then KP_EINVAL and nothing is written. Region
 * coordinators of the claim's region; KP_ENOTFOUND outside it. */
kp_rc kp_claim_verify_all(kp_ctx *ctx, int64_t claim_id, const kp_claim_exception *ex, size_t nex,
                          const char *verdict, bool accept_rest, int64_t expect_pending, kp_errors *e,
                          kp_claim_verified *out);

/* kp_claim_verify_all without writing anything: the same checks and
 * errors, and in *out what the call would decide. For the confirmation
 * shown before the verdicts are saved. */
kp_rc kp_claim_verify_all_check(kp_ctx *ctx, int64_t claim_id, const kp_claim_exception *ex, size_t nex,
                                const char *verdict, bool accept_rest, int64_t expect_pending, kp_errors *e,
                                kp_claim_verified *out);

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
