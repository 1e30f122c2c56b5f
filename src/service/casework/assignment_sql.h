/* The assignment aggregate's SQL: service assignments, their deliveries,
 * suspensions and cancellations (assignment events), the rules they are
 * checked against, and the views built on them — a worker's caseload and
 * its distribution among workers (client_worker), a provider's referrals,
 * attendance and monthly statement, the providers a worker may choose and
 * the catalogue choices of the case-work forms.
 * Used by assignments.c, assignment_events.c, casework.c,
 * casework_caseload.c, casework_provider.c, providers.c and commands.c.
 * No authorisation, audit, messages or transaction control here: the use
 * cases do that and call these inside their transaction. */
#ifndef KOPA_SERVICE_ASSIGNMENT_SQL_H
#define KOPA_SERVICE_ASSIGNMENT_SQL_H
#include <stdbool.h>
#include <stdint.h>
#include "service/casework/casework.h"
#include "service/sql.h"

/* ---- catalogue choices of the forms (casework.c) ---- */

/* Service types in catalogue order: code, name in `lang`, unit, parent. */
kp_rc kp_q_options_services(kp_store *st, const char *lang, kp_options *out);
/* Target groups: code, name. */
kp_rc kp_q_options_target_groups(kp_store *st, const char *lang, kp_options *out);
/* Municipalities in force on `today` (only = 0: all, else that one): ATVK
 * code, name. */
kp_rc kp_q_options_municipalities(kp_store *st, const char *lang, const char *today, int64_t only,
                                  kp_options *out);
/* Providers open on `today` (with `service`, NULL = any: only those
 * offering it or its parent): id as text, name. */
kp_rc kp_q_options_providers(kp_store *st, const char *today, const char *service, kp_options *out);

/* ---- providers a worker may choose (providers.c) ---- */

/* Appends to out the providers with a facility offering `service` ("" =
 * any) open on `day` — with area, only in the client's municipality, its
 * cooperation partners and neighbours on `day`: id, name, where (cut to
 * its field), places (-1 unknown), places taken. */
kp_rc kp_q_provider_choices(kp_store *st, int64_t client, const char *service, const char *day, bool area,
                            const char *lang, kp_provider_choices *out);

/* ---- caseloads (casework_caseload.c) ---- */

/* A worker's clients in municipality `muni`'s scope on `today` (itself and
 * the municipalities merged into it), by family and given name; respite
 * counted over [year_from, year_to]. Appends to out. */
kp_rc kp_q_caseload_clients_of(kp_store *st, int64_t muni, const char *today, const char *year_from,
                               const char *year_to, int64_t user, kp_cw_clients *out);
/* The worker's approved plans due for review by `soon` (date = review_on,
 * overdue left false). */
kp_rc kp_q_caseload_reviews(kp_store *st, int64_t muni, const char *today, int64_t user, const char *soon,
                            kp_cw_dues *out);
/* The worker's assignments in force or suspended ending between today and
 * `soon` (date = end_date, service name in lang). */
kp_rc kp_q_caseload_ending(kp_store *st, int64_t muni, const char *today, int64_t user, const char *soon,
                           const char *lang, kp_cw_dues *out);
/* How many deliveries to the worker's clients are unconfirmed, and the
 * newest `limit` of them. */
kp_rc kp_q_caseload_unconfirmed_count(kp_store *st, int64_t muni, const char *today, int64_t user, int64_t *n);
kp_rc kp_q_caseload_unconfirmed(kp_store *st, int64_t muni, const char *today, int64_t user, const char *lang,
                                int64_t limit, kp_cw_deliveries *out);
/* The social workers of `muni` with their clients and plans due by
 * `soon`, by user name. */
kp_rc kp_q_caseload_worker_loads(kp_store *st, int64_t muni, const char *soon, kp_worker_loads *out);
/* Clients in muni's scope on `today` with no worker of muni. */
kp_rc kp_q_caseload_unassigned_count(kp_store *st, int64_t muni, const char *today, int64_t *n);
/* Clients in muni's scope on `today` of worker `worker` (0: with no worker
 * of muni): how many, and the page [offset, offset + limit) by name. */
kp_rc kp_q_caseload_clients_count(kp_store *st, int64_t muni, const char *today, int64_t worker, int64_t *n);
kp_rc kp_q_caseload_clients_page(kp_store *st, int64_t muni, const char *today, const char *year_from,
                                 const char *year_to, int64_t worker, int64_t limit, int64_t offset,
                                 kp_cw_clients *out);
/* The municipality of the client's records on `day` (0 when none). */
kp_rc kp_q_client_municipality_at(kp_store *st, int64_t client, const char *day, int64_t *muni);
/* Whether `worker` is an active social worker of municipality `muni`. */
kp_rc kp_q_worker_is_active_of(kp_store *st, int64_t worker, int64_t muni, bool *ok);
/* The client's responsible worker (0 = none). */
kp_rc kp_q_client_worker_of(kp_store *st, int64_t client, int64_t *worker);
/* Makes `worker` the client's responsible worker since `since`: set_… adds
 * or replaces, add_… adds (a second one is refused by the key). */
kp_rc kp_q_client_worker_set(kp_store *st, int64_t client, int64_t worker, const char *since);
kp_rc kp_q_client_worker_add(kp_store *st, int64_t client, int64_t worker, const char *since);
/* The demo: each municipality's own social worker (sw-<key>), at most
 * max of them; then up to per_worker of muni's unassigned clients given to
 * one, those with approved plans first. */
kp_rc kp_q_caseload_demo_workers(kp_store *st, int64_t *users, int64_t *munis, size_t max, size_t *n);
kp_rc kp_q_caseload_demo_assign(kp_store *st, int64_t muni, const char *today, int64_t user, int64_t per_worker);

/* ---- deliveries ---- */

/* The client of delivery `id` (through its assignment; 0 when none) and
 * whether it is confirmed; confirming it. */
kp_rc kp_q_delivery_client(kp_store *st, int64_t delivery, int64_t *client);
kp_rc kp_q_delivery_confirmed(kp_store *st, int64_t delivery, bool *confirmed);
kp_rc kp_q_delivery_confirm(kp_store *st, int64_t delivery);

/* ---- the provider's views (casework_provider.c) ---- */

/* The provider's referrals (only_active: planned, in force or suspended on
 * `today`), newest decisions first, at most 2 000. */
kp_rc kp_q_referrals_of(kp_store *st, int64_t provider, bool only_active, const char *today, const char *lang,
                        kp_referrals *out);
/* The provider's assignments of `service` in force on `on`, with the units
 * left and those recorded on `on`. */
kp_rc kp_q_attendance_of(kp_store *st, int64_t provider, const char *service, const char *on, kp_attendance *out);
/* The provider of assignment `id` (0 when none or no provider); how many
 * deliveries it has on `day`. */
kp_rc kp_q_assignment_provider(kp_store *st, int64_t assignment, int64_t *provider);
kp_rc kp_q_delivery_count_on(kp_store *st, int64_t assignment, const char *day, int64_t *n);
/* The provider's name (cut to len); the name of a municipality in lang. */
kp_rc kp_q_provider_name(kp_store *st, int64_t provider, char *out, size_t len);
kp_rc kp_q_municipality_name(kp_store *st, int64_t muni, const char *lang, char *out, size_t len);
/* The provider's deliveries in [from, to] summed per client's
 * municipality of record, client and service (municipality name left ""). */
kp_rc kp_q_statement_rows(kp_store *st, int64_t provider, const char *from, const char *to, const char *lang,
                          kp_statement *out);

/* ---- plans as assignments see them (casework.c, commands.c) ---- */

/* How many assignments were made from items of plan `plan`. */
kp_rc kp_q_assignment_count_of_plan(kp_store *st, int64_t plan, int64_t *n);

#endif
