/* Services over time: an assignment's status on any date, and the events
 * that change it — cancellation from a date, suspension for a period (and
 * lifting it), ending early — and ending a support plan. Each event is a
 * dated, attributed, reasoned change (kp_audit_change) stored in dated rows
 * of its own, so that the status on any day D is computed from the records,
 * and a report for D does not change when a later event is recorded.
 *
 * Definitions (docs/figures.md, "Services at a date"):
 *   planned    D is before the first day;
 *   in_force   D is within [start_date, end_date] and no other status holds;
 *   suspended  D is within a suspension that was not withdrawn;
 *   ended      D is after end_date (the decided end, or the earlier one an
 *              early end gave);
 *   cancelled  D is on or after cancelled_from. A cancellation takes effect
 *              from its date: deliveries before it stand; one from (or
 *              before) the first day voids the decision, so it never held.
 * The first that holds wins, in the order cancelled, planned, ended,
 * suspended, in_force.
 *
 * Inputs are strings as forms, JSON and CSV carry them; errors name the
 * field (kp_errors, ctx->lang). KP_ENOTFOUND for a record outside the
 * caller's scope or unknown; KP_EINVAL with e filled; nothing is written
 * unless all is well. */
#ifndef KOPA_SERVICE_CASEWORK_SERVICES_H
#define KOPA_SERVICE_CASEWORK_SERVICES_H
#include <stdint.h>
#include "service/ctx.h"
#include "service/errors.h"

typedef enum kp_assignment_status {
    KP_ASG_PLANNED = 1,
    KP_ASG_IN_FORCE = 2,
    KP_ASG_SUSPENDED = 3,
    KP_ASG_ENDED = 4,
    KP_ASG_CANCELLED = 5,
} kp_assignment_status;

/* The status of assignment alias `a` on the ISO date expression `d`, as an
 * SQL expression giving 'planned', 'in_force', 'suspended', 'ended' or
 * 'cancelled'. The one definition: the C function below, the card, the
 * caseload, the provider's referrals, documents and the API all use it. */
#define KP_ASSIGNMENT_STATUS_SQL(a, d)                                                                              \
    "(CASE WHEN " a ".cancelled_from IS NOT NULL AND " a ".cancelled_from <= " d " THEN 'cancelled'"               \
    " WHEN " d " < " a ".start_date THEN 'planned'"                                                                 \
    " WHEN " d " > " a ".end_date THEN 'ended'"                                                                     \
    " WHEN EXISTS (SELECT 1 FROM assignment_suspension sus WHERE sus.assignment_id = " a ".id"                     \
    "  AND sus.withdrawn = 0 AND sus.start_date <= " d " AND (sus.end_date IS NULL OR sus.end_date >= " d "))"     \
    " THEN 'suspended' ELSE 'in_force' END)"

/* The family of a service code expression: the parent of a kind (pool,
 * Montessori … → social_rehab), else the service itself. */
#define KP_SERVICE_FAMILY_SQL(code) "COALESCE((SELECT sf.parent_code FROM service_type sf WHERE sf.code = " code "), " code ")"

/* The unit cost in cents of the family of service code expression `code`
 * in force on date expression `d` (data/unit_costs.csv), NULL when none.
 * The one lookup: a claim line's cost and the cost after EU funding. */
#define KP_UNIT_COST_ON_SQL(code, d)                                                                                \
    "(SELECT uc.amount_cents FROM unit_cost uc WHERE uc.service_code = " KP_SERVICE_FAMILY_SQL(code)               \
    " AND uc.valid_from <= " d " AND (uc.valid_to IS NULL OR uc.valid_to >= " d ")"                                \
    " ORDER BY uc.valid_from DESC LIMIT 1)"

/* Whether assignment `a` holds a place on date expression `d`: in force or
 * suspended then (a suspended service keeps its place). The one definition
 * of a taken place and of "receiving" a service on a date (the provider
 * choice, need against places, a DI-plan object's clients); the date range
 * is there for the index, the status decides. */
#define KP_ASSIGNMENT_HOLDS_PLACE_SQL(a, d)                                                                         \
    "(" a ".start_date <= " d " AND " a ".end_date >= " d " AND " KP_ASSIGNMENT_STATUS_SQL(a, d)                   \
    " IN ('in_force', 'suspended'))"

/* Places taken at provider `p` (SQL expression) in service family `fam` on
 * date `d`: its assignments of that family in force or suspended on `d`
 * (an assignment names a provider, not a facility). The one definition of
 * taken places: the provider choice and the need-against-places table. */
#define KP_PLACES_TAKEN_SQL(p, fam, d)                                                                              \
    "(SELECT COUNT(*) FROM assignment tk WHERE tk.provider_id = " p " AND " KP_SERVICE_FAMILY_SQL("tk.service_code") \
    " = " fam " AND " KP_ASSIGNMENT_HOLDS_PLACE_SQL("tk", d) ")"

/* Whether facility service `fs` of facility `f` of provider `pr` (table
 * aliases) operates on date expression `d`: the offer valid, the facility
 * open and the provider registered and not closed. The one definition of
 * a facility offering a service on a date: places in need against places,
 * the evaluation's service maps and facility counts (figures 4-6). */
#define KP_FACILITY_SERVICE_AT_SQL(fs, f, pr, d)                                                                   \
    "(" fs ".valid_from <= " d " AND (" fs ".valid_to IS NULL OR " fs ".valid_to >= " d ")"                         \
    " AND " f ".opened_on <= " d " AND (" f ".closed_on IS NULL OR " f ".closed_on >= " d ")"                      \
    " AND " pr ".registered_on <= " d " AND (" pr ".closed_on IS NULL OR " pr ".closed_on >= " d "))"

/* Free places from a number of places (-1 = unknown) and the places taken
 * (KP_PLACES_TAKEN_SQL): -1 when unknown, else places − taken, never below
 * 0. The one function for free places. */
int64_t kp_free_places(int64_t places, int64_t taken);

/* Whether assignment `a` held on date expression `d` when a delivery made
 * that day counts: it was not cancelled by then (the figures' rule). */
#define KP_ASSIGNMENT_NOT_CANCELLED_ON_SQL(a, d) "(" a ".cancelled_from IS NULL OR " a ".cancelled_from > " d ")"

/* What an assignment uses of a rule's limit: nothing when it was voided
 * (cancelled from its first day or before); the units delivered when it was
 * cancelled from a later date or ended early (nothing more will come);
 * otherwise the units granted. */
#define KP_ASSIGNMENT_USES_SQL(a)                                                                                   \
    "(CASE WHEN " a ".cancelled_from IS NOT NULL AND " a ".cancelled_from <= " a ".start_date THEN 0"               \
    " WHEN " a ".cancelled_from IS NOT NULL OR " a ".granted_end_date IS NOT NULL THEN"                             \
    " (SELECT COALESCE(SUM(du.units), 0) FROM delivery du WHERE du.assignment_id = " a ".id)"                       \
    " ELSE " a ".units END)"

/* "planned", "in_force", …; NULL for a value outside the enum. */
const char *kp_assignment_status_name(kp_assignment_status s);
/* KP_EINVAL for NULL or an unknown name. */
kp_rc kp_assignment_status_parse(const char *name, kp_assignment_status *out);
/* The status as people read it in ctx's language ("spēkā", "in force"). */
const char *kp_assignment_status_label(const kp_ctx *ctx, kp_assignment_status s);

/* The status of an assignment on `on` (ISO date; NULL or "" = today). The
 * caller must be allowed to read the client (or, for provider staff, the
 * referral). KP_EINVAL for a NULL ctx/out or a bad date, KP_ENOTFOUND for
 * an unknown or out-of-scope assignment. */
kp_rc kp_assignment_status_on(kp_ctx *ctx, int64_t assignment_id, const char *on, kp_assignment_status *out);

/* One suspension of an assignment, as the card and the API show it. */
typedef struct kp_suspension {
    int64_t id;
    int64_t assignment_id;
    char start_date[11];
    char end_date[11];   /* "" = until lifted */
    char reason[504];
} kp_suspension;

typedef struct kp_suspensions {
    kp_suspension *items;
    size_t n, cap;
} kp_suspensions;
void kp_suspensions_free(kp_suspensions *s);
/* The assignment's suspensions in force (not withdrawn), by start date.
 * Scope as for kp_assignment_status_on. */
kp_rc kp_assignment_suspensions(kp_ctx *ctx, int64_t assignment_id, kp_suspensions *out);

/* One assignment with what happened to it, for its page and the API. */
typedef struct kp_assignment_view {
    int64_t id;
    int64_t client_id;
    char service[32];
    char service_name[208];  /* names are up to 200 bytes */
    char unit[16];
    char start_date[11];
    char end_date[11];         /* the last day it holds (after an early end) */
    char granted_end_date[11]; /* "" unless ended early: the end decided */
    char end_reason[504];
    char cancelled_from[11];   /* "" unless cancelled */
    char cancel_reason[504];
    char decided_on[11];
    int64_t units;
    int64_t delivered;
    char last_delivery[11];    /* "" when none */
    kp_assignment_status status; /* on the day asked */
    char status_on[11];
} kp_assignment_view;

/* Loads an assignment and its status on `on` (NULL/"" = today), with the
 * same scope as kp_assignment_status_on; the read is audited. */
kp_rc kp_assignment_view_load(kp_ctx *ctx, int64_t assignment_id, const char *on, kp_assignment_view *out);

/* Cancels the decision from `from`: the first day it no longer holds. A
 * date on or before the start voids it (it never held). Refused: an
 * assignment already cancelled; a date after its end (nothing to cancel:
 * end it instead); deliveries on or after `from` (cancel from the day after
 * the last one); an empty reason. */
kp_rc kp_assignment_cancel(kp_ctx *ctx, int64_t assignment_id, const char *from, const char *reason, kp_errors *e);

/* Suspends the assignment from `from` to `to` inclusive (`to` NULL/"" =
 * until lifted). Both within the assignment's period; no overlap with
 * another suspension of it; no delivery inside; not cancelled by `from`.
 * *id_out (may be NULL) = the suspension's id. */
kp_rc kp_assignment_suspend(kp_ctx *ctx, int64_t assignment_id, const char *from, const char *to,
                            const char *reason, kp_errors *e, int64_t *id_out);

/* Lifts a suspension: the service resumes on `resume_on`. On the
 * suspension's first day it is withdrawn (it never took effect); later, the
 * suspension ends the day before. Refused after the suspension's own end
 * (it is over by then) or before its start. */
kp_rc kp_assignment_resume(kp_ctx *ctx, int64_t suspension_id, const char *resume_on, const char *reason,
                           kp_errors *e);

/* Ends the assignment early: `last_day` becomes its end (on or after its
 * start, before its current end, not before its last delivery). The end
 * first decided is kept (granted_end_date). Refused for a cancelled one. */
kp_rc kp_assignment_end(kp_ctx *ctx, int64_t assignment_id, const char *last_day, const char *reason, kp_errors *e);

typedef enum kp_plan_status {
    KP_PLAN_DRAFT = 1,
    KP_PLAN_APPROVED = 2,
    KP_PLAN_SUPERSEDED = 3,
    KP_PLAN_ENDED = 4,
} kp_plan_status;

/* The status of support plan alias `p` on ISO date expression `d`, or NULL
 * (SQL) for a day before it was made: ended from its ended_on; superseded
 * from the approval of a later version; approved from its own approval;
 * draft before. */
#define KP_PLAN_STATUS_SQL(p, d)                                                                                    \
    "(CASE WHEN " d " < " p ".created_on THEN NULL"                                                                 \
    " WHEN " p ".ended_on IS NOT NULL AND " p ".ended_on <= " d " THEN 'ended'"                                     \
    " WHEN " p ".approved_on IS NULL OR " p ".approved_on > " d " THEN 'draft'"                                     \
    " WHEN EXISTS (SELECT 1 FROM support_plan nx WHERE nx.client_id = " p ".client_id AND nx.version > " p ".version" \
    "  AND nx.approved_on IS NOT NULL AND nx.approved_on <= " d " AND nx.status <> 'draft') THEN 'superseded'"      \
    " ELSE 'approved' END)"

const char *kp_plan_status_name(kp_plan_status s);
/* In ctx's language ("apstiprināts", "ended"); "" for a value outside the enum. */
const char *kp_plan_status_label(const kp_ctx *ctx, kp_plan_status s);
/* The client whose plan it is, scope-checked for reading (KP_ENOTFOUND). */
kp_rc kp_plan_client(kp_ctx *ctx, int64_t plan_id, int64_t *client_out);
/* The plan's status on `on` (NULL/"" = today); KP_ENOTFOUND also for a day
 * before the plan was made. Scope: the client's, read. */
kp_rc kp_plan_status_on(kp_ctx *ctx, int64_t plan_id, const char *on, kp_plan_status *out);

/* Ends a support plan on `on` (the first day it no longer holds): an ended
 * plan is not due for review. Only an approved plan that is not ended;
 * `on` not before its approval. */
kp_rc kp_plan_end(kp_ctx *ctx, int64_t plan_id, const char *on, const char *reason, kp_errors *e);

/* For import and export: one event of an assignment in a row. action:
 * "cancel" (from_date), "suspend" (from_date, to_date), "end" (to_date =
 * the new last day). */
typedef struct kp_assignment_change_in {
    const char *assignment_id;
    const char *action;
    const char *from_date;
    const char *to_date;
    const char *reason;
} kp_assignment_change_in;
kp_rc kp_assignment_change_import(kp_ctx *ctx, const kp_assignment_change_in *in, kp_errors *e, int64_t *id_out);

typedef struct kp_plan_ending_in {
    const char *plan_id;
    const char *ended_on;
    const char *reason;
} kp_plan_ending_in;
kp_rc kp_plan_ending_import(kp_ctx *ctx, const kp_plan_ending_in *in, kp_errors *e, int64_t *id_out);

#endif
