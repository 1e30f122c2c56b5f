/* The queries of the cost after EU funding (service/figures/cost.h): the
 * aggregate is the cost table, read from the ESF-funded deliveries, the
 * needs of the latest assessments, the unit costs and the service
 * catalogue. Used by cost.c only (kp_cost_compute and
 * kp_cost_compute_regions). Private to service/figures/. No authorisation,
 * audit or transaction here: the use case does that. */
#ifndef KOPA_SERVICE_FIGURES_COST_SQL_H
#define KOPA_SERVICE_FIGURES_COST_SQL_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "core/money.h"
#include "service/rows.h"

/* A service of the catalogue, in catalogue order. */
typedef struct kp_q_cost_service {
    char code[32];
    char name[160]; /* in the language asked for */
} kp_q_cost_service;
typedef struct kp_q_cost_service_list {
    kp_q_cost_service *items;
    size_t n, cap;
} kp_q_cost_service_list;

/* Every service (name_en when `en`, else name_lv), by sort then code,
 * appended to *out (the caller frees out->items, also on failure). */
kp_rc kp_q_cost_services(kp_store *st, bool en, kp_q_cost_service_list *out);

/* A service's unit cost over a stretch of days: every day from first_day
 * to last_day (ISO) costs `cents` a unit (0: none in force). */
typedef struct kp_q_cost_rate {
    char code[32];
    char first_day[11], last_day[11];
    int64_t cents;
} kp_q_cost_rate;
typedef struct kp_q_cost_rate_list {
    kp_q_cost_rate *items;
    size_t n, cap;
} kp_q_cost_rate_list;

/* The stretches of every service code, by code then first day; a code's
 * stretches follow each other without gap from 0000-01-01 to 9999-12-31,
 * each with the unit cost in force on its first day (KP_UNIT_COST_ON_SQL),
 * which holds on each of its days. Appended to *out (the caller frees
 * out->items, also on failure). */
kp_rc kp_q_cost_rates(kp_store *st, kp_q_cost_rate_list *out);

/* An ESF-funded assignment of a person of the region. */
typedef struct kp_q_cost_assignment {
    int64_t id;
    int64_t client;
    int64_t origin;       /* of the person's records: a territory id, or minus a split parish's id */
    char service[32];     /* the assignment's service */
    char family[32];      /* its parent service (itself without one) */
} kp_q_cost_assignment;

/* The ESF-funded assignments of the people whose records are made under
 * `origins` (a JSON array of origins) as they are on `d`, each passed to
 * fn(row, arg) as kp_rows_each does (in no set order). */
kp_rc kp_q_cost_assignments_each(kp_store *st, const char *d, const char *origins, kp_row_fn fn, void *arg);

/* A delivery of one of those assignments. */
typedef struct kp_q_cost_delivery {
    int64_t assignment;
    char day[11];
    int64_t units;
} kp_q_cost_delivery;

/* The deliveries of the assignments `assignments` (a JSON array of ids)
 * delivered from `from` to `to` (ISO dates), not of an assignment
 * cancelled by the day, each passed to fn(row, arg) (in no set order). */
kp_rc kp_q_cost_deliveries_each(kp_store *st, const char *assignments, const char *from, const char *to,
                                kp_row_fn fn, void *arg);

/* A claim line pending or accepted of such a delivery. */
typedef struct kp_q_cost_claim {
    int64_t assignment;
    char day[11];
    int64_t units;
    int64_t amount;       /* cents */
} kp_q_cost_claim;

/* The claim lines pending or accepted of ESF-funded deliveries (of any
 * person) delivered from `from` to `to`, not of an assignment cancelled by
 * the day, each passed to fn(row, arg): a claimed delivery costs its
 * line's amount instead of units × the unit cost of its day. */
kp_rc kp_q_cost_claims_each(kp_store *st, const char *from, const char *to, kp_row_fn fn, void *arg);

/* A need of a person's latest assessment, or a service the person was
 * given in the base year. */
typedef struct kp_q_cost_need {
    bool served;          /* false: a need; true: a service given */
    int64_t origin;       /* of the person's records */
    int64_t client;
    char service[32];     /* the parent service */
} kp_q_cost_need;

/* For the people of `origins` with an open case on `d`: each need of their
 * latest assessment by then (served false), and the parent service of
 * each of their assignments (any funding) with a delivery from `from` to
 * `to` not cancelled by the day (served true), each passed to fn(row,
 * arg) (in no set order). A person with a need and no such delivery of
 * its parent service has a need not yet served. */
kp_rc kp_q_cost_needs_each(kp_store *st, const char *d, const char *origins, const char *from, const char *to,
                           kp_row_fn fn, void *arg);

/* The unit cost of `service`'s family in force on `day` (ISO) into *out;
 * 0 when none is. */
kp_rc kp_q_cost_unit_cost_on(kp_store *st, const char *service, const char *day, kp_cents *out);

#endif
