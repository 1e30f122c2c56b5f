/* The provider aggregate's SQL: providers, their facilities and the
 * services they offer, and the public catalogue read from them. Used by
 * providers.c (registering providers, facilities and their services) and
 * public_catalogue.c (the public catalogue and its edits). Query functions
 * do no authorisation, audit or transaction control: the use case does. */
#ifndef KOPA_SERVICE_PROGRAMME_CATALOGUE_SQL_H
#define KOPA_SERVICE_PROGRAMME_CATALOGUE_SQL_H
#include <stdbool.h>
#include <stdint.h>
#include "service/programme/programme.h"
#include "service/sql.h"

/* *exists: a provider with registration number reg_no is recorded. */
kp_rc kp_q_provider_reg_no_taken(kp_store *st, const char *reg_no, bool *exists);
/* Inserts a provider (id 0: the database numbers it); *id_out its id. */
kp_rc kp_q_provider_insert(kp_store *st, int64_t id, const kp_provider_in *in, int64_t municipality, int64_t *id_out);
/* The provider of facility `facility` (0 when none). */
kp_rc kp_q_facility_provider(kp_store *st, int64_t facility, int64_t *provider);
kp_rc kp_q_facility_insert(kp_store *st, int64_t id, const kp_facility_in *in, int64_t provider, int64_t municipality,
                           int64_t *id_out);
/* places < 0: not known (NULL). */
kp_rc kp_q_facility_service_insert(kp_store *st, int64_t id, const kp_facility_service_in *in, int64_t facility,
                                   int64_t places, int64_t *id_out);

#endif
