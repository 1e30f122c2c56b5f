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

#endif
