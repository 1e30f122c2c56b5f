/* The DI plan progress evaluation as a report model: computed once from the
 * figures (service/figures.h) and the details beside them
 * (service/eval_details.h), then drawn by any renderer (report/render.h).
 *
 * Region "ALL" is the national roll-up for the ministry: each region is
 * computed on its own and counts and money are added; percentages are
 * recomputed from the sums, never added. The national report has no
 * per-municipality chapters: it lists the regions where a region's report
 * lists its municipalities (the regions' own reports carry the detail). */
#ifndef KOPA_REPORT_EVAL_MODEL_H
#define KOPA_REPORT_EVAL_MODEL_H
#include "report/model.h"
#include "service/figures/figures.h"

#define KP_REGION_ALL "ALL"

/* Figures of a region, or the national roll-up for "ALL" (region rows then
 * carry the region's name in `municipality`). Same contract as
 * kp_figures_compute; *out is freed with kp_figures_free. */
kp_rc kp_eval_figures(kp_ctx *ctx, const char *region, kp_date at, kp_figures *out);

/* Builds the evaluation document from figures already computed for the same
 * region and date. *doc must be initialised (kp_doc_init); the caller frees
 * it with kp_doc_free. A region without data at the date gives a document
 * that says so on its first page and prints no figures. */
kp_rc kp_eval_build(kp_ctx *ctx, const char *region, kp_date at, const kp_figures *figs, kp_doc *doc);

#endif
