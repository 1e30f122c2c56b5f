/* The open data of an approved evaluation, for anyone: the figures of the
 * latest approved version of a region's evaluation at a date, with every
 * suppressed count of persons already removed (value 0 and marked in the
 * disclosure), so no exact small number leaves this layer for a public
 * caller. Who gets exact figures and who the open-data version:
 * kp_disclosure_needed. */
#ifndef KOPA_SERVICE_FIGURES_OPEN_DATA_H
#define KOPA_SERVICE_FIGURES_OPEN_DATA_H
#include "core/date.h"
#include "service/ctx.h"
#include "service/figures/disclosure.h"
#include "service/figures/figures.h"

typedef struct kp_open_evaluation {
    kp_figures figures;       /* suppressed values are 0: read disclosure.figure[i] */
    kp_disclosure disclosure; /* made from the approved figures */
    int64_t version;          /* the approval's number */
    char approved_on[11];     /* ISO */
} kp_open_evaluation;

void kp_open_evaluation_free(kp_open_evaluation *e);

/* The latest approved version of `region`'s evaluation at `at`, suppressed
 * under `rule`. Public: no scope check, no audit (aggregates only, and
 * suppressed). KP_ENOTFOUND for an unknown region, "ALL" or no approval;
 * KP_EINVAL for NULL arguments or a bad rule; KP_ESTATE when the stored
 * figures cannot be read back. *out must be zeroed; freed with
 * kp_open_evaluation_free. */
kp_rc kp_open_evaluation_latest(kp_ctx *ctx, const char *region, kp_date at, const kp_disclosure_rule *rule,
                                kp_open_evaluation *out);

/* Approval `id` suppressed under `rule`, for a caller who may read that
 * region's approvals (kp_evaluation_version_get: KP_ENOTFOUND outside
 * scope or unknown). KP_EINVAL for NULL arguments, id <= 0 or a bad rule. */
kp_rc kp_open_evaluation_version(kp_ctx *ctx, int64_t id, const kp_disclosure_rule *rule, kp_open_evaluation *out);

/* The tidy rows (CSV text with the header
 * section,municipality,target_group,item,measure,period,value, as stored
 * with an approval) read back as figures: each municipality name gets an
 * id of its own (1, 2, … in order of appearance; "" is the whole, 0), the
 * kind from the catalogue. KP_EINVAL for NULL or text that is not such
 * rows (header, field count, a value or period that is not a number). */
kp_rc kp_figures_from_rows_csv(const char *csv, kp_figures *out);

/* Does this caller get the open-data (suppressed) version of region's
 * figures? False only for the officials who need exact figures of their
 * own area: the region's coordinator for that region, the administrator
 * and the installation's operator (the command line); true for the
 * ministry (its downloads are what it publishes), for any other role, and
 * for NULL. */
bool kp_disclosure_needed(const kp_ctx *ctx, const char *region);

#endif
