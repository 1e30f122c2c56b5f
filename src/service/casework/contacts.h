/* The case worker's contact log and tasks of a client (what Primero and
 * CommCare case workers keep beside the case): a contact is a visit, call,
 * meeting or letter on a date with a note and who recorded it; a task is
 * what is to be done for the client, by a date, by one member of the
 * municipality's staff, and whether it is done.
 *
 * Scope: the municipal staff who may change the client's records
 * (kp_access_client with write); anyone else gets KP_ENOTFOUND for the
 * client, so an unknown client and one outside the scope look the same.
 * Every list is an access-log record ("view"); every change is one
 * kp_audit_change record in the client's history, in the change's
 * transaction.
 *
 * Ownership: the lists are the caller's; each *_free releases what the
 * matching read filled (they are zeroed first, so freeing after a failed
 * read is safe). */
#ifndef KOPA_SERVICE_CASEWORK_CONTACTS_H
#define KOPA_SERVICE_CASEWORK_CONTACTS_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "service/ctx.h"
#include "service/errors.h"

/* ---- contact log ---------------------------------------------------- */

typedef struct kp_contact_in {
    const char *kind;       /* visit, call, meeting, letter */
    const char *contact_on; /* YYYY-MM-DD, not after today */
    const char *note;       /* 1..4000 bytes, may span lines */
} kp_contact_in;

typedef struct kp_contact {
    int64_t id, client_id;
    char kind[16], contact_on[11], recorded_by[101], recorded_at[24];
    char *note; /* owned by the list */
} kp_contact;

typedef struct kp_contacts {
    kp_contact *items;
    size_t n;      /* shown: the newest `limit` */
    size_t total;  /* all the client's contacts */
} kp_contacts;

/* The allowed kinds, NULL-terminated, and their names for people. */
extern const char *const KP_CONTACT_KINDS[];
const char *kp_contact_kind_label(const kp_ctx *ctx, const char *kind);

/* Records a contact with a client. KP_EINVAL with `e` filled (naming the
 * field) for a bad kind, date (missing, malformed or in the future) or
 * note; KP_ENOTFOUND outside the scope; NULL arguments KP_EINVAL. */
kp_rc kp_contact_add(kp_ctx *ctx, int64_t client_id, const kp_contact_in *in, kp_errors *e, int64_t *id_out);
/* The client's contacts, newest date first, at most `limit` (1..500). */
kp_rc kp_contact_list(kp_ctx *ctx, int64_t client_id, size_t limit, kp_contacts *out);
void kp_contacts_free(kp_contacts *l);

/* ---- tasks ---------------------------------------------------------- */

typedef struct kp_task_in {
    const char *what;        /* 1..600 bytes, one line */
    const char *due_on;      /* YYYY-MM-DD */
    const char *assigned_to; /* a user name of the municipality's staff who may work with the client; "" = the caller */
} kp_task_in;

typedef struct kp_task {
    int64_t id, client_id;
    char what[601], due_on[11], assigned_to[101], created_by[101], done_on[11], done_by[101];
    char client_name[208];   /* filled by kp_task_list_mine */
    bool overdue;            /* open and due before today */
} kp_task;

typedef struct kp_tasks {
    kp_task *items;
    size_t n;
    size_t open;    /* open tasks in all (kp_task_list_mine: of the caller) */
    size_t overdue; /* of those, due before today */
} kp_tasks;

/* Adds a task for a client. KP_EINVAL with `e` filled for an empty or too
 * long `what`, a bad due date, or an `assigned_to` who is not an active
 * social worker or head able to work with this client. */
kp_rc kp_task_add(kp_ctx *ctx, int64_t client_id, const kp_task_in *in, kp_errors *e, int64_t *id_out);
/* Marks a task of the client done today. KP_ENOTFOUND when the task is
 * not the client's (or the client is outside the scope); KP_EINVAL with
 * `e` ("task") when it is done already. */
kp_rc kp_task_done(kp_ctx *ctx, int64_t client_id, int64_t task_id, kp_errors *e);
/* The client's tasks: open ones by due date, then done ones (newest
 * first), at most `limit` (1..500). */
kp_rc kp_task_list(kp_ctx *ctx, int64_t client_id, size_t limit, kp_tasks *out);
/* The caller's own open tasks over the clients they may work with, by due
 * date, at most `limit` (1..100) with client names; open/overdue count
 * them all. Each client named is access-logged ("list"). Social workers
 * and heads; other roles KP_EDENIED. */
kp_rc kp_task_list_mine(kp_ctx *ctx, size_t limit, kp_tasks *out);
void kp_tasks_free(kp_tasks *l);

/* ---- the personal code on the card ---------------------------------- */

/* The client's current personal code masked for the card: the first six
 * characters and the hyphen, the rest as '*' ("123456-*****"), so people
 * can tell namesakes apart without the code being shown. The same scope
 * as reading the client (kp_access_client, read); the card's read is the
 * access record. out must hold 13 bytes. KP_ENOTFOUND without a code. */
kp_rc kp_client_code_masked(kp_ctx *ctx, int64_t client_id, char *out, size_t outlen);
/* Pure: masks a personal code as above into out (13 bytes); "" for
 * anything that is not 11 digits with a hyphen after the sixth (given as
 * DDMMYY-NNNNN or with the hyphen missing). */
void kp_personal_code_mask(const char *code, char *out, size_t outlen);

#endif
