/* Progress at a glance: each indicator of a region's programme with its
 * value at a date (the same definition the evaluation uses:
 * kp_indicator_value_at in figures.h), its baseline and target, its values
 * at the ends of past years (the trend) and its status against the target
 * line. For a municipality: the values of its own records, and no status
 * (the targets are the region's). The rule is in docs/figures.md
 * ("Progress at a glance").
 *
 * Ownership: kp_progress_free releases what kp_progress_compute filled. */
#ifndef KOPA_SERVICE_PROGRESS_H
#define KOPA_SERVICE_PROGRESS_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "core/date.h"
#include "service/ctx.h"
#include "service/figures/disclosure.h"

#define KP_PROGRESS_TREND_MAX 12

typedef enum kp_progress_status {
    KP_PROGRESS_NONE = 0,     /* no value, or a municipality's (no target of its own) */
    KP_PROGRESS_BEHIND = 1,   /* short of the target line at the date */
    KP_PROGRESS_ON_TRACK = 2, /* on or past the target line, target not yet reached */
    KP_PROGRESS_REACHED = 3,  /* the target itself is reached */
} kp_progress_status;

typedef struct kp_progress_point {
    kp_date on;      /* the end of a year, or the date itself (the last point) */
    int year;        /* the year the value is labelled with */
    bool found;
    int64_t value;
    bool c;          /* kp_progress_suppress: the value is not published */
} kp_progress_point;

typedef struct kp_progress_item {
    int64_t id;
    char key[65], kind[16], source[16];
    char name[304];                 /* in the context's language */
    bool has_baseline;
    int64_t baseline, target;
    int baseline_year, target_year; /* 0 when not given */
    kp_date line_start, line_end;   /* the target line's ends */
    bool found;                     /* a value at the date */
    int64_t value;
    int value_year;
    bool has_line;                  /* region scope and a line with two ends */
    int64_t expected;               /* the target line at the date, rounded */
    kp_progress_status status;
    kp_progress_point trend[KP_PROGRESS_TREND_MAX];
    size_t ntrend;
    bool persons;                   /* the value counts persons (kp_catalogue_counts_persons) */
    bool value_c;                   /* kp_progress_suppress: the value is not published */
} kp_progress_item;

typedef struct kp_progress {
    char region[8];
    int64_t municipality;           /* 0 = the region as a whole */
    char municipality_name[96];
    kp_date at;
    kp_progress_item *items;
    size_t n;
    bool suppressed;                /* kp_progress_suppress applied */
    kp_disclosure_rule rule;
    size_t nsuppressed;
} kp_progress;

/* The scope a figure of region or municipality is asked for, decided once
 * for the progress and cost pages: `region` ("" = the caller's own; the
 * ministry and administrators must name one) and `municipality` (0 = the
 * region as a whole). A municipality is today's territory (ctx->now), its
 * predecessors' records included, whatever the date: the figures of a
 * municipality at `at` count the records that today roll up into it. A
 * municipal head always gets their own: naming another one, or another
 * region, answers KP_ENOTFOUND, as does anything outside a coordinator's
 * region (today). Social workers and providers: KP_EDENIED. On success
 * region_out holds the region and *municipality_out today's territory of
 * the named municipality (0 for the region). `at` must be a date. */
kp_rc kp_figures_scope(kp_ctx *ctx, const char *region, int64_t municipality, kp_date at, char region_out[8],
                       int64_t *municipality_out);

/* Fills *out (zeroed first) for the scope above at `at`. KP_EINVAL for
 * NULL arguments or no date; scope errors as kp_figures_scope. */
kp_rc kp_progress_compute(kp_ctx *ctx, const char *region, int64_t municipality, kp_date at, kp_progress *out);
void kp_progress_free(kp_progress *p);

/* The status of a value against the line from `baseline` on `start` to
 * `target` on `end` at date `at` (before the start: the baseline; after
 * the end: the target). A target below the baseline is a fall: reaching
 * means coming down to it. Exact integer comparison, no rounding. */
kp_progress_status kp_progress_status_of(int64_t value, int64_t baseline, kp_date start, int64_t target,
                                         kp_date end, kp_date at, int64_t *expected);

/* Open data without small numbers (disclosure.h): the values counting
 * persons (the output and result indicators' achieved values, as the
 * evaluation's catalogue says; not the DI plan's providers and centres)
 * that are small are suppressed, at the date and in the trend. The values
 * of one indicator are each a count at its own date, none a sum of
 * others, so there is no line to protect within the panel; baseline,
 * target and the target line are plans, not counts of persons. Sets
 * value_c, trend[k].c and p->suppressed. KP_EINVAL for NULL arguments or a
 * bad rule. */
kp_rc kp_progress_suppress(const kp_disclosure_rule *rule, kp_progress *p);

/* "on_track", "behind", "reached" or "" (the API's and CSV's words). */
const char *kp_progress_status_code(kp_progress_status s);

#endif
