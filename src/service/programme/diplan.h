/* The DI plan as it stood on a date: every infrastructure object of a
 * region's plan with its places, service, target group, status and ERDF
 * sum through the amendments approved by that date (and the status events
 * dated by then), and the amendments themselves. The figures, the
 * evaluation's object list and the plan's pages read the plan only through
 * here (docs/figures.md, "The DI plan at a date"). Also the check that an
 * object's recorded history chains, used by import and by `kopa check`. */
#ifndef KOPA_SERVICE_DIPLAN_H
#define KOPA_SERVICE_DIPLAN_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "core/date.h"
#include "core/money.h"
#include "service/ctx.h"

typedef struct kp_diplan_object {
    int64_t id;
    int64_t municipality_id; /* the territory the object was recorded under (roll it up for a date) */
    int64_t facility_id;     /* 0 = none */
    char name[304];
    char target_group[16];   /* on the date */
    char service[32];        /* on the date */
    int service_sort;        /* the service's catalogue order, for listing */
    char status[16];         /* on the date: planned, building, registered, operating, cancelled */
    char in_plan_from[11];   /* ISO date it entered the plan (its adding amendment's date, else added_on) */
    char status_since[11];   /* ISO date its status on the date took effect */
    char removed_on[11];     /* ISO date an amendment removed it, "" = in the plan (only with KP_DIPLAN_REMOVED) */
    int64_t places;          /* the plan's number of places on the date, -1 = the plan gives none */
    kp_cents erdf;           /* the plan's ERDF sum on the date */
    /* What the figures count: a cancelled object counts as an object but
     * with no places (-1) and no ERDF money (0) from its cancellation. */
    int64_t counted_places;
    kp_cents counted_erdf;
    /* Migration 20: what the editor keeps beside the figures. On the date
     * (amendments change them): address, the other sources' money, the
     * planned completion; as recorded now: other_sources, actual_completion. */
    char address[304];
    kp_cents state, municipal, other; /* state budget, municipality, other sources */
    char other_sources[304];
    char planned_completion[11];    /* ISO or "" */
    char actual_completion[11];     /* ISO or "" */
    /* Cost per place on the date: every source's money (ERDF, state,
     * municipal, other) divided by the places, rounded down to the cent;
     * -1 when the plan gives no places (or 0). */
    kp_cents cost_per_place;
} kp_diplan_object;

typedef struct kp_diplan_amendment {
    int64_t id;
    int number;
    char approved_on[11];   /* the date it changes objects from */
    char decision_no[64];   /* "" when not recorded */
    char decision_on[11];   /* ISO or "" */
    char *reason;           /* owned by the kp_diplan: the short reason */
    char *text;             /* owned by the kp_diplan: the full text, "" when not recorded */
    size_t nchanges;        /* the object changes it made */
} kp_diplan_amendment;

typedef struct kp_diplan {
    kp_diplan_object *objects; /* ordered by target group code, service (catalogue order, code), id */
    size_t n;
    kp_diplan_amendment *amendments; /* approved by the date, by number */
    size_t namendments;
} kp_diplan;

/* Also list objects an amendment had removed from the plan by the date
 * (with removed_on set); by default they are left out. */
#define KP_DIPLAN_REMOVED 1u

/* The plan of `region` ("ZPR") as it stood on `at`: objects that had
 * entered the plan by then, with each field's value after the changes that
 * took effect by then. Readable by the region's coordinator, the ministry
 * and administrators (kp_access_region); KP_EINVAL for NULL arguments,
 * KP_ENOTFOUND for an unknown region or one out of scope, KP_EDB on
 * storage failure. *out is empty on failure; free it with kp_diplan_free. */
kp_rc kp_diplan_at(kp_ctx *ctx, const char *region, kp_date at, unsigned flags, kp_diplan *out);
void kp_diplan_free(kp_diplan *p);

/* One recorded change of an object, for its history on screen. */
typedef struct kp_diplan_change_row {
    int64_t id;
    int amendment_number;  /* 0 = an event of its own (status) */
    char on[11];           /* the date it took effect */
    char field[24];
    char old_value[208], new_value[208];
    char reason[512];      /* the event's reason, or the amendment's (shortened) */
} kp_diplan_change_row;

typedef struct kp_diplan_history {
    kp_diplan_change_row *items; /* in the order they took effect */
    size_t n;
} kp_diplan_history;

/* One object of the plan as it stood on `at` (with KP_DIPLAN_REMOVED, so a
 * removed object is found with removed_on set; KP_ENOTFOUND when it had not
 * entered the plan by then) and, when hist is not NULL, its whole recorded
 * history. region (8 bytes, may be NULL) gets its region. Readable as
 * kp_diplan_at; an unknown object or one out of scope is KP_ENOTFOUND. */
kp_rc kp_diplan_object_at(kp_ctx *ctx, int64_t object_id, kp_date at, kp_diplan_object *out, char *region,
                          kp_diplan_history *hist);
void kp_diplan_history_free(kp_diplan_history *h);

/* One way an object's recorded history fails to chain. */
typedef struct kp_diplan_problem {
    int64_t change_id;  /* the change at fault; 0 = the object's own row */
    int64_t object_id;
    char field[24];     /* the change's field ("places", …) */
    char column[16];    /* the import column to correct: old_value, new_value, amendment_id, effective_on */
    char message[320];  /* in ctx->lang: what is wrong and what to do */
} kp_diplan_problem;

typedef struct kp_diplan_problems {
    kp_diplan_problem *items;
    size_t n, cap;
} kp_diplan_problems;

/* Checks the history of the given objects (all objects of `region` when
 * objects is NULL; every object when region is NULL too): taken in date
 * order (the date a change takes effect, then amendment number, then
 * record id), each change's old_value must be the value the object had at
 * that point, the last change must leave the value the object holds now,
 * no change may come before the object entered the plan or after an
 * amendment removed it, and an object is added and removed at most once.
 * Problems are appended to *out (free with kp_diplan_problems_free); the
 * call's result says only whether the check could run. Readable as
 * kp_diplan_at; for all regions, administrators and the operator only. */
kp_rc kp_diplan_check(kp_ctx *ctx, const char *region, const int64_t *objects, size_t nobjects,
                      kp_diplan_problems *out);
void kp_diplan_problems_free(kp_diplan_problems *p);

#endif
