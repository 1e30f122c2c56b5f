/* The data-quality report ("kopa check", the /check page, GET /api/v1/check):
 * a table of checks, each one rule the records should keep, each finding the
 * records that break it. A finding names the record (kind, id, territory;
 * for people the client id and, for those allowed to see it, the name —
 * never a personal code), says what is wrong with the numbers and what to
 * do, in Latvian and English. The definitions are in docs/checks.md.
 *
 * Adding a check is one row of the table in check_table.c with its SQL
 * query under the same id in checks_sql.c, which returns the hit columns
 * below (KP_CHECK_COLUMNS), or a function for rules SQL cannot say well
 * (check_finders.c). */
#ifndef KOPA_SERVICE_QUALITY_CHECKS_H
#define KOPA_SERVICE_QUALITY_CHECKS_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "core/date.h"
#include "service/ctx.h"
#include "service/errors.h"

typedef enum kp_check_severity {
    KP_CHECK_INFO = 0,    /* worth knowing; nothing need change */
    KP_CHECK_WARNING = 1, /* probably wrong: look at it */
    KP_CHECK_ERROR = 2,   /* wrong: a figure, a payment or a rule is affected */
} kp_check_severity;

/* "error", "warning", "info". */
const char *kp_check_severity_name(kp_check_severity s);

/* One raw hit as a check's query or function finds it, before scope. */
typedef struct kp_check_hit {
    const char *kind;          /* record kind: "client", "assignment", "delivery", … (static text) */
    int64_t record_id;
    int64_t municipality_id;   /* the territory the record was made under; 0 = none (see region) */
    int64_t parish_id;         /* its parish when the record names one; 0 = none */
    char region[8];            /* for records of a region rather than a territory (projects) */
    int64_t client_id;         /* the person the record is about; 0 = none */
    char date[11];             /* the record's own date, ISO */
    int64_t n[4];              /* the numbers the message quotes */
    char t[4][112];            /* the texts it quotes (dates, names of services, periods) */
} kp_check_hit;

/* The columns, in order, that a check's SQL returns (?1 is the check date):
 * kind, record_id, municipality_id, parish_id, region, client_id, date,
 * n1, n2, n3, n4, t1, t2, t3, t4 (NULL for an unused one). */
#define KP_CHECK_COLUMNS 15

struct kp_check_job;
typedef struct kp_check_def kp_check_def;
/* A finder reports each hit with kp_check_report_hit(). */
typedef kp_rc (*kp_check_finder)(struct kp_check_job *run, const kp_check_def *def);

/* Whose records a check is about: a territory's (the hit names a
 * municipality: heads see it) or a region's (projects, payment requests:
 * region coordinators only). */
typedef enum kp_check_scope { KP_CHECK_SCOPE_MUNICIPALITY = 0, KP_CHECK_SCOPE_REGION = 1 } kp_check_scope;

/* One row of the table. Messages are templates: {n1}…{n4} a number,
 * {m1}…{m4} the number as money (1 234,56 €), {t1}…{t4} a text,
 * {d1}…{d4} the text as a date (31.12.2021. in Latvian, ISO in English;
 * empty as "…"), {days1}…{days4} the days from that date to the check date.
 * Anything else is copied as it is. */
struct kp_check_def {
    const char *id;            /* stable key: "compensation_twice" */
    kp_check_severity severity;
    kp_check_scope scope;
    const char *title_lv, *title_en;
    const char *message_lv, *message_en;
    const char *todo_lv, *todo_en;
    kp_check_finder find;      /* finds the hits; NULL: the check's query in quality/checks_sql.c,
                                  under its id, does (KP_CHECK_COLUMNS columns) */
};

/* The table, in report order; *n gets its length. */
const kp_check_def *kp_checks(size_t *n);
/* A check by id, or NULL. */
const kp_check_def *kp_check_find(const char *id);

/* One finding in the caller's scope. */
typedef struct kp_finding {
    const kp_check_def *check;
    const char *kind;
    int64_t record_id;
    int64_t municipality_id;     /* territory the record was made under (0 = none) */
    char recorded_atvk[8];       /* its ATVK code */
    int64_t holder_id;           /* territory holding the record on the check date (0 = none) */
    char atvk[8];                /* the holder's ATVK code */
    bool atvk_confirmed;         /* that code is confirmed against the official classifier */
    char municipality[96];       /* the holder's name (Latvian) */
    char region[8];              /* planning region on the check date */
    int64_t client_id;
    char client_name[212];       /* "" unless the caller may see names */
    bool client_open;            /* the caller may read this client's card (kp_access_client) */
    char date[11];
    int64_t n[4];                /* the numbers of the hit */
    char message[640];           /* what is wrong, in ctx->lang */
} kp_finding;

/* Counts per check and region, for the aggregate view. */
typedef struct kp_check_total {
    size_t check;                /* index in kp_checks() */
    char region[8];              /* "" = no region */
    size_t n;
} kp_check_total;

typedef struct kp_check_report {
    char at[11];                 /* the check date */
    bool names;                  /* client names are filled in */
    bool details;                /* findings are listed (false: counts only) */
    kp_finding *items;           /* the findings listed (the window of kp_check_opts) */
    size_t n, cap;
    size_t total;                /* findings in scope, listed or not */
    size_t *per_check;           /* findings in scope per check (kp_checks() order) */
    size_t checks;               /* length of per_check */
    size_t severity[3];          /* findings in scope per severity */
    kp_check_total *totals;
    size_t ntotals, totals_cap;
} kp_check_report;

/* Today's findings, reduced to what the counts on start pages need (check,
 * territory and region), shared by the requests of one web server so that
 * a start page does not run every check each time it is shown. Thread-safe.
 * kp_check_cache_new never fails (allocation aborts); free with
 * kp_check_cache_free (NULL is fine). */
typedef struct kp_check_cache kp_check_cache;
kp_check_cache *kp_check_cache_new(unsigned max_age_seconds);
void kp_check_cache_free(kp_check_cache *c);

typedef struct kp_check_opts {
    const char *at;              /* ISO date; NULL or "" = today (ctx->now) */
    const char *region;          /* only findings of this region on the check date; NULL = all in scope */
    const char *municipality;    /* ATVK: findings held by, or recorded under, this territory; NULL = all */
    const char *check;           /* one check's id; NULL = every check */
    bool counts_only;            /* count, list nothing (start pages): no names, no access record */
    kp_check_cache *cache;       /* counts_only for today without filters: the counts come from the
                                    cache while it is younger than its max age, else the checks run
                                    and refill it; NULL = always run */
    int64_t now;                 /* Unix seconds, for the cache's age */
    /* Which findings are listed (counts always cover every finding in scope):
     * at most per_check of each check (0 = no cap), then of those the ones from
     * offset on, at most limit (0 = no limit), in report order. */
    size_t per_check;
    size_t offset, limit;
} kp_check_opts;

/* Runs the checks on the records as they stood on the check date and keeps
 * the findings in the caller's scope, ordered by check, territory, date and
 * record:
 *   - the installation's operator (the command line) and administrators:
 *     every finding; the operator also sees client names, administrators do not;
 *   - a municipal head or social worker: the findings of records their
 *     municipality holds today (records of its predecessors included), with
 *     client names; no region-level findings;
 *   - a region coordinator: the findings of records their region holds
 *     today and the region's own (projects, payment requests), with client
 *     ids but no names;
 *   - the ministry: counts per check and region only (no findings listed).
 * Provider staff: KP_EDENIED. A bad date, region, municipality or check id
 * is KP_EINVAL with a message naming the field in `e`; a region or
 * territory outside the caller's scope KP_ENOTFOUND. Every client a listed
 * finding names leaves one access record ("check"), findings outside the
 * window none; nothing else is written. `out` is filled on success and must be freed with
 * kp_check_report_free (also after a failure). */
kp_rc kp_check_run(kp_ctx *ctx, const kp_check_opts *opts, kp_errors *e, kp_check_report *out);
void kp_check_report_free(kp_check_report *r);

/* Used by finders: adds one hit (scope, names and the message are worked
 * out by the run). */
kp_rc kp_check_report_hit(struct kp_check_job *run, const kp_check_def *def, const kp_check_hit *hit);
/* The check date of a run, ISO. */
const char *kp_check_run_at(const struct kp_check_job *run);
/* The run's context (its store, keys and language). */
kp_ctx *kp_check_run_ctx(struct kp_check_job *run);
/* The territory holding the records of `municipality` (and `parish`) on
 * `date` (ISO), as docs/figures.md defines it; 0 when none. */
int64_t kp_check_run_holder(struct kp_check_job *run, int64_t municipality, int64_t parish, const char *date);
/* The planning region of territory `id` on `date`; "" when none. */
const char *kp_check_run_region(struct kp_check_job *run, int64_t id, const char *date);
/* A territory's Latvian name ("" when unknown). */
const char *kp_check_run_name(const struct kp_check_job *run, int64_t id);

/* Writes a message template with a hit's values into out (NUL-terminated,
 * cut at outlen without splitting a character); `en` picks the English
 * forms of dates; `at` is the check date for {daysN}. Exposed for tests. */
void kp_check_format(const char *tmpl, const kp_check_hit *hit, bool en, const char *at, char *out, size_t outlen);

#endif
