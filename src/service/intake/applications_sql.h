/* Query file of the application aggregate: an application made online and
 * its messages (tables application, application_message), the names the
 * receipt and the form show, and the client holding a personal code's
 * hash. Used by intake/applications.c, which holds no SQL: it calls these
 * inside its own transactions and does the scope checks, the audit and the
 * messages. Codes go in and out only as hashes and sealed bytes. */
#ifndef KOPA_SERVICE_INTAKE_APPLICATIONS_SQL_H
#define KOPA_SERVICE_INTAKE_APPLICATIONS_SQL_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "service/intake/applications.h"
#include "service/rows.h"
#include "service/sql.h"
#include "store/keyring.h"

/* The name of municipality `id` / service `code` in Latvian or English
 * ("" when none). */
kp_rc kp_q_app_municipality_name(kp_store *st, int64_t id, bool en, char *out, size_t outlen);
kp_rc kp_q_app_service_name(kp_store *st, const char *code, bool en, char *out, size_t outlen);

/* Whether an application was made with the form nonce `once`. */
kp_rc kp_q_app_nonce_used(kp_store *st, const char *once, bool *used);

/* A new application, status received since `now`. */
typedef struct kp_q_app_new {
    const char *reference;
    const unsigned char *code_hash; /* 32 bytes */
    const char *form_nonce;         /* NULL or "" = none */
    int64_t municipality;
    const char *service, *relation;
    const char *applicant_given_name, *applicant_family_name;
    const unsigned char *applicant_code_hash; /* KP_LOOKUP_HASH_BYTES */
    const unsigned char *applicant_code_sealed;
    size_t applicant_code_sealed_len;
    const char *phone, *email; /* NULL = "" */
    const char *person_given_name, *person_family_name;
    const unsigned char *person_code_hash; /* KP_LOOKUP_HASH_BYTES */
    const unsigned char *person_code_sealed;
    size_t person_code_sealed_len;
    const char *person_birth_date, *need;
    const char *now; /* consent, submission and status time */
} kp_q_app_new;
kp_rc kp_q_app_insert(kp_store *st, const kp_q_app_new *in, int64_t *id);

/* The application with reference number `reference`: its id, code hash and
 * status; *found false (and zeros) when none. */
typedef struct kp_q_app_key {
    int64_t id;
    unsigned char code_hash[32];
    char status[16];
} kp_q_app_key;
kp_rc kp_q_app_by_reference(kp_store *st, const char *reference, kp_q_app_key *out, bool *found);

/* What the applicant's status page shows of application `id`: reference,
 * status, times, municipality and service in ctx's language, and in
 * `message` the reason of a refusal (whatever the status: the caller keeps
 * it only for a refused one). */
kp_rc kp_q_app_status_of(kp_store *st, int64_t id, bool en, kp_app_status *out, bool *found);
/* The worker's last question on application `id` ("" when none). */
kp_rc kp_q_app_last_question(kp_store *st, int64_t id, char *out, size_t outlen);
/* The status of application `id` now ("" when none). */
kp_rc kp_q_app_status(kp_store *st, int64_t id, char status[16]);

/* A message on application `id` at `at`: from the worker `user_id`, or
 * (worker false) from the applicant. */
kp_rc kp_q_app_message_add(kp_store *st, int64_t id, const char *at, bool worker, int64_t user_id, const char *body);
/* Status changes at `at`: the applicant answered (received), the worker
 * asked (info_requested), refused with `reason`, accepted for `client`. */
kp_rc kp_q_app_set_received(kp_store *st, int64_t id, const char *at);
kp_rc kp_q_app_set_info_requested(kp_store *st, int64_t id, const char *at);
kp_rc kp_q_app_set_refused(kp_store *st, int64_t id, const char *reason, const char *at);
kp_rc kp_q_app_set_accepted(kp_store *st, int64_t id, int64_t client, const char *at);

/* The queue of municipality `municipality`: `which` is "open" (received
 * and info_requested), "all" or one status. *total counts every match;
 * kp_q_app_queue_page appends one page of rows, newest first, to out
 * (service names in Latvian or English). */
kp_rc kp_q_app_queue_count(kp_store *st, int64_t municipality, const char *which, int64_t *total);
kp_rc kp_q_app_queue_page(kp_store *st, int64_t municipality, const char *which, bool en, size_t limit, size_t offset,
                          kp_app_rows *out);
/* How many applications of the municipality are received and wait. */
kp_rc kp_q_app_count_received(kp_store *st, int64_t municipality, int64_t *n);

/* Application `id` if it is municipality's: its status, the person's code
 * hash and its client (0 = none); *found false when not. */
typedef struct kp_q_app_scope {
    char status[16];
    unsigned char person_code_hash[KP_LOOKUP_HASH_BYTES];
    int64_t client;
} kp_q_app_scope;
kp_rc kp_q_app_scoped(kp_store *st, int64_t id, int64_t municipality, kp_q_app_scope *out, bool *found);

/* The client holding the personal code with lookup hash `hash`, or 0. */
kp_rc kp_q_app_code_holder(kp_store *st, const unsigned char hash[KP_LOOKUP_HASH_BYTES], int64_t *client);

/* Application `id` as the worker reads it (out->row, names, contact, need,
 * reason; relation, client_id, existing_client and messages are left to
 * the caller); *found false when none. */
kp_rc kp_q_app_detail(kp_store *st, int64_t id, bool en, kp_app_detail *out, bool *found);
/* The newest 16 messages of application `id`, oldest first, into out->messages. */
kp_rc kp_q_app_messages(kp_store *st, int64_t id, kp_app_detail *out);

/* The person an application is for, as registration needs it: the sealed
 * code (a copy: kp_q_app_person_release wipes and frees it), names and
 * birth date; *found false when none. */
typedef struct kp_q_app_person {
    kp_blob sealed;
    char given_name[101], family_name[101], birth_date[11];
} kp_q_app_person;
kp_rc kp_q_app_person_of(kp_store *st, int64_t id, kp_q_app_person *out, bool *found);
void kp_q_app_person_release(kp_q_app_person *p);

/* The public form's choices in Latvian or English: municipalities in force
 * on `today` by name, services by their order; appended to *out (*n rows). */
kp_rc kp_q_app_municipality_choices(kp_store *st, bool en, const char *today, kp_app_choice **out, size_t *n);
kp_rc kp_q_app_service_choices(kp_store *st, bool en, kp_app_choice **out, size_t *n);

#endif
