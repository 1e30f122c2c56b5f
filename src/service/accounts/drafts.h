/* What people typed and have not saved yet (form drafts, saved as they
 * type), and one-time form tokens so that a form submitted twice creates one
 * record. Both belong to the calling user (ctx->user_id). */
#ifndef KOPA_SERVICE_DRAFTS_H
#define KOPA_SERVICE_DRAFTS_H
#include <stdint.h>
#include <stdbool.h>
#include "service/casework/cases.h"
#include "service/ctx.h"

/* Largest draft kept, in bytes. */
#define KP_DRAFT_MAX (64 * 1024)
/* Drafts kept per user: saving one more drops that user's oldest (an
 * autosave must never fail while a person types, and a draft untouched
 * while fifty newer ones were written is the one least likely missed). */
#define KP_DRAFTS_PER_USER 50
/* A draft not saved again for this long is gone (on the next save or load
 * by anyone: no background job). */
#define KP_DRAFT_MAX_AGE (30L * 86400)

/* Saves (replaces) the draft of `form` for `record_key` ("" for a new
 * record). `body` is the form's urlencoded text; never a personal code in
 * the clear — the web layer leaves that field out. Forms of a client's
 * records ("plan", "assessment": record_key is the client id) need the
 * right to change that client's records: KP_ENOTFOUND otherwise.
 * KP_ETOOBIG beyond KP_DRAFT_MAX; KP_EINVAL without a logged-in user or a
 * form name. Drops drafts older than KP_DRAFT_MAX_AGE and, beyond
 * KP_DRAFTS_PER_USER, the user's oldest. `now` is Unix seconds. */
kp_rc kp_draft_save(kp_ctx *ctx, const char *form, const char *record_key, const char *body, int64_t now);
/* Loads a draft into *body (caller frees); KP_ENOTFOUND when none or when
 * it is older than KP_DRAFT_MAX_AGE at `now` (then it is deleted). */
kp_rc kp_draft_load(kp_ctx *ctx, const char *form, const char *record_key, int64_t now, char **body);
/* Forgets a draft (after the form was saved). No draft is fine. */
kp_rc kp_draft_delete(kp_ctx *ctx, const char *form, const char *record_key);

/* Has this form token been used? *created_id gets the record the first
 * submit made (0 when it made none); KP_ENOTFOUND when not used yet. */
kp_rc kp_idem_find(kp_ctx *ctx, const char *token, int64_t *created_id);
/* Marks a form token used; KP_ECONFLICT when it already was. Call inside
 * the transaction that creates the record. */
kp_rc kp_idem_record(kp_ctx *ctx, const char *token, int64_t created_id, int64_t now);

#endif
