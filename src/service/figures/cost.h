/* Cost after EU funding (seed 003, finding 5): per municipality and
 * service, the persons served, units delivered and their cost in each year
 * of the project from the records, and a projection for the years after
 * the project ends. The assumptions are fixed and documented in
 * docs/figures.md ("Cost after EU funding"):
 *   - history: ESF-funded deliveries (not of a cancelled assignment) from
 *     the project's start to the date, under the municipality responsible
 *     for the person on the date, rolled up to the territory holding its
 *     records on the date (for one municipality: today's territory, its
 *     predecessors' records included, as kp_figures_scope says); a
 *     delivery's cost is its claim line's amount where a claim holds it,
 *     else units × the unit cost in force on its day (data/unit_costs.csv);
 *   - base year: the last calendar year ended by the date, at most the
 *     project's last year;
 *   - need not yet served: persons whose latest assessment by the date
 *     names the service (or a kind of it) and who received none of it in
 *     the base year; they are taken in evenly, all by the last year
 *     projected (year k of N adds unmet × k / N, rounded down);
 *   - units per person as in the base year (the municipality's, else the
 *     region's for that service); unit cost in force on 1 January of each
 *     projected year; no inflation.
 * Services are their parent service (pool, Montessori … are social
 * rehabilitation). Ownership: kp_cost_free releases what kp_cost_compute
 * filled. */
#ifndef KOPA_SERVICE_COST_H
#define KOPA_SERVICE_COST_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "core/date.h"
#include "core/money.h"
#include "service/ctx.h"

#define KP_COST_YEARS_AFTER 5

typedef struct kp_cost_row {
    int64_t municipality;          /* the territory holding the records on the date */
    char municipality_atvk[8];     /* its ATVK code */
    char municipality_name[96];    /* in the context's language */
    char service[32];
    char service_name[160];        /* in the context's language */
    int year;
    bool projected;                /* a year after the project */
    int64_t persons, units;
    int64_t unmet_added;           /* projected: persons with a need not yet served counted in */
    kp_cents unit_cost;            /* projected: the unit cost assumed */
    kp_cents cost;
    int service_sort;              /* the catalogue's order */
} kp_cost_row;

typedef struct kp_cost {
    char region[8];
    int64_t municipality;          /* 0 = the region as a whole */
    char municipality_name[96];    /* its name in the context's language */
    kp_date at;
    int first_year, base_year, end_year, last_year; /* project's first, base, project's last, last projected */
    kp_cost_row *rows;             /* by municipality name, service (catalogue order), year */
    size_t n;
} kp_cost;

/* Computes the table above for a region or one of its municipalities
 * (scope as kp_figures_scope in progress.h) at `at`, projecting
 * `years_after` years (1–20) after the project's last year. KP_EINVAL for
 * bad arguments. */
kp_rc kp_cost_compute(kp_ctx *ctx, const char *region, int64_t municipality, kp_date at, int years_after,
                      kp_cost *out);
void kp_cost_free(kp_cost *c);

/* Sums of one year over all rows (persons are added per municipality and
 * service, so a person served two services counts twice). */
void kp_cost_year_total(const kp_cost *c, int year, int64_t *persons, int64_t *units, kp_cents *cost);

#endif
