/* Internals of a check run shared by checks.c, check_table.c and
 * check_finders.c; not a public interface (see checks.h). */
#ifndef KOPA_SERVICE_QUALITY_CHECK_RUN_H
#define KOPA_SERVICE_QUALITY_CHECK_RUN_H
#include "service/quality/checks.h"
#include "service/territory.h"

/* One remembered answer of "which territory holds (municipality, parish)
 * on date, and in which region is it then" (territory.h), so that finders
 * that ask it for every delivery pay for each question once. */
typedef struct kp_check_memo {
    int64_t municipality, parish, holder;
    char date[11];
    char region[8];
    bool used;
} kp_check_memo;

/* A hit as the cache keeps it. */
typedef struct kp_check_cached {
    size_t check;          /* index in kp_checks() */
    int64_t holder_today;  /* territory holding the record today; 0 for a region's record */
    char region[8];        /* its region today (or the record's region) */
} kp_check_cached;

typedef struct kp_check_job {
    kp_ctx *ctx;
    kp_check_report *out;
    char at[11];            /* the check date */
    char today[11];         /* today (ctx->now): scope follows today's map */
    char region[8];         /* option: only this region ("" = any) */
    int64_t municipality;   /* option: only this territory (0 = any) */
    int64_t own_holder;     /* heads and social workers: their territory today */
    kp_territories terr;
    kp_check_memo *memo;    /* open addressing, memo_cap a power of two */
    size_t memo_cap, memo_n;
    bool collect;           /* filling the cache: every hit, unscoped, into col */
    kp_check_cached *col;
    size_t ncol, capcol;
} kp_check_job;

/* Runs the query of `def` (checks_sql.c, ?1 = the check date) and reports
 * every row as a hit of `def`. */
kp_rc kp_check_run_query(kp_check_job *run, const kp_check_def *def);

/* The finders that are functions rather than SQL (check_finders.c). */
kp_rc kp_find_compensation_above_deliveries(kp_check_job *run, const kp_check_def *def);
kp_rc kp_find_object_history_chain(kp_check_job *run, const kp_check_def *def);
kp_rc kp_find_deliveries_above_rule(kp_check_job *run, const kp_check_def *def);
kp_rc kp_find_same_person_twice(kp_check_job *run, const kp_check_def *def);

#endif
