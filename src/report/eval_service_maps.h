/* The evaluation's chapter "Sabiedrībā balstītu sociālo pakalpojumu
 * pieejamība" (seed 003, figures 4–6): for the region at two dates (the
 * evaluation's date and two years before, service_availability.h) a map
 * of its territories as they were then, shaded by the number of service
 * kinds available in each, with the table of the services each has; then
 * the facilities per service at both dates and the change, as a bar chart
 * and a table. It lays out figures of the catalogue's section
 * "service_availability" only; figure cells name their figure for the
 * links to their records. */
#ifndef KOPA_REPORT_EVAL_SERVICE_MAPS_H
#define KOPA_REPORT_EVAL_SERVICE_MAPS_H
#include "report/model.h"
#include "service/figures/figures.h"

/* Appends the chapter for `region` ("ALL": the country, without maps — the
 * regions' reports carry them) at `at` to *doc, from figs computed for the
 * same region and date (kp_figures_for). The outlines come from
 * kp_region_shapes; a territory without one makes the map a tile map.
 * KP_EINVAL for NULL arguments or KP_DATE_NONE, KP_ENOTFOUND for an
 * unknown region (*doc then unchanged); a storage failure of the names,
 * territories or outlines. */
kp_rc kp_eval_service_maps(kp_ctx *ctx, const char *region, kp_date at, const kp_figures *figs, kp_doc *doc);

#endif
