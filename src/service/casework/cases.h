/* Case work use cases: clients, their codes and residence, needs assessments,
 * support plans, service assignments and deliveries.
 *
 * Inputs are the strings a form or a CSV row carries, so every front end gets
 * the same validation and the same messages. Each call validates everything
 * first, adds one message per wrong field to `e`, and writes nothing unless
 * all is well; then it writes in one transaction (nested inside the caller's
 * if there is one) and leaves an audit record. Returns KP_EINVAL with `e`
 * filled, KP_ERULE with the rule's refusal in `e`, KP_ENOTFOUND for a record
 * outside the caller's scope, or KP_OK with the new id in *id_out (may be NULL).
 * An `id` field left empty lets the database choose; import passes the
 * exported one so a round trip keeps ids. */
#ifndef KOPA_SERVICE_CASES_H
#define KOPA_SERVICE_CASES_H
#include <stdbool.h>
#include <stdint.h>
#include "service/ctx.h"
#include "service/errors.h"

typedef struct kp_client_in {
    const char *id;
    const char *personal_code;     /* required; old or new format */
    const char *code_since;        /* when the person took this code into use; default registered_on */
    const char *given_name;
    const char *family_name;
    const char *birth_date;        /* must agree with an old-format code; blank: taken from
                                      an old-format code (required with a new-format one) */
    const char *municipality;      /* ATVK code, valid on registered_on */
    const char *target_group;      /* grt, ft, parents, bsac */
    const char *representative_id; /* client id of the legal representative (children) */
    const char *disability_group;  /* "", 1, 2, 3 */
    const char *special_care_from; /* date of the VDEĀVK opinion on special care */
    const char *parents_working;   /* "", 0, 1: for the child care rule */
    const char *registered_on;
    const char *parish;            /* optional: parish (name or ATVK code) of a territory the 2021 reform
                                      split, so that the records follow that parish's successor */
} kp_client_in;

/* Registers a client. Every field is validated before the personal code
 * is looked up, so the answer to a request with any invalid field never
 * depends on whether the code is registered anywhere. A code already held
 * by a client in the caller's scope: KP_EINVAL, with the holder's client id
 * as the error's value (for a link). Held in another municipality: KP_EINVAL
 * with a message saying how a person who moved is transferred, an audit
 * record ("register_duplicate_elsewhere", never the code), and at most
 * KP_REGISTER_ELSEWHERE_PER_DAY such refusals a day per user (then
 * "register_duplicate_limit"). */
kp_rc kp_client_register(kp_ctx *ctx, const kp_client_in *in, kp_errors *e, int64_t *id_out);
/* Registrations a day that may find the person in another municipality. */
#define KP_REGISTER_ELSEWHERE_PER_DAY 20
/* For front ends that run kp_client_register inside a transaction of their
 * own (once per form token), called before it and outside any transaction:
 * when the registration would be refused because the person is another
 * municipality's client, refuses it here (KP_EINVAL, message in e) with its
 * audit record written for good, whatever becomes of the caller's
 * transaction. KP_OK, e untouched, in every other case (the registration
 * itself then reports whatever is wrong). */
kp_rc kp_client_register_screen(kp_ctx *ctx, const kp_client_in *in, kp_errors *e);

/* A person switching to a new personal code: kp_client_code_change in
 * people.h (with the other changes of a person's history). */

/* Finds the client who holds or held `code` (exact match through the keyed
 * hash). KP_ENOTFOUND when none, or when outside the caller's scope. */
kp_rc kp_client_find_by_code(kp_ctx *ctx, const char *code, int64_t *id_out);

/* Current personal code of a client, decrypted, into out (≥ 13 bytes).
 * Audited as a read of personal data. */
kp_rc kp_client_personal_code(kp_ctx *ctx, int64_t client_id, char *out, size_t outlen);

typedef struct kp_former_code_in {
    const char *id;
    const char *client_id;
    const char *personal_code;
    const char *valid_from;
    const char *valid_to;
} kp_former_code_in;
/* Records a code the person held before (history kept on import). Its
 * period may not overlap another code's period of the person. */
kp_rc kp_client_add_former_code(kp_ctx *ctx, const kp_former_code_in *in, kp_errors *e, int64_t *id_out);

typedef struct kp_residence_in {
    const char *id;
    const char *client_id;
    const char *kind;         /* family, own_home, group_home, foster_family, guardianship,
                                 family_like_care, vsac, children_institution */
    const char *municipality; /* ATVK code of where it is, optional */
    const char *start_date;
    const char *end_date;     /* empty = still there */
    const char *parish;       /* optional: parish of a split territory (as for clients) */
} kp_residence_in;
/* Adds a period to a person's residence history. Periods may not overlap:
 * a person lives in one place at a time. */
kp_rc kp_residence_add(kp_ctx *ctx, const kp_residence_in *in, kp_errors *e, int64_t *id_out);

typedef struct kp_assessment_in {
    const char *id;
    const char *client_id;
    const char *round;        /* 1, 2, 3 … (e.g. 2016, 2019, 2021 rounds) */
    const char *assessed_on;
    const char *place;        /* family, vsac, institution */
    const char *assessor;
    const char *needs;        /* service codes separated by '|' */
} kp_assessment_in;
kp_rc kp_assessment_record(kp_ctx *ctx, const kp_assessment_in *in, kp_errors *e, int64_t *id_out);

typedef struct kp_plan_in {
    const char *id;
    const char *client_id;
    const char *version;      /* empty = next version */
    const char *status;       /* empty = draft; import may give approved/superseded */
    const char *goals;
    const char *review_on;
    const char *created_on;
    const char *approved_on;
} kp_plan_in;
kp_rc kp_plan_create(kp_ctx *ctx, const kp_plan_in *in, kp_errors *e, int64_t *id_out);

typedef struct kp_plan_item_in {
    const char *id;
    const char *plan_id;
    const char *service;
    const char *volume;
    const char *provider_id;
    const char *start_date;
    const char *end_date;
    const char *goal;
} kp_plan_item_in;
/* Adds an item to a draft plan (an approved plan changes only by a new version). */
kp_rc kp_plan_add_item(kp_ctx *ctx, const kp_plan_item_in *in, kp_errors *e, int64_t *id_out);
/* Approves a draft; the previously approved version becomes superseded.
 * Refused (KP_EINVAL, on "review_on") when the plan has no review date: a
 * plan without one would never come due for review. */
kp_rc kp_plan_approve(kp_ctx *ctx, int64_t plan_id, const char *approved_on, kp_errors *e);

typedef struct kp_assignment_in {
    const char *id;
    const char *client_id;
    const char *plan_item_id;
    const char *service;
    const char *provider_id;
    const char *start_date;
    const char *end_date;
    const char *units;          /* units granted over the period */
    const char *hours_per_week; /* child care: required */
    const char *mode;           /* respite: day, night, full */
    const char *decided_on;
    const char *esf_funded;     /* default 1 */
} kp_assignment_in;
/* Grants a service after checking eligibility and every rule in force;
 * a refusal names the rule, the limit, what is used and what was asked. */
kp_rc kp_assignment_create(kp_ctx *ctx, const kp_assignment_in *in, kp_errors *e, int64_t *id_out);
/* Why granting a service to `client_id` now deserves a second look, as
 * warnings in `w` (never a refusal): no needs assessment ("assessment"),
 * no approved support plan ("plan"), an approved plan without a review
 * date ("review_on"). Reads only; the caller must be allowed to read the
 * client (KP_ENOTFOUND otherwise). KP_EINVAL for NULL arguments. */
kp_rc kp_assignment_warnings(kp_ctx *ctx, int64_t client_id, kp_errors *w);

typedef struct kp_delivery_in {
    const char *id;
    const char *assignment_id;
    const char *delivered_on;
    const char *units;
    const char *confirmed;      /* default 0 */
} kp_delivery_in;
/* Records units delivered against an assignment: within its period and
 * without exceeding the units granted. */
kp_rc kp_delivery_record(kp_ctx *ctx, const kp_delivery_in *in, kp_errors *e, int64_t *id_out);

/* Many deliveries in the caller's writing transaction (an import of a file;
 * KP_ESTATE outside one): the same checks, refusals and messages as
 * kp_delivery_record, row by row, but each assignment's facts and the rules
 * of its service are read once for the batch, and a row that passes goes in
 * through one cached statement without an audit record of its own — the
 * caller records the batch as one event (kp_import_kind: the file, its kind
 * and the row count). Memory is bounded (a fixed number of assignments is
 * kept), whatever the number of rows. KP_EINVAL for NULL arguments.
 * new makes the batch's writer for ctx's database (NULL for a NULL ctx).
 * A row whose id the caller does not ask for (id_out NULL) may wait, with
 * others, for one insert of up to 128 rows (one round trip to a database
 * server; on SQLite one statement's set-up): it is sent before anything
 * reads what it writes, and at the latest by kp_delivery_batch_flush, which
 * the caller must call before it commits; a rule that counts deliveries
 * counts the waiting rows too. Should that insert be refused (an id in
 * use), the rows it did not keep go in one by one and a row refused is
 * refused with kp_delivery_record's words, stamped with its own line
 * (e->line when it was queued); such refusals reach e with the next call of
 * the batch, which then answers KP_EINVAL. Freeing the batch drops rows
 * still waiting. */
typedef struct kp_delivery_batch kp_delivery_batch;
kp_delivery_batch *kp_delivery_batch_new(kp_ctx *ctx);
void kp_delivery_batch_free(kp_delivery_batch *b);
kp_rc kp_delivery_batch_record(kp_ctx *ctx, kp_delivery_batch *b, const kp_delivery_in *in, kp_errors *e,
                               int64_t *id_out);
/* Sends the rows that wait; KP_EINVAL when one was refused (its words in e). */
kp_rc kp_delivery_batch_flush(kp_ctx *ctx, kp_delivery_batch *b, kp_errors *e);

#endif
