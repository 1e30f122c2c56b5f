/* Figures 1–3 of seed 003: the target groups at each year's end and their
 * rate per 1 000 inhabitants. Each row is a catalogue entry of section
 * "trends" (catalogue.h): the count is the context figure named in the
 * entry's column (the same condition, computed at the year's end), the
 * population is data/population.csv's figure for the territories the
 * region had on that date, and the rate is computed from the two; the
 * national total adds the regions' counts and populations and recomputes
 * the rate (KP_FOLD_PER_1000). docs/figures.md, "Trends 2016–2021". */
#ifndef KOPA_SERVICE_FIGURES_TRENDS_H
#define KOPA_SERVICE_FIGURES_TRENDS_H
#include "service/figures/catalogue.h"

/* The day a year's figures are taken: 31 December of `year`, or `at` when
 * that is earlier (the year the evaluation is made in). */
kp_date kp_trend_date(int year, kp_date at);

/* The year whose population (at its start, 1 January) a figure on `d`
 * divides by: the year of the day after `d` — 31.12.2018 takes the
 * population on 1.1.2019, 15.06.2021 that on 1.1.2021. */
int kp_trend_population_year(kp_date d);

/* The population on 1 January of `year` of the territories in `region` on
 * `d` (each valid on `d`, in the region then); *found false (and *value
 * 0) when any one of them has no figure for that year, so that a partial
 * sum is never shown as the region's. KP_EINVAL for NULL arguments,
 * KP_ENOTFOUND for an unknown region. No scope check (population is
 * public); the callers check the region's. */
kp_rc kp_trend_population(kp_ctx *ctx, const char *region, kp_date d, int year, bool *found, int64_t *value);

/* Rows of section "trends" for `region` (or the country for KP_REGION_ALL)
 * for every year from first_year to the year of `at`, each taken on
 * kp_trend_date(year, at): municipality_id 0, period = the year, one row
 * per count entry; a population row and the rate rows only for years
 * whose population is known (complete). Readable by those who may read
 * the region's figures (kp_figures_compute). KP_EINVAL for NULL
 * arguments, KP_DATE_NONE or a first year before 1990, after the year of
 * `at` or more than 30 years before it; KP_ENOTFOUND for an unknown
 * region or one out of scope. *out is empty on failure; the caller frees
 * it with kp_figures_free. */
kp_rc kp_trends_for(kp_ctx *ctx, const char *region, int first_year, kp_date at, kp_figures *out);

/* The first year of the evaluation's trends at `at`: five years before
 * the date's year (2016 for 31.12.2021); six years in all. */
int kp_trends_first_year(kp_date at);

/* Appends `region`'s rows of kp_trends_for(region, kp_trends_first_year(at),
 * at) to *out (not has_data): the trend figures as rows of the
 * evaluation (kp_figures_compute calls it last, after its scope check;
 * the country's come from the catalogue's fold in kp_figures_for).
 * KP_EINVAL for NULL arguments or KP_DATE_NONE; the errors of
 * kp_trends_for (*out then keeps what it had, perhaps with more room). */
kp_rc kp_figures_add_trends(kp_ctx *ctx, const char *region, kp_date at, kp_figures *out);

/* Every region's rows of kp_trends_for at once: the counts of all
 * regions and years come from one query (the dates one join, each
 * region's territories of each date in the filter), split by region;
 * kp_figures_for folds them into the country's instead of counting the
 * six dates once per region. */
typedef struct kp_trends_by_region {
    size_t n;
    char (*regions)[8]; /* the regions' codes, kp_eval_regions order */
    kp_figures *rows;   /* rows[i]: kp_trends_for(regions[i], …)'s rows */
} kp_trends_by_region;

/* Fills *out for every region (kp_eval_regions), first_year to the year
 * of `at`. KP_EINVAL for NULL arguments or the dates kp_trends_for
 * refuses; KP_ENOTFOUND when a region is out of scope. *out is empty on
 * failure; the caller frees it with kp_trends_by_region_free. */
kp_rc kp_trends_regions(kp_ctx *ctx, int first_year, kp_date at, kp_trends_by_region *out);
void kp_trends_by_region_free(kp_trends_by_region *b);

/* kp_figures_compute with the region's trend rows given (its rows of
 * kp_trends_regions) instead of counted again; NULL counts them. */
kp_rc kp_figures_compute_with_trends(kp_ctx *ctx, const char *region, kp_date at, const kp_figures *trends,
                                     kp_figures *out);

/* Appends a copy of every row of *rows to *out (nothing for NULL). */
void kp_figures_append_rows(kp_figures *out, const kp_figures *rows);

/* A rate per 1 000 in hundredths, rounded half up: persons × 100 000 /
 * population; 0 when population is not positive or persons negative. */
int64_t kp_per_1000_hundredths(int64_t persons, int64_t population);

#endif
