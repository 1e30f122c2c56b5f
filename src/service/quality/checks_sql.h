/* Query file of the data-quality checks ("kopa check"): the query of every
 * check of the table that is one query (check_table.c names them by id),
 * and the reads of the finders (check_finders.c) and of the run (checks.c:
 * a person's territory on a date, client names). Reads only; the use cases
 * place the hits on the map, scope them and word them. Every SQL text of
 * checks.c, check_table.c and check_finders.c is here. */
#ifndef KOPA_SERVICE_QUALITY_CHECKS_SQL_H
#define KOPA_SERVICE_QUALITY_CHECKS_SQL_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "service/sql.h"

/* ---- the checks that are one query ---- */

/* One row of a check's query (the columns of KP_CHECK_COLUMNS). The texts
 * t[] are the query's as they are (NULL for none), valid during the
 * callback only. */
typedef struct kp_q_check_row {
    char kind[32];
    int64_t record_id, municipality_id, parish_id;
    char region[8];
    int64_t client_id;
    char date[11];
    int64_t n[4];
    char *t[4];
} kp_q_check_row;
typedef kp_rc (*kp_q_check_fn)(const kp_q_check_row *row, void *arg);

/* Whether check `id` is one query of this file. */
bool kp_q_check_has_query(const char *id);
/* Runs the query of check `id` with ?1 = `at` (ISO) and calls fn with each
 * row; a non-zero result of fn stops the walk and is returned. KP_EINVAL
 * for an id without a query. */
kp_rc kp_q_check_hits(kp_store *st, const char *id, const char *at, kp_q_check_fn fn, void *arg);

/* ---- the run ---- */

/* The municipality and parish (0 = none) responsible for client `client`
 * on date `on` (KP_CHECK_PERSON_AT); *found false (and 0, 0) for an unknown
 * client. */
kp_rc kp_q_check_person_at(kp_store *st, int64_t client, const char *on, int64_t *municipality, int64_t *parish,
                           bool *found);
/* "Given Family" of client `id`, each name cut to 100 bytes ("" when none). */
kp_rc kp_q_check_client_name(kp_store *st, int64_t id, char *out, size_t outlen);

/* ---- compensation above the confirmed deliveries × unit cost ---- */

/* Confirmed ESF deliveries within their assignment: per origin (the
 * territory and parish responsible for the person on the day), day, their
 * value (units × the unit cost of the day) and count, in date order. */
typedef struct kp_q_check_day_value {
    int64_t municipality, parish;
    char on[11];
    int64_t cents, count;
} kp_q_check_day_value;
typedef kp_rc (*kp_q_check_day_value_fn)(const kp_q_check_day_value *row, void *arg);
kp_rc kp_q_check_delivery_values(kp_store *st, const char *at, kp_q_check_day_value_fn fn, void *arg);

/* Compensation payments paid by `at`, by id. */
typedef struct kp_q_check_payment {
    int64_t id, municipality;
    char period_start[11], period_end[11];
    int64_t amount;
} kp_q_check_payment;
typedef kp_rc (*kp_q_check_payment_fn)(const kp_q_check_payment *row, void *arg);
kp_rc kp_q_check_payments(kp_store *st, const char *at, kp_q_check_payment_fn fn, void *arg);

/* ---- a DI object's chain of changes ---- */

/* The changes of DI objects' fields with their date (their own, else their
 * amendment's), by object, field, date, amendment number and id. Texts
 * valid during the callback only. */
typedef struct kp_q_check_change {
    int64_t id, object;
    char *field, *old_value, *new_value;
    int64_t amendment_no;
    char effective_on[11];
} kp_q_check_change;
typedef kp_rc (*kp_q_check_change_fn)(const kp_q_check_change *row, void *arg);
kp_rc kp_q_check_object_changes(kp_store *st, kp_q_check_change_fn fn, void *arg);

/* The value DI object `object` holds in `field` (a field a change may
 * name; as text, "" for none), with its territory and region. *value is a
 * copy the caller frees (NULL when there is no such object). */
typedef struct kp_q_check_object {
    char *value;
    int64_t municipality;
    char region[8];
} kp_q_check_object;
kp_rc kp_q_check_object_value(kp_store *st, int64_t object, const char *field, kp_q_check_object *out);

/* ---- rule limits over what was delivered ---- */

/* The rules of one kind (kp_rule_kind_name), by id; texts during the
 * callback only. age_min, age_max, parents_working: -1 = none. */
typedef struct kp_q_check_rule {
    int64_t id;
    char *service, *region, *target_group; /* "" = any */
    int64_t limit;
    int age_min, age_max, parents_working;
    char valid_from[11], valid_to[11]; /* valid_to "" = open */
    char *source;
} kp_q_check_rule;
typedef kp_rc (*kp_q_check_rule_fn)(const kp_q_check_rule *row, void *arg);
kp_rc kp_q_check_rules(kp_store *st, const char *kind, kp_q_check_rule_fn fn, void *arg);

/* Every service type's code and names, by code; texts during the callback only. */
typedef struct kp_q_check_service {
    char *code, *name_lv, *name_en;
} kp_q_check_service;
typedef kp_rc (*kp_q_check_service_fn)(const kp_q_check_service *row, void *arg);
kp_rc kp_q_check_service_names(kp_store *st, kp_q_check_service_fn fn, void *arg);

/* The deliveries by `at` of active assignments of the services the rules
 * of kind `kind` limit (or their kinds), by client, date and id, with the
 * person's territory and parish on `at`. */
typedef struct kp_q_check_delivery {
    int64_t client, municipality, parish;
    char birth_date[11], target_group[32];
    int parents_working; /* -1 = unknown */
    char service[64], parent[64]; /* parent "" = none */
    char on[11];
    int64_t units;
} kp_q_check_delivery;
typedef kp_rc (*kp_q_check_delivery_fn)(const kp_q_check_delivery *row, void *arg);
kp_rc kp_q_check_rule_deliveries(kp_store *st, const char *at, const char *kind, kp_q_check_delivery_fn fn, void *arg);

/* ---- one person in two client records ---- */

/* Clients registered by `at`; texts during the callback only. */
typedef struct kp_q_check_person {
    int64_t id;
    char *given_name, *family_name;
    char birth_date[11];
    int64_t municipality, parish;
} kp_q_check_person;
typedef kp_rc (*kp_q_check_person_fn)(const kp_q_check_person *row, void *arg);
kp_rc kp_q_check_people(kp_store *st, const char *at, kp_q_check_person_fn fn, void *arg);

#endif
