/* The DI plan progress evaluation as a report model: computed once from the
 * figures (service/figures/figures.h, defined in service/figures/catalogue.h)
 * and the details beside them (service/eval_details.h), then drawn by any
 * renderer (report/render.h). This layer only lays the figures out; labels
 * come from the catalogue.
 *
 * Region "ALL" is the national roll-up for the ministry, folded in the
 * service layer (kp_figures_for): counts and money are added; percentages
 * are recomputed from the sums, never added. The national report has no
 * per-municipality chapters: it lists the regions where a region's report
 * lists its municipalities (the regions' own reports carry the detail). */
#ifndef KOPA_REPORT_EVAL_MODEL_H
#define KOPA_REPORT_EVAL_MODEL_H
#include "report/model.h"
#include "service/figures/catalogue.h"

/* Figures of a region, or the national roll-up for "ALL": kp_figures_for
 * (catalogue.h), kept under this name for the front ends. */
kp_rc kp_eval_figures(kp_ctx *ctx, const char *region, kp_date at, kp_figures *out);

/* Builds the evaluation document from figures already computed for the same
 * region and date. *doc must be initialised (kp_doc_init); the caller frees
 * it with kp_doc_free. A region without data at the date gives a document
 * that says so on its first page and prints no figures. */
kp_rc kp_eval_build(kp_ctx *ctx, const char *region, kp_date at, const kp_figures *figs, kp_doc *doc);

#endif
