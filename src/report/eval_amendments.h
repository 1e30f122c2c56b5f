/* The evaluation's appendix of DI plan amendments: the list (number, the
 * day each took effect, the decision, the reason, how many object changes)
 * and each amendment's text, as the region's plan records them by the
 * evaluation's date (seed 003, Appendix 2). Built into the same report
 * model, so HTML, PDF and XLSX carry it alike. */
#ifndef KOPA_REPORT_EVAL_AMENDMENTS_H
#define KOPA_REPORT_EVAL_AMENDMENTS_H
#include "report/model.h"
#include "service/ctx.h"

/* Appends the appendix for `region` at `at` to *doc. Nothing for the
 * national roll-up ("ALL"): each region's report carries its own. Reads
 * through kp_diplan_at, so the caller's scope applies; KP_EINVAL for NULL
 * arguments, else what kp_diplan_at returns. */
kp_rc kp_eval_amendments_appendix(kp_ctx *ctx, const char *region, kp_date at, kp_doc *doc);

#endif
