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
#include "service/figures/disclosure.h"

#define KP_COST_YEARS_AFTER 5
#define KP_COST_MAX_YEARS 64 /* years from first_year to last_year the suppression can mark */

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
    /* Set by kp_cost_suppress (all false without it): the value is not
     * published (shown "c", null with flag "c"). */
    bool persons_c, unmet_added_c, units_c, cost_c;
} kp_cost_row;

typedef struct kp_cost {
    char region[8];
    int64_t municipality;          /* 0 = the region as a whole */
    char municipality_name[96];    /* its name in the context's language */
    kp_date at;
    int first_year, base_year, end_year, last_year; /* project's first, base, project's last, last projected */
    kp_cost_row *rows;             /* by municipality name, service (catalogue order), year */
    size_t n;
    /* kp_cost_suppress: the rule applied (suppressed false = exact
     * figures), and the year totals' cells not published, by year −
     * first_year. */
    bool suppressed;
    kp_disclosure_rule rule;
    bool year_persons_c[KP_COST_MAX_YEARS], year_units_c[KP_COST_MAX_YEARS];
    size_t nsuppressed;            /* cells suppressed (rows' and totals') */
} kp_cost;

/* Computes the table above for a region or one of its municipalities
 * (scope as kp_figures_scope in progress.h) at `at`, projecting
 * `years_after` years (1–20) after the project's last year. KP_EINVAL for
 * bad arguments. */
kp_rc kp_cost_compute(kp_ctx *ctx, const char *region, int64_t municipality, kp_date at, int years_after,
                      kp_cost *out);
void kp_cost_free(kp_cost *c);

/* The tables of n regions at once: out[i] as kp_cost_compute(ctx,
 * regions[i], 0, at, years_after, &out[i]) fills it, the same rows, but
 * the records of regions whose project has the same dates are read
 * together (the deliveries once, the needs once, each record to the region
 * holding it on the date), and the territories, catalogue and unit costs
 * once for all: the national roll-up is one pass, split by region.
 * KP_EINVAL for bad arguments (n 0, a NULL region); any region's scope
 * error fails all. On failure every out[i] is left empty. */
kp_rc kp_cost_compute_regions(kp_ctx *ctx, const char *const *regions, size_t n, kp_date at, int years_after,
                              kp_cost *out);

/* Sums of one year over all rows (persons are added per municipality and
 * service, so a person served two services counts twice). */
void kp_cost_year_total(const kp_cost *c, int year, int64_t *persons, int64_t *units, kp_cents *cost);

/* Open data without small numbers (disclosure.h) for the table: the
 * persons of each row and each year's total (the rows of a year add up to
 * it, and so do the rows of each municipality in the year to its total,
 * and those to the year's), and the unmet_added of a projected row (its persons are the base
 * year's persons of the row plus unmet_added: a line too) are suppressed
 * under `rule` with kp_disclosure_suppress. The units (and so the cost) of
 * a projected row whose base-year persons are suppressed are suppressed as
 * well, because base units × (persons / base persons) would give the
 * base persons back; the year's unit and cost totals are then protected
 * the same way (a second cell of the year when only one is hidden). Costs
 * are never persons × a published rate, so no other euro is hidden. Sets
 * the *_c flags and c->suppressed. KP_EINVAL for NULL arguments, a bad
 * rule or more than KP_COST_MAX_YEARS years; KP_ESTATE as
 * kp_disclosure_suppress. */
kp_rc kp_cost_suppress(const kp_disclosure_rule *rule, kp_cost *c);

/* kp_cost_suppress for what a caller is shown: in a region's table the
 * rows of each municipality in a year add up to that municipality's year
 * total (what its own table shows) and those to the year's total, all
 * lines of the suppression; a table of one municipality takes its flags
 * from the suppression of the whole region (as this caller may read it),
 * so the two published tables cannot be subtracted one from the other.
 * When the caller may not read the region (a municipal head), or the
 * region's rows are not this territory's (a date before its territorial
 * reform), the table keeps its own suppression. KP_EINVAL for NULL
 * arguments or a bad rule. */
kp_rc kp_cost_suppress_in_region(kp_ctx *ctx, const kp_disclosure_rule *rule, kp_cost *c);

#endif
