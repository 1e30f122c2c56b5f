/* Cost after EU funding in the evaluation (chapter "Izmaksas pēc ES
 * finansējuma beigām"), as CSV, and the assumptions in words — one text
 * for the report, the /cost page and the API's readers
 * (service/figures/cost.h computes the numbers). */
#ifndef KOPA_REPORT_EVAL_COST_H
#define KOPA_REPORT_EVAL_COST_H
#include <stdio.h>
#include "report/model.h"
#include "service/figures/cost.h"

/* The assumptions, one sentence each, in Latvian or English; *n is set to
 * their number. The strings are static. */
const char *const *kp_cost_assumptions(bool en, size_t *n);

/* Appends the chapter for a region (or "ALL": each region's totals) at a
 * date to `doc`. A region without any delivery or need gives a chapter
 * that says so. Scope as kp_cost_compute. */
kp_rc kp_eval_cost_chapter(kp_ctx *ctx, const char *region, kp_date at, kp_doc *doc);

/* One row per municipality, service and year:
 * municipality_atvk,municipality,service,year,projected,persons,units,unit_cost,cost,unmet_added
 * (money plain: 1234.50). `atvk` gives each row's municipality code.
 * After kp_cost_suppress (c->suppressed) the file begins with "# " lines
 * stating the rule, threshold and number of suppressed cells (as the
 * evaluation's open-data CSV, report/evaluation_rows.h) and each
 * suppressed cell is "c". */
kp_rc kp_cost_write_csv(kp_ctx *ctx, const kp_cost *c, FILE *out);

#endif
