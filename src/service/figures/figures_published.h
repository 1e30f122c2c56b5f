/* Figures of the published evaluation beyond the progress tables (seed
 * 003): Appendix 1, persons with a disability by group and age band; the
 * ERDF centres opened; services created outside the DI plan. Each is an
 * entry of the figure catalogue (catalogue.h), computed per territory and
 * for the region, and listed by the drill-down (figure_records.h). */
#ifndef KOPA_SERVICE_FIGURES_PUBLISHED_H
#define KOPA_SERVICE_FIGURES_PUBLISHED_H
#include "service/figures/figures.h"
#include "service/programme/diplan.h"

/* Appends the ERDF centres opened and the services outside the plan for
 * `region` at `at` to *out, with the DI plan as it stood then
 * (kp_diplan_at), the territories (kp_territories_load) and the region's
 * record origins on the date (kp_territories_origins_json). Appendix 1 is
 * a part of the context's query (figures.c). Called by kp_figures_compute
 * after its scope check; KP_EINVAL for NULL arguments, KP_EDB on storage
 * failure (*out then keeps what it had). */
#include "service/territory.h"
kp_rc kp_figures_add_published(kp_ctx *ctx, const char *region, kp_date at, const kp_diplan *plan,
                               const kp_territories *t, const char *origins, kp_figures *out);

#endif
