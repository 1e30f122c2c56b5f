/* Applying online for a community-based service (issue 12, item 2): a
 * person or a parent applies through a public form; the application waits
 * in the intake queue of the municipality it is made to, whose social
 * workers and head accept it (registering the person as a client through
 * the registration command, or linking the client who holds the code),
 * ask for more information, or refuse it with a reason. The applicant sees
 * the status with the reference number and the status code of the receipt.
 *
 * Privacy: personal codes are stored sealed with a keyed hash, as clients'
 * codes are (store/keyring.h), never logged, never in the audit; only a
 * keyed hash of the status code is kept, so the receipt is the only place
 * it is ever shown. An application is seen by the social workers and the
 * head of its municipality only: anyone else gets KP_ENOTFOUND, as for an
 * unknown one, and every read leaves an access record.
 *
 * Every function takes the caller's context; `now` is Unix seconds (the
 * throttle's clock) and ctx->now the audit's time. */
#ifndef KOPA_SERVICE_INTAKE_APPLICATIONS_H
#define KOPA_SERVICE_INTAKE_APPLICATIONS_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "service/ctx.h"
#include "service/errors.h"

/* Throttles per client address (sessions.h, kp_throttle_address): valid
 * submissions, and status look-ups (an answer or a receipt PDF counts as
 * one, a wrong pair too). */
#define KP_APPLY_SUBMIT_MAX 10
#define KP_APPLY_SUBMIT_WINDOW (60 * 60)
#define KP_APPLY_STATUS_MAX 20
#define KP_APPLY_STATUS_WINDOW (15 * 60)

/* Signed form tokens of the public forms: valid this long after they were
 * made (a form filled in slowly still goes through). */
#define KP_FORM_TOKEN_MAX_AGE (6 * 60 * 60)
/* base64url of 8 (time) + 16 (nonce) + 32 (MAC) bytes, without padding. */
#define KP_FORM_TOKEN_CHARS 75

/* "ABCD-EFGH-JKMN": 12 characters of Crockford's base32 (60 random bits). */
#define KP_APP_REF_LEN 14
/* "ABCDE-FGHJK": 10 characters of Crockford's base32 (50 random bits). */
#define KP_APP_CODE_LEN 11

/* Free-text limits (bytes). */
#define KP_APP_NEED_MAX 4000
#define KP_APP_MESSAGE_MAX 2000

/* A signed per-form token for a form that has no session: the time it was
 * made, a random nonce and a MAC over them and `purpose` under a subkey of
 * the installation's key (keys->public_key, crypto_kdf as keyring.c
 * derives its keys). KP_EINVAL for NULL arguments. */
kp_rc kp_form_token_make(const kp_keyring *keys, const char *purpose, int64_t now, char out[KP_FORM_TOKEN_CHARS + 1]);
/* Whether `token` was made by kp_form_token_make for `purpose` with these
 * keys at most KP_FORM_TOKEN_MAX_AGE before `now` (and not in the future
 * by more than a minute). When nonce_out is not NULL it gets the token's
 * nonce in hex (33 bytes), which makes one submit of one form once. */
bool kp_form_token_check(const kp_keyring *keys, const char *purpose, const char *token, int64_t now,
                         char *nonce_out);

/* What the public form sends. Every field is text as typed. */
typedef struct kp_app_in {
    const char *relation;               /* self, parent, guardian, representative */
    const char *applicant_given_name;
    const char *applicant_family_name;
    const char *applicant_personal_code;
    const char *phone;                  /* phone or e-mail: at least one */
    const char *email;
    const char *person_given_name;      /* not used when relation is self */
    const char *person_family_name;
    const char *person_personal_code;
    const char *person_birth_date;      /* ISO; blank with an old-format code: taken from it */
    const char *municipality;           /* ATVK code of a municipality in force today */
    const char *service;                /* service_type code */
    const char *need;                   /* what is needed, free text */
    const char *consent;                /* "1": the applicant acknowledged the processing */
} kp_app_in;

typedef struct kp_app_receipt {
    int64_t id;
    char reference[KP_APP_REF_LEN + 1];
    char code[KP_APP_CODE_LEN + 1];     /* shown once: only its hash is kept */
    char submitted_at[24];              /* UTC, ISO 8601 */
    char municipality[128];             /* name in ctx->lang */
    char service[201];            /* a service type's name: at most 200 bytes */
} kp_app_receipt;

/* Stores an application in one transaction and fills *out. Every field is
 * checked first (KP_EINVAL, a message naming the field in ctx->lang in e);
 * then the throttle (KP_ERULE, *retry_after seconds); `once` (may be NULL)
 * is the form's nonce: a second submit of the same form is KP_ECONFLICT
 * and writes nothing. Audited ("apply", without any personal code). */
kp_rc kp_app_submit(kp_ctx *ctx, const kp_app_in *in, const char *address, int64_t now, const char *once,
                    kp_errors *e, kp_app_receipt *out, int64_t *retry_after);

/* What the applicant sees. */
typedef struct kp_app_status {
    char reference[KP_APP_REF_LEN + 1];
    char status[16];              /* received, info_requested, accepted, refused */
    char submitted_at[24];
    char status_at[24];
    char message[KP_APP_MESSAGE_MAX + 1]; /* info_requested: the worker's question; refused: the reason */
    char municipality[128];       /* for the receipt */
    char service[201];            /* a service type's name: at most 200 bytes */
} kp_app_status;

/* The status of the application with this reference number and status
 * code (as typed: case, spaces and hyphens do not matter). Throttled per
 * address first (KP_ERULE, *retry_after). An unknown reference and a wrong
 * code are the same KP_ENOTFOUND, after the same work. */
kp_rc kp_app_status_get(kp_ctx *ctx, const char *reference, const char *code, const char *address, int64_t now,
                        kp_app_status *out, int64_t *retry_after);

/* The applicant's answer to the worker's question: only while the status
 * is info_requested (else KP_ECONFLICT); the application is then received
 * again. Throttled and checked as kp_app_status_get; KP_EINVAL with a
 * message on "answer". Audited. */
kp_rc kp_app_answer(kp_ctx *ctx, const char *reference, const char *code, const char *answer, const char *address,
                    int64_t now, kp_errors *e, int64_t *retry_after);

/* ---- The intake queue (social workers and heads of the municipality) ---- */

typedef struct kp_app_row {
    int64_t id;
    char reference[KP_APP_REF_LEN + 1];
    char status[16];
    char submitted_at[24];
    char service_code[40];
    char service[201];            /* a service type's name: at most 200 bytes */
    char person_name[208];
    char birth_date[11];
    char relation[16];
} kp_app_row;

typedef struct kp_app_rows {
    kp_app_row *items;            /* owned; kp_app_rows_free */
    size_t n;
    size_t total;                 /* every match, not only the page */
} kp_app_rows;

/* The caller's municipality's applications, newest first: `which` NULL or
 * "open" (received and info_requested), "all", or one status. Only social
 * workers and heads have a queue (others: KP_ENOTFOUND). The rows returned
 * are recorded as read ("list"). */
kp_rc kp_app_queue(kp_ctx *ctx, const char *which, size_t limit, size_t offset, kp_app_rows *out);
void kp_app_rows_free(kp_app_rows *r);
/* How many applications of the caller's municipality wait (status
 * received). 0 for other roles. Reads no personal data. */
kp_rc kp_app_count_new(kp_ctx *ctx, int64_t *n);

typedef struct kp_app_message {
    char at[24];
    char author[12];              /* worker, applicant */
    char body[KP_APP_MESSAGE_MAX + 1];
} kp_app_message;

typedef struct kp_app_detail {
    kp_app_row row;
    char relation[16];
    char applicant_given_name[101], applicant_family_name[101];
    char phone[64], email[201];   /* an e-mail address: at most 200 bytes */
    char person_given_name[101], person_family_name[101];
    char municipality[128];
    char need[KP_APP_NEED_MAX + 1];
    char status_at[24];
    char reason[KP_APP_MESSAGE_MAX + 1];
    int64_t client_id;            /* accepted: the client */
    int64_t existing_client;      /* a client in the caller's scope holding the person's code, else 0 */
    kp_app_message messages[16];  /* the newest 16, oldest first */
    size_t nmessages;
} kp_app_detail;

/* One application of the caller's municipality; recorded as read. */
kp_rc kp_app_get(kp_ctx *ctx, int64_t id, kp_app_detail *out);

typedef struct kp_app_accept_in {
    const char *mode;             /* "register" (a new client) or "link" (the client holding the code) */
    const char *target_group;     /* register: grt, ft, parents, bsac */
    const char *disability_group; /* register: "", 1, 2, 3 */
    const char *registered_on;    /* register: ISO date; blank = today */
} kp_app_accept_in;

/* Accepts an open application in one transaction: registers the person
 * through the registration command (KP_CMD_REGISTER_CLIENT; the worker
 * becomes the responsible one) or links the client in the caller's scope
 * who holds the person's code (none: KP_EINVAL on "mode"). *client_id gets
 * the client. KP_ECONFLICT when it is decided already. Audited. */
kp_rc kp_app_accept(kp_ctx *ctx, int64_t id, const kp_app_accept_in *in, kp_errors *e, int64_t *client_id);
/* Asks the applicant for more information (shown on the status page).
 * KP_EINVAL with a message on "question"; KP_ECONFLICT when decided. */
kp_rc kp_app_ask(kp_ctx *ctx, int64_t id, const char *question, kp_errors *e);
/* Refuses with a reason (shown on the status page). KP_EINVAL with a
 * message on "reason"; KP_ECONFLICT when decided. */
kp_rc kp_app_refuse(kp_ctx *ctx, int64_t id, const char *reason, kp_errors *e);

/* The choices of the public form: municipalities in force today and
 * services, in ctx->lang, as NULL-terminated arrays of {code, name} pairs
 * (caller frees with kp_app_choices_free). */
typedef struct kp_app_choice {
    char code[40];
    char name[201];                /* a service type's name: at most 200 bytes */
} kp_app_choice;
typedef struct kp_app_choices {
    kp_app_choice *municipalities, *services;
    size_t nmunicipalities, nservices;
} kp_app_choices;
kp_rc kp_app_choices_load(kp_ctx *ctx, kp_app_choices *out);
void kp_app_choices_free(kp_app_choices *c);

#endif
