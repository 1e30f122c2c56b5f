/* The SQL of the scope rules (issue 13): which municipality is responsible
 * for a client on a day, and whether a provider has a client referred to
 * it. Used by access.c (kp_access_client and friends), which holds no SQL
 * and no cursor. No authorisation decisions here: only the facts they are
 * made from. */
#ifndef KOPA_SERVICE_ACCESS_SQL_H
#define KOPA_SERVICE_ACCESS_SQL_H
#include <stdbool.h>
#include <stdint.h>
#include "store/store.h"

/* The municipality responsible for client `client_id` on day `d` (ISO),
 * from the person's versions (people.h); 0 when there is no such client. */
kp_rc kp_q_scope_client_municipality(kp_store *st, int64_t client_id, const char *d, int64_t *municipality);
/* Whether the client has an assignment with the provider. */
kp_rc kp_q_scope_client_referred(kp_store *st, int64_t client_id, int64_t provider_id, bool *referred);

#endif
