/* The money aggregate's SQL: ESF projects, payment requests and
 * compensation payments, municipalities' monthly claims and their lines,
 * delivery corrections and unit costs. Used by projects.c, claims.c,
 * claims_views.c and corrections.c. Query functions do no authorisation,
 * audit or transaction control: the use case does. */
#ifndef KOPA_SERVICE_PROGRAMME_CLAIM_SQL_H
#define KOPA_SERVICE_PROGRAMME_CLAIM_SQL_H
#include <stdbool.h>
#include <stdint.h>
#include "core/money.h"
#include "service/programme/programme.h"
#include "service/sql.h"

/* ---- projects and payments (projects.c) ---- */

/* The project numbered `number`: *id (0 when none) and its region (8 bytes). */
kp_rc kp_q_project_by_number(kp_store *st, const char *number, int64_t *id, char region[8]);
kp_rc kp_q_project_insert(kp_store *st, int64_t id, const kp_project_in *in, kp_cents budget, kp_cents esf,
                          kp_cents state, int64_t *id_out);
/* *exists: the project has a payment request numbered `number`. */
kp_rc kp_q_payment_request_taken(kp_store *st, int64_t project, int64_t number, bool *exists);
kp_rc kp_q_payment_request_insert(kp_store *st, int64_t id, int64_t project, int64_t number,
                                  const kp_payment_request_in *in, kp_cents amount, int64_t *id_out);
kp_rc kp_q_compensation_insert(kp_store *st, int64_t id, int64_t project, int64_t municipality,
                               const kp_compensation_in *in, kp_cents amount, kp_cents esf, kp_cents state,
                               int64_t *id_out);

/* ---- corrections of money records (corrections.c) ---- */

/* The region of the project of a compensation payment (payment) or a
 * payment request ("" when none). */
kp_rc kp_q_money_region(kp_store *st, int64_t id, bool payment, char region[8]);
/* A money record as it is now. */
typedef struct kp_q_money {
    int64_t municipality;             /* of a payment; 0 for a request */
    char start[11], end[11];          /* the period */
    char done[11];                    /* paid on / submitted on */
    char last[11];                    /* the last correction, "" when none */
    kp_cents amount;
} kp_q_money;
kp_rc kp_q_money_now(kp_store *st, int64_t id, bool payment, kp_q_money *out);
/* Keeps the record as a version replaced on `on` by `actor` for `reason`,
 * and sets the new period and amount (with its split for a payment). */
kp_rc kp_q_compensation_correct(kp_store *st, int64_t id, const char *on, const char *actor, const char *reason,
                                const char *start, const char *end, kp_cents amount, kp_cents esf, kp_cents state);
kp_rc kp_q_payment_request_correct(kp_store *st, int64_t id, const char *on, const char *actor, const char *reason,
                                   const char *start, const char *end, kp_cents amount);

#endif
