/* The plan aggregate's SQL: needs assessments (assessment, assessment_need)
 * and versioned support plans with their items (support_plan, plan_item).
 * Used by assessments.c and plans.c (and by assignments.c for the
 * warnings of an assignment). No authorisation, audit or transaction
 * control here: the use cases do that and call these inside their
 * transaction. */
#ifndef KOPA_SERVICE_PLAN_SQL_H
#define KOPA_SERVICE_PLAN_SQL_H
#include <stdbool.h>
#include <stdint.h>
#include "service/sql.h"

/* ---- assessments ---- */

/* The client's birth date as stored ("" when no such client), cut to
 * out[0..len). */
kp_rc kp_q_plan_assessment_client_birth(kp_store *st, int64_t client, char *out, size_t len);
/* Whether the client has an assessment of `round`. */
kp_rc kp_q_plan_assessment_round_taken(kp_store *st, int64_t client, int64_t round, bool *taken);
/* Inserts an assessment (id 0: the database numbers it); *id gets its id. */
kp_rc kp_q_plan_assessment_insert(kp_store *st, int64_t id, int64_t client, int64_t round, const char *assessed_on,
                             const char *place, const char *assessor, int64_t *id_out);
kp_rc kp_q_plan_assessment_need_insert(kp_store *st, int64_t assessment, const char *service);
/* How many assessments the client has. */
kp_rc kp_q_plan_assessment_count(kp_store *st, int64_t client, int64_t *n);

/* ---- support plans ---- */

/* One plan's owner, status, review date ("" when none) and creation date ("" when none); client 0 when
 * there is no such plan. */
typedef struct kp_q_plan {
    int64_t client;
    char status[16];
    char review_on[16];
    char created_on[16];
} kp_q_plan;
kp_rc kp_q_plan_by_id(kp_store *st, int64_t plan, kp_q_plan *out);
/* The client that owns plan `plan` (0 when none). */
kp_rc kp_q_plan_client(kp_store *st, int64_t plan, int64_t *client);
/* Whether the client has a plan of `version`; the next free version. */
kp_rc kp_q_plan_version_taken(kp_store *st, int64_t client, int64_t version, bool *taken);
kp_rc kp_q_plan_next_version(kp_store *st, int64_t client, int64_t *version);
/* Inserts a plan (id 0: the database numbers it; NULL/blank texts are
 * stored as NULL, goals as ""). */
kp_rc kp_q_plan_insert(kp_store *st, int64_t id, int64_t client, int64_t version, const char *status,
                       const char *goals, const char *review_on, const char *created_on, const char *approved_on,
                       int64_t *id_out);
/* Number of the client's approved plans; of those without a review date. */
kp_rc kp_q_plan_count_approved(kp_store *st, int64_t client, int64_t *n);
kp_rc kp_q_plan_count_approved_undated(kp_store *st, int64_t client, int64_t *n);
/* A draft's own fields changed; its items dropped. */
kp_rc kp_q_plan_update_draft(kp_store *st, int64_t plan, const char *goals, const char *review_on);
kp_rc kp_q_plan_items_delete(kp_store *st, int64_t plan);
/* Approval: the client's approved plan becomes superseded, then plan
 * `plan` approved on `approved_on`. */
kp_rc kp_q_plan_supersede_approved(kp_store *st, int64_t client);
kp_rc kp_q_plan_set_approved(kp_store *st, int64_t plan, const char *approved_on);

/* The plan's status name on `day` (services.h), "" before it was made. */
kp_rc kp_q_plan_status_text(kp_store *st, int64_t plan, const char *day, char *out, size_t len);
/* What ending a plan checks: its status, approval and end dates ("" when
 * none). */
typedef struct kp_q_plan_ending {
    char status[16], approved_on[11], ended_on[11];
} kp_q_plan_ending;
kp_rc kp_q_plan_ending_of(kp_store *st, int64_t plan, kp_q_plan_ending *out);
kp_rc kp_q_plan_set_ended(kp_store *st, int64_t plan, const char *on, const char *reason);

/* ---- plan items ---- */

/* Inserts an item; volume is the validated text of a number. */
kp_rc kp_q_plan_item_insert(kp_store *st, int64_t id, int64_t plan, const char *service, const char *volume,
                            int64_t provider, const char *start_date, const char *end_date, const char *goal,
                            int64_t *id_out);
kp_rc kp_q_plan_item_count(kp_store *st, int64_t plan, int64_t *n);
/* The client of the plan that item `item` belongs to (0 when none). */
kp_rc kp_q_plan_item_client(kp_store *st, int64_t item, int64_t *client);

#endif
