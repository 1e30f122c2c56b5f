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
#include "service/rows.h"
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

/* ---- the public catalogue (public_catalogue.c) ---- */

kp_rc kp_q_public_data_version(kp_store *st, int64_t *version);
/* *known: `code` is a target group. */
kp_rc kp_q_target_group_known(kp_store *st, const char *code, bool *known);

/* Text columns are copies (KP_FIELD_DUP) freed after each callback: the
 * page cuts them to its slots. */
typedef struct kp_q_pub_muni {
    int64_t id;
    char *atvk, *name;  /* name in the language asked for */
    bool has_office;
    char *office, *address, *phone, *email, *opening_hours, *website, *apply_url; /* "" when none */
} kp_q_pub_muni;
/* Municipalities valid on `on` with their social service; en: English names. */
kp_rc kp_q_pub_munis_each(kp_store *st, const char *on, bool en, kp_row_fn fn, void *arg);

typedef struct kp_q_pub_service {
    char *code, *parent, *name, *unit;
    char *groups;       /* target groups it is for, "|"-separated in catalogue order */
} kp_q_pub_service;
/* Service types in catalogue order. */
kp_rc kp_q_pub_services_each(kp_store *st, bool en, kp_row_fn fn, void *arg);

typedef struct kp_q_pub_rule {
    char *service, *kind;
    int64_t limit;
    char *target_group, *region;           /* "" = any */
    int64_t age_min, age_max, parents_working; /* -1 = none / either */
    char *source;
} kp_q_pub_rule;
/* Service rules in force on `on`, by id. */
kp_rc kp_q_pub_rules_each(kp_store *st, const char *on, kp_row_fn fn, void *arg);

/* An offer open on a day: a facility open, its facility_service rows of
 * one service code valid and its provider registered and not closed
 * (KP_FACILITY_SERVICE_AT_SQL), with its places and the provider's places
 * of the family. */
typedef struct kp_q_pub_entry {
    int64_t facility_id, provider_id, municipality_id;
    char *service, *groups, *provider, *facility, *address, *opening_hours, *phone, *email, *website;
    bool published;
    int64_t known, places;                 /* offer rows naming places, their sum */
    int64_t family_known, family_places;   /* the same over the provider's family */
    int64_t offers;                        /* offers sharing the family's places */
    int64_t taken;                         /* KP_PLACES_TAKEN_SQL */
    bool waiting;                          /* assignments of the family decided to start later */
} kp_q_pub_entry;
kp_rc kp_q_pub_entries_each(kp_store *st, const char *on, kp_row_fn fn, void *arg);

/* The records whose public facts change, and the columns each has. */
typedef enum kp_q_pub_table {
    KP_Q_PUB_FACILITY = 1,   /* opening_hours, phone, email */
    KP_Q_PUB_PROVIDER,       /* phone, email, website, publish_places */
    KP_Q_PUB_SOCIAL_SERVICE, /* name, address, phone, email, opening_hours, website, apply_url */
} kp_q_pub_table;
/* Whether `col` is a public fact of `t`. */
bool kp_q_pub_column(kp_q_pub_table t, const char *col);
/* Column `col` of record `id` as text ("" when NULL or no record);
 * KP_EINVAL for a column that is not a public fact of `t`. */
kp_rc kp_q_pub_fact_get(kp_store *st, kp_q_pub_table t, int64_t id, const char *col, char *out, size_t outlen);
/* Sets it (publish_places: "1" is 1, anything else 0; NULL text ""). */
kp_rc kp_q_pub_fact_set(kp_store *st, kp_q_pub_table t, int64_t id, const char *col, const char *value);
/* *exists: a provider with this id. */
kp_rc kp_q_provider_exists(kp_store *st, int64_t id, bool *exists);
/* The municipality with ATVK code `atvk` valid on `on` (0 when none). */
kp_rc kp_q_municipality_on(kp_store *st, const char *atvk, const char *on, int64_t *id);
/* *exists: the municipality has its social service recorded. */
kp_rc kp_q_social_service_exists(kp_store *st, int64_t municipality, bool *exists);
kp_rc kp_q_social_service_insert(kp_store *st, int64_t municipality, const char *name);

#endif
