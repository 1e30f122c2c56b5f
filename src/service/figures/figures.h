/* The evaluation's figures, computed from records at a date: every count,
 * sum and percentage of the progress evaluation, as tidy rows. Nothing here
 * reads a stored total; records made under a pre-reform municipality count
 * under the territory that holds them on the date. */
#ifndef KOPA_SERVICE_FIGURES_H
#define KOPA_SERVICE_FIGURES_H
#include <stdbool.h>
#include <stdint.h>
#include <stddef.h>
#include "core/date.h"
#include "service/ctx.h"

typedef enum kp_value_kind {
    KP_VAL_COUNT = 0,   /* a whole number */
    KP_VAL_CENTS = 1,   /* money in cents */
    KP_VAL_HUNDREDTHS = 2, /* a percentage ×100 */
} kp_value_kind;

typedef struct kp_figure {
    char section[32];       /* top-level key of the reference file */
    int64_t municipality_id;/* 0 = the region (or country) as a whole */
    char municipality[96];  /* Latvian name, "" for the whole */
    char target_group[16];  /* grt, ft, parents, bsac or "" */
    char item[48];          /* what is counted */
    char measure[16];       /* persons, eur, pct, objects, places, baseline, target, achieved, count */
    int period;             /* a year, 0 = none */
    kp_value_kind kind;
    int64_t value;
} kp_figure;

typedef struct kp_figures {
    kp_figure *items;
    size_t n, cap;
    bool has_data;          /* false when the region has no records at all at the date */
} kp_figures;

void kp_figures_free(kp_figures *f);

/* Computes every figure for a region (e.g. "ZPR") at a date. Readable by the
 * region's coordinator, the ministry and administrators; KP_ENOTFOUND for
 * an unknown region, KP_EDENIED/KP_ENOTFOUND outside scope. */
kp_rc kp_figures_compute(kp_ctx *ctx, const char *region, kp_date at, kp_figures *out);

/* The national pass: the reads of several regions' figures at one date
 * made once for all of them, each region folding its own records from the
 * rows kept (kp_figures_for "ALL"). Every figure is as kp_figures_compute
 * gives it; only regions named here are read through the pass (others
 * read their own). kp_figures_pass_new takes each region's project start
 * (KP_EINVAL for NULL or a code of 8 characters or more). */
typedef struct kp_figures_pass kp_figures_pass;
kp_rc kp_figures_pass_new(kp_ctx *ctx, const char *const *regions, size_t n, kp_figures_pass **out);
void kp_figures_pass_free(kp_figures_pass *p);

/* kp_figures_compute with the region's trend rows given (NULL counts
 * them, see trends.h) and its reads from `pass` (NULL: its own). */
kp_rc kp_figures_compute_in_pass(kp_ctx *ctx, const char *region, kp_date at, const kp_figures *trends,
                                 kp_figures_pass *pass, kp_figures *out);

/* Formats a figure's value the plain way ("398161.28", "457", "4.23"). */
void kp_figure_value_plain(const kp_figure *f, char out[32]);

/* Is `name` one of the indicator computations below (used to validate
 * indicator definitions)? */
bool kp_indicator_computation_known(const char *name);

/* Value of a computed indicator for a region at a date. */
kp_rc kp_indicator_compute(kp_ctx *ctx, const char *computation, const char *region, kp_date at, int64_t *value);

/* The values of some of the region's indicators at `at` (the one
 * definition the evaluation uses: computed from records, or an entered
 * value of the last year ended by `at`), counting the records of the
 * territories that belong to the region on `territories_on` — or,
 * municipality > 0, only those held by that municipality then (a
 * territory valid on that date). Each item names its indicator_id; the
 * call fills value, year (the year the value is labelled with) and found
 * (an entered indicator has no municipal value, and an entered one may
 * have no value yet). No scope check: the caller decides
 * (service/figures/progress.h). KP_EINVAL for bad arguments, KP_ENOTFOUND
 * for an indicator of another region. */
typedef struct kp_indicator_at {
    int64_t indicator_id;
    int64_t value;
    int year;
    bool found;
} kp_indicator_at;
kp_rc kp_indicator_values_at(kp_ctx *ctx, const char *region, int64_t municipality, kp_date territories_on,
                             kp_date at, kp_indicator_at *items, size_t n);

/* The entered value of indicator `indicator` for the latest year up to
 * `year`, as it stood on `on` (a correction made later does not count:
 * "Entered values" in docs/figures.md): *found, the value's row id (may be
 * NULL), its year and value. The one query the evaluation and the
 * drill-down read an entered value with. KP_EINVAL for NULL or
 * KP_DATE_NONE. */
kp_rc kp_indicator_entered_at(kp_ctx *ctx, int64_t indicator, int year, kp_date on, bool *found, int64_t *row_id,
                              int *year_out, int64_t *value);

/* The region's project period: the earliest start and the latest end of
 * its projects (project.start_date, project.end_date), ISO dates, each ""
 * when the region has no project (or none with an end). The one reading of
 * "the project's start" and "the project's end" (figures, drill-down,
 * progress, cost). KP_EINVAL for NULL. */
kp_rc kp_region_project_period(kp_ctx *ctx, const char *region, char start[11], char end[11]);

/* The start of the region's first project, or "1900-01-01" without one: a
 * figure "since the project began" then counts every record. */
kp_rc kp_region_project_start(kp_ctx *ctx, const char *region, char start[11]);

/* The last calendar year ended by a date: the date's own year on
 * 31 December, else the year before (an entered value's year). */
int kp_last_ended_year(kp_date at);

#endif
