/* Chapters of the published evaluation beyond the progress tables (seed
 * 003), each hooked into kp_eval_build by one call: the ERDF centres
 * opened and the services created outside the DI plan, and Appendix 1
 * (persons with a disability by group and age band). They lay out figures
 * of the catalogue (service/figures/figures_published.h); every figure
 * cell names its figure for the links to its records. */
#ifndef KOPA_REPORT_EVAL_PUBLISHED_H
#define KOPA_REPORT_EVAL_PUBLISHED_H
#include <stdbool.h>
#include "report/model.h"
#include "service/figures/figures.h"

/* The chapter "ERAF centri un pakalpojumi ārpus DI plāna". region: a
 * region's code or "ALL" (then the regions are the units and no object is
 * listed). KP_EINVAL for NULL arguments; a storage failure of the lists. */
kp_rc kp_eval_new_services(kp_ctx *ctx, const char *region, kp_date at, const kp_figures *figs, kp_doc *doc);

/* Appendix "Personas ar invaliditāti" (number `number` among the appendices). */
kp_rc kp_eval_appendix_disability(const kp_figures *figs, bool national, int number, kp_doc *doc);

#endif
