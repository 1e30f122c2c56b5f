/* The client aggregate's SQL (issue 13): a person and their dated versions,
 * personal codes, residences, legal representatives, the client list and
 * the client card's reads, the contact log and tasks, and the audit trail
 * read with them. Every SQL text of these lives in client_sql.c; the use
 * cases call these functions inside their own transactions and hold no
 * cursor.
 *
 * Used by: people.c (versions, corrections, moves, case status),
 * people_read.c (the card's person, versions, representatives at a date,
 * moves for a head, municipality choices), clients.c (registration,
 * personal codes, residences), representatives.c (links), queries.c (the
 * client list, a client, the audit trail), contacts.c (contacts, tasks,
 * the masked code) and casework_card.c (the card, plan versions compared).
 *
 * Every function takes the store and values, does no authorisation, audit,
 * transaction control or messages, and returns KP_EINVAL for a NULL store
 * or out pointer; else KP_OK or the store's failure. Text slots are as
 * large as validation lets values be; a longer stored value is refused
 * (KP_ETOOBIG), not cut. Out vectors are appended to; the caller frees
 * them (also on failure). */
#ifndef KOPA_SERVICE_CASEWORK_CLIENT_SQL_H
#define KOPA_SERVICE_CASEWORK_CLIENT_SQL_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "service/casework/casework.h"
#include "service/casework/contacts.h"
#include "service/casework/people_versions.h"
#include "service/casework/queries.h"
#include "service/rows.h"
#include "store/keyring.h"

/* ---- Versions ------------------------------------------------------------ */

/* The client's registration day into out->registered ("" for no such
 * client) and its versions, oldest first, appended to out (municipality
 * names in English when en). */
kp_rc kp_q_client_versions(kp_store *st, int64_t client_id, bool en, kp_pv_list *out);
/* Removes every stored version of the client. */
kp_rc kp_q_client_versions_delete(kp_store *st, int64_t client_id);
/* Stores one version with its reasons. */
kp_rc kp_q_client_version_add(kp_store *st, int64_t client_id, const kp_pv *v);
/* Sets the client row to the version `now` (the one in force today). */
kp_rc kp_q_client_set_current(kp_store *st, int64_t client_id, const kp_person_version *now);
/* Writes a new client's first version from its row. */
kp_rc kp_q_client_version_first(kp_store *st, int64_t client_id);

/* ---- The client row ------------------------------------------------------ */

typedef struct kp_q_client_new {
    int64_t id;                 /* 0: the database numbers it */
    const char *given_name, *family_name, *birth_date, *target_group, *special_care_from, *registered_on;
    int64_t municipality_id, representative_id, disability_group, parish_id; /* 0 = none */
    int parents_working;        /* -1 unknown */
} kp_q_client_new;
/* Inserts a client row; *id gets its id. */
kp_rc kp_q_client_insert(kp_store *st, const kp_q_client_new *in, int64_t *id);

/* A client's current names; *found false (names "") when there is no such
 * client. */
typedef struct kp_q_name {
    char given_name[104];
    char family_name[104];
} kp_q_name;
kp_rc kp_q_client_name(kp_store *st, int64_t client_id, kp_q_name *out, bool *found);

/* The client as in force on `today` (ISO) with the responsible
 * municipality; *found false when there is no such client. */
kp_rc kp_q_client_today(kp_store *st, int64_t client_id, const char *today, kp_client_row *out, bool *found);

/* The responsible worker's user name ("" when none). */
kp_rc kp_q_client_worker_name(kp_store *st, int64_t client_id, char out[72]);
/* No worker is responsible for the client any more. */
kp_rc kp_q_client_worker_remove(kp_store *st, int64_t client_id);

/* Registrations by `actor` that found the person in another municipality
 * with at in [day, next). */
kp_rc kp_q_register_elsewhere_count(kp_store *st, const char *actor, const char *day, const char *next, int64_t *n);

/* ---- Personal codes ------------------------------------------------------ */

/* The client holding the code with this keyed hash, 0 when none. */
kp_rc kp_q_code_holder(kp_store *st, const unsigned char hash[KP_LOOKUP_HASH_BYTES], int64_t *holder);
typedef struct kp_q_code_new {
    int64_t id;                 /* 0: the database numbers it */
    int64_t client_id;
    const unsigned char *hash;  /* KP_LOOKUP_HASH_BYTES */
    const unsigned char *sealed;
    size_t sealed_len;
    const char *valid_from, *valid_to; /* valid_to NULL/"": current */
    int warning;
} kp_q_code_new;
/* Stores a code; *id (may be NULL) gets its id. */
kp_rc kp_q_code_add(kp_store *st, const kp_q_code_new *in, int64_t *id);

/* A period (ISO dates, to "" = open). */
typedef struct kp_q_period {
    char from[11];
    char to[11];
} kp_q_period;
/* The first of the client's code periods, other than the row `except`,
 * that overlaps [from, to] (to NULL/"" = open). */
kp_rc kp_q_code_overlap(kp_store *st, int64_t client_id, const char *from, const char *to, int64_t except,
                        kp_q_period *out, bool *found);
/* The current (open) code's id and first day; 0 and "" when none. */
kp_rc kp_q_code_current(kp_store *st, int64_t client_id, int64_t *id, char from[11]);
/* Ends the current code on `to`. */
kp_rc kp_q_code_close(kp_store *st, int64_t client_id, const char *to);
/* The sealed current code (newest: the newest of any open ones, else the
 * first the database finds); *found false when none. Free out->b. */
kp_rc kp_q_code_sealed_current(kp_store *st, int64_t client_id, bool newest, kp_blob *out, bool *found);
/* Every sealed code the client holds or held. */
typedef struct kp_q_sealed_list {
    kp_blob *items;
    size_t n, cap;
} kp_q_sealed_list;
kp_rc kp_q_code_sealed_all(kp_store *st, int64_t client_id, kp_q_sealed_list *out);
void kp_q_sealed_list_free(kp_q_sealed_list *l);

/* ---- Residences ---------------------------------------------------------- */

/* Whether a residence period of the client overlaps [start, end] (end
 * NULL/"" = open); the store's failure reads as none, as before. */
bool kp_q_residence_overlaps(kp_store *st, int64_t client_id, const char *start, const char *end);
typedef struct kp_q_residence_new {
    int64_t id;                 /* 0: the database numbers it */
    int64_t client_id;
    const char *kind;
    int64_t municipality_id, parish_id; /* 0 = none */
    const char *start_date, *end_date;  /* end NULL/"": open */
} kp_q_residence_new;
kp_rc kp_q_residence_insert(kp_store *st, const kp_q_residence_new *in, int64_t *id);
/* The first start of a period on or after `on` ("" when none). */
kp_rc kp_q_residence_first_from(kp_store *st, int64_t client_id, const char *on, char out[11]);
/* The period in force on `on`. */
typedef struct kp_q_residence {
    int64_t id;
    char kind[24];
    int64_t municipality_id;    /* 0 = none */
    char end_date[11];          /* "" = open */
    char atvk[8];               /* "" = none */
} kp_q_residence;
kp_rc kp_q_residence_at(kp_store *st, int64_t client_id, const char *on, kp_q_residence *out, bool *found);
kp_rc kp_q_residence_end(kp_store *st, int64_t residence_id, const char *end);
/* The card's residences, newest first, into out->residences (names in
 * English when en). */
kp_rc kp_q_residences_of(kp_store *st, int64_t client_id, bool en, kp_person *out);

/* ---- Representatives ----------------------------------------------------- */

/* client.representative_id := the representative in force on `today`. */
kp_rc kp_q_client_sync_representative(kp_store *st, int64_t client_id, const char *today);
/* Adds a link (id 0: the database numbers it; valid_to NULL/"": open). */
kp_rc kp_q_link_add(kp_store *st, int64_t id, int64_t client_id, int64_t rep, const char *kind, const char *valid_from,
                    const char *valid_to, int64_t *id_out);
/* The first period of the pair's links overlapping [from, to] (to
 * NULL/"" = open). */
kp_rc kp_q_link_overlap(kp_store *st, int64_t client_id, int64_t rep, const char *from, const char *to,
                        kp_q_period *out, bool *found);
/* A link of the client: its representative and period; *found false when
 * the link is not the client's. */
typedef struct kp_q_link {
    int64_t representative_id;
    kp_q_period p;
} kp_q_link;
kp_rc kp_q_link_get(kp_store *st, int64_t link_id, int64_t client_id, kp_q_link *out, bool *found);
kp_rc kp_q_link_end(kp_store *st, int64_t link_id, const char *valid_to);
/* The links where the client is represented, newest first; at "" for
 * every period, else those covering it (names and in_force unset). */
typedef struct kp_q_links {
    kp_person_link *items;
    size_t n, cap;
} kp_q_links;
kp_rc kp_q_links_represented(kp_store *st, int64_t client_id, const char *at, kp_q_links *out);
/* Both sides of the client's links for the card, into
 * out->representatives and out->represented, each newest first (names and
 * in_force unset). */
kp_rc kp_q_links_both(kp_store *st, int64_t client_id, kp_person *out);

/* ---- Moves and municipality choices --------------------------------------- */

/* Moves into or out of the territory `own` (and what merged into it before
 * `today`) that start in [from, to]; names in English when en (names of
 * people unset). Appends to *out / *n (*cap allocated). */
kp_rc kp_q_moves(kp_store *st, int64_t own, const char *today, const char *from, const char *to, bool en,
                 kp_move_notice **out, size_t *n, size_t *cap);
/* Municipalities (code and name), every one or those in force on today. */
kp_rc kp_q_municipality_options(kp_store *st, bool en, const char *today, bool today_only, kp_options *out);

/* ---- The client list ----------------------------------------------------- */

/* Whose clients a read covers (kp_access_client's rule as SQL). */
typedef enum kp_q_scope_kind {
    KP_Q_SCOPE_MUNICIPALITY, /* id: the territory and what merged into it before today */
    KP_Q_SCOPE_PROVIDER,     /* id: the provider the clients are referred to */
    KP_Q_SCOPE_ALL,          /* the system: everyone */
} kp_q_scope_kind;
typedef struct kp_q_scope {
    kp_q_scope_kind kind;
    int64_t id;
    const char *today;       /* ISO */
} kp_q_scope;
/* Every client in scope with what a search filters and sorts on (id,
 * names, birth date, the municipality's Latvian name, target group; the
 * other fields zero): fn(row, arg) for each, the row reused. */
kp_rc kp_q_client_scan(kp_store *st, const kp_q_scope *sc, kp_row_fn fn, void *arg);
/* The listed rows of the clients in `ids_json` ("[1,2]") in scope, whole,
 * with the sealed current code: fn(row, arg) for each (row a
 * kp_q_page_row; the sealed bytes freed after fn). */
typedef struct kp_q_page_row {
    kp_client_row r;
    kp_blob sealed;
} kp_q_page_row;
kp_rc kp_q_client_page(kp_store *st, const kp_q_scope *sc, const char *ids_json, kp_row_fn fn, void *arg);

/* ---- The card ------------------------------------------------------------ */

/* The responsible worker (id, name) and respite days granted in [from, to]. */
typedef struct kp_q_card_head {
    int64_t worker_id;
    char worker[72];
    int64_t respite_used;
} kp_q_card_head;
kp_rc kp_q_card_head_of(kp_store *st, int64_t client_id, const char *from, const char *to, kp_q_card_head *out);
/* Assessments with their needs, newest round first. */
kp_rc kp_q_card_assessments(kp_store *st, int64_t client_id, kp_card *out);
/* Plan versions with items, newest first (status "ended" after ended_on
 * <= today). */
kp_rc kp_q_card_plans(kp_store *st, int64_t client_id, const char *lang, const char *today, kp_card *out);
/* Assignments, newest start first (only_provider 0: all), delivered 0: the
 * card sums the units delivered from its deliveries (kp_q_card_delivery_rows). */
kp_rc kp_q_card_assignments(kp_store *st, int64_t client_id, int64_t only_provider, const char *lang,
                            const char *today, kp_card *out);
/* Every delivery of the client's assignments (only_provider 0: all), in no
 * order, appended to out (the card sorts them, shows the latest and sums
 * them by assignment). */
typedef struct kp_q_card_delivery {
    int64_t id;
    int64_t assignment_id;
    char delivered_on[11];
    int64_t units;
    bool confirmed;
} kp_q_card_delivery;
typedef struct kp_q_card_deliveries {
    kp_q_card_delivery *items;
    size_t n, cap;
} kp_q_card_deliveries;
kp_rc kp_q_card_delivery_rows(kp_store *st, int64_t client_id, int64_t only_provider, kp_q_card_deliveries *out);
/* A plan version's client, number, goals and review day (*found false when
 * none) and its items appended to items/n/cap. */
typedef struct kp_q_plan_head {
    int64_t client_id;
    int version;
    char goals[4004];
    char review_on[11];
} kp_q_plan_head;
typedef struct kp_q_items {
    kp_card_item *items;
    size_t n, cap;
} kp_q_items;
kp_rc kp_q_plan_version(kp_store *st, int64_t plan_id, const char *lang, kp_q_plan_head *head, kp_q_items *items,
                        bool *found);

/* ---- Contacts and tasks -------------------------------------------------- */

typedef struct kp_q_contact_new {
    int64_t client_id;
    const char *kind, *contact_on, *note, *recorded_by, *recorded_at;
} kp_q_contact_new;
kp_rc kp_q_contact_add(kp_store *st, const kp_q_contact_new *in, int64_t *id);
/* The newest `limit` contacts into out->items (allocated for limit) and
 * *total all of the client's. */
kp_rc kp_q_contacts_of(kp_store *st, int64_t client_id, size_t limit, kp_contacts *out, size_t *total);
/* An active social worker's or head's role ("social_worker",
 * "municipal_head") and municipality by user name. */
typedef struct kp_q_staff {
    char role[24];
    int64_t municipality_id;
} kp_q_staff;
kp_rc kp_q_staff_by_name(kp_store *st, const char *username, kp_q_staff *out, bool *found);
typedef struct kp_q_task_new {
    int64_t client_id;
    const char *what, *due_on, *assigned_to, *created_by, *created_at;
} kp_q_task_new;
kp_rc kp_q_task_add(kp_store *st, const kp_q_task_new *in, int64_t *id);
/* A task of the client: *found, and its done day ("" when open). */
kp_rc kp_q_task_state(kp_store *st, int64_t task_id, int64_t client_id, bool *found, char done_on[11]);
kp_rc kp_q_task_done(kp_store *st, int64_t task_id, const char *on, const char *by);
/* Tasks read as a list: fn(kp_task *, arg) for each (client_name filled
 * only by kp_q_tasks_assigned; overdue unset). */
kp_rc kp_q_tasks_of(kp_store *st, int64_t client_id, kp_row_fn fn, void *arg);
kp_rc kp_q_tasks_assigned(kp_store *st, const char *username, kp_row_fn fn, void *arg);

/* ---- The audit trail ----------------------------------------------------- */

/* Changes and accesses as one trail, filtered (NULL/""/0 = any; to_end an
 * ISO moment), newest first unless oldest_first: *total matches and the
 * rows of [offset, offset + limit) appended to out. */
typedef struct kp_q_trail_filter {
    const char *actor, *action, *from, *to_end;
    int64_t client_id;
    bool oldest_first;
    size_t limit, offset;
} kp_q_trail_filter;
kp_rc kp_q_trail(kp_store *st, const kp_q_trail_filter *f, size_t *total, kp_audit_rows *out);

#endif
