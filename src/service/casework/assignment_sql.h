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
#include "service/casework/services.h"
#include "service/sql.h"

/* ---- catalogue choices of the forms (casework.c) ---- */

/* Service types in catalogue order: code, name in `lang`, unit, parent. */
kp_rc kp_q_assignment_service_options(kp_store *st, const char *lang, kp_options *out);
/* Target groups: code, name. */
kp_rc kp_q_assignment_group_options(kp_store *st, const char *lang, kp_options *out);
/* Municipalities in force on `today` (only = 0: all, else that one): ATVK
 * code, name. */
kp_rc kp_q_assignment_municipality_options(kp_store *st, const char *lang, const char *today, int64_t only,
                                  kp_options *out);
/* Providers open on `today` (with `service`, NULL = any: only those
 * offering it or its parent): id as text, name. */
kp_rc kp_q_assignment_provider_options(kp_store *st, const char *today, const char *service, kp_options *out);

/* ---- providers a worker may choose (providers.c) ---- */

/* Appends to out the providers with a facility offering `service` ("" =
 * any) open on `day` — with area, only in the client's municipality, its
 * cooperation partners and neighbours on `day`: id, name, where (cut to
 * its field), places (-1 unknown), places taken. */
kp_rc kp_q_assignment_provider_choices(kp_store *st, int64_t client, const char *service, const char *day, bool area,
                            const char *lang, kp_provider_choices *out);

/* ---- caseloads (casework_caseload.c) ---- */

/* A worker's clients in municipality `muni`'s scope on `today` (itself and
 * the municipalities merged into it), by family and given name; respite
 * counted over [year_from, year_to]. Appends to out. */
kp_rc kp_q_assignment_caseload_clients_of(kp_store *st, int64_t muni, const char *today, const char *year_from,
                               const char *year_to, int64_t user, kp_cw_clients *out);
/* The worker's approved plans due for review by `soon` (date = review_on,
 * overdue left false). */
kp_rc kp_q_assignment_caseload_reviews(kp_store *st, int64_t muni, const char *today, int64_t user, const char *soon,
                            kp_cw_dues *out);
/* The worker's assignments in force or suspended ending between today and
 * `soon` (date = end_date, service name in lang). */
kp_rc kp_q_assignment_caseload_ending(kp_store *st, int64_t muni, const char *today, int64_t user, const char *soon,
                           const char *lang, kp_cw_dues *out);
/* How many deliveries to the worker's clients are unconfirmed, and the
 * newest `limit` of them. */
kp_rc kp_q_assignment_caseload_unconfirmed_count(kp_store *st, int64_t muni, const char *today, int64_t user, int64_t *n);
kp_rc kp_q_assignment_caseload_unconfirmed(kp_store *st, int64_t muni, const char *today, int64_t user, const char *lang,
                                int64_t limit, kp_cw_deliveries *out);
/* The social workers of `muni` with their clients and plans due by
 * `soon`, by user name. */
kp_rc kp_q_assignment_caseload_worker_loads(kp_store *st, int64_t muni, const char *soon, kp_worker_loads *out);
/* Clients in muni's scope on `today` with no worker of muni. */
kp_rc kp_q_assignment_caseload_unassigned_count(kp_store *st, int64_t muni, const char *today, int64_t *n);
/* Clients in muni's scope on `today` of worker `worker` (0: with no worker
 * of muni): how many, and the page [offset, offset + limit) by name. */
kp_rc kp_q_assignment_caseload_clients_count(kp_store *st, int64_t muni, const char *today, int64_t worker, int64_t *n);
kp_rc kp_q_assignment_caseload_clients_page(kp_store *st, int64_t muni, const char *today, const char *year_from,
                                 const char *year_to, int64_t worker, int64_t limit, int64_t offset,
                                 kp_cw_clients *out);
/* The municipality of the client's records on `day` (0 when none). */
kp_rc kp_q_assignment_client_municipality_at(kp_store *st, int64_t client, const char *day, int64_t *muni);
/* Whether `worker` is an active social worker of municipality `muni`. */
kp_rc kp_q_assignment_worker_active(kp_store *st, int64_t worker, int64_t muni, bool *ok);
/* The client's responsible worker (0 = none). */
kp_rc kp_q_assignment_worker_of(kp_store *st, int64_t client, int64_t *worker);
/* Makes `worker` the client's responsible worker since `since`: set_… adds
 * or replaces, add_… adds (a second one is refused by the key). */
kp_rc kp_q_assignment_worker_set(kp_store *st, int64_t client, int64_t worker, const char *since);
kp_rc kp_q_assignment_worker_add(kp_store *st, int64_t client, int64_t worker, const char *since);
/* The demo: each municipality's own social worker (sw-<key>), at most
 * max of them; then up to per_worker of muni's unassigned clients given to
 * one, those with approved plans first. */
kp_rc kp_q_assignment_caseload_demo_workers(kp_store *st, int64_t *users, int64_t *munis, size_t max, size_t *n);
kp_rc kp_q_assignment_caseload_demo_assign(kp_store *st, int64_t muni, const char *today, int64_t user, int64_t per_worker);

/* ---- deliveries ---- */

/* The client of delivery `id` (through its assignment; 0 when none) and
 * whether it is confirmed; confirming it. */
kp_rc kp_q_assignment_delivery_client(kp_store *st, int64_t delivery, int64_t *client);
kp_rc kp_q_assignment_delivery_confirmed(kp_store *st, int64_t delivery, bool *confirmed);
kp_rc kp_q_assignment_delivery_confirm(kp_store *st, int64_t delivery);

/* ---- the provider's views (casework_provider.c) ---- */

/* The provider's referrals (only_active: planned, in force or suspended on
 * `today`), newest decisions first, at most 2 000. */
kp_rc kp_q_assignment_referrals(kp_store *st, int64_t provider, bool only_active, const char *today, const char *lang,
                        kp_referrals *out);
/* The provider's assignments of `service` in force on `on`, with the units
 * left and those recorded on `on`. */
kp_rc kp_q_assignment_attendance(kp_store *st, int64_t provider, const char *service, const char *on, kp_attendance *out);
/* The provider of assignment `id` (0 when none or no provider); how many
 * deliveries it has on `day`. */
kp_rc kp_q_assignment_provider(kp_store *st, int64_t assignment, int64_t *provider);
kp_rc kp_q_assignment_delivery_count_on(kp_store *st, int64_t assignment, const char *day, int64_t *n);
/* The provider's name (cut to len); the name of a municipality in lang. */
kp_rc kp_q_assignment_provider_name(kp_store *st, int64_t provider, char *out, size_t len);
kp_rc kp_q_assignment_municipality_name(kp_store *st, int64_t muni, const char *lang, char *out, size_t len);
/* The provider's deliveries in [from, to] summed per client's
 * municipality of record, client and service (municipality name left ""). */
kp_rc kp_q_assignment_statement_rows(kp_store *st, int64_t provider, const char *from, const char *to, const char *lang,
                          kp_statement *out);

/* ---- granting (assignments.c) ---- */

/* The client as on `day` (people.h): birth date, target group, region of
 * the municipality, parents working (-1 unknown), municipality and parish
 * (0 = none). *found false when there is no such client. */
typedef struct kp_q_assignment_client_row {
    char birth[11];
    char target_group[16];
    char region[8];
    int parents_working;
    int64_t municipality, parish;
} kp_q_assignment_client_row;
kp_rc kp_q_assignment_client_facts(kp_store *st, int64_t client, const char *day, kp_q_assignment_client_row *out, bool *found);

/* A rule of service_rule as stored (texts "" when NULL; ages and parents
 * working -1 when NULL). */
typedef struct kp_q_assignment_rule {
    int64_t id;
    char service[32];
    char region[8];
    char target_group[16];
    char kind[32];
    int64_t limit;
    int age_min, age_max, parents_working;
    char valid_from[11], valid_to[11], period[32];
} kp_q_assignment_rule;
typedef struct kp_q_assignment_rule_list {
    kp_q_assignment_rule *items;
    size_t n, cap;
} kp_q_assignment_rule_list;
/* The rules of `service` and of its parent, by id; the caller frees items. */
kp_rc kp_q_assignment_rules(kp_store *st, const char *service, kp_q_assignment_rule_list *out);

/* What the client already uses in [from, to] under a rule, from the
 * assignments that count (services.h, KP_ASSIGNMENT_USES_SQL): units of
 * the rule's service and its kinds; hours a week of those holding at the
 * same time as [from, to]; units of exactly `service`; the number of other
 * kinds than `service` (and whether `service` itself is held); money at
 * the unit costs of each assignment's start. */
kp_rc kp_q_assignment_units_used(kp_store *st, const char *rule_service, int64_t client, const char *from,
                                 const char *to, int64_t *used);
kp_rc kp_q_assignment_hours_used(kp_store *st, const char *rule_service, int64_t client, const char *from,
                                 const char *to, int64_t *used);
kp_rc kp_q_assignment_sessions_used(kp_store *st, const char *service, int64_t client, const char *from,
                                    const char *to, int64_t *used);
kp_rc kp_q_assignment_kinds_used(kp_store *st, const char *rule_service, int64_t client, const char *from,
                                 const char *to, const char *service, int64_t *used, bool *held);
kp_rc kp_q_assignment_amount_used(kp_store *st, const char *rule_service, int64_t client, const char *from,
                                  const char *to, int64_t *used);
/* The unit cost of `service` (or its parent) in force on `day` (0 when
 * none). */
kp_rc kp_q_assignment_unit_cost(kp_store *st, const char *service, const char *day, int64_t *cents);
/* The service type's name in English or Latvian ("" when none), cut to len. */
kp_rc kp_q_assignment_service_name(kp_store *st, const char *code, bool en, char *out, size_t len);
/* Whether the service is for the target group. */
kp_rc kp_q_assignment_service_eligible(kp_store *st, const char *service, const char *target_group, bool *ok);
/* Inserts an assignment (id, plan item and provider 0: none / the database
 * numbers it); *id_out gets its id. */
typedef struct kp_q_assignment_new {
    int64_t id, client, plan_item;
    const char *service;
    int64_t provider;
    const char *start_date, *end_date;
    int64_t units, hours_per_week;
    const char *mode, *decided_on;
    int64_t esf_funded;
} kp_q_assignment_new;
kp_rc kp_q_assignment_insert(kp_store *st, const kp_q_assignment_new *a, int64_t *id_out);

/* ---- delivering (assignments.c) ---- */

/* What recording a delivery checks of its assignment, in one read: its
 * client and provider (0 when none), units granted, units delivered so far
 * and service code (*found false: no such assignment). */
typedef struct kp_q_assignment_record_facts {
    int64_t client, provider, units, delivered;
    char service[32];
} kp_q_assignment_record_facts;
kp_rc kp_q_assignment_record_facts_of(kp_store *st, int64_t assignment, kp_q_assignment_record_facts *out,
                                        bool *found);
/* Its period and cancellation ("" when none), for the message on a day it
 * does not hold. */
typedef struct kp_q_assignment_period {
    char start[11], end[11], cancelled_from[11], cancel_reason[504];
} kp_q_assignment_period;
kp_rc kp_q_assignment_period_of(kp_store *st, int64_t assignment, kp_q_assignment_period *out);
/* The suspension not withdrawn that holds on `day` (*found false: none). */
typedef struct kp_q_assignment_suspension_row {
    char start[11], end[11], reason[504];
} kp_q_assignment_suspension_row;
kp_rc kp_q_assignment_suspension_on(kp_store *st, int64_t assignment, const char *day, kp_q_assignment_suspension_row *out, bool *found);
/* Whether a suspension not withdrawn holds on `day`. */
kp_rc kp_q_assignment_suspension_holds_on(kp_store *st, int64_t assignment, const char *day, bool *held);
/* Units delivered on the assignment; of exactly `service` to the client in
 * [from, to]; of the rule's service and its kinds to the client in
 * [from, to]. */
kp_rc kp_q_assignment_delivery_units_of(kp_store *st, int64_t assignment, int64_t *units);
kp_rc kp_q_assignment_delivery_sessions_used(kp_store *st, const char *service, int64_t client, const char *from,
                                  const char *to, int64_t *used);
kp_rc kp_q_assignment_delivery_family_used(kp_store *st, const char *rule_service, int64_t client, const char *from,
                                const char *to, int64_t *used);
/* Inserts a delivery (id 0: the database numbers it). */
kp_rc kp_q_assignment_delivery_insert(kp_store *st, int64_t id, int64_t assignment, const char *day, int64_t units,
                           int64_t confirmed, int64_t *id_out);

/* What a batch of deliveries keeps of an assignment. The texts are whole
 * copies (KP_FIELD_DUP; NULL for NULL) so that the batch can tell one too
 * long for its own slots; kp_q_assignment_delivery_facts_release frees them. */
typedef struct kp_q_assignment_delivery_facts {
    int64_t client, provider, units;
    char *start, *end, *cancelled, *service;
    bool cancelled_set, suspensions;
    int64_t delivered;
} kp_q_assignment_delivery_facts;
kp_rc kp_q_assignment_delivery_facts_of(kp_store *st, int64_t assignment, kp_q_assignment_delivery_facts *out, bool *found);
void kp_q_assignment_delivery_facts_release(kp_q_assignment_delivery_facts *f);
/* The same facts of every assignment whose id is from `first` to `last`, in
 * id order: fn is called with each (its texts valid during the call only);
 * a non-zero answer of fn stops the walk and is returned. One query for
 * the assignments a file's next rows are likely to name. */
typedef kp_rc (*kp_q_assignment_delivery_facts_fn)(int64_t id, const kp_q_assignment_delivery_facts *f, void *arg);
kp_rc kp_q_assignment_delivery_facts_range(kp_store *st, int64_t first, int64_t last,
                                           kp_q_assignment_delivery_facts_fn fn, void *arg);

/* A writer of deliveries, its statements prepared once for many rows (an
 * import). Not a cursor: it returns only the row's id. A row goes in with
 * its id when id > 0, else the database numbers it. new never fails; put's
 * KP_ECONFLICT is a key in use. */
typedef struct kp_q_assignment_delivery_writer kp_q_assignment_delivery_writer;
kp_q_assignment_delivery_writer *kp_q_assignment_delivery_writer_new(kp_store *st);
kp_rc kp_q_assignment_delivery_writer_put(kp_q_assignment_delivery_writer *w, int64_t id, int64_t assignment,
                                          const char *day, int64_t units, int64_t confirmed, int64_t *id_out);
void kp_q_assignment_delivery_writer_free(kp_q_assignment_delivery_writer *w);
/* A delivery row waiting to go in with others, as put would write it, and
 * the line of the file it came from (for the refusal, should it have one). */
typedef struct kp_q_assignment_delivery_row {
    int64_t id; /* > 0: its own; 0: the database numbers it */
    int64_t assignment, units, confirmed;
    char day[16];
    long line;
} kp_q_assignment_delivery_row;
/* The most rows one send takes. */
#define KP_Q_ASSIGNMENT_DELIVERY_ROWS 128
/* Inserts rows[0..n) (n at most KP_Q_ASSIGNMENT_DELIVERY_ROWS, all with
 * their own ids or all without), a full set in one INSERT of many rows: one
 * round trip to a database server instead of one a row, one statement's
 * set-up on SQLite. The rows' ids are not returned. When it fails
 * (KP_ECONFLICT: a row has a key in use) *kept says how many rows from the
 * first are in (the rest are not): 0 on PostgreSQL, whose statement keeps
 * none; on SQLite those before the row refused (INSERT OR FAIL: such an
 * INSERT needs no statement journal, which for many rows in a transaction
 * spills to a file). A shorter set goes in one row a statement on SQLite. */
kp_rc kp_q_assignment_delivery_writer_send(kp_q_assignment_delivery_writer *w, const kp_q_assignment_delivery_row *rows,
                                           size_t n, size_t *kept);

/* ---- assignment events (assignment_events.c) ---- */

/* What the events check an assignment against (dates ISO, "" when none). */
typedef struct kp_q_assignment_facts {
    int64_t client, provider, units;
    char start[11], end[11], granted_end[11], cancelled_from[11], last_delivery[11];
} kp_q_assignment_facts;
/* *found false when there is no assignment `id`. */
kp_rc kp_q_assignment_facts_of(kp_store *st, int64_t id, kp_q_assignment_facts *out, bool *found);
/* The status name of assignment `id` on `day` (services.h), "" when none. */
kp_rc kp_q_assignment_status_text(kp_store *st, int64_t id, const char *day, char *out, size_t len);
/* Fills out (except id, last_delivery, status, status_on) with the
 * assignment, service name in lang; *found false when none. */
kp_rc kp_q_assignment_view(kp_store *st, int64_t id, const char *lang, kp_assignment_view *out, bool *found);
/* The assignment's suspensions not withdrawn, by start (assignment_id left
 * 0). Appends to out. */
kp_rc kp_q_assignment_suspensions(kp_store *st, int64_t assignment, kp_suspensions *out);
/* Cancels from `from`; ends early on `last_day` (keeping the granted end). */
kp_rc kp_q_assignment_cancel(kp_store *st, int64_t id, const char *from, const char *reason);
kp_rc kp_q_assignment_end_early(kp_store *st, int64_t id, const char *last_day, const char *reason);
/* The start of the first suspension not withdrawn overlapping [from, to]
 * ("" when none); the first delivery in [from, to] ("" when none). */
kp_rc kp_q_assignment_suspension_overlapping(kp_store *st, int64_t assignment, const char *from, const char *to, char *out,
                                  size_t len);
kp_rc kp_q_assignment_delivery_first_in(kp_store *st, int64_t assignment, const char *from, const char *to, char *out,
                             size_t len);
/* Adds a suspension (to NULL/"": until resumed). */
kp_rc kp_q_assignment_suspension_insert(kp_store *st, int64_t assignment, const char *from, const char *to, const char *reason,
                             int64_t *id_out);
/* The assignment of suspension `id` not withdrawn (0 when none). */
kp_rc kp_q_assignment_suspension_assignment(kp_store *st, int64_t suspension, int64_t *assignment);
/* A suspension's period: start and end ("" = until resumed). */
typedef struct kp_q_assignment_suspension_period {
    char start[11], end[11];
} kp_q_assignment_suspension_period;
kp_rc kp_q_assignment_suspension_period_of(kp_store *st, int64_t suspension, kp_q_assignment_suspension_period *out);
/* Withdraws a suspension; ends it on `last`. */
kp_rc kp_q_assignment_suspension_withdraw(kp_store *st, int64_t suspension);
kp_rc kp_q_assignment_suspension_end_on(kp_store *st, int64_t suspension, const char *last);

/* ---- plans as assignments see them (casework.c, commands.c) ---- */

/* How many assignments were made from items of plan `plan`. */
kp_rc kp_q_assignment_count_of_plan(kp_store *st, int64_t plan, int64_t *n);

#endif
