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

/* ---- closures and places from a date (corrections.c) ---- */

/* Provider `id`: registered on ("" when there is no such provider), closed
 * on ("" when open) and the day of its last recorded delivery ("" when none). */
kp_rc kp_q_provider_span(kp_store *st, int64_t id, char began[11], char closed[11], char last_delivery[11]);
kp_rc kp_q_provider_close(kp_store *st, int64_t id, const char *closed_on, const char *reason);
/* Facility `id`: opened on and closed on ("" when open). */
kp_rc kp_q_facility_span(kp_store *st, int64_t id, char opened[11], char closed[11]);
kp_rc kp_q_facility_close(kp_store *st, int64_t id, const char *closed_on, const char *reason);
/* The facility of offer `row` (0 when none). */
kp_rc kp_q_facility_service_facility(kp_store *st, int64_t row, int64_t *facility);
/* Offer `row` now: valid from, valid to ("" when open) and places (-1 when
 * not known). */
kp_rc kp_q_facility_service_now(kp_store *st, int64_t row, char from[11], char to[11], int64_t *places);
/* Ends offer `row` on `day_before` and inserts its successor (id 0: the
 * database numbers it) with `places` from `valid_from` to `to` ("" open);
 * *created its id. */
kp_rc kp_q_facility_places_change(kp_store *st, int64_t row, int64_t id, int64_t places, const char *valid_from,
                                  const char *day_before, const char *to, const char *reason, int64_t *created);
/* "service/target group" of offer `row`. */
kp_rc kp_q_facility_service_label(kp_store *st, int64_t row, char *out, size_t outlen);

#endif
