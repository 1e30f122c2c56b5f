/* The one command path of the daily case work: pages, the JSON API and the
 * command line reach these use cases through one table (commands.c), each
 * with its typed input, run once per form token / Idempotency-Key, checks
 * and write in one transaction. A front end fills the typed input from its
 * own fields and calls kp_cmd_run; it never calls the use case around the
 * table, so the page and the API cannot differ (docs/web.md, "Commands").
 *
 * Warnings are not refusals: a command whose request deserves a second look
 * (an assignment with no assessment or no approved plan, a new-format
 * personal code whose check digit fails) writes only when the input says
 * `confirmed`; otherwise nothing is written, the warnings are in `w`,
 * out->needs_confirm is set and the result is KP_ECONFLICT. With
 * `confirmed` the record is written and the warnings still come back in w. */
#ifndef KOPA_SERVICE_CASEWORK_COMMANDS_H
#define KOPA_SERVICE_CASEWORK_COMMANDS_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "service/casework/cases.h"
#include "service/ctx.h"
#include "service/errors.h"

typedef enum kp_cmd_id {
    KP_CMD_REGISTER_CLIENT = 0, /* input: kp_cmd_register */
    KP_CMD_ASSIGN_SERVICE = 1,  /* input: kp_cmd_assign */
    KP_CMD_APPROVE_PLAN = 2,    /* input: kp_cmd_approve */
    KP_CMD_COUNT
} kp_cmd_id;

typedef struct kp_cmd_register {
    kp_client_in client;  /* birth_date may be blank with an old-format code */
    bool confirmed;       /* the person saw the check-digit warning */
} kp_cmd_register;

typedef struct kp_cmd_assign {
    kp_assignment_in assignment;
    bool confirmed;       /* the person saw the warnings (kp_assignment_warnings) */
} kp_cmd_assign;

typedef struct kp_cmd_approve {
    int64_t client_id;    /* the client the request names; 0 = the plan's own */
    int64_t plan_id;
    const char *approved_on;
} kp_cmd_approve;

typedef struct kp_cmd_out {
    int64_t id;           /* the record written (or the first submit's) */
    bool repeated;        /* the token was used before: nothing ran */
    bool needs_confirm;   /* warnings to confirm first: nothing was written */
} kp_cmd_out;

/* One row of the table. */
typedef struct kp_cmd_def {
    kp_cmd_id id;
    const char *name;     /* "register_client", "assign_service", "approve_plan" */
    size_t in_size;       /* sizeof the typed input */
} kp_cmd_def;

/* The row of `id`, or NULL outside the table. */
const kp_cmd_def *kp_cmd_find(kp_cmd_id id);

/* Runs command `id` with its typed input `in` (in_size must be the size of
 * that command's input: anything else is KP_EINVAL before anything runs).
 * `token` (may be NULL/""): a one-time form token or Idempotency-Key —
 * a second run with it runs nothing and gives the first run's id with
 * out->repeated. Field errors go to `e`, warnings to `w` (may be NULL: then
 * they are not reported, which is only right when `confirmed`). `now` is
 * Unix seconds. Returns the use case's result: KP_OK, KP_EINVAL (fields),
 * KP_ERULE (a service rule refuses), KP_ENOTFOUND (outside the scope),
 * KP_EDENIED, KP_ECONFLICT (confirmation needed, or a token clash),
 * KP_EUNAVAIL. `out` may be NULL. */
kp_rc kp_cmd_run(kp_ctx *ctx, kp_cmd_id id, const void *in, size_t in_size, const char *token, int64_t now,
                 kp_errors *e, kp_errors *w, kp_cmd_out *out);

#endif
