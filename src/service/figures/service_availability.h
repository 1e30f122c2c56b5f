/* The availability of community-based services (seed 003, figures 4–6):
 * per territory of a region and service family, the facilities offering
 * the service at two dates — the evaluation's date and the same day two
 * years before (the previous evaluation, as the indicator table's columns)
 * — the number of service families available in each territory, and the
 * change in the region's facilities between the dates. Section
 * "service_availability" of the figure catalogue (catalogue.h); the rules
 * are in docs/figures.md, "Service availability (figures 4–6)". */
#ifndef KOPA_SERVICE_FIGURES_SERVICE_AVAILABILITY_H
#define KOPA_SERVICE_FIGURES_SERVICE_AVAILABILITY_H
#include <stdint.h>
#include "core/date.h"
#include "service/figures/figures.h"
#include "service/territory.h"

#define KP_AVAILABILITY_SECTION "service_availability"

/* The two dates of the figures: [0] the same day two years before `at`
 * (29 February: the 28th), [1] `at`. Each figure of a date carries the
 * date's year as its period. KP_EINVAL for NULL or KP_DATE_NONE. */
kp_rc kp_availability_dates(kp_date at, kp_date out[2]);

/* One facility offering one service family on a date, in the territory
 * `holder` (valid on the date, in the region then). */
typedef void (*kp_availability_fn)(void *arg, int64_t holder, int64_t facility_id, const char *facility_name,
                                   const char *family);

/* Calls fn once per facility and service family operating on `d` at a
 * facility of `region`'s territories on `d` (KP_FACILITY_SERVICE_AT_SQL;
 * kinds folded into their family), by territory, facility and family.
 * The one selection the figures count and the drill-down lists. No scope
 * check: the caller decides. KP_EINVAL for NULL arguments or KP_DATE_NONE,
 * KP_EDB on storage failure. */
kp_rc kp_availability_each(kp_ctx *ctx, const kp_territories *t, const char *region, kp_date d, kp_availability_fn fn,
                           void *arg);

/* Appends the section's figures for `region` at `at` to *out:
 * - per territory valid on each date: item "all", measure "kinds" (the
 *   service families with at least one facility, 0 included) and
 *   "facilities" (facilities offering any of them), and per family with a
 *   facility, measure "facilities";
 * - the region (municipality 0), per family offered at either date and
 *   "all": "facilities" at each date, and "change" (period 0): the
 *   facilities at `at` less those two years before.
 * Called by kp_figures_compute after its scope check. KP_EINVAL for NULL
 * arguments, KP_EDB on storage failure (*out then keeps what it had). */
kp_rc kp_figures_add_availability(kp_ctx *ctx, const char *region, kp_date at, const kp_territories *t,
                                  kp_figures *out);

#endif
