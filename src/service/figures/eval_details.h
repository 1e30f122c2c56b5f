/* Details the progress evaluation prints beside its figures: the region's
 * projects, the DI plan's infrastructure objects as they stood on the date, cooperation between
 * municipalities, which pre-reform municipalities make up each territory,
 * and the figures by the municipality a record was made under. Read-only;
 * every call is scoped with kp_access_region. */
#ifndef KOPA_SERVICE_EVAL_DETAILS_H
#define KOPA_SERVICE_EVAL_DETAILS_H
#include <stdint.h>
#include <stddef.h>
#include "core/date.h"
#include "core/money.h"
#include "service/ctx.h"

typedef struct kp_eval_project {
    char number[48];
    char name[208];
    char start[11], end[11];
    kp_cents budget, esf, state;
} kp_eval_project;

typedef struct kp_eval_object {
    int64_t id;
    int64_t holder_id;      /* territory holding the object on the date (roll-up) */
    char name[304];         /* at most 300 bytes */
    char target_group[16];
    char service[32];       /* service code */
    int64_t places;         /* places counted on the date; -1 = none (the plan gives none, or cancelled) */
    kp_cents erdf;          /* ERDF money counted on the date (0 once cancelled) */
    char status[16];        /* on the date: planned, building, registered, operating, cancelled */
    char status_since[11];  /* ISO date that status took effect */
} kp_eval_object;

typedef struct kp_eval_coop {
    int64_t holder_id;      /* the buying municipality, rolled up */
    char partner[96];       /* the partner's Latvian name on the date */
    char service[32];
    char target_group[16];
    char kind[16];          /* existing, planned */
    int64_t places;         /* -1 = not given */
} kp_eval_coop;

typedef struct kp_eval_predecessor {
    int64_t holder_id;
    char name[96];
    char valid_to[11];
} kp_eval_predecessor;

/* One row per municipality records were made under (pre-reform ones
 * included), with what was recorded under it. */
typedef struct kp_eval_record_muni {
    int64_t id;
    int64_t holder_id;
    char name[96];
    char valid_to[11];      /* "" = still exists */
    kp_cents compensation;
    int64_t grt, ft, parents; /* distinct persons who received ESF-paid services */
} kp_eval_record_muni;

/* A code and its Latvian name (service types, target groups). */
typedef struct kp_eval_name {
    char code[64]; /* indicator keys run to 40 characters */
    char name[160];
} kp_eval_name;

/* A list the calls below fill; free with kp_eval_list_free. `items` points
 * to an array of the call's struct type; the caller owns it. */
typedef struct kp_eval_list {
    void *items;
    size_t n;
} kp_eval_list;

void kp_eval_list_free(kp_eval_list *l);

/* Each call: region code ("ZPR"), date; KP_ENOTFOUND outside scope,
 * KP_EDB on storage failure; *out is empty on failure. */
kp_rc kp_eval_projects(kp_ctx *ctx, const char *region, kp_date at, kp_eval_list *out);      /* kp_eval_project */
kp_rc kp_eval_objects(kp_ctx *ctx, const char *region, kp_date at, kp_eval_list *out);       /* kp_eval_object */
kp_rc kp_eval_cooperation(kp_ctx *ctx, const char *region, kp_date at, kp_eval_list *out);   /* kp_eval_coop */
kp_rc kp_eval_predecessors(kp_ctx *ctx, const char *region, kp_date at, kp_eval_list *out);  /* kp_eval_predecessor */
kp_rc kp_eval_by_record_municipality(kp_ctx *ctx, const char *region, kp_date at, kp_eval_list *out); /* kp_eval_record_muni */
/* Service types and target groups with their Latvian names (catalogue,
 * public). */
kp_rc kp_eval_service_names(kp_ctx *ctx, kp_eval_list *out);      /* kp_eval_name */
kp_rc kp_eval_group_names(kp_ctx *ctx, kp_eval_list *out);        /* kp_eval_name */
/* The planning regions (code → Latvian name), by code. */
kp_rc kp_eval_regions(kp_ctx *ctx, kp_eval_list *out); /* kp_eval_name */
/* Indicators of a region (key → Latvian name), in their order. */
kp_rc kp_eval_indicator_names(kp_ctx *ctx, const char *region, kp_eval_list *out); /* kp_eval_name */
/* Latvian name of a region; "" when unknown. out: at least 96 bytes. */
kp_rc kp_eval_region_name(kp_ctx *ctx, const char *region, char *out, size_t outlen);

#endif
